//! Several laptops, one organisation (DESIGN's "Several laptops"): each
//! laptop sends its changes as files into a folder the organisation already
//! shares (a cloud folder, a USB stick), and gets the others' from there.
//! No server: every file has one writer and is never edited again.
//!
//! The rules of merging live in the store (`store/sync.rs`); this module
//! finds, orders, reads and writes the files, and says what happened.
//! `SYNC.md` is the whole story for users.

pub use crate::store::clock;
mod evidence;
pub mod file;
pub mod join_code;
pub mod keyring;
pub mod seal;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::files;
use crate::key::Key;
use crate::store::SentFile;
use crate::store::{latest_schema_version, Applied, Incoming, Store, ThisLaptop};
use file::{ChangeFile, Header};
use join_code::JoinCode;
use keyring::{Keyring, Unread};

/// The folder every organisation's files go under, inside the shared one.
pub const FOLDER: &str = "Evident-sync";

/// A laptop that has sent nothing for this many days is named by the
/// readiness checks and on Home.
pub const SILENT_DAYS: i64 = 14;

/// What a send did.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Sent {
    /// The file written, or none when there was nothing new to send.
    pub file: Option<PathBuf>,
    /// Its number among this laptop's files.
    pub sequence: u64,
    /// Evidence files (photos, sign-in sheets) copied into the shared
    /// folder for the other laptops.
    pub evidence_shared: usize,
    /// Files sent before, written again: lost or damaged in the folder, or
    /// sealed again for a laptop that joined or was removed since.
    pub sent_again: usize,
    /// Whether what was written is sealed; not while one of the laptops
    /// has yet to upgrade to an Evident that seals.
    pub sealed: bool,
}

/// One file applied, in words.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileApplied {
    pub laptop: String,
    pub sequence: u64,
    /// "37 register marks, 2 participants".
    pub summary: String,
    /// What was merged and how.
    pub notes: Vec<String>,
    /// How many people it erased or anonymised.
    pub erased: usize,
    /// The SHA-256 of the evidence files whose records it deleted with a
    /// person erased.
    #[serde(skip)]
    pub evidence_erased: Vec<String>,
}

/// A file that is not applied (yet), and why.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Waiting {
    pub file: PathBuf,
    pub why: String,
}

/// What a get did.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Got {
    pub applied: Vec<FileApplied>,
    /// Files that need another laptop's earlier file first.
    pub waiting: Vec<Waiting>,
    /// Files that cannot be applied at all (cut short, altered, from a
    /// newer Evident, refused by the records).
    pub refused: Vec<Waiting>,
    /// Evidence files the other laptops attached, copied here.
    pub evidence_fetched: usize,
}

impl Got {
    /// Whether every file found was applied: none refused, none waiting.
    pub fn complete(&self) -> bool {
        self.refused.is_empty() && self.waiting.is_empty()
    }
}

/// Where this laptop stands: for `evident sync status`, Settings and Home.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Status {
    /// Whether another laptop has joined.
    pub shared: bool,
    pub this_laptop: String,
    /// Changes written here and not sent yet.
    pub unsent: usize,
    pub last_sent: Option<String>,
    /// The shared folder this laptop last sent to or got from.
    pub folder: Option<PathBuf>,
    pub laptops: Vec<LaptopStatus>,
}

/// Another laptop, as this one has heard from it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LaptopStatus {
    pub name: String,
    pub joined_on: String,
    /// Its last file applied here: number and when it was written.
    pub last_file: Option<u64>,
    pub written_at: Option<String>,
    /// Whether it has sent nothing (that arrived here) for
    /// [`SILENT_DAYS`] days or more since it joined.
    pub silent: bool,
}

/// A laptop's folder in the organisation's: its key as a UUID, which never
/// begins with a hyphen.
fn laptop_folder(laptop: Key) -> String {
    laptop.uuid().hyphenated().to_string()
}

/// The file's name for file `sequence`.
fn file_name(sequence: u64) -> String {
    format!("{sequence:06}.evchg")
}

