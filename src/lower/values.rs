//! Value conversion: a syntax value to the attribute's schema type
//! ([`Val`]: E003, E013, E015), and the typed reads of a checked block's
//! converted attributes that the per-kind builders make.

use super::validate::enum_help;
use super::Cx;
use crate::diagnostic::{Build, Span};
use crate::literal::{self, Date, Duration, IntRange, Money, Percent, Rate};
use crate::model::{Name, Spanned};
use crate::schema::{AttrSpec, Ty};
use crate::syntax::{Block, Value, ValueKind};

/// A converted attribute value.
#[derive(Debug, Clone)]
pub enum Val {
    Str(Name),
    Int(i64),
    Dec(f64),
    Percent(Percent),
    Money(Money),
    Rate(Rate),
    Duration(Duration),
    Date(Date),
    Range(IntRange),
    Bool(bool),
    Word(Name),
    List(Vec<Spanned<Val>>),
    Expr(Box<crate::data::cond::Expr>),
}

/// The checked attributes and children of one block.
pub(super) struct Checked<'a> {
    pub(super) block: &'a Block,
    pub(super) attrs: Vec<(&'static str, Spanned<Val>)>,
    pub(super) children: Vec<&'a Block>,
    pub(super) ty: Option<Spanned<Name>>,
}

