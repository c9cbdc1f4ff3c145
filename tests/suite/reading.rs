//! The reading experience of the default theme: order, navigation and what a reader sees on a
//! phone and a desktop, in the built HTML and in a real browser.

use std::io::Write as _;
use std::path::PathBuf;

use fantoccini::Locator;
use flate2::Compression;
use flate2::write::GzEncoder;
use tempfile::TempDir;

use crate::browser::Browser;
use crate::support::{StaticHost, attribute_values, build, read, site};

fn built() -> (TempDir, PathBuf) {
    let dir = site(&["reading"]);
    let out = dir.path().join("out");
    build(dir.path(), &["-o", out.to_str().expect("utf-8 path")]).success();
    (dir, out)
}

/// The hrefs of the links inside the first element that starts with `start`.
fn hrefs_in(html: &str, start: &str, end: &str) -> Vec<String> {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} in the page"));
    let part = &html[from..];
    let part = &part[..part.find(end).expect("its end")];
    attribute_values(part, "href=\"")
}

#[test]
fn section_weight_orders_nav_home_and_print_page() {
    let (_dir, out) = built();
    // `loops` (weight 1) comes before `basics` (weight 2), against the folders' byte order.
    let home = read(out.join("index.html"));
    assert_eq!(
        hrefs_in(&home, "<nav class=\"site-nav\"", "</nav>"),
        [
            "/practice/",
            "/my-prep/",
            "/loops/",
            "/basics/",
            "/checklists-print/",
            "/tags/"
        ]
    );
    let groups: Vec<String> = attribute_values(&home, "href=\"")
        .into_iter()
        .filter(|h| h == "/loops/" || h == "/basics/")
        .collect();
    assert_eq!(
        groups[2..],
        ["/loops/", "/basics/"],
        "home groups: {groups:?}"
    );
    let print = read(out.join("checklists-print/index.html"));
    let guides: Vec<String> = attribute_values(&print, "href=\"")
        .into_iter()
        .filter(|h| h.starts_with("/loops/") || h.starts_with("/basics/"))
        .filter(|h| h.matches('/').count() == 3) // guides, not the nav's sections
        .collect();
    assert_eq!(
        guides,
        [
            "/loops/loop-plan/",
            "/loops/debrief/",
            "/basics/first-call/"
        ]
    );
}

#[test]
fn the_nav_marks_the_current_section() {
    let (_dir, out) = built();
    let current = |page: &str| {
        let html = read(out.join(page));
        let nav = &html[html.find("<nav class=\"site-nav\"").expect("nav")..];
        let nav = &nav[..nav.find("</nav>").expect("nav end")];
        nav.split("<a ")
            .filter(|a| a.contains("aria-current"))
            .map(|a| a[..a.find('>').unwrap_or(a.len())].to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        current("loops/loop-plan/index.html"),
        ["href=\"/loops/\" aria-current=\"true\""]
    );
    assert_eq!(
        current("basics/index.html"),
        ["href=\"/basics/\" aria-current=\"page\""]
    );
    assert_eq!(
        current("tags/screen/index.html"),
        ["href=\"/tags/\" aria-current=\"true\""]
    );
    assert!(current("index.html").is_empty());
}

#[test]
fn a_guide_lists_its_section_and_links_highlight_css_only_with_code() {
    let (_dir, out) = built();
    let plan = read(out.join("loops/loop-plan/index.html"));
    assert_eq!(
        hrefs_in(&plan, "<nav class=\"section-guides\"", "</nav>"),
        ["/loops/loop-plan/", "/loops/debrief/"]
    );
    assert!(plan.contains("<a href=\"/loops/loop-plan/\" aria-current=\"page\">"));
    let stylesheets = |html: &str| {
        html.lines()
            .filter(|l| l.starts_with("<link rel=\"stylesheet\""))
            .count()
    };
    assert_eq!(stylesheets(&plan), 2, "the plan has a code block");
    let call = read(out.join("basics/first-call/index.html"));
    assert_eq!(stylesheets(&call), 1, "no code, no highlight stylesheet");
}

/// What a reader downloads for `page`, gzipped as hosts serve it: the HTML and the stylesheets
/// and scripts it links (the search index, fetched only on a search, left out).
fn page_weight(out: &std::path::Path, page: &str) -> (usize, Vec<(String, usize)>) {
    let gzipped = |bytes: &[u8]| {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).expect("gzip");
        encoder.finish().expect("gzip").len()
    };
    let html = read(out.join(page));
    let linked: Vec<String> = html
        .lines()
        .filter(|l| l.starts_with("<link rel=\"stylesheet\"") || l.starts_with("<script src="))
        .flat_map(|l| {
            attribute_values(l, "href=\"")
                .into_iter()
                .chain(attribute_values(l, "src=\""))
        })
        .collect();
    assert!(linked.len() >= 3, "{page} links {linked:?}");
    let parts: Vec<(String, usize)> = linked
        .into_iter()
        .map(|url| {
            let bytes = std::fs::read(out.join(url.trim_start_matches('/'))).expect("asset");
            (url, gzipped(&bytes))
        })
        .collect();
    let total = gzipped(html.as_bytes()) + parts.iter().map(|(_, n)| n).sum::<usize>();
    (total, parts)
}

