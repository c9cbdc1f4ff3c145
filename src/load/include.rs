//! mdBook's directives: `{{#include file}}` (whole, `:anchor`, `:2:10`, `::10`, `:2:`, `:5`),
//! `{{#rustdoc_include …}}` (the same lines) and `{{#title …}}`. The files they name are read
//! here, with the guide, so that the parse stays pure: each directive's text is resolved to
//! what it stands for, or to why it cannot be (a file missing or outside the site, an anchor
//! not in it), which the parse reports at the directive's line. What is read is part of the
//! guide's hash, so an edit of an included file is an edit of the guides that include it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How deep included files may include others, as mdBook allows.
const MAX_DEPTH: usize = 10;

/// What one directive stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// The included lines (without mdBook's `ANCHOR` marker lines), with their own
    /// directives expanded.
    Text(String),
    /// `{{#title …}}`: the page's title.
    Title(String),
    /// Why the directive cannot be expanded: it stays in the page as written.
    Failed(String),
}

/// The directives of one guide, by their text between `{{#` and `}}`, and the files read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Includes {
    pub resolved: BTreeMap<String, Resolved>,
    /// The files read, resolved: a change to one of them is a change of this guide.
    pub files: Vec<PathBuf>,
}

impl Includes {
    pub(crate) fn is_empty(&self) -> bool {
        self.resolved.is_empty()
    }
}

/// One directive in a text: its byte range (`{{#` to `}}`) and its inner text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directive<'a> {
    pub start: usize,
    pub end: usize,
    pub inner: &'a str,
}

/// The directives of `text`, in order: `{{#include …}}`, `{{#rustdoc_include …}}` and
/// `{{#title …}}` on one line; one escaped as `\{{#…}}` is none.
pub(crate) fn directives(text: &str) -> Vec<Directive<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("{{#").map(|i| from + i) {
        from = at + 3;
        if text[..at].ends_with('\\') {
            continue;
        }
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let Some(close) = text[at..line_end].find("}}").map(|i| at + i) else {
            continue;
        };
        let inner = text[at + 3..close].trim();
        let name = inner.split_whitespace().next().unwrap_or_default();
        if matches!(name, "include" | "rustdoc_include" | "title") {
            found.push(Directive {
                start: at,
                end: close + 2,
                inner,
            });
            from = close + 2;
        }
    }
    found
}

/// Resolves the directives of `text`, the guide at `file` in the site at `root` (a site
/// whose guides use none costs one search of the text).
pub(crate) fn resolve(root: &Path, file: &Path, text: &str) -> Includes {
    let mut includes = Includes::default();
    if !text.contains("{{#") {
        return includes;
    }
    let Ok(real_root) = std::fs::canonicalize(root) else {
        return includes;
    };
    let base = file.parent().unwrap_or(root);
    for directive in directives(text) {
        if includes.resolved.contains_key(directive.inner) {
            continue;
        }
        let resolved = one(&real_root, base, directive.inner, 0, &mut includes.files);
        includes
            .resolved
            .insert(directive.inner.to_owned(), resolved);
    }
    includes.files.sort();
    includes.files.dedup();
    includes
}

/// What the directive `inner` stands for, relative to the folder `base`.
fn one(
    real_root: &Path,
    base: &Path,
    inner: &str,
    depth: usize,
    read: &mut Vec<PathBuf>,
) -> Resolved {
    let (name, argument) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    let argument = argument.trim();
    if name == "title" {
        return Resolved::Title(argument.to_owned());
    }
    if argument.is_empty() {
        return Resolved::Failed(format!("`{{{{#{name}}}}}` names no file"));
    }
    match included(real_root, base, argument, depth, read) {
        Ok(text) => Resolved::Text(text),
        Err(why) => Resolved::Failed(why),
    }
}

/// The lines `argument` (`path`, `path:anchor`, `path:from:to`) names, their own
/// directives expanded.
fn included(
    real_root: &Path,
    base: &Path,
    argument: &str,
    depth: usize,
    read: &mut Vec<PathBuf>,
) -> Result<String, String> {
    let (path, selection) = argument.split_once(':').unwrap_or((argument, ""));
    let target = base.join(path);
    let real = std::fs::canonicalize(&target).map_err(|_| format!("`{path}` does not exist"))?;
    if !real.starts_with(real_root) {
        return Err(format!(
            "`{path}` lies outside the site: only files inside the site folder are included"
        ));
    }
    let text = std::fs::read_to_string(&real)
        .map_err(|err| format!("`{path}` cannot be read as text: {err}"))?;
    read.push(real.clone());
    let lines = select(&text, selection).map_err(|why| format!("`{path}`: {why}"))?;
    if depth + 1 >= MAX_DEPTH || !lines.contains("{{#") {
        return Ok(lines);
    }
    let folder = real.parent().unwrap_or(real_root);
    expand_nested(real_root, folder, &lines, depth + 1, read)
}

/// `text` with its own directives replaced by what they stand for; a failure inside is the
/// failure of the directive that included it.
fn expand_nested(
    real_root: &Path,
    base: &Path,
    text: &str,
    depth: usize,
    read: &mut Vec<PathBuf>,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for directive in directives(text) {
        out.push_str(&text[last..directive.start]);
        match one(real_root, base, directive.inner, depth, read) {
            Resolved::Text(lines) => out.push_str(&lines),
            Resolved::Title(_) => {}
            Resolved::Failed(why) => return Err(why),
        }
        last = directive.end;
    }
    out.push_str(&text[last..]);
    Ok(out)
}

