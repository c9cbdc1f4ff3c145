//! What under the content folder is not a page: partials (folders and files whose name starts
//! with `_`, which Docusaurus and Jekyll leave out too, and files other files include), and
//! drafts folders. Each becomes an `exclude` pattern (globset, see `config/exclude.rs`).

use std::collections::BTreeMap;

use super::folder::Source;
use super::{Decision, count};
use crate::urls::join_relative;

/// Folders of drafts: whatever their depth, and later ones too.
const DRAFTS: &[&str] = &["drafts", "_drafts", "draft"];

/// `_` folders that are content (Jekyll's posts).
const UNDERSCORE_CONTENT: &[&str] = &["_posts"];

/// The patterns found and why.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub patterns: Vec<String>,
    pub decisions: Vec<Decision>,
}

/// Finds what to leave out of `files`; returns the files that stay, and the patterns.
pub(crate) fn detect(files: &[Source]) -> (Vec<Source>, Found) {
    // Pattern → (files it leaves out, why).
    let mut found: BTreeMap<String, (Vec<&str>, String)> = BTreeMap::new();
    for file in files {
        if let Some((pattern, why)) = by_name(&file.path) {
            let entry = found.entry(pattern).or_insert_with(|| (Vec::new(), why));
            entry.0.push(&file.path);
        }
    }
    let named = |path: &str| found.values().any(|(paths, _)| paths.contains(&path));
    let mut included = BTreeMap::new();
    for file in files.iter().filter(|f| !named(&f.path)) {
        for target in includes(file, files) {
            if !named(target) && target != file.path {
                included.entry(target).or_insert(file.path.as_str());
            }
        }
    }
    for (target, by) in included {
        let why = format!("included by {by}: a partial, not a page");
        found.insert(literal(target), (vec![target], why));
    }
    let left_out: Vec<&str> = found
        .values()
        .flat_map(|(p, _)| p.iter().copied())
        .collect();
    let kept = files
        .iter()
        .filter(|f| !left_out.contains(&f.path.as_str()))
        .cloned()
        .collect();
    let mut result = Found::default();
    for (pattern, (paths, why)) in found {
        let finding = format!("{} ({why})", count(paths.len(), "file"));
        result.decisions.push(
            Decision::new(
                format!("exclude {pattern}"),
                finding,
                "left out of the site",
            )
            .at("build", Some("exclude")),
        );
        result.patterns.push(pattern);
    }
    (kept, result)
}

/// The pattern that leaves out a file by its name or its folders', and why.
fn by_name(path: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = path.split('/').collect();
    let (name, folders) = parts.split_last()?;
    for (depth, folder) in folders.iter().enumerate() {
        if DRAFTS.contains(folder) {
            return Some((format!("**/{folder}/**"), "in a drafts folder".to_owned()));
        }
        if folder.starts_with('_') && !UNDERSCORE_CONTENT.contains(folder) {
            let at = folders[..=depth].join("/");
            return Some((
                format!("{}/**", escape(&at)),
                "in a folder whose name starts with `_`: partials".to_owned(),
            ));
        }
    }
    (name.starts_with('_') && *name != "_index.md").then(|| {
        (
            literal(path),
            "a file whose name starts with `_`: a partial".to_owned(),
        )
    })
}

/// The content files `file` includes: MDX imports of Markdown, MkDocs snippets
/// (`--8<-- "x.md"`), Hugo, Jekyll and mdBook includes (`{{< include "x.md" >}}`,
/// `{% include x.md %}`, `{{#include x.md}}`). Only those: prose that mentions an include and a
/// file name is not one.
fn includes<'a>(file: &Source, files: &'a [Source]) -> Vec<&'a str> {
    let folder = file.path.rsplit_once('/').map_or("", |(f, _)| f);
    file.text
        .lines()
        .filter_map(include_target)
        .filter_map(|target| {
            [join_relative(folder, target), join_relative("", target)]
                .into_iter()
                .flatten()
                .find_map(|path| files.iter().find(|f| f.path == path))
        })
        .map(|f| f.path.as_str())
        .collect()
}

