//! The history of every change to a record, as the store reads it and
//! undoes it (the triggers of migration 5 write it).

use chrono::TimeZone;
use rusqlite::types::Value as Sql;
use rusqlite::OptionalExtension;
use serde_json::{Map, Value};

use super::Store;
use crate::error::{Error, Result};
use crate::history::Change;

impl Store {
    /// The latest changes, newest first: of one kind of record when `record`
    /// is given, at most `limit`.
    pub fn changes(&self, record: Option<&str>, limit: usize) -> Result<Vec<Change>> {
        self.history_rows(record, None, limit)
    }

    /// Changes of one kind of record, or the one numbered `id`, newest
    /// first, at most `limit`.
    fn history_rows(
        &self,
        record: Option<&str>,
        id: Option<i64>,
        limit: usize,
    ) -> Result<Vec<Change>> {
        let conn = &self.conn;
        let mut stmt = conn.prepare(
            "SELECT id, at, table_name, action, before, after FROM change_history
             WHERE (?1 IS NULL OR table_name = ?1) AND (?2 IS NULL OR id = ?2)
             ORDER BY id DESC LIMIT ?3",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(rusqlite::params![record, id, limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        // A record is kept as an array of its table's columns, in order (the
        // cheapest form for a trigger to write): named here.
        let mut names: std::collections::HashMap<String, Vec<String>> = Default::default();
        rows.map(|row| {
            let (id, at, record, action, before, after) = row?;
            if !names.contains_key(&record) {
                let columns = columns_of(conn, &record)?;
                names.insert(
                    record.clone(),
                    columns.into_iter().map(|(c, _)| c).collect(),
                );
            }
            let columns = &names[&record];
            let record_of = |values: Vec<Value>| {
                Value::Object(
                    columns
                        .iter()
                        .cloned()
                        .zip(values)
                        .collect::<Map<String, Value>>(),
                )
            };
            let named = |text: Option<String>| -> Result<Option<Value>> {
                text.map(|t| match json(&t)? {
                    // An import: every record it added, each an array.
                    Value::Array(rows) if rows.first().is_some_and(Value::is_array) => {
                        Ok(Value::Array(
                            rows.into_iter()
                                .map(|r| match r {
                                    Value::Array(values) => record_of(values),
                                    other => other,
                                })
                                .collect(),
                        ))
                    }
                    Value::Array(values) => Ok(record_of(values)),
                    other => Ok(other),
                })
                .transpose()
            };
            let before = named(before)?;
            let after = named(after)?;
            let mut names = std::collections::BTreeMap::new();
            if let Some(Value::Object(fields)) = after.as_ref().or(before.as_ref()) {
                for (column, value) in fields {
                    if let Value::String(key) = value {
                        if let Some(words) = name_of(conn, column, key)? {
                            names.insert(column.clone(), words);
                        }
                    }
                }
            }
            Ok(Change {
                id,
                at: local_time(&at),
                before,
                after,
                names,
                record,
                action,
            })
        })
        .collect()
    }

    /// One change, by number.
    pub fn change(&self, id: i64) -> Result<Change> {
        self.history_rows(None, Some(id), 1)?
            .pop()
            .ok_or_else(|| Error::NotFound {
                what: "change",
                key: id.to_string(),
                hint: "the history lists each change's number",
            })
    }

    /// Undoes change `id`: an addition is removed, a deletion put back, an
    /// edit set back to what it was. Refused, changing nothing, when the record
    /// has changed again since (undo the later change first) or when putting it
    /// back would break a rule the records keep.
    pub fn undo(&mut self, id: i64) -> Result<Change> {
        let change = self.change(id)?;
        let table = change.record.clone();
        let later = |why: &str| {
            Error::invalid(
                "change",
                format!("change {id} cannot be undone: {why}; undo the later changes first"),
            )
        };
        self.write(|conn| {
        let columns = columns_of(conn, &table)?;
        let keys: Vec<&(String, bool)> = columns.iter().filter(|(_, key)| *key).collect();
        let fields = |v: &Option<Value>| -> Result<Map<String, Value>> {
            match v {
                Some(Value::Object(m)) => Ok(m.clone()),
                _ => Err(Error::BadStoredValue {
                    what: "change history".into(),
                    why: format!("change {id} has no record to put back"),
                }),
            }
        };
        let current = |m: &Map<String, Value>| -> Result<Option<Value>> {
            let select = format!(
                "SELECT json_object({}) FROM \"{table}\" WHERE {}",
                columns
                    .iter()
                    .map(|(c, _)| format!("'{c}', \"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                where_keys(&keys)
            );
            let found: Option<String> = conn
                .query_row(&select, rusqlite::params_from_iter(key_values(&keys, m)), |r| r.get(0))
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    other => Err(other),
                })?;
            found.map(|t| json(&t)).transpose()
        };
        match change.action.as_str() {
            "import" => {
                let Some(Value::Array(rows)) = &change.after else {
                    return Err(later("it holds no records"));
                };
                for row in rows {
                    let Value::Object(record) = row else { continue };
                    if current(record)? != Some(row.clone()) {
                        return Err(later("a record it added has changed or gone since"));
                    }
                    conn.execute(
                        &format!("DELETE FROM \"{table}\" WHERE {}", where_keys(&keys)),
                        rusqlite::params_from_iter(key_values(&keys, record)),
                    )?;
                }
            }
            "insert" => {
                let after = fields(&change.after)?;
                if current(&after)? != Some(Value::Object(after.clone())) {
                    return Err(later("the record has changed or gone since"));
                }
                conn.execute(
                    &format!("DELETE FROM \"{table}\" WHERE {}", where_keys(&keys)),
                    rusqlite::params_from_iter(key_values(&keys, &after)),
                )?;
            }
            "delete" => {
                let before = fields(&change.before)?;
                if current(&before)?.is_some() {
                    return Err(later("a record with the same key is there again"));
                }
                let names: Vec<&str> = columns.iter().map(|(c, _)| c.as_str()).collect();
                conn.execute(
                    &format!(
                        "INSERT INTO \"{table}\" ({}) VALUES ({})",
                        names.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", "),
                        vec!["?"; names.len()].join(", ")
                    ),
                    rusqlite::params_from_iter(names.iter().map(|c| sql(before.get(*c)))),
                )?;
            }
            _ => {
                let (before, after) = (fields(&change.before)?, fields(&change.after)?);
                if current(&after)? != Some(Value::Object(after.clone())) {
                    return Err(later("the record has changed again since"));
                }
                let names: Vec<&str> = columns.iter().map(|(c, _)| c.as_str()).collect();
                let mut values: Vec<Sql> = names.iter().map(|c| sql(before.get(*c))).collect();
                values.extend(key_values(&keys, &after));
                conn.execute(
                    &format!(
                        "UPDATE \"{table}\" SET {} WHERE {}",
                        names.iter().map(|c| format!("\"{c}\" = ?")).collect::<Vec<_>>().join(", "),
                        where_keys(&keys)
                    ),
                    rusqlite::params_from_iter(values),
                )?;
            }
        }
        Ok(())
    })
    .map_err(|e| match e {
        Error::Database(db)
            if db.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) =>
        {
            Error::invalid(
            "change",
            format!("change {id} cannot be undone: putting it back would break a rule the records keep ({db})"),
        )
        }
        other => other,
    })?;
        Ok(change)
    }
}

