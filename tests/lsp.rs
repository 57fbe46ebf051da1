//! In-process protocol tests of `mopsc lsp` (KCL's and ruff's approach): the
//! server runs on a thread over `lsp_server::Connection::memory()` and the
//! test speaks JSON-RPC to it as an editor would. One test runs the real
//! binary over stdio with malformed input.

mod common;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::Duration;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{Position, Uri};
use mopsc::lsp::convert::{path_to_uri, LineMap};
use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(30);

struct Client {
    conn: Connection,
    next_id: i32,
    /// Notifications received while waiting for something else.
    pending: Vec<Notification>,
    server: Option<std::thread::JoinHandle<Result<(), mopsc::lsp::ServeError>>>,
}

impl Client {
    fn start() -> Client {
        Client::start_with(common::opts())
    }

    fn start_with(opts: mopsc::check::Options) -> Client {
        let (server, conn) = Connection::memory();
        let handle = std::thread::spawn(move || mopsc::lsp::serve_with(server, opts));
        let mut c = Client { conn, next_id: 1, pending: Vec::new(), server: Some(handle) };
        let init = c.request("initialize", json!({ "capabilities": {}, "processId": null, "rootUri": null }));
        assert!(init.response_result.is_ok(), "initialize failed: {init:?}");
        c.notify("initialized", json!({}));
        c
    }

    fn send(&self, msg: Message) {
        self.conn.sender.send(msg).expect("the server is running");
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(method.into(), params)));
    }

    fn recv(&self) -> Message {
        self.conn.receiver.recv_timeout(TIMEOUT).expect("the server answers in time")
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        let id = RequestId::from(self.next_id);
        self.next_id += 1;
        self.send(Message::Request(Request::new(id.clone(), method.into(), params)));
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return r,
                Message::Response(r) => panic!("unexpected response {r:?}"),
                Message::Notification(n) => self.pending.push(n),
                Message::Request(r) => panic!("unexpected request from the server {r:?}"),
            }
        }
    }

    /// The result of a request that must succeed.
    fn result(&mut self, method: &str, params: Value) -> Value {
        match self.request(method, params).response_result {
            Ok(v) => v,
            Err(e) => panic!("{method} failed: {} {}", e.code, e.message),
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &Uri) -> Vec<Value> {
        let is_for = |n: &Notification| {
            n.method == "textDocument/publishDiagnostics" && n.params["uri"].as_str() == Some(uri.as_str())
        };
        if let Some(i) = self.pending.iter().position(is_for) {
            let n = self.pending.remove(i);
            return n.params["diagnostics"].as_array().cloned().unwrap_or_default();
        }
        loop {
            match self.recv() {
                Message::Notification(n) if is_for(&n) => {
                    return n.params["diagnostics"].as_array().cloned().unwrap_or_default()
                }
                Message::Notification(n) => self.pending.push(n),
                other => panic!("unexpected message {other:?}"),
            }
        }
    }

    /// Forget the notifications received so far.
    fn clear(&mut self) {
        self.pending.clear();
        while let Ok(m) = self.conn.receiver.try_recv() {
            assert!(matches!(m, Message::Notification(_)), "unexpected {m:?}");
        }
    }

    fn open(&mut self, uri: &Uri, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri.as_str(), "languageId": "mops", "version": 1, "text": text } }),
        );
    }

    fn change(&mut self, uri: &Uri, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri.as_str(), "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    fn close(&mut self, uri: &Uri) {
        self.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri.as_str() } }));
    }

    fn at(&mut self, method: &str, uri: &Uri, pos: Position) -> Value {
        self.result(method, json!({ "textDocument": { "uri": uri.as_str() }, "position": pos }))
    }

    fn shutdown(mut self) {
        let r = self.result("shutdown", Value::Null);
        assert_eq!(r, Value::Null);
        self.notify("exit", Value::Null);
        let handle = self.server.take().expect("server thread");
        let outcome = handle.join().expect("the server thread does not panic");
        assert!(outcome.is_ok(), "{outcome:?}");
    }
}

