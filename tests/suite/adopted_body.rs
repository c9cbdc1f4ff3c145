//! Content written for other tools comes across whole: each test writes a small site the way
//! an MkDocs, Hugo or Docusaurus author would, builds it with the real binary and reads the
//! page it makes (and what `check` says of it).

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::support::{build, check_report, prepbook, read, report_diagnostics};

/// A site of `files` (path under the site → text) with `book` as its `book.toml`.
fn site_of(book: &str, files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("book.toml"), book).expect("book.toml");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

/// The book of an adopted site: no front matter required, no part required.
const ADOPTED: &str =
    "[book]\ntitle = \"Adopted\"\n\n[front-matter]\nrequired = false\n\n[checks]\nrequired = []\n";

fn built(dir: &Path) -> PathBuf {
    let out = dir.join("out");
    build(dir, &["-o", out.to_str().expect("utf-8 path")]).success();
    out
}

/// `check`'s findings as (file, line, code, message).
fn findings(dir: &Path) -> Vec<(String, u64, String, String)> {
    let (_, report) = check_report(dir);
    report_diagnostics(&report)
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_owned();
            (
                text("file"),
                d["line"].as_u64().unwrap_or(0),
                text("code"),
                text("message"),
            )
        })
        .collect()
}

/// `check` finds nothing to say.
fn assert_clean(dir: &Path) {
    let found = findings(dir);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_head_tag_in_code_deletes_nothing() {
    let mut page = String::from(
        "# Pages\n\nA page's head, as an example:\n\n    <head>\n      <title>Example</title>\n",
    );
    for n in 0..300 {
        page.push_str(&format!("\nParagraph {n} of the guide.\n"));
    }
    page.push_str("\n```html\n<head>\n```\n\nThe last line.\n");
    let dir = site_of(ADOPTED, &[("content/pages.md", &page)]);
    let html = read(built(dir.path()).join("pages/index.html"));
    assert!(
        html.contains("&lt;head&gt;\n  &lt;title&gt;Example&lt;/title&gt;"),
        "the indented code as written"
    );
    for n in [0, 150, 299] {
        assert!(
            html.contains(&format!("<p>Paragraph {n} of the guide.</p>")),
            "{n}"
        );
    }
    assert!(html.contains("The last line."));
    assert_clean(dir.path());
}

#[test]
fn mdx_imports_go_only_as_top_level_blocks_of_mdx() {
    let prose =
        "# Data\n\nEvery night we\nimport the tables from the warehouse and\nexport the totals.\n";
    let dir = site_of(ADOPTED, &[("content/data.md", prose)]);
    let html = read(built(dir.path()).join("data/index.html"));
    assert!(
        html.contains("import the tables from the warehouse and\nexport the totals."),
        "{html}"
    );
    assert_clean(dir.path());

    // Read as MDX, the top-level import and export blocks go (and are reported); the
    // paragraph stays.
    let mdx = format!(
        "import Tabs from '@theme/Tabs';\n\nexport const meta = {{\n  level: 2,\n}};\n\n{}",
        &prose[8..]
    );
    let book = ADOPTED.replace("[front-matter]", "[build]\nmdx = true\n\n[front-matter]");
    let dir = site_of(&book, &[("content/data.md", &mdx)]);
    let html = read(built(dir.path()).join("data/index.html"));
    assert!(
        !html.contains("@theme/Tabs") && !html.contains("level: 2"),
        "{html}"
    );
    assert!(
        html.contains("import the tables from the warehouse"),
        "{html}"
    );
    let lines: Vec<u64> = findings(dir.path()).iter().map(|f| f.1).collect();
    assert_eq!(lines, [1, 3]);
}

#[test]
fn heading_attributes_and_python_markdown_ids_reach_their_links() {
    let book = ADOPTED.replace(
        "[front-matter]",
        "[build]\nheading-ids = \"python-markdown\"\n\n[front-matter]",
    );
    let dir = site_of(
        &book,
        &[
            (
                "content/notes.md",
                "# Notes\n\n## What's new?\n\n## Caret, Mark & Tilde\n\n## Setup { id=\"install\" }\n\n## Later { #later .wide }\n",
            ),
            (
                "content/links.md",
                "# Links\n\n[new](notes.md#whats-new) [caret](notes.md#caret-mark-tilde) \
                 [install](notes.md#install) [later](notes.md#later)\n",
            ),
        ],
    );
    assert_clean(dir.path());
    let html = read(built(dir.path()).join("notes/index.html"));
    for id in ["whats-new", "caret-mark-tilde", "install", "later"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
        assert!(
            html.contains(&format!("href=\"#{id}\"")),
            "{id} in the contents"
        );
    }
    assert!(
        html.contains("<h2 id=\"later\" class=\"wide\">Later"),
        "{html}"
    );
    assert!(!html.contains("{ id="), "{html}");
}

#[test]
fn a_summary_is_a_heading_where_no_part_is_declared() {
    let words = "word ".repeat(120);
    let page = format!(
        "# Guide\n\n## Summary\n\n{words}\n\n### Checklist\n\nJust prose here.\n\n## FAQ\n\nNone.\n"
    );
    // A guide whose kind requires parts is read for them all the same.
    let checklist = "---\ntitle: List\nkind: checklist\n---\n## TL;DR\n\nShort.\n\n## Checklist\n\n- [ ] a\n- [ ] b\n- [ ] c\n";
    let dir = site_of(
        ADOPTED,
        &[("content/guide.md", &page), ("content/list.md", checklist)],
    );
    assert_clean(dir.path());
    let out = built(dir.path());
    let html = read(out.join("guide/index.html"));
    assert!(!html.contains("part-tldr"), "not styled as a TL;DR");
    assert!(html.contains("<h2 id=\"summary\">Summary"), "{html}");
    assert!(read(out.join("list/index.html")).contains("part-tldr"));

    // Declared, the same part is judged.
    let book = ADOPTED.replace("required = []", "required = [\"tldr\"]");
    std::fs::write(dir.path().join("book.toml"), book).expect("book");
    let codes: Vec<String> = findings(dir.path()).into_iter().map(|f| f.2).collect();
    assert_eq!(codes, ["tldr-too-long"]);
}

#[test]
fn definition_lists_and_hugo_code_shortcodes_keep_their_shape() {
    let page = "# Config\n\nbaseURL\n: The site's address.\n\ntitle\n: Its \"name\".\n\n\
                {{< code-toggle file=hugo >}}\n[params]\nsay = \"it's here\"\n{{< /code-toggle >}}\n\n\
                {{< highlight go >}}\nfmt.Println(\"hi\")\n{{< /highlight >}}\n";
    let dir = site_of(ADOPTED, &[("content/config.md", page)]);
    assert_clean(dir.path());
    let html = read(built(dir.path()).join("config/index.html"));
    assert!(
        html.contains("<dl>\n<dt>baseURL</dt>\n<dd>The site’s address.</dd>"),
        "{html}"
    );
    assert_eq!(html.matches("<dd>").count(), 2);
    assert!(html.contains("<pre class=\"code"), "{html}");
    let code = &html[html.find("<pre").expect("code")..];
    assert!(
        code.contains("params") && code.contains("Println"),
        "{code}"
    );
    assert!(
        !html.contains("“it’s here”") && !html.contains("“hi”"),
        "no curly quotes in code"
    );
}

#[test]
fn a_section_and_the_home_take_their_language_and_direction() {
    let dir = site_of(
        ADOPTED,
        &[
            (
                "content/_index.md",
                "---\ntitle: Home\nlang: fr\n---\nBienvenue.\n",
            ),
            (
                "content/ar/_index.md",
                "---\ntitle: عربي\nlang: ar\n---\nمرحبا.\n",
            ),
            (
                "content/ar/one.md",
                "---\ntitle: واحد\nlang: ar\n---\nنص.\n",
            ),
            ("content/en/one.md", "# One\n\nText.\n"),
        ],
    );
    assert_clean(dir.path());
    let out = built(dir.path());
    assert!(read(out.join("ar/index.html")).contains("<html lang=\"ar\" dir=\"rtl\""));
    assert!(read(out.join("index.html")).contains("<html lang=\"fr\" dir=\"ltr\""));
    assert!(read(out.join("en/one/index.html")).contains("<html lang=\"en\" dir=\"ltr\""));
}

#[test]
fn root_relative_markdown_links_and_links_to_excluded_files() {
    let book = ADOPTED.replace(
        "[front-matter]",
        "[build]\nexclude = [\"drafts/**\"]\n\n[front-matter]",
    );
    let dir = site_of(
        &book,
        &[
            ("content/README.md", "# Home\n\nHello.\n"),
            (
                "content/ar/intro.md",
                "# Intro\n\n[English](/README.md) [Other](/ar/other.md#top)\n",
            ),
            (
                "content/ar/other.md",
                "# Other\n\n## Top\n\n[Draft](../drafts/wip.md)\n",
            ),
            ("content/drafts/wip.md", "# WIP\n"),
        ],
    );
    let found = findings(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "content/ar/other.md");
    assert_eq!(found[0].2, "broken-link");
    assert!(found[0].3.contains("excluded by book.toml"), "{found:?}");
    let out = dir.path().join("out");
    // Written all the same, the error counted in the exit code.
    build(
        dir.path(),
        &["--allow-errors", "-o", out.to_str().expect("utf-8 path")],
    )
    .code(1);
    let html = read(out.join("ar/intro/index.html"));
    assert!(html.contains("<a href=\"/\">English</a>"), "{html}");
    assert!(
        html.contains("<a href=\"/ar/other/#top\">Other</a>"),
        "{html}"
    );
}

#[test]
fn a_blog_date_map_is_the_pages_date() {
    let dir = site_of(
        ADOPTED,
        &[
            (
                "content/posts/hello.md",
                "---\ntitle: Hello\ndate:\n  created: 2024-03-01\n  updated: 2024-03-09\n---\nText.\n",
            ),
            ("content/links.md", "# Links\n\n[post](posts/hello.md)\n"),
        ],
    );
    assert_clean(dir.path());
    let html = read(built(dir.path()).join("posts/hello/index.html"));
    assert!(html.contains("2024-03-01"), "{html}");
    assert!(html.contains("2024-03-09"), "{html}");
}

#[test]
fn adopt_leaves_a_page_a_sentence_mentions_as_a_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("index.md"),
        "# Start\n\nAlways include the basics: read basics.md first.\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("basics.md"), "# Basics\n\nText.\n").expect("write");
    std::fs::write(dir.path().join("shared.md"), "Shared text.\n").expect("write");
    std::fs::write(
        dir.path().join("other.md"),
        "# Other\n\n--8<-- \"shared.md\"\n",
    )
    .expect("write");
    prepbook().arg("adopt").arg(dir.path()).assert().success();
    let book = read(dir.path().join("book.toml"));
    assert!(
        book.contains("shared.md"),
        "the snippet is excluded: {book}"
    );
    assert!(!book.contains("\"basics.md\""), "the page is not: {book}");
}

#[test]
fn adopt_reads_a_site_whose_guides_use_imported_components_as_mdx() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).expect("write");
    };
    write(
        "questions.md",
        "# Questions\n\nimport InDocAd from '@site/src/components/InDocAd';\n\nIntro.\n\n<InDocAd />\n\nimport the rest of the\nanswers from the archive.\n",
    );
    write("other.md", "# Other\n\nText.\n");
    prepbook().arg("adopt").arg(dir.path()).assert().success();
    let book = read(dir.path().join("book.toml"));
    assert!(book.contains("mdx = true"), "{book}");
    let html = read(built(dir.path()).join("questions/index.html"));
    assert!(!html.contains("@site/src"), "{html}");
    assert!(
        html.contains("import the rest of the\nanswers from the archive."),
        "{html}"
    );
}
