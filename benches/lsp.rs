//! `prepbook lsp` as an editor feels it: the release binary spawned and spoken to over stdio.
//! First diagnostics: from starting the server (initialize, then didOpen of one guide) to the
//! first publishDiagnostics of that guide, which takes loading and checking the whole site.
//! Keystroke: from a didChange of that guide (one more character in its body) to its
//! publishDiagnostics, the debounce (20 ms) included. Targets: first diagnostics within 2 s and
//! a keystroke within 100 ms at 10,000 guides.
//!
//! The guides are those of the serve benchmark (`harness/editing.rs`): the shared realistic
//! corpus, or prepbook's synthetic one with `CORPUS=synthetic`.
//!
//! Run: `cargo bench --bench lsp` (`SIZES=1000,10000`, `EDITS=15`). Prints one table; nothing
//! is asserted.

mod corpus;
#[path = "harness/editing.rs"]
mod editing;
#[path = "harness/jsonrpc.rs"]
mod jsonrpc;
#[path = "harness/realistic.rs"]
mod realistic;

use std::path::Path;
use std::time::Instant;

use serde_json::json;

const PREPBOOK: &str = env!("CARGO_BIN_EXE_prepbook");

fn main() {
    let (sizes, edits) = editing::settings("1000,10000");
    editing::print_header(
        "prepbook lsp: keystroke (didChange) → publishDiagnostics; the last column is start \
         (initialize + didOpen) → first publishDiagnostics",
    );
    for size in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let edited = editing::write_site(dir.path(), size);
        let root = dir.path().canonicalize().expect("site folder");
        measure(&root, &root.join("content").join(&edited), size, edits);
    }
}

fn measure(root: &Path, guide: &Path, size: usize, edits: usize) {
    let original = std::fs::read_to_string(guide).expect("read guide");
    let uri = format!("file://{}", guide.display());
    let started = Instant::now();
    let mut client = jsonrpc::Client::start(Path::new(PREPBOOK), root);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": original}}),
    );
    client.diagnostics(&uri, |_| true);
    let first = started.elapsed();
    let mut samples = Vec::with_capacity(edits);
    let mut text = original.clone();
    for n in 0..edits {
        text.push(if n % 2 == 0 { 'x' } else { ' ' });
        let sent = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": n + 2},
                "contentChanges": [{"text": text}],
            }),
        );
        client.diagnostics(&uri, |_| true);
        samples.push(sent.elapsed().as_secs_f64() * 1000.0);
    }
    client.request("shutdown", serde_json::Value::Null);
    client.notify("exit", serde_json::Value::Null);
    let _ = client.child.wait();
    editing::print_row(size, &mut samples, first);
}
