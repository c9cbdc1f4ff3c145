//! Watching the site's files: which folders, which events, and what each changed path means.
//! Classification is pure (and unit-tested); the notify plumbing is at the bottom.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer_opt};

use crate::build::Change;
use crate::config::Config;

/// What a changed path means for a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Watched {
    Build(Change),
    /// `book.toml`: rebuild from scratch.
    Config,
    /// Editor temp files, the output, anything prepbook does not read.
    Ignored,
}

/// The folders that matter, resolved once from the config.
#[derive(Debug, Clone)]
pub(crate) struct Roots {
    pub root: PathBuf,
    pub content: PathBuf,
    pub themes: PathBuf,
    pub statics: PathBuf,
    pub output: PathBuf,
    /// The files whose change reloads the config: `book.toml`, `prepbook.toml`, and the table
    /// of contents the config names.
    pub config: Vec<PathBuf>,
}

impl Roots {
    /// The folders of a site whose `book.toml` cannot be read yet: the defaults, so that fixing
    /// the config is still noticed.
    pub(crate) fn fallback(root: &Path) -> Roots {
        Roots {
            root: root.to_path_buf(),
            content: root.join("content"),
            themes: root.join("themes"),
            statics: root.join("static"),
            output: root.join("public"),
            config: config_files(root, None),
        }
    }

    pub(crate) fn new(config: &Config) -> Roots {
        Roots {
            root: config.root.clone(),
            content: config.content_dir.clone(),
            themes: config.root.join("themes"),
            statics: config.root.join("static"),
            output: config.output_dir.clone(),
            config: config_files(&config.root, config.borrowed.files()),
        }
    }
}

/// The config files of the site at `root`, and `borrowed`: the other tools' files it reads.
fn config_files<'a>(root: &Path, borrowed: impl IntoIterator<Item = &'a PathBuf>) -> Vec<PathBuf> {
    [Config::FILE_NAME, Config::OWN_FILE_NAME]
        .map(|name| root.join(name))
        .into_iter()
        .chain(borrowed.into_iter().cloned())
        .collect()
}

/// Decides what a changed path means. Temp and swap files of common editors are ignored, so a
/// save is seen once, as the file it replaces.
pub(crate) fn classify(path: &Path, roots: &Roots) -> Watched {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return Watched::Ignored;
    };
    if is_editor_temp(&name)
        || path.starts_with(&roots.output)
        || path.starts_with(roots.root.join("target"))
    {
        return Watched::Ignored;
    }
    // Before the content: mdBook's `SUMMARY.md` lies in its content folder.
    if roots.config.iter().any(|file| path == file) {
        return Watched::Config;
    }
    if path.starts_with(&roots.content) {
        let hidden = path
            .strip_prefix(&roots.content)
            .map(|rel| {
                rel.components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            })
            .unwrap_or(true);
        // A folder (created, deleted or renamed) may hold guides; other files are not read.
        let relevant = crate::urls::markdown_stem(&name).is_some() || path.extension().is_none();
        return if hidden || !relevant {
            Watched::Ignored
        } else {
            Watched::Build(Change::Content(path.to_path_buf()))
        };
    }
    if path.starts_with(&roots.themes) {
        return Watched::Build(Change::Theme);
    }
    if path.starts_with(&roots.statics) {
        return Watched::Build(Change::Static);
    }
    Watched::Ignored
}

