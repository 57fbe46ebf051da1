//! `mopsc attribute` and `mopsc sql --only attribution|paths` as library
//! functions: the report of credits per row and model, ROI against the
//! declared campaigns, and its renderings (md, json, csv, html).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::attribute::{self as at, By, KeyCredit, Params, HEURISTICS, MODELS, NONE, NOT_SET, STEP_SEP};
use super::cmd::{checked, engine_failure, esc, fail, md_cell, Output};
use super::engine;
use super::ir::{Agg, Cmp, From, Lit, Scalar, Select};
use super::markov::{self, PathRow};
use super::print::Dialect;
use crate::check::{Options, Report};
use crate::diagnostic::FileId;
use crate::literal::Date;
use crate::model::{Attribution, Dataset, Decl, Model, Name};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrFormat {
    Md,
    Json,
    Csv,
    Html,
}

/// One model's credit of one row.
#[derive(Debug, Clone, Serialize)]
pub struct ModelCredit {
    pub model: String,
    pub conversions: f64,
    pub value: f64,
    /// value / spend.
    pub roas: Option<f64>,
    /// spend / conversions.
    pub cost_per_conversion: Option<f64>,
}

/// A row: a channel, a source / medium, a campaign or a step.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// What the row shows.
    pub label: String,
    /// `channel`, `source-medium`, `campaign`, `step`, `unregistered`
    /// (a UTM campaign no declared campaign has), `untagged` (touches
    /// without a UTM campaign) or `none` (conversions with an empty
    /// journey).
    pub kind: String,
    pub campaign: Option<String>,
    pub step: Option<String>,
    /// The keys (values in the data) credited to this row.
    pub keys: Vec<String>,
    pub spend: Option<f64>,
    pub credits: Vec<ModelCredit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MarkovInfo {
    pub order: usize,
    pub states: usize,
    pub conversion_probability: f64,
    pub removal_effects: BTreeMap<String, f64>,
}

/// The attribution report (JSON `attribution_version: 1`).
#[derive(Debug, Clone, Serialize)]
pub struct AttrReport {
    pub attribution_version: u32,
    /// Which engine ran (`NAME VERSION (WHERE)`); none for `--paths`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    pub attribution: String,
    pub by: String,
    pub params: Params,
    pub currency: Option<String>,
    /// Where spend comes from: `spend-dataset`, `budgets` or null.
    pub spend_from: Option<String>,
    pub models: Vec<String>,
    pub conversions: f64,
    pub value: f64,
    pub rows: Vec<Row>,
    pub markov: Option<MarkovInfo>,
}

fn pick<'m>(model: &'m Model, name: Option<&str>) -> Result<&'m Decl<Attribution>, String> {
    let ws: Vec<&Decl<Attribution>> = model.attributions.iter().filter(|a| a.file != FileId::PRELUDE).collect();
    match name {
        Some(n) => ws.iter().copied().find(|a| a.name.value == n).ok_or_else(|| format!("no attribution `{n}`")),
        None => match ws.as_slice() {
            [one] => Ok(*one),
            [] => Err("the workspace declares no attribution".into()),
            _ => Err("the workspace declares several attributions: choose one with --attribution NAME".into()),
        },
    }
}

/// The models a `--model` list names, in order, `data-driven` the declared
/// method; `None`: the declared model.
pub fn models(list: Option<&str>, a: &Attribution) -> Result<Vec<String>, String> {
    let declared_dd = a.method.as_ref().map_or("markov", |m| m.value.as_str()).to_string();
    let dd = |m: &str| if m == "data-driven" { declared_dd.clone() } else { m.to_string() };
    let mut out: Vec<String> = Vec::new();
    let items: Vec<String> = match list {
        None => vec![dd(&a.model.value)],
        Some(l) if l.trim() == "all" => MODELS.iter().map(|m| m.to_string()).collect(),
        Some(l) => l.split(',').map(|m| dd(m.trim())).collect(),
    };
    for m in items {
        if !MODELS.contains(&m.as_str()) {
            return Err(format!("unknown model `{m}`: the models are {}, data-driven and all", MODELS.join(", ")));
        }
        if !out.contains(&m) {
            out.push(m);
        }
    }
    Ok(out)
}

