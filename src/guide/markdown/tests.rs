use super::tasks::{TABLE_OPEN, task_hash};
use super::*;

#[test]
fn references_to_files_and_site_paths_get_the_site_url_and_are_recorded() {
    let base = BasePath::from_base_url("https://x.org/prep/").unwrap();
    let body = render_under(
        "![d](img/d.png) [p](/behavioral/intro) [f](notes.pdf)\n\n\
         <p align=\"center\">\n  <img src=\"images/j.png\">\n</p>\n\n\
         An <a href=\"/x/\">inline</a> one.\n",
        RawHtml::Allow,
        base,
    );
    let html = &body.html;
    assert!(html.contains("src=\"/prep/guides/img/d.png\""), "{html}");
    assert!(html.contains("href=\"/prep/behavioral/intro/\""), "{html}");
    assert!(html.contains("href=\"/prep/guides/notes.pdf\""), "{html}");
    assert!(
        html.contains("<img src=\"/prep/guides/images/j.png\">"),
        "{html}"
    );
    assert!(html.contains("<a href=\"/prep/x/\">"), "{html}");
    let refs: Vec<(&str, usize, usize)> = body
        .html_refs
        .iter()
        .map(|r| match r.at {
            Position::LineColumn { line, column } => {
                (r.dest.as_str(), line as usize, column as usize)
            }
            Position::Byte(_) => panic!("placed in the HTML's text: {r:?}"),
        })
        .collect();
    assert_eq!(refs, [("images/j.png", 4, 13), ("/x/", 7, 13)]);
    assert_eq!(
        body.images[0].target,
        LinkTarget::File {
            path: "guides/img/d.png".into(),
            anchor: None
        }
    );
    let escaped = render_under(
        "<img src=\"a.png\">\n",
        RawHtml::Escape,
        BasePath::default(),
    );
    assert!(escaped.html_refs.is_empty(), "escaped HTML is text");
}

fn render_str(text: &str) -> Body {
    render_with(text, RawHtml::Allow)
}

fn render_with(text: &str, raw_html: RawHtml) -> Body {
    render_under(text, raw_html, BasePath::default())
}

fn render_under(text: &str, raw_html: RawHtml, base: BasePath) -> Body {
    let id = GuideId::new("guides/a.md");
    let code = highlighted();
    render(&BodySource {
        raw_html,
        ..source(text, &id, &base, &code)
    })
}

/// Code highlighted with the default themes.
fn highlighted() -> Code {
    Code::highlighted(crate::highlight::Themes::default())
}

/// The body `text` of the file `id`, as these tests read it unless they say otherwise.
fn source<'a>(
    text: &'a str,
    id: &'a GuideId,
    base: &'a BasePath,
    code: &'a Code,
) -> BodySource<'a> {
    BodySource {
        text,
        blanked_from: None,
        included: None,
        body_offset: 0,
        id,
        base,
        raw_html: RawHtml::Allow,
        code,
        heading_ids: HeadingIds::Prepbook,
        mkdocs: &[],
        case: crate::urls::UrlCase::AsNamed,
    }
}

#[test]
fn raw_html_is_passed_through_or_escaped() {
    let text = "<script>alert(1)</script>\n\nInline <img src=x onerror=alert(2)> here.\n";
    let allowed = render_with(text, RawHtml::Allow);
    assert!(
        allowed.html.contains("<script>alert(1)</script>"),
        "{}",
        allowed.html
    );
    assert!(allowed.html.contains("<img src=x onerror=alert(2)>"));
    let escaped = render_with(text, RawHtml::Escape);
    assert!(
        !escaped.html.contains("<script") && !escaped.html.contains("<img"),
        "{}",
        escaped.html
    );
    assert!(
        escaped
            .html
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        escaped.html
    );
    assert!(
        escaped
            .html
            .contains("Inline &lt;img src=x onerror=alert(2)&gt; here.")
    );
    // Markdown itself still renders.
    let markdown = render_with("**bold** [a](b.md)\n", RawHtml::Escape);
    assert!(markdown.html.contains("<strong>bold</strong>"));
    assert!(markdown.html.contains("href=\"/guides/b/\""));
}

#[test]
fn heading_ranges_locate_their_elements_in_the_html() {
    let body = render_str(
        "Intro *x*.\n\n## One\n\nText.\n\n- item\n\n  ### In a list\n\n```rust\nfn a() {}\n```\n\n## Two[^n]\n\n[^n]: Note.\n",
    );
    assert_eq!(body.headings.len(), 3);
    for heading in &body.headings {
        let element = &body.html[heading.html.clone()];
        let tag = format!("<h{}", heading.level);
        assert!(element.starts_with(&tag), "{element:?}");
        assert!(
            element
                .trim_end()
                .ends_with(&format!("</h{}>", heading.level))
        );
        assert!(
            element.contains(&format!("id=\"{}\"", heading.id)),
            "{element:?}"
        );
    }
    let between = &body.html[body.headings[0].html.end..body.headings[1].html.start];
    assert!(between.contains("<p>Text.</p>"), "{between:?}");
    assert!(body.html[body.headings[2].html.end..].contains("Note."));
}

