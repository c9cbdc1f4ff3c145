//! The incremental invariant through the server: after each random edit saved on disk, once
//! `prepbook serve` has settled, every file a clean build of the same tree makes is served
//! with the same bytes (pages without the reload script the server adds), and nothing else
//! is. Edits are the ones `incremental_random` makes; the server finds them by watching, not
//! by being told.
//!
//! Seeded and shrinking (proptest); `PREPBOOK_SERVE_CASES` cases (a few by default).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};

use prepbook::{BuildOptions, Builder, Config};

use crate::incremental_random::{Edit, apply, edit, make_site};
use crate::serving::Server;

/// The generation the server stamps on every page it serves.
fn generation(server: &Server) -> Option<u64> {
    let body = server.get("/").body;
    let at = body.rfind("data-generation=\"")? + "data-generation=\"".len();
    body[at..].split('"').next()?.parse().ok()
}

/// Waits for a generation after `before`, then until none follows for a while: the save has
/// been built, first pages and whole site alike.
fn settle(server: &Server, before: Option<u64>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = generation(server);
    while seen == before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        seen = generation(server);
    }
    let mut quiet_since = Instant::now();
    while quiet_since.elapsed() < Duration::from_millis(600) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        let now = generation(server);
        if now != seen {
            seen = now;
            quiet_since = Instant::now();
        }
    }
}

/// `html` without what the server adds before `</body>`: the error overlay and the reload
/// script.
fn without_injection(html: &str) -> &str {
    let Some(script) = html.rfind("<script data-generation=") else {
        return html;
    };
    let start = html[..script]
        .rfind("<div id=\"prepbook-overlay\"")
        .unwrap_or(script);
    &html[..start]
}

fn page_body(text: &str) -> &str {
    text.rfind("</body>").map_or(text, |at| &text[..at])
}

fn served_equals_clean(edits: &[Edit]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical");
    make_site(&root);
    // The random site's guides are short and link to guides an edit may remove: as
    // warnings, such steps are compared too, instead of shown over their last good pages.
    let book = root.join("book.toml");
    let mut config = std::fs::read_to_string(&book).expect("book.toml");
    config.push_str(
        "\n[checks]\nfaq-min-questions = 1\nchecklist-min-items = 1\n\n[checks.severity]\n\
         broken-link = \"warn\"\nbroken-anchor = \"warn\"\n",
    );
    std::fs::write(&book, config).expect("write book.toml");
    let server = Server::start(&root, &[]);
    settle(&server, None);
    for (step, edit) in edits.iter().enumerate() {
        let before = generation(&server);
        if apply(&root, edit).is_empty() {
            continue;
        }
        settle(&server, before);
        compare(&server, &root, step, edit)?;
    }
    Ok(())
}

/// Steps whose files were compared, so that the test cannot pass by comparing nothing.
static COMPARED: AtomicUsize = AtomicUsize::new(0);

/// Every file of a clean build is served as built (a site with errors is shown over its last
/// good pages, so only error-free steps are compared).
fn compare(server: &Server, root: &Path, step: usize, edit: &Edit) -> Result<(), TestCaseError> {
    // As serve builds: drafts included.
    let config = Config::load(root).expect("config");
    let clean = Builder::new(
        config,
        BuildOptions {
            include_drafts: true,
        },
    )
    .and_then(|mut builder| builder.full())
    .expect("clean build");
    if clean.has_errors() {
        return Ok(());
    }
    COMPARED.fetch_add(1, Ordering::Relaxed);
    for path in clean.files.paths() {
        let built = String::from_utf8_lossy(clean.files.get(path).unwrap_or_default());
        let response = server.get(&format!("/{path}"));
        prop_assert_eq!(
            response.status,
            200,
            "/{} after step {} ({:?})",
            path,
            step,
            edit
        );
        let (served, built) = if path.ends_with(".html") {
            (
                page_body(without_injection(&response.body)).to_owned(),
                page_body(&built).to_owned(),
            )
        } else {
            (response.body.clone(), built.into_owned())
        };
        if served != built && std::env::var_os("PREPBOOK_SERVE_DUMP").is_some() {
            std::fs::write("/tmp/served.txt", &served).ok();
            std::fs::write("/tmp/built.txt", &built).ok();
        }
        prop_assert!(
            served == built,
            "/{} after step {} ({:?}) is served stale or different",
            path,
            step,
            edit
        );
    }
    Ok(())
}

#[test]
fn random_saves_are_served_as_a_clean_build_would_make_them() {
    let cases = std::env::var("PREPBOOK_SERVE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let mut runner = TestRunner::new(RunnerConfig {
        cases,
        failure_persistence: None,
        max_shrink_iters: 16,
        ..RunnerConfig::default()
    });
    let result = runner.run(&prop::collection::vec(edit(), 1..5), |edits| {
        served_equals_clean(&edits)
    });
    if let Err(err) = result {
        panic!("{err}");
    }
    assert!(
        COMPARED.load(Ordering::Relaxed) > 0,
        "no step left the site without errors"
    );
}
