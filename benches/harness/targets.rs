//! The targets of issue 22 (lean output that every static host accepts), each judged on
//! prepbook's figures of one size beside Hugo's of the same run. Printed, never asserted: on a
//! shared machine only a reader can tell a slow moment from a regression.

use super::Sample;
use super::output::{Output, bytes, count};

/// A tool's figures at one size: its median run and what its last run wrote.
pub struct Figures<'a> {
    pub sample: &'a Sample,
    pub output: &'a Output,
}

/// How a target came out.
enum Verdict {
    Met,
    NotMet,
    /// The target is stated at another size, or a figure it needs is missing.
    NotJudged(String),
}

impl Verdict {
    fn of(met: bool) -> Verdict {
        if met { Verdict::Met } else { Verdict::NotMet }
    }

    fn text(&self) -> String {
        match self {
            Verdict::Met => "met".to_owned(),
            Verdict::NotMet => "NOT MET".to_owned(),
            Verdict::NotJudged(why) => format!("- ({why})"),
        }
    }
}

const MIB: u64 = 1024 * 1024;
const GB: f64 = 1e9;

/// One line per target: what it asks, prepbook's figure against its bound, and the verdict.
pub fn print(guides: usize, prepbook: &Figures<'_>, hugo: Option<&Figures<'_>>) {
    println!();
    println!(
        "targets of issue 22, prepbook at {} guides:",
        count(guides as u64)
    );
    let out = prepbook.output;
    let files_bound = 1.1 * guides as f64 + 500.0;
    line(
        "files ≤ 1.1 × guides + 500",
        format!(
            "{} ≤ {}",
            count(out.files as u64),
            count(files_bound as u64)
        ),
        Verdict::of(out.files as f64 <= files_bound),
    );
    let largest = out.largest.as_ref().map_or(0, |(_, len)| *len);
    line(
        "no file over 1 MiB",
        format!("largest {}", bytes(largest)),
        Verdict::of(largest <= MIB),
    );
    let (bytes_line, bytes_verdict) = match hugo {
        Some(hugo) => (
            format!(
                "{} ≤ 2 × {} = {}",
                bytes(out.bytes),
                bytes(hugo.output.bytes),
                bytes(2 * hugo.output.bytes)
            ),
            Verdict::of(out.bytes <= 2 * hugo.output.bytes),
        ),
        None => (bytes(out.bytes), Verdict::NotJudged("no Hugo".to_owned())),
    };
    line("bytes ≤ 2 × Hugo's", bytes_line, bytes_verdict);
    let secs = |s: &Sample| s.wall.as_secs_f64();
    let (wall_line, wall_verdict) = match hugo {
        Some(hugo) => (
            format!(
                "{:.2} s ≤ {:.2} s / 4 = {:.2} s",
                secs(prepbook.sample),
                secs(hugo.sample),
                secs(hugo.sample) / 4.0
            ),
            Verdict::of(secs(prepbook.sample) <= secs(hugo.sample) / 4.0),
        ),
        None => (
            format!("{:.2} s", secs(prepbook.sample)),
            Verdict::NotJudged("no Hugo".to_owned()),
        ),
    };
    line("wall ≤ ¼ of Hugo's", wall_line, wall_verdict);
    let rss = prepbook.sample.rss_kb.map(|kb| kb as f64 * 1024.0);
    line(
        "peak RSS ≤ 2 GB at 100,000 guides",
        rss.map_or("-".to_owned(), |b| format!("{:.2} GB", b / GB)),
        match rss {
            None => Verdict::NotJudged("no GNU time".to_owned()),
            Some(b) => at(guides, 100_000, b <= 2.0 * GB),
        },
    );
    line(
        "bytes < 1 GB at 100,000 guides",
        bytes(out.bytes),
        at(guides, 100_000, (out.bytes as f64) < GB),
    );
    line(
        "< 20,000 files at 10,000 guides",
        count(out.files as u64),
        at(guides, 10_000, out.files < 20_000),
    );
}

/// The verdict `met` of a target stated at `size` guides, judged only there.
fn at(guides: usize, size: usize, met: bool) -> Verdict {
    if guides == size {
        Verdict::of(met)
    } else {
        Verdict::NotJudged(format!("stated at {}", count(size as u64)))
    }
}

fn line(target: &str, figure: String, verdict: Verdict) {
    println!("  {target:<36} {figure:<36} {}", verdict.text());
}
