//! The printers: one IR, six SQL dialects (DATA.md §6). The portable
//! subset: no QUALIFY, explicit casts, NULLS LAST, divisions that cannot fail.

use super::ir::{Agg, Arith, Cmp, From, Lit, Scalar, Select, Tables, WinFunc};

/// A SQL dialect; also the CLI's `--dialect` values (one list, here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dialect {
    Sqlite,
    Duckdb,
    Postgres,
    Bigquery,
    Snowflake,
    Spark,
}

impl Dialect {
    pub const ALL: [Dialect; 6] =
        [Dialect::Sqlite, Dialect::Duckdb, Dialect::Postgres, Dialect::Bigquery, Dialect::Snowflake, Dialect::Spark];

    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Duckdb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::Bigquery => "bigquery",
            Dialect::Snowflake => "snowflake",
            Dialect::Spark => "spark",
        }
    }

    pub fn parse(s: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// A quoted identifier.
    pub fn ident(self, s: &str) -> String {
        match self {
            Dialect::Bigquery | Dialect::Spark => format!("`{}`", s.replace('`', "")),
            _ => format!("\"{}\"", s.replace('"', "\"\"")),
        }
    }

    /// A string literal: doubled quotes, or backslash escapes where the
    /// dialect reads backslashes in strings.
    pub fn string(self, s: &str) -> String {
        match self {
            Dialect::Bigquery | Dialect::Snowflake | Dialect::Spark => {
                format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'").replace('\n', "\\n"))
            }
            _ => format!("'{}'", s.replace('\'', "''")),
        }
    }

    fn double(self) -> &'static str {
        match self {
            Dialect::Sqlite => "REAL",
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::Bigquery => "FLOAT64",
            _ => "DOUBLE",
        }
    }

    fn position(self, needle: &str, hay: &str) -> String {
        match self {
            Dialect::Sqlite | Dialect::Spark => format!("INSTR({hay}, {needle})"),
            Dialect::Snowflake => format!("POSITION({needle} IN {hay})"),
            _ => format!("STRPOS({hay}, {needle})"),
        }
    }
}

/// Print a query.
pub fn select(q: &Select, d: Dialect, t: &dyn Tables) -> String {
    let mut out = String::new();
    write_select(q, d, t, 0, &mut out);
    out.push('\n');
    out
}

/// `CREATE TEMP TABLE name AS` the query: a named query kept for the
/// queries that follow (`Engine::materialize`).
pub fn create_temp(name: &str, q: &Select, d: Dialect, t: &dyn Tables) -> String {
    let mut out = format!("CREATE TEMP TABLE {} AS\n", d.ident(name));
    write_select(q, d, t, 0, &mut out);
    out
}

fn pad(n: usize) -> String {
    "  ".repeat(n)
}

fn write_select(q: &Select, d: Dialect, t: &dyn Tables, depth: usize, out: &mut String) {
    let p = pad(depth);
    for (i, (name, sub)) in q.with.iter().enumerate() {
        out.push_str(if i == 0 { "WITH " } else { ",\n" });
        out.push_str(&p);
        out.push_str(&format!("{} AS (\n{}  ", d.ident(name), p));
        write_select(sub, d, t, depth + 1, out);
        out.push_str(&format!("\n{p})"));
        if i + 1 == q.with.len() {
            out.push_str(&format!("\n{p}"));
        }
    }
    out.push_str("SELECT\n");
    for (i, (name, e)) in q.cols.iter().enumerate() {
        out.push_str(&format!("{p}  {} AS {}", scalar(e, d), d.ident(name)));
        out.push_str(if i + 1 < q.cols.len() { ",\n" } else { "\n" });
    }
    out.push_str(&format!("{p}FROM "));
    write_from(&q.from, d, t, depth, out);
    if let Some(f) = &q.filter {
        out.push_str(&format!("\n{p}WHERE {}", scalar(f, d)));
    }
    if !q.group_by.is_empty() {
        let g: Vec<String> = q.group_by.iter().map(|e| scalar(e, d)).collect();
        out.push_str(&format!("\n{p}GROUP BY {}", g.join(", ")));
    }
    if !q.order_by.is_empty() {
        let o: Vec<String> = q.order_by.iter().map(|e| format!("{} ASC NULLS LAST", scalar(e, d))).collect();
        out.push_str(&format!("\n{p}ORDER BY {}", o.join(", ")));
    }
}

