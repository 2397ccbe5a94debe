//! Backups, restore and integrity checks. A backup is a consistent copy made
//! with `VACUUM INTO`; rotated copies live in `backups/` beside the database.
//! The day's backup of records not locked is compressed (gzip, `.db.gz`): it
//! is most of the rotation, and a large organisation's backups take a sixth
//! of the room. Any other backup stays a database file that opens as it is,
//! and a locked one is encrypted, which leaves nothing to compress.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::Serialize;

use super::{Store, MIGRATIONS_COUNT};
use crate::error::{Error, Result};
use crate::files;

/// How many of the newest rotated backups are always kept (besides one per month).
pub const KEEP_NEWEST: usize = 10;

/// How many months keep their newest backup: a year. A person erased
/// today is gone from every rotated backup within this many months.
pub const MONTHS_KEPT: usize = 12;

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
    /// Before the records were locked, unlocked or given a new passphrase.
    BeforeLock,
}

impl BackupReason {
    fn as_str(self) -> &'static str {
        match self {
            BackupReason::Manual => "manual",
            BackupReason::Daily => "daily",
            BackupReason::BeforeUpgrade => "before-upgrade",
            BackupReason::BeforeRestore => "before-restore",
            BackupReason::BeforeLock => "before-lock",
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
    ///
    /// Nothing but a file is ever replaced, and a file only when `replace`
    /// says so and it is itself an Evident backup: a document or a device
    /// given by mistake is refused and left alone.
    pub fn backup_to(&self, out: &Path, replace: bool) -> Result<PathBuf> {
        match fs::symlink_metadata(out) {
            Ok(m) if !m.is_file() => {
                return Err(Error::cannot_write(
                    out,
                    "it is not a plain file (a folder, a device or a link); choose a new file name",
                ))
            }
            Ok(_) if !replace => {
                return Err(Error::cannot_write(
                    out,
                    "a file is already there; choose a new file name (an older Evident backup there can be replaced if you say so)",
                ))
            }
            Ok(_) => {
                if let Err(why) = check_backup(out, self.key.as_deref()) {
                    return Err(Error::cannot_write(
                        out,
                        format!("the file there is left alone: {why}; choose a new file name"),
                    ));
                }
            }
            Err(_) => {}
        }
        let dir = files::folder_of(out);
        files::create_private_dir(&dir)
            .map_err(|e| Error::io("could not create the folder", &dir, e))?;
        files::write_whole_with(out, "backup", |partial| {
            self.read()
                .execute("VACUUM INTO ?1", [partial.to_string_lossy()])
                .map(|_| ())
                .map_err(
                    |e| match files::what_stops_writing(&files::folder_of(partial)) {
                        Some(kind) => std::io::Error::new(kind, e),
                        None => std::io::Error::other(e),
                    },
                )
        })?;
        Ok(out.to_path_buf())
    }

    /// Writes a backup into `backups/` beside the database and rotates this
    /// database's backups: the newest [`KEEP_NEWEST`] are kept, and the
    /// newest of every month. Backups are named after the database file, so
    /// two databases in one folder never share or rotate each other's, and a
    /// second backup within the same second gets the next sequence number
    /// rather than replacing the first.
    pub fn backup_into_rotation(
        &self,
        now: NaiveDateTime,
        reason: BackupReason,
    ) -> Result<PathBuf> {
        let (dir, stem) = self.backup_place()?;
        let stamp = now.format("%Y-%m-%d-%H%M%S");
        let compress = reason == BackupReason::Daily && self.key.is_none();
        let extension = if compress { "db.gz" } else { "db" };
        let named = |n: u32| {
            dir.join(format!(
                "{stem}-{stamp}-{n:02}-{}.{extension}",
                reason.as_str()
            ))
        };
        let path = (1..100)
            .map(named)
            .find(|p| !p.exists())
            .unwrap_or_else(|| named(99));
        let path = if compress {
            self.compressed_backup_to(&path)?
        } else {
            self.backup_to(&path, false)?
        };
        tracing::info!(path = %path.display(), reason = reason.as_str(), "backup written");
        rotate(&dir, &stem)?;
        Ok(path)
    }

    /// Writes a consistent copy of the database, compressed, to `out` (a
    /// new file): the copy is made beside it under a hidden name first.
    fn compressed_backup_to(&self, out: &Path) -> Result<PathBuf> {
        let plain =
            files::folder_of(out).join(format!(".{}", file_name(out).trim_end_matches(".gz")));
        remove_with_journals(&plain);
        let written = self.backup_to(&plain, false).and_then(|_| {
            files::write_whole_with(out, "backup", |partial| compress(&plain, partial))
        });
        remove_with_journals(&plain);
        written.map(|_| out.to_path_buf())
    }

    /// This database's rotated backups, newest first.
    pub fn backups(&self) -> Result<Vec<PathBuf>> {
        match &self.path {
            Some(path) => Store::backups_of(path),
            None => Ok(Vec::new()),
        }
    }

    /// The rotated backups of the database at `path`, newest first, whether
    /// or not it opens. A damaged file set aside is not one of them.
    pub fn backups_of(path: &Path) -> Result<Vec<PathBuf>> {
        rotated_backups(&Store::backup_folder_for(path), &stem_of(path))
    }

    /// Restores the newest of the database's backups that passes the
    /// checks, whether or not the database opens (see [`Store::restore_at`]):
    /// the store on the restored records, and the backup it came from.
    /// Locked backups open with `passphrase`.
    pub fn restore_newest_at(
        path: &Path,
        now: NaiveDateTime,
        passphrase: Option<&str>,
    ) -> Result<(Store, PathBuf)> {
        let mut refused = Vec::new();
        for backup in Store::backups_of(path)? {
            match Store::restore_at(path, &backup, now, false, passphrase) {
                Ok(store) => return Ok((store, backup)),
                Err(Error::BadBackup { why, .. }) => {
                    refused.push(format!("{}: {why}", file_name(&backup)))
                }
                Err(e) => return Err(e),
            }
        }
        Err(Error::BadBackup {
            path: Store::backup_folder_for(path),
            why: if refused.is_empty() {
                "it holds no backups of these records".to_string()
            } else {
                format!(
                    "none of its backups passes the checks ({})",
                    refused.join("; ")
                )
            },
        })
    }

    /// The backups folder and the name this database's backups start with.
    fn backup_place(&self) -> Result<(PathBuf, String)> {
        let path = self.path.as_deref().ok_or_else(in_memory)?;
        Ok((Store::backup_folder_for(path), stem_of(path)))
    }

    /// Whether a rotated backup was taken on `day`.
    pub(super) fn has_backup_on(&self, day: NaiveDate) -> Result<bool> {
        let (_, stem) = self.backup_place()?;
        let prefix = format!("{stem}-{}", day.format("%Y-%m-%d"));
        Ok(self
            .backups()?
            .iter()
            .any(|p| file_name(p).starts_with(&prefix)))
    }

    /// SQLite's quick check of the whole file: [`Error::Damaged`] with what
    /// it found.
    pub(super) fn check_quickly(&self) -> Result<()> {
        let mut stmt = self.read().prepare("PRAGMA quick_check")?;
        let found: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if found.len() == 1 && found[0] == "ok" {
            Ok(())
        } else {
            Err(Error::Damaged { problems: found })
        }
    }

    /// Runs SQLite's integrity check and foreign-key check.
    pub fn integrity(&self) -> Result<Integrity> {
        integrity_of(self.read())
    }

    /// Runs the integrity checks and refuses a damaged database with
    /// [`Error::Damaged`], which says to restore the latest backup.
    pub fn check_integrity(&self) -> Result<()> {
        let integrity = self.integrity()?;
        if integrity.ok {
            Ok(())
        } else {
            Err(Error::Damaged {
                problems: integrity.problems,
            })
        }
    }

    /// Replaces the database with the backup at `file`. The file is checked
    /// first (a damaged file, one that is not an Evident database, or — unless
    /// `other_organisation` allows it — a backup of another organisation is
    /// refused and nothing changes); then the current database is backed up,
    /// and only then replaced. Returns the store opened on the restored data.
    pub fn restore(
        self,
        file: &Path,
        now: NaiveDateTime,
        other_organisation: bool,
    ) -> Result<Store> {
        files::refuse_device_or_pipe(file)?;
        let path = self.path.clone().ok_or_else(in_memory)?;
        let current = self.organisation().ok().map(|o| o.name);
        let key = self.key.clone();
        let staged = stage(
            &path,
            file,
            current.as_deref(),
            other_organisation,
            key.as_deref(),
        )?;
        // This store lets go of its own hold, then must hold the records
        // alone: no other window or command may be writing to them.
        let mut store = self;
        store.hold = super::OpenHold(None);
        let sole = match super::OpenHold::sole(&path) {
            Ok(sole) => sole,
            Err(e) => {
                remove_with_journals(&staged);
                return Err(e);
            }
        };
        if let Err(e) = store.backup_into_rotation(now, BackupReason::BeforeRestore) {
            remove_with_journals(&staged);
            return Err(e);
        }
        let Store { conn, .. } = store;
        conn.close().map_err(|(_, e)| Error::from(e))?;
        replace_with(&path, &staged, now, sole, key.as_deref())
    }

    /// [`Store::restore`] on this store in place: a refused backup leaves
    /// it open on the records as they were.
    pub fn restore_in_place(
        &mut self,
        file: &Path,
        now: NaiveDateTime,
        other_organisation: bool,
    ) -> Result<()> {
        let key = self.key.clone();
        self.in_place(now, [key.as_deref(), None], |store| {
            store.restore(file, now, other_organisation)
        })
    }

    /// Restores the backup at `file` as the database at `path`, whether or
    /// not the database there opens. One that does not (damaged) is set
    /// aside as it is, in the backups folder, rather than backed up through
    /// SQLite; then the checked backup takes its place. Locked records and
    /// backups open with `passphrase`.
    pub fn restore_at(
        path: &Path,
        file: &Path,
        now: NaiveDateTime,
        other_organisation: bool,
        passphrase: Option<&str>,
    ) -> Result<Store> {
        files::refuse_device_or_pipe(file)?;
        if !path.exists() {
            return Store::bring_in(path, file, now, passphrase);
        }
        match Store::open_with(path, now, passphrase) {
            Ok(store) => store.restore(file, now, other_organisation),
            // A full disk, a read-only folder or a newer Evident is not
            // mended by a backup: said as it is, nothing is moved. A file
            // that looks locked may be damaged at its start: a backup that
            // passes the checks (an unlocked one, or one this passphrase
            // opens) mends it; a locked backup without it is refused first.
            Err(e) if !matches!(e.kind(), "damaged" | "not_evident_database" | "locked") => Err(e),
            Err(_) => {
                let staged = stage(path, file, None, other_organisation, passphrase)?;
                let sole = match super::OpenHold::sole(path) {
                    Ok(sole) => sole,
                    Err(e) => {
                        remove_with_journals(&staged);
                        return Err(e);
                    }
                };
                if let Err(e) = set_aside(path, now) {
                    remove_with_journals(&staged);
                    return Err(e);
                }
                replace_with(path, &staged, now, sole, passphrase)
            }
        }
    }
}

impl Store {
    /// Brings records from another computer (a backup, or a copy of the
    /// records file) to `path`, where none are kept yet: checked and brought
    /// up to date exactly as a restore is, then put in place. A locked file
    /// opens with `passphrase` (without one, the refusal is `locked`, so the
    /// caller can ask for it), and the records stay locked with it.
    pub fn bring_in(
        path: &Path,
        file: &Path,
        now: NaiveDateTime,
        passphrase: Option<&str>,
    ) -> Result<Store> {
        if path.exists() {
            return Err(Error::cannot_write(
                path,
                "records are already kept here; restore a backup over them instead",
            ));
        }
        // A device or a pipe would never end, or never begin.
        files::refuse_device_or_pipe(file)?;
        if super::cipher::looks_locked(file) {
            let opens = passphrase.is_some_and(|p| {
                super::cipher::open_file(file, Some(p)).is_ok_and(|conn| {
                    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                        r.get::<_, i64>(0)
                    })
                    .is_ok()
                })
            });
            if !opens {
                return Err(Error::Locked {
                    path: file.to_path_buf(),
                    wrong: passphrase.is_some(),
                });
            }
        }
        let folder = files::folder_of(path);
        files::create_private_dir(&folder)
            .map_err(|e| Error::io("could not create the folder", &folder, e))?;
        let staged = stage(path, file, None, true, passphrase)?;
        let sole = match super::OpenHold::sole(path) {
            Ok(sole) => sole,
            Err(e) => {
                remove_with_journals(&staged);
                return Err(e);
            }
        };
        // Records set up meanwhile (another window) are never replaced here.
        if path.exists() {
            remove_with_journals(&staged);
            return Err(Error::cannot_write(
                path,
                "records were set up here meanwhile; restore the file over them instead if you mean to",
            ));
        }
        replace_with(path, &staged, now, sole, passphrase)
    }
}

