//! The YAML block at the top of a guide: splitting it off and typing it.
//!
//! This is the only module that knows the YAML library, so it can be swapped here alone.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::diagnostic::{Diagnostic, Span, rules};

/// The front matter of a guide. Unknown keys are rejected so that a typo is reported at its line.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub weight: Option<i64>,
    /// Old site paths of this guide (`/old/path/`, without the base path); each gets a page
    /// that redirects here, so links to a moved guide keep working.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Guides to list as related, by path relative to this file like links
    /// (`../frameworks/star.md`); replaces the related guides found by tags and links.
    #[serde(default)]
    pub related: Vec<String>,
    /// Per-guide changes to the site's section rules (only where `[checks] guide-overrides`).
    #[serde(default)]
    pub checks: Option<crate::config::RawSectionRules>,
}

/// Every key the front matter takes, for did-you-mean hints.
pub(crate) const FIELDS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "tags",
    "role",
    "level",
    "kind",
    "draft",
    "weight",
    "aliases",
    "related",
    "checks",
];

/// Where a top-level `key:` stands in the front matter of `text`, for diagnostics about a value
/// that parsed but is not allowed: its value, or the key when the value is empty.
pub(crate) fn key_position(text: &str, key: &str) -> Option<Span> {
    let (index, line) = text
        .lines()
        .enumerate()
        .skip(1)
        .take_while(|(_, line)| !matches!(line.trim_end(), "---" | "..."))
        .find(|(_, line)| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })?;
    let colon = line.find(':')?;
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
        .take_while(|(_, line)| !matches!(line.trim_end(), "---" | "..."));
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

/// A calendar date written `YYYY-MM-DD`; ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year: u16 = text[0..4].parse().ok()?;
        let month: u8 = text[5..7].parse().ok()?;
        let day: u8 = text[8..10].parse().ok()?;
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }
}

impl Date {
    /// The date (UTC) `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil-from-days algorithm.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// Today (UTC).
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor rather than `String::deserialize` + check: an error raised while the
        // deserializer is at the scalar carries the scalar's position.
        struct DateVisitor;
        impl serde::de::Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD, e.g. 2026-06-02")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Date, E> {
                Date::parse(text)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(text), &self))
            }
        }
        d.deserialize_str(DateVisitor)
    }
}

/// A file split into its front-matter block and its Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// File line (1-based) of the first YAML line.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of the body in the file text.
    pub body_offset: usize,
}

/// Why a file has no usable front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SplitError {
    Empty,
    Missing,
    Unclosed,
}

/// Splits the leading `---` block off `text` (BOM already removed). The opening fence must be
/// the first line; the block ends at the next line that is exactly `---` (or `...`), so later
/// `---` rules in the body are left alone. CRLF line endings are accepted.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = LineIter { text, pos: 0 };
    let Some((_, first)) = lines.next() else {
        return Err(SplitError::Empty);
    };
    if first.trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = lines.pos;
    while let Some((start, line)) = lines.next() {
        let fence = line.trim_end();
        if fence == "---" || fence == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..start],
                yaml_line: 2,
                body: &text[lines.pos..],
                body_offset: lines.pos,
            });
        }
    }
    Err(SplitError::Unclosed)
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

/// Splits and types the front matter of `text`, or explains what is wrong, at the file's line.
pub(crate) fn parse<'a>(
    text: &'a str,
    file: &str,
) -> Result<(FrontMatter, Split<'a>), Box<Diagnostic>> {
    let split = split(text).map_err(|err| Box::new(split_diagnostic(err, text, file)))?;
    let front = parse_yaml::<FrontMatter>(&split, text, file)?;
    if let Some((key, c)) = text_values(&front)
        .into_iter()
        .find_map(|(key, value)| Some((key, control_character(value)?)))
    {
        let at = key_position(text, key).unwrap_or(Span {
            line: 1,
            column: 1,
            length: 1,
        });
        return Err(Box::new(
            rules::INVALID_FRONT_MATTER
                .report(
                    file,
                    format!(
                        "`{key}` holds the control character U+{:04X}, which no page can show",
                        u32::from(c)
                    ),
                )
                .at_span(text, at)
                .with_help("remove the escape (such as `\\0` or `\\x07`) from the quoted value"),
        ));
    }
    Ok((front, split))
}

/// Every text value of the front matter that pages show, by key.
fn text_values(front: &FrontMatter) -> Vec<(&'static str, &str)> {
    let mut values = vec![("title", front.title.as_str())];
    let single = [
        ("description", &front.description),
        ("role", &front.role),
        ("level", &front.level),
        ("kind", &front.kind),
    ];
    for (key, value) in single {
        values.extend(value.as_deref().map(|value| (key, value)));
    }
    let lists = [
        ("tags", &front.tags),
        ("aliases", &front.aliases),
        ("related", &front.related),
    ];
    for (key, list) in lists {
        values.extend(list.iter().map(|value| (key, value.as_str())));
    }
    values
}

