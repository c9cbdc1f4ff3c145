//! How a finished site replaces the previous one on disk.
//!
//! The usual way is a swap with no gap: the site is written into a staging folder beside the
//! output, which is then exchanged with the output folder in one step (`renameat2` with
//! `RENAME_EXCHANGE` on Linux, `renamex_np` with `RENAME_SWAP` on macOS), so the output path
//! always holds a complete site, old or new. Where a folder cannot be exchanged (a mount point,
//! a deploy checkout whose `.git` must stay, a file system without the exchange), the site is
//! updated in place from memory instead: changed files written (each through a temporary file
//! and a rename), then stale ones removed, with the manifest always covering every file written.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use super::SiteFiles;
use super::destination::{Destination, Survey, is_kept, temp_name};
use super::durable;
use super::manifest::{self, Manifest};
use super::retire::{self, Retired};

/// How the site reached its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// There was no output folder: the staging folder was renamed into place.
    Created,
    /// The staging folder and the previous site were exchanged in one step.
    Exchanged,
    /// Two renames (the platform has no exchange): a moment without an output folder.
    Renamed,
    /// Written into the existing folder, which had to stay where it is.
    InPlace(InPlaceReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InPlaceReason {
    /// The folder holds files that are not prepbook's but are kept (`.git`, `CNAME`).
    KeptFiles,
    /// The folder is a mount point, or its parent is not writable: it cannot be renamed.
    CannotRename,
}

/// Takes the lock that makes two builds of the same output wait for each other: an advisory
/// lock on the folder that holds the output (which stays put while the output is swapped).
/// Released when the returned handle is dropped.
pub(crate) fn lock(dest: &Destination) -> Result<Option<std::fs::File>> {
    #[cfg(unix)]
    {
        let dir = std::fs::File::open(&dest.parent)
            .with_context(|| format!("cannot open {}", dest.parent.display()))?;
        dir.lock().with_context(|| {
            format!(
                "cannot lock {} against another build",
                dest.parent.display()
            )
        })?;
        Ok(Some(dir))
    }
    #[cfg(not(unix))]
    {
        let _ = dest;
        Ok(None)
    }
}

/// Removes what interrupted builds left beside the output: staging folders and previous sites
/// (`.NAME.new-*`, `.NAME.old-*`) that carry prepbook's mark, or are empty. Returns how many,
/// and a warning for each that could not be removed whole: a leftover never stops a build.
pub(crate) fn clean_leftovers(dest: &Destination) -> (usize, Vec<String>) {
    let prefixes = [dest.sibling_prefix("new"), dest.sibling_prefix("old")];
    let entries = match std::fs::read_dir(&dest.parent) {
        Ok(entries) => entries,
        Err(err) => {
            let warning = format!(
                "cannot look for what interrupted builds left in {} ({err})",
                dest.parent.display()
            );
            return (0, vec![warning]);
        }
    };
    let mut cleaned = 0;
    let mut warnings = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !prefixes.iter().any(|p| name.starts_with(p.as_str()))
            || !entry.file_type().is_ok_and(|t| t.is_dir())
        {
            continue;
        }
        let path = entry.path();
        let outcome = retire::retire(&path);
        if matches!(outcome, Ok(Retired::Gone)) {
            cleaned += 1;
        }
        warnings.extend(retire::warning(&path, outcome));
    }
    (cleaned, warnings)
}

/// Removes a staging folder of this build, all of it prepbook's.
pub(crate) fn remove_marked(dir: &Path) -> Result<()> {
    retire::remove_all(dir).with_context(|| format!("cannot remove {}", dir.display()))
}

/// A fresh staging folder beside the output (`.NAME.new-XXXX`); `None` when the output exists
/// but its parent is not writable, so that it can only be updated in place.
pub(crate) fn staging_dir(dest: &Destination, existing: bool) -> Result<Option<tempfile::TempDir>> {
    match tempfile::Builder::new()
        .prefix(&dest.sibling_prefix("new"))
        .tempdir_in(&dest.parent)
    {
        Ok(staging) => Ok(Some(staging)),
        Err(err) if existing && err.kind() == std::io::ErrorKind::PermissionDenied => Ok(None),
        Err(err) => Err(err).with_context(|| {
            format!(
                "cannot create a temporary folder in {}",
                dest.parent.display()
            )
        }),
    }
}

