//! The files for crawlers and feed readers: `sitemap.xml`, `robots.txt` and the Atom feed
//! `atom.xml`. Written here rather than by templates so that their XML is always well formed;
//! every URL in them is absolute when `base-url` names an origin.

use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

use super::practice::Deck;
use crate::guide::{Date, Guide};
use crate::site::{Site, recency_order};
use crate::urls::{
    BasePath, PRACTICE_DIR, SITEMAP, SITEMAP_INDEX_MAX, SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS,
    SITEMAP_PART_BYTES, TAGS_DIR, sitemap_part_path, tag_path,
};

/// How many guides the feed carries: the most recent ones. Feed readers poll the whole file,
/// so it stays small whatever the size of the site.
pub(crate) const FEED_LIMIT: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SitemapEntry {
    pub loc: String,
    pub lastmod: Option<Date>,
}

/// Every page worth a crawler's visit: home, sections, tags and guides. Drafts are left out
/// (a `--drafts` preview is not for search engines), and so are redirects and print views.
pub(crate) fn sitemap_entries(site: &Site, base: &BasePath) -> Vec<SitemapEntry> {
    let published = || site.guides.values().filter(|g| !g.front.draft);
    let newest = |guides: &mut dyn Iterator<Item = &Guide>| guides.filter_map(last_changed).max();
    let mut entries = vec![SitemapEntry {
        loc: base.absolute(""),
        lastmod: newest(&mut published().map(|g| &**g)),
    }];
    let newest_under = newest_under_each_folder(published().map(|g| &**g));
    for section in site.sections.values().filter(|s| !s.id.is_root()) {
        let prefix = section.id.page_path();
        entries.push(SitemapEntry {
            lastmod: newest_under.get(prefix.as_str()).copied().flatten(),
            loc: base.absolute(&prefix),
        });
    }
    entries.push(SitemapEntry {
        loc: base.absolute(TAGS_DIR),
        lastmod: newest(
            &mut published()
                .filter(|g| !g.front.tags.is_empty())
                .map(|g| &**g),
        ),
    });
    for tag in site.tags.values() {
        let mut tagged = tag
            .guides
            .iter()
            .filter_map(|id| site.guides.get(id))
            .filter(|g| !g.front.draft)
            .map(|g| &**g);
        let lastmod = newest(&mut tagged);
        entries.push(SitemapEntry {
            loc: base.absolute(&tag_path(&tag.slug)),
            lastmod,
        });
    }
    for guide in published() {
        entries.push(SitemapEntry {
            loc: base.absolute(&guide.id.page_path()),
            lastmod: last_changed(guide),
        });
    }
    entries
}

/// For each folder of page paths (`a/`, `a/b/`) that holds a guide's page, the newest change
/// of the guides whose pages lie under it (`None` when none of them has a date). One walk up
/// each guide's path: a section's entry no longer scans every guide, which made the sitemap
/// cost sections × guides.
fn newest_under_each_folder<'a>(
    guides: impl Iterator<Item = &'a Guide>,
) -> HashMap<String, Option<Date>> {
    let mut newest: HashMap<String, Option<Date>> = HashMap::new();
    for guide in guides {
        let path = guide.id.page_path();
        let changed = last_changed(guide);
        for (end, _) in path.match_indices('/') {
            let folder = &path[..=end];
            match newest.get_mut(folder) {
                Some(date) => *date = (*date).max(changed),
                None => {
                    newest.insert(folder.to_owned(), changed);
                }
            }
        }
    }
    newest
}

/// The practice page, worth a crawler's visit when a guide has questions (each guide's are
/// on its own page, with their answers); the progress page is the reader's own and stays out.
pub(crate) fn practice_entries(site: &Site, base: &BasePath, deck: &Deck) -> Vec<SitemapEntry> {
    let guides: Vec<&Guide> = deck
        .cards
        .keys()
        .filter_map(|id| site.guides.get(id))
        .filter(|g| !g.front.draft)
        .map(|g| &**g)
        .collect();
    if guides.is_empty() {
        return Vec::new();
    }
    vec![SitemapEntry {
        loc: base.absolute(PRACTICE_DIR),
        lastmod: guides.iter().filter_map(|g| last_changed(g)).max(),
    }]
}

/// `updated`, else `date`.
pub(crate) fn last_changed(guide: &Guide) -> Option<Date> {
    guide.front.updated.or(guide.front.date)
}

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const URLSET_OPEN: &str = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";
const INDEX_OPEN: &str = "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const INDEX_CLOSE: &str = "</sitemapindex>\n";

