//! Lines of other tools' syntax that Markdown would show as text: MDX's `import`/`export`
//! blocks (in an MDX file, as their own block at the top level), JSX components such as
//! `<InDocAd/>` and Hugo shortcodes (`{{< … >}}`, `{{% … %}}`) on a line of their own, and a
//! `<head>` … `</head>` block (Docusaurus's page metadata), which would otherwise land inside the
//! page's `<article>`. Each is left out of the page, its lines blanked so that every later line
//! keeps its number, and reported where it stands. Hugo's code shortcodes become fences, and
//! a line starting with `:` and no space (a `:::tip` fence) gets its `:` escaped, so that the
//! definition-list syntax does not read it as a definition. In MDX, a comment (`{/* … */}`) on
//! lines of its own goes without a word, as an HTML comment would. Code, fenced or indented, is never
//! touched: what it shows is what was written.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use crate::diagnostic::{Diagnostic, rules};

/// What a left-out line was, for a line of any Markdown file.
fn kind(line: &str) -> Option<&'static str> {
    let trimmed = line.trim();
    let starts_jsx = |rest: &str| rest.starts_with(|c: char| c.is_ascii_uppercase());
    if trimmed
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

/// What an MDX file's line opening an ESM block is (`import … from '…'`, `export …`).
fn esm(line: &str) -> Option<&'static str> {
    let trimmed = line.trim_end();
    if line.starts_with("import ")
        && (trimmed.contains(" from ")
            || trimmed.ends_with(';')
            || line[7..].starts_with(['\'', '"']))
    {
        Some("an MDX import")
    } else if line.starts_with("export ") {
        Some("an MDX export")
    } else {
        None
    }
}

/// A stretch of the body's lines (indexes) to leave out, and what it is.
struct LeftOut {
    lines: Range<usize>,
    what: &'static str,
    action: Action,
}

/// What becomes of a stretch's lines.
enum Action {
    /// Blanked, and reported.
    Blank,
    /// A paired Hugo shortcode whose body is code: the fence its opening and closing lines
    /// become, the body kept as it is.
    Fence(String, String),
    /// A line that starts with `:` and no space (a `:::tip` admonition's fence, an emoji
    /// code), which the definition-list syntax would read as a definition: its `:` escaped.
    EscapeColon,
    /// An MDX comment (`{/* … */}`) on lines of its own: blanked without a word, as Markdown
    /// leaves out an HTML comment; nothing of the page is lost.
    Comment,
}

/// The spaces and tabs `line` starts with.
fn indent_of(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Whether `line` starts (indented at most three) with `:` and then no space.
fn colon_start(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    indent <= 3
        && rest
            .strip_prefix(':')
            .is_some_and(|r| r.starts_with(|c: char| !c.is_whitespace()))
}

/// Hugo's paired shortcodes whose body is code: `{{< highlight go >}}` (the language its first
/// argument) and `{{< code-toggle file=hugo >}}` (a configuration, in TOML unless it reads as
/// JSON or YAML).
fn code_shortcode(line: &str) -> Option<(&'static str, Option<String>)> {
    let inner = line.trim().strip_prefix("{{<")?.strip_suffix(">}}")?.trim();
    let mut words = inner.split_whitespace();
    match words.next()? {
        "highlight" => Some((
            "highlight",
            words.next().map(|lang| lang.trim_matches('"').to_owned()),
        )),
        "code-toggle" => Some(("code-toggle", None)),
        _ => None,
    }
}

/// The language of a `code-toggle` body: JSON, YAML or TOML, as Hugo reads it.
fn config_language(body: &[&str]) -> &'static str {
    let first = body.iter().map(|l| l.trim()).find(|l| !l.is_empty());
    if first.is_some_and(|l| l.starts_with('{')) {
        "json"
    } else if !body.iter().any(|l| l.contains('=')) && body.iter().any(|l| l.contains(':')) {
        "yaml"
    } else {
        "toml"
    }
}

