//! `prepbook lsp` spoken to as an editor does: the real binary spawned in a temp site, JSON-RPC
//! framed with Content-Length over its stdin and stdout.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "../../benches/harness/jsonrpc.rs"]
mod jsonrpc;

use crate::support::complete_guide;
use jsonrpc::{Client, WAIT};

fn start(site: &Path) -> Client {
    Client::start(Path::new(env!("CARGO_BIN_EXE_prepbook")), site)
}

fn uri(path: &Path) -> String {
    let path = path.canonicalize().expect("resolved");
    format!("file://{}", path.display())
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect()
}

/// A site of two guides: the intro links to the STAR guide's Background heading.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"LSP site\"\n",
    )
    .expect("toml");
    let guides = dir.path().join("content/guides");
    std::fs::create_dir_all(&guides).expect("mkdir");
    let star = complete_guide("title: \"STAR method\"\ntags: [behavioral]")
        + "\n## Background\n\nWhy it works.\n";
    std::fs::write(guides.join("star.md"), star).expect("star");
    std::fs::write(
        guides.join("intro.md"),
        intro("[the star](star.md#background)"),
    )
    .expect("intro");
    dir
}

fn intro(link: &str) -> String {
    complete_guide("title: \"Intro\"\ntags: [basics]") + &format!("\nCafé 𝄞 — see {link}.\n")
}

fn initialize(client: &mut Client, site: &Path, encodings: &[&str]) -> Value {
    let root = uri(site);
    let answer = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "capabilities": {"general": {"positionEncodings": encodings}},
        }),
    );
    client.notify("initialized", json!({}));
    answer
}

fn change(client: &mut Client, uri: &str, version: i32, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}],
        }),
    );
}

/// The 0-based line and UTF-16 character of the first `needle` in `text`, plus `after` bytes.
/// Renames the heading `heading` of the open file `uri` (holding `text`) to "Why it works".
fn rename_heading(client: &mut Client, uri: &str, text: &str, heading: &str) -> Value {
    client.request(
        "textDocument/rename",
        json!({
            "textDocument": {"uri": uri},
            "position": position_of(text, heading, 4),
            "newName": "Why it works",
        }),
    )
}

fn position_of(text: &str, needle: &str, after: usize) -> Value {
    let at = text.find(needle).expect("needle") + after;
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[start..at].encode_utf16().count()})
}

#[test]
fn an_editor_session_is_answered_over_json_rpc() {
    let site = site();
    let mut client = start(site.path());
    let answer = initialize(&mut client, site.path(), &["utf-16"]);
    let capabilities = &answer["result"]["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16", "{answer}");
    assert_eq!(capabilities["renameProvider"]["prepareProvider"], false);

    let intro_path = site.path().join("content/guides/intro.md");
    let intro_uri = uri(&intro_path);
    let star_uri = uri(&site.path().join("content/guides/star.md"));
    let text = std::fs::read_to_string(&intro_path).expect("intro");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": intro_uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    client.diagnostics(&intro_uri, <[Value]>::is_empty);

    // A typo in the link, on a line of non-ASCII text: a broken-link at its UTF-16 column.
    let broken = intro("[the star](stra.md)");
    change(&mut client, &intro_uri, 2, &broken);
    let found = client.diagnostics(&intro_uri, |d| !d.is_empty());
    assert_eq!(codes(&found), ["broken-link"], "{found:?}");
    assert_eq!(
        found[0]["range"]["start"],
        position_of(&broken, "[the star]", 0)
    );
    assert_eq!(found[0]["severity"], 1);

    // The quick fix: the nearest guide's path in place of the typo.
    let fix = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": intro_uri},
            "range": found[0]["range"],
            "context": {"diagnostics": found},
        }),
    );
    let edit = &fix["result"][0]["edit"]["changes"][&intro_uri][0];
    assert_eq!(edit["newText"], "star.md", "{fix}");
    assert_eq!(edit["range"]["start"], position_of(&broken, "stra.md", 0));

    // Completion in a link: guides by title, inserting their path; then anchors.
    let typing = intro("[x](");
    change(&mut client, &intro_uri, 3, &typing);
    let at = position_of(&typing, "[x](", 4);
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": intro_uri}, "position": at}),
    );
    let star = items["result"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["label"] == "STAR method"))
        .unwrap_or_else(|| panic!("no STAR item: {items}"));
    assert_eq!(star["textEdit"]["newText"], "star.md");
    let typing = intro("[x](star.md#");
    change(&mut client, &intro_uri, 4, &typing);
    let at = position_of(&typing, "star.md#", 8);
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": intro_uri}, "position": at}),
    );
    let labels: Vec<&str> = items["result"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        labels.contains(&"background") && labels.contains(&"faq"),
        "{labels:?}"
    );

    // Definition: the link leads to the heading of the target guide.
    let linked = intro("[the star](star.md#background)");
    change(&mut client, &intro_uri, 5, &linked);
    let at = position_of(&linked, "[the star]", 3);
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": intro_uri}, "position": at}),
    );
    let star_text =
        std::fs::read_to_string(site.path().join("content/guides/star.md")).expect("star");
    assert_eq!(definition["result"]["uri"], star_uri, "{definition}");
    assert_eq!(
        definition["result"]["range"]["start"],
        position_of(&star_text, "## Background", 0)
    );

    // Rename the heading: its text and the anchor of the link to it, across files.
    let rename = rename_heading(&mut client, &star_uri, &star_text, "## Background");
    let changes = &rename["result"]["changes"];
    assert_eq!(changes[&star_uri][0]["newText"], "Why it works", "{rename}");
    assert_eq!(
        changes[&intro_uri][0]["newText"], "why-it-works",
        "{rename}"
    );
    assert_eq!(
        changes[&intro_uri][0]["range"]["start"],
        position_of(&linked, "background)", 0)
    );

    // References: who links to the STAR guide.
    let references = client.request(
        "textDocument/references",
        json!({
            "textDocument": {"uri": star_uri},
            "position": {"line": 0, "character": 0},
            "context": {"includeDeclaration": false},
        }),
    );
    assert_eq!(references["result"][0]["uri"], intro_uri, "{references}");

    // A malformed request is an error, not a crash; an unknown one too.
    let bad = client.request("textDocument/completion", json!({"nonsense": true}));
    assert!(bad["error"]["code"].is_i64(), "{bad}");

    shut_down(client);
}

