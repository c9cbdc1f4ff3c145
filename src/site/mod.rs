//! Stage 3: the parsed guides put together: sections, reading order, tags, backlinks.
//!
//! Cheap and recomputed on every build from the (cached) parsed guides, so nothing here can go
//! stale when a single guide changes.

mod related;

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use related::RelatedIndex;
pub(crate) use related::RelatedMemo;

use crate::guide::{Date, Guide};
use crate::urls::{GuideId, LinkTarget, SectionId, classify_link, parent_of, slugify};

/// The published guides by id, in the order of their ids. Looked up by hash, not in a tree:
/// a guide's page looks up dozens of other guides (its section's window, related guides,
/// backlinks), and ids share long prefixes that a tree would compare again at every level.
pub(crate) type Guides = indexmap::IndexMap<GuideId, Arc<Guide>, rustc_hash::FxBuildHasher>;

/// A folder of guides.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Section {
    pub id: SectionId,
    /// The section's `_index.md`, which gives its title and intro.
    pub index: Option<Arc<Guide>>,
    /// Guides of this section in reading order.
    pub guides: Vec<GuideId>,
    pub subsections: Vec<SectionId>,
}

impl Section {
    pub(crate) fn title(&self) -> String {
        match &self.index {
            Some(index) => index.front.title.clone(),
            None => self.id.fallback_title(),
        }
    }
}

/// A tag and the guides that carry it, most recent first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    pub name: String,
    pub slug: String,
    pub guides: Vec<GuideId>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Site {
    /// Published guides (drafts only when asked for); section indexes are not guides.
    pub guides: Guides,
    pub sections: BTreeMap<SectionId, Section>,
    pub tags: BTreeMap<String, Tag>,
    /// For each guide, the guides that link to it.
    pub backlinks: BTreeMap<GuideId, BTreeSet<GuideId>>,
    /// Each guide's place in its section's reading order, so that neighbours are found
    /// without searching a section of thousands.
    places: HashMap<GuideId, usize>,
    /// The guides and tags as numbers, for related guides.
    related: RelatedIndex,
    /// The related guides worked out so far, kept between builds while `related` is the same
    /// (empty, and so asked nothing, until [`Site::reuse_related`]).
    related_memo: Arc<RelatedMemo>,
    /// Folder pages that lost to another of their folder (`README.md` beside `_index.md`),
    /// with the one that is the folder's page: a url-collision each.
    pub shadowed_indexes: Vec<(Arc<Guide>, GuideId)>,
}

