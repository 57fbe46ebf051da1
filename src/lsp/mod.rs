//! `mopsc lsp`: the language server (CLI.md "Editor"; docs/editor.md).
//!
//! Built on `lsp-server` (the transport and message types rust-analyzer and
//! ruff use) and `lsp-types`, over the same library the CLI calls. One
//! thread, one loop: messages are handled in order; after each batch of
//! messages that are already waiting, the workspaces whose documents changed
//! are checked once and their diagnostics published. A request that needs a
//! check (hover, definition, completion, code actions) first runs the
//! pending ones, so answers never describe stale text.
//!
//! - Documents use full sync (incremental changes are applied too); open
//!   documents override the files on disk (`check_paths_with_overlay`).
//! - A document's workspace is its root (the nearest directory with
//!   `mops.toml`, every `.mops` file under it) or, without a root, the file
//!   alone with its imports. Other cached workspaces that include a changed
//!   file (files importing it) are checked again.
//! - Diagnostics are published for every open file and every file with
//!   diagnostics in the checked set; a file that became clean gets an empty
//!   list.
//! - Nothing in a request can stop the server: a panic becomes an
//!   `InternalError` response, bad parameters `InvalidParams`, an unknown
//!   method `MethodNotFound`; notifications for unknown documents are logged
//!   and ignored.

mod actions;
pub(crate) mod completion;
mod cond_hover;
pub mod convert;
mod definition;
mod diagnostics;
pub(crate) mod hover;
pub mod scan;
pub(crate) mod symbols;
pub mod transport;

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use crossbeam_channel::Sender;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability, CompletionOptions,
    CompletionParams, CompletionResponse, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentFormattingParams, DocumentSymbolParams, DocumentSymbolResponse,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams, HoverProviderCapability,
    InitializeResult, Location, MarkupContent, MarkupKind, OneOf, PositionEncodingKind, PublishDiagnosticsParams,
    Range, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::check::{Analysis, Options, Report};
use crate::diagnostic::{FileId, Files};
use crate::syntax::SourceFile;
use crate::workspace::Overlay;

use convert::{path_to_uri, uri_to_path, LineMap};
use transport::log;

/// Why [`serve`] returned without a clean `shutdown` / `exit`.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("the client closed the connection without `exit`")]
    Disconnected,
    #[error("`exit` was received before `shutdown`")]
    ExitWithoutShutdown,
}

/// The notification the stdio transport sends itself for a message that is
/// JSON with an `id` but not a valid request, so that the error response
/// goes out through the server like every other message.
pub(crate) const INVALID_REQUEST: &str = "$/mopsc/invalidRequest";

/// Default options: "today" from `MOPS_TODAY` when set, else the system date.
pub fn default_options() -> Options {
    let today = std::env::var("MOPS_TODAY")
        .ok()
        .and_then(|t| crate::literal::date(&t).ok())
        .unwrap_or_else(|| jiff::Zoned::now().date());
    Options::new(today)
}

/// Serve LSP over stdin/stdout; the process exit code (0 after `shutdown`
/// then `exit`, 1 otherwise).
pub fn run_stdio() -> i32 {
    run_stdio_with(default_options())
}

/// [`run_stdio`] with the CLI's options (`--today`, `--config`).
pub fn run_stdio_with(opts: Options) -> i32 {
    let (connection, threads) = transport::stdio();
    let result = serve_with(connection, opts);
    threads.join();
    match result {
        Ok(()) => crate::commands::EXIT_OK,
        Err(e) => {
            log(&e.to_string());
            crate::commands::EXIT_ERRORS
        }
    }
}

/// Serve one client over `connection` until `exit` (or until the client
/// goes away). Used by `mopsc lsp` and, with `Connection::memory()`, by the
/// in-process tests.
pub fn serve(connection: Connection) -> Result<(), ServeError> {
    serve_with(connection, default_options())
}

