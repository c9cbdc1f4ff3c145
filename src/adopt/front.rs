//! The front matter the guides carry: which blocks (YAML, TOML, none), every key with the type
//! all its values have, the keys that are another tool's name of a built-in field (aliases),
//! and the values of the built-in `role`, `level` and `kind`. Values are typed by the same
//! tests a build applies (`guide/fields.rs`), so what is declared here is what a build accepts.

use std::collections::{BTreeMap, BTreeSet};

use super::folder::Source;
use super::{Decision, count};
use crate::config::{FRONT_MATTER_FIELDS, FieldType, RawConfig};
use crate::guide::fields::{fits_built_in, has_type};
use crate::guide::front_matter::{self, Format, Value};

/// Other tools' names of the built-in fields, written lowercase without `_` and `-`
/// (`createdAt`, `created_at` and `created-at` are one name).
const ALIASES: &[(&str, &[&str])] = &[
    (
        "date",
        &[
            "created",
            "createdat",
            "createdon",
            "creationdate",
            "datecreated",
            "pubdate",
            "publishdate",
            "published",
            "publishedat",
            "publishedon",
            "publicationdate",
            "datepublished",
            "postdate",
        ],
    ),
    (
        "updated",
        &[
            "lastupdated",
            "lastupdate",
            "lastmod",
            "lastmodified",
            "modified",
            "modifiedat",
            "updatedat",
            "updatedon",
            "datemodified",
            "dateupdated",
        ],
    ),
    (
        "reviewed",
        &["lastreviewed", "reviewedon", "reviewdate", "datereviewed"],
    ),
    (
        "tags",
        &[
            "tag",
            "categories",
            "category",
            "keywords",
            "topics",
            "labels",
        ],
    ),
    (
        "description",
        &["summary", "excerpt", "abstract", "metadescription"],
    ),
    (
        "weight",
        &[
            "order",
            "position",
            "sidebarposition",
            "navorder",
            "sortorder",
            "menuorder",
        ],
    ),
    ("aliases", &["redirectfrom", "redirects", "oldurls"]),
    ("lang", &["language", "locale"]),
];

/// What the blocks of all guides hold.
#[derive(Debug, Default)]
pub(crate) struct Blocks {
    pub yaml: usize,
    pub toml: usize,
    pub none: usize,
    /// Blocks that do not read (the check reports them).
    pub unreadable: usize,
    /// Blocks without a `title` (the guide is then titled by its first heading).
    pub untitled: usize,
    /// Files without a `title` key, with a `#` heading and without one.
    pub titled_by_heading: usize,
    pub titled_by_name: usize,
    /// Key → the value of each file that has it, and those files' other keys.
    pub keys: BTreeMap<String, Vec<(usize, Value)>>,
}

/// Reads every file's block.
pub(crate) fn read(files: &[Source]) -> Blocks {
    let mut blocks = Blocks::default();
    for (index, file) in files.iter().enumerate() {
        let text = file.text.trim_start_matches('\u{feff}');
        let Ok((mapping, split)) = front_matter::read(text, &file.path, false) else {
            blocks.unreadable += 1;
            continue;
        };
        match split.format {
            Format::Yaml => blocks.yaml += 1,
            Format::Toml => blocks.toml += 1,
            Format::None => blocks.none += 1,
        }
        if split.format != Format::None && !mapping.contains_key("title") {
            blocks.untitled += 1;
        }
        if !mapping.contains_key("title") {
            let heading = split.body.lines().any(|line| line.starts_with("# "));
            *if heading {
                &mut blocks.titled_by_heading
            } else {
                &mut blocks.titled_by_name
            } += 1;
        }
        for (key, value) in mapping {
            if let Some(key) = key.as_str() {
                blocks
                    .keys
                    .entry(key.to_owned())
                    .or_default()
                    .push((index, value));
            }
        }
    }
    blocks
}

