//! Reuse of rendered pages between rebuilds, for `serve`, where most pages survive an edit
//! unchanged.
//!
//! A page is a pure function of its template and of what the template is given: its view, the
//! shared values the view hands over, and `site`. Its key is the hash of exactly those values,
//! made by [`PageInput`], the same value the template's context is made from; so a page is
//! rendered again exactly when something it reads changed, with no list of what depends on
//! what to keep true. The templates themselves are fixed for the life of the cache (a theme
//! change makes a new renderer, and with it a new cache).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;

/// A value that many pages' contexts share (a guide's link, a list of links), converted to
/// Tera's form once per build, with the hash of what it holds, so that a page's key covers it
/// without serialising it again for every page that shows it.
#[derive(Debug, Clone)]
pub(crate) struct SharedValue {
    pub value: tera::Value,
    pub hash: blake3::Hash,
}

impl SharedValue {
    /// `data` as a shared value. Converting plain data cannot fail; if it did, the template
    /// would see `none` and the hash would still tell the data apart.
    pub(crate) fn of(data: &impl Serialize) -> SharedValue {
        SharedValue {
            value: tera::Value::try_from_serializable(data).unwrap_or_else(|_| tera::Value::none()),
            hash: hash_of("", data),
        }
    }

    /// A list of shared values, as one.
    pub(crate) fn list(items: Vec<SharedValue>) -> SharedValue {
        let mut hasher = blake3::Hasher::new();
        for item in &items {
            hasher.update(item.hash.as_bytes());
        }
        SharedValue {
            hash: hasher.finalize(),
            value: tera::Value::from(items.into_iter().map(|i| i.value).collect::<Vec<_>>()),
        }
    }

    /// `base` with each of `fields` set (a name, a shared value): the hash covers them all.
    pub(crate) fn with_fields(
        base: &impl Serialize,
        fields: Vec<(&'static str, SharedValue)>,
    ) -> SharedValue {
        let mut map = tera::Value::try_from_serializable(base)
            .ok()
            .and_then(tera::Value::into_map)
            .unwrap_or_default();
        let mut hasher = blake3::Hasher::new();
        hasher.update(hash_of("", base).as_bytes());
        for (key, value) in fields {
            hasher.update(key.as_bytes());
            hasher.update(value.hash.as_bytes());
            map.insert(key.into(), value.value);
        }
        SharedValue {
            value: tera::Value::from(map),
            hash: hasher.finalize(),
        }
    }

    /// This value (a map, as a guide's link) with the field `key` set to `data`: the hash
    /// covers both.
    pub(crate) fn with_data(&self, key: &'static str, data: &impl Serialize) -> SharedValue {
        let field = SharedValue::of(data);
        let mut map = self.value.clone().into_map().unwrap_or_default();
        map.insert(key.into(), field.value);
        let mut hasher = blake3::Hasher::new();
        hasher.update(self.hash.as_bytes());
        hasher.update(key.as_bytes());
        hasher.update(field.hash.as_bytes());
        SharedValue {
            value: tera::Value::from(map),
            hash: hasher.finalize(),
        }
    }

    /// Nothing (`none` to the template), as a value absent from a page is.
    pub(crate) fn none() -> SharedValue {
        SharedValue::of(&None::<()>)
    }
}

/// Everything a template is given for one page. Both the page's context and its cache key are
/// made from this one value, so the key cannot leave out anything the template can read.
pub(crate) struct PageInput<'a, V> {
    pub template: &'a str,
    /// `site`, the same for every page of a build.
    pub site: &'a SharedValue,
    /// The page's view; fields it hands over as shared values are skipped in its serialised
    /// form and come in `shared` instead, each by its name in the context (`guides`), or in
    /// a field of the view (`guide.related`).
    pub view: &'a V,
    pub shared: Vec<(&'static str, SharedValue)>,
}

impl<V: Serialize> PageInput<'_, V> {
    /// The template's context: the view, then its shared values, then `site`.
    pub(crate) fn context(self) -> Result<tera::Context, tera::Error> {
        let mut context = tera::Context::from_serialize(self.view)?;
        for (name, value) in self.shared {
            match name.split_once('.') {
                Some((parent, field)) => {
                    let mut map = (context.remove(parent))
                        .and_then(tera::Value::into_map)
                        .unwrap_or_default();
                    map.insert(field.into(), value.value);
                    context.insert_value(parent, tera::Value::from(map));
                }
                None => context.insert_value(name, value.value),
            }
        }
        context.insert_value("site", self.site.value.clone());
        Ok(context)
    }

    /// The page's key: template, view, shared values and `site`.
    pub(crate) fn key(&self) -> blake3::Hash {
        let mut hasher = blake3::Hasher::new();
        hasher.update(hash_of(self.template, self.view).as_bytes());
        for (name, value) in &self.shared {
            hasher.update(name.as_bytes());
            hasher.update(value.hash.as_bytes());
        }
        hasher.update(self.site.hash.as_bytes());
        hasher.finalize()
    }
}

