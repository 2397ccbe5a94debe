//! Backups, restore and integrity checks. A backup is a consistent copy made
//! with `VACUUM INTO`; rotated copies live in `backups/` beside the database.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::Serialize;

use super::{Store, MIGRATIONS_COUNT};
use crate::error::{Error, Result};

/// How many of the newest rotated backups are always kept (besides one per month).
pub const KEEP_NEWEST: usize = 10;

/// Why a rotated backup was taken; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupReason {
    /// Asked for by the user.
    Manual,
    /// The first open of the day.
    Daily,
    /// Before the schema was upgraded.
    BeforeUpgrade,
    /// Before another file replaced the database.
    BeforeRestore,
}

impl BackupReason {
    fn as_str(self) -> &'static str {
        match self {
            BackupReason::Manual => "manual",
            BackupReason::Daily => "daily",
            BackupReason::BeforeUpgrade => "before-upgrade",
            BackupReason::BeforeRestore => "before-restore",
        }
    }
}

/// The result of SQLite's integrity and foreign-key checks.
#[derive(Debug, Clone, Serialize)]
pub struct Integrity {
    /// Whether both checks passed.
    pub ok: bool,
    /// What the checks reported, when they did not pass.
    pub problems: Vec<String>,
}

impl Store {
    /// Writes a consistent copy of the database to `out`, replacing any
    /// file there only once the copy is complete.
    pub fn backup_to(&self, out: &Path) -> Result<PathBuf> {
        let dir = out
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(|e| Error::io("could not create the folder", dir, e))?;
        let partial = dir.join(format!(
            ".{}.partial",
            out.file_name().and_then(|n| n.to_str()).unwrap_or("backup")
        ));
        let _ = fs::remove_file(&partial);
        let copied = self
            .read()
            .execute("VACUUM INTO ?1", [partial.to_string_lossy()])
            .map_err(Error::from)
            .and_then(|_| sync_file(&partial))
            .and_then(|_| {
                fs::rename(&partial, out).map_err(|e| Error::io("could not write", out, e))
            });
        if copied.is_err() {
            let _ = fs::remove_file(&partial);
        }
        copied?;
        sync_dir(dir);
        Ok(out.to_path_buf())
    }

    /// Writes a backup into `backups/` beside the database and rotates them:
    /// the newest [`KEEP_NEWEST`] are kept, and the newest of every month.
    pub fn backup_into_rotation(
        &self,
        now: NaiveDateTime,
        reason: BackupReason,
    ) -> Result<PathBuf> {
        let dir = self.backup_dir().ok_or_else(|| {
            Error::invalid(
                "database",
                "an in-memory database has no backup folder; give --out FILE",
            )
        })?;
        let name = format!(
            "evident-{}-{}.db",
            now.format("%Y-%m-%d-%H%M%S"),
            reason.as_str()
        );
        let path = self.backup_to(&dir.join(name))?;
        tracing::info!(path = %path.display(), reason = reason.as_str(), "backup written");
        rotate(&dir)?;
        Ok(path)
    }

    /// The rotated backups, newest first.
    pub fn backups(&self) -> Result<Vec<PathBuf>> {
        match self.backup_dir() {
            Some(dir) => rotated_backups(&dir),
            None => Ok(Vec::new()),
        }
    }

    /// Whether a rotated backup was taken on `day`.
    pub(super) fn has_backup_on(&self, day: NaiveDate) -> Result<bool> {
        let prefix = format!("evident-{}", day.format("%Y-%m-%d"));
        Ok(self
            .backups()?
            .iter()
            .any(|p| file_name(p).starts_with(&prefix)))
    }

    /// Runs SQLite's integrity check and foreign-key check.
    pub fn integrity(&self) -> Result<Integrity> {
        integrity_of(self.read())
    }

