//! The `score` and `sql` commands as library functions: they return what
//! the CLI prints (the CLI prints it).

use std::path::{Path, PathBuf};

use super::engine::{self, Engine, EngineError};
use super::print::Dialect;
use super::score::{self, Review, Scores};
use crate::check::{Options, Report};
use crate::diagnostic::{Diagnostic, Severity};
use crate::literal::Date;
use crate::model::{Dataset, Decl, Model, Scoring};

/// The output formats of `score`; also the CLI's `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    Csv,
    Json,
    Md,
    Html,
}

/// What a command produced: standard output, diagnostics to show, exit code.
pub struct Output {
    pub stdout: String,
    pub diagnostics: Vec<Diagnostic>,
    pub messages: Vec<String>,
    pub code: i32,
    /// The sources the diagnostics point into (the one check of the
    /// workspace the command made), to render them without reading again.
    pub files: Option<Box<crate::diagnostic::Files>>,
    /// Which engine ran, for `-v` (boxed: `Output` is the error of several
    /// results and stays small).
    pub engine: Option<Box<Ran>>,
}

/// The engine that ran a command: `NAME VERSION (WHERE)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran(pub String);

impl std::fmt::Display for Ran {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub(crate) fn fail(msg: impl Into<String>, code: i32) -> Output {
    Output { stdout: String::new(), diagnostics: vec![], messages: vec![msg.into()], code, files: None, engine: None }
}

impl Output {
    pub(crate) fn with_files(mut self, files: &crate::diagnostic::Files) -> Output {
        if !self.diagnostics.is_empty() {
            self.files = Some(Box::new(files.clone()));
        }
        self
    }
}

/// The scoring to run and its leads dataset.
fn pick<'m>(model: &'m Model, name: Option<&str>) -> Result<(&'m Decl<Scoring>, &'m Decl<Dataset>), String> {
    let ws: Vec<&Decl<Scoring>> =
        model.scorings.iter().filter(|s| s.file != crate::diagnostic::FileId::PRELUDE).collect();
    let s = match name {
        Some(n) => ws.iter().copied().find(|s| s.name.value == n).ok_or_else(|| format!("no scoring `{n}`"))?,
        None => match ws.as_slice() {
            [one] => *one,
            [] => return Err("the workspace declares no scoring".into()),
            _ => return Err("the workspace declares several scorings: choose one with --scoring NAME".into()),
        },
    };
    let leads = model
        .dataset_for(s.data.leads.as_ref(), "leads")
        .ok_or_else(|| format!("scoring `{}` has no leads dataset", s.name.value))?;
    Ok((s, leads))
}

