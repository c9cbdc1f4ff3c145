//! Rules about links, images and heading ids.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::Context;
use crate::diagnostic::rules::{self, Rule};
use crate::diagnostic::{Diagnostic, Position, Suggester};
use crate::guide::{Guide, Link};
use crate::site::Site;
use crate::urls::{GuideId, LinkTarget, SectionId, unsafe_scheme};

/// Each linked page's heading ids, as a set to look anchors up in and as the did-you-mean over
/// them, prepared once per page however many links point into it: a page of thousands of
/// headings and links costs each link one lookup, not a pass over the headings.
#[derive(Default)]
pub(crate) struct Anchors<'a> {
    by_page: std::cell::RefCell<HashMap<&'a GuideId, Arc<PageAnchors<'a>>>>,
}

struct PageAnchors<'a> {
    ids: std::collections::HashSet<&'a str>,
    suggester: Suggester<'a>,
}

impl<'a> Anchors<'a> {
    fn page(&self, page: &'a Guide) -> Arc<PageAnchors<'a>> {
        let mut by_page = self.by_page.borrow_mut();
        Arc::clone(by_page.entry(&page.id).or_insert_with(|| {
            let ids = || page.body.headings.iter().map(|h| h.id.as_str());
            Arc::new(PageAnchors {
                ids: ids().collect(),
                suggester: Suggester::new(ids()),
            })
        }))
    }

    /// Whether `page` has a heading with the id `anchor`.
    fn has(&self, page: &'a Guide, anchor: &str) -> bool {
        self.page(page).ids.contains(anchor)
    }
}

/// How a link rule reports: the rule, the message, and the help (made only when the site wants
/// suggestions); `None` when the site turned the rule off.
type Report<'r> = dyn Fn(Rule, String, &dyn Fn() -> String) -> Option<Diagnostic> + 'r;

/// A link to a guide that does not exist (or is a draft), to a heading the target lacks, or one
/// that climbs out of the content folder. Nothing is made for a rule the site turned off.
pub(crate) fn broken_link<'a>(
    context: &Context<'a>,
    anchors: &Anchors<'a>,
    guide: &'a Guide,
    link: &Link,
) -> Option<Diagnostic> {
    let report = |rule: Rule, message: String, help: &dyn Fn() -> String| {
        (!context.is_off(&rule)).then(|| {
            let diagnostic = rule.report(&guide.file, message);
            let diagnostic = if context.suggest {
                diagnostic.with_help(help())
            } else {
                diagnostic
            };
            diagnostic
                .at_position(&guide.source, link.at)
                .spanning(link.length)
        })
    };
    match &link.target {
        LinkTarget::Other => None,
        LinkTarget::OutsideSite(dest) => report(
            rules::LINK_OUTSIDE_SITE,
            format!("link `{dest}` leaves the content folder"),
            &|| "link to a guide inside the content folder, or use a full URL".to_owned(),
        ),
        LinkTarget::Anchor(anchor) => missing_anchor(anchors, guide, None, anchor, &report),
        LinkTarget::File { path, anchor } | LinkTarget::Site { path, anchor } => {
            let page = match context.paths.resolve(path) {
                Some(Place::File) => return None,
                Some(Place::Page(page)) => page,
                None => {
                    return report(
                        rules::BROKEN_LINK,
                        format!(
                            "link to `{}`: no page or file of the site is there",
                            link.dest
                        ),
                        &|| context.paths.help(path),
                    );
                }
            };
            let (anchor, page) = (anchor.as_ref()?, page?);
            missing_anchor(anchors, page, Some(&page.id), anchor, &report)
        }
        LinkTarget::Guide { id, anchor } => match find_target(context.site, id) {
            Some(target) => missing_anchor(anchors, target, Some(id), anchor.as_ref()?, &report),
            None => missing_guide(context, link, id, &report),
        },
    }
}

