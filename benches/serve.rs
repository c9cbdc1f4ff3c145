//! How long from saving a guide to the browser being told to reload, with `prepbook serve`
//! (release build, real file events, the debounce window included), for sites of 100, 1,000
//! and 10,000 generated guides.
//!
//! Run: `cargo bench --bench serve` (set `SIZES=100,1000` to pick sizes, `EDITS=20` for more
//! samples). Prints one table; nothing is asserted.

mod corpus;

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DEBOUNCE_MS: u64 = 10;

fn main() {
    let sizes: Vec<usize> = std::env::var("SIZES")
        .unwrap_or_else(|_| "100,1000,10000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let edits: usize = std::env::var("EDITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    println!("save → reload notification, one-guide body edit, debounce {DEBOUNCE_MS} ms included");
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>10} {:>12}",
        "guides", "min ms", "median ms", "p90 ms", "max ms", "first build"
    );
    for size in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        corpus::generate(dir.path(), size).expect("generate the corpus");
        let (server, first_build) = Server::start(dir.path());
        let mut events = server.events();
        let mut samples = Vec::with_capacity(edits);
        let target = dir
            .path()
            .join("content")
            .join(corpus::guide_path(size / 2));
        let original = std::fs::read_to_string(&target).expect("read guide");
        let page = format!("/{}", corpus::guide_path(size / 2).replace(".md", "/"));
        for n in 0..edits {
            let marker = format!("edit number {n} of {size}");
            let text = original.replace("rehearse them aloud", &marker);
            let started = Instant::now();
            std::fs::write(&target, text).expect("save");
            // The first reload whose page shows this edit; an earlier event that arrives late
            // belongs to an earlier save and does not count.
            loop {
                events.next_reload(Duration::from_secs(60));
                let elapsed = started.elapsed();
                if server.get(&page).contains(&marker) {
                    samples.push(elapsed.as_secs_f64() * 1000.0);
                    break;
                }
            }
            // Let the watcher settle so that edits do not merge into one burst.
            std::thread::sleep(Duration::from_millis(200));
        }
        samples.sort_by(f64::total_cmp);
        let pick = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
        println!(
            "{:>8} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>10.0}ms",
            size,
            samples[0],
            pick(0.5),
            pick(0.9),
            samples[samples.len() - 1],
            first_build.as_secs_f64() * 1000.0
        );
        drop(server);
    }
}

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// Starts the server and waits until the first build is published.
    fn start(dir: &Path) -> (Server, Duration) {
        let started = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_prepbook"))
            .args([
                "serve",
                "--port",
                "0",
                "--debounce-ms",
                &DEBOUNCE_MS.to_string(),
            ])
            .arg(dir)
            .stdout(Stdio::piped())
            // VERBOSE=1 shows the server's own rebuild lines.
            .stderr(if std::env::var_os("VERBOSE").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start prepbook serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("address");
        let port = line
            .trim()
            .trim_start_matches("serving at http://127.0.0.1:")
            .trim_end_matches('/')
            .parse()
            .expect("port");
        (Server { child, port }, started.elapsed())
    }

    /// The body of `GET path`.
    fn get(&self, path: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .expect("request");
        let mut body = String::new();
        std::io::Read::read_to_string(&mut stream, &mut body).expect("response");
        body
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__prepbook/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .expect("request");
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        // The current state arrives first.
        events.next_reload(Duration::from_secs(60));
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Reads until the next `reload` event's data line.
    fn next_reload(&mut self, timeout: Duration) {
        self.reader.get_ref().set_read_timeout(Some(timeout)).ok();
        let mut line = String::new();
        loop {
            line.clear();
            let read = self
                .reader
                .read_line(&mut line)
                .expect("read the event stream");
            assert!(read > 0, "the event stream closed");
            if line.starts_with("data:") && line.contains("\"generation\"") {
                return;
            }
        }
    }
}
