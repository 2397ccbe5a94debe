//! The floor for the start-up benchmark: a bare Tauri window showing an
//! empty HTML page served by the app itself, with no plugins, no commands,
//! no script and no store.

use tauri::{WebviewUrl, WebviewWindowBuilder};

const EMPTY_PAGE: &[u8] = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bare window</title></head><body></body></html>";

fn main() {
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .register_uri_scheme_protocol("empty", |_context, _request| {
            tauri::http::Response::builder()
                .header("content-type", "text/html")
                .body(EMPTY_PAGE.to_vec())
                .unwrap_or_default()
        })
        .setup(|app| {
            let page = "empty://localhost/".parse().expect("a URL");
            WebviewWindowBuilder::new(app, "main", WebviewUrl::CustomProtocol(page))
                .title("Bare window")
                .inner_size(1280.0, 800.0)
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("the bare window runs");
}
