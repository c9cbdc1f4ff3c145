//! The binary's command line: argument types and what each command does, through the library's
//! surface. The only place (with `main` and `console`) that prints: the library never does.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::IsTerminal as _;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clap::{Args, Parser, Subcommand};

use prepbook::{
    BuildOptions, BuildOutcome, Builder, Config, ConfigError, Date, Diagnostic, Format,
    OutputOrigin, OutputPolicy, Reporter, ServeOptions, render_human, render_report, shown,
};

use crate::console;

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
    /// Write a book.toml that builds an existing folder of Markdown (Docusaurus, Hugo, MkDocs,
    /// a GitHub repository), printing each setting with what it was decided from.
    Adopt(AdoptArgs),
    /// Build the site into its output folder.
    Build(BuildArgs),
    /// Check every guide and link without writing anything.
    Check(CheckArgs),
    /// Export the guides' flash cards for another tool.
    Export(ExportArgs),
    /// Create a new site.
    Init(InitArgs),
    /// Create a new guide from its kind's template.
    New(NewArgs),
    /// Preview the site: rebuild on every change and reload the browser.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site root: the folder holding book.toml.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Port to listen on; 0 picks a free one (and prints it).
    #[arg(short, long, default_value_t = 3000)]
    pub port: u16,
    /// Address to listen on. Another than 127.0.0.1 or ::1 lets other computers read the
    /// preview, drafts included.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Also answer requests for this host name (a name of this computer on the network);
    /// loopback names and the bound address are always answered. Repeatable.
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Serve under this path (as the site will be hosted), e.g. `/prep/`.
    #[arg(long, value_name = "PATH")]
    pub base: Option<String>,
    /// Open the site in the browser.
    #[arg(long)]
    pub open: bool,
    /// Include drafts (`--drafts=false` to leave them out).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub drafts: bool,
    /// Poll for changes instead of using the OS's file events (network or container mounts).
    #[arg(long)]
    pub poll: bool,
    /// How long a burst of file events must be quiet before a rebuild, in milliseconds.
    #[arg(long, default_value_t = 10)]
    pub debounce_ms: u64,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site root: the folder holding book.toml.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Include guides marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Override `base-url` from book.toml (e.g. `https://example.org/prep/`).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: `public` under the site root, or `[build] output-dir`).
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write the site even when guides have errors (the exit code is still 1).
    #[arg(long)]
    pub allow_errors: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub format: ExportFormat,
}

#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// Every FAQ question as an Anki note (File > Import in Anki): a tab-separated text file
    /// whose notes keep their GUIDs, so importing a newer export updates them.
    Anki(AnkiArgs),
}

#[derive(Debug, Args)]
pub struct AnkiArgs {
    /// The site root: the folder holding book.toml.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The file to write (default: print to standard output).
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Include guides marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for the new site (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct AdoptArgs {
    /// The folder to adopt: book.toml is written there (nothing else is written).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Replace an existing book.toml.
    #[arg(long)]
    pub force: bool,
    /// Print the decisions and the file without writing it.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The guide's title; its file name is made from it.
    pub title: String,
    /// The kind of guide, which picks its template: `framework`, `comparison` or `checklist`
    /// (a site can list its own kinds in book.toml, `[checks.values] kind`).
    #[arg(long, default_value = "framework")]
    pub kind: String,
    /// Folder under the content folder to put it in, e.g. `behavioral` (default: the content
    /// folder itself). Slugified like the title: `"Day One"` is `day-one/`.
    #[arg(long, value_name = "SECTION")]
    pub section: Option<String>,
    /// The site root.
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
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
            Command::Adopt(args) => adopt(args),
            Command::Build(args) => build(args),
            Command::Check(args) => check(args),
            Command::Export(args) => export(args),
            Command::Init(args) => init(args),
            Command::New(args) => new(args),
            Command::Serve(args) => serve(args),
        }
    }
}

