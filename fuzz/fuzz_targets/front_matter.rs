//! Arbitrary bytes through `prepbook::fuzzing::front_matter`: no panic, no stall.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| prepbook::fuzzing::front_matter(data));
