//! Where the guides are: the folder's Markdown files counted per folder, the content folder
//! chosen from the other tool's config or from where the Markdown is, the site's title.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::mdbook::MdBook;
use super::{Decision, count};
use crate::config::RawConfig;

/// A Markdown file of the content folder.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// Its path under the content folder, with `/`.
    pub path: String,
    /// Its text (a file that is not UTF-8 is read lossily here; the check reports it).
    pub text: String,
}

/// What the folder holds.
#[derive(Debug, Clone)]
pub(crate) struct Survey {
    pub files: Vec<Source>,
    pub decisions: Vec<Decision>,
    /// The site's address as the other tool's config gives it, if it does.
    pub url: Option<String>,
    /// The content folder, under the site folder (`.` for the folder itself).
    pub content: PathBuf,
    /// The other tool's config file, when one was read (`mkdocs.yml`).
    pub tool: Option<String>,
}

/// Folders that are never content: dependencies, whatever their Markdown.
const NEVER_CONTENT: &[&str] = &["node_modules", "vendor", "target"];

/// Markdown files at a repository's root that are about the repository, not guides.
const REPOSITORY_FILES: &[&str] = &[
    "license",
    "licence",
    "changelog",
    "changes",
    "history",
    "contributing",
    "code_of_conduct",
    "security",
    "support",
    "authors",
    "codeowners",
    "pull_request_template",
    "issue_template",
];

/// Reads the folder, chooses the content folder and sets `content-dir`, `title` and (when
/// `public/` is taken) `output-dir` in `raw`.
pub(crate) fn survey(dir: &Path, mdbook: Option<&MdBook>, raw: &mut RawConfig) -> Result<Survey> {
    let markdown = markdown_files(dir)?;
    if markdown.is_empty() {
        anyhow::bail!(
            "{} holds no Markdown (`.md` or `.mdx`) files: there is nothing to build",
            crate::diagnostic::shown(dir)
        );
    }
    let tool = match mdbook {
        Some(book) => Some(from_mdbook(book)),
        None => tool_config(dir),
    };
    let (content, mut decisions) = content_folder(dir, &markdown, tool.as_ref());
    let prefix = if content == Path::new(".") {
        String::new()
    } else {
        format!("{}/", content.to_string_lossy().replace('\\', "/"))
    };
    let mut files = Vec::new();
    for path in markdown.iter().filter(|p| p.starts_with(&prefix)) {
        let bytes = std::fs::read(dir.join(path)).with_context(|| format!("cannot read {path}"))?;
        files.push(Source {
            path: path[prefix.len()..].to_owned(),
            text: String::from_utf8_lossy(&bytes).into_owned(),
        });
    }
    raw.build.content_dir = Some(content.clone());
    decisions.extend(super::mdx::decide(
        tool.as_ref().map(|t| t.file.as_str()),
        &files,
        raw,
    ));
    let (title, evidence) = site_title(dir, &content, tool.as_ref());
    decisions.push(
        Decision::new("title", evidence, format!("title = {title:?}")).at("book", Some("title")),
    );
    raw.book.title = Some(title);
    let mdx = files.iter().filter(|f| f.path.ends_with(".mdx")).count();
    if mdx > 0 {
        decisions.push(Decision::new(
            "MDX",
            format!("{} under the content folder", count(mdx, ".mdx file")),
            "read as guides, as .md files are",
        ));
    }
    decisions.extend(output_folder(dir, raw));
    decisions.extend(mdbook.and_then(|book| language(book, raw)));
    Ok(Survey {
        files,
        decisions,
        url: tool.as_ref().and_then(|t| t.url.clone()),
        content,
        tool: tool.map(|t| t.file),
    })
}

/// mdBook's `book.toml` as the tool config: its `src` is the content folder.
fn from_mdbook(book: &MdBook) -> ToolConfig {
    ToolConfig {
        file: "mdBook's book.toml".to_owned(),
        content: book.src.clone(),
        title: book.title.clone(),
        url: None,
    }
}

