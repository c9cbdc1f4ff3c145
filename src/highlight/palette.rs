//! The classes of highlighted tokens, worked out from the two themes alone.
//!
//! A token's class stands for how it looks in the light theme and in the dark one (a [`Pair`]
//! of [`Look`]s), resolved by syntect's own scoring from the token's scope stack. The pairs the
//! themes' selectors give, taken in the themes' order, are numbered (`hl0`, `hl1`, …): almost
//! every token has one of them. A token whose stack combines selectors into another pair (a
//! colour from one and a font style from another) is spelled out by one class per property set
//! in each scheme (`hl-lf2 hl-ds4`), numbered by the themes' lists of colours. Either way a
//! class depends on nothing but the two themes, so a page keeps its bytes whatever the other
//! pages hold, and the stylesheet, which lists every class, is the same for every site.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};

use syntect::highlighting::{Color, FontStyle, Highlighter, Style, Theme};
use syntect::parsing::Scope;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

/// The themes code is coloured with: the light one and the dark one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Themes {
    light: EmbeddedThemeName,
    dark: EmbeddedThemeName,
}

/// [`super::DEFAULT_LIGHT`] and [`super::DEFAULT_DARK`].
impl Default for Themes {
    fn default() -> Themes {
        Themes {
            light: EmbeddedThemeName::CatppuccinLatte,
            dark: EmbeddedThemeName::CatppuccinMocha,
        }
    }
}

impl Themes {
    /// The themes named `light` and `dark`, as [`super::theme_names`] lists them.
    pub(crate) fn named(light: &str, dark: &str) -> Option<Themes> {
        Some(Themes {
            light: super::theme_by_name(light)?,
            dark: super::theme_by_name(dark)?,
        })
    }

    pub(crate) fn names(self) -> [&'static str; 2] {
        [self.light.as_name(), self.dark.as_name()]
    }

    fn themes(self) -> [&'static Theme; 2] {
        // Each theme is deserialised on first use, once per process.
        static SET: OnceLock<EmbeddedLazyThemeSet> = OnceLock::new();
        let set = SET.get_or_init(two_face::theme::extra);
        [set.get(self.light), set.get(self.dark)]
    }
}

/// The two colour schemes of a page, in the order of [`Pair`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    pub(crate) const BOTH: [Scheme; 2] = [Scheme::Light, Scheme::Dark];

    /// The letter of the scheme's custom properties (`--hl-l-fg`) and part classes (`hl-lf2`).
    pub(crate) fn letter(self) -> char {
        match self {
            Scheme::Light => 'l',
            Scheme::Dark => 'd',
        }
    }

    fn index(self) -> usize {
        match self {
            Scheme::Light => 0,
            Scheme::Dark => 1,
        }
    }
}

/// How a token looks in one theme, leaving out what the theme's defaults give: text in the
/// theme's own foreground is shown in the page's code colour, as unstyled text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Look {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
    pub font: FontStyle,
}

impl Look {
    fn new(style: Style, default: Style) -> Look {
        Look {
            fg: (style.foreground != default.foreground).then_some(style.foreground),
            bg: (style.background != default.background).then_some(style.background),
            font: style.font_style,
        }
    }

    fn is_plain(&self) -> bool {
        *self == Look::default()
    }

    /// Whether white space in this look differs from white space outside any span: only a
    /// background or an underline shows there.
    fn shows_on_space(&self) -> bool {
        self.bg.is_some() || self.font.contains(FontStyle::UNDERLINE)
    }
}

/// A token's look in the light theme and in the dark one.
pub(crate) type Pair = [Look; 2];

/// The class attribute of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Default in both themes: no span.
    Plain,
    /// The numbered pair: `hl` and the number in base 36.
    Pair(u16),
    /// A pair with no number, by its properties in each scheme.
    Parts([Parts; 2]),
}

/// One scheme's properties of a pair without a number: the numbers of its colours in the
/// theme's lists, and its font style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Parts {
    fg: Option<u16>,
    bg: Option<u16>,
    font: FontStyle,
}

/// A token's class, and whether a run of white space beside it can join its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub class: Class,
    /// The token's look shows on white space (see [`Look::shows_on_space`]).
    pub shows_on_space: bool,
}

