//! Every URL the site emits is made here: page URLs derive from content paths, and all of them
//! start with the site's base path, so a site works under a sub-path and at a domain root alike.

use std::fmt;
use std::sync::Arc;

use anyhow::{Result, bail};
use serde::Serialize;

/// A guide's identity: its path relative to the content folder, with `/` separators
/// (`guides/ownership.md`). Its URL derives from it, so links resolve without other guides.
/// Shared, not copied: the site's maps, memos and rules all key by it, and a rebuild clones
/// every guide's id several times.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct GuideId(Arc<str>);

impl Serialize for GuideId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl GuideId {
    pub(crate) fn new(relative: impl Into<String>) -> Self {
        Self(Arc::from(relative.into()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The folder the file is in: `guides/ownership.md` → `guides`; for a folder's page
    /// (`guides/README.md`), the folder it is the page of.
    pub(crate) fn folder(&self) -> SectionId {
        SectionId(self.folder_path().to_owned())
    }

    /// [`GuideId::folder`] as the part of the id it is, without making a section id.
    pub(crate) fn folder_path(&self) -> &str {
        parent_of(&self.0)
    }

    /// [`GuideId::section`] as the part of the id it is, without making a section id.
    pub(crate) fn section_path(&self) -> &str {
        let folder = self.folder_path();
        match self.is_section_index() && !folder.is_empty() {
            true => parent_of(folder),
            false => folder,
        }
    }

    /// The section the guide is listed in: its folder, or for a folder's page that is a guide
    /// of its own (a leaf bundle: `pastebin/README.md` alone in its folder), the folder above,
    /// where the folder's URL is one of its pages.
    pub(crate) fn section(&self) -> SectionId {
        SectionId(self.section_path().to_owned())
    }

    /// `true` for a file that is its folder's page: `_index.md`, `index.md` or `README.md`.
    pub(crate) fn is_section_index(&self) -> bool {
        is_folder_page_name(file_name(&self.0))
    }

    /// Which of a folder's page files wins when it has several: `_index.md`, then
    /// `index.md`, then `README.md`.
    pub(crate) fn folder_page_rank(&self) -> usize {
        FOLDER_PAGE_NAMES
            .iter()
            .position(|name| *name == file_name(&self.0))
            .unwrap_or(usize::MAX)
    }

    /// A title made from the file name, for a guide that has none: `rate_limiting.md` →
    /// `Rate limiting`; a folder's `README.md` or `index.md` is named after its folder.
    pub(crate) fn fallback_title(&self) -> String {
        let stem = markdown_stem(file_name(&self.0)).unwrap_or(file_name(&self.0));
        if is_folder_page_name(file_name(&self.0)) {
            let section = self.folder();
            return match section.is_root() {
                true => "Home".to_owned(),
                false => section.fallback_title(),
            };
        }
        SectionId(stem.to_owned()).fallback_title()
    }

    /// The site path of the guide's page, without the base: `guides/ownership/`.
    pub(crate) fn page_path(&self) -> String {
        if self.is_section_index() {
            return self.folder().page_path();
        }
        let stem = markdown_stem(&self.0).unwrap_or(&self.0);
        format!("{stem}/")
    }
}

impl fmt::Display for GuideId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A section: a folder under the content folder, `""` for the root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub(crate) struct SectionId(String);

/// Ordered and hashed as its path, so that maps of sections can be looked up by the path (a
/// slice of a guide's id) without making a section id.
impl std::borrow::Borrow<str> for SectionId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl SectionId {
    pub(crate) fn new(relative: impl Into<String>) -> Self {
        Self(relative.into())
    }

    pub(crate) fn root() -> Self {
        Self(String::new())
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn parent(&self) -> Option<SectionId> {
        (!self.is_root()).then(|| SectionId(parent_of(&self.0).to_owned()))
    }

    /// The site path of the section page: `guides/` (`""` for the root, which is the home page).
    pub(crate) fn page_path(&self) -> String {
        if self.is_root() {
            String::new()
        } else {
            format!("{}/", self.0)
        }
    }

    /// The folder name turned into a title, for sections without an `_index.md` title.
    pub(crate) fn fallback_title(&self) -> String {
        let name = file_name(&self.0).replace(['-', '_'], " ");
        let mut chars = name.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// Where the site lives: the path part of `base-url` (always starting and ending with `/`),
/// which every emitted URL starts with, and the origin (`https://example.org`) when `base-url`
/// gives one, for the few places that need absolute URLs (canonical links, feeds, sitemap).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct BasePath {
    path: String,
    origin: Option<String>,
}

impl Default for BasePath {
    fn default() -> Self {
        Self {
            path: "/".to_owned(),
            origin: None,
        }
    }
}

impl BasePath {
    /// Takes the origin and path of an absolute `base-url` (`https://x.org/prep` → `/prep/`); an
    /// empty base-url means the domain root, with no known origin.
    pub(crate) fn from_base_url(base_url: &str) -> Result<Self> {
        if base_url.is_empty() {
            return Ok(Self::default());
        }
        let Some((scheme, rest)) = base_url.split_once("://") else {
            bail!("base-url `{base_url}` must be an absolute URL such as https://example.org/");
        };
        if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
            bail!("base-url `{base_url}` must start with https:// or http://");
        }
        if base_url.contains(['?', '#']) || base_url.chars().any(char::is_whitespace) {
            bail!("base-url `{base_url}` must not contain a query, a fragment or spaces");
        }
        let (host, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        if host.is_empty() {
            bail!("base-url `{base_url}` has no host");
        }
        let mut base = Self::from_path(path)?;
        base.origin = Some(format!("{scheme}://{host}"));
        Ok(base)
    }

    /// A base given as a path (`/prep/`, `prep`), as `serve --base` takes it; no origin.
    pub(crate) fn from_path(path: &str) -> Result<Self> {
        let trimmed = path.trim_matches('/');
        if trimmed.split('/').any(|seg| seg == ".." || seg == ".") {
            bail!("base path `{path}` must not contain `.` or `..` segments");
        }
        let path = if trimmed.is_empty() {
            "/".to_owned()
        } else {
            format!("/{trimmed}/")
        };
        Ok(Self { path, origin: None })
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.path
    }

    /// `https://example.org` when `base-url` names one.
    pub(crate) fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    /// The URL of a site path: `guides/x/` → `/prep/guides/x/`. Every link the site emits is
    /// made here (or by [`BasePath::absolute`]), so the site works under any base path.
    /// The site path is percent-encoded ([`encode_path`]); the base path is a URL already.
    pub(crate) fn url(&self, site_path: &str) -> String {
        format!(
            "{}{}",
            self.path,
            encode_path(site_path.trim_start_matches('/'))
        )
    }

    /// The absolute URL of a site path (`https://example.org/prep/guides/x/`), for canonical
    /// links, feeds and the sitemap. Without an origin in `base-url` it falls back to the
    /// root-relative [`BasePath::url`]: a site built without `base-url` still links correctly.
    pub(crate) fn absolute(&self, site_path: &str) -> String {
        self.absolute_url(&self.url(site_path))
    }

    /// The absolute form of a root-relative URL made by [`BasePath::url`].
    pub(crate) fn absolute_url(&self, url: &str) -> String {
        match &self.origin {
            Some(origin) => format!("{origin}{url}"),
            None => url.to_owned(),
        }
    }
}

/// Percent-encodes a site path for a URL: every byte but ASCII letters, digits, `-._~` and the
/// `/` between segments becomes `%XX`, so that a file named with `#`, `?`, `%`, a space or
/// another script is reached by its URL, whatever reads it (browser, static host, sitemap).
pub(crate) fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &byte in path.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` for a malformed escape or bytes that are not UTF-8.
pub(crate) fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The output file a front-matter alias (an old site path, without the base path) writes its
/// redirect page to: `/old/path/` and `old/path` → `old/path/index.html`, `old.html` →
/// `old.html`. Refuses anything that is not a plain path inside the site, with the reason.
pub(crate) fn alias_file(alias: &str) -> std::result::Result<String, String> {
    let trimmed = alias.trim();
    if trimmed.contains("://") || trimmed.starts_with("//") {
        return Err("an alias is a path on this site, not a full URL".to_owned());
    }
    if trimmed.contains(['?', '#', '\\'])
        || trimmed.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err("an alias is a plain path: no `?`, `#`, `\\` or spaces".to_owned());
    }
    let path = trimmed.trim_start_matches('/');
    if path.is_empty() {
        return Err("an alias cannot be the home page".to_owned());
    }
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return Err("an alias must not have empty, `.` or `..` segments".to_owned());
    }
    let joined = segments.join("/");
    let is_file = !path.ends_with('/')
        && segments
            .last()
            .is_some_and(|s| s.ends_with(".html") || s.ends_with(".htm"));
    Ok(if is_file {
        joined
    } else {
        format!("{joined}/index.html")
    })
}

/// The home page.
pub(crate) const HOME: &str = "";

/// The page static hosts serve for a missing path.
pub(crate) const NOT_FOUND: &str = "404.html";

/// The sitemap, the robots file and the Atom feed, at the root where crawlers and feed readers
/// look for them.
pub(crate) const SITEMAP: &str = "sitemap.xml";
pub(crate) const ROBOTS: &str = "robots.txt";
pub(crate) const FEED: &str = "atom.xml";
/// The service worker of `[offline]`: at the site's root, so that its scope is the whole site.
pub(crate) const SERVICE_WORKER: &str = "sw.js";

/// The sitemap protocol's limits (sitemaps.org): a sitemap file holds at most 50,000 URLs and
/// 50 MB (52,428,800 bytes) uncompressed, and a sitemap index names at most 50,000 sitemaps.
/// Search engines ignore a file past them, so a larger site's [`SITEMAP`] is an index of parts
/// at [`sitemap_part_path`].
pub(crate) const SITEMAP_MAX_URLS: usize = 50_000;
pub(crate) const SITEMAP_MAX_BYTES: usize = 52_428_800;
/// The bytes prepbook puts in one sitemap file, well within the protocol's: no file of the
/// output passes 1 MiB (static hosts cap a file's size, and crawlers fetch a smaller part
/// sooner). About 10,000 URLs.
pub(crate) const SITEMAP_PART_BYTES: usize = 1 << 20;
pub(crate) const SITEMAP_INDEX_MAX: usize = 50_000;

/// The site path of the `number`th part (from 1) of a sitemap split by the protocol's limits:
/// `sitemap-2.xml`, beside the index at [`SITEMAP`], which `robots.txt` names.
pub(crate) fn sitemap_part_path(number: usize) -> String {
    format!("sitemap-{number}.xml")
}

/// Whether `path` is a file prepbook may write at the site's root besides the pages: one of
/// [`GENERATED_FILES`] or a part of a split sitemap.
pub(crate) fn is_generated_file(path: &str) -> bool {
    GENERATED_FILES.contains(&path)
        || path
            .strip_prefix("sitemap-")
            .and_then(|rest| rest.strip_suffix(".xml"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The search index's manifest, which the search box loads first: how to name the shards of
/// terms and the files of guide metadata it may fetch next. Not under `assets/` with a hashed name
/// like the scripts: every page names it, so a name that changed with each edit of any guide
/// would change every page (and defeat serve's reuse of unchanged pages). Hosts revalidate it
/// like a page.
pub(crate) const SEARCH_INDEX: &str = "search-index.json";

/// Where the search index's shards and files of guide metadata are written (under the assets
/// folder, with content-hashed names, so hosts may cache them forever).
pub(crate) const SEARCH_DATA_DIR: &str = "assets/search/";

/// The name, in [`SEARCH_DATA_DIR`], of a file of the search index: the hash of its segment
/// of files (12 hex digits), the letter of its kind and its number among the files of its
/// kind (`3f2a9c1b0d4e-d12.json`). The search box makes the same name from the manifest.
pub(crate) fn search_segment_file(segment: &str, kind: char, number: usize) -> String {
    format!("{segment}-{kind}{number}.json")
}

/// A JSON file in `dir` named by 12 hex digits of the BLAKE3 hash of its bytes.
fn content_named(dir: &str, bytes: &[u8]) -> String {
    let hash = blake3::hash(bytes).to_hex();
    format!("{dir}{}.json", &hash[..12])
}

/// Where the theme's files are written, under content-hashed names
/// (`assets/style.3f2a9c1b.css`), with other content-named files.
pub(crate) const ASSETS_DIR: &str = "assets/";

/// The page listing every tag; each tag's page is under it at [`tag_path`].
pub(crate) const TAGS_DIR: &str = "tags/";

/// The site path of a tag's page, from its slug: `tags/behavioral/`.
pub(crate) fn tag_path(slug: &str) -> String {
    format!("{TAGS_DIR}{slug}/")
}

/// Where the printable checklists go: every guide's, a page of them at a time (see
/// [`list_page_path`]). A guide page prints its own checklist alone with the print stylesheet.
pub(crate) const PRINT_DIR: &str = "checklists-print/";

/// The site path of page `number` (from 1) of a list whose first page is at `first` (a
/// folder's page: `""` for home, `guides/`, `tags/x/`, `checklists-print/`): the first page is
/// the folder's own, the others `guides/page-2.html`. A file, not a folder, so that no guide or
/// section page (always a folder's `index.html`) can be written where a list page is.
pub(crate) fn list_page_path(first: &str, number: usize) -> String {
    if number <= 1 {
        first.to_owned()
    } else {
        format!("{first}page-{number}.html")
    }
}

/// The id of a guide's checklist on the printable checklists' pages: `checklist-guides-x`.
pub(crate) fn checklist_anchor(id: &GuideId) -> String {
    let path = id.page_path();
    let name = path.trim_end_matches('/').replace('/', "-");
    if name.is_empty() {
        "checklist-home".to_owned()
    } else {
        format!("checklist-{name}")
    }
}

/// The files prepbook writes at the site's root besides the home page: no alias may take them.
pub(crate) const GENERATED_FILES: &[&str] = &[
    NOT_FOUND,
    SITEMAP,
    ROBOTS,
    FEED,
    SEARCH_INDEX,
    SERVICE_WORKER,
];

/// The folders prepbook generates pages into (the practice pages' only when practice is on):
/// no guide or section may be written there. Each one's name is the path it is made from.
pub(crate) fn generated_dirs(practice: bool) -> Vec<&'static str> {
    let mut dirs = vec![TAGS_DIR, ASSETS_DIR, PRINT_DIR];
    if practice {
        dirs.extend([PRACTICE_DIR, MY_PREP_DIR]);
    }
    dirs
}

/// The practice cards of the whole site: `practice/`; one guide's are the same page with the
/// guide named in its query ([`practice_url_of`]).
pub(crate) const PRACTICE_DIR: &str = "practice/";

/// The reader's progress page: `my-prep/`.
pub(crate) const MY_PREP_DIR: &str = "my-prep/";

/// Where the data the practice and progress pages load is written (under the assets folder,
/// with content-hashed names).
pub(crate) const PRACTICE_DATA_DIR: &str = "assets/practice/";

/// The site path of the `number`th list of questions (from 1) that `practice/` links to for
/// readers without JavaScript: `practice/list-3.html`.
pub(crate) fn practice_list_path(number: usize) -> String {
    format!("{PRACTICE_DIR}list-{number}.html")
}

/// The URL of one guide's flash cards: the practice page with the guide's storage key in its
/// query (`/practice/?guide=/guides/x.md`), which its script reads to deal that guide's
/// cards alone. One page serves every guide, so the site has one HTML page per guide.
pub(crate) fn practice_url_of(base: &BasePath, store: &str) -> String {
    // A query may hold `/` as it is (RFC 3986, 3.4).
    format!("{}?guide={}", base.url(PRACTICE_DIR), encode_path(store))
}

/// The site path of a practice data file named by its content: `assets/practice/<hash>.json`.
pub(crate) fn practice_data_path(bytes: &[u8]) -> String {
    content_named(PRACTICE_DATA_DIR, bytes)
}

/// The output file that serves a site path: `guides/x/` → `guides/x/index.html`.
pub(crate) fn file_for_path(site_path: &str) -> String {
    if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.to_owned()
    }
}

/// Where a link in a guide points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkTarget {
    /// Another guide (or the same one), by id, with an optional `#anchor`.
    Guide { id: GuideId, anchor: Option<String> },
    /// A `#anchor` in the same guide.
    Anchor(String),
    /// A relative path that would leave the content folder.
    OutsideSite(String),
    /// A relative path to something under the content folder that is not a guide's `.md`:
    /// an image or PDF beside the guide (a page bundle), a folder (a section), an
    /// extensionless page path. Decoded, relative to the content folder.
    File {
        path: String,
        anchor: Option<String>,
    },
    /// A root-relative path on this site (`/behavioral/intro`, `/img/x.png`), without its
    /// leading `/` and decoded: a page, a static file or a file of the content folder.
    Site {
        path: String,
        anchor: Option<String>,
    },
    /// Anything else: external URLs, `mailto:`, protocol-relative URLs.
    Other,
}

impl LinkTarget {
    /// The URL the page carries for a link to this target, when prepbook makes it (a guide's
    /// page, a file's place in the output, a site path under the base path).
    pub(crate) fn url(&self, base: &BasePath) -> Option<String> {
        let (url, anchor) = match self {
            LinkTarget::Guide { id, anchor } => (base.url(&id.page_path()), anchor),
            LinkTarget::File { path, anchor } | LinkTarget::Site { path, anchor } => {
                (base.url(&page_like(path)), anchor)
            }
            _ => return None,
        };
        Some(match anchor {
            Some(anchor) => format!("{url}#{anchor}"),
            None => url,
        })
    }
}

/// How the paths of the content folder become URLs: as the files are named, or lowercased, as
/// Hugo publishes them (unless `disablePathToLower`), where a link finds a page whatever the
/// case it is written in (`[build] lowercase-urls`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) enum UrlCase {
    #[default]
    AsNamed,
    Lower,
}

impl UrlCase {
    pub(crate) fn new(lowercase: bool) -> Self {
        match lowercase {
            true => UrlCase::Lower,
            false => UrlCase::AsNamed,
        }
    }

