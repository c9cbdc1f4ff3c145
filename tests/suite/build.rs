//! `prepbook build`: the output, its links, themes, atomic writes and bad input.

use std::path::Path;

use predicates::prelude::*;

use crate::support::{broken_links, build, prepbook, read, read_tree, site};

#[test]
fn demo_site_builds_and_links_every_guide() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("public");
    build(root, &["-o", out_dir.to_str().unwrap()]).success();
    let index = read(out_dir.join("index.html"));
    let guides: Vec<_> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "_index.md")
        .collect();
    assert!(guides.len() >= 7, "the demo has at least seven guides");
    for guide in &guides {
        let rel = guide.path().strip_prefix(root.join("content")).unwrap();
        let url = format!("/{}/", rel.with_extension("").to_string_lossy());
        assert!(
            index.contains(&format!("href=\"{url}\"")),
            "index links to {url}"
        );
        assert!(
            out_dir
                .join(rel.with_extension(""))
                .join("index.html")
                .is_file()
        );
    }
    assert_eq!(broken_links(&out_dir, "/"), Vec::<String>::new());
}

/// The demo's guides teach one company's loop: each says so, so a reader searching "Amazon"
/// finds every one; and the site spells one way (US), as its folder names and tag slugs do.
#[test]
fn demo_guides_name_their_company_and_spell_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    build(root, &["-o", out.path().to_str().unwrap()]).success();
    let index = crate::search::SearchIndex::read(out.path());
    assert!(index.count() >= 7, "the demo's guides are indexed");
    // In any field a search looks at: title, description, tags, section, headings, text.
    let naming: Vec<usize> = index
        .postings("amazon")
        .iter()
        .map(|(doc, _)| *doc)
        .collect();
    for doc in 0..index.count() {
        assert!(
            naming.contains(&doc),
            "{} does not name Amazon",
            index.doc(doc)["t"]
        );
    }
    // The site's own text: pages, feeds and data, not the vendored libraries under assets/.
    let own = |path: &str| {
        [".html", ".xml", ".json", ".txt"]
            .iter()
            .any(|e| path.ends_with(e))
    };
    for (path, bytes) in read_tree(out.path()).into_iter().filter(|(p, _)| own(p)) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!text.contains("behaviour"), "UK spelling in {path}");
    }
}

#[test]
fn pages_sections_tags_and_assets_are_written() {
    let dir = site(&["basic"]);
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    let files = read_tree(&out);
    for expected in [
        "index.html",
        "404.html",
        "guides/index.html",
        "guides/alpha/index.html",
        "guides/beta/index.html",
        "top/index.html",
        "tags/index.html",
        "tags/ownership/index.html",
        "tags/metrics/index.html",
        "CNAME",
    ] {
        assert!(
            files.contains_key(expected),
            "missing {expected}; have {:?}",
            files.keys()
        );
    }
    assert!(
        !files.contains_key("draft/index.html"),
        "drafts are left out by default"
    );
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());

    let alpha = read(out.join("guides/alpha/index.html"));
    // Links to .md files become page links, anchors kept.
    assert!(alpha.contains("href=\"/guides/beta/#faq\""));
    assert!(alpha.contains("href=\"/top/\""));
    // Heading ids (their permalinks are added by the page's script) and the table of contents.
    assert!(alpha.contains("<h2 id=\"example\">Example</h2>"));
    assert!(alpha.contains("<a href=\"#is-this-a-question\">Is this a question?</a>"));
    // Highlighted code with short classes, which its stylesheet defines.
    assert!(alpha.contains("<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\">"));
    let class = alpha
        .split_once("<span class=\"hl")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(class, _)| format!("hl{class}"))
        .expect("a highlighted token");
    assert!(class.len() <= 4, "{class}");
    let highlight = crate::support::asset_path(&out, "highlight.css");
    assert!(read(out.join(highlight)).contains(&format!(".{class}{{--hl-l-fg:")));
    // Alpha and beta link to each other: beta is listed once, among the related guides with
    // that reason (not again under "Guides that link here"); previous/next within the section
    // (beta is newer, so it comes first).
    assert!(alpha.contains(
        "<a href=\"/guides/beta/\">Beta Guide</a><span class=\"related-reason\">Linked both ways</span>"
    ));
    assert!(!alpha.contains("link here</h2>"));
    assert!(alpha.contains("rel=\"prev\""));
    // Front matter shown.
    assert!(alpha.contains(">L6<") && alpha.contains(">PM<") && alpha.contains(">framework<"));
    let beta = read(out.join("guides/beta/index.html"));
    assert!(
        beta.contains("id=\"notes-1\""),
        "duplicate headings get unique ids"
    );
    let tag = read(out.join("tags/ownership/index.html"));
    assert!(
        tag.find("Beta Guide").unwrap() < tag.find("Alpha Guide").unwrap(),
        "most recent first"
    );
}

