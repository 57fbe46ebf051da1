//! `mopsc sql --dbt DIR --dialect D` (DATA.md §6): a dbt project of the
//! workspace's queries, printed from the same IR for the adapter of the
//! dialect: `dbt_project.yml`, `models/sources.yml` from the datasets'
//! `table`s, one model per scoring (`score_NAME.sql`), `models/schema.yml`
//! with the quality targets as dbt's generic tests where dbt has one with the
//! same meaning (`not_null` for a field required at 100%), and singular tests
//! (`tests/*.sql`, a failing test returns rows) for every target, printed
//! from the IR of `check --data`.
//!
//! Attribution (journeys, credits, paths) comes with issue 19: its models
//! are added to [`project`] the same way: one more model file each, printed
//! from the IR.

use super::ir::{Agg, Cmp, From, Lit, Scalar, Select, Tables};
use super::print::{self, Dialect};
use crate::literal::Date;
use crate::model::{Dataset, Decl, Model as Mops, Name};

/// One file of the project: a path relative to the project's directory.
pub type File = (String, String);

/// The dbt names of a dataset: the source (its table's schema) and the table.
fn source_of(ds: &Decl<Dataset>) -> (String, String, String) {
    let table = ds.data.table.as_ref().map(|t| t.value.to_string()).unwrap_or_else(|| ds.name.value.to_string());
    let (schema, ident) = match table.rsplit_once('.') {
        Some((s, i)) => (s.to_string(), i.to_string()),
        None => ("main".to_string(), table),
    };
    (format!("mops_{}", dbt_name(&schema)), dbt_name(&ds.name.value), ident)
}

/// A name dbt and every adapter accept unquoted: `crm-leads` → `crm_leads`.
pub fn dbt_name(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
}

/// Tables as dbt `source()` calls.
struct Sources<'m>(&'m Mops);

