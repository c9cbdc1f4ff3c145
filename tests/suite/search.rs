//! The search index as the build writes it (a manifest, shards of terms, chunks of guide
//! metadata), and the search box on a site of a few hundred guides in a real browser: a word of
//! one guide's text and a heading of another find them, fetching only some of the shards.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{StaticHost, build, read};

/// The bits of a posting's field mask.
pub const TITLE: u64 = 1;
pub const HEADINGS: u64 = 2;
pub const TAGS: u64 = 4;
pub const DESCRIPTION: u64 = 8;
pub const BODY: u64 = 32;

/// A built site's search index, read as the search box reads it.
pub struct SearchIndex {
    pub manifest: Value,
    dir: PathBuf,
}

impl SearchIndex {
    /// The index of the site built into `out`.
    pub fn read(out: &Path) -> SearchIndex {
        let manifest: Value =
            serde_json::from_str(&read(out.join("search-index.json"))).expect("manifest is JSON");
        assert_eq!(manifest["version"], 2);
        let dir = out.join(manifest["dir"].as_str().expect("dir"));
        SearchIndex { manifest, dir }
    }

    fn file(&self, name: &Value) -> Value {
        let name = name.as_str().expect("a file name");
        serde_json::from_str(&read(self.dir.join(name))).expect("search data is JSON")
    }

    /// How many guides are indexed.
    pub fn count(&self) -> usize {
        self.manifest["count"].as_u64().expect("count") as usize
    }

    /// The shards as (first term, file name).
    pub fn shards(&self) -> Vec<(String, String)> {
        let shards = self.manifest["shards"].as_array().expect("shards");
        let entry = |s: &Value| {
            (
                s[0].as_str().unwrap().to_owned(),
                s[1].as_str().unwrap().to_owned(),
            )
        };
        shards.iter().map(entry).collect()
    }

    /// The guides that have exactly `term`, each with the mask of the fields it is in.
    pub fn postings(&self, term: &str) -> Vec<(usize, u64)> {
        let shards = self.manifest["shards"].as_array().expect("shards");
        // Terms here are ASCII: byte order is JavaScript's order.
        let Some(shard) = shards.iter().rev().find(|s| s[0].as_str().unwrap() <= term) else {
            return Vec::new();
        };
        let bits = self.manifest["mask_bits"].as_u64().expect("mask bits");
        let mut doc = 0;
        let codes = self.file(&shard[1])[term]
            .as_array()
            .cloned()
            .unwrap_or_default();
        codes
            .iter()
            .map(|code| {
                let code = code.as_u64().expect("a posting");
                doc += (code >> bits) as usize;
                (doc, code & ((1 << bits) - 1))
            })
            .collect()
    }

    /// The sentences of guide `number`'s text, from the file its metadata names.
    pub fn sentences(&self, number: usize) -> Vec<String> {
        let doc = self.doc(number);
        serde_json::from_value(self.file(&doc["b"])).expect("a list of sentences")
    }

    /// What a hit on guide `number` shows; `s` is replaced by the section's title.
    pub fn doc(&self, number: usize) -> Value {
        let per_chunk = self.manifest["per_chunk"].as_u64().expect("per chunk") as usize;
        let chunk = self.file(&self.manifest["chunks"][number / per_chunk]);
        let mut doc = chunk[number % per_chunk].clone();
        if let Some(section) = doc["s"].as_u64() {
            doc["s"] = self.manifest["sections"][section as usize].clone();
        }
        doc
    }
}

