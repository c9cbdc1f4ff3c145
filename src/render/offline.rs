//! `[offline]`: the service worker (`sw.js`, at the site's root so that its scope is the whole
//! site) that keeps the pages a reader opened, and the sections they saved, for reading without
//! a connection. Its version is the hash of the theme files' names, which are content-hashed:
//! a build with other theme files gets a new worker, which drops the old files' cache.

const SOURCE: &str = include_str!("offline-sw.js");

/// The worker's script for a build that writes the theme files at `asset_paths`.
pub(crate) fn service_worker<'a>(asset_paths: impl Iterator<Item = &'a String>) -> Vec<u8> {
    let mut hasher = blake3::Hasher::new();
    for path in asset_paths {
        hasher.update(path.as_bytes());
        hasher.update(&[0]);
    }
    let version = hasher.finalize().to_hex();
    SOURCE.replace("__VERSION__", &version[..16]).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_follows_the_theme_files() {
        let one = ["assets/style.1234abcd.css".to_owned()];
        let other = ["assets/style.5678ef01.css".to_owned()];
        let a = String::from_utf8(service_worker(one.iter())).unwrap();
        let b = String::from_utf8(service_worker(other.iter())).unwrap();
        assert!(!a.contains("__VERSION__"));
        assert_ne!(a, b);
        assert_eq!(a, String::from_utf8(service_worker(one.iter())).unwrap());
    }
}
