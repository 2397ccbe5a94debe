//! The store's side of several laptops (see `crate::sync`): every write's
//! changes, recorded by SQLite's session extension, stamped with this
//! laptop's clock and kept in the outbox inside the write's own
//! transaction; a file of changes applied with the merge's rules; who this
//! laptop is, and what it has sent and applied.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex};

use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::hooks::Action;
use rusqlite::session::{ChangesetItem, ChangesetIter, ConflictAction, ConflictType, Session};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::clock::{Clock, Stamp};
use super::Store;
use crate::error::{Error, Result};
use crate::key::Key;

/// Tables that stay on their laptop: its history, its privacy log, the
/// sync's own bookkeeping, and the keys an import has met. Every other
/// table is merged (`MERGED`).
pub const LOCAL_TABLES: [&str; 8] = [
    "change_history",
    "history_pause",
    "privacy_log",
    "sync_this",
    "sync_outbox",
    "sync_applied",
    "sync_sent",
    "import_key_met",
];

/// Columns that follow another record and have no clock of their own: a
/// register mark's day and programme are its session's (kept so by the
/// `session_moved` trigger, and after every file applied).
const DERIVED: [(&str, &str); 2] = [("attendance", "date"), ("attendance", "programme_id")];

/// Keeps a file sent (`sync_sent`): its number, header, changes and SHA-256.
const KEEP_SENT: &str =
    "INSERT INTO sync_sent (sequence, header, changes, sha256) VALUES (?1, ?2, ?3, ?4)
     ON CONFLICT (sequence) DO UPDATE SET header = excluded.header, changes = excluded.changes,
     sha256 = excluded.sha256";

/// Milliseconds since 1970 by this computer's clock: the one reading of the
/// wall clock deep in the core, for the hybrid clock's stamps (everything
/// else is given `now`).
pub(crate) fn wall_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// The tables whose rows are merged (each has `clocks`): every table but
/// the `LOCAL_TABLES`, as a test checks against the schema.
const MERGED: [&str; 43] = [
    "acceptance",
    "agreement",
    "agreement_programme",
    "anonymised",
    "approval",
    "assessment",
    "attendance",
    "cash_balance",
    "cost_heading",
    "deletion",
    "evidence_file",
    "finance_forecast",
    "finance_line",
    "form_cell",
    "form_file",
    "funder",
    "funder_form",
    "indicator",
    "instalment",
    "laptop",
    "list_value",
    "manual_value",
    "measure",
    "measure_curve",
    "milestone",
    "milestone_note",
    "narrative_answer",
    "narrative_heading",
    "organisation",
    "other_income",
    "outcome",
    "outcome_log",
    "participant",
    "participant_group",
    "programme",
    "safeguarding",
    "session",
    "session_team",
    "story",
    "story_measure",
    "submission",
    "target",
    "team_member",
];

/// The merged tables holding a row not stamped yet (added by the write
/// under way), in one statement.
static UNSTAMPED_TABLES: LazyLock<String> = LazyLock::new(|| {
    MERGED
        .iter()
        .map(|t| format!("SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\" WHERE clocks = '')"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
});

/// Runs the write `f`, in its transaction. Once another laptop has joined,
/// a session records it, the rows it wrote are stamped with this laptop's
/// clock, and its changes are kept in the outbox. On a laptop of its own
/// nothing is recorded: the rows it added are marked as from before any
/// sharing (`{}`), since the first laptop to join gets them all in its
/// joining file.
pub(super) fn captured<T>(
    conn: &Connection,
    wall_millis: u64,
    f: impl FnOnce(&Connection) -> Result<T>,
) -> Result<T> {
    if !is_shared(conn)? {
        let value = f(conn)?;
        // Which tables the write added rows to is asked in one statement
        // (each table's unstamped rows are indexed); only those are
        // written again. An update of every merged table at each write
        // took most of an import's time.
        let added: Vec<String> = conn
            .prepare_cached(&UNSTAMPED_TABLES)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for table in added {
            conn.prepare_cached(&format!(
                "UPDATE \"{table}\" SET clocks = '{{}}' WHERE clocks = ''"
            ))?
            .execute([])?;
        }
        return Ok(value);
    }
    let mut session = Session::new(conn)?;
    session.table_filter(Some(|table: &str| MERGED.contains(&table)));
    session.attach(None::<&str>)?;
    let value = f(conn)?;
    if session.is_empty() {
        return Ok(value);
    }
    let mut written = Vec::new();
    session.changeset_strm(&mut written)?;
    let stamp = tick(conn, wall_millis)?;
    stamp_rows(conn, &written, &stamp)?;
    let mut changes = Vec::new();
    session.changeset_strm(&mut changes)?;
    drop(session);
    if !changes.is_empty() {
        conn.execute("INSERT INTO sync_outbox (changes) VALUES (?1)", [changes])?;
    }
    Ok(value)
}

/// A value of a change, as its own.
fn owned(value: ValueRef<'_>) -> Value {
    Value::try_from(value).unwrap_or(Value::Null)
}

/// A row's key as the deletions table keeps it: its values as a JSON array.
fn key_text(values: &[Value]) -> String {
    let json: Vec<serde_json::Value> = values
        .iter()
        .map(|v| match v {
            Value::Null => serde_json::Value::Null,
            Value::Integer(n) => serde_json::Value::from(*n),
            Value::Real(x) => serde_json::Value::from(*x),
            Value::Text(t) => serde_json::Value::from(t.as_str()),
            Value::Blob(b) => {
                serde_json::Value::from(b.iter().map(|x| format!("{x:02x}")).collect::<String>())
            }
        })
        .collect();
    serde_json::Value::Array(json).to_string()
}

/// The key of the row `item` changes: its old values for an edit or a
/// deletion, its new ones for an addition.
fn item_key(item: &ChangesetItem, columns: usize, added: bool) -> Result<Vec<Value>> {
    let pk = item.pk()?.to_vec();
    let mut key = Vec::new();
    for i in (0..columns).filter(|&i| pk.get(i).is_some_and(|&k| k != 0)) {
        let value = if added {
            item.new_value(i)?
        } else {
            item.old_value(i)?
        };
        key.push(owned(value));
    }
    Ok(key)
}

/// Whether another laptop has joined (so changes are kept to be sent).
fn is_shared(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM laptop)")?
        .query_row([], |r| r.get(0))?)
}

