//! The practice deck as Anki's text import format (`prepbook export anki`): one Basic note per
//! flash card, its GUID the card's stable key, so that importing the file again updates the
//! notes instead of adding them twice.
//!
//! The header lines tell Anki what the columns are (see Anki's manual, "Importing text files"):
//! tab-separated, HTML allowed, column 1 the GUID, 2 and 3 the Basic note type's Front and
//! Back, 4 the tags. A field holding a tab, a line break or a double quote is quoted as CSV
//! quotes it: in double quotes, each `"` doubled.

use super::practice::{Deck, section_title};
use crate::site::Site;

/// The whole file: the header, then the notes of every section in site order (`weight`),
/// guides in reading order, questions in page order.
pub(crate) fn text(title: &str, site: &Site, deck: &Deck) -> String {
    let mut out = String::new();
    out.push_str("#separator:tab\n#html:true\n#guid column:1\n#notetype:Basic\n");
    out.push_str(&format!("#deck:{}\n", one_line(title)));
    out.push_str("#tags column:4\n");
    for section in site.sections_in_order() {
        let section_tag = tag(&section_title(section));
        for id in &section.guides {
            let Some(guide) = site.guides.get(id) else {
                continue;
            };
            let mut tags: Vec<String> = guide.front.tags.iter().map(|t| tag(t)).collect();
            if !tags.contains(&section_tag) {
                tags.push(section_tag.clone());
            }
            let tags = tags.join(" ");
            for card in deck.of(id) {
                let fields = [
                    card.key.as_str(),
                    card.question.as_str(),
                    card.answer_html.as_str(),
                    tags.as_str(),
                ];
                let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
                out.push_str(&line.join("\t"));
                out.push('\n');
            }
        }
    }
    out
}

/// One field, quoted when a tab, a line break or a double quote in it would otherwise end the
/// field or the note (or be read as the start of a quoted one).
fn field(value: &str) -> String {
    if value.contains(['\t', '\n', '\r', '"']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// A tag: Anki separates tags by spaces, so a tag's own whitespace becomes `_`.
fn tag(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join("_")
}

/// A header value on one line: a line break would end the header line.
fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_tabs_line_breaks_or_quotes_are_quoted_and_quotes_doubled() {
        assert_eq!(field("plain <b>html</b>"), "plain <b>html</b>");
        assert_eq!(field("a\tb"), "\"a\tb\"");
        assert_eq!(
            field("<p>one</p>\n<p>two</p>"),
            "\"<p>one</p>\n<p>two</p>\""
        );
        assert_eq!(field("a\r\nb"), "\"a\r\nb\"");
        assert_eq!(
            field("<a href=\"/x/\">say \"hi\"</a>"),
            "\"<a href=\"\"/x/\"\">say \"\"hi\"\"</a>\""
        );
        assert_eq!(field(""), "");
    }

    #[test]
    fn tags_and_header_values_lose_their_whitespace() {
        assert_eq!(tag("system design"), "system_design");
        assert_eq!(tag(" a \t b\n"), "a_b");
        assert_eq!(one_line("Prep\nbook  title"), "Prep book title");
    }
}
