//! `prepbook serve`: a live preview. A rebuild loop (on its own thread) turns debounced file
//! changes into incremental rebuilds and publishes each result; the HTTP server (tokio, axum)
//! serves the last good site from memory and tells browsers when to reload.

pub(crate) mod connections;
pub(crate) mod hosts;
pub(crate) mod http;
pub(crate) mod overlay;
mod stalled;
pub(crate) mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify_debouncer_full::DebounceEventResult;

use crate::build::{BuildOptions, BuildOutcome, Builder, Change, FirstPages};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, plural};
use crate::render::SiteFiles;
use crate::urls::BasePath;
use hosts::HostPolicy;
use http::{Reload, ServeState, Served};
use overlay::errors_fingerprint;

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// Host names answered besides loopback names and the bound address (see `hosts`).
    pub allow_hosts: Vec<String>,
    pub port: u16,
    /// Serve under this path instead of the base-url's.
    pub base: Option<String>,
    pub drafts: bool,
    pub poll: bool,
    pub debounce: Duration,
}

/// One line per rebuild, and diagnostics when they change; the CLI prints them.
pub trait Reporter: Send + 'static {
    fn listening(&self, url: &str);
    fn warning(&self, message: &str);
    fn rebuilt(&self, line: &str);
    fn diagnostics(&self, diagnostics: &[Diagnostic], guides: usize);
    fn fatal(&self, message: &str);
}

/// The rebuild side: owns the builder (none while the config is broken).
struct Session {
    options: ServeOptions,
    builder: Option<Builder>,
    roots: watch::Roots,
    state: Arc<ServeState>,
    generation: u64,
    /// The last site built without errors (or the first one built): what is served, under
    /// the overlay, while there are errors.
    good: Arc<SiteFiles>,
    /// The URL paths the last publish said changed.
    last_changed: Vec<String>,
}

/// Runs the server until the process is stopped. A first build that fails still starts it.
pub fn run(options: ServeOptions, reporter: impl Reporter) -> Result<()> {
    // Watchers report canonical paths; compare them with a canonical root.
    let root = std::fs::canonicalize(&options.root)
        .with_context(|| format!("cannot open the site folder {}", options.root.display()))?;
    let options = ServeOptions { root, ..options };
    // A broken book.toml must not stop the server: serve the error until it is fixed.
    let (base, roots) = match load_config(&options) {
        Ok(config) => (config.base.clone(), watch::Roots::new(&config)),
        Err(_) => (
            BasePath::from_path(options.base.as_deref().unwrap_or("/"))?,
            watch::Roots::fallback(&options.root),
        ),
    };
    let state = ServeState::new(base, HostPolicy::new(options.bind, &options.allow_hosts));
    let (tx, rx) = channel::<DebounceEventResult>();
    let _watcher = watch::watch(&roots, options.debounce, options.poll, tx)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(SocketAddr::new(
            options.bind,
            options.port,
        )))
        .map_err(|err| listen_error(err, SocketAddr::new(options.bind, options.port)))?;
    let address = listener.local_addr()?;
    let mut session = Session {
        options,
        builder: None,
        roots,
        state: Arc::clone(&state),
        generation: 0,
        good: Arc::default(),
        last_changed: Vec::new(),
    };
    session.rebuild(None, &reporter);
    if let Some(warning) = exposure_warning(address.ip()) {
        reporter.warning(&warning);
    }
    reporter.listening(&format!("http://{address}{}", state.base.as_str()));
    std::thread::Builder::new()
        .name("prepbook-rebuild".into())
        .spawn(move || session.rebuild_loop(&rx, &reporter))
        .context("cannot start the rebuild thread")?;
    runtime.block_on(connections::serve(
        listener,
        http::router(state),
        connections::Limits::for_this_process(),
    ));
    Ok(())
}

/// What to tell a user who binds an address other computers can reach.
fn exposure_warning(ip: IpAddr) -> Option<String> {
    (!ip.is_loopback()).then(|| {
        format!(
            "listening on {ip}, which other computers can reach: anyone on the network can read \
             the preview, drafts and the error overlay (which quotes your files) included"
        )
    })
}

fn load_config(options: &ServeOptions) -> Result<Config> {
    let mut config = Config::load(&options.root)?;
    if let Some(base) = &options.base {
        config.base = BasePath::from_path(base)?;
    }
    Ok(config)
}

