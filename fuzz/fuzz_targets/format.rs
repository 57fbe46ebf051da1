//! The formatter: idempotent, and it never changes meaning (the lowered
//! model of the output equals that of the input) nor drops a comment.
#![no_main]
use libfuzzer_sys::fuzz_target;

fn model(text: &str) -> String {
    let today = mopsc::literal::date("2026-11-24").expect("date");
    let report = mopsc::check::check_source("fuzz.mops", text, &mopsc::check::Options::new(today));
    serde_json::to_string(&report.analyses[0].model).expect("json")
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(once) = mopsc::format::format_source(text) else { return };
    let twice = mopsc::format::format_source(&once).expect("formatted output parses");
    assert_eq!(once, twice, "not idempotent");
    assert_eq!(model(text), model(&once), "meaning changed");
    let (ast, _) = mopsc::syntax::parse(mopsc::diagnostic::FileId(1), text, mopsc::syntax::DEFAULT_MAX_DEPTH);
    for c in &ast.comments {
        assert!(once.contains(c.text.trim_end()), "comment dropped: {}", c.text);
    }
});
