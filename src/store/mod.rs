//! The store: the one SQLite file and the only place that writes SQL.
//! It opens the file with the pragmas Evident relies on, brings the schema up
//! to date (after a backup), and keeps every write that belongs together in
//! one transaction.

mod backup;
pub(crate) mod changeset;
mod cipher;
pub mod clock;
mod desk;
mod facts;
mod forms;
mod funding;
mod history;
mod keys_met;
mod laptop_keys;
mod lists;
mod lock;
mod measures;
mod milestones;
mod organisation;
mod outcomes;
mod participants;
mod payments;
mod privacy;
mod returns;
mod scrub;
mod sessions;
mod shared;
mod sync;
mod team;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::NaiveDateTime;
use rusqlite::Connection;
use rusqlite::TransactionBehavior;
use rusqlite_migration::{Migrations, M};

pub(crate) use backup::remove_with_journals;
pub use backup::{BackupReason, Integrity, KEEP_NEWEST, MONTHS_KEPT};
pub use desk::{DeskPack, DeskStore, DESK_APPLICATION_ID};
pub(crate) use facts::{AssessmentFact, Facts, ParticipantFact};
pub use forms::FORM_FILE;
pub use funding::Archivable;
pub use lists::List;
pub use outcomes::LogQuery;
pub use privacy::{FileHeld, LastContact, MarkHeld, PrivacyAction, ANONYMISED_NAME};
pub use sessions::{Registered, SessionQuery};
pub(crate) use sync::{wall_millis, word as record_word};
pub use sync::{
    Applied, Incoming, KeyTexts, LaptopRow, PublicKeys, SentFile, SyncOrganisation, ThisLaptop,
    LOCAL_TABLES,
};

use crate::error::{Error, Result};

/// The schema's migrations, in order. A shipped migration is never edited:
/// a change of schema is a new one at the end.
pub(crate) static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("migrations/001_records.sql")).comment("the records"),
        M::up(include_str!("migrations/002_pack_indexes.sql"))
            .comment("indexes for the returns pack"),
        M::up(include_str!("migrations/003_contact_summary_rows.sql")).comment(
            "contact for returns, project summary, participant rows, milestones, approval",
        ),
        M::up(include_str!("migrations/004_cost_lines.sql"))
            .comment("finance by cost line, with each agreement's cost headings"),
        M::up(include_str!("migrations/005_change_history.sql"))
            .comment("the history of every change to a record"),
        M::up(include_str!("migrations/006_privacy.sql"))
            .comment("who was anonymised, and the privacy log"),
        M::up_with_hook(
            include_str!("migrations/007_laptop_keys.sql"),
            laptop_keys::give_keys,
        )
        .comment("keys made on the laptop, and what merging several laptops needs"),
        M::up(include_str!("migrations/008_sealed_sync.sql"))
            .comment("laptops' keys, removed laptops, and the files sent kept until all have them"),
        M::up(include_str!("migrations/009_no_target.sql"))
            .comment("a measure the funder sets no target for"),
        M::up(include_str!("migrations/010_feedback_tie.sql"))
            .comment("a score tied to the session or programme it was given at"),
        M::up(include_str!("migrations/011_team_safeguarding.sql"))
            .comment("the team, who ran each session, safeguarding figures, a second signatory"),
        M::up_with_hook(
            include_str!("migrations/012_sent_files_in_parts.sql"),
            sync::keep_sent_files_in_parts,
        )
        .comment("a file sent kept as its header and changes"),
        M::up(include_str!("migrations/013_import_keys_met.sql"))
            .comment("the keys an import has met, kept out of memory"),
        M::up(include_str!("migrations/014_funder_form.sql"))
            .comment("the funder's own form and its mapping"),
        M::up(include_str!("migrations/015_payments.sql"))
            .comment("instalments, returns accepted by the funder, the cash in hand"),
    ])
});

