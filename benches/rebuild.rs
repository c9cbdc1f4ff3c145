//! How long `Builder::apply` takes for a one-guide body edit, in process, with pages kept
//! between builds as in `serve`, and `Builder::first_pages` before it (the edited guide's
//! pages, which serve shows first): the rebuild alone, without file events, debounce or HTTP,
//! so that a profiler attached to it sees nothing else (`perf record -g` on this bench).
//!
//! The guides are those of the serve benchmark (`harness/editing.rs`): the shared realistic
//! corpus, or prepbook's synthetic one with `CORPUS=synthetic`.
//!
//! Run: `cargo bench --bench rebuild` (`SIZES=1000,10000`, `EDITS=15`). Prints one table, with
//! the CPU time of each size under it (Linux); nothing is asserted.

mod corpus;
#[path = "harness/editing.rs"]
mod editing;
#[path = "harness/realistic.rs"]
mod realistic;

use std::time::Instant;

use prepbook::{BuildOptions, Builder, Change, Config};

fn main() {
    let (sizes, edits) = editing::settings("1000,10000");
    editing::print_header("Builder::apply after a one-guide body edit, pages reused as in serve");
    for size in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let edited = editing::write_site(dir.path(), size);
        let root = dir.path().canonicalize().expect("site folder");
        let config = Config::load(&root).expect("book.toml");
        let mut builder = Builder::new(config, BuildOptions::default()).expect("builder");
        builder.reuse_pages();
        let started = Instant::now();
        builder.full().expect("first build");
        let first_build = started.elapsed();
        let target = root.join("content").join(&edited);
        let original = std::fs::read_to_string(&target).expect("read guide");
        let mut samples = Vec::with_capacity(edits);
        let mut cpu = Vec::with_capacity(edits);
        let mut first = Vec::with_capacity(edits);
        for n in 0..edits {
            std::fs::write(&target, format!("{original}\nedit number {n}\n")).expect("save");
            let changes = [Change::Content(target.clone())];
            // As serve does: the edited guide's pages first, then the rest.
            let started = Instant::now();
            let pages = builder
                .first_pages(&changes)
                .expect("first pages of a body edit");
            first.push(started.elapsed().as_secs_f64() * 1000.0);
            drop(pages);
            let (started, cpu_before) = (Instant::now(), cpu_ms());
            let outcome = builder.apply(&changes).expect("rebuild");
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
            cpu.push(cpu_ms() - cpu_before);
            assert_eq!(outcome.parsed, 1, "one guide re-parsed");
        }
        editing::print_row(size, &mut samples, first_build);
        cpu.sort_by(f64::total_cmp);
        println!(
            "{size:>8} CPU time of all threads, median: {:.1} ms",
            cpu[cpu.len() / 2]
        );
        first.sort_by(f64::total_cmp);
        println!(
            "{size:>8} Builder::first_pages before it (the edited guide's pages), median: {:.1} ms",
            first[first.len() / 2]
        );
    }
}

/// The CPU time the process's threads have had so far, in milliseconds: on a shared machine
/// it varies less with the load than wall time does.
fn cpu_ms() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    let nanos: u64 = tasks
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    nanos as f64 / 1e6
}

// The allocator of the `prepbook` binary, so that the figures are serve's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
