//! MkDocs' indented blocks, read as prepbook's own: admonitions (`!!! note "Title"`, and the
//! collapsible `??? note` / `???+ note` of pymdownx.details) become callouts, content tabs
//! (`=== "Tab"`, pymdownx.tabbed) a tab set. Their bodies are Markdown indented four spaces,
//! which CommonMark reads as code.
//!
//! So the text is rewritten line for line, every line keeping its number and every body line
//! its length: the opener's line becomes a quote marker `>` and each body line's indent of four
//! spaces becomes `   >` (a tab, `>`), which makes the body a block quote holding the same
//! Markdown, dedented. The Markdown pass then draws each quote that opens on an opener's line as
//! its block ([`Converted`]). Code fences are left alone; an opener this does not reach (inside
//! a list item) is reported and left as it was.

use crate::diagnostic::{Diagnostic, rules};

/// Whether an admonition folds, and how it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fold {
    /// `!!!`: always shown.
    Never,
    /// `???`: a `<details>`, closed.
    Closed,
    /// `???+`: a `<details>`, open.
    Open,
}

/// What a quote opened on an opener's line is drawn as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Admonition {
        /// The first class word (`note`, `warning`…), which picks the callout's colours.
        kind: String,
        /// The label shown first; empty for `!!! note ""`, which MkDocs shows with none.
        title: String,
        fold: Fold,
    },
    Tab {
        title: String,
        /// `===+`: the tab shown first (else the set's first).
        selected: bool,
        /// Opens a tab set (no tab just before it, or `===!`).
        first: bool,
        /// Closes its set (no tab right after it).
        last: bool,
    },
}

/// A block converted: the line (1-based, the file's) whose quote it is, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Converted {
    pub line: usize,
    pub kind: Kind,
}

/// The text rewritten, with the blocks it holds in line order.
pub(super) struct Rewritten {
    pub text: String,
    pub blocks: Vec<Converted>,
}

/// One line being rewritten: its text (with its line break) and where the content of the
/// innermost block being read starts in it.
struct Line {
    text: String,
    content: usize,
}

impl Line {
    fn content(&self) -> &str {
        self.text
            .get(self.content..)
            .unwrap_or_default()
            .trim_end_matches(['\n', '\r'])
    }

    fn line_break(&self) -> &str {
        let text = &self.text;
        &text[text.trim_end_matches(['\n', '\r']).len()..]
    }
}

/// `text` with the MkDocs blocks of its body (from `body_offset`) rewritten as quotes, when it
/// has any; and a warning for each opener left as it was. `file_text` is the guide's file, which
/// the warnings quote (it has the same lines).
pub(super) fn rewrite(
    text: &str,
    body_offset: usize,
    file: &str,
    file_text: &str,
) -> (Option<Rewritten>, Vec<Diagnostic>) {
    // Most guides have none (`===` in JavaScript is no opener): look before copying anything.
    let opens = |line: &str| {
        let line = line.trim_start();
        ["!!!", "???", "==="].iter().any(|m| line.starts_with(m))
    };
    if !text[body_offset..].lines().any(opens) {
        return (None, Vec::new());
    }
    let first = text[..body_offset].matches('\n').count();
    let mut lines: Vec<Line> = text
        .split_inclusive('\n')
        .map(|l| Line {
            text: l.to_owned(),
            content: 0,
        })
        .collect();
    let mut found = Found::default();
    let end = lines.len();
    read_level(&mut lines, first, end, &mut found);
    let diagnostics = found
        .unconverted
        .iter()
        .map(|&(index, column, what)| {
            rules::UNSUPPORTED_SYNTAX
                .report(
                    file,
                    format!("{what} inside a list item or an indented block is not converted: its body shows as code"),
                )
                .at(file_text, index + 1, column)
                .with_help(
                    "start the block at the beginning of a line (or in another block's body), or \
                     write it as `:::note Title`, the body unindented, then `:::`",
                )
        })
        .collect();
    if found.blocks.is_empty() {
        return (None, diagnostics);
    }
    let text = lines.into_iter().map(|l| l.text).collect();
    let rewritten = Rewritten {
        text,
        blocks: found.blocks,
    };
    (Some(rewritten), diagnostics)
}

