//! How the files of the search index but the manifest are named, so that the manifest stays
//! small however many guides there are. Files are numbered within their kind (the shards in
//! the order of their terms; the files of guide metadata and of sentences by the guides they
//! hold) and gathered into segments; a file is named by the hash of every file of its
//! segment, its kind's letter and its number (`3f2a9c1b0d4e-d12.json`). The search box makes
//! a file's name from its number and its segment's hash, so the manifest lists one hash per
//! segment (a few hundred bytes at 50,000 guides) rather than a name per file, and the names
//! stay content-hashed: hosts may cache them for good, an edit renames only the files of the
//! segments it changes, and a page still open on an older index finds its files gone.

use rayon::prelude::*;

use super::SiteFile;
use crate::urls::{SEARCH_DATA_DIR, search_segment_file};

/// Shards per segment.
pub(crate) const SHARDS_PER_SEGMENT: usize = 32;

/// Guides per segment of the files of guides: an edit renames the files of 1,024 guides, and
/// the manifest names 49 segments at 50,000 guides.
pub(crate) const GUIDES_PER_SEGMENT: usize = 1024;

/// The kinds of file, each with the letter of its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Terms and their postings.
    Shard,
    /// What hits show.
    Docs,
    /// The sentences of their text.
    Sentences,
}

impl Kind {
    pub(crate) fn letter(self) -> char {
        match self {
            Kind::Shard => 's',
            Kind::Docs => 'd',
            Kind::Sentences => 't',
        }
    }
}

/// Guides per file of metadata and per file of sentences. Metadata is fetched for each of the
/// ten hits shown, at worst each from a file of its own, so its files are small (about 11 KB
/// on the realistic corpus); sentences only for hits found in the text alone, most often the
/// first of many guides that have a word, so their files hold more (about 40 KB). Together
/// about one file per twenty guides.
pub(crate) const DOCS_PER_FILE: usize = 32;
pub(crate) const SENTENCES_PER_FILE: usize = 64;

// A segment holds whole files of each kind.
const _: () = assert!(
    GUIDES_PER_SEGMENT.is_multiple_of(DOCS_PER_FILE)
        && GUIDES_PER_SEGMENT.is_multiple_of(SENTENCES_PER_FILE)
);

/// One file: its kind, its number among the files of its kind, its JSON.
#[derive(Debug)]
pub(crate) struct Numbered {
    pub kind: Kind,
    pub number: usize,
    pub json: String,
}

/// Names the files of each segment by the segment's hash: the hashes in order, and the files
/// as (site path, bytes).
pub(crate) fn name(segments: Vec<Vec<Numbered>>) -> (Vec<String>, Vec<SiteFile>) {
    let named: Vec<(String, Vec<SiteFile>)> = segments
        .into_par_iter()
        .map(|files| {
            let mut hasher = blake3::Hasher::new();
            for file in &files {
                hasher.update(&(file.json.len() as u64).to_le_bytes());
                hasher.update(file.json.as_bytes());
            }
            let hash = hasher.finalize().to_hex()[..12].to_owned();
            let files = files
                .into_iter()
                .map(|file| {
                    let name = search_segment_file(&hash, file.kind.letter(), file.number);
                    (format!("{SEARCH_DATA_DIR}{name}"), file.json.into_bytes())
                })
                .collect();
            (hash, files)
        })
        .collect();
    let mut hashes = Vec::with_capacity(named.len());
    let mut out = Vec::new();
    for (hash, files) in named {
        hashes.push(hash);
        out.extend(files);
    }
    (hashes, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(count: usize, changed: Option<usize>) -> Vec<Vec<Numbered>> {
        let files: Vec<Numbered> = (0..count)
            .map(|number| Numbered {
                kind: Kind::Docs,
                number,
                json: format!("[{}]", u8::from(changed == Some(number))),
            })
            .collect();
        let mut segments = Vec::new();
        let mut files = files.into_iter().peekable();
        while files.peek().is_some() {
            segments.push(files.by_ref().take(4).collect());
        }
        segments
    }

    /// Each file is named by its segment's hash, its kind and its number; a change renames
    /// the files of its segment only.
    #[test]
    fn files_are_named_by_their_segment_and_number() {
        let (hashes, files) = name(segments(7, None));
        assert_eq!(hashes.len(), 2);
        assert_eq!(files.len(), 7);
        assert_eq!(
            files[0].0,
            format!("{SEARCH_DATA_DIR}{}-d0.json", hashes[0])
        );
        assert_eq!(
            files[6].0,
            format!("{SEARCH_DATA_DIR}{}-d6.json", hashes[1])
        );
        let (again, _) = name(segments(7, Some(5)));
        assert_eq!(again[0], hashes[0]);
        assert_ne!(again[1], hashes[1]);
    }
}