#[test]
fn headings_never_take_the_templates_ids() {
    let body = render_with(
        "## Main\n\n## Search input\n\n## Prepbook overlay\n\n## Main\n",
        RawHtml::Allow,
    );
    let ids: Vec<&str> = body.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        ["main-1", "search-input-1", "prepbook-overlay-1", "main-2"]
    );
}

#[test]
fn headings_get_unique_ids_and_anchors() {
    let text = "## FAQ\n\n## FAQ\n\n### The PR/FAQ\n\n## Custom {#mine}\n";
    let body = render_str(text);
    let ids: Vec<_> = body.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["faq", "faq-1", "the-pr-faq", "mine"]);
    assert!(body.html.contains("<h2 id=\"faq-1\">FAQ</h2>"));
    assert_eq!(body.headings[2].at.locate_in(text), (5, 1));
    assert!(body.headings[3].explicit_id);
}

#[test]
fn attr_list_ids_and_python_markdowns_style() {
    let text = "## Title { id=\"given\" .wide }\n\n## Other { #short }\n\n## What's new?\n\n## What's new?\n\n## Caret, Mark & Tilde\n";
    let id = GuideId::new("a.md");
    let base = BasePath::default();
    let body = render(&BodySource {
        heading_ids: HeadingIds::PythonMarkdown,
        ..source(text, &id, &base, &Code::Plain)
    });
    let ids: Vec<_> = body.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "given",
            "short",
            "whats-new",
            "whats-new_1",
            "caret-mark-tilde"
        ]
    );
    assert!(body.headings[0].explicit_id);
    assert_eq!(body.headings[0].text, "Title");
    assert!(
        body.html
            .contains("<h2 id=\"given\" class=\"wide\">Title</h2>"),
        "{}",
        body.html
    );
}

#[test]
fn definition_lists_are_lists_of_terms() {
    let body = render_str("Term\n: The *definition*.\n\nOther\n: One.\n: Two.\n");
    assert!(
        body.html
            .contains("<dl>\n<dt>Term</dt>\n<dd>The <em>definition</em>.</dd>"),
        "{}",
        body.html
    );
    assert_eq!(body.html.matches("<dd>").count(), 3, "{}", body.html);
}

#[test]
fn ids_stay_unique_around_explicit_and_suffixed_ones() {
    let body = render_str("## A {#a-1}\n\n## A\n\n## A\n\n## A 1\n\n## A\n");
    let ids: Vec<_> = body.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["a-1", "a", "a-2", "a-1-1", "a-3"]);
}

#[test]
fn md_links_become_page_urls() {
    let text = "See [wb](../frameworks/wb.md#the-pr-faq) and [x](https://e.org).\n";
    let body = render_str(text);
    assert!(
        body.html.contains("href=\"/frameworks/wb/#the-pr-faq\""),
        "{}",
        body.html
    );
    assert!(body.html.contains("href=\"https://e.org\""));
    assert_eq!(body.links[0].text, "wb");
    assert_eq!(body.links[0].at.locate_in(text), (1, 5));
    assert_eq!(
        body.links[0].length,
        "[wb](../frameworks/wb.md#the-pr-faq)".len()
    );
}

#[test]
fn links_in_headings_are_rewritten_too() {
    let body = render_str("## See [b](b.md)\n");
    assert!(body.html.contains("href=\"/guides/b/\""), "{}", body.html);
    assert_eq!(body.headings[0].text, "See b");
}

#[test]
fn fenced_code_is_highlighted() {
    let body = render_str("```rust\nfn main() {}\n```\n");
    assert!(
        body.html
            .contains("<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\">")
    );
    assert!(body.html.contains("<span class=\"hl"), "{}", body.html);
}

#[test]
fn a_mermaid_block_is_its_escaped_source_marked_as_a_diagram() {
    let body = render_str("```mermaid\ngraph TD\n  A-->B<br>\n```\n\n```mermaidjs\nx\n```\n");
    assert_eq!(body.diagrams, 1);
    assert!(
        body.html.contains(
            "<pre class=\"code diagram-source\" data-lang=\"mermaid\" data-diagram tabindex=\"0\"><code>graph TD\n  A--&gt;B&lt;br&gt;\n</code></pre>"
        ),
        "{}",
        body.html
    );
    assert!(!body.html.contains("<span"), "a diagram is not highlighted");
    assert_eq!(render_str("```rust\nfn x() {}\n```\n").diagrams, 0);
}

