//! The incremental invariant over random sequences of edits: a warm `Builder` that reuses its
//! pages (as serve's does), told what changed after each edit, gives the same files and
//! diagnostics as a clean build of the same tree, step after step.
//!
//! Seeded and shrinking (proptest): a failure names the shortest sequence of edits found. The
//! number of cases is `PREPBOOK_PROPTEST_CASES` (a few dozen by default; thousands on demand).

use std::path::{Path, PathBuf};

use prepbook::{BuildOptions, Builder, Change, Config};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};

/// Folders guides may live in: a section with guides, and a subsection of a section that holds
/// only subfolders (its `_index.md` names a section no guide is directly in).
const FOLDERS: [&str; 3] = ["guides", "loops/amazon", "loops"];

/// Sections with an `_index.md` an edit may change.
const SECTIONS: [&str; 3] = ["guides", "loops", "loops/amazon"];

const TAGS: [&str; 4] = ["[metrics]", "[metrics, ownership]", "[ownership]", "[]"];

#[derive(Debug, Clone)]
pub(crate) enum Edit {
    Body(usize, u8),
    Title(usize, u8),
    Tags(usize, usize),
    Date(usize, u8),
    Draft(usize),
    SectionTitle(usize, u8),
    SectionWeight(usize, u8),
    SectionIntro(usize, u8),
    Create(usize, u8),
    Delete(usize),
    Rename(usize, u8),
    Move(usize, usize),
    Static(u8),
    Theme(u8),
    /// A heading other guides' links may point at.
    Heading(usize, u8),
    /// A link to a heading of another guide, which may or may not have it.
    Anchor(usize, usize, u8),
    /// An alias, which may collide with another guide's.
    Alias(usize, u8),
    /// The FAQ's question, which another guide may ask too (`duplicate-question`).
    Question(usize, u8),
}

pub(crate) fn edit() -> impl Strategy<Value = Edit> {
    let n = any::<u8>;
    let guide = || 0..8usize;
    prop_oneof![
        (guide(), n()).prop_map(|(g, v)| Edit::Body(g, v)),
        (guide(), n()).prop_map(|(g, v)| Edit::Title(g, v)),
        (guide(), 0..TAGS.len()).prop_map(|(g, t)| Edit::Tags(g, t)),
        (guide(), 1..28u8).prop_map(|(g, d)| Edit::Date(g, d)),
        guide().prop_map(Edit::Draft),
        (0..SECTIONS.len(), n()).prop_map(|(s, v)| Edit::SectionTitle(s, v)),
        (0..SECTIONS.len(), n()).prop_map(|(s, v)| Edit::SectionWeight(s, v)),
        (0..SECTIONS.len(), n()).prop_map(|(s, v)| Edit::SectionIntro(s, v)),
        (0..FOLDERS.len(), n()).prop_map(|(f, v)| Edit::Create(f, v)),
        guide().prop_map(Edit::Delete),
        (guide(), n()).prop_map(|(g, v)| Edit::Rename(g, v)),
        (guide(), 0..FOLDERS.len()).prop_map(|(g, f)| Edit::Move(g, f)),
        n().prop_map(Edit::Static),
        n().prop_map(Edit::Theme),
        (guide(), n()).prop_map(|(g, v)| Edit::Heading(g, v)),
        (guide(), guide(), n()).prop_map(|(g, t, v)| Edit::Anchor(g, t, v)),
        (guide(), n()).prop_map(|(g, v)| Edit::Alias(g, v)),
        (guide(), n()).prop_map(|(g, v)| Edit::Question(g, v)),
    ]
}

fn guide_text(title: &str, tags: &str, link: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndescription: \"About {title}\"\ndate: 2026-01-01\n\
         tags: {tags}\n---\n\nIntro of {title}, see [the other guide]({link}).\n\n## TL;DR\n\n\
         In short.\n\n## FAQ\n\n### Why {title}?\n\nBecause.\n\n## Checklist\n\n- [ ] one\n\
         - [ ] two\n"
    )
}

fn section_text(title: &str) -> String {
    format!("---\ntitle: \"{title}\"\nweight: 1\n---\n\nIntro of {title}.\n")
}