impl Site {
    /// Puts parsed files together. `include_drafts` keeps guides marked `draft: true`.
    ///
    /// A folder's page (`_index.md`, `index.md`, `README.md`) is its section's page, except an
    /// `index.md` or `README.md` alone in a folder with nothing below it: that is a guide of the
    /// folder above, at the folder's URL (Hugo's leaf bundle; a GitHub repository's folder per
    /// topic), so that its content is listed, searched and practised like any other guide.
    pub(crate) fn assemble<'a>(
        parsed: impl IntoIterator<Item = &'a Arc<Guide>>,
        include_drafts: bool,
    ) -> Site {
        Site::assemble_with(parsed, include_drafts, Assembly::Full)
    }

    /// The guides and sections alone, in their reading order, without what only pages show
    /// (tags, backlinks, related guides): what the rules read, for `check` and `lsp`, where
    /// the rest would be made again on every keystroke for nothing.
    pub(crate) fn assemble_for_checks<'a>(
        parsed: impl IntoIterator<Item = &'a Arc<Guide>>,
        include_drafts: bool,
    ) -> Site {
        Site::assemble_with(parsed, include_drafts, Assembly::Checks)
    }

    fn assemble_with<'a>(
        parsed: impl IntoIterator<Item = &'a Arc<Guide>>,
        include_drafts: bool,
        assembly: Assembly,
    ) -> Site {
        let parsed: Vec<&Arc<Guide>> = parsed.into_iter().collect();
        let holding = folders_holding_pages(&parsed);
        let mut site = Site::default();
        let mut indexes = BTreeMap::new();
        // Gathered in order and made a map at once: the parsed files come by id.
        let mut guides = Vec::with_capacity(parsed.len());
        for guide in parsed {
            let leaf = guide.is_section_index()
                && !guide.id.as_str().ends_with("_index.md")
                && !guide.id.folder().is_root()
                && !holding.contains(guide.id.folder_path());
            if guide.is_section_index() && !leaf {
                let section = guide.id.folder();
                match indexes.remove(&section) {
                    None => {
                        indexes.insert(section, Arc::clone(guide));
                    }
                    Some(other) => {
                        let (page, shadowed) =
                            match guide.id.folder_page_rank() < other.id.folder_page_rank() {
                                true => (Arc::clone(guide), other),
                                false => (other, Arc::clone(guide)),
                            };
                        site.shadowed_indexes.push((shadowed, page.id.clone()));
                        indexes.insert(section, page);
                    }
                }
            } else if include_drafts || !guide.front.draft {
                guides.push((guide.id.clone(), Arc::clone(guide)));
            }
        }
        // The parsed files come by id; a caller that gives them otherwise gets them sorted.
        if !guides.is_sorted_by(|(a, _), (b, _)| a <= b) {
            guides.sort_by(|(a, _), (b, _)| a.cmp(b));
        }
        site.guides = guides.into_iter().collect();
        if assembly == Assembly::Checks {
            site.sections = sections(&site.guides, indexes);
            return site;
        }
        // Each is a pass over every guide, independent of the others.
        let guides = &site.guides;
        let ((sections, tags), backlinks) = rayon::join(
            || rayon::join(|| sections(guides, indexes), || tags(guides)),
            || backlinks(guides),
        );
        (site.sections, site.tags, site.backlinks) = (sections, tags, backlinks);
        site.places = site
            .sections
            .values()
            .flat_map(|section| section.guides.iter().cloned().zip(0..))
            .collect();
        site.related = RelatedIndex::new(site.guides.values(), site.tags.values());
        site
    }

    /// Takes over `previous`'s related guides where they still hold: all of them when the
    /// guides' tags, links, dates and order are unchanged, else none. Returns the memo to hand
    /// to the next build.
    pub(crate) fn reuse_related(&mut self, previous: Option<Arc<RelatedMemo>>) -> Arc<RelatedMemo> {
        self.related_memo = RelatedMemo::for_index(&self.related, previous);
        Arc::clone(&self.related_memo)
    }

    /// Every page written from a file: the guides, then the sections' index pages (which
    /// may carry `aliases:` too, as Hugo's `_index.md` does).
    pub(crate) fn pages_of_files(&self) -> impl Iterator<Item = &Guide> {
        let indexes = self.sections.values().filter_map(|s| s.index.as_deref());
        self.guides.values().map(Arc::as_ref).chain(indexes)
    }

    /// Every section, depth first from the root, siblings in their order (`weight`, then
    /// name): the order the home page and the print-all page list them in.
    pub(crate) fn sections_in_order(&self) -> Vec<&Section> {
        let mut ordered = Vec::with_capacity(self.sections.len());
        let mut stack = vec![SectionId::root()];
        while let Some(id) = stack.pop() {
            if let Some(section) = self.sections.get(&id) {
                stack.extend(section.subsections.iter().rev().cloned());
                ordered.push(section);
            }
        }
        ordered
    }

    /// Where `id` stands in its section's reading order.
    pub(crate) fn place(&self, id: &GuideId) -> Option<usize> {
        self.places.get(id).copied()
    }

    /// The guides before and after `id` in its section's reading order.
    pub(crate) fn neighbours(&self, id: &GuideId) -> (Option<&Arc<Guide>>, Option<&Arc<Guide>>) {
        let Some(section) = self.sections.get(&id.section()) else {
            return (None, None);
        };
        let Some(&i) = self.places.get(id) else {
            return (None, None);
        };
        let prev = i.checked_sub(1).and_then(|p| section.guides.get(p));
        let next = section.guides.get(i + 1);
        (
            prev.and_then(|p| self.guides.get(p)),
            next.and_then(|n| self.guides.get(n)),
        )
    }
}

