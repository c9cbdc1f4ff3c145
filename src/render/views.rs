//! One view struct per template: the exact variables each template gets. Templates see only
//! these (all text is escaped by Tera unless a field says it is HTML).

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::assets::AssetUrls;
use super::cache::{ByContent, HashInput, SharedValue};
use super::paging::{self, Pager};
use super::practice::{self, Deck, Filters, QuestionList};
use super::structured::{self, ArticleData, Crumb};
use crate::config::{Config, PartKind};
use crate::guide::memo::GuideMemo;
use crate::guide::model::ChecklistGroup;
use crate::guide::{Guide, TextDir};
use crate::site::{Section, Site};
use crate::urls::{
    BasePath, FEED, GuideId, MY_PREP_DIR, PRACTICE_DIR, PRINT_DIR, SERVICE_WORKER, SectionId,
    TAGS_DIR, checklist_anchor, list_page_path, practice_list_path, practice_url_of, tag_path,
};

/// A page's language and text direction from its front matter (`lang:`, `dir:`), for
/// `<html lang dir>`; empty where the site's apply.
fn language(front: &crate::guide::FrontMatter) -> (String, String) {
    let dir = match (front.dir, &front.lang) {
        (Some(dir), _) => dir.name().to_owned(),
        (None, Some(lang)) => TextDir::of_language(lang).name().to_owned(),
        (None, None) => String::new(),
    };
    (front.lang.clone().unwrap_or_default(), dir)
}

/// Site-wide values every page has, as `site`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    /// The direction of the site language's script: `ltr` or `rtl`.
    pub dir: String,
    /// The base path every URL starts with (`/` or `/prep/`).
    pub base: String,
    pub home_url: String,
    pub tags_url: String,
    /// The page with every checklist, ready to print.
    pub checklists_url: String,
    /// The Atom feed.
    pub feed_url: String,
    /// The flash cards of the whole site; empty when `[practice]` is turned off.
    pub practice_url: String,
    /// The reader's progress; empty when `[practice]` is turned off.
    pub my_prep_url: String,
    /// The search index the search box loads.
    pub search_index: String,
    /// The service worker of `[offline]`; empty when it is off.
    pub offline_sw: String,
    pub favicon: String,
    /// URLs of the theme's stylesheets and scripts (hashed names).
    pub assets: AssetUrls,
    /// Top-level sections, for the navigation.
    pub nav: Vec<SectionLink>,
}

/// What the `<head>` says about a page, as `meta`: description, canonical link, Open Graph and
/// Twitter cards, structured data.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct PageMeta {
    /// The page's own title (without the site's), for social cards.
    pub title: String,
    pub description: String,
    /// The canonical URL: absolute when `base-url` names an origin; empty for pages that have
    /// none (404, print views, redirects).
    pub canonical: String,
    /// The absolute URL for `og:url`, only when `base-url` names an origin.
    pub og_url: Option<String>,
    /// `website` or `article`.
    pub og_type: String,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub tags: Vec<String>,
    /// JSON-LD, safe to put in a `<script>` as is.
    pub json_ld: String,
    /// Keep search engines away (404, the reader's own progress).
    pub noindex: bool,
    /// The page's own URL (root-relative, with the base path); empty for pages without one.
    pub url: String,
    /// The page shows highlighted code, so it links the highlight stylesheet.
    pub has_code: bool,
    /// The URL of the top-level section (or the tags page) the page belongs to, for the nav's
    /// `aria-current`; empty for the home page and pages without a place.
    pub nav_url: String,
    /// The page's language and text direction when they are not the site's (a guide's
    /// `lang:`), for `<html lang dir>`; empty otherwise.
    pub lang: String,
    pub dir: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SectionLink {
    pub title: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TagLink {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// A guide as listed on index, section and tag pages.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GuideLink {
    pub title: String,
    pub url: String,
    pub description: String,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub role: Option<String>,
    pub level: Option<String>,
    pub kind: Option<String>,
    pub draft: bool,
    /// The key the guide page keeps the reader's ticks under; empty for a guide without task
    /// items.
    pub store: String,
    /// Names the steps of the guide's checklist as they are in this build (see
    /// [`practice::checklist_version`]): a card shows the progress the guide page saved for this
    /// version only.
    pub checklist_version: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TocEntry {
    pub level: u8,
    pub title: String,
    pub url: String,
    /// The `###` headings under a `##` one, listed in a list of its own: the nesting says
    /// what a level class would, in fewer bytes, and a screen reader announces it.
    pub children: Vec<TocEntry>,
}

/// A guide in its section's list on a guide page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SectionEntry {
    pub title: String,
    pub url: String,
    /// The guide of the page the list is on.
    pub current: bool,
}

/// How many guides of its section a guide page lists: a window around the guide, so that a
/// page stays small in a section of hundreds.
pub(crate) const SECTION_WINDOW: usize = 9;

/// `index.html`: the home page.
#[derive(Debug, Serialize)]
pub(crate) struct IndexView {
    pub meta: PageMeta,
    /// HTML of the root `_index.md` body, if any.
    pub intro_html: String,
    /// The root's own guides of this page, then (on the first page) every other section with
    /// its first guides (a list of [`SectionGroup`]s with their `guides`, built from shared
    /// values; see [`Shared`]).
    #[serde(skip)]
    pub groups: SharedValue,
    /// Tags, on the first page.
    pub tags: Vec<TagLink>,
    /// Which page of the root's guides this is.
    pub pager: Pager,
}

/// How many of a section's guides the home page shows; the section's pages list them all.
pub(crate) const HOME_PREVIEW: usize = 6;

/// A section on the home page; its `guides` ([`GuideLink`]s) are added as shared values.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SectionGroup {
    pub title: String,
    pub url: String,
    pub description: String,
    /// How many guides the section has.
    pub count: usize,
    /// The section has more guides than the home page shows: link to its pages.
    pub more: bool,
}

