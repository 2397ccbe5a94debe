//! Indicators and their assessments, outcomes and the outcome log, and stories.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::lists::{normalise, List};
use super::shared::{
    agreement_id, indicator_id, must_be_free, next_row_number, numbered_key, outcome_id,
    participant_id, programme_id, session_id, stored_word, Columns, OUTCOME_HINT,
};
use super::Store;
use crate::error::{Error, Result};
use crate::key::Key;
use crate::records::{Assessment, Indicator, MeasureRef, Outcome, OutcomeLogEntry, Stage, Story};

/// Which outcome-log entries to list; each part is optional.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogQuery {
    /// Only entries for this outcome.
    pub outcome: Option<String>,
    /// Only entries for this programme.
    pub programme: Option<String>,
    /// Only entries on or after this day (`YYYY-MM-DD` or `DD/MM/YYYY`).
    pub from: Option<String>,
    /// Only entries on or before this day.
    pub to: Option<String>,
}

impl Store {
    /// The outcome-log entries `query` asks for, newest first.
    pub fn log_entries_matching(&self, query: &LogQuery) -> Result<Vec<OutcomeLogEntry>> {
        let day = |field: &str, text: &Option<String>| {
            text.as_deref()
                .map(|t| crate::parse::optional_date(field, t))
                .transpose()
                .map(Option::flatten)
        };
        let (from, to) = (day("from", &query.from)?, day("to", &query.to)?);
        let same =
            |wanted: &Option<String>, value: Option<&str>| match wanted.as_deref().map(str::trim) {
                None | Some("") => true,
                Some(w) => value.is_some_and(|v| v.eq_ignore_ascii_case(w)),
            };
        let mut entries: Vec<OutcomeLogEntry> = self
            .log_entries()?
            .into_iter()
            .filter(|e| same(&query.outcome, Some(&e.outcome)))
            .filter(|e| same(&query.programme, e.programme.as_deref()))
            .filter(|e| from.is_none_or(|f| e.date >= f) && to.is_none_or(|t| e.date <= t))
            .collect();
        entries.sort_by_key(|e| std::cmp::Reverse((e.date, e.id)));
        Ok(entries)
    }

    /// Adds an indicator.
    pub fn add_indicator(&mut self, indicator: &Indicator) -> Result<()> {
        indicator.validate()?;
        self.write(|tx| {
            must_be_free(tx, "indicator", "indicator", "name", &indicator.name, None)?;
            indicator_columns(indicator).insert(tx, "indicator", Key::new())
        })
    }

