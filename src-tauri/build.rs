//! Builds the shell: Tauri's context, with a permission for each app command
//! so that the capability in `capabilities/` can grant exactly those.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(evident_commands::ALL)),
    )
    .expect("the Tauri configuration and capabilities are valid");
}

#[path = "src/command_names.rs"]
mod evident_commands;
