//! The terms cut into shards: consecutive runs of the sorted terms, each a JSON object
//! `{"term":[postings],…}` of at most [`BUDGET`] bytes, so that a search fetches only the few
//! shards whose range holds its terms. Cutting by range rather than by a fixed prefix keeps
//! every shard near the budget however the words of a site are spread.

use std::fmt::Write as _;
use std::ops::Range;

/// The most bytes a shard holds, unless one term's postings alone are more.
pub(crate) const BUDGET: usize = 24 * 1024;

/// One term's entry in a shard: `"term":[3,65,…]`.
pub(crate) fn entry(term: &str, postings: &[u64]) -> String {
    // A term is a run of letters and digits: it serialises as a plain JSON string.
    let mut entry = serde_json::to_string(term).unwrap_or_else(|_| format!("\"{term}\""));
    entry.push_str(":[");
    for (i, code) in postings.iter().enumerate() {
        if i > 0 {
            entry.push(',');
        }
        // Writing to a String cannot fail.
        let _ = write!(entry, "{code}");
    }
    entry.push(']');
    entry
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

/// Cuts entries of these sizes (in order) into consecutive runs whose object (braces and
/// commas included) is at most `budget` bytes; an entry larger than that alone is a run of
/// its own. Every entry is in exactly one run.
pub(crate) fn split(sizes: &[usize], budget: usize) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    // The braces of an empty object.
    let mut bytes = 2;
    for (i, &size) in sizes.iter().enumerate() {
        let comma = usize::from(i > start);
        if i > start && bytes + comma + size > budget {
            runs.push(start..i);
            start = i;
            bytes = 2;
        }
        bytes += usize::from(i > start) + size;
    }
    if start < sizes.len() {
        runs.push(start..sizes.len());
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Entries of varied sizes: every shard's object is within the budget unless it holds one
    /// entry alone that is larger; the shards cover every entry once, in order.
    #[test]
    fn shards_stay_under_budget_and_hold_every_term_once() {
        let entries: Vec<String> = (0..2_000u64)
            .map(|i| {
                let postings: Vec<u64> = (0..(i * 7919) % 300).collect();
                entry(&format!("t{i:05}"), &postings)
            })
            .chain([entry("zz", &vec![123_456; 5_000])])
            .collect();
        let sizes: Vec<usize> = entries.iter().map(String::len).collect();
        let budget = 4 * 1024;
        let runs = split(&sizes, budget);
        assert!(runs.len() > 10, "{} shards", runs.len());
        let mut next = 0;
        for run in &runs {
            assert_eq!(run.start, next, "runs are consecutive");
            assert!(!run.is_empty());
            next = run.end;
            let json = object(entries[run.clone()].iter().map(String::as_str));
            assert!(
                json.len() <= budget || run.len() == 1,
                "{run:?}: {} bytes",
                json.len()
            );
            let parsed: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&json).unwrap();
            assert_eq!(parsed.len(), run.len());
        }
        assert_eq!(next, entries.len(), "every term is in a shard");
        let last = runs.last().unwrap();
        assert_eq!(last.len(), 1, "the oversized term is alone");
        // Nearly full: no two neighbours would fit in one shard.
        for pair in runs.windows(2) {
            let both: usize = sizes[pair[0].start..pair[1].end].iter().sum::<usize>() + pair[1].end
                - pair[0].start
                + 1;
            assert!(both > budget, "{pair:?} would fit in one");
        }
    }

    #[test]
    fn no_terms_no_shards() {
        assert!(split(&[], BUDGET).is_empty());
        assert_eq!(split(&[10], 5), vec![(0..1)]);
    }
}
