//! `book.toml`: the typed site configuration.
//!
//! `RawConfig` mirrors the file (unknown keys rejected, so a typo is an error with its line);
//! `Config` is the resolved form the pipeline uses, with paths made absolute.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::urls::BasePath;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    book: RawBook,
    #[serde(default)]
    build: RawBuild,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBook {
    title: Option<String>,
    description: Option<String>,
    language: Option<String>,
    base_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBuild {
    content_dir: Option<PathBuf>,
    output_dir: Option<PathBuf>,
    theme: Option<String>,
    highlight_theme: Option<String>,
    highlight_theme_dark: Option<String>,
}

/// The resolved configuration of one site.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The site root: the folder holding `book.toml`.
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    pub language: String,
    /// `base-url` as written (absolute URL or empty when not set).
    pub base_url: String,
    /// The path part of `base-url`, which every emitted URL starts with.
    pub base: BasePath,
    pub content_dir: PathBuf,
    pub output_dir: PathBuf,
    /// The site theme's name; its folder is `themes/<name>/` under the root.
    pub theme: String,
    pub highlight_theme: String,
    pub highlight_theme_dark: String,
}

impl Config {
    pub const FILE_NAME: &'static str = "book.toml";

    /// Reads and resolves `<root>/book.toml`. Any failure here is fatal for the build.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(Self::FILE_NAME);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Self::parse(root, &text).with_context(|| format!("invalid {}", path.display()))
    }

    /// Parses the text of a `book.toml`; errors carry the line and column.
    pub fn parse(root: &Path, text: &str) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text).map_err(|err| {
            let at = err
                .span()
                .map(|span| {
                    let (line, col) = crate::diagnostic::line_col(text, span.start);
                    format!("line {line}, column {col}: ")
                })
                .unwrap_or_default();
            anyhow::anyhow!("{at}{}", err.message())
        })?;
        Self::resolve(root, raw)
    }

    fn resolve(root: &Path, raw: RawConfig) -> Result<Config> {
        let base_url = raw.book.base_url.unwrap_or_default();
        let base = BasePath::from_base_url(&base_url)?;
        let highlight_theme = raw
            .build
            .highlight_theme
            .unwrap_or_else(|| "InspiredGitHub".to_owned());
        let highlight_theme_dark = raw
            .build
            .highlight_theme_dark
            .unwrap_or_else(|| "OneHalfDark".to_owned());
        for name in [&highlight_theme, &highlight_theme_dark] {
            if !crate::guide::highlight::has_theme(name) {
                bail!(
                    "unknown highlight theme `{name}`; available: {}",
                    crate::guide::highlight::theme_names().join(", ")
                );
            }
        }
        let root = root.to_path_buf();
        let content_dir = root.join(raw.build.content_dir.unwrap_or_else(|| "content".into()));
        let output_dir = root.join(raw.build.output_dir.unwrap_or_else(|| "public".into()));
        Ok(Config {
            title: raw.book.title.unwrap_or_else(|| "Prep guides".to_owned()),
            description: raw.book.description.unwrap_or_default(),
            language: raw.book.language.unwrap_or_else(|| "en".to_owned()),
            base_url,
            base,
            content_dir,
            output_dir,
            theme: raw.build.theme.unwrap_or_else(|| "default".to_owned()),
            highlight_theme,
            highlight_theme_dark,
            root,
        })
    }

    /// The folder of the configured site theme (it may not exist: the default is embedded).
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_to_an_empty_file() {
        let config = Config::parse(Path::new("/site"), "").unwrap();
        assert_eq!(config.content_dir, Path::new("/site/content"));
        assert_eq!(config.output_dir, Path::new("/site/public"));
        assert_eq!(config.theme, "default");
        assert_eq!(config.base.as_str(), "/");
    }

    #[test]
    fn unknown_key_is_rejected_with_its_line() {
        let err = Config::parse(Path::new("/s"), "[book]\ntitle = \"x\"\ntitel = \"y\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3"), "{err}");
        assert!(err.contains("titel"), "{err}");
    }

    #[test]
    fn base_url_sub_path_is_kept() {
        let config = Config::parse(
            Path::new("/s"),
            "[book]\nbase-url = \"https://x.org/prep\"\n",
        )
        .unwrap();
        assert_eq!(config.base.as_str(), "/prep/");
    }

    #[test]
    fn unknown_highlight_theme_is_an_error() {
        let err = Config::parse(Path::new("/s"), "[build]\nhighlight-theme = \"nope\"\n");
        assert!(err.is_err());
    }
}