/// A declared campaign's UTM campaign values, and its steps' (campaign,
/// content) pairs.
struct Registry {
    /// utm campaign → campaign name
    campaigns: Vec<(String, String)>,
    /// (utm campaign, utm content) → (campaign, step)
    steps: Vec<(String, String, String, String)>,
    /// campaign names, in declaration order
    names: Vec<String>,
}

fn registry(model: &Model) -> Registry {
    let mut r = Registry { campaigns: vec![], steps: vec![], names: vec![] };
    for c in model.campaigns.iter().filter(|c| c.file != FileId::PRELUDE) {
        let name = c.name.value.to_string();
        r.names.push(name.clone());
        let camp = c.data.utm.as_ref().and_then(|u| u.campaign.as_ref()).map(|x| x.value.to_string());
        if let Some(u) = &camp {
            r.campaigns.push((u.clone(), name.clone()));
        }
        for s in &c.data.steps {
            let su = s.utm.as_ref();
            let sc = su.and_then(|u| u.campaign.as_ref()).map(|x| x.value.to_string()).or(camp.clone());
            if let Some(sc) = &sc {
                if !r.campaigns.iter().any(|(u, _)| u == sc) {
                    r.campaigns.push((sc.clone(), name.clone()));
                }
                if let Some(ct) = su.and_then(|u| u.content.as_ref()) {
                    r.steps.push((sc.clone(), ct.value.to_string(), name.clone(), s.name.value.to_string()));
                }
            }
        }
    }
    r
}

/// The row a key belongs to: (row id, label, kind, campaign, step).
fn row_of(by: By, key: &str, reg: &Registry) -> (String, String, Option<String>, Option<String>) {
    if key == NONE {
        return (NONE.into(), "none".into(), None, None);
    }
    if matches!(by, By::Campaign | By::Step) && (key == NOT_SET || key.starts_with(&format!("{NOT_SET}{STEP_SEP}"))) {
        return (NOT_SET.into(), "untagged".into(), None, None);
    }
    match by {
        By::Channel => (key.into(), "channel".into(), None, None),
        By::SourceMedium => (key.into(), "source-medium".into(), None, None),
        By::Campaign => match reg.campaigns.iter().find(|(u, _)| u == key) {
            Some((_, c)) => (c.clone(), "campaign".into(), Some(c.clone()), None),
            None => (key.into(), "unregistered".into(), None, None),
        },
        By::Step => {
            let (camp, content) = key.split_once(STEP_SEP).unwrap_or((key, NOT_SET));
            if let Some((_, _, c, s)) = reg.steps.iter().find(|(u, ct, _, _)| u == camp && ct == content) {
                return (format!("{c} / {s}"), "step".into(), Some(c.clone()), Some(s.clone()));
            }
            match reg.campaigns.iter().find(|(u, _)| u == camp) {
                Some((_, c)) => (format!("{c} / (no step)"), "campaign".into(), Some(c.clone()), None),
                None => (camp.to_string(), "unregistered".into(), None, None),
            }
        }
    }
}

struct Acc {
    label: String,
    kind: String,
    campaign: Option<String>,
    step: Option<String>,
    keys: Vec<String>,
    credit: BTreeMap<String, (f64, f64)>,
    spend: Option<f64>,
}

/// Everything `attribute` needs besides the engine.
pub struct Inputs<'a> {
    pub report: &'a Report,
    pub model: &'a Model,
    pub attribution: &'a Decl<Attribution>,
    pub by: By,
    pub models: Vec<String>,
    pub params: Params,
}

