//! Practice and progress: every guide's FAQ as flash cards (`practice/`, which deals one guide's
//! alone when its query names the guide) and the data the reader's progress page (`my-prep/`)
//! reads.
//!
//! A card is one answered question of a guide's FAQ part, its answer the HTML the guide page
//! shows (links and code included). The pages load the cards as small JSON files named by their
//! content: a small index that sums up each list of guides (its section, folders, counts and
//! the tags, roles and levels its guides have), the lists themselves (each guide's card and
//! checklist keys; at most 400 guides of one section a file) and, in pieces of at most 80
//! guides, one file of cards and one of checklist items. A page loads a list only when the
//! reader's filters, saved progress or place in the deck need it, and a piece only for the card
//! on screen or the progress shown: a site of 10,000 guides never ships one file with every
//! answer in it, nor makes a reader download every list to see one card.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use super::cache::{ByContent, Memo, hash_of};
use crate::guide::Guide;
pub(crate) use crate::guide::cards::Card;
use crate::site::Site;
use crate::urls::{BasePath, GuideId, practice_data_path};

/// Every published guide's cards, worked out once per build (guides without any are left out).
#[derive(Debug, Clone, Default)]
pub(crate) struct Deck {
    pub cards: BTreeMap<GuideId, Arc<[Card]>>,
    /// The lists of questions for readers without JavaScript, in site order.
    pub lists: Vec<QuestionList>,
}

/// At most this many guides' questions are on one list page (about 100 KB of HTML).
const GUIDES_PER_LIST_PAGE: usize = 200;

/// The questions of some guides of one section, on a page of their own
/// ([`crate::urls::practice_list_path`]): `practice/` links to these instead of listing every
/// question of the site, which made it 4.9 MB at 10,000 guides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuestionList {
    /// From 1, across the site.
    pub number: usize,
    pub section: String,
    /// Where in its section's guides with cards this list starts (from 1), and how many that
    /// section has.
    pub first: usize,
    pub of: usize,
    pub guides: Vec<GuideId>,
}

impl Deck {
    /// The deck of the site's guides, whose cards the parse made.
    pub(crate) fn new(site: &Site) -> Deck {
        let cards: BTreeMap<GuideId, Arc<[Card]>> = site
            .guides
            .iter()
            .filter(|(_, guide)| !guide.cards.is_empty())
            .map(|(id, guide)| (id.clone(), Arc::clone(&guide.cards)))
            .collect();
        let mut lists = Vec::new();
        for section in site.sections_in_order() {
            let with_cards: Vec<&GuideId> = section
                .guides
                .iter()
                .filter(|id| cards.contains_key(*id))
                .collect();
            for (i, piece) in with_cards.chunks(GUIDES_PER_LIST_PAGE).enumerate() {
                lists.push(QuestionList {
                    number: lists.len() + 1,
                    section: section_title(section),
                    first: i * GUIDES_PER_LIST_PAGE + 1,
                    of: with_cards.len(),
                    guides: piece.iter().map(|id| (*id).clone()).collect(),
                });
            }
        }
        Deck { cards, lists }
    }

    /// The deck of `guide` alone, with no lists: all that the pages made from one guide read
    /// of the deck (its own cards), for serve's first pages after an edit.
    pub(crate) fn of_guide(guide: &Guide) -> Deck {
        Deck {
            cards: std::iter::once((guide.id.clone(), Arc::clone(&guide.cards)))
                .filter(|(_, cards)| !cards.is_empty())
                .collect(),
            lists: Vec::new(),
        }
    }

    pub(crate) fn of(&self, id: &GuideId) -> &[Card] {
        self.cards.get(id).map_or(&[], |cards| cards)
    }
}

/// A section's title in the practice pages and filters; the root's guides are "Guides".
pub(crate) fn section_title(section: &crate::site::Section) -> String {
    if section.id.is_root() {
        "Guides".to_owned()
    } else {
        section.title()
    }
}

