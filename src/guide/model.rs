//! The content model of one guide: its named parts (TL;DR, FAQ, checklist and the site's own
//! kinds), the FAQ's questions with their answers, the checklist's items and the words the
//! search index gets. Worked out once, in the parse, from the outline of blocks; the checks
//! judge it and render presents it, and neither works it out again.
//!
//! A *part* is a heading-delimited stretch of one guide; a *section* is a folder of guides.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use super::front_matter::FrontMatter;
use super::markdown::{Block, BlockKind, Body};
use super::words::{WordList, WordSet, distinct_words};
use crate::config::{PartAliases, PartKind, normalise_heading};
use crate::diagnostic::Stretch;

/// What a guide holds, as the content rules see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ContentModel {
    /// Every heading named as one of the site's kinds of part, in page order.
    pub parts: Vec<Part>,
    /// The questions of the FAQ parts, in page order.
    pub questions: Vec<Question>,
    /// The checklist items, grouped under their nearest heading: every task item (`- [ ] …`)
    /// wherever it stands, and the top-level bullets of the checklist parts.
    pub checklist: Vec<ChecklistGroup>,
    /// Whether the body holds a table anywhere.
    pub has_table: bool,
    /// The distinct words of the body text, lowercased, in order of first use, without stop
    /// words and without words the title, description, tags or headings already give.
    pub search_words: WordList,
}

/// A named part of the guide: its heading and the blocks under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub kind: PartKind,
    /// The heading's index in `Body::headings`.
    pub heading: usize,
    pub level: u8,
    /// The heading as written (`## TL;DR`), where diagnostics about the part point.
    pub at: Stretch,
    /// Blocks after the heading up to the next heading of the same or a higher level.
    pub blocks: Range<usize>,
    /// Words of the part's text.
    pub words: usize,
    /// List items at the top depth of the part's lists.
    pub top_items: usize,
}

/// A question of an FAQ part: a heading one level below the FAQ heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Question {
    /// The FAQ part it belongs to (index in `ContentModel::parts`).
    pub part: usize,
    pub text: String,
    /// The text as two questions are compared (`normalise_heading`: case, spacing and
    /// punctuation aside), worked out here so that the site-wide comparison of every build
    /// (`duplicate-question`) only hashes it.
    pub key: String,
    /// The heading as written.
    pub at: Stretch,
    /// The blocks up to the next question or the end of the part: its answer.
    pub blocks: Range<usize>,
    /// Whether a block other than a heading stands under the question.
    pub answered: bool,
    /// The plain text of the answer as the page shows it (deeper headings included), one
    /// line per block; empty when there is none.
    pub answer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ChecklistGroup {
    /// The heading the items stand under; empty for items before any heading.
    pub heading: String,
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ChecklistItem {
    pub text: String,
    /// 0 for a top-level item, 1 for an item nested in it…
    pub indent: usize,
    pub checked: bool,
    /// A task item's stable key (see `Task::key`); plain bullets have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl ContentModel {
    /// The parts of `kind`, in page order.
    pub(crate) fn parts_of<'m>(
        &'m self,
        kind: &'m PartKind,
    ) -> impl Iterator<Item = &'m Part> + 'm {
        self.parts.iter().filter(move |p| &p.kind == kind)
    }

    /// The questions of the part at `part`.
    pub(crate) fn questions_of(&self, part: usize) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(move |q| q.part == part)
    }

    /// Whether the guide has a part of `kind` (a table anywhere, for `Table`).
    pub(crate) fn has(&self, kind: &PartKind) -> bool {
        match kind {
            PartKind::Table => self.has_table,
            kind => self.parts_of(kind).next().is_some(),
        }
    }

    /// How many checklist items the page shows.
    pub(crate) fn checklist_items(&self) -> usize {
        self.checklist.iter().map(|g| g.items.len()).sum()
    }
}

/// Works out the model of a parsed body. Only the parse calls this, once per file. Without
/// `search`, the words search reads are left out.
pub(super) fn build(
    front: &FrontMatter,
    body: &Body,
    aliases: &PartAliases,
    search: bool,
) -> ContentModel {
    let parts = find_parts(body, aliases);
    let questions = parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PartKind::Faq)
        .flat_map(|(i, p)| questions(body, i, p))
        .collect();
    ContentModel {
        checklist: checklist(body, &parts),
        questions,
        has_table: body.blocks.iter().any(|b| b.kind == BlockKind::Table),
        search_words: match search {
            true => search_words(front, body),
            false => WordList::default(),
        },
        parts,
    }
}

