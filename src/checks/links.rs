//! Rules about links, images and heading ids.

use std::collections::HashMap;
use std::sync::Arc;

use super::Context;
use crate::diagnostic::{Diagnostic, Suggester};
use crate::guide::{Guide, Link};
use crate::site::Site;
use crate::urls::{GuideId, LinkTarget, SectionId, slugify};

/// The did-you-mean over each linked page's heading ids, prepared once per page however many
/// links point into it.
#[derive(Default)]
pub struct Anchors<'a> {
    by_page: std::cell::RefCell<HashMap<&'a GuideId, Arc<Suggester<'a>>>>,
}

impl<'a> Anchors<'a> {
    fn of(&self, page: &'a Guide) -> Arc<Suggester<'a>> {
        let mut by_page = self.by_page.borrow_mut();
        Arc::clone(by_page.entry(&page.id).or_insert_with(|| {
            Arc::new(Suggester::new(
                page.body.headings.iter().map(|h| h.id.as_str()),
            ))
        }))
    }
}

/// A link to a guide that does not exist (or is a draft), to a heading the target lacks, or one
/// that climbs out of the content folder. Nothing is made for a rule the site turned off.
pub fn broken_link<'a>(
    context: &Context<'a>,
    anchors: &Anchors<'a>,
    guide: &'a Guide,
    link: &Link,
) -> Option<Diagnostic> {
    let report = |code: &'static str, message: String, help: &dyn Fn() -> String| {
        (!context.is_off(code)).then(|| {
            Diagnostic::error(code, &guide.file, message)
                .with_help(help())
                .at(&guide.source, link.line, link.column)
                .spanning(link.length)
        })
    };
    match &link.target {
        LinkTarget::Other => None,
        LinkTarget::OutsideSite(dest) => report(
            "link-outside-site",
            format!("link `{dest}` leaves the content folder"),
            &|| "link to a guide inside the content folder, or use a full URL".to_owned(),
        ),
        LinkTarget::Anchor(anchor) => (!guide.has_anchor(anchor)).then(|| {
            report(
                "broken-anchor",
                format!("this guide has no heading with the id `#{anchor}`"),
                &|| anchor_help(&anchors.of(guide), guide, anchor),
            )
        })?,
        LinkTarget::Guide { id, anchor } => {
            let Some(target) = find_target(context.site, id) else {
                return if context.all.contains_key(id) {
                    report(
                        "broken-link",
                        format!("link to `{}`, a draft that is not published", link.dest),
                        &|| "publish the draft (`draft: false`) or build with --drafts".to_owned(),
                    )
                } else {
                    report(
                        "broken-link",
                        format!("link to `{}`, which does not exist", link.dest),
                        &|| guide_help(&context.guide_ids, id),
                    )
                };
            };
            let anchor = anchor.as_ref()?;
            (!target.has_anchor(anchor)).then(|| {
                report(
                    "broken-anchor",
                    format!("`{id}` has no heading with the id `#{anchor}`"),
                    &|| anchor_help(&anchors.of(target), target, anchor),
                )
            })?
        }
    }
}

fn find_target<'s>(site: &'s Site, id: &GuideId) -> Option<&'s Arc<Guide>> {
    if id.is_section_index() {
        site.sections
            .get(&id.section())
            .and_then(|s| s.index.as_ref())
    } else {
        site.guides.get(id)
    }
}

fn guide_help(guide_ids: &Suggester<'_>, id: &GuideId) -> String {
    match guide_ids.closest(id.as_str()) {
        Some(near) => format!("no guide at content/{id}; did you mean content/{near}?"),
        None => format!("no guide at content/{id}"),
    }
}

/// How many heading ids the help lists when none is close to the broken anchor.
const LISTED_HEADINGS: usize = 10;

fn anchor_help(suggester: &Suggester<'_>, target: &Guide, anchor: &str) -> String {
    let headings = &target.body.headings;
    match suggester.closest(anchor) {
        Some(near) => format!("did you mean `#{near}`?"),
        None if headings.is_empty() => "the target has no headings".to_owned(),
        None => {
            let listed: Vec<&str> = headings
                .iter()
                .take(LISTED_HEADINGS)
                .map(|h| h.id.as_str())
                .collect();
            let more = headings.len().saturating_sub(LISTED_HEADINGS);
            let rest = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!("headings there: {}{rest}", listed.join(", "))
        }
    }
}

