//! The commands of return time: one period's return, the records behind a
//! number, what the return says, its money, milestones, sign-off, the pack
//! and submitting it.

use std::path::PathBuf;

use chrono::NaiveDate;
use evident::forms::{
    AcceptanceForm, ApprovalForm, CurveForm, FinanceLinesForm, ForecastForm, IncomeForm,
    InstalmentForm, ManualValueForm, MilestoneForm, NarrativeForm, ReceivedForm,
};
use evident::measures::{self, Drill, Span};
use evident::pack::{self, Written};
use evident::payments;
use evident::period_return::{self, PeriodReturn};
use evident::records::{
    Acceptance, Approval, CurveNote, Finance, Forecast, Instalment, ManualValue, Milestone,
    OtherIncome, Submission,
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

/// An agreement's instalments, where each stands, and whether they add up.
#[tauri::command(async)]
pub fn payment_schedule(
    state: State<'_, AppState>,
    agreement: String,
) -> Result<payments::Schedule> {
    state.with(|s| payments::schedule(s, &agreement, now().date()))
}

/// Adds an instalment to an agreement.
#[tauri::command(async)]
pub fn add_instalment(
    state: State<'_, AppState>,
    agreement: String,
    form: InstalmentForm,
) -> Result<Instalment> {
    state.with(|s| form.add_to(s, &agreement))
}

/// Sets an agreement's schedule to equal instalments each quarter, in
/// advance or in arrears.
#[tauri::command(async)]
pub fn plan_instalments(
    state: State<'_, AppState>,
    agreement: String,
    timing: String,
) -> Result<Vec<Instalment>> {
    state.with(|s| payments::plan(s, &agreement, payments::Timing::parse(&timing)?))
}

/// Records an instalment as arrived.
#[tauri::command(async)]
pub fn instalment_received(
    state: State<'_, AppState>,
    agreement: String,
    expected_on: NaiveDate,
    form: ReceivedForm,
) -> Result<Instalment> {
    state.with(|s| form.apply(s, &agreement, expected_on))
}

/// Deletes an instalment.
#[tauri::command(async)]
pub fn delete_instalment(
    state: State<'_, AppState>,
    agreement: String,
    expected_on: NaiveDate,
) -> Result<()> {
    state.with(|s| s.delete_instalment(&agreement, expected_on))
}

/// Marks a period's return accepted by the funder.
#[tauri::command(async)]
pub fn accept_return(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    form: AcceptanceForm,
) -> Result<Acceptance> {
    state.with(|s| form.apply(s, &agreement, &period))
}

/// The returns of an agreement its funder has accepted.
#[tauri::command(async)]
pub fn acceptances(state: State<'_, AppState>, agreement: String) -> Result<Vec<Acceptance>> {
    state.with(|s| s.acceptances(&agreement))
}

/// What Home says of instalments: late, waiting for a return, due soon.
#[tauri::command(async)]
pub fn instalment_notices(state: State<'_, AppState>) -> Result<Vec<payments::Notice>> {
    state.with(|s| payments::notices(s, now().date()))
}

/// The next three months of cash.
#[tauri::command(async)]
pub fn cash_flow(state: State<'_, AppState>) -> Result<payments::CashFlow> {
    state.with(|s| payments::cash_flow(s, now().date()))
}

/// Keeps the money in hand, as typed, as of today.
#[tauri::command(async)]
pub fn set_cash_in_hand(state: State<'_, AppState>, amount: String) -> Result<()> {
    state.with(|s| evident::forms::set_cash_in_hand(s, &amount, now().date()))
}