/// Build the report from the heuristics' credits (if touches were read),
/// the paths, and the spend per key.
pub fn build(
    inp: &Inputs,
    credits: Option<&[KeyCredit]>,
    paths: Option<&[PathRow]>,
    spend: Option<(&str, BTreeMap<String, f64>)>,
    currency: Option<String>,
) -> Result<AttrReport, String> {
    let reg = registry(inp.model);
    let mut rows: Vec<Acc> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut at_row = |rows: &mut Vec<Acc>, key: &str| -> usize {
        let (label, kind, campaign, step) = row_of(inp.by, key, &reg);
        let i = *index.entry(label.clone()).or_insert_with(|| {
            rows.push(Acc { label, kind, campaign, step, keys: vec![], credit: BTreeMap::new(), spend: None });
            rows.len() - 1
        });
        if !rows[i].keys.iter().any(|k| k == key) {
            rows[i].keys.push(key.to_string());
        }
        i
    };
    // every declared campaign is a row with --by campaign
    if inp.by == By::Campaign {
        for (u, _) in &reg.campaigns {
            at_row(&mut rows, u);
        }
    }
    let mut total = (0.0, 0.0);
    let mut none_credit = (0.0, 0.0);
    if let Some(cr) = credits {
        for kc in cr {
            let i = at_row(&mut rows, &kc.key);
            total.0 += kc.conversions[0];
            total.1 += kc.value[0];
            if kc.key == NONE {
                none_credit = (kc.conversions[0], kc.value[0]);
            }
            for (h, name) in HEURISTICS.iter().enumerate() {
                if inp.models.iter().any(|m| m == name) {
                    let e = rows[i].credit.entry(name.to_string()).or_default();
                    e.0 += kc.conversions[h];
                    e.1 += kc.value[h];
                }
            }
        }
    }
    let mut markov_info = None;
    if let Some(ps) = paths {
        if credits.is_none() {
            for p in ps.iter().filter(|p| p.path.is_empty()) {
                none_credit.0 += p.conversions;
                none_credit.1 += p.value;
            }
            total = ps.iter().fold((0.0, 0.0), |t, p| (t.0 + p.conversions, t.1 + p.value));
        }
        for m in inp.models.iter().filter(|m| *m == "markov" || *m == "shapley") {
            let cr = if m == "markov" {
                let r = markov::markov(ps, inp.params.order)?;
                markov_info = Some(MarkovInfo {
                    order: r.order,
                    states: r.states,
                    conversion_probability: r.conversion_probability,
                    removal_effects: r.removal_effects.iter().cloned().collect(),
                });
                r.credits
            } else {
                markov::shapley(ps)?
            };
            let mut all = cr;
            if none_credit.0 > 0.0 || none_credit.1 > 0.0 {
                all.push(markov::Credit { channel: NONE.into(), conversions: none_credit.0, value: none_credit.1 });
            }
            for c in all {
                let i = at_row(&mut rows, &c.channel);
                let e = rows[i].credit.entry(m.clone()).or_default();
                e.0 += c.conversions;
                e.1 += c.value;
            }
        }
    }
    let spend_from = spend.as_ref().map(|(f, _)| f.to_string());
    if let Some((_, sp)) = &spend {
        for (k, v) in sp {
            let i = at_row(&mut rows, k);
            *rows[i].spend.get_or_insert(0.0) += v;
        }
        for r in rows.iter_mut() {
            if !matches!(r.kind.as_str(), "none" | "unregistered" | "untagged") && r.spend.is_none() {
                r.spend = Some(0.0);
            }
        }
    }
    // declared campaigns in declaration order, then the rest by label, (none) last
    let rank = |a: &Acc| -> (u8, usize, String) {
        match (a.kind.as_str(), &a.campaign) {
            ("none", _) => (4, 0, String::new()),
            ("untagged", _) => (3, 0, String::new()),
            ("unregistered", _) => (2, 0, a.label.clone()),
            (_, Some(c)) if inp.by != By::Channel && inp.by != By::SourceMedium => {
                (0, reg.names.iter().position(|n| n == c).unwrap_or(usize::MAX), a.label.clone())
            }
            _ => (1, 0, a.label.clone()),
        }
    };
    rows.sort_by_key(|a| rank(a));
    let rows = rows
        .into_iter()
        .map(|a| {
            let credits = inp
                .models
                .iter()
                .map(|m| {
                    let (c, v) = a.credit.get(m).copied().unwrap_or((0.0, 0.0));
                    ModelCredit {
                        model: m.clone(),
                        conversions: c,
                        value: v,
                        roas: a.spend.filter(|s| *s > 0.0).map(|s| v / s),
                        cost_per_conversion: a.spend.filter(|_| c > 0.0).map(|s| s / c),
                    }
                })
                .collect();
            Row {
                label: a.label,
                kind: a.kind,
                campaign: a.campaign,
                step: a.step,
                keys: a.keys,
                spend: a.spend,
                credits,
            }
        })
        .collect();
    Ok(AttrReport {
        engine: None,
        attribution_version: 1,
        attribution: inp.attribution.name.value.to_string(),
        by: inp.by.as_str().to_string(),
        params: inp.params.clone(),
        currency,
        spend_from,
        models: inp.models.clone(),
        conversions: total.0,
        value: total.1,
        rows,
        markov: markov_info,
    })
}