fn write_from(f: &From, d: Dialect, t: &dyn Tables, depth: usize, out: &mut String) {
    match f {
        From::Scan { dataset, alias, .. } => out.push_str(&format!("{} AS {}", t.table(dataset), d.ident(alias))),
        From::Ref { name, alias } => out.push_str(&format!("{} AS {}", d.ident(name), d.ident(alias))),
        From::Sub { query, alias } => {
            out.push_str("(\n");
            out.push_str(&pad(depth + 1));
            write_select(query, d, t, depth + 1, out);
            out.push_str(&format!("\n{}) AS {}", pad(depth), d.ident(alias)));
        }
        From::Join { left, right, on } => {
            write_from(left, d, t, depth, out);
            out.push_str(&format!("\n{}JOIN ", pad(depth)));
            write_from(right, d, t, depth, out);
            out.push_str(&format!(" ON {}", scalar(on, d)));
        }
        From::UnionAll { queries, alias } => {
            out.push_str("(\n");
            for (i, q) in queries.iter().enumerate() {
                if i > 0 {
                    out.push_str(&format!("\n{}UNION ALL\n", pad(depth + 1)));
                }
                out.push_str(&pad(depth + 1));
                write_select(q, d, t, depth + 1, out);
            }
            out.push_str(&format!("\n{}) AS {}", pad(depth), d.ident(alias)));
        }
        From::LeftJoin { left, right, on } => {
            write_from(left, d, t, depth, out);
            out.push_str(&format!("\n{}LEFT JOIN ", pad(depth)));
            write_from(right, d, t, depth, out);
            out.push_str(&format!(" ON {}", scalar(on, d)));
        }
    }
}

fn lit(l: &Lit, d: Dialect) -> String {
    match l {
        Lit::Null => "NULL".into(),
        Lit::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Lit::Int(i) => i.to_string(),
        Lit::Num(x) => {
            let s = format!("{x:?}");
            if s.contains('e') || s.contains("inf") || s.contains("NaN") {
                format!("CAST({} AS {})", d.string(&s), d.double())
            } else {
                s
            }
        }
        Lit::Str(s) => d.string(s),
        Lit::Date(s) => match d {
            Dialect::Sqlite => d.string(s),
            _ => format!("DATE {}", d.string(s)),
        },
        Lit::Timestamp(s) => match d {
            Dialect::Sqlite => d.string(s),
            Dialect::Snowflake => format!("CAST({} AS TIMESTAMP)", d.string(s)),
            _ => format!("TIMESTAMP {}", d.string(s)),
        },
    }
}

