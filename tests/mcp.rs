//! `mopsc mcp`: the tools called directly, the protocol in-process over a
//! pipe (initialize, tools/list, tools/call, resources, bad input), and the
//! binary over stdio.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use common::*;
use mopsc::mcp::Server;
use serde_json::{json, Value};

fn server() -> Server {
    Server::new(&manifest_dir().join("examples"), opts()).expect("server")
}

fn args(v: Value) -> serde_json::Map<String, Value> {
    v.as_object().cloned().expect("object")
}

fn codes(doc: &Value) -> Vec<String> {
    let mut c: Vec<String> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect();
    c.sort();
    c
}

#[test]
fn check_returns_the_section9_diagnostics_as_structured_json() {
    let doc = server().call("check", &args(json!({ "paths": ["section9"], "today": "2026-11-24" }))).expect("check");
    assert_eq!(codes(&doc), ["DAT001", "STK002", "STK006", "STK006", "STK010"]);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["errors"], 0);
    let stk002 = doc["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "STK002").unwrap();
    assert_eq!(stk002["span"]["line"], 20);
    assert!(stk002["help"].as_str().unwrap().contains("integrates"));
}

#[test]
fn check_takes_a_draft_text_and_reports_its_errors_with_fixes() {
    let text = "tool hubspot: marketing-automation {\n  ownr = \"ops@acme.io\"\n}\n";
    let doc = server().call("check", &args(json!({ "text": text, "filename": "stack.mops" }))).expect("check");
    let diags = doc["diagnostics"].as_array().unwrap();
    let e011 = diags.iter().find(|d| d["code"] == "E011").expect("E011");
    assert!(e011["file"].as_str().unwrap().ends_with("stack.mops"), "{e011}");
    assert!(e011["help"].as_str().unwrap().contains("owner"), "{e011}");
    // With a filename, the draft is checked with the workspace: its
    // references to the workspace's declarations resolve.
    let draft = "import \"context.mops\"\n\nsequence welcome-2: welcome {\n  trigger = \"signup\"\n  tool    = hubspot\n  email day-0 { at = 0d  subject = \"Hi\" }\n}\n";
    let alone = server().call("check", &args(json!({ "text": draft }))).expect("check");
    assert!(codes(&alone).contains(&"E031".to_string()) || codes(&alone).contains(&"E021".to_string()), "{alone}");
    let within =
        server().call("check", &args(json!({ "text": draft, "filename": "section9/welcome.mops" }))).expect("check");
    assert!(!codes(&within).iter().any(|c| c.starts_with('E')), "{within}");
    assert!(
        within["diagnostics"].as_array().unwrap().iter().all(|d| d["file"].as_str().unwrap().ends_with("welcome.mops")),
        "{within}"
    );
    let err = server().call("check", &args(json!({ "text": draft, "filename": "../x.mops" }))).expect_err("outside");
    assert!(err.contains("outside the workspace root"), "{err}");
    // A clean draft has no diagnostic of error level.
    let clean = server()
        .call("check", &args(json!({ "text": "tool sf: crm {\n  owner = \"revops@acme.io\"\n}\n" })))
        .expect("check");
    assert_eq!(clean["summary"]["errors"], 0);
}

#[test]
fn explain_route_plan_format_and_new_campaign() {
    let s = server();
    let e = s.call("explain", &args(json!({ "name": "paid-ads" }))).expect("explain");
    assert!(e["text"].as_str().unwrap().contains("built-in skill"));
    let r = s.call("route", &args(json!({ "request": "write a blog post" }))).expect("route");
    assert_eq!(r["skill"], "content-strategy");
    let p = s.call("plan", &args(json!({ "paths": ["section9"], "today": "2026-11-24" }))).expect("plan");
    assert_eq!(p["plan_version"], 1);
    assert_eq!(p["campaigns"][0]["name"], "insights-launch");
    assert_eq!(p["campaigns"][0]["days"], 37);
    let f = s
        .call("format", &args(json!({ "text": "tool sf: crm { owner = \"a@b.io\" cost = 1 USD/yr }" })))
        .expect("format");
    assert_eq!(f["text"], "tool sf: crm {\n  owner = \"a@b.io\"\n  cost  = 1 USD/yr\n}\n");
    assert_eq!(f["changed"], true);
    let n = s
        .call(
            "new_campaign",
            &args(json!({ "name": "spring-launch", "playbook": "lead-generation", "start": "2027-03-01" })),
        )
        .expect("new");
    let text = n["text"].as_str().unwrap();
    assert!(text.contains("campaign spring-launch: lead-generation") && text.contains("2027-03-01"), "{text}");
}