/// A small site with guides in a section, a section holding only a subfolder, static files
/// and a theme that overrides the default.
pub(crate) fn make_site(root: &Path) {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("has a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "book.toml",
        "[book]\ntitle = \"Random Site\"\n\n[build]\ntheme = \"custom\"\n",
    );
    write(
        "themes/custom/templates/guide.html",
        "{% extends \"default/guide.html\" %}\n{% block title %}T0 {{ guide.title }}{% endblock title %}\n",
    );
    write("static/CNAME", "prep.example.org\n");
    write("content/_index.md", &section_text("Home"));
    for section in SECTIONS {
        write(
            &format!("content/{section}/_index.md"),
            &section_text(section),
        );
    }
    write(
        "content/guides/alpha.md",
        &guide_text("Alpha", TAGS[0], "beta.md"),
    );
    write(
        "content/guides/beta.md",
        &guide_text("Beta", TAGS[1], "alpha.md#faq"),
    );
    write(
        "content/loops/amazon/gamma.md",
        &guide_text("Gamma", TAGS[2], "../../guides/alpha.md"),
    );
}

/// The site's guides (not `_index.md`), in path order.
fn guides(root: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.file_name().is_some_and(|n| n != "_index.md")
        })
        .collect();
    found.sort();
    found
}

/// Replaces the line starting with `key` (or, without one, adds `line` after the first line
/// of the front matter).
fn set_line(path: &Path, key: &str, line: Option<&str>) {
    let text = std::fs::read_to_string(path).expect("read");
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with(key))
        .map(str::to_owned)
        .collect();
    if let Some(line) = line {
        lines.insert(1, line.to_owned());
    }
    std::fs::write(path, lines.join("\n") + "\n").expect("write");
}

