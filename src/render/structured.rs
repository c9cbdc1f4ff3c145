//! Structured data for search engines: each guide's schema.org `Article`, `BreadcrumbList` and,
//! when it has an FAQ, `FAQPage` whose questions and answers are exactly those on the page (the
//! FAQ part as the checks find it, with the plain text of each answer).

use serde::Serialize;
use serde_json::{Value, json};

use crate::guide::Guide;

/// One question of a guide's FAQ and the plain text of its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Faq {
    pub question: String,
    pub answer: String,
}

/// The questions of the guide's FAQ parts that have an answer to show, in page order.
pub(crate) fn faq(guide: &Guide) -> Vec<Faq> {
    guide
        .model
        .questions
        .iter()
        .filter(|q| !q.answer.is_empty())
        .map(|q| Faq {
            question: q.text.clone(),
            answer: q.answer.clone(),
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
    pub faq: Vec<Faq>,
}

/// The JSON-LD of a guide page, ready to sit in a `<script type="application/ld+json">`. Each
/// fact is said once: the page's URL is the article's `url` (no `mainEntityOfPage`, no
/// `publisher` beside the same `author`), and the FAQ is known by its `@id` on the page.
pub(crate) fn guide_json_ld(data: &ArticleData<'_>) -> String {
    let front = &data.guide.front;
    let mut article = json!({
        "@type": "Article",
        "@id": format!("{}#article", data.url),
        "headline": truncate_chars(&front.title, 110),
        "url": data.url,
        "inLanguage": data.language,
        "author": { "@type": "Organization", "name": data.site_title },
    });
    let fields = [
        ("description", front.description.clone().map(Value::from)),
        ("datePublished", front.date.map(|d| d.to_string().into())),
        (
            "dateModified",
            front.updated.or(front.date).map(|d| d.to_string().into()),
        ),
        (
            "keywords",
            (!front.tags.is_empty()).then(|| front.tags.join(", ").into()),
        ),
    ];
    for (key, value) in fields {
        if let (Some(value), Some(map)) = (value, article.as_object_mut()) {
            map.insert(key.to_owned(), value);
        }
    }
    let mut graph = vec![article, breadcrumbs(&data.trail)];
    if !data.faq.is_empty() {
        graph.push(faq_page(&data.url, &data.faq));
    }
    script_safe(&json!({ "@context": "https://schema.org", "@graph": graph }))
}

/// The `BreadcrumbList` of a page's trail.
fn breadcrumbs(trail: &[Crumb]) -> Value {
    let crumbs: Vec<Value> = trail
        .iter()
        .enumerate()
        .map(|(i, crumb)| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": crumb.title,
                "item": crumb.url,
            })
        })
        .collect();
    json!({ "@type": "BreadcrumbList", "itemListElement": crumbs })
}

/// The `FAQPage` of a guide's questions and answers.
fn faq_page(url: &str, faq: &[Faq]) -> Value {
    let questions: Vec<Value> = faq
        .iter()
        .map(|faq| {
            json!({
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": { "@type": "Answer", "text": faq.answer },
            })
        })
        .collect();
    json!({
        "@type": "FAQPage",
        "@id": format!("{url}#faq"),
        "mainEntity": questions,
    })
}

/// JSON that cannot end its `<script>` element early: `<` only occurs inside strings in JSON,
/// where `\u003c` means the same.
pub(crate) fn script_safe(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
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
                    question: "Why now?".into(),
                    answer: "Because it is.\none\ntwo\nDetail\nMore.".into()
                },
                Faq {
                    question: "How?".into(),
                    answer: "x < y".into()
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
