//! Practice and progress: the flash-card data matches the guides' FAQ sections, the pages exist
//! (and read without JavaScript), `[practice] enabled = false` removes them, and in a real
//! browser cards are scheduled, filtered and marked, and the progress page counts ticks and
//! exports, clears and imports what the browser keeps.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

use crate::hosting::faq_on_page;
use crate::support::{attribute_values, build, read, read_tree, site, visible_text};

const SUB_PATH: &str = "https://example.org/prep/";

/// The hosting fixture (three guides with FAQs and checklists) built into `<tmp>/out`.
fn built(extra: &[&str]) -> (TempDir, PathBuf) {
    let dir = site(&["hosting"]);
    let out = dir.path().join("out");
    let mut args = vec!["-o", out.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    build(dir.path(), &args).success();
    (dir, out)
}

/// The output file behind a root-relative URL of a site built under `base`.
fn file_of(out: &Path, base: &str, url: &str) -> PathBuf {
    out.join(url.strip_prefix(base).unwrap_or(url))
}

fn json(out: &Path, base: &str, url: &str) -> Value {
    serde_json::from_str(&read(file_of(out, base, url))).expect("JSON parses")
}

/// The data index the practice page names.
fn index(out: &Path, base: &str) -> Value {
    let page = read(out.join("practice/index.html"));
    let url = attribute_values(&page, "data-practice-index=\"")
        .into_iter()
        .next()
        .expect("the page names its data");
    json(out, base, &url)
}

/// The visible text of every part of `html` from `open` to the next `close`.
fn texts_between(html: &str, open: &str, close: &str) -> Vec<String> {
    html.split(open)
        .skip(1)
        .map(|part| visible_text(&part[..part.find(close).unwrap_or(part.len())]))
        .collect()
}

#[test]
fn practice_cards_are_the_guides_faq_questions_and_rendered_answers() {
    let (_dir, out) = built(&["--base-url", SUB_PATH]);
    let base = "/prep/";
    let index = index(&out, base);
    let sections = index["sections"].as_array().expect("sections");
    let guides = index["guides"].as_array().expect("guides");
    let mut compared = 0;
    for page in ["guides/star", "guides/metrics", "deep/nested/pr-faq"] {
        let url = format!("{base}{page}/");
        let guide = guides
            .iter()
            .find(|g| g["url"] == url.as_str())
            .unwrap_or_else(|| panic!("{page} is in the index"));
        let cards_url = sections[guide["section"].as_u64().expect("section") as usize]["cards"]
            .as_str()
            .expect("a cards file");
        let cards = json(&out, base, cards_url);
        let from_json: Vec<(String, String)> = guide["cards"]
            .as_array()
            .expect("card keys")
            .iter()
            .map(|key| {
                let card = &cards[key.as_str().expect("key")];
                let answer = card["answer"].as_str().expect("answer");
                (
                    card["question"].as_str().expect("question").to_owned(),
                    visible_text(answer),
                )
            })
            .collect();
        let html = read(out.join(page).join("index.html"));
        assert_eq!(from_json, faq_on_page(&html), "{page}");
        assert!(
            html.contains(&format!("href=\"{base}practice/{page}/\"")),
            "{page}: link to its practice"
        );
        // The guide's own practice page shows the same questions with the same answers.
        let own = read(out.join("practice").join(page).join("index.html"));
        let questions = texts_between(&own, "<h2 class=\"practice-item-question\">", "</h2>");
        let answers = texts_between(
            &own,
            "<div class=\"practice-item-answer prose\">",
            "</div>\n  </li>",
        );
        let on_page: Vec<(String, String)> = questions.into_iter().zip(answers).collect();
        assert_eq!(on_page, from_json, "{page}");
        compared += from_json.len();
    }
    assert_eq!(compared, 6);
    // Answers are the page's HTML, not plain text: code, lists and links to the guide.
    let star = guides
        .iter()
        .find(|g| g["url"] == "/prep/guides/star/")
        .expect("star");
    let cards = json(
        &out,
        base,
        sections[star["section"].as_u64().expect("n") as usize]["cards"]
            .as_str()
            .expect("file"),
    );
    let first = cards[star["cards"][0].as_str().expect("key")]["answer"]
        .as_str()
        .expect("answer");
    assert!(
        first.contains("<em>checkable</em>") && first.contains("<li>Baseline first</li>"),
        "{first}"
    );
    let second = cards[star["cards"][1].as_str().expect("key")]["answer"]
        .as_str()
        .expect("answer");
    assert!(
        second.contains("<code>40-50%</code>") && second.contains("revenue &lt; 1M"),
        "{second}"
    );
    assert!(
        second.contains("href=\"/prep/guides/star/#a-detail-under-the-answer\""),
        "{second}"
    );
    // Checklist items of the progress page: the guide's task items with their keys.
    let tasks = json(
        &out,
        base,
        sections[star["section"].as_u64().expect("n") as usize]["tasks"]
            .as_str()
            .expect("file"),
    );
    let items = tasks[star["store"].as_str().expect("store")]
        .as_array()
        .expect("items");
    assert_eq!(star["tasks"], 4);
    assert_eq!(items.len(), 4);
    assert_eq!(items[1][1], "Write the baseline down");
    assert_eq!(items[1][2], true);
    let guide_page = read(out.join("guides/star/index.html"));
    for item in items {
        let key = item[0].as_str().expect("key");
        assert!(guide_page.contains(&format!("id=\"task-{key}\"")), "{key}");
    }
}

#[test]
fn practice_pages_read_without_javascript_and_data_is_split_and_hashed() {
    let (_dir, out) = built(&[]);
    let page = read(out.join("practice/index.html"));
    let text = visible_text(&page);
    // Every question is listed, each linking to its answer on the guide page.
    assert!(text.contains("Why numbers & not adjectives?"), "{text}");
    assert!(page.contains("href=\"/guides/star/#why-numbers-not-adjectives\""));
    let single = read(out.join("practice/guides/star/index.html"));
    assert!(visible_text(&single).contains("Use a range or a percentage: 40-50% is fine."));
    let my_prep = read(out.join("my-prep/index.html"));
    assert!(my_prep.contains("noindex"));
    assert!(visible_text(&my_prep).contains("needs JavaScript"));
    let home = read(out.join("index.html"));
    assert!(home.contains("data-my-prep-link") && home.contains("href=\"/my-prep/\""));
    // The data: one index plus files per section, each named by its content.
    let data: BTreeMap<String, Vec<u8>> = read_tree(&out)
        .into_iter()
        .filter(|(path, _)| path.starts_with("assets/practice/"))
        .collect();
    assert!(data.len() >= 3, "{:?}", data.keys());
    for (path, bytes) in &data {
        let name = path.trim_start_matches("assets/practice/");
        let hash = blake3::hash(bytes).to_hex();
        assert_eq!(name, format!("{}.json", &hash[..12]), "{path}");
        serde_json::from_slice::<Value>(bytes).expect("JSON");
    }
    // Two builds give the same files.
    let (_again, out2) = built(&[]);
    let again: Vec<String> = read_tree(&out2)
        .into_keys()
        .filter(|path| path.starts_with("assets/practice/"))
        .collect();
    assert_eq!(again, data.keys().cloned().collect::<Vec<_>>());
}

#[test]
fn practice_can_be_turned_off_in_book_toml() {
    let dir = site(&["hosting"]);
    let config = dir.path().join("book.toml");
    let text = read(&config);
    std::fs::write(&config, format!("{text}\n[practice]\nenabled = false\n")).expect("write");
    let out = dir.path().join("out");
    build(dir.path(), &["-o", out.to_str().expect("utf-8")]).success();
    let files = read_tree(&out);
    let practice: Vec<&String> = files
        .keys()
        .filter(|p| {
            p.starts_with("practice/")
                || p.starts_with("my-prep/")
                || p.starts_with("assets/practice/")
        })
        .collect();
    assert!(practice.is_empty(), "{practice:?}");
    for page in ["index.html", "guides/star/index.html"] {
        let html = read(out.join(page));
        assert!(
            !html.contains("/practice/") && !html.contains("/my-prep/"),
            "{page}"
        );
        assert!(!html.contains("Practise these questions"), "{page}");
    }
    // A typo in the table is an error with its line, as everywhere in book.toml.
    std::fs::write(&config, format!("{text}\n[practice]\nenable = false\n")).expect("write");
    crate::support::prepbook()
        .arg("build")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("enable"));
}
