//! The packages: `cargo xtask dist` (the release `.deb` and `.rpm`),
//! `cargo xtask icons` (every icon size from `assets/icon.svg`),
//! `cargo xtask sidecar` (the `evident` command placed for the bundler), and
//! the debug packages the install test puts on this machine.

use std::path::{Path, PathBuf};

use crate::shell::{ensure_tauri_prerequisites, npm_install, sh, utf8};
use crate::{root, Result};

/// Which build of the app a package holds.
#[derive(Clone, Copy, PartialEq)]
pub enum Build {
    /// What volunteers install: optimised and stripped.
    Release,
    /// The same package from the debug build the tests already compiled,
    /// so that the install test costs a minute or two, not a release build.
    Debug,
}

impl Build {
    fn folder(self) -> &'static str {
        match self {
            Build::Release => "release",
            Build::Debug => "debug",
        }
    }
}

/// `cargo xtask dist`: the release packages, built with the Tauri bundler.
/// Prints each package's path and size.
pub fn dist() -> Result {
    ensure_tauri_prerequisites()?;
    for package in packages(Build::Release, None, &["deb", "rpm"])? {
        let size = std::fs::metadata(&package).map(|m| m.len()).unwrap_or(0);
        println!(
            "dist: {} ({:.1} MB)",
            package.display(),
            size as f64 / 1_000_000.0
        );
    }
    Ok(())
}

/// Builds the app and bundles it as `kinds` (deb, rpm), labelled `version`
/// (Cargo's when `None`), with the `evident` command beside it. Returns the
/// packages' paths.
pub fn packages(build: Build, version: Option<&str>, kinds: &[&str]) -> Result<Vec<PathBuf>> {
    put_sidecar(build, None)?;
    let folder = root().join("target").join(build.folder()).join("bundle");
    let _ = std::fs::remove_dir_all(&folder);
    let cli = tauri_cli()?;
    let dist_config = root().join("src-tauri/tauri.dist.conf.json");
    let kinds = kinds.join(",");
    let mut args = vec!["build", "--ci", "--bundles", &kinds, "--config"];
    args.push(utf8(&dist_config)?);
    let labelled;
    if let Some(version) = version {
        labelled = format!(r#"{{"version":"{version}"}}"#);
        args.extend(["--config", &labelled]);
    }
    if build == Build::Debug {
        args.push("--debug");
    }
    sh(utf8(&cli)?, &args)?;
    let mut found = Vec::new();
    for kind in kinds.split(',') {
        let dir = folder.join(kind);
        let entries = std::fs::read_dir(&dir).map_err(|e| {
            format!(
                "the bundler wrote no {kind} folder ({}: {e})",
                dir.display()
            )
        })?;
        found.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == kind)),
        );
    }
    if found.is_empty() {
        return Err(format!(
            "the bundler wrote no package in {}",
            folder.display()
        ));
    }
    found.sort();
    Ok(found)
}

/// `cargo xtask sidecar [--target TRIPLE]`: builds the `evident` command in
/// release and puts it where the bundler takes it from (Tauri's
/// `externalBin`, `target/sidecar/evident-TRIPLE`). The release workflow
/// runs this before the Tauri action.
pub fn sidecar() -> Result {
    let args: Vec<String> = std::env::args().skip(2).collect();
    let target = match args.as_slice() {
        [] => None,
        [flag, triple] if flag == "--target" => Some(triple.as_str()),
        _ => return Err("usage: cargo xtask sidecar [--target TRIPLE]".into()),
    };
    put_sidecar(Build::Release, target)
}

/// Builds the `evident` command for `target` (this machine's when `None`)
/// and copies it to `target/sidecar/evident-TRIPLE[.exe]`.
fn put_sidecar(build: Build, target: Option<&str>) -> Result {
    let mut args = vec!["build", "--bin", "evident"];
    if build == Build::Release {
        args.push("--release");
    }
    if let Some(triple) = target {
        args.extend(["--target", triple]);
    }
    sh("cargo", &args)?;
    let triple = match target {
        Some(triple) => triple.to_string(),
        None => host_triple()?,
    };
    let exe = if triple.contains("windows") {
        ".exe"
    } else {
        ""
    };
    let built = match target {
        Some(triple) => root().join("target").join(triple),
        None => root().join("target"),
    }
    .join(build.folder())
    .join(format!("evident{exe}"));
    let folder = root().join("target/sidecar");
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let placed = folder.join(format!("evident-{triple}{exe}"));
    std::fs::copy(&built, &placed).map_err(|e| {
        format!(
            "could not copy {} to {}: {e}",
            built.display(),
            placed.display()
        )
    })?;
    Ok(())
}

/// This machine's target triple, as rustc names it.
fn host_triple() -> Result<String> {
    let out = std::process::Command::new("rustc")
        .arg("-vV")
        .output()
        .map_err(|e| format!("could not run rustc: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_string)
        .ok_or_else(|| "rustc did not say its host triple".into())
}

/// `cargo xtask icons`: every icon size the bundles need, drawn from
/// `assets/icon.svg` by the Tauri CLI, into `src-tauri/icons/` (committed,
/// since every build embeds them), and the same drawing for the window's
/// own header (`ui/icon.svg`).
pub fn icons() -> Result {
    let source = root().join("assets/icon.svg");
    let scratch = root().join("target/xtask-icons");
    let _ = std::fs::remove_dir_all(&scratch);
    sh(
        utf8(&tauri_cli()?)?,
        &["icon", utf8(&source)?, "--output", utf8(&scratch)?],
    )?;
    let icons = root().join("src-tauri/icons");
    for name in DESKTOP_ICONS {
        copy(&scratch.join(name), &icons.join(name))?;
    }
    copy(&source, &root().join("ui/icon.svg"))
}

/// The icons a desktop bundle uses (Linux, Windows, macOS); the mobile and
/// store sizes the CLI also draws are not kept.
const DESKTOP_ICONS: [&str; 7] = [
    "32x32.png",
    "64x64.png",
    "128x128.png",
    "128x128@2x.png",
    "icon.png",
    "icon.ico",
    "icon.icns",
];

fn copy(from: &Path, to: &Path) -> Result {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("could not copy {} to {}: {e}", from.display(), to.display()))
}

/// The Tauri CLI, prebuilt, from the npm registry into `target/tauri-cli`,
/// at the version of the `tauri` crate in Cargo.lock (compiling it with
/// `cargo install` takes about ten minutes on two cores).
fn tauri_cli() -> Result<PathBuf> {
    let folder = root().join("target/tauri-cli");
    let cli = folder.join("node_modules/.bin/tauri");
    let version = tauri_version()?;
    let installed = std::process::Command::new(&cli)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == format!("tauri-cli {version}"))
        .unwrap_or(false);
    if !installed {
        npm_install(&folder, &format!("@tauri-apps/cli@{version}"))?;
    }
    Ok(cli)
}

/// The version of the `tauri` crate the app is built with (from Cargo.lock).
fn tauri_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("could not read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == r#"name = "tauri""# {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.strip_prefix(r#"version = ""#))
                .and_then(|l| l.strip_suffix('"'))
            {
                return Ok(version.to_string());
            }
        }
    }
    Err("Cargo.lock names no tauri crate".into())
}
