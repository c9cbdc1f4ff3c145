//! Where the parse saw something that a diagnostic may point at. A clean site reports nothing,
//! so the parse keeps byte offsets and a line and column are worked out only for a diagnostic
//! that is reported, from the file's line index (built then, once per file: see
//! [`super::SourceText::locate`]).

/// Where something written in a guide's file starts. Every block, heading and link of every
/// guide holds one while the site is built, so it is 12 bytes, not 24: offsets, lines and
/// columns are `u32` (a guide past 4 GiB is placed at its last offset the type holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    /// A byte offset into the file's text (a character boundary).
    Byte(u32),
    /// A 1-based line and column (in characters) worked out already: where the parse places
    /// something by counting in a text other than the file's (an attribute of HTML written in
    /// the body, counted in the HTML's own text).
    LineColumn { line: u32, column: u32 },
}

/// `n` as a `u32`, or the largest one.
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Position {
    /// The position at byte `offset` of the file.
    pub(crate) fn byte(offset: usize) -> Position {
        Position::Byte(narrow(offset))
    }

    /// The position at 1-based `line` and `column` (in characters).
    pub(crate) fn line_column(line: usize, column: usize) -> Position {
        Position::LineColumn {
            line: narrow(line),
            column: narrow(column),
        }
    }

    /// The byte offset, for a position given as one.
    pub(crate) fn offset(self) -> Option<usize> {
        match self {
            Position::Byte(offset) => Some(offset as usize),
            Position::LineColumn { .. } => None,
        }
    }

    /// The 1-based line and column of this position, given the way to place a byte offset.
    pub(crate) fn line_col_with(
        self,
        locate: impl FnOnce(usize) -> (usize, usize),
    ) -> (usize, usize) {
        match self {
            Position::Byte(offset) => locate(offset as usize),
            Position::LineColumn { line, column } => (line as usize, column as usize),
        }
    }

    /// The 1-based line and column of this position in `file`, the file's text, for tests,
    /// which have no shared index at hand.
    #[cfg(test)]
    pub(crate) fn locate_in(self, file: &str) -> (usize, usize) {
        self.line_col_with(|offset| super::line_col(file, offset))
    }

    /// The 1-based line of this position in `file`, the file's text, counting line breaks only
    /// (no index of columns).
    pub(crate) fn line_in(self, file: &str) -> usize {
        match self {
            Position::Byte(offset) => {
                let before = file
                    .as_bytes()
                    .get(..offset as usize)
                    .unwrap_or(file.as_bytes());
                before.iter().filter(|&&b| b == b'\n').count() + 1
            }
            Position::LineColumn { line, .. } => line as usize,
        }
    }
}

/// A stretch of a file: where it starts and how many characters it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stretch {
    pub start: Position,
    pub length: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offsets_are_located_in_the_file() {
        let file = "ab\ncé\nx";
        assert_eq!(Position::Byte(6).locate_in(file), (2, 3));
        assert_eq!(Position::Byte(6).line_in(file), 2);
        assert_eq!(Position::Byte(7).line_in(file), 3);
        let known = Position::LineColumn { line: 4, column: 2 };
        assert_eq!(known.locate_in(file), (4, 2));
        assert_eq!(known.line_in(file), 4);
    }
}
