//! `mopsc check` outputs for CI (CLI.md "check outputs"): every format on a
//! fixture with errors, warnings, infos, fixes, labels in another file, a
//! multi-line span and non-ASCII text; GitHub escaping; exit codes; colours;
//! `-q`; discovery that respects `.gitignore`; deterministic order.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::*;
use mopsc::render::github;
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/outputs";

fn mopsc() -> Command {
    let mut c = Command::cargo_bin("mopsc").expect("binary");
    c.current_dir(manifest_dir()).env("MOPS_TODAY", "2026-11-24").env_remove("NO_COLOR");
    c
}

/// Run `mopsc ARGS` from the crate root: (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    run_with(mopsc(), args)
}

fn run_with(mut cmd: Command, args: &[&str]) -> (i32, String, String) {
    let out = cmd.args(args).output().expect("run mopsc");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf8 stdout"),
        String::from_utf8(out.stderr).expect("utf8 stderr"),
    )
}

fn check_fixture(format: &str) -> String {
    let (code, out, err) = run(&["check", "--format", format, FIXTURE]);
    assert_eq!(code, 1, "the fixture has errors: {err}");
    out
}

fn sarif_fixture() -> Value {
    serde_json::from_str(&check_fixture("sarif")).expect("sarif is json")
}

// ---------------------------------------------------------------- snapshots

#[test]
fn short_snapshot() {
    insta::assert_snapshot!(check_fixture("short"));
}

#[test]
fn json_snapshot() {
    let v: Value = serde_json::from_str(&check_fixture("json")).expect("json");
    assert_eq!(v["version"], 1);
    insta::assert_json_snapshot!(v);
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!(check_fixture("github"));
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!(check_fixture("junit"));
}

/// The results in full; the driver's rules by id only (their documentation
/// is pinned by `sarif_rule_descriptor_snapshot` and the registry tests).
#[test]
fn sarif_snapshot() {
    let mut v = sarif_fixture();
    let ids: Vec<Value> =
        v["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules").iter().map(|r| r["id"].clone()).collect();
    v["runs"][0]["tool"]["driver"]["rules"] = Value::Array(ids);
    v["runs"][0]["tool"]["driver"]["version"] = Value::from("[version]");
    v["runs"][0]["tool"]["driver"]["semanticVersion"] = Value::from("[version]");
    insta::assert_json_snapshot!(v);
}

#[test]
fn sarif_rule_descriptor_snapshot() {
    let v = sarif_fixture();
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    let stk002 = rules.iter().find(|r| r["id"] == "STK002").expect("STK002");
    let e040 = rules.iter().find(|r| r["id"] == "E040").expect("E040");
    insta::assert_json_snapshot!(serde_json::json!([stk002, e040]));
}

// ---------------------------------------------------------------- SARIF

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(manifest_dir().join("tests/fixtures/sarif-2.1.0.schema.json")).expect("schema"),
    )
    .expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    for path in [FIXTURE, "examples", "examples/section9", "tests/fixtures/errors"] {
        let (code, out, err) = run(&["check", "--format", "sarif", path]);
        assert!(code == 0 || code == 1, "{path}: exit {code}: {err}");
        let v: Value = serde_json::from_str(&out).expect("json");
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
    }
}

#[test]
fn sarif_driver_lists_every_rule_and_error_code() {
    let v = sarif_fixture();
    assert_eq!(v["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"].as_array().expect("runs").len(), 1);
    let driver = &v["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "mopsc");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"].as_str().is_some_and(|u| u.starts_with("https://")));
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().expect("id")).collect();
    let expected: Vec<&str> = mopsc::rules::RULES
        .iter()
        .map(|r| r.code)
        .chain(mopsc::explain::ERROR_CODES.iter().map(|e| e.code))
        .chain(mopsc::data::quality::RULES.iter().map(|r| r.code))
        .collect();
    assert_eq!(ids, expected);
    for (r, rule) in rules.iter().zip(mopsc::rules::RULES) {
        assert_eq!(r["name"], rule.name);
        assert_eq!(r["shortDescription"]["text"], rule.summary);
        assert!(r["fullDescription"]["text"].as_str().is_some_and(|t| t.contains(rule.why)));
        assert_eq!(r["help"]["text"], mopsc::explain::explain(rule.code).expect("explain"));
        assert!(r["help"]["markdown"].as_str().is_some_and(|t| t.contains(rule.bad)));
        assert_eq!(
            r["helpUri"],
            format!("https://github.com/mopsc/mopsc/blob/main/docs/rules.md#{}", rule.code.to_lowercase())
        );
        let level = match rule.severity {
            mopsc::diagnostic::Severity::Error => "error",
            mopsc::diagnostic::Severity::Warning => "warning",
            mopsc::diagnostic::Severity::Info => "note",
        };
        assert_eq!(r["defaultConfiguration"]["level"], level, "{}", rule.code);
    }
    let errors_end = mopsc::rules::RULES.len() + mopsc::explain::ERROR_CODES.len();
    for r in &rules[errors_end..] {
        // the data rules (`check --data`)
        assert_eq!(r["defaultConfiguration"]["level"], "warning");
        assert_eq!(r["help"]["text"], mopsc::explain::explain(r["id"].as_str().expect("id")).expect("explain"));
    }
    for r in &rules[mopsc::rules::RULES.len()..errors_end] {
        assert_eq!(r["defaultConfiguration"]["level"], "error");
        assert_eq!(r["help"]["text"], mopsc::explain::explain(r["id"].as_str().expect("id")).expect("explain"));
    }
}

