//! Evident's desktop shell: opens the store in the platform data folder (or
//! shows plainly why it cannot, touching nothing, and offers the newest
//! backup when the records are damaged), keeps one window and one
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
            commands::week::status,
            commands::week::open_again,
            commands::week::take_daily_backup,
            commands::week::restore_newest,
            commands::week::unlock,
            commands::week::lock_now,
            commands::week::set_passphrase,
            commands::week::set_up,
            commands::week::open_sample,
            commands::week::leave_sample,
            commands::week::next_returns,
            commands::week::changed_returns,
            commands::week::return_to_open,
            commands::week::programmes,
            commands::week::add_programme,
            commands::week::reference_lists,
            commands::week::participants,
            commands::week::participant_profile,
            commands::week::add_participant,
            commands::week::edit_participant,
            commands::week::archive_participant,
            commands::week::register_sheet,
            commands::week::save_register,
            commands::week::delete_session,
            commands::week::outcomes,
            commands::week::log_entries,
            commands::week::add_log_entry,
            commands::week::indicators,
            commands::week::add_assessment,
            commands::week::untied_feedback,
            commands::week::tie_feedback,
            commands::week::sessions,
            commands::team::team,
            commands::team::add_team_member,
            commands::team::edit_team_member,
            commands::team::dbs_due,
            commands::team::save_safeguarding,
            commands::week::stories,
            commands::week::add_story,
            commands::week::edit_story,
            commands::week::attach_to_story,
            commands::week::evidence_files,
            commands::agreements::agreements,
            commands::returns::period_return,
            commands::returns::explain_measure,
            commands::returns::save_narrative,
            commands::returns::save_curve,
            commands::returns::save_manual_value,
            commands::returns::save_finances,
            commands::returns::save_income,
            commands::returns::save_forecast,
            commands::returns::edit_milestone,
            commands::returns::save_milestone_note,
            commands::returns::approve_return,
            commands::returns::export_pack,
            commands::returns::submit_return,
            commands::returns::show_in_folder,
            commands::agreements::agreement,
            commands::agreements::add_agreement,
            commands::agreements::edit_agreement,
            commands::agreements::archive_agreement,
            commands::agreements::framework_examples,
            commands::agreements::import_framework,
            commands::agreements::import_framework_example,
            commands::agreements::export_framework,
            commands::agreements::calculations,
            commands::agreements::measures_of,
            commands::agreements::periods_of,
            commands::agreements::preview_measure,
            commands::agreements::add_measure,
            commands::agreements::edit_measure,
            commands::agreements::save_target_grid,
            commands::data::import_kinds,
            commands::data::import_spreadsheet,
            commands::data::import_register,
            commands::data::settings,
            commands::data::save_organisation,
            commands::data::back_up_now,
            commands::data::restore_backup,
            commands::data::bring_records,
            commands::laptops::sync_status,
            commands::laptops::send_changes,
            commands::laptops::get_changes,
            commands::laptops::invite_laptop,
            commands::laptops::remove_laptop,
            commands::laptops::join_organisation,
            commands::data::add_list_value,
            commands::data::remove_list_value,
            commands::data::open_folder,
            commands::agreements::add_milestone,
            commands::agreements::milestones_of,
            commands::agreements::funder_form,
            commands::agreements::funder_form_preview,
            commands::agreements::add_funder_form,
            commands::agreements::remove_funder_form,
            commands::agreements::map_form_cell,
            commands::agreements::clear_form_cell,
            commands::agreements::map_form_from_file,
            commands::returns::payment_schedule,
            commands::returns::add_instalment,
            commands::returns::plan_instalments,
            commands::returns::instalment_received,
            commands::returns::delete_instalment,
            commands::returns::accept_return,
            commands::returns::acceptances,
            commands::returns::instalment_notices,
            commands::returns::cash_flow,
            commands::returns::set_cash_in_hand,
            commands::data::history,
            commands::data::undo_change,
            commands::privacy::privacy_due,
            commands::privacy::erasure_choices,
            commands::privacy::erase_people,
            commands::privacy::export_subject_access,
            commands::privacy::privacy_log,
            commands::desk::desk_overview,
            commands::desk::desk_bring_in,
            commands::desk::desk_measure,
            commands::desk::desk_areas,
            commands::desk::desk_return,
            commands::desk::desk_export,
            commands::desk::desk_remove,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Evident could not start its window: {e}");
            std::process::exit(1);
        });
}
