//! `cargo xtask bench`: every benchmark, in release, on the deterministic
//! large and huge demos (built once into `target/bench/`): the core's
//! in-process figures with criterion (`benches/returns.rs`), the returns
//! pack against a Python peer writing the same sheets with XlsxWriter, the
//! app's start-up and memory (`src-tauri/benches/startup.rs`); then one
//! table of medians, each as a ratio to its floor measured in the same run,
//! printed and saved as `target/bench/report.md`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::shell::{ensure_apt, ensure_core_prerequisites, ensure_tauri_prerequisites, sh, utf8};
use crate::window::WindowTools;
use crate::{root, Result};

/// The agreement and period every figure is taken on.
const AGREEMENT: &str = "NBC-CYP-01";
const PERIOD: &str = "2025-26 Q4";
/// Whole-process runs of each program; the median is reported.
const RUNS: usize = 7;

pub fn bench() -> Result {
    ensure_core_prerequisites()?;
    sh("cargo", &["build", "--release", "--bin", "evident"])?;
    let data = demos()?;
    std::env::set_var("EVIDENT_BENCH_DATA", &data);
    sh("cargo", &["bench", "--bench", "returns"])?;
    sh("cargo", &["bench", "--bench", "imports"])?;
    sh("cargo", &["bench", "--bench", "backups"])?;
    sh("cargo", &["bench", "--bench", "desk"])?;
    let peer = against_the_peer(&data)?;
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
    )?;
    let report = table(&peer)?;
    println!("\n{report}");
    let saved = data.join("report.md");
    std::fs::write(&saved, &report).map_err(|e| format!("{}: {e}", saved.display()))?;
    println!("saved as {}", saved.display());
    Ok(())
}

