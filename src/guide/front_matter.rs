//! The block at the top of a guide: splitting it off (YAML between `---` lines, or TOML between
//! `+++` lines, as Hugo and Zola write it) and reading it into a mapping of keys to values.
//! Typing the values is `fields.rs`'s job.
//!
//! This is the only module that knows the YAML and TOML libraries, so they can be swapped
//! here alone.

mod expansion;

use std::collections::BTreeMap;

use serde::Serialize;

use super::Date;
use crate::diagnostic::{Diagnostic, Span, rules};

/// The front matter of a guide, typed. Keys prepbook does not read are kept in `extra`, for
/// templates (`guide.extra.seo_title`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct FrontMatter {
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// When the guide's content was last checked against how interviews now run.
    pub reviewed: Option<Date>,
    pub tags: Vec<String>,
    pub role: Option<String>,
    pub level: Option<String>,
    pub kind: Option<String>,
    pub draft: bool,
    pub weight: Option<i64>,
    /// Old site paths of this guide (`/old/path/`, without the base path); each gets a page
    /// that redirects here, so links to a moved guide keep working.
    pub aliases: Vec<String>,
    /// Guides to list as related, by path relative to this file like links
    /// (`../frameworks/star.md`); replaces the related guides found by tags and links.
    pub related: Vec<String>,
    /// The guide's own changes to the rules its parts are held to (only where `[checks]
    /// guide-overrides`).
    pub checks: Option<crate::config::PartRulesOverlay>,
    /// The language of the guide's text (`fr`, `ar`), when not the site's.
    pub lang: Option<String>,
    /// The direction of the guide's text, when written; else it follows from the language.
    pub dir: Option<TextDir>,
    /// Every other key, as written: the site's own fields and keys of other tools.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The direction a script is written in, for `<html dir>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TextDir {
    Ltr,
    Rtl,
}

impl TextDir {
    /// The direction of a language tag's script: right to left for Arabic, Hebrew, Persian,
    /// Urdu and the other languages written in those scripts.
    pub(crate) fn of_language(tag: &str) -> TextDir {
        const RTL: &[&str] = &[
            "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ku", "ps", "sd", "syr", "ug", "ur", "yi",
        ];
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or(tag)
            .to_ascii_lowercase();
        if RTL.contains(&primary.as_str()) {
            TextDir::Rtl
        } else {
            TextDir::Ltr
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            TextDir::Ltr => "ltr",
            TextDir::Rtl => "rtl",
        }
    }
}

/// The keys a section's `_index.md` uses: its title, its description, its place among its
/// siblings, the language (and direction) of its page and its old addresses (`aliases:`, each a
/// redirect to the section's page). The other built-in keys ([`crate::config::FRONT_MATTER_FIELDS`]) describe a guide and would do nothing there.
pub(crate) const SECTION_INDEX_FIELDS: &[&str] =
    &["title", "description", "weight", "lang", "dir", "aliases"];

/// Where a top-level `key:` stands in the front matter of `text`, for diagnostics about a value
/// that parsed but is not allowed: its value, or the key when the value is empty.
pub(crate) fn key_position(text: &str, key: &str) -> Option<Span> {
    front_matter_lines(text).find_map(|(index, line)| key_span(index, line, key))
}

/// The position of every top-level key of the front matter of `text` (the first line of each),
/// read in one pass: a block with thousands of problem keys is placed in linear time.
pub(crate) fn key_positions(text: &str) -> std::collections::HashMap<&str, Span> {
    let mut positions = std::collections::HashMap::new();
    for (index, line) in front_matter_lines(text) {
        let Some(end) = line.find([':', '=']) else {
            continue;
        };
        let key = line[..end].trim_end();
        if key.is_empty() || key.starts_with(char::is_whitespace) {
            continue;
        }
        if let Some(span) = key_span(index, line, key) {
            positions.entry(key).or_insert(span);
        }
    }
    positions
}