/// Print a scalar expression, parenthesised wherever it is compound.
pub fn scalar(e: &Scalar, d: Dialect) -> String {
    let s = |x: &Scalar| scalar(x, d);
    match e {
        Scalar::Col(a, c) => format!("{}.{}", d.ident(a), d.ident(c)),
        Scalar::Lit(l) => lit(l, d),
        Scalar::Not(x) => format!("(NOT {})", s(x)),
        Scalar::And(a, b) => format!("({} AND {})", s(a), s(b)),
        Scalar::Or(a, b) => format!("({} OR {})", s(a), s(b)),
        Scalar::Cmp(op, a, b) => {
            let o = match op {
                Cmp::Eq => "=",
                Cmp::Ne => "<>",
                Cmp::Lt => "<",
                Cmp::Le => "<=",
                Cmp::Gt => ">",
                Cmp::Ge => ">=",
            };
            format!("({} {o} {})", s(a), s(b))
        }
        Scalar::InList { x, items, negated } => {
            if items.is_empty() {
                return format!(
                    "(CASE WHEN {} IS NULL THEN NULL ELSE {} END)",
                    s(x),
                    if *negated { "TRUE" } else { "FALSE" }
                );
            }
            let list: Vec<String> = items.iter().map(s).collect();
            format!("({} {}IN ({}))", s(x), if *negated { "NOT " } else { "" }, list.join(", "))
        }
        Scalar::Between { x, low, high, negated } => {
            let inner = match high {
                Some(h) => format!("({} BETWEEN {low} AND {h})", s(x)),
                None => format!("({} >= {low})", s(x)),
            };
            if *negated {
                format!("(NOT {inner})")
            } else {
                inner
            }
        }
        Scalar::Arith(op, a, b) => match op {
            Arith::Add => format!("({} + {})", s(a), s(b)),
            Arith::Sub => format!("({} - {})", s(a), s(b)),
            Arith::Mul => format!("({} * {})", s(a), s(b)),
            Arith::Div => format!("(CAST({} AS {}) / NULLIF({}, 0))", s(a), d.double(), s(b)),
        },
        Scalar::Regex { x, pattern, ci } => {
            let full = if *ci { format!("(?i){pattern}") } else { pattern.clone() };
            match d {
                Dialect::Sqlite => format!("({} REGEXP {})", s(x), d.string(&full)),
                Dialect::Postgres => format!("({} {} {})", s(x), if *ci { "~*" } else { "~" }, d.string(pattern)),
                Dialect::Duckdb => {
                    format!("regexp_matches({}, {}{})", s(x), d.string(pattern), if *ci { ", 'i'" } else { "" })
                }
                Dialect::Bigquery => format!("REGEXP_CONTAINS({}, {})", s(x), d.string(&full)),
                Dialect::Snowflake => format!(
                    "(REGEXP_INSTR({}, {}, 1, 1, 0, {}) > 0)",
                    s(x),
                    d.string(pattern),
                    d.string(if *ci { "i" } else { "c" })
                ),
                Dialect::Spark => format!("({} RLIKE {})", s(x), d.string(&full)),
            }
        }
        Scalar::Contains(a, b) => format!("({} > 0)", d.position(&s(b), &s(a))),
        Scalar::StartsWith(a, b) => format!("(SUBSTR({}, 1, LENGTH({})) = {})", s(a), s(b), s(b)),
        Scalar::EndsWith(a, b) => format!(
            "(LENGTH({a}) >= LENGTH({b}) AND SUBSTR({a}, LENGTH({a}) - LENGTH({b}) + 1) = {b})",
            a = s(a),
            b = s(b)
        ),
        Scalar::Lower(x) => format!("LOWER({})", s(x)),
        Scalar::IsNull(x) => format!("({} IS NULL)", s(x)),
        Scalar::Trim(x) => format!("TRIM({})", s(x)),
        Scalar::Domain(x) => {
            let x = s(x);
            format!("LOWER(SUBSTR({x}, {} + 1))", d.position(&d.string("@"), &x))
        }
        Scalar::DaysBetween { x, to } => {
            let x = s(x);
            let to_l = lit(&Lit::Timestamp(to.clone()), d);
            let secs = match d {
                Dialect::Sqlite => format!("(unixepoch({to_l}) - unixepoch({x}))"),
                Dialect::Postgres => format!("EXTRACT(EPOCH FROM ({to_l} - CAST({x} AS TIMESTAMP)))"),
                Dialect::Duckdb => format!("(epoch({to_l}) - epoch(CAST({x} AS TIMESTAMP)))"),
                Dialect::Bigquery => format!("TIMESTAMP_DIFF({to_l}, CAST({x} AS TIMESTAMP), SECOND)"),
                Dialect::Snowflake => format!("DATEDIFF(second, CAST({x} AS TIMESTAMP), {to_l})"),
                Dialect::Spark => format!("(unix_timestamp({to_l}) - unix_timestamp(CAST({x} AS TIMESTAMP)))"),
            };
            format!("(CAST({secs} AS {}) / 86400.0)", d.double())
        }
        Scalar::Coalesce(a, b) => format!("COALESCE({}, {})", s(a), s(b)),
        Scalar::Case(c, a, b) => format!("(CASE WHEN {} THEN {} ELSE {} END)", s(c), s(a), s(b)),
        Scalar::Agg(a, x) => match a {
            Agg::Sum => format!("SUM({})", s(x)),
            Agg::Max => format!("MAX({})", s(x)),
            Agg::Count => format!("COUNT({})", s(x)),
        },
        Scalar::Concat(a, b) => format!("({} || {})", s(a), s(b)),
        Scalar::SecondsBetween(a, b) => {
            let (a, b) = (s(a), s(b));
            let secs = match d {
                Dialect::Sqlite => format!("(unixepoch({b}) - unixepoch({a}))"),
                Dialect::Postgres => {
                    format!("EXTRACT(EPOCH FROM (CAST({b} AS TIMESTAMP) - CAST({a} AS TIMESTAMP)))")
                }
                Dialect::Duckdb => format!("(epoch(CAST({b} AS TIMESTAMP)) - epoch(CAST({a} AS TIMESTAMP)))"),
                Dialect::Bigquery => {
                    format!("TIMESTAMP_DIFF(CAST({b} AS TIMESTAMP), CAST({a} AS TIMESTAMP), SECOND)")
                }
                Dialect::Snowflake => {
                    format!("DATEDIFF(second, CAST({a} AS TIMESTAMP), CAST({b} AS TIMESTAMP))")
                }
                Dialect::Spark => {
                    format!("(unix_timestamp(CAST({b} AS TIMESTAMP)) - unix_timestamp(CAST({a} AS TIMESTAMP)))")
                }
            };
            format!("CAST({secs} AS {})", d.double())
        }
        Scalar::MinusSeconds(x, n) => {
            let x = s(x);
            match d {
                Dialect::Sqlite => format!("datetime({x}, '-{n} seconds')"),
                Dialect::Postgres | Dialect::Duckdb => {
                    format!("(CAST({x} AS TIMESTAMP) - INTERVAL '{n} seconds')")
                }
                Dialect::Bigquery => format!("TIMESTAMP_SUB(CAST({x} AS TIMESTAMP), INTERVAL {n} SECOND)"),
                Dialect::Snowflake => format!("DATEADD(second, -{n}, CAST({x} AS TIMESTAMP))"),
                Dialect::Spark => format!("(CAST({x} AS TIMESTAMP) - INTERVAL {n} SECONDS)"),
            }
        }
        Scalar::Pow2(x) => format!("POWER(2.0, {})", s(x)),
        Scalar::Cases(whens, otherwise) => {
            let mut out = String::from("(CASE");
            for (c, a) in whens {
                out.push_str(&format!(" WHEN {} THEN {}", s(c), s(a)));
            }
            out.push_str(&format!(" ELSE {} END)", s(otherwise)));
            out
        }
        Scalar::Double(x) => format!("CAST({} AS {})", s(x), d.double()),
        Scalar::Window { func, partition_by, order_by } => {
            let f = match func {
                WinFunc::RowNumber => "ROW_NUMBER()".to_string(),
                WinFunc::Count(x) => format!("COUNT({})", s(x)),
                WinFunc::Sum(x) => format!("SUM({})", s(x)),
                WinFunc::Min(x) => format!("MIN({})", s(x)),
                WinFunc::Max(x) => format!("MAX({})", s(x)),
                WinFunc::Lag(x) => format!("LAG({})", s(x)),
            };
            let mut over = Vec::new();
            if !partition_by.is_empty() {
                over.push(format!("PARTITION BY {}", partition_by.iter().map(s).collect::<Vec<_>>().join(", ")));
            }
            if !order_by.is_empty() {
                let o: Vec<String> = order_by.iter().map(|e| format!("{} ASC NULLS LAST", s(e))).collect();
                over.push(format!("ORDER BY {}", o.join(", ")));
            }
            // a running frame is not wanted for aggregates over the partition
            format!("{f} OVER ({})", over.join(" "))
        }
        Scalar::StringAgg { x, sep, order_by } => {
            let (x, o, sp) = (s(x), s(order_by), d.string(sep));
            match d {
                Dialect::Sqlite => format!("group_concat({x}, {sp} ORDER BY {o})"),
                Dialect::Snowflake => format!("LISTAGG({x}, {sp}) WITHIN GROUP (ORDER BY {o})"),
                Dialect::Spark => format!(
                    "array_join(transform(array_sort(collect_list(named_struct('o', {o}, 'x', {x}))), e -> e.x), {sp})"
                ),
                _ => format!("STRING_AGG({x}, {sp} ORDER BY {o})"),
            }
        }
    }
}
