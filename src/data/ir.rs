//! The relational IR: the one place the semantics of conditions and scores
//! live. A query is a `Select` over scans of datasets, filtered, grouped by
//! person and left-joined on the person's key; `print` writes it in each
//! dialect, and nothing else writes SQL for an engine.

use crate::model::{ColType, Name};

/// A literal value. Timestamps are UTC, `YYYY-MM-DD HH:MM:SS`.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    Null,
    Bool(bool),
    Int(i64),
    Num(f64),
    Str(String),
    Date(String),
    Timestamp(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    /// Decimal division; by zero gives NULL on every engine.
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agg {
    Sum,
    Max,
    /// `COUNT(x)`: the non-NULL values.
    Count,
}

/// A scalar expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `alias.column`
    Col(Name, Name),
    Lit(Lit),
    Not(Box<Scalar>),
    And(Box<Scalar>, Box<Scalar>),
    Or(Box<Scalar>, Box<Scalar>),
    Cmp(Cmp, Box<Scalar>, Box<Scalar>),
    /// `x [NOT] IN (…)`
    InList {
        x: Box<Scalar>,
        items: Vec<Scalar>,
        negated: bool,
    },
    /// `low <= x [AND x <= high]`
    Between {
        x: Box<Scalar>,
        low: i64,
        high: Option<i64>,
        negated: bool,
    },
    Arith(Arith, Box<Scalar>, Box<Scalar>),
    /// A regular expression of the portable subset, `ci` for `(?i)`.
    Regex {
        x: Box<Scalar>,
        pattern: String,
        ci: bool,
    },
    Contains(Box<Scalar>, Box<Scalar>),
    StartsWith(Box<Scalar>, Box<Scalar>),
    EndsWith(Box<Scalar>, Box<Scalar>),
    Lower(Box<Scalar>),
    /// The lowercase text after the first `@` (all of it without one).
    Domain(Box<Scalar>),
    /// Days from `x` (a date or timestamp) to the timestamp `to`, a decimal.
    DaysBetween {
        x: Box<Scalar>,
        to: String,
    },
    Coalesce(Box<Scalar>, Box<Scalar>),
    /// `CASE WHEN c THEN a ELSE b END`
    Case(Box<Scalar>, Box<Scalar>, Box<Scalar>),
    Agg(Agg, Box<Scalar>),
    /// `x IS NULL` (the quality checks, `data::quality`).
    IsNull(Box<Scalar>),
    /// `TRIM(x)`: spaces off both ends.
    Trim(Box<Scalar>),
    /// Text concatenation, `a || b`.
    Concat(Box<Scalar>, Box<Scalar>),
    /// Seconds from timestamp `a` to timestamp `b` (`b − a`), a decimal.
    SecondsBetween(Box<Scalar>, Box<Scalar>),
    /// The timestamp `secs` seconds before `x`.
    MinusSeconds(Box<Scalar>, i64),
    /// `CASE WHEN c1 THEN a1 WHEN c2 THEN a2 … ELSE e END`: the first
    /// condition that holds wins.
    Cases(Vec<(Scalar, Scalar)>, Box<Scalar>),
    /// `2^x`, a decimal.
    Pow2(Box<Scalar>),
    /// `CAST(x AS DOUBLE)` in the dialect's spelling.
    Double(Box<Scalar>),
    /// A window function `f(…) OVER (PARTITION BY … ORDER BY … ASC NULLS LAST)`.
    Window {
        func: WinFunc,
        partition_by: Vec<Scalar>,
        order_by: Vec<Scalar>,
    },
    /// The texts of a group joined by `sep`, in the order of `order_by`.
    StringAgg {
        x: Box<Scalar>,
        sep: String,
        order_by: Box<Scalar>,
    },
}

/// The window functions of the portable subset.
#[derive(Debug, Clone, PartialEq)]
pub enum WinFunc {
    RowNumber,
    /// `COUNT(x)`: the non-NULL values.
    Count(Box<Scalar>),
    Sum(Box<Scalar>),
    Min(Box<Scalar>),
    Max(Box<Scalar>),
    /// The value of the previous row (NULL on the first).
    Lag(Box<Scalar>),
}

impl Scalar {
    pub fn col(alias: &str, col: &str) -> Scalar {
        Scalar::Col(Name::new(alias), Name::new(col))
    }
    pub fn int(i: i64) -> Scalar {
        Scalar::Lit(Lit::Int(i))
    }
    pub fn and(a: Scalar, b: Scalar) -> Scalar {
        Scalar::And(Box::new(a), Box::new(b))
    }
    pub fn cmp(op: Cmp, a: Scalar, b: Scalar) -> Scalar {
        Scalar::Cmp(op, Box::new(a), Box::new(b))
    }
    /// 1 where the condition holds, else 0 (NULL counts as not holding).
    pub fn flag(cond: Scalar) -> Scalar {
        Scalar::Case(Box::new(cond), Box::new(Scalar::int(1)), Box::new(Scalar::int(0)))
    }
    pub fn coalesce(a: Scalar, b: Scalar) -> Scalar {
        Scalar::Coalesce(Box::new(a), Box::new(b))
    }
}

/// Where a query reads from.
#[derive(Debug, Clone, PartialEq)]
pub enum From {
    /// A dataset's table, with the types of the columns read.
    Scan {
        dataset: Name,
        alias: Name,
        columns: Vec<(Name, ColType)>,
    },
    Sub {
        query: Box<Select>,
        alias: Name,
    },
    /// `left JOIN right ON on`
    Join {
        left: Box<From>,
        right: Box<From>,
        on: Scalar,
    },
    /// `(q1 UNION ALL q2 …) AS alias`; the queries have the same columns.
    UnionAll {
        queries: Vec<Select>,
        alias: Name,
    },
    /// `left LEFT JOIN right ON on`
    LeftJoin {
        left: Box<From>,
        right: Box<From>,
        on: Scalar,
    },
    /// A named query of the `WITH` list of an enclosing select.
    Ref {
        name: Name,
        alias: Name,
    },
}

/// `[WITH name AS (…), …] SELECT cols FROM from [WHERE] [GROUP BY] [ORDER BY]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    /// Named queries (`WITH`) that `From::Ref` reads; a query read twice is
    /// computed once where the engine materializes it (SQLite, DuckDB and
    /// PostgreSQL do for a query referenced more than once).
    pub with: Vec<(Name, Select)>,
    pub cols: Vec<(Name, Scalar)>,
    pub from: From,
    pub filter: Option<Scalar>,
    pub group_by: Vec<Scalar>,
    /// Ascending, NULLs last.
    pub order_by: Vec<Scalar>,
}

/// The name each dataset is read under, per engine (`print` quotes it).
pub trait Tables {
    fn table(&self, dataset: &str) -> String;
}
