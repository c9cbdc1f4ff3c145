//! A site brought from other tools (`tests/fixtures/adopt`): Docusaurus keys and aliases, a
//! README without front matter, TOML front matter, `index.md` as a folder's page, a guide in
//! Arabic, files beside guides, raw HTML, alerts and admonitions, MDX and shortcode lines,
//! excluded partials and drafts, under a base path.

use std::path::Path;

use crate::support::{
    attribute_values, build, check_report, prepbook, read, report_diagnostics, site,
};

/// One diagnostic: file, line, column, code, severity.
type Row = (String, u64, u64, String, String);

/// `check --format json`: exit code and rows.
fn check(dir: &Path) -> (i32, Vec<Row>) {
    let (code, report) = check_report(dir);
    let rows = report_diagnostics(&report)
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["severity"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (code, rows)
}

#[test]
fn a_site_from_other_tools_checks_clean_but_for_its_unknown_key_and_mdx_lines() {
    let dir = site(&["adopt"]);
    let (code, rows) = check(dir.path());
    assert_eq!(code, 0, "{rows:?}");
    let row = |file: &str, line, code: &str| {
        (
            format!("content/guides/{file}"),
            line,
            1,
            code.to_owned(),
            "warning".to_owned(),
        )
    };
    assert_eq!(
        rows,
        [
            row("docusaurus.md", 6, "unknown-field"),
            row("mdx.md", 4, "unsupported-syntax"),
            row("mdx.md", 15, "unsupported-syntax"),
            row("mdx.md", 17, "unsupported-syntax"),
            row("mdx.md", 21, "unsupported-syntax"),
        ],
        "declared and aliased keys are known; excluded partials and drafts are not read"
    );
}

#[test]
fn unknown_field_takes_the_sites_level() {
    let dir = site(&["adopt"]);
    let book = dir.path().join("book.toml");
    let text = read(&book) + "\n[checks.severity]\nunknown-field = \"off\"\n";
    std::fs::write(&book, text).unwrap();
    let (code, rows) = check(dir.path());
    assert_eq!(code, 0, "{rows:?}");
    assert!(!rows.iter().any(|r| r.3 == "unknown-field"), "{rows:?}");
}

#[test]
fn the_built_site_has_every_page_file_and_language_in_place() {
    let dir = site(&["adopt"]);
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    // README.md is the home page, index.md the folder's page (not guides/index/).
    let home = read(out.join("index.html"));
    assert!(home.contains("Start with"), "{home}");
    assert!(home.contains("<img src=\"/prep/img/logo.png\""), "{home}");
    let section = read(out.join("guides/index.html"));
    assert!(section.contains("All the guides, from every tool."));
    assert!(!out.join("guides/index").exists());
    // Without front matter: titled by its heading, shown once.
    let plain = read(out.join("guides/plain/index.html"));
    assert!(plain.contains("<title>Plain title · Adopted"), "{plain}");
    assert_eq!(plain.matches("<h1").count(), 1, "{plain}");
    // Files beside guides are copied there and reached from the pretty-URL page; the base
    // path is put in front of the author's root-relative links.
    assert!(
        plain.contains("<img src=\"/prep/guides/diagram.png\""),
        "{plain}"
    );
    assert!(
        plain.contains("href=\"/prep/guides/toml/#second-part\""),
        "{plain}"
    );
    assert!(plain.contains("<a href=\"/prep/\">Home</a>"), "{plain}");
    assert!(out.join("guides/diagram.png").is_file());
    assert!(out.join("img/logo.png").is_file());
    let docs = read(out.join("guides/docusaurus/index.html"));
    assert!(docs.contains("<img src=\"/prep/guides/diagram.png\" alt=\"A diagram\">"));
    assert!(docs.contains("<a href=\"/prep/guides/plain/\">"), "{docs}");
    // Aliases: createdAt is the date, categories the tags.
    assert!(docs.contains("2024-05-01"), "{docs}");
    assert!(out.join("tags/migrated/index.html").is_file());
    assert!(out.join("tags/hugo/index.html").is_file(), "TOML tags");
    // Language and direction per guide, the site's elsewhere.
    let arabic = read(out.join("guides/arabic/index.html"));
    assert!(
        arabic.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{arabic}"
    );
    assert!(home.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(!out.join("_common").exists() && !out.join("guides/drafts").exists());
    // Alerts and admonitions are callouts; MDX and shortcode lines are left out.
    let mdx = read(out.join("guides/mdx/index.html"));
    assert!(mdx.contains("<aside class=\"callout callout-tip\" role=\"note\"><p class=\"callout-label\">Read this first</p>"), "{mdx}");
    assert!(
        mdx.contains("<aside class=\"callout callout-warning\""),
        "{mdx}"
    );
    for gone in [
        "import Tabs",
        "InDocAd",
        "youtube",
        ":::",
        "[!WARNING]",
        "\"old\"",
    ] {
        assert!(!mdx.contains(gone), "{gone} in {mdx}");
    }
    assert!(mdx.contains("<p>End.</p>"));
}

#[test]
fn a_broken_site_path_or_file_is_reported_with_a_did_you_mean() {
    let dir = site(&["adopt"]);
    std::fs::write(
        dir.path().join("content/guides/broken.md"),
        "# Broken\n\n[a](/guides/plian) ![b](diagrm.png)\n\n<img src=\"/img/logo.jpg\" alt=\"c\">\n",
    )
    .unwrap();
    let output = prepbook().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for needle in [
        "content/guides/broken.md:3:1: error[broken-link]: link to `/guides/plian`",
        "did you mean `/guides/plain/`?",
        "content/guides/broken.md:3:20: error[broken-link]: link to `diagrm.png`",
        "did you mean `/guides/diagram.png`?",
        "content/guides/broken.md:5:11: error[broken-link]: link to `/img/logo.jpg`",
        "did you mean `/img/logo.png`?",
    ] {
        assert!(stderr.contains(needle), "{needle} in:\n{stderr}");
    }
}

#[test]
fn a_rule_that_fires_on_many_guides_ends_with_its_summary_and_the_setting() {
    let dir = site(&["basic"]);
    for i in 0..12 {
        let front = format!("title: \"Guide {i}\"");
        let text = crate::support::complete_guide(&front);
        let without_faq = text.replace(&crate::support::complete_faq(&front), "");
        std::fs::write(
            dir.path().join(format!("content/guides/g{i}.md")),
            without_faq,
        )
        .unwrap();
    }
    let output = prepbook().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.matches("error[missing-faq]").count(),
        12,
        "each occurrence: {stderr}"
    );
    let tail: Vec<&str> = stderr.lines().rev().take(3).collect();
    assert!(tail[0].starts_with("12 errors"), "{stderr}");
    assert!(
        tail[1].contains("missing-faq = \"warn\"") && tail[1].contains("[checks]"),
        "{stderr}"
    );
    assert_eq!(
        tail[2],
        "12 guides: a required FAQ part is missing (missing-faq)"
    );
}

/// A ```` ```mermaid ```` block is its source on the page (readable without JavaScript); only
/// a page with one loads the drawing script, and only a site with one gets the library.
#[test]
fn a_mermaid_block_is_readable_source_and_only_its_page_loads_the_library() {
    let dir = site(&["adopt"]);
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    let docs = read(out.join("guides/docusaurus/index.html"));
    assert!(
        docs.contains("data-diagram tabindex=\"0\"><code>graph LR\n  Screen[Phone screen] --&gt; Loop[Onsite loop]"),
        "{docs}"
    );
    let lib = attribute_values(&docs, "data-diagram-lib=\"");
    assert_eq!(lib.len(), 1, "{docs}");
    let lib = lib[0].strip_prefix("/prep/").expect("under the base path");
    assert!(out.join(lib).is_file(), "{lib} is written");
    let plain = read(out.join("guides/plain/index.html"));
    assert!(!plain.contains("data-diagram"), "{plain}");

    let without = site(&["basic"]);
    build(without.path(), &[]).success();
    let assets = std::fs::read_dir(without.path().join("public/assets"))
        .expect("assets")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    assert!(
        assets.iter().any(|a| a.starts_with("diagrams.")),
        "{assets:?}"
    );
    assert!(
        !assets.iter().any(|a| a.starts_with("mermaid")),
        "{assets:?}"
    );
}

/// In a real browser: the diagram is drawn as SVG, with its source kept under it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mermaid_block_is_drawn_in_the_browser() {
    let Some(browser) = crate::browser::Browser::start().await else {
        return;
    };
    let dir = site(&["adopt"]);
    let root = dir.path().join("host");
    let out = root.join("prep");
    build(dir.path(), &["-o", out.to_str().expect("utf-8 path")]).success();
    let host = crate::support::StaticHost::start(&root);
    let url = format!("{}/prep/guides/docusaurus/", host.url);
    browser.client.goto(&url).await.expect("open the page");
    browser
        .wait_until(
            "document.querySelector('figure.diagram .diagram-drawing svg')",
            20,
        )
        .await;
    let drawn = browser
        .client
        .execute(
            "const f = document.querySelector('figure.diagram');
             return [f.querySelector('svg').textContent.includes('Onsite loop'),
                     f.querySelector('details pre[data-diagram]').textContent.startsWith('graph LR'),
                     document.querySelectorAll('pre[data-diagram]').length,
                     f.querySelector('details .code-block .copy-code') !== null];",
            vec![],
        )
        .await
        .expect("read the figure");
    assert_eq!(drawn, serde_json::json!([true, true, 1, true]));
    // The library is loaded as modules, only those a flowchart needs: under 1.2 MB, where
    // the whole library in one file was 3.6 MB.
    let loaded = browser
        .client
        .execute(
            "const mods = performance.getEntriesByType('resource')
               .filter((e) => e.name.includes('/assets/mermaid-'));
             return [mods.length, mods.reduce((n, e) => n + e.decodedBodySize, 0)];",
            vec![],
        )
        .await
        .expect("read the modules loaded");
    let count = loaded[0].as_u64().expect("a count");
    let bytes = loaded[1].as_u64().expect("bytes");
    assert!(count > 1, "modules: {loaded}");
    assert!(bytes > 100_000 && bytes < 1_200_000, "bytes: {loaded}");
    browser.close().await;
}
