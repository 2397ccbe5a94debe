//! What the privacy actions read and write (DESIGN "Privacy"): each
//! person's last contact, anonymising and deleting a person with every
//! trace in the history of changes, what is held about one person, and the
//! privacy log.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::shared::participant_id;
use super::Store;
use crate::error::Result;
use crate::history::Change;
use crate::key::Key;

/// What an anonymised person's records say in place of their name.
pub const ANONYMISED_NAME: &str = "Anonymised";

/// What anonymising a person writes: their name, referrer, notes and
/// stories' words go, their date of birth keeps only its year and month,
/// and their record is archived.
fn anonymise_records_of(conn: &Connection, id: Key) -> Result<()> {
    conn.execute(
        "UPDATE participant SET known_as = ?2,
             date_of_birth = CASE WHEN date_of_birth IS NULL THEN NULL
                                  ELSE substr(date_of_birth, 1, 8) || '01' END,
             referral_source = '', archived = 1
         WHERE id = ?1",
        params![id, ANONYMISED_NAME],
    )?;
    conn.execute(
        "UPDATE outcome_log SET note = '' WHERE participant_id = ?1",
        [id],
    )?;
    conn.execute(
        "UPDATE story SET title = 'A story (anonymised)', situation = '', action = '',
             difference = '', quote = ''
         WHERE participant_id = ?1",
        [id],
    )?;
    Ok(())
}

/// Anonymising is final: an anonymised person's name, date of birth and
/// referrer cannot be given back by an edit.
pub(super) fn refuse_giving_back(
    conn: &Connection,
    id: Key,
    edited: &crate::records::Participant,
) -> Result<()> {
    let now: Option<(String, Option<NaiveDate>, String)> = conn
        .query_row(
            "SELECT p.known_as, p.date_of_birth, p.referral_source FROM participant p
             JOIN anonymised a ON a.participant_id = p.id WHERE p.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((known_as, date_of_birth, referral_source)) = now else {
        return Ok(());
    };
    let field = if edited.known_as != known_as {
        "known_as"
    } else if edited.date_of_birth != date_of_birth {
        "date_of_birth"
    } else if edited.referral_source != referral_source {
        "referral_source"
    } else {
        return Ok(());
    };
    Err(crate::error::Error::invalid(
        field,
        "they were anonymised, which cannot be undone: their name, date of birth and referrer stay as anonymising left them",
    ))
}

/// Anonymising is final: every anonymised person whose records say more
/// than anonymising left (an edit made on another laptop before the
/// anonymising arrived there) is anonymised again, with the traces in this
/// laptop's history. Returns their codes. Every laptop does the same, so
/// they end the same.
pub(super) fn keep_anonymised(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.code FROM participant p JOIN anonymised a ON a.participant_id = p.id
         WHERE p.known_as != ?1 OR p.referral_source != '' OR p.archived != 1
            OR substr(p.date_of_birth, 9) != '01'
            OR (a.date_of_birth IS NOT NULL AND p.date_of_birth IS NOT a.date_of_birth)
            OR EXISTS (SELECT 1 FROM outcome_log o WHERE o.participant_id = p.id AND o.note != '')
            OR EXISTS (SELECT 1 FROM story s WHERE s.participant_id = p.id
                       AND (s.title != 'A story (anonymised)' OR s.situation != '' OR s.action != ''
                            OR s.difference != '' OR s.quote != ''))",
    )?;
    let people: Vec<(Key, String)> = stmt
        .query_map([ANONYMISED_NAME], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, _) in &people {
        conn.execute(
            "UPDATE participant SET date_of_birth = a.date_of_birth FROM anonymised a
             WHERE a.participant_id = participant.id AND participant.id = ?1
               AND a.date_of_birth IS NOT NULL",
            [id],
        )?;
        anonymise_records_of(conn, *id)?;
        forget_history_of(conn, *id)?;
    }
    Ok(people.into_iter().map(|(_, code)| code).collect())
}

