//! Guides far beyond what a reader (or a browser) handles well: very large files and very deep
//! nesting. They build, but the author should know.

use crate::diagnostic::{Diagnostic, rules};
use crate::guide::Guide;
use crate::guide::markdown::BlockKind;
use crate::highlight::MAX_HIGHLIGHTED;

/// Above this a guide is unlikely to be one guide.
pub(crate) const MAX_BYTES: usize = 1024 * 1024;
/// Quotes and lists nested deeper than this render as an unreadable staircase.
pub(crate) const MAX_NESTING: usize = 32;

pub(crate) fn large_guide(guide: &Guide) -> Option<Diagnostic> {
    let size = guide.source.len();
    (size > MAX_BYTES).then(|| {
        rules::LARGE_GUIDE.report(
            &guide.file,
            format!(
                "this guide is {:.1} MiB; guides over 1 MiB are slow to read and to load",
                size as f64 / (1024.0 * 1024.0)
            ),
        )
    })
}

pub(crate) fn deep_nesting(guide: &Guide) -> Option<Diagnostic> {
    let deepest = guide.body.deepest;
    (deepest.depth > MAX_NESTING).then(|| {
        rules::DEEP_NESTING.report(&guide.file,
            format!(
                "quotes and lists nest {} levels deep here; more than {MAX_NESTING} is unreadable",
                deepest.depth
            ),
        )
        .at_position(&guide.source, deepest.at)
    })
}

/// Code blocks too large to highlight: the page shows them as plain text.
pub(crate) fn large_code_blocks(guide: &Guide) -> Vec<Diagnostic> {
    guide
        .body
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Code && b.text.len() > MAX_HIGHLIGHTED)
        .map(|block| {
            rules::LARGE_CODE_BLOCK.report(
                &guide.file,
                format!(
                    "this code block is {} KiB; blocks over {} KiB are shown without highlighting",
                    block.text.len() / 1024,
                    MAX_HIGHLIGHTED / 1024
                ),
            )
            .at_position(&guide.source, block.at)
            .spanning(3)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing::guide;

    #[test]
    fn a_guide_over_the_size_limit_is_reported_once() {
        assert!(large_guide(&guide("Small.\n")).is_none());
        let big = guide(&"word ".repeat(MAX_BYTES / 5 + 1));
        let d = large_guide(&big).expect("over the limit");
        assert_eq!((d.code, d.line), ("large-guide", None));
    }

    #[test]
    fn nesting_deeper_than_the_limit_points_where_it_starts() {
        let quotes = |depth: usize| format!("Intro.\n\n{} deep\n", ">".repeat(depth));
        assert!(deep_nesting(&guide(&quotes(MAX_NESTING))).is_none());
        let d = deep_nesting(&guide(&quotes(MAX_NESTING + 1))).expect("too deep");
        assert_eq!(
            (d.code, d.line, d.column),
            ("deep-nesting", Some(6), Some(1))
        );
    }
}
