//! `mopsc fmt`: formats files through the library's formatter and prints
//! what changed.

use std::io::Write as _;
use std::path::PathBuf;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::format::format_file;

/// `mopsc fmt [PATH...] [--check] [--diff]` (CLI.md). Formats every `.mops`
/// file under the directories (respecting `.gitignore`) and every file
/// named. Without `--check` or `--diff`, files that change are rewritten in
/// place atomically. Returns the exit code: 0 when all is well (or, with
/// `--check`/`--diff`, when every file is formatted); 1 when a file would
/// change under `--check`/`--diff`, or a file could not be read, parsed or
/// written (it is then left untouched); 2 when a path does not exist.
pub fn run(paths: &[PathBuf], check: bool, diff: bool, quiet: bool, max_file_bytes: u64) -> i32 {
    let paths = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths.to_vec() };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        eprintln!("error: path `{}` does not exist", missing.display());
        return EXIT_USAGE;
    }
    let mut files: Vec<PathBuf> = Vec::new();
    for p in &paths {
        if p.is_dir() {
            files.extend(crate::workspace::discover(p));
        } else {
            files.push(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));

    let write = !check && !diff;
    let (mut changed, mut unchanged, mut failed) = (0usize, 0usize, 0usize);
    let mut stdout = std::io::stdout().lock();
    let mut out_error: Option<std::io::Error> = None;
    for file in &files {
        // names are escaped: a file named `x\n::error::…` must not print a
        // line a CI log runs (issue 15 item 8)
        let shown = crate::render::escape::path_at_line_start(&crate::workspace::display_path(file));
        match format_file(file, max_file_bytes) {
            Err(msg) => {
                eprintln!("{shown}{msg}");
                failed += 1;
            }
            Ok((old, new, _)) if old == new => unchanged += 1,
            Ok((old, new, stamp)) => {
                if diff {
                    let d = similar::TextDiff::from_lines(&old, &new);
                    let d = d.unified_diff().context_radius(3).header(&shown, &shown).to_string();
                    let r = write!(stdout, "{}", crate::render::escape::log_safe(&d));
                    out_error = out_error.or(r.err());
                }
                if check {
                    let r = writeln!(stdout, "{shown}");
                    out_error = out_error.or(r.err());
                }
                if write {
                    if let Err(e) = crate::fsutil::write_replacing(file, new.as_bytes(), Some(&stamp)) {
                        eprintln!("{shown}: cannot write: {e}");
                        failed += 1;
                        continue;
                    }
                }
                changed += 1;
            }
        }
    }
    out_error = out_error.or(stdout.flush().err());
    drop(stdout);
    if let Some(e) = out_error.filter(|e| e.kind() != std::io::ErrorKind::BrokenPipe) {
        eprintln!("error: cannot write to standard output: {e}");
        return EXIT_USAGE;
    }
    if !quiet {
        let files_word = |n: usize| if n == 1 { "file" } else { "files" };
        let mut summary = if write {
            format!(
                "{changed} {} reformatted, {unchanged} {} left unchanged",
                files_word(changed),
                files_word(unchanged)
            )
        } else {
            format!(
                "{changed} {} would be reformatted, {unchanged} {} already formatted",
                files_word(changed),
                files_word(unchanged)
            )
        };
        if failed > 0 {
            summary.push_str(&format!(", {failed} {} could not be formatted", files_word(failed)));
        }
        eprintln!("{summary}");
    }
    if failed > 0 || (!write && changed > 0) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
