//! `mopsc attribute`: the edge cases of DATA.md §4 pinned, the examples'
//! report, the printed SQL of every dialect, `--paths` round trips, and the
//! errors. The numbers themselves are compared with outside references by
//! tests/scripts/attribution-reference.sh.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use mopsc::data::attribute::{self, By, Params};
use mopsc::data::attribute_cmd::{self as ac, AttrArgs, AttrFormat};
use mopsc::data::engine::{self, Sqlite};
use mopsc::data::print::Dialect;

fn mopsc() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mopsc"));
    c.current_dir(manifest_dir());
    c
}

const HEAD: &str = "attribution edge: position-based {
  first       = 40%
  last        = 40%
  middle      = 20%
  window      = 7d
  half-life   = 1d
  conversions = [\"signup\"]
  documented  = \"tests/attribute.rs\"
}

dataset t: touches {
  file    = \"t.csv\"
  channel = channel
  value   = value
}
";

/// A workspace of one attribution over `rows` (`person,time,event,channel,value`).
fn workspace(rows: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("mops.toml"), "[lint]\n").expect("toml");
    std::fs::write(dir.path().join("a.mops"), HEAD).expect("mops");
    std::fs::write(dir.path().join("t.csv"), format!("person,time,event,channel,value\n{rows}")).expect("csv");
    dir
}

static SQLITE: std::sync::LazyLock<engine::EngineChoice> = std::sync::LazyLock::new(engine::EngineChoice::sqlite);

fn args<'a>(models: &'a str, by: By, format: AttrFormat) -> AttrArgs<'a> {
    AttrArgs {
        attribution: None,
        models: Some(models),
        by,
        from: None,
        to: None,
        engine: &SQLITE,
        paths_file: None,
        format,
        max_bad_rows: 0,
    }
}

fn report_json(dir: &Path, a: &AttrArgs) -> serde_json::Value {
    let out = ac::attribute(&[dir.to_path_buf()], &opts(), a);
    assert_eq!(out.code, 0, "{:?} {:?}", out.messages, out.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>());
    serde_json::from_str(&out.stdout).expect("json")
}

/// One line per row: the conversions each model credits it.
fn compact(v: &serde_json::Value) -> String {
    let mut o = String::new();
    for row in v["rows"].as_array().expect("rows") {
        o.push_str(&format!("{:<8}", row["label"].as_str().unwrap_or("")));
        for c in row["credits"].as_array().expect("credits") {
            let x = c["conversions"].as_f64().unwrap_or(f64::NAN);
            o.push_str(&format!(" {}={:.4}", c["model"].as_str().unwrap_or(""), x + 0.0));
        }
        o.push('\n');
    }
    if let Some(m) = v["markov"].as_object() {
        o.push_str(&format!(
            "markov removal effects: {}\n",
            serde_json::Value::Object(m["removal_effects"].as_object().cloned().unwrap_or_default())
        ));
    }
    o
}

