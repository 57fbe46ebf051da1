//! The data plane: scores on the example data pinned, the printed SQL of
//! every dialect pinned, DATA001–DATA003 as the user sees them, hostile CSV
//! files, and a property test holding the SQLite query to a direct
//! evaluation of random conditions.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::*;
use mopsc::data::cmd::{self, ScoreFormat};
use mopsc::data::engine::{EngineError, Sqlite};
use mopsc::data::print::Dialect;
use mopsc::data::score;
use proptest::prelude::*;

fn mopsc() -> Command {
    let mut c = Command::cargo_bin("mopsc").expect("binary");
    c.current_dir(manifest_dir()).env("NO_COLOR", "1");
    c
}

fn examples_scores() -> score::Scores {
    let report = check("examples");
    let a = report.analyses.iter().find(|a| !a.model.scorings.is_empty()).expect("analysis");
    let s = a.model.scorings.iter().find(|s| s.name.value == "northwind-lead-score").expect("scoring");
    let leads = a.model.dataset_for(s.data.leads.as_ref(), "leads").expect("leads");
    let q = score::query(&a.model, s, leads, today());
    let mut eng = Sqlite::new().expect("sqlite");
    for name in &q.datasets {
        let ds = a.model.dataset(name).expect("dataset");
        let file =
            mopsc::data::engine::dataset_file(&report.files.get(ds.file).path, &ds.data.path.as_ref().unwrap().value);
        eng.load(ds, &file, 0).expect("loads");
    }
    score::run(&q, &mut eng, "northwind-lead-score", today()).expect("runs")
}

#[test]
fn example_scores_are_pinned() {
    let s = examples_scores();
    assert_eq!(s.leads.len(), 2400);
    let csv = cmd::to_csv(&s);
    let head: Vec<&str> = csv.lines().take(25).collect();
    insta::assert_snapshot!("example_scores_head", head.join("\n"));
    insta::assert_json_snapshot!("example_tiers", s.tiers);
    let review = score::review(&s).expect("outcome known");
    insta::assert_snapshot!("example_review", cmd::to_md(&s, Some(&review)));
    // the story: tiers rank leads, and webinars are over-rewarded
    let codes: Vec<&str> = review.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, vec!["SCR102"]);
    let rates: Vec<f64> = review.tiers.iter().map(|t| t.rate).collect();
    assert!(rates.windows(2).all(|w| w[0] < w[1]), "{rates:?}");
}

