//! The HTML of a highlighted block: one flat span per run of tokens of one class.

use syntect::parsing::{BasicScopeStackOp, ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::palette::{Class, Palette, Token};

/// `code` highlighted as `syntax`, or `None` when syntect fails on it (a grammar's error: the
/// block is then shown as plain text).
pub(super) fn spans(
    code: &str,
    syntax: &SyntaxReference,
    set: &SyntaxSet,
    palette: &Palette,
) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    // The token of each depth of the stack once looked up: after a token's scope is popped,
    // the text around it is at a depth already known.
    let mut known: Vec<Option<Token>> = Vec::new();
    let token = |stack: &ScopeStack, known: &mut Vec<Option<Token>>| match known.last_mut() {
        Some(Some(token)) => *token,
        Some(slot) => *slot.insert(palette.token(stack.as_slice())),
        None => palette.token(stack.as_slice()),
    };
    let mut out = Spans::new(palette, code.len() * 2);
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, set).ok()?;
        let mut at = 0;
        for (index, op) in &ops {
            let index = (*index).min(line.len());
            if index > at {
                out.push(&line[at..index], token(&stack, &mut known));
                at = index;
            }
            stack
                .apply_with_hook(op, |op, _| match op {
                    BasicScopeStackOp::Push(_) => known.push(None),
                    BasicScopeStackOp::Pop => {
                        known.pop();
                    }
                })
                .ok()?;
        }
        if at < line.len() {
            out.push(&line[at..], token(&stack, &mut known));
        }
    }
    Some(out.finish())
}

/// The spans written so far, the one still open, and the white space whose place depends on
/// the token after it.
struct Spans<'p> {
    palette: &'p Palette,
    html: String,
    open: Option<Class>,
    open_shows_on_space: bool,
    spaces: String,
}

impl<'p> Spans<'p> {
    fn new(palette: &'p Palette, capacity: usize) -> Spans<'p> {
        Spans {
            palette,
            html: String::with_capacity(capacity),
            open: None,
            open_shows_on_space: false,
            spaces: String::new(),
        }
    }

    fn push(&mut self, text: &str, token: Token) {
        // White space looks the same in or out of a span unless the span has a background or
        // an underline: held back, it can join the spans on either side into one.
        if !token.shows_on_space && text.bytes().all(|b| b.is_ascii_whitespace()) {
            self.spaces.push_str(text);
            return;
        }
        let joins =
            self.open == Some(token.class) && (self.spaces.is_empty() || !self.open_shows_on_space);
        if !joins {
            self.close();
        }
        // White space needs no escaping.
        self.html.push_str(&self.spaces);
        self.spaces.clear();
        if !joins && token.class != Class::Plain {
            self.palette.open(token.class, &mut self.html);
            self.open = Some(token.class);
            self.open_shows_on_space = token.shows_on_space;
        }
        pulldown_cmark_escape::escape_html(&mut self.html, text).ok();
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.html.push_str("</span>");
        }
    }

    fn finish(mut self) -> String {
        self.close();
        self.html.push_str(&self.spaces);
        self.html
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlight::Themes;

    fn token(class: Class, shows_on_space: bool) -> Token {
        Token {
            class,
            shows_on_space,
        }
    }

    #[test]
    fn runs_of_one_class_share_a_span_across_white_space() {
        let keyword = token(Class::Pair(3), false);
        let plain = token(Class::Plain, false);
        let palette = Palette::new(Themes::default());
        let mut spans = Spans::new(&palette, 0);
        for (text, token) in [
            ("return", keyword),
            (" ", plain),
            ("not", keyword),
            (" ", plain),
            ("a<b", plain),
            ("\n", plain),
        ] {
            spans.push(text, token);
        }
        assert_eq!(
            spans.finish(),
            "<span class=\"hl3\">return not</span> a&lt;b\n"
        );
    }

    #[test]
    fn white_space_stays_out_of_a_span_it_would_change() {
        let marked = token(Class::Pair(1), true);
        let plain = token(Class::Plain, false);
        let palette = Palette::new(Themes::default());
        let mut spans = Spans::new(&palette, 0);
        for (text, token) in [("a", marked), (" ", plain), ("b", marked), (" ", marked)] {
            spans.push(text, token);
        }
        assert_eq!(
            spans.finish(),
            "<span class=\"hl1\">a</span> <span class=\"hl1\">b </span>"
        );
    }
}
