//! Arbitrary bytes through `prepbook::fuzzing::links_and_slugs`: no panic, no stall.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| prepbook::fuzzing::links_and_slugs(data));
