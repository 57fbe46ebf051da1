//! Working-day calendars (issue 16 item 16): `[plan] calendar` and
//! `holidays` in mops.toml, or a campaign's own `calendar`; weekends and
//! holidays are skipped, the deadline (E042) is judged on the working
//! dates, and the plan says which calendar is in force.

mod common;

use common::*;
use mopsc::plan;

fn plan_of(rel: &str) -> plan::Plan {
    plan::compile(&check(rel), None).expect("plan")
}

fn dates(p: &plan::Plan, campaign: &str) -> Vec<(String, String, String)> {
    let c = p.campaigns.iter().find(|c| c.name == campaign).expect("campaign");
    c.steps.iter().map(|s| (s.name.clone(), s.start.clone(), s.end.clone())).collect()
}

fn triple(name: &str, a: &str, b: &str) -> (String, String, String) {
    (name.into(), a.into(), b.into())
}

#[test]
fn working_days_skip_weekends_and_holidays() {
    let p = plan_of("tests/fixtures/working-days");
    // starts on Saturday 2026-02-28: the first working day is Monday;
    // 2026-03-10 is a holiday
    assert_eq!(
        dates(&p, "sprint"),
        [
            triple("levers", "2026-03-02", "2026-03-06"),
            triple("audit", "2026-03-09", "2026-03-12"),
            triple("rewrite", "2026-03-13", "2026-03-16"),
            triple("measure", "2026-03-17", "2026-03-17"),
        ]
    );
    let sprint = p.campaigns.iter().find(|c| c.name == "sprint").expect("sprint");
    assert_eq!((sprint.calendar.as_str(), sprint.days, sprint.end.as_str()), ("working-days", 11, "2026-03-17"));
    for s in &sprint.steps {
        for d in [&s.start, &s.end] {
            let day = mopsc::literal::date(d).expect("date");
            assert!(
                !matches!(day.weekday(), jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday),
                "{} on a weekend: {d}",
                s.name
            );
        }
    }
}

#[test]
fn a_campaign_chooses_calendar_days_over_the_workspace() {
    let p = plan_of("tests/fixtures/working-days");
    assert_eq!(
        dates(&p, "sprint-calendar"),
        [
            triple("levers", "2026-02-28", "2026-03-04"),
            triple("audit", "2026-03-05", "2026-03-07"),
            triple("rewrite", "2026-03-08", "2026-03-09"),
            triple("measure", "2026-03-10", "2026-03-10"),
        ]
    );
    let c = p.campaigns.iter().find(|c| c.name == "sprint-calendar").expect("campaign");
    assert_eq!(c.calendar, "calendar-days");
}

#[test]
fn a_campaign_chooses_working_days_without_mops_toml() {
    let src = "campaign launch: conversion-optimization {\n  owner = \"dana@acme.io\"\n  start = 2026-03-06\n  calendar = working-days\n  given = [context]\n  goals { signups = 400 }\n  step levers: marketing-psychology { duration = 2d }\n  step audit: copy-editing { duration = 1d }\n}\n";
    let report = mopsc::check::check_source("launch.mops", src, &opts());
    let p = plan::compile(&report, None).expect("plan");
    // Friday and Monday, then Tuesday
    assert_eq!(
        dates(&p, "launch"),
        [triple("levers", "2026-03-06", "2026-03-09"), triple("audit", "2026-03-10", "2026-03-10")]
    );
}

#[test]
fn the_deadline_is_judged_on_working_dates() {
    // six days of work from Monday 2026-03-02: in calendar days they end on
    // Saturday the 7th, in working days on Monday the 9th
    let src = "campaign launch: conversion-optimization {\n  owner = \"dana@acme.io\"\n  start = 2026-03-02\n  end = 2026-03-07\n  calendar = working-days\n  given = [context]\n  goals { signups = 400 }\n  step levers: marketing-psychology { duration = 5d }\n  step audit: copy-editing { duration = 1d }\n}\n";
    let report = mopsc::check::check_source("launch.mops", src, &opts());
    let e042: Vec<_> = report.diagnostics.iter().filter(|d| d.code == "E042").collect();
    assert_eq!(e042.len(), 1, "{:?}", report.diagnostics);
    assert!(e042[0].message.contains("ends on 2026-03-09"), "{}", e042[0].message);
    let only: Vec<_> = e042.into_iter().cloned().collect();
    insta::assert_snapshot!("working_days_e042", mopsc::render::human(&only, &report.files, 1, false));
    let calendar = src.replace("calendar = working-days", "calendar = calendar-days");
    let report = mopsc::check::check_source("launch.mops", &calendar, &opts());
    assert!(!report.diagnostics.iter().any(|d| d.code == "E042"), "{:?}", report.diagnostics);
}

#[test]
fn the_plan_says_which_calendar_is_in_force() {
    let p = plan_of("tests/fixtures/working-days");
    let md = plan::to_markdown(&p);
    assert!(md.contains("(11 working days: weekends and holidays skipped)"), "{md}");
    insta::assert_snapshot!("working_days_md", md);
    let json: serde_json::Value = serde_json::from_str(&plan::to_json(&p)).expect("json");
    assert_eq!(json["campaigns"][0]["calendar"], "working-days");
    assert_eq!(json["campaigns"][1]["calendar"], "calendar-days");
    // the default is calendar days, and says so in the JSON
    let section9 = plan_of("examples/section9");
    assert_eq!(section9.campaigns[0].calendar, "calendar-days");
}

#[test]
fn bad_calendar_settings_are_cfg001() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("mops.toml"),
        "[plan]\ncalendar = \"weekdays\"\nholidays = [\"2026-13-01\"]\nweekend = 1\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("a.mops"), "context acme { product = \"A\" }\n").expect("write");
    let report = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("checks");
    let cfg: Vec<&str> = report.diagnostics.iter().filter(|d| d.code == "CFG001").map(|d| d.message.as_str()).collect();
    assert_eq!(cfg.len(), 3, "{cfg:?}");
    assert!(cfg[0].contains("`calendar` must be \"calendar-days\" or \"working-days\""), "{cfg:?}");
    assert!(cfg[1].starts_with("holiday `2026-13-01`"), "{cfg:?}");
    assert!(cfg[2].contains("unknown key `weekend` in `[plan]`"), "{cfg:?}");
}
