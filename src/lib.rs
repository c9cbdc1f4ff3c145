//! prepbook: a static-site generator for interview-prep guides.
//!
//! The pipeline, one module per stage:
//! `config` → `load` → `guide` (parse, per file, cached) → `site` (assemble) →
//! `checks` → `render` → `output`; `build` drives it, `serve` runs it on every save and `lsp`
//! on every keystroke in an editor.
//!
//! The library never prints: its deliberate surface, below, is what a front end (the
//! `prepbook` binary) needs to build, check, scaffold and serve a site and to show the outcome;
//! everything else is private to the crate, so the compiler reports what nothing uses.
// No function over 60 lines (clippy.toml), none over 5 parameters, without an `allow` that
// says why.
#![warn(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::too_many_lines,
    unreachable_pub
)]

mod adopt;
mod build;
mod checks;
mod config;
mod diagnostic;
mod guide;
mod highlight;
mod load;
mod lsp;
mod memo;
mod output;
mod render;
mod scaffold;
mod serve;
mod site;
mod urls;

/// Entry points for the fuzz targets (`fuzz/`): not the library's API.
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;

pub use adopt::{Adoption, Decision, adopt};
pub use build::{BuildOptions, BuildOutcome, Builder, Change, FirstPages};
pub use config::{Config, ConfigError};
pub use diagnostic::render::{
    Format, fatal_report as render_fatal, human as render_human, report as render_report,
    report_with_reviews as render_report_with_reviews,
};
pub use diagnostic::review::DueForReview;
pub use diagnostic::{Diagnostic, shown};
pub use guide::Date;
pub use lsp::run as lsp;
pub use output::hosts::limits_passed as host_limits;
pub use output::{OutputOrigin, OutputPolicy, OutputSize, Stream, Written, write as write_output};
pub use render::SiteFiles;
pub use scaffold::{Ci, NewGuide, init, new_guide};
pub use serve::{Reporter, ServeOptions, run as serve};
