//! What a tool wrote: the files of its output folder, their bytes (apparent size: the files'
//! lengths, not the blocks they take) and the largest one, as static hosts count them.

use std::path::Path;

/// One output folder, measured.
pub struct Output {
    pub files: usize,
    pub bytes: u64,
    /// The largest file, by its path in the folder, and its bytes (the first by path of equals).
    pub largest: Option<(String, u64)>,
}

/// Walks `dir` (sorted, so that ties name the same file each run); symlinks are not followed.
pub fn measure(dir: &Path) -> std::io::Result<Output> {
    let mut output = Output {
        files: 0,
        bytes: 0,
        largest: None,
    };
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        let len = entry.metadata()?.len();
        output.files += 1;
        output.bytes += len;
        if output.largest.as_ref().is_none_or(|(_, most)| len > *most) {
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            output.largest = Some((relative.display().to_string(), len));
        }
    }
    Ok(output)
}

/// Bytes in decimal units, as hosts state their limits: `512 B`, `48.2 KB`, `367.1 MB`,
/// `3.62 GB`.
pub fn bytes(n: u64) -> String {
    let n = n as f64;
    if n < 1e3 {
        format!("{n} B")
    } else if n < 1e6 {
        format!("{:.1} KB", n / 1e3)
    } else if n < 1e9 {
        format!("{:.1} MB", n / 1e6)
    } else {
        format!("{:.2} GB", n / 1e9)
    }
}

/// `41870` as `41,870`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

pub fn print_header() {
    println!(
        "{:<22} {:>9} {:>11} {:>10}  largest file",
        "output", "files", "bytes", "largest"
    );
}

pub fn print_row(name: &str, output: &Output) {
    let (path, size) = output
        .largest
        .as_ref()
        .map_or(("-", "-".to_owned()), |(path, len)| {
            (path.as_str(), bytes(*len))
        });
    println!(
        "{:<22} {:>9} {:>11} {:>10}  {path}",
        name,
        count(output.files as u64),
        bytes(output.bytes),
        size,
    );
}
