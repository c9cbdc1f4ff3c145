//! Stage 2: one content file → a parsed `Guide` (or the diagnostics saying why not).
//!
//! Pure and independent per file, so it runs in parallel and is cached by content hash: the
//! expensive part of a build (YAML, Markdown, syntax highlighting) is only redone for files
//! whose bytes changed.

mod callouts;
pub(crate) mod cards;
mod date;
pub(crate) mod fields;
pub(crate) mod front_matter;
mod html_refs;
mod include;
mod locator;
pub(crate) mod markdown;
pub(crate) mod markers;
pub(crate) mod memo;
pub(crate) mod mkdocs;
pub(crate) mod model;
mod title;
mod unsupported;
pub(crate) mod words;

use std::sync::Arc;

use crate::config::{
    Config, DeclaredParts, FrontMatterConfig, HeadingIds, Navigation, PartAliases, RawHtml,
};
use crate::diagnostic::{Diagnostic, SourceText, rules};
use crate::highlight;
use crate::load::{Contents, SourceFile};
use crate::urls::{BasePath, GuideId};

pub use date::Date;
pub(crate) use front_matter::{FrontMatter, TextDir};
pub(crate) use markdown::{Body, Link};
pub(crate) use model::ContentModel;

/// A parsed content file: a guide, or a section's `_index.md`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Guide {
    pub id: GuideId,
    /// Path for messages, relative to the site root.
    pub file: String,
    /// The decoded text (BOM removed), shared with the diagnostics that quote it.
    pub source: SourceText,
    pub front: FrontMatter,
    pub body: Body,
    /// Its parts, FAQ, checklist and search words, worked out from `body` in the parse.
    pub model: ContentModel,
    /// Its flash cards (none when the site has no practice pages, or for `check`).
    pub cards: Arc<[cards::Card]>,
    /// Line of the first body line.
    pub body_line: usize,
    /// Hash of the file's bytes.
    pub hash: blake3::Hash,
}

impl Guide {
    /// `diagnostic` placed at the front matter's `key` (its value), or at the top of the file
    /// when the key is not written.
    pub(crate) fn at_key(&self, diagnostic: Diagnostic, key: &str) -> Diagnostic {
        at_entry(diagnostic, &self.source, key, None)
    }

    /// `diagnostic` placed at `entry` of the front matter's list `key`, else at the key.
    pub(crate) fn at_entry(&self, diagnostic: Diagnostic, key: &str, entry: &str) -> Diagnostic {
        at_entry(diagnostic, &self.source, key, Some(entry))
    }

    pub(crate) fn is_section_index(&self) -> bool {
        self.id.is_section_index()
    }
}

/// What parsing one file gives: the guide when it could be read, and every problem found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parsed {
    pub id: GuideId,
    pub hash: blake3::Hash,
    pub guide: Option<Arc<Guide>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a parse depends on besides the file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseOptions {
    pub base: BasePath,
    /// The headings that introduce each kind of part (`[checks.parts]`).
    pub parts: PartAliases,
    /// Which kinds of part a guide is read for.
    pub declared: DeclaredParts,
    pub raw_html: RawHtml,
    /// Highlighted for pages; plain when only checking.
    pub code: highlight::Code,
    /// Whether the words that search and related guides read are gathered: for pages only,
    /// as no rule reads them (`check` and the editor's checks leave them out).
    pub search: bool,
    /// Whether the flash cards are made: for the practice pages only (`[practice]`).
    pub practice: bool,
    pub front: FrontMatterConfig,
    pub heading_ids: HeadingIds,
    /// Whether `.md` files are MDX too (`[build] mdx`); `.mdx` files always are.
    pub mdx: bool,
    /// The other tool's table of contents: the place and title of the guides it lists.
    pub navigation: Arc<Navigation>,
    /// The link definitions every guide's body ends with (`[build] link-definitions`).
    pub shared_links: Arc<str>,
    /// How paths become URLs (`[build] lowercase-urls`), for the links of the body.
    pub case: crate::urls::UrlCase,
}