/// A person and the last day they had contact with the organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LastContact {
    /// Their code.
    pub code: String,
    /// The name they are known by.
    pub known_as: String,
    /// Their latest register mark, score, outcome logged, story or leaving
    /// date; `None` when there is none.
    pub last_contact: Option<NaiveDate>,
}

/// One privacy action, as the log keeps it: no one's name or code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrivacyAction {
    /// When, in UTC, as SQLite writes it (`YYYY-MM-DD HH:MM:SS`).
    pub at: String,
    /// What was done.
    pub action: String,
    /// How many people it concerned.
    pub people: u32,
    /// Who did it (the computer's user name).
    pub done_by: String,
}

/// A register mark, as a subject-access export shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkHeld {
    /// The session's reference.
    pub session: String,
    /// The day.
    pub date: NaiveDate,
    /// The programme.
    pub programme: String,
}

/// An evidence file that is about the person or may show them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileHeld {
    /// The file's name as it was attached.
    pub file_name: String,
    /// What it is attached to ("story 3", "session S00012").
    pub attached_to: String,
}

/// The tables that hold a person's id, and the column that does: the
/// history keeps each record as an array of its columns, in order.
const PERSON_TABLES: [(&str, &str); 6] = [
    ("participant", "id"),
    ("participant_group", "participant_id"),
    ("attendance", "participant_id"),
    ("assessment", "participant_id"),
    ("outcome_log", "participant_id"),
    ("story", "participant_id"),
];

/// The position of `column` among `table`'s columns.
fn position(conn: &Connection, table: &str, column: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT cid FROM pragma_table_info(?1) WHERE name = ?2",
        params![table, column],
        |r| r.get(0),
    )?)
}

