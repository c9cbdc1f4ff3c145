//! The Markdown body of a guide: one pass over pulldown-cmark's events (with source offsets)
//! that gives headings stable ids and anchor links, rewrites links to other guides' `.md` files
//! into their page URLs, highlights fenced code, and records what later stages check.

use std::collections::HashSet;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::highlight::{escape_html, highlight};
use crate::diagnostic::LineIndex;
use crate::urls::{BasePath, GuideId, LinkTarget, classify_link, slugify};

/// A heading of the body, with the id its anchor uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    /// Plain text of the heading.
    pub text: String,
    pub id: String,
    /// `true` when the author gave the id (`{#id}`).
    pub explicit_id: bool,
    pub line: usize,
    pub column: usize,
}

/// A link as written in the body, where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    pub target: LinkTarget,
    pub text: String,
    pub line: usize,
    pub column: usize,
    /// Length in characters of the whole link as written (`[text](dest)`).
    pub length: usize,
}

/// An image as written in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub dest: String,
    pub alt: String,
    pub line: usize,
    pub column: usize,
    /// Length in characters of the whole image as written.
    pub length: usize,
}

/// What a top-level or nested block of the body is; the outline the content rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
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

/// One block in document order, with its position and the words of text it holds directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub line: usize,
    pub column: usize,
    pub words: usize,
}

/// What rendering one body gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
    /// Every block in document order.
    pub blocks: Vec<Block>,
    pub word_count: usize,
    /// The deepest nesting of block containers (quotes, lists) and where it is first reached.
    pub deepest: Nesting,
}

/// How deeply block containers nest, and where the outermost container of that chain starts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Nesting {
    pub depth: usize,
    pub line: usize,
    pub column: usize,
}

/// Where a body sits: the whole file (for line numbers), the body's offset in it, the guide
/// (for resolving relative links) and the base path (for the URLs links become).
pub struct BodySource<'a> {
    pub text: &'a str,
    pub body_offset: usize,
    pub id: &'a GuideId,
    pub base: &'a BasePath,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders the body of `source` to HTML and collects headings, links and images.
pub fn render(source: &BodySource<'_>) -> Body {
    let body_text = &source.text[source.body_offset..];
    let mut pass = Pass::new(source);
    let lines = LineIndex::new(source.text);
    let mut events: Vec<Event<'_>> = Vec::new();
    for (event, range) in Parser::new_ext(body_text, options()).into_offset_iter() {
        let (line, column) = lines.locate(source.body_offset + range.start);
        // Only links and images use their length; counting characters of every event's
        // range would make large containers quadratic.
        let length = match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => body_text
                .get(range.clone())
                .map_or(1, |s| s.chars().count()),
            _ => 1,
        };
        pass.length = length;
        if let Some(event) = pass.event(event, line, column) {
            events.push(event);
        }
    }
    let mut html = String::with_capacity(body_text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Body {
        html,
        headings: pass.headings,
        links: pass.links,
        images: pass.images,
        blocks: pass.blocks,
        word_count: pass.word_count,
        deepest: pass.deepest,
    }
}

/// A heading being collected: its events are rendered once its text (and so its id) is known.
struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    events: Vec<Event<'a>>,
    text: String,
    line: usize,
    column: usize,
}

struct Pass<'s> {
    source: &'s BodySource<'s>,
    used_ids: HashSet<String>,
    heading: Option<OpenHeading<'s>>,
    code: Option<(String, String)>,
    open_link: Option<usize>,
    open_image: Option<usize>,
    headings: Vec<Heading>,
    links: Vec<Link>,
    images: Vec<Image>,
    blocks: Vec<Block>,
    list_depth: usize,
    /// Start positions of the open quotes and lists, outermost first.
    containers: Vec<(usize, usize)>,
    deepest: Nesting,
    word_count: usize,
    /// Character length of the current event's source (links and images only).
    length: usize,
}

impl<'s> Pass<'s> {
    fn new(source: &'s BodySource<'s>) -> Self {
        Self {
            source,
            used_ids: HashSet::new(),
            heading: None,
            code: None,
            open_link: None,
            open_image: None,
            headings: Vec::new(),
            links: Vec::new(),
            images: Vec::new(),
            blocks: Vec::new(),
            list_depth: 0,
            containers: Vec::new(),
            deepest: Nesting::default(),
            word_count: 0,
            length: 1,
        }
    }

    fn block(&mut self, kind: BlockKind, line: usize, column: usize) {
        self.blocks.push(Block {
            kind,
            line,
            column,
            words: 0,
        });
    }