/// The Markdown file a line includes, if the line is an include of one of the tools.
fn include_target(line: &str) -> Option<&str> {
    let line = line.trim();
    let argument = if line.starts_with("import ") {
        // `import Intro from './intro.md';`
        line.split_once(" from ")?.1
    } else if let Some(rest) = line.strip_prefix("--8<--") {
        rest
    } else if let Some(rest) = line
        .strip_prefix("{{<")
        .or_else(|| line.strip_prefix("{{%"))
    {
        let rest = rest.trim_start();
        rest.strip_prefix("include ")?
    } else if let Some(rest) = line.strip_prefix("{%") {
        let rest = rest.trim_start();
        rest.strip_prefix("include_relative ")
            .or_else(|| rest.strip_prefix("include "))?
    } else {
        line.strip_prefix("{{#include ")?
    };
    markdown_path(argument)
}

/// The first path to a Markdown file in an include's argument: quoted, or a word ending in
/// `.md`/`.mdx`.
fn markdown_path(argument: &str) -> Option<&str> {
    argument
        .split(['"', '\'', ' ', '`', ';', '}'])
        .map(|word| word.trim_start_matches("@site/"))
        .find(|word| word.ends_with(".md") || word.ends_with(".mdx"))
}

/// A pattern matching exactly `path`.
pub(super) fn literal(path: &str) -> String {
    escape(path)
}

/// `path` with glob syntax written as classes of one character, so it matches itself only.
fn escape(path: &str) -> String {
    path.chars()
        .map(|c| match c {
            '*' | '?' | '[' | ']' | '{' | '}' | '\\' | '!' => format!("[{c}]"),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Exclude;

    fn source(path: &str, text: &str) -> Source {
        Source {
            path: path.to_owned(),
            text: text.to_owned(),
        }
    }

    #[test]
    fn partials_drafts_and_included_files_are_left_out() {
        let files = [
            source("a.md", "import Intro from './shared/intro.md';\n\n# A\n"),
            source("shared/intro.md", "Hello"),
            source("guides/_partials/x.md", ""),
            source("guides/drafts/wip.md", ""),
            source("_snippet.md", ""),
            source("_index.md", ""),
            source("_posts/2024-01-01-hi.md", ""),
            source("b.md", "--8<-- \"shared/intro.md\"\n"),
        ];
        let (kept, found) = detect(&files);
        let kept: Vec<&str> = kept.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            kept,
            ["a.md", "_index.md", "_posts/2024-01-01-hi.md", "b.md"]
        );
        assert_eq!(
            found.patterns,
            [
                "**/drafts/**",
                "_snippet.md",
                "guides/_partials/**",
                "shared/intro.md"
            ]
        );
        let exclude = Exclude::new(&found.patterns).unwrap();
        for file in &files {
            assert_eq!(
                exclude.matches(&file.path),
                !kept.contains(&file.path.as_str()),
                "{}",
                file.path
            );
        }
        assert!(found.decisions[3].finding.contains("included by a.md"));
    }

    #[test]
    fn only_include_syntax_includes() {
        for (line, target) in [
            (
                "import Intro from './shared/intro.md';",
                Some("./shared/intro.md"),
            ),
            ("  --8<-- \"intro.md\"", Some("intro.md")),
            ("{{< include \"intro.md\" >}}", Some("intro.md")),
            ("{{% include \"intro.md\" %}}", Some("intro.md")),
            ("{% include_relative intro.md %}", Some("intro.md")),
            ("{{#include intro.md}}", Some("intro.md")),
            ("To include the intro, see intro.md first.", None),
            ("We include `intro.md` in every build.", None),
            ("import the data as shown in intro.md", None),
        ] {
            assert_eq!(include_target(line), target, "{line}");
        }
        let files = [
            source("a.md", "Always include the summary: see summary.md.\n"),
            source("summary.md", "# Summary\n"),
        ];
        let (kept, _) = detect(&files);
        assert_eq!(kept.len(), 2, "a page a sentence mentions stays a page");
    }

    #[test]
    fn a_literal_path_matches_only_itself() {
        let pattern = literal("a/[x]*{y}.md");
        let exclude = Exclude::new(&[pattern]).unwrap();
        assert!(exclude.matches("a/[x]*{y}.md"));
        assert!(!exclude.matches("a/x-anything-y.md"));
    }
}