/// Copies the backup at `file` (with its write-ahead log) beside `path`,
/// checks it is a sound Evident database of `current` organisation (unless
/// `other_organisation`), and brings it up to date: the staged copy, or a
/// refusal with nothing changed.
fn stage(
    path: &Path,
    file: &Path,
    current: Option<&str>,
    other_organisation: bool,
    key: Option<&str>,
) -> Result<PathBuf> {
    let dir = files::folder_of(path);
    let staged = dir.join(".evident-restore.partial");
    remove_with_journals(&staged);
    let bad = |why: String| Error::BadBackup {
        path: file.to_path_buf(),
        why,
    };
    // A backup that cannot be read is refused as such; a folder that
    // cannot take the copy (a full disk) is said as that.
    let copy =
        |from: &Path, to: &Path, part: &str| match files::copy_file(from, to, "restored records") {
            Err(Error::Io { source, .. }) => {
                remove_with_journals(&staged);
                Err(bad(format!("{part} could not be read ({source})")))
            }
            Err(e) => {
                remove_with_journals(&staged);
                Err(e)
            }
            Ok(()) => Ok(()),
        };
    if is_compressed(file) {
        if let Err(e) = expand(file, &staged) {
            remove_with_journals(&staged);
            return Err(bad(format!("it could not be read ({e})")));
        }
    } else {
        copy(file, &staged, "it")?;
        // Changes a backup holds only in its write-ahead log come with it.
        let wal = wal_of(file);
        if wal.is_file() {
            copy(&wal, &wal_of(&staged), "its write-ahead log")?;
        }
    }
    let checked = check_backup(&staged, key).and_then(|theirs| {
        upgrade_staged(&staged, key)?;
        Ok(theirs)
    });
    let checked = checked.and_then(|theirs| match current {
        Some(ours) if !other_organisation && !ours.eq_ignore_ascii_case(&theirs) => Err(format!(
            "it holds the records of {theirs:?}, not of {ours:?}; restore it only if you mean to replace {ours:?}'s records with it"
        )),
        _ => Ok(()),
    });
    if let Err(e) = checked {
        remove_with_journals(&staged);
        return Err(bad(e));
    }
    Ok(staged)
}

