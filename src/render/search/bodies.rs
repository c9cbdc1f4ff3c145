//! The sentences of each guide's text, in a small file per guide, which the search box fetches
//! only for a hit found in the text alone, to show the sentence that has the word. One file per
//! guide, not per chunk of guides: ten hits cost ten guides' text, a few kilobytes each.

use crate::guide::Guide;
use crate::guide::markdown::BlockKind;

/// The most bytes of sentences kept of a guide: a very long guide gives its first ones, and a
/// hit on a word after them says which words it mentions instead.
const GUIDE_BYTES: usize = 8 * 1024;

/// The sentences of the guide's prose (paragraphs, list items, quotes, tables; not code or
/// HTML), whitespace folded, in page order, up to [`GUIDE_BYTES`].
pub(crate) fn sentences(guide: &Guide) -> Vec<String> {
    let prose = guide.body.blocks.iter().filter(|b| {
        matches!(
            b.kind,
            BlockKind::Paragraph | BlockKind::ListItem { .. } | BlockKind::Quote | BlockKind::Table
        )
    });
    let mut kept = Vec::new();
    let mut bytes = 0;
    for sentence in prose.flat_map(|b| split(&b.text)) {
        bytes += sentence.len();
        if bytes > GUIDE_BYTES {
            break;
        }
        kept.push(sentence);
    }
    kept
}

/// A text cut after each `.`, `?` or `!` that whitespace (or the end) follows.
fn split(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for word in text.split_whitespace() {
        current.push(word);
        if word.ends_with(['.', '?', '!']) {
            sentences.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        sentences.push(current.join(" "));
    }
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing::guide;

    #[test]
    fn sentences_of_the_prose_only() {
        let g = guide(
            "## Plan\n\nFirst one. Second\none? Third!\n\n- An item. Its end\n\n```\ncode. here\n```\n\n> Quoted.\n",
        );
        assert_eq!(
            sentences(&g),
            [
                "First one.",
                "Second one?",
                "Third!",
                "An item.",
                "Its end",
                "Quoted."
            ]
        );
    }

    #[test]
    fn a_long_guide_keeps_its_first_sentences() {
        let long = "Word and more words here. ".repeat(2_000);
        let kept = sentences(&guide(&long));
        assert!(!kept.is_empty());
        assert!(kept.iter().map(String::len).sum::<usize>() <= GUIDE_BYTES);
    }
}
