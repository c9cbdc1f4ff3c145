//! What `mkdocs.yml` says beyond the content folder and the title (`folder.rs`) and the nav
//! (`navigation.rs`): its Markdown extensions, each recorded as a decision, and the files
//! `pymdownx.snippets` appends to every page, whose link definitions become the site's
//! `[build] link-definitions`.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use super::{Decision, count};
use crate::config::{HeadingIds, RawConfig};

/// The extensions whose syntax changes what a page holds, and what prepbook makes of it.
const KNOWN: &[(&str, &str)] = &[
    ("admonition", "`!!! note` blocks"),
    ("pymdownx.details", "`??? note` collapsible blocks"),
    ("pymdownx.tabbed", "`=== \"Tab\"` content tabs"),
    ("attr_list", "`{ #id }` attributes"),
    (
        "pymdownx.snippets",
        "`--8<--` snippets and auto-appended files",
    ),
    ("toc", "heading ids"),
    ("def_list", "definition lists"),
];

/// Reads the `mkdocs.yml` (or `.yaml`) at `file`, when it is one: the decisions, with
/// `link-definitions` set in `raw` from snippets' `auto_append`.
pub(crate) fn detect(dir: &Path, file: &str, raw: &mut RawConfig) -> Vec<Decision> {
    let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
        return Vec::new();
    };
    let Ok(config) = serde_yaml::from_str::<Value>(&text) else {
        return vec![Decision::new(
            "markdown extensions",
            format!("{file} does not read as YAML"),
            "none recorded",
        )];
    };
    let extensions = extensions(&config);
    let mut decisions = Vec::new();
    let on: Vec<String> = KNOWN
        .iter()
        .filter(|(name, _)| extensions.iter().any(|(n, _)| n == name))
        .map(|(name, what)| format!("{name} ({what})"))
        .collect();
    if !on.is_empty() {
        decisions.push(Decision::new(
            "markdown extensions",
            format!("{file} turns on {}", on.join(", ")),
            "recorded; `prepbook check` reports each syntax it does not read, at its line",
        ));
    }
    decisions.push(heading_ids(file, &text, &extensions, raw));
    if let Some((_, options)) = extensions.iter().find(|(n, _)| n == "pymdownx.snippets") {
        decisions.extend(snippets(dir, options, raw));
    }
    decisions
}

/// The names of Python-Markdown's own slugify, which MkDocs' `toc` uses unless told otherwise.
const DEFAULT_SLUGIFY: &[&str] = &["markdown.extensions.toc.slugify", "toc.slugify"];

/// Heading ids: Python-Markdown's, which MkDocs makes with its `toc` extension (always on in
/// MkDocs, listed or not) unless `slugify` names another function; then the style under which
/// fewer anchor links break is left to the check (`verify.rs`).
fn heading_ids(
    file: &str,
    text: &str,
    extensions: &[(String, Value)],
    raw: &mut RawConfig,
) -> Decision {
    let toc = extensions.iter().find(|(n, _)| n == "toc");
    // The function as written: a YAML tag (`!!python/name:…`) names it, which the parsed
    // value does not keep.
    let slugify = toc
        .and_then(|(_, options)| options.get("slugify"))
        .map(|value| written_slugify(text).unwrap_or_else(|| shown(value)));
    let finding = match (toc, slugify) {
        (Some(_), Some(slugify)) if !is_default_slugify(&slugify) => {
            return Decision::new(
                "heading ids",
                format!("toc's slugify is {slugify}"),
                "Python-Markdown's style is not one of prepbook's: the style under which fewer \
                 anchor links break is chosen below",
            );
        }
        (Some(_), _) => format!("{file} turns on toc with Python-Markdown's slugify"),
        (None, _) => format!("{file} lists no toc, which MkDocs turns on with its slugify"),
    };
    raw.build.heading_ids = HeadingIds::PythonMarkdown;
    Decision::new(
        "heading ids",
        finding,
        "heading-ids = \"python-markdown\" (the ids MkDocs gives its headings)",
    )
}

/// The value of the first `slugify:` line of `text`, as written.
fn written_slugify(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let value = line.trim_start().strip_prefix("slugify:")?;
        let value = value.split(" #").next().unwrap_or(value).trim();
        (!value.is_empty()).then(|| value.to_owned())
    })
}

/// Whether a `slugify` option (`!!python/name:markdown.extensions.toc.slugify`) names
/// Python-Markdown's own function.
fn is_default_slugify(shown: &str) -> bool {
    let function = shown.rsplit(':').next().unwrap_or(shown).trim();
    DEFAULT_SLUGIFY.contains(&function)
}

