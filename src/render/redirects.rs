//! Redirect pages for moved guides: each `aliases:` entry (an old site path) gets a tiny page
//! that sends browsers (meta refresh), crawlers (canonical link) and everyone else (a plain
//! link) to the guide's page. Static hosts cannot send real redirects from a generated site,
//! so this is the portable way.

use serde::Serialize;

use crate::site::Site;
use crate::urls::{BasePath, alias_file};

/// One redirect page to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redirect {
    /// Output file, e.g. `old/path/index.html`.
    pub file: String,
    /// The alias as written, for messages.
    pub alias: String,
    /// The guide's file, for messages (`content/a/b.md`).
    pub guide_file: String,
    pub view: RedirectView,
}

/// `redirect.html`: a page that has moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct RedirectView {
    pub language: String,
    pub title: String,
    /// Where the page is now (root-relative, for the refresh and the link).
    pub url: String,
    /// The same, absolute when `base-url` names an origin (for the canonical link).
    pub canonical: String,
}

/// Every alias of every published guide, in guide order. Malformed aliases are left out: they
/// were reported when the guide was parsed.
pub(crate) fn plan(site: &Site, base: &BasePath, language: &str) -> Vec<Redirect> {
    let mut redirects = Vec::new();
    for guide in site.pages_of_files() {
        let page = guide.id.page_path();
        for alias in &guide.front.aliases {
            let Ok(file) = alias_file(alias) else {
                continue;
            };
            redirects.push(Redirect {
                file,
                alias: alias.clone(),
                guide_file: guide.file.clone(),
                view: RedirectView {
                    language: language.to_owned(),
                    title: guide.front.title.clone(),
                    url: base.url(&page),
                    canonical: base.absolute(&page),
                },
            });
        }
    }
    redirects
}
