//! A connection whose client stops reading: hyper has a timeout for reading a request head but
//! none for writing a response, so a client that asks for a large file and never reads would
//! hold the connection (and the response's bytes) for as long as it likes. Each connection's
//! stream notes when a write first could not go on; a connection stalled that way for
//! [`WRITE_TIMEOUT`] is closed.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// How long a response may wait for its client to take more bytes.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// A stream that records since when its writes have been held up.
pub(crate) struct Watched<S> {
    inner: S,
    stall: Arc<Stall>,
}

/// Since when (milliseconds from the first connection, plus one; 0 when writes flow) the
/// connection's writes have been held up.
#[derive(Debug, Default)]
pub(crate) struct Stall(AtomicU64);

impl<S> Watched<S> {
    pub(crate) fn new(inner: S) -> (Watched<S>, Arc<Stall>) {
        let stall = Arc::new(Stall::default());
        let watched = Watched {
            inner,
            stall: Arc::clone(&stall),
        };
        (watched, stall)
    }

    fn note<T>(&self, poll: Poll<T>) -> Poll<T> {
        match poll {
            Poll::Pending => {
                let _ = self.stall.0.compare_exchange(
                    0,
                    now() + 1,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                );
            }
            Poll::Ready(_) => self.stall.0.store(0, Ordering::Relaxed),
        }
        poll
    }
}

impl Stall {
    /// Returns once writes have been held up for `timeout` without a pause.
    pub(crate) async fn exceeds(&self, timeout: Duration) {
        let limit = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        let tick = (timeout / 4).max(Duration::from_millis(10));
        loop {
            tokio::time::sleep(tick).await;
            let since = self.0.load(Ordering::Relaxed);
            if since != 0 && now().saturating_sub(since - 1) >= limit {
                return;
            }
        }
    }
}

fn now() -> u64 {
    static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let epoch = EPOCH.get_or_init(Instant::now);
    u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.note(poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.note(poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.note(poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
