//! The search index the default theme's search box loads, precomputed and cut into small files
//! so that a search fetches only what it needs, however many guides the site has:
//!
//! - the manifest (`search-index.json`, [`SEARCH_INDEX`]): how to read the rest, the first term
//!   of each shard, and the hash of each segment of files ([`segments`]), from which the
//!   search box makes the files' names;
//! - shards of terms ([`shards`]): each term (as `guide/words.rs` splits text, lowercased,
//!   without stop words) with its postings, the guides that have it and in which fields
//!   ([`terms`]), written compactly ([`postings`]); a search fetches the shards whose range
//!   holds its terms;
//! - files of guide metadata ([`docs`]): what a hit shows, fetched only for the hits shown;
//! - files of the sentences of the guides' text ([`bodies`]), fetched only for a hit shown
//!   that was found in the text alone.
//!
//! Every file but the manifest is named by the content of its segment under `assets/search/`,
//! so hosts cache them for good. The whole index is a pure function of the site and the base
//! path: [`files`].

pub(crate) mod bodies;
pub(crate) mod docs;
pub(crate) mod pieces;
pub(crate) mod postings;
pub(crate) mod segments;
pub(crate) mod shards;
pub(crate) mod shared;
pub(crate) mod terms;

use std::collections::BTreeMap;
use std::sync::Arc;

// Hashed with FxHash: the keys are the site's own words, so no keyed hash is needed.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::guide::Guide;
use crate::guide::memo::GuideMemo;
use crate::guide::words::{STOP_WORDS, WordList};
use crate::memo::{Memo, hash_of};
use crate::render::cache::ByContent;
use crate::site::Site;
use crate::urls::{BasePath, SEARCH_DATA_DIR, SEARCH_INDEX, SectionId};
use docs::Doc;
use pieces::{Common, Piece, PieceInput};
use segments::{
    DOCS_PER_FILE, GUIDES_PER_SEGMENT, Kind, Numbered, SENTENCES_PER_FILE, SHARDS_PER_SEGMENT,
};
use shards::Entry;
use terms::{Field, Posting, WEIGHTS};

/// The manifest's shape; changes with an incompatible change of any search file.
pub(crate) const VERSION: u32 = 3;

/// Body words used by more than this share of the guides are left out (from ten guides on).
const COMMON_SHARE: f64 = 0.6;

/// How many guides' terms are worked out at a time, before they join the postings.
const BATCH: usize = 1024;

// A batch's sentences are written as whole files of the index at once (see [`files`]).
const _: () = assert!(BATCH.is_multiple_of(SENTENCES_PER_FILE));

/// How many shards a search for a prefix may fetch beyond the shard of the prefix itself: a
/// short prefix ranges over many shards, and the reader is still typing.
const PREFIX_SHARDS: usize = 1;

/// The manifest. Files are named relative to `dir`, which is relative to the manifest, by
/// their segment's hash, kind and number (see [`segments`]).
#[derive(Debug, Serialize)]
struct Manifest<'a> {
    version: u32,
    dir: &'static str,
    /// The weight of each bit of a posting's field mask.
    weights: [f64; 6],
    /// The bit of the body: hits found only there say which of its words they mention.
    body: u8,
    /// Words the index leaves out, so that a query leaves them out too.
    stop: &'static [&'static str],
    /// Most shards to fetch for a prefix beyond its own shard.
    prefix_shards: usize,
    /// Section titles, by the number a guide's metadata names.
    sections: Vec<String>,
    /// The first term of each shard, in the order of the terms.
    shards: Vec<&'a str>,
    shards_per_segment: usize,
    shard_segments: Vec<String>,
    /// How many guides there are, and how their files are cut and named.
    count: usize,
    guides_per_segment: usize,
    docs_per_file: usize,
    sentences_per_file: usize,
    guide_segments: Vec<String>,
}

/// A file of the site: its path and bytes.
pub(crate) type SiteFile = (String, Vec<u8>);