/// Code costs a page little: the highlight stylesheet holds each theme once (it held each
/// twice, 13.6 KB gzipped, and this page with code weighed 14.5 KB more than the one without).
#[test]
fn a_page_with_code_weighs_little_more_than_one_without() {
    let (_dir, out) = built();
    let (with_code, parts) = page_weight(&out, "loops/loop-plan/index.html");
    let (without, _) = page_weight(&out, "basics/first-call/index.html");
    let highlight = parts
        .iter()
        .find(|(url, _)| url.contains("/highlight."))
        .map(|(_, n)| *n)
        .expect("the code page links the highlight stylesheet");
    assert!(
        highlight < 5_000,
        "highlight stylesheet: {highlight} B gzipped"
    );
    assert!(
        with_code < without + 6_000,
        "{with_code} B with code against {without} B without: {parts:?}"
    );
}

async fn open(browser: &Browser, url: &str, width: u32, height: u32) {
    browser
        .client
        .set_window_size(width, height)
        .await
        .expect("window size");
    browser.client.goto(url).await.expect("open the page");
    browser
        .wait_until("document.readyState === 'complete'", 10)
        .await;
}

/// Clicks the first element `css` finds, as a reader does.
async fn click(browser: &Browser, css: &str) {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|err| panic!("{css}: {err}"))
        .click()
        .await
        .unwrap_or_else(|err| panic!("click {css}: {err}"));
}

async fn eval(browser: &Browser, script: &str) -> serde_json::Value {
    browser
        .client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|err| panic!("{script}: {err}"))
}

/// On a 390 px phone: "On this page" is a closed disclosure right after the guide's TL;DR and
/// links (the sidebar copy is not shown), every heading of the text has its permalink, and a
/// wide table scrolls inside its box, not the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_the_toc_comes_first_and_tables_scroll_in_their_box() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built();
    let host = StaticHost::start(&out);
    open(
        &browser,
        &format!("{}/loops/loop-plan/", host.url),
        390,
        844,
    )
    .await;
    let toc = eval(
        &browser,
        "const d = document.querySelector('details.toc-phone');
         const tools = document.querySelector('.guide-tools');
         return [tools.nextElementSibling === d && d.getBoundingClientRect().top > 0, d.open,
                 getComputedStyle(document.querySelector('.guide-aside .toc')).display];",
    )
    .await;
    assert_eq!(
        toc,
        serde_json::json!([true, false, "none"]),
        "toc at 390 px"
    );
    let permalinks = eval(
        &browser,
        "const hs = Array.from(document.querySelectorAll('.prose h2[id], .prose h3[id]'));
         return [hs.length > 2, hs.every(h => {
           const a = h.lastElementChild;
           return a && a.matches('a.anchor') && a.getAttribute('href') === '#' + h.id
             && a.getAttribute('aria-label') === 'Link to this section';
         })];",
    )
    .await;
    assert_eq!(
        permalinks,
        serde_json::json!([true, true]),
        "heading permalinks"
    );
    eval(
        &browser,
        "document.querySelector('details.toc-phone').scrollIntoView({block: 'center', behavior: 'instant'}); return 0;",
    )
    .await;
    click(&browser, "details.toc-phone summary").await;
    browser
        .wait_until(
            "document.querySelector('details.toc-phone').open && document.querySelector('details.toc-phone a').offsetHeight > 0",
            5,
        )
        .await;

    let table = eval(
        &browser,
        "const box = document.querySelector('.table-scroll');
         box.scrollIntoView({block: 'center', behavior: 'instant'});
         const wide = box.scrollWidth > box.clientWidth;
         const page = document.documentElement.scrollWidth <= window.innerWidth;
         const cue = box.parentNode.getAttribute('data-overflow');
         box.scrollLeft = 120;
         return [wide, page, cue, box.scrollLeft > 0];",
    )
    .await;
    assert_eq!(
        table,
        serde_json::json!([true, true, "more", true]),
        "table at 390 px"
    );
    browser.close().await;
}