/// Everything the classes of two themes need: the numbered pairs, each theme's colours, and
/// what was already resolved in this process.
pub(crate) struct Palette {
    highlighters: [Highlighter<'static>; 2],
    defaults: [Style; 2],
    pairs: Vec<Pair>,
    numbers: HashMap<Pair, u16>,
    /// Per scheme, every foreground its theme's rules set, in their order.
    colours: [Vec<Color>; 2],
    /// Per scheme, every background its theme's rules set, in their order.
    backgrounds: [Vec<Color>; 2],
    /// Per scheme, every font style its theme's rules set, by bits.
    fonts: [Vec<FontStyle>; 2],
    /// The opening tag of each numbered pair's span, by number.
    tags: Vec<String>,
    /// Resolving a stack runs every selector of both themes; a site has a few hundred stacks.
    tokens: RwLock<HashMap<Vec<Scope>, Token, BuildHasherDefault<ScopeHasher>>>,
}

/// The palette of `themes`, made once per process.
pub(crate) fn palette(themes: Themes) -> Arc<Palette> {
    type Palettes = Mutex<HashMap<Themes, Arc<Palette>>>;
    static PALETTES: OnceLock<Palettes> = OnceLock::new();
    let mut palettes = PALETTES
        .get_or_init(Palettes::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    palettes
        .entry(themes)
        .or_insert_with(|| Arc::new(Palette::new(themes)))
        .clone()
}

impl Palette {
    pub(crate) fn new(themes: Themes) -> Palette {
        let themes = themes.themes();
        let highlighters = themes.map(Highlighter::new);
        let defaults = [highlighters[0].get_default(), highlighters[1].get_default()];
        let mut palette = Palette {
            highlighters,
            defaults,
            pairs: Vec::new(),
            numbers: HashMap::new(),
            colours: [0, 1].map(|i| set_by_rules(themes[i], |style| style.foreground)),
            backgrounds: [0, 1].map(|i| set_by_rules(themes[i], |style| style.background)),
            fonts: [0, 1].map(|i| set_by_rules(themes[i], |style| style.font_style)),
            tags: Vec::new(),
            tokens: RwLock::default(),
        };
        // Each selector's own scopes, as a stack: the pairs real stacks give nearly always.
        let stacks = themes.iter().flat_map(|theme| {
            theme
                .scopes
                .iter()
                .flat_map(|item| &item.scope.selectors)
                .map(|selector| selector.path.as_slice())
        });
        for stack in stacks {
            let pair = palette.pair(stack);
            let next = u16::try_from(palette.pairs.len()).unwrap_or(u16::MAX);
            if !pair.iter().all(Look::is_plain) && !palette.numbers.contains_key(&pair) {
                palette.numbers.insert(pair, next);
                palette.pairs.push(pair);
                let mut tag = String::from("<span class=\"");
                pair_class(next, &mut tag);
                tag.push_str("\">");
                palette.tags.push(tag);
            }
        }
        palette
    }

    /// Writes the opening tag of a span of `class` (nothing for [`Class::Plain`]).
    pub(crate) fn open(&self, class: Class, out: &mut String) {
        match class {
            Class::Plain => {}
            Class::Pair(number) => {
                if let Some(tag) = self.tags.get(usize::from(number)) {
                    out.push_str(tag);
                }
            }
            Class::Parts(_) => {
                out.push_str("<span class=\"");
                class.write(out);
                out.push_str("\">");
            }
        }
    }

    fn pair(&self, stack: &[Scope]) -> Pair {
        [0, 1].map(|i| {
            Look::new(
                self.highlighters[i].style_for_stack(stack),
                self.defaults[i],
            )
        })
    }

    /// The class of a token with the scopes `stack`.
    pub(crate) fn token(&self, stack: &[Scope]) -> Token {
        if let Some(token) = self
            .tokens
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(stack)
        {
            return *token;
        }
        let pair = self.pair(stack);
        let class = if pair.iter().all(Look::is_plain) {
            Class::Plain
        } else if let Some(number) = self.numbers.get(&pair) {
            Class::Pair(*number)
        } else {
            Class::Parts([0, 1].map(|i| self.parts(i, pair[i])))
        };
        let token = Token {
            class,
            shows_on_space: pair.iter().any(Look::shows_on_space),
        };
        self.tokens
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(stack.to_vec(), token);
        token
    }

    fn parts(&self, scheme: usize, look: Look) -> Parts {
        let number = |list: &[Color], colour: Option<Color>| {
            let colour = colour?;
            list.iter()
                .position(|c| *c == colour)
                .and_then(|i| u16::try_from(i).ok())
        };
        Parts {
            fg: number(&self.colours[scheme], look.fg),
            bg: number(&self.backgrounds[scheme], look.bg),
            font: look.font,
        }
    }

    /// The numbered pairs, by number.
    pub(crate) fn pairs(&self) -> &[Pair] {
        &self.pairs
    }

    /// The colours `scheme`'s part classes number (`hl-lf0`, `hl-lf1`, …).
    pub(crate) fn colours(&self, scheme: Scheme) -> &[Color] {
        &self.colours[scheme.index()]
    }

    /// The backgrounds `scheme`'s part classes number (`hl-lb0`, …).
    pub(crate) fn backgrounds(&self, scheme: Scheme) -> &[Color] {
        &self.backgrounds[scheme.index()]
    }

    /// The font styles of `scheme`'s part classes (`hl-ls4` for italic: the style's bits).
    pub(crate) fn fonts(&self, scheme: Scheme) -> &[FontStyle] {
        &self.fonts[scheme.index()]
    }

    /// The foreground of `scheme`'s theme: its tokens' look when no rule sets one.
    pub(crate) fn own_foreground(&self, scheme: Scheme) -> Color {
        self.defaults[scheme.index()].foreground
    }

    /// The background of `scheme`'s theme.
    pub(crate) fn own_background(&self, scheme: Scheme) -> Color {
        self.defaults[scheme.index()].background
    }
}

/// The values `field` takes in the rules of `theme` that set it, each once, in the rules' order.
fn set_by_rules<T: PartialEq + Copy>(
    theme: &Theme,
    field: impl Fn(&syntect::highlighting::StyleModifier) -> Option<T>,
) -> Vec<T> {
    let mut values = Vec::new();
    for value in theme.scopes.iter().filter_map(|item| field(&item.style)) {
        if !values.contains(&value) {
            values.push(value);
        }
    }
    values
}

impl Class {
    /// Writes the class attribute's value.
    pub(crate) fn write(self, out: &mut String) {
        match self {
            Class::Plain => {}
            Class::Pair(number) => pair_class(number, out),
            Class::Parts(parts) => {
                let mut first = true;
                for (scheme, parts) in Scheme::BOTH.into_iter().zip(parts) {
                    for (kind, number) in [
                        ('f', parts.fg),
                        ('b', parts.bg),
                        (
                            's',
                            (!parts.font.is_empty()).then(|| u16::from(parts.font.bits())),
                        ),
                    ] {
                        if let Some(number) = number {
                            if !first {
                                out.push(' ');
                            }
                            first = false;
                            part_class(scheme, kind, number, out);
                        }
                    }
                }
            }
        }
    }
}

/// `hl` and the pair's number in base 36: `hl0` … `hlz`, `hl10` ….
pub(crate) fn pair_class(number: u16, out: &mut String) {
    out.push_str("hl");
    base36(number, out);
}

/// `hl-`, the scheme's letter, the kind (`f` colour, `b` background, `s` font style) and the
/// number: `hl-lf2`.
pub(crate) fn part_class(scheme: Scheme, kind: char, number: u16, out: &mut String) {
    out.push_str("hl-");
    out.push(scheme.letter());
    out.push(kind);
    base36(number, out);
}

fn base36(number: u16, out: &mut String) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    // u16::MAX is "1ekf": four digits at most.
    let mut digits = [0u8; 4];
    let mut start = digits.len();
    let mut rest = usize::from(number);
    loop {
        start -= 1;
        digits[start] = DIGITS[rest % 36];
        rest /= 36;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|d| char::from(*d)));
}

