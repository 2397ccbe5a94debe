//! `cargo xtask run`: the app on this machine, or the command line on the demo.

use std::path::Path;

use crate::shell::{ensure_core_prerequisites, ensure_tauri_prerequisites, sh};
use crate::{root, Result};

/// `cargo xtask run`: installs what the desktop app needs when it is
/// missing, builds it and opens its window. With no display it says so and
/// how to try the command line instead (`cargo xtask run --cli`).
pub fn run() -> Result {
    if std::env::args().nth(2).as_deref() == Some("--cli") {
        return run_cli();
    }
    ensure_tauri_prerequisites()?;
    sh("cargo", &["build", "--package", "evident-app"])?;
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()));
    if !has_display {
        return Err("the app is built, but this machine has no display to open its window on.\n  \
             On a desktop, run `cargo xtask run` there; here, try the command line on sample data with\n  \
             cargo xtask run --cli"
            .into());
    }
    let app = root().join("target/debug/evident-app");
    sh(
        app.to_str()
            .ok_or("the target folder's path is not UTF-8")?,
        &[],
    )
}

/// `cargo xtask run --cli`: builds the `evident`
/// command, fills a demo database once, and walks through a return: the
/// agreements, a period's measures and checks, and its returns pack.
pub fn run_cli() -> Result {
    ensure_core_prerequisites()?;
    sh("cargo", &["build", "--release", "--bin", "evident"])?;
    let exe = root().join("target/release/evident");
    let exe = exe
        .to_str()
        .ok_or("the target folder's path is not UTF-8")?;
    let folder = root().join("target/demo");
    let folder = folder
        .to_str()
        .ok_or("the target folder's path is not UTF-8")?;
    let db = format!("{folder}/evident.db");
    let evident = |args: &[&str]| sh(exe, &[&["--db", db.as_str()][..], args].concat());
    if !Path::new(&db).exists() {
        // Made on the day the demo is written for, so that its periods are
        // the ones named below.
        evident(&["demo", "--today", "2026-04-08"])?;
    }
    let period = ["--agreement", "NBC-CYP-01", "--period", "2025-26 Q4"];
    evident(&["agreements"])?;
    evident(&["periods", "--agreement", "NBC-YW-02"])?;
    evident(&[&["measures"][..], &period].concat())?;
    evident(&[&["check"][..], &period].concat())?;
    evident(
        &[
            &["export"][..],
            &period,
            &["--out", folder, "--prepared-by", "Demo"],
        ]
        .concat(),
    )?;
    evident(&["integrity"])?;
    eprintln!(
        "\nThe demo database is {db}; the Q4 returns pack is in {folder}. Try, for example:\n  \
         {exe} --db {db} participant list\n  \
         {exe} --db {db} breakdown --agreement NBC-CYP-01 --period '2025-26 Q4'\n  \
         {exe} --help"
    );
    Ok(())
}
