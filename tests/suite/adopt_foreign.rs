//! `prepbook adopt` on sites written for mdBook, MkDocs and Hugo (`tests/corpora/*-written`
//! style corpora written for these tests): the other tool's own configuration is read, its
//! table of contents orders and titles the pages, its files are left as they are, and the
//! built pages say so.

use std::path::{Path, PathBuf};

use crate::support::{
    build, check_report, copy_tree, prepbook, read, read_tree, report_diagnostics, visible_text,
};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpora")
        .join(name)
        .join("repo")
}

/// A copy of the corpus in a temp dir, adopted: the dir and adopt's output.
fn adopted(name: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let stdout = adopt_copy(name, dir.path());
    (dir, stdout)
}

/// Copies the corpus to `dir` and adopts it there: adopt's output.
fn adopt_copy(name: &str, dir: &Path) -> String {
    copy_tree(&corpus(name), dir);
    adopt_in(dir)
}

/// A site of `files` (path, text) written in a temp dir.
fn site_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        std::fs::write(path, text).expect("write");
    }
    dir
}

/// Adopts `dir` where it is: adopt's output.
fn adopt_in(dir: &Path) -> String {
    let output = prepbook()
        .arg("adopt")
        .arg(dir)
        .output()
        .expect("run prepbook");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// `check` passes with no error.
fn checks_clean(dir: &Path) {
    let (code, report) = check_report(dir);
    let errors: Vec<_> = report_diagnostics(&report)
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(code, 0, "{errors:#?}");
}

/// Where each of `texts` first appears in `html`, asserting that they appear in that order.
fn in_order(html: &str, texts: &[&str]) {
    let at: Vec<usize> = texts
        .iter()
        .map(|t| {
            html.find(t)
                .unwrap_or_else(|| panic!("{t:?} is on the page"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "{texts:?} in order: {at:?}"
    );
}

#[test]
fn mdbook_s_book_toml_is_read_and_kept_and_summary_orders_and_titles_the_chapters() {
    let before = read_tree(&corpus("mdbook-notebook"));
    let (dir, stdout) = adopted("mdbook-notebook");
    for line in [
        "content folder: src/ (8 Markdown files, named by mdBook's book.toml) -> content-dir = \"src\"",
        "title: the site's name in mdBook's book.toml -> title = \"Rust Interview Notebook\"",
        "language: [book] language = \"en-GB\" in mdBook's book.toml -> language = \"en-GB\"",
        "navigation: src/SUMMARY.md lists 6 files of the 7 Markdown files (1 not listed); \
         1 draft chapter without a file, left out: Async runtimes",
        "mdBook directives: an mdBook book; 2 files use `{{#include …}}`, \
         `{{#rustdoc_include …}}` or `{{#title …}}` -> mdbook-includes = true",
        "exclude: 1 file that src/SUMMARY.md does not list, which mdBook does not build: \
         shared/remember.md -> excluded by name",
    ] {
        assert!(stdout.contains(line), "{line}\n{stdout}");
    }
    // mdBook's own file is left as it was; prepbook's config is beside it.
    let mut after = read_tree(dir.path());
    assert!(
        after.remove("prepbook.toml").is_some(),
        "prepbook.toml is written"
    );
    assert!(after == before, "nothing else changes");
    // Adopting again is refused (prepbook.toml is there), never written over.
    let again = prepbook().arg("adopt").arg(dir.path()).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    checks_clean(dir.path());
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    assert!(
        !out.join("SUMMARY/index.html").exists(),
        "SUMMARY.md is no page"
    );
    let home = read(out.join("index.html"));
    assert!(home.contains("lang=\"en-GB\""));
    // The home page lists the guides at the top, then the sections.
    let main = &home[home.find("<main").unwrap()..];
    in_order(
        main,
        &[
            "Before you start",
            "Traits and generics",
            "Further reading",
            "Ownership",
        ],
    );
    let section = read(out.join("ownership/index.html"));
    // `{{#title …}}` in the chapter wins over SUMMARY.md's name for it.
    in_order(
        &section,
        &["Lifetimes, step by step", "Borrowing, the two rules"],
    );
    let traits = read(out.join("traits/index.html"));
    assert!(
        traits.contains("<title>Traits and generics"),
        "titled by SUMMARY.md"
    );
    let text = visible_text(&traits);
    assert!(text.contains("a set of methods a type promises"), "{text}");
    // Each directive is replaced by the lines it names: an anchor, another anchor through
    // rustdoc_include, a line range, and a Markdown file (read as Markdown).
    for included in [
        "pub struct Counter { seen: u32, }",
        "impl fmt::Display for Counter {",
        "let counter = Counter { seen: 3 }; println!(\"{counter}\"); }",
        "Remember: a trait bound is a promise",
    ] {
        assert!(text.contains(included), "{included}: {text}");
    }
    for left_out in ["{{#", "ANCHOR", "use std::fmt", "fn main"] {
        assert!(!text.contains(left_out), "{left_out}: {text}");
    }
    assert!(
        traits.contains("<blockquote>"),
        "the included Markdown is Markdown"
    );
    let borrowing = visible_text(&read(out.join("ownership/borrowing/index.html")));
    assert!(borrowing.contains("use std::fmt;"), "{borrowing}");
    assert!(!borrowing.contains("{{#title"), "{borrowing}");
    assert!(
        !borrowing.contains("Borrowing Any number"),
        "the first heading is the title, shown once: {borrowing}"
    );
    assert!(
        !out.join("listings/counter.rs").exists(),
        "a listing is no page file"
    );
}

#[test]
fn an_include_of_a_missing_file_or_anchor_or_outside_the_site_is_a_located_error() {
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path().join("book");
    adopt_copy("mdbook-notebook", &dir);
    std::fs::write(outer.path().join("outside-secret.txt"), "secret").unwrap();
    std::fs::write(
        dir.join("src/appendix.md"),
        "# Appendix\n\n```rust\n{{#include listings/counter.rs:nowhere}}\n```\n\n\
         {{#include ../missing.md}}\n\nText {{#include ../../outside-secret.txt}} here.\n",
    )
    .unwrap();
    let (code, report) = check_report(&dir);
    assert_eq!(code, 1);
    let failed: Vec<(String, u64, String)> = report_diagnostics(&report)
        .iter()
        .filter(|d| d["code"] == "include-failed")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(failed.len(), 3, "{failed:#?}");
    assert!(
        failed
            .iter()
            .all(|(file, ..)| file.ends_with("src/appendix.md"))
    );
    assert_eq!((failed[0].1, failed[1].1, failed[2].1), (4, 7, 9));
    assert!(failed[0].2.contains("no `ANCHOR: nowhere`"), "{failed:?}");
    assert!(failed[1].2.contains("does not exist"), "{failed:?}");
    assert!(failed[2].2.contains("outside the site"), "{failed:?}");
    // Nothing of the outside file reaches a page, even with the errors allowed.
    build(&dir, &["--allow-errors"]).code(1);
    let page = visible_text(&read(dir.join("public/appendix/index.html")));
    assert!(
        page.contains("Text {{#include ../../outside-secret.txt}} here."),
        "{page}"
    );
    assert!(
        page.contains("{{#include listings/counter.rs:nowhere}}"),
        "left as written"
    );
}

#[test]
fn every_command_finds_prepbook_toml_beside_mdbook_s_book_toml() {
    let (dir, _) = adopted("mdbook-notebook");
    // From a folder inside the book, with no folder named: the site is found upward.
    let deep = dir.path().join("src/ownership");
    let output = prepbook()
        .args(["check", "--format", "json"])
        .current_dir(&deep)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    prepbook()
        .arg("build")
        .current_dir(&deep)
        .assert()
        .success();
    assert!(
        dir.path()
            .join("public/ownership/lifetimes/index.html")
            .is_file()
    );
}

#[test]
fn mkdocs_yml_gives_the_folder_the_nav_and_the_shared_links() {
    let (dir, stdout) = adopted("mkdocs-handbook");
    for line in [
        "content folder: pages/ (4 Markdown files, named by mkdocs.yml",
        "title: the site's name in mkdocs.yml -> title = \"Algorithms Handbook\"",
        "navigation: mkdocs.yml lists 4 files of the 4 Markdown files (0 not listed)",
        "markdown extensions: mkdocs.yml turns on admonition (`!!! note` blocks), \
         pymdownx.details (`??? note` collapsible blocks), pymdownx.tabbed",
        "heading ids: toc's slugify is ",
        "shared links: pymdownx.snippets appends 1 file to every page: includes/links.md \
         -> link-definitions = [\"includes/links.md\"]",
    ] {
        assert!(stdout.contains(line), "{line}\n{stdout}");
    }
    checks_clean(dir.path());
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    // The nav's order, not the alphabet's; its titles where it gives one.
    let basics = read(out.join("basics/index.html"));
    in_order(&basics, &["Big O", "Arrays and strings"]);
    let mock = read(out.join("practice/mock/index.html"));
    assert!(mock.contains("<title>Practice rounds"), "titled by the nav");
    // `[text][label]` resolves through the appended file; nothing else of it shows.
    let big_o = read(out.join("basics/big-o/index.html"));
    assert!(
        big_o.contains("<a href=\"https://example.org/big-o-cheatsheet\">the cheat sheet</a>"),
        "{big_o}"
    );
    let arrays = read(out.join("basics/arrays/index.html"));
    assert!(
        arrays.contains(
            "<a href=\"https://example.org/two-pointers\" title=\"Two pointers\">two pointers</a>"
        ),
        "{arrays}"
    );
    // An admonition in a list item is a callout in the item; the list goes on after it.
    assert!(
        mock.contains(
            "<li>\n<p>Pick the question.</p>\n<aside class=\"callout callout-tip\" role=\"note\">\
             <p class=\"callout-label\">Out loud</p>\n<p>Say each step before you write it.</p>\n\
             </aside>\n</li>\n<li>\n<p>Start the timer.</p>"
        ),
        "{mock}"
    );
    for page in [&big_o, &arrays, &mock] {
        let text = visible_text(page);
        assert!(
            !text.contains("[cheatsheet]") && !text.contains("RAM"),
            "{text}"
        );
    }
}

#[test]
fn adopt_at_a_repository_root_leaves_the_plumbing_out_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "README.md",
            "# Prep notes\n\nSee [queues](topics/queues.md) and [stacks](topics/stacks.md).\n",
        ),
        ("topics/queues.md", "# Queues\n\nFirst in, first out.\n"),
        ("topics/stacks.md", "# Stacks\n\nLast in, first out.\n"),
        ("topics/diagram.png", "not really a picture"),
        ("package.json", "{\"name\": \"notes\"}\n"),
        ("yarn.lock", "# lockfile\n"),
        ("scripts/build.ts", "export const x = 1;\n"),
        ("scripts/check.py", "print('x')\n"),
        ("tools/src/main.rs", "fn main() {}\n"),
        ("AGENTS.md", "# Notes for coding assistants\n"),
        ("CONTRIBUTING.md", "# Contributing\n"),
        ("CODE_OF_CONDUCT.md", "# Code of conduct\n"),
        ("LICENSE-MIT", "MIT\n"),
        ("node_modules/left-pad/README.md", "# left-pad\n"),
    ];
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let output = prepbook().arg("adopt").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    for line in [
        "repository plumbing: 2 package files (package.json, yarn.lock)",
        "repository plumbing: 3 source files (scripts/build.ts, scripts/check.py, tools/src/main.rs)",
        "repository plumbing: 4 repository documents (AGENTS.md, CODE_OF_CONDUCT.md, CONTRIBUTING.md, LICENSE-MIT)",
        "repository plumbing: 1 dependency folder (node_modules)",
    ] {
        assert!(stdout.contains(line), "{line}\n{stdout}");
    }
    checks_clean(dir.path());
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    let published: Vec<String> = read_tree(&out).into_keys().collect();
    assert!(published.contains(&"topics/queues/index.html".to_owned()));
    assert!(
        published.contains(&"topics/diagram.png".to_owned()),
        "a page's file stays"
    );
    for plumbing in [
        "package.json",
        "yarn.lock",
        "build.ts",
        "check.py",
        "main.rs",
        "AGENTS",
        "CONTRIBUTING",
        "CODE_OF_CONDUCT",
        "LICENSE",
        "left-pad",
    ] {
        assert!(
            !published.iter().any(|p| p.contains(plumbing)),
            "{plumbing} is not published: {published:?}"
        );
    }
}

#[test]
fn hugo_s_content_mount_keeps_the_language_folder_out_of_the_urls() {
    let (dir, stdout) = adopted("hugo-notes");
    let line = "content folder: content/en/ (7 Markdown files, named by hugo.toml) \
                -> content-dir = \"content/en\"";
    assert!(stdout.contains(line), "{stdout}");
    let (code, report) = check_report(dir.path());
    assert_eq!(code, 0);
    let broken: Vec<_> = report_diagnostics(&report)
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("broken")))
        .collect();
    assert!(
        broken.is_empty(),
        "the links written for Hugo's URLs resolve: {broken:#?}"
    );
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    assert!(out.join("caching/cache-aside/index.html").is_file());
    assert!(!out.join("en").exists(), "no /en/ in the URLs");
    let section = read(out.join("caching/index.html"));
    in_order(&section, &["Cache-aside", "Write-through"]);
    let page = read(out.join("queues/back-pressure/index.html"));
    assert!(page.contains("href=\"/caching/cache-aside/\""), "{page}");
    // `aliases` on a section's `_index.md`: a redirect to the section, not an error.
    let redirect = read(out.join("cache/index.html"));
    assert!(redirect.contains("url=/caching/"), "{redirect}");
}