#[test]
fn score_json_has_its_version_and_every_lead() {
    let out = mopsc().args(["score", "examples", "--today", "2026-11-24", "--format", "json"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["score_version"], 1);
    assert_eq!(v["scoring"], "northwind-lead-score");
    assert_eq!(v["as_of"], "2026-11-24");
    assert_eq!(v["leads"].as_array().map(Vec::len), Some(2400));
    let total: u64 = v["tiers"].as_object().expect("tiers").values().map(|n| n.as_u64().unwrap_or(0)).sum();
    assert_eq!(total, 2400);
}

#[test]
fn score_review_md_and_html_from_the_binary() {
    let out = mopsc()
        .args(["score", "examples", "--today", "2026-11-24", "--review", "--format", "md"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("## Review") && md.contains("SCR102"), "{md}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("SCR102") && err.contains("examples/scoring.mops"), "{err}");
    let out = mopsc()
        .args(["score", "examples", "--today", "2026-11-24", "--review", "--format", "html"])
        .output()
        .expect("runs");
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<table>") && !html.contains("<script"));
}

#[test]
fn printed_sql_of_every_dialect_is_pinned() {
    for d in Dialect::ALL {
        let files =
            cmd::sql(&[manifest_dir().join("examples")], &opts(), d, None).map_err(|o| o.messages).expect("sql");
        assert_eq!(files.len(), 1);
        insta::assert_snapshot!(format!("sql_{}", d.as_str()), files[0].1);
    }
}

#[test]
fn sql_command_writes_one_file_per_query() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = mopsc()
        .args(["sql", "examples", "--today", "2026-11-24", "--dialect", "postgres", "--only", "score", "-o"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(dir.path().join("score_northwind-lead-score.sql")).expect("written");
    assert!(text.contains("\"crm\".\"leads\"") && text.contains("LEFT JOIN"));
}

fn stderr_of(dir: &str, extra: &[&str]) -> (i32, String) {
    let out = mopsc().args(["score", dir, "--today", "2026-11-24"]).args(extra).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn data_errors_as_the_user_sees_them() {
    for (name, code) in [("bad-value", "DATA001"), ("missing-column", "DATA002"), ("missing-file", "DATA003")] {
        let (status, err) = stderr_of(&format!("tests/fixtures/data/{name}"), &[]);
        assert_eq!(status, 1, "{err}");
        assert!(err.contains(code), "{name}: {err}");
        insta::assert_snapshot!(format!("data_{name}"), err);
    }
    // --max-bad-rows lets the run go on, and says so
    let out = mopsc()
        .args(["score", "tests/fixtures/data/bad-value", "--today", "2026-11-24", "--max-bad-rows", "1"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "key,score,tier,signals\nL1,30,mql,big\nL3,0,nurture,\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 bad rows"));
}

/// Load `csv` as the leads of a small workspace; the codes of the errors.
fn load_codes(csv: &[u8]) -> Result<usize, Vec<&'static str>> {
    let dir = tempfile::tempdir().expect("tmp");
    let src = "dataset crm: leads {\n  file = \"leads.csv\"\n  key = id\n  created = at\n  columns { n = int }\n}\n";
    std::fs::write(dir.path().join("w.mops"), src).expect("write");
    std::fs::write(dir.path().join("mops.toml"), "").expect("write");
    std::fs::write(dir.path().join("leads.csv"), csv).expect("write");
    let report = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("check");
    let a = &report.analyses[0];
    let ds = a.model.dataset("crm").expect("dataset");
    let mut eng = Sqlite::new().expect("sqlite");
    match eng.load(ds, &dir.path().join("leads.csv"), 0) {
        Ok((n, _)) => Ok(n),
        Err(EngineError::Data(errs)) => Err(errs.iter().map(|e| e.code).collect()),
        Err(EngineError::Engine(m)) => panic!("engine: {m}"),
    }
}

#[test]
fn hostile_csv_files_give_clear_errors_never_a_panic() {
    // a BOM and CRLF line ends are read
    assert_eq!(load_codes(b"\xEF\xBB\xBFid,at,n\r\nL1,2026-01-02T03:04:05Z,3\r\nL2,2026-01-02,4\r\n"), Ok(2));
    // a NUL inside a text field is data, kept
    assert_eq!(load_codes(b"id,at,n\nL\x001,2026-01-02T03:04:05+02:00,3\n"), Ok(1));
    // a 10 MB field
    let mut big = b"id,at,n\n".to_vec();
    big.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
    big.extend(b",2026-01-02,1\n");
    assert_eq!(load_codes(&big), Ok(1));
    // a wrong column count, a bad timestamp, a bad integer, bad UTF-8
    assert_eq!(load_codes(b"id,at,n\nL1,2026-01-02\n"), Err(vec!["DATA001"]));
    assert_eq!(load_codes(b"id,at,n\nL1,yesterday,1\n"), Err(vec!["DATA001"]));
    assert_eq!(load_codes(b"id,at,n\nL1,2026-13-40T00:00:00Z,1\n"), Err(vec!["DATA001"]));
    assert_eq!(load_codes(b"id,at,n\nL1,2026-01-02,1.5\n"), Err(vec!["DATA001"]));
    assert_eq!(load_codes(b"id,at,n\nL1,2026-01-02,\xff\n"), Err(vec!["DATA001"]));
    // an unterminated quote reads to the end: one field too few, not a panic
    assert!(load_codes(b"id,at,n\n\"L1,2026-01-02,1\n").is_err());
    // a missing column, an empty file
    assert_eq!(load_codes(b"id,n\nL1,1\n"), Err(vec!["DATA002"]));
    assert_eq!(load_codes(b""), Err(vec!["DATA002", "DATA002", "DATA002"]));
}

#[test]
fn a_missing_file_is_data003() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("w.mops"), "dataset crm: leads { file = \"nope.csv\" }\n").expect("write");
    std::fs::write(dir.path().join("mops.toml"), "").expect("write");
    let report = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("check");
    let ds = report.analyses[0].model.dataset("crm").expect("dataset");
    let mut eng = Sqlite::new().expect("sqlite");
    match eng.load(ds, &dir.path().join("nope.csv"), 0) {
        Err(EngineError::Data(e)) => assert_eq!(e[0].code, "DATA003"),
        other => panic!("{other:?}"),
    }
    let _ = Path::new(".");
}

#[test]
fn a_parquet_file_on_an_engine_without_a_parquet_reader_is_data003_pointing_to_duckdb() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("w.mops"), "dataset crm: leads { file = \"leads.parquet\" }\n").expect("write");
    std::fs::write(dir.path().join("mops.toml"), "").expect("write");
    std::fs::write(dir.path().join("leads.parquet"), b"PAR1").expect("write");
    std::fs::write(dir.path().join("leads.csv"), "key\nL1\n").expect("write");
    let report = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("check");
    let ds = report.analyses[0].model.dataset("crm").expect("dataset");
    let mut eng = mopsc::data::engine::open("sqlite", None, None).expect("sqlite");
    match eng.load(ds, &dir.path().join("leads.parquet"), 0) {
        Err(EngineError::Data(e)) => {
            assert_eq!(e[0].code, "DATA003");
            assert!(
                e[0].message.contains("duckdb and spark engines only") && e[0].message.contains("--engine duckdb"),
                "{e:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    // a CSV file of the same dataset loads on the same engine
    assert_eq!(eng.load(ds, &dir.path().join("leads.csv"), 0).expect("loads"), (1, 0));
}

// ------------------------------------------------------------ property test

/// One touch of a lead: hours before the end of the as-of day (negative:
/// after it, so never counted), its event and value.
#[derive(Debug, Clone)]
struct Touch {
    hours: i64,
    event: Option<String>,
    value: Option<f64>,
}

#[derive(Debug, Clone)]
struct Row {
    t: Option<String>,
    n: Option<i64>,
    b: Option<bool>,
    /// A timestamp column, hours before the end of the as-of day.
    d: Option<i64>,
    touches: Vec<Touch>,
}

/// SQL's three-valued logic: `Null` is unknown.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Null,
    Bool(bool),
    Int(i64),
    Num(f64),
    Text(String),
    /// A timestamp, as hours before the end of the as-of day.
    Time(i64),
}

/// What bare names read: the lead's columns, or (inside an aggregate's
/// `where`) the touch's.
#[derive(Clone, Copy)]
enum Ctx<'a> {
    Lead(&'a Row),
    Touch(&'a Touch),
}

fn num(v: &V) -> Option<f64> {
    match v {
        V::Int(i) => Some(*i as f64),
        V::Num(x) => Some(*x),
        _ => None,
    }
}

fn truthy(v: &V) -> bool {
    *v == V::Bool(true)
}

/// The direct evaluation of a condition, written from DATA.md §2 and the
/// reference (days-since counts to the end of the as-of day, in fractional
/// days; `within` counts back from it; touches after it are not read; `/`
/// by zero is unknown; `matches` searches, `(?i)` ignores case).
fn eval(e: &mopsc::data::cond::Expr, cx: Ctx) -> V {
    use mopsc::data::cond::ExprKind as K;
    use mopsc::syntax::Op;
    match &e.kind {
        K::Bool(b) => V::Bool(*b),
        K::Int(i) => V::Int(*i),
        K::Num(x) => V::Num(*x),
        K::Str(s) => V::Text(s.to_string()),
        K::Column(c) => match (cx, c.as_str()) {
            (Ctx::Lead(r), "t") => r.t.clone().map_or(V::Null, V::Text),
            (Ctx::Lead(r), "n") => r.n.map_or(V::Null, V::Int),
            (Ctx::Lead(r), "b") => r.b.map_or(V::Null, V::Bool),
            (Ctx::Lead(r), "d") => r.d.map_or(V::Null, V::Time),
            (Ctx::Touch(t), "event") => t.event.clone().map_or(V::Null, V::Text),
            (Ctx::Touch(t), "value") => t.value.map_or(V::Null, V::Num),
            (Ctx::Touch(t), "time") => V::Time(t.hours),
            _ => panic!("unknown column {c}"),
        },
        K::Not(x) => match eval(x, cx) {
            V::Bool(b) => V::Bool(!b),
            _ => V::Null,
        },
        K::Call { name, args } => {
            let agg = |a: &mopsc::data::cond::CallArg| -> Vec<&Touch> {
                let Ctx::Lead(r) = cx else { panic!("nested aggregate") };
                let within = match a.within.as_ref().map(|w| &w.kind) {
                    Some(K::Duration(h)) => Some(*h),
                    _ => None,
                };
                r.touches
                    .iter()
                    .filter(|t| t.hours > 0)
                    .filter(|t| within.is_none_or(|h| t.hours <= h))
                    .filter(|t| a.where_.as_ref().is_none_or(|w| truthy(&eval(w, Ctx::Touch(t)))))
                    .collect()
            };
            let a = &args[0];
            match name.value.as_str() {
                "lower" => match eval(&a.expr, cx) {
                    V::Text(s) => V::Text(s.to_lowercase()),
                    _ => V::Null,
                },
                "coalesce" => match eval(&a.expr, cx) {
                    V::Null => eval(&args[1].expr, cx),
                    v => v,
                },
                "days-since" => match eval(&a.expr, cx) {
                    V::Time(h) => V::Num((h * 3600) as f64 / 86400.0),
                    _ => V::Null,
                },
                "count" => V::Int(agg(a).len() as i64),
                "any" => V::Bool(!agg(a).is_empty()),
                "sum" => V::Num(agg(a).iter().filter_map(|t| t.value).sum()),
                "last" => agg(a).iter().map(|t| t.hours).min().map_or(V::Null, V::Time),
                other => panic!("function {other}"),
            }
        }
        K::Bin(op, l, rr) => {
            if matches!(op, Op::In | Op::NotIn) {
                let x = eval(l, cx);
                let K::List(items) = &rr.kind else { unreachable!() };
                if x == V::Null {
                    return V::Null;
                }
                let found = items.iter().any(|i| eval(i, cx) == x);
                return V::Bool(found != (*op == Op::NotIn));
            }
            if *op == Op::Matches {
                let (V::Text(x), K::Str(p)) = (eval(l, cx), &rr.kind) else { return V::Null };
                let re = regex::Regex::new(p).expect("pattern");
                return V::Bool(re.is_match(&x));
            }
            let (a, b) = (eval(l, cx), eval(rr, cx));
            match op {
                Op::And => match (a, b) {
                    (V::Bool(false), _) | (_, V::Bool(false)) => V::Bool(false),
                    (V::Bool(true), V::Bool(true)) => V::Bool(true),
                    _ => V::Null,
                },
                Op::Or => match (a, b) {
                    (V::Bool(true), _) | (_, V::Bool(true)) => V::Bool(true),
                    (V::Bool(false), V::Bool(false)) => V::Bool(false),
                    _ => V::Null,
                },
                _ => match (a, b) {
                    (V::Null, _) | (_, V::Null) => V::Null,
                    (V::Int(x), V::Int(y)) if *op != Op::Div => match op {
                        Op::Eq => V::Bool(x == y),
                        Op::Ne => V::Bool(x != y),
                        Op::Lt => V::Bool(x < y),
                        Op::Le => V::Bool(x <= y),
                        Op::Gt => V::Bool(x > y),
                        Op::Ge => V::Bool(x >= y),
                        Op::Add => V::Int(x + y),
                        Op::Sub => V::Int(x - y),
                        Op::Mul => V::Int(x * y),
                        _ => V::Null,
                    },
                    (V::Text(x), V::Text(y)) => match op {
                        Op::Eq => V::Bool(x == y),
                        Op::Ne => V::Bool(x != y),
                        Op::Lt => V::Bool(x < y),
                        Op::Gt => V::Bool(x > y),
                        Op::Contains => V::Bool(x.contains(&y)),
                        Op::StartsWith => V::Bool(x.starts_with(&y)),
                        Op::EndsWith => V::Bool(x.ends_with(&y)),
                        _ => V::Null,
                    },
                    (V::Bool(x), V::Bool(y)) => match op {
                        Op::Eq => V::Bool(x == y),
                        Op::Ne => V::Bool(x != y),
                        _ => V::Null,
                    },
                    (x, y) => match (num(&x), num(&y)) {
                        (Some(x), Some(y)) => match op {
                            Op::Eq => V::Bool(x == y),
                            Op::Ne => V::Bool(x != y),
                            Op::Lt => V::Bool(x < y),
                            Op::Le => V::Bool(x <= y),
                            Op::Gt => V::Bool(x > y),
                            Op::Ge => V::Bool(x >= y),
                            Op::Add => V::Num(x + y),
                            Op::Sub => V::Num(x - y),
                            Op::Mul => V::Num(x * y),
                            Op::Div if y == 0.0 => V::Null,
                            Op::Div => V::Num(x / y),
                            _ => V::Null,
                        },
                        _ => V::Null,
                    },
                },
            }
        }
        _ => V::Null,
    }
}

fn text_lit() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_string()),
        Just("ab".to_string()),
        Just("B".to_string()),
        Just("".to_string()),
        Just("b a".to_string())
    ]
}