#[test]
fn edge_cases_are_pinned() {
    let cases: [(&str, &str); 8] = [
        ("one_touch", "p1,2026-05-01T10:00:00Z,page-view,A,\np1,2026-05-01T11:00:00Z,signup,,100\n"),
        (
            "two_touches",
            "p1,2026-05-01T10:00:00Z,page-view,A,\np1,2026-05-02T10:00:00Z,page-view,B,\np1,2026-05-03T10:00:00Z,signup,,100\n",
        ),
        (
            "three_touches",
            "p1,2026-05-01T10:00:00Z,page-view,A,\np1,2026-05-02T10:00:00Z,page-view,B,\np1,2026-05-02T12:00:00Z,page-view,C,\np1,2026-05-03T10:00:00Z,signup,,100\n",
        ),
        (
            "ties_in_time",
            "p1,2026-05-01T10:00:00Z,page-view,B,\np1,2026-05-01T10:00:00Z,page-view,A,\np1,2026-05-01T12:00:00Z,signup,,100\n",
        ),
        (
            "outside_the_window",
            "p1,2026-05-01T10:00:00Z,page-view,A,\np1,2026-05-11T10:00:00Z,page-view,B,\np1,2026-05-12T10:00:00Z,signup,,100\np2,2026-05-01T10:00:00Z,page-view,A,\np2,2026-05-01T10:00:01Z,signup,,1\np2,2026-05-08T10:00:01Z,page-view,B,\n",
        ),
        ("conversion_without_touch", "p1,2026-05-01T10:00:00Z,signup,,100\np2,2026-05-01T10:00:00Z,page-view,A,\np2,2026-05-01T10:30:00Z,signup,,50\n"),
        (
            "channel_only_on_non_converting_paths",
            "p1,2026-05-01T10:00:00Z,page-view,A,\np1,2026-05-01T11:00:00Z,signup,,100\np2,2026-05-01T10:00:00Z,page-view,C,\np3,2026-05-01T10:00:00Z,page-view,A,\np3,2026-05-01T11:00:00Z,page-view,C,\n",
        ),
        (
            "single_channel",
            "p1,2026-05-01T10:00:00Z,page-view,A,\np1,2026-05-01T12:00:00Z,page-view,A,\np1,2026-05-01T13:00:00Z,signup,,100\np2,2026-05-01T10:00:00Z,page-view,A,\n",
        ),
    ];
    for (name, rows) in cases {
        let dir = workspace(rows);
        let v = report_json(dir.path(), &args("all", By::Channel, AttrFormat::Json));
        // every model hands out exactly the conversions, and never less than 0
        let total = v["conversions"].as_f64().expect("total");
        for (i, m) in attribute::MODELS.iter().enumerate() {
            let sum: f64 = v["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .map(|r| r["credits"][i]["conversions"].as_f64().unwrap_or(0.0))
                .sum();
            assert!((sum - total).abs() < 1e-9, "{name}: {m} credits {sum}, not {total}");
            for r in v["rows"].as_array().expect("rows") {
                assert!(r["credits"][i]["conversions"].as_f64().unwrap_or(0.0) >= -1e-12, "{name}: {m} negative");
            }
        }
        insta::assert_snapshot!(format!("attribute_edge_{name}"), compact(&v));
    }
}

#[test]
fn examples_by_campaign_show_every_model_and_roi() {
    let out = mopsc()
        .args(["attribute", "examples", "--today", "2026-11-24", "--model", "all", "--by", "campaign"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = String::from_utf8_lossy(&out.stdout).into_owned();
    for c in
        ["northwind-launch", "demo-request-blitz", "state-of-attribution", "spring-webinar-2026 (unregistered)", "ROAS"]
    {
        assert!(md.contains(c), "{c} missing:\n{md}");
    }
    insta::assert_snapshot!("attribute_examples_by_campaign_md", md);
}

#[test]
fn examples_by_step_and_channel() {
    let dir = manifest_dir().join("examples");
    let v = report_json(&dir, &args("position-based,markov", By::Step, AttrFormat::Json));
    let labels: Vec<&str> = v["rows"].as_array().expect("rows").iter().filter_map(|r| r["label"].as_str()).collect();
    assert!(labels.contains(&"northwind-launch / search-ads"), "{labels:?}");
    assert!(labels.contains(&"demo-request-blitz / demo-ads"), "{labels:?}");
    let steps = v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["label"] == "demo-request-blitz / demo-ads")
        .expect("row");
    // the step's 32000 USD budget, spread over its days (no period: all of it)
    assert_eq!(steps["spend"].as_f64(), Some(32000.0));
    insta::assert_snapshot!(
        "attribute_examples_by_step_csv",
        ac::render(&build_report(&dir, By::Step, "position-based,markov"), AttrFormat::Csv)
    );
    let ch = report_json(&dir, &args("linear", By::Channel, AttrFormat::Json));
    let labels: Vec<&str> = ch["rows"].as_array().expect("rows").iter().filter_map(|r| r["label"].as_str()).collect();
    // GA4's default channel grouping, from the prelude's channel rules
    for g in ["Paid Search", "Organic Social", "Email", "Referral", "Organic Search", "Direct"] {
        assert!(labels.contains(&g), "{g} not in {labels:?}");
    }
    insta::assert_snapshot!("attribute_examples_by_channel", compact(&ch));
}

fn build_report(dir: &Path, by: By, models: &str) -> ac::AttrReport {
    let report = mopsc::check::check_paths(&[dir.to_path_buf()], &opts()).expect("checks");
    let model = &report.analyses[0].model;
    let a = model.attributions.iter().find(|a| a.file != mopsc::diagnostic::FileId::PRELUDE).expect("attribution");
    let ds = model.dataset_for(a.data.touches.as_ref(), "touches").expect("touches");
    let rules = attribute::channel_rules(model);
    let params = Params::of(&a.data, None, None);
    let mut eng = Sqlite::new().expect("sqlite");
    let file = engine::dataset_file(&report.files.get(ds.file).path, &ds.data.path.as_ref().expect("file").value);
    eng.load(ds, &file, 0).expect("loads");
    let credits = attribute::run_credits(&attribute::credit_query(ds, &params, by, &rules), &mut eng).expect("credits");
    let paths = attribute::run_paths(&attribute::paths_query(ds, &params, by, &rules), &mut eng).expect("paths");
    let inp = ac::Inputs {
        report: &report,
        model,
        attribution: a,
        by,
        models: ac::models(Some(models), &a.data).expect("models"),
        params,
    };
    ac::build(&inp, Some(&credits), Some(&paths), None, None).expect("builds")
}

#[test]
fn printed_sql_of_every_dialect_is_pinned() {
    for d in Dialect::ALL {
        for only in ["attribution", "paths"] {
            let files = ac::sql(&[manifest_dir().join("examples")], &opts(), d, only, By::Campaign, None, None)
                .map_err(|o| o.messages)
                .expect("sql");
            assert_eq!(files.len(), 1);
            insta::assert_snapshot!(format!("attribute_sql_{only}_{}", d.as_str()), files[0].1);
        }
    }
}

#[test]
fn paths_from_a_file_give_the_same_data_driven_credits() {
    let dir = manifest_dir().join("examples");
    let direct = build_report(&dir, By::Campaign, "markov,shapley");
    // the paths as a warehouse returns them, written to CSV
    let report = mopsc::check::check_paths(std::slice::from_ref(&dir), &opts()).expect("checks");
    let model = &report.analyses[0].model;
    let a = model.attributions.iter().find(|a| a.file != mopsc::diagnostic::FileId::PRELUDE).expect("attribution");
    let ds = model.dataset_for(a.data.touches.as_ref(), "touches").expect("touches");
    let mut eng = Sqlite::new().expect("sqlite");
    let file = engine::dataset_file(&report.files.get(ds.file).path, &ds.data.path.as_ref().expect("file").value);
    eng.load(ds, &file, 0).expect("loads");
    let params = Params::of(&a.data, None, None);
    let paths = attribute::run_paths(&attribute::paths_query(ds, &params, By::Campaign, &[]), &mut eng).expect("paths");
    let credits =
        attribute::run_credits(&attribute::credit_query(ds, &params, By::Campaign, &[]), &mut eng).expect("c");
    let none = credits.iter().find(|c| c.key == attribute::NONE).map_or(0.0, |c| c.conversions[0]);
    let tmp = tempfile::tempdir().expect("tmp");
    let pf = tmp.path().join("paths.csv");
    let mut csv = String::from("path,conversions,nulls,value\n");
    for p in &paths {
        csv.push_str(&format!("\"{}\",{},{},{}\n", p.path.join(" > "), p.conversions, p.nulls, p.value));
    }
    if none > 0.0 {
        csv.push_str(&format!(",{none},0,0\n"));
    }
    std::fs::write(&pf, csv).expect("write");
    let mut aa = args("markov,shapley", By::Campaign, AttrFormat::Json);
    aa.paths_file = Some(&pf);
    let v = report_json(&dir, &aa);
    for row in &direct.rows {
        let other = v["rows"].as_array().expect("rows").iter().find(|r| r["label"] == row.label.as_str()).expect("row");
        for (i, c) in row.credits.iter().enumerate() {
            let x = other["credits"][i]["conversions"].as_f64().expect("number");
            assert!((x - c.conversions).abs() < 1e-9, "{} {}: {x} vs {}", row.label, c.model, c.conversions);
        }
    }
}

#[test]
fn html_has_a_self_contained_grouped_bar_chart() {
    let out = mopsc()
        .args([
            "attribute",
            "examples",
            "--today",
            "2026-11-24",
            "--model",
            "linear,markov",
            "--by",
            "campaign",
            "--format",
            "html",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    // two bars per row: one per model
    let bars = html.matches("</title></rect>").count();
    let rows = build_report(&manifest_dir().join("examples"), By::Campaign, "linear,markov").rows.len();
    assert_eq!(bars, rows * 2);
    assert!(!html.contains("http://") || html.matches("http://").count() == 1, "no outside resources");
    assert!(!html.contains("<script"));
}

#[test]
fn json_is_versioned_and_credits_add_up() {
    let dir = manifest_dir().join("examples");
    let v = report_json(&dir, &args("all", By::Campaign, AttrFormat::Json));
    assert_eq!(v["attribution_version"], 1);
    assert_eq!(v["by"], "campaign");
    assert_eq!(v["spend_from"], "budgets");
    let total = v["conversions"].as_f64().expect("total");
    assert!(total > 100.0);
    for i in 0..attribute::MODELS.len() {
        let sum: f64 = v["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r["credits"][i]["conversions"].as_f64().unwrap_or(0.0))
            .sum();
        assert!((sum - total).abs() < 1e-6, "{}: {sum} vs {total}", attribute::MODELS[i]);
    }
}

fn stderr(args: &[&str]) -> (i32, String) {
    let out = mopsc().args(args).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn usage_errors_are_clear() {
    let (c, e) = stderr(&["attribute", "examples", "--today", "2026-11-24", "--model", "w-shaped"]);
    assert_eq!(c, 2);
    assert!(e.contains("unknown model `w-shaped`"), "{e}");
    let tmp = tempfile::tempdir().expect("tmp");
    let pf = tmp.path().join("p.csv");
    std::fs::write(&pf, "path,conversions,nulls\nA > B,x,1\n").expect("w");
    let pfs = pf.display().to_string();
    let (c, e) = stderr(&["attribute", "examples", "--today", "2026-11-24", "--model", "markov", "--paths", &pfs]);
    assert_eq!(c, 1);
    assert!(e.contains("DATA001") && e.contains("line 2"), "{e}");
    let (c, e) = stderr(&["attribute", "examples", "--today", "2026-11-24", "--model", "linear", "--paths", &pfs]);
    assert_eq!(c, 2);
    assert!(e.contains("`linear` needs the touches"), "{e}");
    let (c, e) =
        stderr(&["attribute", "examples", "--today", "2026-11-24", "--from", "2026-10-01", "--to", "2026-09-01"]);
    assert_eq!(c, 2);
    assert!(e.contains("before --from"), "{e}");
    insta::assert_snapshot!("attribute_usage_errors", e);
}

fn codes_of(src: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("mops.toml"), "[lint]\nselect = [\"ALL\"]\n").expect("toml");
    std::fs::write(dir.path().join("a.mops"), src).expect("mops");
    let r = mopsc::check::check_paths(&[PathBuf::from(dir.path())], &opts()).expect("checks");
    r.diagnostics.iter().map(|d| d.code.clone()).collect()
}

#[test]
fn declaration_errors_of_the_new_attributes() {
    let dd = |extra: &str| {
        format!("attribution dd: data-driven {{\n  conversions = [\"signup\"]\n  monthly-conversions = 5000\n  documented = \"x\"\n{extra}\n}}\n")
    };
    assert!(!codes_of(&dd("  method = markov\n  order = 2")).iter().any(|c| c.starts_with('E') || c == "ATT006"));
    assert!(codes_of(&dd("  order = 5")).contains(&"E003".to_string()));
    assert!(codes_of(&dd("  method = shapley\n  order = 2")).contains(&"ATT006".to_string()));
    assert!(codes_of(&dd("  method = monte-carlo")).iter().any(|c| c.starts_with('E')));
    let lin = "attribution l: linear {\n  conversions = [\"signup\"]\n  documented = \"x\"\n  method = markov\n}\n";
    assert!(codes_of(lin).contains(&"ATT006".to_string()));
    let policy = |re: &str| {
        format!(
            "utm-policy ours {{\n  sources = [google]\n  mediums = [cpc]\n  paid-search-mediums = [cpc]\n  channel-rule search {{ channel = \"Search\"  medium = \"{re}\" }}\n}}\n"
        )
    };
    assert!(!codes_of(&policy("^cpc$")).contains(&"E054".to_string()));
    assert!(codes_of(&policy("(cpc")).contains(&"E054".to_string()));
}

#[test]
fn a_workspace_channel_grouping_replaces_the_prelude_one() {
    let dir = workspace("p1,2026-05-01T10:00:00Z,page-view,,\np1,2026-05-01T11:00:00Z,signup,,1\n");
    // no channel mapped on the row: untagged → (direct)/(none) → Direct
    let v = report_json(dir.path(), &args("first-touch", By::Channel, AttrFormat::Json));
    assert_eq!(v["rows"][0]["label"], "Direct");
    std::fs::write(
        dir.path().join("p.mops"),
        "utm-policy ours {\n  sources = [\"*\"]\n  mediums = [\"*\"]\n  paid-search-mediums = [cpc]\n  channel-rule everything { channel = \"All traffic\"  source = \".*\" }\n}\n",
    )
    .expect("w");
    std::fs::write(dir.path().join("a.mops"), format!("import \"p.mops\"\n{HEAD}")).expect("w");
    let v = report_json(dir.path(), &args("first-touch", By::Channel, AttrFormat::Json));
    assert_eq!(v["rows"][0]["label"], "All traffic");
}

#[test]
fn spend_from_a_spend_dataset_and_budgets_within_a_period() {
    let dir = workspace("p1,2026-05-01T10:00:00Z,page-view,A,\np1,2026-05-01T11:00:00Z,signup,,100\n");
    // a campaign whose UTM campaign is on the touches, with a budget over 10 days
    let rows = "p1,2026-05-01T10:00:00Z,page-view,spring,,\np1,2026-05-01T11:00:00Z,signup,spring,,100\n\
                p2,2026-05-02T10:00:00Z,page-view,other,,\np2,2026-05-02T11:00:00Z,signup,other,,50\n";
    std::fs::write(dir.path().join("t.csv"), format!("person,time,event,campaign,channel,value\n{rows}")).expect("w");
    let camp = "campaign spring-push: product-launch {\n  start  = 2026-05-01\n  budget = 1000 USD\n  utm { campaign = \"spring\" }\n  step plan: content-strategy { duration = 10d  budget = 1000 USD }\n}\n";
    let head = HEAD.replace("  channel = channel", "  channel  = channel\n  campaign = campaign");
    std::fs::write(dir.path().join("a.mops"), format!("{head}{camp}")).expect("w");
    let v = report_json(dir.path(), &args("first-touch", By::Campaign, AttrFormat::Json));
    let spring = v["rows"].as_array().expect("rows").iter().find(|r| r["label"] == "spring-push").expect("row");
    assert_eq!(v["spend_from"], "budgets");
    assert_eq!(spring["spend"].as_f64(), Some(1000.0));
    assert_eq!(spring["credits"][0]["roas"].as_f64(), Some(0.1));
    let other = v["rows"].as_array().expect("rows").iter().find(|r| r["label"] == "other").expect("row");
    assert_eq!(other["kind"], "unregistered");
    // a period of 3 of the campaign's days: 3/10 of the budget, one conversion
    let mut a = args("first-touch", By::Campaign, AttrFormat::Json);
    a.from = Some(mopsc::literal::date("2026-04-29").expect("d"));
    a.to = Some(mopsc::literal::date("2026-05-03").expect("d"));
    let days = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("checks");
    let plan = mopsc::plan::compile(&days, None).expect("plans");
    let (start, end) = (&plan.campaigns[0].start, &plan.campaigns[0].end);
    let v = report_json(dir.path(), &a);
    let spring = v["rows"].as_array().expect("rows").iter().find(|r| r["label"] == "spring-push").expect("row");
    let s: mopsc::literal::Date = start.parse().expect("d");
    let e: mopsc::literal::Date = end.parse().expect("d");
    let total_days = (e - s).get_days() as f64 + 1.0;
    let inside = (a.to.expect("to").min(e) - s).get_days() as f64 + 1.0;
    assert!((spring["spend"].as_f64().expect("spend") - 1000.0 * inside / total_days).abs() < 1e-9);
    // a spend dataset wins over the budgets
    std::fs::write(
        dir.path().join("s.csv"),
        "day,usd,utm\n2026-05-01,300,spring\n2026-05-02,200,spring\n2026-06-01,999,spring\n",
    )
    .expect("w");
    std::fs::write(
        dir.path().join("s.mops"),
        "dataset s: spend {\n  file     = \"s.csv\"\n  date     = day\n  amount   = usd\n  campaign = utm\n}\n",
    )
    .expect("w");
    let v = report_json(dir.path(), &a);
    assert_eq!(v["spend_from"], "spend-dataset");
    let spring = v["rows"].as_array().expect("rows").iter().find(|r| r["label"] == "spring-push").expect("row");
    assert_eq!(spring["spend"].as_f64(), Some(500.0));
    assert_eq!(spring["credits"][0]["cost_per_conversion"].as_f64(), Some(500.0));
}

#[test]
fn sql_command_writes_attribution_and_paths_queries() {
    let dir = tempfile::tempdir().expect("tmp");
    for only in ["attribution", "paths"] {
        let out = mopsc()
            .args([
                "sql",
                "examples",
                "--today",
                "2026-11-24",
                "--dialect",
                "bigquery",
                "--only",
                only,
                "--by",
                "step",
                "-o",
            ])
            .arg(dir.path())
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text =
            std::fs::read_to_string(dir.path().join(format!("{only}_northwind-attribution.sql"))).expect("written");
        assert!(text.contains("`analytics`.`campaign_touches`") && text.contains("TIMESTAMP_SUB"), "{text}");
    }
}
