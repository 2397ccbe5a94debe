//! A record's key: a UUIDv7 made on the laptop that adds the record, so that
//! records added on two laptops never share one (DESIGN "Several laptops").
//! Stored as 22 characters of a base-64 alphabet in ASCII order, so that
//! SQLite orders keys as text by the time they were made, in 22 bytes
//! rather than the 36 of the hyphenated form (a register mark holds three).

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use uuid::Uuid;

/// The digits of a key's text: 64 characters in ASCII order.
const DIGITS: &[u8; 64] = b"-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

/// Each byte's value as a digit, or 64 for a byte that is not one.
const VALUE: [u8; 256] = {
    let mut value = [64u8; 256];
    let mut i = 0;
    while i < 64 {
        value[DIGITS[i] as usize] = i as u8;
        i += 1;
    }
    value
};

/// How many digits a key's text has: 22 × 6 = 132 bits, the UUID's 128
/// with four zero bits in front.
const LENGTH: usize = 22;

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
        let mut n = self.0.as_u128();
        let mut text = [b'-'; LENGTH];
        for digit in text.iter_mut().rev() {
            *digit = DIGITS[(n & 63) as usize];
            n >>= 6;
        }
        text.iter().map(|&b| b as char).collect()
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
        f.write_str(&self.text())
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({self})")
    }
}

/// Text that is not a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAKey(String);

impl fmt::Display for NotAKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a record's key", self.0)
    }
}

impl std::error::Error for NotAKey {}

impl FromStr for Key {
    type Err = NotAKey;

    /// Reads a key's text: exactly as [`Key::text`] writes it, so that a
    /// key read and written again finds the same row.
    fn from_str(text: &str) -> Result<Key, NotAKey> {
        if text.len() != LENGTH {
            return Err(NotAKey(text.to_string()));
        }
        let mut n: u128 = 0;
        for (i, byte) in text.bytes().enumerate() {
            let digit = VALUE[byte as usize];
            // The first digit carries the four zero bits in front.
            if digit == 64 || (i == 0 && digit >= 4) {
                return Err(NotAKey(text.to_string()));
            }
            n = (n << 6) | u128::from(digit);
        }
        Ok(Key(Uuid::from_u128(n)))
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
        for key in &keys {
            assert_eq!(key.text().len(), 22);
            assert_eq!(key.text().parse::<Key>(), Ok(*key));
            assert!(key.uuid().hyphenated().to_string().parse::<Key>().is_err());
        }
        let highest = Key(Uuid::max());
        assert_eq!(highest.text().parse::<Key>(), Ok(highest));
        assert!(
            "zzzzzzzzzzzzzzzzzzzzzz".parse::<Key>().is_err(),
            "more than 128 bits"
        );
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
