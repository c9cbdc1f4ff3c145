//! Reuse of rendered pages between rebuilds, for `serve`, where most pages survive an edit
//! unchanged.
//!
//! A page is a pure function of its template and of what the template is given: its view, the
//! shared values the view hands over, and `site`. Its key is the hash of exactly those values,
//! made by [`PageInput`], the same value the template's context is made from; so a page is
//! rendered again exactly when something it reads changed, with no list of what depends on
//! what to keep true. The templates themselves are fixed for the life of the cache (a theme
//! change makes a new renderer, and with it a new cache).

use serde::Serialize;

use crate::guide::Guide;
pub(crate) use crate::memo::{Memo, hash_of};

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

    /// This value (a map) with its field `key` set to `value`: the hash covers both.
    pub(crate) fn with(self, key: &'static str, value: SharedValue) -> SharedValue {
        let mut map = self.value.into_map().unwrap_or_default();
        map.insert(key.into(), value.value);
        let mut hasher = blake3::Hasher::new();
        hasher.update(self.hash.as_bytes());
        hasher.update(key.as_bytes());
        hasher.update(value.hash.as_bytes());
        SharedValue {
            value: tera::Value::from(map),
            hash: hasher.finalize(),
        }
    }
}

/// A guide as the input of something made from all of it (its own page, its flash cards):
/// serialised as what a guide is a pure function of, its path, file and bytes, as the parse
/// cache keys it.
#[derive(Clone, Copy)]
pub(crate) struct ByContent<'a>(pub &'a Guide);

impl Serialize for ByContent<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let guide = self.0;
        (guide.id.as_str(), &guide.file, HashInput(&guide.hash)).serialize(serializer)
    }
}

/// A hash as part of an input: its first 128 bits as one number, which a key's serialiser
/// writes without the escaping and hex digits a string of it would take (a key hashes
/// thousands of them per save).
pub(crate) struct HashInput<'h>(pub &'h blake3::Hash);

impl Serialize for HashInput<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut first = [0; 16];
        first.copy_from_slice(&self.0.as_bytes()[..16]);
        serializer.serialize_u128(u128::from_le_bytes(first))
    }
}

/// Everything a template is given for one page. Both the page's context and its cache key are
/// made from this one value, so the key cannot leave out anything the template can read.
pub(crate) struct PageInput<'a, V> {
    pub template: &'a str,
    /// `site`, the same for every page of a build.
    pub site: &'a SharedValue,
    /// The page's view; fields it hands over as shared values are skipped in its serialised
    /// form and come in `shared` instead.
    pub view: &'a V,
    pub shared: Vec<(&'static str, SharedValue)>,
}

impl<V: Serialize> PageInput<'_, V> {
    /// The template's context: the view, then its shared values, then `site`. A shared value
    /// named `outer.field` is set as the field of the view's map `outer`.
    pub(crate) fn context(self) -> Result<tera::Context, tera::Error> {
        let mut context = tera::Context::from_serialize(self.view)?;
        let mut fields: Vec<(&'static str, &'static str, tera::Value)> = Vec::new();
        for (name, value) in self.shared {
            match name.split_once('.') {
                Some((outer, field)) => fields.push((outer, field, value.value)),
                None => context.insert_value(name, value.value),
            }
        }
        // Each map taken out and put back once, however many of its fields are set.
        while let Some(&(outer, _, _)) = fields.first() {
            let mut map = context
                .remove(outer)
                .and_then(tera::Value::into_map)
                .unwrap_or_default();
            for (_, field, value) in fields.extract_if(.., |(o, _, _)| *o == outer) {
                map.insert(field.into(), value);
            }
            context.insert_value(outer, tera::Value::from(map));
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

/// The key of a page that its template makes from `inputs` alone (and `site`): whatever the
/// page is made from is in `inputs`, so it is in the key.
pub(crate) fn inputs_key(
    template: &str,
    site: &SharedValue,
    inputs: &impl Serialize,
) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(hash_of(template, inputs).as_bytes());
    hasher.update(site.hash.as_bytes());
    hasher.finalize()
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

    #[derive(Serialize)]
    struct Group {
        n: i32,
    }

    #[test]
    fn a_field_set_on_a_shared_value_is_in_its_hash_and_its_value() {
        let links = SharedValue::of(&["a"]);
        let one = SharedValue::of(&Group { n: 1 }).with("guides", links.clone());
        let two = SharedValue::of(&Group { n: 2 }).with("guides", links);
        assert_ne!(one.hash, two.hash);
        let three = SharedValue::of(&Group { n: 1 }).with("guides", SharedValue::of(&["b"]));
        assert_ne!(one.hash, three.hash);
        let map = one.value.as_map().expect("a map");
        assert_eq!(map.len(), 2);
        assert_eq!(
            map.get(&"guides".into())
                .map(ToString::to_string)
                .as_deref(),
            Some(r#"["a"]"#)
        );
    }

    #[derive(Serialize)]
    struct View {
        page: Group,
        title: &'static str,
    }

    #[test]
    fn shared_values_named_with_a_dot_are_fields_of_the_views_maps() {
        let site = SharedValue::of(&"site");
        let view = View {
            page: Group { n: 7 },
            title: "T",
        };
        let input = PageInput {
            template: "t.html",
            site: &site,
            view: &view,
            shared: vec![
                ("page.links", SharedValue::of(&["x", "y"])),
                ("list", SharedValue::of(&[1, 2])),
                ("page.prev", SharedValue::of(&"p")),
            ],
        };
        let context = input.context().expect("a context");
        let page = context.get("page").and_then(|p| p.as_map()).expect("page");
        let field = |name: &str| page.get(&name.to_owned().into()).map(ToString::to_string);
        assert_eq!(field("n").as_deref(), Some("7"));
        assert_eq!(field("links").as_deref(), Some(r#"["x", "y"]"#));
        assert_eq!(field("prev").as_deref(), Some("p"));
        assert_eq!(
            context.get("list").map(ToString::to_string).as_deref(),
            Some("[1, 2]")
        );
        assert_eq!(
            context.get("title").map(ToString::to_string).as_deref(),
            Some("T")
        );
        assert!(context.get("site").is_some());
    }
}
