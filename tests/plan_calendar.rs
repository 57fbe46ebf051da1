//! `mopsc plan --format html`, the campaign calendar: well-formed (it parses
//! as XML), self-contained (nothing fetched), hostile names escaped, the
//! time line and spend agreeing with the plan. The Chromium render is
//! tests/scripts/plan-html-screenshot.sh.

mod common;

use assert_cmd::Command;
use common::*;
use mopsc::plan;

fn html_of(rel: &str) -> (plan::Plan, String) {
    let p = plan::compile(&check(rel), None).expect("plan");
    let html = mopsc::plan::html::to_html(&p, today());
    (p, html)
}

/// The document parsed as XML: every element closed, every entity known.
fn parse(html: &str) -> roxmltree::Document<'_> {
    let opt = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    roxmltree::Document::parse_with_options(html, opt).unwrap_or_else(|e| panic!("well-formed: {e}"))
}

#[test]
fn calendar_is_well_formed_and_self_contained() {
    let (p, html) = html_of("examples");
    assert!(html.starts_with("<!DOCTYPE html>"));
    let doc = parse(&html);
    let lower = html.to_lowercase();
    for banned in ["<script", "<link", "<img", "<iframe", " src=", "url(", "@import", "@font-face"] {
        assert!(!lower.contains(banned), "{banned} would load something");
    }
    // the only absolute URL outside the tagged links is the SVG namespace
    let outside_links: String = doc
        .descendants()
        .filter(|n| n.is_text() && !n.ancestors().any(|a| a.has_tag_name("code")))
        .filter_map(|n| n.text())
        .collect();
    assert!(!outside_links.contains("http"), "no URL outside the links table");
    for n in doc.descendants().filter(|n| n.is_element()) {
        for a in n.attributes() {
            assert!(
                !a.value().contains("://") || (a.name() == "xmlns" && a.value() == "http://www.w3.org/2000/svg"),
                "{}={}",
                a.name(),
                a.value()
            );
        }
    }
    // one bar per step on the time line, red for the critical ones
    let steps: usize = p.campaigns.iter().map(|c| c.steps.len()).sum();
    let crit: usize = p.campaigns.iter().map(|c| c.steps.iter().filter(|s| s.critical).count()).sum();
    let marks = |class: &str| doc.descendants().filter(|n| n.attribute("class") == Some(class)).count();
    assert_eq!(marks("crit") + marks("step"), steps);
    assert_eq!(marks("crit"), crit);
    // one section per campaign, and its spend row
    let sections = doc.descendants().filter(|n| n.attribute("class") == Some("campaign")).count();
    assert_eq!(sections, p.campaigns.len());
    for c in &p.campaigns {
        assert!(html.contains(&format!("<h2>{}</h2>", c.name)), "{}", c.name);
    }
    let months = doc
        .descendants()
        .filter(|n| n.has_tag_name("table") && n.attribute("class") == Some("spend"))
        .flat_map(|t| t.descendants().filter(|n| n.has_tag_name("tr")))
        .count();
    // the examples spend from March to September 2026 and in December: a
    // row for each month from March to December, October and November too
    assert_eq!(p.rollup.spend_by_month.len(), 8);
    assert_eq!(months, 1 + 10 + 1, "header, a row a month, the total");
    assert!(html.contains("<tr><td class=\"nw\">Oct 2026</td>"), "a month without spend is a row");
}

#[test]
fn the_time_line_shows_today_only_when_it_falls_inside() {
    let (p, _) = html_of("examples/section9");
    let inside = mopsc::literal::date("2026-03-10").expect("date");
    let outside = mopsc::literal::date("2027-06-01").expect("date");
    let g = mopsc::plan::html::gantt(&p, inside);
    assert!(g.contains("class=\"today\"") && g.contains("today 2026-03-10"), "{g}");
    assert!(!mopsc::plan::html::gantt(&p, outside).contains("class=\"today\""));
    // months from March to April 2026 are labelled
    assert!(g.contains(">Mar 2026</text>") && g.contains(">Apr 2026</text>"));
}

#[test]
fn section9_calendar_is_pinned() {
    let p = plan::compile(&check("examples/section9"), None).expect("plan");
    let html = mopsc::plan::html::to_html(&p, mopsc::literal::date("2026-03-16").expect("date"));
    parse(&html);
    insta::assert_snapshot!("calendar_section9_html", html);
}

#[test]
fn hostile_names_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = std::fs::read_to_string(manifest_dir().join("examples/section9/launch.mops")).expect("read");
    let hostile = src
        .replace("owner    = \"dana@acme.io\"", "owner    = \"Dana <dana@acme.io> & <script>alert(1)</script>\"")
        .replace("url      = \"https://acme.io/insights\"", "url      = \"https://acme.io/x?a=<b>&c='d'\"");
    assert_ne!(hostile, src);
    for f in ["context.mops", "stack.mops", "mops.toml"] {
        std::fs::copy(manifest_dir().join("examples/section9").join(f), dir.path().join(f)).expect("copy");
    }
    std::fs::write(dir.path().join("launch.mops"), hostile).expect("write");
    let p = plan::compile(&mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("checks"), None)
        .expect("plan");
    let html = mopsc::plan::html::to_html(&p, today());
    parse(&html);
    assert!(html.contains("Dana &lt;dana@acme.io&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"), "owner escaped");
    assert!(!html.to_lowercase().contains("<script"), "no script element");
    assert!(!html.contains("<b>"), "the link's query is not markup");
}

#[test]
fn cli_writes_the_calendar() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("calendar.html");
    Command::cargo_bin("mopsc")
        .expect("binary")
        .current_dir(manifest_dir())
        .args(["plan", "examples", "--today", "2026-11-24", "--format", "html", "-o"])
        .arg(&file)
        .assert()
        .success();
    let html = std::fs::read_to_string(&file).expect("written");
    parse(&html);
    assert!(html.contains("<h1>Campaign calendar</h1>"));
}