#[test]
fn sarif_results_point_at_their_rules_and_locations() {
    let v = sarif_fixture();
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    let report = check(FIXTURE);
    assert_eq!(results.len(), report.diagnostics.len());
    for (r, d) in results.iter().zip(&report.diagnostics) {
        let i = r["ruleIndex"].as_u64().expect("every code has a rule") as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert_eq!(r["ruleId"], d.code.as_str());
        let loc = &r["locations"][0]["physicalLocation"];
        let f = report.files.get(d.file);
        assert_eq!(loc["artifactLocation"]["uri"], f.name.as_str());
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let (line, col) = report.files.line_col(d.file, d.span.start());
        let (end_line, end_col) = report.files.line_col(d.file, d.span.end());
        let region = &loc["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(line as u64), Some(col as u64))
        );
        assert_eq!(
            (region["endLine"].as_u64(), region["endColumn"].as_u64()),
            (Some(end_line as u64), Some(end_col as u64))
        );
        // offsets in code points: the text before the span, counted in chars
        let before = f.text()[..d.span.start()].chars().count() as u64;
        let len = f.text()[d.span.start()..d.span.end()].chars().count() as u64;
        assert_eq!((region["charOffset"].as_u64(), region["charLength"].as_u64()), (Some(before), Some(len)));
    }
    // non-ASCII text before a finding: code points differ from bytes
    let nam = results.iter().find(|r| r["ruleId"] == "NAM001").expect("NAM001");
    let d = report.diagnostics.iter().find(|d| d.code == "NAM001").expect("NAM001");
    assert!(nam["locations"][0]["physicalLocation"]["region"]["charOffset"].as_u64() < Some(d.span.start() as u64));
}

#[test]
fn sarif_related_locations_and_fixes() {
    let v = sarif_fixture();
    let results = v["runs"][0]["results"].as_array().expect("results");
    // E020: the first declaration is in another file
    let e020 = results.iter().find(|r| r["ruleId"] == "E020").expect("E020");
    let related = e020["relatedLocations"].as_array().expect("related");
    assert!(related.iter().any(|l| {
        l["physicalLocation"]["artifactLocation"]["uri"] == "tests/fixtures/outputs/stack.mops"
            && l["message"]["text"] == "first declared here"
    }));
    // UTM001: a safe fix replacing `LinkedIn` with `linkedin`
    let utm = results.iter().find(|r| r["ruleId"] == "UTM001").expect("UTM001");
    let fix = &utm["fixes"][0];
    let change = &fix["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "tests/fixtures/outputs/launch.mops");
    let rep = &change["replacements"][0];
    assert_eq!(rep["insertedContent"]["text"], "linkedin");
    let text = std::fs::read_to_string(manifest_dir().join(FIXTURE).join("launch.mops")).expect("read");
    let off = rep["deletedRegion"]["charOffset"].as_u64().expect("offset") as usize;
    let len = rep["deletedRegion"]["charLength"].as_u64().expect("length") as usize;
    assert_eq!(text.chars().skip(off).take(len).collect::<String>(), "LinkedIn");
    assert_eq!(utm["properties"]["fixApplicability"], "safe");
    // a result without a fix has no `fixes`
    let e021 = results.iter().find(|r| r["ruleId"] == "E021").expect("E021");
    assert!(e021.get("fixes").is_none());
}

#[test]
fn sarif_levels_follow_severities() {
    let v = sarif_fixture();
    let results = v["runs"][0]["results"].as_array().expect("results");
    let level = |code: &str| results.iter().find(|r| r["ruleId"] == code).map(|r| r["level"].clone());
    assert_eq!(level("E013"), Some("error".into()));
    assert_eq!(level("STK005"), Some("warning".into()));
    assert_eq!(level("SUP001"), Some("note".into()));
}

// ---------------------------------------------------------------- GitHub

#[test]
fn github_data_escaping() {
    assert_eq!(github::escape_data("100%"), "100%25");
    assert_eq!(github::escape_data("a\rb"), "a%0Db");
    assert_eq!(github::escape_data("a\nb"), "a%0Ab");
    assert_eq!(github::escape_data("%0A"), "%250A", "an escape in the text is not an escape");
    assert_eq!(github::escape_data("a: b, c"), "a: b, c", "`:` and `,` are escaped only in properties");
}

#[test]
fn github_property_escaping() {
    assert_eq!(github::escape_property("a:b"), "a%3Ab");
    assert_eq!(github::escape_property("a,b"), "a%2Cb");
    assert_eq!(github::escape_property("50%\r\n"), "50%25%0D%0A");
    assert_eq!(github::escape_property("dir/ok-name_1.mops"), "dir/ok-name_1.mops");
}

#[test]
fn github_columns_only_for_one_line_spans() {
    assert_eq!(github::position((3, 5), (3, 9)), "line=3,col=5,endLine=3,endColumn=9");
    assert_eq!(github::position((3, 5), (3, 5)), "line=3,col=5,endLine=3,endColumn=5");
    assert_eq!(github::position((3, 5), (6, 2)), "line=3,endLine=6");
    // in the fixture: E013's list spans lines 20-23 of stack.mops
    let out = check_fixture("github");
    let e013 = out.lines().find(|l| l.contains("title=E013")).expect("E013");
    assert!(
        e013.starts_with("::error file=tests/fixtures/outputs/stack.mops,line=20,endLine=23,title=E013::"),
        "{e013}"
    );
    let e021 = out.lines().find(|l| l.contains("title=E021")).expect("E021");
    assert!(e021.contains(",line=12,col=61,endLine=12,endColumn=71,"), "{e021}");
    // one command per diagnostic, escaped: no raw line break inside a command
    let commands: Vec<&str> = out.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), check(FIXTURE).diagnostics.len());
    let stk005 = commands.iter().find(|l| l.contains("title=STK005")).expect("STK005");
    assert!(stk005.contains("only 12%25 of the intended users"), "{stk005}");
    assert!(
        commands.iter().any(|l| l.starts_with("::notice ")) && commands.iter().any(|l| l.starts_with("::warning "))
    );
}

