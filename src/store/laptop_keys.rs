//! Migration 7's hook: every record of the old schema gets a laptop-made
//! key, in the order it was added, and every reference to it follows. Runs
//! inside the migration's transaction, with foreign keys off (see
//! `super::migrate`), so that replacing a table deletes nothing that refers
//! to it; the references are checked whole before it commits.

use rusqlite::{Connection, Transaction};
use rusqlite_migration::{HookError, HookResult};

use crate::key::Key;

/// The tables whose rows had a row number as their key.
const KEYED: [&str; 15] = [
    "agreement",
    "assessment",
    "evidence_file",
    "funder",
    "indicator",
    "measure",
    "milestone",
    "narrative_heading",
    "outcome",
    "outcome_log",
    "participant",
    "programme",
    "session",
    "story",
    "submission",
];

/// Those people refer to by number: the old row number stays as `number`.
const NUMBERED: [&str; 5] = [
    "assessment",
    "evidence_file",
    "outcome_log",
    "story",
    "submission",
];

/// Columns that hold another record's key without a foreign key (a copy
/// kept for the register's reads): (table, column, the table it refers to).
const COPIED_KEYS: [(&str, &str, &str); 1] = [("attendance", "programme_id", "programme")];

/// Lookups that the unique constraints used to serve, by name, code or
/// reference, and the order numbers are handed out in.
const INDEXES: &str = "
CREATE INDEX funder_by_name ON funder (name);
CREATE INDEX programme_by_name ON programme (name);
CREATE INDEX agreement_by_reference ON agreement (reference);
CREATE INDEX narrative_heading_by_agreement ON narrative_heading (agreement_id);
CREATE INDEX participant_by_code ON participant (code);
CREATE INDEX session_by_reference ON session (reference);
CREATE INDEX indicator_by_name ON indicator (name);
CREATE INDEX outcome_by_name ON outcome (name);
CREATE INDEX measure_by_code ON measure (agreement_id, code);
CREATE INDEX milestone_by_agreement ON milestone (agreement_id);
CREATE INDEX assessment_by_number ON assessment (number);
CREATE INDEX outcome_log_by_number ON outcome_log (number);
CREATE INDEX story_by_number ON story (number);
CREATE INDEX evidence_by_number ON evidence_file (number);
CREATE INDEX submission_by_number ON submission (number);
";

/// The hook itself: the new tables (`new_<name>`) exist, empty.
pub(super) fn give_keys(tx: &Transaction) -> HookResult {
    let tables = replaced_tables(tx)?;
    let (old, added): (Vec<String>, Vec<String>) = tables
        .iter()
        .cloned()
        .partition(|t| table_exists(tx, t).unwrap_or(false));
    // Triggers and indexes go with their tables; the history's triggers are
    // written again (they leave `clocks` out, and numbered tables' keep
    // their number), the others put back as they were.
    let triggers = schema_sql(tx, "trigger")?;
    let indexes = schema_sql(tx, "index")?;
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    make_keys(tx)?;
    for table in &old {
        copy_rows(tx, table)?;
    }
    rewrite_history(tx, &old)?;
    drop_children_first(tx, &old)?;
    for table in old.iter().chain(&added) {
        tx.execute_batch(&format!(
            "ALTER TABLE \"new_{table}\" RENAME TO \"{table}\""
        ))?;
    }
    for (_, sql) in indexes {
        tx.execute_batch(&sql)?;
    }
    tx.execute_batch(INDEXES)?;
    let mut kept_in_history = std::collections::BTreeSet::new();
    for (name, sql) in triggers {
        match name
            .strip_prefix("history_")
            .and_then(|rest| rest.rsplit_once('_'))
        {
            Some((table, _)) => {
                kept_in_history.insert(table.to_string());
            }
            None => tx.execute_batch(&sql)?,
        }
    }
    for table in kept_in_history {
        for action in ["insert", "update", "delete"] {
            tx.execute_batch(&history_trigger(tx, &table, action)?)?;
        }
    }
    for table in tables_with_clocks(tx)? {
        tx.execute_batch(&format!(
            "CREATE INDEX \"{table}_unstamped\" ON \"{table}\" (clocks) WHERE clocks = ''"
        ))?;
    }
    // The two tables kept rather than replaced: their rows are from before.
    tx.execute_batch(
        "UPDATE organisation SET clocks = '{}';
         UPDATE list_value SET clocks = '{}';
         DROP TABLE keymap;",
    )?;
    tx.execute(
        "INSERT INTO sync_this (one, laptop) VALUES (1, ?1)",
        [Key::new()],
    )?;
    let broken: i64 = tx.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if broken > 0 {
        return Err(HookError::Hook(format!(
            "{broken} references would no longer find their record"
        )));
    }
    Ok(())
}

