//! The history of every change to a record, kept by the database itself in
//! the same transaction as the change (migration 5): what changed, when,
//! and the record before and after. A mistaken edit, addition or deletion
//! can be seen and undone (`Store::changes`, `Store::undo`); undoing is
//! itself a change, kept too. This module says what a change was.

use serde::Serialize;
use serde_json::Value;

/// One change to one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Its number, to undo it by.
    pub id: i64,
    /// When (this computer's local time, to the second).
    pub at: String,
    /// The kind of record (the table: `participant`, `attendance`, …).
    pub record: String,
    /// `insert`, `update`, `delete`, or `import` (the marks a register
    /// import added, all in `after` as a list).
    pub action: String,
    /// The record before (none for an insert).
    pub before: Option<Value>,
    /// The record after (none for a delete).
    pub after: Option<Value>,
}

impl Change {
    /// A short account of it: "participant P0003 Amara changed: area
    /// Northside → Riverside".
    pub fn summary(&self) -> String {
        let shown = self.after.as_ref().or(self.before.as_ref());
        // The kind of record as words: "other income", not "other_income".
        let record = self.record.replace('_', " ");
        let name = shown.map(label).unwrap_or_default();
        match (self.action.as_str(), &self.before, &self.after) {
            ("update", Some(Value::Object(b)), Some(Value::Object(a))) => {
                let changed: Vec<String> = a
                    .iter()
                    .filter(|(k, v)| b.get(*k) != Some(*v))
                    .map(|(k, v)| format!("{k} {} → {}", plain(b.get(k)), plain(Some(v))))
                    .collect();
                if changed.is_empty() {
                    format!("{record} {name} saved unchanged")
                } else {
                    format!("{record} {name} changed: {}", changed.join("; "))
                }
            }
            ("import", _, Some(Value::Array(rows))) => {
                format!("{record}: {} added by an import", rows.len())
            }
            ("insert", ..) => format!("{record} {name} added"),
            _ => format!("{record} {name} deleted"),
        }
    }
}

/// The words that name a record in a summary: its code, reference, name or
/// title, and the like, where it has them.
fn label(record: &Value) -> String {
    let Value::Object(fields) = record else {
        return String::new();
    };
    [
        "code",
        "reference",
        "known_as",
        "name",
        "title",
        "heading",
        "group_name",
        "period",
        "date",
    ]
    .iter()
    .filter_map(|k| fields.get(*k))
    .map(|v| plain(Some(v)))
    .filter(|s| !s.is_empty())
    .take(2)
    .collect::<Vec<_>>()
    .join(" ")
}

fn plain(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "(empty)".into(),
        Some(Value::String(s)) if s.is_empty() => "(empty)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}
