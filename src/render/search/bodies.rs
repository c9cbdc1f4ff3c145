//! The sentences of each guide's text that the search box may show for a hit found in the
//! text alone, in files of [`super::segments::SENTENCES_PER_FILE`] guides, fetched only for
//! such hits.
//!
//! A guide keeps only the sentences that bring one of its text's indexed words (see
//! [`super::terms`]) that no sentence before them has: the search box shows the first kept
//! sentence with a word of the query, so a sentence all of whose words are in the title,
//! headings, tags or description (never a hit of the text alone), or are common or already
//! shown by an earlier sentence, would never be shown. What is kept is at most
//! [`GUIDE_BYTES`]; a hit on a word after that says which words it mentions instead.

use std::ops::ControlFlow;

use rustc_hash::FxHashSet as HashSet;

use super::shared::{Shared, Texts};
use crate::guide::Guide;
use crate::guide::markdown::BlockKind;
use crate::guide::words::each_word;

/// The most bytes of sentences kept of a guide, so that a file of guides stays a few tens of
/// kilobytes however long the guides are.
const GUIDE_BYTES: usize = 2 * 1024;

/// The sentences of the guide's prose (paragraphs, list items, quotes, tables; not code or
/// HTML), whitespace folded, in page order, that bring a word of `terms` no sentence before
/// them has; up to [`GUIDE_BYTES`]. Only a sentence kept is copied: a guide's prose is read
/// until its words are all shown, most of it in sentences that bring nothing new. `terms` is
/// taken, not copied: each word leaves it as a sentence shows it.
pub(crate) fn sentences(guide: &Guide, terms: HashSet<&str>) -> Vec<String> {
    let mut left = terms;
    let prose = guide.body.blocks.iter().filter(|b| {
        matches!(
            b.kind,
            BlockKind::Paragraph | BlockKind::ListItem { .. } | BlockKind::Quote | BlockKind::Table
        )
    });
    let mut kept = Vec::new();
    let mut bytes = 0;
    let mut scratch = String::new();
    let mut tokens = Vec::new();
    for block in prose {
        let flow = each_sentence(&block.text, &mut tokens, |sentence| {
            if left.is_empty() {
                return ControlFlow::Break(());
            }
            let mut brings = false;
            for token in sentence {
                each_word(token, &mut scratch, |word| brings |= left.remove(word));
            }
            if !brings {
                return ControlFlow::Continue(());
            }
            // The words joined by one space each.
            bytes += sentence.iter().map(|t| t.len() + 1).sum::<usize>() - 1;
            if bytes > GUIDE_BYTES {
                return ControlFlow::Break(());
            }
            kept.push(sentence.join(" "));
            ControlFlow::Continue(())
        });
        if flow.is_break() {
            break;
        }
    }
    kept
}

/// The file of some guides' sentences: a JSON array of each guide's sentences, in order, a
/// sentence that several of them have written once ([`super::shared`]).
pub(crate) fn file<'s>(guides: impl Iterator<Item = &'s [String]>) -> String {
    let mut texts = Texts::default();
    let written: Vec<Vec<Shared<'_>>> = guides
        .map(|sentences| sentences.iter().map(|s| texts.share(s)).collect())
        .collect();
    super::json(&written)
}

/// Calls `f` with the words of each sentence of `text`, until it breaks: a text is cut at each
/// line (the rows of a table, the blocks of a list item) and after each `.`, `?` or `!` that
/// whitespace (or the end) follows. `tokens` holds a sentence's words, room reused.
fn each_sentence<'t>(
    text: &'t str,
    tokens: &mut Vec<&'t str>,
    mut f: impl FnMut(&[&'t str]) -> ControlFlow<()>,
) -> ControlFlow<()> {
    for line in text.lines() {
        tokens.clear();
        for word in line.split_whitespace() {
            tokens.push(word);
            if word.ends_with(['.', '?', '!']) {
                f(tokens)?;
                tokens.clear();
            }
        }
        if !tokens.is_empty() {
            f(tokens)?;
        }
    }
    ControlFlow::Continue(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing::guide;

    fn all_words(g: &Guide) -> HashSet<&str> {
        g.model.search_words.iter().collect()
    }

    #[test]
    fn sentences_of_the_prose_only() {
        let g = guide(
            "## Plan\n\nFirst one. Second\none? Third!\n\n- An item. Its end\n\n```\ncode. here\n```\n\n> Quoted.\n\n| Signal | Strong |\n|---|---|\n| Cell | Row |\n",
        );
        assert_eq!(
            sentences(&g, all_words(&g)),
            [
                "First one.",
                "Second one?",
                "Third!",
                "An item.",
                "Its end",
                "Quoted.",
                "Signal · Strong",
                "Cell · Row"
            ]
        );
    }

    /// A sentence whose words an earlier sentence, the headings or nothing indexed has is left
    /// out; the first sentence with each word is kept.
    #[test]
    fn only_sentences_that_bring_a_word_are_kept() {
        let g = guide(
            "## Latency budgets\n\nLatency budgets. Queues grow. Queues grow. Queues grow fast. The end of it.\n",
        );
        let terms: HashSet<&str> = all_words(&g).into_iter().filter(|w| *w != "end").collect();
        assert_eq!(sentences(&g, terms), ["Queues grow.", "Queues grow fast."]);
    }

    #[test]
    fn a_long_guide_keeps_its_first_sentences() {
        let long: String = (0..2_000).map(|i| format!("Word{i} and more. ")).collect();
        let g = guide(&long);
        let kept = sentences(&g, all_words(&g));
        assert!(!kept.is_empty());
        assert_eq!(kept[0], "Word0 and more.");
        assert!(kept.iter().map(String::len).sum::<usize>() <= GUIDE_BYTES);
    }

    #[test]
    fn a_sentence_several_guides_have_is_written_once() {
        let guides = [
            vec!["Same here.".to_owned(), "Own.".to_owned()],
            vec!["Same here.".to_owned()],
            Vec::new(),
        ];
        assert_eq!(
            file(guides.iter().map(Vec::as_slice)),
            r#"[["Same here.","Own."],[0],[]]"#
        );
    }
}
