//! `mopsc audit`, `mopsc init` and `mopsc new campaign`: the report of the
//! examples pinned in Markdown and JSON, the HTML self-contained and escaped,
//! the weighted-score arithmetic, verdicts that follow the diagnostics and
//! `mops.toml`, a generated workspace that checks with no diagnostic at all,
//! and campaign skeletons that compile but stay flagged until filled.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::*;
use mopsc::audit::{self, AuditReport, Status, WorkspaceAudit};
use mopsc::check::{check_paths, check_source, Options, Report};
use mopsc::diagnostic::Severity;
use mopsc::literal::{date, Date};
use mopsc::scaffold;

fn mopsc() -> Command {
    let mut c = Command::cargo_bin("mopsc").expect("binary");
    c.env_remove("MOPS_TODAY").env("NO_COLOR", "1");
    c
}

fn d(s: &str) -> Date {
    date(s).expect("valid date")
}

fn audit_of(rel: &str) -> AuditReport {
    audit::build(&check(rel), today())
}

/// Write `files` into a fresh temporary directory.
fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn audit_dir(dir: &Path, on: Date) -> (Report, AuditReport) {
    let report = check_paths(&[dir.to_path_buf()], &Options::new(on)).expect("path exists");
    let a = audit::build(&report, on);
    (report, a)
}

fn item<'a>(w: &'a WorkspaceAudit, id: &str) -> &'a audit::CheckItem {
    w.stack_checklist.iter().chain(&w.attribution_checklist).find(|i| i.id == id).expect("item")
}

// ------------------------------------------------------------------ the examples

#[test]
fn examples_report_is_pinned() {
    let a = audit_of("examples");
    insta::assert_snapshot!("examples_md", audit::to_markdown(&a));
    insta::assert_snapshot!("examples_json", audit::to_json(&a));
    insta::assert_snapshot!("section9_md", audit::to_markdown(&audit_of("examples/section9")));
}

#[test]
fn examples_verdicts() {
    let a = audit_of("examples");
    assert_eq!(a.audit_version, 1);
    let names: Vec<&str> = a.workspaces.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names, ["Northwind Metrics", "Acme Insights"]);
    let nw = &a.workspaces[0];
    // The Northwind workspace passes every item it can show.
    assert!(nw.summary.failing.is_empty(), "{:?}", nw.summary.failing);
    assert!(item(nw, "adoption").concerns.is_empty());
    // §9 records no adoption at all: "adoption measured" is not verified there (no rule reports it).
    let s9 = &a.workspaces[1];
    assert_eq!(item(s9, "adoption").concerns, ["salesforce", "hubspot", "webflow"]);
    assert_eq!((nw.summary.build_first_live, nw.summary.build_first_total), (4, 4));
    assert_eq!(nw.summary.weakest_areas, ["seo", "paid", "social", "data"]);
    assert_eq!(nw.summary.weakest_score, Some(3));
    let ma = nw.marketing_audit.as_ref().expect("audit");
    assert_eq!((ma.name.as_str(), ma.date.as_str(), ma.age_days, ma.stale), ("fall-2026", "2026-09-30", 55, false));
    let seo = ma.areas.iter().find(|r| r.area == "seo").expect("seo");
    assert_eq!((seo.score, seo.status.as_str(), seo.action.as_str()), (Some(3), "functional", "optimize and iterate"));
    let demandbase = &nw.evaluation.tools[0];
    assert_eq!((demandbase.weighted_x100, demandbase.weighted.as_str(), demandbase.meets_bar), (255, "2.6", true));
    // §9: mutiny is connected to nothing, and the stack misses two core categories.
    let s9 = &a.workspaces[1];
    let connected = item(s9, "crm-connected");
    assert_eq!(
        (connected.status, connected.concerns.clone(), connected.codes.clone()),
        (Status::Fail, vec!["mutiny".to_string()], vec!["STK002".to_string()])
    );
    assert_eq!(item(s9, "data-flows").status, Status::Fail);
    assert_eq!(s9.stack.missing_core, ["analytics", "email"]);
    assert!(s9.marketing_audit.is_none());
    for id in ["integration-health", "crm-source-capture", "reporting-cadence", "channel-roi"] {
        let i = item(s9, id);
        assert_eq!(i.status, Status::NotApplicable, "{id}");
        assert!(i.note.as_deref().is_some_and(|n| n.contains("outside what .mops files record")), "{id}");
    }
}