/// `broken-anchor` when `page` (named `name`, or "this guide" for the linking guide itself)
/// has no heading with the id `anchor`.
fn missing_anchor<'a>(
    anchors: &Anchors<'a>,
    page: &'a Guide,
    name: Option<&GuideId>,
    anchor: &str,
    report: &Report<'_>,
) -> Option<Diagnostic> {
    if anchors.has(page, anchor) {
        return None;
    }
    let message = match name {
        Some(id) => format!("`{id}` has no heading with the id `#{anchor}`"),
        None => format!("this guide has no heading with the id `#{anchor}`"),
    };
    report(rules::BROKEN_ANCHOR, message, &|| {
        anchor_help(&anchors.page(page).suggester, page, anchor)
    })
}

/// `broken-link` to the guide `id`, which no published page is made from: a draft, a file
/// `exclude` leaves out, or nothing at all.
fn missing_guide(
    context: &Context<'_>,
    link: &Link,
    id: &GuideId,
    report: &Report<'_>,
) -> Option<Diagnostic> {
    if context.all.contains_key(id) {
        report(
            rules::BROKEN_LINK,
            format!("link to `{}`, a draft that is not published", link.dest),
            &|| "publish the draft (`draft: false`) or build with --drafts".to_owned(),
        )
    } else if context.excluded.is_some_and(|e| e.matches(id.as_str())) {
        report(
            rules::BROKEN_LINK,
            format!("link to `{}`, a file excluded by book.toml", link.dest),
            &|| "remove it from `exclude` under [build] in book.toml, or link elsewhere".to_owned(),
        )
    } else {
        report(
            rules::BROKEN_LINK,
            format!("link to `{}`, which does not exist", link.dest),
            &|| guide_help(context.paths.guide_ids(), id),
        )
    }
}

/// What a site path reaches.
pub(crate) enum Place<'a> {
    /// A file: of the content folder (copied beside its guide), of `static/`, or generated.
    File,
    /// A page of a guide or section (with the file it is made from, if any).
    Page(Option<&'a Guide>),
}

/// What a link can reach of the site, worked out from the site's paths alone (which pages and
/// sections there are, the files beside the guides, the generated folders), so that it is kept
/// between builds while they are the same ([`super::kept::Seen::links`] is their hash): an edit
/// of one page's text does not build the site's map of paths again. Pages are named by id and
/// looked up in the build's site, so what a link reads of its target is always this build's.
pub(crate) struct LinkIndex {
    pages: HashMap<String, PageAt>,
    /// The did-you-mean over pages and files, and over guide ids: made the first time a broken
    /// link needs one, then kept with the index.
    paths: OnceLock<Suggester<'static>>,
    guide_ids: OnceLock<Suggester<'static>>,
}

impl std::fmt::Debug for LinkIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinkIndex")
            .field("pages", &self.pages.len())
            .finish_non_exhaustive()
    }
}

/// The page at a site path: a guide's, or a section's (whose file, if any, is its index).
enum PageAt {
    Guide(GuideId),
    Section(SectionId),
}

impl LinkIndex {
    pub(crate) fn new(site: &Site) -> LinkIndex {
        let mut pages = HashMap::with_capacity(site.guides.len() + site.sections.len());
        for id in site.guides.keys() {
            pages.insert(trimmed(&id.page_path()), PageAt::Guide(id.clone()));
        }
        for id in site.sections.keys() {
            pages.insert(trimmed(&id.page_path()), PageAt::Section(id.clone()));
        }
        LinkIndex {
            pages,
            paths: OnceLock::new(),
            guide_ids: OnceLock::new(),
        }
    }

    /// The did-you-mean over the site's guide ids.
    pub(crate) fn guide_ids(&self, site: &Site) -> &Suggester<'static> {
        self.guide_ids
            .get_or_init(|| Suggester::owned(site.guides.keys().map(|id| id.as_str().to_owned())))
    }
}

/// Every path of the site a link can reach: pages, files, generated folders, for resolving
/// root-relative links and links to files, and their did-you-mean.
pub(crate) struct SitePaths<'a> {
    index: &'a LinkIndex,
    site: &'a Site,
    files: &'a std::collections::BTreeSet<String>,
    /// The folders the site's generated pages go in (`tags/`, `practice/`).
    generated: &'a [&'a str],
}

