//! mdBook's own `book.toml`: read for the book's title, source folder and language, and never
//! written over: prepbook's config then goes beside it as `prepbook.toml`.

use std::path::Path;

use serde::Deserialize;

use super::Decision;
use super::folder::Source;
use crate::config::{Config, RawConfig};

/// What mdBook's `book.toml` says about the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MdBook {
    pub title: Option<String>,
    /// The chapters' folder (`[book] src`, `src` by default), under the book's root.
    pub src: String,
    pub language: Option<String>,
}

/// mdBook's `[book]` table, its other keys and tables ignored.
#[derive(Debug, Default, Deserialize)]
struct Raw {
    #[serde(default)]
    book: RawBook,
}

#[derive(Debug, Default, Deserialize)]
struct RawBook {
    title: Option<String>,
    src: Option<String>,
    language: Option<String>,
}

/// The `book.toml` in `dir` when it is mdBook's: one prepbook does not read (mdBook's keys,
/// such as `authors` or `[output.html]`, are unknown to it), or one beside a `SUMMARY.md` in
/// its source folder. A `book.toml` that is prepbook's gives none.
pub(crate) fn read(dir: &Path) -> Option<MdBook> {
    let text = std::fs::read_to_string(dir.join(Config::FILE_NAME)).ok()?;
    // Not TOML at all: neither tool's, and `prepbook check` says what is wrong with it.
    let raw: Raw = toml::from_str(&text).ok()?;
    let src = raw.book.src.unwrap_or_else(|| "src".to_owned());
    let src = src
        .trim_start_matches("./")
        .trim_end_matches('/')
        .to_owned();
    let src = if src.is_empty() { ".".to_owned() } else { src };
    let has_summary = dir.join(&src).join("SUMMARY.md").is_file();
    if !has_summary && Config::parse(dir, &text).is_ok() {
        return None;
    }
    Some(MdBook {
        title: raw.book.title,
        src,
        language: raw.book.language,
    })
}

/// `mdbook-includes = true` for an mdBook book, with how many of its files use the
/// directives.
pub(crate) fn includes(files: &[Source], raw: &mut RawConfig) -> Decision {
    let using = files
        .iter()
        .filter(|file| {
            ["{{#include", "{{#rustdoc_include", "{{#title"]
                .iter()
                .any(|directive| file.text.contains(directive))
        })
        .count();
    raw.build.mdbook_includes = Some(true);
    let who = match using {
        1 => "1 file uses".to_owned(),
        n => format!("{n} files use"),
    };
    Decision::new(
        "mdBook directives",
        format!(
            "an mdBook book; {who} `{{{{#include …}}}}`, `{{{{#rustdoc_include …}}}}` or \
             `{{{{#title …}}}}`"
        ),
        "mdbook-includes = true (expanded where they stand)",
    )
    .at("build", Some("mdbook-includes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mdbook_s_book_toml_is_told_from_prepbook_s() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book.toml");
        std::fs::write(&book, "[book]\ntitle = \"Prep\"\n").unwrap();
        assert_eq!(read(dir.path()), None, "prepbook's own");
        std::fs::write(
            &book,
            "[book]\nauthors = [\"A\"]\ntitle = \"Rust prep\"\nsrc = \"./chapters/\"\n\
             language = \"fr\"\n\n[output.html]\n",
        )
        .unwrap();
        let found = read(dir.path()).unwrap();
        assert_eq!(found.title.as_deref(), Some("Rust prep"));
        assert_eq!(found.src, "chapters");
        assert_eq!(found.language.as_deref(), Some("fr"));
        // A book.toml prepbook could read is still mdBook's beside a SUMMARY.md.
        std::fs::write(&book, "[book]\ntitle = \"T\"\n").unwrap();
        std::fs::create_dir(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/SUMMARY.md"), "- [A](a.md)\n").unwrap();
        assert_eq!(read(dir.path()).map(|b| b.src), Some("src".to_owned()));
    }
}
