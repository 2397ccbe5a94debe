//! Several laptops, one organisation (DESIGN's "Several laptops"): each
//! laptop sends its changes as files into a folder the organisation already
//! shares (a cloud folder, a USB stick), and gets the others' from there.
//! No server: every file has one writer and is never edited again.
//!
//! The rules of merging live in the store (`store/sync.rs`); this module
//! finds, orders, reads and writes the files, and says what happened.
//! `SYNC.md` is the whole story for users.

pub mod clock;
pub mod file;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::files;
use crate::key::Key;
use crate::store::{latest_schema_version, Applied, Store};
use file::{ChangeFile, Header};

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
/// the shared folder (`shared`, or the one used last), whole or not at all.
pub fn send(store: &mut Store, shared: Option<&Path>, now: NaiveDateTime) -> Result<Sent> {
    let name = shared_laptop(store)?;
    let shared = &shared_folder(store, shared)?;
    let organisation = store.start_sharing(&name, &now.date().to_string())?;
    let folder = organisation_folder(shared, &organisation.folder);
    let this = store.this_laptop()?;
    let upto = store.outbox_last()?;
    let evidence_shared = share_evidence(store, &folder)?;
    let mut sent = Sent {
        file: None,
        sequence: this.sent,
        evidence_shared,
    };
    if let Some(changes) = store.outbox_for_sending()? {
        // Never a number the folder has seen: a file written whole whose
        // sending was not noted (the laptop stopped between the two), or
        // one written before a restore from an older backup, keeps its own.
        let sequence = this.sent.max(highest_seen(store, &folder, this.laptop)?) + 1;
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
        };
        let bytes = ChangeFile { header, changes }.to_bytes()?;
        let own = folder.join(laptop_folder(this.laptop));
        std::fs::create_dir_all(&own)
            .map_err(|e| Error::io("could not create the folder", &own, e))?;
        let path = own.join(file_name(sequence));
        files::write_whole(&path, "file of changes", &bytes)?;
        store.sent(sequence, upto, &when(now))?;
        sent.file = Some(path);
        sent.sequence = sequence;
    }
    prune(store, &folder, this.laptop)?;
    Ok(sent)
}

