//! A reader that stops early (`prepbook check | head -1`) closes the pipe: prepbook stops
//! writing quietly and still ends with its own exit code, never with a panic.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use crate::support::site;

/// A site with many broken guides, so that the report is far larger than a pipe's buffer.
fn many_errors() -> tempfile::TempDir {
    let dir = site(&["basic"]);
    for i in 0..300 {
        let text = format!("---\ntitle: \"Broken {i}\"\n---\n\nSee [x](missing-{i}.md).\n");
        std::fs::write(dir.path().join(format!("content/broken-{i}.md")), text).unwrap();
    }
    dir
}

fn prepbook() -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("prepbook"));
    command.env("NO_COLOR", "1");
    command
}

#[test]
fn a_closed_standard_output_ends_the_report_quietly() {
    let dir = many_errors();
    let mut child = prepbook()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start prepbook check");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("read one line");
    // The reader is dropped here, closing the pipe, as `head -1` does.
    assert_eq!(first.trim(), "{");
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        output.status.code(),
        Some(1),
        "content errors, as without the pipe: {stderr}"
    );
}

#[test]
fn a_closed_standard_error_ends_the_report_quietly() {
    let dir = many_errors();
    let mut child = prepbook()
        .arg("check")
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start prepbook check");
    let mut first = String::new();
    BufReader::new(child.stderr.take().expect("stderr"))
        .read_line(&mut first)
        .expect("read one line");
    assert!(first.contains("error["), "{first}");
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(1));
}

#[test]
fn build_with_a_closed_standard_error_still_writes_and_succeeds() {
    let dir = site(&["basic"]);
    let mut child = prepbook()
        .arg("build")
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start prepbook build");
    // Closed before prepbook writes its summary line.
    drop(child.stderr.take());
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0));
    assert!(dir.path().join("public/index.html").is_file());
}