impl Session {
    fn rebuild_loop(&mut self, rx: &Receiver<DebounceEventResult>, reporter: &impl Reporter) {
        while let Ok(first) = rx.recv() {
            // Merge batches that queued up while the last rebuild ran.
            let mut batch = watch::Batch::of(first);
            while let Ok(more) = rx.try_recv() {
                batch.add(more);
            }
            // An editor that writes a file in chunks: build it once it stays the same. The
            // edited guides' own pages are made meanwhile, from the files as the round that
            // finds them unchanged read them.
            let first = watch::settle(
                &mut batch,
                self.options.debounce,
                || rx.try_recv().ok(),
                |batch| self.first_pages(batch),
            )
            .flatten();
            if !batch.errors.is_empty() {
                // Events may have been lost: read everything again rather than serve a site
                // that misses an edit.
                reporter.warning(&format!(
                    "watching files failed ({}); reading the whole site again",
                    batch.errors.join("; ")
                ));
                self.rebuild(None, reporter);
                continue;
            }
            if batch.paths.is_empty() {
                continue;
            }
            match watch::changes(self.with_includers(batch.paths), &self.roots) {
                Some(changes) if changes.is_empty() => {}
                Some(changes) => {
                    if let Some(first) = first {
                        self.show_first(first, reporter);
                    }
                    self.rebuild(Some(&changes), reporter);
                }
                None => {
                    self.builder = None;
                    self.rebuild(None, reporter);
                }
            }
        }
    }

    /// Rebuilds (incrementally when there is a builder and `changes`, else from scratch) and
    /// publishes the result.
    fn rebuild(&mut self, changes: Option<&[Change]>, reporter: &impl Reporter) {
        let started = Instant::now();
        let full = self.builder.is_none() || changes.is_none();
        let result = match (&mut self.builder, changes) {
            (Some(builder), Some(changes)) => builder.apply(changes),
            _ => self.fresh_builder(),
        };
        let elapsed = started.elapsed();
        match result {
            Ok(outcome) => self.publish_outcome(outcome, full, elapsed, reporter),
            Err(err) => {
                let message = format!("{err:#}");
                reporter.fatal(&message);
                self.publish_fatal(message);
            }
        }
    }

    /// `paths` with the guides that include one of them (a code listing changes those guides).
    fn with_includers(&self, mut paths: Vec<PathBuf>) -> Vec<PathBuf> {
        if let Some(builder) = &self.builder {
            let includers = builder.includers(&paths);
            paths.extend(includers);
        }
        paths
    }

    /// The own pages of the guides `batch` edits, made with the last build's site (see
    /// [`Builder::first_pages`]), and how long they took; `None` when the batch is more than
    /// edits of guides that build without errors.
    fn first_pages(&mut self, batch: &watch::Batch) -> Option<(FirstPages, Duration)> {
        if !batch.errors.is_empty() {
            return None;
        }
        let started = Instant::now();
        let changes = watch::changes(self.with_includers(batch.paths.clone()), &self.roots)?;
        let first = self.builder.as_mut()?.first_pages(&changes)?;
        Some((first, started.elapsed()))
    }

    /// Serves the pages of the edited guides at once, made with the rest of the site as it
    /// was, and tells their readers; the rebuild that follows publishes the whole site, with
    /// a reload for any of these pages that it finds otherwise. Meanwhile a request for any
    /// other file waits for it (see [`Served::current`]).
    fn show_first(&mut self, (first, took): (FirstPages, Duration), reporter: &impl Reporter) {
        let started = Instant::now();
        let mut served = {
            let now = self.state.served();
            if now.fatal.is_some() {
                return;
            }
            Served {
                files: Arc::clone(&now.files),
                diagnostics: Arc::clone(&now.diagnostics),
                first: now.first.clone(),
                ..Served::default()
            }
        };
        let mut changed = Vec::new();
        let mut current = first.settled;
        for (path, bytes) in first.pages {
            if served.get(&path) != Some(&*bytes) {
                changed.push(path.clone());
            }
            current.insert(path.clone());
            served.first.insert(path, bytes);
        }
        served.current = Some(Arc::new(current));
        self.publish(served, &changed, false);
        reporter.rebuilt(&first_pages_line(changed.len(), took + started.elapsed()));
    }

    fn fresh_builder(&mut self) -> Result<BuildOutcome> {
        let config = load_config(&self.options)?;
        self.roots = watch::Roots::new(&config);
        let mut builder = Builder::new(
            config,
            BuildOptions {
                include_drafts: self.options.drafts,
            },
        )?;
        builder.reuse_pages();
        let outcome = builder.full();
        self.builder = Some(builder);
        outcome
    }

    fn publish_outcome(
        &mut self,
        outcome: BuildOutcome,
        full: bool,
        elapsed: Duration,
        reporter: &impl Reporter,
    ) {
        let old_diagnostics = self.current_diagnostics();
        // With errors, keep serving the last good site (the overlay shows the errors over it);
        // on the very first build there is none, so serve what was built.
        let files = if outcome.has_errors() && !self.good.is_empty() {
            Arc::clone(&self.good)
        } else {
            Arc::new(outcome.files)
        };
        self.good = Arc::clone(&files);
        // Against what is served, which may hold the first pages of this edit.
        let changed = self.changed_from_served(&files);
        // The first build is not a rebuild: it reads every guide and writes every file.
        let (verb, guides) = if self.generation == 0 {
            ("built", outcome.guides)
        } else {
            ("rebuilt", outcome.parsed)
        };
        reporter.rebuilt(&format!(
            "{verb} {guides} {}, {} {} in {} ms",
            plural(guides, "guide"),
            changed.len(),
            plural(changed.len(), "file"),
            elapsed.as_millis()
        ));
        if *outcome.diagnostics != *old_diagnostics {
            reporter.diagnostics(&outcome.diagnostics, outcome.guides);
        }
        let served = Served {
            files,
            diagnostics: outcome.diagnostics.into(),
            fatal: None,
            ..Served::default()
        };
        self.publish(served, &changed, full);
    }