/// Swap, backup and temp files that editors write next to the file being saved.
pub(crate) fn is_editor_temp(name: &str) -> bool {
    name.ends_with('~')
        || name == "4913" // vim's write test
        || [".swp", ".swo", ".swx", ".swpx", ".bck", ".bak", ".tmp", ".crswap", ".kate-swp"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name.starts_with(".#") // emacs lock
        || (name.starts_with('#') && name.ends_with('#')) // emacs auto-save
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
        || name == ".DS_Store"
}

/// Turns one debounced batch of paths into the changes to apply: duplicates merged, theme and
/// static changes once each; `None` if `book.toml` changed (rebuild from scratch).
pub(crate) fn changes(
    paths: impl IntoIterator<Item = PathBuf>,
    roots: &Roots,
) -> Option<Vec<Change>> {
    let mut content = BTreeSet::new();
    let (mut theme, mut statics) = (false, false);
    for path in paths {
        match classify(&path, roots) {
            Watched::Config => return None,
            Watched::Build(Change::Content(path)) => {
                content.insert(path);
            }
            Watched::Build(Change::Theme) => theme = true,
            Watched::Build(Change::Static) => statics = true,
            Watched::Ignored => {}
        }
    }
    let mut changes: Vec<Change> = content.into_iter().map(Change::Content).collect();
    if theme {
        changes.push(Change::Theme);
    }
    if statics {
        changes.push(Change::Static);
    }
    Some(changes)
}

/// The size and modification time of each path (`None` for one that is gone): compared
/// across a debounce period, it tells whether an editor is still writing a file.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Snapshot(Vec<(PathBuf, Option<(u64, std::time::SystemTime)>)>);

impl Snapshot {
    pub(crate) fn of(paths: &[PathBuf]) -> Snapshot {
        let mut paths: Vec<&PathBuf> = paths.iter().collect();
        paths.sort();
        paths.dedup();
        Snapshot(
            paths
                .into_iter()
                .map(|path| {
                    let stat = std::fs::metadata(path)
                        .ok()
                        .and_then(|m| Some((m.len(), m.modified().ok()?)));
                    (path.clone(), stat)
                })
                .collect(),
        )
    }
}

/// How many debounce periods a rebuild waits at most for files that keep changing: a file
/// written without pause (a log in `static/`) still gets rebuilt.
pub(crate) const SETTLE_ROUNDS: usize = 20;

/// Waits until the paths of `batch` have kept their size and modification time for one
/// `period` (adding what `more` reports meanwhile), so that a file an editor writes in two
/// chunks is built once, whole, not first half-written. Gives up after [`SETTLE_ROUNDS`].
/// A batch whose every written file was closed by its writer (or renamed into place, or
/// removed) is whole already and waits for nothing.
///
/// Each round runs `meanwhile` on the batch right after the first look at its paths, while
/// the period runs: what it makes from the files then is what they hold once they are found
/// unchanged at the end of the period. It is given back from the round that settles (`None`
/// when none did), so that work read from the files (serve's first pages) costs no time
/// beyond the wait.
pub(crate) fn settle<T>(
    batch: &mut Batch,
    period: Duration,
    mut more: impl FnMut() -> Option<DebounceEventResult>,
    mut meanwhile: impl FnMut(&Batch) -> T,
) -> Option<T> {
    for _ in 0..SETTLE_ROUNDS {
        if batch.open.is_empty() {
            return Some(meanwhile(batch));
        }
        let before = Snapshot::of(&batch.paths);
        let started = std::time::Instant::now();
        let made = meanwhile(batch);
        std::thread::sleep(period.saturating_sub(started.elapsed()));
        while let Some(later) = more() {
            batch.add(later);
        }
        if Snapshot::of(&batch.paths) == before {
            return Some(made);
        }
    }
    None
}

/// What debounced batches of file events say.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Batch {
    /// The paths they touched.
    pub paths: Vec<PathBuf>,
    /// The paths written to and not seen closed since: a writer may still be at them. Only
    /// the system's events tell a close; with polling every changed path stays here.
    pub open: BTreeSet<PathBuf>,
    /// What the watcher could not watch or report (a folder gone, an event queue that
    /// overflowed): changes may have been missed, so the whole site is read again.
    pub errors: Vec<String>,
}

impl Batch {
    /// What one debounced batch of events says (see [`Batch::add`]).
    pub(crate) fn of(result: DebounceEventResult) -> Batch {
        let mut batch = Batch::default();
        batch.add(result);
        batch
    }

