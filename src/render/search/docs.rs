//! What the search box shows of a hit (title, URL, section, description, headings and their
//! anchors), [`super::segments::DOCS_PER_FILE`] guides per file: a search fetches only the
//! files of the hits it shows. Headings that several guides of a file share (`FAQ`, `TL;DR`)
//! are written once ([`super::shared`]), and an anchor that the search box can work out from
//! its heading's text ([`anchor_of`]) is not written at all.

use std::collections::BTreeMap;

use serde::Serialize;

use super::shared::{Shared, Texts};
use crate::guide::markdown::Heading;

/// One guide as a hit shows it.
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    pub title: &'a str,
    /// The URL of its page.
    pub url: String,
    /// Its section, by number in the manifest's list; none for guides at the root.
    pub section: Option<usize>,
    pub description: &'a str,
    pub headings: &'a [Heading],
}

/// A guide in its file. Field names are one letter: they repeat for every guide.
#[derive(Debug, Serialize)]
struct Written<'a> {
    /// Title.
    t: &'a str,
    /// URL of the page.
    u: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<usize>,
    /// Description.
    #[serde(skip_serializing_if = "str::is_empty")]
    d: &'a str,
    /// Headings, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    h: Vec<Shared<'a>>,
    /// The anchors (ids) of the headings, by their place in `h`, that are not their text's
    /// [`anchor_of`]: a hit on a heading links to it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    a: BTreeMap<usize, &'a str>,
}

/// The file of some guides' metadata: a JSON array, one object per guide.
pub(crate) fn file(docs: &[Doc<'_>]) -> String {
    let mut texts = Texts::default();
    let written: Vec<Written<'_>> = docs
        .iter()
        .map(|doc| Written {
            t: doc.title,
            u: &doc.url,
            s: doc.section,
            d: doc.description,
            h: doc.headings.iter().map(|h| texts.share(&h.text)).collect(),
            a: doc
                .headings
                .iter()
                .enumerate()
                .filter(|(_, h)| h.id != anchor_of(&h.text))
                .map(|(i, h)| (i, h.id.as_str()))
                .collect(),
        })
        .collect();
    super::json(&written)
}

/// The anchor the search box works out for a heading whose anchor is not written: ASCII
/// letters lowercased, digits, `_` and `-` kept, each space a `-`, everything else dropped. It
/// is GitHub's rule for headings of ASCII text (most headings), and reads no Unicode tables,
/// so the script and this function cannot disagree: where it misses the real id (another
/// script's letters, a heading repeated on the page, an id given in the Markdown, the
/// `prepbook` id style), the id is written.
pub(crate) fn anchor_of(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            'a'..='z' | '0'..='9' | '_' | '-' => Some(c),
            ' ' => Some('-'),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing::guide;

    #[test]
    fn the_anchor_rule_is_githubs_for_ascii_headings() {
        let g = guide(
            "## What's new -- v2?\n\n## “Tell me about a time”\n\n## FAQ\n\n## FAQ\n\n## Ünïcode\n\n## Custom {#mine}\n",
        );
        let derived: Vec<bool> = g
            .body
            .headings
            .iter()
            .map(|h| h.id == anchor_of(&h.text))
            .collect();
        assert_eq!(derived, [true, true, true, false, false, false]);
    }

    #[test]
    fn shared_headings_and_unusual_anchors_are_written_once() {
        let a = guide("## FAQ\n\n## Plan {#the-plan}\n");
        let b = guide("## FAQ\n\n## Other\n");
        let docs: Vec<Doc<'_>> = [&a, &b]
            .iter()
            .enumerate()
            .map(|(n, g)| Doc {
                title: "T",
                url: format!("/g{n}/"),
                section: None,
                description: "",
                headings: &g.body.headings,
            })
            .collect();
        assert_eq!(
            file(&docs),
            r#"[{"t":"T","u":"/g0/","h":["FAQ","Plan"],"a":{"1":"the-plan"}},{"t":"T","u":"/g1/","h":[0,"Other"]}]"#
        );
    }
}
