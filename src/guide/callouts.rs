//! Callouts from other tools, rendered alike: GitHub alerts (`> [!TIP]`, which pulldown-cmark
//! parses as a kind of quote) and Docusaurus/MkDocs-style admonitions (a paragraph `:::tip
//! Title`, the content, a paragraph `:::`), each an `<aside class="callout callout-tip">`
//! with its label. Each keeps the events' count, so the indexes the Markdown pass holds into
//! them stay right.

use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

use super::highlight::escape_html;
use super::mkdocs::{Fold, Kind};

/// `kind` as a class name.
fn class(kind: &str) -> String {
    kind.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The opening of a callout of `kind` (`tip`, `note`…) with `label` shown first.
fn open(kind: &str, label: &str) -> String {
    let kind = class(kind);
    format!(
        "<aside class=\"callout callout-{kind}\" role=\"note\"><p class=\"callout-label\">{}</p>\n",
        escape_html(label)
    )
}

const CLOSE: &str = "</aside>\n";

/// The HTML a converted MkDocs block's quote opens and closes with: an admonition is a callout
/// (a `<details>` when it folds, its label the summary), a tab a panel with its title, which
/// shows every tab with its title until the page's script makes the set a tab list.
pub(super) fn mkdocs_block(block: &Kind) -> (String, &'static str) {
    match block {
        Kind::Admonition {
            kind,
            title,
            fold: Fold::Never,
        } if title.is_empty() => (
            format!(
                "<aside class=\"callout callout-{}\" role=\"note\">\n",
                class(kind)
            ),
            CLOSE,
        ),
        Kind::Admonition {
            kind,
            title,
            fold: Fold::Never,
        } => (open(kind, title), CLOSE),
        Kind::Admonition { kind, title, fold } => {
            let label = if title.is_empty() {
                capitalised(kind)
            } else {
                title.clone()
            };
            let open = if *fold == Fold::Open { " open" } else { "" };
            let html = format!(
                "<details class=\"callout callout-{}\"{open}><summary class=\"callout-label\">{}</summary>\n",
                class(kind),
                escape_html(&label)
            );
            (html, "</details>\n")
        }
        Kind::Tab {
            title,
            selected,
            first,
            last,
        } => {
            let set = if *first { "<div class=\"tabs\">\n" } else { "" };
            let selected = if *selected { " data-selected" } else { "" };
            let html = format!(
                "{set}<div class=\"tab-panel\"{selected}><p class=\"tab-label\">{}</p>\n",
                escape_html(title)
            );
            (
                html,
                if *last {
                    "</div>\n</div>\n"
                } else {
                    "</div>\n"
                },
            )
        }
    }
}

/// The label GitHub shows for an alert.
fn alert_kind(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// The HTML an alert's quote opens or closes with, for the events that start and end one.
pub(super) fn alert(event: &Event<'_>) -> Option<String> {
    match event {
        Event::Start(Tag::BlockQuote(Some(kind))) => {
            let (kind, label) = alert_kind(*kind);
            Some(open(kind, label))
        }
        Event::End(TagEnd::BlockQuote(Some(_))) => Some(CLOSE.to_owned()),
        _ => None,
    }
}

/// Turns the paragraphs `:::kind Title` … `:::` of `events` into callouts, in place: each
/// paragraph's events (its text may come in several, as when its first `:` was escaped so
/// that it reads as no definition) become as many others (so indexes into the events stay
/// right). A `:::` that closes nothing is left as text; callouts left open are closed at the
/// end.
pub(super) fn admonitions(events: &mut Vec<Event<'_>>) {
    let mut open_count = 0usize;
    let mut i = 0;
    while i + 2 < events.len() {
        let (fence, end) = fence_paragraph(events, i);
        let html = match fence {
            Some(rest) if rest.is_empty() && open_count > 0 => {
                open_count -= 1;
                Some(CLOSE.to_owned())
            }
            Some(rest) if !rest.is_empty() => {
                let (kind, title) = rest.split_once(' ').unwrap_or((&rest, ""));
                let label = if title.trim().is_empty() {
                    capitalised(kind)
                } else {
                    title.trim().to_owned()
                };
                open_count += 1;
                Some(open(kind, &label))
            }
            _ => None,
        };
        match html {
            Some(html) => {
                events[i] = Event::Html(html.into());
                for event in &mut events[i + 1..=end] {
                    *event = Event::Html("".into());
                }
                i = end + 1;
            }
            None => i += 1,
        }
    }
    events.extend((0..open_count).map(|_| Event::Html(CLOSE.into())));
}

/// When the paragraph starting at `start` is all text beginning with `:::`: what follows the
/// `:::`, trimmed, and the index of the paragraph's end.
fn fence_paragraph(events: &[Event<'_>], start: usize) -> (Option<String>, usize) {
    if !matches!(events[start], Event::Start(Tag::Paragraph)) {
        return (None, start);
    }
    let texts = events[start + 1..]
        .iter()
        .take_while(|e| matches!(e, Event::Text(_)))
        .count();
    let end = start + 1 + texts;
    if texts == 0 || !matches!(events.get(end), Some(Event::End(TagEnd::Paragraph))) {
        return (None, start);
    }
    let text: String = events[start + 1..end]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) => Some(&**t),
            _ => None,
        })
        .collect();
    let rest = text.strip_prefix(":::").map(|r| r.trim().to_owned());
    (rest, end)
}

