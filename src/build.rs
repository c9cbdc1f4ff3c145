//! The build driver: runs the stages in order and keeps what a rebuild can reuse, so that
//! `build`, `check` and `serve` all produce a site the same way.
//!
//! Kept between builds: the source files (so a rebuild reads only what changed), each file's
//! parse keyed by its content hash (so only changed guides are re-parsed), the compiled theme,
//! and the rules' diagnostics under hashes of what they read ([`checks::Kept`]). The site is
//! put together again every time, which keeps an incremental rebuild byte-identical to a
//! clean one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context, Result};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::checks;
use crate::config::Config;
use crate::diagnostic::review::DueForReview;
use crate::diagnostic::{Diagnostic, rules};
use crate::guide::{self, Guide, ParseOptions, Parsed};
use crate::load::{self, SourceFile};
use crate::output::Stream;
use crate::render::{Renderer, Sink, SiteFiles};
use crate::site::{RelatedMemo, Site};
use crate::urls::GuideId;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// Publish guides marked `draft: true`.
    pub include_drafts: bool,
}

/// The result of one build: the rendered site and every content problem found.
#[derive(Debug)]
pub struct BuildOutcome {
    pub files: SiteFiles,
    pub diagnostics: Vec<Diagnostic>,
    /// Number of content files read.
    pub sources: usize,
    /// Number of guides among them (section intros, `_index.md`, are not guides).
    pub guides: usize,
    /// Number of files parsed in this run (the rest came from the cache).
    pub parsed: usize,
    /// The guides due for review, when the site sets `[checks] review-after`.
    pub due_for_review: Option<Vec<DueForReview>>,
}

impl BuildOutcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// What a changed path means for the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A path under the content folder (a file or a folder), created, changed or removed.
    Content(PathBuf),
    /// Something in the theme folder: recompile templates, re-parse nothing.
    Theme,
    /// Something in `static/`: re-read it.
    Static,
}

/// Builds a site and rebuilds it after changes.
pub struct Builder {
    pub(crate) config: Config,
    options: BuildOptions,
    renderer: Renderer,
    parse_options: ParseOptions,
    /// By path: two files may have the same id (see `SourceFile::path`).
    sources: BTreeMap<PathBuf, SourceFile>,
    statics: Vec<(String, Vec<u8>)>,
    /// The content folder's files that are not Markdown, copied beside their guides.
    assets: Vec<(String, Vec<u8>)>,
    /// By id, in order: the site's parsed files are walked in id order by every build.
    cache: BTreeMap<GuideId, Parsed>,
    /// `false` for `check`: diagnostics only, no pages (and so no highlighting).
    render: bool,
    /// The last build's related guides, reused while what they are worked out from holds.
    related: Option<Arc<RelatedMemo>>,
    /// Folders inside the content folder that are no content ([`load::Content::not_content`]).
    not_content: Vec<PathBuf>,
    /// The diagnostics of each guide's rules, made again only where what they read changed.
    rules: checks::Kept,
    /// The last build's site, kept when pages are (serve): the rest of the site that the
    /// first pages after an edit are made with ([`Builder::first_pages`]).
    last_site: Option<Site>,
    /// Files open in an editor, read from their buffers instead of the disk (`prepbook lsp`).
    overlay: load::Overlay,
}

/// What can be shown of an edit before the rest of the site is rebuilt: the pages of the
/// edited guides, made with the last build's site ([`Builder::first_pages`]).
#[derive(Debug)]
pub struct FirstPages {
    /// Output path and bytes of each page made.
    pub pages: Vec<(String, Arc<[u8]>)>,
    /// Output paths whose bytes the rebuild cannot change: the theme's assets (named by their
    /// content), and the files of `static/` and beside the guides, which an edit of a guide
    /// leaves as they are.
    pub settled: BTreeSet<String>,
}

