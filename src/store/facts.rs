//! The facts the measures engine reads for one agreement: its sessions and
//! attendance in a date range, who came when, and the scores, log entries
//! and stories behind its outcomes. Loaded in a few queries, then computed
//! on in memory.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::shared::agreement_id;
use super::Store;
use crate::error::Result;
use crate::key::Key;

/// Reads a stored `YYYY-MM-DD` date quickly: the engine reads tens of
/// thousands of them per return.
fn day(row: &rusqlite::Row, index: usize) -> rusqlite::Result<NaiveDate> {
    let text = row.get_ref(index)?.as_str()?;
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes.get(range)?.iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let parsed = (bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-')
        .then(|| NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?))
        .flatten();
    parsed.ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("{text:?} is not a YYYY-MM-DD date").into(),
        )
    })
}

/// A session of one of the agreement's programmes.
#[derive(Debug, Clone)]
pub struct SessionFact {
    /// Its key.
    pub id: Key,
    /// The session's reference.
    pub reference: String,
    /// The programme's key.
    pub programme: Key,
    /// The day it ran.
    pub date: NaiveDate,
    /// Length in minutes.
    pub minutes: u32,
    /// Unnamed attendees.
    pub headcount: u32,
    /// Volunteers present.
    pub volunteers: u32,
    /// Volunteer hours given.
    pub volunteer_hours: f64,
}

/// What a filter or a breakdown needs to know about a participant.
#[derive(Debug, Clone, Default)]
pub struct ParticipantFact {
    /// Their code.
    pub code: String,
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// Gender.
    pub gender: String,
    /// Ethnicity.
    pub ethnicity: String,
    /// Area.
    pub area: String,
    /// Disabled: yes, no, not known.
    pub disability: Option<bool>,
    /// SEN: yes, no, not known.
    pub sen: Option<bool>,
    /// Priority groups.
    pub groups: Vec<String>,
    /// When consent was recorded.
    pub consent_date: Option<NaiveDate>,
    /// When consent is due for review.
    pub consent_review_date: Option<NaiveDate>,
}

/// A score on an indicator.
#[derive(Debug, Clone)]
pub struct AssessmentFact {
    /// Its number: the order entered.
    pub id: i64,
    /// The participant's key; `None` when anonymous.
    pub participant: Option<Key>,
    /// When it was taken.
    pub date: NaiveDate,
    /// The score.
    pub score: f64,
    /// The programme it was given at (its session's), if tied to one.
    pub programme: Option<Key>,
}

/// An outcome log entry, without its text.
#[derive(Debug, Clone)]
pub struct LogFact {
    /// Its number.
    pub id: i64,
    /// The participant's key.
    pub participant: Key,
    /// When the change was seen.
    pub date: NaiveDate,
    /// Where the evidence came from.
    pub source: String,
}

/// A story, as far as counting goes.
#[derive(Debug, Clone)]
pub struct StoryFact {
    /// Its number.
    pub id: i64,
    /// Its date.
    pub date: NaiveDate,
    /// The programme's key.
    pub programme: Option<Key>,
    /// Whether the story has its consent to be told.
    pub consent: bool,
    /// Whether the person it is about, if anyone, says yes to stories on
    /// their own record (true for a story about no one person).
    pub person_agrees: bool,
    /// The person it is about, if anyone (the participant's key).
    pub participant: Option<Key>,
}

impl StoryFact {
    /// Whether the story may go out (DESIGN "What goes out is what was
    /// consented to"): the story has its consent, and the person it names,
    /// if any, says yes to stories on their own record.
    pub fn may_be_told(&self) -> bool {
        self.consent && self.person_agrees
    }

    /// A story told with consent but about someone whose record does not
    /// (or no longer) says yes to stories: left out, and a check names it.
    pub fn held_back(&self) -> bool {
        self.consent && !self.person_agrees
    }
}

