//! Where the site is written: prepbook replaces only what it wrote, keeps what it must, refuses
//! everything else without changing a byte, and swaps a new site in without a gap.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use predicates::prelude::*;

use crate::support::{build, complete_guide, read_tree, site};

const MANIFEST: &str = ".prepbook-output";

/// Every entry under `dir` (symlinks not followed) with the bytes of its files.
fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (rel, bytes)
        })
        .collect()
}

/// Asserts a refused build: exit 2, one message with `needle`, and `dir` unchanged.
fn assert_refused(site: &Path, args: &[&str], needle: &str, watched: &Path) {
    let before = snapshot(watched);
    build(site, args)
        .code(2)
        .stderr(predicate::str::contains("refusing").and(predicate::str::contains(needle)));
    assert_eq!(before, snapshot(watched), "a refusal changes nothing");
}

fn sibling_names(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

/// A `book.toml` text with `line` added under `[build]`.
fn with_build_setting(config: &str, line: &str) -> String {
    if config.contains("[build]") {
        config.replace("[build]", &format!("[build]\n{line}"))
    } else {
        format!("{config}\n[build]\n{line}\n")
    }
}

#[test]
fn a_gh_pages_checkout_keeps_its_git_folder_and_cname() {
    let dir = site(&["basic"]);
    let ghp = dir.path().join("ghp");
    std::fs::create_dir_all(ghp.join(".git/refs")).unwrap();
    std::fs::write(ghp.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(ghp.join("CNAME"), "prep.example.org\n").unwrap();
    let out = ghp.to_str().unwrap();
    // The site's own static/CNAME differs from the checkout's: neither wins silently.
    assert_refused(dir.path(), &["-o", out], "CNAME", &ghp);
    let cname = std::fs::read(dir.path().join("static/CNAME")).unwrap();
    std::fs::write(ghp.join("CNAME"), &cname).unwrap();
    build(dir.path(), &["-o", out])
        .success()
        .stderr(predicate::str::contains("kept"));
    assert!(ghp.join("guides/alpha/index.html").is_file());
    build(dir.path(), &["-o", out]).success();
    assert_eq!(
        std::fs::read_to_string(ghp.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/gh-pages\n"
    );
    assert_eq!(std::fs::read(ghp.join("CNAME")).unwrap(), cname);
    // A guide that goes away takes its page with it; the kept files stay.
    std::fs::remove_file(dir.path().join("content/top.md")).unwrap();
    let alpha = dir.path().join("content/guides/alpha.md");
    let text = std::fs::read_to_string(&alpha).unwrap();
    std::fs::write(
        &alpha,
        text.replace("[the top guide](../top.md)", "the top guide"),
    )
    .unwrap();
    build(dir.path(), &["-o", out]).success();
    assert!(!ghp.join("top").exists());
    assert!(ghp.join(".git/HEAD").is_file() && ghp.join("CNAME").is_file());
}

#[test]
fn a_folder_prepbook_did_not_write_is_refused() {
    let dir = site(&["basic"]);
    // A home folder: files and folders of someone's.
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("Documents")).unwrap();
    std::fs::write(home.join(".bashrc"), "export X=1\n").unwrap();
    std::fs::write(home.join("Documents/cv.txt"), "mine").unwrap();
    assert_refused(
        dir.path(),
        &["-o", home.to_str().unwrap()],
        ".bashrc",
        &home,
    );
    // An old deploy folder of another tool.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("index.html"), "<p>hugo</p>").unwrap();
    assert_refused(
        dir.path(),
        &["-o", other.to_str().unwrap()],
        "index.html",
        &other,
    );
}

#[test]
fn a_foreign_file_in_prepbook_output_is_refused_until_kept() {
    let dir = site(&["basic"]);
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    std::fs::write(out.join("notes.txt"), "someone's notes").unwrap();
    assert_refused(dir.path(), &[], "notes.txt", dir.path());
    let toml = dir.path().join("book.toml");
    let config = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, with_build_setting(&config, "keep = [\"notes.txt\"]")).unwrap();
    build(dir.path(), &[]).success();
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "someone's notes"
    );
}

