//! The content rules: the parts a guide must have, what each must hold, and that the text is
//! the author's own. They judge the guide's content model (`Guide::model`), worked out in the
//! parse.

use crate::config::{ChecksConfig, PartKind, PartRules};
use crate::diagnostic::{Diagnostic, plural, rules};
use crate::guide::Guide;
use crate::guide::model::Part;

/// The rules for this guide: its kind's, then its own `checks:` where the site allows them.
pub(crate) fn rules_for(guide: &Guide, config: &ChecksConfig) -> PartRules {
    let rules = config.rules_for(guide.front.kind.as_deref());
    match &guide.front.checks {
        Some(over) if config.guide_overrides => rules.overlaid(over),
        _ => rules.clone(),
    }
}

/// Runs every content-model rule over one guide.
pub(crate) fn check(guide: &Guide, config: &ChecksConfig) -> Vec<Diagnostic> {
    let rules = rules_for(guide, config);
    let mut diagnostics = missing(guide, &rules);
    for (index, part) in guide.model.parts.iter().enumerate() {
        diagnostics.extend(match part.kind {
            PartKind::Tldr => tldr(guide, &rules, part),
            // An empty part is that, not also a part short of questions or items.
            _ if part.blocks.is_empty() => empty_part(guide, part).into_iter().collect(),
            PartKind::Faq => faq(guide, &rules, index),
            PartKind::Checklist => checklist(guide, &rules, part),
            _ => Vec::new(),
        });
    }
    diagnostics.extend(super::placeholders::placeholder_text(guide));
    diagnostics
}

/// Required parts (and a required table) that the guide lacks.
pub(crate) fn missing(guide: &Guide, rules: &PartRules) -> Vec<Diagnostic> {
    let kind = guide.front.kind.as_deref();
    let for_kind = kind.map(|k| format!(" of kind `{k}`")).unwrap_or_default();
    rules
        .required
        .iter()
        .filter(|kind| !guide.model.has(kind))
        .map(|kind| {
            let (rule, what) = match kind {
                PartKind::Tldr => (rules::MISSING_TLDR, "TL;DR part"),
                PartKind::Faq => (rules::MISSING_FAQ, "FAQ part"),
                PartKind::Checklist => (rules::MISSING_CHECKLIST, "checklist part"),
                PartKind::Table => (rules::MISSING_TABLE, "table"),
                PartKind::Named(name) => {
                    let d = rules::MISSING_PART
                        .report(&guide.file, format!("this guide{for_kind} needs a `{name}` part"))
                        .with_help(format!("add a heading named as one of the `{name}` aliases in book.toml [checks.parts]"));
                    return guide.at_key(d, "title");
                }
            };
            guide.at_key(rule.report(&guide.file, format!("this guide{for_kind} has no {what}")), "title")
        })
        .collect()
}

/// A heading of a part with nothing under it, up to the next heading as high. An empty TL;DR
/// is `tldr-empty`'s (the TL;DR is judged by its words), so this rule leaves it alone.
pub(crate) fn empty_part(guide: &Guide, part: &Part) -> Option<Diagnostic> {
    let (what, help) = match &part.kind {
        PartKind::Tldr | PartKind::Table => return None,
        PartKind::Faq => (
            "the FAQ part".to_owned(),
            format!(
                "add questions as `{} Question?` headings, each followed by its answer, or \
                 remove the heading",
                "#".repeat(usize::from(part.level) + 1)
            ),
        ),
        PartKind::Checklist => (
            "the checklist part".to_owned(),
            "list the steps under the heading as a task list (`- [ ] step`), or remove the \
             heading"
                .to_owned(),
        ),
        PartKind::Named(name) => (
            format!("the `{name}` part"),
            rules::EMPTY_PART.help.to_owned(),
        ),
    };
    Some(
        rules::EMPTY_PART
            .report(&guide.file, format!("{what} has nothing under its heading"))
            .with_help(help)
            .at_stretch(&guide.source, part.at),
    )
}

