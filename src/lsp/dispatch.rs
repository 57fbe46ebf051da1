//! Typed dispatch, in rust-analyzer's manner: a request or notification is
//! matched to its handler by the `lsp_types` type that names its method,
//! and its params are read as that type's `Params`.
//!
//! ```text
//! d.on::<HoverRequest>(hover::handle)
//! ```
//!
//! A request handler is `fn(&mut Server, R::Params) -> R::Result`; a
//! notification handler `fn(&mut Server, N::Params)`. Params that do not
//! read answer `InvalidParams` (a request) or are logged (a notification);
//! a request no handler takes answers `MethodNotFound`; a notification no
//! handler takes is logged, except the optional `$/…` ones.

use lsp_server::{ErrorCode, Notification, Request, ResponseError};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::server::Server;
use super::transport::log;

pub(super) fn error(code: ErrorCode, message: impl Into<String>) -> ResponseError {
    ResponseError { code: code as i32, message: message.into(), data: None }
}

fn params<P: DeserializeOwned>(v: Value) -> Result<P, ResponseError> {
    serde_json::from_value(v).map_err(|e| error(ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}

pub(super) fn to_value<T: serde::Serialize>(v: T) -> Result<Value, ResponseError> {
    serde_json::to_value(v).map_err(|e| error(ErrorCode::InternalError, e.to_string()))
}

/// One request on its way to its handler.
pub(super) struct Requests<'s> {
    server: &'s mut Server,
    /// The request, until a handler takes it.
    request: Option<Request>,
    result: Option<Result<Value, ResponseError>>,
}

impl<'s> Requests<'s> {
    pub(super) fn new(server: &'s mut Server, request: Request) -> Requests<'s> {
        Requests { server, request: Some(request), result: None }
    }

    /// Answer `R` with `handler`.
    pub(super) fn on<R: lsp_types::request::Request>(
        &mut self,
        handler: fn(&mut Server, R::Params) -> R::Result,
    ) -> &mut Self {
        if let Some(req) = self.request.take_if(|r| r.method == R::METHOD) {
            let server = &mut *self.server;
            self.result = Some(params::<R::Params>(req.params).and_then(|p| to_value(handler(server, p))));
        }
        self
    }

    /// The handler's answer, or `MethodNotFound`.
    pub(super) fn finish(&mut self) -> Result<Value, ResponseError> {
        if let Some(result) = self.result.take() {
            return result;
        }
        let method = self.request.take().map(|r| r.method).unwrap_or_default();
        Err(error(ErrorCode::MethodNotFound, format!("unknown method `{method}`")))
    }
}

/// One notification on its way to its handler.
pub(super) struct Notifications<'s> {
    server: &'s mut Server,
    /// The notification, until a handler takes it.
    notification: Option<Notification>,
}

impl<'s> Notifications<'s> {
    pub(super) fn new(server: &'s mut Server, notification: Notification) -> Notifications<'s> {
        Notifications { server, notification: Some(notification) }
    }

    fn take(&mut self, method: &str) -> Option<Notification> {
        self.notification.take_if(|n| n.method == method)
    }

    /// Handle `N` with `handler`; params that do not read are logged
    /// (`didOpen: invalid parameters: …`).
    pub(super) fn on<N: lsp_types::notification::Notification>(
        &mut self,
        handler: fn(&mut Server, N::Params),
    ) -> &mut Self {
        if let Some(n) = self.take(N::METHOD) {
            match params::<N::Params>(n.params) {
                Ok(p) => handler(self.server, p),
                Err(e) => log(&format!("{}: {}", N::METHOD.rsplit('/').next().unwrap_or(N::METHOD), e.message)),
            }
        }
        self
    }

    /// Handle `N`, a notification that only says something happened, with
    /// `handler`: its params are not read.
    pub(super) fn on_event<N: lsp_types::notification::Notification>(&mut self, handler: fn(&mut Server)) -> &mut Self {
        if self.take(N::METHOD).is_some() {
            handler(self.server);
        }
        self
    }

    /// Accept `N` and do nothing.
    pub(super) fn ignore<N: lsp_types::notification::Notification>(&mut self) -> &mut Self {
        self.take(N::METHOD);
        self
    }

    /// Log a notification no handler took (the optional `$/…` ones quietly
    /// dropped: cancel, trace, progress).
    pub(super) fn finish(&mut self) {
        if let Some(n) = self.notification.take() {
            if !n.method.starts_with("$/") {
                log(&format!("ignored notification `{}`", n.method));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use lsp_server::{Message, Notification, Request};
    use serde_json::json;

    use super::*;
    use crate::check::Options;

    fn server() -> (Server, crossbeam_channel::Receiver<Message>) {
        let (tx, rx) = crossbeam_channel::unbounded();
        (Server::new(tx, Options::new(crate::literal::date("2026-11-24").expect("date"))), rx)
    }

    fn notify(s: &mut Server, method: &str, params: Value) {
        let mut d = Notifications::new(s, Notification::new(method.into(), params));
        crate::lsp::notifications(&mut d);
        d.finish();
        s.flush();
    }

    fn published(rx: &crossbeam_channel::Receiver<Message>) -> Vec<String> {
        rx.try_iter()
            .filter_map(|m| match m {
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    Some(n.params["uri"].as_str().unwrap_or("").to_string())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_request_is_answered_by_its_handler_or_is_not_found() {
        let (mut s, _rx) = server();
        let answer = |s: &mut Server, method: &str, params: Value| {
            let mut d = Requests::new(s, Request::new(1.into(), method.into(), params));
            crate::lsp::requests(&mut d);
            d.finish()
        };
        let uri = json!({ "uri": "untitled:nope" });
        let hover = answer(
            &mut s,
            "textDocument/hover",
            json!({ "textDocument": uri, "position": { "line": 0, "character": 0 } }),
        );
        assert_eq!(hover.expect("answered"), Value::Null, "a document that is not open: no hover");
        let bad = answer(&mut s, "textDocument/hover", json!(42)).expect_err("bad params");
        assert_eq!(bad.code, ErrorCode::InvalidParams as i32);
        assert!(bad.message.starts_with("invalid parameters: "), "{}", bad.message);
        let unknown = answer(&mut s, "textDocument/nothing", Value::Null).expect_err("unknown");
        assert_eq!(
            (unknown.code, unknown.message.as_str()),
            (ErrorCode::MethodNotFound as i32, "unknown method `textDocument/nothing`")
        );
    }

    #[test]
    fn notifications_with_bad_params_are_dropped_and_watched_files_recheck_whatever_their_params() {
        let (mut s, rx) = server();
        let doc = json!({ "uri": "untitled:a", "languageId": "mops", "version": 1, "text": "tool x: crmm { }\n" });
        notify(&mut s, "textDocument/didOpen", json!({ "textDocument": doc }));
        assert_eq!(published(&rx), ["untitled:a"]);
        // params that do not read: nothing opened, nothing checked
        notify(&mut s, "textDocument/didOpen", json!({ "textDocument": 42 }));
        assert!(published(&rx).is_empty());
        // the watched-files notification does not read its params
        notify(&mut s, "workspace/didChangeWatchedFiles", json!(42));
        assert_eq!(published(&rx), ["untitled:a"]);
        // ignored and unknown notifications check nothing
        notify(&mut s, "textDocument/didSave", json!({}));
        notify(&mut s, "some/unknownNotification", json!({}));
        assert!(published(&rx).is_empty());
    }
}
