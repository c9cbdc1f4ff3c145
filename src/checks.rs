//! Stage 4: rules over the assembled site. Each rule is one small function that returns
//! diagnostics; none of them stops the others.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::guide::{Guide, Link};
use crate::site::Site;
use crate::urls::{GuideId, LinkTarget};

/// Runs every rule over the site. `all` holds every parsed file, drafts included, so that a
/// link to an unpublished draft can be told apart from a link to nothing.
pub fn run(site: &Site, all: &BTreeMap<GuideId, Arc<Guide>>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let pages = site
        .guides
        .values()
        .chain(site.sections.values().filter_map(|s| s.index.as_ref()));
    for guide in pages {
        for link in &guide.body.links {
            diagnostics.extend(broken_link(site, all, guide, link));
        }
    }
    diagnostics.extend(url_collisions(site));
    diagnostics
}

/// A link to a guide that does not exist (or is a draft), to a heading the target lacks, or one
/// that climbs out of the content folder.
pub fn broken_link(
    site: &Site,
    all: &BTreeMap<GuideId, Arc<Guide>>,
    guide: &Guide,
    link: &Link,
) -> Option<Diagnostic> {
    let at = |d: Diagnostic| d.at(&guide.source, link.line, link.column);
    match &link.target {
        LinkTarget::Other => None,
        LinkTarget::OutsideSite(dest) => Some(at(Diagnostic::error(
            "link-outside-site",
            &guide.file,
            format!("link `{dest}` leaves the content folder"),
        )
        .with_help("link to a guide inside the content folder, or use a full URL"))),
        LinkTarget::Anchor(anchor) => (!guide.has_anchor(anchor)).then(|| {
            at(Diagnostic::error(
                "broken-anchor",
                &guide.file,
                format!("this guide has no heading with the id `#{anchor}`"),
            )
            .with_help(anchor_help(guide)))
        }),
        LinkTarget::Guide { id, anchor } => {
            let target = if id.is_section_index() {
                site.sections
                    .get(&id.section())
                    .and_then(|s| s.index.as_ref())
            } else {
                site.guides.get(id)
            };
            let Some(target) = target else {
                let message = if all.contains_key(id) {
                    format!(
                        "link to `{}`, which is a draft and not published",
                        link.dest
                    )
                } else {
                    format!("link to `{}`, which does not exist", link.dest)
                };
                return Some(at(Diagnostic::error("broken-link", &guide.file, message)
                    .with_help(format!("no guide at content/{id}"))));
            };
            let anchor = anchor.as_ref()?;
            (!target.has_anchor(anchor)).then(|| {
                at(Diagnostic::error(
                    "broken-anchor",
                    &guide.file,
                    format!("`{id}` has no heading with the id `#{anchor}`"),
                )
                .with_help(anchor_help(target)))
            })
        }
    }
}

fn anchor_help(target: &Guide) -> String {
    let ids: Vec<&str> = target.body.headings.iter().map(|h| h.id.as_str()).collect();
    if ids.is_empty() {
        "the target has no headings".to_owned()
    } else {
        format!("headings there: {}", ids.join(", "))
    }
}

/// Two pages that would be written to the same URL: a guide `a/b.md` and a section `a/b/`, or a
/// page under the generated `tags/` pages.
pub fn url_collisions(site: &Site) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for guide in site.guides.values() {
        let path = guide.id.page_path();
        let section = crate::urls::SectionId::new(path.trim_end_matches('/'));
        if site.sections.contains_key(&section) {
            diagnostics.push(
                Diagnostic::error(
                    "url-collision",
                    &guide.file,
                    format!(
                        "this guide and the section `{}/` would both be written to /{path}",
                        section.as_str()
                    ),
                )
                .with_help("rename the guide or the folder"),
            );
        }
        if path.starts_with("tags/") || path == "assets/" {
            diagnostics.push(
                Diagnostic::error(
                    "url-collision",
                    &guide.file,
                    format!("/{path} is reserved for generated pages"),
                )
                .with_help("move the guide to another folder"),
            );
        }
    }
    diagnostics
}
