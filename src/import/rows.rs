//! Turning each kind of row into records and writing them, collecting a
//! problem for every bad cell or row instead of stopping at the first.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::table::Stream;
use super::{Kind, Problem, Report, Table};
use crate::error::{Error, Result};
use crate::import::table::Row;
use crate::parse;
use crate::records::{
    Assessment, OutcomeLogEntry, Participant, Session, Stage, DEFAULT_LOG_SOURCE,
};
use crate::store::{Registered, Store};

/// Reads the rows of `table`, then those still to read of `more` (only a
/// file of attendance is read a few rows at a time), as `kind` and writes
/// them to `store`, counting what was added, changed or already there.
pub(super) fn apply(
    kind: Kind,
    store: &mut Store,
    (table, more): (&Table, &mut Stream),
    report: &mut Report,
    today: NaiveDate,
) -> Result<()> {
    let mut rows = Rows {
        table,
        report,
        today,
        columns: kind
            .columns()
            .iter()
            .map(|c| (*c, table.column(c)))
            .collect(),
    };
    match kind {
        Kind::Participants => participants(store, &mut rows, today),
        Kind::Sessions => sessions(store, &mut rows),
        Kind::Attendance => attendance(store, &mut rows, more),
        Kind::Assessments => assessments(store, &mut rows),
        Kind::OutcomeLog => outcome_log(store, &mut rows),
    }
}

/// The table with its columns found, and the report being filled in.
struct Rows<'a> {
    table: &'a Table,
    report: &'a mut Report,
    /// Today: a date of something that happened is no more than a year on.
    today: NaiveDate,
    columns: HashMap<&'static str, Option<usize>>,
}

impl Rows<'_> {
    /// Whether the file has the column.
    fn has(&self, column: &str) -> bool {
        self.columns.get(column).copied().flatten().is_some()
    }

    /// A row's cell in a column, trimmed (empty when the column is absent).
    fn cell<'r>(&self, row: &'r Row, column: &str) -> &'r str {
        self.table
            .cell(row, self.columns.get(column).copied().flatten())
    }

    fn problem(&mut self, row: &Row, column: Option<&str>, value: &str, why: impl Into<String>) {
        self.report.problems.push(Problem {
            file: self.table.file.clone(),
            line: Some(row.line),
            column: column.map(str::to_string),
            value: shortened(value),
            why: why.into(),
        });
    }

    /// Reads the date in `column` of something that happened.
    fn happened(&mut self, row: &Row, column: &'static str) -> Option<NaiveDate> {
        let today = self.today;
        self.read(row, column, |field, text| {
            parse::happened(field, text, today)
        })
    }

    /// Records a refusal from the core against the row, naming the column
    /// the error is about when it can.
    fn refused(
        &mut self,
        row: &Row,
        error: Error,
        column_of: &dyn Fn(&str) -> Option<&'static str>,
    ) {
        let (column, why) = match &error {
            Error::Invalid { field, message } => (column_of(field), message.clone()),
            Error::NotFound { what, .. } => (column_of(what), error.to_string()),
            Error::Duplicate { field, .. } => (column_of(field), error.to_string()),
            _ => (None, error.to_string()),
        };
        let value = column
            .map(|c| self.cell(row, c).to_string())
            .unwrap_or_default();
        self.problem(row, column, &value, why);
    }

    /// Reads a cell with `read`, noting a problem (and returning `None`) if it is bad.
    fn read<T>(
        &mut self,
        row: &Row,
        column: &'static str,
        read: impl Fn(&str, &str) -> Result<T>,
    ) -> Option<T> {
        let text = self.cell(row, column).to_string();
        match read(column, &text) {
            Ok(v) => Some(v),
            Err(e) => {
                let why = match e {
                    Error::Invalid { message, .. } => message,
                    other => other.to_string(),
                };
                self.problem(row, Some(column), &text, why);
                None
            }
        }
    }

    /// A required cell that is empty.
    fn require(&mut self, row: &Row, column: &'static str) -> bool {
        if self.cell(row, column).is_empty() {
            self.problem(
                row,
                Some(column),
                "",
                format!("{column} is empty; fill it in"),
            );
            false
        } else {
            true
        }
    }

    /// Notes a key met twice in the file; true if it is new. The keys met
    /// are kept by the store: a million rows' keys are not held in memory.
    fn first_time(
        &mut self,
        store: &mut Store,
        key: &str,
        row: &Row,
        (column, value): (&'static str, &str),
    ) -> Result<bool> {
        match store.met_before(key, row.line)? {
            Some(first) => {
                self.problem(
                    row,
                    Some(column),
                    value,
                    format!("this is already on line {first}; give each one once"),
                );
                Ok(false)
            }
            None => Ok(true),
        }
    }
}

