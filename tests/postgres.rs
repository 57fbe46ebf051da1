//! The same scores from SQLite and from a real PostgreSQL server, compared
//! row by row. Needs `MOPS_TEST_DSN` (`.ci/run` starts a throwaway cluster
//! and sets it); without it the test says so and passes, so that `cargo
//! test` runs on a fresh clone without PostgreSQL.

mod common;

use common::*;
use mopsc::data::engine::{self, Engine, Postgres, Sqlite};
use mopsc::data::score;

fn scores_on(eng: &mut dyn FnMut() -> Box<dyn Loader>) -> score::Scores {
    let report = check("examples");
    let a = report.analyses.iter().find(|a| !a.model.scorings.is_empty()).expect("analysis");
    let s = a.model.scorings.iter().find(|s| s.name.value == "northwind-lead-score").expect("scoring");
    let leads = a.model.dataset_for(s.data.leads.as_ref(), "leads").expect("leads");
    let q = score::query(&a.model, s, leads, today());
    let mut e = eng();
    for name in &q.datasets {
        let ds = a.model.dataset(name).expect("dataset");
        let file = engine::dataset_file(&report.files.get(ds.file).path, &ds.data.path.as_ref().expect("file").value);
        e.load(ds, &file).expect("loads");
    }
    score::run(&q, e.engine(), "northwind-lead-score", today()).expect("runs")
}

trait Loader {
    fn load(&mut self, ds: &mopsc::model::Decl<mopsc::model::Dataset>, file: &std::path::Path) -> Result<(), String>;
    fn engine(&mut self) -> &mut dyn Engine;
}

impl Loader for Sqlite {
    fn load(&mut self, ds: &mopsc::model::Decl<mopsc::model::Dataset>, file: &std::path::Path) -> Result<(), String> {
        Sqlite::load(self, ds, file, 0).map(|_| ()).map_err(|e| format!("{e:?}"))
    }
    fn engine(&mut self) -> &mut dyn Engine {
        self
    }
}

impl Loader for Postgres {
    fn load(&mut self, ds: &mopsc::model::Decl<mopsc::model::Dataset>, file: &std::path::Path) -> Result<(), String> {
        Postgres::load(self, ds, file, 0).map(|_| ()).map_err(|e| format!("{e:?}"))
    }
    fn engine(&mut self) -> &mut dyn Engine {
        self
    }
}

#[test]
fn sqlite_and_postgres_give_the_same_scores() {
    let Ok(dsn) = std::env::var("MOPS_TEST_DSN") else {
        eprintln!("skipped: MOPS_TEST_DSN is not set (.ci/run starts a PostgreSQL cluster and sets it)");
        return;
    };
    let lite = scores_on(&mut || Box::new(Sqlite::new().expect("sqlite")));
    let pg = scores_on(&mut || Box::new(Postgres::connect(&dsn).expect("connects")));
    assert_eq!(lite.leads.len(), 2400);
    assert_eq!(lite.leads.len(), pg.leads.len());
    for (a, b) in lite.leads.iter().zip(&pg.leads) {
        assert_eq!(a, b, "lead {} differs between SQLite and PostgreSQL", a.key);
    }
    assert_eq!(lite.tiers, pg.tiers);
}

#[test]
fn postgres_parses_the_printed_sql_of_its_dialect() {
    let Ok(dsn) = std::env::var("MOPS_TEST_DSN") else {
        eprintln!("skipped: MOPS_TEST_DSN is not set");
        return;
    };
    let files =
        mopsc::data::cmd::sql(&[manifest_dir().join("examples")], &opts(), mopsc::data::print::Dialect::Postgres, None)
            .map_err(|o| o.messages)
            .expect("sql");
    let mut client = postgres::Client::connect(&dsn, postgres::NoTls).expect("connects");
    client
        .batch_execute(
            "CREATE SCHEMA IF NOT EXISTS crm; CREATE SCHEMA IF NOT EXISTS analytics;
             CREATE TABLE IF NOT EXISTS crm.leads (id TEXT, email TEXT, created_at TIMESTAMP, closed_won BOOLEAN, title TEXT, employees BIGINT, industry TEXT, unsubscribed BOOLEAN, crm_connected BOOLEAN);
             CREATE TABLE IF NOT EXISTS analytics.touches (lead_id TEXT, occurred_at TIMESTAMP, event TEXT, utm_source TEXT, utm_medium TEXT, url TEXT);",
        )
        .expect("tables");
    // EXPLAIN parses, plans and type-checks the query without running it
    client
        .batch_execute(&format!("EXPLAIN {}", files[0].1.split_once('\n').expect("comment").1))
        .expect("postgres reads it");
}