/// How much of the site [`Site::assemble_with`] puts together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Assembly {
    /// Everything pages show.
    Full,
    /// What the rules read: guides and sections.
    Checks,
}

/// How many related guides a page lists when its front matter does not name them.
pub(crate) const RELATED_COUNT: usize = 4;

/// The related guides of one guide, and the `related:` entries that name no published guide.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Related {
    pub guides: Vec<GuideId>,
    pub unresolved: Vec<String>,
}

impl Site {
    /// The guides to suggest after `guide`: those its `related:` names, in that order, or else
    /// the ones sharing most tags and links with it (a link counts more than a tag, and each
    /// way it goes), most recent first among equals; among a bounded set of candidates
    /// (`related.rs`), so that a popular tag does not make every guide's suggestions slow.
    pub(crate) fn related(&self, guide: &Guide) -> Related {
        if !guide.front.related.is_empty() {
            return self.named_related(guide);
        }
        Related {
            guides: self
                .related_memo
                .best(&self.related, &guide.id, RELATED_COUNT),
            unresolved: Vec::new(),
        }
    }

    fn named_related(&self, guide: &Guide) -> Related {
        let mut related = Related::default();
        for entry in &guide.front.related {
            // Entries that are not guide paths at all were reported when the file was parsed.
            let LinkTarget::Guide { id, .. } = classify_link(&guide.id, entry) else {
                continue;
            };
            if !self.guides.contains_key(&id) {
                related.unresolved.push(entry.clone());
            } else if id != guide.id && !related.guides.contains(&id) {
                related.guides.push(id);
            }
        }
        related
    }
}

/// Reading order within a section: guides with a `weight` first (ascending), then the most
/// recent first, then by title, then by path so that the order is total and stable. A key
/// taken out of the guide once: a section's guides are sorted on these keys, side by side in
/// memory, not by reaching into every guide at each comparison.
fn reading_key(guide: &Guide) -> (u8, i64, std::cmp::Reverse<Option<Date>>, &str, &GuideId) {
    let (unweighted, weight) = guide.front.weight.map_or((1, 0), |w| (0, w));
    (
        unweighted,
        weight,
        std::cmp::Reverse(guide.front.date),
        &guide.front.title,
        &guide.id,
    )
}

/// Most recent first (by `updated`, else `date`), for tag pages and feeds.
pub(crate) fn recency_order(a: &Guide, b: &Guide) -> Ordering {
    let when = |g: &Guide| g.front.updated.or(g.front.date);
    when(b)
        .cmp(&when(a))
        .then_with(|| a.front.title.cmp(&b.front.title))
        .then_with(|| a.id.cmp(&b.id))
}

/// The folders that hold a page other than their own folder's page, directly or in a folder
/// below: a folder's page there is its section's page, not a guide. Drafts count, so that
/// whether a page is a section's does not change with `--drafts`.
fn folders_holding_pages<'a>(parsed: &[&'a Arc<Guide>]) -> HashSet<&'a str> {
    let mut holding = HashSet::new();
    // The guides come by id, so a folder's usually follow one another: its ancestors are
    // walked once.
    let mut last = None;
    for guide in parsed {
        let folder = guide.id.folder_path();
        if !guide.is_section_index() {
            holding.insert(folder);
        }
        if last.replace(folder) == Some(folder) {
            continue;
        }
        let mut above = folder;
        while !above.is_empty() {
            above = parent_of(above);
            if !holding.insert(above) {
                break; // its ancestors are in already
            }
        }
    }
    holding
}

