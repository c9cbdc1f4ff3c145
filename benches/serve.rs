//! How long from saving a guide to the browser being told to reload, with `prepbook serve`
//! (release build, real file events, the debounce window included), for sites of 100, 1,000
//! and 10,000 generated guides.
//!
//! The guides are the shared realistic corpus (`../shared/bench/gen_corpus.py`, as in the
//! build benchmark), or prepbook's synthetic ones with `CORPUS=synthetic` or without the script.
//!
//! Run: `cargo bench --bench serve` (set `SIZES=100,1000` to pick sizes, `EDITS=20` for more
//! samples). Prints one table; nothing is asserted.

mod corpus;
#[path = "harness/realistic.rs"]
mod realistic;
// The test suite's client of `prepbook serve`; the benchmark uses only part of it.
#[allow(dead_code)]
#[path = "../tests/suite/serving.rs"]
mod serving;

use std::time::{Duration, Instant};

use serving::DEBOUNCE_MS;

fn main() {
    let sizes: Vec<usize> = std::env::var("SIZES")
        .unwrap_or_else(|_| "100,1000,10000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let edits: usize = std::env::var("EDITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    println!("save → reload notification, one-guide body edit, debounce {DEBOUNCE_MS} ms included");
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>10} {:>12}",
        "guides", "min ms", "median ms", "p90 ms", "max ms", "first build"
    );
    for size in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let edited = write_site(dir.path(), size);
        let started = Instant::now();
        let server = serving::Server::start(dir.path(), &[]);
        // The address is printed once the first build is served.
        let first_build = started.elapsed();
        let mut events = server.events();
        let mut samples = Vec::with_capacity(edits);
        let target = dir.path().join("content").join(&edited);
        let original = std::fs::read_to_string(&target).expect("read guide");
        let page = format!("/{}", edited.replace(".md", "/"));
        for n in 0..edits {
            let marker = format!("edit number {n} of {size}");
            // A new last paragraph: the body changes, the front matter and links do not.
            let text = format!("{original}\n{marker}\n");
            let started = Instant::now();
            std::fs::write(&target, text).expect("save");
            // The first reload whose page shows this edit; an earlier event that arrives late
            // belongs to an earlier save and does not count.
            loop {
                events.next_reload(Duration::from_secs(60));
                let elapsed = started.elapsed();
                if server.get(&page).body.contains(&marker) {
                    samples.push(elapsed.as_secs_f64() * 1000.0);
                    break;
                }
            }
            // Let the watcher settle so that edits do not merge into one burst.
            std::thread::sleep(Duration::from_millis(200));
        }
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
        drop(server);
    }
}

/// Writes a site of `size` guides into `root` and returns the path of the guide to edit
/// (relative to `content/`): the middle one.
fn write_site(root: &std::path::Path, size: usize) -> String {
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
