//! What a guide's page and its flash cards are made of that follows from the guide alone (and
//! the parse's options): its body with the parts marked up, its cards, the key its checklist is
//! kept under and the checklist's version. Worked out in the parse, so that the parse cache,
//! keyed by the guide's content hash, keeps them: render makes nothing from one guide that it
//! would have to remember between builds.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Value, json};

use super::Guide;
use super::markdown::BlockKind;
use super::marked::{self, PracticeLink};
use crate::urls::{BasePath, GuideId, practice_url_of};

/// The pieces of a guide's page made from the guide alone.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PagePieces {
    /// The body with its parts marked up, the practice page linked at the end of its FAQ
    /// ([`Marked`]), as the templates get it: whole, its TL;DR and the rest. Made into
    /// template values here, once per parse, since every build gives them to the guide's page.
    pub whole: tera::Value,
    pub lead: tera::Value,
    pub rest: tera::Value,
    /// The hash of the marked-up body, so that a page's key covers the body without hashing it
    /// again on every build.
    pub marked_hash: blake3::Hash,
    /// The FAQ's answered questions as flash cards.
    pub cards: Arc<[Card]>,
    /// The key the guide page keeps the reader's ticks under (see [`store_key`]).
    pub store_key: String,
    /// See [`checklist_version`].
    pub checklist_version: String,
    /// The practice page dealing the guide's cards; empty without cards or with practice off.
    pub practice_url: String,
    /// The `FAQPage` of its structured data (see [`faq_json_ld`]).
    pub faq_json_ld: String,
    /// Its task items as the practice data's checklist files hold them (JSON; see
    /// [`task_items`]).
    pub tasks_json: String,
    /// The hash of what the practice data holds of the guide: its cards' keys and JSON, and
    /// `tasks_json`.
    pub practice_hash: blake3::Hash,
}

impl Default for PagePieces {
    fn default() -> Self {
        PagePieces {
            whole: tera::Value::from(""),
            lead: tera::Value::from(""),
            rest: tera::Value::from(""),
            marked_hash: blake3::hash(b""),
            cards: Arc::from([]),
            store_key: String::new(),
            checklist_version: String::new(),
            practice_url: String::new(),
            faq_json_ld: String::new(),
            tasks_json: String::new(),
            practice_hash: blake3::hash(b""),
        }
    }
}