#[test]
fn drafts_flag_publishes_drafts() {
    let dir = site(&["basic"]);
    build(dir.path(), &["--drafts"]).success();
    let draft = read(dir.path().join("public/draft/index.html"));
    assert!(draft.contains("Draft"));
}

#[test]
fn a_single_template_overrides_the_default_theme() {
    let dir = site(&["basic", "theme-override"]);
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    let guide = read(out.join("guides/alpha/index.html"));
    assert!(
        guide.contains("<title>CUSTOM Alpha Guide</title>"),
        "override applies"
    );
    assert!(
        guide.contains("class=\"toc\""),
        "the rest of the extended default stays"
    );
    let section = read(out.join("guides/index.html"));
    assert!(
        section.contains("<title>All Guides · Fixture Site</title>"),
        "other pages use the default"
    );
}

#[test]
fn broken_template_is_fatal_and_names_it() {
    let dir = site(&["basic", "theme-override"]);
    std::fs::write(
        dir.path().join("themes/custom/templates/guide.html"),
        "{% if %}",
    )
    .unwrap();
    build(dir.path(), &[])
        .code(2)
        .stderr(predicate::str::contains("guide.html"));
    assert!(!dir.path().join("public").exists());
}

#[test]
fn output_is_swapped_in_and_stale_files_go() {
    let dir = site(&["basic"]);
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    std::fs::remove_file(dir.path().join("content/top.md")).unwrap();
    std::fs::write(
        dir.path().join("content/guides/alpha.md"),
        read(dir.path().join("content/guides/alpha.md"))
            .replace("[the top guide](../top.md)", "the top guide"),
    )
    .unwrap();
    build(dir.path(), &[]).success();
    assert!(!out.join("top/index.html").exists());
    assert!(out.join("guides/alpha/index.html").exists());
    let siblings: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        siblings.is_empty(),
        "no staging folders left behind: {siblings:?}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = site(&["basic"]);
    build(
        dir.path(),
        &["-o", dir.path().join("one").to_str().unwrap()],
    )
    .success();
    build(
        dir.path(),
        &["-o", dir.path().join("two").to_str().unwrap()],
    )
    .success();
    let one = read_tree(&dir.path().join("one"));
    assert!(one.len() > 10);
    assert_eq!(one, read_tree(&dir.path().join("two")));
}

