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
    let mut foreign = Vec::new();
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for entry in WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_dir() {
            folders.push((entry.depth(), entry.into_path()));
            continue;
        }
        let relative = relative_name(dir, entry.path());
        if relative == manifest::FILE_NAME {
            continue;
        }
        if listed.contains(&relative) || is_our_temp(&relative, &listed) {
            files.push(entry.into_path());
        } else {
            foreign.push(relative);
        }
    }
    // A site is one file a folder, mostly: removed in parallel, a removal takes half the time
    // of one after the other (a tenth of a second at 10,000 guides, at the end of every build).
    files.par_iter().try_for_each(std::fs::remove_file)?;
    // Folders deepest first, those of one depth in parallel: a folder the removal emptied goes,
    // one still holding a file stays.
    folders.sort_by_key(|(depth, _)| std::cmp::Reverse(*depth));
    for same_depth in folders.chunk_by(|a, b| a.0 == b.0) {
        same_depth.par_iter().for_each(|(_, path)| {
            let _ = std::fs::remove_dir(path);
        });
    }
    if !foreign.is_empty() {
        foreign.sort();
        return Ok(Retired::Kept(foreign));
    }
    std::fs::remove_file(dir.join(manifest::FILE_NAME))?;
    std::fs::remove_dir(dir)?;
    Ok(Retired::Gone)
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