#[derive(Default)]
struct Found {
    blocks: Vec<Converted>,
    /// Openers left alone: (line index, column, what they are).
    unconverted: Vec<(usize, usize, &'static str)>,
}

/// Reads the lines `start..end` at their `content` offsets, the body of one block (or the
/// guide's body): converts each opener at the start of a line, then the blocks in its body.
fn read_level(lines: &mut [Line], start: usize, end: usize, found: &mut Found) {
    let mut fence: Option<(char, usize)> = None;
    // The tab that ended last at this level, while only blank lines follow it.
    let mut after_tab: Option<usize> = None;
    let mut index = start;
    while index < end {
        let content = lines[index].content();
        if let Some(open) = fence {
            if super::unsupported::closes_fence(content, open) {
                fence = None;
            }
            index += 1;
            continue;
        }
        if let Some(open) = super::unsupported::fence_of(content) {
            fence = Some(open);
            after_tab = None;
            index += 1;
            continue;
        }
        let Some(opener) = opener(content) else {
            if let Some(opener) = opener(content.trim_start()) {
                let column = lines[index].content + content.len() - content.trim_start().len() + 1;
                found.unconverted.push((index, column, opener.what()));
            }
            if !content.trim().is_empty() {
                after_tab = None;
            }
            index += 1;
            continue;
        };
        let body_end = body_end(lines, index + 1, end);
        let kind = match opener {
            Opener::Admonition(kind) => kind,
            Opener::Tab {
                title,
                new_set,
                selected,
            } => {
                let joins = after_tab.filter(|_| !new_set);
                if let Some(previous) = joins.and_then(|b| found.blocks.get_mut(b))
                    && let Kind::Tab { last, .. } = &mut previous.kind
                {
                    *last = false;
                }
                Kind::Tab {
                    title,
                    selected,
                    first: joins.is_none(),
                    last: true,
                }
            }
        };
        after_tab = matches!(kind, Kind::Tab { .. }).then_some(found.blocks.len());
        found.blocks.push(Converted {
            line: index + 1,
            kind,
        });
        quote(lines, index, body_end);
        read_level(lines, index + 1, body_end, found);
        index = body_end;
    }
}

/// The end of the body that starts at `from`: its lines are indented by four spaces or a tab,
/// blank lines between them included, blank lines after them not.
fn body_end(lines: &[Line], from: usize, end: usize) -> usize {
    let mut last = from;
    for (index, line) in lines.iter().enumerate().take(end).skip(from) {
        let content = line.content();
        if content.trim().is_empty() {
            continue;
        }
        if content.starts_with("    ") || content.starts_with('\t') {
            last = index + 1;
        } else {
            break;
        }
    }
    last
}

/// Rewrites the opener at `open` and its body up to `end` as a quote: the opener's line is a
/// quote marker, and each body line's indent the same number of bytes of marker, so that the
/// body's text keeps its offsets in the line.
fn quote(lines: &mut [Line], open: usize, end: usize) {
    let line = &mut lines[open];
    line.text = format!("{}>{}", &line.text[..line.content], line.line_break());
    for line in &mut lines[open + 1..end] {
        let at = line.content;
        let content = line.content();
        let (marker, width) = if content.trim().is_empty() {
            // A blank line inside the body keeps the quote going.
            let rest = line.text[at..].len() - line.line_break().len();
            ("   >", rest)
        } else if content.starts_with('\t') {
            (">", 1)
        } else {
            ("   >", 4)
        };
        line.text.replace_range(at..at + width, marker);
        line.content = at + marker.len();
    }
}

/// An opener line, read.
enum Opener {
    /// An admonition: what it is drawn as ([`Kind::Admonition`]).
    Admonition(Kind),
    Tab {
        title: String,
        new_set: bool,
        selected: bool,
    },
}

impl Opener {
    fn what(&self) -> &'static str {
        match self {
            Opener::Admonition(Kind::Admonition {
                fold: Fold::Never, ..
            }) => "an MkDocs admonition",
            Opener::Admonition(_) => "a collapsible MkDocs admonition",
            Opener::Tab { .. } => "an MkDocs content tab",
        }
    }
}

