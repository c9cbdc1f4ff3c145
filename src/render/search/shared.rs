//! Texts that repeat within one file of the search index (the headings most guides have, a
//! sentence several guides share): written in full the first time, then as the number of that
//! first use among the file's texts, which the search box resolves as it reads the file.

use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

use serde::Serialize;

/// A text of a file: in full, or the number of its first use (texts in full are numbered from
/// 0 in the order they come in the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub(crate) enum Shared<'a> {
    Text(&'a str),
    Again(usize),
}

/// The texts of one file so far.
#[derive(Debug, Default)]
pub(crate) struct Texts<'a> {
    numbers: HashMap<&'a str, usize>,
}

impl<'a> Texts<'a> {
    /// The next text of the file, in the order the file holds it.
    pub(crate) fn share(&mut self, text: &'a str) -> Shared<'a> {
        let next = self.numbers.len();
        match self.numbers.entry(text) {
            Entry::Occupied(first) => Shared::Again(*first.get()),
            Entry::Vacant(first) => {
                first.insert(next);
                Shared::Text(text)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_again_is_the_number_of_its_first_use() {
        let mut texts = Texts::default();
        let shared: Vec<Shared<'_>> = ["FAQ", "TL;DR", "FAQ", "Plan", "TL;DR"]
            .into_iter()
            .map(|t| texts.share(t))
            .collect();
        assert_eq!(
            serde_json::to_string(&shared).unwrap(),
            r#"["FAQ","TL;DR",0,"Plan",1]"#
        );
    }
}