/// Declared budgets spread evenly over the campaign's (or step's) days,
/// counting the days inside the period: per UTM key of the rows.
fn budget_spend(
    report: &Report,
    by: By,
    from: Option<Date>,
    to: Option<Date>,
) -> Option<(BTreeMap<String, f64>, Option<String>)> {
    let plan = crate::plan::compile(report, None).ok()?;
    let model = &report.analyses.first()?.model;
    let reg = registry(model);
    let mut out = BTreeMap::new();
    let mut currency = None;
    let share = |start: &str, end: &str| -> f64 {
        let (Ok(s), Ok(e)) = (start.parse::<Date>(), end.parse::<Date>()) else { return 0.0 };
        let days = (e - s).get_days() as f64 + 1.0;
        let lo = from.map_or(s, |f| f.max(s));
        let hi = to.map_or(e, |t| t.min(e));
        if hi < lo || days <= 0.0 {
            return 0.0;
        }
        ((hi - lo).get_days() as f64 + 1.0) / days
    };
    for c in &plan.campaigns {
        match by {
            By::Campaign => {
                let Some(b) = &c.budget.campaign else { continue };
                currency.get_or_insert(b.currency.to_string());
                let Some((u, _)) = reg.campaigns.iter().find(|(_, n)| *n == c.name) else { continue };
                *out.entry(u.clone()).or_insert(0.0) += b.cents as f64 / 100.0 * share(&c.start, &c.end);
            }
            By::Step => {
                for s in &c.steps {
                    let Some(b) = &s.budget else { continue };
                    currency.get_or_insert(b.currency.to_string());
                    let key = match reg.steps.iter().find(|(_, _, cn, sn)| *cn == c.name && *sn == s.name) {
                        Some((u, ct, _, _)) => format!("{u}{STEP_SEP}{ct}"),
                        None => match reg.campaigns.iter().find(|(_, n)| *n == c.name) {
                            Some((u, _)) => format!("{u}{STEP_SEP}{NOT_SET}"),
                            None => continue,
                        },
                    };
                    *out.entry(key).or_insert(0.0) += b.cents as f64 / 100.0 * share(&s.start, &s.end);
                }
            }
            _ => return None,
        }
    }
    Some((out, currency))
}

/// The spend query: per key (the spend dataset's `campaign` or `channel`),
/// the amount within the period.
pub fn spend_query(ds: &Decl<Dataset>, by: By, from: Option<Date>, to: Option<Date>) -> Option<Select> {
    let role = match by {
        By::Campaign => "campaign",
        By::Channel => "channel",
        _ => return None,
    };
    if !ds.data.has_role(role) {
        return None;
    }
    let col = |r: &str| ds.data.role(r).unwrap_or(r).to_string();
    let k = Scalar::coalesce(Scalar::col("s", &col(role)), Scalar::Lit(Lit::Str(NOT_SET.into())));
    let mut filter: Option<Scalar> = None;
    let date = Scalar::col("s", &col("date"));
    for (op, d) in [(Cmp::Ge, from), (Cmp::Le, to)] {
        if let Some(d) = d {
            let c = Scalar::cmp(op, date.clone(), Scalar::Lit(Lit::Date(d.to_string())));
            filter = Some(match filter {
                None => c,
                Some(f) => Scalar::and(f, c),
            });
        }
    }
    Some(Select {
        with: vec![],
        cols: vec![
            (Name::new("k"), k.clone()),
            (
                Name::new("amount"),
                Scalar::Double(Box::new(Scalar::Agg(Agg::Sum, Box::new(Scalar::col("s", &col("amount")))))),
            ),
        ],
        from: From::Scan { dataset: ds.name.value.clone(), alias: Name::new("s"), columns: ds.data.schema() },
        filter,
        group_by: vec![k.clone()],
        order_by: vec![k],
    })
}

/// The options of `mopsc attribute`.
pub struct AttrArgs<'a> {
    pub attribution: Option<&'a str>,
    pub models: Option<&'a str>,
    pub by: By,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// `--engine`, `--dsn`, `--duckdb`, `--spark-sql`.
    pub engine: &'a engine::EngineChoice,
    pub paths_file: Option<&'a Path>,
    pub format: AttrFormat,
    pub max_bad_rows: usize,
}

