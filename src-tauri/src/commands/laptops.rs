//! The commands of several laptops: where this laptop stands, sending and
//! getting changes through the shared folder, inviting and removing a
//! laptop, and joining from the file another laptop wrote.

use std::path::PathBuf;

use evident::records::Organisation;
use evident::sync::{self, Got, Invited, Sent, Status};
use evident::Result;
use tauri::State;

use super::now;
use crate::state::AppState;

/// Where this laptop stands: unsent changes, the shared folder, and when
/// each other laptop's changes last arrived.
#[tauri::command(async)]
pub fn sync_status(state: State<'_, AppState>) -> Result<Status> {
    state.with(|s| sync::status(s, now().date()))
}

/// Sends this laptop's changes into the shared folder (`folder`, or the
/// one used last); with `again`, every file sent that a laptop may still
/// need is written again.
#[tauri::command(async)]
pub fn send_changes(
    state: State<'_, AppState>,
    folder: Option<PathBuf>,
    again: Option<bool>,
) -> Result<Sent> {
    state.with(|s| sync::send(s, folder.as_deref(), again.unwrap_or(false), now()))
}

/// Gets the other laptops' changes from the shared folder.
#[tauri::command(async)]
pub fn get_changes(state: State<'_, AppState>, folder: Option<PathBuf>) -> Result<Got> {
    state.with(|s| sync::get(s, folder.as_deref(), now()))
}

/// Adds a laptop called `name`, and writes the file it joins from into the
/// shared folder; this laptop is called `this_laptop` if it has no name yet.
#[tauri::command(async)]
pub fn invite_laptop(
    state: State<'_, AppState>,
    name: String,
    this_laptop: String,
    folder: Option<PathBuf>,
) -> Result<Invited> {
    state.with(|s| sync::invite(s, folder.as_deref(), &name, &this_laptop, now()))
}

/// Removes the laptop called `name` from the organisation.
#[tauri::command(async)]
pub fn remove_laptop(state: State<'_, AppState>, name: String) -> Result<String> {
    state.with(|s| s.remove_laptop(&name, &now().date().to_string()))
}

/// Sets up this laptop from a joining file and its join `code`, on the
/// first run; a locked one opens with `passphrase`.
#[tauri::command(async)]
pub fn join_organisation(
    state: State<'_, AppState>,
    path: PathBuf,
    code: String,
    passphrase: Option<String>,
) -> Result<Organisation> {
    state.join(&path, &code, passphrase.as_deref(), now())
}
