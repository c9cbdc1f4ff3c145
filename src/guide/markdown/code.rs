//! Code blocks: gathered, then written as highlighted code or a Mermaid diagram.

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::Pass;
use crate::highlight::highlight;

/// Whether a fenced block's info string names a Mermaid diagram (```` ```mermaid ````).
pub(super) fn is_diagram(info: &str) -> bool {
    info.split([',', ' ', '{']).next() == Some("mermaid")
}

/// A Mermaid diagram's source as the page holds it: readable code without JavaScript, which
/// the theme's `diagrams.js` turns into the drawn diagram (keeping the source to reveal).
pub(super) fn diagram_html(code: &str) -> String {
    format!(
        "<pre class=\"code diagram-source\" data-lang=\"mermaid\" data-diagram tabindex=\"0\"><code>{}</code></pre>\n",
        crate::highlight::escape_html(code)
    )
}

impl<'s> Pass<'s> {
    /// An event inside a code block: its text gathered, and at its end the block as
    /// highlighted code or a diagram.
    pub(super) fn code_event(&mut self, event: Event<'s>, out: &mut Vec<Event<'s>>) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&text);
                }
                self.block_text(&text);
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, code) = self.code.take().unwrap_or_default();
                let html = if is_diagram(&lang) {
                    self.diagrams += 1;
                    diagram_html(&code)
                } else {
                    highlight(&code, &lang, self.source.code)
                };
                out.push(Event::Html(html.into()));
            }
            _ => {}
        }
    }
}