/// This laptop's key and clock.
fn clock(conn: &Connection) -> Result<Clock> {
    let (laptop, latest): (Key, String) = conn.query_row(
        "SELECT laptop, clock FROM sync_this WHERE one = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Clock::new(laptop.uuid(), latest.parse().ok()))
}

/// The next stamp of this laptop's clock, kept.
fn tick(conn: &Connection, wall_millis: u64) -> Result<String> {
    let stamp = clock(conn)?.tick(wall_millis).to_string();
    conn.execute("UPDATE sync_this SET clock = ?1 WHERE one = 1", [&stamp])?;
    Ok(stamp)
}

/// A row's `clocks`, read: column to stamp, "*" for the columns not named.
fn clocks_of(text: &str) -> BTreeMap<String, String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// The stamp of `column` in `clocks`.
fn stamp_of<'a>(clocks: &'a BTreeMap<String, String>, column: &str) -> &'a str {
    clocks
        .get(column)
        .or_else(|| clocks.get("*"))
        .map_or("", String::as_str)
}

/// Writes `clocks` as the one text every laptop writes for them.
fn clocks_text(clocks: &BTreeMap<String, String>) -> String {
    serde_json::to_string(clocks).unwrap_or_else(|_| "{}".to_string())
}

/// The names of `table`'s columns, in order.
fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let names = stmt
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// `WHERE` for a row found by its key columns, numbered from `first`.
fn where_key(key: &[(String, Value)], first: usize) -> String {
    key.iter()
        .enumerate()
        .map(|(i, (c, _))| format!("\"{c}\" = ?{}", first + i))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Stamps the rows `written` (a changeset) holds: a new row's every column,
/// an edited row's edited columns.
fn stamp_rows(conn: &Connection, written: &[u8], stamp: &str) -> Result<()> {
    let mut inserted: Vec<String> = Vec::new();
    // (table, key, columns changed, the row's clocks before the write)
    type Edited = (String, Vec<(String, Value)>, Vec<String>, Option<String>);
    let mut edited: Vec<Edited> = Vec::new();
    let mut deleted: Vec<(String, String)> = Vec::new();
    let mut input: &[u8] = written;
    let reader: &mut dyn Read = &mut input;
    let mut items = ChangesetIter::start_strm(&reader)?;
    while let Some(item) = items.next()? {
        let op = item.op()?;
        let table = op.table_name().to_string();
        match op.code() {
            Action::SQLITE_INSERT if !inserted.contains(&table) => inserted.push(table),
            Action::SQLITE_DELETE => {
                let width = op.number_of_columns() as usize;
                deleted.push((table, key_text(&item_key(item, width, false)?)));
            }
            Action::SQLITE_UPDATE => {
                let names = columns(conn, &table)?;
                let pk = item.pk()?.to_vec();
                let mut key = Vec::new();
                let mut changed = Vec::new();
                let mut before = None;
                for (i, name) in names.iter().enumerate() {
                    if pk.get(i).is_some_and(|&k| k != 0) {
                        key.push((name.clone(), owned(item.old_value(i)?)));
                    } else if name == "clocks" {
                        before = item
                            .old_value(i)
                            .ok()
                            .and_then(|v| v.as_str().ok().map(str::to_string));
                    } else if item.new_value(i).is_ok() {
                        changed.push(name.clone());
                    }
                }
                edited.push((table, key, changed, before));
            }
            _ => {}
        }
    }
    drop(items);
    for (table, key) in deleted {
        conn.prepare_cached(
            "INSERT INTO deletion (tbl, pk, stamp, clocks) VALUES (?1, ?2, ?3, json_object('*', ?3))
             ON CONFLICT (tbl, pk) DO UPDATE SET stamp = excluded.stamp, clocks = excluded.clocks",
        )?
        .execute(params![table, key, stamp])?;
    }
    for (table, key, changed, before) in edited {
        let found: Option<String> = conn
            .query_row(
                &format!(
                    "SELECT clocks FROM \"{table}\" WHERE {}",
                    where_key(&key, 1)
                ),
                rusqlite::params_from_iter(key.iter().map(|(_, v)| v)),
                |r| r.get(0),
            )
            .optional()?;
        let Some(found) = found else { continue };
        // A row deleted and written again in the write (a register saved
        // whole) starts from the clocks it had.
        let found = match (found.as_str(), before) {
            ("", Some(before)) => before,
            _ => found,
        };
        let mut clocks = clocks_of(&found);
        for column in changed {
            if !DERIVED.contains(&(table.as_str(), column.as_str())) {
                clocks.insert(column, stamp.to_string());
            }
        }
        let mut values = vec![Value::Text(clocks_text(&clocks))];
        values.extend(key.iter().map(|(_, v)| v.clone()));
        conn.execute(
            &format!(
                "UPDATE \"{table}\" SET clocks = ?1 WHERE {}",
                where_key(&key, 2)
            ),
            rusqlite::params_from_iter(values),
        )?;
    }
    // Rows added: every '' left (those written again were given their
    // clocks back above).
    for table in inserted {
        conn.prepare_cached(&format!(
            "UPDATE \"{table}\" SET clocks = json_object('*', ?1) WHERE clocks = ''"
        ))?
        .execute([stamp])?;
    }
    Ok(())
}

/// A laptop's public keys, as the other laptops keep them (and as a file's
/// header carries its writer's).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PublicKeys {
    /// Its age recipient (`age1…`).
    pub recipient: String,
    /// Its Ed25519 verifying key, in hex.
    pub verifying_key: String,
}

/// A laptop's keys as the records keep them, as text: its private keys
/// (the age identity and the signing key, kept only on the laptop itself)
/// and its public keys. The seal (`crate::sync::seal`) makes them and
/// reads them back; the store only keeps them.
#[derive(Clone)]
pub struct KeyTexts {
    pub identity: String,
    pub signing: String,
    pub public: PublicKeys,
}

/// This laptop, as the sync knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ThisLaptop {
    /// Its key.
    pub laptop: Key,
    /// Its name, once it has one (the first laptop is named when it first
    /// invites another).
    pub name: Option<String>,
    /// Its clock's latest stamp.
    pub clock: String,
    /// The last file it sent, and when.
    pub sent: u64,
    pub sent_at: Option<String>,
    /// Changes written here and not sent yet.
    pub unsent: usize,
    /// The shared folder it last sent to or got from.
    pub folder: Option<std::path::PathBuf>,
}

/// A laptop of the organisation, with the last file this one applied from
/// it.
#[derive(Debug, Clone, PartialEq)]
pub struct LaptopRow {
    pub laptop: Key,
    pub name: String,
    pub joined_on: String,
    /// The last file applied from it: number, and when it was written.
    pub applied: Option<(u64, String)>,
    /// Its public keys; empty until it has upgraded to sealed files.
    pub keys: Option<PublicKeys>,
    /// When it was removed (lost, stolen, its volunteer left), and its last
    /// file that is still applied.
    pub removed: Option<(String, u64)>,
}

impl LaptopRow {
    /// Whether it is one of the organisation's current laptops.
    pub fn current(&self) -> bool {
        self.removed.is_none()
    }
}

