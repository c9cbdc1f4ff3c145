//! Which `Host` a request may name. A page on another site can make a browser send requests
//! to the preview (DNS rebinding: `evil.example` re-resolved to 127.0.0.1), and the browser then
//! lets that page read the answers, drafts and error overlay included. Such a request names the
//! other site in its `Host` header, so the server answers only requests that name itself: a
//! loopback name, the address it listens on, or a name the user allowed.

use std::net::IpAddr;

/// The hosts a request may name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HostPolicy {
    bound: IpAddr,
    allowed: Vec<String>,
}

impl HostPolicy {
    /// `bound` is the address the server listens on; `allowed` are further names the user
    /// gave (`--allow-host`), matched without case.
    pub(crate) fn new(bound: IpAddr, allowed: &[String]) -> HostPolicy {
        HostPolicy {
            bound,
            allowed: allowed
                .iter()
                .map(|name| name.to_ascii_lowercase())
                .collect(),
        }
    }

    /// Whether a request whose `Host` header (`name` or `name:port`) is `host` is answered.
    /// A request without one is not: every browser sends it.
    pub(crate) fn allows(&self, host: Option<&str>) -> bool {
        let Some(name) = host.and_then(host_name) else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        if name == "localhost" || name.ends_with(".localhost") || self.allowed.contains(&name) {
            return true;
        }
        match name.parse::<IpAddr>() {
            // An address cannot be rebound; it names this server if it is one of its own:
            // loopback, the bound one, or any when the server listens on all of them.
            Ok(ip) => ip.is_loopback() || ip == self.bound || self.bound.is_unspecified(),
            Err(_) => false,
        }
    }
}

/// The name part of a `Host` value: `a.b:80` → `a.b`, `[::1]:3000` → `::1`; `None` when it is
/// not a host at all (empty, a user part, a path).
fn host_name(host: &str) -> Option<&str> {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        if !(after.is_empty() || is_port(after.strip_prefix(':')?)) {
            return None;
        }
        inside
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return None,
            None => host,
        }
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':'));
    plain.then_some(name)
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> HostPolicy {
        HostPolicy::new("127.0.0.1".parse().unwrap(), &[])
    }

    #[test]
    fn loopback_names_and_addresses_are_answered() {
        let policy = loopback();
        for host in [
            "localhost",
            "localhost:3000",
            "LOCALHOST:3000",
            "localhost.:3000",
            "app.localhost:3000",
            "127.0.0.1",
            "127.0.0.1:3000",
            "127.1.2.3:3000",
            "[::1]:3000",
            "[::1]",
        ] {
            assert!(policy.allows(Some(host)), "{host}");
        }
    }

    #[test]
    fn other_names_are_refused() {
        let policy = loopback();
        for host in [
            "evil.example",
            "evil.example:3000",
            "localhost.evil.example",
            "evil-localhost",
            "192.168.1.5:3000",
            "",
            "localhost:abc",
            "user@localhost",
            "localhost/x",
            "[::1]x",
        ] {
            assert!(!policy.allows(Some(host)), "{host}");
        }
        assert!(!policy.allows(None), "no Host header");
    }

    #[test]
    fn the_bound_address_and_allowed_names_are_answered() {
        let lan = HostPolicy::new("192.168.1.5".parse().unwrap(), &["Mybox.local".into()]);
        assert!(lan.allows(Some("192.168.1.5:3000")));
        assert!(lan.allows(Some("mybox.local:3000")));
        assert!(!lan.allows(Some("192.168.1.6:3000")));
        assert!(!lan.allows(Some("evil.example")));
        let all = HostPolicy::new("0.0.0.0".parse().unwrap(), &[]);
        assert!(all.allows(Some("10.0.0.7:3000")), "any own address");
        assert!(!all.allows(Some("evil.example:3000")), "but never a name");
    }
}