/// `mopsc score`.
#[allow(clippy::too_many_arguments)]
pub fn score(
    paths: &[PathBuf],
    opts: &Options,
    scoring: Option<&str>,
    as_of: Option<Date>,
    choice: &engine::EngineChoice,
    format: ScoreFormat,
    review: bool,
    max_bad_rows: usize,
) -> Output {
    let report = match checked(paths, opts, "score") {
        Ok(r) => r,
        Err(o) => return o,
    };
    let Some(analysis) = report.analyses.first() else { return fail("nothing to score", 2) };
    let model = &analysis.model;
    let (s, leads) = match pick(model, scoring) {
        Ok(x) => x,
        Err(e) => return fail(e, 2),
    };
    let as_of = as_of.unwrap_or(opts.today);
    let q = score::query(model, s, leads, as_of);
    let mut eng = match choice.open() {
        Ok(e) => e,
        Err(engine::OpenError::Usage(m)) => return fail(m, 2),
        Err(engine::OpenError::Engine(e)) => return engine_failure(&report, model, e),
    };
    let mut messages = Vec::new();
    for name in &q.datasets {
        let Some(ds) = model.dataset(name) else { continue };
        let Some(p) = &ds.data.path else {
            match &ds.data.table {
                Some(t) if eng.use_table(name, &t.value) => continue,
                _ => return fail(format!("dataset `{name}` has no `file`: this engine reads files"), 2),
            }
        };
        let decl_path = report.files.get(ds.file).path.clone();
        let file = engine::dataset_file(&decl_path, &p.value);
        match eng.load(ds, &file, max_bad_rows) {
            Ok((_, bad)) if bad > 0 => {
                messages.push(format!("{bad} bad rows of `{}` skipped (--max-bad-rows)", file.display()))
            }
            Ok(_) => {}
            Err(e) => return engine_failure(&report, model, e),
        }
    }
    if !q.unscored.is_empty() {
        messages.push(format!(
            "{} signal{} without `when` not scored: {}",
            q.unscored.len(),
            if q.unscored.len() == 1 { "" } else { "s" },
            q.unscored.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(", ")
        ));
    }
    let described = eng.describe();
    let eng: &mut dyn Engine = eng.engine();
    let mut scores = match score::run(&q, eng, &s.name.value, as_of) {
        Ok(x) => x,
        Err(e) => return engine_failure(&report, model, e),
    };
    let rev = if review {
        match score::review(&scores) {
            Some(r) => Some(r),
            None => return fail(format!("--review needs the `outcome` role on dataset `{}`", leads.name.value), 2),
        }
    } else {
        None
    };
    scores.engine = Some(described.clone());
    let diagnostics = rev.as_ref().map(|r| review_diagnostics(s, r)).unwrap_or_default();
    let stdout = match format {
        ScoreFormat::Csv => to_csv(&scores),
        ScoreFormat::Json => to_json(&scores, rev.as_ref()),
        ScoreFormat::Md => to_md(&scores, rev.as_ref()),
        ScoreFormat::Html => to_html(&scores, rev.as_ref()),
    };
    Output { stdout, diagnostics, messages, code: 0, files: None, engine: Some(Box::new(Ran(described))) }
        .with_files(&report.files)
}

/// The review's findings (SCR101–SCR103) as warnings at the signal (or the
/// tiers) they are about.
pub fn review_diagnostics(s: &Decl<Scoring>, r: &Review) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for f in &r.findings {
        let (file, span) = s
            .data
            .signals
            .iter()
            .find(|x| x.name.value == f.subject)
            .map(|x| (s.file, x.name.span))
            .or_else(|| s.data.tiers.as_ref().map(|t| (s.file, t.span)))
            .unwrap_or((s.file, s.header));
        diagnostics.push(
            Diagnostic::new(f.code, Severity::Warning, f.message.clone(), file, span)
                .with_label(file, span, "measured on the data")
                .with_help(finding_help(f.code)),
        );
    }
    diagnostics
}

fn finding_help(code: &str) -> &'static str {
    match code {
        "SCR101" => {
            "the tiers do not rank leads by their chance to convert: review the signals' points or the tier ranges"
        }
        "SCR102" => "the signal's points point the wrong way on this data: lower them, or change its condition",
        _ => "move the tier's range so that it holds between 1% and 80% of the leads",
    }
}

/// The library's "check the workspace or bail": the report, or the output
/// that says why not (exit 2 for a path that cannot be read; exit 1 with the
/// errors, `the workspace has errors; fix them to {what}`).
pub(crate) fn checked(paths: &[PathBuf], opts: &Options, what: &str) -> Result<Report, Output> {
    let report = crate::check::check_paths(paths, opts).map_err(|e| fail(format!("{e}"), 2))?;
    let errors: Vec<Diagnostic> =
        report.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    if !errors.is_empty() {
        let mut o = fail(format!("the workspace has errors; fix them to {what}"), 1);
        o.diagnostics = errors;
        return Err(o.with_files(&report.files));
    }
    Ok(report)
}

