//! The HTTP side of `serve`: the in-memory site, the reload channel (server-sent events) and
//! the error overlay. Holds no build logic: it reads what the rebuild loop publishes.

use std::collections::{BTreeMap, BTreeSet};
use std::convert::Infallible;
use std::sync::{Arc, RwLock, RwLockReadGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Response, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use serde::Serialize;
use tokio::sync::watch;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::WatchStream;

use super::hosts::HostPolicy;
use super::overlay::{Injection, errors_fingerprint, inject};
use crate::diagnostic::Diagnostic;
use crate::render::SiteFiles;
use crate::urls::{BasePath, file_for_path, percent_decode};

/// What is being served: the last good site and the current problems.
#[derive(Debug, Default)]
pub(crate) struct Served {
    pub files: Arc<SiteFiles>,
    /// Shared, not copied, by each version served: a large site can have tens of thousands
    /// of warnings, and the first pages of an edit are served with the same ones.
    pub diagnostics: Arc<[Diagnostic]>,
    pub fatal: Option<String>,
    pub generation: u64,
    /// While the rest of the site is rebuilt after an edit whose own pages are already
    /// served: the files known to be as the rebuild will leave them. A request for any other
    /// file waits for the rebuild, so that no reader is answered with a page it outdates.
    pub current: Option<Arc<BTreeSet<String>>>,
    /// The pages of that edit, served in place of the files' own until the rebuild: laid
    /// over the site rather than copied into it, so that they are shown without copying a
    /// map of every file first.
    pub first: BTreeMap<String, Arc<[u8]>>,
}

impl Served {
    /// The bytes served at `path`.
    pub(crate) fn get(&self, path: &str) -> Option<&[u8]> {
        match self.first.get(path) {
            Some(bytes) => Some(bytes),
            None => self.files.get(path),
        }
    }

    /// The stored bytes at `path`, shared: a response holds them without a copy, however many
    /// clients read the same large file at once.
    pub(crate) fn shared(&self, path: &str) -> Option<Arc<[u8]>> {
        self.first
            .get(path)
            .or_else(|| self.files.0.get(path))
            .map(Arc::clone)
    }

    /// Paths whose bytes differ between what is served and `newer` (added, changed or
    /// removed), sorted.
    pub(crate) fn changed_paths(&self, newer: &SiteFiles) -> Vec<String> {
        let mut changed: BTreeSet<String> = self
            .files
            .changed_paths(newer)
            .into_iter()
            .filter(|path| !self.first.contains_key(path))
            .collect();
        for (path, bytes) in &self.first {
            if newer.get(path) != Some(&**bytes) {
                changed.insert(path.clone());
            }
        }
        changed.into_iter().collect()
    }
}

/// How long a request waits for the rebuild before it is answered with what is there.
const REBUILD_WAIT: Duration = Duration::from_secs(30);

/// The message browsers get after each rebuild.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub(crate) struct Reload {
    pub generation: u64,
    /// URL paths of pages whose bytes changed (added, changed or removed).
    pub changed: Vec<String>,
    /// `changed` of the generation before this one, for a page that missed it (both come
    /// close together after an edit: its own pages, then the rest of the site).
    pub previous: Vec<String>,
    /// A stylesheet, script or other asset changed: every page reloads.
    pub assets: bool,
    /// Fingerprint of the problems shown in the overlay.
    pub errors: String,
    /// The whole site was rebuilt from scratch (config change).
    pub full: bool,
}

/// Shared between the server and the rebuild loop.
pub(crate) struct ServeState {
    pub served: RwLock<Served>,
    pub reload: watch::Sender<Reload>,
    pub base: BasePath,
    pub hosts: HostPolicy,
}

pub(crate) const EVENTS_PATH: &str = "__prepbook/events";

impl ServeState {
    pub(crate) fn new(base: BasePath, hosts: HostPolicy) -> Arc<ServeState> {
        let (reload, _) = watch::channel(Reload {
            errors: errors_fingerprint(&[], None),
            ..Reload::default()
        });
        Arc::new(ServeState {
            served: RwLock::new(Served::default()),
            reload,
            base,
            hosts,
        })
    }

    /// What is served now. A rebuild thread that panicked while publishing left a whole
    /// `Served` behind (publishing is one assignment), so a poisoned lock is read through.
    pub(crate) fn served(&self) -> RwLockReadGuard<'_, Served> {
        match self.served.read() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Swaps in a new state and then tells browsers: a reload never races the swap.
    pub(crate) fn publish(&self, served: Served, reload: Reload) {
        match self.served.write() {
            Ok(mut guard) => *guard = served,
            Err(poisoned) => *poisoned.into_inner() = served,
        }
        self.reload.send_replace(reload);
    }
}

pub(crate) fn router(state: Arc<ServeState>) -> Router {
    let events = state.base.url(EVENTS_PATH);
    Router::new()
        .route(&events, axum::routing::get(events_stream))
        .fallback(page)
        .layer(middleware::from_fn_with_state(Arc::clone(&state), own_host))
        .with_state(state)
}