/// A file this laptop sent that another laptop may not have applied yet,
/// kept unsealed as what the store owns of it: its changes (a run of
/// changesets, `changeset::join`, which erasing a person rewrites), and its
/// header as the sync wrote it (text the store only keeps).
#[derive(Debug, Clone, PartialEq)]
pub struct SentFile {
    pub sequence: u64,
    pub header: String,
    pub changes: Vec<u8>,
    /// The SHA-256 of what was written into the shared folder (empty once
    /// the file must be written again).
    pub sha256: String,
}

/// Migration 12's hook: each file sent that an Evident before it kept
/// whole (its first line, then its header and its changes each as a part
/// of a run, then its 32-byte seal) kept as its header and changes. One that
/// does not read so could not be sent again whole either, and is let go.
pub(super) fn keep_sent_files_in_parts(
    tx: &rusqlite::Transaction,
) -> rusqlite_migration::HookResult {
    /// The first line of a file of changes, as Evident wrote it until schema 12.
    const FIRST_LINE: &[u8] = b"EVIDENT-CHANGES 1\n";
    let kept: Vec<(i64, Vec<u8>)> = tx
        .prepare("SELECT sequence, contents FROM sync_sent")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (sequence, contents) in kept {
        let body = contents
            .strip_prefix(FIRST_LINE)
            .and_then(|b| b.len().checked_sub(32).map(|end| &b[..end]))
            .and_then(super::changeset::split);
        match body.as_deref() {
            Some(&[header, changes]) if std::str::from_utf8(header).is_ok() => {
                tx.execute(
                    "UPDATE sync_sent SET header = ?1, changes = ?2 WHERE sequence = ?3",
                    params![
                        std::str::from_utf8(header).unwrap_or_default(),
                        changes,
                        sequence
                    ],
                )?;
            }
            _ => {
                tx.execute("DELETE FROM sync_sent WHERE sequence = ?1", [sequence])?;
            }
        }
    }
    tx.execute_batch("ALTER TABLE sync_sent DROP COLUMN contents")?;
    Ok(())
}

impl SentFile {
    /// Keeps this file (again), its SHA-256 as given.
    fn keep(&self, conn: &Connection) -> Result<()> {
        conn.execute(
            KEEP_SENT,
            params![self.sequence as i64, self.header, self.changes, self.sha256],
        )?;
        Ok(())
    }
}

/// A file of changes from another laptop, as the store applies it: who
/// wrote it, its number and clock, and each write's changes (SQLite
/// changesets). The file itself is `crate::sync::file`'s to read.
pub struct Incoming<'a> {
    pub laptop: Key,
    pub laptop_name: &'a str,
    pub sequence: u64,
    pub clock: &'a str,
    pub written_at: &'a str,
    pub parts: Vec<&'a [u8]>,
}

/// What one file did, as counts and conflicts in words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// Rows added, changed and deleted, by table.
    pub counts: BTreeMap<String, [usize; 3]>,
    /// People erased or anonymised by it.
    pub erased: usize,
    /// The SHA-256 of evidence files deleted with a person erased.
    pub evidence_erased: Vec<String>,
    /// What was merged and how, one sentence each.
    pub notes: Vec<String>,
}

/// The organisation's key and folder name for sync, made when first needed.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncOrganisation {
    pub key: Key,
    pub folder: String,
}

impl Store {
    /// This laptop: who it is, and what it has not sent.
    pub fn this_laptop(&self) -> Result<ThisLaptop> {
        let conn = self.read();
        let mut this = conn.query_row(
            "SELECT s.laptop, l.name, s.clock, s.sent, s.sent_at, s.folder
             FROM sync_this s LEFT JOIN laptop l ON l.id = s.laptop WHERE s.one = 1",
            [],
            |r| {
                Ok(ThisLaptop {
                    laptop: r.get(0)?,
                    name: r.get(1)?,
                    clock: r.get(2)?,
                    sent: r.get::<_, i64>(3)? as u64,
                    sent_at: r.get(4)?,
                    unsent: 0,
                    folder: r.get::<_, Option<String>>(5)?.map(std::path::PathBuf::from),
                })
            },
        )?;
        this.unsent = conn.query_row("SELECT COUNT(*) FROM sync_outbox", [], |r| {
            r.get::<_, i64>(0)
        })? as usize;
        Ok(this)
    }

