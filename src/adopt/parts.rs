//! Which parts (TL;DR, FAQ, checklist) to require: those every guide already has, found by
//! the real parse, so that `check` passes on the guides as they are.

use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;

use super::{Decision, count, percent};
use crate::config::{PartKind, RawConfig};
use crate::guide::{self, ParseOptions};
use crate::load::{self, Content};

/// The parts a guide is required to have by default, in the order they are named.
const DEFAULT_REQUIRED: [PartKind; 3] = [PartKind::Tldr, PartKind::Faq, PartKind::Checklist];

/// Sets `[checks] required` in `raw` to the parts every guide has.
pub(crate) fn detect(dir: &Path, raw: &mut RawConfig) -> Result<Vec<Decision>> {
    let config = super::file::config(dir, raw)?;
    let sources = load::scan(Content {
        root: &config.root,
        dir: &config.content_dir,
        exclude: &config.exclude,
        not_content: &crate::build::not_content(&config),
        includes: config.mdbook_includes,
        case: crate::urls::UrlCase::new(config.lowercase_urls),
    })?;
    let mut options = ParseOptions::new(&config);
    options.code = crate::highlight::Code::Plain;
    let parsed: Vec<_> = sources
        .par_iter()
        .filter_map(|source| guide::parse(source, &options).guide)
        .collect();
    // The guides as the site has them: a folder's page is one only when alone in its folder.
    let site = crate::site::Site::assemble(&parsed, false);
    let has: Vec<Has> = site
        .guides
        .values()
        .map(|guide| {
            let parts = DEFAULT_REQUIRED
                .iter()
                .map(|kind| guide.model.parts.iter().any(|p| p.kind == *kind))
                .collect();
            (guide.file.clone(), parts)
        })
        .collect();
    let (required, finding) = required(&has);
    let setting = if required == DEFAULT_REQUIRED {
        format!("required as by default: {:?}", names(&required))
    } else {
        raw.checks.required = Some(names(&required));
        format!("required = {:?}", names(&required))
    };
    Ok(vec![
        Decision::new("required parts", finding, setting).at("checks", Some("required")),
    ])
}

/// A guide's file and whether it has each of [`DEFAULT_REQUIRED`].
type Has = (String, Vec<bool>);

/// How few guides without a part are named in the finding (the rest have it).
const NAMED: usize = 3;

/// The parts all guides have, from each guide's has-or-not, and the finding: how many guides
/// have each, naming the few that lack one most have.
fn required(has: &[Has]) -> (Vec<PartKind>, String) {
    let mut required = Vec::new();
    let mut shares = Vec::new();
    for (index, kind) in DEFAULT_REQUIRED.iter().enumerate() {
        let without: Vec<&str> = has
            .iter()
            .filter(|(_, parts)| !parts[index])
            .map(|(file, _)| file.as_str())
            .collect();
        let n = has.len() - without.len();
        let mut share = format!("{} in {}", label(kind), percent(n, has.len()));
        if !without.is_empty() && without.len() <= NAMED && n > without.len() {
            share += &format!(" (not in {})", without.join(", "));
        }
        shares.push(share);
        if without.is_empty() && n > 0 {
            required.push(kind.clone());
        }
    }
    let finding = if has.is_empty() {
        "no guides but folders' index pages, which need no parts".to_owned()
    } else {
        format!("{} of {}", shares.join(", "), count(has.len(), "guide"))
    };
    (required, finding)
}

fn label(kind: &PartKind) -> &'static str {
    match kind {
        PartKind::Tldr => "TL;DR",
        PartKind::Faq => "FAQ",
        _ => "checklist",
    }
}

fn names(kinds: &[PartKind]) -> Vec<String> {
    kinds.iter().map(|k| k.name().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_parts_every_guide_has_are_required() {
        let mut has = vec![("a.md".to_owned(), vec![true, false, true]); 199];
        has.push(("b.md".to_owned(), vec![true, true, false]));
        let (kinds, finding) = required(&has);
        assert_eq!(kinds, [PartKind::Tldr]);
        assert_eq!(
            finding, "TL;DR in 100%, FAQ in 1%, checklist in 99% (not in b.md) of 200 guides",
            "199 of 200 is no 100%, 1 of 200 no 0%"
        );
        let (kinds, _) = required(&[]);
        assert!(kinds.is_empty(), "no guides, nothing to require");
    }
}
