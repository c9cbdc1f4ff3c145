//! Rules about front-matter values beyond their types.

use crate::config::ChecksConfig;
use crate::config::FRONT_MATTER_FIELDS;
use crate::diagnostic::{Diagnostic, closest_unique, rules};
use crate::guide::Guide;
use crate::guide::front_matter::{SECTION_INDEX_FIELDS, key_position};

/// `role`, `level` and `kind` must be among the values the site lists.
pub(crate) fn invalid_values(guide: &Guide, config: &ChecksConfig) -> Vec<Diagnostic> {
    let front = &guide.front;
    [
        ("role", front.role.as_deref(), &config.roles),
        ("level", front.level.as_deref(), &config.levels),
        ("kind", front.kind.as_deref(), &config.kinds_allowed),
    ]
    .into_iter()
    .filter_map(|(key, value, allowed)| {
        let value = value?;
        if allowed.iter().any(|a| a == value) {
            return None;
        }
        let allowed_names: Vec<&str> = allowed.iter().map(String::as_str).collect();
        let help = match closest_unique(value, &allowed_names) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "allowed: {} (set in book.toml [checks.values])",
                allowed.join(", ")
            ),
        };
        Some(
            guide.at_key(
                rules::INVALID_VALUE
                    .report(&guide.file, format!("`{value}` is not a known {key}"))
                    .with_help(help),
                key,
            ),
        )
    })
    .collect()
}

/// `checks:` in front matter is honoured only when the site allows it, and must name parts
/// the site knows.
pub(crate) fn overrides(guide: &Guide, config: &ChecksConfig) -> Vec<Diagnostic> {
    let Some(over) = &guide.front.checks else {
        return Vec::new();
    };
    if !config.guide_overrides {
        return vec![guide.at_key(
            rules::OVERRIDE_NOT_ALLOWED.report(
                &guide.file,
                "this site does not let a guide change its checks",
            ),
            "checks",
        )];
    }
    over.required
        .iter()
        .flatten()
        .filter(|name| *name != "table" && !config.parts.contains_key(*name))
        .map(|name| {
            guide.at_key(
                rules::INVALID_VALUE
                    .report(&guide.file, format!("`{name}` is not a known part"))
                    .with_help(format!(
                        "known parts: table, {}",
                        config.parts.keys().cloned().collect::<Vec<_>>().join(", ")
                    )),
                "checks",
            )
        })
        .collect()
}

/// Keys of a section's `_index.md` that only guides use: accepted by the front matter's type,
/// they would silently do nothing (`tags:` would not tag the section, `draft:` not hide it).
pub(crate) fn section_index_keys(index: &Guide) -> Vec<Diagnostic> {
    FRONT_MATTER_FIELDS
        .iter()
        .filter(|key| !SECTION_INDEX_FIELDS.contains(key))
        .filter(|key| key_position(&index.source, key).is_some())
        .map(|key| {
            index.at_key(
                rules::SECTION_INDEX_KEY.report(
                    &index.file,
                    format!("`{key}` does nothing in a section's `_index.md`"),
                ),
                key,
            )
        })
        .collect()
}

