//! The Markdown body of a guide: one pass over pulldown-cmark's events (with source offsets)
//! that gives headings stable ids and anchor links, rewrites links to other guides' `.md` files
//! into their page URLs, highlights fenced code, turns task-list items into checkboxes a reader
//! can tick, and records what later stages check and render (an outline of blocks with their
//! plain text).
//!
//! The pass (`Pass`, here with the outline, quotes and text) hands each event to the concern it
//! belongs to: `headings.rs` (ids and anchors), `links.rs` (links, images and the author's
//! HTML), `code.rs` (highlighted code and diagrams), `tasks.rs` (tables and task lists).

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::locator::Locator;
use super::markers::Marker;
use crate::config::{HeadingIds, RawHtml};
use crate::diagnostic::{LineIndex, Position, Stretch};
use crate::highlight::Code;
use crate::urls::{BasePath, GuideId, LinkTarget};

mod code;
mod headings;
mod links;
mod tasks;
#[cfg(test)]
mod tests;

use headings::OpenHeading;
pub(crate) use headings::heading_slug;
use tasks::{checkbox_html, task_keys};

/// A heading of the body, with the id its anchor uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub level: u8,
    /// Plain text of the heading.
    pub text: String,
    pub id: String,
    /// `true` when the author gave the id (`{#id}`).
    pub explicit_id: bool,
    /// How much of `id` the heading asked for (see [`Heading::slug`]): a number, not a copy,
    /// as every heading of every guide is held while the site is built.
    pub slug_len: usize,
    pub at: Position,
    /// Where the heading's element stands in `Body::html` (byte range), so that the HTML of a
    /// part of the body (an FAQ answer) can be taken as the page shows it.
    pub html: std::ops::Range<usize>,
}

impl Heading {
    /// The id the heading asked for: the explicit one, or its text's slug before a `-1` made
    /// it unique (which only ever adds to its end).
    pub(crate) fn slug(&self) -> &str {
        self.id.get(..self.slug_len).unwrap_or(&self.id)
    }
}

/// A link as written in the body, where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub dest: String,
    pub target: LinkTarget,
    pub text: String,
    pub at: Position,
    /// Length in characters of the whole link as written (`[text](dest)`).
    pub length: usize,
}

/// An image as written in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Image {
    pub dest: String,
    pub target: LinkTarget,
    pub alt: String,
    pub at: Position,
    /// Length in characters of the whole image as written.
    pub length: usize,
}

/// What a top-level or nested block of the body is; the outline the content rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// A heading; `heading` indexes `Body::headings`.
    Heading {
        level: u8,
        heading: usize,
    },
    Paragraph,
    /// A list item; `depth` 1 for a top-level list.
    ListItem {
        task: bool,
        depth: usize,
    },
    Table,
    Code,
    Quote,
    Html,
    Rule,
}

/// One block in document order, with its position and the text it holds directly. A list
/// item holds the text of its paragraphs too (not that of nested items), so that an item's
/// text is whole in loose lists as in tight ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub kind: BlockKind,
    pub at: Position,
    pub words: usize,
    /// Plain text as the page shows it (code included, image alt text not), for structured
    /// data, the search index and printable checklists.
    pub text: String,
}

/// A task-list item (`- [ ] …`), rendered as a checkbox a reader can tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Task {
    /// Its list item in `Body::blocks`.
    pub block: usize,
    /// Stable key: a hash of the item's text (with `-2`, `-3`… for repeats), so that a
    /// reader's ticks survive rebuilds that leave the item alone.
    pub key: String,
    /// Ticked in the source (`- [x]`).
    pub checked: bool,
}

impl Task {
    /// Whether this item repeats the text of an earlier one (its key has a `-2`, `-3`…
    /// suffix): the reader ticks it with the first, as one step.
    pub(crate) fn is_repeat(&self) -> bool {
        self.key.contains('-')
    }
}