impl Checked<'_> {
    pub(super) fn get(&self, name: &str) -> Option<&Spanned<Val>> {
        self.attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
    pub(super) fn string(&self, name: &str) -> Option<Spanned<Name>> {
        self.get(name).and_then(|v| match &v.value {
            Val::Str(s) | Val::Word(s) => Some(Spanned::new(s.clone(), v.span)),
            _ => None,
        })
    }
    pub(super) fn int(&self, name: &str) -> Option<Spanned<i64>> {
        self.get(name).and_then(|v| match v.value {
            Val::Int(i) => Some(Spanned::new(i, v.span)),
            _ => None,
        })
    }
    pub(super) fn date(&self, name: &str) -> Option<Spanned<Date>> {
        self.get(name).and_then(|v| match v.value {
            Val::Date(d) => Some(Spanned::new(d, v.span)),
            _ => None,
        })
    }
    pub(super) fn money(&self, name: &str) -> Option<Spanned<Money>> {
        self.get(name).and_then(|v| match &v.value {
            Val::Money(m) => Some(Spanned::new(m.clone(), v.span)),
            _ => None,
        })
    }
    pub(super) fn rate(&self, name: &str) -> Option<Spanned<Rate>> {
        self.get(name).and_then(|v| match &v.value {
            Val::Rate(r) => Some(Spanned::new(r.clone(), v.span)),
            _ => None,
        })
    }
    pub(super) fn duration(&self, name: &str) -> Option<Spanned<Duration>> {
        self.get(name).and_then(|v| match v.value {
            Val::Duration(d) => Some(Spanned::new(d, v.span)),
            _ => None,
        })
    }
    pub(super) fn percent(&self, name: &str) -> Option<Spanned<Percent>> {
        self.get(name).and_then(|v| match v.value {
            Val::Percent(p) => Some(Spanned::new(p, v.span)),
            _ => None,
        })
    }
    pub(super) fn range(&self, name: &str) -> Option<Spanned<IntRange>> {
        self.get(name).and_then(|v| match v.value {
            Val::Range(r) => Some(Spanned::new(r, v.span)),
            _ => None,
        })
    }
    pub(super) fn decimal(&self, name: &str) -> Option<f64> {
        self.get(name).and_then(|v| match v.value {
            Val::Dec(d) => Some(d),
            Val::Int(i) => Some(i as f64),
            _ => None,
        })
    }
    pub(super) fn bool(&self, name: &str) -> bool {
        matches!(self.get(name).map(|v| &v.value), Some(Val::Bool(true)))
    }
    pub(super) fn strings(&self, name: &str) -> Option<Vec<Spanned<Name>>> {
        self.get(name).and_then(|v| match &v.value {
            Val::List(items) => Some(
                items
                    .iter()
                    .filter_map(|i| match &i.value {
                        Val::Str(s) | Val::Word(s) => Some(Spanned::new(s.clone(), i.span)),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        })
    }
    pub(super) fn list(&self, name: &str) -> Vec<Spanned<Name>> {
        self.strings(name).unwrap_or_default()
    }
    pub(super) fn expr(&self, name: &str) -> Option<crate::data::cond::Expr> {
        self.get(name).and_then(|v| match &v.value {
            Val::Expr(e) => Some((**e).clone()),
            _ => None,
        })
    }
    pub(super) fn children(&self, kind: &str) -> impl Iterator<Item = &Block> {
        let kind = kind.to_string();
        self.children.iter().copied().filter(move |b| b.kind.text == kind)
    }
    pub(super) fn ty_or_empty(&self) -> Spanned<Name> {
        self.ty.clone().unwrap_or_else(|| Spanned::new(Name::default(), self.block.kind.span))
    }
}

impl Cx {
    /// Convert a value to the attribute's type: E003 (bad literal), E013
    /// (wrong type), E015 (not in the enum). A reference is kept as a
    /// word; `refs` reads references off the model.
    pub(super) fn convert(&mut self, v: &Value, ty: &Ty, aspec: &AttrSpec, kind: &str) -> Option<Spanned<Val>> {
        let mismatch = |cx: &mut Cx, ty: &Ty| {
            cx.err(
                "E013",
                format!("`{}` of a `{kind}` expects {}, found {}", aspec.name, ty.describe(), v.kind.describe()),
                v.span,
                format!("expected {}", ty.describe()),
            )
            .with_help(format!("`{}`: {}", aspec.name, aspec.doc));
            None
        };
        let lit = |cx: &mut Cx, r: Result<Val, String>, span: Span| match r {
            Ok(val) => Some(Spanned::new(val, v.span)),
            Err(msg) => {
                cx.err("E003", msg, span, "invalid literal");
                None
            }
        };
        match (ty, &v.kind) {
            (Ty::String, ValueKind::String(raw))
            | (Ty::StringOrText, ValueKind::String(raw))
            | (Ty::WordOrString, ValueKind::String(raw)) => {
                lit(self, literal::unescape(raw).map(|s| Val::Str(Name::new(&s))), v.span)
            }
            (Ty::Url, ValueKind::String(raw)) => lit(
                self,
                literal::unescape(raw).and_then(|s| literal::url(&s)).map(|s| Val::Str(Name::new(&s))),
                v.span,
            ),
            (Ty::StringOrText, ValueKind::Text(raw)) => {
                Some(Spanned::new(Val::Str(Name::new(literal::dedent(raw))), v.span))
            }
            (Ty::Integer, ValueKind::Integer(raw)) => lit(self, literal::integer(raw).map(Val::Int), v.span),
            (Ty::IntIn(lo, hi), ValueKind::Integer(raw)) => {
                let r = literal::integer(raw).and_then(|i| {
                    if (*lo..=*hi).contains(&i) {
                        Ok(Val::Int(i))
                    } else {
                        Err(format!("`{}` must be from {lo} to {hi}, found {i}", aspec.name))
                    }
                });
                lit(self, r, v.span)
            }
            (Ty::Decimal, ValueKind::Decimal(raw)) | (Ty::Decimal, ValueKind::Integer(raw)) => {
                lit(self, literal::decimal(raw).map(Val::Dec), v.span)
            }
            (Ty::Percent, ValueKind::Quantity { number, unit, .. }) if unit == "%" => {
                lit(self, literal::percent(number, Some(10_000)).map(Val::Percent), v.span)
            }
            (Ty::Duration, ValueKind::Quantity { number, unit, unit_span }) if unit != "%" => {
                lit(self, literal::duration(number, unit).map(Val::Duration), *unit_span)
            }
            (Ty::Money, ValueKind::Money { amount, currency, currency_span, per: None }) => {
                if let Some(positive) = amount.strip_prefix('-') {
                    return self.negative_money(v.span, aspec.name, &format!("{positive} {currency}"));
                }
                lit(self, literal::money(amount, currency).map(Val::Money), *currency_span)
            }
            (Ty::Money, ValueKind::Money { per: Some(_), .. }) => {
                self.err("E013", format!("`{}` expects money, found a rate", aspec.name), v.span, "expected money")
                    .with_help("remove the `/yr` or `/mo`: this is an amount, not a cost per period");
                None
            }
            (Ty::Rate, ValueKind::Money { amount, currency, currency_span, per }) => {
                if let Some(positive) = amount.strip_prefix('-') {
                    let per = per.as_ref().map(|(p, _)| format!("/{p}")).unwrap_or_else(|| "/yr".into());
                    return self.negative_money(v.span, aspec.name, &format!("{positive} {currency}{per}"));
                }
                let m = match literal::money(amount, currency) {
                    Ok(m) => m,
                    Err(e) => {
                        self.err("E003", e, *currency_span, "invalid literal");
                        return None;
                    }
                };
                match per {
                    Some((p, psp)) => lit(self, literal::per(p).map(|per| Val::Rate(Rate { money: m, per })), *psp),
                    None => {
                        self.err(
                            "E013",
                            format!("`{}` expects a rate, found money", aspec.name),
                            v.span,
                            "expected a rate",
                        )
                        .with_help(format!("add the period: `{} {}/yr` or `/mo`", amount, currency));
                        None
                    }
                }
            }
            (Ty::Date, ValueKind::Date(raw)) => lit(self, literal::date(raw).map(Val::Date), v.span),
            (Ty::Range, ValueKind::Range { low, high }) => {
                lit(self, literal::range(low, high.as_deref()).map(Val::Range), v.span)
            }
            (Ty::Bool, ValueKind::Ident(w)) if w == "true" || w == "false" => {
                Some(Spanned::new(Val::Bool(w == "true"), v.span))
            }
            (Ty::Word, ValueKind::Ident(w)) | (Ty::WordOrString, ValueKind::Ident(w)) => {
                Some(Spanned::new(Val::Word(Name::new(w)), v.span))
            }
            (Ty::Enum(vals), ValueKind::Ident(w)) => {
                if vals.contains(&w.as_str()) {
                    Some(Spanned::new(Val::Word(Name::new(w)), v.span))
                } else {
                    self.err(
                        "E015",
                        format!("`{w}` is not a valid `{}` for a `{kind}`", aspec.name),
                        v.span,
                        "not an allowed value",
                    )
                    .with_help(enum_help(w, vals));
                    None
                }
            }
            (Ty::Ref(_), ValueKind::Ident(w)) => Some(Spanned::new(Val::Word(Name::new(w)), v.span)),
            (Ty::Expr, _) => crate::data::cond::from_syntax(v, self.file, &mut self.diags)
                .map(|e| Spanned::new(Val::Expr(Box::new(e)), v.span)),
            (Ty::List(inner), ValueKind::List(items)) => {
                let mut out = Vec::new();
                for item in items {
                    if let ValueKind::List(_) = item.kind {
                        mismatch(self, inner);
                        continue;
                    }
                    if let Some(x) = self.convert(item, inner, aspec, kind) {
                        out.push(x);
                    }
                }
                Some(Spanned::new(Val::List(out), v.span))
            }
            // a literal of the right shape but the wrong unit: E003 unknown unit
            (Ty::Percent, ValueKind::Quantity { unit, unit_span, .. }) => {
                self.err(
                    "E003",
                    format!("unknown unit `{unit}`: `{}` expects a percent such as 40%", aspec.name),
                    *unit_span,
                    "invalid literal",
                );
                None
            }
            (Ty::Duration | Ty::Integer | Ty::IntIn(..) | Ty::Decimal, ValueKind::Quantity { unit, unit_span, .. })
                if !matches!(unit.as_str(), "%" | "h" | "d" | "w") =>
            {
                let expect = ty.describe();
                let units = if *ty == Ty::Duration { " (units: h, d, w)" } else { "" };
                self.err(
                    "E003",
                    format!("unknown unit `{unit}`: `{}` expects {expect}{units}", aspec.name),
                    *unit_span,
                    "invalid literal",
                );
                None
            }
            (ty, _) => mismatch(self, ty),
        }
    }

    /// Budgets, costs, pipeline and revenue are amounts of money spent or
    /// expected: none of them can be negative (E003).
    fn negative_money(&mut self, span: Span, attr: &str, positive: &str) -> Option<Spanned<Val>> {
        self.err("E003", format!("`{attr}` cannot be negative"), span, "negative amount")
            .with_help(format!("write the amount without the minus sign: `{attr} = {positive}`"));
        None
    }
}
