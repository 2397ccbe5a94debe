//! A virtual display and the WebDriver tools the window tests drive.

use std::path::PathBuf;
use std::process::Command;

use crate::shell::{ensure_apt, npm_install, sh};
use crate::{root, Result};

/// What driving the real window needs: Xvfb, WebKitWebDriver, tauri-driver
/// and axe-core, installed when missing, and a virtual display, started
/// here and stopped when this is dropped. The environment tells the tests
/// where each is (`DISPLAY`, `TAURI_DRIVER`, `AXE_CORE`).
pub struct WindowTools {
    xvfb: std::process::Child,
}

impl WindowTools {
    pub fn start(display: &str) -> Result<WindowTools> {
        ensure_apt("Xvfb", &["xvfb"])?;
        ensure_apt("WebKitWebDriver", &["webkit2gtk-driver"])?;
        ensure_us_english()?;
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
            npm_install(&root().join("target/axe"), "axe-core@4")?;
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

/// The US English system language, under which a window test checks that
/// dates still read day first: generated when the machine lacks it.
fn ensure_us_english() -> Result {
    let known = Command::new("locale")
        .arg("-a")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_lowercase())
        .unwrap_or_default();
    if known.lines().any(|l| l == "en_us.utf8") {
        return Ok(());
    }
    ensure_apt("locale-gen", &["locales"])?;
    sh(
        "sh",
        &[
            "-c",
            "grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null || echo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen; locale-gen",
        ],
    )
}

impl Drop for WindowTools {
    fn drop(&mut self) {
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}
