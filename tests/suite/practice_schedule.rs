//! The flash cards' schedule in a real browser, the clock moved inside the page: SM-2 grades,
//! Again within the sitting, cards not due kept back until "Study ahead" (which does not
//! lengthen them), the Leitner marks of the first version carried over, and an interview date
//! that caps every interval and spreads the new cards over the days left.

use serde_json::Value;

use crate::browser::Browser;
use crate::practice::{CARD_KEY, built, click, eval, index, shown_card};

const DAY: i64 = 24 * 60 * 60 * 1000;
const STATUS: &str = "document.querySelector('[data-practice-status]')";

/// The hosting fixture's card keys, in site order.
fn keys(out: &std::path::Path) -> Vec<String> {
    index(out, "/")["guides"]
        .as_array()
        .expect("guides")
        .iter()
        .flat_map(|g| g["cards"].as_array().expect("cards").clone())
        .map(|k| k.as_str().expect("key").to_owned())
        .collect()
}

/// The saved practice state's cards (key → card).
async fn saved_cards(browser: &Browser) -> serde_json::Map<String, Value> {
    let state = eval(
        browser,
        "return JSON.parse(localStorage.getItem('prepbook:practice:/') || '{}');",
    )
    .await;
    assert_eq!(state["version"], 2, "{state}");
    state["cards"].as_object().cloned().expect("cards")
}

/// Moves the page's clock `days` days on from the real one and deals a new sitting (as a
/// change of filter does).
async fn shift_clock(browser: &Browser, days: i64) {
    eval(
        browser,
        &format!(
            "const t = (window.realNow || (window.realNow = Date.now.bind(Date)))() + {};
             Date.now = () => t;
             document.querySelector('[data-filter=\"section\"]').dispatchEvent(new Event('change'));",
            days * DAY
        ),
    )
    .await;
}

/// Reveals the card shown and grades it with its button.
async fn grade(browser: &Browser, name: &str) {
    browser
        .wait_until(
            "document.querySelector('[data-practice-reveal]').getAttribute('aria-expanded') === 'false'",
            20,
        )
        .await;
    click(browser, "[data-practice-reveal]").await;
    click(browser, &format!("[data-practice-grade='{name}']")).await;
}

async fn status_number(browser: &Browser, name: &str) -> i64 {
    eval(
        browser,
        &format!("return Number({STATUS}.getAttribute('data-{name}'));"),
    )
    .await
    .as_i64()
    .expect("a number")
}

/// Waits until the sitting is over: no card shown and the status says so.
async fn wait_done(browser: &Browser) {
    browser
        .wait_until(
            &format!(
                "document.querySelector('[data-practice-card]').hidden && {STATUS}.textContent.startsWith('Done for today')"
            ),
            20,
        )
        .await;
}

