//! Structured data for search engines: each guide's schema.org `Article`, `BreadcrumbList` and,
//! when it has an FAQ, `FAQPage` whose questions and answers are exactly those on the page (the
//! FAQ part as the checks find it, with the plain text of each answer).

use serde::Serialize;

use crate::guide::Guide;

/// One question of a guide's FAQ and the plain text of its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Faq<'a> {
    pub question: &'a str,
    pub answer: &'a str,
}

/// The questions of the guide's FAQ parts that have an answer to show, in page order.
pub(crate) fn faq(guide: &Guide) -> Vec<Faq<'_>> {
    guide
        .model
        .questions
        .iter()
        .filter(|q| !q.answer.is_empty())
        .map(|q| Faq {
            question: &q.text,
            answer: &q.answer,
        })
        .collect()
}

/// A step of a breadcrumb trail: its title and URL (root-relative on the page, absolute in
/// structured data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Crumb {
    pub title: String,
    pub url: String,
}

/// What the structured data of a guide page says besides its FAQ.
#[derive(Debug, Clone)]
pub(crate) struct ArticleData<'a> {
    pub guide: &'a Guide,
    pub url: String,
    pub site_title: &'a str,
    pub language: &'a str,
    /// Home, the sections, then the guide itself.
    pub trail: Vec<Crumb>,
    pub faq: Vec<Faq<'a>>,
}

/// The JSON-LD of a guide page, ready to sit in a `<script type="application/ld+json">`. Each
/// fact is said once: the page's URL is the article's `url` (no `mainEntityOfPage`, no
/// `publisher` beside the same `author`), and the FAQ is known by its `@id` on the page.
pub(crate) fn guide_json_ld(data: &ArticleData<'_>) -> String {
    let front = &data.guide.front;
    let mut graph = vec![
        Node::Article(Article {
            id: format!("{}#article", data.url),
            kind: "Article",
            author: Organization {
                kind: "Organization",
                name: data.site_title,
            },
            date_modified: front.updated.or(front.date).map(|d| d.to_string()),
            date_published: front.date.map(|d| d.to_string()),
            description: front.description.as_deref(),
            headline: truncate_chars(&front.title, 110),
            in_language: data.language,
            keywords: (!front.tags.is_empty()).then(|| front.tags.join(", ")),
            url: &data.url,
        }),
        Node::Breadcrumbs(breadcrumbs(&data.trail)),
    ];
    if !data.faq.is_empty() {
        graph.push(Node::FaqPage(faq_page(&data.url, &data.faq)));
    }
    script_safe(&Graph {
        context: "https://schema.org",
        graph,
    })
}

// The nodes as schema.org names them. Their fields are declared in the order of their names'
// bytes, which is the order the JSON has them in (keys sorted, as a JSON object's were).

#[derive(Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    Article(Article<'a>),
    Breadcrumbs(Breadcrumbs<'a>),
    FaqPage(FaqPage<'a>),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Article<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Organization<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    headline: String,
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<String>,
    url: &'a str,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Breadcrumbs<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item_list_element: Vec<ListItem<'a>>,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: &'a str,
    name: &'a str,
    position: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FaqPage<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    main_entity: Vec<Question<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Question<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    accepted_answer: Answer<'a>,
    name: &'a str,
}

#[derive(Serialize)]
struct Answer<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: &'a str,
}

/// The `BreadcrumbList` of a page's trail.
fn breadcrumbs(trail: &[Crumb]) -> Breadcrumbs<'_> {
    Breadcrumbs {
        kind: "BreadcrumbList",
        item_list_element: (1..)
            .zip(trail)
            .map(|(position, crumb)| ListItem {
                kind: "ListItem",
                item: &crumb.url,
                name: &crumb.title,
                position,
            })
            .collect(),
    }
}

