//! The views on small sites made in memory: what each page lists and links to, and that a
//! guide page's key follows what the page shows of other guides.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::guide::{ParseOptions, parse};
use crate::load::SourceFile;
use crate::render::paging::PER_PAGE;
use crate::site::Site;

/// A site of `guides` (path under `content/`, file text), parsed as a build parses it.
fn site(config: &Config, guides: &[(&str, String)]) -> Site {
    let options = ParseOptions::new(config);
    let parsed: Vec<Arc<Guide>> = guides
        .iter()
        .map(|(path, text)| {
            let file = SourceFile::new(
                GuideId::new(*path),
                format!("content/{path}"),
                text.clone().into_bytes(),
            );
            let parsed = parse(&file, &options);
            parsed
                .guide
                .unwrap_or_else(|| panic!("{path} does not parse: {:?}", parsed.diagnostics))
        })
        .collect();
    Site::assemble(parsed.iter(), false)
}

fn config() -> Config {
    Config::parse(Path::new("/site"), "[book]\ntitle = \"Views\"\n").expect("a valid book.toml")
}

fn guide_text(title: &str, tags: &[&str], body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: About {title}.\ntags: [{}]\n---\n\n{body}",
        tags.join(", ")
    )
}

fn views<'a>(site: &'a Site, config: &'a Config) -> Views<'a> {
    Views::new(
        site,
        config,
        AssetUrls::default(),
        "/search-index.json".into(),
    )
}

/// The `url`s of a shared list of guide links, in order.
fn urls(value: &SharedValue) -> Vec<String> {
    let json = serde_json::to_value(&value.value).expect("a template value is JSON");
    json.as_array()
        .expect("a list")
        .iter()
        .map(|g| g["url"].as_str().expect("a url").to_owned())
        .collect()
}

#[test]
fn a_guide_page_shows_its_headings_section_neighbours_and_breadcrumbs() {
    let config = config();
    let guides: Vec<(String, String)> = (0..12)
        .map(|i| {
            (
                format!("loops/guide-{i:02}.md"),
                guide_text(
                    &format!("Guide {i:02}"),
                    &["loops"],
                    "## Warm-up\n\nText.\n\n## Deep dive\n\n### Detail\n\nMore.\n",
                ),
            )
        })
        .collect();
    let borrowed: Vec<(&str, String)> = guides
        .iter()
        .map(|(p, t)| (p.as_str(), t.clone()))
        .collect();
    let site = site(&config, &borrowed);
    let views = views(&site, &config);
    let middle = &site.guides[&GuideId::new("loops/guide-05.md")];
    let page = views.guide(&views.guide_inputs(middle)).guide;

    let toc: Vec<(&str, Vec<&str>)> = page
        .toc
        .iter()
        .map(|t| {
            let children = t.children.iter().map(|c| c.url.as_str()).collect();
            (t.url.as_str(), children)
        })
        .collect();
    assert_eq!(
        toc,
        [("#warm-up", vec![]), ("#deep-dive", vec!["#detail"]),],
        "a `###` is listed under the `##` above it"
    );
    let title = |link: &SharedValue| {
        let map = link.value.as_map()?;
        map.get(&"title".into()).map(ToString::to_string)
    };
    assert_eq!(title(&page.prev).as_deref(), Some("Guide 04"));
    assert_eq!(title(&page.next).as_deref(), Some("Guide 06"));
    let crumbs: Vec<&str> = page.breadcrumbs.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(crumbs.first(), Some(&"Home"));
    assert!(crumbs.contains(&"Loops"), "{crumbs:?}");
    // The section window is bounded, holds the guide itself and marks it.
    assert!(page.section_guides.len() <= SECTION_WINDOW);
    let current: Vec<&SectionEntry> = page.section_guides.iter().filter(|e| e.current).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].title, "Guide 05");
}

#[test]
fn list_pages_hold_every_guide_once_and_no_page_more_than_a_page_s_worth() {
    let config = config();
    let count = PER_PAGE * 2 + 17;
    let guides: Vec<(String, String)> = (0..count)
        .map(|i| {
            (
                format!("bank/q-{i:04}.md"),
                guide_text(&format!("Question {i:04}"), &["bank", "all"], "Body.\n"),
            )
        })
        .collect();
    let borrowed: Vec<(&str, String)> = guides
        .iter()
        .map(|(p, t)| (p.as_str(), t.clone()))
        .collect();
    let site = site(&config, &borrowed);
    let views = views(&site, &config);
    let expected: BTreeSet<String> = site
        .guides
        .values()
        .map(|g| views.guide_link(g).url)
        .collect();

    let section = &site.sections[&SectionId::new("bank")];
    let pages = views.section_pages(section);
    assert_eq!(
        pages.len(),
        3,
        "{count} guides make three pages of {PER_PAGE}"
    );
    let mut seen = BTreeSet::new();
    for (n, (_, page)) in pages.iter().enumerate() {
        let listed = urls(&page.section.guides);
        assert!(listed.len() <= PER_PAGE);
        assert_eq!(page.section.pager.number, n + 1);
        for url in listed {
            assert!(seen.insert(url.clone()), "{url} listed twice");
        }
    }
    assert_eq!(seen, expected);

    for tag in site.tags.values() {
        let mut on_tag = BTreeSet::new();
        for (_, page) in views.tag_pages(tag) {
            let listed = urls(&page.guides);
            assert!(listed.len() <= PER_PAGE);
            on_tag.extend(listed);
        }
        assert_eq!(on_tag, expected, "tag {}", tag.name);
    }
}

#[test]
fn a_guide_page_key_follows_the_titles_it_shows_of_its_neighbours() {
    let config = config();
    let make = |second: &str| {
        site(
            &config,
            &[
                ("s/a.md", guide_text("Alpha", &["x"], "Text.\n")),
                ("s/b.md", guide_text(second, &["x"], "Text.\n")),
            ],
        )
    };
    let before = make("Beta");
    let after = make("Beta, renamed");
    let key = |site: &Site| {
        let views = views(site, &config);
        let alpha = &site.guides[&GuideId::new("s/a.md")];
        crate::render::cache::inputs_key(
            "guide.html",
            &views.site_value,
            &views.guide_inputs(alpha),
        )
    };
    assert_ne!(
        key(&before),
        key(&after),
        "Alpha's page shows Beta's title (next guide, section list)"
    );
    assert_eq!(
        key(&before),
        key(&make("Beta")),
        "the same site, the same key"
    );
}
