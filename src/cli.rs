//! The binary's command line: argument types and what each command does, through the library's
//! surface. The only place (with `main` and `console`) that prints: the library never does.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::{Args, CommandFactory as _, Parser, Subcommand};

use prepbook::{
    BuildOptions, BuildOutcome, Builder, Config, ConfigError, Date, Diagnostic, DueForReview,
    Format, OutputOrigin, OutputPolicy, Reporter, ServeOptions, render_fatal, render_report,
    render_report_with_reviews, shown,
};

use crate::console::{self, ColorWhen};
use crate::site_root::site_root;

#[derive(Debug, Parser)]
#[command(
    name = "prepbook",
    version,
    about = "A static-site generator for interview-prep guides"
)]
pub struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, global = true, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Print only diagnostics and errors, not the lines saying what was done.
    #[arg(short, long, global = true)]
    pub quiet: bool,
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
    /// Run the language server on stdin and stdout, for editors: every check as you type,
    /// completion of links and front matter, go to definition, rename, quick fixes.
    Lsp(LspArgs),
    /// Print a shell completion script (e.g. `prepbook completions bash`).
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct LspArgs {
    #[arg(help = SITE_DIR_HELP)]
    pub dir: Option<PathBuf>,
}

/// The help of every site folder argument that may be left out.
const SITE_DIR_HELP: &str = "The site root: the folder holding book.toml [default: the nearest \
                             folder upward from here that holds one]";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(help = SITE_DIR_HELP)]
    pub dir: Option<PathBuf>,
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
    #[arg(help = SITE_DIR_HELP)]
    pub dir: Option<PathBuf>,
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
    #[arg(help = SITE_DIR_HELP)]
    pub dir: Option<PathBuf>,
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
    /// Also write a CI workflow that builds the site with a released prepbook and publishes
    /// it: `github` writes `.github/workflows/pages.yml` (GitHub Pages).
    #[arg(long, value_enum, value_name = "CI")]
    pub ci: Option<prepbook::Ci>,
}

#[derive(Debug, Args)]
pub struct AdoptArgs {
    /// The folder to adopt: book.toml is written there (prepbook.toml beside mdBook's own
    /// book.toml; nothing else is written).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Replace an existing book.toml (or prepbook.toml).
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
    #[arg(long, help = SITE_DIR_HELP)]
    pub dir: Option<PathBuf>,
}

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Content problems were found (exit code 1).
    ContentErrors,
}

impl Cli {
    /// The folder the command works on, found once (upward from here when not given): every
    /// path printed, a fatal error's included, is that folder's path joined to the file's.
    pub fn site_root(&self) -> PathBuf {
        match &self.command {
            Command::Adopt(args) => args.dir.clone(),
            Command::Init(args) => args.dir.clone(),
            Command::Build(args) => site_root(args.site.dir.clone()),
            Command::Check(args) => site_root(args.site.dir.clone()),
            Command::New(args) => site_root(args.dir.clone()),
            Command::Serve(args) => site_root(args.dir.clone()),
            Command::Lsp(args) => site_root(args.dir.clone()),
            Command::Export(args) => {
                let ExportFormat::Anki(anki) = &args.format;
                site_root(anki.dir.clone())
            }
            Command::Completions(_) => PathBuf::from("."),
        }
    }

    /// The format the command reports in, a fatal error's included.
    pub fn format(&self) -> Format {
        match &self.command {
            Command::Build(args) => args.site.format,
            Command::Check(args) => args.site.format,
            _ => Format::Human,
        }
    }

    /// Runs the command on the site at `root` (from [`Cli::site_root`]).
    pub fn run(self, root: &Path) -> Result<Outcome> {
        match self.command {
            Command::Adopt(args) => adopt(args),
            Command::Build(args) => build(args, root),
            Command::Check(args) => check(args, root),
            Command::Export(args) => export(args, root),
            Command::Init(args) => init(args),
            Command::New(args) => new(args, root),
            Command::Serve(args) => serve(args, root),
            Command::Lsp(_) => {
                prepbook::lsp(root)?;
                Ok(Outcome::Ok)
            }
            Command::Completions(args) => completions(args),
        }
    }
}

/// `builder` readied for a command that builds the site once (`build`, `check`, `export`):
/// its rules keep nothing for a next build ([`Builder::build_once`]), and the process is not
/// given transparent huge pages. Such a build touches most of its memory once, and the kernel
/// zeroes a whole huge page (2 MB) at its first touch, and compacts memory to find one once
/// other programs have used it: a build of 10,000 guides spent twice the system time. `serve`,
/// which keeps its site and goes over it on every save, keeps them (fewer misses of the
/// address cache). A refusal changes nothing but speed.
fn once(mut builder: Builder) -> Builder {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    builder.build_once();
    builder
}

