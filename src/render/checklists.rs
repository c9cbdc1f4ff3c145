//! Printable checklists: for each guide, its checklist items grouped under their headings, for
//! the per-guide print view and the one page with every checklist.
//!
//! A guide's checklist is every task item (`- [ ] …`) wherever it stands, and the plain bullets
//! of its checklist section (which the checks accept as items too).

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::checks::sections;
use crate::config::ChecksConfig;
use crate::guide::Guide;
use crate::guide::markdown::BlockKind;

/// Where the print views go. Not a name a section can have: see the reserved names of the
/// url-collision check.
pub const PRINT_DIR: &str = "checklists-print/";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistGroup {
    /// The heading the items stand under; empty for items before any heading.
    pub heading: String,
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    pub text: String,
    /// 0 for a top-level item, 1 for an item nested in it…
    pub indent: usize,
    pub checked: bool,
}

/// The guide's checklist items in page order, grouped under their nearest heading.
pub fn groups(guide: &Guide, checks: &ChecksConfig) -> Vec<ChecklistGroup> {
    let blocks = &guide.body.blocks;
    let sections = checklist_ranges(guide, checks);
    let tasks: BTreeMap<usize, bool> = guide
        .body
        .tasks
        .iter()
        .map(|t| (t.block, t.checked))
        .collect();
    let mut groups: Vec<ChecklistGroup> = Vec::new();
    let mut heading = String::new();
    for (i, block) in blocks.iter().enumerate() {
        let depth = match block.kind {
            BlockKind::Heading { heading: h, .. } => {
                heading = guide
                    .body
                    .headings
                    .get(h)
                    .map(|h| h.text.clone())
                    .unwrap_or_default();
                continue;
            }
            BlockKind::ListItem { depth, .. } => depth,
            _ => continue,
        };
        let in_section = sections
            .iter()
            .find(|(range, _)| range.contains(&i))
            .map(|(_, top)| *top);
        let is_task = tasks.contains_key(&i);
        if !is_task && in_section != Some(depth) {
            continue;
        }
        let text = block.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            continue;
        }
        if groups.last().is_none_or(|g| g.heading != heading) {
            groups.push(ChecklistGroup {
                heading: heading.clone(),
                items: Vec::new(),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.items.push(ChecklistItem {
                text,
                indent: depth.saturating_sub(1),
                checked: tasks.get(&i).copied().unwrap_or(false),
            });
        }
    }
    groups
}

/// The block ranges of the guide's checklist sections, each with its top list depth.
fn checklist_ranges(guide: &Guide, checks: &ChecksConfig) -> Vec<(Range<usize>, usize)> {
    let blocks = &guide.body.blocks;
    sections::find(guide, checks)
        .into_iter()
        .filter(|s| s.name == "checklist")
        .filter_map(|s| {
            let start = blocks.iter().position(|b| std::ptr::eq(b, s.heading))? + 1;
            let top = s
                .blocks
                .iter()
                .filter_map(|b| match b.kind {
                    BlockKind::ListItem { depth, .. } => Some(depth),
                    _ => None,
                })
                .min()?;
            Some((start..start + s.blocks.len(), top))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::{ParseOptions, parse};
    use crate::load::SourceFile;
    use crate::urls::{BasePath, GuideId};

    fn guide(body: &str) -> Guide {
        let text = format!("---\ntitle: T\n---\n{body}");
        let file = SourceFile::new(GuideId::new("a.md"), "content/a.md".into(), text.into());
        let options = ParseOptions {
            base: BasePath::default(),
        };
        (*parse(&file, &options).guide.expect("parses")).clone()
    }

    #[test]
    fn task_items_anywhere_and_checklist_bullets() {
        let checks = crate::config::Config::parse(std::path::Path::new("/s"), "")
            .unwrap()
            .checks;
        let g = guide(
            "- not a task\n\n## Day before\n\n- [ ] Sleep\n  - [x] Early\n\n## Checklist\n\n- Plain [item](b.md)\n  - nested bullet\n- [ ] Task\n",
        );
        let groups = groups(&g, &checks);
        type Shown<'a> = Vec<(&'a str, Vec<(&'a str, usize, bool)>)>;
        let shown: Shown<'_> = groups
            .iter()
            .map(|g| {
                (
                    g.heading.as_str(),
                    g.items
                        .iter()
                        .map(|i| (i.text.as_str(), i.indent, i.checked))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("Day before", vec![("Sleep", 0, false), ("Early", 1, true)]),
                (
                    "Checklist",
                    vec![("Plain item", 0, false), ("Task", 0, false)]
                ),
            ]
        );
    }
}
