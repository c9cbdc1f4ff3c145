//! `[front-matter]`: what a site's guides may carry above their body, so that a site migrated
//! from another tool builds with its own keys as they are written.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::KeyError;

/// The keys prepbook itself reads from a guide's front matter.
pub(crate) const BUILT_IN: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "reviewed",
    "tags",
    "role",
    "level",
    "kind",
    "draft",
    "weight",
    "aliases",
    "related",
    "checks",
    "lang",
    "dir",
];

#[derive(Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawFrontMatter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) required: Option<bool>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) fields: BTreeMap<String, FieldType>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) aliases: BTreeMap<String, String>,
}

/// The type of a field a site declares for its own front-matter keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FieldType {
    String,
    Date,
    List,
    Bool,
    Number,
}

impl FieldType {
    /// Every type, the narrowest first: the first a key's values all have is its type.
    pub(crate) const NARROWEST_FIRST: [FieldType; 5] = [
        FieldType::Bool,
        FieldType::Number,
        FieldType::Date,
        FieldType::List,
        FieldType::String,
    ];

    /// The name written in `book.toml`.
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Date => "date",
            FieldType::List => "list",
            FieldType::Bool => "bool",
            FieldType::Number => "number",
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            FieldType::String => "a string",
            FieldType::Date => "a date written YYYY-MM-DD",
            FieldType::List => "a list",
            FieldType::Bool => "true or false",
            FieldType::Number => "a number",
        }
    }
}

/// The resolved `[front-matter]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontMatterConfig {
    /// Whether every guide must start with front matter. Off, a file without it is a guide
    /// titled by its first `#` heading (or its file name), as in a repository of READMEs.
    pub required: bool,
    /// The site's own keys and their types: kept for templates (`guide.extra`), type-checked,
    /// and known to the did-you-mean of unknown keys.
    pub fields: BTreeMap<String, FieldType>,
    /// Keys another tool uses for a built-in field (`createdAt` → `date`).
    pub aliases: BTreeMap<String, String>,
}

impl Default for FrontMatterConfig {
    fn default() -> Self {
        FrontMatterConfig {
            required: true,
            fields: BTreeMap::new(),
            aliases: BTreeMap::new(),
        }
    }
}

impl FrontMatterConfig {
    pub(super) fn resolve(raw: RawFrontMatter) -> Result<FrontMatterConfig, KeyError> {
        for (key, target) in &raw.aliases {
            if !BUILT_IN.contains(&target.as_str()) {
                let error = KeyError::value(
                    &["front-matter", "aliases", key],
                    format!("`{target}` is not a built-in front-matter field"),
                );
                return Err(
                    match crate::diagnostic::closest(target, BUILT_IN.iter().copied()) {
                        Some(near) => error.with_help(format!("did you mean `{near}`?")),
                        None => error.with_help(format!("the fields are: {}", BUILT_IN.join(", "))),
                    },
                );
            }
        }
        for key in raw.fields.keys().chain(raw.aliases.keys()) {
            if BUILT_IN.contains(&key.as_str()) {
                let table = if raw.fields.contains_key(key) {
                    "fields"
                } else {
                    "aliases"
                };
                return Err(KeyError::new(
                    &["front-matter", table, key],
                    format!("`{key}` is a built-in front-matter field already"),
                ));
            }
        }
        Ok(FrontMatterConfig {
            required: raw.required.unwrap_or(true),
            fields: raw.fields,
            aliases: raw.aliases,
        })
    }

    /// The built-in field a key stands for: itself, or what it is an alias of.
    pub(crate) fn built_in<'a>(&'a self, key: &'a str) -> Option<&'a str> {
        match self.aliases.get(key) {
            Some(target) => Some(target),
            None => BUILT_IN.contains(&key).then_some(key),
        }
    }

    /// Every key a guide may write, for did-you-mean hints.
    pub(crate) fn known_keys(&self) -> impl Iterator<Item = &str> {
        BUILT_IN
            .iter()
            .copied()
            .chain(self.fields.keys().map(String::as_str))
            .chain(self.aliases.keys().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::Config;

    #[test]
    fn fields_and_aliases_are_read() {
        let config = Config::parse(
            Path::new("/s"),
            "[front-matter]\nrequired = false\nfields = { seo_title = \"string\" }\n\
             aliases = { createdAt = \"date\", categories = \"tags\" }\n",
        )
        .unwrap();
        let front = &config.front_matter;
        assert!(!front.required);
        assert_eq!(front.built_in("createdAt"), Some("date"));
        assert_eq!(front.built_in("title"), Some("title"));
        assert_eq!(front.built_in("seo_title"), None);
        assert!(front.known_keys().any(|k| k == "seo_title"));
    }

    #[test]
    fn an_alias_of_no_built_in_field_is_an_error_at_its_value() {
        let err = Config::parse(
            Path::new("/s"),
            "[front-matter]\naliases = { createdAt = \"dat\" }\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("`dat` is not a built-in"), "{err}");
        assert!(err.contains("did you mean `date`?"), "{err}");
        let err = Config::parse(
            Path::new("/s"),
            "[front-matter.fields]\ntitle = \"string\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("built-in front-matter field already"), "{err}");
        let err = Config::parse(Path::new("/s"), "[front-matter.fields]\nx = \"text\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("book.toml:2"), "{err}");
    }
}
