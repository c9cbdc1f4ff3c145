//! The stylesheet of highlighted code, generated from the configured light and dark themes.
//!
//! It shows the light theme where the page is light and the dark one where it is dark, that
//! is by `prefers-color-scheme` unless the reader picked a scheme with the theme switch (the
//! default stylesheet turns `data-theme` into `color-scheme`). Each theme is written once: its
//! rules set custom properties of its own scheme (`--hl-l-fg` for the light theme's colour,
//! `--hl-d-fg` for the dark one's), and one rule gives every token the properties of the
//! scheme in effect, colours through `light-dark()`. Custom properties inherit as `color` and
//! `font-style` do, so a token its theme leaves alone takes its parent token's value, as with
//! the theme's own stylesheet, and a scope only one theme colours cannot leak its colour into
//! the other scheme. (Scoping each theme's rules to its scheme instead needs them twice, once
//! under the media query and once under the switch's attribute: 136 KB for the default pair,
//! against 26 KB.)

use syntect::highlighting::{Color, Theme};
use syntect::html::css_for_theme_with_class_style;

use super::{CLASS_STYLE, theme_by_name};

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

/// The stylesheet for highlighted code with the themes `light` and `dark` (names as
/// [`super::theme_names`] lists them). Token colours too faint on the code background are
/// darkened (or, in the dark theme, lightened) until they are readable: several bundled themes
/// use colours below WCAG AA for comments, links and list markers. `backgrounds` are the page's
/// code backgrounds (see [`code_backgrounds`]); without them, each theme's own background.
pub(crate) fn stylesheet(light: &str, dark: &str, backgrounds: Option<(Color, Color)>) -> String {
    let light_rules = theme_rules(light, backgrounds.map(|b| b.0), 'l');
    let dark_rules = theme_rules(dark, backgrounds.map(|b| b.1), 'd');
    let mut out =
        format!("/* generated from the highlight themes {light} (light) and {dark} (dark) */\n");
    for rule in merged(light_rules, dark_rules) {
        out.push_str(&format!("{}{{{}}}\n", rule.selectors, rule.body));
    }
    out.push_str(APPLY);
    out
}

/// The rules of the theme `name`, made readable on `background` (else on its own background),
/// setting the properties of `scheme`; none for a name that is no bundled theme (the
/// configuration refuses those).
fn theme_rules(name: &str, background: Option<Color>, scheme: char) -> Vec<Rule> {
    let themes = two_face::theme::extra();
    let css = theme_by_name(name)
        .map(|theme| {
            let theme = themes.get(theme);
            let own = theme.settings.background.unwrap_or(rgb(0xff, 0xff, 0xff));
            readable(theme, background.unwrap_or(own))
        })
        .and_then(|theme| css_for_theme_with_class_style(&theme, CLASS_STYLE).ok())
        .unwrap_or_default();
    rules(&css, scheme)
}

/// One rule of the stylesheet: its selectors, comma-separated, and its declarations.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    selectors: String,
    body: String,
}

/// The rules of `css` (as syntect writes it: one rule's selectors on the line that opens it,
/// one declaration a line) with each declaration turned into the custom property of `scheme`
/// (`l` or `d`). Comments, rules that set nothing and the rule for syntect's own `.hl-code`
/// wrapper (the theme's page colours, which the default stylesheet sets) are left out.
fn rules(css: &str, scheme: char) -> Vec<Rule> {
    let mut out = Vec::new();
    let mut in_comment = false;
    let mut open: Option<Rule> = None;
    for line in css.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("/*") {
            in_comment = true;
        }
        if in_comment {
            in_comment = !trimmed.ends_with("*/");
            continue;
        }
        if let Some(selectors) = trimmed.strip_suffix('{') {
            let list: Vec<&str> = selectors.split(',').map(str::trim).collect();
            open = Some(Rule {
                selectors: list.join(","),
                body: String::new(),
            });
        } else if trimmed == "}" {
            if let Some(rule) = open.take()
                && !rule.body.is_empty()
                && rule.selectors != ".hl-code"
            {
                out.push(rule);
            }
        } else if let (Some(rule), Some((property, value))) =
            (open.as_mut(), trimmed.split_once(':'))
        {
            let short = match property.trim() {
                "color" => "fg",
                "background-color" => "bg",
                "font-style" => "fs",
                "font-weight" => "fw",
                "text-decoration" => "td",
                _ => continue,
            };
            let value = value.trim().trim_end_matches(';');
            rule.body
                .push_str(&format!("--hl-{scheme}-{short}:{value};"));
        }
    }
    out
}

