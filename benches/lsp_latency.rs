//! Language server latency (CLI.md "Editor": diagnostics for a 5,000-line
//! file within 50 ms of the change).
//!
//! Generates a workspace (a `mops.toml` and one 5,000-line file of tools and
//! campaigns, the kind of file the rules have most to say about), runs the
//! server in-process over `Connection::memory()`, opens the file, then 20
//! times sends a `didChange` (full text, one value edited) and measures the
//! time until the `publishDiagnostics` for that version arrives. Prints the
//! median and the 95th percentile. A second run spreads the same 5,000 lines
//! over 20 files and edits one: what the parse cache of unchanged files saves.
//!
//! `cargo bench --bench lsp_latency` (release profile). The figures are
//! recorded in docs/performance.md.

use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request};
use serde_json::json;

const LINES: usize = 5_000;
const RUNS: usize = 20;

fn tool(i: usize) -> String {
    let integrates = if i == 0 { "[]".to_string() } else { format!("[tool-{}]", i - 1) };
    format!(
        "tool tool-{i}: analytics {{\n  owner      = \"ops{i}@acme.io\"\n  cost       = 1200 USD/yr\n  renews     = 2027-03-15\n  reviewed   = 2026-09-10\n  adoption   = 70%\n  integrates = {integrates}\n}}\n\n"
    )
}

fn campaign(i: usize) -> String {
    format!(
        "campaign camp-{i}: lead-generation {{\n  context  = acme\n  owner    = \"sam@acme.io\"\n  budget   = 45000 USD\n  start    = 2026-12-01\n  end      = 2027-03-01\n  goals {{ mql = 300  sql = 90 }}\n  step icp-check: marketing-context {{ duration = 2d }}\n  step page: landing-page-generator {{ duration = 5d  tool = tool-1  budget = 4000 USD }}\n  step copy: ad-creative {{ after = [icp-check]  duration = 3d }}\n  step ads: paid-ads {{\n    after    = [page, copy]\n    duration = 42d\n    budget   = 32000 USD\n  }}\n  step measure: campaign-analytics {{ duration = 2d }}\n}}\n\n"
    )
}

const CONTEXT: &str = "context acme {\n  product     = \"Acme\"\n  positioning = \"The analytics that ties spend to pipeline\"\n  icp {\n    titles = [\"VP Marketing\"]\n  }\n}\n\n";

/// `LINES` lines of declarations in `parts` files: a context, then tools
/// and campaigns alternating, padded with comments to the exact count.
fn workspace(parts: usize) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut lines = CONTEXT.lines().count();
    let mut i = 0;
    loop {
        let mut next = tool(i);
        if i % 2 == 0 {
            next.push_str(&campaign(i));
        }
        if lines + next.lines().count() > LINES {
            break;
        }
        lines += next.lines().count();
        blocks.push(next);
        i += 1;
    }
    let per = blocks.len().div_ceil(parts);
    let mut files: Vec<String> = blocks.chunks(per).map(|c| c.concat()).collect();
    files[0].insert_str(0, CONTEXT);
    let last = files.len() - 1;
    for _ in lines..LINES {
        files[last].push_str("# padding\n");
    }
    files
}

/// CPU time of this process so far (user + system), from /proc on Linux:
/// on a busy machine the wall-clock latency includes time the server waited
/// for a core, its CPU time does not.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of stat(5), 12 and 13 after the name
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10)) // USER_HZ is 100 on Linux
}

/// Open the first file of a workspace of `files`, then change it `RUNS`
/// times; print and return the median latency in ms.
fn measure(label: &str, files: &[String]) -> f64 {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    std::fs::write(root.join("mops.toml"), "").expect("write mops.toml");
    for (i, text) in files.iter().enumerate() {
        std::fs::write(root.join(format!("part-{i:02}.mops")), text).expect("write");
    }
    let text = files[0].clone();
    let uri = mopsc::lsp::convert::path_to_uri(&root.join("part-00.mops")).expect("uri");

    let (server, client) = Connection::memory();
    let opts = mopsc::check::Options::new(mopsc::literal::date("2026-11-24").expect("date"));
    let handle = std::thread::spawn(move || mopsc::lsp::serve_with(server, opts));
    let send = |m: Message| client.sender.send(m).expect("send");
    send(Message::Request(Request::new(1.into(), "initialize".into(), json!({ "capabilities": {} }))));
    let wait_diagnostics = |version: i32| -> usize {
        loop {
            match client.receiver.recv_timeout(Duration::from_secs(60)).expect("an answer") {
                Message::Notification(n)
                    if n.method == "textDocument/publishDiagnostics"
                        && n.params["uri"] == uri.as_str()
                        && n.params["version"] == version =>
                {
                    return n.params["diagnostics"].as_array().map(Vec::len).unwrap_or(0);
                }
                _ => {}
            }
        }
    };
    send(Message::Notification(Notification::new("initialized".into(), json!({}))));
    let open = Instant::now();
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({ "textDocument": { "uri": uri.as_str(), "languageId": "mops", "version": 1, "text": text } }),
    )));
    let n = wait_diagnostics(1);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("{label}");
    println!("  didOpen → publishDiagnostics: {:.1} ms ({n} diagnostics in the open file)", ms(open.elapsed()));

    let mut times = Vec::with_capacity(RUNS);
    let cpu_before = cpu_time();
    for run in 0..RUNS {
        let version = run as i32 + 2;
        // one value edited, as a keystroke would
        let changed = text.replacen("owner      = \"ops0@", &format!("owner      = \"ops{run}x@"), 1);
        let t = Instant::now();
        send(Message::Notification(Notification::new(
            "textDocument/didChange".into(),
            json!({ "textDocument": { "uri": uri.as_str(), "version": version }, "contentChanges": [{ "text": changed }] }),
        )));
        wait_diagnostics(version);
        times.push(t.elapsed());
    }
    let cpu = cpu_before.zip(cpu_time()).map(|(a, b)| (b - a) / RUNS as u32);
    times.sort();
    let median = ms(times[RUNS / 2]);
    let p95 = ms(times[(RUNS * 95).div_ceil(100) - 1]);
    println!(
        "  {RUNS} × didChange → publishDiagnostics: median {median:.1} ms, p95 {p95:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(times[0]),
        ms(times[RUNS - 1])
    );
    if let Some(cpu) = cpu {
        println!("  CPU time per change (all threads): {:.1} ms", ms(cpu));
    }
    drop(client);
    let _ = handle.join();
    median
}

fn main() {
    let one = workspace(1);
    assert_eq!(one[0].lines().count(), LINES);
    let median = measure(&format!("lsp_latency: one {LINES}-line file"), &one);
    println!("  budget 50 ms: {}", if median <= 50.0 { "met" } else { "NOT met" });
    let many = workspace(20);
    assert_eq!(many.iter().map(|f| f.lines().count()).sum::<usize>(), LINES);
    let lines0 = many[0].lines().count();
    measure(&format!("lsp_latency: {LINES} lines in {} files, editing one of {lines0} lines", many.len()), &many);
}
