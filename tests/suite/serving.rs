//! The real `prepbook serve` on port 0 and the one small HTTP client of the tests and the serve
//! benchmark (which includes this file): plain requests and the reload event stream.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The debounce window the servers are started with: short, so tests and the benchmark wait
/// little for a rebuild.
pub const DEBOUNCE_MS: u64 = 10;

/// A running `prepbook serve`; killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/base/`
    pub url: String,
    pub port: u16,
}

impl Server {
    pub fn start(dir: &Path, extra: &[&str]) -> Server {
        let mut command = Command::new(assert_cmd::cargo::cargo_bin!("prepbook"));
        command.args([
            "serve",
            "--port",
            "0",
            "--debounce-ms",
            &DEBOUNCE_MS.to_string(),
        ]);
        Server::spawn(command, dir, extra)
    }

    /// Starts the server with at most `files` open files (soft and hard limit), through the
    /// shell's `ulimit`.
    pub fn start_with_file_limit(dir: &Path, files: u64) -> Server {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("ulimit -n {files} && exec \"$0\" \"$@\""))
            .arg(assert_cmd::cargo::cargo_bin!("prepbook"))
            .args([
                "serve",
                "--port",
                "0",
                "--debounce-ms",
                &DEBOUNCE_MS.to_string(),
            ]);
        Server::spawn(command, dir, &[])
    }

    fn spawn(mut command: Command, dir: &Path, extra: &[&str]) -> Server {
        let mut child = command
            .arg(dir)
            .args(extra)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            // VERBOSE=1 shows the server's own lines (rebuilds, diagnostics).
            .stderr(if std::env::var_os("VERBOSE").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start prepbook serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the address");
        let url = line
            .trim()
            .strip_prefix("serving at ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        let port = url
            .trim_start_matches("http://127.0.0.1:")
            .split('/')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port in the address");
        Server { child, url, port }
    }

    /// `GET path` (path relative to the server root, e.g. `/guides/a/`).
    pub fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path)
    }

    /// The reload event stream, after its first event (the current state).
    pub fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__prepbook/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .expect("request");
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        events.next_reload(Duration::from_secs(60));
        events
    }

    /// Polls `path` until `done` holds (or fails after 10 s).
    pub fn wait_for(&self, path: &str, what: &str, done: impl Fn(&Response) -> bool) -> Response {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let response = self.get(path);
            if done(&response) {
                return response;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} at {path}; last: {} {}",
                response.status,
                response.body
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Server-sent events of `/__prepbook/events`.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Reads until the next `reload` event's data line and returns its JSON; fails after
    /// `timeout` without one.
    pub fn next_reload(&mut self, timeout: Duration) -> serde_json::Value {
        self.reader.get_ref().set_read_timeout(Some(timeout)).ok();
        let mut line = String::new();
        loop {
            line.clear();
            let read = self
                .reader
                .read_line(&mut line)
                .expect("read the event stream");
            assert!(read > 0, "the event stream closed");
            if let Some(data) = line.strip_prefix("data:")
                && data.contains("\"generation\"")
            {
                return serde_json::from_str(data.trim()).expect("the event's JSON");
            }
        }
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request with `Connection: close`; the path is sent as is (no normalisation).
pub fn request(port: u16, method: &str, path: &str) -> Response {
    request_for(port, "127.0.0.1", method, path)
}

/// [`request`] with the given `Host` header.
pub fn request_for(port: u16, host: &str, method: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_owned(),
    }
}
