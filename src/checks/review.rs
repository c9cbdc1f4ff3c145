//! `stale-guide`: guides whose last review is older than `[checks] review-after`. Interview
//! loops change every hiring season; a guide nobody has looked at since then misleads. The
//! date judged is `reviewed`, else `updated`; a guide with neither is not judged.
//!
//! What is due depends on the day, so it is worked out on every build rather than kept with a
//! guide's own rules. `PREPBOOK_TODAY` sets the day (for tests and reproducible CI runs).

use crate::config::{ChecksConfig, ReviewAfter};
use crate::diagnostic::review::DueForReview;
use crate::diagnostic::{Diagnostic, rules};
use crate::guide::{Date, Guide};
use crate::site::Site;

/// The variable that sets the day guides are judged on, written `YYYY-MM-DD`.
pub(crate) const TODAY_VARIABLE: &str = "PREPBOOK_TODAY";

/// The guides due for review and their `stale-guide` diagnostics: `None` and nothing when the
/// site sets no `review-after`.
pub(crate) fn stale_guides(
    site: &Site,
    config: &ChecksConfig,
) -> (Option<Vec<DueForReview>>, Vec<Diagnostic>) {
    let Some(after) = config.review_after else {
        return (None, Vec::new());
    };
    let (today, problem) = match today() {
        Ok(today) => (today, None),
        Err(text) => (Date::today(), Some(not_a_day(&text))),
    };
    let due: Vec<(&Guide, Due)> = site
        .guides
        .values()
        .filter_map(|guide| Some((guide.as_ref(), due_for_review(guide, after, today)?)))
        .collect();
    let mut diagnostics: Vec<Diagnostic> = due
        .iter()
        .map(|(guide, due)| stale(guide, due, after))
        .collect();
    diagnostics.extend(problem);
    let listed = due.into_iter().map(|(guide, due)| DueForReview {
        file: guide.file.clone(),
        reviewed: due.reviewed.to_string(),
        key: due.key,
        due: due.due.to_string(),
    });
    let mut listed: Vec<DueForReview> = listed.collect();
    // Oldest due first: the order a review rota takes them in (dates as YYYY-MM-DD sort as
    // text).
    listed.sort_by(|a, b| (&a.due, &a.file).cmp(&(&b.due, &b.file)));
    (Some(listed), diagnostics)
}

/// Today, from [`TODAY_VARIABLE`] when it is set, else the clock (UTC); `Err` holds a value of
/// the variable that is no date.
fn today() -> Result<Date, String> {
    let text = match std::env::var(TODAY_VARIABLE) {
        Err(std::env::VarError::NotPresent) => return Ok(Date::today()),
        Ok(text) => text,
        Err(std::env::VarError::NotUnicode(raw)) => raw.to_string_lossy().into_owned(),
    };
    Date::parse(text.trim()).ok_or(text)
}

/// The problem of a [`TODAY_VARIABLE`] that is no date (the clock's day is used then).
fn not_a_day(text: &str) -> Diagnostic {
    rules::STALE_GUIDE
        .report(
            "",
            format!("{TODAY_VARIABLE} is `{text}`, not a date: guides were judged on today's date"),
        )
        .with_help(format!(
            "write it YYYY-MM-DD ({TODAY_VARIABLE}=2026-12-07), or unset it"
        ))
}

/// A guide's review date, under which key, and when it fell due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Due {
    pub reviewed: Date,
    pub key: &'static str,
    pub due: Date,
}

/// Whether `guide` is due for review on `today`: on and after the day `after` has passed since
/// its date.
pub(crate) fn due_for_review(guide: &Guide, after: ReviewAfter, today: Date) -> Option<Due> {
    let front = &guide.front;
    let (reviewed, key) = match (front.reviewed, front.updated) {
        (Some(date), _) => (date, "reviewed"),
        (None, Some(date)) => (date, "updated"),
        (None, None) => return None,
    };
    let due = match after {
        ReviewAfter::Days(days) => reviewed.plus_days(days),
        ReviewAfter::Months(months) => reviewed.plus_months(months),
    };
    (due <= today).then_some(Due { reviewed, key, due })
}

/// The diagnostic of a guide due for review, at its date in the front matter.
fn stale(guide: &Guide, due: &Due, after: ReviewAfter) -> Diagnostic {
    let since = match due.key {
        "reviewed" => format!("last reviewed on {}", due.reviewed),
        _ => format!("updated on {} and not reviewed since", due.reviewed),
    };
    let message = format!(
        "{since}: due for review since {} (`review-after` is {after})",
        due.due
    );
    guide.at_key(rules::STALE_GUIDE.report(&guide.file, message), due.key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing::guide_with;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("a date")
    }

    #[test]
    fn due_from_reviewed_else_updated() {
        let after = ReviewAfter::Days(180);
        let today = date("2026-12-07");
        let reviewed = guide_with("title: T\nupdated: 2020-01-01\nreviewed: 2026-06-10", "");
        let due = due_for_review(&reviewed, after, today).expect("due on the day");
        assert_eq!((due.key, due.due), ("reviewed", date("2026-12-07")));
        assert_eq!(due_for_review(&reviewed, after, date("2026-12-06")), None);
        let updated = guide_with("title: T\nupdated: 2026-01-02", "");
        let due = due_for_review(&updated, ReviewAfter::Months(6), today).expect("due");
        assert_eq!((due.key, due.due), ("updated", date("2026-07-02")));
        let undated = guide_with("title: T\ndate: 2001-01-01", "");
        assert_eq!(due_for_review(&undated, after, today), None);
    }

    #[test]
    fn the_diagnostic_points_at_the_date_and_says_when_it_fell_due() {
        let g = guide_with("title: T\nreviewed: 2026-01-02", "");
        let due = due_for_review(&g, ReviewAfter::Days(90), date("2026-12-07")).expect("due");
        let d = stale(&g, &due, ReviewAfter::Days(90));
        assert_eq!(
            (d.code, d.line, d.column),
            ("stale-guide", Some(3), Some(11))
        );
        assert_eq!(
            d.message,
            "last reviewed on 2026-01-02: due for review since 2026-04-02 (`review-after` is 90 days)"
        );
        let g = guide_with("title: T\nupdated: 2026-01-02", "");
        let due = due_for_review(&g, ReviewAfter::Months(1), date("2026-12-07")).expect("due");
        let d = stale(&g, &due, ReviewAfter::Months(1));
        assert!(
            d.message
                .starts_with("updated on 2026-01-02 and not reviewed since")
        );
        assert_eq!(d.line, Some(3));
    }
}
