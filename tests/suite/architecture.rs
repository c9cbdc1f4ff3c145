//! The layout ARCHITECTURE.md describes holds in the code: every `crate::` import of a library
//! module points down the stage order written there, and every module has a place in it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The binary's own modules: they use the library's surface, not its modules.
const BINARY: &[&str] = &["main", "cli", "console", "site_root", "lib"];

/// The stage order, bottom first, from the line of ARCHITECTURE.md that starts "Import order".
fn stage_order(root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let line = text
        .lines()
        .find(|line| line.starts_with("Import order"))
        .expect("ARCHITECTURE.md has an \"Import order\" line");
    line.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The top-level module a source file belongs to: `src/render/views.rs` → `render`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("under src");
    let first = relative.components().next().expect("a component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_owned()
}

/// The top-level modules a source text names through `crate::`, grouped imports included
/// (`use crate::{config::Config, urls}`).
fn crate_imports(text: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            found.extend(group[..end].split(',').map(ident));
        } else {
            found.insert(ident(rest));
        }
    }
    found.retain(|name| !name.is_empty() && name != "self");
    found
}

#[test]
fn every_import_points_down_the_stage_order() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let order = stage_order(root);
    assert!(order.len() > 5, "the order names the stages: {order:?}");
    let rank = |name: &str| order.iter().position(|stage| stage == name);
    let mut upward = Vec::new();
    let mut unplaced = BTreeSet::new();
    for file in sources(&src) {
        let module = module_of(&src, &file);
        if BINARY.contains(&module.as_str()) {
            continue;
        }
        let Some(own) = rank(&module) else {
            unplaced.insert(module);
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read source");
        for import in crate_imports(&text) {
            match rank(&import) {
                Some(theirs) if theirs > own => {
                    upward.push(format!("{} imports {import}", file.display()));
                }
                Some(_) => {}
                None => {
                    unplaced.insert(import);
                }
            }
        }
    }
    assert!(
        unplaced.is_empty(),
        "modules missing from ARCHITECTURE.md's import order: {unplaced:?}"
    );
    assert!(
        upward.is_empty(),
        "imports against the stage order: {upward:#?}"
    );
}

#[test]
fn imports_are_read_with_their_groups() {
    let names = crate_imports("use crate::{config::Config, urls};\nlet x = crate::site::Site;");
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        ["config", "site", "urls"]
    );
}
