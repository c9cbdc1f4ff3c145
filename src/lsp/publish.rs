//! prepbook's diagnostics as the protocol's, published per file: a file's list is sent when it
//! changes (a site-wide problem such as a link broken by a rename reaches the file that holds
//! the link) and an empty list clears a file whose problems are gone.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use lsp_types::{
    DiagnosticSeverity, NumberOrString, Position, PublishDiagnosticsParams, Range, Uri,
};

use super::text::Encoding;
use super::workspace::Workspace;
use crate::diagnostic::{Diagnostic, Severity};

/// What each file was last sent, so that only changes go out.
#[derive(Debug, Default)]
pub(crate) struct Published {
    /// By the file as diagnostics name it, in order: the path it was sent for, prepbook's
    /// diagnostics and what they were sent as. A file whose diagnostics are those of last
    /// time is not converted again, and the two lists are walked side by side, so that a
    /// keystroke costs one comparison per diagnostic of the site, not a lookup per file.
    sent: Vec<(String, Sent)>,
}

#[derive(Debug)]
struct Sent {
    path: PathBuf,
    diagnostics: Vec<Diagnostic>,
    converted: Vec<lsp_types::Diagnostic>,
}

/// The notifications that bring the client in line with a check.
#[derive(Debug, Default)]
pub(crate) struct Publication {
    /// The edited files' lists, which the client waits for: sent at once.
    pub now: Vec<PublishDiagnosticsParams>,
    /// The other files' lists whose diagnostics changed: a whole site's can be thousands of
    /// messages, sent while the author is not typing.
    pub later: Vec<PublishDiagnosticsParams>,
}

impl Published {
    /// The notifications that bring the client in line with `diagnostics`: every file whose
    /// list changed, and the files in `always` (just edited: the client waits for their list).
    pub(crate) fn update(
        &mut self,
        workspace: &Workspace,
        diagnostics: &[Diagnostic],
        always: &HashSet<PathBuf>,
        encoding: Encoding,
    ) -> Publication {
        let listed = in_file_order(diagnostics);
        let now: Vec<(&str, &[&Diagnostic])> = listed
            .chunk_by(|a, b| a.file == b.file)
            .map(|run| (run[0].file.as_str(), run))
            .collect();
        let has = |file: &str| now.binary_search_by(|(f, _)| (*f).cmp(file)).is_ok();
        let (mut first, mut out) = (Vec::new(), Vec::new());
        // The edited files as diagnostics name them, so that the site's other files are not
        // given a path unless their list changed.
        let mut edited: HashMap<&str, &PathBuf> = HashMap::new();
        for path in always {
            let shown = path
                .strip_prefix(&workspace.root)
                .ok()
                .and_then(Path::to_str);
            match shown.filter(|file| has(file)) {
                Some(file) => {
                    edited.insert(file, path);
                }
                None => first.extend(params(workspace, path, Vec::new())),
            }
        }
        let mut before = std::mem::take(&mut self.sent).into_iter().peekable();
        let cleared = |(_, sent): (String, Sent)| params(workspace, &sent.path, Vec::new());
        for (file, list) in now {
            // The files sent a list before this one that have none now: cleared.
            while let Some(gone) = before.next_if(|(sent, _)| sent.as_str() < file) {
                out.extend(cleared(gone));
            }
            let last = before.next_if(|(sent, _)| sent == file);
            if let Some((name, sent)) = last
                && sent.diagnostics.iter().eq(list.iter().copied())
            {
                if edited.contains_key(file) {
                    first.extend(params(workspace, &sent.path, sent.converted.clone()));
                }
                self.sent.push((name, sent));
                continue;
            }
            let path = workspace.path_of_shown(file);
            let converted: Vec<lsp_types::Diagnostic> =
                list.iter().map(|d| convert(d, encoding)).collect();
            let sent_to = match edited.contains_key(file) {
                true => &mut first,
                false => &mut out,
            };
            sent_to.extend(params(workspace, &path, converted.clone()));
            let diagnostics = list.iter().map(|d| (*d).clone()).collect();
            let sent = Sent {
                path,
                diagnostics,
                converted,
            };
            self.sent.push((file.to_owned(), sent));
        }
        out.extend(before.filter_map(cleared));
        Publication {
            now: first,
            later: out,
        }
    }
}

/// The diagnostics that name a file, by file: a build gives them in that order, and they are
/// sorted (stably) otherwise.
fn in_file_order(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut listed: Vec<&Diagnostic> = diagnostics.iter().filter(|d| !d.file.is_empty()).collect();
    if !listed.is_sorted_by(|a, b| a.file <= b.file) {
        listed.sort_by(|a, b| a.file.cmp(&b.file));
    }
    listed
}