/// Every heading whose normalised text is an alias of a kind of part.
fn find_parts(body: &Body, aliases: &PartAliases) -> Vec<Part> {
    let blocks = &body.blocks;
    let mut parts = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let BlockKind::Heading { level, heading } = block.kind else {
            continue;
        };
        let Some(text) = body.headings.get(heading).map(|h| &h.text) else {
            continue;
        };
        let normalised = normalise_heading(text);
        let Some(kind) = aliases
            .iter()
            .find(|(_, names)| names.contains(&normalised))
            .map(|(kind, _)| kind.clone())
        else {
            continue;
        };
        let start = i + 1;
        let end = start + until_heading(&blocks[start..], level);
        let inside = &blocks[start..end];
        parts.push(Part {
            kind,
            heading,
            level,
            at: heading_span(block, text, level),
            blocks: start..end,
            words: inside.iter().map(|b| b.words).sum(),
            top_items: top_items(inside),
        });
    }
    parts
}

/// How many of `blocks` come before a heading of `level` or higher.
fn until_heading(blocks: &[Block], level: u8) -> usize {
    blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Heading { level: l, .. } if l <= level))
        .unwrap_or(blocks.len())
}

/// A heading as written: its `#`s, a space and its text.
fn heading_span(block: &Block, text: &str, level: u8) -> Stretch {
    Stretch {
        start: block.at,
        length: text.chars().count() + usize::from(level) + 1,
    }
}

/// The smallest list depth among `blocks`, if they hold list items.
fn top_depth(blocks: &[Block]) -> Option<usize> {
    blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::ListItem { depth, .. } => Some(depth),
            _ => None,
        })
        .min()
}

fn top_items(blocks: &[Block]) -> usize {
    let top = top_depth(blocks);
    blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::ListItem { depth, .. } if Some(depth) == top))
        .count()
}

/// The questions of the FAQ part at `index`.
fn questions(body: &Body, index: usize, part: &Part) -> Vec<Question> {
    let blocks = &body.blocks;
    let level = part.level + 1;
    let starts: Vec<usize> = part
        .blocks
        .clone()
        .filter(|&i| matches!(blocks[i].kind, BlockKind::Heading { level: l, .. } if l == level))
        .collect();
    let ends = starts.iter().skip(1).copied().chain([part.blocks.end]);
    starts
        .iter()
        .zip(ends)
        .filter_map(|(&start, end)| {
            let BlockKind::Heading { heading, .. } = blocks[start].kind else {
                return None;
            };
            let text = body.headings.get(heading)?.text.clone();
            let answer = &blocks[start + 1..end];
            Some(Question {
                part: index,
                at: heading_span(&blocks[start], &text, level),
                blocks: start + 1..end,
                answered: answer
                    .iter()
                    .any(|b| !matches!(b.kind, BlockKind::Heading { .. })),
                answer: answer_text(body, answer),
                key: normalise_heading(&text),
                text,
            })
        })
        .collect()
}

/// The plain text of an answer's blocks, one line per block that has text, written into one
/// String.
fn answer_text(body: &Body, blocks: &[Block]) -> String {
    let mut answer = String::new();
    for block in blocks {
        let end = answer.len();
        if !answer.is_empty() {
            answer.push('\n');
        }
        let line = answer.len();
        match block.kind {
            BlockKind::Heading { heading, .. } => {
                if let Some(h) = body.headings.get(heading) {
                    answer.push_str(&h.text);
                }
            }
            _ => push_folded(&mut answer, &block.text),
        }
        if answer.len() == line {
            answer.truncate(end);
        }
    }
    answer
}

fn fold_whitespace(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    push_folded(&mut folded, text);
    folded
}