fn text_expr() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("t".to_string()),
        text_lit().prop_map(|s| format!("{s:?}")),
        Just("lower(t)".to_string()),
        text_lit().prop_map(|s| format!("coalesce(t, {s:?})")),
    ]
}

/// Patterns of the portable subset: anchors, classes, alternation, `(?i)`.
fn pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("^a".to_string()),
        Just("b$".to_string()),
        Just("(?i)^b".to_string()),
        Just("a|B".to_string()),
        Just("^[ab]+$".to_string()),
        Just("(?i)A B?".to_string()),
        Just("x*".to_string()),
    ]
}

fn int_expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![Just("n".to_string()), (-3i64..4).prop_map(|i| i.to_string())];
    leaf.prop_recursive(2, 6, 2, |inner| {
        (inner.clone(), prop_oneof![Just("+"), Just("-"), Just("*")], inner)
            .prop_map(|(a, o, b)| format!("({a} {o} {b})"))
    })
}

/// A number: ints, a division (by zero, unknown), days since a time.
fn num_expr() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => (int_expr(), int_expr()).prop_map(|(a, b)| format!("({a} / {b})")),
        2 => Just("days-since(d)".to_string()),
        2 => touch_cond().prop_map(|w| format!("days-since(last(w.time where {w}))")),
        2 => (touch_cond(), prop_oneof![Just(""), Just(" within 48h"), Just(" within 7d")])
            .prop_map(|(w, within)| format!("count(w where {w}{within})")),
        2 => (touch_cond(), prop_oneof![Just(""), Just(" within 3d")])
            .prop_map(|(w, within)| format!("sum(w.value where {w}{within})")),
    ]
}