/// The paired code shortcode opening at `index`, up to its closing line, as a fenced block
/// (the fence longer than any run of `~` in the body).
fn code_block(lines: &[&str], index: usize) -> Option<LeftOut> {
    let (name, lang) = code_shortcode(lines[index])?;
    let close = lines[index + 1..].iter().position(|l| {
        l.trim()
            .strip_prefix("{{<")
            .and_then(|l| l.strip_suffix(">}}"))
            .is_some_and(|l| l.trim().strip_prefix('/').map(str::trim) == Some(name))
    })? + index
        + 1;
    let body = &lines[index + 1..close];
    let lang = lang.unwrap_or_else(|| {
        if name == "code-toggle" {
            config_language(body).to_owned()
        } else {
            String::new()
        }
    });
    let longest = body
        .iter()
        .map(|l| l.trim_start().chars().take_while(|&c| c == '~').count())
        .max()
        .unwrap_or(0);
    let fence = "~".repeat(longest.max(2) + 1);
    Some(LeftOut {
        lines: index..close + 1,
        what: "a Hugo code shortcode",
        // Indented as the shortcode was, so that one in a list item stays in it.
        action: Action::Fence(
            format!("{}{fence}{lang}", indent_of(lines[index])),
            format!("{}{fence}", indent_of(lines[close])),
        ),
    })
}

/// The first line at or after a place that `matches`, remembered between questions asked at
/// places that only grow (as `left_out` walks down), so that many openers without a closer
/// cost one scan of the lines, not one each.
struct NextMatch<F> {
    matches: F,
    /// The answer of the last scan: `Some(None)` when no line from where it started matches.
    found: Option<Option<usize>>,
}

impl<F: Fn(&str) -> bool> NextMatch<F> {
    fn new(matches: F) -> Self {
        NextMatch {
            matches,
            found: None,
        }
    }

    fn at_or_after(&mut self, lines: &[&str], from: usize) -> Option<usize> {
        match self.found {
            Some(None) => return None,
            Some(Some(at)) if at >= from => return Some(at),
            _ => {}
        }
        let found = lines
            .get(from..)?
            .iter()
            .position(|l| (self.matches)(l))
            .map(|at| from + at);
        self.found = Some(found);
        found
    }
}

/// The end (exclusive) of the MDX comment that opens `lines[index]`, when the line starts one
/// and a line (found by `closer`) closes it.
fn mdx_comment(
    lines: &[&str],
    index: usize,
    closer: &mut NextMatch<impl Fn(&str) -> bool>,
) -> Option<usize> {
    let rest = lines[index].trim_start().strip_prefix("{/*")?;
    if rest.trim_end().ends_with("*/}") {
        return Some(index + 1);
    }
    closer.at_or_after(lines, index + 1).map(|close| close + 1)
}

/// The stretches of `lines` to leave out, code not yet excluded. In an MDX file (`mdx`), an
/// ESM block opens after a blank line (or first in the body) and runs to the next blank line.
fn left_out(lines: &[&str], mdx: bool) -> Vec<LeftOut> {
    let mut found = Vec::new();
    let mut head_end = NextMatch::new(|l: &str| l.contains("</head>"));
    let mut comment_end = NextMatch::new(|l: &str| l.trim_end().ends_with("*/}"));
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let own_block = index == 0 || lines[index - 1].trim().is_empty();
        if let Some(code) = code_block(lines, index) {
            index = code.lines.end;
            found.push(code);
            continue;
        }
        let stretch = if line.trim_start().starts_with("<head>") {
            // Only a closed block: an unclosed `<head>` would take the rest of the page.
            head_end
                .at_or_after(lines, index)
                .map(|close| (close + 1, "a `<head>` block"))
        } else if let Some(what) = esm(line).filter(|_| mdx && own_block) {
            let end = lines[index..]
                .iter()
                .position(|l| l.trim().is_empty())
                .map_or(lines.len(), |blank| index + blank);
            Some((end, what))
        } else if let Some(end) = mdx
            .then(|| mdx_comment(lines, index, &mut comment_end))
            .flatten()
        {
            found.push(LeftOut {
                lines: index..end,
                what: "an MDX comment",
                action: Action::Comment,
            });
            index = end;
            continue;
        } else if colon_start(line) {
            found.push(LeftOut {
                lines: index..index + 1,
                what: "a line starting with `:`",
                action: Action::EscapeColon,
            });
            None
        } else {
            kind(line).map(|what| (index + 1, what))
        };
        match stretch {
            Some((end, what)) => {
                found.push(LeftOut {
                    lines: index..end,
                    what,
                    action: Action::Blank,
                });
                index = end;
            }
            None => index += 1,
        }
    }
    found
}

