//! The session's form, with its register.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{count, date, number, optional, required, text, Field};
use crate::error::{Error, Result};
use crate::parse;
use crate::records::Session;
use crate::store::Store;

/// A session and its register as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionForm {
    /// Its reference (generated as S00001… when left out).
    pub reference: Field,
    /// The programme's name (required).
    pub programme: Field,
    /// The day it ran (required).
    pub date: Field,
    /// When it started, HH:MM.
    pub start_time: Field,
    /// How long it ran, in minutes (required).
    pub duration_minutes: Field,
    /// Where it ran.
    pub location: Field,
    /// Codes of those who came, `;` or `,`-separated; replaces the register.
    pub attendees: Field,
    /// People who came but were not named.
    pub headcount: Field,
    /// Paid staff present.
    pub staff: Field,
    /// Volunteers present.
    pub volunteers: Field,
    /// Hours the volunteers gave.
    pub volunteer_hours: Field,
    /// Notes.
    pub notes: Field,
    /// Who of the team ran it, by name, separated by `;` (their staff and
    /// volunteer counts and volunteer hours are then worked out).
    pub team: Field,
}

impl SessionForm {
    /// Adds the session with its register; a day after `today` is refused.
    pub fn add_to(self, store: &mut Store, today: NaiveDate) -> Result<Session> {
        for (field, value) in [
            ("programme", &self.programme),
            ("date", &self.date),
            ("duration_minutes", &self.duration_minutes),
        ] {
            required(field, value)?;
        }
        let mut s = Session::default();
        self.apply(&mut s)?;
        has_run(&s, today)?;
        store.add_session(&s)
    }

    /// Saves a register: changes the session with `reference` when there is
    /// one, or adds a new session.
    pub fn save_to(
        self,
        store: &mut Store,
        reference: Option<&str>,
        today: NaiveDate,
    ) -> Result<Session> {
        match reference.map(str::trim).filter(|r| !r.is_empty()) {
            Some(reference) => self.edit(store, reference, today),
            None => self.add_to(store, today),
        }
    }

    /// Changes the session with `reference`; a day after `today` is refused.
    pub fn edit(self, store: &mut Store, reference: &str, today: NaiveDate) -> Result<Session> {
        let mut s = store.session(reference)?;
        self.apply(&mut s)?;
        has_run(&s, today)?;
        store.update_session(reference, &s)
    }

    fn apply(self, s: &mut Session) -> Result<()> {
        text(&mut s.reference, self.reference);
        text(&mut s.programme, self.programme);
        date("date", &mut s.date, self.date)?;
        if let Some(t) = self.start_time {
            s.start_time = optional(&t, |t| parse::time("start_time", t))?;
        }
        count(
            "duration_minutes",
            &mut s.duration_minutes,
            self.duration_minutes,
        )?;
        text(&mut s.location, self.location);
        if let Some(a) = self.attendees {
            s.attendees = parse::list(&a.replace(',', ";"));
        }
        if let Some(t) = self.team {
            s.team = parse::list(&t);
        }
        count("headcount", &mut s.headcount, self.headcount)?;
        count("staff", &mut s.staff, self.staff)?;
        count("volunteers", &mut s.volunteers, self.volunteers)?;
        number(
            "volunteer_hours",
            &mut s.volunteer_hours,
            self.volunteer_hours,
        )?;
        text(&mut s.notes, self.notes);
        Ok(())
    }
}

/// A register records a session that has run: a day after `today` is refused.
fn has_run(session: &Session, today: NaiveDate) -> Result<()> {
    if session.date > today {
        return Err(Error::invalid(
            "date",
            format!(
                "{} is after today ({}); a register records a session that has run, so choose today or an earlier day",
                parse::shown(session.date),
                parse::shown(today)
            ),
        ));
    }
    Ok(())
}
