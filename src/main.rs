use clap::Parser;

fn main() {
    let cli = mopsc::cli::Cli::parse();
    // A panic is a bug: the default hook has printed it; exit 2 (internal
    // failure, CLI.md) rather than Rust's 101.
    let code = std::panic::catch_unwind(|| mopsc::cli::run(cli)).unwrap_or_else(|_| {
        eprintln!("error: internal failure (a bug in mopsc; please report it with the input that caused it)");
        mopsc::cli::EXIT_USAGE
    });
    std::process::exit(code);
}