/// The lines of the front-matter block of `text`, by index from the top of the file.
fn front_matter_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .skip(1)
        .take_while(|(_, line)| !is_fence(line))
}

/// Where `key`'s value stands on `line` (the line at `index`), when the line sets `key`.
fn key_span(index: usize, line: &str, key: &str) -> Option<Span> {
    let rest = line.strip_prefix(key)?;
    if !rest.trim_start().starts_with([':', '=']) {
        return None;
    }
    let colon = key.len() + rest.find([':', '='])?;
    let value = line[colon + 1..].trim();
    let (column, length) = if value.is_empty() {
        (1, key.chars().count())
    } else {
        let start = colon + 1 + (line[colon + 1..].len() - line[colon + 1..].trim_start().len());
        (line[..start].chars().count() + 1, value.chars().count())
    };
    Some(Span {
        line: index + 1,
        column,
        length,
    })
}

/// Where one entry of a list-valued key stands (`aliases: [/a/]` or `- /a/` lines under
/// `aliases:`), for diagnostics about that entry; the key's own position when it is not found.
pub(crate) fn list_entry_position(text: &str, key: &str, entry: &str) -> Option<Span> {
    let at_key = key_position(text, key)?;
    let lines = text
        .lines()
        .enumerate()
        .skip(at_key.line - 1)
        .take_while(|(_, line)| !is_fence(line));
    for (n, (index, line)) in lines.enumerate() {
        // Past the key's own line, a line starting in column 1 begins the next key.
        if n > 0 && !line.starts_with([' ', '\t', '-']) && !line.trim().is_empty() {
            break;
        }
        if let Some(byte) = line.find(entry).filter(|_| !entry.is_empty()) {
            return Some(Span {
                line: index + 1,
                column: line[..byte].chars().count() + 1,
                length: entry.chars().count(),
            });
        }
    }
    Some(at_key)
}

/// Whether a line closes a front-matter block.
fn is_fence(line: &str) -> bool {
    matches!(line.trim_end(), "---" | "..." | "+++")
}

/// A file split into its front-matter block and its Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The text between the fences (empty for a file without front matter).
    pub block: &'a str,
    pub format: Format,
    /// File line (1-based) of the first line of the block.
    pub block_line: usize,
    /// Byte offset of the block in the file text.
    pub block_offset: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of the body in the file text.
    pub body_offset: usize,
}

/// The language of a front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Between `---` lines.
    Yaml,
    /// Between `+++` lines (Hugo, Zola).
    Toml,
    /// No block: the file is all body.
    None,
}

/// Why a file has no usable front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SplitError {
    Empty,
    Missing,
    Unclosed,
}

/// Splits the leading `---` (or `+++`) block off `text` (BOM already removed). The opening
/// fence must be the first line; the block ends at the next line that is exactly the fence
/// (or `...` for YAML), so later `---` rules in the body are left alone. CRLF line endings
/// are accepted.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = LineIter { text, pos: 0 };
    let Some((_, first)) = lines.next() else {
        return Err(SplitError::Empty);
    };
    let (format, closes): (Format, &[&str]) = match first.trim_end() {
        "---" => (Format::Yaml, &["---", "..."]),
        "+++" => (Format::Toml, &["+++"]),
        _ => return Err(SplitError::Missing),
    };
    let block_start = lines.pos;
    while let Some((start, line)) = lines.next() {
        if closes.contains(&line.trim_end()) {
            return Ok(Split {
                block: &text[block_start..start],
                format,
                block_line: 2,
                block_offset: block_start,
                body: &text[lines.pos..],
                body_offset: lines.pos,
            });
        }
    }
    Err(SplitError::Unclosed)
}

/// The whole of `text` as body, for a file without front matter.
pub(crate) fn no_block(text: &str) -> Split<'_> {
    Split {
        block: "",
        format: Format::None,
        block_line: 1,
        block_offset: 0,
        body: text,
        body_offset: 0,
    }
}