#[test]
fn hugo_s_lowercased_urls_are_the_pages_and_links_find_them_in_any_case() {
    let (dir, stdout) = adopted("hugo-notes");
    let line = "URL case: hugo.toml leaves disablePathToLower unset: Hugo lowercases page URLs \
                (1 file with capitals in its path) -> lowercase-urls = true";
    assert!(stdout.contains(line), "{stdout}");
    assert!(read(dir.path().join("book.toml")).contains("lowercase-urls = true"));
    checks_clean(dir.path());
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    let page = read(out.join("queues/dead-letter-queues/index.html"));
    assert!(visible_text(&page).contains("parked in a dead-letter queue"));
    assert!(!out.join("queues/Dead-Letter-Queues").exists());
    // Written in capitals, as a file name or a URL, the links are the lowercase page's.
    assert!(page.contains("href=\"/queues/back-pressure/\""), "{page}");
    let from = read(out.join("queues/back-pressure/index.html"));
    assert!(
        from.contains("href=\"/queues/dead-letter-queues/\""),
        "{from}"
    );
    assert!(
        !from.contains("Dead-Letter-Queues"),
        "no link keeps the file's case: {from}"
    );
}

#[test]
fn with_lowercase_urls_two_files_differing_by_case_are_a_collision_not_an_overwrite() {
    let dir = site_of(&[
        ("hugo.toml", "title = \"T\"\n"),
        (
            "content/notes/Cache.md",
            "---\ntitle: Upper\n---\n\nUpper body.\n",
        ),
        (
            "content/notes/cache.md",
            "---\ntitle: Lower\n---\n\nLower body.\n",
        ),
    ]);
    let site = dir.path();
    adopt_in(site);
    let (code, report) = check_report(site);
    assert_eq!(code, 1);
    let collision = report_diagnostics(&report)
        .iter()
        .find(|d| d["code"] == "url-collision")
        .unwrap_or_else(|| panic!("{report:#}"));
    let message = collision["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("content/notes/cache.md and content/notes/Cache.md differ only by case"),
        "{message}"
    );
    build(site, &["--allow-errors"]).code(1);
    let page = read(site.join("public/notes/cache/index.html"));
    assert!(
        page.contains("Upper body."),
        "the first by path is built: {page}"
    );
    assert!(!page.contains("Lower body."));
}

