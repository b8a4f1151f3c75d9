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
        eprintln!("error: {}", message(&e));
        std::process::exit(1);
    }
}

/// The error and its causes, each said once: a cause whose text the message already holds
/// (an error that prints its source) is not repeated.
fn message(e: &anyhow::Error) -> String {
    let mut m = String::new();
    for cause in e.chain() {
        let c = cause.to_string();
        if !m.contains(&c) {
            if !m.is_empty() {
                m.push_str(": ");
            }
            m.push_str(&c);
        }
    }
    m
}
