//! Related guides by shared tags and links, in time that does not grow with the site.
//!
//! Scoring every guide that shares a popular tag would make each guide's suggestions cost as
//! much as the tag is popular, and the site's cost quadratic. Instead the candidates are
//! bounded: the guide's tags are visited rarest first (a rare shared tag says more than a
//! popular one), each giving at most its [`PER_TAG`] most recent guides, at most [`TOTAL`] in
//! all; every guide it links to or is linked from is a candidate too. Only the candidates are
//! scored, each exactly (every shared tag and link counts), over dense numbers prepared once
//! per build, so no string is compared or hashed per candidate.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::guide::Guide;
use crate::urls::{GuideId, LinkTarget};

use super::Tag;

/// At most this many candidates come from one tag: its most recent guides.
pub(crate) const PER_TAG: usize = 100;
/// At most this many candidates come from tags in all.
pub(crate) const TOTAL: usize = 1000;

const TAG_POINTS: usize = 2;
/// A link says more than a shared tag.
const LINK_POINTS: usize = 3;

/// The site's guides and tags as dense numbers, for scoring.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RelatedIndex {
    /// Guide number → guide; numbers follow the site's (path) order.
    guides: Vec<Arc<Guide>>,
    number: HashMap<GuideId, u32>,
    /// Guide number → its place in recency order (0 is the most recent).
    recency: Vec<u32>,
    /// Guide number → its tags' numbers, sorted.
    tags_of: Vec<Vec<u32>>,
    /// Tag number → its guides' numbers, most recent first.
    members: Vec<Vec<u32>>,
    /// Guide number → the numbers of the guides it links to, sorted.
    links_to: Vec<Vec<u32>>,
    /// Guide number → the numbers of the guides that link to it, sorted.
    linked_from: Vec<Vec<u32>>,
}

impl RelatedIndex {
    pub(crate) fn new<'a>(
        guides: impl ExactSizeIterator<Item = &'a Arc<Guide>>,
        tags: impl Iterator<Item = &'a Tag>,
    ) -> RelatedIndex {
        let guides: Vec<Arc<Guide>> = guides.cloned().collect();
        let number: HashMap<GuideId, u32> = (0u32..)
            .zip(&guides)
            .map(|(n, g)| (g.id.clone(), n))
            .collect();
        let mut by_recency: Vec<u32> = (0..guides.len() as u32).collect();
        by_recency.sort_by(|&a, &b| super::recency_order(&guides[a as usize], &guides[b as usize]));
        let mut recency = vec![0; guides.len()];
        for (place, &n) in (0u32..).zip(&by_recency) {
            recency[n as usize] = place;
        }
        let mut tags_of = vec![Vec::new(); guides.len()];
        // A tag's guides are already most recent first.
        let members: Vec<Vec<u32>> = (0u32..)
            .zip(tags)
            .map(|(t, tag)| {
                let list: Vec<u32> = tag
                    .guides
                    .iter()
                    .filter_map(|id| number.get(id))
                    .copied()
                    .collect();
                for &n in &list {
                    tags_of[n as usize].push(t);
                }
                list
            })
            .collect();
        let (links_to, linked_from) = links(&guides, &number);
        RelatedIndex {
            guides,
            number,
            recency,
            tags_of,
            members,
            links_to,
            linked_from,
        }
    }

    /// The hash of everything [`RelatedIndex::best`] reads (it reads nothing but the index):
    /// two indexes with the same fingerprint give every guide the same suggestions.
    pub(crate) fn fingerprint(&self) -> blake3::Hash {
        let mut hasher = blake3::Hasher::new();
        for guide in &self.guides {
            hasher.update(guide.id.as_str().as_bytes());
            hasher.update(&[0]);
        }
        let numbers = |hasher: &mut blake3::Hasher, list: &[u32]| {
            hasher.update(&(list.len() as u64).to_le_bytes());
            for n in list {
                hasher.update(&n.to_le_bytes());
            }
        };
        numbers(&mut hasher, &self.recency);
        for lists in [
            &self.tags_of,
            &self.members,
            &self.links_to,
            &self.linked_from,
        ] {
            hasher.update(&(lists.len() as u64).to_le_bytes());
            for list in lists {
                numbers(&mut hasher, list);
            }
        }
        hasher.finalize()
    }

    /// The best `count` guides to suggest after `id`, best first; most recent first among
    /// equals.
    pub(crate) fn best(&self, id: &GuideId, count: usize) -> Vec<GuideId> {
        let Some(&me) = self.number.get(id) else {
            return Vec::new();
        };
        // (score, recency place, guide): best first is highest score, then most recent.
        let mut ranked: Vec<(usize, u32, u32)> = self
            .candidates(me)
            .into_iter()
            .map(|n| (self.score(me, n), self.recency[n as usize], n))
            .collect();
        let order =
            |a: &(usize, u32, u32), b: &(usize, u32, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if ranked.len() > count {
            ranked.select_nth_unstable_by(count, order);
            ranked.truncate(count);
        }
        ranked.sort_unstable_by(order);
        // Collected from a borrow, not from `ranked` itself: a `Vec` collected from its own
        // `into_iter` keeps the allocation, and so the capacity of every candidate (up to
        // `TOTAL` of them), in a list the memo keeps for the build: 440 MB at 100,000 guides.
        ranked
            .iter()
            .map(|&(_, _, n)| self.guides[n as usize].id.clone())
            .collect()
    }

    /// The guides worth scoring for guide `me`: linked ones, then tag members rarest tag
    /// first, within the bounds; distinct, never `me`.
    fn candidates(&self, me: u32) -> Vec<u32> {
        let mut tags = self.tags_of[me as usize].clone();
        tags.sort_by_key(|&t| (self.members[t as usize].len(), t));
        let mine = me as usize;
        let mut candidates = self.links_to[mine].clone();
        candidates.extend_from_slice(&self.linked_from[mine]);
        let mut budget = TOTAL;
        for t in tags {
            let from_tag = self.members[t as usize]
                .iter()
                .copied()
                .filter(|&n| n != me)
                .take(PER_TAG.min(budget));
            let before = candidates.len();
            candidates.extend(from_tag);
            budget -= candidates.len() - before;
            if budget == 0 {
                break;
            }
        }
        distinct(&mut candidates, self.guides.len());
        candidates
    }

    fn score(&self, me: u32, other: u32) -> usize {
        let shared = sorted_common(&self.tags_of[me as usize], &self.tags_of[other as usize]);
        // A link counts each way it goes.
        let links = [&self.links_to, &self.linked_from]
            .iter()
            .filter(|l| l[me as usize].binary_search(&other).is_ok())
            .count();
        shared * TAG_POINTS + links * LINK_POINTS
    }
}