/// The organisation's folder inside `shared` (which may itself be the
/// `Evident-sync` folder).
fn organisation_folder(shared: &Path, organisation: &str) -> PathBuf {
    let root = if shared.file_name().is_some_and(|n| n == FOLDER) {
        shared.to_path_buf()
    } else {
        shared.join(FOLDER)
    };
    root.join(organisation)
}

fn when(now: NaiveDateTime) -> String {
    now.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Refuses a send or a get before any laptop has joined.
fn shared_laptop(store: &Store) -> Result<String> {
    let this = store.this_laptop()?;
    match this.name {
        Some(name) if store.laptops()?.len() > 1 => Ok(name),
        _ => Err(Error::invalid(
            "folder",
            "no other laptop shares these records yet; invite one first (Settings, Several laptops)",
        )),
    }
}

/// The shared folder: the one given, or the one this laptop used last.
fn shared_folder(store: &mut Store, given: Option<&Path>) -> Result<PathBuf> {
    let folder = match given {
        Some(folder) => folder.to_path_buf(),
        None => store.this_laptop()?.folder.ok_or_else(|| {
            Error::invalid(
                "folder",
                "choose the shared folder the laptops use (a cloud folder, or a USB stick)",
            )
        })?,
    };
    files::folder_must_exist(&folder, "shared folder")?;
    store.remember_folder(&folder)?;
    Ok(folder)
}

/// Writes this laptop's changes since its last file as the next file in
/// the shared folder (`shared`, or the one used last), whole or not at all,
/// sealed for the organisation's current laptops. Its files some laptop may
/// still need are written again where they are missing or damaged, or were
/// sealed for other laptops than today's; all of them if `again`.
pub fn send(
    store: &mut Store,
    shared: Option<&Path>,
    again: bool,
    now: NaiveDateTime,
) -> Result<Sent> {
    let name = shared_laptop(store)?;
    let shared = &shared_folder(store, shared)?;
    let organisation = store.start_sharing(&name, &now.date().to_string(), new_keys)?;
    let folder = organisation_folder(shared, &organisation.folder);
    let this = store.this_laptop()?;
    let keyring = Keyring::of(store)?;
    let upto = store.outbox_last()?;
    let evidence_shared = evidence::share(store, &keyring, &folder, &organisation.key)?;
    let own = folder.join(laptop_folder(this.laptop));
    let mut sent = Sent {
        file: None,
        sequence: this.sent,
        evidence_shared,
        sent_again: 0,
        sealed: keyring.sealing(),
    };
    if let Some(changes) = store.outbox_for_sending()? {
        // Never a number the folder has seen: a file written whole whose
        // sending was not noted (the laptop stopped between the two), or
        // one written before a restore from an older backup, keeps its own.
        let sequence = this
            .sent
            .max(highest_seen(store, &keyring, &folder, this.laptop)?)
            + 1;
        let header = Header {
            organisation: organisation.key.uuid(),
            laptop: this.laptop.uuid(),
            laptop_name: name,
            sequence,
            schema: latest_schema_version(),
            needs: store
                .applied_files()?
                .into_iter()
                .map(|(laptop, n)| (laptop.uuid(), n))
                .collect(),
            clock: this.clock.clone(),
            written_at: when(now),
            keys: Some(keyring.public()),
        };
        let file = ChangeFile {
            header,
            changes: file::join_parts(&changes),
        };
        let bytes = keyring.seal(&file.to_bytes()?)?;
        files::create_private_dir(&own)
            .map_err(|e| Error::io("could not create the folder", &own, e))?;
        let path = own.join(file_name(sequence));
        files::write_whole(&path, "file of changes", &bytes)?;
        store.sent(
            &file.kept(&crate::evidence::sha256(&bytes))?,
            upto,
            &when(now),
        )?;
        sent.file = Some(path);
        sent.sequence = sequence;
    }
    sent.sent_again = send_kept_again(store, &keyring, &own, again)?;
    prune(store, &keyring, &folder, this.laptop, now.date())?;
    Ok(sent)
}

/// The organisation's folder inside the shared folder this laptop used
/// last, and the organisation's key, when it shares and the folder can be
/// reached (a USB stick may not be in).
fn reachable_folder(store: &Store) -> Result<Option<(PathBuf, Key)>> {
    let this = store.this_laptop()?;
    let (Some(shared), Ok(organisation)) = (this.folder, store.sync_organisation()) else {
        return Ok(None);
    };
    Ok(shared.is_dir().then(|| {
        (
            organisation_folder(&shared, &organisation.folder),
            organisation.key,
        )
    }))
}

/// Deletes the evidence files with these SHA-256 that no record names any
/// more (an erased person's stories' photos): this laptop's copies, and
/// the shared folder's where it can be reached.
pub fn forget_evidence(store: &Store, sha256s: &[String]) -> Result<usize> {
    let reachable = reachable_folder(store)?;
    evidence::forget(
        store,
        reachable
            .as_ref()
            .map(|(folder, key)| (folder.as_path(), key)),
        sha256s,
    )
}

/// Writes again into the shared folder this laptop used last each file it
/// keeps that is missing there, damaged, or changed since (a person erased
/// from it); nothing when it does not share or the folder cannot be
/// reached. Returns how many it wrote.
pub fn send_kept_again_now(store: &mut Store) -> Result<usize> {
    let Some((folder, _)) = reachable_folder(store)? else {
        return Ok(0);
    };
    if store.secret_key_texts()?.is_none() {
        return Ok(0);
    }
    let keyring = Keyring::of(store)?;
    let own = folder.join(laptop_folder(keyring.this));
    send_kept_again(store, &keyring, &own, false)
}

/// Writes again, into this laptop's folder `own`, each file it sent that a
/// laptop may still need and that is missing there, damaged, or sealed for
/// other laptops than today's (one joined or was removed since); every one
/// of them if `again`. Files written unsealed before every laptop had keys
/// are sealed once they all have. Returns how many it wrote.
fn send_kept_again(store: &mut Store, keyring: &Keyring, own: &Path, again: bool) -> Result<usize> {
    let mut kept = store.kept_sent()?;
    // Files written by an Evident that kept nothing it sent: read back
    // from the folder (they are unsealed) so that they are sealed too.
    if keyring.sealing() {
        for (sequence, path) in own_files_in(own)? {
            if kept.iter().any(|k| k.sequence == sequence) {
                continue;
            }
            let Ok(bytes) = read_file(&path) else {
                continue;
            };
            if let Ok(file) = ChangeFile::from_bytes(&path, &bytes, usize::MAX) {
                if file.header.sequence == sequence {
                    kept.push(file.kept("")?);
                }
            }
        }
    }
    let mut written = 0;
    for file in kept {
        let path = own.join(file_name(file.sequence));
        let there = read_file(&path).ok();
        let sound = there.as_ref().is_some_and(|bytes| {
            crate::evidence::sha256(bytes) == file.sha256 && keyring.sealed_for_now(bytes)
        });
        if sound && !again {
            continue;
        }
        let bytes = keyring.seal(&ChangeFile::from_kept(&file)?.to_bytes()?)?;
        files::create_private_dir(own)
            .map_err(|e| Error::io("could not create the folder", own, e))?;
        files::write_whole(&path, "file of changes", &bytes)?;
        store.keep_sent(&SentFile {
            sha256: crate::evidence::sha256(&bytes),
            ..file
        })?;
        written += 1;
    }
    Ok(written)
}

/// This laptop's files in the shared folder, by number.
fn own_files(organisation: &Path, me: Key) -> Result<Vec<(u64, PathBuf)>> {
    own_files_in(&organisation.join(laptop_folder(me)))
}

/// The files of changes in a laptop's folder, by number.
fn own_files_in(folder: &Path) -> Result<Vec<(u64, PathBuf)>> {
    Ok(read_dir_sorted(folder)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "evchg"))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.parse().ok()?, p)))
        .collect())
}

