//! The same scores from SQLite and from the DuckDB command-line program,
//! compared row by row, from CSV and from Parquet files. Needs
//! `MOPS_TEST_DUCKDB`, the program's path (`.ci/run` installs PyPI
//! `duckdb-cli` into a virtual environment and sets it); without it the test
//! says so and passes, so that `cargo test` runs on a fresh clone without
//! DuckDB.

mod common;

use std::path::PathBuf;

use common::*;
use mopsc::data::engine::{self, Engine, EngineError, Sqlite};
use mopsc::data::external::DuckDb;

fn duckdb() -> Option<PathBuf> {
    match std::env::var_os("MOPS_TEST_DUCKDB") {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            eprintln!("skipped: MOPS_TEST_DUCKDB is not set (.ci/run installs duckdb-cli and sets it)");
            None
        }
    }
}

#[test]
fn sqlite_and_duckdb_give_the_same_scores_from_csv() {
    let Some(prog) = duckdb() else { return };
    let lite = scores_with(&mut Sqlite::new().expect("sqlite"), |e, ds, f| e.load(ds, f, 0));
    let mut duck = DuckDb::new(&prog).expect("duckdb runs");
    assert!(duck.version.starts_with('v'), "{}", duck.version);
    let d = scores_with(&mut duck, |e, ds, f| e.load(ds, f, 0));
    assert_same(&lite, &d, "DuckDB (CSV)");
}

#[test]
fn duckdb_reads_parquet_with_the_declared_types() {
    let Some(prog) = duckdb() else { return };
    let lite = scores_with(&mut Sqlite::new().expect("sqlite"), |e, ds, f| e.load(ds, f, 0));
    // the example files as Parquet, written by DuckDB itself
    let dir = tempfile::tempdir().expect("tmp");
    let mut duck = DuckDb::new(&prog).expect("duckdb runs");
    let d = scores_with(&mut duck, |e, ds, f| {
        let pq = parquet_of(prog.as_ref(), f, dir.path(), &ds.name.value);
        e.load(ds, &pq, 0)
    });
    assert_same(&lite, &d, "DuckDB (Parquet)");
}

#[test]
fn a_bad_value_is_data001_before_duckdb_sees_it() {
    let Some(prog) = duckdb() else { return };
    let report = check("examples");
    let a = report.analyses.iter().find(|a| !a.model.scorings.is_empty()).expect("analysis");
    let ds = a.model.dataset("crm-leads").expect("leads dataset");
    let src = engine::dataset_file(&report.files.get(ds.file).path, &ds.data.path.as_ref().expect("file").value);
    let text = std::fs::read_to_string(&src).expect("read");
    let mut lines: Vec<String> = text.lines().take(3).map(str::to_string).collect();
    // the employees column of the first row gets a word
    let header: Vec<&str> = lines[0].split(',').collect();
    let col = header.iter().position(|h| *h == "employees").expect("employees column");
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    cells[col] = "many".into();
    lines[1] = cells.join(",");
    let dir = tempfile::tempdir().expect("tmp");
    let bad = dir.path().join("leads.csv");
    std::fs::write(&bad, lines.join("\n") + "\n").expect("write");
    let mut duck = DuckDb::new(&prog).expect("duckdb runs");
    match duck.load(ds, &bad, 0) {
        Err(EngineError::Data(errs)) => {
            assert_eq!(errs[0].code, "DATA001", "{errs:?}");
            assert_eq!(errs[0].column.as_deref(), Some("employees"), "{errs:?}");
        }
        other => panic!("expected DATA001, got {other:?}"),
    }
    // a query DuckDB rejects is DATA004 with DuckDB's own message
    let Err(EngineError::Engine(m)) = duck.query("SELECT nope FROM nowhere") else { panic!("ran?") };
    assert!(m.starts_with("duckdb: ") && m.contains("nowhere"), "{m}");
}

/// `check --data --format json` on an engine: the diagnostics and the engine.
fn check_data_json(path: &str, engine: &[&str]) -> (serde_json::Value, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mopsc"))
        .args(["check", path, "--data", "--format", "json", "--today", "2026-11-24"])
        .args(engine)
        .current_dir(manifest_dir())
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let e = v["engine"].as_str().expect("engine").to_string();
    (v["diagnostics"].clone(), e)
}

#[test]
fn check_data_gives_the_same_diagnostics_on_duckdb() {
    let Some(prog) = duckdb() else { return };
    let prog = prog.display().to_string();
    for path in ["tests/fixtures/data/quality", "examples"] {
        let (lite, le) = check_data_json(path, &["--engine", "sqlite"]);
        let (duck, de) = check_data_json(path, &["--engine", "duckdb", "--duckdb", &prog]);
        assert!(le.starts_with("sqlite ") && de.starts_with("duckdb ") && de.ends_with(&format!("({prog})")), "{de}");
        assert_eq!(lite, duck, "{path}: check --data differs between SQLite and DuckDB");
    }
    let (lite, _) = check_data_json("tests/fixtures/data/quality", &["--engine", "sqlite"]);
    assert!(lite.as_array().is_some_and(|d| d.len() > 10), "{lite}");
}