/// Reads `!!! kind "Title"`, `??? kind`, `???+ kind "Title"` (one or more class words, the
/// first the kind; the title quoted, optional) and `=== "Tab"` (`===!` opening a new set, `+`
/// marking the tab selected, which a reader's choice replaces), as Python-Markdown's patterns
/// do; anything else is no opener.
fn opener(line: &str) -> Option<Opener> {
    if let Some(rest) = line.strip_prefix("===") {
        let flags = rest.len() - rest.trim_start_matches(['+', '!']).len();
        let (flags, rest) = rest.split_at(flags);
        if flags.len() > 2 || !rest.starts_with(' ') {
            return None;
        }
        let title = quoted(rest.trim())?;
        return Some(Opener::Tab {
            title: title.to_owned(),
            new_set: flags.contains('!'),
            selected: flags.contains('+'),
        });
    }
    let (fold, rest) = if let Some(rest) = line.strip_prefix("!!!") {
        (Fold::Never, rest)
    } else if let Some(rest) = line.strip_prefix("???+") {
        (Fold::Open, rest)
    } else {
        (Fold::Closed, line.strip_prefix("???")?)
    };
    let rest = rest.strip_prefix(' ').unwrap_or(rest).trim_end();
    let (classes, title) = match rest.find('"') {
        Some(quote) => (&rest[..quote], Some(quoted(&rest[quote..])?)),
        None => (rest, None),
    };
    let mut words = classes.split(' ').filter(|w| !w.is_empty());
    let kind = words.next()?;
    let is_word = |w: &str| {
        w.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    };
    if !is_word(kind) || !words.all(is_word) || !classes.starts_with(kind) {
        return None;
    }
    let title = title.map_or_else(|| capitalised(kind), str::to_owned);
    Some(Opener::Admonition(Kind::Admonition {
        kind: kind.to_owned(),
        title,
        fold,
    }))
}

/// The text between the quotes of `"…"`, which must be the whole of `text`.
fn quoted(text: &str) -> Option<&str> {
    text.strip_prefix('"')?.strip_suffix('"')
}

