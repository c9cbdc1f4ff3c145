//! `prepbook adopt`: the book.toml it writes for a folder of another tool's Markdown builds
//! the folder as it is (`check` passes, `build` writes a site), each setting is printed with
//! its evidence, and nothing but book.toml is ever written.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::{
    build, check_report, copy_tree, prepbook, read, read_tree, report_diagnostics, site,
};

/// Every `tests/corpora/<name>/repo/`: real repositories, each as its authors wrote it.
fn corpora() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpora");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("the corpora are at {}: {e}", root.display()))
        .filter_map(Result::ok)
        .map(|e| e.path().join("repo"))
        .filter(|p| p.is_dir())
        .collect();
    found.sort();
    found
}

/// Runs `prepbook adopt <dir>` with `extra`: exit code, stdout, stderr.
fn adopt(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let output = prepbook()
        .arg("adopt")
        .arg(dir)
        .args(extra)
        .output()
        .expect("run prepbook");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The written book.toml as a TOML table.
fn book(dir: &Path) -> toml::Table {
    read(dir.join("book.toml"))
        .parse()
        .expect("book.toml is TOML")
}

fn strings(value: &toml::Value) -> Vec<&str> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(toml::Value::as_str)
        .collect()
}

#[test]
fn every_corpus_checks_and_builds_with_only_the_book_toml_adopt_writes() {
    let corpora = corpora();
    assert!(!corpora.is_empty());
    for corpus in corpora {
        let name = corpus
            .parent()
            .and_then(Path::file_name)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&corpus, dir.path());
        let before = read_tree(dir.path());
        let (code, stdout, stderr) = adopt(dir.path(), &[]);
        assert_eq!(code, 0, "{name}: {stderr}");
        assert!(stdout.contains("content folder: "), "{name}: {stdout}");
        let mut after = read_tree(dir.path());
        // prepbook.toml where book.toml is mdBook's own.
        let written = if before.contains_key("book.toml") {
            "prepbook.toml"
        } else {
            "book.toml"
        };
        assert!(after.remove(written).is_some(), "{name}");
        assert!(after == before, "{name}: adopt changed only {written}");
        let (code, report) = check_report(dir.path());
        let diagnostics = report_diagnostics(&report);
        let errors: Vec<_> = diagnostics
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert_eq!(code, 0, "{name}: check passes: {errors:#?}");
        // A key is unknown to the check only where adopt said it left it undeclared.
        let undeclared: BTreeSet<&str> = stdout
            .lines()
            .filter(|l| l.contains("-> left undeclared"))
            .filter_map(|l| l.strip_prefix("field ")?.split(':').next())
            .collect();
        for d in diagnostics.iter().filter(|d| d["code"] == "unknown-field") {
            let message = d["message"].as_str().unwrap_or_default();
            let key = message.split('`').nth(1).unwrap_or_default();
            assert!(undeclared.contains(key), "{name}: {message}: {stdout}");
        }
        let book: toml::Table = read(dir.path().join(written))
            .parse()
            .expect("the config is TOML");
        let aliases = book
            .get("front-matter")
            .and_then(|f| f.get("aliases"))
            .and_then(toml::Value::as_table);
        for (key, target) in aliases.into_iter().flatten() {
            let target = target.as_str().unwrap_or_default();
            let said = format!("field {key}: ");
            assert!(
                stdout
                    .lines()
                    .any(|l| l.starts_with(&said) && l.ends_with(&format!("-> alias of {target}"))),
                "{name}: the alias {key} is printed: {stdout}"
            );
        }
        build(dir.path(), &[]).success();
        let out = book["build"]
            .get("output-dir")
            .and_then(toml::Value::as_str)
            .unwrap_or("public")
            .to_owned();
        assert!(
            dir.path().join(out).join("index.html").is_file(),
            "{name}: a site is written"
        );
    }
}

