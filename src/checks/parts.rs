//! The content rules: the parts a guide must have, what each must hold, and that the text is
//! the author's own. They judge the guide's content model (`Guide::model`), worked out in the
//! parse.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::config::{ChecksConfig, PartKind, RawHtml, SectionRules};
use crate::diagnostic::{Diagnostic, plural, rules};
use crate::guide::Guide;
use crate::guide::front_matter;
use crate::guide::markdown::{self, Block, BlockKind};
use crate::guide::model::Part;
use crate::urls::{BasePath, GuideId};

/// The rules for this guide: its kind's, then its own `checks:` where the site allows them.
pub(crate) fn rules_for(guide: &Guide, config: &ChecksConfig) -> SectionRules {
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
            PartKind::Faq => faq(guide, &rules, index),
            PartKind::Checklist => checklist(guide, &rules, part),
            _ => Vec::new(),
        });
    }
    diagnostics.extend(placeholder_text(guide));
    diagnostics
}

/// Required parts (and a required table) that the guide lacks.
pub(crate) fn missing(guide: &Guide, rules: &SectionRules) -> Vec<Diagnostic> {
    let kind = guide.front.kind.as_deref();
    let for_kind = kind.map(|k| format!(" of kind `{k}`")).unwrap_or_default();
    rules
        .required
        .iter()
        .filter(|kind| !guide.model.has(kind))
        .map(|kind| {
            let (rule, what) = match kind {
                PartKind::Tldr => (rules::MISSING_TLDR, "TL;DR section"),
                PartKind::Faq => (rules::MISSING_FAQ, "FAQ section"),
                PartKind::Checklist => (rules::MISSING_CHECKLIST, "checklist section"),
                PartKind::Table => (rules::MISSING_TABLE, "table"),
                PartKind::Named(name) => {
                    let d = rules::MISSING_SECTION
                        .report(&guide.file, format!("this guide{for_kind} needs a `{name}` section"))
                        .with_help(format!("add a heading named as one of the `{name}` aliases in book.toml [checks.sections]"));
                    return guide.at_key(d, "title");
                }
            };
            guide.at_key(rule.report(&guide.file, format!("this guide{for_kind} has no {what}")), "title")
        })
        .collect()
}

/// The TL;DR has text, and not too much of it.
pub(crate) fn tldr(guide: &Guide, rules: &SectionRules, part: &Part) -> Vec<Diagnostic> {
    let words = part.words;
    let diagnostic = if words == 0 {
        rules::TLDR_EMPTY.report(&guide.file, "the TL;DR section is empty")
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
pub(crate) fn faq(guide: &Guide, rules: &SectionRules, index: usize) -> Vec<Diagnostic> {
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
pub(crate) fn checklist(guide: &Guide, rules: &SectionRules, part: &Part) -> Vec<Diagnostic> {
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

/// The skeletons `init` and `new` write: the default theme's archetypes.
const ARCHETYPES: [&str; 3] = [
    include_str!("../../themes/default/archetypes/checklist.md"),
    include_str!("../../themes/default/archetypes/comparison.md"),
    include_str!("../../themes/default/archetypes/framework.md"),
];

/// Paragraphs and list items still as the skeleton wrote them: a guide not yet written passes
/// every other rule, since the skeleton has all the parts. Reported once per guide, at the
/// first, with how many there are.
pub(crate) fn placeholder_text(guide: &Guide) -> Option<Diagnostic> {
    let skeleton = skeleton_texts();
    let mut found = guide
        .body
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem { .. }))
        .filter(|b| skeleton.contains(&fold(&b.text)));
    let first = found.next()?;
    let more = match found.count() {
        0 => String::new(),
        n => format!(" (and {n} more {} of it)", plural(n, "place")),
    };
    let (line, column) = guide.source.locate(first.at);
    let text = guide.source.lines().nth(line.saturating_sub(1));
    let rest = text.map_or(1, |l| l.chars().skip(column - 1).count());
    Some(
        rules::PLACEHOLDER_TEXT
            .report(
                &guide.file,
                format!("the skeleton's text is still here{more}"),
            )
            .at(&guide.source, line, column)
            .spanning(rest),
    )
}

/// The text of every paragraph and list item of the archetypes, whitespace folded.
fn skeleton_texts() -> &'static HashSet<String> {
    static TEXTS: OnceLock<HashSet<String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        ARCHETYPES
            .iter()
            .flat_map(|archetype| skeleton_blocks(archetype))
            .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem { .. }))
            .map(|b| fold(&b.text))
            .collect()
    })
}

/// The outline of an archetype's body (empty if it had no front matter).
fn skeleton_blocks(archetype: &str) -> Vec<Block> {
    let Ok(split) = front_matter::split(archetype) else {
        return Vec::new();
    };
    let body = markdown::render(&markdown::BodySource {
        text: archetype,
        blanked_from: None,
        included: None,
        body_offset: split.body_offset,
        id: &GuideId::new("archetype.md"),
        base: &BasePath::default(),
        raw_html: RawHtml::Allow,
        code: crate::highlight::Code::Plain,
        heading_ids: crate::config::HeadingIds::default(),
    });
    body.blocks
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
            "[checks]\nrequired = [\"examples\"]\n[checks.sections]\nexamples = [\"Examples\"]\n";
        let site = crate::config::Config::parse(std::path::Path::new("/s"), site).unwrap();
        let judge = |body: &str| {
            let g = parse_as("a.md", &format!("---\ntitle: T\n---\n{body}"), &site);
            check(&g, &site.checks)
                .iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(judge("Text.\n"), ["missing-section"]);
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
    fn checklist_counts_top_level_items_only() {
        let g = guide(&format!(
            "{TLDR}{FAQ}## Checklist\n\n- [ ] a\n  - [ ] nested\n  - [ ] nested\n- b\n"
        ));
        assert_eq!(found(&g), [("checklist-too-few", 18, 1, 12)]);
    }

    #[test]
    fn placeholder_text_of_every_archetype_is_found() {
        let g = guide(&format!(
            "{TLDR}{FAQ}{CHECKLIST}\nAnswer the question here.\n\n- [ ] The first thing to prepare\n\nAnswer the question here, then more.\n"
        ));
        assert_eq!(found(&g), [("placeholder-text", 24, 1, 25)]);
        let d = placeholder_text(&g).expect("found");
        assert_eq!(
            d.message,
            "the skeleton's text is still here (and 1 more place of it)"
        );
        for archetype in ARCHETYPES {
            let text = archetype
                .replace("{{ title_yaml }}", "T")
                .replace("{{ date }}", "2026-01-01");
            let g = parse_as("a.md", &text, &config());
            let codes: Vec<_> = check(&g, &config().checks).iter().map(|d| d.code).collect();
            assert_eq!(codes, ["placeholder-text"]);
        }
    }
}
