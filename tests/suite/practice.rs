//! Practice and progress: the flash-card data matches the guides' FAQ parts, the pages exist
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
pub(crate) fn built(extra: &[&str]) -> (TempDir, PathBuf) {
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

pub(crate) fn json(out: &Path, base: &str, url: &str) -> Value {
    serde_json::from_str(&read(file_of(out, base, url))).expect("JSON parses")
}

/// The data index the practice page names, with the guides of every list it sums up in
/// `guides`.
pub(crate) fn index(out: &Path, base: &str) -> Value {
    let page = read(out.join("practice/index.html"));
    let url = attribute_values(&page, "data-practice-index=\"")
        .into_iter()
        .next()
        .expect("the page names its data");
    let mut index = json(out, base, &url);
    let guides: Vec<Value> = index["lists"]
        .as_array()
        .expect("lists")
        .iter()
        .flat_map(|list| {
            json(out, base, list["url"].as_str().expect("a URL"))
                .as_array()
                .cloned()
                .expect("a list")
        })
        .collect();
    index["guides"] = Value::from(guides);
    index
}

#[test]
fn practice_cards_are_the_guides_faq_questions_and_rendered_answers() {
    let (_dir, out) = built(&["--base-url", SUB_PATH]);
    let base = "/prep/";
    let index = index(&out, base);
    let chunks = index["chunks"].as_array().expect("chunks");
    let guides = index["guides"].as_array().expect("guides");
    let mut compared = 0;
    for page in ["guides/star", "guides/metrics", "deep/nested/pr-faq"] {
        let url = format!("{base}{page}/");
        let guide = guides
            .iter()
            .find(|g| g["url"] == url.as_str())
            .unwrap_or_else(|| panic!("{page} is in the index"));
        let cards_url = chunks[guide["chunk"].as_u64().expect("chunk") as usize]["cards"]
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
            html.contains(&format!("href=\"{base}practice/?guide={base}{page}.md\"")),
            "{page}: link to its practice"
        );
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
        chunks[star["chunk"].as_u64().expect("n") as usize]["cards"]
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
        chunks[star["chunk"].as_u64().expect("n") as usize]["tasks"]
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
    // practice/ lists the sections, each linking to the page of its questions; there every
    // question links to its answer on the guide page.
    let page = read(out.join("practice/index.html"));
    let lists: Vec<String> = attribute_values(&page, "href=\"")
        .into_iter()
        .filter(|href| href.starts_with("/practice/list-"))
        .collect();
    assert_eq!(lists, ["/practice/list-1.html", "/practice/list-2.html"]);
    assert!(visible_text(&page).contains("4 questions from 2 guides"));
    let list = read(out.join("practice/list-2.html"));
    let text = visible_text(&list);
    assert!(text.contains("Why numbers & not adjectives?"), "{text}");
    assert!(list.contains("href=\"/guides/star/#why-numbers--not-adjectives\""));
    assert!(
        !list.contains("data-practice "),
        "a plain list, no flash cards"
    );
    // One HTML page per guide: a guide's questions and answers are on its own page, and its
    // flash cards are the practice page's, dealt for it by the query.
    assert!(!out.join("practice/guides").exists());
    let guide = read(out.join("guides/star/index.html"));
    assert!(visible_text(&guide).contains("Use a range or a percentage: 40-50% is fine."));
    assert!(
        guide.contains("href=\"/practice/?guide=/guides/star.md\""),
        "{guide}"
    );
    // The FAQ ends with a link to practise its questions, and the top nav leads with the
    // practice and progress pages.
    let faq_end = guide
        .find("Practise these 2 questions</a>")
        .expect("a link at the end of the FAQ");
    let faq = guide.find("class=\"part part-faq\"").expect("the FAQ part");
    assert!(faq < faq_end, "the link is in the FAQ");
    assert!(
        guide[faq_end..]
            .split_once("</section>")
            .is_some_and(|(rest, _)| !rest.contains("<section") && !rest.contains("<h3")),
        "the link ends the FAQ"
    );
    let nav = &guide[guide.find("<nav class=\"site-nav\"").expect("nav")..];
    let nav = &nav[..nav.find("</nav>").expect("nav ends")];
    assert!(
        nav.contains("href=\"/practice/\">Practice</a>")
            && nav.contains("href=\"/my-prep/\">My prep</a>"),
        "{nav}"
    );
    let my_prep = read(out.join("my-prep/index.html"));
    assert!(my_prep.contains("noindex"));
    // Crawlers find the practice pages, not the reader's own progress page.
    let sitemap = read(out.join("sitemap.xml"));
    assert!(sitemap.contains("/practice/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("/my-prep/"), "{sitemap}");
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
    assert!(!read(out.join("sitemap.xml")).contains("/practice/"));
    for page in ["index.html", "guides/star/index.html"] {
        let html = read(out.join(page));
        assert!(
            !html.contains("/practice/") && !html.contains("/my-prep/"),
            "{page}"
        );
        assert!(
            !html.contains("Practise these") && !html.contains("faq-practice"),
            "{page}"
        );
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

/// The practice and progress folders are reserved only while practice is on: a site without
/// those pages may keep guides in a folder named `practice`.
#[test]
fn practice_folders_are_reserved_only_while_practice_is_on() {
    let dir = site(&["hosting"]);
    let folder = dir.path().join("content/practice");
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::write(
        folder.join("drills.md"),
        crate::support::complete_guide("title: \"Drills\""),
    )
    .expect("write");
    let out = dir.path().join("out");
    let out = out.to_str().expect("utf-8");
    build(dir.path(), &["-o", out])
        .code(1)
        .stderr(predicates::str::contains(
            "/practice/drills/ is where generated pages go",
        ));
    let config = dir.path().join("book.toml");
    let text = read(&config);
    std::fs::write(&config, format!("{text}\n[practice]\nenabled = false\n")).expect("write");
    build(dir.path(), &["-o", out]).success();
    let page = read(Path::new(out).join("practice/drills/index.html"));
    assert!(page.contains("<h1>Drills</h1>"), "the guide's page");
}

/// Scrolls the element at `css` into view and clicks it, as a reader would.
pub(crate) async fn click(browser: &crate::browser::Browser, css: &str) {
    let quoted = serde_json::to_string(css).expect("css as JSON");
    browser
        .client
        .execute(
            &format!("document.querySelector({quoted}).scrollIntoView({{block: 'center', behavior: 'instant'}});"),
            vec![],
        )
        .await
        .expect("scroll");
    browser
        .client
        .find(fantoccini::Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Runs `script` (a function body that may return a promise) and returns its value.
pub(crate) async fn eval(browser: &crate::browser::Browser, script: &str) -> Value {
    browser
        .client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// Opens the guide page at `url` and ticks its first checklist item, as a reader does.
pub(crate) async fn tick_first_item(browser: &crate::browser::Browser, url: &str) {
    browser.client.goto(url).await.expect("open the guide");
    browser
        .wait_until("!document.querySelector('input.task').disabled", 20)
        .await;
    click(browser, "label[for^='task-']").await;
    browser
        .wait_until("document.querySelector('input.task').checked", 20)
        .await;
}

pub(crate) const CARD_KEY: &str =
    "document.querySelector('[data-practice-card]').getAttribute('data-key')";

/// The key of the card shown, once the card is shown and loaded.
pub(crate) async fn shown_card(browser: &crate::browser::Browser) -> String {
    browser
        .wait_until(
            &format!("!document.querySelector('[data-practice-card]').hidden && {CARD_KEY}"),
            20,
        )
        .await;
    eval(browser, &format!("return {CARD_KEY};"))
        .await
        .as_str()
        .expect("a key")
        .to_owned()
}

/// In a real browser: ticks in two guides show on `my-prep/` with their counts and what is
/// left; the home page links there; export, clear (and its undo) and import of the saved state.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_prep_counts_ticks_and_exports_clears_and_imports_them() {
    let Some(browser) = crate::browser::Browser::start().await else {
        return;
    };
    let (dir, out) = built(&[]);
    let host = crate::support::StaticHost::start(&out);
    let client = &browser.client;
    client.goto(&host.url).await.expect("open home");
    let link = "document.querySelector('[data-my-prep-link]')";
    browser
        .wait_until(&format!("{link} && {link}.hidden"), 20)
        .await;
    for page in ["guides/star/", "deep/nested/pr-faq/"] {
        tick_first_item(&browser, &format!("{}/{page}", host.url)).await;
    }
    client.goto(&host.url).await.expect("open home");
    browser.wait_until(&format!("!{link}.hidden"), 20).await;

    client
        .goto(&format!("{}/my-prep/", host.url))
        .await
        .expect("open my prep");
    let counts = "Array.from(document.querySelectorAll('[data-my-prep-guides] [data-my-prep-count]')).map((e) => e.textContent).join('|')";
    // The star guide ticks one item in its source and the reader one more; pr-faq none and one.
    browser
        .wait_until(&format!("{counts} === '1 of 3 done|2 of 4 done'"), 20)
        .await;
    let left = eval(
        &browser,
        "return Array.from(document.querySelectorAll('[data-guide=\"/guides/star.md\"] .my-prep-left a')).map((a) => [a.textContent, a.getAttribute('href')]);",
    )
    .await;
    let left = left.as_array().expect("items left");
    assert_eq!(left.len(), 2, "{left:?}");
    assert_eq!(left[0][0], "Nested task under it");
    assert!(
        left[0][1]
            .as_str()
            .is_some_and(|h| h.starts_with("/guides/star/#task-"))
    );
    // What is left is folded under its guide, behind a count.
    let folded = eval(
        &browser,
        "const box = document.querySelector('[data-guide=\"/guides/star.md\"] details.my-prep-left-box');
         return [box.open, box.querySelector('summary').textContent];",
    )
    .await;
    assert_eq!(folded, serde_json::json!([false, "Show 2 items left"]));
    let saved = "return JSON.stringify(Object.keys(localStorage).sort().map((k) => [k, localStorage.getItem(k)]));";
    let before = eval(&browser, saved).await;

    click(&browser, "[data-my-prep-export]").await;
    browser
        .wait_until("document.querySelector('[data-my-prep-download]')", 20)
        .await;
    let exported = eval(
        &browser,
        "return fetch(document.querySelector('[data-my-prep-download]').href).then((r) => r.text());",
    )
    .await;
    let exported = exported.as_str().expect("the exported file");
    let file = dir.path().join("prep-state.json");
    std::fs::write(&file, exported).expect("save the export");
    let parsed: Value = serde_json::from_str(exported).expect("export is JSON");
    assert_eq!(
        parsed["saved"].as_object().expect("saved").len(),
        2,
        "{parsed}"
    );

    click(&browser, "[data-my-prep-clear]").await;
    browser
        .wait_until(
            &format!("{counts} === '' && !document.querySelector('[data-my-prep-undo]').hidden"),
            20,
        )
        .await;
    assert_eq!(eval(&browser, "return localStorage.length;").await, 0);
    click(&browser, "[data-my-prep-undo]").await;
    browser
        .wait_until(&format!("{counts} === '1 of 3 done|2 of 4 done'"), 20)
        .await;
    assert_eq!(eval(&browser, saved).await, before, "undo restores");

    click(&browser, "[data-my-prep-clear]").await;
    browser.wait_until(&format!("{counts} === ''"), 20).await;
    client
        .find(fantoccini::Locator::Css("[data-my-prep-import]"))
        .await
        .expect("the import field")
        .send_keys(file.to_str().expect("utf-8 path"))
        .await
        .expect("choose the file");
    // Nothing changes before the reader chooses: merge (into nothing, here) restores.
    browser
        .wait_until("!document.querySelector('[data-my-prep-plan]').hidden", 20)
        .await;
    assert_eq!(eval(&browser, "return localStorage.length;").await, 0);
    click(&browser, "[data-my-prep-merge]").await;
    browser
        .wait_until(&format!("{counts} === '1 of 3 done|2 of 4 done'"), 20)
        .await;
    assert_eq!(eval(&browser, saved).await, before, "import restores");

    // A file with a card reviewed earlier than here, a card new here and a tick new here:
    // merged, the newer review wins, the new card and tick are added and the ticks kept; Undo
    // brings back what was here.
    let star = eval(
        &browser,
        "return Object.keys(localStorage).find((k) => k.startsWith('prepbook:checklist:/guides/star'));",
    )
    .await;
    let star = star.as_str().expect("the star guide's ticks").to_owned();
    let card = |last: u64, reps: u64| serde_json::json!({"reps": reps, "ease": 2.5, "ivl": 1, "due": last + 86_400_000, "last": last, "seen": last});
    let here = serde_json::json!({"version": 2, "cards": {"a": card(2_000_000, 1)}});
    eval(
        &browser,
        &format!("localStorage.setItem('prepbook:practice:/', JSON.stringify({here}));"),
    )
    .await;
    let before_merge = eval(&browser, saved).await;
    let other = serde_json::json!({
        "format": "prepbook-saved-state", "version": 1, "site": "/",
        "saved": {
            "prepbook:practice:/": {"version": 2, "cards": {"a": card(1_000_000, 5), "b": card(1_500_000, 1)}},
            star.clone(): {"zzz": true}
        }
    });
    let other_file = dir.path().join("other-state.json");
    std::fs::write(&other_file, other.to_string()).expect("write the other export");
    client
        .find(fantoccini::Locator::Css("[data-my-prep-import]"))
        .await
        .expect("the import field")
        .send_keys(other_file.to_str().expect("utf-8 path"))
        .await
        .expect("choose the file");
    let plan = "document.querySelector('[data-my-prep-plan]')";
    browser.wait_until(&format!("!{plan}.hidden"), 20).await;
    let planned = eval(
        &browser,
        &format!(
            "return ['added', 'newer', 'ticks'].map((n) => {plan}.getAttribute('data-' + n));"
        ),
    )
    .await;
    assert_eq!(planned, serde_json::json!(["1", "0", "1"]));
    click(&browser, "[data-my-prep-merge]").await;
    browser
        .wait_until(
            &format!(
                "{counts} === '1 of 3 done|3 of 4 done' || {counts} === '1 of 3 done|2 of 4 done'"
            ),
            20,
        )
        .await;
    let merged = eval(
        &browser,
        &format!("return [JSON.parse(localStorage.getItem('prepbook:practice:/')), JSON.parse(localStorage.getItem('{star}'))];"),
    )
    .await;
    assert_eq!(
        merged[0]["cards"]["a"]["last"], 2_000_000,
        "the newer review wins"
    );
    assert_eq!(
        merged[0]["cards"]["b"]["last"], 1_500_000,
        "the new card is added"
    );
    assert_eq!(merged[1]["zzz"], true, "the tick is added");
    assert!(
        merged[1].as_object().expect("ticks").len() >= 2,
        "the ticks here are kept: {}",
        merged[1]
    );
    click(&browser, "[data-my-prep-undo]").await;
    browser
        .wait_until("document.querySelector('[data-my-prep-undo]').hidden", 20)
        .await;
    assert_eq!(eval(&browser, saved).await, before_merge, "undo");
    browser.close().await;
}

/// A site of five sections of three guides (each with two questions and a checklist): five
/// lists of guides, built into `<tmp>/out`.
fn sections_site() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"Sections\"\nbase-url = \"https://example.org/\"\n",
    )
    .expect("book.toml");
    for s in 1..=5 {
        let folder = dir.path().join(format!("content/s{s}"));
        std::fs::create_dir_all(&folder).expect("section folder");
        for g in 1..=3 {
            let front = format!("title: Guide {s}.{g}\ntags: [t{s}]");
            std::fs::write(
                folder.join(format!("g{g}.md")),
                crate::support::complete_guide(&front),
            )
            .expect("guide");
        }
    }
    let out = dir.path().join("out");
    build(dir.path(), &["-o", out.to_str().expect("utf-8 path")]).success();
    (dir, out)
}

/// How many of the site's lists of guides the page has fetched.
async fn lists_fetched(browser: &crate::browser::Browser, lists: &[String]) -> usize {
    let urls = serde_json::to_string(lists).expect("JSON");
    let fetched = eval(
        browser,
        &format!(
            "const lists = {urls};
             return performance.getEntriesByType('resource')
               .filter((e) => lists.includes(new URL(e.name).pathname)).length;"
        ),
    )
    .await;
    usize::try_from(fetched.as_u64().expect("a count")).expect("small")
}

/// In a real browser: the practice page loads one list of guides to show the first card, and
/// the list of a card due for review (marked on its guide's own page) before any other; the
/// progress page loads only the list of the guide ticked, and the others when asked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn practice_and_progress_load_only_the_lists_they_need() {
    let Some(browser) = crate::browser::Browser::start().await else {
        return;
    };
    let (_dir, out) = sections_site();
    let index = index(&out, "/");
    let lists: Vec<String> = index["lists"]
        .as_array()
        .expect("lists")
        .iter()
        .map(|l| l["url"].as_str().expect("URL").to_owned())
        .collect();
    assert_eq!(lists.len(), 5, "{index}");
    let first_of = |section: &str| {
        index["guides"]
            .as_array()
            .expect("guides")
            .iter()
            .find(|g| g["url"] == format!("/{section}/g1/"))
            .map(|g| g["cards"][0].as_str().expect("key").to_owned())
            .expect("the guide")
    };
    let host = crate::support::StaticHost::start(&out);
    let client = &browser.client;
    client
        .goto(&format!("{}/practice/", host.url))
        .await
        .expect("open practice");
    assert_eq!(shown_card(&browser).await, first_of("s1"));
    assert_eq!(lists_fetched(&browser, &lists).await, 1);

    // Marked "review again" on the practice page dealing one guide's cards (the guide page's
    // link), the card comes first.
    client
        .goto(&format!("{}/practice/?guide=/s4/g1.md", host.url))
        .await
        .expect("open one guide's practice");
    assert_eq!(shown_card(&browser).await, first_of("s4"));
    assert_eq!(lists_fetched(&browser, &lists).await, 1, "its list alone");
    let named = eval(
        &browser,
        "const p = document.querySelector('[data-practice-one]'); return p.hidden ? '' : p.querySelector('a').getAttribute('href');",
    )
    .await;
    assert_eq!(named, "/s4/g1/", "the page names the guide and links back");
    let filters = eval(
        &browser,
        "return document.querySelector('[data-practice-filters]').hidden;",
    )
    .await;
    assert_eq!(filters, true);
    click(&browser, "[data-practice-reveal]").await;
    click(&browser, "[data-practice-grade='again']").await;
    client
        .goto(&format!("{}/practice/", host.url))
        .await
        .expect("open practice again");
    assert_eq!(
        shown_card(&browser).await,
        first_of("s4"),
        "the due card first"
    );
    assert_eq!(lists_fetched(&browser, &lists).await, 2);
    click(&browser, "[data-practice-next]").await;
    assert_eq!(
        shown_card(&browser).await,
        first_of("s1"),
        "then site order"
    );

    // A tick in the fifth section: my-prep loads that list, and one more when asked.
    tick_first_item(&browser, &format!("{}/s5/g2/", host.url)).await;
    client
        .goto(&format!("{}/my-prep/", host.url))
        .await
        .expect("open my prep");
    let counts = "Array.from(document.querySelectorAll('[data-my-prep-guides] [data-my-prep-count]')).map((e) => e.textContent).join('|')";
    browser
        .wait_until(&format!("{counts} === '1 of 3 done'"), 20)
        .await;
    assert_eq!(lists_fetched(&browser, &lists).await, 1);
    let status = eval(
        &browser,
        "return document.querySelector('[data-my-prep-status]').textContent;",
    )
    .await;
    assert_eq!(status, "1 checklist started of 15.");
    let untouched = "document.querySelectorAll('[data-my-prep-untouched] > li').length";
    // Two guides of the fifth section by name, four other sections by count.
    browser.wait_until(&format!("{untouched} === 6"), 20).await;
    click(&browser, ".my-prep-more button").await;
    browser.wait_until(&format!("{untouched} === 8"), 20).await;
    assert_eq!(lists_fetched(&browser, &lists).await, 2);
    browser.close().await;
}