    /// Replaces the indicator called `name`. Refused if the new scale would
    /// leave a recorded score outside it.
    pub fn update_indicator(&mut self, name: &str, indicator: &Indicator) -> Result<()> {
        indicator.validate()?;
        self.write(|tx| {
            let id = indicator_id(tx, name)?;
            must_be_free(tx, "indicator", "indicator", "name", &indicator.name, Some(id))?;
            let outside: Option<f64> = tx
                .query_row(
                    "SELECT score FROM assessment WHERE indicator_id = ?1 AND (score < ?2 OR score > ?3) LIMIT 1",
                    params![id, indicator.min, indicator.max],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(score) = outside {
                return Err(Error::invalid(
                    "min",
                    format!("a recorded score of {score} would fall outside {}–{}; widen the scale or correct that score first", indicator.min, indicator.max),
                ));
            }
            indicator_columns(indicator).update(tx, "indicator", id)
        })
    }

    /// The indicator called `name`.
    pub fn indicator(&self, name: &str) -> Result<Indicator> {
        let id = indicator_id(self.read(), name)?;
        Ok(self.read().query_row(
            &format!("{SELECT_INDICATOR} WHERE id = ?1"),
            [id],
            indicator_row,
        )?)
    }

    /// Every indicator, by name; archived ones only when asked.
    pub fn indicators(&self, include_archived: bool) -> Result<Vec<Indicator>> {
        let mut stmt = self.read().prepare(&format!(
            "{SELECT_INDICATOR} WHERE archived <= ?1 ORDER BY name"
        ))?;
        let rows = stmt.query_map([include_archived], indicator_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a score; returns it with its number.
    pub fn add_assessment(&mut self, assessment: &Assessment) -> Result<Assessment> {
        Ok(self
            .add_assessments(std::slice::from_ref(assessment))?
            .remove(0))
    }

    /// Records many scores in one transaction: all land, or none do.
    pub fn add_assessments(&mut self, assessments: &[Assessment]) -> Result<Vec<Assessment>> {
        self.write(|tx| {
            assessments
                .iter()
                .map(|assessment| {
                    let links = assessment_links(tx, assessment)?;
                    let number = next_row_number(tx, "assessment")?;
                    assessment_columns(assessment, &links)
                        .and("number", number)
                        .insert(tx, "assessment", Key::new())?;
                    Ok(Assessment {
                        id: number,
                        programme: links.programme_name.clone(),
                        ..assessment.clone()
                    })
                })
                .collect()
        })
    }

    /// How many scores just like this one (same person, indicator, day,
    /// score and stage) are recorded.
    pub fn assessment_count(&self, a: &Assessment) -> Result<usize> {
        let conn = self.read();
        let links = match assessment_ids(conn, a) {
            Ok(ids) => ids,
            Err(Error::NotFound { .. }) => return Ok(0),
            Err(e) => return Err(e),
        };
        Ok(conn
            .prepare_cached(
                "SELECT COUNT(*) FROM assessment WHERE indicator_id = ?1 AND participant_id IS ?2 AND date = ?3
                 AND score = ?4 AND stage IS ?5 AND programme_id IS ?6 AND session_id IS ?7",
            )?
            .query_row(
                params![links.indicator, links.participant, a.date, a.score, a.stage.map(|s| s.as_str()),
                    links.programme, links.session],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)?)
    }

    /// How many entries just like this one the outcome log holds.
    pub fn log_entry_count(&self, e: &OutcomeLogEntry) -> Result<usize> {
        let conn = self.read();
        let (participant, outcome, programme) = match log_ids(conn, e) {
            Ok(ids) => ids,
            Err(Error::NotFound { .. }) => return Ok(0),
            Err(err) => return Err(err),
        };
        Ok(conn
            .prepare_cached(
                "SELECT COUNT(*) FROM outcome_log WHERE participant_id = ?1 AND outcome_id = ?2 AND date = ?3
                 AND programme_id IS ?4 AND note = ?5 AND source = ?6 COLLATE NOCASE",
            )?
            .query_row(
                params![participant, outcome, e.date, programme, e.note, e.source.trim()],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)?)
    }

    /// Replaces assessment number `id`.
    pub fn update_assessment(&mut self, id: i64, assessment: &Assessment) -> Result<()> {
        self.update_assessments(&[(id, assessment.clone())])
    }

    /// Replaces many assessments, each by number, in one transaction: all
    /// change, or none do.
    pub fn update_assessments(&mut self, changes: &[(i64, Assessment)]) -> Result<()> {
        self.write(|tx| {
            for (id, assessment) in changes {
                let key = numbered_key(tx, "assessment", *id)?;
                let links = assessment_links(tx, assessment)?;
                assessment_columns(assessment, &links).update(tx, "assessment", key)?;
            }
            Ok(())
        })
    }

    /// Anonymous feedback tied to no session and no programme, which no
    /// agreement counts, by date then order entered.
    pub fn untied_feedback(&self) -> Result<Vec<Assessment>> {
        let mut stmt = self.read().prepare(&format!(
            "{SELECT_ASSESSMENT} WHERE a.participant_id IS NULL AND a.programme_id IS NULL
             AND a.session_id IS NULL ORDER BY a.date, a.number"
        ))?;
        let rows = stmt.query_map([], assessment_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Assessment number `id`.
    pub fn assessment(&self, id: i64) -> Result<Assessment> {
        let key = numbered_key(self.read(), "assessment", id)?;
        Ok(self.read().query_row(
            &format!("{SELECT_ASSESSMENT} WHERE a.id = ?1"),
            [key],
            assessment_row,
        )?)
    }

    /// Assessments, on one indicator or all, by date then order entered.
    pub fn assessments(&self, indicator: Option<&str>) -> Result<Vec<Assessment>> {
        let indicator = indicator
            .map(|name| indicator_id(self.read(), name))
            .transpose()?;
        let mut stmt = self.read().prepare(&format!(
            "{SELECT_ASSESSMENT} WHERE ?1 IS NULL OR a.indicator_id = ?1 ORDER BY a.date, a.id"
        ))?;
        let rows = stmt.query_map([indicator], assessment_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes assessment number `id`.
    pub fn delete_assessment(&mut self, id: i64) -> Result<()> {
        self.delete_by_id("assessment", id)
    }

    /// Adds an outcome.
    pub fn add_outcome(&mut self, outcome: &Outcome) -> Result<()> {
        outcome.validate()?;
        self.write(|tx| {
            must_be_free(tx, "outcome", "outcome", "name", &outcome.name, None)?;
            outcome_columns(outcome).insert(tx, "outcome", Key::new())
        })
    }

    /// Replaces the outcome called `name`.
    pub fn update_outcome(&mut self, name: &str, outcome: &Outcome) -> Result<()> {
        outcome.validate()?;
        self.write(|tx| {
            let id = outcome_id(tx, name)?;
            must_be_free(tx, "outcome", "outcome", "name", &outcome.name, Some(id))?;
            outcome_columns(outcome).update(tx, "outcome", id)
        })
    }

    /// The outcome called `name` (in any case).
    pub fn outcome(&self, name: &str) -> Result<Outcome> {
        self.outcomes(true)?
            .into_iter()
            .find(|o| o.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| Error::NotFound {
                what: "outcome",
                key: name.trim().to_string(),
                hint: OUTCOME_HINT,
            })
    }

    /// Every outcome, by name; archived ones only when asked.
    pub fn outcomes(&self, include_archived: bool) -> Result<Vec<Outcome>> {
        let mut stmt = self.read().prepare(
            "SELECT name, description, archived FROM outcome WHERE archived <= ?1 ORDER BY name",
        )?;
        let rows = stmt.query_map([include_archived], |r| {
            Ok(Outcome {
                name: r.get(0)?,
                description: r.get(1)?,
                archived: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Notes a change seen; returns the entry with its number.
    pub fn add_log_entry(&mut self, entry: &OutcomeLogEntry) -> Result<OutcomeLogEntry> {
        Ok(self.add_log_entries(std::slice::from_ref(entry))?.remove(0))
    }

    /// Notes many changes in one transaction: all land, or none do.
    pub fn add_log_entries(&mut self, entries: &[OutcomeLogEntry]) -> Result<Vec<OutcomeLogEntry>> {
        for entry in entries {
            entry.validate()?;
        }
        self.write(|tx| {
            entries
                .iter()
                .map(|entry| {
                    let links = log_links(tx, entry)?;
                    let source = links.3.clone();
                    let number = next_row_number(tx, "outcome_log")?;
                    log_columns(entry, links).and("number", number).insert(
                        tx,
                        "outcome_log",
                        Key::new(),
                    )?;
                    Ok(OutcomeLogEntry {
                        id: number,
                        source,
                        ..entry.clone()
                    })
                })
                .collect()
        })
    }

    /// Replaces outcome log entry number `id`.
    pub fn update_log_entry(&mut self, id: i64, entry: &OutcomeLogEntry) -> Result<()> {
        entry.validate()?;
        self.write(|tx| {
            let key = numbered_key(tx, "outcome_log", id)?;
            log_columns(entry, log_links(tx, entry)?).update(tx, "outcome_log", key)
        })
    }

    /// Outcome log entry number `id`.
    pub fn log_entry(&self, id: i64) -> Result<OutcomeLogEntry> {
        let key = numbered_key(self.read(), "outcome_log", id)?;
        Ok(self
            .read()
            .query_row(&format!("{SELECT_LOG} WHERE l.id = ?1"), [key], log_row)?)
    }

    /// The outcome log, by date then order entered.
    pub fn log_entries(&self) -> Result<Vec<OutcomeLogEntry>> {
        let mut stmt = self
            .read()
            .prepare(&format!("{SELECT_LOG} ORDER BY l.date, l.id"))?;
        let rows = stmt.query_map([], log_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes outcome log entry number `id`.
    pub fn delete_log_entry(&mut self, id: i64) -> Result<()> {
        self.delete_by_id("outcome_log", id)
    }

    /// Adds a story; returns it with its number.
    pub fn add_story(&mut self, story: &Story) -> Result<Story> {
        story.validate()?;
        self.write(|tx| {
            let (programme, participant) = story_links(tx, story)?;
            let key = Key::new();
            let number = next_row_number(tx, "story")?;
            story_columns(story, programme, participant)
                .and("number", number)
                .insert(tx, "story", key)?;
            write_story_measures(tx, key, &story.measures)?;
            Ok(Story {
                id: number,
                ..story.clone()
            })
        })
    }

    /// Replaces story number `id`.
    pub fn update_story(&mut self, id: i64, story: &Story) -> Result<()> {
        story.validate()?;
        self.write(|tx| {
            let key = numbered_key(tx, "story", id)?;
            let (programme, participant) = story_links(tx, story)?;
            story_columns(story, programme, participant).update(tx, "story", key)?;
            write_story_measures(tx, key, &story.measures)
        })
    }

    /// Story number `id`.
    pub fn story(&self, id: i64) -> Result<Story> {
        let key = numbered_key(self.read(), "story", id)?;
        let mut story =
            self.read()
                .query_row(&format!("{SELECT_STORY} WHERE s.id = ?1"), [key], story_row)?;
        story.measures = story_measures(self.read(), key)?;
        Ok(story)
    }

    /// Every story, by date.
    pub fn stories(&self) -> Result<Vec<Story>> {
        let mut stmt = self
            .read()
            .prepare(&format!("{SELECT_STORY} ORDER BY s.date, s.id"))?;
        let rows = stmt.query_map([], story_row)?;
        let mut stories: Vec<Story> = rows.collect::<rusqlite::Result<_>>()?;
        for story in &mut stories {
            let key = numbered_key(self.read(), "story", story.id)?;
            story.measures = story_measures(self.read(), key)?;
        }
        Ok(stories)
    }

    /// Deletes story number `id`.
    pub fn delete_story(&mut self, id: i64) -> Result<()> {
        self.delete_by_id("story", id)
    }

    fn delete_by_id(&mut self, table: &'static str, id: i64) -> Result<()> {
        self.write(|tx| {
            let key = numbered_key(tx, table, id)?;
            tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [key])?;
            Ok(())
        })
    }
}

/// The participant and indicator an assessment names, found without writing.
/// The records a score names, found without writing.
struct AssessmentLinks {
    participant: Option<Key>,
    indicator: Key,
    /// Its programme: the session's, when it names one.
    programme: Option<Key>,
    programme_name: Option<String>,
    session: Option<Key>,
}

/// An indicator's columns, as the indicator table holds them.
fn indicator_columns(indicator: &Indicator) -> Columns<'_> {
    Columns::new()
        .and("name", indicator.name.trim())
        .and("min", indicator.min)
        .and("max", indicator.max)
        .and("higher_is_better", indicator.higher_is_better)
        .and("meaningful_change", indicator.meaningful_change)
        .and("description", &indicator.description)
        .and("archived", indicator.archived)
}

/// An outcome's columns, as the outcome table holds them.
fn outcome_columns(outcome: &Outcome) -> Columns<'_> {
    Columns::new()
        .and("name", outcome.name.trim())
        .and("description", &outcome.description)
        .and("archived", outcome.archived)
}

/// A score's columns (but its number, given once when it is added), with
/// the records it names found.
fn assessment_columns<'a>(a: &'a Assessment, links: &AssessmentLinks) -> Columns<'a> {
    Columns::new()
        .and("participant_id", links.participant)
        .and("indicator_id", links.indicator)
        .and("date", a.date)
        .and("score", a.score)
        .and("stage", a.stage.map(|s| s.as_str()))
        .and("programme_id", links.programme)
        .and("session_id", links.session)
}

/// An outcome log entry's columns (but its number), with what it names
/// found: its participant, outcome, programme and source.
fn log_columns(
    e: &OutcomeLogEntry,
    (participant, outcome, programme, source): (Key, Key, Option<Key>, String),
) -> Columns<'_> {
    Columns::new()
        .and("participant_id", participant)
        .and("date", e.date)
        .and("outcome_id", outcome)
        .and("programme_id", programme)
        .and("note", &e.note)
        .and("source", source)
        .and("logged_by", e.logged_by.trim())
}

/// A story's columns (but its number), with its programme and the
/// participant it is about found.
fn story_columns(s: &Story, programme: Option<Key>, participant: Option<Key>) -> Columns<'_> {
    Columns::new()
        .and("date", s.date)
        .and("title", s.title.trim())
        .and("programme_id", programme)
        .and("participant_id", participant)
        .and("consent", s.consent)
        .and("consent_date", s.consent_date)
        .and("situation", &s.situation)
        .and("action", &s.action)
        .and("difference", &s.difference)
        .and("quote", &s.quote)
}

fn assessment_ids(conn: &Connection, a: &Assessment) -> Result<AssessmentLinks> {
    let indicator = indicator_id(conn, &a.indicator)?;
    let participant = a
        .participant
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|code| participant_id(conn, code))
        .transpose()?;
    let named = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let mut programme_name = named(&a.programme);
    let mut programme = programme_name
        .as_deref()
        .map(|name| programme_id(conn, name))
        .transpose()?;
    let session = match named(&a.session) {
        None => None,
        Some(reference) => {
            let id = session_id(conn, &reference)?;
            let (of, name, date): (Key, String, chrono::NaiveDate) = conn.query_row(
                "SELECT s.programme_id, p.name, s.date FROM session s JOIN programme p ON p.id = s.programme_id WHERE s.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            if programme.is_some_and(|p| p != of) {
                return Err(Error::invalid(
                    "session",
                    format!(
                        "session {reference} is a {name} session, not {}; choose the session or the programme it belongs to",
                        programme_name.unwrap_or_default()
                    ),
                ));
            }
            if date != a.date {
                return Err(Error::invalid(
                    "session",
                    format!(
                        "session {reference} ran on {}, not on {}; give the day of the session, or choose the session that ran that day",
                        crate::parse::shown(date),
                        crate::parse::shown(a.date)
                    ),
                ));
            }
            programme = Some(of);
            programme_name = Some(name);
            Some(id)
        }
    };
    Ok(AssessmentLinks {
        participant,
        indicator,
        programme,
        programme_name,
        session,
    })
}

/// The assessment's links, with its score checked against the indicator's scale.
fn assessment_links(conn: &Connection, a: &Assessment) -> Result<AssessmentLinks> {
    let links = assessment_ids(conn, a)?;
    let indicator = conn.query_row(
        &format!("{SELECT_INDICATOR} WHERE id = ?1"),
        [links.indicator],
        indicator_row,
    )?;
    a.validate(&indicator)?;
    Ok(links)
}

/// The participant, outcome and programme a log entry names, found without writing.
fn log_ids(conn: &Connection, e: &OutcomeLogEntry) -> Result<(Key, Key, Option<Key>)> {
    let participant = participant_id(conn, &e.participant)?;
    let outcome = outcome_id(conn, &e.outcome)?;
    let programme = e
        .programme
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .map(|name| programme_id(conn, name))
        .transpose()?;
    Ok((participant, outcome, programme))
}

/// The log entry's links, with its source in the list's spelling (added if new).
fn log_links(conn: &Connection, e: &OutcomeLogEntry) -> Result<(Key, Key, Option<Key>, String)> {
    let (participant, outcome, programme) = log_ids(conn, e)?;
    let source = normalise(conn, List::Source, &e.source)?;
    Ok((participant, outcome, programme, source))
}

fn story_links(conn: &Connection, s: &Story) -> Result<(Option<Key>, Option<Key>)> {
    let programme = s
        .programme
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .map(|name| programme_id(conn, name))
        .transpose()?;
    let participant = s
        .participant
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|code| participant_id(conn, code))
        .transpose()?;
    Ok((programme, participant))
}

fn write_story_measures(conn: &Connection, story: Key, measures: &[MeasureRef]) -> Result<()> {
    conn.execute("DELETE FROM story_measure WHERE story_id = ?1", [story])?;
    for m in measures {
        let agreement = agreement_id(conn, &m.agreement)?;
        let measure: Key = conn
            .query_row(
                "SELECT id FROM measure WHERE agreement_id = ?1 AND code = ?2 COLLATE NOCASE",
                params![agreement, m.code.trim()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "measure",
                key: format!("{}:{}", m.agreement, m.code),
                hint: "check the code against the agreement's measures",
            })?;
        conn.execute(
            "INSERT OR IGNORE INTO story_measure (story_id, measure_id) VALUES (?1, ?2)",
            [story, measure],
        )?;
    }
    Ok(())
}

fn story_measures(conn: &Connection, story: Key) -> Result<Vec<MeasureRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.reference, m.code FROM story_measure sm JOIN measure m ON m.id = sm.measure_id
         JOIN agreement a ON a.id = m.agreement_id WHERE sm.story_id = ?1 ORDER BY a.reference, m.position",
    )?;
    let rows = stmt.query_map([story], |r| {
        Ok(MeasureRef {
            agreement: r.get(0)?,
            code: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const SELECT_INDICATOR: &str =
    "SELECT name, min, max, higher_is_better, meaningful_change, description, archived FROM indicator";

fn indicator_row(r: &Row) -> rusqlite::Result<Indicator> {
    Ok(Indicator {
        name: r.get(0)?,
        min: r.get(1)?,
        max: r.get(2)?,
        higher_is_better: r.get(3)?,
        meaningful_change: r.get(4)?,
        description: r.get(5)?,
        archived: r.get(6)?,
    })
}

const SELECT_ASSESSMENT: &str =
    "SELECT a.number, p.code, i.name, a.date, a.score, a.stage, COALESCE(sp.name, g.name), s.reference FROM assessment a
    JOIN indicator i ON i.id = a.indicator_id LEFT JOIN participant p ON p.id = a.participant_id
    LEFT JOIN session s ON s.id = a.session_id LEFT JOIN programme sp ON sp.id = s.programme_id
    LEFT JOIN programme g ON g.id = a.programme_id";

fn assessment_row(r: &Row) -> rusqlite::Result<Assessment> {
    let stage: Option<String> = r.get(5)?;
    Ok(Assessment {
        id: r.get(0)?,
        participant: r.get(1)?,
        indicator: r.get(2)?,
        date: r.get(3)?,
        score: r.get(4)?,
        stage: match stage {
            Some(_) => Some(stored_word(r, 5, Stage::parse)?),
            None => None,
        },
        programme: r.get(6)?,
        session: r.get(7)?,
    })
}

const SELECT_LOG: &str =
    "SELECT l.number, p.code, l.date, o.name, g.name, l.note, l.source, l.logged_by FROM outcome_log l
    JOIN participant p ON p.id = l.participant_id JOIN outcome o ON o.id = l.outcome_id
    LEFT JOIN programme g ON g.id = l.programme_id";

fn log_row(r: &Row) -> rusqlite::Result<OutcomeLogEntry> {
    Ok(OutcomeLogEntry {
        id: r.get(0)?,
        participant: r.get(1)?,
        date: r.get(2)?,
        outcome: r.get(3)?,
        programme: r.get(4)?,
        note: r.get(5)?,
        source: r.get(6)?,
        logged_by: r.get(7)?,
    })
}

const SELECT_STORY: &str =
    "SELECT s.number, s.date, s.title, g.name, p.code, s.consent, s.consent_date, s.situation,
    s.action, s.difference, s.quote FROM story s LEFT JOIN programme g ON g.id = s.programme_id
    LEFT JOIN participant p ON p.id = s.participant_id";

fn story_row(r: &Row) -> rusqlite::Result<Story> {
    Ok(Story {
        id: r.get(0)?,
        date: r.get(1)?,
        title: r.get(2)?,
        programme: r.get(3)?,
        participant: r.get(4)?,
        consent: r.get(5)?,
        consent_date: r.get(6)?,
        situation: r.get(7)?,
        action: r.get(8)?,
        difference: r.get(9)?,
        quote: r.get(10)?,
        measures: Vec::new(),
    })
}
