//! Headings: ids from attributes or slugs (unique on the page, never one of the template's),
//! collected with their text, and written with their anchor link.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::{BlockKind, Heading, Pass};
use crate::config::HeadingIds;
use crate::diagnostic::Position;
use crate::highlight::escape_html;
use crate::urls::{github_slug, slugify};

/// The id a heading's attributes give: `{ #x }`, or `{ id="x" }` as attr_list (MkDocs)
/// writes it.
pub(super) fn heading_id(
    id: Option<CowStr<'_>>,
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
) -> Option<String> {
    id.map(|id| id.to_string()).or_else(|| {
        attrs
            .iter()
            .find(|(key, _)| &**key == "id")
            .and_then(|(_, value)| {
                let value = value.as_deref()?.trim_matches(['"', '\'']);
                (!value.is_empty()).then(|| value.to_owned())
            })
    })
}

/// A heading's id in `style`, before any number a repeat of it gets.
pub(crate) fn heading_slug(style: HeadingIds, text: &str) -> String {
    match style {
        HeadingIds::Github => github_slug(text),
        HeadingIds::Prepbook => slugify(text),
        HeadingIds::PythonMarkdown => crate::urls::python_markdown_slug(text),
    }
}

/// A heading being collected: its events are rendered once its text (and so its id) is known.
pub(super) struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    /// What the heading holds, sent here by `Pass::emit` until it closes.
    pub(super) events: Vec<Event<'a>>,
    /// Its plain text, gathered by `Pass::text`: what its id is made from.
    pub(super) text: String,
    at: Position,
}

impl<'s> Pass<'s> {
    /// A heading's start, collected until its end, when its text gives its id and its element
    /// goes to the page.
    pub(super) fn heading_event(
        &mut self,
        event: Event<'s>,
        at: Position,
        out: &mut Vec<Event<'s>>,
    ) {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.open_heading(level, heading_id(id, &attrs), &classes, at),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(html) = self.close_heading() {
                    self.heading_slots.push(out.len());
                    out.push(html);
                }
            }
            _ => {}
        }
    }

    pub(super) fn open_heading(
        &mut self,
        level: HeadingLevel,
        id: Option<String>,
        classes: &[CowStr<'_>],
        at: Position,
    ) {
        self.block(
            BlockKind::Heading {
                level: level as u8,
                heading: self.headings.len(),
            },
            at,
        );
        self.heading = Some(OpenHeading {
            level,
            id,
            classes: classes.iter().map(|c| c.to_string()).collect(),
            events: Vec::new(),
            text: String::new(),
            at,
        });
    }

    pub(super) fn close_heading(&mut self) -> Option<Event<'s>> {
        let heading = self.heading.take()?;
        let text = heading.text.trim().to_owned();
        let explicit_id = heading.id.is_some();
        let (mut id, slug_len) = match heading.id {
            Some(id) => {
                let len = id.len();
                (id, len)
            }
            None => self.unique_id(&text),
        };
        id.shrink_to_fit();
        self.used_ids.insert(id.clone());
        let level = heading.level as u8;
        let mut inner = String::new();
        pulldown_cmark::html::push_html(&mut inner, heading.events.into_iter());
        let class = if heading.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape_html(&heading.classes.join(" ")))
        };
        let id_attr = escape_html(&id);
        let html = format!("<h{level} id=\"{id_attr}\"{class}>{inner}</h{level}>\n");
        self.headings.push(Heading {
            level,
            text,
            id,
            explicit_id,
            slug_len,
            at: heading.at,
            html: 0..0,
        });
        Some(Event::Html(html.into()))
    }

    /// The heading's slug, or the slug with `-1`, `-2`… when an earlier heading has it; and
    /// the length of the slug itself, which the id starts with.
    pub(super) fn unique_id(&mut self, text: &str) -> (String, usize) {
        let slug = heading_slug(self.source.heading_ids, text);
        // Python-Markdown numbers a repeat `_1`, the others `-1`.
        let separator = match self.source.heading_ids {
            HeadingIds::PythonMarkdown => '_',
            HeadingIds::Github | HeadingIds::Prepbook => '-',
        };
        let base = match slug {
            slug if slug.is_empty() => "section".to_owned(),
            slug => slug,
        };
        if !self.used_ids.contains(&base) {
            let len = base.len();
            return (base, len);
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}{separator}{next}");
            *next += 1;
            if !self.used_ids.contains(&candidate) {
                return (candidate, base.len());
            }
        }
    }
}