/// [`serve`] with explicit options (a fixed "today" in tests).
pub fn serve_with(connection: Connection, opts: Options) -> Result<(), ServeError> {
    let Connection { sender, receiver } = connection;
    let mut server = Server::new(sender, opts);
    loop {
        let msg = receiver.recv().map_err(|_| ServeError::Disconnected)?;
        if let Some(done) = server.handle(msg) {
            return done;
        }
        // handle what is already waiting before checking, so a burst of
        // changes is checked once
        while let Ok(msg) = receiver.try_recv() {
            if let Some(done) = server.handle(msg) {
                return done;
            }
        }
        server.flush();
    }
}

/// Which files are checked together with a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum WsKey {
    /// A workspace root (a directory with `mops.toml`).
    Root(PathBuf),
    /// A file without a root: the file and its imports.
    File(PathBuf),
    /// A document that is not a file (`untitled:`), by URI.
    Memory(String),
}

struct Document {
    uri: Uri,
    /// The canonical path of a `file:` document.
    path: Option<PathBuf>,
    text: String,
    version: i32,
    key: WsKey,
    /// When it was last opened or edited (the server's clock): of the URIs
    /// open on one file, the latest edit is the text that file is checked with.
    edited: u64,
}

/// The last check of one workspace.
struct Checked {
    report: Option<Report>,
    /// Every file of the check, by canonical path.
    paths: HashSet<PathBuf>,
    /// URIs this check published non-empty diagnostics for.
    published: HashSet<String>,
}

struct Server {
    sender: Sender<Message>,
    opts: Options,
    initialized: bool,
    shutdown: bool,
    /// Open documents by URI. One file may be open under several URIs (a
    /// symlinked folder): each keeps its own text; they share the canonical
    /// `path`, by which the overlay, the checks and the workspaces know them.
    docs: HashMap<String, Document>,
    /// Ticks on every open and edit (see [`Document::edited`]).
    clock: u64,
    checks: HashMap<WsKey, Checked>,
    /// Workspaces to check at the next flush, in order.
    dirty: Vec<WsKey>,
    /// Paths changed since the last flush (for the workspaces importing them).
    changed: Vec<PathBuf>,
    /// The open documents' texts by path, and the parses of earlier checks.
    overlay: Overlay,
    /// The last non-empty diagnostics sent per URI, so that files that are
    /// not open are not sent the same list again on every keystroke.
    last_sent: HashMap<String, Vec<lsp_types::Diagnostic>>,
    /// The client's end of the connection is closed.
    gone: std::cell::Cell<bool>,
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn error(code: ErrorCode, message: impl Into<String>) -> ResponseError {
    ResponseError { code: code as i32, message: message.into(), data: None }
}

fn params<P: DeserializeOwned>(v: Value) -> Result<P, ResponseError> {
    serde_json::from_value(v).map_err(|e| error(ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}

fn to_value<T: serde::Serialize>(v: T) -> Result<Value, ResponseError> {
    serde_json::to_value(v).map_err(|e| error(ErrorCode::InternalError, e.to_string()))
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// What a request sees of one document: its text and its last check.
struct View<'a> {
    doc: &'a Document,
    report: Option<&'a Report>,
    /// The document's file in the report (only when the report has its current text).
    file: Option<FileId>,
    analysis: Option<&'a Analysis>,
}

impl View<'_> {
    /// The syntax tree of the document (checked sets keep no syntax trees:
    /// the document's text is parsed again, which is fast).
    fn ast(&self) -> std::borrow::Cow<'_, SourceFile> {
        let (ast, _) = crate::syntax::parse(FileId(1), &self.doc.text, crate::syntax::DEFAULT_MAX_DEPTH);
        std::borrow::Cow::Owned(ast)
    }
}

impl Server {
    fn new(sender: Sender<Message>, opts: Options) -> Server {
        Server {
            sender,
            opts,
            initialized: false,
            shutdown: false,
            docs: HashMap::new(),
            clock: 0,
            checks: HashMap::new(),
            dirty: Vec::new(),
            changed: Vec::new(),
            overlay: Overlay::caching(),
            last_sent: HashMap::new(),
            gone: std::cell::Cell::new(false),
        }
    }

    fn send(&self, msg: Message) {
        if self.sender.send(msg).is_err() && !self.gone.replace(true) {
            log("the client is gone: messages are no longer sent");
        }
    }