/// Every file of the search index, the manifest first.
pub(crate) fn files(site: &Site, base: &BasePath, kept: Option<Kept<'_>>) -> Vec<SiteFile> {
    let sections = section_numbers(site);
    let guides: Vec<_> = site.guides.values().collect();
    let common = Common::new(common_words(&guides, kept));
    let (lists, sentence_files) = terms_and_sentences(&guides, &sections, &common, kept);
    let postings = lists.sorted();
    let (firsts, shards) = shard_files(&postings);
    // The postings are written: the first terms of the shards are all the manifest reads of
    // them, so they go before the guides' files are made (at 100,000 guides, hundreds of MB).
    let firsts: Vec<String> = firsts.into_iter().map(str::to_owned).collect();
    drop(postings);
    let (shard_segments, shard_files) = segments::name(shards);
    let docs: Vec<Doc<'_>> = guides
        .iter()
        .map(|guide| doc(guide, &sections, base))
        .collect();
    let (guide_segments, guide_files) =
        segments::name(guide_files(&guides, &docs, sentence_files, kept));
    let manifest = Manifest {
        version: VERSION,
        dir: SEARCH_DATA_DIR,
        weights: WEIGHTS,
        body: Field::Body.bit(),
        stop: STOP_WORDS,
        prefix_shards: PREFIX_SHARDS,
        sections: sections.into_values().map(|(_, title)| title).collect(),
        shards: firsts.iter().map(String::as_str).collect(),
        shards_per_segment: SHARDS_PER_SEGMENT,
        shard_segments,
        count: guides.len(),
        guides_per_segment: GUIDES_PER_SEGMENT,
        docs_per_file: DOCS_PER_FILE,
        sentences_per_file: SENTENCES_PER_FILE,
        guide_segments,
    };
    let mut out = vec![(SEARCH_INDEX.to_owned(), json(&manifest).into_bytes())];
    out.extend(shard_files);
    out.extend(guide_files);
    out
}

/// Every guide's terms, gathered into postings, and the files of their sentences (each file's
/// JSON, in order). A batch of guides at a time: each guide's piece is held only until its
/// terms join the postings, which keep each term once, and its sentences are written in their
/// file (a batch is whole files of sentences). Pieces, and files of sentences, come from
/// `kept` while what they are made from is unchanged (serve).
fn terms_and_sentences(
    guides: &[&Arc<Guide>],
    sections: &Sections<'_>,
    common: &Common,
    kept: Option<Kept<'_>>,
) -> (terms::Lists, Vec<String>) {
    let mut lists = terms::Lists::default();
    let mut sentence_files = Vec::with_capacity(guides.len().div_ceil(SENTENCES_PER_FILE));
    for batch in guides.chunks(BATCH) {
        let inputs: Vec<PieceInput<'_>> = batch
            .iter()
            .map(|guide| PieceInput {
                section: sections
                    .get(&guide.id.section())
                    .map_or("", |(_, title)| title.as_str()),
                common,
            })
            .collect();
        let pieces: Vec<Arc<Piece>> = batch
            .par_iter()
            .zip(&inputs)
            .map(|(guide, input)| match kept {
                Some(kept) => kept.pieces.get(guide, input, pieces::piece),
                None => pieces::piece(guide, input),
            })
            .collect();
        let first = sentence_files.len();
        let files: Vec<(String, Option<Arc<terms::Lists>>)> = pieces
            .par_chunks(SENTENCES_PER_FILE)
            .zip(batch.par_chunks(SENTENCES_PER_FILE))
            .zip(inputs.par_chunks(SENTENCES_PER_FILE))
            .enumerate()
            .map(|(n, ((pieces, guides), inputs))| {
                let sentences = || bodies::file(pieces.iter().map(|p| p.sentences.as_slice()));
                let Some(kept) = kept else {
                    return (sentences(), None);
                };
                // A piece is made from its guide and input alone, and so are the file of
                // sentences and the postings of a file's guides. Kept, the postings are joined
                // file by file: a save gathers again the edited guide's file only, and joins
                // each term once per file.
                let from: Vec<_> = guides.iter().map(|g| ByContent(g)).zip(inputs).collect();
                let key = hash_of("guides", &from);
                let number = first + n;
                let json = kept
                    .files
                    .get(&file_name(Kind::Sentences, number), key, || {
                        Arc::from(sentences())
                    });
                let postings = kept.postings.get(&format!("p{number}"), key, || {
                    Arc::new(terms::Lists::of(pieces.iter().map(|p| p.terms())))
                });
                (String::from(&*json), Some(postings))
            })
            .collect();
        for (json, postings) in files {
            sentence_files.push(json);
            if let Some(postings) = postings {
                lists.append(&postings);
            }
        }
        if kept.is_none() {
            for piece in &pieces {
                lists.add(piece.terms());
            }
        }
    }
    (lists, sentence_files)
}

