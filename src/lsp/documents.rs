//! The document store: the open documents by URI, their texts (full sync;
//! incremental changes are applied too) and versions, and the
//! `didOpen` / `didChange` / `didClose` handlers. Open documents override
//! the files on disk: their texts go into the workspace cache's overlay.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, Uri};

use super::convert::{path_to_uri, uri_to_path, LineMap};
use super::server::Server;
use super::transport::log;
use super::workspace::{canonical, WsKey};
use crate::diagnostic::{FileId, Files};

pub(super) struct Document {
    pub(super) uri: Uri,
    /// The canonical path of a `file:` document.
    pub(super) path: Option<PathBuf>,
    pub(super) text: String,
    pub(super) version: i32,
    pub(super) key: WsKey,
    /// When it was last opened or edited (the store's clock): of the URIs
    /// open on one file, the latest edit is the text that file is checked with.
    edited: u64,
}

/// Open documents by URI. One file may be open under several URIs (a
/// symlinked folder): each keeps its own text; they share the canonical
/// `path`, by which the overlay, the checks and the workspaces know them.
#[derive(Default)]
pub(super) struct Documents {
    by_uri: HashMap<String, Document>,
    /// Ticks on every open and edit (see [`Document::edited`]).
    clock: u64,
}

impl Documents {
    pub(super) fn get(&self, uri: &str) -> Option<&Document> {
        self.by_uri.get(uri)
    }

    pub(super) fn values(&self) -> impl Iterator<Item = &Document> {
        self.by_uri.values()
    }

    /// Whether a document of the workspace `key` is open.
    pub(super) fn any_in(&self, key: &WsKey) -> bool {
        self.values().any(|d| d.key == *key)
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    /// The open document of a file that was edited last (whose text the
    /// file is checked with).
    pub(super) fn latest_of(&self, path: &Path) -> Option<&Document> {
        self.values().filter(|d| d.path.as_deref() == Some(path)).max_by_key(|d| d.edited)
    }

    /// Work out every document's workspace again (roots may have appeared
    /// or gone).
    pub(super) fn rekey(&mut self) {
        for d in self.by_uri.values_mut() {
            d.key = WsKey::of(&d.uri, d.path.as_deref());
        }
    }

    /// The URI of a file of a report: the open document's own URI when it
    /// is open (clients match URIs as strings; of several, the one edited
    /// last), else the path's.
    pub(super) fn uri_of(&self, key: &WsKey, files: &Files, id: FileId) -> Option<Uri> {
        if id == FileId::PRELUDE {
            return None;
        }
        if let WsKey::Memory(u) = key {
            return self.get(u).map(|d| d.uri.clone());
        }
        let path = &files.get(id).path;
        if path.as_os_str().is_empty() {
            return None;
        }
        match self.latest_of(path) {
            Some(d) => Some(d.uri.clone()),
            None => path_to_uri(path),
        }
    }

    /// Where a file's diagnostics go: every URI open on it whose text is
    /// the one checked (with its version), else the path's URI. A URI open
    /// on the same file with another text keeps what it was sent: these
    /// diagnostics' ranges are not its.
    pub(super) fn targets_of(&self, key: &WsKey, files: &Files, id: FileId) -> Vec<(Uri, Option<i32>)> {
        if let WsKey::Memory(u) = key {
            return self.get(u).map(|d| (d.uri.clone(), Some(d.version))).into_iter().collect();
        }
        let f = files.get(id);
        let mut open: Vec<&Document> =
            self.values().filter(|d| d.path.as_ref() == Some(&f.path) && d.text == f.text()).collect();
        if open.is_empty() {
            return match self.latest_of(&f.path) {
                Some(d) => vec![(d.uri.clone(), Some(d.version))],
                None => self.uri_of(key, files, id).map(|u| (u, None)).into_iter().collect(),
            };
        }
        open.sort_by(|a, b| a.uri.as_str().cmp(b.uri.as_str()));
        open.into_iter().map(|d| (d.uri.clone(), Some(d.version))).collect()
    }
}

/// `textDocument/didOpen`.
pub(super) fn did_open(s: &mut Server, p: DidOpenTextDocumentParams) {
    let (uri, text, version) = (p.text_document.uri, p.text_document.text, p.text_document.version);
    let path = uri_to_path(&uri).map(|p| canonical(&p));
    let key = WsKey::of(&uri, path.as_deref());
    s.workspaces.mark(key.clone(), path.clone());
    if let Some(p) = &path {
        s.workspaces.overlay.texts.insert(p.clone(), text.clone());
    }
    let edited = s.docs.tick();
    s.docs.by_uri.insert(uri.as_str().to_string(), Document { uri, path, text, version, key, edited });
}

/// `textDocument/didChange`.
pub(super) fn did_change(s: &mut Server, p: DidChangeTextDocumentParams) {
    let edited = s.docs.tick();
    let Some(doc) = s.docs.by_uri.get_mut(p.text_document.uri.as_str()) else {
        log(&format!("didChange for a document that is not open: {}", p.text_document.uri.as_str()));
        return;
    };
    for c in p.content_changes {
        match c.range {
            None => doc.text = c.text,
            Some(range) => {
                let map = LineMap::new(&doc.text);
                let span = map.span(&doc.text, range);
                doc.text.replace_range(span.start()..span.end(), &c.text);
            }
        }
    }
    doc.version = p.text_document.version;
    doc.edited = edited;
    if let Some(p) = &doc.path {
        s.workspaces.overlay.texts.insert(p.clone(), doc.text.clone());
    }
    let (key, path) = (doc.key.clone(), doc.path.clone());
    s.workspaces.mark(key, path);
}

/// `textDocument/didClose`.
pub(super) fn did_close(s: &mut Server, p: DidCloseTextDocumentParams) {
    let uri = &p.text_document.uri;
    let Some(doc) = s.docs.by_uri.remove(uri.as_str()) else {
        log(&format!("didClose for a document that is not open: {}", uri.as_str()));
        return;
    };
    // its file is checked with the text of another URI still open on
    // it, else read from disk again: check the workspace once more, or
    // clear its diagnostics when nothing of it stays open
    if let Some(p) = &doc.path {
        match s.docs.latest_of(p).map(|d| d.text.clone()) {
            Some(text) => {
                s.workspaces.overlay.texts.insert(p.clone(), text);
            }
            None => {
                s.workspaces.overlay.texts.remove(p);
            }
        }
    }
    s.workspaces.mark(doc.key, doc.path);
}
