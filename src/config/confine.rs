//! The folders a build reads (`content-dir`, `static/`, `themes/`) must lie inside the site:
//! a repository that CI builds and deploys could otherwise publish the runner's files through
//! a symlink (`static -> ../../.ssh`) or an absolute `content-dir`. Judged on resolved paths,
//! so no spelling and no link gets past; what does not exist yet is not read, so it passes.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Refuses a source folder of `root` that resolves outside it, naming the symlink that leads
/// out (or the setting, when no link does).
pub(crate) fn check(root: &Path, folders: &[(&str, PathBuf)]) -> Result<()> {
    let real_root = std::fs::canonicalize(root)
        .with_context(|| format!("cannot resolve the site root {}", root.display()))?;
    for (what, folder) in folders {
        let Ok(real) = std::fs::canonicalize(folder) else {
            continue;
        };
        if real.starts_with(&real_root) {
            continue;
        }
        match link_out(root, folder, &real_root) {
            Some((link, target)) => bail!(
                "refusing to read the {what} {}: the symlink {} leads outside the site (to {}); \
                 a build reads only what lies inside the site folder, so copy the files in",
                folder.display(),
                link.display(),
                target.display()
            ),
            None => bail!(
                "refusing to read the {what} {}: it lies outside the site ({}); a build reads \
                 only what lies inside the site folder",
                folder.display(),
                real.display()
            ),
        }
    }
    Ok(())
}

/// The first symlink on the way from `root` to `folder` whose target resolves outside the
/// site, with that target.
fn link_out(root: &Path, folder: &Path, real_root: &Path) -> Option<(PathBuf, PathBuf)> {
    let relative = folder.strip_prefix(root).ok()?;
    let mut at = root.to_path_buf();
    for component in relative.components() {
        at.push(component);
        let is_link = std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink());
        if is_link
            && let Ok(target) = std::fs::canonicalize(&at)
            && !target.starts_with(real_root)
        {
            return Some((at, target));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_linked_outside_is_refused_by_its_link() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let secret = tmp.path().join("secret");
        std::fs::create_dir_all(site.join("content")).unwrap();
        std::fs::create_dir_all(&secret).unwrap();
        std::os::unix::fs::symlink("../secret", site.join("static")).unwrap();
        let folders = [
            ("content folder", site.join("content")),
            ("static folder", site.join("static")),
        ];
        let err = check(&site, &folders).unwrap_err().to_string();
        assert!(
            err.contains("the symlink") && err.contains("site/static"),
            "{err}"
        );
        // Linked inside the site: fine.
        std::fs::remove_file(site.join("static")).unwrap();
        std::os::unix::fs::symlink("content", site.join("static")).unwrap();
        check(&site, &folders).unwrap();
        // Absolute, outside: refused without a link to name.
        let err = check(&site, &[("content folder", secret.clone())])
            .unwrap_err()
            .to_string();
        assert!(err.contains("lies outside the site"), "{err}");
    }
}
