//! Words that mark text as unfinished: `TODO`, `TBD`, `FIXME` and "Lorem ipsum". The Markdown
//! pass looks for them in the page's prose only (never in code blocks or inline code, where
//! they are what the author means), so that `placeholder-text` can point at each one.

use crate::diagnostic::Stretch;

/// One marker found in a guide's prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marker {
    /// The marker as written in the file.
    pub at: Stretch,
    /// Which marker: `TODO`, `TBD`, `FIXME` or `Lorem ipsum`.
    pub word: &'static str,
}

/// The markers and how they are matched: the upper-case ones as written (a "todo list" is
/// prose), "Lorem ipsum" in any case.
const MARKERS: [(&str, bool); 4] = [
    ("TODO", false),
    ("TBD", false),
    ("FIXME", false),
    ("Lorem ipsum", true),
];

/// The byte offset, byte length and name of each marker standing as a word of `text`, in
/// order. A marker can only start at one of four letters: the scan jumps from one of them to
/// the next (a table lookup a byte), as most prose has none of the markers.
pub(crate) fn find(text: &str) -> Vec<(usize, usize, &'static str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(skip) = bytes[i..].iter().position(|&b| STARTS[usize::from(b)]) {
        i += skip;
        let starts_word = i == 0 || !is_word_byte(bytes[i - 1]);
        if starts_word && let Some((word, len)) = marker_at(bytes, i) {
            found.push((i, len, word));
            i += len;
            continue;
        }
        i += 1;
    }
    found
}

/// The bytes a marker can start with.
const STARTS: [bool; 256] = {
    let mut table = [false; 256];
    table[b'T' as usize] = true;
    table[b'F' as usize] = true;
    table[b'L' as usize] = true;
    table[b'l' as usize] = true;
    table
};

/// The marker starting at `i` of `bytes` and ending a word there, if any.
fn marker_at(bytes: &[u8], i: usize) -> Option<(&'static str, usize)> {
    MARKERS.iter().find_map(|&(word, any_case)| {
        let candidate = bytes.get(i..i + word.len())?;
        let same = if any_case {
            candidate.eq_ignore_ascii_case(word.as_bytes())
        } else {
            candidate == word.as_bytes()
        };
        let ends_word = bytes.get(i + word.len()).is_none_or(|&b| !is_word_byte(b));
        (same && ends_word).then_some((word, word.len()))
    })
}

/// A byte that continues a word: ASCII letters, digits and `_`, and any byte of a non-ASCII
/// character (so `TODOé` or `éTBD` is no marker).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || !b.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(usize, &'static str)> {
        find(text).into_iter().map(|(at, _, w)| (at, w)).collect()
    }

    #[test]
    fn markers_are_found_as_words() {
        assert_eq!(
            words("TODO: write this. TBD, then FIXME."),
            [(0, "TODO"), (18, "TBD"), (28, "FIXME")]
        );
        assert_eq!(words("lorem ipsum dolor"), [(0, "Lorem ipsum")]);
        assert_eq!(words("(LOREM IPSUM)"), [(1, "Lorem ipsum")]);
        assert_eq!(find("x TBD")[0].1, 3);
    }

    #[test]
    fn parts_of_words_and_other_cases_are_prose() {
        assert!(words("TODOS TODO_x xTODO my todo list Fixme TBDs Loremipsum").is_empty());
        assert!(words("éTODO TODOé").is_empty());
        assert!(words("").is_empty());
        assert!(words("T F L l").is_empty());
    }
}
