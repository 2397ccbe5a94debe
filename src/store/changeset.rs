//! A changeset (SQLite's session format) read into items and written back
//! byte for byte, so that values in changes kept to be sent can be
//! rewritten: erasing a person leaves no trace of them in the outbox or in
//! the files kept until every laptop has them.
//!
//! The format (sqlite.org/sessionintro.html, "changeset format"): for each
//! table, `T`, the number of columns (a varint), one byte per column (1 for
//! a key column) and the table's name ending in a zero byte; then its
//! changes, each an operation byte (INSERT 18, DELETE 9, UPDATE 23), an
//! indirect byte and its values: a DELETE's old row, an INSERT's new row,
//! an UPDATE's old values then its new ones (columns not given are
//! "undefined"). A value is a type byte (0 undefined, 1 integer, 2 real,
//! 3 text, 4 blob, 5 null) and, for the first four, 8 big-endian bytes or
//! a varint length and the bytes.

use std::io::Read;

use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::hooks::Action;
use rusqlite::session::ChangesetIter;
use rusqlite::types::{Value, ValueRef};

use crate::error::Result;

/// One change of a changeset. `None` is a value not given ("undefined").
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub table: String,
    /// 1 for each key column, 0 for the others.
    pub pk: Vec<u8>,
    pub op: Action,
    pub indirect: bool,
    pub old: Vec<Option<Value>>,
    pub new: Vec<Option<Value>>,
}

/// The items of `changes`, in order.
pub(crate) fn items(changes: &[u8]) -> Result<Vec<Item>> {
    let mut input: &[u8] = changes;
    let reader: &mut dyn Read = &mut input;
    let mut iter = ChangesetIter::start_strm(&reader)?;
    let mut items = Vec::new();
    while let Some(item) = iter.next()? {
        let op = item.op()?;
        let width = op.number_of_columns() as usize;
        let code = op.code();
        let value = |v: rusqlite::Result<ValueRef<'_>>| v.ok().map(owned);
        let (old, new) = match code {
            Action::SQLITE_INSERT => (
                Vec::new(),
                (0..width).map(|i| value(item.new_value(i))).collect(),
            ),
            Action::SQLITE_DELETE => (
                (0..width).map(|i| value(item.old_value(i))).collect(),
                Vec::new(),
            ),
            _ => (
                (0..width).map(|i| value(item.old_value(i))).collect(),
                (0..width).map(|i| value(item.new_value(i))).collect(),
            ),
        };
        items.push(Item {
            table: op.table_name().to_string(),
            pk: item.pk()?.to_vec(),
            op: code,
            indirect: op.indirect(),
            old,
            new,
        });
    }
    Ok(items)
}

fn owned(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Integer(n),
        ValueRef::Real(x) => Value::Real(x),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// Several parts as one run: each with its length before it (8 bytes,
/// little-endian), in order. A run of changesets is how the outbox leaves
/// in a file of changes, and how a file sent is kept.
pub fn join<P: AsRef<[u8]>>(parts: &[P]) -> Vec<u8> {
    let size = parts.iter().map(|p| p.as_ref().len() + 8).sum();
    let mut joined = Vec::with_capacity(size);
    for part in parts {
        let part = part.as_ref();
        joined.extend_from_slice(&(part.len() as u64).to_le_bytes());
        joined.extend_from_slice(part);
    }
    joined
}

/// The parts of a run written by [`join`]; `None` if they do not read
/// whole.
pub fn split(mut joined: &[u8]) -> Option<Vec<&[u8]>> {
    let mut parts = Vec::new();
    while !joined.is_empty() {
        parts.push(take(&mut joined)?);
    }
    Some(parts)
}

/// Takes one part of a run off the front of `rest`; `None` if it is cut
/// short.
pub fn take<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let (length, after) = rest.split_first_chunk::<8>()?;
    let length = usize::try_from(u64::from_le_bytes(*length)).ok()?;
    if after.len() < length {
        return None;
    }
    let (part, after) = after.split_at(length);
    *rest = after;
    Some(part)
}

