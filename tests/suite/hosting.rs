//! Static hosting and readers (issue 5): every URL resolves at a domain root and under a
//! sub-path; sitemap, feed and robots; redirect pages for aliases; hashed assets; the search
//! index; FAQ structured data that matches the page; checklists and their print views.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

use crate::support::{
    asset_path, attribute_values, broken_urls, build, prepbook, read, read_tree, site, visible_text,
};

/// The hosting fixture built into `<tmp>/out`, with extra build arguments.
fn built(extra: &[&str]) -> (TempDir, PathBuf) {
    let dir = site(&["hosting"]);
    let out = dir.path().join("out");
    let mut args = vec!["-o", out.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    build(dir.path(), &args).success();
    (dir, out)
}

const SUB_PATH: &str = "https://example.org/prep/";

#[test]
fn every_url_resolves_at_the_root_and_under_a_sub_path() {
    for (extra, base) in [(&[][..], "/"), (&["--base-url", SUB_PATH][..], "/prep/")] {
        let (_dir, out) = built(extra);
        assert_eq!(
            broken_urls(&out, "https://example.org", base),
            Vec::<String>::new(),
            "base {base}"
        );
        let files = read_tree(&out);
        for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
            let html = String::from_utf8_lossy(bytes);
            for url in attribute_values(&html, "href=\"")
                .into_iter()
                .chain(attribute_values(&html, "src=\""))
            {
                assert!(
                    url.starts_with(base) || url.starts_with('#') || url.contains("://"),
                    "{path}: {url} does not start with {base}"
                );
            }
        }
        let robots = read(out.join("robots.txt"));
        assert!(robots.contains(&format!("Sitemap: https://example.org{base}sitemap.xml")));
        assert!(files.contains_key("_headers"), "static/ is copied as is");
        assert!(files.contains_key("404.html"));
    }
}

#[test]
fn sitemap_lists_every_page_with_its_date() {
    let (_dir, out) = built(&["--base-url", SUB_PATH]);
    let text = read(out.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml is XML");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert_eq!(doc.root_element().tag_name().namespace(), Some(ns));
    let entries: Vec<(String, Option<String>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ns, "url")))
        .map(|url| {
            let child = |name: &str| {
                url.children()
                    .find(|c| c.has_tag_name((ns, name)))
                    .and_then(|c| c.text())
                    .map(str::to_owned)
            };
            (child("loc").expect("loc"), child("lastmod"))
        })
        .collect();
    let lastmod = |path: &str| {
        let loc = format!("{SUB_PATH}{path}");
        entries
            .iter()
            .find(|(l, _)| *l == loc)
            .unwrap_or_else(|| panic!("{loc} not in the sitemap: {entries:?}"))
            .1
            .clone()
    };
    // Guides (updated counts before date), sections, tags and the home page.
    assert_eq!(lastmod("guides/star/").as_deref(), Some("2026-03-01"));
    assert_eq!(lastmod("guides/metrics/").as_deref(), Some("2026-02-01"));
    assert_eq!(
        lastmod("deep/nested/pr-faq/").as_deref(),
        Some("2026-01-20")
    );
    assert_eq!(lastmod("undated/"), None);
    assert_eq!(lastmod("guides/").as_deref(), Some("2026-03-01"));
    assert_eq!(lastmod("deep/").as_deref(), Some("2026-01-20"));
    assert_eq!(lastmod("tags/writing/").as_deref(), Some("2026-01-20"));
    assert_eq!(lastmod("").as_deref(), Some("2026-03-01"));
    lastmod("tags/");
    // Not the draft, the redirects or the print views.
    for (loc, _) in &entries {
        assert!(
            !loc.contains("draft") && !loc.contains("old/") && !loc.contains("checklists-print"),
            "{loc}"
        );
    }
}

/// The `<loc>`s of a sitemap file whose root element is `root` (`urlset` or `sitemapindex`).
fn sitemap_locs(text: &str, root: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(text).expect("a sitemap file is XML");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert!(doc.root_element().has_tag_name((ns, root)), "{text}");
    doc.descendants()
        .filter(|n| n.has_tag_name((ns, "loc")))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect()
}

