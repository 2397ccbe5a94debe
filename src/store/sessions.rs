//! Sessions and their named attendance.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::shared::{must_be_free, programme_id, session_id, Codes, Columns};
use super::Store;
use crate::error::{Error, Result};
use crate::key::Key;
use crate::records::Session;

/// Which sessions to list.
#[derive(Debug, Clone, Default)]
pub struct SessionQuery {
    /// Only this programme's.
    pub programme: Option<String>,
    /// Only those on or after this day.
    pub from: Option<NaiveDate>,
    /// Only those on or before this day.
    pub to: Option<NaiveDate>,
}

impl SessionQuery {
    /// The query as typed: a programme's name and days as text, each
    /// optional (empty text means no limit).
    pub fn from_text(
        programme: Option<String>,
        from: Option<String>,
        to: Option<String>,
    ) -> Result<SessionQuery> {
        let day = |field: &str, text: Option<String>| {
            text.map(|t| crate::parse::optional_date(field, &t))
                .transpose()
                .map(Option::flatten)
        };
        Ok(SessionQuery {
            programme: programme.filter(|p| !p.trim().is_empty()),
            from: day("from", from)?,
            to: day("to", to)?,
        })
    }
}

impl Store {
    /// Adds a session with its register; returns it with its reference.
    pub fn add_session(&mut self, session: &Session) -> Result<Session> {
        Ok(self.add_sessions(std::slice::from_ref(session))?.remove(0))
    }

    /// Adds many sessions in one transaction: all land, or none do.
    pub fn add_sessions(&mut self, sessions: &[Session]) -> Result<Vec<Session>> {
        for s in sessions {
            s.validate()?;
        }
        self.write(|tx| {
            let mut codes = Codes::of("session", "reference", "S", 5);
            sessions
                .iter()
                .map(|s| insert_session(tx, s, &mut codes))
                .collect()
        })
    }

    /// Replaces the session with reference `reference`, register included.
    pub fn update_session(&mut self, reference: &str, session: &Session) -> Result<Session> {
        session.validate()?;
        self.write(|tx| {
            let id = session_id(tx, reference)?;
            let mut s = session.clone();
            s.reference = if s.reference.trim().is_empty() {
                reference.trim().to_string()
            } else {
                s.reference.trim().to_string()
            };
            must_be_free(
                tx,
                "session",
                "session",
                "reference",
                &s.reference,
                Some(id),
            )?;
            let programme = programme_id(tx, &s.programme)?;
            columns(&s, programme).update(tx, "session", id)?;
            s.attendees = write_register(tx, id, &s.attendees)?;
            write_team(tx, id, &mut s)?;
            Ok(s)
        })
    }

