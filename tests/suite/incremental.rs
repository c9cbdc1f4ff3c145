//! The incremental invariant: after any edit, `Builder::apply` gives the same bytes (and the
//! same diagnostics) as a clean build of the same files.

use std::path::{Path, PathBuf};

use prepbook::{BuildOptions, Builder, Change, Config};

use crate::support::{complete_guide, site};

fn builder(root: &Path) -> Builder {
    let config = Config::load(root).expect("config");
    Builder::new(
        config,
        BuildOptions {
            include_drafts: true,
        },
    )
    .expect("builder")
}

/// Applies `edit` on disk, tells the warm builder about `changed`, and compares with a clean
/// build.
fn assert_incremental(layers: &[&str], edit: impl FnOnce(&Path) -> Vec<Change>) {
    let dir = site(layers);
    let root = dir.path().canonicalize().unwrap();
    let mut warm = builder(&root);
    // As in serve: unchanged pages are reused, which must not change a byte.
    warm.reuse_pages();
    let before = warm.full().expect("first build");
    let changes = edit(&root);
    let after = warm.apply(&changes).expect("incremental build");
    let clean = builder(&root).full().expect("clean build");
    assert_eq!(after.diagnostics, clean.diagnostics);
    let differing = clean.files.changed_paths(&after.files);
    assert!(
        differing.is_empty(),
        "incremental differs from clean in {differing:?}"
    );
    assert_ne!(before.files, after.files, "the edit changed the site");
}

fn content(root: &Path, rel: &str) -> PathBuf {
    root.join("content").join(rel)
}

fn rewrite(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn body_edit() {
    assert_incremental(&["basic"], |root| {
        let path = content(root, "guides/alpha.md");
        rewrite(&path, "Alpha in short.", "Alpha, shorter.");
        vec![Change::Content(path)]
    });
}

/// Cards on list pages name the checklist's version, so a reworded item reaches them.
#[test]
fn checklist_edit_reaches_the_cards() {
    assert_incremental(&["reading"], |root| {
        let path = content(root, "loops/loop-plan.md");
        rewrite(
            &path,
            "- [ ] Three mock rounds done",
            "- [ ] Four mock rounds done",
        );
        vec![Change::Content(path)]
    });
}

/// A guide that loses its FAQ loses its practice page, and the sitemap its entry.
#[test]
fn faq_removal_reaches_the_sitemap() {
    assert_incremental(&["reading"], |root| {
        let path = content(root, "loops/debrief.md");
        rewrite(&path, "## FAQ", "## Questions");
        vec![Change::Content(path)]
    });
}

#[test]
fn title_edit_reaches_lists_and_neighbours() {
    assert_incremental(&["basic"], |root| {
        let path = content(root, "guides/beta.md");
        rewrite(&path, "title: \"Beta Guide\"", "title: \"Beta, Renamed\"");
        vec![Change::Content(path)]
    });
}

#[test]
fn tags_edit() {
    assert_incremental(&["basic"], |root| {
        let path = content(root, "guides/alpha.md");
        rewrite(&path, "tags: [ownership, Metrics]", "tags: [fresh-tag]");
        vec![Change::Content(path)]
    });
}

#[test]
fn links_edit_changes_backlinks() {
    assert_incremental(&["basic"], |root| {
        let path = content(root, "guides/beta.md");
        rewrite(
            &path,
            "Beta goes back to [alpha](./alpha.md).",
            "Beta links [top](../top.md).",
        );
        vec![Change::Content(path)]
    });
}

#[test]
fn a_new_guide() {
    assert_incremental(&["basic"], |root| {
        let path = content(root, "guides/gamma.md");
        std::fs::write(&path, complete_guide("title: \"Gamma\"\ntags: [ownership]")).unwrap();
        vec![Change::Content(path)]
    });
}

#[test]
fn a_deleted_guide() {
    assert_incremental(&["basic"], |root| {
        let path = content(root, "guides/beta.md");
        rewrite(
            &content(root, "guides/alpha.md"),
            "[beta's FAQ](beta.md#faq)",
            "beta's FAQ",
        );
        std::fs::remove_file(&path).unwrap();
        vec![
            Change::Content(path),
            Change::Content(content(root, "guides/alpha.md")),
        ]
    });
}

#[test]
fn a_renamed_guide() {
    assert_incremental(&["basic"], |root| {
        let from = content(root, "top.md");
        let to = content(root, "guides/top-moved.md");
        std::fs::rename(&from, &to).unwrap();
        rewrite(
            &content(root, "guides/alpha.md"),
            "(../top.md)",
            "(top-moved.md)",
        );
        vec![
            Change::Content(from),
            Change::Content(to),
            Change::Content(content(root, "guides/alpha.md")),
        ]
    });
}

#[test]
fn a_renamed_folder() {
    assert_incremental(&["basic"], |root| {
        let from = content(root, "guides");
        let to = content(root, "handbook");
        std::fs::rename(&from, &to).unwrap();
        rewrite(
            &content(root, "top.md"),
            "guides/alpha.md",
            "handbook/alpha.md",
        );
        vec![
            Change::Content(from),
            Change::Content(to),
            Change::Content(content(root, "top.md")),
        ]
    });
}

#[test]
fn a_broken_guide() {
    assert_incremental(&["basic"], |root| {
        let path = content(root, "guides/beta.md");
        rewrite(&path, "## TL;DR", "## Nothing");
        vec![Change::Content(path)]
    });
}

#[test]
fn a_template_edit() {
    assert_incremental(&["basic", "theme-override"], |root| {
        let path = root.join("themes/custom/templates/guide.html");
        rewrite(&path, "CUSTOM", "EDITED");
        vec![Change::Theme]
    });
}

#[test]
fn a_static_file() {
    assert_incremental(&["basic"], |root| {
        std::fs::write(root.join("static/CNAME"), "prep.example.org\n").unwrap();
        vec![Change::Static]
    });
}

#[test]
fn only_changed_guides_are_parsed() {
    let dir = site(&["basic"]);
    let root = dir.path().canonicalize().unwrap();
    let mut warm = builder(&root);
    assert_eq!(warm.full().unwrap().parsed, 6);
    let path = content(&root, "guides/alpha.md");
    rewrite(&path, "Alpha in short.", "Alpha, again.");
    let outcome = warm.apply(&[Change::Content(path.clone())]).unwrap();
    assert_eq!(outcome.parsed, 1);
    // Saving the same bytes again parses nothing.
    assert_eq!(warm.apply(&[Change::Content(path)]).unwrap().parsed, 0);
}

#[test]
fn a_section_intro_edit() {
    assert_incremental(&["basic"], |root| {
        let path = content(root, "guides/_index.md");
        rewrite(
            &path,
            "The guides section.",
            "The guides section, reworded.",
        );
        vec![Change::Content(path)]
    });
}

/// A section's title is in its guides' search documents and in the practice data, which serve
/// keeps while their guides are unchanged: the guides are, the title is not.
#[test]
fn a_section_title_edit_reaches_the_search_index() {
    assert_incremental(&["basic"], |root| {
        let path = content(root, "guides/_index.md");
        rewrite(&path, "title: \"All Guides\"", "title: \"Every Guide\"");
        vec![Change::Content(path)]
    });
}
