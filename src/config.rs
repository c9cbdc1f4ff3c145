//! `book.toml`: the typed site configuration.
//!
//! `RawConfig` mirrors the file (unknown keys rejected, so a typo is an error with its line);
//! `Config` is the resolved form the pipeline uses, with paths made absolute.

mod confine;
mod diagnose;
mod exclude;
mod front_matter;
pub(crate) mod navigation;
mod review;
mod shared_links;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

pub use diagnose::ConfigError;
pub(crate) use diagnose::KeyError;
pub(crate) use exclude::Exclude;
pub(crate) use front_matter::BUILT_IN as FRONT_MATTER_FIELDS;
pub(crate) use front_matter::{FieldType, FrontMatterConfig};
pub(crate) use navigation::{Entry as NavEntry, Navigation};
pub(crate) use review::ReviewAfter;

use crate::urls::BasePath;

/// The file as written: what `Config::parse` reads, and what `adopt` writes (each field left
/// out of the file when it holds the default, so a written file says only what was decided).
#[derive(Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawConfig {
    #[serde(default, skip_serializing_if = "is_default")]
    pub(crate) book: RawBook,
    #[serde(default, skip_serializing_if = "is_default")]
    pub(crate) build: RawBuild,
    #[serde(default, skip_serializing_if = "is_default")]
    pub(crate) front_matter: front_matter::RawFrontMatter,
    #[serde(default, skip_serializing_if = "is_default")]
    pub(crate) checks: RawChecks,
    #[serde(default, skip_serializing_if = "is_default")]
    pub(crate) practice: RawPractice,
    #[serde(default, skip_serializing_if = "is_default")]
    pub(crate) offline: RawOffline,
}

/// `[offline]`: reading without a connection, through a service worker.
#[derive(Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawOffline {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) enabled: Option<bool>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// `[practice]`: the flash-card and progress pages.
#[derive(Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawPractice {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) enabled: Option<bool>,
}

#[derive(Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawBook {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) base_url: Option<String>,
}

#[derive(Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawBuild {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) content_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) output_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) keep: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) theme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) highlight_theme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) highlight_theme_dark: Option<String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub(crate) raw_html: RawHtml,
    #[serde(default)]
    pub(crate) heading_ids: HeadingIds,
    /// Whether the `.md` guides are MDX (Docusaurus reads them so): their top-level
    /// `import`/`export` blocks are then left out, as they are in `.mdx` files.
    #[serde(default, skip_serializing_if = "is_default")]
    pub(crate) mdx: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) exclude: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sitemap_max_urls: Option<usize>,
    /// Another tool's table of contents (`src/SUMMARY.md`, `mkdocs.yml`), under the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) navigation: Option<PathBuf>,
    /// Files under the root whose link reference definitions (`[label]: url`) every guide can
    /// use, as MkDocs' `pymdownx.snippets` `auto_append` gives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) link_definitions: Vec<PathBuf>,
    /// Whether mdBook's `{{#include …}}`, `{{#rustdoc_include …}}` and `{{#title …}}` are
    /// expanded: on for an mdBook book, off elsewhere, where such text is shown as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) mdbook_includes: Option<bool>,
    /// Whether page URLs are lowercase and links to pages found whatever their case, as Hugo
    /// makes them (unless its `disablePathToLower`): on for a Hugo site, off elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) lowercase_urls: Option<bool>,
}

/// How heading ids (the `#fragment` of a heading) are made from the heading's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum HeadingIds {
    /// GitHub's: what links in READMEs and most Markdown sites were written against.
    #[default]
    Github,
    /// prepbook's first style: ASCII lowercased, every run of other characters one `-`.
    Prepbook,
    /// Python-Markdown's (MkDocs' default): ASCII only, punctuation dropped, repeats `_1`.
    #[serde(rename = "python-markdown")]
    PythonMarkdown,
}

/// What becomes of HTML written in a guide body (`<details>`, `<script>`): CommonMark passes
/// it through, which suits authors who own the site; a site built from contributors' guides
/// escapes it, so it shows as text and cannot run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawHtml {
    #[default]
    Allow,
    Escape,
}

/// `[checks]`: the content model. Field names are spelled out (no `flatten`) so that unknown
/// keys are still rejected.
#[derive(Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawChecks {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) required: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) tldr_max_words: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) faq_min_questions: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) checklist_min_items: Option<usize>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) guide_overrides: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) review_after: Option<String>,
    /// `[checks.parts]`: the site's own kinds of part, and more headings for the built-in ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) parts: Option<BTreeMap<String, Vec<String>>>,
    /// `[checks.sections]`, the former name of `[checks.parts]`: still read, never written.
    #[serde(default, skip_serializing)]
    pub(crate) sections: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) kinds: BTreeMap<String, PartRulesOverlay>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) severity: BTreeMap<String, Level>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub(crate) values: RawValues,
}

