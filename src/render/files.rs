//! The rendered site in memory: every output file by its path. Render makes it; output writes
//! it and serve serves it.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::{Result, bail};

/// The whole rendered site: output-relative path (`guides/x/index.html`) → bytes. Build writes
/// it; serve serves it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteFiles(pub(crate) BTreeMap<String, Arc<[u8]>>);

impl SiteFiles {
    /// Adds a file; a path written twice is a bug in the caller's URL scheme, reported as such,
    /// and so is a path that would need a file to be a folder too (`a.xml` and `a.xml/x.html`).
    pub(crate) fn insert(&mut self, path: String, bytes: impl Into<Vec<u8>>) -> Result<()> {
        self.insert_shared(path, Arc::from(bytes.into()))
    }

    /// Adds a file whose bytes are shared (a page reused from an earlier build): no copy.
    pub(crate) fn insert_shared(&mut self, path: String, bytes: Arc<[u8]>) -> Result<()> {
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
    pub(crate) fn replace(&mut self, path: &str, bytes: impl Into<Vec<u8>>) {
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
