//! prepbook's mark on an output folder: a manifest of the files it wrote there.
//!
//! The manifest is what makes writing into an existing folder safe: a file listed in it was
//! written by prepbook and may be replaced or removed by the next build; anything else belongs
//! to someone else and is never touched.
//!
//! It is written gzipped: a list of every file grows with the site (about 100 bytes a guide),
//! and the output's own files must stay small for static hosts (a 100,000-guide site's plain
//! list would be over 5 MB, gzipped it is about a tenth of that). A plain list, as earlier
//! builds wrote it, is still read.

use std::collections::BTreeSet;
use std::path::Path;

use std::io::{Read as _, Write as _};

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
        Self::of_paths(files.0.keys().cloned())
    }

    /// The manifest of a site of the files at `paths`, and the manifest itself.
    pub(crate) fn of_paths(paths: impl IntoIterator<Item = String>) -> Manifest {
        let mut paths: BTreeSet<String> = paths.into_iter().collect();
        paths.insert(FILE_NAME.to_owned());
        Manifest(paths)
    }

    /// The manifest in `dir`, or `None` when the folder carries no mark of prepbook's.
    pub(crate) fn read(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(FILE_NAME);
        let text = match std::fs::read(&path) {
            Ok(bytes) => decode(&bytes),
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

    /// The manifest's text: the header, then one path a line.
    fn text(&self) -> String {
        let mut text = String::with_capacity(self.0.iter().map(|p| p.len() + 1).sum::<usize>());
        text.push_str(HEADER);
        text.push('\n');
        for path in &self.0 {
            text.push_str(path);
            text.push('\n');
        }
        text
    }

    /// The bytes of the manifest file: its text, gzipped.
    pub(crate) fn render(&self) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        // Writing to memory cannot fail.
        let _ = encoder.write_all(self.text().as_bytes());
        encoder.finish().unwrap_or_default()
    }

    /// Whether it lists no file but itself: the mark a staging folder carries until its build
    /// lists what it wrote.
    pub(crate) fn lists_nothing(&self) -> bool {
        self.0.iter().all(|path| path == FILE_NAME)
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
}

/// A manifest file's text: gunzipped, or as it is when it is not gzip (an earlier build's plain
/// list). Bytes that do not decode give a text without the header: no mark.
fn decode(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut text = String::new();
        return match flate2::read::GzDecoder::new(bytes).read_to_string(&mut text) {
            Ok(_) => text,
            Err(_) => String::new(),
        };
    }
    String::from_utf8_lossy(bytes).into_owned()
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
        let back = Manifest::parse(&decode(&manifest.render())).unwrap();
        assert_eq!(back, manifest);
        // A plain list, as earlier builds wrote it, reads the same.
        assert_eq!(
            Manifest::parse(&decode(manifest.text().as_bytes())),
            Some(manifest.clone())
        );
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
        assert_eq!(Manifest::parse(&decode(&[0x1f, 0x8b, 0, 1])), None);
    }
}
