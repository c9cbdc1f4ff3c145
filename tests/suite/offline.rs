//! `[offline] enabled = true`: a service worker keeps the pages a reader opened and the
//! sections they saved, so that they open with the host gone.

use std::path::Path;

use serde_json::Value;

use crate::browser::Browser;
use crate::support::{StaticHost, build, read, site};

fn offline_site(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = site(&["reading"]);
    let book = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&book).expect("book.toml");
    std::fs::write(&book, format!("{text}\n[offline]\nenabled = true\n")).expect("book.toml");
    let out = dir.path().join("out");
    let mut args = vec!["-o", out.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    build(dir.path(), &args).success();
    (dir, out)
}

/// The worker is written at the site's root and named by every page with its scope, under a
/// base path too; a site without `[offline]` has neither.
#[test]
fn the_worker_is_at_the_sites_root_with_its_scope() {
    let (_dir, out) = offline_site(&["--base-url", "https://prep.example.org/prep/"]);
    let worker = read(out.join("sw.js"));
    assert!(worker.contains("addEventListener('fetch'"), "{worker}");
    assert!(!worker.contains("__VERSION__"));
    let page = read(out.join("loops/loop-plan/index.html"));
    assert!(
        page.contains("data-offline-worker=\"/prep/sw.js\" data-offline-scope=\"/prep/\""),
        "{page}"
    );
    assert!(read(out.join("loops/index.html")).contains("data-save-offline"));
    let plain = site(&["reading"]);
    let plain_out = plain.path().join("out");
    build(
        plain.path(),
        &["-o", plain_out.to_str().expect("utf-8 path")],
    )
    .success();
    assert!(!plain_out.join("sw.js").exists());
    assert!(!read(plain_out.join("loops/loop-plan/index.html")).contains("data-offline-worker"));
}

async fn eval(browser: &Browser, script: &str) -> Value {
    browser
        .client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|err| panic!("{script}: {err}"))
}

async fn open(browser: &Browser, url: &str) {
    browser.client.goto(url).await.expect("open the page");
    browser
        .wait_until("document.readyState === 'complete'", 10)
        .await;
}

/// Waits until the pages cache holds `url`.
async fn kept(browser: &Browser, url: &str) {
    for _ in 0..100 {
        let script = format!(
            "return await caches.open('prepbook-pages').then(c => c.match('{url}')).then(r => Boolean(r));"
        );
        if eval(browser, &script).await == Value::Bool(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{url} was never kept");
}

/// A page opened once opens again with the host gone; a saved section's guides, never opened,
/// open too, and so do the flash cards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opened_and_saved_pages_open_offline() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = offline_site(&[]);
    let host = StaticHost::start(Path::new(&out));
    let plan = format!("{}/loops/loop-plan/", host.url);
    open(&browser, &plan).await;
    browser
        .wait_until("navigator.serviceWorker.controller !== null", 10)
        .await;
    kept(&browser, &plan).await;
    open(&browser, &format!("{}/basics/", host.url)).await;
    browser
        .wait_until("!document.querySelector('[data-save-offline]').hidden", 10)
        .await;
    eval(
        &browser,
        "document.querySelector('[data-save-offline-button]').click(); return 0;",
    )
    .await;
    browser
        .wait_until(
            "document.querySelector('[data-save-offline-status]').textContent.startsWith('Saved')",
            10,
        )
        .await;
    let status = eval(
        &browser,
        "return document.querySelector('[data-save-offline-status]').textContent;",
    )
    .await;
    let url = host.url.clone();
    drop(host);
    // The host is gone: soon nothing answers on its port.
    let address = url.trim_start_matches("http://").to_owned();
    let mut tries = 0;
    while std::net::TcpStream::connect(&address).is_ok() {
        tries += 1;
        assert!(tries < 50, "the host still answers");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    open(&browser, &format!("{url}/basics/first-call/")).await;
    let title = eval(&browser, "return document.querySelector('h1').textContent;").await;
    assert_eq!(title, "The First Call", "a saved guide offline ({status})");
    assert_eq!(
        eval(
            &browser,
            "return navigator.serviceWorker.controller !== null;"
        )
        .await,
        true,
        "answered by the worker"
    );
    open(&browser, &plan).await;
    let title = eval(&browser, "return document.querySelector('h1').textContent;").await;
    assert_eq!(title, "A Two-Week Loop Plan", "an opened guide offline");
    open(&browser, &format!("{url}/practice/")).await;
    browser
        .wait_until(
            "document.querySelector('[data-practice]') && !document.querySelector('[data-practice]').hidden && document.querySelector('.practice-question, [data-card-question]')",
            10,
        )
        .await;
    browser.close().await;
}
