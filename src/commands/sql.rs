//! `mopsc sql`: the queries printed for a dialect from the IR, or a dbt
//! project (`--dbt DIR`).

use std::path::{Path, PathBuf};

use super::{finish_data, paths_or_cwd, Global, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::data::attribute::By;
use crate::data::print::Dialect;
use crate::literal::Date;

/// Which queries `mopsc sql` prints (`--only`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Only {
    Score,
    Attribution,
    Paths,
}

/// The arguments of `mopsc sql` (DATA.md), parsed.
pub struct SqlArgs<'a> {
    pub paths: &'a [PathBuf],
    pub dialect: Dialect,
    pub only: Only,
    pub by: By,
    pub as_of: Option<Date>,
    /// `-o DIR`: one file per query.
    pub output: Option<&'a Path>,
    /// `--dbt DIR`: a dbt project.
    pub dbt: Option<&'a Path>,
}

/// `mopsc sql`: exit 0 with the SQL (or the project written); 1 when the
/// workspace has errors or nothing to write SQL for; 2 on bad usage.
pub fn run(a: &SqlArgs, g: &Global) -> i32 {
    let mut opts = g.opts.clone();
    opts.release_texts = false;
    let paths = paths_or_cwd(a.paths);
    if let Some(dir) = a.dbt {
        return match crate::data::cmd::dbt(&paths, &opts, a.dialect, a.as_of) {
            Err(out) => finish_data(out, None, g),
            Ok(files) => {
                for (rel, text) in &files {
                    let path = dir.join(rel);
                    if let Some(parent) = path.parent() {
                        if let Err(e) = std::fs::create_dir_all(parent) {
                            eprintln!("error: cannot create {}: {e}", parent.display());
                            return EXIT_USAGE;
                        }
                    }
                    if let Err(e) = crate::fsutil::write_atomic(&path, text.as_bytes()) {
                        eprintln!("error: cannot write {}: {e}", path.display());
                        return EXIT_USAGE;
                    }
                }
                eprintln!("note: wrote a dbt project of {} files to {}", files.len(), dir.display());
                EXIT_OK
            }
        };
    }
    let written = match a.only {
        Only::Score => crate::data::cmd::sql(&paths, &opts, a.dialect, a.as_of),
        Only::Attribution | Only::Paths => crate::data::attribute_cmd::sql(
            &paths,
            &opts,
            a.dialect,
            if a.only == Only::Paths { "paths" } else { "attribution" },
            a.by,
            None,
            None,
        ),
    };
    let files = match written {
        Err(out) => return finish_data(out, None, g),
        Ok(files) => files,
    };
    if files.is_empty() {
        match a.only {
            Only::Score => eprintln!("error: no scoring with a leads dataset to write SQL for"),
            _ => eprintln!("error: no attribution with a touches dataset to write SQL for"),
        }
        return EXIT_ERRORS;
    }
    match a.output {
        Some(dir) => {
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("error: cannot create {}: {e}", dir.display());
                return EXIT_USAGE;
            }
            for (name, text) in &files {
                let path = crate::data::cmd::sql_path(dir, name);
                if let Err(e) = crate::fsutil::write_atomic(&path, text.as_bytes()) {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    return EXIT_USAGE;
                }
            }
        }
        None => {
            let all: String = files.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n");
            let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), all.as_bytes());
        }
    }
    EXIT_OK
}