    fn publish_fatal(&mut self, message: String) {
        let diagnostics = self.current_diagnostics();
        // The last good site, without the first pages of an edit that could not be built.
        let changed = self.changed_from_served(&self.good);
        let served = Served {
            files: Arc::clone(&self.good),
            diagnostics,
            fatal: Some(message),
            ..Served::default()
        };
        self.publish(served, &changed, false);
    }

    fn current_diagnostics(&self) -> Arc<[Diagnostic]> {
        Arc::clone(&self.state.served().diagnostics)
    }

    /// The paths whose bytes differ between what is served now and `files`.
    fn changed_from_served(&self, files: &SiteFiles) -> Vec<String> {
        self.state.served().changed_paths(files)
    }

    /// Serves `served` as the next generation (whatever generation it says) and tells the
    /// browsers: `changed` are the files whose bytes changed, `full` asks for a full reload.
    fn publish(&mut self, mut served: Served, changed: &[String], full: bool) {
        self.generation += 1;
        served.generation = self.generation;
        let base = &self.state.base;
        let changed_urls: Vec<String> = changed
            .iter()
            .map(|path| base.url(&page_path(path)))
            .collect();
        let reload = Reload {
            generation: self.generation,
            previous: std::mem::replace(&mut self.last_changed, changed_urls.clone()),
            changed: changed_urls,
            assets: changed.iter().any(|path| is_page_asset(path)),
            errors: errors_fingerprint(&served.diagnostics, served.fatal.as_deref()),
            full,
        };
        self.state.publish(served, reload);
    }
}

/// Whether a changed file can change how every page looks (a stylesheet, a script, an image),
/// as opposed to a page or a data file that pages fetch only on demand (the search index,
/// feeds, the sitemap), whose change needs no reload.
fn is_page_asset(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    !matches!(ext, "html" | "json" | "xml" | "txt")
}

/// The URL path of an output file: `guides/a/index.html` → `guides/a/`.
fn page_path(file: &str) -> String {
    file.strip_suffix("index.html").unwrap_or(file).to_owned()
}

/// Why the server cannot listen, with the way out when the port is taken (most often by
/// another `serve`): `--port 0` takes any free port and prints it.
fn listen_error(err: std::io::Error, address: SocketAddr) -> anyhow::Error {
    if err.kind() == std::io::ErrorKind::AddrInUse {
        anyhow::anyhow!(
            "cannot listen on {address}: the port is in use (by another `prepbook serve`?)\n\
             help: pass another port with `--port {}`, or `--port 0` to take any free one",
            address.port().wrapping_add(1).max(1)
        )
    } else {
        anyhow::Error::new(err).context(format!("cannot listen on {address}"))
    }
}

/// The line after an edit's own pages are served: how many changed. An edit can change none
/// (a space at the end of a line): then it says so rather than "showed 0 edited files".
fn first_pages_line(changed: usize, took: Duration) -> String {
    let ms = took.as_millis();
    if changed == 0 {
        format!("the edit changed no page ({ms} ms)")
    } else {
        format!(
            "showed {changed} edited {} in {ms} ms",
            plural(changed, "page")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_that_changes_no_page_says_so() {
        let ms = Duration::from_millis(3);
        assert_eq!(first_pages_line(0, ms), "the edit changed no page (3 ms)");
        assert_eq!(first_pages_line(1, ms), "showed 1 edited page in 3 ms");
        assert_eq!(first_pages_line(2, ms), "showed 2 edited pages in 3 ms");
    }

    #[test]
    fn a_port_in_use_points_at_port_0() {
        let address: SocketAddr = "127.0.0.1:3000".parse().unwrap();
        let taken = listen_error(std::io::ErrorKind::AddrInUse.into(), address).to_string();
        assert!(
            taken.contains("127.0.0.1:3000: the port is in use"),
            "{taken}"
        );
        assert!(taken.contains("`--port 3001`, or `--port 0`"), "{taken}");
        let other = listen_error(std::io::ErrorKind::PermissionDenied.into(), address);
        assert_eq!(other.to_string(), "cannot listen on 127.0.0.1:3000");
    }

    #[test]
    fn binding_beyond_loopback_is_warned_about() {
        for ip in ["127.0.0.1", "127.0.0.2", "::1"] {
            assert_eq!(exposure_warning(ip.parse().unwrap()), None, "{ip}");
        }
        for ip in ["0.0.0.0", "::", "192.168.1.5"] {
            let warning = exposure_warning(ip.parse().unwrap()).unwrap_or_default();
            assert!(
                warning.contains(ip) && warning.contains("drafts"),
                "{ip}: {warning}"
            );
        }
    }
}
