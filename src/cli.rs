//! The command line: argument types and what each command does. The edge of the program, so
//! the one place (with `main`) that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};

use crate::build::{BuildOptions, Builder};
use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};

#[derive(Debug, Parser)]
#[command(
    name = "prepbook",
    version,
    about = "A static-site generator for interview-prep guides"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder.
    Build(BuildArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site root: the folder holding book.toml.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output folder (default: `public` under the site root, or `[build] output-dir`).
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Publish guides marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Content problems were found (exit code 1).
    ContentErrors,
}

impl Cli {
    pub fn run(self) -> Result<Outcome> {
        match self.command {
            Command::Build(args) => build(args),
        }
    }
}

fn build(args: BuildArgs) -> Result<Outcome> {
    let started = std::time::Instant::now();
    let mut config = Config::load(&args.dir)?;
    if let Some(out) = args.out {
        config.output_dir = out;
    }
    guard_output_dir(&config)?;
    let mut builder = Builder::new(
        config,
        BuildOptions {
            include_drafts: args.drafts,
        },
    )?;
    let outcome = builder.full()?;
    print_diagnostics(&outcome.diagnostics);
    if outcome.has_errors() {
        eprintln!(
            "{}; nothing written",
            diagnostic::summary(&outcome.diagnostics, outcome.sources)
        );
        return Ok(Outcome::ContentErrors);
    }
    let out_dir = &builder.config.output_dir;
    crate::output::write(&outcome.files, out_dir)?;
    eprintln!(
        "built {} files from {} guides into {} in {} ms",
        outcome.files.len(),
        outcome.sources,
        out_dir.display(),
        started.elapsed().as_millis()
    );
    Ok(Outcome::Ok)
}

/// The output folder is replaced wholesale, so it must never be (or contain) the site's sources.
fn guard_output_dir(config: &Config) -> Result<()> {
    let out = absolute(&config.output_dir)?;
    for (what, dir) in [
        ("site root", &config.root),
        ("content folder", &config.content_dir),
        ("themes folder", &config.root.join("themes")),
    ] {
        let dir = absolute(dir)?;
        if dir.starts_with(&out) {
            bail!(
                "refusing to build into {}: it holds the {what} ({}), which a build would replace",
                out.display(),
                dir.display()
            );
        }
    }
    Ok(())
}

fn absolute(path: &Path) -> Result<PathBuf> {
    let joined =
        std::path::absolute(path).with_context(|| format!("bad path {}", path.display()))?;
    // Normalise `..` lexically so that `site/public/..` is recognised as `site`.
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            std::path::Component::ParentDir => {
                normal.pop();
            }
            std::path::Component::CurDir => {}
            other => normal.push(other),
        }
    }
    Ok(normal)
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let _color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diagnostics {
        eprint!("{}", d.render_human());
    }
}
