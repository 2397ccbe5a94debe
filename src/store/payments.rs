//! Payments: an agreement's instalments (one a day, found by the day it is
//! expected), returns marked accepted by the funder, and the cash in hand
//! the cash flow starts from.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};

use super::shared::{agreement_id, agreement_period, duplicate, Columns};
use super::Store;
use crate::error::{Error, Result};
use crate::key::Key;
use crate::records::{Acceptance, Instalment};

const INSTALMENT_HINT: &str = "check the day it is expected against the agreement's instalments";

fn not_found(day: NaiveDate) -> Error {
    Error::NotFound {
        what: "instalment expected on",
        key: day.to_string(),
        hint: INSTALMENT_HINT,
    }
}

fn instalment_columns(i: &Instalment) -> Columns<'_> {
    Columns::new()
        .and("amount_pence", i.amount_pence)
        .and("expected_on", i.expected_on)
        .and("waits_for", i.waits_for.as_deref())
        .and("received_on", i.received_on)
        .and("received_pence", i.received_pence)
        .and("note", i.note.as_str())
}

fn instalment_id(
    conn: &rusqlite::Connection,
    agreement: Key,
    day: NaiveDate,
) -> Result<Option<Key>> {
    Ok(conn
        .query_row(
            "SELECT id FROM instalment WHERE agreement_id = ?1 AND expected_on = ?2",
            params![agreement, day],
            |r| r.get(0),
        )
        .optional()?)
}

fn instalment_row(r: &Row) -> rusqlite::Result<Instalment> {
    Ok(Instalment {
        agreement: r.get(0)?,
        amount_pence: r.get(1)?,
        expected_on: r.get(2)?,
        waits_for: r.get(3)?,
        received_on: r.get(4)?,
        received_pence: r.get(5)?,
        note: r.get(6)?,
    })
}

const INSTALMENTS: &str =
    "SELECT a.reference, i.amount_pence, i.expected_on, i.waits_for, i.received_on,
    i.received_pence, i.note FROM instalment i JOIN agreement a ON a.id = i.agreement_id";

impl Store {
    /// Adds an instalment to its agreement.
    pub fn add_instalment(&mut self, instalment: &Instalment) -> Result<()> {
        self.add_instalments(
            &instalment.agreement,
            std::slice::from_ref(instalment),
            false,
        )
    }

    /// Adds `instalments` to `agreement`, in one write; with `replacing`,
    /// in place of its schedule, which must have nothing received yet.
    pub fn add_instalments(
        &mut self,
        agreement: &str,
        instalments: &[Instalment],
        replacing: bool,
    ) -> Result<()> {
        let instalments = self.checked(agreement, instalments)?;
        self.write(|tx| {
            let agreement_row = agreement_id(tx, agreement)?;
            if replacing {
                let received: bool = tx
                    .prepare("SELECT 1 FROM instalment WHERE agreement_id = ?1 AND received_on IS NOT NULL")?
                    .exists([agreement_row])?;
                if received {
                    return Err(Error::invalid(
                        "instalments",
                        "some of its instalments have arrived already; change the schedule one instalment at a time",
                    ));
                }
                tx.execute("DELETE FROM instalment WHERE agreement_id = ?1", [agreement_row])?;
            }
            for i in &instalments {
                if instalment_id(tx, agreement_row, i.expected_on)?.is_some() {
                    return Err(duplicate("instalment", "expected_on", &i.expected_on.to_string()));
                }
                instalment_columns(i)
                    .and("agreement_id", agreement_row)
                    .insert(tx, "instalment", Key::new())?;
            }
            Ok(())
        })
    }

    /// `instalments` checked, each waiting for a period of `agreement`'s
    /// as the agreement spells it.
    fn checked(&self, agreement: &str, instalments: &[Instalment]) -> Result<Vec<Instalment>> {
        let mut checked = Vec::with_capacity(instalments.len());
        for i in instalments {
            i.validate()?;
            let mut i = i.clone();
            if let Some(period) = i.waits_for.as_deref().filter(|p| !p.trim().is_empty()) {
                i.waits_for = Some(agreement_period(self, agreement, period)?.1);
            } else {
                i.waits_for = None;
            }
            checked.push(i);
        }
        Ok(checked)
    }

