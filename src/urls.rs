//! Every URL the site emits is made here: page URLs derive from content paths, and all of them
//! start with the site's base path, so a site works under a sub-path and at a domain root alike.

use std::fmt;

use anyhow::{Result, bail};
use serde::Serialize;

/// A guide's identity: its path relative to the content folder, with `/` separators
/// (`guides/ownership.md`). Its URL derives from it, so links resolve without other guides.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct GuideId(String);

impl GuideId {
    pub fn new(relative: impl Into<String>) -> Self {
        Self(relative.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The section (folder) the guide lives in: `guides/ownership.md` → `guides`.
    pub fn section(&self) -> SectionId {
        SectionId(parent_of(&self.0).to_owned())
    }

    /// `true` for a section's `_index.md`.
    pub fn is_section_index(&self) -> bool {
        file_name(&self.0) == "_index.md"
    }

    /// The site path of the guide's page, without the base: `guides/ownership/`.
    pub fn page_path(&self) -> String {
        if self.is_section_index() {
            return self.section().page_path();
        }
        let stem = self.0.strip_suffix(".md").unwrap_or(&self.0);
        format!("{stem}/")
    }
}

impl fmt::Display for GuideId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A section: a folder under the content folder, `""` for the root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SectionId(String);

impl SectionId {
    pub fn new(relative: impl Into<String>) -> Self {
        Self(relative.into())
    }

    pub fn root() -> Self {
        Self(String::new())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    pub fn parent(&self) -> Option<SectionId> {
        (!self.is_root()).then(|| SectionId(parent_of(&self.0).to_owned()))
    }

    /// The id of the section's `_index.md`.
    pub fn index_id(&self) -> GuideId {
        if self.is_root() {
            GuideId::new("_index.md")
        } else {
            GuideId::new(format!("{}/_index.md", self.0))
        }
    }

    /// The site path of the section page: `guides/` (`""` for the root, which is the home page).
    pub fn page_path(&self) -> String {
        if self.is_root() {
            String::new()
        } else {
            format!("{}/", self.0)
        }
    }

    /// The folder name turned into a title, for sections without an `_index.md` title.
    pub fn fallback_title(&self) -> String {
        let name = file_name(&self.0).replace(['-', '_'], " ");
        let mut chars = name.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// The path part of `base-url`, always starting and ending with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasePath(String);

impl Default for BasePath {
    fn default() -> Self {
        Self("/".to_owned())
    }
}

impl BasePath {
    /// Takes the path of an absolute `base-url` (`https://x.org/prep` → `/prep/`); an empty
    /// base-url means the domain root.
    pub fn from_base_url(base_url: &str) -> Result<Self> {
        if base_url.is_empty() {
            return Ok(Self::default());
        }
        let Some((_, rest)) = base_url.split_once("://") else {
            bail!("base-url `{base_url}` must be an absolute URL such as https://example.org/");
        };
        let path = rest.find('/').map_or("", |i| &rest[i..]);
        Self::from_path(path)
    }

    /// A base given as a path (`/prep/`, `prep`), as `serve --base` takes it.
    pub fn from_path(path: &str) -> Result<Self> {
        let trimmed = path.trim_matches('/');
        if trimmed.split('/').any(|seg| seg == ".." || seg == ".") {
            bail!("base path `{path}` must not contain `.` or `..` segments");
        }
        if trimmed.is_empty() {
            Ok(Self::default())
        } else {
            Ok(Self(format!("/{trimmed}/")))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL of a site path: `guides/x/` → `/prep/guides/x/`.
    pub fn url(&self, site_path: &str) -> String {
        format!("{}{}", self.0, site_path.trim_start_matches('/'))
    }
}

/// The output file that serves a site path: `guides/x/` → `guides/x/index.html`.
pub fn file_for_path(site_path: &str) -> String {
    if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.to_owned()
    }
}

/// Where a link in a guide points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another guide (or the same one), by id, with an optional `#anchor`.
    Guide { id: GuideId, anchor: Option<String> },
    /// A `#anchor` in the same guide.
    Anchor(String),
    /// A relative path that would leave the content folder.
    OutsideSite(String),
    /// Anything else: external URLs, `mailto:`, site-absolute paths, relative non-guide files.
    Other,
}

/// Classifies a link written in guide `from`. Pure: looks at no file.
pub fn classify_link(from: &GuideId, dest: &str) -> LinkTarget {
    if let Some(anchor) = dest.strip_prefix('#') {
        return LinkTarget::Anchor(anchor.to_owned());
    }
    if dest.is_empty() || dest.starts_with('/') || has_scheme(dest) {
        return LinkTarget::Other;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_owned())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    if !path.ends_with(".md") {
        return LinkTarget::Other;
    }
    match join_relative(parent_of(from.as_str()), path) {
        Some(joined) => LinkTarget::Guide {
            id: GuideId::new(joined),
            anchor,
        },
        None => LinkTarget::OutsideSite(dest.to_owned()),
    }
}

fn has_scheme(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// Joins a relative path onto a folder, resolving `.` and `..`; `None` if it climbs above the root.
fn join_relative(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

fn parent_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

fn file_name(path: &str) -> &str {
    path.rfind('/').map_or(path, |i| &path[i + 1..])
}

/// A URL fragment made from heading or tag text: lowercase ASCII letters and digits kept, every
/// run of other characters one `-`, no `-` at either end (`The PR/FAQ` → `the-pr-faq`).
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            // Keep letters of other scripts so non-English headings still get readable ids.
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> GuideId {
        GuideId::new(s)
    }

    #[test]
    fn page_paths_are_pretty() {
        assert_eq!(id("guides/ownership.md").page_path(), "guides/ownership/");
        assert_eq!(id("top.md").page_path(), "top/");
        assert_eq!(id("guides/_index.md").page_path(), "guides/");
        assert_eq!(
            file_for_path("guides/ownership/"),
            "guides/ownership/index.html"
        );
        assert_eq!(file_for_path(""), "index.html");
    }

    #[test]
    fn base_path_from_url() {
        assert_eq!(BasePath::from_base_url("").unwrap().as_str(), "/");
        assert_eq!(
            BasePath::from_base_url("https://x.org").unwrap().as_str(),
            "/"
        );
        assert_eq!(
            BasePath::from_base_url("https://x.org/a/b/")
                .unwrap()
                .url("c/"),
            "/a/b/c/"
        );
        assert!(BasePath::from_base_url("x.org/prep").is_err());
    }

    #[test]
    fn relative_md_links_resolve_to_guides() {
        let from = id("behavioral/ownership.md");
        assert_eq!(
            classify_link(&from, "../frameworks/wb.md#the-pr-faq"),
            LinkTarget::Guide {
                id: id("frameworks/wb.md"),
                anchor: Some("the-pr-faq".into())
            }
        );
        assert_eq!(
            classify_link(&from, "./bar.md"),
            LinkTarget::Guide {
                id: id("behavioral/bar.md"),
                anchor: None
            }
        );
        assert_eq!(
            classify_link(&from, "#faq"),
            LinkTarget::Anchor("faq".into())
        );
        assert_eq!(
            classify_link(&from, "https://x.org/a.md"),
            LinkTarget::Other
        );
        assert_eq!(classify_link(&from, "mailto:a@b.c"), LinkTarget::Other);
        assert_eq!(classify_link(&from, "image.png"), LinkTarget::Other);
        assert_eq!(
            classify_link(&from, "../../secret.md"),
            LinkTarget::OutsideSite("../../secret.md".into())
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("The PR/FAQ"), "the-pr-faq");
        assert_eq!(slugify("TL;DR"), "tl-dr");
        assert_eq!(slugify("  What's next?  "), "what-s-next");
        assert_eq!(slugify("Ünïcode çafé"), "ünïcode-çafé");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn section_titles_and_parents() {
        let s = id("guides/deep/x.md").section();
        assert_eq!(s.as_str(), "guides/deep");
        assert_eq!(s.parent().unwrap().as_str(), "guides");
        assert_eq!(s.fallback_title(), "Deep");
        assert!(SectionId::root().parent().is_none());
    }
}