/// Links whose text is empty: nothing for a reader (or a screen reader) to click on.
pub fn empty_link_text(guide: &Guide) -> Vec<Diagnostic> {
    guide
        .body
        .links
        .iter()
        .filter(|link| link.text.trim().is_empty())
        .map(|link| {
            Diagnostic::warning(
                "empty-link-text",
                &guide.file,
                format!("link to `{}` has no text", link.dest),
            )
            .at(&guide.source, link.line, link.column)
            .spanning(link.length)
            .with_help("write the text between the brackets: [text](target)")
        })
        .collect()
}

/// Images without alt text are invisible to screen readers.
pub fn missing_alt_text(guide: &Guide) -> Vec<Diagnostic> {
    guide
        .body
        .images
        .iter()
        .filter(|image| image.alt.trim().is_empty())
        .map(|image| {
            Diagnostic::warning(
                "missing-alt-text",
                &guide.file,
                format!("image `{}` has no alt text", image.dest),
            )
            .at(&guide.source, image.line, image.column)
            .spanning(image.length)
            .with_help("describe the image between the brackets: ![description](image.png)")
        })
        .collect()
}

/// Links and images whose URL runs script when followed (`javascript:`, `vbscript:`) or
/// carries its own content (`data:`, which can hold a whole HTML page): harmless from an author
/// who owns the site, a hazard in a contributor's guide, and never what a reader expects.
pub fn unsafe_urls(guide: &Guide) -> Vec<Diagnostic> {
    let links = guide
        .body
        .links
        .iter()
        .map(|link| ("link", &link.dest, link.line, link.column, link.length));
    let images = guide
        .body
        .images
        .iter()
        .map(|image| ("image", &image.dest, image.line, image.column, image.length));
    links
        .chain(images)
        .filter_map(|(what, dest, line, column, length)| {
            let scheme = unsafe_scheme(dest)?;
            Some(
                Diagnostic::warning(
                    "unsafe-url",
                    &guide.file,
                    format!("this {what}'s URL is a `{scheme}:` URL"),
                )
                .at(&guide.source, line, column)
                .spanning(length)
                .with_help(format!(
                    "point it at a page or a file (https://…, a guide, an image in static/): a \
                     `{scheme}:` URL runs code or hides what it holds from the reader"
                )),
            )
        })
        .collect()
}

/// The scheme of a URL that runs code or carries content, read as a browser reads it: tabs
/// and line breaks dropped, leading spaces and control characters ignored, any case.
pub fn unsafe_scheme(url: &str) -> Option<&'static str> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|scheme| {
            cleaned
                .strip_prefix(scheme)
                .is_some_and(|rest| rest.starts_with(':'))
        })
}

/// A `# Heading` in the body: the page already has its title as its one `h1`, and a second
/// one confuses screen readers and outlines.
pub fn body_h1(guide: &Guide) -> Vec<Diagnostic> {
    guide
        .body
        .headings
        .iter()
        .filter(|heading| heading.level == 1)
        .map(|heading| {
            Diagnostic::warning(
                "body-h1",
                &guide.file,
                format!("`# {}` is a second page title", heading.text),
            )
            .at(&guide.source, heading.line, heading.column)
            .spanning(heading.text.chars().count() + 2)
            .with_help("the front matter's title is the page's heading; start sections with `##`")
        })
        .collect()
}

/// Two headings whose ids would be the same: links to the id reach only the first.
pub fn duplicate_heading_ids(guide: &Guide) -> Vec<Diagnostic> {
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut diagnostics = Vec::new();
    for heading in &guide.body.headings {
        let wanted = if heading.explicit_id {
            heading.id.clone()
        } else {
            slugify(&heading.text)
        };
        match first_line.get(&wanted) {
            Some(line) => diagnostics.push(
                Diagnostic::warning(
                    "duplicate-heading-id",
                    &guide.file,
                    format!("the heading id `{wanted}` is already used on line {line}"),
                )
                .at(&guide.source, heading.line, heading.column)
                .spanning(usize::from(heading.level) + 1 + heading.text.chars().count())
                .with_help(if heading.explicit_id {
                    "give this heading another `{#id}`".to_owned()
                } else {
                    format!(
                        "this one becomes `#{}`; rename it or give it an explicit `{{#id}}`",
                        heading.id
                    )
                }),
            ),
            None => {
                first_line.insert(wanted, heading.line);
            }
        }
    }
    diagnostics
}