type Lists = Vec<Vec<u32>>;

/// Leaves each guide number of `list` once (the first time it appears), for numbers below
/// `guides`. Marked in a table kept per thread rather than sorted: a guide has up to a
/// thousand candidates, and sorting them was a tenth of the time its suggestions took.
fn distinct(list: &mut Vec<u32>, guides: usize) {
    thread_local! {
        /// Guide number → the call that last saw it.
        static SEEN: std::cell::RefCell<(u64, Vec<u64>)> = const {
            std::cell::RefCell::new((0, Vec::new()))
        };
    }
    SEEN.with_borrow_mut(|(call, seen)| {
        *call += 1;
        if seen.len() < guides {
            seen.resize(guides, 0);
        }
        list.retain(|&n| std::mem::replace(&mut seen[n as usize], *call) != *call);
    });
}

/// For each guide, the guides it links to and those that link to it (published ones, not
/// itself), each list sorted and distinct.
/// Each guide's suggestions, worked out when first asked for and kept for as long as the
/// index they come from has the same fingerprint: after an edit that changes no guide's tags,
/// links, dates or order, a rebuild reuses every answer of the last one.
#[derive(Debug, Default)]
pub(crate) struct RelatedMemo {
    fingerprint: Option<blake3::Hash>,
    best: HashMap<GuideId, OnceLock<Vec<GuideId>>>,
}

impl RelatedMemo {
    /// An empty memo for `index`, or `previous` when it was made for an index with the same
    /// fingerprint.
    pub(crate) fn for_index(
        index: &RelatedIndex,
        previous: Option<Arc<RelatedMemo>>,
    ) -> Arc<RelatedMemo> {
        let fingerprint = index.fingerprint();
        match previous {
            Some(memo) if memo.fingerprint == Some(fingerprint) => memo,
            _ => Arc::new(RelatedMemo {
                fingerprint: Some(fingerprint),
                best: index
                    .guides
                    .iter()
                    .map(|g| (g.id.clone(), OnceLock::new()))
                    .collect(),
            }),
        }
    }

    /// [`RelatedIndex::best`], from the memo.
    pub(crate) fn best(&self, index: &RelatedIndex, id: &GuideId, count: usize) -> Vec<GuideId> {
        match self.best.get(id) {
            Some(cell) => cell.get_or_init(|| index.best(id, count)).clone(),
            None => index.best(id, count),
        }
    }
}

/// Memos are equal when they answer for the same index.
impl PartialEq for RelatedMemo {
    fn eq(&self, other: &RelatedMemo) -> bool {
        self.fingerprint == other.fingerprint
    }
}

