//! Printing diagnostics: one renderer per format (human, short, json here;
//! sarif, github and junit in submodules).

pub mod escape;
pub mod github;
pub mod junit;
pub mod sarif;

use std::borrow::Cow;
use std::fmt;
use std::fmt::Write as _;

use std::collections::HashMap;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, FileId, Files, Severity};

/// A file's text for miette. miette's own `SourceCode` for a string scans
/// from the start of the file to the span on every read, so a report of many
/// diagnostics in one large file was quadratic. This one starts the scan at
/// the first line of context instead (miette's lines: a break is `\r\n`,
/// `\n` or a lone `\r`), with the line numbers and offsets shifted back: the
/// output is the same.
#[derive(Debug, Clone, Copy)]
struct Source<'a> {
    name: &'a str,
    text: &'a str,
    /// Offsets where miette's lines start.
    starts: &'a [usize],
    /// For a window of a long line ([`window`]): the line and column (in
    /// characters) where `text` starts in the file.
    line_base: usize,
    col_base: usize,
}

/// Lines longer than this are shown as a window around the span.
const LONG_LINE: usize = 240;
/// Bytes shown on each side of the span in a window.
const WINDOW_SIDE: usize = 80;

/// A window of the line that holds `start..end`, when that line is long:
/// the source reduced to ~`WINDOW_SIDE` bytes each side of the span (the
/// span itself cut to `LONG_LINE` bytes), and the offset where the window
/// starts. miette draws every line whole, so a 60 KB one-line file gave
/// 340 MB of output (quadratic), and a column past 65,535 made it panic
/// ("Formatting argument out of range").
fn window<'a>(f: Source<'a>, start: usize, end: usize) -> Option<(Source<'a>, usize)> {
    let start = start.min(f.text.len());
    let line = f.starts.partition_point(|&st| st <= start).saturating_sub(1);
    let line_start = f.starts.get(line).copied().unwrap_or(0);
    let line_end = f.starts.get(line + 1).copied().unwrap_or(f.text.len());
    if line_end - line_start <= LONG_LINE {
        return None;
    }
    let floor = |mut i: usize| {
        while !f.text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let end = end.clamp(start, start + LONG_LINE);
    let ws = floor(start.saturating_sub(WINDOW_SIDE).max(line_start));
    // the window ends before the line break (it holds one line)
    let we = floor(end.saturating_add(WINDOW_SIDE).min(line_end));
    let mut text = &f.text[ws..we];
    text = text.trim_end_matches(['\n', '\r']);
    let col_base = f.text[line_start..ws].chars().count();
    Some((Source { name: f.name, text, starts: &[0], line_base: f.line_base + line, col_base }, ws))
}

/// Where each line starts, counting lines as miette does.
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut v = vec![0];
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            v.push(i + 1);
        }
    }
    v
}

impl miette::SourceCode for Source<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        // miette ends its scan at `offset + len - 1`: for an empty span at a
        // line start, that is the break before it, on the line above
        let anchor = span.offset().min((span.offset() + span.len()).saturating_sub(1));
        let line = self.starts.partition_point(|&st| st <= anchor).saturating_sub(1);
        let first = line.saturating_sub(context_lines_before);
        let base = self.starts[first];
        let local = SourceSpan::new((span.offset() - base).into(), span.len());
        let c = self.text[base..].read_span(&local, context_lines_before, context_lines_after)?;
        let line = c.line() + first;
        let column = if line == 0 { c.column() + self.col_base } else { c.column() };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.to_string(),
            c.data(),
            SourceSpan::new((c.span().offset() + base).into(), c.span().len()),
            line + self.line_base,
            column,
            c.line_count() + first + self.line_base,
        )))
    }
}

/// The files the diagnostics point into, as the report shows them (names
/// and texts escaped, [`escape`]), with their line starts, computed once.
struct Sources<'a> {
    shown: HashMap<FileId, Shown<'a>>,
}

struct Shown<'a> {
    name: Cow<'a, str>,
    /// The text with hidden characters replaced, offsets unchanged.
    text: Cow<'a, str>,
    starts: Vec<usize>,
}

impl<'a> Sources<'a> {
    fn new(files: &'a Files, diags: &[Diagnostic]) -> Sources<'a> {
        let mut shown = HashMap::new();
        for d in diags {
            for id in std::iter::once(d.file).chain(d.labels.iter().map(|l| l.file)) {
                shown.entry(id).or_insert_with(|| {
                    let f = files.get(id);
                    Shown {
                        name: escape::text(&f.name),
                        text: escape::snippet(f.text()),
                        starts: line_starts(f.text()),
                    }
                });
            }
        }
        Sources { shown }
    }

    fn get(&self, id: FileId) -> Source<'_> {
        match self.shown.get(&id) {
            Some(s) => Source { name: &s.name, text: &s.text, starts: &s.starts, line_base: 0, col_base: 0 },
            None => Source { name: "", text: "", starts: &[0], line_base: 0, col_base: 0 },
        }
    }
}

