//! Which site a command works on when none is named: the current folder or the nearest folder
//! above it that holds `book.toml` (or `prepbook.toml`, beside mdBook's own `book.toml`), as cargo finds `Cargo.toml`, so `prepbook check` works from
//! `content/behavioral/` too.

use std::path::{Path, PathBuf};

use prepbook::Config;

/// The site root to use: `given` when a folder was named, else the nearest folder upward from
/// the current one with a `book.toml`, written relative (`.`, `..`, `../..`) so that every
/// path printed stays relative to where the command ran. When no folder upward has one, `.`:
/// loading it then says that this folder is not a prepbook site.
pub fn site_root(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| match std::env::current_dir() {
        Ok(cwd) => nearest(&cwd).map_or_else(|| PathBuf::from("."), up),
        Err(_) => PathBuf::from("."),
    })
}

/// How many folders up from `start` the nearest `book.toml` or `prepbook.toml` is.
fn nearest(start: &Path) -> Option<usize> {
    start.ancestors().position(|folder| {
        [Config::FILE_NAME, Config::OWN_FILE_NAME]
            .iter()
            .any(|name| folder.join(name).is_file())
    })
}

/// The relative path `levels` folders up: `.`, `..`, `../..`.
fn up(levels: usize) -> PathBuf {
    if levels == 0 {
        return PathBuf::from(".");
    }
    std::iter::repeat_n("..", levels).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_book_toml_upward_is_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("content/behavioral/notes");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(nearest(&deep), None);
        std::fs::write(dir.path().join("book.toml"), "").unwrap();
        assert_eq!(nearest(&deep), Some(3));
        assert_eq!(nearest(dir.path()), Some(0));
        // A folder named book.toml is not a site.
        std::fs::create_dir(deep.join("book.toml")).unwrap();
        assert_eq!(nearest(&deep), Some(3));
        // prepbook's config beside another tool's book.toml is found the same way.
        std::fs::write(deep.join("prepbook.toml"), "").unwrap();
        assert_eq!(nearest(&deep), Some(0));
    }

    #[test]
    fn the_root_is_written_relative() {
        assert_eq!(up(0), PathBuf::from("."));
        assert_eq!(up(2), PathBuf::from("../.."));
        assert_eq!(site_root(Some("docs".into())), PathBuf::from("docs"));
    }
}
