//! MkDocs' indented blocks, read as prepbook's own: admonitions (`!!! note "Title"`, and the
//! collapsible `??? note` / `???+ note` of pymdownx.details) become callouts, content tabs
//! (`=== "Tab"`, pymdownx.tabbed) a tab set. Their bodies are Markdown indented four spaces,
//! which CommonMark reads as code.
//!
//! So the text is rewritten line for line, every line keeping its number and every body line
//! its length: the opener's line becomes a quote marker `>` and each body line's indent of four
//! spaces becomes `   >` (a tab, `>`), which makes the body a block quote holding the same
//! Markdown, dedented. An opener at the content of a list item (`- item`, then the opener
//! indented) is quoted there, its body lines' indent becoming `>   `, so the quote stays in the
//! item. The Markdown pass then draws each quote that opens on an opener's line as its block
//! ([`Converted`]). Code fences are left alone; an opener indented otherwise (code) is reported
//! and left as it was.

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
    read_level(&mut lines, first, end, Marker::Last, &mut found);
    let diagnostics = found
        .unconverted
        .iter()
        .map(|&(index, column, what)| {
            rules::UNSUPPORTED_SYNTAX
                .report(
                    file,
                    format!(
                        "{what} indented past a list item's content (or with no list item) is \
                         not converted: its body shows as code"
                    ),
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

/// Where a quote's marker goes in each body line's four bytes of indent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// `   >`: the body's text right after the marker, dedented (a block at a line's start).
    Last,
    /// `>   `: the marker where the opener was, so that it stays inside the list item the
    /// opener is in (a quote marker past the item's content by four columns would be code);
    /// the body's text keeps its offsets, read by the quote as indented by two spaces.
    First,
}

/// What is known of the lines read so far at one level.
#[derive(Default)]
struct Level {
    /// An open code fence: its character, length, and the offset its lines are read from.
    fence: Option<(char, usize, usize)>,
    /// The tab that ended last at this level, while only blank lines follow it.
    after_tab: Option<usize>,
    /// The column where the content of the list item the lines are in starts.
    item: Option<usize>,
}

/// Reads the lines `start..end` at their `content` offsets, the body of one block (or the
/// guide's body): converts each opener at the start of a line, or at the start of a list
/// item's content, then the blocks in its body.
fn read_level(lines: &mut [Line], start: usize, end: usize, marker: Marker, found: &mut Found) {
    let mut level = Level::default();
    let mut index = start;
    while index < end {
        let content = lines[index].content();
        if level.in_fence(content) {
            index += 1;
            continue;
        }
        let Some((opener, shift)) = level.opener(content) else {
            if let Some(opener) = opener(content.trim_start()) {
                let column = lines[index].content + content.len() - content.trim_start().len() + 1;
                found.unconverted.push((index, column, opener.what()));
            }
            level.read(content);
            index += 1;
            continue;
        };
        let body_end = body_end(lines, index + 1, end, shift);
        let kind = level.kind(opener, found);
        level.after_tab = matches!(kind, Kind::Tab { .. }).then_some(found.blocks.len());
        found.blocks.push(Converted {
            line: index + 1,
            kind,
        });
        for line in &mut lines[index..body_end] {
            let blank = line.text.len() - line.line_break().len();
            line.content = (line.content + shift).min(blank);
        }
        let marker = if shift > 0 { Marker::First } else { marker };
        quote(lines, index, body_end, marker);
        read_level(lines, index + 1, body_end, marker, found);
        index = body_end;
    }
}

impl Level {
    /// Whether `content` is a line of code: inside a fence, or a fence's opening or closing
    /// line (at a line's start, or at its list item's content).
    fn in_fence(&mut self, content: &str) -> bool {
        let indent = content.len() - content.trim_start_matches(' ').len();
        if let Some((c, n, offset)) = self.fence {
            if super::unsupported::closes_fence(&content[offset.min(indent)..], (c, n)) {
                self.fence = None;
            }
            return true;
        }
        let offset = self.item.filter(|&c| c <= indent).unwrap_or(0);
        let Some((c, n)) = super::unsupported::fence_of(&content[offset..]) else {
            return false;
        };
        self.fence = Some((c, n, offset));
        self.after_tab = None;
        true
    }

    /// The opener `content` is, and how far into it: at its start, or indented to the
    /// content of the list item it is in.
    fn opener(&self, content: &str) -> Option<(Opener, usize)> {
        if let Some(found) = opener(content) {
            return Some((found, 0));
        }
        let indent = content.len() - content.trim_start_matches(' ').len();
        let item = self.item?;
        (item <= indent && indent <= item + 3)
            .then(|| opener(&content[indent..]).map(|found| (found, indent)))
            .flatten()
    }

    /// Keeps track of the list item and of the tab set past a line that opens nothing.
    fn read(&mut self, content: &str) {
        if content.trim().is_empty() {
            return;
        }
        self.after_tab = None;
        if let Some(column) = list_item_content(content) {
            self.item = Some(column);
        } else if !content.starts_with(' ') {
            self.item = None;
        }
    }

    /// What the opener is drawn as; a tab joins the set of the tab just before it.
    fn kind(&self, opener: Opener, found: &mut Found) -> Kind {
        match opener {
            Opener::Admonition(kind) => kind,
            Opener::Tab {
                title,
                new_set,
                selected,
            } => {
                let joins = self.after_tab.filter(|_| !new_set);
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
        }
    }
}

/// The column where the content of the list item `line` opens starts (`- `, `* `, `+ `,
/// `1. `, `1) `), when it opens one.
fn list_item_content(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match digits {
        0 => usize::from(rest.starts_with(['-', '*', '+'])),
        1..=9 => digits + usize::from(rest[digits..].starts_with(['.', ')'])),
        _ => 0,
    };
    let ordered_without_delimiter = digits > 0 && marker == digits;
    if marker == 0 || ordered_without_delimiter {
        return None;
    }
    let after = &rest[marker..];
    (after.starts_with([' ', '\t']) || after.is_empty()).then_some(indent + marker + 1)
}

/// The end of the body that starts at `from`: its lines are indented by four spaces or a tab
/// past `shift` spaces, blank lines between them included, blank lines after them not.
fn body_end(lines: &[Line], from: usize, end: usize, shift: usize) -> usize {
    let mut last = from;
    for (index, line) in lines.iter().enumerate().take(end).skip(from) {
        let content = line.content();
        if content.trim().is_empty() {
            continue;
        }
        let shifted = content
            .get(shift..)
            .filter(|_| content.as_bytes()[..shift].iter().all(|&b| b == b' '));
        if shifted.is_some_and(|c| c.starts_with("    ") || c.starts_with('\t')) {
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
fn quote(lines: &mut [Line], open: usize, end: usize, marker: Marker) {
    let line = &mut lines[open];
    let column = line.content;
    line.text = format!("{}>{}", &line.text[..column], line.line_break());
    let indent = match marker {
        Marker::Last => "   >",
        Marker::First => ">   ",
    };
    for line in &mut lines[open + 1..end] {
        let at = line.content;
        let content = line.content();
        let (marker, width) = if content.trim().is_empty() {
            // A blank line inside the body keeps the quote going (in its list item: the
            // marker at the opener's column).
            let rest = line.text[at..].len() - line.line_break().len();
            let blank = match marker {
                Marker::Last => "   >".to_owned(),
                Marker::First => format!("{}>", " ".repeat(column.saturating_sub(at))),
            };
            line.text.replace_range(at..at + rest, &blank);
            line.content = at + blank.len();
            continue;
        } else if content.starts_with('\t') {
            (">", 1)
        } else {
            (indent, 4)
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
    fn fenced_openers_are_code_and_indented_ones_outside_a_list_are_reported() {
        let (text, blocks, diagnostics) = rewritten(
            "```\n!!! note\n    not a body\n```\n\nText.\n\n    !!! note \"Code\"\n        body\n\nText !!! note here.\n!!! bad\"title\n",
        );
        assert!(blocks.is_empty());
        assert!(text.contains("```\n!!! note\n    not a body\n```"));
        let found: Vec<(Option<usize>, Option<usize>)> =
            diagnostics.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(found, [(Some(11), Some(5))]);
        assert!(
            diagnostics[0]
                .message
                .starts_with("an MkDocs admonition indented past a list item's content")
        );
    }

    #[test]
    fn blocks_in_list_items_are_quotes_in_the_item() {
        let (text, blocks, diagnostics) = rewritten(
            "- item\n\n    !!! note \"In a list\"\n        Body.\n\n        ```\n        !!! not\n        ```\n\n1. step\n    === \"A\"\n        a\n    === \"B\"\n        b\n- x\n  ```\n    !!! tip\n  ```\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert!(
            text.contains("- item\n\n    >\n    >   Body.\n    >\n    >   ```\n    >   !!! not\n"),
            "{text}"
        );
        assert!(
            text.contains("1. step\n    >\n    >   a\n    >\n    >   b\n"),
            "{text}"
        );
        let lines: Vec<usize> = blocks.iter().map(|b| b.line).collect();
        assert_eq!(
            lines,
            [6, 14, 16],
            "the fenced one in the last item is code"
        );
        let g = crate::guide::testing::guide(
            "- item\n\n    !!! warning \"In a list\"\n        Body with [a link](b.md).\n\n- next\n",
        );
        let html = &g.body.html;
        assert!(
            html.contains("<li>\n<p>item</p>\n<aside class=\"callout callout-warning\" role=\"note\"><p class=\"callout-label\">In a list</p>\n<p>Body with <a href=\"/b/\">a link</a>.</p>"),
            "{html}"
        );
        assert_eq!(g.source.locate(g.body.links[0].at), (7, 19));
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
        const PIECES: [&str; 19] = [
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
            "1. step",
            "    !!! note",
            "  === \"C\"",
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
