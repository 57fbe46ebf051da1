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

// ---------------------------------------------------------------- item 2

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

fn audit_dir(dir: &std::path::Path) -> (mopsc::check::Report, mopsc::audit::AuditReport) {
    let report = mopsc::check::check_paths(&[dir.to_path_buf()], &opts()).expect("path exists");
    let a = mopsc::audit::build(&report, today());
    (report, a)
}

/// The temporary directory's path and name replaced by `WORKSPACE`.
fn redact(text: &str, dir: &std::path::Path) -> String {
    let name = dir.file_name().expect("name").to_string_lossy().into_owned();
    text.replace(&dir.display().to_string(), "WORKSPACE").replace(&name, "WORKSPACE")
}

fn audit_item<'a>(w: &'a mopsc::audit::WorkspaceAudit, id: &str) -> &'a mopsc::audit::CheckItem {
    w.stack_checklist.iter().chain(&w.attribution_checklist).find(|i| i.id == id).expect("item")
}

const SUPPRESSED_STACK: &str = "\
# mops: allow(STK006, DAT001) email goes out through the CRM; hygiene lives in the CRM team's repo
tool salesforce: crm {
  owner      = \"revops@acme.io\"
  cost       = 1000 USD/yr
  reviewed   = 2026-10-01
  adoption   = 80%
  integrates = [hubspot, ga4]
}

tool hubspot: marketing-automation {
  owner    = \"ops@acme.io\"
  cost     = 1000 USD/yr
  reviewed = 2026-10-01
  adoption = 70%
}

tool ga4: analytics {
  owner    = \"growth@acme.io\"
  cost     = 0 USD/yr
  reviewed = 2026-10-01
  adoption = 60%
}

# mops: allow(STK002) a sandbox the agency runs: no customer data, by contract
tool figma: other {
  owner    = \"design@acme.io\"
  cost     = 500 USD/yr
  reviewed = 2026-10-01
  adoption = 90%
}
";

#[test]
fn the_audit_honours_suppressions_for_every_item() {
    let dir = workspace(&[("mops.toml", "[lint]\n"), ("stack.mops", SUPPRESSED_STACK)]);
    let (report, a) = audit_dir(dir.path());
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
    let w = &a.workspaces[0];
    assert!(w.stack.missing_core.is_empty(), "{:?}", w.stack.missing_core);
    assert_eq!(audit_item(w, "data-flows").status, mopsc::audit::Status::Pass);
    // a clean check: nothing in the audit fails
    assert!(w.summary.failing.is_empty(), "{:?}", w.summary.failing);
    let md = redact(&mopsc::audit::to_markdown(&a), dir.path());
    assert!(!md.contains("Missing core categories"), "{md}");
    insta::assert_snapshot!(md);
}

#[test]
fn unmeasured_adoption_is_not_verified_rather_than_failed() {
    let stack = SUPPRESSED_STACK.replace("  adoption = 60%\n", "");
    let dir = workspace(&[("mops.toml", "[lint]\n"), ("stack.mops", &stack)]);
    let (report, a) = audit_dir(dir.path());
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
    let item = audit_item(&a.workspaces[0], "adoption");
    assert_eq!(item.status, mopsc::audit::Status::NotApplicable);
    assert_eq!(item.note.as_deref(), Some("not verified: no `adoption` recorded for ga4"));
}

#[test]
fn a_disabled_stk006_leaves_the_core_unverified() {
    let stack = SUPPRESSED_STACK.replace("allow(STK006, DAT001)", "allow(DAT001)");
    let dir = workspace(&[("mops.toml", "[lint]\nignore = [\"STK006\"]\n"), ("stack.mops", &stack)]);
    let (_, a) = audit_dir(dir.path());
    let st = &a.workspaces[0].stack;
    assert!(st.missing_core.is_empty());
    assert_eq!(st.core_note.as_deref(), Some("not verified: STK006 is disabled in mops.toml"));
    assert!(mopsc::audit::to_markdown(&a).contains("Core categories: not verified: STK006 is disabled in mops.toml."));
}

// ---------------------------------------------------------------- item 3

