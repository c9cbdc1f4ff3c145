//! Content problems as values: every stage collects `Diagnostic`s instead of failing, so one run
//! reports all of them; renderers turn them into text for terminals, CI or the browser.

mod flood;
pub(crate) mod position;
pub(crate) mod render;
pub(crate) mod review;
pub(crate) mod rules;
pub(crate) mod source;

use serde::Serialize;

pub(crate) use position::{Position, Stretch};
pub(crate) use source::{AsSource, Excerpt, LineIndex, Shown, SourceText};

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

/// The code of [`Diagnostic::fatal`].
pub(crate) const FATAL: &str = "fatal";

/// One problem in one content file, located by 1-based line and column of the file itself
/// (front matter included).
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Where it points in the file's shared text, when there is a position.
    pub excerpt: Option<Excerpt>,
    pub help: Option<String>,
}

/// The JSON shape of a diagnostic: its fields, with the quoted line as `source_line` (a window
/// around the problem when the line is long).
impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shape<'a> {
            severity: Severity,
            code: &'a str,
            file: &'a str,
            line: Option<usize>,
            column: Option<usize>,
            length: usize,
            message: &'a str,
            source_line: Option<String>,
            help: Option<&'a str>,
        }
        Shape {
            severity: self.severity,
            code: self.code,
            file: &self.file,
            line: self.line,
            column: self.column,
            length: self.length,
            message: &self.message,
            source_line: self.shown().map(|s| s.text),
            help: self.help.as_deref(),
        }
        .serialize(serializer)
    }
}

impl Diagnostic {
    /// Places the diagnostic at `line:column` of `source` (the whole file) and points into
    /// its line.
    pub fn at<S: AsSource + ?Sized>(mut self, source: &S, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self.excerpt = source.source_text().excerpt(line, column);
        self
    }

    /// Places the diagnostic over `span` of `source`.
    pub fn at_span<S: AsSource + ?Sized>(self, source: &S, span: Span) -> Self {
        self.at(source, span.line, span.column)
            .spanning(span.length)
    }

    /// Places the diagnostic at `at` in the guide's file `source`, locating it now.
    pub(crate) fn at_position(self, source: &SourceText, at: Position) -> Self {
        let (line, column) = source.locate(at);
        self.at(source, line, column)
    }

    /// Places the diagnostic over `stretch` of the guide's file `source`.
    pub(crate) fn at_stretch(self, source: &SourceText, stretch: Stretch) -> Self {
        self.at_position(source, stretch.start)
            .spanning(stretch.length)
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

    /// What is quoted of the source: the line (or a window of it) and the problem's span.
    pub fn shown(&self) -> Option<Shown> {
        self.excerpt.as_ref().map(|e| e.shown(self.length))
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A fatal error (the build could not start or finish) as a diagnostic, for the formats
    /// that report everything as records: no file or position, code `fatal`.
    pub fn fatal(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: FATAL,
            file: String::new(),
            line: None,
            column: None,
            length: 1,
            message: message.into(),
            excerpt: None,
            help: None,
        }
    }

    /// The diagnostic with its file seen from the folder the command ran in rather than from
    /// the site root: `root` is the site root as given (`docs`, `.`, `../..`, an absolute
    /// path), so `content/x.md` of `prepbook check docs` becomes `docs/content/x.md`, the
    /// path an editor, a terminal or a CI annotation can open.
    pub fn seen_from(mut self, root: &std::path::Path) -> Self {
        if !self.file.is_empty() {
            self.file = shown(&root.join(&self.file)).replace('\\', "/");
        }
        self
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

/// 1-based line and column of a byte offset (for one-off lookups).
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).locate(offset)
}

/// The candidate closest to `word` (by edit distance, ignoring case), if any is close enough to
/// be what was meant: the did-you-mean of diagnostics.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let found = Suggester::new(candidates.iter().copied()).closest_index(word)?;
    candidates.get(found).copied()
}

/// [`closest`], but only when no other candidate is as close: `L9` is one edit from each of
/// `L3` to `L8`, so naming one of them would be a guess, not what was meant.
pub(crate) fn closest_unique<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let near = closest(word, candidates.iter().copied())?;
    let word = word.to_lowercase();
    let distance = |c: &str| strsim::damerau_levenshtein(&word, &c.to_lowercase());
    let nearest = distance(near);
    let ties = candidates.iter().filter(|c| distance(c) == nearest).count();
    (ties == 1).then_some(near)
}

