//! Renames that links follow: a heading's new text gives it a new id, and every `#anchor`
//! link to it across the site is rewritten; a guide file renamed or moved in the editor
//! (`workspace/willRenameFiles`) has every link to it, and its own relative links, rewritten.
// The protocol's edits are keyed by URI (`WorkspaceEdit::changes`); lsp-types' URI caches a
// parse of its authority inside, which clippy takes for a mutable key, but its hash and
// equality are those of the text alone.
#![allow(clippy::mutable_key_type)]

use std::collections::HashMap;

use lsp_types::{Range, RenameFilesParams, RenameParams, TextEdit, Uri, WorkspaceEdit};

use super::server::Server;
use super::workspace::path_of_uri;
use super::{links, navigate};
use crate::guide::markdown::heading_slug;
use crate::urls::GuideId;

type Edits = HashMap<Uri, Vec<TextEdit>>;

/// Rename on a heading's line: the heading takes `new_name` as its text.
pub(crate) fn heading(server: &Server, params: &RenameParams) -> Option<WorkspaceEdit> {
    let place = server.place(&params.text_document_position)?;
    let guide = place.guide?;
    let heading = navigate::heading_on_line(guide, &place.text, place.offset)?;
    let new_name = params.new_name.trim();
    let mut edits = Edits::new();
    let uri = server.workspace.uri_of(&place.path)?;
    let range = heading_text(place.text.as_str(), place.text.offset_of(heading.at));
    edits.entry(uri).or_default().push(TextEdit {
        range: place.text.range(range, server.encoding),
        new_text: new_name.to_owned(),
    });
    if !heading.explicit_id {
        let new_id = heading_slug(server.workspace.builder.config.heading_ids, new_name);
        anchor_edits(server, &guide.id, &heading.id, &new_id, &mut edits);
    }
    Some(WorkspaceEdit {
        changes: Some(edits),
        ..WorkspaceEdit::default()
    })
}

/// The bytes of a heading's text on its line from `start`: after the `#`s, before a closing
/// `{#id}` or run of `#`s.
fn heading_text(text: &str, start: usize) -> std::ops::Range<usize> {
    let end = start + text[start..].find('\n').unwrap_or(text.len() - start);
    let line = text[start..end].trim_end_matches('\r');
    let marks = line.len() - line.trim_start_matches('#').len();
    let after = &line[marks..];
    let lead = marks + (after.len() - after.trim_start().len());
    let body = without_attributes(&line[lead..]);
    let body = body.trim_end().trim_end_matches('#').trim_end();
    start + lead..start + lead + body.len()
}

/// A heading's text without the attributes that close it (`{#id}`, `{ #id .wide }`,
/// `{ id="x" }`), which a rename keeps, and with them the explicit id the links use.
fn without_attributes(body: &str) -> &str {
    let trimmed = body.trim_end();
    if !trimmed.ends_with('}') {
        return body;
    }
    let Some(open) = trimmed.rfind('{') else {
        return body;
    };
    let attributes = trimmed[open + 1..trimmed.len() - 1].trim();
    let is_attributes = attributes.starts_with(['#', '.']) || attributes.contains('=');
    match is_attributes && (open == 0 || trimmed[..open].ends_with([' ', '\t'])) {
        true => &body[..open],
        false => body,
    }
}

/// Rewrites the anchor of every link to `#old` of guide `id` to `new`.
fn anchor_edits(server: &Server, id: &GuideId, old: &str, new: &str, edits: &mut Edits) {
    for guide in links::linking(server, |_, target| target == id) {
        let text = server.workspace.text_of(guide);
        for written in links::written(guide, &text) {
            let reaches = links::target(&guide.id, written.link)
                .is_some_and(|(target, at)| &target == id && at.as_deref() == Some(old));
            let (true, Some(range)) = (reaches, written.anchor_part(&text)) else {
                continue;
            };
            push(
                server,
                edits,
                &guide.id,
                text.range(range, server.encoding),
                new.to_owned(),
            );
        }
    }
}

/// Adds the edit of `range` of the guide `id`'s file to `edits`.
fn push(server: &Server, edits: &mut Edits, id: &GuideId, range: Range, new_text: String) {
    if let Some(uri) = server.workspace.uri_of(&server.workspace.path_of_id(id)) {
        edits
            .entry(uri)
            .or_default()
            .push(TextEdit { range, new_text });
    }
}

/// The edits that keep links right when guide files are renamed or moved.
pub(crate) fn files(server: &Server, params: &RenameFilesParams) -> Option<WorkspaceEdit> {
    let mut edits = Edits::new();
    for file in &params.files {
        let (Some(old), Some(new)) = (uri(&file.old_uri), uri(&file.new_uri)) else {
            continue;
        };
        let (Some(old_path), Some(new_path)) = (path_of_uri(&old), path_of_uri(&new)) else {
            continue;
        };
        let (Some(old_id), Some(new_id)) = (
            server.workspace.id_of(&old_path),
            server.workspace.id_of(&new_path),
        ) else {
            continue;
        };
        moved(server, &old_id, &new_id, &mut edits);
    }
    Some(WorkspaceEdit {
        changes: Some(edits),
        ..WorkspaceEdit::default()
    })
}

fn uri(text: &str) -> Option<Uri> {
    text.parse().ok()
}

/// Links to `old` now name `new`; the relative links of the moved guide start from `new`.
fn moved(server: &Server, old: &GuideId, new: &GuideId, edits: &mut Edits) {
    for guide in links::linking(server, |from, target| from == old || target == old) {
        let text = server.workspace.text_of(guide);
        let from_moved = &guide.id == old;
        for written in links::written(guide, &text) {
            let Some((target, _)) = links::target(&guide.id, written.link) else {
                continue;
            };
            let path = match (from_moved, &target == old) {
                // A link of the moved guide to itself by its name, or to another guide.
                (true, true) => links::relative(new, new),
                (true, false) => links::relative(new, &target),
                (false, true) => links::relative(&guide.id, new),
                (false, false) => continue,
            };
            // An anchor-only link (`#x`) stays as it is.
            let Some(range) = written.path_part(&text).filter(|r| !r.is_empty()) else {
                continue;
            };
            if text.as_str()[range.clone()] == path {
                continue;
            }
            push(
                server,
                edits,
                &guide.id,
                text.range(range, server.encoding),
                path,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heading_text_is_found_between_its_marks() {
        let text = "## Star method\n### Ünïcode {#uni}\n# Closed ##\nSetext\n\
                    ## Spaced { #spaced .wide }\n## Keyed { id=\"keyed\" }\n## Set {1, 2}\n";
        let pick = |at: usize| &text[heading_text(text, at)];
        assert_eq!(pick(0), "Star method");
        assert_eq!(pick(text.find("###").expect("h3")), "Ünïcode");
        assert_eq!(pick(text.find("## Spaced").expect("spaced")), "Spaced");
        assert_eq!(pick(text.find("## Keyed").expect("keyed")), "Keyed");
        assert_eq!(pick(text.find("## Set").expect("set")), "Set {1, 2}");
        assert_eq!(pick(text.find("# Closed").expect("h1")), "Closed");
        assert_eq!(pick(text.find("Setext").expect("setext")), "Setext");
    }
}