#[test]
fn build_first_automations_count_sequences_scoring_and_routing() {
    let files = "\
tool salesforce: crm { owner = \"revops@acme.io\"  adoption = 80% }

sequence welcome: welcome {
  trigger = \"signup\"
  email day-0 { at = 0d  subject = \"Welcome\" }
}

sequence trial-rescue: re-engagement {
  trigger = \"trial-expired\"
  email day-0 { at = 0d  subject = \"Your trial ended: here is what you built\" }
}

scoring lead-score {
  route = salesforce
  signal demo: high-intent { points = +25  rule = \"requested a demo\" }
  tiers { nurture = 0..25  mql = 26..50  sql = 51..75  hot = 76.. }
}

automation dashboards: reporting-dashboard { status = live }
";
    let dir = workspace(&[("mops.toml", "[lint]\n"), ("ops.mops", files)]);
    let (report, a) = audit_dir(dir.path());
    // neither AUT001 (a later automation before the build-first ones) nor AUT002 (one missing)
    assert!(!codes(&report).iter().any(|c| c.starts_with("AUT")), "{}", human(&report));
    let auto = &a.workspaces[0].automation;
    assert_eq!((auto.build_first_live, auto.build_first_total), (4, 4));
    let md = mopsc::audit::to_markdown(&a);
    let table: String = md
        .lines()
        .skip_while(|l| !l.starts_with("### Automation priorities"))
        .take_while(|l| !l.starts_with("### Marketing audit"))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(table);
}

// ---------------------------------------------------------------- item 5

const PLANNED: &str = "\
campaign spring: conversion-optimization {
  owner = \"dana@acme.io\"
  start = 2026-03-02
  given = [context]
  goals { mql = 10 }
  step levers: marketing-psychology { duration = 2d }
  step measure: campaign-analytics { duration = 2d }
}
";

fn plan_checklist_md(dir: &std::path::Path) -> String {
    let report = mopsc::check::check_paths(&[dir.to_path_buf()], &opts()).expect("path exists");
    let p = mopsc::plan::compile(&report, None).expect("plan");
    let md = mopsc::plan::to_markdown(&p);
    md.lines()
        .skip_while(|l| !l.starts_with("## Pre-launch checklist"))
        .take_while(|l| !l.starts_with("## Tagged links"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_plan_checklist_never_passes_what_it_did_not_check() {
    let dir = workspace(&[("mops.toml", "[lint]\nignore = [\"CMP005\", \"CMP008\"]\n"), ("spring.mops", PLANNED)]);
    let md = plan_checklist_md(dir.path());
    assert!(md.contains("budgets within the campaign budget — n/a: no budget set"), "{md}");
    assert!(md.contains("owners assigned — n/a: not verified: CMP005 is disabled in mops.toml"), "{md}");
    insta::assert_snapshot!(md);
}

// ---------------------------------------------------------------- item 6

fn with_url(url: &str) -> String {
    format!(
        "campaign spring: conversion-optimization {{\n  start = 2026-03-02\n  given = [context]\n  url = \"{url}\"\n  step levers: marketing-psychology {{ duration = 2d }}\n}}\n"
    )
}

#[test]
fn landing_urls_are_validated() {
    let mut out = String::new();
    for url in ["tidewater.io/demo", "https://tidewater.io/book a demo", "ftp://tidewater.io", "https:///demo"] {
        let r = check_source("url.mops", &with_url(url), &opts());
        assert_eq!(with_codes(&r, "E"), vec!["E003"], "{url}: {}", render(&r));
        out.push_str(&render_only(&r, "E"));
    }
    for url in ["https://tidewater.io/demo", "http://localhost:8080/x?a=1#top", "https://tidewater.io/book%20a%20demo"]
    {
        let r = check_source("url.mops", &with_url(url), &opts());
        assert!(with_codes(&r, "E").is_empty(), "{url}: {}", render(&r));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn generated_links_are_percent_encoded() {
    let u = |s: &str| mopsc::model::Spanned::new(mopsc::model::Name::new(s), mopsc::diagnostic::Span::new(0, 0));
    let utm = mopsc::model::Utm {
        span: mopsc::diagnostic::Span::new(0, 0),
        source: Some(u("linkedin")),
        medium: Some(u("paid-social")),
        campaign: Some(u("spring launch")),
        content: None,
        term: None,
    };
    let link = mopsc::plan::tagged_link(Some("https://acme.io/café?ref=a b#top"), Some(&utm), None).expect("link");
    assert_eq!(
        link,
        "https://acme.io/caf%C3%A9?ref=a%20b&utm_source=linkedin&utm_medium=paid-social&utm_campaign=spring%20launch#top"
    );
}

// ---------------------------------------------------------------- item 7

#[test]
fn money_that_cannot_be_negative_is_rejected() {
    let src = "tool ads: ads {\n  owner = \"a@acme.io\"\n  cost = -1200 USD/yr\n}\n\ncampaign spring: conversion-optimization {\n  start = 2026-03-02\n  given = [context]\n  budget = -15000 USD\n  step levers: marketing-psychology { duration = 2d  budget = -500 USD }\n}\n";
    let r = check_source("money.mops", src, &opts());
    assert_eq!(with_codes(&r, "E"), vec!["E003", "E003", "E003"], "{}", render(&r));
    insta::assert_snapshot!(render_only(&r, "E"));
}

// ---------------------------------------------------------------- item 10

#[test]
fn one_primary_span_in_every_format_and_the_suppression_goes_there() {
    let src = "tool google-ads: ads { owner = \"a@acme.io\" }\n\ntool linkedin-ads: ads { owner = \"b@acme.io\" }\n";
    let r = check_source("stack.mops", src, &opts());
    let stk: Vec<_> = r.diagnostics.iter().filter(|d| d.code == "STK003").cloned().collect();
    assert_eq!(stk.len(), 1);
    let human = mopsc::render::human(&stk, &r.files, 1, false);
    let short = mopsc::render::short(&stk, &r.files);
    // both point at line 3 (linkedin-ads), where the suppression goes
    assert!(short.contains("stack.mops:3:"), "{short}");
    assert!(human.contains("[stack.mops:3:"), "{human}");
    insta::assert_snapshot!(human);
    let suppressed = src.replace(
        "tool linkedin-ads",
        "# mops: allow(STK003) brand and demand teams run separate ad accounts\ntool linkedin-ads",
    );
    let r = check_source("stack.mops", &suppressed, &opts());
    assert!(!codes(&r).iter().any(|c| c == "STK003" || c == "SUP001"), "{}", render(&r));
}

// ---------------------------------------------------------------- item 12

#[test]
fn utm_suggestions_satisfy_every_rule_that_fires() {
    let src = tagged(&[("email", "email")]).replace("\"tags-q1\"", "\"Monitor2_Launch_Q1\"");
    let r = check_source("tags.mops", &src, &opts());
    assert_eq!(with_codes(&r, "UTM"), vec!["UTM001", "UTM002"]);
    for d in r.diagnostics.iter().filter(|d| d.code.starts_with("UTM")) {
        assert!(d.help.as_deref().is_some_and(|h| h.ends_with("\"monitor2-launch-q1\"")), "{:?}", d.help);
        let fix = d.fix.as_ref().expect("fix");
        assert_eq!(fix.edits[0].replacement, "\"monitor2-launch-q1\"");
    }
    insta::assert_snapshot!(render_only(&r, "UTM"));
}

// ---------------------------------------------------------------- item 14

#[test]
fn every_zero_slack_step_is_critical_in_table_path_and_mermaid() {
    let src = "\
campaign twin: conversion-optimization {
  owner = \"dana@acme.io\"
  start = 2026-03-02
  given = [context]
  goals { mql = 10 }
  step levers: marketing-psychology { duration = 2d }
  step linkedin: copy-editing { after = [levers]  duration = 5d }
  step search: copywriting { after = [levers]  duration = 5d }
  step measure: campaign-analytics { after = [linkedin, search]  duration = 2d }
}
";
    let dir = workspace(&[("mops.toml", "[lint]\n"), ("twin.mops", src)]);
    let report = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("path exists");
    let p = mopsc::plan::compile(&report, None).expect("plan");
    let c = &p.campaigns[0];
    for s in &c.steps {
        assert_eq!(s.critical, s.slack_days == 0, "{}", s.name);
    }
    let md = mopsc::plan::to_markdown(&p);
    assert!(!md.contains("| 0d |"), "{md}");
    let mermaid = mopsc::plan::to_mermaid(&p);
    let crit_lines = mermaid.lines().filter(|l| l.contains("crit")).count();
    assert_eq!(crit_lines, 4, "{mermaid}");
    let path_line: String = md.lines().filter(|l| l.starts_with("**Critical path:**")).collect();
    insta::assert_snapshot!(path_line);
}

// ---------------------------------------------------------------- item 13

#[test]
fn a_subfolder_checks_the_whole_workspace_and_reports_what_lies_under_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let dir = workspace(&[]);
    // a copy of the Northwind workspace with its campaigns in a subfolder
    let mut files: Vec<(String, String)> = Vec::new();
    for e in std::fs::read_dir(&root).expect("examples") {
        let p = e.expect("entry").path();
        let name = p.file_name().expect("name").to_string_lossy().into_owned();
        if p.is_file() && (name.ends_with(".mops") || name == "mops.toml") {
            let text = std::fs::read_to_string(&p).expect("read");
            let campaign = text.contains("\ncampaign ");
            let (rel, text) = if campaign {
                (format!("campaigns/{name}"), text.replace("import \"", "import \"../"))
            } else {
                (name, text)
            };
            files.push((rel, text));
        }
    }
    for (rel, text) in &files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let whole = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("ok");
    assert!(whole.diagnostics.is_empty(), "{}", human(&whole));
    let sub = mopsc::check::check_paths(&[dir.path().join("campaigns")], &opts()).expect("ok");
    // no "no attribution model", no "no data-hygiene schedule", no UTM005 against the prelude policy
    assert!(sub.diagnostics.is_empty(), "{}", human(&sub));
    // what lies under the folder is still reported
    let launch = dir.path().join("campaigns/product-launch.mops");
    let text = std::fs::read_to_string(&launch).expect("read").replace("  owner    = \"maya.chen@northwind.io\"\n", "");
    std::fs::write(&launch, text).expect("write");
    let sub = mopsc::check::check_paths(&[dir.path().join("campaigns")], &opts()).expect("ok");
    let shown = redact(&human(&sub), dir.path());
    assert_eq!(codes(&sub), vec!["CMP005"], "{shown}");
    // the plan of the folder has its campaigns only, from the whole workspace
    let p = mopsc::plan::compile(&sub, None).expect("plan");
    assert!(!p.campaigns.is_empty());
}

// ---------------------------------------------------------------- item 17

fn small_campaign(name: &str, start: &str, extra: &str) -> String {
    format!(
        "campaign {name}: conversion-optimization {{\n  owner = \"dana@acme.io\"\n  start = {start}\n  given = [context]\n  goals {{ mql = 10 }}\n  utm {{ campaign = \"{name}\" }}\n  step levers: marketing-psychology {{ duration = 2d{extra} }}\n  step measure: campaign-analytics {{ duration = 2d }}\n}}\n"
    )
}

#[test]
fn plans_are_ordered_by_start() {
    let src = format!(
        "{}\n{}",
        small_campaign("summer", "2026-06-01", "  budget = 3100 USD").replace("start", "budget = 9000 USD\n  start"),
        small_campaign("spring", "2026-03-31", "  budget = 1000 USD").replace("start", "budget = 5000 USD\n  start")
    );
    let dir = workspace(&[("mops.toml", "[lint]\n"), ("c.mops", &src)]);
    let report = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("ok");
    let p = mopsc::plan::compile(&report, None).expect("plan");
    let names: Vec<&str> = p.campaigns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["spring", "summer"]);
    let md = mopsc::plan::to_markdown(&p);
    let rollup: String = md.lines().take_while(|l| !l.starts_with("# Run plan")).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!(rollup);
}

#[test]
fn an_error_in_another_campaign_does_not_block_its_plan() {
    let src = format!(
        "{}\n{}",
        small_campaign("broken", "2026-03-02", "  after = [nope]"),
        small_campaign("fine", "2026-04-01", "")
    );
    let dir = workspace(&[("mops.toml", "[lint]\n"), ("c.mops", &src)]);
    let report = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("ok");
    assert!(codes(&report).contains(&"E021".to_string()));
    let p = mopsc::plan::compile(&report, Some("fine")).expect("plan of the other campaign");
    assert_eq!(p.campaigns[0].name, "fine");
    assert!(mopsc::plan::compile(&report, Some("broken")).is_err());
    assert!(mopsc::plan::compile(&report, None).is_err());
    let e = mopsc::plan::compile(&report, Some("fien")).expect_err("no such campaign");
    insta::assert_snapshot!(e.to_string());
}

// ---------------------------------------------------------------- item 15

#[test]
fn tagged_links_only_for_audience_facing_steps_each_distinct() {
    let src = "\
campaign launch: product-launch {
  owner = \"dana@acme.io\"
  start = 2026-03-02
  url   = \"https://acme.io/launch\"
  goals { mql = 10 }
  utm { source = linkedin  medium = social  campaign = \"launch-q1\" }
  step foundation: marketing-context { duration = 2d }
  step plan: content-strategy { duration = 2d }
  step copy: copywriting { duration = 2d }
  step page: landing-page-generator { duration = 2d }
  step ad-copy: ad-creative { duration = 2d }
  step paid: paid-ads { duration = 5d  budget = 100 USD  channel = linkedin  utm { medium = paid-social } }
  step organic: social-content { after = [copy]  duration = 5d  channel = linkedin }
  step outreach: cold-email { after = [page]  duration = 5d  channel = email  utm { source = email  medium = email } }
  step measure: campaign-analytics { after = [paid, organic, outreach]  duration = 2d }
}
";
    let dir = workspace(&[("mops.toml", "[lint]\n"), ("launch.mops", src)]);
    let report = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("ok");
    let p = mopsc::plan::compile(&report, None).expect("plan");
    let c = &p.campaigns[0];
    let linked: Vec<&str> = c.links.iter().map(|l| l.step.as_str()).collect();
    assert_eq!(linked, ["paid", "organic", "outreach"]);
    let mut urls: Vec<&str> = c.links.iter().map(|l| l.url.as_str()).collect();
    urls.sort();
    urls.dedup();
    assert_eq!(urls.len(), 3, "{urls:?}");
    let md = mopsc::plan::to_markdown(&p);
    let links: String = md.lines().skip_while(|l| !l.starts_with("## Tagged links")).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!(links);
}

// ---------------------------------------------------------------- item 11

#[test]
fn one_mistake_one_finding() {
    let mut out = String::new();
    let cases: [(&str, &str, &[&str]); 4] = [
        // a misspelt attribute is E011 only, not also "has no owner"
        ("ownr", "tool crm: crm {\n  ownr = \"revops@acme.io\"\n  cost = 100 USD/yr\n}\n", &["E011"]),
        // a value that fails to lower is not also reported as missing
        ("cost", "tool crm: crm {\n  owner = \"revops@acme.io\"\n  cost = 18000 USD\n}\n", &["E013"]),
        // an undefined `after` is E021 only, not an E040 whose help keeps the undefined name
        (
            "after",
            "campaign c: conversion-optimization {\n  start = 2026-03-02\n  given = [context]\n  step page: landing-page-generator { duration = 2d }\n  step copy: ad-creative { duration = 2d }\n  step ads: paid-ads { after = [ad-copy, page]  duration = 5d  budget = 10 USD }\n}\n",
            &["E021"],
        ),
        // a policy whose sources failed gives no "use an allowed source ()"
        (
            "policy",
            "utm-policy ours {\n  sources = [google, 42]\n  mediums = [cpc]\n  paid-search-mediums = [cpc]\n}\n\ncampaign c: conversion-optimization {\n  start = 2026-03-02\n  given = [context]\n  utm { source = bing  medium = cpc  campaign = \"c\" }\n  step levers: marketing-psychology { duration = 2d }\n}\n",
            &["E013"],
        ),
    ];
    for (what, src, expected) in cases {
        let r = check_source(&format!("{what}.mops"), src, &opts());
        let found: Vec<String> = codes(&r)
            .into_iter()
            .filter(|c| c.starts_with('E') || ["STK001", "STK010", "UTM004", "CMP006"].contains(&c.as_str()))
            .collect();
        assert_eq!(found, expected.to_vec(), "{what}: {}", render(&r));
        out.push_str(&render_only(&r, "E"));
    }
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------- item 4

#[test]
fn a_future_dated_audit_is_reported_and_its_age_worded() {
    let src = "audit fy27 {\n  date     = 2027-11-20\n  strategy = 3  content = 3  seo = 3  paid = 3\n  email    = 3  social  = 3  martech = 3  data = 3\n}\n";
    let dir = workspace(&[("mops.toml", "[lint]\n"), ("audit.mops", src)]);
    let (report, a) = audit_dir(dir.path());
    assert_eq!(with_codes(&report, "AUD"), vec!["AUD001"]);
    let md = mopsc::audit::to_markdown(&a);
    assert!(!md.contains("-361"), "{md}");
    let line: String = md.lines().filter(|l| l.starts_with("`fy27`")).collect();
    insta::assert_snapshot!(redact(&format!("{}\n{line}", render_only(&report, "AUD")), dir.path()));
}

// ---------------------------------------------------------------- item 18

#[test]
fn wording_articles_single_scores_and_skeletons() {
    let src = "tool crm: crm { owner = \"a@acme.io\" }\n\ntool buffer: other { owner = \"b@acme.io\"  integrates = [crm] }\n\nsequence welcome: welcome {\n  trigger = \"signup\"\n  tool    = buffer\n  email day-0 { at = 0d  subject = \"Hi\" }\n}\n\nscoring s {\n  route = crm\n  signal demo: high-intent { points = +25  rule = \"demo\" }\n  tiers { nurture = 0..25  mql = 26..50  sql = 52..75  hot = 76.. }\n}\n";
    let r = check_source("w.mops", src, &opts());
    let msgs: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "SEQ004" || d.code == "SCR003")
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert!(msgs.iter().all(|m| !m.contains(" a other") && !m.contains("scores 51 to 51")), "{msgs:?}");
    let explain = mopsc::explain::explain("E040").expect("E040");
    assert!(explain.contains("fixed"), "{explain}");
    insta::assert_snapshot!(msgs.join("\n"));
}

// ---------------------------------------------------------------- item 11 (syntax)

/// The codes of `bad` that `good` (the same workspace, the mistake
/// corrected) does not have, and those of `good` that `bad` lost.
fn code_diff(bad: &mopsc::check::Report, good: &mopsc::check::Report) -> (Vec<String>, Vec<String>) {
    let mut extra = codes(bad);
    let mut lost = Vec::new();
    for c in codes(good) {
        match extra.iter().position(|e| *e == c) {
            Some(i) => {
                extra.remove(i);
            }
            None => lost.push(c),
        }
    }
    (extra, lost)
}

#[test]
fn a_value_that_does_not_parse_is_one_finding_saying_what_to_write() {
    let tool = |cost: &str| {
        format!("tool crm: crm {{\n  owner    = \"revops@acme.io\"\n  cost     = {cost}\n  reviewed = 2026-10-01\n}}\n")
    };
    let policy = |sources: &str| {
        format!(
            "utm-policy ours {{\n  sources = {sources}\n  mediums = [cpc]\n  paid-search-mediums = [cpc]\n}}\n\ncampaign c: conversion-optimization {{\n  start = 2026-03-02\n  given = [context]\n  utm {{ source = google  medium = cpc  campaign = \"c\" }}\n  step levers: marketing-psychology {{ duration = 2d }}\n}}\n"
        )
    };
    let campaign = |duration: &str, budget: &str, skill: &str| {
        format!(
            "campaign c: lead-generation {{\n  start = 2026-03-02\n  given = [context, ad-copy]\n  goals {{ mql = 10 }}\n  step page: landing-page-generator {{ duration = {duration} }}\n  step ads: paid-ads {{ after = [page]  duration = 5d  budget = {budget}  channel = google-ads }}\n  step measure: {skill} {{ after = [ads]  duration = 2d }}\n}}\n"
        )
    };
    let ok = campaign("5d", "20000 USD", "campaign-analytics");
    let cases: Vec<(&str, String, String, &str, &str)> = vec![
        (
            "glob",
            policy("[google, partner-*]"),
            policy("[google, \"partner-*\"]"),
            "E001",
            "quote a glob: \"partner-*\"",
        ),
        ("cost", tool("18,000 USD/yr"), tool("18000 USD/yr"), "E001", "write `cost = 18000 USD/yr`"),
        (
            "duration",
            campaign("5 days", "20000 USD", "campaign-analytics"),
            ok.clone(),
            "E001",
            "write `duration = 5d`",
        ),
        ("budget", campaign("5d", "20k USD", "campaign-analytics"), ok.clone(), "E001", "write `budget = 20000 USD`"),
        (
            "skill",
            campaign("5d", "20000 USD", "campaign-analytic"),
            ok.clone(),
            "E021",
            "did you mean `campaign-analytics`?",
        ),
    ];
    let mut out = String::new();
    for (what, bad, good, code, says) in cases {
        let good = check_source(&format!("{what}.mops"), &good, &opts());
        assert_eq!(
            with_codes(&good, "E"),
            Vec::<String>::new(),
            "{what}: the corrected form is clean: {}",
            render(&good)
        );
        let bad = check_source(&format!("{what}.mops"), &bad, &opts());
        let (extra, lost) = code_diff(&bad, &good);
        assert_eq!(extra, vec![code.to_string()], "{what}: one finding: {}", render(&bad));
        assert_eq!(lost, Vec::<String>::new(), "{what}: {}", render(&bad));
        let text = render_only(&bad, code);
        assert!(text.contains(says), "{what}: {text}");
        out.push_str(&text);
    }
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------- item 9

#[test]
fn the_checks_a_marketer_expects() {
    let src = "\
tool salesforce: crm { owner = \"revops@acme.io\"  reviewed = 2027-02-01 }
tool google-ads: ads { owner = \"ads@acme.io\"  integrates = [salesforce] }
tool marketo: marketing-automation { owner = \"ops@acme.io\"  status = retired }

sequence welcome: welcome {
  trigger = \"signup\"
  tool    = marketo
  email hello { at = 0d  subject = \"Welcome\" }
}

campaign launch: lead-generation {
  start = 2026-12-01
  given = [context, ad-copy]
  goals { mql = 100  sql = 300 }
  utm { source = google  medium = cpc  campaign = \"launch-q1\" }
  step page: landing-page-generator { duration = 3d }
  step search: paid-ads { after = [page]  duration = 14d  budget = 5000 USD  tool = google-ads }
  step social: paid-ads { after = [page]  duration = 14d  budget = 5000 USD  tool = google-ads  channel = linkedin }
  step mail: cold-email { after = [page]  duration = 14d  channel = emial  utm { source = email  medium = email } }
  step measure: campaign-analytics { after = [search, social, mail]  duration = 2d }
}
";
    let r = check_source("expects.mops", src, &opts());
    let mut got: Vec<String> = codes(&r)
        .into_iter()
        .filter(|c| ["CMP011", "CHN", "STK011", "STK012"].iter().any(|p| c.starts_with(p)))
        .collect();
    got.sort();
    assert_eq!(got, ["CHN001", "CHN002", "CHN003", "CHN004", "CMP011", "STK011", "STK012"], "{}", render(&r));
    let mut shown = String::new();
    for p in ["CMP011", "CHN", "STK011", "STK012"] {
        shown.push_str(&render_only(&r, p));
    }
    insta::assert_snapshot!(shown);
    // the same workspace, each flaw corrected, has none of them
    let fixed = src
        .replace("reviewed = 2027-02-01", "reviewed = 2026-02-01")
        .replace("status = retired", "status = active  integrates = [salesforce]")
        .replace("mql = 100  sql = 300", "mql = 300  sql = 100")
        .replace("tool = google-ads }", "tool = google-ads  channel = google-ads }")
        .replace(
            "tool = google-ads  channel = linkedin",
            "channel = linkedin  utm { source = linkedin  medium = paid-social }",
        )
        .replace("channel = emial", "channel = email");
    let r = check_source("expects.mops", &fixed, &opts());
    let left: Vec<String> = codes(&r)
        .into_iter()
        .filter(|c| ["CMP011", "CHN", "STK011", "STK012"].iter().any(|p| c.starts_with(p)))
        .collect();
    assert_eq!(left, Vec::<String>::new(), "{}", render(&r));
}
