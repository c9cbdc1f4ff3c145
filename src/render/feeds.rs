//! The files for crawlers and feed readers: `sitemap.xml`, `robots.txt` and the Atom feed
//! `atom.xml`. Written here rather than by templates so that their XML is always well formed;
//! every URL in them is absolute when `base-url` names an origin.

use serde::Serialize;
use std::fmt::Write as _;

use super::practice::Deck;
use crate::guide::{Date, Guide};
use crate::site::{Site, recency_order};
use crate::urls::{BasePath, PRACTICE_DIR, TAGS_DIR, tag_path};

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
    for section in site.sections.values().filter(|s| !s.id.is_root()) {
        let prefix = section.id.page_path();
        let mut inside = published().filter(|g| g.id.page_path().starts_with(&prefix));
        entries.push(SitemapEntry {
            loc: base.absolute(&prefix),
            lastmod: newest(&mut inside.by_ref().map(|g| &**g)),
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

/// The sitemap protocol's XML for `entries`.
pub(crate) fn sitemap(entries: &[SitemapEntry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        let _ = write!(xml, "  <url><loc>{}</loc>", escape_xml(&entry.loc));
        if let Some(date) = entry.lastmod {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
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

    #[test]
    fn sitemap_lists_locations_with_dates() {
        let xml = sitemap(&[
            SitemapEntry {
                loc: "https://x.org/a/?b&c".into(),
                lastmod: Some(date("2026-01-02")),
            },
            SitemapEntry {
                loc: "https://x.org/".into(),
                lastmod: None,
            },
        ]);
        assert!(xml.contains(
            "<url><loc>https://x.org/a/?b&amp;c</loc><lastmod>2026-01-02</lastmod></url>"
        ));
        assert!(xml.contains("<url><loc>https://x.org/</loc></url>"));
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