/// On a desktop: the theme switch goes auto → light → dark and the choice survives a reload
/// (applied before the first paint, by the page head).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_theme_switch_persists_across_a_reload() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built();
    let host = StaticHost::start(&out);
    open(
        &browser,
        &format!("{}/loops/loop-plan/", host.url),
        1280,
        900,
    )
    .await;
    let background = "getComputedStyle(document.body).backgroundColor";
    let auto = eval(&browser, &format!("return {background};")).await;
    browser
        .wait_until("!document.querySelector('[data-theme-switch]').hidden", 5)
        .await;
    let switch = browser
        .client
        .find(Locator::Css("[data-theme-switch]"))
        .await
        .expect("the switch");
    switch.clone().click().await.expect("to light");
    switch.click().await.expect("to dark");
    browser
        .wait_until("document.documentElement.dataset.theme === 'dark'", 5)
        .await;
    let dark = eval(&browser, &format!("return {background};")).await;
    assert_ne!(dark, auto, "the page turned dark");
    browser.client.refresh().await.expect("reload");
    browser
        .wait_until("document.readyState === 'complete'", 10)
        .await;
    let after = eval(
        &browser,
        &format!(
            "return [document.documentElement.dataset.theme, {background},
                     document.querySelector('[data-theme-name]').textContent];"
        ),
    )
    .await;
    assert_eq!(after, serde_json::json!(["dark", dark, "dark"]));
    browser.close().await;
}

/// A highlighted token shows its class's colours: the light theme's in the light scheme, the
/// dark theme's in the dark one, as the stylesheet gives them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_tokens_take_each_schemes_colour() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built();
    let page = read(out.join("loops/loop-plan/index.html"));
    let class = page
        .split_once("<pre class=\"code\" data-lang=\"yaml\"")
        .and_then(|(_, code)| code.split_once("<span class=\""))
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(class, _)| class.to_owned())
        .expect("a highlighted token");
    let css = read(out.join(crate::support::asset_path(&out, "highlight.css")));
    let rule = css
        .lines()
        .find_map(|line| line.strip_prefix(&format!(".{class}{{")))
        .unwrap_or_else(|| panic!("no rule for {class}"));
    let rgb = |scheme: &str| {
        let hex = rule
            .split(';')
            .find_map(|d| d.strip_prefix(&format!("--hl-{scheme}-fg:#")))
            .unwrap_or_else(|| panic!("{class} sets no {scheme} colour: {rule}"));
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex");
        format!("rgb({}, {}, {})", channel(0), channel(2), channel(4))
    };
    let host = StaticHost::start(&out);
    open(
        &browser,
        &format!("{}/loops/loop-plan/", host.url),
        1280,
        900,
    )
    .await;
    let colour = |scheme: &str| {
        format!(
            "document.documentElement.dataset.theme = '{scheme}';
             return getComputedStyle(document.querySelector('pre.code span.{class}')).color;"
        )
    };
    let light = eval(&browser, &colour("light")).await;
    let dark = eval(&browser, &colour("dark")).await;
    assert_eq!(light, serde_json::json!(rgb("l")), "{class}: {rule}");
    assert_eq!(dark, serde_json::json!(rgb("d")), "{class}: {rule}");
    browser.close().await;
}

/// The count in the checklist panel of a guide page.
const PANEL: &str =
    "document.querySelector('section.part-checklist [data-checklist-count]').textContent";

/// Ticks the first two items of the open guide's checklist panel, as a reader clicks them.
async fn tick_the_first_two(browser: &Browser) {
    eval(
        browser,
        "document.querySelector('section.part-checklist').scrollIntoView({block: 'start', behavior: 'instant'});",
    )
    .await;
    let labels = browser
        .client
        .find_all(Locator::Css("section.part-checklist label"))
        .await
        .expect("labels");
    labels[0].clone().click().await.expect("tick the first");
    labels[1].clone().click().await.expect("tick the second");
}

/// The content model's parts carry their own elements, the checklist's progress sits beside
/// it and counts a repeated item once, and Reset can be undone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checklist_progress_sits_beside_the_checklist_and_reset_can_be_undone() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built();
    let host = StaticHost::start(&out);
    open(
        &browser,
        &format!("{}/loops/loop-plan/", host.url),
        1280,
        900,
    )
    .await;
    let parts = eval(
        &browser,
        "return [
           document.querySelector('section.part-tldr > h2')?.textContent.replace('#', ''),
           document.querySelectorAll('section.part-faq .faq-item > h3').length,
           document.querySelector('section.part-checklist')?.contains(document.querySelector('input.task')),
           document.querySelector('section.part-checklist')?.contains(document.querySelector('[data-checklist-status]'))];",
    )
    .await;
    assert_eq!(parts, serde_json::json!(["TL;DR", 2, true, true]));
    // Four items, one of them repeated: three steps.
    browser
        .wait_until(&format!("{PANEL} === '0 of 3 done'"), 10)
        .await;
    tick_the_first_two(&browser).await;
    // The repeat of the first item ticks with it and does not count again.
    browser
        .wait_until(
            &format!("{PANEL} === '2 of 3 done' && document.querySelectorAll('input.task:checked').length === 3"),
            5,
        )
        .await;
    let meter = eval(
        &browser,
        "const m = document.querySelector('section.part-checklist progress'); return [m.value, m.max];",
    )
    .await;
    assert_eq!(meter, serde_json::json!([2, 3]));
    let header = "document.querySelector('.guide-tools [data-checklist-count]').textContent";
    assert_eq!(
        eval(&browser, &format!("return {header};")).await,
        "2 of 3 done"
    );

    browser
        .client
        .find(Locator::Css(
            "section.part-checklist [data-checklist-reset]",
        ))
        .await
        .expect("reset")
        .click()
        .await
        .expect("click reset");
    browser
        .wait_until(
            &format!("{PANEL} === '0 of 3 done' && !document.querySelector('[data-checklist-undo]').hidden"),
            5,
        )
        .await;
    browser
        .client
        .find(Locator::Css("[data-checklist-undo-button]"))
        .await
        .expect("undo")
        .click()
        .await
        .expect("click undo");
    browser
        .wait_until(
            &format!("{PANEL} === '2 of 3 done' && document.querySelector('[data-checklist-undo]').hidden"),
            5,
        )
        .await;
    browser.client.refresh().await.expect("reload");
    browser
        .wait_until(&format!("{PANEL} === '2 of 3 done'"), 10)
        .await;
    browser.close().await;
}

