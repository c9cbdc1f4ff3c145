//! The server's loop: one thread owns the workspace and answers messages in order. Edits are
//! gathered for a short debounce, then checked together; a request first brings the site up to
//! date with every edit before it, so an answer never reads an older buffer.

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use crossbeam_channel::{RecvTimeoutError, TryRecvError};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{self, Notification as _};
use lsp_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, InitializeParams, MessageType, PublishDiagnosticsParams,
    ShowMessageParams,
};

use super::publish::Published;
use super::text::Encoding;
use super::workspace::{Workspace, path_of_uri};
use super::{capabilities, requests};
use crate::diagnostic::Diagnostic;

/// How long after an edit it is checked. None: every message already waiting is taken before
/// a check runs (a check waits for the queue to empty), so the keystrokes typed while one check
/// runs are checked together by the next, and the last keystroke of a burst is checked at once
/// instead of after a pause.
const DEBOUNCE: Duration = Duration::ZERO;

pub(crate) struct Server {
    pub workspace: Workspace,
    pub encoding: Encoding,
    published: Published,
    /// Paths edited since the last check.
    pending: HashSet<PathBuf>,
    /// When the pending edits are checked.
    due: Option<Instant>,
    /// The site's config (`book.toml`, or `prepbook.toml` beside mdBook's) was saved: the
    /// next check reloads the site.
    reload: bool,
    /// Lists of files not being edited, still to send: sent a few at a time while no message
    /// waits, so that the answer to a keystroke never queues behind a whole site's lists.
    backlog: VecDeque<PublishDiagnosticsParams>,
}

/// How many of the backlog's lists go out between two looks at the client's messages.
const BACKLOG_BATCH: usize = 64;

/// Runs the language server on stdin and stdout for the site at `root` until the client
/// shuts it down. Logs go to stderr: stdout is the protocol's.
pub fn run(root: &Path) -> Result<()> {
    let (connection, threads) = Connection::stdio();
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = capabilities::encoding(&params);
    let workspace = Workspace::load(root)?;
    connection.initialize_finish(
        id,
        serde_json::to_value(capabilities::initialize_result(encoding))?,
    )?;
    let mut server = Server {
        workspace,
        encoding,
        published: Published::default(),
        pending: HashSet::new(),
        due: None,
        reload: false,
        backlog: VecDeque::new(),
    };
    // The documents an editor opens as it starts are known before the site is first checked,
    // so that their diagnostics go out first, ahead of the rest of the site's.
    let waiting = server.take_notifications(&connection);
    let opened = std::mem::take(&mut server.pending);
    server.due = None;
    let all = server.workspace.check_all();
    server.publish(all, &opened, &connection);
    let shut_down = match waiting {
        Some(message) => server.handle(message, &connection)?,
        None => false,
    };
    if !shut_down {
        server.serve(&connection)?;
    }
    drop(connection);
    threads.join()?;
    Ok(())
}

impl Server {
    /// Handles the notifications already waiting; returns the first other message, if any.
    fn take_notifications(&mut self, connection: &Connection) -> Option<Message> {
        while let Ok(message) = connection.receiver.try_recv() {
            match message {
                Message::Notification(note) => self.notified(note),
                other => return Some(other),
            }
        }
        None
    }

    fn serve(&mut self, connection: &Connection) -> Result<()> {
        loop {
            let message = match self.due {
                Some(due) => match connection.receiver.recv_deadline(due) {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => {
                        self.check(connection);
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                },
                None if !self.backlog.is_empty() => match connection.receiver.try_recv() {
                    Ok(message) => message,
                    Err(TryRecvError::Empty) => {
                        self.send_backlog(connection);
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => return Ok(()),
                },
                None => match connection.receiver.recv() {
                    Ok(message) => message,
                    Err(_) => return Ok(()),
                },
            };
            if self.handle(message, connection)? {
                return Ok(());
            }
        }
    }

    /// Answers a request (after checking the edits before it) or takes in a notification.
    /// `true` when the client asked the server to shut down.
    fn handle(&mut self, message: Message, connection: &Connection) -> Result<bool> {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(true);
                }
                self.check(connection);
                let response = self.answer(request);
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(note) => self.notified(note),
            Message::Response(_) => {}
        }
        Ok(false)
    }

