//! The plan compiler and every plan format on whatever checks without errors.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let today = mopsc::literal::date("2026-11-24").expect("date");
    let report = mopsc::check::check_source("fuzz.mops", text, &mopsc::check::Options::new(today));
    if let Ok(plan) = mopsc::plan::compile(&report, None) {
        let _ = mopsc::plan::to_json(&plan);
        let _ = mopsc::plan::to_markdown(&plan);
        let _ = mopsc::plan::to_mermaid(&plan);
        let _ = mopsc::plan::to_dot(&plan);
        let _ = mopsc::plan::to_ics(&plan);
        let _ = mopsc::plan::to_csv(&plan);
    }
});
