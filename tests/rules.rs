//! The lint rules: the registry matches docs/rules.md, every rule's documented
//! examples are tests (the bad one triggers it, the fixed one does not),
//! rendered diagnostics and fixes are pinned by snapshots, and LANGUAGE.md
//! §9 yields exactly the diagnostics the spec lists.

mod common;

use common::*;
use mopsc::check::check_source;
use mopsc::diagnostic::Applicability;
use mopsc::rules::RULES;

/// The rule codes of the repository's generated rule reference
/// (docs/rules.md, held current by `docs_rules_md_is_current`).
fn docs_rule_codes() -> Vec<String> {
    let text = std::fs::read_to_string(manifest_dir().join("docs/rules.md")).expect("docs/rules.md");
    let rules_part = text.split("\n# Error codes").next().unwrap_or_default();
    let mut codes: Vec<String> = rules_part
        .lines()
        .filter_map(|l| l.strip_prefix("| ["))
        .filter_map(|l| l.split(']').next())
        .filter(|c| !c.starts_with('E') && !c.starts_with("CFG"))
        .map(str::to_string)
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

#[test]
fn registry_matches_the_rule_reference() {
    let mut ours: Vec<String> = RULES.iter().map(|r| r.code.to_string()).collect();
    ours.sort();
    let n = ours.len();
    ours.dedup();
    assert_eq!(n, ours.len(), "duplicate codes");
    assert_eq!(ours, docs_rule_codes());
    for r in RULES {
        let code_ok = r.code.len() == 6
            && r.code[..3].chars().all(|x| x.is_ascii_uppercase())
            && r.code[3..].chars().all(|x| x.is_ascii_digit());
        assert!(code_ok, "{}: codes are three letters and three digits", r.code);
        let kebab =
            r.name.split('-').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        assert!(kebab, "{} name {}", r.code, r.name);
        assert!(!r.why.is_empty() && !r.summary.is_empty());
    }
}

fn only(report: &mopsc::check::Report, code: &str) -> Vec<mopsc::diagnostic::Diagnostic> {
    report.diagnostics.iter().filter(|d| d.code == code).cloned().collect()
}

#[test]
fn every_rule_example_triggers_and_its_fixed_version_does_not() {
    // the documented examples are the fixtures `invalid.mops` and
    // `valid.mops` (`include_str!`); `rule_fixtures_trigger_exactly_where_they_say`
    // pins their diagnostics and fixes
    for r in RULES {
        let bad = check_source(&format!("{}.mops", r.code), r.bad, &opts());
        let errors: Vec<_> = bad.diagnostics.iter().filter(|d| d.code.starts_with('E')).collect();
        assert!(errors.is_empty(), "{}: the example has errors: {errors:?}", r.code);
        assert!(!only(&bad, r.code).is_empty(), "{}: the bad example does not trigger it", r.code);

        let good = check_source(&format!("{}.mops", r.code), r.good, &opts());
        assert!(good.diagnostics.iter().all(|d| !d.code.starts_with('E')), "{}: fixed example has errors", r.code);
        assert!(
            only(&good, r.code).is_empty(),
            "{}: the fixed example still triggers it: {:?}",
            r.code,
            only(&good, r.code)
        );
    }
}

/// The fixture folder of every rule: `tests/rules/<CODE>/`.
fn fixture_dir() -> std::path::PathBuf {
    manifest_dir().join("tests/rules")
}

/// A rule's fixtures in reading order: `invalid.mops`, the other
/// `invalid-*.mops`, `valid.mops`, the other `valid-*.mops`.
fn fixtures_of(code: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = entries(&fixture_dir().join(code))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "mops"))
        .map(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).expect("utf-8 name").to_string();
            let text = std::fs::read_to_string(&p).expect("read fixture");
            (name, text)
        })
        .collect();
    let key = |n: &str| (n.starts_with("valid"), !matches!(n, "invalid.mops" | "valid.mops"), n.to_string());
    files.sort_by_key(|(n, _)| key(n));
    for (n, _) in &files {
        let kind_ok = n.starts_with("invalid") || n.starts_with("valid");
        let shape_ok = matches!(n.as_str(), "invalid.mops" | "valid.mops")
            || n.strip_prefix("invalid-").or_else(|| n.strip_prefix("valid-")).is_some_and(|rest| rest.len() > 5);
        assert!(kind_ok && shape_ok, "{code}/{n}: a fixture is invalid[-what].mops or valid[-what].mops");
    }
    files
}

