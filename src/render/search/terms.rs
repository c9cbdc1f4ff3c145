//! Each guide's terms with the fields they occur in, gathered into postings: for every term,
//! the guides that have it, in order, each with a mask of those fields.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::guide::words::{WordSet, distinct_words};

/// The fields a term may occur in, one bit each (bit `n` is `1 << n`), in the order of
/// [`WEIGHTS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    Headings,
    Tags,
    Description,
    Section,
    Body,
}

impl Field {
    pub(crate) fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// What a term in each field adds to a guide's score, by bit: a title counts four times the
/// body.
pub(crate) const WEIGHTS: [f64; 6] = [4.0, 2.0, 2.0, 1.5, 1.0, 1.0];

/// How many low bits of a posting's code hold its field mask.
pub(crate) const MASK_BITS: u32 = 6;

/// The texts of one guide that search reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields<'a> {
    pub title: &'a str,
    pub headings: &'a [&'a str],
    pub tags: &'a [String],
    pub description: &'a str,
    pub section: &'a str,
    /// The distinct words of the body that the other fields do not have (the content model's).
    pub body: &'a [String],
}

/// Every term with its postings, sorted as JavaScript compares strings (by UTF-16 code units),
/// which is how the search box finds a term's shard. A posting is one number per guide that has
/// the term: `(gap << MASK_BITS) | mask`, the gap being the guide's number less the previous
/// posting's (for the first, its number); gaps keep the numbers short.
pub(crate) fn postings(docs: &[Fields<'_>], common: &HashSet<String>) -> Vec<(String, Vec<u64>)> {
    let per_doc: Vec<Vec<(String, u8)>> = docs
        .par_iter()
        .map(|fields| doc_terms(fields, common))
        .collect();
    // Each term's postings and the number of the last guide in them.
    let mut lists: HashMap<String, (Vec<u64>, u64)> = HashMap::new();
    for (number, terms) in per_doc.into_iter().enumerate() {
        let number = number as u64;
        for (term, mask) in terms {
            let (codes, last) = lists.entry(term).or_default();
            codes.push(((number - *last) << MASK_BITS) | u64::from(mask));
            *last = number;
        }
    }
    let mut sorted: Vec<(String, Vec<u64>)> = lists
        .into_iter()
        .map(|(term, (codes, _))| (term, codes))
        .collect();
    sorted.par_sort_unstable_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
    sorted
}

/// One guide's terms and the mask of the fields each occurs in. A body word counts only where
/// no other field has it (the content model's words already leave out all but the section's),
/// and words most guides' bodies use are left out (`common`): they would find nearly
/// everything. The body's words, most of a guide's, are distinct already: they go to the list
/// without a map.
fn doc_terms(fields: &Fields<'_>, common: &HashSet<String>) -> Vec<(String, u8)> {
    let none = WordSet::default();
    let mut masks: HashMap<String, u8> = HashMap::new();
    let mut add = |field: Field, texts: &mut dyn Iterator<Item = &str>| {
        for word in distinct_words(texts, &none) {
            *masks.entry(word).or_default() |= field.bit();
        }
    };
    add(Field::Title, &mut std::iter::once(fields.title));
    add(Field::Headings, &mut fields.headings.iter().copied());
    add(Field::Tags, &mut fields.tags.iter().map(String::as_str));
    add(Field::Description, &mut std::iter::once(fields.description));
    add(Field::Section, &mut std::iter::once(fields.section));
    let body = fields
        .body
        .iter()
        .filter(|w| !masks.contains_key(*w) && !common.contains(*w))
        .map(|w| (w.clone(), Field::Body.bit()))
        .collect::<Vec<_>>();
    let mut terms: Vec<(String, u8)> = masks.into_iter().collect();
    terms.extend(body);
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_carry_gaps_and_the_fields_of_each_guide() {
        let body = ["latency".to_owned(), "queue".to_owned()];
        let tags = ["queues".to_owned()];
        let first = Fields {
            title: "Latency budgets",
            headings: &["The queue"],
            tags: &tags,
            description: "",
            section: "",
            body: &body[..1],
        };
        let second = Fields {
            title: "Other",
            headings: &[],
            tags: &[],
            description: "Queue and latency",
            section: "Systems",
            body: &body,
        };
        let third = Fields {
            body: &body[1..],
            ..second
        };
        let all = postings(&[first, second, third], &HashSet::new());
        let of = |term: &str| all.iter().find(|(t, _)| t == term).map(|(_, p)| p.clone());
        let title = Field::Title.bit() as u64;
        let described = Field::Description.bit() as u64;
        // "latency": the title of guide 0, the description of guides 1 and 2 (its body word
        // adds nothing where a field has it).
        assert_eq!(
            of("latency"),
            Some(vec![title, (1 << 6) | described, (1 << 6) | described])
        );
        assert_eq!(of("queue").unwrap()[0], Field::Headings.bit() as u64);
        assert_eq!(of("systems"), Some(vec![(1 << 6) | 16, (1 << 6) | 16]));
        assert_eq!(of("the"), None, "stop words are left out");
        let terms: Vec<&str> = all.iter().map(|(t, _)| t.as_str()).collect();
        assert!(terms.is_sorted(), "{terms:?}");
    }

    #[test]
    fn common_body_words_are_left_out_but_not_from_other_fields() {
        let body = ["plan".to_owned()];
        let doc = Fields {
            title: "Plan",
            headings: &[],
            tags: &[],
            description: "",
            section: "",
            body: &body,
        };
        let body_only = Fields { title: "x", ..doc };
        let common = HashSet::from(["plan".to_owned()]);
        let all = postings(&[doc, body_only], &common);
        assert_eq!(all, [("plan".to_owned(), vec![Field::Title.bit() as u64])]);
    }
}
