//! Accepting connections so that idle ones cannot lock the preview out. Every connection holds
//! an open file, and a process may hold only so many (often 1,024): connections that never send
//! a request, or stop half-way, would otherwise keep the server from accepting the next one.
//!
//! - A connection that does not send a whole request head within [`HEADER_TIMEOUT`] (a first
//!   request, or the next one on a kept-alive connection) is closed.
//! - At most [`capacity`] connections are open at once, below the open-file limit; when a new
//!   one arrives at the limit, the one idle the longest makes room (one with a response in
//!   progress, such as a reload stream, only when none is idle).
//! - A connection whose client stops reading its response is closed after
//!   [`super::stalled::WRITE_TIMEOUT`].

use std::collections::HashMap;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::http::Request;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower_service::Service as _;

/// How long a client may take to send a request head, and how long a kept-alive connection
/// may wait for its next request.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// What the server allows each connection and all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    pub header_timeout: Duration,
    /// How long a response may wait for its client to read more (see `stalled`).
    pub write_timeout: Duration,
    /// Connections open at once.
    pub connections: usize,
}

impl Limits {
    /// [`HEADER_TIMEOUT`], and as many connections as this process's open-file limit allows.
    pub(crate) fn for_this_process() -> Limits {
        Limits {
            header_timeout: HEADER_TIMEOUT,
            write_timeout: super::stalled::WRITE_TIMEOUT,
            connections: capacity(open_file_limit()),
        }
    }
}

