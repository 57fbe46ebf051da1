//! `mopsc score` (DATA.md §3): the scoring query built as IR from the model,
//! run on an engine, and the review of the scores against the outcomes.

use serde::Serialize;

use super::cond::{CallArg, Expr, ExprKind};
use super::engine::{Cell, Engine, EngineError};
use super::ir::{Agg, Arith, Cmp, From, Lit, Scalar, Select};
use crate::literal::Date;
use crate::model::{Dataset, Decl, Model, Name, Scoring};
use crate::syntax::Op;

/// The tiers in rising order.
pub const TIERS: [&str; 4] = crate::seed::TIER_NAMES;

/// What a score query reads and returns.
#[derive(Debug, Clone)]
pub struct ScoreQuery {
    pub select: Select,
    /// The scored signals, in the order of their `s_N` columns.
    pub signals: Vec<ScoredSignal>,
    /// Signals without `when` (not scored).
    pub unscored: Vec<Name>,
    pub has_outcome: bool,
    /// The datasets read (leads first).
    pub datasets: Vec<Name>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoredSignal {
    pub name: Name,
    pub kind: Name,
    pub points: i64,
}

/// The first instant after the as-of day (UTC): touches before it count.
pub fn as_of_end(as_of: Date) -> String {
    let next = as_of.tomorrow().unwrap_or(as_of);
    format!("{next} 00:00:00")
}

fn minus_hours(ts_day: Date, hours: i64) -> String {
    let start = ts_day.tomorrow().unwrap_or(ts_day).to_datetime(jiff::civil::Time::midnight());
    let t = start.checked_sub(jiff::Span::new().hours(hours)).unwrap_or(start);
    t.strftime("%Y-%m-%d %H:%M:%S").to_string()
}

struct AggSpec {
    dataset: Name,
    func: Name,
    column: Option<Name>,
    cond: Scalar,
}

struct Compiler<'m> {
    model: &'m Model,
    as_of: Date,
    aggs: Vec<AggSpec>,
}

