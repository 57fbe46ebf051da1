//! The formatter (LANGUAGE.md §8, docs/formatter.md): expected-output
//! fixtures (`tests/fixtures/fmt/NAME.mops` → `NAME.formatted.mops`);
//! idempotence, meaning preservation and comment preservation on every
//! example, the prelude and generated sources; and `mopsc fmt` end to end.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::*;
use mopsc::diagnostic::FileId;
use mopsc::format::{format_source, FormatError};
use mopsc::syntax::{self, Block, Member, Value, ValueKind};
use proptest::prelude::*;

fn fmt(src: &str) -> String {
    format_source(src).unwrap_or_else(|e| panic!("cannot format: {e}\n--- source ---\n{src}"))
}

/// The typed model of a source as JSON (spans are not serialised).
fn model_json(src: &str) -> String {
    let report = mopsc::check::check_source("input.mops", src, &opts());
    serde_json::to_string(&report.analyses[0].model).expect("model serialises")
}

/// The syntax tree without spans or layout: imports, then blocks with their
/// members in source order and every value as written.
fn tree(src: &str) -> String {
    let (ast, _) = syntax::parse(FileId(1), src, syntax::DEFAULT_MAX_DEPTH);
    assert!(ast.errors.is_empty(), "syntax errors in\n{src}");
    let mut s = String::new();
    for i in &ast.imports {
        s.push_str(&format!("import {:?}\n", i.path));
    }
    for b in &ast.blocks {
        tree_block(&mut s, b, 0);
    }
    s
}

fn tree_block(s: &mut String, b: &Block, depth: usize) {
    let name = b.name.as_ref().map(|n| n.text.as_str());
    let ty = b.ty.as_ref().map(|t| t.text.as_str());
    s.push_str(&format!("{}{} {name:?} {ty:?}\n", "  ".repeat(depth), b.kind.text));
    for m in &b.order {
        match m {
            Member::Attribute(i) => {
                let a = &b.attributes[*i];
                s.push_str(&format!("{}{} = {}\n", "  ".repeat(depth + 1), a.name.text, tree_value(&a.value)));
            }
            Member::Block(i) => tree_block(s, &b.blocks[*i], depth + 1),
            Member::Error(_) => panic!("error node"),
        }
    }
}

fn tree_value(v: &Value) -> String {
    match &v.kind {
        ValueKind::String(r) => format!("string{r:?}"),
        ValueKind::Text(r) => format!("text{r:?}"),
        ValueKind::Integer(t) => format!("integer {t}"),
        ValueKind::Decimal(t) => format!("decimal {t}"),
        ValueKind::Quantity { number, unit, .. } => format!("quantity {number} {unit}"),
        ValueKind::Money { amount, currency, per, .. } => {
            format!("money {amount} {currency} {:?}", per.as_ref().map(|p| &p.0))
        }
        ValueKind::Date(t) => format!("date {t}"),
        ValueKind::Range { low, high } => format!("range {low} {high:?}"),
        ValueKind::Ident(t) => format!("ident {t}"),
        ValueKind::List(items) => format!("[{}]", items.iter().map(tree_value).collect::<Vec<_>>().join(", ")),
        ValueKind::Path(parts) => {
            format!("path {}", parts.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("."))
        }
        ValueKind::Not(_, e) => format!("not({})", tree_value(e)),
        ValueKind::Binary { op, lhs, rhs, .. } => {
            format!("({} {} {})", tree_value(lhs), op.as_str(), tree_value(rhs))
        }
        ValueKind::Call { name, args } => {
            let args: Vec<String> = args
                .iter()
                .map(|a| {
                    format!(
                        "{} where {:?} within {:?}",
                        tree_value(&a.expr),
                        a.where_.as_ref().map(tree_value),
                        a.within.as_ref().map(tree_value)
                    )
                })
                .collect();
            format!("{}({})", name.text, args.join(", "))
        }
        ValueKind::Paren(e) => format!("paren({})", tree_value(e)),
    }
}