/// What inside the content folder a build must not read as content, when the content folder
/// holds it (it is the site root): the output folder (a build writes it while the next one
/// reads the content folder), `themes/`, `static/`, `book.toml` or `prepbook.toml`, and the
/// table of contents `[build] navigation` names, and the files of `[build] link-definitions`. Found on resolved paths, so
/// that a link to one of them, or a content folder reached through one, hides nothing; given
/// as the walk sees them, under the content folder.
pub(crate) fn not_content(config: &Config) -> Vec<PathBuf> {
    let Ok(content) = crate::output::resolve(&config.content_dir) else {
        return Vec::new();
    };
    let root = &config.root;
    let own = ["themes", "static", Config::FILE_NAME, Config::OWN_FILE_NAME].map(|n| root.join(n));
    // The other tool's table of contents (mdBook's `SUMMARY.md`) is no page of its own.
    std::iter::once(config.output_dir.clone())
        .chain(own)
        .chain(config.borrowed.files().cloned())
        .filter_map(|dir| {
            let real = crate::output::resolve(&dir).ok()?;
            let under = real.strip_prefix(&content).ok()?;
            (!under.as_os_str().is_empty()).then(|| config.content_dir.join(under))
        })
        .collect()
}

impl Builder {
    /// The site's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn new(config: Config, options: BuildOptions) -> Result<Builder> {
        let renderer = Renderer::load(&config)?;
        let parse_options = ParseOptions::new(&config);
        let not_content = not_content(&config);
        Ok(Builder {
            not_content,
            config,
            options,
            renderer,
            parse_options,
            sources: BTreeMap::new(),
            statics: Vec::new(),
            assets: Vec::new(),
            cache: BTreeMap::new(),
            render: true,
            related: None,
            rules: checks::Kept::default(),
            last_site: None,
            overlay: load::Overlay::default(),
        })
    }

    /// Finds the content problems only: guides are parsed without highlighting their code and
    /// no page is rendered (the theme's templates are still compiled, so a template that does
    /// not compile is reported), for `check`.
    pub fn check_only(&mut self) {
        self.render = false;
        self.parse_options.code = crate::highlight::Code::Plain;
        self.parse_options.search = false;
        self.parse_options.practice = false;
        // Guides parsed with other options are other guides, for the parse and for the rules.
        self.cache.clear();
        self.rules = self.rules.emptied();
    }

    /// Builds once (`prepbook build`, `check`, `export`): the rules keep nothing for a next
    /// build (see `checks::Kept::passing`), where they would keep a second copy of every
    /// diagnostic and hash what each file shows the rest of the site for keys that nothing
    /// compares. A builder that did build again would make the same values again.
    pub fn build_once(&mut self) {
        self.rules = checks::Kept::passing();
    }

    /// Keeps rendered pages between builds and re-renders only pages whose view changed: for
    /// a builder that will see many rebuilds (serve).
    pub fn reuse_pages(&mut self) {
        self.renderer.reuse_pages();
    }

    /// Reads every content and static file and builds the whole site.
    pub fn full(&mut self) -> Result<BuildOutcome> {
        self.read_all()?;
        self.build()
    }

    /// Reads every content and static file while `begin` runs beside it (`prepbook build`
    /// opens its output there: a walk of the previous site that need not wait for the
    /// content), then builds the whole site into the stream `begin` gave, writing each file as
    /// it is made (the outcome's `files` stay empty), so that memory follows the site's input,
    /// not its output; or into memory when it gave none. What `begin` refuses is refused
    /// before anything is built.
    pub fn full_beside(
        &mut self,
        begin: impl FnOnce() -> Result<Option<Stream>> + Send,
    ) -> Result<(Option<Stream>, BuildOutcome)> {
        let (stream, read) = rayon::join(begin, || self.read_all());
        let stream = stream?;
        read?;
        let outcome = self.build_into(stream.as_ref().map(|s| s as &dyn Sink))?;
        Ok((stream, outcome))
    }

    /// The practice deck as Anki's text import format (`prepbook export anki`): the guides
    /// are read and parsed as for a build; nothing is rendered or written.
    pub fn anki_export(&mut self) -> Result<String> {
        // The export is the deck, whether or not the site shows practice pages.
        if !self.parse_options.practice {
            self.parse_options.practice = true;
            self.cache.clear();
        }
        self.read_all()?;
        let (unique, _) = unique_ids(&self.sources);
        Self::parse_changed(&mut self.cache, &unique, &self.parse_options);
        let guides: Vec<Arc<Guide>> = self
            .cache
            .values()
            .filter_map(|p| p.guide.clone())
            .collect();
        let site = Site::assemble(guides.iter(), self.options.include_drafts);
        let deck = crate::render::practice::Deck::new(&site);
        Ok(crate::render::anki::text(&self.config.title, &site, &deck))
    }

    fn read_all(&mut self) -> Result<()> {
        let (sources, assets) = load::scan_with_assets(self.content())?;
        self.sources = sources.into_iter().map(|s| (s.path.clone(), s)).collect();
        self.assets = assets;
        self.statics = read_static_dir(&self.static_dir())?;
        self.read_overlay();
        Ok(())
    }

    /// The open buffers in place of the disk's files (and the new files not yet saved).
    fn read_overlay(&mut self) {
        let content = self.content();
        let open: Vec<SourceFile> = self
            .overlay
            .files(content)
            .filter(|file| load::is_markdown(&file.path) && !content.is_excluded(&file.path))
            .collect();
        for file in open {
            self.sources.insert(file.path.clone(), file);
        }
    }

    /// Reads `path` from `text`, an editor's unsaved buffer, instead of the disk, until
    /// [`Builder::close_buffer`]; the next `apply` with `Change::Content(path)` checks it.
    pub(crate) fn open_buffer(&mut self, path: PathBuf, text: Arc<str>) {
        self.overlay.open(path, text);
    }

    /// Reads `path` from the disk again.
    pub(crate) fn close_buffer(&mut self, path: &Path) {
        self.overlay.close(path);
    }

    /// Every guide the last build parsed (section pages included), in no particular order.
    pub(crate) fn guides(&self) -> impl Iterator<Item = &Arc<Guide>> {
        self.cache
            .values()
            .filter_map(|parsed| parsed.guide.as_ref())
    }

    /// The guide with this id, as the last build parsed it.
    pub(crate) fn guide(&self, id: &GuideId) -> Option<&Arc<Guide>> {
        self.cache.get(id)?.guide.as_ref()
    }

    /// Applies changes and rebuilds: re-reads only the changed paths, re-parses only files
    /// whose bytes changed, recompiles the theme only if it changed. Each path is judged by
    /// whether it exists now, so creates, edits, deletes and rename-saves all come out right.
    pub fn apply(&mut self, changes: &[Change]) -> Result<BuildOutcome> {
        for change in changes {
            match change {
                Change::Content(path) => self.refresh_content(path)?,
                Change::Theme => {
                    let reuse = self.renderer.reuses_pages();
                    self.renderer = Renderer::load(&self.config)?;
                    if reuse {
                        self.renderer.reuse_pages();
                    }
                }
                Change::Static => self.statics = read_static_dir(&self.static_dir())?,
            }
        }
        self.build()
    }

    /// The pages of the guides that `changes` edited, made with the last build's site, for
    /// serve to show before the rest of the site is rebuilt (which `apply` then does, and
    /// which reuses each of these pages whose input it finds the same). `None` unless every
    /// change is an edit of a guide the last build published whose own rules find no error:
    /// a new, removed or renamed file changes what the site holds, and an error is shown over
    /// the last good page, which only the whole rebuild can tell.
    ///
    /// The kept site takes the edited guides in place of their old versions (in its guides,
    /// which the pages of a guide read it from too), so that their pages show their new
    /// text wherever they show it; what the rest of the site makes of them (the order of
    /// their section, their tags' counts) is the last build's until `apply`.
    pub fn first_pages(&mut self, changes: &[Change]) -> Option<FirstPages> {
        let mut site = self.last_site.take()?;
        let first = self.first_pages_with(&mut site, changes);
        self.last_site = Some(site);
        first
    }

    fn first_pages_with(&self, site: &mut Site, changes: &[Change]) -> Option<FirstPages> {
        let rules = checks::Rules {
            config: &self.config.checks,
            kept: &self.rules,
            excluded: &self.config.exclude,
        };
        let mut edited = Vec::new();
        for change in changes {
            let Change::Content(path) = change else {
                return None;
            };
            let known = self.sources.get(path)?;
            if self.content().is_excluded(path) {
                return None;
            }
            let file = load::read(self.content(), path).ok()?;
            if file.hash == known.hash {
                continue;
            }
            let parsed = guide::parse(&file, &self.parse_options);
            let guide = parsed.guide?;
            // The guide the site has at this URL must be this file's (two files can share
            // an id; the first wins).
            if site
                .guides
                .get(&guide.id)
                .is_none_or(|g| g.file != guide.file)
            {
                return None;
            }
            let parse = checks::apply_severity(parsed.diagnostics, &self.config.checks.severity);
            let own = checks::own_rules(&guide, &rules);
            if parse.iter().chain(&own).any(Diagnostic::is_error) {
                return None;
            }
            edited.push(guide);
        }
        if edited.is_empty() {
            return None;
        }
        for guide in &edited {
            site.guides.insert(guide.id.clone(), Arc::clone(guide));
        }
        let mut pages = Vec::new();
        for guide in &edited {
            pages.extend(self.renderer.pages_of(site, &self.config, guide).ok()?);
        }
        // A static page can give way to a generated one, which an edit may add.
        let settled = self
            .copied()
            .filter(|path| !path.ends_with(".html"))
            .chain(self.renderer.asset_paths(site))
            .cloned()
            .collect();
        Some(FirstPages { pages, settled })
    }

    /// The output paths of the files copied as they are: beside the guides and `static/`.
    fn copied(&self) -> impl Iterator<Item = &String> {
        self.assets
            .iter()
            .chain(&self.statics)
            .map(|(path, _)| path)
    }

    fn content(&self) -> load::Content<'_> {
        load::Content {
            root: &self.config.root,
            dir: &self.config.content_dir,
            exclude: &self.config.exclude,
            not_content: &self.not_content,
            includes: self.config.mdbook_includes,
            case: crate::urls::UrlCase::new(self.config.lowercase_urls),
        }
    }

    fn static_dir(&self) -> PathBuf {
        self.config.root.join("static")
    }

    /// Brings the sources under `path` in line with the disk.
    /// The guides whose mdBook directives include one of `changed` (any path: a listing
    /// beside the guides, a file elsewhere in the site): each is read again with it.
    pub(crate) fn includers(&self, changed: &[PathBuf]) -> Vec<PathBuf> {
        let real: Vec<PathBuf> = changed
            .iter()
            .map(|path| std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
            .collect();
        self.sources
            .values()
            .filter(|file| file.includes.files.iter().any(|f| real.contains(f)))
            .map(|file| file.path.clone())
            .collect()
    }

    fn refresh_content(&mut self, path: &Path) -> Result<()> {
        let content_dir = &self.config.content_dir;
        if !path.starts_with(content_dir) || self.not_content.iter().any(|d| path.starts_with(d)) {
            return Ok(());
        }
        if !load::is_markdown(path) {
            // A file beside the guides (or a folder of them): read them all again.
            self.assets = load::scan_assets(self.content())?;
        }
        // Whatever was at or under this path goes; what is there now comes back.
        self.sources.retain(|known, _| !known.starts_with(path));
        // An open buffer may be a new file, not on the disk yet.
        let own = self.overlay.holds(path) || load::is_own(content_dir, path);
        if !own || self.content().is_excluded(path) {
            return Ok(());
        }
        if let Some(file) = self.overlay.read(self.content(), path) {
            if load::is_markdown(path) {
                self.sources.insert(file.path.clone(), file);
            }
        } else if path.is_dir() {
            for file in load::scan_under(self.content(), path)? {
                self.sources.insert(file.path.clone(), file);
            }
            self.read_overlay();
        } else if path.is_file() && load::is_markdown(path) {
            let file = load::read(self.content(), path)?;
            self.sources.insert(file.path.clone(), file);
        }
        Ok(())
    }

    fn build(&mut self) -> Result<BuildOutcome> {
        self.build_into(None)
    }

    /// Builds the site into `sink`, or into memory (the outcome's `files`) without one.
    fn build_into(&mut self, sink: Option<&dyn Sink>) -> Result<BuildOutcome> {
        let (unique, mut diagnostics) = unique_ids(&self.sources);
        let parsed = Self::parse_changed(&mut self.cache, &unique, &self.parse_options);
        // The parse's diagnostics (front matter) take the site's levels like every rule's.
        diagnostics.extend(checks::apply_severity(
            self.cache
                .values()
                .flat_map(|p| p.diagnostics.iter().cloned())
                .collect(),
            &self.config.checks.severity,
        ));
        let all: BTreeMap<GuideId, Arc<Guide>> = self
            .cache
            .values()
            .filter_map(|p| p.guide.clone())
            .map(|g| (g.id.clone(), g))
            .collect();
        self.rules.retain(|id| all.contains_key(id));
        let site = self.assemble(&all);
        let files: BTreeSet<String> = self.copied().cloned().collect();
        let checked = checks::run(
            &site,
            &all,
            &files,
            checks::Rules {
                config: &self.config.checks,
                kept: &self.rules,
                excluded: &self.config.exclude,
            },
            &crate::urls::generated_dirs(self.config.practice),
        );
        diagnostics.extend(checked.diagnostics);
        sort_diagnostics(&mut diagnostics);
        // Drafts count, as in check; a folder's page counts when it is a guide of its own.
        let guides = self
            .sources
            .values()
            .filter(|file| !file.id.is_section_index() || site.guides.contains_key(&file.id))
            .count();
        if !self.render {
            return Ok(BuildOutcome {
                files: SiteFiles::default(),
                diagnostics,
                sources: self.sources.len(),
                guides,
                parsed,
                due_for_review: checked.due_for_review,
            });
        }
        let files = self.render(&site, sink)?;
        if self.renderer.reuses_pages() {
            self.last_site = Some(site);
        }
        Ok(BuildOutcome {
            files,
            diagnostics,
            sources: self.sources.len(),
            guides,
            parsed,
            due_for_review: checked.due_for_review,
        })
    }

    /// The site of the parsed files: what pages show when pages are made, else only what the
    /// rules read.
    fn assemble(&mut self, all: &BTreeMap<GuideId, Arc<Guide>>) -> Site {
        if !self.render {
            return Site::assemble_for_checks(all.values(), self.options.include_drafts);
        }
        let mut site = Site::assemble(all.values(), self.options.include_drafts);
        self.related = Some(site.reuse_related(self.related.take()));
        site
    }

    /// Renders `site` with the files beside the guides and `static/` into `sink`, or into
    /// memory without one (returned; empty with a sink).
    fn render(&self, site: &Site, sink: Option<&dyn Sink>) -> Result<SiteFiles> {
        match sink {
            Some(sink) => {
                self.renderer.render_into(site, &self.config, sink)?;
                self.add_files(sink)?;
                Ok(SiteFiles::default())
            }
            None => {
                let files = Mutex::new(self.renderer.render_site(site, &self.config)?);
                self.add_files(&files)?;
                Ok(files.into_inner().unwrap_or_else(PoisonError::into_inner))
            }
        }
    }

    /// Adds the files beside the guides and the site's `static/` files to the rendered site.
    fn add_files(&self, files: &dyn Sink) -> Result<()> {
        for (path, bytes) in &self.assets {
            files
                .put(path.clone(), Arc::from(bytes.as_slice()))
                .with_context(|| format!("content/{path} clashes with a generated page"))?;
        }
        for (path, bytes) in &self.statics {
            let bytes: Arc<[u8]> = Arc::from(bytes.as_slice());
            // A site's own robots.txt or 404.html replaces the generated one; a page of the
            // site (an `index.html`) is never replaced silently.
            if files.has(path) && !path.ends_with("index.html") {
                files.replace(path, bytes)?;
                continue;
            }
            files
                .put(path.clone(), bytes)
                .with_context(|| format!("static/{path} clashes with a generated page"))?;
        }
        Ok(())
    }

    /// Parses the sources whose hash is not in the cache (in parallel) and drops cache entries
    /// of files that are gone. Returns how many were parsed.
    fn parse_changed(
        cache: &mut BTreeMap<GuideId, Parsed>,
        sources: &BTreeMap<GuideId, &SourceFile>,
        options: &ParseOptions,
    ) -> usize {
        cache.retain(|id, _| sources.contains_key(id));
        let stale: Vec<&SourceFile> = sources
            .values()
            .copied()
            .filter(|s| cache.get(&s.id).is_none_or(|cached| cached.hash != s.hash))
            .collect();
        let fresh: Vec<Parsed> = stale.par_iter().map(|s| guide::parse(s, options)).collect();
        let count = fresh.len();
        // The code of the guides parsed now is what the next parse will most likely meet (an
        // author edits a guide again and again); a build that parsed nothing changes nothing.
        if count > 0 {
            options.end_build();
        }
        for parsed in fresh {
            cache.insert(parsed.id.clone(), parsed);
        }
        count
    }
}

