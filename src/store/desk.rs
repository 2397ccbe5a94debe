//! A commissioner's desk kept in its own SQLite file (DESIGN "The
//! commissioner's desk"), apart from any organisation's records: the packs
//! brought in, each as the text of its `data.json` and of its sheets that
//! hold no one's record. This file owns the desk's SQL; what a pack means
//! is the desk module's.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};

use crate::error::{Error, Result};

/// What a desk file says it is (`PRAGMA application_id`, "EvDk"), so that
/// an organisation's records are never opened as a desk, nor a desk as them.
pub const DESK_APPLICATION_ID: i32 = 0x4576_446B;

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("desk_migrations/001_desk.sql")).comment("the packs brought in")
    ])
}

/// One pack kept on the desk.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskPack {
    /// Its row.
    pub id: i64,
    /// The zip's SHA-256.
    pub sha256: String,
    /// The zip's file name as it was brought in.
    pub file_name: String,
    /// The provider's name.
    pub provider: String,
    /// The agreement's reference.
    pub agreement: String,
    /// The period's id.
    pub period: String,
    /// When the provider wrote it.
    pub generated_at: NaiveDateTime,
    /// When it was brought in.
    pub brought_in_at: NaiveDateTime,
    /// The pack that replaced it, if one has.
    pub replaced_by: Option<i64>,
    /// Its `data.json`, as text.
    pub data: String,
    /// Its sheets, as the desk's JSON text.
    pub sheets: String,
}

/// A desk file, open.
pub struct DeskStore {
    conn: Connection,
    path: PathBuf,
}

impl DeskStore {
    /// Opens the desk at `path`, creating it (and its folder) if there is
    /// none. A file that is not a desk (an organisation's records, another
    /// program's database) is refused and left as it is.
    pub fn open(path: &Path) -> Result<DeskStore> {
        let existed = path.is_file();
        if !existed {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                crate::files::create_private_dir(dir)
                    .map_err(|e| Error::io("could not create the folder", dir, e))?;
            }
        }
        let not_a_desk = |why: &str| Error::NotEvidentDatabase {
            path: path.to_path_buf(),
            why: format!("it is not a commissioner's desk: {why}"),
            backups: crate::files::folder_of(path).join("backups"),
        };
        let mut conn = Connection::open(path).map_err(|e| not_a_desk(&e.to_string()))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|e| not_a_desk(&e.to_string()))?;
        let tables: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table')",
            [],
            |r| r.get(0),
        )?;
        if id != DESK_APPLICATION_ID && tables {
            return Err(not_a_desk(
                "it holds an organisation's records or another program's tables; choose another file for the desk",
            ));
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "application_id", DESK_APPLICATION_ID)?;
        migrations()
            .to_latest(&mut conn)
            .map_err(|e| not_a_desk(&e.to_string()))?;
        if !existed {
            crate::files::keep_private(path);
        }
        Ok(DeskStore {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Where the app keeps its desk: `desk.db` beside the organisation's
    /// records at `records` (a file of its own, never mixed with them).
    pub fn beside(records: &Path) -> PathBuf {
        records.with_file_name("desk.db")
    }

    /// The file the desk is kept in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The pack whose zip has this SHA-256, if it was brought in.
    pub fn pack_with_sha(&self, sha256: &str) -> Result<Option<DeskPack>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM desk_pack WHERE sha256 = ?1"),
                [sha256],
                pack_of_row,
            )
            .optional()?)
    }

    /// The pack in use for a provider's return (the one nothing replaced).
    pub fn pack_in_use(
        &self,
        provider: &str,
        agreement: &str,
        period: &str,
    ) -> Result<Option<DeskPack>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM desk_pack
                     WHERE provider = ?1 AND agreement = ?2 AND period = ?3 AND replaced_by IS NULL"
                ),
                [provider, agreement, period],
                pack_of_row,
            )
            .optional()?)
    }

    /// Every pack on the desk, those replaced too, in the order they were
    /// written.
    pub fn packs(&self) -> Result<Vec<DeskPack>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM desk_pack ORDER BY generated_at, id"
        ))?;
        let rows = stmt.query_map([], pack_of_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keeps `pack`; the pack in use it replaces, if any, is marked so.
    /// One transaction: both land or neither. Returns the new row.
    pub fn add_pack(&mut self, pack: &DeskPack, replaces: Option<i64>) -> Result<i64> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO desk_pack (sha256, file_name, provider, agreement, period,
                 generated_at, brought_in_at, replaced_by, data, sheets)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                pack.sha256,
                pack.file_name,
                pack.provider,
                pack.agreement,
                pack.period,
                pack.generated_at,
                pack.brought_in_at,
                pack.replaced_by,
                pack.data,
                pack.sheets
            ],
        )?;
        let id = tx.last_insert_rowid();
        if let Some(old) = replaces {
            tx.execute(
                "UPDATE desk_pack SET replaced_by = ?1 WHERE id = ?2",
                params![id, old],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Removes the pack with row `id`. The packs it replaced come back: the
    /// newest of them in use, the others replaced by it. One transaction.
    pub fn remove_pack(&mut self, id: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        let newest: Option<i64> = tx
            .query_row(
                "SELECT id FROM desk_pack WHERE replaced_by = ?1
                 ORDER BY generated_at DESC, id DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        tx.execute(
            "UPDATE desk_pack SET replaced_by = ?1 WHERE replaced_by = ?2",
            params![newest, id],
        )?;
        if let Some(newest) = newest {
            tx.execute(
                "UPDATE desk_pack SET replaced_by = NULL WHERE id = ?1",
                [newest],
            )?;
        }
        tx.execute("DELETE FROM desk_pack WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }
}

const COLUMNS: &str = "id, sha256, file_name, provider, agreement, period, generated_at,
    brought_in_at, replaced_by, data, sheets";

fn pack_of_row(r: &rusqlite::Row) -> rusqlite::Result<DeskPack> {
    Ok(DeskPack {
        id: r.get(0)?,
        sha256: r.get(1)?,
        file_name: r.get(2)?,
        provider: r.get(3)?,
        agreement: r.get(4)?,
        period: r.get(5)?,
        generated_at: r.get(6)?,
        brought_in_at: r.get(7)?,
        replaced_by: r.get(8)?,
        data: r.get(9)?,
        sheets: r.get(10)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_desk_migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }
}