/// At most this many guides share one cards file (and one checklist file): a section of
/// 10,000 guides is read in pieces, the piece of the card on screen first. 80 keeps a piece
/// near 80 KB and the data files near 0.025 a guide, within the site's budget of files.
const GUIDES_PER_FILE: usize = 80;

/// At most this many guides share one list file: about 150 KB each. A list holds guides of
/// one section and whole data files of it.
const GUIDES_PER_LIST: usize = 400;
const _: () = assert!(GUIDES_PER_LIST.is_multiple_of(GUIDES_PER_FILE));

/// The index every practice and progress page loads first: small at any size, since it only
/// sums up each list; the pages load a list when the reader's filters, saved state or place in
/// the deck need it.
#[derive(Debug, Serialize)]
struct Index<'a> {
    /// The data files, each of up to [`GUIDES_PER_FILE`] guides of one section.
    chunks: Vec<Chunk>,
    /// The lists of guides, in site order.
    lists: Vec<ListSummary<'a>>,
}

/// One file of [`GuideEntry`]s, and what a page needs to know before loading it.
#[derive(Debug, Serialize)]
struct ListSummary<'a> {
    url: String,
    /// The title of the guides' section (what the section filter offers).
    section: String,
    /// The folders of its guides' storage keys (`/prep/guides/`): a reader's saved ticks and
    /// marks name their guide's storage key, and so the list to load for it.
    folders: BTreeSet<String>,
    /// How many cards its guides have, and how many of them have a checklist.
    cards: usize,
    checklists: usize,
    /// What the filters may ask for: the list is loaded only if it has it.
    tags: BTreeSet<&'a str>,
    roles: BTreeSet<&'a str>,
    levels: BTreeSet<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
struct Chunk {
    /// The cards file: card key → card.
    cards: Option<String>,
    /// The checklist file: guide storage key → `[item key, item text, ticked in the source]`s.
    tasks: Option<String>,
}

#[derive(Debug, Serialize)]
struct GuideEntry<'a> {
    title: &'a str,
    url: String,
    /// Index in `chunks`: where its cards and checklist items are.
    chunk: usize,
    tags: &'a [String],
    role: Option<&'a str>,
    level: Option<&'a str>,
    cards: Vec<&'a str>,
    /// Where the guide page keeps the reader's ticks (see `checklist.js`).
    store: String,
    /// How many items a reader can tick.
    tasks: usize,
}

/// A card as the cards files hold it.
#[derive(Debug, Serialize)]
struct CardEntry<'a> {
    question: &'a str,
    answer: &'a str,
    url: &'a str,
}

/// The practice data files (site path → bytes) and the URL of their index.
#[derive(Debug, Default)]
pub(crate) struct DataFiles {
    pub files: Vec<(String, Arc<[u8]>)>,
    pub index_url: String,
}

