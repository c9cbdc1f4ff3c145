//! Each guide's terms with the fields they occur in, gathered into postings: for every term,
//! the guides that have it, in order, each with a mask of those fields.

use std::borrow::Cow;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rayon::prelude::*;

use crate::guide::words::{WordList, WordSet, distinct_words};

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

/// The texts of one guide that search reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields<'a> {
    pub title: &'a str,
    pub headings: &'a [&'a str],
    pub tags: &'a [String],
    pub description: &'a str,
    pub section: &'a str,
    /// The distinct words of the body that the other fields do not have (the content model's).
    pub body: &'a WordList,
}

/// One guide in a term's postings: its number, and the mask of the fields that have the term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Posting {
    pub doc: u32,
    pub fields: u8,
}

/// A guide's terms, each with the mask of the fields it occurs in: the body's, most of them,
/// borrowed from the content model's words (lowercased already) rather than copied.
pub(crate) type DocTerms<'a> = Vec<(Cow<'a, str>, u8)>;

/// The postings of every term, gathered guide by guide, each term kept once.
#[derive(Debug, Default)]
pub(crate) struct Lists {
    lists: HashMap<String, Vec<Posting>>,
    /// The number the next guide added gets.
    next: u32,
}

impl Lists {
    /// Adds the terms of the next guide (guides are added in order of their numbers), each with
    /// the mask of the fields it occurs in.
    pub(crate) fn add<'t>(&mut self, terms: impl IntoIterator<Item = (&'t str, u8)>) {
        // Guide numbers fit in 32 bits: a site has far fewer than 4 billion guides.
        let doc = self.next;
        self.next = self.next.saturating_add(1);
        for (term, fields) in terms {
            let posting = Posting { doc, fields };
            match self.lists.get_mut(term) {
                Some(list) => list.push(posting),
                None => {
                    self.lists.insert(term.to_owned(), vec![posting]);
                }
            }
        }
    }

    /// The postings of guides given in order, each by its terms.
    pub(crate) fn of<'t, T>(guides: impl Iterator<Item = T>) -> Lists
    where
        T: IntoIterator<Item = (&'t str, u8)>,
    {
        let mut lists = Lists::default();
        for terms in guides {
            lists.add(terms);
        }
        lists
    }

    /// Adds the postings of `other`, whose guides are numbered from 0, as those of the guides
    /// that follow the ones added so far.
    pub(crate) fn append(&mut self, other: &Lists) {
        let offset = self.next;
        for (term, list) in &other.lists {
            let shifted = list.iter().map(|p| Posting {
                doc: p.doc.saturating_add(offset),
                fields: p.fields,
            });
            match self.lists.get_mut(term.as_str()) {
                Some(mine) => mine.extend(shifted),
                None => {
                    self.lists.insert(term.clone(), shifted.collect());
                }
            }
        }
        self.next = self.next.saturating_add(other.next);
    }

    /// Every term with its postings (in order of guide numbers), sorted as JavaScript compares
    /// strings (by UTF-16 code units), which is how the search box finds a term's shard.
    pub(crate) fn sorted(self) -> Vec<(String, Vec<Posting>)> {
        let mut sorted: Vec<(String, Vec<Posting>)> = self.lists.into_iter().collect();
        sorted.par_sort_unstable_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
        sorted
    }
}

