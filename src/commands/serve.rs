//! `mopsc lsp` and `mopsc mcp`: the servers, on standard input and output.

use std::path::Path;

use super::{EXIT_OK, EXIT_USAGE};
use crate::check::Options;

/// `mopsc lsp`: the language server until the client exits.
pub fn lsp(opts: Options) -> i32 {
    crate::lsp::run_stdio_with(opts)
}

/// `mopsc mcp [--root DIR]`: the MCP server until its client goes away.
pub fn mcp(root: Option<&Path>, mut opts: Options) -> i32 {
    opts.release_texts = false;
    match crate::mcp::run_stdio(root.unwrap_or(Path::new(".")), opts) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_USAGE
        }
    }
}
