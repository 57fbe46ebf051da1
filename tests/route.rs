//! `mopsc route`: accuracy over the evaluation set, output snapshots,
//! workspace routes, playbook detection, exit codes.

mod common;

use assert_cmd::Command;
use common::*;
use mopsc::check::{check_paths, check_source, prelude_model};
use mopsc::model::Model;
use mopsc::route::{render_text, Params, Routed, Router};

/// The binary, run in an empty directory (so the prelude alone routes)
/// unless paths are given.
fn mopsc(dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("mopsc").expect("binary");
    c.current_dir(dir).env("MOPS_TODAY", "2026-11-24").env("NO_COLOR", "1");
    c
}

fn prelude() -> Model {
    prelude_model().0
}

fn route(request: &str) -> Routed {
    Router::new(&prelude()).route(request, 3).expect("routed")
}

struct Case {
    request: String,
    skills: Vec<String>,
    playbook: Option<String>,
}

fn eval_set(name: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(manifest_dir().join("tests/fixtures/route").join(name)).expect("eval set");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(cols.len() >= 2, "bad eval line: {l}");
            Case {
                request: cols[0].to_string(),
                skills: cols[1].split('|').map(str::to_string).collect(),
                playbook: cols.get(2).filter(|p| !p.is_empty()).map(|p| p.to_string()),
            }
        })
        .collect()
}

struct Score {
    skill_ok: usize,
    playbook_ok: usize,
    total: usize,
    misses: Vec<String>,
}

fn evaluate(router: &Router, cases: &[Case]) -> Score {
    let mut s = Score { skill_ok: 0, playbook_ok: 0, total: cases.len(), misses: Vec::new() };
    for c in cases {
        let r = router.route(&c.request, 3);
        let skill = r.as_ref().map(|r| r.skill.clone()).unwrap_or_else(|| "(none)".into());
        let playbook = r.as_ref().and_then(|r| r.playbook.clone());
        let skill_ok = c.skills.contains(&skill);
        let playbook_ok = playbook == c.playbook;
        s.skill_ok += usize::from(skill_ok);
        s.playbook_ok += usize::from(playbook_ok);
        if !skill_ok || !playbook_ok {
            let alts: Vec<String> =
                r.iter().flat_map(|r| r.alternatives.iter().map(|a| format!("{} {}", a.skill, a.score))).collect();
            s.misses.push(format!(
                "  {:?}\n    expected {} / {:?}, got {} {} / {:?}  [{}]",
                c.request,
                c.skills.join("|"),
                c.playbook,
                skill,
                r.as_ref().map(|r| r.score).unwrap_or(0.0),
                playbook,
                alts.join(", ")
            ));
        }
    }
    s
}

fn pct(n: usize, d: usize) -> f64 {
    100.0 * n as f64 / d as f64
}

#[test]
fn eval_set_covers_every_skill() {
    let cases = eval_set("eval.tsv");
    assert!(cases.len() >= 120, "{} cases", cases.len());
    let (model, _) = prelude_model();
    for skill in &model.skills {
        let n = cases.iter().filter(|c| c.skills == [skill.name.value.clone()]).count();
        assert!(n >= 5, "{} has {n} cases", skill.name.value);
    }
    for c in &cases {
        for s in &c.skills {
            assert!(model.skill(s).is_some(), "unknown skill {s}");
        }
        if let Some(p) = &c.playbook {
            assert!(model.playbook(p).is_some(), "unknown playbook {p}");
        }
    }
}

#[test]
fn eval_top1_accuracy() {
    let (model, _) = prelude_model();
    let cases = eval_set("eval.tsv");
    let bare = evaluate(&Router::with_params(&model, Params { knowledge: false, ..Params::default() }), &cases);
    let s = evaluate(&Router::new(&model), &cases);
    let line = format!(
        "route eval: top-1 accuracy {:.1}% ({}/{}); playbook accuracy {:.1}% ({}/{}); \
         model text alone {:.1}% ({}/{})",
        pct(s.skill_ok, s.total),
        s.skill_ok,
        s.total,
        pct(s.playbook_ok, s.total),
        s.playbook_ok,
        s.total,
        pct(bare.skill_ok, bare.total),
        bare.skill_ok,
        bare.total
    );
    println!("{line}");
    eprintln!("{line}");
    eprintln!("misses:\n{}", s.misses.join("\n"));
    assert!(pct(s.skill_ok, s.total) >= 90.0, "{line}\nmisses:\n{}", s.misses.join("\n"));
    assert!(pct(s.playbook_ok, s.total) >= 90.0, "{line}\nmisses:\n{}", s.misses.join("\n"));
}

