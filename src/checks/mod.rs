//! Stage 4: rules over the assembled site. Each rule is one small function that returns
//! diagnostics; none of them stops the others. The site's `[checks.severity]` is applied last.

pub mod front;
pub mod limits;
pub mod links;
pub mod parts;
pub mod rules;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{ChecksConfig, Level};
use crate::diagnostic::{Diagnostic, Severity};
use crate::guide::Guide;
use crate::site::Site;
use crate::urls::GuideId;

/// Runs every rule over the site. `all` holds every parsed file, drafts included, so that a
/// link to an unpublished draft can be told apart from a link to nothing.
pub fn run(
    site: &Site,
    all: &BTreeMap<GuideId, Arc<Guide>>,
    config: &ChecksConfig,
) -> Vec<Diagnostic> {
    // Each guide's rules are independent of the others' results: run them in parallel (the
    // caller sorts the diagnostics).
    let guides: Vec<&Arc<Guide>> = site.guides.values().collect();
    let pages: Vec<&Arc<Guide>> = site
        .guides
        .values()
        .chain(site.sections.values().filter_map(|s| s.index.as_ref()))
        .collect();
    let mut diagnostics: Vec<Diagnostic> = guides
        .par_iter()
        .flat_map_iter(|guide| guide_rules(guide, config))
        .chain(
            pages
                .par_iter()
                .flat_map_iter(|page| page_rules(site, all, page)),
        )
        .collect();
    diagnostics.extend(links::url_collisions(site));
    diagnostics.extend(links::alias_collisions(site));
    diagnostics.extend(
        guides
            .iter()
            .flat_map(|guide| front::unresolved_related(site, guide)),
    );
    apply_severity(diagnostics, &config.severity)
}

/// The rules for guides: content model, front-matter values, size.
fn guide_rules(guide: &Guide, config: &ChecksConfig) -> Vec<Diagnostic> {
    let mut diagnostics = parts::check(guide, config);
    diagnostics.extend(front::invalid_values(guide, config));
    diagnostics.extend(front::overrides(guide, config));
    diagnostics.extend(limits::large_guide(guide));
    diagnostics.extend(limits::deep_nesting(guide));
    diagnostics
}

/// The rules for every page with a body (guides and section intros): links, images, ids.
fn page_rules(site: &Site, all: &BTreeMap<GuideId, Arc<Guide>>, page: &Guide) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = page
        .body
        .links
        .iter()
        .filter_map(|link| links::broken_link(site, all, page, link))
        .collect();
    diagnostics.extend(links::empty_link_text(page));
    diagnostics.extend(links::missing_alt_text(page));
    diagnostics.extend(links::unsafe_urls(page));
    diagnostics.extend(links::duplicate_heading_ids(page));
    diagnostics.extend(links::body_h1(page));
    diagnostics
}

/// Turns rules down (`warn`), up (`error`) or off as the site configured.
pub fn apply_severity(
    diagnostics: Vec<Diagnostic>,
    levels: &BTreeMap<String, Level>,
) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            match levels.get(d.code) {
                Some(Level::Off) => return None,
                Some(Level::Warn) => d.severity = Severity::Warning,
                Some(Level::Error) => d.severity = Severity::Error,
                None => {}
            }
            Some(d)
        })
        .collect()
}