/// Each fixture of each rule: an `invalid*` file triggers the rule, a
/// `valid*` file does not, none has an error; a diagnostic has a fix only
/// if its rule declares one, with the declared applicability, and the fix
/// leaves a file without errors and without the diagnostics it fixed. One
/// snapshot a rule (next to its fixtures) shows each input, the rule's
/// rendered diagnostics and the diff its fixes make.
#[test]
fn rule_fixtures_trigger_exactly_where_they_say() {
    let mut folders: Vec<String> = entries(&fixture_dir())
        .into_iter()
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().and_then(|n| n.to_str()).expect("utf-8 name").to_string())
        .collect();
    folders.sort();
    let mut codes: Vec<String> = RULES.iter().map(|r| r.code.to_string()).collect();
    codes.sort();
    assert_eq!(folders, codes, "one folder under tests/rules/ for each rule of RULES");
    for r in RULES {
        let files = fixtures_of(r.code);
        let text_of = |n: &str| files.iter().find(|(f, _)| f == n).map(|(_, t)| t.as_str());
        assert_eq!(text_of("invalid.mops"), Some(r.bad), "{}: `bad` is its invalid.mops", r.code);
        assert_eq!(text_of("valid.mops"), Some(r.good), "{}: `good` is its valid.mops", r.code);
        let mut shown = String::new();
        for (name, text) in &files {
            let path = format!("{}/{name}", r.code);
            let report = check_source(&path, text, &opts());
            let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.code.starts_with('E')).collect();
            assert!(errors.is_empty(), "{path} has errors: {errors:?}");
            let hits = only(&report, r.code);
            shown.push_str(&format!("# {name}\n\n```mops\n{text}```\n\n"));
            if name.starts_with("valid") {
                assert!(hits.is_empty(), "{path} triggers {}:\n{}", r.code, human(&report));
                shown.push_str("No diagnostics.\n\n");
                continue;
            }
            assert!(!hits.is_empty(), "{path} does not trigger {}:\n{}", r.code, human(&report));
            let rendered = mopsc::render::human(&hits, &report.files, 1, false);
            shown.push_str(&format!("## Diagnostics\n\n```\n{rendered}```\n\n"));
            for d in &hits {
                if let Some(f) = &d.fix {
                    assert_eq!(Some(f.applicability), r.fix, "{path}: a fix {} does not declare", r.code);
                }
            }
            let fixes: Vec<_> = hits.iter().filter_map(|d| d.fix.as_ref()).collect();
            if name == "invalid.mops" && r.fix.is_some() {
                assert!(!fixes.is_empty(), "{} claims a fix but offers none on {path}", r.code);
            }
            if fixes.is_empty() {
                continue;
            }
            let (fixed, n) = mopsc::fix::apply(text, &fixes);
            assert!(n > 0, "{path}: no fix applies");
            let again = check_source(&path, &fixed, &opts());
            assert!(
                again.diagnostics.iter().all(|d| !d.code.starts_with('E')),
                "{path}: the fix breaks the file:\n{fixed}"
            );
            let left = only(&again, r.code).len();
            if name == "invalid.mops" {
                assert_eq!(left, 0, "{path}: still reported after the fix:\n{fixed}");
            }
            assert!(left + n <= hits.len(), "{path}: {left} of {} left after {n} fixes:\n{fixed}", hits.len());
            let applicability = if r.fix == Some(Applicability::Safe) { "safe" } else { "unsafe" };
            let diff = similar::TextDiff::from_lines(text.as_str(), &fixed)
                .unified_diff()
                .context_radius(3)
                .header(name, &format!("{name}, fixed"))
                .to_string();
            shown.push_str(&format!("## Fix ({applicability})\n\n```diff\n{diff}```\n\n"));
        }
        insta::with_settings!({
            snapshot_path => format!("rules/{}", r.code),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!("fixtures", shown.trim_end());
        });
    }
}