pub(crate) fn engine_failure(report: &Report, model: &Model, e: EngineError) -> Output {
    match e {
        EngineError::Engine(m) => fail(format!("DATA004: the engine failed: {m}"), 1),
        EngineError::Data(errs) => {
            let mut o = fail("the data could not be read", 1);
            for d in errs {
                let Some(ds) = model.dataset(&d.dataset) else { continue };
                let span = ds.data.path.as_ref().map_or(ds.header, |p| p.span);
                // the file as the user names it: relative to where they are
                let shown = match (&ds.data.path, Path::new(&report.files.get(ds.file).name).parent()) {
                    (Some(p), Some(dir)) => dir.join(p.value.as_str()).display().to_string(),
                    _ => d.file.clone(),
                };
                let at = match (d.row, &d.column) {
                    (Some(r), Some(c)) => format!("{shown}:{r}, column `{c}`"),
                    (Some(r), None) => format!("{shown}:{r}"),
                    _ => shown,
                };
                let help = match d.code {
                    "DATA001" => "correct the value in the file, or let the run skip bad rows with --max-bad-rows N",
                    "DATA002" => "add the column to the file, or map the role to the file's column name in the dataset",
                    _ => "check that the file exists, is readable, and is CSV with a header row or Parquet",
                };
                o.diagnostics.push(
                    Diagnostic::error(d.code, format!("{at}: {}", d.message), ds.file, span)
                        .with_label(ds.file, span, format!("dataset `{}` reads this file", ds.name.value))
                        .with_help(help),
                );
            }
            o.with_files(&report.files)
        }
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn opt(x: Option<f64>, f: impl Fn(f64) -> String) -> String {
    x.map(f).unwrap_or_else(|| "–".into())
}

pub fn to_csv(s: &Scores) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["key", "score", "tier", "signals"]);
    for l in &s.leads {
        let _ = w.write_record([
            crate::render::escape::csv_cell(&l.key).as_str(),
            &l.score.to_string(),
            l.tier.as_deref().unwrap_or(""),
            &l.signals.join(";"),
        ]);
    }
    let out = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    crate::render::escape::log_safe(&out).into_owned()
}

pub fn to_json(s: &Scores, r: Option<&Review>) -> String {
    let mut v = serde_json::to_value(s).unwrap_or_default();
    if let (Some(r), Some(obj)) = (r, v.as_object_mut()) {
        obj.insert("review".into(), serde_json::to_value(r).unwrap_or_default());
    }
    let mut out = serde_json::to_string_pretty(&v).unwrap_or_default();
    out.push('\n');
    out
}

pub fn to_md(s: &Scores, r: Option<&Review>) -> String {
    let mut o = format!("# Lead scores: `{}` as of {}\n\n", s.scoring, s.as_of);
    o.push_str(&format!("{} leads scored.\n\n| tier | leads |\n|---|---:|\n", s.leads.len()));
    for (t, n) in &s.tiers {
        o.push_str(&format!("| {t} | {n} |\n"));
    }
    if let Some(r) = r {
        o.push_str(&format!(
            "\n## Review\n\n{} leads with an outcome, {} converted: base rate {}.\n\n| tier | leads | converted | rate | lift |\n|---|---:|---:|---:|---:|\n",
            r.leads, r.converted, pct(r.base_rate)
        ));
        for t in &r.tiers {
            o.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                t.tier,
                t.leads,
                t.converted,
                pct(t.rate),
                opt(t.lift, |l| format!("{l:.2}×"))
            ));
        }
        o.push_str("\n| signal | points | fired | rate with | rate without | lift |\n|---|---:|---:|---:|---:|---:|\n");
        for x in &r.signals {
            o.push_str(&format!(
                "| {} | {:+} | {} | {} | {} | {} |\n",
                x.signal,
                x.points,
                x.fired,
                opt(x.rate_with, pct),
                opt(x.rate_without, pct),
                opt(x.lift, |l| format!("{l:.2}×"))
            ));
        }
        o.push_str("\n## Findings\n\n");
        if r.findings.is_empty() {
            o.push_str("None: the tiers rank leads by conversion and every signal points the right way.\n");
        }
        for f in &r.findings {
            o.push_str(&format!("- **{}** {}\n", f.code, f.message));
        }
    } else {
        o.push_str("\n| key | score | tier | signals |\n|---|---:|---|---|\n");
        for l in &s.leads {
            o.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                md_cell(&l.key),
                l.score,
                l.tier.as_deref().unwrap_or(""),
                l.signals.join(", ")
            ));
        }
    }
    crate::render::escape::log_safe(&o).into_owned()
}

