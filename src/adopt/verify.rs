//! The written settings checked with the real checks: what still fails `check` is made to
//! pass without editing a guide. A rule a site may set is shown as a warning instead (the
//! finding names how many and where to start); a file that cannot be read at all (empty, not
//! UTF-8, front matter that does not parse) is left out, by name. Heading ids follow the
//! style under which fewer anchor links break.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;

use super::{Decision, count};
use crate::build::{BuildOptions, Builder};
use crate::config::{HeadingIds, Level, RawConfig};
use crate::diagnostic::{Diagnostic, Severity, rules};

/// How many times the check is run again after relaxing what failed; leaving a file out
/// can break links to it, which the next run reports.
const ROUNDS: usize = 3;

/// Sets `heading-ids` (or, when the other tool's config `chose` them, counts the anchor links
/// they break), and relaxes in `raw` whatever fails the check.
pub(crate) fn relax(dir: &Path, raw: &mut RawConfig, chosen: bool) -> Result<Vec<Decision>> {
    let first = match chosen {
        true => chosen_heading_ids(dir, raw)?,
        false => heading_ids(dir, raw)?,
    };
    let mut decisions = vec![first];
    for round in 0..=ROUNDS {
        let errors = errors(dir, raw, None)?;
        if errors.is_empty() {
            break;
        }
        if round == ROUNDS {
            decisions.push(Decision::new(
                "check",
                count(errors.len(), "error"),
                "remain, which no setting relaxes: `prepbook check` lists them",
            ));
            break;
        }
        let mut by_code: BTreeMap<&'static str, Vec<Diagnostic>> = BTreeMap::new();
        for error in errors {
            by_code.entry(error.code).or_default().push(error);
        }
        for (code, errors) in by_code {
            if rules::is_configurable(code) {
                raw.checks.severity.insert(code.to_owned(), Level::Warn);
                decisions.push(warn(code, &errors));
            } else {
                decisions.extend(leave_out(raw, &errors));
            }
        }
    }
    Ok(decisions)
}

/// The errors `check` reports with the settings of `raw`; with `only`, of that rule alone.
/// The rules that cannot fail (warnings) are turned off for the run, and no broken link's
/// did-you-mean is worked out: neither is needed to know what fails, and the did-you-means
/// are most of a check's time where many links are broken.
fn errors(dir: &Path, raw: &RawConfig, only: Option<&str>) -> Result<Vec<Diagnostic>> {
    let mut config = super::file::config(dir, raw)?;
    // Only the problems are counted here: their help is the user's `check`'s to give.
    config.checks.suggest = false;
    let severity = &mut config.checks.severity;
    for rule in rules::RULES {
        let fails = match severity.get(rule.code) {
            Some(level) => *level == Level::Error,
            None => rule.default == Severity::Error,
        };
        if !fails || only.is_some_and(|code| code != rule.code) {
            severity.insert(rule.code.to_owned(), Level::Off);
        }
    }
    let mut builder = Builder::new(
        config,
        BuildOptions {
            include_drafts: false,
        },
    )?;
    builder.check_only();
    let outcome = builder.full()?;
    Ok(outcome
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect())
}

fn warn(code: &str, errors: &[Diagnostic]) -> Decision {
    let mut files: Vec<&str> = errors.iter().map(|e| e.file.as_str()).collect();
    files.dedup();
    let first = &errors[0];
    let at = match first.line {
        Some(line) => format!("{}:{line}", first.file),
        None => first.file.clone(),
    };
    Decision::new(
        format!("check {code}"),
        format!(
            "{} in {} (first: {at}: {})",
            count(errors.len(), "error"),
            count(files.len(), "file"),
            first.message
        ),
        format!("{code} = \"warn\": reported, not failing; fix them, then remove the line"),
    )
    .at("checks.severity", Some(code))
}

/// Leaves out each file with a problem that stops it from being read.
fn leave_out(raw: &mut RawConfig, errors: &[Diagnostic]) -> Vec<Decision> {
    let content = raw
        .build
        .content_dir
        .as_ref()
        .map(|c| c.to_string_lossy().replace('\\', "/"))
        .filter(|c| c != ".");
    let mut decisions = Vec::new();
    for error in errors {
        let path = match &content {
            Some(c) => error
                .file
                .strip_prefix(&format!("{c}/"))
                .unwrap_or(&error.file),
            None => &error.file,
        };
        let pattern = super::partials::literal(path);
        if raw.build.exclude.contains(&pattern) {
            continue;
        }
        raw.build.exclude.push(pattern.clone());
        decisions.push(
            Decision::new(
                format!("exclude {pattern}"),
                format!("{}: {}", error.code, error.message),
                "left out until it can be read",
            )
            .at("build", Some("exclude")),
        );
    }
    decisions
}

