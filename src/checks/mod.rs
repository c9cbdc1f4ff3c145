//! Stage 4: rules over the assembled site. Each rule is one small function that returns
//! diagnostics; none of them stops the others. The site's `[checks.severity]` is applied last.

mod case_collisions;
pub(crate) mod front;
mod kept;
pub(crate) mod limits;
pub(crate) mod links;
pub(crate) mod parts;
mod placeholders;
mod questions;
pub(crate) mod review;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{ChecksConfig, Level};
use crate::diagnostic::rules::{self, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::guide::Guide;
use crate::site::Site;
use crate::urls::GuideId;
pub(crate) use kept::Kept;

/// What the site-wide rules share: the site, every parsed file, the levels the site set, and
/// the did-you-mean over its guides (prepared once for every broken link).
pub(crate) struct Context<'a> {
    pub site: &'a Site,
    /// Every parsed file, drafts included.
    pub all: &'a BTreeMap<GuideId, Arc<Guide>>,
    pub levels: &'a BTreeMap<String, Level>,
    /// The pages and files that root-relative links and links to files can reach.
    pub paths: links::SitePaths<'a>,
    /// Whether a broken link's help says what it may have meant ([`ChecksConfig::suggest`]).
    pub suggest: bool,
    /// `[build] exclude`, so that a link to a file it leaves out says so.
    pub excluded: Option<&'a crate::config::Exclude>,
}

impl Context<'_> {
    /// Whether the site turned the rule off: its diagnostics (and their help) are not made.
    pub(crate) fn is_off(&self, rule: &Rule) -> bool {
        self.levels.get(rule.code) == Some(&Level::Off)
    }
}

/// Whether the site turned the rule off.
fn is_off(config: &ChecksConfig, rule: &Rule) -> bool {
    config.severity.get(rule.code) == Some(&Level::Off)
}

/// The site's `[checks]`, and the diagnostics kept from earlier builds ([`Kept`]).
pub(crate) struct Rules<'a> {
    pub config: &'a ChecksConfig,
    pub kept: &'a Kept,
    /// `[build] exclude`: links to the files it leaves out are told apart.
    pub excluded: &'a crate::config::Exclude,
}

/// What the rules found: the diagnostics, and the guides due for review (`None` when the site
/// sets no `review-after`).
pub(crate) struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub due_for_review: Option<Vec<crate::diagnostic::review::DueForReview>>,
}

/// Runs every rule over the site. `all` holds every parsed file, drafts included, so that a
/// link to an unpublished draft can be told apart from a link to nothing; `generated` are the
/// folders the site's generated pages go in (see [`crate::urls::generated_dirs`]).
///
/// What an earlier build found is taken again wherever what a rule reads is unchanged
/// ([`Kept`]), so that after one edit only the edited guide's rules, and the site-wide rules
/// whose input the edit changed, run again.
pub(crate) fn run(
    site: &Site,
    all: &BTreeMap<GuideId, Arc<Guide>>,
    files: &BTreeSet<String>,
    rules: Rules<'_>,
    generated: &[&str],
) -> Checked {
    let config = rules.config;
    let seen = rules.kept.seen(site, all, (files, generated), config);
    let index = rules.kept.link_index(&seen, || links::LinkIndex::new(site));
    let context = Context {
        site,
        all,
        levels: &config.severity,
        paths: links::SitePaths::new(&index, site, files, generated),
        suggest: config.suggest,
        excluded: Some(rules.excluded),
    };
    let mut diagnostics = page_diagnostics(site, &rules, &seen, &context);
    diagnostics.extend(
        rules
            .kept
            .urls(&seen, || url_rules(site, config, generated)),
    );
    if !is_off(config, &rules::DUPLICATE_QUESTION) {
        diagnostics.extend(
            rules
                .kept
                .questions(&seen, || questions::duplicate_questions(site)),
        );
    }
    let (due_for_review, stale) = review::stale_guides(site, config);
    diagnostics.extend(stale);
    Checked {
        diagnostics: apply_severity(diagnostics, &config.severity),
        due_for_review,
    }
}

