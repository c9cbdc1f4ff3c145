//! Code actions for the diagnostics the client sends back: apply a did-you-mean (a link's
//! guide or anchor, a key or value), insert a missing part's skeleton, declare an unknown
//! front-matter key in `book.toml`.
// The protocol's edits are keyed by URI (`WorkspaceEdit::changes`); lsp-types' URI caches a
// parse of its authority inside, which clippy takes for a mutable key, but its hash and
// equality are those of the text alone.
#![allow(clippy::mutable_key_type)]

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, NumberOrString, Range,
    TextEdit, Uri, WorkspaceEdit,
};

use super::links;
use super::requests::Place;
use super::server::Server;
use super::text::Text;
use crate::diagnostic::closest;

pub(crate) fn actions(server: &Server, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let at = lsp_types::TextDocumentPositionParams {
        text_document: params.text_document.clone(),
        position: params.range.start,
    };
    let Some(place) = server.place(&at) else {
        return Vec::new();
    };
    let uri = &params.text_document.uri;
    let mut found = Vec::new();
    for diagnostic in &params.context.diagnostics {
        let Some(NumberOrString::String(code)) = &diagnostic.code else {
            continue;
        };
        let fix = match code.as_str() {
            "broken-link" | "broken-anchor" => link_fix(server, &place, diagnostic),
            "missing-tldr" | "missing-faq" | "missing-checklist" => {
                skeleton(server, &place, code, uri)
            }
            _ => suggested(uri, diagnostic),
        };
        let declare = (code == "unknown-field")
            .then(|| declare_field(server, &place, diagnostic))
            .flatten();
        for action in fix.into_iter().chain(declare) {
            found.push(CodeActionOrCommand::CodeAction(CodeAction {
                diagnostics: Some(vec![diagnostic.clone()]),
                ..action
            }));
        }
    }
    found
}

fn quick_fix(title: String, edits: HashMap<Uri, Vec<TextEdit>>) -> CodeAction {
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit {
            changes: Some(edits),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(true),
        ..CodeAction::default()
    }
}

fn one_edit(uri: &Uri, range: Range, new_text: String) -> HashMap<Uri, Vec<TextEdit>> {
    HashMap::from([(uri.clone(), vec![TextEdit { range, new_text }])])
}

/// The `X` of a help's "did you mean `X`?", put in place of what the diagnostic spans.
fn suggested(uri: &Uri, diagnostic: &lsp_types::Diagnostic) -> Option<CodeAction> {
    let (_, rest) = diagnostic.message.split_once("did you mean `")?;
    let (near, _) = rest.split_once('`')?;
    if diagnostic.range.start == diagnostic.range.end {
        return None;
    }
    Some(quick_fix(
        format!("Change to `{near}`"),
        one_edit(uri, diagnostic.range, near.to_owned()),
    ))
}

/// A broken link's nearest guide, or a broken anchor's nearest heading of the target.
fn link_fix(
    server: &Server,
    place: &Place<'_>,
    diagnostic: &lsp_types::Diagnostic,
) -> Option<CodeAction> {
    let guide = place.guide?;
    let offset = place.text.offset(diagnostic.range.start, server.encoding);
    let written = links::at(guide, &place.text, offset)?;
    let (target, anchor) = links::target(&guide.id, written.link)?;
    let builder = &server.workspace.builder;
    let (range, near) = match builder.guide(&target) {
        Some(found) => {
            let anchor = anchor?;
            let ids = found.body.headings.iter().map(|h| h.id.as_str());
            (
                written.anchor_part(&place.text)?,
                closest(&anchor, ids)?.to_owned(),
            )
        }
        None => {
            let ids: Vec<String> = builder.guides().map(|g| g.id.as_str().to_owned()).collect();
            let near = closest(target.as_str(), ids.iter().map(String::as_str))?;
            let path = links::relative(&guide.id, &crate::urls::GuideId::new(near));
            (written.path_part(&place.text)?, path)
        }
    };
    let uri = server.workspace.uri_of(&place.path)?;
    let range = place.text.range(range, server.encoding);
    Some(quick_fix(
        format!("Change to `{near}`"),
        one_edit(&uri, range, near),
    ))
}

/// The skeleton of a missing part: the TL;DR under the front matter, the others at the end.
fn skeleton(server: &Server, place: &Place<'_>, code: &str, uri: &Uri) -> Option<CodeAction> {
    let (name, text) = match code {
        "missing-tldr" => ("TL;DR", "## TL;DR\n\nThe guide in a few sentences.\n\n"),
        "missing-faq" => ("FAQ", "\n## FAQ\n\n### A question?\n\nIts answer.\n"),
        _ => ("checklist", "\n## Checklist\n\n- [ ] A step\n"),
    };
    let text_len = place.text.as_str().len();
    let at = if code == "missing-tldr" {
        place.text.front_matter_end().unwrap_or(0)
    } else {
        text_len
    };
    let mut insert = text.to_owned();
    if at == text_len && !place.text.as_str().ends_with('\n') {
        insert.insert(0, '\n');
    }
    let range = place.text.range(at..at, server.encoding);
    Some(quick_fix(
        format!("Insert a {name} skeleton"),
        one_edit(uri, range, insert),
    ))
}

/// Declares the unknown key the diagnostic spans in `book.toml`, typed from its value.
fn declare_field(
    server: &Server,
    place: &Place<'_>,
    diagnostic: &lsp_types::Diagnostic,
) -> Option<CodeAction> {
    let start = place.text.offset(diagnostic.range.start, server.encoding);
    let end = place.text.offset(diagnostic.range.end, server.encoding);
    let key = place.text.as_str().get(start..end)?;
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
    {
        return None;
    }
    let kind = place
        .guide
        .and_then(|guide| guide.front.extra.get(key))
        .map_or("string", field_type);
    // prepbook's own config: `prepbook.toml` beside another tool's `book.toml` (mdBook's),
    // which is never written.
    let book = crate::config::Config::file_in(&server.workspace.root);
    let name = book.file_name()?.to_string_lossy().into_owned();
    let text = Text::new(std::sync::Arc::from(std::fs::read_to_string(&book).ok()?));
    let line = format!("{key} = \"{kind}\"\n");
    let (at, insert) = match text.as_str().find("[front-matter.fields]\n") {
        Some(table) => (table + "[front-matter.fields]\n".len(), line),
        None => {
            let end = text.as_str().len();
            let gap = if text.as_str().ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            (end, format!("{gap}[front-matter.fields]\n{line}"))
        }
    };
    let uri = server.workspace.uri_of(&book)?;
    let range = text.range(at..at, server.encoding);
    Some(CodeAction {
        is_preferred: Some(false),
        ..quick_fix(
            format!("Declare `{key}` in {name} [front-matter.fields]"),
            one_edit(&uri, range, insert),
        )
    })
}

/// The type `book.toml` declares for a value as the front matter gave it.
fn field_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::Array(_) => "list",
        serde_json::Value::String(s) if crate::guide::Date::parse(s).is_some() => "date",
        _ => "string",
    }
}