impl ParseOptions {
    pub(crate) fn new(config: &Config) -> ParseOptions {
        ParseOptions {
            base: config.base.clone(),
            parts: config.checks.part_aliases(),
            declared: config.checks.declared_parts(),
            raw_html: config.raw_html,
            code: highlight::Code::highlighted(config.code_themes()),
            search: true,
            practice: config.practice,
            front: config.front_matter.clone(),
            heading_ids: config.heading_ids,
            mdx: config.mdx,
            navigation: config.borrowed.navigation.clone(),
            shared_links: config.borrowed.shared_links.clone(),
            case: crate::urls::UrlCase::new(config.lowercase_urls),
        }
    }

    /// Ends a build of the guides parsed with these options: the highlighted code blocks that
    /// it did not meet are forgotten.
    pub(crate) fn end_build(&self) {
        if let highlight::Code::Highlighted(_, blocks) = &self.code {
            blocks.end_build();
        }
    }
}

/// Parses one file. Never panics on bad input: every problem becomes a diagnostic.
/// The headings of the kinds of part this guide is read for: those the site, its kind's rules
/// or its own `checks:` require, and those `[checks.parts]` declares.
fn declared_aliases(front: &FrontMatter, options: &ParseOptions) -> PartAliases {
    let own = front
        .checks
        .as_ref()
        .and_then(|c| c.required.as_deref())
        .unwrap_or_default();
    options
        .parts
        .iter()
        .filter(|(part, _)| options.declared.has(part, front.kind.as_deref(), own))
        .cloned()
        .collect()
}

pub(crate) fn parse(file: &SourceFile, options: &ParseOptions) -> Parsed {
    let hash = file.hash;
    let failed = |diagnostic: Diagnostic| Parsed {
        id: file.id.clone(),
        hash,
        guide: None,
        diagnostics: vec![diagnostic],
    };
    let text = match decode(&file.contents, &file.display) {
        Ok(text) => SourceText::new(text),
        Err(diagnostic) => return failed(*diagnostic),
    };
    let (mapping, split) = match front_matter::read(&text, &file.display, options.front.required) {
        Ok(read) => read,
        Err(diagnostic) => return failed(*diagnostic),
    };
    let typed = fields::type_fields(mapping, &text, &file.display, &options.front);
    let mut diagnostics = typed.diagnostics;
    let mut front = typed.front;
    if !typed.has_title && options.front.required && split.format != front_matter::Format::None {
        diagnostics.push(missing_title(&text, &file.display));
    }
    let body_offset = split.body_offset;
    let (body, title, unsupported) =
        render_body(&text, body_offset, file, options, !typed.has_title);
    diagnostics.extend(unsupported);
    if let Some(title) = title {
        front.title = title;
    }
    // mdBook's `{{#title …}}` is the page's own title, as front matter's is.
    let titled = typed.has_title
        || (file.includes.resolved.values())
            .any(|r| matches!(r, crate::load::include::Resolved::Title(_)));
    listed(&mut front, titled, options.navigation.get(file.id.as_str()));
    let body_line = text[..body_offset].matches('\n').count() + 1;
    let aliases = declared_aliases(&front, options);
    let model = model::build(&front, &body, &aliases, options.search);
    let cards = if options.practice {
        cards::cards(&file.id, &body, &model, &options.base).into()
    } else {
        Arc::from([])
    };
    diagnostics.extend(path_lists(&front, &text, &file.display, &file.id));
    if options.case == crate::urls::UrlCase::Lower {
        // `related:` names guides as links do, whatever the case it is written in.
        front.related = front.related.iter().map(|e| options.case.path(e)).collect();
    }
    Parsed {
        id: file.id.clone(),
        hash,
        guide: Some(Arc::new(Guide {
            id: file.id.clone(),
            file: file.display.clone(),
            front,
            body,
            model,
            cards,
            body_line,
            hash,
            source: text,
        })),
        diagnostics,
    }
}

