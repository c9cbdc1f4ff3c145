//! Reuse of rendered pages between rebuilds: a page is keyed by its template and the hash of
//! its view (everything the template can see), so an unchanged view gives the same bytes
//! without running the template again. Correct by construction: rendering is a pure function
//! of (template, view). Used by `serve`, where most pages survive an edit unchanged.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;

#[derive(Debug, Default)]
pub struct PageCache {
    pages: Mutex<HashMap<String, (blake3::Hash, Arc<str>)>>,
}

impl PageCache {
    /// The key of a page: its template and its view, hashed without building a string.
    pub fn key(template: &str, view: &impl Serialize) -> blake3::Hash {
        let mut hasher = blake3::Hasher::new();
        hasher.update(template.as_bytes());
        hasher.update(&[0]);
        // Serialising plain data into a hasher cannot fail; if it did, the key would only be
        // weaker, never wrong, because it still covers the template name.
        let _ = serde_json::to_writer(&mut hasher, view);
        hasher.finalize()
    }

    pub fn get(&self, path: &str, key: &blake3::Hash) -> Option<Arc<str>> {
        let pages = self.pages.lock().ok()?;
        pages
            .get(path)
            .filter(|(cached, _)| cached == key)
            .map(|(_, html)| Arc::clone(html))
    }

    pub fn put(&self, path: &str, key: blake3::Hash, html: Arc<str>) {
        if let Ok(mut pages) = self.pages.lock() {
            pages.insert(path.to_owned(), (key, html));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_template_and_view() {
        let a = PageCache::key("guide.html", &("title", 1));
        assert_eq!(a, PageCache::key("guide.html", &("title", 1)));
        assert_ne!(a, PageCache::key("guide.html", &("title", 2)));
        assert_ne!(a, PageCache::key("tag.html", &("title", 1)));
        let cache = PageCache::default();
        cache.put("a/", a, Arc::from("<p>a</p>"));
        assert_eq!(cache.get("a/", &a).as_deref(), Some("<p>a</p>"));
        assert!(cache.get("a/", &PageCache::key("x", &0)).is_none());
    }
}