    /// Adds the events of a later batch, in their order. Reads of a file (`Access` events,
    /// which Linux reports when the build itself reads a watched file) are not changes:
    /// counting them would make every rebuild trigger the next. A close after writing is
    /// not a change either, but it says the file is whole.
    pub(crate) fn add(&mut self, result: DebounceEventResult) {
        use notify::event::{AccessKind, AccessMode, ModifyKind};
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                self.errors.extend(errors.iter().map(ToString::to_string));
                return;
            }
        };
        for event in events {
            let kind = event.event.kind;
            for path in event.event.paths {
                match kind {
                    EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
                        self.open.remove(&path);
                    }
                    EventKind::Access(_) => {}
                    // Gone, or moved whole: nothing is left half-written at this path.
                    EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_)) => {
                        self.open.remove(&path);
                        self.paths.push(path);
                    }
                    _ => {
                        self.open.insert(path.clone());
                        self.paths.push(path);
                    }
                }
            }
        }
    }
}

/// A running watcher; dropping it stops watching.
pub(crate) struct Watcher {
    _inner: Box<dyn std::any::Any + Send>,
}

/// Watches content and themes recursively, `static/` recursively, and the site root (for
/// `book.toml`, which editors replace by rename) without recursion; never the output.
pub(crate) fn watch(
    roots: &Roots,
    debounce: Duration,
    poll: bool,
    tx: Sender<DebounceEventResult>,
) -> Result<Watcher> {
    let targets: Vec<(PathBuf, RecursiveMode)> = [
        (roots.content.clone(), RecursiveMode::Recursive),
        (roots.themes.clone(), RecursiveMode::Recursive),
        (roots.statics.clone(), RecursiveMode::Recursive),
        (roots.root.clone(), RecursiveMode::NonRecursive),
    ]
    .into_iter()
    .filter(|(path, _)| path.is_dir())
    .collect();
    macro_rules! start {
        ($debouncer:expr) => {{
            let mut debouncer = $debouncer.context("cannot start watching files")?;
            for (path, mode) in &targets {
                debouncer
                    .watch(path, *mode)
                    .with_context(|| format!("cannot watch {}", path.display()))?;
            }
            Watcher {
                _inner: Box::new(debouncer),
            }
        }};
    }
    Ok(if poll {
        // Reads are of no interest (as with the system's events): only what changes a file.
        let polling = notify::Config::default()
            .with_event_kinds(notify::EventKindMask::CORE)
            .with_poll_interval(Duration::from_millis(200));
        start!(new_debouncer_opt::<_, notify::PollWatcher, _>(
            // Checked for quiet four times per window (the default tick), which keeps the delay
            // after the last event close to the window.
            notify_debouncer_full::Config::default()
                .with_timeout(debounce)
                .with_notify_config(polling),
            tx,
            notify_debouncer_full::NoCache,
        ))
    } else {
        // Closes after writing too: they tell that a saved file is whole (see [`settle`]).
        let events = notify::Config::default()
            .with_event_kinds(notify::EventKindMask::CORE | notify::EventKindMask::ACCESS_CLOSE);
        start!(new_debouncer_opt::<_, notify::RecommendedWatcher, _>(
            notify_debouncer_full::Config::default()
                .with_timeout(debounce)
                .with_notify_config(events),
            tx,
            notify_debouncer_full::RecommendedCache::new(),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roots() -> Roots {
        Roots {
            root: "/s".into(),
            content: "/s/content".into(),
            themes: "/s/themes".into(),
            statics: "/s/static".into(),
            output: "/s/public".into(),
            config: config_files(Path::new("/s"), &[PathBuf::from("/s/content/SUMMARY.md")]),
        }
    }

    #[test]
    fn the_config_files_and_the_table_of_contents_reload_the_config() {
        let roots = roots();
        for path in ["/s/book.toml", "/s/prepbook.toml", "/s/content/SUMMARY.md"] {
            assert_eq!(classify(Path::new(path), &roots), Watched::Config, "{path}");
        }
        assert!(matches!(
            classify(Path::new("/s/content/a.md"), &roots),
            Watched::Build(_)
        ));
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        for name in [
            "guide.md~",
            ".guide.md.swp",
            ".guide.md.swx",
            "4913",
            ".#guide.md",
            "#guide.md#",
            "guide.md___jb_tmp___",
            "guide.md___jb_old___",
            "guide.md.bck",
            "guide.md.crswap",
        ] {
            assert_eq!(
                classify(&Path::new("/s/content").join(name), &roots()),
                Watched::Ignored,
                "{name}"
            );
        }
    }

    #[test]
    fn paths_map_to_changes() {
        let r = roots();
        assert_eq!(
            classify(Path::new("/s/content/a/b.md"), &r),
            Watched::Build(Change::Content("/s/content/a/b.md".into()))
        );
        assert_eq!(
            classify(Path::new("/s/content/a"), &r),
            Watched::Build(Change::Content("/s/content/a".into())),
            "a folder may hold guides"
        );
        assert_eq!(
            classify(Path::new("/s/content/a/image.png"), &r),
            Watched::Ignored
        );
        assert_eq!(
            classify(Path::new("/s/content/.hidden/x.md"), &r),
            Watched::Ignored
        );
        assert_eq!(
            classify(Path::new("/s/themes/x/templates/guide.html"), &r),
            Watched::Build(Change::Theme)
        );
        assert_eq!(
            classify(Path::new("/s/static/CNAME"), &r),
            Watched::Build(Change::Static)
        );
        assert_eq!(classify(Path::new("/s/book.toml"), &r), Watched::Config);
        assert_eq!(
            classify(Path::new("/s/public/index.html"), &r),
            Watched::Ignored
        );
        assert_eq!(
            classify(Path::new("/s/target/debug/x"), &r),
            Watched::Ignored
        );
        assert_eq!(classify(Path::new("/s/README.md"), &r), Watched::Ignored);
    }

    #[test]
    fn reads_are_not_changes() {
        use notify::event::{AccessKind, AccessMode, CreateKind, Event};
        use notify_debouncer_full::DebouncedEvent;
        let now = std::time::Instant::now();
        let read = Event::new(EventKind::Access(AccessKind::Close(AccessMode::Read)))
            .add_path("/s/content/a.md".into());
        let created =
            Event::new(EventKind::Create(CreateKind::File)).add_path("/s/content/b.md".into());
        let batch = vec![
            DebouncedEvent::new(read, now),
            DebouncedEvent::new(created, now),
        ];
        assert_eq!(
            Batch::of(Ok(batch)).paths,
            [PathBuf::from("/s/content/b.md")]
        );
        let lost = Batch::of(Err(vec![notify::Error::generic("queue overflow")]));
        assert!(lost.paths.is_empty());
        assert_eq!(lost.errors, ["queue overflow"]);
    }

    #[test]
    fn a_batch_is_merged_and_config_wins() {
        let r = roots();
        let batch = vec![
            PathBuf::from("/s/content/a.md"),
            PathBuf::from("/s/content/.a.md.swp"),
            PathBuf::from("/s/content/a.md"),
            PathBuf::from("/s/themes/t/static/x.css"),
            PathBuf::from("/s/themes/t/templates/y.html"),
        ];
        assert_eq!(
            changes(batch.clone(), &r),
            Some(vec![
                Change::Content("/s/content/a.md".into()),
                Change::Theme
            ])
        );
        let mut with_config = batch;
        with_config.push("/s/book.toml".into());
        assert_eq!(changes(with_config, &r), None);
    }

    /// A file still being written (a second chunk after the first) is waited for: the wait
    /// ends only once it has stayed the same for a whole period.
    #[test]
    fn a_file_written_in_two_chunks_is_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("guide.md");
        std::fs::write(&file, "---\ntitle: A\n").unwrap();
        let writer = {
            let file = file.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(15));
                let mut text = std::fs::read_to_string(&file).unwrap();
                text.push_str("---\n\n## FAQ\n");
                std::fs::write(&file, text).unwrap();
            })
        };
        // As the events of a write that was not seen closed leave it.
        let mut batch = Batch {
            paths: vec![file.clone()],
            open: BTreeSet::from([file.clone()]),
            errors: Vec::new(),
        };
        let started = std::time::Instant::now();
        let read = |batch: &Batch| std::fs::read_to_string(&batch.paths[0]).unwrap();
        let settled = settle(&mut batch, Duration::from_millis(40), || None, read);
        writer.join().unwrap();
        // The second chunk came within the first period: a second period was waited, and
        // what was read meanwhile is the whole file, read in the round that settled.
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(70), "{waited:?}");
        assert!(settled.expect("settled").contains("FAQ"));
        // Nothing changing: one period, however long the work done meanwhile (up to it).
        let started = std::time::Instant::now();
        let slow = |_: &Batch| std::thread::sleep(Duration::from_millis(30));
        assert!(settle(&mut batch, Duration::from_millis(40), || None, slow).is_some());
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(40), "{waited:?}");
        assert!(waited < Duration::from_millis(400), "{waited:?}");
    }

    /// The events of a file closed after writing, renamed into place or removed leave it
    /// whole; any other change leaves it open, and `settle` then waits for nothing only when
    /// no path is open.
    #[test]
    fn a_close_after_writing_makes_a_file_whole() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, Event, ModifyKind, RemoveKind,
            RenameMode,
        };
        use notify_debouncer_full::DebouncedEvent;
        let now = std::time::Instant::now();
        let event = |kind, paths: &[&str]| {
            let event = paths
                .iter()
                .fold(Event::new(kind), |e, p| e.add_path(PathBuf::from(p)));
            DebouncedEvent::new(event, now)
        };
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let mut batch = Batch::of(Ok(vec![
            event(EventKind::Create(CreateKind::File), &["/c/a.md"]),
            event(written, &["/c/a.md"]),
            event(closed, &["/c/a.md"]),
            event(written, &["/c/b.md"]),
            event(closed, &["/c/b.md"]),
            event(written, &["/c/b.md"]),
            event(written, &["/c/d.md"]),
            event(EventKind::Remove(RemoveKind::File), &["/c/d.md"]),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/c/e.tmp", "/c/e.md"],
            ),
        ]));
        assert_eq!(batch.open, BTreeSet::from([PathBuf::from("/c/b.md")]));
        assert_eq!(
            batch.paths,
            [
                "/c/a.md", "/c/a.md", "/c/b.md", "/c/b.md", "/c/d.md", "/c/d.md", "/c/e.tmp",
                "/c/e.md"
            ]
            .map(PathBuf::from)
        );
        let period = Duration::from_millis(200);
        let started = std::time::Instant::now();
        let mut later = Some(Ok(vec![event(closed, &["/c/b.md"])]));
        assert_eq!(settle(&mut batch, period, || later.take(), |_| 1), Some(1));
        // One period for the open file, whose close came meanwhile.
        assert!(started.elapsed() >= period);
        assert!(batch.open.is_empty());
        let started = std::time::Instant::now();
        assert_eq!(settle(&mut batch, period, || None, |_| 2), Some(2));
        assert!(started.elapsed() < period);
    }

    /// The system's watcher reports a close after writing: a file saved at once arrives
    /// whole, one still held open for writing does not.
    #[test]
    fn the_watcher_tells_a_saved_file_from_one_being_written() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let _watcher = watch(
            &Roots::fallback(&root),
            Duration::from_millis(10),
            false,
            tx,
        )
        .unwrap();
        let saved = root.join("content/saved.md");
        let writing = root.join("content/writing.md");
        let next = |batch: &mut Batch, path: &Path| {
            while !batch.paths.iter().any(|p| p == path) {
                batch.add(rx.recv_timeout(Duration::from_secs(10)).expect("an event"));
            }
        };
        let mut batch = Batch::default();
        std::fs::write(&saved, "# Saved\n").unwrap();
        next(&mut batch, &saved);
        let mut file = std::fs::File::create(&writing).unwrap();
        file.write_all(b"# Half").unwrap();
        next(&mut batch, &writing);
        assert_eq!(batch.open, BTreeSet::from([writing.clone()]));
        drop(file);
        while !batch.open.is_empty() {
            batch.add(rx.recv_timeout(Duration::from_secs(10)).expect("the close"));
        }
    }
}
