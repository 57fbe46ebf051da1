//! The commands: one file per command. A command parses nothing (the front
//! end, `cli.rs`, does), calls the library, prints, and returns the exit
//! code. The library itself never prints or exits.

use std::path::{Path, PathBuf};

use crate::check::{Options, Report};
use crate::diagnostic::{Diagnostic, Severity};
use crate::literal::Date;

pub mod attribute;
pub mod audit;
pub mod check;
pub mod explain;
pub mod fmt;
pub mod graph;
pub mod init;
pub mod plan;
pub mod route;
pub mod score;
pub mod serve;
pub mod sql;

/// Exit codes of the command line (docs/reference/cli.md).
pub const EXIT_OK: i32 = 0;
pub const EXIT_ERRORS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// What every command gets from the global flags: the checking options, and
/// how to print.
pub struct Global {
    pub opts: Options,
    /// Colours on standard output (`--color`, `NO_COLOR`, a terminal).
    pub color: bool,
    /// `--quiet`: diagnostics only, no summaries.
    pub quiet: bool,
    /// `--verbose`: also say which engine ran a data command.
    pub verbose: bool,
}

/// The paths a command was given, or the current directory.
pub fn paths_or_cwd(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
}

/// Print a command's output; a write error (a full disk) is exit 2.
pub fn emit(out: &str) -> Result<(), i32> {
    crate::fsutil::write_stdout(out.as_bytes()).map_err(|e| {
        eprintln!("error: cannot write to standard output: {e}");
        EXIT_USAGE
    })
}

/// Write `out` to `path` (atomically) or print it; a failure is said and is
/// exit 2.
pub fn write_or_emit(out: &str, path: Option<&Path>) -> Result<(), i32> {
    match path {
        Some(path) => crate::fsutil::write_output(path, out.as_bytes()).map_err(|e| {
            eprintln!("error: cannot write {}: {e}", crate::workspace::display_path(path));
            EXIT_USAGE
        }),
        None => emit(out),
    }
}

/// How [`check_or_bail`] lists the errors that stop a command.
#[derive(Clone, Copy)]
pub enum ErrorList {
    /// One line each (`render::short`).
    Short,
    /// With their source lines (`render::human`), coloured or not.
    Human { color: bool },
}

/// Check the workspace at `paths`: a path that cannot be read is said and
/// is exit 2 (`Err(EXIT_USAGE)`).
pub fn checked(paths: &[PathBuf], opts: &Options) -> Result<Report, i32> {
    crate::check::check_paths(paths, opts).map_err(|e| {
        eprintln!("error: {e}");
        EXIT_USAGE
    })
}

/// Check the workspace, or report and bail: a path that cannot be read is
/// exit 2; a workspace with errors has them listed (`list`), then
/// `error: {why(count)}`, and is exit 1. Commands that need a workspace
/// without errors (graph, plan, audit) start here.
pub fn check_or_bail(
    paths: &[PathBuf],
    opts: &Options,
    list: ErrorList,
    why: impl Fn(usize) -> String,
) -> Result<Report, i32> {
    let report = checked(paths, opts)?;
    bail_on_errors(&report, list, why)?;
    Ok(report)
}

/// Check the workspace and go on with what could be read: a path that
/// cannot be read is exit 2; errors are only counted, in `warning:
/// {warn(count)}` (route and new read the skills and playbooks of a
/// workspace that does not check yet).
pub fn check_or_warn(paths: &[PathBuf], opts: &Options, warn: impl Fn(usize) -> String) -> Result<Report, i32> {
    let report = checked(paths, opts)?;
    let errors = report.count(Severity::Error);
    if errors > 0 {
        eprintln!("warning: {}", warn(errors));
    }
    Ok(report)
}

/// The second half of [`check_or_bail`], for a report already made.
pub fn bail_on_errors(report: &Report, list: ErrorList, why: impl Fn(usize) -> String) -> Result<(), i32> {
    let errors: Vec<Diagnostic> =
        report.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    if errors.is_empty() {
        return Ok(());
    }
    match list {
        ErrorList::Short => eprint!("{}", crate::render::short(&errors, &report.files)),
        ErrorList::Human { color } => {
            eprint!("{}", crate::render::human(&errors, &report.files, report.file_count(), color))
        }
    }
    eprintln!("error: {}", why(errors.len()));
    Err(EXIT_ERRORS)
}

/// Parse an optional date flag (`--as-of`, `--from`): a bad date is said
/// and is exit 2.
pub fn date_flag(flag: &str, value: Option<&str>) -> Result<Option<Date>, i32> {
    value.map(crate::literal::date).transpose().map_err(|e| {
        eprintln!("error: {flag}: {e}");
        EXIT_USAGE
    })
}

/// Collapse a command's `Result<(), code>` steps into its exit code.
pub fn code(r: Result<i32, i32>) -> i32 {
    r.unwrap_or_else(|c| c)
}

/// Print what a data command produced: diagnostics (with their sources) and
/// messages on standard error, the output on standard output or in a file.
pub fn finish_data(out: crate::data::cmd::Output, output: Option<&Path>, g: &Global) -> i32 {
    let color = g.color;
    if let (true, Some(e)) = (g.verbose, &out.engine) {
        eprintln!("note: engine: {e}");
    }
    if let Some(files) = &out.files {
        // the sources of the diagnostics, from the command's one check
        eprint!("{}", crate::render::human_diagnostics(&out.diagnostics, files, color));
    }
    for m in &out.messages {
        if out.code == EXIT_OK {
            eprintln!("note: {m}");
        } else {
            eprintln!("error: {m}");
        }
    }
    if out.code != EXIT_OK {
        return out.code;
    }
    match output {
        Some(path) => {
            if let Err(e) = crate::fsutil::write_atomic(path, out.stdout.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return EXIT_USAGE;
            }
        }
        None => {
            let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), out.stdout.as_bytes());
        }
    }
    EXIT_OK
}