/// The JSON the practice and progress pages load: the index and, per piece of a section, its
/// lists of guides, cards and checklist items, each named by a hash of its content.
pub(crate) fn data_files(
    site: &Site,
    base: &BasePath,
    deck: &Deck,
    memo: Option<&Memo<ChunkFiles>>,
) -> DataFiles {
    let mut data = DataFiles::default();
    let mut chunks = Vec::new();
    let mut lists = Vec::new();
    for section in site.sections_in_order() {
        let listed: Vec<&Guide> = section
            .guides
            .iter()
            .filter_map(|id| site.guides.get(id))
            .filter(|g| !deck.of(&g.id).is_empty() || !g.body.tasks.is_empty())
            .map(AsRef::as_ref)
            .collect();
        for list in listed.chunks(GUIDES_PER_LIST) {
            let mut entries = Vec::with_capacity(list.len());
            for piece in list.chunks(GUIDES_PER_FILE) {
                let at = chunks.len();
                let chunk = match memo {
                    // Named by what the piece is made from (with the cards, which are made
                    // from its guides alone): kept while that is unchanged.
                    Some(memo) => {
                        let input = (
                            base,
                            piece.iter().copied().map(ByContent).collect::<Vec<_>>(),
                        );
                        let key = hash_of("chunk", &input);
                        memo.get(&key.to_hex(), key, || chunk_files(piece, base, deck))
                    }
                    None => chunk_files(piece, base, deck),
                };
                chunks.push(chunk.chunk);
                data.files.extend(chunk.files);
                entries.extend(piece.iter().map(|g| guide_entry(g, at, base, deck)));
            }
            let json = json(&entries);
            let path = practice_data_path(json.as_bytes());
            data.files
                .push((path.clone(), Arc::from(json.into_bytes())));
            lists.push(summary(
                base.url(&path),
                section_title(section),
                &entries,
                list,
            ));
        }
    }
    let index = json(&Index { chunks, lists });
    let path = practice_data_path(index.as_bytes());
    data.index_url = base.url(&path);
    data.files.push((path, Arc::from(index.into_bytes())));
    // Asked for only when a guide changed: the pieces of the last such build are kept.
    if let Some(memo) = memo {
        memo.end_build();
    }
    data
}

/// What the index says of the list at `url` of `guides` (whose entries are `entries`).
fn summary<'a>(
    url: String,
    section: String,
    entries: &[GuideEntry<'_>],
    guides: &[&'a Guide],
) -> ListSummary<'a> {
    let fronts = || guides.iter().map(|g| &g.front);
    ListSummary {
        url,
        section,
        folders: entries
            .iter()
            .map(|e| folder(&e.store).to_owned())
            .collect(),
        cards: entries.iter().map(|e| e.cards.len()).sum(),
        checklists: entries.iter().filter(|e| e.tasks > 0).count(),
        tags: fronts()
            .flat_map(|f| f.tags.iter().map(String::as_str))
            .collect(),
        roles: fronts().filter_map(|f| f.role.as_deref()).collect(),
        levels: fronts().filter_map(|f| f.level.as_deref()).collect(),
    }
}

/// The folder of a storage key: everything up to its last `/` (`practice.js` cuts it the same way).
fn folder(store: &str) -> &str {
    store.rfind('/').map_or("", |at| &store[..=at])
}

/// A piece's entry in the index and its files.
#[derive(Debug, Clone)]
pub(crate) struct ChunkFiles {
    chunk: Chunk,
    files: Vec<(String, Arc<[u8]>)>,
}

/// The cards file and the checklist file of some guides of one section.
fn chunk_files(guides: &[&Guide], base: &BasePath, deck: &Deck) -> ChunkFiles {
    let mut files = Vec::new();
    let cards: BTreeMap<&str, CardEntry<'_>> = guides
        .iter()
        .flat_map(|g| deck.of(&g.id))
        .map(|card| {
            let entry = CardEntry {
                question: &card.question,
                answer: &card.answer_html,
                url: &card.url,
            };
            (card.key.as_str(), entry)
        })
        .collect();
    let tasks: BTreeMap<String, Vec<(&str, String, bool)>> = guides
        .iter()
        .filter(|g| !g.body.tasks.is_empty())
        .map(|g| (store_key(base, g), task_items(g)))
        .collect();
    let mut file = |json: Option<String>| {
        json.map(|json| {
            let path = practice_data_path(json.as_bytes());
            let url = base.url(&path);
            files.push((path, Arc::from(json.into_bytes())));
            url
        })
    };
    let chunk = Chunk {
        cards: file((!cards.is_empty()).then(|| json(&cards))),
        tasks: file((!tasks.is_empty()).then(|| json(&tasks))),
    };
    ChunkFiles { chunk, files }
}

