//! The UI's own rules, read from its sources: no HTML is ever built from
//! strings (so typed text can only ever show as text), only `js/api.js`
//! talks to the shell, and nothing is fetched from elsewhere.

use std::path::{Path, PathBuf};

fn ui_files() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("the ui folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn no_html_is_built_from_strings_and_only_api_js_calls_the_shell() {
    let files = ui_files();
    assert!(
        files.iter().any(|f| f.ends_with("js/api.js")),
        "the UI is where it should be"
    );
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "js"))
    {
        let text = std::fs::read_to_string(file).unwrap();
        for parser in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "DOMParser",
            "eval(",
        ] {
            assert!(
                !text.contains(parser),
                "{} uses {parser}: build nodes and set text with textContent instead",
                file.display()
            );
        }
        if !file.ends_with("js/api.js") {
            assert!(
                !text.contains("__TAURI__"),
                "{} calls the shell; only js/api.js does",
                file.display()
            );
        }
    }
}

#[test]
fn nothing_is_loaded_from_another_origin() {
    for file in ui_files() {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_default()
            .replace("http://www.w3.org/2000/svg", "the SVG namespace");
        for remote in ["http://", "https://", "//cdn", "@import url("] {
            assert!(
                !text.contains(remote),
                "{} refers to {remote}: Evident makes no network request",
                file.display()
            );
        }
    }
    let config: serde_json::Value =
        serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    let csp = config["app"]["security"]["csp"].as_str().unwrap();
    let hosts: Vec<&str> = csp
        .split([' ', ';'])
        .filter(|t| t.contains("://"))
        .collect();
    assert!(
        csp.contains("default-src 'self'") && hosts == ["http://ipc.localhost"],
        "the content-security policy allows no origin but the app's own and its IPC: {csp}"
    );
}

#[test]
fn the_window_shows_the_products_own_icon() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let drawn = std::fs::read(here.join("../assets/icon.svg")).expect("the icon's source");
    let shown = std::fs::read(here.join("../ui/icon.svg")).expect("the window's icon");
    assert!(
        shown == drawn,
        "ui/icon.svg differs from assets/icon.svg: run `cargo xtask icons`"
    );
}