/// The did-you-mean of one set of candidates (a site's guides, a page's heading ids), prepared
/// once for every word looked up in it: candidates lowercased once and grouped by length, as
/// only those within the distance limit in length can be near enough, each with the set of
/// characters it uses (see [`char_set`]), which rules out most candidates of a large set
/// before any distance is computed; answers memoised, as a page may repeat the same broken
/// target many times.
///
/// A path whose last segment is the last segment of exactly one candidate is answered with
/// that candidate at once (a guide moved to another folder, a link written relative to the
/// page's URL instead of its file): the commonest broken link, and one a distance between
/// long paths finds only at the cost of comparing against every path of the site.
///
/// It borrows its candidates or owns them (`Suggester<'static>`), so that one made from a
/// whole site can be kept from build to build while the site's paths are the same.
pub(crate) struct Suggester<'a> {
    written: Vec<std::borrow::Cow<'a, str>>,
    by_length: std::collections::HashMap<usize, Vec<Candidate>>,
    /// Last segment (lowercased) → the one candidate ending in it; `None` when several do.
    by_name: std::collections::HashMap<String, Option<usize>>,
    memo: std::sync::Mutex<std::collections::HashMap<String, Option<usize>>>,
}

/// The last `/`-separated segment of a path (a trailing `/` aside).
fn last_segment(path: &str) -> &str {
    let path = path.trim_end_matches('/');
    path.rsplit('/').next().unwrap_or(path)
}

struct Candidate {
    lower: String,
    chars: u128,
    /// Where it is in [`Suggester::written`].
    index: usize,
}

/// The characters of `word` as a set of 128 buckets: an ASCII character has its own, others
/// share by hash. One edit (insertion, deletion, substitution, transposition) changes at most
/// two buckets, so two words `d` edits apart differ in at most `2 d` buckets: more than that,
/// and they are farther apart than `d`.
fn char_set(word: &str) -> u128 {
    word.chars().fold(0, |set, c| {
        let bucket = match u32::from(c) {
            ascii @ 0..=127 => ascii,
            other => other.wrapping_mul(0x9E37_79B1) >> 25,
        };
        set | 1 << bucket
    })
}

impl<'a> Suggester<'a> {
    pub(crate) fn new(candidates: impl IntoIterator<Item = &'a str>) -> Self {
        Self::of(candidates.into_iter().map(std::borrow::Cow::Borrowed))
    }

    /// A suggester that owns its candidates.
    pub(crate) fn owned(candidates: impl IntoIterator<Item = String>) -> Suggester<'static> {
        Suggester::of(candidates.into_iter().map(std::borrow::Cow::Owned))
    }

    fn of(candidates: impl IntoIterator<Item = std::borrow::Cow<'a, str>>) -> Self {
        let written: Vec<std::borrow::Cow<'a, str>> = candidates.into_iter().collect();
        let mut by_length: std::collections::HashMap<usize, Vec<Candidate>> =
            std::collections::HashMap::new();
        let mut by_name = std::collections::HashMap::new();
        for (index, written) in written.iter().enumerate() {
            let lower = written.to_lowercase();
            by_name
                .entry(last_segment(&lower).to_owned())
                .and_modify(|one: &mut Option<usize>| *one = None)
                .or_insert(Some(index));
            by_length
                .entry(lower.chars().count())
                .or_default()
                .push(Candidate {
                    chars: char_set(&lower),
                    lower,
                    index,
                });
        }
        Self {
            written,
            by_length,
            by_name,
            memo: std::sync::Mutex::default(),
        }
    }

    pub(crate) fn closest(&self, word: &str) -> Option<&str> {
        let found = self.closest_index(word)?;
        self.written.get(found).map(AsRef::as_ref)
    }

    /// Where the closest candidate is among those the suggester was made from.
    fn closest_index(&self, word: &str) -> Option<usize> {
        if let Some(known) = self.memo.lock().ok().and_then(|m| m.get(word).copied()) {
            return known;
        }
        let found = self.search(word);
        if let Ok(mut memo) = self.memo.lock() {
            memo.insert(word.to_owned(), found);
        }
        found
    }

    fn search(&self, word: &str) -> Option<usize> {
        let word_lower = word.to_lowercase();
        let named = self
            .by_name
            .get(last_segment(&word_lower))
            .copied()
            .flatten();
        if named.is_some_and(|c| self.written[c].to_lowercase() != word_lower) {
            return named;
        }
        let length = word_lower.chars().count();
        let limit = (word.chars().count() / 3).max(1);
        let chars = char_set(&word_lower);
        (length.saturating_sub(limit)..=length + limit)
            .filter_map(|len| self.by_length.get(&len))
            .flatten()
            .filter(|c| (c.chars ^ chars).count_ones() as usize <= 2 * limit)
            .map(|c| {
                (
                    strsim::damerau_levenshtein(&word_lower, &c.lower),
                    &*self.written[c.index],
                    c.index,
                )
            })
            .filter(|(distance, _, _)| *distance <= limit)
            .min_by_key(|(distance, c, _)| (*distance, *c))
            .map(|(_, _, index)| index)
    }
}