/// Everything the engine reads for one agreement up to a day.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The agreement's programmes: key and name.
    pub programmes: Vec<(Key, String)>,
    /// Its programmes' sessions in the loaded range, by date.
    pub sessions: Vec<SessionFact>,
    /// Named attendance in those sessions: index into `sessions`, participant
    /// key; in order of session.
    pub attendance: Vec<(usize, Key)>,
    /// Those who came to its programmes before the loaded range.
    pub came_before: HashSet<Key>,
    /// Those who came in the loaded range: their first day in it.
    pub first_in_range: HashMap<Key, NaiveDate>,
    /// The facts of everyone in `came_before` or `first_in_range`, by key.
    pub participants: HashMap<Key, ParticipantFact>,
    /// Scores up to the last day on each indicator asked for, by date then order entered.
    pub assessments: HashMap<Key, Vec<AssessmentFact>>,
    /// Each participant's first-ever score on each indicator asked for:
    /// indicator, then participant, to the assessment's number and score.
    pub first_scores: HashMap<Key, HashMap<Key, (i64, f64)>>,
    /// Log entries up to the last day for each outcome asked for, by date.
    pub log_entries: HashMap<Key, Vec<LogFact>>,
    /// Stories up to the last day.
    pub stories: Vec<StoryFact>,
}

impl Facts {
    /// The scores on `indicator` dated from `start` to `end`: a slice, since
    /// they are by date.
    pub fn scores_between(
        &self,
        indicator: Key,
        start: NaiveDate,
        end: NaiveDate,
    ) -> &[AssessmentFact] {
        let scores = self
            .assessments
            .get(&indicator)
            .map_or(&[][..], Vec::as_slice);
        let from = scores.partition_point(|a| a.date < start);
        let to = scores.partition_point(|a| a.date <= end);
        &scores[from..to]
    }

    /// The indices of the sessions dated from `start` to `end`.
    pub fn sessions_between(&self, start: NaiveDate, end: NaiveDate) -> std::ops::Range<usize> {
        self.sessions.partition_point(|s| s.date < start)
            ..self.sessions.partition_point(|s| s.date <= end)
    }

    /// The named attendance at sessions dated from `start` to `end`: a slice,
    /// since the sessions are by date and the marks by session.
    pub fn attendance_between(&self, start: NaiveDate, end: NaiveDate) -> &[(usize, Key)] {
        let std::ops::Range {
            start: first,
            end: after,
        } = self.sessions_between(start, end);
        let from = self.attendance.partition_point(|(i, _)| *i < first);
        let to = self.attendance.partition_point(|(i, _)| *i < after);
        &self.attendance[from..to]
    }
}

impl Store {
    /// The facts for `agreement` with sessions from `from` to `until`, and the
    /// history up to `until` for the given indicators and outcomes (keys).
    pub(crate) fn facts(
        &self,
        agreement: &str,
        from: NaiveDate,
        until: NaiveDate,
        indicators: &[Key],
        outcomes: &[Key],
    ) -> Result<Facts> {
        let conn = self.read();
        let agreement = agreement_id(conn, agreement)?;
        let mut facts = Facts::default();
        let programmes = read_programmes(conn, agreement, &mut facts)?;
        read_sessions(conn, &programmes, from, until, &mut facts)?;
        read_assessments(conn, indicators, until, &mut facts)?;
        read_log_entries(conn, outcomes, until, &mut facts)?;
        read_stories(conn, until, &mut facts)?;
        read_came_before(conn, &programmes, from, until, &mut facts)?;
        read_participants(conn, &mut facts)?;
        Ok(facts)
    }

