//! The `mopsc` binary end to end: exit codes, formats, files on disk.

mod common;

use assert_cmd::Command;
use common::*;

fn mopsc() -> Command {
    let mut c = Command::cargo_bin("mopsc").expect("binary");
    c.current_dir(manifest_dir()).env("MOPS_TODAY", "2026-11-24").env("NO_COLOR", "1");
    c
}

#[test]
fn examples_exit_zero() {
    mopsc().args(["check", "examples"]).assert().code(0);
}

#[test]
fn errors_exit_one_and_missing_path_two() {
    mopsc().args(["check", "tests/fixtures/errors/E010_unknown_kind.mops"]).assert().code(1);
    mopsc().args(["check", "no/such/path.mops"]).assert().code(2);
    mopsc().args(["check", "--format", "nope", "examples"]).assert().code(2);
    mopsc().args(["check", "--today", "2026-02-30", "examples"]).assert().code(2);
}

#[test]
fn engine_flags_need_data() {
    for cmd in ["check", "audit"] {
        let out = mopsc().args([cmd, "examples", "--engine", "duckdb"]).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = String::from_utf8(out.stderr).expect("utf8");
        assert!(err.contains("choose where --data runs: add --data"), "{cmd}: {err}");
    }
    // the default engine, and an engine with --data, are fine
    mopsc().args(["check", "examples"]).assert().code(0);
    mopsc().args(["check", "examples", "--data", "--engine", "sqlite"]).assert().code(0);
}

#[test]
fn short_format_is_one_line_per_diagnostic() {
    let out = mopsc()
        .args(["check", "--format", "short", "tests/fixtures/errors/E011_unknown_attribute.mops"])
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).expect("utf8");
    insta::assert_snapshot!(text);
}

#[test]
fn json_format_has_spans_and_summary() {
    let out = mopsc()
        .args(["check", "--format", "json", "tests/fixtures/errors/E014_duplicate_attribute.mops"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["errors"], 2);
    let d = v["diagnostics"].as_array().expect("array").iter().find(|d| d["code"] == "E014").expect("E014");
    assert_eq!(d["code"], "E014");
    assert_eq!(d["span"]["line"], 3);
    assert_eq!(d["span"]["column"], 3);
    insta::assert_json_snapshot!(v);
}

#[test]
fn invalid_utf8_is_e002_with_offset() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("bad.mops");
    std::fs::write(&p, b"tool a: crm { owner = \"\xff\xfe\" }").expect("write");
    let out = mopsc().args(["check", "--format", "short"]).arg(&p).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert!(text.contains("error[E002]") && text.contains("offset 23"), "{text}");
}

#[cfg(unix)]
#[test]
fn symlink_leaving_the_root_is_e033_and_loops_are_e031() {
    let dir = tempfile::tempdir().expect("tmp");
    let ws = dir.path().join("ws");
    std::fs::create_dir(&ws).expect("mkdir");
    std::fs::write(ws.join("mops.toml"), "").expect("write");
    std::fs::write(dir.path().join("secret.mops"), "tool secret-tool: crm { owner = \"TOP SECRET\" }").expect("write");
    std::os::unix::fs::symlink(dir.path().join("secret.mops"), ws.join("link.mops")).expect("symlink");
    std::os::unix::fs::symlink(ws.join("loop-a.mops"), ws.join("loop-b.mops")).expect("symlink");
    std::os::unix::fs::symlink(ws.join("loop-b.mops"), ws.join("loop-a.mops")).expect("symlink");
    std::fs::write(ws.join("main.mops"), "import \"link.mops\"\nimport \"loop-a.mops\"\n").expect("write");
    let out = mopsc().args(["check", "--format", "short"]).arg(ws.join("main.mops")).output().expect("run");
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert!(text.contains("error[E033]"), "{text}");
    assert!(text.contains("error[E031]"), "{text}");
    assert!(!text.contains("TOP SECRET") && !text.contains("secret-tool"), "{text}");
}