// ---------------------------------------------------------------- JUnit

#[test]
fn junit_is_well_formed_with_a_suite_per_file_and_a_failure_per_error() {
    let xml = check_fixture("junit");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    let names: Vec<&str> = suites.iter().map(|s| s.attribute("name").expect("name")).collect();
    assert_eq!(names, ["tests/fixtures/outputs/launch.mops", "tests/fixtures/outputs/stack.mops"]);
    let report = check(FIXTURE);
    for s in &suites {
        let cases: Vec<_> = s.children().filter(|n| n.has_tag_name("testcase")).collect();
        assert_eq!(cases.len(), 1);
        let name = s.attribute("name").expect("name");
        let failures = cases[0].children().filter(|n| n.has_tag_name("failure")).count();
        let errors = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == mopsc::diagnostic::Severity::Error && report.files.get(d.file).name == name)
            .count();
        assert_eq!(failures, errors, "{name}");
        assert!(errors > 0);
        assert_eq!(s.attribute("failures"), Some("1"));
        let out =
            cases[0].children().find(|n| n.has_tag_name("system-out")).and_then(|n| n.text()).expect("system-out");
        assert!(out.contains("warning["), "{out}");
    }
    assert_eq!(root.attribute("tests"), Some("2"));
    // a clean workspace: passing test cases, no failure
    let (code, xml, _) = run(&["check", "--format", "junit", "examples"]);
    assert_eq!(code, 0);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("failure")).count(), 0);
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("testcase")).count(), check("examples").file_count());
}

// ---------------------------------------------------------------- exit codes

