//! Two floors under any generator of the same site, each run as a process of its own (this
//! benchmark's binary again, told which floor by `PREPBOOK_BENCH_FLOOR`) so that it is timed
//! like the tools:
//! - `io`: read every input file and write every byte of prepbook's output (same paths, same
//!   sizes), with no rendering at all;
//! - `markdown`: read every input file and turn it into HTML with pulldown-cmark alone (the
//!   options prepbook uses), written nowhere.
//!
//! Both use every core through rayon, as prepbook does.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Job;

const FLOOR: &str = "PREPBOOK_BENCH_FLOOR";
const INPUT: &str = "PREPBOOK_BENCH_INPUT";
const MANIFEST: &str = "PREPBOOK_BENCH_MANIFEST";

/// The io floor's job: it reads `input` and writes into `out` the files `manifest` lists.
pub fn io_job(input: &Path, manifest: &Path, out: &Path) -> Job {
    self_job("io", input)
        .env(MANIFEST, manifest.as_os_str())
        .out(out)
}

pub fn markdown_job(input: &Path) -> Job {
    self_job("markdown", input)
}

fn self_job(floor: &str, input: &Path) -> Job {
    Job::new(std::env::current_exe().expect("the benchmark's own path"))
        .env(FLOOR, floor)
        .env(INPUT, input.as_os_str())
}

/// Runs the floor this process was started for, if any (then the process has nothing else to
/// do); `args` are the process's arguments, the io floor's output folder last.
pub fn run_if_asked() -> bool {
    let Some(floor) = std::env::var_os(FLOOR) else {
        return false;
    };
    let input = PathBuf::from(std::env::var_os(INPUT).expect("input folder"));
    match floor.to_str() {
        Some("io") => {
            let manifest = std::env::var_os(MANIFEST).expect("manifest");
            let out = std::env::args_os().last().expect("output folder");
            io(&input, Path::new(&manifest), Path::new(&out)).expect("io floor");
        }
        Some("markdown") => markdown(&input).expect("markdown floor"),
        other => panic!("unknown floor {other:?}"),
    }
    true
}

/// Records the files of a built site as `size<TAB>path` lines, for the io floor.
pub fn write_manifest(built: &Path, manifest: &Path) -> std::io::Result<()> {
    let mut list = std::io::BufWriter::new(std::fs::File::create(manifest)?);
    for entry in walkdir::WalkDir::new(built) {
        let entry = entry?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(built).unwrap_or(entry.path());
            writeln!(list, "{}\t{}", entry.metadata()?.len(), relative.display())?;
        }
    }
    list.flush()
}

fn inputs(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn io(input: &Path, manifest: &Path, out: &Path) -> std::io::Result<()> {
    let read: u64 = inputs(input)
        .par_iter()
        .map(|p| std::fs::read(p).map(|b| b.len() as u64))
        .sum::<std::io::Result<u64>>()?;
    std::hint::black_box(read);
    let list = std::fs::read_to_string(manifest)?;
    let files: Vec<(usize, PathBuf)> = list
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter_map(|(size, path)| Some((size.parse().ok()?, out.join(path))))
        .collect();
    // Folders first, then the files in parallel, as prepbook writes.
    for (_, path) in &files {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
    }
    files
        .par_iter()
        .try_for_each(|(size, path)| std::fs::write(path, vec![b'x'; *size]))
}

fn markdown(input: &Path) -> std::io::Result<()> {
    use pulldown_cmark::{Options, Parser, html};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let bytes: usize = inputs(input)
        .par_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let text = std::fs::read_to_string(p)?;
            let mut page = String::with_capacity(text.len() * 2);
            html::push_html(&mut page, Parser::new_ext(&text, options));
            Ok(page.len())
        })
        .sum::<std::io::Result<usize>>()?;
    std::hint::black_box(bytes);
    Ok(())
}