fn sections(
    guides: &Guides,
    mut indexes: BTreeMap<SectionId, Arc<Guide>>,
) -> BTreeMap<SectionId, Section> {
    // By the folder's path, a slice of the ids: a section id is made once per section.
    let mut members: BTreeMap<&str, Vec<&Arc<Guide>>> = BTreeMap::new();
    members.entry("").or_default();
    for guide in guides.values() {
        members
            .entry(guide.id.section_path())
            .or_default()
            .push(guide);
    }
    // Apart from `indexes`, which gives its pages away below.
    let with_pages: Vec<SectionId> = indexes.keys().cloned().collect();
    for id in &with_pages {
        members.entry(id.as_str()).or_default();
    }
    // Every ancestor of a section is a section too, so that each has a page to link up to.
    let ids: Vec<&str> = members.keys().copied().collect();
    for id in ids {
        let mut parent = id;
        while !parent.is_empty() {
            parent = parent_of(parent);
            members.entry(parent).or_default();
        }
    }
    let mut children: BTreeMap<&str, Vec<SectionId>> = BTreeMap::new();
    for id in members.keys().filter(|id| !id.is_empty()) {
        children
            .entry(parent_of(id))
            .or_default()
            .push(SectionId::new(*id));
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| section_order((a, indexes.get(a)), (b, indexes.get(b))));
    }
    members
        .into_iter()
        .map(|(path, mut list)| {
            list.sort_by_cached_key(|guide| reading_key(guide));
            let id = SectionId::new(path);
            let section = Section {
                index: indexes.remove(path),
                guides: list.iter().map(|g| g.id.clone()).collect(),
                subsections: children.remove(path).unwrap_or_default(),
                id: id.clone(),
            };
            (id, section)
        })
        .collect()
}

/// Order of sibling sections: those whose `_index.md` has a `weight` first (ascending), then
/// by folder name, so the nav, the home page and the print-all page agree.
fn section_order(
    (a, a_index): (&SectionId, Option<&Arc<Guide>>),
    (b, b_index): (&SectionId, Option<&Arc<Guide>>),
) -> Ordering {
    let weight = |index: Option<&Arc<Guide>>| {
        index
            .and_then(|i| i.front.weight)
            .map_or((1, 0), |w| (0, w))
    };
    weight(a_index).cmp(&weight(b_index)).then_with(|| a.cmp(b))
}

fn tags(guides: &Guides) -> BTreeMap<String, Tag> {
    let mut tags: BTreeMap<String, (String, Vec<&Arc<Guide>>)> = BTreeMap::new();
    for guide in guides.values() {
        let mut seen = BTreeSet::new();
        for name in &guide.front.tags {
            let slug = slugify(name);
            if slug.is_empty() || !seen.insert(slug.clone()) {
                continue;
            }
            tags.entry(slug)
                .or_insert_with(|| (name.clone(), Vec::new()))
                .1
                .push(guide);
        }
    }
    tags.into_iter()
        .map(|(slug, (name, mut list))| {
            list.sort_by(|a, b| recency_order(a, b));
            let guides = list.iter().map(|g| g.id.clone()).collect();
            (slug.clone(), Tag { name, slug, guides })
        })
        .collect()
}

