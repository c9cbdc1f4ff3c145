//! The stylesheet of highlighted code, generated from the configured light and dark themes.
//!
//! It shows the light theme where the page is light and the dark one where it is dark, that
//! is by `prefers-color-scheme` unless the reader picked a scheme with the theme switch (the
//! default stylesheet turns `data-theme` into `color-scheme`). Each class of the palette sets
//! custom properties of both schemes (`--hl-l-fg` for its light colour, `--hl-d-fg` for its
//! dark one), and one rule gives every token the properties of the scheme in effect, colours
//! through `light-dark()`. A class lists only what its pair sets, so what a theme leaves alone
//! comes from the page (the code colour, no background), as for text outside any span.

use std::fmt::Write as _;

use syntect::highlighting::{Color, FontStyle};

use super::Themes;
use super::palette::{Look, Palette, Scheme, pair_class, palette, part_class};

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
pub(super) const MIN_CONTRAST: f64 = 4.6;

const fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color { r, g, b, a: 0xff }
}

/// What every token shows, from the properties of the scheme in effect. Font styles cannot go
/// through `light-dark()`, so the dark theme's are chosen the way the default stylesheet
/// chooses the scheme.
const APPLY: &str = "pre.code span{\
    color:light-dark(var(--hl-l-fg,currentColor),var(--hl-d-fg,currentColor));\
    background-color:light-dark(var(--hl-l-bg,transparent),var(--hl-d-bg,transparent));\
    font-style:var(--hl-l-fs,normal);font-weight:var(--hl-l-fw,normal);\
    text-decoration:var(--hl-l-td,none)}\n\
    @media (prefers-color-scheme:dark){:root:not([data-theme=\"light\"]) pre.code span{\
    font-style:var(--hl-d-fs,normal);font-weight:var(--hl-d-fw,normal);\
    text-decoration:var(--hl-d-td,none)}}\n\
    :root[data-theme=\"dark\"] pre.code span{\
    font-style:var(--hl-d-fs,normal);font-weight:var(--hl-d-fw,normal);\
    text-decoration:var(--hl-d-td,none)}\n";

/// The stylesheet for highlighted code with `themes`: the themes' foreground for the text of
/// highlighted blocks, a rule per class of their palette, and the rules that apply them. Token
/// colours too faint on the code background are darkened (or, in the dark theme, lightened)
/// until they are readable: several bundled themes use colours below WCAG AA for comments,
/// links and list markers. `backgrounds` are the page's code backgrounds (see
/// [`code_backgrounds`]); without them, each theme's own background.
pub(crate) fn stylesheet(themes: Themes, backgrounds: Option<(Color, Color)>) -> String {
    let palette = palette(themes);
    let code_bg = |scheme: Scheme| match (backgrounds, scheme) {
        (Some((light, _)), Scheme::Light) => light,
        (Some((_, dark)), Scheme::Dark) => dark,
        (None, scheme) => palette.own_background(scheme),
    };
    let [light, dark] = themes.names();
    let mut out =
        format!("/* generated from the highlight themes {light} (light) and {dark} (dark) */\n");
    // Text in a theme's own foreground has no span: a block with highlighted tokens shows it
    // in that colour, as the theme does. (A block without any keeps the page's code colour.)
    let [light_fg, dark_fg] = Scheme::BOTH.map(|scheme| {
        hex(with_contrast(
            palette.own_foreground(scheme),
            code_bg(scheme),
            MIN_CONTRAST,
        ))
    });
    let _ = writeln!(
        out,
        "pre.code:has(span){{color:light-dark({light_fg},{dark_fg})}}"
    );
    for (number, pair) in (0u16..).zip(palette.pairs()) {
        out.push('.');
        pair_class(number, &mut out);
        out.push('{');
        for (scheme, look) in Scheme::BOTH.into_iter().zip(pair) {
            declarations(&mut out, scheme, look, code_bg(scheme));
        }
        out.push_str("}\n");
    }
    parts(&mut out, &palette, code_bg);
    out.push_str(APPLY);
    out
}

/// The rules of the part classes, which spell out the pairs without a number (see
/// [`super::palette`]): each colour made readable on the code background.
fn parts(out: &mut String, palette: &Palette, code_bg: impl Fn(Scheme) -> Color) {
    for scheme in Scheme::BOTH {
        let bg = code_bg(scheme);
        for (number, fg) in (0u16..).zip(palette.colours(scheme)) {
            let look = Look {
                fg: Some(*fg),
                ..Look::default()
            };
            part_rule(out, (scheme, 'f', number), &look, bg);
        }
        for (number, colour) in (0u16..).zip(palette.backgrounds(scheme)) {
            let look = Look {
                bg: Some(*colour),
                ..Look::default()
            };
            part_rule(out, (scheme, 'b', number), &look, bg);
        }
        for font in palette.fonts(scheme).iter().filter(|font| !font.is_empty()) {
            let look = Look {
                font: *font,
                ..Look::default()
            };
            part_rule(out, (scheme, 's', u16::from(font.bits())), &look, bg);
        }
    }
}

fn part_rule(
    out: &mut String,
    (scheme, kind, number): (Scheme, char, u16),
    look: &Look,
    bg: Color,
) {
    out.push('.');
    part_class(scheme, kind, number, out);
    out.push('{');
    declarations(out, scheme, look, bg);
    out.push_str("}\n");
}

