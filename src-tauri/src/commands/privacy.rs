//! The privacy commands: who is due for review, erasing people (the two
//! ways explained in the core's words), everything held about one person,
//! and the privacy log.

use std::path::PathBuf;

use evident::privacy::{self, DueForReview, Erased, Erasure};
use evident::store::PrivacyAction;
use evident::Result;
use serde::Serialize;
use tauri::State;

use super::now;
use crate::state::AppState;

/// A way to erase a person, as the dialog offers it.
#[derive(Debug, Serialize)]
pub struct ErasureChoice {
    how: Erasure,
    explanation: &'static str,
}

/// Everyone kept longer than the retention setting since their last contact.
#[tauri::command(async)]
pub fn privacy_due(state: State<'_, AppState>) -> Result<Vec<DueForReview>> {
    state.with(|s| privacy::due_for_review(s, now().date()))
}

/// The two ways to erase a person, anonymising first (the usual choice).
#[tauri::command(async)]
pub fn erasure_choices() -> Vec<ErasureChoice> {
    Erasure::ALL
        .iter()
        .map(|&how| ErasureChoice {
            how,
            explanation: how.explanation(),
        })
        .collect()
}

/// Anonymises or deletes the people with these codes.
#[tauri::command(async)]
pub fn erase_people(
    state: State<'_, AppState>,
    codes: Vec<String>,
    how: Erasure,
) -> Result<Erased> {
    state.with(|s| privacy::erase(s, &codes, how, now().date(), &privacy::computer_user()))
}

/// Writes everything held about one person as a workbook at `path` and
/// JSON beside it; both paths.
#[tauri::command(async)]
pub fn export_subject_access(
    state: State<'_, AppState>,
    code: String,
    path: PathBuf,
) -> Result<(PathBuf, PathBuf)> {
    state.with(|s| {
        privacy::export_subject_access(s, &code, &path, now().date(), &privacy::computer_user())
    })
}

/// The privacy log, newest first.
#[tauri::command(async)]
pub fn privacy_log(state: State<'_, AppState>) -> Result<Vec<PrivacyAction>> {
    state.with(|s| s.privacy_log())
}