/// The lines of `text` that `selection` names: all (``), an anchor (`name`), one line (`5`) or
/// a range (`2:10`, `:10`, `2:`), 1-based and inclusive, as mdBook counts them; without
/// `ANCHOR:`/`ANCHOR_END:` marker lines and the final line break.
fn select(text: &str, selection: &str) -> Result<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let chosen: Vec<&str> = if selection.is_empty() {
        lines
    } else if selection.starts_with(|c: char| c.is_ascii_digit() || c == ':') {
        let (from, to) = match selection.split_once(':') {
            Some((from, to)) => (number(from)?, number(to)?),
            None => {
                let line = number(selection)?;
                (line, line)
            }
        };
        let from = from.unwrap_or(1).max(1) - 1;
        let to = to.unwrap_or(lines.len()).min(lines.len());
        lines.get(from..to.max(from)).unwrap_or_default().to_vec()
    } else {
        anchored(&lines, selection)?
    };
    let kept: Vec<&str> = chosen.into_iter().filter(|l| !is_marker(l)).collect();
    Ok(kept.join("\n"))
}

/// A line number of a range, or none where it is left open.
fn number(text: &str) -> Result<Option<usize>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| format!("`{text}` is not a line number"))
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`.
fn anchored<'a>(lines: &[&'a str], name: &str) -> Result<Vec<&'a str>, String> {
    let marks = |line: &str, mark: &str| {
        line.split(mark)
            .nth(1)
            .is_some_and(|rest| rest.split_whitespace().next() == Some(name))
    };
    let start = lines
        .iter()
        .position(|l| marks(l, "ANCHOR:"))
        .ok_or_else(|| format!("no `ANCHOR: {name}` in the file"))?;
    let end = lines[start + 1..]
        .iter()
        .position(|l| marks(l, "ANCHOR_END:"))
        .map_or(lines.len(), |i| start + 1 + i);
    Ok(lines[start + 1..end].to_vec())
}

fn is_marker(line: &str) -> bool {
    line.contains("ANCHOR:") || line.contains("ANCHOR_END:")
}

#[cfg(test)]
mod tests {
    use super::*;

    const LISTING: &str = "use std::fmt;\n// ANCHOR: counter\nstruct Counter {\n    n: u32,\n}\n\
                           // ANCHOR: new\nfn new() {}\n// ANCHOR_END: new\n// ANCHOR_END: counter\nfn main() {}\n";

    #[test]
    fn lines_are_chosen_as_mdbook_chooses_them() {
        assert_eq!(
            select(LISTING, "counter").unwrap(),
            "struct Counter {\n    n: u32,\n}\nfn new() {}"
        );
        assert_eq!(select(LISTING, "new").unwrap(), "fn new() {}");
        assert_eq!(select(LISTING, "1").unwrap(), "use std::fmt;");
        assert_eq!(
            select(LISTING, "3:4").unwrap(),
            "struct Counter {\n    n: u32,"
        );
        assert_eq!(select(LISTING, ":1").unwrap(), "use std::fmt;");
        assert_eq!(select(LISTING, "10:").unwrap(), "fn main() {}");
        assert!(
            select(LISTING, "missing")
                .unwrap_err()
                .contains("ANCHOR: missing")
        );
        assert!(select(LISTING, "2:x").is_err());
    }

    #[test]
    fn directives_are_found_on_their_line_and_escapes_are_not() {
        let text = "a {{#include x.rs:2:3}} b\n\\{{#include no.rs}}\n{{#title  T }}\n{{#other y}}\n{{#include\nz}}";
        let inner: Vec<&str> = directives(text).iter().map(|d| d.inner).collect();
        assert_eq!(inner, ["include x.rs:2:3", "title  T"]);
    }

    #[test]
    fn files_are_read_inside_the_site_only() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        let site = tempfile::tempdir().unwrap();
        let src = site.path().join("src");
        std::fs::create_dir_all(src.join("listings")).unwrap();
        std::fs::write(src.join("listings/a.rs"), LISTING).unwrap();
        std::fs::write(
            src.join("part.md"),
            "Shared {{#include listings/a.rs:new}}\n",
        )
        .unwrap();
        let secret = outside.path().join("secret.txt");
        let text = format!(
            "{{{{#include listings/a.rs:new}}}}\n{{{{#include part.md}}}}\n{{{{#include {}}}}}\n\
             {{{{#include gone.rs}}}}\n{{{{#title The page}}}}\n",
            secret.display()
        );
        let found = resolve(site.path(), &src.join("guide.md"), &text);
        let get = |key: &str| found.resolved.get(key).cloned();
        assert_eq!(
            get("include listings/a.rs:new"),
            Some(Resolved::Text("fn new() {}".into()))
        );
        assert_eq!(
            get("include part.md"),
            Some(Resolved::Text("Shared fn new() {}".into()))
        );
        let outside_key = format!("include {}", secret.display());
        assert!(
            matches!(get(&outside_key), Some(Resolved::Failed(why)) if why.contains("outside the site"))
        );
        assert!(
            matches!(get("include gone.rs"), Some(Resolved::Failed(why)) if why.contains("does not exist"))
        );
        assert_eq!(
            get("title The page"),
            Some(Resolved::Title("The page".into()))
        );
        assert_eq!(found.files.len(), 2, "{:?}", found.files);
    }
}