    /// A path under the content folder (a guide's or a file's) as the site names it.
    pub(crate) fn path(self, path: &str) -> String {
        match self {
            UrlCase::AsNamed => path.to_owned(),
            UrlCase::Lower => path.to_lowercase(),
        }
    }

    /// The id of the file at `id`'s path as the site names it.
    pub(crate) fn id(self, id: GuideId) -> GuideId {
        match self {
            UrlCase::AsNamed => id,
            UrlCase::Lower => GuideId::new(id.0.to_lowercase()),
        }
    }

    /// A link's target as the site names it: a guide, a file of the content folder and a site
    /// path of a page lowercased; a site path with an extension (a file of `static/`, which
    /// keeps its name, as in Hugo) and every anchor as written.
    pub(crate) fn target(self, target: LinkTarget) -> LinkTarget {
        if self == UrlCase::AsNamed {
            return target;
        }
        match target {
            LinkTarget::Guide { id, anchor } => LinkTarget::Guide {
                id: self.id(id),
                anchor,
            },
            LinkTarget::File { path, anchor } => LinkTarget::File {
                path: self.path(&path),
                anchor,
            },
            LinkTarget::Site { path, anchor } if !file_name(&path).contains('.') => {
                LinkTarget::Site {
                    path: self.path(&path),
                    anchor,
                }
            }
            other => other,
        }
    }
}

/// Classifies a link written in guide `from`. Pure: looks at no file.
pub(crate) fn classify_link(from: &GuideId, dest: &str) -> LinkTarget {
    if let Some(anchor) = dest.strip_prefix('#') {
        return LinkTarget::Anchor(decoded(anchor));
    }
    if dest.is_empty() || dest.starts_with("//") || has_scheme(dest) {
        return LinkTarget::Other;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(decoded(anchor))),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    // A link names a file as a URL does (`a%20b.md`, `c%23.md`); a `%` that starts no escape
    // is the character itself, as browsers read it.
    let path = decoded(path);
    if let Some(rooted) = path.strip_prefix('/') {
        return match join_relative("", rooted) {
            // `/README.md` names a file from the content folder, as GitHub reads it.
            Some(joined) if rooted.ends_with(".md") => LinkTarget::Guide {
                id: GuideId::new(joined),
                anchor,
            },
            Some(joined) => LinkTarget::Site {
                path: with_slash(joined, rooted),
                anchor,
            },
            None => LinkTarget::OutsideSite(dest.to_owned()),
        };
    }
    match join_relative(parent_of(from.as_str()), &path) {
        Some(joined) if markdown_stem(&path).is_some() => LinkTarget::Guide {
            id: GuideId::new(joined),
            anchor,
        },
        Some(joined) => LinkTarget::File {
            path: with_slash(joined, &path),
            anchor,
        },
        None => LinkTarget::OutsideSite(dest.to_owned()),
    }
}

/// A path whose last segment has no extension (`behavioral/intro`) names a page, which is
/// written as a folder: its URL ends in `/`, so that it is reached without a redirect, and
/// relative URLs in it resolve from there.
fn page_like(path: &str) -> String {
    let last = file_name(path);
    if path.is_empty() || path.ends_with('/') || last.contains('.') {
        path.to_owned()
    } else {
        format!("{path}/")
    }
}

/// `joined` with the trailing `/` the written path had (a folder), which joining drops.
fn with_slash(joined: String, written: &str) -> String {
    if written.ends_with('/') && !joined.is_empty() {
        format!("{joined}/")
    } else {
        joined
    }
}

/// A fragment as the browser matches it against ids: percent-decoded (`#%E6%97%A5` is `#日`);
/// as written when it holds no valid escape.
fn decoded(fragment: &str) -> String {
    percent_decode(fragment).unwrap_or_else(|| fragment.to_owned())
}

fn has_scheme(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// Joins a relative path onto a folder, resolving `.` and `..`; `None` if it climbs above the root.
pub(crate) fn join_relative(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The names of a file that stands for its folder's page: `_index.md` (prepbook, Hugo's branch
/// bundles), `index.md` (Hugo's leaf bundles, Docusaurus) and `README.md` (GitHub).
fn is_folder_page_name(name: &str) -> bool {
    FOLDER_PAGE_NAMES.contains(&name)
}

const FOLDER_PAGE_NAMES: [&str; 7] = [
    "_index.md",
    "index.md",
    "README.md",
    "readme.md",
    "_index.mdx",
    "index.mdx",
    "README.mdx",
];

/// The path without its Markdown extension: `.md`, or `.mdx` (Docusaurus's MDX pages); `None`
/// for any other file.
pub(crate) fn markdown_stem(path: &str) -> Option<&str> {
    path.strip_suffix(".md")
        .or_else(|| path.strip_suffix(".mdx"))
}

/// The folder above `path` (`""` above a top-level file or folder).
pub(crate) fn parent_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

fn file_name(path: &str) -> &str {
    path.rfind('/').map_or(path, |i| &path[i + 1..])
}

/// A URL fragment made from heading or tag text: lowercase ASCII letters and digits kept, every
/// run of other characters one `-`, no `-` at either end (`The PR/FAQ` → `the-pr-faq`).
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            // Keep letters of other scripts so non-English headings still get readable ids.
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// A heading id as GitHub makes it (the rules of github-slugger), so that links written
/// against a README's headings reach them: lowercased; letters, marks, digits, `_` and `-`
/// kept (so Indic vowel signs and viramas stay inside their words, and `--` stays two);
/// every space one `-`; everything else (punctuation, apostrophes, emoji, CJK punctuation)
/// dropped. `What's new -- v2?` → `whats-new----v2`.
pub(crate) fn github_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut push = |c: char| {
        if c == ' ' {
            slug.push('-');
        } else if c == '-' || unicode_ident::is_xid_continue(c) {
            slug.push(c);
        }
    };
    for c in text.trim().chars() {
        // Every heading's id is made: ASCII (most of a heading) skips the Unicode case tables.
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut push);
        }
    }
    slug
}