    fn respond(&self, id: RequestId, result: Result<Value, ResponseError>) {
        let response_result = result;
        self.send(Message::Response(Response { id, response_result }));
    }

    /// Handle one message; `Some` when the server must stop.
    fn handle(&mut self, msg: Message) -> Option<Result<(), ServeError>> {
        match msg {
            Message::Request(req) => return self.request(req),
            Message::Notification(n) => {
                if n.method == "exit" {
                    return Some(if self.shutdown { Ok(()) } else { Err(ServeError::ExitWithoutShutdown) });
                }
                if n.method == transport::RAW {
                    // a response the transport built (a null id): sent as it is
                    self.send(Message::Notification(n));
                    return None;
                }
                if !self.initialized {
                    return None; // notifications before `initialize` are dropped (LSP)
                }
                let method = n.method.clone();
                if let Err(p) = catch_unwind(AssertUnwindSafe(|| self.notification(n))) {
                    log(&format!("internal error in `{method}`: {}", panic_message(p.as_ref())));
                }
            }
            Message::Response(_) => {} // the server sends no requests
        }
        None
    }

    fn request(&mut self, req: Request) -> Option<Result<(), ServeError>> {
        self.answer(req);
        None
    }

    fn answer(&mut self, req: Request) {
        let id = req.id.clone();
        if req.method == "initialize" {
            if self.initialized {
                return self.respond(id, Err(error(ErrorCode::InvalidRequest, "already initialized")));
            }
            self.initialized = true;
            return self.respond(id, to_value(initialize_result()));
        }
        if !self.initialized {
            return self.respond(id, Err(error(ErrorCode::ServerNotInitialized, "the server is not initialized")));
        }
        if req.method == "shutdown" {
            self.shutdown = true;
            return self.respond(id, Ok(Value::Null));
        }
        if self.shutdown {
            return self.respond(id, Err(error(ErrorCode::InvalidRequest, "the server is shutting down")));
        }
        let method = req.method.clone();
        let result = match catch_unwind(AssertUnwindSafe(|| self.dispatch(req))) {
            Ok(r) => r,
            Err(p) => {
                let msg = panic_message(p.as_ref());
                log(&format!("internal error in `{method}`: {msg}"));
                Err(error(ErrorCode::InternalError, format!("internal error: {msg}")))
            }
        };
        self.respond(id, result);
    }

    fn dispatch(&mut self, req: Request) -> Result<Value, ResponseError> {
        match req.method.as_str() {
            "textDocument/hover" => {
                let p: HoverParams = params(req.params)?;
                to_value(self.hover(p))
            }
            "textDocument/definition" => {
                let p: GotoDefinitionParams = params(req.params)?;
                to_value(self.definition(p))
            }
            "textDocument/completion" => {
                let p: CompletionParams = params(req.params)?;
                to_value(self.completion(p))
            }
            "textDocument/documentSymbol" => {
                let p: DocumentSymbolParams = params(req.params)?;
                to_value(self.document_symbols(p))
            }
            "textDocument/formatting" => {
                let p: DocumentFormattingParams = params(req.params)?;
                to_value(self.formatting(p))
            }
            "textDocument/codeAction" => {
                let p: CodeActionParams = params(req.params)?;
                to_value(self.code_actions(p))
            }
            #[cfg(test)]
            "mopsc/testPanic" => panic!("a panic in a request handler"),
            other => Err(error(ErrorCode::MethodNotFound, format!("unknown method `{other}`"))),
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => match params::<DidOpenTextDocumentParams>(n.params) {
                Ok(p) => self.open(p.text_document.uri, p.text_document.text, p.text_document.version),
                Err(e) => log(&format!("didOpen: {}", e.message)),
            },
            "textDocument/didChange" => match params::<DidChangeTextDocumentParams>(n.params) {
                Ok(p) => self.change(p),
                Err(e) => log(&format!("didChange: {}", e.message)),
            },
            "textDocument/didClose" => match params::<DidCloseTextDocumentParams>(n.params) {
                Ok(p) => self.close(&p.text_document.uri),
                Err(e) => log(&format!("didClose: {}", e.message)),
            },
            "workspace/didChangeWatchedFiles" => self.files_changed(),
            INVALID_REQUEST => {
                let id = n.params.get("id").cloned().and_then(|v| serde_json::from_value::<RequestId>(v).ok());
                let message = n.params.get("message").and_then(Value::as_str).unwrap_or("invalid request").to_string();
                if let Some(id) = id {
                    self.respond(id, Err(error(ErrorCode::InvalidRequest, message)));
                }
            }
            "initialized" | "textDocument/didSave" | "workspace/didChangeConfiguration" => {}
            m if m.starts_with("$/") => {} // optional notifications (cancel, trace, progress)
            m => log(&format!("ignored notification `{m}`")),
        }
    }

