//! The site the serve and rebuild benchmarks edit: the shared realistic corpus, or prepbook's
//! synthetic one with `CORPUS=synthetic` or without the script.

use std::path::Path;

use crate::{corpus, realistic};

/// Writes a site of `size` guides into `root` and returns the path of the guide to edit
/// (relative to `content/`): the middle one.
pub fn write_site(root: &Path, size: usize) -> String {
    let script =
        realistic::script().filter(|_| std::env::var("CORPUS").as_deref() != Ok("synthetic"));
    let Some(script) = script else {
        corpus::generate(root, size).expect("generate the corpus");
        return corpus::guide_path(size / 2);
    };
    realistic::prepbook_site(&script, size, root).expect("generate the corpus");
    let guides = root.join("content/guides");
    let mut names: Vec<String> = std::fs::read_dir(&guides)
        .expect("guides folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    format!("guides/{}", names[names.len() / 2])
}

/// The sizes (`SIZES`, else `default`) and the number of edits per size (`EDITS`, else 15).
pub fn settings(default: &str) -> (Vec<usize>, usize) {
    let sizes = std::env::var("SIZES")
        .unwrap_or_else(|_| default.to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let edits = std::env::var("EDITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    (sizes, edits)
}

/// The table's title line and header.
pub fn print_header(title: &str) {
    println!("{title}");
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>10} {:>12}",
        "guides", "min ms", "median ms", "p90 ms", "max ms", "first build"
    );
}

/// One row: the spread of `samples` (milliseconds) for a site of `size` guides.
pub fn print_row(size: usize, samples: &mut [f64], first_build: std::time::Duration) {
    samples.sort_by(f64::total_cmp);
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{:>8} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>10.0}ms",
        size,
        samples[0],
        pick(0.5),
        pick(0.9),
        samples[samples.len() - 1],
        first_build.as_secs_f64() * 1000.0
    );
}
