//! prepbook's mark on an output folder: a manifest of the files it wrote there.
//!
//! The manifest is what makes writing into an existing folder safe: a file listed in it was
//! written by prepbook and may be replaced or removed by the next build; anything else belongs
//! to someone else and is never touched.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};

use super::SiteFiles;

/// The manifest's file name, at the top of the output folder.
pub(crate) const FILE_NAME: &str = ".prepbook-output";

/// The first line of every manifest: a file of that name without it is not prepbook's.
const HEADER: &str = "# prepbook output: the files prepbook wrote here; it replaces or removes \
                      only these, and keeps everything else";

/// The output-relative paths (`guides/x/index.html`) of the files prepbook wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Manifest(BTreeSet<String>);

impl Manifest {
    /// The manifest of a site about to be written: its files, and the manifest itself.
    pub(crate) fn of(files: &SiteFiles) -> Manifest {
        let mut paths: BTreeSet<String> = files.0.keys().cloned().collect();
        paths.insert(FILE_NAME.to_owned());
        Manifest(paths)
    }

    /// The manifest in `dir`, or `None` when the folder carries no mark of prepbook's.
    pub(crate) fn read(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(FILE_NAME);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => {
                return Err(err).with_context(|| format!("cannot read {}", path.display()));
            }
        };
        Ok(Self::parse(&text))
    }

    fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return None;
        }
        let mut paths: BTreeSet<String> = lines
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
        paths.insert(FILE_NAME.to_owned());
        Some(Manifest(paths))
    }

    /// The length of the manifest of `files` as [`Manifest::render`] writes it, without making
    /// it: what the manifest adds to the output.
    pub(crate) fn rendered_len(files: &SiteFiles) -> u64 {
        let line = |path: &str| path.len() as u64 + 1;
        line(HEADER) + line(FILE_NAME) + files.0.keys().map(|p| line(p)).sum::<u64>()
    }

    pub(crate) fn render(&self) -> String {
        let mut text = String::with_capacity(self.0.iter().map(|p| p.len() + 1).sum::<usize>());
        text.push_str(HEADER);
        text.push('\n');
        for path in &self.0 {
            text.push_str(path);
            text.push('\n');
        }
        text
    }

    pub(crate) fn contains(&self, path: &str) -> bool {
        self.0.contains(path)
    }

    /// Whether some listed file lies inside the folder `dir`.
    pub(crate) fn has_under(&self, dir: &str) -> bool {
        let prefix = format!("{dir}/");
        self.0
            .range(prefix.clone()..)
            .next()
            .is_some_and(|p| p.starts_with(&prefix))
    }

    /// Every path listed in either manifest: what an interrupted in-place update may have left.
    pub(crate) fn union(&self, other: &Manifest) -> Manifest {
        Manifest(self.0.union(&other.0).cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_what_it_lists() {
        let mut files = SiteFiles::default();
        files.insert("index.html".into(), "x").unwrap();
        files.insert("guides/a/index.html".into(), "x").unwrap();
        let manifest = Manifest::of(&files);
        let text = manifest.render();
        assert_eq!(Manifest::rendered_len(&files), text.len() as u64);
        let back = Manifest::parse(&text).unwrap();
        assert_eq!(back, manifest);
        assert!(back.contains("guides/a/index.html"));
        assert!(back.contains(FILE_NAME));
        assert!(back.has_under("guides"));
        assert!(back.has_under("guides/a"));
        assert!(!back.has_under("guide"));
        assert!(!back.has_under("index.html"));
    }

    #[test]
    fn a_file_without_the_header_is_no_mark() {
        assert_eq!(Manifest::parse("index.html\n"), None);
        assert_eq!(Manifest::parse(""), None);
    }
}