/// Past `sitemap-max-urls` (lowered here; the protocol's 50,000 by default) `sitemap.xml` is
/// an index of parts, each within the limit, that together list the URLs of the one file a
/// smaller limit would not split; `robots.txt` still names `sitemap.xml`.
#[test]
fn a_sitemap_past_its_limit_becomes_an_index_of_parts() {
    let (_whole, out) = built(&[]);
    let whole = sitemap_locs(&read(out.join("sitemap.xml")), "urlset");
    let dir = site(&["hosting"]);
    let config = dir.path().join("book.toml");
    let text = read(&config) + "\n[build]\nsitemap-max-urls = 3\n";
    std::fs::write(&config, text).expect("write book.toml");
    let out = dir.path().join("out");
    build(dir.path(), &["-o", out.to_str().expect("utf-8 path")]).success();
    let parts = sitemap_locs(&read(out.join("sitemap.xml")), "sitemapindex");
    assert_eq!(parts.len(), whole.len().div_ceil(3), "{parts:?}");
    let mut split = Vec::new();
    for (number, loc) in parts.iter().enumerate() {
        let path = format!("sitemap-{}.xml", number + 1);
        assert_eq!(*loc, format!("https://example.org/{path}"));
        let urls = sitemap_locs(&read(out.join(&path)), "urlset");
        assert!((1..=3).contains(&urls.len()), "{path}: {urls:?}");
        split.extend(urls);
    }
    assert_eq!(split, whole, "the parts list every URL once, in order");
    let robots = read(out.join("robots.txt"));
    assert!(
        robots.contains("Sitemap: https://example.org/sitemap.xml\n"),
        "{robots}"
    );
    assert_eq!(
        broken_urls(&out, "https://example.org", "/"),
        Vec::<String>::new()
    );
}

#[test]
fn feed_has_dated_guides_most_recently_updated_first() {
    let (_dir, out) = built(&["--base-url", SUB_PATH]);
    let text = read(out.join("atom.xml"));
    let doc = roxmltree::Document::parse(&text).expect("atom.xml is XML");
    let ns = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ns, "feed")));
    let child_text = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|c| c.has_tag_name((ns, name)))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(child_text(feed, "title"), "Hosting Fixture");
    assert_eq!(child_text(feed, "updated"), "2026-03-01T00:00:00Z");
    let entries: Vec<(String, String, String)> = feed
        .children()
        .filter(|n| n.has_tag_name((ns, "entry")))
        .map(|e| {
            (
                child_text(e, "title"),
                child_text(e, "id"),
                child_text(e, "updated"),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                "STAR Stories & Metrics".to_owned(),
                format!("{SUB_PATH}guides/star/"),
                "2026-03-01T00:00:00Z".to_owned()
            ),
            (
                "Choosing Metrics".to_owned(),
                format!("{SUB_PATH}guides/metrics/"),
                "2026-02-01T00:00:00Z".to_owned()
            ),
            (
                "Writing the PR/FAQ".to_owned(),
                format!("{SUB_PATH}deep/nested/pr-faq/"),
                "2026-01-20T00:00:00Z".to_owned()
            ),
        ],
        "no draft, no undated guide"
    );
    let html = read(out.join("index.html"));
    assert!(html.contains("<link rel=\"alternate\" type=\"application/atom+xml\""));
}

/// The JSON-LD of a page, parsed.
fn json_ld(html: &str) -> Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("a JSON-LD script")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").expect("closed");
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

/// The questions (h3) of the FAQ part (from `<h2 id="faq">` to the next h2) and the visible
/// text of each answer.
pub(crate) fn faq_on_page(html: &str) -> Vec<(String, String)> {
    let start = html.find("<h2 id=\"faq\">").expect("an FAQ heading");
    let section = &html[start..];
    let section = &section[..section[4..].find("<h2").map_or(section.len(), |i| i + 4)];
    // The link to practise the questions closes the FAQ; it is no answer's.
    let section = &section[..section
        .find("<p class=\"practice-link faq-practice\"")
        .unwrap_or(section.len())];
    section
        .split("<h3")
        .skip(1)
        .map(|part| {
            let heading_end = part.find("</h3>").expect("closed h3");
            let question = visible_text(&format!("<h3{}", &part[..heading_end]));
            let answer = visible_text(&part[heading_end + 5..]);
            (question, answer)
        })
        .collect()
}