/// The lines (indexes) of `body` inside code blocks, fenced or indented, at any depth.
fn code_lines(body: &str) -> Vec<Range<usize>> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset) - 1;
    Parser::new_ext(body, super::markdown::options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_)) => {
                Some(line_of(range.start)..line_of(range.end.saturating_sub(1)) + 1)
            }
            _ => None,
        })
        .collect()
}

/// `text` with the unsupported lines of its body (from `body_offset`) blanked, when it has
/// any, and a warning for each. `mdx`: the file is MDX, whose ESM blocks are left out too.
pub(super) fn strip(
    text: &str,
    body_offset: usize,
    file: &str,
    mdx: bool,
) -> (Option<String>, Vec<Diagnostic>) {
    let body = &text[body_offset..];
    let lines: Vec<&str> = body.lines().collect();
    let found = left_out(&lines, mdx);
    if found.is_empty() {
        return (None, Vec::new());
    }
    let code = code_lines(body);
    let first_line = text[..body_offset].matches('\n').count() + 1;
    // Line number → what it becomes, in line order.
    let mut edits: Vec<(usize, String)> = Vec::new();
    let mut diagnostics = Vec::new();
    for stretch in found {
        let in_code = code
            .iter()
            .any(|c| c.start < stretch.lines.end && stretch.lines.start < c.end);
        if in_code {
            continue;
        }
        let number = first_line + stretch.lines.start;
        let line = lines[stretch.lines.start];
        match stretch.action {
            Action::Blank => {}
            Action::Comment => {
                edits.extend(stretch.lines.map(|i| (first_line + i, String::new())));
                continue;
            }
            Action::Fence(open, close) => {
                // A code block of its own: nothing is left out.
                edits.push((number, open));
                edits.push((first_line + stretch.lines.end - 1, close));
                continue;
            }
            Action::EscapeColon => {
                let indent = line.len() - line.trim_start().len();
                edits.push((number, format!("{}\\{}", &line[..indent], &line[indent..])));
                continue;
            }
        }
        let column = line.len() - line.trim_start().len() + 1;
        let left = match stretch.lines.len() {
            1 => "the line is left out of the page".to_owned(),
            n => format!("its {n} lines are left out of the page"),
        };
        let d = rules::UNSUPPORTED_SYNTAX
            .report(file, format!("{} is not Markdown: {left}", stretch.what))
            .at(text, number, column)
            .spanning(line.trim().chars().count());
        diagnostics.push(if stretch.what.contains("<head>") {
            d.with_help("the page's title and description come from the front matter")
        } else {
            d
        });
        edits.extend(stretch.lines.map(|i| (first_line + i, String::new())));
    }
    if edits.is_empty() {
        return (None, diagnostics);
    }
    (Some(edit(text, &edits)), diagnostics)
}