/// What rendering one body gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Body {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
    /// The `src` and `href` attributes of HTML written in the body, as links.
    pub html_refs: Vec<Link>,
    /// JSX `src={…}`/`href={…}` expressions that name no file prepbook knows (`{Pic}` with no
    /// import of `Pic`): left as written, each reported at its line and column.
    pub unresolved_jsx: Vec<(String, usize, usize)>,
    /// Every block in document order.
    pub blocks: Vec<Block>,
    /// Task-list items in document order.
    pub tasks: Vec<Task>,
    pub word_count: usize,
    /// The deepest nesting of block containers (quotes, lists) and where it is first reached.
    pub deepest: Nesting,
    /// How many ```` ```mermaid ```` blocks the body has: the page loads the diagram library
    /// only when it has one.
    pub diagrams: usize,
    /// `TODO`, `TBD`, `FIXME` and "Lorem ipsum" in the prose (not in code), in page order.
    pub markers: Vec<Marker>,
}

/// How deeply block containers nest, and where the outermost container of that chain starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Nesting {
    pub depth: usize,
    pub at: Position,
}

impl Default for Nesting {
    fn default() -> Self {
        Nesting {
            depth: 0,
            at: Position::byte(0),
        }
    }
}

/// Where a body sits: the whole file (for positions), the body's offset in it, the guide (for
/// resolving relative links) and the base path (for the URLs links become).
#[derive(Clone, Copy)]
pub(crate) struct BodySource<'a> {
    pub text: &'a str,
    /// When `text` is a copy of the guide's file with lines blanked (their text removed, their
    /// line breaks kept): the file, which positions are given in.
    pub blanked_from: Option<&'a str>,
    /// When `text` has mdBook's directives expanded: the text before (the file, or its copy
    /// with lines blanked) and where the included text went.
    pub included: Option<(&'a str, &'a super::include::Expansion)>,
    pub body_offset: usize,
    pub id: &'a GuideId,
    pub base: &'a BasePath,
    /// Whether HTML written in the body is passed through or shown as text.
    pub raw_html: RawHtml,
    /// Whether fenced code is highlighted (not for `check`, which shows no page).
    pub code: &'a Code,
    /// How ids are made from heading text.
    pub heading_ids: HeadingIds,
    /// The MkDocs blocks `text` was rewritten to hold as quotes, in line order.
    pub mkdocs: &'a [super::mkdocs::Converted],
    /// How the paths of links become URLs (`[build] lowercase-urls`).
    pub case: crate::urls::UrlCase,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// Renders the body of `source` to HTML and collects headings, links and images.
