//! mdBook's directives expanded in the text the Markdown pass parses, from what the load stage
//! read for them (`load::include`), with a map of offsets back to the unexpanded text, so that
//! every position a diagnostic gives stays the file's own (text from an included file is
//! placed at its directive).

use crate::diagnostic::{Diagnostic, rules};
use crate::load::include::{Includes, Resolved, directives};

/// Where included text went: each directive replaced, as (start in the expanded text, length
/// there, start in the unexpanded text, length there), in order.
#[derive(Debug, Default)]
pub(crate) struct Expansion {
    spans: Vec<(usize, usize, usize, usize)>,
}

impl Expansion {
    /// The offset in the unexpanded text of `offset` in the expanded one: inside included
    /// text, its directive's start.
    pub(crate) fn unexpanded(&self, offset: usize) -> usize {
        let index = self.spans.partition_point(|&(start, ..)| start <= offset);
        let Some(&(start, length, from, replaced)) =
            index.checked_sub(1).and_then(|i| self.spans.get(i))
        else {
            return offset;
        };
        if offset < start + length {
            from
        } else {
            from + replaced + (offset - start - length)
        }
    }
}

/// A text with its directives expanded.
#[derive(Debug)]
pub(crate) struct Expanded {
    pub text: String,
    pub map: Expansion,
    /// The title `{{#title …}}` gives, if any.
    pub title: Option<String>,
}

/// `text` (the file, or a copy of it with the same lines) with its resolved directives
/// replaced: an include by its lines, a title by nothing; one that failed stays as written.
/// MDX's `={require('…').default}` attribute values become quoted paths, so the tag is HTML
/// whose `src` is checked like any other. Then `shared_links` (the site's shared link
/// definitions), after the body. `None` when there is nothing to expand.
pub(crate) fn expand(text: &str, includes: &Includes, shared_links: &str) -> Option<Expanded> {
    let requires = text.contains("={require(");
    if includes.is_empty() && shared_links.is_empty() && !requires {
        return None;
    }
    let mut title = None;
    let mut replacements: Vec<(usize, usize, String)> = Vec::new();
    for directive in directives(text) {
        let replacement = match includes.resolved.get(directive.inner) {
            Some(Resolved::Text(lines)) => lines.clone(),
            Some(Resolved::Title(named)) => {
                title = Some(named.clone());
                String::new()
            }
            Some(Resolved::Failed(_)) | None => continue,
        };
        replacements.push((directive.start, directive.end, replacement));
    }
    if requires {
        replacements.extend(required_paths(text));
        replacements.sort_by_key(|&(start, ..)| start);
    }
    let mut expanded = Expanded {
        text: String::with_capacity(text.len()),
        map: Expansion::default(),
        title,
    };
    let mut last = 0;
    for (start, end, replacement) in replacements {
        if start < last {
            continue; // inside text already replaced
        }
        expanded.text.push_str(&text[last..start]);
        let at = expanded.text.len();
        expanded
            .map
            .spans
            .push((at, replacement.len(), start, end - start));
        expanded.text.push_str(&replacement);
        last = end;
    }
    expanded.text.push_str(&text[last..]);
    if !shared_links.is_empty() {
        // Placed at the file's end: nothing of them is shown, a link using one is the page's.
        let start = expanded.text.len();
        expanded.text.push_str("\n\n");
        expanded.text.push_str(shared_links);
        let length = expanded.text.len() - start;
        expanded.map.spans.push((start, length, text.len(), 0));
    }
    Some(expanded)
}

/// Each `{require('…').default}` attribute value of `text` (after `=`, on one line, not in
/// code), with the quoted path that replaces it.
fn required_paths(text: &str) -> Vec<(usize, usize, String)> {
    let no_imports = std::collections::BTreeMap::new();
    let code = code_ranges(text);
    text.match_indices("={require(")
        .filter(|(at, _)| !code.iter().any(|range| range.contains(at)))
        .filter_map(|(at, _)| {
            let start = at + 1;
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let end = start + text[start..line_end].find('}')? + 1;
            let path = super::html_refs::jsx_source(&text[start + 1..end - 1], &no_imports)?;
            (!path.contains(['"', '<', '>'])).then(|| (start, end, format!("\"{path}\"")))
        })
        .collect()
}