/// Puts the staged backup in the database's place, holding the records
/// alone (`sole`) until it is there, and opens it.
fn replace_with(
    path: &Path,
    staged: &Path,
    now: NaiveDateTime,
    sole: super::OpenHold,
    key: Option<&str>,
) -> Result<Store> {
    let dir = files::folder_of(path);
    remove_journals(path);
    fs::rename(staged, path).map_err(|e| Error::io("could not replace", path, e))?;
    files::keep_private(path);
    files::sync_folder(&dir);
    drop(sole);
    Store::open_with(path, now, key)
}

/// Moves a database that does not open (with its journals) into the
/// backups folder as it is: `<name>-<stamp>-damaged.db`.
fn set_aside(path: &Path, now: NaiveDateTime) -> Result<PathBuf> {
    let folder = Store::backup_folder_for(path);
    files::create_private_dir(&folder)
        .map_err(|e| Error::io("could not create the folder", &folder, e))?;
    let aside = folder.join(format!(
        "{}-{}-damaged.db",
        stem_of(path),
        now.format("%Y-%m-%d-%H%M%S")
    ));
    fs::rename(path, &aside).map_err(|e| Error::io("could not set aside", path, e))?;
    for suffix in ["-wal", "-shm"] {
        let mut journal = path.as_os_str().to_os_string();
        journal.push(suffix);
        let mut moved = aside.as_os_str().to_os_string();
        moved.push(suffix);
        let _ = fs::rename(PathBuf::from(journal), PathBuf::from(moved));
    }
    files::sync_folder(&folder);
    Ok(aside)
}

