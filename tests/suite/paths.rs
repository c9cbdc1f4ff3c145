//! Where diagnostics point: paths seen from the folder the command ran in, in every format,
//! fatal errors included, and the site found upward from a subfolder.

use std::path::Path;

use crate::support::{copy_tree, fixtures_dir, prepbook};

/// A folder holding the `checks` fixture (a site with errors) as `docs/`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures_dir().join("checks"), &dir.path().join("docs"));
    dir
}

/// Runs prepbook in `cwd` with `args`: exit code, stdout, stderr.
fn run(cwd: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = prepbook().args(args).current_dir(cwd).output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn human_paths_start_from_where_the_command_ran() {
    let repo = repository();
    let (code, _, stderr) = run(repo.path(), &["check", "docs"]);
    assert_eq!(code, Some(1));
    let locations: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .collect();
    assert!(!locations.is_empty(), "{stderr}");
    for line in locations {
        assert!(line.starts_with("docs/content/"), "{line}");
    }
}

#[test]
fn json_and_github_paths_start_from_where_the_command_ran() {
    let repo = repository();
    let (code, stdout, _) = run(repo.path(), &["check", "docs", "--format", "json"]);
    assert_eq!(code, Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let files: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(!files.is_empty());
    for file in &files {
        assert!(file.starts_with("docs/content/"), "{file}");
        assert!(repo.path().join(file).is_file(), "{file} is a real file");
    }
    assert!(report.get("fatal").is_none(), "only a fatal error marks it");

    let (code, stdout, _) = run(repo.path(), &["check", "docs", "--format", "github"]);
    assert_eq!(code, Some(1));
    let annotations: Vec<&str> = stdout.lines().collect();
    assert_eq!(annotations.len(), files.len());
    for line in annotations {
        assert!(
            line.starts_with("::error file=docs/content/")
                || line.starts_with("::warning file=docs/content/"),
            "{line}"
        );
    }
}

#[test]
fn a_subfolder_of_a_site_finds_its_book_toml_upward() {
    let repo = repository();
    let guides = repo.path().join("docs/content/guides");
    let (code, stdout, _) = run(&guides, &["check", "--format", "json"]);
    assert_eq!(code, Some(1), "the site's errors, not `no book.toml`");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for d in report["diagnostics"].as_array().unwrap() {
        let file = d["file"].as_str().unwrap();
        assert!(file.starts_with("../../content/"), "{file}");
        assert!(
            guides.join(file).is_file(),
            "{file} opens from the subfolder"
        );
    }
    // `build` finds it too and writes the site's own output folder, not one in the subfolder.
    let basic = tempfile::tempdir().unwrap();
    copy_tree(&fixtures_dir().join("basic"), basic.path());
    let deep = basic.path().join("content");
    let (code, _, stderr) = run(&deep, &["build"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(basic.path().join("public/index.html").is_file(), "{stderr}");
    assert!(!deep.join("public").exists());
    assert!(stderr.contains("into ../public"), "{stderr}");
}

#[test]
fn a_folder_outside_any_site_is_still_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("this folder is not a prepbook site"),
        "{stderr}"
    );
}

/// A `docs/` site whose book.toml has two problems on lines 3 and 5.
fn broken_book_toml() -> tempfile::TempDir {
    let repo = repository();
    std::fs::write(
        repo.path().join("docs/book.toml"),
        "[book]\ntitle = \"x\"\ntitel = \"y\"\n",
    )
    .unwrap();
    repo
}

#[test]
fn a_broken_book_toml_is_a_json_record_marked_fatal() {
    let repo = broken_book_toml();
    let (code, stdout, stderr) = run(repo.path(), &["check", "docs", "--format", "json"]);
    assert_eq!(code, Some(2));
    let report: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout:?}"));
    assert_eq!(report["fatal"], true);
    assert_eq!(report["summary"]["errors"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "unknown-key");
    assert_eq!(d["file"], "docs/book.toml");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 1);
    assert_eq!(d["help"], "did you mean `title`?");
    // A person reading the log sees it too.
    assert!(
        stderr.starts_with("docs/book.toml:3:1: error[unknown-key]"),
        "{stderr}"
    );
}

#[test]
fn a_broken_book_toml_is_a_github_error_annotation() {
    let repo = broken_book_toml();
    let (code, stdout, _) = run(repo.path(), &["build", "docs", "--format", "github"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stdout,
        "::error file=docs/book.toml,line=3,col=1,endColumn=6,title=unknown-key::unknown key \
         `titel` in [book]%0Ahelp: did you mean `title`?\n"
    );
    assert!(!repo.path().join("docs/public").exists());
}

#[test]
fn a_missing_book_toml_is_a_record_too() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _) = run(dir.path(), &["check", "nowhere", "--format", "json"]);
    assert_eq!(code, Some(2));
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["fatal"], true);
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "fatal");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("nowhere is not a prepbook site: it has no book.toml"),
        "{d}"
    );

    let (code, stdout, _) = run(dir.path(), &["check", "nowhere", "--format", "github"]);
    assert_eq!(code, Some(2));
    assert!(
        stdout.starts_with("::error title=fatal::nowhere is not a prepbook site"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1, "one annotation: {stdout}");
}
