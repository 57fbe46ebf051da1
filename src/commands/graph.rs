//! `mopsc graph`: the workspace's dependency graph as DOT, Mermaid or JSON.

use std::path::PathBuf;

use super::{check_or_bail, emit, paths_or_cwd, ErrorList, Global, EXIT_OK};
use crate::cli::{GraphFormat, GraphOnly};

/// `mopsc graph`: exit 0 with the graph; 1 when the workspace has errors; 2
/// on bad usage.
pub fn run(paths: &[PathBuf], format: GraphFormat, only: Option<GraphOnly>, g: &Global) -> i32 {
    let report = match check_or_bail(&paths_or_cwd(paths), &g.opts, ErrorList::Short, |_| {
        "the workspace has errors; fix them to draw its graph".to_string()
    }) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let only = only.map(|o| match o {
        GraphOnly::Stack => crate::graph::Only::Stack,
        GraphOnly::Campaigns => crate::graph::Only::Campaigns,
        GraphOnly::Imports => crate::graph::Only::Imports,
    });
    let graphs: Vec<_> = report.analyses.iter().map(|a| crate::graph::build(&a.set, &a.model, &report.files)).collect();
    let out = match format {
        GraphFormat::Dot => crate::graph::to_dot(&graphs, only),
        GraphFormat::Mermaid => crate::graph::to_mermaid(&graphs, only),
        GraphFormat::Json => crate::graph::to_json(&graphs, &report.files, only),
    };
    match emit(&out) {
        Ok(()) => EXIT_OK,
        Err(code) => code,
    }
}
