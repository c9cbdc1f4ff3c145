//! `prepbook lsp`: the language server. It keeps one `Builder`, the one `check` uses, fed the
//! editor's unsaved buffers, so the editor shows every rule's diagnostics as the author types
//! (site-wide ones included, published for the files they concern), and knows the site well
//! enough to complete links, anchors and front matter, follow links both ways, rename headings
//! and guides with their links, fix what a diagnostic suggests and explain keys and rules.
//!
//! Built on `lsp-server` (rust-analyzer's transport): one thread owns the site and answers in
//! order, so an answer always reads the buffers as they were when it was asked.

mod actions;
mod capabilities;
mod completion;
mod hover;
mod links;
mod navigate;
mod publish;
mod rename;
mod requests;
mod server;
mod text;
mod workspace;

pub use server::run;
