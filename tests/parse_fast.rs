//! The hand-written fast path of `syntax::parse` builds exactly the tree the
//! pest path builds, for every well-formed file, and declines (falls back to
//! pest) for every file with a syntax error.

mod common;

use common::*;
use mopsc::diagnostic::FileId;
use mopsc::syntax::{self, DEFAULT_MAX_DEPTH};
use proptest::prelude::*;

/// The fast path either declines, or agrees with pest on a file pest reads
/// without error. Returns whether it took the file.
fn agree(src: &str) -> bool {
    let (tree, diags) = syntax::parse_with_pest(FileId(1), src, DEFAULT_MAX_DEPTH);
    let clean = diags.is_empty() && tree.errors.is_empty();
    match syntax::parse_fast(src, DEFAULT_MAX_DEPTH) {
        Some(fast) => {
            assert!(clean, "the fast path accepted a file pest rejects: {src:?}\n{diags:?}");
            assert_eq!(format!("{fast:#?}"), format!("{tree:#?}"), "trees differ for {src:?}");
            true
        }
        None => {
            // expressions (DATA.md §2) are left to pest by design
            let exprs = tree.blocks.iter().any(has_expr);
            assert!(!clean || exprs, "the fast path declined a well-formed file: {src:?}");
            false
        }
    }
}

fn has_expr(b: &syntax::Block) -> bool {
    use syntax::ValueKind as V;
    fn v(x: &syntax::Value) -> bool {
        match &x.kind {
            V::Path(_) | V::Not(..) | V::Binary { .. } | V::Call { .. } | V::Paren(_) => true,
            V::List(items) => items.iter().any(v),
            _ => false,
        }
    }
    b.attributes.iter().any(|a| v(&a.value)) || b.blocks.iter().any(has_expr)
}

fn mops_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for p in entries(dir) {
        if p.is_dir() {
            mops_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "mops") {
            out.push(p);
        }
    }
}

#[test]
fn every_fixture_and_example_parses_the_same() {
    let mut files = Vec::new();
    mops_files(&manifest_dir().join("examples"), &mut files);
    mops_files(&manifest_dir().join("tests/fixtures"), &mut files);
    assert!(files.len() > 40, "{}", files.len());
    let mut fast = 0;
    for p in &files {
        let Ok(src) = std::fs::read_to_string(p) else { continue };
        if agree(&src) {
            fast += 1;
        }
    }
    assert!(agree(mopsc::prelude::SOURCE), "the prelude takes the fast path");
    // every example is well formed, so the fast path reads them all
    assert!(fast >= 15, "only {fast} files took the fast path");
}

#[test]
fn every_value_kind_and_corner_parses_the_same() {
    let well_formed = [
        "",
        "\u{FEFF}# only a comment\r\n",
        "import \"a.mops\" # why\nimport\n  \"b c.mops\"\n",
        "tool a: crm { owner = \"x\" }",
        "tool a : crm # c1\n{ # c2\n owner # c3\n = # c4\n \"x\" # c5\n}",
        "k { a = 1  b = -2  c = +3.50  d = 1_000  e = 2.5d  f = 40%  g = 4x  h = 2026-02-30 }",
        "k { a = 100..2000  b = 76..  c = -5..5  d = 1..2 }",
        "k { a = 10000 USD  b = 36000 USD/yr  c = 5\tEURO/  d = 1.5 USD/mo }",
        "k { a = \"esc \\\" \\\\ \\n \\u{1F600} \\u{oops\"  b = \"\\u{\"  c = \"é ü\"  d = \"\" }",
        "k { t = \"\"\"\n  text \" \"\" block\n  \"\"\"  u = \"\"\"\"\"\" }",
        "k { l = []  m = [a, b,]  n = [ # c\n 1, \"two\", [3, 4], 5d, ]  o = [true,false] }",
        "a { b { c { d = e } } f = g h i: j { } }",
        "importer x { import-ed = 1 }",
        "import # not a string\n x { }",
        "import x: y { }\nimport \"a.mops\"",
    ];
    for src in well_formed {
        assert!(agree(src), "the fast path declined {src:?}");
    }
    // errors: the fast path declines, pest recovers
    let broken = [
        "k { a = }",
        "k { a = \"unclosed }",
        "k { a = \"\"\"unclosed }",
        "k { a = [1 2] }",
        "k { a b c }",
        "k { a = 1..2x }",
        "k { e = 5 usd }",
        "k { date = 2026-03-02x }",
        "k { n = 5.x }",
        "k { d2 = 2026-03-02.5 }",
        "x = 1",
        "import",
        "import x",
        "k {",
        "}",
        "k { a = 1 } }",
        "k { \"s\" }",
        "k { a = \"x\\\n\" }",
    ];
    for src in broken {
        assert!(!agree(src), "the fast path accepted {src:?}");
    }
}

#[test]
fn nesting_limits_agree() {
    for (depth, max) in [(3, 3), (4, 3), (64, 64), (65, 64)] {
        let lists = format!("k {{ a = {}{} }}", "[".repeat(depth - 1), "]".repeat(depth - 1));
        let blocks = format!("{}{}", "k {".repeat(depth), "}".repeat(depth));
        for src in [&lists, &blocks] {
            let fast = syntax::parse_fast(src, max);
            let (tree, diags) = syntax::parse_with_pest(FileId(1), src, max);
            assert_eq!(fast.is_some(), depth <= max, "{src}");
            assert_eq!(diags.is_empty(), depth <= max, "{src}");
            if let Some(fast) = fast {
                assert_eq!(format!("{fast:?}"), format!("{tree:?}"));
            }
        }
    }
}

fn example_sources() -> Vec<String> {
    let mut files = Vec::new();
    mops_files(&manifest_dir().join("examples"), &mut files);
    let mut v: Vec<String> = files.iter().map(|p| std::fs::read_to_string(p).expect("read")).collect();
    v.push(mopsc::prelude::SOURCE.to_string());
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn mutated_examples_parse_the_same(idx in 0usize..16, cut in 0usize..4000, len in 0usize..40, insert in "[{}\\[\\]=\":#a-zA-Z0-9 .,/%+\\\\\n\t-]{0,8}") {
        let sources = example_sources();
        let src = &sources[idx % sources.len()];
        let mut start = cut.min(src.len());
        while !src.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(src.len());
        while !src.is_char_boundary(end) { end -= 1; }
        agree(&format!("{}{}{}", &src[..start], insert, &src[end..]));
    }

    #[test]
    fn mops_like_text_parses_the_same(s in "[a-zA-Z{}\\[\\]=:,.\"#\\\\ \n\t0-9%+_/-]{0,200}") {
        agree(&s);
    }

    #[test]
    fn arbitrary_text_parses_the_same(s in "\\PC{0,120}", t in "(k \\{ a = \"[^\"\\n]{0,6}\" \\} ?|\u{FEFF}|é|\r|\r\n|# c\n){0,6}") {
        agree(&s);
        agree(&t);
        agree(&format!("{t}{s}"));
    }

    #[test]
    fn values_parse_the_same(v in "[-+]?[0-9_]{0,5}(\\.[0-9]{0,2})?[ \t]{0,2}[A-Za-z%]{0,4}(/[a-z]{0,3})?(\\.\\.[-+]?[0-9]{0,3})?") {
        agree(&format!("k {{ a = {v} }}"));
        agree(&format!("k {{ a = [{v}, {v}] }}"));
    }
}