/// The sitemap files of `entries`, as (site path, XML): [`SITEMAP`] alone while they fit in one
/// file by the protocol's limits (`max_urls` URLs and [`SITEMAP_MAX_BYTES`]); above that, parts
/// at [`sitemap_part_path`] that each fit, in the entries' order, and [`SITEMAP`] an index
/// naming them, so that `robots.txt` and search consoles keep the one address.
pub(crate) fn sitemaps(
    entries: &[SitemapEntry],
    base: &BasePath,
    max_urls: usize,
) -> Vec<(String, String)> {
    // An index may name only so many parts: past that, parts take more URLs than asked for
    // (possible only with a lowered `sitemap-max-urls`), never more than the protocol allows.
    let per_part = max_urls
        .max(entries.len().div_ceil(SITEMAP_INDEX_MAX))
        .clamp(1, SITEMAP_MAX_URLS);
    let mut parts = split(entries, per_part, SITEMAP_PART_BYTES.min(SITEMAP_MAX_BYTES));
    if parts.len() == 1
        && let Some(only) = parts.pop()
    {
        return vec![(SITEMAP.to_owned(), only.xml)];
    }
    let mut index = format!("{XML_DECLARATION}{INDEX_OPEN}");
    let mut files = Vec::with_capacity(parts.len() + 1);
    for (number, part) in parts.into_iter().enumerate() {
        let path = sitemap_part_path(number + 1);
        let _ = write!(
            index,
            "  <sitemap><loc>{}</loc>",
            escape_xml(&base.absolute(&path))
        );
        if let Some(date) = part.lastmod {
            let _ = write!(index, "<lastmod>{date}</lastmod>");
        }
        index.push_str("</sitemap>\n");
        files.push((path, part.xml));
    }
    index.push_str(INDEX_CLOSE);
    files.insert(0, (SITEMAP.to_owned(), index));
    files
}

/// One `<urlset>` file of a sitemap, with the newest `lastmod` of its URLs (its index entry's).
struct Part {
    xml: String,
    lastmod: Option<Date>,
}

/// `entries` cut into `<urlset>` files of at most `max_urls` URLs and `max_bytes` bytes each
/// (a URL longer than that alone still gets a file of its own); one file when there are none.
fn split(entries: &[SitemapEntry], max_urls: usize, max_bytes: usize) -> Vec<Part> {
    let open = || Part {
        xml: format!("{XML_DECLARATION}{URLSET_OPEN}"),
        lastmod: None,
    };
    let mut parts = Vec::new();
    let mut part = open();
    let mut urls = 0;
    let mut element = String::new();
    for entry in entries {
        element.clear();
        url_element(&mut element, entry);
        let full =
            urls == max_urls || part.xml.len() + element.len() + URLSET_CLOSE.len() > max_bytes;
        if urls > 0 && full {
            part.xml.push_str(URLSET_CLOSE);
            parts.push(std::mem::replace(&mut part, open()));
            urls = 0;
        }
        part.xml.push_str(&element);
        part.lastmod = part.lastmod.max(entry.lastmod);
        urls += 1;
    }
    part.xml.push_str(URLSET_CLOSE);
    parts.push(part);
    parts
}

/// One `<url>` line of a `<urlset>`.
fn url_element(xml: &mut String, entry: &SitemapEntry) {
    let _ = write!(xml, "  <url><loc>{}</loc>", escape_xml(&entry.loc));
    if let Some(date) = entry.lastmod {
        let _ = write!(xml, "<lastmod>{date}</lastmod>");
    }
    xml.push_str("</url>\n");
}

/// Lets every crawler in and points it at the sitemap. Crawlers read `robots.txt` only at a
/// domain's root, so under a sub-path this file matters only if the host copies it there.
pub(crate) fn robots(sitemap_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n")
}

/// What the feed says about the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct FeedHead {
    pub title: String,
    pub subtitle: String,
    pub language: String,
    pub self_url: String,
    pub home_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct FeedEntry {
    pub title: String,
    pub url: String,
    pub published: Option<Date>,
    pub updated: Date,
    pub summary: String,
    pub categories: Vec<String>,
}

/// The published guides that have a date, most recently changed first (`updated` counts).
/// A guide without any date has no place in a feed ordered by date.
pub(crate) fn feed_entries(site: &Site, base: &BasePath) -> Vec<FeedEntry> {
    let mut guides: Vec<&Guide> = site
        .guides
        .values()
        .filter(|g| !g.front.draft)
        .map(|g| &**g)
        .collect();
    guides.sort_by(|a, b| recency_order(a, b));
    guides
        .into_iter()
        .filter_map(|g| {
            Some(FeedEntry {
                updated: last_changed(g)?,
                title: g.front.title.clone(),
                url: base.absolute(&g.id.page_path()),
                published: g.front.date,
                summary: g.front.description.clone().unwrap_or_default(),
                categories: g.front.tags.clone(),
            })
        })
        .take(FEED_LIMIT)
        .collect()
}

