//! Integration tests: the real binary on fixture sites copied into temp dirs.

mod adopt;
mod adopt_command;
mod adversarial;
mod architecture;
mod browser;
mod build;
mod check;
mod cli;
mod corpora;
mod file_names;
mod host_limits;
mod hosting;
mod incremental;
mod output;
mod paths;
mod pipes;
mod practice;
mod preview_safety;
mod reading;
mod scaffold;
mod scale;
mod search;
mod serve;
mod serving;
mod support;
mod untrusted;
