//! `duplicate-question`: one FAQ question asked in two places of the site. Two answers to one
//! question drift apart, and a reader practising the site's flash cards meets the card twice.
//!
//! A site-wide rule: where each question is first asked is worked out from every published
//! guide's questions (one hash-map pass over every question, so linear in the site), so that
//! an edit of one guide updates what is reported on another. Its diagnostics are kept between
//! builds under the hash of what it reads of each guide ([`face`]): an edit that moves no
//! question makes none again.

use std::collections::hash_map::Entry;

use rayon::prelude::*;
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
    let mut repeats = Vec::new();
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
                    repeats.push((guide, question, other, asked));
                }
            }
        }
    }
    // Finding the repeats is one quick pass; placing each (the lines of two files, the quoted
    // line) is most of the work, and independent for each: a site whose guides share stock
    // questions has thousands.
    repeats
        .into_par_iter()
        .map(|(guide, question, other, asked)| duplicate(guide, question, other, asked))
        .collect()
}

/// What [`duplicate_questions`] reads of one guide, hashed: its file, and each question's key
/// and text with where it is as a diagnostic shows it (line, column and the line's text), not
/// as a byte offset, so that typing above the FAQ on the same line count changes nothing.
/// A guide without questions hashes alike wherever it is: it takes no part.
pub(crate) fn face(guide: &Guide) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    if guide.model.questions.is_empty() {
        return hasher.finalize();
    }
    super::kept::field(&mut hasher, &guide.file);
    let text: &str = &guide.source;
    // Lines are counted once down the file, questions being in the order they are written.
    let (mut line, mut counted) = (1usize, 0usize);
    for question in &guide.model.questions {
        super::kept::field(&mut hasher, &question.key);
        super::kept::field(&mut hasher, &question.text);
        hasher.update(&question.at.length.to_le_bytes());
        match question.at.start.offset() {
            Some(offset) if offset >= counted && text.is_char_boundary(offset) => {
                line += text.as_bytes()[counted..offset]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                counted = offset;
                let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
                let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
                hasher.update(&line.to_le_bytes());
                hasher.update(&(offset - start).to_le_bytes());
                super::kept::field(&mut hasher, &text[start..end]);
            }
            // Not a place in the text as read down the file: the whole file stands for it.
            _ => {
                hasher.update(guide.hash.as_bytes());
            }
        }
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

    #[test]
    fn a_face_changes_when_a_question_moves_not_when_text_above_it_does() {
        let faq = |intro: &str| {
            guide_at(
                "a.md",
                "title: T",
                &format!("{intro}\n\n## FAQ\n\n### Why?\n\nBecause.\n"),
            )
        };
        let before = face(&faq("Intro."));
        assert_eq!(face(&faq("Longer intro, same line.")), before);
        assert_ne!(face(&faq("Intro.\n\nOne more paragraph.")), before);
        let renamed = guide_at("a.md", "title: T", "Intro.\n\n## FAQ\n\n### How?\n\nSo.\n");
        assert_ne!(face(&renamed), before);
        let none = |body: &str| face(&guide_at("a.md", "title: T", body));
        assert_eq!(none("One text."), none("Another,\n\nlonger text."));
    }
}
