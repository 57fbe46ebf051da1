//! `mopsc audit`: the library's audit report, printed or written.

use std::path::{Path, PathBuf};

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::audit::{build, to_html, to_json, to_markdown, AuditFormat};
use crate::check::{self, Options};
use crate::diagnostic::{Diagnostic, Severity};

/// `mopsc audit`: exit 0 with the report; 1 when the workspace has errors
/// (listed on stderr) or no `.mops` file; 2 on bad usage (a PATH that does
/// not exist) or when `-o FILE` cannot be written, like `plan`.
pub fn run(paths: &[PathBuf], format: AuditFormat, output: Option<&Path>, opts: &Options) -> i32 {
    let paths = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths.to_vec() };
    let report = match check::check_paths(&paths, opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let errors = report.count(Severity::Error);
    if errors > 0 {
        let list: Vec<Diagnostic> =
            report.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
        eprint!("{}", crate::render::short(&list, &report.files));
        eprintln!("error: the workspace has {errors} error(s); fix them before auditing");
        return EXIT_ERRORS;
    }
    let audit = build(&report, opts.today);
    if audit.workspaces.is_empty() {
        eprintln!("error: no .mops files to audit");
        return EXIT_ERRORS;
    }
    let out = match format {
        AuditFormat::Md => to_markdown(&audit),
        AuditFormat::Json => to_json(&audit),
        AuditFormat::Html => to_html(&audit),
    };
    match output {
        Some(path) => {
            if let Err(e) = crate::fsutil::write_output(path, out.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", crate::workspace::display_path(path));
                return EXIT_USAGE;
            }
        }
        None => {
            if let Err(e) = crate::fsutil::write_stdout(out.as_bytes()) {
                eprintln!("error: cannot write to standard output: {e}");
                return EXIT_USAGE;
            }
        }
    }
    EXIT_OK
}
