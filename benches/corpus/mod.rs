//! A synthetic prep-guide site of any size, for benchmarks: guides in sections of 100, with
//! front matter, the required parts, links to neighbours, tags from a shared pool and some
//! code blocks, so every stage of the pipeline does real work.

use std::path::Path;

pub fn generate(root: &Path, guides: usize) -> std::io::Result<()> {
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Generated\"\nbase-url = \"https://example.org/\"\n",
    )?;
    for i in 0..guides {
        let section = format!("section-{:03}", i / 100);
        let dir = root.join("content").join(&section);
        if i.is_multiple_of(100) {
            std::fs::create_dir_all(&dir)?;
            std::fs::write(
                dir.join("_index.md"),
                format!(
                    "---\ntitle: \"Section {}\"\n---\n\nGuides {} to {}.\n",
                    i / 100,
                    i,
                    i + 99
                ),
            )?;
        }
        std::fs::write(dir.join(format!("guide-{i:05}.md")), guide(i, guides))?;
    }
    Ok(())
}

/// Path of guide `i` relative to the content folder.
pub fn guide_path(i: usize) -> String {
    format!("section-{:03}/guide-{i:05}.md", i / 100)
}

fn guide(i: usize, total: usize) -> String {
    let next = (i + 1) % total;
    let far = (i * 7 + 13) % total;
    let code = if i.is_multiple_of(5) {
        "```rust\nfn score(stories: &[Story]) -> u32 {\n    stories.iter().map(|s| s.impact).sum()\n}\n```\n"
    } else {
        ""
    };
    format!(
        r#"---
title: "Generated guide {i}"
description: "A generated guide for measuring prepbook, number {i}."
date: 2026-{month:02}-{day:02}
tags: [tag-{t1}, tag-{t2}]
role: PM
level: L{level}
kind: framework
---

This guide exists to measure the pipeline. It links to [the next guide](/{next_link}) and to
[another one](/{far_link}#faq), and it has enough prose to look like a real guide.

## TL;DR

Prepare stories with numbers, rehearse them aloud, and know why each decision was yours.

## The framework

Ownership means acting on behalf of the whole company, beyond your own team. Interviewers look
for a decision you made, the trade-off you accepted, and the result you measured afterwards.
Describe the situation in two sentences, then spend most of the time on the action.

{code}
### Worked example

A launch slipped by two weeks; the candidate re-planned the scope, told the stakeholders early,
and shipped the core flow on time. Conversion rose by four points over the next quarter.

## FAQ

### How long should a story be?

About two minutes spoken, with the result stated in numbers.

### What if the outcome was bad?

Say what you learned and what you changed afterwards.

## Checklist

- [ ] Write three stories with measured results
- [ ] Rehearse each one aloud
- [ ] Prepare a follow-up question for each
"#,
        month = 1 + i % 12,
        day = 1 + i % 28,
        t1 = i % 50,
        t2 = (i * 3 + 1) % 50,
        level = 4 + i % 5,
        next_link = "",
        far_link = "",
    )
    .replace("](/)", &format!("](../{})", guide_path(next)))
    .replace("](/#faq)", &format!("](../{}#faq)", guide_path(far)))
}
