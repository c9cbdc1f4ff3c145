//! Shared helpers: fixture sites in temp dirs, the real binary, reading the output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A temp dir holding the given fixtures laid over each other, in order.
pub fn site(layers: &[&str]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for layer in layers {
        copy_tree(&fixtures_dir().join(layer), dir.path());
    }
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

pub fn prepbook() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("prepbook");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs `prepbook check --format json` in the site `dir`: its exit code and its report, whose
/// paths are then as the site's author knows them (`content/x.md`).
pub fn check_report(dir: &Path) -> (i32, serde_json::Value) {
    let output = prepbook()
        .args(["check", "--format", "json", "."])
        .current_dir(dir)
        .output()
        .expect("run prepbook");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

/// The diagnostics of a `check` report.
pub fn report_diagnostics(report: &serde_json::Value) -> &[serde_json::Value] {
    report["diagnostics"].as_array().expect("diagnostics array")
}

/// Runs `prepbook build <dir>` plus `extra` arguments.
pub fn build(dir: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    prepbook().arg("build").arg(dir).args(extra).assert()
}

/// Every file under `dir`: relative path → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

pub fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.as_ref().display()))
}

/// Values of every `href="…"` and `src="…"` attribute in an HTML text.
pub fn link_targets(html: &str) -> Vec<String> {
    let mut out = attribute_values(html, "href=\"");
    out.extend(attribute_values(html, "src=\""));
    out
}

/// The ids of an HTML text (`id="…"`), for anchor checks.
pub fn ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push(rest[..end].to_owned());
    }
    out
}

/// Checks that every internal link of every HTML file under `out` resolves to a file (and
/// its `#anchor` to an id there); `base` is the site's base path. Returns the broken ones.
pub fn broken_links(out: &Path, base: &str) -> Vec<String> {
    let tree = read_tree(out);
    let mut broken = Vec::new();
    for (page, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for target in link_targets(&html) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a.to_owned())),
                None => (target.as_str(), None),
            };
            // A query is for the page's script: the file is the path's.
            let path = decode(path.split('?').next().unwrap_or_default());
            let file = if path.is_empty() {
                page.clone()
            } else if let Some(rest) = path.strip_prefix(base) {
                if rest.is_empty() || rest.ends_with('/') {
                    format!("{rest}index.html")
                } else {
                    rest.to_owned()
                }
            } else {
                broken.push(format!("{page}: {target} (outside base {base})"));
                continue;
            };
            match tree.get(&file) {
                None => broken.push(format!("{page}: {target} (no file {file})")),
                Some(bytes) => {
                    if let Some(anchor) = anchor
                        && !ids(&String::from_utf8_lossy(bytes)).contains(&anchor)
                    {
                        broken.push(format!("{page}: {target} (no id {anchor} in {file})"));
                    }
                }
            }
        }
    }
    broken
}

/// A guide with the given front-matter lines and a body that passes every default check.
/// Its questions are its own (they name the front matter's letters and digits), so that a
/// site of such guides asks no question twice (`duplicate-question`).
pub fn complete_guide(front: &str) -> String {
    format!(
        "---\n{front}\n---\n\nIntro.\n\n## TL;DR\n\nShort.\n\n{}## Checklist\n\n- [ ] a\n- [ ] b\n- [ ] c\n",
        complete_faq(front)
    )
}

/// The FAQ part of [`complete_guide`] with the front matter `front`.
pub fn complete_faq(front: &str) -> String {
    let own: String = front.chars().filter(|c| c.is_alphanumeric()).collect();
    format!("## FAQ\n\n### One of {own}?\n\nYes.\n\n### Two of {own}?\n\nNo.\n\n")
}

/// The output path of a hashed theme asset (`style.css` → `assets/style.1a2b3c4d.css`).
pub fn asset_path(out: &Path, name: &str) -> String {
    let (stem, ext) = name
        .rsplit_once('.')
        .expect("an asset name has an extension");
    let found: Vec<String> = read_tree(out)
        .into_keys()
        .filter(|path| {
            path.strip_prefix("assets/")
                .and_then(|rest| rest.strip_prefix(stem))
                .and_then(|rest| rest.strip_prefix('.'))
                .and_then(|rest| rest.strip_suffix(ext))
                .and_then(|hash| hash.strip_suffix('.'))
                .is_some_and(|hash| hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit()))
        })
        .collect();
    assert_eq!(found.len(), 1, "one hashed {name} in {}", out.display());
    found[0].clone()
}

/// Every URL a built site hands out besides the `href`/`src` of its HTML: the search box's
/// index and the files it names, redirect pages' refresh targets, every sitemap and feed entry and
/// the sitemap line of `robots.txt`. Absolute ones must start with `origin` + `base`; all must
/// resolve to a file of the output. Returns the broken ones, with `broken_links`' too.
pub fn broken_urls(out: &Path, origin: &str, base: &str) -> Vec<String> {
    let tree = read_tree(out);
    let mut broken = broken_links(out, base);
    let mut check = |from: &str, url: &str| {
        let path = match url.strip_prefix(origin) {
            Some(rest) if url.contains("://") => rest,
            _ if url.contains("://") => {
                broken.push(format!("{from}: {url} (not under {origin})"));
                return;
            }
            _ => url,
        };
        let path = decode(path.split('#').next().unwrap_or_default());
        let Some(rest) = path.strip_prefix(base) else {
            broken.push(format!("{from}: {url} (outside base {base})"));
            return;
        };
        let file = if rest.is_empty() || rest.ends_with('/') {
            format!("{rest}index.html")
        } else {
            rest.to_owned()
        };
        if !tree.contains_key(&file) {
            broken.push(format!("{from}: {url} (no file {file})"));
        }
    };
    for (path, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        let urls: Vec<String> = if path.ends_with(".html") {
            ["data-search-index=\"", "content=\"0; url="]
                .iter()
                .flat_map(|attr| attribute_values(&text, attr))
                .collect()
        } else if path == "search-index.json" {
            // The files it names, relative to itself.
            let manifest: serde_json::Value = serde_json::from_slice(bytes).expect("JSON");
            let dir = manifest["dir"].as_str().unwrap_or_default();
            search_files(&manifest)
                .into_iter()
                .map(|name| format!("{base}{dir}{name}"))
                .collect()
        } else if path == "sitemap.xml" || is_sitemap_part(path) {
            element_texts(&text, "loc")
        } else if path == "atom.xml" {
            let mut urls = attribute_values(&text, "href=\"");
            urls.extend(element_texts(&text, "id"));
            urls
        } else if path == "robots.txt" {
            text.lines()
                .filter_map(|l| l.strip_prefix("Sitemap: "))
                .map(str::to_owned)
                .collect()
        } else {
            continue;
        };
        for url in urls {
            check(path, &url);
        }
    }
    broken
}

