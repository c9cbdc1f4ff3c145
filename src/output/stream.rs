//! Writing a site while it is rendered: each file goes into the staging folder as soon as it is
//! made, so that a build holds the site's input in memory, not its output; the finished folder
//! is then swapped in as [`super::replace::swap`] does for a site made in memory.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context, Result, bail};

use super::destination::{Destination, Survey};
use super::manifest::{self, Manifest};
use super::replace::{self, InPlaceReason, Moved, WriteMode};
use super::{OutputPolicy, OutputSize, Prepared, Written};
use crate::render::{Sink, SiteFiles};

/// A site being written into a staging folder beside the output. Made by [`Stream::begin`]
/// after every check that can refuse the output folder; [`Stream::finish`] moves it in. Dropped
/// unfinished (an error, content errors), it removes its staging folder: the output is as it
/// was.
pub struct Stream {
    dest: Destination,
    existing: bool,
    cleaned: usize,
    /// What could not be cleaned up, for the summary.
    warnings: Vec<String>,
    /// Set until the folder is moved in (or given up).
    staging: Option<PathBuf>,
    /// Every file written, with its size: the manifest, the summary and the path checks.
    written: Mutex<BTreeMap<String, u64>>,
    /// Folders made so far under the staging folder.
    dirs: Mutex<HashSet<String>>,
    /// Held to the end: a second build of the same output waits for this one.
    _lock: Option<std::fs::File>,
}

impl Stream {
    /// Checks the output folder for `policy` (every refusal comes before any change on disk),
    /// takes the build lock, cleans what interrupted builds left, and makes the staging folder.
    /// `None` when the output can only be updated in place (it holds kept files, or cannot be
    /// renamed): that needs the whole site in memory first, to compare with what is there.
    pub fn begin(policy: &OutputPolicy) -> Result<Option<Stream>> {
        let prepared = Prepared::for_policy(policy)?;
        if prepared.in_place().is_some() {
            return Ok(None);
        }
        let (cleaned, warnings) = replace::clean_leftovers(&prepared.dest);
        let Some(staging) = replace::staging_dir(&prepared.dest, prepared.existing)? else {
            return Ok(None);
        };
        let Prepared {
            dest,
            existing,
            lock,
            ..
        } = prepared;
        let staging = staging.keep();
        // The mark goes in first: a staging folder left by a killed build is recognisably ours.
        let stream = Stream {
            dest,
            existing,
            cleaned,
            warnings,
            staging: Some(staging),
            written: Mutex::default(),
            dirs: Mutex::default(),
            _lock: lock,
        };
        replace::write_file(
            &stream.root().join(manifest::FILE_NAME),
            &Manifest::default().render(),
        )?;
        Ok(Some(stream))
    }

    fn root(&self) -> &Path {
        self.staging.as_deref().unwrap_or(&self.dest.path)
    }

    /// Writes the manifest of what was written and moves the staging folder to the output.
    pub fn finish(mut self) -> Result<Written> {
        let written =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(PoisonError::into_inner));
        if written.contains_key(manifest::FILE_NAME) {
            bail!(
                "static/{} clashes with the file prepbook keeps in the output to know its own files",
                manifest::FILE_NAME
            );
        }
        let marker = Manifest::of_paths(written.keys().cloned()).render();
        replace::write_file(&self.root().join(manifest::FILE_NAME), &marker)?;
        let Some(staging) = self.staging.take() else {
            bail!("the site was already moved in");
        };
        let mut warnings = std::mem::take(&mut self.warnings);
        let mode = match replace::move_in(&staging, &self.dest, self.existing)? {
            Moved::Done {
                mode,
                warnings: left,
            } => {
                warnings.extend(left);
                mode
            }
            Moved::CannotRename => {
                // Rare (the checks before found a folder that could be exchanged): update in
                // place from what was written, read back.
                let files = read_back(&staging, &written);
                let _ = replace::remove_marked(&staging);
                let survey = Survey::of(&self.dest.path, &[])?;
                replace::in_place(&files?, &self.dest, &survey)?;
                WriteMode::InPlace(InPlaceReason::CannotRename)
            }
        };
        let mut size = OutputSize::default();
        for (path, bytes) in &written {
            size.add(path, *bytes);
        }
        size.add(manifest::FILE_NAME, marker.len() as u64);
        Ok(Written {
            path: self.dest.path.clone(),
            mode,
            kept: Vec::new(),
            cleaned: self.cleaned,
            warnings,
            size,
        })
    }

    /// Makes the folders of `path` under the staging folder, each once.
    fn make_dirs(&self, path: &str) -> Result<()> {
        let Some((dir, _)) = path.rsplit_once('/') else {
            return Ok(());
        };
        let known = self
            .dirs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(dir);
        if !known {
            let full = self.root().join(dir);
            std::fs::create_dir_all(&full)
                .with_context(|| format!("cannot create {}", full.display()))?;
            let mut dirs = self.dirs.lock().unwrap_or_else(PoisonError::into_inner);
            let mut at = dir;
            loop {
                dirs.insert(at.to_owned());
                match at.rsplit_once('/') {
                    Some((parent, _)) => at = parent,
                    None => break,
                }
            }
        }
        Ok(())
    }
}

impl Sink for Stream {
    fn put(&self, path: String, bytes: Arc<[u8]>) -> Result<()> {
        {
            let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
            crate::render::check_new(&written, &path)?;
            written.insert(path.clone(), bytes.len() as u64);
        }
        self.make_dirs(&path)?;
        replace::write_file(&self.root().join(&path), &bytes)
    }

    fn has(&self, path: &str) -> bool {
        self.written
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(path)
    }

    fn replace(&self, path: &str, bytes: Arc<[u8]>) -> Result<()> {
        {
            let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
            match written.get_mut(path) {
                Some(size) => *size = bytes.len() as u64,
                None => return Ok(()),
            }
        }
        replace::write_file(&self.root().join(path), &bytes)
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        if let Some(staging) = self.staging.take() {
            let _ = replace::remove_marked(&staging);
        }
    }
}

/// The files written under `staging`, read back into memory.
fn read_back(staging: &Path, written: &BTreeMap<String, u64>) -> Result<SiteFiles> {
    let mut files = SiteFiles::default();
    for path in written.keys() {
        let full = staging.join(path);
        let bytes =
            std::fs::read(&full).with_context(|| format!("cannot read {}", full.display()))?;
        files.insert(path.clone(), bytes)?;
    }
    Ok(files)
}
