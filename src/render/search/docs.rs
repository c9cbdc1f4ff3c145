//! What the search box shows of a hit (title, URL, section, description, headings and their
//! anchors), for a few guides per file: a search fetches only the files of the hits it shows.

use serde::Serialize;

/// Guides per metadata file. Ten hits are shown; at worst each is in a file of its own, so a
/// file is kept to what a hit needs and a few neighbours.
pub(crate) const DOCS_PER_CHUNK: usize = 8;

/// One guide as a hit shows it. Field names are one letter: they repeat for every guide.
#[derive(Debug, Serialize)]
pub(crate) struct DocMeta<'a> {
    /// Title.
    pub t: &'a str,
    /// URL of the page.
    pub u: String,
    /// Its section, by number in the manifest's list; none for guides at the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s: Option<usize>,
    /// Description.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub d: &'a str,
    /// Headings, in order.
    pub h: Vec<&'a str>,
    /// The headings' anchors (ids), in the order of `h`: a hit on a heading links to it.
    pub a: Vec<&'a str>,
    /// The file of the sentences of its text (see [`super::bodies`]), when it has any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b: Option<String>,
}
