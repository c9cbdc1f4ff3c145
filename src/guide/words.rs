//! Words as the search box splits them, for the search words of the content model and the
//! search index.
//!
//! Every word of every guide passes through here, most of them repeats, stop words or words
//! the guide's title already gives: a word is only copied when it is kept, and the sets that
//! decide are hashed with a fast, non-keyed hash (the texts are the site's own, not an
//! attacker's).

mod stop;

use std::borrow::Cow;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use rustc_hash::FxBuildHasher;

pub(crate) use stop::{STOP_WORDS, is_stop_word};

/// Words to leave out of [`distinct_words`], lowercased: those a guide's title, description,
/// tags and headings already give. Only words the search index may keep are held (two
/// characters or more, not stop words): the others are left out anyway.
#[derive(Debug, Default)]
pub(crate) struct WordSet<'t>(Vec<Cow<'t, str>>);

impl<'t> WordSet<'t> {
    /// No words.
    pub(crate) const fn none() -> Self {
        WordSet(Vec::new())
    }

    /// The words of `texts` (repeats included: [`distinct_words`] sees them once).
    pub(crate) fn of(texts: impl Iterator<Item = &'t str>) -> Self {
        let mut words = Vec::new();
        let mut scratch = String::new();
        for run in texts.flat_map(runs) {
            let word = lowercase(run, &mut scratch);
            if is_search_word(word.as_str()) {
                words.push(word.keep());
            }
        }
        WordSet(words)
    }
}

/// Distinct words kept for a guide, in one allocation: each word followed by a newline (no
/// word holds one). A guide keeps a few hundred; as a `Vec<String>` each was an allocation of
/// its own, about 10 KB a guide, a gigabyte of a 100,000-guide build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WordList(Box<str>);

impl WordList {
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split_terminator('\n')
    }
}

impl<S: AsRef<str>> FromIterator<S> for WordList {
    fn from_iter<I: IntoIterator<Item = S>>(words: I) -> Self {
        let mut text = String::new();
        for word in words {
            text.push_str(word.as_ref());
            text.push('\n');
        }
        WordList(text.into_boxed_str())
    }
}

/// The words of `texts` in order of first use, each once, leaving out `known` and stop words,
/// collected as the caller keeps them: a [`WordList`] takes each word straight from the text
/// it is borrowed from (most are), with no allocation of its own.
pub(crate) fn distinct_words<'t, C: FromIterator<Cow<'t, str>>>(
    texts: impl Iterator<Item = &'t str>,
    known: &'t WordSet<'_>,
) -> C {
    let (_, most_texts) = texts.size_hint();
    let mut found = Distinct::with_capacity(known.0.len() + new_words(most_texts));
    // The known words go in first, and are not given back: a word of the texts is then looked
    // up once, whether it is known or seen already.
    for word in &known.0 {
        found.insert(Lowered::Text(word));
    }
    let known = found.words.len();
    let mut scratch = String::new();
    for run in texts.flat_map(runs) {
        let word = lowercase(run, &mut scratch);
        if is_search_word(word.as_str()) {
            found.insert(word);
        }
    }
    found.words.drain(known..).collect()
}

/// Calls `f` with each word of `text`, lowercased, as the search box splits a query: for the
/// sentences a hit shows, which are matched word by word. Only a word that lowercasing
/// changes is copied, into `scratch`.
pub(crate) fn each_word(text: &str, scratch: &mut String, mut f: impl FnMut(&str)) {
    for run in runs(text) {
        f(lowercase(run, scratch).as_str());
    }
}

/// Whether the index keeps a (lowercased) word: two characters or more, and not a stop word.
fn is_search_word(word: &str) -> bool {
    word.chars().nth(1).is_some() && !is_stop_word(word)
}

/// How many new words to make room for, up front, in texts numbering at most `texts`: eight a
/// text (a paragraph of a guide's body brings about that many) when it is known, up to a
/// guide's usual few hundred; the table then seldom grows, and a field of a few words does
/// not get a table for a whole body.
fn new_words(texts: Option<usize>) -> usize {
    texts.map_or(64, |texts| texts.saturating_mul(8).min(512))
}

