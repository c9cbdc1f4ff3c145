//! A file's text with its lines indexed, shared between the parsed guide and the diagnostics
//! that quote it: a diagnostic holds a span into the text, not a copy of its line, so a file
//! with thousands of problems on one long line costs one copy of that line, not thousands.

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::Position;

/// Every `MARK` bytes the index records how many characters came before, so that converting
/// between byte offsets and character columns scans at most `MARK` bytes, however long the
/// line.
const MARK: usize = 256;

/// Line starts and character-count marks of one text (offsets only, no text).
#[derive(Debug, Default)]
pub(crate) struct Lines {
    starts: Vec<usize>,
    /// (byte offset, characters before it), ascending, at char boundaries.
    marks: Vec<(usize, usize)>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Self {
        // Sized exactly: an index is kept with its text for the build, and a site where a rule
        // fires on nearly every guide (`duplicate-question`) has one per guide, where a list
        // grown by doubling would hold up to twice its size.
        let lines = text.bytes().filter(|&b| b == b'\n').count();
        let mut starts = Vec::with_capacity(lines + 1);
        starts.push(0);
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        // A mark at most every `MARK` bytes, and one at the end.
        let mut marks = Vec::with_capacity(text.len().div_ceil(MARK) + 1);
        let (mut byte, mut chars) = (0, 0);
        while byte < text.len() {
            marks.push((byte, chars));
            let mut end = (byte + MARK).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            chars += text[byte..end].chars().count();
            byte = end;
        }
        marks.push((text.len(), chars));
        Self { starts, marks }
    }

    /// Characters before the byte `offset` (a char boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let i = self.marks.partition_point(|&(b, _)| b <= offset) - 1;
        let (byte, chars) = self.marks[i];
        chars + text[byte..offset].chars().count()
    }

    /// The byte offset of the `n`th character of the text (or its end).
    fn byte_of_char(&self, text: &str, n: usize) -> usize {
        let i = self.marks.partition_point(|&(_, c)| c <= n) - 1;
        let (byte, chars) = self.marks[i];
        text[byte..]
            .char_indices()
            .nth(n - chars)
            .map_or(text.len(), |(i, _)| byte + i)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(text, offset);
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let column = self.chars_before(text, offset) - self.chars_before(text, start);
        (line, column + 1)
    }

    /// The bytes of 1-based `line`, without its line break.
    pub(crate) fn line(&self, text: &str, line: usize) -> Option<Range<usize>> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(text.len(), |&next| next - 1);
        let end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        Some(start..end.max(start))
    }

    /// The byte offset of 1-based `column` on the line starting at `line_start`, clamped to
    /// `line_end`.
    pub(crate) fn byte_of_column(&self, text: &str, line: &Range<usize>, column: usize) -> usize {
        let first = self.chars_before(text, line.start);
        self.byte_of_char(text, first + column.saturating_sub(1))
            .clamp(line.start, line.end)
    }
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Maps byte offsets of one borrowed text to 1-based lines and columns; built once per file so
/// that locating many events stays linear.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    lines: Lines,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            lines: Lines::new(text),
        }
    }

    pub(crate) fn locate(&self, offset: usize) -> (usize, usize) {
        self.lines.locate(self.text, offset)
    }
}

/// A file's text and its index, cheap to clone (both shared). The index is built the first
/// time a position in the text is needed: most files of a clean site never need one.
#[derive(Clone, Default)]
pub struct SourceText {
    text: Arc<str>,
    lines: Arc<OnceLock<Lines>>,
}

