//! The register screen's sheet: a programme's session on a day (if it has
//! been taken) and the people to tick, those who usually come first.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::error::Result;
use crate::records::{ConsentNeeds, Session};
use crate::store::{SessionQuery, Store};

/// How far back "usually comes" looks.
pub const USUAL_WEEKS: u64 = 8;

/// One person on the register.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterLine {
    /// Their code.
    pub code: String,
    /// The name they are known by.
    pub known_as: String,
    /// Their age on the day, if their date of birth is known.
    pub age: Option<u32>,
    /// Sessions of this programme they came to in the last [`USUAL_WEEKS`] weeks.
    pub recent_sessions: usize,
    /// Whether they are ticked on this day's register.
    pub ticked: bool,
    /// What their consent needs on the day, in words ("no consent
    /// recorded", "consent due for review"), if anything.
    pub consent: Option<&'static str>,
}

/// The register of a programme on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterSheet {
    /// The programme.
    pub programme: String,
    /// The day.
    pub date: NaiveDate,
    /// The session already recorded that day, to open and correct.
    pub session: Option<Session>,
    /// The programme's latest session before the day, whose start time,
    /// length and place a new register takes by default.
    pub previous: Option<Session>,
    /// Everyone who can be ticked: those who usually come first (most
    /// sessions first), then everyone else by name.
    pub lines: Vec<RegisterLine>,
}

/// The register of `programme` on the day written `date` (today when empty).
pub fn sheet(
    store: &Store,
    programme: &str,
    date: &str,
    today: NaiveDate,
) -> Result<RegisterSheet> {
    let date = crate::parse::optional_date("date", date)?.unwrap_or(today);
    if date > today {
        return Err(crate::error::Error::invalid(
            "date",
            format!(
                "{} is after today ({}); a register is taken on the day or after it, so choose today or an earlier day",
                crate::parse::shown(date),
                crate::parse::shown(today)
            ),
        ));
    }
    let programme = store.programme(programme)?.name;
    let from = date
        .checked_sub_days(Days::new(USUAL_WEEKS * 7))
        .unwrap_or(date);
    let recent = store.sessions(&SessionQuery {
        programme: Some(programme.clone()),
        from: Some(from),
        to: Some(date),
    })?;
    let session = recent.iter().find(|s| s.date == date).cloned();
    let previous = recent.iter().rev().find(|s| s.date < date).cloned();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in recent.iter().filter(|s| s.date < date) {
        for code in &s.attendees {
            *counts.entry(code.as_str()).or_default() += 1;
        }
    }
    let ticked: Vec<&str> = session
        .as_ref()
        .map(|s| s.attendees.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let mut lines: Vec<RegisterLine> = store
        .participants(false)?
        .into_iter()
        .filter(|p| {
            p.left_date.is_none_or(|left| left >= date) || ticked.contains(&p.code.as_str())
        })
        .map(|p| RegisterLine {
            recent_sessions: counts.get(p.code.as_str()).copied().unwrap_or(0),
            ticked: ticked.contains(&p.code.as_str()),
            age: p.date_of_birth.and_then(|dob| date.years_since(dob)),
            consent: p.consent.needs(date).map(ConsentNeeds::words),
            code: p.code,
            known_as: p.known_as,
        })
        .collect();
    lines.sort_by(|a, b| {
        b.recent_sessions
            .cmp(&a.recent_sessions)
            .then_with(|| a.known_as.to_lowercase().cmp(&b.known_as.to_lowercase()))
            .then_with(|| a.code.cmp(&b.code))
    });
    Ok(RegisterSheet {
        programme,
        date,
        session,
        previous,
        lines,
    })
}
