//! Whether the `.md` guides are MDX (`[build] mdx`): Docusaurus reads them so, and its pages
//! import components at the top and use them (`import InDocAd from '@site/…';` then
//! `<InDocAd />`). Then their top-level `import`/`export` blocks are code, left out of the page;
//! elsewhere a line that starts with "import" is prose.

use super::Decision;
use super::folder::Source;
use crate::config::RawConfig;

/// Sets `mdx` in `raw` when the site's tool is Docusaurus (`tool` names its config file) or a
/// guide imports a component it uses, and says why.
pub(super) fn decide(
    tool: Option<&str>,
    files: &[Source],
    raw: &mut RawConfig,
) -> Option<Decision> {
    let finding = match tool.filter(|t| t.starts_with("docusaurus.config")) {
        Some(config) => config.to_owned(),
        None => {
            let importing: Vec<&str> = files
                .iter()
                .filter(|f| imports_a_component_it_uses(&f.text))
                .map(|f| f.path.as_str())
                .collect();
            let first = importing.first()?;
            format!(
                "{} import a component they use (first: {first})",
                super::count(importing.len(), "guide")
            )
        }
    };
    raw.build.mdx = true;
    Some(
        Decision::new("MDX", finding, "mdx = true: `.md` guides are read as MDX")
            .at("build", Some("mdx")),
    )
}

/// Whether `text` has a line `import Name from '…'` and, on a later line, `<Name`, both
/// outside fenced code (where examples of React code import and use components too).
fn imports_a_component_it_uses(text: &str) -> bool {
    let mut names: Vec<&str> = Vec::new();
    let mut fence: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        if let Some(marker) = marker {
            fence = match fence {
                Some(open) if open == marker => None,
                None => Some(marker),
                still => still,
            };
            continue;
        }
        if fence.is_some() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("import ")
            && let Some((name, from)) = rest.split_once(" from ")
            && from.trim_start().starts_with(['\'', '"'])
            && name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            names.push(name);
        } else if let Some(tag) = line.trim_start().strip_prefix('<')
            && names.iter().any(|name| {
                tag.strip_prefix(name)
                    .is_some_and(|r| r.starts_with([' ', '/', '>']) || r.is_empty())
            })
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source {
            path: "a.md".to_owned(),
            text: text.to_owned(),
        }
    }

    #[test]
    fn a_component_imported_and_used_makes_the_site_mdx() {
        let mut raw = RawConfig::default();
        let prose = source("We import data from files.\n\n<Details>x</Details>\n");
        assert!(decide(None, std::slice::from_ref(&prose), &mut raw).is_none());
        assert!(!raw.build.mdx);
        let fenced = source("```jsx\nimport Button from './Button';\n\n<Button />\n```\n");
        assert!(decide(None, std::slice::from_ref(&fenced), &mut raw).is_none());
        let unused = source("import Tabs from '@theme/Tabs';\n\nText.\n");
        assert!(decide(None, &[prose.clone(), unused], &mut raw).is_none());
        let used = source("import InDocAd from '@site/src/InDocAd';\n\n<InDocAd />\n");
        let decision = decide(None, &[prose, used], &mut raw).expect("MDX");
        assert!(raw.build.mdx);
        assert!(
            decision.finding.contains("1 guide import"),
            "{}",
            decision.finding
        );
        let mut raw = RawConfig::default();
        assert!(decide(Some("docusaurus.config.ts"), &[], &mut raw).is_some());
        assert!(raw.build.mdx);
    }
}