/// Changes to the rules a guide's parts are held to, every field optional: a kind's
/// (`[checks.kinds.<kind>]`) over the site's, and a guide's own (`checks:` in its front matter)
/// over its kind's. Read from `book.toml` and from front matter alike.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct PartRulesOverlay {
    pub required: Option<Vec<String>>,
    pub tldr_max_words: Option<usize>,
    pub faq_min_questions: Option<usize>,
    pub checklist_min_items: Option<usize>,
}

#[derive(Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawValues {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) role: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) level: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) kind: Option<Vec<String>>,
}

/// How seriously a rule is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    Error,
    Warn,
    Off,
}

/// A kind of named part of a guide: the heading-delimited parts the content model knows (a
/// *part* is within one guide; a *section* is a folder of guides). `Table` is no heading: a
/// kind may require a guide to hold a table anywhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub(crate) enum PartKind {
    Tldr,
    Faq,
    Checklist,
    Table,
    /// A part of the site's own, named in `[checks.parts]`.
    Named(String),
}

impl PartKind {
    /// The kind a name in `book.toml` or in a guide's `checks:` stands for.
    pub(crate) fn from_name(name: &str) -> PartKind {
        match name {
            "tldr" => PartKind::Tldr,
            "faq" => PartKind::Faq,
            "checklist" => PartKind::Checklist,
            "table" => PartKind::Table,
            other => PartKind::Named(other.to_owned()),
        }
    }

    /// The name as written in `book.toml`.
    pub(crate) fn name(&self) -> &str {
        match self {
            PartKind::Tldr => "tldr",
            PartKind::Faq => "faq",
            PartKind::Checklist => "checklist",
            PartKind::Table => "table",
            PartKind::Named(name) => name,
        }
    }
}

/// The heading texts (normalised) that introduce each kind of part, in the order a heading is
/// matched against them (by name, as `[checks.parts]` sorts them).
pub(crate) type PartAliases = Vec<(PartKind, Vec<String>)>;

/// The kinds of part a guide is read for: the site's declared ones ([`ChecksConfig::declared`])
/// and those its kind's rules or its own `checks:` require.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct DeclaredParts {
    site: Vec<PartKind>,
    kinds: BTreeMap<String, Vec<PartKind>>,
}

impl DeclaredParts {
    /// Whether a guide of `kind`, requiring `own` in its front matter, is read for `part`.
    pub(crate) fn has(&self, part: &PartKind, kind: Option<&str>, own: &[String]) -> bool {
        self.site.contains(part)
            || kind
                .and_then(|k| self.kinds.get(k))
                .is_some_and(|required| required.contains(part))
            || own.iter().any(|name| PartKind::from_name(name) == *part)
    }
}

/// What a guide must contain: the kinds of part it requires, and limits on what they hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct PartRules {
    pub required: Vec<PartKind>,
    pub tldr_max_words: usize,
    pub faq_min_questions: usize,
    pub checklist_min_items: usize,
}

impl PartRules {
    /// These rules with the fields `over` sets replaced.
    pub(crate) fn overlaid(&self, over: &PartRulesOverlay) -> PartRules {
        PartRules {
            required: over.required.as_ref().map_or_else(
                || self.required.clone(),
                |names| names.iter().map(|n| PartKind::from_name(n)).collect(),
            ),
            tldr_max_words: over.tldr_max_words.unwrap_or(self.tldr_max_words),
            faq_min_questions: over.faq_min_questions.unwrap_or(self.faq_min_questions),
            checklist_min_items: over.checklist_min_items.unwrap_or(self.checklist_min_items),
        }
    }
}

/// The resolved `[checks]`. Serialised only to be hashed (what a guide's rules are judged by).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ChecksConfig {
    /// Rules for guides whose kind has none of its own.
    pub rules: PartRules,
    /// Rules per `kind`, already overlaid on `rules`.
    pub kinds: BTreeMap<String, PartRules>,
    /// Part name → heading texts that introduce it, normalised.
    pub parts: BTreeMap<String, Vec<String>>,
    /// The kinds of part every guide is read for: those a rule requires (the site's `required`,
    /// a `[checks.kinds.<kind>]` of the site's) and those `[checks.parts]` names; a guide is
    /// also read for those its kind's rules require ([`DeclaredParts`]). A heading of another
    /// (`## Summary` where `required = []`) is an ordinary heading, judged as none.
    pub declared: Vec<PartKind>,
    /// Rule code → level, for the rules the site changed.
    pub severity: BTreeMap<String, Level>,
    /// Whether a guide's front matter may carry `checks:` overrides.
    pub guide_overrides: bool,
    /// How long a guide's review holds (`stale-guide`); no review dates are judged without.
    pub review_after: Option<ReviewAfter>,
    pub roles: Vec<String>,
    pub levels: Vec<String>,
    pub kinds_allowed: Vec<String>,
    /// Whether a broken link's help looks for what it meant (a did-you-mean over every page):
    /// always, but in runs that only count the problems, where it would be most of the time.
    pub suggest: bool,
}

