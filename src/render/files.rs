//! The rendered site in memory: every output file by its path. Render makes it; output writes
//! it and serve serves it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

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
        check_new(&self.0, &path)?;
        self.0.insert(path, bytes);
        Ok(())
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.0.get(path).map(|bytes| &**bytes)
    }

    /// The site-relative path of every file, in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
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

/// A file already present that `path` would need as a folder, or one inside `path`.
fn folder_conflict<V>(paths: &BTreeMap<String, V>, path: &str) -> Option<String> {
    let mut ancestors = path.match_indices('/').map(|(i, _)| &path[..i]);
    if let Some(file) = ancestors.find(|dir| paths.contains_key(*dir)) {
        return Some(file.to_owned());
    }
    let inside = format!("{path}/");
    paths
        .range(inside.clone()..)
        .next()
        .map(|(p, _)| p)
        .filter(|p| p.starts_with(&inside))
        .cloned()
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

/// Where rendered files go as they are made: the site in memory (`Mutex<SiteFiles>`, for serve)
/// or a folder being written (`output::Stream`, for build, so that a page's bytes are freed once
/// written and memory follows the input, not the output). Called from many threads.
pub(crate) trait Sink: Sync {
    /// Adds a file, with [`SiteFiles::insert_shared`]'s checks: a plain relative path, not
    /// written twice, not a file and a folder at once.
    fn put(&self, path: String, bytes: Arc<[u8]>) -> Result<()>;
    /// Whether a file is at `path` already.
    fn has(&self, path: &str) -> bool;
    /// Replaces the bytes of a file that is already there (and only then).
    fn replace(&self, path: &str, bytes: Arc<[u8]>) -> Result<()>;
}

impl Sink for Mutex<SiteFiles> {
    fn put(&self, path: String, bytes: Arc<[u8]>) -> Result<()> {
        self.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert_shared(path, bytes)
    }

    fn has(&self, path: &str) -> bool {
        self.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(path)
            .is_some()
    }

    fn replace(&self, path: &str, bytes: Arc<[u8]>) -> Result<()> {
        let mut files = self.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(old) = files.0.get_mut(path) {
            *old = bytes;
        }
        Ok(())
    }
}

/// The checks of a new path against the paths already there, shared by every sink: `Ok` when
/// `path` may be added to `paths`.
pub(crate) fn check_new<V>(paths: &BTreeMap<String, V>, path: &str) -> Result<()> {
    check_relative(path)?;
    if let Some(other) = folder_conflict(paths, path) {
        bail!("{path} and {other} cannot both be written: one would be a folder of the other");
    }
    if paths.contains_key(path) {
        bail!("two outputs would be written to {path}");
    }
    Ok(())
}
