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

/// The engines' tests (tests/duckdb.rs, tests/spark.rs): the example
/// workspace's scores on an engine, and SQLite's compared with another's.
/// Scores of the example workspace; `load` puts each dataset into the engine.
pub fn scores_with<E: mopsc::data::engine::Engine>(
    eng: &mut E,
    mut load: impl FnMut(
        &mut E,
        &mopsc::model::Decl<mopsc::model::Dataset>,
        &Path,
    ) -> Result<(usize, usize), mopsc::data::engine::EngineError>,
) -> mopsc::data::score::Scores {
    let report = check("examples");
    let a = report.analyses.iter().find(|a| !a.model.scorings.is_empty()).expect("analysis");
    let s = a.model.scorings.iter().find(|s| s.name.value == "northwind-lead-score").expect("scoring");
    let leads = a.model.dataset_for(s.data.leads.as_ref(), "leads").expect("leads");
    let q = mopsc::data::score::query(&a.model, s, leads, today());
    for name in &q.datasets {
        let ds = a.model.dataset(name).expect("dataset");
        let file = mopsc::data::engine::dataset_file(
            &report.files.get(ds.file).path,
            &ds.data.path.as_ref().expect("file").value,
        );
        load(eng, ds, &file).expect("loads");
    }
    mopsc::data::score::run(&q, eng, "northwind-lead-score", today()).expect("runs")
}

pub fn assert_same(lite: &mopsc::data::score::Scores, other: &mopsc::data::score::Scores, what: &str) {
    assert_eq!(lite.leads.len(), 2400);
    assert_eq!(lite.leads.len(), other.leads.len(), "{what}");
    for (a, b) in lite.leads.iter().zip(&other.leads) {
        assert_eq!(a, b, "lead {} differs between SQLite and {what}", a.key);
    }
    assert_eq!(lite.tiers, other.tiers, "{what}");
}

/// `csv` written as a Parquet file in `dir` by DuckDB's program (every
/// column as text, as the CSV holds it), for the engines' Parquet tests.
pub fn parquet_of(duckdb: &std::ffi::OsStr, csv: &Path, dir: &Path, name: &str) -> PathBuf {
    let pq = dir.join(format!("{name}.parquet"));
    let conv = std::process::Command::new(duckdb)
        .arg("-c")
        .arg(format!(
            "COPY (SELECT * FROM read_csv('{}', all_varchar = true)) TO '{}' (FORMAT parquet)",
            csv.display(),
            pq.display()
        ))
        .output()
        .expect("duckdb converts");
    assert!(conv.status.success(), "{}", String::from_utf8_lossy(&conv.stderr));
    pq
}