impl Compiler<'_> {
    /// A condition or value of the model as IR, bare names read from `alias`.
    fn expr(&mut self, e: &Expr, alias: &str) -> Scalar {
        let b = |s: Scalar| Box::new(s);
        match &e.kind {
            ExprKind::Bool(v) => Scalar::Lit(Lit::Bool(*v)),
            ExprKind::Int(i) => Scalar::int(*i),
            ExprKind::Num(x) => Scalar::Lit(Lit::Num(*x)),
            ExprKind::Str(s) => Scalar::Lit(Lit::Str(s.to_string())),
            ExprKind::Date(d) => Scalar::Lit(Lit::Date(d.to_string())),
            ExprKind::Duration(h) => Scalar::int(*h),
            ExprKind::Range(l, _) => Scalar::int(*l),
            ExprKind::List(_) => Scalar::Lit(Lit::Null),
            ExprKind::Column(c) => Scalar::col(alias, c),
            ExprKind::Field(_, c) => Scalar::col(alias, &c.value),
            ExprKind::Not(x) => Scalar::Not(b(self.expr(x, alias))),
            ExprKind::Bin(op, l, r) => {
                if matches!(op, Op::In | Op::NotIn) {
                    let x = b(self.expr(l, alias));
                    let negated = *op == Op::NotIn;
                    return match &r.kind {
                        ExprKind::Range(low, high) => Scalar::Between { x, low: *low, high: *high, negated },
                        ExprKind::List(items) => {
                            let items = items.iter().map(|i| self.expr(i, alias)).collect();
                            Scalar::InList { x, items, negated }
                        }
                        _ => Scalar::Lit(Lit::Null),
                    };
                }
                if *op == Op::Matches {
                    let x = b(self.expr(l, alias));
                    let pat = match &r.kind {
                        ExprKind::Str(s) => s.to_string(),
                        _ => String::new(),
                    };
                    let (ci, body) = super::cond::portable_regex(&pat).unwrap_or((false, ""));
                    return Scalar::Regex { x, pattern: body.to_string(), ci };
                }
                let (lx, rx) = (self.expr(l, alias), self.expr(r, alias));
                let (lx, rx) = (b(lx), b(rx));
                match op {
                    Op::Or => Scalar::Or(lx, rx),
                    Op::And => Scalar::And(lx, rx),
                    Op::Eq => Scalar::Cmp(Cmp::Eq, lx, rx),
                    Op::Ne => Scalar::Cmp(Cmp::Ne, lx, rx),
                    Op::Lt => Scalar::Cmp(Cmp::Lt, lx, rx),
                    Op::Le => Scalar::Cmp(Cmp::Le, lx, rx),
                    Op::Gt => Scalar::Cmp(Cmp::Gt, lx, rx),
                    Op::Ge => Scalar::Cmp(Cmp::Ge, lx, rx),
                    Op::Contains => Scalar::Contains(lx, rx),
                    Op::StartsWith => Scalar::StartsWith(lx, rx),
                    Op::EndsWith => Scalar::EndsWith(lx, rx),
                    Op::Add => Scalar::Arith(Arith::Add, lx, rx),
                    Op::Sub => Scalar::Arith(Arith::Sub, lx, rx),
                    Op::Mul => Scalar::Arith(Arith::Mul, lx, rx),
                    Op::Div => Scalar::Arith(Arith::Div, lx, rx),
                    Op::In | Op::NotIn | Op::Matches => unreachable!("handled above"),
                }
            }
            ExprKind::Call { name, args } => self.call(&name.value, args, alias),
        }
    }

    fn call(&mut self, name: &str, args: &[CallArg], alias: &str) -> Scalar {
        let b = |s: Scalar| Box::new(s);
        let Some(a) = args.first() else { return Scalar::Lit(Lit::Null) };
        match name {
            "lower" => Scalar::Lower(b(self.expr(&a.expr, alias))),
            "domain" => Scalar::Domain(b(self.expr(&a.expr, alias))),
            "days-since" => Scalar::DaysBetween { x: b(self.expr(&a.expr, alias)), to: as_of_end(self.as_of) },
            "coalesce" => {
                let y = args.get(1).map(|y| self.expr(&y.expr, alias)).unwrap_or(Scalar::Lit(Lit::Null));
                Scalar::coalesce(self.expr(&a.expr, alias), y)
            }
            _ => {
                // an aggregate over touches: a column of the per-person subquery
                let (dataset, column) = match &a.expr.kind {
                    ExprKind::Column(d) => (d.clone(), None),
                    ExprKind::Field(d, c) => (d.value.clone(), Some(c.value.clone())),
                    _ => return Scalar::Lit(Lit::Null),
                };
                let ds = self.model.dataset(&dataset);
                let time = ds.and_then(|d| d.data.role("time")).unwrap_or("time").to_string();
                let mut cond = Scalar::Lit(Lit::Bool(true));
                if let Some(w) = &a.where_ {
                    cond = self.expr(w, "t");
                }
                if let Some(ExprKind::Duration(h)) = a.within.as_ref().map(|w| &w.kind) {
                    let from = Scalar::Lit(Lit::Timestamp(minus_hours(self.as_of, *h)));
                    cond = Scalar::and(cond, Scalar::cmp(Cmp::Ge, Scalar::col("t", &time), from));
                }
                let idx = self.aggs.len();
                self.aggs.push(AggSpec { dataset: dataset.clone(), func: Name::new(name), column, cond });
                let col = Scalar::col(&group_alias(&dataset), &format!("a_{idx}"));
                match name {
                    "count" | "sum" => Scalar::coalesce(col, Scalar::int(0)),
                    "any" => Scalar::cmp(Cmp::Gt, Scalar::coalesce(col, Scalar::int(0)), Scalar::int(0)),
                    _ => col,
                }
            }
        }
    }
}

fn group_alias(dataset: &str) -> String {
    format!("g_{dataset}")
}

