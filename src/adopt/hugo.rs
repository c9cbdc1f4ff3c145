//! What a Hugo config says beyond the content folder and the title (`folder.rs`): whether the
//! site's page URLs are lowercased. Hugo lowercases every page path unless
//! `disablePathToLower = true`, so links written against the lowercase URLs
//! (`/functions/tolower/` for `functions/ToLower.md`) work there and must here too.

use std::path::Path;

use super::folder::Source;
use super::{Decision, count};
use crate::config::RawConfig;

/// The config files read as Hugo's (those `folder.rs` takes for Hugo's).
const FILES: &[&str] = &["hugo.toml", "hugo.yaml", "config.toml"];

/// `lowercase-urls` for the Hugo site whose config is `file`, unless it turns the lowercasing
/// off; `None` when `file` is not a Hugo config.
pub(crate) fn detect(
    dir: &Path,
    file: &str,
    files: &[Source],
    raw: &mut RawConfig,
) -> Option<Decision> {
    if !FILES.contains(&file) {
        return None;
    }
    let text = std::fs::read_to_string(dir.join(file)).ok()?;
    let upper = files
        .iter()
        .filter(|source| source.path.chars().any(char::is_uppercase))
        .count();
    let paths = format!("{} with capitals in its path", count(upper, "file"));
    let decision = match path_to_lower_disabled(&text) {
        Some(true) => Decision::new(
            "URL case",
            format!("{file} sets disablePathToLower = true ({paths})"),
            "URLs keep the files' case (lowercase-urls unset)",
        ),
        _ => {
            raw.build.lowercase_urls = Some(true);
            Decision::new(
                "URL case",
                format!(
                    "{file} leaves disablePathToLower unset: Hugo lowercases page URLs ({paths})"
                ),
                "lowercase-urls = true (page URLs lowercase, links found whatever their case)",
            )
            .at("build", Some("lowercase-urls"))
        }
    };
    Some(decision)
}

/// `disablePathToLower` of a Hugo config in TOML or YAML (Hugo's keys are read in any case);
/// `None` when the file does not say or does not read.
fn path_to_lower_disabled(text: &str) -> Option<bool> {
    let config: toml::Value = toml::from_str(text)
        .ok()
        .or_else(|| serde_yaml::from_str::<toml::Value>(text).ok())?;
    let table = config.as_table()?;
    table
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("disablePathToLower"))
        .and_then(|(_, value)| value.as_bool())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(config: &str) -> (Option<bool>, String) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("hugo.toml"), config).unwrap();
        let files = [Source {
            path: "functions/ToLower.md".to_owned(),
            text: String::new(),
        }];
        let mut raw = RawConfig::default();
        let decision = detect(dir.path(), "hugo.toml", &files, &mut raw).unwrap();
        (raw.build.lowercase_urls, decision.to_string())
    }

    #[test]
    fn a_hugo_site_gets_lowercase_urls_unless_it_turns_them_off() {
        let (set, line) = decide("title = \"Docs\"\n");
        assert_eq!(set, Some(true));
        assert!(line.contains("1 file with capitals"), "{line}");
        let (set, line) = decide("title = \"Docs\"\ndisablePathToLower = true\n");
        assert_eq!(set, None);
        assert!(line.contains("sets disablePathToLower = true"), "{line}");
        assert_eq!(decide("disablepathtolower = false\n").0, Some(true));
    }

    #[test]
    fn other_tools_configs_are_not_read() {
        let mut raw = RawConfig::default();
        assert!(detect(Path::new("."), "mkdocs.yml", &[], &mut raw).is_none());
        assert_eq!(raw.build.lowercase_urls, None);
    }
}
