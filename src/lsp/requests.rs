//! Requests, each parsed into its typed parameters and given to the module that answers it.

use std::path::PathBuf;
use std::sync::Arc;

use lsp_server::Request;
use lsp_types::request::{
    CodeActionRequest, Completion, GotoDefinition, HoverRequest, References, Rename, Request as _,
    WillRenameFiles,
};
use lsp_types::{
    CodeActionParams, CompletionParams, GotoDefinitionParams, HoverParams, Position,
    ReferenceParams, RenameFilesParams, RenameParams, TextDocumentPositionParams,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::server::Server;
use super::text::Text;
use super::workspace::path_of_uri;
use super::{actions, completion, hover, navigate, rename};
use crate::guide::Guide;

/// Why a request gets an error instead of an answer.
#[derive(Debug)]
pub(crate) enum Refusal {
    Unknown(String),
    BadParams(String),
}

pub(crate) fn answer(server: &Server, request: Request) -> Result<serde_json::Value, Refusal> {
    let Request { method, params, .. } = request;
    match method.as_str() {
        Completion::METHOD => reply(params, |p: CompletionParams| {
            completion::complete(server, &p)
        }),
        GotoDefinition::METHOD => reply(params, |p: GotoDefinitionParams| {
            navigate::definition(server, &p)
        }),
        References::METHOD => reply(params, |p: ReferenceParams| {
            navigate::references(server, &p)
        }),
        HoverRequest::METHOD => reply(params, |p: HoverParams| hover::hover(server, &p)),
        CodeActionRequest::METHOD => {
            reply(params, |p: CodeActionParams| actions::actions(server, &p))
        }
        Rename::METHOD => reply(params, |p: RenameParams| rename::heading(server, &p)),
        WillRenameFiles::METHOD => reply(params, |p: RenameFilesParams| rename::files(server, &p)),
        _ => Err(Refusal::Unknown(method)),
    }
}

fn reply<P: DeserializeOwned, R: Serialize>(
    params: serde_json::Value,
    answer: impl FnOnce(P) -> R,
) -> Result<serde_json::Value, Refusal> {
    let params = serde_json::from_value(params).map_err(|e| Refusal::BadParams(e.to_string()))?;
    serde_json::to_value(answer(params)).map_err(|e| Refusal::BadParams(e.to_string()))
}

/// Where a request points: the file, its text as the server knows it, the byte offset, and
/// the guide it holds when the site has parsed it.
pub(crate) struct Place<'a> {
    pub path: PathBuf,
    pub text: Text,
    pub offset: usize,
    pub position: Position,
    pub guide: Option<&'a Arc<Guide>>,
}

impl Server {
    /// The place `at` names: `None` for a document outside the site or that cannot be read.
    pub(crate) fn place(&self, at: &TextDocumentPositionParams) -> Option<Place<'_>> {
        let path = path_of_uri(&at.text_document.uri)?;
        let guide = self.workspace.guide_at(&path);
        let text = match (self.workspace.open.get(&path), guide) {
            (Some(document), _) => document.text.clone(),
            (None, Some(guide)) => self.workspace.text_of(guide),
            (None, None) => Text::new(Arc::from(std::fs::read_to_string(&path).ok()?)),
        };
        let offset = text.offset(at.position, self.encoding);
        Some(Place {
            path,
            text,
            offset,
            position: at.position,
            guide,
        })
    }
}