#[test]
fn score_summarises_the_example_leads_and_their_review() {
    let s = server();
    let doc = s.call("score", &args(json!({ "review": true, "top": 3, "as_of": "2026-11-24" }))).expect("score");
    assert_eq!(doc["score_version"], 1);
    assert_eq!(doc["lead_count"], 2400);
    let top = doc["top_leads"].as_array().expect("top leads");
    assert_eq!(top.len(), 3);
    assert!(top[0]["score"].as_i64() >= top[2]["score"].as_i64(), "{top:?}");
    let tiers = doc["tiers"].as_object().expect("tiers");
    assert_eq!(tiers.values().map(|v| v.as_u64().unwrap()).sum::<u64>(), 2400);
    assert!(doc["review"]["tiers"].as_array().is_some_and(|t| !t.is_empty()), "{}", doc["review"]);
    // The same numbers as the command line's JSON.
    let cli = Command::new(env!("CARGO_BIN_EXE_mopsc"))
        .args(["score", "examples", "--format", "json", "--as-of", "2026-11-24", "--today", "2026-11-24"])
        .current_dir(manifest_dir())
        .output()
        .expect("mopsc score");
    let cli: Value = serde_json::from_slice(&cli.stdout).expect("json");
    assert_eq!(cli["tiers"], doc["tiers"]);
    let err = s.call("score", &args(json!({ "review": "yes" }))).expect_err("bad review");
    assert!(err.contains("true or false"), "{err}");
}

#[test]
fn bad_arguments_are_tool_errors_that_say_what_to_do() {
    let s = server();
    let cases = [
        ("check", json!({ "paths": ["../src"] }), "outside the workspace root"),
        ("check", json!({ "paths": ["nope"] }), "no file or directory `nope`"),
        ("check", json!({ "paths": "section9" }), "must be a list of strings"),
        ("check", json!({ "text": "x", "paths": ["section9"] }), "either `paths` or `text`"),
        ("check", json!({ "pathz": ["section9"] }), "did you mean `paths`"),
        ("check", json!({ "today": "yesterday" }), "must be a date"),
        ("explain", json!({}), "`name` is required"),
        ("explain", json!({ "name": 3 }), "must be a string"),
        ("explain", json!({ "name": "sequnce" }), "did you mean `sequence`"),
        ("route", json!({ "request": "x", "top": 0 }), "from 1 to 10"),
        ("format", json!({ "text": "tool x: crm {" }), "syntax errors"),
        ("new_campaign", json!({ "name": "Spring Launch", "playbook": "lead-generation" }), "kebab"),
        ("new_campaign", json!({ "name": "spring", "playbook": "lead-gen" }), "lead-generation"),
        ("chek", json!({}), "did you mean `check`"),
    ];
    for (tool, a, want) in cases {
        let err = s.call(tool, &args(a.clone())).expect_err(&format!("{tool} {a}"));
        assert!(err.contains(want), "{tool} {a}: {err}");
    }
    // The plan of a workspace with errors is refused with the errors.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.mops"), "tool x: crmm { }\n").unwrap();
    let s = Server::new(dir.path(), opts()).unwrap();
    let err = s.call("plan", &args(json!({}))).expect_err("errors");
    assert!(err.contains("E015"), "{err}");
}

#[test]
fn oversized_input_is_refused_with_the_limit() {
    let mut o = opts();
    o.limits.max_file_bytes = 100;
    let s = Server::new(&manifest_dir().join("examples"), o).unwrap();
    let big = "# x\n".repeat(100);
    for tool in ["check", "format"] {
        let err = s.call(tool, &args(json!({ "text": big }))).expect_err(tool);
        assert!(err.contains("over the limit of 100 bytes"), "{err}");
    }
}

#[test]
fn every_tool_has_a_description_and_an_object_schema() {
    let tools = mopsc::mcp::tools();
    let names: Vec<_> = tools.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(names, ["check", "explain", "route", "plan", "score", "attribute", "format", "new_campaign"]);
    for t in &tools {
        assert!(t.description.as_ref().is_some_and(|d| d.len() > 80), "{}", t.name);
        assert_eq!(t.input_schema.get("type"), Some(&json!("object")), "{}", t.name);
        let props = t.input_schema.get("properties").and_then(Value::as_object).expect("properties");
        for (k, p) in props {
            assert!(p.get("description").is_some(), "{}.{k} has no description", t.name);
        }
    }
}

/// JSON-RPC lines of a short session: initialize, then the given requests.
fn session(requests: &[Value]) -> String {
    let mut lines = vec![
        json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "0"}}}),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
    ];
    lines.extend(requests.iter().cloned());
    lines.iter().map(|l| format!("{l}\n")).collect()
}

fn responses(out: &str) -> BTreeMap<i64, Value> {
    out.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["id"].as_i64().map(|id| (id, v)))
        .collect()
}

