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
    cases_of(&text)
}

fn cases_of(text: &str) -> Vec<Case> {
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
        let area = r.as_ref().and_then(|r| r.route.clone()).unwrap_or_default();
        let playbook = r.as_ref().and_then(|r| r.playbook.as_ref().map(|p| p.name.clone()));
        // `marketing-ops/AREA` expects the skill through that route.
        let skill_ok = c.skills.iter().any(|e| match e.split_once('/') {
            Some((s, a)) => s == skill && a == area,
            None => *e == skill,
        });
        let playbook_ok = playbook == c.playbook;
        s.skill_ok += usize::from(skill_ok);
        s.playbook_ok += usize::from(playbook_ok);
        if !skill_ok || !playbook_ok {
            let alts: Vec<String> =
                r.iter().flat_map(|r| r.alternatives.iter().map(|a| format!("{} {}", a.skill, a.score))).collect();
            s.misses.push(format!(
                "  {:?}\n    expected {} / {:?}, got {}/{} {} / {:?}  [{}]",
                c.request,
                c.skills.join("|"),
                c.playbook,
                skill,
                area,
                r.as_ref().map(|r| r.score).unwrap_or(0.0),
                playbook,
                alts.join(", ")
            ));
        }
    }
    s
}

/// Below the first measurement of the blind held-out set (95.0 %), so a
/// regression fails; never raised by tuning on it.
const HELDOUT_FLOOR: f64 = 92.0;

/// Below the third blind set's measurement on the example-trained router
/// (93.1 %), so a regression fails.
const BLIND3_FLOOR: f64 = 90.0;

/// Issue 17's target for the held-out sets written for the example-trained
/// router (blind4.tsv, blind5.tsv): top-1 at least this.
const HELDOUT_TARGET: f64 = 92.0;

/// The second blind set became a development set once its misses were read
/// (docs/route.md): a floor against regressions only.
const BLIND2_FLOOR: f64 = 85.0;

fn pct(n: usize, d: usize) -> f64 {
    100.0 * n as f64 / d as f64
}

