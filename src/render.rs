//! Printing diagnostics: one renderer per format (human, short, json here;
//! sarif, github and junit in submodules).

pub mod github;
pub mod junit;
pub mod sarif;

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use serde_json::{json, Value};

use crate::diagnostic::{Diagnostic, Files, Severity};

/// A diagnostic in miette's terms, for the graphical report.
#[derive(Debug)]
struct Report {
    code: String,
    severity: Severity,
    message: String,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
    related: Vec<Report>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.code.is_empty() {
            None
        } else {
            Some(Box::new(&self.code))
        }
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)))
        }
    }
}

fn clamp(text: &str, start: usize, end: usize) -> SourceSpan {
    let s = start.min(text.len());
    let e = end.min(text.len()).max(s);
    SourceSpan::new(s.into(), e - s)
}

fn to_report(d: &Diagnostic, files: &Files) -> Report {
    let f = files.get(d.file);
    let mut labels = Vec::new();
    let mut related = Vec::new();
    let mut primary_labelled = false;
    for l in &d.labels {
        if l.file == d.file {
            if l.span == d.span {
                primary_labelled = true;
            }
            labels.push(LabeledSpan::new_with_span(Some(l.message.clone()), clamp(&f.text, l.span.start, l.span.end)));
        } else {
            let of = files.get(l.file);
            related.push(Report {
                code: String::new(),
                severity: Severity::Info,
                message: l.message.clone(),
                source: NamedSource::new(of.name.clone(), of.text.clone()),
                labels: vec![LabeledSpan::new_with_span(
                    Some(l.message.clone()),
                    clamp(&of.text, l.span.start, l.span.end),
                )],
                help: None,
                related: vec![],
            });
        }
    }
    if !primary_labelled && !f.text.is_empty() {
        labels.insert(0, LabeledSpan::new_with_span(None, clamp(&f.text, d.span.start, d.span.end)));
    }
    Report {
        code: d.code.clone(),
        severity: d.severity,
        message: d.message.clone(),
        source: NamedSource::new(f.name.clone(), f.text.clone()),
        labels,
        help: d.help.clone(),
        related,
    }
}

/// miette's graphical report of one diagnostic.
pub fn human_one(d: &Diagnostic, files: &Files, color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let mut out = String::new();
    let report = to_report(d, files);
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}[{}]: {}\n", d.severity.as_str(), d.code, d.message);
    }
    out
}

/// The summary line of CLI.md.
pub fn summary(diags: &[Diagnostic], file_count: usize) -> String {
    let n = |s| diags.iter().filter(|d| d.severity == s).count();
    let fixable = diags
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Safe))
        .count();
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    format!(
        "{}, {}, {} in {} ({fixable} fixable with --fix)",
        plural(n(Severity::Error), "error"),
        plural(n(Severity::Warning), "warning"),
        plural(n(Severity::Info), "info"),
        plural(file_count, "file"),
    )
}

pub fn human(diags: &[Diagnostic], files: &Files, file_count: usize, color: bool) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&human_one(d, files, color));
        out.push('\n');
    }
    out.push_str(&summary(diags, file_count));
    out.push('\n');
    out
}

/// `path:line:col: severity[CODE] message`, one line each.
pub fn short(diags: &[Diagnostic], files: &Files) -> String {
    let mut out = String::new();
    for d in diags {
        let (l, c) = files.line_col(d.file, d.span.start);
        let msg = d.message.replace('\n', " ");
        out.push_str(&format!("{}:{l}:{c}: {}[{}] {msg}\n", files.get(d.file).name, d.severity.as_str(), d.code));
    }
    out
}

pub fn span_json(files: &Files, file: crate::diagnostic::FileId, span: crate::diagnostic::Span) -> Value {
    let (line, column) = files.line_col(file, span.start);
    let (end_line, end_column) = files.line_col(file, span.end);
    json!({"start": span.start, "end": span.end, "line": line, "column": column, "end_line": end_line, "end_column": end_column})
}

pub fn diagnostic_json(d: &Diagnostic, files: &Files) -> Value {
    json!({
        "code": d.code,
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": files.get(d.file).name,
        "span": span_json(files, d.file, d.span),
        "labels": d.labels.iter().map(|l| json!({
            "file": files.get(l.file).name,
            "message": l.message,
            "span": span_json(files, l.file, l.span),
        })).collect::<Vec<_>>(),
        "help": d.help,
        "fix": d.fix.as_ref().map(|f| json!({
            "applicability": f.applicability,
            "title": f.title,
            "edits": f.edits.iter().map(|e| json!({"start": e.start, "end": e.end, "replacement": e.replacement})).collect::<Vec<_>>(),
        })),
    })
}

/// The JSON document of CLI.md.
pub fn json(diags: &[Diagnostic], files: &Files, file_count: usize) -> String {
    let n = |s| diags.iter().filter(|d| d.severity == s).count();
    let fixable = diags.iter().filter(|d| d.fix.is_some()).count();
    let doc = json!({
        "version": 1,
        "diagnostics": diags.iter().map(|d| diagnostic_json(d, files)).collect::<Vec<_>>(),
        "summary": {
            "errors": n(Severity::Error),
            "warnings": n(Severity::Warning),
            "infos": n(Severity::Info),
            "files": file_count,
            "fixable": fixable,
        },
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
