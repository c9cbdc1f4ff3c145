//! The limits of common static hosts, against what a build wrote: a site that passes one is
//! refused or cut short at deploy time, long after the build said it was done, so `build`
//! warns instead. Warnings, not errors: a site on a paid plan or another host is fine, and the
//! site is written either way; `[checks.severity]` can turn each rule off (or make it fail
//! the build's exit code).

use std::path::Path;

use super::size::OutputSize;
use crate::config::Config;
use crate::diagnostic::rules::{self, Rule};
use crate::diagnostic::{Diagnostic, shown};

/// One limit of one host, as the host states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct HostLimit {
    host: &'static str,
    limit: Limit,
}

/// What is limited, and the bound, in the unit the host states it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    /// Files per site.
    Files(u64),
    /// Mebibytes per file.
    FileMiB(u64),
    /// Gigabytes (10⁹ bytes) per site.
    SiteGB(u64),
}

/// The hosts prep sites are published to, and what each takes (their documentation, 2026).
const LIMITS: &[HostLimit] = &[
    HostLimit {
        host: "Cloudflare Pages (free plan)",
        limit: Limit::Files(20_000),
    },
    HostLimit {
        host: "Cloudflare Pages (paid plans)",
        limit: Limit::Files(100_000),
    },
    HostLimit {
        host: "GitLab Pages",
        limit: Limit::Files(200_000),
    },
    HostLimit {
        host: "Cloudflare Pages",
        limit: Limit::FileMiB(25),
    },
    HostLimit {
        host: "GitHub Pages",
        limit: Limit::SiteGB(1),
    },
    HostLimit {
        host: "GitLab Pages",
        limit: Limit::SiteGB(1),
    },
];

const MIB: u64 = 1024 * 1024;
const GB: u64 = 1_000_000_000;

impl Limit {
    /// The rule a site past this limit is reported by.
    fn rule(self) -> Rule {
        match self {
            Limit::Files(_) => rules::HOST_FILE_COUNT,
            Limit::FileMiB(_) => rules::HOST_FILE_SIZE,
            Limit::SiteGB(_) => rules::HOST_SITE_SIZE,
        }
    }

    /// The bound, in files or bytes.
    fn bound(self) -> u64 {
        match self {
            Limit::Files(n) => n,
            Limit::FileMiB(n) => n * MIB,
            Limit::SiteGB(n) => n * GB,
        }
    }

    /// What of `size` this limit bounds, in files or bytes.
    fn measure(self, size: &OutputSize) -> u64 {
        match self {
            Limit::Files(_) => size.files as u64,
            Limit::FileMiB(_) => size.largest.as_ref().map_or(0, |(_, bytes)| *bytes),
            Limit::SiteGB(_) => size.bytes,
        }
    }

    /// `value` (files or bytes) in this limit's unit, so that it reads against the limit.
    fn show(self, value: u64) -> String {
        match self {
            Limit::Files(_) => format!("{} files", thousands(value)),
            Limit::FileMiB(_) => format!("{:.1} MiB", value as f64 / MIB as f64),
            Limit::SiteGB(_) => format!("{:.2} GB", value as f64 / GB as f64),
        }
    }

    /// The limit as the host states it: `20,000 files per site`.
    fn stated(self) -> String {
        match self {
            Limit::Files(n) => format!("{} files per site", thousands(n)),
            Limit::FileMiB(n) => format!("{n} MiB per file"),
            Limit::SiteGB(n) => format!("{n} GB per site"),
        }
    }
}

/// A warning for each kind of limit that the output `size` passes, naming in its help every
/// host whose limit of that kind it passes; at the levels the site's `[checks.severity]` sets.
/// `config`'s output folder is where the files are said to be.
pub fn limits_passed(size: &OutputSize, config: &Config) -> Vec<Diagnostic> {
    let out = shown(&config.output_dir);
    let mut diagnostics = Vec::new();
    for rule in [
        rules::HOST_FILE_COUNT,
        rules::HOST_FILE_SIZE,
        rules::HOST_SITE_SIZE,
    ] {
        let passed: Vec<HostLimit> = LIMITS
            .iter()
            .filter(|h| h.limit.rule() == rule && h.limit.measure(size) > h.limit.bound())
            .copied()
            .collect();
        let Some(first) = passed.first() else {
            continue;
        };
        let value = first.limit.show(first.limit.measure(size));
        let (file, message) = match (&size.largest, first.limit) {
            (Some((path, _)), Limit::FileMiB(_)) => (
                Path::new(&out)
                    .join(path)
                    .to_string_lossy()
                    .replace('\\', "/"),
                format!("the largest file written is {value}"),
            ),
            _ => (out.clone(), format!("the output holds {value}")),
        };
        let help: Vec<String> = passed
            .iter()
            .map(|h| format!("{} takes at most {}", h.host, h.limit.stated()))
            .collect();
        diagnostics.push(rule.report(file, message).with_help(help.join("; ")));
    }
    crate::checks::apply_severity(diagnostics, &config.checks.severity)
}

/// `41870` as `41,870`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn config(toml: &str) -> Config {
        Config::parse(Path::new("site"), toml).expect("config")
    }

    fn size(files: usize, bytes: u64, largest: u64) -> OutputSize {
        OutputSize {
            files,
            bytes,
            largest: Some(("assets/big.bin".to_owned(), largest)),
        }
    }

    #[test]
    fn a_site_within_every_limit_has_no_warning() {
        let at_the_limits = size(20_000, GB, 25 * MIB);
        assert_eq!(limits_passed(&at_the_limits, &config("")), Vec::new());
        assert_eq!(
            limits_passed(&OutputSize::default(), &config("")),
            Vec::new()
        );
    }

    #[test]
    fn each_kind_of_limit_passed_is_one_warning_naming_its_hosts() {
        let found = limits_passed(&size(120_000, 1_200_000_000, 30 * MIB), &config(""));
        let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            ["host-file-count", "host-file-size", "host-site-size"]
        );
        assert!(found.iter().all(|d| d.severity == Severity::Warning));
        let [files, file, all] = found.as_slice() else {
            unreachable!()
        };
        assert_eq!(files.file, "site/public");
        assert_eq!(files.message, "the output holds 120,000 files");
        assert_eq!(
            files.help.as_deref(),
            Some(
                "Cloudflare Pages (free plan) takes at most 20,000 files per site; \
                 Cloudflare Pages (paid plans) takes at most 100,000 files per site"
            )
        );
        assert_eq!(file.file, "site/public/assets/big.bin");
        assert_eq!(file.message, "the largest file written is 30.0 MiB");
        assert_eq!(
            file.help.as_deref(),
            Some("Cloudflare Pages takes at most 25 MiB per file")
        );
        assert_eq!(all.message, "the output holds 1.20 GB");
        assert!(
            all.help
                .as_deref()
                .is_some_and(|h| h.contains("GitHub Pages")
                    && h.contains("GitLab Pages")
                    && h.contains("1 GB per site"))
        );
    }

    #[test]
    fn the_sites_severity_applies() {
        let over = size(20_001, 1, 1);
        let off = config("[checks.severity]\nhost-file-count = \"off\"\n");
        assert_eq!(limits_passed(&over, &off), Vec::new());
        let error = config("[checks.severity]\nhost-file-count = \"error\"\n");
        assert!(limits_passed(&over, &error)[0].is_error());
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(41_870), "41,870");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