/// A temporary workspace: files written to disk (with a `mops.toml` when
/// `root`), canonical paths.
struct Ws {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Ws {
    fn new(root: bool, files: &[(&str, &str)]) -> Ws {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = std::fs::canonicalize(dir.path()).expect("canonical");
        if root {
            std::fs::write(path.join("mops.toml"), "[lint]\nselect = [\"UTM\", \"SEQ\"]\n").expect("write");
        }
        for (name, text) in files {
            std::fs::write(path.join(name), text).expect("write");
        }
        Ws { _dir: dir, path }
    }
    fn uri(&self, name: &str) -> Uri {
        path_to_uri(&self.path.join(name)).expect("uri")
    }
    fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

/// The position of the `nth` occurrence of `needle` in `text`, plus `delta` bytes.
fn pos(text: &str, needle: &str, delta: usize) -> Position {
    let off = text.find(needle).unwrap_or_else(|| panic!("`{needle}` in the text")) + delta;
    LineMap::new(text).position(text, off)
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect()
}

fn labels(items: &Value) -> Vec<String> {
    let list = items.as_array().or_else(|| items["items"].as_array()).expect("completion items");
    let mut v: Vec<(String, String)> = list
        .iter()
        .map(|i| (i["sortText"].as_str().unwrap_or("").to_string(), i["label"].as_str().unwrap_or("").to_string()))
        .collect();
    v.sort();
    v.into_iter().map(|(_, l)| l).collect()
}

/// Apply LSP text edits to a text.
fn apply(text: &str, edits: &Value) -> String {
    let map = LineMap::new(text);
    let mut spans: Vec<(usize, usize, String)> = edits
        .as_array()
        .expect("edits")
        .iter()
        .map(|e| {
            let r: lsp_types::Range = serde_json::from_value(e["range"].clone()).expect("range");
            let s = map.span(text, r);
            (s.start(), s.end(), e["newText"].as_str().expect("newText").to_string())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

const STACK: &str = "tool salesforce: crm {\n  owner    = \"revops@acme.io\"\n  reviewed = 2026-10-01\n}\n\ntool hubspot: marketing-automation {\n  owner = \"ops@acme.io\"\n}\n";

const LAUNCH: &str = "import \"stack.mops\"\n\ncampaign launch: product-launch {\n  owner = \"dana@acme.io\"\n  start = 2026-12-01\n  step plan: marketing-context { duration = 2d  tool = salesforce }\n  step copy: copywriting { after = [plan]  duration = 3d }\n}\n";

#[test]
fn initialize_announces_the_features() {
    let (server, conn) = Connection::memory();
    let handle = std::thread::spawn(move || mopsc::lsp::serve_with(server, common::opts()));
    conn.sender
        .send(Message::Request(Request::new(1.into(), "initialize".into(), json!({ "capabilities": {} }))))
        .expect("send");
    let Message::Response(r) = conn.receiver.recv_timeout(TIMEOUT).expect("answer") else { panic!("a response") };
    let caps = r.response_result.expect("initialize succeeds")["capabilities"].clone();
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 1, "full sync");
    for cap in ["hoverProvider", "definitionProvider", "documentSymbolProvider", "documentFormattingProvider"] {
        assert_eq!(caps[cap], true, "{cap}");
    }
    assert!(caps["completionProvider"]["triggerCharacters"].as_array().is_some_and(|t| t.contains(&json!("="))));
    assert_eq!(caps["codeActionProvider"]["codeActionKinds"], json!(["quickfix", "source.fixAll"]));
    drop(conn);
    assert!(matches!(handle.join().expect("no panic"), Err(mopsc::lsp::ServeError::Disconnected)));
}

#[test]
fn requests_before_initialize_are_refused() {
    let (server, conn) = Connection::memory();
    std::thread::spawn(move || mopsc::lsp::serve_with(server, common::opts()));
    conn.sender.send(Message::Request(Request::new(1.into(), "textDocument/hover".into(), json!({})))).expect("send");
    let Message::Response(r) = conn.receiver.recv_timeout(TIMEOUT).expect("answer") else { panic!("a response") };
    assert_eq!(r.response_result.expect_err("refused").code, ErrorCode::ServerNotInitialized as i32);
}

#[test]
fn diagnostics_on_open_and_change() {
    let ws = Ws::new(true, &[("stack.mops", STACK)]);
    let uri = ws.uri("stack.mops");
    let mut c = Client::start();
    c.open(&uri, STACK);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new(), "a clean file gets an empty list");

    let broken = STACK.replace("owner    =", "ownr     =").replace(": crm", ": crmm");
    c.change(&uri, 2, &broken);
    let diags = c.diagnostics(&uri);
    assert_eq!(codes(&diags), vec!["E015", "E011"]);
    let e011 = &diags[1];
    assert_eq!(e011["severity"], 1);
    assert_eq!(e011["source"], "mopsc");
    assert_eq!(e011["range"]["start"], json!({ "line": 1, "character": 2 }));
    assert_eq!(e011["range"]["end"], json!({ "line": 1, "character": 6 }));
    assert!(e011["message"].as_str().expect("message").contains("unknown attribute `ownr`"));
    assert!(e011["message"].as_str().expect("message").contains("help: did you mean `owner`?"));

    c.change(&uri, 3, STACK);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new(), "fixed: the list is emptied");
    c.shutdown();
}

#[test]
fn open_documents_override_the_disk() {
    // on disk the campaign's tool is missing; the open buffer declares it
    let ws = Ws::new(true, &[("stack.mops", "tool hubspot: marketing-automation { }\n"), ("launch.mops", LAUNCH)]);
    let mut c = Client::start();
    let launch = ws.uri("launch.mops");
    c.open(&launch, LAUNCH);
    assert_eq!(codes(&c.diagnostics(&launch)), vec!["E021"], "salesforce is not on disk");
    let stack = ws.uri("stack.mops");
    c.open(&stack, STACK);
    assert_eq!(c.diagnostics(&launch), Vec::<Value>::new(), "the unsaved buffer declares it");
    // a new file that exists only in the editor is checked too, and can be imported
    let fresh = ws.uri("fresh.mops");
    c.open(&fresh, "import \"stack.mops\"\ntool x: seo { integrates = [nope] }\n");
    assert_eq!(codes(&c.diagnostics(&fresh)), vec!["E021"]);
    c.shutdown();
}

#[test]
fn files_importing_the_changed_one_are_checked_again() {
    // no mops.toml: each file is checked with its imports
    let ws = Ws::new(false, &[("stack.mops", STACK), ("launch.mops", LAUNCH)]);
    let (stack, launch) = (ws.uri("stack.mops"), ws.uri("launch.mops"));
    let mut c = Client::start();
    c.open(&stack, STACK);
    c.open(&launch, LAUNCH);
    c.diagnostics(&stack);
    let before = c.diagnostics(&launch);
    assert!(!codes(&before).contains(&"E021".to_string()), "{before:?}");
    c.clear();
    c.change(&stack, 2, &STACK.replace("salesforce", "sfdc"));
    let after = c.diagnostics(&launch);
    let e021: Vec<&Value> = after.iter().filter(|d| d["code"] == "E021").collect();
    assert_eq!(e021.len(), 1, "{after:?}");
    assert!(e021[0]["message"].as_str().expect("msg").contains("undefined tool `salesforce`"));
    assert_eq!(e021[0]["range"]["start"], serde_json::to_value(pos(LAUNCH, "salesforce }", 0)).expect("pos"));
    c.shutdown();
}

#[test]
fn a_file_that_became_clean_is_cleared_and_closing_clears_the_rest() {
    let ws = Ws::new(true, &[("stack.mops", STACK), ("launch.mops", LAUNCH)]);
    let (stack, launch) = (ws.uri("stack.mops"), ws.uri("launch.mops"));
    let mut c = Client::start();
    c.open(&stack, STACK);
    assert_eq!(c.diagnostics(&stack), Vec::<Value>::new());
    // breaking stack.mops in the editor breaks launch.mops (not open) too
    c.change(&stack, 2, &STACK.replace("tool salesforce", "tool sfdc"));
    assert_eq!(c.diagnostics(&stack), Vec::<Value>::new());
    assert_eq!(codes(&c.diagnostics(&launch)), vec!["E021"]);
    c.change(&stack, 3, STACK);
    assert_eq!(c.diagnostics(&launch), Vec::<Value>::new(), "launch.mops became clean");
    c.change(&stack, 4, &STACK.replace("tool salesforce", "tool sfdc"));
    assert_eq!(codes(&c.diagnostics(&launch)), vec!["E021"]);
    // the same diagnostics are not sent again to a file that is not open
    c.clear();
    c.change(&stack, 5, &STACK.replace("tool salesforce", "tool sfdc").replace("ops@", "team@"));
    c.at("textDocument/hover", &stack, Position { line: 0, character: 0 });
    assert!(c.pending.iter().any(|n| n.params["uri"] == stack.as_str()), "the open file is always sent");
    assert!(!c.pending.iter().any(|n| n.params["uri"] == launch.as_str()), "{:?}", c.pending);
    // closing the last open file of the workspace clears what it published
    c.close(&stack);
    assert_eq!(c.diagnostics(&launch), Vec::<Value>::new());
    c.shutdown();
}

#[test]
fn hover_on_an_attribute_a_kind_and_a_skill() {
    let ws = Ws::new(true, &[("stack.mops", STACK), ("launch.mops", LAUNCH)]);
    let launch = ws.uri("launch.mops");
    let mut c = Client::start();
    c.open(&launch, LAUNCH);
    let h = c.at("textDocument/hover", &launch, pos(LAUNCH, "duration = 2d", 3));
    let md = h["contents"]["value"].as_str().expect("markdown").to_string();
    assert!(md.contains("**attribute** `duration` of `step` (required)"), "{md}");
    assert!(md.contains("How long the step runs."), "{md}");
    assert!(md.contains("type: a duration (e.g. 4d)"), "{md}");
    assert_eq!(h["contents"]["kind"], "markdown");
    assert_eq!(h["range"]["start"], serde_json::to_value(pos(LAUNCH, "duration = 2d", 0)).expect("pos"));

    let h = c.at("textDocument/hover", &launch, pos(LAUNCH, "campaign launch", 2));
    let md = h["contents"]["value"].as_str().expect("markdown");
    assert!(md.starts_with("**block** `campaign`"), "{md}");
    assert!(md.contains("A campaign: steps that invoke marketing skills, in order."), "{md}");

    let h = c.at("textDocument/hover", &launch, pos(LAUNCH, "copywriting", 4));
    let md = h["contents"]["value"].as_str().expect("markdown");
    insta::assert_snapshot!("hover_skill", md);
    assert!(md.contains("**skill** `copywriting`"), "{md}");
    assert!(md.contains("- requires:") && md.contains("- produces:"), "{md}");

    // a reference to a tool in another file, and a step reference
    let h = c.at("textDocument/hover", &launch, pos(LAUNCH, "salesforce }", 2));
    let md = h["contents"]["value"].as_str().expect("markdown");
    assert!(md.starts_with("**tool** `salesforce`: crm"), "{md}");
    assert!(md.contains("- owner: revops@acme.io"), "{md}");
    let h = c.at("textDocument/hover", &launch, pos(LAUNCH, "[plan]", 2));
    let md = h["contents"]["value"].as_str().expect("markdown");
    assert!(md.starts_with("**step** `plan` of campaign `launch`: skill `marketing-context`"), "{md}");

    // an enum value of a tool's type
    let stack = ws.uri("stack.mops");
    c.open(&stack, STACK);
    let h = c.at("textDocument/hover", &stack, pos(STACK, "crm {", 1));
    let md = h["contents"]["value"].as_str().expect("markdown");
    assert!(md.starts_with("`crm`: the category of a `tool`"), "{md}");
    c.shutdown();
}

#[test]
fn hover_on_a_diagnostic_explains_the_code() {
    let ws = Ws::new(true, &[]);
    let uri = ws.uri("a.mops");
    let text = "tool x: crm {\n  ownr = \"a\"\n}\n";
    let mut c = Client::start();
    c.open(&uri, text);
    assert_eq!(codes(&c.diagnostics(&uri)), vec!["E011"]);
    let h = c.at("textDocument/hover", &uri, pos(text, "ownr", 1));
    let md = h["contents"]["value"].as_str().expect("markdown");
    assert!(md.contains("**E011** (error): unknown attribute `ownr` for a `tool`"), "{md}");
    assert!(md.contains("`E011` **unknown attribute**: The attribute is not one this block kind has."), "{md}");
    // a lint rule's explanation
    let text = "campaign launch: conversion-optimization {\n  start = 2026-12-02\n  given = [context]\n  utm { source = LinkedIn  medium = cpc  campaign = \"launch-q1\" }\n  step levers: marketing-psychology { duration = 2d }\n}\n";
    c.change(&uri, 2, text);
    assert_eq!(codes(&c.diagnostics(&uri)), vec!["UTM001"]);
    let h = c.at("textDocument/hover", &uri, pos(text, "LinkedIn", 3));
    let md = h["contents"]["value"].as_str().expect("markdown");
    assert!(md.contains("**UTM001** (warning)"), "{md}");
    assert!(md.contains("a value has uppercase letters"), "{md}");
    c.shutdown();
}

#[test]
fn definition_across_files_steps_and_imports() {
    let ws = Ws::new(true, &[("stack.mops", STACK), ("launch.mops", LAUNCH)]);
    let launch = ws.uri("launch.mops");
    let mut c = Client::start();
    c.open(&launch, LAUNCH);
    // a tool declared in another file (not open): its name there
    let d = c.at("textDocument/definition", &launch, pos(LAUNCH, "salesforce }", 3));
    assert_eq!(d["uri"], ws.uri("stack.mops").as_str());
    assert_eq!(d["range"]["start"], serde_json::to_value(pos(STACK, "salesforce", 0)).expect("pos"));
    assert_eq!(d["range"]["end"], serde_json::to_value(pos(STACK, "salesforce", 10)).expect("pos"));
    // a step of the same campaign
    let d = c.at("textDocument/definition", &launch, pos(LAUNCH, "[plan]", 1));
    assert_eq!(d["uri"], launch.as_str());
    assert_eq!(d["range"]["start"], serde_json::to_value(pos(LAUNCH, "plan:", 0)).expect("pos"));
    // an import path: the file
    let d = c.at("textDocument/definition", &launch, pos(LAUNCH, "stack.mops", 2));
    assert_eq!(d["uri"], ws.uri("stack.mops").as_str());
    assert_eq!(d["range"]["start"], json!({ "line": 0, "character": 0 }));
    // a prelude skill has no file: no location
    assert_eq!(c.at("textDocument/definition", &launch, pos(LAUNCH, "copywriting", 2)), Value::Null);
    // an open file is named by the URI the client gave it
    let stack = ws.uri("stack.mops");
    c.open(&stack, STACK);
    let d = c.at("textDocument/definition", &launch, pos(LAUNCH, "salesforce }", 0));
    assert_eq!(d["uri"], stack.as_str());
    c.shutdown();
}

#[test]
fn completion_at_top_level() {
    let ws = Ws::new(true, &[]);
    let uri = ws.uri("a.mops");
    let text = "tool x: crm { }\n\nca";
    let mut c = Client::start();
    c.open(&uri, text);
    let items = c.at("textDocument/completion", &uri, pos(text, "ca", 2));
    let l = labels(&items);
    for k in ["context", "tool", "skill", "playbook", "campaign", "sequence", "audit", "import"] {
        assert!(l.contains(&k.to_string()), "{k} in {l:?}");
    }
    assert!(!l.contains(&"step".to_string()), "steps are not top level: {l:?}");
    // the word being typed is replaced whole
    let first = &items.as_array().expect("items")[0];
    assert_eq!(first["textEdit"]["range"]["start"], serde_json::to_value(pos(text, "ca", 0)).expect("pos"));
    c.shutdown();
}

#[test]
fn completion_inside_a_tool_block_puts_unwritten_attributes_first() {
    let ws = Ws::new(true, &[]);
    let uri = ws.uri("a.mops");
    let text = "tool x: crm {\n  owner = \"a\"\n  \n  cost = 10 USD/yr\n}\n";
    let mut c = Client::start();
    c.open(&uri, text);
    let items = c.at("textDocument/completion", &uri, pos(text, "  \n", 2));
    let l = labels(&items);
    assert_eq!(l, vec!["renews", "reviewed", "integrates", "adoption", "status", "score", "owner", "cost"]);
    let owner = items.as_array().expect("items").iter().find(|i| i["label"] == "owner").expect("owner").clone();
    assert_eq!(owner["kind"], 10, "property");
    assert_eq!(owner["detail"], "a string");
    c.shutdown();
}

#[test]
fn completion_of_values() {
    let ws = Ws::new(true, &[("stack.mops", STACK)]);
    let uri = ws.uri("a.mops");
    let text = "import \"stack.mops\"\ntool x: crm {\n  status = \n}\n";
    let mut c = Client::start();
    c.open(&uri, text);
    let l = labels(&c.at("textDocument/completion", &uri, pos(text, "status = ", 9)));
    assert_eq!(l, vec!["active", "evaluating", "retired"]);
    // a partly typed enum value, with no space after `=`
    let text2 = "tool x: crm {\n  status =ev\n}\n";
    c.change(&uri, 2, text2);
    let items = c.at("textDocument/completion", &uri, pos(text2, "=ev", 3));
    assert_eq!(labels(&items), vec!["active", "evaluating", "retired"]);
    let ev = items.as_array().expect("items").iter().find(|i| i["label"] == "evaluating").expect("item").clone();
    assert_eq!(ev["textEdit"]["range"]["start"], serde_json::to_value(pos(text2, "ev", 0)).expect("pos"));
    // names of the right kind: tools after `tool = `, and the category after `tool NAME: `
    let text3 = "import \"stack.mops\"\ncampaign c: product-launch {\n  start = 2026-12-01\n  step a: copywriting { duration = 1d  tool = ";
    c.change(&uri, 3, text3);
    let l = labels(&c.at("textDocument/completion", &uri, pos(text3, "tool = ", 7)));
    assert_eq!(l, vec!["hubspot", "salesforce"]);
    let text4 = "tool y: ";
    c.change(&uri, 4, text4);
    let l = labels(&c.at("textDocument/completion", &uri, pos(text4, ": ", 2)));
    assert_eq!(l.len(), mopsc::schema::TOOL_CATEGORIES.len());
    assert_eq!(l[0], "crm");
    // booleans
    let text5 = "skill s: content {\n  summary = \"x\"\n  override = ";
    c.change(&uri, 5, text5);
    assert_eq!(labels(&c.at("textDocument/completion", &uri, pos(text5, "override = ", 11))), vec!["true", "false"]);
    c.shutdown();
}

#[test]
fn completion_of_steps_after_and_skills_on_half_typed_text() {
    let ws = Ws::new(true, &[]);
    let uri = ws.uri("a.mops");
    // unclosed: the campaign and the step are still being typed
    let text = "campaign c: product-launch {\n  start = 2026-12-01\n  step plan: marketing-context { duration = 2d }\n  step draft: copywriting { duration = 1d }\n  step ads: paid-ads { after = [plan, ";
    let mut c = Client::start();
    c.open(&uri, text);
    let diags = c.diagnostics(&uri);
    assert!(codes(&diags).contains(&"E001".to_string()), "half-typed: {diags:?}");
    let l = labels(&c.at("textDocument/completion", &uri, pos(text, "[plan, ", 7)));
    assert_eq!(l, vec!["draft"], "the other steps, not the current one nor those listed");
    // skills after `step NAME: `
    let text2 = "campaign c: product-launch {\n  start = 2026-12-01\n  step plan: ";
    c.change(&uri, 2, text2);
    let items = c.at("textDocument/completion", &uri, pos(text2, "plan: ", 6));
    let l = labels(&items);
    assert!(l.contains(&"copywriting".to_string()) && l.contains(&"paid-ads".to_string()), "{l:?}");
    let cw = items.as_array().expect("items").iter().find(|i| i["label"] == "copywriting").expect("item").clone();
    assert!(cw["detail"].as_str().expect("detail").starts_with("skill (content)"), "{cw}");
    assert!(cw["documentation"]["value"].as_str().expect("doc").contains("produces"), "{cw}");
    // playbooks after `campaign NAME: `
    let text3 = "campaign c: ";
    c.change(&uri, 3, text3);
    let l = labels(&c.at("textDocument/completion", &uri, pos(text3, ": ", 2)));
    assert!(l.contains(&"product-launch".to_string()) && l.contains(&"lead-generation".to_string()), "{l:?}");
    // nothing inside a string or a comment
    let text4 = "tool x: crm { owner = \"ab";
    c.change(&uri, 4, text4);
    assert_eq!(labels(&c.at("textDocument/completion", &uri, pos(text4, "ab", 2))), Vec::<String>::new());
    c.shutdown();
}

#[test]
fn document_symbols_are_an_outline() {
    let ws = Ws::new(true, &[("stack.mops", STACK)]);
    let uri = ws.uri("launch.mops");
    let mut c = Client::start();
    c.open(&uri, LAUNCH);
    let s = c.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri.as_str() } }));
    insta::assert_json_snapshot!("document_symbols", s);
    assert_eq!(s[0]["name"], "launch");
    assert_eq!(s[0]["children"][0]["name"], "plan");
    assert_eq!(s[0]["children"][1]["name"], "copy");
    c.shutdown();
}