#[test]
fn mkdocs_toc_with_python_markdown_s_slugify_gives_its_heading_ids() {
    let dir = site_of(&[
        (
            "mkdocs.yml",
            "site_name: Marks\nmarkdown_extensions:\n  - toc:\n      permalink: true\n",
        ),
        (
            "docs/index.md",
            "# Marks\n\nSee [the marks](marks.md#caret-mark-tilde).\n",
        ),
        (
            "docs/marks.md",
            "# Marks\n\n## Caret, Mark & Tilde\n\nThree extensions.\n",
        ),
    ]);
    let site = dir.path();
    let stdout = adopt_in(site);
    for line in [
        "heading ids: mkdocs.yml turns on toc with Python-Markdown's slugify -> \
         heading-ids = \"python-markdown\" (the ids MkDocs gives its headings)",
        "heading ids checked: 0 broken #anchor links with Python-Markdown's ids, 1 with \
         GitHub's -> heading-ids = \"python-markdown\" kept",
    ] {
        assert!(stdout.contains(line), "{line}\n{stdout}");
    }
    assert!(read(site.join("book.toml")).contains("heading-ids = \"python-markdown\""));
    checks_clean(site);
    build(site, &[]).success();
    let page = read(site.join("public/marks/index.html"));
    assert!(page.contains("id=\"caret-mark-tilde\""), "{page}");
    let home = read(site.join("public/index.html"));
    assert!(home.contains("href=\"/marks/#caret-mark-tilde\""), "{home}");
}

