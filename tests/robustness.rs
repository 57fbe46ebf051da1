//! No input panics the pipeline: arbitrary bytes and mutated examples give
//! either no diagnostic or diagnostics with a code and a span inside the file.

mod common;

use common::*;
use proptest::prelude::*;

fn assert_sane(text: &str) {
    let report = mopsc::check::check_source("input.mops", text, &opts());
    for d in &report.diagnostics {
        assert!(!d.code.is_empty());
        assert!(d.span.start() <= d.span.end() && d.span.end() <= text.len(), "{d:?} in {text:?}");
        assert!(text.is_char_boundary(d.span.start()) && text.is_char_boundary(d.span.end()), "{d:?}");
        // rendering never panics either
        let _ = mopsc::render::human_one(d, &report.files, false);
    }
}

fn example_sources() -> Vec<String> {
    let mut v = Vec::new();
    for dir in ["examples", "examples/section9"] {
        for p in entries(&manifest_dir().join(dir)) {
            if p.extension().is_some_and(|e| e == "mops") {
                v.push(std::fs::read_to_string(p).expect("read"));
            }
        }
    }
    v.push(mopsc::prelude::SOURCE.to_string());
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
        assert_sane(&s);
    }

    #[test]
    fn mops_like_text_never_panics(s in "[a-z{}\\[\\]=:,.\"# \n0-9%+_-]{0,300}") {
        assert_sane(&s);
    }

    #[test]
    fn mutated_examples_never_panic(idx in 0usize..16, cut in 0usize..4000, len in 0usize..40, insert in "[{}\\[\\]=\":#a-z0-9 \n]{0,6}") {
        let sources = example_sources();
        let src = &sources[idx % sources.len()];
        let mut start = cut.min(src.len());
        while !src.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(src.len());
        while !src.is_char_boundary(end) { end -= 1; }
        let mutated = format!("{}{}{}", &src[..start], insert, &src[end..]);
        assert_sane(&mutated);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("tool a: crm {{ owner = {}{} }}", "[".repeat(200_000), "]".repeat(200_000));
    let report = mopsc::check::check_source("deep.mops", &deep, &opts());
    assert_eq!(codes(&report), vec!["E001"]);
    assert!(report.diagnostics[0].message.contains("nesting is deeper than"));
    let blocks = "a {".repeat(100_000);
    let report = mopsc::check::check_source("deep.mops", &blocks, &opts());
    assert_eq!(codes(&report), vec!["E001"]);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let src = "\u{FEFF}tool salesforce: crm {\r\n  owner = \"revops@acme.io\"\r\n}\r\n";
    let report = mopsc::check::check_source("crlf.mops", src, &opts());
    assert!(report.diagnostics.iter().all(|d| !d.code.starts_with('E')), "{:?}", report.diagnostics);
}
