//! What `prepbook serve` refuses to show or to let happen: files reached through symbolic links
//! out of the site, requests for other host names, and idle connections locking it out.

use std::io::Write as _;
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::serving::{Server, request, request_for};
use crate::support::{complete_guide, site};

const SECRET: &str = "LEAKED-SECRET-TITLE";
const PASSWD: &str = "root:x:0:0:root:/root:/bin/bash";

/// A folder outside the site with a valid guide, a file that is not one (as `/etc/passwd`),
/// and a folder holding another guide.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = complete_guide(&format!("title: \"{SECRET}\""));
    std::fs::write(dir.path().join("secret.md"), &guide).unwrap();
    std::fs::write(dir.path().join("passwd"), format!("{PASSWD}\n")).unwrap();
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    std::fs::write(dir.path().join("folder/leak.md"), &guide).unwrap();
    dir
}

#[cfg(unix)]
fn link(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_never_served_or_shown() {
    let dir = site(&["basic"]);
    let out = outside();
    let guides = dir.path().join("content/guides");
    // One link is there when the server starts (the first, full build reads the folder)...
    link(&out.path().join("secret.md"), &guides.join("early.md"));
    let server = Server::start(dir.path(), &[]);
    // ...the others appear while it runs (each rebuild reads only the changed path).
    link(&out.path().join("passwd"), &guides.join("passwd.md"));
    link(&out.path().join("secret.md"), &guides.join("late.md"));
    link(&out.path().join("folder"), &guides.join("linked"));
    // A later edit is seen only after the links' events were handled: the loop is in order.
    let alpha = guides.join("alpha.md");
    let text = std::fs::read_to_string(&alpha).unwrap();
    std::fs::write(&alpha, text.replace("Alpha in short.", "Alpha, edited.")).unwrap();
    server.wait_for("/guides/alpha/", "the edit after the links", |r| {
        r.body.contains("Alpha, edited.")
    });
    for path in [
        "/guides/early/",
        "/guides/late/",
        "/guides/passwd/",
        "/guides/linked/leak/",
    ] {
        assert_eq!(server.get(path).status, 404, "{path}");
    }
    for path in [
        "/",
        "/guides/",
        "/guides/alpha/",
        "/search-index.json",
        "/sitemap.xml",
        "/no/such/page/",
    ] {
        let response = server.get(path);
        assert!(
            !response.body.contains(SECRET) && !response.body.contains("root:x:0:0"),
            "{path} shows a linked file: {}",
            response.body
        );
        assert!(
            !response.body.contains("prepbook-overlay"),
            "{path}: a linked file reached the overlay: {}",
            response.body
        );
    }
    // `check` and `build` read the same files as serve.
    let check = crate::support::prepbook()
        .arg("check")
        .arg(dir.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&check.get_output().stderr).into_owned();
    assert!(
        !stderr.contains("root:x:0:0") && !stderr.contains("passwd.md"),
        "{stderr}"
    );
}

#[test]
fn requests_for_other_hosts_are_refused() {
    let dir = site(&["basic"]);
    let server = Server::start(dir.path(), &["--allow-host", "prep.example"]);
    let port = server.port;
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
    ] {
        let refused = request_for(port, &host, "GET", "/guides/alpha/");
        assert_eq!(refused.status, 403, "{host}");
        assert!(!refused.body.contains("Alpha"), "{host}: {}", refused.body);
    }
    let events = request_for(port, "evil.example", "GET", "/__prepbook/events");
    assert_eq!(events.status, 403, "the reload stream too");
    // An absolute request target names its host there.
    let absolute = request_for(
        port,
        "127.0.0.1",
        "GET",
        "http://evil.example/guides/alpha/",
    );
    assert_eq!(absolute.status, 403);
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("prep.example:{port}"),
    ] {
        let answered = request_for(port, &host, "GET", "/guides/alpha/");
        assert_eq!(answered.status, 200, "{host}");
        assert!(answered.body.contains("Alpha Guide"), "{host}");
    }
}

/// Raises this process's own open-file limit to hold `files`, if it is lower (within the hard
/// limit, which an unprivileged process may do).
#[cfg(unix)]
fn allow_open_files(files: u64) {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    if limit.current.is_some_and(|current| current < files) {
        let raised = rustix::process::Rlimit {
            current: Some(limit.maximum.map_or(files, |max| max.min(files))),
            maximum: limit.maximum,
        };
        setrlimit(Resource::Nofile, raised).expect("raise the open-file limit");
    }
    let now = getrlimit(Resource::Nofile).current;
    assert!(
        now.is_none_or(|current| current >= files),
        "this test needs {files} open files; the hard limit allows {now:?}"
    );
}

#[cfg(unix)]
#[test]
fn idle_connections_do_not_lock_out_a_request() {
    const IDLE: usize = 1_100;
    allow_open_files(IDLE as u64 + 256);
    let dir = site(&["basic"]);
    let server = Server::start_with_file_limit(dir.path(), 1_024);
    assert_eq!(server.get("/guides/alpha/").status, 200);
    // Half never send a byte; half stop half-way through their request head.
    let idle: Vec<TcpStream> = (0..IDLE)
        .map(|i| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
            if i % 2 == 1 {
                stream
                    .write_all(b"GET /guides/alpha/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .expect("send half a request");
            }
            stream
        })
        .collect();
    let started = Instant::now();
    let response = request(server.port, "GET", "/guides/beta/");
    let elapsed = started.elapsed();
    assert_eq!(response.status, 200);
    assert!(response.body.contains("Beta"), "{}", response.body);
    assert!(
        elapsed < Duration::from_secs(1),
        "answered after {elapsed:?} with {IDLE} idle connections open"
    );
    drop(idle);
}