/// Build the scoring query of `scoring` on `leads`, as of `as_of`.
pub fn query(model: &Model, scoring: &Decl<Scoring>, leads: &Decl<Dataset>, as_of: Date) -> ScoreQuery {
    let mut cx = Compiler { model, as_of, aggs: Vec::new() };
    let key = leads.data.role("key").unwrap_or("key").to_string();
    let has_outcome = leads.data.has_role("outcome");
    let mut inner_cols: Vec<(Name, Scalar)> = vec![(Name::new("key"), Scalar::col("l", &key))];
    if has_outcome {
        let oc = leads.data.role("outcome").unwrap_or("outcome");
        inner_cols.push((Name::new("outcome"), Scalar::col("l", oc)));
    }
    let mut signals = Vec::new();
    let mut unscored = Vec::new();
    for s in &scoring.data.signals {
        let Some(w) = &s.when else {
            unscored.push(s.name.value.clone());
            continue;
        };
        let cond = cx.expr(w, "l");
        inner_cols.push((Name::new(format!("s_{}", signals.len())), Scalar::flag(cond)));
        signals.push(ScoredSignal {
            name: s.name.value.clone(),
            kind: s.kind.value.clone(),
            points: s.points.as_ref().map_or(0, |p| p.value),
        });
    }
    let mut from =
        From::Scan { dataset: leads.name.value.clone(), alias: Name::new("l"), columns: leads.data.schema() };
    let mut datasets = vec![leads.name.value.clone()];
    let mut seen: Vec<Name> = Vec::new();
    let end = as_of_end(as_of);
    for a in &cx.aggs {
        if seen.contains(&a.dataset) {
            continue;
        }
        seen.push(a.dataset.clone());
        let Some(ds) = model.dataset(&a.dataset) else { continue };
        datasets.push(ds.name.value.clone());
        let person = ds.data.role("person").unwrap_or("person");
        let time = ds.data.role("time").unwrap_or("time");
        let mut cols = vec![(Name::new("person"), Scalar::col("t", person))];
        for (i, spec) in cx.aggs.iter().enumerate().filter(|(_, s)| s.dataset == a.dataset) {
            let agg = match spec.func.as_str() {
                "count" | "any" => Scalar::Agg(Agg::Sum, Box::new(Scalar::flag(spec.cond.clone()))),
                "sum" => {
                    let c = Scalar::col("t", spec.column.as_deref().unwrap_or("value"));
                    Scalar::Agg(
                        Agg::Sum,
                        Box::new(Scalar::Case(
                            Box::new(spec.cond.clone()),
                            Box::new(c),
                            Box::new(Scalar::Lit(Lit::Null)),
                        )),
                    )
                }
                _ => {
                    let c = Scalar::col("t", spec.column.as_deref().unwrap_or(time));
                    Scalar::Agg(
                        Agg::Max,
                        Box::new(Scalar::Case(
                            Box::new(spec.cond.clone()),
                            Box::new(c),
                            Box::new(Scalar::Lit(Lit::Null)),
                        )),
                    )
                }
            };
            cols.push((Name::new(format!("a_{i}")), agg));
        }
        let sub = Select {
            with: vec![],
            cols,
            from: From::Scan { dataset: ds.name.value.clone(), alias: Name::new("t"), columns: ds.data.schema() },
            filter: Some(Scalar::cmp(Cmp::Lt, Scalar::col("t", time), Scalar::Lit(Lit::Timestamp(end.clone())))),
            group_by: vec![Scalar::col("t", person)],
            order_by: vec![],
        };
        let alias = Name::new(group_alias(&a.dataset));
        let on = Scalar::cmp(Cmp::Eq, Scalar::col(&alias, "person"), Scalar::col("l", &key));
        from = From::LeftJoin { left: Box::new(from), right: Box::new(From::Sub { query: Box::new(sub), alias }), on };
    }
    let inner = Select { with: vec![], cols: inner_cols, from, filter: None, group_by: vec![], order_by: vec![] };
    // the outer query: points per category (capped), the total, the tier
    let mut categories: Vec<&str> = Vec::new();
    for s in &signals {
        if !categories.contains(&s.kind.as_str()) {
            categories.push(&s.kind);
        }
    }
    let cap = scoring.data.cap.as_ref().map(|c| c.value);
    let mut total: Option<Scalar> = None;
    for cat in &categories {
        let mut sum: Option<Scalar> = None;
        for (i, s) in signals.iter().enumerate().filter(|(_, s)| s.kind == *cat) {
            let term = Scalar::Arith(
                Arith::Mul,
                Box::new(Scalar::col("s", &format!("s_{i}"))),
                Box::new(Scalar::int(s.points)),
            );
            sum = Some(match sum {
                None => term,
                Some(acc) => Scalar::Arith(Arith::Add, Box::new(acc), Box::new(term)),
            });
        }
        let mut sum = sum.unwrap_or(Scalar::int(0));
        if let Some(c) = cap {
            sum = Scalar::Case(
                Box::new(Scalar::cmp(Cmp::Gt, sum.clone(), Scalar::int(c))),
                Box::new(Scalar::int(c)),
                Box::new(sum),
            );
        }
        total = Some(match total {
            None => sum,
            Some(acc) => Scalar::Arith(Arith::Add, Box::new(acc), Box::new(sum)),
        });
    }
    let total = total.unwrap_or(Scalar::int(0));
    let score_col = Scalar::col("m", "score");
    let mut tier = Scalar::Lit(Lit::Null);
    if let Some(t) = &scoring.data.tiers {
        let ranges = [&t.nurture, &t.mql, &t.sql, &t.hot];
        for (name, r) in TIERS.iter().zip(ranges).rev() {
            let Some(r) = r else { continue };
            let cond = Scalar::Between {
                x: Box::new(score_col.clone()),
                low: r.value.low,
                high: r.value.high,
                negated: false,
            };
            tier = Scalar::Case(Box::new(cond), Box::new(Scalar::Lit(Lit::Str(name.to_string()))), Box::new(tier));
        }
    }
    // the flags pass through two layers: `s` adds the score, `m` the tier
    let pass = |alias: &str| {
        let mut cols: Vec<(Name, Scalar)> = vec![(Name::new("key"), Scalar::col(alias, "key"))];
        if has_outcome {
            cols.push((Name::new("outcome"), Scalar::col(alias, "outcome")));
        }
        for i in 0..signals.len() {
            let n = format!("s_{i}");
            cols.push((Name::new(&n), Scalar::col(alias, &n)));
        }
        cols
    };
    let mut mid_cols = pass("s");
    mid_cols.push((Name::new("score"), total));
    let mid = Select {
        with: vec![],
        cols: mid_cols,
        from: From::Sub { query: Box::new(inner), alias: Name::new("s") },
        filter: None,
        group_by: vec![],
        order_by: vec![],
    };
    let mut cols = pass("m");
    cols.push((Name::new("score"), Scalar::col("m", "score")));
    cols.push((Name::new("tier"), tier));
    let select = Select {
        with: vec![],
        cols,
        from: From::Sub { query: Box::new(mid), alias: Name::new("m") },
        filter: None,
        group_by: vec![],
        order_by: vec![Scalar::col("m", "key")],
    };
    ScoreQuery { select, signals, unscored, has_outcome, datasets }
}