/// Lines with their start offsets; `pos` is the offset after the last line returned.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        self.pos = start + end;
        Some((start, rest[..end].trim_end_matches(['\n', '\r'])))
    }
}

/// A front-matter value as read, whichever language the block was written in.
pub(crate) type Value = serde_yaml::Value;

/// The keys and values of a block, in the order written.
pub(crate) type Mapping = serde_yaml::Mapping;

/// Splits off the front matter of `text` and reads its block into a mapping, or explains what
/// is wrong, at the file's line. With `required` off, a file without a block is all body.
pub(crate) fn read<'a>(
    text: &'a str,
    file: &str,
    required: bool,
) -> Result<(Mapping, Split<'a>), Box<Diagnostic>> {
    let split = match split(text) {
        Ok(split) => split,
        Err(SplitError::Missing) if !required => return Ok((Mapping::new(), no_block(text))),
        Err(err) => return Err(Box::new(split_diagnostic(err, text, file))),
    };
    if split.block.trim().is_empty() {
        return Ok((Mapping::new(), split));
    }
    if split.block.len() > MAX_BLOCK_BYTES {
        return Err(Box::new(
            rules::INVALID_FRONT_MATTER
                .report(
                    file,
                    format!(
                        "the front matter is {} KiB; a block may hold at most {} KiB",
                        split.block.len().div_ceil(1024),
                        MAX_BLOCK_BYTES / 1024
                    ),
                )
                .at(text, split.block_line - 1, 1),
        ));
    }
    let mapping = match split.format {
        Format::Yaml if expansion::exceeds(split.block, expansion::budget(split.block.len())) => {
            Err(Box::new(expansion_diagnostic(&split, text, file)))
        }
        Format::Yaml => serde_yaml::from_str::<Mapping>(split.block)
            .map_err(|err| Box::new(yaml_diagnostic(&err, &split, text, file))),
        Format::Toml => toml_mapping(&split, text, file),
        Format::None => Ok(Mapping::new()),
    };
    Ok((mapping?, split))
}

/// The largest front-matter block read: as large as a guide may be before it is called large
/// (`large-guide`); a larger block is most likely a body whose closing fence is missing.
pub(crate) const MAX_BLOCK_BYTES: usize = 1024 * 1024;

/// A block whose aliases repeat more values than its size allows, placed at its first alias.
fn expansion_diagnostic(split: &Split<'_>, text: &str, file: &str) -> Diagnostic {
    let (message, offset, length) = match expansion::first_alias(split.block) {
        Some((at, name)) => (
            format!(
                "the alias `*{name}` and the others repeat more values than the front matter \
                 may expand to"
            ),
            split.block_offset + at,
            name.chars().count() + 1,
        ),
        None => (
            "aliases repeat more values than the front matter may expand to".to_owned(),
            split.block_offset,
            1,
        ),
    };
    rules::INVALID_FRONT_MATTER
        .report(file, message)
        .at_offset(text, offset)
        .spanning(length)
        .with_help("write the repeated values out, or repeat them through fewer aliases")
}

fn yaml_diagnostic(
    err: &serde_yaml::Error,
    split: &Split<'_>,
    text: &str,
    file: &str,
) -> Diagnostic {
    let message = err.to_string();
    // "did not find expected ']' at line 2 column 12, while parsing a flow sequence at line 1
    // column 8": the construct left open is where the mistake is; point there.
    if let Some((problem, context)) = message.split_once(", while parsing ")
        && let Some((what, at)) = context.split_once(" at line ")
        && let Some((line, column)) = at.split_once(" column ")
        && let (Ok(line), Ok(column)) =
            (line.trim().parse::<usize>(), column.trim().parse::<usize>())
    {
        return rules::INVALID_FRONT_MATTER
            .report(
                file,
                format!("{}, {}", clean_message(problem), open_construct(what)),
            )
            .at(text, line + split.block_line - 1, column);
    }
    let mut diagnostic = rules::INVALID_FRONT_MATTER.report(file, clean_message(&message));
    // YAML's words for a value holding `: ` (`title: Design: a URL shortener`), the commonest
    // mistake in a title, name the rule and not the way out.
    if message.starts_with("mapping values are not allowed") {
        diagnostic = diagnostic.with_help(
            "a value with `: ` in it must be quoted: `title: \"Design: a URL shortener\"`",
        );
    }
    match err.location() {
        Some(loc) => diagnostic.at(text, loc.line() + split.block_line - 1, loc.column()),
        None => diagnostic.at(text, 1, 1),
    }
}

