//! The `src` and `href` attributes of HTML written in a guide body (`<img src="…">`,
//! `<a href="…">`), found without a full HTML parser: attribute names are matched after
//! whitespace, values in double or single quotes, or MDX's JSX expressions (`src={Pic}` of an
//! imported image, `src={require('@site/static/img/x.png').default}`), which are made plain
//! attributes when the file they name is known.

use std::collections::BTreeMap;

/// An attribute's value as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Value<'a> {
    /// Between quotes: a URL.
    Quoted(&'a str),
    /// Between braces: a JSX expression.
    Jsx(&'a str),
}

/// `html` with each `src`/`href` value replaced by what `url` returns for it (given the value
/// and its byte offset in `html`), or `None` when nothing changed. A JSX value replaced
/// becomes a quoted one.
pub(super) fn rewrite(
    html: &str,
    mut url: impl FnMut(Value<'_>, usize) -> Option<String>,
) -> Option<String> {
    let mut out = String::new();
    let mut done = 0;
    let mut changed = false;
    for (start, end) in values(html) {
        let jsx = html.as_bytes().get(start) == Some(&b'{');
        let value = match jsx {
            true => Value::Jsx(html[start + 1..end - 1].trim()),
            false => Value::Quoted(&html[start..end]),
        };
        if let Some(new) = url(value, start) {
            out.push_str(&html[done..start]);
            match jsx {
                true => out.push_str(&format!("\"{}\"", escape_attribute(&new))),
                false => out.push_str(&escape_attribute(&new)),
            }
            done = end;
            changed = true;
        }
    }
    changed.then(|| {
        out.push_str(&html[done..]);
        out
    })
}

/// Byte ranges of the quoted values of `src=` and `href=` attributes (inside the quotes), and
/// of their JSX values (the braces included).
fn values(html: &str) -> Vec<(usize, usize)> {
    let bytes = html.as_bytes();
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for name in ["src", "href"] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(name).map(|i| i + from) {
            from = i + name.len();
            let after_space = i > 0 && bytes[i - 1].is_ascii_whitespace();
            let mut j = from;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if !after_space || bytes.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            match bytes.get(j) {
                Some(&quote @ (b'"' | b'\'')) => {
                    if let Some(len) = html[j + 1..].find(char::from(quote)) {
                        found.push((j + 1, j + 1 + len));
                    }
                }
                Some(b'{') => {
                    if let Some(len) = html[j..].find('}') {
                        found.push((j, j + len + 1));
                    }
                }
                _ => {}
            }
        }
    }
    found.sort_unstable();
    found
}

/// The images an MDX file imports, by the name it gives them: `import Pic from './x.png'`.
pub(super) fn imports(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("import ")?;
            let (name, from) = rest.split_once(" from ")?;
            let name = name.trim();
            let path = from.trim().trim_end_matches(';').trim();
            let path = path.strip_prefix(['"', '\''])?.strip_suffix(['"', '\''])?;
            let plain = name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$');
            (plain && !name.is_empty()).then(|| (name.to_owned(), path.to_owned()))
        })
        .collect()
}

/// The file a JSX `src`/`href` expression names, as a link: an imported name, or
/// `require('…').default`; Docusaurus's `@site/static/` is the site's root. `None` for any
/// other expression, which stays as written.
pub(super) fn jsx_source(expression: &str, imports: &BTreeMap<String, String>) -> Option<String> {
    let path = match expression.strip_prefix("require(") {
        Some(rest) => {
            let (quoted, _) = rest.split_once(')')?;
            let quoted = quoted.trim();
            quoted
                .strip_prefix(['"', '\''])?
                .strip_suffix(['"', '\''])?
        }
        None => imports.get(expression)?.as_str(),
    };
    Some(match path.strip_prefix("@site/static/") {
        Some(rooted) => format!("/{rooted}"),
        None => path.to_owned(),
    })
}

fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn src_and_href_values_are_rewritten_in_place() {
        let html =
            "<p align=\"center\"><img SRC='images/a.png' alt=\"x\"><a href = \"/b\">b</a></p>";
        let mut seen = Vec::new();
        let out = rewrite(html, |value, offset| {
            let Value::Quoted(value) = value else {
                panic!("{value:?}");
            };
            seen.push((value.to_owned(), offset));
            Some(format!("/prep/{value}"))
        })
        .unwrap();
        assert_eq!(
            out,
            "<p align=\"center\"><img SRC='/prep/images/a.png' alt=\"x\"><a href = \"/prep//b\">b</a></p>"
        );
        assert_eq!(seen[0], ("images/a.png".to_owned(), 28));
        assert_eq!(
            rewrite("<a data-href=\"x\" hreflang=\"en\">", |_, _| Some(
                "y".into()
            )),
            None
        );
        assert_eq!(rewrite("<img src=\"a.png\">", |_, _| None), None);
    }

    #[test]
    fn imported_and_required_images_become_plain_attributes() {
        let file = "import Diagram from './img/flow.png';\nimport { x } from 'y';\n\
                    import Tabs from '@theme/Tabs';\n";
        let imports = imports(file);
        assert_eq!(
            imports.get("Diagram").map(String::as_str),
            Some("./img/flow.png")
        );
        assert!(!imports.contains_key("{ x }"));
        let resolve = |html: &str| {
            rewrite(html, |value, _| match value {
                Value::Jsx(expression) => jsx_source(expression, &imports),
                Value::Quoted(_) => None,
            })
        };
        assert_eq!(
            resolve("<img src={Diagram} alt=\"Flow\" />").as_deref(),
            Some("<img src=\"./img/flow.png\" alt=\"Flow\" />")
        );
        assert_eq!(
            resolve("<img src={require('@site/static/img/a b.png').default} />").as_deref(),
            Some("<img src=\"/img/a b.png\" />")
        );
        assert_eq!(resolve("<img src={Unknown} />"), None, "left as written");
    }
}