/// What serve keeps of the index from one build to the next.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kept<'a> {
    /// Each guide's piece.
    pub pieces: &'a GuideMemo<Arc<Piece>>,
    /// Each file of guides' metadata or sentences, by kind and number, with the hash of what
    /// it was made from: an edit makes again only the files of the guides it changed.
    pub files: &'a Memo<Arc<str>>,
    /// The postings of the guides of each file of sentences, numbered from the file's first.
    pub postings: &'a Memo<Arc<terms::Lists>>,
    /// How many of those guides' bodies use each word.
    pub uses: &'a Memo<Arc<Uses>>,
}

/// The name a kept file of guides is held under: its kind's letter and number.
fn file_name(kind: Kind, number: usize) -> String {
    format!("{}{number}", kind.letter())
}

/// What a hit on `guide` shows.
fn doc<'g>(guide: &'g Guide, sections: &Sections<'_>, base: &BasePath) -> Doc<'g> {
    Doc {
        title: &guide.front.title,
        url: base.url(&guide.id.page_path()),
        section: sections.get(&guide.id.section()).map(|(n, _)| *n),
        description: guide.front.description.as_deref().unwrap_or_default(),
        headings: &guide.body.headings,
    }
}

/// Each section but the root's, by id: its number in the manifest's list, and its title.
type Sections<'s> = BTreeMap<&'s SectionId, (usize, String)>;

fn section_numbers(site: &Site) -> Sections<'_> {
    site.sections
        .values()
        .filter(|s| !s.id.is_root())
        .enumerate()
        .map(|(n, s)| (&s.id, (n, s.title())))
        .collect()
}

/// The shards, by segment of [`SHARDS_PER_SEGMENT`], and the first term of each.
fn shard_files(postings: &[(String, Vec<Posting>)]) -> (Vec<&str>, Vec<Vec<Numbered>>) {
    let entries: Vec<(usize, Entry)> = postings
        .par_iter()
        .enumerate()
        .flat_map_iter(|(n, (term, list))| {
            let groups = postings::groups(list, postings::GROUP_BYTES);
            shards::entries(term, &groups)
                .into_iter()
                .map(move |e| (n, e))
        })
        .collect();
    let (terms, entries): (Vec<usize>, Vec<Entry>) = entries.into_iter().unzip();
    let runs = shards::split(&entries, shards::BUDGET);
    let firsts = runs
        .iter()
        .map(|run| postings[terms[run.start]].0.as_str())
        .collect();
    let numbered: Vec<Numbered> = runs
        .par_iter()
        .enumerate()
        .map(|(number, run)| Numbered {
            kind: Kind::Shard,
            number,
            json: shards::object(entries[run.clone()].iter().map(|e| e.text.as_str())),
        })
        .collect();
    (
        firsts,
        in_segments(numbered, |file| file.number / SHARDS_PER_SEGMENT),
    )
}

