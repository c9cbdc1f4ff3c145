//! Stage 5: the assembled site → every output file, in memory. Pure given the site, the config
//! and the theme; pages render in parallel.
//!
//! Besides the pages of the templates, the site gets what static hosting and readers need:
//! `sitemap.xml`, `robots.txt`, the `atom.xml` feed, the search index, printable checklists,
//! redirect pages for `aliases:`, and content-hashed stylesheets and scripts.

pub(crate) mod anki;
pub(crate) mod assets;
pub(crate) mod cache;
pub(crate) mod feeds;
mod files;
mod offline;
pub(crate) mod paging;
pub(crate) mod parts;
pub(crate) mod practice;
pub(crate) mod redirects;
pub(crate) mod search;
pub(crate) mod structured;
pub(crate) mod theme;
pub(crate) mod views;

use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context as _, Result, anyhow};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::guide::Guide;
use crate::guide::memo::GuideMemo;
use crate::highlight;
use crate::site::Site;
use crate::urls::{
    BasePath, FEED, MY_PREP_DIR, NOT_FOUND, PRACTICE_DIR, ROBOTS, SEARCH_INDEX, SERVICE_WORKER,
    SITEMAP, TAGS_DIR, file_for_path, practice_list_path,
};
pub(crate) use assets::Assets;
use cache::PageInput;
pub use files::SiteFiles;
pub(crate) use files::{Sink, check_new};
pub(crate) use theme::Theme;
use views::{Shared, Views};

/// Compiled templates and the static files of the theme, ready to render any site.
pub(crate) struct Renderer {
    tera: Tera,
    /// The theme's static files and the generated highlight stylesheet, under hashed names.
    assets: Assets,
    /// What serve keeps from the previous render (none for one-off builds).
    cache: Option<Kept>,
    /// Whether a template reads `guide.body_html`: derived from the theme's own text, so a
    /// theme that prints the whole body gets it and the default theme does not pay for it.
    whole_body: bool,
}

/// Kept between builds in serve: the pages, and the values made from one guide that many
/// builds would otherwise make again for every unchanged guide.
#[derive(Default)]
struct Kept {
    /// Every page, by site path.
    pages: cache::Memo<Arc<str>>,
    /// Each guide's link, as pages share it.
    links: GuideMemo<cache::SharedValue>,
    /// Each guide's part of the search index.
    search: GuideMemo<Arc<search::pieces::Piece>>,
    /// The search index's parts of each file of guides: its files of metadata and sentences,
    /// its postings, its counts of body words (see [`search::Kept`]).
    search_files: cache::Memo<Arc<str>>,
    search_postings: cache::Memo<Arc<search::terms::Lists>>,
    search_uses: cache::Memo<Arc<search::Uses>>,
    /// The files made together from one input: the sitemap's, the feed.
    files: cache::Memo<GeneratedFiles>,
    /// The practice data's pieces, asked for only when a guide changed: the practice data
    /// ends their builds itself.
    chunks: cache::Memo<practice::ChunkFiles>,
}

impl Kept {
    /// Ends a render: pages and files it did not make are forgotten.
    fn end_build(&self) {
        self.pages.end_build();
        self.files.end_build();
        self.search_files.end_build();
        self.search_postings.end_build();
        self.search_uses.end_build();
    }
}

/// Files made together (site path → bytes), shared between builds while their input holds.
type GeneratedFiles = Arc<[(String, Arc<[u8]>)]>;

/// A rendered page: its template, site path and HTML.
type Page = (String, String, Result<Arc<str>>);

/// The practice deck with the URL of its data's index, as pages show them.
fn shown(deck: &Option<(practice::Deck, String)>) -> Option<(&practice::Deck, &str)> {
    deck.as_ref().map(|(deck, url)| (deck, url.as_str()))
}

impl Renderer {
    /// Loads the configured theme (default + site overrides) and compiles its templates.
    pub(crate) fn load(config: &Config) -> Result<Renderer> {
        let theme = Theme::load(&config.theme_dir(), &config.theme)?;
        Self::new(&theme, config)
    }

