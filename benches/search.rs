//! What a reader's first search downloads, on a site of the shared realistic corpus
//! (`../shared/bench/gen_corpus.py`, 10,000 guides by default): a real build, served by a
//! static host on 127.0.0.1 and searched in headless Chromium. For a few typical queries it
//! prints the files the page fetched for search (the search script, the manifest, the shards,
//! the metadata of the hits shown, as the Performance API lists them) and their bytes, raw and
//! gzipped as hosts serve JSON; once with the query typed at once, once letter by letter with
//! each prefix's search finished before the next letter (a slow typist: every prefix fetches
//! what it needs).
//!
//! Run: `cargo bench --bench search` (`SIZES=1000,10000`). Panics when a first search of a
//! query typed at once downloads more than [`BUDGET`] bytes raw.

#[path = "harness/realistic.rs"]
mod realistic;
// The test suite's browser and static host; the benchmark uses only part of them.
#[allow(dead_code)]
#[path = "../tests/suite/browser.rs"]
mod browser;
#[allow(dead_code)]
#[path = "../tests/suite/support.rs"]
mod support;

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use browser::Browser;
use support::StaticHost;

const PREPBOOK: &str = env!("CARGO_BIN_EXE_prepbook");

/// The most a first search may download, raw.
const BUDGET: usize = 300 * 1024;

/// Queries a reader of interview guides would type.
const QUERIES: &[&str] = &[
    "stakeholder",
    "system design",
    "salesforce tpm",
    "rollback trigger",
    "pricing",
    "escalaton",
];

/// How a query goes into the box.
#[derive(Clone, Copy)]
enum Typing {
    AtOnce,
    LetterByLetter,
}

/// What one first search fetched: (bytes raw, gzipped, files), and the count it showed.
struct Fetched {
    raw: usize,
    gzipped: usize,
    files: usize,
    shown: String,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sizes: Vec<usize> = std::env::var("SIZES")
        .unwrap_or_else(|_| "10000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let script = realistic::script().expect("gen_corpus.py (set GEN_CORPUS)");
    let browser = Browser::start().await.expect("headless Chromium");
    let mut worst = 0;
    for size in sizes {
        let dir = scratch();
        let site = dir.path().join("site");
        let out = dir.path().join("out");
        realistic::prepbook_site(&script, size, &site).expect("the corpus");
        let started = std::time::Instant::now();
        let built = Command::new(PREPBOOK)
            .arg("build")
            .arg(&site)
            .arg("-o")
            .arg(&out)
            .output()
            .expect("run prepbook");
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
        let took = started.elapsed();
        println!();
        println!(
            "{size} guides, built in {:.1} s: {}",
            took.as_secs_f64(),
            index_totals(&out)
        );
        println!(
            "{:<18} {:>26} {:>7} {:>9} {:>9} {:>22}",
            "query", "shown", "files", "raw KB", "gzip KB", "letter by letter raw/gz"
        );
        let host = StaticHost::start(&out);
        for query in QUERIES {
            let whole = first_search(&browser, &host, &out, query, Typing::AtOnce).await;
            let slow = first_search(&browser, &host, &out, query, Typing::LetterByLetter).await;
            println!(
                "{query:<18} {:>26} {:>7} {:>9.1} {:>9.1} {:>13.1} / {:>6.1}",
                whole.shown,
                whole.files,
                kb(whole.raw),
                kb(whole.gzipped),
                kb(slow.raw),
                kb(slow.gzipped)
            );
            worst = worst.max(whole.raw);
        }
    }
    browser.close().await;
    println!();
    println!(
        "largest first search: {:.1} KB raw (budget {:.0} KB)",
        kb(worst),
        kb(BUDGET)
    );
    assert!(
        worst <= BUDGET,
        "a first search downloads more than the budget"
    );
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

/// A scratch folder, on /dev/shm when there is one.
fn scratch() -> tempfile::TempDir {
    tempfile::tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir())
        .expect("temp dir")
}

/// The whole index's size and files.
fn index_totals(out: &Path) -> String {
    let text = std::fs::read_to_string(out.join("search-index.json")).expect("the manifest");
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let count = |key: &str| parsed[key].as_array().map_or(0, Vec::len);
    let manifest = text.len() as u64;
    let (mut files, mut bytes) = (0, 0);
    for entry in std::fs::read_dir(out.join("assets/search")).expect("the index's files") {
        let entry = entry.expect("an entry");
        files += 1;
        bytes += entry.metadata().map_or(0, |m| m.len());
    }
    format!(
        "manifest {:.1} KB, {files} files ({} shards, {} metadata chunks, the rest sentences), {:.1} MB in all",
        manifest as f64 / 1024.0,
        count("shards"),
        count("chunks"),
        (bytes + manifest) as f64 / 1024.0 / 1024.0
    )
}

/// Opens the home page afresh, searches `query`, and weighs what the page fetched for search.
async fn first_search(
    browser: &Browser,
    host: &StaticHost,
    out: &Path,
    query: &str,
    typing: Typing,
) -> Fetched {
    let client = &browser.client;
    // A new page: its own list of fetched files, and the script's own cache empty.
    client
        .goto(&format!("{}/", host.url))
        .await
        .expect("open the home page");
    browser
        .wait_until("!document.querySelector('[data-search]').hidden", 30)
        .await;
    let input = client
        .find(fantoccini::Locator::Css("#search-input"))
        .await
        .expect("the search box");
    let found = "document.querySelector('#search-status').textContent.includes('found')";
    match typing {
        Typing::AtOnce => {
            input.send_keys(query).await.expect("type");
            browser.wait_until(found, 60).await;
        }
        Typing::LetterByLetter => {
            for (i, letter) in query.chars().enumerate() {
                let blank = "document.querySelector('#search-status').textContent = '';";
                client.execute(blank, vec![]).await.expect("script runs");
                input.send_keys(&letter.to_string()).await.expect("type");
                // The first letter alone searches nothing.
                if i > 0 {
                    browser.wait_until(found, 60).await;
                }
            }
        }
    }
    let shown = client
        .execute(
            "return document.querySelector('[data-search-count]').textContent;",
            vec![],
        )
        .await
        .expect("script runs");
    let names = client
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)
               .filter(n => n.includes('/assets/search') || n.includes('search-index.json'));",
            vec![],
        )
        .await
        .expect("script runs");
    let names: Vec<String> = serde_json::from_value(names).expect("names");
    let mut fetched = Fetched {
        raw: 0,
        gzipped: 0,
        files: names.len(),
        shown: shown
            .as_str()
            .unwrap_or_default()
            .replace(", the first 10 shown", ""),
    };
    for name in &names {
        let path = name
            .strip_prefix(&format!("{}/", host.url))
            .expect("a file of the host");
        let bytes = std::fs::read(out.join(path)).expect("a fetched file");
        fetched.raw += bytes.len();
        fetched.gzipped += gzipped(&bytes);
    }
    fetched
}

fn gzipped(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip").len()
}
