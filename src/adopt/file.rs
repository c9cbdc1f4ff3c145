//! The written file: the real config types serialized with `toml`, each decision's finding
//! written as a comment above the setting it made.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

use super::Decision;
use crate::config::{Config, RawConfig};

/// `raw` as `Config::parse` reads it, for the steps that check a setting with the real build.
pub(crate) fn config(dir: &Path, raw: &RawConfig) -> Result<Config> {
    let text = toml::to_string(raw).context("cannot write book.toml")?;
    Config::parse(dir, &text)
}

/// The text of `book.toml`: `raw`, with the decisions as comments.
pub(crate) fn write(raw: &RawConfig, decisions: &[Decision]) -> Result<String> {
    let text = toml::to_string(raw).context("cannot write book.toml")?;
    let mut notes: BTreeMap<(&str, Option<&str>), Vec<String>> = BTreeMap::new();
    for decision in decisions {
        if let Some((table, key)) = &decision.place {
            let note = format!("{}: {}", decision.topic, decision.finding);
            let note = match key {
                Some(_) => note,
                None => format!("{note} -> {}", decision.setting),
            };
            notes
                .entry((table.as_str(), key.as_deref()))
                .or_default()
                .push(note);
        }
    }
    Ok(annotate(&text, &notes))
}

/// Puts each note above its line: a table's header, or a key in a table.
fn annotate(text: &str, notes: &BTreeMap<(&str, Option<&str>), Vec<String>>) -> String {
    let mut out = String::from(
        "# Written by `prepbook adopt` from what this folder holds; each setting says why.\n",
    );
    let mut table = String::new();
    let comment = |out: &mut String, lines: Option<&Vec<String>>| {
        for line in lines.into_iter().flatten() {
            out.push_str(&format!("# {line}\n"));
        }
    };
    for line in text.lines() {
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            table = header.to_owned();
            if !out.ends_with("\n\n") {
                out.push('\n');
            }
            comment(&mut out, notes.get(&(table.as_str(), None)));
        } else if let Some((key, _)) = line.split_once(" = ") {
            let key = key.trim().trim_matches('"');
            comment(&mut out, notes.get(&(table.as_str(), Some(key))));
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_go_above_their_settings_and_the_file_reads_back() {
        let mut raw = RawConfig::default();
        raw.book.title = Some("T".into());
        raw.front_matter
            .aliases
            .insert("createdAt".into(), "date".into());
        let decisions = [
            Decision::new("field createdAt", "date, 3 files", "alias of date")
                .at("front-matter.aliases", Some("createdAt")),
            Decision::new("base-url", "not found", "left for you").at("book", None),
        ];
        let text = write(&raw, &decisions).unwrap();
        assert!(
            text.contains("# base-url: not found -> left for you\n[book]\ntitle = \"T\"\n"),
            "{text}"
        );
        assert!(
            text.contains("# field createdAt: date, 3 files\ncreatedAt = \"date\""),
            "{text}"
        );
        let config = Config::parse(Path::new("/s"), &text).unwrap();
        assert_eq!(config.front_matter.built_in("createdAt"), Some("date"));
    }
}
