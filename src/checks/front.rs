//! Rules about front-matter values beyond their types.

use crate::config::ChecksConfig;
use crate::diagnostic::{Diagnostic, closest};
use crate::guide::Guide;
use crate::guide::front_matter::key_position;

/// `role`, `level` and `kind` must be among the values the site lists.
pub fn invalid_values(guide: &Guide, config: &ChecksConfig) -> Vec<Diagnostic> {
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
        let help = match closest(value, allowed.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "allowed: {} (set in book.toml [checks.values])",
                allowed.join(", ")
            ),
        };
        Some(at_key(
            Diagnostic::error(
                "invalid-value",
                &guide.file,
                format!("`{value}` is not a known {key}"),
            )
            .with_help(help),
            guide,
            key,
        ))
    })
    .collect()
}

/// `checks:` in front matter is honoured only when the site allows it, and must name sections
/// the site knows.
pub fn overrides(guide: &Guide, config: &ChecksConfig) -> Vec<Diagnostic> {
    let Some(over) = &guide.front.checks else {
        return Vec::new();
    };
    if !config.guide_overrides {
        return vec![at_key(
            Diagnostic::error(
                "override-not-allowed",
                &guide.file,
                "this site does not let a guide change its checks",
            )
            .with_help(
                "remove `checks:`, or set `guide-overrides = true` under [checks] in book.toml",
            ),
            guide,
            "checks",
        )];
    }
    over.required
        .iter()
        .flatten()
        .filter(|name| *name != "table" && !config.sections.contains_key(*name))
        .map(|name| {
            at_key(
                Diagnostic::error(
                    "invalid-value",
                    &guide.file,
                    format!("`{name}` is not a known section"),
                )
                .with_help(format!(
                    "known sections: table, {}",
                    config
                        .sections
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                guide,
                "checks",
            )
        })
        .collect()
}

fn at_key(diagnostic: Diagnostic, guide: &Guide, key: &str) -> Diagnostic {
    match key_position(&guide.source, key) {
        Some(at) => diagnostic
            .at(&guide.source, at.line, at.column)
            .spanning(at.length),
        None => diagnostic.at(&guide.source, 1, 1),
    }
}

/// `related:` entries that name no published guide: the page would silently lose a suggestion
/// its author asked for.
pub fn unresolved_related(context: &super::Context<'_>, guide: &Guide) -> Vec<Diagnostic> {
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
                    match context.guide_ids.closest(id.as_str()) {
                        Some(near) => format!("did you mean content/{near}?"),
                        None => format!("no published guide at content/{id}"),
                    }
                }
                _ => "name a guide's file relative to this one, as in a link".to_owned(),
            };
            let diagnostic = Diagnostic::error(
                "broken-link",
                &guide.file,
                format!("`related:` names `{entry}`, which is not a published guide"),
            )
            .with_help(help);
            match crate::guide::front_matter::list_entry_position(&guide.source, "related", &entry)
            {
                Some(at) => diagnostic
                    .at(&guide.source, at.line, at.column)
                    .spanning(at.length),
                None => at_key(diagnostic, guide, "related"),
            }
        })
        .collect()
}
