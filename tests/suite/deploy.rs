//! The release workflow and the deploy recipes shipped in the repository: each is valid YAML or
//! TOML, every prepbook command they run works with the real binary on a new site, and the
//! archives the release makes are the ones `cargo binstall` and the recipes download.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::support::prepbook;

fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> String {
    crate::support::read(repo_file(path))
}

/// A GitHub Actions workflow, checked for the shape GitHub requires: a trigger, and jobs whose
/// steps each use an action or run a command. Returns the commands of its `run` steps.
fn workflow_commands(path: &str) -> Vec<String> {
    let workflow: Value =
        serde_yaml::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(workflow.get("on").is_some(), "{path}: no trigger");
    let jobs = workflow["jobs"]
        .as_mapping()
        .unwrap_or_else(|| panic!("{path}: no jobs"));
    assert!(!jobs.is_empty(), "{path}: no jobs");
    let mut commands = Vec::new();
    for (name, job) in jobs {
        assert!(
            job.get("runs-on").is_some(),
            "{path}: {name:?} has no runs-on"
        );
        let steps = job["steps"]
            .as_sequence()
            .unwrap_or_else(|| panic!("{path}: {name:?} has no steps"));
        for step in steps {
            match (step.get("uses"), step.get("run")) {
                (Some(uses), None) => {
                    let uses = uses.as_str().unwrap_or_default();
                    assert!(uses.contains('@'), "{path}: `{uses}` has no version");
                }
                (None, Some(run)) => commands.push(run.as_str().unwrap().to_owned()),
                _ => panic!("{path}: a step must either use an action or run: {step:?}"),
            }
        }
    }
    commands
}

/// The prepbook invocations in shell text: each command (split at `&&` and line ends) whose
/// program is `prepbook` (on the PATH or by a path ending in it), as its arguments. Quotes are
/// removed and the variables the recipes use stand for a sample address.
fn prepbook_invocations(shell: &str) -> Vec<Vec<String>> {
    shell
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('#'))
        .flat_map(|line| line.split("&&"))
        .filter_map(|command| {
            let mut words = split_words(command).into_iter();
            let program = words.next()?;
            (program == "prepbook" || program.ends_with("/prepbook")).then(|| words.collect())
        })
        .collect()
}

