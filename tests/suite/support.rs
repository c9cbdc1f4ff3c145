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
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
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
                Some((p, a)) => (p.to_owned(), Some(a.to_owned())),
                None => (target.clone(), None),
            };
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
pub fn complete_guide(front: &str) -> String {
    format!(
        "---\n{front}\n---\n\nIntro.\n\n## TL;DR\n\nShort.\n\n## FAQ\n\n### One?\n\nYes.\n\n### Two?\n\nNo.\n\n## Checklist\n\n- [ ] a\n- [ ] b\n- [ ] c\n"
    )
}
