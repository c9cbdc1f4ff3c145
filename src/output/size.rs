//! How much a write put in the output folder: files, bytes and the largest file, counted from
//! the files written (the site's and prepbook's manifest), for `build`'s closing line and the
//! hosts' limits ([`super::hosts`]).

use std::fmt;

use crate::diagnostic::plural;
use crate::render::SiteFiles;

/// The files a write put in the output folder, measured.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputSize {
    pub files: usize,
    /// Their bytes in all (their length, not the blocks a file system gives them).
    pub bytes: u64,
    /// The largest file, by its path in the output, and its bytes: the first by path of the
    /// largest, so that two builds of one site name the same file.
    pub largest: Option<(String, u64)>,
}

impl OutputSize {
    /// Every file of `files`, in their order (by path).
    pub(crate) fn of(files: &SiteFiles) -> OutputSize {
        let mut size = OutputSize::default();
        for (path, bytes) in &files.0 {
            size.add(path, bytes.len() as u64);
        }
        size
    }

    /// Counts one more file, written at `path` with `bytes` bytes.
    pub(crate) fn add(&mut self, path: &str, bytes: u64) {
        self.files += 1;
        self.bytes += bytes;
        if self.largest.as_ref().is_none_or(|(_, most)| bytes > *most) {
            self.largest = Some((path.to_owned(), bytes));
        }
    }
}

impl fmt::Display for OutputSize {
    /// `57 files, 1.2 MiB (largest index.html, 105.3 KiB)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}, {}",
            self.files,
            plural(self.files, "file"),
            Bytes(self.bytes)
        )?;
        match &self.largest {
            Some((path, bytes)) => write!(f, " (largest {path}, {})", Bytes(*bytes)),
            None => Ok(()),
        }
    }
}

/// A number of bytes for people, in binary units as cargo prints sizes: `512 B`, `105.3 KiB`,
/// `1.2 MiB`, `3.4 GiB`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bytes(pub u64);

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
        if self.0 < 1024 {
            return write!(f, "{} B", self.0);
        }
        let mut value = self.0 as f64 / 1024.0;
        let mut unit = 0;
        while value >= 1024.0 && unit + 1 < UNITS.len() {
            value /= 1024.0;
            unit += 1;
        }
        write!(f, "{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_count_every_file_and_name_the_first_largest() {
        let mut files = SiteFiles::default();
        files.insert("b.html".into(), vec![0; 300]).unwrap();
        files.insert("a.html".into(), vec![0; 300]).unwrap();
        files.insert("c/index.html".into(), vec![0; 10]).unwrap();
        let size = OutputSize::of(&files);
        assert_eq!((size.files, size.bytes), (3, 610));
        assert_eq!(size.largest, Some(("a.html".to_owned(), 300)));
        assert_eq!(size.to_string(), "3 files, 610 B (largest a.html, 300 B)");
        assert_eq!(OutputSize::default().to_string(), "0 files, 0 B");
    }

    #[test]
    fn bytes_read_in_binary_units() {
        assert_eq!(Bytes(1023).to_string(), "1023 B");
        assert_eq!(Bytes(1024).to_string(), "1.0 KiB");
        assert_eq!(Bytes(107_827).to_string(), "105.3 KiB");
        assert_eq!(Bytes(25 * 1024 * 1024 + 1).to_string(), "25.0 MiB");
        assert_eq!(Bytes(3_650_722_201).to_string(), "3.4 GiB");
    }
}
