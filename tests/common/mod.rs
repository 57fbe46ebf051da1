//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use mopsc::check::{check_paths, Options, Report};
use mopsc::render;

pub fn today() -> mopsc::literal::Date {
    mopsc::literal::date("2026-11-24").expect("valid date")
}

pub fn opts() -> Options {
    Options::new(today())
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Check a path relative to the crate root.
pub fn check(rel: &str) -> Report {
    check_paths(&[manifest_dir().join(rel)], &opts()).expect("path exists")
}

/// The human rendering without colours, with the summary line.
pub fn human(report: &Report) -> String {
    render::human(&report.diagnostics, &report.files, report.file_count(), false)
}

pub fn codes(report: &Report) -> Vec<String> {
    report.diagnostics.iter().map(|d| d.code.clone()).collect()
}

/// The sorted entries of a fixture directory.
pub fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).expect("fixture dir").map(|e| e.expect("entry").path()).collect();
    v.sort();
    v
}

/// An engine description (`NAME VERSION (WHERE)`) with its version
/// replaced by `VERSION`, so that snapshots hold on any build.
#[allow(dead_code)]
pub fn redact_engine(s: &str) -> String {
    let re = regex::Regex::new(r"\b(sqlite|duckdb|postgres|spark) [0-9][^ ]* \(").expect("regex");
    re.replace_all(s, "$1 VERSION (").into_owned()
}