/// Loads the config and runs a full build in memory.
/// `check_only` finds the diagnostics without rendering pages.
fn build_in_memory(
    site: &SiteArgs,
    out: Option<PathBuf>,
    check_only: bool,
) -> Result<(Builder, BuildOutcome)> {
    let mut builder = builder_for(site, out)?;
    if check_only {
        builder.check_only();
    }
    let outcome = builder.full()?;
    Ok((builder, outcome))
}

/// The builder of the site `site` names, its output folder `out` when given.
fn builder_for(site: &SiteArgs, out: Option<PathBuf>) -> Result<Builder> {
    let mut config = Config::load(&site.dir)?;
    if let Some(out) = out {
        config.output_dir = out;
    }
    if let Some(base_url) = &site.base_url {
        config.set_base_url(base_url)?;
    }
    Builder::new(
        config,
        BuildOptions {
            include_drafts: site.drafts,
        },
    )
}

fn print_report(format: Format, diagnostics: &[Diagnostic], guides: usize) -> Result<()> {
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text = render_report(format, diagnostics, guides, color);
    match format {
        Format::Human => {
            console::err(&text);
            Ok(())
        }
        Format::Json | Format::Github => console::out(&text),
    }
}

fn check(args: CheckArgs) -> Result<Outcome> {
    let (_, outcome) = build_in_memory(&args.site, None, true)?;
    print_report(args.site.format, &outcome.diagnostics, outcome.guides)?;
    Ok(if outcome.has_errors() {
        Outcome::ContentErrors
    } else {
        Outcome::Ok
    })
}

fn build(args: BuildArgs) -> Result<Outcome> {
    let started = std::time::Instant::now();
    let origin = if args.out.is_some() {
        OutputOrigin::CommandLine
    } else {
        OutputOrigin::BookToml
    };
    let format = args.site.format;
    let mut builder = builder_for(&args.site, args.out)?;
    let policy = OutputPolicy::new(&builder.config, origin);
    // Refuse a bad output folder before anything else: nothing would be written.
    policy.check()?;
    // Pages are written into a staging folder as they are made, and the folder swapped in at
    // the end; an output that can only be updated in place gets the site made in memory.
    let stream = prepbook::Stream::begin(&policy)?;
    let outcome = match &stream {
        Some(stream) => builder.full_into(stream)?,
        None => builder.full()?,
    };
    if outcome.has_errors() && !args.allow_errors {
        // Dropping the stream removes what it staged: the output is as it was.
        drop(stream);
        print_report(format, &outcome.diagnostics, outcome.guides)?;
        console::err_line("nothing written: fix the errors above, or build with --allow-errors");
        return Ok(Outcome::ContentErrors);
    }
    let written = match stream {
        Some(stream) => stream.finish(),
        None => prepbook::write_output(&outcome.files, &policy),
    };
    let written = match written {
        Ok(written) => written,
        Err(err) => {
            print_report(format, &outcome.diagnostics, outcome.guides)?;
            return Err(err);
        }
    };
    // What was written, against the hosts' limits: reported with the content's problems, so
    // that a program reading `--format json` gets one report.
    let mut diagnostics = outcome.diagnostics;
    diagnostics.extend(prepbook::host_limits(&written.size, &builder.config));
    if !diagnostics.is_empty() || format != Format::Human {
        print_report(format, &diagnostics, outcome.guides)?;
    }
    let kept = if written.kept.is_empty() {
        String::new()
    } else {
        format!(" (kept {})", written.kept.join(", "))
    };
    console::err_line(&format!(
        "built {} from {} {} into {}{kept} in {} ms",
        written.size,
        outcome.guides,
        if outcome.guides == 1 {
            "guide"
        } else {
            "guides"
        },
        shown(&builder.config.output_dir),
        started.elapsed().as_millis()
    ));
    // With --allow-errors the site is written as asked, but the errors are still errors: exit
    // 1, as `cargo build --keep-going` does, so scripts and CI notice them.
    Ok(if diagnostics.iter().any(Diagnostic::is_error) {
        Outcome::ContentErrors
    } else {
        Outcome::Ok
    })
}