#[test]
fn section9_yields_exactly_the_spec_diagnostics() {
    let report = check("examples/section9");
    let got: Vec<(String, String, String)> = report
        .diagnostics
        .iter()
        .map(|d| {
            let name = report.files.get(d.file).name.rsplit('/').next().expect("name").to_string();
            let at = report.files.get(d.file).text()[d.span.start()..d.span.end()].to_string();
            (d.code.clone(), name, at)
        })
        .collect();
    let expect = |c: &str, f: &str, at: &str| (c.to_string(), f.to_string(), at.to_string());
    assert_eq!(
        got,
        vec![
            expect("DAT001", "context.mops", "context acme"),
            expect("STK006", "stack.mops", "tool salesforce: crm"),
            expect("STK006", "stack.mops", "tool salesforce: crm"),
            expect("STK010", "stack.mops", "tool webflow: cms"),
            expect("STK002", "stack.mops", "tool mutiny: other"),
        ]
    );
    assert!(report.diagnostics[1].message.contains("analytics") && report.diagnostics[2].message.contains("email"));
    assert_eq!(report.diagnostics[3].severity, mopsc::diagnostic::Severity::Info);
    assert_eq!(report.count(mopsc::diagnostic::Severity::Error), 0);
    insta::assert_snapshot!("section9_check", human(&report));
}

#[test]
fn team_examples_are_clean() {
    let report = check("examples");
    let outside: Vec<_> =
        report.diagnostics.iter().filter(|d| !report.files.get(d.file).name.contains("section9")).collect();
    assert!(outside.is_empty(), "{}", human(&report));
}

#[test]
fn docs_rules_md_is_current() {
    let path = manifest_dir().join("docs/rules.md");
    let want = mopsc::explain::rules_markdown();
    if std::env::var_os("MOPS_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).expect("write docs/rules.md");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(have == want, "docs/rules.md is stale: run `MOPS_UPDATE_DOCS=1 cargo test --test rules`");
}

#[test]
fn explain_covers_every_rule_and_error_code() {
    for r in RULES {
        let t = mopsc::explain::explain(r.code).expect("documented");
        assert!(t.contains(r.name) && t.contains("Example") && t.contains("Fixed"));
    }
    for e in mopsc::explain::ERROR_CODES {
        assert!(mopsc::explain::explain(e.code).is_ok());
    }
    let err = mopsc::explain::explain("STK02").expect_err("unknown");
    assert!(err.contains("STK002"), "{err}");
    insta::assert_snapshot!("explain_STK002", mopsc::explain::explain("STK002").expect("ok"));
    insta::assert_snapshot!("explain_E040", mopsc::explain::explain("E040").expect("ok"));
}

#[test]
fn suppressions_own_line_trailing_unused_and_unknown() {
    let src = "\
# mops: allow(STK001, STK010) agency-managed\ntool webflow: cms { }\n\
tool hubspot: marketing-automation { }  # mops: allow(STK010) free tier\n\
# mops: allow(STK005) nothing to suppress here\ntool ga4: analytics { owner = \"g@acme.io\" }\n\
# mops: allow(STK999, E021) typo and an error code\ntool mixpanel: analytics { owner = \"m@acme.io\" }\n";
    let report = check_source("sup.mops", src, &opts());
    let codes_at: Vec<(String, usize)> =
        report.diagnostics.iter().map(|d| (d.code.clone(), report.files.line_col(d.file, d.span.start()).0)).collect();
    // webflow: STK001 and STK010 suppressed; hubspot: STK010 suppressed, STK001 kept
    assert!(!codes_at.iter().any(|(c, l)| *l == 2 && (c == "STK001" || c == "STK010")), "{codes_at:?}");
    assert!(codes_at.contains(&("STK001".into(), 3)), "{codes_at:?}");
    assert!(!codes_at.contains(&("STK010".into(), 3)), "{codes_at:?}");
    assert!(codes_at.contains(&("SUP001".into(), 4)), "{codes_at:?}");
    assert_eq!(codes_at.iter().filter(|(c, _)| c == "SUP002").count(), 2, "{codes_at:?}");
    let sup001 = report.diagnostics.iter().find(|d| d.code == "SUP001").expect("SUP001");
    assert_eq!(sup001.fix.as_ref().map(|f| f.applicability), Some(Applicability::Safe));
    let (fixed, _) = mopsc::fix::apply(src, &[sup001.fix.as_ref().expect("fix")]);
    assert!(!fixed.contains("nothing to suppress"));
}

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

#[test]
fn config_select_ignore_severity_and_options() {
    let stack = "tool webflow: cms { owner = \"web@acme.io\"  adoption = 25% }\n";
    let toml = "[lint]\nselect = [\"STK\"]\nignore = [\"STK006\"]\n[lint.severity]\nSTK010 = \"error\"\n[lint.options]\nmin-adoption = \"20%\"\n";
    let dir = workspace(&[("mops.toml", toml), ("stack.mops", stack)]);
    let report = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("ok");
    let codes: Vec<(&str, &str)> = report.diagnostics.iter().map(|d| (d.code.as_str(), d.severity.as_str())).collect();
    assert_eq!(codes, vec![("STK002", "warning"), ("STK010", "error")]);
}

#[test]
fn config_unknown_keys_and_codes_point_into_the_toml() {
    let toml = "[lint]\nselct = [\"ALL\"]\nignore = [\"STK999\", \"E021\"]\n[lint.options]\nmin-adopt = \"20%\"\n[lint.severity]\nCMP003 = \"loud\"\n";
    let dir = workspace(&[
        ("mops.toml", toml),
        ("stack.mops", "tool a: crm { owner = \"x\"  cost = 1 USD/yr  reviewed = 2026-10-01 }\n"),
    ]);
    let report = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("ok");
    let in_toml: Vec<_> =
        report.diagnostics.iter().filter(|d| report.files.get(d.file).name.ends_with("mops.toml")).collect();
    let codes: Vec<&str> = in_toml.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec!["CFG001", "SUP002", "SUP002", "CFG001", "CFG001"], "{}", human(&report));
    insta::assert_snapshot!(
        "config_diagnostics",
        mopsc::render::human(&in_toml.into_iter().cloned().collect::<Vec<_>>(), &report.files, 1, false)
            .replace(&dir.path().display().to_string(), "<tmp>")
    );
}

