//! The registry of rules: every code a diagnostic can carry, with its default severity, what
//! it reports and the help it gives. A diagnostic is only made through its rule
//! ([`Rule::report`]), so no code exists outside this list; the README's tables and the
//! validation of `[checks.severity]` come from it too. A new rule is one line here and one
//! function that reports it.

use super::{Diagnostic, Severity};

/// One rule: a kind of problem a check can report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rule {
    pub code: &'static str,
    pub default: Severity,
    /// What it reports, for the README's tables.
    pub summary: &'static str,
    /// How to fix it, unless the diagnostic says something more specific.
    pub help: &'static str,
}

impl Rule {
    /// A diagnostic of this rule in `file`, at its default severity, with its help.
    pub(crate) fn report(&self, file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: self.default,
            code: self.code,
            file: file.into(),
            line: None,
            column: None,
            length: 1,
            message: message.into(),
            excerpt: None,
            help: (!self.help.is_empty()).then(|| self.help.to_owned()),
        }
    }
}

/// Declares each rule as a constant and lists them all in `$list`.
macro_rules! rules {
    ($list:ident: $($name:ident = $code:literal, $default:ident, $summary:literal, $help:literal;)*) => {
        $(
            #[doc = $summary]
            pub(crate) const $name: Rule = Rule {
                code: $code,
                default: Severity::$default,
                summary: $summary,
                help: $help,
            };
        )*
        pub(crate) const $list: &[Rule] = &[$($name),*];
    };
}

