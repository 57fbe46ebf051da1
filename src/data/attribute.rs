//! `mopsc attribute` (DATA.md §4): the journeys of every conversion and the
//! five heuristic models' credits built as IR (printed for every dialect and
//! run on an engine), the aggregated paths the data-driven models are
//! solved from (`markov`), and the rows the report shows: channels, source /
//! medium, or the declared campaigns and steps matched by their UTM values.

use serde::Serialize;

use super::engine::{Cell, Engine, EngineError};
use super::ir::{Arith, Cmp, From, Lit, Scalar, Select, WinFunc};
use super::markov::{self, PathRow};
use crate::literal::Date;
use crate::model::{Attribution, ChannelRule, Dataset, Decl, Model, Name};

/// The heuristic models, in the order of the credit query's columns.
pub const HEURISTICS: [&str; 5] = ["first-touch", "last-touch", "linear", "time-decay", "position-based"];
/// Every model `--model` takes (`data-driven` is the declared method).
pub const MODELS: [&str; 7] =
    ["first-touch", "last-touch", "linear", "time-decay", "position-based", "markov", "shapley"];

/// What a row of the report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum By {
    Channel,
    SourceMedium,
    Campaign,
    Step,
}

impl By {
    pub fn as_str(self) -> &'static str {
        match self {
            By::Channel => "channel",
            By::SourceMedium => "source-medium",
            By::Campaign => "campaign",
            By::Step => "step",
        }
    }
}

/// The row of conversions whose journey is empty.
pub const NONE: &str = "(none)";
/// A touch without the UTM value the rows are keyed by.
pub const NOT_SET: &str = "(not set)";
/// Separates campaign and content in a `--by step` key.
pub const STEP_SEP: &str = " | ";

