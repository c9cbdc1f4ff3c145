//! Completion: in a link's destination, the site's guides by title (inserting the relative
//! path) and, after `#`, the target guide's anchors; in front matter, the keys prepbook and
//! the site know and the values `book.toml` allows.

use std::collections::BTreeSet;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    TextEdit,
};

use super::requests::Place;
use super::server::Server;
use super::{hover, links};
use crate::config::FRONT_MATTER_FIELDS as BUILT_IN;
use crate::config::FieldType;
use crate::urls::{LinkTarget, classify_link};

/// What is being written where the cursor is.
#[derive(Debug, PartialEq, Eq)]
enum Wanted<'a> {
    /// A link's destination, typed so far.
    Guide { typed: &'a str },
    /// An anchor after `#` in a link to `path` (empty: this guide).
    Anchor { path: &'a str, typed: &'a str },
    /// A front-matter key.
    Key { typed: &'a str },
    /// A value of the front-matter key `key`.
    Value { key: String, typed: &'a str },
}

pub(crate) fn complete(server: &Server, params: &CompletionParams) -> Option<CompletionResponse> {
    let place = server.place(&params.text_document_position)?;
    let in_front = place
        .text
        .front_matter_end()
        .is_some_and(|end| place.offset < end && place.text.line_of(place.offset) > 0);
    let before = place.text.before(place.position, server.encoding);
    let wanted = if in_front {
        front_wanted(&place, before)
    } else {
        link_wanted(before)?
    };
    let items = match &wanted {
        Wanted::Guide { typed } => guides(server, &place, typed),
        Wanted::Anchor { path, typed } => anchors(server, &place, path, typed)?,
        Wanted::Key { typed } => keys(server, &place, typed),
        Wanted::Value { key, typed } => values(server, &place, key, typed),
    };
    Some(CompletionResponse::Array(items))
}

/// In a link's destination: after `](` with nothing that ends it.
fn link_wanted(before: &str) -> Option<Wanted<'_>> {
    let open = before.rfind("](")?;
    let dest = &before[open + 2..];
    if dest.contains([')', ' ', '\t']) {
        return None;
    }
    Some(match dest.split_once('#') {
        Some((path, typed)) => Wanted::Anchor { path, typed },
        None => Wanted::Guide { typed: dest },
    })
}

/// In front matter: a key at the start of a line, else a value of the line's key (or, on a
/// `- item` line, of the key the list is under).
fn front_wanted<'a>(place: &Place<'_>, before: &'a str) -> Wanted<'a> {
    let typed = before
        .rsplit([' ', '[', ',', '"', '\'', ':'])
        .next()
        .unwrap_or("");
    if let Some((key, _)) = before.split_once(':') {
        return Wanted::Value {
            key: key.trim().to_owned(),
            typed,
        };
    }
    if before.trim_start().starts_with('-') {
        let line = place.text.line_of(place.offset);
        let key = (1..line)
            .rev()
            .map(|n| place.text.line(n))
            .find(|l| !l.starts_with([' ', '\t', '-']))
            .and_then(|l| l.split_once(':'))
            .map(|(key, _)| key.trim().to_owned())
            .unwrap_or_default();
        return Wanted::Value { key, typed };
    }
    Wanted::Key {
        typed: before.trim_start(),
    }
}

/// An item that replaces what was typed (`typed`, just before the cursor) with `insert`.
fn item(
    place: &Place<'_>,
    server: &Server,
    typed: &str,
    label: String,
    insert: String,
) -> CompletionItem {
    let range = place
        .text
        .range(place.offset - typed.len()..place.offset, server.encoding);
    CompletionItem {
        label,
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range,
            new_text: insert,
        })),
        ..CompletionItem::default()
    }
}

