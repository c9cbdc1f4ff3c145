//! Typing a front-matter mapping: each key read as its field's type and each problem reported
//! at its key, all in one pass, so a page with four problems needs one run, not four. A value
//! of the wrong type is left out (the guide is still built); keys prepbook does not read are
//! kept for templates and, unless the site declared them, reported as a warning.

use serde::de::DeserializeOwned;

use super::Date;
use super::front_matter::{FrontMatter, Mapping, TextDir, Value, key_position, key_positions};
use crate::config::{FRONT_MATTER_FIELDS, FieldType, FrontMatterConfig};
use crate::diagnostic::{Diagnostic, SourceText, Span, rules};

/// A typed front matter and what was wrong with it.
#[derive(Debug)]
pub(crate) struct Typed {
    pub front: FrontMatter,
    /// Whether the block gave a title; when not, the parse takes it from the body.
    pub has_title: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a diagnostic about one key goes. Every diagnostic shares the file's text, and the
/// keys' positions are read once, when the first is needed.
struct Place<'a> {
    text: &'a SourceText,
    file: &'a str,
    keys: std::cell::OnceCell<std::collections::HashMap<&'a str, Span>>,
}

impl<'a> Place<'a> {
    fn new(text: &'a SourceText, file: &'a str) -> Self {
        Place {
            text,
            file,
            keys: std::cell::OnceCell::new(),
        }
    }

    /// Where `key` is set; a key written differently from its name (quoted) is searched for.
    fn position(&self, key: &str) -> Option<Span> {
        let keys = self.keys.get_or_init(|| key_positions(self.text.as_str()));
        keys.get(key)
            .copied()
            .or_else(|| key_position(self.text, key))
    }

    /// At the key's value (or the key, when it has none on its line).
    fn value(&self, diagnostic: Diagnostic, key: &str) -> Diagnostic {
        match self.position(key) {
            Some(span) => diagnostic.at_span(self.text, span),
            None => diagnostic.at(self.text, 1, 1),
        }
    }

    /// At the key itself.
    fn key(&self, diagnostic: Diagnostic, key: &str) -> Diagnostic {
        match self.position(key) {
            Some(span) => diagnostic.at_span(
                self.text,
                Span {
                    line: span.line,
                    column: 1,
                    length: key.chars().count(),
                },
            ),
            None => diagnostic.at(self.text, 1, 1),
        }
    }
}

/// Types `mapping`, read from the front matter of `text`.
pub(crate) fn type_fields(
    mapping: Mapping,
    text: &SourceText,
    file: &str,
    config: &FrontMatterConfig,
) -> Typed {
    let place = Place::new(text, file);
    let mut typed = Typed {
        front: FrontMatter::default(),
        has_title: false,
        diagnostics: Vec::new(),
    };
    for (key, value) in mapping {
        let Some(key) = key.as_str().map(str::to_owned) else {
            let d = rules::INVALID_FRONT_MATTER
                .report(file, "a front-matter key must be text")
                .at(text, 1, 1);
            typed.diagnostics.push(d);
            continue;
        };
        if let Some(field) = config.built_in(&key) {
            if let Err(invalid) = assign(&mut typed, field, value) {
                let (message, expected) = match invalid {
                    Invalid::Type(expected) => (
                        format!("invalid type for `{key}`: expected {expected}"),
                        expected,
                    ),
                    Invalid::Value(why, expected) => {
                        (format!("invalid value for `{key}`: {why}"), expected)
                    }
                };
                let d = rules::INVALID_FRONT_MATTER
                    .report(file, message)
                    .with_help(format!(
                        "write `{key}` as {expected}; the value is left out"
                    ));
                typed.diagnostics.push(place.value(d, &key));
            }
        } else {
            typed
                .diagnostics
                .extend(own_field(&mut typed.front, &place, config, &key, value));
        }
    }
    typed
        .diagnostics
        .extend(control_characters(&mut typed.front, &place));
    typed
}

