//! The whole check pipeline and its renderers on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let today = mopsc::literal::date("2026-11-24").expect("date");
    let report = mopsc::check::check_source("fuzz.mops", text, &mopsc::check::Options::new(today));
    for d in &report.diagnostics {
        assert!(!d.code.is_empty());
        assert!(d.span.end() <= text.len());
    }
    let _ = mopsc::render::human(&report.diagnostics, &report.files, 1, false);
    let _ = mopsc::render::json(&report.diagnostics, &report.files, 1);
    // fixes apply without panicking
    let fixes: Vec<_> = report.diagnostics.iter().filter_map(|d| d.fix.as_ref()).collect();
    let _ = mopsc::fix::apply(text, &fixes);
});