/// The files of the guides' metadata and sentences (each file's JSON, in order), by segment of
/// [`GUIDES_PER_SEGMENT`]. A file of metadata is made from its guides (`docs` are theirs, in
/// order) and the URLs and section numbers of their docs alone.
fn guide_files(
    guides: &[&Arc<Guide>],
    docs: &[Doc<'_>],
    sentences: Vec<String>,
    kept: Option<Kept<'_>>,
) -> Vec<Vec<Numbered>> {
    let docs = docs
        .par_chunks(DOCS_PER_FILE)
        .zip(guides.par_chunks(DOCS_PER_FILE))
        .enumerate()
        .map(|(number, (docs, guides))| {
            let json = match kept {
                Some(kept) => {
                    let from: Vec<_> = guides
                        .iter()
                        .zip(docs)
                        .map(|(g, doc)| (ByContent(g), &doc.url, doc.section))
                        .collect();
                    let key = hash_of("docs", &from);
                    let name = file_name(Kind::Docs, number);
                    String::from(&*kept.files.get(&name, key, || Arc::from(docs::file(docs))))
                }
                None => docs::file(docs),
            };
            Numbered {
                kind: Kind::Docs,
                number,
                json,
            }
        });
    let sentences = sentences
        .into_par_iter()
        .enumerate()
        .map(|(number, json)| Numbered {
            kind: Kind::Sentences,
            number,
            json,
        });
    let files: Vec<Numbered> = docs.chain(sentences).collect();
    in_segments(files, |file| {
        let per_file = match file.kind {
            Kind::Docs => DOCS_PER_FILE,
            _ => SENTENCES_PER_FILE,
        };
        file.number * per_file / GUIDES_PER_SEGMENT
    })
}

/// Files gathered by the number of their segment (`segment` of each), in order.
fn in_segments(files: Vec<Numbered>, segment: impl Fn(&Numbered) -> usize) -> Vec<Vec<Numbered>> {
    let mut segments: Vec<Vec<Numbered>> = Vec::new();
    for file in files {
        let at = segment(&file);
        if segments.len() <= at {
            segments.resize_with(at + 1, Vec::new);
        }
        segments[at].push(file);
    }
    segments
}

/// Compact JSON. Serialising plain structs of strings and numbers cannot fail. `<` only occurs
/// in strings, where `\u003c` means the same: no file of the site carries markup from front
/// matter unescaped, whatever reads it.
fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .map(|json| json.replace('<', "\\u003c"))
        .unwrap_or_default()
}

/// The words that more than [`COMMON_SHARE`] of the guides' bodies use, when there are ten
/// guides or more. In serve, the uses are counted by file of guides (as the sentences are
/// filed), each file's counts kept while its guides are unchanged.
fn common_words(guides: &[&Arc<Guide>], kept: Option<Kept<'_>>) -> HashSet<String> {
    let Some(kept) = kept else {
        return common_of(uses(words(guides)), guides.len());
    };
    let parts: Vec<Arc<Uses>> = guides
        .par_chunks(SENTENCES_PER_FILE)
        .enumerate()
        .map(|(n, part)| {
            let from: Vec<_> = part.iter().map(|g| ByContent(g)).collect();
            kept.uses.get(&format!("u{n}"), hash_of("uses", &from), || {
                Arc::new(owned(uses(words(part))))
            })
        })
        .collect();
    let mut all: HashMap<&str, usize> = HashMap::default();
    for (word, n) in parts.iter().flat_map(|part| part.iter()) {
        *all.entry(word).or_default() += n;
    }
    common_of(all, guides.len())
}

/// The words of each of `guides`' bodies.
fn words<'g>(guides: &[&'g Arc<Guide>]) -> impl Iterator<Item = &'g WordList> {
    guides.iter().map(|g| &g.model.search_words)
}

/// How many guides use each word, in a part of the site.
pub(crate) type Uses = HashMap<String, usize>;

