//! Where the site is written: the output folder's real path, the guards that keep a build away
//! from the sources and from folders outside the site, and a survey of what is already there.
//!
//! Every comparison is made on resolved paths (symlinks followed, `..` applied), so no spelling
//! of a path (`site/public/..`, a symlink to the site root) gets past a guard.

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};
use walkdir::WalkDir;

use super::manifest::Manifest;
use crate::config::Config;

/// Which side chose the output folder: a folder named in `book.toml` must stay inside the site,
/// so that building someone else's repository can never touch a folder outside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputOrigin {
    /// `-o/--out` on the command line: the user's own choice, anywhere.
    CommandLine,
    /// `output-dir` in `book.toml`, or the default `public`.
    BookToml,
}

/// What a build may write over, decided from the site's config.
#[derive(Debug, Clone)]
pub struct OutputPolicy {
    pub(crate) requested: PathBuf,
    pub(crate) origin: OutputOrigin,
    /// The site root and its source folders, by the name an error gives them, each with whether
    /// the output may lie inside it when it is the site root.
    pub(crate) root: PathBuf,
    pub(crate) sources: Vec<(&'static str, PathBuf, bool)>,
    /// Output-relative paths of files that are not prepbook's but may stay (`.git`, `CNAME`).
    pub(crate) keep: Vec<String>,
}

impl OutputPolicy {
    pub fn new(config: &Config, origin: OutputOrigin) -> OutputPolicy {
        OutputPolicy {
            requested: config.output_dir.clone(),
            origin,
            root: config.root.clone(),
            sources: vec![
                ("content folder", config.content_dir.clone(), true),
                ("themes folder", config.root.join("themes"), false),
                ("static folder", config.root.join("static"), false),
            ],
            keep: config.keep.clone(),
        }
    }

    /// Resolves the output folder and refuses one that overlaps the sources or, when it comes
    /// from `book.toml`, lies outside the site. Reads the disk, changes nothing.
    pub fn check(&self) -> Result<Destination> {
        let dest = Destination::resolve(&self.requested)?;
        let root = resolve(&self.root)?;
        let out = &dest.path;
        let refuse = |what: &str, dir: &Path| {
            anyhow::anyhow!(
                "refusing to build into {}: it {} the {what} ({}), which a build would replace",
                dest.requested.display(),
                if out == dir {
                    "is"
                } else if dir.starts_with(out) {
                    "holds"
                } else {
                    "lies inside"
                },
                dir.display()
            )
        };
        if root.starts_with(out) {
            return Err(refuse("site root", &root));
        }
        for (what, dir, holds_output) in &self.sources {
            let dir = resolve(dir)?;
            // A content folder that is the site root holds the output: a build reads none of
            // the output as content (`build::not_content`), so neither feeds the other.
            let held = *holds_output && dir == root && out != &dir;
            let inside = out.starts_with(&dir) && !held;
            if dir.starts_with(out) || inside {
                return Err(refuse(what, &dir));
            }
        }
        if self.origin == OutputOrigin::BookToml && !out.starts_with(&root) {
            bail!(
                "refusing to build into {}: `output-dir` in book.toml points outside the site \
                 ({}); to build there, pass it on the command line: -o {}",
                dest.requested.display(),
                out.display(),
                dest.requested.display()
            );
        }
        Ok(dest)
    }
}

/// The output folder, resolved.
#[derive(Debug, Clone)]
pub struct Destination {
    /// The path as the user gave it, for messages.
    pub requested: PathBuf,
    /// The real path: a symlinked output is followed, so the site lands in the link's target.
    pub path: PathBuf,
    pub(crate) parent: PathBuf,
    pub(crate) name: OsString,
}

impl Destination {
    fn resolve(requested: &Path) -> Result<Destination> {
        if std::fs::symlink_metadata(requested).is_ok() && !requested.exists() {
            bail!(
                "refusing to build into {}: it is a symlink to a folder that does not exist",
                requested.display()
            );
        }
        let path = resolve(requested)?;
        if path.exists() && !path.is_dir() {
            bail!(
                "refusing to build into {}: it is a file, not a folder",
                requested.display()
            );
        }
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            bail!(
                "refusing to build into {}: the root of the file system is no output folder",
                requested.display()
            );
        };
        Ok(Destination {
            requested: requested.to_path_buf(),
            parent: parent.to_path_buf(),
            name: name.to_os_string(),
            path,
        })
    }

