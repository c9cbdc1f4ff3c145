//! The site as the server sees it: one `Builder` (the one `check` uses) fed the editor's
//! unsaved buffers, and the conversions between the protocol's URIs and the site's paths.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use anyhow::{Context, Result};
use lsp_types::Uri;

use super::text::Text;
use crate::build::{BuildOptions, Builder, Change};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::guide::Guide;
use crate::urls::GuideId;

/// A document the editor has open.
#[derive(Debug)]
pub(crate) struct Document {
    pub uri: Uri,
    pub text: Text,
}

pub(crate) struct Workspace {
    pub builder: Builder,
    /// The site root, resolved: every path the server compares is resolved the same way.
    pub root: PathBuf,
    pub open: HashMap<PathBuf, Document>,
}

impl Workspace {
    /// Loads the site at `root` for checking (no pages are rendered).
    pub(crate) fn load(root: &Path) -> Result<Workspace> {
        let root = root
            .canonicalize()
            .with_context(|| format!("cannot find the site {}", root.display()))?;
        Ok(Workspace {
            builder: builder(&root)?,
            root,
            open: HashMap::new(),
        })
    }

    /// Every diagnostic of the site, read anew (the open buffers in place of their files).
    pub(crate) fn check_all(&mut self) -> Result<Vec<Diagnostic>> {
        Ok(self.builder.full()?.diagnostics)
    }

    /// Reads `book.toml` again: a new builder with the open buffers laid over the disk.
    pub(crate) fn reload(&mut self) -> Result<Vec<Diagnostic>> {
        self.builder = builder(&self.root)?;
        for (path, document) in &self.open {
            self.builder
                .open_buffer(path.clone(), document.text.shared());
        }
        self.check_all()
    }

    /// Every diagnostic of the site after `changed` paths changed.
    pub(crate) fn apply(
        &mut self,
        changed: impl Iterator<Item = PathBuf>,
    ) -> Result<Vec<Diagnostic>> {
        let changes: Vec<Change> = changed.map(Change::Content).collect();
        Ok(self.builder.apply(&changes)?.diagnostics)
    }

    pub(crate) fn open(&mut self, path: PathBuf, uri: Uri, text: Arc<str>) {
        self.builder.open_buffer(path.clone(), Arc::clone(&text));
        let text = Text::new(text);
        self.open.insert(path, Document { uri, text });
    }

    pub(crate) fn close(&mut self, path: &Path) {
        self.builder.close_buffer(path);
        self.open.remove(path);
    }

    pub(crate) fn content_dir(&self) -> &Path {
        &self.builder.config.content_dir
    }

    /// The guide id of a file under the content folder.
    pub(crate) fn id_of(&self, path: &Path) -> Option<GuideId> {
        crate::load::guide_id(self.content_dir(), path)
    }

    pub(crate) fn path_of_id(&self, id: &GuideId) -> PathBuf {
        self.content_dir().join(id.as_str())
    }

    /// The guide of the file at `path`, as last checked.
    pub(crate) fn guide_at(&self, path: &Path) -> Option<&Arc<Guide>> {
        self.builder.guide(&self.id_of(path)?)
    }

    /// The text of `guide` as the server knows it: the open buffer, else what was parsed.
    pub(crate) fn text_of(&self, guide: &Guide) -> Text {
        match self.open.get(&self.path_of_id(&guide.id)) {
            Some(document) => document.text.clone(),
            None => Text::new(Arc::from(guide.source.as_str())),
        }
    }

    /// The URI of the file at `path`.
    pub(crate) fn uri_of(&self, path: &Path) -> Option<Uri> {
        if let Some(document) = self.open.get(path) {
            return Some(document.uri.clone());
        }
        uri_of_path(path)
    }

    /// The path of a file the site holds, from a diagnostic's `file` (relative to the root).
    pub(crate) fn path_of_shown(&self, file: &str) -> PathBuf {
        self.root.join(file)
    }
}

fn builder(root: &Path) -> Result<Builder> {
    let config = Config::load(root)?;
    let mut builder = Builder::new(config, BuildOptions::default())?;
    builder.check_only();
    Ok(builder)
}

/// The local path a `file:` URI names, resolved as the site root is (the file itself may not
/// exist yet: its folder is resolved).
pub(crate) fn path_of_uri(uri: &Uri) -> Option<PathBuf> {
    let path = url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()?;
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return Some(path);
    };
    Some(match folder.canonicalize() {
        Ok(folder) => folder.join(name),
        Err(_) => path,
    })
}

pub(crate) fn uri_of_path(path: &Path) -> Option<Uri> {
    let url = url::Url::from_file_path(path).ok()?;
    Uri::from_str(url.as_str()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_paths_round_trip_with_escapes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().canonicalize().expect("resolved");
        let path = folder.join("a b#ü.md");
        let uri = uri_of_path(&path).expect("a URI");
        assert!(uri.as_str().starts_with("file:///"), "{}", uri.as_str());
        assert!(uri.as_str().contains("a%20b%23"), "{}", uri.as_str());
        assert_eq!(path_of_uri(&uri), Some(path));
        let web = Uri::from_str("https://example.com/x.md").expect("a URI");
        assert_eq!(path_of_uri(&web), None);
    }
}