/// Hashes the scope stacks of the palette's memo, a few integers each. std's SipHash, which
/// guards maps keyed by untrusted input against collisions, cost most of each token's lookup;
/// the stacks come from the bundled grammars, their depth at most from the code's nesting.
#[derive(Default)]
pub(crate) struct ScopeHasher(u64);

impl Hasher for ScopeHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.add(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

impl ScopeHasher {
    /// One step of the Fx hash (rustc's): rotate, mix in, multiply.
    fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(class: Class) -> String {
        let mut out = String::new();
        class.write(&mut out);
        out
    }

    #[test]
    fn class_names_are_short() {
        assert_eq!(class(Class::Pair(0)), "hl0");
        assert_eq!(class(Class::Pair(35)), "hlz");
        assert_eq!(class(Class::Pair(36)), "hl10");
        let parts = Parts {
            fg: Some(2),
            bg: None,
            font: FontStyle::empty(),
        };
        let dark = Parts {
            fg: None,
            bg: Some(1),
            font: FontStyle::ITALIC,
        };
        assert_eq!(class(Class::Parts([parts, dark])), "hl-lf2 hl-db1 hl-ds4");
        assert_eq!(class(Class::Plain), "");
    }

    #[test]
    fn numbering_depends_on_the_themes_alone() {
        let themes = Themes::named("Solarized (light)", "Nord").expect("bundled");
        let fresh = Palette::new(themes);
        let used = Palette::new(themes);
        let stack = |names: &[&str]| -> Vec<Scope> {
            names.iter().filter_map(|n| Scope::new(n).ok()).collect()
        };
        // Resolving stacks first changes no number.
        used.token(&stack(&["source.python", "keyword.control.flow.python"]));
        used.token(&stack(&["source.rust", "string.quoted.double.rust"]));
        assert_eq!(fresh.pairs(), used.pairs());
        assert!(fresh.pairs().len() > 10, "{}", fresh.pairs().len());
        let keyword = stack(&["source.python", "keyword.control.flow.python"]);
        assert_eq!(fresh.token(&keyword), used.token(&keyword));
        assert!(matches!(fresh.token(&keyword).class, Class::Pair(_)));
        assert_eq!(fresh.token(&stack(&["source.python"])).class, Class::Plain);
    }
}