#[test]
fn output_dir_in_book_toml_may_not_leave_the_site() {
    let dir = site(&["basic"]);
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("site");
    crate::support::copy_tree(dir.path(), &root);
    let victim = parent.path().join("victim");
    std::fs::create_dir_all(&victim).unwrap();
    let toml = root.join("book.toml");
    let config = std::fs::read_to_string(&toml).unwrap();
    for out in ["../victim", victim.to_str().unwrap()] {
        let text = with_build_setting(&config, &format!("output-dir = \"{out}\""));
        std::fs::write(&toml, text).unwrap();
        assert_refused(&root, &[], "outside the site", parent.path());
    }
    // The same folder named on the command line is the user's own choice.
    build(&root, &["-o", victim.to_str().unwrap()]).success();
    assert!(victim.join("index.html").is_file());
}

#[test]
fn output_inside_or_over_a_source_folder_is_refused() {
    let dir = site(&["basic"]);
    std::fs::create_dir_all(dir.path().join("themes/mine")).unwrap();
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    std::fs::write(dir.path().join("static/CNAME"), "x").unwrap();
    for (out, what) in [
        ("content/guides", "content folder"),
        ("content", "content folder"),
        ("themes/mine", "themes folder"),
        ("static", "static folder"),
        (".", "site root"),
    ] {
        let out = dir.path().join(out);
        assert_refused(dir.path(), &["-o", out.to_str().unwrap()], what, dir.path());
    }
}

#[test]
fn a_symlinked_site_root_is_seen_through() {
    let dir = site(&["basic"]);
    let parent = tempfile::tempdir().unwrap();
    let link = parent.path().join("L");
    std::os::unix::fs::symlink(dir.path(), &link).unwrap();
    // Built through the link into the real site root: the guard sees it is the same folder.
    assert_refused(
        &link,
        &["-o", dir.path().to_str().unwrap()],
        "site root",
        dir.path(),
    );
    assert!(dir.path().join("book.toml").is_file());
}

#[test]
fn a_symlinked_output_is_followed_and_the_link_stays() {
    let dir = site(&["basic"]);
    let deploy = dir.path().join("deploy");
    std::fs::create_dir_all(&deploy).unwrap();
    let link = dir.path().join("out-link");
    std::os::unix::fs::symlink(&deploy, &link).unwrap();
    for _ in 0..2 {
        build(dir.path(), &["-o", link.to_str().unwrap()]).success();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(deploy.join("guides/alpha/index.html").is_file());
    }
    assert!(sibling_names(dir.path()).is_empty());
}

#[test]
fn a_regular_file_is_no_output_folder() {
    let dir = site(&["basic"]);
    let file = dir.path().join("afile");
    std::fs::write(&file, "precious").unwrap();
    assert_refused(
        dir.path(),
        &["-o", file.to_str().unwrap()],
        "not a folder",
        dir.path(),
    );
}

#[test]
fn leftovers_of_killed_builds_are_cleaned_but_only_marked_ones() {
    let dir = site(&["basic"]);
    build(dir.path(), &[]).success();
    let marked_staging = dir.path().join(".public.new-AbC123");
    let marked_old = dir.path().join(".public.old-4242");
    let empty_staging = dir.path().join(".public.new-XyZ789");
    let foreign = dir.path().join(".public.new-mine");
    for leftover in [&marked_staging, &marked_old] {
        std::fs::create_dir_all(leftover.join("guides")).unwrap();
        std::fs::copy(
            dir.path().join("public").join(MANIFEST),
            leftover.join(MANIFEST),
        )
        .unwrap();
        std::fs::write(leftover.join("guides/index.html"), "<p>half").unwrap();
    }
    std::fs::create_dir_all(&empty_staging).unwrap();
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "not prepbook's").unwrap();
    build(dir.path(), &[]).success();
    for gone in [&marked_staging, &marked_old, &empty_staging] {
        assert!(!gone.exists(), "{} is cleaned", gone.display());
    }
    assert_eq!(
        std::fs::read_to_string(foreign.join("keep.txt")).unwrap(),
        "not prepbook's"
    );
}

