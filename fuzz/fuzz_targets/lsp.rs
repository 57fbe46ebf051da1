//! The language server on an arbitrary message stream (issue 15): the bytes
//! are framed by the real stdio transport and served to the end. Oracle: no
//! panic anywhere (libFuzzer's hook aborts even on a panic the server
//! catches), no hang (the run's timeout), and the server never sends a
//! request of its own.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = mopsc::check::Options::new(mopsc::literal::date("2026-11-24").expect("date"));
    let out = mopsc::lsp::transport::replay(&mut std::io::Cursor::new(data), opts);
    for m in &out {
        assert!(!format!("{m:?}").starts_with("Request("), "{m:?}");
    }
});
