//! Stage 6: the rendered site in memory, and writing it to disk without losing anyone's files.
//!
//! [`destination`] resolves the output folder and guards it, [`manifest`] is prepbook's mark on
//! the folders it writes, [`replace`] swaps a finished site in (or updates it in place).

mod destination;
mod manifest;
mod replace;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use destination::{Destination, Survey};
pub use destination::{OutputOrigin, OutputPolicy};
pub(crate) use replace::{InPlaceReason, WriteMode};

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

/// What a write did, for the build's summary line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Where the site is (a symlinked output resolved to its target).
    pub path: PathBuf,
    pub mode: WriteMode,
    /// Paths in the folder that are not prepbook's and were kept.
    pub kept: Vec<String>,
    /// Leftovers of interrupted builds removed beside the output.
    pub cleaned: usize,
}

/// Writes the site to the folder `policy` names, replacing or removing only what prepbook wrote
/// there (its manifest says what), keeping what `keep` lists, and refusing a folder that holds
/// anything else. Every refusal comes before the first change on disk.
pub fn write(files: &SiteFiles, policy: &OutputPolicy) -> Result<Written> {
    if files.get(manifest::FILE_NAME).is_some() {
        bail!(
            "static/{} clashes with the file prepbook keeps in the output to know its own files",
            manifest::FILE_NAME
        );
    }
    let dest = policy.check()?;
    std::fs::create_dir_all(&dest.parent)
        .with_context(|| format!("cannot create {}", dest.parent.display()))?;
    // Held to the end: a second build of the same output waits for this one.
    let _lock = replace::lock(&dest)?;
    let existing = dest.path.exists();
    let survey = if existing {
        let survey = Survey::of(&dest.path, &policy.keep)?;
        survey.refuse_foreign(&dest)?;
        replace::refuse_kept_conflicts(files, &dest, &survey)?;
        survey
    } else {
        Survey::default()
    };
    let cleaned = replace::clean_leftovers(&dest)?;
    let mode = if !survey.kept.is_empty() {
        WriteMode::InPlace(InPlaceReason::KeptFiles)
    } else if existing && is_mount_point(&dest) {
        WriteMode::InPlace(InPlaceReason::CannotRename)
    } else {
        replace::swap(files, &dest, existing)?
    };
    if let WriteMode::InPlace(_) = mode {
        replace::in_place(files, &dest, &survey)?;
    }
    Ok(Written {
        path: dest.path,
        mode,
        kept: survey.kept,
        cleaned,
    })
}

/// A folder on another file system than its parent cannot be renamed or exchanged.
fn is_mount_point(dest: &Destination) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let dev = |path: &Path| std::fs::metadata(path).map(|m| m.dev());
        matches!((dev(&dest.path), dev(&dest.parent)), (Ok(a), Ok(b)) if a != b)
    }
    #[cfg(not(unix))]
    {
        let _ = dest;
        false
    }
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
