//! A record's key: a UUIDv7 made on the laptop that adds the record, so that
//! records added on two laptops never share one (DESIGN "Several laptops").
//! Stored as its hyphenated text, which SQLite orders by time made.

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use uuid::Uuid;

/// One record's key. Keys made on one laptop sort in the order they were
/// made; the numbers and codes people see are kept apart from it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(Uuid);

impl Key {
    /// A new key, later than every key this process has made before.
    pub fn new() -> Key {
        Key(Uuid::now_v7())
    }

    /// The UUID it is.
    pub fn uuid(&self) -> Uuid {
        self.0
    }

    /// The key written as text, as the database holds it.
    pub fn text(&self) -> String {
        self.0.hyphenated().to_string()
    }
}

impl From<Uuid> for Key {
    fn from(uuid: Uuid) -> Key {
        Key(uuid)
    }
}

impl Default for Key {
    fn default() -> Key {
        Key::new()
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({self})")
    }
}

impl FromStr for Key {
    type Err = uuid::Error;

    fn from_str(text: &str) -> Result<Key, uuid::Error> {
        Uuid::try_parse(text).map(Key)
    }
}

impl ToSql for Key {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.text()))
    }
}

impl FromSql for Key {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Key> {
        let text = value.as_str()?;
        text.parse().map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

impl serde::Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_made_later_sort_later_as_text_and_read_back_equal() {
        let keys: Vec<Key> = (0..1000).map(|_| Key::new()).collect();
        for pair in keys.windows(2) {
            assert!(pair[0] < pair[1]);
            assert!(pair[0].text() < pair[1].text());
        }
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let back: Key = conn
            .query_row("SELECT ?1", [keys[7]], |r| r.get(0))
            .unwrap();
        assert_eq!(back, keys[7]);
        assert!(conn
            .query_row("SELECT ?1", ["not a key"], |r| r.get::<_, Key>(0))
            .is_err());
    }
}
