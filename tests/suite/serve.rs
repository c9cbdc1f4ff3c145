//! `prepbook serve` against a real server on port 0: what it serves, how it follows edits,
//! how it shows errors, and what it refuses.

use std::path::Path;

use crate::serving::{Server, request};
use crate::support::{complete_guide, site};

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// The (content-hashed) URL of the page's main stylesheet.
fn stylesheet(html: &str) -> String {
    crate::support::link_targets(html)
        .into_iter()
        .find(|href| href.contains("/assets/style.") && href.ends_with(".css"))
        .expect("a stylesheet link")
}

#[test]
fn pages_are_served_with_the_reload_client() {
    let dir = site(&["basic"]);
    let server = Server::start(dir.path(), &[]);
    let page = server.get("/guides/alpha/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.body.contains("Alpha Guide"));
    assert!(
        page.body.contains("data-events=\"/__prepbook/events\""),
        "client injected"
    );
    let css = server.get(&stylesheet(&page.body));
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let head = request(server.port, "HEAD", "/guides/alpha/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's own 404 page"
    );
    assert!(
        missing.body.contains("data-generation"),
        "the 404 page reloads itself too"
    );
    assert_eq!(
        server.get("/guides/alpha").status,
        301,
        "adds the slash like static hosts"
    );
    // Drafts are on in serve, with their banner.
    assert!(server.get("/draft/").body.contains("draft-banner"));
}

#[test]
fn edits_creates_deletes_and_rename_saves_are_followed() {
    let dir = site(&["basic"]);
    let server = Server::start(dir.path(), &[]);
    let alpha = dir.path().join("content/guides/alpha.md");
    let mut events = server.events();

    edit(&alpha, "Alpha in short.", "Alpha, freshly edited.");
    // Browsers are told to reload, and then the page shows the edit.
    events.next_reload(std::time::Duration::from_secs(10));
    server.wait_for("/guides/alpha/", "the edit", |r| {
        r.body.contains("Alpha, freshly edited.")
    });

    let new = dir.path().join("content/guides/gamma.md");
    std::fs::write(&new, complete_guide("title: \"Gamma Guide\"")).unwrap();
    server.wait_for("/guides/gamma/", "the new guide", |r| {
        r.status == 200 && r.body.contains("Gamma Guide")
    });
    server.wait_for("/guides/", "the section listing it", |r| {
        r.body.contains("Gamma Guide")
    });

    std::fs::remove_file(&new).unwrap();
    server.wait_for("/guides/gamma/", "the deletion", |r| r.status == 404);
    server.wait_for("/guides/", "the section without it", |r| {
        !r.body.contains("Gamma Guide")
    });

    // An editor's rename-save: write a temp file beside the guide, then rename it over.
    let temp = dir.path().join("content/guides/.alpha.md.tmp~");
    let text = std::fs::read_to_string(&alpha)
        .unwrap()
        .replace("Alpha, freshly edited.", "Saved by rename.");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &alpha).unwrap();
    server.wait_for("/guides/alpha/", "the rename-save", |r| {
        r.body.contains("Saved by rename.")
    });
}