/// An `unsupported-syntax` warning at each JSX `src={…}`/`href={…}` the body leaves as written.
fn unresolved_jsx(body: &Body, text: &str, file: &str) -> Vec<Diagnostic> {
    body.unresolved_jsx
        .iter()
        .map(|(expression, line, column)| {
            rules::UNSUPPORTED_SYNTAX
                .report(
                    file,
                    format!(
                        "the JSX value `{{{expression}}}` names no image or page this file \
                         imports: it is left as written, and what it stands for is not checked"
                    ),
                )
                .at(text, *line, *column)
                .with_help(
                    "import it (`import Pic from './pic.png'`), or write the path: \
                     `src=\"/img/pic.png\"`",
                )
        })
        .collect()
}

/// The body rendered, without the lines of other tools' syntax (with a warning each); and,
/// when `needs_title` (the front matter has none), the title mdBook's `{{#title …}}` or its
/// first `#` heading gives (else the file name's). That heading is then left out of the body:
/// the page shows it once.
fn render_body(
    text: &str,
    body_offset: usize,
    file: &SourceFile,
    options: &ParseOptions,
    needs_title: bool,
) -> (Body, Option<String>, Vec<Diagnostic>) {
    let the_file = markdown::BodySource {
        text,
        blanked_from: None,
        included: None,
        body_offset,
        id: &file.id,
        base: &options.base,
        raw_html: options.raw_html,
        code: &options.code,
        heading_ids: options.heading_ids,
        mkdocs: &[],
        case: options.case,
    };
    let mdx = options.mdx || file.id.as_str().ends_with(".mdx");
    let (stripped, mut diagnostics) = unsupported::strip(text, body_offset, &file.display, mdx);
    diagnostics.extend(include::failures(
        text,
        body_offset,
        &file.includes,
        &file.display,
    ));
    let (rewritten, unconverted) = mkdocs::rewrite(
        stripped.as_deref().unwrap_or(text),
        body_offset,
        &file.display,
        text,
    );
    diagnostics.extend(unconverted);
    let (markdown_text, mkdocs_blocks, copied) = match (&rewritten, &stripped) {
        (Some(r), _) => (r.text.as_str(), r.blocks.as_slice(), true),
        (None, Some(s)) => (s.as_str(), &[][..], true),
        (None, None) => (text, &[][..], false),
    };
    let source = markdown::BodySource {
        mkdocs: mkdocs_blocks,
        ..the_file
    };
    let render = |copy: &str, blanked_from: Option<&str>| {
        render_copy(copy, blanked_from, source, file, &options.shared_links)
    };
    let (body, directive_title) = render(markdown_text, copied.then_some(text));
    diagnostics.extend(unresolved_jsx(&body, text, &file.display));
    if !needs_title {
        return (body, None, diagnostics);
    }
    let (title, without) = title::from_body(markdown_text, text, &body, &file.id);
    // mdBook's `{{#title …}}` names the page; its first heading is still not shown twice.
    let title = directive_title.unwrap_or(title);
    // A heading that came from an included file is not blanked: its line is the directive.
    let without = without.filter(|_| !first_heading_is_included(&body, text, markdown_text));
    let body = match without {
        Some(without) => render(&without, Some(text)).0,
        None => body,
    };
    (body, Some(title), diagnostics)
}

/// The body of `copy` (the file, or a copy of it with the same lines) rendered with its
/// mdBook directives expanded and the site's shared link definitions after it, the Markdown
/// pass mapping its offsets back through them; and the title `{{#title …}}` gives.
fn render_copy(
    copy: &str,
    blanked_from: Option<&str>,
    source: markdown::BodySource<'_>,
    file: &SourceFile,
    shared_links: &str,
) -> (Body, Option<String>) {
    let Some(expanded) = include::expand(copy, &file.includes, shared_links) else {
        let source = markdown::BodySource {
            text: copy,
            blanked_from,
            ..source
        };
        return (markdown::render(&source), None);
    };
    let body = markdown::render(&markdown::BodySource {
        text: &expanded.text,
        blanked_from,
        included: Some((copy, &expanded.map)),
        ..source
    });
    (body, expanded.title)
}

