//! Conditions (DATA.md §2): the typed model of an expression, built from the
//! syntax tree, and its type check at check time (E050–E059).

use serde::Serialize;

use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::literal::{self, Date};
use crate::model::{ColType, Dataset, Decl, Model, Name, Spanned};
use crate::schema;
use crate::syntax::{Op, Value, ValueKind};

/// An expression of the model, with the span it was written at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expr {
    pub kind: ExprKind,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ExprKind {
    Bool(bool),
    Int(i64),
    Num(f64),
    Str(Name),
    Date(Date),
    /// A duration, in hours (`within 30d`).
    Duration(i64),
    Range(i64, Option<i64>),
    List(Vec<Expr>),
    /// A column of the dataset in scope.
    Column(Name),
    /// `dataset.column`, inside `sum` and `last`.
    Field(Spanned<Name>, Spanned<Name>),
    Not(Box<Expr>),
    Bin(Op, Box<Expr>, Box<Expr>),
    Call {
        name: Spanned<Name>,
        args: Vec<CallArg>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallArg {
    pub expr: Expr,
    pub where_: Option<Expr>,
    pub within: Option<Expr>,
}

/// The functions of conditions, and whether each is an aggregate over touches.
pub const FUNCTIONS: &[(&str, &str)] = &[
    ("lower", "lower(text): the text in lowercase"),
    ("domain", "domain(email): the part after the @, lowercase"),
    ("days-since", "days-since(t): days from a date or timestamp to --as-of (a number)"),
    ("coalesce", "coalesce(x, y): x, or y where x is empty"),
    ("count", "count(TOUCHES where COND within DURATION): the person's touches"),
    ("any", "any(TOUCHES where COND within DURATION): whether the person has such a touch"),
    ("sum", "sum(TOUCHES.COLUMN where COND within DURATION): the total of a number column"),
    ("last", "last(TOUCHES.time where COND): the time of the person's latest such touch"),
];

pub fn is_aggregate(name: &str) -> bool {
    matches!(name, "count" | "any" | "sum" | "last")
}

/// Build the model of an expression; a bad literal is E003.
pub fn from_syntax(v: &Value, file: FileId, diags: &mut Vec<Diagnostic>) -> Option<Expr> {
    let span = v.span;
    let e3 = |diags: &mut Vec<Diagnostic>, msg: String| {
        diags.push(Diagnostic::error("E003", msg, file, span).with_label(file, span, "invalid literal"));
        None
    };
    let kind = match &v.kind {
        ValueKind::String(raw) => match literal::unescape(raw) {
            Ok(s) => ExprKind::Str(Name::new(s)),
            Err(m) => return e3(diags, m),
        },
        ValueKind::Text(raw) => ExprKind::Str(Name::new(literal::dedent(raw))),
        ValueKind::Integer(raw) => match literal::integer(raw) {
            Ok(i) => ExprKind::Int(i),
            Err(m) => return e3(diags, m),
        },
        ValueKind::Decimal(raw) => match literal::decimal(raw) {
            Ok(d) => ExprKind::Num(d),
            Err(m) => return e3(diags, m),
        },
        ValueKind::Quantity { number, unit, .. } if unit == "%" => match literal::decimal(number) {
            Ok(d) => ExprKind::Num(d / 100.0),
            Err(m) => return e3(diags, m),
        },
        ValueKind::Quantity { number, unit, .. } => match literal::duration(number, unit) {
            Ok(d) => ExprKind::Duration(d.hours),
            Err(m) => return e3(diags, m),
        },
        ValueKind::Money { amount, currency, per: None, .. } => match literal::money(amount, currency) {
            Ok(m) => ExprKind::Num(m.cents as f64 / 100.0),
            Err(m) => return e3(diags, m),
        },
        ValueKind::Money { .. } => return e3(diags, "a rate (`/yr`, `/mo`) has no meaning in a condition".into()),
        ValueKind::Date(raw) => match literal::date(raw) {
            Ok(d) => ExprKind::Date(d),
            Err(m) => return e3(diags, m),
        },
        ValueKind::Range { low, high } => match literal::range(low, high.as_deref()) {
            Ok(r) => ExprKind::Range(r.low, r.high),
            Err(m) => return e3(diags, m),
        },
        ValueKind::Ident(w) if w == "true" || w == "false" => ExprKind::Bool(w == "true"),
        ValueKind::Ident(w) => ExprKind::Column(Name::new(w)),
        ValueKind::List(items) => {
            let mut out = Vec::new();
            for i in items {
                out.push(from_syntax(i, file, diags)?);
            }
            ExprKind::List(out)
        }
        ValueKind::Path(parts) => {
            if parts.len() != 2 {
                diags.push(
                    Diagnostic::error("E055", "a field is written `DATASET.COLUMN`", file, span)
                        .with_label(file, span, "one dot expected")
                        .with_help("name a touches dataset and one of its columns, e.g. `web-touches.value`"),
                );
                return None;
            }
            ExprKind::Field(
                Spanned::new(Name::new(&parts[0].text), parts[0].span),
                Spanned::new(Name::new(&parts[1].text), parts[1].span),
            )
        }
        ValueKind::Not(_, e) => ExprKind::Not(Box::new(from_syntax(e, file, diags)?)),
        ValueKind::Binary { op, lhs, rhs, .. } => {
            let l = from_syntax(lhs, file, diags);
            let r = from_syntax(rhs, file, diags);
            ExprKind::Bin(*op, Box::new(l?), Box::new(r?))
        }
        ValueKind::Paren(e) => {
            return from_syntax(e, file, diags).map(|mut e| {
                e.span = span;
                e
            })
        }
        ValueKind::Call { name, args } => {
            let mut out = Vec::new();
            for a in args {
                let expr = from_syntax(&a.expr, file, diags);
                let where_ = a.where_.as_ref().map(|w| from_syntax(w, file, diags));
                let within = a.within.as_ref().map(|w| from_syntax(w, file, diags));
                out.push(CallArg { expr: expr?, where_: where_.flatten(), within: within.flatten() });
            }
            ExprKind::Call { name: Spanned::new(Name::new(&name.text), name.span), args: out }
        }
    };
    Some(Expr { kind, span })
}

/// The type of an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum T {
    Text,
    Int,
    Number,
    Bool,
    Date,
    Timestamp,
    Duration,
    Range,
    List(Box<T>),
    /// A list with no items.
    Empty,
}

impl T {
    pub fn of(c: ColType) -> T {
        match c {
            ColType::Text => T::Text,
            ColType::Int => T::Int,
            ColType::Number | ColType::Money => T::Number,
            ColType::Bool => T::Bool,
            ColType::Date => T::Date,
            ColType::Timestamp => T::Timestamp,
        }
    }
    pub fn describe(&self) -> String {
        match self {
            T::Text => "text".into(),
            T::Int => "an int".into(),
            T::Number => "a number".into(),
            T::Bool => "a bool".into(),
            T::Date => "a date".into(),
            T::Timestamp => "a timestamp".into(),
            T::Duration => "a duration".into(),
            T::Range => "a range".into(),
            T::List(t) => format!("a list of {}", t.describe().trim_start_matches("a ").trim_start_matches("an ")),
            T::Empty => "an empty list".into(),
        }
    }
    fn numeric(&self) -> bool {
        matches!(self, T::Int | T::Number)
    }
    fn temporal(&self) -> bool {
        matches!(self, T::Date | T::Timestamp)
    }
    /// Whether two values can be compared with `==` and `<`.
    pub fn comparable(&self, other: &T) -> bool {
        self == other || (self.numeric() && other.numeric()) || (self.temporal() && other.temporal())
    }
}

/// What a condition is checked against.
pub struct Scope<'m> {
    pub model: &'m Model,
    /// The dataset whose columns bare names are (`None`: no dataset known).
    pub dataset: Option<&'m Decl<Dataset>>,
    pub file: FileId,
    /// Inside an aggregate's `where`: no aggregate again.
    pub in_aggregate: bool,
}

