//! Hover: what a front-matter key means, and what a rule's code reports (wherever a code is
//! written: a guide's `checks:`, `book.toml`'s `[checks.severity]`).

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::server::Server;
use crate::diagnostic::rules::{self, FATAL, RULES, Rule};

/// What each built-in front-matter key does.
pub(crate) fn key_doc(key: &str) -> &'static str {
    match key {
        "title" => "the guide's title: its page heading, and how links and lists name it",
        "description" => "a sentence about the guide, for lists, search results and link previews",
        "date" => "when the guide was written (YYYY-MM-DD)",
        "updated" => "when the guide was last updated (YYYY-MM-DD); shown on the page",
        "reviewed" => {
            "when the guide was last checked as still true (YYYY-MM-DD); shown on the page, and judged by [checks] review-after"
        }
        "tags" => "a list of tags: each gets a page listing its guides",
        "role" => "the role the guide prepares for, one of book.toml [checks.values] role",
        "level" => "the level the guide prepares for, one of book.toml [checks.values] level",
        "kind" => "the kind of guide; its rules (required parts) come from [checks.kinds]",
        "draft" => "true: left out of the site unless built with --drafts",
        "weight" => "the guide's place in its section: lower comes first",
        "aliases" => "old site paths of the guide, each redirecting here",
        "related" => "guides to list as related, by path relative to this file",
        "checks" => "this guide's own part rules (where [checks] guide-overrides = true)",
        "lang" => "the language of the guide's text, when not the site's",
        "dir" => "the direction of the guide's text: ltr or rtl",
        _ => "",
    }
}

pub(crate) fn hover(server: &Server, params: &HoverParams) -> Option<Hover> {
    let place = server.place(&params.text_document_position_params)?;
    let line = place.text.line(place.text.line_of(place.offset));
    let before = place.text.before(place.position, server.encoding);
    let word = word_at(line, before.len());
    let in_front = place
        .text
        .front_matter_end()
        .is_some_and(|end| place.offset < end);
    let text = match rule(word) {
        Some(rule) => former_code_note(rule_doc(rule), word),
        None if in_front && line.starts_with(word) && !word.is_empty() => key_hover(server, word)?,
        None => return None,
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    })
}

/// The word of `[A-Za-z0-9_-]` around byte `at` of `line`.
fn word_at(line: &str, at: usize) -> &str {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let at = at.min(line.len());
    let start = line[..at].rfind(|c: char| !is_word(c)).map_or(0, |i| i + 1);
    let end = line[at..]
        .find(|c: char| !is_word(c))
        .map_or(line.len(), |i| at + i);
    &line[start..end]
}

/// The rule a code names: by its code now, or by a former one (`missing-section`).
fn rule(code: &str) -> Option<&'static Rule> {
    let code = rules::current_code(code);
    RULES.iter().chain(FATAL).find(|rule| rule.code == code)
}

/// `doc` of the rule named by `code`, with a note when `code` is a former one: it still works,
/// and the new code is what diagnostics print.
fn former_code_note(doc: String, code: &str) -> String {
    let current = rules::current_code(code);
    if current == code {
        return doc;
    }
    format!(
        "{doc}

`{code}` is this rule's former code: it still works, and `{current}` is its code now"
    )
}

fn rule_doc(rule: &Rule) -> String {
    let mut text = format!(
        "**{}** (default: {})\n\n{}",
        rule.code,
        rule.default.as_str(),
        rule.summary
    );
    if !rule.help.is_empty() {
        text.push_str(&format!("\n\nhelp: {}", rule.help));
    }
    text
}

fn key_hover(server: &Server, key: &str) -> Option<String> {
    let config = &server.workspace.builder.config.front_matter;
    let doc = key_doc(key);
    if !doc.is_empty() {
        return Some(format!("**{key}**: {doc}"));
    }
    if let Some(kind) = config.fields.get(key) {
        return Some(format!(
            "**{key}**: this site's field, {} (book.toml [front-matter.fields]); templates read it as `guide.extra.{key}`",
            kind.name()
        ));
    }
    let built_in = config.aliases.get(key)?;
    Some(format!(
        "**{key}**: another tool's name for `{built_in}` (book.toml [front-matter.aliases])"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::FRONT_MATTER_FIELDS as BUILT_IN;

    #[test]
    fn every_built_in_key_and_rule_is_explained() {
        for key in BUILT_IN {
            assert!(!key_doc(key).is_empty(), "{key}");
        }
        let doc = rule_doc(rule("broken-link").expect("a rule"));
        assert!(doc.starts_with("**broken-link** (default: error)"), "{doc}");
        let doc = former_code_note(
            rule_doc(rule("missing-section").expect("a rule")),
            "missing-section",
        );
        assert!(
            doc.starts_with("**missing-part** (default: error)"),
            "{doc}"
        );
        assert!(
            doc.contains("`missing-section` is this rule's former code"),
            "{doc}"
        );
        assert_eq!(word_at("  missing-tldr = \"off\"", 5), "missing-tldr");
        assert_eq!(word_at("title: x", 0), "title");
        assert_eq!(word_at("", 0), "");
    }
}