fn links(guides: &[Arc<Guide>], number: &HashMap<GuideId, u32>) -> (Lists, Lists) {
    let mut to_list = vec![Vec::new(); guides.len()];
    let mut from_list = vec![Vec::new(); guides.len()];
    for (from, guide) in (0u32..).zip(guides) {
        for link in &guide.body.links {
            if let LinkTarget::Guide { id, .. } = &link.target
                && let Some(&to) = number.get(id)
                && to != from
            {
                to_list[from as usize].push(to);
                from_list[to as usize].push(from);
            }
        }
    }
    for list in to_list.iter_mut().chain(&mut from_list) {
        list.sort_unstable();
        list.dedup();
    }
    (to_list, from_list)
}

/// How many values two sorted lists share.
fn sorted_common(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

#[cfg(test)]
mod tests {
    use super::super::Site;
    use super::*;
    use crate::guide::testing;

    /// Guide `name` with `tags`, of the `nth` most recent date (0 is the newest).
    fn guide(name: &str, tags: &str, nth: usize) -> Arc<Guide> {
        let (year, within) = (2025 - nth / 336, nth % 336);
        let (month, day) = (12 - within / 28, 28 - within % 28);
        let front = format!("title: {name}\ntags: [{tags}]\ndate: {year}-{month:02}-{day:02}");
        Arc::new(testing::guide_at(&format!("{name}.md"), &front, ""))
    }

    fn related(guides: &[Arc<Guide>], id: &str) -> Vec<String> {
        let site = Site::assemble(guides.iter(), false);
        site.related(&site.guides[&GuideId::new(format!("{id}.md"))])
            .guides
            .iter()
            .map(|g| g.as_str().trim_end_matches(".md").to_owned())
            .collect()
    }

    /// `count` guides `p000`… carrying `tags`, the newest dates of the site.
    fn popular(tags: &str, count: usize) -> Vec<Arc<Guide>> {
        (0..count)
            .map(|i| guide(&format!("p{i:03}"), tags, i))
            .collect()
    }

    #[test]
    fn a_rare_shared_tag_finds_an_old_guide_behind_a_popular_one() {
        let mut guides = popular("common", 2 * PER_TAG);
        guides.push(guide("me", "common, rare", 5));
        guides.push(guide("old", "common, rare", 300));
        // old shares two tags (4 points); then the most recent guides sharing one.
        assert_eq!(related(&guides, "me"), ["old", "p000", "p001", "p002"]);
    }

    #[test]
    fn candidates_are_the_most_recent_of_each_popular_tag() {
        // old shares both popular tags, but each has PER_TAG newer guides: it is outside the
        // bounds, and the newest sharers of one tag are suggested.
        let mut guides = popular("x", PER_TAG);
        guides.extend((0..PER_TAG).map(|i| guide(&format!("q{i:03}"), "y", PER_TAG + i)));
        guides.push(guide("me", "x, y", 250));
        guides.push(guide("old", "x, y", 300));
        assert_eq!(related(&guides, "me"), ["p000", "p001", "p002", "p003"]);
        // The same from old: me is not among the newest either.
        assert_eq!(related(&guides, "old"), ["p000", "p001", "p002", "p003"]);
    }

    #[test]
    fn links_are_candidates_beyond_the_bounds_and_count_each_way() {
        let mut guides = popular("common", TOTAL + PER_TAG);
        let body = "See [far](far.md) and [near](near.md).\n";
        guides.push(Arc::new(testing::guide_at(
            "me.md",
            "title: me\ntags: [common]",
            body,
        )));
        let (front, body) = ("title: far\ndate: 2000-01-01", "Back to [me](me.md).\n");
        guides.push(Arc::new(testing::guide_at("far.md", front, body)));
        guides.push(guide("near", "", 1200));
        // far is linked both ways (6 points), near one way (3), then shared tags (2).
        assert_eq!(related(&guides, "me"), ["far", "near", "p000", "p001"]);
    }

    #[test]
    fn counting_shared_values_of_sorted_lists() {
        assert_eq!(sorted_common(&[1, 3, 5, 7], &[2, 3, 4, 7, 9]), 2);
        assert_eq!(sorted_common(&[], &[1]), 0);
    }

    #[test]
    fn memos_are_reused_only_for_the_same_index() {
        let guides = popular("a, b", 5);
        let mut site = Site::assemble(guides.iter(), false);
        let memo = site.reuse_related(None);
        let id = GuideId::new("p000.md");
        let asked = site.related(&site.guides[&id]).guides;
        assert_eq!(asked, site.related.best(&id, super::super::RELATED_COUNT));
        let mut again = Site::assemble(guides.iter(), false);
        let kept = again.reuse_related(Some(Arc::clone(&memo)));
        assert!(Arc::ptr_eq(&memo, &kept), "the same index keeps the memo");
        let mut fewer = Site::assemble(guides[1..].iter(), false);
        let fresh = fewer.reuse_related(Some(Arc::clone(&memo)));
        assert!(!Arc::ptr_eq(&memo, &fresh), "another index starts afresh");
    }
}
