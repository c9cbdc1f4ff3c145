//! A term's postings written as compact text, in groups the search box reads one by one.
//!
//! A group is the guides that have the term in the same fields (one field mask), within a range
//! of guide numbers. Its guides are written either as a list (the first number, then each gap
//! less one) or as a bitmap (the first number, then one bit per guide from it), whichever is
//! shorter: a word of a few guides costs a few characters per guide, and a word of most guides
//! about one bit per guide. Numbers are written in base-32 digits of a base64url character
//! each ([`push_number`]), so the text needs no escaping in JSON.
//!
//! A group is at most [`GROUP_BYTES`]: a term whose postings are more is cut into several
//! groups by range of guide numbers, which the shards may then hold in different files.

use super::terms::Posting;

/// The most characters of one group: half a shard, so that a term too big for one shard fills
/// each of its shards at least half.
pub(crate) const GROUP_BYTES: usize = super::shards::BUDGET / 2;

/// The 64 characters of the text, each worth its position; the search box has the same.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The bit of a digit that says another digit of the same number follows.
const MORE: u64 = 32;

/// Guides per bitmap digit.
const BITS: u32 = 6;

/// How a group writes its guides, in the low bit of its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    List = 0,
    Bitmap = 1,
}

/// Appends `n` to `out`: five bits per digit, least significant first, [`MORE`] set on every
/// digit but the last.
fn push_number(out: &mut String, mut n: u64) {
    loop {
        let low = n % MORE;
        n /= MORE;
        let digit = if n > 0 { low | MORE } else { low };
        out.push(char::from(DIGITS[digit as usize]));
        if n == 0 {
            break;
        }
    }
}

/// How many digits [`push_number`] writes for `n`.
fn number_len(n: u64) -> usize {
    let mut len = 1;
    let mut rest = n / MORE;
    while rest > 0 {
        len += 1;
        rest /= MORE;
    }
    len
}

/// The groups of one term's postings (in order of guide numbers), each as its text: by field
/// mask, then by range of numbers so that none passes `max` characters (unless a single guide
/// would, which cannot happen for a sensible `max`).
pub(crate) fn groups(postings: &[Posting], max: usize) -> Vec<String> {
    let mut masks: Vec<u8> = postings.iter().map(|p| p.fields).collect();
    masks.sort_unstable();
    masks.dedup();
    let mut out = Vec::new();
    for mask in masks {
        let docs: Vec<u32> = postings
            .iter()
            .filter(|p| p.fields == mask)
            .map(|p| p.doc)
            .collect();
        for run in runs(&docs, mask, max) {
            out.push(group(mask, run));
        }
    }
    out
}

/// The characters of a group's header: its mask, then its length and layout.
fn header_len(mask: u8, len: usize) -> usize {
    number_len(u64::from(mask)) + number_len((len as u64) << 1)
}

/// The characters of a list of `count` guides from `first`, whose gaps less one take
/// `gaps` characters.
fn list_len(mask: u8, count: usize, first: u32, gaps: usize) -> usize {
    header_len(mask, count) + number_len(u64::from(first)) + gaps
}

/// The characters of a bitmap of the guides `first..=last`.
fn bitmap_len(mask: u8, first: u32, last: u32) -> usize {
    let digits = bitmap_digits(first, last);
    header_len(mask, digits) + number_len(u64::from(first)) + digits
}

fn bitmap_digits(first: u32, last: u32) -> usize {
    (last - first) as usize / BITS as usize + 1
}

/// Cuts sorted guide numbers into consecutive runs, each as long as it can be while its
/// shorter layout is at most `max` characters.
fn runs(docs: &[u32], mask: u8, max: usize) -> Vec<&[u32]> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut gaps = 0;
    for i in 1..docs.len() {
        let gap = number_len(u64::from(docs[i] - docs[i - 1] - 1));
        let list = list_len(mask, i + 1 - start, docs[start], gaps + gap);
        let bitmap = bitmap_len(mask, docs[start], docs[i]);
        if list.min(bitmap) > max {
            runs.push(&docs[start..i]);
            start = i;
            gaps = 0;
        } else {
            gaps += gap;
        }
    }
    if start < docs.len() {
        runs.push(&docs[start..]);
    }
    runs
}

