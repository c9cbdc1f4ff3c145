//! The search index as the build writes it (a manifest, shards of terms, files of guide
//! metadata and sentences), and the search box on a site of a few hundred guides in a real
//! browser: a word of one guide's text and a heading of another find them, fetching only some
//! of the shards.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{StaticHost, build, read, search_files};

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
        assert_eq!(manifest["version"], 3);
        let dir = out.join(manifest["dir"].as_str().expect("dir"));
        SearchIndex { manifest, dir }
    }

    fn file(&self, name: &str) -> Value {
        serde_json::from_str(&read(self.dir.join(name))).expect("search data is JSON")
    }

    fn number(&self, key: &str) -> usize {
        self.manifest[key].as_u64().expect(key) as usize
    }

    /// The name of file `number` of a kind (`letter`), in the segment of hashes `segments`.
    fn name(&self, segments: &str, segment: usize, letter: char, number: usize) -> String {
        let hash = self.manifest[segments][segment]
            .as_str()
            .expect("a segment");
        format!("{hash}-{letter}{number}.json")
    }

    /// How many guides are indexed.
    pub fn count(&self) -> usize {
        self.number("count")
    }

    /// The names of every file the manifest names.
    pub fn files(&self) -> Vec<String> {
        search_files(&self.manifest)
    }

    /// The shards as (first term, file name).
    pub fn shards(&self) -> Vec<(String, String)> {
        let firsts = self.manifest["shards"].as_array().expect("shards");
        let per = self.number("shards_per_segment");
        firsts
            .iter()
            .enumerate()
            .map(|(i, first)| {
                let name = self.name("shard_segments", i / per, 's', i);
                (first.as_str().expect("a term").to_owned(), name)
            })
            .collect()
    }

    /// The guides that have exactly `term`, each with the mask of the fields it is in: from
    /// the shards that open with the term (a term cut in pieces), else from the last shard
    /// whose first term is before it.
    pub fn postings(&self, term: &str) -> Vec<(usize, u64)> {
        let shards = self.shards();
        // Terms here are ASCII: byte order is JavaScript's order.
        let opening: Vec<&(String, String)> = shards.iter().filter(|(t, _)| t == term).collect();
        let holding = match opening.as_slice() {
            [] => shards
                .iter()
                .rev()
                .find(|(t, _)| t.as_str() < term)
                .into_iter()
                .collect(),
            pieces => pieces.to_vec(),
        };
        let mut all = Vec::new();
        for (_, name) in holding {
            if let Some(text) = self.file(name)[term].as_str() {
                all.extend(decode(text));
            }
        }
        all.sort_unstable();
        all
    }

    /// What a hit on guide `number` shows, as the search box reads it: headings and their
    /// anchors in full, and `s` the section's title.
    pub fn doc(&self, number: usize) -> Value {
        let per = self.number("docs_per_file");
        let segment = number / self.number("guides_per_segment");
        let file = self.file(&self.name("guide_segments", segment, 'd', number / per));
        let docs = shared_texts(&file, |doc| {
            doc["h"].as_array().cloned().unwrap_or_default()
        });
        let mut doc = file[number % per].clone();
        let headings = docs[number % per].clone();
        let anchors: Vec<Value> = headings
            .iter()
            .enumerate()
            .map(|(i, h)| match doc["a"].get(i.to_string()) {
                Some(id) => id.clone(),
                None => Value::from(anchor_of(h.as_str().expect("a heading"))),
            })
            .collect();
        doc["h"] = Value::from(headings);
        doc["a"] = Value::from(anchors);
        if let Some(section) = doc["s"].as_u64() {
            doc["s"] = self.manifest["sections"][section as usize].clone();
        }
        doc
    }

    /// The sentences of guide `number`'s text that the index keeps.
    pub fn sentences(&self, number: usize) -> Vec<String> {
        let per = self.number("sentences_per_file");
        let segment = number / self.number("guides_per_segment");
        let file = self.file(&self.name("guide_segments", segment, 't', number / per));
        let guides = shared_texts(&file, |sentences| {
            sentences.as_array().cloned().unwrap_or_default()
        });
        guides[number % per]
            .iter()
            .map(|s| s.as_str().expect("a sentence").to_owned())
            .collect()
    }
}

/// The texts of each guide of a file (`texts` picks them out), in full: a number stands for
/// the text of that number among those written in full before it.
fn shared_texts(file: &Value, texts: impl Fn(&Value) -> Vec<Value>) -> Vec<Vec<Value>> {
    let mut seen: Vec<Value> = Vec::new();
    let guides = file.as_array().expect("a list of guides");
    guides
        .iter()
        .map(|guide| {
            texts(guide)
                .into_iter()
                .map(|text| match text.as_u64() {
                    Some(n) => seen[n as usize].clone(),
                    None => {
                        seen.push(text.clone());
                        text
                    }
                })
                .collect()
        })
        .collect()
}