    pub(crate) fn new(theme: &Theme, config: &Config) -> Result<Renderer> {
        let mut tera = Tera::new();
        // A template not overridden by the site is found under `default/`; an override can
        // also `{% extends "default/<name>" %}` the file it replaces.
        tera.set_fallback_prefixes(["default/"])
            .map_err(|err| anyhow!("{err}"))?;
        let defaults = theme
            .default_templates
            .iter()
            .map(|(name, text)| (format!("default/{name}"), text.as_ref()));
        let overrides = theme
            .templates
            .iter()
            .filter(|(name, text)| theme.default_templates.get(*name) != Some(*text))
            .map(|(name, text)| (name.clone(), text.as_ref()));
        let all: Vec<(String, &str)> = defaults.chain(overrides).collect();
        let whole_body = all.iter().any(|(_, text)| text.contains("body_html"));
        tera.add_raw_templates(all)
            .map_err(|err| anyhow!("{}", tera_error(&err)))
            .context("a theme template does not compile")?;
        let mut assets = Assets::default();
        for (path, bytes) in &theme.statics {
            assets.add(path, bytes.to_vec())?;
        }
        assets.add(
            "highlight.css",
            highlight::stylesheet(
                config.code_themes(),
                theme
                    .statics
                    .get("style.css")
                    .and_then(|css| highlight::code_backgrounds(&String::from_utf8_lossy(css))),
            )
            .into_bytes(),
        )?;
        Ok(Renderer {
            tera,
            assets,
            cache: None,
            whole_body,
        })
    }

    /// Keeps rendered pages between builds and reuses each page while what its template is
    /// given is unchanged (see [`cache`]): rebuilds after an edit then run only the templates
    /// whose input changed.
    pub(crate) fn reuse_pages(&mut self) {
        self.cache = Some(Kept::default());
    }

    pub(crate) fn reuses_pages(&self) -> bool {
        self.cache.is_some()
    }

    /// Renders every page of `site`, the files for crawlers and feed readers, the search index
    /// and the assets, in memory.
    pub(crate) fn render_site(&self, site: &Site, config: &Config) -> Result<SiteFiles> {
        let files = Mutex::new(SiteFiles::default());
        self.render_into(site, config, &files)?;
        Ok(files.into_inner().unwrap_or_else(PoisonError::into_inner))
    }

    /// Renders the site into `sink`, each guide page as soon as it is made, so that a sink that
    /// writes to disk holds no more than the pages being rendered.
    pub(crate) fn render_into(&self, site: &Site, config: &Config, sink: &dyn Sink) -> Result<()> {
        // The search files read nothing the pages do, so they are made alongside other work,
        // and each set of files goes into `sink` as soon as it is made. A build that streams to
        // disk makes them alongside the practice deck and data, before the pages: beside the
        // pages' shared views (every guide's link), the index's postings would raise the
        // build's peak of memory (at 100,000 realistic guides, 260 MB of links and 520 MB of
        // postings and sentences). A renderer that keeps its pages (serve) holds the whole site
        // anyway, and makes the index alongside the pages, which a save waits for.
        let keeps_pages = self.cache.is_some();
        let (search, deck) = rayon::join(
            || self.put_search_files(site, &config.base, sink),
            || -> Result<_> {
                let deck = self.put_practice_data(site, config, sink)?;
                if keeps_pages {
                    self.put_pages(site, config, shown(&deck), sink)?;
                }
                Ok(deck)
            },
        );
        search?;
        let deck = deck?;
        // The assets, sitemaps and feed read no page: a streaming build makes them while its
        // pages are made, rather than on one thread after them. Redirects come last, as an
        // alias that names a page is left to the page.
        let site_files = || self.put_site_files(site, config, deck.as_ref().map(|(d, _)| d), sink);
        if keeps_pages {
            site_files()?;
        } else {
            let (pages, rest) = rayon::join(
                || self.put_pages(site, config, shown(&deck), sink),
                site_files,
            );
            pages?;
            rest?;
        }
        self.redirects(site, config, sink)?;
        if let Some(kept) = &self.cache {
            kept.end_build();
        }
        Ok(())
    }

    /// The theme's assets, the offline worker, the sitemaps and the feed.
    fn put_site_files(
        &self,
        site: &Site,
        config: &Config,
        deck: Option<&practice::Deck>,
        sink: &dyn Sink,
    ) -> Result<()> {
        for (path, bytes) in self.assets.written(has_diagrams(site)) {
            sink.put(path.clone(), Arc::from(bytes.as_slice()))?;
        }
        if config.offline {
            let worker = offline::service_worker(self.asset_paths(site));
            sink.put(SERVICE_WORKER.to_owned(), Arc::from(worker))?;
        }
        self.feeds(site, config, deck, sink)
    }