pub(crate) use crate::render::escape::markdown as md_cell;

pub(crate) use crate::render::escape::html as esc;

pub fn to_html(s: &Scores, r: Option<&Review>) -> String {
    let mut o = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lead scores</title><style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}td:first-child,th:first-child{text-align:left}.f{color:#a40}</style></head><body>\n");
    o.push_str(&format!(
        "<h1>Lead scores: {} as of {}</h1>\n<p>{} leads scored.</p>\n<table><tr><th>tier</th><th>leads</th></tr>\n",
        esc(&s.scoring),
        esc(&s.as_of),
        s.leads.len()
    ));
    for (t, n) in &s.tiers {
        o.push_str(&format!("<tr><td>{}</td><td>{n}</td></tr>\n", esc(t)));
    }
    o.push_str("</table>\n");
    if let Some(r) = r {
        o.push_str(&format!("<h2>Review</h2>\n<p>{} leads with an outcome, {} converted: base rate {}.</p>\n<table><tr><th>tier</th><th>leads</th><th>converted</th><th>rate</th><th>lift</th></tr>\n", r.leads, r.converted, pct(r.base_rate)));
        for t in &r.tiers {
            o.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&t.tier),
                t.leads,
                t.converted,
                pct(t.rate),
                opt(t.lift, |l| format!("{l:.2}×"))
            ));
        }
        o.push_str("</table>\n<table><tr><th>signal</th><th>points</th><th>fired</th><th>rate with</th><th>rate without</th><th>lift</th></tr>\n");
        for x in &r.signals {
            o.push_str(&format!(
                "<tr><td>{}</td><td>{:+}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&x.signal),
                x.points,
                x.fired,
                opt(x.rate_with, pct),
                opt(x.rate_without, pct),
                opt(x.lift, |l| format!("{l:.2}×"))
            ));
        }
        o.push_str("</table>\n<h2>Findings</h2>\n<ul>\n");
        for f in &r.findings {
            o.push_str(&format!("<li class=\"f\"><b>{}</b> {}</li>\n", f.code, esc(&f.message)));
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</body></html>\n");
    o
}

/// `mopsc sql --dialect D --only score`: the scoring query of every
/// scoring with a leads dataset, as (file name, SQL).
pub fn sql(
    paths: &[PathBuf],
    opts: &Options,
    dialect: Dialect,
    as_of: Option<Date>,
) -> Result<Vec<(String, String)>, Output> {
    let report = checked(paths, opts, "write SQL")?;
    let mut out = Vec::new();
    for a in &report.analyses {
        for s in a.model.scorings.iter().filter(|s| s.file != crate::diagnostic::FileId::PRELUDE) {
            let Some(leads) = a.model.dataset_for(s.data.leads.as_ref(), "leads") else { continue };
            let q = score::query(&a.model, s, leads, as_of.unwrap_or(opts.today));
            let tables = engine::WarehouseTables { model: &a.model, dialect };
            let text = super::print::select(&q.select, dialect, &tables);
            out.push((
                format!("score_{}.sql", s.name.value),
                format!("-- mopsc: scoring `{}` ({})\n{text}", s.name.value, dialect.as_str()),
            ));
        }
    }
    Ok(out)
}

/// `mopsc sql --dbt DIR --dialect D`: the files of the dbt project
/// (`data::dbt`), as (path relative to DIR, text).
pub fn dbt(
    paths: &[PathBuf],
    opts: &Options,
    dialect: Dialect,
    as_of: Option<Date>,
) -> Result<Vec<(String, String)>, Output> {
    let report = checked(paths, opts, "write the dbt project")?;
    let Some(a) = report.analyses.first() else { return Err(fail("nothing to write", 2)) };
    Ok(super::dbt::project(&a.model, dialect, as_of.unwrap_or(opts.today)))
}

/// Where `sql -o DIR` writes a file.
pub fn sql_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}