    /// Replaces the database with the backup at `file`. The file is checked
    /// first (a damaged file or one that is not an Evident database is
    /// refused and nothing changes); then the current database is backed up,
    /// and only then replaced. Returns the store opened on the restored data.
    pub fn restore(self, file: &Path, now: NaiveDateTime) -> Result<Store> {
        let path = self.path.clone().ok_or_else(|| {
            Error::invalid("database", "an in-memory database cannot be restored into")
        })?;
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let staged = dir.join(".evident-restore.partial");
        remove_with_journals(&staged);
        let bad = |why: String| Error::BadBackup {
            path: file.to_path_buf(),
            why,
        };
        fs::copy(file, &staged).map_err(|e| bad(format!("it could not be read ({e})")))?;
        if let Err(e) = check_backup(&staged) {
            remove_with_journals(&staged);
            return Err(bad(e));
        }
        sync_file(&staged)?;
        self.backup_into_rotation(now, BackupReason::BeforeRestore)?;
        let Store { conn, .. } = self;
        conn.close().map_err(|(_, e)| Error::from(e))?;
        remove_journals(&path);
        fs::rename(&staged, &path).map_err(|e| Error::io("could not replace", &path, e))?;
        sync_dir(&dir);
        Store::open(&path, now)
    }
}

/// Checks that the file at `path` is a sound Evident database this version can open.
fn check_backup(path: &Path) -> std::result::Result<(), String> {
    let conn = Connection::open(path).map_err(|e| format!("it is not a database ({e})"))?;
    let result = (|| {
        let integrity = integrity_of(&conn).map_err(|e| format!("it is damaged ({e})"))?;
        if !integrity.ok {
            return Err(format!("it is damaged ({})", integrity.problems.join("; ")));
        }
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| format!("it is not a database ({e})"))?;
        let has_organisation: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'organisation')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| format!("it is not a database ({e})"))?;
        if version < 1 || !has_organisation {
            return Err("it is not an Evident database".to_string());
        }
        if version as usize > MIGRATIONS_COUNT {
            return Err(format!(
                "it was written by a newer Evident (schema {version}); install the newer Evident to restore it"
            ));
        }
        Ok(())
    })();
    let _ = conn.close();
    result
}

fn integrity_of(conn: &Connection) -> Result<Integrity> {
    let mut problems: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    problems.retain(|p| p != "ok");
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "a row of {} refers to a missing row of {}",
            r.get::<_, String>(0)?,
            r.get::<_, String>(2)?
        ))
    })?;
    for row in rows {
        problems.push(row?);
    }
    Ok(Integrity {
        ok: problems.is_empty(),
        problems,
    })
}

fn rotated_backups(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("could not read", dir, e)),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = file_name(p);
            name.starts_with("evident-") && name.ends_with(".db")
        })
        .collect();
    files.sort_by(|a, b| file_name(b).cmp(file_name(a)));
    Ok(files)
}

/// Keeps the newest [`KEEP_NEWEST`] backups and the newest of each month.
fn rotate(dir: &Path) -> Result<()> {
    let mut months_kept = std::collections::HashSet::new();
    for (i, path) in rotated_backups(dir)?.iter().enumerate() {
        let month = file_name(path).get(8..15).unwrap_or_default().to_string();
        let newest_of_month = months_kept.insert(month);
        if i >= KEEP_NEWEST && !newest_of_month {
            fs::remove_file(path)
                .map_err(|e| Error::io("could not remove the old backup", path, e))?;
        }
    }
    Ok(())
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
}

fn sync_file(path: &Path) -> Result<()> {
    fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io("could not write", path, e))
}

/// Makes a rename durable; best effort, as not every platform can sync a folder.
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

fn journal_paths(path: &Path) -> [PathBuf; 2] {
    let with = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    };
    [with("-wal"), with("-shm")]
}

fn remove_journals(path: &Path) {
    for p in journal_paths(path) {
        let _ = fs::remove_file(p);
    }
}

fn remove_with_journals(path: &Path) {
    let _ = fs::remove_file(path);
    remove_journals(path);
}