#[test]
fn faq_structured_data_matches_the_page() {
    let (_dir, out) = built(&["--base-url", SUB_PATH]);
    let mut checked = 0;
    for page in ["guides/star", "guides/metrics", "deep/nested/pr-faq"] {
        let html = read(out.join(page).join("index.html"));
        let data = json_ld(&html);
        assert_eq!(data["@context"], "https://schema.org");
        let graph = data["@graph"].as_array().expect("@graph");
        let of_type = |t: &str| {
            graph
                .iter()
                .find(|v| v["@type"] == t)
                .unwrap_or_else(|| panic!("{page}: no {t}"))
        };
        let faq: Vec<(String, String)> = of_type("FAQPage")["mainEntity"]
            .as_array()
            .expect("questions")
            .iter()
            .map(|q| {
                let answer = q["acceptedAnswer"]["text"].as_str().expect("answer text");
                (
                    q["name"].as_str().expect("name").to_owned(),
                    answer.split_whitespace().collect::<Vec<_>>().join(" "),
                )
            })
            .collect();
        assert_eq!(faq, faq_on_page(&html), "{page}");
        checked += faq.len();
        let article = of_type("Article");
        assert_eq!(article["url"], format!("{SUB_PATH}{page}/"));
        let crumbs = of_type("BreadcrumbList")["itemListElement"]
            .as_array()
            .expect("crumbs");
        assert_eq!(crumbs[0]["item"], SUB_PATH);
        assert_eq!(
            crumbs.last().expect("crumb")["item"],
            format!("{SUB_PATH}{page}/")
        );
    }
    assert_eq!(checked, 6);
    let star = json_ld(&read(out.join("guides/star/index.html")));
    let article = &star["@graph"][0];
    assert_eq!(article["headline"], "STAR Stories & Metrics");
    assert_eq!(article["datePublished"], "2026-01-10");
    assert_eq!(article["dateModified"], "2026-03-01");
    let faq = &star["@graph"][2]["mainEntity"];
    assert_eq!(faq[1]["name"], "What if the data is confidential?");
    assert!(
        faq[1]["acceptedAnswer"]["text"]
            .as_str()
            .is_some_and(|a| a.contains("revenue < 1M") && a.contains("Still part of the answer")),
        "{faq}"
    );
}