/// A site of `count` guides, each linking to the next.
fn generated_site(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"Many\"\n").unwrap();
    let guides = dir.path().join("content/guides");
    std::fs::create_dir_all(&guides).unwrap();
    for i in 0..count {
        let body = complete_guide(&format!("title: Guide {i}\ntags: [t{}]", i % 50));
        let link = format!("\nNext: [guide](g{}.md).\n", (i + 1) % count);
        std::fs::write(guides.join(format!("g{i}.md")), body + &link).unwrap();
    }
    dir
}

/// A complete site: the manifest is there and every file it lists is too.
fn is_complete(out: &Path) -> Result<(), String> {
    let gzipped = std::fs::read(out.join(MANIFEST))
        .map_err(|e| format!("no manifest in {}: {e}", out.display()))?;
    let mut manifest = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&gzipped[..]),
        &mut manifest,
    )
    .map_err(|e| format!("the manifest is not gzip: {e}"))?;
    let mut count = 0;
    for path in manifest.lines().skip(1) {
        if !out.join(path).is_file() {
            return Err(format!("{path} is listed but missing"));
        }
        count += 1;
    }
    if count < 100 {
        return Err(format!("only {count} files"));
    }
    Ok(())
}

#[test]
fn two_concurrent_builds_wait_for_each_other() {
    let dir = generated_site(300);
    let out = dir.path().join("public");
    let builds: Vec<_> = (0..2)
        .map(|_| {
            let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("prepbook"));
            cmd.arg("build").arg(dir.path()).env("NO_COLOR", "1");
            cmd.stderr(std::process::Stdio::piped()).spawn().unwrap()
        })
        .collect();
    for child in builds {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    is_complete(&out).unwrap();
    assert!(sibling_names(dir.path()).is_empty());
}

#[test]
fn a_killed_build_never_leaves_a_missing_or_partial_site() {
    let dir = generated_site(2000);
    let out = dir.path().join("public");
    let started = Instant::now();
    build(dir.path(), &[]).success();
    let full = started.elapsed();
    let stop = Arc::new(AtomicBool::new(false));
    // One thread checks in a tight loop that the folder is there at all (a gap between two
    // renames lasts microseconds); the other that what is there is a whole site.
    let present = {
        let (index, stop) = (out.join("index.html"), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut checks = 0u64;
            while !stop.load(Ordering::Relaxed) {
                if !index.is_file() {
                    return Err("the output folder is missing".to_owned());
                }
                checks += 1;
            }
            Ok(checks)
        })
    };
    let complete = {
        let (out, stop) = (out.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut checks = 0u64;
            while !stop.load(Ordering::Relaxed) {
                is_complete(&out)?;
                checks += 1;
            }
            Ok::<u64, String>(checks)
        })
    };
    // Kill points spread over the whole build, from the start to past its end.
    let points = 12u32;
    for i in 0..points {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("prepbook"))
            .arg("build")
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(f64::from(i) / f64::from(points - 1) * 1.3));
        let _ = child.kill();
        let _ = child.wait();
    }
    stop.store(true, Ordering::Relaxed);
    for checker in [present, complete] {
        let checks = checker.join().unwrap().unwrap();
        assert!(checks > 0);
    }
    // The next build cleans whatever the killed ones left beside the output.
    build(dir.path(), &[]).success();
    is_complete(&out).unwrap();
    assert!(
        sibling_names(dir.path()).is_empty(),
        "{:?}",
        sibling_names(dir.path())
    );
    assert!(read_tree(&out).contains_key("guides/g0/index.html"));
}