/// `guide.html`: one guide.
#[derive(Debug, Serialize)]
pub(crate) struct GuideView {
    pub meta: PageMeta,
    pub guide: GuidePage,
}

#[derive(Debug, Serialize)]
pub(crate) struct GuidePage {
    #[serde(flatten)]
    pub link: GuideLink,
    /// Its tags, each with how many guides carry it.
    pub tags: Vec<TagLink>,
    /// The front matter's other keys as written (`guide.extra.seo_title`): the site's own
    /// fields and those of the tool the guides came from.
    pub extra: std::collections::BTreeMap<String, serde_json::Value>,
    /// When the guide was last reviewed (`reviewed:`), shown as "Reviewed on …".
    pub reviewed: Option<String>,
    /// The rendered body (HTML), in source order; empty unless a template of the theme reads
    /// it (see [`Views::with_whole_body`]).
    pub body_html: String,
    /// Its TL;DR part, which the page shows first (empty when it has none)...
    pub lead_html: String,
    /// ...and the body without it.
    pub rest_html: String,
    pub toc: Vec<TocEntry>,
    pub reading_minutes: usize,
    pub section: SectionLink,
    pub breadcrumbs: Vec<Crumb>,
    /// Guides that link to this one and are not among `related` (`guide.backlinks`: a list of
    /// [`GuideLink`]s). This field and the other guides' links below come to the template as
    /// the shared values made once per build for each guide (see [`GuideView::shared`]).
    #[serde(skip)]
    pub backlinks: SharedValue,
    /// The guide before this one in its section (a [`GuideLink`] or none).
    #[serde(skip)]
    pub prev: SharedValue,
    /// The guide after this one in its section (a [`GuideLink`] or none).
    #[serde(skip)]
    pub next: SharedValue,
    /// Guides of the same section around this one (itself included, marked `current`), at
    /// most [`SECTION_WINDOW`]; `section.count` says how many the section has.
    pub section_guides: Vec<SectionEntry>,
    /// Guides to read next: the front matter's `related:`, else by shared tags and links. Each
    /// is a [`GuideLink`] with a `reason`: "Linked both ways", "Linked from this guide", "Links
    /// to this guide", "Also tagged x, y", or empty for a guide the author named in `related:`
    /// for no reason the site sees.
    #[serde(skip)]
    pub related: SharedValue,
    /// Where the reader's ticks are kept in the browser: stable for the guide on this site.
    pub storage_key: String,
    /// How many checklist items the page has (task items anywhere, bullets of the checklist
    /// section); the guide is on the printable checklists' pages when there is at least one.
    pub checklist_items: usize,
    /// The guide's checklist on the printable checklists' pages (the page prints its own
    /// checklist alone with JavaScript; this is where a reader without it finds one).
    pub checklist_url: String,
    /// The body has a Mermaid diagram: the page loads the script that draws it.
    pub diagrams: bool,
    /// The practice page dealing the guide's FAQ as flash cards; empty when it has none (or
    /// practice is off).
    pub practice_url: String,
    /// The id of the checklist part's heading, where its progress panel is; empty when the
    /// items stand elsewhere (the header then carries the Reset button).
    pub checklist_anchor: String,
}

/// What a guide page is made from: the guide, and the other guides and sections it shows.
/// [`Views::guide`] makes the page's view from this alone (and the site-wide values every page
/// has), and the page's key is the hash of this value serialised: every field is in the key by
/// construction, so a guide page is rendered again exactly when something it is made from
/// changed, without building the views of unchanged pages.
#[derive(Serialize)]
pub(crate) struct GuideInputs<'a> {
    pub guide: ByContent<'a>,
    /// Its own link.
    link: Shown<'a>,
    /// Its tags, each with how many guides carry it.
    tags: Vec<TagLink>,
    /// Related guides with the reason each is suggested.
    related: Vec<(Shown<'a>, String)>,
    /// Guides that link here and are not among `related`.
    backlinks: Vec<Shown<'a>>,
    prev: Option<Shown<'a>>,
    next: Option<Shown<'a>>,
    /// Guides of the section around this one (itself included).
    window: Vec<Shown<'a>>,
    section: SectionLink,
    breadcrumbs: Vec<Crumb>,
    /// Where the guide's checklist is printable (see [`GuidePage::checklist_url`]): its page
    /// follows from the guide's place among the guides with checklists.
    checklist_url: String,
    /// How many flash cards the practice deck deals from it.
    questions: usize,
}

/// Another guide as the input of a page, which shows its link (made from the guide and the
/// base path): serialised as the link's hash, so that an input's hash covers what the
/// page shows of it without serialising it again for every page.
#[derive(Clone, Copy)]
pub(crate) struct Shown<'a> {
    pub guide: &'a Arc<Guide>,
    hash: blake3::Hash,
}

impl Serialize for Shown<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        HashInput(&self.hash).serialize(serializer)
    }
}

/// `practice.html`: the flash cards (`practice/`, one guide's with `?guide=`), and the lists
/// of questions for readers without JavaScript (`practice/list-<n>.html`).
#[derive(Debug, Serialize)]
pub(crate) struct PracticeView {
    pub meta: PageMeta,
    pub title: String,
    /// The data index the page's script loads (site-wide page only).
    pub index_url: String,
    /// What the reader keeps in this browser is stored under keys starting with this.
    pub storage: String,
    /// Sections with their guides and questions (a list page: questions without answers, each
    /// linking to its answer on the guide page).
    pub groups: Vec<PracticeGroup>,
    /// The site-wide page's sections, each with the list pages of its questions.
    pub sections: Vec<PracticeSection>,
    pub filters: super::practice::Filters,
    pub total: usize,
}

