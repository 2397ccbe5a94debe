//! `cargo xtask bench`: the benchmarks, in release.

use crate::shell::{ensure_core_prerequisites, ensure_tauri_prerequisites, sh};
use crate::window::WindowTools;
use crate::{root, Result};

/// `cargo xtask bench`: the core's benchmarks on the large demo, then the
/// app's cold start and memory against a bare Tauri window, in release.
pub fn bench() -> Result {
    ensure_core_prerequisites()?;
    sh("cargo", &["bench", "--bench", "returns"])?;
    ensure_tauri_prerequisites()?;
    sh(
        "cargo",
        &[
            "build",
            "--release",
            "--package",
            "evident-app",
            "--example",
            "bare-window",
        ],
    )?;
    let _display = WindowTools::start(":96")?;
    std::env::set_var(
        "BARE_WINDOW",
        root().join("target/release/examples/bare-window"),
    );
    sh(
        "cargo",
        &["bench", "--package", "evident-app", "--bench", "startup"],
    )
}