fn backlinks(guides: &Guides) -> BTreeMap<GuideId, BTreeSet<GuideId>> {
    let mut backlinks: BTreeMap<GuideId, BTreeSet<GuideId>> = BTreeMap::new();
    for guide in guides.values() {
        for link in &guide.body.links {
            if let LinkTarget::Guide { id, .. } = &link.target
                && id != &guide.id
                && guides.contains_key(id)
            {
                backlinks
                    .entry(id.clone())
                    .or_default()
                    .insert(guide.id.clone());
            }
        }
    }
    backlinks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing;

    fn guide(id: &str, front: &str, body: &str) -> Arc<Guide> {
        Arc::new(testing::guide_at(id, front, body))
    }

    /// `index.md` or `README.md` alone in a folder with nothing below is a guide of the folder
    /// above, at the folder's URL; with a page beside or below it, or as `_index.md`, it is the
    /// folder's section page.
    #[test]
    fn a_folder_page_alone_in_its_folder_is_a_guide_of_the_folder_above() {
        let guides = [
            guide("README.md", "title: Home", ""),
            guide("solutions/README.md", "title: Solutions", ""),
            guide("solutions/pastebin/README.md", "title: Pastebin", ""),
            guide("solutions/mint/index.md", "title: Mint", ""),
            guide("solutions/branch/_index.md", "title: Branch", ""),
            guide("solutions/deep/README.md", "title: Deep", ""),
            guide("solutions/deep/inner/x.md", "title: X", ""),
            guide("solutions/draft/README.md", "title: Draft", ""),
            guide("solutions/draft/wip.md", "title: WIP\ndraft: true", ""),
        ];
        let site = Site::assemble(guides.iter(), false);
        let listed: Vec<&str> = site.sections[&SectionId::new("solutions")]
            .guides
            .iter()
            .map(GuideId::as_str)
            .collect();
        assert_eq!(
            listed,
            ["solutions/mint/index.md", "solutions/pastebin/README.md"]
        );
        let pastebin = &site.guides[&GuideId::new("solutions/pastebin/README.md")];
        assert_eq!(pastebin.id.page_path(), "solutions/pastebin/");
        assert_eq!(pastebin.id.section(), SectionId::new("solutions"));
        let sections: Vec<&str> = site.sections.keys().map(SectionId::as_str).collect();
        assert_eq!(
            sections,
            [
                "",
                "solutions",
                "solutions/branch",
                "solutions/deep",
                "solutions/deep/inner",
                "solutions/draft"
            ]
        );
        assert!(
            site.sections[&SectionId::new("solutions/draft")]
                .index
                .is_some()
        );
    }

    #[test]
    fn sections_follow_the_weight_of_their_index() {
        let guides = [
            guide("a/_index.md", "title: A\nweight: 3", ""),
            guide("b/_index.md", "title: B\nweight: 1", ""),
            guide("c/_index.md", "title: C", ""),
            guide("b/y/_index.md", "title: Y\nweight: -1", ""),
            guide("a/one.md", "title: One", ""),
            guide("b/two.md", "title: Two", ""),
            guide("b/x/three.md", "title: Three", ""),
            guide("b/y/four.md", "title: Four", ""),
            guide("c/five.md", "title: Five", ""),
        ];
        let site = Site::assemble(guides.iter(), false);
        let order: Vec<&str> = site
            .sections_in_order()
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(order, ["", "b", "b/y", "b/x", "a", "c"]);
    }

    #[test]
    fn related_guides_by_shared_tags_and_links() {
        let guides = [
            guide("a.md", "title: A\ntags: [x, y]", "See [c](c.md)."),
            guide("b.md", "title: B\ntags: [x, y]\ndate: 2026-01-01", ""),
            guide("c.md", "title: C", ""),
            guide("d.md", "title: D\ntags: [x]\ndate: 2026-02-01", ""),
            guide("e.md", "title: E\ntags: [z]", ""),
        ];
        let site = Site::assemble(guides.iter(), false);
        let related = |id: &str| {
            site.related(&site.guides[&GuideId::new(id)])
                .guides
                .iter()
                .map(|g| g.as_str().to_owned())
                .collect::<Vec<_>>()
        };
        // b shares two tags (4), c is linked (3), d shares one tag (2); e shares nothing.
        assert_eq!(related("a.md"), ["b.md", "c.md", "d.md"]);
        // c is linked from a: the link counts both ways.
        assert_eq!(related("c.md"), ["a.md"]);
        assert!(related("e.md").is_empty());
    }

    #[test]
    fn related_front_matter_overrides_and_reports_missing_guides() {
        let guides = [
            guide(
                "s/a.md",
                "title: A\ntags: [x]\nrelated: [../e.md, b.md, a.md, ../e.md, gone.md]",
                "",
            ),
            guide("s/b.md", "title: B\ntags: [x]", ""),
            guide("e.md", "title: E", ""),
        ];
        let site = Site::assemble(guides.iter(), false);
        let related = site.related(&site.guides[&GuideId::new("s/a.md")]);
        let ids: Vec<&str> = related.guides.iter().map(GuideId::as_str).collect();
        assert_eq!(ids, ["e.md", "s/b.md"]);
        assert_eq!(related.unresolved, ["gone.md"]);
    }
}
