//! The workspace cache: which files are checked with a document, the last
//! check of each workspace, the checks still to run and the publishing of
//! their diagnostics, and [`View`], what a request sees of a document.
//!
//! - A document's workspace is its root (the nearest directory with
//!   `mops.toml`, every `.mops` file under it) or, without a root, the file
//!   alone with its imports. Other cached workspaces that include a changed
//!   file (files importing it) are checked again.
//! - Diagnostics are published for every open file and every file with
//!   diagnostics in the checked set; a file that became clean gets an empty
//!   list.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use lsp_types::{Range, TextDocumentPositionParams, Uri};

use super::convert::LineMap;
use super::diagnostics;
use super::documents::{Document, Documents};
use super::server::{panic_message, Server};
use super::transport::log;
use crate::check::{Analysis, Options, Report};
use crate::diagnostic::FileId;
use crate::syntax::SourceFile;
use crate::workspace::Overlay;

/// Which files are checked together with a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum WsKey {
    /// A workspace root (a directory with `mops.toml`).
    Root(PathBuf),
    /// A file without a root: the file and its imports.
    File(PathBuf),
    /// A document that is not a file (`untitled:`), by URI.
    Memory(String),
}

impl WsKey {
    /// The workspace of a document (`path`: its canonical path, for a `file:` URI).
    pub(super) fn of(uri: &Uri, path: Option<&Path>) -> WsKey {
        match path {
            Some(p) => match p.parent().and_then(crate::workspace::find_root) {
                Some(root) => WsKey::Root(canonical(&root)),
                None => WsKey::File(p.to_path_buf()),
            },
            None => WsKey::Memory(uri.as_str().to_string()),
        }
    }
}

pub(super) fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The last check of one workspace.
struct Checked {
    report: Option<Report>,
    /// Every file of the check, by canonical path.
    paths: HashSet<PathBuf>,
    /// URIs this check published non-empty diagnostics for.
    published: HashSet<String>,
}

pub(super) struct Workspaces {
    checks: HashMap<WsKey, Checked>,
    /// Workspaces to check at the next flush, in order.
    dirty: Vec<WsKey>,
    /// Paths changed since the last flush (for the workspaces importing them).
    changed: Vec<PathBuf>,
    /// The open documents' texts by path, and the parses of earlier checks.
    pub(super) overlay: Overlay,
}

impl Workspaces {
    pub(super) fn new() -> Workspaces {
        Workspaces { checks: HashMap::new(), dirty: Vec::new(), changed: Vec::new(), overlay: Overlay::caching() }
    }

    /// Check `key` at the next flush, and the workspaces that include `path`.
    pub(super) fn mark(&mut self, key: WsKey, path: Option<PathBuf>) {
        if !self.dirty.contains(&key) {
            self.dirty.push(key);
        }
        if let Some(p) = path {
            self.changed.push(p);
        }
    }

    /// The last check of a workspace, if it could be checked.
    pub(super) fn report(&self, key: &WsKey) -> Option<&Report> {
        self.checks.get(key).and_then(|c| c.report.as_ref())
    }

    /// Check a workspace with the open documents' texts.
    pub(super) fn run_check(&self, key: &WsKey, docs: &Documents, opts: &Options) -> Result<Report, String> {
        if let WsKey::Memory(uri) = key {
            let doc = docs.get(uri).ok_or("the document is not open")?;
            if doc.text.len() as u64 > opts.limits.max_file_bytes {
                return Err(format!(
                    "the document is {} bytes, over the limit of {} bytes (--max-file-size); it is not checked",
                    doc.text.len(),
                    opts.limits.max_file_bytes
                ));
            }
            return Ok(crate::check::check_source(uri, &doc.text, opts));
        }
        let paths = match key {
            WsKey::Root(root) => {
                // the root, and its open documents: also unsaved new files
                // and files its include/exclude leave out
                let mut paths = vec![root.clone()];
                paths.extend(docs.values().filter(|d| d.key == *key).filter_map(|d| d.path.clone()));
                paths
            }
            WsKey::File(p) => vec![p.clone()],
            WsKey::Memory(_) => Vec::new(),
        };
        crate::check::check_paths_with_overlay(&paths, opts, &self.overlay).map_err(|e| e.to_string())
    }
}

/// `workspace/didChangeWatchedFiles`: files changed on disk, roots may have
/// appeared or gone; check all.
pub(super) fn files_changed(s: &mut Server) {
    s.docs.rekey();
    let ws = &mut s.workspaces;
    let keys: Vec<WsKey> = ws.checks.keys().cloned().chain(s.docs.values().map(|d| d.key.clone())).collect();
    for k in keys {
        ws.mark(k, None);
    }
}

/// What a request sees of one document: its text and its last check.
pub(super) struct View<'a> {
    pub(super) doc: &'a Document,
    pub(super) report: Option<&'a Report>,
    /// The document's file in the report (only when the report has its current text).
    pub(super) file: Option<FileId>,
    pub(super) analysis: Option<&'a Analysis>,
}

impl View<'_> {
    /// The syntax tree of the document (checked sets keep no syntax trees:
    /// the document's text is parsed again, which is fast).
    pub(super) fn ast(&self) -> std::borrow::Cow<'_, SourceFile> {
        let (ast, _) = crate::syntax::parse(FileId(1), &self.doc.text, crate::syntax::DEFAULT_MAX_DEPTH);
        std::borrow::Cow::Owned(ast)
    }
}

