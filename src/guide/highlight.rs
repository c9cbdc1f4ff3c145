//! Code highlighting with syntect: CSS classes in the HTML, colours in a stylesheet generated
//! from the configured themes. Syntax definitions load once per process (they are immutable).

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    // two-face adds the grammars syntect's defaults lack (TypeScript, TOML, Kotlin, Swift…).
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// Names accepted by `highlight-theme`.
pub fn theme_names() -> Vec<&'static str> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .map(|name| name.as_name())
        .collect()
}

pub fn has_theme(name: &str) -> bool {
    theme_by_name(name).is_some()
}

fn theme_by_name(name: &str) -> Option<EmbeddedThemeName> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .copied()
        .find(|theme| theme.as_name() == name)
}

/// The stylesheet for highlighted code: the light theme, and the dark one under
/// `prefers-color-scheme: dark`.
pub fn stylesheet(light: &str, dark: &str) -> String {
    let themes = two_face::theme::extra();
    let css = |name: &str| {
        theme_by_name(name)
            .and_then(|theme| css_for_theme_with_class_style(themes.get(theme), CLASS_STYLE).ok())
            .unwrap_or_default()
    };
    format!(
        "/* generated from the highlight themes {light} and {dark} */\n{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        css(light),
        css(dark)
    )
}

/// Highlights a fenced code block; unknown languages are shown as escaped plain text.
pub fn highlight(code: &str, lang: &str) -> String {
    let lang = lang.split([',', ' ']).next().unwrap_or("").trim();
    let set = syntaxes();
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten();
    let inner = syntax
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
        .unwrap_or_else(|| escape_html(code));
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_html(lang))
    };
    format!("<pre class=\"code\"{lang_attr}><code>{inner}</code></pre>\n")
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = highlight("fn main() {}\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"rust\">"));
    }

    #[test]
    fn extra_grammars_are_available() {
        assert!(highlight("[book]\ntitle = \"x\"\n", "toml").contains("hl-"));
        assert!(highlight("let x: number = 1;\n", "typescript").contains("hl-"));
    }

    #[test]
    fn unknown_language_is_escaped_text() {
        let html = highlight("<b>&</b>\n", "no-such-lang");
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
        assert!(!html.contains("hl-"));
    }

    #[test]
    fn stylesheet_has_both_themes() {
        let css = stylesheet("InspiredGitHub", "OneHalfDark");
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