#[test]
fn social_and_canonical_meta() {
    let (_dir, out) = built(&["--base-url", SUB_PATH]);
    let html = read(out.join("guides/star/index.html"));
    for expected in [
        "<link rel=\"canonical\" href=\"https://example.org/prep/guides/star/\">",
        "<meta property=\"og:url\" content=\"https://example.org/prep/guides/star/\">",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:title\" content=\"STAR Stories &amp; Metrics\">",
        "<meta property=\"og:description\" content=\"Tell a story with numbers\">",
        "<meta property=\"article:modified_time\" content=\"2026-03-01\">",
        "<meta name=\"twitter:card\" content=\"summary\">",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    let not_found = read(out.join("404.html"));
    assert!(!not_found.contains("rel=\"canonical\""));
    assert!(not_found.contains("<meta name=\"robots\" content=\"noindex\">"));
}

#[test]
fn aliases_write_redirect_pages_to_the_guide() {
    let (_dir, out) = built(&["--base-url", SUB_PATH]);
    for file in ["old/star/index.html", "legacy-star.html"] {
        let html = read(out.join(file));
        assert!(
            html.contains("<meta http-equiv=\"refresh\" content=\"0; url=/prep/guides/star/\">"),
            "{file}: {html}"
        );
        assert!(
            html.contains(
                "<link rel=\"canonical\" href=\"https://example.org/prep/guides/star/\">"
            )
        );
        assert!(html.contains("<a href=\"/prep/guides/star/\">"));
    }
}

/// Builds the hosting fixture with one more guide; returns the run's exit code and stderr.
fn build_with_guide(path: &str, text: &str) -> (Option<i32>, String) {
    let dir = site(&["hosting"]);
    let file = dir.path().join("content").join(path);
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(&file, text).expect("write guide");
    let output = prepbook()
        .arg("build")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(
        !dir.path().join("public").exists(),
        "nothing is written on failure"
    );
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn an_alias_over_another_page_is_a_located_error() {
    for alias in [
        "/guides/metrics/",
        "/old/star/",
        "/sitemap.xml/",
        "tags",
        "legacy-star.html",
    ] {
        let guide =
            crate::support::complete_guide(&format!("title: Mover\naliases: [\"{alias}\"]"));
        let (code, stderr) = build_with_guide("mover.md", &guide);
        assert_eq!(code, Some(1), "{alias}: {stderr}");
        assert!(stderr.contains("content/mover.md:3:"), "{alias}: {stderr}");
        assert!(stderr.contains("error[url-collision]"), "{alias}: {stderr}");
        assert!(stderr.contains(alias), "{alias}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn an_alias_outside_the_site_is_a_located_error() {
    let guide = crate::support::complete_guide("title: Mover\naliases:\n  - ../../etc/passwd");
    let (code, stderr) = build_with_guide("mover.md", &guide);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("content/mover.md:4:5: error[invalid-front-matter]"),
        "{stderr}"
    );
}

#[test]
fn related_guides_follow_front_matter_or_tags_and_links() {
    let (_dir, out) = built(&[]);
    let related = |page: &str| {
        let html = read(out.join(page).join("index.html"));
        let Some(start) = html.find("<section class=\"related\"") else {
            return Vec::new();
        };
        let end = start + html[start..].find("</section>").expect("closed");
        attribute_values(&html[start..end], "href=\"")
    };
    // star names pr-faq in `related:`, which replaces the guides found by tags and links.
    assert_eq!(related("guides/star"), ["/deep/nested/pr-faq/"]);
    // metrics shares a tag with star and links to it.
    assert_eq!(related("guides/metrics"), ["/guides/star/"]);
    assert!(related("undated").is_empty());

    let guide = crate::support::complete_guide("title: Lost\nrelated: [nowhere.md]");
    let (code, stderr) = build_with_guide("guides/lost.md", &guide);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("content/guides/lost.md:3:11: error[broken-link]"),
        "{stderr}"
    );
    assert!(stderr.contains("nowhere.md"), "{stderr}");
}

#[test]
fn stylesheets_and_scripts_carry_a_content_hash() {
    let (dir, out) = built(&[]);
    let files = read_tree(&out);
    let html = read(out.join("guides/star/index.html"));
    // The star guide has no highlighted code, so it does not link the highlight stylesheet.
    assert!(!html.contains(&asset_path(&out, "highlight.css")));
    for name in ["style.css", "search.js", "site.js", "checklist.js"] {
        let path = asset_path(&out, name);
        assert!(
            html.contains(&format!("\"/{path}\"")),
            "{name}: the page links to {path}"
        );
        assert!(
            !files.contains_key(&format!("assets/{name}")),
            "no unhashed {name}"
        );
    }
    assert!(
        files.contains_key("assets/favicon.svg"),
        "other files keep their name"
    );
    // A changed stylesheet gets a new name.
    let before = asset_path(&out, "style.css");
    std::fs::create_dir_all(dir.path().join("themes/default/static")).expect("mkdir");
    std::fs::write(dir.path().join("themes/default/static/style.css"), "body{}").expect("write");
    build(dir.path(), &["-o", out.to_str().expect("utf-8")]).success();
    let after = asset_path(&out, "style.css");
    assert_ne!(before, after);
    assert_eq!(read(out.join(&after)), "body{}");
}

#[test]
fn search_index_has_titles_headings_tags_and_text() {
    use crate::search::{BODY, DESCRIPTION, HEADINGS, SearchIndex, TAGS, TITLE};
    let (_dir, out) = built(&["--base-url", SUB_PATH]);
    let html = read(out.join("index.html"));
    assert_eq!(
        attribute_values(&html, "data-search-index=\""),
        ["/prep/search-index.json"],
        "the search box names its index, under the base path"
    );
    let index = SearchIndex::read(&out);
    assert_eq!(index.count(), 4, "every published guide, no draft");
    let star_number = (0..index.count())
        .find(|n| index.doc(*n)["t"] == "STAR Stories & Metrics")
        .expect("star is indexed");
    let star = index.doc(star_number);
    assert_eq!(star["u"], "/prep/guides/star/");
    assert_eq!(star["s"], "Guides");
    assert_eq!(star["d"], "Tell a story with numbers");
    let headings: Vec<&str> = star["h"]
        .as_array()
        .expect("headings")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        headings.contains(&"What if the data is confidential?"),
        "{headings:?}"
    );
    assert_eq!(
        star["h"].as_array().map(Vec::len),
        star["a"].as_array().map(Vec::len),
        "an anchor per heading"
    );
    let mask = |term: &str| {
        let postings = index.postings(term);
        postings
            .iter()
            .find(|(doc, _)| *doc == star_number)
            .map(|(_, mask)| *mask)
    };
    for word in ["zanzibarian", "baseline", "revenue", "timer"] {
        assert_eq!(mask(word), Some(BODY), "{word}");
    }
    assert_eq!(
        mask("metrics"),
        Some(TITLE | TAGS),
        "a title word and tag is no body word"
    );
    assert_eq!(mask("behavioral"), Some(TAGS));
    assert_eq!(mask("numbers").map(|m| m & DESCRIPTION), Some(DESCRIPTION));
    assert_eq!(mask("faq").map(|m| m & (HEADINGS | BODY)), Some(HEADINGS));
    for left_out in ["the", "with"] {
        assert!(
            index.postings(left_out).is_empty(),
            "{left_out} is a stop word"
        );
    }
    let files = read_tree(&out);
    let data: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("assets/search/"))
        .collect();
    let named: Vec<String> = index
        .files()
        .into_iter()
        .map(|name| format!("assets/search/{name}"))
        .collect();
    assert_eq!(
        data,
        named
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>(),
        "the files the manifest names, and no others"
    );
    assert!(
        index
            .sentences(star_number)
            .contains(&"Intro with a distinctive word: zanzibarian.".to_owned()),
        "{:?}",
        index.sentences(star_number)
    );
}

