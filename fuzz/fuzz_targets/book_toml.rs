//! Arbitrary bytes through `prepbook::fuzzing::book_toml`: no panic, no stall.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| prepbook::fuzzing::book_toml(data));
