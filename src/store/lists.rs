//! Reference lists (DESIGN "Reference lists"): a value that matches a listed
//! one apart from case and surrounding spaces is stored as listed; any other
//! is kept as written and added to the list.

use rusqlite::Connection;

use super::Store;
use crate::error::{Error, Result};

/// A reference list the organisation can edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// Ethnicity (ONS 2021 by default).
    Ethnicity,
    /// Gender.
    Gender,
    /// Priority groups (young carer, …).
    PriorityGroup,
    /// Outcome log sources.
    Source,
}

impl List {
    /// Every list.
    pub const ALL: [List; 4] = [
        List::Ethnicity,
        List::Gender,
        List::PriorityGroup,
        List::Source,
    ];

    /// The list named `name` (`ethnicity`, `gender`, `priority_group`,
    /// `source`); `field` names the field in the error.
    pub fn parse(field: &str, name: &str) -> Result<List> {
        let wanted = name.trim().to_lowercase().replace([' ', '-'], "_");
        List::ALL
            .into_iter()
            .find(|l| l.as_str() == wanted)
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    format!(
                        "{:?} is not a list; use ethnicity, gender, priority_group or source",
                        name.trim()
                    ),
                )
            })
    }

    /// The list's name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            List::Ethnicity => "ethnicity",
            List::Gender => "gender",
            List::PriorityGroup => "priority_group",
            List::Source => "source",
        }
    }
}

impl std::fmt::Display for List {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Store {
    /// The values of a list, in order.
    pub fn list_values(&self, list: List) -> Result<Vec<String>> {
        list_values(self.read(), list)
    }

    /// Adds a value to a list (or returns the listed spelling if it is there).
    pub fn add_list_value(&mut self, list: List, value: &str) -> Result<String> {
        crate::records::check_text(list.as_str(), value, true, crate::records::SHORT_TEXT_MAX)?;
        self.write(|tx| normalise(tx, list, value))
    }

    /// Removes a value from a list; records that use it keep it.
    pub fn remove_list_value(&mut self, list: List, value: &str) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "DELETE FROM list_value WHERE list = ?1 AND value = ?2 COLLATE NOCASE",
                [list.as_str(), value.trim()],
            )?;
            if n == 0 {
                return Err(Error::NotFound {
                    what: "list value",
                    key: value.trim().to_string(),
                    hint: "check it against the values the list has",
                });
            }
            Ok(())
        })
    }
}

fn list_values(conn: &Connection, list: List) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached("SELECT value FROM list_value WHERE list = ?1 ORDER BY position, value")?;
    let values = stmt
        .query_map([list.as_str()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(values)
}

/// The listed spelling of `value`, adding it to the list when it is new.
/// Empty text stays empty.
pub(super) fn normalise(conn: &Connection, list: List, value: &str) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    let values = list_values(conn, list)?;
    let wanted = value.to_lowercase();
    if let Some(listed) = values.iter().find(|v| v.to_lowercase() == wanted) {
        return Ok(listed.clone());
    }
    conn.execute(
        "INSERT INTO list_value (list, value, position)
         VALUES (?1, ?2, (SELECT COALESCE(MAX(position), 0) + 1 FROM list_value WHERE list = ?1))",
        [list.as_str(), value],
    )?;
    Ok(value.to_string())
}
