//! Diagnostics as text: for people (`human`, rustc's snippet renderer), for programs (`json`)
//! and for CI logs (`github` workflow annotations).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use rayon::prelude::*;
use serde::Serialize;

use super::review::DueForReview;
use super::{Diagnostic, Severity, plural};

/// The output formats of `check` (and of `build`'s diagnostics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `path:line:col: error[code]: message`, the source line with a caret, and a help line.
    #[default]
    Human,
    /// One JSON document: `{version, summary, diagnostics}`.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    Github,
}

/// Counts for the closing line and the JSON summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub guides: usize,
}

impl Summary {
    pub(crate) fn of(diagnostics: &[Diagnostic], guides: usize) -> Self {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Summary {
            errors,
            warnings: diagnostics.len() - errors,
            guides,
        }
    }
}

impl std::fmt::Display for Summary {
    /// `2 errors, 1 warning in 14 guides`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}, {} {} in {} {}",
            self.errors,
            plural(self.errors, "error"),
            self.warnings,
            plural(self.warnings, "warning"),
            self.guides,
            plural(self.guides, "guide")
        )
    }
}

/// The human form: a jump-to line, then rustc's snippet with a caret under the problem, then
/// the help. `color` adds ANSI colours.
pub fn human(d: &Diagnostic, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_title(level.primary_title(d.message.as_str()).id(d.code));
    let shown = d.shown();
    if let (Some(line), Some(shown)) = (d.line, &shown) {
        group = group.element(
            Snippet::source(shown.text.as_str())
                .line_start(line)
                .fold(false)
                .annotation(AnnotationKind::Primary.span(shown.span.clone())),
        );
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let body = renderer.render(&[group]);
    // A problem of no file (a setting of the run) has no place to jump to.
    match d.location() {
        location if location.is_empty() => format!("{body}\n"),
        location => format!("{location}: {body}\n"),
    }
}

/// The JSON document: stable shape, `version` bumped on any incompatible change.
#[derive(Debug, Serialize)]
pub(crate) struct JsonReport<'a> {
    pub version: u32,
    pub summary: Summary,
    /// Present, and `true`, when the command stopped on a fatal error (a missing or broken
    /// `book.toml`, a broken template, IO): `diagnostics` then holds that error, and nothing
    /// was checked or built.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fatal: bool,
    pub diagnostics: &'a [Diagnostic],
    /// The guides due for review, oldest due first; present when the site sets
    /// `[checks] review-after` (empty when none is due).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_for_review: Option<&'a [DueForReview]>,
}

pub(crate) fn json(
    diagnostics: &[Diagnostic],
    guides: usize,
    due_for_review: Option<&[DueForReview]>,
) -> String {
    json_report(diagnostics, guides, false, due_for_review)
}