    /// The search index's files, put in `sink`.
    fn put_search_files(&self, site: &Site, base: &BasePath, sink: &dyn Sink) -> Result<()> {
        for (path, bytes) in self.search_files(site, base).iter() {
            sink.put(path.clone(), Arc::clone(bytes))?;
        }
        Ok(())
    }

    /// The practice deck (when the site has practice), with the URL of its data's index, and
    /// its data files put in `sink`.
    fn put_practice_data(
        &self,
        site: &Site,
        config: &Config,
        sink: &dyn Sink,
    ) -> Result<Option<(practice::Deck, String)>> {
        if !config.practice {
            return Ok(None);
        }
        let deck = practice::Deck::new(site);
        // Made anew on every render, from pieces of guides' cards and checklists that serve
        // keeps by what each is made from.
        let chunks = self.cache.as_ref().map(|kept| &kept.chunks);
        let data = practice::data_files(site, &config.base, &deck, chunks);
        for (path, bytes) in &data.files {
            // Files are named by their content: two sections with the same data share one.
            if !sink.has(path) {
                sink.put(path.clone(), Arc::clone(bytes))?;
            }
        }
        Ok(Some((deck, data.index_url)))
    }

    /// Every page: the site's own, then the guides', each put in `sink` as soon as it is made.
    fn put_pages(
        &self,
        site: &Site,
        config: &Config,
        practice: Option<(&practice::Deck, &str)>,
        sink: &dyn Sink,
    ) -> Result<()> {
        if let Some(kept) = &self.cache {
            kept.links.retain(|id| site.guides.contains_key(id));
        }
        let views = self.views(site, config, practice.map(|(deck, _)| deck));
        // The site's own pages first: they win a URL a section or guide also claims (the
        // url-collision check reports those).
        self.site_pages(site, &views, practice, sink)?;
        self.guide_pages(site, &views, sink)
    }

    /// The page made from `guide` (its own page), as file path and bytes, with the rest of
    /// `site` as the last build left it: what serve shows first after an edit, before the rest
    /// of the site is rebuilt. In serve it goes in the page cache like any page, so the rebuild
    /// that follows reuses it when it finds its input the same.
    pub(crate) fn pages_of(
        &self,
        site: &Site,
        config: &Config,
        guide: &Arc<Guide>,
    ) -> Result<Vec<(String, Arc<[u8]>)>> {
        let deck = config.practice.then(|| practice::Deck::of_guide(guide));
        let views = self.views(site, config, deck.as_ref());
        let inputs = views.guide_inputs(guide);
        let path = guide.id.page_path();
        let (template, _, html) =
            self.page_from(&views, ("guide.html", &path), &inputs, |i| views.guide(i));
        let html = html.with_context(|| format!("rendering /{path} with {template}"))?;
        Ok(vec![(file_for_path(&path), Arc::<[u8]>::from(html))])
    }

