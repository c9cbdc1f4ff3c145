//! Guides written by others: `javascript:` and `data:` URLs are reported, and a site can have
//! the HTML written in guide bodies escaped.

use crate::support::{build, prepbook, read, site};

#[test]
fn script_and_data_urls_are_warned_about_at_their_place() {
    let dir = site(&["basic", "untrusted"]);
    let output = prepbook()
        .args(["check", "--format", "json", "."])
        .current_dir(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&output).expect("json report");
    let found: Vec<(String, u64, u64, String)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "unsafe-url")
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                d["severity"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let file = "content/guides/contributed.md".to_owned();
    assert_eq!(
        found,
        [
            (file.clone(), 7, 1, "warning".to_owned()),
            (file, 7, 51, "warning".to_owned())
        ]
    );
    // A site can make it an error, like any rule.
    let book = dir.path().join("book.toml");
    let config = read(&book);
    std::fs::write(
        &book,
        format!("{config}\n[checks.severity]\nunsafe-url = \"error\"\n"),
    )
    .unwrap();
    prepbook().arg("check").arg(dir.path()).assert().code(1);
}

#[test]
fn raw_html_passes_through_unless_the_site_escapes_it() {
    let dir = site(&["basic", "untrusted"]);
    let page = dir.path().join("public/guides/contributed/index.html");
    build(dir.path(), &[]).success();
    let html = read(&page);
    assert!(html.contains("<script>window.stolen = document.cookie;</script>"));
    assert!(html.contains("<span class=\"note\">inline HTML</span>"));

    let book = dir.path().join("book.toml");
    let config = read(&book);
    std::fs::write(&book, format!("{config}\n[build]\nraw-html = \"escape\"\n")).unwrap();
    // The guide's `javascript:` link is an error in this mode; written all the same.
    build(dir.path(), &["--allow-errors"]).code(1);
    let html = read(&page);
    assert!(
        !html.contains("window.stolen = document.cookie;</script>"),
        "{html}"
    );
    assert!(!html.contains("<span class=\"note\">"), "{html}");
    assert!(html.contains("&lt;script&gt;window.stolen = document.cookie;&lt;/script&gt;"));
    assert!(
        html.contains("&lt;span class=\"note\"&gt;inline HTML&lt;/span&gt;"),
        "{html}"
    );
    assert!(html.contains("<h2 id=\"tldr\""), "Markdown still renders");
    assert!(
        !html.to_ascii_lowercase().contains("javascript:") && !html.contains("src=\"data:"),
        "{html}"
    );
    assert!(html.contains("<a href=\"#\">Click me</a>"), "{html}");

    std::fs::write(&book, format!("{config}\n[build]\nraw-html = \"none\"\n")).unwrap();
    let refused = build(dir.path(), &[]).code(2);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(
        stderr.contains("allow") && stderr.contains("escape"),
        "{stderr}"
    );
}

#[test]
fn control_characters_from_yaml_escapes_never_reach_a_page() {
    let dir = site(&["basic"]);
    let guide = crate::support::complete_guide("title: \"Null\\0Title\"\ndescription: \"bell\\a\"");
    std::fs::write(dir.path().join("content/guides/escapes.md"), guide).unwrap();
    let checked = prepbook().arg("check").arg(dir.path()).assert().code(1);
    let stderr = String::from_utf8_lossy(&checked.get_output().stderr).into_owned();
    assert!(
        stderr.contains("content/guides/escapes.md:2:8: error[invalid-front-matter]: `title` holds the control character U+0000"),
        "{stderr}"
    );
    // Written despite the errors, which still give exit code 1.
    build(dir.path(), &["--allow-errors"]).code(1);
    // prepbook's own manifest is gzip, binary by nature: every other file is text.
    let tree = crate::support::read_tree(&dir.path().join("public"));
    for (path, bytes) in tree.into_iter().filter(|(p, _)| p != ".prepbook-output") {
        assert!(
            !bytes.iter().any(|&b| b == 0 || b == 7),
            "{path} holds a control character"
        );
    }
}

/// Nested aliases that stand for a billion values are refused at the first alias, quickly and
/// without the memory they would take, by `check` as by `build`.
#[test]
fn a_front_matter_alias_bomb_is_refused_at_its_first_alias() {
    let dir = site(&["basic"]);
    let mut front = String::from("title: Bomb\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol]");
    for level in 1..10 {
        let items = vec![format!("*l{}", level - 1); 8].join(", ");
        front.push_str(&format!("\nl{level}: &l{level} [{items}]"));
    }
    // Thousands of keys, each worth 8^9 values when expanded.
    for key in 0..2000 {
        front.push_str(&format!("\nk{key}: [*l9, *l9, *l9]"));
    }
    let guide = crate::support::complete_guide(&front);
    std::fs::write(dir.path().join("content/guides/bomb.md"), guide).unwrap();
    let started = std::time::Instant::now();
    let checked = prepbook().arg("check").arg(dir.path()).assert().code(1);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    let stderr = String::from_utf8_lossy(&checked.get_output().stderr).into_owned();
    assert!(
        stderr
            .contains("content/guides/bomb.md:4:10: error[invalid-front-matter]: the alias `*l0`"),
        "{stderr}"
    );
    build(dir.path(), &[]).code(1);
}