/// The joining file written for the laptop called `name`.
fn join_file(organisation: &Path, name: &str) -> PathBuf {
    let name = match files::name_part(name) {
        part if part.is_empty() => "laptop".to_string(),
        part => part,
    };
    organisation.join(format!("join-{name}.evident"))
}

/// The highest number of this laptop's files that the shared folder has
/// seen: its own files there, and what the others' latest files needed.
fn highest_seen(store: &Store, keyring: &Keyring, organisation: &Path, me: Key) -> Result<u64> {
    let own = own_files(organisation, me)?
        .into_iter()
        .map(|(n, _)| n)
        .max()
        .unwrap_or(0);
    let needed = store
        .laptops()?
        .iter()
        .filter(|l| l.laptop != me)
        .filter_map(|l| latest_file(keyring, organisation, l.laptop))
        .filter_map(|file| file.header.needs.get(&me.uuid()).copied())
        .max()
        .unwrap_or(0);
    Ok(own.max(needed))
}

/// The latest file of `laptop` in the shared folder that reads.
fn latest_file(keyring: &Keyring, organisation: &Path, laptop: Key) -> Option<ChangeFile> {
    let path = read_dir_sorted(&organisation.join(laptop_folder(laptop)))
        .ok()?
        .into_iter()
        .rfind(|p| p.extension().is_some_and(|e| e == "evchg"))?;
    let bytes = read_file(&path).ok()?;
    keyring.read_change_file(&path, laptop, &bytes).ok()
}

