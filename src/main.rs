//! The `evident` command: the core, driven from a terminal or a script.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