/// `mopsc attribute`.
pub fn attribute(paths: &[PathBuf], opts: &Options, args: &AttrArgs) -> Output {
    let report = match checked(paths, opts, "attribute") {
        Ok(r) => r,
        Err(o) => return o,
    };
    let Some(analysis) = report.analyses.first() else { return fail("nothing to attribute", 2) };
    let model = &analysis.model;
    let a = match pick(model, args.attribution) {
        Ok(a) => a,
        Err(e) => return fail(e, 2),
    };
    let models = match models(args.models, &a.data) {
        Ok(m) => m,
        Err(e) => return fail(e, 2),
    };
    if let (Some(f), Some(t)) = (args.from, args.to) {
        if t < f {
            return fail(format!("--to {t} is before --from {f}"), 2);
        }
    }
    let params = Params::of(&a.data, args.from, args.to);
    let inp = Inputs { report: &report, model, attribution: a, by: args.by, models: models.clone(), params };
    let wants_dd = models.iter().any(|m| m == "markov" || m == "shapley");
    let mut messages = Vec::new();
    let rules = at::channel_rules(model);
    // paths from a file: the data-driven models only
    if let Some(pf) = args.paths_file {
        if let Some(h) = models.iter().find(|m| HEURISTICS.contains(&m.as_str())) {
            return fail(
                format!("--paths gives aggregated paths, enough for markov and shapley only; `{h}` needs the touches"),
                2,
            );
        }
        let text = match std::fs::read_to_string(pf) {
            Ok(t) => t,
            Err(e) => return fail(format!("DATA003: cannot read {}: {e}", pf.display()), 1),
        };
        let ps = match at::read_paths(&text) {
            Ok(p) => p,
            Err(e) => return fail(format!("DATA001: {}: {e}", pf.display()), 1),
        };
        let (spend, currency) = match budget_spend(&report, args.by, args.from, args.to) {
            Some((s, c)) => (Some(("budgets", s)), c),
            None => (None, None),
        };
        return match build(&inp, None, Some(&ps), spend, currency) {
            Ok(r) => Output {
                stdout: render(&r, args.format),
                diagnostics: vec![],
                messages,
                code: 0,
                files: None,
                engine: None,
            },
            Err(e) => fail(e, 1),
        };
    }
    let Some(touches) = model.dataset_for(a.data.touches.as_ref(), "touches") else {
        return fail(
            format!("attribution `{}` has no touches dataset: name one with `touches = NAME`", a.name.value),
            2,
        );
    };
    let mut eng = match args.engine.open() {
        Ok(e) => e,
        Err(engine::OpenError::Usage(m)) => return fail(m, 2),
        Err(engine::OpenError::Engine(e)) => return engine_failure(&report, model, e),
    };
    let spend_ds = model.dataset_for(a.data.spend.as_ref(), "spend");
    for ds in std::iter::once(touches).chain(spend_ds) {
        let Some(p) = &ds.data.path else {
            match &ds.data.table {
                Some(t) if eng.use_table(&ds.name.value, &t.value) => continue,
                _ => return fail(format!("dataset `{}` has no `file`: this engine reads files", ds.name.value), 2),
            }
        };
        let file = engine::dataset_file(&report.files.get(ds.file).path, &p.value);
        match eng.load(ds, &file, args.max_bad_rows) {
            Ok((_, bad)) if bad > 0 => {
                messages.push(format!("{bad} bad rows of `{}` skipped (--max-bad-rows)", file.display()))
            }
            Ok(_) => {}
            Err(e) => return engine_failure(&report, model, e),
        }
    }
    let e = eng.engine();
    let mut cq = at::credit_query(touches, &inp.params, args.by, &rules);
    let mut pq = at::paths_query(touches, &inp.params, args.by, &rules);
    // both queries read the numbered touches: an engine that keeps a table
    // for the session computes them once
    if wants_dd {
        if let Some((name, base)) = cq.with.first().cloned() {
            match e.materialize(&name, &base) {
                Ok(true) => {
                    cq.with.clear();
                    pq.with.clear();
                }
                Ok(false) => {}
                Err(err) => return engine_failure(&report, model, err),
            }
        }
    }
    let credits = match at::run_credits(&cq, e) {
        Ok(c) => c,
        Err(err) => return engine_failure(&report, model, err),
    };
    let paths = if wants_dd {
        match at::run_paths(&pq, e) {
            Ok(p) => Some(p),
            Err(err) => return engine_failure(&report, model, err),
        }
    } else {
        None
    };
    let mut spend = None;
    let mut currency = None;
    if let Some(q) = spend_ds.and_then(|s| spend_query(s, args.by, args.from, args.to)) {
        match e.query(&e.print(&q)) {
            Ok(rows) => {
                let m: BTreeMap<String, f64> = rows
                    .iter()
                    .map(|r| {
                        let k = r.first().map_or(String::new(), |c| c.text());
                        let v = match r.get(1) {
                            Some(engine::Cell::Num(x)) => *x,
                            Some(engine::Cell::Int(i)) => *i as f64,
                            _ => 0.0,
                        };
                        (k, v)
                    })
                    .collect();
                spend = Some(("spend-dataset", m));
            }
            Err(err) => return engine_failure(&report, model, err),
        }
    }
    if spend.is_none() {
        if let Some((s, c)) = budget_spend(&report, args.by, args.from, args.to) {
            spend = Some(("budgets", s));
            currency = c;
        }
    }
    if currency.is_none() {
        currency = budget_spend(&report, By::Campaign, None, None).and_then(|(_, c)| c);
    }
    let described = eng.describe();
    match build(&inp, Some(&credits), paths.as_deref(), spend, currency) {
        Ok(mut r) => {
            r.engine = Some(described.clone());
            if r.conversions == 0.0 {
                messages.push(format!(
                    "no touch is a conversion ({}): nothing to credit",
                    inp.params.conversions.join(", ")
                ));
            }
            Output {
                stdout: render(&r, args.format),
                diagnostics: vec![],
                messages,
                code: 0,
                files: None,
                engine: Some(Box::new(super::cmd::Ran(described))),
            }
        }
        Err(e) => fail(format!("DATA004: {e}"), 1),
    }
}