impl ChecksConfig {
    /// The aliases of every kind of part, for the parse.
    pub(crate) fn part_aliases(&self) -> PartAliases {
        self.parts
            .iter()
            .map(|(name, aliases)| (PartKind::from_name(name), aliases.clone()))
            .collect()
    }

    /// The kinds of part declared for each kind of guide, for the parse.
    pub(crate) fn declared_parts(&self) -> DeclaredParts {
        DeclaredParts {
            site: self.declared.clone(),
            kinds: self
                .kinds
                .iter()
                .map(|(kind, rules)| (kind.clone(), rules.required.clone()))
                .collect(),
        }
    }

    /// The rules for a guide of `kind`.
    pub(crate) fn rules_for(&self, kind: Option<&str>) -> &PartRules {
        kind.and_then(|k| self.kinds.get(k)).unwrap_or(&self.rules)
    }

    fn resolve(raw: RawChecks) -> Result<ChecksConfig> {
        let rules = PartRules {
            required: raw.required.map_or_else(
                || vec![PartKind::Tldr, PartKind::Faq, PartKind::Checklist],
                |names| names.iter().map(|n| PartKind::from_name(n)).collect(),
            ),
            tldr_max_words: raw.tldr_max_words.unwrap_or(80),
            faq_min_questions: raw.faq_min_questions.unwrap_or(2),
            checklist_min_items: raw.checklist_min_items.unwrap_or(3),
        };
        let own_parts = own_parts(raw.parts, raw.sections)?;
        let mut declared: Vec<PartKind> = rules.required.clone();
        declared.extend(own_parts.keys().map(|name| PartKind::from_name(name)));
        for over in raw.kinds.values() {
            declared.extend(
                over.required
                    .iter()
                    .flatten()
                    .map(|n| PartKind::from_name(n)),
            );
        }
        declared.sort();
        declared.dedup();
        let mut parts = default_part_headings();
        parts.extend(own_parts);
        for aliases in parts.values_mut() {
            *aliases = aliases.iter().map(|a| normalise_heading(a)).collect();
        }
        let mut kinds = built_in_kinds(&rules);
        // A site's `[checks.kinds.<kind>]` changes the built-in rules of that kind, if any.
        for (kind, over) in &raw.kinds {
            let base = kinds.get(kind).unwrap_or(&rules).overlaid(over);
            kinds.insert(kind.clone(), base);
        }
        required_parts_have_headings(&rules, &kinds, &parts)?;
        let severity = severity_by_current_codes(&raw.severity)?;
        let review_after = raw
            .review_after
            .as_deref()
            .map(ReviewAfter::parse)
            .transpose()?;
        let values = raw.values;
        let kinds_allowed = values.kind.unwrap_or_else(|| default_values("kind"));
        Ok(ChecksConfig {
            rules,
            kinds,
            parts,
            declared,
            severity,
            guide_overrides: raw.guide_overrides,
            review_after,
            roles: values.role.unwrap_or_else(|| default_values("role")),
            levels: values.level.unwrap_or_else(|| default_values("level")),
            kinds_allowed,
            suggest: true,
        })
    }
}

/// The values `role`, `level` and `kind` may take when `[checks.values]` does not list them.
pub(crate) fn default_values(key: &str) -> Vec<String> {
    match key {
        "role" => strings(&["PM", "PMM", "TPM", "SDE", "EM", "DS", "UX"]),
        "level" => strings(&["L3", "L4", "L5", "L6", "L7", "L8"]),
        "kind" => strings(&["framework", "comparison", "checklist"]),
        _ => Vec::new(),
    }
}

/// The headings each built-in kind of part is found under (a site adds its own under
/// `[checks.parts]`).
fn default_part_headings() -> BTreeMap<String, Vec<String>> {
    [
        (
            "tldr",
            &["TL;DR", "TLDR", "TL DR", "Summary", "In short"][..],
        ),
        ("faq", &["FAQ", "FAQs", "Frequently asked questions"][..]),
        (
            "checklist",
            &["Checklist", "Preparation checklist", "Prep checklist"][..],
        ),
    ]
    .into_iter()
    .map(|(name, aliases)| (name.to_owned(), strings(aliases)))
    .collect()
}

/// The kinds of guide with rules of their own: a checklist needs no FAQ, a comparison a table.
fn built_in_kinds(rules: &PartRules) -> BTreeMap<String, PartRules> {
    let kind = |required: &[&str]| {
        rules.overlaid(&PartRulesOverlay {
            required: Some(strings(required)),
            ..PartRulesOverlay::default()
        })
    };
    BTreeMap::from([
        ("checklist".to_owned(), kind(&["tldr", "checklist"])),
        (
            "comparison".to_owned(),
            kind(&["tldr", "faq", "checklist", "table"]),
        ),
    ])
}

