//! The commands of return time: one period's return, the records behind a
//! number, what the return says, its money, milestones, sign-off, the pack
//! and submitting it.

use std::path::PathBuf;

use evident::forms::{
    ApprovalForm, CurveForm, FinanceLinesForm, ForecastForm, IncomeForm, ManualValueForm,
    MilestoneForm, NarrativeForm,
};
use evident::measures::{self, Drill, Span};
use evident::pack::{self, Written};
use evident::period_return::{self, PeriodReturn};
use evident::records::{
    Approval, CurveNote, Finance, Forecast, ManualValue, Milestone, OtherIncome, Submission,
};
use evident::submission;
use evident::Result;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use super::now;
use crate::state::AppState;

/// One period's return, whole.
#[tauri::command(async)]
pub fn period_return(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
) -> Result<PeriodReturn> {
    state.with(|s| period_return::of(s, &agreement, &period, now().date()))
}

/// The records behind a measure's number, this period or year to date.
#[tauri::command(async)]
pub fn explain_measure(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    code: String,
    year_to_date: bool,
) -> Result<Drill> {
    let span = if year_to_date {
        Span::YearToDate
    } else {
        Span::ThisPeriod
    };
    state.with(|s| measures::explain(s, &agreement, &period, &code, span))
}

/// Answers one of the agreement's narrative headings for a period.
#[tauri::command(async)]
pub fn save_narrative(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    form: NarrativeForm,
) -> Result<String> {
    state.with(|s| form.save(s, &agreement, &period))
}

/// Saves a measure's turn-the-curve notes for a period.
#[tauri::command(async)]
pub fn save_curve(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    code: String,
    form: CurveForm,
) -> Result<CurveNote> {
    state.with(|s| form.save(s, &agreement, &period, &code))
}

/// Types a manual measure's value for a period.
#[tauri::command(async)]
pub fn save_manual_value(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    code: String,
    form: ManualValueForm,
) -> Result<ManualValue> {
    state.with(|s| form.save(s, &agreement, &code, &period))
}

/// Saves a period's budget and spend under every cost heading, together.
#[tauri::command(async)]
pub fn save_finances(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    form: FinanceLinesForm,
) -> Result<Vec<Finance>> {
    state.with(|s| form.save(s, &agreement, &period))
}

/// Records other income that supported the work in a period.
#[tauri::command(async)]
pub fn save_income(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    form: IncomeForm,
) -> Result<OtherIncome> {
    state.with(|s| form.save(s, &agreement, &period))
}

/// States the forecast of spend to the agreement's end with a period's return.
#[tauri::command(async)]
pub fn save_forecast(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    form: ForecastForm,
) -> Result<Forecast> {
    state.with(|s| form.save(s, &agreement, &period))
}

/// Changes a milestone's status (or title, or due date).
#[tauri::command(async)]
pub fn edit_milestone(
    state: State<'_, AppState>,
    agreement: String,
    title: String,
    form: MilestoneForm,
) -> Result<Milestone> {
    state.with(|s| form.edit(s, &agreement, &title))
}

/// Writes (or with empty text clears) a milestone's note for a period.
#[tauri::command(async)]
pub fn save_milestone_note(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    title: String,
    text: String,
) -> Result<()> {
    state.with(|s| s.set_milestone_note(&agreement, &title, &period, &text))
}

/// Marks a period's return approved.
#[tauri::command(async)]
pub fn approve_return(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    form: ApprovalForm,
) -> Result<Approval> {
    state.with(|s| form.save(s, &agreement, &period, now()))
}

/// Writes the period's pack to the path chosen in the save dialog.
#[tauri::command(async)]
pub fn export_pack(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    path: PathBuf,
    prepared_by: String,
) -> Result<Written> {
    state.with(|s| {
        let options = pack::Options {
            prepared_by,
            now: now(),
        };
        pack::export(s, &agreement, &period, &path, &options)
    })
}

/// Marks the period submitted with the pack that was sent.
#[tauri::command(async)]
pub fn submit_return(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    path: PathBuf,
) -> Result<Submission> {
    state.with(|s| submission::submit(s, &agreement, &period, &path, now()))
}

/// Shows a file in the system's file manager.
#[tauri::command(async)]
pub fn show_in_folder(app: AppHandle, path: PathBuf) -> Result<()> {
    app.opener().reveal_item_in_dir(&path).map_err(|e| {
        evident::Error::cannot_write(&path, format!("could not show it in its folder: {e}"))
    })
}
