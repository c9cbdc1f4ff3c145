use std::collections::HashMap;

use syntect::easy::HighlightLines;
use syntect::highlighting::{Color, FontStyle, Style};
use syntect::util::LinesWithEndings;

use super::stylesheet::{MIN_CONTRAST, hex, over, with_contrast};
use super::*;

fn default_themes() -> Themes {
    Themes::named(DEFAULT_LIGHT, DEFAULT_DARK).expect("bundled themes")
}

fn highlighted(code: &str, lang: &str) -> String {
    highlight(code, lang, &Code::highlighted(default_themes()))
}

/// The page's code backgrounds, as the default theme's stylesheet declares them.
const CODE_BACKGROUNDS: (Color, Color) = (
    Color {
        r: 0xf6,
        g: 0xf8,
        b: 0xfa,
        a: 0xff,
    },
    Color {
        r: 0x28,
        g: 0x2c,
        b: 0x34,
        a: 0xff,
    },
);

/// The declarations of each class the stylesheet defines, by class name.
fn classes(css: &str) -> HashMap<String, HashMap<String, String>> {
    css.lines()
        .filter_map(|line| line.strip_prefix('.'))
        .filter_map(|line| line.split_once('{'))
        .map(|(class, body)| {
            let declarations = body
                .trim_end_matches('}')
                .split(';')
                .filter_map(|d| d.split_once(':'))
                .map(|(p, v)| (p.to_owned(), v.to_owned()))
                .collect();
            (class.to_owned(), declarations)
        })
        .collect()
}

/// The text of a highlighted block with the classes of each run: spans are flat.
fn runs(html: &str) -> Vec<(Vec<String>, String)> {
    let inner = html
        .split_once("<code>")
        .and_then(|(_, rest)| rest.rsplit_once("</code>"))
        .map_or(html, |(inner, _)| inner);
    let unescape = |text: &str| {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    };
    let mut out = Vec::new();
    let mut rest = inner;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<span class=\"") {
            let (names, after) = after.split_once("\">").expect("a class attribute");
            let (text, after) = after.split_once("</span>").expect("a closed span");
            assert!(!text.contains('<'), "nested span in {html}");
            let names = names.split(' ').map(str::to_owned).collect();
            out.push((names, unescape(text)));
            rest = after;
        } else {
            let end = rest.find("<span").unwrap_or(rest.len());
            out.push((Vec::new(), unescape(&rest[..end])));
            rest = &rest[end..];
        }
    }
    out
}

/// The custom properties a token in `style` should get in `scheme` (`l` or `d`), as syntect
/// resolves it: what the theme's default gives left out, colours made readable.
fn expected(style: Style, default: Style, scheme: char, code_bg: Color) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let bg = (style.background != default.background).then_some(style.background);
    let under = bg.map_or(code_bg, |bg| over(bg, code_bg));
    if style.foreground != default.foreground {
        let fg = with_contrast(style.foreground, under, MIN_CONTRAST);
        out.push((format!("--hl-{scheme}-fg"), hex(fg)));
    }
    if let Some(bg) = bg {
        out.push((format!("--hl-{scheme}-bg"), hex(bg)));
    }
    for (flag, property, value) in [
        (FontStyle::BOLD, "fw", "bold"),
        (FontStyle::ITALIC, "fs", "italic"),
        (FontStyle::UNDERLINE, "td", "underline"),
    ] {
        if style.font_style.contains(flag) {
            out.push((format!("--hl-{scheme}-{property}"), value.to_owned()));
        }
    }
    out.sort();
    out
}