fn guides(server: &Server, place: &Place<'_>, typed: &str) -> Vec<CompletionItem> {
    let Some(from) = server.workspace.id_of(&place.path) else {
        return Vec::new();
    };
    let mut items: Vec<CompletionItem> = server
        .workspace
        .builder
        .guides()
        .filter(|guide| guide.id != from)
        .map(|guide| {
            let path = links::relative(&from, &guide.id);
            CompletionItem {
                kind: Some(CompletionItemKind::FILE),
                detail: Some(path.clone()),
                // Found by its title or its path, whichever the author types.
                filter_text: Some(format!("{path} {}", guide.front.title)),
                sort_text: Some(path.clone()),
                ..item(place, server, typed, guide.front.title.clone(), path)
            }
        })
        .collect();
    items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
    items
}

fn anchors(
    server: &Server,
    place: &Place<'_>,
    path: &str,
    typed: &str,
) -> Option<Vec<CompletionItem>> {
    let from = server.workspace.id_of(&place.path)?;
    let target = if path.is_empty() {
        place.guide?
    } else {
        let LinkTarget::Guide { id, .. } = classify_link(&from, path) else {
            return None;
        };
        server.workspace.builder.guide(&id)?
    };
    Some(
        target
            .body
            .headings
            .iter()
            .map(|heading| CompletionItem {
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(heading.text.clone()),
                filter_text: Some(format!("{} {}", heading.id, heading.text)),
                ..item(place, server, typed, heading.id.clone(), heading.id.clone())
            })
            .collect(),
    )
}

fn keys(server: &Server, place: &Place<'_>, typed: &str) -> Vec<CompletionItem> {
    let declared = &server.workspace.builder.config.front_matter.fields;
    BUILT_IN
        .iter()
        .map(|key| ((*key).to_owned(), hover::key_doc(key).to_owned()))
        .chain(declared.iter().map(|(key, kind)| {
            (
                key.clone(),
                format!("this site's field ({})", kind.keyword()),
            )
        }))
        .map(|(key, doc)| CompletionItem {
            kind: Some(CompletionItemKind::FIELD),
            detail: Some(doc),
            ..item(place, server, typed, key.clone(), format!("{key}: "))
        })
        .collect()
}

fn values(server: &Server, place: &Place<'_>, key: &str, typed: &str) -> Vec<CompletionItem> {
    let config = &server.workspace.builder.config;
    let checks = &config.checks;
    let listed: Vec<String> = match key {
        "role" => checks.roles.clone(),
        "level" => checks.levels.clone(),
        "kind" => checks.kinds_allowed.clone(),
        "tags" => tags(server),
        "draft" => vec!["true".to_owned(), "false".to_owned()],
        "dir" => vec!["ltr".to_owned(), "rtl".to_owned()],
        _ if config.front_matter.fields.get(key) == Some(&FieldType::Bool) => {
            vec!["true".to_owned(), "false".to_owned()]
        }
        _ => Vec::new(),
    };
    listed
        .into_iter()
        .map(|value| CompletionItem {
            kind: Some(CompletionItemKind::VALUE),
            ..item(place, server, typed, value.clone(), value)
        })
        .collect()
}

/// Every tag a guide of the site has, once each, sorted.
fn tags(server: &Server) -> Vec<String> {
    let all: BTreeSet<&String> = server
        .workspace
        .builder
        .guides()
        .flat_map(|guide| &guide.front.tags)
        .collect();
    all.into_iter().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_destination_asks_for_guides_then_anchors() {
        assert_eq!(
            link_wanted("see [x](../a"),
            Some(Wanted::Guide { typed: "../a" })
        );
        assert_eq!(
            link_wanted("see [x](../a.md#st"),
            Some(Wanted::Anchor {
                path: "../a.md",
                typed: "st"
            })
        );
        assert_eq!(
            link_wanted("[x](#"),
            Some(Wanted::Anchor {
                path: "",
                typed: ""
            })
        );
        assert_eq!(link_wanted("[x](a.md) and more"), None);
        assert_eq!(link_wanted("plain text"), None);
    }
}
