//! mopsc: the compiler and linter for marketing operations as code.
//!
//! The pipeline (docs/architecture.md): `syntax` (pest grammar → syntax
//! tree) → `lower` (schema table → typed `model`) → `resolve` (names across
//! the checked set) → diagnostics, rendered by `render`. `workspace` finds and
//! reads files; `check` runs the whole pipeline; `cli` is the command line.

pub mod audit;
pub mod baseline;
pub mod campaign;
pub mod check;
pub mod checklist;
pub mod cli;
pub mod commands;
pub mod config;
pub mod data;
pub mod diagnostic;
pub mod explain;
pub mod fix;
pub mod format;
pub mod fsutil;
pub mod graph;
pub mod kinds;
pub mod literal;
pub mod lower;
pub mod lsp;
pub mod mcp;
pub mod model;
pub mod plan;
pub mod prelude;
pub mod recovery;
pub mod reference;
pub mod refs;
pub mod render;
pub mod resolve;
pub mod route;
pub mod rules;
pub mod scaffold;
pub mod schedule;
pub mod schema;
pub mod seed;
pub mod syntax;
pub mod workspace;
