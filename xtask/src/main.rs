//! `cargo xtask run | test | bench | fuzz | dist`: the project's two commands
//! and their helpers. Each installs what it needs on a fresh Debian or Ubuntu
//! machine, then does its work.

mod bench;
mod checks;
mod dist;
mod fuzz;
mod run;
mod shell;
mod window;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "run" => run::run(),
        "test" => checks::test(),
        "install-test" => checks::install_test(),
        "bench" => bench::bench(),
        "fuzz" => fuzz::fuzz_on_demand(),
        "dist" => dist::dist(),
        "icons" => dist::icons(),
        "sidecar" => dist::sidecar(),
        _ => Err("usage: cargo xtask run | test | bench | fuzz [SECONDS] | install-test | dist | icons | sidecar\n  run   set up and open the desktop app (--cli: try the command line on the demo data)\n  test  install what the tests need, then run fmt, clippy and every test\n  install-test  install, start, upgrade and remove the app's package on this machine\n  bench time the measures and the returns pack on the large demo, and the app's start-up\n  fuzz  feed the spreadsheet readers random files for SECONDS (default 600)\n  dist  build the release packages (.deb, .rpm) with the Tauri bundler\n  icons draw every icon size from assets/icon.svg\n  sidecar [--target T]  build the evident command where the bundler takes it from".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (the folder above xtask/).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}
