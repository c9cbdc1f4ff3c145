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
use super::manifest::{self, Manifest};

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
/// (`.NAME.new-*`, `.NAME.old-*`) that carry prepbook's mark, or are empty. Returns how many.
pub(crate) fn clean_leftovers(dest: &Destination) -> Result<usize> {
    let prefixes = [dest.sibling_prefix("new"), dest.sibling_prefix("old")];
    let entries = std::fs::read_dir(&dest.parent)
        .with_context(|| format!("cannot read {}", dest.parent.display()))?;
    let mut cleaned = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !prefixes.iter().any(|p| name.starts_with(p.as_str())) {
            continue;
        }
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && (Manifest::read(&path)?.is_some() || is_empty(&path)) {
            remove_marked(&path)?;
            cleaned += 1;
        }
    }
    Ok(cleaned)
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// Removes a folder of prepbook's, its manifest last, so that a removal cut short leaves a
/// folder that is still marked (and so is cleaned by the next build).
pub(crate) fn remove_marked(dir: &Path) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    for entry in entries.filter_map(Result::ok) {
        if entry.file_name() == manifest::FILE_NAME {
            continue;
        }
        let path = entry.path();
        let removed = if entry.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.with_context(|| format!("cannot remove {}", path.display()))?;
    }
    let marker = dir.join(manifest::FILE_NAME);
    if marker.exists() {
        std::fs::remove_file(&marker)
            .with_context(|| format!("cannot remove {}", marker.display()))?;
    }
    std::fs::remove_dir(dir).with_context(|| format!("cannot remove {}", dir.display()))
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
pub(crate) fn swap(files: &SiteFiles, dest: &Destination, existing: bool) -> Result<WriteMode> {
    let Some(staging) = staging_dir(dest, existing)? else {
        return Ok(WriteMode::InPlace(InPlaceReason::CannotRename));
    };
    // The mark goes in first: a staging folder left by a killed build is recognisably ours.
    let marker = Manifest::of(files).render();
    write_file(&staging.path().join(manifest::FILE_NAME), &marker)?;
    write_all(files, staging.path(), |_, _| true)?;
    let staging = staging.keep();
    match move_in(&staging, dest, existing)? {
        Moved::Done(mode) => Ok(mode),
        Moved::CannotRename => {
            remove_marked(&staging)?;
            Ok(WriteMode::InPlace(InPlaceReason::CannotRename))
        }
    }
}

/// What became of a finished staging folder.
pub(crate) enum Moved {
    Done(WriteMode),
    /// The output cannot be renamed (a mount point, another device): the staging folder is
    /// still there, for the caller to update the output in place from.
    CannotRename,
}

/// Moves the finished staging folder (marked with its manifest) to the output path: renamed
/// into place when there is no output yet, exchanged with the previous site when there is. A
/// failed move removes the staging folder and leaves the output as it was.
pub(crate) fn move_in(staging: &Path, dest: &Destination, existing: bool) -> Result<Moved> {
    if !existing {
        return match std::fs::rename(staging, &dest.path) {
            Ok(()) => Ok(Moved::Done(WriteMode::Created)),
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
            remove_marked(staging)?;
            Ok(Moved::Done(WriteMode::Exchanged))
        }
        Exchange::CannotRename => Ok(Moved::CannotRename),
        Exchange::Unsupported => rename_twice(staging, dest).map(Moved::Done),
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
fn rename_twice(staging: &Path, dest: &Destination) -> Result<WriteMode> {
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
    remove_marked(&old)?;
    Ok(WriteMode::Renamed)
}

/// Updates the existing folder where it is. The manifest first lists both the old and the new
/// files, so an interruption leaves nothing unaccounted for; files whose bytes are unchanged are
/// not touched; files of the previous build that the site no longer has are removed (never a
/// kept one); the final manifest lists the new site.
pub(crate) fn in_place(files: &SiteFiles, dest: &Destination, survey: &Survey) -> Result<()> {
    let root = &dest.path;
    let new = Manifest::of(files);
    let old = survey.manifest.clone().unwrap_or_default();
    write_replacing(root, manifest::FILE_NAME, &old.union(&new).render())?;
    // Stale files first, so that a file the new site needs as a folder (or the reverse) is gone.
    let kept = survey.kept.as_slice();
    for stale in survey
        .ours
        .iter()
        .filter(|p| !new.contains(p) && !is_kept(p, kept))
    {
        let path = root.join(stale);
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        prune_empty_parents(root, stale);
    }
    write_all(files, root, |path, bytes| {
        std::fs::read(root.join(path)).map_or(true, |old| old != bytes)
    })?;
    write_replacing(root, manifest::FILE_NAME, &new.render())
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

/// Writes the files `wanted` selects under `root`: folders first (each once, in order), then
/// the files in parallel, since writing many small files is most of a large build. Writes into
/// an existing folder go through a temporary file, so a reader never sees half a file.
fn write_all(
    files: &SiteFiles,
    root: &Path,
    wanted: impl Fn(&str, &[u8]) -> bool + Sync,
) -> Result<()> {
    let dirs: BTreeSet<&str> = files
        .0
        .keys()
        .filter_map(|path| path.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for dir in dirs {
        let dir = root.join(dir);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    files
        .0
        .par_iter()
        .filter(|(path, bytes)| wanted(path, bytes))
        .try_for_each(|(path, bytes)| write_replacing(root, path, bytes))
}

/// Writes `root/path` through a temporary file beside it and a rename.
fn write_replacing(root: &Path, path: &str, bytes: &[u8]) -> Result<()> {
    let target = root.join(path);
    if !target.exists() {
        return write_file(&target, bytes);
    }
    let temp = root.join(temp_name(path));
    write_file(&temp, bytes)?;
    std::fs::rename(&temp, &target).with_context(|| format!("cannot write {}", target.display()))
}

pub(crate) fn write_file(target: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(target, bytes).with_context(|| format!("cannot write {}", target.display()))
}