/// Per character of `code`, its style in the theme `name`, by syntect's own highlighter.
fn styles_by_syntect(code: &str, lang: &str, name: &str) -> (Vec<Style>, Style) {
    let themes = two_face::theme::extra();
    let theme = themes.get(theme_by_name(name).expect("bundled theme"));
    let syntax = syntaxes().find_syntax_by_token(lang).expect("a grammar");
    let mut lines = HighlightLines::new(syntax, theme);
    let mut out = Vec::new();
    for line in LinesWithEndings::from(code) {
        for (style, text) in lines.highlight_line(line, syntaxes()).expect("highlights") {
            out.extend(text.chars().map(|_| style));
        }
    }
    let default = syntect::highlighting::Highlighter::new(theme).get_default();
    (out, default)
}

/// Theme pairs of one family and of different families.
const PAIRS: [(&str, &str); 5] = [
    (DEFAULT_LIGHT, DEFAULT_DARK),
    ("InspiredGitHub", "OneHalfDark"),
    ("Solarized (light)", "Nord"),
    ("GitHub", "Dracula"),
    ("gruvbox-light", "gruvbox-dark"),
];

/// Snippets whose scopes combine selectors into pairs no selector gives alone (a number's
/// decimal point, code inside bold Markdown, a base class's `::`), beside ordinary code.
const SNIPPETS: [(&str, &str); 6] = [
    (
        "python",
        "def area(r: float) -> float:\n    \"\"\"Area.\"\"\"\n    return 3.14 * r ** 2  # pi r²\n\nprint(f\"{area(2) / 1e9:.1f} <m²>\")\n",
    ),
    (
        "rust",
        "fn main() {\n    let v: Vec<u8> = vec![1, 2];\n    println!(\"{v:?} <&>\");\n}\n",
    ),
    (
        "markdown",
        "# Title [link](x)\n\n**bold `code`** and > quote `raw`\n\n- item\n",
    ),
    (
        "cpp",
        "namespace a { struct B : std::vector<int> { int x = 0x1f; }; }\n",
    ),
    (
        "sql",
        "SELECT name, COUNT(*) FROM t WHERE x > 1.5 GROUP BY name;\n",
    ),
    ("json", "{\"key\": [1, true, null, \"v\"]}\n"),
];

/// Every character shows what syntect gives it in each theme: the stylesheet's rules for the
/// classes of its span hold exactly the properties of its style in the light theme and in the
/// dark one (white space: those that show on it).
#[test]
fn every_token_shows_what_each_theme_gives_it() {
    let mut parts = 0;
    for (light, dark) in PAIRS {
        let themes = Themes::named(light, dark).expect("bundled themes");
        let rules = classes(&stylesheet(themes, Some(CODE_BACKGROUNDS)));
        for (lang, code) in SNIPPETS {
            let html = highlight(code, lang, &Code::highlighted(themes));
            let runs = runs(&html);
            let text: String = runs.iter().map(|(_, text)| text.as_str()).collect();
            assert_eq!(text, code, "{html}");
            let (light_styles, light_default) = styles_by_syntect(code, lang, light);
            let (dark_styles, dark_default) = styles_by_syntect(code, lang, dark);
            let mut at = 0;
            for (names, text) in &runs {
                parts += usize::from(names.iter().any(|n| n.starts_with("hl-")));
                let mut shown: Vec<(String, String)> = names
                    .iter()
                    .flat_map(|name| {
                        rules
                            .get(name)
                            .unwrap_or_else(|| panic!("{light}/{dark}: no rule for {name}"))
                            .clone()
                    })
                    .collect();
                shown.sort();
                for c in text.chars() {
                    let mut want =
                        expected(light_styles[at], light_default, 'l', CODE_BACKGROUNDS.0);
                    want.extend(expected(
                        dark_styles[at],
                        dark_default,
                        'd',
                        CODE_BACKGROUNDS.1,
                    ));
                    want.sort();
                    let mut got = shown.clone();
                    if c.is_whitespace() {
                        let on_space =
                            |(p, _): &(String, String)| p.ends_with("-bg") || p.ends_with("-td");
                        want.retain(on_space);
                        got.retain(on_space);
                    }
                    assert_eq!(
                        got, want,
                        "{light}/{dark} {lang}: {c:?} in {text:?} of {html}"
                    );
                    at += 1;
                }
            }
        }
    }
    assert!(parts > 0, "the snippets reach pairs without a number");
}