/// One scored lead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadScore {
    pub key: String,
    pub score: i64,
    pub tier: Option<String>,
    pub signals: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<bool>,
}

/// The scores of every lead, in key order (bytes).
#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub score_version: u32,
    /// Which engine ran (`NAME VERSION (WHERE)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    pub scoring: String,
    pub as_of: String,
    pub leads: Vec<LeadScore>,
    pub tiers: serde_json::Map<String, serde_json::Value>,
    #[serde(skip)]
    pub signals: Vec<ScoredSignal>,
    #[serde(skip)]
    pub unscored: Vec<Name>,
}

/// Run the query on an engine and read its rows.
pub fn run(q: &ScoreQuery, engine: &mut dyn Engine, scoring: &str, as_of: Date) -> Result<Scores, EngineError> {
    let sql = engine.print(&q.select);
    let rows = engine.query(&sql)?;
    let mut leads = Vec::with_capacity(rows.len());
    let n = q.signals.len();
    for row in rows {
        let mut i = 0;
        let mut next = || {
            let c = row.get(i).cloned().unwrap_or(Cell::Null);
            i += 1;
            c
        };
        let key = next().text();
        let outcome = if q.has_outcome { next().boolean() } else { None };
        let mut fired = Vec::new();
        for s in &q.signals {
            if next().int().unwrap_or(0) != 0 {
                fired.push(s.name.to_string());
            }
        }
        let score = next().int().unwrap_or(0);
        let tier = match next() {
            Cell::Null => None,
            c => Some(c.text()),
        };
        let _ = n;
        leads.push(LeadScore { key, score, tier, signals: fired, outcome });
    }
    leads.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
    let mut tiers = serde_json::Map::new();
    for t in TIERS {
        let c = leads.iter().filter(|l| l.tier.as_deref() == Some(t)).count();
        tiers.insert(t.to_string(), c.into());
    }
    let none = leads.iter().filter(|l| l.tier.is_none()).count();
    if none > 0 {
        tiers.insert("(none)".to_string(), none.into());
    }
    Ok(Scores {
        engine: None,
        score_version: 1,
        scoring: scoring.to_string(),
        as_of: as_of.to_string(),
        leads,
        tiers,
        signals: q.signals.clone(),
        unscored: q.unscored.clone(),
    })
}

