//! `prepbook check`: every rule at its true position, severities, output formats.

use std::path::Path;

use predicates::prelude::*;

use crate::support::{check_report, complete_guide, prepbook, report_diagnostics, site};

/// One diagnostic as the tests compare it: (file name, line, column, code, severity).
type Row = (String, u64, u64, String, String);

/// Runs `check --format json` and returns (exit code, [(file name, line, column, code, severity)]).
fn check_json(dir: &Path) -> (i32, Vec<Row>, serde_json::Value) {
    let (code, report) = check_report(dir);
    let rows = report_diagnostics(&report)
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap_or_default();
            (
                file.rsplit('/').next().unwrap_or(file).to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["severity"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (code, rows, report)
}

fn codes(rows: &[Row]) -> Vec<String> {
    rows.iter().map(|r| format!("{}:{}", r.0, r.3)).collect()
}

fn row(file: &str, line: u64, column: u64, code: &str, severity: &str) -> Row {
    (
        file.to_owned(),
        line,
        column,
        code.to_owned(),
        severity.to_owned(),
    )
}

#[test]
fn demo_site_passes_check() {
    prepbook()
        .arg("check")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .assert()
        .success()
        .stderr(predicate::str::contains("0 errors, 0 warnings"));
}

#[test]
fn every_rule_is_reported_at_its_line_and_column() {
    let dir = site(&["checks"]);
    let (code, rows, report) = check_json(dir.path());
    assert_eq!(code, 1);
    let expected = vec![
        row("compare.md", 2, 8, "missing-table", "error"),
        row("empty-tldr.md", 6, 1, "tldr-empty", "error"),
        row("errors.md", 3, 7, "invalid-value", "error"),
        row("errors.md", 4, 8, "invalid-value", "error"),
        row("errors.md", 5, 7, "invalid-value", "error"),
        row("errors.md", 6, 1, "override-not-allowed", "error"),
        row("errors.md", 10, 8, "broken-anchor", "error"),
        row("errors.md", 10, 40, "broken-link", "error"),
        row("errors.md", 10, 58, "link-outside-site", "error"),
        row("errors.md", 11, 1, "empty-link-text", "warning"),
        // `chart.png` is no file beside the guide.
        row("errors.md", 11, 17, "broken-link", "error"),
        row("errors.md", 11, 17, "missing-alt-text", "warning"),
        row("errors.md", 13, 1, "tldr-too-long", "error"),
        row("errors.md", 21, 1, "faq-too-few", "error"),
        row("errors.md", 23, 1, "faq-unanswered", "error"),
        row("errors.md", 29, 1, "checklist-too-few", "error"),
        // An empty checklist: `empty-part`, not also too few items.
        row("errors.md", 33, 1, "empty-part", "error"),
        row("errors.md", 33, 1, "duplicate-heading-id", "warning"),
        // All at the title: in the order a guide has the sections, not by rule name.
        row("missing.md", 2, 8, "missing-tldr", "error"),
        row("missing.md", 2, 8, "missing-faq", "error"),
        row("missing.md", 2, 8, "missing-checklist", "error"),
    ];
    assert_eq!(rows, expected);
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["errors"], 18);
    assert_eq!(report["summary"]["warnings"], 3);
    assert_eq!(report["summary"]["guides"], 5);
    // Did-you-mean hints where a near name exists.
    let helps: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["help"].as_str())
        .collect();
    for hint in [
        "did you mean `#worked-example`?",
        "did you mean content/guides/good.md?",
        "did you mean `PM`?",
        "did you mean `framework`?",
    ] {
        assert!(
            helps.iter().any(|h| h.ends_with(hint)),
            "missing hint {hint}: {helps:?}"
        );
    }
}

#[test]
fn human_output() {
    let dir = site(&["checks"]);
    // Run in the site: the paths are seen from where the command ran.
    let output = prepbook()
        .arg("check")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains('\u{1b}'), "NO_COLOR is respected");
    insta::assert_snapshot!(stderr);
}

#[test]
fn github_annotations() {
    let dir = site(&["checks"]);
    let output = prepbook()
        .args(["check", "--format", "github", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 21);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("::error file=content/guides/"))
            .count(),
        18
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("::warning file=content/guides/"))
            .count(),
        3
    );
    assert!(lines.contains(&"::error file=content/guides/errors.md,line=10,col=40,endColumn=56,title=broken-link::link to `goood.md`, which does not exist%0Ahelp: no guide at content/guides/goood.md; did you mean content/guides/good.md?"), "{stdout}");
}

fn with_book(extra: &str) -> tempfile::TempDir {
    let dir = site(&["checks"]);
    let book = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&book).unwrap();
    std::fs::write(&book, format!("{text}\n{extra}")).unwrap();
    dir
}

