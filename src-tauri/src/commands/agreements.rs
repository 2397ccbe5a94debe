//! The commands of agreements: setting one up (by hand, from a funder's
//! workbook or an example), its measures with the calculation picker, its
//! targets, and its framework workbook.

use std::path::PathBuf;

use evident::forms::{save_targets, AgreementForm, MeasureForm, MilestoneForm, TargetCell};
use evident::framework::{self, Example, FrameworkReport};
use evident::funder_form;
use evident::measures::MeasureRow;
use evident::pack::filled_form;
use evident::periods::Period;
use evident::records::{
    Agreement, Calculation, DescribedMeasure, FormCell, FunderForm, Measure, Milestone,
};
use evident::store::Archivable;
use evident::Result;
use serde::Serialize;
use tauri::State;

use super::now;
use crate::state::AppState;

/// The agreements (archived ones only when asked).
#[tauri::command(async)]
pub fn agreements(state: State<'_, AppState>, archived: bool) -> Result<Vec<Agreement>> {
    state.with(|s| s.agreements(archived))
}

/// One agreement.
#[tauri::command(async)]
pub fn agreement(state: State<'_, AppState>, reference: String) -> Result<Agreement> {
    state.with(|s| s.agreement(&reference))
}

/// Adds an agreement.
#[tauri::command(async)]
pub fn add_agreement(state: State<'_, AppState>, form: AgreementForm) -> Result<Agreement> {
    state.with(|s| form.add_to(s))
}

/// Changes an agreement.
#[tauri::command(async)]
pub fn edit_agreement(
    state: State<'_, AppState>,
    reference: String,
    form: AgreementForm,
) -> Result<Agreement> {
    state.with(|s| form.edit(s, &reference))
}

/// Archives an agreement (or brings one back).
#[tauri::command(async)]
pub fn archive_agreement(
    state: State<'_, AppState>,
    reference: String,
    archived: bool,
) -> Result<()> {
    state.with(|s| s.set_archived(Archivable::Agreement, &reference, archived))
}

/// The example frameworks that ship with Evident.
#[tauri::command(async)]
pub fn framework_examples() -> Result<Vec<Example>> {
    framework::examples()
}

/// Sets up an agreement from a funder's framework workbook (chosen in the
/// open dialog); with `dry_run`, says what it would do. Problems come back
/// as the error's list, and nothing is written.
#[tauri::command(async)]
pub fn import_framework(
    state: State<'_, AppState>,
    path: PathBuf,
    dry_run: bool,
) -> Result<FrameworkReport> {
    state.with(|s| framework::import(s, &path, dry_run))
}

/// Sets up an agreement from one of the example frameworks.
#[tauri::command(async)]
pub fn import_framework_example(
    state: State<'_, AppState>,
    name: String,
    dry_run: bool,
) -> Result<FrameworkReport> {
    state.with(|s| framework::import_example(s, &name, dry_run))
}

/// Writes an agreement's framework workbook to the path chosen in the save dialog.
#[tauri::command(async)]
pub fn export_framework(
    state: State<'_, AppState>,
    reference: String,
    path: PathBuf,
) -> Result<()> {
    state.with(|s| framework::export(s, &reference, &path))
}

/// A calculation as the picker offers it.
#[derive(Debug, Serialize)]
pub struct CalculationChoice {
    name: &'static str,
    describes: &'static str,
    options: &'static [&'static str],
    unit: String,
}

/// Every calculation, described in plain words, with the options it reads.
#[tauri::command(async)]
pub fn calculations() -> Vec<CalculationChoice> {
    Calculation::ALL
        .iter()
        .map(|c| CalculationChoice {
            name: c.as_str(),
            describes: c.describe(),
            options: c.options(),
            unit: c.unit().to_string(),
        })
        .collect()
}

