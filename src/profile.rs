//! A participant's page: their record, age, and everything recorded about
//! them — attendance, assessments (with each indicator's journey), outcome
//! log entries and stories.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::records::{Assessment, Indicator, OutcomeLogEntry, Participant, Story};
use crate::store::{SessionQuery, Store};

/// One session a participant came to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attended {
    /// The session's reference.
    pub session: String,
    /// The day.
    pub date: NaiveDate,
    /// The programme.
    pub programme: String,
}

/// A participant's scores on one indicator, oldest first, with its scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Journey {
    /// The indicator, with its range and direction.
    pub indicator: Indicator,
    /// The scores, by date then order entered.
    pub scores: Vec<Assessment>,
}

/// Everything held about one participant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// The record.
    pub participant: Participant,
    /// Their age today, if their date of birth is known.
    pub age: Option<u32>,
    /// The sessions they came to, newest first.
    pub attendance: Vec<Attended>,
    /// Their scores, per indicator.
    pub journeys: Vec<Journey>,
    /// Outcome-log entries about them, newest first.
    pub log: Vec<OutcomeLogEntry>,
    /// Stories about them, newest first.
    pub stories: Vec<Story>,
    /// When they were anonymised, if they were.
    pub anonymised_on: Option<NaiveDate>,
}

/// The page of the participant with `code`, on `today`.
pub fn of(store: &Store, code: &str, today: NaiveDate) -> Result<Profile> {
    let participant = store.participant(code)?;
    let code = participant.code.clone();
    let mut attendance: Vec<Attended> = store
        .sessions(&SessionQuery::default())?
        .into_iter()
        .filter(|s| s.attendees.contains(&code))
        .map(|s| Attended {
            session: s.reference,
            date: s.date,
            programme: s.programme,
        })
        .collect();
    attendance.reverse();
    let mut journeys: Vec<Journey> = Vec::new();
    for a in store.assessments(None)? {
        if a.participant.as_deref() != Some(code.as_str()) {
            continue;
        }
        match journeys
            .iter_mut()
            .find(|j| j.indicator.name == a.indicator)
        {
            Some(j) => j.scores.push(a),
            None => journeys.push(Journey {
                indicator: store.indicator(&a.indicator)?,
                scores: vec![a],
            }),
        }
    }
    for j in &mut journeys {
        j.scores.sort_by_key(|a| (a.date, a.id));
    }
    let mut log: Vec<OutcomeLogEntry> = store
        .log_entries()?
        .into_iter()
        .filter(|e| e.participant == code)
        .collect();
    log.sort_by_key(|e| std::cmp::Reverse((e.date, e.id)));
    let mut stories: Vec<Story> = store
        .stories()?
        .into_iter()
        .filter(|s| s.participant.as_deref() == Some(code.as_str()))
        .collect();
    stories.sort_by_key(|s| std::cmp::Reverse((s.date, s.id)));
    Ok(Profile {
        anonymised_on: store.anonymised_on(&participant.code)?,
        age: participant
            .date_of_birth
            .and_then(|dob| today.years_since(dob)),
        participant,
        attendance,
        journeys,
        log,
        stories,
    })
}