    /// Tracks how deeply quotes and lists nest.
    fn nesting(&mut self, event: &Event<'_>, line: usize, column: usize) {
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                self.containers.push((line, column));
                if self.containers.len() > self.deepest.depth {
                    let (line, column) = self.containers[0];
                    self.deepest = Nesting {
                        depth: self.containers.len(),
                        line,
                        column,
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
    fn outline(&mut self, event: &Event<'_>, line: usize, column: usize) {
        self.nesting(event, line, column);
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
            Event::Start(Tag::Item) => BlockKind::ListItem {
                task: false,
                depth: self.list_depth,
            },
            Event::TaskListMarker(_) => {
                if let Some(Block {
                    kind: BlockKind::ListItem { task, .. },
                    ..
                }) = self.blocks.last_mut()
                {
                    *task = true;
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
        self.block(kind, line, column);
    }

    /// Takes one event; returns what goes to the HTML writer now (if anything).
    fn event(&mut self, event: Event<'s>, line: usize, column: usize) -> Option<Event<'s>> {
        self.outline(&event, line, column);
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(text) => {
                    code.push_str(&text);
                    return None;
                }
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, code) = self.code.take().unwrap_or_default();
                    return Some(Event::Html(highlight(&code, &lang).into()));
                }
                _ => return None,
            }
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
                return None;
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.block(
                    BlockKind::Heading {
                        level: level as u8,
                        heading: self.headings.len(),
                    },
                    line,
                    column,
                );
                self.heading = Some(OpenHeading {
                    level,
                    id: id.map(|id| id.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    events: Vec::new(),
                    text: String::new(),
                    line,
                    column,
                });
                return None;
            }
            Event::End(TagEnd::Heading(_)) => return self.close_heading(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.open_link(&dest_url, line, column);
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
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                self.images.push(Image {
                    dest: dest_url.to_string(),
                    alt: String::new(),
                    line,
                    column,
                    length: self.length,
                });
                self.open_image = Some(self.images.len() - 1);
                event
            }
            Event::End(TagEnd::Image) => {
                self.open_image = None;
                event
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                self.text(text);
                event
            }
            other => other,
        };
        match &mut self.heading {
            Some(heading) => {
                heading.events.push(event);
                None
            }
            None => Some(event),
        }
    }

    fn text(&mut self, text: &str) {
        let words = text.split_whitespace().count();
        self.word_count += words;
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
        } else if let Some(block) = self.blocks.last_mut() {
            block.words += words;
        }
        if let Some(i) = self.open_link {
            self.links[i].text.push_str(text);
        }
        if let Some(i) = self.open_image {
            self.images[i].alt.push_str(text);
        }
    }

    /// Records a link and returns the destination the page should carry.
    fn open_link(&mut self, dest: &str, line: usize, column: usize) -> CowStr<'s> {
        let target = classify_link(self.source.id, dest);
        let rewritten = match &target {
            LinkTarget::Guide { id, anchor } => {
                let url = self.source.base.url(&id.page_path());
                match anchor {
                    Some(anchor) => format!("{url}#{anchor}"),
                    None => url,
                }
            }
            _ => dest.to_owned(),
        };
        self.links.push(Link {
            dest: dest.to_owned(),
            target,
            text: String::new(),
            line,
            column,
            length: self.length,
        });
        self.open_link = Some(self.links.len() - 1);
        rewritten.into()
    }

    fn close_heading(&mut self) -> Option<Event<'s>> {
        let heading = self.heading.take()?;
        let text = heading.text.trim().to_owned();
        let explicit_id = heading.id.is_some();
        let id = match heading.id {
            Some(id) => id,
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
            line: heading.line,
            column: heading.column,
        });
        Some(Event::Html(html.into()))
    }

    /// The heading's slug, or the slug with `-1`, `-2`… when an earlier heading has it.
    fn unique_id(&self, text: &str) -> String {
        let base = match slugify(text) {
            slug if slug.is_empty() => "section".to_owned(),
            slug => slug,
        };
        if !self.used_ids.contains(&base) {
            return base;
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| !self.used_ids.contains(candidate))
            .unwrap_or(base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_str(text: &str) -> Body {
        let id = GuideId::new("guides/a.md");
        let base = BasePath::default();
        render(&BodySource {
            text,
            body_offset: 0,
            id: &id,
            base: &base,
        })
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let body = render_str("## FAQ\n\n## FAQ\n\n### The PR/FAQ\n\n## Custom {#mine}\n");
        let ids: Vec<_> = body.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["faq", "faq-1", "the-pr-faq", "mine"]);
        assert!(
            body.html
                .contains("<h2 id=\"faq-1\">FAQ<a class=\"anchor\" href=\"#faq-1\"")
        );
        assert_eq!(body.headings[2].line, 5);
        assert!(body.headings[3].explicit_id);
    }

    #[test]
    fn md_links_become_page_urls() {
        let body = render_str("See [wb](../frameworks/wb.md#the-pr-faq) and [x](https://e.org).\n");
        assert!(
            body.html.contains("href=\"/frameworks/wb/#the-pr-faq\""),
            "{}",
            body.html
        );
        assert!(body.html.contains("href=\"https://e.org\""));
        assert_eq!(body.links[0].text, "wb");
        assert_eq!((body.links[0].line, body.links[0].column), (1, 5));
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
                .contains("<pre class=\"code\" data-lang=\"rust\">")
        );
        assert!(body.html.contains("hl-"));
    }

    #[test]
    fn extensions_are_on() {
        let body = render_str("- [ ] task\n\n|a|b|\n|-|-|\n|1|2|\n\n~~old~~ \"quoted\"\n");
        assert!(body.html.contains("type=\"checkbox\""));
        assert!(body.html.contains("<table>"));
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
            body_offset: 16,
            id: &id,
            base: &base,
        });
        assert_eq!(body.headings[0].line, 7);
    }

    #[test]
    fn outline_lists_blocks_in_order() {
        let body = render_str(
            "## FAQ\n\n### Why?\n\nBecause it is.\n\n## Checklist\n\n- [ ] one\n- two\n  - nested\n\n|a|\n|-|\n|1|\n",
        );
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
        assert_eq!(body.blocks[2].line, 5);
        assert_eq!(body.blocks[0].words, 0, "heading text is not block text");
    }

    #[test]
    fn deep_nesting_is_measured_without_overflow() {
        let text = format!("intro\n\n{}deep\n", "> ".repeat(5000));
        let body = render_str(&text);
        assert!(body.deepest.depth >= 1000, "{:?}", body.deepest);
        assert_eq!(body.deepest.line, 3);
    }

    #[test]
    fn images_record_alt_text() {
        let body = render_str("![](a.png) ![Chart](b.png)\n");
        assert_eq!(body.images[0].alt, "");
        assert_eq!(body.images[1].alt, "Chart");
    }
}
