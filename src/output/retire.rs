//! Removing a site prepbook wrote once it is no longer wanted: the previous site after an
//! exchange, and what interrupted builds left beside the output. Only the files a folder's
//! manifest lists are removed; anything else (a file someone put into the output while a
//! build ran) stays where it is and is reported. A removal that fails is reported too, never
//! an error: the new site is already in place, and the next build tries again.

use std::path::Path;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::destination::{is_our_temp, relative_name};
use super::manifest::{self, Manifest};

/// What became of a folder prepbook tried to remove.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Retired {
    /// Removed, folder and all.
    Gone,
    /// No mark of prepbook's and not empty: left alone.
    NotOurs,
    /// prepbook's files removed; these paths, which it did not write, are still there, with
    /// the manifest (so the next build looks again).
    Kept(Vec<String>),
}

/// Removes `dir`, a site or a staging folder of prepbook's. A manifest listing no file marks a
/// staging folder whose build was stopped before it listed what it wrote: all of it is
/// prepbook's. Otherwise only what the manifest lists (and the temporary files of its pages)
/// is removed.
pub(crate) fn retire(dir: &Path) -> std::io::Result<Retired> {
    let Some(listed) = Manifest::read(dir).map_err(std::io::Error::other)? else {
        return Ok(match std::fs::remove_dir(dir) {
            Ok(()) => Retired::Gone,
            Err(_) => Retired::NotOurs,
        });
    };
    if listed.lists_nothing() {
        remove_all(dir)?;
        return Ok(Retired::Gone);
    }
    let mut foreign = remove_listed(dir, dir, &listed, 0)?;
    if !foreign.is_empty() {
        foreign.sort();
        return Ok(Retired::Kept(foreign));
    }
    std::fs::remove_file(dir.join(manifest::FILE_NAME))?;
    std::fs::remove_dir(dir)?;
    Ok(Retired::Gone)
}

/// How deep the folders of a site are walked in parallel: a site's width is in its first
/// levels (`guides/<guide>/`); below, a folder is walked one entry after another, so that no
/// folder nesting, however deep, deepens the stack.
const PARALLEL_DEPTH: usize = 3;

/// Removes the files under `folder` (at `depth` below `root`) that `listed` names (and the
/// temporary files of its pages), then each folder the removal emptied; gives back the paths
/// of the files it left, relative to `root`. A site is one folder a page: its folders are
/// walked in parallel, each removing its own files, where a walk and removal one after the
/// other was a tenth of a second at 10,000 guides, at the end of every build.
fn remove_listed(
    root: &Path,
    folder: &Path,
    listed: &Manifest,
    depth: usize,
) -> std::io::Result<Vec<String>> {
    if depth >= PARALLEL_DEPTH {
        return remove_listed_below(root, folder, listed);
    }
    let entries = std::fs::read_dir(folder)?.collect::<std::io::Result<Vec<_>>>()?;
    entries
        .par_iter()
        .map(|entry| -> std::io::Result<Vec<String>> {
            let path = entry.path();
            // Not followed: a link to a folder is a name like a file's.
            if entry.file_type()?.is_dir() {
                let left = remove_listed(root, &path, listed, depth + 1)?;
                // A folder still holding a file stays.
                let _ = std::fs::remove_dir(&path);
                return Ok(left);
            }
            Ok(remove_if_listed(root, &path, listed)?.into_iter().collect())
        })
        .try_reduce(Vec::new, |mut left, more| {
            left.extend(more);
            Ok(left)
        })
}

/// [`remove_listed`] in one walk, each folder after what it holds.
fn remove_listed_below(
    root: &Path,
    folder: &Path,
    listed: &Manifest,
) -> std::io::Result<Vec<String>> {
    let mut left = Vec::new();
    for entry in WalkDir::new(folder).min_depth(1).contents_first(true) {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_dir() {
            let _ = std::fs::remove_dir(entry.path());
            continue;
        }
        left.extend(remove_if_listed(root, entry.path(), listed)?);
    }
    Ok(left)
}

/// Removes the file at `path` when `listed` names it (or it is the temporary file of a page it
/// names); else gives back its path relative to `root`. The manifest itself stays (removed
/// last, by the caller).
fn remove_if_listed(
    root: &Path,
    path: &Path,
    listed: &Manifest,
) -> std::io::Result<Option<String>> {
    let relative = relative_name(root, path);
    if relative == manifest::FILE_NAME {
        return Ok(None);
    }
    if listed.contains(&relative) || is_our_temp(&relative, listed) {
        std::fs::remove_file(path)?;
        return Ok(None);
    }
    Ok(Some(relative))
}