/// Loads the config and runs a full build in memory.
/// `check_only` finds the diagnostics without rendering pages.
fn build_in_memory(
    site: &SiteArgs,
    root: &Path,
    out: Option<PathBuf>,
    check_only: bool,
) -> Result<(Builder, BuildOutcome)> {
    let mut builder = once(builder_for(site, root, out)?);
    if check_only {
        builder.check_only();
    }
    let outcome = builder.full()?;
    Ok((builder, outcome))
}

/// The builder of the site `site` names, its output folder `out` when given.
fn builder_for(site: &SiteArgs, root: &Path, out: Option<PathBuf>) -> Result<Builder> {
    let mut config = Config::load(root)?;
    if let Some(out) = out {
        config.set_output_dir(out);
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

/// Prints the report of `diagnostics` (those of `outcome`, or more), with `outcome`'s count of
/// guides and guides due for review, their paths seen from where the command ran (`root` is
/// the site root as given). `-q` leaves out a human report with nothing in it (its summary line).
fn print_report(
    format: Format,
    root: &Path,
    diagnostics: &[Diagnostic],
    outcome: &BuildOutcome,
) -> Result<()> {
    if format == Format::Human && diagnostics.is_empty() && console::quiet() {
        return Ok(());
    }
    let diagnostics = seen_from(root, diagnostics);
    let due: Option<Vec<DueForReview>> = outcome
        .due_for_review
        .as_ref()
        .map(|due| due.iter().map(|d| d.clone().seen_from(root)).collect());
    let text = render_report_with_reviews(
        format,
        &diagnostics,
        outcome.guides,
        console::color(),
        due.as_deref(),
    );
    match format {
        Format::Human => {
            console::err(&text);
            Ok(())
        }
        Format::Json | Format::Github => console::out(&text),
    }
}

/// `diagnostics` with their paths seen from where the command ran.
fn seen_from(root: &Path, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .map(|d| d.clone().seen_from(root))
        .collect()
}

fn check(args: CheckArgs, root: &Path) -> Result<Outcome> {
    let (builder, outcome) = build_in_memory(&args.site, root, None, true)?;
    print_report(args.site.format, root, &outcome.diagnostics, &outcome)?;
    let errors = outcome.has_errors();
    left_to_exit(builder, outcome);
    Ok(if errors {
        Outcome::ContentErrors
    } else {
        Outcome::Ok
    })
}

/// Leaves a one-shot command's parsed site for the system to take back when the process
/// ends, at once, rather than freeing it a block at a time on one thread first (at 100,000
/// realistic guides, 1.7 s of a build). They hold memory only: no file, lock or child process.
fn left_to_exit(builder: Builder, outcome: BuildOutcome) {
    std::mem::forget(builder);
    std::mem::forget(outcome);
}

fn build(args: BuildArgs, root: &Path) -> Result<Outcome> {
    let started = std::time::Instant::now();
    let origin = if args.out.is_some() {
        OutputOrigin::CommandLine
    } else {
        OutputOrigin::BookToml
    };
    let format = args.site.format;
    let mut builder = once(builder_for(&args.site, root, args.out)?);
    let policy = OutputPolicy::new(builder.config(), origin);
    // Refuse a bad output folder before anything else: nothing would be written.
    policy.check()?;
    // Pages are written into a staging folder as they are made, and the folder swapped in at
    // the end; an output that can only be updated in place gets the site made in memory.
    let (stream, mut outcome) = builder.full_beside(|| prepbook::Stream::begin(&policy))?;
    if outcome.has_errors() && !args.allow_errors {
        // Dropping the stream removes what it staged: the output is as it was.
        drop(stream);
        print_report(format, root, &outcome.diagnostics, &outcome)?;
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
            print_report(format, root, &outcome.diagnostics, &outcome)?;
            return Err(err);
        }
    };
    // What was written, against the hosts' limits: reported with the content's problems, so
    // that a program reading `--format json` gets one report.
    let mut diagnostics = std::mem::take(&mut outcome.diagnostics);
    diagnostics.extend(prepbook::host_limits(&written.size, builder.config()));
    if !diagnostics.is_empty() || format != Format::Human {
        print_report(format, root, &diagnostics, &outcome)?;
    }
    let kept = kept_and_warnings(&written);
    console::status(&format!(
        "built {} from {} {} into {}{kept} in {} ms",
        written.size,
        outcome.guides,
        if outcome.guides == 1 {
            "guide"
        } else {
            "guides"
        },
        shown(builder.config().output_dir()),
        started.elapsed().as_millis()
    ));
    left_to_exit(builder, outcome);
    // With --allow-errors the site is written as asked, but the errors are still errors: exit
    // 1, as `cargo build --keep-going` does, so scripts and CI notice them.
    Ok(if diagnostics.iter().any(Diagnostic::is_error) {
        Outcome::ContentErrors
    } else {
        Outcome::Ok
    })
}

/// Prints what the write could not clean up, and gives the summary's note of kept files.
fn kept_and_warnings(written: &prepbook::Written) -> String {
    for warning in &written.warnings {
        console::err_line(&format!("warning: {warning}"));
    }
    if written.kept.is_empty() {
        String::new()
    } else {
        format!(" (kept {})", written.kept.join(", "))
    }
}

fn export(args: ExportArgs, root: &Path) -> Result<Outcome> {
    let ExportFormat::Anki(args) = args.format;
    let config = Config::load(root)?;
    let text = once(Builder::new(
        config,
        BuildOptions {
            include_drafts: args.drafts,
        },
    )?)
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
    for path in prepbook::init(&args.dir, Date::today(), args.ci)? {
        console::out_status(&format!("created {}", shown(&path)))?;
    }
    let dir = shown(&args.dir);
    let site = if dir == "." {
        String::new()
    } else {
        format!(" {dir}")
    };
    console::out_status(&format!(
        "next: prepbook serve{site}   (a preview at http://127.0.0.1:3000/)"
    ))?;
    Ok(Outcome::Ok)
}

fn adopt(args: AdoptArgs) -> Result<Outcome> {
    let adoption = prepbook::adopt(&args.dir, args.force || args.dry_run)?;
    // The decisions are what --dry-run asks to see; otherwise -q leaves them out.
    for decision in &adoption.decisions {
        if args.dry_run {
            console::out_line(&decision.to_string())?;
        } else {
            console::out_status(&decision.to_string())?;
        }
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
    console::out_status(&format!("wrote {path}; next: prepbook check{site}"))?;
    Ok(Outcome::Ok)
}

fn new(args: NewArgs, root: &Path) -> Result<Outcome> {
    let config = Config::load(root)?;
    let path = prepbook::new_guide(
        &config,
        &prepbook::NewGuide {
            title: &args.title,
            kind: &args.kind,
            section: args.section.as_deref().unwrap_or_default(),
            today: Date::today(),
        },
    )?;
    console::out_status(&format!("created {}", shown(&path)))?;
    Ok(Outcome::Ok)
}

fn completions(args: CompletionsArgs) -> Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "prepbook", &mut script);
    console::out(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Ok)
}

