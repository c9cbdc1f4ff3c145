//! `adopt`: a `book.toml` for a folder of Markdown written for another tool (Docusaurus, Hugo,
//! MkDocs, a GitHub repository), worked out from what the folder holds. Nothing but
//! `book.toml` is written: each setting is a [`Decision`] with the evidence it was made on,
//! written beside the setting as a comment, and the file is the real config types serialized,
//! parsed back by `Config::parse` and checked with the real checks before it is offered.

mod file;
mod folder;
mod front;
mod hugo;
mod mdbook;
mod mdx;
mod mkdocs;
mod navigation;
mod partials;
mod parts;
mod plumbing;
mod verify;

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::{Config, RawConfig};
use crate::diagnostic::shown;

/// One setting of the written `book.toml` (or one left to the user) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// What was decided: `content folder`, `front matter`, `field sidebar_label`.
    pub topic: String,
    /// What was found in the folder, with numbers.
    pub finding: String,
    /// What `book.toml` says as a result (or why it says nothing).
    pub setting: String,
    /// The table (`front-matter.fields`) and key the comment is written above; no key puts it
    /// above the table's header, no place leaves it out of the file.
    place: Option<(String, Option<String>)>,
}

impl Decision {
    fn new(
        topic: impl Into<String>,
        finding: impl Into<String>,
        setting: impl Into<String>,
    ) -> Self {
        Decision {
            topic: topic.into(),
            finding: finding.into(),
            setting: setting.into(),
            place: None,
        }
    }

    /// Written in the file above `key` of `table` (the header itself without a key).
    fn at(mut self, table: &str, key: Option<&str>) -> Self {
        self.place = Some((table.to_owned(), key.map(str::to_owned)));
        self
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} -> {}", self.topic, self.finding, self.setting)
    }
}

/// What `adopt` would write, and why.
#[derive(Debug, Clone)]
pub struct Adoption {
    /// Where the file goes: `book.toml` in the folder, or `prepbook.toml` beside mdBook's.
    pub path: PathBuf,
    pub decisions: Vec<Decision>,
    /// The file's text.
    pub text: String,
}

/// Works out a `book.toml` for the site folder `dir`, reading it and writing nothing. An
/// existing `book.toml` is refused unless `replace` (it is then ignored, not read); one that
/// is mdBook's is read, and prepbook's config is then `prepbook.toml` beside it.
pub fn adopt(dir: &Path, replace: bool) -> Result<Adoption> {
    let mdbook = mdbook::read(dir);
    let name = match mdbook {
        Some(_) => Config::OWN_FILE_NAME,
        None => Config::FILE_NAME,
    };
    let path = dir.join(name);
    if path.exists() && !replace {
        bail!(
            "{} already exists; adopt writes nothing over it (--force replaces it, \
             --dry-run shows what would be written)",
            shown(&path)
        );
    }
    if !dir.is_dir() {
        bail!("{} is not a folder", shown(dir));
    }
    let mut raw = RawConfig::default();
    let survey = folder::survey(dir, mdbook.as_ref(), &mut raw)?;
    let mut decisions = survey.decisions.clone();
    let (files, listed) = navigation::detect(dir, &survey, &mut raw)?;
    decisions.extend(listed);
    if mdbook.is_some() {
        decisions.push(mdbook::includes(&files, &mut raw));
    }
    if let Some(tool) = survey.tool.as_deref().filter(|t| t.starts_with("mkdocs.")) {
        decisions.extend(mkdocs::detect(dir, tool, &mut raw));
    }
    if let Some(tool) = survey.tool.as_deref() {
        decisions.extend(hugo::detect(dir, tool, &files, &mut raw));
    }
    let (files, patterns, plumbing) = plumbing::detect(dir, &survey.content, files)?;
    raw.build.exclude.extend(patterns);
    decisions.extend(plumbing);
    let (kept, found) = partials::detect(&files);
    raw.build.exclude.extend(found.patterns);
    decisions.extend(found.decisions);
    decisions.extend(front::detect(&kept, &mut raw));
    decisions.extend(parts::detect(dir, &mut raw)?);
    // A style the other tool's config gives (MkDocs' `toc`) is kept; else the check picks one.
    let ids_chosen = raw.build.heading_ids != crate::config::HeadingIds::default();
    decisions.extend(verify::relax(dir, &mut raw, ids_chosen)?);
    decisions.push(folder::left_to_the_user(&survey));
    let text = file::write(&raw, &decisions)?;
    Config::parse(dir, &text).context("the written book.toml does not read back")?;
    Ok(Adoption {
        path,
        decisions,
        text,
    })
}

impl Adoption {
    /// Writes the file: a new one, or (with `replace`) over the one there, whole or not at all.
    pub fn write(&self, replace: bool) -> Result<()> {
        if !replace {
            return crate::scaffold::create_new(&self.path, &self.text);
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let mut temp = tempfile::NamedTempFile::new_in(dir)
            .with_context(|| format!("cannot write in {}", shown(dir)))?;
        std::io::Write::write_all(&mut temp, self.text.as_bytes())
            .with_context(|| format!("cannot write {}", shown(&self.path)))?;
        temp.persist(&self.path)
            .with_context(|| format!("cannot replace {}", shown(&self.path)))?;
        Ok(())
    }
}

/// `n thing` or `n things`.
fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// A share as a whole percentage (`3%`), for findings: 100% only when it is all, 0% only
/// when it is none, so a rounded figure never hides the one guide that differs.
fn percent(part: usize, whole: usize) -> String {
    let share = if part == 0 || whole == 0 {
        0
    } else if part >= whole {
        100
    } else {
        ((part * 100 + whole / 2) / whole).clamp(1, 99)
    };
    format!("{share}%")
}