/// Every comment's text, sorted.
fn comments(src: &str) -> Vec<String> {
    let (ast, _) = syntax::parse(FileId(1), src, syntax::DEFAULT_MAX_DEPTH);
    let mut v: Vec<String> = ast.comments.into_iter().map(|c| c.text).collect();
    v.sort();
    v
}

/// Format `src` and check every promise of the formatter; returns the output.
fn assert_formats_well(src: &str) -> String {
    let out = fmt(src);
    let again = fmt(&out);
    assert_eq!(again, out, "not idempotent\n--- source ---\n{src}\n--- once ---\n{out}");
    assert_eq!(tree(&out), tree(src), "the syntax tree changed\n--- source ---\n{src}\n--- output ---\n{out}");
    assert_eq!(model_json(&out), model_json(src), "the model changed\n--- source ---\n{src}\n--- output ---\n{out}");
    assert_eq!(comments(&out), comments(src), "comments changed\n--- source ---\n{src}\n--- output ---\n{out}");
    for c in comments(src) {
        assert!(out.contains(&c), "comment {c:?} lost\n--- output ---\n{out}");
    }
    if !out.is_empty() {
        assert!(out.ends_with('\n') && !out.ends_with("\n\n"), "output must end with exactly one newline");
    }
    // (text blocks are verbatim, trailing spaces and all)
    if !src.contains("\"\"\"") {
        assert!(!out.lines().any(|l| l.ends_with(' ') || l.ends_with('\t')), "trailing whitespace\n{out}");
    }
    out
}

// ------------------------------------------------------------- fixtures

const FIXTURES: &[&str] =
    &["alignment", "blank_lines", "comments", "headers", "imports", "lists", "steps", "text_blocks", "values"];

#[test]
fn fixtures_format_to_their_expected_output() {
    let dir = manifest_dir().join("tests/fixtures/fmt");
    let mut seen = Vec::new();
    for p in entries(&dir) {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let Some(stem) = name.strip_suffix(".mops") else { continue };
        if stem.ends_with(".formatted") {
            continue;
        }
        let input = std::fs::read_to_string(&p).expect("read input");
        let expected = std::fs::read_to_string(dir.join(format!("{stem}.formatted.mops"))).expect("expected output");
        let out = assert_formats_well(&input);
        assert_eq!(out, expected, "{name}: output differs from {stem}.formatted.mops");
        assert_eq!(fmt(&expected), expected, "{stem}.formatted.mops is not canonical");
        seen.push(stem.to_string());
    }
    for f in FIXTURES {
        assert!(seen.iter().any(|s| s == f), "fixture {f}.mops is missing");
    }
}

// ------------------------------------------------------------- examples

fn example_files() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["examples", "examples/section9"] {
        v.extend(entries(&manifest_dir().join(dir)).into_iter().filter(|p| p.extension().is_some_and(|e| e == "mops")));
    }
    assert!(v.len() >= 16, "examples not found");
    v
}

#[test]
fn examples_and_prelude_are_idempotent_and_keep_meaning_and_comments() {
    for p in example_files() {
        let src = std::fs::read_to_string(&p).expect("read");
        assert_formats_well(&src);
    }
    assert_formats_well(mopsc::prelude::SOURCE);
}

#[test]
fn examples_are_canonical() {
    for p in example_files() {
        let src = std::fs::read_to_string(&p).expect("read");
        assert_eq!(fmt(&src), src, "{} is not formatted: run `mopsc fmt examples`", p.display());
    }
}

// ------------------------------------------------------------- units

#[test]
fn syntax_errors_are_refused_naming_the_first() {
    let src = "tool a: crm {\n  owner \"a@acme.io\"\n}\n\ntool b: crm {\n  owner = \n}\n";
    let err = format_source(src).expect_err("syntax error");
    let FormatError::Syntax { line, column, message } = err;
    assert_eq!((line, column), (2, 3), "{message}");
    assert!(!message.is_empty());
    // nesting too deep is a syntax error too
    let deep = format!("a {{ b = {}{} }}", "[".repeat(100), "]".repeat(100));
    assert!(format_source(&deep).is_err());
}

