//! What the index takes from one guide: its terms with the fields they occur in, and the
//! sentences a hit found in its text may show. A piece is made from the guide, its section's
//! title and the site's common words alone ([`piece`]), so that serve keeps each guide's while
//! those are unchanged, and a save makes the piece of the edited guide only: the rest of a
//! guide's search work is most of the index's.

use std::sync::Arc;

use rustc_hash::FxHashSet as HashSet;
use serde::Serialize;

use super::bodies;
use super::terms::{self, Field, Fields};
use crate::guide::Guide;
use crate::guide::words::WordList;
use crate::render::cache::HashInput;

/// One guide's part of the index.
#[derive(Debug)]
pub(crate) struct Piece {
    /// Its terms (see [`terms::doc_terms`]), in one buffer, with the mask of each below.
    terms: WordList,
    masks: Box<[u8]>,
    /// The sentences of its text a hit may show (see [`bodies::sentences`]).
    pub sentences: Vec<String>,
}

impl Piece {
    /// Its terms, each with the mask of the fields it occurs in.
    pub(crate) fn terms(&self) -> impl Iterator<Item = (&str, u8)> {
        self.terms.iter().zip(self.masks.iter().copied())
    }
}

/// The words most guides' bodies use, which the index leaves out of the bodies' terms, with
/// their hash: an input of every guide's piece, serialised as that hash so that a piece's key
/// does not write them out for every guide.
#[derive(Debug)]
pub(crate) struct Common {
    pub words: HashSet<String>,
    hash: blake3::Hash,
}

impl Common {
    pub(crate) fn new(words: HashSet<String>) -> Common {
        let mut sorted: Vec<&str> = words.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        let mut hasher = blake3::Hasher::new();
        for word in sorted {
            hasher.update(word.as_bytes());
            hasher.update(b"\n");
        }
        Common {
            hash: hasher.finalize(),
            words,
        }
    }
}

impl Serialize for Common {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        HashInput(&self.hash).serialize(serializer)
    }
}

/// What a piece is made from besides its guide.
#[derive(Debug, Serialize)]
pub(crate) struct PieceInput<'a> {
    /// The title of the guide's section, a field of its own.
    pub section: &'a str,
    pub common: &'a Common,
}

/// The piece of `guide`.
pub(crate) fn piece(guide: &Guide, input: &PieceInput<'_>) -> Arc<Piece> {
    let headings: Vec<&str> = guide
        .body
        .headings
        .iter()
        .map(|h| h.text.as_str())
        .collect();
    let fields = Fields {
        title: &guide.front.title,
        headings: &headings,
        tags: &guide.front.tags,
        description: guide.front.description.as_deref().unwrap_or_default(),
        section: input.section,
        body: &guide.model.search_words,
    };
    let terms = terms::doc_terms(&fields, &input.common.words);
    // The sentences shown for a hit in the text alone bring the words indexed as the text's.
    let body: HashSet<&str> = terms
        .iter()
        .filter(|(_, mask)| *mask & Field::Body.bit() != 0)
        .map(|(term, _)| term.as_ref())
        .collect();
    let sentences = bodies::sentences(guide, body);
    Arc::new(Piece {
        terms: terms.iter().map(|(term, _)| term.as_ref()).collect(),
        masks: terms.iter().map(|(_, mask)| *mask).collect(),
        sentences,
    })
}
