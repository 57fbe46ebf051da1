//! `check --baseline` and `--write-baseline`: findings matched by code,
//! file, declaration and message, never by line.

use std::path::Path;

use assert_cmd::Command;

const STACK: &str = "tool salesforce: crm {\n  owner = \"revops@acme.io\"\n}\n\ntool hubspot: marketing-automation {\n  integrates = [salesforce]\n}\n";

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("mops.toml"), "[lint]\nselect = [\"ALL\"]\n").unwrap();
    std::fs::write(dir.path().join("stack.mops"), STACK).unwrap();
    dir
}

fn check(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("mopsc")
        .expect("binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["check", "--today", "2026-11-24", "--format", "short"])
        .args(extra)
        .output()
        .expect("run mopsc");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn lines_with(out: &str, code: &str) -> usize {
    out.lines().filter(|l| l.contains(&format!("[{code}]"))).count()
}

#[test]
fn a_baseline_hides_old_findings_and_reports_new_and_gone_ones() {
    let dir = workspace();
    let (code, before, _) = check(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(lines_with(&before, "STK001"), 1, "{before}");

    // Written: nothing to report, the file lists every finding.
    let (code, out, err) = check(dir.path(), &["--write-baseline", "mops-baseline.json"]);
    assert_eq!(code, 0);
    assert!(!out.contains("warning["), "{out}");
    assert!(err.contains("wrote 6 findings to the baseline"), "{err}");
    let text = std::fs::read_to_string(dir.path().join("mops-baseline.json")).unwrap();
    insta::assert_snapshot!("baseline_file", text);

    // An unrelated edit moves every line: nothing comes back.
    let moved = format!("# The stack, owned by revops.\n\n{STACK}");
    std::fs::write(dir.path().join("stack.mops"), &moved).unwrap();
    let (code, out, err) = check(dir.path(), &["--baseline", "mops-baseline.json"]);
    assert_eq!(code, 0);
    assert!(out.lines().all(|l| !l.contains('[')), "{out}");
    assert!(err.contains("6 findings hidden by the baseline"), "{err}");

    // A new finding is reported; a fixed one is counted as gone.
    let changed = moved
        .replace("  integrates = [salesforce]\n", "  integrates = [salesforce]\n  owner = \"ops@acme.io\"\n")
        + "\ntool linkedin-ads: ads {\n  owner = \"paid@acme.io\"\n}\n";
    std::fs::write(dir.path().join("stack.mops"), &changed).unwrap();
    let (code, out, err) = check(dir.path(), &["--baseline", "mops-baseline.json"]);
    assert_eq!(code, 0);
    assert_eq!(lines_with(&out, "STK002"), 1, "{out}");
    assert!(out.contains("`linkedin-ads`"), "{out}");
    assert_eq!(lines_with(&out, "STK001"), 0, "{out}");
    assert!(err.contains("1 baselined finding no longer occurs"), "{err}");
    // --deny warnings fails on the new finding only.
    let (code, _, _) = check(dir.path(), &["--baseline", "mops-baseline.json", "--deny", "warnings"]);
    assert_eq!(code, 1);

    // Rewriting drops the fixed finding and takes the new ones.
    let (_, _, err) = check(dir.path(), &["--write-baseline", "mops-baseline.json"]);
    assert!(err.contains("wrote 7 findings"), "{err}");
    let text = std::fs::read_to_string(dir.path().join("mops-baseline.json")).unwrap();
    assert!(!text.contains("`hubspot` has no owner"), "{text}");
    let (code, out, err) = check(dir.path(), &["--baseline", "mops-baseline.json", "--deny", "warnings"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("no longer occur"), "{err}");
}

#[test]
fn errors_are_never_baselined() {
    let dir = workspace();
    std::fs::write(dir.path().join("bad.mops"), "tool x: crmm {\n  owner = \"a@b.io\"\n}\n").unwrap();
    let (code, out, _) = check(dir.path(), &["--write-baseline", "b.json"]);
    assert_eq!(code, 1);
    assert_eq!(lines_with(&out, "E015"), 1, "{out}");
    let text = std::fs::read_to_string(dir.path().join("b.json")).unwrap();
    assert!(!text.contains("E015"), "{text}");
    let (code, out, _) = check(dir.path(), &["--baseline", "b.json"]);
    assert_eq!(code, 1);
    assert_eq!(lines_with(&out, "E015"), 1, "{out}");
}

#[test]
fn a_bad_baseline_file_is_a_usage_error() {
    let dir = workspace();
    std::fs::write(dir.path().join("b.json"), "{ not json").unwrap();
    let (code, _, err) = check(dir.path(), &["--baseline", "b.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a mopsc baseline"), "{err}");
    let (code, _, err) = check(dir.path(), &["--baseline", "missing.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.json"), "{err}");
    std::fs::write(dir.path().join("v9.json"), "{\"baseline_version\": 9, \"findings\": []}").unwrap();
    let (code, _, err) = check(dir.path(), &["--baseline", "v9.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("version 9 is not supported"), "{err}");
}

#[test]
fn findings_inside_a_step_name_the_step() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("launch.mops"),
        "campaign launch: lead-generation {\n  start = 2026-03-02\n  given = [context]\n\n  step page: landing-page-generator { duration = 3d }\n  step copy: ad-creative { duration = 2d }\n  step ads: paid-ads {\n    duration = 14d\n    utm { source = Google  medium = cpc }\n  }\n  step measure: campaign-analytics { duration = 1d }\n}\n",
    )
    .unwrap();
    check(dir.path(), &["--write-baseline", "b.json"]);
    let text = std::fs::read_to_string(dir.path().join("b.json")).unwrap();
    assert!(text.contains("\"declaration\": \"campaign launch / step ads\""), "{text}");
    assert!(text.contains("\"file\": \"launch.mops\""), "{text}");
}