/// A table's columns and whether each is part of its key.
fn columns_of(conn: &rusqlite::Connection, table: &str) -> Result<Vec<(String, bool)>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)? > 0))
    })?;
    // A row's `clocks` are the merge's, not the record's: the history
    // neither keeps nor compares them.
    let columns: Vec<(String, bool)> = rows
        .filter(|c| !matches!(c, Ok((name, _)) if name == "clocks"))
        .collect::<rusqlite::Result<_>>()?;
    if columns.is_empty() {
        return Err(Error::BadStoredValue {
            what: "change history".into(),
            why: format!("it names {table:?}, which is not a kind of record"),
        });
    }
    Ok(columns)
}

fn where_keys(keys: &[&(String, bool)]) -> String {
    keys.iter()
        .map(|(c, _)| format!("\"{c}\" = ?"))
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn key_values(keys: &[&(String, bool)], record: &Map<String, Value>) -> Vec<Sql> {
    keys.iter().map(|(c, _)| sql(record.get(c))).collect()
}

fn sql(value: Option<&Value>) -> Sql {
    match value {
        None | Some(Value::Null) => Sql::Null,
        Some(Value::Bool(b)) => Sql::Integer(i64::from(*b)),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or(0.0)),
        },
        Some(Value::String(s)) => Sql::Text(s.clone()),
        Some(other) => Sql::Text(other.to_string()),
    }
}

/// A time kept in UTC (`YYYY-MM-DD HH:MM:SS`) as this computer's local time.
fn local_time(utc: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(utc, "%Y-%m-%d %H:%M:%S")
        .map(|t| {
            chrono::Local
                .from_utc_datetime(&t)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| utc.to_string())
}

fn json(text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| Error::BadStoredValue {
        what: "change history".into(),
        why: e.to_string(),
    })
}

/// Words for a key a record holds: a programme's name, a person's name and
/// code, an agreement's reference; none for a column that is not a key, or
/// a record since deleted.
fn name_of(conn: &rusqlite::Connection, column: &str, key: &str) -> Result<Option<String>> {
    let sql = match column {
        "programme_id" => "SELECT name FROM programme WHERE id = ?1",
        "participant_id" => "SELECT known_as || ' (' || code || ')' FROM participant WHERE id = ?1",
        "agreement_id" => "SELECT reference FROM agreement WHERE id = ?1",
        "funder_id" => "SELECT name FROM funder WHERE id = ?1",
        "indicator_id" => "SELECT name FROM indicator WHERE id = ?1",
        "outcome_id" => "SELECT name FROM outcome WHERE id = ?1",
        "measure_id" => "SELECT code FROM measure WHERE id = ?1",
        "story_id" => "SELECT title FROM story WHERE id = ?1",
        _ => return Ok(None),
    };
    Ok(conn.query_row(sql, [key], |r| r.get(0)).optional()?)
}
