//! The tools compared, and the site each one reads: the same guides in each tool's layout.

use std::path::{Path, PathBuf};

use super::{Job, installed, realistic};
use crate::corpus;

/// Which guides are measured.
pub enum Corpus {
    /// `gen_corpus.py`'s realistic guides, written in every tool's layout by the script.
    Realistic(PathBuf),
    /// prepbook's own generated guides (`corpus/mod.rs`), given to the peers with minimal
    /// layouts written here.
    Synthetic,
}

/// A peer generator.
#[derive(Clone, Copy, PartialEq)]
pub enum Peer {
    Hugo,
    Zola,
    MdBook,
}

impl Peer {
    pub fn name(self) -> &'static str {
        match self {
            Peer::Hugo => "hugo",
            Peer::Zola => "zola",
            Peer::MdBook => "mdbook",
        }
    }

    /// The peers on PATH, each with its version flag tried.
    pub fn installed() -> Vec<Peer> {
        [
            (Peer::Hugo, "version"),
            (Peer::Zola, "--version"),
            (Peer::MdBook, "--version"),
        ]
        .into_iter()
        .filter(|(peer, flag)| installed(peer.name(), &[flag]))
        .map(|(peer, _)| peer)
        .collect()
    }

    /// mdBook's sidebar lists every chapter on every page (quadratic output), so it is measured
    /// on small sites only.
    pub fn measures(self, guides: usize) -> bool {
        self != Peer::MdBook || guides <= 2000
    }

    /// Writes this peer's site for `guides` guides under `dir` and returns its build.
    /// `prepbook_site` is prepbook's site of the same guides (the synthetic corpus is shared).
    pub fn prepare(
        self,
        corpus: &Corpus,
        guides: usize,
        prepbook_site: &Path,
        dir: &Path,
    ) -> std::io::Result<Job> {
        let site = dir.join(format!("site-{}", self.name()));
        let out = dir.join(format!("out-{}", self.name()));
        match corpus {
            Corpus::Realistic(script) => {
                let format = if self == Peer::MdBook {
                    "mdbook"
                } else {
                    self.name()
                };
                realistic::generate(script, format, guides, &site)?;
            }
            Corpus::Synthetic => match self {
                Peer::Hugo => synthetic_hugo(prepbook_site, &site)?,
                Peer::MdBook => synthetic_mdbook(prepbook_site, &site, guides)?,
                Peer::Zola => return Err(std::io::Error::other("zola: realistic corpus only")),
            },
        }
        Ok(match self {
            Peer::Hugo => Job::new("hugo")
                .cwd(&site)
                .arg("--quiet")
                .arg("-d")
                .out(&out),
            Peer::Zola => Job::new("zola")
                .cwd(&site)
                .arg("build")
                .arg("--force")
                .arg("-o")
                .out(&out),
            Peer::MdBook => Job::new("mdbook")
                .cwd(&site)
                .arg("build")
                .arg("-d")
                .out(&out),
        })
    }
}

const HUGO_LAYOUT: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ block "main" . }}{{ end }}</main></body></html>"#;
const HUGO_SINGLE: &str = r#"{{ define "main" }}<nav>{{ .TableOfContents }}</nav><article>{{ .Content }}</article>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}"#;
const HUGO_LIST: &str = r#"{{ define "main" }}{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>{{ end }}</ul>{{ end }}"#;

/// Hugo reads the same `content/`, with a config and layouts that give every guide a page
/// with a table of contents and highlighted code, plus section and tag pages.
fn synthetic_hugo(prepbook_site: &Path, site: &Path) -> std::io::Result<()> {
    copy_tree(&prepbook_site.join("content"), &site.join("content"))?;
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = \"https://example.org/\"\ntitle = \"Generated\"\ndisableKinds = [\"RSS\", \"sitemap\", \"robotsTXT\"]\n[taxonomies]\ntag = \"tags\"\n[markup.highlight]\nnoClasses = false\n",
    )?;
    let layouts = site.join("layouts/_default");
    std::fs::create_dir_all(&layouts)?;
    std::fs::write(layouts.join("baseof.html"), HUGO_LAYOUT)?;
    std::fs::write(layouts.join("single.html"), HUGO_SINGLE)?;
    std::fs::write(layouts.join("list.html"), HUGO_LIST)
}

/// mdBook gets a book of the same Markdown files, one chapter per guide in `src/SUMMARY.md`.
fn synthetic_mdbook(prepbook_site: &Path, book: &Path, guides: usize) -> std::io::Result<()> {
    let src = book.join("src");
    std::fs::create_dir_all(&src)?;
    let mut summary = String::from("# Summary\n\n");
    for i in 0..guides {
        let path = corpus::guide_path(i);
        let target = src.join(&path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::copy(prepbook_site.join("content").join(&path), &target)?;
        summary.push_str(&format!("- [Guide {i}]({path})\n"));
    }
    std::fs::write(src.join("SUMMARY.md"), summary)?;
    std::fs::write(book.join("book.toml"), "[book]\ntitle = \"Generated\"\n")
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry?;
        let relative = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