#[test]
fn empty_and_comment_only_files() {
    assert_eq!(fmt(""), "");
    assert_eq!(fmt("\n\n  \n"), "");
    assert_eq!(fmt("\n\n# only a comment   \n\n\n# and another\n\n"), "# only a comment\n\n# and another\n");
}

#[test]
fn crlf_and_tabs_become_lf_and_spaces() {
    let src = "tool a: crm {\r\n\towner = \"a@acme.io\"\r\n\tcost\t= 100\tUSD/yr\r\n}\r\n";
    let out = assert_formats_well(src);
    assert_eq!(out, "tool a: crm {\n  owner = \"a@acme.io\"\n  cost  = 100 USD/yr\n}\n");
}

#[test]
fn widths_count_characters_not_bytes() {
    // `  says = ["` + N characters + `"]` is N + 13 columns, 2N + 13 bytes
    let make = |n: usize| format!("route r {{\n  says = [\"{}\"]\n}}\n", "é".repeat(n));
    let fits = make(87);
    assert_eq!(fmt(&fits), fits);
    let long = make(88);
    assert_eq!(fmt(&long), format!("route r {{\n  says = [\n    \"{}\",\n  ]\n}}\n", "é".repeat(88)));
}

#[test]
fn step_line_width_limit_is_100_columns() {
    // exactly 100 columns stays on one line, 101 does not
    let make =
        |n: usize| format!("campaign c {{\n  step s: x {{ duration = 2d  owner = \"{}\" }}\n}}\n", "a".repeat(n));
    let fits = make(100 - "  step s: x { duration = 2d  owner = \"\" }".len());
    assert_eq!(fmt(&fits), fits);
    assert_eq!(fits.lines().nth(1).map(str::len), Some(100));
    let long = make(101 - "  step s: x { duration = 2d  owner = \"\" }".len());
    assert!(fmt(&long).lines().count() > 3, "{}", fmt(&long));
}

#[test]
fn section9_launch_keeps_its_layout() {
    let src = std::fs::read_to_string(manifest_dir().join("examples/section9/launch.mops")).expect("read");
    let out = fmt(&src);
    assert!(out.contains("  goals { mql = 250  pipeline = 500000 USD }\n"));
    assert!(out.contains("  step page: landing-page-generator { duration = 3d  tool = webflow }\n"));
    assert!(out.contains("  step ads: paid-ads {\n    after    = [ad-copy, page]\n"));
    assert!(out.contains("  tiers { nurture = 0..25  mql = 26..50  sql = 51..75  hot = 76.. }\n"));
}

// ------------------------------------------------------------- generated sources

#[derive(Debug, Clone)]
enum Gap {
    Space,
    Newline,
    Blank,
    Own(String),
    Trail(String),
}

#[derive(Debug, Clone)]
enum GValue {
    /// Source text, and whether it is a bare integer or decimal.
    Scalar(String, bool),
    List(Vec<(Gap, GValue)>, bool, Gap),
}

#[derive(Debug, Clone)]
enum GMember {
    Attr { name: String, eq_comment: Option<String>, tight: bool, value: GValue },
    Block(GBlock),
}

#[derive(Debug, Clone)]
struct GBlock {
    kind: String,
    name: Option<String>,
    ty: Option<String>,
    header_comment: Option<String>,
    members: Vec<(Gap, GMember)>,
    close: Gap,
}

#[derive(Debug, Clone)]
struct GFile {
    imports: Vec<(Gap, String)>,
    blocks: Vec<(Gap, GBlock)>,
    /// An import written after the blocks (the formatter moves it up).
    late_import: Option<(Gap, String)>,
    end: Gap,
}

fn comment_text() -> impl Strategy<Value = String> {
    "[a-z {}\\[\\]=#\"]{0,12}"
}

fn gap() -> impl Strategy<Value = Gap> {
    prop_oneof![
        4 => Just(Gap::Space),
        4 => Just(Gap::Newline),
        2 => Just(Gap::Blank),
        1 => comment_text().prop_map(Gap::Own),
        1 => comment_text().prop_map(Gap::Trail),
    ]
}

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,7}"
}

