//! Evident's desktop app: starts the shell.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    evident_app::run();
}