pub fn render(r: &AttrReport, f: AttrFormat) -> String {
    match f {
        AttrFormat::Md => to_md(r),
        AttrFormat::Json => to_json(r),
        AttrFormat::Csv => to_csv(r),
        AttrFormat::Html => to_html(r),
    }
}

fn n2(x: f64) -> String {
    let v = if x.abs() < 5e-10 { 0.0 } else { x };
    format!("{v:.2}")
}

fn opt2(x: Option<f64>) -> String {
    x.map(n2).unwrap_or_else(|| "–".into())
}

fn row_label(r: &Row) -> String {
    match r.kind.as_str() {
        "unregistered" => format!("{} (unregistered)", r.label),
        "untagged" => "(no UTM campaign)".into(),
        "none" => "(none: no touch in the window)".into(),
        _ => r.label.clone(),
    }
}

fn head_line(r: &AttrReport) -> String {
    let period = match (&r.params.from, &r.params.to) {
        (Some(f), Some(t)) => format!(" from {} to the end of the day before {}", &f[..10], &t[..10]),
        (Some(f), None) => format!(" from {}", &f[..10]),
        (None, Some(t)) => format!(" until the end of the day before {}", &t[..10]),
        _ => String::new(),
    };
    format!(
        "{} conversions ({}) worth {}{period}; window {}d, half-life {}d, position {:.0}/{:.0}/{:.0}.",
        n2(r.conversions),
        r.params.conversions.join(", "),
        n2(r.value),
        r.params.window_days,
        r.params.half_life_days,
        r.params.first * 100.0,
        r.params.last * 100.0,
        r.params.middle * 100.0
    )
}