/// A threshold: whole and half numbers.
fn threshold() -> impl Strategy<Value = String> {
    prop_oneof![(-2i64..10).prop_map(|k| k.to_string()), (-2i64..10).prop_map(|k| format!("{k}.5"))]
}

/// A condition on a touch (inside an aggregate's `where`).
fn touch_cond() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("true".to_string()),
        Just("event == \"demo\"".to_string()),
        Just("event in [\"demo\", \"view\"]".to_string()),
        Just("event matches \"(?i)^V\"".to_string()),
        (-1i64..12).prop_map(|k| format!("value >= {k}")),
        Just("not (event == \"view\") and value > 1".to_string()),
    ]
}

fn cond() -> impl Strategy<Value = String> {
    let cmp = prop_oneof![Just("=="), Just("!="), Just("<"), Just("<="), Just(">"), Just(">=")];
    let leaf = prop_oneof![
        1 => Just("b".to_string()),
        1 => Just("true".to_string()),
        1 => (int_expr(), cmp.clone(), int_expr()).prop_map(|(a, o, b)| format!("{a} {o} {b}")),
        4 => (num_expr(), cmp.clone(), threshold()).prop_map(|(a, o, k)| format!("{a} {o} {k}")),
        1 => (
            text_expr(),
            prop_oneof![Just("=="), Just("!="), Just("contains"), Just("starts-with"), Just("ends-with")],
            text_expr()
        )
            .prop_map(|(a, o, b)| format!("{a} {o} {b}")),
        1 => (text_expr(), prop::bool::ANY, prop::collection::vec(text_lit(), 1..3)).prop_map(|(a, neg, items)| {
            let list: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
            format!("{a} {}in [{}]", if neg { "not " } else { "" }, list.join(", "))
        }),
        2 => (text_expr(), pattern()).prop_map(|(a, p)| format!("{a} matches {p:?}")),
        2 => touch_cond().prop_map(|w| format!("any(w where {w} within 5d)")),
        1 => Just("b == false".to_string()),
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), prop_oneof![Just("and"), Just("or")], inner.clone())
                .prop_map(|(a, o, b)| format!("({a}) {o} ({b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

fn touch() -> impl Strategy<Value = Touch> {
    (
        -30i64..24 * 12,
        prop::option::of(prop_oneof![Just("demo".to_string()), Just("view".to_string()), Just("Visit".to_string())]),
        prop::option::of((0i64..20).prop_map(|h| h as f64 / 2.0)),
    )
        .prop_map(|(hours, event, value)| Touch { hours, event, value })
}

fn row() -> impl Strategy<Value = Row> {
    (
        prop::option::of(text_lit()),
        prop::option::of(-3i64..4),
        prop::option::of(prop::bool::ANY),
        prop::option::of(-24i64..24 * 9),
        prop::collection::vec(touch(), 0..7),
    )
        .prop_map(|(t, n, b, d, touches)| {
            // an empty text field reads as missing
            Row { t: t.filter(|s| !s.is_empty()), n, b, d, touches }
        })
}

/// The timestamp `hours` before the end of the as-of day (2026-11-24).
fn stamp(hours: i64) -> String {
    let end = jiff::civil::date(2026, 11, 25).to_datetime(jiff::civil::Time::midnight());
    let t = end.checked_sub(jiff::Span::new().hours(hours)).expect("in range");
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]
    #[test]
    fn sqlite_agrees_with_a_direct_evaluation(c in cond(), rows in prop::collection::vec(row(), 1..12)) {
        let dir = tempfile::tempdir().expect("tmp");
        let src = format!(
            "dataset d: leads {{\n  file = \"d.csv\"\n  key = id\n  columns {{ t = text  n = int  b = bool  d = timestamp }}\n}}\ndataset w: touches {{\n  file = \"w.csv\"\n  person = who\n  columns {{ value = number }}\n}}\nscoring s {{\n  leads = d\n  signal x: engagement {{\n    points = 1\n    when = {c}\n  }}\n  tiers {{ nurture = 0..0  mql = 1..1  sql = 2..2  hot = 3.. }}\n}}\n"
        );
        std::fs::write(dir.path().join("w.mops"), &src).expect("write");
        std::fs::write(dir.path().join("mops.toml"), "").expect("write");
        let mut csv = String::from("id,t,n,b,d\n");
        let mut tcsv = String::from("who,time,event,value\n");
        for (i, r) in rows.iter().enumerate() {
            csv.push_str(&format!(
                "k{i:02},{},{},{},{}\n",
                r.t.clone().unwrap_or_default(),
                r.n.map(|n| n.to_string()).unwrap_or_default(),
                r.b.map(|b| b.to_string()).unwrap_or_default(),
                r.d.map(stamp).unwrap_or_default(),
            ));
            for t in &r.touches {
                tcsv.push_str(&format!(
                    "k{i:02},{},{},{}\n",
                    stamp(t.hours),
                    t.event.clone().unwrap_or_default(),
                    t.value.map(|v| v.to_string()).unwrap_or_default()
                ));
            }
        }
        std::fs::write(dir.path().join("d.csv"), csv).expect("write");
        std::fs::write(dir.path().join("w.csv"), tcsv).expect("write");
        let report = mopsc::check::check_paths(&[dir.path().to_path_buf()], &opts()).expect("check");
        let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.code.starts_with('E')).collect();
        prop_assert!(errors.is_empty(), "{c}: {errors:?}");
        let a = &report.analyses[0];
        let s = &a.model.scorings[0];
        let ds = a.model.dataset("d").expect("d");
        let q = score::query(&a.model, s, ds, today());
        let mut eng = Sqlite::new().expect("sqlite");
        eng.load(ds, &dir.path().join("d.csv"), 0).expect("load");
        eng.load(a.model.dataset("w").expect("w"), &dir.path().join("w.csv"), 0).expect("load");
        let scores = score::run(&q, &mut eng, "s", today()).expect("run");
        let when = s.data.signals[0].when.as_ref().expect("when");
        for (i, r) in rows.iter().enumerate() {
            let expected = truthy(&eval(when, Ctx::Lead(r)));
            let got = scores.leads[i].signals.len() == 1;
            prop_assert_eq!(got, expected, "{} on {:?}", c, r);
        }
    }
}