fn participant_column(field: &str) -> Option<&'static str> {
    Kind::Participants
        .columns()
        .iter()
        .copied()
        .find(|c| *c == field)
        .or(match field {
            "participant" => Some("code"),
            _ => None,
        })
}

fn participants(store: &mut Store, rows: &mut Rows, today: NaiveDate) -> Result<()> {
    for row in &rows.table.rows {
        if !rows.require(row, "code") {
            continue;
        }
        let code = rows.cell(row, "code").to_uppercase();
        if !rows.first_time(store, &code, row, ("code", &code))? {
            continue;
        }
        let existing = match store.participant(&code) {
            Ok(p) => Some(p),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        };
        let mut p = existing.clone().unwrap_or_else(|| Participant {
            code: code.clone(),
            ..Participant::default()
        });
        let before = rows.report.problems.len();
        for (column, target) in [
            ("known_as", &mut p.known_as),
            ("gender", &mut p.gender),
            ("ethnicity", &mut p.ethnicity),
            ("area", &mut p.area),
            ("referral_source", &mut p.referral_source),
        ] {
            if rows.has(column) {
                *target = rows.cell(row, column).to_string();
            }
        }
        if rows.has("date_of_birth") {
            if let Some(d) = rows.read(row, "date_of_birth", parse::optional_date) {
                p.date_of_birth = d;
            }
        }
        if rows.has("consent_date") {
            let today = rows.today;
            if let Some(d) = rows.read(row, "consent_date", |field, text| {
                if text.trim().is_empty() {
                    Ok(None)
                } else {
                    parse::happened(field, text, today).map(Some)
                }
            }) {
                p.consent.date = d;
            }
        }
        if rows.has("disability") {
            if let Some(v) = rows.read(row, "disability", parse::optional_yes_no) {
                p.disability = v;
            }
        }
        if rows.has("sen") {
            if let Some(v) = rows.read(row, "sen", parse::optional_yes_no) {
                p.sen = v;
            }
        }
        if rows.has("groups") {
            p.groups = parse::list(rows.cell(row, "groups"));
        }
        if rows.report.problems.len() > before {
            continue;
        }
        let saved = match &existing {
            Some(_) => store.update_participant(&code, &p, today),
            None => store.add_participant(&p, today),
        };
        match (saved, existing) {
            (Ok(saved), Some(old)) if saved == old => rows.report.unchanged += 1,
            (Ok(_), Some(_)) => rows.report.updated += 1,
            (Ok(_), None) => rows.report.added += 1,
            (Err(e), _) => rows.refused(row, e, &participant_column),
        }
    }
    Ok(())
}

fn session_column(field: &str) -> Option<&'static str> {
    // A session's form calls its key `reference`; the file calls it `session_ref`.
    let field = if field == "reference" {
        "session_ref"
    } else {
        field
    };
    Kind::Sessions
        .columns()
        .iter()
        .copied()
        .find(|c| *c == field)
}