/// The source of each guide id: the first by path where two files have one id (names that
/// differ only in bytes that are not UTF-8, or with `lowercase-urls`, only by case), which is a
/// `url-collision` for the others: reported, and never built over the first.
fn unique_ids(
    sources: &BTreeMap<PathBuf, SourceFile>,
) -> (BTreeMap<GuideId, &SourceFile>, Vec<Diagnostic>) {
    // Sorted by id, keeping path order among files of one id (a stable sort), then made a
    // map at once: ids follow paths, so the sort has little to do.
    let mut by_id: Vec<&SourceFile> = sources.values().collect();
    by_id.sort_by(|a, b| a.id.cmp(&b.id));
    let mut collisions = Vec::new();
    let mut unique: Vec<(GuideId, &SourceFile)> = Vec::with_capacity(by_id.len());
    for source in by_id {
        match unique.last() {
            Some((id, first)) if *id == source.id => collisions.push(id_collision(source, first)),
            _ => unique.push((source.id.clone(), source)),
        }
    }
    (unique.into_iter().collect(), collisions)
}

/// The `url-collision` of `source`, whose id `first` has already.
fn id_collision(source: &SourceFile, first: &SourceFile) -> Diagnostic {
    let url = source.id.page_path();
    let (name, first_name) = (source.path.to_str(), first.path.to_str());
    if let (Some(_), Some(_)) = (name, first_name) {
        return rules::URL_COLLISION
            .report(
                &source.display,
                format!(
                    "{} and {} differ only by case, and `lowercase-urls` gives both the URL /{url}: \
                     only {} is built",
                    source.display, first.display, first.display
                ),
            )
            .with_help("rename one of them, or set `lowercase-urls = false` under [build]");
    }
    rules::URL_COLLISION
        .report(
            &source.display,
            format!(
                "the file {:?} and the file {:?} have the same name once the bytes of their names \
                 that are not UTF-8 are replaced: both would be written to /{url}",
                source.path.file_name().unwrap_or_default(),
                first.path.file_name().unwrap_or_default(),
            ),
        )
        .with_help("rename the files with UTF-8 names")
}

/// Diagnostics in file, then line order, so that output is stable whatever the thread order.
/// Diagnostics at one place (the missing parts, all at the title) follow the rules'
/// registry, which lists the parts in the order a guide has them: TL;DR, FAQ, checklist.
pub(crate) fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    // Compared in place, each field only when those before it tie: the rules' results come
    // mostly in file order already, so the sort has little to do and copies nothing.
    diagnostics.sort_by(|a, b| {
        (a.file.as_str(), a.line, a.column)
            .cmp(&(b.file.as_str(), b.line, b.column))
            .then_with(|| rules::rank(a.code).cmp(&rules::rank(b.code)))
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// The files of the site's `static/` folder, copied to the output as they are.
fn read_static_dir(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = load::guide_id(dir, entry.path())
            .context("static file outside its folder")?
            .as_str()
            .to_owned();
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        files.push((relative, bytes));
    }
    Ok(files)
}
