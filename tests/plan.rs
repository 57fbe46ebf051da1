//! Run plans: every format pinned for the §9 workspace and two team
//! campaigns, the JSON validated against schemas/plan.schema.json, the
//! iCalendar parsed by a real parser, links, refusal on errors, determinism.

mod common;

use common::*;
use mopsc::plan::{self, Plan};

fn plan_of(rel: &str, campaign: Option<&str>) -> Plan {
    plan::compile(&check(rel), campaign).expect("plan")
}

#[test]
fn section9_plan_matches_the_spec() {
    let p = plan_of("examples/section9", None);
    assert_eq!(p.plan_version, 1);
    let c = &p.campaigns[0];
    assert_eq!((c.start.as_str(), c.end.as_str(), c.days), ("2026-03-02", "2026-04-07", 37));
    assert_eq!(c.critical_path, ["brief", "plan", "copy", "page", "ads", "measure"]);
    assert!(c.checklist.iter().all(|i| i.status == mopsc::checklist::Status::Pass), "{:?}", c.checklist);
    let ads = c.steps.iter().find(|s| s.name == "ads").expect("ads");
    let from: Vec<(&str, &str)> = ads.inputs.iter().map(|i| (i.artifact.as_str(), i.from.as_str())).collect();
    assert_eq!(from, [("ad-copy", "step:ad-copy"), ("landing-page", "step:page")]);
    assert_eq!(c.budget.unallocated.as_ref().map(|m| m.amount_string()).as_deref(), Some("15000.00"));
}

#[test]
fn every_format_is_pinned() {
    for (name, rel, campaign) in [
        ("section9", "examples/section9", None),
        ("product_launch", "examples", Some("northwind-launch")),
        ("content_sprint", "examples", Some("attribution-benchmark")),
    ] {
        let p = plan_of(rel, campaign);
        insta::assert_snapshot!(format!("{name}_md"), plan::to_markdown(&p));
        insta::assert_snapshot!(format!("{name}_json"), plan::to_json(&p));
        insta::assert_snapshot!(format!("{name}_mermaid"), plan::to_mermaid(&p));
        insta::assert_snapshot!(format!("{name}_dot"), plan::to_dot(&p));
        insta::assert_snapshot!(format!("{name}_ics"), plan::to_ics(&p));
        insta::assert_snapshot!(format!("{name}_csv"), plan::to_csv(&p));
    }
}

#[test]
fn every_example_plan_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(manifest_dir().join("schemas/plan.schema.json")).expect("schema"),
    )
    .expect("json");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    for rel in ["examples", "examples/section9"] {
        let p = plan_of(rel, None);
        let v: serde_json::Value = serde_json::from_str(&plan::to_json(&p)).expect("json");
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{rel}: {errors:?}");
    }
}

#[test]
fn icalendar_parses_with_a_real_parser() {
    let p = plan_of("examples", None);
    let ics = plan::to_ics(&p);
    let parsed: icalendar::Calendar = ics.parse().expect("parses");
    let events: Vec<_> = parsed.components.iter().filter_map(|c| c.as_event()).collect();
    let steps: usize = p.campaigns.iter().map(|c| c.steps.len()).sum();
    assert_eq!(events.len(), steps);
    use icalendar::Component;
    for e in &events {
        let (Some(start), Some(end)) = (e.get_start(), e.get_end()) else { panic!("dates") };
        let (icalendar::DatePerhapsTime::Date(s), icalendar::DatePerhapsTime::Date(t)) = (start, end) else {
            panic!("all-day events")
        };
        assert!(t > s, "DTEND is exclusive and after DTSTART");
        assert!(e.get_uid().is_some_and(|u| u.ends_with("@mopsc.plan")));
    }
    assert!(ics.lines().all(|l| l.len() <= 76), "lines are folded at 75 octets");
}

#[test]
fn links_keep_queries_encode_values_and_skip_unset_terms() {
    use mopsc::model::{Spanned, Utm};
    let s = |v: &str| Some(Spanned::new(mopsc::model::Name::new(v), Default::default()));
    let campaign = Utm { source: s("linkedin"), medium: s("cpc"), campaign: s("spring launch"), ..Default::default() };
    let step = Utm { content: s("héadline a&b"), ..Default::default() };
    assert_eq!(
        plan::tagged_link(Some("https://acme.io/p?ref=nav&utm_source=old#top"), Some(&step), Some(&campaign)).as_deref(),
        Some("https://acme.io/p?ref=nav&utm_source=linkedin&utm_medium=cpc&utm_campaign=spring%20launch&utm_content=h%C3%A9adline%20a%26b#top")
    );
    let link = plan::tagged_link(Some("https://acme.io"), None, Some(&campaign)).expect("link");
    assert!(!link.contains("utm_term"), "{link}");
    let with_term = Utm { term: s("analytics tool"), ..campaign.clone() };
    assert!(plan::tagged_link(Some("https://acme.io"), None, Some(&with_term))
        .expect("link")
        .ends_with("&utm_term=analytics%20tool"));
    assert_eq!(plan::tagged_link(None, None, Some(&campaign)), None);
}

#[test]
fn plan_refuses_a_workspace_with_errors() {
    let report = check("tests/fixtures/errors/E030_step_cycle.mops");
    assert!(matches!(plan::compile(&report, None), Err(plan::PlanError::Errors(_))));
    let out = assert_cmd::Command::cargo_bin("mopsc")
        .expect("bin")
        .current_dir(manifest_dir())
        .args(["plan", "tests/fixtures/errors/E030_step_cycle.mops", "--color", "never"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("E030") && out.stdout.is_empty(), "{err}");
}

#[test]
fn unknown_campaign_is_a_usage_error_with_a_suggestion() {
    let err = plan::compile(&check("examples/section9"), Some("insights-lanch")).expect_err("unknown");
    assert!(err.to_string().contains("did you mean `insights-launch`"), "{err}");
}

#[test]
fn plans_are_byte_identical_across_runs() {
    let a = plan::to_json(&plan_of("examples", None));
    let b = plan::to_json(&plan_of("examples", None));
    assert_eq!(a, b);
}

#[test]
fn every_prelude_playbook_compiles_to_a_plan_without_errors() {
    let (model, _) = mopsc::check::prelude_model();
    for pb in &model.playbooks {
        let mut src =
            String::from("context acme {\n  product = \"A\"\n  positioning = \"B\"\n  icp { titles = [\"C\"] }\n}\n\n");
        src.push_str(&format!("campaign c: {} {{\n  context = acme\n  start = 2026-03-02\n", pb.name.value));
        for (i, s) in pb.data.steps.iter().enumerate() {
            src.push_str(&format!("  step s{i}: {} {{ duration = 2d }}\n", s.value));
        }
        src.push_str("}\n");
        let report = mopsc::check::check_source("pb.mops", &src, &opts());
        let errors: Vec<_> =
            report.diagnostics.iter().filter(|d| d.severity == mopsc::diagnostic::Severity::Error).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", pb.name.value);
        assert!(plan::compile(&report, None).is_ok());
    }
}

#[test]
fn csv_reads_back_with_one_row_per_step() {
    let p = plan_of("examples", None);
    let csv_text = plan::to_csv(&p);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().expect("header").clone();
    assert_eq!(&headers[0], "campaign");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let steps: usize = p.campaigns.iter().map(|c| c.steps.len()).sum();
    assert_eq!(rows.len(), steps);
    assert!(rows.iter().all(|r| r.len() == headers.len()));
}
