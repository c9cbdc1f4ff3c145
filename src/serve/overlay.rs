//! What the preview server adds to HTML pages: the reload client and, while the site has
//! problems, an overlay listing them. Pure string work, so it is tested without a server.

use std::fmt::Write as _;

use crate::diagnostic::{Diagnostic, plural};
use crate::highlight::escape_html;

const CLIENT: &str = include_str!("client.js");
const STYLE: &str = include_str!("overlay.css");

/// What a page needs to know to decide, later, whether to reload.
pub(crate) struct Injection<'a> {
    pub generation: u64,
    pub events_url: &'a str,
    pub diagnostics: &'a [Diagnostic],
    pub fatal: Option<&'a str>,
}

impl Injection<'_> {
    /// A fingerprint of the problems shown, so a page reloads when they change.
    pub(crate) fn errors_fingerprint(&self) -> String {
        errors_fingerprint(self.diagnostics, self.fatal)
    }
}

/// Of the errors only, as the overlay shows them: a site's warnings (tens of thousands on some
/// sites) neither reload a page nor cost each request a pass over them.
pub(crate) fn errors_fingerprint(diagnostics: &[Diagnostic], fatal: Option<&str>) -> String {
    let mut hasher = blake3::Hasher::new();
    for d in diagnostics.iter().filter(|d| d.is_error()) {
        hasher.update(d.location().as_bytes());
        hasher.update(d.code.as_bytes());
        hasher.update(d.message.as_bytes());
    }
    if let Some(fatal) = fatal {
        hasher.update(fatal.as_bytes());
    }
    hasher.finalize().to_hex()[..16].to_owned()
}

/// Inserts the overlay (if there are problems) and the reload client before `</body>`, or at
/// the end of a page that has none.
pub(crate) fn inject(html: &str, injection: &Injection<'_>) -> String {
    let mut extra = overlay(injection.diagnostics, injection.fatal);
    let _ = write!(
        extra,
        "<script data-generation=\"{}\" data-events=\"{}\" data-errors=\"{}\">{CLIENT}</script>",
        injection.generation,
        escape_html(injection.events_url),
        injection.errors_fingerprint()
    );
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]),
        None => format!("{html}{extra}"),
    }
}

/// The error overlay: every problem with its place, source line and help. Empty when there
/// are none. Its stylesheet comes with it, scoped to its id, so it looks the same whatever the
/// theme.
pub(crate) fn overlay(diagnostics: &[Diagnostic], fatal: Option<&str>) -> String {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    if errors.is_empty() && fatal.is_none() {
        return String::new();
    }
    let mut out = format!(
        "<div id=\"prepbook-overlay\" role=\"alert\"><style>{STYLE}</style><div class=\"prepbook-inner\">"
    );
    let count = errors.len() + usize::from(fatal.is_some());
    let _ = write!(
        out,
        "<p class=\"prepbook-summary\">prepbook: {count} {} — the last good version of this page is underneath; fixing the file reloads it.</p>",
        plural(count, "error")
    );
    if let Some(fatal) = fatal {
        let _ = write!(
            out,
            "<pre class=\"prepbook-diagnostic\">{}</pre>",
            escape_html(fatal)
        );
    }
    for d in errors {
        let _ = write!(
            out,
            "<section class=\"prepbook-diagnostic\"><p><strong>{}</strong>: <span class=\"prepbook-code\">error[{}]</span> {}</p>",
            escape_html(&d.location()),
            escape_html(d.code),
            escape_html(&d.message)
        );
        if let Some(shown) = d.shown() {
            let _ = write!(
                out,
                "<pre class=\"prepbook-source\">{} | {}</pre>",
                d.line.unwrap_or_default(),
                escape_html(&shown.text)
            );
        }
        if let Some(help) = &d.help {
            let _ = write!(
                out,
                "<p class=\"prepbook-help\">help: {}</p>",
                escape_html(help)
            );
        }
        out.push_str("</section>");
    }
    out.push_str("</div></div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::rules;

    #[test]
    fn client_goes_before_body_end() {
        let page = inject(
            "<html><body><p>x</p></body></html>",
            &Injection {
                generation: 7,
                events_url: "/__prepbook/events",
                diagnostics: &[],
                fatal: None,
            },
        );
        assert!(page.contains("data-generation=\"7\""));
        assert!(page.ends_with("</script></body></html>"));
        assert!(!page.contains("prepbook-overlay"));
    }

    /// Every element of the overlay gets the overlay's colours, above any rule of the theme:
    /// the rule for all its elements sets text and background, and no colour the overlay
    /// sets can be overridden by the page's stylesheet.
    #[test]
    fn every_element_of_the_overlay_has_its_own_colours() {
        let universal = STYLE
            .split('}')
            .find(|rule| rule.contains("#prepbook-overlay *"))
            .expect("a rule for every element of the overlay");
        assert!(
            universal.contains("color: #f4f4f5 !important"),
            "{universal}"
        );
        assert!(
            universal.contains("background: transparent !important"),
            "{universal}"
        );
        for declaration in STYLE.split([';', '{', '}']) {
            let declaration = declaration.trim();
            let sets_colour = declaration.starts_with("color:")
                || declaration.starts_with("background:")
                || declaration.starts_with("border-left:");
            if sets_colour {
                assert!(declaration.ends_with("!important"), "{declaration}");
            }
        }
    }

    #[test]
    fn overlay_lists_errors_escaped() {
        let d = rules::BROKEN_LINK
            .report("content/a.md", "link to <b>")
            .at("x\nsee [a](<b>.md)\n", 2, 5)
            .with_help("fix it");
        let html = overlay(&[d], None);
        assert!(html.contains("content/a.md:2:5"));
        assert!(html.contains("link to &lt;b&gt;"));
        assert!(html.contains("2 | see [a](&lt;b&gt;.md)"));
        assert!(html.contains("help: fix it"));
        assert!(
            overlay(
                &[rules::EMPTY_LINK_TEXT.report("f", "only a warning")],
                None
            )
            .is_empty()
        );
        assert!(overlay(&[], Some("template error")).contains("template error"));
    }

    #[test]
    fn fingerprints_change_with_problems() {
        let d = rules::BROKEN_LINK.report("f", "m");
        assert_ne!(
            errors_fingerprint(&[], None),
            errors_fingerprint(&[d], None)
        );
        assert_eq!(errors_fingerprint(&[], None), errors_fingerprint(&[], None));
    }

    /// The overlay shows errors only: a warning, which it does not show, reloads no page.
    #[test]
    fn warnings_leave_the_fingerprint_as_it_is() {
        let warning = rules::DUPLICATE_QUESTION.report("f", "m");
        assert!(!warning.is_error());
        assert_eq!(
            errors_fingerprint(&[warning], None),
            errors_fingerprint(&[], None)
        );
    }
}
