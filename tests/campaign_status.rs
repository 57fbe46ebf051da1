//! CMP010 (issue 16 item 8): a campaign wholly in the past is reported
//! unless it says `status = done`; one that ends today, or later, is not.

mod common;

use common::*;

fn campaign(start: &str, extra: &str) -> String {
    format!(
        "campaign launch: conversion-optimization {{\n  owner = \"dana@acme.io\"\n  start = {start}\n  given = [context]\n{extra}  goals {{ signups = 400 }}\n  step levers: marketing-psychology {{ duration = 2d }}\n}}\n"
    )
}

fn cmp010(src: &str) -> Vec<mopsc::diagnostic::Diagnostic> {
    let report = mopsc::check::check_source("launch.mops", src, &opts());
    assert!(!report.diagnostics.iter().any(|d| d.code.starts_with('E')), "{:?}", report.diagnostics);
    report.diagnostics.into_iter().filter(|d| d.code == "CMP010").collect()
}

#[test]
fn a_campaign_mistyped_as_last_year_is_reported() {
    let src = campaign("2025-11-03", "");
    let found = cmp010(&src);
    assert_eq!(found.len(), 1);
    let report = mopsc::check::check_source("launch.mops", &src, &opts());
    insta::assert_snapshot!("cmp010_past_campaign", mopsc::render::human(&found, &report.files, 1, false));
}

#[test]
fn a_finished_campaign_says_status_done() {
    assert!(cmp010(&campaign("2025-11-03", "  status = done\n")).is_empty());
    // `active` is the default: still reported
    assert_eq!(cmp010(&campaign("2025-11-03", "  status = active\n")).len(), 1);
}

#[test]
fn running_and_future_campaigns_are_not_in_the_past() {
    // today is 2026-11-24: a 2-day step from the 23rd ends today
    assert!(cmp010(&campaign("2026-11-23", "")).is_empty());
    assert!(cmp010(&campaign("2027-01-04", "")).is_empty());
    // the 21st and 22nd are past
    assert_eq!(cmp010(&campaign("2026-11-21", "")).len(), 1);
    // a declared `end` after today keeps it current
    assert!(cmp010(&campaign("2026-11-02", "  end = 2026-12-01\n")).is_empty());
}

#[test]
fn an_unknown_status_is_an_error_not_a_past_finding() {
    let report = mopsc::check::check_source("launch.mops", &campaign("2025-11-03", "  status = finished\n"), &opts());
    let codes = codes(&report);
    assert!(codes.iter().any(|c| c.starts_with('E')), "{codes:?}");
    assert!(!codes.contains(&"CMP010".to_string()), "{codes:?}");
}