#[test]
fn a_folder_of_several_tools_gets_its_folder_aliases_fields_and_exclusions() {
    let dir = site(&["adopt-folder"]);
    let (code, stdout, stderr) = adopt(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    for line in [
        "content folder: pages/ (8 Markdown files, named by mkdocs.yml; also found: blog/ (1)) \
         -> content-dir = \"pages\"",
        "title: the site's name in mkdocs.yml -> title = \"Raw Prep\"",
        "front matter: 2 YAML, 1 TOML, 1 none, 1 unreadable (of 5 files) -> required = false",
        "field pubDate: date, 1 file -> alias of date",
        "field lastmod: date, 1 file -> alias of updated",
        "field categories: list, 1 file -> alias of tags",
        "field sidebar_position: number, 1 file -> alias of weight",
        "field featured: bool, 1 file -> declared as bool",
        "exclude guides/shared.md: 1 file (included by guides/yaml.md: a partial, not a page)",
        "exclude guides/empty.md: empty-file: the file is empty",
        "base-url: the other tool's config says https://example.org/raw/ -> left for you",
    ] {
        assert!(
            stdout.lines().any(|l| l.starts_with(line)),
            "{line} in:\n{stdout}"
        );
    }
    let book = book(dir.path());
    assert_eq!(book["book"]["title"].as_str(), Some("Raw Prep"));
    assert!(book["book"].get("base-url").is_none(), "left for the user");
    assert_eq!(book["build"]["content-dir"].as_str(), Some("pages"));
    assert_eq!(
        strings(&book["build"]["exclude"]),
        [
            "**/drafts/**",
            "_partials/**",
            "guides/shared.md",
            "guides/empty.md"
        ]
    );
    let front = &book["front-matter"];
    assert_eq!(front["required"].as_bool(), Some(false));
    let table = |t: &toml::Value| -> Vec<(String, String)> {
        let t = t.as_table().expect("a table");
        t.iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
            .collect()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    assert_eq!(
        table(&front["aliases"]),
        pairs(&[
            ("categories", "tags"),
            ("lastmod", "updated"),
            ("pubDate", "date"),
            ("sidebar_position", "weight"),
        ])
    );
    assert_eq!(
        table(&front["fields"]),
        pairs(&[("featured", "bool"), ("seo_title", "string")])
    );
    assert!(strings(&book["checks"]["required"]).is_empty());
    let text = read(dir.path().join("book.toml"));
    assert!(
        text.contains("# field pubDate: date, 1 file\npubDate = \"date\"\n"),
        "each setting has its evidence above it: {text}"
    );

    let (code, report) = check_report(dir.path());
    assert_eq!(code, 0, "{report}");
    assert!(
        !report_diagnostics(&report)
            .iter()
            .any(|d| d["code"] == "unknown-field"),
        "{report}"
    );
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    let toml_guide = read(out.join("guides/toml/index.html"));
    assert!(
        toml_guide.contains("2024-01-02"),
        "lastmod is the updated date"
    );
    assert!(
        out.join("tags/hugo/index.html").is_file(),
        "categories are tags"
    );
    assert!(read(out.join("guides/yaml/index.html")).contains("2024-03-04"));
    for gone in ["guides/shared", "guides/empty", "_partials", "drafts"] {
        assert!(!out.join(gone).exists(), "{gone} is left out");
    }
}

#[test]
fn an_existing_book_toml_is_refused_and_dry_run_writes_nothing() {
    let dir = site(&["adopt-folder"]);
    std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"Mine\"\n").unwrap();
    let before = read_tree(dir.path());
    let (code, stdout, stderr) = adopt(dir.path(), &[]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("book.toml already exists"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(read_tree(dir.path()) == before, "nothing changed");

    let (code, stdout, _) = adopt(dir.path(), &["--dry-run"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("field pubDate: date, 1 file -> alias of date"));
    assert!(stdout.contains("(not written, --dry-run)"), "{stdout}");
    assert!(stdout.contains("[front-matter.aliases]\n"), "{stdout}");
    assert!(
        read_tree(dir.path()) == before,
        "nothing written by --dry-run"
    );

    let (code, _, stderr) = adopt(dir.path(), &["--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(book(dir.path())["book"]["title"].as_str(), Some("Raw Prep"));
    let (code, _) = check_report(dir.path());
    assert_eq!(code, 0);
}

#[test]
fn the_hand_written_site_from_other_tools_gets_the_settings_written_for_it() {
    let dir = site(&["adopt"]);
    let hand = book(dir.path());
    std::fs::remove_file(dir.path().join("book.toml")).unwrap();
    let (code, stdout, stderr) = adopt(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let adopted = book(dir.path());
    let sorted = |book: &toml::Table| {
        let mut exclude = strings(&book["build"]["exclude"])
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
        exclude.sort();
        exclude
    };
    assert_eq!(sorted(&adopted), sorted(&hand), "{stdout}");
    for (table, key) in [
        ("front-matter", "required"),
        ("front-matter", "aliases"),
        ("checks", "required"),
    ] {
        assert_eq!(
            adopted[table].get(key),
            hand[table].get(key),
            "{table}.{key}: {stdout}"
        );
    }
    assert!(adopted["front-matter"]["fields"].get("seo_title").is_some());
}

#[test]
fn a_folder_without_markdown_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "no guides here").unwrap();
    let (code, _, stderr) = adopt(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("holds no Markdown (`.md` or `.mdx`) files"),
        "{stderr}"
    );
    assert!(!dir.path().join("book.toml").exists());
}