/// Deletes this laptop's files that every other current laptop has applied
/// (each has since sent a file that needed them), and forgets them; deletes
/// the joining file of each laptop that has sent one, or whose invitation
/// expired on or before `today`: the shared folder keeps records no longer
/// than it must. Files that do not read are left alone.
fn prune(
    store: &mut Store,
    keyring: &Keyring,
    organisation: &Path,
    me: Key,
    today: NaiveDate,
) -> Result<()> {
    let mut everyone_has = u64::MAX;
    for laptop in keyring.laptops.iter().filter(|l| l.laptop != me) {
        let latest = latest_file(keyring, organisation, laptop.laptop);
        let expired = NaiveDate::parse_from_str(&laptop.joined_on, "%Y-%m-%d")
            .is_ok_and(|on| today >= on + chrono::Days::new(JOIN_DAYS));
        if latest.is_some() || expired || !laptop.current() {
            let _ = std::fs::remove_file(join_file(organisation, &laptop.name));
        }
        if !laptop.current() {
            continue;
        }
        let needed = latest
            .map(|file| file.header.needs.get(&me.uuid()).copied().unwrap_or(0))
            .unwrap_or(0);
        everyone_has = everyone_has.min(needed);
    }
    if everyone_has == u64::MAX {
        return Ok(());
    }
    store.forget_sent(everyone_has)?;
    for (_, path) in own_files(organisation, me)?
        .into_iter()
        .filter(|(n, _)| *n <= everyone_has)
    {
        let _ = std::fs::remove_file(&path);
    }
    Ok(())
}

/// Reads a file found in the shared folder, refusing anything that is not
/// a plain file (a device or a pipe would fill the memory, or never end).
fn read_file(path: &Path) -> Result<Vec<u8>> {
    files::read_plain_file(path, MAX_FILE_BYTES)
}

/// The largest file of changes, or joining file, read from the folder.
pub(crate) const MAX_FILE_BYTES: u64 = 4 << 30;

/// A file found in the folder, read and checked.
struct Found {
    path: PathBuf,
    file: ChangeFile,
}

