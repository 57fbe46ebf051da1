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