/// Applies `edit` on disk; the changes serve's watcher would report.
pub(crate) fn apply(root: &Path, edit: &Edit) -> Vec<Change> {
    let all = guides(root);
    let pick = |g: usize| all.get(g % all.len().max(1)).cloned();

    let content = |p: PathBuf| vec![Change::Content(p)];
    let on_a_guide = matches!(
        edit,
        Edit::Body(..)
            | Edit::Title(..)
            | Edit::Tags(..)
            | Edit::Date(..)
            | Edit::Draft(..)
            | Edit::Delete(..)
            | Edit::Rename(..)
            | Edit::Move(..)
            | Edit::Heading(..)
            | Edit::Anchor(..)
            | Edit::Alias(..)
            | Edit::Question(..)
    );
    if on_a_guide && all.is_empty() {
        return Vec::new();
    }
    match *edit {
        Edit::Body(g, v) => {
            let path = pick(g).expect("picked");
            set_line(&path, "Intro of", None);
            let text = std::fs::read_to_string(&path).expect("read");
            let text = text.replacen("## TL;DR", &format!("Intro of body {v}.\n\n## TL;DR"), 1);
            std::fs::write(&path, text).expect("write");
            content(path)
        }
        Edit::Title(g, v) => {
            let path = pick(g).expect("picked");
            set_line(&path, "title:", Some(&format!("title: \"Title {v}\"")));
            content(path)
        }
        Edit::Tags(g, t) => {
            let path = pick(g).expect("picked");
            set_line(&path, "tags:", Some(&format!("tags: {}", TAGS[t])));
            content(path)
        }
        Edit::Date(g, d) => {
            let path = pick(g).expect("picked");
            set_line(&path, "date:", Some(&format!("date: 2026-02-{d:02}")));
            content(path)
        }
        Edit::Draft(g) => {
            let path = pick(g).expect("picked");
            let text = std::fs::read_to_string(&path).expect("read");
            let draft = text.lines().any(|l| l == "draft: true");
            set_line(&path, "draft:", (!draft).then_some("draft: true"));
            content(path)
        }
        Edit::SectionTitle(s, v) => {
            let path = root.join(format!("content/{}/_index.md", SECTIONS[s]));
            set_line(&path, "title:", Some(&format!("title: \"Section {v}\"")));
            content(path)
        }
        Edit::SectionWeight(s, v) => {
            let path = root.join(format!("content/{}/_index.md", SECTIONS[s]));
            set_line(&path, "weight:", Some(&format!("weight: {}", v % 4)));
            content(path)
        }
        Edit::SectionIntro(s, v) => {
            let path = root.join(format!("content/{}/_index.md", SECTIONS[s]));
            let text = std::fs::read_to_string(&path).expect("read");
            let (front, _) = text.rsplit_once("---\n").expect("front matter");
            std::fs::write(&path, format!("{front}---\n\nIntro {v}.\n")).expect("write");
            content(path)
        }
        Edit::Create(f, v) => {
            let path = root.join(format!("content/{}/new-{v}.md", FOLDERS[f]));
            let text = guide_text(
                &format!("New {v}"),
                TAGS[usize::from(v) % TAGS.len()],
                "x.md",
            );
            std::fs::write(&path, text).expect("write");
            content(path)
        }
        Edit::Delete(g) => {
            let path = pick(g).expect("picked");
            std::fs::remove_file(&path).expect("remove");
            content(path)
        }
        Edit::Rename(g, v) => {
            let from = pick(g).expect("picked");
            let to = from.with_file_name(format!("renamed-{v}.md"));
            if to.exists() {
                return Vec::new();
            }
            std::fs::rename(&from, &to).expect("rename");
            vec![Change::Content(from), Change::Content(to)]
        }
        Edit::Move(g, f) => {
            let from = pick(g).expect("picked");
            let to = root
                .join("content")
                .join(FOLDERS[f])
                .join(from.file_name().expect("a file"));
            if to.exists() {
                return Vec::new();
            }
            std::fs::rename(&from, &to).expect("move");
            vec![Change::Content(from), Change::Content(to)]
        }
        Edit::Heading(g, v) => {
            let path = pick(g).expect("picked");
            set_line(&path, "## Part", None);
            let text = std::fs::read_to_string(&path).expect("read");
            let heading = format!("## Part {}\n\nMore.\n\n## TL;DR", v % 3);
            std::fs::write(&path, text.replacen("## TL;DR", &heading, 1)).expect("write");
            content(path)
        }
        Edit::Anchor(g, t, v) => {
            let path = pick(g).expect("picked");
            let target = pick(t).expect("picked");
            let link = format!("{}#part-{}", relative(root, &path, &target), v % 3);
            set_line(&path, "See part", None);
            let text = std::fs::read_to_string(&path).expect("read");
            let line = format!("See part [there]({link}).\n\n## TL;DR");
            std::fs::write(&path, text.replacen("## TL;DR", &line, 1)).expect("write");
            content(path)
        }
        Edit::Alias(g, v) => {
            let path = pick(g).expect("picked");
            set_line(
                &path,
                "aliases:",
                Some(&format!("aliases: [/old-{}/]", v % 3)),
            );
            content(path)
        }
        Edit::Question(g, v) => {
            let path = pick(g).expect("picked");
            let text = std::fs::read_to_string(&path).expect("read");
            let text: Vec<String> = text
                .lines()
                .map(|line| match line.starts_with("### ") {
                    true => format!("### Question {}?", v % 3),
                    false => line.to_owned(),
                })
                .collect();
            std::fs::write(&path, text.join("\n") + "\n").expect("write");
            content(path)
        }
        Edit::Static(v) => {
            std::fs::write(root.join("static/CNAME"), format!("prep{v}.example.org\n"))
                .expect("write");
            vec![Change::Static]
        }
        Edit::Theme(v) => {
            std::fs::write(
                root.join("themes/custom/templates/guide.html"),
                format!(
                    "{{% extends \"default/guide.html\" %}}\n{{% block title %}}T{v} {{{{ guide.title }}}}{{% endblock title %}}\n"
                ),
            )
            .expect("write");
            vec![Change::Theme]
        }
    }
}

/// The link from the guide at `from` to the one at `to`, as its author would write it.
fn relative(root: &Path, from: &Path, to: &Path) -> String {
    let content = root.join("content");
    let depth = from
        .parent()
        .and_then(|folder| folder.strip_prefix(&content).ok())
        .map_or(0, |folder| folder.components().count());
    let to = to.strip_prefix(&content).expect("a guide of the site");
    format!("{}{}", "../".repeat(depth), to.display())
}