rules! { RULES:
    MISSING_TLDR = "missing-tldr", Error, "a required TL;DR part is missing",
        "add a `## TL;DR` part near the top: the guide in a few sentences";
    MISSING_FAQ = "missing-faq", Error, "a required FAQ part is missing",
        "add a `## FAQ` part with `### Question?` headings, each followed by its answer";
    MISSING_CHECKLIST = "missing-checklist", Error, "a required checklist part is missing",
        "add a `## Checklist` part with a task list: `- [ ] item`";
    MISSING_TABLE = "missing-table", Error, "a guide whose kind requires a table has none",
        "add a Markdown table, e.g. a side-by-side comparison";
    MISSING_PART = "missing-part", Error, "a required part of the site's own is missing",
        "add a heading named as one of the part's aliases in book.toml [checks.parts]";
    TLDR_EMPTY = "tldr-empty", Error, "the TL;DR part has no text",
        "summarise the guide in a few sentences under this heading";
    EMPTY_PART = "empty-part", Error,
        "an FAQ, checklist or site's own part heading with nothing under it (an empty TL;DR is `tldr-empty`)",
        "write the part under its heading, or remove the heading";
    TLDR_TOO_LONG = "tldr-too-long", Error, "the TL;DR part is longer than `tldr-max-words`",
        "keep the TL;DR to the essentials; move detail into the body";
    FAQ_TOO_FEW = "faq-too-few", Error,
        "the FAQ has fewer answered questions than `faq-min-questions`",
        "add questions as headings one level below the FAQ's, each followed by its answer";
    FAQ_UNANSWERED = "faq-unanswered", Error, "an FAQ question heading has no answer below it",
        "write the answer in the lines below the question heading";
    CHECKLIST_TOO_FEW = "checklist-too-few", Error,
        "the checklist has fewer items than `checklist-min-items`",
        "list the steps as a task list under the heading: `- [ ] step`";
    PLACEHOLDER_TEXT = "placeholder-text", Warning,
        "text a skeleton left: what `init` and `new` write, \"Lorem ipsum\", or TODO, TBD, FIXME in prose",
        "replace it with your own text (a marker meant as code goes in `backticks`)";
    DUPLICATE_QUESTION = "duplicate-question", Warning,
        "the same FAQ question (case, spacing and punctuation aside) in two places of the site",
        "answer the question in one guide and link to it from the other, or word the two apart";
    STALE_GUIDE = "stale-guide", Warning,
        "the guide's `reviewed` (else `updated`) date is older than `[checks] review-after`",
        "review the guide and set `reviewed:` in its front matter to the day you did";
    INVALID_VALUE = "invalid-value", Error,
        "`role`, `level` or `kind` is not one of the site's values", "";
    SECTION_INDEX_KEY = "section-index-key", Error,
        "a section's `_index.md` sets a key that only guides use, so it does nothing",
        "an `_index.md` takes `title`, `description` and `weight`: remove the key, or set it on the section's guides";
    OVERRIDE_NOT_ALLOWED = "override-not-allowed", Error,
        "front matter has `checks:` but the site does not allow guide overrides",
        "remove `checks:`, or set `guide-overrides = true` under [checks] in book.toml";
    UNKNOWN_FIELD = "unknown-field", Warning,
        "a front-matter key that is neither built in nor declared (kept for templates)", "";
    UNSUPPORTED_SYNTAX = "unsupported-syntax", Warning,
        "a line of MDX, a Hugo shortcode or a `<head>` block, left out of the page; an MkDocs block or a JSX `src={…}` naming no import left as it was",
        "write it as Markdown, or as HTML if it must stay";
    INCLUDE_FAILED = "include-failed", Error,
        "an mdBook `{{#include}}` whose file or anchor is missing, or whose file lies outside the site",
        "name a file inside the site folder by its path from the guide's folder, and an anchor it marks with `ANCHOR: name` … `ANCHOR_END: name`";
    BROKEN_LINK = "broken-link", Error,
        "a link to a guide that does not exist (or is an unpublished draft)", "";
    BROKEN_ANCHOR = "broken-anchor", Error,
        "a link to a `#heading` that the target guide does not have", "";
    LINK_OUTSIDE_SITE = "link-outside-site", Error,
        "a relative link that climbs out of the content folder",
        "link to a guide inside the content folder, or use a full URL";
    URL_COLLISION = "url-collision", Error, "two pages would be written to the same URL", "";
    URL_CASE_COLLISION = "url-case-collision", Warning,
        "two pages' URLs differ only by case or Unicode normalisation", "";
    DUPLICATE_HEADING_ID = "duplicate-heading-id", Warning,
        "two headings of a guide have the same id", "";
    EMPTY_LINK_TEXT = "empty-link-text", Warning, "a link has no text",
        "write the text between the brackets: [text](target)";
    MISSING_ALT_TEXT = "missing-alt-text", Warning, "an image has no alt text",
        "describe the image between the brackets: ![description](image.png)";
    UNSAFE_URL = "unsafe-url", Warning,
        "a link or image URL that runs code or hides content (`javascript:`, `data:`)", "";
    BODY_H1 = "body-h1", Warning, "a `# heading` in the body: a second page title",
        "the front matter's title is the page's heading; start sections with `##`";
    LARGE_GUIDE = "large-guide", Warning, "the guide file is over 1 MiB",
        "split it into several guides and link them";
    DEEP_NESTING = "deep-nesting", Warning, "quotes and lists nest more than 32 levels deep",
        "flatten the structure: use headings or separate lists";
    LARGE_CODE_BLOCK = "large-code-block", Warning,
        "a code block over 64 KiB, shown without highlighting",
        "shorten it to the lines that matter, or link to the full file";
    // What `build` wrote, against the limits of common static hosts (`output/hosts.rs`): each
    // diagnostic's help names the host and its limit.
    HOST_FILE_COUNT = "host-file-count", Warning,
        "the output holds more files than a common static host takes",
        "publish to a host or plan that takes more files, or set this rule to `off`";
    HOST_FILE_SIZE = "host-file-size", Warning,
        "an output file is larger than a common static host takes",
        "make the file smaller, or host it elsewhere and link to it";
    HOST_SITE_SIZE = "host-site-size", Warning,
        "the output is larger in all than a common static host takes",
        "publish to a host that takes more, or set this rule to `off`";
}

// Problems that stop a file from being read at all: always errors, not configurable.
rules! { FATAL:
    EMPTY_FILE = "empty-file", Error, "the file is empty",
        "start the guide with front matter: `---`, `title: \"…\"`, `---`";
    INVALID_UTF8 = "invalid-utf8", Error, "the file is not UTF-8",
        "save the file with UTF-8 encoding";
    MISSING_FRONT_MATTER = "missing-front-matter", Error,
        "the file does not start with a `---` front-matter block",
        "a guide starts with a `---` line, YAML such as `title: \"…\"`, and a closing `---` line";
    UNCLOSED_FRONT_MATTER = "unclosed-front-matter", Error,
        "the front-matter block has no closing `---`",
        "add a line with only `---` after the last YAML line";
    INVALID_FRONT_MATTER = "invalid-front-matter", Error,
        "the front matter is not valid YAML of the right shape and types", "";
}

