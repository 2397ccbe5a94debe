//! The commands the UI calls: each a plain function run off the main thread
//! that makes one core call and returns its result, or the core's error as
//! `{ kind, message, field?, problems? }`. No SQL and no rule here.

use std::path::PathBuf;

use chrono::{Local, NaiveDateTime};
use evident::forms::{
    save_targets, AgreementForm, ApprovalForm, AssessmentForm, CurveForm, FinanceForm,
    ForecastForm, IncomeForm, LogEntryForm, ManualValueForm, MeasureForm, MilestoneForm,
    NarrativeForm, OrganisationForm, ParticipantForm, ProgrammeForm, SessionForm, StoryForm,
    TargetCell,
};
use evident::framework::{self, Example, FrameworkReport};
use evident::measures::{self, Drill, MeasureRow, Span};
use evident::overview::{self, NextReturn};
use evident::pack::{self, Written};
use evident::period_return::{self, PeriodReturn};
use evident::periods::{self, Period};
use evident::profile::{self, Profile};
use evident::records::{
    Agreement, Approval, Assessment, Attachment, Calculation, CurveNote, EvidenceFile, Finance,
    Forecast, Indicator, ManualValue, Measure, Milestone, Organisation, OtherIncome, Outcome,
    OutcomeLogEntry, Participant, Programme, Session, Story, Submission,
};
use evident::register::{self, RegisterSheet};
use evident::store::{Archivable, BackupReason, List, LogQuery};
use evident::submission;
use evident::{evidence, import, Result};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use crate::state::{AppState, Status};

/// The clock, read once at the edge and passed in.
fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

/// What the window shows first: set up or not, sample or not.
#[tauri::command(async)]
pub fn status(state: State<'_, AppState>) -> Result<Status> {
    state.status(now())
}

/// Sets up the organisation on the first run.
#[tauri::command(async)]
pub fn set_up(state: State<'_, AppState>, form: OrganisationForm) -> Result<Organisation> {
    state.set_up(form, now())
}

/// Opens the sample organisation, apart from any real records.
#[tauri::command(async)]
pub fn open_sample(state: State<'_, AppState>) -> Result<()> {
    state.open_sample(now())
}

/// Leaves the sample.
#[tauri::command(async)]
pub fn leave_sample(state: State<'_, AppState>) -> Result<()> {
    state.leave_sample(now())
}

/// Each agreement's next return, for the home screen.
#[tauri::command(async)]
pub fn next_returns(state: State<'_, AppState>) -> Result<Vec<NextReturn>> {
    state.with(|s| overview::next_returns(s, now().date()))
}

/// The programmes that are running.
#[tauri::command(async)]
pub fn programmes(state: State<'_, AppState>) -> Result<Vec<Programme>> {
    state.with(|s| s.programmes(false))
}

/// Adds a programme (an ongoing activity such as an after-school club).
#[tauri::command(async)]
pub fn add_programme(state: State<'_, AppState>, form: ProgrammeForm) -> Result<Programme> {
    state.with(|s| form.add_to(s))
}

/// The reference lists a form offers.
#[derive(Debug, Serialize)]
pub struct ReferenceLists {
    gender: Vec<String>,
    ethnicity: Vec<String>,
    priority_group: Vec<String>,
    source: Vec<String>,
}

/// The reference lists (gender, ethnicity, priority groups, log sources).
#[tauri::command(async)]
pub fn reference_lists(state: State<'_, AppState>) -> Result<ReferenceLists> {
    state.with(|s| {
        Ok(ReferenceLists {
            gender: s.list_values(List::Gender)?,
            ethnicity: s.list_values(List::Ethnicity)?,
            priority_group: s.list_values(List::PriorityGroup)?,
            source: s.list_values(List::Source)?,
        })
    })
}

/// The participants (of one programme when given); archived ones only when asked.
#[tauri::command(async)]
pub fn participants(
    state: State<'_, AppState>,
    archived: bool,
    programme: Option<String>,
) -> Result<Vec<Participant>> {
    state.with(|s| s.participants_at(programme.as_deref(), archived))
}

/// A participant's page.
#[tauri::command(async)]
pub fn participant_profile(state: State<'_, AppState>, code: String) -> Result<Profile> {
    state.with(|s| profile::of(s, &code, now().date()))
}

/// Adds a participant.
#[tauri::command(async)]
pub fn add_participant(state: State<'_, AppState>, form: ParticipantForm) -> Result<Participant> {
    state.with(|s| form.add_to(s, now().date()))
}

