//! A real headless browser for what only a browser shows: Debian's Chromium driven through
//! chromedriver with a WebDriver client. Without Chromium the browser tests fail, saying how to
//! install it: a skip would print `ok` (the harness swallows what a passing test prints), and
//! a run that tested no browser would look like one that did. `PREPBOOK_SKIP_BROWSER=1` skips
//! them on purpose.

use std::net::TcpListener;
use std::os::unix::process::CommandExt as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Set to `1` to skip the browser tests on a machine without Chromium.
const SKIP_VAR: &str = "PREPBOOK_SKIP_BROWSER";

/// Whether the variable's value asks to skip: `1` only, so that `0` or an empty value runs them.
fn skip_requested(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| v == "1")
}

/// What a test without a browser fails with: what is missing, how to install it, how to skip.
fn missing_browser_message() -> String {
    format!(
        "the browser tests need {CHROMIUM} and {CHROMEDRIVER}: install them with \
         `apt-get install -y chromium chromium-driver`, or set {SKIP_VAR}=1 to skip these tests"
    )
}

#[test]
fn only_one_skips_the_browser_tests() {
    assert!(skip_requested(Some("1".as_ref())));
    for value in [None, Some(""), Some("0"), Some("true")] {
        assert!(
            !skip_requested(value.map(std::ffi::OsStr::new)),
            "{value:?}"
        );
    }
    let message = missing_browser_message();
    assert!(
        message.contains("apt-get install -y chromium chromium-driver"),
        "{message}"
    );
    assert!(message.contains("PREPBOOK_SKIP_BROWSER=1"), "{message}");
}

/// A chromedriver process and a session on it; both end when this is dropped (after `close`).
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts headless Chromium, or returns `None` when `PREPBOOK_SKIP_BROWSER=1` asks to skip
    /// the browser tests. A missing Chromium fails the test with the install line.
    pub async fn start() -> Option<Browser> {
        if skip_requested(std::env::var_os(SKIP_VAR).as_deref()) {
            eprintln!("skipping browser test: {SKIP_VAR}=1 is set");
            return None;
        }
        let installed =
            std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists();
        assert!(installed, "{}", missing_browser_message());
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            // Its own process group, so that dropping `Browser` (even after a failed assertion)
            // ends Chromium too, not only the driver.
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut capabilities = Capabilities::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let attempt =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(capabilities.clone())
                    .connect(&url)
                    .await;
            match attempt {
                Ok(client) => break client,
                Err(err) => {
                    assert!(
                        Instant::now() < deadline,
                        "cannot start a browser session: {err}"
                    );
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        };
        Some(Browser {
            client,
            driver,
            _profile: profile,
        })
    }

    /// Polls a JavaScript expression until it is truthy (or fails after `secs` seconds).
    pub async fn wait_until(&self, expression: &str, secs: u64) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let value = self
                .client
                .execute(&format!("return Boolean({expression});"), vec![])
                .await
                .unwrap_or(serde_json::Value::Bool(false));
            if value == serde_json::Value::Bool(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for `{expression}`"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Ends the session and the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