/// A guide as its list holds it; `chunk` says where its cards and checklist items are.
fn guide_entry<'a>(
    guide: &'a Guide,
    chunk: usize,
    base: &BasePath,
    deck: &'a Deck,
) -> GuideEntry<'a> {
    let front = &guide.front;
    let cards: Vec<&str> = deck.of(&guide.id).iter().map(|c| c.key.as_str()).collect();
    GuideEntry {
        title: &front.title,
        url: base.url(&guide.id.page_path()),
        chunk,
        tags: &front.tags,
        role: front.role.as_deref(),
        level: front.level.as_deref(),
        cards,
        store: store_key(base, guide),
        tasks: guide.body.tasks.iter().filter(|t| !t.is_repeat()).count(),
    }
}

/// The key under which the guide page keeps the reader's ticks: the same for the guide on this
/// site across rebuilds.
pub(crate) fn store_key(base: &BasePath, guide: &Guide) -> String {
    format!("{}{}", base.as_str(), guide.id)
}

/// A short hash of the steps of the guide's checklist as the guide page counts them (their
/// keys, a repeated item once, and which the source ticks); empty without task items. The
/// guide page saves the reader's progress with it, and a card of the guide shows that progress
/// only while it matches: once an item is added, removed or reworded, cards wait for the guide
/// page to count again. Carrying this instead of every step's key keeps cards small on list
/// pages of thousands of guides.
pub(crate) fn checklist_version(guide: &Guide) -> String {
    let mut hasher = blake3::Hasher::new();
    let mut steps = 0;
    for task in guide.body.tasks.iter().filter(|task| !task.is_repeat()) {
        hasher.update(if task.checked { b"+" } else { b" " });
        hasher.update(task.key.as_bytes());
        steps += 1;
    }
    if steps == 0 {
        return String::new();
    }
    hasher.finalize().to_hex()[..8].to_owned()
}

/// The guide's task items: key, whitespace-folded text, and whether the source ticks it.
fn task_items(guide: &Guide) -> Vec<(&str, String, bool)> {
    guide
        .body
        .tasks
        .iter()
        // A repeated item is ticked with its first copy and counted once, as on the page.
        .filter(|task| !task.is_repeat())
        .map(|task| {
            let text = guide
                .body
                .blocks
                .get(task.block)
                .map_or("", |b| b.text.as_str());
            (
                task.key.as_str(),
                text.split_whitespace().collect::<Vec<_>>().join(" "),
                task.checked,
            )
        })
        .collect()
}

/// JSON of plain data; serialising it cannot fail (an empty object if it somehow did). `<` is
/// escaped as in JSON-LD, so the files are safe wherever they are inlined.
fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "{}".to_owned())
        .replace('<', "\\u003c")
}

/// The distinct values of the filters, sorted: tags, roles and levels of the guides with cards.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Filters {
    pub sections: Vec<String>,
    pub tags: Vec<String>,
    pub roles: Vec<String>,
    pub levels: Vec<String>,
}