    /// The view builder of a render of `site`: with the deck, the values kept from earlier
    /// builds (serve) and what the theme's templates read.
    fn views<'a>(
        &'a self,
        site: &'a Site,
        config: &'a Config,
        deck: Option<&'a practice::Deck>,
    ) -> Views<'a> {
        let base = &config.base;
        Views::new(site, config, self.assets.urls(base), base.url(SEARCH_INDEX))
            .with_deck(deck)
            .with_links(self.cache.as_ref().map(|kept| &kept.links))
            .with_whole_body(self.whole_body)
    }

    /// The output paths of the theme's assets written for `site`: named by their content, so
    /// that no edit of a guide can change the bytes under one of these names.
    pub(crate) fn asset_paths(&self, site: &Site) -> impl Iterator<Item = &String> {
        self.assets
            .written(has_diagrams(site))
            .map(|(path, _)| path)
    }

    /// The home, 404, tags, printable-checklists, tag, practice and section pages, each put in
    /// `sink` as soon as it is made (their lists are cut into pages, but a large site has
    /// thousands of them).
    fn site_pages(
        &self,
        site: &Site,
        views: &Views<'_>,
        practice: Option<(&practice::Deck, &str)>,
        sink: &dyn Sink,
    ) -> Result<()> {
        let put = |(template, path, html): (String, String, Result<Arc<str>>)| {
            put_page(sink, &template, &path, html)
        };
        // Each kind of page made in parallel, the kinds in this order: a page of one kind
        // never takes the URL of another of its kind.
        views
            .index_pages()
            .par_iter()
            .try_for_each(|(path, view)| put(self.page(views, "index.html", path, view)))?;
        put(self.page(views, "404.html", NOT_FOUND, &views.not_found()))?;
        put(self.page(views, "tags.html", TAGS_DIR, &views.tags()))?;
        views
            .checklists_inputs()
            .par_iter()
            .try_for_each(|(path, inputs)| {
                put(
                    self.page_from(views, ("checklists.html", path), inputs, |i| {
                        views.checklists(i)
                    }),
                )
            })?;
        site.tags
            .par_iter()
            .flat_map_iter(|(_, tag)| views.tag_pages(tag))
            .try_for_each(|(path, view)| put(self.page(views, "tag.html", &path, &view)))?;
        if let Some((deck, index_url)) = practice {
            self.practice_pages(views, deck, index_url, &put)?;
        }
        let sections: Vec<_> = site.sections.values().filter(|s| !s.id.is_root()).collect();
        sections
            .par_iter()
            .flat_map_iter(|section| views.section_pages(section))
            .try_for_each(|(path, view)| put(self.page(views, "section.html", &path, &view)))
    }

    /// Every guide's page, each put in `sink` as soon as it is made. Of guides claiming one
    /// URL (a url-collision, reported by the check), the first in the site's order has it, as
    /// does a page of the site's own.
    fn guide_pages(&self, site: &Site, views: &Views<'_>, sink: &dyn Sink) -> Result<()> {
        let mut claimed = std::collections::HashSet::new();
        let winners: Vec<(&Arc<Guide>, String)> = site
            .guides
            .iter()
            .filter_map(|(id, guide)| {
                let path = id.page_path();
                let file = file_for_path(&path);
                (!sink.has(&file) && claimed.insert(file)).then_some((guide, path))
            })
            .collect();
        winners.par_iter().try_for_each(|(guide, path)| {
            let inputs = views.guide_inputs(guide);
            let (template, _, html) =
                self.page_from(views, ("guide.html", path), &inputs, |i| views.guide(i));
            put_page(sink, &template, path, html)
        })
    }

    /// `practice/`, its list pages and `my-prep/`, each given to `put` as soon as it is made.
    fn practice_pages(
        &self,
        views: &Views<'_>,
        deck: &practice::Deck,
        index_url: &str,
        put: &(dyn Fn(Page) -> Result<()> + Sync),
    ) -> Result<()> {
        put(self.page(
            views,
            "practice.html",
            PRACTICE_DIR,
            &views.practice(deck, index_url),
        ))?;
        put(self.page(
            views,
            "my-prep.html",
            MY_PREP_DIR,
            &views.my_prep(index_url),
        ))?;
        deck.lists.par_iter().try_for_each(|list| {
            let path = practice_list_path(list.number);
            put(self.page(
                views,
                "practice.html",
                &path,
                &views.practice_list(list, deck),
            ))
        })
    }

    /// `sitemap.xml` (with the practice pages of `deck`, when practice is on; an index of
    /// parts when the site has more URLs than one file holds), `robots.txt` and `atom.xml`,
    /// each reused in serve while the entries it is made from are unchanged.
    fn feeds(
        &self,
        site: &Site,
        config: &Config,
        deck: Option<&practice::Deck>,
        files: &dyn Sink,
    ) -> Result<()> {
        let base = &config.base;
        let mut entries = feeds::sitemap_entries(site, base);
        if let Some(deck) = deck {
            entries.extend(feeds::practice_entries(site, base, deck));
        }
        let max_urls = config.sitemap_max_urls;
        let input = (&entries, max_urls, base.absolute(SITEMAP));
        let sitemaps = self.memoized_files("sitemap", &input, || {
            feeds::sitemaps(&entries, base, max_urls)
        });
        for (path, xml) in sitemaps.iter() {
            files.put(path.clone(), Arc::clone(xml))?;
        }
        let robots = feeds::robots(&base.absolute(SITEMAP));
        files.put(ROBOTS.to_owned(), Arc::from(robots.into_bytes()))?;
        let head = feeds::FeedHead {
            title: config.title.clone(),
            subtitle: config.description.clone(),
            language: config.language.clone(),
            self_url: base.absolute(FEED),
            home_url: base.absolute(""),
        };
        let entries = feeds::feed_entries(site, base);
        let feed = self.memoized_files(FEED, &(&head, &entries), || {
            vec![(FEED.to_owned(), feeds::atom(&head, &entries))]
        });
        for (path, xml) in feed.iter() {
            files.put(path.clone(), Arc::clone(xml))?;
        }
        Ok(())
    }

    /// The search files, put together anew on every render from each guide's piece of the
    /// index and each file of guides' parts, which serve keeps (see [`search::Kept`]).
    fn search_files(&self, site: &Site, base: &BasePath) -> GeneratedFiles {
        let kept = self.cache.as_ref().map(|kept| search::Kept {
            pieces: &kept.search,
            files: &kept.search_files,
            postings: &kept.search_postings,
            uses: &kept.search_uses,
        });
        if let Some(kept) = kept {
            kept.pieces.retain(|id| site.guides.contains_key(id));
        }
        search::files(site, base, kept)
            .into_iter()
            .map(|(path, bytes)| (path, Arc::from(bytes)))
            .collect()
    }

    /// Generated files made together by `make` from `input` alone (the parts of a sitemap,
    /// the feed): in serve, reused while `input` is unchanged, with the same shared bytes.
    fn memoized_files(
        &self,
        name: &'static str,
        input: &impl Serialize,
        make: impl FnOnce() -> Vec<(String, String)>,
    ) -> GeneratedFiles {
        let make = || -> GeneratedFiles {
            make()
                .into_iter()
                .map(|(path, text)| (path, Arc::from(text.into_bytes())))
                .collect()
        };
        match &self.cache {
            Some(kept) => kept.files.get(name, cache::hash_of(name, input), make),
            None => make(),
        }
    }

    /// The redirect pages of `aliases:`. Written last: an alias that would replace any other
    /// file (a page, an asset, another alias) is reported by the url-collision check and left
    /// out here, so the page keeps its place.
    fn redirects(&self, site: &Site, config: &Config, files: &dyn Sink) -> Result<()> {
        for redirect in redirects::plan(site, &config.base, &config.language) {
            if files.has(&redirect.file) {
                continue;
            }
            let html = Context::from_serialize(&redirect.view)
                .and_then(|context| self.tera.render("redirect.html", &context))
                .map_err(|err| anyhow!("{}", tera_error(&err)))
                .with_context(|| format!("rendering the redirect page {}", redirect.file))?;
            // Refused only where a file stands in the alias's way (a folder conflict), which
            // the url-collision check reports with the guide's line.
            let _ = files.put(redirect.file.clone(), Arc::from(html.into_bytes()));
        }
        Ok(())
    }

    /// Renders one page, or, in serve, reuses its bytes from the last build when what its
    /// template is given (see [`PageInput`]) is the same.
    fn page<V: Serialize + Shared>(
        &self,
        views: &Views<'_>,
        template: &str,
        path: &str,
        view: &V,
    ) -> Page {
        let input = PageInput {
            template,
            site: &views.site_value,
            view,
            shared: view.shared(),
        };
        let html = match &self.cache {
            Some(kept) => kept
                .pages
                .get_or_make(path, input.key(), || self.render(input)),
            None => self.render(input),
        };
        (template.to_owned(), path.to_owned(), html)
    }

    /// The page at `(template, path)` that `view` makes from `inputs` alone (and the values
    /// every page has). In serve its key is `inputs` serialised, with the template and `site`
    /// (see [`cache::inputs_key`]), and the view is built only when that key is new; one-off
    /// builds, which keep no pages, make no key.
    fn page_from<I: Serialize, V: Serialize + Shared>(
        &self,
        views: &Views<'_>,
        (template, path): (&str, &str),
        inputs: &I,
        view: impl FnOnce(&I) -> V,
    ) -> Page {
        let render = || {
            let view = view(inputs);
            self.render(PageInput {
                template,
                site: &views.site_value,
                view: &view,
                shared: view.shared(),
            })
        };
        let html = match &self.cache {
            Some(kept) => {
                let key = cache::inputs_key(template, &views.site_value, inputs);
                kept.pages.get_or_make(path, key, render)
            }
            None => render(),
        };
        (template.to_owned(), path.to_owned(), html)
    }

    fn render<V: Serialize>(&self, input: PageInput<'_, V>) -> Result<Arc<str>> {
        let template = input.template;
        input
            .context()
            .and_then(|context| self.tera.render(template, &context))
            .map(Arc::from)
            .map_err(|err| anyhow!("{}", tera_error(&err)))
    }
}

