//! Inputs that once made a build slow or exhaust memory (the generators are the benchmark's,
//! which times them): each builds, and its output is right. Their timings are in
//! `cargo bench --bench build`, never asserted here.

use std::collections::HashSet;
use std::path::Path;

use crate::support::{build, ids, prepbook, read};

#[path = "../../benches/corpus/adversarial.rs"]
#[allow(dead_code)]
mod inputs;

/// `check --format json` on `dir`: the diagnostics, and how many bytes were printed.
fn diagnostics(dir: &Path) -> (Vec<serde_json::Value>, usize) {
    let output = prepbook()
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .expect("run prepbook");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let list = report["diagnostics"].as_array().expect("array").clone();
    (list, output.stdout.len())
}

fn of_code<'a>(list: &'a [serde_json::Value], code: &str) -> Vec<&'a serde_json::Value> {
    list.iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn ten_thousand_tags_on_one_guide() {
    let dir = tempfile::tempdir().unwrap();
    inputs::many_tags(dir.path(), 10_000).unwrap();
    let out = dir.path().join("out");
    // Its content errors give exit code 1; --allow-errors writes the site anyway.
    build(dir.path(), &["--allow-errors", "-o", out.to_str().unwrap()]).code(1);
    let tag_pages = std::fs::read_dir(out.join("tags")).unwrap().count();
    assert_eq!(tag_pages, 10_000 + 1, "a page per tag, and the index");
    let last = read(out.join(format!("tags/{}/index.html", inputs::tag(9_999))));
    assert!(
        last.contains("href=\"/guides/big/\""),
        "the tag page lists the guide"
    );
    let page = read(out.join("guides/big/index.html"));
    for i in [0, 4_321, 9_999] {
        let href = format!("href=\"/tags/{}/\"", inputs::tag(i));
        assert!(page.contains(&href), "the guide links its tag {i}");
    }
    assert_eq!(page.matches("href=\"/tags/topic-").count(), 10_000);
}

/// A site of 1,000 folders of one guide each builds, and each folder's sitemap entry carries
/// the date of the guide in it (and the parent folder the newest of them).
#[test]
fn a_thousand_sections_each_dated_by_its_guide() {
    let dir = tempfile::tempdir().unwrap();
    inputs::many_sections(dir.path(), 1_000).unwrap();
    let out = dir.path().join("out");
    build(dir.path(), &["--allow-errors", "-o", out.to_str().unwrap()]).code(1);
    let sitemap = read(out.join("sitemap.xml"));
    for i in [0_usize, 27, 567, 999] {
        let entry = format!(
            "<url><loc>/topics/t-{i:05}/</loc><lastmod>2026-02-{:02}</lastmod></url>",
            i % 28 + 1
        );
        assert!(sitemap.contains(&entry), "{entry} in the sitemap");
    }
    assert!(
        sitemap.contains("<url><loc>/topics/</loc><lastmod>2026-02-28</lastmod></url>"),
        "the parent folder has its newest guide's date"
    );
}

/// Each unknown key is one warning at its own line: `---` is line 1 and the title line 2, so
/// key `i` is on line `i + 3`.
#[test]
fn twenty_thousand_unknown_keys_are_each_reported_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    inputs::unknown_keys(dir.path(), 20_000).unwrap();
    let (list, _) = diagnostics(dir.path());
    let unknown = of_code(&list, "unknown-field");
    assert_eq!(unknown.len(), 20_000);
    for i in [0, 12_345, 19_999] {
        let key = inputs::unknown_key(i);
        let d = unknown
            .iter()
            .find(|d| d["message"].as_str().is_some_and(|m| m.contains(&key)))
            .unwrap_or_else(|| panic!("{key} is reported"));
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(i as u64 + 3), Some(1))
        );
    }
}

/// Every broken anchor of a page of 10,000 headings is reported, no good one is, and a typo
/// still gets its did-you-mean.
#[test]
fn ten_thousand_headings_with_good_and_broken_anchor_links() {
    let dir = tempfile::tempdir().unwrap();
    inputs::anchor_links(dir.path(), 10_000).unwrap();
    let (list, _) = diagnostics(dir.path());
    let broken = of_code(&list, "broken-anchor");
    assert_eq!(broken.len(), 10_001);
    assert!(broken.iter().all(|d| {
        let message = d["message"].as_str().unwrap_or_default();
        message.contains("#nope-") || message.contains("#headnig-7")
    }));
    let typo = broken
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("#headnig-7"))
        })
        .expect("the typo is reported");
    assert!(
        typo["help"]
            .as_str()
            .is_some_and(|h| h.contains("#heading-7")),
        "{typo}"
    );
}

