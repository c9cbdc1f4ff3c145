//! `prepbook init` and `prepbook new`: what they write passes check, and nothing is overwritten.

use predicates::prelude::*;

use crate::support::{prepbook, site};

#[test]
fn init_makes_a_site_that_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    prepbook().arg("init").arg(&root).assert().success();
    assert!(root.join("book.toml").is_file());
    assert!(
        std::fs::read_to_string(root.join(".gitignore"))
            .unwrap()
            .contains("public")
    );
    // It checks, but an unwritten skeleton does not pass silently.
    prepbook()
        .arg("check")
        .arg(&root)
        .assert()
        .success()
        .stderr(predicate::str::contains("warning[placeholder-text]"));
    prepbook().arg("build").arg(&root).assert().success();
    assert!(root.join("public/your-first-guide/index.html").is_file());
}

#[test]
fn init_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("book.toml"), "# mine\n").unwrap();
    prepbook()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("book.toml")).unwrap(),
        "# mine\n"
    );
    assert!(!dir.path().join("content").exists(), "nothing else written");
}

#[test]
fn new_writes_each_kind_that_passes_check() {
    let dir = site(&["basic"]);
    for (title, kind) in [
        ("Mock Loop Plan", "checklist"),
        ("PM vs TPM", "comparison"),
        ("The CIRCLES Method", "framework"),
    ] {
        prepbook()
            .args(["new", title, "--kind", kind, "--section", "drafts", "--dir"])
            .arg(dir.path())
            .assert()
            .success()
            .stdout(predicate::str::contains("created"));
    }
    let text = std::fs::read_to_string(dir.path().join("content/drafts/pm-vs-tpm.md")).unwrap();
    assert!(text.contains("title: \"PM vs TPM\""));
    assert!(text.contains("kind: comparison"));
    prepbook().arg("check").arg(dir.path()).assert().success();
}

#[test]
fn new_refuses_to_overwrite_and_unknown_kinds() {
    let dir = site(&["basic"]);
    let run = || {
        prepbook()
            .args(["new", "Twice", "--dir"])
            .arg(dir.path())
            .assert()
    };
    run().success();
    std::fs::write(dir.path().join("content/twice.md"), "edited").unwrap();
    run().code(2);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("content/twice.md")).unwrap(),
        "edited"
    );
    prepbook()
        .args(["new", "Other", "--kind", "essay", "--dir"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown kind `essay`"));
}

#[test]
fn a_site_theme_supplies_its_own_archetype() {
    let dir = site(&["basic", "theme-override"]);
    std::fs::create_dir_all(dir.path().join("themes/custom/archetypes")).unwrap();
    std::fs::write(
        dir.path().join("themes/custom/archetypes/framework.md"),
        "---\ntitle: {{ title_yaml }}\n---\n\nHOUSE STYLE\n",
    )
    .unwrap();
    prepbook()
        .args(["new", "House", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(dir.path().join("content/house.md"))
            .unwrap()
            .contains("HOUSE STYLE")
    );
}
