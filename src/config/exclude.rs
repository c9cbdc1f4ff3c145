//! `[build] exclude`: content files that are not pages (snippets, partials, drafts folders).

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// Glob patterns matched against a file's path under the content folder (`_common/**`,
/// `**/drafts/**`); `*` stays within one folder, `**` crosses folders.
#[derive(Debug, Clone)]
pub(crate) struct Exclude {
    patterns: Vec<String>,
    set: GlobSet,
}

impl Exclude {
    pub(crate) fn new(patterns: &[String]) -> Result<Exclude, String> {
        let mut set = GlobSetBuilder::new();
        for pattern in patterns {
            let glob = GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|err| format!("pattern `{pattern}`: {}", err.kind()))?;
            set.add(glob);
        }
        Ok(Exclude {
            patterns: patterns.to_vec(),
            set: set
                .build()
                .map_err(|err| format!("exclude patterns: {err}"))?,
        })
    }

    /// Whether the content file (or folder) at `relative` (with `/` separators) is left out.
    pub(crate) fn matches(&self, relative: &str) -> bool {
        !self.patterns.is_empty() && self.set.is_match(relative)
    }
}

impl PartialEq for Exclude {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_paths_under_the_content_folder() {
        let exclude = Exclude::new(&[
            "_common/**".into(),
            "**/drafts/**".into(),
            "*.tmp.md".into(),
        ])
        .unwrap();
        assert!(exclude.matches("_common/snippet.md"));
        assert!(exclude.matches("_common/deep/x.md"));
        assert!(exclude.matches("a/b/drafts/x.md"));
        assert!(exclude.matches("drafts/x.md"));
        assert!(exclude.matches("x.tmp.md"));
        assert!(!exclude.matches("a/x.tmp.md"), "`*` stays in one folder");
        assert!(!exclude.matches("common/x.md"));
        assert!(!Exclude::new(&[]).unwrap().matches("x.md"));
        let err = Exclude::new(&["a/[b".into()]).unwrap_err();
        assert!(err.contains("a/[b"), "{err}");
    }
}