#[test]
fn an_mdbook_not_yet_adopted_says_so_and_prepbook_toml_s_errors_name_it() {
    let dir = site_of(&[
        (
            "book.toml",
            "[book]\ntitle = \"B\"\nauthors = [\"A\"]\n\n[output.html]\n",
        ),
        ("src/SUMMARY.md", "# Summary\n\n- [One](one.md)\n"),
        ("src/one.md", "# One\n\nThe first chapter.\n"),
    ]);
    let site = dir.path();
    for command in ["check", "build"] {
        let output = prepbook()
            .args([command, "."])
            .current_dir(site)
            .output()
            .expect("run prepbook");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("book.toml is mdBook's, not prepbook's")
                && stderr.contains("run `prepbook adopt .` to write prepbook.toml"),
            "{stderr}"
        );
        assert!(!stderr.contains("unknown key"), "{stderr}");
    }
    adopt_in(site);
    let own = site.join("prepbook.toml");
    let text = read(&own);
    std::fs::write(&own, format!("{text}\nbroken = \n")).expect("write");
    let output = prepbook()
        .args(["check", "."])
        .current_dir(site)
        .output()
        .expect("run prepbook");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let line = text.lines().count() + 2;
    assert!(
        stderr.starts_with(&format!("prepbook.toml:{line}:")),
        "the error names prepbook.toml: {stderr}"
    );
    assert!(
        !stderr.replace("prepbook.toml", "").contains("book.toml"),
        "{stderr}"
    );
}

