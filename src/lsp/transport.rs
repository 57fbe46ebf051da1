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

/// A response that `lsp_server::Message` cannot express (an error whose
/// `id` is `null`): the writer sends its params as the message itself.
pub(crate) const RAW: &str = "$/mopsc/raw";

fn write_raw(out: &mut impl Write, msg: &serde_json::Value) -> io::Result<()> {
    let body = serde_json::to_vec(msg)?;
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(&body)?;
    out.flush()
}

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
                let written = match &msg {
                    Message::Notification(n) if n.method == RAW => write_raw(&mut out, &n.params),
                    _ => msg.write(&mut out),
                };
                if let Err(e) = written {
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
    let mut input = Pushback { back: Vec::new(), at: 0, inner: input };
    loop {
        let body = match read_frame(&mut input) {
            Ok(Some(b)) => b,
            Ok(None) => return,
            Err(e) => {
                log(&format!("malformed message skipped: {e}"));
                continue;
            }
        };
        match serde_json::from_slice::<Message>(&body) {
            // a request whose id is neither an integer nor a string parses
            // as a notification (`id` is ignored): answer it as invalid
            Ok(Message::Notification(_)) if bad_id(&body) => {
                log("request with an id that is neither an integer nor a string: answered with InvalidRequest");
                if to_server.send(invalid_with_null_id("the id must be an integer or a string")).is_err() {
                    return;
                }
            }
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
                let msg = format!("not a valid JSON-RPC request: {e}");
                let note = match request_id(&body) {
                    Some(id) => Message::Notification(Notification::new(
                        super::INVALID_REQUEST.to_string(),
                        serde_json::json!({ "id": id, "message": msg }),
                    )),
                    // an id that cannot be echoed (1.5, null, true, {}, []):
                    // JSON-RPC answers with a null id
                    None if has_id(&body) => invalid_with_null_id(&msg),
                    None => continue,
                };
                if to_server.send(note).is_err() {
                    return;
                }
            }
        }
    }
}

/// An `InvalidRequest` error with a null id, for the server to pass on.
fn invalid_with_null_id(message: &str) -> Message {
    let response = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32600, "message": message },
    });
    Message::Notification(Notification::new(RAW.to_string(), response))
}

/// Does the body, a JSON object, have an `id` member?
fn has_id(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body).ok().is_some_and(|v| v.get("id").is_some())
}

/// A body that parsed as a notification but has an `id` (a request whose id
/// is not an integer or a string). Only bodies mentioning `"id"` are parsed again.
fn bad_id(body: &[u8]) -> bool {
    body.windows(4).any(|w| w == b"\"id\"") && has_id(body)
}

/// A reader that can be given back bytes it read: a frame whose body ran
/// into the next header returns that header to the input.
struct Pushback<'a, R> {
    back: Vec<u8>,
    at: usize,
    inner: &'a mut R,
}

impl<R: BufRead> Pushback<'_, R> {
    fn unread(&mut self, bytes: &[u8]) {
        let mut back = bytes.to_vec();
        back.extend_from_slice(&self.back[self.at..]);
        self.back = back;
        self.at = 0;
    }
}

impl<R: BufRead> io::Read for Pushback<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Pushback<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at < self.back.len() {
            return Ok(&self.back[self.at..]);
        }
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        if self.at < self.back.len() {
            self.at = (self.at + amt).min(self.back.len());
            if self.at == self.back.len() {
                self.back.clear();
                self.at = 0;
            }
        } else {
            self.inner.consume(amt);
        }
    }
}

/// Where, in a body read so far, the next message's header starts: a
/// `Content-Length:` at the start of a line after a complete JSON value.
/// That is a frame whose Content-Length is larger than its body.
fn next_header(body: &[u8], from: usize) -> Option<usize> {
    const H: &[u8] = b"content-length:";
    let start = from.saturating_sub(H.len());
    (start..body.len().saturating_sub(H.len() - 1)).find(|&i| {
        body[i] | 0x20 == b'c'
            && body[i..i + H.len()].eq_ignore_ascii_case(H)
            && i > 0
            && serde_json::from_slice::<serde::de::IgnoredAny>(&body[..i]).is_ok()
    })
}

