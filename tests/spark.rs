//! The same scores, checks and errors from SQLite and from Apache Spark's
//! `spark-sql` program, from CSV and (when DuckDB can write it) Parquet.
//! Needs `MOPS_TEST_SPARK_SQL`, the program's path
//! (`tests/scripts/spark-engine.sh` installs PyPI `pyspark` into a virtual
//! environment and sets it); without it the tests say so and pass, as
//! tests/duckdb.rs and tests/postgres.rs do, so that `cargo test` runs on a
//! fresh clone without Spark. Each test starts one Spark session (a JVM:
//! seconds), so the tests are few and each does several things.

mod common;

use std::path::PathBuf;

use common::*;
use mopsc::data::engine::{self, Engine, EngineError, Sqlite};
use mopsc::data::spark::Spark;

fn spark_sql() -> Option<PathBuf> {
    match std::env::var_os("MOPS_TEST_SPARK_SQL") {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            eprintln!(
                "skipped: MOPS_TEST_SPARK_SQL is not set (tests/scripts/spark-engine.sh installs pyspark and sets it)"
            );
            None
        }
    }
}

#[test]
fn one_spark_session_gives_sqlites_scores_from_csv_and_parquet_and_its_own_errors() {
    let Some(prog) = spark_sql() else { return };
    let lite = scores_with(&mut Sqlite::new().expect("sqlite"), |e, ds, f| e.load(ds, f, 0));
    let mut spark = Spark::new(&prog).expect("spark-sql starts");
    assert!(spark.describe().starts_with("spark 3.") && spark.describe().ends_with(&format!("({})", prog.display())));
    let s = scores_with(&mut spark, |e, ds, f| e.load(ds, f, 0));
    assert_same(&lite, &s, "Spark (CSV)");
    // texts come back exactly: null apart from empty, tabs, quotes, newlines
    let rows = spark
        .query("SELECT CAST(NULL AS STRING) AS a, '' AS b, 'x\\ty \"q\"\\nz' AS c, 0.1D AS d, 7L AS e")
        .expect("runs");
    use engine::Cell;
    assert_eq!(
        rows,
        vec![vec![
            Cell::Null,
            Cell::Text(String::new()),
            Cell::Text("x\ty \"q\"\nz".into()),
            Cell::Num(0.1),
            Cell::Int(7)
        ]]
    );
    // a query Spark rejects is DATA004 with Spark's own message, and the
    // session goes on
    let Err(EngineError::Engine(m)) = spark.query("SELECT nope FROM nowhere") else { panic!("ran?") };
    assert!(m.starts_with("spark-sql: ") && m.contains("nowhere"), "{m}");
    assert_eq!(spark.query("SELECT 1 AS one").expect("still runs"), vec![vec![Cell::Int(1)]]);
    // Parquet, read by Spark with the declared casts (written by DuckDB when
    // the DuckDB program is there too, as in the CI script)
    let Some(duck) = std::env::var_os("MOPS_TEST_DUCKDB") else {
        eprintln!("skipped the Parquet half: MOPS_TEST_DUCKDB is not set (it writes the Parquet files)");
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let p = scores_with(&mut spark, |e, ds, f| {
        let pq = parquet_of(duck.as_ref(), f, dir.path(), &ds.name.value);
        e.load(ds, &pq, 0)
    });
    assert_same(&lite, &p, "Spark (Parquet)");
}

#[test]
fn check_data_gives_the_same_diagnostics_on_spark() {
    let Some(prog) = spark_sql() else { return };
    let run = |engine: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_mopsc"))
            .args(["check", "tests/fixtures/data/quality", "--data", "--format", "json", "--today", "2026-11-24", "-v"])
            .args(engine)
            .current_dir(manifest_dir())
            .output()
            .expect("runs");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        (v, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (lite, _) = run(&["--engine", "sqlite"]);
    let prog = prog.display().to_string();
    let (spark, err) = run(&["--engine", "spark", "--spark-sql", &prog]);
    let engine = spark["engine"].as_str().expect("engine");
    assert!(engine.starts_with("spark 3.") && err.contains(&format!("note: engine: {engine}")), "{engine} {err}");
    assert!(lite["diagnostics"].as_array().is_some_and(|d| d.len() > 10), "{lite}");
    assert_eq!(lite["diagnostics"], spark["diagnostics"], "check --data differs between SQLite and Spark");
}

#[test]
fn a_missing_spark_sql_is_data004_that_says_how_to_install_it() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mopsc"))
        .args([
            "score",
            "examples",
            "--today",
            "2026-11-24",
            "--engine",
            "spark",
            "--spark-sql",
            "/nonexistent/spark-sql",
        ])
        .current_dir(manifest_dir())
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("DATA004") && err.contains("pip install pyspark") && err.contains("--spark-sql PATH"),
        "{err}"
    );
}