/// Search from the keyboard: arrow keys move through the hits, Enter opens the chosen one at
/// the heading that matched; the count shows and the terms are marked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_hits_are_chosen_with_arrow_keys_and_opened_with_enter() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built();
    let host = StaticHost::start(&out);
    open(&browser, &host.url, 1280, 900).await;
    browser
        .wait_until("!document.querySelector('[data-search]').hidden", 10)
        .await;
    let input = browser
        .client
        .find(Locator::Css("#search-input"))
        .await
        .expect("the search box");
    // "week" is in two headings of the loop plan ("Week one", "Week two") and nowhere else.
    input.send_keys("week").await.expect("type");
    browser
        .wait_until(
            "document.querySelectorAll('#search-results a').length === 1",
            10,
        )
        .await;
    let shown = eval(
        &browser,
        "return [document.querySelector('[data-search-count]').textContent,
                 document.querySelector('#search-results mark')?.textContent.toLowerCase(),
                 document.querySelector('#search-results a').getAttribute('href')];",
    )
    .await;
    assert_eq!(
        shown,
        serde_json::json!(["1 guide found", "week", "/loops/loop-plan/#week-one"])
    );
    input.send_keys("\u{E015}").await.expect("arrow down"); // WebDriver's ArrowDown
    browser
        .wait_until("document.querySelector('#search-results a.is-active')", 5)
        .await;
    input.send_keys("\u{E007}").await.expect("enter"); // WebDriver's Enter
    browser
        .wait_until(
            "location.pathname === '/loops/loop-plan/' && location.hash === '#week-one'",
            10,
        )
        .await;
    // `/` goes to the search box; Enter typed before the hits are shown opens the top one.
    open(&browser, &host.url, 1280, 900).await;
    browser
        .wait_until("!document.querySelector('[data-search]').hidden", 10)
        .await;
    let body = browser
        .client
        .find(Locator::Css("body"))
        .await
        .expect("the page");
    body.send_keys("/").await.expect("slash");
    assert_eq!(
        eval(&browser, "return document.activeElement.id;").await,
        "search-input"
    );
    let input = browser
        .client
        .find(Locator::Css("#search-input"))
        .await
        .expect("the search box");
    input
        .send_keys("week\u{E007}")
        .await
        .expect("type and enter");
    browser
        .wait_until(
            "location.pathname === '/loops/loop-plan/' && location.hash === '#week-one'",
            10,
        )
        .await;
    browser.close().await;
}

/// Cards on the home, section and tag pages show the reader's checklist progress as the guide
/// page counted it from the saved ticks; once the guide's checklist changes, they wait until
/// the guide page has counted again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guide_cards_show_the_checklist_progress_saved_on_the_guide_page() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (dir, out) = built();
    let host = StaticHost::start(&out);
    let plan = format!("{}/loops/loop-plan/", host.url);
    open(&browser, &plan, 1280, 900).await;
    browser
        .wait_until(&format!("{PANEL} === '0 of 3 done'"), 10)
        .await;
    tick_the_first_two(&browser).await;
    browser
        .wait_until(&format!("{PANEL} === '2 of 3 done'"), 5)
        .await;
    let cards = "const card = (href) => document.querySelector(`.guide-card:has(a[href=\"${href}\"]) .card-progress`);
         const plan = card('/loops/loop-plan/'), bar = plan.querySelector('progress');
         return [plan.hidden, plan.textContent, bar.value, bar.max, card('/loops/debrief/') === null];";
    for page in ["", "loops/", "tags/planning/"] {
        open(&browser, &format!("{}/{page}", host.url), 1280, 900).await;
        assert_eq!(
            eval(&browser, cards).await,
            serde_json::json!([false, "Checklist: 2 of 3 done", 2, 3, true]),
            "cards on /{page}"
        );
    }

    // A new step: the saved count is of the old checklist, so the card hides until the guide
    // page counts again.
    let source = dir.path().join("content/loops/loop-plan.md");
    let text = read(&source);
    std::fs::write(
        &source,
        text.replace(
            "- [ ] One free day kept\n",
            "- [ ] One free day kept\n- [ ] Travel booked\n",
        ),
    )
    .expect("edit the checklist");
    build(dir.path(), &["-o", out.to_str().expect("utf-8 path")]).success();
    let plan_card = "return document.querySelector('.guide-card:has(a[href=\"/loops/loop-plan/\"]) .card-progress') === null;";
    open(&browser, &format!("{}/", host.url), 1280, 900).await;
    assert_eq!(eval(&browser, plan_card).await, true, "stale count hidden");
    open(&browser, &plan, 1280, 900).await;
    browser
        .wait_until(&format!("{PANEL} === '2 of 4 done'"), 10)
        .await;
    open(&browser, &format!("{}/", host.url), 1280, 900).await;
    assert_eq!(
        eval(&browser, cards).await,
        serde_json::json!([false, "Checklist: 2 of 4 done", 2, 4, true]),
        "counted again"
    );
    browser.close().await;
}

