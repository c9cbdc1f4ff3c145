//! A guide due for review: what `check --format json` lists under `due_for_review` besides the
//! `stale-guide` diagnostics (`checks/review.rs` finds them), for a program that makes a
//! review rota or a report out of them.

use serde::Serialize;

/// One guide due for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueForReview {
    /// Path of the guide, as in diagnostics.
    pub file: String,
    /// The date judged (`YYYY-MM-DD`): the guide's `reviewed`, else its `updated`.
    pub reviewed: String,
    /// The front-matter key the date is written under: `reviewed` or `updated`.
    pub key: &'static str,
    /// The day the review fell due (`YYYY-MM-DD`): `reviewed` plus `review-after`.
    pub due: String,
}

impl DueForReview {
    /// The entry with its path seen from `root`, as [`super::Diagnostic::seen_from`] does.
    pub fn seen_from(mut self, root: &std::path::Path) -> Self {
        self.file = super::shown(&root.join(&self.file)).replace('\\', "/");
        self
    }
}
