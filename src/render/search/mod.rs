//! The search index the default theme's search box loads, precomputed and cut into small files
//! so that a search fetches only what it needs, however many guides the site has:
//!
//! - the manifest (`search-index.json`, [`SEARCH_INDEX`]): how to read the rest, the first term
//!   of each shard, and the files of guide metadata;
//! - shards of terms ([`shards`]): each term (as `guide/words.rs` splits text, lowercased,
//!   without stop words) with its postings, the guides that have it and in which fields
//!   ([`terms`]); a search fetches the shards whose range holds its terms;
//! - chunks of guide metadata ([`docs`]): what a hit shows, fetched only for the hits shown;
//! - the sentences of each guide's text ([`bodies`]), fetched only for a hit shown that was
//!   found in the text alone.
//!
//! Shards and chunks are named by their content under `assets/search/`, so hosts cache them
//! for good and a changed site changes only the names of the files that changed. The whole
//! index is a pure function of the site and the base path: [`files`].

pub(crate) mod bodies;
pub(crate) mod docs;
pub(crate) mod shards;
pub(crate) mod terms;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::guide::Guide;
use crate::guide::words::STOP_WORDS;
use crate::site::Site;
use crate::urls::{BasePath, SEARCH_DATA_DIR, SEARCH_INDEX, SectionId, search_data_path};
use docs::{DOCS_PER_CHUNK, DocMeta};
use terms::{Field, Fields, MASK_BITS, WEIGHTS};

/// The manifest's shape; changes with an incompatible change of any search file.
pub(crate) const VERSION: u32 = 2;

/// Body words used by more than this share of the guides are left out (from ten guides on).
const COMMON_SHARE: f64 = 0.6;

/// What a search for a prefix may fetch beyond the shard of the prefix itself (about one more
/// shard): a short prefix ranges over many shards, and the reader is still typing.
const PREFIX_BYTES: usize = shards::BUDGET;

/// The manifest. Files are named relative to `dir`, which is relative to the manifest.
#[derive(Debug, Serialize)]
struct Manifest<'a> {
    version: u32,
    dir: &'static str,
    /// The weight of each bit of a posting's field mask.
    weights: [f64; 6],
    mask_bits: u32,
    /// The bit of the body: hits found only there say which of its words they mention.
    body: u8,
    /// Words the index leaves out, so that a query leaves them out too.
    stop: &'static [&'static str],
    /// Most bytes of shards to fetch for a prefix beyond its own shard.
    prefix_bytes: usize,
    /// Section titles, by the number a guide's metadata names.
    sections: Vec<String>,
    /// Each shard as (its first term, its file, its size in bytes), in the order of the terms.
    shards: Vec<(&'a str, String, usize)>,
    /// Guides per metadata chunk, and the chunks' files in order of guide numbers.
    per_chunk: usize,
    chunks: Vec<String>,
    count: usize,
}

/// Every file of the search index: (site path, bytes), the manifest first.
pub(crate) fn files(site: &Site, base: &BasePath) -> Vec<(String, Vec<u8>)> {
    let sections = section_numbers(site);
    let guides: Vec<_> = site.guides.values().collect();
    let headings: Vec<Vec<&str>> = guides
        .iter()
        .map(|g| g.body.headings.iter().map(|h| h.text.as_str()).collect())
        .collect();
    let fields: Vec<Fields<'_>> = guides
        .iter()
        .zip(&headings)
        .map(|(guide, headings)| Fields {
            title: &guide.front.title,
            headings,
            tags: &guide.front.tags,
            description: guide.front.description.as_deref().unwrap_or_default(),
            section: sections
                .get(&guide.id.section())
                .map_or("", |(_, title)| title.as_str()),
            body: &guide.model.search_words,
        })
        .collect();
    let common = common_words(fields.iter().map(|f| f.body));
    let postings = terms::postings(&fields, &common);
    let mut out = vec![(SEARCH_INDEX.to_owned(), Vec::new())];
    let shards = shard_files(&postings, &mut out);
    let bodies = body_files(&guides, &mut out);
    let metas = guides
        .iter()
        .zip(headings.iter())
        .zip(bodies)
        .map(|((guide, headings), b)| DocMeta {
            t: &guide.front.title,
            u: base.url(&guide.id.page_path()),
            s: sections.get(&guide.id.section()).map(|(n, _)| *n),
            d: guide.front.description.as_deref().unwrap_or_default(),
            h: headings.clone(),
            a: guide.body.headings.iter().map(|h| h.id.as_str()).collect(),
            b,
        });
    let chunks = chunk_files(metas.collect(), &mut out);
    let manifest = Manifest {
        version: VERSION,
        dir: SEARCH_DATA_DIR,
        weights: WEIGHTS,
        mask_bits: MASK_BITS,
        body: Field::Body.bit(),
        stop: STOP_WORDS,
        prefix_bytes: PREFIX_BYTES,
        sections: sections.into_values().map(|(_, title)| title).collect(),
        shards,
        per_chunk: DOCS_PER_CHUNK,
        chunks,
        count: guides.len(),
    };
    out[0].1 = json(&manifest).into_bytes();
    // Files are named by their content: guides with the same sentences share one.
    let mut seen = HashSet::new();
    out.retain(|(path, _)| seen.insert(path.clone()));
    out
}