/// A row of the review: leads, converted, their rate and lift over the base.
#[derive(Debug, Clone, Serialize)]
pub struct TierRow {
    pub tier: String,
    pub leads: usize,
    pub converted: usize,
    pub rate: f64,
    pub lift: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignalRow {
    pub signal: String,
    pub points: i64,
    pub fired: usize,
    pub rate_with: Option<f64>,
    pub rate_without: Option<f64>,
    pub lift: Option<f64>,
}

/// A finding of the review (SCR101–SCR103).
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub message: String,
    /// The signal or tier it is about.
    pub subject: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub leads: usize,
    pub converted: usize,
    pub base_rate: f64,
    pub tiers: Vec<TierRow>,
    pub signals: Vec<SignalRow>,
    pub findings: Vec<Finding>,
}

fn rate(conv: usize, n: usize) -> Option<f64> {
    (n > 0).then(|| conv as f64 / n as f64)
}

/// The quarterly review: conversion per tier and per signal, and findings.
/// `None` when the leads have no outcome.
pub fn review(s: &Scores) -> Option<Review> {
    let known: Vec<&LeadScore> = s.leads.iter().filter(|l| l.outcome.is_some()).collect();
    if known.is_empty() {
        return None;
    }
    let conv = |ls: &[&LeadScore]| ls.iter().filter(|l| l.outcome == Some(true)).count();
    let total = known.len();
    let converted = conv(&known);
    let base = converted as f64 / total as f64;
    let lift = |r: Option<f64>| r.and_then(|r| (base > 0.0).then(|| r / base));
    let mut tiers = Vec::new();
    let mut findings = Vec::new();
    for t in TIERS {
        let ls: Vec<&LeadScore> = known.iter().copied().filter(|l| l.tier.as_deref() == Some(t)).collect();
        let c = conv(&ls);
        let r = rate(c, ls.len());
        tiers.push(TierRow {
            tier: t.to_string(),
            leads: ls.len(),
            converted: c,
            rate: r.unwrap_or(0.0),
            lift: lift(r),
        });
        let share = ls.len() as f64 / total as f64;
        if !(0.01..=0.80).contains(&share) {
            findings.push(Finding {
                code: "SCR103",
                message: format!(
                    "tier `{t}` holds {:.1}% of the leads ({} of {total}); a tier should hold between 1% and 80%",
                    share * 100.0,
                    ls.len()
                ),
                subject: t.to_string(),
            });
        }
    }
    for (i, hi) in tiers.iter().enumerate() {
        for lo in &tiers[..i] {
            if hi.leads > 0 && lo.leads > 0 && hi.rate < lo.rate {
                findings.push(Finding {
                    code: "SCR101",
                    message: format!(
                        "tier `{}` converts {:.1}%, less than the lower tier `{}` ({:.1}%)",
                        hi.tier,
                        hi.rate * 100.0,
                        lo.tier,
                        lo.rate * 100.0
                    ),
                    subject: hi.tier.clone(),
                });
            }
        }
    }
    let mut signals = Vec::new();
    for sig in &s.signals {
        let (with, without): (Vec<&LeadScore>, Vec<&LeadScore>) =
            known.iter().copied().partition(|l| l.signals.iter().any(|x| *x == sig.name));
        let rw = rate(conv(&with), with.len());
        let l = lift(rw);
        if let Some(l) = l {
            if (sig.points > 0 && l < 1.0) || (sig.points < 0 && l > 1.0) {
                findings.push(Finding {
                    code: "SCR102",
                    message: format!(
                        "signal `{}` gives {:+} points but leads with it convert at {:.2}× the base rate",
                        sig.name, sig.points, l
                    ),
                    subject: sig.name.to_string(),
                });
            }
        }
        signals.push(SignalRow {
            signal: sig.name.to_string(),
            points: sig.points,
            fired: with.len(),
            rate_with: rw,
            rate_without: rate(conv(&without), without.len()),
            lift: l,
        });
    }
    Some(Review { leads: total, converted, base_rate: base, tiers, signals, findings })
}
