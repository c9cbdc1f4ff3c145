//! Content problems as values: every stage collects `Diagnostic`s instead of failing, so one run
//! reports all of them; renderers turn them into text for terminals, CI or the browser.

pub mod render;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A stretch of a file: 1-based line and column (in characters) and its length in characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub length: usize,
}

/// One problem in one content file, located by 1-based line and column of the file itself
/// (front matter included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable rule code, e.g. `invalid-front-matter`, `broken-link`.
    pub code: &'static str,
    /// Path as the author knows it: relative to the site root (`content/guides/x.md`).
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// How many characters from `column` the problem spans (1 when it is a point).
    pub length: usize,
    pub message: String,
    /// The offending source line, when there is one.
    pub source_line: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            file: file.into(),
            line: None,
            column: None,
            length: 1,
            message: message.into(),
            source_line: None,
            help: None,
        }
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, file, message)
        }
    }

    /// Places the diagnostic at `line:column` of `source` (the whole file) and keeps that line.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_owned());
        self
    }

    /// Places the diagnostic over `span` of `source`.
    pub fn at_span(self, source: &str, span: Span) -> Self {
        self.at(source, span.line, span.column)
            .spanning(span.length)
    }

    /// Places the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_col(source, offset);
        self.at(source, line, column)
    }

    /// Marks `length` characters from the column (at least one).
    pub fn spanning(mut self, length: usize) -> Self {
        self.length = length.max(1);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` (or less, when the position is unknown), the form editors jump to.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(col)) => format!("{}:{line}:{col}", self.file),
            (Some(line), None) => format!("{}:{line}", self.file),
            _ => self.file.clone(),
        }
    }
}

/// Maps byte offsets of one text to 1-based lines and columns (columns count characters);
/// built once per file so that locating many events stays linear.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        (line, self.text[line_start..offset].chars().count() + 1)
    }
}

/// 1-based line and column of a byte offset (for one-off lookups).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).locate(offset)
}

/// The candidate closest to `word` (by edit distance, ignoring case), if any is close enough to
/// be what was meant: the did-you-mean of diagnostics.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, c)| (*distance, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncé\nx", 6), (2, 3));
        assert_eq!(line_col("ab\ncé\nx", 7), (3, 1));
        assert_eq!(line_col("abc", 0), (1, 1));
        assert_eq!(line_col("a\n", 2), (2, 1));
    }

    #[test]
    fn closest_candidates() {
        assert_eq!(closest("tag", ["title", "tags", "date"]), Some("tags"));
        assert_eq!(closest("Tilte", ["title", "tags"]), Some("title"));
        assert_eq!(closest("pm", ["PM", "PMM"]), Some("PM"));
        assert_eq!(closest("xyzzy", ["title", "tags"]), None);
    }
}
