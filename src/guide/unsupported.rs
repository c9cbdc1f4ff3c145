//! Lines of other tools' syntax that Markdown would show as text: MDX (`import … from`,
//! `export …`, JSX components such as `<InDocAd/>`) and Hugo shortcodes (`{{< … >}}`,
//! `{{% … %}}`), and a `<head>` … `</head>` block (Docusaurus's page metadata), which would
//! otherwise land inside the page's `<article>`. Each is left out of the page, its lines
//! blanked so that every later line keeps its number, and reported where it stands. Fenced
//! code is left alone.

use crate::diagnostic::{Diagnostic, rules};

/// What a left-out line was.
fn kind(line: &str) -> Option<&'static str> {
    let trimmed = line.trim();
    let starts_jsx = |rest: &str| rest.starts_with(|c: char| c.is_ascii_uppercase());
    if line.starts_with("import ") && (trimmed.contains(" from ") || trimmed.ends_with(';')) {
        Some("an MDX import")
    } else if line.starts_with("export ") {
        Some("an MDX export")
    } else if trimmed
        .strip_prefix("</")
        .or_else(|| trimmed.strip_prefix('<'))
        .is_some_and(starts_jsx)
        && trimmed.ends_with('>')
    {
        Some("a JSX component")
    } else if trimmed.starts_with("{{<") || trimmed.starts_with("{{%") {
        Some("a Hugo shortcode")
    } else {
        None
    }
}

/// `text` with the unsupported lines of its body (from `body_offset`) blanked, when it has
/// any, and a warning for each.
#[allow(
    clippy::too_many_lines,
    reason = "one pass over the lines, with a case per kind of unsupported line"
)]
pub(super) fn strip(
    text: &str,
    body_offset: usize,
    file: &str,
) -> (Option<String>, Vec<Diagnostic>) {
    let first_line = text[..body_offset].matches('\n').count() + 1;
    let mut fence: Option<(char, usize)> = None;
    let mut in_head = false;
    let mut blanked: Vec<usize> = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, line) in text[body_offset..].lines().enumerate() {
        let number = first_line + index;
        if in_head || (fence.is_none() && line.trim_start().starts_with("<head>")) {
            if !in_head {
                let d = rules::UNSUPPORTED_SYNTAX
                    .report(
                        file,
                        "a `<head>` block in a guide's body is left out of the page",
                    )
                    .at(text, number, line.len() - line.trim_start().len() + 1)
                    .spanning("<head>".len())
                    .with_help("the page's title and description come from the front matter");
                diagnostics.push(d);
            }
            in_head = !line.contains("</head>");
            blanked.push(number);
            continue;
        }
        if let Some(open) = fence_of(line) {
            fence = match fence {
                None => Some(open),
                Some((c, n))
                    if open.0 == c
                        && open.1 >= n
                        && line.trim_start()[open.1..].trim().is_empty() =>
                {
                    None
                }
                still => still,
            };
            continue;
        }
        if fence.is_some() {
            continue;
        }
        if let Some(what) = kind(line) {
            let column = line.len() - line.trim_start().len() + 1;
            diagnostics.push(
                rules::UNSUPPORTED_SYNTAX
                    .report(
                        file,
                        format!("{what} is not Markdown: the line is left out of the page"),
                    )
                    .at(text, number, column)
                    .spanning(line.trim().chars().count()),
            );
            blanked.push(number);
        } else if let Some(what) = mkdocs_block(line) {
            // Its body is Markdown indented four spaces, which CommonMark reads as code: the
            // text stays on the page, as code, and the author is told how to keep it prose.
            diagnostics.push(
                rules::UNSUPPORTED_SYNTAX
                    .report(
                        file,
                        format!("{what} is not Markdown: its indented body shows as a code block"),
                    )
                    .at(text, number, 1)
                    .spanning(line.trim_end().chars().count())
                    .with_help(
                        "write it as `:::note Title`, the body unindented, then `:::`: an \
                         admonition prepbook draws as a callout",
                    ),
            );
        }
    }
    if blanked.is_empty() {
        return (None, diagnostics);
    }
    let mut out = String::with_capacity(text.len());
    // `blanked` is in line order: walk it alongside the lines.
    let mut next = blanked.iter().peekable();
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if next.next_if(|&&n| n == index + 1).is_some() {
            out.push_str(&line[line.trim_end_matches(['\n', '\r']).len()..]);
        } else {
            out.push_str(line);
        }
    }
    (Some(out), diagnostics)
}