/// Removes a folder prepbook made and nobody else knows of (a staging folder), its manifest
/// last, so that a removal cut short leaves a folder that is still marked.
pub(crate) fn remove_all(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)?.filter_map(Result::ok) {
        if entry.file_name() == manifest::FILE_NAME {
            continue;
        }
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::remove_dir_all(&path)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    match std::fs::remove_file(dir.join(manifest::FILE_NAME)) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
        _ => {}
    }
    std::fs::remove_dir(dir)
}

/// The warning for a folder that could not be removed as a whole, or `None` when it was.
pub(crate) fn warning(dir: &Path, outcome: std::io::Result<Retired>) -> Option<String> {
    match outcome {
        Ok(Retired::Gone | Retired::NotOurs) => None,
        Ok(Retired::Kept(foreign)) => {
            let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
            let more = if foreign.len() > 5 { ", and more" } else { "" };
            Some(format!(
                "kept {}: it holds files prepbook did not write ({}{more}), perhaps put into \
                 the output while a build ran; move them where they belong and remove the folder",
                dir.display(),
                shown.join(", ")
            ))
        }
        Err(err) => Some(format!(
            "could not remove {} ({err}); the site is in place, and the next build tries again",
            dir.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::SiteFiles;

    fn site(dir: &Path, paths: &[&str]) {
        let mut files = SiteFiles::default();
        for path in paths {
            let full = dir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, "x").unwrap();
            files.insert((*path).to_owned(), "x").unwrap();
        }
        std::fs::write(dir.join(manifest::FILE_NAME), Manifest::of(&files).render()).unwrap();
    }

    #[test]
    fn only_listed_files_are_removed_and_the_rest_is_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(".public.new-x");
        std::fs::create_dir(&dir).unwrap();
        site(&dir, &["index.html", "guides/a/index.html"]);
        // Written into the output while the build ran, so not in the manifest.
        std::fs::write(dir.join("guides/notes.txt"), "mine").unwrap();
        std::fs::write(dir.join("guides/a/.index.html.prepbook-tmp"), "half").unwrap();
        let outcome = retire(&dir).unwrap();
        assert_eq!(outcome, Retired::Kept(vec!["guides/notes.txt".to_owned()]));
        assert_eq!(
            std::fs::read_to_string(dir.join("guides/notes.txt")).unwrap(),
            "mine"
        );
        assert!(!dir.join("index.html").exists());
        assert!(!dir.join("guides/a").exists());
        assert!(dir.join(manifest::FILE_NAME).exists());
        let warning = warning(&dir, Ok(outcome)).unwrap();
        assert!(warning.contains("guides/notes.txt"), "{warning}");

        std::fs::remove_file(dir.join("guides/notes.txt")).unwrap();
        assert_eq!(retire(&dir).unwrap(), Retired::Gone);
        assert!(!dir.exists());
    }

    /// Folders deeper than those walked in parallel are walked too, and keep what is not
    /// prepbook's, at every depth.
    #[test]
    fn deep_folders_lose_only_listed_files() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(".public.old-d");
        std::fs::create_dir(&dir).unwrap();
        let deep = "a/b/c/d/e/f/index.html";
        site(
            &dir,
            &[deep, "a/b/c/index.html", "a/other/index.html", "top.html"],
        );
        for foreign in ["a/b/c/d/notes.txt", "a/keep.txt"] {
            std::fs::write(dir.join(foreign), "mine").unwrap();
        }
        let outcome = retire(&dir).unwrap();
        assert_eq!(
            outcome,
            Retired::Kept(vec![
                "a/b/c/d/notes.txt".to_owned(),
                "a/keep.txt".to_owned()
            ])
        );
        assert!(!dir.join("a/b/c/d/e").exists());
        assert!(!dir.join("a/b/c/index.html").exists());
        assert!(!dir.join("a/other").exists());
        assert!(!dir.join("top.html").exists());
        assert!(dir.join("a/b/c/d/notes.txt").exists());
    }

    #[test]
    fn a_staging_folder_that_listed_nothing_yet_is_removed_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(".public.new-y");
        std::fs::create_dir_all(dir.join("guides")).unwrap();
        std::fs::write(dir.join(manifest::FILE_NAME), Manifest::default().render()).unwrap();
        std::fs::write(dir.join("guides/index.html"), "x").unwrap();
        assert_eq!(retire(&dir).unwrap(), Retired::Gone);
        assert!(!dir.exists());
    }

    #[test]
    fn a_folder_without_a_mark_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(".public.old-z");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("x"), "x").unwrap();
        assert_eq!(retire(&dir).unwrap(), Retired::NotOurs);
        assert!(dir.join("x").exists());
    }
}
