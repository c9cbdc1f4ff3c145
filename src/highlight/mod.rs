//! Code highlighting with syntect: CSS classes in the HTML, colours in a stylesheet generated
//! from the configured themes. Syntax definitions load once per process (they are immutable).

mod stylesheet;

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

pub(crate) use stylesheet::{code_backgrounds, stylesheet};

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    // two-face adds the grammars syntect's defaults lack (TypeScript, TOML, Kotlin, Swift…).
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// Names accepted by `highlight-theme`.
pub(crate) fn theme_names() -> Vec<&'static str> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .map(|name| name.as_name())
        .collect()
}

pub(crate) fn has_theme(name: &str) -> bool {
    theme_by_name(name).is_some()
}

fn theme_by_name(name: &str) -> Option<EmbeddedThemeName> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .copied()
        .find(|theme| theme.as_name() == name)
}

/// Code blocks larger than this are shown as plain text (with a `large-code-block` warning):
/// highlighting costs far more per byte than the rest of a build, and a pasted log or data dump
/// gains nothing from colours.
pub(crate) const MAX_HIGHLIGHTED: usize = 64 * 1024;

/// How a fenced block is shown: highlighted, or escaped as it is (unknown languages, blocks
/// over [`MAX_HIGHLIGHTED`], and `check`, which renders no page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    Highlighted,
    Plain,
}

/// Highlights a fenced code block; unknown languages are shown as escaped plain text. Each
/// distinct block is highlighted once per process: guides of one site often share snippets,
/// and serve re-parses a guide whose code did not change.
pub(crate) fn highlight(code: &str, lang: &str, mode: Code) -> String {
    let lang = lang.split([',', ' ']).next().unwrap_or("").trim();
    if mode == Code::Plain || code.len() > MAX_HIGHLIGHTED {
        block_html(lang, &escape_html(code))
    } else {
        memoised(code, lang)
    }
}

/// A block's whole HTML, from the memo when the same code in the same language was
/// highlighted before: one copy of the memo's text.
fn memoised(code: &str, lang: &str) -> String {
    type Memo = std::sync::RwLock<std::collections::HashMap<blake3::Hash, std::sync::Arc<str>>>;
    static MEMO: OnceLock<Memo> = OnceLock::new();
    let memo = MEMO.get_or_init(Memo::default);
    let mut hasher = blake3::Hasher::new();
    hasher.update(lang.as_bytes());
    hasher.update(b"\0");
    hasher.update(code.as_bytes());
    let key = hasher.finalize();
    if let Some(html) = memo.read().ok().and_then(|m| m.get(&key).cloned()) {
        return html.to_string();
    }
    let html = block_html(lang, &classed(code, lang));
    if let Ok(mut memo) = memo.write() {
        memo.insert(key, std::sync::Arc::from(html.as_str()));
    }
    html
}

/// The `<pre>` of a block in `lang` holding `inner` (its HTML), in a String of its exact size:
/// the page's events take it as it is, without copying it to grow or to shrink it.
fn block_html(lang: &str, inner: &str) -> String {
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_html(lang))
    };
    // Focusable, so that keyboard users can scroll a long line into view.
    [
        "<pre class=\"code\"",
        &lang_attr,
        " tabindex=\"0\"><code>",
        inner,
        "</code></pre>\n",
    ]
    .concat()
}

/// The block's HTML with syntect's classes, or escaped when the language is unknown.
fn classed(code: &str, lang: &str) -> String {
    let set = syntaxes();
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten();
    syntax
        .and_then(|syntax| {
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
            for line in LinesWithEndings::from(code) {
                generator
                    .parse_html_for_line_which_includes_newline(line)
                    .ok()?;
            }
            Some(generator.finalize())
        })
        .unwrap_or_else(|| escape_html(code))
}

pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = highlight("fn main() {}\n", "rust", Code::Highlighted);
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\">"));
    }

    #[test]
    fn large_blocks_and_plain_mode_are_escaped_without_classes() {
        let big = "x = \"<b>\"\n".repeat(MAX_HIGHLIGHTED / 10 + 1);
        let html = highlight(&big, "python", Code::Highlighted);
        assert!(!html.contains("hl-") && html.contains("x = &quot;&lt;b&gt;&quot;"));
        let small = highlight("x = 1\n", "python", Code::Plain);
        assert_eq!(
            small,
            "<pre class=\"code\" data-lang=\"python\" tabindex=\"0\"><code>x = 1\n</code></pre>\n"
        );
    }

    #[test]
    fn extra_grammars_are_available() {
        assert!(highlight("[book]\ntitle = \"x\"\n", "toml", Code::Highlighted).contains("hl-"));
        assert!(highlight("let x: number = 1;\n", "typescript", Code::Highlighted).contains("hl-"));
    }

    #[test]
    fn unknown_language_is_escaped_text() {
        let html = highlight("<b>&</b>\n", "no-such-lang", Code::Highlighted);
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
        assert!(!html.contains("hl-"));
    }
}
