//! `init` and `new`: a new site, and a new guide from its kind's archetype. Both refuse to
//! overwrite anything.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::Config;
use crate::diagnostic::shown;
use crate::guide::Date;
use crate::render::Theme;
use crate::urls::slugify;

const BOOK_TOML: &str = r#"[book]
title = "My Prep Guides"
description = "Interview-prep guides: frameworks, comparisons and checklists."
language = "en"
# base-url = "https://example.org/prep/"

[build]
content-dir = "content"
output-dir = "public"
"#;

const GITIGNORE: &str = "/public/\n";

/// A CI service `init --ci` writes a publishing workflow for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ci {
    /// GitHub Actions publishing to GitHub Pages.
    Github,
}

impl Ci {
    /// Where the workflow goes in the site, and its text: the repository's own recipe under
    /// `deploy/`, so the recipe documented and the one `init` writes are the same file.
    fn workflow(self) -> (&'static str, &'static str) {
        match self {
            Ci::Github => (
                ".github/workflows/pages.yml",
                include_str!("../deploy/github-pages.yml"),
            ),
        }
    }
}

/// Creates a site in `dir`: book.toml, an example guide, a .gitignore for the output, and the
/// publishing workflow of `ci` when given. Returns the files written. Nothing is written if
/// any of them exists.
pub fn init(dir: &Path, today: Date, ci: Option<Ci>) -> Result<Vec<PathBuf>> {
    let theme = Theme::load(&dir.join("themes/default"), "default")?;
    let example = render_archetype(&theme, "framework", "Your first guide", today)?;
    let mut files = vec![
        (dir.join("book.toml"), BOOK_TOML.to_owned()),
        (dir.join(".gitignore"), GITIGNORE.to_owned()),
        // At the content root, where `new` puts guides too, so the two agree.
        (dir.join("content/your-first-guide.md"), example),
    ];
    if let Some(ci) = ci {
        let (path, text) = ci.workflow();
        files.push((dir.join(path), text.to_owned()));
    }
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        bail!(
            "{} already exists; init writes nothing over existing files",
            shown(existing)
        );
    }
    files
        .into_iter()
        .map(|(path, text)| create_new(&path, &text).map(|()| path))
        .collect()
}

/// What `prepbook new` is asked for.
#[derive(Debug, Clone)]
pub struct NewGuide<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    /// Folder under the content folder (`""` for its root), as typed: each part is slugified.
    pub section: &'a str,
    pub today: Date,
}

/// Writes a guide skeleton from the kind's archetype (the site theme's, else the default's)
/// and returns its path.
pub fn new_guide(config: &Config, request: &NewGuide<'_>) -> Result<PathBuf> {
    if !config
        .checks
        .kinds_allowed
        .iter()
        .any(|k| k == request.kind)
    {
        bail!(
            "unknown kind `{}`; this site's kinds are: {}",
            request.kind,
            config.checks.kinds_allowed.join(", ")
        );
    }
    let slug = slugify(request.title);
    if slug.is_empty() {
        bail!(
            "the title `{}` gives no file name; use letters or digits",
            request.title
        );
    }
    let section = section_folder(request.section)?;
    let theme = Theme::load(&config.theme_dir(), &config.theme)?;
    let text = render_archetype(&theme, request.kind, request.title, request.today)?;
    let path = config.content_dir.join(section).join(format!("{slug}.md"));
    create_new(&path, &text)?;
    Ok(path)
}

/// The folder of a section typed as `Interview Loops/Day One`: each part slugified as titles
/// are (`interview-loops/day-one`), so section URLs need no escaping. A part with no letters
/// or digits (`..`, `.`) is refused: the folder must be inside the content folder.
fn section_folder(section: &str) -> Result<PathBuf> {
    let mut folder = PathBuf::new();
    for part in section.split(['/', '\\']).filter(|p| !p.trim().is_empty()) {
        let slug = slugify(part);
        if slug.is_empty() {
            bail!("the section `{section}` must name a folder inside the content folder");
        }
        folder.push(slug);
    }
    Ok(folder)
}

fn render_archetype(theme: &Theme, kind: &str, title: &str, today: Date) -> Result<String> {
    let archetype = theme
        .archetypes
        .get(kind)
        .or_else(|| theme.archetypes.get("framework"))
        .context("the theme has no archetypes")?;
    let mut context = tera::Context::new();
    // A JSON string is a valid YAML double-quoted scalar, so any title is safe in front matter.
    context.insert("title_yaml", &serde_json::to_string(title)?);
    context.insert("title", title);
    context.insert("kind", kind);
    context.insert("date", &today.to_string());
    tera::Tera::one_off(archetype, &context, false)
        .map_err(|err| anyhow::anyhow!("archetype `{kind}`: {err}"))
}

/// Writes a file that must not exist yet (checked atomically by the OS, not before).
pub(crate) fn create_new(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", shown(dir)))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!(
                "{} already exists; prepbook never overwrites a file",
                shown(path)
            )
        }
        Err(err) => return Err(err).with_context(|| format!("cannot create {}", shown(path))),
    };
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", shown(path)))
}