/// Two pages that would be written to the same URL: a guide `a/b.md` and a section `a/b/`, or a
/// page where the generated `tags/` and `assets/` pages go.
pub fn url_collisions(site: &Site) -> Vec<Diagnostic> {
    let practice =
        [crate::urls::PRACTICE_DIR, crate::urls::MY_PREP_DIR].map(|p| p.trim_end_matches('/'));
    let generated: Vec<&str> = ["tags", "assets", "checklists-print"]
        .into_iter()
        .chain(practice)
        .collect();
    let mut diagnostics = Vec::new();
    for guide in site.guides.values() {
        let path = guide.id.page_path();
        let section = SectionId::new(path.trim_end_matches('/'));
        let top = path.split('/').next().unwrap_or_default();
        if site.sections.contains_key(&section) {
            diagnostics.push(
                Diagnostic::error(
                    "url-collision",
                    &guide.file,
                    format!(
                        "this guide and the folder `{}/` would both be written to /{path}",
                        section.as_str()
                    ),
                )
                .with_help("rename the guide or the folder"),
            );
        } else if generated.contains(&top) {
            diagnostics.push(reserved(&guide.file, &path));
        }
    }
    for section in site.sections.values() {
        let top = section.id.as_str().split('/').next().unwrap_or_default();
        if generated.contains(&top)
            && section.guides.is_empty()
            && let Some(index) = &section.index
        {
            diagnostics.push(reserved(&index.file, &section.id.page_path()));
        }
    }
    diagnostics
}

fn reserved(file: &str, path: &str) -> Diagnostic {
    Diagnostic::error(
        "url-collision",
        file,
        format!("/{path} is where generated pages go"),
    )
    .with_help(
        "move this file to a folder not named `tags`, `assets`, `checklists-print`, `practice` or `my-prep`",
    )
}

/// `aliases:` that would be written over a page, a generated file or another alias: the redirect
/// could not be written, so the old address would not lead to the guide.
pub fn alias_collisions(site: &Site) -> Vec<Diagnostic> {
    use crate::urls::{alias_file, file_for_path};
    let mut taken: std::collections::HashSet<String> = [
        "index.html",
        "404.html",
        "tags/index.html",
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
        "search-index.json",
        "checklists-print/index.html",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    for id in site.guides.keys() {
        taken.insert(file_for_path(&id.page_path()));
        taken.insert(file_for_path(&format!(
            "checklists-print/{}",
            id.page_path()
        )));
    }
    for id in site.sections.keys() {
        taken.insert(file_for_path(&id.page_path()));
    }
    for slug in site.tags.keys() {
        taken.insert(format!("tags/{slug}/index.html"));
    }
    let mut diagnostics = Vec::new();
    for guide in site.guides.values() {
        for alias in &guide.front.aliases {
            let Ok(file) = alias_file(alias) else {
                continue; // reported where the guide is parsed
            };
            // Taken as it is, or a file already stands where the alias needs a folder.
            let under_a_file = file
                .match_indices('/')
                .any(|(i, _)| taken.contains(&file[..i]));
            if !under_a_file && taken.insert(file.clone()) {
                continue;
            }
            let diagnostic = Diagnostic::error(
                "url-collision",
                &guide.file,
                format!(
                    "the alias `{alias}` would be written over /{file}, which is already taken"
                ),
            )
            .with_help("an alias is the old address of this guide; pick one no page or alias uses");
            diagnostics.push(
                match crate::guide::front_matter::list_entry_position(
                    &guide.source,
                    "aliases",
                    alias,
                ) {
                    Some(at) => diagnostic
                        .at(&guide.source, at.line, at.column)
                        .spanning(at.length),
                    None => diagnostic,
                },
            );
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::unsafe_scheme;

    #[test]
    fn script_and_data_urls_are_found_however_written() {
        for (url, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("JavaScript:alert(1)", "javascript"),
            (" \u{1}javascript:alert(1)", "javascript"),
            ("java\tscript:alert(1)", "javascript"),
            ("java\nscript:alert(1)", "javascript"),
            ("vbscript:msgbox", "vbscript"),
            ("data:text/html;base64,PHNjcmlwdD4=", "data"),
            ("DATA:image/png;base64,AAAA", "data"),
        ] {
            assert_eq!(unsafe_scheme(url), Some(scheme), "{url:?}");
        }
        for url in [
            "https://example.org/javascript:x",
            "guide.md",
            "/data/x.png",
            "data.png",
            "#javascript",
            "mailto:a@b.c",
            "",
        ] {
            assert_eq!(unsafe_scheme(url), None, "{url:?}");
        }
    }
}