/// Turns the page's `@media print` rules on and its screen-only rules off, so that computed
/// styles are those of the printed page.
pub const AS_PRINTED: &str = "for (const sheet of document.styleSheets) {
       for (const rule of sheet.cssRules) {
         if (!(rule instanceof CSSMediaRule)) continue;
         const text = rule.media.mediaText;
         if (/\\bprint\\b/.test(text)) rule.media.mediaText = text.replace(/\\bprint\\b/, 'all');
         else if (/\\bscreen\\b/.test(text)) rule.media.mediaText = 'not all';
       }
     }";

/// Printing: the printable checklists have a Print button that prints and is left off the
/// paper; long blocks may break across pages (kept whole they left a blank third of a page
/// behind), headings and a guide's header stay with what follows, and the brand is a quiet
/// line above the title.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn printed_pages_flow_and_leave_the_controls_out() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built();
    let host = StaticHost::start(&out);
    for page in ["checklists-print/"] {
        open(&browser, &format!("{}/{page}", host.url), 1280, 900).await;
        browser
            .wait_until("!document.querySelector('[data-print]').hidden", 5)
            .await;
        eval(&browser, "window.print = () => { window.printed = true; };").await;
        click(&browser, "[data-print]").await;
        browser.wait_until("window.printed === true", 5).await;
        eval(&browser, AS_PRINTED).await;
        let printed = eval(
            &browser,
            "const style = (selector) => getComputedStyle(document.querySelector(selector));
             return [style('[data-print]').display, style('.site-nav').display,
                     style('h1').breakAfter, style('main h2').breakAfter,
                     style('.page-header').breakAfter];",
        )
        .await;
        assert_eq!(
            printed,
            serde_json::json!(["none", "none", "avoid", "avoid", "avoid"]),
            "/{page} printed"
        );
    }
    open(
        &browser,
        &format!("{}/checklists-print/", host.url),
        1280,
        900,
    )
    .await;
    eval(&browser, AS_PRINTED).await;
    assert_eq!(
        eval(
            &browser,
            "return getComputedStyle(document.querySelector('.print-guide')).breakInside;"
        )
        .await,
        "auto",
        "a guide's checklist may go on over the page"
    );
    open(
        &browser,
        &format!("{}/loops/loop-plan/", host.url),
        1280,
        900,
    )
    .await;
    eval(&browser, AS_PRINTED).await;
    let guide = eval(
        &browser,
        "const style = (selector) => getComputedStyle(document.querySelector(selector));
         const brand = document.querySelector('.brand').getBoundingClientRect();
         const title = document.querySelector('h1').getBoundingClientRect();
         return [style('pre.code').breakInside, style('.guide-header').breakAfter,
                 style('.checklist-status .button').display, style('.practice-link').display,
                 Math.abs(brand.left - title.left) < 1, brand.height < title.height];",
    )
    .await;
    assert_eq!(
        guide,
        serde_json::json!(["auto", "avoid", "none", "none", true, true]),
        "a guide printed"
    );
    // "Printable checklist" prints the guide's own checklist alone, from the guide page.
    open(
        &browser,
        &format!("{}/loops/loop-plan/", host.url),
        1280,
        900,
    )
    .await;
    eval(&browser, "window.print = () => { window.printed = true; };").await;
    click(&browser, "[data-print-checklist]").await;
    browser.wait_until("window.printed === true", 5).await;
    eval(&browser, AS_PRINTED).await;
    let alone = eval(
        &browser,
        "const shown = (el) => getComputedStyle(el).display !== 'none';
         const prose = Array.from(document.querySelectorAll('.prose > *'));
         return [prose.filter(shown).every((el) => el.matches('.part-checklist')),
                 shown(document.querySelector('.part-checklist')), shown(document.querySelector('h1')),
                 shown(document.querySelector('.lede'))];",
    )
    .await;
    assert_eq!(
        alone,
        serde_json::json!([true, true, true, false]),
        "the checklist alone"
    );
    browser.close().await;
}

