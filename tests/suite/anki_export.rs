//! `prepbook export anki`: the real binary writes the FAQ questions in Anki's text import
//! format; the file is read back (tab-separated, fields quoted as CSV quotes them) and each
//! note compared with the practice data of a build of the same site.

use std::collections::BTreeMap;

use crate::practice::{built, json};
use crate::support::{prepbook, read};

/// The fields of every record of `text` after its `#` header lines: tab-separated, a field in
/// double quotes may hold tabs, line breaks and doubled quotes.
fn records(text: &str) -> (Vec<&str>, Vec<Vec<String>>) {
    let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
    let body: String = text
        .split_inclusive('\n')
        .skip(header.len())
        .collect::<String>();
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = body.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            '\t' => {
                record.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_start = true;
            }
            _ => {
                assert!(c != '"', "an unquoted field holds a quote: {field}");
                field.push(c);
                at_start = false;
            }
        }
    }
    assert!(
        !quoted && field.is_empty() && record.is_empty(),
        "the file ends a note"
    );
    (header, records)
}

#[test]
fn export_anki_writes_every_faq_question_as_a_note_with_a_stable_guid() {
    let (dir, out) = built(&[]);
    let file = dir.path().join("deck.txt");
    prepbook()
        .args(["export", "anki"])
        .arg(dir.path())
        .arg("-o")
        .arg(&file)
        .assert()
        .success();
    let text = read(&file);
    let (header, notes) = records(&text);
    assert_eq!(
        header,
        [
            "#separator:tab",
            "#html:true",
            "#guid column:1",
            "#notetype:Basic",
            "#deck:Hosting Fixture",
            "#tags column:4",
        ]
    );

    // What the build's practice data says of each card: its question, answer and guide.
    let page = read(out.join("practice/index.html"));
    let start = page.find("data-practice-index=\"").expect("the data index") + 21;
    let url = &page[start..start + page[start..].find('"').expect("end")];
    let index = json(&out, "/", url);
    let mut expected = Vec::new();
    for list in index["lists"].as_array().expect("lists") {
        let section = list["section"].as_str().expect("section").replace(' ', "_");
        for guide in json(&out, "/", list["url"].as_str().expect("url"))
            .as_array()
            .expect("guides")
        {
            let chunk = &index["chunks"][guide["chunk"].as_u64().expect("chunk") as usize];
            // A piece of guides with checklists and no FAQ has no cards file.
            let Some(cards_file) = chunk["cards"].as_str() else {
                continue;
            };
            let cards = json(&out, "/", cards_file);
            let mut tags: Vec<String> = guide["tags"]
                .as_array()
                .expect("tags")
                .iter()
                .map(|t| t.as_str().expect("tag").replace(' ', "_"))
                .collect();
            tags.push(section.clone());
            for key in guide["cards"].as_array().expect("keys") {
                let key = key.as_str().expect("key");
                let card = &cards[key];
                expected.push(vec![
                    key.to_owned(),
                    card["question"].as_str().expect("question").to_owned(),
                    card["answer"].as_str().expect("answer").to_owned(),
                    tags.join(" "),
                ]);
            }
        }
    }
    assert_eq!(expected.len(), 6);
    assert_eq!(notes, expected);
    // Answers are HTML over several lines, with quotes: the quoting carried them whole.
    assert!(
        notes
            .iter()
            .any(|n| n[2].contains('\n') && n[2].contains('"'))
    );
    let tags: BTreeMap<&str, &str> = notes
        .iter()
        .map(|n| (n[1].as_str(), n[3].as_str()))
        .collect();
    assert!(
        tags.values().any(|t| t.starts_with("metrics behavioral ")),
        "{tags:?}"
    );

    // A second export, to standard output, gives the same notes with the same GUIDs.
    let to_stdout = || {
        let out = prepbook()
            .args(["export", "anki"])
            .arg(dir.path())
            .output()
            .expect("run");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let again = to_stdout();
    let guids = |notes: &[Vec<String>]| notes.iter().map(|n| n[0].clone()).collect::<Vec<_>>();
    assert_eq!(guids(&records(&again).1), guids(&notes));
    assert_eq!(again, text);

    // The export is the deck whether or not the site shows practice pages.
    let book = dir.path().join("book.toml");
    let config = read(&book);
    assert!(!config.contains("[practice]"), "{config}");
    std::fs::write(&book, format!("{config}\n[practice]\nenabled = false\n")).expect("write");
    assert_eq!(to_stdout(), text);
}

/// The practice page's "Download for Anki" makes, in the browser, the file the command writes:
/// the same bytes for every card, and for one section only that section's notes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_practice_page_downloads_the_same_anki_file() {
    let Some(browser) = crate::browser::Browser::start().await else {
        return;
    };
    let (dir, out) = built(&[]);
    let cli = prepbook()
        .args(["export", "anki"])
        .arg(dir.path())
        .output()
        .expect("run");
    let cli = String::from_utf8(cli.stdout).expect("UTF-8");
    let host = crate::support::StaticHost::start(&out);
    browser
        .client
        .goto(&format!("{}/practice/", host.url))
        .await
        .expect("open the practice page");
    crate::practice::shown_card(&browser).await;
    let all = download(&browser).await;
    assert_eq!(all, cli, "the page's file is the command's");

    browser
        .client
        .find(fantoccini::Locator::Css("[data-filter='section']"))
        .await
        .expect("the section filter")
        .select_by_value("Guides")
        .await
        .expect("choose a section");
    let section = download(&browser).await;
    let (header, notes) = records(&section);
    assert_eq!(header, records(&cli).0);
    assert_eq!(notes.len(), 4, "{notes:?}");
    assert!(notes.iter().all(|n| n[3].ends_with(" Guides")), "{notes:?}");
    let (_, every) = records(&cli);
    assert!(notes.iter().all(|n| every.contains(n)));
    browser.close().await;
}

/// Clicks "Download for Anki" and returns the file the page made.
async fn download(browser: &crate::browser::Browser) -> String {
    crate::practice::click(browser, "[data-practice-anki]").await;
    browser
        .wait_until("document.querySelector('[data-practice-anki-file]')", 20)
        .await;
    let text = crate::practice::eval(
        browser,
        "const a = document.querySelector('[data-practice-anki-file]'); a.remove(); return fetch(a.href).then((r) => r.text());",
    )
    .await;
    text.as_str().expect("the file").to_owned()
}