/// One guide's terms and the mask of the fields each occurs in. A body word counts only where
/// no other field has it (the content model's words already leave out all but the section's),
/// and words most guides' bodies use are left out (`common`): they would find nearly
/// everything. The body's words, most of a guide's, are distinct already: they go to the list
/// without a map.
pub(crate) fn doc_terms<'a>(fields: &Fields<'a>, common: &HashSet<String>) -> DocTerms<'a> {
    static NONE: WordSet<'static> = WordSet::none();
    let mut masks: HashMap<String, u8> = HashMap::default();
    let mut add = |field: Field, texts: &mut dyn Iterator<Item = &str>| {
        for word in distinct_words::<Vec<Cow<'_, str>>>(texts, &NONE) {
            *masks.entry(word.into_owned()).or_default() |= field.bit();
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
        .map(|w| (Cow::Borrowed(w), Field::Body.bit()))
        .collect::<Vec<_>>();
    let mut terms: DocTerms<'a> = masks
        .into_iter()
        .map(|(word, mask)| (Cow::Owned(word), mask))
        .collect();
    terms.extend(body);
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(docs: &[Fields<'_>], common: &HashSet<String>) -> Vec<(String, Vec<Posting>)> {
        let mut lists = Lists::default();
        for doc in docs {
            let terms = doc_terms(doc, common);
            lists.add(terms.iter().map(|(term, mask)| (term.as_ref(), *mask)));
        }
        lists.sorted()
    }

    fn at(doc: u32, field: Field) -> Posting {
        Posting {
            doc,
            fields: field.bit(),
        }
    }

    /// Postings gathered in two parts and appended are those gathered at once: the second
    /// part's guides follow the first's.
    #[test]
    fn appended_postings_number_their_guides_after_the_first_parts() {
        let guides: [&[(&str, u8)]; 5] = [
            &[("queue", 1), ("cache", 32)],
            &[("queue", 32)],
            &[("cache", 2), ("shard", 32)],
            &[("queue", 4)],
            &[("shard", 1), ("queue", 32)],
        ];
        let mut whole = Lists::default();
        for terms in guides {
            whole.add(terms.iter().copied());
        }
        let mut first = Lists::default();
        let mut second = Lists::default();
        for terms in &guides[..2] {
            first.add(terms.iter().copied());
        }
        for terms in &guides[2..] {
            second.add(terms.iter().copied());
        }
        first.append(&second);
        let mut third = Lists::default();
        third.add([("queue", 8)]);
        first.append(&third);
        whole.add([("queue", 8)]);
        let appended = first.sorted();
        assert_eq!(appended, whole.sorted());
        let queue = &appended
            .iter()
            .find(|(t, _)| t == "queue")
            .expect("queue")
            .1;
        let docs: Vec<u32> = queue.iter().map(|p| p.doc).collect();
        assert_eq!(docs, [0, 1, 3, 4, 5]);
    }

    #[test]
    fn postings_carry_the_guides_and_the_fields_of_each() {
        let body: WordList = ["latency", "queue"].into_iter().collect();
        let latency: WordList = ["latency"].into_iter().collect();
        let queue: WordList = ["queue"].into_iter().collect();
        let tags = ["queues".to_owned()];
        let first = Fields {
            title: "Latency budgets",
            headings: &["The queue"],
            tags: &tags,
            description: "",
            section: "",
            body: &latency,
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
            body: &queue,
            ..second
        };
        let all = index(&[first, second, third], &HashSet::default());
        let of = |term: &str| all.iter().find(|(t, _)| t == term).map(|(_, p)| p.clone());
        // "latency": the title of guide 0, the description of guides 1 and 2 (its body word
        // adds nothing where a field has it).
        assert_eq!(
            of("latency"),
            Some(vec![
                at(0, Field::Title),
                at(1, Field::Description),
                at(2, Field::Description)
            ])
        );
        assert_eq!(of("queue").unwrap()[0], at(0, Field::Headings));
        assert_eq!(
            of("systems"),
            Some(vec![at(1, Field::Section), at(2, Field::Section)])
        );
        assert_eq!(of("the"), None, "stop words are left out");
        let terms: Vec<&str> = all.iter().map(|(t, _)| t.as_str()).collect();
        assert!(terms.is_sorted(), "{terms:?}");
    }

    #[test]
    fn common_body_words_are_left_out_but_not_from_other_fields() {
        let body: WordList = ["plan"].into_iter().collect();
        let doc = Fields {
            title: "Plan",
            headings: &[],
            tags: &[],
            description: "",
            section: "",
            body: &body,
        };
        let body_only = Fields { title: "x", ..doc };
        let common = HashSet::from_iter(["plan".to_owned()]);
        let all = index(&[doc, body_only], &common);
        assert_eq!(all, [("plan".to_owned(), vec![at(0, Field::Title)])]);
    }
}