/// Each section but the root's, by id: its number in the manifest's list, and its title.
fn section_numbers(site: &Site) -> BTreeMap<&SectionId, (usize, String)> {
    site.sections
        .values()
        .filter(|s| !s.id.is_root())
        .enumerate()
        .map(|(n, s)| (&s.id, (n, s.title())))
        .collect()
}

/// The shards' files into `out`; their (first term, file name, size) for the manifest.
fn shard_files<'p>(
    postings: &'p [(String, Vec<u64>)],
    out: &mut Vec<(String, Vec<u8>)>,
) -> Vec<(&'p str, String, usize)> {
    let entries: Vec<String> = postings
        .par_iter()
        .map(|(term, codes)| shards::entry(term, codes))
        .collect();
    let sizes: Vec<usize> = entries.iter().map(String::len).collect();
    let runs = shards::split(&sizes, shards::BUDGET);
    let files: Vec<DataFile> = runs
        .par_iter()
        .map(|run| {
            DataFile::of(shards::object(
                entries[run.clone()].iter().map(String::as_str),
            ))
        })
        .collect();
    runs.iter()
        .zip(files)
        .map(|(run, file)| {
            let size = file.bytes.len();
            (postings[run.start].0.as_str(), file.push_into(out), size)
        })
        .collect()
}

/// Each guide's file of sentences into `out`; its name, for guides with any.
fn body_files(guides: &[&Arc<Guide>], out: &mut Vec<(String, Vec<u8>)>) -> Vec<Option<String>> {
    let files: Vec<Option<DataFile>> = guides
        .par_iter()
        .map(|guide| {
            let sentences = bodies::sentences(guide);
            (!sentences.is_empty()).then(|| DataFile::of(json(&sentences)))
        })
        .collect();
    files
        .into_iter()
        .map(|file| file.map(|file| file.push_into(out)))
        .collect()
}

/// The metadata chunks' files into `out`; their file names, in order.
fn chunk_files(metas: Vec<DocMeta<'_>>, out: &mut Vec<(String, Vec<u8>)>) -> Vec<String> {
    let files: Vec<DataFile> = metas
        .par_chunks(DOCS_PER_CHUNK)
        .map(|chunk| DataFile::of(json(&chunk)))
        .collect();
    files.into_iter().map(|file| file.push_into(out)).collect()
}

/// A data file named by its content (named in parallel, written into the list in order).
struct DataFile {
    path: String,
    bytes: Vec<u8>,
}

impl DataFile {
    fn of(json: String) -> DataFile {
        DataFile {
            path: search_data_path(json.as_bytes()),
            bytes: json.into_bytes(),
        }
    }

    /// Into `out`; its name in [`SEARCH_DATA_DIR`].
    fn push_into(self, out: &mut Vec<(String, Vec<u8>)>) -> String {
        let name = self
            .path
            .strip_prefix(SEARCH_DATA_DIR)
            .unwrap_or(&self.path)
            .to_owned();
        out.push((self.path, self.bytes));
        name
    }
}

/// Compact JSON. Serialising plain structs of strings and numbers cannot fail. `<` only occurs
/// in strings, where `\u003c` means the same: no file of the site carries markup from front
/// matter unescaped, whatever reads it.
fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .map(|json| json.replace('<', "\\u003c"))
        .unwrap_or_default()
}

/// The words that more than [`COMMON_SHARE`] of the documents use, when there are ten or more.
fn common_words<'w>(docs: impl ExactSizeIterator<Item = &'w [String]>) -> HashSet<String> {
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
