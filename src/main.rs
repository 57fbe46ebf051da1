use clap::Parser;

fn main() {
    // glibc extends each thread's heap with one mprotect call per small step;
    // the parallel readers build a model per file, so a large workspace made
    // hundreds of thousands of them. Grow the heaps 64 MB at a time instead
    // (address space reserved, not memory touched).
    // At most two heaps (arenas): glibc would give each thread its own, and
    // memory freed in one cannot be reused by another; with the main thread
    // and the readers that left a tenth of the peak unused. Two heaps cost
    // no time on the two cores this runs on (docs/performance.md).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
    let cli = mopsc::cli::Cli::parse();
    // A panic is a bug: the default hook has printed it; exit 2 (internal
    // failure, CLI.md) rather than Rust's 101.
    let code = std::panic::catch_unwind(|| mopsc::cli::run(cli)).unwrap_or_else(|_| {
        eprintln!("error: internal failure (a bug in mopsc; please report it with the input that caused it)");
        mopsc::cli::EXIT_USAGE
    });
    std::process::exit(code);
}