#[test]
fn holdout_top1_accuracy() {
    let (model, _) = prelude_model();
    let cases = eval_set("holdout.tsv");
    let s = evaluate(&Router::new(&model), &cases);
    let line = format!(
        "route holdout: top-1 accuracy {:.1}% ({}/{}); playbook accuracy {:.1}% ({}/{})",
        pct(s.skill_ok, s.total),
        s.skill_ok,
        s.total,
        pct(s.playbook_ok, s.total),
        s.playbook_ok,
        s.total
    );
    println!("{line}");
    eprintln!("{line}");
    eprintln!("misses:\n{}", s.misses.join("\n"));
    assert!(pct(s.skill_ok, s.total) >= 75.0, "{line}\nmisses:\n{}", s.misses.join("\n"));
}

/// Snapshots of the binary's output for a few requests, both formats.
#[test]
fn output_snapshots() {
    let dir = tempfile::tempdir().expect("tmp");
    let requests = [
        ("proofread", "can you proofread the copy on our pricing page before launch day"),
        ("ai_search", "how do we get recommended when people ask ChatGPT for a CRM"),
        ("launch", "launch our new feature with a landing page, ads and emails to prospects"),
        ("analytics", "measure the results of our spring campaign"),
    ];
    for (name, request) in requests {
        let out = mopsc(dir.path()).args(["route", request, "--format", "json"]).output().expect("run");
        assert_eq!(out.status.code(), Some(0), "{request}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        insta::assert_json_snapshot!(format!("route_json_{name}"), v);
        let out = mopsc(dir.path()).args(["route", request]).output().expect("run");
        assert_eq!(out.status.code(), Some(0), "{request}");
        insta::assert_snapshot!(format!("route_text_{name}"), String::from_utf8(out.stdout).expect("utf8"));
    }
}

#[test]
fn json_has_the_documented_shape() {
    let dir = tempfile::tempdir().expect("tmp");
    let out =
        mopsc(dir.path()).args(["route", "set up google ads", "--format", "json", "--top", "4"]).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["skill", "score", "not", "because", "alternatives", "playbook"]);
    assert_eq!(v["skill"], "paid-ads");
    assert_eq!(v["not"], "ad-creative");
    assert!(v["alternatives"].as_array().expect("array").len() <= 3);
    assert!(v["playbook"].is_null());
    let score = v["score"].as_f64().expect("number");
    assert_eq!((score * 1000.0).round() / 1000.0, score, "rounded to 3 decimals");
}

#[test]
fn nonsense_exits_one_with_a_message() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = mopsc(dir.path()).args(["route", "blah blah"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).expect("utf8");
    assert!(err.contains("no route") && err.contains("blah blah"), "{err}");
    mopsc(dir.path()).args(["route", "the of and", "--format", "json"]).assert().code(1);
    mopsc(dir.path()).args(["route", "proofread", "no/such/path"]).assert().code(2);
}

#[test]
fn workspace_routes_join_and_override_the_prelude() {
    let report = check_paths(&[manifest_dir().join("tests/fixtures/route/workspace")], &opts()).expect("path");
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
    let model = &report.analyses[0].model;
    let router = Router::new(model);
    // a workspace skill reached through its own route
    let r = router.route("we want to host a webinar for existing customers", 3).expect("routed");
    assert_eq!(r.skill, "webinar-ops");
    assert_eq!(r.not.as_deref(), Some("landing-page-generator"));
    assert_eq!(r.route.as_deref(), Some("webinars"));
    // the overriding route replaced the prelude's `copy-polish`
    let r = router.route("please fix the typos in this email", 3).expect("routed");
    assert_eq!(r.skill, "copy-editing");
    assert_eq!(r.because.as_deref(), Some("our editors polish; writers write new copy"));
    assert_eq!(model.routes.iter().filter(|x| x.name.value == "copy-polish").count(), 1);
    // without the workspace, the prelude alone knows no webinar skill
    assert_ne!(route("we want to host a webinar for existing customers").skill, "webinar-ops");
    // the binary: PATH given, and PATH defaulting to the current directory
    let dir = tempfile::tempdir().expect("tmp");
    let ws = manifest_dir().join("tests/fixtures/route/workspace");
    let out = mopsc(dir.path()).args(["route", "host a webinar", "--format", "json"]).arg(&ws).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["skill"], "webinar-ops");
    let out = mopsc(&ws).args(["route", "host a webinar", "--format", "json"]).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["skill"], "webinar-ops");
}

