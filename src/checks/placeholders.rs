//! `placeholder-text`: text a skeleton left in a guide. Two kinds: the paragraphs and list
//! items of the archetypes `init` and `new` write, still as written (reported once per guide,
//! at the first, since a guide not yet written holds many), and the markers of unfinished
//! prose (`TODO`, `TBD`, `FIXME`, "Lorem ipsum"), each at its own place, which the Markdown
//! pass found outside code.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::config::RawHtml;
use crate::diagnostic::{Diagnostic, plural, rules};
use crate::guide::Guide;
use crate::guide::front_matter;
use crate::guide::markdown::{self, Block, BlockKind};
use crate::urls::{BasePath, GuideId};

/// Every `placeholder-text` diagnostic of `guide`: the skeleton's text, then each marker.
pub(crate) fn placeholder_text(guide: &Guide) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = skeleton_text(guide).into_iter().collect();
    diagnostics.extend(guide.body.markers.iter().map(|marker| {
        let message = match marker.word {
            "Lorem ipsum" => "“Lorem ipsum” filler text is still here".to_owned(),
            word => format!("`{word}` left in the text"),
        };
        rules::PLACEHOLDER_TEXT
            .report(&guide.file, message)
            .at_stretch(&guide.source, marker.at)
    }));
    diagnostics
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
fn skeleton_text(guide: &Guide) -> Option<Diagnostic> {
    let skeleton = skeleton_texts();
    let mut found = guide
        .body
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem { .. }))
        .filter(|b| skeleton.contains(&b.text));
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
fn skeleton_texts() -> &'static SkeletonTexts {
    static TEXTS: OnceLock<SkeletonTexts> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let mut texts = SkeletonTexts::default();
        for block in ARCHETYPES
            .iter()
            .flat_map(|archetype| skeleton_blocks(archetype))
            .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem { .. }))
        {
            texts.insert(&block.text);
        }
        texts
    })
}

/// Texts with their whitespace folded, by their first word: a guide's every paragraph and
/// list item is looked up, so a lookup allocates nothing and compares only texts that begin
/// with the same word (most begin with none of the skeleton's).
#[derive(Default)]
struct SkeletonTexts {
    by_first_word: HashMap<String, Vec<Vec<String>>>,
}

impl SkeletonTexts {
    fn insert(&mut self, text: &str) {
        let words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
        if let Some(first) = words.first() {
            let texts = self.by_first_word.entry(first.clone()).or_default();
            if !texts.contains(&words) {
                texts.push(words);
            }
        }
    }

    /// Whether `text`, whitespace folded, is one of the texts.
    fn contains(&self, text: &str) -> bool {
        let Some(first) = text.split_whitespace().next() else {
            return false;
        };
        self.by_first_word.get(first).is_some_and(|texts| {
            texts
                .iter()
                .any(|words| text.split_whitespace().eq(words.iter().map(String::as_str)))
        })
    }
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
        code: &crate::highlight::Code::Plain,
        heading_ids: crate::config::HeadingIds::default(),
        mkdocs: &[],
        case: crate::urls::UrlCase::AsNamed,
    });
    body.blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing::{config, guide, parse_as};

    fn found(guide: &Guide) -> Vec<(&'static str, usize, usize, usize)> {
        crate::checks::spans(&placeholder_text(guide))
    }

    #[test]
    fn placeholder_text_of_every_archetype_is_found() {
        let g = guide(
            "Answer the question here.\n\n- [ ] The first thing to prepare\n\nAnswer the question here, then more.\n",
        );
        assert_eq!(found(&g), [("placeholder-text", 4, 1, 25)]);
        assert_eq!(
            placeholder_text(&g)[0].message,
            "the skeleton's text is still here (and 1 more place of it)"
        );
        for archetype in ARCHETYPES {
            let text = archetype
                .replace("{{ title_yaml }}", "T")
                .replace("{{ date }}", "2026-01-01");
            let g = parse_as("a.md", &text, &config());
            let codes: Vec<_> = crate::checks::parts::check(&g, &config().checks)
                .iter()
                .map(|d| d.code)
                .collect();
            assert_eq!(codes, ["placeholder-text"]);
        }
    }

    #[test]
    fn skeleton_texts_match_whatever_the_whitespace_and_only_whole() {
        let mut texts = SkeletonTexts::default();
        texts.insert("Answer the  question\nhere.");
        assert!(texts.contains("Answer the question here."));
        assert!(texts.contains("  Answer\tthe question\n  here.  "));
        assert!(!texts.contains("Answer the question"));
        assert!(!texts.contains("Answer the question here. More."));
        assert!(!texts.contains("Answer thequestion here."));
        assert!(!texts.contains(""));
        assert!(!texts.contains("The question here."));
    }

    #[test]
    fn markers_in_prose_are_each_reported_at_their_column() {
        // Body from line 4.
        let g = guide(
            "Intro. TODO: say why.\n\n## Costs TBD\n\n- [x] [FIXME](a.md)\n\nlorem ipsum dolor.\n",
        );
        assert_eq!(
            found(&g),
            [
                ("placeholder-text", 4, 8, 4),
                ("placeholder-text", 6, 10, 3),
                ("placeholder-text", 8, 8, 5),
                ("placeholder-text", 10, 1, 11),
            ]
        );
        let messages: Vec<String> = placeholder_text(&g)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(messages[0], "`TODO` left in the text");
        assert_eq!(messages[3], "“Lorem ipsum” filler text is still here");
    }

    #[test]
    fn markers_in_code_and_inside_words_are_not_reported() {
        let g = guide(
            "Run `TODO` or `FIXME` here.\n\n```\n// TODO: fine in code\n```\n\n    TBD indented code\n\nTODOs and a todo list, (TODO)\n",
        );
        assert_eq!(found(&g), [("placeholder-text", 12, 25, 4)]);
        assert_eq!(
            found(&guide("Text with &amp; TBD&#33;\n")),
            [("placeholder-text", 4, 17, 3)]
        );
    }
}