/// `markdown_extensions` as (name, options): each item is a name or a one-key map.
fn extensions(config: &Value) -> Vec<(String, Value)> {
    let Some(Value::Sequence(items)) = config.get("markdown_extensions") else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Value::String(name) => Some((name.clone(), Value::Null)),
            Value::Mapping(map) => {
                let (name, options) = map.iter().next()?;
                Some((name.as_str()?.to_owned(), options.clone()))
            }
            _ => None,
        })
        .collect()
}

/// The files of `auto_append`, found under `base_path` (a folder or a list, `.` by default,
/// from the folder of `mkdocs.yml`), as `link-definitions`.
fn snippets(dir: &Path, options: &Value, raw: &mut RawConfig) -> Option<Decision> {
    let appended = strings(options.get("auto_append")?);
    if appended.is_empty() {
        return None;
    }
    let mut bases = options.get("base_path").map(strings).unwrap_or_default();
    if bases.is_empty() {
        bases.push(".".to_owned());
    }
    let mut found: Vec<PathBuf> = Vec::new();
    let mut missing = Vec::new();
    for name in &appended {
        let path = bases
            .iter()
            .map(|base| Path::new(base).join(name))
            .map(|path| {
                path.strip_prefix(".")
                    .map(Path::to_path_buf)
                    .unwrap_or(path)
            })
            .find(|path| is_inside(dir, path));
        match path {
            Some(path) => found.push(path),
            None => missing.push(name.clone()),
        }
    }
    let shown: Vec<String> = found.iter().map(|p| p.display().to_string()).collect();
    let mut finding = format!(
        "pymdownx.snippets appends {} to every page: {}",
        count(appended.len(), "file"),
        appended.join(", ")
    );
    if !missing.is_empty() {
        finding.push_str(&format!(
            " (not found in the folder: {})",
            missing.join(", ")
        ));
    }
    raw.build.link_definitions.extend(found);
    Some(
        Decision::new(
            "shared links",
            finding,
            format!("link-definitions = {shown:?} (their `[label]: url` lines, for every guide)"),
        )
        .at("build", Some("link-definitions")),
    )
}

/// Whether `path` names a file inside `dir` (no `..`, no absolute path).
fn is_inside(dir: &Path, path: &Path) -> bool {
    path.components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
        && dir.join(path).is_file()
}

/// A string, or the strings of a list.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Sequence(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// A YAML value as it reads in a finding.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Tagged(tagged) => tagged.tag.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_and_appended_links_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("includes")).unwrap();
        std::fs::write(dir.path().join("includes/links.md"), "[a]: https://a/\n").unwrap();
        std::fs::write(
            dir.path().join("mkdocs.yml"),
            "site_name: S\nmarkdown_extensions:\n  - admonition\n  - toc:\n      permalink: true\n      \
             slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n  \
             - pymdownx.snippets:\n      base_path: [\".\", includes]\n      auto_append:\n        - links.md\n        - gone.md\n",
        )
        .unwrap();
        let mut raw = RawConfig::default();
        let lines: Vec<String> = detect(dir.path(), "mkdocs.yml", &mut raw)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            raw.build.link_definitions,
            [PathBuf::from("includes/links.md")]
        );
        assert!(
            lines[0].starts_with("markdown extensions: mkdocs.yml turns on admonition"),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with("heading ids: toc's slugify is "),
            "{lines:?}"
        );
        assert!(
            lines[2].contains("(not found in the folder: gone.md)"),
            "{lines:?}"
        );
    }

    #[test]
    fn python_markdown_s_slugify_gives_its_ids_and_another_leaves_them_to_the_check() {
        let ids = |yaml: &str| {
            let config: Value = serde_yaml::from_str(yaml).unwrap();
            let mut raw = RawConfig::default();
            let decision = heading_ids("mkdocs.yml", yaml, &extensions(&config), &mut raw);
            (raw.build.heading_ids, decision.finding)
        };
        let (style, finding) = ids("markdown_extensions: [admonition]\n");
        assert_eq!(style, HeadingIds::PythonMarkdown);
        assert!(finding.contains("lists no toc"), "{finding}");
        let named = "markdown_extensions:\n  - toc:\n      slugify: !!python/name:markdown.extensions.toc.slugify\n";
        assert_eq!(ids(named).0, HeadingIds::PythonMarkdown);
        let other = "markdown_extensions:\n  - toc:\n      slugify: !!python/name:pymdownx.slugs.uslugify\n";
        let (style, finding) = ids(other);
        assert_eq!(style, HeadingIds::Github, "left to the check");
        assert!(finding.contains("pymdownx.slugs.uslugify"), "{finding}");
    }
}