/// The schema version a fully migrated database has.
pub fn latest_schema_version() -> usize {
    MIGRATIONS_COUNT
}

const MIGRATIONS_COUNT: usize = 15;

/// Brings `conn`'s schema up to date. Foreign keys are off meanwhile (a
/// migration that replaces a table must not delete what refers to it; each
/// such migration checks the references itself), and on again after.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", false)?;
    let migrated = MIGRATIONS.to_latest(conn);
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(migrated?)
}

/// A lock held by one process at a time while it upgrades a database or
/// takes the day's backup: a file `.<name>.lock` in the backups folder,
/// locked by the operating system (released when the process ends, even by
/// a crash). Where no lock can be had (a read-only folder), there is none,
/// and the work that needs the folder fails on its own terms.
struct OpenLock(Option<std::fs::File>);

impl OpenLock {
    fn take(database: &Path) -> OpenLock {
        OpenLock(lock_file(database, "lock").filter(|f| f.lock().is_ok()))
    }
}

/// When opening takes the day's first backup.
#[derive(Clone, Copy, PartialEq)]
enum Daily {
    /// While opening (the command line, and every other caller).
    Now,
    /// Later, by the caller, through [`DailyBackup`].
    Later,
}

/// The day's first backup of a database, left by
/// [`Store::open_leaving_the_daily_backup`] for the caller to take.
#[derive(Debug)]
pub struct DailyBackup {
    path: PathBuf,
    key: Option<String>,
    now: NaiveDateTime,
}

impl DailyBackup {
    /// Checks the records (SQLite's quick check) and takes the day's
    /// backup, on a connection of its own, so that the records stay in use
    /// meanwhile (the backup copies one consistent moment of them); nothing
    /// when another window or command took it first. Damage found is
    /// [`Error::Damaged`], and nothing is backed up over the good backups.
    pub fn take(self) -> Result<Option<PathBuf>> {
        let store = Store::open_or_create(&self.path, self.now, self.key.as_deref(), Daily::Later)?;
        let _lock = OpenLock::take(&self.path);
        if store.has_backup_on(self.now.date()).unwrap_or(true) {
            return Ok(None);
        }
        store.check_quickly()?;
        store
            .backup_into_rotation(self.now, BackupReason::Daily)
            .map(Some)
    }
}

/// The file `.<name>.<kind>` in the database's backups folder, for an OS
/// lock; none where the folder cannot be written.
fn lock_file(database: &Path, kind: &str) -> Option<std::fs::File> {
    let folder = Store::backup_folder_for(database);
    let stem = database
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("evident");
    crate::files::create_private_dir(&folder).ok()?;
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(folder.join(format!(".{stem}.{kind}")))
        .ok()
}

impl Drop for OpenLock {
    fn drop(&mut self) {
        if let Some(file) = &self.0 {
            let _ = file.unlock();
        }
    }
}

/// Why a database could not be opened, worded so that the advice is right:
/// a read-only folder or a full disk is said as such (restoring a backup
/// would replace good records with older ones); only a file that is not a
/// database is called that.
fn opening_refused(path: &Path, existed: bool, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    let folder = crate::files::folder_of(path);
    // SQLite says "disk I/O error" for a full disk too: a small file in the
    // folder tells which it is.
    let code = match e.sqlite_error_code() {
        Some(ErrorCode::SystemIoFailure) => match crate::files::what_stops_writing(&folder) {
            Some(std::io::ErrorKind::StorageFull) => Some(ErrorCode::DiskFull),
            Some(std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied) => {
                Some(ErrorCode::ReadOnly)
            }
            _ => Some(ErrorCode::SystemIoFailure),
        },
        other => other,
    };
    match code {
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            Error::cannot_write(
                &folder,
                "Evident cannot write there (the folder or the file is read-only); nothing was changed. Move the records to a folder you can write to, or ask for write access",
            )
        }
        Some(ErrorCode::DiskFull) => Error::cannot_write(
            path,
            "the disk is full; nothing was changed. Free some space (empty the bin, move photos off), then try again",
        ),
        Some(ErrorCode::SystemIoFailure) => Error::cannot_write(
            path,
            format!("the disk could not be read or written ({e}); nothing was changed. Check the disk, then try again"),
        ),
        Some(ErrorCode::DatabaseCorrupt) if existed => Error::Damaged {
            problems: vec![format!("{}: {e}", path.display())],
        },
        _ if existed => Error::NotEvidentDatabase {
            path: path.to_path_buf(),
            why: e.to_string(),
            backups: Store::backup_folder_for(path),
        },
        _ => Error::from(e),
    }
}