/// "a flow sequence" → "in this flow sequence, which starts here".
fn open_construct(what: &str) -> String {
    let what = what
        .strip_prefix("a ")
        .or_else(|| what.strip_prefix("an "))
        .unwrap_or(what);
    format!("in this {what}, which starts here")
}

/// A TOML block as the same mapping a YAML block gives; dates and times become their text.
fn toml_mapping(split: &Split<'_>, text: &str, file: &str) -> Result<Mapping, Box<Diagnostic>> {
    match split.block.parse::<toml::Table>() {
        Ok(table) => Ok(toml_table(table)),
        Err(err) => {
            let diagnostic = rules::INVALID_FRONT_MATTER.report(file, err.message().to_owned());
            Err(Box::new(match err.span() {
                Some(span) => {
                    let offset = split.block_offset + span.start;
                    let (line, column) = crate::diagnostic::line_col(text, offset);
                    diagnostic.at(text, line, column)
                }
                None => diagnostic.at(text, 1, 1),
            }))
        }
    }
}

fn toml_table(table: toml::Table) -> Mapping {
    table
        .into_iter()
        .map(|(key, value)| (Value::String(key), toml_value(value)))
        .collect()
}

fn toml_value(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(toml_value).collect()),
        toml::Value::Table(table) => Value::Mapping(toml_table(table)),
    }
}

