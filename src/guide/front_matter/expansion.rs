//! A bound on what a YAML block may expand to. An alias (`*a`) repeats the node its anchor
//! (`&a`) names, so a few kilobytes of nested aliases stand for gigabytes of values; every
//! key is kept (unknown ones for templates), so the values would all be built. Before the
//! block is read into values, one pass walks it as the reader would, aliases expanded, and
//! counts what it meets without keeping any of it; past a budget proportional to the block's
//! own size it stops, so the walk and the read after it are linear in the block's size.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};

/// Roughly what a value costs in memory once read (the value, its place in its list or map),
/// in bytes: a value's units, on top of the bytes of its text.
const VALUE_UNITS: usize = 32;

/// How many units (about bytes of memory: [`VALUE_UNITS`] per value, plus the bytes of each
/// text) a block of `len` bytes may expand to. A block without aliases stays well under it
/// (a value takes at least two bytes of the block, an escape at most doubles its text), so
/// only repetition through aliases reaches it.
pub(super) fn budget(len: usize) -> usize {
    len.saturating_mul(2 * VALUE_UNITS)
        .saturating_add(64 * 1024)
}

/// The message of the error that stops the walk, to tell it from the parser's own errors.
const OVER_BUDGET: &str = "prepbook: over the expansion budget";

/// Whether the YAML `block` expands to more than `budget` units. Syntax errors are left to
/// the read that follows, which reports them with their position.
pub(super) fn exceeds(block: &str, budget: usize) -> bool {
    // Only an alias repeats a node, and an alias is written with a `*`: a block without one
    // stays under the budget (see [`budget`]), so it need not be walked. Most blocks have none,
    // and the walk was as costly as the read that follows it.
    block.contains('*') && walk_exceeds(block, budget)
}

/// Whether walking `block`, aliases expanded, costs more than `budget` units.
fn walk_exceeds(block: &str, budget: usize) -> bool {
    let left = Cell::new(budget);
    let deserializer = serde_yaml::Deserializer::from_str(block);
    match (Walk { left: &left }).deserialize(deserializer) {
        Ok(()) => false,
        // The message may be prefixed with the path of the value (`a1[3]: …`).
        Err(err) => err.to_string().contains(OVER_BUDGET),
    }
}

/// The first alias in `block` whose anchor the block declares, with its byte offset: where
/// to point a reader at. A textual search, so it is only used to place the diagnostic; the
/// decision is the parser's.
pub(super) fn first_alias(block: &str) -> Option<(usize, &str)> {
    let name_end = |rest: &str| {
        rest.find(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
            .unwrap_or(rest.len())
    };
    let starts_node = |before: Option<char>| {
        before.is_none_or(|c| c.is_whitespace() || matches!(c, '[' | '{' | ','))
    };
    let anchors: Vec<&str> = block
        .match_indices('&')
        .filter(|(at, _)| starts_node(block[..*at].chars().next_back()))
        .map(|(at, _)| &block[at + 1..at + 1 + name_end(&block[at + 1..])])
        .filter(|name| !name.is_empty())
        .collect();
    block
        .match_indices('*')
        .filter(|(at, _)| starts_node(block[..*at].chars().next_back()))
        .map(|(at, _)| (at, &block[at + 1..at + 1 + name_end(&block[at + 1..])]))
        .find(|(_, name)| anchors.contains(name))
}

/// Walks any value, taking its cost from `left`.
#[derive(Clone, Copy)]
struct Walk<'a> {
    left: &'a Cell<usize>,
}

impl Walk<'_> {
    fn spend<E: de::Error>(self, units: usize) -> Result<(), E> {
        match self.left.get().checked_sub(units) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(OVER_BUDGET)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(VALUE_UNITS)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(VALUE_UNITS)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        self.spend(VALUE_UNITS)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(VALUE_UNITS)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        self.spend(VALUE_UNITS)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(VALUE_UNITS)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.spend(VALUE_UNITS + v.len())
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<(), E> {
        self.spend(VALUE_UNITS + v.len())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.spend(VALUE_UNITS)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.spend(VALUE_UNITS)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.spend(VALUE_UNITS)?;
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.spend(VALUE_UNITS)?;
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend(VALUE_UNITS)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend(VALUE_UNITS)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    /// A tagged value (`!tag value`): the tag, then the value.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        self.spend(VALUE_UNITS)?;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nine levels of ten aliases each: 10^9 values from a few hundred bytes.
    fn alias_bomb() -> String {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..9 {
            let prev = format!("*a{}", level - 1);
            let items = [prev.as_str(); 10].join(", ");
            yaml.push_str(&format!("a{level}: &a{level} [{items}]\n"));
        }
        yaml
    }

    #[test]
    fn an_alias_bomb_is_stopped_within_its_budget() {
        let yaml = alias_bomb();
        let started = std::time::Instant::now();
        assert!(exceeds(&yaml, budget(yaml.len())));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(first_alias(&yaml).map(|(_, name)| name), Some("a0"));
    }

    #[test]
    fn ordinary_blocks_and_small_reuse_are_within_budget() {
        for yaml in [
            "title: A\ntags: [a, b]\n",
            "defaults: &d {role: x, level: y}\nother: *d\n",
            "q: \"\\L\\L\\L\\L\\L\\L\\L\\L\"\nlist:\n-\n-\n-\n-\n",
            "title: Q&A *with* stars\n",
            "tagged: !custom {a: 1}\n",
        ] {
            assert!(!exceeds(yaml, budget(yaml.len())), "{yaml}");
        }
        assert_eq!(first_alias("title: Q&A *with* stars\n"), None);
    }

    /// What lets [`exceeds`] skip blocks without a `*`: the densest alias-free blocks (a value
    /// in every two bytes, escapes that double their text) stay within the budget when walked.
    #[test]
    fn blocks_without_aliases_stay_within_budget_when_walked() {
        let dense = format!("[{}]\n", ["1"; 5000].join(","));
        let escapes = format!("q: \"{}\"\n", "\\L".repeat(20_000));
        let keys: String = (0..5000).map(|n| format!("k{n}: \n")).collect();
        for yaml in [&dense, &escapes, &keys] {
            assert!(!yaml.contains('*'));
            assert!(!walk_exceeds(yaml, budget(yaml.len())), "{}", &yaml[..40]);
        }
        // The walk does count them: a budget of a tenth is exceeded.
        assert!(walk_exceeds(&dense, dense.len() / 10));
    }

    #[test]
    fn syntax_errors_are_left_to_the_read() {
        assert!(!walk_exceeds("title: [unclosed\n", 1000));
    }
}
