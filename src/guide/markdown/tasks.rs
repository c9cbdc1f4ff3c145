//! Tables and task lists: tables in a scrolling box with their cells apart in the text, task
//! items as labelled checkboxes with stable keys.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Block, Pass, Task};

/// Gives each task its key: a hash of its whitespace-folded text, numbered when repeated.
pub(super) fn task_keys(blocks: &[Block], found: Vec<(usize, bool)>) -> Vec<Task> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    found
        .into_iter()
        .map(|(block, checked)| {
            let text = blocks.get(block).map_or("", |b| b.text.as_str());
            let hash = task_hash(text);
            let count = seen.entry(hash.clone()).or_insert(0);
            *count += 1;
            let key = if *count == 1 {
                hash
            } else {
                format!("{hash}-{count}")
            };
            Task {
                block,
                key,
                checked,
            }
        })
        .collect()
}

/// The first 10 hex digits of the BLAKE3 hash of `text` with its whitespace folded.
pub(super) fn task_hash(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let hex = blake3::hash(folded.as_bytes()).to_hex();
    hex[..10].to_owned()
}

/// A task's checkbox and the start of its label. The box is disabled until the checklist
/// script enables it: without JavaScript it shows the source's state and cannot be changed.
pub(super) fn checkbox_html(task: &Task) -> String {
    let key = &task.key;
    let checked = if task.checked { " checked" } else { "" };
    format!(
        "<input type=\"checkbox\" class=\"task\" id=\"task-{key}\" data-task=\"{key}\" disabled{checked}><label for=\"task-{key}\">"
    )
}

/// What a table sits in: the outer box carries the scroll cue, the inner one scrolls. Each
/// scrolling box is a region named by its number on the page (names of regions are unique).
pub(super) const TABLE_OPEN: &str = "<div class=\"table-wrap\"><div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table ";

impl<'s> Pass<'s> {
    /// Closes a task's label before anything that may not sit in a `<label>` (a block, the end
    /// of the item or of its paragraph).
    pub(super) fn close_label(&mut self, event: &Event<'_>, out: &mut Vec<Event<'s>>) {
        let ends_label = match event {
            Event::Start(tag) => !matches!(
                tag,
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. }
                    | Tag::Image { .. }
            ),
            Event::End(TagEnd::Item | TagEnd::Paragraph) | Event::Rule => true,
            _ => false,
        };
        if self.label_open && ends_label {
            self.label_open = false;
            out.push(Event::Html("</label>".into()));
        }
    }

    /// Tables and task items: a wide table scrolls inside its own box (focusable, so
    /// keyboards can scroll it) instead of pushing the page sideways; cells are apart in the
    /// text; a task's checkbox has its place kept. `None` when the event is handled.
    pub(super) fn table_or_task(
        &mut self,
        event: Event<'s>,
        out: &mut Vec<Event<'s>>,
    ) -> Option<Event<'s>> {
        match event {
            Event::Start(Tag::Table(_)) => {
                self.tables += 1;
                let open = format!("{TABLE_OPEN}{}\">", self.tables);
                self.emit(Event::Html(open.into()), out);
                Some(event)
            }
            Event::End(TagEnd::Table) => {
                self.emit(event, out);
                self.emit(Event::Html("</div></div>\n".into()), out);
                None
            }
            Event::TaskListMarker(_) => {
                // A placeholder: `render` puts the checkbox here once the task has its key.
                if let Some(task) = self.tasks.len().checked_sub(1) {
                    self.label_open = true;
                    self.task_slots.push((out.len(), task));
                    out.push(Event::Html(CowStr::Borrowed("")));
                }
                None
            }
            // Cells are apart on the page: keep them apart in the text ("Signal · Strong"),
            // each row a line, so that a sentence shown from a table reads as its row.
            Event::Start(Tag::TableCell) => {
                self.cell_separator();
                Some(event)
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                self.block_text("\n");
                Some(event)
            }
            other => Some(other),
        }
    }

    /// " · " before a table cell that follows another in its row.
    pub(super) fn cell_separator(&mut self) {
        if self.heading.is_none()
            && let Some(block) = self.text_block()
            && !block.text.is_empty()
            && !block.text.ends_with('\n')
        {
            block.text.push_str(" · ");
        }
    }
}
