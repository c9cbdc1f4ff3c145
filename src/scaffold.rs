//! `init` and `new`: a new site, and a new guide from its kind's archetype. Both refuse to
//! overwrite anything.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::Config;
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

/// Creates a site in `dir`: book.toml, an example guide, a .gitignore for the output. Returns
/// the files written. Nothing is written if any of them exists.
pub fn init(dir: &Path, today: Date) -> Result<Vec<PathBuf>> {
    let theme = Theme::load(&dir.join("themes/default"), "default")?;
    let example = render_archetype(&theme, "framework", "Your first guide", today)?;
    let files = [
        (dir.join("book.toml"), BOOK_TOML.to_owned()),
        (dir.join(".gitignore"), GITIGNORE.to_owned()),
        (dir.join("content/guides/your-first-guide.md"), example),
    ];
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        bail!(
            "{} already exists; init writes nothing over existing files",
            existing.display()
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
    /// Folder under the content folder (`""` for its root).
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
    let section = request.section.trim_matches('/');
    if section.split('/').any(|s| s == ".." || s == ".") {
        bail!("the section `{section}` must be a folder inside the content folder");
    }
    let theme = Theme::load(&config.theme_dir(), &config.theme)?;
    let text = render_archetype(&theme, request.kind, request.title, request.today)?;
    let path = config.content_dir.join(section).join(format!("{slug}.md"));
    create_new(&path, &text)?;
    Ok(path)
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
fn create_new(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {} (it may already exist)", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}