fn json_report(
    diagnostics: &[Diagnostic],
    guides: usize,
    fatal: bool,
    due_for_review: Option<&[DueForReview]>,
) -> String {
    let report = JsonReport {
        version: 1,
        summary: Summary::of(diagnostics, guides),
        fatal,
        diagnostics,
        due_for_review,
    };
    // Serialising plain data structures cannot fail.
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

/// One GitHub Actions workflow command per diagnostic.
pub(crate) fn github(d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    // Without a file (a fatal error), the annotation is the run's rather than a file's.
    let mut props = if d.file.is_empty() {
        String::new()
    } else {
        format!("file={},", escape_property(&d.file))
    };
    if let Some(line) = d.line {
        props.push_str(&format!("line={line},"));
    }
    if let Some(col) = d.column {
        props.push_str(&format!("col={col},endColumn={},", col + d.length));
    }
    props.push_str(&format!("title={}", escape_property(d.code)));
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!("::{command} {props}::{}\n", escape_data(&message))
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// How many diagnostics the human report lays out side by side at a time.
const REPORT_BATCH: usize = 1024;

/// Everything a command prints about its diagnostics, in one format.
pub fn report(format: Format, diagnostics: &[Diagnostic], guides: usize, color: bool) -> String {
    report_with_reviews(format, diagnostics, guides, color, None)
}

/// [`report`], with the guides due for review when the site judges review dates: the JSON
/// document lists them as `due_for_review` (the other formats show their `stale-guide`
/// diagnostics).
pub fn report_with_reviews(
    format: Format,
    diagnostics: &[Diagnostic],
    guides: usize,
    color: bool,
    due_for_review: Option<&[DueForReview]>,
) -> String {
    match format {
        Format::Human => {
            // Each snippet is laid out on its own, and a site can have thousands: side by
            // side, a batch at a time (so that the laid-out batch is all the report holds
            // twice), and joined in order.
            let mut out = String::new();
            for batch in diagnostics.chunks(REPORT_BATCH) {
                let shown: Vec<String> = batch.par_iter().map(|d| human(d, color)).collect();
                for text in shown {
                    out.push_str(&text);
                    out.push('\n');
                }
            }
            out.push_str(&super::flood::summary(diagnostics));
            out.push_str(&Summary::of(diagnostics, guides).to_string());
            out.push('\n');
            out
        }
        Format::Json => json(diagnostics, guides, due_for_review),
        Format::Github => diagnostics.iter().map(github).collect(),
    }
}

/// What a command prints about the fatal error that stopped it, `problems` (one, or each
/// problem of a `book.toml`): the same records as its diagnostics (a JSON document marked
/// `fatal`, a GitHub `::error` line each), so a program or a CI job reading the output learns
/// why nothing was built, not only the exit code.
pub fn fatal_report(format: Format, problems: &[Diagnostic], color: bool) -> String {
    match format {
        Format::Human => problems
            .iter()
            .map(|d| human(d, color))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Json => json_report(problems, 0, true, None),
        Format::Github => problems.iter().map(github).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::rules;

    /// As a site with `unknown-field = "error"` under `[checks.severity]` reports it.
    fn sample() -> Diagnostic {
        let mut d = rules::UNKNOWN_FIELD
            .report("content/a.md", "unknown field `tag`")
            .at("---\ntitle: A\ntag: [x]\n---\n", 3, 1)
            .spanning(3)
            .with_help("did you mean `tags`?");
        d.severity = Severity::Error;
        d
    }

    #[test]
    fn human_has_the_jump_line_the_caret_and_the_help() {
        let text = human(&sample(), false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "content/a.md:3:1: error[unknown-field]: unknown field `tag`"
        );
        assert!(text.contains("3 | tag: [x]"), "{text}");
        assert!(text.contains("  | ^^^"), "{text}");
        assert!(text.contains("= help: did you mean `tags`?"), "{text}");
        assert!(!text.contains('\u{1b}'), "no colour when not asked");
        assert!(human(&sample(), true).contains('\u{1b}'));
    }

    #[test]
    fn a_problem_of_no_file_starts_with_its_level() {
        let d = rules::STALE_GUIDE.report("", "PREPBOOK_TODAY is `x`");
        assert!(
            human(&d, false).starts_with("warning[stale-guide]: PREPBOOK_TODAY is `x`\n"),
            "{}",
            human(&d, false)
        );
    }

    #[test]
    fn github_annotations_escape_their_text() {
        let d = rules::URL_COLLISION.report("a,b.md", "50% done\nreally");
        assert_eq!(
            github(&d),
            "::error file=a%2Cb.md,title=url-collision::50%25 done%0Areally\n"
        );
        assert!(github(&sample()).starts_with(
            "::error file=content/a.md,line=3,col=1,endColumn=4,title=unknown-field::"
        ));
    }

    #[test]
    fn summary_counts() {
        let e = rules::BROKEN_LINK.report("f", "m");
        let w = rules::EMPTY_LINK_TEXT.report("f", "m");
        assert_eq!(
            Summary::of(&[e.clone(), e, w], 14).to_string(),
            "2 errors, 1 warning in 14 guides"
        );
        assert_eq!(
            Summary::of(&[], 1).to_string(),
            "0 errors, 0 warnings in 1 guide"
        );
    }

    #[test]
    fn json_has_a_stable_shape() {
        let value: serde_json::Value = serde_json::from_str(&json(&[sample()], 3, None)).unwrap();
        assert_eq!(value["version"], 1);
        assert_eq!(value["summary"]["errors"], 1);
        assert_eq!(value["diagnostics"][0]["code"], "unknown-field");
        assert_eq!(value["diagnostics"][0]["line"], 3);
        assert_eq!(value["diagnostics"][0]["severity"], "error");
        assert!(value.get("due_for_review").is_none());
    }

    #[test]
    fn json_lists_the_guides_due_for_review_when_given() {
        let due = DueForReview {
            file: "content/a.md".to_owned(),
            reviewed: "2026-01-02".to_owned(),
            key: "reviewed",
            due: "2026-07-01".to_owned(),
        };
        let value: serde_json::Value = serde_json::from_str(&json(&[], 1, Some(&[due]))).unwrap();
        assert_eq!(
            value["due_for_review"],
            serde_json::json!([{"file": "content/a.md", "reviewed": "2026-01-02",
                "key": "reviewed", "due": "2026-07-01"}])
        );
        let value: serde_json::Value = serde_json::from_str(&json(&[], 1, Some(&[]))).unwrap();
        assert_eq!(value["due_for_review"], serde_json::json!([]));
    }
}