/// The guide's point in the first screen: on a 390×844 phone and a 1280×900 desktop the
/// TL;DR's top is inside the window as the page opens, shown before the intro that precedes
/// it in the source, which the page still has.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tldr_is_in_the_first_screen_on_phone_and_desktop() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built();
    let host = StaticHost::start(&out);
    for (width, height) in [(390, 844), (1280, 900)] {
        open(
            &browser,
            &format!("{}/loops/loop-plan/", host.url),
            width,
            height,
        )
        .await;
        let seen = eval(
            &browser,
            "const tldr = document.querySelector('section.part-tldr');
             const intro = Array.from(document.querySelectorAll('.prose p'))
               .find(p => p.textContent.startsWith('Two weeks is enough'));
             return [tldr.getBoundingClientRect().top < window.innerHeight,
                     window.scrollY,
                     Boolean(intro),
                     Boolean(intro && (tldr.compareDocumentPosition(intro) & Node.DOCUMENT_POSITION_FOLLOWING))];",
        )
        .await;
        assert_eq!(
            seen,
            serde_json::json!([true, 0, true, true]),
            "TL;DR in the first screen at {width}x{height}"
        );
    }
    browser.close().await;
}

/// Layout shifts since the page started loading (the observer is given the buffered ones).
const LAYOUT_SHIFT: &str = "return await new Promise(done => {
     let total = 0;
     new PerformanceObserver(list => {
       for (const e of list.getEntries()) if (!e.hadRecentInput) { total += e.value; window.shifted = (window.shifted || []).concat(e.sources.map(s => [s.node && (s.node.className || s.node.nodeName), JSON.stringify(s.previousRect), JSON.stringify(s.currentRect)])); }
     }).observe({type: 'layout-shift', buffered: true});
     setTimeout(() => done(total), 800);
   });";

/// On a 390×844 phone the header is one slim row (brand, Search, theme, Menu) that does not
/// move once the scripts run; Menu opens the whole navigation as a drawer (every section,
/// Practice, My prep, the printable checklists, Tags) and Search opens over the whole screen.
/// On a desktop nothing moves either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_phone_header_is_one_row_with_a_drawer_and_full_screen_search() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built();
    let host = StaticHost::start(&out);
    open(
        &browser,
        &format!("{}/loops/loop-plan/", host.url),
        1280,
        900,
    )
    .await;
    assert_eq!(
        eval(&browser, LAYOUT_SHIFT).await,
        serde_json::json!(0),
        "desktop {}",
        eval(&browser, "return window.shifted;").await
    );
    open(
        &browser,
        &format!("{}/loops/loop-plan/", host.url),
        390,
        844,
    )
    .await;
    assert_eq!(
        eval(&browser, LAYOUT_SHIFT).await,
        serde_json::json!(0),
        "phone {}",
        eval(&browser, "return window.shifted;").await
    );
    let header = eval(
        &browser,
        "const h = document.querySelector('.site-header').getBoundingClientRect();
         const nav = document.querySelector('.site-nav');
         return [h.height <= 64, getComputedStyle(nav).display];",
    )
    .await;
    assert_eq!(header, serde_json::json!([true, "none"]), "one slim row");
    click(&browser, "[data-menu]").await;
    let drawer = eval(
        &browser,
        "const links = Array.from(document.querySelectorAll('.site-nav a'));
         return [document.querySelector('[data-menu]').getAttribute('aria-expanded'),
                 links.every(a => a.getBoundingClientRect().height >= 44),
                 links.map(a => a.getAttribute('href'))];",
    )
    .await;
    let sections: Vec<String> = ["/basics/", "/loops/"].map(String::from).to_vec();
    let hrefs: Vec<String> = serde_json::from_value(drawer[2].clone()).expect("hrefs");
    for wanted in sections.iter().map(String::as_str).chain([
        "/practice/",
        "/my-prep/",
        "/checklists-print/",
        "/tags/",
    ]) {
        assert!(hrefs.iter().any(|h| h == wanted), "{wanted} in {hrefs:?}");
    }
    assert_eq!(drawer[0], "true");
    assert_eq!(drawer[1], true, "44 px tap targets in the drawer");
    click(&browser, "[data-menu]").await;
    click(&browser, "[data-search-open]").await;
    let search = eval(
        &browser,
        "const r = document.querySelector('.site-search').getBoundingClientRect();
         return [r.top, r.height === window.innerHeight, document.activeElement.id];",
    )
    .await;
    assert_eq!(search, serde_json::json!([0, true, "search-input"]));
    click(&browser, "[data-search-close]").await;
    assert_eq!(
        eval(
            &browser,
            "return getComputedStyle(document.querySelector('.site-search')).display;"
        )
        .await,
        "none"
    );
    browser.close().await;
}