/// Whether `name` is a table of the database.
fn table_exists(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [name],
        |r| r.get(0),
    )
}

/// The tables whose rows carry `clocks`: those that are merged.
fn tables_with_clocks(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT m.name FROM sqlite_master m WHERE m.type = 'table'
         AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'clocks') ORDER BY m.name",
    )?;
    let names = stmt.query_map([], |r| r.get(0))?.collect();
    names
}

/// Drops the old tables, each after every table that refers to it, so that
/// no drop reaches for a table gone before it (were foreign keys on).
fn drop_children_first(tx: &Transaction, tables: &[String]) -> rusqlite::Result<()> {
    let mut left: Vec<(String, Vec<String>)> = tables
        .iter()
        .map(|t| {
            Ok((
                t.clone(),
                foreign_keys(tx, t)?.into_iter().map(|(_, to)| to).collect(),
            ))
        })
        .collect::<rusqlite::Result<_>>()?;
    while !left.is_empty() {
        let unreferenced = left
            .iter()
            .position(|(t, _)| !left.iter().any(|(other, to)| other != t && to.contains(t)))
            .unwrap_or(0);
        let (table, _) = left.remove(unreferenced);
        tx.execute_batch(&format!("DROP TABLE \"{table}\""))?;
    }
    Ok(())
}

/// The tables this migration replaces: those with a `new_` twin.
fn replaced_tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT substr(name, 5) FROM sqlite_master WHERE type = 'table' AND name LIKE 'new\\_%' ESCAPE '\\'
         ORDER BY name",
    )?;
    let names = stmt.query_map([], |r| r.get(0))?.collect();
    names
}

/// Name and SQL of every trigger or index written out in the schema (not
/// those SQLite makes for a key).
fn schema_sql(conn: &Connection, kind: &str) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = ?1 AND sql IS NOT NULL
         AND tbl_name NOT LIKE 'new\\_%' ESCAPE '\\' ORDER BY rowid",
    )?;
    let rows = stmt
        .query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect();
    rows
}

/// A key for every row of every keyed table, made in the rows' order.
fn make_keys(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE keymap (tbl TEXT NOT NULL, old INTEGER NOT NULL, new TEXT NOT NULL,
         PRIMARY KEY (tbl, old)) WITHOUT ROWID",
    )?;
    let mut insert = tx.prepare("INSERT INTO keymap (tbl, old, new) VALUES (?1, ?2, ?3)")?;
    for table in KEYED {
        let mut rows = tx.prepare(&format!("SELECT id FROM \"{table}\" ORDER BY id"))?;
        let ids: Vec<i64> = rows
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            insert.execute(rusqlite::params![table, id, Key::new()])?;
        }
    }
    Ok(())
}

/// Copies `table`'s rows into `new_<table>`, each key and reference
/// replaced by the record's new key.
fn copy_rows(tx: &Transaction, table: &str) -> rusqlite::Result<()> {
    let new = format!("new_{table}");
    let columns = columns(tx, &new)?;
    let references = foreign_keys(tx, &new)?;
    let values: Vec<String> = columns
        .iter()
        .map(|column| match refers_to(table, column, &references) {
            Some(to) => {
                format!("(SELECT new FROM keymap WHERE tbl = '{to}' AND old = o.\"{column}\")")
            }
            None if column == "number" && NUMBERED.contains(&table) => "o.id".to_string(),
            None if column == "clocks" => "'{}'".to_string(),
            None => format!("o.\"{column}\""),
        })
        .collect();
    let names: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    tx.execute_batch(&format!(
        "INSERT INTO \"{new}\" ({}) SELECT {} FROM \"{table}\" o",
        names.join(", "),
        values.join(", ")
    ))
}

/// Where a table's columns hold keys, for rewriting what the history kept.
struct Shape {
    /// For each column the history kept (all but `number`), the table whose
    /// key it holds, if any.
    keys: Vec<Option<String>>,
    /// Whether the new table keeps the old row number as `number`, after `id`.
    numbered: bool,
}

