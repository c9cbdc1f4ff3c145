//! Entry points for the fuzz targets in `fuzz/` (built with the `fuzzing` feature), and the
//! bounded mutation test that runs the same entry points in every `cargo test`. Each takes
//! arbitrary bytes and must return without a panic, in time linear in its input; what they
//! return is thrown away.

use std::path::Path;
use std::sync::OnceLock;

use crate::config::Config;
use crate::guide::{ParseOptions, front_matter};
use crate::load::SourceFile;
use crate::urls::{self, GuideId};

/// A front-matter block split off and read, as a guide and as a file where it is optional.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = front_matter::read(text, "fuzz.md", true);
    let _ = front_matter::read(text, "fuzz.md", false);
    let _ = front_matter::key_positions(text);
}

/// A whole guide through the parse (front matter, Markdown, headings, links, highlighting),
/// with the HTML it holds passed through and escaped.
pub fn guide(data: &[u8]) {
    static OPTIONS: OnceLock<Vec<ParseOptions>> = OnceLock::new();
    let options = OPTIONS.get_or_init(|| {
        [
            "[front-matter]\nrequired = false\n",
            "[build]\nraw-html = \"escape\"\nheading-ids = \"prepbook\"\n",
        ]
        .into_iter()
        .filter_map(|toml| Config::parse(Path::new("/fuzz"), toml).ok())
        .map(|config| ParseOptions::new(&config))
        .collect()
    });
    for options in options {
        let file = SourceFile::new(
            GuideId::new("a/b.md"),
            "content/a/b.md".to_owned(),
            data.to_vec(),
        );
        let _ = crate::guide::parse(&file, options);
        options.end_build();
    }
}

/// A `book.toml` read and resolved.
pub fn book_toml(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Config::parse(Path::new("/fuzz"), text);
    }
}

/// A link target classified, and text made into slugs, as headings and tags are.
pub fn links_and_slugs(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let from = GuideId::new("a/b.md");
    let target = urls::classify_link(&from, text);
    let _ = target.url(&urls::BasePath::default());
    let _ = urls::slugify(text);
    let _ = urls::github_slug(text);
    let _ = urls::unsafe_scheme(text);
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    /// A small deterministic generator (xorshift), so every run tries the same inputs and a
    /// failure can be replayed.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
        }
    }

    /// Pieces that matter to the parsers: fences, YAML anchors and aliases, Markdown syntax,
    /// HTML, URL schemes, Unicode that normalises or folds, line ends.
    const TOKENS: &[&str] = &[
        "---\n",
        "+++\n",
        "...\n",
        "&a ",
        "*a",
        "[*a, *a]",
        "{",
        "}",
        "[",
        "]",
        "](",
        ")",
        "<",
        ">",
        "<script>",
        "`",
        "```rust\n",
        "~~~\n",
        "# ",
        "## ",
        "### ",
        "{#id}",
        "- [ ] ",
        "> ",
        "> [!NOTE]\n",
        "|a|b|\n|-|-|\n",
        "javascript:",
        "data:",
        "../",
        "%2e%2e/",
        "#",
        "\u{301}",
        "\u{130}",
        "\u{0}",
        "\r\n",
        "\t",
        "\\",
        "\"",
        "'",
        ":",
        "!",
        "!tag ",
        "?",
        "|\n",
        ">-\n",
        "title: ",
        "tags: [",
        "aliases:\n  - ",
        "[^1]",
        "[^1]: x\n",
    ];

    fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
        let mut data = seed.to_vec();
        for _ in 0..=rng.below(8) {
            let at = rng.below(data.len() + 1);
            match rng.below(5) {
                0 => {
                    let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                    data.splice(at..at, token.iter().copied());
                }
                1 if at < data.len() => {
                    let end = (at + rng.below(64)).min(data.len());
                    data.drain(at..end);
                }
                2 if at < data.len() => data[at] = u8::try_from(rng.below(256)).unwrap_or(0),
                3 if at < data.len() => {
                    let end = (at + rng.below(256)).min(data.len());
                    let copy = data[at..end].to_vec();
                    data.splice(at..at, copy.into_iter().cycle().take(rng.below(2048)));
                }
                _ => data.extend_from_slice(TOKENS[rng.below(TOKENS.len())].as_bytes()),
            }
        }
        data
    }

    /// The fixtures' guides and `book.toml` files: the seed corpus of the fuzz targets too.
    fn seeds() -> Vec<Vec<u8>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_type().is_file()
                    && e.path()
                        .extension()
                        .is_some_and(|x| x == "md" || x == "toml")
            })
            .filter_map(|e| std::fs::read(e.path()).ok())
            .collect()
    }

    /// An entry point.
    type Target = fn(&[u8]);

    /// Mutated fixtures through every entry point: no panic, and no input slow.
    #[test]
    fn mutated_fixtures_never_panic_or_stall() {
        let seeds = seeds();
        assert!(seeds.len() > 10, "the fixtures are the seeds");
        let mut rng = Rng(0x5eed_1234_abcd_ef01);
        let targets: [(&str, Target); 4] = [
            ("front_matter", front_matter),
            ("guide", guide),
            ("book_toml", book_toml),
            ("links_and_slugs", links_and_slugs),
        ];
        let mut slowest = (Duration::ZERO, String::new());
        for round in 0..3000 {
            let seed = &seeds[rng.below(seeds.len())];
            let input = mutate(&mut rng, seed);
            for (name, target) in targets {
                let started = Instant::now();
                target(&input);
                let took = started.elapsed();
                if took > slowest.0 {
                    slowest = (took, format!("{name}, round {round}"));
                }
            }
        }
        assert!(
            slowest.0 < Duration::from_secs(5),
            "slowest input: {:?} ({})",
            slowest.0,
            slowest.1
        );
    }
}