/// A heading id as Python-Markdown's `toc` extension makes it (`toc.slugify`, MkDocs'
/// default), so that links written for an MkDocs site reach their headings: NFKD, then every
/// character that is not ASCII dropped, and every one but word characters, spaces and `-`;
/// trimmed, lowercased, every run of `-` and spaces one `-`. `What's new?` → `whats-new`.
pub(crate) fn python_markdown_slug(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    // Python's `\s` on ASCII text, vertical tab included.
    let space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c');
    let kept: String = text
        .nfkd()
        .filter(|&c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || space(c))
        .collect();
    let mut slug = String::with_capacity(kept.len());
    let mut in_run = false;
    for c in kept.trim_matches(space).chars() {
        if c == '-' || space(c) {
            if !in_run {
                slug.push('-');
            }
            in_run = true;
        } else {
            slug.push(c.to_ascii_lowercase());
            in_run = false;
        }
    }
    slug
}

/// The element ids the page templates and `serve`'s error overlay give elements of their own.
/// A heading's id never takes one of them (`## Main` gets `main-1`): a second element with the
/// id would take the template's styles and scripts, and a link to it would land elsewhere.
/// The suite checks that every `id="…"` of the default theme and the overlay is listed here.
pub(crate) const RESERVED_IDS: &[&str] = &[
    "all-tags",
    "backlinks-title",
    "main",
    "my-prep-checklists",
    "my-prep-not-started",
    "my-prep-practice",
    "my-prep-saved",
    "practice-answer",
    "practice-interview-date",
    "practice-level",
    "practice-question",
    "practice-role",
    "practice-section",
    "practice-tag",
    "prepbook-overlay",
    "related-title",
    "search-input",
    "search-results",
    "search-status",
    "section-guides-title",
    "site-nav",
    "toc-title",
];