/// A diagnostic in miette's terms, for the graphical report.
#[derive(Debug)]
struct Report<'a> {
    code: String,
    severity: Severity,
    message: String,
    source: Source<'a>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
    related: Vec<Report<'a>>,
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
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

/// A span of the file as a span of `src`, which starts at `shift` (a
/// window); `None` for a span outside it.
fn shifted(src: &Source, shift: usize, start: usize, end: usize) -> Option<SourceSpan> {
    if shift == 0 && src.col_base == 0 && src.line_base == 0 {
        return Some(clamp(src.text, start, end));
    }
    if start < shift || start > shift + src.text.len() {
        return None;
    }
    Some(clamp(src.text, start - shift, end.saturating_sub(shift)))
}

fn to_report<'a>(d: &Diagnostic, sources: &'a Sources<'a>) -> Report<'a> {
    let f = sources.get(d.file);
    let (f, shift) = window(f, d.span.start(), d.span.end()).unwrap_or((f, 0));
    let mut labels = Vec::new();
    let mut related = Vec::new();
    let mut primary_labelled = false;
    for l in &d.labels {
        if l.file == d.file {
            let Some(sp) = shifted(&f, shift, l.span.start(), l.span.end()) else { continue };
            if l.span == d.span && !primary_labelled {
                primary_labelled = true;
                labels.push(LabeledSpan::new_primary_with_span(Some(escape::text(&l.message).into_owned()), sp));
            } else {
                labels.push(LabeledSpan::new_with_span(Some(escape::text(&l.message).into_owned()), sp));
            }
        } else {
            let of = sources.get(l.file);
            let (of, oshift) = window(of, l.span.start(), l.span.end()).unwrap_or((of, 0));
            let Some(sp) = shifted(&of, oshift, l.span.start(), l.span.end()) else { continue };
            let message = escape::text(&l.message).into_owned();
            related.push(Report {
                code: String::new(),
                severity: Severity::Info,
                message: message.clone(),
                source: of,
                labels: vec![LabeledSpan::new_with_span(Some(message), sp)],
                help: None,
                related: vec![],
            });
        }
    }
    if !primary_labelled && !f.text.is_empty() {
        // The primary span heads the report (file:line:col), as in every
        // other format, even where a secondary label comes first in the file.
        if let Some(sp) = shifted(&f, shift, d.span.start(), d.span.end()) {
            labels.insert(0, LabeledSpan::new_primary_with_span(None, sp));
        }
    }
    Report {
        code: escape::text(&d.code).into_owned(),
        severity: d.severity,
        message: escape::text(&d.message).into_owned(),
        source: f,
        labels,
        help: d.help.as_deref().map(|h| escape::text_lines(h).into_owned()),
        related,
    }
}

fn render_one(d: &Diagnostic, sources: &Sources, color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let mut out = String::new();
    let report = to_report(d, sources);
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}[{}]: {}\n", d.severity.as_str(), report.code, report.message);
    }
    out
}

/// miette's graphical report of one diagnostic.
pub fn human_one(d: &Diagnostic, files: &Files, color: bool) -> String {
    escape::log_safe(&render_one(d, &Sources::new(files, std::slice::from_ref(d)), color)).into_owned()
}

/// The graphical reports of every diagnostic, each followed by a blank line
/// (`human` without the summary, for `-q`).
pub fn human_diagnostics(diags: &[Diagnostic], files: &Files, color: bool) -> String {
    let sources = Sources::new(files, diags);
    let mut out = String::new();
    for d in diags {
        out.push_str(&escape::log_safe(&render_one(d, &sources, color)));
        out.push('\n');
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
    let mut out = human_diagnostics(diags, files, color);
    out.push_str(&summary(diags, file_count));
    out.push('\n');
    out
}

/// `path:line:col: severity[CODE] message`, one line each. The file name
/// and the message are escaped ([`escape::path_at_line_start`],
/// [`escape::text`]), so that no line starts as a GitHub Actions workflow
/// command.
pub fn short(diags: &[Diagnostic], files: &Files) -> String {
    let mut out = String::new();
    for d in diags {
        let (l, c) = files.line_col(d.file, d.span.start());
        let name = escape::path_at_line_start(&files.get(d.file).name);
        let _ = writeln!(
            out,
            "{name}:{l}:{c}: {}[{}] {}",
            d.severity.as_str(),
            escape::text(&d.code),
            escape::text(&d.message)
        );
    }
    escape::log_safe(&out).into_owned()
}

/// A span as JSON: byte offsets and 1-based lines and columns.
#[derive(Serialize)]
struct SpanJson {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn span_json(files: &Files, file: crate::diagnostic::FileId, span: crate::diagnostic::Span) -> SpanJson {
    let (line, column) = files.line_col(file, span.start());
    let (end_line, end_column) = files.line_col(file, span.end());
    SpanJson { start: span.start(), end: span.end(), line, column, end_line, end_column }
}

#[derive(Serialize)]
struct LabelJson<'a> {
    file: &'a str,
    message: &'a str,
    span: SpanJson,
}

#[derive(Serialize)]
struct FixJson<'a> {
    applicability: crate::diagnostic::Applicability,
    title: &'a str,
    edits: &'a [crate::diagnostic::Edit],
}

