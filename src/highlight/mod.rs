//! Code highlighting with syntect: each token's style resolved against both configured themes
//! and written as one short class per (light style, dark style) pair (see [`palette`]), its
//! colours in a stylesheet generated from the themes. Syntax definitions load once per process
//! (they are immutable).

mod palette;
mod spans;
mod stylesheet;

use std::sync::{Arc, OnceLock};

use syntect::parsing::SyntaxSet;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

pub(crate) use palette::Themes;

use crate::memo::Memo;
pub(crate) use stylesheet::{code_backgrounds, stylesheet};

/// The themes a site gets when `book.toml` names none.
pub(crate) const DEFAULT_LIGHT: &str = "Catppuccin Latte";
pub(crate) const DEFAULT_DARK: &str = "Catppuccin Mocha";

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

/// How a fenced block is shown: highlighted with the site's themes, or escaped as it is
/// (unknown languages, blocks over [`MAX_HIGHLIGHTED`], and `check`, which renders no page).
#[derive(Debug, Clone)]
pub(crate) enum Code {
    /// With the HTML of the blocks already highlighted, by language and code, which the owner
    /// of the parse's options keeps from build to build and ends each build of
    /// ([`Memo::end_build`]): guides of one site often share snippets (at 10,000 realistic
    /// guides, a clean build takes about a third less CPU time with it), and serve parses
    /// again a guide whose code did not change.
    Highlighted(Themes, Arc<Blocks>),
    Plain,
}

/// Highlighted blocks' HTML, by the hash of their language and code.
pub(crate) type Blocks = Memo<Arc<str>>;

impl Code {
    /// Highlighted with `themes`, with no block highlighted yet.
    pub(crate) fn highlighted(themes: Themes) -> Code {
        Code::Highlighted(themes, Arc::default())
    }
}

/// Two ways of showing code are the same whatever their memos hold, which changes no block's
/// HTML.
impl PartialEq for Code {
    fn eq(&self, other: &Code) -> bool {
        match (self, other) {
            (Code::Highlighted(a, _), Code::Highlighted(b, _)) => a == b,
            (Code::Plain, Code::Plain) => true,
            _ => false,
        }
    }
}

impl Eq for Code {}

/// Highlights a fenced code block; unknown languages are shown as escaped plain text.
pub(crate) fn highlight(code: &str, lang: &str, mode: &Code) -> String {
    let lang = lang.split([',', ' ']).next().unwrap_or("").trim();
    let inner = match mode {
        Code::Highlighted(themes, blocks) if code.len() <= MAX_HIGHLIGHTED => {
            memoised(code, lang, *themes, blocks)
        }
        _ => escape_html(code),
    };
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_html(lang))
    };
    // Focusable, so that keyboard users can scroll a long line into view.
    format!("<pre class=\"code\"{lang_attr} tabindex=\"0\"><code>{inner}</code></pre>\n")
}

/// Whether `html` holds highlighted tokens (spans whose classes start with `hl`, see
/// [`palette`]): only pages with some link the highlight stylesheet.
pub(crate) fn has_highlighted_code(html: &str) -> bool {
    html.contains("<span class=\"hl")
}

fn memoised(code: &str, lang: &str, themes: Themes, blocks: &Blocks) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(lang.as_bytes());
    hasher.update(b"\0");
    hasher.update(code.as_bytes());
    let key = hasher.finalize();
    let html = blocks.get(&key.to_hex(), key, || {
        Arc::from(classed(code, lang, &palette::palette(themes)))
    });
    html.to_string()
}

/// The block's HTML with the palette's classes, or escaped when the language is unknown.
fn classed(code: &str, lang: &str, palette: &palette::Palette) -> String {
    let set = syntaxes();
    (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten()
        .and_then(|syntax| spans::spans(code, syntax, set, palette))
        .unwrap_or_else(|| escape_html(code))
}

pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

#[cfg(test)]
mod tests;