/// Whether `path` is a part of a sitemap split into an index and parts: `sitemap-2.xml`.
pub fn is_sitemap_part(path: &str) -> bool {
    path.strip_prefix("sitemap-")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .is_some_and(|n| n.parse::<usize>().is_ok())
}

/// The names (in its `dir`) of every file a search index's manifest names: each file is named
/// by its segment's hash, its kind's letter and its number (`3f2a9c1b0d4e-d12.json`); shards
/// are numbered in order, and the files of guide metadata (`d`) and sentences (`t`) by the
/// guides they hold.
pub fn search_files(manifest: &serde_json::Value) -> Vec<String> {
    let number = |key: &str| manifest[key].as_u64().unwrap_or(1).max(1) as usize;
    let hashes = |key: &str| -> Vec<String> {
        manifest[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| h.as_str().map(str::to_owned))
            .collect()
    };
    let shard_segments = hashes("shard_segments");
    let shards = manifest["shards"].as_array().map_or(0, Vec::len);
    let mut names: Vec<String> = (0..shards)
        .map(|i| {
            let segment = &shard_segments[i / number("shards_per_segment")];
            format!("{segment}-s{i}.json")
        })
        .collect();
    let guide_segments = hashes("guide_segments");
    let count = manifest["count"].as_u64().unwrap_or(0) as usize;
    for (letter, per) in [('d', "docs_per_file"), ('t', "sentences_per_file")] {
        let per = number(per);
        for file in 0..count.div_ceil(per) {
            let segment = &guide_segments[file * per / number("guides_per_segment")];
            names.push(format!("{segment}-{letter}{file}.json"));
        }
    }
    names
}

/// The values of `attr` (given with its opening quote, e.g. `href="`) in a text.
pub fn attribute_values(text: &str, attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(attr) {
        rest = &rest[i + attr.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push(rest[..end].replace("&amp;", "&"));
        rest = &rest[end..];
    }
    out
}

/// The text of every `<name>…</name>` element in an XML text (no nesting).
pub fn element_texts(text: &str, name: &str) -> Vec<String> {
    let (open, close) = (format!("<{name}>"), format!("</{name}>"));
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        let end = rest.find(&close).unwrap_or(rest.len());
        out.push(rest[..end].replace("&amp;", "&"));
        rest = &rest[end..];
    }
    out
}

/// The text a reader sees in an HTML fragment: tags dropped, the common entities decoded,
/// whitespace folded.
pub fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('>').map_or(rest.len(), |i| i + 1);
        let name: String = rest[1..end]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        // Block boundaries separate words, as they do on the page; inline tags do not.
        const BLOCKS: &[&str] = &[
            "p",
            "li",
            "ul",
            "ol",
            "pre",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "div",
            "br",
            "table",
            "tr",
            "td",
            "th",
            "blockquote",
            "section",
            "hr",
        ];
        if BLOCKS.contains(&name.as_str()) {
            text.push(' ');
        }
        rest = &rest[end..];
    }
    text.push_str(rest);
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A static file server for a built site on 127.0.0.1, as a plain static host serves it:
/// `dir/` → `dir/index.html`, a missing file → `404.html` with status 404. Stops when dropped.
pub struct StaticHost {
    pub url: String,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    pub port: u16,
}

impl StaticHost {
    pub fn start(root: &Path) -> StaticHost {
        use std::sync::atomic::{AtomicBool, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let (root, flag) = (root.to_path_buf(), std::sync::Arc::clone(&stop));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let root = root.clone();
                    std::thread::spawn(move || serve_file(stream, &root));
                }
            }
        });
        StaticHost {
            url: format!("http://127.0.0.1:{port}"),
            stop,
            port,
        }
    }
}

impl Drop for StaticHost {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve_file(mut stream: std::net::TcpStream, root: &Path) {
    use std::io::{BufRead as _, Write as _};
    let mut reader = std::io::BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request.split(' ').nth(1).unwrap_or("/");
    let path = decode(path.split(['?', '#']).next().unwrap_or("/"));
    let relative = path.trim_start_matches('/');
    let mut file = if relative.split('/').any(|s| s == "..") {
        root.join("404.html")
    } else {
        root.join(relative)
    };
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, body, file) = match std::fs::read(&file) {
        Ok(body) => ("200 OK", body, file),
        Err(_) => (
            "404 Not Found",
            std::fs::read(root.join("404.html")).unwrap_or_default(),
            root.join("404.html"),
        ),
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js" | "mjs") => "text/javascript",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {kind}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// A URL path as a static host reads it: `%XX` escapes decoded (a malformed one left as is).
pub fn decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i + 1..i + 3)
            .filter(|_| bytes[i] == b'%')
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