/// Distinct words in order of first use: each word once in `words`, found by its hash in
/// `table` (of indexes into `words`), which is computed once per word looked up.
struct Distinct<'t> {
    words: Vec<Cow<'t, str>>,
    table: HashTable<usize>,
}

impl<'t> Distinct<'t> {
    fn with_capacity(words: usize) -> Self {
        Distinct {
            words: Vec::with_capacity(words),
            table: HashTable::with_capacity(words),
        }
    }

    /// Adds `word` unless it is there already.
    fn insert(&mut self, word: Lowered<'t, '_>) {
        let hash = FxBuildHasher.hash_one(word.as_str());
        let words = &self.words;
        let entry = self.table.entry(
            hash,
            |&i| words[i] == word.as_str(),
            |&i| FxBuildHasher.hash_one(&*words[i]),
        );
        if let Entry::Vacant(vacant) = entry {
            vacant.insert(words.len());
            self.words.push(word.keep());
        }
    }
}

/// A word lowercased: the text itself when it has no capitals, else a copy in a buffer reused
/// from word to word.
enum Lowered<'t, 's> {
    Text(&'t str),
    Copy(&'s str),
}

impl<'t> Lowered<'t, '_> {
    fn as_str(&self) -> &str {
        match self {
            Lowered::Text(word) => word,
            Lowered::Copy(word) => word,
        }
    }

    /// The word to keep: still borrowed from the text when it can be.
    fn keep(&self) -> Cow<'t, str> {
        match *self {
            Lowered::Text(word) => Cow::Borrowed(word),
            Lowered::Copy(word) => Cow::Owned(word.to_owned()),
        }
    }
}

/// `run` as `str::to_lowercase` gives it. ASCII (nearly every word) is lowercased byte by byte;
/// other text by `to_lowercase` itself, which knows the cases that depend on the whole word
/// (a final sigma).
fn lowercase<'t, 's>(run: Run<'t>, scratch: &'s mut String) -> Lowered<'t, 's> {
    match run.case {
        Case::Lower => return Lowered::Text(run.text),
        Case::AsciiUpper => {
            scratch.clear();
            scratch.push_str(run.text);
            scratch.make_ascii_lowercase();
        }
        Case::Unicode => *scratch = run.text.to_lowercase(),
    }
    Lowered::Copy(scratch)
}

/// A run of letters and digits as written, and what lowercasing it takes.
#[derive(Debug, Clone, Copy)]
struct Run<'t> {
    text: &'t str,
    case: Case,
}

/// What lowercasing a run takes, worked out while it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Case {
    /// ASCII without capitals: nothing.
    Lower,
    /// ASCII with capitals.
    AsciiUpper,
    /// Not all ASCII.
    Unicode,
}

/// The runs of letters and digits of `text`; the search box splits a query the same way
/// (lowercased).
fn runs(text: &str) -> Runs<'_> {
    Runs { text, at: 0 }
}

/// What `text.split(|c: char| !c.is_alphanumeric())` gives without its empty pieces, reading
/// ASCII a byte at a time (one look-up in [`ASCII`]) rather than decoding every character.
struct Runs<'t> {
    text: &'t str,
    /// Where the next search starts: a character boundary.
    at: usize,
}

/// What an ASCII byte is to a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Byte {
    Separator,
    /// A lowercase letter or a digit.
    Lower,
    Upper,
}

/// Each ASCII byte's class, by value.
const ASCII: [Byte; 128] = {
    let mut classes = [Byte::Separator; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_uppercase() {
            classes[b] = Byte::Upper;
        } else if byte.is_ascii_alphanumeric() {
            classes[b] = Byte::Lower;
        }
        b += 1;
    }
    classes
};

impl Runs<'_> {
    /// The character at `at` (a boundary, not ASCII): whether it is a letter or digit, and
    /// its length.
    fn other_at(&self, at: usize) -> (bool, usize) {
        self.text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8()))
    }
}

impl<'t> Iterator for Runs<'t> {
    type Item = Run<'t>;