/// A heading's anchor when the metadata writes none: ASCII letters lowercased, digits, `_`
/// and `-` kept, spaces as `-`, the rest dropped.
fn anchor_of(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            'a'..='z' | '0'..='9' | '_' | '-' => Some(c),
            ' ' => Some('-'),
            _ => None,
        })
        .collect()
}

/// A term's groups of postings read back: (guide, mask) for each. A group is its mask, its
/// length times two plus its layout (1 for a bitmap), its first guide, then the gaps less one
/// or a bitmap of six guides a digit; numbers are base-32 digits of a base64url character
/// each, bit 32 set on all but the last.
pub fn decode(text: &str) -> Vec<(usize, u64)> {
    const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut digits = text
        .chars()
        .map(|c| DIGITS.find(c).expect("a base64url digit") as u64)
        .peekable();
    let number = |digits: &mut dyn Iterator<Item = u64>| {
        let (mut n, mut shift) = (0, 0);
        for digit in digits {
            n |= (digit & 31) << shift;
            shift += 5;
            if digit & 32 == 0 {
                break;
            }
        }
        n
    };
    let mut out = Vec::new();
    while digits.peek().is_some() {
        let mask = number(&mut digits);
        let header = number(&mut digits);
        let first = number(&mut digits) as usize;
        let len = (header >> 1) as usize;
        if header & 1 == 1 {
            for i in 0..len {
                let bits = digits.next().expect("a bitmap digit");
                out.extend(
                    (0..6)
                        .filter(|b| bits & (1 << b) != 0)
                        .map(|b| (first + 6 * i + b, mask)),
                );
            }
        } else {
            let mut doc = first;
            out.push((doc, mask));
            for _ in 1..len {
                doc += number(&mut digits) as usize + 1;
                out.push((doc, mask));
            }
        }
    }
    out
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
    let out = dir.path().join("public");
    let index = SearchIndex::read(&out);
    assert_eq!(index.count(), 300);
    assert!(index.shards().len() >= 4, "{} shards", index.shards().len());
    // Files of 32 and 64 guides, shards within 24 KB, and a manifest that names none of them.
    let files = index.files();
    assert_eq!(files.len(), index.shards().len() + 10 + 5, "{files:?}");
    for (_, shard) in index.shards() {
        let size = std::fs::metadata(out.join("assets/search").join(&shard)).expect("a shard");
        assert!(size.len() <= 24 * 1024, "{shard}: {} bytes", size.len());
    }
    let manifest = read(out.join("search-index.json"));
    assert!(manifest.len() < 1_500, "{} bytes", manifest.len());
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

/// What the search box says it found.
async fn status(browser: &crate::browser::Browser) -> String {
    let text = browser
        .client
        .execute(
            "return document.querySelector('#search-status').textContent;",
            vec![],
        )
        .await
        .expect("script runs");
    text.as_str().unwrap_or_default().to_owned()
}

/// A group of postings written as the build writes them: guides `docs` (sorted) in the fields
/// of `mask`, as a list or as a bitmap.
fn encode(mask: u64, docs: &[usize], bitmap: bool) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    let number = |out: &mut String, mut n: u64| loop {
        let more = n >= 32;
        out.push(char::from(
            DIGITS[((n & 31) | if more { 32 } else { 0 }) as usize],
        ));
        n >>= 5;
        if !more {
            break;
        }
    };
    number(&mut out, mask);
    let first = docs[0];
    if bitmap {
        let digits = (docs[docs.len() - 1] - first) / 6 + 1;
        number(&mut out, (digits as u64) << 1 | 1);
        number(&mut out, first as u64);
        let mut bits = vec![0; digits];
        for doc in docs {
            bits[(doc - first) / 6] |= 1 << ((doc - first) % 6);
        }
        out.extend(bits.into_iter().map(|b| char::from(DIGITS[b])));
    } else {
        number(&mut out, (docs.len() as u64) << 1);
        number(&mut out, first as u64);
        for pair in docs.windows(2) {
            number(&mut out, (pair[1] - pair[0] - 1) as u64);
        }
    }
    out
}

