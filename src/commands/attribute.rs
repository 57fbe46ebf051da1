//! `mopsc attribute`: credit for the conversions by the declared
//! attribution's models, on an engine.

use std::path::{Path, PathBuf};

use super::{finish_data, paths_or_cwd, Global};
use crate::data::attribute_cmd::AttrArgs;

/// `mopsc attribute`: exit 0 with the credits; 1 when the workspace or the
/// data has errors; 2 on bad usage.
pub fn run(paths: &[PathBuf], args: &AttrArgs, output: Option<&Path>, g: &Global) -> i32 {
    let mut opts = g.opts.clone();
    opts.release_texts = false;
    let out = crate::data::attribute_cmd::attribute(&paths_or_cwd(paths), &opts, args);
    finish_data(out, output, g)
}