#[test]
fn severity_off_warn_and_error() {
    let dir = with_book(
        "[checks.severity]\nmissing-faq = \"warn\"\nbroken-link = \"off\"\nempty-link-text = \"error\"\n",
    );
    let (_, rows, _) = check_json(dir.path());
    assert!(rows.contains(&row("missing.md", 2, 8, "missing-faq", "warning")));
    assert!(!codes(&rows).contains(&"errors.md:broken-link".to_owned()));
    assert!(rows.contains(&row("errors.md", 11, 1, "empty-link-text", "error")));
}

#[test]
fn warnings_alone_pass() {
    let dir = site(&["basic"]);
    // beta.md has a duplicate heading: a warning, so check still passes.
    prepbook()
        .arg("check")
        .arg(dir.path())
        .assert()
        .success()
        .stderr(
            predicate::str::contains("warning[duplicate-heading-id]")
                .and(predicate::str::contains("0 errors, 1 warning")),
        );
}

#[test]
fn required_parts_are_configurable() {
    let dir = with_book("[checks]\nrequired = [\"tldr\"]\n");
    let (_, rows, _) = check_json(dir.path());
    let missing: Vec<_> = codes(&rows)
        .into_iter()
        .filter(|c| c.starts_with("missing.md"))
        .collect();
    assert_eq!(missing, ["missing.md:missing-tldr"]);
}

/// A site written with the former names (`[checks.sections]`, the code `missing-section`) checks
/// as before; what it prints carries the new code.
#[test]
fn former_names_of_parts_still_work() {
    let dir = with_book(
        "[checks]\nrequired = [\"tldr\", \"examples\"]\n[checks.sections]\n\
         examples = [\"Examples\"]\n[checks.severity]\nmissing-section = \"warn\"\n",
    );
    let (_, rows, _) = check_json(dir.path());
    assert!(
        rows.contains(&row("missing.md", 2, 8, "missing-part", "warning")),
        "{rows:?}"
    );
    assert!(!rows.iter().any(|r| r.3 == "missing-section"), "{rows:?}");
}

#[test]
fn minimums_and_aliases_are_configurable() {
    let dir = with_book(
        "[checks]\ntldr-max-words = 100\nchecklist-min-items = 1\n[checks.parts]\nfaq = [\"Questions\"]\n",
    );
    std::fs::write(
        dir.path().join("content/guides/good.md"),
        std::fs::read_to_string(dir.path().join("content/guides/good.md"))
            .unwrap()
            .replace("## FAQ", "## Questions"),
    )
    .unwrap();
    let (_, rows, _) = check_json(dir.path());
    let codes = codes(&rows);
    assert!(
        !codes.iter().any(|c| c.starts_with("good.md")),
        "alias accepted: {codes:?}"
    );
    assert!(!codes.contains(&"errors.md:tldr-too-long".to_owned()));
    // The one-item checklist passes now; the empty one is an empty part, whatever the minimum.
    assert!(
        !codes.contains(&"errors.md:checklist-too-few".to_owned()),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"errors.md:empty-part".to_owned()),
        "{codes:?}"
    );
}

#[test]
fn kinds_have_their_own_rules() {
    let dir = with_book("[checks.kinds.comparison]\nrequired = [\"tldr\"]\n");
    let (_, rows, _) = check_json(dir.path());
    assert!(
        !codes(&rows).iter().any(|c| c.starts_with("compare.md")),
        "{rows:?}"
    );
}

#[test]
fn guide_overrides_apply_only_when_allowed() {
    let dir = with_book("[checks]\nguide-overrides = true\n");
    let (_, rows, _) = check_json(dir.path());
    let codes = codes(&rows);
    assert!(!codes.contains(&"errors.md:override-not-allowed".to_owned()));
    assert!(
        !codes.contains(&"errors.md:faq-too-few".to_owned()),
        "faq-min-questions: 1 applies"
    );
}

#[test]
fn allowed_values_are_configurable() {
    let dir = with_book(
        "[checks.values]\nrole = [\"Pm\"]\nlevel = [\"L9\"]\nkind = [\"frameworks\", \"comparison\", \"checklist\", \"framework\"]\n",
    );
    let (_, rows, _) = check_json(dir.path());
    assert!(
        !codes(&rows).contains(&"errors.md:invalid-value".to_owned()),
        "{rows:?}"
    );
}

#[test]
fn bad_checks_config_is_fatal() {
    let dir = with_book("[checks.severity]\nbrokn-link = \"off\"\n");
    prepbook()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `broken-link`"));
}

