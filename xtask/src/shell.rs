//! Running commands, and installing what a task needs (Debian packages,
//! Rust components) when it is missing.

use std::path::Path;
use std::process::Command;

use crate::{root, Result};

/// A command line as it can be pasted into a shell: words with spaces or
/// quotes are single-quoted.
pub fn pasteable(program: &str, args: &[&str]) -> String {
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
pub fn sh(program: &str, args: &[&str]) -> Result {
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

pub fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Makes sure the Rust components the checks use are installed.
pub fn ensure_rust_components() -> Result {
    for (component, probe) in [("rustfmt", "fmt"), ("clippy", "clippy")] {
        if !succeeds("cargo", &[probe, "--version"]) {
            sh("rustup", &["component", "add", component])?;
        }
    }
    Ok(())
}

/// Installs Debian packages when `binary` is missing (as root, or says how).
pub fn ensure_apt(binary: &str, packages: &[&str]) -> Result {
    if succeeds("sh", &["-c", &format!("command -v {binary}")]) {
        return Ok(());
    }
    apt_install(packages)
}

/// The Debian packages Tauri builds against on Linux.
pub const TAURI_PACKAGES: [&str; 7] = [
    "libwebkit2gtk-4.1-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libxdo-dev",
    "libssl-dev",
    "pkg-config",
    "libclang-dev",
];

/// The Debian packages the core builds against: OpenSSL's crypto library,
/// which the records' lock (SQLCipher) encrypts with, and libclang, with
/// which SQLite's session extension (sending changes between laptops) has
/// its bindings generated.
pub const CORE_PACKAGES: [&str; 3] = ["libssl-dev", "pkg-config", "libclang-dev"];

/// Installs the core's prerequisites when any is missing, saying so.
pub fn ensure_core_prerequisites() -> Result {
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
pub fn ensure_tauri_prerequisites() -> Result {
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
pub fn apt_install(packages: &[&str]) -> Result {
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

/// Installs the npm `package` into `folder` (npm itself from Debian's
/// packages when it is missing).
pub fn npm_install(folder: &Path, package: &str) -> Result {
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("could not make {}: {e}", folder.display()))?;
    ensure_apt("npm", &["npm"])?;
    eprintln!("$ npm install {package}   (in {})", folder.display());
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--silent", package])
        .current_dir(folder)
        .status()
        .map_err(|e| format!("could not run npm: {e}"))?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("npm could not install {package}"))
}

/// A path as the text a command line takes.
pub fn utf8(path: &Path) -> Result<&str> {
    path.to_str()
        .ok_or_else(|| format!("{} is not a UTF-8 path", path.display()))
}

/// Has LibreOffice (installed when missing) convert `file` to the format
/// `to` (`pdf`, `csv`, `ods`) in `dir`, with a profile of its own there.
pub fn libreoffice_convert(dir: &std::path::Path, to: &str, file: &std::path::Path) -> Result {
    ensure_apt("soffice", &["libreoffice-calc-nogui"])?;
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    sh(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            utf8(dir)?,
            utf8(file)?,
        ],
    )
}

/// Runs the `evident` command (built as it is) on the records at `db`.
pub fn evident_on(db: &std::path::Path) -> impl Fn(&[&str]) -> Result + '_ {
    move |args: &[&str]| {
        let all = [
            &[
                "run",
                "--quiet",
                "--bin",
                "evident",
                "--",
                "--db",
                utf8(db)?,
            ][..],
            args,
        ]
        .concat();
        sh("cargo", &all)
    }
}