fn scalar() -> impl Strategy<Value = GValue> {
    let bare = |s: String| GValue::Scalar(s, true);
    let other = |s: String| GValue::Scalar(s, false);
    prop_oneof![
        "\"[a-z #{}=]{0,10}\"".prop_map(other),
        Just(GValue::Scalar("\"esc \\\" \\\\ \\n \\u{1F600}\"".to_string(), false)),
        "\"\"\"[a-z #{}=\n ]{0,30}\"\"\"".prop_map(other),
        "[+-]?[0-9]{1,3}(_[0-9]{3})?".prop_map(bare),
        "[0-9]{1,2}\\.[0-9]{1,2}".prop_map(bare),
        "[0-9]{1,3}(%|d|w|h)".prop_map(other),
        "[0-9]{1,5}(\\.[0-9]{2})?[ \t]{1,3}(USD|EUR)(/yr|/mo)?".prop_map(other),
        "2026-0[1-9]-1[0-9]".prop_map(other),
        "[0-9]{1,2}\\.\\.([0-9]{2,3})?".prop_map(other),
        prop_oneof![Just("true".to_string()), Just("false".to_string())].prop_map(other),
        ident().prop_map(other),
    ]
}

fn value() -> impl Strategy<Value = GValue> {
    scalar().prop_recursive(2, 12, 6, |inner| {
        (prop::collection::vec((gap(), inner), 0..6), any::<bool>(), gap())
            .prop_map(|(items, comma, close)| GValue::List(items, comma, close))
    })
}

fn attribute() -> impl Strategy<Value = GMember> {
    let name = prop_oneof![8 => ident(), 1 => Just("USDX".to_string())];
    (name, prop::option::weighted(0.1, comment_text()), any::<bool>(), value())
        .prop_map(|(name, eq_comment, tight, value)| GMember::Attr { name, eq_comment, tight, value })
}

fn block() -> impl Strategy<Value = GBlock> {
    let kind = prop_oneof![
        Just("step"),
        Just("goals"),
        Just("utm"),
        Just("tool"),
        Just("signal"),
        Just("score"),
        Just("campaign"),
        Just("foo")
    ];
    let leaf = (
        kind.clone(),
        prop::option::of(ident()),
        prop::option::of(ident()),
        prop::option::weighted(0.1, comment_text()),
        prop::collection::vec((gap(), attribute()), 0..5),
        gap(),
    )
        .prop_map(|(kind, name, ty, header_comment, members, close)| GBlock {
            kind: kind.to_string(),
            name,
            ty,
            header_comment,
            members,
            close,
        });
    leaf.prop_recursive(2, 16, 6, move |inner| {
        let member = prop_oneof![3 => attribute(), 1 => inner.prop_map(GMember::Block)];
        (
            kind.clone(),
            prop::option::of(ident()),
            prop::option::of(ident()),
            prop::option::weighted(0.1, comment_text()),
            prop::collection::vec((gap(), member), 0..6),
            gap(),
        )
            .prop_map(|(kind, name, ty, header_comment, members, close)| GBlock {
                kind: kind.to_string(),
                name,
                ty,
                header_comment,
                members,
                close,
            })
    })
}

fn file() -> impl Strategy<Value = GFile> {
    (
        prop::collection::vec((gap(), "[a-z]{1,6}\\.mops"), 0..3),
        prop::collection::vec((gap(), block()), 1..4),
        prop::option::weighted(0.2, (gap(), "[a-z]{1,6}\\.mops")),
        gap(),
    )
        .prop_map(|(imports, blocks, late_import, end)| GFile { imports, blocks, late_import, end })
}

/// Renders a generated file with an odd layout (three-space indentation,
/// arbitrary gaps); every comment gets a unique number.
struct Render {
    out: String,
    comments: usize,
}

impl Render {
    fn comment(&mut self, text: &str) -> String {
        self.comments += 1;
        format!("# c{} {text}", self.comments)
    }