#[test]
fn eval_set_covers_every_skill() {
    let cases = eval_set("eval.tsv");
    assert!(cases.len() >= 120, "{} cases", cases.len());
    let (model, _) = prelude_model();
    for skill in &model.skills {
        let name = skill.name.value.as_str();
        let n = cases.iter().filter(|c| c.skills.len() == 1 && c.skills[0].split('/').next() == Some(name)).count();
        assert!(n >= 5, "{name} has {n} cases");
    }
    for c in &cases {
        for s in &c.skills {
            let (skill, area) = s.split_once('/').unwrap_or((s, ""));
            assert!(model.skill(skill).is_some(), "unknown skill {s}");
            if !area.is_empty() {
                let r = model.routes.iter().find(|r| r.name.value == area).unwrap_or_else(|| panic!("no route {s}"));
                assert_eq!(r.data.to.as_ref().map(|t| t.value.as_str()), Some(skill), "{s}");
            }
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
    let bare = evaluate(
        &Router::with_params(&model, Params { knowledge: false, examples: false, ..Params::default() }),
        &cases,
    );
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
    assert!(cases.len() >= 240, "{} cases", cases.len());
    // The lexical scorer was tuned on this set (99 % then); the router that
    // learns from the example requests scores it lower and generalises
    // far better (docs/route.md).
    assert!(pct(s.skill_ok, s.total) >= 90.0, "{line}\nmisses:\n{}", s.misses.join("\n"));
    assert!(pct(s.playbook_ok, s.total) >= 95.0, "{line}\nmisses:\n{}", s.misses.join("\n"));
}

/// Route one evaluation set and print its line; `show_misses` also prints
/// its misses (never for a blind set: the router is not tuned on them).
fn measure(set: &str, label: &str, show_misses: bool) -> Score {
    let (model, _) = prelude_model();
    let cases = eval_set(set);
    let s = evaluate(&Router::new(&model), &cases);
    let line = format!(
        "route {label}: top-1 accuracy {:.1}% ({}/{}); playbook accuracy {:.1}% ({}/{})",
        pct(s.skill_ok, s.total),
        s.skill_ok,
        s.total,
        pct(s.playbook_ok, s.total),
        s.playbook_ok,
        s.total
    );
    println!("{line}");
    eprintln!("{line}");
    if show_misses {
        eprintln!("misses:\n{}", s.misses.join("\n"));
    }
    s
}

/// The blind held-out set of issue 17. Only its accuracy is printed, never
/// its misses: the router is not tuned on it (docs/route.md).
#[test]
fn blind_heldout_top1_accuracy() {
    let s = measure("heldout.tsv", "blind held-out", false);
    assert!(s.total >= 120, "{} cases", s.total);
    assert!(pct(s.skill_ok, s.total) >= HELDOUT_FLOOR, "{}%", pct(s.skill_ok, s.total));
}

/// The second blind set of issue 17 (blind2.tsv), written by someone who
/// never saw the router, its tuning sets or its results. It was blind at its
/// first measurement (63.1 %); its misses were then read to improve the
/// router's vocabulary, so it is a development set now (`ROUTE_MISSES=1`
/// prints them).
#[test]
fn second_blind_set_top1_accuracy() {
    let s = measure("blind2.tsv", "second blind set", std::env::var_os("ROUTE_MISSES").is_some());
    assert!(s.total >= 120, "{} cases", s.total);
    assert!(pct(s.skill_ok, s.total) >= BLIND2_FLOOR, "{}%", pct(s.skill_ok, s.total));
}

/// The third blind set of issue 17 (blind3.tsv): another writer who never
/// saw the router; written after the second blind set's misses had been
/// read and the router changed, and measured once. Only its accuracy is
/// printed, never its misses.
#[test]
fn third_blind_set_top1_accuracy() {
    let s = measure("blind3.tsv", "third blind set", false);
    assert!(s.total >= 120, "{} cases", s.total);
    assert!(pct(s.skill_ok, s.total) >= BLIND3_FLOOR, "{}%", pct(s.skill_ok, s.total));
}

/// The fourth and fifth blind sets (blind4.tsv, blind5.tsv): two more
/// writers, who never saw the router, its example requests or its sets,
/// wrote them from the labelling guide (tests/fixtures/route/LABELS.md);
/// committed before the example-trained router was first measured on
/// them. Only their accuracy is printed, never their misses.
#[test]
fn fourth_and_fifth_blind_sets_meet_the_target() {
    for (set, label) in [("blind4.tsv", "fourth blind set"), ("blind5.tsv", "fifth blind set")] {
        let s = measure(set, label, false);
        assert!(s.total >= 150, "{} cases", s.total);
        assert!(pct(s.skill_ok, s.total) >= HELDOUT_TARGET, "{label}: {}%", pct(s.skill_ok, s.total));
    }
}

/// A misspelt word is corrected to the known stem one edit away; without
/// the correction these requests have no known word at all.
#[test]
fn misspelt_words_are_corrected() {
    let model = prelude();
    let plain = Router::with_params(&model, Params { typos: false, ..Params::default() });
    for (request, area) in [("hubspt", "martech-stack"), ("atribution", "attribution")] {
        assert!(plain.route(request, 3).is_none(), "{request}");
        let r = route(request);
        assert_eq!((r.skill.as_str(), r.route.as_deref()), ("marketing-ops", Some(area)), "{request}");
    }
}

/// The whole evaluation corpus: at least 300 requests.
#[test]
fn evaluation_sets_hold_300_requests() {
    let n: usize = ["eval.tsv", "holdout.tsv", "heldout.tsv", "blind2.tsv", "blind3.tsv", "blind4.tsv", "blind5.tsv"]
        .into_iter()
        .map(|f| eval_set(f).len())
        .sum();
    assert!(n >= 300, "{n} requests");
}

#[test]
fn holdout_top1_accuracy() {
    let s = measure("holdout.tsv", "holdout", true);
    assert!(pct(s.skill_ok, s.total) >= 88.0, "misses:\n{}", s.misses.join("\n"));
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
        ("nurture", "set up a nurture for webinar attendees"),
        ("scoring", "sales says our MQLs are junk, rework the lead scoring"),
        ("launch_intent", "We're launching Pipeline Monitor 2.0 in January"),
        ("funnel", "Why are trial users dropping off before connecting a pipeline"),
        ("low_margin", "which channel drove the most demo requests"),
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
    assert_eq!(
        keys,
        [
            "skill",
            "route",
            "score",
            "confidence",
            "low_margin",
            "not",
            "because",
            "not_is_runner_up",
            "declares",
            "command",
            "alternatives",
            "like",
            "playbook"
        ]
    );
    assert_eq!(v["route"], "paid-campaign");
    let c = v["confidence"].as_f64().expect("confidence");
    assert!((0.0..=1.0).contains(&c), "{c}");
    assert!(v["low_margin"].is_boolean() && v["not_is_runner_up"].is_boolean());
    assert!(v["declares"].is_null() && v["command"].is_null());
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
        ("set up a PPC campaign for our webinar", None),
        ("what's our conversion rate by traffic source", None),
        ("optimize our meta titles and descriptions for search", None),
    ] {
        assert_eq!(route(request).playbook.map(|p| p.name).as_deref(), playbook, "{request}");
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
    // no alternative shows as 0.000
    let r = router.route("our CRM has the same contact three times, how do we clean it up", 3).expect("routed");
    assert!(r.alternatives.iter().all(|a| a.score > 0.0), "{r:?}");
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

/// The margin the confidence is computed from: (best − second) / best.
fn margin(r: &Routed) -> f64 {
    let second = r.alternatives.first().map(|a| a.score).unwrap_or(0.0);
    if r.score > 0.0 {
        (r.score - second) / r.score
    } else {
        0.0
    }
}

/// The router on wording it did not learn from: the example requests'
/// writers in four folds (writer i in fold i mod 4), each fold routed by a
/// router that learned from the other three. This gives the cross-writer
/// accuracy and the calibration: the confidence of an answer is the share
/// right of the requests in its margin's bin here (Laplace-smoothed, made
/// monotone by pooling), and `Params::calibration` must hold these shares;
/// when the router changes, this fails until the calibration is measured
/// again (`--nocapture` prints the bins).
#[test]
fn cross_writer_accuracy_and_calibration() {
    let (model, _) = prelude_model();
    let files = mopsc::route::example_files();
    let edges = [0.0, 0.1, 0.2, 0.35, 0.6, f64::INFINITY];
    let mut data: Vec<(f64, f64)> = Vec::new();
    for fold in 0..4 {
        let learn: Vec<&'static str> =
            files.iter().enumerate().filter(|(i, _)| i % 4 != fold).map(|(_, f)| *f).collect();
        let router = Router::with_examples(&model, Params::default(), &learn);
        let cases: Vec<Case> =
            files.iter().enumerate().filter(|(i, _)| i % 4 == fold).flat_map(|(_, f)| cases_of(f)).collect();
        for c in &cases {
            let s = evaluate(&router, std::slice::from_ref(c));
            let m = router.route(&c.request, 2).map(|r| margin(&r)).unwrap_or(0.0);
            data.push((m, s.skill_ok as f64));
        }
    }
    let right: f64 = data.iter().map(|(_, y)| y).sum();
    let line =
        format!("route cross-writer: top-1 accuracy {:.1}% ({right}/{})", pct(right as usize, data.len()), data.len());
    println!("{line}");
    eprintln!("{line}");
    assert!(data.len() >= 5000, "{} requests", data.len());
    assert!(pct(right as usize, data.len()) >= 88.0, "{line}");
    let mut bins: Vec<(f64, f64)> = edges
        .windows(2)
        .map(|w| {
            let bucket: Vec<f64> = data.iter().filter(|(m, _)| *m >= w[0] && *m < w[1]).map(|(_, y)| *y).collect();
            let right: f64 = bucket.iter().sum();
            println!("margin [{}, {}): {} requests, {right} right", w[0], w[1], bucket.len());
            (bucket.len() as f64, right)
        })
        .collect();
    // Pool adjacent bins whose shares fall (pool-adjacent-violators).
    let smooth = |(n, right): (f64, f64)| (right + 1.0) / (n + 2.0);
    let mut groups: Vec<(usize, (f64, f64))> = bins.drain(..).map(|b| (1, b)).collect();
    let mut i = 0;
    while i + 1 < groups.len() {
        if smooth(groups[i].1) > smooth(groups[i + 1].1) {
            let (n2, b2) = groups.remove(i + 1);
            groups[i] = (groups[i].0 + n2, (groups[i].1 .0 + b2.0, groups[i].1 .1 + b2.1));
            i = i.saturating_sub(1);
        } else {
            i += 1;
        }
    }
    let want: Vec<f64> =
        groups.iter().flat_map(|(k, b)| std::iter::repeat_n((smooth(*b) * 100.0).round() / 100.0, *k)).collect();
    let have: Vec<f64> = Params::default().calibration.iter().map(|(_, c)| *c).collect();
    println!("calibration: {want:?}");
    assert_eq!(have, want, "re-measure Params::calibration (docs/route.md, step 11)");
    let lows: Vec<f64> = Params::default().calibration.iter().map(|(lo, _)| *lo).collect();
    assert_eq!(lows, edges[..5].to_vec());
}

/// Marketing ops's own areas answer with the declaration and the command.
#[test]
fn ops_areas_name_the_declaration_and_the_command() {
    for (request, area, declares, command) in [
        ("set up a nurture for webinar attendees", "email-sequences", "sequence NAME : nurture", "mopsc check"),
        ("which automations should we build first", "automation-priorities", "automation NAME :", "mopsc audit"),
        ("rethink how we score leads", "lead-scoring", "scoring NAME", "mopsc score --review"),
        ("route hot leads to the right rep", "lead-routing", "route = CRM-TOOL", "mopsc score"),
        ("our utm parameters are a mess", "utm-standards", "utm-policy NAME", "mopsc check --fix"),
        ("pick an attribution model", "attribution", "attribution NAME : position-based", "mopsc attribute"),
        ("which tools in our martech stack should we cut", "martech-stack", "tool NAME : crm", "mopsc audit"),
        ("dedupe the contacts in the crm", "data-hygiene", "hygiene NAME", "mopsc check"),
        ("run a marketing audit", "marketing-audit", "audit NAME", "mopsc audit"),
    ] {
        let r = route(request);
        assert_eq!((r.skill.as_str(), r.route.as_deref()), ("marketing-ops", Some(area)), "{request}");
        assert!(
            r.declares.as_deref().is_some_and(|d| d.starts_with(declares) || d.contains(declares)),
            "{request}: {r:?}"
        );
        assert!(r.command.as_deref().is_some_and(|c| c.starts_with(command)), "{request}: {r:?}");
    }
    // a skill's own route carries neither
    let r = route("proofread my blog post");
    assert!(r.declares.is_none() && r.command.is_none());
    // the text shows both
    let model = prelude();
    let text = render_text(&route("set up a nurture for webinar attendees"), &model);
    assert!(text.contains("Declare: sequence NAME : nurture") && text.contains("Run: mopsc check"), "{text}");
    // an email sequence is not cold email, and cold email stays cold email
    assert_eq!(route("write a cold email to ctos").skill, "cold-email");
}

/// A request whose intent is a campaign type names the playbook, its first
/// steps and the command that starts it; a one-word campaign phrase counts
/// only when the rest of the request asks for no skill in particular.
#[test]
fn campaign_type_intents_name_the_playbook_and_first_steps() {
    let r = route("We're launching Pipeline Monitor 2.0 in January");
    let p = r.playbook.as_ref().expect("playbook");
    assert_eq!((p.name.as_str(), p.by), ("product-launch", "campaign-type"));
    assert_eq!(p.first_steps, ["marketing-context", "content-strategy", "copywriting"]);
    assert_eq!(p.start, "mopsc new campaign NAME --playbook product-launch");
    assert_eq!(r.skill, "marketing-context", "context first: {r:?}");
    let text = render_text(&r, &prelude());
    assert!(text.contains("First steps:\n  1. marketing-context: "), "{text}");
    assert!(text.contains("Plan it: mopsc new campaign NAME --playbook product-launch"), "{text}");
    // json carries it
    let dir = tempfile::tempdir().expect("tmp");
    let out = mopsc(dir.path())
        .args(["route", "We're launching Pipeline Monitor 2.0 in January", "--format", "json"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["playbook"]["name"], "product-launch");
    assert_eq!(v["playbook"]["first_steps"][0], "marketing-context");
    // a launch word with a channel task names no playbook
    assert!(route("set up a PPC campaign for our webinar").playbook.is_none());
    assert!(route("can you proofread the copy on our pricing page before launch day").playbook.is_none());
}

/// Outcome and funnel questions go to analytics or psychology by intent.
#[test]
fn outcome_questions_route_by_intent() {
    for (request, skill) in [
        ("which channel drove the most demo requests", "campaign-analytics"),
        ("how many signups came from the webinar", "campaign-analytics"),
        ("A/B test the demo request form", "campaign-analytics"),
        ("why do visitors abandon the signup form", "marketing-psychology"),
        ("what stops trial users from upgrading", "marketing-psychology"),
    ] {
        assert_eq!(route(request).skill, skill, "{request}");
    }
}

/// Every answer has a calibrated confidence; close calls are marked, and the
/// matrix's "not this" is flagged when it is the runner-up.
#[test]
fn confidence_and_low_margin() {
    let router = Router::new(&prelude());
    let model = prelude();
    for c in eval_set("eval.tsv").iter().take(60) {
        let r = router.route(&c.request, 3).expect("routed");
        assert!((0.0..=1.0).contains(&r.confidence), "{r:?}");
        assert_eq!(r.low_margin, r.confidence < Params::default().low_confidence);
        assert!(render_text(&r, &model).contains(&format!("confidence {:.0}%", r.confidence * 100.0)));
    }
    // a clear request is confident, a close call is marked
    let clear = route("set up google ads");
    assert!(clear.confidence >= 0.85 && !clear.low_margin, "{clear:?}");
    let close = eval_set("eval.tsv")
        .iter()
        .filter_map(|c| router.route(&c.request, 3))
        .find(|r| r.low_margin && !r.alternatives.is_empty())
        .expect("a close call in the evaluation set");
    let text = render_text(&close, &model);
    assert!(text.contains("low margin") && text.contains("Low margin: "), "{text}");
    // the confidence rises with the margin
    let conf: Vec<f64> = [0.0, 0.15, 0.3, 0.5, 0.9].iter().map(|m| router.confidence(*m)).collect();
    assert!(conf.windows(2).all(|w| w[0] <= w[1]), "{conf:?}");
    // copy-editing's confusable skill is copywriting: flagged when it is second
    let r = route("edit the copy on our new homepage");
    if r.alternatives.first().map(|a| a.skill.as_str()) == Some("copywriting") {
        assert!(r.not_is_runner_up && r.not.as_deref() == Some("copywriting"), "{r:?}");
        assert!(render_text(&r, &model).contains("Not copywriting (the runner-up): "));
    }
    let r = route("write the ad copy and set the budget");
    assert_eq!(r.not_is_runner_up, r.alternatives.first().map(|a| Some(a.skill.clone())) == Some(r.not.clone()));
}