impl Filters {
    /// What the filters offer for `guides` (those with cards), sections in the index's order.
    pub(crate) fn of<'g>(
        sections: Vec<String>,
        guides: impl IntoIterator<Item = &'g Guide>,
    ) -> Filters {
        let (mut tags, mut roles, mut levels) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for guide in guides {
            tags.extend(guide.front.tags.iter().cloned());
            roles.extend(guide.front.role.clone());
            levels.extend(guide.front.level.clone());
        }
        Filters {
            sections,
            tags: tags.into_iter().collect(),
            roles: roles.into_iter().collect(),
            levels: levels.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing::{self, config, guide_at};

    fn guide(id: &str, body: &str) -> Guide {
        guide_at(id, "title: T", body)
    }

    fn cards_of(guide: &Guide) -> Vec<Card> {
        guide.cards.to_vec()
    }

    #[test]
    fn cards_are_the_answered_questions_with_their_rendered_answers() {
        let g = guide(
            "g/a.md",
            "## FAQ\n\n### Why *now*?\n\nSee [the intro](#intro) and `code`.\n\n#### Detail\n\nMore.\n\n### Unanswered?\n\n### How?\n\n```\nx < y\n```\n\n## Next\n\nNot an answer.\n",
        );
        let cards = cards_of(&g);
        let shown: Vec<(&str, &str)> = cards
            .iter()
            .map(|c| (c.question.as_str(), c.url.as_str()))
            .collect();
        assert_eq!(
            shown,
            [("Why now?", "/g/a/#why-now"), ("How?", "/g/a/#how")]
        );
        let first = &cards[0].answer_html;
        assert!(
            first.starts_with("<p>See <a href=\"/g/a/#intro\">"),
            "{first}"
        );
        assert!(
            first.contains("<code>code</code>") && first.contains("More."),
            "{first}"
        );
        assert!(first.contains("<h4 id=\"detail\""), "{first}");
        assert!(!first.contains("Unanswered"), "{first}");
        assert!(
            cards[1].answer_html.contains("x &lt; y"),
            "{}",
            cards[1].answer_html
        );
        assert!(!cards[1].answer_html.contains("Not an answer"));
    }

    /// The practice data of `n` guides with a question and a task each, in one section: the
    /// index, and every file by its URL.
    fn data_of(n: usize) -> (serde_json::Value, BTreeMap<String, serde_json::Value>) {
        let body = "## FAQ\n\n### Q?\n\nA.\n\n- [ ] Task\n";
        let guides: Vec<std::sync::Arc<Guide>> = (0..n)
            .map(|i| std::sync::Arc::new(guide(&format!("s/g{i:04}.md"), body)))
            .collect();
        let site = Site::assemble(&guides, false);
        let config = config();
        let deck = Deck::new(&site);
        let data = data_files(&site, &config.base, &deck, None);
        let files: BTreeMap<String, serde_json::Value> = data
            .files
            .iter()
            .map(|(path, bytes)| {
                (
                    format!("/{path}"),
                    serde_json::from_slice(bytes).expect("JSON"),
                )
            })
            .collect();
        (files[&data.index_url].clone(), files)
    }

    #[test]
    fn a_large_section_is_split_into_files_of_at_most_fifty_guides() {
        let (index, files) = data_of(GUIDES_PER_FILE * 2 + 1);
        let chunks = index["chunks"].as_array().expect("chunks");
        assert_eq!(chunks.len(), 3);
        let lists = index["lists"].as_array().expect("lists");
        let guides: Vec<&serde_json::Value> = lists
            .iter()
            .flat_map(|list| {
                files[list["url"].as_str().expect("URL")]
                    .as_array()
                    .expect("list")
            })
            .collect();
        assert_eq!(guides.len(), GUIDES_PER_FILE * 2 + 1);
        // Each guide's cards are in its chunk's file.
        for g in guides {
            let chunk = &chunks[g["chunk"].as_u64().expect("chunk") as usize];
            let cards = &files[chunk["cards"].as_str().expect("cards file")];
            let key = g["cards"][0].as_str().expect("key");
            assert_eq!(cards[key]["question"], "Q?");
            let tasks = &files[chunk["tasks"].as_str().expect("tasks file")];
            assert_eq!(tasks[g["store"].as_str().expect("store")][0][1], "Task");
        }
        // No cards or checklist file holds more than GUIDES_PER_FILE guides' data.
        let largest = chunks
            .iter()
            .flat_map(|c| [&c["cards"], &c["tasks"]])
            .map(|url| {
                files[url.as_str().expect("URL")]
                    .as_object()
                    .map_or(0, |o| o.len())
            })
            .max();
        assert_eq!(largest, Some(GUIDES_PER_FILE));
    }

    /// A section's guides with cards go on list pages of at most 200, numbered across the site.
    #[test]
    fn questions_are_listed_in_pages_of_at_most_two_hundred_guides() {
        let body = "## FAQ\n\n### Q?\n\nA.\n";
        let mut guides: Vec<std::sync::Arc<Guide>> = (0..GUIDES_PER_LIST_PAGE * 2 + 1)
            .map(|i| std::sync::Arc::new(guide(&format!("s/g{i:04}.md"), body)))
            .collect();
        guides.push(std::sync::Arc::new(guide("t/one.md", body)));
        guides.push(std::sync::Arc::new(guide("t/none.md", "No FAQ.\n")));
        let site = Site::assemble(&guides, false);
        let deck = Deck::new(&site);
        let shape: Vec<(usize, usize, usize, usize)> = deck
            .lists
            .iter()
            .map(|l| (l.number, l.first, l.guides.len(), l.of))
            .collect();
        assert_eq!(
            shape,
            [
                (1, 1, 200, 401),
                (2, 201, 200, 401),
                (3, 401, 1, 401),
                (4, 1, 1, 1)
            ]
        );
    }

    /// The index sums up the lists of guides instead of holding them, so it stays small however
    /// many guides there are; each list holds at most 400 guides of one section, and says what
    /// a page needs to decide whether to load it.
    #[test]
    fn the_index_sums_up_lists_of_at_most_four_hundred_guides_of_one_section() {
        let (index, files) = data_of(GUIDES_PER_LIST + 1);
        let lists = index["lists"].as_array().expect("lists");
        let sizes: Vec<usize> = lists
            .iter()
            .map(|list| {
                files[list["url"].as_str().expect("URL")]
                    .as_array()
                    .map_or(0, Vec::len)
            })
            .collect();
        assert_eq!(sizes, [GUIDES_PER_LIST, 1]);
        assert_eq!(lists[0]["section"], "S");
        assert_eq!(lists[0]["folders"], serde_json::json!(["/s/"]));
        assert_eq!(lists[0]["cards"], GUIDES_PER_LIST);
        assert_eq!(lists[1]["checklists"], 1);
        assert!(index.get("guides").is_none());
        // Nine chunks of cards and checklists, two lists: well under a kilobyte a chunk.
        let size = index.to_string().len();
        assert!(size < 9 * 200 + 2 * 200, "{size} bytes");
    }

    #[test]
    fn a_storage_keys_folder_is_all_up_to_its_last_slash() {
        assert_eq!(folder("/prep/guides/star.md"), "/prep/guides/");
        assert_eq!(folder("/star.md"), "/");
        assert_eq!(folder("star.md"), "");
    }

    #[test]
    fn keys_are_stable_per_guide_and_question() {
        let body = "## FAQ\n\n### Same?\n\nA.\n\n### Same?\n\nB.\n";
        let a = cards_of(&guide("a.md", body));
        let again = cards_of(&guide("a.md", &format!("Intro.\n\n{body}")));
        let other = cards_of(&guide("b.md", body));
        assert_eq!(a[0].key, again[0].key);
        assert_eq!(a[1].key, format!("{}-2", a[0].key));
        assert_ne!(a[0].key, other[0].key);
    }

    /// The version names the steps: it changes with an item added, reworded or ticked in the
    /// source, not with prose or a repeated item.
    #[test]
    fn the_checklist_version_follows_the_steps_only() {
        let version = |body: &str| checklist_version(&testing::guide(body));
        let list = "Intro.\n\n## Checklist\n\n- [ ] Stories\n- [ ] Mocks\n";
        let base = version(list);
        assert_eq!(base.len(), 8);
        assert_eq!(version(&list.replace("Intro.", "Other prose.")), base);
        assert_eq!(version(&format!("{list}- [ ] Stories\n")), base, "a repeat");
        assert_ne!(version(&list.replace("Mocks", "Mock rounds")), base);
        assert_ne!(version(&format!("{list}- [ ] Rest\n")), base);
        assert_ne!(version(&list.replace("- [ ] Mocks", "- [x] Mocks")), base);
        assert_eq!(version("## Checklist\n\n- plain bullet\n"), "");
    }
}
