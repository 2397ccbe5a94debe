//! What every record's store file shares: finding a record's row by the key
//! a user knows, refusing a duplicate, reading a stored word back, and the
//! agreement's own row and periods. The per-record files import from here,
//! never from each other.

use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};

use crate::error::{Error, Result};
use crate::key::Key;
use crate::records::{Agreement, AgreementKind, Frequency, Heading};

/// Finds the row id of the record whose `column` is `key` in `table`.
pub(super) fn id_of(
    conn: &Connection,
    table: &str,
    column: &str,
    key: &str,
    what: &'static str,
    hint: &'static str,
) -> Result<Key> {
    conn.prepare_cached(&format!(
        "SELECT id FROM {table} WHERE {column} = ?1 COLLATE NOCASE"
    ))?
    .query_row([key.trim()], |r| r.get(0))
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what,
        key: key.trim().to_string(),
        hint,
    })
}

/// Whether another record than `except` in `table` has `column` equal to `key`.
pub(super) fn taken(
    conn: &Connection,
    table: &str,
    column: &str,
    key: &str,
    except: Option<Key>,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT 1 FROM {table} WHERE {column} = ?1 COLLATE NOCASE AND id IS NOT ?2"
        ))?
        .exists(rusqlite::params![key.trim(), except])?)
}

/// Refuses `key` as `table`'s `column` (a name, code or reference) when a
/// record other than `except` has it already: the one duplicate check.
pub(super) fn must_be_free(
    conn: &Connection,
    table: &str,
    what: &'static str,
    column: &'static str,
    key: &str,
    except: Option<Key>,
) -> Result<()> {
    if taken(conn, table, column, key, except)? {
        return Err(duplicate(what, column, key));
    }
    Ok(())
}

/// The codes this laptop gives in one table's column (`P0001`, `S00001`):
/// its letter and the laptop's tag (`P`, or `PB` on the second laptop),
/// then the number after the highest used so far with it. The highest is
/// looked for only when a record first needs a code, so that adding many
/// records that bring their own (an import) reads the table no more.
pub(super) struct Codes {
    table: &'static str,
    column: &'static str,
    letter: &'static str,
    digits: usize,
    next: Option<(String, i64)>,
}

impl Codes {
    /// The codes of `table`'s `column`, starting with `letter`, their
    /// number written with at least `digits` digits.
    pub(super) fn of(
        table: &'static str,
        column: &'static str,
        letter: &'static str,
        digits: usize,
    ) -> Codes {
        Codes {
            table,
            column,
            letter,
            digits,
            next: None,
        }
    }

    /// The next code, not given before.
    pub(super) fn give(&mut self, conn: &Connection) -> Result<String> {
        let (prefix, number) = match self.next.take() {
            Some(next) => next,
            None => self.first(conn)?,
        };
        let code = format!("{prefix}{number:0width$}", width = self.digits);
        self.next = Some((prefix, number + 1));
        Ok(code)
    }

    fn first(&self, conn: &Connection) -> Result<(String, i64)> {
        let tag: String =
            conn.query_row("SELECT tag FROM sync_this WHERE one = 1", [], |r| r.get(0))?;
        let prefix = format!("{}{tag}", self.letter);
        let highest: Option<i64> = conn.query_row(
            &format!(
                "SELECT MAX(CAST(SUBSTR({column}, {start}) AS INTEGER)) FROM {table} WHERE {column} GLOB '{prefix}[0-9]*'",
                column = self.column,
                table = self.table,
                start = prefix.len() + 1
            ),
            [],
            |r| r.get(0),
        )?;
        Ok((prefix, highest.unwrap_or(0) + 1))
    }
}

/// A record's columns with their values, as its table holds them: the one
/// list both adding the record and writing over it are made from, so that
/// a new column is named once.
pub(super) struct Columns<'a>(Vec<(&'static str, Box<dyn ToSql + 'a>)>);

impl<'a> Columns<'a> {
    /// No columns yet.
    pub(super) fn new() -> Columns<'a> {
        Columns(Vec::new())
    }

    /// These columns and `column` holding `value`.
    pub(super) fn and(mut self, column: &'static str, value: impl ToSql + 'a) -> Columns<'a> {
        self.0.push((column, Box::new(value)));
        self
    }

    /// Adds the record to `table` as the row `id`.
    pub(super) fn insert(&self, conn: &Connection, table: &str, id: Key) -> Result<()> {
        let names: Vec<&str> = self.0.iter().map(|(c, _)| *c).collect();
        let places: Vec<String> = (1..=names.len() + 1).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}, id) VALUES ({})",
            names.join(", "),
            places.join(", ")
        );
        self.execute(conn, &sql, id)
    }

    /// Writes the record over the row `id` of `table`.
    pub(super) fn update(&self, conn: &Connection, table: &str, id: Key) -> Result<()> {
        let set: Vec<String> = self
            .0
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("{c} = ?{}", i + 1))
            .collect();
        let sql = format!(
            "UPDATE {table} SET {} WHERE id = ?{}",
            set.join(", "),
            set.len() + 1
        );
        self.execute(conn, &sql, id)
    }

    /// Runs `sql`, whose parameters are these columns' values then `id`.
    fn execute(&self, conn: &Connection, sql: &str, id: Key) -> Result<()> {
        let mut values: Vec<&dyn ToSql> = self.0.iter().map(|(_, v)| v.as_ref()).collect();
        values.push(&id);
        conn.prepare_cached(sql)?.execute(values.as_slice())?;
        Ok(())
    }
}

