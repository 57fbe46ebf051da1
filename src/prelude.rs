//! The prelude (LANGUAGE.md §6): a `.mops` file compiled into the binary,
//! visible in every workspace. No diagnostic located in it is ever reported.

/// The prelude's source text.
pub const SOURCE: &str = include_str!("prelude.mops");
