//! The stop words, and finding whether a word is one without comparing it with each: every
//! word of every guide is looked up here.

/// Words so common that searching for them finds everything. Sorted, all lowercase ASCII and
/// at most [`KEY_BYTES`] long (checked at compile time, see [`KEYS`]); the search box gets this
/// list in the manifest and leaves them out of a query too.
pub(crate) const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "but", "by", "can", "do", "does", "each", "for", "from", "had", "has", "have", "how",
    "if", "in", "into", "is", "it", "its", "just", "more", "most", "no", "not", "of", "on", "one",
    "only", "or", "other", "our", "out", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "up", "was", "we", "were",
    "what", "when", "which", "while", "who", "will", "with", "would", "you", "your",
];

/// Whether `word` (lowercased) is a stop word: one integer made of its bytes, searched for in
/// a sorted table, instead of a string comparison with each stop word in turn.
pub(crate) fn is_stop_word(word: &str) -> bool {
    key(word.as_bytes()).is_some_and(|key| KEYS.binary_search(&key).is_ok())
}

/// The longest a stop word may be: its bytes make one `u64`.
const KEY_BYTES: usize = 8;

/// A word of at most [`KEY_BYTES`] bytes as one integer, its first byte lowest. Words never
/// hold a NUL (only letters and digits), so no two words share a key.
const fn key(word: &[u8]) -> Option<u64> {
    if word.len() > KEY_BYTES {
        return None;
    }
    let mut key = 0u64;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    Some(key)
}

/// The stop words' keys, sorted.
const KEYS: [u64; STOP_WORDS.len()] = keys();

const fn keys() -> [u64; STOP_WORDS.len()] {
    let mut keys = [0u64; STOP_WORDS.len()];
    let mut i = 0;
    while i < STOP_WORDS.len() {
        let word = STOP_WORDS[i].as_bytes();
        let mut j = 0;
        while j < word.len() {
            assert!(
                word[j].is_ascii_lowercase(),
                "a stop word is lowercase ASCII letters"
            );
            j += 1;
        }
        match key(word) {
            Some(key) => keys[i] = key,
            None => panic!("a stop word is at most KEY_BYTES long"),
        }
        i += 1;
    }
    // Insertion sort: the order of keys (first byte lowest) is not the words' order.
    let mut i = 1;
    while i < keys.len() {
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let swap = keys[j - 1];
            keys[j - 1] = keys[j];
            keys[j] = swap;
            j -= 1;
        }
        i += 1;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exactly_the_stop_words() {
        for word in STOP_WORDS {
            assert!(is_stop_word(word), "{word}");
        }
        let others = [
            "",
            "b",
            "th",
            "thee",
            "theirs",
            "abouts",
            "before1",
            "beforehand",
            "The",
            "é",
            "ä",
            "wouldnt",
            "youryour",
        ];
        for word in others {
            assert_eq!(is_stop_word(word), STOP_WORDS.contains(&word), "{word:?}");
        }
        assert!(STOP_WORDS.is_sorted(), "the manifest lists them in order");
    }
}