/// The site's title takes the room the header has: whole when it fits (on a phone too, where
/// the buttons are icons), cut with an ellipsis (and whole in the link's title) when it does
/// not, never over what follows it in the row, on a desktop and on a phone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_site_title_is_cut_with_an_ellipsis_in_the_header() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_short_dir, short) = built();
    let long_dir = site(&["reading"]);
    let title = "Reading Fixture: every guide a product manager needs before the onsite loop";
    let config = read(long_dir.path().join("book.toml"));
    let config = config.replace(
        "title = \"Reading Fixture\"",
        &format!("title = \"{title}\""),
    );
    std::fs::write(long_dir.path().join("book.toml"), config).expect("book.toml");
    let long = long_dir.path().join("out");
    build(long_dir.path(), &["-o", long.to_str().expect("utf-8 path")]).success();
    // Whether the name is cut, how, whether the brand ends before what follows it in the
    // row (the navigation on a desktop, the Search button on a phone), and the link's title.
    const HEADER: &str = "const name = document.querySelector('.brand > span');
         const brand = document.querySelector('.brand');
         const next = Array.from(brand.parentElement.children).slice(1)
             .find(e => e.getBoundingClientRect().width > 0);
         return [name.scrollWidth > name.clientWidth + 1, getComputedStyle(name).textOverflow,
                 brand.getBoundingClientRect().right <= next.getBoundingClientRect().left,
                 brand.title];";
    for (out, cut, wanted) in [(&short, false, "Reading Fixture"), (&long, true, title)] {
        let host = StaticHost::start(out);
        for (width, height) in [(1280, 900), (390, 844)] {
            open(&browser, &format!("{}/", host.url), width, height).await;
            let header = eval(&browser, HEADER).await;
            assert_eq!(
                header,
                serde_json::json!([cut, "ellipsis", true, wanted]),
                "{wanted} at {width} px"
            );
        }
    }
    browser.close().await;
}

/// "Print what is left" prints the guide's checklist alone without the items the reader has
/// ticked; paper has no checklist controls or progress bar.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn print_what_is_left_leaves_the_ticked_items_off() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built();
    let host = StaticHost::start(&out);
    open(
        &browser,
        &format!("{}/loops/loop-plan/", host.url),
        1280,
        900,
    )
    .await;
    // An item linked to (as My prep links what is left) stands out where it lands.
    let marked = eval(
        &browser,
        "const input = document.querySelector('section.part-checklist input.task');
         const before = getComputedStyle(input.parentElement).backgroundColor;
         location.hash = '#' + input.id;
         return [before, getComputedStyle(input.parentElement).backgroundColor];",
    )
    .await;
    assert_ne!(
        marked[0], marked[1],
        "the target item is highlighted: {marked}"
    );
    tick_the_first_two(&browser).await;
    browser
        .wait_until("!document.querySelector('[data-print-left]').hidden", 5)
        .await;
    eval(&browser, "window.print = () => { window.printed = true; };").await;
    eval(
        &browser,
        "document.querySelector('[data-print-left]').click(); return 0;",
    )
    .await;
    browser.wait_until("window.printed === true", 5).await;
    eval(&browser, AS_PRINTED).await;
    let printed = eval(
        &browser,
        "const shown = el => getComputedStyle(el).display !== 'none';
         const items = Array.from(document.querySelectorAll('section.part-checklist li'));
         return [items.filter(li => li.querySelector('input.task:checked')).map(shown),
                 items.filter(li => !li.querySelector('input.task:checked')).map(shown),
                 shown(document.querySelector('.checklist-status')),
                 shown(document.querySelector('section.part-tldr'))];",
    )
    .await;
    assert_eq!(
        printed,
        serde_json::json!([[false, false, false], [true], false, false]),
        "ticked items, the item left, the progress panel, the rest of the guide"
    );
    browser.close().await;
}

