//! Every input the fuzzers found a problem with (tests/fixtures/fuzz/) runs
//! through the whole pipeline, the formatter and the plan compiler: no
//! panic, every span inside the file. A regression to the exponential or
//! quadratic parse these inputs once caused shows up as a hung test.

mod common;

use common::*;

fn exercise(name: &str, text: &str) {
    let report = mopsc::check::check_source(name, text, &opts());
    for d in &report.diagnostics {
        assert!(d.span.end() <= text.len(), "{name}: {d:?}");
    }
    let _ = mopsc::render::human(&report.diagnostics, &report.files, 1, false);
    let _ = mopsc::format::format_source(text);
    let _ = mopsc::plan::compile(&report, None);
}

#[test]
fn fuzz_findings_stay_fixed() {
    let dir = manifest_dir().join("tests/fixtures/fuzz");
    let files = entries(&dir);
    assert!(!files.is_empty());
    for p in files {
        let text = std::fs::read_to_string(&p).expect("utf8 fixture");
        exercise(&p.display().to_string(), &text);
    }
}

#[test]
fn many_unclosed_blocks_parse_in_linear_time() {
    // 20,000 top-level blocks whose `{` is never closed: each is cut at the
    // next column-0 declaration instead of being retried to the end of file
    let text = "a { ]\n".repeat(20_000);
    let report = mopsc::check::check_source("unclosed.mops", &text, &opts());
    assert!(report.diagnostics.iter().any(|d| d.code == "E001"));
    let nested = format!("tool a: crm {{\n{}", "  b {\n  c = [\n".repeat(30));
    let report = mopsc::check::check_source("nested.mops", &nested, &opts());
    assert!(report.diagnostics.iter().any(|d| d.code == "E001"));
}