/// Serves `router` on `listener` until the process ends.
pub(crate) async fn serve(listener: TcpListener, router: Router, limits: Limits) {
    let open = Arc::new(Open::new(limits.connections));
    loop {
        open.make_room();
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(err) => {
                // Out of open files (something else holds some): free one and retry; other
                // errors (a connection reset before it was accepted) concern that one only.
                if matches!(err.raw_os_error(), Some(code) if is_out_of_files(code)) {
                    open.evict();
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let (activity, closed) = open.add();
        let router = router.clone();
        let open = Arc::clone(&open);
        tokio::spawn(async move {
            serve_connection(stream, router, limits, &activity, closed).await;
            open.remove(activity.id);
        });
    }
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    router: Router,
    limits: Limits,
    activity: &Arc<Activity>,
    closed: oneshot::Receiver<()>,
) {
    let tracked = Arc::clone(activity);
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let mut router = router.clone();
        let guard = Busy::start(&tracked);
        async move {
            let response = router.call(request.map(Body::new)).await?;
            Ok::<_, Infallible>(response.map(|body| {
                Body::new(Tracked {
                    body,
                    _guard: guard,
                })
            }))
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let (stream, stall) = super::stalled::Watched::new(stream);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    // Dropping the connection closes it: that is how an evicted or stalled one ends.
    tokio::select! {
        _ = connection => {}
        _ = closed => {}
        () = stall.exceeds(limits.write_timeout) => {}
    }
}

/// The connection limit for a process that may open `files` files: the rest is kept for
/// what the server itself opens (the watcher, the files a rebuild reads, the listener).
pub(crate) fn capacity(files: u64) -> usize {
    let reserve = (files / 8).max(64);
    usize::try_from(files.saturating_sub(reserve).max(8)).unwrap_or(usize::MAX)
}

#[cfg(unix)]
fn open_file_limit() -> u64 {
    rustix::process::getrlimit(rustix::process::Resource::Nofile)
        .current
        .unwrap_or(u64::MAX)
        .min(1 << 20)
}

#[cfg(not(unix))]
fn open_file_limit() -> u64 {
    512
}

#[cfg(unix)]
fn is_out_of_files(code: i32) -> bool {
    code == rustix::io::Errno::MFILE.raw_os_error()
        || code == rustix::io::Errno::NFILE.raw_os_error()
}

#[cfg(not(unix))]
fn is_out_of_files(_code: i32) -> bool {
    false
}

/// The open connections, for eviction.
struct Open {
    capacity: usize,
    next_id: AtomicU64,
    connections: Mutex<HashMap<u64, Entry>>,
}

struct Entry {
    activity: Arc<Activity>,
    close: oneshot::Sender<()>,
}

/// Milliseconds on a clock that only moves forward: when a connection was last used.
fn now() -> u64 {
    static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let epoch = EPOCH.get_or_init(Instant::now);
    u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// What eviction needs to know of one connection: responses in progress and when it was last
/// used (see [`now`]).
struct Activity {
    id: u64,
    busy: AtomicUsize,
    last_used: AtomicU64,
}

impl Open {
    fn new(capacity: usize) -> Open {
        Open {
            capacity,
            next_id: AtomicU64::new(0),
            connections: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Entry>> {
        self.connections
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn add(&self) -> (Arc<Activity>, oneshot::Receiver<()>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let activity = Arc::new(Activity {
            id,
            busy: AtomicUsize::new(0),
            last_used: AtomicU64::new(now()),
        });
        let (close, closed) = oneshot::channel();
        let entry = Entry {
            activity: Arc::clone(&activity),
            close,
        };
        self.lock().insert(id, entry);
        (activity, closed)
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Evicts connections until one more fits.
    fn make_room(&self) {
        while self.lock().len() >= self.capacity {
            if !self.evict() {
                break;
            }
        }
    }

    /// Closes the connection idle the longest (or, if none is idle, the one used the longest
    /// ago). `false` if there is none.
    fn evict(&self) -> bool {
        let mut connections = self.lock();
        let victim = connections
            .values()
            .min_by_key(|entry| {
                let activity = &entry.activity;
                (
                    activity.busy.load(Ordering::Relaxed) > 0,
                    activity.last_used.load(Ordering::Relaxed),
                )
            })
            .map(|entry| entry.activity.id);
        match victim.and_then(|id| connections.remove(&id)) {
            Some(entry) => {
                let _ = entry.close.send(());
                true
            }
            None => false,
        }
    }
}

/// Marks a connection busy from a request's arrival until its response body is sent (or
/// dropped, when the client goes away).
struct Busy(Arc<Activity>);

impl Busy {
    fn start(activity: &Arc<Activity>) -> Busy {
        activity.busy.fetch_add(1, Ordering::Relaxed);
        activity.last_used.store(now(), Ordering::Relaxed);
        Busy(Arc::clone(activity))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.last_used.store(now(), Ordering::Relaxed);
        self.0.busy.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A response body that keeps its connection marked busy until it is done.
struct Tracked {
    body: Body,
    _guard: Busy,
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_leaves_room_for_the_server_itself() {
        assert_eq!(capacity(1024), 896);
        assert_eq!(capacity(256), 192);
        assert_eq!(capacity(20), 8);
        assert_eq!(capacity(1 << 20), (1 << 20) - (1 << 17));
    }

    use std::io::{Read as _, Write as _};
    use std::net::TcpStream;

    /// A real server on 127.0.0.1 with `limits`, answering `ok` to every request; it runs
    /// until the returned runtime is dropped.
    fn server(limits: Limits) -> (tokio::runtime::Runtime, std::net::SocketAddr) {
        server_of(limits, Router::new().fallback(|| async { "ok" }))
    }

    fn server_of(
        limits: Limits,
        router: Router,
    ) -> (tokio::runtime::Runtime, std::net::SocketAddr) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let address = listener.local_addr().expect("address");
        runtime.spawn(serve(listener, router, limits));
        (runtime, address)
    }

    fn connect(address: std::net::SocketAddr) -> TcpStream {
        let stream = TcpStream::connect(address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        stream
    }

    /// Reads until the server closes the connection; what it sent.
    fn read_to_close(stream: &mut TcpStream) -> String {
        let mut seen = Vec::new();
        let read = stream.read_to_end(&mut seen);
        assert!(
            read.is_ok(),
            "the server kept the connection open: {read:?}"
        );
        String::from_utf8_lossy(&seen).into_owned()
    }

    #[test]
    fn silent_half_sent_and_idle_kept_alive_connections_are_closed() {
        let (_runtime, address) = server(Limits {
            header_timeout: Duration::from_millis(200),
            write_timeout: Duration::from_secs(30),
            connections: 100,
        });
        let mut silent = connect(address);
        let mut half = connect(address);
        half.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .unwrap();
        let mut kept = connect(address);
        kept.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        assert!(!read_to_close(&mut silent).contains("200"));
        assert!(!read_to_close(&mut half).contains("200 OK"));
        // Answered, then closed when no next request comes.
        assert!(read_to_close(&mut kept).contains("200 OK"));
    }

    #[test]
    fn a_connection_beyond_the_limit_closes_the_longest_idle_one() {
        let (_runtime, address) = server(Limits {
            header_timeout: Duration::from_secs(60),
            write_timeout: Duration::from_secs(30),
            connections: 2,
        });
        let mut oldest = connect(address);
        // Let the server accept each before the next arrives.
        std::thread::sleep(Duration::from_millis(50));
        let _second = connect(address);
        std::thread::sleep(Duration::from_millis(50));
        let mut third = connect(address);
        third
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .unwrap();
        assert!(read_to_close(&mut third).ends_with("ok"));
        assert_eq!(read_to_close(&mut oldest), "", "evicted without an answer");
    }

    #[test]
    fn the_longest_idle_connection_is_evicted_first() {
        let open = Open::new(3);
        let (first, mut first_closed) = open.add();
        let (second, mut second_closed) = open.add();
        let (third, mut third_closed) = open.add();
        // The first has a response in progress (a reload stream), the second was used last.
        let _streaming = Busy::start(&first);
        second.last_used.store(100, Ordering::Relaxed);
        third.last_used.store(50, Ordering::Relaxed);
        open.make_room();
        assert!(third_closed.try_recv().is_ok(), "idle the longest");
        assert!(second_closed.try_recv().is_err());
        assert!(first_closed.try_recv().is_err());
        assert!(open.evict());
        assert!(second_closed.try_recv().is_ok(), "then the other idle one");
        assert!(open.evict());
        assert!(
            first_closed.try_recv().is_ok(),
            "a busy one only when none is idle"
        );
        assert!(!open.evict(), "none left");
        open.remove(first.id);
    }

    /// A client that asks for a large file and never reads is dropped after the write
    /// timeout, rather than holding the connection and the response for good.
    #[test]
    fn a_client_that_stops_reading_is_closed_after_the_write_timeout() {
        let big = Bytes::from(vec![b'x'; 64 << 20]);
        let router = Router::new().fallback(move || {
            let big = big.clone();
            async move { big }
        });
        let (_runtime, address) = server_of(
            Limits {
                header_timeout: Duration::from_secs(60),
                write_timeout: Duration::from_millis(300),
                connections: 100,
            },
            router,
        );
        let mut stalled = connect(address);
        stalled
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        // Not read for a while: the server's writes fill the socket buffers and stop.
        std::thread::sleep(Duration::from_millis(1500));
        let started = Instant::now();
        let mut seen = 0usize;
        let mut buf = vec![0; 1 << 16];
        loop {
            match stalled.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => seen += n,
                Err(err) => panic!("the server kept the stalled connection open: {err}"),
            }
        }
        assert!(
            seen < 64 << 20,
            "closed before the whole body was sent ({seen} bytes)"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