/// The book's language, as mdBook's `book.toml` gives it.
fn language(book: &MdBook, raw: &mut RawConfig) -> Option<Decision> {
    let language = book.language.clone()?;
    let decision = Decision::new(
        "language",
        format!("[book] language = {language:?} in mdBook's book.toml"),
        format!("language = {language:?}"),
    )
    .at("book", Some("language"));
    raw.book.language = Some(language);
    Some(decision)
}

/// Every `*.md` and `*.mdx` file under `dir` that a build could read (not hidden, not under
/// a folder of dependencies, no link followed), by path under `dir` with `/`, sorted.
fn markdown_files(dir: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            entry.depth() == 0 || !(name.starts_with('.') || NEVER_CONTENT.contains(&name.as_ref()))
        });
    for entry in walk {
        let entry = entry.with_context(|| format!("cannot walk {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let relative = relative.to_string_lossy().replace('\\', "/");
        if crate::load::is_markdown(entry.path()) {
            files.push(relative);
        }
    }
    Ok(files)
}

/// What another tool's config file says about the site.
#[derive(Debug, Clone)]
struct ToolConfig {
    /// The file, as named in findings (`mkdocs.yml`).
    file: String,
    /// The content folder it names (or the tool's default).
    content: String,
    title: Option<String>,
    url: Option<String>,
}

/// The config file of MkDocs, Hugo or Docusaurus in `dir`, read for the few keys that say
/// where the guides are and what the site is called (by line: no JavaScript is run).
fn tool_config(dir: &Path) -> Option<ToolConfig> {
    tool_config_in(dir, "").or_else(|| {
        let folder = nested_docusaurus(dir)?;
        tool_config_in(dir, &folder)
    })
}

/// The folder, one or two down (`apps/website`), of a Docusaurus site kept in a repository
/// of several packages: the first in name order, leaving out dependencies and hidden folders.
fn nested_docusaurus(dir: &Path) -> Option<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(2)
        .max_depth(3)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            !(name.starts_with('.') || NEVER_CONTENT.contains(&name.as_ref()))
        })
        .filter_map(Result::ok)
        .find(|entry| {
            let name = entry.file_name().to_string_lossy();
            entry.file_type().is_file() && name.starts_with("docusaurus.config.")
        })
        .and_then(|entry| {
            let folder = entry.path().parent()?.strip_prefix(dir).ok()?;
            Some(folder.to_string_lossy().replace('\\', "/"))
        })
}

/// [`tool_config`] of the config in `folder` under `dir` (`""`: `dir` itself); the file
/// and the content folder named from `dir`.
fn tool_config_in(dir: &Path, folder: &str) -> Option<ToolConfig> {
    let under = |path: &str| match folder {
        "" => path.to_owned(),
        folder => format!("{folder}/{path}"),
    };
    const TOOLS: &[(&str, &str, &str, &str, &str)] = &[
        // file, key of the content folder, its default, key of the title, key of the URL
        ("mkdocs.yml", "docs_dir", "docs", "site_name", "site_url"),
        ("mkdocs.yaml", "docs_dir", "docs", "site_name", "site_url"),
        ("hugo.toml", "contentDir", "content", "title", "baseURL"),
        ("hugo.yaml", "contentDir", "content", "title", "baseURL"),
        ("config.toml", "contentDir", "content", "title", "baseURL"),
        // Docusaurus names its folders in nested `path:` keys of plugins (the blog's too):
        // its default is taken.
        ("docusaurus.config.js", "", "docs", "title", "url"),
        ("docusaurus.config.ts", "", "docs", "title", "url"),
        ("docusaurus.config.mjs", "", "docs", "title", "url"),
    ];
    TOOLS
        .iter()
        .find_map(|&(file, content, default, title, url)| {
            let text = std::fs::read_to_string(dir.join(under(file))).ok()?;
            let value = |key: &str| (!key.is_empty()).then(|| setting(&text, key)).flatten();
            let mounted = (default == "content")
                .then(|| mounted_content(&text))
                .flatten();
            Some(ToolConfig {
                file: under(file),
                content: under(
                    &mounted
                        .or_else(|| value(content))
                        .unwrap_or_else(|| default.to_owned()),
                ),
                title: value(title),
                // Docusaurus gives the site's path apart from its host.
                url: value(url).map(|url| match value("baseUrl") {
                    Some(base) => format!(
                        "{}/{}",
                        url.trim_end_matches('/'),
                        base.trim_start_matches('/')
                    ),
                    None => url,
                }),
            })
        })
}