impl<'a> SitePaths<'a> {
    pub(crate) fn new(
        index: &'a LinkIndex,
        site: &'a Site,
        files: &'a std::collections::BTreeSet<String>,
        generated: &'a [&'a str],
    ) -> SitePaths<'a> {
        SitePaths {
            index,
            site,
            files,
            generated,
        }
    }

    pub(crate) fn resolve(&self, path: &str) -> Option<Place<'a>> {
        let path = trimmed(path);
        if self.files.contains(&path) {
            return Some(Place::File);
        }
        if let Some(page) = self.index.pages.get(&path) {
            let file = match page {
                PageAt::Guide(id) => self.site.guides.get(id).map(AsRef::as_ref),
                PageAt::Section(id) => self.site.sections.get(id).and_then(|s| s.index.as_deref()),
            };
            return Some(Place::Page(file));
        }
        let generated = crate::urls::is_generated_file(&path)
            || self
                .generated
                .iter()
                .any(|dir| path == dir.trim_end_matches('/') || path.starts_with(dir));
        generated.then_some(Place::File)
    }

    /// The did-you-mean over the site's guide ids.
    pub(crate) fn guide_ids(&self) -> &'a Suggester<'static> {
        self.index.guide_ids(self.site)
    }

    fn help(&self, path: &str) -> String {
        let suggester = self.index.paths.get_or_init(|| {
            let site = self.site;
            // The paths the did-you-mean picks from: pages (with their `/`) and files.
            let pages = site.guides.keys().map(GuideId::page_path);
            let sections = site.sections.keys().map(SectionId::page_path);
            Suggester::owned(pages.chain(sections).chain(self.files.iter().cloned()))
        });
        match suggester.closest(path) {
            Some(near) => format!("did you mean `/{near}`?"),
            None => {
                "link to a guide's `.md` file, a file beside it, or a file under static/".to_owned()
            }
        }
    }
}

fn trimmed(path: &str) -> String {
    path.trim_end_matches('/').to_owned()
}

/// The guide or section page a link to `id` reaches (a folder's page is a guide when it is
/// alone in its folder, else its section's page).
fn find_target<'s>(site: &'s Site, id: &GuideId) -> Option<&'s Arc<Guide>> {
    site.guides.get(id).or_else(|| {
        id.is_section_index()
            .then(|| site.sections.get(&id.folder()))
            .flatten()
            .and_then(|s| s.index.as_ref())
    })
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
pub(crate) fn empty_link_text(guide: &Guide) -> Vec<Diagnostic> {
    guide
        .body
        .links
        .iter()
        .filter(|link| link.text.trim().is_empty())
        .map(|link| {
            rules::EMPTY_LINK_TEXT
                .report(&guide.file, format!("link to `{}` has no text", link.dest))
                .at_position(&guide.source, link.at)
                .spanning(link.length)
        })
        .collect()
}

/// Images without alt text are invisible to screen readers.
pub(crate) fn missing_alt_text(guide: &Guide) -> Vec<Diagnostic> {
    guide
        .body
        .images
        .iter()
        .filter(|image| image.alt.trim().is_empty())
        .map(|image| {
            rules::MISSING_ALT_TEXT
                .report(
                    &guide.file,
                    format!("image `{}` has no alt text", image.dest),
                )
                .at_position(&guide.source, image.at)
                .spanning(image.length)
        })
        .collect()
}

/// Links and images whose URL runs script when followed (`javascript:`, `vbscript:`) or
/// carries its own content (`data:`, which can hold a whole HTML page): harmless from an author
/// who owns the site, a hazard in a contributor's guide, and never what a reader expects.
pub(crate) fn unsafe_urls(guide: &Guide) -> Vec<Diagnostic> {
    let links = guide
        .body
        .links
        .iter()
        .map(|link| ("link", &link.dest, link.at, link.length));
    let images = guide
        .body
        .images
        .iter()
        .map(|image| ("image", &image.dest, image.at, image.length));
    links
        .chain(images)
        .filter_map(|(what, dest, at, length)| {
            let scheme = unsafe_scheme(dest)?;
            Some(
                rules::UNSAFE_URL
                    .report(
                        &guide.file,
                        format!("this {what}'s URL is a `{scheme}:` URL"),
                    )
                    .at_position(&guide.source, at)
                    .spanning(length)
                    .with_help(format!(
                        "point it at a page or a file (https://…, a guide, an image in static/): a \
                     `{scheme}:` URL runs code or hides what it holds from the reader"
                    )),
            )
        })
        .collect()
}