fn params(
    workspace: &Workspace,
    path: &Path,
    diagnostics: Vec<lsp_types::Diagnostic>,
) -> Option<PublishDiagnosticsParams> {
    let uri: Uri = workspace.uri_of(path)?;
    Some(PublishDiagnosticsParams {
        uri,
        diagnostics,
        version: None,
    })
}

/// One diagnostic as the protocol's: same code, severity and message, the help after it.
pub(crate) fn convert(diagnostic: &Diagnostic, encoding: Encoding) -> lsp_types::Diagnostic {
    let message = match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    lsp_types::Diagnostic {
        range: range(diagnostic, encoding),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.to_owned())),
        source: Some("prepbook".to_owned()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}

/// Where the diagnostic points, counted in the client's units on its own line; the top of the
/// file when it has no position.
fn range(diagnostic: &Diagnostic, encoding: Encoding) -> Range {
    let line = diagnostic.line.map_or(0, |line| {
        u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX)
    });
    let (start, end) = match (&diagnostic.excerpt, diagnostic.column) {
        (Some(excerpt), Some(column)) => {
            let text = excerpt.line_text();
            (
                encoding.character(text, column),
                encoding.character(text, column + diagnostic.length),
            )
        }
        _ => (0, 0),
    };
    Range {
        start: Position::new(line, start),
        end: Position::new(line, end),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::diagnostic::rules;

    #[test]
    fn columns_in_characters_become_utf16_units() {
        let source = "---\ntitle: x\n---\n𝄞 é [a](missing.md)\n";
        let d = rules::BROKEN_LINK
            .report("content/x.md", "no guide")
            .with_help("did you mean `y`?")
            .at(source, 4, 5)
            .spanning(15);
        let lsp = convert(&d, Encoding::Utf16);
        assert_eq!(lsp.range.start, Position::new(3, 5));
        assert_eq!(lsp.range.end, Position::new(3, 20));
        let utf8 = convert(&d, Encoding::Utf8);
        assert_eq!(utf8.range.start, Position::new(3, 8));
        assert_eq!(lsp.code, Some(NumberOrString::String("broken-link".into())));
        assert_eq!(lsp.severity, Some(DiagnosticSeverity::ERROR));
        assert_eq!(lsp.message, "no guide\nhelp: did you mean `y`?");
    }

    /// A site of three guides, each with a broken link, loaded as the server loads it.
    pub(in crate::lsp) fn workspace() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("book.toml"),
            "[book]\ntitle = \"T\"\n\n[checks]\nrequired = []\n",
        )
        .expect("book.toml");
        std::fs::create_dir_all(dir.path().join("content")).expect("content");
        for name in ["a", "b", "c"] {
            std::fs::write(
                dir.path().join(format!("content/{name}.md")),
                format!("---\ntitle: {name}\n---\n\nSee [x](missing-{name}.md).\n"),
            )
            .expect("guide");
        }
        let workspace = Workspace::load(dir.path()).expect("the site loads");
        (dir, workspace)
    }

    fn files(sent: &Publication) -> Vec<String> {
        sent.now
            .iter()
            .chain(&sent.later)
            .map(|p| {
                p.uri
                    .as_str()
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn edited_files_go_first_and_unchanged_lists_are_not_sent_again() {
        let (_dir, mut workspace) = workspace();
        let diagnostics = workspace.check_all().expect("checked");
        let mut published = Published::default();
        let edited = HashSet::from([workspace.root.join("content/c.md")]);
        let sent = published.update(&workspace, &diagnostics, &edited, Encoding::Utf16);
        assert_eq!(files(&sent), ["c.md", "a.md", "b.md"]);
        assert_eq!(
            sent.now.len(),
            1,
            "only the edited file's list is sent at once"
        );
        // The same again: only the edited file's list, which the client waits for.
        let sent = published.update(&workspace, &diagnostics, &edited, Encoding::Utf16);
        assert_eq!(files(&sent), ["c.md"]);
        // b's problem gone: b is cleared, a and c are left alone.
        let fewer: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| !d.file.ends_with("b.md"))
            .cloned()
            .collect();
        let sent = published.update(&workspace, &fewer, &HashSet::new(), Encoding::Utf16);
        assert_eq!(files(&sent), ["b.md"]);
        assert!(sent.later[0].diagnostics.is_empty());
    }
}