/// How many prepared statements a connection keeps for reuse.
const STATEMENTS_KEPT: usize = 256;

/// The open database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// A shared hold on the database for as long as it is open (see
    /// [`OpenHold`]), so that a restore never replaces it under another
    /// process's feet.
    hold: OpenHold,
    /// The passphrase the records are locked with, if they are: backups and
    /// restores use it too.
    key: Option<String>,
    /// Inside [`Store::writes_all_or_nothing`]: each write is part of one
    /// transaction that any failure rolls back whole, so needs no savepoint
    /// of its own.
    all_or_nothing: bool,
}

/// Every open store holds `.<name>.open` in the backups folder shared; a
/// restore must hold it alone, so it is refused while another window or
/// command has the records open (and its writes would be lost).
pub(crate) struct OpenHold(Option<std::fs::File>);

impl OpenHold {
    /// A shared hold (waiting out a restore in progress); none where the
    /// folder cannot be written.
    fn shared(database: &Path) -> OpenHold {
        OpenHold(lock_file(database, "open").filter(|f| f.lock_shared().is_ok()))
    }

    /// The only hold, or [`Error::CannotWrite`] naming why not.
    pub(crate) fn sole(database: &Path) -> Result<OpenHold> {
        let Some(file) = lock_file(database, "open") else {
            return Ok(OpenHold(None));
        };
        match file.try_lock() {
            Ok(()) => Ok(OpenHold(Some(file))),
            Err(_) => Err(Error::cannot_write(
                database,
                "the records are open in another window or command (the app, or a command still running); close it, then restore",
            )),
        }
    }

    fn none() -> OpenHold {
        OpenHold(None)
    }
}

impl Drop for OpenHold {
    fn drop(&mut self) {
        if let Some(file) = &self.0 {
            let _ = file.unlock();
        }
    }
}

impl Store {
    /// Opens the database at `path`, which must exist ([`Error::NoDatabase`]
    /// otherwise: a mistyped path never leaves an empty database behind).
    /// Takes a backup before any migration and on the first open of each day
    /// (`now`).
    pub fn open(path: &Path, now: NaiveDateTime) -> Result<Store> {
        Store::open_with(path, now, None)
    }

    /// Opens the database at `path` as [`Store::open`] does, with the
    /// passphrase it is locked with. Records that are not locked open
    /// whatever passphrase is given; locked records without one, or with
    /// the wrong one, are refused ([`Error::Locked`]) and left untouched.
    pub fn open_with(path: &Path, now: NaiveDateTime, passphrase: Option<&str>) -> Result<Store> {
        if !path.is_file() {
            return Err(Error::NoDatabase(path.to_path_buf()));
        }
        Store::open_or_create(path, now, passphrase, Daily::Now)
    }

    /// Opens the database as [`Store::open_with`] does, but leaves the day's
    /// check for damage and its first backup to the caller, to take on a
    /// thread of its own: on years of records they take seconds, which a
    /// window should not make anyone wait for. `None` when they are not due.
    pub fn open_leaving_the_daily_backup(
        path: &Path,
        now: NaiveDateTime,
        passphrase: Option<&str>,
    ) -> Result<(Store, Option<DailyBackup>)> {
        if !path.is_file() {
            return Err(Error::NoDatabase(path.to_path_buf()));
        }
        let store = Store::open_or_create(path, now, passphrase, Daily::Later)?;
        let due = !store.has_backup_on(now.date()).unwrap_or(true);
        let job = due.then(|| DailyBackup {
            path: path.to_path_buf(),
            key: store.key.clone(),
            now,
        });
        Ok((store, job))
    }