impl Tables for Sources<'_> {
    fn table(&self, dataset: &str) -> String {
        match self.0.dataset(dataset) {
            Some(ds) => {
                let (src, name, _) = source_of(ds);
                format!("{{{{ source('{src}', '{name}') }}}}")
            }
            None => dataset.to_string(),
        }
    }
}

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The dbt project of the workspace's model, for `dialect`, as of `as_of`.
pub fn project(model: &Mops, dialect: Dialect, as_of: Date) -> Vec<File> {
    let mut files = Vec::new();
    files.push((
        "dbt_project.yml".to_string(),
        format!(
            "# Written by mopsc (`mopsc sql --dbt DIR --dialect {d}`); regenerate rather than edit.\nname: mops\nversion: \"1.0.0\"\nconfig-version: 2\nprofile: mops\nmodel-paths: [\"models\"]\ntest-paths: [\"tests\"]\nmodels:\n  mops:\n    +materialized: table\n",
            d = dialect.as_str()
        ),
    ));
    let datasets: Vec<&Decl<Dataset>> =
        model.datasets.iter().filter(|d| d.file != crate::diagnostic::FileId::PRELUDE).collect();
    // sources.yml: one source per schema
    let mut by_source: Vec<(String, String, Vec<&Decl<Dataset>>)> = Vec::new();
    for ds in &datasets {
        let (src, _, _) = source_of(ds);
        let schema = ds.data.table.as_ref().and_then(|t| t.value.rsplit_once('.').map(|(s, _)| s.to_string()));
        match by_source.iter_mut().find(|(s, _, _)| *s == src) {
            Some((_, _, v)) => v.push(ds),
            None => by_source.push((src, schema.unwrap_or_else(|| "main".into()), vec![ds])),
        }
    }
    let mut y = String::from("version: 2\n\nsources:\n");
    for (src, schema, dss) in &by_source {
        y.push_str(&format!(
            "  - name: {src}\n    schema: {}\n    quoting:\n      identifier: true\n    tables:\n",
            yaml_str(schema)
        ));
        for ds in dss {
            let (_, name, ident) = source_of(ds);
            y.push_str(&format!(
                "      - name: {name}\n        identifier: {}\n        description: {}\n",
                yaml_str(&ident),
                yaml_str(&format!("mops dataset `{}` ({})", ds.name.value, ds.data.kind.value))
            ));
            let required: Vec<&str> = ds
                .data
                .quality
                .as_ref()
                .filter(|q| q.completeness.as_ref().is_none_or(|c| c.value.hundredths >= 10_000))
                .map(|q| q.required.iter().map(|r| r.value.as_str()).collect())
                .unwrap_or_default();
            if !required.is_empty() {
                y.push_str("        columns:\n");
                for r in required {
                    let col = ds.data.role(r).filter(|_| ds.data.has_role(r)).unwrap_or(r);
                    y.push_str(&format!("          - name: {}\n            tests: [not_null]\n", yaml_str(col)));
                }
            }
        }
    }
    files.push(("models/sources.yml".to_string(), y));
    // the scoring models
    let mut schema = String::from("version: 2\n\nmodels:\n");
    let tables = Sources(model);
    for s in model.scorings.iter().filter(|s| s.file != crate::diagnostic::FileId::PRELUDE) {
        let Some(leads) = model.dataset_for(s.data.leads.as_ref(), "leads") else { continue };
        let q = super::score::query(model, s, leads, as_of);
        let name = format!("score_{}", dbt_name(&s.name.value));
        let sql = print::select(&q.select, dialect, &tables);
        files.push((
            format!("models/{name}.sql"),
            format!(
                "-- mopsc: scoring `{}` as of {as_of} ({}); the same query as `mopsc sql`\n{sql}",
                s.name.value,
                dialect.as_str()
            ),
        ));
        schema.push_str(&format!(
            "  - name: {name}\n    description: {}\n    columns:\n      - name: key\n        tests: [not_null, unique]\n      - name: score\n        tests: [not_null]\n",
            yaml_str(&format!("Lead scores of `{}` (mopsc score)", s.name.value))
        ));
    }
    // the attribution models, by channel: the journeys (one row per
    // conversion and touch), the credits of the heuristic models, and the
    // aggregated paths that `mopsc attribute --paths` solves exactly
    let rules = super::attribute::channel_rules(model);
    for a in model.attributions.iter().filter(|a| a.file != crate::diagnostic::FileId::PRELUDE) {
        let Some(t) = model.dataset_for(a.data.touches.as_ref(), "touches") else { continue };
        let p = super::attribute::Params::of(&a.data, None, None);
        let by = super::attribute::By::Channel;
        let an = dbt_name(&a.name.value);
        for (kind, q, what, cols) in [
            (
                "journeys",
                super::attribute::journeys(t, &p, by, &rules),
                "one row per conversion and touch of its journey (person, cid: the conversion among the person's, cval, k, pos, n, decay)",
                "",
            ),
            (
                "credits",
                super::attribute::credit_query(t, &p, by, &rules),
                "per channel k, the conversions c_0…c_4 and value v_0…v_4 credited by first-touch, last-touch, linear, time-decay and position-based (mopsc attribute)",
                "      - name: k\n        tests: [unique]\n",
            ),
            (
                "paths",
                super::attribute::paths_query(t, &p, by, &rules),
                "the channel paths with conversions, nulls and value, for `mopsc attribute --paths` (markov, shapley)",
                "",
            ),
        ] {
            let name = format!("{kind}_{an}");
            files.push((
                format!("models/{name}.sql"),
                format!(
                    "-- mopsc: attribution `{}` by channel, {what} ({})\n{}",
                    a.name.value,
                    dialect.as_str(),
                    print::select(&q, dialect, &tables)
                ),
            ));
            schema.push_str(&format!(
                "  - name: {name}\n    description: {}\n{}",
                yaml_str(&format!("Attribution `{}`: {what}", a.name.value)),
                if cols.is_empty() { String::new() } else { format!("    columns:\n{cols}") }
            ));
        }
    }
    if !schema.contains("  - name:") {
        schema = "version: 2\n\nmodels: []\n".to_string();
    }
    files.push(("models/schema.yml".to_string(), schema));
    // the quality targets as singular tests: a failing test returns its row
    for ds in &datasets {
        for (name, sel) in super::quality::dbt_checks(ds, as_of) {
            let sql = print::select(&sel, dialect, &tables);
            files.push((
                format!("tests/{}_{}.sql", dbt_name(&ds.name.value), name),
                format!(
                    "-- mopsc: a quality target of dataset `{}` (check --data); rows returned = target missed\n{sql}",
                    ds.name.value
                ),
            ));
        }
    }
    files
}

/// `SELECT … FROM (inner) WHERE failing`: the singular-test shape.
pub fn failing(inner: Select, failing: Scalar) -> Select {
    Select {
        with: vec![],
        cols: inner.cols.iter().map(|(n, _)| (n.clone(), Scalar::col("m", n))).collect(),
        from: From::Sub { query: Box::new(inner), alias: Name::new("m") },
        filter: Some(failing),
        group_by: vec![],
        order_by: vec![],
    }
}

/// `x < share * n` with the share as a decimal literal.
pub fn below(x: Scalar, share: f64, n: Scalar) -> Scalar {
    Scalar::cmp(Cmp::Lt, x, Scalar::Arith(super::ir::Arith::Mul, Box::new(Scalar::Lit(Lit::Num(share))), Box::new(n)))
}

/// `SUM(1)`.
pub fn count() -> Scalar {
    Scalar::Agg(Agg::Sum, Box::new(Scalar::int(1)))
}
