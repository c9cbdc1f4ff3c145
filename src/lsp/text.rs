//! A document's text and the protocol's positions in it. LSP counts a position's character in
//! UTF-16 code units unless the client agrees to UTF-8 (`positionEncoding`); prepbook counts
//! columns in characters and the parse keeps byte offsets, so every position crosses here.

use std::sync::Arc;

use lsp_types::{Position, Range};

use crate::diagnostic::Position as At;

/// How the client counts a position's `character`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// The code units of `text`.
    fn units(self, text: &str) -> u32 {
        let units = match self {
            Encoding::Utf8 => text.len(),
            Encoding::Utf16 => text.encode_utf16().count(),
        };
        u32::try_from(units).unwrap_or(u32::MAX)
    }

    /// The byte of `line` that `character` code units reach (a character boundary; the end of
    /// the line when past it, or inside a character that it splits).
    fn byte_in(self, line: &str, character: u32) -> usize {
        let mut units = 0u32;
        for (byte, c) in line.char_indices() {
            if units >= character {
                return byte;
            }
            units += match self {
                Encoding::Utf8 => u32::try_from(c.len_utf8()).unwrap_or(4),
                Encoding::Utf16 => u32::try_from(c.len_utf16()).unwrap_or(2),
            };
        }
        line.len()
    }

    /// The `character` of the 1-based character `column` of `line`.
    pub(crate) fn character(self, line: &str, column: usize) -> u32 {
        let byte = line
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        self.units(&line[..byte])
    }
}

/// A file's text with the offsets its lines start at.
#[derive(Debug, Clone)]
pub(crate) struct Text {
    text: Arc<str>,
    starts: Vec<usize>,
}

impl Text {
    pub(crate) fn new(text: Arc<str>) -> Text {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Text { text, starts }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    pub(crate) fn shared(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    /// The bytes of 0-based line `n`, without its line break.
    fn line_range(&self, n: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(n)?;
        let end = self
            .starts
            .get(n + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let end = if self.text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        Some(start..end.max(start))
    }

    /// The text of 0-based line `n`, without its line break (empty past the end).
    pub(crate) fn line(&self, n: usize) -> &str {
        self.line_range(n).map_or("", |range| &self.text[range])
    }

    /// The byte offset of `position` (clamped into the text).
    pub(crate) fn offset(&self, position: Position, encoding: Encoding) -> usize {
        let n = position.line as usize;
        match self.line_range(n) {
            Some(range) => range.start + encoding.byte_in(&self.text[range], position.character),
            None => self.text.len(),
        }
    }

    /// The position of byte `offset` (a character boundary).
    pub(crate) fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let offset = floor_boundary(&self.text, offset);
        let n = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[n];
        Position {
            line: u32::try_from(n).unwrap_or(u32::MAX),
            character: encoding.units(&self.text[start..offset]),
        }
    }

    /// The range of bytes `range`.
    pub(crate) fn range(&self, range: std::ops::Range<usize>, encoding: Encoding) -> Range {
        Range {
            start: self.position(range.start, encoding),
            end: self.position(range.end, encoding),
        }
    }

    /// The byte offset of `at`, a place the parse recorded in this text.
    pub(crate) fn offset_of(&self, at: At) -> usize {
        match at {
            At::Byte(offset) => (offset as usize).min(self.text.len()),
            At::LineColumn { line, column } => {
                let (line, column) = (line as usize, column as usize);
                let Some(range) = self.line_range(line.saturating_sub(1)) else {
                    return self.text.len();
                };
                range.start + self.chars_to_bytes(range.clone(), column.saturating_sub(1))
            }
        }
    }

    /// The offset `chars` characters after `from` (or the end of the text).
    pub(crate) fn after_chars(&self, from: usize, chars: usize) -> usize {
        from + self.chars_to_bytes(from..self.text.len(), chars)
    }

    fn chars_to_bytes(&self, range: std::ops::Range<usize>, chars: usize) -> usize {
        let part = self.text.get(range).unwrap_or("");
        part.char_indices()
            .nth(chars)
            .map_or(part.len(), |(i, _)| i)
    }

    /// The line `position` is on, up to it.
    pub(crate) fn before(&self, position: Position, encoding: Encoding) -> &str {
        let offset = self.offset(position, encoding);
        let start = self.starts[self.starts.partition_point(|&s| s <= offset) - 1];
        &self.text[start..offset]
    }

    /// 0-based number of the line of byte `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// The end of the front matter: the offset just after its closing `---` line, when the
    /// text starts with a `---` block.
    pub(crate) fn front_matter_end(&self) -> Option<usize> {
        if self.line(0).trim_end() != "---" {
            return None;
        }
        (1..self.starts.len())
            .find(|&n| matches!(self.line(n).trim_end(), "---" | "..."))
            .map(|n| self.starts.get(n + 1).copied().unwrap_or(self.text.len()))
    }
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Text {
        Text::new(Arc::from(s))
    }

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        // "é" is one UTF-16 unit and two bytes; "𝄞" is two UTF-16 units and four bytes.
        let t = text("title\né𝄞x [a](b.md)\n");
        let x = t.as_str().find('x').expect("x");
        assert_eq!(t.position(x, Encoding::Utf16), Position::new(1, 3));
        assert_eq!(t.position(x, Encoding::Utf8), Position::new(1, 6));
        assert_eq!(t.offset(Position::new(1, 3), Encoding::Utf16), x);
        assert_eq!(t.offset(Position::new(1, 6), Encoding::Utf8), x);
        assert_eq!(Encoding::Utf16.character("é𝄞x", 3), 3);
        assert_eq!(Encoding::Utf8.character("é𝄞x", 3), 6);
    }

    #[test]
    fn positions_past_the_end_or_inside_a_character_are_clamped() {
        let t = text("a𝄞\nb");
        // Character 2 of UTF-16 splits the surrogate pair: the end of the line is taken.
        assert_eq!(t.offset(Position::new(0, 2), Encoding::Utf16), 5);
        assert_eq!(t.offset(Position::new(0, 99), Encoding::Utf16), 5);
        assert_eq!(
            t.offset(Position::new(9, 0), Encoding::Utf16),
            t.as_str().len()
        );
        assert_eq!(t.position(99, Encoding::Utf16), Position::new(1, 1));
    }

    #[test]
    fn parse_places_and_front_matter_are_found() {
        let t = text("---\ntitle: é\n---\nbody ü [x](y.md)\n");
        let at = t.offset_of(At::line_column(4, 8));
        assert_eq!(&t.as_str()[at..at + 1], "[");
        assert_eq!(t.after_chars(at, 3), at + 3);
        assert_eq!(t.front_matter_end(), t.as_str().find("body"));
        assert_eq!(text("no front\n").front_matter_end(), None);
        assert_eq!(t.before(Position::new(1, 7), Encoding::Utf16), "title: ");
    }
}
