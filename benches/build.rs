//! Clean-build time of prepbook against its peers on the same generated guides, measured side
//! by side in one run: Hugo (with minimal layouts that give every guide a page with a table of
//! contents and highlighted code, plus section and tag pages) and mdBook (one chapter per
//! guide). Peers that are not installed are skipped with a note.
//!
//! Run: `cargo bench --bench build` (`SIZES=1000,10000`, `RUNS=3`). mdBook's sidebar lists every
//! chapter on every page, so it is measured up to 2,000 guides only. Prints one table; nothing
//! is asserted.

mod corpus;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const HUGO_LAYOUT: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ block "main" . }}{{ end }}</main></body></html>"#;
const HUGO_SINGLE: &str = r#"{{ define "main" }}<nav>{{ .TableOfContents }}</nav><article>{{ .Content }}</article>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}"#;
const HUGO_LIST: &str = r#"{{ define "main" }}{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>{{ end }}</ul>{{ end }}"#;

fn main() {
    let sizes: Vec<usize> = std::env::var("SIZES")
        .unwrap_or_else(|_| "1000,10000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let hugo = installed("hugo", &["version"]);
    let mdbook = installed("mdbook", &["--version"]);
    println!("clean build of N generated guides, median of {runs} runs, wall time");
    println!(
        "{:>8} {:>12} {:>12} {:>12} {:>14} {:>14} {:>16}",
        "guides",
        "prepbook",
        "hugo",
        "mdbook",
        "hugo/prepbook",
        "mdbook/prepbook",
        "prepbook check"
    );
    for size in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).expect("site dir");
        corpus::generate(&site, size).expect("corpus");
        if hugo {
            prepare_hugo(&site).expect("hugo files");
        }
        let with_mdbook = mdbook && size <= 2000;
        let book = dir.path().join("mdbook");
        if with_mdbook {
            prepare_mdbook(&site, &book, size).expect("mdbook files");
        }
        // The last column: prepbook's whole pipeline without writing files (`check`), which
        // separates its own work from the file system's.
        let mut times: [Vec<Duration>; 4] = Default::default();
        // Interleaved, so that a noisy moment of the machine hits every tool alike.
        for _ in 0..runs {
            let out = dir.path().join("out-prepbook");
            times[0].push(time(
                &out,
                Command::new(env!("CARGO_BIN_EXE_prepbook"))
                    .arg("build")
                    .arg(&site)
                    .arg("-o")
                    .arg(&out),
            ));
            times[3].push(time(
                &dir.path().join("out-none"),
                Command::new(env!("CARGO_BIN_EXE_prepbook"))
                    .arg("check")
                    .arg(&site),
            ));
            if hugo {
                let out = dir.path().join("out-hugo");
                times[1].push(time(
                    &out,
                    Command::new("hugo")
                        .arg("--quiet")
                        .arg("--source")
                        .arg(&site)
                        .arg("--destination")
                        .arg(&out),
                ));
            }
            if with_mdbook {
                let out = dir.path().join("out-mdbook");
                times[2].push(time(
                    &out,
                    Command::new("mdbook")
                        .arg("build")
                        .arg(&book)
                        .arg("--dest-dir")
                        .arg(&out),
                ));
            }
        }
        let median = |t: &mut Vec<Duration>| {
            t.sort();
            t.get(t.len() / 2).copied()
        };
        let [mut p, mut h, mut m, mut c] = times;
        let (p, h, m, c) = (
            median(&mut p),
            median(&mut h),
            median(&mut m),
            median(&mut c),
        );
        let ms = |d: Option<Duration>| {
            d.map_or("-".to_owned(), |d| {
                format!("{:.0} ms", d.as_secs_f64() * 1000.0)
            })
        };
        let ratio = |d: Option<Duration>| match (d, p) {
            (Some(d), Some(p)) => format!("{:.2}x", d.as_secs_f64() / p.as_secs_f64()),
            _ => "-".to_owned(),
        };
        println!(
            "{:>8} {:>12} {:>12} {:>12} {:>14} {:>14} {:>16}",
            size,
            ms(p),
            ms(h),
            ms(m),
            ratio(h),
            ratio(m),
            ms(c)
        );
    }
    if !hugo {
        println!("hugo is not installed (apt-get install hugo): skipped");
    }
    if !mdbook {
        println!("mdbook is not installed (cargo install mdbook --locked): skipped");
    }
}

fn installed(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs a build to completion into an empty output folder (removed first, untimed) and
/// returns its wall time; a failed build aborts the benchmark.
fn time(out: &Path, command: &mut Command) -> Duration {
    let _ = std::fs::remove_dir_all(out);
    let started = Instant::now();
    let output = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run the build");
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    started.elapsed()
}

/// Hugo reads the same `content/`; it needs a config and layouts to render pages at all.
fn prepare_hugo(site: &Path) -> std::io::Result<()> {
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = \"https://example.org/\"\ntitle = \"Generated\"\ndisableKinds = [\"RSS\", \"sitemap\", \"robotsTXT\"]\n[taxonomies]\ntag = \"tags\"\n[markup.highlight]\nnoClasses = false\n",
    )?;
    let layouts = site.join("layouts/_default");
    std::fs::create_dir_all(&layouts)?;
    std::fs::write(layouts.join("baseof.html"), HUGO_LAYOUT)?;
    std::fs::write(layouts.join("single.html"), HUGO_SINGLE)?;
    std::fs::write(layouts.join("list.html"), HUGO_LIST)?;
    Ok(())
}

/// mdBook gets its own book beside the site: `src/SUMMARY.md` with one chapter per guide (the
/// same Markdown files).
fn prepare_mdbook(site: &Path, book: &Path, guides: usize) -> std::io::Result<()> {
    let src = book.join("src");
    std::fs::create_dir_all(&src)?;
    let mut summary = String::from("# Summary\n\n");
    for i in 0..guides {
        let path = corpus::guide_path(i);
        let target = src.join(&path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::copy(site.join("content").join(&path), &target)?;
        summary.push_str(&format!("- [Guide {i}]({path})\n"));
    }
    std::fs::write(src.join("SUMMARY.md"), summary)?;
    std::fs::write(book.join("book.toml"), "[book]\ntitle = \"Generated\"\n")?;
    Ok(())
}