/// Appends the words of `text` to `out`, one space between them.
fn push_folded(out: &mut String, text: &str) {
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// The checklist items in page order, grouped under their nearest heading.
fn checklist(body: &Body, parts: &[Part]) -> Vec<ChecklistGroup> {
    // For each block, the top list depth of the (outermost) checklist part holding it.
    let mut top: Vec<Option<usize>> = vec![None; body.blocks.len()];
    for part in parts.iter().filter(|p| p.kind == PartKind::Checklist) {
        let depth = top_depth(&body.blocks[part.blocks.clone()]);
        for slot in &mut top[part.blocks.clone()] {
            *slot = slot.or(depth);
        }
    }
    let tasks: BTreeMap<usize, (bool, &str)> = body
        .tasks
        .iter()
        .map(|t| (t.block, (t.checked, t.key.as_str())))
        .collect();
    let mut groups: Vec<ChecklistGroup> = Vec::new();
    let mut heading = "";
    for (i, block) in body.blocks.iter().enumerate() {
        let depth = match block.kind {
            BlockKind::Heading { heading: h, .. } => {
                heading = body.headings.get(h).map_or("", |h| h.text.as_str());
                continue;
            }
            BlockKind::ListItem { depth, .. } => depth,
            _ => continue,
        };
        let task = tasks.get(&i);
        if task.is_none() && top[i] != Some(depth) {
            continue;
        }
        let text = fold_whitespace(&block.text);
        if text.is_empty() {
            continue;
        }
        if groups.last().is_none_or(|g| g.heading != heading) {
            groups.push(ChecklistGroup {
                heading: heading.to_owned(),
                items: Vec::new(),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.items.push(ChecklistItem {
                text,
                indent: depth.saturating_sub(1),
                checked: task.is_some_and(|(checked, _)| *checked),
                key: task.map(|(_, key)| (*key).to_owned()),
            });
        }
    }
    groups
}

/// The body's words for the search index, less those the guide's title, description, tags
/// and headings already give (the index also leaves out its section's title words).
fn search_words(front: &FrontMatter, body: &Body) -> WordList {
    let description = front.description.as_deref().unwrap_or_default();
    let known = WordSet::of(
        [front.title.as_str(), description]
            .into_iter()
            .chain(front.tags.iter().map(String::as_str))
            .chain(body.headings.iter().map(|h| h.text.as_str())),
    );
    let texts = body
        .blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Heading { .. }))
        .map(|b| b.text.as_str());
    distinct_words(texts, &known)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing::guide;

    #[test]
    fn parts_are_found_by_their_aliases_and_end_at_the_next_heading_as_high() {
        let g = guide(
            "## TL;DR\n\nShort text here.\n\n### Deeper\n\nStill in.\n\n## Other\n\n## In short:\n\n## FAQ\n",
        );
        let kinds: Vec<(&PartKind, usize, usize)> = g
            .model
            .parts
            .iter()
            .map(|p| (&p.kind, g.source.locate(p.at.start).0, p.words))
            .collect();
        assert_eq!(
            kinds,
            [
                (&PartKind::Tldr, 4, 5),
                (&PartKind::Tldr, 14, 0),
                (&PartKind::Faq, 16, 0)
            ]
        );
        assert_eq!(g.model.parts[0].at.length, "## TL;DR".len());
        assert!(!g.model.has(&PartKind::Checklist));
        assert!(!g.model.has(&PartKind::Table));
    }

    #[test]
    fn faq_questions_and_answers_as_on_the_page() {
        let g = guide(
            "## FAQ\n\n### Why *now*?\n\nBecause\nit is.\n\n- one\n- two\n\n#### Detail\n\nMore.\n\n### Unanswered?\n\n### Heading only?\n\n#### Deeper\n\n### How?\n\n```\nx < y\n```\n\n## Next\n\nNot an answer.\n",
        );
        let shown: Vec<(&str, bool, &str)> = g
            .model
            .questions
            .iter()
            .map(|q| (q.text.as_str(), q.answered, q.answer.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("Why now?", true, "Because it is.\none\ntwo\nDetail\nMore."),
                ("Unanswered?", false, ""),
                ("Heading only?", false, "Deeper"),
                ("How?", true, "x < y"),
            ]
        );
        assert_eq!(g.source.locate(g.model.questions[1].at.start).0, 18);
        assert_eq!(g.model.questions_of(0).count(), 4);
    }

    #[test]
    fn task_items_anywhere_and_checklist_bullets() {
        let g = guide(
            "- not a task\n\n## Day before\n\n- [ ] Sleep\n  - [x] Early\n\n## Checklist\n\n- Plain [item](b.md)\n  - nested bullet\n- [ ] Task\n",
        );
        type Shown<'a> = Vec<(&'a str, Vec<(&'a str, usize, bool, bool)>)>;
        let shown: Shown<'_> = g
            .model
            .checklist
            .iter()
            .map(|g| {
                let items = g.items.iter();
                let items = items.map(|i| (i.text.as_str(), i.indent, i.checked, i.key.is_some()));
                (g.heading.as_str(), items.collect())
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "Day before",
                    vec![("Sleep", 0, false, true), ("Early", 1, true, true)]
                ),
                (
                    "Checklist",
                    vec![("Plain item", 0, false, false), ("Task", 0, false, true)]
                ),
            ]
        );
        assert_eq!(g.model.checklist_items(), 4);
        let part = g.model.parts_of(&PartKind::Checklist).next().unwrap();
        assert_eq!(part.top_items, 2);
    }

    #[test]
    fn search_words_leave_out_what_the_title_and_headings_give() {
        let g = guide("## Budget\n\nThe budget and the T plan; plan again.\n\n| x |\n|---|\n");
        assert_eq!(
            g.model.search_words.iter().collect::<Vec<_>>(),
            ["plan", "again"]
        );
        assert!(g.model.has(&PartKind::Table));
    }
}