/// An Atom (RFC 4287) feed. Its `updated` is the newest entry's, so two builds of the same
/// content give the same bytes.
pub(crate) fn atom(head: &FeedHead, entries: &[FeedEntry]) -> String {
    let updated = entries.iter().map(|e| e.updated).max();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape_xml(&head.language)
    );
    let _ = writeln!(xml, "  <title>{}</title>", escape_xml(&head.title));
    if !head.subtitle.is_empty() {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", escape_xml(&head.subtitle));
    }
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_xml(&head.self_url)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_xml(&head.home_url)
    );
    let _ = writeln!(xml, "  <id>{}</id>", escape_xml(&head.home_url));
    let _ = writeln!(xml, "  <updated>{}</updated>", timestamp(updated));
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        escape_xml(&head.title)
    );
    let _ = writeln!(xml, "  <generator>prepbook</generator>");
    for entry in entries {
        entry_xml(&mut xml, entry);
    }
    xml.push_str("</feed>\n");
    xml
}

fn entry_xml(xml: &mut String, entry: &FeedEntry) {
    let url = escape_xml(&entry.url);
    xml.push_str("  <entry>\n");
    let _ = writeln!(xml, "    <title>{}</title>", escape_xml(&entry.title));
    let _ = writeln!(
        xml,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>"
    );
    let _ = writeln!(xml, "    <id>{url}</id>");
    if let Some(published) = entry.published {
        let _ = writeln!(
            xml,
            "    <published>{}</published>",
            timestamp(Some(published))
        );
    }
    let _ = writeln!(
        xml,
        "    <updated>{}</updated>",
        timestamp(Some(entry.updated))
    );
    if !entry.summary.is_empty() {
        let _ = writeln!(xml, "    <summary>{}</summary>", escape_xml(&entry.summary));
    }
    for term in &entry.categories {
        let _ = writeln!(xml, "    <category term=\"{}\"/>", escape_xml(term));
    }
    xml.push_str("  </entry>\n");
}

/// A date as an RFC 3339 timestamp at midnight UTC; the epoch when there is none.
fn timestamp(date: Option<Date>) -> String {
    match date {
        Some(date) => format!("{date}T00:00:00Z"),
        None => "1970-01-01T00:00:00Z".to_owned(),
    }
}