    /// Deletes the session with reference `reference` and its register.
    /// Feedback given at it stays tied to its programme.
    pub fn delete_session(&mut self, reference: &str) -> Result<()> {
        self.write(|tx| {
            let id = session_id(tx, reference)?;
            tx.execute(
                "UPDATE assessment SET session_id = NULL WHERE session_id = ?1",
                [id],
            )?;
            tx.execute("DELETE FROM session WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// The session with reference `reference`.
    pub fn session(&self, reference: &str) -> Result<Session> {
        let id = session_id(self.read(), reference)?;
        let mut s = self.read().query_row(
            &format!("{SELECT_SESSION} WHERE s.id = ?1"),
            [id],
            session_row,
        )?;
        s.attendees = register(self.read(), id)?;
        s.team = team_of(self.read(), id)?;
        Ok(s)
    }

    /// Sessions matching `query`, by date then start time.
    pub fn sessions(&self, query: &SessionQuery) -> Result<Vec<Session>> {
        let programme = query
            .programme
            .as_deref()
            .map(|name| programme_id(self.read(), name))
            .transpose()?;
        let mut registers = registers(self.read(), programme, query.from, query.to)?;
        let mut stmt = self.read().prepare(&format!(
            "{SELECT_SESSION} WHERE (?1 IS NULL OR s.programme_id = ?1) AND (?2 IS NULL OR s.date >= ?2)
             AND (?3 IS NULL OR s.date <= ?3) ORDER BY s.date, s.start_time, s.reference"
        ))?;
        let rows = stmt.query_map(params![programme, query.from, query.to], |r| {
            Ok((r.get::<_, Key>("id")?, session_row(r)?))
        })?;
        rows.map(|row| {
            let (id, mut s) = row?;
            s.attendees = registers.remove(&id).unwrap_or_default();
            s.team = team_of(self.read(), id)?;
            Ok(s)
        })
        .collect()
    }
}

/// What became of one (session, participant) pair given to
/// [`Store::register_attendance`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registered {
    /// Added to the session's register.
    Added,
    /// Already on the register.
    AlreadyThere,
    /// No session has that reference.
    NoSession,
    /// No participant has that code.
    NoParticipant,
}

impl Store {
    /// Puts participants on sessions' registers, in one transaction: pairs
    /// of (session reference, participant code). Unknown sessions or
    /// participants are reported, not written.
    ///
    /// The marks it adds are kept in the history as one `import` entry.
    pub fn register_attendance<S: AsRef<str>>(
        &mut self,
        pairs: &[(S, S)],
    ) -> Result<Vec<Registered>> {
        self.write(|tx| {
            tx.execute("INSERT OR IGNORE INTO history_pause (paused) VALUES (1)", [])?;
            // The new marks as the JSON array they are kept in the history
            // as, built as text (a million of them as JSON values took a
            // gigabyte), and written a few thousand at a time (SQLite reads
            // a JSON array whole).
            let mut added = String::from("[");
            let mut waiting = 0;
            let mut written_up_to = 1;
            let mut sessions: HashMap<String, Option<(Key, Key, String)>> = HashMap::new();
            let mut people: HashMap<String, Option<Key>> = HashMap::new();
            let mut find_session =
                tx.prepare_cached("SELECT id, programme_id, date FROM session WHERE reference = ?1")?;
            let mut find_person = tx.prepare_cached("SELECT id FROM participant WHERE code = ?1")?;
            let mut there = tx.prepare_cached(
                "SELECT 1 FROM attendance WHERE session_id = ?1 AND participant_id = ?2",
            )?;
            // Which marks are new is read first; they are then written in one
            // statement. A statement per mark inside an import's savepoints
            // made SQLite walk every savepoint's pages at each one: 100,000
            // marks took 16 s, not one.
            let mut new_marks = std::collections::HashSet::new();
            let mut outcomes = Vec::with_capacity(pairs.len());
            for (session, code) in pairs {
                let (session, code) = (session.as_ref(), code.as_ref());
                let key = session.trim().to_lowercase();
                if !sessions.contains_key(&key) {
                    let found = find_session
                        .query_row([session.trim()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                        .optional()?;
                    sessions.insert(key.clone(), found);
                }
                let code_key = code.trim().to_uppercase();
                if !people.contains_key(&code_key) {
                    let found = find_person.query_row([code.trim()], |r| r.get(0)).optional()?;
                    people.insert(code_key.clone(), found);
                }
                let outcome = match (&sessions[&key], people[&code_key]) {
                    (None, _) => Registered::NoSession,
                    (_, None) => Registered::NoParticipant,
                    (Some((session, programme, date)), Some(person)) => {
                        if !there.exists(params![session, person])?
                            && new_marks.insert((*session, person))
                        {
                            if added.len() > 1 {
                                added.push(',');
                            }
                            added.push_str(
                                &serde_json::json!([session, person, programme, date]).to_string(),
                            );
                            waiting += 1;
                            if waiting == MARKS_AT_ONCE {
                                write_marks(tx, &added[written_up_to..])?;
                                written_up_to = added.len() + 1;
                                waiting = 0;
                            }
                            Registered::Added
                        } else {
                            Registered::AlreadyThere
                        }
                    }
                };
                outcomes.push(outcome);
            }
            // The last new marks written, then all kept in the history as
            // one entry.
            if waiting > 0 {
                write_marks(tx, &added[written_up_to..])?;
            }
            added.push(']');
            let marks = (!new_marks.is_empty()).then_some(added);
            tx.execute("DELETE FROM history_pause", [])?;
            if let Some(marks) = &marks {
                tx.execute(
                    "INSERT INTO change_history (table_name, action, after) VALUES ('attendance', 'import', ?1)",
                    [marks],
                )?;
            }
            Ok(outcomes)
        })
    }
}

/// How many new register marks are written in one statement.
const MARKS_AT_ONCE: usize = 10_000;

/// Writes register marks given as JSON arrays (session, participant,
/// programme, day) separated by commas.
fn write_marks(conn: &Connection, marks: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO attendance (session_id, participant_id, programme_id, date)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each('[' || ?1 || ']')",
    )?
    .execute([marks])?;
    Ok(())
}

const SELECT_SESSION: &str =
    "SELECT s.id, s.reference, p.name AS programme, s.date, s.start_time, s.duration_minutes,
    s.location, s.headcount, s.staff, s.volunteers, s.volunteer_hours, s.notes
    FROM session s JOIN programme p ON p.id = s.programme_id";

/// A session's columns, as the session table holds them.
fn columns(s: &Session, programme: Key) -> Columns<'_> {
    Columns::new()
        .and("reference", &s.reference)
        .and("programme_id", programme)
        .and("date", s.date)
        .and(
            "start_time",
            s.start_time.map(|t| t.format("%H:%M").to_string()),
        )
        .and("duration_minutes", s.duration_minutes)
        .and("location", s.location.trim())
        .and("headcount", s.headcount)
        .and("staff", s.staff)
        .and("volunteers", s.volunteers)
        .and("volunteer_hours", s.volunteer_hours)
        .and("notes", &s.notes)
}

/// Inserts a session, giving it the next of `codes` when it has no reference.
fn insert_session(conn: &Connection, session: &Session, codes: &mut Codes) -> Result<Session> {
    let mut s = session.clone();
    s.reference = s.reference.trim().to_string();
    if s.reference.is_empty() {
        s.reference = codes.give(conn)?;
    } else {
        must_be_free(conn, "session", "session", "reference", &s.reference, None)?;
    }
    let programme = programme_id(conn, &s.programme)?;
    let id = Key::new();
    columns(&s, programme).insert(conn, "session", id)?;
    s.attendees = write_register(conn, id, &s.attendees)?;
    write_team(conn, id, &mut s)?;
    Ok(s)
}

/// Replaces who ran a session; every name must be on the team. With
/// anyone named, the session's staff and volunteers are counted from them
/// and its volunteer hours are the volunteers' time at it.
fn write_team(conn: &Connection, session: Key, s: &mut Session) -> Result<()> {
    conn.execute("DELETE FROM session_team WHERE session_id = ?1", [session])?;
    if s.team.is_empty() {
        return Ok(());
    }
    let mut find = conn
        .prepare_cached("SELECT id, name, paid FROM team_member WHERE name = ?1 COLLATE NOCASE")?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO session_team (session_id, team_member_id) VALUES (?1, ?2)",
    )?;
    let (mut staff, mut volunteers, mut names) = (0u32, 0u32, Vec::new());
    for name in &s.team {
        let (id, name, paid): (Key, String, bool) = find
            .query_row([name.trim()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .ok_or_else(|| {
                Error::invalid(
                    "team",
                    format!(
                        "{:?} is not on the team; add them to the team first, or check the name",
                        name.trim()
                    ),
                )
            })?;
        if insert.execute(params![session, id])? == 0 {
            continue;
        }
        match paid {
            true => staff += 1,
            false => volunteers += 1,
        }
        names.push(name);
    }
    names.sort_by_key(|n| n.to_lowercase());
    s.team = names;
    s.staff = staff;
    s.volunteers = volunteers;
    s.volunteer_hours = f64::from(volunteers) * f64::from(s.duration_minutes) / 60.0;
    conn.execute(
        "UPDATE session SET staff = ?1, volunteers = ?2, volunteer_hours = ?3 WHERE id = ?4",
        params![s.staff, s.volunteers, s.volunteer_hours, session],
    )?;
    Ok(())
}

/// Who ran a session, by name.
fn team_of(conn: &Connection, session: Key) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.name FROM session_team st JOIN team_member t ON t.id = st.team_member_id
         WHERE st.session_id = ?1 ORDER BY t.name COLLATE NOCASE",
    )?;
    let names = stmt
        .query_map([session], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// Replaces a session's register; every attendee must be a participant.
/// Returns the codes as stored.
fn write_register(conn: &Connection, session: Key, attendees: &[String]) -> Result<Vec<String>> {
    let (programme, date): (Key, String) = conn.query_row(
        "SELECT programme_id, date FROM session WHERE id = ?1",
        [session],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    conn.execute("DELETE FROM attendance WHERE session_id = ?1", [session])?;
    let mut find =
        conn.prepare_cached("SELECT id, code FROM participant WHERE code = ?1 COLLATE NOCASE")?;
    let mut insert =
        conn.prepare_cached("INSERT INTO attendance (session_id, participant_id, programme_id, date) VALUES (?1, ?2, ?3, ?4)")?;
    let mut codes = Vec::with_capacity(attendees.len());
    for code in attendees {
        let (id, code): (Key, String) = find
            .query_row([code.trim()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| {
                Error::invalid(
                    "attendees",
                    format!("{:?} is not a participant's code; add the participant first or check the code", code.trim()),
                )
            })?;
        insert.execute(params![session, id, programme, date])?;
        codes.push(code);
    }
    codes.sort();
    Ok(codes)
}

/// One session's register: participant codes, in order.
fn register(conn: &Connection, session: Key) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.code FROM attendance a JOIN participant p ON p.id = a.participant_id
         WHERE a.session_id = ?1 ORDER BY p.code",
    )?;
    let codes = stmt
        .query_map([session], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(codes)
}

/// Participant codes by session id, for the sessions a query lists.
fn registers(
    conn: &Connection,
    programme: Option<Key>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<HashMap<Key, Vec<String>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.session_id, p.code FROM session s JOIN attendance a ON a.session_id = s.id
         JOIN participant p ON p.id = a.participant_id
         WHERE (?1 IS NULL OR s.programme_id = ?1) AND (?2 IS NULL OR s.date >= ?2) AND (?3 IS NULL OR s.date <= ?3)
         ORDER BY a.session_id, p.code",
    )?;
    let mut map: HashMap<Key, Vec<String>> = HashMap::new();
    let rows = stmt.query_map(params![programme, from, to], |r| {
        Ok((r.get::<_, Key>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (id, code) = row?;
        map.entry(id).or_default().push(code);
    }
    Ok(map)
}

fn session_row(r: &Row) -> rusqlite::Result<Session> {
    let start: Option<String> = r.get("start_time")?;
    Ok(Session {
        reference: r.get("reference")?,
        programme: r.get("programme")?,
        date: r.get("date")?,
        start_time: start.and_then(|t| NaiveTime::parse_from_str(&t, "%H:%M").ok()),
        duration_minutes: r.get("duration_minutes")?,
        location: r.get("location")?,
        attendees: Vec::new(),
        headcount: r.get("headcount")?,
        staff: r.get("staff")?,
        volunteers: r.get("volunteers")?,
        volunteer_hours: r.get("volunteer_hours")?,
        notes: r.get("notes")?,
        team: Vec::new(),
    })
}