/// The model's parameters, defaults applied (docs/reference/data.md).
#[derive(Debug, Clone, Serialize)]
pub struct Params {
    pub conversions: Vec<String>,
    pub window_days: f64,
    #[serde(skip)]
    pub window_secs: i64,
    pub half_life_days: f64,
    #[serde(skip)]
    pub half_life_secs: i64,
    /// position-based shares, normalised to add up to 1.
    pub first: f64,
    pub last: f64,
    pub middle: f64,
    pub method: String,
    pub order: usize,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The default lookback window when the declaration has none.
pub const DEFAULT_WINDOW_DAYS: i64 = 90;
pub const DEFAULT_HALF_LIFE_DAYS: i64 = 7;

impl Params {
    pub fn of(a: &Attribution, from: Option<Date>, to: Option<Date>) -> Params {
        let window_secs = a.window.as_ref().map_or(DEFAULT_WINDOW_DAYS * 86400, |w| w.value.hours * 3600);
        let half_life_secs = a.half_life.as_ref().map_or(DEFAULT_HALF_LIFE_DAYS * 86400, |h| h.value.hours * 3600);
        let pct = |p: &Option<crate::model::Spanned<crate::literal::Percent>>| p.as_ref().map(|p| p.value.hundredths);
        let (f, l, m) = match (pct(&a.first), pct(&a.last), pct(&a.middle)) {
            (None, None, None) => {
                let p = crate::seed::POSITION_BASED;
                (p.first * 100, p.last * 100, p.middle * 100)
            }
            (f, l, m) => (f.unwrap_or(0), l.unwrap_or(0), m.unwrap_or(0)),
        };
        let sum = (f + l + m).max(1) as f64;
        Params {
            conversions: a.conversions.iter().map(|c| c.value.to_string()).collect(),
            window_days: window_secs as f64 / 86400.0,
            window_secs: window_secs.max(1),
            half_life_days: half_life_secs as f64 / 86400.0,
            half_life_secs: half_life_secs.max(1),
            first: f as f64 / sum,
            last: l as f64 / sum,
            middle: m as f64 / sum,
            method: a.method.as_ref().map_or("markov".to_string(), |m| m.value.to_string()),
            order: a.order.as_ref().map_or(1, |o| o.value.clamp(1, 4) as usize),
            from: from.map(|d| format!("{d} 00:00:00")),
            to: to.map(|d| format!("{} 00:00:00", d.tomorrow().unwrap_or(d))),
        }
    }
}

/// The touches' columns the queries read: (role, column) where the role is
/// present.
struct Cols {
    person: String,
    time: String,
    event: String,
    opt: Vec<(&'static str, String)>,
}

/// The roles that break ties in time, in this order (then `url`, `event`).
pub const TIE_ROLES: [&str; 9] =
    ["source", "medium", "campaign", "content", "term", "channel", "url", "event", "value"];

impl Cols {
    fn of(ds: &Dataset) -> Cols {
        let col = |r: &str| ds.role(r).unwrap_or(r).to_string();
        let mut opt = Vec::new();
        for r in ["source", "medium", "campaign", "content", "term", "channel", "url", "value"] {
            if ds.has_role(r) {
                opt.push((r, col(r)));
            }
        }
        Cols { person: col("person"), time: col("time"), event: col("event"), opt }
    }
    fn get(&self, role: &str) -> Option<&str> {
        self.opt.iter().find(|(r, _)| *r == role).map(|(_, c)| c.as_str())
    }
    /// The columns that order a person's touches: time, then the tie roles.
    fn order(&self, alias: &str) -> Vec<Scalar> {
        let mut o = vec![Scalar::col(alias, &self.time)];
        for r in TIE_ROLES {
            let c = if r == "event" { Some(self.event.as_str()) } else { self.get(r) };
            if let Some(c) = c {
                o.push(Scalar::col(alias, c));
            }
        }
        o
    }
}

fn s(x: &str) -> Scalar {
    Scalar::Lit(Lit::Str(x.to_string()))
}
fn num(x: f64) -> Scalar {
    Scalar::Lit(Lit::Num(x))
}
fn b(x: Scalar) -> Box<Scalar> {
    Box::new(x)
}
fn case(c: Scalar, a: Scalar, e: Scalar) -> Scalar {
    Scalar::Case(b(c), b(a), b(e))
}
fn eq(a: Scalar, c: Scalar) -> Scalar {
    Scalar::cmp(Cmp::Eq, a, c)
}
fn or(a: Scalar, c: Scalar) -> Scalar {
    Scalar::Or(b(a), b(c))
}
fn double(x: Scalar) -> Scalar {
    Scalar::Double(b(x))
}
fn win(func: WinFunc, partition_by: Vec<Scalar>, order_by: Vec<Scalar>) -> Scalar {
    Scalar::Window { func, partition_by, order_by }
}
fn sel(cols: Vec<(&str, Scalar)>, from: From) -> Select {
    Select {
        with: vec![],
        cols: cols.into_iter().map(|(n, e)| (Name::new(n), e)).collect(),
        from,
        filter: None,
        group_by: vec![],
        order_by: vec![],
    }
}
fn sub(q: Select, alias: &str) -> From {
    From::Sub { query: Box::new(q), alias: Name::new(alias) }
}

/// The channel rules in force: the workspace policy's, else the prelude's.
pub fn channel_rules(model: &Model) -> Vec<&ChannelRule> {
    let ws = model.utm_policy().map(|p| &p.data.channel_rules).filter(|r| !r.is_empty());
    let rules = match ws {
        Some(r) => r,
        None => match model.utm_policies.iter().find(|p| p.file == crate::diagnostic::FileId::PRELUDE) {
            Some(p) => &p.data.channel_rules,
            None => return vec![],
        },
    };
    rules.iter().collect()
}

/// The text of a touch's row key, read from alias `t`.
fn key_expr(by: By, cols: &Cols, rules: &[&ChannelRule], t: &str) -> Scalar {
    let coalesce = |role: &str, dflt: &str| match cols.get(role) {
        Some(c) => Scalar::coalesce(Scalar::col(t, c), s(dflt)),
        None => s(dflt),
    };
    match by {
        By::SourceMedium => Scalar::Concat(
            b(coalesce("source", "(direct)")),
            b(Scalar::Concat(b(s(" / ")), b(coalesce("medium", "(none)")))),
        ),
        By::Campaign => coalesce("campaign", NOT_SET),
        By::Step => Scalar::Concat(
            b(coalesce("campaign", NOT_SET)),
            b(Scalar::Concat(b(s(STEP_SEP)), b(coalesce("content", NOT_SET)))),
        ),
        By::Channel => {
            let src = Scalar::Lower(b(coalesce("source", "(direct)")));
            let med = Scalar::Lower(b(coalesce("medium", "(none)")));
            let camp = Scalar::Lower(b(coalesce("campaign", "")));
            let mut whens = Vec::new();
            for r in rules.iter() {
                let mut cond: Option<Scalar> = None;
                for (re, x) in [(&r.source, &src), (&r.medium, &med), (&r.campaign, &camp)] {
                    let Some(re) = re else { continue };
                    let (_, body) = super::cond::portable_regex(&re.value).unwrap_or((true, "^$"));
                    let m = Scalar::Regex { x: b(x.clone()), pattern: body.to_string(), ci: true };
                    cond = Some(match cond {
                        None => m,
                        Some(c) => Scalar::and(c, m),
                    });
                }
                let Some(cond) = cond else { continue };
                let ch = r.channel.as_ref().map_or(r.name.value.to_string(), |c| c.value.to_string());
                whens.push((cond, s(&ch)));
            }
            let e = Scalar::Cases(whens, b(s("Unassigned")));
            match cols.get("channel") {
                Some(c) => case(
                    Scalar::and(
                        Scalar::Not(b(Scalar::IsNull(b(Scalar::col(t, c))))),
                        Scalar::cmp(Cmp::Ne, Scalar::col(t, c), s("")),
                    ),
                    Scalar::col(t, c),
                    e,
                ),
                None => e,
            }
        }
    }
}

fn is_conversion(p: &Params, cols: &Cols, t: &str) -> Scalar {
    Scalar::InList {
        x: b(Scalar::coalesce(Scalar::col(t, &cols.event), s(""))),
        items: p.conversions.iter().map(|c| s(c)).collect(),
        negated: false,
    }
}

fn scan(ds: &Decl<Dataset>, alias: &str) -> From {
    From::Scan { dataset: ds.name.value.clone(), alias: Name::new(alias), columns: ds.data.schema() }
}

/// The name of the touches numbered once (`base`), which every attribution
/// query reads through its `WITH` list.
const BASE: &str = "touches_numbered";

/// The touches with a person and a time, each with its row key `k`, the
/// conversion flag `isconv`, the value `cval` it has as a conversion, its
/// number `r` among the person's touches of its kind (conversions and the
/// others numbered apart, in time order, ties broken by [`TIE_ROLES`]) and
/// `prev` and `ptime`, the key and the time of the person's previous touch
/// of its kind. One sort of
/// the touches serves every query: a conversion's journey (the
/// non-conversion touches in `(time − window, time]`) is a run of
/// consecutive numbers, so a touch's place in it is `r` minus the run's
/// first, and a consecutive repeat is a touch whose `prev` is its own key.
fn base(ds: &Decl<Dataset>, p: &Params, by: By, rules: &[&ChannelRule]) -> Select {
    let cols = Cols::of(&ds.data);
    let value = match cols.get("value") {
        Some(v) => double(Scalar::coalesce(Scalar::col("t", v), Scalar::int(0))),
        None => num(1.0),
    };
    let isconv = Scalar::flag(is_conversion(p, &cols, "t"));
    let part = vec![Scalar::col("t", &cols.person), isconv.clone()];
    let k = key_expr(by, &cols, rules, "t");
    let mut q = sel(
        vec![
            ("person", Scalar::col("t", &cols.person)),
            ("time", Scalar::col("t", &cols.time)),
            ("isconv", isconv),
            ("cval", value),
            ("k", k.clone()),
            ("r", win(WinFunc::RowNumber, part.clone(), cols.order("t"))),
            ("prev", win(WinFunc::Lag(b(k)), part.clone(), cols.order("t"))),
            ("ptime", win(WinFunc::Lag(b(Scalar::col("t", &cols.time))), part, cols.order("t"))),
        ],
        scan(ds, "t"),
    );
    q.filter = Some(Scalar::and(
        Scalar::Not(b(Scalar::IsNull(b(Scalar::col("t", &cols.person))))),
        Scalar::Not(b(Scalar::IsNull(b(Scalar::col("t", &cols.time))))),
    ));
    q
}

fn base_ref(alias: &str) -> From {
    From::Ref { name: Name::new(BASE), alias: Name::new(alias) }
}

/// The journey rows: one per (conversion, touch of its journey), or one
/// with a NULL touch for a conversion with an empty journey, read from
/// [`BASE`]. Columns: person, cid (the conversion's number among the
/// person's), cval, k, r, prev, decay, and `first`, 1 on the journey's
/// first touch (the touch before it, if any, is outside the window).
fn journey_rows(p: &Params) -> Select {
    let b_ = |x: &str| Scalar::col("b", x);
    let mut filter = eq(b_("isconv"), Scalar::int(1));
    if let Some(f) = &p.from {
        filter = Scalar::and(filter, Scalar::cmp(Cmp::Ge, b_("time"), Scalar::Lit(Lit::Timestamp(f.clone()))));
    }
    if let Some(to) = &p.to {
        filter = Scalar::and(filter, Scalar::cmp(Cmp::Lt, b_("time"), Scalar::Lit(Lit::Timestamp(to.clone()))));
    }
    let mut conv = sel(
        vec![("person", b_("person")), ("ctime", b_("time")), ("cval", b_("cval")), ("cid", b_("r"))],
        base_ref("b"),
    );
    conv.filter = Some(filter);
    let t = |x: &str| Scalar::col("t", x);
    let on = Scalar::and(
        eq(t("person"), Scalar::col("c", "person")),
        Scalar::and(
            eq(t("isconv"), Scalar::int(0)),
            Scalar::and(
                Scalar::cmp(Cmp::Gt, t("time"), Scalar::MinusSeconds(b(Scalar::col("c", "ctime")), p.window_secs)),
                Scalar::cmp(Cmp::Le, t("time"), Scalar::col("c", "ctime")),
            ),
        ),
    );
    let none = Scalar::IsNull(b(t("person")));
    let age = Scalar::SecondsBetween(b(t("time")), b(Scalar::col("c", "ctime")));
    let decay = Scalar::Pow2(b(Scalar::Arith(
        Arith::Sub,
        b(num(0.0)),
        b(Scalar::Arith(Arith::Div, b(age), b(Scalar::int(p.half_life_secs)))),
    )));
    sel(
        vec![
            ("person", Scalar::col("c", "person")),
            ("cid", Scalar::col("c", "cid")),
            ("cval", Scalar::col("c", "cval")),
            ("k", case(none.clone(), s(NONE), t("k"))),
            ("r", t("r")),
            ("prev", t("prev")),
            ("decay", case(none, num(1.0), decay)),
            (
                "first",
                Scalar::flag(or(
                    Scalar::IsNull(b(t("ptime"))),
                    Scalar::cmp(Cmp::Le, t("ptime"), Scalar::MinusSeconds(b(Scalar::col("c", "ctime")), p.window_secs)),
                )),
            ),
        ],
        From::LeftJoin { left: b_from(sub(conv, "c")), right: b_from(base_ref("t")), on },
    )
}

/// The journey rows with their place: `pos` (1-based), the journey's
/// length `n` (0 for an empty journey) and the sum of its decays `dsum`.
fn placed(p: &Params) -> Select {
    let j = |x: &str| Scalar::col("j", x);
    let part = || vec![j("person"), j("cid")];
    let pos = Scalar::coalesce(
        Scalar::Arith(
            Arith::Add,
            b(Scalar::Arith(Arith::Sub, b(j("r")), b(win(WinFunc::Min(b(j("r"))), part(), vec![])))),
            b(Scalar::int(1)),
        ),
        Scalar::int(1),
    );
    sel(
        vec![
            ("person", j("person")),
            ("cid", j("cid")),
            ("cval", j("cval")),
            ("k", j("k")),
            ("prev", j("prev")),
            ("pos", pos),
            ("n", win(WinFunc::Count(b(j("r"))), part(), vec![])),
            ("decay", j("decay")),
            ("dsum", win(WinFunc::Sum(b(j("decay"))), part(), vec![])),
        ],
        sub(journey_rows(p), "j"),
    )
}

/// The journey rows: one per (conversion, touch of its journey), or one
/// with a NULL touch for a conversion with an empty journey. Columns:
/// person, cid (the conversion, numbered among the person's), cval, k, pos,
/// n, decay.
pub fn journeys(ds: &Decl<Dataset>, p: &Params, by: By, rules: &[&ChannelRule]) -> Select {
    let w = |x: &str| Scalar::col("w", x);
    let mut q = sel(
        ["person", "cid", "cval", "k", "pos", "n", "decay"].into_iter().map(|c| (c, w(c))).collect(),
        sub(placed(p), "w"),
    );
    q.with = vec![(Name::new(BASE), base(ds, p, by, rules))];
    q
}

fn b_from(f: From) -> Box<From> {
    Box::new(f)
}

/// The credit of one journey row under each heuristic, from alias `w`
/// (columns pos, n, decay, dsum).
fn credits(p: &Params) -> [Scalar; 5] {
    let c = |x: &str| Scalar::col("w", x);
    let n0 = eq(c("n"), Scalar::int(0));
    let first = case(eq(c("pos"), Scalar::int(1)), num(1.0), num(0.0));
    let last = case(or(eq(c("pos"), c("n")), n0.clone()), num(1.0), num(0.0));
    let linear = case(n0.clone(), num(1.0), Scalar::Arith(Arith::Div, b(num(1.0)), b(c("n"))));
    let decay = Scalar::Arith(Arith::Div, b(c("decay")), b(c("dsum")));
    let fl = p.first + p.last;
    let (f2, l2) = if fl > 0.0 { (p.first / fl, p.last / fl) } else { (0.5, 0.5) };
    let middle =
        Scalar::Arith(Arith::Div, b(num(p.middle)), b(Scalar::Arith(Arith::Sub, b(c("n")), b(Scalar::int(2)))));
    let position = case(
        Scalar::cmp(Cmp::Le, c("n"), Scalar::int(1)),
        num(1.0),
        case(
            eq(c("n"), Scalar::int(2)),
            case(eq(c("pos"), Scalar::int(1)), num(f2), num(l2)),
            case(eq(c("pos"), Scalar::int(1)), num(p.first), case(eq(c("pos"), c("n")), num(p.last), middle)),
        ),
    );
    [first, last, linear, decay, position].map(double)
}

/// The credits query: per row key `k`, for each heuristic `i`, the
/// conversions `c_i` and the value `v_i` credited to it; ordered by key.
pub fn credit_query(ds: &Decl<Dataset>, p: &Params, by: By, rules: &[&ChannelRule]) -> Select {
    let mut cols: Vec<(Name, Scalar)> = vec![(Name::new("k"), Scalar::col("w", "k"))];
    for (i, cr) in credits(p).into_iter().enumerate() {
        let sum = |x: Scalar| double(Scalar::Agg(super::ir::Agg::Sum, b(x)));
        cols.push((Name::new(format!("c_{i}")), sum(cr.clone())));
        cols.push((Name::new(format!("v_{i}")), sum(Scalar::Arith(Arith::Mul, b(cr), b(Scalar::col("w", "cval"))))));
    }
    Select {
        with: vec![(Name::new(BASE), base(ds, p, by, rules))],
        cols,
        from: sub(placed(p), "w"),
        filter: None,
        group_by: vec![Scalar::col("w", "k")],
        order_by: vec![Scalar::col("w", "k")],
    }
}

/// The paths query: `path, conversions, nulls, value` per distinct channel
/// sequence (consecutive repeats merged, `" > "` between channels), from
/// the conversions' journeys and from the touches that led to none (a
/// person's touches after their last conversion, or all of them, within the
/// window before their last touch); ordered by path.
pub fn paths_query(ds: &Decl<Dataset>, p: &Params, by: By, rules: &[&ChannelRule]) -> Select {
    // a touch starts a new step of the path unless the touch before it in
    // the same journey has its key: the journey's first touch, or one whose
    // previous touch of its kind (`prev`) has another key
    let changed = |a: &str, first: Scalar| {
        or(
            first,
            or(
                Scalar::IsNull(b(Scalar::col(a, "prev"))),
                Scalar::cmp(Cmp::Ne, Scalar::col(a, "prev"), Scalar::col(a, "k")),
            ),
        )
    };
    // converting journeys
    let mut p2 = sel(
        vec![
            (
                "path",
                Scalar::StringAgg {
                    x: b(Scalar::col("q", "k")),
                    sep: markov::SEP.into(),
                    order_by: b(Scalar::col("q", "r")),
                },
            ),
            ("conversions", Scalar::int(1)),
            ("nulls", Scalar::int(0)),
            ("value", double(Scalar::col("q", "cval"))),
        ],
        sub(journey_rows(p), "q"),
    );
    p2.filter = Some(Scalar::and(
        Scalar::Not(b(Scalar::IsNull(b(Scalar::col("q", "r"))))),
        changed("q", eq(Scalar::col("q", "first"), Scalar::int(1))),
    ));
    p2.group_by = vec![Scalar::col("q", "person"), Scalar::col("q", "cid"), Scalar::col("q", "cval")];
    // journeys that led to no conversion: per person, the last conversion
    // and the last touch (before --to)
    let b_ = |x: &str| Scalar::col("b", x);
    let mut last = Select {
        with: vec![],
        cols: vec![
            (Name::new("person"), b_("person")),
            (
                Name::new("lastconv"),
                Scalar::Agg(
                    super::ir::Agg::Max,
                    b(case(eq(b_("isconv"), Scalar::int(1)), b_("time"), Scalar::Lit(Lit::Null))),
                ),
            ),
            (Name::new("lasttime"), Scalar::Agg(super::ir::Agg::Max, b(b_("time")))),
        ],
        from: base_ref("b"),
        filter: None,
        group_by: vec![b_("person")],
        order_by: vec![],
    };
    if let Some(to) = &p.to {
        last.filter = Some(Scalar::cmp(Cmp::Lt, b_("time"), Scalar::Lit(Lit::Timestamp(to.clone()))));
    }
    let u = |x: &str| Scalar::col("u", x);
    let l = |x: &str| Scalar::col("l", x);
    // the touches of the person's null journey: after the last conversion,
    // within the window before the last touch
    let inside = |time: Scalar| {
        Scalar::and(
            or(Scalar::IsNull(b(l("lastconv"))), Scalar::cmp(Cmp::Gt, time.clone(), l("lastconv"))),
            Scalar::cmp(Cmp::Gt, time, Scalar::MinusSeconds(b(l("lasttime")), p.window_secs)),
        )
    };
    let mut n2 = sel(
        vec![("person", u("person")), ("k", u("k")), ("r", u("r")), ("prev", u("prev"))],
        From::Join { left: b_from(base_ref("u")), right: b_from(sub(last, "l")), on: eq(u("person"), l("person")) },
    );
    let mut f2 = Scalar::and(eq(u("isconv"), Scalar::int(0)), inside(u("time")));
    if let Some(to) = &p.to {
        f2 = Scalar::and(f2, Scalar::cmp(Cmp::Lt, u("time"), Scalar::Lit(Lit::Timestamp(to.clone()))));
    }
    if let Some(f) = &p.from {
        f2 = Scalar::and(f2, Scalar::cmp(Cmp::Ge, l("lasttime"), Scalar::Lit(Lit::Timestamp(f.clone()))));
    }
    n2.filter = Some(f2);
    // the first touch of the null journey: the touch before it is not in it
    n2.cols.push((
        Name::new("first"),
        Scalar::flag(Scalar::Not(b(Scalar::coalesce(inside(u("ptime")), Scalar::Lit(Lit::Bool(false)))))),
    ));
    let mut n3 = sel(
        vec![
            (
                "path",
                Scalar::StringAgg {
                    x: b(Scalar::col("v", "k")),
                    sep: markov::SEP.into(),
                    order_by: b(Scalar::col("v", "r")),
                },
            ),
            ("conversions", Scalar::int(0)),
            ("nulls", Scalar::int(1)),
            ("value", double(num(0.0))),
        ],
        sub(n2, "v"),
    );
    n3.filter = Some(changed("v", eq(Scalar::col("v", "first"), Scalar::int(1))));
    n3.group_by = vec![Scalar::col("v", "person")];
    let a = |x: &str| Scalar::col("a", x);
    let sum = |x: Scalar| Scalar::Agg(super::ir::Agg::Sum, b(x));
    Select {
        with: vec![(Name::new(BASE), base(ds, p, by, rules))],
        cols: vec![
            (Name::new("path"), a("path")),
            (Name::new("conversions"), sum(a("conversions"))),
            (Name::new("nulls"), sum(a("nulls"))),
            (Name::new("value"), double(sum(a("value")))),
        ],
        from: From::UnionAll { queries: vec![p2, n3], alias: Name::new("a") },
        filter: None,
        group_by: vec![a("path")],
        order_by: vec![a("path")],
    }
}

/// The heuristics' credits of one row key.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyCredit {
    pub key: String,
    pub conversions: [f64; 5],
    pub value: [f64; 5],
}

fn num_of(c: &Cell) -> f64 {
    match c {
        Cell::Int(i) => *i as f64,
        Cell::Num(x) => *x,
        Cell::Text(t) => t.trim().parse().unwrap_or(0.0),
        Cell::Null => 0.0,
    }
}

/// Run the credits query.
pub fn run_credits(q: &Select, eng: &mut dyn Engine) -> Result<Vec<KeyCredit>, EngineError> {
    let rows = eng.query(&eng.print(q))?;
    Ok(rows
        .iter()
        .map(|r| {
            let mut kc = KeyCredit {
                key: r.first().map_or(String::new(), |c| c.text()),
                conversions: [0.0; 5],
                value: [0.0; 5],
            };
            for i in 0..5 {
                kc.conversions[i] = r.get(1 + 2 * i).map_or(0.0, num_of);
                kc.value[i] = r.get(2 + 2 * i).map_or(0.0, num_of);
            }
            kc
        })
        .collect())
}

/// Run the paths query.
pub fn run_paths(q: &Select, eng: &mut dyn Engine) -> Result<Vec<PathRow>, EngineError> {
    let rows = eng.query(&eng.print(q))?;
    Ok(rows
        .iter()
        .map(|r| PathRow {
            path: markov::split_path(&r.first().map_or(String::new(), |c| c.text())),
            conversions: r.get(1).map_or(0.0, num_of),
            nulls: r.get(2).map_or(0.0, num_of),
            value: r.get(3).map_or(0.0, num_of),
        })
        .collect())
}

/// Read aggregated paths from a CSV file with the header
/// `path,conversions,nulls,value` (`value` optional); errors name the line.
pub fn read_paths(text: &str) -> Result<Vec<PathRow>, String> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| format!("cannot read the header: {e}"))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{FEFF}').to_ascii_lowercase())
        .collect();
    let col = |n: &str| header.iter().position(|h| h == n);
    let (Some(pi), Some(ci), Some(ni)) = (col("path"), col("conversions"), col("nulls")) else {
        return Err(format!(
            "the header must name the columns path, conversions, nulls (and value); it has {}",
            header.join(", ")
        ));
    };
    let vi = col("value");
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| format!("line {line}: {e}"))?;
        let f = |idx: usize, what: &str| -> Result<f64, String> {
            let v = rec.get(idx).unwrap_or("").trim();
            if v.is_empty() {
                return Ok(0.0);
            }
            match v.parse::<f64>() {
                Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
                _ => Err(format!(
                    "line {line}: {what} `{}` is not a number of 0 or more",
                    v.chars().take(40).collect::<String>()
                )),
            }
        };
        out.push(PathRow {
            path: markov::split_path(rec.get(pi).unwrap_or("")),
            conversions: f(ci, "conversions")?,
            nulls: f(ni, "nulls")?,
            value: match vi {
                Some(v) => f(v, "value")?,
                None => 0.0,
            },
        });
    }
    Ok(out)
}
