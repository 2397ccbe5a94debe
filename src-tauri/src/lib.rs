//! Evident's desktop shell: opens the store in the platform data folder (or
//! says plainly why it cannot, touching nothing), keeps one window and one
//! instance, and offers the UI one thin command per action. Every rule lives
//! in the `evident` core; the UI in `ui/` is plain HTML, CSS and ES modules.

mod command_names;
pub mod commands;
pub mod state;

use tauri::Manager;
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

pub use command_names::ALL as COMMANDS;
pub use state::AppState;

/// Starts the app: the single-instance guard first (a second launch focuses
/// the first window and exits), then the store, then the window.
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(
            |app| match AppState::open_default(chrono::Local::now().naive_local()) {
                Ok(state) => {
                    app.manage(state);
                    Ok(())
                }
                Err(why) => {
                    app.dialog()
                        .message(why)
                        .title("Evident cannot open its records")
                        .kind(MessageDialogKind::Error)
                        .blocking_show();
                    std::process::exit(1);
                }
            },
        )
        .invoke_handler(tauri::generate_handler![
            commands::status,
            commands::set_up,
            commands::open_sample,
            commands::leave_sample,
            commands::next_returns,
            commands::programmes,
            commands::add_programme,
            commands::reference_lists,
            commands::participants,
            commands::participant_profile,
            commands::add_participant,
            commands::edit_participant,
            commands::archive_participant,
            commands::register_sheet,
            commands::save_register,
            commands::outcomes,
            commands::log_entries,
            commands::add_log_entry,
            commands::indicators,
            commands::add_assessment,
            commands::stories,
            commands::add_story,
            commands::edit_story,
            commands::attach_to_story,
            commands::evidence_files,
            commands::agreements,
            commands::period_return,
            commands::explain_measure,
            commands::save_narrative,
            commands::save_curve,
            commands::save_manual_value,
            commands::save_finance,
            commands::save_income,
            commands::save_forecast,
            commands::edit_milestone,
            commands::save_milestone_note,
            commands::approve_return,
            commands::export_pack,
            commands::submit_return,
            commands::show_in_folder,
            commands::agreement,
            commands::add_agreement,
            commands::edit_agreement,
            commands::archive_agreement,
            commands::framework_examples,
            commands::import_framework,
            commands::import_framework_example,
            commands::export_framework,
            commands::calculations,
            commands::measures_of,
            commands::periods_of,
            commands::preview_measure,
            commands::add_measure,
            commands::edit_measure,
            commands::save_target_grid,
            commands::import_kinds,
            commands::import_spreadsheet,
            commands::settings,
            commands::save_organisation,
            commands::back_up_now,
            commands::restore_backup,
            commands::add_list_value,
            commands::remove_list_value,
            commands::open_folder,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Evident could not start its window: {e}");
            std::process::exit(1);
        });
}