/// Writes the site into a fresh folder and moves it to the output path: renamed into place when
/// there is no output yet, exchanged with the previous site when there is.
pub(crate) fn swap(
    files: &SiteFiles,
    dest: &Destination,
    existing: bool,
) -> Result<(WriteMode, Vec<String>)> {
    let Some(staging) = staging_dir(dest, existing)? else {
        return Ok((WriteMode::InPlace(InPlaceReason::CannotRename), Vec::new()));
    };
    // The mark goes in first: a staging folder left by a killed build is recognisably ours.
    let marker = Manifest::of(files).render();
    write_file(&staging.path().join(manifest::FILE_NAME), &marker)?;
    write_all(files, staging.path())?;
    let staging = staging.keep();
    match move_in(&staging, dest, existing)? {
        Moved::Done { mode, warnings } => Ok((mode, warnings)),
        Moved::CannotRename => {
            remove_marked(&staging)?;
            Ok((WriteMode::InPlace(InPlaceReason::CannotRename), Vec::new()))
        }
    }
}

/// What became of a finished staging folder.
pub(crate) enum Moved {
    /// In place, with what could not be removed of the previous site.
    Done {
        mode: WriteMode,
        warnings: Vec<String>,
    },
    /// The output cannot be renamed (a mount point, another device): the staging folder is
    /// still there, for the caller to update the output in place from.
    CannotRename,
}

/// Moves the finished staging folder (marked with its manifest) to the output path: renamed
/// into place when there is no output yet, exchanged with the previous site when there is. Its
/// files are flushed to the disk first, so that the output path never names a site the disk
/// has not got. A failed move removes the staging folder and leaves the output as it was;
/// once moved, what cannot be removed of the previous site is a warning, not an error.
pub(crate) fn move_in(staging: &Path, dest: &Destination, existing: bool) -> Result<Moved> {
    if let Err(err) = durable::sync_tree(staging) {
        let _ = remove_marked(staging);
        return Err(err);
    }
    let done = |mode, warnings| {
        // The rename itself, made durable; the site is in place even if this fails.
        let mut warnings: Vec<String> = warnings;
        if let Err(err) = durable::sync_dir(&dest.parent) {
            warnings.push(format!("{err:#}"));
        }
        Ok(Moved::Done { mode, warnings })
    };
    if !existing {
        return match std::fs::rename(staging, &dest.path) {
            Ok(()) => done(WriteMode::Created, Vec::new()),
            Err(err) => {
                let _ = remove_marked(staging);
                Err(err)
                    .with_context(|| format!("cannot move the new site to {}", dest.path.display()))
            }
        };
    }
    match exchange(staging, &dest.path) {
        Exchange::Done => {
            // `staging` now holds the previous site.
            let warnings = retire::warning(staging, retire::retire(staging));
            done(WriteMode::Exchanged, warnings.into_iter().collect())
        }
        Exchange::CannotRename => Ok(Moved::CannotRename),
        Exchange::Unsupported => {
            let (mode, warnings) = rename_twice(staging, dest)?;
            done(mode, warnings)
        }
        Exchange::Failed(err) => {
            let _ = remove_marked(staging);
            Err(err)
                .with_context(|| format!("cannot swap the new site into {}", dest.path.display()))
        }
    }
}

