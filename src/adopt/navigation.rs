//! The other tool's table of contents: mdBook's `SUMMARY.md` (GitBook's too) or the `nav` of
//! `mkdocs.yml`, named as `[build] navigation` so that it orders and titles the guides it
//! lists at every build; the file itself is no guide.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::folder::{Source, Survey};
use super::{Decision, count};
use crate::config::Navigation;
use crate::config::RawConfig;
use crate::config::navigation;

/// Sets `navigation` in `raw` when the folder has a table of contents, and returns the
/// survey's files without it (and, for mdBook's, without the files it does not list).
pub(crate) fn detect(
    dir: &Path,
    survey: &Survey,
    raw: &mut RawConfig,
) -> Result<(Vec<Source>, Vec<Decision>)> {
    let Some((file, found)) = table(dir, survey)? else {
        return Ok((survey.files.clone(), Vec::new()));
    };
    let shown = file.to_string_lossy().replace('\\', "/");
    let is_summary = shown.ends_with(".md");
    let files: Vec<Source> = survey
        .files
        .iter()
        .filter(|f| !(is_summary && f.path == "SUMMARY.md"))
        .cloned()
        .collect();
    let unlisted: Vec<&str> = files
        .iter()
        .filter(|f| found.get(&f.path).is_none())
        .map(|f| f.path.as_str())
        .collect();
    let mut finding = format!(
        "{shown} lists {} of the {} ({} not listed)",
        count(found.len(), "file"),
        count(files.len(), "Markdown file"),
        unlisted.len()
    );
    if !found.drafts.is_empty() {
        finding.push_str(&format!(
            "; {} without a file, left out: {}",
            count(found.drafts.len(), "draft chapter"),
            found.drafts.join(", ")
        ));
    }
    let decision = Decision::new(
        "navigation",
        finding,
        format!("navigation = {shown:?} (its order and titles; guides not listed follow)"),
    )
    .at("build", Some("navigation"));
    let mut decisions = vec![decision];
    // mdBook builds only the chapters its summary lists: the others are partials and
    // drafts, left out by name. (MkDocs builds every file, listed or not.)
    if is_summary && !unlisted.is_empty() {
        raw.build
            .exclude
            .extend(unlisted.iter().map(|path| super::partials::literal(path)));
        decisions.push(Decision::new(
            "exclude",
            format!(
                "{} that {shown} does not list, which mdBook does not build: {}",
                count(unlisted.len(), "file"),
                unlisted.join(", ")
            ),
            "excluded by name",
        ));
    }
    let files = files
        .into_iter()
        .filter(|f| !is_summary || found.get(&f.path).is_some())
        .collect();
    raw.build.navigation = Some(file);
    Ok((files, decisions))
}

/// The table of contents and what it lists: `SUMMARY.md` in the content folder, else the
/// nav of `mkdocs.yml`; none when neither lists a file.
fn table(dir: &Path, survey: &Survey) -> Result<Option<(PathBuf, Navigation)>> {
    let summary = survey.content.join("SUMMARY.md");
    let (file, found) = if dir.join(&summary).is_file() {
        let found = navigation::read(&dir.join(&summary))?;
        (summary, found)
    } else if let Some(tool) = survey.tool.as_deref().filter(|t| t.starts_with("mkdocs.")) {
        // A nav it cannot read is left to MkDocs: the guides keep their own order.
        let Ok(found) = navigation::read(&dir.join(tool)) else {
            return Ok(None);
        };
        (PathBuf::from(tool), found)
    } else {
        return Ok(None);
    };
    Ok((!found.is_empty()).then_some((file, found)))
}