/// Every part a rule requires can be found: it has headings to be found under.
fn required_parts_have_headings(
    rules: &PartRules,
    kinds: &BTreeMap<String, PartRules>,
    parts: &BTreeMap<String, Vec<String>>,
) -> Result<()> {
    let required = std::iter::once((vec!["checks", "required"], rules)).chain(
        kinds
            .iter()
            .map(|(kind, r)| (vec!["checks", "kinds", kind.as_str(), "required"], r)),
    );
    for (key, rules) in required {
        if let Some(name) = rules
            .required
            .iter()
            .find(|name| **name != PartKind::Table && !parts.contains_key(name.name()))
        {
            let name = name.name();
            return Err(
                KeyError::value(&key, format!("a required part `{name}` has no aliases"))
                    .with_help(format!(
                        "add `{name} = [\"Heading text\"]` under [checks.parts]"
                    ))
                    .into(),
            );
        }
    }
    Ok(())
}

/// `[checks.parts]`, or `[checks.sections]` as it was named before (still read, so that sites
/// written then keep working), but not both: which one would hold would be a guess.
fn own_parts(
    parts: Option<BTreeMap<String, Vec<String>>>,
    former: Option<BTreeMap<String, Vec<String>>>,
) -> Result<BTreeMap<String, Vec<String>>> {
    match (parts, former) {
        (Some(_), Some(_)) => Err(KeyError::new(
            &["checks", "sections"],
            "both [checks.parts] and [checks.sections] are given: [checks.sections] is the \
             former name of [checks.parts]",
        )
        .with_help("move the entries of [checks.sections] into [checks.parts]")
        .into()),
        (parts, former) => Ok(parts.or(former).unwrap_or_default()),
    }
}

/// `[checks.severity]` keyed by the rules' current codes: each key names a rule that exists and
/// can be configured, by its code or a former one (see `rules::current_code`), and no rule is
/// set under both.
fn severity_by_current_codes(
    severity: &BTreeMap<String, Level>,
) -> Result<BTreeMap<String, Level>> {
    severities_name_rules(severity)?;
    let mut by_current = BTreeMap::new();
    for (code, level) in severity {
        let current = crate::diagnostic::rules::current_code(code);
        if current != code && severity.contains_key(current) {
            return Err(KeyError::new(
                &["checks", "severity", code],
                format!("both `{current}` and `{code}` are set: `{code}` is the former code of `{current}`"),
            )
            .with_help(format!("keep only `{current}`"))
            .into());
        }
        by_current.insert(current.to_owned(), *level);
    }
    Ok(by_current)
}

/// `[checks.severity]` names only rules that exist and can be configured.
fn severities_name_rules(severity: &BTreeMap<String, Level>) -> Result<()> {
    for code in severity.keys() {
        if !crate::diagnostic::rules::is_configurable(code) {
            let error = KeyError::new(
                &["checks", "severity", code],
                format!("unknown rule `{code}`"),
            );
            return Err(match crate::diagnostic::rules::closest_code(code) {
                Some(c) => error.with_help(format!("did you mean `{c}`?")),
                None => error,
            }
            .into());
        }
    }
    Ok(())
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Heading text as compared with aliases: lowercase, punctuation and spacing folded, so
/// `TL;DR`, `tl;dr` and `TL; DR:` are one name.
pub(crate) fn normalise_heading(text: &str) -> String {
    // One pass: punctuation is dropped (`TL;DR` is one word), a run of whitespace between
    // words is one space; then the whole is lowercased, as `str::to_lowercase` does it.
    let mut folded = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !folded.is_empty();
        } else if c.is_alphanumeric() {
            if space {
                folded.push(' ');
                space = false;
            }
            folded.push(c);
        }
    }
    folded.to_lowercase()
}

/// The resolved configuration of one site.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The site root: the folder holding `book.toml`.
    pub(crate) root: PathBuf,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) language: String,
    /// `base-url` as the site's URLs use it: the path every emitted URL starts with, and the
    /// origin for the few absolute ones (`base-url` as written is not kept: it says nothing
    /// more).
    pub(crate) base: BasePath,
    pub(crate) content_dir: PathBuf,
    pub(crate) output_dir: PathBuf,
    /// Paths in the output folder that are not prepbook's and stay there across builds: the
    /// defaults ([`Config::ALWAYS_KEPT`]) and `keep` under `[build]`.
    pub(crate) keep: Vec<String>,
    /// The site theme's name; its folder is `themes/<name>/` under the root.
    pub(crate) theme: String,
    pub(crate) highlight_theme: String,
    pub(crate) highlight_theme_dark: String,
    pub(crate) raw_html: RawHtml,
    pub(crate) heading_ids: HeadingIds,
    /// `[build] mdx`: the `.md` guides are MDX, like the `.mdx` ones.
    pub(crate) mdx: bool,
    /// Content files left out (`[build] exclude`, glob patterns on paths under the content
    /// folder): snippets and partials that are not pages.
    pub(crate) exclude: Exclude,
    pub(crate) front_matter: FrontMatterConfig,
    pub(crate) checks: ChecksConfig,
    /// `[practice] enabled`: whether the site gets `practice/` (flash cards from the FAQs) and
    /// `my-prep/` (the reader's progress), and the links to them. On unless turned off.
    pub(crate) practice: bool,
    /// `[offline] enabled`: whether the site gets a service worker (`sw.js`) that keeps the
    /// pages a reader opened, and the sections they saved, for reading without a connection.
    /// Off unless turned on.
    pub(crate) offline: bool,
    /// `[build] sitemap-max-urls`: the most URLs one sitemap file holds, from 1 to the
    /// protocol's 50,000 (the default); a site with more gets a sitemap index and parts.
    pub(crate) sitemap_max_urls: usize,
    /// What other tools' files give the site: `[build] navigation` and `link-definitions`.
    pub(crate) borrowed: Borrowed,
    /// `[build] mdbook-includes`: mdBook's directives expanded (off unless turned on).
    pub(crate) mdbook_includes: bool,
    /// `[build] lowercase-urls`: every path under the content folder lowercased, pages and
    /// the files beside them, and so the links to them (off unless turned on).
    pub(crate) lowercase_urls: bool,
}