    fn answer(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        match requests::answer(self, request) {
            Ok(result) => Response::new_ok(id, result),
            Err(requests::Refusal::Unknown(method)) => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("prepbook lsp does not answer {method}"),
            ),
            Err(requests::Refusal::BadParams(error)) => {
                Response::new_err(id, ErrorCode::InvalidParams as i32, error)
            }
        }
    }

    fn notified(&mut self, note: Notification) {
        let Notification { method, params } = note;
        let result = match method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                serde_json::from_value::<DidOpenTextDocumentParams>(params)
                    .map(|p| self.edited(&p.text_document.uri, Some(p.text_document.text)))
            }
            notification::DidChangeTextDocument::METHOD => {
                serde_json::from_value::<DidChangeTextDocumentParams>(params).map(|p| {
                    // Full sync: the last change holds the whole text.
                    let text = p.content_changes.into_iter().last().map(|c| c.text);
                    if text.is_some() {
                        self.edited(&p.text_document.uri, text);
                    }
                })
            }
            notification::DidCloseTextDocument::METHOD => {
                serde_json::from_value::<DidCloseTextDocumentParams>(params)
                    .map(|p| self.edited(&p.text_document.uri, None))
            }
            notification::DidSaveTextDocument::METHOD => {
                serde_json::from_value::<DidSaveTextDocumentParams>(params)
                    .map(|p| self.saved(&p.text_document.uri))
            }
            _ => return,
        };
        if let Err(error) = result {
            log(&format!("ignored a malformed {method}: {error}"));
        }
    }

    /// Records an edit of the document `uri`: its new text, or `None` when it was closed (the
    /// disk's file counts again). Documents outside the site are not the server's.
    fn edited(&mut self, uri: &lsp_types::Uri, text: Option<String>) {
        let Some(path) = path_of_uri(uri) else {
            return;
        };
        if path == crate::config::Config::file_in(&self.workspace.root) {
            return;
        }
        if !path.starts_with(self.workspace.content_dir()) {
            return;
        }
        match text {
            Some(text) => self
                .workspace
                .open(path.clone(), uri.clone(), Arc::from(text)),
            None => self.workspace.close(&path),
        }
        self.pending.insert(path);
        self.due.get_or_insert_with(|| Instant::now() + DEBOUNCE);
    }

    fn saved(&mut self, uri: &lsp_types::Uri) {
        let Some(path) = path_of_uri(uri) else {
            return;
        };
        if path == crate::config::Config::file_in(&self.workspace.root) {
            self.reload = true;
            self.due.get_or_insert_with(|| Instant::now() + DEBOUNCE);
        }
    }

    /// Checks the pending edits, if any, and publishes what changed.
    pub(crate) fn check(&mut self, connection: &Connection) {
        if self.due.take().is_none() {
            return;
        }
        let edited = std::mem::take(&mut self.pending);
        let diagnostics = if std::mem::take(&mut self.reload) {
            self.workspace.reload()
        } else {
            self.workspace.apply(edited.iter().cloned())
        };
        self.publish(diagnostics, &edited, connection);
    }

    fn publish(
        &mut self,
        diagnostics: Result<Vec<Diagnostic>>,
        edited: &HashSet<PathBuf>,
        connection: &Connection,
    ) {
        let diagnostics = match diagnostics {
            Ok(diagnostics) => diagnostics,
            Err(error) => {
                let message = format!("prepbook could not check the site: {error:#}");
                log(&message);
                send(
                    connection,
                    notification::ShowMessage::METHOD,
                    ShowMessageParams {
                        typ: MessageType::ERROR,
                        message,
                    },
                );
                return;
            }
        };
        for fatal in diagnostics.iter().filter(|d| d.file.is_empty()) {
            log(&fatal.message);
        }
        let publication =
            self.published
                .update(&self.workspace, &diagnostics, edited, self.encoding);
        // A list waiting in the backlog is an older one of a file this check sends again.
        let superseded: HashSet<&str> = (publication.now.iter())
            .chain(&publication.later)
            .map(|p| p.uri.as_str())
            .collect();
        self.backlog
            .retain(|p| !superseded.contains(p.uri.as_str()));
        for params in publication.now {
            send(connection, notification::PublishDiagnostics::METHOD, params);
        }
        self.backlog.extend(publication.later);
    }

    /// Sends the next lists of the backlog.
    fn send_backlog(&mut self, connection: &Connection) {
        let batch = self.backlog.len().min(BACKLOG_BATCH);
        for params in self.backlog.drain(..batch) {
            send(connection, notification::PublishDiagnostics::METHOD, params);
        }
    }
}

fn send(connection: &Connection, method: &str, params: impl serde::Serialize) {
    let note = Notification::new(method.to_owned(), params);
    if connection.sender.send(Message::Notification(note)).is_err() {
        log("the client is gone");
    }
}

/// A line on stderr, which editors keep as the server's log.
#[allow(clippy::print_stderr)] // the server's log; stdout carries the protocol
pub(crate) fn log(message: &str) {
    eprintln!("prepbook lsp: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lists the client has been sent so far: each file, and whether its list is empty.
    fn received(from_server: &crossbeam_channel::Receiver<Message>) -> Vec<(String, bool)> {
        from_server
            .try_iter()
            .filter_map(|message| match message {
                Message::Notification(note) => {
                    serde_json::from_value::<PublishDiagnosticsParams>(note.params).ok()
                }
                _ => None,
            })
            .map(|p| {
                let file = p.uri.as_str().rsplit('/').next().unwrap_or_default();
                (file.to_owned(), p.diagnostics.is_empty())
            })
            .collect()
    }

    #[test]
    fn other_files_wait_in_the_backlog_and_a_newer_list_replaces_a_waiting_one() {
        let (dir, workspace) = super::super::publish::tests::workspace();
        let root = workspace.root.clone();
        let mut server = Server {
            workspace,
            encoding: Encoding::Utf16,
            published: Published::default(),
            pending: HashSet::new(),
            due: None,
            reload: false,
            backlog: VecDeque::new(),
        };
        let (sender, from_server) = crossbeam_channel::unbounded();
        let connection = Connection {
            sender,
            receiver: crossbeam_channel::never(),
        };
        let all = server.workspace.check_all();
        server.publish(
            all,
            &HashSet::from([root.join("content/a.md")]),
            &connection,
        );
        assert_eq!(received(&from_server), [("a.md".to_owned(), false)]);
        assert_eq!(server.backlog.len(), 2, "b and c wait");
        // b is fixed before its list went out: the waiting list gives way to the new one.
        std::fs::write(
            dir.path().join("content/b.md"),
            "---\ntitle: b\n---\n\nFine.\n",
        )
        .expect("fix b");
        let all = server
            .workspace
            .apply([root.join("content/b.md")].into_iter());
        server.publish(all, &HashSet::new(), &connection);
        while !server.backlog.is_empty() {
            server.send_backlog(&connection);
        }
        assert_eq!(
            received(&from_server),
            [("c.md".to_owned(), false), ("b.md".to_owned(), true)]
        );
    }
}