/// `note` → `Note`, as Python-Markdown titles an admonition without one.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(body: &str) -> (String, Vec<Converted>, Vec<Diagnostic>) {
        let text = format!("---\ntitle: A\n---\n{body}");
        let (rewritten, diagnostics) = rewrite(&text, 16, "a.md", &text);
        let rewritten = rewritten.map_or((text.clone(), Vec::new()), |r| (r.text, r.blocks));
        assert_eq!(
            rewritten.0.lines().count(),
            text.lines().count(),
            "every line keeps its number"
        );
        (rewritten.0, rewritten.1, diagnostics)
    }

    #[test]
    fn bodies_become_quotes_of_the_same_text_line_for_line() {
        let (text, blocks, diagnostics) = rewritten(
            "!!! warning \"Mind the gap\"\n    Body *one*.\n\n    ```py\n    x = 1\n\n    ```\n\nAfter.\n",
        );
        assert!(diagnostics.is_empty());
        assert_eq!(
            text,
            "---\ntitle: A\n---\n>\n   >Body *one*.\n   >\n   >```py\n   >x = 1\n   >\n   >```\n\nAfter.\n"
        );
        assert_eq!(
            blocks,
            [Converted {
                line: 4,
                kind: Kind::Admonition {
                    kind: "warning".into(),
                    title: "Mind the gap".into(),
                    fold: Fold::Never
                }
            }]
        );
    }

    #[test]
    fn nested_blocks_and_tab_sets() {
        let (text, blocks, _) = rewritten(
            "=== \"Python\"\n\n    ??? tip\n        Inner.\n\n=== \"Rust\"\n\n    Code.\n\n===! \"Alone\"\n    A.\n\nText.\n\n=== \"Last\"\n    L.\n",
        );
        assert!(text.contains("\n   >>\n   >   >Inner.\n"), "{text}");
        let kinds: Vec<(usize, &Kind)> = blocks.iter().map(|b| (b.line, &b.kind)).collect();
        let tab = |title: &str, first, last| Kind::Tab {
            title: title.into(),
            selected: false,
            first,
            last,
        };
        assert_eq!(
            kinds,
            [
                (4, &tab("Python", true, false)),
                (
                    6,
                    &Kind::Admonition {
                        kind: "tip".into(),
                        title: "Tip".into(),
                        fold: Fold::Closed
                    }
                ),
                (9, &tab("Rust", false, true)),
                (13, &tab("Alone", true, true)),
                (18, &tab("Last", true, true)),
            ]
        );
    }

    #[test]
    fn fenced_openers_are_code_and_listed_ones_are_reported() {
        let (text, blocks, diagnostics) = rewritten(
            "```\n!!! note\n    not a body\n```\n\n- item\n\n    !!! note \"In a list\"\n        body\n\nText !!! note here.\n!!! bad\"title\n",
        );
        assert!(blocks.is_empty());
        assert!(text.contains("```\n!!! note\n    not a body\n```"));
        let found: Vec<(Option<usize>, Option<usize>)> =
            diagnostics.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(found, [(Some(11), Some(5))]);
        assert!(
            diagnostics[0]
                .message
                .starts_with("an MkDocs admonition inside a list item")
        );
    }

    #[test]
    fn openers_read_like_python_markdown() {
        let admonition = |line: &str| match opener(line) {
            Some(Opener::Admonition(Kind::Admonition { kind, title, fold })) => {
                Some((kind, title, fold))
            }
            _ => None,
        };
        assert_eq!(
            admonition("!!! danger highlight \"Stop\""),
            Some(("danger".into(), "Stop".into(), Fold::Never))
        );
        assert_eq!(
            admonition("???+ NOTE"),
            Some(("NOTE".into(), "Note".into(), Fold::Open))
        );
        assert_eq!(
            admonition("!!! note \"\""),
            Some(("note".into(), String::new(), Fold::Never))
        );
        for not in [
            "!!!",
            "!!! \"Title\"",
            "!!! a.b",
            "??? x \"open",
            "=== Tab",
            "===+!! \"T\"",
        ] {
            assert!(opener(not).is_none(), "{not}");
        }
        assert!(matches!(
            opener("===+ \"T\""),
            Some(Opener::Tab {
                new_set: false,
                selected: true,
                ..
            })
        ));
    }

    #[test]
    fn the_page_shows_callouts_and_a_tab_set_with_their_markdown() {
        let g = crate::guide::testing::guide(
            "Intro.\n!!! warning \"Mind *the* gap\"\n    Body with [a link](b.md).\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n\n\
             ???+ note\n    Open.\n\n=== \"Python\"\n\n    ```python\n    x = 1\n    ```\n\n=== \"Rust\"\n    Rust *too*.\n\n> A quote of mine.\n",
        );
        let html = &g.body.html;
        for expected in [
            "<aside class=\"callout callout-warning\" role=\"note\"><p class=\"callout-label\">Mind *the* gap</p>\n<p>Body with <a href=\"/b/\">a link</a>.</p>",
            "<details class=\"callout callout-note\" open><summary class=\"callout-label\">Note</summary>\n<p>Open.</p>\n</details>",
            "<div class=\"tabs\">\n<div class=\"tab-panel\"><p class=\"tab-label\">Python</p>\n",
            "<div class=\"tab-panel\"><p class=\"tab-label\">Rust</p>\n<p>Rust <em>too</em>.</p>\n</div>\n</div>\n",
            "<blockquote>\n<p>A quote of mine.</p>\n</blockquote>",
        ] {
            assert!(html.contains(expected), "{expected}\nin:\n{html}");
        }
        assert!(html.contains("<table>"), "the table is a table: {html}");
        assert!(!html.contains("!!!") && !html.contains("==="), "{html}");
        assert!(!html.contains("<pre><code>Body"), "no body is code: {html}");
        assert_eq!(g.body.links[0].dest, "b.md");
        // The link is placed in the file: line 6, after the four spaces of indent.
        assert_eq!(g.source.locate(g.body.links[0].at), (6, 15));
    }

    #[test]
    fn any_mix_of_openers_indents_and_fences_parses_and_keeps_its_lines() {
        const PIECES: [&str; 16] = [
            "!!! note \"T\"",
            "??? tip",
            "???+ x y",
            "=== \"A\"",
            "===! \"B\"",
            "    ",
            "\t",
            "        ",
            "```",
            "~~~",
            "- item",
            "> q",
            ":::tip",
            ":::",
            "text é",
            "",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap_or(0)
        };
        for _ in 0..500 {
            let mut body = String::new();
            for _ in 0..next(30) {
                for _ in 0..=next(2) {
                    body.push_str(PIECES[next(PIECES.len())]);
                }
                body.push(if next(5) == 0 { '\r' } else { ' ' });
                body.push('\n');
            }
            let (text, _, _) = rewritten(&body);
            let g = crate::guide::testing::guide(&body);
            assert_eq!(
                g.body.html.matches("<aside").count(),
                g.body.html.matches("</aside>").count(),
                "{body:?} -> {text:?}"
            );
        }
    }
}