    /// Opens the database at `path`, creating an empty one (and its folder)
    /// if there is none: for setting up an organisation.
    pub fn create(path: &Path, now: NaiveDateTime) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::files::create_private_dir(dir)
                .map_err(|e| Error::io("could not create the folder", dir, e))?;
        }
        let store = Store::open_or_create(path, now, None, Daily::Now)?;
        crate::files::keep_private(path);
        Ok(store)
    }

    fn open_or_create(
        path: &Path,
        now: NaiveDateTime,
        key: Option<&str>,
        daily: Daily,
    ) -> Result<Store> {
        let existed = path.exists();
        // Records that are not locked need no passphrase; an empty one is none.
        let key = key
            .filter(|k| !k.is_empty())
            .filter(|_| !(existed && cipher::is_plain(path)));
        let refused = |db: rusqlite::Error| {
            if existed && cipher::looks_locked(path) {
                Error::Locked {
                    path: path.to_path_buf(),
                    wrong: key.is_some(),
                }
            } else {
                opening_refused(path, existed, db)
            }
        };
        // Damage found anywhere while opening is said as damage.
        Store::open_checked(path, now, existed, key, daily).map_err(|e| match e {
            Error::Database(db)
                if matches!(
                    db.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
                ) =>
            {
                refused(db)
            }
            other => other,
        })
    }

    fn open_checked(
        path: &Path,
        now: NaiveDateTime,
        existed: bool,
        key: Option<&str>,
        daily: Daily,
    ) -> Result<Store> {
        // What an interrupted restore or backup left behind, an hour on.
        let hour = std::time::Duration::from_secs(3600);
        crate::files::remove_leftovers(&crate::files::folder_of(path), hour);
        crate::files::remove_leftovers(&Store::backup_folder_for(path), hour);
        let not_evident = |why: String| Error::NotEvidentDatabase {
            path: path.to_path_buf(),
            why,
            backups: Store::backup_folder_for(path),
        };
        let conn = Connection::open(path).map_err(|e| opening_refused(path, existed, e))?;
        cipher::unlock(&conn, key)?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            hold: OpenHold::shared(path),
            key: key.map(str::to_string),
            all_or_nothing: false,
        };
        store.configure().map_err(|e| match e {
            Error::Database(db)
                if db.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) =>
            {
                Error::Database(db)
            }
            Error::Database(db) => opening_refused(path, existed, db),
            other => other,
        })?;
        let application: i32 = store
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))?;
        if application == DESK_APPLICATION_ID {
            return Err(not_evident(
                "it is a commissioner's desk, not an organisation's records; open it as a desk"
                    .to_string(),
            ));
        }
        let version = store.schema_version()?;
        if existed && version == 0 && store.has_tables()? {
            return Err(not_evident("it holds another program's tables".to_string()));
        }
        if version > MIGRATIONS_COUNT {
            return Err(Error::NewerDatabase {
                path: path.to_path_buf(),
                version,
                known: MIGRATIONS_COUNT,
            });
        }
        // A backups folder that cannot be read counts as done for the day.
        let daily_due = daily == Daily::Now
            && existed
            && version > 0
            && !store.has_backup_on(now.date()).unwrap_or(true);
        if version < MIGRATIONS_COUNT || daily_due {
            // Several processes may open the file at once (the app and the
            // command line, or a script's listings): one at a time upgrades
            // it and takes the day's backup, and the others find it done.
            let _lock = OpenLock::take(path);
            let version = store.schema_version()?;
            if version < MIGRATIONS_COUNT {
                store.upgrade(version, now)?;
            }
            if daily_due && !store.has_backup_on(now.date()).unwrap_or(true) {
                // Once a day, before its backup: is the file sound? A damaged
                // one is left as it is, and never backed up over good ones.
                store.check_quickly()?;
                // A backup that cannot be written (a full disk, a read-only
                // folder) never stops the records being read.
                if let Err(e) = store.backup_into_rotation(now, BackupReason::Daily) {
                    tracing::warn!(error = %e, "the day's backup could not be written");
                }
            }
        }
        store.lock_backups_left_plain();
        Ok(store)
    }

    /// Brings the schema from `version` up to date, after a backup of the
    /// file as it was (none for a new, empty file). If the upgrade fails,
    /// the file is left as it was and that backup is removed again, so that
    /// failed attempts never rotate good backups away.
    fn upgrade(&mut self, version: usize, now: NaiveDateTime) -> Result<()> {
        let backup = if version > 0 {
            Some(self.backup_into_rotation(now, BackupReason::BeforeUpgrade)?)
        } else {
            None
        };
        if let Err(e) = migrate(&mut self.conn) {
            if let Some(backup) = backup {
                let _ = std::fs::remove_file(backup);
            }
            return Err(e);
        }
        tracing::info!(
            from = version,
            to = MIGRATIONS_COUNT,
            "schema brought up to date"
        );
        Ok(())
    }

    /// Runs `change`, which takes the store and gives back the one it
    /// leaves open (a lock or a restore), on this store in place. Refused,
    /// the records are opened again as they are then, with each of `keys`
    /// in turn, so that this store stays open: a refusal never leaves the
    /// caller without its records.
    fn in_place(
        &mut self,
        now: NaiveDateTime,
        keys: [Option<&str>; 2],
        change: impl FnOnce(Store) -> Result<Store>,
    ) -> Result<()> {
        let Some(path) = self.path.clone() else {
            return Err(Error::invalid(
                "database",
                "records held in memory cannot be locked or restored",
            ));
        };
        let stand_in = Store {
            conn: Connection::open_in_memory()?,
            path: None,
            hold: OpenHold::none(),
            key: None,
            all_or_nothing: false,
        };
        let this = std::mem::replace(self, stand_in);
        match change(this) {
            Ok(changed) => {
                *self = changed;
                Ok(())
            }
            Err(refused) => {
                *self = Store::open_with(&path, now, keys[0])
                    .or_else(|_| Store::open_with(&path, now, keys[1]))?;
                Err(refused)
            }
        }
    }

    /// A fresh database in memory, for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: None,
            hold: OpenHold::none(),
            key: None,
            all_or_nothing: false,
        };
        store.configure()?;
        migrate(&mut store.conn)?;
        Ok(store)
    }

    /// The database file Evident uses when none is chosen: `evident.db` in
    /// the platform's data folder.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "Evident", "Evident")
            .map(|dirs| dirs.data_dir().join("evident.db"))
    }

    /// The file this store is kept in, if it is not in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The folder that holds the backups of the database at `path`, for
    /// saying where they are when the database itself cannot be opened.
    pub fn backup_folder_for(path: &Path) -> PathBuf {
        crate::files::folder_of(path).join("backups")
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<usize> {
        let v: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(usize::try_from(v).unwrap_or(0))
    }

    /// Whether the file holds any table at all (an empty file holds none).
    fn has_tables(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table')",
            [],
            |r| r.get(0),
        )?)
    }

    /// Sets the pragmas every connection needs and checks that WAL took.
    fn configure(&mut self) -> Result<()> {
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        if self.path.is_some() {
            let mode: String =
                self.conn
                    .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::cannot_write(
                    self.path.clone().unwrap_or_default(),
                    format!("the database could not use write-ahead logging (it is in {mode} mode); move it to a folder on this computer's own disk"),
                ));
            }
        }
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        // 16 MB of page cache: a large register import or a five-year history
        // stays in memory; small against any laptop's RAM.
        self.conn.pragma_update(None, "cache_size", -16_000)?;
        // Every write runs a statement for each merged table (see
        // `sync::captured`), and an import runs a few more a row: all are
        // kept prepared. With the default 16 they pushed each other out,
        // and preparing them again took half of an import's time.
        self.conn
            .set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
        Ok(())
    }

    /// Runs `f` in one transaction: all of its writes land, or none do. A
    /// transaction of its own starts `IMMEDIATE`, taking the write lock at
    /// once, so that another writer waits out the busy timeout rather than
    /// failing as "database is locked" halfway; inside
    /// [`Store::writes_kept_if`] it is a savepoint of that transaction.
    fn write<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let wall = sync::wall_millis();
        if self.conn.is_autocommit() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = sync::captured(&tx, wall, f)?;
            tx.commit()?;
            Ok(value)
        } else if self.all_or_nothing {
            sync::captured(&self.conn, wall, f)
        } else {
            let savepoint = self.conn.savepoint()?;
            let value = sync::captured(&savepoint, wall, f)?;
            savepoint.commit()?;
            Ok(value)
        }
    }

    /// Runs `f`, which may make many writes, as one transaction: all of
    /// them land, or, when any fails, none does. Unlike
    /// [`Store::writes_kept_if`], a write that fails is not undone alone
    /// for `f` to go on: there is no savepoint around each, whose
    /// statement journal SQLite walks at every statement (a write of a
    /// million register marks inside one was quadratic) and keeps in
    /// memory (records are never written unencrypted to a temporary file).
    /// Inside another transaction (an import's) its writes are part of
    /// that one, and a failure rolls all of it back.
    pub fn writes_all_or_nothing<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        let outermost = self.conn.is_autocommit();
        if outermost {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        let inside = std::mem::replace(&mut self.all_or_nothing, true);
        let outcome = f(self);
        self.all_or_nothing = inside;
        match outcome {
            Ok(value) => {
                if outermost {
                    self.conn.execute_batch("COMMIT")?;
                }
                Ok(value)
            }
            Err(e) => {
                if !self.conn.is_autocommit() {
                    let _ = self.conn.execute_batch("ROLLBACK");
                }
                Err(e)
            }
        }
    }

    /// Runs `f`, which may make many writes, and keeps them only if it says
    /// so: `f` returns its value and whether to keep what it wrote. When it
    /// says not to (a dry run, or a file with problems), or fails, every
    /// write it made is rolled back.
    pub fn writes_kept_if<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<(T, bool)>,
    ) -> Result<T> {
        // Its own transaction takes the write lock at once (see `write`),
        // and is itself what is kept or rolled back: a savepoint around
        // it would keep every page each write inside changed in SQLite's
        // statement journal, which each statement then walks when it
        // ends (a large demo's fill spent three quarters of its time so,
        // the huge demo's over 27 minutes). Inside another transaction it
        // is a savepoint of it.
        let outermost = self.conn.is_autocommit();
        self.conn.execute_batch(if outermost {
            "BEGIN IMMEDIATE"
        } else {
            "SAVEPOINT writes_kept_if"
        })?;
        let outcome = f(self);
        let keep = matches!(outcome, Ok((_, true)));
        let end = match (outermost, keep) {
            (true, true) => "COMMIT",
            (true, false) => "ROLLBACK",
            (false, true) => "RELEASE writes_kept_if",
            (false, false) => "ROLLBACK TO writes_kept_if; RELEASE writes_kept_if",
        };
        // A failure SQLite rolled back itself (a full disk) has nothing
        // left to end: its error is the one to say.
        if !(outermost && self.conn.is_autocommit()) {
            self.conn.execute_batch(end)?;
        }
        outcome.map(|(value, _)| value)
    }

    /// The connection, for reads.
    fn read(&self) -> &Connection {
        &self.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest as _;

    /// Every shipped migration, with the SHA-256 of its text. A shipped
    /// migration is never edited: databases out there already ran it.
    /// Change the schema with a new migration, and add it here.
    const SHIPPED: [(&str, &str); 15] = [
        (
            include_str!("migrations/001_records.sql"),
            "36560fb4f82ef972bc40674a90913852c481ac4060225ab4490b1e1a7ea4e326",
        ),
        (
            include_str!("migrations/002_pack_indexes.sql"),
            "692e1e06256353dd44c1779e77d134563b57196fea28a9ad52529da94f0f7338",
        ),
        (
            include_str!("migrations/003_contact_summary_rows.sql"),
            "ba29fdce511520bff66f9157868679a28cbae2edda4e20f80a8f7760f9eeccc6",
        ),
        (
            include_str!("migrations/004_cost_lines.sql"),
            "845bd650692d4500c9878d15c5bf24aeaff3dc5aaa6767480c8019f946bb56bd",
        ),
        (
            include_str!("migrations/005_change_history.sql"),
            "0574d82cf084611c6e07f349656cc512555783a5d399b848d97d8dee644af506",
        ),
        (
            include_str!("migrations/006_privacy.sql"),
            "5584c78d00108fc0604a9f6cfa3791adc212c6d5ab6f9cac67ab9200d8a94e15",
        ),
        (
            include_str!("migrations/007_laptop_keys.sql"),
            "f72e115ae76bbfc12ffdb32f87a9bcc0191b7f01e1d8b21d3bea708d56b71b64",
        ),
        (
            include_str!("migrations/008_sealed_sync.sql"),
            "9d5e03d942f6a599e0660cfbf3b854c3e7ae15a92cff5427d9ff2b8426610d30",
        ),
        (
            include_str!("migrations/009_no_target.sql"),
            "e73b4498b0ed91b238097655e209b3a7e218d2facdb680fd7e327504e43099d3",
        ),
        (
            include_str!("migrations/010_feedback_tie.sql"),
            "35335a548b68d60cfbf9d517903d0323f2779df4a9eaf81e5664f540260ccc16",
        ),
        (
            include_str!("migrations/011_team_safeguarding.sql"),
            "eb3cf9849a55895b502f9452addc49db500dbd114b139f7b1f8f0d0ede39795b",
        ),
        (
            include_str!("migrations/012_sent_files_in_parts.sql"),
            "92ea6994f89fcb931a17eb4bbfd39c0f742df12c7d0c697ddd7a18dd85941db2",
        ),
        (
            include_str!("migrations/013_import_keys_met.sql"),
            "c87ec6cb0a4590520453c4a0c9c60905e37b49abfc233cc20548d3bcbed826bc",
        ),
        (
            include_str!("migrations/014_funder_form.sql"),
            "942e1edc6236bdccc365bc7f8791f9713a313d7ec6334d8b146e4ba86888f4fc",
        ),
        (
            include_str!("migrations/015_payments.sql"),
            "ff1b29e359c6e0b6321c4681c097753a02dc08c8931d127fa4cf5fff0a48612c",
        ),
    ];

    #[test]
    fn shipped_migrations_are_never_edited() {
        for (i, (text, sha)) in SHIPPED.iter().enumerate() {
            assert_eq!(
                sha2::Sha256::digest(text.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>(),
                *sha,
                "migration {} has been edited after it shipped; put the change in a new migration instead",
                i + 1
            );
        }
        assert_eq!(
            SHIPPED.len(),
            MIGRATIONS_COUNT,
            "list every migration here once it ships"
        );
    }

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS
            .validate()
            .expect("the embedded migrations apply cleanly");
        assert_eq!(
            latest_schema_version(),
            {
                let store = Store::open_in_memory().unwrap();
                store.schema_version().unwrap()
            },
            "MIGRATIONS_COUNT must match the migrations list"
        );
    }
}