/// Puts a rendered page in `sink` at the file of its site path. A section whose URL is taken
/// already (by a page of the site's own) has been reported by the url-collision check: it is
/// left out.
fn put_page(sink: &dyn Sink, template: &str, path: &str, html: Result<Arc<str>>) -> Result<()> {
    let html = html.with_context(|| format!("rendering /{path} with {template}"))?;
    let file = file_for_path(path);
    if template == "section.html" && sink.has(&file) {
        return Ok(());
    }
    sink.put(file, Arc::from(html))
}

/// Whether a guide of `site` has a diagram: the diagram library is written only then.
fn has_diagrams(site: &Site) -> bool {
    site.guides.values().any(|guide| guide.body.diagrams > 0)
}

/// Tera's message with its causes, which its `Display` leaves out.
fn tera_error(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::guide::testing::{config, guide_at};

    /// Guides `a` to `e` of one section, with `c`'s title and body given, and `z` alone in
    /// another section with other tags.
    fn guides(c_title: &str, c_body: &str) -> Vec<Arc<Guide>> {
        let mut guides: Vec<Arc<Guide>> = ["a", "b", "d", "e"]
            .map(|name| {
                let front = format!("title: Guide {name}\ntags: [loops]");
                Arc::new(guide_at(&format!("s/{name}.md"), &front, "Text.\n"))
            })
            .into();
        let front = format!("title: {c_title}\ntags: [loops]");
        guides.push(Arc::new(guide_at("s/c.md", &front, c_body)));
        let other = "title: Alone\ntags: [other]";
        guides.push(Arc::new(guide_at("t/z.md", other, "Text.\n")));
        guides
    }

    /// The pages of sections and guides (outside the site's own folders) whose bytes `after`
    /// made anew rather than taking them from `before`.
    fn made_again(before: &SiteFiles, after: &SiteFiles) -> Vec<String> {
        let own = crate::urls::generated_dirs(true);
        after
            .0
            .iter()
            .filter(|(path, _)| {
                path.ends_with("/index.html") && !own.iter().any(|dir| path.starts_with(dir))
            })
            .filter(|(path, bytes)| {
                before
                    .0
                    .get(*path)
                    .is_none_or(|old| !Arc::ptr_eq(old, bytes))
            })
            .map(|(path, _)| path.clone())
            .collect()
    }

    /// In serve, a page is rendered again exactly when what it is made from changed: an edit
    /// of a guide's body makes its own page again, an edit of its title the pages that show
    /// it, and a guide's page removed and brought back is made again, not kept.
    #[test]
    fn serve_renders_again_only_the_pages_an_edit_reaches() {
        let config = config();
        let mut renderer = Renderer::load(&config).expect("the default theme");
        renderer.reuse_pages();
        let render = |guides: &[Arc<Guide>]| {
            let site = Site::assemble(guides, false);
            renderer.render_site(&site, &config).expect("renders")
        };
        let first = render(&guides("Guide c", "Text.\n"));
        let again = render(&guides("Guide c", "Text.\n"));
        assert_eq!(made_again(&first, &again), Vec::<String>::new());

        let body = render(&guides("Guide c", "Other text.\n"));
        assert_eq!(made_again(&again, &body), ["s/c/index.html"]);

        let title = render(&guides("Renamed", "Other text.\n"));
        let pages = made_again(&body, &title);
        for page in ["s/b/index.html", "s/c/index.html", "s/d/index.html"] {
            assert!(
                pages.contains(&page.to_owned()),
                "{page} shows c: {pages:?}"
            );
        }
        assert!(!pages.contains(&"t/z/index.html".to_owned()), "{pages:?}");

        let without = guides("Renamed", "Other text.\n");
        let without: Vec<Arc<Guide>> = without
            .into_iter()
            .filter(|g| g.id.as_str() != "t/z.md")
            .collect();
        render(&without);
        let back = render(&guides("Renamed", "Other text.\n"));
        assert!(
            !Arc::ptr_eq(&title.0["t/z/index.html"], &back.0["t/z/index.html"]),
            "a page no build asked for is forgotten"
        );
        assert_eq!(title.get("t/z/index.html"), back.get("t/z/index.html"));
    }
}
