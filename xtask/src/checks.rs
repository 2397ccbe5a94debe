//! `cargo xtask test`: fmt, clippy and every test, with one summary line.

use std::process::Command;

use crate::dist::{self, Build};
use crate::shell::{
    ensure_rust_components, ensure_tauri_prerequisites, evident_on, libreoffice_convert, sh,
};
use crate::window::WindowTools;
use crate::{fuzz, root, Result};

/// `cargo xtask test`: fmt, clippy with warnings as errors, and every test.
/// Ends with one line totalling every test binary's results.
pub fn test() -> Result {
    // Incremental caches help a developer's next build, not a one-off run
    // of everything, and they doubled the disk a clean run needed.
    std::env::set_var("CARGO_INCREMENTAL", "0");
    ensure_rust_components()?;
    ensure_tauri_prerequisites()?;
    sh("cargo", &["fmt", "--all", "--", "--check"])?;
    // The desktop shell builds the core without the command line's crates.
    sh(
        "cargo",
        &[
            "clippy",
            "--package",
            "evident",
            "--lib",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    sh(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    let (mut passed, mut failed) = cargo_test(&["test", "--workspace"])?;
    match libreoffice_opens_the_demo_pack() {
        Ok(()) => passed += 1,
        Err(e) => {
            eprintln!("xtask: LibreOffice check failed: {e}");
            failed += 1;
        }
    }
    match libreoffice_recalculates_a_filled_form() {
        Ok(()) => passed += 1,
        Err(e) => {
            eprintln!("xtask: LibreOffice check of the funder's form failed: {e}");
            failed += 1;
        }
    }
    match fuzz::fuzz_spreadsheets(fuzz::FUZZ_SECONDS_IN_TESTS) {
        Ok(()) => passed += 1,
        Err(e) => {
            eprintln!("xtask: fuzzing found a fault: {e}");
            failed += 1;
        }
    }
    let (window_passed, window_failed) = window_tests()?;
    passed += window_passed;
    failed += window_failed;
    println!("summary: {passed} passed, {failed} failed");
    if failed > 0 || passed == 0 {
        return Err(format!("{failed} test(s) failed, {passed} passed"));
    }
    Ok(())
}

/// The end-to-end tests of the real app window, one at a time (each starts
/// its own driver on its own ports, with its own data folder), and the
/// install test of the packaged app.
pub fn window_tests() -> Result<(u64, u64)> {
    packages_for_the_install_test()?;
    run_window_tests(":97", "")
}

/// Runs the window tests whose names hold `filter` (all when empty), one at
/// a time, on a virtual display of their own.
fn run_window_tests(display: &str, filter: &str) -> Result<(u64, u64)> {
    let _display = WindowTools::start(display)?;
    cargo_test(&[
        "test",
        "--package",
        "evident-app",
        "--test",
        "window",
        "--",
        "--ignored",
        "--test-threads=1",
        filter,
    ])
}

/// `cargo xtask install-test`: the install test alone (it installs,
/// upgrades and removes the `evident` package on this machine).
pub fn install_test() -> Result {
    ensure_tauri_prerequisites()?;
    packages_for_the_install_test()?;
    let (passed, failed) = run_window_tests(":95", "installed::")?;
    match (passed, failed) {
        (1, 0) => Ok(()),
        _ => Err(format!(
            "the install test: {passed} passed, {failed} failed"
        )),
    }
}

/// The version the install test's older package is labelled with; it must
/// sort before Cargo's.
const OLDER_VERSION: &str = "0.0.1";

/// Bundles the app twice from the debug build, as an older version and as
/// Cargo's, for the install test (`EVIDENT_OLDER_DEB`, `EVIDENT_NEWER_DEB`).
/// Release packages come from the same bundler, configuration and files
/// (`cargo xtask dist`); only the compiler's optimisation differs.
fn packages_for_the_install_test() -> Result {
    let kept = root().join("target/install-test");
    std::fs::create_dir_all(&kept).map_err(|e| format!("{}: {e}", kept.display()))?;
    let mut named = Vec::new();
    for (variable, version) in [
        ("EVIDENT_OLDER_DEB", Some(OLDER_VERSION)),
        ("EVIDENT_NEWER_DEB", None),
    ] {
        let built = dist::packages(Build::Debug, version, &["deb"])?;
        let package = built.first().ok_or("the bundler made no .deb")?;
        let copy = kept.join(package.file_name().ok_or("a package with no name")?);
        std::fs::copy(package, &copy).map_err(|e| format!("{}: {e}", copy.display()))?;
        named.push((variable, copy));
    }
    for (variable, path) in named {
        std::env::set_var(variable, path);
    }
    Ok(())
}

/// Exports the demo's returns workbook and has LibreOffice turn it into a
/// PDF: a second, independent reader must open what Evident writes.
pub fn libreoffice_opens_the_demo_pack() -> Result {
    let dir = root().join("target/xtask-libreoffice");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = dir.join("demo.db");
    let evident = evident_on(&db);
    // Made on the day the demo is written for, so that its periods are fixed.
    evident(&["demo", "--today", "2026-04-08"])?;
    let xlsx = dir.join("returns.xlsx");
    let xlsx = xlsx
        .to_str()
        .ok_or("the target folder's path is not UTF-8")?;
    evident(&[
        "export",
        "--agreement",
        "NBC-CYP-01",
        "--period",
        "2025-26 Q3",
        "--out",
        xlsx,
        "--prepared-by",
        "CI",
    ])?;
    libreoffice_convert(&dir, "pdf", std::path::Path::new(xlsx))?;
    let pdf = dir.join("returns.pdf");
    let size = std::fs::metadata(&pdf)
        .map(|m| m.len())
        .map_err(|_| "LibreOffice wrote no PDF".to_string())?;
    if size < 10_000 {
        return Err(format!("LibreOffice's PDF is only {size} bytes"));
    }
    println!("libreoffice: opened the demo pack and wrote a {size}-byte PDF");
    Ok(())
}

/// The council's fixture form mapped and filled from the demo through the
/// `evident` command, then opened by LibreOffice (a second spreadsheet,
/// which must work the council's totals out again): each total equals the
/// sum of the lines filled in above it.
pub fn libreoffice_recalculates_a_filled_form() -> Result {
    let dir = root().join("target/xtask-funder-form");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let text = |p: &std::path::Path| {
        p.to_str()
            .map(String::from)
            .ok_or("a path is not UTF-8".to_string())
    };
    let db = dir.join("demo.db");
    let evident = evident_on(&db);
    let forms = root().join("tests/fixtures/forms");
    evident(&["demo", "--today", "2026-04-08"])?;
    evident(&[
        "form",
        "add",
        "--agreement",
        "NBC-CYP-01",
        &text(&forms.join("council-quarterly-monitoring.xlsx"))?,
    ])?;
    evident(&[
        "form",
        "map",
        "--agreement",
        "NBC-CYP-01",
        &text(&forms.join("council-quarterly-monitoring.mapping.csv"))?,
    ])?;
    evident(&[
        "export",
        "--agreement",
        "NBC-CYP-01",
        "--period",
        "2025-26 Q3",
        "--out",
        &text(&dir)?,
        "--prepared-by",
        "CI",
    ])?;
    let filled = std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.to_string_lossy()
                .ends_with("-council-quarterly-monitoring.xlsx")
        })
        .ok_or("the export wrote no filled form")?;
    libreoffice_convert(&dir, "csv", &filled)?;
    // LibreOffice writes the CSV in the system's encoding; only numbers are read from it.
    let csv = std::fs::read(filled.with_extension("csv")).map_err(|e| e.to_string())?;
    let csv = String::from_utf8_lossy(&csv);
    let rows: Vec<Vec<f64>> = csv
        .lines()
        .skip(19)
        .take(6)
        .map(|line| {
            line.split(',')
                .skip(2)
                .take(3)
                .map(|v| v.parse().unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    let (lines, total) = rows.split_at(5);
    for column in 0..3 {
        let sum: f64 = lines.iter().map(|r| r[column]).sum();
        if (sum - total[0][column]).abs() > 0.005 || sum == 0.0 {
            return Err(format!(
                "LibreOffice's total in column {} is {}, not {sum}",
                column + 3,
                total[0][column]
            ));
        }
    }
    println!(
        "libreoffice: worked out the filled form's totals again: {:?}",
        total[0]
    );
    Ok(())
}

/// Runs `cargo ARGS…`, echoing its output, and adds up its `test result:` lines.
pub fn cargo_test(args: &[&str]) -> Result<(u64, u64)> {
    use std::io::{BufRead, BufReader};
    eprintln!("$ cargo {}", args.join(" "));
    let mut child = Command::new("cargo")
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or("cargo's output could not be read")?;
    let (mut passed, mut failed) = (0, 0);
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| e.to_string())?;
        println!("{line}");
        if let Some((p, f)) = parse_test_result(&line) {
            passed += p;
            failed += f;
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() && failed == 0 {
        return Err(format!("`cargo {}` failed ({status})", args.join(" ")));
    }
    Ok((passed, failed))
}

/// Reads `test result: ok. 28 passed; 0 failed; …` as (28, 0).
pub fn parse_test_result(line: &str) -> Option<(u64, u64)> {
    let rest = line.strip_prefix("test result: ")?;
    let count = |word: &str| -> u64 {
        rest.split(['.', ';'])
            .find_map(|part| part.trim().strip_suffix(word)?.trim().parse().ok())
            .unwrap_or(0)
    };
    Some((count("passed"), count("failed")))
}
