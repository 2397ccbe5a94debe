//! The commands of agreements: setting one up (by hand, from a funder's
//! workbook or an example), its measures with the calculation picker, its
//! targets, and its framework workbook.

use std::path::PathBuf;

use evident::forms::{save_targets, AgreementForm, MeasureForm, MilestoneForm, TargetCell};
use evident::framework::{self, Example, FrameworkReport};
use evident::measures::MeasureRow;
use evident::periods::Period;
use evident::records::{Agreement, Calculation, DescribedMeasure, Measure, Milestone};
use evident::store::Archivable;
use evident::Result;
use serde::Serialize;
use tauri::State;

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
