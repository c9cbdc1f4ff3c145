//! A page written for MkDocs (`tests/fixtures/mkdocs-body`): its admonitions become callouts,
//! collapsible ones `<details>`, its content tabs one tab set whose panels hold their Markdown;
//! an admonition inside a list item is a callout in the item, and one indented as code, which
//! is not converted, is reported at its line. In a
//! browser the tab set is a WAI-ARIA tab list driven by the keyboard.

use fantoccini::key::Key;

use crate::browser::Browser;
use crate::support::{StaticHost, build, check_report, read, report_diagnostics, site};

#[test]
fn admonitions_and_tabs_come_across_as_callouts_and_a_tab_set() {
    let dir = site(&["mkdocs-body"]);
    let out = dir.path().join("out");
    build(dir.path(), &["-o", out.to_str().expect("utf-8 path")]).success();
    let page = read(out.join("guides/blocks/index.html"));
    for expected in [
        "<aside class=\"callout callout-warning\" role=\"note\"><p class=\"callout-label\">Before the onsite</p>\n<p>Sleep well. Read the <a href=\"/guides/plain/\">plain page</a> first.</p>",
        "<details class=\"callout callout-tip\"><summary class=\"callout-label\">Folded hint</summary>\n<p>Ask about the constraints.</p>\n</details>",
        "<details class=\"callout callout-note\" open><summary class=\"callout-label\">Note</summary>\n<p>Open by default.</p>\n</details>",
        "<div class=\"tabs\">\n<div class=\"tab-panel\"><p class=\"tab-label\">Python</p>\n",
        "<div class=\"tab-panel\" data-selected><p class=\"tab-label\">Rust</p>\n",
        "<div class=\"tab-panel\"><p class=\"tab-label\">Go</p>\n<p>Go has <em>no</em> generics story here.</p>\n</div>\n</div>\n",
        "<li>\n<p>A list item</p>\n<aside class=\"callout callout-note\" role=\"note\"><p class=\"callout-label\">Inside the list</p>\n<p>This one is a callout inside the item.</p>\n</aside>\n</li>",
        "<pre class=\"code\" tabindex=\"0\"><code>!!! note &quot;Code&quot;\n    Indented as code: it stays as it was, and is reported.\n</code></pre>",
    ] {
        assert!(page.contains(expected), "{expected}\nin:\n{page}");
    }
    // The table in the admonition is a table, the code in the tabs highlighted code whose
    // lines lost only the block's indent.
    let warning = &page[page.find("callout-warning").expect("the warning")..];
    let warning = &warning[..warning.find("</aside>").expect("its end")];
    assert!(
        warning.contains("<table>") && warning.contains("45 min"),
        "{warning}"
    );
    let tabs = &page[page.find("<div class=\"tabs\">").expect("the set")..];
    assert!(tabs.contains("<pre class=\"code"), "{tabs}");
    assert!(tabs.contains("answer"), "{tabs}");
    assert_eq!(page.matches("<div class=\"tabs\">").count(), 1, "one set");
    assert!(
        !page.contains("!!! warning") && !page.contains("=== &quot;") && !page.contains("???"),
        "no opener is left as text"
    );
    assert!(page.contains("Text after the tabs."));

    let (_, report) = check_report(dir.path());
    let found: Vec<(String, u64, String)> = report_diagnostics(&report)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "unsupported-syntax");
    assert_eq!(found[0].1, 43, "{found:?}");
    assert!(
        found[0].2.contains("indented past a list item's content"),
        "{found:?}"
    );
}

/// What the tab set shows: the selected tab's title, which panels are shown, and which
/// element has the focus.
const STATE: &str = "const set = document.querySelector('.tabs');
     const tabs = Array.from(set.querySelectorAll('[role=tab]'));
     const selected = tabs.filter(t => t.getAttribute('aria-selected') === 'true').map(t => t.textContent);
     const shown = Array.from(set.querySelectorAll('.tab-panel')).filter(p => !p.hidden).length;
     const labels = Array.from(set.querySelectorAll('.tab-label')).filter(l => l.offsetHeight > 0).length;
     const active = document.activeElement;
     const focused = active.getAttribute('role') === 'tab' ? 'tab:' + active.textContent : 'elsewhere';
     const tabindex = tabs.map(t => t.tabIndex).join(',');
     return [selected, shown, labels, focused, tabindex];";