#[test]
fn front_matter_text_is_escaped_everywhere() {
    let dir = site(&["basic"]);
    std::fs::write(
        dir.path().join("content/guides/xss.md"),
        crate::support::complete_guide(
            "title: \"<script>alert(1)</script>\"\ndescription: \"a <b>bold</b> claim\"\ntags: [\"<i>t</i>\"]",
        ),
    )
    .unwrap();
    build(dir.path(), &[]).success();
    for (path, bytes) in read_tree(&dir.path().join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<script>alert"), "{path} has the raw title");
        assert!(!text.contains("<b>bold"), "{path} has the raw description");
        assert!(!text.contains("<i>t</i>"), "{path} has the raw tag");
    }
    assert!(
        read(dir.path().join("public/guides/xss/index.html"))
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
}

/// Each malformed guide: exit 1, a message naming the file (and line), previous output intact.
fn assert_bad_guide(case: &str, expected: &[&str]) {
    let dir = site(&["basic"]);
    build(dir.path(), &[]).success();
    let before = read_tree(&dir.path().join("public"));
    std::fs::copy(
        crate::support::fixtures_dir().join("bad-input").join(case),
        dir.path().join("content/guides/broken.md"),
    )
    .unwrap();
    let assert = build(dir.path(), &[]).code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for needle in expected {
        assert!(
            stderr.contains(needle),
            "{case}: expected `{needle}` in:\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        before,
        read_tree(&dir.path().join("public")),
        "{case}: output untouched"
    );
}

#[test]
fn no_front_matter() {
    assert_bad_guide(
        "no-front-matter.md",
        &["content/guides/broken.md:1:1: error[missing-front-matter]"],
    );
}

#[test]
fn unclosed_front_matter() {
    assert_bad_guide(
        "unclosed.md",
        &["content/guides/broken.md:1:1: error[unclosed-front-matter]"],
    );
}

#[test]
fn invalid_yaml() {
    assert_bad_guide(
        "invalid-yaml.md",
        // At the `[` left open on line 3, where the mistake is.
        &[
            "content/guides/broken.md:3:7:",
            "error[invalid-front-matter]",
        ],
    );
}

#[test]
fn wrong_type() {
    assert_bad_guide(
        "wrong-type.md",
        &["content/guides/broken.md:4:", "invalid type"],
    );
}

#[test]
fn unknown_key() {
    assert_bad_guide(
        "unknown-key.md",
        &["content/guides/broken.md:3:1:", "unknown field `tag`"],
    );
}

#[test]
fn wrong_shape() {
    assert_bad_guide(
        "wrong-shape.md",
        &["content/guides/broken.md:2:", "error[invalid-front-matter]"],
    );
}

#[test]
fn invalid_utf8() {
    assert_bad_guide(
        "invalid-utf8.md",
        &["content/guides/broken.md:5:6: error[invalid-utf8]"],
    );
}

#[test]
fn empty_file() {
    assert_bad_guide("empty.md", &["content/guides/broken.md: error[empty-file]"]);
}

#[test]
fn broken_link() {
    assert_bad_guide(
        "broken-link.md",
        &[
            "content/guides/broken.md:7:5: error[broken-link]",
            "missing.md",
        ],
    );
}

#[test]
fn broken_anchor() {
    assert_bad_guide(
        "broken-anchor.md",
        &[
            "content/guides/broken.md:5:5: error[broken-anchor]",
            "#no-such-heading",
        ],
    );
}

#[test]
fn invalid_book_toml_is_fatal_with_its_line() {
    let dir = site(&["basic"]);
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"x\"\ntitel = \"y\"\n",
    )
    .unwrap();
    // Run in the site, so the path is `book.toml` as seen from there.
    let output = prepbook()
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Like a guide's diagnostic: the place, the line with a caret under the key, a suggestion.
    assert_eq!(
        stderr,
        "book.toml:3:1: error[unknown-key]: unknown key `titel` in [book]\n  |\n3 | titel = \"y\"\n  | ^^^^^\n  |\n  = help: did you mean `title`?\n"
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn every_book_toml_problem_is_reported_in_one_run() {
    let dir = site(&["basic"]);
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitel = \"x\"\n\n[checks]\ntldr-max-words = \"many\"\n\n\
         [checks.severity]\nmissing-fqa = \"off\"\n",
    )
    .unwrap();
    let output = prepbook()
        .args(["check", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["fatal"], true);
    let found: Vec<(u64, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0], (2, "unknown key `titel` in [book]"));
    assert_eq!(found[1].0, 5);
    assert!(
        found[1].1.starts_with("invalid type: string \"many\""),
        "{found:?}"
    );
    assert_eq!(found[2], (8, "unknown rule `missing-fqa`"));
    // A person sees all three, in file order.
    let stderr = String::from_utf8_lossy(&output.stderr);
    let at = |place: &str| {
        stderr
            .find(place)
            .unwrap_or_else(|| panic!("{place} in {stderr}"))
    };
    assert!(at("book.toml:2:1: error[unknown-key]") < at("book.toml:5:18: error[invalid-config]"));
    assert!(at("book.toml:5:18:") < at("book.toml:8:1: error[invalid-config]"));
    // A syntax error is still reported alone: nothing after it can be trusted.
    std::fs::write(dir.path().join("book.toml"), "[book\ntitel = 1\n").unwrap();
    let output = prepbook()
        .args(["check", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 1);
}

#[test]
fn book_toml_problems_point_at_their_key() {
    let dir = site(&["basic"]);
    let cases = [
        (
            "[checks]\nfaq-min-question = 3\n",
            "book.toml:2:1: error[unknown-key]: unknown key `faq-min-question` in [checks]",
            "2 | faq-min-question = 3",
            "did you mean `faq-min-questions`?",
        ),
        (
            "[checks]\ntldr-max-words = \"many\"\n",
            "book.toml:2:18: error[invalid-config]: invalid type: string \"many\"",
            "  |                  ^^^^^^",
            "",
        ),
        (
            "[checks.severity]\nmissing-fqa = \"off\"\n",
            "book.toml:2:1: error[invalid-config]: unknown rule `missing-fqa`",
            "  | ^^^^^^^^^^^",
            "did you mean `missing-faq`?",
        ),
        (
            "[build]\nhighlight-theme = \"OneHalfDrak\"\n",
            "book.toml:2:19: error[invalid-config]: unknown highlight theme `OneHalfDrak`",
            "  |                   ^^^^^^^^^^^^^",
            "did you mean `OneHalfDark`?",
        ),
        (
            // A misspelt table after another: a key of the top level, not of [build].
            "[build]\ntheme = \"default\"\n\n[chekcs]\n",
            "book.toml:4:2: error[unknown-key]: unknown key `chekcs`\n",
            "4 | [chekcs]",
            "did you mean `checks`?",
        ),
        (
            "[book\ntitle = \"x\"\n",
            "book.toml:1:6: error[invalid-config]:",
            "1 | [book",
            "",
        ),
    ];
    for (toml, first, snippet, help) in cases {
        std::fs::write(dir.path().join("book.toml"), toml).unwrap();
        let output = prepbook()
            .arg("check")
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{toml}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with(first), "{toml}: {stderr}");
        assert!(stderr.contains(snippet), "{toml}: {stderr}");
        assert!(stderr.contains(help), "{toml}: {stderr}");
    }
}

#[test]
fn missing_book_toml_is_fatal() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &[])
        .code(2)
        .stderr(predicate::str::contains(
            "is not a prepbook site: it has no book.toml",
        ))
        .stderr(predicate::str::contains("start one with `prepbook init`"));
    // Run from inside the folder: it is named as this folder, with no `./`.
    prepbook()
        .arg("check")
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: this folder is not a prepbook site",
        ));
}