#[test]
fn formatting_returns_the_canonical_form() {
    let ws = Ws::new(true, &[]);
    let uri = ws.uri("a.mops");
    let text = "tool   x: crm {\nowner=\"a\"\n   cost = 10 USD/yr }\n";
    let mut c = Client::start();
    c.open(&uri, text);
    let params = json!({ "textDocument": { "uri": uri.as_str() }, "options": { "tabSize": 2, "insertSpaces": true } });
    let edits = c.result("textDocument/formatting", params.clone());
    let formatted = apply(text, &edits);
    assert_eq!(formatted, mopsc::format::format_source(text).expect("formats"));
    assert_eq!(formatted, "tool x: crm {\n  owner = \"a\"\n  cost  = 10 USD/yr\n}\n");
    c.change(&uri, 2, &formatted);
    assert_eq!(c.result("textDocument/formatting", params.clone()), json!([]), "already formatted");
    c.change(&uri, 3, "tool x: crm {\n  owner \"a\"\n}\n");
    assert_eq!(c.result("textDocument/formatting", params), Value::Null, "a syntax error: no edits");
    c.shutdown();
}

#[test]
fn a_code_action_applies_a_fix() {
    let ws = Ws::new(true, &[]);
    let uri = ws.uri("a.mops");
    let text = "campaign launch: conversion-optimization {\n  start = 2026-12-02\n  given = [context]\n  utm { source = LinkedIn  medium = cpc  campaign = \"launch-q1\" }\n  step levers: marketing-psychology { duration = 2d }\n}\n";
    let mut c = Client::start();
    c.open(&uri, text);
    let diags = c.diagnostics(&uri);
    assert_eq!(codes(&diags), vec!["UTM001"]);
    assert_eq!(diags[0]["data"]["fix"]["applicability"], "safe", "the fix travels with the diagnostic");
    let at = pos(text, "LinkedIn", 2);
    let actions = c.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri.as_str() },
            "range": { "start": at, "end": at },
            "context": { "diagnostics": diags }
        }),
    );
    let list = actions.as_array().expect("actions");
    let quick = list.iter().find(|a| a["kind"] == "quickfix").expect("a quick fix");
    assert!(quick["title"].as_str().expect("title").to_lowercase().contains("linkedin"), "{quick}");
    assert_eq!(quick["isPreferred"], true, "safe fix");
    assert_eq!(quick["diagnostics"][0]["code"], "UTM001");
    let edits = &quick["edit"]["changes"][uri.as_str()];
    let fixed = apply(text, edits);
    assert_eq!(fixed, text.replace("LinkedIn", "linkedin"));
    let all = list.iter().find(|a| a["kind"] == "source.fixAll").expect("fix all");
    assert_eq!(apply(text, &all["edit"]["changes"][uri.as_str()]), fixed);
    // applied, the diagnostic is gone
    c.change(&uri, 2, &fixed);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    // no fix, no action, away from the diagnostic
    let actions = c.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri.as_str() },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [] }
        }),
    );
    assert_eq!(actions, json!([]));
    c.shutdown();
}

