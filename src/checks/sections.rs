//! The content model: the sections a guide must have, and what each must hold.

use crate::config::{ChecksConfig, SectionRules, normalise_heading};
use crate::diagnostic::Diagnostic;
use crate::guide::Guide;
use crate::guide::markdown::{Block, BlockKind};

/// A named section found in a guide: its heading and the blocks under it.
#[derive(Debug, Clone, Copy)]
pub struct Found<'g> {
    pub name: &'g str,
    pub heading: &'g Block,
    pub level: u8,
    /// Blocks after the heading up to the next heading of the same or a higher level.
    pub blocks: &'g [Block],
}

/// Every heading whose normalised text is an alias of a configured section.
pub fn find<'g>(guide: &'g Guide, config: &'g ChecksConfig) -> Vec<Found<'g>> {
    let blocks = &guide.body.blocks;
    let mut found = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let BlockKind::Heading { level, heading } = block.kind else {
            continue;
        };
        let text = normalise_heading(&guide.body.headings[heading].text);
        let Some(name) = config
            .sections
            .iter()
            .find(|(_, aliases)| aliases.contains(&text))
            .map(|(name, _)| name.as_str())
        else {
            continue;
        };
        let rest = &blocks[i + 1..];
        let end = rest
            .iter()
            .position(|b| matches!(b.kind, BlockKind::Heading { level: l, .. } if l <= level))
            .unwrap_or(rest.len());
        found.push(Found {
            name,
            heading: block,
            level,
            blocks: &rest[..end],
        });
    }
    found
}

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
    let found = find(guide, config);
    let mut diagnostics = missing(guide, &rules, &found);
    for section in &found {
        diagnostics.extend(match section.name {
            "tldr" => tldr(guide, &rules, section),
            "faq" => faq(guide, &rules, section),
            "checklist" => checklist(guide, &rules, section),
            _ => Vec::new(),
        });
    }
    diagnostics
}

/// Required sections (and a required table) that the guide lacks.
pub fn missing(guide: &Guide, rules: &SectionRules, found: &[Found<'_>]) -> Vec<Diagnostic> {
    let kind = guide.front.kind.as_deref();
    let for_kind = kind.map(|k| format!(" of kind `{k}`")).unwrap_or_default();
    rules
        .required
        .iter()
        .filter(|name| match name.as_str() {
            "table" => !guide.body.blocks.iter().any(|b| b.kind == BlockKind::Table),
            name => !found.iter().any(|f| f.name == name),
        })
        .map(|name| {
            let (code, what, help) = match name.as_str() {
                "tldr" => ("missing-tldr", "TL;DR section", "add a `## TL;DR` section near the top: the guide in a few sentences"),
                "faq" => ("missing-faq", "FAQ section", "add a `## FAQ` section with `### Question?` headings, each followed by its answer"),
                "checklist" => ("missing-checklist", "checklist section", "add a `## Checklist` section with a task list: `- [ ] item`"),
                "table" => ("missing-table", "table", "add a Markdown table, e.g. a side-by-side comparison"),
                _ => ("missing-section", "", ""),
            };
            let (message, help) = if code == "missing-section" {
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

fn at_heading(d: Diagnostic, guide: &Guide, section: &Found<'_>) -> Diagnostic {
    let text_len = match section.heading.kind {
        BlockKind::Heading { heading, .. } => guide.body.headings[heading].text.chars().count(),
        _ => 1,
    };
    d.at(&guide.source, section.heading.line, section.heading.column)
        .spanning(text_len + usize::from(section.level) + 1)
}

/// The TL;DR has text, and not too much of it.
pub fn tldr(guide: &Guide, rules: &SectionRules, section: &Found<'_>) -> Vec<Diagnostic> {
    let words: usize = section.blocks.iter().map(|b| b.words).sum();
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
    vec![at_heading(diagnostic, guide, section)]
}

/// The FAQ holds question headings, each followed by an answer, and enough of them.
pub fn faq(guide: &Guide, rules: &SectionRules, section: &Found<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut answered = 0;
    let blocks = section.blocks;
    for (i, block) in blocks.iter().enumerate() {
        let BlockKind::Heading { level, heading } = block.kind else {
            continue;
        };
        if level != section.level + 1 {
            continue;
        }
        let has_answer = blocks[i + 1..]
            .iter()
            .take_while(|b| !matches!(b.kind, BlockKind::Heading { level: l, .. } if l <= level))
            .any(|b| !matches!(b.kind, BlockKind::Heading { .. }));
        if has_answer {
            answered += 1;
        } else {
            let question = &guide.body.headings[heading];
            diagnostics.push(
                Diagnostic::error(
                    "faq-unanswered",
                    &guide.file,
                    format!("the question “{}” has no answer", question.text),
                )
                .at(&guide.source, block.line, block.column)
                .spanning(question.text.chars().count() + usize::from(level) + 1)
                .with_help("write the answer in the lines below the question heading"),
            );
        }
    }
    if answered < rules.faq_min_questions {
        diagnostics.push(at_heading(
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
                "#".repeat(usize::from(section.level) + 1)
            )),
            guide,
            section,
        ));
    }
    diagnostics
}

/// The checklist holds enough top-level list items (task items or bullets).
pub fn checklist(guide: &Guide, rules: &SectionRules, section: &Found<'_>) -> Vec<Diagnostic> {
    let top_depth = section
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::ListItem { depth, .. } => Some(depth),
            _ => None,
        })
        .min();
    let items = section
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::ListItem { depth, .. } if Some(depth) == top_depth))
        .count();
    if items >= rules.checklist_min_items {
        return Vec::new();
    }
    vec![at_heading(
        Diagnostic::error(
            "checklist-too-few",
            &guide.file,
            format!(
                "the checklist has {items} {}; at least {} expected",
                plural(items, "item"),
                rules.checklist_min_items
            ),
        )
        .with_help("list the steps as a task list under the heading: `- [ ] step`"),
        guide,
        section,
    )]
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}