#[test]
fn an_oversized_front_matter_block_is_refused() {
    let dir = site(&["basic"]);
    let front = format!("title: Big\nnotes: \"{}\"", "n".repeat(1024 * 1024));
    let guide = crate::support::complete_guide(&front);
    std::fs::write(dir.path().join("content/guides/big.md"), guide).unwrap();
    let checked = prepbook().arg("check").arg(dir.path()).assert().code(1);
    let stderr = String::from_utf8_lossy(&checked.get_output().stderr).into_owned();
    assert!(
        stderr.contains("content/guides/big.md:1:1: error[invalid-front-matter]: the front matter is 1025 KiB; a block may hold at most 1024 KiB"),
        "{stderr}"
    );
}

/// A repository whose `static` folder is a symlink out of the site, or whose `content-dir` is
/// an absolute path outside it, is refused naming the link or the folder: nothing of the
/// machine that builds it is published.
#[test]
fn source_folders_that_resolve_outside_the_site_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("id_rsa"), "PRIVATE KEY").unwrap();
    let dir = site(&["basic"]);
    let _ = std::fs::remove_dir_all(dir.path().join("static"));
    std::os::unix::fs::symlink(outside.path(), dir.path().join("static")).unwrap();
    let refused = build(dir.path(), &[]).code(2);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(
        stderr.contains("the symlink")
            && stderr.contains("static")
            && stderr.contains("outside the site"),
        "{stderr}"
    );
    assert!(!dir.path().join("public/id_rsa").exists());
    prepbook().arg("check").arg(dir.path()).assert().code(2);

    // A link inside the site is fine.
    std::fs::remove_file(dir.path().join("static")).unwrap();
    std::fs::create_dir_all(dir.path().join("assets-src")).unwrap();
    std::os::unix::fs::symlink("assets-src", dir.path().join("static")).unwrap();
    build(dir.path(), &[]).success();

    let book = dir.path().join("book.toml");
    let config = read(&book);
    let content = outside.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    let absolute = format!("content-dir = {:?}", content.display().to_string());
    let config = if config.contains("[build]") {
        config.replace("[build]", &format!("[build]\n{absolute}"))
    } else {
        format!("{config}\n[build]\n{absolute}\n")
    };
    std::fs::write(&book, config).unwrap();
    let refused = build(dir.path(), &[]).code(2);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(stderr.contains("lies outside the site"), "{stderr}");
}

/// Where a site escapes guides' HTML, a `javascript:`, `vbscript:` or `data:` URL is rendered
/// inert and `unsafe-url` is an error (unless the site sets its severity itself).
#[test]
fn script_urls_are_inert_and_errors_where_html_is_escaped() {
    let dir = site(&["basic", "untrusted"]);
    let book = dir.path().join("book.toml");
    let config = read(&book);
    std::fs::write(&book, format!("{config}\n[build]\nraw-html = \"escape\"\n")).unwrap();
    let guide = dir.path().join("content/guides/contributed.md");
    let text = read(&guide).replace(
        "[Click me](javascript:alert(document.cookie))",
        "[Click me](javascript:alert(document.cookie)) [v](VBScript:x)",
    );
    std::fs::write(&guide, text).unwrap();
    let checked = prepbook().arg("check").arg(dir.path()).assert().code(1);
    let stderr = String::from_utf8_lossy(&checked.get_output().stderr).into_owned();
    assert!(
        stderr.contains("contributed.md:7:1: error[unsafe-url]"),
        "{stderr}"
    );
    build(dir.path(), &["--allow-errors"]).code(1);
    let html = read(dir.path().join("public/guides/contributed/index.html")).to_ascii_lowercase();
    for scheme in ["javascript:", "vbscript:", "data:image"] {
        assert!(!html.contains(scheme), "{scheme} in {html}");
    }
    // The site's own word wins.
    std::fs::write(
        &book,
        format!(
            "{config}\n[build]\nraw-html = \"escape\"\n[checks.severity]\nunsafe-url = \"warn\"\n"
        ),
    )
    .unwrap();
    prepbook().arg("check").arg(dir.path()).assert().success();
}