/// The default themes colour a Python keyword with each theme's keyword colour (Catppuccin's
/// mauve), and leave names without a span, in the block's colour: each theme's text colour.
#[test]
fn a_python_keyword_has_each_default_themes_keyword_colour() {
    let html = highlighted("def area(r):\n    return r * r\n", "python");
    let class = html
        .split_once("\">def</span>")
        .and_then(|(before, _)| before.rsplit_once("<span class=\""))
        .map(|(_, class)| class)
        .unwrap_or_else(|| panic!("`def` in a span: {html}"));
    assert!(!class.contains(' '), "one class: {class}");
    let css = stylesheet(default_themes(), Some(CODE_BACKGROUNDS));
    let rules = classes(&css);
    let rule = &rules[class];
    assert_eq!(
        rule.get("--hl-l-fg").map(String::as_str),
        Some("#8839ef"),
        "{css}"
    );
    assert_eq!(
        rule.get("--hl-d-fg").map(String::as_str),
        Some("#cba6f7"),
        "{css}"
    );
    // `return` has the same class, `r` none.
    assert!(
        html.contains(&format!("<span class=\"{class}\">return</span> r")),
        "{html}"
    );
    assert!(
        css.contains("\npre.code:has(span){color:light-dark(#4c4f69,#cdd6f4)}\n"),
        "{css}"
    );
}

#[test]
fn the_default_themes_are_the_named_defaults() {
    assert_eq!(Themes::default().names(), [DEFAULT_LIGHT, DEFAULT_DARK]);
    assert_eq!(default_themes(), Themes::default());
}

#[test]
fn known_language_gets_classes() {
    let html = highlighted("fn main() {}\n", "rust");
    assert!(html.contains("<span class=\"hl"), "{html}");
    assert!(has_highlighted_code(&html));
    assert!(html.starts_with("<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\">"));
}

#[test]
fn highlighting_twice_gives_the_same_bytes() {
    let code = "SELECT a FROM t;\n";
    let themes = Themes::named("OneHalfLight", "OneHalfDark").expect("bundled themes");
    let mode = Code::highlighted(themes);
    let first = highlight(code, "sql", &mode);
    let fresh = spans::spans(
        code,
        syntaxes().find_syntax_by_token("sql").expect("sql"),
        syntaxes(),
        &palette::Palette::new(themes),
    );
    // The second time from the memo; the same bytes as a palette made afresh.
    assert_eq!(highlight(code, "sql", &mode), first);
    assert!(first.contains(&fresh.expect("highlights")));
    // Other themes, other colours.
    assert_ne!(highlighted(code, "sql"), first);
}

#[test]
fn large_blocks_and_plain_mode_are_escaped_without_classes() {
    let big = "x = \"<b>\"\n".repeat(MAX_HIGHLIGHTED / 10 + 1);
    let html = highlighted(&big, "python");
    assert!(!html.contains("<span") && html.contains("x = &quot;&lt;b&gt;&quot;"));
    let small = highlight("x = 1\n", "python", &Code::Plain);
    assert_eq!(
        small,
        "<pre class=\"code\" data-lang=\"python\" tabindex=\"0\"><code>x = 1\n</code></pre>\n"
    );
}

#[test]
fn extra_grammars_are_available() {
    assert!(highlighted("[book]\ntitle = \"x\"\n", "toml").contains("<span class=\"hl"));
    assert!(highlighted("let x: number = 1;\n", "typescript").contains("<span class=\"hl"));
}

#[test]
fn unknown_language_is_escaped_text() {
    let html = highlighted("<b>&</b>\n", "no-such-lang");
    assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
    assert!(!html.contains("<span"));
    assert!(!has_highlighted_code(&html));
}