/// A site of `count` guides with made-up words (about 150 per guide, from some thousands), in
/// `dir`: enough terms for several shards.
fn many_guides(dir: &Path, count: usize) {
    let syllables = [
        "ka", "lo", "mi", "ne", "ru", "ta", "vo", "pe", "su", "gi", "do", "bu",
    ];
    let mut state: u64 = 42;
    let mut word = || {
        let mut w = String::new();
        for _ in 0..3 + state % 2 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            w.push_str(syllables[(state >> 33) as usize % syllables.len()]);
        }
        w
    };
    std::fs::create_dir_all(dir.join("content/guides")).expect("mkdir");
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Many\"\n\n[checks]\nrequired = []\n",
    )
    .expect("book.toml");
    for i in 0..count {
        let mut text = format!(
            "---\ntitle: \"Guide {i} on {}\"\ndescription: \"About {} and {}\"\n---\n\n",
            word(),
            word(),
            word()
        );
        for part in 0..3 {
            let heading = if i == 133 && part == 1 {
                "Quokka negotiation".to_owned()
            } else {
                word()
            };
            let _ = write!(text, "## {heading}\n\n");
            for _ in 0..50 {
                text.push_str(&word());
                text.push(' ');
            }
            if i == 217 && part == 2 {
                text.push_str(". The zanzibarian plan wins.");
            }
            text.push_str("\n\n");
        }
        std::fs::write(dir.join(format!("content/guides/g{i:03}.md")), text).expect("guide");
    }
}

/// The build's index of the generated site: the two marked guides are where the words are.
#[test]
fn the_index_holds_each_word_with_its_guides_and_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    many_guides(dir.path(), 300);
    build(dir.path(), &[]).success();
    let index = SearchIndex::read(&dir.path().join("public"));
    assert_eq!(index.count(), 300);
    assert!(index.shards().len() >= 4, "{} shards", index.shards().len());
    let body = index.postings("zanzibarian");
    assert_eq!(body.len(), 1);
    assert_eq!(body[0].1, BODY);
    assert_eq!(index.doc(body[0].0)["u"], "/guides/g217/");
    let sentences = index.sentences(body[0].0);
    assert_eq!(
        sentences.last().map(String::as_str),
        Some("The zanzibarian plan wins.")
    );
    let heading = index.postings("quokka");
    assert_eq!(heading.len(), 1);
    assert_eq!(heading[0].1, HEADINGS);
    let doc = index.doc(heading[0].0);
    assert_eq!(doc["u"], "/guides/g133/");
    assert_eq!(doc["s"], "Guides");
    assert_eq!(doc["h"][1], "Quokka negotiation");
    assert_eq!(doc["a"][1], "quokka-negotiation");
    let guide = index.postings("guide");
    assert_eq!(guide.len(), 300, "every title has it");
    assert!(guide.iter().all(|(_, mask)| *mask == TITLE));
}

/// The files the page fetched whose URL contains `part`, by the Performance API.
async fn fetched(browser: &crate::browser::Browser, part: &str) -> Vec<String> {
    let script = format!(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('{part}'));"
    );
    let names = browser
        .client
        .execute(&script, vec![])
        .await
        .expect("script runs");
    serde_json::from_value(names).expect("names")
}

/// Types `query` into the cleared search box and waits for the hits.
async fn search(browser: &crate::browser::Browser, query: &str) {
    let input = browser
        .client
        .find(fantoccini::Locator::Css("#search-input"))
        .await
        .expect("the search box");
    input.send_keys("\u{E00C}").await.expect("escape clears"); // WebDriver's Escape
    input.send_keys(query).await.expect("type");
    browser
        .wait_until(
            &format!(
                "document.querySelector('#search-input').value === '{query}' && document.querySelector('#search-status').textContent.includes('found')"
            ),
            10,
        )
        .await;
}