#[test]
fn checklists_are_tickable_and_printable() {
    let (_dir, out) = built(&["--base-url", SUB_PATH]);
    let html = read(out.join("guides/star/index.html"));
    let boxes = attribute_values(&html, "data-task=\"");
    assert_eq!(boxes.len(), 4);
    for key in &boxes {
        assert!(
            html.contains(&format!("<label for=\"task-{key}\">")),
            "{key} labelled"
        );
    }
    assert!(
        html.contains("checked><label"),
        "a ticked source item starts ticked"
    );
    assert!(html.contains("data-checklist=\"/prep/guides/star.md\""));
    // The progress panel is a box the script fills (its Reset and Undo need the script).
    assert!(html.contains("<div class=\"checklist-status\" data-checklist-status hidden></div>"));
    assert!(html.contains(
        "<a href=\"/prep/checklists-print/#checklist-guides-star\" data-print-checklist>Printable checklist</a>"
    ));
    // The keys follow the item's text: the same text keeps its key across builds.
    let (_other, again) = built(&["--base-url", SUB_PATH]);
    assert_eq!(
        attribute_values(&read(again.join("guides/star/index.html")), "data-task=\""),
        boxes
    );

    // One HTML page per guide: its printable checklist is its place on the checklists' page.
    assert!(!out.join("checklists-print/guides").exists());
    let page = read(out.join("checklists-print/index.html"));
    let at = page
        .find("id=\"checklist-guides-star\"")
        .expect("the guide's checklist has its anchor");
    let end = page[at..].find("</section>").map_or(page.len(), |e| at + e);
    let print = visible_text(&page[at..end]);
    assert!(print.contains("STAR Stories & Metrics"), "{print}");
    assert!(
        print.contains(
            "Pick a story with a measured result Write the baseline down Nested task under it"
        ),
        "{print}"
    );
    let all = visible_text(&page);
    for item in [
        "Rehearse aloud with a timer",
        "Name the guardrails",
        "Customer quote",
        "Three",
    ] {
        assert!(all.contains(item), "{item} in {all}");
    }
    assert!(!all.contains("A Draft"));
}

#[test]
fn pages_have_one_h1_landmarks_and_a_skip_link() {
    let (_dir, out) = built(&[]);
    for (path, bytes) in read_tree(&out).iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert_eq!(html.matches("<h1").count(), 1, "{path}: one h1");
        assert_eq!(html.matches("<main").count(), 1, "{path}: one main");
        if !html.contains("http-equiv=\"refresh\"") {
            assert!(
                html.contains("<a class=\"skip-link\" href=\"#main\">"),
                "{path}"
            );
            assert!(html.contains("<main id=\"main\""), "{path}");
            assert!(html.contains("<header class=\"site-header\">"), "{path}");
            assert!(html.contains("<footer class=\"site-footer\">"), "{path}");
        }
    }
}

