//! Issue 16: what check, audit and plan tell a marketer must be true. One
//! test (or a few) per item of the issue; what the user reads is pinned by
//! insta snapshots.

mod common;

use common::*;
use mopsc::check::check_source;

fn render(report: &mopsc::check::Report) -> String {
    human(report)
}

/// The human rendering of the diagnostics whose code starts with `prefix`.
fn render_only(report: &mopsc::check::Report, prefix: &str) -> String {
    let d: Vec<_> = report.diagnostics.iter().filter(|d| d.code.starts_with(prefix)).cloned().collect();
    mopsc::render::human(&d, &report.files, report.file_count(), false)
}

fn with_codes(report: &mopsc::check::Report, prefix: &str) -> Vec<String> {
    codes(report).into_iter().filter(|c| c.starts_with(prefix)).collect()
}

/// A campaign whose steps use the given (source, medium) pairs.
fn tagged(pairs: &[(&str, &str)]) -> String {
    let mut s = String::from(
        "campaign tags: conversion-optimization {\n  start = 2026-03-02\n  given = [context]\n  utm { campaign = \"tags-q1\" }\n",
    );
    for (i, (source, medium)) in pairs.iter().enumerate() {
        s.push_str(&format!(
            "  step s{i}: marketing-psychology {{ duration = 1d  utm {{ source = {source}  medium = {medium} }} }}\n"
        ));
    }
    s.push_str("}\n");
    s
}

// ---------------------------------------------------------------- item 1

#[test]
fn default_policy_accepts_ga4_channel_mediums_and_any_source() {
    let pairs = [
        ("linkedin", "paid-social"),
        ("google", "cpc"),
        ("bing", "ppc"),
        ("google", "paid-search"),
        ("google", "display"),
        ("reddit", "cpm"),
        ("partnerstack", "affiliate"),
        ("linkedin", "social"),
        ("twitter", "sm"),
        ("youtube", "video"),
        ("newsletter", "email"),
        ("g2", "referral"),
    ];
    let r = check_source("tags.mops", &tagged(&pairs), &opts());
    assert_eq!(with_codes(&r, "UTM"), Vec::<String>::new(), "{}", render(&r));
}

#[test]
fn an_unknown_medium_is_reported_without_disparaging_valid_ones() {
    let r = check_source("tags.mops", &tagged(&[("email", "newsletter")]), &opts());
    assert_eq!(with_codes(&r, "UTM"), vec!["UTM005"]);
    insta::assert_snapshot!(render_only(&r, "UTM"));
    let explain = mopsc::explain::explain("UTM005").expect("documented");
    assert!(!explain.contains("nobody sees"), "{explain}");
    assert!(explain.contains("paid-*"), "{explain}");
}

#[test]
fn a_workspace_policy_narrows_sources() {
    let src = format!(
        "utm-policy ours {{\n  sources = [google, linkedin]\n  mediums = [cpc, social]\n  paid-search-mediums = [cpc]\n}}\n\n{}",
        tagged(&[("bing", "cpc")])
    );
    let r = check_source("tags.mops", &src, &opts());
    assert_eq!(with_codes(&r, "UTM"), vec!["UTM004"], "{}", render(&r));
}