fn export(args: ExportArgs) -> Result<Outcome> {
    let ExportFormat::Anki(args) = args.format;
    let config = Config::load(&args.dir)?;
    let text = Builder::new(
        config,
        BuildOptions {
            include_drafts: args.drafts,
        },
    )?
    .anki_export()?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", shown(path)))?;
            console::err_line(&format!("wrote {}", shown(path)));
        }
        None => console::out(&text)?,
    }
    Ok(Outcome::Ok)
}

fn init(args: InitArgs) -> Result<Outcome> {
    for path in prepbook::init(&args.dir, Date::today())? {
        console::out_line(&format!("created {}", shown(&path)))?;
    }
    let dir = shown(&args.dir);
    let site = if dir == "." {
        String::new()
    } else {
        format!(" {dir}")
    };
    console::out_line(&format!(
        "next: prepbook serve{site}   (a preview at http://127.0.0.1:3000/)"
    ))?;
    Ok(Outcome::Ok)
}

fn adopt(args: AdoptArgs) -> Result<Outcome> {
    let adoption = prepbook::adopt(&args.dir, args.force || args.dry_run)?;
    for decision in &adoption.decisions {
        console::out_line(&decision.to_string())?;
    }
    let path = shown(&adoption.path);
    if args.dry_run {
        console::out_line(&format!("\n{path} (not written, --dry-run):\n"))?;
        console::out(&adoption.text)?;
        return Ok(Outcome::Ok);
    }
    adoption.write(args.force)?;
    let dir = shown(&args.dir);
    let site = if dir == "." {
        String::new()
    } else {
        format!(" {dir}")
    };
    console::out_line(&format!("wrote {path}; next: prepbook check{site}"))?;
    Ok(Outcome::Ok)
}

fn new(args: NewArgs) -> Result<Outcome> {
    let config = Config::load(&args.dir)?;
    let path = prepbook::new_guide(
        &config,
        &prepbook::NewGuide {
            title: &args.title,
            kind: &args.kind,
            section: args.section.as_deref().unwrap_or_default(),
            today: Date::today(),
        },
    )?;
    console::out_line(&format!("created {}", shown(&path)))?;
    Ok(Outcome::Ok)
}

fn serve(args: ServeArgs) -> Result<Outcome> {
    let open = args.open;
    let options = ServeOptions {
        root: args.dir,
        bind: args.bind,
        allow_hosts: args.allow_host,
        port: args.port,
        base: args.base,
        drafts: args.drafts,
        poll: args.poll,
        debounce: std::time::Duration::from_millis(args.debounce_ms),
    };
    prepbook::serve(options, TerminalReporter { open })?;
    Ok(Outcome::Ok)
}

/// Prints what `serve` does: the address, a line per rebuild, diagnostics as `check` does.
struct TerminalReporter {
    open: bool,
}

impl Reporter for TerminalReporter {
    fn listening(&self, url: &str) {
        // Nothing may read the address (`serve > /dev/null`, a closed pipe): serve anyway.
        let _ = console::out_line(&format!("serving at {url}"));
        if self.open {
            open_browser(url);
        }
    }

    fn warning(&self, message: &str) {
        console::err_line(&format!("warning: {message}"));
    }

    fn rebuilt(&self, line: &str) {
        console::err_line(line);
    }

    fn diagnostics(&self, diagnostics: &[Diagnostic], guides: usize) {
        console::err(&render_report(Format::Human, diagnostics, guides, color()));
    }

    fn fatal(&self, message: &str) {
        console::err_line(&format!("error: {message}"));
    }
}

/// Prints a fatal error: a `book.toml` problem as a diagnostic with its source line, anything
/// else as `error: ` and its chain of causes.
pub fn print_fatal(err: &anyhow::Error) {
    match err
        .chain()
        .find_map(|cause| cause.downcast_ref::<ConfigError>())
    {
        Some(config_error) => console::err(&render_human(&config_error.0, color())),
        None => console::err_line(&format!("error: {err:#}")),
    }
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(err) = std::process::Command::new(command).arg(url).spawn() {
        console::err_line(&format!(
            "cannot open a browser ({command}: {err}); open {url} yourself"
        ));
    }
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