/// A word of most guides of a very large site has more postings than a shard holds: it is cut
/// in pieces, each opening a shard. The search box reads every piece (a list, a bitmap, a
/// piece followed by other words), and only those of the words it needs. The shards are
/// written here as such a build would write them, over the files of a real build's guides.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_word_cut_over_several_shards_finds_every_guide() {
    let Some(browser) = crate::browser::Browser::start().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    many_guides(dir.path(), 40);
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    let mut manifest = SearchIndex::read(&out).manifest;
    let shards = [
        serde_json::json!({ "aardvark": encode(TITLE, &[1], false) }),
        serde_json::json!({ "alpha": encode(BODY, &[0, 2, 5, 9], false) }),
        serde_json::json!({ "alpha": encode(TITLE, &(10..30).step_by(2).collect::<Vec<_>>(), true) }),
        serde_json::json!({
            "alpha": encode(HEADINGS, &[31, 33], false),
            "beta": encode(TITLE, &[0, 1], false)
        }),
        serde_json::json!({ "gamma": encode(TITLE, &[3], false) }),
    ];
    let segment = "0123456789ab";
    for (i, shard) in shards.iter().enumerate() {
        let name = format!("assets/search/{segment}-s{i}.json");
        std::fs::write(out.join(name), shard.to_string()).expect("a shard");
    }
    manifest["shards"] = serde_json::json!(["aardvark", "alpha", "alpha", "alpha", "gamma"]);
    manifest["shard_segments"] = serde_json::json!([segment]);
    std::fs::write(out.join("search-index.json"), manifest.to_string()).expect("the manifest");
    let host = StaticHost::start(&out);
    browser
        .client
        .goto(&host.url)
        .await
        .expect("open the home page");
    browser
        .wait_until("!document.querySelector('[data-search]').hidden", 10)
        .await;
    search(&browser, "alpha").await;
    assert_eq!(status(&browser).await, "16 guides found");
    let first_hit = "document.querySelector('#search-results a').getAttribute('href')";
    let first = browser
        .client
        .execute(&format!("return {first_hit};"), vec![])
        .await
        .expect("script runs");
    assert_eq!(
        first, "/guides/g010/",
        "the title's hits first, by guide number"
    );
    let names: Vec<String> = fetched(&browser, "-s").await;
    assert_eq!(names.len(), 3, "the pieces' shards only: {names:?}");
    search(&browser, "beta").await;
    assert_eq!(status(&browser).await, "2 guides found");
    search(&browser, "gamma").await;
    assert_eq!(status(&browser).await, "1 guide found");
    search(&browser, "aardvark").await;
    assert_eq!(status(&browser).await, "1 guide found");
    browser.close().await;
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
    // A word of every title: its postings are a bitmap.
    search(&browser, "guide").await;
    assert_eq!(status(&browser).await, "300 guides found");
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

/// Words of scripts whose letters carry combining marks (Devanagari, Bengali, Tamil, Thai),
/// of scripts without spaces or case (CJK), right-to-left (Arabic), with a special lowercase
/// (Turkish dotted I) and outside the Basic Multilingual Plane: the search box splits a query
/// into the words the index holds, so typing a word of a guide finds it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn words_of_every_script_find_their_guide() {
    let Some(browser) = crate::browser::Browser::start().await else {
        return;
    };
    let words = [
        "साक्षात्कार",
        "সাক্ষাৎকার",
        "நேர்காணல்",
        "สัมภาษณ์",
        "面试准备",
        "مقابلة",
        "İstanbul",
        "𝒜𝒷𝒸",
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("content/guides")).expect("mkdir");
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"Scripts\"\n\n[checks]\nrequired = []\n",
    )
    .expect("book.toml");
    for (i, word) in words.iter().enumerate() {
        std::fs::write(
            dir.path().join(format!("content/guides/g{i}.md")),
            format!("---\ntitle: \"Guide {i}\"\n---\n\nThe word {word} is here.\n"),
        )
        .expect("a guide");
    }
    build(dir.path(), &[]).success();
    let host = StaticHost::start(&dir.path().join("public"));
    browser
        .client
        .goto(&host.url)
        .await
        .expect("open the home page");
    browser
        .wait_until("!document.querySelector('[data-search]').hidden", 10)
        .await;
    for (i, word) in words.iter().enumerate() {
        // Set as a paste would: WebDriver cannot type characters outside the BMP.
        let set = "var input = document.querySelector('#search-input'); \
                   input.value = arguments[0]; \
                   input.dispatchEvent(new Event('input', { bubbles: true }));";
        browser
            .client
            .execute(set, vec![Value::from(*word)])
            .await
            .expect("script runs");
        let found = format!(
            "document.querySelector('#search-status').textContent.includes('found') && \
             Array.from(document.querySelectorAll('#search-results a')).some(function (a) {{ \
             return a.getAttribute('href') === '/guides/g{i}/'; }})"
        );
        browser.wait_until(&found, 5).await;
    }
    browser.close().await;
}
