//! `book.toml` problems as diagnostics, located and rendered like a guide's:
//! `book.toml:3:1: error[unknown-key]`, the line with a caret, and a did-you-mean.

use crate::diagnostic::{Diagnostic, closest};

/// The name diagnostics give the file (relative to the site root, as guides' paths are).
pub(super) const FILE: &str = "book.toml";

/// The problems of a `book.toml`, each with its place in the file when known (never empty).
/// Fatal, like every config error; the CLI renders each diagnostic in full, and `Display`
/// gives their one-line forms, a line each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub Vec<Diagnostic>);

impl ConfigError {
    fn one(diagnostic: Diagnostic) -> Self {
        ConfigError(vec![diagnostic])
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (n, d) in self.0.iter().enumerate() {
            if n > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {}", d.location(), d.message)?;
            if let Some(help) = &d.help {
                write!(f, " ({help})")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// `err`, the problems of a config file, with each diagnostic naming the file as it is
/// called (`prepbook.toml` beside mdBook's `book.toml`).
pub(super) fn named(err: anyhow::Error, name: &str) -> anyhow::Error {
    if name == FILE {
        return err;
    }
    match err.downcast::<ConfigError>() {
        Ok(ConfigError(mut found)) => {
            for diagnostic in &mut found {
                diagnostic.file = name.to_owned();
            }
            ConfigError(found).into()
        }
        Err(err) => err,
    }
}

/// Whether `text`, a `book.toml` prepbook cannot read, is mdBook's: TOML with mdBook's own
/// tables or keys (`[output.…]`, `[preprocessor.…]`, `[rust]`, `authors`, `src`), or beside
/// a `SUMMARY.md` in its source folder.
pub(super) fn is_mdbook_s(root: &std::path::Path, text: &str) -> bool {
    let Ok(table) = text.parse::<toml::Table>() else {
        return false;
    };
    let book = table.get("book").and_then(toml::Value::as_table);
    let src = book
        .and_then(|b| b.get("src"))
        .and_then(toml::Value::as_str)
        .unwrap_or("src");
    ["output", "preprocessor", "rust"]
        .iter()
        .any(|key| table.contains_key(*key))
        || book.is_some_and(|b| b.contains_key("authors") || b.contains_key("src"))
        || root.join(src).join("SUMMARY.md").is_file()
}

/// The most problems one run reports: past a few dozen, the file is not a `book.toml` at all.
const MAX_PROBLEMS: usize = 50;

/// `first`, the problem that stopped parsing `text`, and every other problem of the file: the
/// line of each problem found is emptied and the text parsed again (with `parse`), until it
/// parses or a problem has no line. Only for a file that is valid TOML, and never emptying a
/// table header: a blanked line that broke the syntax, or moved keys into another table,
/// would report problems that are not in the file. Returns the problems in file order.
pub(super) fn with_the_rest(
    first: anyhow::Error,
    text: &str,
    parse: impl Fn(&str) -> Option<anyhow::Error>,
) -> anyhow::Error {
    let Some(ConfigError(found)) = first.downcast_ref::<ConfigError>() else {
        return first;
    };
    if text.parse::<toml::Table>().is_err() {
        return first;
    }
    let mut problems = found.clone();
    let mut text = text.to_owned();
    while problems.len() < MAX_PROBLEMS {
        let Some(line) = problems.last().and_then(|d| d.line) else {
            break;
        };
        if !blank_line(&mut text, line) || text.parse::<toml::Table>().is_err() {
            break;
        }
        let next = parse(&text);
        let Some(ConfigError(next)) = next.as_ref().and_then(|e| e.downcast_ref()) else {
            break;
        };
        match next.first() {
            Some(d) if d.line.is_some() && !problems.iter().any(|p| p.line == d.line) => {
                problems.push(d.clone());
            }
            _ => break,
        }
    }
    problems.sort_by_key(|d| (d.line, d.column));
    ConfigError(problems).into()
}

/// Empties line `line` (1-based) of `text`, keeping the lines after it where they were. False
/// when there is no such line or it is a table header.
fn blank_line(text: &mut String, line: usize) -> bool {
    let mut lines: Vec<&str> = text.split('\n').collect();
    match line.checked_sub(1).and_then(|i| lines.get_mut(i)) {
        Some(l) if !l.trim_start().starts_with('[') => *l = "",
        _ => return false,
    }
    *text = lines.join("\n");
    true
}

/// A wrong value found after parsing, named by its key (a path of table names and a key, like
/// `["checks", "severity", "missing-fqa"]`); `Config::parse` turns it into a `ConfigError`
/// at that key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyError {
    pub key: Vec<String>,
    pub message: String,
    pub help: Option<String>,
    /// Whether the value is wrong (and marked), rather than the key.
    pub value: bool,
}

impl KeyError {
    /// A key that should not be there (an unknown rule name under `[checks.severity]`).
    pub(crate) fn new(key: &[&str], message: impl Into<String>) -> KeyError {
        KeyError {
            key: key.iter().map(|k| (*k).to_owned()).collect(),
            message: message.into(),
            help: None,
            value: false,
        }
    }

    /// A key whose value is wrong.
    pub(crate) fn value(key: &[&str], message: impl Into<String>) -> KeyError {
        KeyError {
            value: true,
            ..KeyError::new(key, message)
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> KeyError {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic at the key in `text`, or at the file when the key is not written there
    /// (a default that became wrong).
    pub(crate) fn locate(self, text: &str) -> ConfigError {
        let mut diagnostic = crate::diagnostic::rules::INVALID_CONFIG.report(FILE, self.message);
        diagnostic.help = self.help;
        let key: Vec<&str> = self.key.iter().map(String::as_str).collect();
        ConfigError::one(match key_span(text, &key, self.value) {
            Some(span) => at_span(diagnostic, text, span),
            None => diagnostic,
        })
    }
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        match &self.help {
            Some(help) => write!(f, " ({help})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for KeyError {}

/// The diagnostic of a TOML syntax or shape error.
pub(super) fn from_toml(text: &str, err: &toml::de::Error) -> ConfigError {
    let message = err.message().trim();
    let diagnostic = match unknown_key(message) {
        Some((key, expected)) => {
            let table = err
                .span()
                .and_then(|span| table_at(text, span.start))
                .map(|t| format!(" in [{t}]"))
                .unwrap_or_default();
            let help = match closest(key, expected.iter().copied()) {
                Some(known) => format!("did you mean `{known}`?"),
                None if expected.is_empty() => "this table takes no keys".to_owned(),
                None => format!("the keys here are: {}", expected.join(", ")),
            };
            crate::diagnostic::rules::UNKNOWN_KEY
                .report(FILE, format!("unknown key `{key}`{table}"))
                .with_help(help)
        }
        None => crate::diagnostic::rules::INVALID_CONFIG.report(FILE, message),
    };
    ConfigError::one(match err.span() {
        Some(span) => at_span(diagnostic, text, span),
        None => diagnostic,
    })
}

fn at_span(diagnostic: Diagnostic, text: &str, span: std::ops::Range<usize>) -> Diagnostic {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    // Mark at most the rest of the first line (a span may cover a whole table).
    let marked = text.get(start..end).unwrap_or_default();
    let marked = marked.split('\n').next().unwrap_or_default();
    diagnostic
        .at_offset(text, start)
        .spanning(marked.trim_end_matches('\r').chars().count())
}

/// `unknown field `titel`, expected one of `title`, `description`` → the key and the
/// expected keys: serde's wording for `deny_unknown_fields`, which toml passes on.
fn unknown_key(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|k| !k.is_empty())
        .collect();
    Some((key, expected))
}

/// The name of the table whose section holds `offset` (`checks.kinds.checklist`), if any.
fn table_at(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default().trim();
    if line.starts_with('[') {
        // The unknown key is a table's own name (`[chekcs]` after `[build]`): it is a key of
        // the header's parent table, none for a table at the top.
        let name = header_name(line)?;
        return name
            .rsplit_once('.')
            .map(|(parent, _)| parent.trim().to_owned());
    }
    before[..line_start]
        .lines()
        .rev()
        .find_map(|line| header_name(line.trim()))
}

/// The name of a table header line (`[checks.severity]`, `[[x]]`), or `None` for another line.
fn header_name(line: &str) -> Option<String> {
    let name = line.strip_prefix("[[").or_else(|| line.strip_prefix('['))?;
    Some(name.split(']').next()?.trim().to_owned())
}

/// Where `key` is written: the span of its last part (or of its value), found in the parsed
/// document.
fn key_span(text: &str, key: &[&str], value: bool) -> Option<std::ops::Range<usize>> {
    let document = toml::de::DeTable::parse(text).ok()?;
    let (last, tables) = key.split_last()?;
    let mut table = document.get_ref();
    for name in tables {
        let (_, value) = table.iter().find(|(k, _)| k.get_ref() == name)?;
        match value.get_ref() {
            toml::de::DeValue::Table(inner) => table = inner,
            _ => return None,
        }
    }
    table
        .iter()
        .find(|(k, _)| k.get_ref() == last)
        .map(|(k, v)| if value { v.span() } else { k.span() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_table_is_named_in_its_parent_not_in_the_table_before() {
        let text = "[build]\ntheme = \"x\"\n\n[chekcs]\n[checks.sevrity]\n";
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(table_at(text, at("chekcs")), None);
        assert_eq!(table_at(text, at("sevrity")).as_deref(), Some("checks"));
        assert_eq!(table_at(text, at("theme")).as_deref(), Some("build"));
    }

    #[test]
    fn blanking_keeps_the_lines_and_never_a_table_header() {
        let mut text = "[book]\ntitel = 1\ntitle = \"x\"".to_owned();
        assert!(blank_line(&mut text, 2));
        assert_eq!(text, "[book]\n\ntitle = \"x\"");
        assert!(!blank_line(&mut text, 1), "a header");
        assert!(!blank_line(&mut text, 0));
        assert!(!blank_line(&mut text, 9));
        assert_eq!(text, "[book]\n\ntitle = \"x\"");
    }

    #[test]
    fn unknown_key_messages_are_read() {
        assert_eq!(
            unknown_key("unknown field `titel`, expected one of `title`, `base-url`"),
            Some(("titel", vec!["title", "base-url"]))
        );
        assert_eq!(
            unknown_key("unknown field `x`, expected `title`"),
            Some(("x", vec!["title"]))
        );
        assert_eq!(
            unknown_key("unknown field `x`, there are no fields"),
            Some(("x", vec![]))
        );
        assert_eq!(unknown_key("invalid type: string, expected usize"), None);
    }

    #[test]
    fn tables_and_keys_are_found() {
        let text = "[book]\ntitle = \"x\"\n\n[checks.severity]\nmissing-fqa = \"off\"\n";
        assert_eq!(
            table_at(text, text.find("missing").unwrap()).as_deref(),
            Some("checks.severity")
        );
        assert_eq!(
            table_at(text, text.find("title").unwrap()).as_deref(),
            Some("book")
        );
        assert_eq!(table_at("a = 1\n", 0), None);
        let span = key_span(text, &["checks", "severity", "missing-fqa"], false).unwrap();
        assert_eq!(&text[span], "missing-fqa");
        let span = key_span(text, &["checks", "severity", "missing-fqa"], true).unwrap();
        assert_eq!(&text[span], "\"off\"");
        assert_eq!(key_span(text, &["build", "theme"], false), None);
    }
}
