//! Clean-build cost of prepbook against its peers on the same guides, measured side by side in
//! one run, interleaved so that a noisy moment of the machine hits every tool alike: median
//! wall time, CPU (user + sys of the process) and peak RSS per tool, their ratios to prepbook's
//! build, and the time per guide; with two floors (reading and writing the bytes alone, and
//! pulldown-cmark alone) and the adversarial inputs' timings. Then what each tool wrote (files,
//! bytes, the largest file) and the targets of issue 22 judged on prepbook's figures.
//!
//! Run: `cargo bench --bench build` (`SIZES=1000,10000`, `RUNS=3`; `CORPUS=synthetic` for
//! prepbook's own generated guides instead of `../shared/bench/gen_corpus.py`'s realistic
//! ones). Peers not on PATH (Hugo, Zola, mdBook) are skipped with a note. Corpora and outputs
//! go to /dev/shm when it exists. Prints tables; nothing is asserted.

#[path = "corpus/adversarial.rs"]
mod adversarial;
mod corpus;
mod harness;

use std::path::Path;

use harness::peers::{Corpus, Peer};
use harness::{Job, Row, Sample, floors, output, realistic, targets};

const PREPBOOK: &str = env!("CARGO_BIN_EXE_prepbook");

fn main() {
    if floors::run_if_asked() {
        return;
    }
    let sizes: Vec<usize> = std::env::var("SIZES")
        .unwrap_or_else(|_| "1000,10000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let corpus = chosen_corpus();
    let peers = Peer::installed();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("clean builds, median of {runs} runs after a warm-up, {cores} cores");
    for size in sizes {
        measure_size(&corpus, &peers, size, runs);
    }
    measure_adversarial(runs);
    for peer in [Peer::Hugo, Peer::Zola, Peer::MdBook] {
        if !peers.contains(&peer) {
            println!("{} is not on PATH: skipped", peer.name());
        }
    }
}

fn chosen_corpus() -> Corpus {
    if std::env::var("CORPUS").is_ok_and(|c| c == "synthetic") {
        println!("corpus: prepbook's synthetic guides (benches/corpus)");
        return Corpus::Synthetic;
    }
    match realistic::script() {
        Some(script) => {
            println!("corpus: {} (realistic)", script.display());
            Corpus::Realistic(script)
        }
        None => {
            println!("corpus: gen_corpus.py not found (set GEN_CORPUS): synthetic guides");
            Corpus::Synthetic
        }
    }
}

/// One table: every tool and floor on `size` guides.
fn measure_size(corpus: &Corpus, peers: &[Peer], size: usize, runs: usize) {
    let dir = harness::scratch();
    let site = dir.path().join("site-prepbook");
    match corpus {
        Corpus::Realistic(script) => realistic::prepbook_site(script, size, &site),
        Corpus::Synthetic => {
            std::fs::create_dir_all(&site).and_then(|()| corpus::generate(&site, size))
        }
    }
    .expect("prepbook's site");
    let out = dir.path().join("out-prepbook");
    let mut jobs = vec![
        (
            "prepbook build".to_owned(),
            Job::new(PREPBOOK)
                .arg("build")
                .arg(&site)
                .arg("-o")
                .out(&out),
        ),
        (
            "prepbook check".to_owned(),
            Job::new(PREPBOOK).arg("check").arg(&site),
        ),
    ];
    // The jobs that write a site, whose output is measured: prepbook's build and the peers.
    let mut writers = vec![0];
    let mut hugo = None;
    for peer in peers.iter().filter(|p| p.measures(size)) {
        let job = peer.prepare(corpus, size, &site, dir.path());
        if *peer == Peer::Hugo {
            hugo = Some(jobs.len());
        }
        writers.push(jobs.len());
        jobs.push((peer.name().to_owned(), job.expect("peer's site")));
    }
    // The io floor writes what prepbook wrote: one build first, which is also its warm-up.
    harness::run(&jobs[0].1, dir.path());
    let manifest = dir.path().join("manifest.txt");
    floors::write_manifest(&out, &manifest).expect("manifest");
    let content = site.join("content");
    let floor_out = dir.path().join("out-floor");
    jobs.push((
        "floor: read + write".to_owned(),
        floors::io_job(&content, &manifest, &floor_out),
    ));
    jobs.push((
        "floor: pulldown-cmark".to_owned(),
        floors::markdown_job(&content),
    ));
    let rows = time_interleaved(&jobs, runs, dir.path());
    println!();
    println!("{size} guides");
    print_table(&rows, size);
    print_outputs(&jobs, &rows, &writers, hugo, size);
}

/// What the last run of each job in `writers` left in its output folder; then the targets of
/// issue 22 on prepbook's build (job 0), beside Hugo's (job `hugo`) when it ran.
fn print_outputs(
    jobs: &[(String, Job)],
    rows: &[Row],
    writers: &[usize],
    hugo: Option<usize>,
    guides: usize,
) {
    let outputs: Vec<(usize, output::Output)> = writers
        .iter()
        .filter_map(|&i| Some((i, jobs[i].1.out.as_deref()?)))
        .map(|(i, out)| (i, output::measure(out).expect("an output folder")))
        .collect();
    println!();
    output::print_header();
    for (i, measured) in &outputs {
        output::print_row(&rows[*i].name, measured);
    }
    let figures = |job: usize| {
        outputs
            .iter()
            .find(|(i, _)| *i == job)
            .map(|(i, output)| targets::Figures {
                sample: &rows[*i].sample,
                output,
            })
    };
    if let Some(prepbook) = figures(0) {
        targets::print(guides, &prepbook, hugo.and_then(figures).as_ref());
    }
}

/// Runs every job once untimed, then `runs` rounds of every job in turn; the medians.
fn time_interleaved(jobs: &[(String, Job)], runs: usize, scratch: &Path) -> Vec<Row> {
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); jobs.len()];
    for round in 0..=runs {
        for (i, (_, job)) in jobs.iter().enumerate() {
            let sample = harness::run(job, scratch);
            if round > 0 {
                samples[i].push(sample);
            }
        }
    }
    jobs.iter()
        .zip(samples)
        .map(|((name, _), s)| Row {
            name: name.clone(),
            sample: harness::median(&s),
        })
        .collect()
}