pub fn to_md(r: &AttrReport) -> String {
    let by = r.by.replace('-', " / ");
    let mut o = format!("# Attribution: `{}` by {by}\n\n{}\n", r.attribution, head_line(r));
    let table = |o: &mut String, title: &str, cell: &dyn Fn(&Row, &ModelCredit) -> String, with_spend: bool| {
        o.push_str(&format!("\n## {title}\n\n| {by} |"));
        if with_spend {
            o.push_str(" spend |");
        }
        for m in &r.models {
            o.push_str(&format!(" {m} |"));
        }
        o.push_str("\n|---|");
        if with_spend {
            o.push_str("---:|");
        }
        o.push_str(&"---:|".repeat(r.models.len()));
        o.push('\n');
        for row in &r.rows {
            o.push_str(&format!("| {} |", md_cell(&row_label(row))));
            if with_spend {
                o.push_str(&format!(" {} |", opt2(row.spend)));
            }
            for c in &row.credits {
                o.push_str(&format!(" {} |", cell(row, c)));
            }
            o.push('\n');
        }
    };
    table(&mut o, "Conversions credited", &|_, c| n2(c.conversions), false);
    table(&mut o, "Value credited", &|_, c| n2(c.value), false);
    if r.spend_from.is_some() {
        let cur = r.currency.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
        let src = if r.spend_from.as_deref() == Some("budgets") {
            "the declared budgets spread evenly over each campaign's (or step's) days"
        } else {
            "the spend dataset"
        };
        o.push_str(&format!("\nSpend{cur} from {src}.\n"));
        table(&mut o, "ROAS (value credited / spend)", &|_, c| opt2(c.roas), true);
        table(&mut o, "Cost per conversion", &|_, c| opt2(c.cost_per_conversion), true);
    }
    if let Some(m) = &r.markov {
        o.push_str(&format!(
            "\n## Markov chain (order {})\n\n{} states; conversion probability {:.6}.\n\n| channel | removal effect |\n|---|---:|\n",
            m.order, m.states, m.conversion_probability
        ));
        for (c, re) in &m.removal_effects {
            o.push_str(&format!("| {} | {:.6} |\n", md_cell(c), re));
        }
    }
    o
}

pub fn to_json(r: &AttrReport) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_default();
    s.push('\n');
    s
}

pub fn to_csv(r: &AttrReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        r.by.as_str(),
        "kind",
        "model",
        "conversions",
        "value",
        "spend",
        "roas",
        "cost_per_conversion",
    ]);
    let f = |x: f64| format!("{x}");
    for row in &r.rows {
        for c in &row.credits {
            let _ = w.write_record([
                row.label.as_str(),
                row.kind.as_str(),
                c.model.as_str(),
                &f(c.conversions),
                &f(c.value),
                &row.spend.map(f).unwrap_or_default(),
                &c.roas.map(f).unwrap_or_default(),
                &c.cost_per_conversion.map(f).unwrap_or_default(),
            ]);
        }
    }
    let out = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    // neutralise spreadsheet formulas in labels taken from the data
    out.lines()
        .map(|l| if l.starts_with(['=', '+', '-', '@']) { format!("'{l}") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The palette of the chart's models (colour-blind safe, Okabe–Ito).
const COLORS: [&str; 7] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"];

/// A grouped bar chart of the value credited: one group per row, one bar
/// per model; self-contained SVG.
pub fn svg_chart(r: &AttrReport) -> String {
    let rows: Vec<&Row> = r.rows.iter().collect();
    let nm = r.models.len().max(1);
    let bar = 12.0;
    let gap = 10.0;
    let group = bar * nm as f64 + gap;
    let left = 230.0;
    let width = 900.0;
    let top = 30.0;
    let height = top + group * rows.len() as f64 + 40.0;
    let max = rows.iter().flat_map(|r| r.credits.iter().map(|c| c.value)).fold(0.0f64, f64::max).max(1e-9);
    let scale = (width - left - 60.0) / max;
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height:.0}\" viewBox=\"0 0 {width} {height:.0}\" role=\"img\" aria-label=\"Value credited per {} and model\" font-family=\"system-ui,sans-serif\" font-size=\"12\">\n",
        esc(&r.by)
    );
    for (i, m) in r.models.iter().enumerate() {
        let x = 10.0 + i as f64 * 120.0;
        o.push_str(&format!(
            "<rect x=\"{x}\" y=\"8\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"17\">{}</text>\n",
            COLORS[i % COLORS.len()],
            x + 14.0,
            esc(m)
        ));
    }
    for (gi, row) in rows.iter().enumerate() {
        let y0 = top + gi as f64 * group;
        o.push_str(&format!(
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n",
            left - 8.0,
            y0 + bar * nm as f64 / 2.0 + 4.0,
            esc(&row_label(row))
        ));
        for (mi, c) in row.credits.iter().enumerate() {
            let w = (c.value.max(0.0) * scale).max(0.0);
            o.push_str(&format!(
                "<rect x=\"{left}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"><title>{}: {} {}</title></rect>\n",
                y0 + mi as f64 * bar,
                bar - 1.0,
                COLORS[mi % COLORS.len()],
                esc(&row_label(row)),
                esc(&c.model),
                n2(c.value)
            ));
        }
    }
    let axis = height - 34.0;
    o.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{axis:.0}\" stroke=\"#333\"/>\n<line x1=\"{left}\" y1=\"{axis:.0}\" x2=\"{:.0}\" y2=\"{axis:.0}\" stroke=\"#333\"/>\n<text x=\"{left}\" y=\"{:.0}\">0</text><text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>\n</svg>\n",
        left + max * scale,
        axis + 16.0,
        left + max * scale,
        axis + 16.0,
        esc(&n2(max))
    ));
    o
}