    // ------------------------------------------------------------ documents

    fn key_for(&self, uri: &Uri, path: Option<&Path>) -> WsKey {
        match path {
            Some(p) => match p.parent().and_then(crate::workspace::find_root) {
                Some(root) => WsKey::Root(canonical(&root)),
                None => WsKey::File(p.to_path_buf()),
            },
            None => WsKey::Memory(uri.as_str().to_string()),
        }
    }

    fn mark(&mut self, key: WsKey, path: Option<PathBuf>) {
        if !self.dirty.contains(&key) {
            self.dirty.push(key);
        }
        if let Some(p) = path {
            self.changed.push(p);
        }
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    fn open(&mut self, uri: Uri, text: String, version: i32) {
        let path = uri_to_path(&uri).map(|p| canonical(&p));
        let key = self.key_for(&uri, path.as_deref());
        self.mark(key.clone(), path.clone());
        if let Some(p) = &path {
            self.overlay.texts.insert(p.clone(), text.clone());
        }
        let edited = self.tick();
        self.docs.insert(uri.as_str().to_string(), Document { uri, path, text, version, key, edited });
    }

    /// The open document of a file that was edited last (whose text the
    /// file is checked with).
    fn latest_of(&self, path: &Path) -> Option<&Document> {
        self.docs.values().filter(|d| d.path.as_deref() == Some(path)).max_by_key(|d| d.edited)
    }

    fn change(&mut self, p: DidChangeTextDocumentParams) {
        let edited = self.tick();
        let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str()) else {
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
            self.overlay.texts.insert(p.clone(), doc.text.clone());
        }
        let (key, path) = (doc.key.clone(), doc.path.clone());
        self.mark(key, path);
    }

    fn close(&mut self, uri: &Uri) {
        let Some(doc) = self.docs.remove(uri.as_str()) else {
            log(&format!("didClose for a document that is not open: {}", uri.as_str()));
            return;
        };
        // its file is checked with the text of another URI still open on
        // it, else read from disk again: check the workspace once more, or
        // clear its diagnostics when nothing of it stays open
        if let Some(p) = &doc.path {
            match self.latest_of(p).map(|d| d.text.clone()) {
                Some(text) => {
                    self.overlay.texts.insert(p.clone(), text);
                }
                None => {
                    self.overlay.texts.remove(p);
                }
            }
        }
        self.mark(doc.key, doc.path);
    }

    /// Files changed on disk: roots may have appeared or gone; check all.
    fn files_changed(&mut self) {
        let docs: Vec<(String, Uri, Option<PathBuf>)> =
            self.docs.iter().map(|(k, d)| (k.clone(), d.uri.clone(), d.path.clone())).collect();
        for (k, uri, path) in docs {
            let key = self.key_for(&uri, path.as_deref());
            if let Some(d) = self.docs.get_mut(&k) {
                d.key = key;
            }
        }
        let keys: Vec<WsKey> = self.checks.keys().cloned().chain(self.docs.values().map(|d| d.key.clone())).collect();
        for k in keys {
            self.mark(k, None);
        }
    }

    // ------------------------------------------------------------ checking