/// What other tools' files give a site: the table of contents that orders and titles the
/// guides it lists (`[build] navigation`: mdBook's `SUMMARY.md`, a `mkdocs.yml`) and the link
/// definitions every guide can use (`[build] link-definitions`); paths under the root, and
/// what [`Config::load`] read from them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Borrowed {
    pub(crate) navigation_file: Option<PathBuf>,
    pub(crate) navigation: std::sync::Arc<Navigation>,
    pub(crate) link_files: Vec<PathBuf>,
    /// The link reference definitions of those files, one a line.
    pub(crate) shared_links: std::sync::Arc<str>,
}

impl Borrowed {
    fn new(root: &Path, navigation: Option<PathBuf>, link_files: &[PathBuf]) -> Borrowed {
        Borrowed {
            navigation_file: navigation.map(|file| root.join(file)),
            link_files: link_files.iter().map(|file| root.join(file)).collect(),
            ..Borrowed::default()
        }
    }

    /// Reads the files.
    fn read(&mut self) -> Result<()> {
        if let Some(file) = &self.navigation_file {
            self.navigation = std::sync::Arc::new(navigation::read(file)?);
        }
        self.shared_links = shared_links::link_definitions(&self.link_files)?.into();
        Ok(())
    }

    /// The files, for those that watch them.
    pub(crate) fn files(&self) -> impl Iterator<Item = &PathBuf> {
        self.navigation_file.iter().chain(&self.link_files)
    }
}

impl Config {
    pub const FILE_NAME: &'static str = "book.toml";

    /// The name of prepbook's config where `book.toml` is another tool's (mdBook's): read
    /// first when both are there.
    pub const OWN_FILE_NAME: &'static str = "prepbook.toml";

    /// The config file of the site at `root`: `prepbook.toml` when there is one, else
    /// `book.toml`.
    pub fn file_in(root: &Path) -> PathBuf {
        let own = root.join(Self::OWN_FILE_NAME);
        if own.is_file() {
            own
        } else {
            root.join(Self::FILE_NAME)
        }
    }

