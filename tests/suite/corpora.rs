//! Real repositories that nobody here wrote (copied with their licences to
//! `tests/corpora/<name>/repo/`), built with only the `book.toml` beside them: `check` passes, and every internal reference of
//! the built site resolves or was reported by `check`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::{
    attribute_values, check_report, decode, ids, prepbook, read_tree, report_diagnostics,
};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpora")
        .join(name)
        .join("repo")
}

/// A temporary site holding the corpus's `book.toml` and a copy of its content folder (a build
/// reads only what lies inside the site, and writes its output there, never beside the corpus).
fn adopted(name: &str) -> tempfile::TempDir {
    let book = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpora")
        .join(name)
        .join("book.toml");
    let text = std::fs::read_to_string(&book).expect("the corpus's book.toml");
    let content = corpus(name).join("content");
    assert!(content.is_dir(), "the corpus is at {}", content.display());
    assert!(
        text.contains("\"repo/content\""),
        "content-dir points at the corpus"
    );
    // A build reads only what lies inside the site: the corpus is copied in.
    let dir = tempfile::tempdir().expect("temp dir");
    crate::support::copy_tree(&content, &dir.path().join("repo/content"));
    std::fs::write(dir.path().join("book.toml"), text).expect("write book.toml");
    dir
}

/// `check --format json`: its exit code and diagnostics as (file under content/, code).
fn check(dir: &Path) -> (i32, Vec<(String, String)>) {
    let (code, report) = check_report(dir);
    let rows = report_diagnostics(&report)
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap_or_default();
            let file = file.split("/content/").nth(1).unwrap_or(file).to_owned();
            (file, d["code"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    (code, rows)
}

/// The output page of each content file: `a/b.md` → `a/b/index.html`, a folder's
/// `README.md` or `index.md` → the folder's `index.html`.
fn pages_of(content: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let id = e
                .path()
                .strip_prefix(content)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            let (folder, name) = id.rsplit_once('/').unwrap_or(("", &id));
            let page = match name {
                "README.md" | "index.md" | "_index.md" if folder.is_empty() => "index.html".into(),
                "README.md" | "index.md" | "_index.md" => format!("{folder}/index.html"),
                _ => format!("{}/index.html", id.trim_end_matches(".md")),
            };
            (page, id)
        })
        .collect()
}

/// Every internal `href`/`src` of every page that reaches no file (or no id in it), by page.
fn unresolved(out: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let tree = read_tree(out);
    let mut broken: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (page, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let folder = page.rsplit_once('/').map_or("", |(f, _)| f);
        for target in references(&html) {
            let target = target.replace("&amp;", "&");
            let external = target.starts_with("//")
                || target.split_once(':').is_some_and(|(scheme, _)| {
                    !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric())
                });
            if external {
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(decode(a))),
                None => (target.as_str(), None),
            };
            let path = decode(path.split('?').next().unwrap_or(path));
            let file = resolve(folder, &path, page);
            let ok = tree.get(&file).is_some_and(|bytes| {
                anchor.as_ref().is_none_or(|a| {
                    a.is_empty() || ids(&String::from_utf8_lossy(bytes)).contains(a)
                })
            });
            if !ok {
                broken.entry(page.clone()).or_default().insert(target);
            }
        }
    }
    broken
}

/// The `href` and `src` values of the tags of a page (text that reads like one, in code, is
/// escaped and so no tag).
fn references(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .filter_map(|tag| tag.split('>').next())
        .flat_map(|tag| {
            let tag = format!(" {tag}");
            let mut values = attribute_values(&tag, " href=\"");
            values.extend(attribute_values(&tag, " src=\""));
            values
        })
        .collect()
}

/// The file a URL path reaches from a page in `folder`, as a static host serves it.
fn resolve(folder: &str, path: &str, page: &str) -> String {
    if path.is_empty() {
        return page.to_owned();
    }
    let joined = match path.strip_prefix('/') {
        Some(rooted) => rooted.to_owned(),
        None => format!("{folder}/{path}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let file = parts.join("/");
    if path.ends_with('/') || file.is_empty() {
        format!("{file}{}index.html", if file.is_empty() { "" } else { "/" })
    } else {
        file
    }
}

const LINK_RULES: &[&str] = &["broken-link", "broken-anchor", "link-outside-site"];

/// Builds the corpus and checks the invariant: each page's unresolved references are no more
/// than the link problems `check` reported in the page's own file, and only pages made from
/// a content file (where an author wrote the link) have any.
fn adopt(name: &str) -> Vec<(String, String)> {
    let dir = adopted(name);
    let (code, rows) = check(dir.path());
    assert_eq!(code, 0, "{name}: check passes: {rows:?}");
    prepbook().arg("build").arg(dir.path()).assert().success();
    let pages = pages_of(&corpus(name).join("content"));
    for (page, targets) in unresolved(&dir.path().join("public")) {
        let Some(file) = pages.get(&page) else {
            panic!("{name}: generated page {page} has unresolved references: {targets:?}");
        };
        let reported = rows
            .iter()
            .filter(|(f, code)| f == file && LINK_RULES.contains(&code.as_str()))
            .count();
        assert!(
            targets.len() <= reported,
            "{name}: {page} ({file}) has unresolved references that check did not report: \
             {targets:?}; reported: {reported}"
        );
    }
    rows
}

#[test]
fn the_docusaurus_handbook_builds_with_only_a_book_toml() {
    let rows = adopt("front-end-interview-handbook");
    assert!(
        !rows.iter().any(|(_, code)| code == "unknown-field"),
        "its own keys are declared: {rows:?}"
    );
}

#[test]
fn the_github_primer_builds_and_its_anchor_links_all_resolve() {
    let rows = adopt("system-design-primer");
    let anchors: Vec<_> = rows.iter().filter(|(_, c)| c == "broken-anchor").collect();
    assert!(
        anchors.is_empty(),
        "no false positive on anchors: {anchors:?}"
    );
    // The links to files the corpus left out (translations, CONTRIBUTING.md) are reported.
    assert!(
        rows.iter()
            .any(|(file, code)| file == "README.md" && code == "broken-link"),
        "{rows:?}"
    );
    // Each solution is a README alone in its folder: a guide of the folder above, listed on
    // its page like any other guide, not an empty section of its own.
    let dir = adopted("system-design-primer");
    prepbook().arg("build").arg(dir.path()).assert().success();
    let listing =
        crate::support::read(dir.path().join("public/solutions/system_design/index.html"));
    let guides: Vec<String> = crate::support::attribute_values(&listing, "href=\"")
        .into_iter()
        .filter(|href| href.starts_with("/solutions/system_design/") && href.len() > 25)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(guides.len(), 8, "{guides:?}");
    assert!(guides.contains(&"/solutions/system_design/pastebin/".to_owned()));
    let pastebin = crate::support::read(
        dir.path()
            .join("public/solutions/system_design/pastebin/index.html"),
    );
    assert!(
        pastebin.contains("<article class=\"guide\""),
        "a guide page"
    );
}