/// The folder a Hugo config mounts as `content` (`[[module.mounts]]` with `source =
/// "content/en"`, `target = "content"`), whose files' URLs then start at the site's root.
fn mounted_content(text: &str) -> Option<String> {
    let config: toml::Value = toml::from_str(text)
        .ok()
        .or_else(|| serde_yaml::from_str::<toml::Value>(text).ok())?;
    let mounts = config.get("module")?.get("mounts")?.as_array()?;
    mounts.iter().find_map(|mount| {
        let target = mount.get("target")?.as_str()?.trim_matches('/');
        (target == "content")
            .then(|| {
                mount
                    .get("source")?
                    .as_str()
                    .map(|s| s.trim_matches('/').to_owned())
            })
            .flatten()
    })
}

/// The value of the first line `key: value`, `key = value` or `key: 'value',` in `text`.
fn setting(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix(key)?;
        let rest = rest.trim_start().strip_prefix([':', '='])?;
        // A comment after the value (`docs_dir: docs  # moved`) is no part of it.
        let value = rest.split(" #").next().unwrap_or(rest);
        let value = value.trim().trim_end_matches(',').trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'' || c == '`');
        (!value.is_empty() && !value.contains(['(', '{', '['])).then(|| value.to_owned())
    })
}

/// The content folder: the one the tool's config names, else the folder where the Markdown
/// is, found by going down from `dir` while all of it (or most) is in one subfolder.
fn content_folder(
    dir: &Path,
    markdown: &[String],
    tool: Option<&ToolConfig>,
) -> (PathBuf, Vec<Decision>) {
    if let Some(found) = tool.and_then(|tool| named_by_tool(dir, markdown, tool)) {
        return found;
    }
    let mut at = String::new();
    let mut passed = Vec::new();
    loop {
        let top = at.is_empty();
        let own = markdown
            .iter()
            .filter(|p| parent(p) == at && (!top || is_content_at_top(dir, p)))
            .count();
        let children = subfolders(markdown, &at);
        let Some((best, n)) = children.iter().max_by_key(|(_, n)| **n) else {
            break;
        };
        // Guides of its own, or Markdown spread over several folders: this is the root.
        if own > 0 || n * 2 < children.values().sum::<usize>() {
            break;
        }
        passed.extend(
            children
                .iter()
                .filter(|(c, _)| *c != best)
                .map(|(c, n)| format!("{c}/ ({n})")),
        );
        at = best.clone();
    }
    let n = under(markdown, &at);
    let folder = if at.is_empty() { ".".to_owned() } else { at };
    let finding = format!(
        "{folder}/ ({}{})",
        count(n, "Markdown file"),
        also_found(&passed)
    );
    (
        PathBuf::from(&folder),
        vec![content_decision(finding, &folder)],
    )
}

/// The folder the tool's config names, when it holds Markdown.
fn named_by_tool(
    dir: &Path,
    markdown: &[String],
    tool: &ToolConfig,
) -> Option<(PathBuf, Vec<Decision>)> {
    let folder = tool.content.trim_matches('/').to_owned();
    let n = under(markdown, &folder);
    if n == 0 || !dir.join(&folder).is_dir() {
        return None;
    }
    let top = folder.split('/').next().unwrap_or_default();
    let others: Vec<String> = subfolders(markdown, "")
        .into_iter()
        .filter(|(c, _)| c != top)
        .map(|(c, n)| format!("{c}/ ({n})"))
        .collect();
    let finding = format!(
        "{folder}/ ({}, named by {}{})",
        count(n, "Markdown file"),
        tool.file,
        also_found(&others)
    );
    Some((
        PathBuf::from(&folder),
        vec![content_decision(finding, &folder)],
    ))
}