    /// Replaces the instalment of `agreement` expected on `day`.
    pub fn update_instalment(&mut self, day: NaiveDate, instalment: &Instalment) -> Result<()> {
        let checked = self.checked(&instalment.agreement, std::slice::from_ref(instalment))?;
        let instalment = &checked[0];
        self.write(|tx| {
            let agreement_row = agreement_id(tx, &instalment.agreement)?;
            let id = instalment_id(tx, agreement_row, day)?.ok_or_else(|| not_found(day))?;
            if instalment_id(tx, agreement_row, instalment.expected_on)?
                .is_some_and(|other| other != id)
            {
                return Err(duplicate(
                    "instalment",
                    "expected_on",
                    &instalment.expected_on.to_string(),
                ));
            }
            instalment_columns(instalment).update(tx, "instalment", id)
        })
    }

    /// Deletes the instalment of `agreement` expected on `day`.
    pub fn delete_instalment(&mut self, agreement: &str, day: NaiveDate) -> Result<()> {
        self.write(|tx| {
            let id = instalment_id(tx, agreement_id(tx, agreement)?, day)?
                .ok_or_else(|| not_found(day))?;
            tx.execute("DELETE FROM instalment WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// The instalment of `agreement` expected on `day`.
    pub fn instalment(&self, agreement: &str, day: NaiveDate) -> Result<Instalment> {
        self.instalments(Some(agreement))?
            .into_iter()
            .find(|i| i.expected_on == day)
            .ok_or_else(|| not_found(day))
    }

    /// The instalments of `agreement`, or of every agreement, by the day
    /// they are expected.
    pub fn instalments(&self, agreement: Option<&str>) -> Result<Vec<Instalment>> {
        let conn = self.read();
        let found = match agreement {
            Some(reference) => {
                let id = agreement_id(conn, reference)?;
                let mut stmt = conn.prepare(&format!(
                    "{INSTALMENTS} WHERE i.agreement_id = ?1 ORDER BY i.expected_on"
                ))?;
                let rows = stmt.query_map([id], instalment_row)?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            }
            None => {
                let mut stmt = conn.prepare(&format!(
                    "{INSTALMENTS} ORDER BY i.expected_on, a.reference"
                ))?;
                let rows = stmt.query_map([], instalment_row)?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            }
        };
        Ok(found)
    }

    /// Marks a period's return accepted by the funder (in place of an
    /// earlier acceptance).
    pub fn accept_return(&mut self, acceptance: &Acceptance) -> Result<Acceptance> {
        crate::records::check_text(
            "note",
            &acceptance.note,
            false,
            crate::records::LONG_TEXT_MAX,
        )?;
        let (agreement_row, period) =
            agreement_period(self, &acceptance.agreement, &acceptance.period)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO acceptance (agreement_id, period, accepted_on, note) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (agreement_id, period) DO UPDATE SET accepted_on = excluded.accepted_on,
                 note = excluded.note",
                params![agreement_row, period, acceptance.accepted_on, acceptance.note],
            )?;
            Ok(())
        })?;
        Ok(Acceptance {
            period,
            ..acceptance.clone()
        })
    }

    /// The returns of `agreement` the funder has accepted.
    pub fn acceptances(&self, agreement: &str) -> Result<Vec<Acceptance>> {
        let conn = self.read();
        let id = agreement_id(conn, agreement)?;
        let mut stmt = conn.prepare(
            "SELECT a.reference, c.period, c.accepted_on, c.note FROM acceptance c
             JOIN agreement a ON a.id = c.agreement_id WHERE c.agreement_id = ?1 ORDER BY c.period",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(Acceptance {
                agreement: r.get(0)?,
                period: r.get(1)?,
                accepted_on: r.get(2)?,
                note: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keeps the money in hand, as typed, on `as_of`.
    pub fn set_cash_balance(&mut self, amount_pence: i64, as_of: NaiveDate) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO cash_balance (id, amount_pence, as_of) VALUES ('opening', ?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET amount_pence = excluded.amount_pence, as_of = excluded.as_of",
                params![amount_pence, as_of],
            )?;
            Ok(())
        })
    }

    /// The money in hand last typed, and the day it was so.
    pub fn cash_balance(&self) -> Result<Option<(i64, NaiveDate)>> {
        Ok(self
            .read()
            .query_row(
                "SELECT amount_pence, as_of FROM cash_balance WHERE id = 'opening'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }
}