/// Sets `[front-matter]` (and `[checks.values]`) in `raw` from the guides' blocks.
pub(crate) fn detect(files: &[Source], raw: &mut RawConfig) -> Vec<Decision> {
    let blocks = read(files);
    let mut decisions = vec![presence(&blocks, files.len(), raw)];
    decisions.push(titles(&blocks, files.len()));
    decisions.extend(urls(&blocks));
    decisions.extend(built_ins(&blocks));
    let aliases = aliases(&blocks);
    for (key, uses) in &blocks.keys {
        if FRONT_MATTER_FIELDS.contains(&key.as_str()) {
            decisions.extend(built_in(key, uses, raw));
        } else if let Some((target, finding)) = aliases.get(key) {
            raw.front_matter
                .aliases
                .insert(key.clone(), (*target).to_owned());
            decisions.push(
                Decision::new(
                    format!("field {key}"),
                    finding,
                    format!("alias of {target}"),
                )
                .at("front-matter.aliases", Some(key)),
            );
        } else {
            decisions.push(own_field(key, uses, raw));
        }
    }
    decisions
}

/// `required`: off when some guide has no block, or a block without a title.
fn presence(blocks: &Blocks, files: usize, raw: &mut RawConfig) -> Decision {
    let mut finding = format!(
        "{} YAML, {} TOML, {} none",
        blocks.yaml, blocks.toml, blocks.none
    );
    if blocks.unreadable > 0 {
        finding += &format!(", {} unreadable", blocks.unreadable);
    }
    if blocks.untitled > 0 {
        finding += &format!("; {} without a title", count(blocks.untitled, "block"));
    }
    finding += &format!(" (of {})", count(files, "file"));
    let decision = Decision::new("front matter", finding, "");
    if blocks.none > 0 || blocks.untitled > 0 {
        raw.front_matter.required = Some(false);
        Decision {
            setting: "required = false (a guide without a title in front matter is titled by \
                      its first `#` heading)"
                .to_owned(),
            ..decision
        }
        .at("front-matter", Some("required"))
    } else {
        Decision {
            setting: "required (the default): every guide has its block and title".to_owned(),
            ..decision
        }
    }
}

/// The built-in keys the guides write, with how many write each.
fn built_ins(blocks: &Blocks) -> Option<Decision> {
    let used: Vec<String> = FRONT_MATTER_FIELDS
        .iter()
        .filter_map(|key| Some(format!("{key} ({})", blocks.keys.get(*key)?.len())))
        .collect();
    (!used.is_empty())
        .then(|| Decision::new("built-in fields", used.join(", "), "read as prepbook's own"))
}

/// Where the guides' titles come from, as a build takes them.
fn titles(blocks: &Blocks, files: usize) -> Decision {
    let by_key = files - blocks.unreadable - blocks.titled_by_heading - blocks.titled_by_name;
    Decision::new(
        "titles",
        format!(
            "{by_key} from front matter, {} from the first `#` heading, {} from the file name",
            blocks.titled_by_heading, blocks.titled_by_name
        ),
        "as written (front matter's, else the first `#` heading, shown once, else the file \
         name)",
    )
}

/// URLs come from file paths: said when the guides name their own (`slug`, `permalink`).
fn urls(blocks: &Blocks) -> Option<Decision> {
    let named: Vec<String> = ["slug", "permalink", "url"]
        .iter()
        .filter_map(|key| {
            let n = blocks.keys.get(*key)?.len();
            Some(format!("`{key}` in {}", count(n, "file")))
        })
        .collect();
    (!named.is_empty()).then(|| {
        Decision::new(
            "URLs",
            format!("the guides name their own: {}", named.join(", ")),
            "from file paths (guides/a.md is /guides/a/); those keys are kept for templates",
        )
    })
}