#[test]
fn score_format_enum_is_used() {
    // the library's formats map one to one onto the CLI's
    let s = examples_scores();
    assert!(cmd::to_json(&s, None).contains("\"score_version\": 1"));
    let _ = ScoreFormat::Csv;
}

#[test]
fn conditions_are_formatted_and_keep_their_meaning() {
    let src = "scoring s {\n  signal x: engagement {\n    points = 5\n    when = not(a  ==1)and count( web where url   starts-with \"/p\"  within 7d )>=2 or lower(t)in [\"a\",\"b\"]\n  }\n}\n";
    let out = mopsc::format::format_source(src).expect("formats");
    assert!(
        out.contains(
            "when   = not (a == 1) and count(web where url starts-with \"/p\" within 7d) >= 2 or lower(t) in [\"a\", \"b\"]"
        ),
        "{out}"
    );
    assert_eq!(mopsc::format::format_source(&out).expect("formats"), out, "idempotent");
    // the same tree before and after
    let tree = |s: &str| {
        let (ast, d) = mopsc::syntax::parse(mopsc::diagnostic::FileId(1), s, mopsc::syntax::DEFAULT_MAX_DEPTH);
        assert!(d.is_empty(), "{d:?}");
        let when = &ast.blocks[0].blocks[0].attributes[1].value;
        format!("{:?}", strip(when))
    };
    assert_eq!(tree(src), tree(&out));
}