/// Applies the other laptops' files in the shared folder (`shared`, or the
/// one used last) that are new here, each in its laptop's order and after
/// the files it needs; the rest wait, with the reason. A file that is not
/// sealed and signed by one of the organisation's current laptops is
/// refused whole.
pub fn get(store: &mut Store, shared: Option<&Path>, now: NaiveDateTime) -> Result<Got> {
    let name = shared_laptop(store)?;
    let shared = &shared_folder(store, shared)?;
    let organisation = store.start_sharing(&name, &now.date().to_string(), new_keys)?;
    let this = store.this_laptop()?;
    let mut got = Got::default();
    let mut pending: Vec<Found> = Vec::new();
    let folder = organisation_folder(shared, &organisation.folder);
    let mut unread = files_to_read(&folder, &store.applied_files()?, &this)?;
    // Read what can be read and apply what can be applied, again and
    // again: a file applied may add a laptop whose files are then read.
    loop {
        let keyring = Keyring::of(store)?;
        let mut still_unread = Vec::new();
        for (laptop, path) in std::mem::take(&mut unread) {
            let bytes = match read_file(&path) {
                Ok(bytes) => bytes,
                Err(e) => {
                    got.refused.push(Waiting {
                        file: path,
                        why: e.to_string(),
                    });
                    continue;
                }
            };
            match keyring.read_change_file(&path, laptop, &bytes) {
                Ok(file) if file.header.organisation != organisation.key.uuid() => {
                    got.refused.push(Waiting {
                        file: path,
                        why: "it belongs to another organisation's records".to_string(),
                    })
                }
                Ok(file) => pending.push(Found { path, file }),
                Err(Unread::NotHeardOf) => still_unread.push((laptop, path)),
                Err(Unread::Refused(why)) => got.refused.push(Waiting { file: path, why }),
            }
        }
        unread = still_unread;
        let before = got.applied.len();
        apply_ready(store, &mut pending, &mut got, &this, now)?;
        if got.applied.len() == before || unread.is_empty() {
            break;
        }
    }
    let keyring = Keyring::of(store)?;
    got.evidence_fetched = evidence::fetch(store, &keyring, &folder, &organisation.key)?;
    // A person erased on another laptop: this laptop's files in the folder
    // that named them are written again without them, and its records
    // file keeps nothing of them in free pages or its log.
    if got.applied.iter().any(|f| f.erased > 0) {
        send_kept_again(
            store,
            &keyring,
            &folder.join(laptop_folder(this.laptop)),
            false,
        )?;
        let photos: Vec<String> = got
            .applied
            .iter()
            .flat_map(|f| f.evidence_erased.iter().cloned())
            .collect();
        evidence::forget(store, Some((&folder, &organisation.key)), &photos)?;
        store.compact()?;
    }
    for (_, path) in unread {
        got.waiting.push(Waiting {
            file: path,
            why: Unread::NotHeardOf.why(),
        });
    }
    say_why_waiting(store, pending, &this, &mut got)?;
    Ok(got)
}

/// Every file newer than the last applied from its laptop, by the number
/// in its name (its header is checked once it is opened). This laptop's
/// own files are read too: those after the last it knows it sent were
/// written before its records were put back from an older backup, and
/// bring its own changes back to it.
fn files_to_read(
    folder: &Path,
    applied: &BTreeMap<Key, u64>,
    this: &ThisLaptop,
) -> Result<Vec<(Key, PathBuf)>> {
    let mut unread: Vec<(Key, PathBuf)> = Vec::new();
    for laptop_dir in read_dir_sorted(folder)? {
        let name = laptop_dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let Ok(laptop) = uuid::Uuid::try_parse(&name).map(Key::from) else {
            continue;
        };
        for path in read_dir_sorted(&laptop_dir)? {
            if path.extension().is_none_or(|e| e != "evchg") {
                continue;
            }
            let numbered = path
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.parse::<u64>().ok());
            if numbered.is_some_and(|n| n <= done_from(applied, laptop, this)) {
                continue;
            }
            unread.push((laptop, path));
        }
    }
    Ok(unread)
}

/// Why each file found and not applied waits: a file before it not in the
/// folder yet, or a file of another laptop it needs.
fn say_why_waiting(
    store: &Store,
    pending: Vec<Found>,
    this: &ThisLaptop,
    got: &mut Got,
) -> Result<()> {
    let applied = store.applied_files()?;
    let names = store_names(store)?;
    let name_of = |laptop: &Key| {
        names
            .get(laptop)
            .cloned()
            .unwrap_or_else(|| "a laptop not heard of yet".to_string())
    };
    for found in pending {
        let h = &found.file.header;
        let laptop = Key::from(h.laptop);
        let next = done_from(&applied, laptop, this) + 1;
        if h.sequence < next {
            continue; // applied meanwhile, as a copy of one already here
        }
        let why = if h.sequence > next {
            format!(
                "it comes after file {next} from {}, which is not in the folder yet; on that laptop, choose Send again",
                name_of(&laptop)
            )
        } else {
            let missing: Vec<String> = h
                .needs
                .iter()
                .filter(|(l, n)| done_from(&applied, Key::from(**l), this) < **n)
                .map(|(l, n)| format!("file {n} from {}", name_of(&Key::from(*l))))
                .collect();
            format!(
                "it needs {} first, which {} not in the folder yet",
                missing.join(" and "),
                if missing.len() == 1 { "is" } else { "are" }
            )
        };
        got.waiting.push(Waiting {
            file: found.path,
            why,
        });
    }
    Ok(())
}