/// Each key that is another tool's name of a built-in field, with its target and finding: a
/// name of the table above whose every value the built-in field accepts, in files that do not
/// write the built-in key too (the most used such key, when several name one field).
fn aliases(blocks: &Blocks) -> BTreeMap<String, (&'static str, String)> {
    let mut chosen: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for (key, uses) in &blocks.keys {
        let Some(target) = alias_target(key) else {
            continue;
        };
        let with_target: BTreeSet<usize> = blocks
            .keys
            .get(target)
            .map(|t| t.iter().map(|(i, _)| *i).collect())
            .unwrap_or_default();
        let fits = uses.iter().all(|(_, v)| fits_built_in(target, v));
        let apart = uses.iter().all(|(i, _)| !with_target.contains(i));
        if fits && apart && chosen.get(target).is_none_or(|(_, n)| *n < uses.len()) {
            chosen.insert(target, (key, uses.len()));
        }
    }
    chosen
        .into_iter()
        .map(|(target, (key, n))| {
            let kind = type_of(&blocks.keys[key]).map_or("value", FieldType::keyword);
            (
                key.to_owned(),
                (target, format!("{kind}, {}", count(n, "file"))),
            )
        })
        .collect()
}

/// The built-in field `key` is another tool's name of, if any.
fn alias_target(key: &str) -> Option<&'static str> {
    let name: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .collect::<String>()
        .to_lowercase();
    let own = FRONT_MATTER_FIELDS.iter().find(|f| **f == name);
    own.copied().or_else(|| {
        ALIASES
            .iter()
            .find(|(_, names)| names.contains(&name.as_str()))
            .map(|(target, _)| *target)
    })
}

/// The narrowest type every value has, if one does.
fn type_of(uses: &[(usize, Value)]) -> Option<FieldType> {
    FieldType::NARROWEST_FIRST
        .into_iter()
        .find(|t| uses.iter().all(|(_, v)| has_type(v, *t)))
}

/// A key of the site's own: declared with its type, or left undeclared (and so an
/// `unknown-field` warning, kept for templates) when no one type holds all its values.
fn own_field(key: &str, uses: &[(usize, Value)], raw: &mut RawConfig) -> Decision {
    let files = count(uses.len(), "file");
    match type_of(uses) {
        Some(kind) => {
            raw.front_matter.fields.insert(key.to_owned(), kind);
            Decision::new(
                format!("field {key}"),
                format!("{}, {files}", kind.keyword()),
                format!("declared as {}", kind.keyword()),
            )
            .at("front-matter.fields", Some(key))
        }
        None => Decision::new(
            format!("field {key}"),
            format!("{}, {files}", shapes(uses)),
            "left undeclared: no field type holds every value; kept for templates, each an \
             unknown-field warning",
        ),
    }
}

/// The shapes of a key's values, for a finding: `table 3, string 1`.
fn shapes(uses: &[(usize, Value)]) -> String {
    let mut shapes: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, value) in uses {
        let shape = match value {
            Value::Mapping(_) => "table",
            Value::Null => "empty",
            Value::Sequence(_) => "list",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Tagged(_) => "tagged",
        };
        *shapes.entry(shape).or_insert(0) += 1;
    }
    if shapes.len() == 1 {
        return shapes.keys().map(|s| (*s).to_owned()).collect();
    }
    let shapes: Vec<String> = shapes.iter().map(|(s, n)| format!("{s} {n}")).collect();
    format!("mixed ({})", shapes.join(", "))
}

