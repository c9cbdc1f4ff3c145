//! What `build` says it wrote, and its warnings when the output passes a limit of a common
//! static host: counted from the files really written, never a reason to fail the build.

use std::path::Path;

use crate::support::{build, read_tree, site};

/// `prepbook build` plus `extra` on `dir` into `<dir>/out`: (exit code, stderr, output folder).
fn build_into_out(dir: &Path, extra: &[&str]) -> (Option<i32>, String, std::path::PathBuf) {
    let out = dir.join("out");
    let mut args = vec!["-o", out.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    let output = build(dir, &args).get_output().clone();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr, out)
}

/// `12.5 KiB` as a number of bytes, and half the last digit's step (what rounding may hide).
fn parse_bytes(text: &str) -> (f64, f64) {
    let (value, unit) = text.split_once(' ').expect("value and unit");
    let value: f64 = value.parse().expect("a number");
    let scale = match unit {
        "B" => return (value, 0.5),
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        other => panic!("unit {other}"),
    };
    (value * scale, 0.05 * scale)
}

#[test]
fn a_build_ends_with_the_files_and_bytes_it_wrote() {
    let dir = site(&["basic"]);
    let (code, stderr, out) = build_into_out(dir.path(), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let last = stderr.lines().last().expect("a closing line");
    let parts = last
        .strip_prefix("built ")
        .and_then(|rest| rest.split_once(" files, "))
        .and_then(|(files, rest)| Some((files, rest.split_once(" (largest ")?)))
        .and_then(|(files, (total, rest))| Some((files, total, rest.split_once(", ")?)))
        .and_then(|(files, total, (largest, rest))| {
            let (size, rest) = rest.split_once(") from 4 guides into ")?;
            rest.ends_with(" ms")
                .then_some([files, total, largest, size])
        });
    let caps = parts.unwrap_or_else(|| panic!("{last:?}"));
    // The numbers are those of the folder as written, prepbook's manifest included.
    let tree = read_tree(&out);
    assert_eq!(caps[0].parse::<usize>().ok(), Some(tree.len()), "{last}");
    let total: usize = tree.values().map(Vec::len).sum();
    let (said, rounding) = parse_bytes(caps[1]);
    assert!(
        (said - total as f64).abs() <= rounding,
        "{last}: {total} bytes"
    );
    let most = tree.values().map(Vec::len).max().expect("files");
    let largest = tree
        .iter()
        .find(|(_, bytes)| bytes.len() == most)
        .map(|(path, _)| path.as_str());
    assert_eq!(Some(caps[2]), largest, "{last}");
    let (said, rounding) = parse_bytes(caps[3]);
    assert!(
        (said - most as f64).abs() <= rounding,
        "{last}: {most} bytes"
    );
}

/// A file over Cloudflare Pages' 25 MiB: a warning with the host and its limit, the site
/// written and exit 0; the site can turn the rule off.
#[test]
fn a_file_over_a_hosts_limit_is_a_warning_not_a_failure() {
    let dir = site(&["basic"]);
    let big = dir.path().join("static/downloads/deck.pdf");
    std::fs::create_dir_all(big.parent().expect("a folder")).expect("mkdir");
    // 26 MiB of zeros, sparse on disk.
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(26 * 1024 * 1024).expect("set length");
    drop(file);
    let (code, stderr, out) = build_into_out(dir.path(), &[]);
    assert_eq!(code, Some(0), "a warning does not fail the build: {stderr}");
    assert!(
        stderr.contains(
            "/out/downloads/deck.pdf: warning[host-file-size]: the largest file written is 26.0 MiB"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: Cloudflare Pages takes at most 25 MiB per file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("(largest downloads/deck.pdf, 26.0 MiB)"),
        "{stderr}"
    );
    let written = std::fs::metadata(out.join("downloads/deck.pdf")).expect("written");
    assert_eq!(written.len(), 26 * 1024 * 1024);

    let output = build(
        dir.path(),
        &["-o", out.to_str().expect("utf-8 path"), "--format", "json"],
    )
    .success()
    .get_output()
    .clone();
    let json = String::from_utf8_lossy(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&json).expect("one JSON report");
    let warned: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "host-file-size")
        .collect();
    assert_eq!(warned.len(), 1, "{json}");
    assert_eq!(warned[0]["severity"], "warning");

    let config = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&config).expect("book.toml");
    std::fs::write(
        &config,
        text + "\n[checks.severity]\nhost-file-size = \"off\"\n",
    )
    .expect("write book.toml");
    let (code, stderr, _) = build_into_out(dir.path(), &[]);
    assert_eq!(code, Some(0));
    assert!(!stderr.contains("host-file-size"), "{stderr}");
}
