//! Integration tests: the real binary on fixture sites.
