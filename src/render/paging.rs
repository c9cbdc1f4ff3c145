//! Lists cut into pages: the home, section, tag and printable-checklist pages each show at most
//! [`PER_PAGE`] guides, linked page to page with ordinary links, so that no page grows with the
//! site and every guide stays reachable from the home page without JavaScript.

use serde::Serialize;

use crate::urls::{BasePath, list_page_path};

/// At most this many guides on one list page (about 120 KB of HTML for guide cards).
pub(crate) const PER_PAGE: usize = 200;

/// One page of a list: which items it shows and the links to the others.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Pager {
    /// From 1.
    pub number: usize,
    /// How many pages the list has (at least 1).
    pub of: usize,
    /// URLs of the pages before and after; empty at either end.
    pub prev: String,
    pub next: String,
    /// The pages to link to by number: the first, the last and those near this one, in order;
    /// a gap between two of them is an entry with `number` 0.
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// How many pages near the current one the pager names on either side.
const NEAR: usize = 2;

/// The pages of a list of `len` items whose first page is the site path `first`, each with the
/// range of items it shows. A list with no items still has its one (empty) page.
pub(crate) fn pages(
    first: &str,
    len: usize,
    base: &BasePath,
) -> Vec<(std::ops::Range<usize>, Pager, String)> {
    let of = len.div_ceil(PER_PAGE).max(1);
    let url = |n: usize| base.url(&list_page_path(first, n));
    (1..=of)
        .map(|number| {
            let start = (number - 1) * PER_PAGE;
            let range = start..(start + PER_PAGE).min(len);
            // The first, the last and the near ones, sorted: a few numbers whatever the length.
            let near = number.saturating_sub(NEAR).max(1)..=(number + NEAR).min(of);
            let mut shown: Vec<usize> = [1, of].into_iter().chain(near).collect();
            shown.sort_unstable();
            shown.dedup();
            let mut links = Vec::with_capacity(shown.len() + 2);
            for (i, &n) in shown.iter().enumerate() {
                if i > 0 && n > shown[i - 1] + 1 {
                    links.push(PageLink {
                        number: 0,
                        url: String::new(),
                        current: false,
                    });
                }
                links.push(PageLink {
                    number: n,
                    url: url(n),
                    current: n == number,
                });
            }
            let pager = Pager {
                number,
                of,
                prev: if number > 1 {
                    url(number - 1)
                } else {
                    String::new()
                },
                next: if number < of {
                    url(number + 1)
                } else {
                    String::new()
                },
                pages: if of > 1 { links } else { Vec::new() },
            };
            (range, pager, list_page_path(first, number))
        })
        .collect()
}

/// The number of the page (from 1) that shows item `index` (from 0).
pub(crate) fn page_of(index: usize) -> usize {
    index / PER_PAGE + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_cut_into_linked_pages() {
        let base = BasePath::from_base_url("https://x.org/p/").unwrap();
        let pages = pages("guides/", 2 * PER_PAGE + 1, &base);
        assert_eq!(pages.len(), 3);
        let ranges: Vec<_> = pages.iter().map(|(r, _, _)| r.clone()).collect();
        assert_eq!(
            ranges,
            [
                0..PER_PAGE,
                PER_PAGE..2 * PER_PAGE,
                2 * PER_PAGE..2 * PER_PAGE + 1
            ]
        );
        let paths: Vec<_> = pages.iter().map(|(_, _, p)| p.as_str()).collect();
        assert_eq!(
            paths,
            ["guides/", "guides/page-2.html", "guides/page-3.html"]
        );
        let (_, middle, _) = &pages[1];
        assert_eq!(middle.prev, "/p/guides/");
        assert_eq!(middle.next, "/p/guides/page-3.html");
        assert_eq!(page_of(PER_PAGE), 2);
    }

    #[test]
    fn a_short_list_has_one_page_without_links() {
        let base = BasePath::from_base_url("").unwrap();
        let pages = pages("", 0, &base);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].0, 0..0);
        assert!(pages[0].1.pages.is_empty() && pages[0].1.next.is_empty());
    }

    #[test]
    fn long_lists_name_the_ends_and_the_pages_near_with_gaps() {
        let base = BasePath::from_base_url("").unwrap();
        let pages = pages("t/", 20 * PER_PAGE, &base);
        let numbers: Vec<usize> = pages[9].1.pages.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 0, 8, 9, 10, 11, 12, 0, 20]);
        assert!(pages[9].1.pages.iter().any(|l| l.current && l.number == 10));
    }
}