#[test]
fn non_ascii_text_has_utf16_ranges() {
    let ws = Ws::new(true, &[]);
    let uri = ws.uri("a.mops");
    // é is 2 bytes and 1 UTF-16 unit, 🚀 4 bytes and 2 units
    let text = "tool x: crm {\n  owner = \"Zoë 🚀 Café\"  ownr = \"é\"\n}\n";
    let mut c = Client::start();
    c.open(&uri, text);
    let diags = c.diagnostics(&uri);
    assert_eq!(codes(&diags), vec!["E011"]);
    // `  owner = "Zoë 🚀 Café"  ` is 25 UTF-16 units (29 bytes)
    assert_eq!(diags[0]["range"]["start"], json!({ "line": 1, "character": 25 }));
    assert_eq!(diags[0]["range"]["end"], json!({ "line": 1, "character": 29 }));
    // and positions coming in are read as UTF-16 too
    let h = c.at("textDocument/hover", &uri, Position { line: 1, character: 26 });
    assert!(h["contents"]["value"].as_str().expect("md").contains("E011"), "{h}");
    let items = c.at("textDocument/completion", &uri, Position { line: 1, character: 25 });
    assert!(labels(&items).contains(&"status".to_string()));
    c.shutdown();
}

#[test]
fn untitled_documents_are_checked_alone() {
    let mut c = Client::start();
    let uri: Uri = "untitled:Untitled-1".parse().expect("uri");
    c.open(&uri, "tool x: crmm { }\n");
    let diags = c.diagnostics(&uri);
    assert!(codes(&diags).contains(&"E015".to_string()), "{diags:?}");
    let h = c.at("textDocument/hover", &uri, Position { line: 0, character: 1 });
    assert!(h["contents"]["value"].as_str().expect("md").starts_with("**block** `tool`"));
    c.shutdown();
}

