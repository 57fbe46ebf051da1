//! `mopsc check --data` (DATA.md §5): the data-quality targets of each
//! dataset's `quality { … }` (DQ001–DQ004), the UTM consistency of touches
//! against the policy in force and the campaign registry (DQ101–DQ107), and
//! the scoring review (SCR101–SCR103) where leads have an `outcome`.
//!
//! Every figure is an IR query (`ir`) printed for the engine (`print`): the
//! engine aggregates (fill counts, duplicate groups, stale rows, the distinct
//! UTM combinations with their counts) and Rust finishes the small parts
//! (the policy's globs and normalisation, the campaign registry). Plain
//! `check` never comes here: nothing reads data without `--data`, and the
//! language server never does.
//!
//! The DQ codes are rules like every lint rule (configuration, selection,
//! severities, `# mops: allow(…)`, `explain`) kept in their own registry
//! ([`RULES`]): the lint engine does not run them, `check --data` does.

use std::collections::BTreeMap;

use super::engine::{self, Cell, Engine, EngineChoice, EngineError, Opened};
use super::ir::{Agg, Arith, Cmp, From, Lit, Scalar, Select};
use crate::check::{Analysis, Report};
use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::literal::{Date, Percent};
use crate::model::{ColType, Dataset, Decl, Model, Name};
use crate::rules::prelude::*;

fn no_check(_: &Ctx, _: &mut Sink) {}

macro_rules! data_rule {
    ($id:ident, $code:literal, $name:literal, $summary:literal, $why:literal, $bad:expr, $good:expr) => {
        pub static $id: Rule = Rule {
            code: $code,
            name: $name,
            severity: Severity::Warning,
            fix: None,
            summary: $summary,
            why: $why,
            bad: $bad,
            good: $good,
            check: no_check,
        };
    };
}

const LEADS_Q: &str = "dataset crm-leads : leads {\n  file = \"data/leads.csv\"\n  email = email\n  columns { title = text  country = text }\n  quality {\n    required     = [email, title]\n    completeness = 95%\n    unique       = [email]\n    max-duplicates = 1%\n    fresh        = 90d\n    timeliness   = 80%\n    formats { email = email  country = iso-country }\n  }\n}\n";

data_rule!(
    DQ001,
    "DQ001",
    "completeness-below-target",
    "a required field of a dataset is filled in fewer rows than `completeness` (default 100%)",
    "The Data Quality Framework's completeness: required fields are filled, measured as the share of records that have them. Empty text counts as missing.",
    "dataset crm-leads : leads {\n  file = \"data/leads.csv\"\n  columns { title = text }\n  quality { required = [title]  completeness = 99% }\n}\n",
    "dataset crm-leads : leads {\n  file = \"data/leads.csv\"\n  columns { title = text }\n  quality { required = [title]  completeness = 90% }\n}\n"
);
data_rule!(
    DQ002,
    "DQ002",
    "duplicates-above-maximum",
    "a `unique` column has more duplicate rows than `max-duplicates` (default 0%), text compared trimmed and lowercase",
    "The Data Quality Framework's uniqueness: no duplicate records, measured as the duplicate rate (every row beyond the first of its value).",
    "dataset crm-leads : leads {\n  file = \"data/leads.csv\"\n  email = email\n  quality { unique = [email] }\n}\n",
    "dataset crm-leads : leads {\n  file = \"data/leads.csv\"\n  email = email\n  quality { unique = [email]  max-duplicates = 5% }\n}\n"
);
data_rule!(
    DQ003,
    "DQ003",
    "timeliness-below-target",
    "fewer rows than `timeliness` (default 100%) were updated within `fresh` of the as-of day",
    "The Data Quality Framework's timeliness: data is current, measured as the share of records updated within the freshness window.",
    "dataset crm-leads : leads {\n  file = \"data/leads.csv\"\n  updated = updated_at\n  quality { fresh = 30d }\n}\n",
    "dataset crm-leads : leads {\n  file = \"data/leads.csv\"\n  updated = updated_at\n  quality { fresh = 365d  timeliness = 50% }\n}\n"
);
data_rule!(
    DQ004,
    "DQ004",
    "value-breaks-format",
    "values of a column break the format `formats { COLUMN = FORMAT }` gives it",
    "The Data Quality Framework's consistency: the same data in the same format everywhere. Formats: email, url, domain, iso-country, phone, lowercase, kebab-case, or a regular expression.",
    LEADS_Q,
    "dataset crm-leads : leads {\n  file = \"data/leads.csv\"\n  email = email\n}\n"
);
data_rule!(
    DQ101,
    "DQ101",
    "utm-value-not-lowercase",
    "touches carry UTM values with capitals",
    "The UTM standard: always lowercase. `Google` and `google` split one source in two in every report.",
    "dataset web : touches { file = \"data/touches.csv\"  source = utm_source }\n",
    "dataset web : touches { file = \"data/touches.csv\" }\n"
);
data_rule!(
    DQ102,
    "DQ102",
    "utm-value-spaces-or-underscores",
    "touches carry UTM values with spaces or underscores",
    "The UTM standard: hyphens, not spaces or underscores.",
    "dataset web : touches { file = \"data/touches.csv\"  campaign = utm_campaign }\n",
    "dataset web : touches { file = \"data/touches.csv\" }\n"
);
data_rule!(
    DQ103,
    "DQ103",
    "utm-medium-outside-policy",
    "touches carry a utm_medium the policy in force does not allow (after lowercase and hyphen normalisation)",
    "Mediums are channel types from one list; a medium outside it falls out of every channel report.",
    "dataset web : touches { file = \"data/touches.csv\"  medium = utm_medium }\n",
    "dataset web : touches { file = \"data/touches.csv\" }\n"
);
data_rule!(
    DQ104,
    "DQ104",
    "utm-source-outside-policy",
    "touches carry a utm_source the policy in force does not allow (globs like `partner-*` match)",
    "Sources are platforms from one list; an unknown source is a typo or an untracked partner.",
    "dataset web : touches { file = \"data/touches.csv\"  source = utm_source }\n",
    "dataset web : touches { file = \"data/touches.csv\" }\n"
);
data_rule!(
    DQ105,
    "DQ105",
    "utm-term-outside-paid-search",
    "touches carry a utm_term where the medium is not a paid-search medium",
    "The UTM standard: utm_term is for paid search only.",
    "dataset web : touches { file = \"data/touches.csv\"  term = utm_term }\n",
    "dataset web : touches { file = \"data/touches.csv\" }\n"
);
data_rule!(
    DQ106,
    "DQ106",
    "utm-campaign-not-registered",
    "touches carry a utm_campaign that no declared campaign's `utm` has",
    "The UTM standard: document all campaign names in a shared registry. The declared campaigns are the registry.",
    "dataset web : touches { file = \"data/touches.csv\"  campaign = utm_campaign }\n",
    "dataset web : touches { file = \"data/touches.csv\" }\n"
);
data_rule!(
    DQ107,
    "DQ107",
    "too-many-untagged-touches",
    "the share of touches with no UTM source, medium or campaign is above `max-untagged` (option, default 10%)",
    "Attribution needs tagged traffic: all marketing channels tagged consistently.",
    "dataset web : touches { file = \"data/touches.csv\"  source = utm_source  medium = utm_medium }\n",
    "dataset web : touches { file = \"data/touches.csv\" }\n"
);

