//! The `src` and `href` attributes of HTML written in a guide body (`<img src="…">`,
//! `<a href="…">`), found without a full HTML parser: attribute names are matched after
//! whitespace, values in double or single quotes.

/// `html` with each `src`/`href` value replaced by what `url` returns for it (given the value
/// and its byte offset in `html`), or `None` when nothing changed.
pub(super) fn rewrite(
    html: &str,
    mut url: impl FnMut(&str, usize) -> Option<String>,
) -> Option<String> {
    let mut out = String::new();
    let mut done = 0;
    let mut changed = false;
    for (start, end) in values(html) {
        if let Some(new) = url(&html[start..end], start) {
            out.push_str(&html[done..start]);
            out.push_str(&escape_attribute(&new));
            done = end;
            changed = true;
        }
    }
    changed.then(|| {
        out.push_str(&html[done..]);
        out
    })
}

/// Byte ranges of the quoted values of `src=` and `href=` attributes.
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
            let Some(&quote) = bytes.get(j).filter(|q| matches!(q, b'"' | b'\'')) else {
                continue;
            };
            if let Some(len) = html[j + 1..].find(char::from(quote)) {
                found.push((j + 1, j + 1 + len));
            }
        }
    }
    found.sort_unstable();
    found
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
}
