//! Stage 4: rules over the assembled site. Each rule is one small function that returns
//! diagnostics; none of them stops the others. The site's `[checks.severity]` is applied last.

pub mod front;
pub mod limits;
pub mod links;
pub mod rules;
pub mod sections;

use std::collections::BTreeMap;
use std::sync::Arc;

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
    let mut diagnostics = Vec::new();
    for guide in site.guides.values() {
        diagnostics.extend(sections::check(guide, config));
        diagnostics.extend(front::invalid_values(guide, config));
        diagnostics.extend(front::overrides(guide, config));
        diagnostics.extend(limits::large_guide(guide));
        diagnostics.extend(limits::deep_nesting(guide));
    }
    let pages = site
        .guides
        .values()
        .chain(site.sections.values().filter_map(|s| s.index.as_ref()));
    for guide in pages {
        for link in &guide.body.links {
            diagnostics.extend(links::broken_link(site, all, guide, link));
        }
        diagnostics.extend(links::empty_link_text(guide));
        diagnostics.extend(links::missing_alt_text(guide));
        diagnostics.extend(links::duplicate_heading_ids(guide));
    }
    diagnostics.extend(links::url_collisions(site));
    apply_severity(diagnostics, &config.severity)
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