/// The rules measured on data, in code order.
pub static RULES: &[&Rule] = &[&DQ001, &DQ002, &DQ003, &DQ004, &DQ101, &DQ102, &DQ103, &DQ104, &DQ105, &DQ106, &DQ107];

pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// The ISO 3166-1 alpha-2 country codes (`iso-country`).
const ISO_COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// The pattern of a named format (portable subset), `None` for the formats
/// that are not patterns (`iso-country`, `lowercase`).
pub fn format_pattern(name: &str) -> Option<&'static str> {
    Some(match name {
        "email" => "^[^@ ]+@[^@ ]+[.][^@ ]+$",
        "url" => "^https?://[^ ]+$",
        "domain" => "^[A-Za-z0-9-]+([.][A-Za-z0-9-]+)+$",
        "phone" => "^[+]?[0-9 ().-]{6,}$",
        "kebab-case" => "^[a-z0-9]+(-[a-z0-9]+)*$",
        _ => return None,
    })
}

/// What a run of the checks reads: the as-of day, bad rows allowed.
#[derive(Debug, Clone, Copy)]
pub struct DataOptions {
    pub as_of: Date,
    pub max_bad_rows: usize,
}

fn pct(x: f64) -> String {
    let p = x * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{:.0}%", p)
    } else {
        format!("{p:.1}%")
    }
}

/// "1 row", "2 rows", "1 touch", "2 touches".
fn plural(n: i64, what: &str) -> String {
    match (n, what.ends_with("ch")) {
        (1, _) => format!("1 {what}"),
        (_, true) => format!("{n} {what}es"),
        _ => format!("{n} {what}s"),
    }
}

fn share(p: &Percent) -> f64 {
    p.hundredths as f64 / 10_000.0
}

/// `check --data` on the embedded engine: the data diagnostics of every
/// checked set without errors.
pub fn check_data(report: &Report, opts: DataOptions) -> Vec<Diagnostic> {
    check_data_on(report, opts, &EngineChoice::sqlite()).diagnostics
}

/// What `check --data` measured, and where.
pub struct Measured {
    pub diagnostics: Vec<Diagnostic>,
    /// The engine that ran (`NAME VERSION (WHERE)`); none when nothing
    /// needed the data.
    pub engine: Option<String>,
}

/// `check --data` on the chosen engine (`--engine`).
pub fn check_data_on(report: &Report, opts: DataOptions, choice: &EngineChoice) -> Measured {
    let mut out = Vec::new();
    let mut engine = None;
    for a in &report.analyses {
        if a.has_errors {
            continue;
        }
        let mut found = Vec::new();
        if let Some(e) = run_set(report, a, opts, choice, &mut found) {
            engine.get_or_insert(e);
        }
        apply_config(a, &mut found);
        out.extend(found);
    }
    Measured { diagnostics: out, engine }
}