/// The refusal of a file operation on a database held in memory.
fn in_memory() -> Error {
    Error::cannot_write(
        "memory",
        "a database held in memory has no folder for backups; save it to a file first",
    )
}

/// The write-ahead log beside a database file.
fn wal_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push("-wal");
    PathBuf::from(name)
}

/// Brings the staged copy of a backup up to this version's schema (and
/// folds its write-ahead log in): a file that cannot be upgraded is refused
/// before anything is replaced.
fn upgrade_staged(path: &Path, key: Option<&str>) -> std::result::Result<(), String> {
    let mut conn =
        super::cipher::open_file(path, key).map_err(|e| format!("it could not be opened ({e})"))?;
    let upgraded = super::migrate(&mut conn)
        .map_err(|e| format!("it could not be brought up to date ({e})"))
        .and_then(|_| {
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
                .map_err(|e| format!("it could not be read whole ({e})"))
        });
    let _ = conn.close();
    upgraded
}

/// Checks that the file at `path` is a sound Evident database this version
/// can open, and gives the name of the organisation it holds.
fn check_backup(path: &Path, key: Option<&str>) -> std::result::Result<String, String> {
    if key.is_none() && super::cipher::looks_locked(path) {
        return Err(
            "it is locked with a passphrase these records do not have; open the records it came from, or lock these with the same passphrase first"
                .to_string(),
        );
    }
    let conn =
        super::cipher::open_file(path, key).map_err(|e| format!("it is not a database ({e})"))?;
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
        conn.query_row("SELECT name FROM organisation", [], |r| r.get(0))
            .map_err(|_| "it holds no organisation".to_string())
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

/// The backups of the database named `stem` in `dir`, newest first: files
/// named `STEM-YYYY-MM-DD-HHMMSS-NN-reason.db`.
/// The name a database's backups start with: its file's name without `.db`.
fn stem_of(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("evident")
        .to_string()
}

fn rotated_backups(dir: &Path, stem: &str) -> Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("could not read", dir, e)),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| stamp_of(file_name(p), stem).is_some())
        .collect();
    files.sort_by(|a, b| file_name(b).cmp(file_name(a)));
    Ok(files)
}

