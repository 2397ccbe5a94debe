//! The installed package, as a volunteer's laptop sees it: the `.deb` that
//! `cargo xtask test` bundled twice (an older and a newer version) is
//! installed with apt, started from the applications folder, upgraded and
//! removed, and the records and backups outlive all of it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::driver::{fingerprint, Window};

/// Where the package puts the app and the command beside it.
const APP: &str = "/usr/bin/evident-app";
const COMMAND: &str = "/usr/bin/evident";
const DESKTOP_ENTRY: &str = "/usr/share/applications/Evident.desktop";

/// A package `cargo xtask test` built, named by the environment.
fn package(variable: &str) -> PathBuf {
    let path = std::env::var_os(variable).map(PathBuf::from).unwrap_or_else(|| {
        panic!("{variable} is not set: run this test through `cargo xtask test`, which builds the packages")
    });
    assert!(path.exists(), "{} is missing", path.display());
    path
}

/// The version in a package's file name (`Evident_0.1.0_amd64.deb`).
fn version_of(package: &Path) -> String {
    let name = package.file_name().unwrap().to_string_lossy().into_owned();
    name.split('_')
        .nth(1)
        .expect("a version in the name")
        .to_string()
}

/// Runs apt-get (through sudo when not root) and says whether it worked.
fn apt_get(args: &[&str]) -> bool {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    let mut command = if root {
        Command::new("apt-get")
    } else {
        let mut sudo = Command::new("sudo");
        sudo.arg("apt-get");
        sudo
    };
    command
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn install(package: &Path) {
    let path = package.to_str().expect("a UTF-8 path");
    assert!(
        apt_get(&["install", "-y", "-qq", "--allow-downgrades", path]),
        "apt-get could not install {path}"
    );
}

/// The installed version of the `evident` package, if it is installed.
fn installed_version() -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f=${db:Status-Abbrev} ${Version}", "evident"])
        .output()
        .ok()?;
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let (status, version) = said.split_once(' ')?;
    (status.trim() == "ii").then(|| version.trim().to_string())
}

/// The installed `evident` command, on the data folder `data`.
fn command(data: &Path, args: &[&str]) -> String {
    let out = Command::new(COMMAND)
        .args(args)
        .env("XDG_DATA_HOME", data)
        .output()
        .expect("the installed command runs");
    assert!(
        out.status.success(),
        "evident {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The files that differ between two readings of `files_under`.
fn changed(before: &[(PathBuf, Vec<u8>)], after: &[(PathBuf, Vec<u8>)]) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = before.iter().chain(after).map(|(p, _)| p.clone()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| {
            let find = |list: &[(PathBuf, Vec<u8>)]| {
                list.iter().find(|(q, _)| q == p).map(|(_, b)| b.clone())
            };
            find(before) != find(after)
        })
        .collect()
}

/// The folder of the records and their backups in a data folder. The web
/// view keeps its own storage beside it, which it may write after the app
/// has gone; that is not the records.
fn records_folder(data: &Path) -> PathBuf {
    crate::driver::database_in(data)
        .parent()
        .expect("the records' folder")
        .to_path_buf()
}

/// Every file under a folder with its bytes: the records and each backup.
fn files_under(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut todo = vec![folder.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("a readable folder")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                found.push((path.clone(), std::fs::read(&path).expect("a readable file")));
            }
        }
    }
    found.sort();
    found
}

#[tokio::test]
#[ignore = "installs a package: cargo xtask test builds it and runs this"]
async fn the_package_installs_starts_upgrades_and_removes_keeping_the_records() {
    let older = package("EVIDENT_OLDER_DEB");
    let newer = package("EVIDENT_NEWER_DEB");
    // A run that stopped half-way may have left the package installed.
    if installed_version().is_some() {
        apt_get(&["remove", "-y", "-qq", "evident"]);
    }

    install(&older);
    assert_eq!(installed_version(), Some(version_of(&older)));
    for path in [APP, COMMAND, DESKTOP_ENTRY] {
        assert!(
            Path::new(path).exists(),
            "the package did not install {path}"
        );
    }
    let entry = std::fs::read_to_string(DESKTOP_ENTRY).unwrap();
    for line in [
        "Name=Evident",
        "Exec=evident-app",
        "Icon=evident-app",
        "Categories=Office;",
    ] {
        assert!(
            entry.contains(line),
            "the desktop entry lacks {line:?}:\n{entry}"
        );
    }
    assert!(
        Path::new("/usr/share/icons/hicolor/128x128/apps/evident-app.png").exists(),
        "the package installed no icon"
    );

    // The first run of the installed app, with nothing set up yet.
    let window = Window::open_program("installed-first-run", Path::new(APP), |_| {}).await;
    window.wait_text("Welcome to Evident").await;
    window.find("header .brand img").await;
    window.screenshot().await;

    // The command installed beside it keeps the same records by default.
    let data = window.quit().await;
    command(
        data.path(),
        &["init", "--org", "Hillside Play", "--fy-start", "4"],
    );
    command(data.path(), &["participant", "add", "--known-as", "Robin"]);
    command(data.path(), &["backup"]);
    let window = Window::reopen("installed-older", Path::new(APP), data).await;
    window.wait_text("Hillside Play").await;
    let data = window.quit().await;
    let before_upgrade = files_under(&records_folder(data.path()));
    assert!(
        before_upgrade
            .iter()
            .any(|(p, _)| p.parent().is_some_and(|d| d.ends_with("backups"))),
        "no backup was made: {:?}",
        before_upgrade.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );

    // A newer build over the older one: the records and backups are as
    // they were, and the newer app opens them.
    install(&newer);
    assert_eq!(installed_version(), Some(version_of(&newer)));
    assert_eq!(
        changed(&before_upgrade, &files_under(&records_folder(data.path()))),
        Vec::<PathBuf>::new(),
        "installing the newer package changed the records or their backups"
    );
    let window = Window::reopen("installed-after-upgrade", Path::new(APP), data).await;
    window.wait_text("Hillside Play").await;
    window.go("#/participants").await;
    window.wait_text("Robin").await;
    window.screenshot().await;
    let data = window.quit().await;
    let before_removal = files_under(&records_folder(data.path()));

    // Removing the program leaves the records and backups where they were.
    assert!(
        apt_get(&["remove", "-y", "-qq", "evident"]),
        "apt-get could not remove evident"
    );
    assert_eq!(installed_version(), None);
    for path in [APP, COMMAND, DESKTOP_ENTRY] {
        assert!(
            !Path::new(path).exists(),
            "removing the package left {path}"
        );
    }
    assert_eq!(
        changed(&before_removal, &files_under(&records_folder(data.path()))),
        Vec::<PathBuf>::new(),
        "removing the package touched the records or their backups"
    );
    let records = crate::driver::database_in(data.path());
    assert!(fingerprint(&records).contains("Hillside Play"));
}
