//! The stdio transport of `mopsc lsp`.
//!
//! `lsp_server::Connection::stdio()` ends its reader thread on the first
//! malformed message (a bad header or a body that is not a JSON-RPC message),
//! and with it the server. Editors and fuzzers do send such things, and
//! issue 9 asks for a log line, never an exit, so this transport frames
//! messages itself: a malformed header or body is logged to stderr and
//! skipped; a body that is JSON with a usable `id` but is not a valid message
//! gets an `InvalidRequest` error response.

use std::io::{self, BufRead, Write};
use std::thread;

use crossbeam_channel::{bounded, unbounded, Sender};
use lsp_server::{Connection, Message, Notification, RequestId};

/// Bodies larger than this are skipped (and logged) rather than buffered.
const MAX_BODY: usize = 256 * 1024 * 1024;

/// The reader and writer threads of the stdio transport.
pub struct Threads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<()>,
}

impl Threads {
    /// Wait for the writer to flush what the server sent. The reader is
    /// detached: it may be blocked on stdin, which the client closes later.
    pub fn join(self) {
        let _ = self.writer.join();
        drop(self.reader);
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, Threads) {
    let (to_client, from_server) = unbounded::<Message>();
    let (to_server, from_client) = bounded::<Message>(64);
    let writer = thread::Builder::new()
        .name("mopsc-lsp-writer".into())
        .spawn(move || {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            for msg in from_server {
                if let Err(e) = msg.write(&mut out) {
                    log(&format!("cannot write to the client: {e}"));
                    return;
                }
            }
        })
        .expect("spawn the writer thread");
    let reader = thread::Builder::new()
        .name("mopsc-lsp-reader".into())
        .spawn(move || {
            let stdin = io::stdin();
            let mut input = stdin.lock();
            read_loop(&mut input, &to_server);
        })
        .expect("spawn the reader thread");
    (Connection { sender: to_client, receiver: from_client }, Threads { reader, writer })
}

/// Read framed messages until end of input or `exit`, forwarding the valid
/// ones to `to_server`. An invalid request with an `id` is forwarded as the
/// server's private `$/mopsc/invalidRequest` notification, which the server
/// answers with an `InvalidRequest` error (so every response leaves through
/// the server, and the writer stops when the server drops its sender).
pub fn read_loop(input: &mut impl BufRead, to_server: &Sender<Message>) {
    loop {
        let body = match read_frame(input) {
            Ok(Some(b)) => b,
            Ok(None) => return,
            Err(e) => {
                log(&format!("malformed message skipped: {e}"));
                continue;
            }
        };
        match serde_json::from_slice::<Message>(&body) {
            Ok(msg) => {
                let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                if to_server.send(msg).is_err() || exit {
                    return;
                }
            }
            Err(e) => {
                let text = String::from_utf8_lossy(&body);
                let shown: String = text.chars().take(200).collect();
                log(&format!("malformed JSON-RPC message skipped ({e}): {shown}"));
                if let Some(id) = request_id(&body) {
                    let params =
                        serde_json::json!({ "id": id, "message": format!("not a valid JSON-RPC request: {e}") });
                    let note = Notification::new(super::INVALID_REQUEST.to_string(), params);
                    if to_server.send(Message::Notification(note)).is_err() {
                        return;
                    }
                }
            }
        }
    }
}

/// The `id` of a JSON object that is not a valid message, when it has one.
fn request_id(body: &[u8]) -> Option<RequestId> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    match v.get("id")? {
        serde_json::Value::Number(n) => n.as_i64().and_then(|i| i32::try_from(i).ok()).map(RequestId::from),
        serde_json::Value::String(s) => Some(RequestId::from(s.clone())),
        _ => None,
    }
}

/// One `Content-Length`-framed body. `Ok(None)` at end of input; `Err` for a
/// malformed frame (the input is then positioned after it, ready for the next).
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut malformed: Option<String> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        if input.read_until(b'\n', &mut line)? == 0 {
            return if saw_header { Err(io::Error::other("end of input inside a header")) } else { Ok(None) };
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !saw_header {
                continue; // stray blank lines between messages
            }
            break;
        }
        saw_header = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => malformed = Some(format!("bad Content-Length `{}`", value.trim())),
                }
            }
            Some(_) => {}
            None => {
                malformed = Some(format!("header line without ':' `{}`", text.chars().take(80).collect::<String>()))
            }
        }
    }
    if let Some(m) = malformed {
        return Err(io::Error::other(m));
    }
    let Some(n) = length else { return Err(io::Error::other("no Content-Length header")) };
    if n > MAX_BODY {
        io::copy(&mut io::Read::take(&mut *input, n as u64), &mut io::sink())?;
        return Err(io::Error::other(format!("body of {n} bytes is over the limit")));
    }
    let mut body = vec![0; n];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

/// A log line on stderr (the client shows it in its log or output panel).
pub fn log(msg: &str) {
    let _ = writeln!(io::stderr().lock(), "mopsc lsp: {msg}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn malformed_input_is_skipped_and_answered() {
        let mut input = String::new();
        input.push_str("garbage without colon\r\n\r\n");
        input.push_str(&frame("{not json"));
        input.push_str(&frame(r#"{"jsonrpc":"2.0","id":7,"params":{}}"#));
        input.push_str("Content-Length: x\r\n\r\n");
        input.push_str(&frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#));
        input.push_str(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        input.push_str(&frame(r#"{"jsonrpc":"2.0","id":2,"method":"after-exit"}"#));
        let (tx, rx) = unbounded();
        read_loop(&mut io::Cursor::new(input.into_bytes()), &tx);
        let got: Vec<Message> = rx.try_iter().collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(
            matches!(&got[0], Message::Notification(n) if n.method == super::super::INVALID_REQUEST && n.params["id"] == 7)
        );
        assert!(matches!(&got[1], Message::Request(r) if r.method == "shutdown"));
        assert!(matches!(&got[2], Message::Notification(n) if n.method == "exit"));
    }
}