/// Again brings a card back after three others of the same sitting (graded with the keyboard:
/// Space flips, 1 to 4 grade); once every card is graded the sitting ends and a reload deals
/// nothing not due; "Study ahead" deals those cards, and grading them early keeps their
/// interval; two days on, they are due and Good gives SM-2's second interval, 6 days.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn again_returns_in_the_sitting_and_cards_not_due_wait_for_study_ahead() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built(&[]);
    let keys = keys(&out);
    assert_eq!(keys.len(), 6, "{keys:?}");
    let host = crate::support::StaticHost::start(&out);
    browser
        .client
        .goto(&format!("{}/practice/", host.url))
        .await
        .expect("open the practice page");
    assert_eq!(
        shown_card(&browser).await,
        keys[0],
        "new cards in site order"
    );
    browser
        .wait_until(&format!("{STATUS}.getAttribute('data-new') === '6'"), 20)
        .await;
    assert_eq!(status_number(&browser, "due").await, 0);
    assert_eq!(status_number(&browser, "total").await, 6);

    // The keyboard: Space on the question flips the card, 1 grades it Again.
    eval(
        &browser,
        "document.querySelector('[data-practice-question]').focus();",
    )
    .await;
    let focused = browser.client.active_element().await.expect("focus");
    focused.send_keys(" ").await.expect("Space");
    browser
        .wait_until(
            "!document.querySelector('[data-practice-answer]').hidden",
            20,
        )
        .await;
    let focused = browser.client.active_element().await.expect("focus");
    focused.send_keys("1").await.expect("1");
    assert_eq!(shown_card(&browser).await, keys[1]);
    let after = eval(
        &browser,
        "return document.querySelector('[data-practice-after]').textContent;",
    )
    .await;
    assert!(
        after
            .as_str()
            .is_some_and(|t| t.contains("again in this sitting")),
        "{after}"
    );
    // Three other cards, then the one graded Again.
    for key in &keys[1..4] {
        assert_eq!(&shown_card(&browser).await, key);
        grade(&browser, "good").await;
    }
    assert_eq!(
        shown_card(&browser).await,
        keys[0],
        "Again comes back in the sitting"
    );
    grade(&browser, "good").await;
    for key in &keys[4..] {
        assert_eq!(&shown_card(&browser).await, key);
        grade(&browser, "good").await;
    }
    wait_done(&browser).await;
    let cards = saved_cards(&browser).await;
    assert_eq!(cards.len(), 6);
    let tomorrow = eval(
        &browser,
        "const d = new Date(); return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();",
    )
    .await;
    for (key, card) in &cards {
        assert_eq!(
            card["due"], tomorrow,
            "{key}: Good on a new card is due tomorrow"
        );
        assert_eq!(card["ivl"], 1, "{key}");
    }

    // A reload deals nothing: every card is due tomorrow, and Next has nowhere to go.
    browser.client.refresh().await.expect("reload");
    wait_done(&browser).await;
    assert_eq!(status_number(&browser, "due").await, 0);
    assert_eq!(status_number(&browser, "new").await, 0);
    let next_disabled = eval(
        &browser,
        "return document.querySelector('[data-practice-next]').disabled;",
    )
    .await;
    assert_eq!(next_disabled, true);
    // Study ahead: the cards not due, graded Easy, keep their due date and interval.
    click(&browser, "[data-practice-ahead]").await;
    let ahead = shown_card(&browser).await;
    let when = eval(
        &browser,
        "return document.querySelector('[data-practice-when]').textContent;",
    )
    .await;
    assert!(
        when.as_str()
            .is_some_and(|w| w.starts_with("Studying ahead")),
        "{when}"
    );
    grade(&browser, "easy").await;
    let again = saved_cards(&browser).await;
    assert_eq!(again[&ahead]["due"], cards[&ahead]["due"], "not promoted");
    assert_eq!(again[&ahead]["ivl"], cards[&ahead]["ivl"]);
    assert_eq!(again[&ahead]["reps"], cards[&ahead]["reps"]);

    // Two days on every card is due; Good now gives the second interval, 6 days.
    shift_clock(&browser, 2).await;
    browser
        .wait_until(&format!("{STATUS}.getAttribute('data-due') === '6'"), 20)
        .await;
    let first = shown_card(&browser).await;
    grade(&browser, "good").await;
    let later = saved_cards(&browser).await;
    assert_eq!(later[&first]["ivl"], 6, "{:?}", later[&first]);
    assert_eq!(later[&first]["reps"], 2);
    let card_key = eval(&browser, &format!("return {CARD_KEY};")).await;
    assert_ne!(card_key, Value::from(first.as_str()));
    browser.close().await;
}

/// Marks saved as Leitner boxes by the first version are carried over: a box 3 card due
/// yesterday is due (with box 3's 3 days as its interval, so Good gives 3 × 2.5 = 8 days), a
/// box 5 card keeps its due date, and the state is written back as version 2.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leitner_marks_of_the_first_version_are_carried_over() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built(&[]);
    let keys = keys(&out);
    let host = crate::support::StaticHost::start(&out);
    browser
        .client
        .goto(&format!("{}/", host.url))
        .await
        .expect("open home");
    let later = eval(&browser, "return Date.now() + 5 * 864e5;").await;
    eval(
        &browser,
        &format!(
            "localStorage.setItem('prepbook:practice:/', JSON.stringify({{
               '{}': {{ box: 3, due: Date.now() - 864e5 }},
               '{}': {{ box: 5, due: {later} }}
             }}));",
            keys[3], keys[4]
        ),
    )
    .await;
    browser
        .client
        .goto(&format!("{}/practice/", host.url))
        .await
        .expect("open the practice page");
    assert_eq!(shown_card(&browser).await, keys[3], "the due card first");
    browser
        .wait_until(&format!("{STATUS}.getAttribute('data-due') === '1'"), 20)
        .await;
    assert_eq!(status_number(&browser, "new").await, 4);
    grade(&browser, "good").await;
    let cards = saved_cards(&browser).await;
    assert_eq!(cards[&keys[3]]["ivl"], 8, "{:?}", cards[&keys[3]]);
    assert_eq!(cards[&keys[4]]["due"], later);
    assert_eq!(cards[&keys[4]]["ivl"], 14);
    browser.close().await;
}

