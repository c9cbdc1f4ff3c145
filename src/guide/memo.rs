//! Values made from one guide, kept between builds (serve): an unchanged guide's values are not
//! made again on every rebuild.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;

use super::Guide;
use crate::urls::GuideId;

/// Values made from one guide and a small input (the base path, a section's title), kept
/// between builds: a value is made again only when the guide or the input changed. `make` is a
/// function, not a closure, so it can read nothing but the two, and the key (the guide's bytes
/// and path, which the guide is a pure function of, and the input's hash) covers all it reads.
/// The parse's options are the same for the life of a memo (its owner's config): a builder
/// that changes them drops its memos with its parses.
#[derive(Debug)]
pub(crate) struct GuideMemo<T> {
    values: Mutex<HashMap<GuideId, (Key, T)>>,
    /// Keeps nothing: every value is made when asked for (see [`GuideMemo::passing`]).
    passing: bool,
}

/// What a value was made from: the guide's bytes (their hash) and file, and the hash of the
/// input. Compared, not hashed again: a rebuild looks up every guide's value.
#[derive(Debug)]
struct Key {
    guide: blake3::Hash,
    file: String,
    input: blake3::Hash,
}

impl Key {
    fn is_of(&self, guide: &Guide, input: &blake3::Hash) -> bool {
        self.guide == guide.hash && self.input == *input && self.file == guide.file
    }
}

impl<T> Default for GuideMemo<T> {
    fn default() -> Self {
        GuideMemo {
            values: Mutex::default(),
            passing: false,
        }
    }
}

impl<T> GuideMemo<T> {
    /// A memo that keeps nothing, for an owner that builds once (see [`Memo::passing`]).
    ///
    /// [`Memo::passing`]: crate::memo::Memo::passing
    pub(crate) fn passing() -> Self {
        GuideMemo {
            passing: true,
            ..GuideMemo::default()
        }
    }

    /// Whether it keeps nothing ([`GuideMemo::passing`]).
    pub(crate) fn passes(&self) -> bool {
        self.passing
    }
}

impl<T: Clone> GuideMemo<T> {
    /// `make(guide, input)`, from the memo when the guide and `input` are those of last time.
    pub(crate) fn get<I: Serialize>(
        &self,
        guide: &Guide,
        input: &I,
        make: fn(&Guide, &I) -> T,
    ) -> T {
        self.with(input).get(guide, make)
    }

    /// The memo for many guides with the same `input`, which is hashed once.
    pub(crate) fn with<'m, I: Serialize>(&'m self, input: &'m I) -> WithInput<'m, T, I> {
        WithInput {
            memo: self,
            input,
            hash: crate::memo::hash_of("", input),
        }
    }

    /// The memo for values made from a guide and the rest of the site, which the caller
    /// knows only by `hash`: a hash of everything the value reads beside the guide.
    pub(crate) fn keyed(&self, hash: blake3::Hash) -> Keyed<'_, T> {
        Keyed { memo: self, hash }
    }

    /// The value kept for `guide` under `input`, or `make()`'s, kept from now on.
    fn get_or_make(&self, guide: &Guide, input: &blake3::Hash, make: impl FnOnce() -> T) -> T {
        if self.passing {
            return make();
        }
        let kept = self.values.lock().ok().and_then(|values| {
            values
                .get(&guide.id)
                .filter(|(key, _)| key.is_of(guide, input))
                .map(|(_, value)| value.clone())
        });
        if let Some(value) = kept {
            return value;
        }
        let value = make();
        let key = Key {
            guide: guide.hash,
            file: guide.file.clone(),
            input: *input,
        };
        if let Ok(mut values) = self.values.lock() {
            values.insert(guide.id.clone(), (key, value.clone()));
        }
        value
    }

    /// Forgets the guides for which `keep` is false (those no longer in the site).
    pub(crate) fn retain(&self, keep: impl Fn(&GuideId) -> bool) {
        if let Ok(mut values) = self.values.lock() {
            values.retain(|id, _| keep(id));
        }
    }
}

/// A [`GuideMemo`] with the input its values are made from, and the input's hash.
pub(crate) struct WithInput<'m, T, I> {
    memo: &'m GuideMemo<T>,
    input: &'m I,
    hash: blake3::Hash,
}

impl<T: Clone, I> WithInput<'_, T, I> {
    /// `make(guide, input)`, from the memo when the guide and the input are those of last time.
    pub(crate) fn get(&self, guide: &Guide, make: fn(&Guide, &I) -> T) -> T {
        self.memo
            .get_or_make(guide, &self.hash, || make(guide, self.input))
    }
}

/// A [`GuideMemo`] with the hash of what its values read beside the guide.
pub(crate) struct Keyed<'m, T> {
    memo: &'m GuideMemo<T>,
    hash: blake3::Hash,
}

impl<T: Clone> Keyed<'_, T> {
    /// `make()`, from the memo when the guide and the hash are those of last time. `make` must
    /// read nothing of the site that the hash does not cover.
    pub(crate) fn get(&self, guide: &Guide, make: impl FnOnce() -> T) -> T {
        self.memo.get_or_make(guide, &self.hash, make)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing::guide;

    /// The guide's title and the input.
    fn label(guide: &Guide, input: &u32) -> String {
        format!("{} {input}", guide.front.title)
    }

    #[test]
    fn a_value_is_made_again_only_for_a_new_guide_or_input() {
        let memo = GuideMemo::default();
        let first = guide("One.\n");
        assert_eq!(memo.get(&first, &1, label), "T 1");
        // Kept: the same guide and input give the kept value, whatever `make` would say now.
        assert_eq!(memo.get(&first, &1, |_, _| "made again".to_owned()), "T 1");
        assert_eq!(memo.get(&first, &2, label), "T 2");
        let edited = guide("Two.\n");
        assert_eq!(memo.get(&edited, &2, |_, _| "edited".to_owned()), "edited");
        memo.retain(|_| false);
        assert_eq!(memo.get(&edited, &2, label), "T 2");
    }

    #[test]
    fn a_passing_memo_makes_every_value_it_is_asked_for() {
        let memo = GuideMemo::passing();
        let first = guide("One.\n");
        assert_eq!(memo.get(&first, &1, label), "T 1");
        assert_eq!(
            memo.get(&first, &1, |_, _| "made again".to_owned()),
            "made again"
        );
        assert_eq!(memo.with(&1).get(&first, label), "T 1");
        assert_eq!(
            memo.keyed(blake3::hash(b"k"))
                .get(&first, || "keyed".to_owned()),
            "keyed"
        );
    }
}