fn sessions(store: &mut Store, rows: &mut Rows) -> Result<()> {
    for row in &rows.table.rows {
        // Every empty cell is reported, so no short-circuit here.
        let filled: Vec<bool> = ["session_ref", "programme", "date", "duration_minutes"]
            .into_iter()
            .map(|c| rows.require(row, c))
            .collect();
        let ok = filled.iter().all(|f| *f);
        if !ok {
            continue;
        }
        let reference = rows.cell(row, "session_ref").to_string();
        if !rows.first_time(
            store,
            &reference.to_lowercase(),
            row,
            ("session_ref", &reference),
        )? {
            continue;
        }
        let existing = match store.session(&reference) {
            Ok(s) => Some(s),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        };
        let mut s = existing.clone().unwrap_or_else(|| Session {
            reference: reference.clone(),
            ..Session::default()
        });
        let before = rows.report.problems.len();
        s.programme = rows.cell(row, "programme").to_string();
        if let Some(d) = rows.happened(row, "date") {
            s.date = d;
        }
        if rows.has("start_time") {
            if let Some(t) = rows.read(row, "start_time", |f, t| {
                if t.is_empty() {
                    Ok(None)
                } else {
                    parse::time(f, t).map(Some)
                }
            }) {
                s.start_time = t;
            }
        }
        if let Some(m) = rows.read(row, "duration_minutes", |f, t| {
            parse::number(f, t).and_then(|n| {
                if n >= 1.0 && n.fract() == 0.0 && n <= 1440.0 {
                    Ok(n as u32)
                } else {
                    Err(Error::invalid(f, format!("{t} is not a length of session; give the whole minutes it ran, from 1 to 1440")))
                }
            })
        }) {
            s.duration_minutes = m;
        }
        for (column, target) in [
            ("headcount", &mut s.headcount),
            ("staff", &mut s.staff),
            ("volunteers", &mut s.volunteers),
        ] {
            if rows.has(column) {
                if let Some(n) = rows.read(row, column, |f, t| {
                    if t.is_empty() {
                        Ok(0)
                    } else {
                        parse::count(f, t)
                    }
                }) {
                    *target = n;
                }
            }
        }
        if rows.has("volunteer_hours") {
            if let Some(h) = rows.read(row, "volunteer_hours", |f, t| {
                if t.is_empty() {
                    Ok(0.0)
                } else {
                    parse::number(f, t)
                }
            }) {
                s.volunteer_hours = h;
            }
        }
        if rows.has("location") {
            s.location = rows.cell(row, "location").to_string();
        }
        if rows.has("notes") {
            s.notes = rows.cell(row, "notes").to_string();
        }
        if rows.report.problems.len() > before {
            continue;
        }
        let saved = match &existing {
            Some(_) => store.update_session(&reference, &s),
            None => store.add_session(&s),
        };
        match (saved, existing) {
            (Ok(saved), Some(old)) if saved == old => rows.report.unchanged += 1,
            (Ok(_), Some(_)) => rows.report.updated += 1,
            (Ok(_), None) => rows.report.added += 1,
            (Err(e), _) => rows.refused(row, e, &session_column),
        }
    }
    Ok(())
}

/// How many rows of a file of attendance are read and written at once: a
/// file of a million rows is never held whole. Each few is its own entry
/// in the history.
pub const ATTENDANCE_AT_ONCE: usize = 100_000;

/// Attendance: the rows read so far, then the rest of `more` a few at a
/// time, each few put on the registers (each its own entry in the
/// history).
///
/// The marks are written without a savepoint around each few (whose
/// journal SQLite keeps in memory): a failure ends the whole import, which
/// then writes nothing.
fn attendance(store: &mut Store, rows: &mut Rows, more: &mut Stream) -> Result<()> {
    store.writes_all_or_nothing(|store| {
        let table = rows.table;
        attendance_rows(store, rows, &table.rows)?;
        loop {
            let next = more.next_rows(ATTENDANCE_AT_ONCE)?;
            if next.is_empty() {
                return Ok(());
            }
            rows.report.rows += next.len();
            attendance_rows(store, rows, &next)?;
        }
    })
}

fn attendance_rows(store: &mut Store, rows: &mut Rows, read: &[Row]) -> Result<()> {
    let mut pairs = Vec::new();
    let mut lines = Vec::new();
    for row in read {
        if !(rows.require(row, "session_ref") & rows.require(row, "participant_code")) {
            continue;
        }
        let session = rows.cell(row, "session_ref");
        let code = rows.cell(row, "participant_code");
        let key = format!("{}\u{1f}{}", session.to_lowercase(), code.to_uppercase());
        if !rows.first_time(store, &key, row, ("participant_code", code))? {
            continue;
        }
        pairs.push((session, code));
        lines.push(row);
    }
    let outcomes = store.register_attendance(&pairs)?;
    for ((row, (session, code)), outcome) in lines.into_iter().zip(&pairs).zip(outcomes) {
        match outcome {
            Registered::Added => rows.report.added += 1,
            Registered::AlreadyThere => rows.report.unchanged += 1,
            Registered::NoSession => rows.problem(
                row,
                Some("session_ref"),
                session,
                "no session has this reference; import the sessions file first, or check the reference",
            ),
            Registered::NoParticipant => rows.problem(
                row,
                Some("participant_code"),
                code,
                "no participant has this code; import the participants file first, or check the code",
            ),
        }
    }
    Ok(())
}

fn assessment_column(field: &str) -> Option<&'static str> {
    match field {
        "participant" => Some("participant_code"),
        "indicator" => Some("indicator"),
        "score" => Some("score"),
        "date" => Some("date"),
        "stage" => Some("stage"),
        "programme" => Some("programme"),
        "session" => Some("session_ref"),
        _ => None,
    }
}