/// What a line opening one of MkDocs' indented blocks is: an admonition (`!!! note "Title"`,
/// collapsible `??? tip` or `???+ tip`) or a content tab (`=== "Tab"`), written at the start
/// of the line.
fn mkdocs_block(line: &str) -> Option<&'static str> {
    let kind_follows = |rest: &str| {
        rest.strip_prefix(' ')
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
    };
    if line.strip_prefix("!!!").is_some_and(kind_follows) {
        Some("an MkDocs admonition")
    } else if line
        .strip_prefix("???+")
        .or_else(|| line.strip_prefix("???"))
        .is_some_and(kind_follows)
    {
        Some("a collapsible MkDocs admonition")
    } else if line.starts_with("=== \"") {
        Some("an MkDocs content tab")
    } else {
        None
    }
}

/// The fence a line opens or closes (``` or ~~~, three or more, indented at most three).
pub(super) fn fence_of(line: &str) -> Option<(char, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let c = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let count = rest.chars().take_while(|&x| x == c).count();
    (indent <= 3 && count >= 3).then_some((c, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mkdocs_blocks_are_reported_and_kept() {
        let text = "---\ntitle: A\n---\n!!! warning \"Mind the gap\"\n\n    Body.\n\n???+ tip\n\n    More.\n\n=== \"Python\"\n\n    Code.\n\n```\n!!! note\n```\n\nText !!! note here.\n";
        let (stripped, found) = strip(text, 16, "a.md");
        assert!(stripped.is_none(), "nothing is left out");
        let found: Vec<(Option<usize>, &str)> =
            found.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (
                    Some(4),
                    "an MkDocs admonition is not Markdown: its indented body shows as a code block"
                ),
                (
                    Some(8),
                    "a collapsible MkDocs admonition is not Markdown: its indented body shows as a code block"
                ),
                (
                    Some(12),
                    "an MkDocs content tab is not Markdown: its indented body shows as a code block"
                ),
            ]
        );
    }

    #[test]
    fn mdx_and_shortcode_lines_are_left_out_and_reported_at_their_line() {
        let text = "---\ntitle: A\n---\nimport Tabs from '@theme/Tabs';\n\n<InDocAd/>\n\nText with <b>html</b>.\n\n\
                    {{< youtube abc >}}\n\n```jsx\nimport x from 'y';\n<Comp />\n```\n\nexport const meta = {};\n";
        let (stripped, found) = strip(text, 16, "a.md");
        let found: Vec<(Option<usize>, &str)> =
            found.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (
                    Some(4),
                    "an MDX import is not Markdown: the line is left out of the page"
                ),
                (
                    Some(6),
                    "a JSX component is not Markdown: the line is left out of the page"
                ),
                (
                    Some(10),
                    "a Hugo shortcode is not Markdown: the line is left out of the page"
                ),
                (
                    Some(17),
                    "an MDX export is not Markdown: the line is left out of the page"
                ),
            ]
        );
        let stripped = stripped.unwrap();
        assert_eq!(
            stripped.lines().count(),
            text.lines().count(),
            "lines keep their numbers"
        );
        assert!(!stripped.contains("InDocAd") && !stripped.contains("youtube"));
        assert!(
            stripped.contains("<Comp />") && stripped.contains("<b>html</b>"),
            "code and HTML stay"
        );
        assert_eq!(strip("---\ntitle: A\n---\nplain\n", 16, "a.md").0, None);
        let (stripped, found) = strip("<head>\n  <title>T</title>\n</head>\n\nText.\n", 0, "a.md");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(1));
        assert_eq!(stripped.as_deref(), Some("\n\n\n\nText.\n"));
    }
}