/// The markers found in prose, placed in the file. Markers are ASCII: their byte length is
/// their length in characters.
fn placed_markers(found: &[(usize, usize, &'static str)], locator: &Locator<'_>) -> Vec<Marker> {
    found
        .iter()
        .map(|&(offset, length, word)| Marker {
            at: Stretch {
                start: locator.position(offset),
                length,
            },
            word,
        })
        .collect()
}

pub(crate) fn render(source: &BodySource<'_>) -> Body {
    let mut pass = Pass::new(source);
    let unexpanded = source.included.map_or(source.text, |(text, _)| text);
    let locator = Locator::new(unexpanded, source.blanked_from);
    let mut events = pass_events(&mut pass, source, &locator);
    // Each task's checkbox goes in once the item's text, and so its key, is known.
    let tasks = task_keys(&pass.blocks, std::mem::take(&mut pass.tasks));
    for &(slot, task) in &pass.task_slots {
        if let (Some(event), Some(task)) = (events.get_mut(slot), tasks.get(task)) {
            *event = Event::Html(checkbox_html(task).into());
        }
    }
    super::callouts::titled_alerts(&mut events);
    super::callouts::admonitions(&mut events);
    let mut headings = pass.headings;
    let size = html_size(&events);
    let mut html = write_html(events, &pass.heading_slots, &mut headings, size);
    // Every guide's body is held until the site is written: without the room its vectors
    // grew into, which is a fifth to a half of what they hold.
    html.shrink_to_fit();
    headings.shrink_to_fit();
    let markers = placed_markers(&pass.markers, &locator);
    let mut blocks = pass.blocks;
    for block in &mut blocks {
        block.text.shrink_to_fit();
    }
    blocks.shrink_to_fit();
    Body {
        html,
        headings,
        links: shrunk(pass.links),
        images: shrunk(pass.images),
        html_refs: shrunk(pass.html_refs),
        unresolved_jsx: pass.unresolved_jsx,
        blocks,
        tasks: shrunk(tasks),
        word_count: pass.word_count,
        deepest: pass.deepest,
        diagrams: pass.diagrams,
        markers,
    }
}

/// Every event of the body, placed (its position, offset and length) and taken by `pass`:
/// what the page gets.
fn pass_events<'s>(
    pass: &mut Pass<'s>,
    source: &'s BodySource<'s>,
    locator: &Locator<'_>,
) -> Vec<Event<'s>> {
    let body_text = &source.text[source.body_offset..];
    // About one event per 20 bytes of Markdown on the realistic corpus: one allocation, not
    // seven growing ones.
    let mut events: Vec<Event<'_>> = Vec::with_capacity(body_text.len() / 16);
    for (event, range) in Parser::new_ext(body_text, options()).into_offset_iter() {
        // Events are only placed here; a diagnostic locates the few it reports.
        let offset = source.body_offset + range.start;
        let at = locator.position(
            source
                .included
                .map_or(offset, |(_, map)| map.unexpanded(offset)),
        );
        // Only links and images use their length; counting characters of every event's
        // range would make large containers quadratic.
        let length = match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => body_text
                .get(range.clone())
                .map_or(1, |s| s.chars().count()),
            _ => 1,
        };
        let event = match (event, source.raw_html) {
            // Escaped, the author's HTML is text: `push_html` escapes it like any text.
            (Event::Html(html) | Event::InlineHtml(html), RawHtml::Escape) => Event::Text(html),
            (event, _) => event,
        };
        pass.event(event, Span { at, offset, length }, &mut events);
    }
    events
}

fn shrunk<T>(mut items: Vec<T>) -> Vec<T> {
    items.shrink_to_fit();
    items
}

/// About how many bytes of HTML `events` make: their text, and a few bytes of markup for each
/// tag. The HTML is written into one String of this capacity, which the guide keeps: sized
/// from the Markdown's length it was too small for highlighted code, grown twice and left
/// with a third of it unused.
fn html_size(events: &[Event<'_>]) -> usize {
    /// Bytes of markup of a tag (`<li>`, `</p>\n`), or around a piece of text.
    const MARKUP: usize = 6;
    let size: usize = events
        .iter()
        .map(|event| match event {
            Event::Text(text)
            | Event::Code(text)
            | Event::Html(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text)
            | Event::FootnoteReference(text) => text.len() + MARKUP,
            Event::Start(
                Tag::Link {
                    dest_url, title, ..
                }
                | Tag::Image {
                    dest_url, title, ..
                },
            ) => dest_url.len() + title.len() + 4 * MARKUP,
            _ => MARKUP,
        })
        .sum();
    // Escaped text is a little longer.
    size + size / 16
}

/// Writes the page's HTML and records where each heading's element (the event at
/// `slots[i]` for heading `i`) starts and ends in it.
fn write_html(
    events: Vec<Event<'_>>,
    slots: &[usize],
    headings: &mut [Heading],
    size_hint: usize,
) -> String {
    use std::cell::Cell;
    /// The HTML writer's output, counting what has been written so far.
    struct Counted<'c> {
        out: String,
        written: &'c Cell<usize>,
    }
    impl std::fmt::Write for Counted<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.out.push_str(s);
            self.written.set(self.out.len());
            Ok(())
        }
    }
    let written = Cell::new(0);
    // Offsets of the events that follow each heading's event: the writer has written every
    // earlier event by the time it asks for the next one.
    let mut starts = vec![0; slots.len()];
    let mut ends = vec![0; slots.len()];
    let mut next_slot = 0;
    let mut open: Option<usize> = None;
    let counted = events.into_iter().enumerate().map(|(i, event)| {
        if let Some(h) = open.take() {
            ends[h] = written.get();
        }
        if slots.get(next_slot) == Some(&i) {
            starts[next_slot] = written.get();
            open = Some(next_slot);
            next_slot += 1;
        }
        event
    });
    let mut writer = Counted {
        out: String::with_capacity(size_hint),
        written: &written,
    };
    // Writing into a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(&mut writer, counted);
    if let Some(h) = open {
        ends[h] = written.get();
    }
    for ((heading, start), end) in headings.iter_mut().zip(starts).zip(ends) {
        heading.html = start..end;
    }
    writer.out
}

