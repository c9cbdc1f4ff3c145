//! Code highlighting with syntect: CSS classes in the HTML, colours in a stylesheet generated
//! from the configured themes. Syntax definitions load once per process (they are immutable).

use std::sync::OnceLock;

use syntect::highlighting::{Color, Theme};
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

/// The code background, light and dark, that a theme's stylesheet declares as
/// `--code-bg: light-dark(#f6f8fa, #282c34)`: the colours of the highlight themes are brought
/// to a readable contrast against it. `None` when the stylesheet declares none in that form.
pub(crate) fn code_backgrounds(css: &str) -> Option<(Color, Color)> {
    let value = css.split("--code-bg:").nth(1)?;
    let inner = value.trim_start().strip_prefix("light-dark(")?;
    let (light, rest) = inner.split_once(',')?;
    let dark = rest.split(')').next()?;
    Some((hex_colour(light)?, hex_colour(dark)?))
}

/// `#rrggbb` (or `#rgb`) as a colour.
fn hex_colour(text: &str) -> Option<Color> {
    let hex = text.trim().strip_prefix('#')?;
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        6 => Some(rgb(
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        )),
        3 => {
            let short = |i: usize| channel(&hex[i..=i]).map(|c| c * 17);
            Some(rgb(short(0)?, short(1)?, short(2)?))
        }
        _ => None,
    }
}

/// The contrast every token colour gets at least: WCAG AA for normal text (4.5), with a margin
/// for rounding.
const MIN_CONTRAST: f64 = 4.6;

const fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color { r, g, b, a: 0xff }
}

/// The stylesheet for highlighted code: the light theme where the page is light and the dark
/// one where it is dark, that is by `prefers-color-scheme` unless the reader picked a scheme
/// with the theme switch (`data-theme` on the root element). Each theme's rules apply only
/// in its own scheme, so that a scope only the light theme colours cannot leak its
/// dark-on-light colour into dark mode. Token colours too faint on the code background are
/// darkened (or, in the dark theme, lightened) until they are readable: several bundled themes
/// use colours below WCAG AA for comments, links and list markers. `backgrounds` are the page's
/// code backgrounds (see [`code_backgrounds`]); without them, each theme's own background.
pub(crate) fn stylesheet(light: &str, dark: &str, backgrounds: Option<(Color, Color)>) -> String {
    let themes = two_face::theme::extra();
    let css = |name: &str, background: Option<Color>| {
        theme_by_name(name)
            .map(|theme| themes.get(theme))
            .map(|theme| {
                let own = theme.settings.background.unwrap_or(rgb(0xff, 0xff, 0xff));
                readable(theme, background.unwrap_or(own))
            })
            .and_then(|theme| css_for_theme_with_class_style(&theme, CLASS_STYLE).ok())
            .unwrap_or_default()
    };
    let (light_css, dark_css) = (
        css(light, backgrounds.map(|b| b.0)),
        css(dark, backgrounds.map(|b| b.1)),
    );
    format!(
        "/* generated from the highlight themes {light} and {dark} */\n\
         @media (prefers-color-scheme: light) {{\n{}\n}}\n{}\n\
         @media (prefers-color-scheme: dark) {{\n{}\n}}\n{}\n",
        scoped(&light_css, ":root:not([data-theme=\"dark\"])"),
        scoped(&light_css, ":root[data-theme=\"light\"]"),
        scoped(&dark_css, ":root:not([data-theme=\"light\"])"),
        scoped(&dark_css, ":root[data-theme=\"dark\"]"),
    )
}

/// `css` (as syntect writes it: one rule's selectors on the line that opens it) with every
/// selector put under `scope`.
fn scoped(css: &str, scope: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut in_comment = false;
    for line in css.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("/*") {
            in_comment = true;
        }
        match trimmed.strip_suffix('{') {
            Some(selectors) if !in_comment && !trimmed.starts_with('@') => {
                let list: Vec<String> = selectors
                    .split(',')
                    .map(|selector| format!("{scope} {}", selector.trim()))
                    .collect();
                out.push_str(&list.join(", "));
                out.push_str(" {");
            }
            _ => out.push_str(line),
        }
        out.push('\n');
        if trimmed.ends_with("*/") {
            in_comment = false;
        }
    }
    out
}

/// The theme with every foreground colour brought to [`MIN_CONTRAST`] against its background
/// (the scope's own, else `background`).
fn readable(theme: &Theme, background: Color) -> Theme {
    let mut theme = theme.clone();
    if let Some(fg) = &mut theme.settings.foreground {
        *fg = with_contrast(*fg, background, MIN_CONTRAST);
    }
    for item in &mut theme.scopes {
        let under = item.style.background.unwrap_or(background);
        if let Some(fg) = &mut item.style.foreground {
            *fg = with_contrast(*fg, under, MIN_CONTRAST);
        }
    }
    theme
}

/// `fg` (composited over `bg`), moved toward black on a light background or toward white on a
/// dark one in small steps until its contrast with `bg` reaches `min`.
pub(crate) fn with_contrast(fg: Color, bg: Color, min: f64) -> Color {
    let alpha = f64::from(fg.a) / 255.0;
    let over = |c: u8, b: u8| f64::from(c) * alpha + f64::from(b) * (1.0 - alpha);
    let start = [over(fg.r, bg.r), over(fg.g, bg.g), over(fg.b, bg.b)];
    let bg_rgb = [f64::from(bg.r), f64::from(bg.g), f64::from(bg.b)];
    let target = if luminance(bg_rgb) > 0.18 { 0.0 } else { 255.0 };
    let mut colour = start;
    for step in 0..=20 {
        let t = f64::from(step) / 20.0;
        colour = start.map(|c| c + (target - c) * t);
        if contrast(luminance(colour), luminance(bg_rgb)) >= min {
            break;
        }
    }
    let [r, g, b] = colour.map(|c| c.round().clamp(0.0, 255.0) as u8);
    rgb(r, g, b)
}