/// A section on `practice/`: how many guides and questions it has, and the pages listing them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PracticeSection {
    pub title: String,
    pub guides: usize,
    pub questions: usize,
    pub lists: Vec<ListLink>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ListLink {
    pub url: String,
    /// "Guides 1–200", or empty when the section has one list.
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PracticeGroup {
    pub title: String,
    pub guides: Vec<PracticeGuide>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PracticeGuide {
    pub title: String,
    pub url: String,
    pub cards: Vec<super::practice::Card>,
}

/// `my-prep.html`: the reader's progress, drawn by its script from what this browser keeps.
#[derive(Debug, Serialize)]
pub(crate) struct MyPrepView {
    pub meta: PageMeta,
    pub title: String,
    pub index_url: String,
    pub storage: String,
}

/// `checklists.html`: a page of every guide's checklist, ready to print.
#[derive(Debug, Serialize)]
pub(crate) struct ChecklistsView {
    pub meta: PageMeta,
    pub title: String,
    pub guides: Vec<GuideChecklist>,
    pub pager: Pager,
}

/// What a page of `checklists-print/` is made from: [`Views::checklists`] makes its view from
/// this alone, and its key is this value serialised (each guide by its content), so the page's
/// view is built only when a guide on it changed.
#[derive(Serialize)]
pub(crate) struct ChecklistsInputs<'a> {
    meta: PageMeta,
    title: String,
    guides: Vec<ByContent<'a>>,
    pager: Pager,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct GuideChecklist {
    pub title: String,
    pub url: String,
    /// The id of its place on the page ([`checklist_anchor`]), which guide pages link to.
    pub anchor: String,
    pub groups: Vec<ChecklistGroup>,
}

/// `section.html`: a folder of guides.
#[derive(Debug, Serialize)]
pub(crate) struct SectionView {
    pub meta: PageMeta,
    pub section: SectionPage,
}

#[derive(Debug, Serialize)]
pub(crate) struct SectionPage {
    pub title: String,
    pub description: String,
    pub url: String,
    /// HTML of the section's `_index.md` body.
    pub intro_html: String,
    /// Its [`GuideLink`]s, as shared values (see [`Shared`]).
    #[serde(skip)]
    pub guides: SharedValue,
    pub subsections: Vec<SectionLink>,
    pub breadcrumbs: Vec<Crumb>,
    /// Which page of the section's guides this is.
    pub pager: Pager,
}

/// `tag.html`: the guides with one tag.
#[derive(Debug, Serialize)]
pub(crate) struct TagView {
    pub meta: PageMeta,
    pub tag: TagLink,
    /// Its [`GuideLink`]s of this page, as shared values (see [`Shared`]).
    #[serde(skip)]
    pub guides: SharedValue,
    pub pager: Pager,
}

/// `tags.html`: every tag.
#[derive(Debug, Serialize)]
pub(crate) struct TagsView {
    pub meta: PageMeta,
    pub tags: Vec<TagLink>,
}

/// `404.html`: the page static hosts serve for a missing path. It lists no guides (it would
/// grow with the site): the header's search and the home page's link lead on.
#[derive(Debug, Serialize)]
pub(crate) struct NotFoundView {
    pub meta: PageMeta,
}

/// Template variables a view holds as values shared between pages: a guide's link (with all
/// its tags) is converted once per build, not once for each page that lists it, so a guide with
/// thousands of tags costs its tag pages nothing more than any other. They reach the template
/// (and the page's key) through [`super::cache::PageInput`].
pub(crate) trait Shared {
    /// (variable, value) to add to the page's context, replacing what the view serialised.
    fn shared(&self) -> Vec<(&'static str, SharedValue)> {
        Vec::new()
    }
}

impl Shared for IndexView {
    fn shared(&self) -> Vec<(&'static str, SharedValue)> {
        vec![("groups", self.groups.clone())]
    }
}

impl Shared for NotFoundView {}

impl Shared for TagView {
    fn shared(&self) -> Vec<(&'static str, SharedValue)> {
        vec![("guides", self.guides.clone())]
    }
}

impl Shared for SectionView {
    fn shared(&self) -> Vec<(&'static str, SharedValue)> {
        let section = SharedValue::of(&self.section).with("guides", self.section.guides.clone());
        vec![("section", section)]
    }
}

impl Shared for GuideView {
    fn shared(&self) -> Vec<(&'static str, SharedValue)> {
        let page = &self.guide;
        vec![
            ("guide.backlinks", page.backlinks.clone()),
            ("guide.prev", page.prev.clone()),
            ("guide.next", page.next.clone()),
            ("guide.related", page.related.clone()),
        ]
    }
}
impl Shared for ChecklistsView {}
impl Shared for TagsView {}
impl Shared for PracticeView {}
impl Shared for MyPrepView {}

/// Builds views from the assembled site; holds what every view needs.
pub(crate) struct Views<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    /// The site-wide view, `site` in every page's context.
    pub site_value: SharedValue,
    /// Every guide's flash cards, when practice is on.
    deck: Option<&'a Deck>,
    /// Each guide's [`GuideLink`] as a Tera value, made when a page first lists the guide; by
    /// the guide's address in the site (see [`ByAddress`]), as pages look links up by the
    /// hundred thousand.
    link_values: ByAddress<std::sync::OnceLock<SharedValue>>,
    /// The guides with checklist items, in section reading order: the printable checklists'
    /// pages list them in this order, and a guide page links to the page that has its own.
    checklisted: Vec<&'a Arc<Guide>>,
    /// Each of those guides' place in `checklisted`, by the guide's address.
    checklist_place: ByAddress<usize>,
    /// Each section's link and the breadcrumbs of a page in it, made when a guide page of the
    /// section first needs them: every guide page of a section shows the same.
    section_places:
        std::collections::HashMap<SectionId, std::sync::OnceLock<(SectionLink, Vec<Crumb>)>>,
    /// Each guide's link kept from earlier builds (serve).
    links: Option<&'a GuideMemo<SharedValue>>,
    /// Whether a template of the theme reads `guide.body_html` (the whole body, which the
    /// default theme shows as its TL;DR and the rest): given only then.
    whole_body: bool,
}

impl<'a> Views<'a> {
    pub(crate) fn new(
        site: &'a Site,
        config: &'a Config,
        assets: AssetUrls,
        search_index: String,
    ) -> Self {
        let site_view = site_view(site, config, assets, search_index);
        let checklisted: Vec<&Arc<Guide>> = site
            .sections_in_order()
            .into_iter()
            .flat_map(|s| &s.guides)
            .filter_map(|id| site.guides.get(id))
            .filter(|g| !g.model.checklist.is_empty())
            .collect();
        Self {
            site,
            config,
            site_value: SharedValue::of(&site_view),
            deck: None,
            links: None,
            whole_body: true,
            checklist_place: checklisted
                .iter()
                .enumerate()
                .map(|(i, g)| (address(g), i))
                .collect(),
            checklisted,
            link_values: site
                .guides
                .values()
                .map(|guide| (address(guide), std::sync::OnceLock::new()))
                .collect(),
            section_places: site
                .sections
                .keys()
                .map(|id| (id.clone(), std::sync::OnceLock::new()))
                .collect(),
        }
    }

    /// The flash cards the practice pages and the guide pages' links show.
    pub(crate) fn with_deck(mut self, deck: Option<&'a Deck>) -> Self {
        self.deck = deck;
        self
    }

    /// Gives guide pages `guide.body_html` only when `whole_body` (a template reads it).
    pub(crate) fn with_whole_body(mut self, whole_body: bool) -> Self {
        self.whole_body = whole_body;
        self
    }

    /// Takes guides' links from `links` while the guide and the base path are unchanged: serve
    /// keeps them between builds.
    pub(crate) fn with_links(mut self, links: Option<&'a GuideMemo<SharedValue>>) -> Self {
        self.links = links;
        self
    }

    /// `guide`'s link as a shared value, made once per build (or taken from the memo).
    fn link_value(&self, guide: &Guide) -> SharedValue {
        let make = || {
            let input = self.link_input();
            match self.links {
                Some(links) => links.get(guide, &input, link_value),
                None => link_value(guide, &input),
            }
        };
        match self.link_values.get(&address(guide)) {
            Some(cell) => cell.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// The [`GuideLink`]s of `ids` as one list of shared values.
    pub(crate) fn link_values(&self, ids: impl IntoIterator<Item = &'a GuideId>) -> SharedValue {
        let values = ids
            .into_iter()
            .filter_map(|id| self.site.guides.get(id))
            .map(|guide| self.link_value(guide))
            .collect();
        SharedValue::list(values)
    }

    fn base(&self) -> &BasePath {
        &self.config.base
    }

    /// The head of a page at `site_path` (`None` for pages without a canonical URL).
    fn meta(&self, title: &str, description: &str, site_path: Option<&str>) -> PageMeta {
        let description = if description.is_empty() {
            self.config.description.clone()
        } else {
            description.to_owned()
        };
        let base = self.base();
        PageMeta {
            title: title.to_owned(),
            description,
            canonical: site_path.map(|p| base.absolute(p)).unwrap_or_default(),
            og_url: site_path
                .filter(|_| base.origin().is_some())
                .map(|p| base.absolute(p)),
            og_type: "website".to_owned(),
            noindex: site_path.is_none(),
            url: site_path.map(|p| base.url(p)).unwrap_or_default(),
            nav_url: site_path
                .and_then(|p| p.split_once('/'))
                .map(|(top, _)| base.url(&format!("{top}/")))
                .unwrap_or_default(),
            ..PageMeta::default()
        }
    }

    pub(crate) fn guide_link(&self, guide: &Guide) -> GuideLink {
        guide_link(guide, &self.link_input())
    }

    /// `guide`'s tags, each with how many guides carry it.
    fn tags_of(&self, guide: &Guide) -> Vec<TagLink> {
        guide
            .front
            .tags
            .iter()
            .map(|name| {
                let slug = crate::urls::slugify(name);
                let count = self.site.tags.get(&slug).map_or(0, |t| t.guides.len());
                self.tag_link(name, &slug, count)
            })
            .collect()
    }

    /// The link to the tag `name` (whose slug is `slug`), carried by `count` guides.
    fn tag_link(&self, name: &str, slug: &str, count: usize) -> TagLink {
        TagLink {
            name: name.to_owned(),
            url: self.base().url(&tag_path(slug)),
            count,
        }
    }

    /// What a guide's link shows besides the guide: the base path.
    fn link_input(&self) -> LinkInput<'a> {
        LinkInput {
            base: &self.config.base,
        }
    }

    pub(crate) fn tag_links(&self) -> Vec<TagLink> {
        self.site
            .tags
            .values()
            .map(|tag| self.tag_link(&tag.name, &tag.slug, tag.guides.len()))
            .collect()
    }

    /// The home page's pages: the root's own guides, a page at a time.
    pub(crate) fn index_pages(&self) -> Vec<(String, IndexView)> {
        let root = self.site.sections.get(&SectionId::root());
        let own = root.map_or(0, |r| r.guides.len());
        paging::pages("", own, self.base())
            .into_par_iter()
            .map(|(range, pager, path)| {
                let view = self.index(range, pager);
                (path, view)
            })
            .collect()
    }

    /// Home page `pager.number`, showing the root's guides in `range`.
    fn index(&self, range: std::ops::Range<usize>, pager: Pager) -> IndexView {
        let first = pager.number == 1;
        let index = self
            .site
            .sections
            .get(&SectionId::root())
            .and_then(|s| s.index.as_ref());
        let intro_html = index
            .filter(|_| first)
            .map(|i| i.body.html.clone())
            .unwrap_or_default();
        let (lang, dir) = index.map(|i| language(&i.front)).unwrap_or_default();
        let title = paged_title(&self.config.title, &pager);
        let path = list_page_path("", pager.number);
        IndexView {
            meta: PageMeta {
                has_code: crate::highlight::has_highlighted_code(&intro_html),
                lang,
                dir,
                ..self.meta(&title, "", Some(&path))
            },
            intro_html,
            groups: self.groups(range, first),
            tags: if first { self.tag_links() } else { Vec::new() },
            pager,
        }
    }

    /// The sections that have guides, the root first, then in the sections' order, as a Tera
    /// list of [`SectionGroup`]s with their `guides`: the root's guides in `range`; with
    /// `others`, each other section's first [`HOME_PREVIEW`].
    fn groups(&self, range: std::ops::Range<usize>, others: bool) -> SharedValue {
        let groups = self
            .site
            .sections_in_order()
            .into_iter()
            .filter(|s| !s.guides.is_empty() && (others || s.id.is_root()))
            .map(|section| {
                let root = section.id.is_root();
                let shown = if root {
                    section.guides.get(range.clone()).unwrap_or_default()
                } else {
                    &section.guides[..section.guides.len().min(HOME_PREVIEW)]
                };
                let group = SectionGroup {
                    title: if root {
                        "Guides".to_owned()
                    } else {
                        section.title()
                    },
                    url: self.base().url(&section.id.page_path()),
                    description: description_of(section),
                    count: section.guides.len(),
                    more: !root && section.guides.len() > shown.len(),
                };
                SharedValue::of(&group).with("guides", self.link_values(shown))
            })
            .collect();
        SharedValue::list(groups)
    }

    /// What `guide`'s page is made from (see [`GuideInputs`]), gathered from the site.
    pub(crate) fn guide_inputs(&self, guide: &'a Arc<Guide>) -> GuideInputs<'a> {
        let site = self.site;
        let (prev, next) = site.neighbours(&guide.id);
        let section_id = guide.id.section();
        let related = site.related(guide).guides;
        let (section, breadcrumbs) = self.section_place(&section_id);
        let linked_from = site.backlinks.get(&guide.id);
        // Guides already listed as related (with "links here" as their reason) are not
        // listed again.
        let backlinks = linked_from
            .into_iter()
            .flatten()
            .filter(|id| !related.contains(id))
            .filter_map(|id| site.guides.get(id))
            .map(|g| self.shown(g))
            .collect();
        GuideInputs {
            guide: ByContent(guide),
            link: self.shown(guide),
            tags: self.tags_of(guide),
            related: self.related_reasons(guide, &related),
            backlinks,
            prev: prev.map(|g| self.shown(g)),
            next: next.map(|g| self.shown(g)),
            window: self.section_window(guide),
            section,
            breadcrumbs,
            checklist_url: self.checklist_url(guide),
            questions: self.deck.map_or(0, |deck| deck.of(&guide.id).len()),
        }
    }

    /// The link to section `id` and the breadcrumbs of a page in it, made once a build.
    fn section_place(&self, id: &SectionId) -> (SectionLink, Vec<Crumb>) {
        let make = || {
            (
                section_link(self.site, self.base(), id),
                self.breadcrumbs(id),
            )
        };
        match self.section_places.get(id) {
            Some(cell) => cell.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// `guide` as another page shows it: by its link.
    fn shown(&self, guide: &'a Arc<Guide>) -> Shown<'a> {
        Shown {
            guide,
            hash: self.link_value(guide).hash,
        }
    }

    /// The page of a guide, made from `inputs` alone (and the site-wide values every page
    /// has): what it shows of other guides comes from their links, whose hashes are in the
    /// inputs.
    pub(crate) fn guide(&self, inputs: &GuideInputs<'_>) -> GuideView {
        let guide = inputs.guide.0;
        let toc = toc(guide);
        let (marked, practice_url) = self.marked_body(guide, inputs.questions);
        GuideView {
            meta: self.guide_meta(guide, &inputs.breadcrumbs),
            guide: GuidePage {
                link: self.guide_link(guide),
                tags: inputs.tags.clone(),
                extra: guide.front.extra.clone(),
                reviewed: guide.front.reviewed.map(|d| d.to_string()),
                body_html: if self.whole_body {
                    marked.whole
                } else {
                    String::new()
                },
                lead_html: marked.lead,
                rest_html: marked.rest,
                toc,
                reading_minutes: guide.body.word_count.div_ceil(220).max(1),
                section: inputs.section.clone(),
                breadcrumbs: inputs.breadcrumbs.clone(),
                backlinks: SharedValue::list(
                    inputs
                        .backlinks
                        .iter()
                        .map(|s| self.link_value(s.guide))
                        .collect(),
                ),
                prev: self.link_or_none(inputs.prev.as_ref()),
                next: self.link_or_none(inputs.next.as_ref()),
                section_guides: inputs
                    .window
                    .iter()
                    .map(|shown| SectionEntry {
                        title: shown.guide.front.title.clone(),
                        url: self.base().url(&shown.guide.id.page_path()),
                        current: shown.guide.id == guide.id,
                    })
                    .collect(),
                related: self.related_links(&inputs.related),
                storage_key: practice::store_key(self.base(), guide),
                checklist_items: guide.model.checklist_items(),
                diagrams: guide.body.diagrams > 0,
                checklist_url: inputs.checklist_url.clone(),
                practice_url,
                checklist_anchor: guide
                    .model
                    .parts_of(&PartKind::Checklist)
                    .next()
                    .and_then(|part| guide.body.headings.get(part.heading))
                    .map(|heading| heading.id.clone())
                    .unwrap_or_default(),
            },
        }
    }

    /// The related guides' links, each with the reason it is suggested as its `reason`.
    fn related_links(&self, related: &[(Shown<'_>, String)]) -> SharedValue {
        let links = related
            .iter()
            .map(|(other, reason)| {
                self.link_value(other.guide)
                    .with("reason", SharedValue::of(reason))
            })
            .collect();
        SharedValue::list(links)
    }

    /// The link of the guide `shown` (made once per build), or none.
    fn link_or_none(&self, shown: Option<&Shown<'_>>) -> SharedValue {
        match shown {
            Some(shown) => self.link_value(shown.guide),
            None => SharedValue::of(&None::<GuideLink>),
        }
    }

    /// The guide's body marked up and cut around its TL;DR, with the practice page of its
    /// questions linked at the end of its FAQ, and that page's URL (empty without questions).
    fn marked_body(&self, guide: &Guide, questions: usize) -> (super::parts::Marked, String) {
        let practice_url = if questions > 0 {
            practice_url_of(self.base(), &practice::store_key(self.base(), guide))
        } else {
            String::new()
        };
        let practice_link = (questions > 0).then(|| super::parts::PracticeLink {
            url: &practice_url,
            questions,
        });
        let marked = super::parts::marked(guide, practice_link.as_ref());
        (marked, practice_url)
    }

    /// The related guides of `guide`, each with the reason it is related.
    fn related_reasons(&self, guide: &Guide, related: &[GuideId]) -> Vec<(Shown<'a>, String)> {
        // Looked up in the guide's links for each of the few related guides, rather than
        // gathered into a set for every guide of the site.
        let links_to = |other: &GuideId| {
            guide.body.links.iter().any(
                |l| matches!(&l.target, crate::urls::LinkTarget::Guide { id, .. } if id == other),
            )
        };
        let linked_from = self.site.backlinks.get(&guide.id);
        related
            .iter()
            .filter_map(|id| self.site.guides.get(id))
            .map(|other| {
                let shared: Vec<&str> = other
                    .front
                    .tags
                    .iter()
                    .filter(|t| guide.front.tags.contains(t))
                    .map(String::as_str)
                    .collect();
                let to = links_to(&other.id);
                let from = linked_from.is_some_and(|from| from.contains(&other.id));
                let reason = if to && from {
                    "Linked both ways".to_owned()
                } else if to {
                    "Linked from this guide".to_owned()
                } else if from {
                    "Links to this guide".to_owned()
                } else if !shared.is_empty() {
                    format!("Also tagged {}", shared.join(", "))
                } else {
                    String::new()
                };
                (self.shown(other), reason)
            })
            .collect()
    }

    /// The guides of `guide`'s section around it, in reading order.
    fn section_window(&self, guide: &Guide) -> Vec<Shown<'a>> {
        let Some(section) = self.site.sections.get(&guide.id.section()) else {
            return Vec::new();
        };
        let ids = &section.guides;
        let at = self.site.place(&guide.id).unwrap_or(0);
        let start = at
            .saturating_sub(SECTION_WINDOW / 2)
            .min(ids.len().saturating_sub(SECTION_WINDOW));
        ids.iter()
            .skip(start)
            .take(SECTION_WINDOW)
            .filter_map(|id| self.site.guides.get(id))
            .map(|g| self.shown(g))
            .collect()
    }

    /// Open Graph fields and the JSON-LD (Article, BreadcrumbList, FAQPage) of a guide page.
    fn guide_meta(&self, guide: &Guide, breadcrumbs: &[Crumb]) -> PageMeta {
        let front = &guide.front;
        let page_path = guide.id.page_path();
        let base = self.base();
        // Breadcrumb URLs are root-relative on the page; structured data wants them absolute.
        let mut trail: Vec<Crumb> = breadcrumbs
            .iter()
            .map(|c| Crumb {
                title: c.title.clone(),
                url: base.absolute_url(&c.url),
            })
            .collect();
        trail.push(Crumb {
            title: front.title.clone(),
            url: base.absolute(&page_path),
        });
        let json_ld = structured::guide_json_ld(&ArticleData {
            guide,
            url: base.absolute(&page_path),
            site_title: &self.config.title,
            language: &self.config.language,
            trail,
            faq: structured::faq(guide),
        });
        let (lang, dir) = language(front);
        PageMeta {
            og_type: "article".to_owned(),
            published: front.date.map(|d| d.to_string()),
            modified: front.updated.map(|d| d.to_string()),
            tags: front.tags.clone(),
            json_ld,
            has_code: crate::highlight::has_highlighted_code(&guide.body.html),
            lang,
            dir,
            ..self.meta(
                &front.title,
                front.description.as_deref().unwrap_or_default(),
                Some(&page_path),
            )
        }
    }

    /// Where `guide`'s checklist is on the printable checklists' pages; empty without one.
    fn checklist_url(&self, guide: &Guide) -> String {
        match self.checklist_place.get(&address(guide)) {
            Some(&at) => {
                let page = list_page_path(PRINT_DIR, paging::page_of(at));
                format!("{}#{}", self.base().url(&page), checklist_anchor(&guide.id))
            }
            None => String::new(),
        }
    }

    /// What each page of `checklists-print/` is made from (site path, inputs): every guide
    /// with checklist items, in section reading order, a page at a time.
    pub(crate) fn checklists_inputs(&self) -> Vec<(String, ChecklistsInputs<'_>)> {
        paging::pages(PRINT_DIR, self.checklisted.len(), self.base())
            .into_iter()
            .map(|(range, pager, path)| {
                let title = paged_title("Printable checklists", &pager);
                // Like a guide page printed, not a page for search engines: no canonical URL.
                let guides = self.checklisted.get(range).unwrap_or_default();
                let inputs = ChecklistsInputs {
                    meta: self.meta(&title, "", None),
                    title,
                    guides: guides.iter().map(|g| ByContent(g)).collect(),
                    pager,
                };
                (path, inputs)
            })
            .collect()
    }

    /// A page of `checklists-print/`, made from `inputs` alone.
    pub(crate) fn checklists(&self, inputs: &ChecklistsInputs<'_>) -> ChecklistsView {
        ChecklistsView {
            meta: inputs.meta.clone(),
            title: inputs.title.clone(),
            guides: inputs
                .guides
                .iter()
                .map(|guide| checklist_of(guide.0, self.base()))
                .collect(),
            pager: inputs.pager.clone(),
        }
    }

    /// Home, then each section from the top down to `section` (included).
    fn breadcrumbs(&self, section: &SectionId) -> Vec<Crumb> {
        let mut chain = Vec::new();
        let mut current = Some(section.clone());
        while let Some(id) = current {
            current = id.parent();
            if !id.is_root() {
                let link = section_link(self.site, self.base(), &id);
                chain.push(Crumb {
                    title: link.title,
                    url: link.url,
                });
            }
        }
        chain.push(Crumb {
            title: "Home".to_owned(),
            url: self.base().url(""),
        });
        chain.reverse();
        chain
    }

    /// The pages of `section`: its guides, a page at a time.
    pub(crate) fn section_pages(&self, section: &Section) -> Vec<(String, SectionView)> {
        let first = section.id.page_path();
        paging::pages(&first, section.guides.len(), self.base())
            .into_par_iter()
            .map(|(range, pager, path)| {
                let view = self.section(section, range, pager, &path);
                (path, view)
            })
            .collect()
    }

    fn section(
        &self,
        section: &Section,
        range: std::ops::Range<usize>,
        pager: Pager,
        path: &str,
    ) -> SectionView {
        let mut breadcrumbs = self.breadcrumbs(&section.id);
        breadcrumbs.pop();
        let description = description_of(section);
        // The introduction and the subsections head the first page only.
        let first = pager.number == 1;
        let intro_html = section
            .index
            .as_ref()
            .filter(|_| first)
            .map(|i| i.body.html.clone())
            .unwrap_or_default();
        let (lang, dir) = section
            .index
            .as_ref()
            .map(|i| language(&i.front))
            .unwrap_or_default();
        SectionView {
            meta: PageMeta {
                has_code: crate::highlight::has_highlighted_code(&intro_html),
                lang,
                dir,
                ..self.meta(
                    &paged_title(&section.title(), &pager),
                    &description,
                    Some(path),
                )
            },
            section: SectionPage {
                title: section.title(),
                description,
                url: self.base().url(&section.id.page_path()),
                intro_html,
                guides: self.link_values(section.guides.get(range).unwrap_or_default()),
                subsections: if first {
                    section
                        .subsections
                        .iter()
                        .map(|id| section_link(self.site, self.base(), id))
                        .collect()
                } else {
                    Vec::new()
                },
                breadcrumbs,
                pager,
            },
        }
    }

    /// The pages of `tag`: its guides, a page at a time.
    pub(crate) fn tag_pages(&self, tag: &crate::site::Tag) -> Vec<(String, TagView)> {
        let first = tag_path(&tag.slug);
        paging::pages(&first, tag.guides.len(), self.base())
            .into_iter()
            .map(|(range, pager, path)| {
                let title = paged_title(&format!("Tag: {}", tag.name), &pager);
                let view = TagView {
                    meta: self.meta(&title, &format!("Guides tagged {}", tag.name), Some(&path)),
                    tag: TagLink {
                        name: tag.name.clone(),
                        url: self.base().url(&first),
                        count: tag.guides.len(),
                    },
                    guides: self.link_values(tag.guides.get(range).unwrap_or_default()),
                    pager,
                };
                (path, view)
            })
            .collect()
    }

    pub(crate) fn tags(&self) -> TagsView {
        TagsView {
            meta: self.meta("Tags", "", Some(TAGS_DIR)),
            tags: self.tag_links(),
        }
    }

    /// `practice/`: the flash cards, which the script loads; without it, the sections with
    /// links to the pages listing their questions.
    pub(crate) fn practice(&self, deck: &Deck, index_url: &str) -> PracticeView {
        let mut sections: Vec<PracticeSection> = Vec::new();
        for list in &deck.lists {
            let questions: usize = list.guides.iter().map(|id| deck.of(id).len()).sum();
            let link = ListLink {
                url: self.base().url(&practice_list_path(list.number)),
                label: if list.guides.len() == list.of {
                    String::new()
                } else {
                    format!(
                        "Guides {}–{}",
                        list.first,
                        list.first + list.guides.len() - 1
                    )
                },
            };
            match sections.last_mut() {
                Some(last) if list.first > 1 => {
                    last.guides += list.guides.len();
                    last.questions += questions;
                    last.lists.push(link);
                }
                _ => sections.push(PracticeSection {
                    title: list.section.clone(),
                    guides: list.guides.len(),
                    questions,
                    lists: vec![link],
                }),
            }
        }
        let with_cards = deck.cards.keys().filter_map(|id| self.site.guides.get(id));
        let title = "Practice".to_owned();
        let names = sections.iter().map(|s| s.title.clone()).collect();
        PracticeView {
            meta: self.meta(
                &title,
                "Flash cards from every guide's FAQ",
                Some(PRACTICE_DIR),
            ),
            title,
            index_url: index_url.to_owned(),
            storage: self.base().as_str().to_owned(),
            total: deck.cards.values().map(|cards| cards.len()).sum(),
            filters: Filters::of(names, with_cards.map(AsRef::as_ref)),
            groups: Vec::new(),
            sections,
        }
    }

    /// `practice/list-<n>.html`: some guides of one section with their questions, each linking
    /// to its answer on the guide page; for readers without JavaScript.
    pub(crate) fn practice_list(&self, list: &QuestionList, deck: &Deck) -> PracticeView {
        let guides: Vec<PracticeGuide> = list
            .guides
            .iter()
            .filter_map(|id| self.site.guides.get(id))
            .map(|g| self.practice_guide(g, deck))
            .collect();
        let title = if list.guides.len() == list.of {
            format!("Practice: {}", list.section)
        } else {
            format!(
                "Practice: {}, guides {}–{} of {}",
                list.section,
                list.first,
                list.first + list.guides.len() - 1,
                list.of
            )
        };
        PracticeView {
            meta: self.meta(&title, "", Some(&practice_list_path(list.number))),
            title,
            index_url: String::new(),
            storage: self.base().as_str().to_owned(),
            total: guides.iter().map(|g| g.cards.len()).sum(),
            filters: Filters::default(),
            groups: vec![PracticeGroup {
                title: list.section.clone(),
                guides,
            }],
            sections: Vec::new(),
        }
    }

    fn practice_guide(&self, guide: &Guide, deck: &Deck) -> PracticeGuide {
        PracticeGuide {
            title: guide.front.title.clone(),
            url: self.base().url(&guide.id.page_path()),
            cards: deck.of(&guide.id).to_vec(),
        }
    }

    /// `my-prep/`: the reader's progress. It shows only what this browser keeps, so it is
    /// not for search engines.
    pub(crate) fn my_prep(&self, index_url: &str) -> MyPrepView {
        let title = "My prep".to_owned();
        MyPrepView {
            meta: self.meta(&title, "", None),
            title,
            index_url: index_url.to_owned(),
            storage: self.base().as_str().to_owned(),
        }
    }

    pub(crate) fn not_found(&self) -> NotFoundView {
        NotFoundView {
            meta: self.meta("Page not found", "", None),
        }
    }
}

/// The URL of a practice page, or empty when `[practice]` is off.
fn page_url(config: &Config, path: &str) -> String {
    if config.practice {
        config.base.url(path)
    } else {
        String::new()
    }
}

fn description_of(section: &Section) -> String {
    section
        .index
        .as_ref()
        .and_then(|i| i.front.description.clone())
        .unwrap_or_default()
}

/// The site-wide view every page's context has as `site`.
fn site_view(site: &Site, config: &Config, assets: AssetUrls, search_index: String) -> SiteView {
    let base = &config.base;
    let nav = site
        .sections
        .get(&SectionId::root())
        .map(|root| {
            root.subsections
                .iter()
                .map(|id| section_link(site, base, id))
                .collect()
        })
        .unwrap_or_default();
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
        dir: TextDir::of_language(&config.language).name().to_owned(),
        base: base.as_str().to_owned(),
        home_url: base.url(""),
        tags_url: base.url(TAGS_DIR),
        checklists_url: base.url(PRINT_DIR),
        feed_url: base.url(FEED),
        practice_url: page_url(config, PRACTICE_DIR),
        my_prep_url: page_url(config, MY_PREP_DIR),
        search_index,
        offline_sw: if config.offline {
            base.url(SERVICE_WORKER)
        } else {
            String::new()
        },
        favicon: assets.favicon.clone(),
        assets,
        nav,
    }
}

fn section_link(site: &Site, base: &BasePath, id: &SectionId) -> SectionLink {
    let section = site.sections.get(id);
    SectionLink {
        title: match section {
            Some(s) if !id.is_root() => s.title(),
            _ if id.is_root() => "Home".to_owned(),
            _ => id.fallback_title(),
        },
        url: base.url(&id.page_path()),
        count: section.map_or(0, |s| s.guides.len()),
    }
}

/// A guide's table of contents: its `##` headings, each with the `###` headings under it (a
/// `###` before the first `##` stands on its own).
fn toc(guide: &Guide) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for h in guide
        .body
        .headings
        .iter()
        .filter(|h| (2..=3).contains(&h.level))
    {
        let entry = TocEntry {
            level: h.level,
            title: h.text.clone(),
            url: format!("#{}", h.id),
            children: Vec::new(),
        };
        match toc.last_mut() {
            Some(parent) if h.level == 3 && parent.level == 2 => parent.children.push(entry),
            _ => toc.push(entry),
        }
    }
    toc
}

/// What [`guide_link`] reads besides the guide.
#[derive(Serialize)]
pub(crate) struct LinkInput<'a> {
    base: &'a BasePath,
}

/// A guide as lists show it, made from the guide and `input` alone, so that a memo keyed by
/// both can keep it (see [`GuideMemo`]).
fn guide_link(guide: &Guide, input: &LinkInput<'_>) -> GuideLink {
    let front = &guide.front;
    let base = input.base;
    GuideLink {
        title: front.title.clone(),
        url: base.url(&guide.id.page_path()),
        description: front.description.clone().unwrap_or_default(),
        date: front.date.map(|d| d.to_string()),
        updated: front.updated.map(|d| d.to_string()),
        role: front.role.clone(),
        level: front.level.clone(),
        kind: front.kind.clone(),
        draft: front.draft,
        store: if guide.body.tasks.is_empty() {
            String::new()
        } else {
            practice::store_key(base, guide)
        },
        checklist_version: practice::checklist_version(guide),
    }
}

fn link_value(guide: &Guide, input: &LinkInput<'_>) -> SharedValue {
    SharedValue::of(&guide_link(guide, input))
}

/// A map by the address of a guide of the site, hashed cheaply: the site holds each guide once
/// for the whole build, so its address names it, and a guide found at an address is the one
/// there (a guide from elsewhere is simply not found).
type ByAddress<V> =
    std::collections::HashMap<usize, V, std::hash::BuildHasherDefault<AddressHasher>>;

fn address(guide: &Guide) -> usize {
    std::ptr::from_ref(guide) as usize
}

/// Hashes an address by one multiplication (Fibonacci hashing), its top bits folded onto the
/// bottom ones: addresses of guides differ in their middle bits, and hash maps pick buckets by
/// the bottom bits of a hash and tell entries apart by its top ones.
#[derive(Default)]
struct AddressHasher(u64);

impl std::hash::Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    /// Only addresses are hashed (by `write_usize`); anything else still hashes, one byte at a
    /// time.
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_usize((self.0 as usize).rotate_left(8) ^ usize::from(byte));
        }
    }

    fn write_usize(&mut self, n: usize) {
        let spread = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = spread ^ (spread >> 32);
    }
}

/// A guide's checklist for printing, made from the guide and the base path alone.
fn checklist_of(guide: &Guide, base: &BasePath) -> GuideChecklist {
    GuideChecklist {
        title: guide.front.title.clone(),
        url: base.url(&guide.id.page_path()),
        anchor: checklist_anchor(&guide.id),
        groups: guide.model.checklist.clone(),
    }
}

/// A list page's title: `title` on the first page, `title (page 2 of 5)` on the others.
fn paged_title(title: &str, pager: &Pager) -> String {
    if pager.number > 1 {
        format!("{title} (page {} of {})", pager.number, pager.of)
    } else {
        title.to_owned()
    }
}

#[cfg(test)]
mod tests;