/// A diagram far below the first screen is not drawn until printing asks for it: paper gets
/// the drawing, never the diagram's source.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn printing_draws_the_diagrams_not_drawn_yet() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("content")).expect("mkdir");
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"Diagrams\"\n\n[checks]\nrequired = []\n",
    )
    .expect("book.toml");
    let filler = "A paragraph that takes room on the page.\n\n".repeat(150);
    std::fs::write(
        dir.path().join("content/flow.md"),
        format!(
            "---\ntitle: Flow\n---\n\n{filler}```mermaid\ngraph LR\n  Screen[Phone screen] --> Loop[Onsite loop]\n```\n"
        ),
    )
    .expect("guide");
    build(dir.path(), &[]).success();
    let host = StaticHost::start(&dir.path().join("public"));
    open(&browser, &format!("{}/flow/", host.url), 1280, 900).await;
    let waiting = eval(
        &browser,
        "return [document.querySelectorAll('figure.diagram').length,
                 document.querySelectorAll('pre[data-diagram]').length];",
    )
    .await;
    assert_eq!(
        waiting,
        serde_json::json!([0, 1]),
        "not drawn before printing"
    );
    eval(&browser, AS_PRINTED).await;
    assert_eq!(
        eval(
            &browser,
            "return getComputedStyle(document.querySelector('pre[data-diagram]')).display;"
        )
        .await,
        "none",
        "a source waiting for its drawing stays off the paper"
    );
    eval(
        &browser,
        "window.dispatchEvent(new Event('beforeprint')); return 0;",
    )
    .await;
    browser
        .wait_until(
            "document.querySelector('figure.diagram .diagram-drawing svg')",
            20,
        )
        .await;
    assert_eq!(
        eval(
            &browser,
            "return getComputedStyle(document.querySelector('figure.diagram details')).display;"
        )
        .await,
        "none",
        "the drawing prints without its source"
    );
    browser.close().await;
}

/// Every control and link that is not inline in a sentence (WCAG 2.5.8: those are exempt) is
/// at least 24×24 px, on a phone and a desktop, on the guide, home, tag and practice pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tap_targets_are_at_least_24_px() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built();
    let host = StaticHost::start(&out);
    let small = "const small = [];
       for (const el of document.querySelectorAll('a[href], button, input, select, summary')) {
         const r = el.getBoundingClientRect();
         if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
         if (el.closest('.prose p, .prose li, .prose td, .prose th, .lede, .visually-hidden')) continue;
         // A field inside its label is reached through the label.
         const label = el.closest('label');
         if (label && label.getBoundingClientRect().height >= 24) continue;
         if (r.height < 24 || r.width < 24)
           small.push(el.tagName + '.' + el.className + ' ' + el.textContent.trim().slice(0, 30)
             + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
       }
       return small;";
    for (width, height) in [(390, 844), (1280, 900)] {
        for page in [
            "loops/loop-plan/",
            "",
            "tags/screen/",
            "practice/",
            "my-prep/",
        ] {
            open(&browser, &format!("{}/{page}", host.url), width, height).await;
            // The scripts may still be drawing controls: the page as it settles counts.
            let mut found = eval(&browser, small).await;
            for _ in 0..30 {
                if found == serde_json::json!([]) {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                found = eval(&browser, small).await;
            }
            assert_eq!(found, serde_json::json!([]), "/{page} at {width}x{height}");
        }
    }
    browser.close().await;
}

/// The text of the page `browser` shows, printed as Chromium prints it (WebDriver's Print
/// Page) and read back with `pdftotext`.
async fn printed_text(browser: &Browser) -> String {
    let pdf = browser
        .client
        .print(fantoccini::wd::PrintConfiguration::default())
        .await
        .expect("print the page");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("page.pdf");
    std::fs::write(&file, pdf).expect("write the PDF");
    let output = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap_or_else(|err| {
            panic!("pdftotext: {err}; install it with `apt-get install -y poppler-utils`")
        });
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A printed guide has its text and its diagram's drawing, and none of the page's controls,
/// the progress bar's count or the diagram's source.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_printed_guide_has_its_text_and_no_controls_or_diagram_source() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let dir = site(&["reading"]);
    std::fs::write(
        dir.path().join("content/loops/flow.md"),
        "---\ntitle: The Loop as a Flow\n---\n\n## TL;DR\n\nScreen, then loop.\n\n```mermaid\ngraph LR\n  Screen[Phone screen] --> Loop[Onsite loop]\n```\n\n## FAQ\n\n### How long?\n\nTwo weeks.\n\n### How many rounds?\n\nFive.\n\n## Checklist\n\n- [ ] Book the screen\n- [ ] Book the loop\n- [ ] Rest\n",
    )
    .expect("a guide with a diagram");
    let out = dir.path().join("out");
    build(dir.path(), &["-o", out.to_str().expect("utf-8 path")]).success();
    let host = StaticHost::start(&out);
    open(&browser, &format!("{}/loops/flow/", host.url), 1280, 900).await;
    browser
        .wait_until(
            "document.querySelector('figure.diagram .diagram-drawing svg')",
            20,
        )
        .await;
    let text = printed_text(&browser).await;
    assert!(text.contains("The Loop as a Flow"), "{text}");
    assert!(text.contains("Screen, then loop."), "{text}");
    assert!(text.contains("Onsite loop"), "the drawing prints: {text}");
    for absent in [
        "graph LR",
        "Diagram source",
        "Print what is left",
        "Printable checklist",
        "Menu",
        "Search guides",
        "0 of 3 done",
        "Practise",
    ] {
        assert!(!text.contains(absent), "{absent:?} on paper: {text}");
    }
    browser.close().await;
}
