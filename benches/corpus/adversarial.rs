//! Inputs that once made a build slow or exhaust memory, each a site (mostly of one guide) as a
//! user could write it. The benchmark times them (`cargo bench --bench build`, the `adversarial` table);
//! the test suite builds each and checks that the output is right.

use std::path::Path;

/// One adversarial site: its name, and what writes it.
pub struct Case {
    pub name: &'static str,
    /// What the guide holds, for the benchmark's table.
    pub what: &'static str,
    pub write: fn(&Path) -> std::io::Result<()>,
}

pub const CASES: &[Case] = &[
    Case {
        name: "many-tags",
        what: "10,000 tags on one guide",
        write: |root| many_tags(root, 10_000),
    },
    Case {
        name: "same-headings",
        what: "20,000 identical headings",
        write: |root| same_headings(root, 20_000),
    },
    Case {
        name: "links-one-line",
        what: "50,000 broken links on one line",
        write: |root| broken_links(root, 50_000, " "),
    },
    Case {
        name: "links-per-line",
        what: "10,000 broken links, one per line",
        write: |root| broken_links(root, 10_000, "\n"),
    },
    Case {
        name: "unknown-keys",
        what: "20,000 unknown front-matter keys",
        write: |root| unknown_keys(root, 20_000),
    },
    Case {
        name: "anchors",
        what: "10,000 headings, each with a good and a broken anchor link",
        write: |root| anchor_links(root, 10_000),
    },
    Case {
        name: "many-sections",
        what: "5,000 folders of one guide each",
        write: |root| many_sections(root, 5_000),
    },
    Case {
        name: "big-code",
        what: "a 10 MB code block",
        write: |root| big_code_block(root, 10 << 20),
    },
];

/// A site of one guide with `front` lines in its front matter and `body` below.
pub fn one_guide(root: &Path, front: &str, body: &str) -> std::io::Result<()> {
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"Adversarial\"\n")?;
    let dir = root.join("content/guides");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join("big.md"),
        format!("---\ntitle: Big\n{front}---\n\n{body}"),
    )
}

/// The name of tag `i` of [`many_tags`].
pub fn tag(i: usize) -> String {
    format!("topic-{i:05}")
}

pub fn many_tags(root: &Path, tags: usize) -> std::io::Result<()> {
    let list: Vec<String> = (0..tags).map(tag).collect();
    one_guide(root, &format!("tags: [{}]\n", list.join(", ")), "Text.\n")
}

pub fn same_headings(root: &Path, headings: usize) -> std::io::Result<()> {
    one_guide(root, "", &"## same\n\ntext\n\n".repeat(headings))
}

/// `links` links to guides that do not exist (`missing-<i>.md`), joined by `separator`.
pub fn broken_links(root: &Path, links: usize, separator: &str) -> std::io::Result<()> {
    let body: Vec<String> = (0..links).map(|i| format!("[x](missing-{i}.md)")).collect();
    one_guide(root, "", &(body.join(separator) + "\n"))
}

/// The name of key `i` of [`unknown_keys`]: none is a field prepbook knows.
pub fn unknown_key(i: usize) -> String {
    format!("imported_{i:05}")
}

/// `keys` front-matter keys prepbook does not know, each a warning at its line.
pub fn unknown_keys(root: &Path, keys: usize) -> std::io::Result<()> {
    let front: String = (0..keys)
        .map(|i| format!("{}: x\n", unknown_key(i)))
        .collect();
    one_guide(root, &front, "Text.\n")
}

/// `headings` headings, each followed by a link to another heading of the page and one to a
/// heading it lacks (`#nope-<i>`); the last line links `#headnig-7`, one transposition away.
pub fn anchor_links(root: &Path, headings: usize) -> std::io::Result<()> {
    let body: String = (0..headings)
        .map(|i| {
            let other = headings - 1 - i;
            format!("## Heading {i}\n\nSee [it](#heading-{other}) and [this](#nope-{i}).\n\n")
        })
        .collect();
    one_guide(root, "", &format!("{body}Typo: [seven](#headnig-7).\n"))
}

/// A fenced Python block of about `bytes` bytes.
pub fn big_code_block(root: &Path, bytes: usize) -> std::io::Result<()> {
    let line = "total = sum(score(story) for story in stories if story.impact > 3)\n";
    let code = line.repeat(bytes / line.len() + 1);
    one_guide(root, "", &format!("```python\n{code}```\n"))
}

/// `folders` folders (`topics/t-<i>/`) of one dated guide each: a section per guide, each with
/// its own page and sitemap entry.
pub fn many_sections(root: &Path, folders: usize) -> std::io::Result<()> {
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"Adversarial\"\n")?;
    for i in 0..folders {
        let dir = root.join(format!("content/topics/t-{i:05}"));
        std::fs::create_dir_all(&dir)?;
        let day = i % 28 + 1;
        std::fs::write(
            dir.join("guide.md"),
            format!("---\ntitle: Guide {i}\ndate: 2026-02-{day:02}\n---\n\nText.\n"),
        )?;
    }
    Ok(())
}
