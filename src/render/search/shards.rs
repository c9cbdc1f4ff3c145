//! The terms cut into shards: consecutive runs of the sorted terms, each a JSON object
//! `{"term":"groups",…}` of at most [`BUDGET`] bytes (the groups of a term's postings as
//! [`super::postings`] writes them), so that a search fetches only the few shards whose range
//! holds its terms. Cutting by range rather than by a fixed prefix keeps every shard near the
//! budget however the words of a site are spread. A term whose postings are more than a shard
//! holds (a word of most guides of a large site) is cut into pieces by range of guide numbers,
//! each opening a shard of its own: the search box fetches every shard whose first term is the
//! term, and no shard passes the budget.

use std::ops::Range;

/// The most bytes a shard holds.
pub(crate) const BUDGET: usize = 24 * 1024;

/// One term's entry in a shard, `"term":"groups"`, or a piece of a term cut in several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub text: String,
    /// A piece of a cut term: it starts a shard, whose first term is then the term.
    pub opens: bool,
}

/// A term's entries, from the groups of its postings: one, or, when that would pass the
/// budget, pieces of consecutive groups, each as full as the budget allows.
pub(crate) fn entries(term: &str, groups: &[String]) -> Vec<Entry> {
    // A term is a run of letters and digits: it serialises as a plain JSON string.
    let key = serde_json::to_string(term).unwrap_or_else(|_| format!("\"{term}\""));
    // `"term":"…"` within the braces of a shard.
    let overhead = key.len() + 3;
    let whole: usize = groups.iter().map(String::len).sum();
    let piece = |groups: &[String], opens| Entry {
        text: format!("{key}:\"{}\"", groups.concat()),
        opens,
    };
    if overhead + whole + 2 <= BUDGET {
        return vec![piece(groups, false)];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = overhead + 2;
    for (i, group) in groups.iter().enumerate() {
        if i > start && bytes + group.len() > BUDGET {
            out.push(piece(&groups[start..i], true));
            start = i;
            bytes = overhead + 2;
        }
        bytes += group.len();
    }
    out.push(piece(&groups[start..], true));
    out
}

/// The JSON object of some entries.
pub(crate) fn object<'e>(entries: impl Iterator<Item = &'e str>) -> String {
    let mut json = String::from("{");
    for (i, entry) in entries.enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(entry);
    }
    json.push('}');
    json
}

/// Cuts entries (in order) into consecutive runs whose object (braces and commas included) is
/// at most `budget` bytes, a run starting at each entry that opens one; an entry larger than
/// the budget alone is a run of its own. Every entry is in exactly one run.
pub(crate) fn split(entries: &[Entry], budget: usize) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    // The braces of an empty object.
    let mut bytes = 2;
    for (i, entry) in entries.iter().enumerate() {
        let size = entry.text.len();
        if i > start && (entry.opens || bytes + 1 + size > budget) {
            runs.push(start..i);
            start = i;
            bytes = 2;
        }
        bytes += usize::from(i > start) + size;
    }
    if start < entries.len() {
        runs.push(start..entries.len());
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::postings::{self, GROUP_BYTES};
    use crate::render::search::terms::Posting;

    fn groups_of(count: u32, step: u32, mask: u8) -> Vec<String> {
        let list: Vec<Posting> = (0..count)
            .map(|d| Posting {
                doc: d * step,
                fields: mask,
            })
            .collect();
        postings::groups(&list, GROUP_BYTES)
    }

    /// Entries of varied sizes: every shard's object is within the budget; the shards cover
    /// every entry once, in order.
    #[test]
    fn shards_stay_under_budget_and_hold_every_term_once() {
        let entries: Vec<Entry> = (0..2_000u32)
            .flat_map(|i| entries(&format!("t{i:05}"), &groups_of(i * 7919 % 300, 40, 1)))
            .collect();
        let budget = 4 * 1024;
        let runs = split(&entries, budget);
        assert!(runs.len() > 10, "{} shards", runs.len());
        let mut next = 0;
        for run in &runs {
            assert_eq!(run.start, next, "runs are consecutive");
            assert!(!run.is_empty());
            next = run.end;
            let json = object(entries[run.clone()].iter().map(|e| e.text.as_str()));
            assert!(json.len() <= budget, "{run:?}: {} bytes", json.len());
            let parsed: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&json).unwrap();
            assert_eq!(parsed.len(), run.len());
        }
        assert_eq!(next, entries.len(), "every term is in a shard");
        // Nearly full: no two neighbours would fit in one shard.
        for pair in runs.windows(2) {
            let both: usize = entries[pair[0].start..pair[1].end]
                .iter()
                .map(|e| e.text.len() + 1)
                .sum::<usize>()
                + 1;
            assert!(both > budget, "{pair:?} would fit in one");
        }
    }

    /// A term of mixed fields in most of 200,000 guides is more than a shard holds: its
    /// pieces each open a shard within the budget, and together hold all its postings.
    #[test]
    fn a_term_too_big_for_a_shard_is_cut_into_pieces_that_open_shards() {
        let mut groups = groups_of(150_000, 1, 1);
        groups.extend(groups_of(60_000, 3, 33));
        let cut = entries("interview", &groups);
        assert!(cut.len() > 1, "{} pieces", cut.len());
        assert!(cut.iter().all(|e| e.opens && e.text.len() + 2 <= BUDGET));
        let before = entries("intern", &groups_of(3, 5, 1));
        let after = entries("interviews", &groups_of(3, 5, 1));
        assert_eq!(before.len(), 1);
        assert!(!before[0].opens);
        let all: Vec<Entry> = [before, cut.clone(), after].concat();
        let runs = split(&all, BUDGET);
        assert_eq!(runs.len(), 1 + cut.len());
        assert_eq!(runs[0], 0..1, "the cut term opens a shard of its own");
        assert_eq!(
            runs.last().map(|r| r.len()),
            Some(2),
            "the next term may follow it"
        );
        let mut read = Vec::new();
        for piece in &cut {
            let parsed: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&object(std::iter::once(piece.text.as_str()))).unwrap();
            read.extend(postings::tests::read(parsed["interview"].as_str().unwrap()));
        }
        assert_eq!(read.len(), 150_000 + 60_000);
    }

    #[test]
    fn no_terms_no_shards() {
        assert!(split(&[], BUDGET).is_empty());
        let one = Entry {
            text: "x".repeat(10),
            opens: false,
        };
        assert_eq!(split(&[one], 5), vec![(0..1)]);
    }
}