/// For records with no key (assessments, log entries), whether this row is
/// one the database already holds: identical rows are separate records, so
/// the n-th copy of a row in the file is already stored when the database
/// held at least n copies before the import. `stored` remembers, per
/// distinct row, how many the database held and how many the file has shown.
fn already_stored(
    stored: &mut HashMap<String, (usize, usize)>,
    key: String,
    count_stored: impl FnOnce() -> Result<usize>,
) -> Result<bool> {
    let entry = match stored.entry(key) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(e) => e.insert((count_stored()?, 0)),
    };
    entry.1 += 1;
    Ok(entry.1 <= entry.0)
}

fn assessments(store: &mut Store, rows: &mut Rows) -> Result<()> {
    let mut stored = HashMap::new();
    for row in &rows.table.rows {
        let ok =
            rows.require(row, "indicator") & rows.require(row, "date") & rows.require(row, "score");
        let before = rows.report.problems.len();
        let date = rows.happened(row, "date");
        let score = rows.read(row, "score", parse::number);
        let stage = if rows.has("stage") {
            rows.read(row, "stage", |f, t| {
                if t.is_empty() {
                    Ok(None)
                } else {
                    Stage::parse(f, t).map(Some)
                }
            })
        } else {
            Some(None)
        };
        if !ok || rows.report.problems.len() > before {
            continue;
        }
        let (Some(date), Some(score), Some(stage)) = (date, score, stage) else {
            continue;
        };
        let optional = |column| Some(rows.cell(row, column).to_string()).filter(|c| !c.is_empty());
        let a = Assessment {
            id: 0,
            participant: optional("participant_code"),
            indicator: rows.cell(row, "indicator").to_string(),
            date,
            score,
            stage,
            programme: optional("programme"),
            session: optional("session_ref"),
        };
        let key = format!(
            "{:?}",
            (
                &a.participant.as_ref().map(|p| p.to_uppercase()),
                a.indicator.to_lowercase(),
                a.date,
                a.score,
                a.stage,
                a.programme.as_ref().map(|p| p.to_lowercase()),
                a.session.as_ref().map(|s| s.to_uppercase()),
            )
        );
        if already_stored(&mut stored, key, || store.assessment_count(&a))? {
            rows.report.unchanged += 1;
            continue;
        }
        match store.add_assessment(&a) {
            Ok(_) => rows.report.added += 1,
            Err(e) => rows.refused(row, e, &assessment_column),
        }
    }
    Ok(())
}

fn log_column(field: &str) -> Option<&'static str> {
    match field {
        "participant" => Some("participant_code"),
        "outcome" => Some("outcome"),
        "programme" => Some("programme"),
        "note" => Some("note"),
        "source" => Some("source"),
        _ => None,
    }
}

fn outcome_log(store: &mut Store, rows: &mut Rows) -> Result<()> {
    let mut stored = HashMap::new();
    for row in &rows.table.rows {
        let ok = rows.require(row, "participant_code") & rows.require(row, "outcome");
        let Some(date) = rows.happened(row, "date") else {
            continue;
        };
        if !ok {
            continue;
        }
        let source = rows.cell(row, "source");
        let e = OutcomeLogEntry {
            id: 0,
            participant: rows.cell(row, "participant_code").to_string(),
            date,
            outcome: rows.cell(row, "outcome").to_string(),
            programme: Some(rows.cell(row, "programme").to_string()).filter(|p| !p.is_empty()),
            note: rows.cell(row, "note").to_string(),
            source: if source.is_empty() {
                DEFAULT_LOG_SOURCE.to_string()
            } else {
                source.to_string()
            },
            logged_by: String::new(),
        };
        let key = format!(
            "{:?}",
            (
                e.participant.to_uppercase(),
                e.date,
                e.outcome.to_lowercase(),
                &e.programme,
                &e.note,
                e.source.to_lowercase()
            )
        );
        if already_stored(&mut stored, key, || store.log_entry_count(&e))? {
            rows.report.unchanged += 1;
            continue;
        }
        match store.add_log_entry(&e) {
            Ok(_) => rows.report.added += 1,
            Err(err) => rows.refused(row, err, &log_column),
        }
    }
    Ok(())
}

/// A cell's value as a problem quotes it: a long one is cut short, so that
/// a huge cell never fills the screen.
fn shortened(value: &str) -> String {
    const SHOWN: usize = 120;
    if value.chars().count() <= SHOWN {
        return value.to_string();
    }
    let kept: String = value.chars().take(SHOWN).collect();
    format!("{kept}… ({} characters)", value.chars().count())
}
