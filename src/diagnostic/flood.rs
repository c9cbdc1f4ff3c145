//! The closing summary when one rule fires on many guides, as on a site brought from another
//! tool whose guides have no FAQ: every occurrence is still listed (so an editor can jump to
//! each), then one line per such rule and one hint naming the setting that relaxes it.

use std::collections::{BTreeMap, BTreeSet};

use super::Diagnostic;
use super::rules::{RULES, Rule};

/// How many files a rule must fire in to be summed up.
const MANY: usize = 10;

/// The summary lines (empty when no rule fired on many guides).
pub(crate) fn summary(diagnostics: &[Diagnostic]) -> String {
    let mut files: BTreeMap<&'static str, BTreeSet<&str>> = BTreeMap::new();
    let mut errors: BTreeSet<&'static str> = BTreeSet::new();
    for d in diagnostics {
        files.entry(d.code).or_default().insert(&d.file);
        if d.is_error() {
            errors.insert(d.code);
        }
    }
    let floods: Vec<(&Rule, usize)> = RULES
        .iter()
        .filter_map(|rule| Some((rule, files.get(rule.code)?.len())))
        .filter(|(_, count)| *count >= MANY)
        .collect();
    if floods.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    for (rule, count) in &floods {
        out.push_str(&format!(
            "{count} guides: {} ({})\n",
            rule.summary, rule.code
        ));
    }
    out.push_str(&hint(
        floods
            .iter()
            .map(|(rule, _)| (rule.code, errors.contains(rule.code))),
    ));
    out
}

/// The `book.toml` settings that relax the rules, once for all of them: a rule whose
/// occurrences are errors can be made a warning (or turned off), one that only warns, off.
fn hint<'a>(codes: impl Iterator<Item = (&'a str, bool)>) -> String {
    let codes: Vec<(&str, bool)> = codes.collect();
    let parts = codes.iter().any(|(c, _)| c.starts_with("missing-"));
    let levels = codes
        .iter()
        .map(|(c, error)| format!("{c} = \"{}\"", if *error { "warn" } else { "off" }))
        .collect::<Vec<_>>()
        .join(", ");
    let or_off = if codes.iter().any(|(_, error)| *error) {
        " (or \"off\")"
    } else {
        ""
    };
    let mut hint =
        format!("help: to relax them, set {levels}{or_off} under [checks.severity] in book.toml");
    if parts {
        hint.push_str(
            "; to require fewer parts of every guide, set `required = [...]` under [checks]",
        );
    }
    hint + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::rules;

    #[test]
    fn a_rule_on_many_guides_is_summed_up_with_the_setting_that_relaxes_it() {
        let mut all: Vec<Diagnostic> = (0..12)
            .map(|i| rules::MISSING_FAQ.report(format!("g{i}.md"), "no FAQ"))
            .collect();
        all.extend((0..3).map(|i| rules::BROKEN_LINK.report(format!("g{i}.md"), "x")));
        // Many diagnostics in one file are not many guides.
        all.extend((0..20).map(|_| rules::BODY_H1.report("one.md", "h1")));
        let text = summary(&all);
        assert_eq!(
            text,
            "12 guides: a required FAQ part is missing (missing-faq)\n\
             help: to relax them, set missing-faq = \"warn\" (or \"off\") under [checks.severity] \
             in book.toml; to require fewer parts of every guide, set `required = [...]` \
             under [checks]\n"
        );
        assert_eq!(summary(&all[12..]), "");
    }

    #[test]
    fn a_rule_that_only_warns_is_offered_off() {
        let all: Vec<Diagnostic> = (0..10)
            .map(|i| {
                let mut d = rules::BROKEN_LINK.report(format!("g{i}.md"), "x");
                d.severity = crate::diagnostic::Severity::Warning;
                d
            })
            .collect();
        assert!(
            summary(&all).ends_with(
                "help: to relax them, set broken-link = \"off\" under [checks.severity] in \
                 book.toml\n"
            ),
            "{}",
            summary(&all)
        );
    }
}
