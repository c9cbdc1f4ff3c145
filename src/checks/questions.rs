//! `duplicate-question`: one FAQ question asked in two places of the site. Two answers to one
//! question drift apart, and a reader practising the site's flash cards meets the card twice.
//!
//! A site-wide rule, worked out again on every build from the parsed guides (one hash-map pass
//! over every question, so linear in the site): an edit of one guide updates what is reported
//! on another.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use crate::diagnostic::{Diagnostic, rules};
use crate::guide::Guide;
use crate::guide::model::Question;
use crate::site::Site;

/// A warning at each question that an earlier guide of the site (in path order), or earlier
/// in the same guide, already asks, naming that first place.
pub(crate) fn duplicate_questions(site: &Site) -> Vec<Diagnostic> {
    // FxHash: the keys are the site's own text, so no keyed hash is needed.
    let mut first: FxHashMap<&str, (&Guide, &Question)> = FxHashMap::default();
    let mut diagnostics = Vec::new();
    for guide in site.guides.values().map(AsRef::as_ref) {
        for question in &guide.model.questions {
            if question.key.is_empty() {
                continue;
            }
            match first.entry(question.key.as_str()) {
                Entry::Vacant(slot) => {
                    slot.insert((guide, question));
                }
                Entry::Occupied(slot) => {
                    let (other, asked) = *slot.get();
                    diagnostics.push(duplicate(guide, question, other, asked));
                }
            }
        }
    }
    diagnostics
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
        let found = duplicate_questions(&s);
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
        assert!(duplicate_questions(&s).is_empty());
    }
}