/// A built-in key: said only when some of its values cannot be read, or (for `role`,
/// `level` and `kind`) to allow the values the guides use.
fn built_in(key: &str, uses: &[(usize, Value)], raw: &mut RawConfig) -> Option<Decision> {
    let bad = uses.iter().filter(|(_, v)| !fits_built_in(key, v)).count();
    if bad > 0 {
        return Some(Decision::new(
            format!("field {key}"),
            format!(
                "built in; {bad} of {} cannot be read as `{key}`",
                count(uses.len(), "value")
            ),
            "each is an invalid-front-matter error of check (below)",
        ));
    }
    let values = match key {
        "role" => &mut raw.checks.values.role,
        "level" => &mut raw.checks.values.level,
        "kind" => &mut raw.checks.values.kind,
        _ => return None,
    };
    let mut found: BTreeSet<String> = uses
        .iter()
        .filter_map(|(_, v)| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .collect();
    let defaults = crate::config::default_values(key);
    if found.iter().all(|v| defaults.contains(v)) {
        return None;
    }
    let finding = found.iter().cloned().collect::<Vec<_>>().join(", ");
    found.extend(defaults.iter().cloned());
    *values = Some(found.into_iter().collect());
    Some(
        Decision::new(
            format!("values of {key}"),
            format!("the guides use {finding}"),
            "allowed, with the defaults",
        )
        .at("checks.values", Some(key)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(texts: &[&str]) -> Vec<Source> {
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| Source {
                path: format!("g{i}.md"),
                text: (*text).to_owned(),
            })
            .collect()
    }

    #[test]
    fn keys_are_typed_and_aliased_by_what_every_value_is() {
        let files = sources(&[
            "---\ntitle: A\ncreatedAt: 2024-05-01\ncategories: [x]\nsidebar_label: A\n\
             featured: true\nmenu: {main: 1}\nSummary: s\n---\n",
            "+++\ntitle = \"B\"\ncreatedAt = 2024-05-02T10:00:00Z\nsidebar_position = 2\n\
             featured = false\nmenu = \"x\"\n+++\n",
            "# No front matter\n",
            "---\ntitle: C\nkeywords: [k]\ntags: [t]\n---\n",
        ]);
        let mut raw = RawConfig::default();
        let decisions = detect(&files, &mut raw);
        let front = &raw.front_matter;
        assert_eq!(front.required, Some(false));
        let aliases: Vec<(&str, &str)> = front
            .aliases
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            aliases,
            [
                ("Summary", "description"),
                ("categories", "tags"),
                ("createdAt", "date"),
                ("sidebar_position", "weight"),
            ],
            "keywords is in a file with tags: a list of its own"
        );
        let fields: Vec<(&str, FieldType)> =
            front.fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            fields,
            [
                ("featured", FieldType::Bool),
                ("keywords", FieldType::List),
                ("sidebar_label", FieldType::String),
            ]
        );
        let lines: Vec<String> = decisions.iter().map(ToString::to_string).collect();
        assert!(lines.contains(&"front matter: 2 YAML, 1 TOML, 1 none (of 4 files) -> required = false (a guide without a title in front matter is titled by its first `#` heading)".to_owned()), "{lines:#?}");
        assert!(lines.contains(&"field createdAt: date, 2 files -> alias of date".to_owned()));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("field menu: mixed (string 1, table 1)")),
            "{lines:#?}"
        );
    }

    #[test]
    fn a_date_like_key_that_is_no_date_is_a_field_of_its_own() {
        let files = sources(&["---\ntitle: A\npublished: true\n---\n"]);
        let mut raw = RawConfig::default();
        detect(&files, &mut raw);
        assert!(raw.front_matter.aliases.is_empty());
        assert_eq!(raw.front_matter.fields["published"], FieldType::Bool);
        assert_eq!(raw.front_matter.required, None, "every guide has a title");
    }

    #[test]
    fn kinds_the_guides_use_are_allowed() {
        let files = sources(&["---\ntitle: A\nkind: tutorial\nrole: SDE\n---\n"]);
        let mut raw = RawConfig::default();
        detect(&files, &mut raw);
        let kinds = raw.checks.values.kind.unwrap();
        assert!(kinds.contains(&"tutorial".to_owned()) && kinds.contains(&"framework".to_owned()));
        assert_eq!(raw.checks.values.role, None, "SDE is a default role");
    }
}
