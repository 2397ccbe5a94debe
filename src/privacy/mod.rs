//! Children's data as the law expects (DESIGN "Privacy"): who is due for
//! review under the retention setting, anonymising and deleting a person,
//! what is held about one person (a subject-access export), and the log of
//! these actions. What each action removes and keeps is in PRIVACY.md.

use std::path::{Path, PathBuf};

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::files;
use crate::history::Change;
use crate::records::{Assessment, OutcomeLogEntry, Participant, Story};
use crate::store::{FileHeld, MarkHeld, Store, KEEP_NEWEST, MONTHS_KEPT};

/// Who is acting, for the privacy log: this computer's user name, read by
/// the caller at the edge (as the clock is).
pub fn computer_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|n| !n.trim().is_empty()))
        .unwrap_or_else(|| "this computer's user".to_string())
}

/// A person whose records have been kept past the retention setting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueForReview {
    /// Their code.
    pub code: String,
    /// The name they are known by.
    pub known_as: String,
    /// Their last contact with the organisation.
    pub last_contact: NaiveDate,
    /// The day the retention setting ran out.
    pub due_since: NaiveDate,
}

/// Everyone (not yet anonymised) whose last contact was longer ago than the
/// organisation keeps records, longest first.
pub fn due_for_review(store: &Store, today: NaiveDate) -> Result<Vec<DueForReview>> {
    let years = store.organisation()?.retention_years;
    let mut due: Vec<DueForReview> = store
        .last_contacts()?
        .into_iter()
        .filter_map(|p| {
            let last_contact = p.last_contact?;
            let due_since = last_contact.checked_add_months(Months::new(years * 12))?;
            (due_since <= today).then_some(DueForReview {
                code: p.code,
                known_as: p.known_as,
                last_contact,
                due_since,
            })
        })
        .collect();
    due.sort_by(|a, b| a.due_since.cmp(&b.due_since).then(a.code.cmp(&b.code)));
    Ok(due)
}

/// How a person's records are erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Erasure {
    /// Their name, notes and stories' words go; their register marks,
    /// scores and coarse facts stay, so every figure stays as it was.
    Anonymise,
    /// Everything about them goes; figures of returns not yet submitted
    /// no longer count them.
    Delete,
}

impl Erasure {
    /// Both ways, anonymising (the usual choice) first.
    pub const ALL: [Erasure; 2] = [Erasure::Anonymise, Erasure::Delete];

    /// The plain explanation a user chooses between.
    pub fn explanation(self) -> &'static str {
        match self {
            Erasure::Anonymise => "Anonymise: their name, date of birth (all but the year and month), notes, outcome notes and their stories' words are removed. Their register marks, scores and outcomes stay, without their name, so every return's figures stay exactly as they were.",
            Erasure::Delete => "Delete completely: everything about them is removed, register marks, scores, outcomes and stories included. Returns already submitted keep the figures as sent; the figures of returns not yet sent will no longer count them.",
        }
    }
}

/// What an erasure did, and what still holds the person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Erased {
    /// How many people.
    pub people: usize,
    /// How.
    pub how: Erasure,
    /// The backups taken before the erasure, which still hold them.
    pub older_backups: usize,
    /// When those backups stop holding them, in words.
    pub backups_note: String,
}

/// Anonymises or deletes the people with these codes, each action whole,
/// then rewrites the database file so that nothing of them lingers in it;
/// `done_by` goes in the privacy log. Backups taken from now on no longer
/// hold them; the ones taken before are said, with their rotation.
pub fn erase(
    store: &mut Store,
    codes: &[String],
    how: Erasure,
    today: NaiveDate,
    done_by: &str,
) -> Result<Erased> {
    let mut codes: Vec<String> = codes.iter().map(|c| c.trim().to_string()).collect();
    codes.retain(|c| !c.is_empty());
    codes.sort_by_key(|c| c.to_uppercase());
    codes.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    if codes.is_empty() {
        return Err(Error::invalid(
            "code",
            "is required; give the code of each person to erase",
        ));
    }
    for code in &codes {
        store.participant(code)?;
    }
    // The photos and letters of their stories go with the stories.
    let mut photos = Vec::new();
    if how == Erasure::Delete {
        for code in &codes {
            photos.extend(store.evidence_of_stories(code)?);
        }
    }
    match how {
        Erasure::Anonymise => store.anonymise_participants(&codes, today, done_by)?,
        Erasure::Delete => store.writes_kept_if(|store| {
            for code in &codes {
                store.delete_participant_completely(code, done_by)?;
            }
            Ok(((), true))
        })?,
    }
    // The files this laptop keeps in a shared folder are written again
    // without them now, where the folder can be reached (else at the next
    // send).
    let _ = crate::sync::send_kept_again_now(store);
    crate::sync::forget_evidence(store, &photos)?;
    store.compact()?;
    let older_backups = store.backups()?.len();
    Ok(Erased {
        people: codes.len(),
        how,
        older_backups,
        backups_note: backups_note(older_backups),
    })
}

