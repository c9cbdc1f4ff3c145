//! What a reader's first search downloads, on a site of the shared realistic corpus
//! (`../shared/bench/gen_corpus.py`, 10,000 guides by default): a real build, served by a
//! static host on 127.0.0.1 and searched in headless Chromium. For a few typical queries it
//! prints the files the page fetched for search (the search script, the manifest, the shards,
//! the metadata of the hits shown, as the Performance API lists them) and their bytes, raw and
//! gzipped as hosts serve JSON; once with the query typed at once, once letter by letter with
//! each prefix's search finished before the next letter (a slow typist: every prefix fetches
//! what it needs).
//!
//! Before the queries it prints what the index weighs against the site: the manifest, the
//! files of each kind (shards of terms, guide metadata, sentences) in number and bytes, the
//! shards' bytes against the Markdown's, and the search files per guide.
//!
//! Run: `cargo bench --bench search` (`SIZES=10000,50000`; 10,000 by default). Panics when a
//! first search of a query typed at once downloads more than [`BUDGET`] bytes raw.

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
    let mut worst_by_size = Vec::new();
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
        println!("{size} guides, built in {:.1} s", took.as_secs_f64());
        println!("{}", index_totals(&out, &site.join("content"), size));
        println!(
            "{:<18} {:>26} {:>7} {:>9} {:>9} {:>22}",
            "query", "shown", "files", "raw KB", "gzip KB", "letter by letter raw/gz"
        );
        let host = StaticHost::start(&out);
        let mut largest = 0;
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
            largest = largest.max(whole.raw);
        }
        worst = worst.max(largest);
        worst_by_size.push((size, largest));
    }
    browser.close().await;
    println!();
    for (size, largest) in worst_by_size {
        println!(
            "largest first search at {size} guides: {:.1} KB raw",
            kb(largest)
        );
    }
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

/// What the index weighs: the manifest, the files of each kind by the letter of their names
/// (`<segment>-<kind><number>.json`), the shards against the Markdown of `content`, and the
/// search files per guide.
fn index_totals(out: &Path, content: &Path, guides: usize) -> String {
    let manifest = std::fs::metadata(out.join("search-index.json"))
        .expect("the manifest")
        .len();
    // (files, bytes, largest) of shards, metadata, sentences.
    let mut kinds = [(0u64, 0u64, 0u64); 3];
    for entry in std::fs::read_dir(out.join("assets/search")).expect("the index's files") {
        let entry = entry.expect("an entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = match name.split('-').nth(1).and_then(|rest| rest.chars().next()) {
            Some('s') => 0,
            Some('d') => 1,
            _ => 2,
        };
        let len = entry.metadata().map_or(0, |m| m.len());
        kinds[kind].0 += 1;
        kinds[kind].1 += len;
        kinds[kind].2 = kinds[kind].2.max(len);
    }
    let markdown: u64 = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum();
    let mb = |bytes: u64| bytes as f64 / 1024.0 / 1024.0;
    let files: u64 = kinds.iter().map(|k| k.0).sum();
    let bytes: u64 = kinds.iter().map(|k| k.1).sum::<u64>() + manifest;
    let [shards, docs, sentences] = kinds;
    format!(
        "  manifest {:.1} KB; {files} search files ({:.3} per guide): {} shards {:.2} MB (largest {:.1} KB), \
         {} of metadata {:.2} MB, {} of sentences {:.2} MB; {:.2} MB in all\n  \
         shards {:.1}% of the Markdown's {:.1} MB, the whole index {:.1}%",
        manifest as f64 / 1024.0,
        files as f64 / guides as f64,
        shards.0,
        mb(shards.1),
        shards.2 as f64 / 1024.0,
        docs.0,
        mb(docs.1),
        sentences.0,
        mb(sentences.1),
        mb(bytes),
        100.0 * shards.1 as f64 / markdown as f64,
        mb(markdown),
        100.0 * bytes as f64 / markdown as f64,
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