    /// What a deploy folder holds besides the site: a git checkout's `.git`, and the files
    /// GitHub Pages keeps in its branch.
    pub const ALWAYS_KEPT: [&'static str; 3] = [".git", "CNAME", ".nojekyll"];

    /// The highlight themes, light and dark. `load` refuses names that are not bundled themes;
    /// a `Config` changed since falls back to the default pair.
    pub(crate) fn code_themes(&self) -> crate::highlight::Themes {
        crate::highlight::Themes::named(&self.highlight_theme, &self.highlight_theme_dark)
            .unwrap_or_default()
    }

    /// Reads and resolves `<root>/prepbook.toml` or `<root>/book.toml` (see
    /// [`Config::file_in`]), and the table of contents it names. Any failure here is fatal
    /// for the build.
    pub fn load(root: &Path) -> Result<Config> {
        let path = Self::file_in(root);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                let shown = crate::diagnostic::shown(root);
                let folder = if shown == "." {
                    "this folder".to_owned()
                } else {
                    shown
                };
                bail!(
                    "{folder} is not a prepbook site: it has no {}\n\
                     help: start one with `prepbook init`, or pass the folder that holds \
                     {0} (`prepbook build path/to/site`)",
                    Self::FILE_NAME
                );
            }
            Err(err) => {
                return Err(err)
                    .with_context(|| format!("cannot read {}", crate::diagnostic::shown(&path)));
            }
        };
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into());
        let mut config = match Self::parse_file(root, &text, &name) {
            Ok(config) => config,
            Err(_) if name == Self::FILE_NAME && diagnose::is_mdbook_s(root, &text) => {
                bail!(
                    "{} is mdBook's, not prepbook's: prepbook reads its own settings from {} \
                     beside it\nhelp: run `prepbook adopt {}` to write {1} from the book (its \
                     book.toml, SUMMARY.md and chapters are left as they are)",
                    crate::diagnostic::shown(&path),
                    Self::OWN_FILE_NAME,
                    crate::diagnostic::shown(root)
                );
            }
            Err(err) => return Err(err),
        };
        config.confine()?;
        config.borrowed.read()?;
        Ok(config)
    }

    /// Refuses source folders that resolve outside the site root (see `confine`).
    pub(crate) fn confine(&self) -> Result<()> {
        let mut sources = vec![
            ("content folder", self.content_dir.clone()),
            ("static folder", self.root.join("static")),
            ("themes folder", self.root.join("themes")),
            ("theme folder", self.theme_dir()),
        ];
        sources.extend(
            self.borrowed
                .navigation_file
                .clone()
                .map(|file| ("navigation file", file)),
        );
        sources.extend(
            (self.borrowed.link_files.iter()).map(|file| ("link definitions file", file.clone())),
        );
        confine::check(&self.root, &sources)
    }

    /// Parses the text of a `book.toml`. A problem at a place in the file is a
    /// [`ConfigError`] with its line, column and source line, like a guide's diagnostics.
    /// Every problem of the file is reported, not only the first (see
    /// [`diagnose::with_the_rest`]).
    pub fn parse(root: &Path, text: &str) -> Result<Config> {
        Self::parse_file(root, text, Self::FILE_NAME)
    }

    /// [`Config::parse`] of the file named `name` (`prepbook.toml`), which its problems name.
    fn parse_file(root: &Path, text: &str, name: &str) -> Result<Config> {
        Self::parse_once(root, text, name)
            .map_err(|err| {
                diagnose::with_the_rest(err, text, |t| Self::parse_once(root, t, name).err())
            })
            .map_err(|err| diagnose::named(err, name))
    }

    /// [`Config::parse`], stopping at the first problem.
    fn parse_once(root: &Path, text: &str, name: &str) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text).map_err(|err| diagnose::from_toml(text, &err))?;
        Self::resolve(root, raw).map_err(|err| match err.downcast::<KeyError>() {
            Ok(key_error) => key_error.locate(text).into(),
            Err(err) => err.context(format!("invalid {name}")),
        })
    }

    fn resolve(root: &Path, raw: RawConfig) -> Result<Config> {
        let base_url = raw.book.base_url.unwrap_or_default();
        let base = BasePath::from_base_url(&base_url)
            .map_err(|err| KeyError::value(&["book", "base-url"], format!("{err:#}")))?;
        let (highlight_theme, highlight_theme_dark) = highlight_themes(&raw.build)?;
        let checks = checks_for(raw.checks, raw.build.raw_html)?;
        let root = root.to_path_buf();
        let content_dir = root.join(raw.build.content_dir.unwrap_or_else(|| "content".into()));
        let output_dir = root.join(raw.build.output_dir.unwrap_or_else(|| "public".into()));
        let keep = resolve_keep(raw.build.keep.unwrap_or_default())?;
        let sitemap_max_urls = resolve_sitemap_max_urls(raw.build.sitemap_max_urls)?;
        Ok(Config {
            title: raw.book.title.unwrap_or_else(|| "Prep guides".to_owned()),
            description: raw.book.description.unwrap_or_default(),
            language: raw.book.language.unwrap_or_else(|| "en".to_owned()),
            base,
            content_dir,
            output_dir,
            keep,
            theme: raw.build.theme.unwrap_or_else(|| "default".to_owned()),
            highlight_theme,
            highlight_theme_dark,
            raw_html: raw.build.raw_html,
            heading_ids: raw.build.heading_ids,
            mdx: raw.build.mdx,
            exclude: Exclude::new(&raw.build.exclude)
                .map_err(|err| KeyError::value(&["build", "exclude"], err))?,
            front_matter: FrontMatterConfig::resolve(raw.front_matter)?,
            checks,
            practice: raw.practice.enabled.unwrap_or(true),
            offline: raw.offline.enabled.unwrap_or(false),
            sitemap_max_urls,
            borrowed: Borrowed::new(&root, raw.build.navigation, &raw.build.link_definitions),
            mdbook_includes: raw.build.mdbook_includes.unwrap_or(false),
            lowercase_urls: raw.build.lowercase_urls.unwrap_or(false),
            root,
        })
    }

    /// The folder the site is written to (`[build] output-dir`, `public/` by default).
    pub fn output_dir(&self) -> &Path {
        &self.output_dir
    }

    /// Writes the site to `dir` instead.
    pub fn set_output_dir(&mut self, dir: PathBuf) {
        self.output_dir = dir;
    }

    /// Replaces `base-url` (and so the base path of every URL).
    pub fn set_base_url(&mut self, base_url: &str) -> Result<()> {
        self.base = BasePath::from_base_url(base_url)?;
        Ok(())
    }

    /// The folder of the configured site theme (it may not exist: the default is embedded).
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }
}

