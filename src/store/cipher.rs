//! Files SQLCipher wrote: telling a locked file from a plain one, and
//! opening one with its passphrase. The ground the lock, the backups and
//! opening the records stand on.

use std::fs;
use std::io::Read as _;
use std::path::Path;

use rusqlite::Connection;

use crate::error::Result;

/// Whether the file at `path` starts as every unlocked SQLite file does.
pub(super) fn is_plain(path: &Path) -> bool {
    let mut start = [0u8; 16];
    fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut start))
        .is_ok_and(|_| &start == b"SQLite format 3\0")
}

/// Whether the file at `path` looks like locked records: not a plain
/// SQLite file, and whole pages long (a text file or a file cut short is
/// neither).
pub(super) fn looks_locked(path: &Path) -> bool {
    let len = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    !is_plain(path) && len >= 4096 && len.is_multiple_of(1024)
}

/// Gives a freshly opened connection its passphrase (none for records
/// that are not locked), with SQLCipher's own error log silenced: a wrong
/// passphrase is said by the error Evident returns.
pub(super) fn unlock(conn: &Connection, key: Option<&str>) -> Result<()> {
    Ok(give_key(conn, key)?)
}

fn give_key(conn: &Connection, key: Option<&str>) -> rusqlite::Result<()> {
    let _ = conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()));
    match key {
        Some(key) => conn.pragma_update(None, "key", key),
        None => Ok(()),
    }
}

/// Opens a file Evident wrote (a backup, a staged copy) with the
/// passphrase, or without one when the file is not locked.
pub(super) fn open_file(path: &Path, key: Option<&str>) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    give_key(&conn, key.filter(|k| !k.is_empty() && !is_plain(path)))?;
    Ok(conn)
}