    /// Every laptop of the organisation, in the order they joined.
    pub fn laptops(&self) -> Result<Vec<LaptopRow>> {
        let mut stmt = self.read().prepare(
            "SELECT l.id, l.name, l.joined_on, a.sequence, a.written_at, l.recipient,
             l.verifying_key, l.removed_on, l.removed_after
             FROM laptop l LEFT JOIN sync_applied a ON a.laptop = l.id ORDER BY l.block",
        )?;
        let rows = stmt.query_map([], |r| {
            let sequence: Option<i64> = r.get(3)?;
            let (recipient, verifying_key): (String, String) = (r.get(5)?, r.get(6)?);
            let removed_on: Option<String> = r.get(7)?;
            Ok(LaptopRow {
                laptop: r.get(0)?,
                name: r.get(1)?,
                joined_on: r.get(2)?,
                applied: match sequence {
                    Some(n) => Some((n as u64, r.get(4)?)),
                    None => None,
                },
                keys: (!recipient.is_empty() && !verifying_key.is_empty()).then_some(PublicKeys {
                    recipient,
                    verifying_key,
                }),
                removed: match removed_on {
                    Some(on) => Some((on, r.get::<_, Option<i64>>(8)?.unwrap_or(0) as u64)),
                    None => None,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last file applied from each other laptop.
    pub fn applied_files(&self) -> Result<BTreeMap<Key, u64>> {
        let mut stmt = self
            .read()
            .prepare("SELECT laptop, sequence FROM sync_applied")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The organisation's key and folder for sync, made now if it has none
    /// (from its name), and this laptop named `name` in the list of laptops
    /// if it is not there yet.
    pub fn start_sharing(
        &mut self,
        name: &str,
        today: &str,
        new_keys: impl FnOnce() -> Result<KeyTexts>,
    ) -> Result<SyncOrganisation> {
        self.write(|tx| {
            let (key, folder, org_name): (String, String, String) = tx.query_row(
                "SELECT sync_key, sync_folder, name FROM organisation WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let organisation = match key.parse::<Key>() {
                Ok(key) => SyncOrganisation { key, folder },
                Err(_) => {
                    let made = SyncOrganisation {
                        key: Key::new(),
                        folder: match crate::files::name_part(&org_name) {
                            part if part.is_empty() => "Organisation".to_string(),
                            part => part,
                        },
                    };
                    tx.execute(
                        "UPDATE organisation SET sync_key = ?1, sync_folder = ?2 WHERE id = 1",
                        params![made.key, made.folder],
                    )?;
                    made
                }
            };
            tx.execute(
                "INSERT INTO laptop (id, name, block, tag, joined_on)
                 SELECT laptop, ?1, block, tag, ?2 FROM sync_this WHERE one = 1
                 AND NOT EXISTS (SELECT 1 FROM laptop WHERE id = sync_this.laptop)",
                params![name.trim(), today],
            )?;
            // Keys, the first time this laptop shares (or after upgrading
            // from an Evident that sent its files unsealed).
            let has_keys: bool = tx.query_row(
                "SELECT identity != '' AND signing_key != '' FROM sync_this WHERE one = 1",
                [],
                |r| r.get(0),
            )?;
            if !has_keys {
                let keys = new_keys()?;
                tx.execute(
                    "UPDATE sync_this SET identity = ?1, signing_key = ?2 WHERE one = 1",
                    params![keys.identity, keys.signing],
                )?;
                let public = keys.public;
                tx.execute(
                    "UPDATE laptop SET recipient = ?1, verifying_key = ?2
                     WHERE id = (SELECT laptop FROM sync_this WHERE one = 1)",
                    params![public.recipient, public.verifying_key],
                )?;
            }
            Ok(organisation)
        })
    }

    /// Adds a laptop called `name` to the organisation, with the next block
    /// and tag and new keys, and returns its key, block, tag and private
    /// keys (for its joining file only: they are not kept here).
    pub fn add_laptop(
        &mut self,
        name: &str,
        today: &str,
        keys: &KeyTexts,
    ) -> Result<(Key, i64, String)> {
        if name.trim().is_empty() {
            return Err(Error::invalid(
                "name",
                "give the new laptop a name its volunteer will know, such as \"Sam's laptop\"",
            ));
        }
        self.write(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM laptop WHERE name = ?1 COLLATE NOCASE)",
                [name.trim()],
                |r| r.get(0),
            )?;
            if taken {
                return Err(Error::Duplicate {
                    what: "laptop",
                    field: "name",
                    key: name.trim().to_string(),
                });
            }
            let block: i64 =
                tx.query_row("SELECT COALESCE(MAX(block), 0) + 1 FROM laptop", [], |r| {
                    r.get(0)
                })?;
            let tag = laptop_tag(block);
            let key = Key::new();
            let public = &keys.public;
            tx.execute(
                "INSERT INTO laptop (id, name, block, tag, joined_on, recipient, verifying_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    key,
                    name.trim(),
                    block,
                    tag,
                    today,
                    public.recipient,
                    public.verifying_key
                ],
            )?;
            Ok((key, block, tag))
        })
    }

    /// The copy of these records a new laptop joins from, as a database
    /// file's bytes: everything recorded so far, made the laptop `laptop`
    /// (its block, tag and private keys) that has applied what this one has,
    /// and this one's files up to `sent`. This laptop's history, privacy log
    /// and keys stay here. It is staged beside these records, never in the
    /// shared folder, and vacuumed so that nothing deleted lingers in it.
    pub(crate) fn join_copy(
        &self,
        laptop: (Key, i64, &str, &KeyTexts),
        sent: (Key, u64, &str),
    ) -> Result<Vec<u8>> {
        let folder = match &self.path {
            Some(path) => crate::files::folder_of(path),
            None => std::env::temp_dir(),
        };
        let staged = folder.join(format!(".join-{}.partial", Key::new()));
        let made = (|| -> Result<Vec<u8>> {
            self.backup_to(&staged, false)?;
            let conn = super::cipher::open_file(&staged, self.key.as_deref())?;
            let (key, block, tag, keys) = laptop;
            let (identity, signing) = (&keys.identity, &keys.signing);
            let clock: String =
                self.read()
                    .query_row("SELECT clock FROM sync_this WHERE one = 1", [], |r| {
                        r.get(0)
                    })?;
            conn.execute_batch(
                "BEGIN IMMEDIATE;
                 DELETE FROM sync_outbox; DELETE FROM sync_sent; DELETE FROM change_history;
                 DELETE FROM privacy_log;",
            )?;
            conn.execute(
                "UPDATE sync_this SET laptop = ?1, block = ?2, tag = ?3, clock = ?4, sent = 0, sent_at = NULL,
                 joining = 1, identity = ?5, signing_key = ?6 WHERE one = 1",
                params![key, block, tag, clock, identity, signing],
            )?;
            let (from, sequence, written_at) = sent;
            conn.execute(
                "INSERT INTO sync_applied (laptop, sequence, written_at, applied_at) VALUES (?1, ?2, ?3, ?3)
                 ON CONFLICT (laptop) DO UPDATE SET sequence = excluded.sequence, written_at = excluded.written_at",
                params![from, sequence as i64, written_at],
            )?;
            conn.execute_batch("COMMIT; VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
            drop(conn);
            std::fs::read(&staged).map_err(|e| Error::io("could not read", &staged, e))
        })();
        super::backup::remove_with_journals(&staged);
        made
    }

    /// Whether these records are a joining copy not joined from yet; and
    /// notes that they have been.
    pub(crate) fn take_joining(&mut self) -> Result<bool> {
        let joining: bool =
            self.read()
                .query_row("SELECT joining FROM sync_this WHERE one = 1", [], |r| {
                    r.get(0)
                })?;
        self.read()
            .execute("UPDATE sync_this SET joining = 0 WHERE one = 1", [])?;
        Ok(joining)
    }

    /// The changes not sent yet, each write's as it was recorded (a
    /// combined changeset would lose a column set and set back, which
    /// another laptop's edit in between needs); `None` when there are none.
    pub(crate) fn outbox_for_sending(&self) -> Result<Option<Vec<Vec<u8>>>> {
        let mut stmt = self
            .read()
            .prepare("SELECT changes FROM sync_outbox ORDER BY id")?;
        let parts: Vec<Vec<u8>> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok((!parts.is_empty()).then_some(parts))
    }

    /// Notes that `file` was written whole: the changes in it leave the
    /// outbox (those written since stay for the next), and the file is kept
    /// until every other laptop has it.
    pub(crate) fn sent(
        &mut self,
        file: &SentFile,
        outbox_upto: Option<i64>,
        at: &str,
    ) -> Result<()> {
        let conn = &self.conn;
        let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        file.keep(&tx)?;
        tx.execute(
            "DELETE FROM sync_outbox WHERE id <= ?1",
            [outbox_upto.unwrap_or(i64::MAX)],
        )?;
        tx.execute(
            "UPDATE sync_this SET sent = ?1, sent_at = ?2 WHERE one = 1",
            params![file.sequence as i64, at],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The organisation's key and folder for sync, once it has shared.
    pub fn sync_organisation(&self) -> Result<SyncOrganisation> {
        let (key, folder): (String, String) = self.read().query_row(
            "SELECT sync_key, sync_folder FROM organisation WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let key = key
            .parse::<Key>()
            .map_err(|_| Error::invalid("folder", "these records are not shared yet"))?;
        Ok(SyncOrganisation { key, folder })
    }

    /// This laptop's private keys as text (its age identity and signing
    /// key), once it has shared.
    pub(crate) fn secret_key_texts(&self) -> Result<Option<(String, String)>> {
        let (identity, signing): (String, String) = self.read().query_row(
            "SELECT identity, signing_key FROM sync_this WHERE one = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((!identity.is_empty() && !signing.is_empty()).then_some((identity, signing)))
    }

    /// Keeps `file` as sent until every other laptop has it.
    pub(crate) fn keep_sent(&mut self, file: &SentFile) -> Result<()> {
        file.keep(self.read())
    }

    /// The files this laptop sent that some other laptop may not have yet.
    pub(crate) fn kept_sent(&self) -> Result<Vec<SentFile>> {
        let mut stmt = self
            .read()
            .prepare("SELECT sequence, header, changes, sha256 FROM sync_sent ORDER BY sequence")?;
        let rows = stmt.query_map([], |r| {
            Ok(SentFile {
                sequence: r.get::<_, i64>(0)? as u64,
                header: r.get(1)?,
                changes: r.get(2)?,
                sha256: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Forgets the files sent up to `sequence`: every other laptop has them.
    pub(crate) fn forget_sent(&mut self, upto: u64) -> Result<()> {
        self.read()
            .execute("DELETE FROM sync_sent WHERE sequence <= ?1", [upto as i64])?;
        Ok(())
    }

    /// Removes the laptop called `name` from the organisation (lost, stolen,
    /// a volunteer who left): files are no longer sealed for it, and its
    /// files after the last applied here are refused. Its records stay.
    pub fn remove_laptop(&mut self, name: &str, today: &str) -> Result<String> {
        let this = self.this_laptop()?;
        let found = self
            .laptops()?
            .into_iter()
            .find(|l| l.name.eq_ignore_ascii_case(name.trim()) && l.current());
        let Some(laptop) = found else {
            return Err(Error::NotFound {
                what: "laptop",
                key: name.trim().to_string(),
                hint: "check its name under Several laptops",
            });
        };
        if laptop.laptop == this.laptop {
            return Err(Error::invalid(
                "name",
                "this laptop cannot remove itself; remove it from another of your laptops",
            ));
        }
        let last = laptop.applied.as_ref().map_or(0, |(n, _)| *n);
        self.write(|tx| {
            tx.execute(
                "UPDATE laptop SET removed_on = ?1, removed_after = ?2 WHERE id = ?3",
                params![today, last as i64, laptop.laptop],
            )?;
            Ok(())
        })?;
        Ok(laptop.name)
    }

    /// Remembers `folder` as the shared folder this laptop uses.
    pub(crate) fn remember_folder(&mut self, folder: &Path) -> Result<()> {
        self.read().execute(
            "UPDATE sync_this SET folder = ?1 WHERE one = 1",
            [folder.to_string_lossy()],
        )?;
        Ok(())
    }

    /// Forgets the shared folder (the one in a joining file is the writer's).
    pub(crate) fn forget_folder(&mut self) -> Result<()> {
        self.read()
            .execute("UPDATE sync_this SET folder = NULL WHERE one = 1", [])?;
        Ok(())
    }

    /// The last row of the outbox now.
    pub(crate) fn outbox_last(&self) -> Result<Option<i64>> {
        Ok(self
            .read()
            .query_row("SELECT MAX(id) FROM sync_outbox", [], |r| r.get(0))?)
    }

    /// Applies a file of changes from another laptop (`incoming`: who
    /// wrote it and each write's changes), all or nothing, with no session attached (so nothing
    /// of it is sent on): per column, the newer write wins; a deletion wins
    /// over an edit, and the later of a deletion and an addition of the same
    /// record wins; a record that needed one deleted on another laptop goes
    /// too.
    pub(crate) fn apply_file(
        &mut self,
        incoming: &Incoming,
        wall_millis: u64,
        applied_at: &str,
    ) -> Result<Option<Applied>> {
        let header = incoming;
        let from = header.laptop;
        let parts = &incoming.parts;
        let conn = &self.conn;
        let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        // Another get (another window, or the command line) may have
        // applied it meanwhile: once is enough.
        let done: u64 = tx.query_row(
            "SELECT MAX(COALESCE((SELECT sequence FROM sync_applied WHERE laptop = ?1), 0),
                        CASE WHEN laptop = ?1 THEN sent ELSE 0 END)
             FROM sync_this WHERE one = 1",
            [from],
            |r| r.get::<_, i64>(0),
        )? as u64;
        if done >= header.sequence {
            return Ok(None);
        }
        let mut applied = Applied::default();
        let mut tables: HashMap<String, Vec<String>> = HashMap::new();
        for changes in parts {
            let mut input: &[u8] = changes;
            let reader: &mut dyn Read = &mut input;
            let mut items = ChangesetIter::start_strm(&reader)?;
            while let Some(item) = items.next()? {
                let op = item.op()?;
                let table = op.table_name().to_string();
                if !MERGED.contains(&table.as_str()) {
                    return Err(Error::invalid(
                        "changes",
                        format!("it writes to {table}, which each laptop keeps to itself; Evident never writes such a file"),
                    ));
                }
                let slot = match op.code() {
                    Action::SQLITE_INSERT => 0,
                    Action::SQLITE_UPDATE => 1,
                    _ => 2,
                };
                applied.counts.entry(table.clone()).or_default()[slot] += 1;
                if !tables.contains_key(&table) {
                    tables.insert(table.clone(), columns(&tx, &table)?);
                }
            }
        }
        let tables = Arc::new(tables);
        let mut orphans = false;
        for changes in parts {
            let merge = apply_part(&tx, changes, &tables)?;
            applied.notes.extend(merge.notes);
            applied.erased += merge.erased.len();
            applied.evidence_erased.extend(merge.evidence_erased);
            orphans |= merge.orphans;
        }
        // A mark follows its session: one ticked here while its session
        // was moved on another laptop (or the other way round) takes the
        // session's day and programme, as on every laptop.
        tx.execute(
            "UPDATE attendance SET programme_id = s.programme_id, date = s.date
             FROM session s WHERE s.id = attendance.session_id
             AND (attendance.programme_id IS NOT s.programme_id OR attendance.date IS NOT s.date)",
            [],
        )?;
        tx.execute(
            "UPDATE attendance SET clocks = json_remove(clocks, '$.date', '$.programme_id')
             WHERE clocks LIKE '%\"date\":%' OR clocks LIKE '%\"programme_id\":%'",
            [],
        )?;
        for code in super::privacy::keep_anonymised(&tx)? {
            applied.erased += 1;
            applied.notes.push(format!(
                "participant {code}: an edit made on another laptop before they were anonymised was dropped; anonymising is final"
            ));
        }
        if orphans {
            let removed = remove_orphans(&tx)?;
            if removed > 0 {
                applied.notes.push(format!(
                    "{removed} {} that belonged to something deleted on another laptop {} removed too",
                    if removed == 1 { "record" } else { "records" },
                    if removed == 1 { "was" } else { "were" },
                ));
            }
        }
        let mut clock = clock(&tx)?;
        if let Ok(received) = header.clock.parse::<Stamp>() {
            if let Some(ahead) = clock.receive(received, wall_millis) {
                applied
                    .notes
                    .push(format!("{}: {ahead}", header.laptop_name));
            }
        }
        tx.execute(
            "UPDATE sync_this SET clock = ?1 WHERE one = 1",
            [clock.latest().to_string()],
        )?;
        tx.execute(
            "INSERT INTO sync_applied (laptop, sequence, written_at, applied_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (laptop) DO UPDATE SET sequence = excluded.sequence, written_at = excluded.written_at,
             applied_at = excluded.applied_at",
            params![from, header.sequence as i64, header.written_at, applied_at],
        )?;
        tx.commit()?;
        Ok(Some(applied))
    }
}

/// Applies one write's changes, merging where this laptop's rows differ;
/// what was merged is applied after, each row's columns in one statement.
fn apply_part(
    conn: &Connection,
    changes: &[u8],
    tables: &Arc<HashMap<String, Vec<String>>>,
) -> Result<Merge> {
    let PartRead {
        deletions,
        added,
        erased,
        evidence_deleted,
    } = read_part(changes, tables)?;
    let merge = Arc::new(Mutex::new(Merge {
        deletions,
        erased: erased.iter().map(Key::text).collect(),
        // A person's stories' photos go with them; other deletions keep
        // their files (an undo may bring the record back).
        evidence_erased: if erased.is_empty() {
            Vec::new()
        } else {
            evidence_deleted
        },
        ..Merge::default()
    }));
    let handler = {
        let merge = Arc::clone(&merge);
        let tables = Arc::clone(tables);
        move |kind: ConflictType, item: ChangesetItem| {
            let mut merge = merge.lock().unwrap_or_else(|e| e.into_inner());
            merge.conflict(kind, &item, &tables)
        }
    };
    let mut input: &[u8] = changes;
    let outcome = conn.apply_strm(
        &mut input,
        Some(|table: &str| MERGED.contains(&table)),
        handler,
    );
    let mut merge = std::mem::take(&mut *merge.lock().unwrap_or_else(|e| e.into_inner()));
    if let Err(e) = outcome {
        return Err(match merge.refused {
            Some(why) => Error::invalid("changes", why),
            None => e.into(),
        });
    }
    write_merged_rows(conn, &merge.rows)?;
    for person in &erased {
        super::privacy::forget_history_of(conn, *person)?;
    }
    super::scrub::forget_in_sync(conn, &erased)?;
    if !erased.is_empty() {
        merge.notes.push(format!(
            "{} {} erased or anonymised on another laptop: every trace in this laptop's history of changes is gone too",
            erased.len(),
            if erased.len() == 1 { "person was" } else { "people were" }
        ));
    }
    keep_deleted_rows_deleted(conn, added, tables, &mut merge)?;
    Ok(merge)
}

/// What a part deletes (with when) and adds, read before it is applied: a
/// deletion meets the row it deletes with its stamp, and a row added is
/// checked against a later deletion here. People are deleted or
/// anonymised only when erased (Privacy): their traces in this laptop's
/// history go too, and their stories' photos.
struct PartRead {
    deletions: HashMap<(String, String), String>,
    added: Vec<(String, Vec<Value>)>,
    erased: Vec<Key>,
    evidence_deleted: Vec<String>,
}

fn read_part(changes: &[u8], tables: &Arc<HashMap<String, Vec<String>>>) -> Result<PartRead> {
    let mut deletions = HashMap::new();
    let mut added: Vec<(String, Vec<Value>)> = Vec::new();
    let mut erased: Vec<Key> = Vec::new();
    let mut evidence_deleted: Vec<String> = Vec::new();
    {
        let mut input: &[u8] = changes;
        let reader: &mut dyn Read = &mut input;
        let mut items = ChangesetIter::start_strm(&reader)?;
        while let Some(item) = items.next()? {
            let op = item.op()?;
            let (table, width) = (op.table_name().to_string(), op.number_of_columns() as usize);
            match (table.as_str(), op.code()) {
                ("deletion", Action::SQLITE_INSERT) => {
                    let text = |i: usize| -> Result<String> {
                        Ok(item.new_value(i)?.as_str().unwrap_or_default().to_string())
                    };
                    deletions.insert((text(0)?, text(1)?), text(2)?);
                }
                ("deletion", Action::SQLITE_UPDATE) => {
                    let old = |i: usize| -> Result<String> {
                        Ok(item.old_value(i)?.as_str().unwrap_or_default().to_string())
                    };
                    if let Ok(stamp) = item.new_value(2) {
                        let stamp = stamp.as_str().unwrap_or_default().to_string();
                        deletions.insert((old(0)?, old(1)?), stamp);
                    }
                }
                ("anonymised", Action::SQLITE_INSERT) => {
                    let key = item_key(item, width, true)?;
                    if let Some(Value::Text(person)) = key.first() {
                        erased.extend(person.parse::<Key>());
                    }
                    added.push((table, key));
                }
                (_, Action::SQLITE_INSERT) => added.push((table, item_key(item, width, true)?)),
                ("participant", Action::SQLITE_DELETE) => {
                    if let Some(Value::Text(key)) = item_key(item, width, false)?.pop() {
                        erased.extend(key.parse::<Key>());
                    }
                }
                ("evidence_file", Action::SQLITE_DELETE) => {
                    let at = tables
                        .get("evidence_file")
                        .and_then(|c| c.iter().position(|c| c == "sha256"));
                    if let Some(Ok(ValueRef::Text(sha))) = at.map(|i| item.old_value(i)) {
                        evidence_deleted.push(String::from_utf8_lossy(sha).into_owned());
                    }
                }
                _ => {}
            }
        }
    }
    Ok(PartRead {
        deletions,
        added,
        erased,
        evidence_deleted,
    })
}

/// Each row the merge settled, its columns in one statement.
fn write_merged_rows(conn: &Connection, rows: &[RowMerge]) -> Result<()> {
    for row in rows {
        let mut sets: Vec<String> = row
            .set
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("\"{c}\" = ?{}", i + 1))
            .collect();
        sets.push(format!("clocks = ?{}", row.set.len() + 1));
        let mut values: Vec<Value> = row.set.iter().map(|(_, v)| v.clone()).collect();
        values.push(Value::Text(row.clocks.clone()));
        values.extend(row.key.iter().map(|(_, v)| v.clone()));
        conn.execute(
            &format!(
                "UPDATE \"{}\" SET {} WHERE {}",
                row.table,
                sets.join(", "),
                where_key(&row.key, row.set.len() + 2)
            ),
            rusqlite::params_from_iter(values),
        )?;
    }
    Ok(())
}

/// A row added on another laptop before it was deleted here goes.
fn keep_deleted_rows_deleted(
    conn: &Connection,
    added: Vec<(String, Vec<Value>)>,
    tables: &Arc<HashMap<String, Vec<String>>>,
    merge: &mut Merge,
) -> Result<()> {
    for (table, key) in added {
        let names = tables.get(&table).cloned().unwrap_or_default();
        let key_columns: Vec<(String, Value)> = {
            let pk = primary_key(conn, &table)?;
            pk.into_iter().zip(key.iter().cloned()).collect()
        };
        if key_columns.is_empty() || !names.iter().any(|c| c == "clocks") {
            continue;
        }
        let deleted_at: Option<String> = conn
            .prepare_cached("SELECT stamp FROM deletion WHERE tbl = ?1 AND pk = ?2")?
            .query_row(params![table, key_text(&key)], |r| r.get(0))
            .optional()?;
        let Some(deleted_at) = deleted_at else {
            continue;
        };
        let clocks: Option<String> = conn
            .query_row(
                &format!(
                    "SELECT clocks FROM \"{table}\" WHERE {}",
                    where_key(&key_columns, 1)
                ),
                rusqlite::params_from_iter(key.iter()),
                |r| r.get(0),
            )
            .optional()?;
        if clocks.is_some_and(|c| stamp_of(&clocks_of(&c), "*") < deleted_at.as_str()) {
            conn.execute(
                &format!(
                    "DELETE FROM \"{table}\" WHERE {}",
                    where_key(&key_columns, 1)
                ),
                rusqlite::params_from_iter(key.iter()),
            )?;
            merge.notes.push(format!(
                "a {} added on another laptop had been deleted here since: it stays deleted",
                word(&table).0
            ));
        }
    }
    Ok(())
}

/// The names of `table`'s key columns, in the key's order.
fn primary_key(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")?;
    let names = stmt
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// The tag the laptop of `block` gives its codes: none for the first, then
/// B, C, … Z, then BA, BB, …
fn laptop_tag(block: i64) -> String {
    let mut n = block;
    let mut tag = Vec::new();
    while n > 0 {
        tag.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    tag.reverse();
    String::from_utf8(tag).unwrap_or_default()
}

/// Deletes every row whose reference finds nothing (its record was deleted
/// on another laptop while this one was added), until none is left.
fn remove_orphans(conn: &Connection) -> Result<usize> {
    let mut removed = 0;
    loop {
        let mut stmt = conn.prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_check")?;
        let tables: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if tables.is_empty() {
            return Ok(removed);
        }
        for table in tables {
            let mut stmt = conn.prepare(
                "SELECT \"from\", \"table\", COALESCE(\"to\", 'id') FROM pragma_foreign_key_list(?1)",
            )?;
            let references: Vec<(String, String, String)> = stmt
                .query_map([&table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (column, parent, to) in references {
                removed += conn.execute(
                    &format!(
                        "DELETE FROM \"{table}\" WHERE \"{column}\" IS NOT NULL
                         AND \"{column}\" NOT IN (SELECT \"{to}\" FROM \"{parent}\")"
                    ),
                    [],
                )?;
            }
        }
    }
}

/// One row's merge, applied after the file: the columns the other laptop
/// wrote later, and the row's clocks.
#[derive(Debug, Default)]
struct RowMerge {
    table: String,
    key: Vec<(String, Value)>,
    set: Vec<(String, Value)>,
    clocks: String,
}

/// What the conflict handler decided while a file was applied.
#[derive(Debug, Default)]
struct Merge {
    /// The part's deletions: (table, key) to when.
    deletions: HashMap<(String, String), String>,
    /// The SHA-256 of evidence files the part deletes, when it erases.
    evidence_erased: Vec<String>,
    /// The people the part erases or anonymises: what it does to their
    /// record is said once, not as edits (their values in it are already
    /// what anonymising leaves).
    erased: std::collections::HashSet<String>,
    rows: Vec<RowMerge>,
    notes: Vec<String>,
    orphans: bool,
    refused: Option<String>,
}

impl Merge {
    /// Decides one conflict. A foreign-key conflict is looked at before
    /// anything else: the item has no table then.
    fn conflict(
        &mut self,
        kind: ConflictType,
        item: &ChangesetItem,
        tables: &HashMap<String, Vec<String>>,
    ) -> ConflictAction {
        if kind == ConflictType::SQLITE_CHANGESET_FOREIGN_KEY {
            self.orphans = true;
            return ConflictAction::SQLITE_CHANGESET_OMIT;
        }
        let Ok(op) = item.op() else {
            self.refused = Some("a change in it does not read".to_string());
            return ConflictAction::SQLITE_CHANGESET_ABORT;
        };
        let table = op.table_name().to_string();
        let code = op.code();
        let Some(columns) = tables.get(&table) else {
            return ConflictAction::SQLITE_CHANGESET_OMIT;
        };
        match (kind, code) {
            // Gone here already: a deletion wins over an edit.
            (ConflictType::SQLITE_CHANGESET_NOTFOUND, Action::SQLITE_UPDATE) => {
                self.notes.push(format!(
                    "{} was edited on another laptop and deleted on this one: it stays deleted",
                    describe(&table, columns, |i| item.old_value(i))
                ));
                ConflictAction::SQLITE_CHANGESET_OMIT
            }
            (ConflictType::SQLITE_CHANGESET_NOTFOUND, _) => ConflictAction::SQLITE_CHANGESET_OMIT,
            (ConflictType::SQLITE_CHANGESET_DATA, Action::SQLITE_DELETE) => {
                // Edited here means a column of the record, not its clocks
                // alone (a merge here sets those).
                let edited = columns.iter().enumerate().any(|(i, c)| {
                    c != "clocks"
                        && item.old_value(i).ok().map(owned) != item.conflict(i).ok().map(owned)
                });
                // Added again here after the deletion: the later wins.
                let clocks_at = columns.iter().position(|c| c == "clocks");
                let here = clocks_at
                    .and_then(|i| item.conflict(i).ok())
                    .and_then(|v| v.as_str().ok().map(clocks_of))
                    .unwrap_or_default();
                let key = item_key(item, columns.len(), false).map(|k| key_text(&k));
                let deleted_at = key
                    .ok()
                    .and_then(|k| self.deletions.get(&(table.clone(), k)));
                if deleted_at.is_some_and(|at| stamp_of(&here, "*") > at.as_str()) {
                    return ConflictAction::SQLITE_CHANGESET_OMIT;
                }
                if edited && !self.erases(&table, item, columns.len()) {
                    self.notes.push(format!(
                        "{} was deleted on another laptop and edited on this one: it is deleted",
                        describe(&table, columns, |i| item.conflict(i))
                    ));
                }
                ConflictAction::SQLITE_CHANGESET_REPLACE
            }
            (ConflictType::SQLITE_CHANGESET_DATA, _)
            | (ConflictType::SQLITE_CHANGESET_CONFLICT, _) => {
                let quiet = self.erases(&table, item, columns.len());
                let notes = self.notes.len();
                self.merge_columns(&table, columns, item);
                if quiet {
                    self.notes.truncate(notes);
                }
                ConflictAction::SQLITE_CHANGESET_OMIT
            }
            _ => {
                self.refused = Some(format!(
                    "a change to {} breaks a rule of the records here",
                    word(&table).1
                ));
                ConflictAction::SQLITE_CHANGESET_ABORT
            }
        }
    }

    /// Whether `item` is about a person the part erases.
    fn erases(&self, table: &str, item: &ChangesetItem, width: usize) -> bool {
        table == "participant"
            && item_key(item, width, false)
                .ok()
                .and_then(|k| k.into_iter().next())
                .is_some_and(|k| matches!(k, Value::Text(t) if self.erased.contains(&t)))
    }

    /// Per column, the newer write wins; the row's clocks become the newer
    /// of each.
    fn merge_columns(&mut self, table: &str, columns: &[String], item: &ChangesetItem) {
        let Ok(pk) = item.pk().map(<[u8]>::to_vec) else {
            return;
        };
        let local = |i: usize| item.conflict(i).ok().map(owned);
        let remote = |i: usize| item.new_value(i).ok().map(owned);
        let clocks_at = columns.iter().position(|c| c == "clocks");
        let text = |v: Option<Value>| match v {
            Some(Value::Text(t)) => t,
            _ => String::new(),
        };
        let here = clocks_of(&text(clocks_at.and_then(local)));
        let there = clocks_of(&text(clocks_at.and_then(remote)));
        let mut row = RowMerge {
            table: table.to_string(),
            ..RowMerge::default()
        };
        let mut merged = BTreeMap::new();
        let star = stamp_of(&here, "*").max(stamp_of(&there, "*")).to_string();
        merged.insert("*".to_string(), star.clone());
        let mut both = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            if pk.get(i).is_some_and(|&k| k != 0) {
                if let Some(v) = local(i) {
                    row.key.push((column.clone(), v));
                }
                continue;
            }
            if Some(i) == clocks_at {
                continue;
            }
            let (mine, theirs) = (stamp_of(&here, column), stamp_of(&there, column));
            let newest = mine.max(theirs).to_string();
            if newest != star {
                merged.insert(column.clone(), newest);
            }
            let Some(value) = remote(i) else { continue };
            let current = local(i);
            if current.as_ref() == Some(&value) {
                continue;
            }
            if theirs > mine {
                row.set.push((column.clone(), value));
            }
            let changed_here = item.old_value(i).ok().map(owned) != current;
            if changed_here {
                both.push(column.clone());
            }
        }
        // The deletions' own merges are the sync's business, not news.
        if !both.is_empty() && table != "deletion" {
            self.notes.push(format!(
                "{}: {} edited on two laptops, the newer kept",
                describe(table, columns, |i| item.conflict(i)),
                both.iter()
                    .map(|c| c.replace('_', " "))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        row.clocks = clocks_text(&merged);
        self.rows.push(row);
    }
}

/// A record in words, as a volunteer knows it: the participant's code, the
/// session's reference, the story's title…
fn describe<'a>(
    table: &str,
    columns: &[String],
    value: impl Fn(usize) -> rusqlite::Result<ValueRef<'a>>,
) -> String {
    let named_by = match table {
        "participant" => "code",
        "session" | "agreement" => "reference",
        "story" | "milestone" => "title",
        "measure" => "code",
        "funder" | "programme" | "indicator" | "outcome" | "laptop" => "name",
        _ => "",
    };
    let (one, _) = word(table);
    let name = columns
        .iter()
        .position(|c| c == named_by)
        .and_then(|i| value(i).ok())
        .and_then(|v| v.as_str().ok().map(str::to_string));
    match name {
        Some(name) => format!("{one} {name}"),
        None => format!("a {one}"),
    }
}

/// What a table's rows are called: one, and many.
pub(crate) fn word(table: &str) -> (&'static str, &'static str) {
    match table {
        "attendance" => ("register mark", "register marks"),
        "participant" => ("participant", "participants"),
        "participant_group" => ("priority group", "priority groups"),
        "session" => ("session", "sessions"),
        "assessment" => ("score", "scores"),
        "outcome_log" => ("log entry", "log entries"),
        "story" => ("story", "stories"),
        "evidence_file" => ("evidence file", "evidence files"),
        "agreement" => ("agreement", "agreements"),
        "measure" => ("measure", "measures"),
        "target" => ("target", "targets"),
        "programme" => ("programme", "programmes"),
        "funder" => ("funder", "funders"),
        "indicator" => ("indicator", "indicators"),
        "outcome" => ("outcome", "outcomes"),
        "milestone" => ("milestone", "milestones"),
        "laptop" => ("laptop", "laptops"),
        "submission" => ("submission", "submissions"),
        "funder_form" => ("funder's form", "funder's forms"),
        "instalment" => ("instalment", "instalments"),
        "acceptance" => (
            "return accepted by the funder",
            "returns accepted by the funder",
        ),
        "cash_balance" => ("cash in hand", "cash in hand"),
        "form_file" => ("funder's form file", "funder's form files"),
        "form_cell" => (
            "mapped cell of a funder's form",
            "mapped cells of funders' forms",
        ),
        _ => ("other record", "other records"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_merged_tables_are_those_with_clocks() {
        let store = Store::open_in_memory().unwrap();
        let mut stmt = store
            .read()
            .prepare(
                "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS
                 (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'clocks') ORDER BY m.name",
            )
            .unwrap();
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(names, MERGED);
        let mut stmt = store
            .read()
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap();
        for table in stmt.query_map([], |r| r.get::<_, String>(0)).unwrap() {
            let table = table.unwrap();
            assert!(
                MERGED.contains(&table.as_str()) != LOCAL_TABLES.contains(&table.as_str()),
                "{table} is merged or stays on its laptop, not both or neither"
            );
        }
    }

    #[test]
    fn laptops_after_the_first_are_tagged_b_c_and_on() {
        assert_eq!(laptop_tag(0), "");
        assert_eq!(laptop_tag(1), "B");
        assert_eq!(laptop_tag(25), "Z");
        assert_eq!(laptop_tag(26), "BA");
        assert_eq!(
            crate::files::name_part("St Mary's Family Centre!"),
            "St-Mary-s-Family-Centre"
        );
    }
}
