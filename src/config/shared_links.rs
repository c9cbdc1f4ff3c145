//! `[build] link-definitions`: files whose link reference definitions (`[label]: url`) every
//! guide can use, as MkDocs' `pymdownx.snippets` `auto_append` shares a file of links among
//! all pages. Only the definitions are taken: they render nothing, so a page shows nothing of
//! the file but what its own `[text][label]` links resolve to.

use anyhow::{Context, Result};

/// The link reference definitions (`[label]: url`, at most three spaces in) of `files`,
/// one a line, for every guide's body to end with.
pub(crate) fn link_definitions(files: &[std::path::PathBuf]) -> Result<String> {
    let mut out = String::new();
    for file in files {
        let text = std::fs::read_to_string(file).with_context(|| {
            format!("cannot read {} ([build] link-definitions)", file.display())
        })?;
        for line in text.lines().filter(|line| is_link_definition(line)) {
            out.push_str(line.trim_start());
            out.push('\n');
        }
    }
    Ok(out)
}

/// `[label]: destination`, which a CommonMark body can refer to as `[text][label]`.
fn is_link_definition(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let Some(rest) = line.trim_start().strip_prefix('[') else {
        return false;
    };
    let Some((label, after)) = rest.split_once("]:") else {
        return false;
    };
    indent <= 3 && !label.trim().is_empty() && !label.starts_with('^') && !after.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_link_definitions_are_shared() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("links.md");
        std::fs::write(
            &file,
            "[mdn]: https://developer.mozilla.org/\n*[HTML]: Hyper Text\n  [rfc 9110]: <https://x.y/> \"T\"\n\
             [^1]: a footnote\n    [code]: not one\ntext [mdn] here\n",
        )
        .unwrap();
        assert_eq!(
            link_definitions(&[file]).unwrap(),
            "[mdn]: https://developer.mozilla.org/\n[rfc 9110]: <https://x.y/> \"T\"\n"
        );
    }
}