#[test]
fn twenty_thousand_identical_headings_get_distinct_ids() {
    let dir = tempfile::tempdir().unwrap();
    inputs::same_headings(dir.path(), 20_000).unwrap();
    let out = dir.path().join("out");
    // Its content errors give exit code 1; --allow-errors writes the site anyway.
    build(dir.path(), &["--allow-errors", "-o", out.to_str().unwrap()]).code(1);
    let page = read(out.join("guides/big/index.html"));
    let found: HashSet<String> = ids(&page).into_iter().collect();
    assert!(found.contains("same"));
    for n in 1..20_000 {
        assert!(found.contains(&format!("same-{n}")), "no id same-{n}");
    }
    let (list, _) = diagnostics(dir.path());
    assert_eq!(of_code(&list, "duplicate-heading-id").len(), 19_999);
}

#[test]
fn fifty_thousand_broken_links_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    inputs::broken_links(dir.path(), 50_000, " ").unwrap();
    let (list, printed) = diagnostics(dir.path());
    let broken = of_code(&list, "broken-link");
    assert_eq!(broken.len(), 50_000);
    let mut column = 1;
    for (i, d) in broken.iter().enumerate() {
        let target = format!("missing-{i}.md");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(5), Some(column))
        );
        let quoted = d["source_line"].as_str().expect("a quoted line");
        assert!(quoted.contains(&format!("[x]({target})")), "{quoted}");
        assert!(quoted.chars().count() < 400, "a window, not the whole line");
        column += format!("[x]({target}) ").len() as u64;
    }
    // Each diagnostic quotes a window of the line, not the 1 MB line.
    assert!(printed < 50_000 * 1_000, "{printed} bytes printed");
}

#[test]
fn ten_thousand_broken_links_one_per_line_and_the_rule_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    inputs::broken_links(dir.path(), 10_000, "\n").unwrap();
    let (list, _) = diagnostics(dir.path());
    let broken = of_code(&list, "broken-link");
    assert_eq!(broken.len(), 10_000);
    for (i, d) in broken.iter().enumerate() {
        assert_eq!(d["line"].as_u64(), Some(5 + i as u64));
        assert_eq!(
            d["help"].as_str(),
            Some(format!("no guide at content/guides/missing-{i}.md").as_str())
        );
    }
    let toml = dir.path().join("book.toml");
    let config = read(&toml) + "\n[checks.severity]\nbroken-link = \"off\"\n";
    std::fs::write(&toml, config).unwrap();
    let (list, _) = diagnostics(dir.path());
    assert!(of_code(&list, "broken-link").is_empty());
    assert!(
        !of_code(&list, "missing-tldr").is_empty(),
        "other rules still run"
    );
}

#[test]
fn a_ten_megabyte_code_block_is_shown_plain_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    inputs::big_code_block(dir.path(), 10 << 20).unwrap();
    let out = dir.path().join("out");
    // Its content errors give exit code 1; --allow-errors writes the site anyway.
    build(dir.path(), &["--allow-errors", "-o", out.to_str().unwrap()]).code(1);
    let page = read(out.join("guides/big/index.html"));
    let code = page
        .split("<pre class=\"code\" data-lang=\"python\" tabindex=\"0\"><code>")
        .nth(1)
        .and_then(|rest| rest.split("</code></pre>").next())
        .expect("the code block");
    assert!(!code.contains("<span"), "not highlighted");
    let line = "total = sum(score(story) for story in stories if story.impact &gt; 3)\n";
    assert_eq!(
        code.matches(line).count(),
        (10 << 20) / (line.len() - 3) + 1
    );
    let (list, _) = diagnostics(dir.path());
    let warned = of_code(&list, "large-code-block");
    assert_eq!(warned.len(), 1);
    assert_eq!(warned[0]["line"].as_u64(), Some(5));
    assert_eq!(warned[0]["severity"], "warning");
}

/// Headings named like the page's own elements (`## Main`, `## Search input`) get ids of their
/// own: the page has each of the template's ids once, and the headings' anchors lead to them.
#[test]
fn headings_named_like_template_elements_keep_the_templates_ids_unique() {
    let dir = crate::support::site(&["basic"]);
    let guide = crate::support::complete_guide("title: Ids").replace(
        "Intro.",
        "Intro.\n\n## Main\n\nA.\n\n## Search input\n\nB.\n\n## TOC title\n\nC.",
    );
    std::fs::write(dir.path().join("content/guides/ids.md"), guide).unwrap();
    crate::support::build(dir.path(), &[]).success();
    let html = crate::support::read(dir.path().join("public/guides/ids/index.html"));
    let ids = crate::support::ids(&html);
    for id in ["main", "search-input", "toc-title"] {
        let count = ids.iter().filter(|i| *i == id).count();
        assert!(count <= 1, "id {id} appears {count} times");
    }
    for id in ["main-1", "search-input-1", "toc-title-1"] {
        assert!(ids.iter().any(|i| i == id), "{id} in {ids:?}");
    }
}
