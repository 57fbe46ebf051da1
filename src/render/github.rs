//! `--format github`: GitHub Actions workflow commands, one per diagnostic,
//! which the runner turns into annotations on the pull request:
//! `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::message`.
//!
//! The message is escaped as command data (`%`, CR, LF, and the other
//! control characters as `\u{…}`); property values also escape `:` and `,`,
//! which would otherwise end them. Columns are given only
//! when the span starts and ends on one line: GitHub reads `col`/`endColumn`
//! of a multi-line annotation as columns of different lines and mis-draws it.

use crate::diagnostic::{Diagnostic, Files, Severity};

/// Escape command data (the message after `::`): see [`super::escape::github_data`].
pub use super::escape::github_data as escape_data;
/// Escape a property value (`file=…`, `title=…`): see [`super::escape::github_property`].
pub use super::escape::github_property as escape_property;

/// The workflow command for a severity.
pub fn command_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The position properties: `line` and `endLine` always, `col` and `endColumn`
/// only when both ends are on one line.
pub fn position(start: (usize, usize), end: (usize, usize)) -> String {
    let ((line, col), (end_line, end_col)) = (start, end);
    if line == end_line {
        format!("line={line},col={col},endLine={end_line},endColumn={end_col}")
    } else {
        format!("line={line},endLine={end_line}")
    }
}

/// One diagnostic as a workflow command (no trailing newline).
pub fn command(d: &Diagnostic, files: &Files) -> String {
    let start = files.line_col(d.file, d.span.start());
    let end = files.line_col(d.file, d.span.end().max(d.span.start()));
    let message = match &d.help {
        Some(h) => format!("{}\n\nhelp: {h}", d.message),
        None => d.message.clone(),
    };
    format!(
        "::{} file={},{},title={}::{}",
        command_name(d.severity),
        escape_property(&files.get(d.file).name),
        position(start, end),
        escape_property(&d.code),
        escape_data(&message)
    )
}

/// Every diagnostic as a workflow command, then (unless `quiet`) the summary
/// line, which the log shows as plain text.
pub fn github(diags: &[Diagnostic], files: &Files, file_count: usize, quiet: bool) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&command(d, files));
        out.push('\n');
    }
    if !quiet {
        out.push_str(&super::summary(diags, file_count));
        out.push('\n');
    }
    out
}
