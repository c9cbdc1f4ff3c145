//! Stage 6: writing the rendered site to disk without losing anyone's files.
//!
//! [`destination`] resolves the output folder and guards it, [`manifest`] is prepbook's mark on
//! the folders it writes, [`replace`] swaps a finished site in (or updates it in place),
//! [`durable`] flushes it to the disk first, [`retire`] removes the previous site's files;
//! [`size`] measures what was written and [`hosts`] holds it against static hosts' limits.

mod destination;
mod durable;
pub(crate) mod hosts;
mod manifest;
mod replace;
mod retire;
mod size;
mod stream;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::render::SiteFiles;
pub(crate) use destination::resolve;
use destination::{Destination, Survey};
pub use destination::{OutputOrigin, OutputPolicy};
pub(crate) use replace::{InPlaceReason, WriteMode};
pub use size::OutputSize;
pub use stream::Stream;

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
    /// What could not be cleaned up (the site is in place all the same): a previous site or a
    /// leftover that could not be removed, or that holds files prepbook did not write.
    pub warnings: Vec<String>,
    /// What the output holds of prepbook's: the site's files and the manifest.
    pub size: OutputSize,
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
    let prepared = Prepared::for_policy(policy)?;
    replace::refuse_kept_conflicts(files, &prepared.dest, &prepared.survey)?;
    let (cleaned, mut warnings) = replace::clean_leftovers(&prepared.dest);
    let mode = match prepared.in_place() {
        Some(reason) => WriteMode::InPlace(reason),
        None => {
            let (mode, left) = replace::swap(files, &prepared.dest, prepared.existing)?;
            warnings.extend(left);
            mode
        }
    };
    if let WriteMode::InPlace(_) = mode {
        replace::in_place(files, &prepared.dest, &prepared.survey)?;
    }
    // Every one of these files is in the output now (an in-place update leaves the unchanged
    // ones as they were), and so is the manifest, as written.
    let mut size = OutputSize::of(files);
    let marker = prepared.dest.path.join(manifest::FILE_NAME);
    let marker_len = std::fs::metadata(&marker)
        .with_context(|| format!("cannot read {}", marker.display()))?
        .len();
    size.add(manifest::FILE_NAME, marker_len);
    Ok(Written {
        path: prepared.dest.path.clone(),
        mode,
        kept: prepared.survey.kept.clone(),
        cleaned,
        warnings,
        size,
    })
}

/// What every write does before it changes anything of the output: the output folder checked
/// against the policy, the lock that makes a second build wait, and, for an existing folder,
/// the survey of what is there (a folder holding what prepbook did not write is refused).
pub(crate) struct Prepared {
    pub(crate) dest: Destination,
    pub(crate) existing: bool,
    pub(crate) survey: Survey,
    /// Held to the end of the write.
    pub(crate) lock: Option<std::fs::File>,
}

impl Prepared {
    pub(crate) fn for_policy(policy: &OutputPolicy) -> Result<Prepared> {
        let dest = policy.check()?;
        std::fs::create_dir_all(&dest.parent)
            .with_context(|| format!("cannot create {}", dest.parent.display()))?;
        let lock = replace::lock(&dest)?;
        let existing = dest.path.exists();
        let survey = if existing {
            let survey = Survey::of(&dest.path, &policy.keep)?;
            survey.refuse_foreign(&dest)?;
            survey.refuse_unwritable(&dest)?;
            survey
        } else {
            Survey::default()
        };
        Ok(Prepared {
            dest,
            existing,
            survey,
            lock,
        })
    }

    /// Why the output must be updated where it is rather than swapped: it holds kept files, or
    /// it is a mount point, which cannot be renamed.
    pub(crate) fn in_place(&self) -> Option<InPlaceReason> {
        if !self.survey.kept.is_empty() {
            Some(InPlaceReason::KeptFiles)
        } else if self.existing && is_mount_point(&self.dest) {
            Some(InPlaceReason::CannotRename)
        } else {
            None
        }
    }
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