/// The TL;DR has text, and not too much of it.
pub(crate) fn tldr(guide: &Guide, rules: &PartRules, part: &Part) -> Vec<Diagnostic> {
    let words = part.words;
    let diagnostic = if words == 0 {
        rules::TLDR_EMPTY.report(&guide.file, "the TL;DR part is empty")
    } else if words > rules.tldr_max_words {
        rules::TLDR_TOO_LONG.report(
            &guide.file,
            format!(
                "the TL;DR has {words} words; the limit is {}",
                rules.tldr_max_words
            ),
        )
    } else {
        return Vec::new();
    };
    vec![diagnostic.at_stretch(&guide.source, part.at)]
}

/// The FAQ part at `index` holds question headings, each followed by an answer, and enough
/// of them.
pub(crate) fn faq(guide: &Guide, rules: &PartRules, index: usize) -> Vec<Diagnostic> {
    let Some(part) = guide.model.parts.get(index) else {
        return Vec::new();
    };
    let questions: Vec<_> = guide.model.questions_of(index).collect();
    let mut diagnostics: Vec<Diagnostic> = questions
        .iter()
        .filter(|q| !q.answered)
        .map(|q| {
            rules::FAQ_UNANSWERED
                .report(
                    &guide.file,
                    format!("the question “{}” has no answer", q.text),
                )
                .at_stretch(&guide.source, q.at)
        })
        .collect();
    let answered = questions.iter().filter(|q| q.answered).count();
    if answered < rules.faq_min_questions {
        diagnostics.push(
            rules::FAQ_TOO_FEW
                .report(
                    &guide.file,
                    format!(
                        "the FAQ has {answered} answered {}; at least {} expected",
                        plural(answered, "question"),
                        rules.faq_min_questions
                    ),
                )
                .with_help(format!(
                    "add questions as `{} Question?` headings, each followed by its answer",
                    "#".repeat(usize::from(part.level) + 1)
                ))
                .at_stretch(&guide.source, part.at),
        );
    }
    diagnostics
}

