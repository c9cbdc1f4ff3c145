//! The content model's parts in the page: the body's HTML with each named part (TL;DR, FAQ,
//! checklist, the site's own kinds) in a `<section>` of its own, each FAQ question with its
//! answer in a block, and the checklist's progress panel under its heading. The model says
//! where the parts are; this only puts elements around them, so themes can style them by
//! class instead of guessing from heading text.

use crate::config::PartKind;
use crate::guide::Guide;
use crate::guide::markdown::BlockKind;
use crate::highlight::escape_html;
use crate::urls::slugify;

/// Where the checklist script shows a bar, the count and the Reset and Undo buttons: an empty
/// box, hidden until the script fills it (its controls need the script, so they are made by it
/// and cost a page without it nothing).
const CHECKLIST_STATUS: &str =
    "<div class=\"checklist-status\" data-checklist-status hidden></div>\n";

/// A guide's body with its parts marked up, whole and cut for the page: its TL;DR (the
/// guide's point, shown first whatever comes before it in the source) and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marked {
    /// The whole body, in source order.
    pub whole: String,
    /// The TL;DR part; empty when the guide has none.
    pub lead: String,
    /// The body without the TL;DR part.
    pub rest: String,
}

/// The practice page dealing a guide's questions, and how many there are: linked at the end
/// of its FAQ, where a reader who has just read the answers is.
pub(crate) struct PracticeLink<'a> {
    pub url: &'a str,
    pub questions: usize,
}

impl PracticeLink<'_> {
    fn html(&self) -> String {
        let what = if self.questions == 1 {
            "Practise this question".to_owned()
        } else {
            format!("Practise these {} questions", self.questions)
        };
        format!(
            "<p class=\"practice-link faq-practice\"><a href=\"{}\">{what}</a> as flash cards</p>\n",
            escape_html(self.url)
        )
    }
}

/// The guide's body HTML with its parts marked up, `practice` linked at the end of the first
/// FAQ part, and cut around its TL;DR.
pub(crate) fn marked(guide: &Guide, practice: Option<&PracticeLink<'_>>) -> Marked {
    let html = &guide.body.html;
    // Where each heading's element stands in the HTML, as the parse wrote it.
    let headings = &guide.body.headings;
    let blocks = &guide.body.blocks;
    // The HTML offset where the block at `index` begins, when it is a heading; the end of the
    // body for the end of the blocks.
    let start_of_block = |index: usize| match blocks.get(index).map(|b| &b.kind) {
        Some(BlockKind::Heading { heading, .. }) => headings.get(*heading).map(|h| h.html.start),
        Some(_) => None,
        None => Some(html.len()),
    };
    let mut inserts: Vec<(usize, u8, String)> = Vec::new();
    // Where the first TL;DR part starts and ends in `html`.
    let mut lead: Option<(usize, usize)> = None;
    let mut wrapped_until = 0;
    let mut status_placed = false;
    let mut linked = false;
    for (index, part) in guide.model.parts.iter().enumerate() {
        let (Some(heading), Some(end)) =
            (headings.get(part.heading), start_of_block(part.blocks.end))
        else {
            continue;
        };
        let start = heading.html.start;
        if start < wrapped_until {
            continue; // inside a part already marked: parts do not nest
        }
        wrapped_until = end;
        let id = &heading.id;
        let class = match &part.kind {
            PartKind::Named(name) => slugify(name),
            kind => kind.name().to_owned(),
        };
        inserts.push((
            start,
            2,
            format!(
                "<section class=\"part part-{class}\" aria-labelledby=\"{}\">\n",
                escape_html(id)
            ),
        ));
        // The practice link closes the first FAQ part.
        let link = practice.filter(|_| part.kind == PartKind::Faq && !linked);
        linked |= link.is_some();
        let close = link.map_or(String::new(), PracticeLink::html) + "</section>\n";
        inserts.push((end, 1, close));
        if part.kind == PartKind::Tldr && lead.is_none() {
            lead = Some((start, end));
        }
        if part.kind == PartKind::Checklist && !status_placed {
            inserts.push((heading.html.end, 3, CHECKLIST_STATUS.to_owned()));
            status_placed = true;
        }
        if part.kind == PartKind::Faq {
            faq_items(guide, index, end, &start_of_block, &mut inserts);
        }
    }
    cut(html, inserts, lead)
}

/// Each question of the FAQ part at `index` (which ends at `end`) with its answer in a block.
fn faq_items(
    guide: &Guide,
    index: usize,
    end: usize,
    start_of_block: &impl Fn(usize) -> Option<usize>,
    inserts: &mut Vec<(usize, u8, String)>,
) {
    for question in guide.model.questions_of(index) {
        let opening = question
            .blocks
            .start
            .checked_sub(1)
            .and_then(start_of_block);
        if let (Some(from), Some(to)) = (opening, start_of_block(question.blocks.end)) {
            inserts.push((from, 4, "<div class=\"faq-item\">\n".to_owned()));
            inserts.push((to.min(end), 0, "</div>\n".to_owned()));
        }
    }
}