fn serve(args: ServeArgs, root: &Path) -> Result<Outcome> {
    let open = args.open;
    let options = ServeOptions {
        root: root.to_path_buf(),
        bind: args.bind,
        allow_hosts: args.allow_host,
        port: args.port,
        base: args.base,
        drafts: args.drafts,
        poll: args.poll,
        debounce: std::time::Duration::from_millis(args.debounce_ms),
    };
    let reporter = TerminalReporter {
        open,
        root: root.to_path_buf(),
    };
    prepbook::serve(options, reporter)?;
    Ok(Outcome::Ok)
}

/// Prints what `serve` does: the address, a line per rebuild, diagnostics as `check` does.
struct TerminalReporter {
    open: bool,
    /// The site root as given, which the printed paths start from.
    root: PathBuf,
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
        console::status(line);
    }

    fn diagnostics(&self, diagnostics: &[Diagnostic], guides: usize) {
        let diagnostics = seen_from(&self.root, diagnostics);
        console::err(&render_report(
            Format::Human,
            &diagnostics,
            guides,
            console::color(),
        ));
    }

    fn fatal(&self, message: &str) {
        console::err_line(&format!("error: {message}"));
    }
}

/// Prints a fatal error: `book.toml` problems as diagnostics with their source lines (their
/// paths seen from where the command ran), anything else as `error: ` and its chain of causes. With
/// `--format json` or `github` the error is also printed on standard output as a record of
/// that format, where a program or a CI job reads the diagnostics.
pub fn print_fatal(err: &anyhow::Error, format: Format, root: &Path) {
    let problems = err
        .chain()
        .find_map(|cause| cause.downcast_ref::<ConfigError>())
        .map(|config_error| seen_from(root, &config_error.0));
    match &problems {
        Some(problems) => console::err(&render_fatal(Format::Human, problems, console::color())),
        None => console::err_line(&format!("error: {err:#}")),
    }
    if format != Format::Human {
        let problems = problems.unwrap_or_else(|| vec![Diagnostic::fatal(format!("{err:#}"))]);
        // Nowhere is left to report a failure to print the report of a failure.
        let _ = console::out(&render_fatal(format, &problems, false));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-shot build's process is not given transparent huge pages (and the test binary,
    /// which this changes, has nothing to lose by it).
    #[cfg(target_os = "linux")]
    #[test]
    fn a_one_shot_build_has_no_huge_pages() {
        let root = std::env::current_dir().expect("the project folder");
        let config = Config::load(&root).expect("the demo site's book.toml");
        let builder = Builder::new(config, BuildOptions::default()).expect("a builder");
        drop(once(builder));
        assert_eq!(
            rustix::thread::transparent_huge_pages_are_disabled(),
            Ok(true)
        );
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
