//! `mopsc init` and `mopsc new campaign`: the library's scaffolds, written
//! to files or printed.

use std::path::{Path, PathBuf};

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::check::{self, Options};

use crate::diagnostic::FileId;
use crate::rules::user;
use crate::scaffold::*;

/// `mopsc init [DIR]`: 0 written; 1 refused (files exist) or a write failed;
/// 2 DIR is not a directory.
pub fn run_init(dir: Option<&Path>, opts: &Options) -> i32 {
    let dir = dir.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let others = if dir.is_dir() { crate::workspace::discover(&dir) } else { Vec::new() };
    match init(&dir, opts.today) {
        Ok(written) => {
            let names: Vec<String> =
                written.iter().filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())).collect();
            let shown = crate::workspace::display_path(&dir);
            println!("Created a workspace in {shown}: {}", names.join(", "));
            if !others.is_empty() {
                eprintln!(
                    "note: {shown} already held {} .mops file(s); they are part of the workspace too",
                    others.len()
                );
            }
            println!("Next: replace Example Co's placeholders, then run `mopsc check {shown}`.");
            EXIT_OK
        }
        Err(e @ InitError::NotADirectory(_)) => {
            eprintln!("error: {e}");
            EXIT_USAGE
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERRORS
        }
    }
}

/// `mopsc new campaign`: 0 printed or written; 1 the file or campaign
/// exists, or a write failed; 2 bad usage (name not kebab-case, unknown
/// playbook). Playbooks and the context come from the workspace (the
/// nearest `mops.toml` at or above the output file's folder, default the
/// current directory) when there is one, else from the prelude.
pub fn run_new(cmd: &NewCommand, opts: &Options) -> i32 {
    let NewCommand::Campaign { name, playbook, output } = cmd;
    if let Some(out) = output {
        if out.symlink_metadata().is_ok() {
            eprintln!("error: {} exists; refusing to overwrite it", crate::workspace::display_path(out));
            return EXIT_ERRORS;
        }
    }
    let base = match output.as_ref().and_then(|o| o.parent()) {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = std::fs::canonicalize(&base).unwrap_or_else(|_| match std::env::current_dir() {
        Ok(cwd) if base.is_relative() => cwd.join(&base),
        _ => base.clone(),
    });
    let mut model = check::prelude_model().0;
    let mut files = None;
    // Only a real workspace (a `mops.toml` at or above the folder) is read:
    // walking an arbitrary folder such as a home directory could take long.
    if let Some(root) = crate::workspace::find_root(&base) {
        let report = match super::check_or_warn(std::slice::from_ref(&root), opts, |n| {
            format!("the workspace has {n} error(s) (see `mopsc check`); using what could be read")
        }) {
            Ok(r) => r,
            Err(code) => return code,
        };
        if let Some(a) = report.analyses.into_iter().next() {
            model = a.model;
        }
        files = Some(report.files);
    }
    let start = plus(opts.today, START_IN_DAYS);
    let text = match new_campaign(name, playbook, &model, start) {
        Ok(t) => t,
        Err(e @ NewError::Exists(_)) => {
            eprintln!("error: {e}");
            return EXIT_ERRORS;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    // Import the context's file so that `mopsc check FILE` resolves it.
    let import = user(&model.contexts).next().filter(|c| c.file != FileId::PRELUDE).and_then(|c| {
        let path = &files.as_ref()?.get(c.file).path;
        relative_import(&base, &std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
    });
    let text = match import {
        Some(rel) => canonical(insert_import(&text, &rel)),
        None => text,
    };
    match output {
        Some(out) => {
            if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
                if let Err(e) = std::fs::create_dir_all(dir) {
                    eprintln!("error: cannot create {}: {e}", crate::workspace::display_path(dir));
                    return EXIT_ERRORS;
                }
            }
            if let Err(e) = crate::fsutil::write_output(out, text.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", crate::workspace::display_path(out));
                return EXIT_ERRORS;
            }
            eprintln!("Wrote {}; fill in its TODOs, then run `mopsc check`.", crate::workspace::display_path(out));
        }
        None => {
            if let Err(e) = crate::fsutil::write_stdout(text.as_bytes()) {
                eprintln!("error: cannot write to standard output: {e}");
                return EXIT_USAGE;
            }
        }
    }
    EXIT_OK
}
