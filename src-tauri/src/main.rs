//! Evident's desktop app: starts the shell.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's accelerated compositing costs about 90 MB on a laptop with
    // no graphics card to speak of, and a screen of forms and tables gains
    // nothing from it. Set before any thread starts; a user may still set
    // the variable themselves.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    evident_app::run();
}
