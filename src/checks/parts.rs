//! The content rules: the parts a guide must have, and what each must hold. They judge the
//! guide's content model (`Guide::model`), worked out in the parse.

use crate::config::{ChecksConfig, PartKind, SectionRules};
use crate::diagnostic::Diagnostic;
use crate::guide::Guide;
use crate::guide::model::Part;

/// The rules for this guide: its kind's, then its own `checks:` where the site allows them.
pub fn rules_for(guide: &Guide, config: &ChecksConfig) -> SectionRules {
    let rules = config.rules_for(guide.front.kind.as_deref());
    match &guide.front.checks {
        Some(over) if config.guide_overrides => rules.overlaid(over),
        _ => rules.clone(),
    }
}

/// Runs every content-model rule over one guide.
pub fn check(guide: &Guide, config: &ChecksConfig) -> Vec<Diagnostic> {
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
    diagnostics
}

/// Required parts (and a required table) that the guide lacks.
pub fn missing(guide: &Guide, rules: &SectionRules) -> Vec<Diagnostic> {
    let kind = guide.front.kind.as_deref();
    let for_kind = kind.map(|k| format!(" of kind `{k}`")).unwrap_or_default();
    rules
        .required
        .iter()
        .filter(|kind| !guide.model.has(kind))
        .map(|kind| {
            let (code, what, help) = match kind {
                PartKind::Tldr => ("missing-tldr", "TL;DR section", "add a `## TL;DR` section near the top: the guide in a few sentences"),
                PartKind::Faq => ("missing-faq", "FAQ section", "add a `## FAQ` section with `### Question?` headings, each followed by its answer"),
                PartKind::Checklist => ("missing-checklist", "checklist section", "add a `## Checklist` section with a task list: `- [ ] item`"),
                PartKind::Table => ("missing-table", "table", "add a Markdown table, e.g. a side-by-side comparison"),
                PartKind::Named(_) => ("missing-section", "", ""),
            };
            let (message, help) = if let PartKind::Named(name) = kind {
                (format!("this guide{for_kind} needs a `{name}` section"), format!("add a heading named as one of the `{name}` aliases in book.toml [checks.sections]"))
            } else {
                (format!("this guide{for_kind} has no {what}"), help.to_owned())
            };
            // Point at the title: the guide as a whole is what lacks the section.
            let diagnostic = Diagnostic::error(code, &guide.file, message).with_help(help);
            match crate::guide::front_matter::key_position(&guide.source, "title") {
                Some(at) => diagnostic.at(&guide.source, at.line, at.column).spanning(at.length),
                None => diagnostic.at(&guide.source, 1, 1),
            }
        })
        .collect()
}

/// The TL;DR has text, and not too much of it.
pub fn tldr(guide: &Guide, rules: &SectionRules, part: &Part) -> Vec<Diagnostic> {
    let words = part.words;
    let diagnostic = if words == 0 {
        Diagnostic::error("tldr-empty", &guide.file, "the TL;DR section is empty")
            .with_help("summarise the guide in a few sentences under this heading")
    } else if words > rules.tldr_max_words {
        Diagnostic::error(
            "tldr-too-long",
            &guide.file,
            format!(
                "the TL;DR has {words} words; the limit is {}",
                rules.tldr_max_words
            ),
        )
        .with_help("keep the TL;DR to the essentials; move detail into the body")
    } else {
        return Vec::new();
    };
    vec![diagnostic.at_span(&guide.source, part.at)]
}

/// The FAQ part at `index` holds question headings, each followed by an answer, and enough
/// of them.
pub fn faq(guide: &Guide, rules: &SectionRules, index: usize) -> Vec<Diagnostic> {
    let Some(part) = guide.model.parts.get(index) else {
        return Vec::new();
    };
    let questions: Vec<_> = guide.model.questions_of(index).collect();
    let mut diagnostics: Vec<Diagnostic> = questions
        .iter()
        .filter(|q| !q.answered)
        .map(|q| {
            Diagnostic::error(
                "faq-unanswered",
                &guide.file,
                format!("the question “{}” has no answer", q.text),
            )
            .at_span(&guide.source, q.at)
            .with_help("write the answer in the lines below the question heading")
        })
        .collect();
    let answered = questions.iter().filter(|q| q.answered).count();
    if answered < rules.faq_min_questions {
        diagnostics.push(
            Diagnostic::error(
                "faq-too-few",
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
            .at_span(&guide.source, part.at),
        );
    }
    diagnostics
}

/// The checklist holds enough top-level list items (task items or bullets).
pub fn checklist(guide: &Guide, rules: &SectionRules, part: &Part) -> Vec<Diagnostic> {
    let items = part.top_items;
    if items >= rules.checklist_min_items {
        return Vec::new();
    }
    vec![
        Diagnostic::error(
            "checklist-too-few",
            &guide.file,
            format!(
                "the checklist has {items} {}; at least {} expected",
                plural(items, "item"),
                rules.checklist_min_items
            ),
        )
        .with_help("list the steps as a task list under the heading: `- [ ] step`")
        .at_span(&guide.source, part.at),
    ]
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}