/// How long backups taken before an erasure keep the person.
fn backups_note(older: usize) -> String {
    if older == 0 {
        return "No backups were taken before this, so none holds them.".to_string();
    }
    format!(
        "The {older} {} taken before this still {} them: the newest {KEEP_NEWEST} are replaced as new ones are taken (one each day Evident is used), and the newest of each month is kept for {MONTHS_KEPT} months. Backups copied elsewhere (a memory stick, a shared drive) must be deleted by hand.",
        if older == 1 { "backup" } else { "backups" },
        if older == 1 { "holds" } else { "hold" },
    )
}

/// Everything held about one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectAccess {
    /// When it was put together.
    pub prepared_on: NaiveDate,
    /// Their record, consent included.
    pub participant: Participant,
    /// When they were anonymised, if they were.
    pub anonymised_on: Option<NaiveDate>,
    /// Their register marks.
    pub attendance: Vec<MarkHeld>,
    /// Their scores.
    pub assessments: Vec<Assessment>,
    /// Changes seen in them.
    pub outcome_log: Vec<OutcomeLogEntry>,
    /// Stories about them.
    pub stories: Vec<Story>,
    /// Evidence files about them, or that may show them.
    pub files: Vec<FileHeld>,
    /// Every change to their records kept in the history.
    pub history: Vec<Change>,
}

/// Everything held about the person with this code.
pub fn subject_access(store: &Store, code: &str, today: NaiveDate) -> Result<SubjectAccess> {
    let participant = store.participant(code)?;
    let code = participant.code.clone();
    let theirs = |c: &Option<String>| c.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&code));
    Ok(SubjectAccess {
        prepared_on: today,
        anonymised_on: store.anonymised_on(&code)?,
        attendance: store.marks_of(&code)?,
        assessments: store
            .assessments(None)?
            .into_iter()
            .filter(|a| theirs(&a.participant))
            .collect(),
        outcome_log: store
            .log_entries()?
            .into_iter()
            .filter(|e| e.participant.eq_ignore_ascii_case(&code))
            .collect(),
        stories: store
            .stories()?
            .into_iter()
            .filter(|s| theirs(&s.participant))
            .collect(),
        files: store.files_about(&code)?,
        history: store.changes_about(&code)?,
        participant,
    })
}

/// Writes everything held about the person with this code as a workbook
/// at `out` (`.xlsx`) and as JSON beside it (`.json`), each whole or not at
/// all; `done_by` goes in the privacy log. Returns both paths.
pub fn export_subject_access(
    store: &mut Store,
    code: &str,
    out: &Path,
    today: NaiveDate,
    done_by: &str,
) -> Result<(PathBuf, PathBuf)> {
    let held = subject_access(store, code, today)?;
    let xlsx = out.with_extension("xlsx");
    let json = out.with_extension("json");
    let text = serde_json::to_vec_pretty(&held).map_err(|e| Error::BadStoredValue {
        what: "subject-access export".into(),
        why: e.to_string(),
    })?;
    files::write_whole(&xlsx, "subject-access workbook", &workbook::write(&held)?)?;
    files::write_whole(&json, "subject-access file", &text)?;
    store.log_privacy_action("subject-access export", 1, done_by)?;
    Ok((xlsx, json))
}

mod workbook;