/// The pieces of `guide`'s page, with the site's `base` path; `practice` when the site has
/// practice pages.
pub(crate) fn pieces(guide: &Guide, base: &BasePath, practice: bool) -> PagePieces {
    let cards: Arc<[Card]> = Arc::from(cards(guide, base));
    let store_key = store_key(base, guide);
    let practice_url = if practice && !cards.is_empty() {
        practice_url_of(base, &store_key)
    } else {
        String::new()
    };
    let link = (!practice_url.is_empty()).then(|| PracticeLink {
        url: &practice_url,
        questions: cards.len(),
    });
    let marked = marked::marked(guide, link.as_ref());
    let tasks_json = json(&task_items(guide));
    let practice_hash = practice_hash(&cards, &tasks_json);
    let mut hasher = blake3::Hasher::new();
    for text in [&marked.whole, &marked.lead, &marked.rest] {
        hasher.update(&(text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    PagePieces {
        marked_hash: hasher.finalize(),
        whole: tera::Value::from(marked.whole),
        lead: tera::Value::from(marked.lead),
        rest: tera::Value::from(marked.rest),
        cards,
        store_key,
        checklist_version: checklist_version(guide),
        practice_url,
        faq_json_ld: faq_json_ld(guide, &base.absolute(&guide.id.page_path())),
        tasks_json,
        practice_hash,
    }
}

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
    /// The card as the practice data's cards files hold it: JSON of its question, answer
    /// and URL.
    #[serde(skip)]
    pub entry: String,
}

/// A card as the cards files hold it.
#[derive(Debug, Serialize)]
struct CardEntry<'a> {
    question: &'a str,
    answer: &'a str,
    url: &'a str,
}

/// The questions of the guide's FAQ parts that have an answer to show, in page order (the
/// questions of the FAQPage structured data), each with its answer's HTML: everything from the
/// question's heading to the next heading of its level or above, deeper headings included.
pub(crate) fn cards(guide: &Guide, base: &BasePath) -> Vec<Card> {
    let body = &guide.body;
    let page = base.url(&guide.id.page_path());
    let mut keys = Keys::default();
    let mut cards = Vec::new();
    for question in guide
        .model
        .questions
        .iter()
        .filter(|q| !q.answer.is_empty())
    {
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
        let answer_html = in_page(answer.trim(), &page);
        let url = format!("{page}#{}", element.id);
        let entry = json(&CardEntry {
            question: &question.text,
            answer: &answer_html,
            url: &url,
        });
        cards.push(Card {
            key: keys.next(&guide.id, &question.text),
            question: question.text.clone(),
            answer_html,
            url,
            entry,
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

/// The key under which the guide page keeps the reader's ticks: the same for the guide on this
/// site across rebuilds.
pub(crate) fn store_key(base: &BasePath, guide: &Guide) -> String {
    format!("{}{}", base.as_str(), guide.id)
}

/// A short hash of the steps of the guide's checklist as the guide page counts them (their
/// keys, a repeated item once, and which the source ticks); empty without task items. The
/// guide page saves the reader's progress with it, and a card of the guide shows that progress
/// only while it matches: once an item is added, removed or reworded, cards wait for the guide
/// page to count again. Carrying this instead of every step's key keeps cards small on list
/// pages of thousands of guides.
pub(crate) fn checklist_version(guide: &Guide) -> String {
    let mut hasher = blake3::Hasher::new();
    let mut steps = 0;
    for task in guide.body.tasks.iter().filter(|task| !task.is_repeat()) {
        hasher.update(if task.checked { b"+" } else { b" " });
        hasher.update(task.key.as_bytes());
        steps += 1;
    }
    if steps == 0 {
        return String::new();
    }
    hasher.finalize().to_hex()[..8].to_owned()
}

/// One question of a guide's FAQ and the plain text of its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Faq {
    pub question: String,
    pub answer: String,
}

/// The questions of the guide's FAQ parts that have an answer to show, in page order.
pub(crate) fn faq(guide: &Guide) -> Vec<Faq> {
    guide
        .model
        .questions
        .iter()
        .filter(|q| !q.answer.is_empty())
        .map(|q| Faq {
            question: q.text.clone(),
            answer: q.answer.clone(),
        })
        .collect()
}

/// The `FAQPage` of a guide's questions and answers.
fn faq_page(url: &str, faq: &[Faq]) -> Value {
    let questions: Vec<Value> = faq
        .iter()
        .map(|faq| {
            json!({
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": { "@type": "Answer", "text": faq.answer },
            })
        })
        .collect();
    json!({
        "@type": "FAQPage",
        "@id": format!("{url}#faq"),
        "url": url,
        "mainEntity": questions,
    })
}

/// The guide's `FAQPage` for the page at `url`, as JSON text that cannot end a `<script>`
/// element early (`<` escaped, as in all of a page's JSON-LD); empty without answered questions.
pub(crate) fn faq_json_ld(guide: &Guide, url: &str) -> String {
    let faq = faq(guide);
    if faq.is_empty() {
        return String::new();
    }
    faq_page(url, &faq).to_string().replace('<', "\\u003c")
}

/// The guide's task items: key, whitespace-folded text, and whether the source ticks it.
fn task_items(guide: &Guide) -> Vec<(&str, String, bool)> {
    guide
        .body
        .tasks
        .iter()
        // A repeated item is ticked with its first copy and counted once, as on the page.
        .filter(|task| !task.is_repeat())
        .map(|task| {
            let text = guide
                .body
                .blocks
                .get(task.block)
                .map_or("", |b| b.text.as_str());
            (
                task.key.as_str(),
                text.split_whitespace().collect::<Vec<_>>().join(" "),
                task.checked,
            )
        })
        .collect()
}

/// See [`PagePieces::practice_hash`].
fn practice_hash(cards: &[Card], tasks_json: &str) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    for text in cards.iter().flat_map(|card| [&card.key, &card.entry]) {
        hasher.update(&(text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    hasher.update(tasks_json.as_bytes());
    hasher.finalize()
}

/// JSON of plain data, which cannot end a `<script>` element early (`<` escaped, as in
/// JSON-LD), so the practice data files are safe wherever they are inlined; serialising plain
/// data cannot fail (an empty object if it somehow did).
pub(crate) fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "{}".to_owned())
        .replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing::{self, guide_at};

    fn guide(id: &str, body: &str) -> Guide {
        guide_at(id, "title: T", body)
    }

    fn cards_of(guide: &Guide) -> Vec<Card> {
        cards(guide, &BasePath::default())
    }

    #[test]
    fn cards_are_the_answered_questions_with_their_rendered_answers() {
        let g = guide(
            "g/a.md",
            "## FAQ\n\n### Why *now*?\n\nSee [the intro](#intro) and `code`.\n\n#### Detail\n\nMore.\n\n### Unanswered?\n\n### How?\n\n```\nx < y\n```\n\n## Next\n\nNot an answer.\n",
        );
        let cards = cards_of(&g);
        let shown: Vec<(&str, &str)> = cards
            .iter()
            .map(|c| (c.question.as_str(), c.url.as_str()))
            .collect();
        assert_eq!(
            shown,
            [("Why now?", "/g/a/#why-now"), ("How?", "/g/a/#how")]
        );
        let first = &cards[0].answer_html;
        assert!(
            first.starts_with("<p>See <a href=\"/g/a/#intro\">"),
            "{first}"
        );
        assert!(
            first.contains("<code>code</code>") && first.contains("More."),
            "{first}"
        );
        assert!(first.contains("<h4 id=\"detail\""), "{first}");
        assert!(!first.contains("Unanswered"), "{first}");
        assert!(
            cards[1].answer_html.contains("x &lt; y"),
            "{}",
            cards[1].answer_html
        );
        assert!(!cards[1].answer_html.contains("Not an answer"));
    }

    #[test]
    fn keys_are_stable_per_guide_and_question() {
        let body = "## FAQ\n\n### Same?\n\nA.\n\n### Same?\n\nB.\n";
        let a = cards_of(&guide("a.md", body));
        let again = cards_of(&guide("a.md", &format!("Intro.\n\n{body}")));
        let other = cards_of(&guide("b.md", body));
        assert_eq!(a[0].key, again[0].key);
        assert_eq!(a[1].key, format!("{}-2", a[0].key));
        assert_ne!(a[0].key, other[0].key);
    }

    /// The version names the steps: it changes with an item added, reworded or ticked in the
    /// source, not with prose or a repeated item.
    #[test]
    fn the_checklist_version_follows_the_steps_only() {
        let version = |body: &str| checklist_version(&testing::guide(body));
        let list = "Intro.\n\n## Checklist\n\n- [ ] Stories\n- [ ] Mocks\n";
        let base = version(list);
        assert_eq!(base.len(), 8);
        assert_eq!(version(&list.replace("Intro.", "Other prose.")), base);
        assert_eq!(version(&format!("{list}- [ ] Stories\n")), base, "a repeat");
        assert_ne!(version(&list.replace("Mocks", "Mock rounds")), base);
        assert_ne!(version(&format!("{list}- [ ] Rest\n")), base);
        assert_ne!(version(&list.replace("- [ ] Mocks", "- [x] Mocks")), base);
        assert_eq!(version("## Checklist\n\n- plain bullet\n"), "");
    }

    #[test]
    fn faq_questions_and_answers_as_on_the_page() {
        let g = guide(
            "a.md",
            "## FAQ\n\n### Why *now*?\n\nBecause\nit is.\n\n- one\n- two\n\n#### Detail\n\nMore.\n\n### Unanswered?\n\n### How?\n\n```\nx < y\n```\n\n## Next\n\nNot an answer.\n",
        );
        let faqs = faq(&g);
        assert_eq!(
            faqs,
            [
                Faq {
                    question: "Why now?".into(),
                    answer: "Because it is.\none\ntwo\nDetail\nMore.".into()
                },
                Faq {
                    question: "How?".into(),
                    answer: "x < y".into()
                }
            ]
        );
    }
}
