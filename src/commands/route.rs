//! `mopsc route`: routes a request with the library's router and prints it.

use std::path::PathBuf;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::check::{self, Options};
use crate::diagnostic::FileId;
use crate::model::Model;
use crate::route::{render_text, RouteFormat, Router};

/// The model to route with: the workspace's at `paths` (default: the
/// workspace the current directory is in, found by its `mops.toml`), else
/// the prelude alone.
fn load_model(paths: &[PathBuf], opts: &Options) -> Result<Model, i32> {
    let paths: Vec<PathBuf> = if paths.is_empty() {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        match crate::workspace::find_root(&cwd) {
            Some(root) if !crate::workspace::discover(&root).is_empty() => vec![root],
            _ => Vec::new(),
        }
    } else {
        paths.to_vec()
    };
    if paths.is_empty() {
        return Ok(check::prelude_model().0);
    }
    let report = super::check_or_warn(&paths, opts, |n| {
        format!("the workspace has {n} error(s) (see `mopsc check`); routing with what could be read")
    })?;
    let mut analyses = report.analyses.into_iter();
    let Some(first) = analyses.next() else { return Ok(check::prelude_model().0) };
    let mut model = first.model;
    // Further checked sets (other workspace roots) add their own skills,
    // playbooks and routes.
    for a in analyses {
        for s in a.model.skills.into_iter().filter(|d| d.file != FileId::PRELUDE) {
            if model.skill(&s.name.value).is_none() {
                model.skills.push(s);
            }
        }
        for p in a.model.playbooks.into_iter().filter(|d| d.file != FileId::PRELUDE) {
            if model.playbook(&p.name.value).is_none() {
                model.playbooks.push(p);
            }
        }
        for r in a.model.routes.into_iter().filter(|d| d.file != FileId::PRELUDE) {
            if !model.routes.iter().any(|x| x.name.value == r.name.value) {
                model.routes.push(r);
            }
        }
    }
    Ok(model)
}

/// `mopsc route`: returns the exit code (0 routed, 1 no match, 2 bad usage).
pub fn run(request: &str, paths: &[PathBuf], format: RouteFormat, top: usize, opts: &Options) -> i32 {
    let model = match load_model(paths, opts) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let router = Router::new(&model);
    let Some(routed) = router.route(request, top.max(1)) else {
        if request.trim().is_empty() {
            eprintln!("no route: the request is empty; say what you want done, e.g. \"write a blog post\"");
            return EXIT_ERRORS;
        }
        eprintln!(
            "no route: none of the words of \"{}\" is in the routing matrix; name the task, \
             e.g. \"write a blog post\", \"proofread this\" or \"set up google ads\"",
            request.trim()
        );
        return EXIT_ERRORS;
    };
    let out = match format {
        RouteFormat::Json => {
            let mut s = serde_json::to_string_pretty(&routed).unwrap_or_default();
            s.push('\n');
            s
        }
        RouteFormat::Text => render_text(&routed, &model),
    };
    if let Err(e) = crate::fsutil::write_stdout(out.as_bytes()) {
        eprintln!("error: cannot write to standard output: {e}");
        return EXIT_USAGE;
    }
    EXIT_OK
}