/// Where an event of the parse is: its position in the file, its byte offset in the parsed text,
/// and the character length of its source (counted for links and images only).
#[derive(Debug, Clone, Copy)]
struct Span {
    at: Position,
    offset: usize,
    length: usize,
}

struct Pass<'s> {
    source: &'s BodySource<'s>,
    used_ids: HashSet<String>,
    /// For each slug already used, the first suffix not yet tried: repeated headings then
    /// cost one probe each, not one per earlier repeat.
    next_suffix: HashMap<String, usize>,
    heading: Option<OpenHeading<'s>>,
    code: Option<(String, String)>,
    open_link: Option<usize>,
    open_image: Option<usize>,
    headings: Vec<Heading>,
    links: Vec<Link>,
    images: Vec<Image>,
    html_refs: Vec<Link>,
    unresolved_jsx: Vec<(String, usize, usize)>,
    blocks: Vec<Block>,
    list_depth: usize,
    /// The open list items (indexes in `blocks`), innermost last: their text goes to them.
    items: Vec<usize>,
    /// Task items found: (list item block, ticked in the source).
    tasks: Vec<(usize, bool)>,
    /// Where each task's checkbox goes: (index in the page's events, index in `tasks`).
    task_slots: Vec<(usize, usize)>,
    /// A task's `<label>` is open and ends before the next block or the end of the item.
    label_open: bool,
    /// Start positions of the open quotes and lists, outermost first.
    containers: Vec<Position>,
    deepest: Nesting,
    word_count: usize,
    /// Character length of the current event's source (links and images only).
    length: usize,
    /// Byte offset of the current event in `source.text`.
    offset: usize,
    /// Lines of `source.text`, indexed for the first HTML attribute placed (see `raw_html`).
    lines: std::cell::OnceCell<LineIndex<'s>>,
    /// The images an MDX file imports (`import Pic from './x.png'`), by name, read from the
    /// file for the first `src={Pic}` met.
    imports: std::cell::OnceCell<std::collections::BTreeMap<String, String>>,
    /// Index in the page's events of each heading's element, in heading order.
    heading_slots: Vec<usize>,
    /// Tables so far, to number their scrolling boxes.
    tables: usize,
    diagrams: usize,
    /// Markers found in prose: byte offset in `source.text`, byte length, which marker.
    markers: Vec<(usize, usize, &'static str)>,
    /// What each open plain quote closes with: the end of an MkDocs block it was rewritten
    /// from, or nothing for a quote of the author's.
    quotes: Vec<Option<&'static str>>,
}