/// The `FAQPage` of a guide's questions and answers.
fn faq_page<'a>(url: &str, faq: &[Faq<'a>]) -> FaqPage<'a> {
    FaqPage {
        id: format!("{url}#faq"),
        kind: "FAQPage",
        main_entity: faq
            .iter()
            .map(|faq| Question {
                kind: "Question",
                accepted_answer: Answer {
                    kind: "Answer",
                    text: faq.answer,
                },
                name: faq.question,
            })
            .collect(),
    }
}

/// JSON that cannot end its `<script>` element early: `<` only occurs inside strings in JSON,
/// where `\u003c` means the same.
pub(crate) fn script_safe(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end].trim_end()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::testing::guide_with;
    use serde_json::Value;

    fn guide(body: &str) -> Guide {
        guide_with("title: T\ndate: 2026-01-02", body)
    }

    #[test]
    fn faq_questions_and_answers_as_on_the_page() {
        let g = guide(
            "## FAQ\n\n### Why *now*?\n\nBecause\nit is.\n\n- one\n- two\n\n#### Detail\n\nMore.\n\n### Unanswered?\n\n### How?\n\n```\nx < y\n```\n\n## Next\n\nNot an answer.\n",
        );
        let faqs = faq(&g);
        assert_eq!(
            faqs,
            [
                Faq {
                    question: "Why now?",
                    answer: "Because it is.\none\ntwo\nDetail\nMore."
                },
                Faq {
                    question: "How?",
                    answer: "x < y"
                }
            ]
        );
    }

    #[test]
    fn json_ld_has_article_breadcrumbs_and_faq_and_is_script_safe() {
        let g = guide("## FAQ\n\n### A `</script>`?\n\nYes.\n");
        let data = ArticleData {
            guide: &g,
            url: "https://x.org/a/".into(),
            site_title: "Site",
            language: "en",
            trail: vec![
                Crumb {
                    title: "Home".into(),
                    url: "https://x.org/".into(),
                },
                Crumb {
                    title: "T".into(),
                    url: "https://x.org/a/".into(),
                },
            ],
            faq: faq(&g),
        };
        let text = guide_json_ld(&data);
        assert!(!text.contains("</script"), "{text}");
        let value: Value = serde_json::from_str(&text).unwrap();
        // Every object's keys in the order of their bytes, as a JSON object writes them, with
        // every field of an article present.
        assert_eq!(script_safe(&value), text);
        let full = guide_with(
            "title: T\ndate: 2026-01-02\nupdated: 2026-02-03\ndescription: D\ntags: [a, b]",
            "Intro.\n",
        );
        let full_text = guide_json_ld(&ArticleData {
            guide: &full,
            ..data.clone()
        });
        let full_value: Value = serde_json::from_str(&full_text).unwrap();
        assert_eq!(script_safe(&full_value), full_text);
        assert_eq!(full_value["@graph"][0]["dateModified"], "2026-02-03");
        assert_eq!(full_value["@graph"][0]["keywords"], "a, b");
        let graph = value["@graph"].as_array().unwrap();
        assert_eq!(graph[0]["@type"], "Article");
        assert_eq!(graph[0]["datePublished"], "2026-01-02");
        assert_eq!(graph[0]["dateModified"], "2026-01-02");
        assert_eq!(graph[1]["itemListElement"][1]["position"], 2);
        assert_eq!(graph[2]["mainEntity"][0]["name"], "A </script>?");
        assert_eq!(graph[2]["mainEntity"][0]["acceptedAnswer"]["text"], "Yes.");
    }

    #[test]
    fn no_faq_no_faq_page() {
        let g = guide("Intro.\n");
        let data = ArticleData {
            guide: &g,
            url: "/a/".into(),
            site_title: "S",
            language: "en",
            trail: Vec::new(),
            faq: Vec::new(),
        };
        assert!(!guide_json_ld(&data).contains("FAQPage"));
        assert_eq!(truncate_chars("abcdef", 3), "abc…");
    }
}