fn builder(root: &Path) -> Builder {
    let config = Config::load(root).expect("config");
    Builder::new(
        config,
        BuildOptions {
            include_drafts: false,
        },
    )
    .expect("builder")
}

/// What a builder is for: serve's (pages kept between builds) or check's and lsp's
/// (diagnostics only).
#[derive(Debug, Clone, Copy)]
enum Mode {
    Serve,
    Check,
}

/// A builder for `mode`; `warm` for the one that sees every edit.
fn made(root: &Path, mode: Mode, warm: bool) -> Builder {
    let mut made = builder(root);
    match mode {
        Mode::Serve if warm => made.reuse_pages(),
        Mode::Serve => {}
        Mode::Check => made.check_only(),
    }
    made
}

/// Builds the site, then after each edit compares the warm rebuild with a clean build.
fn incremental_equals_clean(edits: &[Edit]) -> Result<(), TestCaseError> {
    warm_equals_clean(edits, Mode::Serve)
}

/// As [`incremental_equals_clean`], for a builder that checks only (`check`, `lsp`): its
/// diagnostics after each edit are those of a clean check.
fn incremental_check_equals_clean(edits: &[Edit]) -> Result<(), TestCaseError> {
    warm_equals_clean(edits, Mode::Check)
}

fn warm_equals_clean(edits: &[Edit], mode: Mode) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical");
    make_site(&root);
    let mut warm = made(&root, mode, true);
    warm.full().expect("first build");
    for (step, edit) in edits.iter().enumerate() {
        let changes = apply(&root, edit);
        let after = warm.apply(&changes).expect("incremental build");
        let clean = made(&root, mode, false).full().expect("clean build");
        prop_assert_eq!(
            &after.diagnostics,
            &clean.diagnostics,
            "diagnostics after step {} ({:?})",
            step,
            edit
        );
        let differing = clean.files.changed_paths(&after.files);
        prop_assert!(
            differing.is_empty(),
            "after step {} ({:?}) incremental differs from clean in {:?}",
            step,
            edit,
            differing
        );
    }
    Ok(())
}

/// Runs `property` over random sequences of edits.
fn random_edits(property: fn(&[Edit]) -> Result<(), TestCaseError>) {
    let cases = std::env::var("PREPBOOK_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(32);
    let mut runner = TestRunner::new(RunnerConfig {
        cases,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    let result = runner.run(&prop::collection::vec(edit(), 1..8), |edits| {
        property(&edits)
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}

#[test]
fn random_edits_rebuild_as_a_clean_build_would() {
    random_edits(incremental_equals_clean);
}

#[test]
fn random_edits_check_as_a_clean_check_would() {
    random_edits(incremental_check_equals_clean);
}

/// A heading another guide links to is renamed away and back: the link's `broken-anchor`
/// comes and goes with it, though the linking guide is unchanged.
#[test]
fn a_heading_renamed_breaks_and_mends_a_link_from_another_guide() {
    let edits = [
        Edit::Heading(0, 1),
        Edit::Anchor(1, 0, 1),
        Edit::Heading(0, 2),
        Edit::Heading(0, 1),
    ];
    incremental_check_equals_clean(&edits).expect("incremental check equals clean");
    incremental_equals_clean(&edits).expect("incremental equals clean");
}

/// The case the random edits found first: a section that holds only subfolders is named in the
/// search index by its title, which no guide of its own carries.
#[test]
fn a_title_of_a_section_of_subfolders_reaches_the_search_index() {
    incremental_equals_clean(&[Edit::SectionTitle(1, 7)]).expect("incremental equals clean");
}

/// Two new guides ask one question (`guides/new-5.md` first); an edit above its asking in the
/// first (the third guide in path order) moves it down: the other guide's
/// `duplicate-question`, which names that line, follows, though its guide is unchanged.
#[test]
fn a_duplicate_question_follows_the_line_of_the_first_asking() {
    let edits = [Edit::Create(0, 5), Edit::Create(1, 5), Edit::Body(2, 1)];
    incremental_check_equals_clean(&edits).expect("incremental check equals clean");
    incremental_equals_clean(&edits).expect("incremental equals clean");
}
