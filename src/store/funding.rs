//! Funders, programmes and agreements, and archiving of any named record.

use rusqlite::{params, Connection, Row};

use super::shared::{
    agreement_id, check_periods_kept, id_of, must_be_free, programme_id, read_agreement_by_id,
    Columns, AGREEMENT_HINT, FUNDER_HINT, INDICATOR_HINT, OUTCOME_HINT, PARTICIPANT_HINT,
    PROGRAMME_HINT,
};
use super::Store;
use crate::error::{Error, Result};
use crate::key::Key;
use crate::records::{Agreement, Funder, Programme};

/// A kind of record that is archived rather than deleted, with its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Archivable {
    /// A funder, by name.
    Funder,
    /// A programme, by name.
    Programme,
    /// An agreement, by reference.
    Agreement,
    /// A participant, by code.
    Participant,
    /// An indicator, by name.
    Indicator,
    /// An outcome, by name.
    Outcome,
}

impl Archivable {
    fn table_key_hint(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Archivable::Funder => ("funder", "name", "funder", FUNDER_HINT),
            Archivable::Programme => ("programme", "name", "programme", PROGRAMME_HINT),
            Archivable::Agreement => ("agreement", "reference", "agreement", AGREEMENT_HINT),
            Archivable::Participant => ("participant", "code", "participant", PARTICIPANT_HINT),
            Archivable::Indicator => ("indicator", "name", "indicator", INDICATOR_HINT),
            Archivable::Outcome => ("outcome", "name", "outcome", OUTCOME_HINT),
        }
    }
}

impl Store {
    /// Archives (or with `archived = false`, brings back) a record.
    pub fn set_archived(&mut self, kind: Archivable, key: &str, archived: bool) -> Result<()> {
        let (table, column, what, hint) = kind.table_key_hint();
        self.write(|tx| {
            let id = id_of(tx, table, column, key, what, hint)?;
            tx.execute(
                &format!("UPDATE {table} SET archived = ?1 WHERE id = ?2"),
                params![archived, id],
            )?;
            Ok(())
        })
    }

    /// Adds a funder.
    pub fn add_funder(&mut self, funder: &Funder) -> Result<()> {
        funder.validate()?;
        self.write(|tx| {
            must_be_free(tx, "funder", "funder", "name", &funder.name, None)?;
            funder_columns(funder).insert(tx, "funder", Key::new())
        })
    }

    /// Replaces the funder called `name` with `funder`.
    pub fn update_funder(&mut self, name: &str, funder: &Funder) -> Result<()> {
        funder.validate()?;
        self.write(|tx| {
            let id = id_of(tx, "funder", "name", name, "funder", FUNDER_HINT)?;
            must_be_free(tx, "funder", "funder", "name", &funder.name, Some(id))?;
            funder_columns(funder).update(tx, "funder", id)
        })
    }

    /// The funder called `name`.
    pub fn funder(&self, name: &str) -> Result<Funder> {
        let id = id_of(self.read(), "funder", "name", name, "funder", FUNDER_HINT)?;
        Ok(self.read().query_row(
            "SELECT name, contact, archived FROM funder WHERE id = ?1",
            [id],
            funder_row,
        )?)
    }