impl Server {
    /// Check every workspace marked dirty, and those that include a changed
    /// file; publish their diagnostics.
    pub(super) fn flush(&mut self) {
        if self.workspaces.dirty.is_empty() {
            return;
        }
        let changed = std::mem::take(&mut self.workspaces.changed);
        let mut keys = std::mem::take(&mut self.workspaces.dirty);
        for (k, c) in &self.workspaces.checks {
            if !keys.contains(k) && changed.iter().any(|p| c.paths.contains(p)) {
                keys.push(k.clone());
            }
        }
        for key in keys {
            if !self.docs.any_in(&key) {
                // nothing of this workspace is open any more
                if let Some(c) = self.workspaces.checks.remove(&key) {
                    for u in c.published {
                        self.publish_uri(&u, Vec::new(), None);
                    }
                }
                continue;
            }
            let result =
                match catch_unwind(AssertUnwindSafe(|| self.workspaces.run_check(&key, &self.docs, &self.opts))) {
                    Ok(r) => r,
                    Err(p) => {
                        let msg = panic_message(p.as_ref());
                        log(&format!("internal error while checking: {msg}"));
                        Err(format!("internal error while checking: {msg}"))
                    }
                };
            self.publish_check(key, result);
        }
    }

    /// Run pending checks before answering from them.
    pub(super) fn ensure_fresh(&mut self) {
        self.flush();
    }

    fn publish_check(&mut self, key: WsKey, result: Result<Report, String>) {
        // the previous check is dropped at the end, after the diagnostics
        // are sent: freeing a large report is not the client's wait
        let previous = self.workspaces.checks.remove(&key);
        let old = previous.as_ref().map(|c| c.published.clone()).unwrap_or_default();
        let mut published = HashSet::new();
        let mut sent = HashSet::new();
        let mut paths = HashSet::new();
        let mut outgoing: Vec<(Uri, Vec<lsp_types::Diagnostic>, Option<i32>)> = Vec::new();
        match &result {
            Ok(report) => {
                let files = &report.files;
                let mut maps = diagnostics::Maps::default();
                let mut by_file: HashMap<FileId, Vec<lsp_types::Diagnostic>> = HashMap::new();
                let uri_of = |id: FileId| self.docs.uri_of(&key, files, id);
                for d in &report.diagnostics {
                    by_file.entry(d.file).or_default().push(diagnostics::to_lsp(d, files, &mut maps, &uri_of));
                }
                for (id, f) in files.iter() {
                    if id == FileId::PRELUDE {
                        continue;
                    }
                    if !f.path.as_os_str().is_empty() {
                        paths.insert(f.path.clone());
                    }
                    if uri_of(id).is_none() {
                        continue;
                    }
                    let targets = self.docs.targets_of(&key, files, id);
                    let is_open = targets.iter().any(|(_, v)| v.is_some());
                    // without a root, an open file is published by its own check
                    if let WsKey::File(p) = &key {
                        if f.path != *p && is_open {
                            continue;
                        }
                    }
                    let diags = by_file.remove(&id).unwrap_or_default();
                    for (uri, version) in targets {
                        if diags.is_empty() && version.is_none() && !old.contains(uri.as_str()) {
                            continue;
                        }
                        if !diags.is_empty() {
                            published.insert(uri.as_str().to_string());
                        }
                        sent.insert(uri.as_str().to_string());
                        outgoing.push((uri, diags.clone(), version));
                    }
                }
            }
            Err(msg) => {
                log(&format!("cannot check the workspace: {msg}"));
                for d in self.docs.values().filter(|d| d.key == key) {
                    let diag = lsp_types::Diagnostic {
                        range: Range::default(),
                        severity: Some(lsp_types::DiagnosticSeverity::ERROR),
                        source: Some("mopsc".into()),
                        message: format!("the workspace cannot be checked: {msg}"),
                        ..Default::default()
                    };
                    published.insert(d.uri.as_str().to_string());
                    sent.insert(d.uri.as_str().to_string());
                    outgoing.push((d.uri.clone(), vec![diag], Some(d.version)));
                }
            }
        }
        for (uri, diags, version) in outgoing {
            self.publish(uri, diags, version);
        }
        for u in old.difference(&sent) {
            self.publish_uri(u, Vec::new(), None);
        }
        self.workspaces.checks.insert(key, Checked { report: result.ok(), paths, published });
        drop(previous);
    }

    /// [`Server::view`] of the document a position is in, with its line map
    /// and the position's byte offset.
    pub(super) fn view_at(&self, at: &TextDocumentPositionParams) -> Option<(View<'_>, LineMap, usize)> {
        let view = self.view(&at.text_document.uri)?;
        let map = LineMap::new(&view.doc.text);
        let offset = map.offset(&view.doc.text, at.position);
        Some((view, map, offset))
    }

    /// The document and its last check; `None` (with a log line) for a
    /// document that is not open. Call [`Server::ensure_fresh`] first.
    pub(super) fn view(&self, uri: &Uri) -> Option<View<'_>> {
        let Some(doc) = self.docs.get(uri.as_str()) else {
            log(&format!("request for a document that is not open: {}", uri.as_str()));
            return None;
        };
        if doc.text.len() as u64 > self.opts.limits.max_file_bytes {
            // over --max-file-size: checked as E002 and never parsed
            return None;
        }
        let report = self.workspaces.report(&doc.key);
        let file = report.and_then(|r| {
            let id = match &doc.key {
                WsKey::Memory(_) => Some(FileId(1)).filter(|_| r.files.len() > 1),
                _ => r.files.iter().find(|(_, f)| !f.config && Some(&f.path) == doc.path.as_ref()).map(|(id, _)| id),
            }?;
            (r.files.get(id).text() == doc.text).then_some(id)
        });
        let analysis = file.and_then(|f| report?.analyses.iter().find(|a| a.set.files.iter().any(|pf| pf.id == f)));
        Some(View { doc, report, file, analysis })
    }
}