    /// A name beside the output folder: `.public.new-…`, `.public.old-…`.
    pub(crate) fn sibling_prefix(&self, role: &str) -> String {
        format!(".{}.{role}-", self.name.to_string_lossy())
    }
}

/// The absolute path with every symlink of the part that exists resolved and `..` applied; the
/// part that does not exist yet is appended as written (it cannot be a symlink).
pub(crate) fn resolve(path: &Path) -> Result<PathBuf> {
    let absolute =
        std::path::absolute(path).with_context(|| format!("bad path {}", path.display()))?;
    let mut real = PathBuf::new();
    let mut exists = true;
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                real.pop();
            }
            Component::Prefix(_) | Component::RootDir => real.push(component),
            Component::Normal(name) => {
                real.push(name);
                if exists && std::fs::symlink_metadata(&real).is_ok() {
                    real = std::fs::canonicalize(&real)
                        .with_context(|| format!("cannot resolve {}", real.display()))?;
                } else {
                    exists = false;
                }
            }
        }
    }
    Ok(real)
}

/// What is in an existing output folder, judged against prepbook's manifest.
#[derive(Debug, Default)]
pub(crate) struct Survey {
    /// The folder's manifest, when it carries prepbook's mark.
    pub(crate) manifest: Option<Manifest>,
    /// Files prepbook wrote (listed in the manifest, or its own interrupted temporary files).
    pub(crate) ours: Vec<String>,
    /// Top-most present paths matched by `keep`.
    pub(crate) kept: Vec<String>,
    /// The first paths that are neither (the survey stops after a few).
    pub(crate) foreign: Vec<String>,
    /// The first of prepbook's folders in which it may not add or remove names (read-only, or
    /// another user's), with why: the previous site could be neither removed nor updated.
    pub(crate) unwritable: Option<(String, std::io::Error)>,
}

/// How many foreign paths an error names before it says "and more".
const FOREIGN_SHOWN: usize = 5;

impl Survey {
    /// Walks `dir` (never following symlinks) and sorts each entry into ours, kept or foreign.
    pub(crate) fn of(dir: &Path, keep: &[String]) -> Result<Survey> {
        let mut survey = Survey {
            manifest: Manifest::read(dir)?,
            ..Survey::default()
        };
        let empty = Manifest::default();
        let manifest = survey.manifest.as_ref().unwrap_or(&empty);
        if let Err(err) = may_change(dir) {
            survey.unwritable = Some((String::new(), err));
        }
        let mut walk = WalkDir::new(dir)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walk.next() {
            let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
            let relative = relative_name(dir, entry.path());
            if is_kept(&relative, keep) {
                survey.kept.push(relative);
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
            let ours = if entry.file_type().is_dir() {
                manifest.has_under(&relative) || !is_empty_dir(entry.path())
            } else {
                manifest.contains(&relative) || is_our_temp(&relative, manifest)
            };
            if !ours {
                survey.foreign.push(relative);
                if survey.foreign.len() > FOREIGN_SHOWN {
                    break;
                }
            } else if !entry.file_type().is_dir() {
                survey.ours.push(relative);
            } else if survey.unwritable.is_none()
                && let Err(err) = may_change(entry.path())
            {
                survey.unwritable = Some((relative, err));
            }
        }
        Ok(survey)
    }

    /// Refuses a folder holding anything prepbook did not write and may not keep.
    pub(crate) fn refuse_foreign(&self, dest: &Destination) -> Result<()> {
        if self.foreign.is_empty() {
            return Ok(());
        }
        let shown: Vec<&str> = self
            .foreign
            .iter()
            .take(FOREIGN_SHOWN)
            .map(String::as_str)
            .collect();
        let more = if self.foreign.len() > FOREIGN_SHOWN {
            ", and more"
        } else {
            ""
        };
        bail!(
            "refusing to build into {}: it holds files prepbook did not write ({}{more}); \
             choose an empty folder, or remove them (files a deploy folder must keep, such as \
             CNAME, can be listed in `keep` under [build] in book.toml)",
            dest.requested.display(),
            shown.join(", ")
        )
    }
}

impl Survey {
    /// Refuses a folder prepbook could not replace: checked before anything changes, so that a
    /// read-only folder (or one another user owns) never leaves a half-exchanged output.
    pub(crate) fn refuse_unwritable(&self, dest: &Destination) -> Result<()> {
        let Some((relative, err)) = &self.unwritable else {
            return Ok(());
        };
        let folder = if relative.is_empty() {
            dest.requested.display().to_string()
        } else {
            dest.requested.join(relative).display().to_string()
        };
        bail!(
            "refusing to build into {}: prepbook cannot add or remove files in {folder} ({err}), \
             so it could not replace the previous site; nothing was changed. Make the folder \
             writable, or build into another folder",
            dest.requested.display()
        )
    }
}

/// Whether names can be added to and removed from the folder `dir` by this process: checked
/// by the kernel, so a read-only mount, an immutable folder and another user's folder all
/// count, and root's exemption from permission bits too.
fn may_change(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use rustix::fs::{Access, access};
        access(dir, Access::WRITE_OK | Access::EXEC_OK).map_err(std::io::Error::from)
    }
    #[cfg(not(unix))]
    {
        let readonly = std::fs::metadata(dir)?.permissions().readonly();
        if readonly {
            Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
        } else {
            Ok(())
        }
    }
}