impl SourceText {
    pub fn new(text: impl Into<Arc<str>>) -> Self {
        Self {
            text: text.into(),
            lines: Arc::default(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The index of the text's lines, built on first use.
    fn index(&self) -> &Lines {
        self.lines.get_or_init(|| Lines::new(&self.text))
    }

    /// The 1-based line and column (in characters) of `at` in this text.
    pub(crate) fn locate(&self, at: Position) -> (usize, usize) {
        at.line_col_with(|offset| self.index().locate(&self.text, offset))
    }

    /// The span of `line:column` (1-based, column in characters) in this text, with its line.
    pub fn excerpt(&self, line: usize, column: usize) -> Option<Excerpt> {
        let lines = self.index();
        let range = lines.line(&self.text, line)?;
        let at = lines.byte_of_column(&self.text, &range, column);
        Some(Excerpt {
            source: self.clone(),
            line: range,
            at,
        })
    }
}

impl std::ops::Deref for SourceText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for SourceText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

impl PartialEq for SourceText {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for SourceText {}

/// Text a diagnostic can be placed in: a guide's shared source, or any string (indexed for
/// the one diagnostic).
pub trait AsSource {
    fn source_text(&self) -> SourceText;
}

impl AsSource for SourceText {
    fn source_text(&self) -> SourceText {
        self.clone()
    }
}

impl AsSource for str {
    fn source_text(&self) -> SourceText {
        SourceText::new(self)
    }
}

impl AsSource for String {
    fn source_text(&self) -> SourceText {
        SourceText::new(self.as_str())
    }
}

/// Lines longer than this are quoted as a window around the problem.
const LONG_LINE: usize = 400;
/// Bytes of context kept on each side of the problem in such a window.
const CONTEXT: usize = 120;

/// Where a diagnostic points: its line of the shared source, and the byte it starts at.
#[derive(Clone)]
pub struct Excerpt {
    source: SourceText,
    line: Range<usize>,
    at: usize,
}

/// Two excerpts are the same when they show the same: the same line, pointed at the same place
/// in it, whatever the rest of their files (a diagnostic kept from a build before an edit
/// elsewhere in the file is the diagnostic of this one).
impl PartialEq for Excerpt {
    fn eq(&self, other: &Self) -> bool {
        self.at - self.line.start == other.at - other.line.start
            && self.line_text() == other.line_text()
    }
}

impl Eq for Excerpt {}

/// What is shown of a line: the text, and the byte range of the problem in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub text: String,
    pub span: Range<usize>,
}

impl Excerpt {
    /// The whole line.
    pub fn line_text(&self) -> &str {
        &self.source.text[self.line.clone()]
    }

    /// The line as quoted for `length` characters from the problem's start: the whole line when
    /// it is short, else a window around the problem marked with `…` where it is cut.
    pub fn shown(&self, length: usize) -> Shown {
        let text = &*self.source.text;
        let end = text[self.at..self.line.end]
            .char_indices()
            .nth(length)
            .map_or(self.line.end, |(i, _)| self.at + i);
        if self.line.len() <= LONG_LINE {
            return Shown {
                text: self.line_text().to_owned(),
                span: self.at - self.line.start..end - self.line.start,
            };
        }
        let from = floor_boundary(text, self.at.saturating_sub(CONTEXT).max(self.line.start));
        let until = floor_boundary(
            text,
            (end.min(self.at + CONTEXT) + CONTEXT).min(self.line.end),
        );
        let end = end.min(until);
        let mut shown = String::new();
        if from > self.line.start {
            shown.push('…');
        }
        let offset = shown.len();
        shown.push_str(&text[from..until]);
        if until < self.line.end {
            shown.push('…');
        }
        Shown {
            text: shown,
            span: offset + self.at - from..offset + end - from,
        }
    }
}

impl fmt::Debug for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Excerpt")
            .field("line", &self.line_text())
            .field("at", &(self.at - self.line.start))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_across_marks_and_multibyte_text() {
        let text = format!("{}\n{}x", "é".repeat(3000), "ü".repeat(2000));
        let lines = Lines::new(&text);
        assert_eq!(lines.locate(&text, 0), (1, 1));
        assert_eq!(lines.locate(&text, 2 * 1500), (1, 1501));
        let x = text.len() - 1;
        assert_eq!(lines.locate(&text, x), (2, 2001));
        let line = lines.line(&text, 2).unwrap();
        assert_eq!(lines.byte_of_column(&text, &line, 2001), x);
        assert_eq!(lines.byte_of_column(&text, &line, 9999), text.len());
    }

    #[test]
    fn lines_drop_their_break() {
        let source = SourceText::new("a\r\nbc\n");
        assert_eq!(source.excerpt(1, 1).unwrap().line_text(), "a");
        assert_eq!(source.excerpt(2, 2).unwrap().line_text(), "bc");
        assert_eq!(source.excerpt(3, 1).unwrap().line_text(), "");
        assert!(source.excerpt(4, 1).is_none());
    }

    #[test]
    fn long_lines_are_shown_as_a_window_around_the_problem() {
        let line = format!("{}[bad](x.md){}", "a".repeat(5000), "b".repeat(5000));
        let excerpt = SourceText::new(line.as_str()).excerpt(1, 5001).unwrap();
        let shown = excerpt.shown(12);
        assert!(shown.text.starts_with('…') && shown.text.ends_with('…'));
        assert!(shown.text.len() < 2 * CONTEXT + 40, "{}", shown.text.len());
        assert_eq!(&shown.text[shown.span.clone()], "[bad](x.md)b");
        let short = SourceText::new("see [a](b.md)").excerpt(1, 5).unwrap();
        assert_eq!(short.shown(8).text, "see [a](b.md)");
        assert_eq!(short.shown(8).span, 4..12);
    }
}
