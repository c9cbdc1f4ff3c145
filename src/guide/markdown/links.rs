//! Links, images and the author's HTML: recorded where they stand, their URLs made the site's
//! (a guide's `.md` its page), unsafe ones left out.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Image, Link, Pass};
use crate::config::RawHtml;
use crate::diagnostic::{LineIndex, Position};
use crate::guide::html_refs;
use crate::urls::classify_link;

/// What an unsafe link or image URL becomes where the site escapes guides' HTML: the page
/// itself, which runs nothing.
pub(super) const INERT_URL: &str = "#";

impl<'s> Pass<'s> {
    /// Links and images: recorded where they stand, their URLs made the page's.
    pub(super) fn link_or_image(&mut self, event: Event<'s>, at: Position) -> Event<'s> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.open_link(&dest_url, at);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                self.open_link = None;
                event
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let target = self
                    .source
                    .case
                    .target(classify_link(self.source.id, &dest_url));
                let url = target.url(self.source.base);
                self.images.push(Image {
                    dest: dest_url.to_string(),
                    target,
                    alt: String::new(),
                    at,
                    length: self.length,
                });
                self.open_image = Some(self.images.len() - 1);
                let dest_url = if self.is_inert(&dest_url) {
                    CowStr::Borrowed(INERT_URL)
                } else {
                    url.map_or(dest_url, CowStr::from)
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                self.open_image = None;
                event
            }
            other => other,
        }
    }

    /// Records a link and returns the destination the page should carry.
    pub(super) fn open_link(&mut self, dest: &str, at: Position) -> CowStr<'s> {
        let target = self.source.case.target(classify_link(self.source.id, dest));
        let rewritten = if self.is_inert(dest) {
            INERT_URL.to_owned()
        } else {
            target
                .url(self.source.base)
                .unwrap_or_else(|| dest.to_owned())
        };
        self.links.push(Link {
            dest: dest.to_owned(),
            target,
            text: String::new(),
            at,
            length: self.length,
        });
        self.open_link = Some(self.links.len() - 1);
        rewritten.into()
    }

    /// Whether a link or image URL is left out of the page: one that runs code or carries its
    /// own content (`javascript:`, `data:`) in a guide whose HTML is escaped, since such a site
    /// builds guides it does not trust. The link stays recorded as written, for `unsafe-url`.
    pub(super) fn is_inert(&self, dest: &str) -> bool {
        self.source.raw_html == RawHtml::Escape && crate::urls::unsafe_scheme(dest).is_some()
    }

    /// HTML written in the body, its `src`/`href` attributes made into the site's URLs like
    /// Markdown links and recorded in `Body::html_refs` to be checked. An attribute is placed
    /// by counting in the HTML's text from where the HTML starts, so it gets its line and
    /// column now (from the lines of the text parsed, which are the file's).
    pub(super) fn raw_html(&mut self, html: CowStr<'s>) -> CowStr<'s> {
        let source = self.source;
        // Lines are counted in the text before mdBook's directives were expanded (the file's).
        let (text, offset) = match source.included {
            Some((copy, map)) => (copy, map.unexpanded(self.offset)),
            None => (source.text, self.offset),
        };
        let lines = &self.lines;
        let imports = &self.imports;
        let mut refs = Vec::new();
        let mut unresolved = Vec::new();
        // The line and column of a byte of the HTML, counted from where the HTML starts.
        let place = |offset_in_html: usize| {
            let (line, column) = lines.get_or_init(|| LineIndex::new(text)).locate(offset);
            let before = &html[..offset_in_html];
            match before.rfind('\n') {
                Some(i) => (
                    line + before.matches('\n').count(),
                    before[i + 1..].chars().count() + 1,
                ),
                None => (line, column + before.chars().count()),
            }
        };
        let rewritten = html_refs::rewrite(&html, |value, offset_in_html| {
            let dest = match value {
                html_refs::Value::Quoted(dest) => dest.to_owned(),
                html_refs::Value::Jsx(expression) => {
                    let imports = imports
                        .get_or_init(|| html_refs::imports(source.blanked_from.unwrap_or(text)));
                    let Some(dest) = html_refs::jsx_source(expression, imports) else {
                        let (line, column) = place(offset_in_html);
                        unresolved.push((expression.to_owned(), line, column));
                        return None;
                    };
                    dest
                }
            };
            let dest = dest.as_str();
            let target = source.case.target(classify_link(source.id, dest));
            let url = target.url(source.base);
            let (line, column) = place(offset_in_html);
            refs.push(Link {
                dest: dest.to_owned(),
                target,
                text: String::new(),
                at: Position::line_column(line, column),
                length: dest.chars().count(),
            });
            url
        });
        self.unresolved_jsx.extend(unresolved);
        self.html_refs.extend(refs);
        match rewritten {
            Some(text) => text.into(),
            None => html,
        }
    }
}