/// Text made safe for XML content and attribute values; characters XML 1.0 cannot carry at
/// all (most control characters) are dropped.
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn entry(loc: &str, lastmod: Option<&str>) -> SitemapEntry {
        SitemapEntry {
            loc: loc.into(),
            lastmod: lastmod.map(date),
        }
    }

    fn base() -> BasePath {
        BasePath::from_base_url("https://x.org/p/").unwrap()
    }

    /// The `<loc>` texts of a sitemap or sitemap index, which must be well-formed XML of the
    /// protocol's namespace with `root` as its element.
    fn locs(xml: &str, root: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
        let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        assert!(doc.root_element().has_tag_name((ns, root)), "{xml}");
        doc.descendants()
            .filter(|n| n.has_tag_name((ns, "loc")))
            .filter_map(|n| n.text().map(str::to_owned))
            .collect()
    }

    #[test]
    fn sitemap_lists_locations_with_dates() {
        let files = sitemaps(
            &[
                entry("https://x.org/a/?b&c", Some("2026-01-02")),
                entry("https://x.org/", None),
            ],
            &base(),
            SITEMAP_MAX_URLS,
        );
        let [(path, xml)] = files.as_slice() else {
            panic!("one file: {files:?}");
        };
        assert_eq!(path, SITEMAP);
        assert!(xml.contains(
            "<url><loc>https://x.org/a/?b&amp;c</loc><lastmod>2026-01-02</lastmod></url>"
        ));
        assert!(xml.contains("<url><loc>https://x.org/</loc></url>"));
        assert_eq!(locs(xml, "urlset").len(), 2);
        assert_eq!(
            sitemaps(&[], &base(), 1).len(),
            1,
            "a site with nothing to crawl still has its sitemap"
        );
    }

    #[test]
    fn more_urls_than_a_file_holds_make_an_index_of_parts() {
        let entries: Vec<SitemapEntry> = (0..5)
            .map(|i| {
                entry(
                    &format!("https://x.org/p/{i}/"),
                    Some(&format!("2026-01-0{}", 5 - i)),
                )
            })
            .collect();
        let files = sitemaps(&entries, &base(), 2);
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let index = &files[0].1;
        assert_eq!(
            locs(index, "sitemapindex"),
            [1, 2, 3].map(|n| format!("https://x.org/p/sitemap-{n}.xml"))
        );
        assert!(
            index.contains("sitemap-2.xml</loc><lastmod>2026-01-03</lastmod></sitemap>"),
            "a part is dated by its newest URL: {index}"
        );
        let parts: Vec<Vec<String>> = files[1..]
            .iter()
            .map(|(_, xml)| locs(xml, "urlset"))
            .collect();
        assert!(parts.iter().all(|urls| urls.len() <= 2), "{parts:?}");
        let all: Vec<String> = parts.concat();
        let wanted: Vec<String> = entries.iter().map(|e| e.loc.clone()).collect();
        assert_eq!(all, wanted, "every URL once, in order");
        assert_eq!(
            sitemaps(&entries, &base(), 5).len(),
            1,
            "exactly full: no index"
        );
    }

    #[test]
    fn parts_stay_within_the_byte_limit() {
        let entries: Vec<SitemapEntry> = (0..40)
            .map(|i| entry(&format!("https://x.org/p/{i:0>40}/"), None))
            .collect();
        let one = split(&entries, usize::MAX, usize::MAX);
        assert_eq!(one.len(), 1);
        let max = one[0].xml.len() / 3;
        let parts = split(&entries, usize::MAX, max);
        assert!(parts.len() >= 3, "{}", parts.len());
        let mut all = Vec::new();
        for part in &parts {
            assert!(part.xml.len() <= max, "{} > {max}", part.xml.len());
            all.extend(locs(&part.xml, "urlset"));
        }
        assert_eq!(all.len(), entries.len());
    }

    #[test]
    fn an_index_never_names_more_parts_than_the_protocol_allows() {
        let entries: Vec<SitemapEntry> = (0..=SITEMAP_INDEX_MAX)
            .map(|i| entry(&format!("/{i}/"), None))
            .collect();
        let files = sitemaps(&entries, &base(), 1);
        assert_eq!(files.len(), entries.len().div_ceil(2) + 1);
        assert!(files.len() - 1 <= SITEMAP_INDEX_MAX);
    }

    /// In serve the sitemap's files are made again only when their entries change, and keep
    /// their bytes' identity otherwise, so that serve's diff skips them by pointer.
    #[test]
    fn serve_reuses_the_sitemap_files_while_their_entries_hold() {
        use crate::guide::testing::guide_at;
        use std::sync::Arc;
        let config = crate::config::Config::parse(
            std::path::Path::new("/site"),
            "[build]\nsitemap-max-urls = 2\n",
        )
        .unwrap();
        let guides: Vec<Arc<Guide>> = ["a.md", "b.md", "c.md"]
            .map(|id| Arc::new(guide_at(id, "title: T\ndate: 2026-01-02", "Text.")))
            .into();
        let mut renderer = crate::render::Renderer::load(&config).unwrap();
        renderer.reuse_pages();
        let site = Site::assemble(&guides, false);
        let first = renderer.render_site(&site, &config).unwrap();
        let again = renderer.render_site(&site, &config).unwrap();
        let parts: Vec<&String> = first
            .0
            .keys()
            .filter(|p| p.starts_with("sitemap"))
            .collect();
        assert!(parts.len() > 2, "an index and its parts: {parts:?}");
        for path in &parts {
            assert!(
                Arc::ptr_eq(&first.0[*path], &again.0[*path]),
                "{path} reused"
            );
        }
        let fewer = Site::assemble(&guides[..2], false);
        let changed = renderer.render_site(&fewer, &config).unwrap();
        assert_ne!(
            first.get(SITEMAP),
            changed.get(SITEMAP),
            "the index follows its parts"
        );
    }

    #[test]
    fn feed_is_dated_by_its_newest_entry_and_escaped() {
        let head = FeedHead {
            title: "Q&A <prep>".into(),
            subtitle: String::new(),
            language: "en".into(),
            self_url: "https://x.org/p/atom.xml".into(),
            home_url: "https://x.org/p/".into(),
        };
        let entry = |title: &str, updated: &str| FeedEntry {
            title: title.into(),
            url: format!("https://x.org/p/{title}/"),
            published: Some(date("2026-01-01")),
            updated: date(updated),
            summary: "s\u{1}".into(),
            categories: vec!["a\"b".into()],
        };
        let xml = atom(&head, &[entry("b", "2026-03-01"), entry("a", "2026-02-01")]);
        assert!(xml.contains("<title>Q&amp;A &lt;prep&gt;</title>"));
        assert!(xml.contains("  <updated>2026-03-01T00:00:00Z</updated>\n  <author>"));
        assert!(xml.contains("<summary>s</summary>"));
        assert!(xml.contains("<category term=\"a&quot;b\"/>"));
        assert!(!xml.contains("<subtitle>"));
        assert_eq!(
            atom(&head, &[]).matches("1970-01-01T00:00:00Z").count(),
            1,
            "an empty feed still has a fixed date"
        );
    }

    #[test]
    fn robots_points_at_the_sitemap() {
        assert_eq!(
            robots("https://x.org/p/sitemap.xml"),
            "User-agent: *\nAllow: /\n\nSitemap: https://x.org/p/sitemap.xml\n"
        );
    }
}
