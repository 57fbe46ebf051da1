//! `mopsc audit`: the library's audit report, printed or written.

use std::path::{Path, PathBuf};

use super::{check_or_bail, paths_or_cwd, write_or_emit, ErrorList, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::audit::{build, to_html, to_json, to_markdown, AuditFormat};
use crate::check::Options;
use crate::literal::Date;

/// `mopsc audit`: exit 0 with the report; 1 when the workspace has errors
/// (listed on stderr) or no `.mops` file; 2 on bad usage (a PATH that does
/// not exist) or when `-o FILE` cannot be written, like `plan`.
pub fn run(paths: &[PathBuf], format: AuditFormat, output: Option<&Path>, opts: &Options) -> i32 {
    let report = match check_or_bail(&paths_or_cwd(paths), opts, ErrorList::Short, |n| {
        format!("the workspace has {n} error(s); fix them before auditing")
    }) {
        Ok(r) => r,
        Err(code) => return code,
    };
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
    if let Err(code) = write_or_emit(&out, output) {
        return code;
    }
    EXIT_OK
}

/// `mopsc audit --data`: the audit with the measured figures of the data the
/// datasets bind, as of `as_of`.
pub fn run_data(
    paths: &[PathBuf],
    format: AuditFormat,
    output: Option<&Path>,
    as_of: Date,
    engine: &crate::data::engine::EngineChoice,
    g: &super::Global,
) -> i32 {
    let dopts = crate::data::quality::DataOptions { as_of, max_bad_rows: 0 };
    match crate::data::audit_data::audit(paths, format, &g.opts, dopts, engine) {
        Err((code, msg)) => {
            eprintln!("{msg}");
            code
        }
        Ok((out, described)) => {
            if let (true, Some(e)) = (g.verbose, described) {
                eprintln!("note: engine: {e}");
            }
            let written = match output {
                Some(path) => crate::fsutil::write_output(path, out.as_bytes()),
                None => crate::fsutil::write_stdout(out.as_bytes()),
            };
            match written {
                Ok(()) => EXIT_OK,
                Err(e) => {
                    eprintln!("error: cannot write the audit: {e}");
                    EXIT_USAGE
                }
            }
        }
    }
}
