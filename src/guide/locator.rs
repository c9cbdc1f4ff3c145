//! Positions in a guide's file of offsets in the text the Markdown pass parses: the file
//! itself, or a copy of it with lines blanked (lines of other tools' syntax, a first heading
//! that became the title), which has the file's lines but not its offsets.

use crate::diagnostic::Position;

/// Turns an offset in the text parsed into a position in the guide's file.
pub(super) enum Locator<'a> {
    /// The text parsed is the file: an offset is the file's.
    File,
    /// The text is a copy of the file with some lines blanked (their text removed, their line
    /// breaks kept): the same lines, a blanked one shorter, the others the same bytes.
    Blanked {
        copy: &'a str,
        file: &'a str,
        copy_starts: Vec<usize>,
        file_starts: Vec<usize>,
    },
}

impl<'a> Locator<'a> {
    /// A locator for `text`, a copy of `file` when `blanked_from` is `Some(file)`.
    pub(super) fn new(text: &'a str, blanked_from: Option<&'a str>) -> Self {
        match blanked_from {
            None => Locator::File,
            Some(file) => Locator::Blanked {
                copy: text,
                file,
                copy_starts: line_starts(text),
                file_starts: line_starts(file),
            },
        }
    }

    /// The position of `offset` (a character boundary of the text parsed) in the file, which a
    /// diagnostic locates at the same line and column as in the text parsed.
    pub(super) fn position(&self, offset: usize) -> Position {
        let Locator::Blanked {
            copy,
            file,
            copy_starts,
            file_starts,
        } = self
        else {
            return Position::byte(offset);
        };
        let line = copy_starts.partition_point(|&start| start <= offset) - 1;
        let line_of = |text: &'a str, starts: &[usize]| {
            let start = starts.get(line).copied().unwrap_or(text.len());
            let end = starts.get(line + 1).copied().unwrap_or(text.len());
            (start, text.get(start..end).unwrap_or_default())
        };
        let (copy_start, copy_line) = line_of(copy, copy_starts);
        let (file_start, file_line) = line_of(file, file_starts);
        if copy_line.len() == file_line.len() {
            // A line kept whole: the same bytes from the same line start.
            return Position::byte(file_start + (offset - copy_start));
        }
        // A blanked line, of which the copy kept only the line break: as many characters into
        // the file's line, which ends with the same break.
        let chars = copy_line
            .get(..offset - copy_start)
            .map_or(0, |before| before.chars().count());
        let within = file_line
            .char_indices()
            .nth(chars)
            .map_or(file_line.len(), |(i, _)| i);
        Position::byte(file_start + within)
    }
}

/// The byte offset of each line's start.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::line_col;

    #[test]
    fn positions_in_a_blanked_copy_are_the_files_lines_and_columns() {
        let file = "é line one\r\n{{#include x}}\r\nthird ü line\n<!-- é -->\nlast";
        let copy = "é line one\r\n\r\nthird ü line\n\nlast";
        let locator = Locator::new(copy, Some(file));
        for (offset, _) in copy.char_indices().chain([(copy.len(), ' ')]) {
            let at = locator.position(offset);
            assert_eq!(
                at.locate_in(file),
                line_col(copy, offset),
                "offset {offset}"
            );
        }
        assert_eq!(Locator::new(file, None).position(5), Position::byte(5));
    }
}