/// Both themes' rules in one list that keeps each theme's own order (its cascade; the two
/// set different properties, so they never compete). A light and a dark rule with the same
/// selectors become one rule wherever both orders allow it, for the longest such run of
/// pairs: themes of one family (Catppuccin Latte and Mocha) share every selector, which halves
/// what is written. Quadratic in the number of rules, a few hundred in the bundled themes.
fn merged(light: Vec<Rule>, dark: Vec<Rule>) -> Vec<Rule> {
    let (n, m) = (light.len(), dark.len());
    // common[i][j]: how many pairs can be merged in light[i..] and dark[j..].
    let mut common = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[i][j] = if light[i].selectors == dark[j].selectors {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(n + m);
    let (mut light, mut dark) = (light.into_iter().peekable(), dark.into_iter().peekable());
    let (mut i, mut j) = (0, 0);
    while let (Some(l), Some(d)) = (light.peek(), dark.peek()) {
        if l.selectors == d.selectors && common[i][j] == common[i + 1][j + 1] + 1 {
            let (mut l, d) = (light.next(), dark.next());
            if let (Some(l), Some(d)) = (l.as_mut(), d) {
                l.body.push_str(&d.body);
            }
            out.extend(l);
            (i, j) = (i + 1, j + 1);
        } else if common[i + 1][j] >= common[i][j + 1] {
            out.extend(light.next());
            i += 1;
        } else {
            out.extend(dark.next());
            j += 1;
        }
    }
    out.extend(light);
    out.extend(dark);
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

    fn rule(selectors: &str, body: &str) -> Rule {
        Rule {
            selectors: selectors.to_owned(),
            body: body.to_owned(),
        }
    }

    /// Each rule of the generated stylesheet: (selectors, declarations).
    fn written(css: &str) -> Vec<(&str, &str)> {
        css.lines()
            .filter(|line| !line.starts_with("/*") && !line.starts_with('@'))
            .filter_map(|line| line.split_once('{'))
            .map(|(selectors, body)| (selectors, body.trim_end_matches('}')))
            .collect()
    }

    #[test]
    fn every_token_colour_is_readable_on_the_code_background() {
        for (light, dark) in PAIRS {
            let css = stylesheet(light, dark, Some(code_background()));
            let lum = |hex: &str| {
                let channel = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap());
                luminance([channel(0), channel(2), channel(4)])
            };
            let colour_of = |rule: &str, property: &str| {
                rule.split(&format!("{property}:#"))
                    .nth(1)
                    .map(|rest| rest[..6].to_owned())
            };
            for (scheme, bg) in [('l', code_background().0), ('d', code_background().1)] {
                let code_bg = format!("{:02x}{:02x}{:02x}", bg.r, bg.g, bg.b);
                let mut colours = 0;
                // Each rule: its colour against its own background, else the code background.
                for (_, body) in written(&css) {
                    let Some(fg) = colour_of(body, &format!("--hl-{scheme}-fg")) else {
                        continue;
                    };
                    colours += 1;
                    let under =
                        colour_of(body, &format!("--hl-{scheme}-bg")).unwrap_or(code_bg.clone());
                    let ratio = contrast(lum(&fg), lum(&under));
                    assert!(
                        ratio >= 4.5,
                        "{light}/{dark}: #{fg} on #{under}: {ratio:.2}"
                    );
                }
                assert!(colours > 20, "{light}/{dark} found: {colours} in {scheme}");
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

    /// Each theme is written once, in properties of its own scheme and in its own order; only
    /// the rules that apply them read them, and no theme rule is scoped to a scheme.
    #[test]
    fn each_theme_is_written_once_in_its_own_properties() {
        for (light, dark) in PAIRS {
            let css = stylesheet(light, dark, Some(code_background()));
            let themes: Vec<_> = written(&css)
                .into_iter()
                .filter(|(selectors, _)| !selectors.contains("pre.code span"))
                .collect();
            for (name, background, scheme) in [
                (light, code_background().0, 'l'),
                (dark, code_background().1, 'd'),
            ] {
                let prefix = format!("--hl-{scheme}-");
                let shown: Vec<Rule> = themes
                    .iter()
                    .filter_map(|(selectors, body)| {
                        let own: Vec<&str> = body
                            .split_inclusive(';')
                            .filter(|d| d.starts_with(&prefix))
                            .collect();
                        (!own.is_empty()).then(|| Rule {
                            selectors: (*selectors).to_owned(),
                            body: own.concat(),
                        })
                    })
                    .collect();
                assert_eq!(shown, theme_rules(name, Some(background), scheme), "{name}");
                assert!(shown.len() > 40, "{name}: {} rules", shown.len());
            }
            for (selectors, body) in &themes {
                assert!(!selectors.contains(":root"), "scoped: {selectors}");
                assert!(
                    body.split_inclusive(';').all(|d| d.starts_with("--hl-")),
                    "{selectors}{{{body}}} sets more than properties"
                );
            }
            assert_eq!(css.matches("var(--hl-l-fg").count(), 1, "{css}");
        }
        let default = stylesheet(
            "Catppuccin Latte",
            "Catppuccin Mocha",
            Some(code_background()),
        );
        assert!(default.len() < 30_000, "{} bytes", default.len());
    }

    #[test]
    fn declarations_become_the_schemes_properties() {
        let css = "/*\n * theme \"x\" generated by syntect\n */\n\n.hl-code {\n color: #111111;\n}\n\n\
                   .hl-a, .hl-b .hl-c {\n color: #222222;\n background-color: #333333;\n}\n\
                   .hl-d {\nfont-weight: bold;\nfont-style: italic;\ntext-decoration: underline;\n}\n\
                   .hl-e {\n}\n";
        assert_eq!(
            rules(css, 'd'),
            [
                rule(".hl-a,.hl-b .hl-c", "--hl-d-fg:#222222;--hl-d-bg:#333333;"),
                rule(
                    ".hl-d",
                    "--hl-d-fw:bold;--hl-d-fs:italic;--hl-d-td:underline;"
                )
            ]
        );
    }

    /// Rules with the same selectors merge where both themes' orders allow it; the rest keep
    /// their theme's order.
    #[test]
    fn the_themes_share_rules_without_reordering_either() {
        let light = vec![rule(".a", "L1;"), rule(".b", "L2;"), rule(".c", "L3;")];
        let dark = vec![
            rule(".b", "D1;"),
            rule(".x", "D2;"),
            rule(".c", "D3;"),
            rule(".a", "D4;"),
        ];
        let out = merged(light, dark);
        assert_eq!(
            out,
            [
                rule(".a", "L1;"),
                rule(".b", "L2;D1;"),
                rule(".x", "D2;"),
                rule(".c", "L3;D3;"),
                rule(".a", "D4;"),
            ]
        );
        let same = merged(vec![rule(".a", "L;")], vec![rule(".a", "D;")]);
        assert_eq!(same, [rule(".a", "L;D;")]);
        assert!(merged(Vec::new(), Vec::new()).is_empty());
    }
}