impl Scope<'_> {
    fn err(&self, code: &str, msg: impl Into<String>, span: Span, label: &str, help: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, msg, self.file, span).with_label(self.file, span, label).with_help(help)
    }
}

/// Type-check `e`; every problem is pushed, and `None` returned where the
/// type is unknown (so one mistake gives one diagnostic).
pub fn type_of(e: &Expr, sc: &Scope, diags: &mut Vec<Diagnostic>) -> Option<T> {
    let span = e.span;
    Some(match &e.kind {
        ExprKind::Bool(_) => T::Bool,
        ExprKind::Int(_) => T::Int,
        ExprKind::Num(_) => T::Number,
        ExprKind::Str(_) => T::Text,
        ExprKind::Date(_) => T::Date,
        ExprKind::Duration(_) => T::Duration,
        ExprKind::Range(..) => T::Range,
        ExprKind::List(items) => {
            let mut ty: Option<T> = None;
            for i in items {
                let t = type_of(i, sc, diags)?;
                match &ty {
                    None => ty = Some(t),
                    Some(first) if first.comparable(&t) => {}
                    Some(first) => {
                        diags.push(sc.err(
                            "E059",
                            format!("a list mixes {} and {}", first.describe(), t.describe()),
                            i.span,
                            "different type",
                            "write every item of a list with the same type",
                        ));
                        return None;
                    }
                }
            }
            ty.map(|t| T::List(Box::new(t))).unwrap_or(T::Empty)
        }
        ExprKind::Column(name) => {
            let Some(ds) = sc.dataset else {
                diags.push(sc.err(
                    "E050",
                    format!("unknown column `{name}`: no dataset is in scope"),
                    span,
                    "unknown column",
                    "declare a `dataset NAME : leads { … }` and name it with `leads = NAME` in the scoring block",
                ));
                return None;
            };
            let cols = ds.data.schema();
            match cols.iter().find(|(c, _)| c == name) {
                Some((_, t)) => T::of(*t),
                None => {
                    let names: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
                    let hint = schema::did_you_mean(name, names.iter().copied());
                    let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
                    let is_role = schema::DATASET_ROLES
                        .iter()
                        .any(|(k, rs)| *k == ds.data.kind.value && rs.iter().any(|(r, _)| *r == name.as_str()));
                    let help = match hint {
                        _ if is_role => format!(
                            "`{name}` is a role of a {} dataset: map it to the file's column in `{}` (`{name} = COLUMN`)",
                            ds.data.kind.value, ds.name.value
                        ),
                        Some(h) => format!("{h} The columns of `{}` are {list}", ds.name.value),
                        None => format!(
                            "the columns of `{}` are {list}; declare others in its `columns {{ NAME = TYPE }}`",
                            ds.name.value
                        ),
                    };
                    diags.push(sc.err(
                        "E050",
                        format!("dataset `{}` has no column `{name}`", ds.name.value),
                        span,
                        "unknown column",
                        help,
                    ));
                    return None;
                }
            }
        }
        ExprKind::Field(ds, _) => {
            diags.push(sc.err(
                "E055",
                format!("`{}.…` names a column of another dataset outside an aggregate", ds.value),
                span,
                "not in an aggregate",
                "read another dataset's columns through `sum(…)` or `last(…)`, e.g. `sum(web-touches.value)`",
            ));
            return None;
        }
        ExprKind::Not(x) => {
            let t = type_of(x, sc, diags)?;
            if t != T::Bool {
                diags.push(sc.err(
                    "E051",
                    format!("`not` needs a bool, found {}", t.describe()),
                    x.span,
                    "not a bool",
                    "`not` negates a condition, e.g. `not unsubscribed`",
                ));
                return None;
            }
            T::Bool
        }
        ExprKind::Bin(op, l, r) => {
            let lt = type_of(l, sc, diags);
            let rt = type_of(r, sc, diags);
            let (lt, rt) = (lt?, rt?);
            return binary(*op, &lt, &rt, l, r, span, sc, diags);
        }
        ExprKind::Call { name, args } => return call(name, args, span, sc, diags),
    })
}

