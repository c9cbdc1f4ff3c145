//! Guides far beyond what a reader (or a browser) handles well: very large files and very deep
//! nesting. They build, but the author should know.

use crate::diagnostic::Diagnostic;
use crate::guide::Guide;
use crate::guide::highlight::MAX_HIGHLIGHTED;
use crate::guide::markdown::BlockKind;

/// Above this a guide is unlikely to be one guide.
pub const MAX_BYTES: usize = 1024 * 1024;
/// Quotes and lists nested deeper than this render as an unreadable staircase.
pub const MAX_NESTING: usize = 32;

pub fn large_guide(guide: &Guide) -> Option<Diagnostic> {
    let size = guide.source.len();
    (size > MAX_BYTES).then(|| {
        Diagnostic::warning(
            "large-guide",
            &guide.file,
            format!(
                "this guide is {:.1} MiB; guides over 1 MiB are slow to read and to load",
                size as f64 / (1024.0 * 1024.0)
            ),
        )
        .with_help("split it into several guides and link them")
    })
}

pub fn deep_nesting(guide: &Guide) -> Option<Diagnostic> {
    let deepest = guide.body.deepest;
    (deepest.depth > MAX_NESTING).then(|| {
        Diagnostic::warning(
            "deep-nesting",
            &guide.file,
            format!(
                "quotes and lists nest {} levels deep here; more than {MAX_NESTING} is unreadable",
                deepest.depth
            ),
        )
        .at(&guide.source, deepest.line, deepest.column)
        .with_help("flatten the structure: use headings or separate lists")
    })
}

/// Code blocks too large to highlight: the page shows them as plain text.
pub fn large_code_blocks(guide: &Guide) -> Vec<Diagnostic> {
    guide
        .body
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Code && b.text.len() > MAX_HIGHLIGHTED)
        .map(|block| {
            Diagnostic::warning(
                "large-code-block",
                &guide.file,
                format!(
                    "this code block is {} KiB; blocks over {} KiB are shown without highlighting",
                    block.text.len() / 1024,
                    MAX_HIGHLIGHTED / 1024
                ),
            )
            .at(&guide.source, block.line, block.column)
            .spanning(3)
            .with_help("shorten it to the lines that matter, or link to the full file")
        })
        .collect()
}
