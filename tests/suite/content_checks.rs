//! The content checks a reviewer would make, through the real binary: `placeholder-text`'s
//! markers, `stale-guide` and the guides due for review, `duplicate-question` across guides,
//! `empty-part`; and the guide page's "Reviewed on …".

use std::path::Path;

use prepbook::{BuildOptions, Builder, Change, Config};

use crate::support::{prepbook, read_tree, report_diagnostics, site};

/// The day the fixture's review dates are judged on.
const TODAY: &str = "2026-12-07";

/// `check --format json` of `dir` on [`TODAY`]: exit code and report.
fn check(dir: &Path) -> (i32, serde_json::Value) {
    let output = prepbook()
        .args(["check", "--format", "json", "."])
        .env("PREPBOOK_TODAY", TODAY)
        .current_dir(dir)
        .output()
        .expect("run prepbook");
    let report = serde_json::from_slice(&output.stdout).expect("a JSON report");
    (output.status.code().unwrap_or(-1), report)
}

/// `file:line:column code severity` of each diagnostic.
fn rows(report: &serde_json::Value) -> Vec<String> {
    report_diagnostics(report)
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d["file"].as_str().unwrap_or_default(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap_or_default(),
                d["severity"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

fn message_of<'a>(report: &'a serde_json::Value, code: &str, file: &str) -> &'a str {
    report_diagnostics(report)
        .iter()
        .find(|d| d["code"] == code && d["file"] == file)
        .and_then(|d| d["message"].as_str())
        .unwrap_or_else(|| panic!("{code} in {file}"))
}

fn append(path: &Path, text: &str) {
    let mut all = std::fs::read_to_string(path).unwrap();
    all.push_str(text);
    std::fs::write(path, all).unwrap();
}

#[test]
fn each_content_check_fires_at_its_place() {
    let dir = site(&["content-checks"]);
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "empty-part is an error");
    assert_eq!(
        rows(&report),
        [
            "content/guides/empty.md:11:1 empty-part error",
            "content/guides/placeholders.md:5:1 placeholder-text warning",
            "content/guides/placeholders.md:5:29 placeholder-text warning",
            "content/guides/placeholders.md:9:26 placeholder-text warning",
            "content/guides/placeholders.md:15:1 placeholder-text warning",
            "content/guides/stale.md:4:11 stale-guide warning",
            "content/guides/updated-only.md:3:10 stale-guide warning",
            "content/guides/updated-only.md:14:1 duplicate-question warning",
        ]
    );
    let lengths: Vec<u64> = report_diagnostics(&report)
        .iter()
        .filter(|d| d["code"] == "placeholder-text")
        .map(|d| d["length"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(lengths, [11, 4, 3, 5], "Lorem ipsum, TODO, TBD, FIXME");
    assert_eq!(
        message_of(
            &report,
            "duplicate-question",
            "content/guides/updated-only.md"
        ),
        "the question “How long is the loop??” is already asked at content/guides/stale.md:15"
    );
    assert_eq!(
        message_of(&report, "stale-guide", "content/guides/stale.md"),
        "last reviewed on 2026-01-02: due for review since 2026-07-01 (`review-after` is 180 days)"
    );
    assert_eq!(
        report["due_for_review"],
        serde_json::json!([
            {"file": "content/guides/stale.md", "reviewed": "2026-01-02", "key": "reviewed",
             "due": "2026-07-01"},
            {"file": "content/guides/updated-only.md", "reviewed": "2026-06-01",
             "key": "updated", "due": "2026-11-28"},
        ])
    );
}

#[test]
fn the_human_report_shows_the_marker_under_its_caret() {
    let dir = site(&["content-checks"]);
    let output = prepbook()
        .args(["check", "."])
        .env("PREPBOOK_TODAY", TODAY)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let at =
        "content/guides/placeholders.md:5:29: warning[placeholder-text]: `TODO` left in the text";
    let start = stderr
        .find(at)
        .unwrap_or_else(|| panic!("{at} in:\n{stderr}"));
    let snippet = &stderr[start..];
    assert!(
        snippet.contains(&format!("  | {}^^^^\n", " ".repeat(28))),
        "{snippet}"
    );
}

#[test]
fn each_rule_takes_the_sites_severity_and_the_list_stays_without_the_warning() {
    let dir = site(&["content-checks"]);
    append(
        &dir.path().join("book.toml"),
        "\n[checks.severity]\nempty-part = \"warn\"\nduplicate-question = \"error\"\n\
         stale-guide = \"off\"\nplaceholder-text = \"off\"\n",
    );
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "duplicate-question is an error now");
    assert_eq!(
        rows(&report),
        [
            "content/guides/empty.md:11:1 empty-part warning",
            "content/guides/updated-only.md:14:1 duplicate-question error",
        ]
    );
    let due = report["due_for_review"].as_array().expect("still listed");
    assert_eq!(due.len(), 2);
}

#[test]
fn without_review_after_no_date_is_judged() {
    let dir = site(&["content-checks"]);
    std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    let (_, report) = check(dir.path());
    assert!(!rows(&report).iter().any(|r| r.contains("stale-guide")));
    assert!(report.get("due_for_review").is_none(), "{report}");
}

#[test]
fn a_review_after_that_is_no_duration_is_a_book_toml_error_at_its_value() {
    let dir = site(&["content-checks"]);
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"T\"\n\n[checks]\nreview-after = \"6 months\"\n",
    )
    .unwrap();
    let output = prepbook()
        .args(["check", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("book.toml:5:16: error[invalid-config]: `review-after` is `6 months`"),
        "{stderr}"
    );
    assert!(stderr.contains("`90d` (days)"), "{stderr}");
}

#[test]
fn a_today_that_is_no_date_is_reported() {
    let dir = site(&["content-checks"]);
    let output = prepbook()
        .args(["check", "--format", "json", "."])
        .env("PREPBOOK_TODAY", "yesterday")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let said = report_diagnostics(&report)
        .iter()
        .any(|d| d["code"] == "stale-guide" && d["file"] == "" && d["severity"] == "warning");
    assert!(said, "{report}");
}

#[test]
fn the_guide_page_says_when_it_was_reviewed() {
    let dir = site(&["content-checks"]);
    prepbook()
        .args(["build", "--allow-errors", "."])
        .env("PREPBOOK_TODAY", TODAY)
        .current_dir(dir.path())
        .assert()
        // The fixture's errors give exit code 1; `--allow-errors` writes the site anyway.
        .code(1);
    let pages = read_tree(&dir.path().join("public"));
    let page = |path: &str| String::from_utf8_lossy(&pages[path]).into_owned();
    let stale = page("guides/stale/index.html");
    assert!(
        stale.contains(
            "<span class=\"date\">Reviewed on <time datetime=\"2026-01-02\">2026-01-02</time></span>"
        ),
        "{stale}"
    );
    assert!(!page("guides/updated-only/index.html").contains("Reviewed on"));
}

fn builder(root: &Path) -> Builder {
    let config = Config::load(root).expect("config");
    Builder::new(config, BuildOptions::default()).expect("builder")
}

fn duplicates(diagnostics: &[prepbook::Diagnostic]) -> Vec<(String, Option<usize>)> {
    diagnostics
        .iter()
        .filter(|d| d.code == "duplicate-question")
        .map(|d| (d.file.clone(), d.line))
        .collect()
}

/// A duplicate is reported on the later guide: an edit of the earlier one alone must reach it,
/// both ways, as a clean build of the same files has it.
#[test]
fn an_edit_of_one_guide_updates_the_duplicate_reported_on_another() {
    let dir = site(&["content-checks"]);
    let root = dir.path().canonicalize().unwrap();
    let mut warm = builder(&root);
    warm.check_only();
    let first = warm.full().expect("first build");
    let reported = vec![("content/guides/updated-only.md".to_owned(), Some(14))];
    assert_eq!(duplicates(&first.diagnostics), reported);
    let stale = root.join("content/guides/stale.md");
    let text = std::fs::read_to_string(&stale).unwrap();
    let renamed = text.replace(
        "### How long is the loop?",
        "### How many rounds are there?",
    );
    std::fs::write(&stale, &renamed).unwrap();
    let after = warm
        .apply(&[Change::Content(stale.clone())])
        .expect("rebuild");
    assert_eq!(duplicates(&after.diagnostics), []);
    assert_eq!(
        after.diagnostics,
        builder(&root).full().unwrap().diagnostics
    );
    std::fs::write(&stale, &text).unwrap();
    let back = warm.apply(&[Change::Content(stale)]).expect("rebuild");
    assert_eq!(duplicates(&back.diagnostics), reported);
}
