//! Timing whole processes for the build benchmark: wall time measured here, CPU (user + sys of
//! the child) and peak RSS read from GNU time when it is installed, medians over runs; what
//! each tool wrote ([`output`]) and the targets for it ([`targets`]).

pub mod floors;
pub mod output;
pub mod peers;
pub mod realistic;
pub mod targets;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// GNU time (Debian's `time`); without it the table shows wall time only.
const GNU_TIME: &str = "/usr/bin/time";

/// One process to time: what to run, where, and the folder it writes (emptied before each run).
pub struct Job {
    pub program: OsString,
    pub args: Vec<OsString>,
    pub cwd: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub envs: Vec<(OsString, OsString)>,
    /// Exit codes that count as success (content errors give prepbook's 1).
    pub ok_codes: &'static [i32],
}

impl Job {
    pub fn new(program: impl Into<OsString>) -> Job {
        Job {
            program: program.into(),
            args: Vec::new(),
            cwd: None,
            out: None,
            envs: Vec::new(),
            ok_codes: &[0],
        }
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Job {
        self.args.push(arg.into());
        self
    }

    pub fn cwd(mut self, dir: &Path) -> Job {
        self.cwd = Some(dir.to_owned());
        self
    }

    /// The output folder: removed before each run, and passed as the last argument.
    pub fn out(mut self, dir: &Path) -> Job {
        self.out = Some(dir.to_owned());
        self.arg(dir.as_os_str())
    }

    pub fn env(mut self, key: &str, value: impl Into<OsString>) -> Job {
        self.envs.push((key.into(), value.into()));
        self
    }
}

/// What one run cost.
#[derive(Clone, Copy)]
pub struct Sample {
    pub wall: Duration,
    pub cpu: Option<Duration>,
    pub rss_kb: Option<u64>,
}

/// Runs `job` once, from an empty output folder; a failed run aborts the benchmark.
pub fn run(job: &Job, scratch: &Path) -> Sample {
    if let Some(out) = &job.out {
        let _ = std::fs::remove_dir_all(out);
    }
    let report = scratch.join("gnu-time.txt");
    let timed = Path::new(GNU_TIME).exists();
    let mut command = if timed {
        let mut c = Command::new(GNU_TIME);
        c.arg("-f").arg("%U %S %M").arg("-o").arg(&report);
        c.arg(&job.program);
        c
    } else {
        Command::new(&job.program)
    };
    command.args(&job.args).envs(job.envs.iter().cloned());
    if let Some(dir) = &job.cwd {
        command.current_dir(dir);
    }
    let started = Instant::now();
    let output = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run the job");
    let wall = started.elapsed();
    let code = output.status.code().unwrap_or(-1);
    assert!(
        job.ok_codes.contains(&code),
        "{:?} {:?} failed ({code}): {}",
        job.program,
        job.args,
        String::from_utf8_lossy(&output.stderr)
    );
    let (cpu, rss_kb) = if timed {
        parse_gnu_time(&std::fs::read_to_string(&report).unwrap_or_default())
    } else {
        (None, None)
    };
    Sample { wall, cpu, rss_kb }
}

/// `%U %S %M`: user and system seconds, peak RSS in KiB (the last line: the child's own
/// stderr goes elsewhere, but GNU time prefixes a note when the child exits non-zero).
fn parse_gnu_time(report: &str) -> (Option<Duration>, Option<u64>) {
    let Some(line) = report.lines().last() else {
        return (None, None);
    };
    let fields: Vec<&str> = line.split_whitespace().collect();
    let seconds = |i: usize| fields.get(i).and_then(|s| s.parse::<f64>().ok());
    let cpu = match (seconds(0), seconds(1)) {
        (Some(user), Some(sys)) => Some(Duration::from_secs_f64(user + sys)),
        _ => None,
    };
    (cpu, fields.get(2).and_then(|s| s.parse().ok()))
}

/// The median of each measure over the runs, taken independently.
pub fn median(samples: &[Sample]) -> Sample {
    fn mid<T: Ord + Copy>(mut values: Vec<T>) -> Option<T> {
        values.sort();
        values.get(values.len() / 2).copied()
    }
    Sample {
        wall: mid(samples.iter().map(|s| s.wall).collect()).unwrap_or_default(),
        cpu: mid(samples.iter().filter_map(|s| s.cpu).collect()),
        rss_kb: mid(samples.iter().filter_map(|s| s.rss_kb).collect()),
    }
}

/// One row of a table: a tool's median, with its ratios to the reference (prepbook's build).
pub struct Row {
    pub name: String,
    pub sample: Sample,
}

pub fn print_header() {
    println!(
        "{:<22} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7} {:>10} {:>10}",
        "tool", "wall", "cpu", "peak rss", "wall/p", "cpu/p", "rss/p", "wall/guide", "cpu/guide"
    );
}

pub fn print_row(row: &Row, reference: Option<&Sample>, guides: usize) {
    let secs = |d: Duration| format!("{:.2} s", d.as_secs_f64());
    let per_guide = |d: Duration| format!("{:.0} µs", d.as_secs_f64() * 1e6 / guides as f64);
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}x", a / b),
        _ => "-".to_owned(),
    };
    let s = &row.sample;
    let cpu = |s: &Sample| s.cpu.map(|d| d.as_secs_f64());
    let rss = |s: &Sample| s.rss_kb.map(|k| k as f64);
    let wall = |s: &Sample| Some(s.wall.as_secs_f64());
    println!(
        "{:<22} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7} {:>10} {:>10}",
        row.name,
        secs(s.wall),
        s.cpu.map_or("-".to_owned(), secs),
        s.rss_kb
            .map_or("-".to_owned(), |k| format!("{:.0} MB", k as f64 / 1024.0)),
        ratio(wall(s), reference.and_then(wall)),
        ratio(cpu(s), reference.and_then(cpu)),
        ratio(rss(s), reference.and_then(rss)),
        per_guide(s.wall),
        s.cpu.map_or("-".to_owned(), per_guide),
    );
}

/// Where the benchmark's corpora and outputs go: tmpfs when there is one, so the disk's noise
/// stays out of the figures.
pub fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::tempdir_in(shm)
    {
        return dir;
    }
    tempfile::tempdir().expect("temp dir")
}

/// Whether `program args` runs and succeeds (a peer is installed).
pub fn installed(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