/// A value's shape without spans.
fn strip(v: &mopsc::syntax::Value) -> String {
    use mopsc::syntax::ValueKind as K;
    match &v.kind {
        K::Not(_, e) => format!("not({})", strip(e)),
        K::Binary { op, lhs, rhs, .. } => format!("({} {} {})", strip(lhs), op.as_str(), strip(rhs)),
        K::Paren(e) => format!("[{}]", strip(e)),
        K::Call { name, args } => format!(
            "{}({})",
            name.text,
            args.iter()
                .map(|a| format!(
                    "{} w {:?} i {:?}",
                    strip(&a.expr),
                    a.where_.as_ref().map(strip),
                    a.within.as_ref().map(strip)
                ))
                .collect::<Vec<_>>()
                .join(",")
        ),
        K::List(items) => items.iter().map(strip).collect::<Vec<_>>().join(","),
        K::String(s) | K::Ident(s) | K::Integer(s) => s.clone(),
        K::Quantity { number, unit, .. } => format!("{number}{unit}"),
        other => other.describe().to_string(),
    }
}

#[test]
fn precedence_is_or_and_not_comparison_sum_product() {
    let (ast, _) = mopsc::syntax::parse(
        mopsc::diagnostic::FileId(1),
        "x { when = not a == 1 + 2 * 3 and b or c }\n",
        mopsc::syntax::DEFAULT_MAX_DEPTH,
    );
    assert_eq!(strip(&ast.blocks[0].attributes[0].value), "((not((a == (1 + (2 * 3)))) and b) or c)");
}
