//! The commissioner's desk: bring in providers' packs, and read them across
//! providers and periods; export the summary workbook. The desk is a file
//! of its own (`desk.db` beside the organisation's records).

use std::path::PathBuf;

use evident::desk::{self, Areas, BroughtIn, MeasureAcross, ProviderReturn};
use evident::Result;
use serde::Serialize;
use tauri::State;

use super::now;
use crate::AppState;

/// What the desk's screen opens on.
#[derive(Debug, Serialize)]
pub struct DeskOverview {
    /// The desk's file.
    pub file: String,
    /// Which returns arrived, and how late.
    pub completeness: desk::Completeness,
    /// The measures the packs report.
    pub measures: Vec<desk::MeasureChoice>,
    /// Each resubmission and what it changed.
    pub changes: Vec<desk::Resubmission>,
}

/// The desk as it stands today.
#[tauri::command(async)]
pub fn desk_overview(state: State<'_, AppState>) -> Result<DeskOverview> {
    state.with_desk(|d| {
        Ok(DeskOverview {
            file: d.path().display().to_string(),
            completeness: desk::completeness(d, now().date())?,
            measures: desk::measures(d)?,
            changes: desk::changes(d)?,
        })
    })
}

/// Brings in a pack, or every pack in a folder.
#[tauri::command(async)]
pub fn desk_bring_in(state: State<'_, AppState>, path: PathBuf) -> Result<BroughtIn> {
    state.with_desk(|d| desk::bring_in(d, &path, now()))
}

/// One measure across providers and periods.
#[tauri::command(async)]
pub fn desk_measure(state: State<'_, AppState>, code: String) -> Result<MeasureAcross> {
    state.with_desk(|d| desk::measure_across(d, &code))
}

/// Who came, by area, across providers, for a period (the latest when none).
#[tauri::command(async)]
pub fn desk_areas(state: State<'_, AppState>, period: Option<String>) -> Result<Areas> {
    state.with_desk(|d| desk::areas(d, period.as_deref()))
}

/// A provider's own return, as its pack's sheets.
#[tauri::command(async)]
pub fn desk_return(
    state: State<'_, AppState>,
    provider: String,
    agreement: String,
    period: String,
) -> Result<ProviderReturn> {
    state.with_desk(|d| desk::provider_return(d, &provider, &agreement, &period))
}

/// Writes the commissioner's summary workbook; returns where.
#[tauri::command(async)]
pub fn desk_export(state: State<'_, AppState>, path: PathBuf) -> Result<String> {
    state.with_desk(|d| {
        desk::export_summary(d, now().date(), &path).map(|p| p.display().to_string())
    })
}

/// Takes a return's pack off the desk; returns its file name.
#[tauri::command(async)]
pub fn desk_remove(
    state: State<'_, AppState>,
    provider: String,
    agreement: String,
    period: String,
) -> Result<String> {
    state.with_desk(|d| desk::remove(d, &provider, &agreement, &period))
}