#[test]
fn invalid_toml_is_a_usage_error() {
    let dir = workspace(&[("mops.toml", "[lint\n"), ("a.mops", "")]);
    let err = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect_err("bad toml");
    assert!(err.to_string().contains("invalid TOML"), "{err}");
}

#[test]
fn check_fix_writes_files_and_the_fixed_diagnostics_are_gone() {
    let src = "campaign launch: conversion-optimization {\n  start = 2026-03-02\n  given = [context]\n  utm { source = LinkedIn  medium = cpc  campaign = \"Spring Sale\" }\n  step levers: marketing-psychology { duration = 2d }\n}\n";
    let dir = workspace(&[("mops.toml", ""), ("c.mops", src)]);
    let file = dir.path().join("c.mops");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    }
    let out = mopsc::fix::fix_paths(&[dir.path().to_path_buf()], &opts(), false).expect("ok");
    let total: usize = out.fixed.values().sum();
    // UTM001 on `LinkedIn`, and one fix for `Spring Sale`: UTM001's and
    // UTM002's fixes there are the same edit (lowercase with hyphens).
    assert_eq!(total, 2, "one fix per value");
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(text.contains("source = linkedin") && text.contains("campaign = \"spring-sale\""), "{text}");
    assert!(out.report.diagnostics.iter().all(|d| d.code != "UTM001" && d.code != "UTM002"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777, 0o640);
    }
}

#[test]
fn workspace_include_and_exclude_filter_discovery() {
    let toml = "[workspace]\ninclude = [\"campaigns/**/*.mops\", \"*.mops\"]\nexclude = [\"campaigns/drafts/**\"]\n";
    let dir = workspace(&[
        ("mops.toml", toml),
        ("stack.mops", "tool salesforce: crm { owner = \"revops@acme.io\" }\n"),
        ("campaigns/q1/launch.mops", "tool hubspot: marketing-automation { owner = \"ops@acme.io\" }\n"),
        ("campaigns/drafts/wip.mops", "this is not finished {\n"),
        ("notes/scratch.mops", "nor is this\n"),
    ]);
    let report = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("ok");
    let names: Vec<String> = report.analyses[0]
        .set
        .files
        .iter()
        .map(|f| report.files.get(f.id).name.rsplit('/').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(names, vec!["launch.mops", "stack.mops"]);
    assert!(report.diagnostics.iter().all(|d| d.code != "E001"));
    // a file named on the command line is checked whatever the filters say
    let report = mopsc::check::check_paths(&[dir.path().join("campaigns/drafts/wip.mops")], &opts()).expect("ok");
    assert!(report.diagnostics.iter().any(|d| d.code == "E001"));
}

#[test]
fn nam001_covers_datasets_like_every_other_top_level_kind() {
    let bad = check_source("d.mops", "dataset Crm_Leads: leads {\n  table = \"crm.leads\"\n  key   = id\n}\n", &opts());
    assert_eq!(only(&bad, "NAM001").len(), 1, "{:?}", bad.diagnostics);
    let good =
        check_source("d.mops", "dataset crm-leads: leads {\n  table = \"crm.leads\"\n  key   = id\n}\n", &opts());
    assert!(only(&good, "NAM001").is_empty());
}