#[test]
fn robustness_errors_are_answers_not_exits() {
    let ws = Ws::new(true, &[("stack.mops", STACK)]);
    let uri = ws.uri("stack.mops");
    let mut c = Client::start();
    c.open(&uri, STACK);
    c.diagnostics(&uri);
    // an unknown method
    let r = c.request("textDocument/unknownThing", json!({}));
    assert_eq!(r.response_result.expect_err("an error").code, ErrorCode::MethodNotFound as i32);
    // bad parameters
    let r = c.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(r.response_result.expect_err("an error").code, ErrorCode::InvalidParams as i32);
    // positions out of range
    for p in [Position { line: 999, character: 0 }, Position { line: 0, character: 999 }] {
        for method in ["textDocument/hover", "textDocument/definition", "textDocument/completion"] {
            let r = c.request(method, json!({ "textDocument": { "uri": uri.as_str() }, "position": p }));
            assert!(r.response_result.is_ok(), "{method} at {p:?}: {r:?}");
        }
    }
    // a document that is not open
    let other = ws.uri("nope.mops");
    assert_eq!(c.at("textDocument/hover", &other, Position { line: 0, character: 0 }), Value::Null);
    let r = c.result(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": other.as_str() }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(r, Value::Null);
    // changes and closes of unknown documents, closing twice
    c.change(&other, 2, "tool");
    c.close(&uri);
    c.close(&uri);
    c.notify("textDocument/didOpen", json!({ "textDocument": 42 }));
    c.notify("some/unknownNotification", json!({}));
    // a file deleted under the server: an E031 diagnostic, not a crash
    let launch = ws.uri("launch.mops");
    c.open(&launch, LAUNCH);
    assert_eq!(c.diagnostics(&launch), Vec::<Value>::new());
    std::fs::remove_file(ws.file("stack.mops")).expect("remove");
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": uri.as_str(), "type": 3 }] }));
    let diags = c.diagnostics(&launch);
    assert_eq!(codes(&diags), vec!["E031", "E021"], "{diags:?}");
    // the whole workspace directory deleted: an answer still
    std::fs::remove_file(ws.file("mops.toml")).expect("remove");
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [] }));
    c.diagnostics(&launch);
    // the server still answers
    let h = c.at("textDocument/hover", &launch, pos(LAUNCH, "campaign", 1));
    assert!(h["contents"]["value"].as_str().expect("md").starts_with("**block** `campaign`"));
    c.shutdown();
}

