//! The history of every change to a record, kept by the database itself in
//! the same transaction as the change (migration 5): what changed, when,
//! and the record before and after. A mistaken edit, addition or deletion
//! can be seen and undone (`Store::changes`, `Store::undo`); undoing is
//! itself a change, kept too. This module says what a change was.

use std::collections::BTreeMap;

use chrono::NaiveDate;
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
    /// Words for the keys the record holds (`programme_id` → "Youth club",
    /// `participant_id` → "Amara (P0003)"), where the records still have them.
    pub names: BTreeMap<String, String>,
}

impl Change {
    /// A short account of it, in words with names: "Youth club register
    /// for 8 December 2026 added", "Amara (P0003) ticked on the Youth club
    /// register for 8 December 2026", "participant P0003 Amara changed:
    /// area Northside → Riverside".
    pub fn summary(&self) -> String {
        let shown = self.after.as_ref().or(self.before.as_ref());
        let field = |name: &str| shown.and_then(|r| r.get(name)).map(|v| plain(Some(v)));
        let day = field("date").map(|d| long_date(&d)).unwrap_or_default();
        let programme = self
            .names
            .get("programme_id")
            .cloned()
            .unwrap_or_else(|| "a".into());
        // The kind of record as words: "other income", not "other_income";
        // a session is a register.
        let (record, name) = match self.record.as_str() {
            "session" => (format!("{programme} register for {day}"), String::new()),
            "participant" => (
                format!(
                    "{} ({})",
                    field("known_as").unwrap_or_default(),
                    field("code").unwrap_or_default()
                ),
                String::new(),
            ),
            other => (
                other.replace('_', " "),
                shown.map(label).unwrap_or_default(),
            ),
        };
        let what = [record, name]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        match (self.action.as_str(), &self.before, &self.after) {
            ("update", Some(Value::Object(b)), Some(Value::Object(a))) => {
                let changed: Vec<String> = a
                    .iter()
                    .filter(|(k, v)| b.get(*k) != Some(*v) && !k.ends_with("_id"))
                    .map(|(k, v)| {
                        format!(
                            "{} {} → {}",
                            k.replace('_', " "),
                            plain(b.get(k)),
                            plain(Some(v))
                        )
                    })
                    .collect();
                if changed.is_empty() {
                    format!("{what} saved unchanged")
                } else {
                    format!("{what} changed: {}", changed.join("; "))
                }
            }
            ("import", _, Some(Value::Array(rows))) if self.record == "attendance" => {
                format!("{} ticks on registers added by an import", rows.len())
            }
            ("import", _, Some(Value::Array(rows))) => {
                format!(
                    "{}: {} added by an import",
                    self.record.replace('_', " "),
                    rows.len()
                )
            }
            (action, ..) if self.record == "attendance" => {
                let who = self
                    .names
                    .get("participant_id")
                    .cloned()
                    .unwrap_or_else(|| "someone".into());
                let done = if action == "insert" {
                    "ticked on"
                } else {
                    "taken off"
                };
                format!("{who} {done} the {programme} register for {day}")
            }
            ("insert", ..) => format!("{what} added"),
            _ => format!("{what} deleted"),
        }
    }
}

/// A day in words: 8 December 2026 (text that is not a day stays as it is).
fn long_date(text: &str) -> String {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_else(|_| text.to_string())
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
        "file_name",
        "cell",
        "group_name",
        "period",
        "date",
    ]
    .iter()
    .filter_map(|k| fields.get(*k).map(|v| (k, v)))
    .map(|(k, v)| match *k {
        "date" => long_date(&plain(Some(v))),
        _ => plain(Some(v)),
    })
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