    /// The first day each of the given participants (keys) came to the
    /// agreement's programmes, for those who have.
    pub(crate) fn first_attended(
        &self,
        agreement: &str,
        participants: &[Key],
    ) -> Result<HashMap<Key, NaiveDate>> {
        let conn = self.read();
        let agreement = agreement_id(conn, agreement)?;
        let ids = serde_json::to_string(participants).unwrap_or_else(|_| "[]".to_string());
        let mut stmt = conn.prepare_cached(
            "SELECT c.value, (SELECT MIN(a.date) FROM attendance a WHERE a.participant_id = c.value
                AND a.programme_id IN (SELECT programme_id FROM agreement_programme WHERE agreement_id = ?1)) AS first
             FROM json_each(?2) c WHERE first IS NOT NULL",
        )?;
        let rows = stmt.query_map(params![agreement, ids], |r| Ok((r.get(0)?, day(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The keys of the named indicators and outcomes, in the order given;
    /// a name that is not there gives `None`.
    pub(crate) fn indicator_and_outcome_ids(
        &self,
        names: &[(bool, String)],
    ) -> Result<Vec<Option<Key>>> {
        let conn = self.read();
        names
            .iter()
            .map(|(is_outcome, name)| {
                let table = if *is_outcome { "outcome" } else { "indicator" };
                Ok(conn
                    .query_row(
                        &format!("SELECT id FROM {table} WHERE name = ?1"),
                        [name],
                        |r| r.get(0),
                    )
                    .ok())
            })
            .collect()
    }
}

/// The agreement's programmes, into the facts; returned as the list of
/// their keys an SQL `IN (…)` takes (keys from the database itself, in a
/// base-64 alphabet, so safe to write into the SQL).
fn read_programmes(conn: &Connection, agreement: Key, facts: &mut Facts) -> Result<String> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name FROM agreement_programme ap JOIN programme p ON p.id = ap.programme_id
         WHERE ap.agreement_id = ?1 ORDER BY p.name",
    )?;
    facts.programmes = stmt
        .query_map([agreement], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match facts.programmes.is_empty() {
        true => "NULL".to_string(),
        false => facts
            .programmes
            .iter()
            .map(|(id, _)| format!("'{id}'"))
            .collect::<Vec<_>>()
            .join(","),
    })
}

/// The programmes' sessions from `from` to `until`, and their marks, by
/// session.
fn read_sessions(
    conn: &Connection,
    programmes: &str,
    from: NaiveDate,
    until: NaiveDate,
    facts: &mut Facts,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, reference, programme_id, date, duration_minutes, headcount, volunteer_hours, volunteers FROM session
         WHERE programme_id IN ({programmes}) AND date BETWEEN ?1 AND ?2 ORDER BY date, id"
    ))?;
    facts.sessions = stmt
        .query_map(params![from, until], |r| {
            Ok(SessionFact {
                id: r.get(0)?,
                reference: r.get(1)?,
                programme: r.get(2)?,
                date: day(r, 3)?,
                minutes: r.get(4)?,
                headcount: r.get(5)?,
                volunteer_hours: r.get(6)?,
                volunteers: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<Key, usize> = facts
        .sessions
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.session_id, a.participant_id FROM session s JOIN attendance a ON a.session_id = s.id
         WHERE s.programme_id IN ({programmes}) AND s.date BETWEEN ?1 AND ?2"
    ))?;
    let rows = stmt.query_map(params![from, until], |r| {
        Ok((r.get::<_, Key>(0)?, r.get::<_, Key>(1)?))
    })?;
    for row in rows {
        let (session, participant) = row?;
        if let Some(&i) = index.get(&session) {
            facts.attendance.push((i, participant));
            let date = facts.sessions[i].date;
            facts
                .first_in_range
                .entry(participant)
                .and_modify(|d| *d = (*d).min(date))
                .or_insert(date);
        }
    }
    // By session, so that the sessions of a range (by date) find their
    // marks as one slice (`Facts::attendance_between`).
    facts.attendance.sort_unstable();
    Ok(())
}

/// Every score to date on the given scales, in one pass over the table:
/// reading them by the indicator's index costs a lookup of the row for
/// each (five times slower), and the indicators wanted are most of them.
fn read_assessments(
    conn: &Connection,
    indicators: &[Key],
    until: NaiveDate,
    facts: &mut Facts,
) -> Result<()> {
    for &indicator in indicators {
        facts.assessments.insert(indicator, Vec::new());
    }
    if indicators.is_empty() {
        return Ok(());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT a.indicator_id, a.number, a.participant_id, a.date, a.score,
                COALESCE(s.programme_id, a.programme_id)
         FROM assessment a LEFT JOIN session s ON s.id = a.session_id WHERE a.date <= ?1",
    )?;
    let ours: HashSet<Key> = facts.programmes.iter().map(|(id, _)| *id).collect();
    let mut rows = stmt.query(params![until])?;
    while let Some(r) = rows.next()? {
        let participant: Option<Key> = r.get(2)?;
        let programme: Option<Key> = r.get(5)?;
        // Anonymous feedback counts only for the agreements paying
        // for its programme; untied, it counts nowhere.
        if participant.is_none() && !programme.is_some_and(|p| ours.contains(&p)) {
            continue;
        }
        if let Some(scores) = facts.assessments.get_mut(&r.get::<_, Key>(0)?) {
            scores.push(AssessmentFact {
                id: r.get(1)?,
                participant,
                date: day(r, 3)?,
                score: r.get(4)?,
                programme,
            });
        }
    }
    for (indicator, scores) in &mut facts.assessments {
        scores.sort_unstable_by_key(|a| (a.date, a.id));
        let firsts = facts.first_scores.entry(*indicator).or_default();
        for a in scores.iter() {
            if let Some(p) = a.participant {
                firsts.entry(p).or_insert((a.id, a.score));
            }
        }
    }
    Ok(())
}

/// Every entry to date of the given outcomes.
fn read_log_entries(
    conn: &Connection,
    outcomes: &[Key],
    until: NaiveDate,
    facts: &mut Facts,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT number, participant_id, date, source FROM outcome_log WHERE outcome_id = ?1 AND date <= ?2 ORDER BY date, number",
    )?;
    for &outcome in outcomes {
        let entries = stmt
            .query_map(params![outcome, until], |r| {
                Ok(LogFact {
                    id: r.get(0)?,
                    participant: r.get(1)?,
                    date: day(r, 2)?,
                    source: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        facts.log_entries.insert(outcome, entries);
    }
    Ok(())
}

/// Every story to date, with whether its person agrees to stories.
fn read_stories(conn: &Connection, until: NaiveDate, facts: &mut Facts) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.number, s.date, s.programme_id, s.consent,
                s.participant_id IS NULL OR COALESCE(p.consent_stories, 0), s.participant_id
         FROM story s LEFT JOIN participant p ON p.id = s.participant_id
         WHERE s.date <= ?1 ORDER BY s.date, s.number",
    )?;
    facts.stories = stmt
        .query_map([until], |r| {
            Ok(StoryFact {
                id: r.get(0)?,
                date: day(r, 1)?,
                programme: r.get(2)?,
                consent: r.get(3)?,
                person_agrees: r.get(4)?,
                participant: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(())
}

/// Who came to the programmes before the loaded range, asked only of
/// those it matters for: everyone who came in it, and everyone with a
/// score or a log entry in it. One statement; each answer is one seek in
/// attendance_by_participant.
fn read_came_before(
    conn: &Connection,
    programmes: &str,
    from: NaiveDate,
    until: NaiveDate,
    facts: &mut Facts,
) -> Result<()> {
    let mut candidates: HashSet<Key> = facts.first_in_range.keys().copied().collect();
    let in_range = |date: &NaiveDate| (from..=until).contains(date);
    candidates.extend(
        facts
            .assessments
            .values()
            .flatten()
            .filter(|a| in_range(&a.date))
            .filter_map(|a| a.participant),
    );
    candidates.extend(
        facts
            .log_entries
            .values()
            .flatten()
            .filter(|e| in_range(&e.date))
            .map(|e| e.participant),
    );
    let ids = serde_json::to_string(&candidates).unwrap_or_else(|_| "[]".to_string());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.value FROM json_each(?1) c WHERE EXISTS (SELECT 1 FROM attendance a
         WHERE a.participant_id = c.value AND a.programme_id IN ({programmes}) AND a.date < ?2)"
    ))?;
    facts.came_before = stmt
        .query_map(params![ids, from], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(())
}

/// Everyone who came, before the range or in it: what the calculations
/// read of them, with their priority groups.
fn read_participants(conn: &Connection, facts: &mut Facts) -> Result<()> {
    let mut people: Vec<Key> = facts.came_before.iter().copied().collect();
    people.extend(
        facts
            .first_in_range
            .keys()
            .filter(|id| !facts.came_before.contains(id)),
    );
    let people = serde_json::to_string(&people).unwrap_or_else(|_| "[]".to_string());
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, date_of_birth, gender, ethnicity, area, disability, sen, consent_date, consent_review_date FROM participant
         WHERE id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt.query_map([&people], |r| {
        Ok((
            r.get::<_, Key>(0)?,
            ParticipantFact {
                code: r.get(1)?,
                date_of_birth: r.get(2)?,
                gender: r.get(3)?,
                ethnicity: r.get(4)?,
                area: r.get(5)?,
                disability: r.get(6)?,
                sen: r.get(7)?,
                groups: Vec::new(),
                consent_date: r.get(8)?,
                consent_review_date: r.get(9)?,
            },
        ))
    })?;
    for row in rows {
        let (id, p) = row?;
        facts.participants.insert(id, p);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT participant_id, group_name FROM participant_group WHERE participant_id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt.query_map([&people], |r| {
        Ok((r.get::<_, Key>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (id, group) = row?;
        if let Some(p) = facts.participants.get_mut(&id) {
            p.groups.push(group);
        }
    }
    Ok(())
}