/// The `[checks]` of a site. One that escapes guides' HTML builds guides it does not trust: a
/// link that runs code is an error there unless the site says otherwise.
fn checks_for(raw: RawChecks, raw_html: RawHtml) -> Result<ChecksConfig> {
    let mut checks = ChecksConfig::resolve(raw)?;
    if raw_html == RawHtml::Escape {
        checks
            .severity
            .entry(crate::diagnostic::rules::UNSAFE_URL.code.to_owned())
            .or_insert(Level::Error);
    }
    Ok(checks)
}

/// `sitemap-max-urls`: at least one URL per file, and never more than the protocol allows (a
/// search engine would ignore the file). Lowered, it makes the split testable on small sites.
fn resolve_sitemap_max_urls(value: Option<usize>) -> Result<usize> {
    let max = crate::urls::SITEMAP_MAX_URLS;
    match value {
        None => Ok(max),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(n) => Err(KeyError::value(
            &["build", "sitemap-max-urls"],
            format!("`sitemap-max-urls` is {n}: it must be from 1 to {max}"),
        )
        .with_help(format!(
            "the sitemap protocol allows at most {max} URLs in one file; leave the key out for \
             that default"
        ))
        .into()),
    }
}

/// The kept paths: the defaults, then the site's own, each a plain path inside the output.
fn resolve_keep(extra: Vec<String>) -> Result<Vec<String>> {
    let mut keep: Vec<String> = Config::ALWAYS_KEPT.map(str::to_owned).to_vec();
    for path in extra {
        let path = path.trim_end_matches('/').to_owned();
        let plain = !path.is_empty()
            && !path.starts_with('/')
            && path.split('/').all(|seg| !matches!(seg, "" | "." | ".."));
        if !plain {
            bail!("`keep` entry `{path}` must be a path inside the output folder, like `CNAME`");
        }
        if !keep.contains(&path) {
            keep.push(path);
        }
    }
    Ok(keep)
}