/// Changes a participant.
#[tauri::command(async)]
pub fn edit_participant(
    state: State<'_, AppState>,
    code: String,
    form: ParticipantForm,
) -> Result<Participant> {
    state.with(|s| form.edit(s, &code, now().date()))
}

/// Archives a participant (or brings one back).
#[tauri::command(async)]
pub fn archive_participant(state: State<'_, AppState>, code: String, archived: bool) -> Result<()> {
    state.with(|s| s.set_archived(Archivable::Participant, &code, archived))
}

/// A programme's register on a day (today when the day is empty).
#[tauri::command(async)]
pub fn register_sheet(
    state: State<'_, AppState>,
    programme: String,
    date: String,
) -> Result<RegisterSheet> {
    state.with(|s| register::sheet(s, &programme, &date, now().date()))
}

/// Saves a register: the session with `reference`, or a new one.
#[tauri::command(async)]
pub fn save_register(
    state: State<'_, AppState>,
    reference: Option<String>,
    form: SessionForm,
) -> Result<Session> {
    state.with(|s| form.save_to(s, reference.as_deref()))
}

/// The outcomes the organisation works towards.
#[tauri::command(async)]
pub fn outcomes(state: State<'_, AppState>) -> Result<Vec<Outcome>> {
    state.with(|s| s.outcomes(false))
}

/// Outcome-log entries, filtered.
#[tauri::command(async)]
pub fn log_entries(state: State<'_, AppState>, query: LogQuery) -> Result<Vec<OutcomeLogEntry>> {
    state.with(|s| s.log_entries_matching(&query))
}

/// Notes a change seen.
#[tauri::command(async)]
pub fn add_log_entry(state: State<'_, AppState>, form: LogEntryForm) -> Result<OutcomeLogEntry> {
    state.with(|s| form.add_to(s))
}

/// The indicators in use.
#[tauri::command(async)]
pub fn indicators(state: State<'_, AppState>) -> Result<Vec<Indicator>> {
    state.with(|s| s.indicators(false))
}

/// Records a score.
#[tauri::command(async)]
pub fn add_assessment(state: State<'_, AppState>, form: AssessmentForm) -> Result<Assessment> {
    state.with(|s| form.add_to(s))
}

/// Every story.
#[tauri::command(async)]
pub fn stories(state: State<'_, AppState>) -> Result<Vec<Story>> {
    state.with(|s| s.stories())
}

/// Writes up a story.
#[tauri::command(async)]
pub fn add_story(state: State<'_, AppState>, form: StoryForm) -> Result<Story> {
    state.with(|s| form.add_to(s))
}

/// Changes a story.
#[tauri::command(async)]
pub fn edit_story(state: State<'_, AppState>, id: i64, form: StoryForm) -> Result<Story> {
    state.with(|s| form.edit(s, id))
}

/// Attaches a file (chosen in the open dialog) to a story.
#[tauri::command(async)]
pub fn attach_to_story(
    state: State<'_, AppState>,
    story: i64,
    path: PathBuf,
) -> Result<EvidenceFile> {
    state.with(|s| evidence::attach(s, &path, Attachment::Story { story }, now()))
}

/// Every evidence file.
#[tauri::command(async)]
pub fn evidence_files(state: State<'_, AppState>) -> Result<Vec<EvidenceFile>> {
    state.with(|s| s.evidence_files())
}

/// The agreements (archived ones only when asked).
#[tauri::command(async)]
pub fn agreements(state: State<'_, AppState>, archived: bool) -> Result<Vec<Agreement>> {
    state.with(|s| s.agreements(archived))
}

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

/// Saves budget and spend under one cost heading for a period.
#[tauri::command(async)]
pub fn save_finance(
    state: State<'_, AppState>,
    agreement: String,
    period: String,
    form: FinanceForm,
) -> Result<Finance> {
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
) -> Result<Written> {
    state.with(|s| {
        let options = pack::Options {
            prepared_by: String::new(),
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
pub fn measures_of(state: State<'_, AppState>, agreement: String) -> Result<Vec<Measure>> {
    state.with(|s| s.measures(&agreement))
}

/// An agreement's periods.
#[tauri::command(async)]
pub fn periods_of(state: State<'_, AppState>, agreement: String) -> Result<Vec<Period>> {
    state.with(|s| periods::of_agreement(s, &agreement))
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
            lists: ReferenceLists {
                gender: s.list_values(List::Gender)?,
                ethnicity: s.list_values(List::Ethnicity)?,
                priority_group: s.list_values(List::PriorityGroup)?,
                source: s.list_values(List::Source)?,
            },
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
