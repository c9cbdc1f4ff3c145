//! A guide's flash cards: the answered questions of its FAQ with their answers' HTML, made in
//! the parse (and kept with it while the guide's bytes are unchanged), for the practice pages,
//! the practice data and the Anki export.

use std::collections::HashMap;

use serde::Serialize;

use super::markdown::{BlockKind, Body};
use super::model::ContentModel;
use crate::urls::{BasePath, GuideId};

/// One flash card: a question of a guide's FAQ and its rendered answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Card {
    /// Stable key: a hash of the guide's id and the question's text (`-2`, `-3`… for a question
    /// asked twice in one guide), so a reader's progress survives rebuilds that leave the
    /// question alone.
    pub key: String,
    /// The question as plain text.
    pub question: String,
    /// The answer's HTML, as on the guide page; links to the guide's own headings point into
    /// the guide page, where they lead.
    pub answer_html: String,
    /// The question on the guide page: `/guides/x/#question-id`.
    pub url: String,
}

/// The questions of the guide's FAQ parts that have an answer to show, in page order (the
/// questions of the FAQPage structured data), each with its answer's HTML: everything from the
/// question's heading to the next heading of its level or above, deeper headings included.
pub(crate) fn cards(id: &GuideId, body: &Body, model: &ContentModel, base: &BasePath) -> Vec<Card> {
    let page = base.url(&id.page_path());
    let mut keys = Keys::default();
    let mut cards = Vec::new();
    for question in model.questions.iter().filter(|q| !q.answer.is_empty()) {
        // The answer's blocks follow the question's heading.
        let Some(BlockKind::Heading { level, heading }) = question
            .blocks
            .start
            .checked_sub(1)
            .and_then(|i| body.blocks.get(i))
            .map(|b| b.kind)
        else {
            continue;
        };
        let Some(element) = body.headings.get(heading) else {
            continue;
        };
        let end = body.headings[heading + 1..]
            .iter()
            .find(|h| h.level <= level)
            .map_or(body.html.len(), |h| h.html.start);
        let answer = body.html.get(element.html.end..end).unwrap_or_default();
        cards.push(Card {
            key: keys.next(id, &question.text),
            question: question.text.clone(),
            answer_html: in_page(answer.trim(), &page),
            url: format!("{page}#{}", element.id),
        });
    }
    cards
}

/// Card keys of one guide: repeats of a question get `-2`, `-3`…
#[derive(Default)]
struct Keys {
    seen: HashMap<String, usize>,
}

impl Keys {
    fn next(&mut self, id: &GuideId, question: &str) -> String {
        let folded = question.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut hasher = blake3::Hasher::new();
        hasher.update(id.as_str().as_bytes());
        hasher.update(b"\0");
        hasher.update(folded.as_bytes());
        let key = hasher.finalize().to_hex()[..12].to_owned();
        let count = self.seen.entry(key.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            key
        } else {
            format!("{key}-{count}")
        }
    }
}

/// Answer HTML for a page other than the guide's: links to the guide's own anchors (`#x`, from
/// the author or from heading anchors) go to the guide page.
fn in_page(html: &str, page: &str) -> String {
    html.replace("href=\"#", &format!("href=\"{page}#"))
}
