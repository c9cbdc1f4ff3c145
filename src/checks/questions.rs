//! `duplicate-question`: one FAQ question asked in two places of the site. Two answers to one
//! question drift apart, and a reader practising the site's flash cards meets the card twice.
//!
//! A site-wide rule: where each question is first asked is worked out again on every build from
//! the parsed guides (one hash-map pass over every question, so linear in the site), so that
//! an edit of one guide updates what is reported on another. A guide's diagnostics, which
//! read the places they name, are kept between builds under a hash of those places.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use crate::diagnostic::{Diagnostic, rules};
use crate::guide::Guide;
use crate::guide::memo::GuideMemo;
use crate::guide::model::Question;
use crate::site::Site;

/// A question asked again: which of the guide's questions, and where it was first asked.
struct Again<'a> {
    question: &'a Question,
    /// Which of the guide's questions it is, and which of `other`'s `asked` is.
    at: usize,
    other: &'a Guide,
    asked: &'a Question,
    first_at: usize,
}

/// A warning at each question that an earlier guide of the site (in path order), or earlier
/// in the same guide, already asks, naming that first place.
pub(crate) fn duplicate_questions(
    site: &Site,
    kept: &GuideMemo<Vec<Diagnostic>>,
) -> Vec<Diagnostic> {
    // FxHash: the keys are the site's own text, so no keyed hash is needed.
    let mut first: FxHashMap<&str, (&Guide, &Question, usize)> = FxHashMap::default();
    let mut diagnostics = Vec::new();
    for guide in site.guides.values().map(AsRef::as_ref) {
        let mut again = Vec::new();
        for (at, question) in guide.model.questions.iter().enumerate() {
            if question.key.is_empty() {
                continue;
            }
            match first.entry(question.key.as_str()) {
                Entry::Vacant(slot) => {
                    slot.insert((guide, question, at));
                }
                Entry::Occupied(slot) => {
                    let (other, asked, first_at) = *slot.get();
                    again.push(Again {
                        question,
                        at,
                        other,
                        asked,
                        first_at,
                    });
                }
            }
        }
        if !again.is_empty() {
            diagnostics.extend(kept.keyed(places(&again)).get(guide, || {
                again
                    .iter()
                    .map(|a| duplicate(guide, a.question, a.other, a.asked))
                    .collect()
            }));
        }
    }
    diagnostics
}

/// What a guide's diagnostics read beside the guide: which of its questions are asked again,
/// and the guide (its bytes and file) and question each was first asked in.
fn places(again: &[Again<'_>]) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    for a in again {
        hasher.update(&a.at.to_le_bytes());
        hasher.update(a.other.hash.as_bytes());
        hasher.update(&a.other.file.len().to_le_bytes());
        hasher.update(a.other.file.as_bytes());
        hasher.update(&a.first_at.to_le_bytes());
    }
    hasher.finalize()
}

/// The diagnostic at `question` of `guide`, first asked as `asked` in `other`.
fn duplicate(guide: &Guide, question: &Question, other: &Guide, asked: &Question) -> Diagnostic {
    let (line, _) = other.source.locate(asked.at.start);
    let place = if std::ptr::eq(guide, other) {
        format!("line {line} of this guide")
    } else {
        format!("{}:{line}", other.file)
    };
    rules::DUPLICATE_QUESTION
        .report(
            &guide.file,
            format!(
                "the question “{}” is already asked at {place}",
                question.text
            ),
        )
        .at_stretch(&guide.source, question.at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing::guide_at;

    fn site(guides: &[(&str, &str)]) -> Site {
        let guides: Vec<std::sync::Arc<Guide>> = guides
            .iter()
            .map(|(path, faq)| {
                std::sync::Arc::new(guide_at(path, "title: T", &format!("## FAQ\n\n{faq}")))
            })
            .collect();
        Site::assemble(guides.iter(), false)
    }

    #[test]
    fn a_question_asked_again_points_at_the_first_place() {
        let s = site(&[
            ("b.md", "### Why  this role?\n\nBecause.\n"),
            ("a.md", "### Why this role\n\nYes.\n\n### How?\n\nSo.\n"),
            (
                "c.md",
                "### WHY THIS ROLE?!\n\nNo.\n\n### How?\n\nThus.\n\n### When?\n\nNow.\n\n### when\n\nAgain.\n",
            ),
        ]);
        let found = duplicate_questions(&s, &GuideMemo::default());
        let shown: Vec<(&str, usize, &str)> = found
            .iter()
            .map(|d| (d.file.as_str(), d.line.unwrap_or(0), d.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "content/b.md",
                    6,
                    "the question “Why  this role?” is already asked at content/a.md:6"
                ),
                (
                    "content/c.md",
                    6,
                    "the question “WHY THIS ROLE?!” is already asked at content/a.md:6"
                ),
                (
                    "content/c.md",
                    10,
                    "the question “How?” is already asked at content/a.md:10"
                ),
                (
                    "content/c.md",
                    18,
                    "the question “when” is already asked at line 14 of this guide"
                ),
            ]
        );
        assert_eq!(found[0].length, "### Why  this role?".len());
    }

    #[test]
    fn different_questions_pass() {
        let s = site(&[
            ("a.md", "### Why this role?\n\nYes.\n"),
            (
                "b.md",
                "### Why this team?\n\nYes.\n\n### ?\n\nNo text to compare.\n",
            ),
            ("c.md", "### ?\n\nNone either.\n"),
        ]);
        assert!(duplicate_questions(&s, &GuideMemo::default()).is_empty());
    }
}
