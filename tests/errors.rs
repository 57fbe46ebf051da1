//! Every E-code of the language core: a fixture under tests/fixtures/errors
//! named after the code it must trigger, its rendered diagnostics pinned by an
//! insta snapshot; and the bundled examples, which trigger none.

mod common;

use common::*;

#[test]
fn each_error_fixture_triggers_its_code() {
    let dir = manifest_dir().join("tests/fixtures/errors");
    for path in entries(&dir) {
        let name = path.file_stem().expect("name").to_string_lossy().into_owned();
        let code = &name[..4];
        let rel = path.strip_prefix(manifest_dir()).expect("inside").to_string_lossy().into_owned();
        let report = check(&rel);
        assert!(codes(&report).iter().any(|c| c == code), "{name}: expected {code}, got {:?}", codes(&report));
        for d in &report.diagnostics {
            let len = report.files.get(d.file).text().len();
            assert!(d.span.end() <= len, "{name}: span {:?} outside the file", d.span);
        }
        // the fixture's errors, without the lint findings of its incomplete workspace
        let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.code.starts_with('E')).cloned().collect();
        insta::assert_snapshot!(
            format!("error_{name}"),
            mopsc::render::human(&errors, &report.files, report.file_count(), false)
        );
    }
}

#[test]
fn recovery_reports_all_three_blocks() {
    let report = check("tests/fixtures/errors/E001_recovery.mops");
    let lines: Vec<(String, usize)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with('E'))
        .map(|d| (d.code.clone(), report.files.line_col(d.file, d.span.start()).0))
        .collect();
    assert_eq!(lines, vec![("E001".to_string(), 4), ("E001".to_string(), 8), ("E011".to_string(), 12)]);
}

#[test]
fn examples_have_no_error_codes() {
    let report = check("examples");
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.code.starts_with('E')).collect();
    assert!(errors.is_empty(), "{}", human(&report));
    assert!(report.file_count() >= 15);
}

#[test]
fn prelude_checks_clean() {
    let (model, diags) = mopsc::check::prelude_model();
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(model.skills.len(), 18);
    assert_eq!(model.playbooks.len(), 5);
    assert_eq!(model.routes.len(), 29);
    assert_eq!(model.utm_policies.len(), 1);
    // every reference of the prelude resolves
    let report = mopsc::check::check_source("empty.mops", "", &opts());
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn prelude_artifacts_match_the_spec() {
    let (model, _) = mopsc::check::prelude_model();
    let get = |n: &str| model.skill(n).unwrap_or_else(|| panic!("skill {n}"));
    let words = |v: &Vec<mopsc::model::Spanned<mopsc::model::Name>>| {
        v.iter().map(|s| s.value.clone()).collect::<Vec<_>>().join(",")
    };
    assert_eq!(words(&get("paid-ads").data.requires), "ad-copy,landing-page");
    assert_eq!(words(&get("copywriting").data.produces), "page-copy,email-copy");
    assert_eq!(words(&get("content-humanizer").data.requires), "articles");
    assert_eq!(words(&get("marketing-context").data.produces), "context");
    let launch = model.playbook("product-launch").expect("playbook");
    assert_eq!(
        words(&launch.data.steps),
        "marketing-context,content-strategy,copywriting,landing-page-generator,ad-creative,paid-ads,social-content,cold-email,campaign-analytics"
    );
}