impl<'s> Pass<'s> {
    fn new(source: &'s BodySource<'s>) -> Self {
        Self {
            source,
            used_ids: crate::urls::RESERVED_IDS
                .iter()
                .map(|id| (*id).to_owned())
                .collect(),
            next_suffix: HashMap::new(),
            heading: None,
            code: None,
            open_link: None,
            open_image: None,
            headings: Vec::new(),
            links: Vec::new(),
            images: Vec::new(),
            html_refs: Vec::new(),
            unresolved_jsx: Vec::new(),
            blocks: Vec::new(),
            list_depth: 0,
            items: Vec::new(),
            tasks: Vec::new(),
            task_slots: Vec::new(),
            label_open: false,
            containers: Vec::new(),
            deepest: Nesting::default(),
            word_count: 0,
            length: 1,
            offset: 0,
            lines: std::cell::OnceCell::new(),
            imports: std::cell::OnceCell::new(),
            heading_slots: Vec::new(),
            tables: 0,
            diagrams: 0,
            markers: Vec::new(),
            quotes: Vec::new(),
        }
    }

    fn block(&mut self, kind: BlockKind, at: Position) {
        self.blocks.push(Block {
            kind,
            at,
            words: 0,
            text: String::new(),
        });
    }

    /// Tracks how deeply quotes and lists nest.
    fn nesting(&mut self, event: &Event<'_>, at: Position) {
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                self.containers.push(at);
                if self.containers.len() > self.deepest.depth {
                    self.deepest = Nesting {
                        depth: self.containers.len(),
                        at: self.containers[0],
                    };
                }
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => {
                self.containers.pop();
            }
            _ => {}
        }
    }

    /// Records the outline: which blocks start here.
    fn outline(&mut self, event: &Event<'_>, at: Position) {
        self.nesting(event, at);
        let kind = match event {
            Event::Start(Tag::Paragraph) => BlockKind::Paragraph,
            Event::Start(Tag::List(_)) => {
                self.list_depth += 1;
                return;
            }
            Event::End(TagEnd::List(_)) => {
                self.list_depth = self.list_depth.saturating_sub(1);
                return;
            }
            Event::Start(Tag::Item) => {
                self.items.push(self.blocks.len());
                BlockKind::ListItem {
                    task: false,
                    depth: self.list_depth,
                }
            }
            Event::End(TagEnd::Item) => {
                self.items.pop();
                return;
            }
            Event::TaskListMarker(checked) => {
                if let Some(&item) = self.items.last()
                    && let Some(Block {
                        kind: BlockKind::ListItem { task, .. },
                        ..
                    }) = self.blocks.get_mut(item)
                {
                    *task = true;
                    self.tasks.push((item, *checked));
                }
                return;
            }
            Event::Start(Tag::Table(_)) => BlockKind::Table,
            Event::Start(Tag::CodeBlock(_)) => BlockKind::Code,
            Event::Start(Tag::BlockQuote(_)) => BlockKind::Quote,
            Event::Start(Tag::HtmlBlock) => BlockKind::Html,
            Event::Rule => BlockKind::Rule,
            _ => return,
        };
        // The blocks of an item (its paragraphs, code) are apart on the page: keep their
        // words apart in the item's text.
        if !matches!(kind, BlockKind::ListItem { .. })
            && let Some(item) = self.items.last().and_then(|&i| self.blocks.get_mut(i))
            && !item.text.is_empty()
        {
            item.text.push('\n');
        }
        self.block(kind, at);
    }

    /// Sends an event to the open heading, or to the page.
    fn emit(&mut self, event: Event<'s>, out: &mut Vec<Event<'s>>) {
        match &mut self.heading {
            Some(heading) => heading.events.push(event),
            None => out.push(event),
        }
    }

    /// One event of the parse, found at `span`: recorded in the outline, then turned into
    /// what the page shows by the concern it belongs to (code, headings, tables and tasks,
    /// links and images, quotes, text), and what the page gets now sent to `out`.
    fn event(&mut self, event: Event<'s>, span: Span, out: &mut Vec<Event<'s>>) {
        let at = span.at;
        (self.offset, self.length) = (span.offset, span.length);
        self.close_label(&event, out);
        self.outline(&event, at);
        if self.code.is_some() || matches!(event, Event::Start(Tag::CodeBlock(_))) {
            self.code_event(event, out);
            return;
        }
        let event = match event {
            Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)) => {
                self.heading_event(event, at, out);
                return;
            }
            Event::Start(Tag::Table(_))
            | Event::End(TagEnd::Table)
            | Event::TaskListMarker(_)
            | Event::Start(Tag::TableCell)
            | Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                let Some(event) = self.table_or_task(event, out) else {
                    return;
                };
                event
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. })
            | Event::End(TagEnd::Link | TagEnd::Image) => self.link_or_image(event, at),
            Event::Start(Tag::BlockQuote(_)) | Event::End(TagEnd::BlockQuote(_)) => {
                self.quote(event)
            }
            Event::Html(html) => Event::Html(self.raw_html(html)),
            Event::InlineHtml(html) => Event::InlineHtml(self.raw_html(html)),
            Event::Text(ref text) | Event::Code(ref text) => {
                if matches!(event, Event::Text(_)) {
                    self.find_markers(text);
                }
                self.text(text);
                event
            }
            Event::SoftBreak | Event::HardBreak => {
                self.block_text(" ");
                event
            }
            other => other,
        };
        self.emit(event, out);
    }

    /// Block quotes: an alert (`> [!NOTE]`) becomes a callout, and a quote the MkDocs
    /// rewrite made becomes the block it was written as.
    fn quote(&mut self, event: Event<'s>) -> Event<'s> {
        match event {
            Event::Start(Tag::BlockQuote(Some(_))) | Event::End(TagEnd::BlockQuote(Some(_))) => {
                Event::Html(super::callouts::alert(&event).unwrap_or_default().into())
            }
            Event::Start(Tag::BlockQuote(None)) => match self.mkdocs_block() {
                Some((open, close)) => {
                    self.quotes.push(Some(close));
                    Event::Html(open.into())
                }
                None => {
                    self.quotes.push(None);
                    event
                }
            },
            Event::End(TagEnd::BlockQuote(None)) => match self.quotes.pop().flatten() {
                Some(close) => Event::Html(close.into()),
                None => event,
            },
            other => other,
        }
    }

    /// Records the markers of a text event's prose. Only where the text is the source as
    /// written (an entity or an escape is an event of its own), so each points at its bytes.
    fn find_markers(&mut self, text: &str) {
        for (i, len, word) in super::markers::find(text) {
            let start = self.offset + i;
            let written = self.source.text.get(start..start + len);
            if written.is_some_and(|w| Some(w) == text.get(i..i + len)) {
                self.markers.push((start, len, word));
            }
        }
    }

    fn text(&mut self, text: &str) {
        let words = text.split_whitespace().count();
        self.word_count += words;
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
        } else if let Some(block) = self.text_block() {
            block.words += words;
        }
        if self.open_image.is_none() {
            self.block_text(text);
        }
        if let Some(i) = self.open_link {
            self.links[i].text.push_str(text);
        }
        if let Some(i) = self.open_image {
            self.images[i].alt.push_str(text);
        }
    }

    /// The block that text outside headings belongs to: the innermost open list item, else
    /// the last block.
    fn text_block(&mut self) -> Option<&mut Block> {
        match self.items.last() {
            Some(&item) => self.blocks.get_mut(item),
            None => self.blocks.last_mut(),
        }
    }

    /// Adds page text to the current block (heading text is kept on the heading instead).
    fn block_text(&mut self, text: &str) {
        if self.heading.is_some() {
            return;
        }
        if let Some(block) = self.text_block() {
            block.text.push_str(text);
        }
    }

    /// The HTML of the MkDocs block whose quote opens here, if it is one.
    fn mkdocs_block(&self) -> Option<(String, &'static str)> {
        let blocks = self.source.mkdocs;
        if blocks.is_empty() {
            return None;
        }
        let (line, _) = self
            .lines
            .get_or_init(|| LineIndex::new(self.source.text))
            .locate(self.offset);
        let found = blocks.binary_search_by_key(&line, |b| b.line).ok()?;
        Some(super::callouts::mkdocs_block(&blocks[found].kind))
    }
}