pub(super) const FUNDER_HINT: &str = "check the name against the list of funders";

pub(super) const PROGRAMME_HINT: &str = "check the name against the list of programmes";

pub(super) const AGREEMENT_HINT: &str = "check the reference against the list of agreements";

pub(super) fn duplicate(what: &'static str, field: &'static str, key: &str) -> Error {
    Error::Duplicate {
        what,
        field,
        key: key.trim().to_string(),
    }
}

pub(super) fn agreement_id(conn: &Connection, reference: &str) -> Result<Key> {
    id_of(
        conn,
        "agreement",
        "reference",
        reference,
        "agreement",
        AGREEMENT_HINT,
    )
}

pub(super) fn programme_id(conn: &Connection, name: &str) -> Result<Key> {
    id_of(conn, "programme", "name", name, "programme", PROGRAMME_HINT)
}

/// Reads a stored word (kind, frequency, …) back into its enum.
pub(super) fn stored_word<T>(
    row: &Row,
    index: usize,
    parse: fn(&str, &str) -> Result<T>,
) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    parse("stored value", &text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(super) fn read_agreement_by_id(conn: &Connection, id: Key) -> Result<Agreement> {
    let mut agreement = conn.query_row(
        "SELECT a.reference, f.name, a.title, a.kind, a.start_date, a.end_date, a.value_pence, a.frequency, a.due_days, a.archived,
         a.summary, a.participant_rows
         FROM agreement a JOIN funder f ON f.id = a.funder_id WHERE a.id = ?1",
        [id],
        |r| {
            Ok(Agreement {
                reference: r.get(0)?,
                funder: r.get(1)?,
                title: r.get(2)?,
                kind: stored_word(r, 3, AgreementKind::parse)?,
                start_date: r.get(4)?,
                end_date: r.get(5)?,
                value_pence: r.get(6)?,
                frequency: stored_word(r, 7, Frequency::parse)?,
                due_days: r.get(8)?,
                programmes: Vec::new(),
                headings: Vec::new(),
                cost_headings: Vec::new(),
                summary: r.get(10)?,
                participant_rows: r.get(11)?,
                archived: r.get(9)?,
            })
        },
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT p.name FROM agreement_programme ap JOIN programme p ON p.id = ap.programme_id
         WHERE ap.agreement_id = ?1 ORDER BY p.name",
    )?;
    agreement.programmes = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT heading, guidance FROM narrative_heading WHERE agreement_id = ?1 ORDER BY position, id",
    )?;
    agreement.headings = stmt
        .query_map([id], |r| {
            Ok(Heading {
                heading: r.get(0)?,
                guidance: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT heading FROM cost_heading WHERE agreement_id = ?1 ORDER BY position",
    )?;
    agreement.cost_headings = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(agreement)
}

/// The period ids an agreement's records are kept under: targets, typed
/// values, narrative, stories behind curves, finance, evidence, submissions.
pub(super) fn period_ids_in_use(conn: &Connection, agreement: Key) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT period FROM target t JOIN measure m ON m.id = t.measure_id WHERE m.agreement_id = ?1
         UNION SELECT period FROM manual_value v JOIN measure m ON m.id = v.measure_id WHERE m.agreement_id = ?1
         UNION SELECT period FROM measure_curve c JOIN measure m ON m.id = c.measure_id WHERE m.agreement_id = ?1
         UNION SELECT period FROM narrative_answer n JOIN narrative_heading h ON h.id = n.heading_id WHERE h.agreement_id = ?1
         UNION SELECT period FROM finance_line WHERE agreement_id = ?1
         UNION SELECT period FROM evidence_file WHERE agreement_id = ?1
         UNION SELECT period FROM submission WHERE agreement_id = ?1
         UNION SELECT period FROM approval WHERE agreement_id = ?1
         UNION SELECT period FROM other_income WHERE agreement_id = ?1
         UNION SELECT period FROM finance_forecast WHERE agreement_id = ?1
         UNION SELECT period FROM milestone_note n JOIN milestone m ON m.id = n.milestone_id WHERE m.agreement_id = ?1
         ORDER BY 1",
    )?;
    let ids = stmt
        .query_map([agreement], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Refuses a change of dates, frequency or financial year that would leave
/// records under a period id the agreement would no longer have; `field`
/// is the form field the refusal is shown against.
pub(super) fn check_periods_kept(
    conn: &Connection,
    id: Key,
    agreement: &Agreement,
    fy_start_month: u32,
    field: &str,
) -> Result<()> {
    let periods = crate::periods::for_agreement(agreement, fy_start_month);
    let stranded: Vec<String> = period_ids_in_use(conn, id)?
        .into_iter()
        .filter(|used| !periods.iter().any(|p| &p.id == used))
        .collect();
    if stranded.is_empty() {
        return Ok(());
    }
    Err(Error::invalid(
        field,
        format!(
            "agreement {} has targets or returns kept under {}, which would no longer be among its periods; \
             keep the dates and frequency, or clear those records first",
            agreement.reference,
            stranded.join(", ")
        ),
    ))
}

pub(super) const PARTICIPANT_HINT: &str = "check the code against the list of participants";

pub(super) fn participant_id(conn: &Connection, code: &str) -> Result<Key> {
    id_of(
        conn,
        "participant",
        "code",
        code,
        "participant",
        PARTICIPANT_HINT,
    )
}

pub(super) const INDICATOR_HINT: &str = "check the name against the list of indicators";

pub(super) const OUTCOME_HINT: &str = "check the name against the list of outcomes";

pub(super) fn indicator_id(conn: &Connection, name: &str) -> Result<Key> {
    id_of(conn, "indicator", "name", name, "indicator", INDICATOR_HINT)
}

pub(super) fn outcome_id(conn: &Connection, name: &str) -> Result<Key> {
    id_of(conn, "outcome", "name", name, "outcome", OUTCOME_HINT)
}

/// The key of the record numbered `number` in `table` (assessments, log
/// entries, stories, evidence files), with the usual not-found error.
pub(super) fn numbered_key(conn: &Connection, table: &'static str, number: i64) -> Result<Key> {
    let (what, hint) = match table {
        "assessment" => (
            "assessment",
            "check the number against the list of assessments",
        ),
        "outcome_log" => (
            "outcome log entry",
            "check the number against the outcome log",
        ),
        "evidence_file" => (
            "evidence file",
            "check the number against the list of evidence files",
        ),
        "submission" => (
            "submission",
            "check the number against the period's submissions",
        ),
        _ => ("story", "check the number against the list of stories"),
    };
    conn.query_row(
        &format!("SELECT id FROM {table} WHERE number = ?1"),
        [number],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(Error::NotFound {
        what,
        key: number.to_string(),
        hint,
    })
}

/// The number the next record added to `table` is given: one after the
/// highest this laptop has given. Each laptop numbers from its own block of
/// a million (the first from 1, the second from 1,000,001), so that two
/// laptops never give the same number.
pub(super) fn next_row_number(conn: &Connection, table: &str) -> Result<i64> {
    let block: i64 = conn.query_row("SELECT block FROM sync_this WHERE one = 1", [], |r| {
        r.get(0)
    })?;
    let start = block * NUMBER_BLOCK;
    let highest: Option<i64> = conn.query_row(
        &format!("SELECT MAX(number) FROM {table} WHERE number > ?1 AND number <= ?2"),
        [start, start + NUMBER_BLOCK],
        |r| r.get(0),
    )?;
    Ok(highest.unwrap_or(start) + 1)
}

/// How many numbers each laptop's block holds.
const NUMBER_BLOCK: i64 = 1_000_000;

pub(super) const SESSION_HINT: &str = "check the reference against the list of sessions";

pub(super) fn session_id(conn: &Connection, reference: &str) -> Result<Key> {
    id_of(
        conn,
        "session",
        "reference",
        reference,
        "session",
        SESSION_HINT,
    )
}

pub(super) const MEASURE_HINT: &str = "check the code against the agreement's measures";

pub(super) fn find_measure(conn: &Connection, agreement: Key, code: &str) -> Result<Option<Key>> {
    Ok(conn
        .query_row(
            "SELECT id FROM measure WHERE agreement_id = ?1 AND code = ?2 COLLATE NOCASE",
            params![agreement, code.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

pub(super) fn measure_id(conn: &Connection, agreement: &str, code: &str) -> Result<Key> {
    let agreement_row = agreement_id(conn, agreement)?;
    find_measure(conn, agreement_row, code)?.ok_or_else(|| Error::NotFound {
        what: "measure",
        key: format!("{} in agreement {}", code.trim(), agreement.trim()),
        hint: MEASURE_HINT,
    })
}
/// The agreement's key and the period id as the agreement spells it;
/// refuses a period the agreement does not have.
pub(super) fn agreement_period(
    store: &super::Store,
    agreement: &str,
    period: &str,
) -> Result<(Key, String)> {
    let fy = store.organisation()?.fy_start_month;
    let conn: &Connection = store.read();
    let id = agreement_id(conn, agreement)?;
    let found = crate::periods::find(&read_agreement_by_id(conn, id)?, fy, period)?;
    Ok((id, found.id))
}