fn print_table(rows: &[Row], guides: usize) {
    harness::print_header();
    let reference = rows.first().map(|r| r.sample);
    for row in rows {
        harness::print_row(row, reference.as_ref(), guides);
    }
}

/// The inputs that once made a build slow or exhaust memory: a full build of each.
fn measure_adversarial(runs: usize) {
    println!();
    println!(
        "adversarial inputs: prepbook build --allow-errors, each a site as a user could write it"
    );
    let dir = harness::scratch();
    let mut jobs = Vec::new();
    for case in adversarial::CASES {
        let site = dir.path().join(case.name);
        std::fs::create_dir_all(&site).expect("site folder");
        (case.write)(&site).expect("adversarial site");
        let mut job = Job::new(PREPBOOK)
            .arg("build")
            .arg("--allow-errors")
            .arg(&site)
            .arg("-o")
            .out(&dir.path().join(format!("out-{}", case.name)));
        // Their content errors are the point: exit 1 is a success here.
        job.ok_codes = &[0, 1];
        jobs.push((format!("{} ({})", case.name, case.what), job));
    }
    let rows = time_interleaved(&jobs, runs, dir.path());
    println!(
        "{:<52} {:>9} {:>9} {:>9}",
        "input", "wall", "cpu", "peak rss"
    );
    for row in rows {
        let s = row.sample;
        let secs = |d: std::time::Duration| format!("{:.2} s", d.as_secs_f64());
        println!(
            "{:<52} {:>9} {:>9} {:>9}",
            row.name,
            secs(s.wall),
            s.cpu.map_or("-".to_owned(), secs),
            s.rss_kb
                .map_or("-".to_owned(), |k| format!("{:.0} MB", k as f64 / 1024.0)),
        );
    }
}