/// A mount point (a Docker volume, say) cannot be renamed: it is updated in place, twice, with
/// nothing left beside it. The mount lives in a private mount namespace of the test's own
/// (`unshare -m`, which needs root), so it disappears with the process.
#[test]
fn a_mount_point_is_updated_in_place() {
    let dir = site(&["basic"]);
    let out = dir.path().join("volume");
    std::fs::create_dir_all(&out).unwrap();
    let bin = assert_cmd::cargo::cargo_bin!("prepbook");
    let script = format!(
        "mount -t tmpfs none '{out}' || exit 77; \
         for i in 1 2; do NO_COLOR=1 '{bin}' build '{site}' -o '{out}' || exit 1; done; \
         echo x > '{out}/mine.txt'; NO_COLOR=1 '{bin}' build '{site}' -o '{out}'; echo refused=$?; \
         ls -A '{out}'; echo ---; ls -A '{site}'",
        out = out.display(),
        bin = bin.display(),
        site = dir.path().display()
    );
    let output = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .output()
        .unwrap();
    if output.status.code() == Some(77) || !output.status.success() && output.stdout.is_empty() {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let (inside, beside) = stdout.split_once("---").unwrap();
    assert!(inside.contains("refused=2"), "{stdout}");
    assert!(
        inside.contains("index.html") && inside.contains(MANIFEST),
        "{stdout}"
    );
    assert!(
        !beside.lines().any(|n| n.starts_with(".volume.")),
        "no staging folder left: {stdout}"
    );
    // Outside the namespace the folder was never touched.
    assert!(std::fs::read_dir(&out).unwrap().next().is_none());
}

/// A repository of READMEs is its own content folder (`content-dir = "."`): the output folder
/// inside it is allowed, and no build reads the output, `static/` or `book.toml` as content.
#[test]
fn a_content_folder_that_is_the_site_root_holds_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"R\"\n[build]\ncontent-dir = \".\"\n[front-matter]\nrequired = false\n[checks]\nrequired = []\n",
    )
    .unwrap();
    std::fs::write(
        root.join("README.md"),
        "# Root\n\nSee [topic](topic/README.md).\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("topic")).unwrap();
    std::fs::write(root.join("topic/README.md"), "# Topic\n\nText.\n").unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/extra.txt"), "x").unwrap();
    build(root, &[]).success();
    let first = read_tree(&root.join("public"));
    build(root, &[]).success();
    let second = read_tree(&root.join("public"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>(),
        "the second build read nothing of the first's output"
    );
    assert!(second.contains_key("topic/index.html"));
    assert!(second.contains_key("extra.txt"));
    for path in second.keys() {
        assert!(
            !path.starts_with("public/") && !path.starts_with("static/") && path != "book.toml",
            "{path} was read as content"
        );
    }
    // A folder of guides is still no output folder: it holds files prepbook did not write.
    let topic = root.join("topic");
    assert_refused(
        root,
        &["--allow-errors", "-o", topic.to_str().unwrap()],
        "",
        root,
    );
}

/// The build writes pages as they are rendered into a staging folder beside the output: a
/// render that fails half-way (a template that errors on guide pages only), or a build with
/// content errors, leaves the previous site exactly as it was and no staging folder behind.
#[test]
fn a_build_that_fails_while_writing_leaves_the_previous_site_whole() {
    let dir = site(&["basic"]);
    build(dir.path(), &[]).success();
    let out = dir.path().join("public");
    let before = snapshot(&out);
    let siblings = sibling_names(dir.path());
    let templates = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("guide.html"),
        "{% extends \"default/guide.html\" %}{% block main %}{{ guide.no_such_field.deeper }}{% endblock main %}",
    )
    .unwrap();
    build(dir.path(), &[])
        .code(2)
        .stderr(predicate::str::contains("guide.html"));
    assert_eq!(before, snapshot(&out), "the previous site is untouched");
    assert_eq!(
        sibling_names(dir.path()),
        siblings,
        "no staging folder left"
    );

    std::fs::remove_file(templates.join("guide.html")).unwrap();
    std::fs::write(
        dir.path().join("content/guides/broken.md"),
        "---\ntitle: [\n---\n",
    )
    .unwrap();
    build(dir.path(), &[]).code(1);
    assert_eq!(before, snapshot(&out), "content errors write nothing");
    assert_eq!(
        sibling_names(dir.path()),
        siblings,
        "no staging folder left"
    );
}