#[test]
fn extensions_are_on() {
    let body = render_str("- [ ] task\n\n|a|b|\n|-|-|\n|1|2|\n\n~~old~~ \"quoted\"\n");
    assert!(body.html.contains("type=\"checkbox\""));
    assert!(body.html.contains(&format!("{TABLE_OPEN}1\"><table>")));
    assert!(
        body.html.contains("</table>\n</div></div>"),
        "{}",
        body.html
    );
    assert!(body.html.contains("<del>old</del>"));
    assert!(body.html.contains("“quoted”"));
}

#[test]
fn positions_count_from_the_file() {
    let text = "---\ntitle: x\n---\n\nintro\n\n## Two\n";
    let id = GuideId::new("a.md");
    let base = BasePath::default();
    let code = highlighted();
    let body = render(&BodySource {
        body_offset: 16,
        ..source(text, &id, &base, &code)
    });
    assert_eq!(body.headings[0].at.locate_in(text), (7, 1));
}

#[test]
fn outline_lists_blocks_in_order() {
    let text = "## FAQ\n\n### Why?\n\nBecause it is.\n\n## Checklist\n\n- [ ] one\n- two\n  - nested\n\n|a|\n|-|\n|1|\n";
    let body = render_str(text);
    let kinds: Vec<BlockKind> = body.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Heading {
                level: 2,
                heading: 0
            },
            BlockKind::Heading {
                level: 3,
                heading: 1
            },
            BlockKind::Paragraph,
            BlockKind::Heading {
                level: 2,
                heading: 2
            },
            BlockKind::ListItem {
                task: true,
                depth: 1
            },
            BlockKind::ListItem {
                task: false,
                depth: 1
            },
            BlockKind::ListItem {
                task: false,
                depth: 2
            },
            BlockKind::Table,
        ]
    );
    assert_eq!(body.blocks[2].words, 3);
    assert_eq!(body.blocks[2].at.locate_in(text), (5, 1));
    assert_eq!(body.blocks[0].words, 0, "heading text is not block text");
}

#[test]
fn task_items_become_labelled_checkboxes_with_stable_keys() {
    let body = render_str(
        "- [ ] Lock the *story* list\n- [x] Sleep\n  - [ ] nested\n- [ ] Lock the *story* list\n\npara\n\n- plain\n",
    );
    let keys: Vec<&str> = body.tasks.iter().map(|t| t.key.as_str()).collect();
    let first = task_hash("Lock the story list");
    assert_eq!(
        keys,
        [
            first.clone(),
            task_hash("Sleep"),
            task_hash("nested"),
            format!("{first}-2")
        ]
    );
    assert!(body.tasks[1].checked);
    assert_eq!(body.blocks[body.tasks[1].block].text, "Sleep");
    assert!(
        body.html.contains(&format!(
            "<li><input type=\"checkbox\" class=\"task\" id=\"task-{first}\" data-task=\"{first}\" disabled><label for=\"task-{first}\">Lock the <em>story</em> list</label></li>"
        )),
        "{}",
        body.html
    );
    // The label ends before the nested list.
    assert!(
        body.html.contains("checked><label for=\"task-"),
        "{}",
        body.html
    );
    assert!(body.html.contains("Sleep</label>\n<ul>"), "{}", body.html);
    assert!(!body.html.contains("<label>plain"));
}

#[test]
fn loose_task_items_keep_their_text_and_labels_in_the_paragraph() {
    let body = render_str("- [ ] First line\n  goes on.\n\n  More.\n\n- [ ] Two\n");
    let task = &body.tasks[0];
    assert_eq!(body.blocks[task.block].text, "First line goes on.\nMore.");
    assert!(body.html.contains("goes on.</label></p>"), "{}", body.html);
}

#[test]
fn block_text_is_what_the_page_shows() {
    let body = render_str(
        "Plain *and* `code` [link](x.md) ![alt text](a.png)\nnext.\n\n```\nlet x = 1;\n```\n",
    );
    assert_eq!(body.blocks[0].text, "Plain and code link  next.");
    assert_eq!(body.blocks[1].text, "let x = 1;\n");
    let table = render_str("| Signal | Strong |\n|---|---|\n| Clarity | Names it |\n");
    assert_eq!(
        table.blocks[0].text,
        "Signal · Strong\nClarity · Names it\n"
    );
}

#[test]
fn nul_in_the_source_cannot_forge_a_checkbox() {
    let body = render_str("- [ ] a\n\ntext \u{0}0\u{0} and <b>\u{0}0\u{0}</b>\n");
    assert_eq!(body.html.matches("<input").count(), 1, "{}", body.html);
}

#[test]
fn deep_nesting_is_measured_without_overflow() {
    let text = format!("intro\n\n{}deep\n", "> ".repeat(5000));
    let body = render_str(&text);
    assert!(body.deepest.depth >= 1000, "{:?}", body.deepest);
    assert_eq!(body.deepest.at.locate_in(&text).0, 3);
}

#[test]
fn images_record_alt_text() {
    let body = render_str("![](a.png) ![Chart](b.png)\n");
    assert_eq!(body.images[0].alt, "");
    assert_eq!(body.images[1].alt, "Chart");
}
