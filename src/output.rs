//! Stage 6: the rendered site in memory, and writing it to disk atomically.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

/// The whole rendered site: output-relative path (`guides/x/index.html`) → bytes. Build writes
/// it; serve serves it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteFiles(pub BTreeMap<String, Arc<[u8]>>);

impl SiteFiles {
    /// Adds a file; a path written twice is a bug in the caller's URL scheme, reported as such,
    /// and so is a path that would need a file to be a folder too (`a.xml` and `a.xml/x.html`).
    pub fn insert(&mut self, path: String, bytes: impl Into<Vec<u8>>) -> Result<()> {
        self.insert_shared(path, Arc::from(bytes.into()))
    }

    /// Adds a file whose bytes are shared (a page reused from an earlier build): no copy.
    pub fn insert_shared(&mut self, path: String, bytes: Arc<[u8]>) -> Result<()> {
        check_relative(&path)?;
        if let Some(other) = self.folder_conflict(&path) {
            bail!("{path} and {other} cannot both be written: one would be a folder of the other");
        }
        if self.0.insert(path.clone(), bytes).is_some() {
            bail!("two outputs would be written to {path}");
        }
        Ok(())
    }

    /// A file already present that `path` would need as a folder, or one inside `path`.
    fn folder_conflict(&self, path: &str) -> Option<String> {
        let mut ancestors = path.match_indices('/').map(|(i, _)| &path[..i]);
        if let Some(file) = ancestors.find(|dir| self.0.contains_key(*dir)) {
            return Some(file.to_owned());
        }
        let inside = format!("{path}/");
        self.0
            .range(inside.clone()..)
            .next()
            .map(|(p, _)| p)
            .filter(|p| p.starts_with(&inside))
            .cloned()
    }

    /// Replaces the bytes of a file that is already there (and only then).
    pub fn replace(&mut self, path: &str, bytes: impl Into<Vec<u8>>) {
        if let Some(old) = self.0.get_mut(path) {
            *old = Arc::from(bytes.into());
        }
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.0.get(path).map(|bytes| &**bytes)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Paths whose bytes differ between `self` and `newer` (added, changed or removed).
    pub fn changed_paths(&self, newer: &SiteFiles) -> Vec<String> {
        let mut changed: Vec<String> = newer
            .0
            .iter()
            .filter(|(path, bytes)| {
                // Pages reused from the previous build share their bytes: no need to compare.
                self.0
                    .get(*path)
                    .is_none_or(|old| !Arc::ptr_eq(old, bytes) && old != *bytes)
            })
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(self.0.keys().filter(|p| !newer.0.contains_key(*p)).cloned());
        changed.sort();
        changed
    }
}

/// Only plain relative paths may be written: nothing absolute, no `..`, so no file can land
/// outside the output folder whatever a content path or theme file is called.
fn check_relative(path: &str) -> Result<()> {
    let bad = path.is_empty()
        || path.starts_with('/')
        || path.contains('\\')
        || path
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..");
    if bad {
        bail!("refusing to write `{path}`: not a plain path inside the output folder");
    }
    Ok(())
}

/// Writes the site into `out_dir` atomically: everything goes into a fresh folder beside it,
/// which then replaces the old output in one rename. A failed or killed build leaves the previous
/// site intact, and files of earlier builds that no longer exist are gone.
pub fn write(files: &SiteFiles, out_dir: &Path) -> Result<()> {
    let parent = out_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_owned());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(parent)
        .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?;
    // Folders first (each once, in order), then the files in parallel: writing many small
    // files is most of a large build, and the file system takes them from several threads.
    let dirs: BTreeSet<&str> = files
        .0
        .keys()
        .filter_map(|path| path.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for dir in dirs {
        let dir = staging.path().join(dir);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    files.0.par_iter().try_for_each(|(path, bytes)| {
        let target = staging.path().join(path);
        std::fs::write(&target, bytes).with_context(|| format!("cannot write {}", target.display()))
    })?;
    swap_in(staging.keep(), out_dir)
}

/// Moves the finished `staging` folder to `out_dir`, removing the previous output.
fn swap_in(staging: PathBuf, out_dir: &Path) -> Result<()> {
    if out_dir.exists() {
        let old = out_dir.with_file_name(format!(
            ".{}.old-{}",
            out_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        std::fs::rename(out_dir, &old)
            .with_context(|| format!("cannot move the previous {} aside", out_dir.display()))?;
        if let Err(err) = std::fs::rename(&staging, out_dir) {
            // Put the previous site back: a failed swap must not lose it.
            let _ = std::fs::rename(&old, out_dir);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(err)
                .with_context(|| format!("cannot move the new site to {}", out_dir.display()));
        }
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove the previous site at {}", old.display()))?;
    } else if let Err(err) = std::fs::rename(&staging, out_dir) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(err)
            .with_context(|| format!("cannot move the new site to {}", out_dir.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_output_are_refused() {
        let mut files = SiteFiles::default();
        for bad in ["../x", "/etc/passwd", "a/../../b", "a//b", "", "a\\b"] {
            assert!(files.insert(bad.to_owned(), "x").is_err(), "{bad}");
        }
        files.insert("a/b.html".to_owned(), "x").unwrap();
        assert!(files.insert("a/b.html".to_owned(), "y").is_err());
    }

    #[test]
    fn a_path_cannot_be_a_file_and_a_folder() {
        let mut files = SiteFiles::default();
        files.insert("sitemap.xml".to_owned(), "x").unwrap();
        files.insert("a/b/index.html".to_owned(), "x").unwrap();
        let err = files
            .insert("sitemap.xml/index.html".to_owned(), "y")
            .unwrap_err()
            .to_string();
        assert!(err.contains("sitemap.xml"), "{err}");
        assert!(files.insert("a/b".to_owned(), "y").is_err());
        assert!(files.insert("a".to_owned(), "y").is_err());
        files.insert("a/b.html".to_owned(), "y").unwrap();
        files.insert("a/bc/index.html".to_owned(), "y").unwrap();
    }

    #[test]
    fn changed_paths_sees_adds_changes_and_removals() {
        let mut old = SiteFiles::default();
        old.insert("a".into(), "1").unwrap();
        old.insert("b".into(), "1").unwrap();
        let mut new = SiteFiles::default();
        new.insert("a".into(), "1").unwrap();
        new.insert("b".into(), "2").unwrap();
        new.insert("c".into(), "1").unwrap();
        assert_eq!(old.changed_paths(&new), ["b", "c"]);
        assert_eq!(new.changed_paths(&old), ["b", "c"]);
    }
}