#[test]
fn deny_warnings_fails_on_warnings_only() {
    // section9: warnings and an info, no error
    let (code, _, _) = run(&["check", "examples/section9"]);
    assert_eq!(code, 0);
    let (code, _, _) = run(&["check", "--deny", "warnings", "examples/section9"]);
    assert_eq!(code, 1);
    for format in ["short", "json", "sarif", "github", "junit"] {
        let (code, _, _) = run(&["check", "--format", format, "--deny", "warnings", "examples/section9"]);
        assert_eq!(code, 1, "{format}");
        let (code, _, _) = run(&["check", "--format", format, "examples/section9"]);
        assert_eq!(code, 0, "{format}");
    }
    // a clean workspace (examples/ without section9) passes even with --deny warnings
    let mut clean: Vec<String> = std::fs::read_dir(manifest_dir().join("examples"))
        .expect("examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "mops"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    clean.sort();
    let mut args = vec!["check", "--deny", "warnings"];
    args.extend(clean.iter().map(String::as_str));
    let (code, out, _) = run(&args);
    assert_eq!(code, 0, "{out}");
    // errors are 1 with or without it
    let (code, _, _) = run(&["check", FIXTURE]);
    assert_eq!(code, 1);
}

#[test]
fn usage_errors_exit_two() {
    for args in [
        &["check", "--format", "xml", "examples"][..],
        &["check", "--deny", "infos", "examples"],
        &["check", "--color", "sometimes", "examples"],
        &["check", "--unsafe-fixes", "examples"],
        &["check", "--no-such-flag"],
        &["check", "no/such/path"],
        &["check", "--config", "no/such/mops.toml", "examples"],
        &["check", "--today", "2026-13-01", "examples"],
        &["no-such-command"],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(!err.is_empty(), "{args:?}: a usage error says what is wrong");
    }
}

// ---------------------------------------------------------------- colours and -q

fn has_ansi(s: &str) -> bool {
    s.contains("\x1b[")
}

#[test]
fn colour_follows_color_and_no_color() {
    let (_, out, _) = run(&["check", "--color", "always", "examples/section9"]);
    assert!(has_ansi(&out), "--color always colours:\n{out}");
    let (_, out, _) = run(&["check", "--color", "never", "examples/section9"]);
    assert!(!has_ansi(&out), "--color never:\n{out}");
    let mut cmd = mopsc();
    cmd.env("NO_COLOR", "1");
    let (_, out, _) = run_with(cmd, &["check", "--color", "auto", "examples/section9"]);
    assert!(!has_ansi(&out), "NO_COLOR:\n{out}");
    // the default is auto; stdout is not a terminal here
    let (_, out, _) = run(&["check", "examples/section9"]);
    assert!(!has_ansi(&out), "not a terminal:\n{out}");
    // machine formats never carry colour
    for format in ["short", "json", "sarif", "github", "junit"] {
        let (_, out, _) = run(&["check", "--color", "always", "--format", format, FIXTURE]);
        assert!(!has_ansi(&out), "{format}");
    }
}

#[test]
fn quiet_omits_the_summary() {
    let summary = "0 errors, 4 warnings, 1 info in 3 files";
    let (_, out, _) = run(&["check", "examples/section9"]);
    assert!(out.contains(summary), "{out}");
    assert!(out.contains("STK002"));
    let (_, out, _) = run(&["check", "-q", "examples/section9"]);
    assert!(!out.contains(summary), "{out}");
    assert!(out.contains("STK002"), "-q keeps the diagnostics: {out}");
    let (_, out, _) = run(&["check", "--quiet", "--format", "github", "examples/section9"]);
    assert!(!out.contains(summary) && out.contains("title=STK002"), "{out}");
    let (_, out, _) = run(&["check", "--format", "github", "examples/section9"]);
    assert!(out.contains(summary), "{out}");
}

// ---------------------------------------------------------------- discovery and order

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

#[test]
fn gitignored_and_excluded_files_are_not_checked() {
    let dir = tempfile::tempdir().expect("tmp");
    let ws = dir.path();
    write(ws, "mops.toml", "[workspace]\nexclude = [\"drafts/**\"]\n");
    write(ws, ".gitignore", "scratch.mops\ngenerated/\n");
    let good = "tool salesforce: crm { owner = \"revops@acme.io\" }\n";
    let broken = "tool { this is not mops\n";
    write(ws, "stack.mops", good);
    write(ws, "scratch.mops", broken);
    write(ws, "generated/out.mops", broken);
    write(ws, "drafts/idea.mops", broken);
    let (code, out, err) = run(&["check", "--format", "short", ws.to_str().expect("utf8 path")]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("stack.mops"), "the kept file is checked: {out}");
    for ignored in ["scratch.mops", "generated", "drafts"] {
        assert!(!out.contains(ignored), "{ignored} was checked: {out}");
    }
    let (_, out, _) = run(&["check", "--format", "json", ws.to_str().expect("utf8 path")]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["summary"]["files"], 1);
    // named on the command line, an ignored file is checked
    let (code, out, _) = run(&["check", "--format", "short", ws.join("scratch.mops").to_str().expect("utf8")]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[E001]"), "{out}");
}

#[test]
fn output_is_deterministic() {
    let args = ["check", "--format", "sarif", "examples", FIXTURE, "tests/fixtures/errors"];
    let (_, first, _) = run(&args);
    let (_, second, _) = run(&args);
    assert!(first == second, "two runs differ");
    // one thread or several: the same bytes
    let mut one = mopsc();
    one.env("RAYON_NUM_THREADS", "1");
    let (_, single, _) = run_with(one, &args);
    assert!(first == single, "thread count changes the output");
    for format in ["short", "github", "junit", "json"] {
        let a = run(&["check", "--format", format, "examples", FIXTURE]).1;
        let b = run(&["check", "--format", format, "examples", FIXTURE]).1;
        assert!(a == b && !a.is_empty(), "{format}");
    }
}