/// A diagnostic of another file: renaming a heading in one guide breaks the anchor of a link
/// in a guide that is not open, which gets it; putting it back clears it.
#[test]
fn site_wide_diagnostics_reach_the_file_they_concern_and_clear() {
    let site = site();
    let mut client = start(site.path());
    initialize(&mut client, site.path(), &["utf-16"]);
    let star_path = site.path().join("content/guides/star.md");
    let star_uri = uri(&star_path);
    let intro_uri = uri(&site.path().join("content/guides/intro.md"));
    let text = std::fs::read_to_string(&star_path).expect("star");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": star_uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    client.diagnostics(&star_uri, <[Value]>::is_empty);
    change(
        &mut client,
        &star_uri,
        2,
        &text.replace("## Background", "## History"),
    );
    let found = client.diagnostics(&intro_uri, |d| !d.is_empty());
    assert_eq!(codes(&found), ["broken-anchor"], "{found:?}");
    change(&mut client, &star_uri, 3, &text);
    client.diagnostics(&intro_uri, <[Value]>::is_empty);

    // Hover on a front-matter key says what it does.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": star_uri}, "position": position_of(&text, "tags:", 1)}),
    );
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(shown.contains("**tags**"), "{hover}");
    shut_down(client);
}

/// With UTF-8 offered, positions count bytes; a guide moved in the editor keeps its links; a
/// missing part gets its skeleton.
#[test]
fn utf8_positions_moves_and_skeletons() {
    let site = site();
    let mut client = start(site.path());
    let answer = initialize(&mut client, site.path(), &["utf-8", "utf-16"]);
    assert_eq!(
        answer["result"]["capabilities"]["positionEncoding"],
        "utf-8"
    );
    let intro_uri = uri(&site.path().join("content/guides/intro.md"));
    let star_uri = uri(&site.path().join("content/guides/star.md"));
    let broken = intro("[the star](stra.md)");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": intro_uri, "languageId": "markdown", "version": 1, "text": broken}}),
    );
    let found = client.diagnostics(&intro_uri, |d| !d.is_empty());
    let at = broken.find("[the star]").expect("link");
    let line_start = broken[..at].rfind('\n').map_or(0, |i| i + 1);
    assert_eq!(
        found[0]["range"]["start"]["character"],
        at - line_start,
        "{found:?}"
    );

    change(
        &mut client,
        &intro_uri,
        2,
        &intro("[the star](star.md#background)"),
    );
    client.diagnostics(&intro_uri, <[Value]>::is_empty);
    let moved_uri = star_uri.replace("guides/star.md", "guides/methods/star.md");
    let edit = client.request(
        "workspace/willRenameFiles",
        json!({"files": [{"oldUri": star_uri, "newUri": moved_uri}]}),
    );
    let edits = &edit["result"]["changes"][&intro_uri];
    assert_eq!(edits[0]["newText"], "methods/star.md", "{edit}");

    let missing = json!({
        "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 5}},
        "code": "missing-faq",
        "source": "prepbook",
        "message": "the guide has no FAQ part",
    });
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": intro_uri},
            "range": missing["range"],
            "context": {"diagnostics": [missing]},
        }),
    );
    let action = &actions["result"][0];
    assert_eq!(action["title"], "Insert a FAQ skeleton", "{actions}");
    let text = action["edit"]["changes"][&intro_uri][0]["newText"]
        .as_str()
        .unwrap_or_default();
    assert!(text.contains("## FAQ\n\n### "), "{text}");
    shut_down(client);
}