#[allow(clippy::too_many_arguments)]
fn binary(op: Op, lt: &T, rt: &T, l: &Expr, r: &Expr, span: Span, sc: &Scope, d: &mut Vec<Diagnostic>) -> Option<T> {
    let mismatch = |d: &mut Vec<Diagnostic>, help: &str| {
        d.push(sc.err(
            "E051",
            format!("`{}` cannot take {} and {}", op.as_str(), lt.describe(), rt.describe()),
            span,
            "types do not fit",
            help,
        ));
        None
    };
    match op {
        Op::And | Op::Or => {
            if *lt == T::Bool && *rt == T::Bool {
                Some(T::Bool)
            } else {
                mismatch(d, "`and` and `or` join conditions: compare a column first, e.g. `score > 10`")
            }
        }
        Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge => {
            let ordered = !matches!(op, Op::Eq | Op::Ne);
            let scalar = !matches!(lt, T::List(_) | T::Empty | T::Range | T::Duration);
            if lt.comparable(rt) && scalar && !(ordered && *lt == T::Bool) {
                Some(T::Bool)
            } else {
                mismatch(d, "compare values of one kind: text with text, numbers with numbers, dates with dates")
            }
        }
        Op::In | Op::NotIn => match rt {
            T::List(item) if lt.comparable(item) => Some(T::Bool),
            T::Empty => Some(T::Bool),
            T::Range if lt.numeric() => Some(T::Bool),
            T::List(_) | T::Range => mismatch(d, "the list's items (or the range) must have the type of the left side"),
            _ => {
                d.push(sc.err(
                    "E059",
                    format!("`{}` needs a list or a range on its right, found {}", op.as_str(), rt.describe()),
                    r.span,
                    "not a list",
                    "write `x in [\"a\", \"b\"]` or `x in 100..2000`",
                ));
                None
            }
        },
        Op::Matches => {
            if *lt != T::Text {
                return mismatch(d, "`matches` tests a text column against a regular expression");
            }
            let ExprKind::Str(pat) = &r.kind else {
                d.push(sc.err(
                    "E054",
                    "`matches` needs a regular expression written as a string",
                    r.span,
                    "not a string",
                    "write the pattern as a string, e.g. `title matches \"(?i)^(vp|head)\"`",
                ));
                return None;
            };
            if let Err(why) = portable_regex(pat) {
                d.push(sc.err(
                    "E054",
                    format!("bad regular expression: {why}"),
                    r.span,
                    "bad pattern",
                    "use the portable subset: classes, alternation, anchors, repetition, and `(?i)` at the start",
                ));
                return None;
            }
            Some(T::Bool)
        }
        Op::Contains | Op::StartsWith | Op::EndsWith => {
            if *lt == T::Text && *rt == T::Text {
                Some(T::Bool)
            } else {
                mismatch(d, "these operators compare text with text")
            }
        }
        Op::Add | Op::Sub | Op::Mul | Op::Div => {
            if lt.numeric() && rt.numeric() {
                Some(if *lt == T::Int && *rt == T::Int && op != Op::Div { T::Int } else { T::Number })
            } else {
                let _ = l;
                mismatch(d, "arithmetic takes numbers")
            }
        }
    }
}