#[test]
fn weighted_score_arithmetic() {
    // §9's mutiny: 2,3,2,3,2 → 30·2 + 25·3 + 20·2 + 15·3 + 10·2 = 240 → 2.4.
    let s9 = audit_of("examples/section9");
    let mutiny = &s9.workspaces[0].evaluation.tools[0];
    assert_eq!(mutiny.tool, "mutiny");
    assert_eq!(
        (mutiny.problem, mutiny.integration, mutiny.cost, mutiny.time_to_value, mutiny.capability),
        (2, 3, 2, 3, 2)
    );
    assert_eq!((mutiny.weighted_x100, mutiny.weighted.as_str(), mutiny.meets_bar), (240, "2.4", true));
    // Every combination: the display is within half a tenth, never rounded up to the bar.
    for n in 0..243 {
        let digit = |k: u32| (n / 3i64.pow(k)) % 3 + 1;
        let (p, i, c, t, k) = (digit(0), digit(1), digit(2), digit(3), digit(4));
        let x100 = 30 * p + 25 * i + 20 * c + 15 * t + 10 * k;
        let shown: f64 = audit::score_display(x100, 200).parse().expect("number");
        assert!(((shown * 100.0).round() as i64 - x100).abs() <= 5, "{x100} shown {shown}");
        assert_eq!(shown >= 2.0, x100 >= 200, "{x100} shown {shown}");
    }
    // Through the pipeline: under the bar is STK007, and the row says so.
    let src = "tool salesforce: crm { owner = \"revops@acme.io\" }\n\n\
               tool mutiny: other {\n  owner      = \"growth@acme.io\"\n  status     = evaluating\n  integrates = [salesforce]\n  \
               score { problem = 2  integration = 2  cost = 1  time-to-value = 2  capability = 2 }\n}\n\n\
               tool loopy: other {\n  owner      = \"growth@acme.io\"\n  status     = evaluating\n  integrates = [salesforce]\n  \
               score { problem = 1  integration = 2  cost = 2  time-to-value = 3  capability = 3 }\n}\n";
    let report = check_source("eval.mops", src, &opts());
    let a = audit::build(&report, today());
    let rows = &a.workspaces[0].evaluation.tools;
    let got: Vec<(&str, i64, &str, bool, Vec<String>)> = rows
        .iter()
        .map(|r| (r.tool.as_str(), r.weighted_x100, r.weighted.as_str(), r.meets_bar, r.codes.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("mutiny", 180, "1.8", false, vec!["STK007".to_string()]),
            ("loopy", 195, "1.95", false, vec!["STK007".to_string()]),
        ]
    );
    assert_eq!(a.workspaces[0].evaluation.not_evaluated, ["salesforce"]);
    assert_eq!(a.workspaces[0].summary.tools_below_bar, 2);
}

// ------------------------------------------------------------------ HTML