    fn next(&mut self) -> Option<Run<'t>> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        // Up to the run's first character.
        while let Some(&byte) = bytes.get(at) {
            match ASCII.get(usize::from(byte)) {
                Some(Byte::Separator) => at += 1,
                Some(_) => break,
                None => match self.other_at(at) {
                    (true, _) => break,
                    (false, width) => at += width,
                },
            }
        }
        let start = at;
        let mut case = Case::Lower;
        while let Some(&byte) = bytes.get(at) {
            match ASCII.get(usize::from(byte)) {
                Some(Byte::Separator) => break,
                Some(Byte::Lower) => at += 1,
                Some(Byte::Upper) => {
                    case = case.max(Case::AsciiUpper);
                    at += 1;
                }
                None => match self.other_at(at) {
                    (true, width) => {
                        case = Case::Unicode;
                        at += width;
                    }
                    (false, _) => break,
                },
            }
        }
        self.at = at;
        let text = self.text.get(start..at).filter(|run| !run.is_empty())?;
        Some(Run { text, case })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_distinct_and_skip_the_known_and_the_common() {
        let known = WordSet::of(["Story"].into_iter());
        let text: Vec<Cow<'_, str>> = distinct_words(
            [
                "The STAR story: Situation, task; the result",
                "Result again, Ünïcode 42 x",
            ]
            .into_iter(),
            &known,
        );
        assert_eq!(
            text.join(" "),
            "star situation task result again ünïcode 42"
        );
    }

    #[test]
    fn runs_and_lowercasing_are_those_of_str() {
        let texts = [
            "",
            "  ",
            "a",
            "plain words, and-dashes_under 4x4 x86-64!",
            "ΣΟΦΟΣ σοφός ΌΣΟΣ İstanbul straße ǅemal ﬁne",
            "日本語のテキスト 混在 text٣٤ mixed…ellipsis “quoted” don’t",
            "tab\tnew\nline\u{a0}nbsp\u{2003}em",
            "trailing é",
            "é",
        ];
        for text in texts {
            let expected: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            let mut scratch = String::new();
            let got: Vec<String> = runs(text)
                .map(|run| lowercase(run, &mut scratch).as_str().to_owned())
                .collect();
            assert_eq!(got, expected, "{text:?}");
        }
    }

    /// The words as first defined: split, lowercase each, and compare.
    fn plain_distinct(texts: &[&str], known: &[&str]) -> Vec<String> {
        let split = |text: &str| -> Vec<String> {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        let known: Vec<String> = known.iter().flat_map(|t| split(t)).collect();
        let mut out: Vec<String> = Vec::new();
        for word in texts.iter().flat_map(|t| split(t)) {
            if word.chars().count() >= 2
                && !STOP_WORDS.contains(&word.as_str())
                && !known.contains(&word)
                && !out.contains(&word)
            {
                out.push(word);
            }
        }
        out
    }

    #[test]
    fn distinct_words_are_those_of_the_plain_definition() {
        let texts = [
            "The Queue's latency: p99 of 250ms, THE queue again; Über-fast ÜBER caches.",
            "Σίσυφος ΣΊΣΥΦΟΣ and İzmir, I/O, a b c, x86 X86 don’t “quote” 2024-01-02",
            "When you are asked about it, what would you do? Your answer: do it.",
        ];
        let known = ["Latency budgets", "über", "I/O"];
        let set = WordSet::of(known.iter().copied());
        assert_eq!(
            distinct_words::<Vec<_>>(texts.iter().copied(), &set),
            plain_distinct(&texts, &known)
        );
        assert_eq!(
            distinct_words::<Vec<_>>(texts.iter().copied(), &WordSet::none()),
            plain_distinct(&texts, &[])
        );
    }

    #[test]
    fn short_words_count_characters_after_lowercasing() {
        // "İ" lowercases to two characters ("i" and a combining dot): a word the index keeps,
        // as it did when it compared the lowercased word's length.
        let none = WordSet::none();
        let words: Vec<Cow<'_, str>> = distinct_words(["İ é x ab"].into_iter(), &none);
        assert_eq!(words, ["i\u{307}", "ab"]);
    }
}