#[test]
fn build_refuses_errors_unless_allowed() {
    let dir = site(&["checks"]);
    prepbook().arg("build").arg(dir.path()).assert().code(1);
    assert!(!dir.path().join("public").exists());
    // Written as asked, but the errors still fail the command (as `cargo build --keep-going`).
    prepbook()
        .args(["build", "--allow-errors"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[broken-link]"))
        .stderr(predicate::str::contains("built "));
    assert!(dir.path().join("public/guides/errors/index.html").is_file());
}

#[test]
fn huge_and_deeply_nested_guides_are_reported_not_fatal() {
    let dir = site(&["basic"]);
    let paragraph = "Preparation is a habit, not an event. ".repeat(40);
    let mut big = complete_guide("title: \"Big\"");
    while big.len() < 3 * 1024 * 1024 {
        big.push_str(&paragraph);
        big.push_str("\n\n");
    }
    std::fs::write(dir.path().join("content/guides/big.md"), big).unwrap();
    let mut deep = complete_guide("title: \"Deep\"");
    deep.push_str(&format!("\n{}too deep\n\n", "> ".repeat(5000)));
    deep.push_str(
        &(0..600)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect::<String>(),
    );
    std::fs::write(dir.path().join("content/guides/deep.md"), &deep).unwrap();
    let (code, rows, _) = check_json(dir.path());
    assert_eq!(code, 0, "warnings only: {rows:?}");
    assert!(codes(&rows).contains(&"big.md:large-guide".to_owned()));
    assert!(
        rows.iter()
            .any(|r| r.0 == "deep.md" && r.3 == "deep-nesting" && (r.1, r.2) == (27, 1)),
        "{rows:?}"
    );
}

#[test]
fn two_pages_with_one_url() {
    let dir = site(&["basic"]);
    std::fs::create_dir_all(dir.path().join("content/guides/alpha")).unwrap();
    std::fs::write(
        dir.path().join("content/guides/alpha/inner.md"),
        complete_guide("title: \"Inner\""),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/tags.md"),
        complete_guide("title: \"Tags\""),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("content/my-prep")).unwrap();
    for (file, title) in [("practice.md", "Practice"), ("my-prep/notes.md", "Notes")] {
        std::fs::write(
            dir.path().join("content").join(file),
            complete_guide(&format!("title: \"{title}\"")),
        )
        .unwrap();
    }
    let (code, rows, _) = check_json(dir.path());
    assert_eq!(code, 1);
    let codes = codes(&rows);
    assert!(
        codes.contains(&"alpha.md:url-collision".to_owned()),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"tags.md:url-collision".to_owned()),
        "{codes:?}"
    );
    for generated in ["practice.md", "notes.md"] {
        assert!(
            codes.contains(&format!("{generated}:url-collision")),
            "{codes:?}"
        );
    }
}

#[test]
fn bad_front_matter_is_reported_by_check_too() {
    let dir = site(&["basic"]);
    std::fs::copy(
        crate::support::fixtures_dir().join("bad-input/unknown-key.md"),
        dir.path().join("content/guides/u.md"),
    )
    .unwrap();
    let (code, rows, _) = check_json(dir.path());
    assert_eq!(code, 1);
    assert!(
        rows.contains(&row("u.md", 3, 1, "unknown-field", "warning")),
        "{rows:?}"
    );
}

#[test]
fn a_body_h1_is_a_warning() {
    let dir = site(&["basic"]);
    let text = complete_guide("title: \"Twice\"").replace("Intro.", "# Twice\n\nIntro.");
    std::fs::write(dir.path().join("content/guides/twice.md"), text).unwrap();
    let (code, rows, _) = check_json(dir.path());
    assert_eq!(code, 0, "a warning only: {rows:?}");
    assert!(
        rows.contains(&row("twice.md", 5, 1, "body-h1", "warning")),
        "{rows:?}"
    );
}

/// A section's `_index.md` that sets keys only guides use fails the check at each key's line,
/// instead of silently ignoring them.
#[test]
fn keys_a_section_index_ignores_fail_the_check() {
    let dir = site(&["basic"]);
    std::fs::copy(
        crate::support::fixtures_dir().join("bad-input/section-index-keys.md"),
        dir.path().join("content/guides/_index.md"),
    )
    .unwrap();
    let (code, rows, report) = check_json(dir.path());
    assert_eq!(code, 1);
    let index: Vec<&Row> = rows.iter().filter(|r| r.0 == "_index.md").collect();
    assert_eq!(
        index,
        [
            &row("_index.md", 4, 7, "section-index-key", "error"),
            &row("_index.md", 6, 8, "section-index-key", "error")
        ],
        "{rows:?}"
    );
    let help = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["code"] == "section-index-key")
        .and_then(|d| d["help"].as_str())
        .unwrap_or_default()
        .to_owned();
    assert!(
        help.contains("`title`, `description` and `weight`"),
        "{help}"
    );
}

#[test]
fn an_unquoted_colon_in_a_value_gets_the_way_out() {
    let dir = site(&["basic"]);
    std::fs::write(
        dir.path().join("content/guides/colon.md"),
        complete_guide("title: Design: a URL shortener"),
    )
    .unwrap();
    let (code, report) = check_report(dir.path());
    assert_eq!(code, 1);
    let d = report_diagnostics(&report)
        .iter()
        .find(|d| d["file"] == "content/guides/colon.md")
        .expect("a diagnostic for the guide");
    assert_eq!(d["code"], "invalid-front-matter");
    assert_eq!(d["line"], 2);
    assert_eq!(
        d["help"],
        "a value with `: ` in it must be quoted: `title: \"Design: a URL shortener\"`"
    );
}