/// `check --data --format json`: the diagnostics' JSON with the top-level
/// `engine` that measured.
pub fn with_engine(json: &str, engine: &str) -> String {
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(json) else { return json.to_string() };
    if let Some(obj) = v.as_object_mut() {
        obj.insert("engine".into(), serde_json::Value::String(engine.to_string()));
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// Selection, severities and `# mops: allow(…)` of the set's configuration.
fn apply_config(a: &Analysis, diags: &mut Vec<Diagnostic>) {
    let sups: Vec<&crate::rules::sup::Suppression> = a.set.files.iter().flat_map(|pf| pf.suppressions.iter()).collect();
    diags.retain(|d| {
        if !a.config.enabled(&d.code) {
            return false;
        }
        !sups.iter().any(|s| s.file == d.file && s.covers.contains(d.span) && s.codes.iter().any(|(c, _)| c == &d.code))
    });
    for d in diags.iter_mut() {
        d.severity = a.config.severity_of(&d.code, d.severity);
    }
}

/// Measure one set; the engine's description when one ran.
fn run_set(
    report: &Report,
    a: &Analysis,
    opts: DataOptions,
    choice: &EngineChoice,
    out: &mut Vec<Diagnostic>,
) -> Option<String> {
    let model = &a.model;
    let user: Vec<&Decl<Dataset>> = model.datasets.iter().filter(|d| d.file != FileId::PRELUDE).collect();
    // what to measure: datasets with targets, touches, scored leads with outcomes
    let mut needed: Vec<&Decl<Dataset>> = Vec::new();
    for d in &user {
        if d.data.quality.is_some() || (d.data.kind.value == "touches" && utm_fields(d).next().is_some()) {
            needed.push(d);
        }
    }
    let scorings: Vec<_> = model
        .scorings
        .iter()
        .filter(|s| s.file != FileId::PRELUDE && s.data.signals.iter().any(|x| x.when.is_some()))
        .filter_map(|s| {
            model.dataset_for(s.data.leads.as_ref(), "leads").filter(|l| l.data.has_role("outcome")).map(|l| (s, l))
        })
        .collect();
    if needed.is_empty() && scorings.is_empty() {
        return None;
    }
    let mut eng = match choice.open() {
        Ok(e) => e,
        Err(engine::OpenError::Engine(e)) => {
            out.push(engine_diag(model, user.first().copied(), e));
            return None;
        }
        Err(engine::OpenError::Usage(m)) => {
            out.push(engine_diag(model, user.first().copied(), EngineError::Engine(m)));
            return None;
        }
    };
    let described = eng.describe();
    let mut loaded: Vec<Name> = Vec::new();
    let mut failed: Vec<Name> = Vec::new();
    let mut load = |ds: &Decl<Dataset>, eng: &mut Opened, out: &mut Vec<Diagnostic>| -> bool {
        if loaded.contains(&ds.name.value) {
            return true;
        }
        if failed.contains(&ds.name.value) {
            return false;
        }
        let Some(p) = &ds.data.path else {
            // a warehouse table, on an engine that reads them
            if let Some(t) = &ds.data.table {
                if eng.use_table(&ds.name.value, &t.value) {
                    loaded.push(ds.name.value.clone());
                    return true;
                }
            }
            failed.push(ds.name.value.clone());
            return false;
        };
        let file = engine::dataset_file(&report.files.get(ds.file).path, &p.value);
        match eng.load(ds, &file, opts.max_bad_rows) {
            Ok(_) => {
                loaded.push(ds.name.value.clone());
                true
            }
            Err(e) => {
                out.extend(super::cmd::engine_failure(report, model, e).diagnostics);
                failed.push(ds.name.value.clone());
                false
            }
        }
    };
    for ds in needed {
        if !load(ds, &mut eng, out) {
            continue;
        }
        let e = eng.engine();
        let r = (|| -> Result<(), EngineError> {
            if let Some(q) = &ds.data.quality {
                completeness(e, ds, q, out)?;
                duplicates(e, ds, q, out)?;
                timeliness(e, ds, q, opts.as_of, out)?;
                formats(e, ds, q, out)?;
            }
            if ds.data.kind.value == "touches" {
                utm(e, model, &a.config.options, ds, out)?;
            }
            Ok(())
        })();
        if let Err(e) = r {
            out.push(engine_diag(model, Some(ds), e));
        }
    }
    for (s, leads) in scorings {
        let q = super::score::query(model, s, leads, opts.as_of);
        let mut ok = true;
        for name in &q.datasets {
            match model.dataset(name) {
                Some(ds) => ok &= load(ds, &mut eng, out),
                None => ok = false,
            }
        }
        if !ok {
            continue;
        }
        match super::score::run(&q, eng.engine(), &s.name.value, opts.as_of) {
            Ok(scores) => {
                if let Some(r) = super::score::review(&scores) {
                    out.extend(super::cmd::review_diagnostics(s, &r));
                }
            }
            Err(e) => out.push(engine_diag(model, Some(leads), e)),
        }
    }
    Some(described)
}

fn engine_diag(model: &Model, ds: Option<&Decl<Dataset>>, e: EngineError) -> Diagnostic {
    let msg = match e {
        EngineError::Engine(m) => format!("the engine failed: {m}"),
        EngineError::Data(errs) => errs.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; "),
    };
    let (file, span) = ds.map(|d| (d.file, d.header)).unwrap_or((FileId::PRELUDE, Span::new(0, 0)));
    let _ = model;
    Diagnostic::error("DATA004", msg, file, span).with_label(file, span, "measured here")
}

/// Check time (no data): the columns `quality` names exist (E050), a
/// pattern is portable (E054), `fresh` has a time to measure (E012).
pub fn validate(ds: &Decl<Dataset>, q: &crate::model::Quality, diags: &mut Vec<Diagnostic>) {
    let schema = ds.data.schema();
    let names: Vec<&str> = schema.iter().map(|(c, _)| c.as_str()).collect();
    let cols = q.required.iter().chain(q.unique.iter()).chain(q.formats.iter().map(|(c, _)| c));
    for c in cols {
        if column(ds, &c.value).is_none() {
            let help = crate::schema::did_you_mean(&c.value, names.iter().copied()).unwrap_or_else(|| {
                format!(
                    "the columns of `{}` are {}; declare others in its `columns {{ NAME = TYPE }}`",
                    ds.name.value,
                    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                )
            });
            diags.push(
                Diagnostic::error(
                    "E050",
                    format!("dataset `{}` has no column `{}`", ds.name.value, c.value),
                    ds.file,
                    c.span,
                )
                .with_label(ds.file, c.span, "unknown column")
                .with_help(help),
            );
        }
    }
    for (_, f) in &q.formats {
        if let Some(p) = f.value.strip_prefix('/') {
            if let Err(why) = super::cond::portable_regex(p) {
                diags.push(
                    Diagnostic::error("E054", format!("bad regular expression: {why}"), ds.file, f.span)
                        .with_label(ds.file, f.span, "bad pattern")
                        .with_help("use the portable subset: classes, alternation, anchors, repetition, and `(?i)` at the start"),
                );
            }
        }
    }
    if let Some(fresh) = &q.fresh {
        if freshness_column(&ds.data).is_none() {
            diags.push(
                Diagnostic::error(
                    "E012",
                    format!("`fresh` needs to know when a row of `{}` was updated", ds.name.value),
                    ds.file,
                    fresh.span,
                )
                .with_label(ds.file, fresh.span, "nothing to measure")
                .with_help("map the `updated` (or `created`) role to a timestamp column: `updated = updated_at`"),
            );
        }
    }
}

// ---------------------------------------------------------------- queries

fn scan(ds: &Decl<Dataset>) -> From {
    From::Scan { dataset: ds.name.value.clone(), alias: Name::new("t"), columns: ds.data.schema() }
}

fn select(cols: Vec<(&str, Scalar)>, from: From, filter: Option<Scalar>) -> Select {
    Select {
        with: vec![],
        cols: cols.into_iter().map(|(n, s)| (Name::new(n), s)).collect(),
        from,
        filter,
        group_by: vec![],
        order_by: vec![],
    }
}

fn rows() -> Scalar {
    Scalar::Agg(Agg::Sum, Box::new(Scalar::int(1)))
}

fn sum_flag(cond: Scalar) -> Scalar {
    Scalar::Agg(Agg::Sum, Box::new(Scalar::flag(cond)))
}

fn not(s: Scalar) -> Scalar {
    Scalar::Not(Box::new(s))
}

/// The column a name of `quality` means: a column of the schema, or the
/// column playing the role of that name.
fn column(ds: &Decl<Dataset>, name: &str) -> Option<(Name, ColType)> {
    let schema = ds.data.schema();
    if let Some((c, t)) = schema.iter().find(|(c, _)| c == name) {
        return Some((c.clone(), *t));
    }
    let mapped = ds.data.roles.iter().find(|(r, _)| r == name).map(|(_, c)| c.value.clone())?;
    schema.into_iter().find(|(c, _)| *c == mapped)
}

/// The value is there: not NULL, and for text not blank.
fn filled(c: &str, t: ColType) -> Scalar {
    let present = not(Scalar::IsNull(Box::new(Scalar::col("t", c))));
    if t == ColType::Text {
        let blank =
            Scalar::cmp(Cmp::Eq, Scalar::Trim(Box::new(Scalar::col("t", c))), Scalar::Lit(Lit::Str(String::new())));
        Scalar::and(present, not(blank))
    } else {
        present
    }
}

/// The identifying column of a row, for examples.
fn key_column(ds: &Decl<Dataset>) -> Option<String> {
    let role = match ds.data.kind.value.as_str() {
        "leads" => "key",
        "touches" => "person",
        _ => "date",
    };
    ds.data.role(role).map(str::to_string)
}

/// The first `n` rows of a printed query.
fn limited(eng: &mut dyn Engine, q: &Select, n: usize) -> Result<Vec<Vec<Cell>>, EngineError> {
    let sql = format!("{}LIMIT {n}\n", eng.print(q));
    eng.query(&sql)
}

fn num(c: Option<&Cell>) -> f64 {
    match c {
        Some(Cell::Int(i)) => *i as f64,
        Some(Cell::Num(x)) => *x,
        Some(Cell::Text(s)) => s.parse().unwrap_or(0.0),
        _ => 0.0,
    }
}

/// A diagnostic at `span` with the measured examples as labels on the
/// dataset's source (related locations in SARIF).
fn finding(
    rule: &Rule,
    ds: &Decl<Dataset>,
    span: Span,
    msg: String,
    label: &str,
    help: &str,
    examples: &[String],
) -> Diagnostic {
    let mut d =
        Diagnostic::new(rule.code, rule.severity, msg, ds.file, span).with_label(ds.file, span, label).with_help(help);
    let src = ds.data.path.as_ref().map_or(ds.header, |p| p.span);
    for e in examples.iter().take(5) {
        d = d.with_label(ds.file, src, format!("e.g. {e}"));
    }
    d
}

fn completeness(
    eng: &mut dyn Engine,
    ds: &Decl<Dataset>,
    q: &crate::model::Quality,
    out: &mut Vec<Diagnostic>,
) -> Result<(), EngineError> {
    let fields: Vec<_> = q.required.iter().filter_map(|f| column(ds, &f.value).map(|c| (f, c))).collect();
    if fields.is_empty() {
        return Ok(());
    }
    let mut cols = vec![("n", rows())];
    let names: Vec<String> = (0..fields.len()).map(|i| format!("f_{i}")).collect();
    for (i, (_, (c, t))) in fields.iter().enumerate() {
        cols.push((names[i].as_str(), sum_flag(filled(c, *t))));
    }
    let r = eng.query(&eng.print(&select(cols, scan(ds), None)))?;
    let row = r.first().cloned().unwrap_or_default();
    let n = num(row.first());
    if n == 0.0 {
        return Ok(());
    }
    let target = q.completeness.as_ref().map_or(1.0, |p| share(&p.value));
    let shown_target = q.completeness.as_ref().map_or("100%".to_string(), |p| p.value.to_string());
    for (i, (f, (c, t))) in fields.iter().enumerate() {
        let filled_n = num(row.get(i + 1));
        let rate = filled_n / n;
        if rate + 1e-12 >= target {
            continue;
        }
        let mut examples = Vec::new();
        if let Some(k) = key_column(ds) {
            let mut ex = select(vec![("k", Scalar::col("t", &k))], scan(ds), Some(not(filled(c, *t))));
            ex.order_by = vec![Scalar::col("t", &k)];
            for row in limited(eng, &ex, 5)? {
                examples.push(format!("`{}` has no `{c}`", row.first().map(Cell::text).unwrap_or_default()));
            }
        }
        out.push(finding(
            &DQ001,
            ds,
            f.span,
            format!(
                "`{c}` of dataset `{}` is filled in {} of rows ({} of {}); the target is {shown_target}",
                ds.name.value,
                pct(rate),
                filled_n as i64,
                n as i64
            ),
            "measured on the data",
            "fill the field at the source (a required form field, an enrichment), or lower `completeness` to what the team commits to",
            &examples,
        ));
    }
    Ok(())
}

fn dup_key(c: &str, t: ColType) -> Scalar {
    if t == ColType::Text {
        Scalar::Lower(Box::new(Scalar::Trim(Box::new(Scalar::col("t", c)))))
    } else {
        Scalar::col("t", c)
    }
}

fn duplicates(
    eng: &mut dyn Engine,
    ds: &Decl<Dataset>,
    q: &crate::model::Quality,
    out: &mut Vec<Diagnostic>,
) -> Result<(), EngineError> {
    let max = q.max_duplicates.as_ref().map_or(0.0, |p| share(&p.value));
    let shown_max = q.max_duplicates.as_ref().map_or("0%".to_string(), |p| p.value.to_string());
    for f in &q.unique {
        let Some((c, t)) = column(ds, &f.value) else { continue };
        let groups = Select {
            with: vec![],
            cols: vec![(Name::new("k"), dup_key(&c, t)), (Name::new("n"), rows())],
            from: scan(ds),
            filter: Some(filled(&c, t)),
            group_by: vec![dup_key(&c, t)],
            order_by: vec![],
        };
        let sub = || From::Sub { query: Box::new(groups.clone()), alias: Name::new("g") };
        let extra = Scalar::Arith(Arith::Sub, Box::new(Scalar::col("g", "n")), Box::new(Scalar::int(1)));
        let total = select(
            vec![
                ("rows", Scalar::Agg(Agg::Sum, Box::new(Scalar::col("g", "n")))),
                ("dups", Scalar::Agg(Agg::Sum, Box::new(extra))),
            ],
            sub(),
            None,
        );
        let r = eng.query(&eng.print(&total))?;
        let row = r.first().cloned().unwrap_or_default();
        let (n, dups) = (num(row.first()), num(row.get(1)));
        if n == 0.0 {
            continue;
        }
        let rate = dups / n;
        if rate <= max + 1e-12 {
            continue;
        }
        let mut ex = select(
            vec![("k", Scalar::col("g", "k")), ("n", Scalar::col("g", "n"))],
            sub(),
            Some(Scalar::cmp(Cmp::Gt, Scalar::col("g", "n"), Scalar::int(1))),
        );
        ex.order_by = vec![
            Scalar::Arith(Arith::Sub, Box::new(Scalar::int(0)), Box::new(Scalar::col("g", "n"))),
            Scalar::col("g", "k"),
        ];
        let examples: Vec<String> = limited(eng, &ex, 5)?
            .iter()
            .map(|r| {
                format!(
                    "`{}` in {}",
                    r.first().map(Cell::text).unwrap_or_default(),
                    plural(num(r.get(1)) as i64, "row")
                )
            })
            .collect();
        out.push(finding(
            &DQ002,
            ds,
            f.span,
            format!(
                "`{c}` of dataset `{}` has {} duplicate rows in {} ({}); the maximum is {shown_max}",
                ds.name.value,
                dups as i64,
                n as i64,
                pct(rate)
            ),
            "measured on the data",
            "merge the duplicates in the source (the seed's monthly \"deduplicate CRM records\"), or raise `max-duplicates`",
            &examples,
        ));
    }
    Ok(())
}

/// The column whose time says how current a row is.
pub fn freshness_column(ds: &Dataset) -> Option<&str> {
    match ds.kind.value.as_str() {
        "leads" => ["updated", "created"].into_iter().find(|r| ds.has_role(r)).and_then(|r| ds.role(r)),
        "touches" => ds.role("time"),
        _ => ds.role("date"),
    }
}

fn timeliness(
    eng: &mut dyn Engine,
    ds: &Decl<Dataset>,
    q: &crate::model::Quality,
    as_of: Date,
    out: &mut Vec<Diagnostic>,
) -> Result<(), EngineError> {
    let Some(fresh) = &q.fresh else { return Ok(()) };
    let Some(c) = freshness_column(&ds.data).map(str::to_string) else { return Ok(()) };
    let end = as_of.tomorrow().unwrap_or(as_of).to_datetime(jiff::civil::Time::midnight());
    let from = end.checked_sub(jiff::Span::new().hours(fresh.value.hours)).unwrap_or(end);
    let from = from.strftime("%Y-%m-%d %H:%M:%S").to_string();
    let timely = Scalar::cmp(Cmp::Ge, Scalar::col("t", &c), Scalar::Lit(Lit::Timestamp(from.clone())));
    let r = eng.query(&eng.print(&select(vec![("n", rows()), ("ok", sum_flag(timely.clone()))], scan(ds), None)))?;
    let row = r.first().cloned().unwrap_or_default();
    let (n, ok) = (num(row.first()), num(row.get(1)));
    if n == 0.0 {
        return Ok(());
    }
    let target = q.timeliness.as_ref().map_or(1.0, |p| share(&p.value));
    let shown_target = q.timeliness.as_ref().map_or("100%".to_string(), |p| p.value.to_string());
    let rate = ok / n;
    if rate + 1e-12 >= target {
        return Ok(());
    }
    let mut examples = Vec::new();
    if let Some(k) = key_column(ds) {
        let stale = Scalar::Or(Box::new(not(timely)), Box::new(Scalar::IsNull(Box::new(Scalar::col("t", &c)))));
        let mut ex = select(vec![("k", Scalar::col("t", &k)), ("at", Scalar::col("t", &c))], scan(ds), Some(stale));
        ex.order_by = vec![Scalar::col("t", &c), Scalar::col("t", &k)];
        for r in limited(eng, &ex, 5)? {
            let at = r.get(1).map(Cell::text).filter(|s| !s.is_empty()).unwrap_or_else(|| "never".into());
            examples.push(format!("`{}` last updated {}", r.first().map(Cell::text).unwrap_or_default(), at));
        }
    }
    let span = q.timeliness.as_ref().map_or(fresh.span, |t| t.span);
    out.push(finding(
        &DQ003,
        ds,
        span,
        format!(
            "{} of the rows of dataset `{}` ({} of {}) were updated within {} of {as_of}; the target is {shown_target}",
            pct(rate),
            ds.name.value,
            ok as i64,
            n as i64,
            fresh.value
        ),
        "measured on the data",
        "refresh the stale records (the seed's quarterly \"update firmographic data\"), or widen `fresh`",
        &examples,
    ));
    Ok(())
}

/// The condition a value breaks its format under.
fn breaks(c: &str, format: &str) -> Option<Scalar> {
    let x = Box::new(Scalar::col("t", c));
    if let Some(pat) = format.strip_prefix('/') {
        let (ci, body) = super::cond::portable_regex(pat).ok()?;
        return Some(not(Scalar::Regex { x, pattern: body.to_string(), ci }));
    }
    Some(match format {
        "iso-country" => Scalar::InList {
            x,
            items: ISO_COUNTRIES.split(' ').map(|c| Scalar::Lit(Lit::Str(c.to_string()))).collect(),
            negated: true,
        },
        "lowercase" => Scalar::cmp(Cmp::Ne, Scalar::col("t", c), Scalar::Lower(x)),
        f => not(Scalar::Regex { x, pattern: format_pattern(f)?.to_string(), ci: false }),
    })
}

fn formats(
    eng: &mut dyn Engine,
    ds: &Decl<Dataset>,
    q: &crate::model::Quality,
    out: &mut Vec<Diagnostic>,
) -> Result<(), EngineError> {
    for (colname, f) in &q.formats {
        let Some((c, t)) = column(ds, &colname.value) else { continue };
        if t != ColType::Text {
            continue;
        }
        let Some(bad) = breaks(&c, &f.value) else { continue };
        let bad = Scalar::and(filled(&c, t), bad);
        let r = eng.query(&eng.print(&select(
            vec![("n", sum_flag(filled(&c, t))), ("bad", sum_flag(bad.clone()))],
            scan(ds),
            None,
        )))?;
        let row = r.first().cloned().unwrap_or_default();
        let (n, nbad) = (num(row.first()), num(row.get(1)));
        if nbad == 0.0 {
            continue;
        }
        let mut ex = Select {
            with: vec![],
            cols: vec![(Name::new("v"), Scalar::col("t", &c)), (Name::new("n"), rows())],
            from: scan(ds),
            filter: Some(bad),
            group_by: vec![Scalar::col("t", &c)],
            order_by: vec![Scalar::col("t", &c)],
        };
        ex.order_by.truncate(1);
        let examples: Vec<String> = limited(eng, &ex, 5)?
            .iter()
            .map(|r| {
                format!("`{}` ({})", r.first().map(Cell::text).unwrap_or_default(), plural(num(r.get(1)) as i64, "row"))
            })
            .collect();
        let what = match f.value.strip_prefix('/') {
            Some(p) => format!("do not match `{p}`"),
            None => format!("are not {}", describe_format(&f.value)),
        };
        out.push(finding(
            &DQ004,
            ds,
            f.span,
            format!(
                "{} of {} `{c}` values of dataset `{}` ({}) {what}",
                nbad as i64,
                n as i64,
                ds.name.value,
                pct(nbad / n.max(1.0))
            ),
            "measured on the data",
            "correct the values at the source, or validate them on entry (the seed's \"verify email addresses before every campaign\")",
            &examples,
        ));
    }
    Ok(())
}

fn describe_format(f: &str) -> &'static str {
    match f {
        "email" => "e-mail addresses",
        "url" => "http(s) URLs",
        "domain" => "domain names",
        "iso-country" => "ISO 3166 country codes (two capitals)",
        "phone" => "phone numbers",
        "lowercase" => "lowercase",
        _ => "kebab-case",
    }
}

// ---------------------------------------------------------------- UTM

const UTM_FIELDS: [&str; 5] = ["source", "medium", "campaign", "content", "term"];

/// The UTM roles a touches dataset has, with their columns.
fn utm_fields(ds: &Decl<Dataset>) -> impl Iterator<Item = (&'static str, &str)> {
    UTM_FIELDS.into_iter().filter(|f| ds.data.has_role(f)).filter_map(|f| ds.data.role(f).map(|c| (f, c)))
}

/// A set of values with their touch counts, for a finding.
#[derive(Default)]
struct Tally {
    touches: i64,
    values: BTreeMap<String, i64>,
}

impl Tally {
    fn add(&mut self, v: &str, n: i64) {
        self.touches += n;
        *self.values.entry(v.to_string()).or_default() += n;
    }
    /// The five values seen most, then alphabetical.
    fn examples(&self) -> Vec<String> {
        let mut v: Vec<(&String, &i64)> = self.values.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        v.into_iter().take(5).map(|(k, n)| format!("`{k}` ({})", plural(*n, "touch"))).collect()
    }
}

/// "2 utm_source values", "1 utm_source value".
fn values(t: &Tally, what: &str) -> String {
    let n = t.values.len();
    format!("{n} {what} value{}", if n == 1 { "" } else { "s" })
}

fn has(t: &Tally) -> &'static str {
    if t.values.len() == 1 {
        "has"
    } else {
        "have"
    }
}