/// The regular expression with its `(?i)` prefix split off, checked to be in
/// the portable subset every engine reads alike.
pub fn portable_regex(pat: &str) -> Result<(bool, &str), String> {
    let (ci, body) = match pat.strip_prefix("(?i)") {
        Some(rest) => (true, rest),
        None => (false, pat),
    };
    if body.contains("(?") {
        return Err("flags and look-around other than a leading `(?i)` are not portable".into());
    }
    if body.contains("\\p") || body.contains("\\P") || body.contains("\\b") || body.contains("\\B") {
        return Err("`\\p`, `\\b` and their kin are not read alike by every engine".into());
    }
    regex::Regex::new(body).map_err(|e| e.to_string().lines().last().unwrap_or("invalid").trim().to_string())?;
    Ok((ci, body))
}

fn call(name: &Spanned<Name>, args: &[CallArg], span: Span, sc: &Scope, d: &mut Vec<Diagnostic>) -> Option<T> {
    let n = name.value.as_str();
    let Some((_, sig)) = FUNCTIONS.iter().find(|(f, _)| *f == n) else {
        let hint = schema::did_you_mean(n, FUNCTIONS.iter().map(|(f, _)| *f));
        let list = FUNCTIONS.iter().map(|(f, _)| format!("`{f}`")).collect::<Vec<_>>().join(", ");
        d.push(sc.err(
            "E053",
            format!("unknown function `{n}`"),
            name.span,
            "unknown function",
            match hint {
                Some(h) => format!("{h} The functions are {list}"),
                None => format!("the functions are {list}"),
            },
        ));
        return None;
    };
    let arity = if n == "coalesce" { 2 } else { 1 };
    if args.len() != arity {
        d.push(sc.err(
            "E053",
            format!("`{n}` takes {arity} argument{}, found {}", if arity == 1 { "" } else { "s" }, args.len()),
            span,
            "wrong number of arguments",
            format!("write {sig}"),
        ));
        return None;
    }
    if !is_aggregate(n) {
        if let Some(a) = args.iter().find(|a| a.where_.is_some() || a.within.is_some()) {
            d.push(sc.err(
                "E056",
                format!("`where` and `within` belong to aggregates, not to `{n}`"),
                a.expr.span,
                "not an aggregate",
                "use them in count, any, sum or last",
            ));
            return None;
        }
        let ts: Option<Vec<T>> = args.iter().map(|a| type_of(&a.expr, sc, d)).collect();
        let ts = ts?;
        let bad = |d: &mut Vec<Diagnostic>, want: &str| {
            d.push(sc.err(
                "E051",
                format!("`{n}` needs {want}, found {}", ts[0].describe()),
                args[0].expr.span,
                "wrong type",
                format!("write {sig}"),
            ));
            None
        };
        return match n {
            "lower" | "domain" if ts[0] == T::Text => Some(T::Text),
            "lower" | "domain" => bad(d, "text"),
            "days-since" if ts[0].temporal() => Some(T::Number),
            "days-since" => bad(d, "a date or a timestamp"),
            _ => {
                if ts[0].comparable(&ts[1]) {
                    Some(if ts[0].numeric() && ts[0] != ts[1] { T::Number } else { ts[0].clone() })
                } else {
                    d.push(sc.err(
                        "E051",
                        format!(
                            "`coalesce` takes two values of one type, found {} and {}",
                            ts[0].describe(),
                            ts[1].describe()
                        ),
                        span,
                        "types do not fit",
                        "give a fallback of the column's type, e.g. `coalesce(country, \"unknown\")`",
                    ));
                    None
                }
            }
        };
    }
    // an aggregate over touches
    if sc.in_aggregate {
        d.push(sc.err(
            "E055",
            format!("`{n}` inside another aggregate"),
            span,
            "nested aggregate",
            "an aggregate's `where` reads the touch's own columns",
        ));
        return None;
    }
    let a = &args[0];
    let (ds_name, column) = match (&a.expr.kind, n) {
        (ExprKind::Column(ds), "count" | "any") => (Spanned::new(ds.clone(), a.expr.span), None),
        (ExprKind::Field(ds, col), "sum" | "last") => (ds.clone(), Some(col)),
        _ => {
            let want = if matches!(n, "count" | "any") { "a touches dataset" } else { "`DATASET.COLUMN`" };
            d.push(sc.err("E055", format!("`{n}` takes {want}"), a.expr.span, "not a dataset", format!("write {sig}")));
            return None;
        }
    };
    let touches: Vec<&Decl<Dataset>> = sc.model.datasets.iter().filter(|x| x.data.kind.value == "touches").collect();
    let Some(ds) = touches.iter().copied().find(|x| x.name.value == ds_name.value) else {
        let other = sc.model.dataset(&ds_name.value);
        let names: Vec<&str> = touches.iter().map(|x| x.name.value.as_str()).collect();
        let help = match schema::did_you_mean(&ds_name.value, names.iter().copied()) {
            Some(h) => h,
            None if names.is_empty() => "declare a `dataset NAME : touches { … }` to aggregate over".into(),
            None => format!(
                "aggregates read a touches dataset: {}",
                names.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        let msg = match other {
            Some(o) => format!("`{}` is a {} dataset, not touches", ds_name.value, o.data.kind.value),
            None => format!("no touches dataset `{}`", ds_name.value),
        };
        d.push(sc.err("E055", msg, ds_name.span, "not a touches dataset", help));
        return None;
    };
    let inner = Scope { model: sc.model, dataset: Some(ds), file: sc.file, in_aggregate: true };
    let mut ok = true;
    if let Some(w) = &a.where_ {
        match type_of(w, &inner, d) {
            Some(T::Bool) => {}
            Some(t) => {
                d.push(sc.err(
                    "E052",
                    format!("`where` needs a condition, found {}", t.describe()),
                    w.span,
                    "not a condition",
                    "write a condition on the touch, e.g. `where event == \"demo-requested\"`",
                ));
                ok = false;
            }
            None => ok = false,
        }
    }
    if let Some(w) = &a.within {
        if !matches!(w.kind, ExprKind::Duration(_)) {
            d.push(sc.err(
                "E056",
                "`within` needs a duration",
                w.span,
                "not a duration",
                "write a duration such as `within 30d` (h, d, w)",
            ));
            ok = false;
        }
        if n == "last" {
            d.push(sc.err(
                "E056",
                "`last` takes no `within`",
                w.span,
                "not allowed here",
                "filter with `where`, compare the time after: `days-since(last(…)) < 30`",
            ));
            ok = false;
        }
    }
    if let Some(col) = column {
        let cols = ds.data.schema();
        match cols.iter().find(|(c, _)| *c == col.value) {
            None => {
                let names: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
                let help = schema::did_you_mean(&col.value, names.iter().copied())
                    .unwrap_or_else(|| format!("the columns of `{}` are {}", ds.name.value, names.join(", ")));
                d.push(sc.err(
                    "E050",
                    format!("dataset `{}` has no column `{}`", ds.name.value, col.value),
                    col.span,
                    "unknown column",
                    help,
                ));
                ok = false;
            }
            Some((_, t)) => {
                let t = T::of(*t);
                if n == "sum" && !t.numeric() {
                    d.push(sc.err(
                        "E056",
                        format!("`sum` adds numbers; `{}` is {}", col.value, t.describe()),
                        col.span,
                        "not a number",
                        "sum a number or money column, e.g. `sum(web-touches.value)`",
                    ));
                    ok = false;
                }
                if n == "last" && !t.temporal() {
                    d.push(sc.err(
                        "E056",
                        format!("`last` takes a time; `{}` is {}", col.value, t.describe()),
                        col.span,
                        "not a time",
                        "write `last(DATASET.time)`",
                    ));
                    ok = false;
                }
            }
        }
    }
    ok.then_some(match n {
        "count" => T::Int,
        "any" => T::Bool,
        "sum" => T::Number,
        _ => T::Timestamp,
    })
}

/// Check one signal's condition: E050–E059, E052 when it is not a bool.
pub fn check_condition(e: &Expr, sc: &Scope, d: &mut Vec<Diagnostic>) -> bool {
    let before = d.len();
    match type_of(e, sc, d) {
        Some(T::Bool) => d.len() == before,
        Some(t) => {
            d.push(sc.err(
                "E052",
                format!("a condition must be true or false; this is {}", t.describe()),
                e.span,
                "not a condition",
                "compare it, e.g. `count(web-touches) > 3`",
            ));
            false
        }
        None => false,
    }
}
