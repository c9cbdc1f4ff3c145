//! The registry of rules: every code a check can report, its default severity and what it
//! means. The README's table and `[checks.severity]` validation both come from here.

use crate::diagnostic::Severity;

/// One rule of the content model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub default: Severity,
    pub summary: &'static str,
}

const fn rule(code: &'static str, default: Severity, summary: &'static str) -> Rule {
    Rule {
        code,
        default,
        summary,
    }
}

use Severity::{Error, Warning};

/// Rules whose severity a site can set in `[checks.severity]`.
pub const RULES: &[Rule] = &[
    rule("missing-tldr", Error, "a required TL;DR section is missing"),
    rule("missing-faq", Error, "a required FAQ section is missing"),
    rule(
        "missing-checklist",
        Error,
        "a required checklist section is missing",
    ),
    rule(
        "missing-table",
        Error,
        "a guide whose kind requires a table has none",
    ),
    rule(
        "missing-section",
        Error,
        "a required section of the site's own is missing",
    ),
    rule("tldr-empty", Error, "the TL;DR section has no text"),
    rule(
        "tldr-too-long",
        Error,
        "the TL;DR section is longer than `tldr-max-words`",
    ),
    rule(
        "faq-too-few",
        Error,
        "the FAQ has fewer answered questions than `faq-min-questions`",
    ),
    rule(
        "faq-unanswered",
        Error,
        "an FAQ question heading has no answer below it",
    ),
    rule(
        "checklist-too-few",
        Error,
        "the checklist has fewer items than `checklist-min-items`",
    ),
    rule(
        "invalid-value",
        Error,
        "`role`, `level` or `kind` is not one of the site's values",
    ),
    rule(
        "override-not-allowed",
        Error,
        "front matter has `checks:` but the site does not allow guide overrides",
    ),
    rule(
        "broken-link",
        Error,
        "a link to a guide that does not exist (or is an unpublished draft)",
    ),
    rule(
        "broken-anchor",
        Error,
        "a link to a `#heading` that the target guide does not have",
    ),
    rule(
        "link-outside-site",
        Error,
        "a relative link that climbs out of the content folder",
    ),
    rule(
        "url-collision",
        Error,
        "two pages would be written to the same URL",
    ),
    rule(
        "duplicate-heading-id",
        Warning,
        "two headings of a guide have the same id",
    ),
    rule("empty-link-text", Warning, "a link has no text"),
    rule("missing-alt-text", Warning, "an image has no alt text"),
    rule(
        "unsafe-url",
        Warning,
        "a link or image URL that runs code or hides content (`javascript:`, `data:`)",
    ),
    rule(
        "body-h1",
        Warning,
        "a `# heading` in the body: a second page title",
    ),
    rule("large-guide", Warning, "the guide file is over 1 MiB"),
    rule(
        "deep-nesting",
        Warning,
        "quotes and lists nest more than 32 levels deep",
    ),
    rule(
        "large-code-block",
        Warning,
        "a code block over 64 KiB, shown without highlighting",
    ),
];

/// Problems that stop a file from being read at all; always errors.
pub const FATAL_CODES: &[(&str, &str)] = &[
    ("empty-file", "the file is empty"),
    ("invalid-utf8", "the file is not UTF-8"),
    (
        "missing-front-matter",
        "the file does not start with a `---` front-matter block",
    ),
    (
        "unclosed-front-matter",
        "the front-matter block has no closing `---`",
    ),
    (
        "invalid-front-matter",
        "the front matter is not valid YAML of the right shape and types",
    ),
    (
        "unknown-field",
        "the front matter has a key prepbook does not know",
    ),
];

pub fn is_configurable(code: &str) -> bool {
    RULES.iter().any(|r| r.code == code)
}

/// Where a code stands in the registry (fatal codes after the rules, unknown ones last): the
/// order of diagnostics that share a position.
pub fn rank(code: &str) -> usize {
    RULES
        .iter()
        .map(|r| r.code)
        .chain(FATAL_CODES.iter().map(|(c, _)| *c))
        .position(|c| c == code)
        .unwrap_or(usize::MAX)
}

/// The rule code closest to a misspelt one.
pub fn closest_code(code: &str) -> Option<&'static str> {
    crate::diagnostic::closest(code, RULES.iter().map(|r| r.code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut codes: Vec<&str> = RULES
            .iter()
            .map(|r| r.code)
            .chain(FATAL_CODES.iter().map(|(c, _)| *c))
            .collect();
        let count = codes.len();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), count);
        assert!(codes.iter().all(|c| {
            c.chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        }));
    }

    /// The README's rule tables are generated from this registry; keep them in step.
    #[test]
    fn readme_documents_every_rule() {
        let readme = include_str!("../../README.md");
        assert_eq!(
            readme_rules_table(),
            section(readme, "| code | default | what it reports |")
        );
        assert_eq!(
            readme_fatal_table(),
            section(readme, "| code | what it reports |")
        );
    }

    /// The table rows that follow `header` (and its separator line) in `text`.
    fn section(text: &str, header: &str) -> String {
        let start = text.find(header).expect("table header");
        text[start..]
            .lines()
            .skip(2)
            .take_while(|line| line.starts_with('|'))
            .map(|line| format!("{line}\n"))
            .collect()
    }

    fn readme_rules_table() -> String {
        RULES
            .iter()
            .map(|r| {
                let level = match r.default {
                    Error => "error",
                    Warning => "warn",
                };
                format!("| `{}` | {level} | {} |\n", r.code, r.summary)
            })
            .collect()
    }

    fn readme_fatal_table() -> String {
        FATAL_CODES
            .iter()
            .map(|(code, summary)| format!("| `{code}` | {summary} |\n"))
            .collect()
    }

    #[test]
    fn misspelt_codes_get_a_suggestion() {
        assert_eq!(closest_code("missing-fqa"), Some("missing-faq"));
        assert_eq!(closest_code("brokenlink"), Some("broken-link"));
        assert_eq!(closest_code("zzz"), None);
    }
}
