//! The parser on arbitrary bytes: never panics, every span inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (ast, diags) = mopsc::syntax::parse(mopsc::diagnostic::FileId(1), text, mopsc::syntax::DEFAULT_MAX_DEPTH);
    for d in &diags {
        assert!(d.span.end() <= text.len() && text.is_char_boundary(d.span.start()) && text.is_char_boundary(d.span.end()));
    }
    for b in &ast.blocks {
        assert!(b.span.end() <= text.len());
    }
});