/// The checklist holds enough top-level list items (task items or bullets).
pub(crate) fn checklist(guide: &Guide, rules: &PartRules, part: &Part) -> Vec<Diagnostic> {
    let items = part.top_items;
    if items >= rules.checklist_min_items {
        return Vec::new();
    }
    vec![
        rules::CHECKLIST_TOO_FEW
            .report(
                &guide.file,
                format!(
                    "the checklist has {items} {}; at least {} expected",
                    plural(items, "item"),
                    rules.checklist_min_items
                ),
            )
            .at_stretch(&guide.source, part.at),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing::{config, guide, guide_with, parse_as};

    /// Code, line, column and length of each diagnostic of the content rules.
    fn found(guide: &Guide) -> Vec<(&'static str, usize, usize, usize)> {
        crate::checks::spans(&check(guide, &config().checks))
    }

    const TLDR: &str = "## TL;DR\n\nIn short.\n\n";
    const FAQ: &str = "## FAQ\n\n### One?\n\nYes.\n\n### Two?\n\nNo.\n\n";
    const CHECKLIST: &str = "## Checklist\n\n- [ ] a\n- [ ] b\n- c\n";

    #[test]
    fn a_complete_guide_passes() {
        assert_eq!(found(&guide(&format!("{TLDR}{FAQ}{CHECKLIST}"))), []);
    }

    #[test]
    fn missing_parts_point_at_the_title() {
        // Title value `T` on line 2, column 8.
        assert_eq!(
            found(&guide("Text only.\n")),
            [
                ("missing-tldr", 2, 8, 1),
                ("missing-faq", 2, 8, 1),
                ("missing-checklist", 2, 8, 1)
            ]
        );
    }

    #[test]
    fn a_kind_requiring_a_table_or_a_named_part() {
        let comparison = guide_with(
            "title: T\nkind: comparison",
            &format!("{TLDR}{FAQ}{CHECKLIST}"),
        );
        assert_eq!(found(&comparison), [("missing-table", 2, 8, 1)]);
        let with_table = format!("{TLDR}{FAQ}{CHECKLIST}\n| a |\n|---|\n");
        let comparison = guide_with("title: T\nkind: comparison", &with_table);
        assert_eq!(found(&comparison), []);
        let site =
            "[checks]\nrequired = [\"examples\"]\n[checks.parts]\nexamples = [\"Examples\"]\n";
        let site = crate::config::Config::parse(std::path::Path::new("/s"), site).unwrap();
        let judge = |body: &str| {
            let g = parse_as("a.md", &format!("---\ntitle: T\n---\n{body}"), &site);
            check(&g, &site.checks)
                .iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(judge("Text.\n"), ["missing-part"]);
        assert!(judge("## Examples\n\nOne.\n").is_empty());
    }

    #[test]
    fn tldr_empty_and_too_long_point_at_its_heading() {
        let empty = guide(&format!("## TL;DR\n\n{FAQ}{CHECKLIST}"));
        assert_eq!(found(&empty), [("tldr-empty", 4, 1, 8)]);
        let long = guide(&format!(
            "## TL;DR\n\n{}\n\n{FAQ}{CHECKLIST}",
            "word ".repeat(81)
        ));
        assert_eq!(found(&long), [("tldr-too-long", 4, 1, 8)]);
        let limit = guide(&format!(
            "## TL;DR\n\n{}\n\n{FAQ}{CHECKLIST}",
            "word ".repeat(80)
        ));
        assert_eq!(found(&limit), []);
    }

    #[test]
    fn faq_unanswered_questions_and_too_few() {
        let g = guide(&format!(
            "{TLDR}## FAQ\n\n### One?\n\nYes.\n\n### Two?\n\n#### Only a heading\n\n{CHECKLIST}"
        ));
        assert_eq!(
            found(&g),
            [("faq-unanswered", 14, 1, 8), ("faq-too-few", 8, 1, 6)]
        );
    }

    #[test]
    fn empty_parts_are_reported_once_under_their_own_code() {
        // An empty FAQ and checklist: not also too few questions or items.
        let g = guide(&format!("{TLDR}## FAQ\n\n## Checklist\n"));
        assert_eq!(
            found(&g),
            [("empty-part", 8, 1, 6), ("empty-part", 10, 1, 12)]
        );
        let messages: Vec<String> = check(&g, &config().checks)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            messages,
            [
                "the FAQ part has nothing under its heading",
                "the checklist part has nothing under its heading"
            ]
        );
        // A checklist ended by a heading as high is empty; one over a deeper heading is not.
        let g = guide(&format!(
            "{TLDR}{FAQ}## Checklist\n\n### Day before\n\n- [ ] a\n- [ ] b\n- [ ] c\n"
        ));
        assert_eq!(found(&g), []);
        // An empty TL;DR stays `tldr-empty`'s alone.
        let g = guide(&format!("## TL;DR\n\n{FAQ}{CHECKLIST}"));
        assert_eq!(found(&g), [("tldr-empty", 4, 1, 8)]);
    }

    #[test]
    fn an_empty_part_of_the_sites_own() {
        let site =
            "[checks]\nrequired = [\"examples\"]\n[checks.parts]\nexamples = [\"Examples\"]\n";
        let site = crate::config::Config::parse(std::path::Path::new("/s"), site).unwrap();
        let g = parse_as(
            "a.md",
            "---\ntitle: T\n---\n## Examples\n\n## Next\n",
            &site,
        );
        let found = check(&g, &site.checks);
        assert_eq!(crate::checks::spans(&found), [("empty-part", 4, 1, 11)]);
        assert_eq!(
            found[0].message,
            "the `examples` part has nothing under its heading"
        );
    }

    #[test]
    fn checklist_counts_top_level_items_only() {
        let g = guide(&format!(
            "{TLDR}{FAQ}## Checklist\n\n- [ ] a\n  - [ ] nested\n  - [ ] nested\n- b\n"
        ));
        assert_eq!(found(&g), [("checklist-too-few", 18, 1, 12)]);
    }
}