/// `word`, or its plural for any `n` but 1 (all the words messages count take an `s`).
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

/// A path relative to the site root, for messages.
pub(crate) fn display_path(root: &std::path::Path, path: &std::path::Path) -> String {
    let shown: std::path::PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    shown.to_string_lossy().replace('\\', "/")
}

/// A path as the user gave it, without the leading `./` that joining onto `.` adds (cargo
/// prints `src/main.rs`, not `./src/main.rs`).
pub fn shown(path: &std::path::Path) -> String {
    let mut components = path.components().peekable();
    while components.peek() == Some(&std::path::Component::CurDir) {
        components.next();
    }
    let rest: std::path::PathBuf = components.collect();
    if rest.as_os_str().is_empty() {
        ".".to_owned()
    } else {
        rest.to_string_lossy().into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suggestion_is_made_only_when_one_candidate_is_nearest() {
        let levels = ["L3", "L4", "L5", "L6", "L7", "L8"];
        assert_eq!(closest_unique("L9", &levels), None);
        assert_eq!(closest_unique("l5", &levels), Some("L5"));
        let kinds = ["framework", "comparison", "checklist"];
        assert_eq!(closest_unique("framwork", &kinds), Some("framework"));
        assert_eq!(closest_unique("zzz", &kinds), None);
    }

    #[test]
    fn paths_are_seen_from_where_the_command_ran() {
        let d = rules::UNKNOWN_FIELD.report("content/a.md", "unknown field `tag`");
        let seen = |root: &str| d.clone().seen_from(std::path::Path::new(root)).file;
        assert_eq!(seen("."), "content/a.md");
        assert_eq!(seen("docs"), "docs/content/a.md");
        assert_eq!(seen("./docs/"), "docs/content/a.md");
        assert_eq!(seen("../.."), "../../content/a.md");
        assert_eq!(seen("/srv/site"), "/srv/site/content/a.md");
        // A fatal error has no file, and gets none.
        assert_eq!(Diagnostic::fatal("x").seen_from("docs".as_ref()).file, "");
    }

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

    /// A path is answered by the one candidate with its last segment, however far the folders
    /// differ; a segment several candidates end in falls back to the distance.
    #[test]
    fn a_path_is_answered_by_the_one_candidate_with_its_name() {
        let paths = [
            "guides/deep/a-long-topic-name/",
            "guides/other/",
            "x/other/",
        ];
        assert_eq!(
            closest("a-long-topic-name/", paths),
            Some("guides/deep/a-long-topic-name/")
        );
        assert_eq!(closest("guides/othr/", paths), Some("guides/other/"));
        assert_eq!(closest("y/other/", paths), Some("x/other/"));
    }

    /// The character sets only rule out candidates too far away: every word within the limit
    /// of an edit or two is still found, ASCII or not.
    #[test]
    fn the_character_sets_keep_every_near_candidate() {
        let near = [
            ("headnig", "heading"),     // transposition
            ("heding", "heading"),      // deletion
            ("headding", "heading"),    // insertion
            ("heaxing-2", "heading-2"), // substitution
            ("über-uns", "uber-uns"),
            ("日本語の見出", "日本語の見出し"),
            ("अभ्यास-प्रश्न", "अभ्यास-प्रश्नो"),
        ];
        for (word, target) in near {
            let distance = strsim::damerau_levenshtein(word, target);
            assert!(
                (char_set(word) ^ char_set(target)).count_ones() as usize <= 2 * distance,
                "{word} / {target}"
            );
            assert_eq!(closest(word, [target, "unrelated"]), Some(target), "{word}");
        }
    }
}