#[test]
fn the_parse_cache_never_serves_a_stale_parse() {
    let ws = Ws::new(true, &[("a.mops", "tool x: crm { }\n")]);
    let mut overlay = mopsc::workspace::Overlay::caching();
    let check = |o: &mopsc::workspace::Overlay| {
        let r =
            mopsc::check::check_paths_with_overlay(std::slice::from_ref(&ws.path), &common::opts(), o).expect("checks");
        r.diagnostics.iter().filter(|d| d.code.starts_with('E')).map(|d| d.code.clone()).collect::<Vec<_>>()
    };
    assert_eq!(check(&overlay), Vec::<String>::new());
    std::fs::write(ws.file("a.mops"), "tool x: crmm { }\n").expect("write");
    assert_eq!(check(&overlay), vec!["E015"], "changed on disk: parsed again");
    overlay.texts.insert(ws.file("a.mops"), "tool x: crm { ownr = \"a\" }\n".into());
    assert_eq!(check(&overlay), vec!["E011"], "the overlay's text wins");
    overlay.texts.clear();
    assert_eq!(check(&overlay), vec!["E015"], "back to the disk");
}

#[test]
fn a_broken_mops_toml_is_reported_on_the_open_files() {
    let ws = Ws::new(true, &[("stack.mops", STACK)]);
    let uri = ws.uri("stack.mops");
    let mut c = Client::start();
    c.open(&uri, STACK);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    std::fs::write(ws.file("mops.toml"), "[lint\nselect = ").expect("write");
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [] }));
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0]["message"].as_str().expect("message").starts_with("the workspace cannot be checked"), "{diags:?}");
    std::fs::write(ws.file("mops.toml"), "[lint]\nselect = [\"UTM\"]\n").expect("write");
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [] }));
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new(), "repaired");
    c.shutdown();
}

/// Frame a JSON-RPC message for stdio.
fn frame(v: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{v}", v.len())
}

/// Read the framed messages of a server's stdout.
fn unframe(mut out: &[u8]) -> Vec<Value> {
    let mut msgs = Vec::new();
    while let Some(i) = out.windows(4).position(|w| w == b"\r\n\r\n") {
        let header = std::str::from_utf8(&out[..i]).expect("utf-8 header");
        let n: usize = header.trim().trim_start_matches("Content-Length:").trim().parse().expect("length");
        let body = &out[i + 4..i + 4 + n];
        msgs.push(serde_json::from_slice(body).expect("json"));
        out = &out[i + 4 + n..];
    }
    msgs
}

