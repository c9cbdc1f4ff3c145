//! How long from saving a guide to the browser being told to reload, with `prepbook serve`
//! (release build, real file events, the debounce window included), for sites of 100, 1,000
//! and 10,000 generated guides; and how long until the whole site is current again (a
//! request for a page the edit does not make is answered once the rest is rebuilt).
//!
//! The guides are the shared realistic corpus (`../shared/bench/gen_corpus.py`, as in the
//! build benchmark), or prepbook's synthetic ones with `CORPUS=synthetic` or without the script.
//!
//! Run: `cargo bench --bench serve` (set `SIZES=100,1000` to pick sizes, `EDITS=20` for more
//! samples). Prints one table; nothing is asserted.

mod corpus;
#[path = "harness/editing.rs"]
mod editing;
#[path = "harness/realistic.rs"]
mod realistic;
// The test suite's client of `prepbook serve`; the benchmark uses only part of it.
#[allow(dead_code)]
#[path = "../tests/suite/serving.rs"]
mod serving;

use std::time::{Duration, Instant};

use serving::DEBOUNCE_MS;

fn main() {
    let (sizes, edits) = editing::settings("100,1000,10000");
    editing::print_header(&format!(
        "save → reload notification, one-guide body edit, debounce {DEBOUNCE_MS} ms included"
    ));
    for size in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let edited = editing::write_site(dir.path(), size);
        let started = Instant::now();
        let server = serving::Server::start(dir.path(), &[]);
        // The address is printed once the first build is served.
        let first_build = started.elapsed();
        let mut events = server.events();
        let mut samples = Vec::with_capacity(edits);
        let mut whole = Vec::with_capacity(edits);
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
            // The home page is not the edited guide's: the server answers for it once the
            // whole site is current again.
            let _ = server.get("/");
            whole.push(started.elapsed().as_secs_f64() * 1000.0);
            // Let the watcher settle so that edits do not merge into one burst.
            std::thread::sleep(Duration::from_millis(200));
        }
        editing::print_row(size, &mut samples, first_build);
        whole.sort_by(f64::total_cmp);
        println!(
            "{size:>8} until the whole site is current (a request for another page is answered), median: {:.1} ms",
            whole[whole.len() / 2]
        );
        drop(server);
    }
}