/// The custom properties of `look` in `scheme`, its colour made readable on its background
/// over the code background `code_bg`.
fn declarations(out: &mut String, scheme: Scheme, look: &Look, code_bg: Color) {
    let s = scheme.letter();
    let under = look.bg.map_or(code_bg, |bg| over(bg, code_bg));
    if let Some(fg) = look.fg {
        let fg = with_contrast(fg, under, MIN_CONTRAST);
        let _ = write!(out, "--hl-{s}-fg:{};", hex(fg));
    }
    if let Some(bg) = look.bg {
        let _ = write!(out, "--hl-{s}-bg:{};", hex(bg));
    }
    for (flag, property, value) in [
        (FontStyle::BOLD, "fw", "bold"),
        (FontStyle::ITALIC, "fs", "italic"),
        (FontStyle::UNDERLINE, "td", "underline"),
    ] {
        if look.font.contains(flag) {
            let _ = write!(out, "--hl-{s}-{property}:{value};");
        }
    }
}

/// `#rrggbb`, or `#rrggbbaa` for a colour that is not opaque.
pub(super) fn hex(colour: Color) -> String {
    let Color { r, g, b, a } = colour;
    if a == 0xff {
        format!("#{r:02x}{g:02x}{b:02x}")
    } else {
        format!("#{r:02x}{g:02x}{b:02x}{a:02x}")
    }
}

/// `top` composited over the opaque `bottom`.
pub(super) fn over(top: Color, bottom: Color) -> Color {
    let alpha = f64::from(top.a) / 255.0;
    let mix = |t: u8, b: u8| {
        (f64::from(t) * alpha + f64::from(b) * (1.0 - alpha))
            .round()
            .clamp(0.0, 255.0) as u8
    };
    rgb(
        mix(top.r, bottom.r),
        mix(top.g, bottom.g),
        mix(top.b, bottom.b),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The default theme's code background, read from its stylesheet as a build reads it.
    fn code_background() -> (Color, Color) {
        code_backgrounds(include_str!("../../themes/default/static/style.css"))
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

    /// Theme pairs of one family and of different families.
    const PAIRS: [(&str, &str); 4] = [
        ("InspiredGitHub", "OneHalfDark"),
        ("Catppuccin Latte", "Catppuccin Mocha"),
        ("Solarized (light)", "Nord"),
        ("OneHalfLight", "OneHalfDark"),
    ];

    /// Each rule of the generated stylesheet: (selectors, declarations).
    fn written(css: &str) -> Vec<(&str, &str)> {
        css.lines()
            .filter(|line| !line.starts_with("/*") && !line.starts_with('@'))
            .filter_map(|line| line.split_once('{'))
            .map(|(selectors, body)| (selectors, body.trim_end_matches('}')))
            .collect()
    }

    /// A colour of the stylesheet, `#rrggbb` or `#rrggbbaa`.
    fn parse_hex(text: &str) -> Color {
        let hex = text.strip_prefix('#').expect("a hex colour");
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits");
        let a = if hex.len() == 8 { channel(6) } else { 0xff };
        Color {
            r: channel(0),
            g: channel(2),
            b: channel(4),
            a,
        }
    }

    fn themes(light: &str, dark: &str) -> Themes {
        Themes::named(light, dark).expect("bundled themes")
    }

    #[test]
    fn every_token_colour_is_readable_on_the_code_background() {
        let lum = |c: Color| luminance([c.r, c.g, c.b].map(f64::from));
        for (light, dark) in PAIRS {
            let css = stylesheet(themes(light, dark), Some(code_background()));
            let colour_of = |rule: &str, property: &str| {
                rule.split(';')
                    .find_map(|d| d.strip_prefix(&format!("{property}:")))
                    .map(parse_hex)
            };
            for (scheme, code_bg) in [('l', code_background().0), ('d', code_background().1)] {
                let mut colours = 0;
                // Each rule: its colour against its own background, else the code background.
                for (_, body) in written(&css) {
                    let Some(fg) = colour_of(body, &format!("--hl-{scheme}-fg")) else {
                        continue;
                    };
                    colours += 1;
                    let under = colour_of(body, &format!("--hl-{scheme}-bg"))
                        .map_or(code_bg, |bg| over(bg, code_bg));
                    let ratio = contrast(lum(fg), lum(under));
                    assert!(
                        ratio >= 4.5,
                        "{light}/{dark}: {fg:?} on {under:?}: {ratio:.2}"
                    );
                }
                assert!(colours > 10, "{light}/{dark} found: {colours} in {scheme}");
            }
        }
    }

    /// A class per pair and per part, and one rule that applies them: a few KB, where the
    /// themes' own stylesheets, a rule per selector, took 26 KB for the default pair.
    #[test]
    fn the_stylesheet_is_a_rule_per_class() {
        for (light, dark) in PAIRS {
            let css = stylesheet(themes(light, dark), Some(code_background()));
            assert_eq!(css.matches("var(--hl-l-fg").count(), 1, "{css}");
            for (selector, body) in written(&css) {
                if selector.contains("pre.code") {
                    continue;
                }
                assert!(
                    selector.starts_with(".hl") && !selector.contains([' ', ',']),
                    "{selector}"
                );
                assert!(
                    !body.is_empty() && body.split_terminator(';').all(|d| d.starts_with("--hl-")),
                    "{selector}{{{body}}} sets more than properties"
                );
            }
            assert!(css.len() < 12_000, "{light}/{dark}: {} bytes", css.len());
        }
        let default = stylesheet(
            themes("Catppuccin Latte", "Catppuccin Mocha"),
            Some(code_background()),
        );
        assert!(default.len() < 5_000, "{} bytes", default.len());
        assert_eq!(
            default,
            stylesheet(
                themes("Catppuccin Latte", "Catppuccin Mocha"),
                Some(code_background())
            )
        );
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
}
