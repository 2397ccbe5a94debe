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

impl Drop for WindowTools {
    fn drop(&mut self) {
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}