    /// Check every workspace marked dirty, and those that include a changed
    /// file; publish their diagnostics.
    fn flush(&mut self) {
        if self.dirty.is_empty() {
            return;
        }
        let changed = std::mem::take(&mut self.changed);
        let mut keys = std::mem::take(&mut self.dirty);
        for (k, c) in &self.checks {
            if !keys.contains(k) && changed.iter().any(|p| c.paths.contains(p)) {
                keys.push(k.clone());
            }
        }
        for key in keys {
            if !self.docs.values().any(|d| d.key == key) {
                // nothing of this workspace is open any more
                if let Some(c) = self.checks.remove(&key) {
                    for u in c.published {
                        self.publish_uri(&u, Vec::new(), None);
                    }
                }
                continue;
            }
            let result = match catch_unwind(AssertUnwindSafe(|| self.run_check(&key))) {
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
    fn ensure_fresh(&mut self) {
        self.flush();
    }

    fn run_check(&self, key: &WsKey) -> Result<Report, String> {
        if let WsKey::Memory(uri) = key {
            let doc = self.docs.get(uri).ok_or("the document is not open")?;
            if doc.text.len() as u64 > self.opts.limits.max_file_bytes {
                return Err(format!(
                    "the document is {} bytes, over the limit of {} bytes (--max-file-size); it is not checked",
                    doc.text.len(),
                    self.opts.limits.max_file_bytes
                ));
            }
            return Ok(crate::check::check_source(uri, &doc.text, &self.opts));
        }
        let paths = match key {
            WsKey::Root(root) => {
                // the root, and its open documents: also unsaved new files
                // and files its include/exclude leave out
                let mut paths = vec![root.clone()];
                paths.extend(self.docs.values().filter(|d| d.key == *key).filter_map(|d| d.path.clone()));
                paths
            }
            WsKey::File(p) => vec![p.clone()],
            WsKey::Memory(_) => Vec::new(),
        };
        crate::check::check_paths_with_overlay(&paths, &self.opts, &self.overlay).map_err(|e| e.to_string())
    }

    /// The URI of a file of a report: the open document's own URI when it
    /// is open (clients match URIs as strings; of several, the one edited
    /// last), else the path's.
    fn uri_of(&self, key: &WsKey, files: &Files, id: FileId) -> Option<Uri> {
        if id == FileId::PRELUDE {
            return None;
        }
        if let WsKey::Memory(u) = key {
            return self.docs.get(u).map(|d| d.uri.clone());
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
    fn targets_of(&self, key: &WsKey, files: &Files, id: FileId) -> Vec<(Uri, Option<i32>)> {
        if let WsKey::Memory(u) = key {
            return self.docs.get(u).map(|d| (d.uri.clone(), Some(d.version))).into_iter().collect();
        }
        let f = files.get(id);
        let mut open: Vec<&Document> =
            self.docs.values().filter(|d| d.path.as_ref() == Some(&f.path) && d.text == f.text()).collect();
        if open.is_empty() {
            return match self.latest_of(&f.path) {
                Some(d) => vec![(d.uri.clone(), Some(d.version))],
                None => self.uri_of(key, files, id).map(|u| (u, None)).into_iter().collect(),
            };
        }
        open.sort_by(|a, b| a.uri.as_str().cmp(b.uri.as_str()));
        open.into_iter().map(|d| (d.uri.clone(), Some(d.version))).collect()
    }

    /// Publish diagnostics for a URI. An open document (with a version) is
    /// always sent its list; another file only when its list changed.
    fn publish(&mut self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let key = uri.as_str().to_string();
        if version.is_none() && self.last_sent.get(&key) == Some(&diagnostics) {
            return;
        }
        if diagnostics.is_empty() {
            self.last_sent.remove(&key);
        } else {
            self.last_sent.insert(key, diagnostics.clone());
        }
        let params = PublishDiagnosticsParams { uri, diagnostics, version };
        self.send(Message::Notification(Notification::new("textDocument/publishDiagnostics".into(), params)));
    }

    fn publish_uri(&mut self, uri: &str, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        if let Ok(uri) = uri.parse::<Uri>() {
            self.publish(uri, diagnostics, version);
        }
    }

    fn publish_check(&mut self, key: WsKey, result: Result<Report, String>) {
        // the previous check is dropped at the end, after the diagnostics
        // are sent: freeing a large report is not the client's wait
        let previous = self.checks.remove(&key);
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
                let uri_of = |id: FileId| self.uri_of(&key, files, id);
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
                    let targets = self.targets_of(&key, files, id);
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
        self.checks.insert(key, Checked { report: result.ok(), paths, published });
        drop(previous);
    }

    // ------------------------------------------------------------ requests

    /// The document and its last check; `None` (with a log line) for a
    /// document that is not open. Call [`Server::ensure_fresh`] first.
    fn view(&self, uri: &Uri) -> Option<View<'_>> {
        let Some(doc) = self.docs.get(uri.as_str()) else {
            log(&format!("request for a document that is not open: {}", uri.as_str()));
            return None;
        };
        if doc.text.len() as u64 > self.opts.limits.max_file_bytes {
            // over --max-file-size: checked as E002 and never parsed
            return None;
        }
        let report = self.checks.get(&doc.key).and_then(|c| c.report.as_ref());
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

    fn hover(&mut self, p: HoverParams) -> Option<Hover> {
        self.ensure_fresh();
        let pos = p.text_document_position_params.position;
        let view = self.view(&p.text_document_position_params.text_document.uri)?;
        let text = &view.doc.text;
        let map = LineMap::new(text);
        let offset = map.offset(text, pos);
        let ast = view.ast();
        let input =
            hover::Input { text, offset, file: view.file, report: view.report, analysis: view.analysis, ast: &ast };
        let (value, span) = hover::hover(&input)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }),
            range: Some(map.range(text, span)),
        })
    }

    fn definition(&mut self, p: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
        self.ensure_fresh();
        let pos = p.text_document_position_params.position;
        let uri = p.text_document_position_params.text_document.uri;
        let view = self.view(&uri)?;
        let (file, analysis, report) = (view.file?, view.analysis?, view.report?);
        let text = &view.doc.text;
        let offset = LineMap::new(text).offset(text, pos);
        let ast = view.ast();
        let target = definition::definition(offset, file, &ast, analysis)?;
        let key = view.doc.key.clone();
        let target_uri = self.uri_of(&key, &report.files, target.file)?;
        let ttext = &report.files.get(target.file).text();
        let range = LineMap::new(ttext).range(ttext, target.span);
        Some(GotoDefinitionResponse::Scalar(Location { uri: target_uri, range }))
    }

    fn completion(&mut self, p: CompletionParams) -> Option<CompletionResponse> {
        self.ensure_fresh();
        let pos = p.text_document_position.position;
        let view = self.view(&p.text_document_position.text_document.uri)?;
        let text = &view.doc.text;
        let map = LineMap::new(text);
        let offset = map.offset(text, pos);
        let items = completion::complete(text, offset, &map, view.analysis);
        Some(CompletionResponse::Array(items))
    }

    fn document_symbols(&mut self, p: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
        self.ensure_fresh();
        let view = self.view(&p.text_document.uri)?;
        let text = &view.doc.text;
        let ast = view.ast();
        Some(DocumentSymbolResponse::Nested(symbols::document_symbols(text, &LineMap::new(text), &ast)))
    }

    fn formatting(&mut self, p: DocumentFormattingParams) -> Option<Vec<lsp_types::TextEdit>> {
        let doc = self.docs.get(p.text_document.uri.as_str());
        let Some(doc) = doc else {
            log(&format!("formatting of a document that is not open: {}", p.text_document.uri.as_str()));
            return None;
        };
        match actions::format(&doc.text) {
            Ok(edits) => Some(edits),
            Err(why) => {
                // no edits: an error response would pop up on every
                // format-on-save of a file being typed
                log(&format!("not formatted ({}): {why}", p.text_document.uri.as_str()));
                None
            }
        }
    }

    fn code_actions(&mut self, p: CodeActionParams) -> Option<Vec<lsp_types::CodeActionOrCommand>> {
        self.ensure_fresh();
        let uri = p.text_document.uri;
        let only = p.context.only;
        let fix_all = if only.as_deref().is_none_or(actions::wants_fix_all) { self.fix_all(&uri) } else { None };
        let view = self.view(&uri)?;
        let (report, file) = (view.report?, view.file?);
        let text = &view.doc.text;
        let span = LineMap::new(text).span(text, p.range);
        let key = view.doc.key.clone();
        let uri_of = |id: FileId| self.uri_of(&key, &report.files, id);
        Some(actions::code_actions(report, file, &uri, span, only.as_deref(), &uri_of, fix_all))
    }

    /// What `mopsc check --fix` would write for a document: its safe fixes
    /// applied, the workspace checked again with the new text, and again,
    /// until nothing more applies (at most 10 rounds, as the CLI); nothing
    /// for a document with a syntax error (E001, E002). The new text and the
    /// number of fixes.
    fn fix_all(&mut self, uri: &Uri) -> Option<(String, usize)> {
        let doc = self.docs.get(uri.as_str())?;
        let (key, path, mut text) = (doc.key.clone(), doc.path.clone(), doc.text.clone());
        let mut total = 0;
        let mut report: Option<Report> = None;
        for _round in 0..10 {
            let r = match &report {
                Some(r) => r,
                None => self.checks.get(&key).and_then(|c| c.report.as_ref())?,
            };
            let file = match &key {
                WsKey::Memory(_) => Some(FileId(1)).filter(|_| r.files.len() > 1),
                _ => {
                    let p = path.as_deref()?;
                    r.files.iter().find(|(_, f)| !f.config && f.path == p).map(|(id, _)| id)
                }
            }?;
            if r.files.get(file).text() != text
                || r.diagnostics.iter().any(|d| d.file == file && (d.code == "E001" || d.code == "E002"))
            {
                break;
            }
            let safe: Vec<&crate::diagnostic::Fix> = r
                .diagnostics
                .iter()
                .filter(|d| d.file == file)
                .filter_map(|d| d.fix.as_ref())
                .filter(|f| f.applicability == crate::diagnostic::Applicability::Safe)
                .collect();
            let (new, n) = crate::fix::apply(&text, &safe);
            if n == 0 || new == text {
                break;
            }
            text = new;
            total += n;
            // check again with the new text in place of the document's
            let next = match (&key, &path) {
                (WsKey::Memory(u), _) => Ok(crate::check::check_source(u, &text, &self.opts)),
                (_, Some(p)) => {
                    let before = self.overlay.texts.insert(p.clone(), text.clone());
                    let r = self.run_check(&key);
                    match before {
                        Some(t) => self.overlay.texts.insert(p.clone(), t),
                        None => self.overlay.texts.remove(p),
                    };
                    r
                }
                (_, None) => break,
            };
            match next {
                Ok(r) => report = Some(r),
                Err(_) => break,
            }
        }
        (total > 0).then_some((text, total))
    }
}

fn initialize_result() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::UTF16),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                ..Default::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(["=", "[", ":", ","].iter().map(|s| s.to_string()).collect()),
                resolve_provider: Some(false),
                ..Default::default()
            }),
            document_symbol_provider: Some(OneOf::Left(true)),
            document_formatting_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::SOURCE_FIX_ALL]),
                ..Default::default()
            })),
            ..Default::default()
        },
        server_info: Some(ServerInfo { name: "mopsc".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_request_is_an_internal_error_response() {
        let (tx, rx) = crossbeam_channel::unbounded();
        let mut server = Server::new(tx, Options::new(crate::literal::date("2026-11-24").expect("date")));
        server.initialized = true;
        assert!(server.request(Request::new(7.into(), "mopsc/testPanic".into(), Value::Null)).is_none());
        let Ok(Message::Response(r)) = rx.try_recv() else { panic!("a response") };
        assert_eq!(r.id, RequestId::from(7));
        let e = r.response_result.expect_err("an error response");
        assert_eq!(e.code, ErrorCode::InternalError as i32);
        assert!(e.message.contains("a panic in a request handler"), "{}", e.message);
        // and the server goes on
        assert!(server.request(Request::new(8.into(), "shutdown".into(), Value::Null)).is_none());
        let Ok(Message::Response(r)) = rx.try_recv() else { panic!("a response") };
        assert_eq!(r.response_result.expect("shutdown succeeds"), Value::Null);
    }
}
