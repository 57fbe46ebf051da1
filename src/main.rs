use clap::Parser;

fn main() {
    let cli = mopsc::cli::Cli::parse();
    std::process::exit(mopsc::cli::run(cli));
}