#[test]
fn a_docusaurus_site_one_folder_down_is_found_and_its_mdx_pages_are_guides() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "README.md",
            "# Monorepo\n\nThe website is in apps/website.\n",
        ),
        ("package.json", "{\"private\": true}\n"),
        (
            "apps/website/docusaurus.config.js",
            "module.exports = {\n  title: 'Question Bank',\n  url: 'https://example.org',\n};\n",
        ),
        (
            "apps/website/src/pages/index.js",
            "export default () => null;\n",
        ),
        (
            "apps/website/docs/two-sum.mdx",
            "---\ntitle: Two sum\n---\n\nimport Flow from './img/flow.png';\n\n\
             Keep a map of what you have seen; see [three sum](./three-sum.mdx).\n\n\
             <img src={Flow} alt=\"The flow\" />\n\n\
             <img src={require('@site/static/img/logo.png').default} alt=\"Logo\" />\n",
        ),
        ("apps/website/docs/img/flow.png", "a picture"),
        (
            "apps/website/docs/three-sum.mdx",
            "---\ntitle: Three sum\n---\n\nSort first, then walk two pointers inward.\n\n\
             <img src={Diagram} alt=\"Never imported\" />\n",
        ),
        (
            "apps/website/docs/intro.md",
            "---\ntitle: Start here\n---\n\nTwo questions.\n",
        ),
    ];
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let output = prepbook().arg("adopt").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    for line in [
        "content folder: apps/website/docs/ (3 Markdown files, named by \
         apps/website/docusaurus.config.js",
        "title: the site's name in apps/website/docusaurus.config.js -> title = \"Question Bank\"",
        "MDX: 2 .mdx files under the content folder -> read as guides, as .md files are",
    ] {
        assert!(stdout.contains(line), "{line}\n{stdout}");
    }
    // The imported image resolves; the required one, not in the site's static/, is reported.
    let (code, report) = check_report(dir.path());
    assert_eq!(code, 0);
    let broken: Vec<String> = report_diagnostics(&report)
        .iter()
        .filter(|d| d["code"] == "broken-link")
        .map(|d| format!("{}:{} {}", d["file"], d["line"], d["message"]))
        .collect();
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert!(
        broken[0].contains("two-sum.mdx\":11 ") && broken[0].contains("/img/logo.png"),
        "{broken:?}"
    );
    // An expression that names no import is reported where it is, not left silently.
    let unresolved: Vec<String> = report_diagnostics(&report)
        .iter()
        .filter(|d| d["code"] == "unsupported-syntax" && d["file"].to_string().contains("three"))
        .map(|d| {
            format!(
                "{}:{}:{} {}",
                d["file"], d["line"], d["column"], d["message"]
            )
        })
        .collect();
    assert_eq!(unresolved.len(), 1, "{unresolved:#?}");
    assert!(
        unresolved[0].contains("three-sum.mdx\":7:10 \"the JSX value `{Diagram}` names no image"),
        "{unresolved:?}"
    );
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    let two_sum = read(out.join("two-sum/index.html"));
    assert!(
        two_sum.contains("<img src=\"/img/flow.png\" alt=\"The flow\""),
        "{two_sum}"
    );
    assert!(out.join("img/flow.png").is_file());
    assert!(two_sum.contains("Keep a map of what you have seen"));
    assert!(
        two_sum.contains("href=\"/three-sum/\""),
        "a link to an .mdx file is a guide link"
    );
    assert!(out.join("three-sum/index.html").is_file());
}