    /// Every funder, by name; archived ones only when asked.
    pub fn funders(&self, include_archived: bool) -> Result<Vec<Funder>> {
        let mut stmt = self.read().prepare(
            "SELECT name, contact, archived FROM funder WHERE archived <= ?1 ORDER BY name",
        )?;
        let rows = stmt.query_map([include_archived], funder_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a programme.
    pub fn add_programme(&mut self, programme: &Programme) -> Result<()> {
        programme.validate()?;
        self.write(|tx| insert_programme(tx, programme).map(|_| ()))
    }

    /// Replaces the programme called `name` with `programme`.
    pub fn update_programme(&mut self, name: &str, programme: &Programme) -> Result<()> {
        programme.validate()?;
        self.write(|tx| {
            let id = id_of(tx, "programme", "name", name, "programme", PROGRAMME_HINT)?;
            must_be_free(
                tx,
                "programme",
                "programme",
                "name",
                &programme.name,
                Some(id),
            )?;
            programme_columns(programme).update(tx, "programme", id)
        })
    }

    /// The programme called `name`.
    pub fn programme(&self, name: &str) -> Result<Programme> {
        let id = programme_id(self.read(), name)?;
        Ok(self.read().query_row(
            "SELECT name, description, archived FROM programme WHERE id = ?1",
            [id],
            programme_row,
        )?)
    }

    /// Every programme, by name; archived ones only when asked.
    pub fn programmes(&self, include_archived: bool) -> Result<Vec<Programme>> {
        let mut stmt = self.read().prepare(
            "SELECT name, description, archived FROM programme WHERE archived <= ?1 ORDER BY name",
        )?;
        let rows = stmt.query_map([include_archived], programme_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds an agreement with its programmes and narrative headings. A
    /// funder or programme it names that does not exist yet is created.
    pub fn add_agreement(&mut self, agreement: &Agreement) -> Result<()> {
        agreement.validate()?;
        self.write(|tx| {
            must_be_free(
                tx,
                "agreement",
                "agreement",
                "reference",
                &agreement.reference,
                None,
            )?;
            let funder_id = funder_id_or_create(tx, &agreement.funder)?;
            let id = Key::new();
            agreement_columns(agreement, funder_id).insert(tx, "agreement", id)?;
            write_agreement_links(tx, id, agreement)
        })
    }

    /// Replaces the agreement with reference `reference` with `agreement`.
    /// Narrative answers under headings that stay are kept. Refused if new
    /// dates or frequency would strand records kept under a period id.
    pub fn update_agreement(&mut self, reference: &str, agreement: &Agreement) -> Result<()> {
        agreement.validate()?;
        let fy = self.organisation()?.fy_start_month;
        self.write(|tx| {
            let id = agreement_id(tx, reference)?;
            let before = read_agreement_by_id(tx, id)?;
            let field = if before.frequency != agreement.frequency {
                "frequency"
            } else if before.start_date != agreement.start_date {
                "start_date"
            } else {
                "end_date"
            };
            check_periods_kept(tx, id, agreement, fy, field)?;
            must_be_free(
                tx,
                "agreement",
                "agreement",
                "reference",
                &agreement.reference,
                Some(id),
            )?;
            let funder_id = funder_id_or_create(tx, &agreement.funder)?;
            agreement_columns(agreement, funder_id).update(tx, "agreement", id)?;
            write_agreement_links(tx, id, agreement)
        })
    }

    /// The agreement with reference `reference`.
    pub fn agreement(&self, reference: &str) -> Result<Agreement> {
        let id = agreement_id(self.read(), reference)?;
        read_agreement_by_id(self.read(), id)
    }

    /// The periods of the agreement with `reference`, for this
    /// organisation's financial year.
    pub fn periods(&self, reference: &str) -> Result<Vec<crate::periods::Period>> {
        let fy_start_month = self.organisation()?.fy_start_month;
        Ok(crate::periods::for_agreement(
            &self.agreement(reference)?,
            fy_start_month,
        ))
    }

    /// Every agreement, by start date then reference; archived ones only when asked.
    pub fn agreements(&self, include_archived: bool) -> Result<Vec<Agreement>> {
        let ids: Vec<Key> = {
            let mut stmt = self.read().prepare(
                "SELECT id FROM agreement WHERE archived <= ?1 ORDER BY start_date, reference",
            )?;
            let rows = stmt.query_map([include_archived], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        ids.into_iter()
            .map(|id| read_agreement_by_id(self.read(), id))
            .collect()
    }
}

/// A funder's columns, as the funder table holds them.
fn funder_columns(funder: &Funder) -> Columns<'_> {
    Columns::new()
        .and("name", funder.name.trim())
        .and("contact", funder.contact.trim())
        .and("archived", funder.archived)
}

/// A programme's columns, as the programme table holds them.
fn programme_columns(programme: &Programme) -> Columns<'_> {
    Columns::new()
        .and("name", programme.name.trim())
        .and("description", &programme.description)
        .and("archived", programme.archived)
}

/// An agreement's own columns (its programmes, headings and summary are
/// written by `write_agreement_links`), paid by the funder `funder_id`.
fn agreement_columns(agreement: &Agreement, funder_id: Key) -> Columns<'_> {
    Columns::new()
        .and("reference", agreement.reference.trim())
        .and("funder_id", funder_id)
        .and("title", agreement.title.trim())
        .and("kind", agreement.kind.as_str())
        .and("start_date", agreement.start_date)
        .and("end_date", agreement.end_date)
        .and("value_pence", agreement.value_pence)
        .and("frequency", agreement.frequency.as_str())
        .and("due_days", agreement.due_days)
        .and("archived", agreement.archived)
}

/// Adds a programme; returns its key.
fn insert_programme(conn: &Connection, programme: &Programme) -> Result<Key> {
    must_be_free(
        conn,
        "programme",
        "programme",
        "name",
        &programme.name,
        None,
    )?;
    let id = Key::new();
    programme_columns(programme).insert(conn, "programme", id)?;
    Ok(id)
}

fn funder_id_or_create(conn: &Connection, name: &str) -> Result<Key> {
    match id_of(conn, "funder", "name", name, "funder", FUNDER_HINT) {
        Err(Error::NotFound { .. }) => {
            let id = Key::new();
            conn.execute(
                "INSERT INTO funder (id, name) VALUES (?1, ?2)",
                params![id, name.trim()],
            )?;
            Ok(id)
        }
        found => found,
    }
}

/// Replaces an agreement's programmes (creating new ones), narrative headings
/// (keeping the answers under headings that stay) and cost headings (a
/// finance line under a heading taken away stays, and still shows).
fn write_agreement_links(conn: &Connection, id: Key, agreement: &Agreement) -> Result<()> {
    conn.execute(
        "UPDATE agreement SET summary = ?1, participant_rows = ?2 WHERE id = ?3",
        params![agreement.summary.trim(), agreement.participant_rows, id],
    )?;
    conn.execute(
        "DELETE FROM agreement_programme WHERE agreement_id = ?1",
        [id],
    )?;
    for name in &agreement.programmes {
        let programme = match programme_id(conn, name) {
            Err(Error::NotFound { .. }) => insert_programme(
                conn,
                &Programme {
                    name: name.clone(),
                    ..Programme::default()
                },
            )?,
            found => found?,
        };
        conn.execute(
            "INSERT OR IGNORE INTO agreement_programme (agreement_id, programme_id) VALUES (?1, ?2)",
            [id, programme],
        )?;
    }
    let kept: Vec<&str> = agreement
        .headings
        .iter()
        .map(|h| h.heading.trim())
        .collect();
    let existing: Vec<(Key, String)> = {
        let mut stmt =
            conn.prepare("SELECT id, heading FROM narrative_heading WHERE agreement_id = ?1")?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (heading_id, heading) in &existing {
        if !kept.iter().any(|k| k.eq_ignore_ascii_case(heading)) {
            conn.execute("DELETE FROM narrative_heading WHERE id = ?1", [heading_id])?;
        }
    }
    for (position, h) in agreement.headings.iter().enumerate() {
        let kept = existing
            .iter()
            .find(|(_, heading)| heading.eq_ignore_ascii_case(h.heading.trim()));
        match kept {
            Some((heading_id, _)) => conn.execute(
                "UPDATE narrative_heading SET position = ?1, heading = ?2, guidance = ?3 WHERE id = ?4",
                params![position as i64, h.heading.trim(), h.guidance, heading_id],
            )?,
            None => conn.execute(
                "INSERT INTO narrative_heading (id, agreement_id, position, heading, guidance) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![Key::new(), id, position as i64, h.heading.trim(), h.guidance],
            )?,
        };
    }
    conn.execute("DELETE FROM cost_heading WHERE agreement_id = ?1", [id])?;
    for (position, heading) in agreement.cost_headings.iter().enumerate() {
        conn.execute(
            "INSERT INTO cost_heading (agreement_id, position, heading) VALUES (?1, ?2, ?3)",
            params![id, position as i64, heading.trim()],
        )?;
    }
    Ok(())
}

fn funder_row(r: &Row) -> rusqlite::Result<Funder> {
    Ok(Funder {
        name: r.get(0)?,
        contact: r.get(1)?,
        archived: r.get(2)?,
    })
}

fn programme_row(r: &Row) -> rusqlite::Result<Programme> {
    Ok(Programme {
        name: r.get(0)?,
        description: r.get(1)?,
        archived: r.get(2)?,
    })
}

impl crate::periods::Calendar for Store {
    fn agreement_periods(&self, reference: &str) -> Result<Vec<crate::periods::Period>> {
        self.periods(reference)
    }
}
