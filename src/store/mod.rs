//! The store: the one SQLite file and the only place that writes SQL.
//! It opens the file with the pragmas Evident relies on, brings the schema up
//! to date (after a backup), and keeps every write that belongs together in
//! one transaction.

mod backup;
mod facts;
mod funding;
mod lists;
mod measures;
mod organisation;
mod outcomes;
mod participants;
mod returns;
mod sessions;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};

pub use backup::{BackupReason, Integrity, KEEP_NEWEST};
pub use facts::{AssessmentFact, Facts, LogFact, ParticipantFact, SessionFact, StoryFact};
pub use funding::Archivable;
pub use lists::List;
pub use sessions::{Registered, SessionQuery};

use crate::error::{Error, Result};

/// The schema's migrations, in order. A shipped migration is never edited:
/// a change of schema is a new one at the end.
static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("migrations/001_records.sql")).comment("the records"),
        M::up(include_str!("migrations/002_pack_indexes.sql"))
            .comment("indexes for the returns pack"),
    ])
});

/// The schema version a fully migrated database has.
pub fn latest_schema_version() -> usize {
    MIGRATIONS_COUNT
}

const MIGRATIONS_COUNT: usize = 2;

/// The open database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if need be) the database at `path`. Takes a backup
    /// before any migration and on the first open of each day (`now`).
    pub fn open(path: &Path, now: NaiveDateTime) -> Result<Store> {
        let existed = path.exists();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io("could not create the folder", dir, e))?;
        }
        let conn = Connection::open(path)?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
        };
        store.configure().map_err(|e| match e {
            Error::Database(db) if existed => Error::invalid(
                "db",
                format!(
                    "{} is not an Evident database ({db}); choose another --db file, or restore a backup with `evident restore FILE`",
                    path.display()
                ),
            ),
            other => other,
        })?;
        let version = store.schema_version()?;
        if version > MIGRATIONS_COUNT {
            return Err(Error::invalid(
                "database",
                format!(
                    "{} was written by a newer Evident (schema {version}, this one knows {MIGRATIONS_COUNT}); install the newer Evident",
                    path.display()
                ),
            ));
        }
        if existed && version > 0 && version < MIGRATIONS_COUNT {
            store.backup_into_rotation(now, BackupReason::BeforeUpgrade)?;
        }
        MIGRATIONS.to_latest(&mut store.conn)?;
        if version < MIGRATIONS_COUNT {
            tracing::info!(
                from = version,
                to = MIGRATIONS_COUNT,
                "schema brought up to date"
            );
        }
        if existed && version > 0 && !store.has_backup_on(now.date())? {
            store.backup_into_rotation(now, BackupReason::Daily)?;
        }
        Ok(store)
    }

    /// A fresh database in memory, for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store { conn, path: None };
        store.configure()?;
        MIGRATIONS.to_latest(&mut store.conn)?;
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

    /// The folder beside the database that holds its backups.
    pub fn backup_dir(&self) -> Option<PathBuf> {
        self.path
            .as_ref()
            .map(|p| p.parent().unwrap_or_else(|| Path::new(".")).join("backups"))
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<usize> {
        let v: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(usize::try_from(v).unwrap_or(0))
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
                return Err(Error::invalid(
                    "database",
                    format!("the database could not use write-ahead logging (it is in {mode} mode); move it to a local folder"),
                ));
            }
        }
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        // 16 MB of page cache: a large register import or a five-year history
        // stays in memory; small against any laptop's RAM.
        self.conn.pragma_update(None, "cache_size", -16_000)?;
        Ok(())
    }

    /// Runs `f` in one transaction (a savepoint, so that writes can nest
    /// inside [`Store::writes_kept_if`]): all of its writes land, or none do.
    fn write<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let savepoint = self.conn.savepoint()?;
        let value = f(&savepoint)?;
        savepoint.commit()?;
        Ok(value)
    }

    /// Runs `f`, which may make many writes, and keeps them only if it says
    /// so: `f` returns its value and whether to keep what it wrote. When it
    /// says not to (a dry run, or a file with problems), or fails, every
    /// write it made is rolled back.
    pub fn writes_kept_if<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<(T, bool)>,
    ) -> Result<T> {
        self.conn.execute_batch("SAVEPOINT writes_kept_if")?;
        let outcome = f(self);
        let keep = matches!(outcome, Ok((_, true)));
        self.conn.execute_batch(if keep {
            "RELEASE writes_kept_if"
        } else {
            "ROLLBACK TO writes_kept_if; RELEASE writes_kept_if"
        })?;
        outcome.map(|(value, _)| value)
    }

    /// The connection, for reads.
    fn read(&self) -> &Connection {
        &self.conn
    }
}

/// Finds the row id of the record whose `column` is `key` in `table`.
fn id_of(
    conn: &Connection,
    table: &str,
    column: &str,
    key: &str,
    what: &'static str,
    hint: &'static str,
) -> Result<i64> {
    conn.query_row(
        &format!("SELECT id FROM {table} WHERE {column} = ?1 COLLATE NOCASE"),
        [key.trim()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what,
        key: key.trim().to_string(),
        hint,
    })
}

/// Whether another record than `except` in `table` has `column` equal to `key`.
fn taken(
    conn: &Connection,
    table: &str,
    column: &str,
    key: &str,
    except: Option<i64>,
) -> Result<bool> {
    Ok(conn
        .query_row(
            &format!("SELECT 1 FROM {table} WHERE {column} = ?1 COLLATE NOCASE AND id IS NOT ?2"),
            rusqlite::params![key.trim(), except],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The number after the highest used so far in codes made of `prefix`
/// and digits (`P0001`, `S00001`).
fn next_number(conn: &Connection, table: &str, column: &str, prefix: &str) -> Result<i64> {
    let highest: Option<i64> = conn.query_row(
        &format!(
            "SELECT MAX(CAST(SUBSTR({column}, {}) AS INTEGER)) FROM {table} WHERE {column} GLOB '{prefix}[0-9]*'",
            prefix.len() + 1
        ),
        [],
        |r| r.get(0),
    )?;
    Ok(highest.unwrap_or(0) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shipped migration, with the SHA-256 of its text. A shipped
    /// migration is never edited: databases out there already ran it.
    /// Change the schema with a new migration, and add it here.
    const SHIPPED: [(&str, &str); 2] = [
        (
            include_str!("migrations/001_records.sql"),
            "36560fb4f82ef972bc40674a90913852c481ac4060225ab4490b1e1a7ea4e326",
        ),
        (
            include_str!("migrations/002_pack_indexes.sql"),
            "692e1e06256353dd44c1779e77d134563b57196fea28a9ad52529da94f0f7338",
        ),
    ];

    #[test]
    fn shipped_migrations_are_never_edited() {
        for (i, (text, sha)) in SHIPPED.iter().enumerate() {
            assert_eq!(
                crate::evidence::sha256(text.as_bytes()),
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