fn uses<'w>(docs: impl Iterator<Item = &'w WordList>) -> HashMap<&'w str, usize> {
    let mut uses: HashMap<&str, usize> = HashMap::default();
    for words in docs {
        for word in words.iter() {
            *uses.entry(word).or_default() += 1;
        }
    }
    uses
}

fn owned(uses: HashMap<&str, usize>) -> Uses {
    uses.into_iter().map(|(w, n)| (w.to_owned(), n)).collect()
}

/// The words of `uses` that more than [`COMMON_SHARE`] of `count` documents use.
fn common_of(uses: HashMap<&str, usize>, count: usize) -> HashSet<String> {
    if count < 10 {
        return HashSet::default();
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
    use crate::guide::testing::guide_at;
    use crate::urls::BasePath;

    /// 70 guides of one section: two files of sentences (64 guides each) and three of
    /// metadata (32 each); `last` is the body of the last guide.
    fn site(last: &str) -> Site {
        let guides: Vec<Arc<Guide>> = (0..70)
            .map(|n| {
                let body = if n == 69 {
                    last
                } else {
                    "Queues grow. Budgets shrink.\n"
                };
                let front = format!("title: Guide {n:02}");
                Arc::new(guide_at(&format!("s/g{n:02}.md"), &front, body))
            })
            .collect();
        Site::assemble(&guides, false)
    }

    /// In serve, an edit of one guide makes again only the files of the index that hold it,
    /// and the index is what a clean build makes.
    #[test]
    fn kept_files_of_guides_are_made_again_only_for_the_edited_guide() {
        let pieces = GuideMemo::default();
        let files = Memo::default();
        let postings = Memo::default();
        let uses = Memo::default();
        let kept = Kept {
            pieces: &pieces,
            files: &files,
            postings: &postings,
            uses: &uses,
        };
        let base = BasePath::default();
        let build = |site: &Site| {
            let made = super::files(site, &base, Some(kept));
            let held: Vec<Option<Arc<str>>> = ["t0", "t1", "d0", "d1", "d2"]
                .map(|name| files.held(name))
                .into();
            files.end_build();
            postings.end_build();
            uses.end_build();
            (made, held)
        };
        let (_, before) = build(&site("Queues grow.\n"));
        let edited = site("Latency spikes. Queues grow.\n");
        let (made, after) = build(&edited);
        assert_eq!(made, super::files(&edited, &base, None));
        let same: Vec<bool> = before
            .iter()
            .zip(&after)
            .map(|(b, a)| match (b, a) {
                (Some(b), Some(a)) => Arc::ptr_eq(b, a),
                _ => panic!("every file is held: {before:?} {after:?}"),
            })
            .collect();
        // The last guide is in the second file of sentences and the third of metadata.
        assert_eq!(same, [true, false, true, true, false]);
        // Guides removed before the others, and one in a section of its own (which numbers
        // the sections anew): every file, postings and count moves, and the index is still a
        // clean build's.
        let mut guides: Vec<Arc<Guide>> = edited.guides.values().skip(3).cloned().collect();
        let front = "title: Elsewhere";
        guides.push(Arc::new(guide_at("a/first.md", front, "Queues grow.\n")));
        let moved = Site::assemble(&guides, false);
        let (made, _) = build(&moved);
        assert_eq!(made, super::files(&moved, &base, None));
    }

    #[test]
    fn words_most_documents_use_are_common_from_ten_documents_on() {
        let doc = |extra: &str| -> WordList { ["shared", extra].into_iter().collect() };
        let mut docs: Vec<WordList> = (0..9).map(|i| doc(&format!("w{i}"))).collect();
        let common_words = |docs: &[WordList]| common_of(uses(docs.iter()), docs.len());
        assert!(common_words(&docs).is_empty());
        docs.push(doc("w9"));
        let common = common_words(&docs);
        assert_eq!(common, HashSet::from_iter(["shared".to_owned()]));
    }
}
