//! The commands of the organisation's data: spreadsheet imports, settings,
//! backups and restore, the reference lists, and opening folders.

use std::path::PathBuf;

use evident::forms::OrganisationForm;
use evident::records::Organisation;
use evident::store::{BackupReason, List};
use evident::{import, Result};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use super::now;
use crate::state::AppState;

use super::ReferenceLists;

/// A kind of spreadsheet import, as the Import screen offers it.
#[derive(Debug, Serialize)]
pub struct ImportKind {
    name: &'static str,
    columns: &'static [&'static str],
}

/// The kinds of spreadsheet Evident imports, with their columns.
#[tauri::command(async)]
pub fn import_kinds() -> Vec<ImportKind> {
    import::Kind::ALL
        .iter()
        .map(|k| ImportKind {
            name: k.as_str(),
            columns: k.columns(),
        })
        .collect()
}

/// Imports a spreadsheet (chosen in the open dialog) of `kind`; with
/// `dry_run`, says what it would do. Problems come back as the error's
/// list, and nothing is written.
#[tauri::command(async)]
pub fn import_spreadsheet(
    state: State<'_, AppState>,
    kind: String,
    path: PathBuf,
    dry_run: bool,
) -> Result<import::Report> {
    let kind = import::Kind::named(&kind)?;
    state.with(|s| import::run(s, kind, &path, dry_run, now().date()))
}

/// Imports a register kept as a grid (one row per child, one column per
/// date) for the programme `options` names; with `dry_run`, says what it
/// would add. Problems come back as the error's list, naming each cell.
#[tauri::command(async)]
pub fn import_register(
    state: State<'_, AppState>,
    path: PathBuf,
    options: import::GridOptions,
    dry_run: bool,
) -> Result<import::GridReport> {
    state.with(|s| import::import_register(s, &path, &options, dry_run, now().date()))
}

/// A backup, as the Settings screen lists it.
#[derive(Debug, Serialize)]
pub struct BackupFile {
    path: PathBuf,
    name: String,
    bytes: u64,
}

/// What the Settings screen shows.
#[derive(Debug, Serialize)]
pub struct Settings {
    organisation: Organisation,
    data_file: Option<PathBuf>,
    backups_folder: Option<PathBuf>,
    backups: Vec<BackupFile>,
    lists: ReferenceLists,
    version: &'static str,
    licence: &'static str,
}

/// The organisation's settings, where its records and backups are, and the
/// reference lists.
#[tauri::command(async)]
pub fn settings(state: State<'_, AppState>) -> Result<Settings> {
    state.with(|s| {
        let data_file = s.path().map(|p| p.to_path_buf());
        Ok(Settings {
            organisation: s.organisation()?,
            backups_folder: data_file.as_deref().map(evident::Store::backup_folder_for),
            backups: s
                .backups()?
                .into_iter()
                .map(|path| BackupFile {
                    name: path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    bytes: std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0),
                    path,
                })
                .collect(),
            data_file,
            lists: ReferenceLists::of(s)?,
            version: env!("CARGO_PKG_VERSION"),
            licence: env!("CARGO_PKG_LICENSE"),
        })
    })
}

/// Changes the organisation's details.
#[tauri::command(async)]
pub fn save_organisation(
    state: State<'_, AppState>,
    form: OrganisationForm,
) -> Result<Organisation> {
    state.with(|s| form.save(s))
}

/// Backs up now, into the backups folder.
#[tauri::command(async)]
pub fn back_up_now(state: State<'_, AppState>) -> Result<PathBuf> {
    state.with(|s| s.backup_into_rotation(now(), BackupReason::Manual))
}

/// Replaces the records with a backup, after the core has checked it.
#[tauri::command(async)]
pub fn restore_backup(
    state: State<'_, AppState>,
    path: PathBuf,
    other_organisation: bool,
) -> Result<Organisation> {
    state.restore(&path, now(), other_organisation)
}

/// Brings records from another computer on the first run (a backup, or a
/// copy of the records file); a locked one opens with `passphrase`.
#[tauri::command(async)]
pub fn bring_records(
    state: State<'_, AppState>,
    path: PathBuf,
    passphrase: Option<String>,
) -> Result<Organisation> {
    state.bring_records(&path, passphrase.as_deref(), now())
}

/// Adds a value to a reference list.
#[tauri::command(async)]
pub fn add_list_value(state: State<'_, AppState>, list: String, value: String) -> Result<String> {
    let list = List::parse("list", &list)?;
    state.with(|s| s.add_list_value(list, &value))
}

/// Takes a value off a reference list (records that use it keep it).
#[tauri::command(async)]
pub fn remove_list_value(state: State<'_, AppState>, list: String, value: String) -> Result<()> {
    let list = List::parse("list", &list)?;
    state.with(|s| s.remove_list_value(list, &value))
}

/// Opens a folder in the system's file manager.
#[tauri::command(async)]
pub fn open_folder(app: AppHandle, path: PathBuf) -> Result<()> {
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| evident::Error::cannot_write(&path, format!("could not open the folder: {e}")))
}

/// A change as the History screen shows it.
#[derive(Debug, Serialize)]
pub struct ChangeLine {
    id: i64,
    at: String,
    record: String,
    action: String,
    summary: String,
}

impl From<evident::history::Change> for ChangeLine {
    fn from(c: evident::history::Change) -> ChangeLine {
        ChangeLine {
            summary: c.summary(),
            id: c.id,
            at: c.at,
            record: c.record,
            action: c.action,
        }
    }
}

/// The latest changes to the records, newest first.
#[tauri::command(async)]
pub fn history(state: State<'_, AppState>, limit: usize) -> Result<Vec<ChangeLine>> {
    state.with(|s| {
        Ok(s.changes(None, limit)?
            .into_iter()
            .map(ChangeLine::from)
            .collect())
    })
}

/// Undoes a change, by its number.
#[tauri::command(async)]
pub fn undo_change(state: State<'_, AppState>, id: i64) -> Result<ChangeLine> {
    state.with(|s| s.undo(id).map(ChangeLine::from))
}