/// A key that is not built in: kept in `extra`, checked against its declared type, or
/// reported as unknown.
fn own_field(
    front: &mut FrontMatter,
    place: &Place<'_>,
    config: &FrontMatterConfig,
    key: &str,
    value: Value,
) -> Option<Diagnostic> {
    let problem = match config.fields.get(key) {
        Some(&declared) if !has_type(&value, declared) => {
            let d = rules::INVALID_FRONT_MATTER
                .report(
                    place.file,
                    format!("invalid type for `{key}`: expected {}", declared.name()),
                )
                .with_help(format!(
                    "book.toml [front-matter.fields] declares `{key}` as {}",
                    declared.name()
                ));
            return Some(place.value(d, key));
        }
        Some(_) => None,
        None => Some(unknown_field(place, config, key)),
    };
    let json = serde_json::to_value(&value).unwrap_or(serde_json::Value::Null);
    front.extra.insert(key.to_owned(), json);
    problem
}

fn unknown_field(place: &Place<'_>, config: &FrontMatterConfig, key: &str) -> Diagnostic {
    let help = match crate::diagnostic::closest(key, config.known_keys()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!(
            "kept for templates as `guide.extra.{key}`; declare it in book.toml \
             [front-matter.fields], or set `unknown-field = \"off\"` under [checks.severity]"
        ),
    };
    let d = rules::UNKNOWN_FIELD
        .report(place.file, format!("unknown field `{key}`"))
        .with_help(help);
    place.key(d, key)
}

/// Whether `value` is of a declared field's type.
pub(crate) fn has_type(value: &Value, declared: FieldType) -> bool {
    match declared {
        FieldType::String => matches!(value, Value::String(_) | Value::Number(_)),
        FieldType::Date => value.as_str().and_then(Date::parse_start).is_some(),
        FieldType::List => value.is_sequence(),
        FieldType::Bool => value.is_bool(),
        FieldType::Number => value.is_number(),
    }
}

/// Whether `value` can be read as the built-in `field`: the very test a guide's key gets.
pub(crate) fn fits_built_in(field: &str, value: &Value) -> bool {
    let mut scratch = Typed {
        front: FrontMatter::default(),
        has_title: false,
        diagnostics: Vec::new(),
    };
    assign(&mut scratch, field, value.clone()).is_ok()
}

/// Why a built-in field's value was not taken.
enum Invalid {
    /// It is not of the field's type, which it should be.
    Type(&'static str),
    /// It is of the field's type but no value of it: why, and what it should be.
    Value(String, &'static str),
}

impl From<&'static str> for Invalid {
    fn from(expected: &'static str) -> Invalid {
        Invalid::Type(expected)
    }
}

/// Sets the built-in `field` from `value`, or says what it should have been.
fn assign(typed: &mut Typed, field: &str, value: Value) -> Result<(), Invalid> {
    let front = &mut typed.front;
    match field {
        "title" => {
            front.title = text(value)?;
            typed.has_title = true;
        }
        "description" => front.description = Some(text(value)?),
        "role" => front.role = Some(text(value)?),
        "level" => front.level = Some(text(value)?),
        "kind" => front.kind = Some(text(value)?),
        "lang" => front.lang = Some(text(value)?),
        "date" => match value.as_mapping() {
            // MkDocs' blog: `date: {created: …, updated: …}`.
            Some(map) => {
                let created = map.get("created").ok_or(BLOG_DATE)?;
                front.date = Some(date(created)?);
                if let Some(updated) = map.get("updated") {
                    front.updated = Some(date(updated)?);
                }
            }
            None => front.date = Some(date(&value)?),
        },
        "updated" => front.updated = Some(date(&value)?),
        "reviewed" => front.reviewed = Some(date(&value)?),
        "tags" => front.tags = list(value)?,
        "aliases" => front.aliases = list(value)?,
        "related" => front.related = list(value)?,
        "draft" => front.draft = value.as_bool().ok_or("true or false")?,
        "weight" => front.weight = Some(value.as_i64().ok_or("a whole number")?),
        "dir" => {
            front.dir = Some(match value.as_str() {
                Some("ltr") => TextDir::Ltr,
                Some("rtl") => TextDir::Rtl,
                _ => return Err("`ltr` or `rtl`".into()),
            });
        }
        "checks" => front.checks = Some(typed_as(value, "a table of part rules")?),
        _ => debug_assert!(
            !FRONT_MATTER_FIELDS.contains(&field),
            "{field} is not typed"
        ),
    }
    Ok(())
}

/// Text; a number written bare (`title: 404`) is its text.
fn text(value: Value) -> Result<String, &'static str> {
    match value {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        _ => Err("text"),
    }
}