/// `related:` entries that name no published guide: the page would silently lose a suggestion
/// its author asked for.
pub(crate) fn unresolved_related(context: &super::Context<'_>, guide: &Guide) -> Vec<Diagnostic> {
    if guide.front.related.is_empty() {
        return Vec::new();
    }
    context
        .site
        .related(guide)
        .unresolved
        .into_iter()
        .map(|entry| {
            let target = crate::urls::classify_link(&guide.id, &entry);
            let help = match &target {
                crate::urls::LinkTarget::Guide { id, .. } => {
                    match context.paths.guide_ids().closest(id.as_str()) {
                        Some(near) => format!("did you mean content/{near}?"),
                        None => format!("no published guide at content/{id}"),
                    }
                }
                _ => "name a guide's file relative to this one, as in a link".to_owned(),
            };
            let diagnostic = rules::BROKEN_LINK
                .report(
                    &guide.file,
                    format!("`related:` names `{entry}`, which is not a published guide"),
                )
                .with_help(help);
            guide.at_entry(diagnostic, "related", &entry)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::spans;
    use crate::guide::testing::{config, guide_with, parse_as};

    #[test]
    fn values_outside_the_sites_lists_point_at_the_value() {
        let checks = config().checks;
        let g = guide_with("title: T\nrole: PMX\nlevel: L5\nkind: framework", "");
        let found = invalid_values(&g, &checks);
        assert_eq!(spans(&found), [("invalid-value", 3, 7, 3)]);
        // `PMX` is one edit from both `PM` and `PMM`: no guess, the list.
        assert_eq!(
            found[0].help.as_deref(),
            Some("allowed: PM, PMM, TPM, SDE, EM, DS, UX (set in book.toml [checks.values])")
        );
        let g = guide_with("title: T\nrole: TMP\nlevel: L5", "");
        let found = invalid_values(&g, &checks);
        assert_eq!(found[0].help.as_deref(), Some("did you mean `TPM`?"));
        let g = guide_with("title: T\nrole: PM\nlevel: L5", "");
        assert!(invalid_values(&g, &checks).is_empty());
    }

    #[test]
    fn overrides_need_the_sites_leave_and_known_parts() {
        let front = "title: T\nchecks:\n  required: [tldr, nope]";
        let g = guide_with(front, "");
        assert_eq!(
            spans(&overrides(&g, &config().checks)),
            [("override-not-allowed", 3, 1, 6)]
        );
        let site = crate::config::Config::parse(
            std::path::Path::new("/s"),
            "[checks]\nguide-overrides = true\n",
        )
        .unwrap();
        let g = parse_as("a.md", &format!("---\n{front}\n---\n"), &site);
        let found = overrides(&g, &site.checks);
        assert_eq!(spans(&found), [("invalid-value", 3, 1, 6)]);
        assert!(found[0].message.contains("`nope`"), "{found:?}");
        let g = guide_with("title: T\nchecks:\n  required: [tldr, table]", "");
        assert!(overrides(&g, &site.checks).is_empty());
    }

    #[test]
    fn related_entries_naming_no_published_guide_point_at_the_entry() {
        let guides: Vec<_> = [
            ("a.md", "title: A\nrelated:\n  - b.md\n  - c.md"),
            ("b.md", "title: B"),
        ]
        .iter()
        .map(|(id, front)| {
            std::sync::Arc::new(parse_as(id, &format!("---\n{front}\n---\n"), &config()))
        })
        .collect();
        let site = crate::site::Site::assemble(guides.iter(), false);
        let all = std::collections::BTreeMap::new();
        let levels = std::collections::BTreeMap::new();
        let files = std::collections::BTreeSet::new();
        let index = crate::checks::links::LinkIndex::new(&site);
        let context = crate::checks::Context {
            site: &site,
            all: &all,
            levels: &levels,
            paths: crate::checks::links::SitePaths::new(&index, &site, &files, &[]),
            suggest: true,
            excluded: None,
        };
        assert_eq!(
            spans(&unresolved_related(&context, &guides[0])),
            [("broken-link", 5, 5, 4)]
        );
        assert!(unresolved_related(&context, &guides[1]).is_empty());
    }

    #[test]
    fn section_index_keys_that_only_guides_use_are_reported_at_their_line() {
        let index = parse_as(
            "loops/_index.md",
            "---\ntitle: Loops\nweight: 2\ntags: [a]\ndescription: D\ndraft: true\nchecks:\n  required: [faq]\n---\nIntro.\n",
            &config(),
        );
        let found = section_index_keys(&index);
        assert_eq!(
            spans(&found),
            [
                ("section-index-key", 4, 7, 3),
                ("section-index-key", 6, 8, 4),
                ("section-index-key", 7, 1, 6)
            ]
        );
        assert_eq!(
            found[0].message,
            "`tags` does nothing in a section's `_index.md`"
        );
        let fine = parse_as(
            "x/_index.md",
            "---\ntitle: X\ndescription: D\nweight: 1\n---\n",
            &config(),
        );
        assert!(section_index_keys(&fine).is_empty());
    }
}
