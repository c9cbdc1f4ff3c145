//! prepbook: a static-site generator for interview-prep guides.
//!
//! The pipeline, one module per stage:
//! [`config`] → [`load`] → [`guide`] (parse, per file, cached) → [`site`] (assemble) →
//! [`checks`] → [`render`] → [`output`]; [`build`] drives it.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod build;
pub mod checks;
pub mod cli;
pub mod config;
pub mod console;
pub mod diagnostic;
pub mod guide;
pub mod load;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod urls;
