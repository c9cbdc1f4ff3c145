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

/// A built copy of the basic fixture with a builder that keeps its pages, as serve's does.
fn serving_builder() -> (tempfile::TempDir, PathBuf, Builder) {
    let dir = site(&["basic"]);
    let root = dir.path().canonicalize().unwrap();
    let mut warm = builder(&root);
    warm.reuse_pages();
    warm.full().expect("first build");
    (dir, root, warm)
}

/// What serve shows first after an edit ([`Builder::first_pages`]): the edited guide's own
/// pages, made with the last build's site, byte for byte those the rebuild then makes.
#[test]
fn first_pages_of_a_body_edit_are_the_rebuilds() {
    let (_dir, root, mut warm) = serving_builder();
    let path = content(&root, "guides/alpha.md");
    rewrite(&path, "Also yes.", "Also yes, as edited.");
    let changes = vec![Change::Content(path)];
    let first = warm
        .first_pages(&changes)
        .expect("an edit of a published guide");
    let paths: Vec<&str> = first.pages.iter().map(|(p, _)| p.as_str()).collect();
    // The guide's page: the site has one HTML page per guide.
    assert_eq!(paths, ["guides/alpha/index.html"]);
    assert!(paths.contains(&"guides/alpha/index.html"), "{paths:?}");
    let after = warm.apply(&changes).expect("rebuild");
    for (path, bytes) in &first.pages {
        assert_eq!(after.files.get(path), Some(&**bytes), "{path}");
    }
    // The page shows the answer.
    let shows = |path: &str| {
        let (_, bytes) = first.pages.iter().find(|(p, _)| p == path).expect(path);
        String::from_utf8_lossy(bytes).contains("as edited")
    };
    assert!(shows("guides/alpha/index.html"));
    // The theme's assets are settled; a page the edit does not make is not.
    assert!(first.settled.iter().any(|p| p.ends_with(".css")));
    assert!(!first.settled.contains("index.html"));
    assert!(first.settled.iter().all(|p| after.files.get(p).is_some()));
}

/// No first pages for what the rest of the site decides: a new file, a removed one, a file
/// unchanged, or a guide its own rules find broken (its error goes over the last good page).
#[test]
fn first_pages_wait_for_the_rebuild_when_only_it_can_tell() {
    let (_dir, root, mut warm) = serving_builder();
    let alpha = content(&root, "guides/alpha.md");
    assert!(
        warm.first_pages(&[Change::Content(alpha.clone())])
            .is_none(),
        "unchanged"
    );
    let new = content(&root, "guides/gamma.md");
    std::fs::write(&new, complete_guide("title: Gamma")).unwrap();
    assert!(
        warm.first_pages(&[Change::Content(new.clone())]).is_none(),
        "new"
    );
    std::fs::remove_file(&new).unwrap();
    assert!(
        warm.first_pages(&[Change::Content(new)]).is_none(),
        "removed"
    );
    rewrite(&alpha, "## FAQ", "## Questions");
    assert!(
        warm.first_pages(&[Change::Content(alpha.clone())])
            .is_none(),
        "no FAQ is an error"
    );
    rewrite(&alpha, "## Questions", "## FAQ");
    assert!(
        warm.first_pages(&[Change::Content(alpha)]).is_none(),
        "as built"
    );
    assert!(warm.first_pages(&[Change::Theme]).is_none(), "theme");
}