#[test]
fn a_source_route_block_is_used() {
    let src = r#"
skill podcast-guesting: channel { summary = "Pitch and prepare podcast guest appearances." }
route podcasts { to = podcast-guesting says = ["get booked on podcasts", "podcast tour"] }
"#;
    let report = check_source("podcasts.mops", src, &opts());
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
    let r = Router::new(&report.analyses[0].model).route("plan a podcast tour for our CEO", 3).expect("routed");
    assert_eq!(r.skill, "podcast-guesting");
    assert_eq!(r.not, None);
}

#[test]
fn confusable_pairs_are_separated_by_their_cues() {
    for (request, skill, not) in [
        ("polish the homepage copy", "copy-editing", "copywriting"),
        ("write new homepage copy", "copywriting", "content-strategy"),
        ("set the budget and targeting for our meta ads", "paid-ads", "ad-creative"),
        ("write headlines for our meta ads", "ad-creative", "paid-ads"),
        ("get our brand cited by perplexity and chatgpt", "ai-seo", "seo-specialist"),
        ("technical seo audit of our rankings", "seo-specialist", "ai-seo"),
        ("plan a calendar of blog ideas", "content-strategy", "copywriting"),
        ("produce the full article end to end", "content-production", "content-strategy"),
    ] {
        let r = route(request);
        assert_eq!((r.skill.as_str(), r.not.as_deref()), (skill, Some(not)), "{request}");
    }
}

#[test]
fn playbook_detection() {
    for (request, playbook) in [
        ("launch our new feature with a landing page, ads and emails to prospects", Some("product-launch")),
        ("we are planning a product launch for June", Some("product-launch")),
        ("kick off a lead gen blitz next week", Some("lead-generation")),
        ("a content sprint for the new docs", Some("content-sprint")),
        ("brand awareness campaign in Germany", Some("brand-awareness")),
        ("run a CRO program on our signup flow", Some("conversion-optimization")),
        ("conversion optimization of the checkout", Some("conversion-optimization")),
        // several routes' skills without a named campaign type
        ("plan the topics, write the articles, humanize them and post on social", Some("content-sprint")),
        ("build landing pages, write ad variations, then cold email the prospects", Some("lead-generation")),
        // one skill: no playbook
        ("proofread my newsletter", None),
        ("launch a PPC campaign for our webinar", None),
        ("what's our conversion rate by traffic source", None),
        ("optimize our meta titles and descriptions for search", None),
    ] {
        assert_eq!(route(request).playbook.as_deref(), playbook, "{request}");
    }
}

#[test]
fn normalisation_and_unknown_words() {
    assert_eq!(
        mopsc::route::normalise("On-page SEO, A/B tests & the CEO's e-mail!"),
        ["on", "page", "seo", "ab", "tests", "the", "ceos", "email"]
    );
    // a compound of two known words, and a derived word of a known stem
    assert_eq!(route("copyedit this press release").skill, "copy-editing");
    assert_eq!(route("de-robotify this paragraph").skill, "content-humanizer");
    let router = Router::new(&prelude());
    assert!(router.knows_any("proofreading please"));
    assert!(!router.knows_any("blah blah"));
}

#[test]
fn top_limits_the_alternatives() {
    let router = Router::new(&prelude());
    let r = router.route("write a linkedin post about our landing page copy", 1).expect("routed");
    assert!(r.alternatives.is_empty());
    let r = router.route("write a linkedin post about our landing page copy", 5).expect("routed");
    assert!(r.alternatives.len() <= 4 && r.alternatives.len() >= 2);
    assert!(r.alternatives.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(r.alternatives.iter().all(|a| a.score <= r.score && a.skill != r.skill));
}

#[test]
fn text_output_explains_the_route() {
    let model = prelude();
    let r = Router::new(&model).route("proofread my blog post", 3).expect("routed");
    let text = render_text(&r, &model);
    assert!(text.starts_with("Route to: copy-editing (route copy-polish, score "), "{text}");
    assert!(text.contains("Not copywriting: copywriting is for writing new copy"), "{text}");
    assert!(text.contains("Alternatives: "), "{text}");
}
