//! `prepbook`: parse the arguments, run the command, map the outcome to an exit code
//! (0 ok, 1 content errors, 2 fatal).

#![warn(clippy::too_many_lines)]

use std::process::ExitCode;

use clap::Parser as _;
mod cli;
mod console;
mod site_root;

use cli::{Cli, Outcome};

// mimalloc rather than the system allocator: a build frees and allocates millions of small
// blocks, and after a rebuild glibc's malloc sorts its freed lists on the next allocations, so
// serve's first pages after an edit took 7 ms instead of 3 at 10,000 guides.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    console::configure(cli.color, cli.quiet);
    let root = cli.site_root();
    let format = cli.format();
    match cli.run(&root) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::ContentErrors) => ExitCode::from(1),
        Err(err) => {
            cli::print_fatal(&err, format, &root);
            ExitCode::from(2)
        }
    }
}
