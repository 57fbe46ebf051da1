//! The message loop: the server's state, the lifecycle (`initialize`,
//! `shutdown`, `exit`), panics caught per message, and what goes out to the
//! client. The features are reached through [`super::requests`] and
//! [`super::notifications`].

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crossbeam_channel::Sender;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError};
use lsp_types::{InitializeResult, PublishDiagnosticsParams, ServerInfo, Uri};
use serde_json::Value;

use super::dispatch::{error, to_value, Notifications, Requests};
use super::documents::Documents;
use super::transport::{self, log};
use super::workspace::Workspaces;
use super::{ServeError, INVALID_REQUEST};
use crate::check::Options;

pub(super) struct Server {
    sender: Sender<Message>,
    pub(super) opts: Options,
    initialized: bool,
    shutdown: bool,
    /// The open documents.
    pub(super) docs: Documents,
    /// The last check of each workspace, and what is to be checked.
    pub(super) workspaces: Workspaces,
    /// The last non-empty diagnostics sent per URI, so that files that are
    /// not open are not sent the same list again on every keystroke.
    last_sent: HashMap<String, Vec<lsp_types::Diagnostic>>,
    /// The client's end of the connection is closed.
    gone: std::cell::Cell<bool>,
}

/// Serve one client over `connection` until `exit`: messages are handled in
/// order; after each batch of messages already waiting, the workspaces whose
/// documents changed are checked once.
pub(super) fn run(connection: Connection, opts: Options) -> Result<(), ServeError> {
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

pub(super) fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// What the transport sends for a message that is JSON with an `id` but
/// not a valid request ([`INVALID_REQUEST`]), so that the error response
/// goes out through the server like every other message.
pub(super) enum InvalidRequest {}

impl lsp_types::notification::Notification for InvalidRequest {
    type Params = Value;
    const METHOD: &'static str = INVALID_REQUEST;
}

/// Answer the invalid request with `InvalidRequest`.
pub(super) fn invalid_request(s: &mut Server, p: Value) {
    let id = p.get("id").cloned().and_then(|v| serde_json::from_value::<RequestId>(v).ok());
    let message = p.get("message").and_then(Value::as_str).unwrap_or("invalid request").to_string();
    if let Some(id) = id {
        s.respond(id, Err(error(ErrorCode::InvalidRequest, message)));
    }
}

impl Server {
    pub(super) fn new(sender: Sender<Message>, opts: Options) -> Server {
        Server {
            sender,
            opts,
            initialized: false,
            shutdown: false,
            docs: Documents::default(),
            workspaces: Workspaces::new(),
            last_sent: HashMap::new(),
            gone: std::cell::Cell::new(false),
        }
    }

    fn send(&self, msg: Message) {
        if self.sender.send(msg).is_err() && !self.gone.replace(true) {
            log("the client is gone: messages are no longer sent");
        }
    }

    fn respond(&self, id: RequestId, response_result: Result<Value, ResponseError>) {
        self.send(Message::Response(Response { id, response_result }));
    }

    /// Publish diagnostics for a URI. An open document (with a version) is
    /// always sent its list; another file only when its list changed.
    pub(super) fn publish(&mut self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
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

    pub(super) fn publish_uri(&mut self, uri: &str, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        if let Ok(uri) = uri.parse::<Uri>() {
            self.publish(uri, diagnostics, version);
        }
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
        let mut d = Requests::new(self, req);
        super::requests(&mut d);
        #[cfg(test)]
        d.on::<tests::TestPanic>(tests::panics);
        d.finish()
    }

    fn notification(&mut self, n: Notification) {
        let mut d = Notifications::new(self, n);
        d.on::<InvalidRequest>(invalid_request);
        super::notifications(&mut d);
        d.finish();
    }
}

fn initialize_result() -> InitializeResult {
    InitializeResult {
        capabilities: super::capabilities(),
        server_info: Some(ServerInfo { name: "mopsc".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request whose handler panics.
    pub(super) enum TestPanic {}

    impl lsp_types::request::Request for TestPanic {
        type Params = Value;
        type Result = ();
        const METHOD: &'static str = "mopsc/testPanic";
    }

    pub(super) fn panics(_: &mut Server, _: Value) {
        panic!("a panic in a request handler")
    }

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