/// After an edit the edited guide's page is served first, made with the rest of the site as
/// it was, and its readers told; the rest of the site follows. Meanwhile no request gets a
/// page the edit outdates: a request for another page waits for the rest.
#[test]
fn the_edited_page_comes_first_and_no_other_page_is_served_stale() {
    let dir = site(&["basic"]);
    // Enough guides that rebuilding the rest of the site takes a while after the first page.
    for n in 0..400 {
        let path = dir.path().join(format!("content/guides/extra-{n:03}.md"));
        std::fs::write(path, complete_guide(&format!("title: \"Extra {n}\""))).unwrap();
    }
    let server = Server::start(dir.path(), &[]);
    let alpha = dir.path().join("content/guides/alpha.md");
    let mut events = server.events();
    // A new title: the guide's own page shows it, and so must the section and home pages
    // that list the guide.
    edit(&alpha, "title: \"Alpha Guide\"", "title: \"Alpha Renamed\"");
    let first = events.next_reload(std::time::Duration::from_secs(30));
    let changed: Vec<&str> = first["changed"]
        .as_array()
        .expect("changed")
        .iter()
        .filter_map(|url| url.as_str())
        .collect();
    assert!(changed.contains(&"/guides/alpha/"), "{first}");
    assert!(
        !changed.contains(&"/guides/"),
        "first, the guide's own pages: {first}"
    );
    for page in ["/guides/alpha/", "/guides/", "/", "/guides/beta/"] {
        let response = server.get(page);
        assert!(
            response.body.contains("Alpha Renamed") && !response.body.contains("Alpha Guide"),
            "{page} served before it shows the edit"
        );
    }
    // Then the rest of the site, with the pages that list the guide.
    let rest = events.next_reload(std::time::Duration::from_secs(30));
    assert!(rest.to_string().contains("\"/guides/\""), "{rest}");
}

#[test]
fn errors_show_an_overlay_over_the_last_good_page() {
    let dir = site(&["basic"]);
    let server = Server::start(dir.path(), &[]);
    let alpha = dir.path().join("content/guides/alpha.md");
    edit(&alpha, "title: \"Alpha Guide\"", "title: [unclosed");
    let page = server.wait_for("/guides/alpha/", "the overlay", |r| {
        r.body.contains("prepbook-overlay")
    });
    assert!(
        page.body.contains("Alpha in short."),
        "last good page underneath"
    );
    assert!(
        page.body.contains("content/guides/alpha.md:2:"),
        "diagnostic with its place"
    );
    assert!(
        server
            .get("/guides/beta/")
            .body
            .contains("prepbook-overlay"),
        "on every page"
    );
    edit(&alpha, "title: [unclosed", "title: \"Alpha Fixed\"");
    let page = server.wait_for("/guides/alpha/", "the fix", |r| {
        !r.body.contains("prepbook-overlay")
    });
    assert!(page.body.contains("Alpha Fixed"));
}

#[test]
fn a_broken_template_and_a_broken_config_keep_the_server_up() {
    let dir = site(&["basic", "theme-override"]);
    let template = dir.path().join("themes/custom/templates/guide.html");
    let good = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, "{% if %}").unwrap();
    // The first build fails: the server starts anyway and says why.
    let server = Server::start(dir.path(), &[]);
    let page = server.get("/guides/alpha/");
    assert_eq!(page.status, 404);
    assert!(
        page.body.contains("prepbook-overlay") && page.body.contains("guide.html"),
        "{}",
        page.body
    );
    std::fs::write(&template, &good).unwrap();
    server.wait_for("/guides/alpha/", "the fixed template", |r| {
        r.status == 200 && r.body.contains("CUSTOM Alpha Guide")
    });

    let book = dir.path().join("book.toml");
    let config = std::fs::read_to_string(&book).unwrap();
    std::fs::write(&book, "[book\n").unwrap();
    let page = server.wait_for("/guides/alpha/", "the config error", |r| {
        r.body.contains("prepbook-overlay")
    });
    assert!(
        page.body.contains("CUSTOM Alpha Guide"),
        "last good page underneath"
    );
    std::fs::write(&book, config.replace("Fixture Site", "Renamed Site")).unwrap();
    server.wait_for("/guides/alpha/", "the fixed config", |r| {
        !r.body.contains("prepbook-overlay") && r.body.contains("Renamed Site")
    });
}

#[test]
fn polling_follows_edits_too() {
    let dir = site(&["basic"]);
    let server = Server::start(dir.path(), &["--poll"]);
    let alpha = dir.path().join("content/guides/alpha.md");
    let original = std::fs::read_to_string(&alpha).unwrap();
    // The poller takes its first snapshot on its own thread, and an edit made before that is
    // part of the snapshot, not a change; so save again until one save is seen.
    for attempt in 0..20 {
        let text = original.replace("Alpha in short.", &format!("Seen by polling {attempt}."));
        std::fs::write(&alpha, text).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(500));
        if server
            .get("/guides/alpha/")
            .body
            .contains("Seen by polling")
        {
            return;
        }
    }
    panic!("no save was seen by polling in 10 s");
}