/// The hash of `label` and `data`, without building a string. Serialising plain data into a
/// hasher cannot fail; if it did, the hash would only be weaker, never stale, because a page
/// whose key is new is rendered.
pub(crate) fn hash_of(label: &str, data: &impl Serialize) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(label.as_bytes());
    hasher.update(&[0]);
    // Serialising writes many short pieces: buffered, the hasher takes them in long runs.
    let mut buffered = std::io::BufWriter::with_capacity(8192, &mut hasher);
    let _ = serde_json::to_writer(&mut buffered, data);
    drop(buffered);
    hasher.finalize()
}

/// What the previous build made, by name (a page's site path), with the key it was made
/// from: the hash of exactly what it was made from (see [`PageInput`], [`hash_of`]). The one
/// memo of render: pages, and the generated files whose input is known by its hash.
#[derive(Debug)]
pub(crate) struct Memo<V> {
    made: Mutex<HashMap<String, (blake3::Hash, V)>>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            made: Mutex::default(),
        }
    }
}

/// The pages of the previous build.
pub(crate) type PageCache = Memo<Arc<str>>;

impl<V: Clone> Memo<V> {
    /// What was made under `name` from `key`, from the memo when the key is the same as last
    /// time, else made now and kept.
    pub(crate) fn get_or_make<E>(
        &self,
        name: &str,
        key: blake3::Hash,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        let kept = self.made.lock().ok().and_then(|made| {
            made.get(name)
                .filter(|(cached, _)| *cached == key)
                .map(|(_, value)| value.clone())
        });
        if let Some(value) = kept {
            return Ok(value);
        }
        let value = make()?;
        if let Ok(mut made) = self.made.lock() {
            made.insert(name.to_owned(), (key, value.clone()));
        }
        Ok(value)
    }

    /// Like [`Memo::get_or_make`], for what cannot fail to be made.
    pub(crate) fn get_or(&self, name: &str, key: blake3::Hash, make: impl FnOnce() -> V) -> V {
        match self.get_or_make(name, key, || Ok::<_, std::convert::Infallible>(make())) {
            Ok(value) => value,
            Err(never) => match never {},
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(
        template: &'a str,
        site: &'a SharedValue,
        view: &'a (&'static str, i32),
        shared: Option<SharedValue>,
    ) -> PageInput<'a, (&'static str, i32)> {
        PageInput {
            template,
            site,
            view,
            shared: shared.map(|s| ("guides", s)).into_iter().collect(),
        }
    }

    #[test]
    fn keys_cover_template_view_shared_values_and_site() {
        let site = SharedValue::of(&"site");
        let other_site = SharedValue::of(&"other site");
        let view = ("title", 1);
        let key = input("guide.html", &site, &view, None).key();
        assert_eq!(key, input("guide.html", &site, &view, None).key());
        assert_ne!(key, input("guide.html", &site, &("title", 2), None).key());
        assert_ne!(key, input("tag.html", &site, &view, None).key());
        assert_ne!(key, input("guide.html", &other_site, &view, None).key());
        let links = SharedValue::list(vec![SharedValue::of(&"a"), SharedValue::of(&"b")]);
        let reordered = SharedValue::list(vec![SharedValue::of(&"b"), SharedValue::of(&"a")]);
        let with_links = input("guide.html", &site, &view, Some(links)).key();
        assert_ne!(key, with_links);
        assert_ne!(
            with_links,
            input("guide.html", &site, &view, Some(reordered)).key()
        );
    }

    #[test]
    fn a_shared_value_named_in_a_field_goes_in_that_field() {
        let site = SharedValue::of(&"site");
        let view = serde_json::json!({ "guide": { "title": "T" } });
        let input = PageInput {
            template: "guide.html",
            site: &site,
            view: &view,
            shared: vec![("guide.related", SharedValue::of(&["a"]))],
        };
        let context = input.context().expect("a context");
        let guide = serde_json::to_value(context.get("guide")).expect("JSON");
        assert_eq!(guide, serde_json::json!({ "title": "T", "related": ["a"] }));
    }

    #[test]
    fn a_page_is_made_again_only_for_a_new_key() {
        let cache = PageCache::default();
        let site = SharedValue::of(&"site");
        let a = input("guide.html", &site, &("a", 1), None).key();
        let b = input("guide.html", &site, &("b", 1), None).key();
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
    }

    #[test]
    fn a_field_set_on_a_shared_value_is_in_its_hash() {
        let links = SharedValue::of(&["a"]);
        let one = SharedValue::with_fields(&("group", 1), vec![("guides", links.clone())]);
        let two = SharedValue::with_fields(&("group", 2), vec![("guides", links.clone())]);
        assert_ne!(one.hash, two.hash);
        let three =
            SharedValue::with_fields(&("group", 1), vec![("guides", SharedValue::of(&["b"]))]);
        assert_ne!(one.hash, three.hash);
        let named = SharedValue::with_fields(&("group", 1), vec![("others", links.clone())]);
        assert_ne!(one.hash, named.hash, "the field's name is in the hash");
        let reason = |text: &str| links.with_data("reason", &text).hash;
        assert_ne!(reason("a"), reason("b"));
    }
}