/// Runs `script` as root in a mount namespace of its own, where it may mount a tmpfs: `Some`
/// of its output, or `None` (with a visible message) where that is not possible. The script
/// exits 77 when something it needs (a mount, `chattr`) is missing.
fn as_root_in_namespace(test: &str, script: &str) -> Option<String> {
    let output = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", script])
        .output();
    match output {
        Ok(output) if output.status.code() != Some(77) && !output.stdout.is_empty() => {
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        }
        _ => {
            eprintln!("SKIPPED {test}: needs root, a private mount namespace, tmpfs and chattr");
            None
        }
    }
}

/// Whether the script's last line, `grep -c` of the edit in the page, found it.
fn published(stdout: &str) -> bool {
    stdout
        .lines()
        .last()
        .and_then(|n| n.trim().parse::<u32>().ok())
        .is_some_and(|n| n > 0)
}

/// A previous site that cannot be removed (a folder of it is immutable, as a read-only folder
/// or another user's would be) is refused before anything changes: no staging folder left,
/// the site as it was, and the next build, once the folder is writable, goes through.
#[test]
fn an_output_that_cannot_be_replaced_is_refused_and_nothing_sticks() {
    // Without CNAME the site is swapped in; with it (a kept file) updated in place.
    for (mode, prepare) in [("swapped", "rm -f static/CNAME"), ("in place", "true")] {
        let dir = site(&["basic"]);
        let scratch = tempfile::tempdir().unwrap();
        let bin = assert_cmd::cargo::cargo_bin!("prepbook");
        let script = format!(
            "set -u; mount -t tmpfs none '{s}' || exit 77; cp -a '{site}/.' '{s}/' || exit 1; \
             cd '{s}'; {prepare}; NO_COLOR=1 '{bin}' build . >/dev/null 2>&1 || exit 1; \
             chattr +i public/guides || exit 77; \
             sum() {{ find public -type f -exec md5sum {{}} + | sort; }}; before=$(sum); \
             echo '\nMore.' >> content/guides/alpha.md; \
             NO_COLOR=1 '{bin}' build . 2>err.txt; echo second=$?; cat err.txt; \
             [ \"$before\" = \"$(sum)\" ] && echo unchanged; ls -A . | grep '^\\.public' ; \
             chattr -i public/guides; NO_COLOR=1 '{bin}' build . >/dev/null 2>&1; \
             echo third=$?; grep -c More public/guides/alpha/index.html",
            s = scratch.path().display(),
            site = dir.path().display(),
            bin = bin.display(),
        );
        let Some(stdout) = as_root_in_namespace("output_cannot_be_replaced", &script) else {
            return;
        };
        assert!(stdout.contains("second=2"), "{mode}: {stdout}");
        assert!(
            stdout.contains("refusing to build into") && stdout.contains("public/guides"),
            "{mode}: {stdout}"
        );
        assert!(
            stdout.contains("unchanged"),
            "{mode}: a refusal changes nothing: {stdout}"
        );
        assert!(
            !stdout.contains(".public."),
            "{mode}: no leftover: {stdout}"
        );
        assert!(stdout.contains("third=0"), "{mode}: {stdout}");
        assert!(
            published(&stdout),
            "{mode}: the third build published: {stdout}"
        );
    }
}