#[test]
fn refuses_to_build_over_the_sources() {
    let dir = site(&["basic"]);
    build(dir.path(), &["-o", dir.path().to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("refusing"));
    assert!(dir.path().join("content/top.md").exists());
}

#[test]
fn static_files_replace_generated_files_but_not_pages() {
    let dir = site(&["basic"]);
    std::fs::write(
        dir.path().join("static/robots.txt"),
        "User-agent: *\nDisallow: /\n",
    )
    .unwrap();
    build(dir.path(), &[]).success();
    assert_eq!(
        read(dir.path().join("public/robots.txt")),
        "User-agent: *\nDisallow: /\n"
    );
    std::fs::create_dir_all(dir.path().join("static/guides/alpha")).unwrap();
    std::fs::write(dir.path().join("static/guides/alpha/index.html"), "mine").unwrap();
    build(dir.path(), &[])
        .code(2)
        .stderr(predicate::str::contains("static/guides/alpha/index.html"));
}

/// A theme whose guide template prints `guide.body_html` gets the whole body, in source order
/// (the default theme shows the TL;DR first and does not read it).
#[test]
fn a_theme_that_prints_the_whole_body_gets_it() {
    let dir = site(&["basic"]);
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"Fixture Site\"\n\n[build]\ntheme = \"plain\"\n",
    )
    .expect("book.toml");
    let templates = dir.path().join("themes/plain/templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    std::fs::write(
        templates.join("guide.html"),
        "<main>{{ guide.body_html | safe }}</main>",
    )
    .expect("guide.html");
    build(dir.path(), &[]).success();
    let page = read(dir.path().join("public/guides/alpha/index.html"));
    let tldr = page.find("part-tldr").expect("the TL;DR");
    let intro = page.find("Alpha links to").expect("the intro");
    assert!(intro < tldr, "source order: {page}");
    let default = site(&["basic"]);
    build(default.path(), &[]).success();
    let page = read(default.path().join("public/guides/alpha/index.html"));
    assert!(
        page.find("part-tldr") < page.find("Alpha links to"),
        "TL;DR first"
    );
}