/// In a real browser on the static site: ticking a checklist item survives a reload, and the
/// reset button clears it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticked_checklist_item_stays_ticked_after_a_reload() {
    let Some(browser) = crate::browser::Browser::start().await else {
        return;
    };
    let (_dir, out) = built(&[]);
    let host = crate::support::StaticHost::start(&out);
    let client = &browser.client;
    let first = "document.querySelector('input.task')";
    client
        .goto(&format!("{}/guides/star/", host.url))
        .await
        .expect("open the guide");
    browser.wait_until(&format!("!{first}.disabled"), 10).await;
    let count = "document.querySelector('[data-checklist-count]').textContent";
    browser
        .wait_until(&format!("{count} === '1 of 4 done'"), 5)
        .await;
    // The theme scrolls smoothly; put the item in view at once so the click lands on it.
    client
        .execute(
            "document.querySelector(\"label[for^='task-']\").scrollIntoView({block: 'center', behavior: 'instant'});",
            vec![],
        )
        .await
        .expect("scroll");
    client
        .find(fantoccini::Locator::Css("label[for^='task-']"))
        .await
        .expect("the first item's label")
        .click()
        .await
        .expect("tick it by its label");
    browser.wait_until(&format!("{first}.checked"), 5).await;
    browser
        .wait_until(&format!("{count} === '2 of 4 done'"), 5)
        .await;

    client.refresh().await.expect("reload");
    browser.wait_until(&format!("!{first}.disabled"), 10).await;
    browser
        .wait_until(&format!("{first}.checked && {count} === '2 of 4 done'"), 5)
        .await;

    client
        .execute(
            "document.querySelector('[data-checklist-reset]').scrollIntoView({block: 'center', behavior: 'instant'});",
            vec![],
        )
        .await
        .expect("scroll");
    client
        .find(fantoccini::Locator::Css("[data-checklist-reset]"))
        .await
        .expect("the reset button")
        .click()
        .await
        .expect("reset");
    client.refresh().await.expect("reload");
    browser.wait_until(&format!("!{first}.disabled"), 10).await;
    browser
        .wait_until(&format!("!{first}.checked && {count} === '1 of 4 done'"), 5)
        .await;
    browser.close().await;
}

/// In a real browser on the static demo site: searching a word of one guide finds that guide,
/// with the search index fetched only once the reader starts to search.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searching_the_demo_site_finds_the_guide() {
    let Some(browser) = crate::browser::Browser::start().await else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    build(root, &["-o", out.path().to_str().expect("utf-8")]).success();
    let host = crate::support::StaticHost::start(out.path());
    let client = &browser.client;
    client.goto(&host.url).await.expect("open the home page");
    browser
        .wait_until("!document.querySelector('[data-search]').hidden", 10)
        .await;
    let labelled = "const input = document.querySelector('#search-input');
        return input.labels.length === 1 && input.labels[0].textContent === 'Search guides';";
    assert_eq!(
        client.execute(labelled, vec![]).await.expect("script runs"),
        true,
        "the search box the script makes is labelled"
    );
    let index_fetches = "return performance.getEntriesByType('resource')
        .filter(e => e.name.includes('search-index.json') || e.name.includes('/assets/search/'))
        .length;";
    assert_eq!(
        client
            .execute(index_fetches, vec![])
            .await
            .expect("script runs"),
        0,
        "the index waits for the first search"
    );
    // "throughput" is a word of one guide's text only.
    client
        .find(fantoccini::Locator::Css("#search-input"))
        .await
        .expect("the search box")
        .send_keys("throughput")
        .await
        .expect("type");
    let first_hit = "document.querySelector('#search-results a')";
    browser
        .wait_until(
            &format!("{first_hit} && {first_hit}.getAttribute('href') === '/frameworks/data-driven-star/'"),
            10,
        )
        .await;
    browser
        .wait_until(
            "document.querySelector('#search-status').textContent.includes('found')",
            5,
        )
        .await;
    browser.close().await;
}