/// Whether the body's first `#` heading stands on a directive's line of `copy`: it came from
/// an included file.
fn first_heading_is_included(body: &Body, file: &str, copy: &str) -> bool {
    let h1 = body.headings.iter().find(|h| h.level == 1);
    h1.is_some_and(|h| include::on_line(copy, h.at.line_in(file)))
}

fn missing_title(text: &str, file: &str) -> Diagnostic {
    rules::INVALID_FRONT_MATTER
        .report(file, "missing field `title`")
        .at(text, 1, 1)
        .with_help(
            "every guide needs `title: \"…\"` in its front matter (with `required = false` \
             under [front-matter] in book.toml, its first `#` heading is its title)",
        )
}

/// `aliases:` and `related:` entries that cannot work whatever the other guides are: an alias
/// that is not a plain path inside the site, a related entry that is not a guide's `.md` path
/// inside the content folder. Each is reported at its line; the guide is still built (without
/// the bad entry) when errors are allowed.
fn path_lists(front: &FrontMatter, text: &SourceText, file: &str, id: &GuideId) -> Vec<Diagnostic> {
    let at = |d: Diagnostic, key: &str, entry: &str| at_entry(d, text, key, Some(entry));
    let mut diagnostics = Vec::new();
    for alias in &front.aliases {
        if let Err(why) = crate::urls::alias_file(alias) {
            let d = rules::INVALID_FRONT_MATTER
                .report(file, format!("alias `{alias}`: {why}"))
                .with_help("write the old path of the page on this site, e.g. `/old/path/`");
            diagnostics.push(at(d, "aliases", alias));
        }
    }
    for entry in &front.related {
        let why = match crate::urls::classify_link(id, entry) {
            crate::urls::LinkTarget::Guide { .. } => continue,
            crate::urls::LinkTarget::OutsideSite(_) => "it leaves the content folder",
            _ => "it is not the path of a guide's `.md` file",
        };
        let d = rules::INVALID_FRONT_MATTER
            .report(file, format!("related guide `{entry}`: {why}"))
            .with_help(
                "name the guide's file relative to this one, as in a link: `../section/guide.md`",
            );
        diagnostics.push(at(d, "related", entry));
    }
    diagnostics
}

/// `diagnostic` at `entry` of the list `key` (or at `key`) in the front matter of `text`; at the
/// top of the file when the key is not written.
fn at_entry(
    diagnostic: Diagnostic,
    text: &SourceText,
    key: &str,
    entry: Option<&str>,
) -> Diagnostic {
    let span = match entry {
        Some(entry) => front_matter::list_entry_position(text, key, entry),
        None => front_matter::key_position(text, key),
    };
    match span {
        Some(span) => diagnostic.at_span(text, span),
        None => diagnostic.at(text, 1, 1),
    }
}

/// The file's text, or a diagnostic at its first invalid byte.
/// A guide the table of contents lists takes its place there as its `weight`, and its title
/// there, unless its front matter sets them (as mdBook titles a chapter by `SUMMARY.md`).
fn listed(
    front: &mut front_matter::FrontMatter,
    has_title: bool,
    entry: Option<&crate::config::NavEntry>,
) {
    let Some(entry) = entry else {
        return;
    };
    front.weight = front.weight.or(Some(entry.position));
    if let (false, Some(title)) = (has_title, &entry.title) {
        front.title.clone_from(title);
    }
}

fn decode(contents: &Contents, display: &str) -> Result<Arc<str>, Box<Diagnostic>> {
    let bytes = match contents {
        Contents::Text(text) => return Ok(Arc::clone(text)),
        Contents::NotUtf8(bytes) => bytes,
    };
    let valid_up_to = std::str::from_utf8(bytes)
        .err()
        .map_or(bytes.len(), |err| err.valid_up_to());
    let valid = String::from_utf8_lossy(&bytes[..valid_up_to]).into_owned();
    let (line, column) = crate::diagnostic::line_col(&valid, valid.len());
    // Quote the line with the bad bytes shown as U+FFFD.
    let shown = String::from_utf8_lossy(bytes);
    let diagnostic = rules::INVALID_UTF8
        .report(
            display,
            format!("the file is not valid UTF-8 (byte {valid_up_to})"),
        )
        .at(&*shown, line, column);
    Err(Box::new(diagnostic))
}