fn shut_down(mut client: Client) {
    let answer = client.request("shutdown", Value::Null);
    assert_eq!(answer["result"], Value::Null, "{answer}");
    client.notify("exit", Value::Null);
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = client.child.try_wait().expect("wait") {
            assert!(status.success(), "exit status {status}");
            return;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn renaming_a_heading_with_an_explicit_id_keeps_the_id_and_the_links_to_it() {
    let site = site();
    let star_path = site.path().join("content/guides/star.md");
    let star_text = complete_guide("title: \"STAR method\"") + "\n## Background { #why }\n\nWhy.\n";
    std::fs::write(&star_path, &star_text).expect("star");
    std::fs::write(
        site.path().join("content/guides/intro.md"),
        intro("[the star](star.md#why)"),
    )
    .expect("intro");
    let mut client = start(site.path());
    initialize(&mut client, site.path(), &["utf-16"]);
    let star_uri = uri(&star_path);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": star_uri, "languageId": "markdown", "version": 1, "text": star_text}}),
    );
    let rename = rename_heading(&mut client, &star_uri, &star_text, "## Background");
    let changes = rename["result"]["changes"]
        .as_object()
        .unwrap_or_else(|| panic!("{rename}"));
    assert_eq!(changes.len(), 1, "only the heading changes: {rename}");
    let edit = &changes[&star_uri][0];
    assert_eq!(edit["newText"], "Why it works");
    assert_eq!(
        edit["range"]["start"],
        position_of(&star_text, "Background", 0)
    );
    assert_eq!(
        edit["range"]["end"],
        position_of(&star_text, " { #why }", 0),
        "the attributes stay: {rename}"
    );
}

/// Beside another tool's `book.toml`, an unknown front-matter key is declared in
/// `prepbook.toml`, prepbook's own config, and the foreign file is left as it is.
#[test]
fn an_unknown_key_is_declared_in_prepbook_s_own_config() {
    let site = site();
    std::fs::write(
        site.path().join("prepbook.toml"),
        "[book]\ntitle = \"LSP site\"\n",
    )
    .expect("prepbook.toml");
    std::fs::write(
        site.path().join("book.toml"),
        "[book]\ntitle = \"An mdBook\"\nsrc = \"src\"\n",
    )
    .expect("book.toml");
    let mut client = start(site.path());
    initialize(&mut client, site.path(), &["utf-16"]);
    let intro_uri = uri(&site.path().join("content/guides/intro.md"));
    let text = intro("[the star](star.md)").replacen("title:", "sidebar: Start\ntitle:", 1);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": intro_uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let found = client.diagnostics(&intro_uri, |d| codes(d).contains(&"unknown-field"));
    let unknown = found
        .iter()
        .find(|d| d["code"] == "unknown-field")
        .expect("unknown-field");
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": intro_uri},
            "range": unknown["range"],
            "context": {"diagnostics": [unknown]},
        }),
    );
    let declare = actions["result"]
        .as_array()
        .and_then(|all| {
            all.iter().find(|a| {
                a["title"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("Declare"))
            })
        })
        .unwrap_or_else(|| panic!("no declare action: {actions}"));
    assert_eq!(
        declare["title"],
        "Declare `sidebar` in prepbook.toml [front-matter.fields]"
    );
    let own = uri(&site.path().join("prepbook.toml"));
    let edit = &declare["edit"]["changes"][&own][0];
    assert!(
        edit["newText"]
            .as_str()
            .is_some_and(|t| t.contains("sidebar = \"string\"")),
        "{declare}"
    );
    assert_eq!(
        declare["edit"]["changes"].as_object().map(|c| c.len()),
        Some(1),
        "only prepbook.toml is edited: {declare}"
    );
    shut_down(client);
}