#[test]
fn the_binary_survives_malformed_json_rpc_on_stdio() {
    let ws = Ws::new(true, &[("stack.mops", STACK)]);
    let uri = ws.uri("stack.mops");
    let mut input = String::new();
    input.push_str(&frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#));
    input.push_str(&frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#));
    input.push_str(&frame("{this is not json"));
    input.push_str("Content-Length: nope\r\n\r\n");
    input.push_str("no header at all\r\n\r\n");
    input.push_str(&frame(r#"{"jsonrpc":"2.0","id":2,"params":{}}"#));
    input.push_str(&frame(r#"{"jsonrpc":"2.0","id":3,"method":"workspace/unknown","params":{}}"#));
    let open = json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": uri.as_str(), "languageId": "mops", "version": 1, "text": "tool x: crmm { }\n" } } });
    input.push_str(&frame(&open.to_string()));
    let hover = json!({ "jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": { "textDocument": { "uri": uri.as_str() }, "position": { "line": 0, "character": 1 } } });
    input.push_str(&frame(&hover.to_string()));
    input.push_str(&frame(r#"{"jsonrpc":"2.0","id":5,"method":"shutdown"}"#));
    input.push_str(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mopsc"))
        .arg("lsp")
        .env("MOPS_TODAY", "2026-11-24")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn mopsc lsp");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write");
    let mut out = Vec::new();
    child.stdout.take().expect("stdout").read_to_end(&mut out).expect("read");
    let mut err = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut err).expect("read");
    let status = child.wait().expect("wait");
    assert!(status.success(), "exit code 0 after shutdown and exit: {status:?}\n{err}");
    let msgs = unframe(&out);
    let by_id = |id: i64| msgs.iter().find(|m| m["id"] == id && m.get("method").is_none()).cloned();
    assert!(by_id(1).expect("initialize answered")["result"]["capabilities"].is_object());
    assert_eq!(by_id(2).expect("invalid request answered")["error"]["code"], ErrorCode::InvalidRequest as i32);
    assert_eq!(by_id(3).expect("unknown method answered")["error"]["code"], ErrorCode::MethodNotFound as i32);
    assert!(by_id(4).expect("hover answered")["result"]["contents"]["value"].as_str().is_some());
    assert_eq!(by_id(5).expect("shutdown answered")["result"], Value::Null);
    let diags = msgs.iter().find(|m| m["method"] == "textDocument/publishDiagnostics").expect("diagnostics");
    assert_eq!(diags["params"]["diagnostics"][0]["code"], "E015");
    assert!(err.contains("malformed"), "malformed input is logged: {err}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Whatever is typed and wherever the cursor is, every request gets a
    /// result: never an internal error (a caught panic) or a dead server.
    #[test]
    fn half_typed_text_never_breaks_a_request(
        text in "(tool|campaign|step|after|status|owner|=|\\[|\\]|\\{|\\}|:|,|\"|#|é|🚀|\n| |[a-z-]{1,6}|[0-9]{1,4}(d|%| USD)?){0,60}",
        line in 0u32..8,
        character in 0u32..40,
    ) {
        let mut c = Client::start();
        let uri: Uri = "untitled:prop".parse().expect("uri");
        c.open(&uri, &text);
        c.diagnostics(&uri);
        let p = Position { line, character };
        for method in ["textDocument/hover", "textDocument/completion", "textDocument/definition"] {
            let r = c.request(method, json!({ "textDocument": { "uri": uri.as_str() }, "position": p }));
            proptest::prop_assert!(r.response_result.is_ok(), "{} at {:?} of {:?}: {:?}", method, p, text, r);
        }
        let r = c.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri.as_str() } }));
        proptest::prop_assert!(r.response_result.is_ok());
        let r = c.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri.as_str() }, "range": { "start": p, "end": p }, "context": { "diagnostics": [] } }),
        );
        proptest::prop_assert!(r.response_result.is_ok());
        c.shutdown();
    }
}

#[test]
fn completion_in_a_condition_offers_columns_functions_and_touches() {
    const DATA: &str = "dataset crm: leads {\n  file = \"l.csv\"\n  key = id\n  columns { title = text  employees = int }\n}\ndataset web: touches { file = \"t.csv\"  person = p  time = at }\n";
    let ws = Ws::new(true, &[("data.mops", DATA)]);
    let uri = ws.uri("a.mops");
    let text = "import \"data.mops\"\nscoring s {\n  signal x: engagement {\n    points = 5\n    when = title == \"VP\" and \n  }\n}\n";
    let mut c = Client::start();
    c.open(&uri, text);
    let items = c.at("textDocument/completion", &uri, pos(text, "and ", 4));
    let l = labels(&items);
    for want in ["id", "title", "employees", "lower", "count", "web"] {
        assert!(l.contains(&want.to_string()), "{want} in {l:?}");
    }
    assert!(!l.contains(&"points".to_string()), "no attributes inside a condition: {l:?}");
    let title = items.as_array().expect("items").iter().find(|i| i["label"] == "title").expect("title").clone();
    assert_eq!(title["detail"], "crm: text");
    c.shutdown();
}

/// Issue 18: hover in a condition gives the type of the expression under
/// the cursor, in the scope of the dataset it reads (the leads; a touch
/// inside an aggregate's `where`); completion there offers the touches'
/// columns.
#[test]
fn hover_in_a_condition_shows_the_type_and_completion_the_columns_in_scope() {
    const DATA: &str = "dataset crm: leads {\n  file = \"l.csv\"\n  key = id\n  columns { title = text  employees = int }\n}\ndataset web: touches { file = \"t.csv\"  person = p  time = at  url = url  value = revenue }\n";
    let ws = Ws::new(true, &[("data.mops", DATA)]);
    let uri = ws.uri("a.mops");
    let text = "import \"data.mops\"\nscoring s {\n  signal x: engagement {\n    points = 5\n    when = employees / 10 >= 3 and count(web where url starts-with \"/pricing\" within 30d) > 2\n  }\n}\n";
    let mut c = Client::start();
    c.open(&uri, text);
    let md = |h: Value| h["contents"]["value"].as_str().unwrap_or("").to_string();
    let column = md(c.at("textDocument/hover", &uri, pos(text, "employees /", 2)));
    assert_eq!(column, "**column** `employees` of dataset `crm`: an int");
    let ratio = md(c.at("textDocument/hover", &uri, pos(text, "/ 10", 0)));
    assert_eq!(ratio, "**expression** `employees / 10`: a number");
    let cmp = md(c.at("textDocument/hover", &uri, pos(text, ">= 3", 0)));
    assert_eq!(cmp, "**expression** `employees / 10 >= 3`: a bool");
    let url = md(c.at("textDocument/hover", &uri, pos(text, "url starts", 1)));
    assert_eq!(url, "**column** `url` of dataset `web`: text\n\nplays the `url` role of a touches dataset");
    let count = md(c.at("textDocument/hover", &uri, pos(text, "count(", 1)));
    assert!(
        count.starts_with("**expression** `count(web where url starts-with \"/pricing\" within 30d)`: an int"),
        "{count}"
    );
    assert!(count.contains("the person's touches"), "{count}");
    let web = md(c.at("textDocument/hover", &uri, pos(text, "web where", 1)));
    assert!(web.starts_with("**dataset** `web`: touches") && web.contains("`revenue` (number)"), "{web}");
    // completion inside the aggregate's `where`: the touches' columns
    let text2 = "import \"data.mops\"\nscoring s {\n  signal x: engagement {\n    points = 5\n    when = count(web where ur\n  }\n}\n";
    c.change(&uri, 2, text2);
    let items = c.at("textDocument/completion", &uri, pos(text2, "where ur", 8));
    let l = labels(&items);
    assert!(l.contains(&"url".to_string()) && l.contains(&"revenue".to_string()), "{l:?}");
    assert!(!l.contains(&"employees".to_string()), "the leads' columns are not in scope: {l:?}");
    c.shutdown();
}