/// The rules of each page: a guide's own rules, and every page's link rules (with a guide's
/// `related:` and a section page's front matter), each taken from the last build where what
/// it reads is unchanged.
fn page_diagnostics<'a>(
    site: &'a Site,
    rules: &Rules<'_>,
    seen: &kept::Seen,
    context: &Context<'a>,
) -> Vec<Diagnostic> {
    let config = rules.config;
    let own = rules.kept.own.with(config);
    let pages = rules.kept.pages.keyed(seen.links);
    let guides: Vec<&Arc<Guide>> = site.guides.values().collect();
    let indexes: Vec<&Arc<Guide>> = site
        .sections
        .values()
        .filter_map(|s| s.index.as_ref())
        .collect();
    // Each page's rules are independent of the others' results: run them in parallel (the
    // caller sorts the diagnostics).
    guides
        .par_iter()
        .flat_map_iter(|guide| {
            let linked = pages.get(guide, || {
                let mut found = page_rules(context, guide);
                if !is_off(config, &rules::BROKEN_LINK) {
                    found.extend(front::unresolved_related(context, guide));
                }
                found
            });
            own.get(guide, guide_rules).into_iter().chain(linked)
        })
        .chain(indexes.par_iter().flat_map_iter(|index| {
            pages.get(index, || {
                let mut found = page_rules(context, index);
                found.extend(front::section_index_keys(index));
                found
            })
        }))
        .collect()
}

/// The rules about URLs: two pages (or a page and an alias, or a generated folder) at one URL,
/// or at URLs that differ only by case.
fn url_rules(site: &Site, config: &ChecksConfig, generated: &[&str]) -> Vec<Diagnostic> {
    let mut diagnostics = links::url_collisions(site, generated);
    diagnostics.extend(links::alias_collisions(site, generated));
    if !is_off(config, &rules::URL_CASE_COLLISION) {
        diagnostics.extend(case_collisions::case_collisions(site));
    }
    diagnostics
}

/// The diagnostics of `guide`'s own rules (those that read the guide and the config alone), at
/// the site's levels: what can be known of one edited guide before the rest of the site is
/// put together again.
pub(crate) fn own_rules(guide: &Guide, rules: &Rules<'_>) -> Vec<Diagnostic> {
    let diagnostics = rules.kept.own.get(guide, rules.config, guide_rules);
    apply_severity(diagnostics, &rules.config.severity)
}

/// The rules for guides: content model, front-matter values, size.
fn guide_rules(guide: &Guide, config: &ChecksConfig) -> Vec<Diagnostic> {
    let mut diagnostics = parts::check(guide, config);
    diagnostics.extend(front::invalid_values(guide, config));
    diagnostics.extend(front::overrides(guide, config));
    diagnostics.extend(limits::large_guide(guide));
    diagnostics.extend(limits::deep_nesting(guide));
    diagnostics.extend(limits::large_code_blocks(guide));
    diagnostics
}

/// A rule over one page's body.
type PageRule = fn(&Guide) -> Vec<Diagnostic>;

/// The rules for every page with a body (guides and section intros): links, images, ids.
/// Rules the site turned off are not run.
fn page_rules<'a>(context: &Context<'a>, page: &'a Guide) -> Vec<Diagnostic> {
    let anchors = links::Anchors::default();
    let body = &page.body;
    let images = body.images.iter().map(|image| crate::guide::Link {
        dest: image.dest.clone(),
        target: image.target.clone(),
        text: String::new(),
        at: image.at,
        length: image.length,
    });
    let references: Vec<crate::guide::Link> =
        images.chain(body.html_refs.iter().cloned()).collect();
    let mut diagnostics: Vec<Diagnostic> = body
        .links
        .iter()
        .chain(&references)
        .filter_map(|link| links::broken_link(context, &anchors, page, link))
        .collect();
    let page_rules: [(&Rule, PageRule); 5] = [
        (&rules::EMPTY_LINK_TEXT, links::empty_link_text),
        (&rules::MISSING_ALT_TEXT, links::missing_alt_text),
        (&rules::UNSAFE_URL, links::unsafe_urls),
        (&rules::DUPLICATE_HEADING_ID, links::duplicate_heading_ids),
        (&rules::BODY_H1, links::body_h1),
    ];
    for (rule, check) in page_rules {
        if !context.is_off(rule) {
            diagnostics.extend(check(page));
        }
    }
    diagnostics
}

/// Turns rules down (`warn`), up (`error`) or off as the site configured.
pub(crate) fn apply_severity(
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

/// Code, line, column and length of each diagnostic: what a rule's unit tests compare.
#[cfg(test)]
pub(crate) fn spans(diagnostics: &[Diagnostic]) -> Vec<(&'static str, usize, usize, usize)> {
    diagnostics
        .iter()
        .map(|d| (d.code, d.line.unwrap_or(0), d.column.unwrap_or(0), d.length))
        .collect()
}
