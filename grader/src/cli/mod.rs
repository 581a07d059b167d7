//! The `grader` command line: parses arguments ([`args`]), loads the exercise set and rubric, runs
//! one subcommand ([`commands`], one function each), prints through [`output`] and maps the outcome
//! to an exit code ([`exit`]). Every library error is printed once, with its causes. A new flag
//! goes in `args.rs`; a new subcommand is a variant there and a function in `commands.rs`. The
//! main function is [`main`].

mod args;
mod commands;
mod exit;
mod output;
mod progress;

use std::process::ExitCode;

use clap::Parser;

/// An error for the user: what failed, and every cause under it, once.
pub struct Failure(String);

impl Failure {
    /// A failure the command line states itself.
    pub fn from_message(message: impl Into<String>) -> Failure {
        Failure(message.into())
    }
}

impl<E: std::error::Error> From<E> for Failure {
    fn from(err: E) -> Self {
        Failure(grader::error::display_chain(&err))
    }
}

/// Runs the command line.
pub fn main() -> ExitCode {
    // Started by the grader itself inside a sandbox, to run one exercise's tests (not for people).
    let mut raw = std::env::args_os().skip(1);
    if raw.next().is_some_and(|first| first == grader::run::RUNNER_SUBCOMMAND) {
        let Some(plan) = raw.next() else { return ExitCode::from(exit::TROUBLE) };
        return match grader::run::serve(std::path::Path::new(&plan), &mut std::io::stdout().lock()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("grader test runner: {}", grader::error::display_chain(&err));
                ExitCode::from(exit::TROUBLE)
            }
        };
    }
    let cli = args::Cli::parse();
    // Every colour decision (the scorecard's `Style::for_stdout`, clap's own messages) goes
    // through anstream, which reads this choice first and the environment only under `auto`.
    cli.output.color.choice().write_global();
    let log = output::Log { verbosity: cli.output.verbosity() };
    if log.verbosity == output::Verbosity::Verbose {
        grader::support::enable_trace();
    }
    grader::process::become_subreaper();
    grader::process::protect_self();
    if let Err(err) = grader::process::install_interrupt_handler() {
        log.warning(format_args!(
            "{}; an interrupted run may leave temporary folders behind",
            grader::error::display_chain(&err)
        ));
    }
    match commands::run(&cli, log) {
        Ok(code) => ExitCode::from(code),
        Err(Failure(message)) => {
            eprintln!("grader: error: {message}");
            ExitCode::from(exit::TROUBLE)
        }
    }
}