/// Turns quotes whose first line is `[!TIP] Title` (the alert marker with a title on its line,
/// as Obsidian writes callouts and many READMEs write alerts) into callouts, in place and
/// event for event like [`admonitions`].
pub(super) fn titled_alerts(events: &mut [Event<'_>]) {
    let mut i = 0;
    while i + 2 < events.len() {
        let starts = matches!(events[i], Event::Start(Tag::BlockQuote(None)))
            && matches!(events[i + 1], Event::Start(Tag::Paragraph));
        if !starts {
            i += 1;
            continue;
        }
        let texts = events[i + 2..]
            .iter()
            .take_while(|e| matches!(e, Event::Text(_)))
            .count();
        let line: String = events[i + 2..i + 2 + texts]
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(&**t),
                _ => None,
            })
            .collect();
        let Some((kind, title)) = marker(&line) else {
            i += 1;
            continue;
        };
        let Some(end) = matching_end(events, i) else {
            i += 1;
            continue;
        };
        events[i] = Event::Html(open(kind, title).into());
        events[end] = Event::Html(CLOSE.into());
        let after = i + 2 + texts;
        let line_end = match events.get(after) {
            // The marker line was the whole paragraph: drop the paragraph.
            Some(Event::End(TagEnd::Paragraph)) => {
                events[i + 1] = Event::Html("".into());
                after
            }
            Some(Event::SoftBreak | Event::HardBreak) => after,
            _ => after - 1,
        };
        for event in &mut events[i + 2..=line_end] {
            *event = Event::Html("".into());
        }
        i = line_end + 1;
    }
}

/// `[!TIP] Title` → (`tip`, `Title`), for the kinds GitHub knows; the kind's label when the
/// title is empty.
fn marker(line: &str) -> Option<(&'static str, &str)> {
    let rest = line.trim_start().strip_prefix("[!")?;
    let (kind, title) = rest.split_once(']')?;
    let (kind, label) = [
        BlockQuoteKind::Note,
        BlockQuoteKind::Tip,
        BlockQuoteKind::Important,
        BlockQuoteKind::Warning,
        BlockQuoteKind::Caution,
    ]
    .into_iter()
    .map(alert_kind)
    .find(|(name, _)| name.eq_ignore_ascii_case(kind))?;
    let title = title.trim();
    Some((kind, if title.is_empty() { label } else { title }))
}

/// The index of the end of the quote that starts at `start`.
fn matching_end(events: &[Event<'_>], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (index, event) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                depth -= 1;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
    }
    None
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::guide::testing::guide;

    #[test]
    fn alerts_and_admonitions_become_the_same_callouts() {
        let g = guide(
            "> [!WARNING]\n> Plain alert.\n\n> [!TIP] Titled alert\n>\n> Its text.\n\n\
             > Just a quote.\n\n:::info Latest version\n\nSee it.\n\n:::\n\n:::note\n\nUntitled.\n\n\
             :::\n\n::: stray closing text\n",
        );
        let html = &g.body.html;
        for expected in [
            "<aside class=\"callout callout-warning\" role=\"note\"><p class=\"callout-label\">Warning</p>\n<p>Plain alert.</p>\n</aside>",
            "<aside class=\"callout callout-tip\" role=\"note\"><p class=\"callout-label\">Titled alert</p>\n<p>Its text.</p>\n</aside>",
            "<blockquote>\n<p>Just a quote.</p>\n</blockquote>",
            "<aside class=\"callout callout-info\" role=\"note\"><p class=\"callout-label\">Latest version</p>\n<p>See it.</p>\n</aside>",
            "<p class=\"callout-label\">Note</p>\n<p>Untitled.</p>\n</aside>",
        ] {
            assert!(html.contains(expected), "{expected}\nin:\n{html}");
        }
        assert!(
            !html.contains(":::info") && !html.contains("[!TIP]"),
            "{html}"
        );
        // An opening `:::` never closed is closed at the end of the body.
        assert_eq!(
            html.matches("<aside").count(),
            html.matches("</aside>").count(),
            "{html}"
        );
    }
}