/// One diagnostic of the JSON document (fields in CLI.md's order).
#[derive(Serialize)]
struct DiagnosticJson<'a> {
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    span: SpanJson,
    labels: Vec<LabelJson<'a>>,
    help: Option<&'a str>,
    fix: Option<FixJson<'a>>,
}

impl<'a> DiagnosticJson<'a> {
    fn new(d: &'a Diagnostic, files: &'a Files) -> DiagnosticJson<'a> {
        DiagnosticJson {
            code: &d.code,
            severity: d.severity.as_str(),
            message: &d.message,
            file: &files.get(d.file).name,
            span: span_json(files, d.file, d.span),
            labels: d
                .labels
                .iter()
                .map(|l| LabelJson {
                    file: &files.get(l.file).name,
                    message: &l.message,
                    span: span_json(files, l.file, l.span),
                })
                .collect(),
            help: d.help.as_deref(),
            fix: d.fix.as_ref().map(|f| FixJson { applicability: f.applicability, title: &f.title, edits: &f.edits }),
        }
    }
}

/// The diagnostics, serialised one at a time (no document tree in memory:
/// a workspace can have hundreds of thousands of findings).
struct DiagnosticsJson<'a> {
    diags: &'a [Diagnostic],
    files: &'a Files,
}

impl Serialize for DiagnosticsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.diags.len()))?;
        for d in self.diags {
            seq.serialize_element(&DiagnosticJson::new(d, self.files))?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct SummaryJson {
    errors: usize,
    warnings: usize,
    infos: usize,
    files: usize,
    fixable: usize,
}

#[derive(Serialize)]
struct DocumentJson<'a> {
    version: u32,
    diagnostics: DiagnosticsJson<'a>,
    summary: SummaryJson,
}

/// The JSON document of CLI.md.
pub fn json(diags: &[Diagnostic], files: &Files, file_count: usize) -> String {
    let n = |s| diags.iter().filter(|d| d.severity == s).count();
    let doc = DocumentJson {
        version: 1,
        diagnostics: DiagnosticsJson { diags, files },
        summary: SummaryJson {
            errors: n(Severity::Error),
            warnings: n(Severity::Warning),
            infos: n(Severity::Info),
            files: file_count,
            fixable: diags.iter().filter(|d| d.fix.is_some()).count(),
        },
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::{SourceCode, SpanContents};

    fn contents(c: &dyn SpanContents) -> (Vec<u8>, usize, usize, usize, usize, usize) {
        (c.data().to_vec(), c.span().offset(), c.span().len(), c.line(), c.column(), c.line_count())
    }

    /// Reading around a span from the first context line gives what miette's
    /// whole-file scan gives, with every kind of line break.
    #[test]
    fn windowed_source_reads_like_miette() {
        let text = "a\nbb\r\nccc\rdddd\n\n\r\neeeee é\nf\r\n\r\nlast line without break";
        let starts = line_starts(text);
        let src = Source { name: "x.mops", text, starts: &starts, line_base: 0, col_base: 0 };
        for offset in 0..=text.len() {
            if !text.is_char_boundary(offset) {
                continue;
            }
            for len in [0, 1, 3, 9] {
                let end = (offset + len).min(text.len());
                if !text.is_char_boundary(end) {
                    continue;
                }
                let span = SourceSpan::new(offset.into(), end - offset);
                for (before, after) in [(0, 0), (1, 1), (2, 3), (10, 10)] {
                    let want = text.read_span(&span, before, after).map(|c| contents(c.as_ref()));
                    let got = src.read_span(&span, before, after).map(|c| contents(c.as_ref()));
                    assert_eq!(got.ok(), want.ok(), "span {offset}+{len}, context {before}/{after}");
                }
            }
        }
    }
}
