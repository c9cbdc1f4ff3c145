//! Stage 2: one content file → a parsed `Guide` (or the diagnostics saying why not).
//!
//! Pure and independent per file, so it runs in parallel and is cached by content hash: the
//! expensive part of a build (YAML, Markdown, syntax highlighting) is only redone for files
//! whose bytes changed.

pub mod front_matter;
pub mod highlight;
pub mod markdown;

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;
use crate::urls::{BasePath, GuideId};

pub use front_matter::{Date, FrontMatter};
pub use markdown::{Body, Heading, Image, Link};

/// A parsed content file: a guide, or a section's `_index.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub id: GuideId,
    /// Path for messages, relative to the site root.
    pub file: String,
    /// The decoded text (BOM removed), kept for diagnostics that quote a line.
    pub source: String,
    pub front: FrontMatter,
    pub body: Body,
    /// Line of the first body line.
    pub body_line: usize,
    pub hash: blake3::Hash,
}

impl Guide {
    pub fn is_section_index(&self) -> bool {
        self.id.is_section_index()
    }

    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.body.headings.iter().any(|h| h.id == anchor)
    }
}

/// What parsing one file gives: the guide when it could be read, and every problem found.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub id: GuideId,
    pub hash: blake3::Hash,
    pub guide: Option<Arc<Guide>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a parse depends on besides the file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOptions {
    pub base: BasePath,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses one file. Never panics on bad input: every problem becomes a diagnostic.
pub fn parse(file: &SourceFile, options: &ParseOptions) -> Parsed {
    let hash = file.hash;
    let failed = |diagnostic: Diagnostic| Parsed {
        id: file.id.clone(),
        hash,
        guide: None,
        diagnostics: vec![diagnostic],
    };
    let text = match decode(&file.bytes, &file.display) {
        Ok(text) => text,
        Err(diagnostic) => return failed(*diagnostic),
    };
    let (front, split) = match front_matter::parse(&text, &file.display) {
        Ok(parsed) => parsed,
        Err(diagnostic) => return failed(*diagnostic),
    };
    let body_offset = split.body_offset;
    let body = markdown::render(&markdown::BodySource {
        text: &text,
        body_offset,
        id: &file.id,
        base: &options.base,
    });
    let body_line = text[..body_offset].matches('\n').count() + 1;
    Parsed {
        id: file.id.clone(),
        hash,
        guide: Some(Arc::new(Guide {
            id: file.id.clone(),
            file: file.display.clone(),
            front,
            body,
            body_line,
            hash,
            source: text,
        })),
        diagnostics: Vec::new(),
    }
}

/// UTF-8 text without a leading BOM, or a diagnostic at the first invalid byte.
fn decode(bytes: &[u8], display: &str) -> Result<String, Box<Diagnostic>> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(err) => {
            let valid = String::from_utf8_lossy(&bytes[..err.valid_up_to()]).into_owned();
            let (line, column) = crate::diagnostic::line_col(&valid, valid.len());
            // Quote the line with the bad bytes shown as U+FFFD.
            let shown = String::from_utf8_lossy(bytes);
            let diagnostic = Diagnostic::error(
                "invalid-utf8",
                display,
                format!("the file is not valid UTF-8 (byte {})", err.valid_up_to()),
            )
            .at(&shown, line, column)
            .with_help("save the file with UTF-8 encoding");
            Err(Box::new(diagnostic))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str, bytes: &[u8]) -> SourceFile {
        SourceFile::new(GuideId::new(id), format!("content/{id}"), bytes.to_vec())
    }

    fn options() -> ParseOptions {
        ParseOptions {
            base: BasePath::default(),
        }
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
        assert_eq!(guide.body.headings[0].line, 5);
        assert_eq!(guide.body_line, 4);
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
    fn same_bytes_same_hash() {
        let a = parse(&source("a.md", b"---\ntitle: A\n---\n"), &options());
        let b = parse(&source("a.md", b"---\ntitle: A\n---\n"), &options());
        assert_eq!(a.hash, b.hash);
    }
}