/// Guides from strings, for the unit tests of the stages after the parse.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// The default configuration of a site with an empty `book.toml`.
    pub(crate) fn config() -> Config {
        Config::parse(std::path::Path::new("/site"), "").expect("the empty config is valid")
    }

    /// A guide `a.md` titled `T` with `body`.
    pub(crate) fn guide(body: &str) -> Guide {
        guide_with("title: T", body)
    }

    /// A guide `a.md` with the front matter `front` (YAML lines) and `body`.
    pub(crate) fn guide_with(front: &str, body: &str) -> Guide {
        guide_at("a.md", front, body)
    }

    /// The guide `id` with the front matter `front` (YAML lines) and `body`.
    pub(crate) fn guide_at(id: &str, front: &str, body: &str) -> Guide {
        parse_as(id, &format!("---\n{front}\n---\n{body}"), &config())
    }

    /// The guide `id` parsed from `text` as `config` sets the parse up.
    pub(crate) fn parse_as(id: &str, text: &str, config: &Config) -> Guide {
        let file = SourceFile::new(GuideId::new(id), format!("content/{id}"), text.into());
        let parsed = parse(&file, &ParseOptions::new(config));
        (*parsed.guide.expect("the test guide parses")).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str, bytes: &[u8]) -> SourceFile {
        SourceFile::new(GuideId::new(id), format!("content/{id}"), bytes.to_vec())
    }

    fn options() -> ParseOptions {
        ParseOptions::new(&testing::config())
    }

    #[test]
    fn parses_a_guide_with_bom_and_crlf() {
        let parsed = parse(
            &source(
                "a.md",
                b"\xEF\xBB\xBF---\r\ntitle: A\r\n---\r\n\r\n## TL;DR\r\n",
            ),
            &options(),
        );
        let guide = parsed.guide.expect("guide");
        assert_eq!(guide.front.title, "A");
        assert_eq!(guide.source.locate(guide.body.headings[0].at).0, 5);
        assert_eq!(guide.body_line, 4);
    }

    #[test]
    fn positions_after_blanked_lines_are_the_files() {
        let text = "---\ntitle: A\n---\n{{< note >}}\n- é [link](b.md)\n";
        let parsed = parse(&source("a.md", text.as_bytes()), &options());
        let guide = parsed.guide.expect("guide");
        assert_eq!(guide.source.locate(guide.body.links[0].at), (5, 5));
    }

    #[test]
    fn invalid_utf8_is_a_located_diagnostic() {
        let parsed = parse(
            &source("a.md", b"---\ntitle: A\n---\nok \xFF\n"),
            &options(),
        );
        assert!(parsed.guide.is_none());
        let d = &parsed.diagnostics[0];
        assert_eq!(d.code, "invalid-utf8");
        assert_eq!((d.line, d.column), (Some(4), Some(4)));
    }

    #[test]
    fn bad_aliases_and_related_entries_are_located_and_the_guide_kept() {
        let parsed = parse(
            &source(
                "g/a.md",
                b"---\ntitle: A\naliases: [/ok/, ../up/]\nrelated:\n  - b.md\n  - ../../out.md\n  - https://x.org/\n---\n",
            ),
            &options(),
        );
        assert!(parsed.guide.is_some());
        let found: Vec<(Option<usize>, &str)> = parsed
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, Some(3));
        assert!(found[0].1.contains("../up/"), "{found:?}");
        assert_eq!(found[1].0, Some(6));
        assert!(
            found[1].1.contains("leaves the content folder"),
            "{found:?}"
        );
        assert_eq!(found[2].0, Some(7));
    }

    #[test]
    fn same_bytes_same_hash() {
        let a = parse(&source("a.md", b"---\ntitle: A\n---\n"), &options());
        let b = parse(&source("a.md", b"---\ntitle: A\n---\n"), &options());
        assert_eq!(a.hash, b.hash);
    }
}