/// The part of a backup's name after `STEM-` (`2026-11-25-100000-01-daily.db`),
/// if it is a backup of the database named `stem`.
fn stamp_of<'a>(name: &'a str, stem: &str) -> Option<&'a str> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let date = rest.get(..10)?;
    let looks_dated = date.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    let backup = rest.ends_with(".db") || rest.ends_with(".db.gz");
    (looks_dated && backup && !rest.ends_with("-damaged.db")).then_some(rest)
}

/// Keeps the newest [`KEEP_NEWEST`] backups and the newest of each of the
/// latest [`MONTHS_KEPT`] months.
fn rotate(dir: &Path, stem: &str) -> Result<()> {
    let mut months_kept = std::collections::HashSet::new();
    for (i, path) in rotated_backups(dir, stem)?.iter().enumerate() {
        let month = stamp_of(file_name(path), stem)
            .and_then(|s| s.get(..7))
            .unwrap_or_default()
            .to_string();
        let newest_of_month = months_kept.insert(month) && months_kept.len() <= MONTHS_KEPT;
        if i >= KEEP_NEWEST && !newest_of_month {
            fs::remove_file(path)
                .map_err(|e| Error::io("could not remove the old backup", path, e))?;
        }
    }
    Ok(())
}

/// Whether the file at `path` is compressed (gzip's first two bytes).
pub(super) fn is_compressed(path: &Path) -> bool {
    let mut start = [0u8; 2];
    fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut start))
        .is_ok_and(|_| start == [0x1f, 0x8b])
}

/// Compresses the file `from` into `to`: fast, as a day's backup is taken
/// while the app opens (a sixth of the size; the slowest level saves a
/// tenth more).
fn compress(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut input = std::io::BufReader::new(fs::File::open(from)?);
    let output = std::io::BufWriter::new(fs::File::create(to)?);
    let mut encoder = flate2::write::GzEncoder::new(output, flate2::Compression::fast());
    std::io::copy(&mut input, &mut encoder)?;
    encoder
        .finish()?
        .into_inner()
        .map_err(|e| e.into_error())?
        .sync_all()
}

/// Expands the compressed file `from` into `to`.
/// Expands the compressed file `from` into `to`, refusing one that would
/// expand past what a backup can be (records compress about six times; a
/// made-up file could fill the disk).
fn expand(from: &Path, to: &Path) -> std::io::Result<()> {
    let file = fs::File::open(from)?;
    let most = file.metadata()?.len().saturating_mul(EXPANDS_AT_MOST) + (64 << 20);
    let input = flate2::read::GzDecoder::new(std::io::BufReader::new(file));
    let mut output = fs::File::create(to)?;
    let expanded = std::io::copy(&mut std::io::Read::take(input, most + 1), &mut output)?;
    if expanded > most {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it expands to far more than a backup of records could hold",
        ));
    }
    output.sync_all()
}

/// How many times its own size a compressed backup may expand to (and
/// 64 MB more, for a small one): records compress about six times.
const EXPANDS_AT_MOST: u64 = 50;

/// The backup at `path` as a database file: a compressed one is expanded
/// beside it (`.db.gz` becomes `.db`) and the compressed file removed.
/// Locking converts every backup, and a compressed one is converted so.
pub(super) fn expanded(path: &Path) -> Result<PathBuf> {
    if !is_compressed(path) {
        return Ok(path.to_path_buf());
    }
    let plain = path.with_file_name(file_name(path).trim_end_matches(".gz"));
    files::write_whole_with(&plain, "backup", |partial| expand(path, partial))?;
    fs::remove_file(path)
        .map_err(|e| Error::io("could not remove the compressed backup", path, e))?;
    Ok(plain)
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
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

/// Removes the database file at `path` and its journals.
pub(crate) fn remove_with_journals(path: &Path) {
    let _ = fs::remove_file(path);
    remove_journals(path);
}
