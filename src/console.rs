//! Writing to the terminal (or whatever reads prepbook's output). A reader that stops early,
//! as `head` does in `prepbook check --format json | head -1`, closes the pipe; that is not a
//! failure of prepbook, so, as other command-line tools do, the output ends quietly and the
//! command still ends with its own exit code.

use std::io::{ErrorKind, Write};

use anyhow::{Context, Result};

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
