//! Reuse of rendered pages between rebuilds, for `serve`, where most pages survive an edit
//! unchanged. Each page has a key of everything it shows: a cheap one from [`Deps`] where the
//! page's inputs are known (the site's epoch, the guide's bytes), else the hash of its view.
//! An unchanged key gives the same bytes without building the view or running the template;
//! rendering is a pure function of (template, view), and the keys cover the view's inputs, which
//! the incremental tests check against clean builds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;

#[derive(Debug, Default)]
pub(crate) struct PageCache {
    pages: Mutex<HashMap<String, (blake3::Hash, Arc<str>)>>,
}

impl PageCache {
    /// The key of a page: its template and its view, hashed without building a string.
    pub(crate) fn key(template: &str, view: &impl Serialize) -> blake3::Hash {
        let mut hasher = blake3::Hasher::new();
        hasher.update(template.as_bytes());
        hasher.update(&[0]);
        // Serialising plain data into a hasher cannot fail; if it did, the key would only be
        // weaker, never wrong, because it still covers the template name.
        let _ = serde_json::to_writer(&mut hasher, view);
        hasher.finalize()
    }

    pub(crate) fn get(&self, path: &str, key: &blake3::Hash) -> Option<Arc<str>> {
        let pages = self.pages.lock().ok()?;
        pages
            .get(path)
            .filter(|(cached, _)| cached == key)
            .map(|(_, html)| Arc::clone(html))
    }

    pub(crate) fn put(&self, path: &str, key: blake3::Hash, html: Arc<str>) {
        if let Ok(mut pages) = self.pages.lock() {
            pages.insert(path.to_owned(), (key, html));
        }
    }
}

/// Cheap keys of what pages show, so that an unchanged page is found without building its view.
///
/// Every page shows site-wide data (navigation, lists of guides, tags, neighbours, related
/// guides, breadcrumbs), all of which derive from the guides' front matter and link targets
/// (`Guide::meta_hash`) and the section index files: the site's *epoch*. A guide's own page (and
/// its printable checklist) shows its whole file besides. So after an edit to a guide's text
/// alone, the epoch is unchanged and only that guide's pages have a new key.
pub(crate) struct Deps {
    epoch: Option<blake3::Hash>,
}

impl Deps {
    /// `enabled` is false for one-off builds, which have no cache to key.
    pub(crate) fn new(enabled: bool, site: &crate::site::Site) -> Deps {
        Deps {
            epoch: enabled.then(|| epoch(site)),
        }
    }

    /// The key of a page that shows only site-wide data.
    pub(crate) fn site(&self, path: &str) -> Option<blake3::Hash> {
        let epoch = self.epoch?;
        let mut hasher = blake3::Hasher::new();
        hasher.update(epoch.as_bytes());
        hasher.update(path.as_bytes());
        Some(hasher.finalize())
    }

    /// The key of a page that shows one guide in full, and site-wide data.
    pub(crate) fn guide(&self, path: &str, guide: &crate::guide::Guide) -> Option<blake3::Hash> {
        let epoch = self.epoch?;
        let mut hasher = blake3::Hasher::new();
        hasher.update(epoch.as_bytes());
        hasher.update(path.as_bytes());
        hasher.update(guide.hash.as_bytes());
        Some(hasher.finalize())
    }
}

/// The hash of everything site-wide: each published guide's id and meta hash, and each section
/// with its index file (whose text is the section's intro).
fn epoch(site: &crate::site::Site) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    for (id, guide) in &site.guides {
        hasher.update(id.as_str().as_bytes());
        hasher.update(guide.meta_hash.as_bytes());
    }
    for (id, section) in &site.sections {
        hasher.update(b"\0section\0");
        hasher.update(id.as_str().as_bytes());
        if let Some(index) = &section.index {
            hasher.update(index.hash.as_bytes());
        }
    }
    hasher.finalize()
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