/// What a `date:` written as a map should hold.
const BLOG_DATE: &str = "a date, or `created:` and `updated:` dates as MkDocs' blog writes them";

fn date(value: &Value) -> Result<Date, Invalid> {
    const EXPECTED: &str = "a date written YYYY-MM-DD, e.g. 2026-06-02";
    let text = value.as_str().ok_or(EXPECTED)?;
    if let Some(date) = Date::parse_start(text) {
        return Ok(date);
    }
    // Written as a date, but no day of the calendar: say which part is out of range.
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let shaped = text.len() >= 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    match (shaped, number(0..4), number(5..7), number(8..10)) {
        (true, Some(year), Some(month), Some(day)) => {
            let why = if !(1..=12).contains(&month) {
                format!("`{text}` has no month {month}: months run from 01 to 12")
            } else {
                let days = Date::days_in_month(year, month);
                format!("`{text}` has no day {day}: month {month:02} of {year} has {days} days")
            };
            Err(Invalid::Value(why, EXPECTED))
        }
        _ => Err(Invalid::Type(EXPECTED)),
    }
}

/// A list of text; one text alone is a list of one (`tags: interview`).
fn list(value: Value) -> Result<Vec<String>, &'static str> {
    const EXPECTED: &str = "a list of text, e.g. [a, b]";
    match value {
        Value::Sequence(items) => items
            .into_iter()
            .map(|item| text(item).map_err(|_| EXPECTED))
            .collect(),
        Value::String(one) => Ok(vec![one]),
        _ => Err(EXPECTED),
    }
}