/// Applies the `pending` files that can be, each after its laptop's
/// earlier ones and the files it needs, until none more can.
fn apply_ready(
    store: &mut Store,
    pending: &mut Vec<Found>,
    got: &mut Got,
    this: &crate::store::ThisLaptop,
    now: NaiveDateTime,
) -> Result<()> {
    loop {
        let applied = store.applied_files()?;
        pending.retain(|f| {
            f.file.header.sequence > done_from(&applied, Key::from(f.file.header.laptop), this)
        });
        let ready = pending.iter().position(|f| {
            let h = &f.file.header;
            let laptop = Key::from(h.laptop);
            let next = done_from(&applied, laptop, this) + 1;
            h.sequence == next && needs_met(&h.needs, &applied, this)
        });
        let Some(i) = ready else { return Ok(()) };
        let found = pending.remove(i);
        let h = &found.file.header;
        let laptop = Key::from(h.laptop);
        let parts = file::split_parts(&found.file.changes)
            .ok_or_else(|| Error::invalid("changes", "its changes do not read"));
        let incoming = parts.map(|parts| Incoming {
            laptop,
            laptop_name: &h.laptop_name,
            sequence: h.sequence,
            clock: &h.clock,
            written_at: &h.written_at,
            parts,
        });
        match incoming.and_then(|incoming| {
            store.apply_file(&incoming, crate::store::wall_millis(), &when(now))
        }) {
            Ok(Some(done)) => got.applied.push(FileApplied {
                laptop: store_names(store)?
                    .get(&laptop)
                    .cloned()
                    .unwrap_or_else(|| h.laptop_name.clone()),
                sequence: h.sequence,
                summary: summary(&done),
                notes: done.notes,
                erased: done.erased,
                evidence_erased: done.evidence_erased,
            }),
            Ok(None) => {} // applied meanwhile by another get
            Err(e @ (Error::Invalid { .. } | Error::Database(_))) => {
                got.refused.push(Waiting {
                    file: found.path.clone(),
                    why: e.to_string(),
                });
            }
            Err(e) => return Err(e),
        }
    }
}

fn store_names(store: &Store) -> Result<BTreeMap<Key, String>> {
    Ok(store
        .laptops()?
        .into_iter()
        .map(|l| (l.laptop, l.name))
        .collect())
}

/// Whether every file in `needs` is applied here (or is this laptop's own).
fn needs_met(
    needs: &BTreeMap<uuid::Uuid, u64>,
    applied: &BTreeMap<Key, u64>,
    this: &crate::store::ThisLaptop,
) -> bool {
    needs
        .iter()
        .all(|(laptop, n)| done_from(applied, Key::from(*laptop), this) >= *n)
}

/// The last file of `laptop` these records hold: the last applied from it,
/// or for this laptop, the later of the last it sent and the last of its
/// own applied back after a restore.
fn done_from(applied: &BTreeMap<Key, u64>, laptop: Key, this: &crate::store::ThisLaptop) -> u64 {
    let from_file = applied.get(&laptop).copied().unwrap_or(0);
    if laptop == this.laptop {
        from_file.max(this.sent)
    } else {
        from_file
    }
}

/// The entries of `folder`, by name; none if it is not there.
fn read_dir_sorted(folder: &Path) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("could not read", folder, e)),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    Ok(paths)
}

