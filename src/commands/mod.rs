//! The commands: one file per command. A command parses nothing (the front
//! end, `cli.rs`, does), calls the library, prints, and returns the exit
//! code. The library itself never prints or exits.

pub mod audit;
pub mod fmt;
pub mod init;
pub mod route;

/// Exit codes of the command line (docs/reference/cli.md).
pub const EXIT_OK: i32 = 0;
pub const EXIT_ERRORS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