/// Refuses a request that names another host than this server (see [`HostPolicy`]). An
/// absolute request target (`GET http://evil.example/`) names its host there, not in `Host`.
async fn own_host(
    State(state): State<Arc<ServeState>>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let host = match request.uri().authority() {
        Some(authority) => Some(authority.as_str()),
        None => request
            .headers()
            .get(header::HOST)
            .and_then(|value| value.to_str().ok()),
    };
    if state.hosts.allows(host) {
        return next.run(request).await;
    }
    let mut response = Response::new(Body::from(
        "prepbook serve answers only requests for this computer (localhost, 127.0.0.1 or the \
         address it listens on); start it with --allow-host NAME to allow another name.\n",
    ));
    *response.status_mut() = StatusCode::FORBIDDEN;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn events_stream(
    State(state): State<Arc<ServeState>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    // The current state comes first, so a page that missed a rebuild while loading catches up.
    let stream = WatchStream::new(state.reload.subscribe()).map(|reload| {
        let data = serde_json::to_string(&reload).unwrap_or_default();
        Ok(Event::default().event("reload").data(data))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Any other GET or HEAD: a file of the site, its 404 page, or a redirect to add a slash;
/// while the site is being rebuilt after an edit, once it is rebuilt, unless the file is
/// known to be current already (see [`Served::current`]).
async fn page(State(state): State<Arc<ServeState>>, uri: Uri) -> Response<Body> {
    // Subscribed before the state is read, so that no publish between the two is missed.
    let mut updates = state.reload.subscribe();
    let deadline = tokio::time::Instant::now() + REBUILD_WAIT;
    loop {
        let waited_enough = tokio::time::Instant::now() >= deadline;
        if let Some(response) = answer(&state, &uri, waited_enough) {
            return response;
        }
        // A closed channel or the deadline: the next turn answers with what is there.
        let _ = tokio::time::timeout_at(deadline, updates.changed()).await;
    }
}

/// The answer to a request from what is served now; `None` while it must wait for the
/// rebuild (unless `anyway`).
fn answer(state: &ServeState, uri: &Uri, anyway: bool) -> Option<Response<Body>> {
    let served = state.served();
    let resolved = resolve(uri.path(), &state.base, |path| served.get(path).is_some());
    if let Some(current) = &served.current {
        let is_current = matches!(&resolved, Resolved::File(path) if current.contains(path));
        if !is_current && !anyway {
            return None;
        }
    }
    Some(match resolved {
        Resolved::File(path) => {
            let bytes = served.shared(&path).unwrap_or_else(|| Arc::from(&[][..]));
            respond(StatusCode::OK, &path, bytes, state, &served)
        }
        Resolved::Redirect(location) => Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(header::LOCATION, location)
            .header(header::CACHE_CONTROL, "no-store")
            .body(Body::empty())
            .unwrap_or_default(),
        Resolved::NotFound => {
            let fallback = b"<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1></body></html>";
            let bytes = served
                .shared(crate::urls::NOT_FOUND)
                .unwrap_or_else(|| Arc::from(&fallback[..]));
            respond(
                StatusCode::NOT_FOUND,
                crate::urls::NOT_FOUND,
                bytes,
                state,
                &served,
            )
        }
    })
}

fn respond(
    status: StatusCode,
    path: &str,
    bytes: Arc<[u8]>,
    state: &ServeState,
    served: &Served,
) -> Response<Body> {
    let content_type = content_type(path);
    let body = if content_type.as_bytes().starts_with(b"text/html") {
        let html = String::from_utf8_lossy(&bytes);
        let events_url = state.base.url(EVENTS_PATH);
        Body::from(inject(
            &html,
            &Injection {
                generation: served.generation,
                events_url: &events_url,
                diagnostics: &served.diagnostics,
                fatal: served.fatal.as_deref(),
            },
        ))
    } else {
        Body::from(axum::body::Bytes::from_owner(bytes))
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    File(String),
    Redirect(String),
    NotFound,
}

/// Maps a request path to a file of the site. Percent-escapes are decoded first and any `.` or
/// `..` segment refuses the request, so no path can reach outside the site (which is only in
/// memory anyway).
pub(crate) fn resolve(request: &str, base: &BasePath, exists: impl Fn(&str) -> bool) -> Resolved {
    let Some(decoded) = percent_decode(request) else {
        return Resolved::NotFound;
    };
    // `/prep` and, when serving under a base, `/` itself: a reader who types the bare address
    // lands on the site instead of a 404.
    if base.as_str() != "/" && (decoded == base.as_str().trim_end_matches('/') || decoded == "/") {
        return Resolved::Redirect(base.as_str().to_owned());
    }
    let Some(rest) = decoded.strip_prefix(base.as_str()) else {
        return Resolved::NotFound;
    };
    if rest.split('/').any(|seg| seg == ".." || seg == ".")
        || rest.contains('\\')
        || rest.contains('\0')
    {
        return Resolved::NotFound;
    }
    let file = file_for_path(rest);
    if exists(&file) {
        return Resolved::File(file);
    }
    if !rest.is_empty() && !rest.ends_with('/') && exists(&format!("{rest}/index.html")) {
        return Resolved::Redirect(base.url(&format!("{rest}/")));
    }
    Resolved::NotFound
}

/// The `Content-Type` of a site file, by its extension (the ecosystem's table); text types
/// say `charset=utf-8`, as every text prepbook writes or copies is served as UTF-8 (the
/// browser would otherwise guess, and may guess a legacy encoding for CSS or plain text).
pub(crate) fn content_type(path: &str) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let value = if mime.type_().as_str() == "text" && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    // A MIME type from the table is always a valid header value; the fallback only satisfies
    // the type.
    HeaderValue::try_from(value)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: [&str; 4] = [
        "index.html",
        "guides/a/index.html",
        "assets/style.css",
        "404.html",
    ];

    fn exists(path: &str) -> bool {
        FILES.contains(&path)
    }

    fn site(files: &[(&str, &str)]) -> SiteFiles {
        let mut site = SiteFiles::default();
        for (path, text) in files {
            site.insert((*path).to_owned(), *text).unwrap();
        }
        site
    }

    #[test]
    fn first_pages_are_served_over_the_site_and_compared_as_served() {
        let served = Served {
            files: Arc::new(site(&[
                ("a.html", "old a"),
                ("b.html", "old b"),
                ("c.html", "c"),
            ])),
            first: [("a.html".to_owned(), Arc::from(&b"first a"[..]))].into(),
            ..Served::default()
        };
        assert_eq!(served.get("a.html"), Some(&b"first a"[..]));
        assert_eq!(served.get("b.html"), Some(&b"old b"[..]));
        assert_eq!(served.get("d.html"), None);
        // The rebuild left `a` as first shown, changed `b`, removed `c` and added `d`.
        let rebuilt = site(&[("a.html", "first a"), ("b.html", "new b"), ("d.html", "d")]);
        assert_eq!(
            served.changed_paths(&rebuilt),
            ["b.html", "c.html", "d.html"]
        );
        // Or made `a` otherwise than it was first shown.
        let otherwise = site(&[("a.html", "other a"), ("b.html", "old b"), ("c.html", "c")]);
        assert_eq!(served.changed_paths(&otherwise), ["a.html"]);
    }

    /// A file's response body is the stored bytes themselves, not a copy made per request.
    #[test]
    fn a_file_is_served_from_its_stored_bytes_without_a_copy() {
        use axum::body::HttpBody as _;
        let state = ServeState::new(
            BasePath::default(),
            super::super::hosts::HostPolicy::new("127.0.0.1".parse().unwrap(), &[]),
        );
        let files = site(&[("big.bin", &"x".repeat(1 << 20))]);
        let stored = files.0.get("big.bin").map(Arc::clone).unwrap();
        if let Ok(mut served) = state.served.write() {
            served.files = Arc::new(files);
        }
        let uri: Uri = "/big.bin".parse().unwrap();
        let response = answer(&state, &uri, true).unwrap();
        let mut body = response.into_body();
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let frame = match std::pin::Pin::new(&mut body).poll_frame(&mut cx) {
            std::task::Poll::Ready(Some(Ok(frame))) => frame,
            other => panic!("no body frame: {other:?}"),
        };
        let data = frame.into_data().unwrap();
        assert_eq!(data.len(), stored.len());
        assert_eq!(data.as_ptr(), stored.as_ptr(), "the stored bytes, shared");
    }

    #[test]
    fn paths_resolve_under_the_base() {
        let base = BasePath::from_path("/prep/").unwrap();
        assert_eq!(
            resolve("/prep/", &base, exists),
            Resolved::File("index.html".into())
        );
        assert_eq!(
            resolve("/prep/guides/a/", &base, exists),
            Resolved::File("guides/a/index.html".into())
        );
        assert_eq!(
            resolve("/prep/guides/a", &base, exists),
            Resolved::Redirect("/prep/guides/a/".into())
        );
        assert_eq!(
            resolve("/prep", &base, exists),
            Resolved::Redirect("/prep/".into())
        );
        assert_eq!(resolve("/guides/a/", &base, exists), Resolved::NotFound);
        assert_eq!(
            resolve("/", &base, exists),
            Resolved::Redirect("/prep/".into())
        );
        assert_eq!(
            resolve("/prep/assets/style.css", &base, exists),
            Resolved::File("assets/style.css".into())
        );
    }

    #[test]
    fn traversal_is_refused_encoded_or_not() {
        let base = BasePath::default();
        for path in [
            "/../etc/passwd",
            "/guides/../index.html",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Findex.html",
            "/a%00b",
            "/%zz",
            "/..%5cindex.html",
        ] {
            assert_eq!(resolve(path, &base, exists), Resolved::NotFound, "{path}");
        }
    }

    #[test]
    fn content_types() {
        for (path, expected) in [
            ("a/index.html", "text/html; charset=utf-8"),
            ("x.css", "text/css; charset=utf-8"),
            ("assets/app.js", "text/javascript; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("search/index.json", "application/json"),
            ("img/logo.svg", "image/svg+xml"),
            ("img/photo.JPG", "image/jpeg"),
            ("fonts/inter.woff2", "font/woff2"),
            ("guide.pdf", "application/pdf"),
            ("CNAME", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }
}