/// The history's records of the replaced tables, rewritten as if the keys
/// had always been there: the old row numbers become the same keys the
/// records were given (a record deleted before the upgrade gets one of its
/// own, the same wherever it is named), and numbered records gain their
/// number. So an old change can still be undone, and a person's every trace
/// is still found and forgotten.
fn rewrite_history(tx: &Transaction, tables: &[String]) -> rusqlite::Result<()> {
    let mut keys: std::collections::HashMap<(String, i64), String> = {
        let mut stmt = tx.prepare("SELECT tbl, old, new FROM keymap")?;
        let rows = stmt
            .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows
    };
    let mut shapes = std::collections::HashMap::new();
    for table in tables {
        let new = format!("new_{table}");
        let numbered = NUMBERED.contains(&table.as_str());
        let columns: Vec<String> = columns(tx, &new)?
            .into_iter()
            .filter(|c| !(numbered && c == "number") && c != "clocks")
            .collect();
        let references = foreign_keys(tx, &new)?;
        let keys = columns
            .iter()
            .map(|c| refers_to(table, c, &references))
            .collect();
        shapes.insert(table.clone(), Shape { keys, numbered });
    }
    let entries: Vec<(i64, String, Option<String>, Option<String>)> = {
        let mut stmt = tx.prepare("SELECT id, table_name, before, after FROM change_history")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows
    };
    let mut update =
        tx.prepare("UPDATE change_history SET before = ?1, after = ?2 WHERE id = ?3")?;
    for (id, table, before, after) in entries {
        let Some(shape) = shapes.get(&table) else {
            continue;
        };
        let mut rewrite = |text: Option<String>| -> Option<String> {
            let value: serde_json::Value = serde_json::from_str(&text?).ok()?;
            Some(rewrite_entry(value, shape, &mut keys).to_string())
        };
        let (before, after) = (rewrite(before), rewrite(after));
        update.execute(rusqlite::params![before, after, id])?;
    }
    Ok(())
}

/// The names of `table`'s columns, in order.
fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let names = stmt.query_map([table], |r| r.get(0))?.collect();
    names
}

/// The foreign keys of `table`: column, and the table it refers to.
fn foreign_keys(conn: &Connection, table: &str) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)")?;
    let pairs = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect();
    pairs
}

/// The table whose key `table`'s `column` holds, if it holds one.
fn refers_to(table: &str, column: &str, references: &[(String, String)]) -> Option<String> {
    references
        .iter()
        .find(|(from, _)| from == column)
        .map(|(_, to)| to.trim_start_matches("new_").to_string())
        .or_else(|| {
            COPIED_KEYS
                .iter()
                .find(|(t, c, _)| *t == table && *c == column)
                .map(|(.., to)| to.to_string())
        })
        .or_else(|| (column == "id" && KEYED.contains(&table)).then(|| table.to_string()))
}

/// One kept record (an array of its columns), or an import's records (an
/// array of such arrays), with keys for row numbers.
fn rewrite_entry(
    value: serde_json::Value,
    shape: &Shape,
    keys: &mut std::collections::HashMap<(String, i64), String>,
) -> serde_json::Value {
    use serde_json::Value;
    let Value::Array(items) = value else {
        return value;
    };
    if items.first().is_some_and(Value::is_array) {
        return Value::Array(
            items
                .into_iter()
                .map(|r| rewrite_entry(r, shape, keys))
                .collect(),
        );
    }
    let number = items.first().cloned();
    let mut record: Vec<Value> = items
        .into_iter()
        .enumerate()
        .map(
            |(i, v)| match (shape.keys.get(i).cloned().flatten(), v.as_i64()) {
                (Some(to), Some(old)) => Value::String(
                    keys.entry((to, old))
                        .or_insert_with(|| Key::new().text())
                        .clone(),
                ),
                _ => v,
            },
        )
        .collect();
    if shape.numbered {
        if let Some(number) = number {
            record.insert(1.min(record.len()), number);
        }
    }
    Value::Array(record)
}

/// The history trigger for `action` (insert, update or delete) on `table`,
/// as migration 5 writes them: the record as an array of its columns, but
/// for `clocks`, which are the merge's. An edit of nothing but `clocks`
/// (stamping a write) is not a change to the record, and a register
/// import's marks are kept as one entry (see `history_pause`).
fn history_trigger(conn: &Connection, table: &str, action: &str) -> rusqlite::Result<String> {
    let columns: Vec<String> = columns(conn, table)?
        .into_iter()
        .filter(|c| c != "clocks")
        .collect();
    let record = |row: &str| {
        let values: Vec<String> = columns.iter().map(|c| format!("{row}.\"{c}\"")).collect();
        format!("json_array({})", values.join(", "))
    };
    let quoted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    let (event, fields, values) = match action {
        "insert" => ("INSERT".to_string(), "after", record("NEW")),
        "delete" => ("DELETE".to_string(), "before", record("OLD")),
        _ => (
            format!("UPDATE OF {}", quoted.join(", ")),
            "before, after",
            format!("{}, {}", record("OLD"), record("NEW")),
        ),
    };
    let when = if table == "attendance" && action == "insert" {
        "\nWHEN NOT EXISTS (SELECT 1 FROM history_pause)"
    } else {
        ""
    };
    Ok(format!(
        "CREATE TRIGGER history_{table}_{action} AFTER {event} ON \"{table}\"{when} BEGIN
    INSERT INTO change_history (table_name, action, {fields}) VALUES ('{table}', '{action}', {values});
END;"
    ))
}
