//! `[build] navigation`: another tool's table of contents, read as the reading order and the
//! titles of the guides it lists: mdBook's `SUMMARY.md` or the `nav` of MkDocs' `mkdocs.yml`.
//! The file stays the other tool's; prepbook reads it on every load, so an edit of it is
//! seen by the next build.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

/// Where a listed guide stands and what the table of contents calls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Its place in the whole table, from 1: the guide's `weight` unless it sets its own.
    pub position: i64,
    /// The table's title for it; none when the table names only the file (MkDocs' `- a.md`),
    /// which keeps the guide's own.
    pub title: Option<String>,
}

/// The guides a table of contents lists, by path under the content folder (`intro/a.md`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Navigation {
    entries: BTreeMap<String, Entry>,
    /// Chapters listed without a file (mdBook's drafts, `[Title]()`), by title.
    pub drafts: Vec<String>,
}

impl Navigation {
    /// The entry of the guide at `path` under the content folder.
    pub(crate) fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Lists `target` (a link as written in the table) as the next guide; the first listing
    /// of a file wins, as a guide has one place.
    fn push(&mut self, title: Option<&str>, target: &str) {
        let Some(path) = normalise(target) else {
            self.drafts.extend(title.map(str::to_owned));
            return;
        };
        let position = self.entries.len() as i64 + 1;
        self.entries.entry(path).or_insert_with(|| Entry {
            position,
            title: title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
        });
    }
}

/// Reads the table of contents at `file`; its kind is told by its name (`mkdocs.yml` or
/// `mkdocs.yaml`: MkDocs; anything else: mdBook's `SUMMARY.md` syntax).
pub(crate) fn read(file: &Path) -> Result<Navigation> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read {} ([build] navigation)", file.display()))?;
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    if name.ends_with(".yml") || name.ends_with(".yaml") {
        mkdocs(&text).with_context(|| format!("cannot read the nav of {}", file.display()))
    } else {
        Ok(summary(&text))
    }
}

/// mdBook's `SUMMARY.md`: every `[Title](file.md)` link, in order (prefix and suffix
/// chapters, numbered chapters at any depth); `[Title]()` is a draft; part titles (`# Part`)
/// and separators (`---`) list no guide.
pub(crate) fn summary(text: &str) -> Navigation {
    let mut navigation = Navigation::default();
    for line in text.lines() {
        let item = line.trim_start();
        let item = item.strip_prefix(['-', '*']).map_or(item, str::trim_start);
        let Some(rest) = item.strip_prefix('[') else {
            continue;
        };
        let Some((title, rest)) = rest.split_once("](") else {
            continue;
        };
        let Some((target, _)) = rest.split_once(')') else {
            continue;
        };
        navigation.push(Some(title), target);
    }
    navigation
}

/// The `nav` of a `mkdocs.yml`: a list whose items are a file (`- a.md`), a titled file
/// (`- Title: a.md`) or a titled list (`- Section: [...]`). External links list no guide.
/// A file without `nav` lists nothing (MkDocs then orders by name, as prepbook does).
pub(crate) fn mkdocs(text: &str) -> Result<Navigation> {
    let value: serde_yaml::Value = serde_yaml::from_str(text)?;
    let mut navigation = Navigation::default();
    if let Some(nav) = value.get("nav") {
        walk_mkdocs(nav, None, &mut navigation);
    }
    Ok(navigation)
}

fn walk_mkdocs(value: &serde_yaml::Value, title: Option<&str>, navigation: &mut Navigation) {
    use serde_yaml::Value;
    match value {
        Value::Sequence(items) => {
            for item in items {
                walk_mkdocs(item, None, navigation);
            }
        }
        Value::Mapping(map) => {
            for (key, item) in map {
                walk_mkdocs(item, key.as_str(), navigation);
            }
        }
        Value::String(target) if !target.contains("://") => navigation.push(title, target),
        _ => {}
    }
}

/// A link of the table as a path under the content folder: `./a/b.md#x` is `a/b.md`; an
/// empty link (a draft) or one that leaves the folder is none.
fn normalise(target: &str) -> Option<String> {
    let target = target.split(['#', '?']).next().unwrap_or_default().trim();
    let target = target.trim_start_matches("./").trim_start_matches('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_gives_order_titles_and_drafts() {
        let text = "# Summary\n\n[Preface](./preface.md)\n\n# Part one\n\n\
                    - [Arrays](arrays/README.md)\n    - [Two pointers](arrays/two-pointers.md)\n\
                    \n---\n\n- [Graphs]()\n* [Heaps](heaps.md#top)\n";
        let nav = summary(text);
        assert_eq!(nav.len(), 4);
        let entry = |path| nav.get(path).map(|e| (e.position, e.title.as_deref()));
        assert_eq!(entry("preface.md"), Some((1, Some("Preface"))));
        assert_eq!(entry("arrays/README.md"), Some((2, Some("Arrays"))));
        assert_eq!(
            entry("arrays/two-pointers.md"),
            Some((3, Some("Two pointers")))
        );
        assert_eq!(entry("heaps.md"), Some((4, Some("Heaps"))));
        assert_eq!(nav.drafts, ["Graphs"]);
    }

    #[test]
    fn a_mkdocs_nav_gives_order_and_titles() {
        let text = "site_name: X\nnav:\n  - index.md\n  - Basics:\n    - Big O: basics/big-o.md\n    \
                    - basics/lists.md\n  - Elsewhere: https://example.com/\n\
                    markdown_extensions:\n  - toc:\n      slugify: !!python/name:pymdownx.slugs.uslugify\n";
        let nav = mkdocs(text).unwrap();
        let entry = |path| nav.get(path).map(|e| (e.position, e.title.as_deref()));
        assert_eq!(entry("index.md"), Some((1, None)));
        assert_eq!(entry("basics/big-o.md"), Some((2, Some("Big O"))));
        assert_eq!(entry("basics/lists.md"), Some((3, None)));
        assert_eq!(nav.len(), 3);
    }

    #[test]
    fn links_leaving_the_folder_list_nothing() {
        assert_eq!(normalise("../x.md"), None);
        assert_eq!(normalise("a/../b.md").as_deref(), Some("b.md"));
        assert_eq!(normalise(""), None);
    }
}