fn typed_as<T: DeserializeOwned>(value: Value, expected: &'static str) -> Result<T, &'static str> {
    serde_yaml::from_value(value).map_err(|_| expected)
}

/// Control characters that YAML escapes (`"\0"`, `"\e"`, `"\x07"`) can put in a value and
/// that have no place in a page's text or attributes: each is reported at its key and
/// removed. Tabs and line breaks are text.
fn control_characters(front: &mut FrontMatter, place: &Place<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (key, value) in text_values(front) {
        if let Some(c) = value
            .chars()
            .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            let d = rules::INVALID_FRONT_MATTER
                .report(
                    place.file,
                    format!(
                        "`{key}` holds the control character U+{:04X}, which no page can show",
                        u32::from(c)
                    ),
                )
                .with_help("remove the escape (such as `\\0` or `\\x07`) from the quoted value");
            diagnostics.push(place.value(d, key));
            value.retain(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'));
        }
    }
    diagnostics
}

/// Every text value of the front matter that pages show, by key.
fn text_values(front: &mut FrontMatter) -> Vec<(&'static str, &mut String)> {
    let mut values = vec![("title", &mut front.title)];
    let single = [
        ("description", &mut front.description),
        ("role", &mut front.role),
        ("level", &mut front.level),
        ("kind", &mut front.kind),
        ("lang", &mut front.lang),
    ];
    for (key, value) in single {
        values.extend(value.as_mut().map(|value| (key, value)));
    }
    let lists = [
        ("tags", &mut front.tags),
        ("aliases", &mut front.aliases),
        ("related", &mut front.related),
    ];
    for (key, list) in lists {
        values.extend(list.iter_mut().map(|value| (key, value)));
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::front_matter::read;

    fn typed_with(text: &str, config: &FrontMatterConfig) -> Typed {
        let (mapping, _) = read(text, "g.md", config.required).expect("the block reads");
        type_fields(mapping, &SourceText::new(text), "g.md", config)
    }

    fn typed(text: &str) -> Typed {
        typed_with(text, &FrontMatterConfig::default())
    }

    #[test]
    fn a_date_that_is_no_day_of_the_calendar_says_which_part_is_out_of_range() {
        let messages = |front: &str| -> Vec<String> {
            typed(&format!("---\ntitle: T\n{front}\n---\n"))
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect()
        };
        assert_eq!(
            messages("date: 2026-13-45"),
            ["invalid value for `date`: `2026-13-45` has no month 13: months run from 01 to 12"]
        );
        assert_eq!(
            messages("updated: 2026-02-29"),
            [
                "invalid value for `updated`: `2026-02-29` has no day 29: month 02 of 2026 has 28 days"
            ]
        );
        assert_eq!(
            messages("date: next week"),
            ["invalid type for `date`: expected a date written YYYY-MM-DD, e.g. 2026-06-02"]
        );
        assert!(messages("date: 2028-02-29").is_empty(), "a leap day");
    }

    fn found(typed: &Typed) -> Vec<(&'static str, usize, &str)> {
        typed
            .diagnostics
            .iter()
            .map(|d| (d.code, d.line.unwrap_or(0), d.message.as_str()))
            .collect()
    }

    #[test]
    fn every_problem_of_one_block_is_reported_at_once() {
        let t = typed(
            "---\ntitle: A\nseo_title: S\nweight: heavy\nlevle: L4\ndraft: maybe\n---\nbody\n",
        );
        assert_eq!(
            found(&t),
            [
                ("unknown-field", 3, "unknown field `seo_title`"),
                (
                    "invalid-front-matter",
                    4,
                    "invalid type for `weight`: expected a whole number"
                ),
                ("unknown-field", 5, "unknown field `levle`"),
                (
                    "invalid-front-matter",
                    6,
                    "invalid type for `draft`: expected true or false"
                ),
            ]
        );
        assert_eq!(
            t.diagnostics[0].severity,
            crate::diagnostic::Severity::Warning
        );
        assert_eq!(t.front.title, "A");
        assert_eq!(t.front.weight, None, "a wrong value is left out");
        assert_eq!(t.front.extra["seo_title"], serde_json::json!("S"));
    }

    #[test]
    fn did_you_mean_only_near_a_known_key() {
        let t = typed("---\ntitle: A\ntitel: B\nsidebar_label: C\n---\n");
        assert_eq!(
            t.diagnostics[0].help.as_deref(),
            Some("did you mean `title`?")
        );
        let help = t.diagnostics[1].help.as_deref().unwrap_or_default();
        assert!(help.contains("guide.extra.sidebar_label"), "{help}");
        assert_eq!(
            (t.diagnostics[1].column, t.diagnostics[1].length),
            (Some(1), "sidebar_label".len()),
            "at the key"
        );
    }

    #[test]
    fn aliases_fill_built_in_fields_and_declared_fields_are_typed() {
        let config = crate::config::Config::parse(
            std::path::Path::new("/s"),
            "[front-matter]\nfields = { seo_title = \"string\", featured = \"bool\" }\n\
             aliases = { createdAt = \"date\", categories = \"tags\", sidebar_label = \"title\" }\n",
        )
        .unwrap()
        .front_matter;
        let t = typed_with(
            "---\nsidebar_label: Intro\ncreatedAt: 2024-01-05T10:00:00Z\ncategories: [a, b]\n\
             seo_title: S\nfeatured: yes-please\nseo_titel: x\n---\n",
            &config,
        );
        assert!(t.has_title);
        assert_eq!(t.front.title, "Intro");
        assert_eq!(
            t.front.date.map(|d| d.to_string()).as_deref(),
            Some("2024-01-05")
        );
        assert_eq!(t.front.tags, ["a", "b"]);
        assert_eq!(
            found(&t),
            [
                (
                    "invalid-front-matter",
                    6,
                    "invalid type for `featured`: expected true or false"
                ),
                ("unknown-field", 7, "unknown field `seo_titel`"),
            ]
        );
        assert_eq!(
            t.diagnostics[1].help.as_deref(),
            Some("did you mean `seo_title`?")
        );
        assert!(!t.front.extra.contains_key("featured"));
    }

    #[test]
    fn a_blog_date_map_gives_the_date_and_the_update() {
        let t = typed("---\ntitle: A\ndate:\n  created: 2024-01-31\n  updated: 2024-02-03\n---\n");
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(
            t.front.date.map(|d| d.to_string()).as_deref(),
            Some("2024-01-31")
        );
        assert_eq!(
            t.front.updated.map(|d| d.to_string()).as_deref(),
            Some("2024-02-03")
        );
        let t = typed("---\ntitle: A\ndate: {updated: 2024-02-03}\n---\n");
        assert_eq!(t.diagnostics.len(), 1);
        assert!(t.front.date.is_none());
    }

    #[test]
    fn lang_and_dir() {
        let t = typed("---\ntitle: A\nlang: ar-EG\n---\n");
        assert_eq!(t.front.lang.as_deref(), Some("ar-EG"));
        assert_eq!(TextDir::of_language("ar-EG"), TextDir::Rtl);
        assert_eq!(TextDir::of_language("he"), TextDir::Rtl);
        assert_eq!(TextDir::of_language("ur_PK"), TextDir::Rtl);
        assert_eq!(TextDir::of_language("en"), TextDir::Ltr);
        let t = typed("---\ntitle: A\ndir: sideways\n---\n");
        assert_eq!(found(&t)[0].1, 3);
    }

    #[test]
    fn toml_front_matter_is_typed_the_same_way() {
        let t = typed(
            "+++\ntitle = \"A\"\ndate = 2024-03-01\ntags = [\"x\"]\nweight = \"w\"\n+++\nbody\n",
        );
        assert_eq!(t.front.title, "A");
        assert_eq!(
            t.front.date.map(|d| d.to_string()).as_deref(),
            Some("2024-03-01")
        );
        assert_eq!(t.front.tags, ["x"]);
        assert_eq!(
            found(&t),
            [(
                "invalid-front-matter",
                5,
                "invalid type for `weight`: expected a whole number"
            )]
        );
        let err = read("+++\ntitle = \"A\"\nbad line\n+++\n", "g.md", true).unwrap_err();
        assert_eq!((err.code, err.line), ("invalid-front-matter", Some(3)));
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
            let t = typed(&format!("---\n{yaml}\n---\nbody\n"));
            let d = &t.diagnostics[0];
            assert_eq!(d.code, "invalid-front-matter");
            assert!(
                d.message.contains(key) && d.message.contains(code),
                "{}",
                d.message
            );
            let line = yaml.lines().position(|l| l.starts_with(key)).unwrap_or(0) + 2;
            assert_eq!(d.line, Some(line), "{yaml}");
        }
        let t = typed("---\ntitle: \"a\\0b\"\n---\n");
        assert_eq!(t.front.title, "ab", "the character is removed");
        let fine = typed("---\ntitle: \"tab\\there\"\ndescription: |\n  two\n  lines\n---\n");
        assert!(fine.diagnostics.is_empty(), "tabs and line breaks are text");
    }

    #[test]
    fn the_built_in_keys_are_the_front_matter_fields() {
        // Every built-in key is typed (an untyped one trips the debug assertion in `assign`)...
        let mut typed = typed("---\ntitle: T\n---\n");
        for field in FRONT_MATTER_FIELDS {
            let _ = assign(&mut typed, field, Value::Null);
        }
        // ...and every field of the front matter, but the kept `extra`, is a built-in key.
        let fields = serde_json::to_value(FrontMatter::default()).expect("serialises");
        let mut names: Vec<&str> = fields
            .as_object()
            .expect("a struct")
            .keys()
            .map(String::as_str)
            .filter(|name| *name != "extra")
            .collect();
        let mut built_in = FRONT_MATTER_FIELDS.to_vec();
        names.sort_unstable();
        built_in.sort_unstable();
        assert_eq!(names, built_in);
    }
}