/// How many of the files are under `folder` (`""`: all).
fn under(markdown: &[String], folder: &str) -> usize {
    markdown
        .iter()
        .filter(|p| folder.is_empty() || p.starts_with(&format!("{folder}/")))
        .count()
}

/// `; also found: blog/ (50)`, or nothing.
fn also_found(others: &[String]) -> String {
    if others.is_empty() {
        String::new()
    } else {
        format!("; also found: {}", others.join(", "))
    }
}

fn content_decision(finding: String, folder: &str) -> Decision {
    Decision::new(
        "content folder",
        finding,
        format!("content-dir = {folder:?}"),
    )
    .at("build", Some("content-dir"))
}

/// The folders directly under `at` that hold Markdown, with how much (under them, at any
/// depth), by path under the site root.
fn subfolders(markdown: &[String], at: &str) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    for path in markdown {
        let rest = if at.is_empty() {
            Some(path.as_str())
        } else {
            path.strip_prefix(&format!("{at}/"))
        };
        if let Some((child, _)) = rest.and_then(|r| r.split_once('/')) {
            let child = if at.is_empty() {
                child.to_owned()
            } else {
                format!("{at}/{child}")
            };
            *found.entry(child).or_insert(0) += 1;
        }
    }
    found
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// Whether a Markdown file at the root of the folder is a guide rather than the
/// repository's own paperwork: not a licence or changelog, and a README only when it links
/// into the folders below (a GitHub repository of guides; a tool's repository's README is
/// about the tool).
fn is_content_at_top(dir: &Path, file: &str) -> bool {
    let stem = file.trim_end_matches(".md").to_ascii_lowercase();
    if REPOSITORY_FILES.contains(&stem.as_str()) {
        return false;
    }
    if stem != "readme" && stem != "index" {
        return true;
    }
    let text = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
    text.split("](").skip(1).any(|link| {
        let target = link.split([')', ' ', '#']).next().unwrap_or_default();
        let local = !target.contains(':') && !target.starts_with('/');
        local && target.trim_start_matches("./").contains('/')
    })
}

/// The site's title and where it came from: the tool's config, the first `#` heading of a
/// README or index page, else the folder's name.
fn site_title(dir: &Path, content: &Path, tool: Option<&ToolConfig>) -> (String, String) {
    if let Some((tool, title)) = tool.and_then(|t| t.title.as_ref().map(|title| (t, title))) {
        return (title.clone(), format!("the site's name in {}", tool.file));
    }
    // The content's own index page first: it is the site's home page.
    for folder in [dir.join(content), dir.to_path_buf()] {
        for name in ["README.md", "index.md", "_index.md"] {
            let text = std::fs::read_to_string(folder.join(name)).unwrap_or_default();
            let heading = text
                .lines()
                .find_map(|line| line.strip_prefix("# "))
                .map(str::trim)
                .filter(|h| !h.is_empty());
            if let Some(heading) = heading {
                let file = folder.join(name);
                let file = file.strip_prefix(dir).unwrap_or(&file);
                return (
                    heading.to_owned(),
                    format!("the first heading of {}", file.display()),
                );
            }
        }
    }
    let name = std::fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Prep guides".to_owned());
    (name, "no title found; the folder's name".to_owned())
}

/// `public/`, the output folder by default, unless something is there already. (When the
/// guides are the whole folder, the output inside it is read as no content.)
fn output_folder(dir: &Path, raw: &mut RawConfig) -> Vec<Decision> {
    let public = dir.join("public");
    if !public.exists() {
        return Vec::new();
    }
    let output = ["prepbook-public", "prepbook-site"]
        .into_iter()
        .find(|name| !dir.join(name).exists())
        .unwrap_or("prepbook-out");
    raw.build.output_dir = Some(PathBuf::from(output));
    vec![
        Decision::new(
            "output folder",
            "public/ exists already (another tool's output, or files of yours)",
            format!("output-dir = {output:?}"),
        )
        .at("build", Some("output-dir")),
    ]
}