/// With the interview 5 days out: 6 new cards are dealt 2 a day (ceil(6 / 5)), and over the
/// days before it, graded Easy every day, no card ever comes due after the interview; my-prep
/// says how many days are left.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interview_date_caps_every_interval_and_spreads_new_cards() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built(&[]);
    let host = crate::support::StaticHost::start(&out);
    browser
        .client
        .goto(&format!("{}/practice/", host.url))
        .await
        .expect("open the practice page");
    shown_card(&browser).await;
    let interview = eval(
        &browser,
        "const d = new Date(); const i = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 5);
         const two = (n) => String(n).padStart(2, '0');
         const input = document.querySelector('[data-practice-interview-date]');
         input.value = i.getFullYear() + '-' + two(i.getMonth() + 1) + '-' + two(i.getDate());
         input.dispatchEvent(new Event('change'));
         return i.getTime();",
    )
    .await
    .as_i64()
    .expect("the interview's midnight");
    browser
        .wait_until(
            "document.querySelector('[data-practice-plan]').textContent.startsWith('5 days left')",
            20,
        )
        .await;
    let mut capped = false;
    let mut seen_by_day = Vec::new();
    for day in 0..5 {
        if day > 0 {
            shift_clock(&browser, day).await;
        }
        browser
            .wait_until(
                &format!("{STATUS}.getAttribute('data-new') !== null && ({STATUS}.textContent.startsWith('Done') || !document.querySelector('[data-practice-card]').hidden)"),
                20,
            )
            .await;
        let new_today = status_number(&browser, "new").await;
        assert!(new_today <= 2, "day {day}: {new_today} new cards");
        loop {
            let done = eval(
                &browser,
                &format!("return {STATUS}.textContent.startsWith('Done for today');"),
            )
            .await;
            if done == true {
                break;
            }
            shown_card(&browser).await;
            grade(&browser, "easy").await;
            for (key, card) in saved_cards(&browser).await {
                let due = card["due"].as_i64().expect("due");
                assert!(due <= interview, "day {day}: {key} due after the interview");
                capped |= due == interview - DAY;
            }
        }
        seen_by_day.push(saved_cards(&browser).await.len());
    }
    assert_eq!(
        seen_by_day,
        [2, 3, 4, 5, 6],
        "new cards spread over the days"
    );
    assert!(
        capped,
        "some interval was cut to the day before the interview"
    );

    browser
        .client
        .goto(&format!("{}/my-prep/", host.url))
        .await
        .expect("open my prep");
    browser
        .wait_until(
            "document.querySelector('[data-my-prep-interview]').getAttribute('data-days-left') === '5'",
            20,
        )
        .await;
    browser.close().await;
}

/// SM-2 as published (SuperMemo 2): a pass (quality 3 to 5) after `reps` passes in a row
/// comes back after 1 day, then 6, then the last interval times the ease; a fail starts over.
/// Every answer moves the ease by 0.1 - (5-q)(0.08 + (5-q)0.02), to no less than 1.3. The
/// page's Again comes back within the sitting (an interval of 0 days).
fn sm2(reps: u32, ease: f64, ivl: i64, quality: i64) -> (u32, f64, i64) {
    let miss = (5 - quality) as f64;
    let next_ease = (ease + 0.1 - miss * (0.08 + miss * 0.02)).max(1.3);
    if quality < 3 {
        return (0, next_ease, 0);
    }
    let next_ivl = match reps {
        0 => 1,
        1 => 6,
        _ => (ivl as f64 * ease).round() as i64,
    };
    (reps + 1, next_ease, next_ivl)
}

/// One card graded Good, Good, Easy, Hard, Again, Good, Easy, Good, each time on the day it
/// comes due: its repetitions, ease and interval after each grade are SM-2's, worked out here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_schedules_as_the_sm2_reference_does() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (_dir, out) = built(&[]);
    let host = crate::support::StaticHost::start(&out);
    browser
        .client
        .goto(&format!("{}/practice/?guide=/guides/star.md", host.url))
        .await
        .expect("open one guide's cards");
    let card = shown_card(&browser).await;
    let grades = [
        "good", "good", "easy", "hard", "again", "good", "easy", "good",
    ];
    let (mut reps, mut ease, mut ivl, mut day) = (0_u32, 2.5_f64, 0_i64, 0_i64);
    for (i, name) in grades.into_iter().enumerate() {
        // The first grade is on the sitting the page opened with; each later one on a new
        // sitting of the day the card comes due (the same day after Again).
        if i > 0 {
            shift_clock(&browser, day).await;
        }
        browser
            .wait_until(&format!("{CARD_KEY} === '{card}' && !document.querySelector('[data-practice-card]').hidden"), 20)
            .await;
        grade(&browser, name).await;
        let quality = match name {
            "again" => 2,
            "hard" => 3,
            "good" => 4,
            _ => 5,
        };
        (reps, ease, ivl) = sm2(reps, ease, ivl, quality);
        let saved = &saved_cards(&browser).await[&card];
        assert_eq!(saved["reps"], reps, "after {name}: {saved}");
        assert_eq!(saved["ivl"], ivl, "after {name}: {saved}");
        let saved_ease = saved["ease"].as_f64().expect("ease");
        assert!(
            (saved_ease - ease).abs() < 1e-9,
            "after {name}: {saved_ease} ≠ {ease}"
        );
        day += ivl;
    }
    assert!(
        ivl > 6,
        "the run reached intervals past the first two: {ivl}"
    );
    browser.close().await;
}
