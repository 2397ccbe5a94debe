//! `cargo xtask fuzz`: the spreadsheet readers fed random files.

use std::path::Path;
use std::process::Command;

use crate::shell::{ensure_apt, libreoffice_convert, pasteable, sh, succeeds};
use crate::{root, Result};

/// How long `cargo xtask test` fuzzes the spreadsheet readers.
pub const FUZZ_SECONDS_IN_TESTS: u32 = 60;

/// `cargo xtask fuzz [SECONDS]`: a longer run, on demand.
pub fn fuzz_on_demand() -> Result {
    let seconds = match std::env::args().nth(2) {
        None => 600,
        Some(text) => text
            .parse()
            .map_err(|_| format!("{text:?} is not a number of seconds"))?,
    };
    fuzz_spreadsheets(seconds)
}

/// Runs the `spreadsheet` fuzz target (`fuzz/`) for `seconds`, from seeds
/// of every kind a user imports (CSV, and a workbook saved by Evident and
/// by LibreOffice as .ods), with memory capped so that an
/// allocation blow-up fails the run. Prints executions and peak memory.
pub fn fuzz_spreadsheets(seconds: u32) -> Result {
    if !succeeds("cargo", &["fuzz", "--version"]) {
        sh(
            "cargo",
            &["install", "cargo-fuzz", "--version", "^0.13", "--locked"],
        )?;
    }
    ensure_apt("soffice", &["libreoffice-calc-nogui"])?;
    let dir = root().join("target/xtask-fuzz");
    let seeds = dir.join("seeds");
    let corpus = dir.join("corpus");
    for folder in [&seeds, &corpus] {
        std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
    }
    let utf8 = |path: &Path| -> Result<String> {
        path.to_str()
            .map(str::to_string)
            .ok_or_else(|| "the target folder's path is not UTF-8".to_string())
    };
    let workbook = dir.join("framework.xlsx");
    sh(
        "cargo",
        &[
            "run",
            "--quiet",
            "--bin",
            "evident",
            "--",
            "framework",
            "build",
            "assets/frameworks/council-childrens-services.toml",
            "--out",
            &utf8(&workbook)?,
        ],
    )?;
    libreoffice_convert(&dir, "ods", &workbook)?;
    // The target's first byte chooses the file's kind: csv, xlsx, ods.
    let csv = b"code,known_as,date_of_birth,gender,postcode\nP0001,Amara,2014-03-02,girl,NB1 2AA\nP0002,\"Ben, J\",2012-11-30,boy,\n".to_vec();
    let read = |name: &str| std::fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}"));
    for (kind, name, bytes) in [
        (0u8, "participants.csv", csv),
        (1, "framework.xlsx", read("framework.xlsx")?),
        (2, "framework.ods", read("framework.ods")?),
    ] {
        let seed = [&[kind][..], &bytes].concat();
        std::fs::write(seeds.join(name), seed).map_err(|e| e.to_string())?;
    }
    let artifacts = format!("-artifact_prefix={}/", utf8(&dir)?);
    let time = format!("-max_total_time={seconds}");
    let args = [
        "fuzz",
        "run",
        "--sanitizer",
        "none",
        "spreadsheet",
        &utf8(&corpus)?,
        &utf8(&seeds)?,
        "--",
        &time,
        "-rss_limit_mb=1024",
        "-max_len=65536",
        "-print_final_stats=1",
        &artifacts,
    ];
    eprintln!("$ {}", pasteable("cargo", &args));
    let output = Command::new("cargo")
        .args(args)
        .current_dir(root())
        .output()
        .map_err(|e| format!("could not run cargo fuzz: {e}"))?;
    let log = String::from_utf8_lossy(&output.stderr);
    let stat = |name: &str| {
        log.lines()
            .find_map(|line| line.strip_prefix(&format!("stat::{name}:")))
            .map(str::trim)
            .unwrap_or("?")
            .to_string()
    };
    if !output.status.success() {
        let finding: Vec<&str> = log
            .lines()
            .filter(|l| {
                l.contains("panicked") || l.contains("ERROR") || l.contains("Test unit written")
            })
            .take(6)
            .collect();
        return Err(format!(
            "the spreadsheet fuzz target failed ({}):\n{}\nreproduce with `cargo fuzz run --sanitizer none spreadsheet FILE` from the folder above fuzz/",
            output.status,
            finding.join("\n")
        ));
    }
    println!(
        "fuzz: {} runs of the spreadsheet readers in {seconds} s ({} a second), peak memory {} MB, nothing found",
        stat("number_of_executed_units"),
        stat("average_exec_per_sec"),
        stat("peak_rss_mb")
    );
    Ok(())
}
