//! Links as written in a guide: where each stands in the file, the part of its destination
//! that names the target guide and the part that names the anchor, and the path that links one
//! guide to another.

use std::ops::Range;
use std::sync::Arc;

use super::server::Server;
use super::text::Text;
use crate::guide::{Guide, Link};
use crate::urls::{GuideId, LinkTarget, encode_path};

/// A link of a guide with the bytes it spans in the file and those of its destination.
pub(crate) struct Written<'a> {
    pub link: &'a Link,
    /// The whole link, `[text](dest)`.
    pub span: Range<usize>,
    /// The destination as written, when it is found in the link's text.
    pub dest: Option<Range<usize>>,
}

impl Written<'_> {
    /// The bytes of the destination that name the file (before `#` and `?`).
    pub(crate) fn path_part(&self, text: &Text) -> Option<Range<usize>> {
        let dest = self.dest.clone()?;
        let written = &text.as_str()[dest.clone()];
        let end = written.find(['#', '?']).unwrap_or(written.len());
        Some(dest.start..dest.start + end)
    }

    /// The bytes of the destination after its `#`.
    pub(crate) fn anchor_part(&self, text: &Text) -> Option<Range<usize>> {
        let dest = self.dest.clone()?;
        let hash = text.as_str()[dest.clone()].find('#')?;
        Some(dest.start + hash + 1..dest.end)
    }
}

/// The links of `guide` with where they stand in `text`, the guide's file.
pub(crate) fn written<'a>(guide: &'a Guide, text: &Text) -> Vec<Written<'a>> {
    guide
        .body
        .links
        .iter()
        .map(|link| {
            let start = text.offset_of(link.at);
            let end = text.after_chars(start, link.length);
            let whole = text.as_str().get(start..end).unwrap_or("");
            // The destination is the last thing written in `[text](dest)`.
            let dest = (!link.dest.is_empty())
                .then(|| whole.rfind(&link.dest))
                .flatten()
                .map(|at| start + at..start + at + link.dest.len());
            Written {
                link,
                span: start..end,
                dest,
            }
        })
        .collect()
}

/// The link of `guide` at byte `offset` of its file.
pub(crate) fn at<'a>(guide: &'a Guide, text: &Text, offset: usize) -> Option<Written<'a>> {
    written(guide, text)
        .into_iter()
        .find(|w| w.span.start <= offset && offset <= w.span.end)
}

/// The guide a link reaches and its anchor, from the guide `from` that holds it.
pub(crate) fn target(from: &GuideId, link: &Link) -> Option<(GuideId, Option<String>)> {
    match &link.target {
        LinkTarget::Guide { id, anchor } => Some((id.clone(), anchor.clone())),
        LinkTarget::Anchor(anchor) => Some((from.clone(), Some(anchor.clone()))),
        _ => None,
    }
}

/// The guides with a link that `wanted` accepts (given the guide that holds it and the guide
/// it reaches): found from the parse alone, so that only their texts are looked at.
pub(crate) fn linking<'s>(
    server: &'s Server,
    wanted: impl Fn(&GuideId, &GuideId) -> bool + 's,
) -> impl Iterator<Item = &'s Arc<Guide>> + 's {
    server.workspace.builder.guides().filter(move |guide| {
        guide.body.links.iter().any(|link| {
            target(&guide.id, link).is_some_and(|(reached, _)| wanted(&guide.id, &reached))
        })
    })
}

/// The relative link from the guide `from` to the guide `to`, as a Markdown link writes it
/// (`../behavioral/star.md`), escaped as a URL.
pub(crate) fn relative(from: &GuideId, to: &GuideId) -> String {
    let folder: Vec<&str> = from.as_str().split('/').collect();
    let folder = &folder[..folder.len().saturating_sub(1)];
    let target: Vec<&str> = to.as_str().split('/').collect();
    let common = folder
        .iter()
        .zip(&target)
        .take_while(|(a, b)| a == b)
        .count()
        .min(target.len().saturating_sub(1));
    let mut path = "../".repeat(folder.len() - common);
    path.push_str(&target[common..].join("/"));
    encode_path(&path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> GuideId {
        GuideId::new(s)
    }

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(relative(&id("a.md"), &id("b.md")), "b.md");
        assert_eq!(relative(&id("x/a.md"), &id("x/b.md")), "b.md");
        assert_eq!(relative(&id("x/a.md"), &id("y/b.md")), "../y/b.md");
        assert_eq!(relative(&id("a.md"), &id("y/z/b.md")), "y/z/b.md");
        assert_eq!(relative(&id("x/y/a.md"), &id("b.md")), "../../b.md");
        assert_eq!(relative(&id("x/a.md"), &id("x/a b.md")), "a%20b.md");
        // A folder named as the file: the folder is common, the file is not.
        assert_eq!(relative(&id("x/a.md"), &id("x")), "../x");
    }
}
