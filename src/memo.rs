//! What a builder or a renderer keeps from one build to the next ([`Memo`]), and the hash
//! of an input that keeps are made under ([`hash_of`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;

/// Values made from an input (a highlighted code block, a page, the files made together from
/// one input), by name, with the hash of the input they were made from: kept from one build to
/// the next by their owner (a builder, a renderer), each made again only for a new hash. A
/// build keeps only the values it asked for, so that the pages of a guide deleted or renamed,
/// or the code of an old version of a guide, do not stay.
#[derive(Debug)]
pub(crate) struct Memo<T> {
    builds: Mutex<Builds<T>>,
    /// Keeps nothing: every value is made when asked for (see [`Memo::passing`]).
    passing: bool,
}

#[derive(Debug)]
struct Builds<T> {
    /// What the last build asked for.
    last: HashMap<String, (blake3::Hash, T)>,
    /// What this build asked for so far.
    this: HashMap<String, (blake3::Hash, T)>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            builds: Mutex::new(Builds {
                last: HashMap::new(),
                this: HashMap::new(),
            }),
            passing: false,
        }
    }
}

impl<T> Memo<T> {
    /// A memo that keeps nothing, for an owner that builds once: a kept value would only be
    /// a second copy of what the build uses, and its key a hash that nothing compares.
    pub(crate) fn passing() -> Self {
        Memo {
            passing: true,
            ..Memo::default()
        }
    }
}

impl<T: Clone> Memo<T> {
    /// The value `name` made from the input whose hash is `key`: kept, or made by `make` now.
    pub(crate) fn get_or_make<E>(
        &self,
        name: &str,
        key: blake3::Hash,
        make: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        if self.passing {
            return make();
        }
        let kept = self.builds.lock().ok().and_then(|mut builds| {
            let builds = &mut *builds;
            if let Some((_, value)) = builds.this.get(name).filter(|(made, _)| *made == key) {
                return Some(value.clone());
            }
            // Taken from the last build's: kept for this one when its input is the same,
            // else dropped before the new value is made.
            let (made, value) = builds.last.remove(name)?;
            (made == key).then(|| {
                builds.this.insert(name.to_owned(), (made, value.clone()));
                value
            })
        });
        if let Some(value) = kept {
            return Ok(value);
        }
        let value = make()?;
        if let Ok(mut builds) = self.builds.lock() {
            builds.this.insert(name.to_owned(), (key, value.clone()));
        }
        Ok(value)
    }

    /// [`Memo::get_or_make`] for a value whose making cannot fail.
    pub(crate) fn get(&self, name: &str, key: blake3::Hash, make: impl FnOnce() -> T) -> T {
        match self.get_or_make(name, key, || Ok::<_, std::convert::Infallible>(make())) {
            Ok(value) => value,
            Err(never) => match never {},
        }
    }

    /// What the build in progress holds for `name`, without asking for it.
    #[cfg(test)]
    pub(crate) fn held(&self, name: &str) -> Option<T> {
        let builds = self.builds.lock().ok()?;
        builds.this.get(name).map(|(_, value)| value.clone())
    }

    /// Ends a build: what it did not ask for is forgotten.
    pub(crate) fn end_build(&self) {
        if let Ok(mut builds) = self.builds.lock() {
            builds.last = std::mem::take(&mut builds.this);
        }
    }
}

/// The hash of `label` and `data`. The data is serialised whole into a buffer kept by the
/// thread, then hashed at once: serialised into the hasher, each of the serialiser's many small
/// writes was an update of its own, a fifth of a save's time in serve. Serialising plain data
/// cannot fail; if it did, the hash would only be weaker, never stale, because a page whose
/// key is new is rendered.
pub(crate) fn hash_of(label: &str, data: &impl Serialize) -> blake3::Hash {
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    let hash = |bytes: &mut Vec<u8>| {
        bytes.clear();
        bytes.extend_from_slice(label.as_bytes());
        bytes.push(0);
        let _ = serde_json::to_writer(&mut *bytes, data);
        blake3::hash(bytes)
    };
    BUFFER.with(|buffer| match buffer.try_borrow_mut() {
        Ok(mut bytes) => {
            let made = hash(&mut bytes);
            // A large value's room is not kept for the life of the thread.
            if bytes.capacity() > 1 << 20 {
                *bytes = Vec::new();
            }
            made
        }
        // Data whose serialising hashes something itself: a buffer of its own.
        Err(_) => hash(&mut Vec::new()),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn a_passing_memo_makes_every_value_it_is_asked_for() {
        let cache = Memo::<Arc<str>>::passing();
        let a = blake3::hash(b"a");
        assert_eq!(cache.get("x/", a, || Arc::from("one")).as_ref(), "one");
        assert_eq!(cache.get("x/", a, || Arc::from("two")).as_ref(), "two");
        cache.end_build();
        assert_eq!(cache.get("x/", a, || Arc::from("three")).as_ref(), "three");
    }

    #[test]
    fn a_value_is_made_again_only_for_a_new_key() {
        let cache = Memo::<Arc<str>>::default();
        let a = blake3::hash(b"a");
        let b = blake3::hash(b"b");
        let made = |text: &str| Ok::<_, ()>(Arc::from(text));
        assert_eq!(
            cache.get_or_make("x/", a, || made("one")).as_deref(),
            Ok("one")
        );
        assert_eq!(
            cache.get_or_make("x/", a, || made("two")).as_deref(),
            Ok("one")
        );
        assert_eq!(
            cache.get_or_make("x/", b, || made("three")).as_deref(),
            Ok("three")
        );
        assert_eq!(
            cache.get_or_make("y/", b, || made("four")).as_deref(),
            Ok("four")
        );
        // The next build keeps what it asks for (`x/`)...
        cache.end_build();
        assert_eq!(
            cache.get_or_make("x/", b, || made("five")).as_deref(),
            Ok("three")
        );
        // ...and what a build did not ask for is gone after it.
        cache.end_build();
        cache.end_build();
        assert_eq!(
            cache.get_or_make("x/", b, || made("six")).as_deref(),
            Ok("six")
        );
        assert_eq!(
            cache.get_or_make("y/", b, || made("seven")).as_deref(),
            Ok("seven")
        );
    }
}
