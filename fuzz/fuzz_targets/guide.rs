//! Arbitrary bytes through `prepbook::fuzzing::guide`: no panic, no stall.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| prepbook::fuzzing::guide(data));