/// WCAG relative luminance of an sRGB colour (channels 0–255).
fn luminance(rgb: [f64; 3]) -> f64 {
    let [r, g, b] = rgb.map(|c| {
        let c = c / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    });
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

fn contrast(a: f64, b: f64) -> f64 {
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
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
    let inner = if mode == Code::Plain || code.len() > MAX_HIGHLIGHTED {
        escape_html(code)
    } else {
        memoised(code, lang)
    };
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_html(lang))
    };
    // Focusable, so that keyboard users can scroll a long line into view.
    format!("<pre class=\"code\"{lang_attr} tabindex=\"0\"><code>{inner}</code></pre>\n")
}

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
    let html = classed(code, lang);
    if let Ok(mut memo) = memo.write() {
        memo.insert(key, std::sync::Arc::from(html.as_str()));
    }
    html
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

    /// The default theme's code background, read from its stylesheet as a build reads it.
    fn code_background() -> (Color, Color) {
        code_backgrounds(include_str!("../themes/default/static/style.css"))
            .expect("the default theme declares --code-bg")
    }

    #[test]
    fn code_backgrounds_are_read_from_the_stylesheet() {
        assert_eq!(
            code_backgrounds(":root {\n  --code-bg: light-dark(#f6f8fa, #123);\n}"),
            Some((rgb(0xf6, 0xf8, 0xfa), rgb(0x11, 0x22, 0x33)))
        );
        assert_eq!(code_backgrounds(":root { --code-bg: #fff; }"), None);
        assert_eq!(code_backgrounds("body {}"), None);
    }

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

    #[test]
    fn every_token_colour_is_readable_on_the_code_background() {
        for (light, dark) in [
            ("InspiredGitHub", "OneHalfDark"),
            ("Catppuccin Latte", "Catppuccin Mocha"),
            ("Solarized (light)", "Nord"),
        ] {
            let css = stylesheet(light, dark, Some(code_background()));
            assert!(
                css.matches(" color: #").count() > 20,
                "{light}/{dark} found"
            );
            let (light_css, dark_css) = css.split_once("prefers-color-scheme: dark").unwrap();
            let lum = |hex: &str| {
                let channel = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap());
                luminance([channel(0), channel(2), channel(4)])
            };
            let colour_of = |rule: &str, property: &str| {
                rule.split(&format!("{property}: #"))
                    .nth(1)
                    .map(|rest| rest[..6].to_owned())
            };
            for (part, bg) in [
                (light_css, code_background().0),
                (dark_css, code_background().1),
            ] {
                let code_bg = format!("{:02x}{:02x}{:02x}", bg.r, bg.g, bg.b);
                // Each rule: its colour against its own background, else the code background.
                for rule in part.split('}') {
                    let Some(fg) = colour_of(rule, " color") else {
                        continue;
                    };
                    let under = colour_of(rule, "background-color").unwrap_or(code_bg.clone());
                    if rule.contains(".hl-code ") {
                        continue; // the theme's own page colours; the stylesheet sets those
                    }
                    let ratio = contrast(lum(&fg), lum(&under));
                    assert!(
                        ratio >= 4.5,
                        "{light}/{dark}: #{fg} on #{under}: {ratio:.2}"
                    );
                }
            }
        }
    }

    #[test]
    fn contrast_is_raised_only_as_needed() {
        let bg = code_background().0;
        let dark_enough = rgb(0x24, 0x29, 0x2f);
        assert_eq!(with_contrast(dark_enough, bg, MIN_CONTRAST), dark_enough);
        let faint = with_contrast(rgb(0xed, 0x6a, 0x43), bg, MIN_CONTRAST);
        assert!(faint.r < 0xed && faint.g < 0x6a, "{faint:?}");
        let on_dark = with_contrast(rgb(0x41, 0x83, 0xc4), code_background().1, MIN_CONTRAST);
        assert!(
            on_dark.b > 0xc4,
            "lightened on a dark background: {on_dark:?}"
        );
    }

    #[test]
    fn stylesheet_has_both_themes() {
        let css = stylesheet("InspiredGitHub", "OneHalfDark", Some(code_background()));
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }

    #[test]
    fn each_theme_applies_in_its_scheme_only() {
        let css = stylesheet("OneHalfLight", "OneHalfDark", Some(code_background()));
        let rules: Vec<&str> = css
            .lines()
            .filter(|line| line.trim_end().ends_with('{') && !line.starts_with('@'))
            .collect();
        assert!(rules.len() > 40, "{css}");
        for rule in rules {
            for selector in rule.trim_end_matches('{').split(", ") {
                assert!(
                    selector.starts_with(":root:not([data-theme=")
                        || selector.starts_with(":root[data-theme="),
                    "unscoped: {selector}"
                );
            }
        }
        let light_chosen = css.matches(":root[data-theme=\"light\"] .hl-").count();
        let dark_chosen = css.matches(":root[data-theme=\"dark\"] .hl-").count();
        assert!(light_chosen > 20 && dark_chosen > 20);
        assert_eq!(
            scoped("/* a {\n */\n.a, .b {\n color: red;\n}\n", "S"),
            "/* a {\n */\nS .a, S .b {\n color: red;\n}\n"
        );
    }
}
