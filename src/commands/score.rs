//! `mopsc score`: the leads scored by the declared scoring, on an engine.

use std::path::{Path, PathBuf};

use super::{finish_data, paths_or_cwd, Global};
use crate::data::cmd::ScoreFormat;
use crate::literal::Date;

/// The arguments of `mopsc score` (DATA.md), parsed.
pub struct ScoreArgs<'a> {
    pub paths: &'a [PathBuf],
    pub scoring: Option<&'a str>,
    pub as_of: Option<Date>,
    pub engine: &'a crate::data::engine::EngineChoice,
    pub format: ScoreFormat,
    pub output: Option<&'a Path>,
    pub review: bool,
    pub max_bad_rows: usize,
}

/// `mopsc score`: exit 0 with the scores (or the review); 1 when the
/// workspace or the data has errors; 2 on bad usage.
pub fn run(a: &ScoreArgs, g: &Global) -> i32 {
    let mut opts = g.opts.clone();
    opts.release_texts = false;
    let out = crate::data::cmd::score(
        &paths_or_cwd(a.paths),
        &opts,
        a.scoring,
        a.as_of,
        a.engine,
        a.format,
        a.review,
        a.max_bad_rows,
    );
    finish_data(out, a.output, g)
}
