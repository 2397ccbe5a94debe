//! The lock (DESIGN "Privacy"): records encrypted with a passphrase
//! (SQLCipher), and their backups with them. Locking converts the file
//! safely: a backup first, then an encrypted copy beside it, then the swap
//! (a rename), so that a kill at any moment leaves either the old file or
//! the new one whole. A wrong passphrase is refused without touching the
//! file. A lost passphrase means lost records: nothing can open them.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{params, Connection};

use super::cipher::open_file;
use super::{BackupReason, Store};
use crate::error::{Error, Result};
use crate::files;

/// The shortest passphrase accepted.
pub const PASSPHRASE_MIN_CHARS: usize = 8;

fn check_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < PASSPHRASE_MIN_CHARS {
        return Err(Error::invalid(
            "passphrase",
            format!("is too short; use at least {PASSPHRASE_MIN_CHARS} characters, such as three words you will remember"),
        ));
    }
    Ok(())
}

/// Writes a copy of the database on `conn` to `out` (a new file), locked
/// with `key`, or not locked when `key` is empty, keeping its schema
/// version.
fn export(conn: &Connection, out: &Path, key: &str) -> rusqlite::Result<()> {
    let _ = fs::remove_file(out);
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    conn.execute(
        "ATTACH DATABASE ?1 AS converted KEY ?2",
        params![out.to_string_lossy(), key],
    )?;
    let exported = conn
        .query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(()))
        .and_then(|_| conn.execute_batch(&format!("PRAGMA converted.user_version = {version}")));
    let detached = conn.execute_batch("DETACH DATABASE converted");
    exported.and(detached)
}

/// Converts the file at `path` (no other connection open on it) to a copy
/// locked with `key` (or unlocked, for an empty key): the copy is written
/// beside it, synced, and renamed over it.
fn convert(path: &Path, from: Option<&str>, key: &str) -> Result<()> {
    let partial = partial_of(path);
    let written = (|| -> Result<()> {
        let conn = open_file(path, from)?;
        export(&conn, &partial, key)?;
        conn.close().map_err(|(_, e)| Error::from(e))?;
        fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io("could not write", &partial, e))
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&partial);
        return Err(e);
    }
    files::keep_private(&partial);
    fs::rename(&partial, path).map_err(|e| Error::io("could not replace", path, e))?;
    files::sync_folder(&files::folder_of(path));
    Ok(())
}

fn partial_of(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "evident.db".into());
    files::folder_of(path).join(format!(".{name}.lock.partial"))
}

impl Store {
    /// Locked records keep no backup that is not locked beside them. A lock
    /// cut short (the laptop switched off part way) can leave some, a day's
    /// compressed one among them: opening the records converts them, one
    /// process at a time. A backup that cannot be converted (a read-only
    /// folder) is said in the log and tried again at the next open.
    pub(super) fn lock_backups_left_plain(&self) {
        let (Some(key), Some(path)) = (self.key.as_deref(), self.path.as_deref()) else {
            return;
        };
        let plain = |b: &PathBuf| super::cipher::is_plain(b) || super::backup::is_compressed(b);
        if !self.backups().unwrap_or_default().iter().any(plain) {
            return;
        }
        let _one_at_a_time = super::OpenLock::take(path);
        for backup in self
            .backups()
            .unwrap_or_default()
            .iter()
            .filter(|b| plain(b))
        {
            let converted = super::backup::expanded(backup).and_then(|b| convert(&b, None, key));
            if let Err(e) = converted {
                tracing::warn!(backup = %backup.display(), error = %e, "a backup left plain could not be locked");
            }
        }
    }

    /// Whether the records are locked with a passphrase.
    pub fn is_locked(&self) -> bool {
        self.key.is_some()
    }

    /// The passphrase the open records are locked with, if they are.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// [`Store::set_passphrase`] on this store in place: refused, it stays
    /// open on the records as they are then (with the new passphrase when
    /// they were converted, the old one when they were not).
    pub fn set_passphrase_in_place(
        &mut self,
        passphrase: Option<&str>,
        now: NaiveDateTime,
        done_by: &str,
    ) -> Result<()> {
        let old = self.key.clone();
        self.in_place(now, [passphrase, old.as_deref()], |store| {
            store.set_passphrase(passphrase, now, done_by)
        })
    }

    /// Locks the records with `passphrase`, or changes it, or (with `None`)
    /// unlocks them for good: a backup is taken first, the records are
    /// converted beside the file and swapped in whole, and then every backup
    /// in the rotation is converted the same way (a backup that cannot be
    /// is left as it was and named in the error). Held alone while it
    /// happens. The privacy log notes it, by `done_by`. Returns the store
    /// on the converted records.
    pub fn set_passphrase(
        self,
        passphrase: Option<&str>,
        now: NaiveDateTime,
        done_by: &str,
    ) -> Result<Store> {
        if let Some(p) = passphrase {
            check_passphrase(p)?;
        }
        let path = self
            .path
            .clone()
            .ok_or_else(|| Error::invalid("database", "an in-memory database cannot be locked"))?;
        let old = self.key.clone();
        self.backup_into_rotation(now, BackupReason::BeforeLock)?;
        let backups = self
            .backups()?
            .iter()
            .map(|b| super::backup::expanded(b))
            .collect::<Result<Vec<_>>>()?;
        let mut store = self;
        store.hold = super::OpenHold(None);
        let sole = super::OpenHold::sole(&path)?;
        let Store { conn, .. } = store;
        conn.close().map_err(|(_, e)| Error::from(e))?;
        let key = passphrase.unwrap_or("");
        convert(&path, old.as_deref(), key)?;
        drop(sole);
        let mut not_converted = Vec::new();
        for backup in backups {
            if let Err(e) = convert(&backup, old.as_deref(), key) {
                not_converted.push(format!("{}: {e}", backup.display()));
            }
        }
        let mut store = Store::open_with(&path, now, passphrase)?;
        let action = match (old.is_some(), passphrase.is_some()) {
            (false, _) => "locked with a passphrase",
            (true, true) => "passphrase changed",
            (true, false) => "unlocked for good",
        };
        store.log_privacy_action(action, 0, done_by)?;
        if not_converted.is_empty() {
            Ok(store)
        } else {
            Err(Error::cannot_write(
                Store::backup_folder_for(&path),
                format!(
                    "the records were converted, but these backups could not be, and keep the passphrase they had: {}",
                    not_converted.join("; ")
                ),
            ))
        }
    }
}
