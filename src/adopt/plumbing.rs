//! A repository's plumbing under the content folder: package manifests and lockfiles, source
//! code, dependency folders, and the Markdown about the repository rather than its subject
//! (contributing, conduct, security, licences, notes for coding assistants). A build would
//! copy the first kinds beside the guides and make the last into guides; adopt leaves each
//! out by an `exclude` pattern and says what it left out.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

use super::folder::Source;
use super::{Decision, count};

/// Manifests, lockfiles and build files of package managers and tools, by exact name.
const MANIFESTS: &[&str] = &[
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "pnpm-workspace.yaml",
    "bun.lockb",
    "bun.lock",
    "tsconfig.json",
    "Cargo.toml",
    "Cargo.lock",
    "go.mod",
    "go.sum",
    "pyproject.toml",
    "poetry.lock",
    "uv.lock",
    "requirements.txt",
    "Pipfile",
    "Pipfile.lock",
    "setup.py",
    "setup.cfg",
    "Gemfile",
    "Gemfile.lock",
    "composer.json",
    "composer.lock",
    "pom.xml",
    "build.gradle",
    "Makefile",
    "Dockerfile",
    "docker-compose.yml",
    "netlify.toml",
    "vercel.json",
    "mkdocs.yml",
    "mkdocs.yaml",
    "hugo.toml",
    "hugo.yaml",
];

/// Source code, by extension: a page's code is in its Markdown, these are the repository's.
const SOURCES: &[&str] = &[
    "ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs", "rs", "py", "go", "java", "kt", "rb",
    "php", "c", "h", "cc", "cpp", "hpp", "cs", "swift", "scala", "sh", "bash", "ps1", "lua",
];

/// Markdown about the repository, by name without `.md`, lowercased.
const REPOSITORY_DOCS: &[&str] = &[
    "code_of_conduct",
    "contributing",
    "security",
    "agents",
    "claude",
    "gemini",
    "copilot-instructions",
    "pull_request_template",
    "issue_template",
    "codeowners",
];

/// Folders of dependencies and build output, by name.
const DEPENDENCY_FOLDERS: &[&str] = &["node_modules", "vendor", "target", "__pycache__"];

/// What was found, by kind: the kind's name and the paths (under the content folder).
type Findings = BTreeMap<&'static str, Vec<String>>;

/// The exclude patterns for the plumbing under `content` (a folder of `dir`), the Markdown
/// files that stay, and what was left out.
pub(crate) fn detect(
    dir: &Path,
    content: &Path,
    files: Vec<Source>,
) -> Result<(Vec<Source>, Vec<String>, Vec<Decision>)> {
    let root = dir.join(content);
    let mut found = Findings::new();
    let mut walk = walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    while let Some(entry) = walk.next() {
        let entry = entry.with_context(|| format!("cannot walk {}", root.display()))?;
        let name = entry.file_name().to_string_lossy();
        let Some(kind) = kind(&name, entry.file_type().is_dir()).filter(|_| entry.depth() > 0)
        else {
            continue;
        };
        let relative = entry.path().strip_prefix(&root).unwrap_or(entry.path());
        found
            .entry(kind)
            .or_default()
            .push(relative.to_string_lossy().replace('\\', "/"));
        if entry.file_type().is_dir() {
            // A dependency folder is left out whole: what is in it is not looked at.
            walk.skip_current_dir();
        }
    }
    let patterns = patterns(&found);
    let left_out = |path: &str| {
        found
            .get(REPOSITORY_DOC)
            .is_some_and(|docs| docs.iter().any(|d| d == path))
    };
    let kept = files.into_iter().filter(|f| !left_out(&f.path)).collect();
    Ok((kept, patterns, decisions(&found)))
}

const REPOSITORY_DOC: &str = "repository document";
const PACKAGE_FILE: &str = "package file";
const DEPENDENCY_FOLDER: &str = "dependency folder";

/// The kind of plumbing a file or folder named `name` is, if any.
fn kind(name: &str, is_dir: bool) -> Option<&'static str> {
    if is_dir {
        return DEPENDENCY_FOLDERS
            .contains(&name)
            .then_some(DEPENDENCY_FOLDER);
    }
    let lower = name.to_ascii_lowercase();
    if MANIFESTS.contains(&name) {
        return Some(PACKAGE_FILE);
    }
    if lower.starts_with("license") || lower.starts_with("licence") {
        return Some(REPOSITORY_DOC);
    }
    if let Some(stem) = lower.strip_suffix(".md") {
        return REPOSITORY_DOCS.contains(&stem).then_some(REPOSITORY_DOC);
    }
    let extension = lower.rsplit_once('.').map(|(_, ext)| ext)?;
    SOURCES.contains(&extension).then_some("source file")
}

/// One pattern per name (`**/package.json`) or extension (`**/*.ts`) found; a dependency
/// folder's name, so the walk does not enter it.
fn patterns(found: &Findings) -> Vec<String> {
    let mut patterns = std::collections::BTreeSet::new();
    for (kind, paths) in found {
        for path in paths {
            let name = path.rsplit('/').next().unwrap_or(path);
            let pattern = match *kind {
                "source file" => match name.rsplit_once('.') {
                    Some((_, ext)) => format!("**/*.{ext}"),
                    None => continue,
                },
                _ => format!("**/{}", super::partials::literal(name)),
            };
            patterns.insert(pattern);
        }
    }
    patterns.into_iter().collect()
}

/// One decision per kind, with how many and a few names.
fn decisions(found: &Findings) -> Vec<Decision> {
    found
        .iter()
        .map(|(kind, paths)| {
            let shown: Vec<&str> = paths.iter().take(5).map(String::as_str).collect();
            let more = if paths.len() > shown.len() {
                ", …"
            } else {
                ""
            };
            Decision::new(
                "repository plumbing",
                format!("{} ({}{more})", count(paths.len(), kind), shown.join(", ")),
                "excluded: not a page and not published",
            )
            .at("build", Some("exclude"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plumbing_is_told_from_content() {
        assert_eq!(kind("package.json", false), Some(PACKAGE_FILE));
        assert_eq!(kind("index.ts", false), Some("source file"));
        assert_eq!(kind("CONTRIBUTING.md", false), Some(REPOSITORY_DOC));
        assert_eq!(kind("AGENTS.md", false), Some(REPOSITORY_DOC));
        assert_eq!(kind("LICENSE-MIT", false), Some(REPOSITORY_DOC));
        assert_eq!(kind("node_modules", true), Some(DEPENDENCY_FOLDER));
        assert_eq!(kind("arrays.md", false), None);
        assert_eq!(kind("diagram.png", false), None);
        assert_eq!(kind("src", true), None);
    }

    #[test]
    fn a_pattern_per_name_or_extension() {
        let mut found = Findings::new();
        found.insert(
            "source file",
            vec!["a/x.ts".into(), "b/y.ts".into(), "z.rs".into()],
        );
        found.insert(DEPENDENCY_FOLDER, vec!["site/node_modules".into()]);
        assert_eq!(patterns(&found), ["**/*.rs", "**/*.ts", "**/node_modules"]);
    }
}