fn is(t: &Tally) -> &'static str {
    if t.values.len() == 1 {
        "is"
    } else {
        "are"
    }
}

fn belongs(t: &Tally) -> &'static str {
    if t.values.len() == 1 {
        "belongs"
    } else {
        "belong"
    }
}

fn utm(
    eng: &mut dyn Engine,
    model: &Model,
    lint: &crate::config::LintOptions,
    ds: &Decl<Dataset>,
    out: &mut Vec<Diagnostic>,
) -> Result<(), EngineError> {
    let fields: Vec<(&'static str, String)> = utm_fields(ds).map(|(f, c)| (f, c.to_string())).collect();
    if fields.is_empty() {
        return Ok(());
    }
    // the distinct combinations with their counts: small, whatever the touches
    let mut cols: Vec<(Name, Scalar)> = fields.iter().map(|(f, c)| (Name::new(*f), Scalar::col("t", c))).collect();
    cols.push((Name::new("n"), rows()));
    let q = Select {
        with: vec![],
        cols,
        from: scan(ds),
        filter: None,
        group_by: fields.iter().map(|(_, c)| Scalar::col("t", c)).collect(),
        order_by: vec![],
    };
    let combos = eng.query(&eng.print(&q))?;
    let norm = crate::rules::utm_normalise;
    let policy = model.utm_policy();
    let sources: Vec<String> =
        policy.map(|p| p.data.sources.iter().map(|s| norm(&s.value)).collect()).unwrap_or_default();
    let mediums: Vec<String> =
        policy.map(|p| p.data.mediums.iter().map(|s| norm(&s.value)).collect()).unwrap_or_default();
    let paid: Vec<String> = policy
        .map(|p| p.data.paid_search_mediums.iter().map(|s| norm(&s.value)).collect())
        .unwrap_or_else(|| vec!["cpc".into()]);
    let mut registry: Vec<String> = Vec::new();
    for c in model.campaigns.iter().filter(|c| c.file != FileId::PRELUDE) {
        let own = c.data.utm.as_deref().and_then(|u| u.campaign.as_ref());
        let steps = c.data.steps.iter().filter_map(|s| s.utm.as_deref().and_then(|u| u.campaign.as_ref()));
        registry.extend(own.into_iter().chain(steps).map(|v| norm(&v.value)));
    }
    let idx = |f: &str| fields.iter().position(|(x, _)| *x == f);
    let (mut upper, mut spaced) = (BTreeMap::<&str, Tally>::new(), BTreeMap::<&str, Tally>::new());
    let (mut bad_medium, mut bad_source, mut bad_term, mut unregistered) =
        (Tally::default(), Tally::default(), Tally::default(), Tally::default());
    let (mut total, mut untagged) = (0i64, 0i64);
    for row in &combos {
        let n = num(row.get(fields.len())) as i64;
        total += n;
        let val = |f: &str| -> Option<String> {
            idx(f).and_then(|i| match row.get(i) {
                Some(Cell::Null) | None => None,
                Some(c) => Some(c.text()).filter(|s| !s.trim().is_empty()),
            })
        };
        if val("source").is_none() && val("medium").is_none() && val("campaign").is_none() {
            untagged += n;
        }
        for (f, _) in &fields {
            let Some(v) = val(f) else { continue };
            if v != v.to_lowercase() {
                upper.entry(f).or_default().add(&v, n);
            }
            if v.contains([' ', '_']) {
                spaced.entry(f).or_default().add(&v, n);
            }
        }
        let medium = val("medium").map(|m| norm(&m));
        if let (Some(m), Some(_)) = (&medium, policy) {
            if !mediums.iter().any(|p| crate::rules::utm_glob(p, m)) {
                bad_medium.add(m, n);
            }
        }
        if let (Some(s), Some(_)) = (val("source").map(|s| norm(&s)), policy) {
            if !sources.iter().any(|p| crate::rules::utm_glob(p, &s)) {
                bad_source.add(&s, n);
            }
        }
        if let Some(t) = val("term") {
            if !medium.as_ref().is_some_and(|m| paid.contains(m)) {
                bad_term.add(&format!("{t} on {}", medium.as_deref().unwrap_or("no medium")), n);
            }
        }
        if let Some(c) = val("campaign").map(|c| norm(&c)) {
            if !registry.contains(&c) {
                unregistered.add(&c, n);
            }
        }
    }
    if total == 0 {
        return Ok(());
    }
    let at = |f: &str| ds.data.roles.iter().find(|(r, _)| r == f).map_or(ds.header, |(_, c)| c.span);
    let name = &ds.name.value;
    let of = |t: &Tally| format!("{} of {total} touches ({})", t.touches, pct(t.touches as f64 / total as f64));
    for (f, t) in &upper {
        out.push(finding(
            &DQ101,
            ds,
            at(f),
            format!("{} in dataset `{name}` {} capitals: {}", values(t, &format!("utm_{f}")), has(t), of(t)),
            "measured on the data",
            "lowercase UTM values where links are built (the UTM standard: always lowercase)",
            &t.examples(),
        ));
    }
    for (f, t) in &spaced {
        out.push(finding(
            &DQ102,
            ds,
            at(f),
            format!(
                "{} in dataset `{name}` {} spaces or underscores: {}",
                values(t, &format!("utm_{f}")),
                has(t),
                of(t)
            ),
            "measured on the data",
            "use hyphens in UTM values, not spaces or underscores",
            &t.examples(),
        ));
    }
    let policy_label = |d: Diagnostic, list: &str| match policy {
        Some(p) if p.file != FileId::PRELUDE => d.with_label(p.file, p.header, format!("the policy in force: {list}")),
        _ => d,
    };
    if bad_medium.touches > 0 {
        let d = finding(
            &DQ103,
            ds,
            at("medium"),
            format!(
                "{} in dataset `{name}` {} outside the policy: {}",
                values(&bad_medium, "utm_medium"),
                is(&bad_medium),
                of(&bad_medium)
            ),
            "measured on the data",
            "tag with a medium of the policy, or add the medium to the policy's `mediums`",
            &bad_medium.examples(),
        );
        out.push(policy_label(d, &mediums.join(", ")));
    }
    if bad_source.touches > 0 {
        let d = finding(
            &DQ104,
            ds,
            at("source"),
            format!(
                "{} in dataset `{name}` {} outside the policy: {}",
                values(&bad_source, "utm_source"),
                is(&bad_source),
                of(&bad_source)
            ),
            "measured on the data",
            "tag with a source of the policy, or add the source to the policy's `sources`",
            &bad_source.examples(),
        );
        out.push(policy_label(d, &sources.join(", ")));
    }
    if bad_term.touches > 0 {
        out.push(finding(
            &DQ105,
            ds,
            at("term"),
            format!(
                "utm_term is set outside paid-search mediums ({}) in dataset `{name}`: {}",
                paid.join(", "),
                of(&bad_term)
            ),
            "measured on the data",
            "drop utm_term from links that are not paid search",
            &bad_term.examples(),
        ));
    }
    if unregistered.touches > 0 {
        out.push(finding(
            &DQ106,
            ds,
            at("campaign"),
            format!(
                "{} in dataset `{name}` {} to no declared campaign: {}",
                values(&unregistered, "utm_campaign"),
                belongs(&unregistered),
                of(&unregistered)
            ),
            "measured on the data",
            "declare the campaign with `utm { campaign = \"…\" }` (the registry), or correct the links",
            &unregistered.examples(),
        ));
    }
    let max = share(&lint.max_untagged);
    let rate = untagged as f64 / total as f64;
    if rate > max + 1e-12 {
        out.push(finding(&DQ107, ds, ds.header, format!("{} of the touches of dataset `{name}` ({untagged} of {total}) have no UTM source, medium or campaign; the maximum is {}", pct(rate), lint.max_untagged), "measured on the data", "tag every marketing link; raise `max-untagged` in mops.toml's [lint.options] if untagged traffic is expected", &[]));
    }
    Ok(())
}

// ---------------------------------------------------------------- dbt

/// The quality targets of a dataset as singular dbt tests (`data::dbt`):
/// each a query returning one row when the target is missed, from the same
/// scalars `check --data` measures with.
pub fn dbt_checks(ds: &Decl<Dataset>, as_of: Date) -> Vec<(String, Select)> {
    use super::dbt::{below, failing};
    let mut out = Vec::new();
    let Some(q) = &ds.data.quality else { return out };
    let n = || Scalar::col("m", "n");
    let target = q.completeness.as_ref().map_or(1.0, |p| share(&p.value));
    for f in &q.required {
        let Some((c, t)) = column(ds, &f.value) else { continue };
        let inner = select(vec![("n", rows()), ("filled", sum_flag(filled(&c, t)))], scan(ds), None);
        out.push((
            format!("dq001_{}", super::dbt::dbt_name(&c)),
            failing(inner, below(Scalar::col("m", "filled"), target, n())),
        ));
    }
    let max = q.max_duplicates.as_ref().map_or(0.0, |p| share(&p.value));
    for f in &q.unique {
        let Some((c, t)) = column(ds, &f.value) else { continue };
        let groups = Select {
            with: vec![],
            cols: vec![(Name::new("k"), dup_key(&c, t)), (Name::new("n"), rows())],
            from: scan(ds),
            filter: Some(filled(&c, t)),
            group_by: vec![dup_key(&c, t)],
            order_by: vec![],
        };
        let extra = Scalar::Arith(Arith::Sub, Box::new(Scalar::col("g", "n")), Box::new(Scalar::int(1)));
        let inner = select(
            vec![
                ("n", Scalar::Agg(Agg::Sum, Box::new(Scalar::col("g", "n")))),
                ("dups", Scalar::Agg(Agg::Sum, Box::new(extra))),
            ],
            From::Sub { query: Box::new(groups), alias: Name::new("g") },
            None,
        );
        // dups > max * n
        let limit = Scalar::Arith(Arith::Mul, Box::new(Scalar::Lit(Lit::Num(max))), Box::new(n()));
        let over = Scalar::cmp(Cmp::Gt, Scalar::col("m", "dups"), limit);
        out.push((format!("dq002_{}", super::dbt::dbt_name(&c)), failing(inner, over)));
    }
    if let (Some(fresh), Some(c)) = (&q.fresh, freshness_column(&ds.data)) {
        let end = as_of.tomorrow().unwrap_or(as_of).to_datetime(jiff::civil::Time::midnight());
        let from = end.checked_sub(jiff::Span::new().hours(fresh.value.hours)).unwrap_or(end);
        let timely = Scalar::cmp(
            Cmp::Ge,
            Scalar::col("t", c),
            Scalar::Lit(Lit::Timestamp(from.strftime("%Y-%m-%d %H:%M:%S").to_string())),
        );
        let target = q.timeliness.as_ref().map_or(1.0, |p| share(&p.value));
        let inner = select(vec![("n", rows()), ("timely", sum_flag(timely))], scan(ds), None);
        out.push(("dq003".to_string(), failing(inner, below(Scalar::col("m", "timely"), target, n()))));
    }
    for (colname, f) in &q.formats {
        let Some((c, t)) = column(ds, &colname.value) else { continue };
        let Some(bad) = breaks(&c, &f.value).filter(|_| t == ColType::Text) else { continue };
        let inner = select(vec![("n", rows()), ("bad", sum_flag(Scalar::and(filled(&c, t), bad)))], scan(ds), None);
        let failing_rows = Scalar::cmp(Cmp::Gt, Scalar::col("m", "bad"), Scalar::int(0));
        out.push((format!("dq004_{}", super::dbt::dbt_name(&c)), failing(inner, failing_rows)));
    }
    out
}
