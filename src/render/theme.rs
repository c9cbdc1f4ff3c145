//! The theme: the default theme embedded in the binary, overridden file by file by the site's
//! `themes/<name>/` folder.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use walkdir::WalkDir;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../themes/default/", $path)) as &[u8])),*]
    };
}

/// Every file of `themes/default/`, embedded so that `prepbook build` works in any folder.
pub(crate) const DEFAULT_FILES: &[(&str, &[u8])] = embed![
    "LICENSE-mermaid.txt",
    "archetypes/checklist.md",
    "archetypes/comparison.md",
    "archetypes/framework.md",
    "templates/404.html",
    "templates/base.html",
    "templates/checklists.html",
    "templates/guide.html",
    "templates/index.html",
    "templates/my-prep.html",
    "templates/partials/guide-list.html",
    "templates/partials/pager.html",
    "templates/partials/toc.html",
    "templates/practice.html",
    "templates/redirect.html",
    "templates/section.html",
    "templates/tag.html",
    "templates/tags.html",
    "static/checklist.js",
    "static/diagrams.js",
    "static/favicon.svg",
    "static/mermaid.min.js",
    "static/practice.css",
    "static/practice.js",
    "static/search.js",
    "static/site.js",
    "static/style.css",
];

/// The theme files in effect: theme-relative path → bytes, defaults first, overrides on top.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Theme {
    /// Templates by name relative to `templates/`, overrides included.
    pub templates: BTreeMap<String, Cow<'static, str>>,
    /// The default templates, always available as `default/<name>` so that an override can
    /// extend the file it replaces.
    pub default_templates: BTreeMap<String, Cow<'static, str>>,
    /// Static files by path relative to `static/`.
    pub statics: BTreeMap<String, Cow<'static, [u8]>>,
    /// Guide skeletons for `prepbook new`, by kind (`framework.md` → `framework`).
    pub archetypes: BTreeMap<String, String>,
}

impl Theme {
    /// The default theme with the files of `dir` (if it exists) laid over it.
    pub(crate) fn load(dir: &Path, name: &str) -> Result<Theme> {
        let mut theme = Theme::default();
        for (path, bytes) in DEFAULT_FILES {
            theme.add(path, Cow::Borrowed(bytes), true)?;
        }
        if !dir.is_dir() {
            if name != "default" {
                bail!(
                    "theme `{name}` not found: there is no folder {}",
                    dir.display()
                );
            }
            return Ok(theme);
        }
        for entry in WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot read theme {}", dir.display()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(dir)
                .context("theme file outside its folder")?
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("cannot read {}", entry.path().display()))?;
            theme
                .add(&relative, Cow::Owned(bytes), false)
                .with_context(|| format!("in {}", entry.path().display()))?;
        }
        Ok(theme)
    }

    fn add(&mut self, path: &str, bytes: Cow<'static, [u8]>, default: bool) -> Result<()> {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = match bytes {
                Cow::Borrowed(b) => {
                    Cow::Borrowed(std::str::from_utf8(b).context("template is not valid UTF-8")?)
                }
                Cow::Owned(b) => {
                    Cow::Owned(String::from_utf8(b).context("template is not valid UTF-8")?)
                }
            };
            if default {
                self.default_templates.insert(name.to_owned(), text.clone());
            }
            self.templates.insert(name.to_owned(), text);
        } else if let Some(name) = path.strip_prefix("static/") {
            self.statics.insert(name.to_owned(), bytes);
        } else if let Some(kind) = path
            .strip_prefix("archetypes/")
            .and_then(|name| name.strip_suffix(".md"))
        {
            let text =
                String::from_utf8(bytes.into_owned()).context("archetype is not valid UTF-8")?;
            self.archetypes.insert(kind.to_owned(), text);
        }
        // Anything else in a theme folder (README, licence) is not output.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table must list every file of themes/default/, or a theme file would silently be
    /// missing from the binary.
    #[test]
    fn default_table_lists_every_file() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = DEFAULT_FILES.iter().map(|(p, _)| p.to_string()).collect();
        listed.sort();
        assert_eq!(listed, on_disk);
    }

    #[test]
    fn a_single_file_overrides_its_default_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/guide.html"), "mine").unwrap();
        let theme = Theme::load(dir.path(), "custom").unwrap();
        assert_eq!(theme.templates["guide.html"], "mine");
        assert_ne!(theme.default_templates["guide.html"], "mine");
        assert_eq!(
            theme.templates["base.html"],
            theme.default_templates["base.html"]
        );
    }

    #[test]
    fn a_named_theme_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Theme::load(&dir.path().join("nope"), "nope").is_err());
        assert!(Theme::load(&dir.path().join("default"), "default").is_ok());
    }
}