/// This laptop's files in the shared folder, by number.
fn own_files(organisation: &Path, me: Key) -> Result<Vec<(u64, PathBuf)>> {
    Ok(read_dir_sorted(&organisation.join(laptop_folder(me)))?
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
fn highest_seen(store: &Store, organisation: &Path, me: Key) -> Result<u64> {
    let own = own_files(organisation, me)?
        .into_iter()
        .map(|(n, _)| n)
        .max()
        .unwrap_or(0);
    let needed = store
        .laptops()?
        .iter()
        .filter(|l| l.laptop != me)
        .filter_map(|l| latest_file(organisation, l.laptop))
        .filter_map(|file| file.header.needs.get(&me.uuid()).copied())
        .max()
        .unwrap_or(0);
    Ok(own.max(needed))
}

/// The latest file of `laptop` in the shared folder that reads.
fn latest_file(organisation: &Path, laptop: Key) -> Option<ChangeFile> {
    let path = read_dir_sorted(&organisation.join(laptop_folder(laptop)))
        .ok()?
        .into_iter()
        .rfind(|p| p.extension().is_some_and(|e| e == "evchg"))?;
    let bytes = std::fs::read(&path).ok()?;
    ChangeFile::from_bytes(&path, &bytes, usize::MAX).ok()
}

/// Deletes this laptop's files that every other laptop has applied (each
/// has since sent a file that needed them), and the joining file of each
/// laptop that has sent one: the shared folder keeps records no longer
/// than it must. Files that do not read are left alone.
fn prune(store: &Store, organisation: &Path, me: Key) -> Result<()> {
    let mut everyone_has = u64::MAX;
    for laptop in store.laptops()?.iter().filter(|l| l.laptop != me) {
        let needed = latest_file(organisation, laptop.laptop)
            .map(|file| {
                let _ = std::fs::remove_file(join_file(organisation, &laptop.name));
                file.header.needs.get(&me.uuid()).copied().unwrap_or(0)
            })
            .unwrap_or(0);
        everyone_has = everyone_has.min(needed);
    }
    if everyone_has == u64::MAX {
        return Ok(());
    }
    for (_, path) in own_files(organisation, me)?
        .into_iter()
        .filter(|(n, _)| *n <= everyone_has)
    {
        let _ = std::fs::remove_file(&path);
    }
    Ok(())
}

/// The shared folder's copies of evidence files, by SHA-256.
fn evidence_folder(organisation: &Path) -> PathBuf {
    organisation.join("evidence")
}

/// Copies every evidence file kept here that the shared folder lacks into
/// it (written whole, named by its SHA-256), so that the laptop making a
/// return has the photos and sheets another laptop attached. Returns how
/// many it copied.
fn share_evidence(store: &Store, organisation: &Path) -> Result<usize> {
    let Ok(here) = crate::evidence::folder(store) else {
        return Ok(0);
    };
    let there = evidence_folder(organisation);
    let mut copied = 0;
    for file in store.evidence_files()? {
        let (from, to) = (here.join(&file.sha256), there.join(&file.sha256));
        if to.exists() || !from.exists() {
            continue;
        }
        std::fs::create_dir_all(&there)
            .map_err(|e| Error::io("could not create the folder", &there, e))?;
        let bytes = std::fs::read(&from).map_err(|e| Error::io("could not read", &from, e))?;
        files::write_whole(&to, "evidence file", &bytes)?;
        copied += 1;
    }
    Ok(copied)
}

/// Copies into this laptop's evidence folder every evidence file its
/// records name and it lacks, from the shared folder, checking each
/// against its SHA-256. Returns how many it copied.
fn fetch_evidence(store: &Store, organisation: &Path) -> Result<usize> {
    let Ok(here) = crate::evidence::folder(store) else {
        return Ok(0);
    };
    let there = evidence_folder(organisation);
    let mut copied = 0;
    for file in store.evidence_files()? {
        let (from, to) = (there.join(&file.sha256), here.join(&file.sha256));
        if to.exists() || !from.exists() {
            continue;
        }
        let bytes = std::fs::read(&from).map_err(|e| Error::io("could not read", &from, e))?;
        if crate::evidence::sha256(&bytes) != file.sha256 {
            continue; // still being copied there, or damaged: next time
        }
        crate::files::create_private_dir(&here)
            .map_err(|e| Error::io("could not create the folder", &here, e))?;
        files::write_whole(&to, "evidence file", &bytes)?;
        copied += 1;
    }
    Ok(copied)
}

/// A file found in the folder, read and checked.
struct Found {
    path: PathBuf,
    file: ChangeFile,
}

/// Applies the other laptops' files in the shared folder (`shared`, or the
/// one used last) that are new here, each in its laptop's order and after
/// the files it needs; the rest wait, with the reason.
pub fn get(store: &mut Store, shared: Option<&Path>, now: NaiveDateTime) -> Result<Got> {
    let name = shared_laptop(store)?;
    let shared = &shared_folder(store, shared)?;
    let organisation = store.start_sharing(&name, &now.date().to_string())?;
    let this = store.this_laptop()?;
    let name_of = |laptop: &Key, names: &BTreeMap<Key, String>| {
        names
            .get(laptop)
            .cloned()
            .unwrap_or_else(|| "a laptop not heard of yet".to_string())
    };
    let mut got = Got::default();
    let mut pending: Vec<Found> = Vec::new();
    let applied = store.applied_files()?;
    let folder = organisation_folder(shared, &organisation.folder);
    for laptop_dir in read_dir_sorted(&folder)? {
        let name = laptop_dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let Ok(laptop) = uuid::Uuid::try_parse(&name).map(Key::from) else {
            continue;
        };
        // This laptop's own files are read too: those after the last it
        // knows it sent were written before its records were put back
        // from an older backup, and bring its own changes back to it.
        for path in read_dir_sorted(&laptop_dir)? {
            if path.extension().is_none_or(|e| e != "evchg") {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| Error::io("could not read", &path, e))?;
            match ChangeFile::from_bytes(&path, &bytes, latest_schema_version()) {
                Ok(file) if file.header.organisation != organisation.key.uuid() => {
                    got.refused.push(Waiting {
                        file: path,
                        why: "it belongs to another organisation's records".to_string(),
                    })
                }
                Ok(file) if file.header.laptop != laptop.uuid() => got.refused.push(Waiting {
                    file: path,
                    why: "it is in another laptop's folder; put it back in its own".to_string(),
                }),
                Ok(file) => {
                    if file.header.sequence > done_from(&applied, laptop, &this) {
                        pending.push(Found { path, file });
                    }
                }
                Err(Error::BadChangeFile { why, .. }) => {
                    got.refused.push(Waiting { file: path, why })
                }
                Err(e) => return Err(e),
            }
        }
    }
    // Apply whatever can be, again and again, until nothing more can.
    loop {
        let applied = store.applied_files()?;
        let ready = pending.iter().position(|f| {
            let h = &f.file.header;
            let laptop = Key::from(h.laptop);
            let next = done_from(&applied, laptop, &this) + 1;
            h.sequence == next && needs_met(&h.needs, &applied, &this)
        });
        let Some(i) = ready else { break };
        let found = pending.remove(i);
        let h = &found.file.header;
        let laptop = Key::from(h.laptop);
        match store.apply_file(
            h,
            &found.file.changes,
            crate::store::wall_millis(),
            &when(now),
        ) {
            Ok(done) => got.applied.push(FileApplied {
                laptop: name_of(&laptop, &store_names(store)?),
                sequence: h.sequence,
                summary: summary(&done),
                notes: done.notes,
            }),
            Err(e @ (Error::Invalid { .. } | Error::Database(_))) => {
                got.refused.push(Waiting {
                    file: found.path.clone(),
                    why: e.to_string(),
                });
            }
            Err(e) => return Err(e),
        }
    }
    got.evidence_fetched = fetch_evidence(store, &folder)?;
    let applied = store.applied_files()?;
    let names = store_names(store)?;
    for found in pending {
        let h = &found.file.header;
        let laptop = Key::from(h.laptop);
        let next = done_from(&applied, laptop, &this) + 1;
        if h.sequence < next {
            continue; // applied meanwhile, as a copy of one already here
        }
        let why = if h.sequence > next {
            format!(
                "it comes after file {next} from {}, which is not in the folder yet",
                name_of(&laptop, &names)
            )
        } else {
            let missing: Vec<String> = h
                .needs
                .iter()
                .filter(|(l, n)| done_from(&applied, Key::from(**l), &this) < **n)
                .map(|(l, n)| format!("file {n} from {}", name_of(&Key::from(*l), &names)))
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
    Ok(got)
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
        .filter(|l| l.laptop != this.laptop)
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

/// What an invitation wrote: the file the new laptop joins from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Invited {
    pub file: PathBuf,
    pub laptop: String,
}

/// Adds a laptop called `name` to the organisation (this one is called
/// `this_name` if it has no name yet), sends this laptop's changes, and
/// writes the file the new laptop joins from into `shared`.
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
    let organisation = store.start_sharing(&this_name, &today)?;
    let (laptop, block, tag) = store.add_laptop(name, &today)?;
    let sent = send(store, Some(shared), now)?;
    let this = store.this_laptop()?;
    let file = join_file(&organisation_folder(shared, &organisation.folder), name);
    if file.exists() {
        return Err(Error::cannot_write(
            &file,
            "a joining file for a laptop of that name is there already; let that laptop join from it, or delete it first",
        ));
    }
    store.write_join_copy(
        &file,
        (laptop, block, &tag),
        (this.laptop, sent.sequence, &when(now)),
    )?;
    Ok(Invited {
        file,
        laptop: name.trim().to_string(),
    })
}

/// Sets up the records at `path` from the joining file another laptop wrote
/// (`evident sync invite`): this laptop becomes the one it was written for.
pub fn join(
    path: &Path,
    file: &Path,
    now: NaiveDateTime,
    passphrase: Option<&str>,
) -> Result<Store> {
    let mut store = Store::bring_in(path, file, now, passphrase)?;
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
