//! What a newcomer sees of the command line: the paths, counts and next steps it prints, its
//! help, and `init` and `new` agreeing on where guides go.

use std::io::{BufRead as _, BufReader};
use std::process::Stdio;

use predicates::prelude::*;

use crate::support::{prepbook, read, site};

#[test]
fn paths_are_printed_as_cargo_does_without_dot_slash() {
    let dir = tempfile::tempdir().unwrap();
    prepbook()
        .arg("init")
        .current_dir(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("created book.toml\n"))
        .stdout(predicate::str::contains(
            "created content/your-first-guide.md\n",
        ))
        .stdout(predicate::str::contains("next: prepbook serve "))
        .stdout(predicate::str::contains("./").not());
    prepbook()
        .args(["new", "Second Guide"])
        .current_dir(dir.path())
        .assert()
        .success()
        .stdout("created content/second-guide.md\n");
    prepbook()
        .arg("build")
        .current_dir(dir.path())
        .assert()
        .success()
        // The skeletons' text is still there, so placeholder-text warnings come first.
        .stderr(
            predicate::str::is_match(
                r"\nbuilt \d+ files, [\d.]+ [KM]iB \(largest \S+, [\d.]+ [KM]?i?B\) from 2 guides into public in \d+ ms\n$",
            )
                .unwrap()
                .and(predicate::str::contains("./").not()),
        );
}

#[test]
fn init_and_new_put_guides_in_one_place() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    prepbook().arg("init").arg(root).assert().success();
    prepbook()
        .args(["new", "Some guide", "--dir"])
        .arg(root)
        .assert()
        .success();
    assert!(root.join("content/your-first-guide.md").is_file());
    assert!(root.join("content/some-guide.md").is_file());
    prepbook().arg("build").arg(root).assert().success();
    let home = read(root.join("public/index.html"));
    assert_eq!(
        home.matches("<h2 id=\"group-").count(),
        1,
        "one list of guides, not two groups both titled Guides: {home}"
    );
    assert!(home.contains("/your-first-guide/") && home.contains("/some-guide/"));
    assert!(!root.join("content/guides").exists());
}

#[test]
fn new_slugifies_the_section_like_the_title() {
    let dir = site(&["basic"]);
    prepbook()
        .args(["new", "Day One", "--section", "New Section/Week 1", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(
        dir.path()
            .join("content/new-section/week-1/day-one.md")
            .is_file()
    );
    prepbook().arg("build").arg(dir.path()).assert().success();
    let page = read(
        dir.path()
            .join("public/new-section/week-1/day-one/index.html"),
    );
    assert!(page.contains("href=\"/new-section/"), "{page}");
    assert!(
        !page.contains("href=\"/New Section"),
        "no raw space in a link"
    );
    for bad in ["..", "../x", "./.."] {
        prepbook()
            .args(["new", "Escape", "--section", bad, "--dir"])
            .arg(dir.path())
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "must name a folder inside the content folder",
            ));
    }
}

#[test]
fn new_over_an_existing_guide_is_a_one_line_refusal() {
    let dir = site(&["basic"]);
    prepbook()
        .args(["new", "Twice"])
        .current_dir(dir.path())
        .assert()
        .success();
    prepbook()
        .args(["new", "Twice"])
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr("error: content/twice.md already exists; prepbook never overwrites a file\n");
}

#[test]
fn new_help_lists_the_kinds_without_an_empty_default() {
    let help = prepbook().args(["new", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    for kind in ["framework", "comparison", "checklist"] {
        assert!(text.contains(kind), "{kind} in {text}");
    }
    assert!(text.contains("--section <SECTION>"), "{text}");
    assert!(!text.contains("[default: ]"), "{text}");
}

#[test]
fn summaries_count_guides_not_section_intros() {
    // The basic fixture: four guides (one a draft) and two `_index.md` intros.
    let dir = site(&["basic"]);
    prepbook()
        .args(["check", "--drafts"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::ends_with(" in 4 guides\n"));
    prepbook()
        .args(["build", "--drafts"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(" from 4 guides into "));
}

#[test]
fn serve_says_built_not_rebuilt_at_start_up() {
    let dir = site(&["basic"]);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("prepbook"))
        .args(["serve", "--port", "0"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start prepbook serve");
    let mut line = String::new();
    let read = BufReader::new(child.stderr.take().expect("stderr")).read_line(&mut line);
    let _ = child.kill();
    let _ = child.wait();
    read.expect("a first line");
    assert!(
        predicate::str::is_match(r"^built 4 guides, \d+ files in \d+ ms\n$")
            .unwrap()
            .eval(&line),
        "{line:?}"
    );
}

#[test]
fn completions_are_printed_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _prepbook"),
        ("zsh", "#compdef prepbook"),
        ("fish", "complete -c prepbook"),
    ] {
        let output = prepbook().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: {script}");
        // The script knows the subcommands and their options (fish writes `-l format`).
        for word in ["build", "serve", "completions", "format", "allow-errors"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    prepbook()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values"));
}

#[test]
fn color_can_be_forced_either_way() {
    let dir = site(&["checks"]);
    let run = |color: &str| {
        let output = prepbook()
            .args(["check", "--color", color])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        String::from_utf8(output.stderr).unwrap()
    };
    // `support::prepbook` sets NO_COLOR; `always` wins over it, as an explicit flag should.
    assert!(run("always").contains("\u{1b}["));
    assert!(!run("never").contains('\u{1b}'));
    // Not a terminal: `auto` colours nothing.
    assert!(!run("auto").contains('\u{1b}'));
}

#[test]
fn quiet_keeps_the_diagnostics_and_drops_the_rest() {
    let dir = site(&["basic"]);
    let output = prepbook()
        .args(["build", "-q"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    // The fixture's one warning is still reported; what was built is not.
    assert!(stderr.contains("warning[duplicate-heading-id]"), "{stderr}");
    assert!(!stderr.contains("built "), "{stderr}");
    assert!(dir.path().join("public/index.html").is_file());

    let errors = site(&["checks"]);
    let output = prepbook()
        .args(["--quiet", "check"])
        .current_dir(errors.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("error[missing-table]"), "{stderr}");

    let empty = tempfile::tempdir().unwrap();
    let output = prepbook()
        .args(["init", "-q"])
        .current_dir(empty.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.is_empty(), "no `created …` lines");
    assert!(empty.path().join("book.toml").is_file());
}
