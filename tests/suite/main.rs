//! Integration tests: the real binary on fixture sites copied into temp dirs.

mod build;
mod check;
mod scaffold;
mod support;
