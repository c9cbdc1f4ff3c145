//! Code highlighting with syntect: each token's style resolved against both configured themes
//! and written as one short class per (light style, dark style) pair (see [`palette`]), its
//! colours in a stylesheet generated from the themes. Syntax definitions load once per process
//! (they are immutable).

mod palette;
mod spans;
mod stylesheet;

use std::sync::{Arc, OnceLock, PoisonError};

use syntect::parsing::SyntaxSet;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

pub(crate) use palette::Themes;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    Highlighted(Themes),
    Plain,
}

/// Highlights a fenced code block; unknown languages are shown as escaped plain text. Each
/// distinct block is highlighted once per process and pair of themes: guides of one site
/// often share snippets, and serve re-parses a guide whose code did not change.
pub(crate) fn highlight(code: &str, lang: &str, mode: Code) -> String {
    let lang = lang.split([',', ' ']).next().unwrap_or("").trim();
    let inner = match mode {
        Code::Highlighted(themes) if code.len() <= MAX_HIGHLIGHTED => memoised(code, lang, themes),
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

fn memoised(code: &str, lang: &str, themes: Themes) -> String {
    let palette = palette::palette(themes);
    let mut hasher = blake3::Hasher::new();
    hasher.update(lang.as_bytes());
    hasher.update(b"\0");
    hasher.update(code.as_bytes());
    let key = hasher.finalize();
    let blocks = &palette.blocks;
    if let Some(html) = blocks
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return html.to_string();
    }
    let html = classed(code, lang, &palette);
    blocks
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, Arc::from(html.as_str()));
    html
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