/// The scheme of a URL that runs code or carries content, read as a browser reads it: tabs
/// and line breaks dropped, leading spaces and control characters ignored, any case.
pub(crate) fn unsafe_scheme(url: &str) -> Option<&'static str> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|scheme| {
            cleaned
                .strip_prefix(scheme)
                .is_some_and(|rest| rest.starts_with(':'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `id="…"` the default theme's templates and serve's overlay write is reserved.
    #[test]
    fn reserved_ids_cover_the_templates_and_the_overlay() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut sources = vec![root.join("src/serve/overlay.rs")];
        for entry in walkdir::WalkDir::new(root.join("themes/default/templates")) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                sources.push(entry.into_path());
            }
        }
        let mut found = 0;
        for source in sources {
            let text = std::fs::read_to_string(&source)
                .unwrap()
                .replace("\\\"", "\"");
            for (at, _) in text.match_indices(" id=\"") {
                let rest = &text[at + 5..];
                let id = &rest[..rest.find('"').unwrap()];
                if id.contains('{') {
                    continue; // written from data, not a fixed id
                }
                found += 1;
                assert!(
                    RESERVED_IDS.contains(&id),
                    "{} writes id=\"{id}\", which is not in RESERVED_IDS",
                    source.display()
                );
            }
        }
        assert!(found >= 5, "the scan found the templates' ids ({found})");
    }

    fn id(s: &str) -> GuideId {
        GuideId::new(s)
    }

    #[test]
    fn page_paths_are_pretty() {
        assert_eq!(id("guides/ownership.md").page_path(), "guides/ownership/");
        assert_eq!(id("top.md").page_path(), "top/");
        assert_eq!(id("guides/_index.md").page_path(), "guides/");
        assert_eq!(id("guides/index.md").page_path(), "guides/");
        assert_eq!(id("guides/README.md").page_path(), "guides/");
        assert_eq!(id("README.md").page_path(), "");
        assert_eq!(id("docs/arrays.mdx").page_path(), "docs/arrays/");
        assert_eq!(id("docs/index.mdx").page_path(), "docs/");
        assert_eq!(id("docs/two_sum.mdx").fallback_title(), "Two sum");
        assert!(!id("guides/indexes.md").is_section_index());
        assert!(id("a/_index.md").folder_page_rank() < id("a/README.md").folder_page_rank());
        assert_eq!(
            file_for_path("guides/ownership/"),
            "guides/ownership/index.html"
        );
        assert_eq!(file_for_path(""), "index.html");
    }

    #[test]
    fn practice_paths_sit_under_their_folders() {
        let base = BasePath::from_base_url("https://x.org/prep/").unwrap();
        assert_eq!(
            practice_url_of(&base, "/prep/guides/own ership.md"),
            "/prep/practice/?guide=/prep/guides/own%20ership.md"
        );
        assert_eq!(list_page_path("guides/", 1), "guides/");
        assert_eq!(list_page_path("", 3), "page-3.html");
        assert_eq!(list_page_path("tags/x/", 2), "tags/x/page-2.html");
        assert_eq!(checklist_anchor(&id("a/b.md")), "checklist-a-b");
        assert_eq!(
            search_segment_file("3f2a9c1b0d4e", 'd', 12),
            "3f2a9c1b0d4e-d12.json"
        );
        let data = practice_data_path(b"{}");
        assert!(data.starts_with(PRACTICE_DATA_DIR) && data.ends_with(".json"));
        assert_eq!(data, practice_data_path(b"{}"));
        assert_ne!(data, practice_data_path(b"[]"));
    }

    #[test]
    fn sitemap_parts_are_generated_files() {
        assert_eq!(sitemap_part_path(2), "sitemap-2.xml");
        assert!(is_generated_file(&sitemap_part_path(12)));
        assert!(is_generated_file(SITEMAP) && is_generated_file(ROBOTS));
        for other in [
            "sitemap-.xml",
            "sitemap-a.xml",
            "sitemap-1.xml/",
            "x/sitemap-1.xml",
        ] {
            assert!(!is_generated_file(other), "{other}");
        }
    }

    #[test]
    fn base_path_from_url() {
        assert_eq!(BasePath::from_base_url("").unwrap().as_str(), "/");
        assert_eq!(
            BasePath::from_base_url("https://x.org").unwrap().as_str(),
            "/"
        );
        assert_eq!(
            BasePath::from_base_url("https://x.org/a/b/")
                .unwrap()
                .url("c/"),
            "/a/b/c/"
        );
        assert!(BasePath::from_base_url("x.org/prep").is_err());
    }

    #[test]
    fn absolute_urls_use_the_origin_and_the_base() {
        let base = BasePath::from_base_url("https://example.org/prep").unwrap();
        assert_eq!(base.origin(), Some("https://example.org"));
        assert_eq!(base.url("a/"), "/prep/a/");
        assert_eq!(base.absolute("a/"), "https://example.org/prep/a/");
        assert_eq!(base.absolute(""), "https://example.org/prep/");
        let root = BasePath::from_base_url("http://x.org").unwrap();
        assert_eq!(root.absolute("sitemap.xml"), "http://x.org/sitemap.xml");
        // No origin known: root-relative, still resolvable on the site.
        assert_eq!(BasePath::from_path("/p/").unwrap().absolute("a/"), "/p/a/");
        assert!(BasePath::from_base_url("ftp://x.org/").is_err());
        assert!(BasePath::from_base_url("https:///p/").is_err());
        assert!(BasePath::from_base_url("https://x.org/?q=1").is_err());
    }

    #[test]
    fn aliases_become_files_inside_the_site() {
        assert_eq!(alias_file("/old/path/").unwrap(), "old/path/index.html");
        assert_eq!(alias_file("old/path").unwrap(), "old/path/index.html");
        assert_eq!(alias_file("/old.html").unwrap(), "old.html");
        assert_eq!(alias_file("a/b.htm").unwrap(), "a/b.htm");
        for bad in [
            "",
            "/",
            "../x/",
            "a/../../b",
            "a//b",
            "./a",
            "https://x.org/a/",
            "//x.org/a",
            "a?b",
            "a#b",
            "a b",
            "a\\b",
        ] {
            assert!(alias_file(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn relative_md_links_resolve_to_guides() {
        let from = id("behavioral/ownership.md");
        assert_eq!(
            classify_link(&from, "../frameworks/wb.md#the-pr-faq"),
            LinkTarget::Guide {
                id: id("frameworks/wb.md"),
                anchor: Some("the-pr-faq".into())
            }
        );
        assert_eq!(
            classify_link(&from, "./bar.md"),
            LinkTarget::Guide {
                id: id("behavioral/bar.md"),
                anchor: None
            }
        );
        assert_eq!(
            classify_link(&from, "#faq"),
            LinkTarget::Anchor("faq".into())
        );
        assert_eq!(
            classify_link(&from, "https://x.org/a.md"),
            LinkTarget::Other
        );
        assert_eq!(classify_link(&from, "mailto:a@b.c"), LinkTarget::Other);
        assert_eq!(classify_link(&from, "//cdn.org/x.js"), LinkTarget::Other);
        assert_eq!(
            classify_link(&from, "../../secret.md"),
            LinkTarget::OutsideSite("../../secret.md".into())
        );
    }

    fn file_target(path: &str, anchor: Option<&str>) -> LinkTarget {
        LinkTarget::File {
            path: path.into(),
            anchor: anchor.map(Into::into),
        }
    }

    fn site_target(path: &str) -> LinkTarget {
        LinkTarget::Site {
            path: path.into(),
            anchor: None,
        }
    }

    #[test]
    fn other_links_resolve_to_files_and_site_paths() {
        let from = id("behavioral/ownership.md");
        let file = file_target;
        let site = site_target;
        assert_eq!(
            classify_link(&from, "image.png"),
            file("behavioral/image.png", None)
        );
        assert_eq!(
            classify_link(&from, "../img/a%20b.png"),
            file("img/a b.png", None)
        );
        assert_eq!(
            classify_link(&from, "../frameworks/"),
            file("frameworks/", None)
        );
        assert_eq!(
            classify_link(&from, "intro#x"),
            file("behavioral/intro", Some("x"))
        );
        assert_eq!(
            classify_link(&from, "/behavioral/intro"),
            site("behavioral/intro")
        );
        assert_eq!(classify_link(&from, "/img/x.png?v=2"), site("img/x.png"));
        assert_eq!(
            classify_link(&from, "/README.md"),
            LinkTarget::Guide {
                id: id("README.md"),
                anchor: None
            },
            "a Markdown file from the content folder, as GitHub reads it"
        );
        assert_eq!(
            classify_link(&from, "/ar/intro.md#x"),
            LinkTarget::Guide {
                id: id("ar/intro.md"),
                anchor: Some("x".into())
            }
        );
        assert_eq!(classify_link(&from, "/a/./b/../c/"), site("a/c/"));
        assert_eq!(classify_link(&from, "/"), site(""));
        assert_eq!(
            classify_link(&from, "/../x"),
            LinkTarget::OutsideSite("/../x".into())
        );
    }

    #[test]
    fn link_targets_have_urls_under_the_base() {
        let (file, site) = (file_target, site_target);
        let base = BasePath::from_base_url("https://x.org/prep/").unwrap();
        assert_eq!(
            site("img/x.png").url(&base).as_deref(),
            Some("/prep/img/x.png")
        );
        assert_eq!(
            file("a b/c.pdf", Some("p")).url(&base).as_deref(),
            Some("/prep/a%20b/c.pdf#p")
        );
        assert_eq!(LinkTarget::Other.url(&base), None);
        assert_eq!(
            site("behavioral/intro").url(&base).as_deref(),
            Some("/prep/behavioral/intro/"),
            "a page path gets the `/` of its folder"
        );
        assert_eq!(site("").url(&base).as_deref(), Some("/prep/"));
    }

    #[test]
    fn urls_are_percent_encoded_and_links_decoded() {
        let base = BasePath::from_base_url("https://x.org/prep/").unwrap();
        assert_eq!(
            base.url("a b/c#d/e?f/100%/ü/"),
            "/prep/a%20b/c%23d/e%3Ff/100%25/%C3%BC/"
        );
        assert_eq!(base.absolute("a b/"), "https://x.org/prep/a%20b/");
        assert_eq!(base.url("plain-path_1.2~x/"), "/prep/plain-path_1.2~x/");
        assert_eq!(base.absolute_url(&base.url("a b/")), base.absolute("a b/"));
        let from = id("guides/x.md");
        for (dest, file) in [
            ("a%20b.md", "guides/a b.md"),
            ("c%23sharp.md#faq", "guides/c#sharp.md"),
            ("what%3F.md", "guides/what?.md"),
            ("100%25.md", "guides/100%.md"),
            ("100%.md", "guides/100%.md"),
            ("%C3%BC.md", "guides/ü.md"),
        ] {
            match classify_link(&from, dest) {
                LinkTarget::Guide { id: found, .. } => assert_eq!(found, id(file), "{dest}"),
                other => panic!("{dest}: {other:?}"),
            }
        }
        assert_eq!(
            classify_link(&from, "#%E6%97%A5%E6%9C%AC"),
            LinkTarget::Anchor("日本".into())
        );
        assert_eq!(
            classify_link(&from, "a%20b.md#caf%C3%A9"),
            LinkTarget::Guide {
                id: id("guides/a b.md"),
                anchor: Some("café".into())
            }
        );
        assert_eq!(
            classify_link(&from, "#100%"),
            LinkTarget::Anchor("100%".into())
        );
        assert_eq!(percent_decode("a%2"), None);
        assert_eq!(percent_decode("%FF"), None, "not UTF-8");
        // A link to one of these files comes back to the file's URL.
        let file = GuideId::new("guides/c#sharp.md");
        assert_eq!(base.url(&file.page_path()), "/prep/guides/c%23sharp/");
    }

    /// Expected ids are GitHub's own for these headings.
    #[test]
    fn github_slugs() {
        for (heading, id) in [
            (
                "Index of system design topics",
                "index-of-system-design-topics",
            ),
            ("What's next?", "whats-next"),
            ("Latency vs throughput", "latency-vs-throughput"),
            (
                "Step 1: Outline use cases and constraints",
                "step-1-outline-use-cases-and-constraints",
            ),
            ("CAP -- consistency", "cap----consistency"),
            ("Master-slave replication", "master-slave-replication"),
            ("SQL or NoSQL", "sql-or-nosql"),
            (
                "Source(s) and further reading",
                "sources-and-further-reading",
            ),
            (
                "Use case: User enters a search term",
                "use-case-user-enters-a-search-term",
            ),
            ("🚀 Launch day", "-launch-day"),
            ("snake_case names", "snake_case-names"),
            ("Ünïcode Çafé", "ünïcode-çafé"),
            ("面试，准备。", "面试准备"),
            ("हिन्दी भाषा", "हिन्दी-भाषा"),
            ("C++ & C#", "c--c"),
            ("  trimmed  ", "trimmed"),
        ] {
            assert_eq!(github_slug(heading), id, "{heading}");
        }
    }

    #[test]
    fn python_markdown_slugs() {
        for (heading, id) in [
            ("What's new?", "whats-new"),
            ("Caret, Mark & Tilde", "caret-mark-tilde"),
            ("  Ünïcode çafé  ", "unicode-cafe"),
            ("a -- b_c", "a-b_c"),
            ("ﬁnal Ⅳ", "final-iv"),
            ("日本語", ""),
            ("-lead", "-lead"),
        ] {
            assert_eq!(python_markdown_slug(heading), id, "{heading}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("The PR/FAQ"), "the-pr-faq");
        assert_eq!(slugify("TL;DR"), "tl-dr");
        assert_eq!(slugify("  What's next?  "), "what-s-next");
        assert_eq!(slugify("Ünïcode çafé"), "ünïcode-çafé");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn section_titles_and_parents() {
        let s = id("guides/deep/x.md").section();
        assert_eq!(s.as_str(), "guides/deep");
        assert_eq!(s.parent().unwrap().as_str(), "guides");
        assert_eq!(s.fallback_title(), "Deep");
        assert!(SectionId::root().parent().is_none());
    }

    #[test]
    fn lowercase_urls_lower_pages_and_content_files_but_not_static_files_or_anchors() {
        let from = GuideId::new("queues/a.md");
        let lower = |dest: &str| UrlCase::Lower.target(classify_link(&from, dest));
        let site = |path: &str| LinkTarget::Site {
            path: path.to_owned(),
            anchor: None,
        };
        assert_eq!(
            lower("Dead-Letters.md#Retry"),
            LinkTarget::Guide {
                id: GuideId::new("queues/dead-letters.md"),
                anchor: Some("Retry".to_owned()),
            }
        );
        assert_eq!(lower("/Queues/Intro/"), site("queues/intro/"));
        assert_eq!(lower("/img/Logo.PNG"), site("img/Logo.PNG"));
        assert_eq!(
            lower("Diagram.PNG"),
            LinkTarget::File {
                path: "queues/diagram.png".to_owned(),
                anchor: None,
            }
        );
        let as_named = UrlCase::AsNamed.target(classify_link(&from, "B.md"));
        assert_eq!(as_named, classify_link(&from, "B.md"));
    }
}