/// One group's text: its mask, its length and layout, its first guide, then its guides as a
/// list or a bitmap, whichever is shorter.
fn group(mask: u8, docs: &[u32]) -> String {
    let (first, last) = (docs[0], docs[docs.len() - 1]);
    let gaps: usize = docs
        .windows(2)
        .map(|w| number_len(u64::from(w[1] - w[0] - 1)))
        .sum();
    let layout = if bitmap_len(mask, first, last) < list_len(mask, docs.len(), first, gaps) {
        Layout::Bitmap
    } else {
        Layout::List
    };
    let mut out = String::new();
    push_number(&mut out, u64::from(mask));
    match layout {
        Layout::List => {
            push_number(&mut out, (docs.len() as u64) << 1 | Layout::List as u64);
            push_number(&mut out, u64::from(first));
            for w in docs.windows(2) {
                push_number(&mut out, u64::from(w[1] - w[0] - 1));
            }
        }
        Layout::Bitmap => {
            let digits = bitmap_digits(first, last);
            push_number(&mut out, (digits as u64) << 1 | Layout::Bitmap as u64);
            push_number(&mut out, u64::from(first));
            let mut bits = vec![0u8; digits];
            for &doc in docs {
                let at = doc - first;
                bits[(at / BITS) as usize] |= 1 << (at % BITS);
            }
            out.extend(bits.into_iter().map(|b| char::from(DIGITS[usize::from(b)])));
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Reads groups back as the search box does: (guide, mask) for every posting.
    pub(crate) fn read(text: &str) -> Vec<(u32, u8)> {
        let value = |c: u8| DIGITS.iter().position(|d| *d == c).unwrap() as u64;
        let mut digits = text.bytes().map(value);
        let number = |digits: &mut dyn Iterator<Item = u64>| {
            let (mut n, mut shift) = (0u64, 0);
            loop {
                let digit = digits.next().unwrap();
                n |= (digit % MORE) << shift;
                shift += 5;
                if digit < MORE {
                    return n;
                }
            }
        };
        let mut out = Vec::new();
        let mut digits = digits.by_ref().peekable();
        while digits.peek().is_some() {
            let mask = number(&mut digits) as u8;
            let header = number(&mut digits);
            let len = header >> 1;
            let first = number(&mut digits) as u32;
            if header & 1 == Layout::Bitmap as u64 {
                for i in 0..len as u32 {
                    let bits = digits.next().unwrap();
                    for bit in 0..BITS {
                        if bits & (1 << bit) != 0 {
                            out.push((first + i * BITS + bit, mask));
                        }
                    }
                }
            } else {
                let mut doc = first;
                out.push((doc, mask));
                for _ in 1..len {
                    doc += number(&mut digits) as u32 + 1;
                    out.push((doc, mask));
                }
            }
        }
        out
    }

    fn posting(doc: u32, fields: u8) -> Posting {
        Posting { doc, fields }
    }

    #[test]
    fn numbers_take_a_digit_per_five_bits() {
        for (n, text) in [(0, "A"), (31, "f"), (32, "gB"), (1023, "_f"), (1024, "ggB")] {
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, text, "{n}");
            assert_eq!(number_len(n), text.len(), "{n}");
        }
    }

    /// Sparse guides are a list, dense ones a bitmap; both read back to the same postings, and
    /// a word of every guide costs about a bit per guide.
    #[test]
    fn groups_read_back_to_their_postings_in_the_shorter_layout() {
        let sparse: Vec<Posting> = [3, 70, 71, 5_000].map(|d| posting(d, 1)).to_vec();
        let text = groups(&sparse, GROUP_BYTES).concat();
        assert_eq!(read(&text), [(3, 1), (70, 1), (71, 1), (5_000, 1)]);
        assert!(text.len() < 12, "{text}");
        let dense: Vec<Posting> = (0..6_000).map(|d| posting(d, 2)).collect();
        let text = groups(&dense, GROUP_BYTES).concat();
        assert_eq!(read(&text).len(), 6_000);
        assert!(text.len() <= 1_010, "{} characters", text.len());
    }

    /// Guides with different fields are in different groups; each guide is read back once,
    /// with its own mask.
    #[test]
    fn each_mask_has_its_groups() {
        let mixed: Vec<Posting> = (0..500)
            .map(|d| posting(d * 3, if d % 7 == 0 { 1 | 32 } else { 32 }))
            .collect();
        let mut read_back = read(&groups(&mixed, GROUP_BYTES).concat());
        read_back.sort_unstable();
        let expected: Vec<(u32, u8)> = mixed.iter().map(|p| (p.doc, p.fields)).collect();
        assert_eq!(read_back, expected);
    }

    /// A term's postings longer than the most a group may hold are cut by range of guide
    /// numbers into groups within it.
    #[test]
    fn big_postings_are_cut_by_range() {
        let sorted: Vec<Posting> = (0..40_000u32).map(|d| posting(d * 37, 4)).collect();
        let max = 2_000;
        let cut = groups(&sorted, max);
        assert!(cut.len() > 10, "{} groups", cut.len());
        assert!(cut.iter().all(|g| g.len() <= max));
        let docs: Vec<u32> = read(&cut.concat()).into_iter().map(|(d, _)| d).collect();
        let expected: Vec<u32> = sorted.iter().map(|p| p.doc).collect();
        assert_eq!(docs, expected);
    }
}