enum Exchange {
    Done,
    /// The folder cannot be moved (a mount point, another device): update it in place.
    CannotRename,
    /// No atomic exchange on this platform or file system.
    Unsupported,
    Failed(std::io::Error),
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn exchange(a: &Path, b: &Path) -> Exchange {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Exchange::Done,
        Err(Errno::XDEV | Errno::BUSY) => Exchange::CannotRename,
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Exchange::Unsupported,
        Err(err) => Exchange::Failed(err.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
fn exchange(_: &Path, _: &Path) -> Exchange {
    Exchange::Unsupported
}

/// The fallback without an exchange: the previous site moves aside, the new one moves in.
fn rename_twice(staging: &Path, dest: &Destination) -> Result<(WriteMode, Vec<String>)> {
    let suffix = staging
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .and_then(|n| n.rsplit('-').next().map(str::to_owned))
        .unwrap_or_default();
    let old = dest
        .parent
        .join(format!("{}{suffix}", dest.sibling_prefix("old")));
    std::fs::rename(&dest.path, &old)
        .with_context(|| format!("cannot move the previous {} aside", dest.path.display()))?;
    if let Err(err) = std::fs::rename(staging, &dest.path) {
        // Put the previous site back: a failed swap must not lose it.
        let _ = std::fs::rename(&old, &dest.path);
        let _ = remove_marked(staging);
        return Err(err)
            .with_context(|| format!("cannot move the new site to {}", dest.path.display()));
    }
    let warnings = retire::warning(&old, retire::retire(&old));
    Ok((WriteMode::Renamed, warnings.into_iter().collect()))
}

/// Updates the existing folder where it is. Files of the previous build that the site no
/// longer has are removed first (never a kept one), so the update needs no more room than the
/// new site; then the manifest of the new site replaces the old one (every file still there is
/// in it), and only then are the changed files written, each to a temporary file beside it,
/// all of them flushed to the disk, then each renamed over its page. A write that fails (a
/// full disk) removes every temporary file and leaves the pages as they were: no page is ever
/// half written, and the manifest never lists more than the new site.
pub(crate) fn in_place(files: &SiteFiles, dest: &Destination, survey: &Survey) -> Result<()> {
    let root = &dest.path;
    let new = Manifest::of(files);
    let kept = survey.kept.as_slice();
    for stale in survey
        .ours
        .iter()
        .filter(|p| !new.contains(p) && !is_kept(p, kept))
    {
        let path = root.join(stale);
        match std::fs::remove_file(&path) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                return Err(err).with_context(|| format!("cannot remove {}", path.display()));
            }
            _ => {}
        }
        prune_empty_parents(root, stale);
    }
    let changed: Vec<(&str, &[u8])> = files
        .0
        .iter()
        .filter(|(path, bytes)| {
            std::fs::read(root.join(path.as_str())).map_or(true, |old| *old != ***bytes)
        })
        .map(|(path, bytes)| (path.as_str(), &**bytes))
        .collect();
    // The manifest first: it covers every page written after it.
    replace_files(root, &[(manifest::FILE_NAME, &new.render())])?;
    replace_files(root, &changed)?;
    durable::sync_dir(root)
}

/// Writes each `(path, bytes)` under `root` through a temporary file and a rename: all the
/// temporary files first (removed again if one fails), flushed to the disk, then the renames.
fn replace_files(root: &Path, files: &[(&str, &[u8])]) -> Result<()> {
    make_dirs(root, files.iter().map(|(path, _)| *path))?;
    let written: Vec<Result<String>> = files
        .par_iter()
        .map(|(path, bytes)| {
            let temp = temp_name(path);
            write_file(&root.join(&temp), bytes).map(|()| temp)
        })
        .collect();
    let mut temps = Vec::with_capacity(written.len());
    let mut failure = None;
    for result in written {
        match result {
            Ok(temp) => temps.push(temp),
            Err(err) => {
                failure.get_or_insert(err);
            }
        }
    }
    if let Some(err) = failure.or_else(|| durable::sync_tree(root).err()) {
        // A temporary file cut short by a full disk is removed with the others.
        for (path, _) in files {
            let _ = std::fs::remove_file(root.join(temp_name(path)));
        }
        return Err(err);
    }
    files
        .par_iter()
        .zip(temps.par_iter())
        .try_for_each(|((path, _), temp)| {
            let target = root.join(path);
            std::fs::rename(root.join(temp), &target)
                .with_context(|| format!("cannot write {}", target.display()))
        })
}

/// Refuses a site that would overwrite a kept file with other bytes, or write inside a kept
/// folder: kept files are the user's.
pub(crate) fn refuse_kept_conflicts(
    files: &SiteFiles,
    dest: &Destination,
    survey: &Survey,
) -> Result<()> {
    let ours = survey.manifest.clone().unwrap_or_default();
    for kept in &survey.kept {
        let inside = format!("{kept}/");
        if let Some((path, _)) = files.0.range(inside.clone()..).next()
            && path.starts_with(&inside)
        {
            bail!(
                "refusing to build into {}: the site would write {path} inside {kept}, which \
                 is kept",
                dest.requested.display()
            );
        }
        if let Some(bytes) = files.0.get(kept) {
            let same = std::fs::read(dest.path.join(kept)).is_ok_and(|old| *old == **bytes);
            if !same && !ours.contains(kept) {
                bail!(
                    "refusing to build into {}: the site's {kept} would replace the {kept} \
                     already there, which prepbook did not write; remove one of them",
                    dest.requested.display()
                );
            }
        }
    }
    Ok(())
}

/// Removes the folders above `path` that became empty, up to (not including) the output root.
fn prune_empty_parents(root: &Path, path: &str) {
    let mut dir = path;
    while let Some((parent, _)) = dir.rsplit_once('/') {
        if std::fs::remove_dir(root.join(parent)).is_err() {
            break;
        }
        dir = parent;
    }
}

/// Makes the folders of `paths` under `root`, each once, in order.
fn make_dirs<'a>(root: &Path, paths: impl Iterator<Item = &'a str>) -> Result<()> {
    let dirs: BTreeSet<&str> = paths
        .filter_map(|path| path.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for dir in dirs {
        let dir = root.join(dir);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    Ok(())
}

/// Writes every file of the site under `root`, a fresh staging folder: folders first, then
/// the files in parallel, since writing many small files is most of a large build.
fn write_all(files: &SiteFiles, root: &Path) -> Result<()> {
    make_dirs(root, files.0.keys().map(String::as_str))?;
    files
        .0
        .par_iter()
        .try_for_each(|(path, bytes)| write_file(&root.join(path), bytes))
}

pub(crate) fn write_file(target: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(target, bytes).with_context(|| format!("cannot write {}", target.display()))
}
