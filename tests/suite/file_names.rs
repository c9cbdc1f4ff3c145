//! Guides whose file names need care in a URL: `#`, `?`, `%`, spaces, other scripts, and names
//! that are not UTF-8 at all.

use crate::serving::{Server, request};
use crate::support::{
    StaticHost, broken_urls, build, complete_guide, link_targets, prepbook, read, site,
};

/// File stems that a URL must escape, and the escaped page URL each gets.
const NAMES: &[(&str, &str)] = &[
    ("a b", "/guides/a%20b/"),
    ("what?", "/guides/what%3F/"),
    ("100%", "/guides/100%25/"),
    ("c#sharp", "/guides/c%23sharp/"),
    ("ünï", "/guides/%C3%BCn%C3%AF/"),
];

fn odd_names() -> tempfile::TempDir {
    let dir = site(&["basic"]);
    let guides = dir.path().join("content/guides");
    let mut links = String::new();
    for (i, (stem, url)) in NAMES.iter().enumerate() {
        let title = format!("title: \"Odd {i}\"");
        std::fs::write(guides.join(format!("{stem}.md")), complete_guide(&title)).unwrap();
        // Linked by file as a URL names it: escaped (as the page URL is).
        let escaped = url.trim_start_matches("/guides/").trim_end_matches('/');
        links.push_str(&format!("[odd {i}]({escaped}.md#faq) "));
    }
    let text = complete_guide("title: \"Links\"").replace("Intro.", &links);
    std::fs::write(guides.join("links.md"), text).unwrap();
    dir
}

#[test]
fn odd_file_names_get_escaped_urls_that_lead_to_their_page() {
    let dir = odd_names();
    prepbook()
        .arg("check")
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicates::str::contains("0 errors"));
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    let page = read(out.join("guides/links/index.html"));
    let targets = link_targets(&page);
    for (_, url) in NAMES {
        assert!(
            targets.contains(&format!("{url}#faq")),
            "{url} in {targets:?}"
        );
    }
    assert_eq!(
        broken_urls(&out, "https://unused.example", "/"),
        Vec::<String>::new()
    );
    // A static host and the preview server both answer every such URL with its page.
    let host = StaticHost::start(&out);
    let server = Server::start(dir.path(), &[]);
    for (i, (_, url)) in NAMES.iter().enumerate() {
        let hosted = request(host.port, "GET", url);
        assert!(
            hosted.body.contains(&format!("Odd {i}")),
            "static host, {url}"
        );
        let served = request(server.port, "GET", url);
        assert_eq!(served.status, 200, "serve, {url}");
        assert!(served.body.contains(&format!("Odd {i}")), "serve, {url}");
    }
    let sitemap = read(out.join("sitemap.xml"));
    assert!(sitemap.contains("/guides/a%20b/</loc>"), "{sitemap}");
}

/// Two names that differ only in bytes that are not UTF-8 become the same text (each bad byte
/// is replaced by U+FFFD), so the same guide id and URL: that is reported, not decided silently.
#[cfg(unix)]
#[test]
fn names_that_differ_only_in_invalid_utf8_are_a_url_collision() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = site(&["basic"]);
    let guides = dir.path().join("content/guides");
    for (byte, title) in [(0xFE_u8, "First"), (0xFF, "Second")] {
        let name = [b'x', byte, b'.', b'm', b'd'];
        let text = complete_guide(&format!("title: \"{title}\""));
        std::fs::write(guides.join(std::ffi::OsStr::from_bytes(&name)), text).unwrap();
    }
    let checked = prepbook().arg("check").arg(dir.path()).assert().code(1);
    let stderr = String::from_utf8_lossy(&checked.get_output().stderr).into_owned();
    assert!(
        stderr.contains("error[url-collision]")
            && stderr.contains("\"x\\xFF.md\"")
            && stderr.contains("\"x\\xFE.md\"")
            && stderr.contains("/guides/x\u{FFFD}/"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("error[url-collision]").count(),
        1,
        "{stderr}"
    );
}

/// Pages whose URLs differ only by case or Unicode normalisation are warned about: on a
/// case-insensitive checkout or host one would replace the other.
#[test]
fn urls_equal_but_for_case_or_normalisation_are_warned_about() {
    let dir = crate::support::site(&["basic"]);
    let guides = dir.path().join("content/guides");
    let guide = crate::support::complete_guide("title: Case");
    for name in ["Upper.md", "upper.md", "caf\u{e9}.md", "cafe\u{301}.md"] {
        if std::fs::write(guides.join(name), &guide).is_err() {
            eprintln!("SKIPPED url case collisions: the file system refuses {name:?}");
            return;
        }
    }
    if std::fs::read_dir(&guides).unwrap().count() < 6 {
        eprintln!("SKIPPED url case collisions: the file system folds names itself");
        return;
    }
    let (code, report) = crate::support::check_report(dir.path());
    assert_eq!(code, 0, "a warning, not an error: {report}");
    let found: Vec<String> = crate::support::report_diagnostics(&report)
        .iter()
        .filter(|d| d["code"] == "url-case-collision")
        .map(|d| d["message"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found
            .iter()
            .any(|m| m.contains("/guides/Upper/") || m.contains("/guides/upper/")),
        "{found:?}"
    );
}
