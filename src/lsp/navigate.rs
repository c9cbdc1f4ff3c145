//! Go to definition on a link (the target guide, at its heading for an anchor), and references:
//! the links that reach a guide, or one of its headings when asked on the heading's line.

use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location, Range, ReferenceParams};

use super::links;
use super::server::Server;
use super::text::Text;
use crate::guide::Guide;
use crate::guide::markdown::Heading;
use crate::urls::GuideId;

pub(crate) fn definition(
    server: &Server,
    params: &GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let place = server.place(&params.text_document_position_params)?;
    let guide = place.guide?;
    let written = links::at(guide, &place.text, place.offset)?;
    let (id, anchor) = links::target(&guide.id, written.link)?;
    let target = server.workspace.builder.guide(&id)?;
    let text = server.workspace.text_of(target);
    let range = anchor
        .and_then(|anchor| heading_range(target, &text, &anchor, server))
        .unwrap_or_default();
    let uri = server.workspace.uri_of(&server.workspace.path_of_id(&id))?;
    Some(GotoDefinitionResponse::Scalar(Location { uri, range }))
}

/// The line of the heading whose id is `anchor`.
fn heading_range(guide: &Guide, text: &Text, anchor: &str, server: &Server) -> Option<Range> {
    let heading = guide.body.headings.iter().find(|h| h.id == anchor)?;
    let start = text.offset_of(heading.at);
    let end = start
        + text.as_str()[start..]
            .find('\n')
            .unwrap_or(text.as_str().len() - start);
    Some(text.range(start..end, server.encoding))
}

/// The heading of `guide` on the line of byte `offset` of its file `text`.
pub(crate) fn heading_on_line<'g>(
    guide: &'g Guide,
    text: &Text,
    offset: usize,
) -> Option<&'g Heading> {
    let line = text.line_of(offset);
    guide
        .body
        .headings
        .iter()
        .find(|h| text.line_of(text.offset_of(h.at)) == line)
}

pub(crate) fn references(server: &Server, params: &ReferenceParams) -> Option<Vec<Location>> {
    let place = server.place(&params.text_document_position)?;
    let guide = place.guide?;
    // On a heading's line: the links to that heading; elsewhere, every link to the guide.
    let anchor = heading_on_line(guide, &place.text, place.offset).map(|h| h.id.as_str());
    Some(
        reaching(server, &guide.id, anchor)
            .into_iter()
            .filter_map(|(source, range)| {
                let uri = server
                    .workspace
                    .uri_of(&server.workspace.path_of_id(&source))?;
                Some(Location { uri, range })
            })
            .collect(),
    )
}

/// Every link of the site that reaches the guide `id` (at `anchor`, when given): the guide
/// that holds it and the range of the link.
pub(crate) fn reaching(
    server: &Server,
    id: &GuideId,
    anchor: Option<&str>,
) -> Vec<(GuideId, Range)> {
    let mut found = Vec::new();
    for guide in links::linking(server, |_, target| target == id) {
        let reaches = |link: &crate::guide::Link| {
            links::target(&guide.id, link).is_some_and(|(target, at)| {
                &target == id && anchor.is_none_or(|anchor| at.as_deref() == Some(anchor))
            })
        };
        let text = server.workspace.text_of(guide);
        for written in links::written(guide, &text) {
            if reaches(written.link) {
                found.push((guide.id.clone(), text.range(written.span, server.encoding)));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}