/// The library appends `at line X column Y` relative to the block; the diagnostic carries
/// the file's own position instead, so drop it.
fn clean_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn split_diagnostic(err: SplitError, text: &str, file: &str) -> Diagnostic {
    match err {
        SplitError::Empty => rules::EMPTY_FILE.report(file, "the file is empty"),
        SplitError::Missing => rules::MISSING_FRONT_MATTER
            .report(file, "no front matter")
            .at(text, 1, 1),
        SplitError::Unclosed => rules::UNCLOSED_FRONT_MATTER
            .report(file, "front matter is never closed")
            .at(text, 1, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_plain_block() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.block, "title: A\n");
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn splits_a_toml_block() {
        let s = split("+++\ntitle = \"A\"\n+++\nBody\n---\n").unwrap();
        assert_eq!(s.block, "title = \"A\"\n");
        assert_eq!(s.format, Format::Toml);
        assert_eq!(s.body, "Body\n---\n");
        assert_eq!(split("+++\ntitle = 1\n---\n"), Err(SplitError::Unclosed));
    }

    #[test]
    fn accepts_crlf() {
        let text = "---\r\ntitle: A\r\n---\r\nBody\r\n";
        let s = split(text).unwrap();
        assert_eq!(s.block, "title: A\r\n");
        assert_eq!(s.body, "Body\r\n");
        let (mapping, _) = read(text, "a.md", true).unwrap();
        assert_eq!(mapping.get("title").and_then(Value::as_str), Some("A"));
    }

    #[test]
    fn later_rules_stay_in_the_body() {
        let s = split("---\ntitle: A\n---\nintro\n\n---\n\nmore\n").unwrap();
        assert_eq!(s.body, "intro\n\n---\n\nmore\n");
    }

    #[test]
    fn unclosed_and_missing_and_empty() {
        assert_eq!(split("---\ntitle: A\nbody"), Err(SplitError::Unclosed));
        assert_eq!(split("# Title\n"), Err(SplitError::Missing));
        assert_eq!(split("  \n\n"), Err(SplitError::Empty));
        assert_eq!(split(""), Err(SplitError::Empty));
    }

    #[test]
    fn a_file_without_front_matter_is_all_body_when_not_required() {
        let d = read("# Title\n", "a.md", true).unwrap_err();
        assert_eq!(d.code, "missing-front-matter");
        let (mapping, split) = read("# Title\n", "a.md", false).unwrap();
        assert!(mapping.is_empty());
        assert_eq!((split.body, split.format), ("# Title\n", Format::None));
        assert_eq!(read("", "a.md", false).unwrap_err().code, "empty-file");
    }

    #[test]
    fn yaml_errors_carry_the_file_line() {
        let text = "---\ntitle: A\ntags: [a, b\n---\nbody\n";
        let d = read(text, "a.md", true).unwrap_err();
        assert_eq!(d.code, "invalid-front-matter");
        assert!(d.line.unwrap() >= 3, "{d:?}");
        let d = read(
            "---\ntitle: [unclosed\ndescription: \"x\"\n---\n",
            "a.md",
            true,
        )
        .unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(8)), "{d:?}");
        assert_eq!(
            d.message,
            "did not find expected ',' or ']', in this flow sequence, which starts here"
        );
    }

    #[test]
    fn an_alias_bomb_is_refused_at_its_first_alias() {
        let mut text = String::from("---\ntitle: A\nl0: &l0 [x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let items = vec![format!("*l{}", level - 1); 8].join(", ");
            text.push_str(&format!("l{level}: &l{level} [{items}]\n"));
        }
        text.push_str("---\nBody\n");
        let d = read(&text, "bomb.md", true).unwrap_err();
        assert_eq!(d.code, "invalid-front-matter");
        assert!(d.message.contains("`*l0`"), "{}", d.message);
        assert_eq!((d.line, d.column), (Some(4), Some(10)), "{d:?}");
        // Reuse that stays small still reads.
        let text = "---\ntitle: A\nbase: &b {x: 1}\ncopy: *b\n---\n";
        let (mapping, _) = read(text, "a.md", true).unwrap();
        assert_eq!(mapping.get("copy"), mapping.get("base"));
    }

    #[test]
    fn an_oversized_block_is_refused() {
        let text = format!(
            "---\ntitle: A\nx: \"{}\"\n---\n",
            "y".repeat(MAX_BLOCK_BYTES)
        );
        let d = read(&text, "big.md", true).unwrap_err();
        assert_eq!((d.code, d.line), ("invalid-front-matter", Some(1)));
        assert!(d.message.contains("at most 1024 KiB"), "{}", d.message);
    }

    #[test]
    fn key_positions() {
        let text = "---\ntitle: A\nrole:  XX\nchecks:\n---\nrole: body\n";
        let at = |line, column, length| {
            Some(Span {
                line,
                column,
                length,
            })
        };
        assert_eq!(key_position(text, "role"), at(3, 8, 2));
        assert_eq!(key_position(text, "checks"), at(4, 1, 6));
        assert_eq!(key_position(text, "level"), None);
        let toml = "+++\ntitle = \"A\"\nweight = 3\n+++\n";
        assert_eq!(key_position(toml, "weight"), at(3, 10, 1));
        assert_eq!(key_position("---\ntitle: a=b\n---\n", "title"), at(2, 8, 3));
    }

    #[test]
    fn list_entries_are_located() {
        let text = "---\ntitle: A\naliases:\n  - /old/\n  - /older/\nrelated: [a.md, b.md]\n---\n";
        let at = |line, column, length| {
            Some(Span {
                line,
                column,
                length,
            })
        };
        assert_eq!(list_entry_position(text, "aliases", "/older/"), at(5, 5, 7));
        assert_eq!(list_entry_position(text, "related", "b.md"), at(6, 17, 4));
        // Not found under its key: the key itself.
        assert_eq!(list_entry_position(text, "aliases", "b.md"), at(3, 1, 7));
    }
}
