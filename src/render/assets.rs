//! The theme's static files as the site serves them. Stylesheets and scripts carry a hash of
//! their content in their names (`assets/style.3f2a9c1b.css`), so hosts can cache them forever
//! and a changed file is fetched at once; pages link to the hashed names. Other files (icons,
//! images) keep their names, so a theme can refer to them by name.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::urls::{ASSETS_DIR, BasePath};

/// The files under `assets/`, and the hashed name each source file got.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Assets {
    /// Output path (`assets/style.3f2a9c1b.css`) → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Name in the theme's `static/` (`style.css`) → output path.
    pub paths: BTreeMap<String, String>,
}

/// The diagram library, Mermaid's ESM build: a module that imports only the chunks a page's
/// kinds of diagram need (a flowchart: 27 files, 235 KB gzipped, against 980 KB for the
/// whole library in one file). Its folder is named by its version, as its files keep their
/// names; it is written only to a site that has a diagram.
pub(crate) const DIAGRAM_DIR: &str = "mermaid-11.17.2/";
pub(crate) const DIAGRAM_LIB: &str = "mermaid-11.17.2/mermaid.esm.min.mjs";

impl Assets {
    /// The files a site gets: all but the diagram library unless the site has `diagrams`.
    pub(crate) fn written(&self, diagrams: bool) -> impl Iterator<Item = (&String, &Vec<u8>)> {
        let lib_dir = format!("{ASSETS_DIR}{DIAGRAM_DIR}");
        self.files
            .iter()
            .filter(move |(path, _)| diagrams || !path.starts_with(&lib_dir))
    }

    /// Adds a file of the theme's `static/` folder (or one generated for it).
    pub(crate) fn add(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        let path = format!("{ASSETS_DIR}{}", hashed_name(name, &bytes));
        if self.files.contains_key(&path) {
            bail!("two theme files would both be written to {path}");
        }
        self.paths.insert(name.to_owned(), path.clone());
        self.files.insert(path, bytes);
        Ok(())
    }

    /// The URL of a theme file by its name in `static/`; `None` if the theme has no such file.
    pub(crate) fn url(&self, base: &BasePath, name: &str) -> Option<String> {
        self.paths.get(name).map(|path| base.url(path))
    }

    /// The URLs the default templates use, as `site.assets`.
    pub(crate) fn urls(&self, base: &BasePath) -> AssetUrls {
        let url = |name: &str| self.url(base, name).unwrap_or_default();
        AssetUrls {
            stylesheets: ["style.css", "highlight.css"]
                .iter()
                .filter_map(|name| self.url(base, name))
                .collect(),
            style_css: url("style.css"),
            highlight_css: url("highlight.css"),
            favicon: url("favicon.svg"),
            site_js: url("site.js"),
            search_js: url("search.js"),
            diagrams_js: url("diagrams.js"),
            mermaid_js: url(DIAGRAM_LIB),
            checklist_js: url("checklist.js"),
            practice_js: url("practice.js"),
            practice_css: url("practice.css"),
            files: self
                .paths
                .iter()
                .map(|(name, path)| (name.clone(), base.url(path)))
                .collect(),
        }
    }
}

/// The theme files every page may link to. A theme that drops one of the scripts gets an empty
/// URL here, and the default templates leave the feature out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct AssetUrls {
    pub stylesheets: Vec<String>,
    /// The theme's stylesheet, on every page.
    pub style_css: String,
    /// Colours of highlighted code: pages link it only when they have some.
    pub highlight_css: String,
    pub favicon: String,
    /// What every page adds when JavaScript runs: the theme switch, the table of contents
    /// following the reader, copy buttons on code, scroll cues on wide tables.
    pub site_js: String,
    /// The search box's small script, on every page.
    pub search_js: String,
    /// Draws Mermaid diagrams, on pages that have one.
    pub diagrams_js: String,
    /// The diagram library `diagrams_js` loads once a diagram comes near the screen.
    pub mermaid_js: String,
    /// Ticking checklist items, on guide pages.
    pub checklist_js: String,
    /// Flash cards and the reader's progress, on the practice, progress and home pages.
    pub practice_js: String,
    /// The practice and progress pages' own styles.
    pub practice_css: String,
    /// Every file of the theme's `static/` by its name there, for a theme's own files:
    /// `{{ site.assets.files["extra.js"] }}`.
    pub files: BTreeMap<String, String>,
}

/// `style.css` → `style.<8 hex digits of its BLAKE3 hash>.css`; files other than stylesheets
/// and scripts keep their name, ES modules (`.mjs`) too, as they import each other by name.
pub(crate) fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return name.to_owned();
    };
    if !matches!(ext, "css" | "js") || stem.is_empty() || stem.ends_with('/') {
        return name.to_owned();
    }
    let hash = blake3::hash(bytes).to_hex();
    format!("{stem}.{}.{ext}", &hash[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_styles_are_named_by_content() {
        let a = hashed_name("style.css", b"body{}");
        assert!(a.starts_with("style.") && a.ends_with(".css"), "{a}");
        assert_eq!(a.len(), "style.12345678.css".len());
        assert_eq!(a, hashed_name("style.css", b"body{}"));
        assert_ne!(a, hashed_name("style.css", b"body{color:red}"));
        assert!(hashed_name("js/app.min.js", b"x").starts_with("js/app.min."));
        assert_eq!(hashed_name("favicon.svg", b"<svg/>"), "favicon.svg");
        assert_eq!(hashed_name("CNAME", b"x"), "CNAME");
        assert_eq!(hashed_name(".css", b"x"), ".css");
    }

    #[test]
    fn the_diagram_library_is_written_only_to_sites_with_a_diagram() {
        let mut assets = Assets::default();
        assets.add("site.js", b"a".to_vec()).unwrap();
        assets.add(DIAGRAM_LIB, b"b".to_vec()).unwrap();
        let names = |diagrams| {
            assets
                .written(diagrams)
                .map(|(p, _)| p.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(true).len(), 2);
        assert_eq!(names(false), vec![assets.paths["site.js"].clone()]);
    }

    #[test]
    fn urls_follow_the_base() {
        let mut assets = Assets::default();
        assets.add("style.css", b"a".to_vec()).unwrap();
        assets.add("favicon.svg", b"b".to_vec()).unwrap();
        let base = BasePath::from_path("/prep/").unwrap();
        let urls = assets.urls(&base);
        assert_eq!(urls.stylesheets.len(), 1);
        assert!(urls.stylesheets[0].starts_with("/prep/assets/style."));
        assert_eq!(urls.favicon, "/prep/assets/favicon.svg");
        assert_eq!(urls.search_js, "");
        assert_eq!(urls.files["favicon.svg"], "/prep/assets/favicon.svg");
        assert_eq!(urls.mermaid_js, "");
        assert_eq!(&urls.files["style.css"], &urls.stylesheets[0]);
    }
}