/// `target/bench/large.db` and `huge.db`, made by `evident demo` when
/// missing (the demo is deterministic, so they are made once).
fn demos() -> Result<PathBuf> {
    let data = root().join("target/bench");
    std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    for size in ["large", "huge"] {
        let db = data.join(format!("{size}.db"));
        if db.exists() {
            // One made by an older Evident is brought up to date once here,
            // not in every copy a benchmark opens.
            sh(utf8(&evident())?, &["--db", utf8(&db)?, "agreements"])?;
            let _ = std::fs::remove_dir_all(data.join("backups"));
            continue;
        }
        let partial = data.join(format!("{size}.partial.db"));
        let _ = std::fs::remove_file(&partial);
        let started = Instant::now();
        sh(
            utf8(&evident())?,
            &[
                "--db",
                utf8(&partial)?,
                "demo",
                "--size",
                size,
                "--today",
                "2026-04-08",
            ],
        )?;
        // Folded into one file, so that copies of it are whole.
        sh(utf8(&evident())?, &["--db", utf8(&partial)?, "integrity"])?;
        std::fs::rename(&partial, &db).map_err(|e| format!("{}: {e}", db.display()))?;
        let _ = std::fs::remove_dir_all(data.join("backups"));
        println!(
            "bench: demo --size {size} made in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(data)
}

fn evident() -> PathBuf {
    root().join("target/release/evident")
}

/// Medians of whole-process runs: Evident writing the period's returns
/// workbook, and the Python peer writing its Summary and Activity sheets
/// from the same database, on each demo. Checks first that the peer's
/// figures are Evident's.
struct Peer {
    /// (size, Evident's median seconds, the peer's median seconds)
    runs: Vec<(&'static str, f64, f64)>,
}

fn against_the_peer(data: &Path) -> Result<Peer> {
    let python = python_with_xlsxwriter(data)?;
    let script = root().join("benches/peer/returns_peer.py");
    let mut runs = Vec::new();
    for size in ["large", "huge"] {
        let db = data.join(format!("{size}.db"));
        let db = utf8(&db)?;
        let (start, end, year_start) = period_dates(db)?;
        let ours = data.join(format!("{size}-evident.xlsx"));
        let theirs = data.join(format!("{size}-peer.xlsx"));
        let evident_args = [
            "--db",
            db,
            "export",
            "--agreement",
            AGREEMENT,
            "--period",
            PERIOD,
            "--out",
            utf8(&ours)?,
            "--prepared-by",
            "Benchmark",
        ];
        let peer_args = [
            utf8(&script)?,
            db,
            AGREEMENT,
            &start,
            &end,
            &year_start,
            utf8(&theirs)?,
        ];
        let figures = output(utf8(&python)?, &peer_args)?;
        same_figures(db, &figures)?;
        let (mut evident_times, mut peer_times) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            // The return is not approved, so it is written as a draft.
            let _ = std::fs::remove_file(&ours);
            let _ = std::fs::remove_file(data.join(format!("{size}-evident-DRAFT.xlsx")));
            evident_times.push(timed(utf8(&evident())?, &evident_args)?);
            peer_times.push(timed(utf8(&python)?, &peer_args)?);
        }
        runs.push((size, median(evident_times), median(peer_times)));
    }
    Ok(Peer { runs })
}

/// Python with XlsxWriter, in a virtual environment under `data` (pip
/// installs it from PyPI the first time).
fn python_with_xlsxwriter(data: &Path) -> Result<PathBuf> {
    let venv = data.join("python");
    let python = venv.join("bin/python");
    if !python.exists() {
        if !Command::new("python3")
            .args(["-m", "venv", utf8(&venv)?])
            .status()
            .is_ok_and(|s| s.success())
        {
            ensure_apt("python3", &["python3", "python3-venv"])?;
            sh("python3", &["-m", "venv", utf8(&venv)?])?;
        }
        sh(
            utf8(&python)?,
            &["-m", "pip", "install", "--quiet", "XlsxWriter==3.*"],
        )?;
    }
    Ok(python)
}

/// The period's start, end and the day its year to date counts from, as
/// `evident periods` gives them.
fn period_dates(db: &str) -> Result<(String, String, String)> {
    let listed = output(
        utf8(&evident())?,
        &["--db", db, "periods", "--agreement", AGREEMENT],
    )?;
    let line = listed
        .lines()
        .find(|l| l.starts_with(PERIOD))
        .ok_or_else(|| format!("{AGREEMENT} has no period {PERIOD}"))?;
    let fields: Vec<&str> = line.split('\t').collect();
    let [_, start, end, _, year_start] = fields[..] else {
        return Err(format!(
            "`evident periods` printed {line:?}: five fields were expected"
        ));
    };
    let (start, end, year_start) = (start.to_string(), end.to_string(), year_start.to_string());
    Ok((start, end, year_start))
}

/// Fails unless the peer's figures (JSON) equal Evident's for the period
/// and the year to date.
fn same_figures(db: &str, peer: &str) -> Result {
    let ours = output(
        utf8(&evident())?,
        &[
            "--db",
            db,
            "measures",
            "--agreement",
            AGREEMENT,
            "--period",
            PERIOD,
            "--json",
        ],
    )?;
    let ours: serde_json::Value = serde_json::from_str(&ours).map_err(|e| e.to_string())?;
    let peer: serde_json::Value = serde_json::from_str(peer).map_err(|e| e.to_string())?;
    for row in ours
        .as_array()
        .ok_or("evident measures --json gave no list")?
    {
        let code = row["code"].as_str().unwrap_or_default();
        for span in ["this_period", "year_to_date"] {
            let (a, b) = (row[span].as_f64(), peer[span][code].as_f64());
            let same = match (a, b) {
                (Some(a), Some(b)) => (a - b).abs() < 1e-6,
                (a, b) => a.is_none() && b.is_none(),
            };
            if !same {
                return Err(format!(
                    "the peer's {code} {span} is {b:?}, Evident's {a:?}: the peer must do the same work"
                ));
            }
        }
    }
    Ok(())
}

fn output(program: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(root())
        .output()
        .map_err(|e| format!("could not run {program}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{program} {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn timed(program: &str, args: &[&str]) -> Result<f64> {
    let started = Instant::now();
    output(program, args)?;
    Ok(started.elapsed().as_secs_f64())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Criterion's median for `group/name`, in milliseconds.
fn criterion_ms(group: &str, name: &str) -> Result<f64> {
    let path = root()
        .join("target/criterion")
        .join(group)
        .join(name)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let estimates: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    estimates["median"]["point_estimate"]
        .as_f64()
        .map(|ns| ns / 1e6)
        .ok_or_else(|| format!("{} holds no median", path.display()))
}

/// A JSON file a bench saved.
fn json(path: &Path) -> Result<serde_json::Value> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The figures `benches/imports.rs` saved: for each name, the median
/// seconds and the peak memory added in megabytes.
fn imports(path: &Path) -> Result<impl Fn(&str) -> Result<(f64, f64)>> {
    let figures = json(path)?;
    let path = path.display().to_string();
    Ok(move |name: &str| {
        let figure = &figures[name];
        match (figure["seconds"].as_f64(), figure["peak_mb"].as_f64()) {
            (Some(seconds), Some(peak)) => Ok((seconds, peak)),
            _ => Err(format!("{path} holds no figure for {name}")),
        }
    })
}

/// The table for BENCHMARKS.md: each figure, its floor and the ratio, and
/// the target where the issue set one.
fn table(peer: &Peer) -> Result<String> {
    let mut lines = vec![
        format!("Medians, release build, {AGREEMENT} {PERIOD}."),
        String::new(),
        "| Figure | Demo | Evident | Floor | Ratio | Target |".to_string(),
        "| --- | --- | ---: | ---: | ---: | --- |".to_string(),
    ];
    let mut row = |figure: &str, size: &str, ours: f64, floor: f64, target: &str| {
        lines.push(format!(
            "| {figure} | {size} | {ours:.1} ms | {floor:.1} ms | {:.2}× | {target} |",
            ours / floor
        ));
    };
    for size in ["large", "huge"] {
        let read = criterion_ms(size, "read-floor")?;
        let one = criterion_ms(size, "measures-one-period")?;
        let all = criterion_ms(size, "measures-all-periods")?;
        let pack = criterion_ms(size, "pack-one-period")?;
        let pack_floor = criterion_ms(size, "pack-floor")?;
        let open = criterion_ms(size, "open")?;
        let open_floor = criterion_ms(size, "open-floor")?;
        let large = size == "large";
        row(
            "All measures, one period",
            size,
            one,
            read,
            if large { "< 20 ms" } else { "" },
        );
        row("All measures, every period", size, all, read, "");
        row(
            "Returns pack, one period",
            size,
            pack,
            pack_floor,
            if large {
                "< 300 ms, ≤ 1.5× floor"
            } else {
                "< 1,000 ms"
            },
        );
        if large {
            let with = criterion_ms(size, "pack-with-form")?;
            let without = criterion_ms(size, "pack-without-form")?;
            // Its floor is the same pack without the form.
            row(
                &format!(
                    "Returns pack with the funder's own form filled (+{:.1} ms)",
                    with - without
                ),
                size,
                with,
                without,
                "< 50 ms added",
            );
        }
        row("Opening the records", size, open, open_floor, "");
        if !large {
            row(
                "First open of the day (what the window waits for)",
                size,
                criterion_ms(size, "open-first-of-day")?,
                open_floor,
                "no wait",
            );
            row(
                "The day's check and backup (beside the window)",
                size,
                criterion_ms(size, "daily-backup")?,
                open_floor,
                "",
            );
        }
    }
    row(
        "Saving a 30-child register (synced)",
        "large",
        criterion_ms("large", "register-save")?,
        criterion_ms("large", "register-floor")?,
        "< 15 ms",
    );
    row(
        "Importing 100,000 attendance rows",
        "large",
        criterion_ms("large", "import-attendance")?,
        criterion_ms("large", "import-floor")?,
        "",
    );
    row(
        "Getting 1,000 register marks from another laptop",
        "large",
        criterion_ms("large", "get-1000-marks")?,
        criterion_ms("large", "import-1000-marks")?,
        "< 1,000 ms (floor: importing the same marks from a spreadsheet)",
    );
    row(
        "A register grid, 300 children × 200 dates",
        "new records",
        criterion_ms("grid", "register-grid-300x200")?,
        criterion_ms("grid", "long-format-same-marks")?,
        "< 1,000 ms (floor: the three long-format imports)",
    );
    let imports = imports(&root().join("target/bench/imports.json"))?;
    for (figure, name, target) in [
        ("Importing 100,000 participants", "participants", "< 5 s"),
        (
            "Importing 1,000,000 attendance rows",
            "attendance",
            "< 60 s",
        ),
    ] {
        let (ours, peak) = imports(name)?;
        let (floor, _) = imports(&format!("{name}_floor"))?;
        row(
            &format!("{figure} (peak memory added {peak:.0} MB)"),
            "new records",
            ours * 1000.0,
            floor * 1000.0,
            target,
        );
    }
    let backups = json(&root().join("target/bench/backups.json"))?;
    let number = |name: &str| {
        backups[name]
            .as_f64()
            .ok_or_else(|| format!("backups.json holds no {name}"))
    };
    row(
        "Opening the records on a new day, its backup compressed (floor: a plain backup by hand)",
        "large",
        number("daily_seconds")? * 1000.0,
        number("manual_seconds")? * 1000.0,
        "",
    );
    let desk = json(&root().join("target/bench/desk.json"))?;
    let seconds = |name: &str| {
        desk[name]
            .as_f64()
            .ok_or_else(|| format!("desk.json holds no {name}"))
    };
    row(
        "Bringing 100 returns packs into a commissioner's desk (floor: reading the same zips' manifests alone)",
        "25 providers × 4 quarters",
        seconds("bring_in_seconds")? * 1000.0,
        seconds("manifests_seconds")? * 1000.0,
        "< 10,000 ms",
    );
    lines.push(String::new());
    lines.push(format!(
        "The large demo's backups folder after a full rotation ({} files, the day's backups compressed): {:.0} MB, against {:.0} MB for the same backups as plain database files ({:.2}×); target < 300 MB. The records file: {:.0} MB.",
        number("files")?,
        number("folder_mb")?,
        number("plain_mb")?,
        number("folder_mb")? / number("plain_mb")?,
        number("records_mb")?
    ));
    lines.push(String::new());
    lines.push(format!(
        "Whole processes, median of {RUNS}: Evident's `export` of the workbook (every sheet) against the Python peer writing Summary and Activity with XlsxWriter (same figures, checked)."
    ));
    lines.push(String::new());
    lines.push("| Demo | Evident | Python peer | Evident ÷ peer | Target |".to_string());
    lines.push("| --- | ---: | ---: | ---: | --- |".to_string());
    for (size, ours, theirs) in &peer.runs {
        lines.push(format!(
            "| {size} | {:.0} ms | {:.0} ms | {:.2}× | ≤ 0.33× |",
            ours * 1000.0,
            theirs * 1000.0,
            ours / theirs
        ));
    }
    Ok(lines.join("\n"))
}