/// The byte ranges of `text` in fenced or indented code, which is shown as written.
fn code_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut fence: Option<(char, usize, usize)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let opened = super::unsupported::fence_of(line);
        match (fence, opened) {
            (None, Some((c, n))) => fence = Some((c, n, start)),
            (Some((c, n, from)), Some((close, m)))
                if close == c && m >= n && line.trim()[m..].trim().is_empty() =>
            {
                ranges.push(from..at);
                fence = None;
            }
            (None, None) if line.starts_with("    ") || line.starts_with('\t') => {
                ranges.push(start..at);
            }
            _ => {}
        }
    }
    if let Some((_, _, from)) = fence {
        ranges.push(from..text.len());
    }
    ranges
}

/// Whether a directive starts on line `line` (1-based) of `text`.
pub(crate) fn on_line(text: &str, line: usize) -> bool {
    text.lines()
        .nth(line.saturating_sub(1))
        .is_some_and(|l| !directives(l).is_empty())
}

/// An `include-failed` error at each directive of the file `text` that could not be
/// expanded, from `body_offset` on.
pub(crate) fn failures(
    text: &str,
    body_offset: usize,
    includes: &Includes,
    file: &str,
) -> Vec<Diagnostic> {
    if includes.is_empty() {
        return Vec::new();
    }
    directives(text)
        .into_iter()
        .filter(|d| d.start >= body_offset)
        .filter_map(|d| match includes.resolved.get(d.inner) {
            Some(Resolved::Failed(why)) => Some(
                rules::INCLUDE_FAILED
                    .report(
                        file,
                        format!("`{{{{#{}}}}}` is not included: {why}", d.inner),
                    )
                    .at_offset(text, d.start)
                    .spanning(text[d.start..d.end].chars().count()),
            ),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn includes(pairs: &[(&str, Resolved)]) -> Includes {
        Includes {
            resolved: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            files: Vec::new(),
        }
    }

    #[test]
    fn offsets_of_the_expanded_text_map_back_to_the_directive() {
        let text = "a\n{{#include x.rs}}\nb {{#title T}}c\n{{#include gone.rs}}\nend";
        let found = includes(&[
            ("include x.rs", Resolved::Text("one\ntwo".into())),
            ("title T", Resolved::Title("T".into())),
            (
                "include gone.rs",
                Resolved::Failed("`gone.rs` does not exist".into()),
            ),
        ]);
        let expanded = expand(text, &found, "").unwrap();
        assert_eq!(expanded.text, "a\none\ntwo\nb c\n{{#include gone.rs}}\nend");
        assert_eq!(expanded.title.as_deref(), Some("T"));
        let back = |needle: &str| expanded.map.unexpanded(expanded.text.find(needle).unwrap());
        assert_eq!(back("a\n"), 0);
        assert_eq!(back("two"), text.find("{{#include x.rs").unwrap());
        assert_eq!(back("b "), text.find("b ").unwrap());
        assert_eq!(back("c\n"), text.find("c\n").unwrap());
        assert_eq!(back("end"), text.find("end").unwrap());
        let errors = failures(text, 0, &found, "content/g.md");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "include-failed");
        assert_eq!(errors[0].line, Some(4));
        assert!(expand(text, &Includes::default(), "").is_none());
        let mdx = "<img src={require('@site/static/img/a.png').default} alt=\"A\" />";
        let required = expand(mdx, &Includes::default(), "").unwrap();
        assert_eq!(required.text, "<img src=\"/img/a.png\" alt=\"A\" />");
        assert_eq!(
            required.map.unexpanded(required.text.find("alt").unwrap()),
            mdx.find("alt").unwrap()
        );
        let shared = expand(
            "Read [the docs][mdn].",
            &Includes::default(),
            "[mdn]: https://x/\n",
        )
        .unwrap();
        assert_eq!(shared.text, "Read [the docs][mdn].\n\n[mdn]: https://x/\n");
        assert_eq!(
            shared.map.unexpanded(shared.text.len() - 2),
            "Read [the docs][mdn].".len()
        );
    }
}
