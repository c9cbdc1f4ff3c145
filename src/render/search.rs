//! The search index the default theme's search box loads: one small JSON document per guide
//! (title, section, description, tags, headings and the distinct words of its text), which
//! MiniSearch indexes in the browser when a reader starts to search.
//!
//! Kept small on purpose: the body is reduced to its distinct words, lowercased, without
//! common English words, without words already in the title, description, tags or headings,
//! and (on sites of ten guides or more) without body words that most guides use, which find
//! nearly everything anyway. Ranking by how often a word occurs is lost; finding the guides
//! that have a distinctive word is not.

use rayon::prelude::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

use crate::guide::Guide;
use crate::guide::words::words;
use crate::site::Site;
use crate::urls::BasePath;

/// The index's shape; changes with an incompatible change of the documents below.
pub(crate) const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub(crate) struct SearchIndex<'a> {
    pub version: u32,
    pub docs: Vec<SearchDoc<'a>>,
}

/// One guide. Field names are one letter: they repeat for every guide.
#[derive(Debug, Serialize)]
pub(crate) struct SearchDoc<'a> {
    /// Id, for MiniSearch.
    pub i: usize,
    /// Title.
    pub t: &'a str,
    /// URL of the page.
    pub u: String,
    /// Section title.
    pub s: String,
    /// Description.
    pub d: &'a str,
    /// Tags, space-separated.
    pub g: String,
    /// Headings, ` · `-separated.
    pub h: String,
    /// The headings' anchors (ids), space-separated, in the order of `h`: a hit on a heading
    /// links to it.
    pub a: String,
    /// The other distinct words of the text, space-separated.
    pub x: String,
}

/// Body words used by more than this share of the guides are left out (from ten guides on).
const COMMON_SHARE: f64 = 0.6;

/// The index of every guide of the site, as compact JSON.
pub(crate) fn index_json(site: &Site, base: &BasePath) -> String {
    let mut docs: Vec<(SearchDoc<'_>, Vec<String>)> = site
        .guides
        .values()
        .collect::<Vec<_>>()
        .par_iter()
        .enumerate()
        .map(|(i, guide)| doc(i, guide, site, base))
        .collect();
    let common = common_words(docs.iter().map(|(_, words)| words.as_slice()));
    for (doc, words) in &mut docs {
        let kept: Vec<&str> = words
            .iter()
            .filter(|w| !common.contains(w.as_str()))
            .map(String::as_str)
            .collect();
        doc.x = kept.join(" ");
    }
    let docs = docs.into_iter().map(|(doc, _)| doc).collect();
    let index = SearchIndex {
        version: VERSION,
        docs,
    };
    // Serialising plain structs of strings cannot fail; an empty index is still valid JSON.
    // `<` only occurs in strings, where `\u003c` means the same: no file of the site carries
    // markup from front matter unescaped, whatever reads it.
    serde_json::to_string(&index)
        .map(|json| json.replace('<', "\\u003c"))
        .unwrap_or_else(|_| "{\"version\":1,\"docs\":[]}".to_owned())
}

/// The words that more than [`COMMON_SHARE`] of the documents use, when there are ten or more.
pub(crate) fn common_words<'w>(
    docs: impl ExactSizeIterator<Item = &'w [String]>,
) -> HashSet<String> {
    let count = docs.len();
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for words in docs {
        for word in words {
            *uses.entry(word.as_str()).or_default() += 1;
        }
    }
    if count < 10 {
        return HashSet::new();
    }
    let limit = (count as f64 * COMMON_SHARE).ceil() as usize;
    uses.into_iter()
        .filter(|(_, n)| *n > limit)
        .map(|(word, _)| word.to_owned())
        .collect()
}

/// A guide's document, with its body words apart (filled into `x` once common ones are out).
fn doc<'a>(
    i: usize,
    guide: &'a Guide,
    site: &Site,
    base: &BasePath,
) -> (SearchDoc<'a>, Vec<String>) {
    let front = &guide.front;
    let section = site
        .sections
        .get(&guide.id.section())
        .filter(|s| !s.id.is_root())
        .map(|s| s.title())
        .unwrap_or_default();
    let headings: Vec<&str> = guide
        .body
        .headings
        .iter()
        .map(|h| h.text.as_str())
        .collect();
    let description = front.description.as_deref().unwrap_or_default();
    let doc = SearchDoc {
        i,
        t: &front.title,
        u: base.url(&guide.id.page_path()),
        s: section,
        d: description,
        g: front.tags.join(" "),
        h: headings.join(" · "),
        a: guide
            .body
            .headings
            .iter()
            .map(|h| h.id.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        x: String::new(),
    };
    // The guide's own words, less those its section's title gives.
    let section_words: HashSet<String> = words(&doc.s).collect();
    let words = guide
        .model
        .search_words
        .iter()
        .filter(|w| !section_words.contains(*w))
        .cloned()
        .collect();
    (doc, words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_most_documents_use_are_common_from_ten_documents_on() {
        let doc = |extra: &str| vec!["shared".to_owned(), extra.to_owned()];
        let mut docs: Vec<Vec<String>> = (0..9).map(|i| doc(&format!("w{i}"))).collect();
        assert!(common_words(docs.iter().map(Vec::as_slice)).is_empty());
        docs.push(doc("w9"));
        let common = common_words(docs.iter().map(Vec::as_slice));
        assert_eq!(common, HashSet::from(["shared".to_owned()]));
    }
}