/// A control character that YAML escapes (`"\0"`, `"\e"`, `"\x07"`) can put in a value and
/// that has no place in a page's text or attributes; tabs and line breaks are text.
fn control_character(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Types the YAML of an already split file as `T`; errors land on the file's own line.
pub(crate) fn parse_yaml<T: serde::de::DeserializeOwned>(
    split: &Split<'_>,
    text: &str,
    file: &str,
) -> Result<T, Box<Diagnostic>> {
    if split.yaml.trim().is_empty() {
        // An empty block is `null` to YAML; treat it as an empty mapping so that the message
        // names the missing field rather than the shape.
        return serde_yaml::from_str::<T>("{}").map_err(|err| {
            Box::new(
                rules::INVALID_FRONT_MATTER
                    .report(file, clean_message(&err.to_string()))
                    .at(text, 1, 1)
                    .with_help("add `title: \"…\"` between the `---` lines"),
            )
        });
    }
    serde_yaml::from_str::<T>(split.yaml)
        .map_err(|err| Box::new(yaml_diagnostic(&err, split, text, file)))
}

fn yaml_diagnostic(
    err: &serde_yaml::Error,
    split: &Split<'_>,
    text: &str,
    file: &str,
) -> Diagnostic {
    let message = clean_message(&err.to_string());
    let help = help_for(&message);
    let unknown = unknown_field(&message);
    let rule = if unknown.is_some() {
        rules::UNKNOWN_FIELD
    } else {
        rules::INVALID_FRONT_MATTER
    };
    let message = match &unknown {
        Some(field) => format!("unknown field `{field}`"),
        None => message,
    };
    let diagnostic = rule.report(file, message);
    let diagnostic = match err.location() {
        Some(loc) => diagnostic.at(text, loc.line() + split.yaml_line - 1, loc.column()),
        None => diagnostic.at(text, 1, 1),
    };
    let diagnostic = match &unknown {
        Some(field) => diagnostic.spanning(field.chars().count()),
        None => diagnostic,
    };
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// The library appends `at line X column Y` relative to the YAML block; the diagnostic carries
/// the file's own position instead, so drop it.
fn clean_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The field named by serde's "unknown field `x`, expected …" message.
fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    Some(rest[..rest.find('`')?].to_owned())
}

fn help_for(message: &str) -> Option<String> {
    if let Some(field) = unknown_field(message) {
        Some(
            match crate::diagnostic::closest(&field, FIELDS.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("known fields: {}", FIELDS.join(", ")),
            },
        )
    } else if message.contains("missing field `title`") {
        Some("every guide needs `title: \"…\"` in its front matter".to_owned())
    } else if message.contains("invalid type") {
        Some(
            "check the value's type: tags is a list, draft is true/false, weight is a number"
                .to_owned(),
        )
    } else {
        None
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
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn accepts_crlf() {
        let text = "---\r\ntitle: A\r\n---\r\nBody\r\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body\r\n");
        let (front, _) = parse(text, "a.md").unwrap();
        assert_eq!(front.title, "A");
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
    fn yaml_errors_carry_the_file_line() {
        let text = "---\ntitle: A\ntags: [a, b\n---\nbody\n";
        let d = parse(text, "a.md").unwrap_err();
        assert_eq!(d.code, "invalid-front-matter");
        assert!(d.line.unwrap() >= 3, "{d:?}");
    }

    #[test]
    fn wrong_type_is_located() {
        let text = "---\ntitle: A\ndescription: d\nweight: heavy\n---\n";
        let d = parse(text, "a.md").unwrap_err();
        assert_eq!(d.line, Some(4), "{d:?}");
        assert!(
            d.message.contains("weight") || d.message.contains("invalid type"),
            "{d:?}"
        );
    }

    #[test]
    fn unknown_key_is_located() {
        let text = "---\ntitle: A\ntag: [x]\n---\n";
        let d = parse(text, "a.md").unwrap_err();
        assert_eq!(d.line, Some(3), "{d:?}");
        assert_eq!(d.code, "unknown-field");
        assert_eq!(d.message, "unknown field `tag`");
        assert_eq!(d.help.as_deref(), Some("did you mean `tags`?"));
    }

    #[test]
    fn missing_title() {
        let d = parse("---\ndescription: x\n---\n", "a.md").unwrap_err();
        assert!(d.message.contains("missing field `title`"), "{d:?}");
        let d = parse("---\n---\nbody", "a.md").unwrap_err();
        assert!(d.message.contains("missing field `title`"), "{d:?}");
    }

    #[test]
    fn control_characters_from_escapes_are_refused_at_their_key() {
        for (yaml, key, code) in [
            ("title: \"a\\0b\"", "title", "U+0000"),
            (
                "title: x\ndescription: \"bell \\a\"",
                "description",
                "U+0007",
            ),
            ("title: x\ntags: [ok, \"esc \\e\"]", "tags", "U+001B"),
            ("title: x\nkind: \"\\x85\"", "kind", "U+0085"),
        ] {
            let text = format!("---\n{yaml}\n---\nbody\n");
            let err = parse(&text, "g.md").expect_err(yaml);
            assert_eq!(err.code, "invalid-front-matter");
            assert!(
                err.message.contains(key) && err.message.contains(code),
                "{}",
                err.message
            );
            let line = yaml.lines().position(|l| l.starts_with(key)).unwrap_or(0) + 2;
            assert_eq!(err.line, Some(line), "{yaml}");
        }
        let fine = "---\ntitle: \"tab\\there\"\ndescription: |\n  two\n  lines\n---\n";
        assert!(parse(fine, "g.md").is_ok(), "tabs and line breaks are text");
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
        let (front, _) = parse(text, "a.md").unwrap();
        assert_eq!(front.aliases, ["/old/", "/older/"]);
        assert_eq!(front.related, ["a.md", "b.md"]);
    }

    #[test]
    fn civil_dates_from_days() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(19_782).to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Date::from_days_since_epoch(20_415).to_string(),
            "2025-11-23"
        );
    }

    #[test]
    fn dates_are_validated() {
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert_eq!(Date::parse("2026-06-02").unwrap().to_string(), "2026-06-02");
        let d = parse("---\ntitle: A\ndate: 2026-13-01\n---\n", "a.md").unwrap_err();
        assert_eq!(d.line, Some(3), "{d:?}");
    }
}