    fn gap(&mut self, g: &Gap, ind: &str) {
        match g {
            Gap::Space => self.out.push(' '),
            Gap::Newline => self.out.push_str(&format!("\n{ind}")),
            Gap::Blank => self.out.push_str(&format!("\n\n\n{ind}")),
            Gap::Own(t) => {
                let c = self.comment(t);
                self.out.push_str(&format!("\n{ind}{c}\n{ind}"));
            }
            Gap::Trail(t) => {
                let c = self.comment(t);
                self.out.push_str(&format!(" {c}\n{ind}"));
            }
        }
    }

    fn file(&mut self, f: &GFile) {
        for (g, path) in &f.imports {
            self.gap(g, "");
            self.out.push_str(&format!("import \"{path}\""));
        }
        for (g, b) in &f.blocks {
            self.gap(g, "");
            self.block(b, 0);
        }
        if let Some((g, path)) = &f.late_import {
            self.gap(g, "");
            self.out.push_str(&format!("import \"{path}\""));
        }
        self.gap(&f.end, "");
    }

    fn block(&mut self, b: &GBlock, depth: usize) {
        let ind = "   ".repeat(depth + 1);
        self.out.push_str(&b.kind);
        if let Some(c) = &b.header_comment {
            let c = self.comment(c);
            self.out.push_str(&format!(" {c}\n{ind}"));
        }
        if let Some(n) = &b.name {
            self.out.push_str(&format!(" {n}"));
        }
        if let Some(t) = &b.ty {
            self.out.push_str(&format!(" :{t}"));
        }
        self.out.push_str(" {");
        let mut after_bare_number = false;
        for (g, m) in &b.members {
            let glues = matches!(m, GMember::Attr { name, .. } if name.starts_with("USD"));
            let g = if after_bare_number && glues && matches!(g, Gap::Space) { &Gap::Newline } else { g };
            self.gap(g, &ind);
            after_bare_number = false;
            match m {
                GMember::Attr { name, eq_comment, tight, value } => {
                    self.out.push_str(name);
                    if let Some(c) = eq_comment {
                        let c = self.comment(c);
                        self.out.push_str(&format!(" {c}\n{ind}"));
                    }
                    self.out.push_str(if *tight { "=" } else { " = " });
                    self.value(value, &ind);
                    after_bare_number = matches!(value, GValue::Scalar(_, true));
                }
                GMember::Block(inner) => self.block(inner, depth + 1),
            }
        }
        self.gap(&b.close, &"   ".repeat(depth));
        self.out.push('}');
    }

