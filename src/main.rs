//! The `bprstat` binary: parse the command line, run it, report errors.
//! Exit codes: 0 success, 1 bad input (message on stderr), 2 bad usage.

use clap::Parser;

fn main() {
    let cli = bprstat::cli::Cli::parse();
    if let Err(e) = bprstat::cli::run(cli) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