/// A `# Heading` in the body: the page already has its title as its one `h1`, and a second
/// one confuses screen readers and outlines.
pub(crate) fn body_h1(guide: &Guide) -> Vec<Diagnostic> {
    guide
        .body
        .headings
        .iter()
        .filter(|heading| heading.level == 1)
        .map(|heading| {
            rules::BODY_H1
                .report(
                    &guide.file,
                    format!("`# {}` is a second page title", heading.text),
                )
                .at_position(&guide.source, heading.at)
                .spanning(heading.text.chars().count() + 2)
        })
        .collect()
}

/// Two headings whose ids would be the same: links to the id reach only the first.
pub(crate) fn duplicate_heading_ids(guide: &Guide) -> Vec<Diagnostic> {
    // Where each id is first asked for, located only when another heading asks for it too.
    let mut first: HashMap<&str, Position> = HashMap::new();
    let mut diagnostics = Vec::new();
    for heading in &guide.body.headings {
        let wanted = heading.slug();
        match first.get(wanted) {
            Some(&at) => diagnostics.push(
                rules::DUPLICATE_HEADING_ID
                    .report(
                        &guide.file,
                        format!(
                            "the heading id `{wanted}` is already used on line {}",
                            guide.source.locate(at).0
                        ),
                    )
                    .at_position(&guide.source, heading.at)
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
                first.insert(wanted, heading.at);
            }
        }
    }
    diagnostics
}

/// Two pages that would be written to the same URL: a guide `a/b.md` and a section `a/b/`, or a
/// page in a folder the generated pages go in (`generated`, as `tags/`).
pub(crate) fn url_collisions(site: &Site, generated: &[&str]) -> Vec<Diagnostic> {
    let is_generated = |path: &str| generated.iter().any(|dir| path.starts_with(dir));
    let mut diagnostics = Vec::new();
    for guide in site.guides.values() {
        let path = guide.id.page_path();
        let section = SectionId::new(path.trim_end_matches('/'));
        if site.sections.contains_key(&section) {
            diagnostics.push(
                rules::URL_COLLISION
                    .report(
                        &guide.file,
                        format!(
                            "this guide and the folder `{}/` would both be written to /{path}",
                            section.as_str()
                        ),
                    )
                    .with_help("rename the guide or the folder"),
            );
        } else if is_generated(&path) {
            diagnostics.push(reserved(&guide.file, &path, generated));
        }
    }
    for (shadowed, page) in &site.shadowed_indexes {
        diagnostics.push(
            rules::URL_COLLISION
                .report(
                    &shadowed.file,
                    format!(
                        "`{page}` is already this folder's page, written to /{}",
                        page.page_path()
                    ),
                )
                .with_help("a folder has one page: keep `_index.md`, `index.md` or `README.md`"),
        );
    }
    for section in site.sections.values() {
        let path = section.id.page_path();
        if is_generated(&path)
            && section.guides.is_empty()
            && let Some(index) = &section.index
        {
            diagnostics.push(reserved(&index.file, &path, generated));
        }
    }
    diagnostics
}

fn reserved(file: &str, path: &str, generated: &[&str]) -> Diagnostic {
    let mut names: Vec<String> = generated
        .iter()
        .map(|dir| format!("`{}`", dir.trim_end_matches('/')))
        .collect();
    let last = names.pop().unwrap_or_default();
    let names = if names.is_empty() {
        last
    } else {
        format!("{} or {last}", names.join(", "))
    };
    rules::URL_COLLISION
        .report(file, format!("/{path} is where generated pages go"))
        .with_help(format!("move this file to a folder not named {names}"))
}

