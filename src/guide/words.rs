//! Words as the search box splits them, for the search words of the content model and the
//! search index.

mod stop;

use std::collections::HashSet;

pub(crate) use stop::{STOP_WORDS, is_stop_word};

/// The words of `texts` in order of first use, each once, leaving out `known` and stop words.
pub(crate) fn distinct_words<'t>(
    texts: impl Iterator<Item = &'t str>,
    known: &HashSet<String>,
) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for text in texts {
        for word in words(text) {
            if word.chars().count() < 2
                || is_stop_word(&word)
                || known.contains(&word)
                || !seen.insert(word.clone())
            {
                continue;
            }
            out.push(word);
        }
    }
    out
}

/// Lowercased runs of letters and digits; the search box splits a query the same way.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_distinct_and_skip_the_known_and_the_common() {
        let known: HashSet<String> = ["story".to_owned()].into();
        let text = distinct_words(
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
}
