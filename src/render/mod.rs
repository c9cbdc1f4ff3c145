//! Stage 5: the assembled site → every output file, in memory. Pure given the site, the config
//! and the theme; pages render in parallel.
//!
//! Besides the pages of the templates, the site gets what static hosting and readers need:
//! `sitemap.xml`, `robots.txt`, the `atom.xml` feed, a search index, printable checklists,
//! redirect pages for `aliases:`, and content-hashed stylesheets and scripts.

pub(crate) mod assets;
pub(crate) mod cache;
pub(crate) mod feeds;
pub(crate) mod parts;
pub(crate) mod practice;
pub(crate) mod redirects;
pub(crate) mod search;
pub(crate) mod structured;
pub(crate) mod theme;
pub(crate) mod views;

use std::sync::Arc;

use anyhow::{Context as _, Result, anyhow};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::guide::highlight;
use crate::output::SiteFiles;
use crate::site::Site;
use crate::urls::{MY_PREP_DIR, PRACTICE_DIR, PRINT_DIR, file_for_path, practice_path};
pub(crate) use assets::Assets;
use cache::Deps;
pub(crate) use theme::Theme;
use views::{Shared, Views};

/// Compiled templates and the static files of the theme, ready to render any site.
pub(crate) struct Renderer {
    tera: Tera,
    /// The theme's static files and the generated highlight stylesheet, under hashed names.
    assets: Assets,
    /// Pages of the previous render, reused when their view is unchanged (serve only).
    cache: Option<cache::PageCache>,
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
        tera.add_raw_templates(all)
            .map_err(|err| anyhow!("{}", tera_error(&err)))
            .context("a theme template does not compile")?;
        let mut assets = Assets::default();
        for (path, bytes) in &theme.statics {
            assets.add(path, bytes.to_vec())?;
        }
        assets.add(
            "highlight.css",
            highlight::stylesheet(&config.highlight_theme, &config.highlight_theme_dark)
                .into_bytes(),
        )?;
        Ok(Renderer {
            tera,
            assets,
            cache: None,
        })
    }

    /// Keeps rendered pages (and data derived per guide) between builds and reuses each page
    /// while its key is unchanged (see [`cache::Deps`]): rebuilds after an edit then run only
    /// the templates whose input changed.
    pub(crate) fn reuse_pages(&mut self) {
        self.cache = Some(cache::PageCache::default());
    }

    pub(crate) fn reuses_pages(&self) -> bool {
        self.cache.is_some()
    }

    /// Renders every page of `site`, the files for crawlers and feed readers, the search index
    /// and the assets.
    pub(crate) fn render_site(&self, site: &Site, config: &Config) -> Result<SiteFiles> {
        let base = &config.base;
        let index = search::index_json(site, base).into_bytes();
        let deck = config.practice.then(|| practice::Deck::new(site, config));
        let data = deck
            .as_ref()
            .map(|deck| practice::data_files(site, base, deck));
        let views = Views::new(
            site,
            config,
            self.assets.urls(base),
            base.url(search::INDEX),
        )
        .with_deck(deck.as_ref());
        let mut files = SiteFiles::default();
        let deps = Deps::new(self.cache.is_some(), site);
        let practice = deck
            .as_ref()
            .zip(data.as_ref().map(|d| d.index_url.as_str()));
        for (template, path, html) in self.pages(site, &views, &deps, practice) {
            let html = html.with_context(|| format!("rendering /{path} with {template}"))?;
            let file = file_for_path(&path);
            // Pages go in priority order (generated pages, sections, then guides): a section or
            // guide whose URL is already taken has been reported by the url-collision check;
            // skip it here.
            let content = matches!(template.as_str(), "guide.html" | "section.html");
            if content && files.get(&file).is_some() {
                continue;
            }
            files.insert_shared(file, Arc::from(html))?;
        }
        files.insert(search::INDEX.to_owned(), index)?;
        for (path, bytes) in data.map(|d| d.files).unwrap_or_default() {
            // Files are named by their content: two sections with the same data share one.
            if files.get(&path).is_none() {
                files.insert(path, bytes)?;
            }
        }
        for (path, bytes) in &self.assets.files {
            files.insert(path.clone(), bytes.clone())?;
        }
        self.feeds(site, config, &deps, &mut files)?;
        self.redirects(site, config, &mut files)?;
        Ok(files)
    }

    /// Every templated page: (template, site path, rendered HTML). `practice` holds the flash
    /// cards and the URL of their data index, when practice is on.
    fn pages(
        &self,
        site: &Site,
        views: &Views<'_>,
        deps: &Deps,
        practice: Option<(&practice::Deck, &str)>,
    ) -> Vec<(String, String, Result<Arc<str>>)> {
        let mut pages: Vec<(String, String, Result<Arc<str>>)> = vec![
            self.page(views, "index.html", "", deps.site("index.html"), || {
                views.index()
            }),
            self.page(views, "404.html", "404.html", deps.site("404.html"), || {
                views.not_found()
            }),
            self.page(views, "tags.html", "tags/", deps.site("tags.html"), || {
                views.tags()
            }),
            // Shows every guide's checklist, so it depends on every guide's text: keyed by
            // its view.
            self.page(views, "checklists.html", PRINT_DIR, None, || {
                views.checklists()
            }),
        ];
        for tag in site.tags.values() {
            let path = format!("tags/{}/", tag.slug);
            pages.push(self.page(views, "tag.html", &path, deps.site(&path), || {
                views.tag(tag)
            }));
        }
        if let Some((deck, index_url)) = practice {
            pages.extend(self.practice_pages(site, views, deps, deck, index_url));
        }
        for section in site.sections.values().filter(|s| !s.id.is_root()) {
            let path = section.id.page_path();
            pages.push(
                self.page(views, "section.html", &path, deps.site(&path), || {
                    views.section(section)
                }),
            );
        }
        let prints: Vec<_> = site
            .guides
            .par_iter()
            .filter_map(|(id, guide)| {
                if guide.model.checklist.is_empty() {
                    return None;
                }
                let path = format!("{PRINT_DIR}{}", id.page_path());
                let key = deps.guide(&path, guide);
                Some(self.page(views, "checklists.html", &path, key, || {
                    views.checklist(views.checklist_of(guide))
                }))
            })
            .collect();
        pages.extend(prints);
        let guides: Vec<_> = site
            .guides
            .par_iter()
            .map(|(id, guide)| {
                let path = id.page_path();
                let key = deps.guide(&path, guide);
                self.page(views, "guide.html", &path, key, || views.guide(guide))
            })
            .collect();
        pages.extend(guides);
        pages
    }

    /// `practice/`, `practice/<guide>/` for each guide with cards, and `my-prep/`.
    fn practice_pages(
        &self,
        site: &Site,
        views: &Views<'_>,
        deps: &Deps,
        deck: &practice::Deck,
        index_url: &str,
    ) -> Vec<(String, String, Result<Arc<str>>)> {
        // Both show data of every guide's text (questions, the index's hashed name): keyed by
        // their views.
        let mut pages = vec![
            self.page(views, "practice.html", PRACTICE_DIR, None, || {
                views.practice(deck, index_url)
            }),
            self.page(views, "my-prep.html", MY_PREP_DIR, None, || {
                views.my_prep(index_url)
            }),
        ];
        let guides: Vec<_> = deck
            .cards
            .par_iter()
            .filter_map(|(id, _)| site.guides.get(id))
            .map(|guide| {
                let path = practice_path(&guide.id);
                let key = deps.guide(&path, guide);
                self.page(views, "practice.html", &path, key, || {
                    views.practice_of(guide, deck)
                })
            })
            .collect();
        pages.extend(guides);
        pages
    }

    /// `sitemap.xml`, `robots.txt` and `atom.xml`.
    /// They show only site-wide data (titles, dates, URLs), so serve reuses them while the
    /// site's epoch is unchanged.
    fn feeds(
        &self,
        site: &Site,
        config: &Config,
        deps: &Deps,
        files: &mut SiteFiles,
    ) -> Result<()> {
        let base = &config.base;
        let sitemap = self.memoized(feeds::SITEMAP, deps, || {
            feeds::sitemap(&feeds::sitemap_entries(site, base))
        });
        files.insert(feeds::SITEMAP.to_owned(), sitemap.as_bytes())?;
        let robots = feeds::robots(&base.absolute(feeds::SITEMAP));
        files.insert(feeds::ROBOTS.to_owned(), robots)?;
        let head = feeds::FeedHead {
            title: config.title.clone(),
            subtitle: config.description.clone(),
            language: config.language.clone(),
            self_url: base.absolute(feeds::FEED),
            home_url: base.absolute(""),
        };
        let feed = self.memoized(feeds::FEED, deps, || {
            feeds::atom(&head, &feeds::feed_entries(site, base))
        });
        files.insert(feeds::FEED.to_owned(), feed.as_bytes())?;
        Ok(())
    }

    /// A generated file that shows only site-wide data: reused from the cache while the
    /// site's epoch is the same.
    fn memoized(&self, path: &str, deps: &Deps, make: impl FnOnce() -> String) -> Arc<str> {
        match (&self.cache, deps.site(path)) {
            (Some(cache), Some(key)) => cache.get(path, &key).unwrap_or_else(|| {
                let text: Arc<str> = Arc::from(make());
                cache.put(path, key, Arc::clone(&text));
                text
            }),
            _ => Arc::from(make()),
        }
    }

    /// The redirect pages of `aliases:`. Written last: an alias that would replace any other
    /// file (a page, an asset, another alias) is reported by the url-collision check and left
    /// out here, so the page keeps its place.
    fn redirects(&self, site: &Site, config: &Config, files: &mut SiteFiles) -> Result<()> {
        for redirect in redirects::plan(site, &config.base, &config.language) {
            if files.get(&redirect.file).is_some() {
                continue;
            }
            let html = Context::from_serialize(&redirect.view)
                .and_then(|context| self.tera.render("redirect.html", &context))
                .map_err(|err| anyhow!("{}", tera_error(&err)))
                .with_context(|| format!("rendering the redirect page {}", redirect.file))?;
            // Refused only where a file stands in the alias's way (a folder conflict), which
            // the url-collision check reports with the guide's line.
            let _ = files.insert(redirect.file.clone(), html);
        }
        Ok(())
    }

    /// Renders one page, or reuses its previous bytes. `deps` is a cheap key of everything
    /// the page shows (see [`cache::Deps`]); when there is none, the key is the hash of the
    /// view itself. Without a cache (one-off builds) the page is simply rendered.
    fn page<V: Serialize + Shared>(
        &self,
        views: &Views<'_>,
        template: &str,
        path: &str,
        deps: Option<blake3::Hash>,
        view: impl FnOnce() -> V,
    ) -> (String, String, Result<Arc<str>>) {
        let html = match (&self.cache, deps) {
            (None, _) => self.render(views, template, &view()),
            (Some(cache), Some(key)) => self.cached(views, cache, template, path, key, view),
            (Some(cache), None) => {
                let view = view();
                // The page also shows `site`, which its view struct leaves out.
                let key = cache::PageCache::key(&format!("{template}\0{}", views.site_key), &view);
                self.cached(views, cache, template, path, key, || view)
            }
        };
        (template.to_owned(), path.to_owned(), html)
    }

    fn cached<V: Serialize + Shared>(
        &self,
        views: &Views<'_>,
        cache: &cache::PageCache,
        template: &str,
        path: &str,
        key: blake3::Hash,
        view: impl FnOnce() -> V,
    ) -> Result<Arc<str>> {
        if let Some(html) = cache.get(path, &key) {
            return Ok(html);
        }
        let html = self.render(views, template, &view())?;
        cache.put(path, key, Arc::clone(&html));
        Ok(html)
    }

    /// Renders a template with its view and the site-wide `site` value.
    fn render(
        &self,
        views: &Views<'_>,
        template: &str,
        view: &(impl Serialize + Shared),
    ) -> Result<Arc<str>> {
        Context::from_serialize(view)
            .and_then(|mut context| {
                // Cheap clones: Tera's maps are shared, so `site` and each guide's link are
                // converted once per build.
                context.insert_value("site", views.site_value.clone());
                for (name, value) in view.shared() {
                    context.insert_value(name, value);
                }
                self.tera.render(template, &context)
            })
            .map(Arc::from)
            .map_err(|err| anyhow!("{}", tera_error(&err)))
    }
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
