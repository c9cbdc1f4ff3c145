//! A site of thousands of guides stays within what static hosts accept: one HTML page per
//! guide, lists cut into pages linked without JavaScript (every guide reachable from `/`), no
//! large file.

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;

use crate::support::{attribute_values, build, read_tree};

const GUIDES: usize = 2_500;

/// `GUIDES` small guides, complete for the content rules, in two sections (one of them most of
/// the site), each with a few of a handful of tags.
fn write_site(root: &Path) {
    // Sitemaps are split at a lowered threshold, as at 50,000 URLs.
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Scale\"\n\n[build]\nsitemap-max-urls = 1000\n",
    )
    .expect("book.toml");
    for section in ["big", "small"] {
        std::fs::create_dir_all(root.join("content").join(section)).expect("section");
    }
    let tags = ["metrics", "behavioral", "strategy", "execution", "sql"];
    for n in 0..GUIDES {
        let section = if n % 10 == 0 { "small" } else { "big" };
        let tagged: Vec<&str> = (0..3).map(|k| tags[(n + k) % tags.len()]).collect();
        let text = format!(
            "---\ntitle: \"Guide {n}\"\ndescription: \"Guide number {n}.\"\ntags: [{}]\n---\n\
             ## TL;DR\n\nShort answer {n}.\n\n## Checklist\n\n- [ ] Step one of {n}\n- [ ] Step two\n- [ ] Step three\n\n\
             ## FAQ\n\n### What is guide {n}?\n\nIt is guide {n}.\n\n### Why read it?\n\nTo practise.\n",
            tagged.join(", ")
        );
        std::fs::write(
            root.join("content").join(section).join(format!("g{n}.md")),
            text,
        )
        .expect("guide");
    }
}

#[test]
fn thousands_of_guides_make_one_page_each_and_paginated_lists_reach_them_all() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_site(dir.path());
    let out = dir.path().join("out");
    build(dir.path(), &["-o", out.to_str().expect("utf-8 path")]).success();
    let files = read_tree(&out);

    // Files: one page per guide plus what does not grow with it, as the hosts' limits need.
    let budget = GUIDES * 11 / 10 + 500;
    assert!(
        files.len() <= budget,
        "{} files for {GUIDES} guides (budget {budget})",
        files.len()
    );
    let (largest, size) = files
        .iter()
        .map(|(p, b)| (p, b.len()))
        .max_by_key(|(_, len)| *len)
        .expect("files");
    assert!(size <= 1 << 20, "{largest} is {size} bytes");
    assert!(!files.keys().any(|p| p.starts_with("practice/big/")));
    assert!(!files.keys().any(|p| p.starts_with("checklists-print/big/")));

    // No list page shows more than a page of guides; the 404 page lists none.
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let cards = html.matches("class=\"guide-card\"").count();
        assert!(cards <= 200, "{path} lists {cards} guides");
        let checklists = html.matches("class=\"print-guide\"").count();
        assert!(checklists <= 200, "{path} holds {checklists} checklists");
    }
    assert_eq!(
        String::from_utf8_lossy(&files["404.html"])
            .matches("/big/g")
            .count(),
        0
    );

    // Every guide is reached from the home page by following links, as a crawler without
    // JavaScript would.
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue = VecDeque::from(["index.html".to_owned()]);
    while let Some(file) = queue.pop_front() {
        if !seen.insert(file.clone()) {
            continue;
        }
        let Some(bytes) = files.get(&file) else {
            continue;
        };
        for href in attribute_values(&String::from_utf8_lossy(bytes), "href=\"") {
            let path = href.split(['#', '?']).next().unwrap_or_default();
            let Some(path) = path.strip_prefix('/') else {
                continue;
            };
            let target = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_owned()
            };
            if target.ends_with(".html") && !seen.contains(&target) {
                queue.push_back(target);
            }
        }
    }
    let unreached: Vec<usize> = (0..GUIDES)
        .filter(|n| {
            let section = if n % 10 == 0 { "small" } else { "big" };
            !seen.contains(&format!("{section}/g{n}/index.html"))
        })
        .collect();
    assert!(unreached.is_empty(), "{} guides unreached", unreached.len());
    // Past the threshold the sitemap is an index of parts, each within it, every guide in one.
    let index = String::from_utf8_lossy(&files["sitemap.xml"]).into_owned();
    assert!(index.contains("<sitemapindex"), "{index}");
    let parts = crate::support::element_texts(&index, "loc");
    assert!(parts.len() >= 3, "{parts:?}");
    let mut listed = 0;
    for part in &parts {
        let name = part.rsplit('/').next().unwrap_or_default();
        let xml = String::from_utf8_lossy(&files[name]).into_owned();
        let urls = xml.matches("<url>").count();
        assert!(urls <= 1000, "{name}: {urls} URLs");
        listed += xml.matches("/g").count();
    }
    assert!(listed >= GUIDES, "{listed} guide URLs in the parts");
    // The big section is cut into pages, each linking on.
    assert!(files.contains_key("big/page-2.html"));
    assert!(files.contains_key("tags/metrics/page-2.html"));
    assert!(files.contains_key("checklists-print/page-2.html"));
}