impl Store {
    /// Everyone not yet anonymised, with their last contact.
    pub fn last_contacts(&self) -> Result<Vec<LastContact>> {
        let mut stmt = self.read().prepare(
            "SELECT p.code, p.known_as, (SELECT MAX(day) FROM (
                 SELECT MAX(date) AS day FROM attendance WHERE participant_id = p.id
                 UNION ALL SELECT MAX(date) FROM assessment WHERE participant_id = p.id
                 UNION ALL SELECT MAX(date) FROM outcome_log WHERE participant_id = p.id
                 UNION ALL SELECT MAX(date) FROM story WHERE participant_id = p.id
                 UNION ALL SELECT p.left_date))
             FROM participant p
             WHERE p.id NOT IN (SELECT participant_id FROM anonymised)
             ORDER BY p.code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(LastContact {
                code: r.get(0)?,
                known_as: r.get(1)?,
                last_contact: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// When the person was anonymised, if they were.
    pub fn anonymised_on(&self, code: &str) -> Result<Option<NaiveDate>> {
        let conn = self.read();
        let id = participant_id(conn, code)?;
        let mut stmt = conn.prepare("SELECT on_date FROM anonymised WHERE participant_id = ?1")?;
        let mut rows = stmt.query([id])?;
        Ok(match rows.next()? {
            Some(row) => Some(row.get(0)?),
            None => None,
        })
    }

    /// Anonymises the people with these codes, in one transaction: their
    /// name, notes and stories' words go, their date of birth keeps only
    /// its year and month (so their age at the end of every month, and so
    /// every figure of every period, stays as it was), the coarse facts
    /// stay, and every trace of them in the history of changes goes.
    /// The privacy log notes it, by `done_by`, in the same transaction.
    pub fn anonymise_participants(
        &mut self,
        codes: &[String],
        on: NaiveDate,
        done_by: &str,
    ) -> Result<()> {
        let ids = self.write(|tx| {
            let mut ids = Vec::with_capacity(codes.len());
            for code in codes {
                let id = participant_id(tx, code)?;
                ids.push(id);
                anonymise_records_of(tx, id)?;
                tx.execute(
                    "INSERT OR REPLACE INTO anonymised (participant_id, on_date, date_of_birth)
                     SELECT ?1, ?2, date_of_birth FROM participant WHERE id = ?1",
                    params![id, on],
                )?;
                forget_history_of(tx, id)?;
            }
            note(tx, "anonymised", codes.len(), done_by)?;
            Ok(ids)
        })?;
        // The changes kept to be sent (the anonymising's own included)
        // keep nothing more of them than anonymising left.
        self.write(|tx| super::scrub::forget_in_sync(tx, &ids).map(|_| ()))
    }

    /// Deletes the person with this code completely, in one transaction:
    /// their record, register marks, scores, outcomes logged, stories (and
    /// the evidence attached to them), and every trace in the history of
    /// changes. Submitted returns keep their values as sent. The privacy
    /// log notes it, by `done_by`, in the same transaction.
    pub fn delete_participant_completely(&mut self, code: &str, done_by: &str) -> Result<()> {
        let id = self.write(|tx| {
            let id = participant_id(tx, code)?;
            // The stories' own links and files, and their history.
            let stories: Vec<Key> = tx
                .prepare("SELECT id FROM story WHERE participant_id = ?1")?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for story in &stories {
                for (table, column) in [("story_measure", "story_id"), ("evidence_file", "story_id")] {
                    let k = position(tx, table, column)?;
                    tx.execute(
                        &format!(
                            "DELETE FROM change_history WHERE table_name = '{table}'
                             AND (json_extract(before, '$[{k}]') = ?1 OR json_extract(after, '$[{k}]') = ?1)"
                        ),
                        [story],
                    )?;
                }
            }
            // A register's marks are deleted without a note (as an import
            // adds them); the rest are forgotten below.
            tx.execute("INSERT OR IGNORE INTO history_pause (paused) VALUES (1)", [])?;
            for table in ["attendance", "assessment", "outcome_log"] {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE participant_id = ?1"),
                    [id],
                )?;
            }
            for story in &stories {
                tx.execute("DELETE FROM story_measure WHERE story_id = ?1", [story])?;
                tx.execute("DELETE FROM story WHERE id = ?1", [story])?;
            }
            tx.execute("DELETE FROM participant WHERE id = ?1", [id])?;
            tx.execute("DELETE FROM history_pause", [])?;
            // Whatever the deletions noted, with all that came before.
            forget_history_of(tx, id)?;
            note(tx, "deleted completely", 1, done_by)?;
            Ok(id)
        })?;
        // The changes kept to be sent (the deletion's own included) keep
        // nothing of them either.
        self.write(|tx| super::scrub::forget_in_sync(tx, &[id]).map(|_| ()))
    }

    /// The register marks of the person with this code, by date.
    pub fn marks_of(&self, code: &str) -> Result<Vec<MarkHeld>> {
        let conn = self.read();
        let id = participant_id(conn, code)?;
        let mut stmt = conn.prepare(
            "SELECT s.reference, s.date, p.name FROM attendance a
             JOIN session s ON s.id = a.session_id JOIN programme p ON p.id = s.programme_id
             WHERE a.participant_id = ?1 ORDER BY s.date, s.reference",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(MarkHeld {
                session: r.get(0)?,
                date: r.get(1)?,
                programme: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The evidence files attached to the person's stories and to the
    /// sessions they came to (a sign-in sheet or a photo may show them).
    pub fn files_about(&self, code: &str) -> Result<Vec<FileHeld>> {
        let conn = self.read();
        let id = participant_id(conn, code)?;
        let mut stmt = conn.prepare(
            "SELECT e.file_name, 'story ' || e.story_id FROM evidence_file e
             JOIN story st ON st.id = e.story_id WHERE st.participant_id = ?1
             UNION ALL
             SELECT e.file_name, 'session ' || s.reference FROM evidence_file e
             JOIN session s ON s.id = e.session_id
             WHERE s.id IN (SELECT session_id FROM attendance WHERE participant_id = ?1)
             ORDER BY 2, 1",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(FileHeld {
                file_name: r.get(0)?,
                attached_to: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every change in the history that is about the person with this
    /// code, oldest first (a register import's entry counts when it holds
    /// one of their marks).
    pub fn changes_about(&self, code: &str) -> Result<Vec<Change>> {
        let conn = self.read();
        let id = participant_id(conn, code)?;
        let mut ids = Vec::new();
        for (table, column) in PERSON_TABLES {
            let k = position(conn, table, column)?;
            let mut stmt = conn.prepare(&format!(
                "SELECT id FROM change_history WHERE table_name = '{table}' AND (
                     json_extract(before, '$[{k}]') = ?1 OR json_extract(after, '$[{k}]') = ?1
                     OR EXISTS (SELECT 1 FROM json_each(CASE WHEN json_type(after, '$[0]') = 'array' THEN after ELSE '[]' END)
                                WHERE json_extract(value, '$[{k}]') = ?1))"
            ))?;
            let found = stmt.query_map([id], |r| r.get::<_, i64>(0))?;
            for found in found {
                ids.push(found?);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let mut changes = Vec::new();
        for change_id in ids {
            let mut change = self.change(change_id)?;
            // A register import's entry holds everyone's marks: only theirs.
            if let Some(serde_json::Value::Array(marks)) = &mut change.after {
                let id = id.text();
                marks.retain(|m| m.get("participant_id").and_then(|p| p.as_str()) == Some(&id));
            }
            changes.push(change);
        }
        Ok(changes)
    }

    /// Notes a privacy action in the log (one that changes no record, such
    /// as a subject-access export).
    pub fn log_privacy_action(&mut self, action: &str, people: usize, done_by: &str) -> Result<()> {
        self.write(|tx| note(tx, action, people, done_by))
    }

    /// The privacy log, newest first.
    pub fn privacy_log(&self) -> Result<Vec<PrivacyAction>> {
        let mut stmt = self
            .read()
            .prepare("SELECT at, action, people, done_by FROM privacy_log ORDER BY id DESC")?;
        let rows = stmt.query_map([], |r| {
            Ok(PrivacyAction {
                at: r.get(0)?,
                action: r.get(1)?,
                people: r.get(2)?,
                done_by: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The SHA-256 of every evidence file attached to the stories of the
    /// person with this code.
    pub fn evidence_of_stories(&self, code: &str) -> Result<Vec<String>> {
        let mut stmt = self.read().prepare(
            "SELECT e.sha256 FROM evidence_file e JOIN story s ON s.id = e.story_id
             JOIN participant p ON p.id = s.participant_id WHERE p.code = ?1",
        )?;
        let found = stmt
            .query_map([code], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(found)
    }

    /// Rewrites the database file so that nothing deleted or overwritten
    /// lingers in its free pages or its write-ahead log.
    pub fn compact(&mut self) -> Result<()> {
        let conn = &self.conn;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        conn.execute_batch("VACUUM")?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// Adds a line to the privacy log: what, how many people, by whom.
fn note(conn: &Connection, action: &str, people: usize, done_by: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO privacy_log (action, people, done_by) VALUES (?1, ?2, ?3)",
        params![action, people as i64, done_by],
    )?;
    Ok(())
}

/// Removes every trace of the person with key `id` from the history of
/// changes: the entries about their records, and their marks from the
/// entries of register imports (which keep everyone else's).
pub(super) fn forget_history_of(conn: &Connection, id: Key) -> Result<()> {
    for (table, column) in PERSON_TABLES {
        let k = position(conn, table, column)?;
        conn.execute(
            &format!(
                "UPDATE change_history SET after = (
                     SELECT json_group_array(json(value)) FROM json_each(after)
                     WHERE json_extract(value, '$[{k}]') IS NOT ?1)
                 WHERE table_name = '{table}' AND json_type(after, '$[0]') = 'array'"
            ),
            [id],
        )?;
        conn.execute(
            &format!(
                "DELETE FROM change_history WHERE table_name = '{table}'
                 AND (json_extract(before, '$[{k}]') = ?1 OR json_extract(after, '$[{k}]') = ?1
                      OR after = '[]')"
            ),
            [id],
        )?;
    }
    Ok(())
}