/// `items` written as a changeset: the bytes SQLite itself writes.
pub(crate) fn encode(items: &[Item]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut table: Option<(&str, usize)> = None;
    for item in items {
        let width = item.pk.len();
        if table != Some((item.table.as_str(), width)) {
            out.push(b'T');
            put_varint(&mut out, width as u64);
            out.extend_from_slice(&item.pk);
            out.extend_from_slice(item.table.as_bytes());
            out.push(0);
            table = Some((item.table.as_str(), width));
        }
        out.push(match item.op {
            Action::SQLITE_INSERT => 18,
            Action::SQLITE_DELETE => 9,
            _ => 23,
        });
        out.push(u8::from(item.indirect));
        for value in item.old.iter().chain(&item.new) {
            put_value(&mut out, value.as_ref());
        }
    }
    out
}

fn put_value(out: &mut Vec<u8>, value: Option<&Value>) {
    match value {
        None => out.push(0),
        Some(Value::Integer(n)) => {
            out.push(1);
            out.extend_from_slice(&n.to_be_bytes());
        }
        Some(Value::Real(x)) => {
            out.push(2);
            out.extend_from_slice(&x.to_bits().to_be_bytes());
        }
        Some(Value::Text(t)) => {
            out.push(3);
            put_varint(out, t.len() as u64);
            out.extend_from_slice(t.as_bytes());
        }
        Some(Value::Blob(b)) => {
            out.push(4);
            put_varint(out, b.len() as u64);
            out.extend_from_slice(b);
        }
        Some(Value::Null) => out.push(5),
    }
}

/// SQLite's varint: seven bits a byte, high bit set on all but the last,
/// and a ninth byte of eight bits.
fn put_varint(out: &mut Vec<u8>, v: u64) {
    if v > 0x00ff_ffff_ffff_ffff {
        let mut bytes = [0u8; 9];
        bytes[8] = v as u8;
        let mut rest = v >> 8;
        for i in (0..8).rev() {
            bytes[i] = ((rest & 0x7f) as u8) | 0x80;
            rest >>= 7;
        }
        out.extend_from_slice(&bytes);
        return;
    }
    let mut bytes = Vec::with_capacity(9);
    let mut rest = v;
    loop {
        bytes.push(((rest & 0x7f) as u8) | 0x80);
        rest >>= 7;
        if rest == 0 {
            break;
        }
    }
    bytes[0] &= 0x7f;
    bytes.reverse();
    out.extend_from_slice(&bytes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::session::Session;
    use rusqlite::Connection;

    #[test]
    fn a_changeset_reads_and_writes_back_byte_for_byte() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE p (id TEXT PRIMARY KEY, name TEXT, n INTEGER, x REAL, b BLOB);
             CREATE TABLE q (a INTEGER, b TEXT, PRIMARY KEY (a, b));
             INSERT INTO p VALUES ('k1', 'Robin', 3, 1.5, x'00ff');
             INSERT INTO p VALUES ('k2', 'Ada', NULL, NULL, NULL);",
        )
        .unwrap();
        let mut session = Session::new(&conn).unwrap();
        session.attach(None::<&str>).unwrap();
        let long = "é".repeat(200);
        conn.execute_batch(&format!(
            "INSERT INTO p VALUES ('k3', '{long}', -9000000000, -0.25, x'');
             UPDATE p SET name = 'Robin Hood' WHERE id = 'k1';
             DELETE FROM p WHERE id = 'k2';
             INSERT INTO q VALUES (7, 'x');"
        ))
        .unwrap();
        let mut changes = Vec::new();
        session.changeset_strm(&mut changes).unwrap();
        let read = items(&changes).unwrap();
        assert_eq!(read.len(), 4);
        assert_eq!(encode(&read), changes);
    }

    #[test]
    fn varints_are_sqlites() {
        let cases: [(u64, &[u8]); 4] = [
            (0, &[0]),
            (127, &[0x7f]),
            (128, &[0x81, 0x00]),
            (16384, &[0x81, 0x80, 0x00]),
        ];
        for (v, bytes) in cases {
            let mut out = Vec::new();
            put_varint(&mut out, v);
            assert_eq!(out, bytes, "{v}");
        }
    }
}