/// The examples' attribution credits and paths on one engine, by `by`.
fn attribution_on(
    e: &mut dyn Loader,
    by: mopsc::data::attribute::By,
) -> (Vec<mopsc::data::attribute::KeyCredit>, Vec<mopsc::data::markov::PathRow>) {
    use mopsc::data::attribute::{self as at, Params};
    let report = check("examples");
    let a = report.analyses.iter().find(|a| !a.model.attributions.is_empty()).expect("analysis");
    let attr = a.model.attributions.iter().find(|x| x.name.value == "northwind-attribution").expect("attribution");
    let ds = a.model.dataset_for(attr.data.touches.as_ref(), "touches").expect("touches");
    let file = engine::dataset_file(&report.files.get(ds.file).path, &ds.data.path.as_ref().expect("file").value);
    e.load(ds, &file).expect("loads");
    let p = Params::of(&attr.data, None, None);
    let rules = at::channel_rules(&a.model);
    let credits = at::run_credits(&at::credit_query(ds, &p, by, &rules), e.engine()).expect("credits run");
    let paths = at::run_paths(&at::paths_query(ds, &p, by, &rules), e.engine()).expect("paths run");
    (credits, paths)
}

#[test]
fn sqlite_and_postgres_give_the_same_attribution() {
    use mopsc::data::attribute::By;
    let Ok(dsn) = std::env::var("MOPS_TEST_DSN") else {
        eprintln!("skipped: MOPS_TEST_DSN is not set");
        return;
    };
    let close = |a: f64, b: f64, what: &str| {
        // time-decay goes through POWER and epoch arithmetic: 1e-9 relative
        assert!((a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0), "{what}: sqlite {a}, postgres {b}");
    };
    for by in [By::Channel, By::SourceMedium, By::Campaign, By::Step] {
        let (lc, lp) = attribution_on(&mut Sqlite::new().expect("sqlite"), by);
        let (pc, pp) = attribution_on(&mut Postgres::connect(&dsn).expect("connects"), by);
        assert!(lc.len() > 3, "{by:?}: {} rows", lc.len());
        assert_eq!(lc.len(), pc.len(), "{by:?}");
        for (a, b) in lc.iter().zip(&pc) {
            assert_eq!(a.key, b.key, "{by:?}");
            for i in 0..5 {
                close(a.conversions[i], b.conversions[i], &format!("{by:?} {} c_{i}", a.key));
                close(a.value[i], b.value[i], &format!("{by:?} {} v_{i}", a.key));
            }
        }
        assert_eq!(lp.len(), pp.len(), "{by:?} paths");
        for (a, b) in lp.iter().zip(&pp) {
            assert_eq!(a.path, b.path, "{by:?}");
            assert_eq!((a.conversions, a.nulls), (b.conversions, b.nulls), "{by:?} {:?}", a.path);
            close(a.value, b.value, &format!("{by:?} {:?} value", a.path));
        }
        println!("{by:?}: {} rows, {} paths agree", lc.len(), lp.len());
    }
}

#[test]
fn check_data_gives_the_same_diagnostics_on_postgres() {
    let Ok(dsn) = std::env::var("MOPS_TEST_DSN") else {
        eprintln!("skipped: MOPS_TEST_DSN is not set");
        return;
    };
    let run = |engine: &[&str]| -> serde_json::Value {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_mopsc"))
            .args(["check", "--data", "--format", "json", "--today", "2026-11-24"])
            .args(engine)
            .current_dir(common::manifest_dir())
            .output()
            .expect("runs");
        serde_json::from_slice(&out.stdout).expect("json")
    };
    for path in ["tests/fixtures/data/quality", "examples"] {
        let lite = run(&[path, "--engine", "sqlite"]);
        let pg = run(&[path, "--engine", "postgres", "--dsn", &dsn]);
        assert!(pg["engine"].as_str().is_some_and(|e| e.starts_with("postgres ")), "{}", pg["engine"]);
        assert_eq!(
            lite["diagnostics"], pg["diagnostics"],
            "{path}: check --data differs between SQLite and PostgreSQL"
        );
    }
}
