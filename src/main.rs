//! The `bprstat` binary: parse the command line, run it, report errors.
//! Exit codes: 0 success, 1 bad input (message on stderr), 2 bad usage.

use clap::Parser;

fn main() {
    // A closed pipe (`bprstat ... | head`) ends the program quietly, as for other Unix tools,
    // instead of a panic on the next print.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = bprstat::cli::Cli::parse();
    if let Err(e) = bprstat::cli::run(cli) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