/// A leftover of an interrupted build that cannot be removed is a warning: the build goes on.
#[test]
fn a_leftover_that_cannot_be_removed_is_a_warning() {
    let dir = site(&["basic"]);
    let scratch = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin!("prepbook");
    let script = format!(
        "set -u; mount -t tmpfs none '{s}' || exit 77; cp -a '{site}/.' '{s}/' || exit 1; \
         cd '{s}'; NO_COLOR=1 '{bin}' build . >/dev/null 2>&1 || exit 1; \
         mkdir .public.new-stuck && cp public/{MANIFEST} public/index.html .public.new-stuck/; \
         chattr +i .public.new-stuck || exit 77; \
         echo '\nMore.' >> content/guides/alpha.md; \
         NO_COLOR=1 '{bin}' build . 2>&1; echo second=$?; chattr -i .public.new-stuck; \
         grep -c More public/guides/alpha/index.html",
        s = scratch.path().display(),
        site = dir.path().display(),
        bin = bin.display(),
    );
    let Some(stdout) = as_root_in_namespace("leftover_cannot_be_removed", &script) else {
        return;
    };
    assert!(stdout.contains("second=0"), "{stdout}");
    assert!(
        stdout.contains("warning: could not remove") && stdout.contains(".public.new-stuck"),
        "{stdout}"
    );
    assert!(published(&stdout), "published: {stdout}");
}

/// A full disk while a mount point is updated in place: the build fails, but no page is left
/// half written, no temporary file stays, the pages are the previous ones, and a smaller site
/// builds afterwards.
#[test]
fn a_full_disk_during_an_in_place_update_leaves_whole_pages() {
    let dir = site(&["basic"]);
    let out = tempfile::tempdir().unwrap();
    let snap = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin!("prepbook");
    let script = format!(
        "set -u; mount -t tmpfs -o size=1m none '{out}' || exit 77; \
         NO_COLOR=1 '{bin}' build '{site}' -o '{out}' >/dev/null 2>&1 || exit 1; \
         cp -a '{out}/.' '{snap}/'; mkdir -p '{site}/static'; \
         head -c 900000 /dev/urandom > '{site}/static/big.bin'; \
         NO_COLOR=1 '{bin}' build '{site}' -o '{out}' 2>&1; echo second=$?; \
         diff -r -x {MANIFEST} '{snap}' '{out}' && echo same-pages; \
         find '{out}' -name '*.prepbook-tmp' | sed 's/^/temp: /'; \
         rm '{site}/static/big.bin'; echo '\nMore.' >> '{site}/content/guides/alpha.md'; \
         NO_COLOR=1 '{bin}' build '{site}' -o '{out}' >/dev/null 2>&1; echo third=$?; \
         grep -c More '{out}/guides/alpha/index.html'",
        out = out.path().display(),
        snap = snap.path().display(),
        site = dir.path().display(),
        bin = bin.display(),
    );
    let Some(stdout) = as_root_in_namespace("full_disk_in_place", &script) else {
        return;
    };
    assert!(stdout.contains("second=2"), "{stdout}");
    assert!(stdout.contains("No space left"), "{stdout}");
    assert!(
        stdout.contains("same-pages"),
        "no page changed or half written: {stdout}"
    );
    assert!(
        !stdout.contains("temp: "),
        "no temporary file left: {stdout}"
    );
    assert!(stdout.contains("third=0"), "{stdout}");
    assert!(published(&stdout), "published: {stdout}");
}

/// A file put into the previous site's folder (the output, before the exchange) that prepbook
/// did not write is kept and reported, never deleted with the previous site.
#[test]
fn a_file_dropped_into_a_previous_site_is_kept_and_reported() {
    let dir = site(&["basic"]);
    build(dir.path(), &[]).success();
    let old = dir.path().join(".public.old-1234");
    std::fs::create_dir_all(old.join("guides")).unwrap();
    for file in [MANIFEST, "index.html"] {
        std::fs::copy(dir.path().join("public").join(file), old.join(file)).unwrap();
    }
    std::fs::write(old.join("guides/notes.md"), "mine").unwrap();
    build(dir.path(), &[]).success().stderr(
        predicate::str::contains("warning: kept").and(predicate::str::contains("guides/notes.md")),
    );
    assert_eq!(
        std::fs::read_to_string(old.join("guides/notes.md")).unwrap(),
        "mine"
    );
    assert!(
        !old.join("index.html").exists(),
        "prepbook's own file is removed"
    );
}