/// `html` with each text of `inserts` put in (see [`splice`]), whole and cut around `lead`
/// (where the TL;DR part starts and ends in `html`).
fn cut(html: &str, mut inserts: Vec<(usize, u8, String)>, lead: Option<(usize, usize)>) -> Marked {
    inserts.sort_by_key(|(at, rank, _)| (*at, *rank));
    // A place in `html` as a place in the marked HTML: what is inserted before it (at `at`,
    // up to `rank`) moves it on. The TL;DR runs from its section's opening (rank 2 at its
    // start) to just after its closing (rank 1 at its end).
    let marked_at = |at: usize, rank: u8, inclusive: bool| {
        at + inserts
            .iter()
            .filter(|(a, r, _)| (*a, *r) < (at, rank) || (inclusive && (*a, *r) == (at, rank)))
            .map(|(_, _, text)| text.len())
            .sum::<usize>()
    };
    let cut = lead.map(|(start, end)| (marked_at(start, 2, false), marked_at(end, 1, true)));
    let whole = splice(html, inserts);
    let split = cut.and_then(|(from, to)| {
        let lead = whole.get(from..to)?.to_owned();
        Some((lead, [whole.get(..from)?, whole.get(to..)?].concat()))
    });
    match split {
        Some((lead, rest)) => Marked { whole, lead, rest },
        None => Marked {
            lead: String::new(),
            rest: whole.clone(),
            whole,
        },
    }
}

/// `html` with each text inserted at its offset (`inserts` sorted by offset and rank); at one
/// offset, lower ranks go first: a question's block closes (0) before its part (1), which
/// closes before the next part opens (2), then the checklist panel (3) and a question's block
/// (4) open.
fn splice(html: &str, inserts: Vec<(usize, u8, String)>) -> String {
    let extra: usize = inserts.iter().map(|(_, _, text)| text.len()).sum();
    let mut out = String::with_capacity(html.len() + extra);
    let mut done = 0;
    for (at, _, text) in inserts {
        let at = at.min(html.len());
        if let Some(piece) = html.get(done..at) {
            out.push_str(piece);
            done = at;
        }
        out.push_str(&text);
    }
    out.push_str(html.get(done..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing;

    fn marked(body: &str) -> String {
        super::marked(&testing::guide(body), None).whole
    }

    #[test]
    fn parts_get_their_own_elements() {
        let html = marked(
            "Intro.\n\n## TL;DR\n\nShort.\n\n## Body\n\nText.\n\n## FAQ\n\n### One?\n\nYes.\n\n### Two?\n\nNo.\n\n## Checklist\n\n- [ ] a\n- [ ] b\n",
        );
        let tldr = html
            .find("<section class=\"part part-tldr\" aria-labelledby=\"tldr\">\n<h2 id=\"tldr\"")
            .expect(&html);
        let body = html.find("<h2 id=\"body\"").expect("body heading");
        let close = html[tldr..]
            .find("</section>")
            .map(|i| tldr + i)
            .expect("closed");
        assert!(close < body, "the TL;DR ends before the next part: {html}");
        assert!(html.contains("<section class=\"part part-faq\" aria-labelledby=\"faq\">"));
        assert_eq!(
            html.matches("<div class=\"faq-item\">\n<h3").count(),
            2,
            "{html}"
        );
        assert!(
            html.contains("<p>Yes.</p>\n</div>\n<div class=\"faq-item\">"),
            "{html}"
        );
        assert!(
            html.contains("<p>No.</p>\n</div>\n</section>\n<section class=\"part part-checklist\""),
            "{html}"
        );
        let checklist = html.find("part-checklist").expect("checklist");
        let status = html.find("data-checklist-status").expect("status panel");
        assert!(status > checklist && html[checklist..status].contains("</h2>"));
        assert!(html.trim_end().ends_with("</ul>\n</section>"), "{html}");
        assert_eq!(
            html.matches("<section").count(),
            html.matches("</section>").count()
        );
    }

    #[test]
    fn the_tldr_is_cut_out_whole_wherever_it_stands() {
        let guide = testing::guide(
            "Intro.\n\n## Context\n\nFirst.\n\n## TL;DR\n\nShort.\n\n## Body\n\nText.\n",
        );
        let Marked { whole, lead, rest } = super::marked(&guide, None);
        assert!(
            lead.starts_with("<section class=\"part part-tldr\""),
            "{lead}"
        );
        assert!(lead.ends_with("</section>\n"), "{lead}");
        assert!(lead.contains("<p>Short.</p>"), "{lead}");
        assert!(
            !rest.contains("TL;DR") && !rest.contains("Short."),
            "{rest}"
        );
        assert!(
            rest.contains("<p>First.</p>\n<h2 id=\"body\""),
            "the rest closes up around the cut: {rest}"
        );
        assert_eq!(lead.len() + rest.len(), whole.len());
        let without = testing::guide("Intro.\n\n## Body\n\nText.\n");
        let marked = super::marked(&without, None);
        assert!(marked.lead.is_empty());
        assert_eq!(marked.rest, marked.whole);
    }

    #[test]
    fn a_body_without_parts_is_unchanged() {
        let guide = testing::guide("Intro.\n\n## Only prose\n\nText.\n");
        assert_eq!(super::marked(&guide, None).whole, guide.body.html);
    }
}
