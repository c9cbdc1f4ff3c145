//! Writing to the terminal (or whatever reads prepbook's output). A reader that stops early,
//! as `head` does in `prepbook check --format json | head -1`, closes the pipe; that is not a
//! failure of prepbook, so, as other command-line tools do, the output ends quietly and the
//! command still ends with its own exit code.
//!
//! Also the one place that knows how the output was asked for: coloured or not (`--color`),
//! quiet or not (`-q`), set once from the command line before anything is printed.

use std::io::{ErrorKind, IsTerminal as _, Write};
use std::sync::OnceLock;

use anyhow::{Context, Result};

/// `--color`: when diagnostics are coloured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// When standard error is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, Default)]
struct Settings {
    color: ColorWhen,
    quiet: bool,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Sets how the output looks, once, before anything is printed (later calls change nothing).
pub fn configure(color: ColorWhen, quiet: bool) {
    let _ = SETTINGS.set(Settings { color, quiet });
}

fn settings() -> Settings {
    SETTINGS.get().copied().unwrap_or_default()
}

/// Whether diagnostics on standard error get ANSI colours.
pub fn color() -> bool {
    match settings().color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Whether `-q` asked for diagnostics and errors only.
pub fn quiet() -> bool {
    settings().quiet
}

/// A line saying what was done (`built …`, `created …`) on standard error; `-q` drops it.
pub fn status(line: &str) {
    if !quiet() {
        err_line(line);
    }
}

/// [`status`] for the lines a command prints on standard output (`created …` of `init`).
pub fn out_status(line: &str) -> Result<()> {
    if quiet() { Ok(()) } else { out_line(line) }
}

/// Writes `text` to standard output; a closed pipe ends the output quietly, any other failure
/// (a full disk behind `> file`) is an error.
pub fn out(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != ErrorKind::BrokenPipe => {
            Err(err).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}

/// [`out`] with a line end.
pub fn out_line(line: &str) -> Result<()> {
    out(&format!("{line}\n"))
}

/// Writes `text` to standard error. If even that fails there is nowhere left to say so.
pub fn err(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// [`err`] with a line end.
pub fn err_line(line: &str) {
    err(&format!("{line}\n"));
}