/// An agreement's measures.
#[tauri::command(async)]
pub fn measures_of(state: State<'_, AppState>, agreement: String) -> Result<Vec<DescribedMeasure>> {
    state.with(|s| {
        Ok(s.measures(&agreement)?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// An agreement's periods.
#[tauri::command(async)]
pub fn periods_of(state: State<'_, AppState>, agreement: String) -> Result<Vec<Period>> {
    state.with(|s| s.periods(&agreement))
}

/// What a measure as typed would count for a period, keeping nothing.
#[tauri::command(async)]
pub fn preview_measure(
    state: State<'_, AppState>,
    agreement: String,
    editing: Option<String>,
    period: String,
    form: MeasureForm,
) -> Result<MeasureRow> {
    state.with(|s| form.preview(s, &agreement, editing.as_deref(), &period))
}

/// Adds a measure to an agreement.
#[tauri::command(async)]
pub fn add_measure(
    state: State<'_, AppState>,
    agreement: String,
    form: MeasureForm,
) -> Result<Measure> {
    state.with(|s| form.add_to(s, &agreement))
}

/// Changes a measure.
#[tauri::command(async)]
pub fn edit_measure(
    state: State<'_, AppState>,
    agreement: String,
    code: String,
    form: MeasureForm,
) -> Result<Measure> {
    state.with(|s| form.edit(s, &agreement, &code))
}

/// Saves a grid of targets, all or nothing.
#[tauri::command(async)]
pub fn save_target_grid(
    state: State<'_, AppState>,
    agreement: String,
    cells: Vec<TargetCell>,
) -> Result<usize> {
    state.with(|s| save_targets(s, &agreement, cells))
}

/// Adds a milestone to an agreement: something to deliver that is not a number.
#[tauri::command(async)]
pub fn add_milestone(
    state: State<'_, AppState>,
    agreement: String,
    form: MilestoneForm,
) -> Result<Milestone> {
    state.with(|s| form.add_to(s, &agreement))
}

/// An agreement's milestones.
#[tauri::command(async)]
pub fn milestones_of(state: State<'_, AppState>, agreement: String) -> Result<Vec<Milestone>> {
    state.with(|s| s.milestones(&agreement))
}

/// Everything the funder's form screen shows: the form's sheets and cells,
/// the mapping, the proposals and the picker's sources.
#[tauri::command(async)]
pub fn funder_form(state: State<'_, AppState>, agreement: String) -> Result<funder_form::View> {
    state.with(|s| funder_form::view(s, &agreement))
}

/// What each mapped cell would hold in a period's return (the one being
/// worked on when none is named).
#[tauri::command(async)]
pub fn funder_form_preview(
    state: State<'_, AppState>,
    agreement: String,
    period: Option<String>,
) -> Result<filled_form::Preview> {
    state.with(|s| filled_form::preview(s, &agreement, period.as_deref(), now()))
}

/// Keeps the funder's form (chosen in the open dialog) with the agreement.
#[tauri::command(async)]
pub fn add_funder_form(
    state: State<'_, AppState>,
    agreement: String,
    path: PathBuf,
) -> Result<FunderForm> {
    state.with(|s| funder_form::add(s, &agreement, &path, now()))
}

/// Stops keeping the agreement's form (its mapping stays).
#[tauri::command(async)]
pub fn remove_funder_form(state: State<'_, AppState>, agreement: String) -> Result<()> {
    state.with(|s| s.remove_form(&agreement))
}

/// Maps one cell of the form to a source in words.
#[tauri::command(async)]
pub fn map_form_cell(
    state: State<'_, AppState>,
    agreement: String,
    cell: FormCell,
) -> Result<FormCell> {
    state.with(|s| funder_form::set_cell(s, &agreement, &cell))
}

/// Maps one cell of the form to nothing.
#[tauri::command(async)]
pub fn clear_form_cell(
    state: State<'_, AppState>,
    agreement: String,
    sheet: String,
    cell: String,
) -> Result<()> {
    state.with(|s| funder_form::clear_cell(s, &agreement, &sheet, &cell))
}

/// Sets the whole mapping from a file (`sheet,cell,source`); a bad row
/// refuses it, with every problem listed.
#[tauri::command(async)]
pub fn map_form_from_file(
    state: State<'_, AppState>,
    agreement: String,
    path: PathBuf,
) -> Result<funder_form::Mapped> {
    state.with(|s| funder_form::map_file(s, &agreement, &path))
}