/// Serve a whole recorded message stream: frame `input` as `stdio` does,
/// run the server on it until the input ends, and return what the server
/// sent. For tests and the `lsp` fuzz target.
pub fn replay(input: &mut impl BufRead, opts: crate::check::Options) -> Vec<Message> {
    let (server, client) = Connection::memory();
    let Connection { sender: to_server, receiver: from_server } = client;
    let (tx, rx) = unbounded::<Message>();
    read_loop(input, &tx);
    drop(tx);
    for m in rx {
        if to_server.send(m).is_err() {
            break;
        }
    }
    drop(to_server);
    let _ = super::serve_with(server, opts);
    from_server.try_iter().collect()
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
fn read_frame<R: BufRead>(input: &mut Pushback<'_, R>) -> io::Result<Option<Vec<u8>>> {
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
    // read as the bytes come, watching for the next header: a body shorter
    // than its Content-Length would otherwise swallow the messages after it
    // (and wait for ever for bytes a client never sends)
    let mut body = Vec::with_capacity(n.min(1 << 20));
    while body.len() < n {
        let avail = input.fill_buf()?;
        if avail.is_empty() {
            return Err(io::Error::other("end of input inside a body"));
        }
        let take = avail.len().min(n - body.len());
        let from = body.len();
        body.extend_from_slice(&avail[..take]);
        input.consume(take);
        if let Some(at) = next_header(&body, from) {
            input.unread(&body[at..]);
            return Err(io::Error::other(format!(
                "Content-Length {n} is larger than the body ({at} bytes); recovered at the next header"
            )));
        }
    }
    Ok(Some(body))
}

/// A log line on stderr (the client shows it in its log or output panel).
pub fn log(msg: &str) {
    let _ = writeln!(io::stderr().lock(), "mopsc lsp: {msg}");
}

#[cfg(test)]
mod tests {
    use super::*;

    trait Params {
        fn into_params(self) -> serde_json::Value;
    }
    impl Params for Message {
        fn into_params(self) -> serde_json::Value {
            match self {
                Message::Notification(n) => n.params,
                _ => serde_json::Value::Null,
            }
        }
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_content_length_larger_than_its_body_recovers_at_the_next_header() {
        let body = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = format!("Content-Length: {}\r\n\r\n{body}", body.len() + 500);
        input.push_str(&frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#));
        input.push_str(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        let (tx, rx) = unbounded();
        read_loop(&mut io::Cursor::new(input.into_bytes()), &tx);
        let got: Vec<Message> = rx.try_iter().collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(matches!(&got[0], Message::Request(r) if r.method == "shutdown"));
        assert!(matches!(&got[1], Message::Notification(n) if n.method == "exit"));
    }

    #[test]
    fn a_document_mentioning_content_length_is_not_cut() {
        let body = r#"{"jsonrpc":"2.0","method":"x","params":{"text":"a\r\nContent-Length: 3\r\n\r\n{}"}}"#;
        let (tx, rx) = unbounded();
        read_loop(&mut io::Cursor::new(frame(body).into_bytes()), &tx);
        let got: Vec<Message> = rx.try_iter().collect();
        assert!(matches!(&got[..], [Message::Notification(n)] if n.method == "x"), "{got:?}");
    }

    #[test]
    fn requests_with_ids_that_are_not_integers_or_strings_are_answered() {
        let mut input = String::new();
        for id in ["1.5", "null", "true", "{}", "[]", "4294967296"] {
            input.push_str(&frame(&format!(
                r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{}}}}"#
            )));
        }
        let (tx, rx) = unbounded();
        read_loop(&mut io::Cursor::new(input.into_bytes()), &tx);
        let got: Vec<Message> = rx.try_iter().collect();
        assert_eq!(got.len(), 6, "{got:?}");
        for m in &got {
            let Message::Notification(n) = m else { panic!("{m:?}") };
            assert_eq!(n.method, RAW);
            assert_eq!(n.params["id"], serde_json::Value::Null);
            assert_eq!(n.params["error"]["code"], -32600);
        }
        let mut out = Vec::new();
        write_raw(&mut out, &got[0].clone().into_params()).expect("write");
        let out = String::from_utf8(out).expect("utf-8");
        assert!(out.starts_with("Content-Length: ") && out.contains(r#""id":null"#), "{out}");
    }

    #[test]
    fn after_a_bad_frame_shutdown_is_still_answered() {
        let init = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
        let bad = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = frame(init);
        input.push_str(&format!("Content-Length: {}\r\n\r\n{bad}", bad.len() + 100));
        input.push_str(&frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#));
        input.push_str(&frame(r#"{"jsonrpc":"2.0","id":2.5,"method":"textDocument/hover"}"#));
        input.push_str(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        let out = replay(
            &mut io::Cursor::new(input.into_bytes()),
            crate::check::Options::new(crate::literal::date("2026-11-24").expect("date")),
        );
        let ids: Vec<String> = out
            .iter()
            .map(|m| match m {
                Message::Response(r) => format!("{:?}", r.id),
                Message::Notification(n) => format!("{}:{}", n.method, n.params["id"]),
                Message::Request(r) => r.method.clone(),
            })
            .collect();
        assert_eq!(ids.len(), 3, "{ids:?}");
        assert!(ids[1].contains('2') && ids[2] == format!("{RAW}:null"), "{ids:?}");
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