/// Words of a simple shell command: whitespace-separated, double quotes removed, `$URL` and
/// `$BASE_URL` (what the hosts provide) replaced by an address.
fn split_words(command: &str) -> Vec<String> {
    let command = command
        .replace("$BASE_URL", "https://example.org/site")
        .replace("$URL", "https://example.org/site");
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in command.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Runs `prepbook <args>` in a site made by `prepbook init`, as a host would in a checkout.
fn run_in_new_site(args: &[String], recipe: &str) {
    let dir = tempfile::tempdir().unwrap();
    prepbook()
        .args(["init", "-q"])
        .current_dir(dir.path())
        .assert()
        .success();
    let output = prepbook()
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{recipe}: prepbook {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    if args.first().is_some_and(|a| a == "build") {
        assert!(
            dir.path().join("public/index.html").is_file(),
            "{recipe}: the site is in public/, which the recipe publishes"
        );
    }
}

#[test]
fn each_deploy_recipe_builds_a_new_site_with_prepbook() {
    let netlify: toml::Table = toml::from_str(&read("deploy/netlify.toml")).unwrap();
    let wrangler: toml::Table = toml::from_str(&read("deploy/wrangler.toml")).unwrap();
    assert_eq!(netlify["build"]["publish"].as_str(), Some("public"));
    assert_eq!(wrangler["pages_build_output_dir"].as_str(), Some("public"));
    let recipes = [
        (
            "deploy/github-pages.yml",
            workflow_commands("deploy/github-pages.yml").join("\n"),
        ),
        (
            "deploy/netlify.toml",
            netlify["build"]["command"].as_str().unwrap().to_owned(),
        ),
        (
            "deploy/cloudflare-pages.sh",
            read("deploy/cloudflare-pages.sh"),
        ),
        (
            "deploy/install-prepbook.sh",
            read("deploy/install-prepbook.sh"),
        ),
    ];
    for (recipe, shell) in &recipes {
        let invocations = prepbook_invocations(shell);
        assert!(!invocations.is_empty(), "{recipe} runs no prepbook");
        for args in invocations {
            run_in_new_site(&args, recipe);
        }
    }
    // The recipes that build, build (the install script only checks the binary runs).
    for (recipe, shell) in &recipes[..3] {
        assert!(
            prepbook_invocations(shell).iter().any(|a| a[0] == "build"),
            "{recipe} never runs prepbook build"
        );
    }
}

#[test]
fn the_release_workflow_runs_and_builds_every_platform() {
    let commands = workflow_commands(".github/workflows/release.yml");
    assert!(
        commands
            .iter()
            .any(|c| c.contains("cargo build --locked --profile dist")),
        "{commands:?}"
    );
    let targets: Vec<String> = release_matrix().into_iter().map(|(t, _)| t).collect();
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(targets.iter().any(|t| t == target), "no {target}");
    }
}

/// The release workflow's targets and their archive suffixes.
fn release_matrix() -> Vec<(String, String)> {
    let workflow: Value = serde_yaml::from_str(&read(".github/workflows/release.yml")).unwrap();
    let build = &workflow["jobs"]["build"];
    assert_eq!(
        build["env"]["ARCHIVE"].as_str(),
        Some("prepbook-${{ matrix.target }}${{ matrix.suffix }}"),
        "the archive name the test below relies on"
    );
    build["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["target"].as_str().unwrap().to_owned(),
                entry["suffix"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn binstall_and_the_recipes_fetch_the_archives_the_release_makes() {
    let manifest: toml::Table = toml::from_str(&read("Cargo.toml")).unwrap();
    let binstall = &manifest["package"]["metadata"]["binstall"];
    let pkg_url = binstall["pkg-url"].as_str().unwrap();
    for (target, suffix) in release_matrix() {
        let format = binstall
            .get("overrides")
            .and_then(|o| o.get(&target))
            .and_then(|o| o.get("pkg-fmt"))
            .or(binstall.get("pkg-fmt"))
            .and_then(|f| f.as_str())
            .unwrap();
        let archive_suffix = match format {
            "tgz" => ".tar.gz",
            "zip" => ".zip",
            other => panic!("unexpected pkg-fmt {other}"),
        };
        assert_eq!(archive_suffix, suffix, "{target}: binstall's format");
        let url = pkg_url
            .replace("{ repo }", "R")
            .replace("{ version }", "1.0.0")
            .replace("{ name }", "prepbook")
            .replace("{ target }", &target)
            .replace("{ archive-suffix }", archive_suffix);
        assert_eq!(
            url,
            format!("R/releases/download/v1.0.0/prepbook-{target}{suffix}")
        );
    }
    // What the deploy recipes download is one of those archives, with its checksum.
    for recipe in ["deploy/github-pages.yml", "deploy/install-prepbook.sh"] {
        let text = read(recipe);
        assert!(
            text.contains("archive=prepbook-x86_64-unknown-linux-gnu.tar.gz")
                || text.contains("archive=\"prepbook-x86_64-unknown-linux-gnu.tar.gz\""),
            "{recipe}"
        );
        assert!(
            text.contains("sha256sum -c"),
            "{recipe} checks the checksum"
        );
    }
}

#[test]
fn init_writes_the_github_pages_workflow_on_request() {
    let dir = tempfile::tempdir().unwrap();
    prepbook()
        .args(["init", "--ci", "github"])
        .current_dir(dir.path())
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "created .github/workflows/pages.yml",
        ));
    assert_eq!(
        crate::support::read(dir.path().join(".github/workflows/pages.yml")),
        read("deploy/github-pages.yml"),
        "the recipe documented is the one written"
    );

    let plain = tempfile::tempdir().unwrap();
    prepbook()
        .arg("init")
        .current_dir(plain.path())
        .assert()
        .success();
    assert!(!plain.path().join(".github").exists(), "only when asked");

    // A workflow already there is never overwritten, and then nothing is written.
    let taken = tempfile::tempdir().unwrap();
    let workflow = taken.path().join(".github/workflows/pages.yml");
    std::fs::create_dir_all(workflow.parent().unwrap()).unwrap();
    std::fs::write(&workflow, "mine\n").unwrap();
    prepbook()
        .args(["init", "--ci", "github"])
        .current_dir(taken.path())
        .assert()
        .code(2);
    assert_eq!(crate::support::read(&workflow), "mine\n");
    assert!(!taken.path().join("book.toml").exists());
}
