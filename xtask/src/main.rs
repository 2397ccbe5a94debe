//! `cargo xtask run | test | bench | fuzz | dist`: the project's two commands
//! and their helpers. Each installs what it needs on a fresh Debian or Ubuntu
//! machine, then does its work.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "run" => run(),
        "test" => test(),
        "bench" => bench(),
        "fuzz" => fuzz_on_demand(),
        "dist" => dist(),
        _ => Err("usage: cargo xtask run | test | bench | fuzz [SECONDS] | dist\n  run   set up and open the desktop app (--cli: try the command line on the demo data)\n  test  install what the tests need, then run fmt, clippy and every test\n  bench time the measures and the returns pack on the large demo, and the app's start-up\n  fuzz  feed the spreadsheet readers random files for SECONDS (default 600)\n  dist  build the release packages (.deb) with the Tauri bundler".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (the folder above xtask/).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

/// A command line as it can be pasted into a shell: words with spaces or
/// quotes are single-quoted.
fn pasteable(program: &str, args: &[&str]) -> String {
    let quote = |word: &str| {
        if word.is_empty()
            || word.contains(|c: char| c.is_whitespace() || "'\"$`\\;&|<>()*?".contains(c))
        {
            format!("'{}'", word.replace('\'', "'\\''"))
        } else {
            word.to_string()
        }
    };
    std::iter::once(program)
        .chain(args.iter().copied())
        .map(quote)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs a command in the workspace root, failing if it fails.
fn sh(program: &str, args: &[&str]) -> Result {
    eprintln!("$ {}", pasteable(program, args));
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .status()
        .map_err(|e| format!("could not run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Makes sure the Rust components the checks use are installed.
fn ensure_rust_components() -> Result {
    for (component, probe) in [("rustfmt", "fmt"), ("clippy", "clippy")] {
        if !succeeds("cargo", &[probe, "--version"]) {
            sh("rustup", &["component", "add", component])?;
        }
    }
    Ok(())
}

/// `cargo xtask test`: fmt, clippy with warnings as errors, and every test.
/// Ends with one line totalling every test binary's results.
fn test() -> Result {
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
    match fuzz_spreadsheets(FUZZ_SECONDS_IN_TESTS) {
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
/// its own driver on its own ports, with its own data folder).
fn window_tests() -> Result<(u64, u64)> {
    let _display = WindowTools::start(":97")?;
    cargo_test(&[
        "test",
        "--package",
        "evident-app",
        "--test",
        "window",
        "--",
        "--ignored",
        "--test-threads=1",
    ])
}

/// What driving the real window needs: Xvfb, WebKitWebDriver, tauri-driver
/// and axe-core, installed when missing, and a virtual display, started
/// here and stopped when this is dropped. The environment tells the tests
/// where each is (`DISPLAY`, `TAURI_DRIVER`, `AXE_CORE`).
struct WindowTools {
    xvfb: std::process::Child,
}

impl WindowTools {
    fn start(display: &str) -> Result<WindowTools> {
        ensure_apt("Xvfb", &["xvfb"])?;
        ensure_apt("WebKitWebDriver", &["webkit2gtk-driver"])?;
        let cargo_bin = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
            .ok_or("no cargo home to install tauri-driver into")?
            .join("bin");
        let driver = cargo_bin.join("tauri-driver");
        if !driver.exists() {
            sh(
                "cargo",
                &["install", "tauri-driver", "--version", "^2", "--locked"],
            )?;
        }
        let axe = root().join("target/axe/node_modules/axe-core/axe.min.js");
        if !axe.exists() {
            let folder = root().join("target/axe");
            std::fs::create_dir_all(&folder)
                .map_err(|e| format!("could not make {}: {e}", folder.display()))?;
            ensure_apt("npm", &["npm"])?;
            let status = Command::new("npm")
                .args([
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--silent",
                    "axe-core@4",
                ])
                .current_dir(&folder)
                .status()
                .map_err(|e| format!("could not run npm: {e}"))?;
            if !status.success() {
                return Err("npm could not install axe-core".into());
            }
        }
        let xvfb = Command::new("Xvfb")
            .args([display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start Xvfb: {e}"))?;
        std::thread::sleep(std::time::Duration::from_millis(500));
        std::env::set_var("DISPLAY", display);
        std::env::set_var("AXE_CORE", &axe);
        std::env::set_var("TAURI_DRIVER", &driver);
        Ok(WindowTools { xvfb })
    }
}

impl Drop for WindowTools {
    fn drop(&mut self) {
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// `cargo xtask bench`: the core's benchmarks on the large demo, then the
/// app's cold start and memory against a bare Tauri window, in release.
fn bench() -> Result {
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

/// Installs Debian packages when `binary` is missing (as root, or says how).
fn ensure_apt(binary: &str, packages: &[&str]) -> Result {
    if succeeds("sh", &["-c", &format!("command -v {binary}")]) {
        return Ok(());
    }
    apt_install(packages)
}

/// The Debian packages Tauri builds against on Linux.
const TAURI_PACKAGES: [&str; 6] = [
    "libwebkit2gtk-4.1-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libxdo-dev",
    "libssl-dev",
    "pkg-config",
];

/// The Debian packages the core builds against: OpenSSL's crypto library,
/// which the records' lock (SQLCipher) encrypts with.
const CORE_PACKAGES: [&str; 2] = ["libssl-dev", "pkg-config"];

/// Installs the core's prerequisites when any is missing, saying so.
fn ensure_core_prerequisites() -> Result {
    let check = format!("dpkg -s {} >/dev/null 2>&1", CORE_PACKAGES.join(" "));
    if succeeds("sh", &["-c", &check]) {
        return Ok(());
    }
    eprintln!(
        "xtask: installing what the records' lock builds against: {}",
        CORE_PACKAGES.join(" ")
    );
    apt_install(&CORE_PACKAGES)
}

/// Installs Tauri's Linux prerequisites when any is missing, saying so.
fn ensure_tauri_prerequisites() -> Result {
    let check = format!("dpkg -s {} >/dev/null 2>&1", TAURI_PACKAGES.join(" "));
    if succeeds("sh", &["-c", &check]) {
        return Ok(());
    }
    eprintln!(
        "xtask: installing what the desktop app builds against: {}",
        TAURI_PACKAGES.join(" ")
    );
    apt_install(&TAURI_PACKAGES)
}

/// Runs `apt-get install` for `packages` (through sudo when not root).
fn apt_install(packages: &[&str]) -> Result {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0"))
        .unwrap_or(false);
    let apt = |args: &[&str]| -> Result {
        let (program, rest) = if root {
            ("apt-get", args.to_vec())
        } else {
            ("sudo", [&["apt-get"], args].concat())
        };
        let status = Command::new(program)
            .args(&rest)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| {
                format!(
                    "could not run apt-get: {e}; install {} by hand",
                    packages.join(" ")
                )
            })?;
        status
            .success()
            .then_some(())
            .ok_or_else(|| format!("apt-get {} failed", args.join(" ")))
    };
    apt(&["update", "-qq"])?;
    apt(&[&["install", "-y", "-qq"][..], packages].concat())
}

/// Exports the demo's returns workbook and has LibreOffice turn it into a
/// PDF: a second, independent reader must open what Evident writes.
fn libreoffice_opens_the_demo_pack() -> Result {
    ensure_apt("soffice", &["libreoffice-calc-nogui"])?;
    let dir = root().join("target/xtask-libreoffice");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = dir.join("demo.db");
    let db = db.to_str().ok_or("the target folder's path is not UTF-8")?;
    let evident = |args: &[&str]| -> Result {
        let all = [
            &["run", "--quiet", "--bin", "evident", "--", "--db", db][..],
            args,
        ]
        .concat();
        sh("cargo", &all)
    };
    evident(&["demo"])?;
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
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    let out = dir
        .to_str()
        .ok_or("the target folder's path is not UTF-8")?;
    sh(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            out,
            xlsx,
        ],
    )?;
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

/// Runs `cargo ARGS…`, echoing its output, and adds up its `test result:` lines.
fn cargo_test(args: &[&str]) -> Result<(u64, u64)> {
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
fn parse_test_result(line: &str) -> Option<(u64, u64)> {
    let rest = line.strip_prefix("test result: ")?;
    let count = |word: &str| -> u64 {
        rest.split(['.', ';'])
            .find_map(|part| part.trim().strip_suffix(word)?.trim().parse().ok())
            .unwrap_or(0)
    };
    Some((count("passed"), count("failed")))
}

/// `cargo xtask dist`: the release packages, built with the Tauri bundler
/// (installed when missing): a `.deb` holding the app and the `evident`
/// command beside it. Prints each package's path and size.
fn dist() -> Result {
    ensure_tauri_prerequisites()?;
    if !succeeds("cargo", &["tauri", "--version"]) {
        sh(
            "cargo",
            &["install", "tauri-cli", "--version", "^2", "--locked"],
        )?;
    }
    // The command goes into the package beside the app (see tauri.conf.json).
    sh("cargo", &["build", "--release", "--bin", "evident"])?;
    sh("cargo", &["tauri", "build", "--bundles", "deb"])?;
    let folder = root().join("target/release/bundle/deb");
    let packages: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map_err(|e| format!("{}: {e}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    if packages.is_empty() {
        return Err(format!("the bundler wrote no .deb in {}", folder.display()));
    }
    for package in packages {
        let size = std::fs::metadata(&package).map(|m| m.len()).unwrap_or(0);
        println!(
            "dist: {} ({:.1} MB)",
            package.display(),
            size as f64 / 1_000_000.0
        );
    }
    Ok(())
}

/// How long `cargo xtask test` fuzzes the spreadsheet readers.
const FUZZ_SECONDS_IN_TESTS: u32 = 60;

/// `cargo xtask fuzz [SECONDS]`: a longer run, on demand.
fn fuzz_on_demand() -> Result {
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
fn fuzz_spreadsheets(seconds: u32) -> Result {
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
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    sh(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            &utf8(&dir)?,
            &utf8(&workbook)?,
        ],
    )?;
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

/// `cargo xtask run`: installs what the desktop app needs when it is
/// missing, builds it and opens its window. With no display it says so and
/// how to try the command line instead (`cargo xtask run --cli`).
fn run() -> Result {
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
fn run_cli() -> Result {
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
        evident(&["demo"])?;
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