/// The `/`-separated output-relative name of `path` (lossy for names that are not UTF-8, which
/// prepbook never writes, so such a name is always foreign).
pub(crate) fn relative_name(dir: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `path` is, or lies inside, an entry of `keep`.
pub(crate) fn is_kept(path: &str, keep: &[String]) -> bool {
    keep.iter().any(|k| {
        path == k
            || path
                .strip_prefix(k.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// The suffix of the temporary file an in-place update writes before renaming it over a page.
pub(crate) const TEMP_SUFFIX: &str = ".prepbook-tmp";

/// A temporary file of an interrupted in-place update: `dir/.name.prepbook-tmp` for a listed
/// `dir/name`.
pub(crate) fn is_our_temp(path: &str, manifest: &Manifest) -> bool {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    file.strip_prefix('.')
        .and_then(|f| f.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|target| {
            let target = if dir.is_empty() {
                target.to_owned()
            } else {
                format!("{dir}/{target}")
            };
            manifest.contains(&target)
        })
}

/// The temporary name beside `path` for an in-place write.
pub(crate) fn temp_name(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/.{file}{TEMP_SUFFIX}"),
        None => format!(".{path}{TEMP_SUFFIX}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_follows_symlinks_and_applies_dotdot() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(real.join("site")).unwrap();
        std::os::unix::fs::symlink(real.join("site"), real.join("link")).unwrap();
        assert_eq!(resolve(&real.join("link")).unwrap(), real.join("site"));
        assert_eq!(
            resolve(&real.join("link/public/..")).unwrap(),
            real.join("site")
        );
        assert_eq!(
            resolve(&real.join("link/new/deeper")).unwrap(),
            real.join("site/new/deeper")
        );
    }

    #[test]
    fn kept_paths_match_whole_components() {
        let keep = vec![".git".to_owned(), "CNAME".to_owned()];
        assert!(is_kept(".git", &keep));
        assert!(is_kept(".git/HEAD", &keep));
        assert!(!is_kept(".github/x", &keep));
        assert!(!is_kept("CNAMES", &keep));
    }

    #[test]
    fn temporary_files_belong_to_their_page() {
        let mut files = super::super::SiteFiles::default();
        files.insert("a/index.html".into(), "x").unwrap();
        files.insert("top.html".into(), "x").unwrap();
        let manifest = Manifest::of(&files);
        assert!(is_our_temp(&temp_name("a/index.html"), &manifest));
        assert!(is_our_temp(&temp_name("top.html"), &manifest));
        assert!(!is_our_temp(&temp_name("b/index.html"), &manifest));
        assert!(!is_our_temp("a/index.html", &manifest));
    }
}