/// Issue 20: `quality { required = [ … ] }` completes the dataset's columns.
#[test]
fn completion_in_quality_offers_the_datasets_columns() {
    let ws = Ws::new(true, &[]);
    let uri = ws.uri("a.mops");
    let text = "dataset crm: leads {\n  file = \"l.csv\"\n  email = mail\n  columns { title = text }\n  quality { required = [title, ] }\n}\n";
    let mut c = Client::start();
    c.open(&uri, text);
    let items = c.at("textDocument/completion", &uri, pos(text, "title, ]", 7));
    let l = labels(&items);
    assert!(l.contains(&"mail".to_string()) && l.contains(&"key".to_string()), "{l:?}");
    assert!(!l.contains(&"title".to_string()), "already listed: {l:?}");
    c.shutdown();
}

/// Issue 15 item 16: an open document obeys --max-file-size.
#[test]
fn an_open_document_over_the_size_limit_is_e002_and_not_parsed() {
    let ws = Ws::new(true, &[]);
    let uri = ws.uri("big.mops");
    let mut opts = common::opts();
    opts.limits.max_file_bytes = 1000;
    let mut c = Client::start_with(opts);
    let text = format!("tool a: crm {{ owner = \"{}\" }}\n", "x".repeat(2000));
    c.open(&uri, &text);
    let diags = c.diagnostics(&uri);
    assert_eq!(codes(&diags), vec!["E002"], "{diags:?}");
    assert!(diags[0]["message"].as_str().unwrap_or("").contains("over the limit of 1000 bytes"), "{diags:?}");
    assert_eq!(c.at("textDocument/hover", &uri, Position { line: 0, character: 6 }), Value::Null);
    // back under the limit, it is checked again
    c.change(&uri, 2, "tool a: crm { owner = \"x\" }\n");
    assert!(!codes(&c.diagnostics(&uri)).contains(&"E002".to_string()));
    c.shutdown();
}

/// Issue 15 item 15: `source.fixAll` is what `check --fix` writes, even when
/// one fix only applies after another (UTM001 and UTM002 edit one value).
#[test]
fn fix_all_converges_like_check_fix() {
    let text = "campaign launch: conversion-optimization {\n  start = 2026-12-02\n  given = [context]\n  utm { source = Linked_In  medium = cpc  campaign = \"Launch_Q1\" }\n  step levers: marketing-psychology { duration = 2d }\n}\n";
    // the CLI's result
    let cli = Ws::new(true, &[("a.mops", text)]);
    mopsc::fix::fix_paths(std::slice::from_ref(&cli.path), &common::opts(), false).expect("fix");
    let expected = std::fs::read_to_string(cli.file("a.mops")).expect("read");
    assert!(expected.contains("linked-in") && expected.contains("launch-q1"), "{expected}");
    // the server's
    let ws = Ws::new(true, &[]);
    let uri = ws.uri("a.mops");
    let mut c = Client::start();
    c.open(&uri, text);
    let diags = c.diagnostics(&uri);
    let actions = c.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri.as_str() },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": diags, "only": ["source.fixAll"] }
        }),
    );
    let list = actions.as_array().expect("actions");
    let all = list.iter().find(|a| a["kind"] == "source.fixAll").expect("fix all");
    assert_eq!(apply(text, &all["edit"]["changes"][uri.as_str()]), expected);
    c.shutdown();
}

/// Issue 15 item 14: one file open under two URIs (directly and through a
/// symlinked folder). Each URI keeps its own text; the file is checked with
/// the text edited last; closing one checks the file again with the other's
/// text (not the closed one's), clears the closed URI, and hover keeps
/// working on the one left open.
#[cfg(unix)]
#[test]
fn one_file_open_under_two_uris_keeps_each_uris_text() {
    let ws = Ws::new(true, &[("stack.mops", STACK), ("launch.mops", LAUNCH)]);
    let links = tempfile::tempdir().expect("tmp");
    let link = links.path().join("via-link");
    std::os::unix::fs::symlink(&ws.path, &link).expect("symlink");
    let direct = ws.uri("launch.mops");
    let linked = path_to_uri(&link.join("launch.mops")).expect("uri");
    assert_ne!(direct.as_str(), linked.as_str());
    let broken = LAUNCH.replace("tool = salesforce", "tool = sfdc");
    let mut c = Client::start();

    // the same text under both URIs: both are sent the file's diagnostics
    c.open(&direct, &broken);
    assert_eq!(codes(&c.diagnostics(&direct)), vec!["E021"]);
    c.open(&linked, &broken);
    assert_eq!(codes(&c.diagnostics(&linked)), vec!["E021"]);
    assert_eq!(codes(&c.diagnostics(&direct)), vec!["E021"]);

    // the direct URI is fixed; the linked one keeps its own (broken) text
    c.change(&direct, 2, LAUNCH);
    assert_eq!(c.diagnostics(&direct), Vec::<Value>::new());
    c.clear();
    c.change(&linked, 2, &broken);
    // a publish for the linked URI from the direct URI's check may still be
    // on its way (checks run off the message loop): the latest one counts
    let mut last = codes(&c.diagnostics(&linked));
    for _ in 0..4 {
        if last == vec!["E021"] {
            break;
        }
        last = codes(&c.diagnostics(&linked));
    }
    assert_eq!(last, vec!["E021"]);
    c.close(&linked);
    assert_eq!(c.diagnostics(&linked), Vec::<Value>::new(), "the closed URI is cleared");
    assert_eq!(c.diagnostics(&direct), Vec::<Value>::new(), "checked with its own text, not the closed one's");
    let h = c.at("textDocument/hover", &direct, pos(LAUNCH, "salesforce }", 2));
    let md = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.starts_with("**tool** `salesforce`: crm"), "hover works on the URI left open: {h}");
    c.shutdown();
}