async fn state(browser: &Browser) -> serde_json::Value {
    browser.client.execute(STATE, vec![]).await.expect("state")
}

/// Presses `key` on the focused element, as a reader does.
async fn press(browser: &Browser, key: Key) {
    browser
        .client
        .active_element()
        .await
        .expect("focus")
        .send_keys(&char::from(key).to_string())
        .await
        .expect("key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_tabs_follow_the_arrow_keys_and_show_every_panel_without_a_script() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let dir = site(&["mkdocs-body"]);
    let out = dir.path().join("out");
    build(dir.path(), &["-o", out.to_str().expect("utf-8 path")]).success();
    let host = StaticHost::start(&out);
    browser
        .client
        .goto(&format!("{}/guides/blocks/", host.url))
        .await
        .expect("open the page");
    browser
        .wait_until("document.querySelector('.tabs.tabs-ready')", 10)
        .await;
    assert_eq!(
        state(&browser).await,
        serde_json::json!([["Rust"], 1, 0, "elsewhere", "-1,0,-1"]),
        "the `===+` tab selected, its panel alone shown, the titles in the tabs"
    );
    // A reader tabs into the list: the selected tab takes the focus.
    browser
        .client
        .execute(
            "const tab = document.querySelector('.tabs [role=tab][tabindex=\"0\"]');
             tab.scrollIntoView({block: 'center', behavior: 'instant'}); tab.focus(); return 0;",
            vec![],
        )
        .await
        .expect("focus the selected tab");
    let python = serde_json::json!([["Python"], 1, 0, "tab:Python", "0,-1,-1"]);
    let go = serde_json::json!([["Go"], 1, 0, "tab:Go", "-1,-1,0"]);
    press(&browser, Key::Right).await;
    assert_eq!(state(&browser).await, go);
    press(&browser, Key::Right).await;
    assert_eq!(state(&browser).await, python, "Right from the last wraps");
    press(&browser, Key::Left).await;
    assert_eq!(state(&browser).await, go, "Left from the first wraps");
    press(&browser, Key::Home).await;
    assert_eq!(state(&browser).await, python);
    press(&browser, Key::End).await;
    assert_eq!(state(&browser).await, go);
    let panel = browser
        .client
        .execute(
            "const tab = document.activeElement;
             const panel = document.getElementById(tab.getAttribute('aria-controls'));
             return [panel.getAttribute('role'), panel.getAttribute('aria-labelledby') === tab.id,
                     panel.textContent.includes('generics'), !panel.hidden];",
            vec![],
        )
        .await
        .expect("panel");
    assert_eq!(panel, serde_json::json!(["tabpanel", true, true, true]));

    // On paper every panel prints under its title, and the tab list does not.
    browser
        .client
        .execute(crate::reading::AS_PRINTED, vec![])
        .await
        .expect("print media");
    let printed = browser
        .client
        .execute(
            "const set = document.querySelector('.tabs');
             return [Array.from(set.querySelectorAll('.tab-panel')).filter(p => p.offsetHeight > 0).length,
                     Array.from(set.querySelectorAll('.tab-label')).filter(l => l.offsetHeight > 0).length,
                     getComputedStyle(set.querySelector('.tab-list')).display];",
            vec![],
        )
        .await
        .expect("printed");
    assert_eq!(printed, serde_json::json!([3, 3, "none"]));

    // Without JavaScript every panel shows, each under its title.
    let no_script = browser
        .client
        .execute(
            "return fetch(location.href).then(r => r.text()).then(page => {
               const doc = new DOMParser().parseFromString(page, 'text/html');
               const set = doc.querySelector('.tabs');
               return [set.querySelectorAll('.tab-panel:not([hidden])').length,
                       Array.from(set.querySelectorAll('.tab-label')).map(l => l.textContent),
                       set.querySelectorAll('[role=tab]').length];
             });",
            vec![],
        )
        .await
        .expect("the page as written");
    assert_eq!(
        no_script,
        serde_json::json!([3, ["Python", "Rust", "Go"], 0])
    );
    browser.close().await;
}