#[test]
fn serve_follows_an_included_file_and_the_summary() {
    let (dir, _) = adopted("mdbook-notebook");
    let server = crate::serving::Server::start(dir.path(), &[]);
    let first = server.get("/traits/");
    assert!(
        first.body.contains("Counts what it is shown."),
        "{}",
        first.body
    );
    // The listing is no guide, yet the chapter that includes it is rebuilt.
    let listing = dir.path().join("src/listings/counter.rs");
    let text = std::fs::read_to_string(&listing).unwrap();
    std::fs::write(
        &listing,
        text.replace("Counts what it is shown.", "Counts every visit."),
    )
    .unwrap();
    server.wait_for("/traits/", "the included file's edit", |r| {
        r.body.contains("Counts every visit.")
    });
    // SUMMARY.md is read again: a new title for the chapter.
    let summary = dir.path().join("src/SUMMARY.md");
    let text = std::fs::read_to_string(&summary).unwrap();
    std::fs::write(
        &summary,
        text.replace("[Traits and generics]", "[Traits, bounds and generics]"),
    )
    .unwrap();
    server.wait_for("/traits/", "the summary's edit", |r| {
        r.body.contains("<title>Traits, bounds and generics")
    });
}

#[test]
fn outside_an_mdbook_book_a_directive_is_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"T\"\n\n[checks]\nrequired = []\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/mdbook.md"),
        "---\ntitle: Writing for mdBook\n---\n\nA chapter includes a listing:\n\n\
         ```text\n{{#include listings/missing.rs:anchor}}\n```\n",
    )
    .unwrap();
    checks_clean(dir.path());
    build(dir.path(), &[]).success();
    let page = visible_text(&read(dir.path().join("public/mdbook/index.html")));
    assert!(
        page.contains("{{#include listings/missing.rs:anchor}}"),
        "{page}"
    );
}