    fn value(&mut self, v: &GValue, ind: &str) {
        match v {
            GValue::Scalar(s, _) => self.out.push_str(s),
            GValue::List(items, comma, close) => {
                let inner = format!("{ind}   ");
                self.out.push('[');
                for (i, (g, item)) in items.iter().enumerate() {
                    self.gap(g, &inner);
                    self.value(item, &inner);
                    if i + 1 < items.len() || *comma {
                        self.out.push(',');
                    }
                }
                self.gap(close, ind);
                self.out.push(']');
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn generated_sources_format_idempotently_keeping_meaning_and_comments(f in file()) {
        let mut r = Render { out: String::new(), comments: 0 };
        r.file(&f);
        let src = r.out;
        let (ast, _) = syntax::parse(FileId(1), &src, syntax::DEFAULT_MAX_DEPTH);
        prop_assert!(ast.errors.is_empty(), "the generator made an invalid source:\n{}", src);
        prop_assert_eq!(ast.comments.len(), r.comments);
        assert_formats_well(&src);
    }

    #[test]
    fn mops_like_text_is_refused_or_formatted_well(s in "[a-zA-Z{}\\[\\]=:,.\"# \t\n0-9%+_/-]{0,300}") {
        if format_source(&s).is_ok() {
            assert_formats_well(&s);
        }
    }

    #[test]
    fn mutated_examples_are_refused_or_formatted_well(
        idx in 0usize..16,
        cut in 0usize..4000,
        len in 0usize..40,
        insert in "[{}\\[\\]=\":#a-zA-Z0-9 \n]{0,8}",
    ) {
        let files = example_files();
        let src = std::fs::read_to_string(&files[idx % files.len()]).expect("read");
        let mut start = cut.min(src.len());
        while !src.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + len).min(src.len());
        while !src.is_char_boundary(end) {
            end -= 1;
        }
        let mutated = format!("{}{}{}", &src[..start], insert, &src[end..]);
        if format_source(&mutated).is_ok() {
            assert_formats_well(&mutated);
        }
    }
}

// ------------------------------------------------------------- mopsc fmt

fn mopsc_in(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("mopsc").expect("binary");
    c.current_dir(dir).env("MOPS_TODAY", "2026-11-24").env("NO_COLOR", "1");
    c
}

const UGLY: &str = "tool a: crm {\n    owner=\"a@acme.io\"  # who\n  cost = 100 USD/yr\n\n\n}\n";

fn pretty() -> String {
    fmt(UGLY)
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn cli_check_lists_unformatted_files_and_exits_1() {
    let dir = tempdir();
    std::fs::write(dir.path().join("a.mops"), UGLY).expect("write");
    std::fs::write(dir.path().join("b.mops"), pretty()).expect("write");
    // default path `.`
    let out = mopsc_in(dir.path()).args(["fmt", "--check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "a.mops\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 file would be reformatted, 1 file already formatted"));
    assert_eq!(std::fs::read_to_string(dir.path().join("a.mops")).expect("read"), UGLY, "--check wrote");
    std::fs::write(dir.path().join("a.mops"), pretty()).expect("write");
    mopsc_in(dir.path()).args(["fmt", "--check", "."]).assert().code(0).stdout("");
}

#[test]
fn cli_diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = tempdir();
    std::fs::write(dir.path().join("a.mops"), UGLY).expect("write");
    let out = mopsc_in(dir.path()).args(["fmt", "--diff", "a.mops"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("fmt_diff", String::from_utf8_lossy(&out.stdout));
    assert_eq!(std::fs::read_to_string(dir.path().join("a.mops")).expect("read"), UGLY, "--diff wrote");
    std::fs::write(dir.path().join("a.mops"), pretty()).expect("write");
    mopsc_in(dir.path()).args(["fmt", "--diff", "a.mops"]).assert().code(0).stdout("");
}

#[test]
fn cli_formats_in_place_only_changed_files_keeping_permissions() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempdir();
    let a = dir.path().join("a.mops");
    let b = dir.path().join("sub/b.mops");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::fs::write(&a, UGLY).expect("write");
    std::fs::write(&b, pretty()).expect("write");
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let b_inode = std::fs::metadata(&b).expect("stat").ino();
    let out = mopsc_in(dir.path()).args(["fmt"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 file reformatted, 1 file left unchanged"));
    assert_eq!(std::fs::read_to_string(&a).expect("read"), pretty());
    assert_eq!(std::fs::metadata(&a).expect("stat").permissions().mode() & 0o777, 0o640);
    assert_eq!(std::fs::metadata(&b).expect("stat").ino(), b_inode, "an unchanged file was rewritten");
    // no temporary file is left behind
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // -q: no summary
    std::fs::write(&a, UGLY).expect("write");
    mopsc_in(dir.path()).args(["fmt", "-q", "a.mops"]).assert().code(0).stderr("");
}

#[test]
fn cli_leaves_a_file_with_a_syntax_error_byte_identical() {
    let dir = tempdir();
    let bad = "tool   a: crm {\n  owner \"a@acme.io\"\n}\n\n\n\ntool b: crm {   }\n";
    std::fs::write(dir.path().join("bad.mops"), bad).expect("write");
    std::fs::write(dir.path().join("good.mops"), UGLY).expect("write");
    let out = mopsc_in(dir.path()).args(["fmt", "."]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.mops:2:3: cannot format: "), "{stderr}");
    assert_eq!(std::fs::read(dir.path().join("bad.mops")).expect("read"), bad.as_bytes());
    // the other file is still formatted
    assert_eq!(std::fs::read_to_string(dir.path().join("good.mops")).expect("read"), pretty());
    // not UTF-8: reported, untouched
    let bytes = b"tool a: crm {\n  owner = \"\xff\"\n}\n";
    std::fs::write(dir.path().join("bin.mops"), bytes).expect("write");
    let out = mopsc_in(dir.path()).args(["fmt", "bin.mops"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bin.mops: cannot format: not valid UTF-8"));
    assert_eq!(std::fs::read(dir.path().join("bin.mops")).expect("read"), bytes);
}

#[test]
fn cli_missing_path_exits_2_and_writes_nothing() {
    let dir = tempdir();
    std::fs::write(dir.path().join("a.mops"), UGLY).expect("write");
    mopsc_in(dir.path()).args(["fmt", "a.mops", "no/such.mops"]).assert().code(2);
    assert_eq!(std::fs::read_to_string(dir.path().join("a.mops")).expect("read"), UGLY);
}

#[test]
fn cli_check_passes_on_the_examples() {
    mopsc_in(&manifest_dir()).args(["fmt", "--check", "examples"]).assert().code(0).stdout("");
}

/// A write that fails leaves the original untouched. As a normal user a
/// read-only directory makes the write fail; root ignores permissions, so
/// there the file lives on a small tmpfs that is filled up first.
#[test]
fn cli_failed_write_keeps_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let sub = dir.path().join("ro");
    std::fs::create_dir(&sub).expect("mkdir");
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let root = std::fs::write(sub.join("probe"), "").is_ok();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    let _ = std::fs::remove_file(sub.join("probe"));
    let mut mounted = false;
    if root {
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(&sub)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "as root, mounting a small tmpfs is how this test makes the disk full");
        mounted = true;
    }
    std::fs::write(sub.join("a.mops"), UGLY).expect("write");
    if mounted {
        // fill the file system so that the formatted copy cannot be written
        let mut filler = std::fs::File::create(sub.join("filler")).expect("filler");
        let chunk = vec![b'x'; 1024];
        while std::io::Write::write_all(&mut filler, &chunk).is_ok() {}
    } else {
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    }
    let out = mopsc_in(dir.path()).args(["fmt", "ro"]).output().expect("run");
    let unchanged = std::fs::read_to_string(sub.join("a.mops")).expect("read");
    let leftovers: Vec<_> = std::fs::read_dir(&sub)
        .expect("ls")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "a.mops" && n != "filler")
        .collect();
    if mounted {
        let _ = std::process::Command::new("umount").arg(&sub).status();
    } else {
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    }
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ro/a.mops: cannot write:"));
    assert_eq!(unchanged, UGLY);
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

// ------------------------------------------------------------- write_atomic

#[test]
fn write_atomic_into_a_missing_directory_fails_and_creates_nothing() {
    let dir = tempdir();
    let target = dir.path().join("missing/a.mops");
    assert!(mopsc::fsutil::write_atomic(&target, b"x").is_err());
    assert!(!target.exists());
    assert!(!dir.path().join("missing").exists());
    assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 0);
}

#[test]
fn write_atomic_replaces_contents_keeps_permissions_and_follows_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let target = dir.path().join("a.mops");
    std::fs::write(&target, "old contents, longer than the new").expect("write");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    mopsc::fsutil::write_atomic(&target, b"new").expect("write_atomic");
    assert_eq!(std::fs::read(&target).expect("read"), b"new");
    assert_eq!(std::fs::metadata(&target).expect("stat").permissions().mode() & 0o777, 0o640);
    // a new file gets created too
    let fresh = dir.path().join("fresh.mops");
    mopsc::fsutil::write_atomic(&fresh, b"fresh").expect("write_atomic");
    assert_eq!(std::fs::read(&fresh).expect("read"), b"fresh");
    // through a symlink: the target changes, the link stays a link
    let link = dir.path().join("link.mops");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    mopsc::fsutil::write_atomic(&link, b"via link").expect("write_atomic");
    assert!(std::fs::symlink_metadata(&link).expect("lstat").file_type().is_symlink());
    assert_eq!(std::fs::read(&target).expect("read"), b"via link");
}
