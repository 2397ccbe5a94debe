//! Milestones (what an agreement delivers that is not a number, with a note
//! per period) and approvals of returns.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension, Row};

use super::shared::{agreement_id, agreement_period, duplicate, stored_word, Columns};
use super::Store;
use crate::error::{Error, Result};
use crate::key::Key;
use crate::records::{check_text, Approval, Milestone, MilestoneStatus, LONG_TEXT_MAX};

const MILESTONE_HINT: &str = "check the title against the agreement's milestones";

impl Store {
    /// Adds a milestone to its agreement.
    pub fn add_milestone(&mut self, milestone: &Milestone) -> Result<()> {
        milestone.validate()?;
        self.write(|tx| {
            let agreement = agreement_id(tx, &milestone.agreement)?;
            if find_milestone(tx, agreement, &milestone.title)?.is_some() {
                return Err(duplicate("milestone", "title", &milestone.title));
            }
            milestone_columns(milestone)
                .and("agreement_id", agreement)
                .insert(tx, "milestone", Key::new())
        })
    }

    /// Replaces the milestone titled `title` (its notes are kept).
    pub fn update_milestone(&mut self, title: &str, milestone: &Milestone) -> Result<()> {
        milestone.validate()?;
        self.write(|tx| {
            let agreement = agreement_id(tx, &milestone.agreement)?;
            let id = milestone_id(tx, agreement, title)?;
            if find_milestone(tx, agreement, &milestone.title)?.is_some_and(|other| other != id) {
                return Err(duplicate("milestone", "title", &milestone.title));
            }
            milestone_columns(milestone).update(tx, "milestone", id)
        })
    }

    /// The milestone of `agreement` titled `title` (in any case).
    pub fn milestone(&self, agreement: &str, title: &str) -> Result<Milestone> {
        self.milestones(agreement)?
            .into_iter()
            .find(|m| m.title.eq_ignore_ascii_case(title.trim()))
            .ok_or_else(|| not_found(title))
    }

    /// An agreement's milestones, by due date, with their notes.
    pub fn milestones(&self, agreement: &str) -> Result<Vec<Milestone>> {
        let conn = self.read();
        let agreement_row = agreement_id(conn, agreement)?;
        let mut stmt = conn.prepare(
            "SELECT m.id, m.title, m.due_date, m.status, a.reference FROM milestone m
             JOIN agreement a ON a.id = m.agreement_id WHERE m.agreement_id = ?1 ORDER BY m.due_date, m.id",
        )?;
        let rows = stmt.query_map([agreement_row], |r| {
            Ok((r.get::<_, Key>(0)?, milestone_row(r)?))
        })?;
        let mut notes =
            conn.prepare("SELECT period, text FROM milestone_note WHERE milestone_id = ?1")?;
        let mut found = Vec::new();
        for row in rows {
            let (id, mut m) = row?;
            m.notes = notes
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<BTreeMap<String, String>>>()?;
            found.push(m);
        }
        Ok(found)
    }

    /// Sets (or with empty text, clears) a milestone's note for a period.
    pub fn set_milestone_note(
        &mut self,
        agreement: &str,
        title: &str,
        period: &str,
        text: &str,
    ) -> Result<()> {
        check_text("note", text, false, LONG_TEXT_MAX)?;
        let (agreement_row, period) = agreement_period(self, agreement, period)?;
        self.write(|tx| {
            let id = milestone_id(tx, agreement_row, title)?;
            if text.trim().is_empty() {
                tx.execute(
                    "DELETE FROM milestone_note WHERE milestone_id = ?1 AND period = ?2",
                    params![id, period],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO milestone_note (milestone_id, period, text) VALUES (?1, ?2, ?3)
                     ON CONFLICT (milestone_id, period) DO UPDATE SET text = excluded.text",
                    params![id, period, text],
                )?;
            }
            Ok(())
        })
    }

    /// Deletes a milestone and its notes.
    pub fn delete_milestone(&mut self, agreement: &str, title: &str) -> Result<()> {
        self.write(|tx| {
            let id = milestone_id(tx, agreement_id(tx, agreement)?, title)?;
            tx.execute("DELETE FROM milestone WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// Marks a period's return approved (replacing an earlier approval).
    pub fn approve(&mut self, approval: &Approval) -> Result<Approval> {
        approval.validate()?;
        let (agreement, period) = agreement_period(self, &approval.agreement, &approval.period)?;
        let kept = Approval {
            agreement: read_reference(self, agreement)?,
            period,
            name: approval.name.trim().to_string(),
            role: approval.role.trim().to_string(),
            approved_at: approval.approved_at,
            second_name: approval.second_name.trim().to_string(),
            second_role: approval.second_role.trim().to_string(),
        };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO approval (agreement_id, period, name, role, approved_at, second_name, second_role)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (agreement_id, period) DO UPDATE SET name = excluded.name, role = excluded.role,
                 approved_at = excluded.approved_at, second_name = excluded.second_name, second_role = excluded.second_role",
                params![agreement, kept.period, kept.name, kept.role, kept.approved_at, kept.second_name, kept.second_role],
            )?;
            Ok(())
        })?;
        Ok(kept)
    }

    /// The approval of a period's return, if it has been approved.
    pub fn approval(&self, agreement: &str, period: &str) -> Result<Option<Approval>> {
        let (agreement_row, period) = agreement_period(self, agreement, period)?;
        let reference = read_reference(self, agreement_row)?;
        Ok(self
            .read()
            .query_row(
                "SELECT name, role, approved_at, second_name, second_role FROM approval WHERE agreement_id = ?1 AND period = ?2",
                params![agreement_row, period],
                |r| {
                    Ok(Approval {
                        agreement: reference.clone(),
                        period: period.clone(),
                        name: r.get(0)?,
                        role: r.get(1)?,
                        approved_at: r.get::<_, NaiveDateTime>(2)?,
                        second_name: r.get(3)?,
                        second_role: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }
}

fn read_reference(store: &Store, agreement_row: Key) -> Result<String> {
    Ok(store.read().query_row(
        "SELECT reference FROM agreement WHERE id = ?1",
        [agreement_row],
        |r| r.get(0),
    )?)
}

fn find_milestone(conn: &rusqlite::Connection, agreement: Key, title: &str) -> Result<Option<Key>> {
    Ok(conn
        .query_row(
            "SELECT id FROM milestone WHERE agreement_id = ?1 AND title = ?2 COLLATE NOCASE",
            params![agreement, title.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

fn milestone_id(conn: &rusqlite::Connection, agreement: Key, title: &str) -> Result<Key> {
    find_milestone(conn, agreement, title)?.ok_or_else(|| not_found(title))
}

fn not_found(title: &str) -> Error {
    Error::NotFound {
        what: "milestone",
        key: title.trim().to_string(),
        hint: MILESTONE_HINT,
    }
}

fn milestone_row(r: &Row) -> rusqlite::Result<Milestone> {
    Ok(Milestone {
        agreement: r.get(4)?,
        title: r.get(1)?,
        due_date: r.get(2)?,
        status: stored_word(r, 3, MilestoneStatus::parse)?,
        notes: BTreeMap::new(),
    })
}

/// A milestone's columns (but its agreement, given once when it is added).
fn milestone_columns(milestone: &Milestone) -> Columns<'_> {
    Columns::new()
        .and("title", milestone.title.trim())
        .and("due_date", milestone.due_date)
        .and("status", milestone.status.as_str())
}
