//! `mopsc plan --diff BASE`: against a git revision of a repository built
//! here (the base read from git's objects, the working tree untouched) and
//! against a plan JSON written earlier. The pull-request comment is pinned
//! for a changed schedule, a new campaign, a removed step and changed links.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::*;

fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A repository whose one commit holds the §9 workspace under `ws/`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("ws");
    std::fs::create_dir_all(&ws).expect("mkdir");
    for f in entries(&manifest_dir().join("examples/section9")) {
        std::fs::copy(&f, ws.join(f.file_name().expect("name"))).expect("copy");
    }
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    dir
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let p = dir.join("ws").join(file);
    let text = std::fs::read_to_string(&p).expect("read");
    assert!(text.contains(from), "{from:?} in {file}");
    std::fs::write(&p, text.replacen(from, to, 1)).expect("write");
}

fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("mopsc")
        .expect("binary")
        .current_dir(dir)
        .args(["plan", "ws", "--today", "2026-11-24"])
        .args(args)
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn diff_md(dir: &Path) -> String {
    let (out, err, code) = run(dir, &["--diff", "HEAD", "--exit-code"]);
    assert_eq!(code, 1, "changes exit 1 with --exit-code: {err}");
    out
}

#[test]
fn no_change_exits_0_and_says_so() {
    let dir = repo();
    let (out, err, code) = run(dir.path(), &["--diff", "HEAD", "--exit-code"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "## mopsc plan: changes against `HEAD`\n\nNo changes to the run plans (1 campaign unchanged).\n");
    let (json, _, _) = run(dir.path(), &["--diff", "HEAD", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["plan_diff_version"], 1);
    assert_eq!(v["changed"], false);
    assert_eq!(v["campaigns"], serde_json::json!([]));
}

#[test]
fn a_changed_schedule_shows_what_moved_and_by_how_many_days() {
    let dir = repo();
    // copy takes 3 days longer: everything after it moves, the campaign ends later
    edit(
        dir.path(),
        "launch.mops",
        "step copy: copywriting { duration = 4d }",
        "step copy: copywriting { duration = 7d }",
    );
    // and social outgrows ads: it joins the critical path, ads leaves it
    edit(dir.path(), "launch.mops", "after = [copy]  duration = 21d", "after = [copy]  duration = 25d");
    let md = diff_md(dir.path());
    assert!(md.contains("ends 2026-04-07 → 2026-04-11 (+4 days)"), "{md}");
    assert!(md.contains("joined the critical path") && md.contains("left the critical path"), "{md}");
    insta::assert_snapshot!("diff_changed_schedule_md", md);
    let (json, _, code) = run(dir.path(), &["--diff", "HEAD", "--format", "json"]);
    assert_eq!(code, 0, "without --exit-code a diff exits 0");
    insta::assert_snapshot!("diff_changed_schedule_json", json);
    // the working tree was not touched: the edit is still there, and git sees it
    let text = std::fs::read_to_string(dir.path().join("ws/launch.mops")).expect("read");
    assert!(text.contains("duration = 7d }"));
}

#[test]
fn a_new_campaign_is_added_with_its_dates_and_budget() {
    let dir = repo();
    std::fs::write(
        dir.path().join("ws/webinar.mops"),
        r#"import "context.mops"

campaign spring-leads: lead-generation {
  context = acme
  owner   = "lee@acme.io"
  budget  = 12000 USD
  start   = 2026-04-13
  url     = "https://acme.io/demo"
  goals { mql = 60 }
  utm { source = linkedin  medium = cpc  campaign = "spring-leads" }

  step brief: marketing-context { duration = 1d }
  step page: landing-page-generator { duration = 3d }
  step ad-copy: ad-creative { duration = 2d }
  step ads: paid-ads { after = [page, ad-copy]  duration = 30d  budget = 9000 USD  channel = linkedin }
  step outreach: cold-email { after = [page]  duration = 10d }
  step measure: campaign-analytics { after = [ads, outreach]  duration = 1d }
}
"#,
    )
    .expect("write");
    let check = Command::cargo_bin("mopsc")
        .expect("binary")
        .current_dir(dir.path())
        .args(["check", "ws", "--today", "2026-11-24", "--format", "short"])
        .output()
        .expect("runs");
    let findings = String::from_utf8_lossy(&check.stdout).into_owned();
    assert!(!findings.contains("error["), "the new campaign plans: {findings}");
    let md = diff_md(dir.path());
    assert!(md.contains("| spring-leads | added |"), "{md}");
    assert!(md.contains("budget 40,000 USD → 52,000 USD"), "the roll-up: {md}");
    insta::assert_snapshot!("diff_new_campaign_md", md);
}

#[test]
fn a_removed_step_is_listed_and_its_link_drift_flagged() {
    let dir = repo();
    edit(dir.path(), "launch.mops", "  step outreach: cold-email { after = [page]  duration = 14d }\n", "");
    edit(dir.path(), "launch.mops", "after = [ads, social, outreach]", "after = [ads, social]");
    let md = diff_md(dir.path());
    assert!(md.contains("| outreach | removed |"), "{md}");
    assert!(md.contains("Link drift breaks attribution"), "outreach's link went away: {md}");
    insta::assert_snapshot!("diff_removed_step_md", md);
}

#[test]
fn changed_links_say_that_link_drift_breaks_attribution() {
    let dir = repo();
    edit(dir.path(), "launch.mops", "campaign = \"insights-launch-q1\"", "campaign = \"insights-q1\"");
    let md = diff_md(dir.path());
    assert!(md.contains("Link drift breaks attribution"), "{md}");
    assert!(md.contains("utm_campaign=insights-launch-q1") && md.contains("utm_campaign=insights-q1"), "{md}");
    insta::assert_snapshot!("diff_changed_links_md", md);
}

#[test]
fn switching_to_working_days_shows_the_calendar_and_the_moves() {
    let dir = repo();
    edit(
        dir.path(),
        "launch.mops",
        "  end      = 2026-04-30\n",
        "  end      = 2026-04-30\n  calendar = working-days\n",
    );
    let md = diff_md(dir.path());
    assert!(md.contains("- calendar calendar-days → working-days"), "{md}");
    // 37 days of work from Monday 2026-03-02 end on Tuesday 2026-04-21
    assert!(md.contains("ends 2026-04-07 → 2026-04-21 (+14 days)"), "{md}");
}

#[test]
fn a_revision_before_the_workspace_existed_adds_everything() {
    let dir = repo();
    std::fs::write(dir.path().join("README"), "x").expect("write");
    git(dir.path(), &["add", "README"]);
    git(dir.path(), &["commit", "-q", "-m", "readme"]);
    // an older repository without ws/: a new root commit on an orphan branch
    git(dir.path(), &["checkout", "-q", "--orphan", "empty"]);
    git(dir.path(), &["rm", "-q", "-r", "--cached", "ws"]);
    git(dir.path(), &["commit", "-q", "-m", "empty"]);
    let (out, err, code) = run(dir.path(), &["--diff", "empty", "--format", "json", "--exit-code"]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["summary"]["campaigns_added"], 1);
    assert_eq!(v["campaigns"][0]["status"], "added");
}

#[test]
fn a_plan_json_written_earlier_is_a_base_too() {
    let dir = repo();
    let saved = dir.path().join("before.json");
    let (_, err, code) = run(dir.path(), &["--format", "json", "-o", saved.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{err}");
    edit(dir.path(), "launch.mops", "budget   = 25000 USD", "budget   = 30000 USD");
    let (out, err, code) = run(dir.path(), &["--diff", "before.json", "--exit-code"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("| ads | budget 25,000 USD → 30,000 USD |"), "{out}");
    assert!(out.contains("budget unallocated 15,000 USD → 10,000 USD"), "{out}");
    assert!(out.contains("spend in 2026-03"), "the spend by month moved: {out}");
}

#[test]
fn bad_bases_are_usage_errors_even_with_exit_code() {
    let dir = repo();
    let (_, err, code) = run(dir.path(), &["--diff", "no-such-rev", "--exit-code"]);
    assert_eq!(code, 2);
    assert!(err.contains("`no-such-rev` is neither a plan JSON file nor a revision"), "{err}");
    std::fs::write(dir.path().join("junk.json"), "{\"x\": 1}").expect("write");
    let (_, err, code) = run(dir.path(), &["--diff", "junk.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("no `plan_version`"), "{err}");
    let (_, err, code) = run(dir.path(), &["--diff", "HEAD", "--format", "csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("--diff writes md or json"), "{err}");
    // a base with errors cannot be planned
    edit(dir.path(), "launch.mops", "budget   = 25000 USD", "budget   = 50000 USD");
    git(dir.path(), &["commit", "-q", "-a", "-m", "broken"]);
    git(dir.path(), &["checkout", "-q", "HEAD~1", "--", "ws"]);
    let (_, err, code) = run(dir.path(), &["--diff", "HEAD", "--exit-code"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the workspace at HEAD cannot be planned"), "{err}");
}

#[test]
fn outside_a_repository_a_revision_is_refused_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("ws");
    std::fs::create_dir_all(&ws).expect("mkdir");
    for f in entries(&manifest_dir().join("examples/section9")) {
        std::fs::copy(&f, ws.join(f.file_name().expect("name"))).expect("copy");
    }
    let out = Command::cargo_bin("mopsc")
        .expect("binary")
        .current_dir(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().expect("parent"))
        .args(["plan", "ws", "--today", "2026-11-24", "--diff", "main"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not in a git repository"), "{err}");
}