pub fn to_html(r: &AttrReport) -> String {
    let mut o = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Attribution</title><style>body{font-family:system-ui,sans-serif;margin:2em;max-width:72em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}td:first-child,th:first-child{text-align:left}</style></head><body>\n");
    o.push_str(&format!(
        "<h1>Attribution: {} by {}</h1>\n<p>{}</p>\n<h2>Value credited</h2>\n{}",
        esc(&r.attribution),
        esc(&r.by),
        esc(&head_line(r)),
        svg_chart(r)
    ));
    let table = |o: &mut String, title: &str, cell: &dyn Fn(&ModelCredit) -> String, with_spend: bool| {
        o.push_str(&format!("<h2>{}</h2>\n<table><tr><th>{}</th>", esc(title), esc(&r.by)));
        if with_spend {
            o.push_str("<th>spend</th>");
        }
        for m in &r.models {
            o.push_str(&format!("<th>{}</th>", esc(m)));
        }
        o.push_str("</tr>\n");
        for row in &r.rows {
            o.push_str(&format!("<tr><td>{}</td>", esc(&row_label(row))));
            if with_spend {
                o.push_str(&format!("<td>{}</td>", opt2(row.spend)));
            }
            for c in &row.credits {
                o.push_str(&format!("<td>{}</td>", esc(&cell(c))));
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</table>\n");
    };
    table(&mut o, "Conversions credited", &|c| n2(c.conversions), false);
    table(&mut o, "Value credited", &|c| n2(c.value), false);
    if r.spend_from.is_some() {
        table(&mut o, "ROAS (value credited / spend)", &|c| opt2(c.roas), true);
        table(&mut o, "Cost per conversion", &|c| opt2(c.cost_per_conversion), true);
    }
    if let Some(m) = &r.markov {
        o.push_str(&format!(
            "<h2>Markov chain (order {})</h2>\n<p>{} states; conversion probability {:.6}.</p>\n<table><tr><th>channel</th><th>removal effect</th></tr>\n",
            m.order, m.states, m.conversion_probability
        ));
        for (c, re) in &m.removal_effects {
            o.push_str(&format!("<tr><td>{}</td><td>{re:.6}</td></tr>\n", esc(c)));
        }
        o.push_str("</table>\n");
    }
    o.push_str("</body></html>\n");
    o
}

/// `mopsc sql --only attribution|paths`: the credits or paths query of
/// every attribution with a touches dataset, as (file name, SQL).
pub fn sql(
    paths: &[PathBuf],
    opts: &Options,
    dialect: Dialect,
    which: &str,
    by: By,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<Vec<(String, String)>, Output> {
    let report = checked(paths, opts, "write SQL")?;
    let mut out = Vec::new();
    for an in &report.analyses {
        let rules = at::channel_rules(&an.model);
        for a in an.model.attributions.iter().filter(|a| a.file != FileId::PRELUDE) {
            let Some(t) = an.model.dataset_for(a.data.touches.as_ref(), "touches") else { continue };
            let p = Params::of(&a.data, from, to);
            let q =
                if which == "paths" { at::paths_query(t, &p, by, &rules) } else { at::credit_query(t, &p, by, &rules) };
            let tables = engine::WarehouseTables { model: &an.model, dialect };
            let text = super::print::select(&q, dialect, &tables);
            let what = if which == "paths" {
                "the paths (path, conversions, nulls, value) for `mopsc attribute --paths`"
            } else {
                "credits per row and heuristic model: k, then c_i / v_i (conversions / value) for first-touch, last-touch, linear, time-decay, position-based"
            };
            out.push((
                format!("{which}_{}.sql", a.name.value),
                format!(
                    "-- mopsc: attribution `{}` by {}, {what} ({})\n{text}",
                    a.name.value,
                    by.as_str(),
                    dialect.as_str()
                ),
            ));
        }
    }
    Ok(out)
}
