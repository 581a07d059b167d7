//! The `grader` binary: a thin layer over the `grader` library. Everything it does is in `cli/`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
