//! Which parts (TL;DR, FAQ, checklist) to require: those every guide already has, found by
//! the real parse, so that `check` passes on the guides as they are.

use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;

use super::{Decision, percent};
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
    })?;
    let mut options = ParseOptions::new(&config);
    options.code = crate::highlight::Code::Plain;
    let has: Vec<Vec<bool>> = sources
        .par_iter()
        .filter_map(|source| guide::parse(source, &options).guide)
        .filter(|guide| !guide.is_section_index())
        .map(|guide| {
            DEFAULT_REQUIRED
                .iter()
                .map(|kind| guide.model.parts.iter().any(|p| p.kind == *kind))
                .collect()
        })
        .collect();
    let (required, finding) = required(&has);
    let setting = format!("required = {:?}", names(&required));
    if required != DEFAULT_REQUIRED {
        raw.checks.required = Some(names(&required));
    }
    Ok(vec![
        Decision::new("required sections", finding, setting).at("checks", Some("required")),
    ])
}

/// The parts all guides have, from each guide's has-or-not of [`DEFAULT_REQUIRED`], and the
/// finding: how many guides have each.
fn required(has: &[Vec<bool>]) -> (Vec<PartKind>, String) {
    let mut required = Vec::new();
    let mut shares = Vec::new();
    for (index, kind) in DEFAULT_REQUIRED.iter().enumerate() {
        let n = has.iter().filter(|parts| parts[index]).count();
        shares.push(format!("{} in {}", label(kind), percent(n, has.len())));
        if n == has.len() && n > 0 {
            required.push(kind.clone());
        }
    }
    let finding = if has.is_empty() {
        "no guides but folders' index pages, which need no parts".to_owned()
    } else {
        format!("{} of {} guides", shares.join(", "), has.len())
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
        let has = vec![vec![true, false, true], vec![true, true, false]];
        let (kinds, finding) = required(&has);
        assert_eq!(kinds, [PartKind::Tldr]);
        assert_eq!(
            finding,
            "TL;DR in 100%, FAQ in 50%, checklist in 50% of 2 guides"
        );
        let (kinds, _) = required(&[]);
        assert!(kinds.is_empty(), "no guides, nothing to require");
    }
}