/// `aliases:` that would be written over a page, a generated file or another alias: the redirect
/// could not be written, so the old address would not lead to the guide.
/// Everything in a folder of generated pages (`generated`: tag pages, print views, practice
/// pages, assets) is taken.
pub(crate) fn alias_collisions(site: &Site, generated: &[&str]) -> Vec<Diagnostic> {
    use crate::urls::{GENERATED_FILES, HOME, alias_file, file_for_path, is_generated_file};
    let mut taken: std::collections::HashSet<String> = std::iter::once(file_for_path(HOME))
        .chain(GENERATED_FILES.iter().map(|file| (*file).to_owned()))
        .collect();
    for id in site.guides.keys() {
        taken.insert(file_for_path(&id.page_path()));
    }
    for id in site.sections.keys() {
        taken.insert(file_for_path(&id.page_path()));
    }
    let mut diagnostics = Vec::new();
    for guide in site.pages_of_files() {
        for alias in &guide.front.aliases {
            let Ok(file) = alias_file(alias) else {
                continue; // reported where the guide is parsed
            };
            // Taken as it is, or a file already stands where the alias needs a folder.
            let under_a_file = file
                .match_indices('/')
                .any(|(i, _)| taken.contains(&file[..i]) || is_generated_file(&file[..i]));
            let generated_there = generated.iter().any(|dir| file.starts_with(dir));
            if !under_a_file && !generated_there && taken.insert(file.clone()) {
                continue;
            }
            let diagnostic = rules::URL_COLLISION
                .report(
                    &guide.file,
                    format!(
                        "the alias `{alias}` would be written over /{file}, which is already taken"
                    ),
                )
                .with_help(
                    "an alias is the old address of this guide; pick one no page or alias uses",
                );
            diagnostics.push(guide.at_entry(diagnostic, "aliases", alias));
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::spans;
    use crate::guide::testing::{config, parse_as};
    use std::collections::BTreeMap;

    /// Guides `(id, front matter lines, body)` parsed; the site publishes those not drafts.
    fn site(guides: &[(&str, &str, &str)]) -> (Site, BTreeMap<GuideId, Arc<Guide>>) {
        let all: BTreeMap<GuideId, Arc<Guide>> = guides
            .iter()
            .map(|(id, front, body)| {
                let text = format!("---\n{front}\n---\n{body}");
                (GuideId::new(*id), Arc::new(parse_as(id, &text, &config())))
            })
            .collect();
        (Site::assemble(all.values(), false), all)
    }

    fn links_of(
        guides: &[(&str, &str, &str)],
        id: &str,
    ) -> Vec<(&'static str, usize, usize, usize)> {
        let (site, all) = site(guides);
        let levels = BTreeMap::new();
        let files = std::collections::BTreeSet::from(["img/logo.png".to_owned()]);
        let generated = crate::urls::generated_dirs(true);
        let index = LinkIndex::new(&site);
        let context = Context {
            site: &site,
            all: &all,
            levels: &levels,
            paths: SitePaths::new(&index, &site, &files, &generated),
            suggest: true,
            excluded: None,
        };
        let anchors = Anchors::default();
        let guide = &all[&GuideId::new(id)];
        let found: Vec<Diagnostic> = guide
            .body
            .links
            .iter()
            .filter_map(|link| broken_link(&context, &anchors, guide, link))
            .collect();
        spans(&found)
    }

    #[test]
    fn broken_links_drafts_anchors_and_links_out_of_the_site() {
        let guides = [
            (
                "a.md",
                "title: A",
                "[ok](b.md#h) [gone](c.md) [draft](d.md) [x](b.md#nope)\n\n[up](../x.md) [self](#none) [web](https://x.org/)\n",
            ),
            ("b.md", "title: B", "## H\n"),
            ("d.md", "title: D\ndraft: true", ""),
        ];
        assert_eq!(
            links_of(&guides, "a.md"),
            [
                ("broken-link", 4, 14, 12),
                ("broken-link", 4, 27, 13),
                ("broken-anchor", 4, 41, 14),
                ("link-outside-site", 6, 1, 13),
                ("broken-anchor", 6, 15, 13),
            ]
        );
        assert_eq!(links_of(&guides, "b.md"), []);
    }

    #[test]
    fn root_relative_links_and_links_to_files_resolve_against_the_site() {
        let guides = [
            (
                "g/a.md",
                "title: A",
                "[p](/g/b) [s](/g/) [f](/img/logo.png) [bad](/g/bb/x) [h](/g/b#h) [nh](/g/b#no)\n\n\
                 [rel](b#h) [dir](../g/) [gone](pic.png) [home](/) [tags](/tags/x/) [feed](/atom.xml)\n",
            ),
            ("g/b.md", "title: B", "## H\n"),
        ];
        assert_eq!(
            links_of(&guides, "g/a.md"),
            [
                ("broken-link", 4, 39, 14),
                ("broken-anchor", 4, 66, 13),
                ("broken-link", 6, 25, 15),
            ]
        );
        let (site, all) = site(&guides);
        let files = std::collections::BTreeSet::new();
        let index = LinkIndex::new(&site);
        let paths = SitePaths::new(&index, &site, &files, &[]);
        assert_eq!(paths.help("g/bb"), "did you mean `/g/b/`?");
        assert!(all.contains_key(&GuideId::new("g/b.md")));
    }

    #[test]
    fn empty_link_text_missing_alt_text_and_body_h1() {
        let (_, all) = site(&[(
            "a.md",
            "title: A",
            "# Title again\n\n[](b.md) ![](x.png) [b](b.md) ![x](x.png)\n",
        )]);
        let g = &all[&GuideId::new("a.md")];
        assert_eq!(spans(&empty_link_text(g)), [("empty-link-text", 6, 1, 8)]);
        assert_eq!(
            spans(&missing_alt_text(g)),
            [("missing-alt-text", 6, 10, 10)]
        );
        assert_eq!(spans(&body_h1(g)), [("body-h1", 4, 1, 13)]);
        let (_, clean) = site(&[("a.md", "title: A", "## Fine\n\n[b](b.md)\n")]);
        let g = &clean[&GuideId::new("a.md")];
        assert!(
            empty_link_text(g).is_empty()
                && missing_alt_text(g).is_empty()
                && body_h1(g).is_empty()
        );
    }

    #[test]
    fn duplicate_heading_ids_point_at_the_second() {
        let (_, all) = site(&[(
            "a.md",
            "title: A",
            "## Same {#x}\n\n## Other {#x}\n\n## Fine\n",
        )]);
        let found = duplicate_heading_ids(&all[&GuideId::new("a.md")]);
        assert_eq!(spans(&found)[0].0, "duplicate-heading-id");
        assert_eq!(spans(&found)[0].1, 6);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn url_collisions_of_guides_folders_generated_pages_and_aliases() {
        let (site, _) = site(&[
            ("a.md", "title: A\naliases: [/b/, /free/]", ""),
            ("a/c.md", "title: C", ""),
            ("b.md", "title: B", ""),
            ("tags/x.md", "title: X", ""),
        ]);
        let mut found = spans(&url_collisions(&site, &crate::urls::generated_dirs(true)));
        found.extend(spans(&alias_collisions(
            &site,
            &crate::urls::generated_dirs(true),
        )));
        assert_eq!(
            found.iter().map(|f| f.0).collect::<Vec<_>>(),
            ["url-collision", "url-collision", "url-collision"]
        );
        assert_eq!(found[2], ("url-collision", 3, 11, 3), "at the alias");
        // An alias into a folder of generated pages: practice's only while practice is on.
        let (practice, _) = self::site(&[("a.md", "title: A\naliases: [/practice/old/]", "")]);
        let on = alias_collisions(&practice, &crate::urls::generated_dirs(true));
        assert_eq!(spans(&on), [("url-collision", 3, 11, 14)]);
        assert!(alias_collisions(&practice, &crate::urls::generated_dirs(false)).is_empty());
        let (fine, _) = site_ok();
        assert!(
            url_collisions(&fine, &crate::urls::generated_dirs(true)).is_empty()
                && alias_collisions(&fine, &crate::urls::generated_dirs(true)).is_empty()
        );
    }

    fn site_ok() -> (Site, BTreeMap<GuideId, Arc<Guide>>) {
        site(&[
            ("a.md", "title: A\naliases: [/old/]", ""),
            ("g/b.md", "title: B", ""),
        ])
    }

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