/// The broken `#anchor` links of the check with the settings of `raw`.
fn broken_anchors(dir: &Path, raw: &RawConfig) -> Result<usize> {
    let anchor = rules::BROKEN_ANCHOR.code;
    let errors = errors(dir, raw, Some(anchor))?;
    // Files that cannot be read are errors whatever the rules: not anchors.
    Ok(errors.iter().filter(|e| e.code == anchor).count())
}

/// The heading ids the other tool makes, as its config says (MkDocs' `toc`), kept: the check
/// only says how many anchor links break with them, and with GitHub's for comparison.
fn chosen_heading_ids(dir: &Path, raw: &mut RawConfig) -> Result<Decision> {
    let style = raw.build.heading_ids;
    let broken = broken_anchors(dir, raw)?;
    raw.build.heading_ids = HeadingIds::Github;
    let github = broken_anchors(dir, raw)?;
    raw.build.heading_ids = style;
    let finding = format!(
        "{} with {} ids, {github} with GitHub's",
        count(broken, "broken #anchor link"),
        style_name(style)
    );
    Ok(Decision::new(
        "heading ids checked",
        finding,
        format!("{} kept, as the site's config makes them", setting(style)),
    )
    .at("build", Some("heading-ids")))
}

/// GitHub's heading ids unless prepbook's or Python-Markdown's leave fewer anchor links broken.
fn heading_ids(dir: &Path, raw: &mut RawConfig) -> Result<Decision> {
    let broken = |raw: &RawConfig| broken_anchors(dir, raw);
    raw.build.heading_ids = HeadingIds::Github;
    let github = broken(raw)?;
    let finding = if github == 0 {
        "no #anchor link is broken with GitHub's ids".to_owned()
    } else {
        let mut best = (github, HeadingIds::Github);
        let mut counts = Vec::new();
        for style in [HeadingIds::Prepbook, HeadingIds::PythonMarkdown] {
            raw.build.heading_ids = style;
            let broken = broken(raw)?;
            counts.push(format!("{broken} with {}", style_name(style)));
            if broken < best.0 {
                best = (broken, style);
            }
        }
        raw.build.heading_ids = best.1;
        format!(
            "{} with GitHub's ids, {}",
            count(github, "broken #anchor link"),
            counts.join(", ")
        )
    };
    Ok(
        Decision::new("heading ids", finding, setting(raw.build.heading_ids))
            .at("build", Some("heading-ids")),
    )
}

fn setting(style: HeadingIds) -> &'static str {
    match style {
        HeadingIds::Github => "heading-ids = \"github\"",
        HeadingIds::Prepbook => "heading-ids = \"prepbook\"",
        HeadingIds::PythonMarkdown => "heading-ids = \"python-markdown\"",
    }
}

fn style_name(style: HeadingIds) -> &'static str {
    match style {
        HeadingIds::Github => "GitHub's",
        HeadingIds::Prepbook => "prepbook's",
        HeadingIds::PythonMarkdown => "Python-Markdown's",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn a_file_that_cannot_be_read_is_left_out_by_its_path_under_the_content_folder() {
        let mut raw = RawConfig::default();
        raw.build.content_dir = Some(PathBuf::from("docs"));
        let empty = rules::EMPTY_FILE.report("docs/a/[x].md", "the file is empty");
        let decisions = leave_out(&mut raw, &[empty.clone(), empty]);
        assert_eq!(
            raw.build.exclude,
            ["a/[[]x[]].md"],
            "once, matching only itself"
        );
        assert_eq!(
            decisions[0].to_string(),
            "exclude a/[[]x[]].md: empty-file: the file is empty -> left out until it can be read"
        );
    }

    #[test]
    fn a_rule_that_fails_says_how_often_and_where_first() {
        let errors = [
            rules::BROKEN_LINK
                .report("c/a.md", "link to `x.md`")
                .at("t\nt\n", 2, 1),
            rules::BROKEN_LINK.report("c/a.md", "link to `y.md`"),
            rules::BROKEN_LINK.report("c/b.md", "link to `z.md`"),
        ];
        let decision = warn("broken-link", &errors);
        assert_eq!(
            decision.finding,
            "3 errors in 2 files (first: c/a.md:2: link to `x.md`)"
        );
        assert!(decision.setting.starts_with("broken-link = \"warn\""));
    }
}