/// In a real browser on a static host: nothing of the index is fetched before the box is used;
/// a body word and a heading find their guides (the body's hit shows the sentence with the
/// word, the heading's links to it), a misspelt word still finds its guide, and the searches
/// fetched only some of the shards; after the site is built again, the open page finds the new
/// words.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searching_many_guides_fetches_only_the_shards_it_needs() {
    let Some(browser) = crate::browser::Browser::start().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    many_guides(dir.path(), 300);
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    let index = SearchIndex::read(&out);
    let host = StaticHost::start(&out);
    browser
        .client
        .goto(&host.url)
        .await
        .expect("open the home page");
    browser
        .wait_until("!document.querySelector('[data-search]').hidden", 10)
        .await;
    assert!(fetched(&browser, "search-index.json").await.is_empty());
    assert!(fetched(&browser, "/assets/search/").await.is_empty());
    let first_hit = "document.querySelector('#search-results a')";
    let hit = |href: &str| format!("{first_hit} && {first_hit}.getAttribute('href') === '{href}'");
    search(&browser, "zanzibarian").await;
    browser.wait_until(&hit("/guides/g217/"), 5).await;
    let about = browser
        .client
        .execute(
            &format!("return {first_hit}.querySelector('.search-hit-desc').textContent;"),
            vec![],
        )
        .await
        .expect("script runs");
    assert_eq!(
        about, "Guides · The zanzibarian plan wins.",
        "the sentence with the word"
    );
    search(&browser, "Quokka").await;
    browser
        .wait_until(&hit("/guides/g133/#quokka-negotiation"), 5)
        .await;
    search(&browser, "zanzibaran").await;
    browser.wait_until(&hit("/guides/g217/"), 5).await;
    search(&browser, "quokka zanzibarian").await;
    browser
        .wait_until("document.querySelector('.search-none')", 5)
        .await;
    assert_eq!(fetched(&browser, "search-index.json").await.len(), 1);
    let names: Vec<String> = index.shards().into_iter().map(|(_, name)| name).collect();
    let shards: Vec<String> = fetched(&browser, "/assets/search/")
        .await
        .into_iter()
        .filter(|url| names.iter().any(|name| url.ends_with(name.as_str())))
        .collect();
    assert!(!shards.is_empty(), "the shards of the words were fetched");
    assert!(
        shards.len() < names.len(),
        "{} of {} shards fetched",
        shards.len(),
        names.len()
    );
    // The site is built again with a new word while the page is open. The page keeps the files
    // it fetched (the index as it was), but the shard the word is in now was not among them,
    // and is gone: the search box fetches the new manifest.
    let guide = dir.path().join("content/guides/g217.md");
    let text = read(&guide) + "\nThe aardvark rests.\n";
    std::fs::write(&guide, text).expect("edit");
    build(dir.path(), &[]).success();
    search(&browser, "aardvark").await;
    browser.wait_until(&hit("/guides/g217/"), 5).await;
    browser.close().await;
}

/// In `prepbook serve --base /prep/`, as on a host under a sub-path: the search box fetches the
/// index under the base, and a word of a guide's text finds it with its sentence.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_works_in_serve_under_a_base_path() {
    let Some(browser) = crate::browser::Browser::start().await else {
        return;
    };
    let dir = crate::support::site(&["hosting"]);
    let server = crate::serving::Server::start(dir.path(), &["--base", "/prep/"]);
    assert!(server.url.ends_with("/prep/"), "{}", server.url);
    browser
        .client
        .goto(&server.url)
        .await
        .expect("open the home page");
    browser
        .wait_until("!document.querySelector('[data-search]').hidden", 10)
        .await;
    search(&browser, "zanzibarian").await;
    let first_hit = "document.querySelector('#search-results a')";
    browser
        .wait_until(
            &format!("{first_hit} && {first_hit}.getAttribute('href') === '/prep/guides/star/'"),
            5,
        )
        .await;
    let about = browser
        .client
        .execute(
            &format!("return {first_hit}.querySelector('.search-hit-desc').textContent;"),
            vec![],
        )
        .await
        .expect("script runs");
    assert_eq!(
        about,
        "Guides · Intro with a distinctive word: zanzibarian."
    );
    let index = fetched(&browser, "search").await;
    assert!(index.iter().all(|url| url.contains("/prep/")), "{index:?}");
    browser.close().await;
}