// Problems of `book.toml` itself: fatal for the build, shown with their line like a guide's.
rules! { CONFIG:
    INVALID_CONFIG = "invalid-config", Error, "book.toml is not valid", "";
    UNKNOWN_KEY = "unknown-key", Error, "book.toml has a key prepbook does not know", "";
}

/// Codes that rules had before they were renamed, each with the code its rule has now. Wherever
/// a user writes a code (`[checks.severity]`, a hover in the editor), the former one still
/// names its rule, so that sites written against it keep working; diagnostics carry the new.
const FORMER_CODES: &[(&str, &str)] = &[("missing-section", MISSING_PART.code)];

/// The code a rule has now for `code` as a user wrote it: itself, or the code a former one
/// was renamed to.
pub(crate) fn current_code(code: &str) -> &str {
    FORMER_CODES
        .iter()
        .find(|(former, _)| *former == code)
        .map_or(code, |(_, current)| current)
}

/// Whether a site may set the rule's severity in `[checks.severity]` (by its current code or a
/// former one).
pub(crate) fn is_configurable(code: &str) -> bool {
    let code = current_code(code);
    RULES.iter().any(|r| r.code == code)
}

/// Where a code stands in the registry (fatal codes after the rules, unknown ones last): the
/// order of diagnostics that share a position.
pub(crate) fn rank(code: &str) -> usize {
    RULES
        .iter()
        .chain(FATAL.iter())
        .chain(CONFIG.iter())
        .position(|r| r.code == code)
        .unwrap_or(usize::MAX)
}

/// The rule code closest to a misspelt one.
pub(crate) fn closest_code(code: &str) -> Option<&'static str> {
    super::closest(code, RULES.iter().map(|r| r.code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut codes: Vec<&str> = RULES
            .iter()
            .map(|r| r.code)
            .chain(FATAL.iter().map(|r| r.code))
            .chain(CONFIG.iter().map(|r| r.code))
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
                    Severity::Error => "error",
                    Severity::Warning => "warn",
                };
                format!("| `{}` | {level} | {} |\n", r.code, r.summary)
            })
            .collect()
    }

    fn readme_fatal_table() -> String {
        FATAL
            .iter()
            .map(|r| format!("| `{}` | {} |\n", r.code, r.summary))
            .collect()
    }

    #[test]
    fn fatal_problems_are_errors() {
        assert!(FATAL.iter().all(|r| r.default == Severity::Error));
        assert!(!is_configurable(EMPTY_FILE.code));
        let d = DEEP_NESTING.report("f.md", "deep");
        assert_eq!((d.code, d.severity), ("deep-nesting", Severity::Warning));
        assert_eq!(d.help.as_deref(), Some(DEEP_NESTING.help));
        assert_eq!(INVALID_VALUE.report("f.md", "x").help, None);
    }

    #[test]
    fn former_codes_name_their_rules_now() {
        assert_eq!(current_code("missing-section"), "missing-part");
        assert_eq!(current_code("missing-part"), "missing-part");
        assert_eq!(current_code("broken-link"), "broken-link");
        assert!(is_configurable("missing-section"));
        for (former, current) in FORMER_CODES {
            assert!(
                rank(former) == usize::MAX,
                "`{former}` is no rule's code now"
            );
            assert!(is_configurable(current), "`{current}`");
        }
        let d = MISSING_PART.report("f.md", "missing");
        assert_eq!(d.code, "missing-part");
    }

    #[test]
    fn misspelt_codes_get_a_suggestion() {
        assert_eq!(closest_code("missing-fqa"), Some("missing-faq"));
        assert_eq!(closest_code("brokenlink"), Some("broken-link"));
        assert_eq!(closest_code("zzz"), None);
    }
}
