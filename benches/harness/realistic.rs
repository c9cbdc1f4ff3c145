//! The shared realistic corpus: `gen_corpus.py` beside the repository (`../shared/bench/`, or
//! the script named by `GEN_CORPUS`) writes the same guides in each tool's layout: a handful of
//! popular tags shared by thousands of guides, a highlighted block in every guide, varied prose.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The generator script, if it is there.
pub fn script() -> Option<PathBuf> {
    let path = std::env::var_os("GEN_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py"),
        PathBuf::from,
    );
    path.is_file().then_some(path)
}

/// The seed of every corpus, so that runs compare the same guides (`SEED` to change it).
fn seed() -> String {
    std::env::var("SEED").unwrap_or_else(|_| "42".to_owned())
}

/// Writes `guides` guides in `format` (`plain`, `hugo`, `zola`, `mdbook`) into `out`.
pub fn generate(script: &Path, format: &str, guides: usize, out: &Path) -> std::io::Result<()> {
    let output = Command::new("python3")
        .arg(script)
        .args([
            "--format",
            format,
            "-n",
            &guides.to_string(),
            "--seed",
            &seed(),
        ])
        .arg("--out")
        .arg(out)
        .output()?;
    if output.status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "{script:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )))
    }
}

/// A prepbook site of the plain format: the guides under `content/` and a minimal `book.toml`.
pub fn prepbook_site(script: &Path, guides: usize, site: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(site)?;
    generate(script, "plain", guides, &site.join("content"))?;
    std::fs::write(site.join("book.toml"), "[book]\ntitle = \"Bench\"\n")
}
