//! The Markdown body of a guide: one pass over pulldown-cmark's events (with source offsets)
//! that gives headings stable ids and anchor links, rewrites links to other guides' `.md` files
//! into their page URLs, highlights fenced code, turns task-list items into checkboxes a reader
//! can tick, and records what later stages check and render (an outline of blocks with their
//! plain text).

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::locator::Locator;
use super::markers::Marker;
use crate::config::{HeadingIds, RawHtml};
use crate::diagnostic::{LineIndex, Position, Stretch};
use crate::highlight::{Code, escape_html, highlight};
use crate::urls::{BasePath, GuideId, LinkTarget, classify_link, github_slug, slugify};

/// A heading of the body, with the id its anchor uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub level: u8,
    /// Plain text of the heading.
    pub text: String,
    pub id: String,
    /// `true` when the author gave the id (`{#id}`).
    pub explicit_id: bool,
    /// The id the heading asked for: the explicit one, or its text's slug before a `-1`
    /// made it unique.
    pub slug: String,
    pub at: Position,
    /// Where the heading's element stands in `Body::html` (byte range), so that the HTML of a
    /// part of the body (an FAQ answer) can be taken as the page shows it.
    pub html: std::ops::Range<usize>,
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
            at: Position::Byte(0),
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
    pub code: Code,
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