/// `text` with the lines numbered in `edits` (in order) replaced, their line breaks kept.
fn edit(text: &str, edits: &[(usize, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut next = edits.iter().peekable();
    for (index, line) in text.split_inclusive('\n').enumerate() {
        match next.next_if(|(n, _)| *n == index + 1) {
            Some((_, replacement)) => {
                out.push_str(replacement);
                out.push_str(&line[line.trim_end_matches(['\n', '\r']).len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// The fence a line opens or closes (``` or ~~~, three or more, indented at most three).
pub(super) fn fence_of(line: &str) -> Option<(char, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let c = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let count = rest.chars().take_while(|&x| x == c).count();
    (indent <= 3 && count >= 3).then_some((c, count))
}

/// Whether `line` closes the fence `open` (the same character, at least as many, nothing after).
pub(super) fn closes_fence(line: &str, open: (char, usize)) -> bool {
    fence_of(line).is_some_and(|(c, n)| {
        c == open.0 && n >= open.1 && line.trim_start()[n..].trim().is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reported(text: &str, mdx: bool) -> (Option<String>, Vec<(Option<usize>, String)>) {
        let (stripped, found) = strip(text, 16, "a.md", mdx);
        if let Some(stripped) = &stripped {
            assert_eq!(
                stripped.lines().count(),
                text.lines().count(),
                "lines keep their numbers"
            );
        }
        let found = found.iter().map(|d| (d.line, d.message.clone())).collect();
        (stripped, found)
    }

    #[test]
    fn the_next_match_is_found_again_past_the_last_one_and_none_stays_none() {
        let lines = ["a", "x", "b", "x", "c"];
        let mut next = NextMatch::new(|l: &str| l == "x");
        assert_eq!(next.at_or_after(&lines, 0), Some(1));
        assert_eq!(next.at_or_after(&lines, 1), Some(1));
        assert_eq!(next.at_or_after(&lines, 2), Some(3));
        assert_eq!(next.at_or_after(&lines, 4), None);
        assert_eq!(next.at_or_after(&lines, 5), None);
        let mut none = NextMatch::new(|l: &str| l == "y");
        assert_eq!(none.at_or_after(&lines, 0), None);
        assert_eq!(none.at_or_after(&lines, 3), None);
    }

    #[test]
    fn two_head_blocks_and_an_unclosed_comment_before_a_closed_one() {
        let text = "---\ntitle: x\n---\n<head>\n<title>a</title>\n</head>\n\nText.\n\n<head>\n</head>\n\n{/* open\n\n{/* two */}\n";
        let (stripped, _) = reported(text, true);
        let stripped = stripped.expect("left out");
        assert!(!stripped.contains("<head>") && !stripped.contains("<title>"));
        assert!(stripped.contains("Text."));
        assert!(!stripped.contains("two"));
    }

    #[test]
    fn mdx_comments_go_without_a_word_in_mdx_and_stay_elsewhere() {
        let text = "---\ntitle: x\n---\nIntro.\n\n{/* TODO: one line */}\n\n{/* two\nlines */}\n\n```\n{/* in code */}\n```\n";
        let (stripped, found) = reported(text, true);
        assert_eq!(found, []);
        let stripped = stripped.expect("comments left out");
        assert!(!stripped.contains("TODO") && !stripped.contains("two\nlines"));
        assert!(
            stripped.contains("{/* in code */}"),
            "code is never touched"
        );
        assert!(stripped.contains("Intro."));
        let (stripped, found) = reported(text, false);
        assert_eq!(
            (stripped, found),
            (None, Vec::new()),
            "not MDX: text as written"
        );
    }

    #[test]
    fn mdx_and_shortcode_lines_are_left_out_and_reported_at_their_line() {
        let text = "---\ntitle: A\n---\nimport Tabs from '@theme/Tabs';\n\n<InDocAd/>\n\nText with <b>html</b>.\n\n\
                    {{< youtube abc >}}\n\n```jsx\nimport x from 'y';\n<Comp />\n```\n\nexport const meta = {\n  a: 1,\n};\n";
        let (stripped, found) = reported(text, true);
        let expected = [
            (
                4,
                "an MDX import is not Markdown: the line is left out of the page",
            ),
            (
                6,
                "a JSX component is not Markdown: the line is left out of the page",
            ),
            (
                10,
                "a Hugo shortcode is not Markdown: the line is left out of the page",
            ),
            (
                17,
                "an MDX export is not Markdown: its 3 lines are left out of the page",
            ),
        ]
        .map(|(line, m)| (Some(line), m.to_owned()));
        assert_eq!(found, expected);
        let stripped = stripped.unwrap();
        assert!(!stripped.contains("InDocAd") && !stripped.contains("youtube"));
        assert!(!stripped.contains("a: 1"), "the whole export block");
        assert!(
            stripped.contains("<Comp />") && stripped.contains("<b>html</b>"),
            "code and HTML stay"
        );
        assert_eq!(
            strip("---\ntitle: A\n---\nplain\n", 16, "a.md", true).0,
            None
        );
    }

    #[test]
    fn prose_that_starts_with_import_or_export_stays_outside_mdx_and_mid_paragraph() {
        let text = "---\ntitle: A\n---\nWe then\nimport the data from the warehouse;\nexport it nightly.\n\nimport x from 'y';\n";
        assert_eq!(reported(text, false), (None, Vec::new()), "a Markdown file");
        let (stripped, found) = reported(text, true);
        assert_eq!(
            found,
            [(
                Some(8),
                "an MDX import is not Markdown: the line is left out of the page".to_owned()
            )]
        );
        assert!(
            stripped
                .unwrap()
                .contains("import the data from the warehouse;")
        );
    }

    #[test]
    fn a_head_block_goes_but_never_from_code() {
        let (stripped, found) = reported(
            "---\ntitle: A\n---\n<head>\n  <title>T</title>\n</head>\n\nText.\n",
            false,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, Some(4));
        assert_eq!(
            stripped.as_deref(),
            Some("---\ntitle: A\n---\n\n\n\n\nText.\n")
        );
        // In indented code, in a fence inside a list, or unclosed: nothing is touched.
        for text in [
            "---\ntitle: A\n---\nAn example:\n\n    <head>\n      <title>T</title>\n\nMore prose.\n\n    </head>\n",
            "---\ntitle: A\n---\n- step\n\n  ```html\n  <head>\n  ```\n\n</head>\n",
            "---\ntitle: A\n---\n<head>\nno end\n\nText.\n",
        ] {
            assert_eq!(reported(text, false), (None, Vec::new()), "{text}");
        }
    }

    #[test]
    fn hugo_code_shortcodes_become_code_blocks() {
        let text = "---\ntitle: A\n---\n{{< highlight go \"linenos=table\" >}}\nfunc \"main\"() {}\n{{< /highlight >}}\n\n\
                    {{< code-toggle file=hugo >}}\n[params]\nsay = \"hi\"\n{{< /code-toggle >}}\n\n{{< code-toggle >}}\nparams:\n  a: 1\n{{< /code-toggle >}}\n";
        let (stripped, found) = reported(text, false);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(
            stripped.as_deref(),
            Some(
                "---\ntitle: A\n---\n~~~go\nfunc \"main\"() {}\n~~~\n\n~~~toml\n[params]\nsay = \"hi\"\n~~~\n\n~~~yaml\nparams:\n  a: 1\n~~~\n"
            )
        );
        let (listed, _) = reported(
            "---\ntitle: A\n---\n- Step:\n\n  {{< highlight sh >}}\n  make\n  {{< /highlight >}}\n",
            false,
        );
        assert!(
            listed.is_some_and(|t| t.ends_with("- Step:\n\n  ~~~sh\n  make\n  ~~~\n")),
            "in its list item"
        );
        let g = crate::guide::testing::guide(&text[16..]);
        assert!(g.body.html.contains("main"), "{}", g.body.html);
        assert!(
            !g.body.html.contains("&ldquo;main") && !g.body.html.contains("“main"),
            "no curly quotes: {}",
            g.body.html
        );
        assert!(g.body.html.matches("<pre").count() == 3, "{}", g.body.html);
    }
}
