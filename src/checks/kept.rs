//! What the rules keep between builds (serve, lsp), so that a change costs what it changed:
//! each guide's own rules, which read the guide and the config alone, and each page's link
//! rules, which read the page and what links see of the rest of the site.
//!
//! What links see of the rest of the site is hashed whole ([`Seen::links`]): every parsed
//! file's id, whether it is a draft and whether the site publishes it, and its heading ids,
//! with the files beside the guides, the generated folders and the `[checks]` levels. An edit
//! that changes none of these (any text that is not a heading, the front matter's other
//! fields) re-runs the rules of the edited page alone, against the map of the site's paths
//! kept from the last build; one that does (a heading, a new file) re-runs every page's,
//! which is what a clean build does. The URL rules (collisions) and `duplicate-question` are
//! kept the same way, each under a hash of what it reads ([`Seen::urls`], [`Seen::questions`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::links::LinkIndex;
use super::questions;
use crate::config::ChecksConfig;
use crate::diagnostic::Diagnostic;
use crate::guide::Guide;
use crate::guide::memo::GuideMemo;
use crate::memo::Memo;
use crate::site::Site;
use crate::urls::GuideId;

/// The rules' values kept between builds, by guide. A builder's config is the same for the
/// life of these memos (`[build] exclude` included): a new config makes a new builder.
#[derive(Debug, Default)]
pub(crate) struct Kept {
    /// Each guide's own rules ([`super::guide_rules`]).
    pub own: GuideMemo<Vec<Diagnostic>>,
    /// Each page's link rules, under the hash of what links see of the site.
    pub pages: GuideMemo<Vec<Diagnostic>>,
    /// What the site-wide rules read of each file, hashed ([`Faces`]).
    faces: GuideMemo<Faces>,
    /// What links can reach of the site, under the hash of what links see ([`Seen::links`]).
    links: Memo<Arc<LinkIndex>>,
    /// The URL rules' diagnostics (collisions of pages, folders, aliases and case), under the
    /// hash of what they read of the site ([`Seen::urls`]).
    urls: Memo<Vec<Diagnostic>>,
    /// Every `duplicate-question`, under the hash of the questions ([`Seen::questions`]).
    questions: Memo<Vec<Diagnostic>>,
}

/// What the rules across pages read of the whole site, as hashes.
pub(crate) struct Seen {
    /// What a page's link rules read beside the page itself: what links see of every parsed
    /// file ([`Faces::links`]), whether the site publishes it, the files links can reach, the
    /// generated folders and the rules' levels.
    pub links: blake3::Hash,
    /// What the URL rules read: where each file is, whether it is published, what orders it
    /// in its section and its aliases ([`Faces::urls`]), with the generated folders.
    pub urls: blake3::Hash,
    /// What `duplicate-question` reads: each published guide's questions and where they are
    /// ([`questions::face`]).
    pub questions: blake3::Hash,
}

impl Kept {
    /// Memos that keep nothing, for a builder that builds once (`prepbook build`): kept, the
    /// rules' results would be a second copy of every diagnostic (170 MB of
    /// `duplicate-question` at 100,000 realistic guides), and the faces of every file would be
    /// hashed for keys that nothing compares.
    pub(crate) fn passing() -> Kept {
        Kept {
            own: GuideMemo::passing(),
            pages: GuideMemo::passing(),
            faces: GuideMemo::passing(),
            links: Memo::passing(),
            urls: Memo::passing(),
            questions: Memo::passing(),
        }
    }

    /// Empty memos of the same kind: passing ones if these pass, else keeping ones.
    pub(crate) fn emptied(&self) -> Kept {
        if self.faces.passes() {
            Kept::passing()
        } else {
            Kept::default()
        }
    }

    /// Forgets the guides for which `keep` is false (those no longer in the site).
    pub(crate) fn retain(&self, keep: impl Fn(&GuideId) -> bool) {
        self.own.retain(&keep);
        self.pages.retain(&keep);
        self.faces.retain(&keep);
    }