#[test]
fn traversal_requests_are_refused() {
    let dir = site(&["basic"]);
    std::fs::write(dir.path().join("secret.txt"), "TOP SECRET").unwrap();
    let server = Server::start(dir.path(), &[]);
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/guides/%2E%2E/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%5csecret.txt",
    ] {
        let response = request(server.port, "GET", path);
        assert!(
            response.status == 404 || response.status == 400,
            "{path}: {}",
            response.status
        );
        assert!(
            !response.body.contains("TOP SECRET") && !response.body.contains("root:"),
            "{path}"
        );
    }
}

#[test]
fn base_path_serves_under_the_sub_path() {
    let dir = site(&["basic"]);
    let server = Server::start(dir.path(), &["--base", "/prep/"]);
    assert!(server.url.ends_with("/prep/"), "{}", server.url);
    let page = server.get("/prep/guides/alpha/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("href=\"/prep/guides/beta/#faq\""),
        "guide links carry the base"
    );
    assert!(
        page.body.contains("href=\"/prep/assets/"),
        "assets carry the base"
    );
    assert!(
        page.body
            .contains("data-events=\"/prep/__prepbook/events\"")
    );
    assert!(stylesheet(&page.body).starts_with("/prep/assets/"));
    assert_eq!(server.get(&stylesheet(&page.body)).status, 200);
    assert_eq!(server.get("/guides/alpha/").status, 404);
    assert_eq!(server.get("/prep").status, 301);
    let root = server.get("/");
    assert_eq!(root.status, 301, "the bare address leads to the site");
    assert_eq!(root.header("location"), Some("/prep/"));
}

/// In a real browser: a served page reloads itself after the guide is saved, and shows the
/// overlay when the guide is broken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_reloads_and_shows_the_overlay() {
    let Some(browser) = crate::browser::Browser::start().await else {
        return;
    };
    let dir = site(&["basic"]);
    let server = Server::start(dir.path(), &[]);
    let alpha = dir.path().join("content/guides/alpha.md");
    browser
        .client
        .goto(&format!("{}guides/alpha/", server.url))
        .await
        .expect("open the page");
    browser
        .wait_until("document.body.innerText.includes('Alpha in short.')", 10)
        .await;
    // Mark this document: a reload replaces it, so the mark disappears.
    browser
        .client
        .execute("window.__before = true;", vec![])
        .await
        .expect("mark");
    // Give the page a moment to connect to the reload channel.
    browser
        .wait_until(
            "document.documentElement.dataset.prepbook === 'connected'",
            10,
        )
        .await;
    edit(&alpha, "Alpha in short.", "Alpha, as saved in the editor.");
    browser
        .wait_until("!window.__before && document.body.innerText.includes('Alpha, as saved in the editor.')", 10)
        .await;
    edit(&alpha, "title: \"Alpha Guide\"", "title: [broken");
    browser
        .wait_until("document.getElementById('prepbook-overlay') !== null", 10)
        .await;
    let overlay = browser
        .client
        .execute(
            "return document.getElementById('prepbook-overlay').innerText;",
            vec![],
        )
        .await
        .expect("overlay text");
    assert!(
        overlay
            .as_str()
            .unwrap_or_default()
            .contains("content/guides/alpha.md:2"),
        "{overlay}"
    );
    browser
        .wait_until(
            "document.body.innerText.includes('Alpha, as saved in the editor.')",
            2,
        )
        .await;
    browser.close().await;
}

#[test]
fn a_port_in_use_is_refused_with_the_way_out() {
    let dir = site(&["basic"]);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = crate::support::prepbook()
        .args(["serve", "--port", &port])
        .current_dir(dir.path())
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("127.0.0.1:{port}: the port is in use")),
        "{stderr}"
    );
    assert!(stderr.contains("`--port 0`"), "{stderr}");
}
