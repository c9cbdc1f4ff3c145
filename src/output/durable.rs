//! Getting what a build wrote onto the disk before it is published: without it, a power loss
//! soon after a build could leave the output path naming a folder whose files the disk never
//! received (empty or truncated pages under a complete-looking site).

use std::path::Path;

use anyhow::{Context, Result};

/// Flushes every file and folder written under `dir` to the disk.
pub(crate) fn sync_tree(dir: &Path) -> Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        // One call for the whole file system: a site is thousands of small files, and one
        // flush of each would cost a disk round trip apiece.
        let handle =
            std::fs::File::open(dir).with_context(|| format!("cannot open {}", dir.display()))?;
        rustix::fs::syncfs(&handle)
            .with_context(|| format!("cannot flush {} to the disk", dir.display()))
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        for entry in walkdir::WalkDir::new(dir).contents_first(true) {
            let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
            if entry.file_type().is_symlink() {
                continue;
            }
            sync_path(entry.path())?;
        }
        Ok(())
    }
}

/// Flushes one folder's list of names (after a rename in it) to the disk.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    sync_path(dir)
}

fn sync_path(path: &Path) -> Result<()> {
    let handle =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    handle
        .sync_all()
        .with_context(|| format!("cannot flush {} to the disk", path.display()))
}