    /// What the rules across pages read of the site, hashed: linear in the site, but only three
    /// small hashes copied per file once the faces are kept, and hashed once.
    pub(crate) fn seen(
        &self,
        site: &Site,
        all: &BTreeMap<GuideId, Arc<Guide>>,
        (files, generated): (&BTreeSet<String>, &[&str]),
        config: &ChecksConfig,
    ) -> Seen {
        // Memos that keep nothing compare no hash: none is made.
        if self.faces.passes() {
            let none = blake3::Hash::from_bytes([0; 32]);
            return Seen {
                links: none,
                urls: none,
                questions: none,
            };
        }
        let faces = self.faces.with(&());
        // The faces in a row, hashed at once: one update per file would cost more than the hash.
        let (mut link_faces, mut url_faces) = (Vec::with_capacity(all.len() * 33), Vec::new());
        let mut asked = Vec::with_capacity(site.guides.len() * 32);
        // The published guides are some of `all`, in the same order: walked beside it.
        let mut published = site.guides.keys().peekable();
        for guide in all.values() {
            let face = faces.get(guide, Faces::of);
            let is_published = published.next_if_eq(&&guide.id).is_some();
            link_faces.extend_from_slice(face.links.as_bytes());
            link_faces.push(u8::from(is_published));
            url_faces.extend_from_slice(face.urls.as_bytes());
            url_faces.push(u8::from(is_published));
            if is_published {
                asked.extend_from_slice(face.questions.as_bytes());
            }
        }
        let (mut links, mut urls) = (blake3::Hasher::new(), blake3::Hasher::new());
        links.update(&link_faces);
        urls.update(&url_faces);
        for path in files {
            field(&mut links, path);
        }
        for dir in generated {
            field(&mut links, dir);
            field(&mut urls, dir);
        }
        // Plain data (levels, numbers), whose serialising cannot fail.
        let levels = serde_json::to_vec(config).unwrap_or_default();
        links.update(&levels);
        urls.update(&levels);
        Seen {
            links: links.finalize(),
            urls: urls.finalize(),
            questions: blake3::hash(&asked),
        }
    }

    /// `make()`, or the URL rules' diagnostics of the last build when `seen` is the same.
    pub(crate) fn urls(
        &self,
        seen: &Seen,
        make: impl FnOnce() -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        self.urls.get("urls", seen.urls, make)
    }

    /// `make()`, or what links could reach at the last build when `seen` is the same.
    pub(crate) fn link_index(
        &self,
        seen: &Seen,
        make: impl FnOnce() -> LinkIndex,
    ) -> Arc<LinkIndex> {
        self.links.get("links", seen.links, || Arc::new(make()))
    }

    /// `make()`, or the `duplicate-question`s of the last build when `seen` is the same.
    pub(crate) fn questions(
        &self,
        seen: &Seen,
        make: impl FnOnce() -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        self.questions.get("questions", seen.questions, make)
    }
}

/// What the rules across pages read of one file, hashed.
#[derive(Debug, Clone, Copy)]
struct Faces {
    /// What links see: where it is, whether it is a draft, its headings' ids. The site's
    /// sections, folder pages and published guides follow from the ids and draft flags.
    links: blake3::Hash,
    /// What the URL rules read: where it is, whether it is a draft, what orders it in its
    /// section (the first of a section without a page names it), and its aliases with the
    /// text they are found in (a collision points at the alias).
    urls: blake3::Hash,
    /// What `duplicate-question` reads ([`questions::face`]).
    questions: blake3::Hash,
}

impl Faces {
    fn of(guide: &Guide, _: &()) -> Faces {
        let mut links = blake3::Hasher::new();
        field(&mut links, guide.id.as_str());
        links.update(&[u8::from(guide.front.draft)]);
        let mut urls = links.clone();
        for heading in &guide.body.headings {
            field(&mut links, &heading.id);
        }
        field(&mut urls, &guide.file);
        field(&mut urls, &guide.front.title);
        let order = format!("{:?} {:?}", guide.front.weight, guide.front.date);
        field(&mut urls, &order);
        if !guide.front.aliases.is_empty() {
            urls.update(guide.hash.as_bytes());
        }
        Faces {
            links: links.finalize(),
            urls: urls.finalize(),
            questions: questions::face(guide),
        }
    }
}

/// A string into a hash with its length first, so that no two lists of strings hash alike.
pub(super) fn field(hasher: &mut blake3::Hasher, text: &str) {
    hasher.update(&text.len().to_le_bytes());
    hasher.update(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emptied_memos_are_of_the_same_kind() {
        assert!(Kept::passing().emptied().faces.passes());
        assert!(!Kept::default().emptied().faces.passes());
    }
}
