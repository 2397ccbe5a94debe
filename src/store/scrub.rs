//! Erasure reaches what is kept to be sent: a person anonymised or deleted
//! leaves no name, date of birth, referrer, note or story in this laptop's
//! outbox, nor in the files it keeps until every laptop has them (which are
//! then written again into the shared folder without them). Their values
//! are rewritten to what anonymising leaves, in every change that holds
//! them: the changes still apply on every laptop, and say nothing of them.

use std::collections::HashSet;

use rusqlite::types::Value;
use rusqlite::{params, Connection};

use super::changeset::{self, Item};
use super::privacy::ANONYMISED_NAME;
use crate::error::Result;
use crate::key::Key;

/// What anonymising leaves of `column` of `table`, for a value that says
/// more; `None` for a column that says nothing of the person.
fn anonymised(table: &str, column: &str, value: &Value) -> Option<Value> {
    let text = |t: &str| Some(Value::Text(t.to_string()));
    match (table, column) {
        ("participant", "known_as") => text(ANONYMISED_NAME),
        ("participant", "referral_source") | ("outcome_log", "note") => text(""),
        ("participant", "date_of_birth") => match value {
            Value::Text(t) if t.len() >= 8 && t.is_char_boundary(8) => {
                text(&format!("{}01", &t[..8]))
            }
            _ => None,
        },
        ("story", "title") => text("A story (anonymised)"),
        ("story", "situation" | "action" | "difference" | "quote") => text(""),
        _ => None,
    }
}

/// The tables whose rows belong to a person through `participant_id`, and
/// hold words about them.
const THEIRS: [&str; 2] = ["outcome_log", "story"];

/// The rows of `people` found in `parts` or in the records: participant
/// keys as given, and the keys of their log entries and stories.
struct Owned {
    people: HashSet<String>,
    rows: HashSet<(String, String)>,
}

impl Owned {
    fn gather(
        conn: &Connection,
        people: &[Key],
        parts: &[&[u8]],
        columns: &mut Columns,
    ) -> Result<Owned> {
        let people: HashSet<String> = people.iter().map(Key::text).collect();
        let mut rows = HashSet::new();
        for table in THEIRS {
            let mut stmt = conn.prepare(&format!(
                "SELECT id FROM \"{table}\" WHERE participant_id = ?1"
            ))?;
            for person in &people {
                for id in stmt.query_map([person], |r| r.get::<_, Key>(0))? {
                    rows.insert((table.to_string(), id?.text()));
                }
            }
        }
        for part in parts {
            for item in changeset::items(part)? {
                if !THEIRS.contains(&item.table.as_str()) {
                    continue;
                }
                let names = columns.of(conn, &item.table)?;
                let Some(at) = names.iter().position(|c| c == "participant_id") else {
                    continue;
                };
                let theirs = |values: &[Option<Value>]| matches!(values.get(at), Some(Some(Value::Text(t))) if people.contains(t));
                if theirs(&item.old) || theirs(&item.new) {
                    if let Some(key) = key_text(&item) {
                        rows.insert((item.table.clone(), key));
                    }
                }
            }
        }
        Ok(Owned { people, rows })
    }

    fn owns(&self, item: &Item) -> bool {
        match item.table.as_str() {
            "participant" => key_text(item).is_some_and(|k| self.people.contains(&k)),
            table if THEIRS.contains(&table) => {
                key_text(item).is_some_and(|k| self.rows.contains(&(table.to_string(), k)))
            }
            _ => false,
        }
    }
}

/// The text of a single-column key (every table of a person's has one).
fn key_text(item: &Item) -> Option<String> {
    let at = item.pk.iter().position(|&k| k != 0)?;
    let value = item
        .old
        .get(at)
        .cloned()
        .flatten()
        .or_else(|| item.new.get(at).cloned().flatten())?;
    match value {
        Value::Text(t) => Some(t),
        _ => None,
    }
}

/// Column names by table, read once.
#[derive(Default)]
struct Columns(std::collections::HashMap<String, Vec<String>>);

impl Columns {
    fn of(&mut self, conn: &Connection, table: &str) -> Result<&Vec<String>> {
        if !self.0.contains_key(table) {
            let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
            let names = stmt
                .query_map([table], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            self.0.insert(table.to_string(), names);
        }
        Ok(&self.0[table])
    }
}

/// `changes` with every value of `owned`'s rows that says more than
/// anonymising leaves rewritten; `None` when nothing needed to be.
fn scrub(
    conn: &Connection,
    changes: &[u8],
    owned: &Owned,
    columns: &mut Columns,
) -> Result<Option<Vec<u8>>> {
    let mut items = changeset::items(changes)?;
    let mut changed = false;
    for item in items.iter_mut().filter(|i| owned.owns(i)) {
        let names = columns.of(conn, &item.table)?.clone();
        for values in [&mut item.old, &mut item.new] {
            for (i, slot) in values.iter_mut().enumerate() {
                let (Some(value), Some(column)) = (slot.as_ref(), names.get(i)) else {
                    continue;
                };
                if let Some(left) = anonymised(&item.table, column, value) {
                    if &left != value {
                        *slot = Some(left);
                        changed = true;
                    }
                }
            }
        }
    }
    Ok(changed.then(|| changeset::encode(&items)))
}

/// Rewrites this laptop's outbox and the files it keeps until every laptop
/// has them without anything about `people` (just anonymised or deleted)
/// beyond what anonymising leaves. A kept file rewritten is marked to be
/// written again into the shared folder. Returns whether anything was.
pub(super) fn forget_in_sync(conn: &Connection, people: &[Key]) -> Result<bool> {
    if people.is_empty() {
        return Ok(false);
    }
    let outbox: Vec<(i64, Vec<u8>)> = conn
        .prepare("SELECT id, changes FROM sync_outbox ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let kept: Vec<(i64, Vec<u8>)> = conn
        .prepare("SELECT sequence, changes FROM sync_sent ORDER BY sequence")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let kept_parts: Vec<(i64, Vec<&[u8]>)> = kept
        .iter()
        .map(|(sequence, changes)| (*sequence, changeset::split(changes).unwrap_or_default()))
        .collect();
    let mut columns = Columns::default();
    let all: Vec<&[u8]> = outbox
        .iter()
        .map(|(_, c)| c.as_slice())
        .chain(
            kept_parts
                .iter()
                .flat_map(|(_, parts)| parts.iter().copied()),
        )
        .collect();
    let owned = Owned::gather(conn, people, &all, &mut columns)?;
    let mut any = false;
    for (id, changes) in &outbox {
        if let Some(scrubbed) = scrub(conn, changes, &owned, &mut columns)? {
            conn.execute(
                "UPDATE sync_outbox SET changes = ?1 WHERE id = ?2",
                params![scrubbed, id],
            )?;
            any = true;
        }
    }
    for (sequence, parts) in kept_parts {
        let mut changed = false;
        let mut rewritten = Vec::with_capacity(parts.len());
        for part in parts {
            match scrub(conn, part, &owned, &mut columns)? {
                Some(scrubbed) => {
                    changed = true;
                    rewritten.push(scrubbed);
                }
                None => rewritten.push(part.to_vec()),
            }
        }
        if changed {
            conn.execute(
                "UPDATE sync_sent SET changes = ?1, sha256 = '' WHERE sequence = ?2",
                params![changeset::join(&rewritten), sequence],
            )?;
            any = true;
        }
    }
    Ok(any)
}