/// The id a heading's attributes give: `{ #x }`, or `{ id="x" }` as attr_list (MkDocs)
/// writes it.
fn heading_id(
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

/// What an unsafe link or image URL becomes where the site escapes guides' HTML: the page
/// itself, which runs nothing.
const INERT_URL: &str = "#";

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

/// Whether a fenced block's info string names a Mermaid diagram (```` ```mermaid ````).
fn is_diagram(info: &str) -> bool {
    info.split([',', ' ', '{']).next() == Some("mermaid")
}

/// A Mermaid diagram's source as the page holds it: readable code without JavaScript, which
/// the theme's `diagrams.js` turns into the drawn diagram (keeping the source to reveal).
fn diagram_html(code: &str) -> String {
    format!(
        "<pre class=\"code diagram-source\" data-lang=\"mermaid\" data-diagram tabindex=\"0\"><code>{}</code></pre>\n",
        crate::highlight::escape_html(code)
    )
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

/// Gives each task its key: a hash of its whitespace-folded text, numbered when repeated.
fn task_keys(blocks: &[Block], found: Vec<(usize, bool)>) -> Vec<Task> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    found
        .into_iter()
        .map(|(block, checked)| {
            let text = blocks.get(block).map_or("", |b| b.text.as_str());
            let hash = task_hash(text);
            let count = seen.entry(hash.clone()).or_insert(0);
            *count += 1;
            let key = if *count == 1 {
                hash
            } else {
                format!("{hash}-{count}")
            };
            Task {
                block,
                key,
                checked,
            }
        })
        .collect()
}

/// The first 10 hex digits of the BLAKE3 hash of `text` with its whitespace folded.
pub(crate) fn task_hash(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let hex = blake3::hash(folded.as_bytes()).to_hex();
    hex[..10].to_owned()
}

/// A task's checkbox and the start of its label. The box is disabled until the checklist
/// script enables it: without JavaScript it shows the source's state and cannot be changed.
fn checkbox_html(task: &Task) -> String {
    let key = &task.key;
    let checked = if task.checked { " checked" } else { "" };
    format!(
        "<input type=\"checkbox\" class=\"task\" id=\"task-{key}\" data-task=\"{key}\" disabled{checked}><label for=\"task-{key}\">"
    )
}

/// What a table sits in: the outer box carries the scroll cue, the inner one scrolls. Each
/// scrolling box is a region named by its number on the page (names of regions are unique).
const TABLE_OPEN: &str = "<div class=\"table-wrap\"><div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table ";

/// Where an event of the parse is: its position in the file, its byte offset in the parsed text,
/// and the character length of its source (counted for links and images only).
#[derive(Debug, Clone, Copy)]
struct Span {
    at: Position,
    offset: usize,
    length: usize,
}

/// A heading being collected: its events are rendered once its text (and so its id) is known.
struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    events: Vec<Event<'a>>,
    text: String,
    at: Position,
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

    /// Closes a task's label before anything that may not sit in a `<label>` (a block, the end
    /// of the item or of its paragraph).
    fn close_label(&mut self, event: &Event<'_>, out: &mut Vec<Event<'s>>) {
        let ends_label = match event {
            Event::Start(tag) => !matches!(
                tag,
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. }
                    | Tag::Image { .. }
            ),
            Event::End(TagEnd::Item | TagEnd::Paragraph) | Event::Rule => true,
            _ => false,
        };
        if self.label_open && ends_label {
            self.label_open = false;
            out.push(Event::Html("</label>".into()));
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

    /// A heading's start, collected until its end, when its text gives its id and its element
    /// goes to the page.
    fn heading_event(&mut self, event: Event<'s>, at: Position, out: &mut Vec<Event<'s>>) {
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

    /// An event inside a code block: its text gathered, and at its end the block as
    /// highlighted code or a diagram.
    fn code_event(&mut self, event: Event<'s>, out: &mut Vec<Event<'s>>) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&text);
                }
                self.block_text(&text);
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, code) = self.code.take().unwrap_or_default();
                let html = if is_diagram(&lang) {
                    self.diagrams += 1;
                    diagram_html(&code)
                } else {
                    highlight(&code, &lang, self.source.code)
                };
                out.push(Event::Html(html.into()));
            }
            _ => {}
        }
    }

    fn open_heading(
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

    /// Tables and task items: a wide table scrolls inside its own box (focusable, so
    /// keyboards can scroll it) instead of pushing the page sideways; cells are apart in the
    /// text; a task's checkbox has its place kept. `None` when the event is handled.
    fn table_or_task(&mut self, event: Event<'s>, out: &mut Vec<Event<'s>>) -> Option<Event<'s>> {
        match event {
            Event::Start(Tag::Table(_)) => {
                self.tables += 1;
                let open = format!("{TABLE_OPEN}{}\">", self.tables);
                self.emit(Event::Html(open.into()), out);
                Some(event)
            }
            Event::End(TagEnd::Table) => {
                self.emit(event, out);
                self.emit(Event::Html("</div></div>\n".into()), out);
                None
            }
            Event::TaskListMarker(_) => {
                // A placeholder: `render` puts the checkbox here once the task has its key.
                if let Some(task) = self.tasks.len().checked_sub(1) {
                    self.label_open = true;
                    self.task_slots.push((out.len(), task));
                    out.push(Event::Html(CowStr::Borrowed("")));
                }
                None
            }
            // Cells are apart on the page: keep them apart in the text ("Signal · Strong"),
            // each row a line, so that a sentence shown from a table reads as its row.
            Event::Start(Tag::TableCell) => {
                self.cell_separator();
                Some(event)
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                self.block_text("\n");
                Some(event)
            }
            other => Some(other),
        }
    }

    /// Links and images: recorded where they stand, their URLs made the page's.
    fn link_or_image(&mut self, event: Event<'s>, at: Position) -> Event<'s> {
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
    /// " · " before a table cell that follows another in its row.
    fn cell_separator(&mut self) {
        if self.heading.is_none()
            && let Some(block) = self.text_block()
            && !block.text.is_empty()
            && !block.text.ends_with('\n')
        {
            block.text.push_str(" · ");
        }
    }

    fn block_text(&mut self, text: &str) {
        if self.heading.is_some() {
            return;
        }
        if let Some(block) = self.text_block() {
            block.text.push_str(text);
        }
    }

    /// Records a link and returns the destination the page should carry.
    fn open_link(&mut self, dest: &str, at: Position) -> CowStr<'s> {
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
    fn is_inert(&self, dest: &str) -> bool {
        self.source.raw_html == RawHtml::Escape && crate::urls::unsafe_scheme(dest).is_some()
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

    /// HTML written in the body, its `src`/`href` attributes made into the site's URLs like
    /// Markdown links and recorded in `Body::html_refs` to be checked. An attribute is placed
    /// by counting in the HTML's text from where the HTML starts, so it gets its line and
    /// column now (from the lines of the text parsed, which are the file's).
    fn raw_html(&mut self, html: CowStr<'s>) -> CowStr<'s> {
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
        let rewritten = super::html_refs::rewrite(&html, |value, offset_in_html| {
            let dest = match value {
                super::html_refs::Value::Quoted(dest) => dest.to_owned(),
                super::html_refs::Value::Jsx(expression) => {
                    let imports = imports.get_or_init(|| {
                        super::html_refs::imports(source.blanked_from.unwrap_or(text))
                    });
                    let Some(dest) = super::html_refs::jsx_source(expression, imports) else {
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
                at: Position::LineColumn { line, column },
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

    fn close_heading(&mut self) -> Option<Event<'s>> {
        let heading = self.heading.take()?;
        let text = heading.text.trim().to_owned();
        let explicit_id = heading.id.is_some();
        let (id, slug) = match heading.id {
            Some(id) => (id.clone(), id),
            None => self.unique_id(&text),
        };
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
        let html = format!(
            "<h{level} id=\"{id_attr}\"{class}>{inner}<a class=\"anchor\" href=\"#{id_attr}\" aria-label=\"Link to this section\">#</a></h{level}>\n"
        );
        self.headings.push(Heading {
            level,
            text,
            id,
            explicit_id,
            slug,
            at: heading.at,
            html: 0..0,
        });
        Some(Event::Html(html.into()))
    }

    /// The heading's slug, or the slug with `-1`, `-2`… when an earlier heading has it; and
    /// the slug itself.
    fn unique_id(&mut self, text: &str) -> (String, String) {
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
            return (base.clone(), base);
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}{separator}{next}");
            *next += 1;
            if !self.used_ids.contains(&candidate) {
                return (candidate, base);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_to_files_and_site_paths_get_the_site_url_and_are_recorded() {
        let base = BasePath::from_base_url("https://x.org/prep/").unwrap();
        let body = render_under(
            "![d](img/d.png) [p](/behavioral/intro) [f](notes.pdf)\n\n\
             <p align=\"center\">\n  <img src=\"images/j.png\">\n</p>\n\n\
             An <a href=\"/x/\">inline</a> one.\n",
            RawHtml::Allow,
            base,
        );
        let html = &body.html;
        assert!(html.contains("src=\"/prep/guides/img/d.png\""), "{html}");
        assert!(html.contains("href=\"/prep/behavioral/intro/\""), "{html}");
        assert!(html.contains("href=\"/prep/guides/notes.pdf\""), "{html}");
        assert!(
            html.contains("<img src=\"/prep/guides/images/j.png\">"),
            "{html}"
        );
        assert!(html.contains("<a href=\"/prep/x/\">"), "{html}");
        let refs: Vec<(&str, usize, usize)> = body
            .html_refs
            .iter()
            .map(|r| match r.at {
                Position::LineColumn { line, column } => (r.dest.as_str(), line, column),
                Position::Byte(_) => panic!("placed in the HTML's text: {r:?}"),
            })
            .collect();
        assert_eq!(refs, [("images/j.png", 4, 13), ("/x/", 7, 13)]);
        assert_eq!(
            body.images[0].target,
            LinkTarget::File {
                path: "guides/img/d.png".into(),
                anchor: None
            }
        );
        let escaped = render_under(
            "<img src=\"a.png\">\n",
            RawHtml::Escape,
            BasePath::default(),
        );
        assert!(escaped.html_refs.is_empty(), "escaped HTML is text");
    }

    fn render_str(text: &str) -> Body {
        render_with(text, RawHtml::Allow)
    }

    fn render_with(text: &str, raw_html: RawHtml) -> Body {
        render_under(text, raw_html, BasePath::default())
    }

    fn render_under(text: &str, raw_html: RawHtml, base: BasePath) -> Body {
        let id = GuideId::new("guides/a.md");
        render(&BodySource {
            text,
            blanked_from: None,
            included: None,
            body_offset: 0,
            id: &id,
            base: &base,
            raw_html,
            code: Code::Highlighted(crate::highlight::Themes::default()),
            heading_ids: HeadingIds::Prepbook,
            mkdocs: &[],
            case: crate::urls::UrlCase::AsNamed,
        })
    }

    #[test]
    fn raw_html_is_passed_through_or_escaped() {
        let text = "<script>alert(1)</script>\n\nInline <img src=x onerror=alert(2)> here.\n";
        let allowed = render_with(text, RawHtml::Allow);
        assert!(
            allowed.html.contains("<script>alert(1)</script>"),
            "{}",
            allowed.html
        );
        assert!(allowed.html.contains("<img src=x onerror=alert(2)>"));
        let escaped = render_with(text, RawHtml::Escape);
        assert!(
            !escaped.html.contains("<script") && !escaped.html.contains("<img"),
            "{}",
            escaped.html
        );
        assert!(
            escaped
                .html
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{}",
            escaped.html
        );
        assert!(
            escaped
                .html
                .contains("Inline &lt;img src=x onerror=alert(2)&gt; here.")
        );
        // Markdown itself still renders.
        let markdown = render_with("**bold** [a](b.md)\n", RawHtml::Escape);
        assert!(markdown.html.contains("<strong>bold</strong>"));
        assert!(markdown.html.contains("href=\"/guides/b/\""));
    }

    #[test]
    fn heading_ranges_locate_their_elements_in_the_html() {
        let body = render_str(
            "Intro *x*.\n\n## One\n\nText.\n\n- item\n\n  ### In a list\n\n```rust\nfn a() {}\n```\n\n## Two[^n]\n\n[^n]: Note.\n",
        );
        assert_eq!(body.headings.len(), 3);
        for heading in &body.headings {
            let element = &body.html[heading.html.clone()];
            let tag = format!("<h{}", heading.level);
            assert!(element.starts_with(&tag), "{element:?}");
            assert!(
                element
                    .trim_end()
                    .ends_with(&format!("</h{}>", heading.level))
            );
            assert!(
                element.contains(&format!("id=\"{}\"", heading.id)),
                "{element:?}"
            );
        }
        let between = &body.html[body.headings[0].html.end..body.headings[1].html.start];
        assert!(between.contains("<p>Text.</p>"), "{between:?}");
        assert!(body.html[body.headings[2].html.end..].contains("Note."));
    }

    #[test]
    fn headings_never_take_the_templates_ids() {
        let body = render_with(
            "## Main\n\n## Search input\n\n## Prepbook overlay\n\n## Main\n",
            RawHtml::Allow,
        );
        let ids: Vec<&str> = body.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["main-1", "search-input-1", "prepbook-overlay-1", "main-2"]
        );
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let text = "## FAQ\n\n## FAQ\n\n### The PR/FAQ\n\n## Custom {#mine}\n";
        let body = render_str(text);
        let ids: Vec<_> = body.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["faq", "faq-1", "the-pr-faq", "mine"]);
        assert!(
            body.html
                .contains("<h2 id=\"faq-1\">FAQ<a class=\"anchor\" href=\"#faq-1\"")
        );
        assert_eq!(body.headings[2].at.locate_in(text), (5, 1));
        assert!(body.headings[3].explicit_id);
    }

    #[test]
    fn attr_list_ids_and_python_markdowns_style() {
        let text = "## Title { id=\"given\" .wide }\n\n## Other { #short }\n\n## What's new?\n\n## What's new?\n\n## Caret, Mark & Tilde\n";
        let id = GuideId::new("a.md");
        let base = BasePath::default();
        let body = render(&BodySource {
            text,
            blanked_from: None,
            included: None,
            body_offset: 0,
            id: &id,
            base: &base,
            raw_html: RawHtml::Allow,
            code: Code::Plain,
            heading_ids: HeadingIds::PythonMarkdown,
            mkdocs: &[],
            case: crate::urls::UrlCase::AsNamed,
        });
        let ids: Vec<_> = body.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "given",
                "short",
                "whats-new",
                "whats-new_1",
                "caret-mark-tilde"
            ]
        );
        assert!(body.headings[0].explicit_id);
        assert_eq!(body.headings[0].text, "Title");
        assert!(
            body.html.contains(
                "<h2 id=\"given\" class=\"wide\">Title<a class=\"anchor\" href=\"#given\""
            ),
            "{}",
            body.html
        );
    }

    #[test]
    fn definition_lists_are_lists_of_terms() {
        let body = render_str("Term\n: The *definition*.\n\nOther\n: One.\n: Two.\n");
        assert!(
            body.html
                .contains("<dl>\n<dt>Term</dt>\n<dd>The <em>definition</em>.</dd>"),
            "{}",
            body.html
        );
        assert_eq!(body.html.matches("<dd>").count(), 3, "{}", body.html);
    }

    #[test]
    fn ids_stay_unique_around_explicit_and_suffixed_ones() {
        let body = render_str("## A {#a-1}\n\n## A\n\n## A\n\n## A 1\n\n## A\n");
        let ids: Vec<_> = body.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a-1", "a", "a-2", "a-1-1", "a-3"]);
    }

    #[test]
    fn md_links_become_page_urls() {
        let text = "See [wb](../frameworks/wb.md#the-pr-faq) and [x](https://e.org).\n";
        let body = render_str(text);
        assert!(
            body.html.contains("href=\"/frameworks/wb/#the-pr-faq\""),
            "{}",
            body.html
        );
        assert!(body.html.contains("href=\"https://e.org\""));
        assert_eq!(body.links[0].text, "wb");
        assert_eq!(body.links[0].at.locate_in(text), (1, 5));
        assert_eq!(
            body.links[0].length,
            "[wb](../frameworks/wb.md#the-pr-faq)".len()
        );
    }

    #[test]
    fn links_in_headings_are_rewritten_too() {
        let body = render_str("## See [b](b.md)\n");
        assert!(body.html.contains("href=\"/guides/b/\""), "{}", body.html);
        assert_eq!(body.headings[0].text, "See b");
    }

    #[test]
    fn fenced_code_is_highlighted() {
        let body = render_str("```rust\nfn main() {}\n```\n");
        assert!(
            body.html
                .contains("<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\">")
        );
        assert!(body.html.contains("<span class=\"hl"), "{}", body.html);
    }

    #[test]
    fn a_mermaid_block_is_its_escaped_source_marked_as_a_diagram() {
        let body = render_str("```mermaid\ngraph TD\n  A-->B<br>\n```\n\n```mermaidjs\nx\n```\n");
        assert_eq!(body.diagrams, 1);
        assert!(
            body.html.contains(
                "<pre class=\"code diagram-source\" data-lang=\"mermaid\" data-diagram tabindex=\"0\"><code>graph TD\n  A--&gt;B&lt;br&gt;\n</code></pre>"
            ),
            "{}",
            body.html
        );
        assert!(!body.html.contains("<span"), "a diagram is not highlighted");
        assert_eq!(render_str("```rust\nfn x() {}\n```\n").diagrams, 0);
    }

    #[test]
    fn extensions_are_on() {
        let body = render_str("- [ ] task\n\n|a|b|\n|-|-|\n|1|2|\n\n~~old~~ \"quoted\"\n");
        assert!(body.html.contains("type=\"checkbox\""));
        assert!(body.html.contains(&format!("{TABLE_OPEN}1\"><table>")));
        assert!(
            body.html.contains("</table>\n</div></div>"),
            "{}",
            body.html
        );
        assert!(body.html.contains("<del>old</del>"));
        assert!(body.html.contains("“quoted”"));
    }

    #[test]
    fn positions_count_from_the_file() {
        let text = "---\ntitle: x\n---\n\nintro\n\n## Two\n";
        let id = GuideId::new("a.md");
        let base = BasePath::default();
        let body = render(&BodySource {
            text,
            blanked_from: None,
            included: None,
            body_offset: 16,
            id: &id,
            base: &base,
            raw_html: RawHtml::Allow,
            code: Code::Highlighted(crate::highlight::Themes::default()),
            heading_ids: HeadingIds::Prepbook,
            mkdocs: &[],
            case: crate::urls::UrlCase::AsNamed,
        });
        assert_eq!(body.headings[0].at.locate_in(text), (7, 1));
    }

    #[test]
    fn outline_lists_blocks_in_order() {
        let text = "## FAQ\n\n### Why?\n\nBecause it is.\n\n## Checklist\n\n- [ ] one\n- two\n  - nested\n\n|a|\n|-|\n|1|\n";
        let body = render_str(text);
        let kinds: Vec<BlockKind> = body.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading {
                    level: 2,
                    heading: 0
                },
                BlockKind::Heading {
                    level: 3,
                    heading: 1
                },
                BlockKind::Paragraph,
                BlockKind::Heading {
                    level: 2,
                    heading: 2
                },
                BlockKind::ListItem {
                    task: true,
                    depth: 1
                },
                BlockKind::ListItem {
                    task: false,
                    depth: 1
                },
                BlockKind::ListItem {
                    task: false,
                    depth: 2
                },
                BlockKind::Table,
            ]
        );
        assert_eq!(body.blocks[2].words, 3);
        assert_eq!(body.blocks[2].at.locate_in(text), (5, 1));
        assert_eq!(body.blocks[0].words, 0, "heading text is not block text");
    }

    #[test]
    fn task_items_become_labelled_checkboxes_with_stable_keys() {
        let body = render_str(
            "- [ ] Lock the *story* list\n- [x] Sleep\n  - [ ] nested\n- [ ] Lock the *story* list\n\npara\n\n- plain\n",
        );
        let keys: Vec<&str> = body.tasks.iter().map(|t| t.key.as_str()).collect();
        let first = task_hash("Lock the story list");
        assert_eq!(
            keys,
            [
                first.clone(),
                task_hash("Sleep"),
                task_hash("nested"),
                format!("{first}-2")
            ]
        );
        assert!(body.tasks[1].checked);
        assert_eq!(body.blocks[body.tasks[1].block].text, "Sleep");
        assert!(
            body.html.contains(&format!(
                "<li><input type=\"checkbox\" class=\"task\" id=\"task-{first}\" data-task=\"{first}\" disabled><label for=\"task-{first}\">Lock the <em>story</em> list</label></li>"
            )),
            "{}",
            body.html
        );
        // The label ends before the nested list.
        assert!(
            body.html.contains("checked><label for=\"task-"),
            "{}",
            body.html
        );
        assert!(body.html.contains("Sleep</label>\n<ul>"), "{}", body.html);
        assert!(!body.html.contains("<label>plain"));
    }

    #[test]
    fn loose_task_items_keep_their_text_and_labels_in_the_paragraph() {
        let body = render_str("- [ ] First line\n  goes on.\n\n  More.\n\n- [ ] Two\n");
        let task = &body.tasks[0];
        assert_eq!(body.blocks[task.block].text, "First line goes on.\nMore.");
        assert!(body.html.contains("goes on.</label></p>"), "{}", body.html);
    }

    #[test]
    fn block_text_is_what_the_page_shows() {
        let body = render_str(
            "Plain *and* `code` [link](x.md) ![alt text](a.png)\nnext.\n\n```\nlet x = 1;\n```\n",
        );
        assert_eq!(body.blocks[0].text, "Plain and code link  next.");
        assert_eq!(body.blocks[1].text, "let x = 1;\n");
        let table = render_str("| Signal | Strong |\n|---|---|\n| Clarity | Names it |\n");
        assert_eq!(
            table.blocks[0].text,
            "Signal · Strong\nClarity · Names it\n"
        );
    }

    #[test]
    fn nul_in_the_source_cannot_forge_a_checkbox() {
        let body = render_str("- [ ] a\n\ntext \u{0}0\u{0} and <b>\u{0}0\u{0}</b>\n");
        assert_eq!(body.html.matches("<input").count(), 1, "{}", body.html);
    }

    #[test]
    fn deep_nesting_is_measured_without_overflow() {
        let text = format!("intro\n\n{}deep\n", "> ".repeat(5000));
        let body = render_str(&text);
        assert!(body.deepest.depth >= 1000, "{:?}", body.deepest);
        assert_eq!(body.deepest.at.locate_in(&text).0, 3);
    }

    #[test]
    fn images_record_alt_text() {
        let body = render_str("![](a.png) ![Chart](b.png)\n");
        assert_eq!(body.images[0].alt, "");
        assert_eq!(body.images[1].alt, "Chart");
    }
}