#[test]
fn html_is_self_contained_with_one_svg_per_chart() {
    let html = audit::to_html(&audit_of("examples"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "no JavaScript");
    assert!(!lower.contains("<link"), "no external stylesheet");
    assert!(!lower.contains("url(") && !lower.contains("@import"), "no CSS fetches");
    for attr in ["src=", "href="] {
        for (at, _) in lower.match_indices(attr) {
            let value = lower[at + attr.len()..].trim_start_matches(['"', '\'']);
            assert!(
                !value.starts_with("http://") && !value.starts_with("https://") && !value.starts_with("//"),
                "external {attr} at {at}"
            );
        }
    }
    // Northwind: the evaluation chart and the audit chart; §9: the evaluation chart only.
    assert_eq!(html.matches("<svg").count(), 3);
    assert_eq!(html.matches("</svg>").count(), 3);
    assert_eq!(html.matches("<title>").count(), 4, "the page's title and one per chart");
    for tag in ["section", "table", "tr", "td", "main", "ul", "p"] {
        assert_eq!(
            html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count(),
            html.matches(&format!("</{tag}>")).count(),
            "<{tag}> balanced"
        );
    }
    // The 2.0 bar is marked on the evaluation chart, the areas are on the audit chart.
    assert!(html.contains(">bar 2.0</text>"));
    assert!(html.contains(">4 · Strong</text>") && html.contains(">3 · Functional</text>"));
}

#[test]
fn html_and_markdown_escape_user_text() {
    let dir = workspace(&[
        ("mops.toml", "[lint]\n"),
        (
            "stack.mops",
            "tool salesforce: crm {\n  owner = \"Dana <dana@acme.io> & <script>alert(1)</script>\"\n}\n\n\
             tool mutiny: other {\n  owner      = \"growth\"\n  status     = evaluating\n  integrates = [salesforce]\n  \
             score { problem = 3  integration = 3  cost = 3  time-to-value = 3  capability = 3 }\n}\n",
        ),
        (
            "audit.mops",
            "audit q4 {\n  date     = 2026-10-01\n  strategy = 1\n  content  = 2\n  seo      = 3\n  paid     = 4\n  \
             email    = 5\n  social   = 3\n  martech  = 3\n  data     = 3\n  notes { paid = \"ROAS <3 | \\\"fine\\\"\" }\n}\n",
        ),
    ]);
    let (report, a) = audit_dir(dir.path(), today());
    assert_eq!(report.count(Severity::Error), 0, "{}", human(&report));
    let html = audit::to_html(&a);
    assert!(html.contains("Dana &lt;dana@acme.io&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"), "owner escaped");
    assert!(html.contains("ROAS &lt;3 | &quot;fine&quot;"), "note escaped");
    assert!(!html.contains("<dana@") && !html.to_lowercase().contains("<script"));
    let md = audit::to_markdown(&a);
    assert!(md.contains("Dana &lt;dana@acme.io&gt; & &lt;script&gt;alert(1)&lt;/script&gt;"), "{md}");
    assert!(md.contains("ROAS &lt;3 \\| \"fine\""), "a pipe cannot break the table");
    // The weak areas carry AUD002 and the seed's actions.
    let ma = a.workspaces[0].marketing_audit.as_ref().expect("audit");
    let strategy = &ma.areas[0];
    assert_eq!(
        (strategy.score, strategy.action.as_str(), strategy.codes.clone()),
        (Some(1), "build from scratch", vec!["AUD002".to_string()])
    );
    assert_eq!(ma.areas[4].action, "protect and document");
    assert_eq!(a.workspaces[0].summary.weakest_areas, ["strategy"]);
}

// ------------------------------------------------------------------ verdicts

#[test]
fn newest_audit_wins_and_stale_audits_are_flagged() {
    let audits = "audit spring {\n  date     = 2025-04-01\n  strategy = 2\n  content  = 2\n  seo      = 2\n  paid     = 2\n  \
                  email    = 2\n  social   = 2\n  martech  = 2\n  data     = 2\n}\n\n\
                  audit fall {\n  date     = 2025-10-01\n  strategy = 3\n  content  = 4\n  seo      = 3\n  paid     = 3\n  \
                  email    = 3\n  social   = 3\n  martech  = 3\n  data     = 3\n}\n";
    let on = d("2026-11-24");
    let a = audit::build(&check_source("a.mops", audits, &Options::new(on)), on);
    let ma = a.workspaces[0].marketing_audit.as_ref().expect("audit");
    assert_eq!((ma.name.as_str(), ma.previous.as_deref()), ("fall", Some("spring (2025-04-01)")));
    assert_eq!((ma.age_days, ma.stale, ma.codes.clone()), (419, true, vec!["AUD001".to_string()]));
    assert_eq!((ma.areas[1].score, ma.areas[1].previous_score), (Some(4), Some(2)));
    assert_eq!(ma.average.as_deref(), Some("3.1"));
    assert!(audit::to_markdown(&a).contains("Run a new audit: this one is stale."));
    let fresh = d("2026-06-01");
    let a = audit::build(&check_source("a.mops", audits, &Options::new(fresh)), fresh);
    assert!(!a.workspaces[0].marketing_audit.as_ref().expect("audit").stale);
}

#[test]
fn automation_priorities_follow_the_aut_rules() {
    let src = "automation welcome: welcome-sequence { status = live }\n\n\
               automation scoring: lead-scoring { status = planned }\n\n\
               automation personalise: content-personalization { status = building }\n";
    let a = audit::build(&check_source("a.mops", src, &opts()), today());
    let au = &a.workspaces[0].automation;
    assert_eq!((au.declared, au.build_first_live, au.build_first_total), (3, 1, 4));
    let row = |kind: &str| au.rows.iter().find(|r| r.kind == kind).expect("row");
    assert_eq!((row("welcome-sequence").status.as_str(), row("welcome-sequence").codes.len()), ("live", 0));
    assert_eq!(row("lead-scoring").status, "planned");
    assert_eq!(
        (row("trial-follow-up").status.as_str(), row("trial-follow-up").codes.clone()),
        ("missing", vec!["AUT002".to_string()])
    );
    let p = row("content-personalization");
    assert_eq!(
        (p.priority.as_str(), p.status.as_str(), p.codes.clone()),
        ("third", "building", vec!["AUT001".to_string()])
    );
    assert_eq!(row("dynamic-content").priority, "later");
    let order: Vec<&str> = au.rows.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(&order[..4], ["welcome-sequence", "lead-scoring", "trial-follow-up", "lead-routing"]);
}

#[test]
fn checklists_follow_the_diagnostics_and_the_configuration() {
    let stack = "tool salesforce: crm {\n  owner    = \"revops@acme.io\"\n  cost     = 1000 USD/yr\n  reviewed = 2024-01-01\n  \
                 adoption = 80%\n}\n\n\
                 tool mailchimp: email {\n  cost       = 100 USD/mo\n  reviewed   = 2026-10-01\n  adoption   = 10%\n  \
                 integrates = [salesforce]\n}\n\n\
                 tool sendgrid: email {\n  owner      = \"eng@acme.io\"\n  cost       = 0 USD/yr\n  reviewed   = 2026-10-01\n  \
                 adoption   = 50%\n  integrates = [salesforce]\n}\n";
    let campaign =
        "campaign launch: brand-awareness {\n  owner = \"dana@acme.io\"\n  start = 2026-03-02\n  given = [context]\n  \
                    goals { mql = 10 }\n  \
                    step social: social-content { duration = 14d  channel = linkedin  utm { source = LinkedIn } }\n  \
                    step measure: campaign-analytics { duration = 2d }\n}\n\n\
                    attribution dd: data-driven {\n  conversions         = [\"demo\"]\n  monthly-conversions = 40\n}\n";
    let dir = workspace(&[("mops.toml", "[lint]\n"), ("stack.mops", stack), ("launch.mops", campaign)]);
    let (_, a) = audit_dir(dir.path(), today());
    let w = &a.workspaces[0];
    let owner = item(w, "owner");
    assert_eq!(
        (owner.status, owner.concerns.clone(), owner.codes.clone()),
        (Status::Fail, vec!["mailchimp".to_string()], vec!["STK001".to_string()])
    );
    assert_eq!(item(w, "no-overlap").concerns, ["mailchimp", "sendgrid"]);
    assert_eq!(item(w, "contract-review").concerns, ["salesforce"]);
    let adoption = item(w, "adoption");
    assert_eq!((adoption.status, adoption.concerns.clone()), (Status::Fail, vec!["mailchimp".to_string()]));
    assert_eq!(item(w, "data-flows").status, Status::Pass, "salesforce is integrated with, so it has flows");
    let utm = item(w, "utm-standard");
    assert_eq!((utm.status, utm.concerns.clone()), (Status::Fail, vec!["launch.social".to_string()]));
    assert!(utm.codes.contains(&"UTM001".to_string()));
    let tagged = item(w, "channels-tagged");
    assert_eq!((tagged.status, tagged.codes.clone()), (Status::Fail, vec!["UTM006".to_string()]));
    let model = item(w, "model-documented");
    assert_eq!((model.status, model.codes.clone()), (Status::Fail, vec!["ATT003".to_string(), "ATT005".to_string()]));
    assert_eq!(w.stack.annual_cost.iter().map(audit::money_human).collect::<Vec<_>>(), ["2,200 USD"]);

    // Rules turned off: a pass is not verified (n/a); UTM rules off mean the standard is not enforced.
    let cfg = "[lint]\nignore = [\"STK001\", \"UTM004\"]\n";
    let clean_stack =
        "tool salesforce: crm {\n  cost     = 1000 USD/yr\n  reviewed = 2026-10-01\n  adoption = 80%\n}\n";
    let dir = workspace(&[("mops.toml", cfg), ("stack.mops", clean_stack)]);
    let (_, a) = audit_dir(dir.path(), today());
    let w = &a.workspaces[0];
    let owner = item(w, "owner");
    assert_eq!(owner.status, Status::NotApplicable);
    assert!(owner.note.as_deref().is_some_and(|n| n.contains("STK001 is disabled")), "{:?}", owner.note);
    let utm = item(w, "utm-standard");
    assert_eq!(utm.status, Status::Fail);
    assert!(utm.note.as_deref().is_some_and(|n| n.contains("not enforced: UTM004")), "{:?}", utm.note);
    assert_eq!(item(w, "conversion-events").status, Status::NotApplicable, "no campaign, no attribution model");
    assert_eq!(item(w, "data-flows").status, Status::NotApplicable, "one tool has no flows to document");
}

// ------------------------------------------------------------------ the command

#[test]
fn audit_command_formats_refusal_and_exit_codes() {
    let out = mopsc().args(["audit", "examples/section9", "--today", "2026-11-24"]).assert().success();
    let md = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(md.starts_with("# Marketing operations audit"));
    let out = mopsc().args(["audit", "examples", "--format", "json", "--today", "2026-11-24"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    assert_eq!(v["workspaces"][1]["evaluation"]["tools"][0]["weighted"], "2.4");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("report.html");
    mopsc()
        .args(["audit", "examples", "--format", "html", "--today", "2026-11-24", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    assert!(std::fs::read_to_string(&file).expect("written").contains("<svg"));
    // Errors: refused with the errors on stderr; a missing path is a usage error.
    let broken = workspace(&[("a.mops", "tool x: crm { owner = }\n")]);
    let out = mopsc().arg("audit").arg(broken.path()).assert().code(1).stdout("");
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("E001") && err.contains("fix them before auditing"), "{err}");
    mopsc().args(["audit", "no/such/dir"]).assert().code(2);
    mopsc().args(["audit", "examples", "--format", "pdf"]).assert().code(2);
}

// ------------------------------------------------------------------ init

#[test]
fn init_checks_clean_with_no_diagnostic_on_any_day() {
    for day in ["2026-11-24", "2027-06-30", "2026-02-28", "2028-02-29", "2030-12-31"] {
        let on = d(day);
        let dir = tempfile::tempdir().expect("tempdir");
        let ws = dir.path().join("marketing-ops");
        let written = scaffold::init(&ws, on).expect("init");
        let names: Vec<String> =
            written.iter().map(|p| p.file_name().expect("name").to_string_lossy().into_owned()).collect();
        assert_eq!(
            names,
            [
                "mops.toml",
                "context.mops",
                "stack.mops",
                "campaign.mops",
                "hygiene.mops",
                "scoring.mops",
                "attribution.mops"
            ]
        );
        let report = check_paths(std::slice::from_ref(&ws), &Options::new(on)).expect("exists");
        assert!(report.diagnostics.is_empty(), "{day}:\n{}", human(&report));
        assert_eq!(report.file_count(), 6);
        // Canonical, plannable, and a clean audit.
        for p in written.iter().filter(|p| p.extension().is_some_and(|x| x == "mops")) {
            let text = std::fs::read_to_string(p).expect("read");
            assert_eq!(mopsc::format::format_source(&text).as_deref(), Ok(text.as_str()), "{}", p.display());
        }
        let plan = mopsc::plan::compile(&report, None).expect("plan");
        assert_eq!(plan.campaigns[0].start, mopsc::campaign::add_days(on, 14).expect("date").to_string());
        let a = audit::build(&report, on);
        assert_eq!(a.workspaces[0].summary.failed, 0, "{day}: {:?}", a.workspaces[0].summary.failing);
    }
    // The same through the binary: `mopsc init DIR && mopsc check --deny warnings DIR`.
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("new");
    mopsc().args(["init", "--today", "2027-06-30"]).arg(&ws).assert().success();
    mopsc()
        .args(["check", "--deny", "warnings", "--format", "short", "--today", "2027-06-30"])
        .arg(&ws)
        .assert()
        .success()
        .stdout("");
}

#[test]
fn init_refuses_to_overwrite() {
    let dir = workspace(&[("stack.mops", "# mine\n"), ("scoring.mops", "# mine too\n")]);
    match scaffold::init(dir.path(), today()) {
        Err(scaffold::InitError::Exists { files, .. }) => assert_eq!(files, ["stack.mops", "scoring.mops"]),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("stack.mops")).expect("kept"), "# mine\n");
    assert!(!dir.path().join("mops.toml").exists(), "nothing is written when anything would be overwritten");
    let out = mopsc().arg("init").arg(dir.path()).assert().code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("stack.mops") && err.contains("scoring.mops") && err.contains("refusing"), "{err}");
    // A file where the directory should be is a usage error.
    let file = dir.path().join("stack.mops");
    mopsc().arg("init").arg(&file).assert().code(2);
}

// ------------------------------------------------------------------ new campaign

fn prelude() -> mopsc::model::Model {
    mopsc::check::prelude_model().0
}

#[test]
fn new_campaign_for_every_prelude_playbook_compiles_and_stays_flagged() {
    let model = prelude();
    let start = d("2026-12-08");
    for pb in ["product-launch", "content-sprint", "lead-generation", "brand-awareness", "conversion-optimization"] {
        let text = scaffold::new_campaign("spring-push", pb, &model, start).expect("skeleton");
        assert_eq!(mopsc::format::format_source(&text).as_deref(), Ok(text.as_str()), "{pb}: canonical");
        let report = check_source("spring.mops", &text, &opts());
        assert_eq!(report.count(Severity::Error), 0, "{pb}:\n{}\n{}", text, human(&report));
        let found = codes(&report);
        let has_paid = model.playbook(pb).expect("pb").data.steps.iter().any(|s| s.value == "paid-ads");
        assert!(found.contains(&"CMP005".to_string()), "{pb}: owner TODO flagged: {found:?}");
        assert!(found.contains(&"CMP008".to_string()), "{pb}: goals flagged");
        assert_eq!(found.contains(&"CMP006".to_string()), has_paid, "{pb}: paid budget flagged iff paid-ads");
        assert!(!found.contains(&"CMP003".to_string()), "{pb}: one step per playbook skill");
        assert!(!found.contains(&"CMP004".to_string()) && !found.contains(&"CMP002".to_string()), "{pb}: in order");
        let steps = model.playbook(pb).expect("pb").data.steps.len();
        assert_eq!(text.matches("\n  step ").count(), steps, "{pb}");
        // Filled in, the TODO findings go away.
        let filled = text
            .replace("owner = \"TODO\"", "owner = \"dana@acme.io\"\n  goals { mql = 50 }")
            .replace("{ duration = 28d }", "{ duration = 28d  budget = 5000 USD }");
        let left = codes(&check_source("spring.mops", &filled, &opts()));
        for code in ["CMP005", "CMP006", "CMP008"] {
            assert!(!left.contains(&code.to_string()), "{pb}: {code} left after filling: {left:?}");
        }
    }
}

#[test]
fn new_campaign_uses_the_workspace_context_and_playbooks() {
    let report = check("examples");
    let model = &report.analyses[0].model;
    let text = scaffold::new_campaign("winter-push", "product-launch", model, d("2026-12-08")).expect("skeleton");
    assert!(text.contains("context = northwind"), "{text}");
    assert!(!text.contains("given"), "the context is named, so nothing needs to be given");
    assert!(matches!(
        scaffold::new_campaign("northwind-launch", "product-launch", model, d("2026-12-08")),
        Err(scaffold::NewError::Exists(_))
    ));
    match scaffold::new_campaign("x", "lead-gen", &prelude(), d("2026-12-08")) {
        Err(e @ scaffold::NewError::UnknownPlaybook { .. }) => {
            assert!(e.to_string().contains("did you mean `lead-generation`?"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    match scaffold::new_campaign("Winter_Push", "product-launch", &prelude(), d("2026-12-08")) {
        Err(e @ scaffold::NewError::BadName { .. }) => assert!(e.to_string().contains("`winter-push`"), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn new_campaign_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = mopsc()
        .current_dir(dir.path())
        .args(["new", "campaign", "spring-push", "--playbook", "content-sprint", "--today", "2026-11-24"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("campaign spring-push: content-sprint {") && text.contains("start = 2026-12-08"), "{text}");
    mopsc().current_dir(dir.path()).args(["new", "campaign", "x", "--playbook", "nope"]).assert().code(2);
    mopsc()
        .current_dir(dir.path())
        .args(["new", "campaign", "Bad Name", "--playbook", "content-sprint"])
        .assert()
        .code(2);
    // Inside a workspace: written with an import of the context, never over an existing file.
    let ws = dir.path().join("ws");
    scaffold::init(&ws, d("2026-11-24")).expect("init");
    mopsc()
        .current_dir(&ws)
        .args(["new", "campaign", "spring-push", "--playbook", "brand-awareness", "--today", "2026-11-24", "-o"])
        .arg("campaigns/spring.mops")
        .assert()
        .success()
        .stdout("");
    let written = std::fs::read_to_string(ws.join("campaigns/spring.mops")).expect("written");
    assert!(written.contains("import \"../context.mops\"") && written.contains("context = example-co"), "{written}");
    let report = check_paths(&[ws.join("campaigns/spring.mops")], &opts()).expect("exists");
    assert_eq!(report.count(Severity::Error), 0, "{}", human(&report));
    mopsc()
        .current_dir(&ws)
        .args(["new", "campaign", "other", "--playbook", "brand-awareness", "-o", "campaigns/spring.mops"])
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(ws.join("campaigns/spring.mops")).expect("kept"), written);
}
