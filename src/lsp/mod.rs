//! `mopsc lsp`: the language server (CLI.md "Editor"; docs/editor.md).
//!
//! Built on `lsp-server` (the transport and message types rust-analyzer and
//! ruff use) and `lsp-types`, over the same library the CLI calls. One
//! thread, one loop (`server.rs`): messages are handled in order; after each
//! batch of messages that are already waiting, the workspaces whose
//! documents changed are checked once and their diagnostics published
//! (`workspace.rs`). A request that needs a check (hover, definition,
//! completion, code actions) first runs the pending ones, so answers never
//! describe stale text.
//!
//! - `server.rs`: the message loop, the lifecycle, panics caught;
//! - `dispatch.rs`: typed dispatch, `on::<lsp_types::request::R>(handler)`;
//! - `documents.rs`: the open documents (full sync; incremental changes are
//!   applied too), which override the files on disk
//!   (`check_paths_with_overlay`);
//! - `workspace.rs`: which files are checked with a document, the last check
//!   of each workspace, publishing diagnostics, what a request sees;
//! - one file per feature, each with its `handle`: `hover.rs`,
//!   `definition.rs`, `completion.rs`, `symbols.rs`, `formatting.rs`,
//!   `actions.rs` (code actions), dispatched by [`requests`] and announced
//!   by [`capabilities`].
//!
//! Nothing in a request can stop the server: a panic becomes an
//! `InternalError` response, bad parameters `InvalidParams`, an unknown
//! method `MethodNotFound`; notifications for unknown documents are logged
//! and ignored.

mod actions;
pub(crate) mod completion;
mod cond_hover;
pub mod convert;
mod definition;
mod diagnostics;
mod dispatch;
mod documents;
mod formatting;
pub(crate) mod hover;
pub mod scan;
mod server;
pub(crate) mod symbols;
pub mod transport;
mod workspace;

use lsp_server::Connection;
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Initialized,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, OneOf,
    PositionEncodingKind, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions,
};

use crate::check::Options;
use dispatch::{Notifications, Requests};
use transport::log;

/// Every request the server answers once initialized: one line per feature.
fn requests(d: &mut Requests) {
    d.on::<HoverRequest>(hover::handle)
        .on::<GotoDefinition>(definition::handle)
        .on::<Completion>(completion::handle)
        .on::<DocumentSymbolRequest>(symbols::handle)
        .on::<Formatting>(formatting::handle)
        .on::<CodeActionRequest>(actions::handle);
}

/// Every notification the server reads once initialized.
fn notifications(d: &mut Notifications) {
    d.on::<DidOpenTextDocument>(documents::did_open)
        .on::<DidChangeTextDocument>(documents::did_change)
        .on::<DidCloseTextDocument>(documents::did_close)
        .on_event::<DidChangeWatchedFiles>(workspace::files_changed)
        .ignore::<Initialized>()
        .ignore::<DidSaveTextDocument>()
        .ignore::<DidChangeConfiguration>();
}

/// What `initialize` announces: one entry per feature of [`requests`].
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
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
    }
}

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
    server::run(connection, opts)
}
