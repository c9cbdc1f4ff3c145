//! The build driver: runs the stages in order and keeps the per-guide cache, so that `build`,
//! `check` and `serve` all produce a site the same way.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::checks;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::guide::{self, Guide, ParseOptions, Parsed};
use crate::load::{self, SourceFile};
use crate::output::SiteFiles;
use crate::render::Renderer;
use crate::site::Site;
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
    /// Number of files parsed in this run (the rest came from the cache).
    pub parsed: usize,
}

impl BuildOutcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Builds a site; keeps each file's parse keyed by its content hash so that a rebuild only
/// re-parses what changed.
pub struct Builder {
    pub config: Config,
    options: BuildOptions,
    renderer: Renderer,
    parse_options: ParseOptions,
    cache: HashMap<GuideId, Parsed>,
}

impl Builder {
    pub fn new(config: Config, options: BuildOptions) -> Result<Builder> {
        let renderer = Renderer::load(&config)?;
        let parse_options = ParseOptions {
            base: config.base.clone(),
        };
        Ok(Builder {
            config,
            options,
            renderer,
            parse_options,
            cache: HashMap::new(),
        })
    }

    /// Reads every content file and builds the whole site.
    pub fn full(&mut self) -> Result<BuildOutcome> {
        let sources = load::scan(&self.config.root, &self.config.content_dir)?;
        let statics = read_static_dir(&self.config.root.join("static"))?;
        self.build(sources, statics)
    }

    fn build(
        &mut self,
        sources: Vec<SourceFile>,
        statics: Vec<(String, Vec<u8>)>,
    ) -> Result<BuildOutcome> {
        let count = sources.len();
        let parsed = self.parse_all(sources);
        let mut diagnostics: Vec<Diagnostic> = self
            .cache
            .values()
            .flat_map(|p| p.diagnostics.iter().cloned())
            .collect();
        let all: BTreeMap<GuideId, Arc<Guide>> = self
            .cache
            .values()
            .filter_map(|p| p.guide.clone())
            .map(|g| (g.id.clone(), g))
            .collect();
        let site = Site::assemble(all.values(), self.options.include_drafts);
        diagnostics.extend(checks::run(&site, &all, &self.config.checks));
        sort_diagnostics(&mut diagnostics);
        let mut files = self.renderer.render_site(&site, &self.config)?;
        for (path, bytes) in statics {
            files
                .insert(path.clone(), bytes)
                .with_context(|| format!("static/{path} clashes with a generated file"))?;
        }
        Ok(BuildOutcome {
            files,
            diagnostics,
            sources: count,
            parsed,
        })
    }

    /// Parses the files whose hash is not in the cache (in parallel) and drops cache entries of
    /// files that are gone. Returns how many were parsed.
    fn parse_all(&mut self, sources: Vec<SourceFile>) -> usize {
        let present: std::collections::HashSet<GuideId> =
            sources.iter().map(|s| s.id.clone()).collect();
        self.cache.retain(|id, _| present.contains(id));
        let stale: Vec<SourceFile> = sources
            .into_iter()
            .filter(|s| {
                self.cache
                    .get(&s.id)
                    .is_none_or(|cached| cached.hash != blake3::hash(&s.bytes))
            })
            .collect();
        let options = &self.parse_options;
        let fresh: Vec<Parsed> = stale.par_iter().map(|s| guide::parse(s, options)).collect();
        let count = fresh.len();
        for parsed in fresh {
            self.cache.insert(parsed.id.clone(), parsed);
        }
        count
    }
}

/// Diagnostics in file, then line order, so that output is stable whatever the thread order.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.code, &b.message))
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
