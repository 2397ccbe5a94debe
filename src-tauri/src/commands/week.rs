//! The commands of a volunteer's week: the first run and the sample, the
//! home screen, registers, people, the outcome log, scores and stories.

use std::path::PathBuf;

use evident::forms::{
    AssessmentForm, FeedbackTieForm, LogEntryForm, OrganisationForm, ParticipantForm,
    ProgrammeForm, SessionForm, StoryForm,
};
use evident::overview::{self, ChangedReturn, NextReturn};
use evident::profile::{self, Profile};
use evident::records::{
    Assessment, Attachment, EvidenceFile, Indicator, Organisation, Outcome, OutcomeLogEntry,
    Participant, Programme, Session, Story,
};
use evident::register::{self, RegisterSheet};
use evident::store::{Archivable, LogQuery, SessionQuery};
use evident::{evidence, Result};
use tauri::State;

use super::now;
use crate::state::{AppState, Status};

use super::ReferenceLists;

/// What the window shows first: set up or not, sample or not.
#[tauri::command(async)]
pub fn status(state: State<'_, AppState>) -> Result<Status> {
    state.status(now())
}

/// Tries again to open records that did not open at start.
#[tauri::command(async)]
pub fn open_again(state: State<'_, AppState>) -> Result<()> {
    state.open_again(now())
}

/// Checks the records and takes the day's first backup, when due, once the
/// window shows; says whether damage was found (the records are then
/// closed, and the status says why).
#[tauri::command(async)]
pub fn take_daily_backup(state: State<'_, AppState>) -> bool {
    state.take_daily_backup()
}

/// Opens locked records with their passphrase.
#[tauri::command(async)]
pub fn unlock(state: State<'_, AppState>, passphrase: String) -> Result<()> {
    state.unlock(&passphrase, now())
}

/// Closes locked records after the set idle time.
#[tauri::command(async)]
pub fn lock_now(state: State<'_, AppState>) {
    state.lock_now()
}

/// Locks the records with a passphrase, changes it, or (with none)
/// unlocks them for good.
#[tauri::command(async)]
pub fn set_passphrase(state: State<'_, AppState>, passphrase: Option<String>) -> Result<()> {
    state.set_passphrase(
        passphrase.as_deref(),
        now(),
        &evident::privacy::computer_user(),
    )
}

/// Restores the newest good backup over records that are damaged; the
/// backup's file name.
#[tauri::command(async)]
pub fn restore_newest(state: State<'_, AppState>) -> Result<String> {
    state.restore_newest(now())
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

/// The returns sent whose figures have changed since, for the home screen.
#[tauri::command(async)]
pub fn changed_returns(state: State<'_, AppState>) -> Result<Vec<ChangedReturn>> {
    state.with(|s| overview::changed_since_sent(s))
}

/// The return the Returns screen opens on (of `agreement`, when given):
/// `[agreement, period]`, or nothing when none is left to send.
#[tauri::command(async)]
pub fn return_to_open(
    state: State<'_, AppState>,
    agreement: Option<String>,
) -> Result<Option<(String, String)>> {
    state.with(|s| overview::return_to_open(s, agreement.as_deref(), now().date()))
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

/// The reference lists (gender, ethnicity, priority groups, log sources).
#[tauri::command(async)]
pub fn reference_lists(state: State<'_, AppState>) -> Result<ReferenceLists> {
    state.with(|s| ReferenceLists::of(s))
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
    state.with(|s| form.save_to(s, reference.as_deref(), now().date()))
}

/// Deletes a session and its register (undone from the history).
#[tauri::command(async)]
pub fn delete_session(state: State<'_, AppState>, reference: String) -> Result<()> {
    state.with(|s| s.delete_session(&reference))
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

/// Anonymous feedback tied to no session and no programme.
#[tauri::command(async)]
pub fn untied_feedback(state: State<'_, AppState>) -> Result<Vec<Assessment>> {
    state.with(|s| s.untied_feedback())
}

/// Ties feedback cards to the session or programme they were given at.
#[tauri::command(async)]
pub fn tie_feedback(state: State<'_, AppState>, form: FeedbackTieForm) -> Result<usize> {
    state.with(|s| form.apply_to(s))
}

/// The sessions from one day to another (days as typed, each optional).
#[tauri::command(async)]
pub fn sessions(
    state: State<'_, AppState>,
    from: Option<String>,
    to: Option<String>,
) -> Result<Vec<Session>> {
    state.with(|s| s.sessions(&SessionQuery::from_text(None, from, to)?))
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