fn requests() -> Vec<Value> {
    vec![
        json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "check", "arguments": {"paths": ["section9"], "today": "2026-11-24"}}}),
        json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "check", "arguments": {"paths": ["/etc"]}}}),
        json!({"jsonrpc": "2.0", "id": 4, "method": "resources/list"}),
        json!({"jsonrpc": "2.0", "id": 5, "method": "resources/read", "params": {"uri": "mopsc://reference/blocks.md"}}),
        json!({"jsonrpc": "2.0", "id": 6, "method": "resources/read", "params": {"uri": "mopsc://nope"}}),
        json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "format", "arguments": {"text": "tool sf: crm { }"}}}),
    ]
}

fn assert_session(out: &str) {
    let r = responses(out);
    assert_eq!(r[&0]["result"]["serverInfo"]["name"], "mopsc", "{out}");
    let tools: Vec<_> = r[&1]["result"]["tools"].as_array().expect("tools").iter().map(|t| t["name"].clone()).collect();
    assert_eq!(tools.len(), 8, "{tools:?}");
    let check = &r[&2]["result"];
    assert_eq!(check["isError"], false, "{check}");
    assert_eq!(codes(&check["structuredContent"]), ["DAT001", "STK002", "STK006", "STK006", "STK010"]);
    let refused = &r[&3]["result"];
    assert_eq!(refused["isError"], true, "{refused}");
    assert!(refused["content"][0]["text"].as_str().unwrap().contains("outside the workspace root"));
    let uris: Vec<_> = r[&4]["result"]["resources"].as_array().unwrap().iter().map(|x| x["uri"].clone()).collect();
    assert!(uris.contains(&json!("mopsc://reference/language.md")), "{uris:?}");
    assert!(r[&5]["result"]["contents"][0]["text"].as_str().unwrap().contains("## campaign"));
    assert!(r[&6]["error"]["message"].as_str().unwrap().contains("no resource mopsc://nope"), "{}", r[&6]);
    assert_eq!(r[&7]["result"]["structuredContent"]["text"], "tool sf: crm {}\n");
}

#[test]
fn protocol_in_process_over_a_pipe() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let out = rt.block_on(async {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (client_in, server_out) = tokio::io::duplex(1 << 20);
        let (mut client_out, server_in) = tokio::io::duplex(1 << 20);
        let serve = tokio::spawn(mopsc::mcp::serve_io(server(), server_in, server_out));
        client_out.write_all(session(&requests()).as_bytes()).await.unwrap();
        drop(client_out);
        let mut out = String::new();
        let mut client_in = client_in;
        client_in.read_to_string(&mut out).await.unwrap();
        let _ = serve.await;
        out
    });
    assert_session(&out);
}

#[test]
fn the_binary_serves_on_stdio_and_survives_garbage() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mopsc"))
        .args(["mcp", "--root", "examples", "--today", "2026-11-24"])
        .current_dir(manifest_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mopsc mcp");
    let mut input = session(&requests());
    // Garbage between requests is dropped; the session goes on.
    input.push_str("this is not json\n{\"jsonrpc\":\"2.0\",\"id\":\n");
    input.push_str(&format!(
        "{}\n",
        json!({"jsonrpc": "2.0", "id": 8, "method": "tools/call", "params": {"name": "explain", "arguments": {"name": "E040"}}})
    ));
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_session(&stdout);
    let r = responses(&stdout);
    assert!(r[&8]["result"]["structuredContent"]["text"].as_str().unwrap().contains("missing artifact"), "{stdout}");
}

#[test]
fn attribute_credits_the_example_campaigns_as_the_cli_does() {
    let s = server();
    let doc =
        s.call("attribute", &args(json!({ "models": ["linear", "markov"], "by": "campaign" }))).expect("attribute");
    assert_eq!(doc["attribution_version"], 1);
    let rows = doc["rows"].as_array().expect("rows");
    let launch = rows.iter().find(|r| r["label"] == "northwind-launch").expect("a declared campaign");
    assert_eq!(launch["spend"].as_f64(), Some(60000.0));
    assert_eq!(launch["credits"][1]["model"], "markov");
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_mopsc"))
        .current_dir(manifest_dir())
        .args([
            "attribute",
            "examples",
            "--model",
            "linear,markov",
            "--by",
            "campaign",
            "--format",
            "json",
            "--today",
            "2026-11-24",
        ])
        .output()
        .expect("mopsc attribute");
    let mut from_cli: serde_json::Value = serde_json::from_slice(&cli.stdout).expect("json");
    from_cli.as_object_mut().expect("object").insert("messages".into(), json!([]));
    assert_eq!(doc, from_cli);
    let err = s.call("attribute", &args(json!({ "by": "week" }))).expect_err("bad by");
    assert!(err.contains("channel, source-medium, campaign or step"), "{err}");
    let err = s.call("attribute", &args(json!({ "models": ["w-shaped"] }))).expect_err("bad model");
    assert!(err.contains("unknown model"), "{err}");
}