/// What is left to the user, said so: the address the site will have.
pub(crate) fn left_to_the_user(survey: &Survey) -> Decision {
    let found = match &survey.url {
        Some(url) => format!("the other tool's config says {url}"),
        None => "where the site will be hosted is not in the folder".to_owned(),
    };
    let base = survey.url.as_deref().unwrap_or("https://…/");
    Decision::new(
        "base-url",
        found,
        format!(
            "left for you: set [book] base-url = {base:?} to the address the site will have \
             (until then, links are root-relative from /)"
        ),
    )
    .at("book", None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The content folder chosen for a folder holding `files` (path, text).
    fn chosen(files: &[(&str, &str)]) -> (PathBuf, String) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let markdown = markdown_files(dir.path()).unwrap();
        let (folder, decisions) = content_folder(dir.path(), &markdown, None);
        (folder, decisions[0].to_string())
    }

    #[test]
    fn the_content_folder_is_where_most_of_the_markdown_is() {
        let tool_repository = [
            (
                "README.md",
                "# Website\n\nSee [contributing](CONTRIBUTING.md).",
            ),
            ("CONTRIBUTING.md", "# How"),
            ("docs/a.md", ""),
            ("docs/b/c.md", ""),
            ("docs/b/d.md", ""),
            ("blog/post.md", ""),
            ("node_modules/x/README.md", ""),
        ];
        let (folder, line) = chosen(&tool_repository);
        assert_eq!(folder, Path::new("docs"));
        assert_eq!(
            line,
            "content folder: docs/ (3 Markdown files; also found: blog/ (1)) -> content-dir = \"docs\""
        );
        let repository_of_guides = [
            ("README.md", "# Guides\n\n[A](solutions/a/README.md)"),
            ("solutions/a/README.md", ""),
            ("solutions/b/README.md", ""),
        ];
        assert_eq!(chosen(&repository_of_guides).0, Path::new("."));
        let nested = [("corpus/content/z.md", ""), ("corpus/content/x/y.md", "")];
        assert_eq!(chosen(&nested).0, Path::new("corpus/content"));
        let spread = [
            ("content/a/1.md", ""),
            ("content/b/2.md", ""),
            ("content/c/3.md", ""),
        ];
        assert_eq!(chosen(&spread).0, Path::new("content"));
    }

    #[test]
    fn a_docusaurus_site_one_folder_down_is_found_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("apps/website");
        std::fs::create_dir_all(site.join("docs")).unwrap();
        std::fs::create_dir_all(dir.path().join("node_modules/x")).unwrap();
        std::fs::write(dir.path().join("node_modules/x/docusaurus.config.js"), "").unwrap();
        std::fs::write(
            site.join("docusaurus.config.js"),
            "module.exports = {\n  title: 'Prep',\n  url: 'https://x.org',\n};\n",
        )
        .unwrap();
        let tool = tool_config(dir.path()).unwrap();
        assert_eq!(tool.file, "apps/website/docusaurus.config.js");
        assert_eq!(tool.content, "apps/website/docs");
        assert_eq!(tool.title.as_deref(), Some("Prep"));
    }

    #[test]
    fn hugo_s_content_mount_is_the_content_folder() {
        let toml = "title = 'Docs'\n[[module.mounts]]\nsource = 'assets'\ntarget = 'assets'\n\
                    [[module.mounts]]\nsource = 'content/en'\ntarget = 'content'\n";
        assert_eq!(mounted_content(toml).as_deref(), Some("content/en"));
        let yaml = "module:\n  mounts:\n    - source: content/fr\n      target: content\n";
        assert_eq!(mounted_content(yaml).as_deref(), Some("content/fr"));
        assert_eq!(mounted_content("title = 'x'\n"), None);
    }

    #[test]
    fn a_tool_setting_is_read_from_its_line() {
        let text = "site_name: 'My Prep'\ndocs_dir: pages  # moved\n";
        assert_eq!(setting(text, "site_name").as_deref(), Some("My Prep"));
        assert_eq!(setting(text, "docs_dir").as_deref(), Some("pages"));
        assert_eq!(
            setting("title = \"Hugo\"\n", "title").as_deref(),
            Some("Hugo")
        );
        assert_eq!(setting("path: require.resolve('x'),", "path"), None);
    }
}