/// The light and dark highlight themes `[build]` names (or the defaults), each one syntect
/// knows.
fn highlight_themes(build: &RawBuild) -> Result<(String, String)> {
    let highlight_theme = build
        .highlight_theme
        .clone()
        .unwrap_or_else(|| crate::highlight::DEFAULT_LIGHT.to_owned());
    let highlight_theme_dark = build
        .highlight_theme_dark
        .clone()
        .unwrap_or_else(|| crate::highlight::DEFAULT_DARK.to_owned());
    for (key, name) in [
        ("highlight-theme", &highlight_theme),
        ("highlight-theme-dark", &highlight_theme_dark),
    ] {
        if !crate::highlight::has_theme(name) {
            let names = crate::highlight::theme_names();
            let help = match crate::diagnostic::closest(name, names.iter().map(|n| &**n)) {
                Some(known) => format!("did you mean `{known}`?"),
                None => format!("the themes are: {}", names.join(", ")),
            };
            return Err(KeyError::value(
                &["build", key],
                format!("unknown highlight theme `{name}`"),
            )
            .with_help(help)
            .into());
        }
    }
    Ok((highlight_theme, highlight_theme_dark))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_to_an_empty_file() {
        let config = Config::parse(Path::new("/site"), "").unwrap();
        assert_eq!(config.content_dir, Path::new("/site/content"));
        assert_eq!(config.output_dir, Path::new("/site/public"));
        assert_eq!(config.theme, "default");
        assert_eq!(config.base.as_str(), "/");
    }

    #[test]
    fn unknown_key_is_rejected_with_its_line() {
        let err = Config::parse(Path::new("/s"), "[book]\ntitle = \"x\"\ntitel = \"y\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("book.toml:3:1: unknown key `titel` in [book]"),
            "{err}"
        );
        assert!(err.contains("did you mean `title`?"), "{err}");
    }

    #[test]
    fn base_url_sub_path_is_kept() {
        let config = Config::parse(
            Path::new("/s"),
            "[book]\nbase-url = \"https://x.org/prep\"\n",
        )
        .unwrap();
        assert_eq!(config.base.as_str(), "/prep/");
    }

    #[test]
    fn checks_defaults_and_kind_overlays() {
        let config = Config::parse(
            Path::new("/s"),
            "[checks]\nfaq-min-questions = 4\n[checks.kinds.checklist]\nchecklist-min-items = 9\n",
        )
        .unwrap();
        let checks = &config.checks;
        let names = |rules: &PartRules| -> Vec<String> {
            rules.required.iter().map(|k| k.name().to_owned()).collect()
        };
        assert_eq!(names(&checks.rules), ["tldr", "faq", "checklist"]);
        assert_eq!(checks.rules.faq_min_questions, 4);
        let checklist = checks.rules_for(Some("checklist"));
        assert_eq!(names(checklist), ["tldr", "checklist"]);
        assert_eq!(checklist.checklist_min_items, 9);
        assert_eq!(
            checklist.faq_min_questions, 4,
            "kind rules overlay the site's"
        );
        assert_eq!(checks.rules_for(Some("other")), &checks.rules);
        assert!(checks.parts["tldr"].contains(&"tldr".to_owned()));
    }

    #[test]
    fn unknown_severity_code_and_unknown_part_are_errors() {
        let err = Config::parse(
            Path::new("/s"),
            "[checks.severity]\nmissing-fqa = \"off\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("did you mean `missing-faq`"), "{err}");
        let err = Config::parse(Path::new("/s"), "[checks]\nrequired = [\"examples\"]\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("examples"), "{err}");
        assert!(
            Config::parse(
                Path::new("/s"),
                "[checks]\nrequired = [\"examples\"]\n[checks.parts]\nexamples = [\"Examples\"]\n"
            )
            .is_ok()
        );
    }

    #[test]
    fn checks_sections_is_read_as_checks_parts() {
        let parse = |table: &str| {
            let text = format!(
                "[checks]\nrequired = [\"tldr\", \"examples\"]\n[checks.{table}]\n\
                 examples = [\"Examples\", \"Worked example\"]\ntldr = [\"Gist\"]\n"
            );
            Config::parse(Path::new("/s"), &text).unwrap().checks
        };
        let (parts, former) = (parse("parts"), parse("sections"));
        assert_eq!(former, parts);
        assert_eq!(parts.parts["examples"], ["examples", "worked example"]);
        assert_eq!(parts.parts["tldr"], ["gist"]);
        assert!(
            parts
                .declared
                .contains(&PartKind::Named("examples".to_owned()))
        );
    }

    #[test]
    fn checks_parts_and_checks_sections_together_are_an_error() {
        let err = Config::parse(
            Path::new("/s"),
            "[checks.parts]\nexamples = [\"Examples\"]\n[checks.sections]\nfaq = [\"Q\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("book.toml:3:"), "{err}");
        assert!(
            err.contains("both [checks.parts] and [checks.sections]"),
            "{err}"
        );
        // Even an empty one is given, so which holds would be a guess.
        assert!(Config::parse(Path::new("/s"), "[checks.parts]\n[checks.sections]\n").is_err());
    }

    #[test]
    fn a_former_rule_code_sets_the_level_of_its_rule() {
        let level = |text: &str| Config::parse(Path::new("/s"), text).map(|c| c.checks.severity);
        let former = level("[checks.severity]\nmissing-section = \"warn\"\n").unwrap();
        assert_eq!(
            former,
            level("[checks.severity]\nmissing-part = \"warn\"\n").unwrap()
        );
        assert_eq!(former.get("missing-part"), Some(&Level::Warn));
        assert_eq!(former.get("missing-section"), None);
        let err = level("[checks.severity]\nmissing-part = \"off\"\nmissing-section = \"warn\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("book.toml:3:1:"), "{err}");
        assert!(
            err.contains("both `missing-part` and `missing-section`"),
            "{err}"
        );
    }

    #[test]
    fn adopt_writes_checks_parts() {
        let raw = RawConfig {
            checks: RawChecks {
                parts: Some(BTreeMap::from([("tldr".to_owned(), strings(&["Gist"]))])),
                ..RawChecks::default()
            },
            ..RawConfig::default()
        };
        let text = toml::to_string(&raw).unwrap();
        assert!(text.contains("[checks.parts]"), "{text}");
        assert!(!text.contains("sections"), "{text}");
    }

    #[test]
    fn headings_normalise() {
        assert_eq!(normalise_heading("TL;DR"), "tldr");
        assert_eq!(
            normalise_heading("  Frequently   Asked Questions: "),
            "frequently asked questions"
        );
        // As first written: filter, split, join, lowercase.
        let plain = |text: &str| {
            text.chars()
                .filter(|c| c.is_alphanumeric() || c.is_whitespace())
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        for text in [
            "",
            " ; ",
            "a - b",
            "Day-before\u{a0}Checklist\t(final) ",
            "ΟΔΟΣ ΣΟΦΟΣ: Σ",
            "İ · ǅ ﬁ",
        ] {
            assert_eq!(normalise_heading(text), plain(text), "{text:?}");
        }
    }

    #[test]
    fn sitemap_max_urls_defaults_to_the_protocol_and_stays_within_it() {
        let parse = |text: &str| Config::parse(Path::new("/s"), text);
        assert_eq!(parse("").unwrap().sitemap_max_urls, 50_000);
        let lowered = parse("[build]\nsitemap-max-urls = 3\n").unwrap();
        assert_eq!(lowered.sitemap_max_urls, 3);
        for bad in ["0", "50001"] {
            let err = parse(&format!("[build]\nsitemap-max-urls = {bad}\n"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("book.toml:2:"), "{err}");
            assert!(err.contains("from 1 to 50000"), "{err}");
        }
        assert!(parse("[build]\nsitemap-max-urls = -1\n").is_err());
    }

    #[test]
    fn unknown_highlight_theme_is_an_error() {
        let err = Config::parse(Path::new("/s"), "[build]\nhighlight-theme = \"nope\"\n");
        assert!(err.is_err());
    }
}