/// "37 register marks, 2 participants", or "nothing new".
fn summary(applied: &Applied) -> String {
    let mut parts: Vec<(usize, String)> = applied
        .counts
        .iter()
        // The laptops and the deletions' stamps are the sync's bookkeeping.
        .filter(|(table, _)| !["laptop", "deletion"].contains(&table.as_str()))
        .map(|(table, [added, changed, deleted])| {
            let n = added + changed + deleted;
            let (one, many) = crate::store::record_word(table);
            (n, format!("{n} {}", if n == 1 { one } else { many }))
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    parts.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    if parts.is_empty() {
        "nothing new".to_string()
    } else {
        parts
            .into_iter()
            .map(|(_, p)| p)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Where this laptop stands, on `today`.
pub fn status(store: &Store, today: NaiveDate) -> Result<Status> {
    let this = store.this_laptop()?;
    let laptops = store.laptops()?;
    let others = laptops
        .iter()
        .filter(|l| l.laptop != this.laptop && l.current())
        .map(|l| {
            let since = l
                .applied
                .as_ref()
                .map(|(_, at)| at.get(..10).unwrap_or(at).to_string())
                .unwrap_or_else(|| l.joined_on.clone());
            let silent = NaiveDate::parse_from_str(&since, "%Y-%m-%d")
                .is_ok_and(|d| (today - d).num_days() >= SILENT_DAYS);
            LaptopStatus {
                name: l.name.clone(),
                joined_on: l.joined_on.clone(),
                last_file: l.applied.as_ref().map(|(n, _)| *n),
                written_at: l.applied.as_ref().map(|(_, at)| at.clone()),
                silent,
            }
        })
        .collect();
    Ok(Status {
        shared: laptops.len() > 1,
        this_laptop: this.name.unwrap_or_else(|| "This laptop".to_string()),
        unsent: this.unsent,
        last_sent: this.sent_at,
        folder: this.folder,
        laptops: others,
    })
}

/// Whose changes these records include and up to when, in words, for the
/// pack's cover; `None` where no other laptop has joined.
pub fn included(store: &Store) -> Result<Option<String>> {
    let this = store.this_laptop()?;
    let laptops = store.laptops()?;
    if laptops.len() < 2 {
        return Ok(None);
    }
    let parts: Vec<String> = laptops
        .iter()
        .map(|l| {
            if l.laptop == this.laptop {
                format!("{} (this laptop): everything", l.name)
            } else {
                match &l.applied {
                    Some((_, at)) => format!("{}: changes up to {at}", l.name),
                    None => format!("{}: none of its changes yet", l.name),
                }
            }
        })
        .collect();
    Ok(Some(parts.join("; ")))
}

/// What an invitation wrote: the file the new laptop joins from, and the
/// code that opens it, shown on this laptop's screen only.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Invited {
    pub file: PathBuf,
    pub laptop: String,
    /// The join code, as shown: `ABCD-EFGH-JK23`.
    pub code: String,
    /// The last day the file can be joined from.
    pub expires_on: NaiveDate,
}

/// How many days a joining file can be joined from.
pub const JOIN_DAYS: u64 = 7;

/// What a joining file says of itself, sealed with the records under its
/// code.
#[derive(Debug, Serialize, serde::Deserialize)]
struct Joining {
    laptop: String,
    expires_on: NaiveDate,
}

/// Adds a laptop called `name` to the organisation (this one is called
/// `this_name` if it has no name yet), sends this laptop's changes, and
/// writes the file the new laptop joins from into `shared`, sealed under a
/// new join code.
pub fn invite(
    store: &mut Store,
    shared: Option<&Path>,
    name: &str,
    this_name: &str,
    now: NaiveDateTime,
) -> Result<Invited> {
    let shared = &shared_folder(store, shared)?;
    let today = now.date().to_string();
    let this = store.this_laptop()?;
    let this_name = this.name.clone().unwrap_or_else(|| {
        let given = this_name.trim();
        if given.is_empty() {
            "First laptop".to_string()
        } else {
            given.to_string()
        }
    });
    let organisation = store.start_sharing(&this_name, &today, new_keys)?;
    let file = join_file(&organisation_folder(shared, &organisation.folder), name);
    if file.exists() {
        return Err(Error::cannot_write(
            &file,
            "a joining file for a laptop of that name is there already; let that laptop join from it, or delete it first",
        ));
    }
    let code = JoinCode::new()?;
    let keys = new_keys()?;
    let (laptop, block, tag) = store.add_laptop(name, &today, &keys)?;
    let sent = send(store, Some(shared), false, now)?;
    let this = store.this_laptop()?;
    let records = store.join_copy(
        (laptop, block, &tag, &keys),
        (this.laptop, sent.sequence, &when(now)),
    )?;
    let expires_on = now.date() + chrono::Days::new(JOIN_DAYS);
    let joining = Joining {
        laptop: name.trim().to_string(),
        expires_on,
    };
    let about = serde_json::to_vec(&joining).map_err(|e| Error::invalid("file", e.to_string()))?;
    let contents = file::join_parts(&[about, records]);
    files::write_whole(&file, "joining file", &code.seal(&contents)?)?;
    Ok(Invited {
        file,
        laptop: joining.laptop,
        code: code.shown(),
        expires_on,
    })
}

/// Sets up the records at `path` from the joining file another laptop wrote
/// (`evident sync invite`), opened with the join code shown on that
/// laptop's screen: this laptop becomes the one it was written for. A wrong
/// code, or a file past its day, changes nothing. The file is deleted once
/// joined from: it is for one laptop, once.
pub fn join(
    path: &Path,
    file: &Path,
    code: &str,
    now: NaiveDateTime,
    passphrase: Option<&str>,
) -> Result<Store> {
    let sealed = read_file(file)?;
    if !join_code::is_sealed_joining_file(&sealed) {
        return Err(Error::invalid(
            "file",
            "it is not a file to join from (a backup, or a joining file from an older Evident); ask for a new one: Settings, Several laptops, Invite a laptop",
        ));
    }
    let contents = JoinCode::parse(code)?.open(&sealed)?;
    drop(sealed);
    let not_whole = || {
        Error::invalid(
            "file",
            "the joining file does not read whole; ask for a new one",
        )
    };
    let Some([about, records]) =
        file::split_parts(&contents).and_then(|p| <[&[u8]; 2]>::try_from(p).ok())
    else {
        return Err(not_whole());
    };
    let joining: Joining = serde_json::from_slice(about).map_err(|_| not_whole())?;
    if now.date() > joining.expires_on {
        return Err(Error::invalid(
            "file",
            format!(
                "this joining file could be used until {}; ask for a new one: Settings, Several laptops, Invite a laptop",
                joining.expires_on.format("%d/%m/%Y")
            ),
        ));
    }
    if path.exists() {
        return Err(Error::cannot_write(
            path,
            "records are already kept here; restore a backup over them instead",
        ));
    }
    let folder = files::folder_of(path);
    files::create_private_dir(&folder)
        .map_err(|e| Error::io("could not create the folder", &folder, e))?;
    let staged = folder.join(format!(".joining-{}.partial", Key::new()));
    let brought = files::write_whole(&staged, "joining file", records)
        .and_then(|_| Store::bring_in(path, &staged, now, passphrase));
    crate::store::remove_with_journals(&staged);
    let mut store = brought?;
    if store.take_joining()? {
        // The file was written into the shared folder: that is where this
        // laptop sends and gets from, wherever the folder is on it.
        let shared = file
            .parent()
            .and_then(Path::parent)
            .filter(|root| root.file_name().is_some_and(|n| n == FOLDER));
        match shared {
            Some(shared) => store.remember_folder(shared)?,
            None => store.forget_folder()?,
        }
        let _ = std::fs::remove_file(file);
        return Ok(store);
    }
    // Records that are not a joining copy are not kept: there were none
    // here before, and a copy of another laptop's own records would make
    // two laptops one.
    drop(store);
    crate::store::remove_with_journals(path);
    Err(Error::invalid(
        "file",
        "it is not a file to join from (a backup, or a file already joined from); ask for a new one: Settings, Several laptops, Invite a laptop",
    ))
}

/// New keys for a laptop, as the records keep them.
fn new_keys() -> Result<seal::KeyTexts> {
    Ok(seal::SecretKeys::generate()?.texts())
}
