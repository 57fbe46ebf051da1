//! `mopsc check`: the library's check (with `--fix`, `--data` and
//! baselines), rendered in the chosen format.

use std::io::Write as _;
use std::path::PathBuf;

use super::{emit, paths_or_cwd, Global, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::cli::{CheckFormat, Deny};
use crate::diagnostic::Severity;
use crate::literal::Date;
use crate::render;

/// The arguments of `mopsc check` (CLI.md), parsed.
pub struct CheckArgs<'a> {
    pub paths: &'a [PathBuf],
    pub format: CheckFormat,
    pub deny: Option<Deny>,
    pub fix: bool,
    pub unsafe_fixes: bool,
    pub baseline: Option<&'a PathBuf>,
    pub write_baseline: Option<&'a PathBuf>,
    /// `--data`: also measure the data the datasets bind.
    pub data: bool,
    /// `--as-of` (default: `--today`).
    pub as_of: Option<Date>,
    pub max_bad_rows: usize,
    /// With `--data`: where the checks run.
    pub engine: &'a crate::data::engine::EngineChoice,
}

/// `mopsc check`: exit 0 when clean, 1 with errors (or warnings under
/// `--deny warnings`), 2 on bad usage.
pub fn run(a: &CheckArgs, g: &Global) -> i32 {
    let opts = &g.opts;
    let paths = paths_or_cwd(a.paths);
    let mut fix_summary = String::new();
    let result = if a.fix {
        crate::fix::fix_paths(&paths, opts, a.unsafe_fixes).map(|o| {
            let total: usize = o.fixed.values().sum();
            fix_summary = format!(
                "Fixed {total} diagnostic{} in {} file{}.\n",
                if total == 1 { "" } else { "s" },
                o.fixed.len(),
                if o.fixed.len() == 1 { "" } else { "s" }
            );
            for (name, n) in &o.fixed {
                fix_summary.push_str(&format!("  {name}: {n} fixed\n"));
            }
            for (name, why) in &o.failed {
                fix_summary.push_str(&format!("  {name}: not written: {why}\n"));
            }
            o.report
        })
    } else {
        crate::check::check_paths(&paths, opts)
    };
    let mut report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let mut data_engine = None;
    if a.data {
        // the data checks read the files the datasets bind: only here
        let dopts =
            crate::data::quality::DataOptions { as_of: a.as_of.unwrap_or(opts.today), max_bad_rows: a.max_bad_rows };
        let measured = crate::data::quality::check_data_on(&report, dopts, a.engine);
        if let (true, Some(e)) = (g.verbose, &measured.engine) {
            eprintln!("note: engine: {e}");
        }
        data_engine = measured.engine;
        report.diagnostics.extend(measured.diagnostics);
        crate::check::finish(&mut report.diagnostics);
    }
    let mut baseline_note = String::new();
    if let Some(path) = a.write_baseline {
        let base = crate::baseline::base_dir(path);
        let b = crate::baseline::build(&report.diagnostics, &report.files, &base, opts.limits.max_depth);
        if let Err(e) = crate::fsutil::write_atomic(path, crate::baseline::to_json(&b).as_bytes()) {
            eprintln!("error: cannot write the baseline {}: {e}", path.display());
            return EXIT_USAGE;
        }
        report.diagnostics.retain(|d| !crate::baseline::baselinable(d));
        baseline_note = format!(
            "wrote {} finding{} to the baseline {}\n",
            b.findings.len(),
            if b.findings.len() == 1 { "" } else { "s" },
            path.display()
        );
    } else if let Some(path) = a.baseline {
        let b = match crate::baseline::load(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_USAGE;
            }
        };
        let base = crate::baseline::base_dir(path);
        let outcome = crate::baseline::apply(&mut report.diagnostics, &report.files, &b, &base, opts.limits.max_depth);
        baseline_note = crate::baseline::summary(outcome, path);
    }
    let out = match a.format {
        CheckFormat::Human => {
            if g.quiet {
                render::human_diagnostics(&report.diagnostics, &report.files, g.color)
            } else {
                render::human(&report.diagnostics, &report.files, report.file_count(), g.color)
            }
        }
        CheckFormat::Short => render::short(&report.diagnostics, &report.files),
        CheckFormat::Json => {
            let out = render::json(&report.diagnostics, &report.files, report.file_count());
            match &data_engine {
                Some(e) => crate::data::quality::with_engine(&out, e),
                None => out,
            }
        }
        CheckFormat::Sarif => render::sarif::sarif(&report.diagnostics, &report.files),
        CheckFormat::Github => render::github::github(&report.diagnostics, &report.files, report.file_count(), g.quiet),
        CheckFormat::Junit => render::junit::junit(&report.diagnostics, &report.files),
    };
    if let Err(code) = emit(&out) {
        return code;
    }
    if !fix_summary.is_empty() && !g.quiet {
        let _ = std::io::stderr().write_all(fix_summary.as_bytes());
    }
    if !baseline_note.is_empty() && !g.quiet {
        let _ = std::io::stderr().write_all(baseline_note.as_bytes());
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    // The process exits next: freeing every file, model and analysis one
    // allocation at a time would only delay it (a tenth of the run on large
    // workspaces). The operating system reclaims it at once.
    std::mem::forget(report);
    if errors > 0 || (a.deny == Some(Deny::Warnings) && warnings > 0) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
