//! Pages whose URLs differ only by case or by Unicode normalisation (`A.md` and `a.md`,
//! `Sec/` and `sec/`, `café.md` written with `é` and with `e` + a combining accent). They build
//! as two pages here, but a checkout on macOS or Windows, and many hosts, treat the two names
//! as one: one page silently replaces the other there.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use crate::diagnostic::{Diagnostic, rules};
use crate::site::Site;

/// A warning for each page whose URL folds to the URL of an earlier one.
pub(crate) fn case_collisions(site: &Site) -> Vec<Diagnostic> {
    let guides = site
        .guides
        .values()
        .map(|guide| (guide.id.page_path(), guide.file.clone()));
    let sections = site.sections.values().filter_map(|section| {
        let file = match &section.index {
            Some(index) => index.file.clone(),
            None => site.guides.get(section.guides.first()?)?.file.clone(),
        };
        Some((section.id.page_path(), file))
    });
    let mut first: HashMap<String, (String, String)> = HashMap::new();
    let mut diagnostics = Vec::new();
    for (path, file) in guides.chain(sections) {
        let key = folded(&path);
        match first.get(&key) {
            Some((other, other_file)) if *other != path => diagnostics.push(
                rules::URL_CASE_COLLISION
                    .report(
                        &file,
                        format!(
                            "/{path} differs from /{other} ({other_file}) only by case or Unicode \
                             normalisation"
                        ),
                    )
                    .with_help(
                        "rename one of them: on a case-insensitive checkout or host (macOS, \
                         Windows, many static hosts) one page replaces the other",
                    ),
            ),
            Some(_) => {}
            None => {
                first.insert(key, (path, file));
            }
        }
    }
    diagnostics
}

/// The form two names share when a case-insensitive, normalising file system takes them for
/// one: composed (NFC) and lowercase.
fn folded(path: &str) -> String {
    // ASCII is its own NFC form: most sites' paths take the short way.
    if path.is_ascii() {
        return path.to_ascii_lowercase();
    }
    path.nfc()
        .collect::<String>()
        .to_lowercase()
        .nfc()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_equal_but_for_case_or_normalisation_fold_together() {
        assert_eq!(folded("Sec/A/"), folded("sec/a/"));
        assert_eq!(folded("Sec/A-b/"), "sec/a-b/", "ASCII only lowercases");
        assert_eq!(folded("caf\u{e9}/"), folded("cafe\u{301}/"));
        assert_eq!(folded("CAF\u{c9}/"), folded("cafe\u{301}/"));
        assert_ne!(folded("cafe/"), folded("caf\u{e9}/"));
    }
}
