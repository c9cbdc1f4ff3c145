//! Stage 5: the assembled site → every output file, in memory. Pure given the site, the config
//! and the theme; pages render in parallel.

pub mod cache;
pub mod theme;
pub mod views;

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::{Context as _, Result, anyhow};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::guide::highlight;
use crate::output::SiteFiles;
use crate::site::Site;
use crate::urls::file_for_path;
pub use theme::Theme;
use views::Views;

/// Compiled templates and the static files of the theme, ready to render any site.
pub struct Renderer {
    tera: Tera,
    /// Output path → bytes of the theme's static files and the generated highlight stylesheet.
    assets: BTreeMap<String, Vec<u8>>,
    /// Pages of the previous render, reused when their view is unchanged (serve only).
    cache: Option<cache::PageCache>,
}

const ASSETS: &str = "assets/";

impl Renderer {
    /// Loads the configured theme (default + site overrides) and compiles its templates.
    pub fn load(config: &Config) -> Result<Renderer> {
        let theme = Theme::load(&config.theme_dir(), &config.theme)?;
        Self::new(&theme, config)
    }

    pub fn new(theme: &Theme, config: &Config) -> Result<Renderer> {
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
        let mut assets: BTreeMap<String, Vec<u8>> = theme
            .statics
            .iter()
            .map(|(path, bytes)| (format!("{ASSETS}{path}"), bytes.to_vec()))
            .collect();
        assets.insert(
            format!("{ASSETS}highlight.css"),
            highlight::stylesheet(&config.highlight_theme, &config.highlight_theme_dark)
                .into_bytes(),
        );
        Ok(Renderer {
            tera,
            assets,
            cache: None,
        })
    }

    /// Keeps rendered pages and reuses them while their view is unchanged: rebuilds after an
    /// edit then run only the templates whose input changed.
    pub fn reuse_pages(&mut self) {
        self.cache = Some(cache::PageCache::default());
    }

    pub fn reuses_pages(&self) -> bool {
        self.cache.is_some()
    }

    /// Renders every page of `site` and adds the assets.
    pub fn render_site(&self, site: &Site, config: &Config) -> Result<SiteFiles> {
        let stylesheets = ["style.css", "highlight.css"]
            .iter()
            .map(|name| config.base.url(&format!("{ASSETS}{name}")))
            .collect();
        let favicon = config.base.url(&format!("{ASSETS}favicon.svg"));
        let views = Views::new(site, config, stylesheets, favicon);
        let mut pages: Vec<(String, String, Result<Arc<str>>)> = Vec::new();
        pages.push(self.page("index.html", "", &views.index()));
        pages.push(self.page("404.html", "404.html", &views.not_found()));
        pages.push(self.page("tags.html", "tags/", &views.tags()));
        for tag in site.tags.values() {
            pages.push(self.page("tag.html", &format!("tags/{}/", tag.slug), &views.tag(tag)));
        }
        for section in site.sections.values().filter(|s| !s.id.is_root()) {
            pages.push(self.page(
                "section.html",
                &section.id.page_path(),
                &views.section(section),
            ));
        }
        let guides: Vec<_> = site
            .guides
            .par_iter()
            .map(|(id, guide)| self.page("guide.html", &id.page_path(), &views.guide(guide)))
            .collect();
        pages.extend(guides);
        let mut files = SiteFiles::default();
        for (template, path, html) in pages {
            let html = html.with_context(|| format!("rendering /{path} with {template}"))?;
            let file = file_for_path(&path);
            // Pages go in priority order (generated pages, sections, then guides): a guide whose
            // URL is already taken has been reported by the url-collision check; skip it here.
            if template == "guide.html" && files.get(&file).is_some() {
                continue;
            }
            files.insert(file, html.as_bytes())?;
        }
        for (path, bytes) in &self.assets {
            files.insert(path.clone(), bytes.clone())?;
        }
        Ok(files)
    }

    /// Renders one page, or reuses its previous bytes when the view is the same.
    fn page(
        &self,
        template: &str,
        path: &str,
        view: &impl Serialize,
    ) -> (String, String, Result<Arc<str>>) {
        let cached = self
            .cache
            .as_ref()
            .map(|cache| (cache, cache::PageCache::key(template, view)));
        if let Some((cache, key)) = &cached
            && let Some(html) = cache.get(path, key)
        {
            return (template.to_owned(), path.to_owned(), Ok(html));
        }
        let rendered: Result<Arc<str>> = Context::from_serialize(view)
            .and_then(|context| self.tera.render(template, &context))
            .map(Arc::from)
            .map_err(|err| anyhow!("{}", tera_error(&err)));
        if let (Some((cache, key)), Ok(html)) = (cached, &rendered) {
            cache.put(path, key, Arc::clone(html));
        }
        (template.to_owned(), path.to_owned(), rendered)
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
