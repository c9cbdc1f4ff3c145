//! The title of a guide whose front matter gives none: its first `#` heading, as GitHub and
//! most Markdown tools show a README, else its file name.

use super::Body;
use crate::urls::GuideId;

/// The title, and when it came from the body's first heading, `text` (the body's text, the
/// guide's `file` or a copy of it with the same lines) with that heading's lines blanked (line
/// numbers stay the file's own), so that the page shows it once.
pub(super) fn from_body(
    text: &str,
    file: &str,
    body: &Body,
    id: &GuideId,
) -> (String, Option<String>) {
    let Some(h1) = body.headings.iter().find(|h| h.level == 1) else {
        return (id.fallback_title(), None);
    };
    let line = h1.at.line_in(file);
    let is_first = body
        .headings
        .first()
        .is_some_and(|h| h.at.line_in(file) == line);
    let without = is_first.then(|| blank_heading(text, line));
    (h1.text.clone(), without)
}

/// `text` with the heading at `line` (1-based) blanked: its line, and the underline of a
/// setext heading (`Title` over `=====`).
fn blank_heading(text: &str, line: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut setext = false;
    for (index, content) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        if number == line {
            setext = !content.trim_start().starts_with('#');
            out.push_str(line_ending(content));
        } else if number == line + 1 && setext {
            out.push_str(line_ending(content));
        } else {
            out.push_str(content);
        }
    }
    out
}

fn line_ending(line: &str) -> &str {
    let trimmed = line.trim_end_matches(['\n', '\r']);
    &line[trimmed.len()..]
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::guide::testing::parse_as;

    fn loose() -> Config {
        Config::parse(
            std::path::Path::new("/site"),
            "[front-matter]\nrequired = false\n",
        )
        .unwrap()
    }

    #[test]
    fn the_first_heading_is_the_title_and_leaves_the_body() {
        let g = parse_as("a/b.md", "# Design Mint\n\nintro\n\n## Step 1\n", &loose());
        assert_eq!(g.front.title, "Design Mint");
        assert!(!g.body.html.contains("<h1"), "{}", g.body.html);
        assert_eq!(g.body.headings.len(), 1);
        let at = g.source.locate(g.body.headings[0].at);
        assert_eq!(at, (5, 1), "lines and columns stay the file's");
        let g = parse_as("a/b.md", "Setext title\n===\n\ntext\n", &loose());
        assert_eq!(g.front.title, "Setext title");
        assert!(!g.body.html.contains("==="), "{}", g.body.html);
    }

    #[test]
    fn a_later_heading_is_the_title_but_stays_and_no_heading_means_the_file_name() {
        let g = parse_as(
            "x.md",
            "*links*\n\n# The Primer\n\n## Motivation\n",
            &loose(),
        );
        assert_eq!(g.front.title, "The Primer");
        assert!(
            !g.body.html.contains("<h1"),
            "the first heading, after a paragraph"
        );
        let g = parse_as("x.md", "## Intro\n\n# The Primer\n", &loose());
        assert_eq!(g.front.title, "The Primer");
        assert!(
            g.body.html.contains("<h1"),
            "a heading comes first: the title stays"
        );
        let g = parse_as("guides/rate_limiting-basics.md", "Just text.\n", &loose());
        assert_eq!(g.front.title, "Rate limiting basics");
        let g = parse_as("web_crawler/README.md", "Just text.\n", &loose());
        assert_eq!(g.front.title, "Web crawler");
    }

    #[test]
    fn front_matter_without_a_title_takes_the_heading_too() {
        let g = parse_as(
            "a.md",
            "---\nsidebar_label: X\n---\n# Real title\n",
            &loose(),
        );
        assert_eq!(g.front.title, "Real title");
    }
}
