//! The architecture's invariants (docs/architecture.md), held by reading the
//! source tree: library code never prints or exits (only the front ends,
//! `cli.rs`, `commands/`, the servers' transports, do), and exit codes are
//! the named constants.

mod common;

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("src is readable") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn sources() -> Vec<(String, String)> {
    let src = common::manifest_dir().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&p).expect("readable");
            (rel, text)
        })
        .collect()
}

/// The front ends: they print, write to the standard streams and exit.
fn is_front_end(rel: &str) -> bool {
    rel == "main.rs"
        || rel == "cli.rs"
        || rel.starts_with("commands/")
        // the servers' own transports: the protocol is their stdin/stdout
        || rel == "lsp/transport.rs"
        || rel == "mcp.rs"
        // the one writer of a command's standard output (a full disk or a
        // closed pipe is an error the command reports)
        || rel == "fsutil.rs"
}

#[test]
fn library_code_never_prints_or_exits() {
    let forbidden = ["println!", "eprintln!", "print!(", "eprint!(", "process::exit", "io::stdout()", "io::stderr()"];
    let mut found = Vec::new();
    for (rel, text) in sources() {
        if is_front_end(&rel) {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for f in forbidden {
                if code.contains(f) {
                    found.push(format!("src/{rel}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "library code prints or exits (move it to src/commands/):\n{}", found.join("\n"));
}

#[test]
fn commands_return_named_exit_codes() {
    let mut found = Vec::new();
    for (rel, text) in sources() {
        if !(rel == "cli.rs" || rel.starts_with("commands/")) {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            let literal = ["return 0;", "return 1;", "return 2;", "Err(1)", "Err(2)"].iter().any(|l| t.contains(l))
                || t == "0"
                || t == "1"
                || t == "2";
            if literal {
                found.push(format!("src/{rel}:{}: {t}", n + 1));
            }
        }
    }
    assert!(found.is_empty(), "literal exit codes (use EXIT_OK, EXIT_ERRORS, EXIT_USAGE):\n{}", found.join("\n"));
}

/// The front end parses and dispatches: `cli.rs` checks no workspace and
/// renders nothing itself; each command is a function of `src/commands/`.
#[test]
fn cli_only_parses_and_dispatches() {
    let (_, cli) = sources().into_iter().find(|(rel, _)| rel == "cli.rs").expect("src/cli.rs");
    let forbidden = ["check_paths", "fix_paths", "render::", "write_output", "write_atomic", "write_stdout"];
    let found: Vec<String> = cli
        .lines()
        .enumerate()
        .filter(|(_, l)| forbidden.iter().any(|f| l.split("//").next().unwrap_or_default().contains(f)))
        .map(|(n, l)| format!("src/cli.rs:{}: {}", n + 1, l.trim()))
        .collect();
    assert!(found.is_empty(), "cli.rs does a command's work (move it to src/commands/):\n{}", found.join("\n"));
}

/// One "check the workspace or report and bail" (`commands::checked`,
/// `commands::check_or_bail`): a command does not call the checker and
/// print its failure itself; only `check` (which is the checker's own
/// command, with `--fix`) calls it directly.
#[test]
fn commands_check_through_one_helper() {
    let mut found = Vec::new();
    for (rel, text) in sources() {
        if !rel.starts_with("commands/") || rel == "commands/mod.rs" || rel == "commands/check.rs" {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            if line.contains("check_paths(") {
                found.push(format!("src/{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "a command checks the workspace itself (use commands::checked):\n{}", found.join("\n"));
}
