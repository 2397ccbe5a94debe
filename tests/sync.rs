//! Several laptops, one organisation: every merge rule, by test; a file cut
//! short, altered or from a newer Evident refused whole; and laptops that
//! make random writes and swap files in random orders ending equal.

use std::path::{Path, PathBuf};

use evident::records::{Organisation, Participant, Programme, Session};
use evident::store::LOCAL_TABLES;
use evident::sync::file::ChangeFile;
use evident::sync::seal::SecretKeys;
use evident::sync::{self, Got};
use evident::Store;
use tempfile::TempDir;

use crate::support::{d, fingerprint_without, now, rows_without};

/// Laptops of one organisation sharing one folder.
pub struct Laptops {
    pub shared: TempDir,
    /// Each laptop's folder (kept while the laptop is) and records.
    pub laptops: Vec<(TempDir, PathBuf, Store)>,
}

impl Laptops {
    /// The first laptop, with a programme, and `more` laptops joined from it.
    pub fn new(more: usize) -> Laptops {
        let shared = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("evident.db");
        let mut store = Store::create(&path, now()).unwrap();
        store
            .init_organisation(&Organisation {
                name: "Hillside Youth Club".into(),
                ..Organisation::default()
            })
            .unwrap();
        store
            .add_programme(&Programme {
                name: "Youth club".into(),
                ..Programme::default()
            })
            .unwrap();
        let mut laptops = Laptops {
            shared,
            laptops: vec![(dir, path, store)],
        };
        for n in 0..more {
            laptops.join(&format!("Laptop {}", n + 2));
        }
        laptops
    }

    /// A new laptop called `name`, joined from a file the first one writes.
    pub fn join(&mut self, name: &str) {
        let shared = self.shared.path().to_path_buf();
        let invited = sync::invite(
            &mut self.laptops[0].2,
            Some(&shared),
            name,
            "Office laptop",
            now(),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("evident.db");
        let store = sync::join(&path, &invited.file, &invited.code, now(), None).unwrap();
        assert!(!invited.file.exists(), "a joining file is used once");
        self.laptops.push((dir, path, store));
    }

    pub fn store(&mut self, i: usize) -> &mut Store {
        &mut self.laptops[i].2
    }

    /// What laptop `i`'s send did.
    pub fn sent(&mut self, i: usize) -> sync::Sent {
        let shared = self.shared.path().to_path_buf();
        sync::send(&mut self.laptops[i].2, Some(&shared), false, now()).unwrap()
    }

    pub fn send(&mut self, i: usize) -> Option<PathBuf> {
        let shared = self.shared.path().to_path_buf();
        sync::send(&mut self.laptops[i].2, Some(&shared), false, now())
            .unwrap()
            .file
    }

    pub fn get(&mut self, i: usize) -> Got {
        let shared = self.shared.path().to_path_buf();
        sync::get(&mut self.laptops[i].2, Some(&shared), now()).unwrap()
    }

    /// Every laptop sends, then every laptop gets, twice over (so that a
    /// file that waited is applied).
    pub fn swap_all(&mut self) {
        for _ in 0..2 {
            for i in 0..self.laptops.len() {
                self.send(i);
            }
            for i in 0..self.laptops.len() {
                self.get(i);
            }
        }
    }

    /// The records of laptop `i`, as text, without what is each laptop's own.
    pub fn records(&self, i: usize) -> String {
        fingerprint_without(&self.laptops[i].1, &LOCAL_TABLES)
    }

    /// The rows that differ between laptops `i` and `j`, readably.
    pub fn differences(&self, i: usize, j: usize) -> String {
        let rows = |k: usize| rows_without(&self.laptops[k].1, &LOCAL_TABLES);
        let (a, b) = (rows(i), rows(j));
        let only = |x: &Vec<String>, y: &Vec<String>| {
            x.iter()
                .filter(|r| !y.contains(r))
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        };
        format!(
            "only on {}:\n{}\nonly on {}:\n{}",
            i + 1,
            only(&a, &b),
            j + 1,
            only(&b, &a)
        )
    }
}

/// How many entries of `store`'s history of changes hold `name`.
fn mentions(store: &Store, name: &str) -> usize {
    store
        .changes(None, 1000)
        .unwrap()
        .iter()
        .filter(|c| format!("{:?} {:?}", c.before, c.after).contains(name))
        .count()
}

/// Whether a get said, about one record, all of `words`.
fn noted(got: &Got, words: &[&str]) -> bool {
    got.applied
        .iter()
        .flat_map(|f| &f.notes)
        .any(|n| words.iter().all(|w| n.contains(w)))
}

fn child(code: &str) -> Participant {
    Participant {
        code: code.into(),
        date_of_birth: Some(d(2012, 5, 1)),
        ..Participant::default()
    }
}

fn session(reference: &str, attendees: &[&str]) -> Session {
    Session {
        reference: reference.into(),
        programme: "Youth club".into(),
        date: d(2026, 11, 2),
        duration_minutes: 90,
        attendees: attendees.iter().map(|s| s.to_string()).collect(),
        ..Session::default()
    }
}

#[test]
fn two_laptops_new_children_never_share_a_code_or_a_key() {
    let mut l = Laptops::new(1);
    let a = l
        .store(0)
        .add_participants(&[child(""), child("")], now().date())
        .unwrap();
    let b = l
        .store(1)
        .add_participants(&[child(""), child("")], now().date())
        .unwrap();
    let codes: Vec<&str> = a.iter().chain(&b).map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["P0001", "P0002", "PB0001", "PB0002"]);
    l.swap_all();
    assert_eq!(l.records(0), l.records(1));
    let everyone = l.store(0).participants(true).unwrap();
    assert_eq!(
        everyone.len(),
        4,
        "each laptop's children arrive on the other"
    );
}

#[test]
fn the_same_mark_from_two_laptops_is_one_attendance() {
    let mut l = Laptops::new(1);
    l.store(0)
        .add_participants(&[child("P0001")], now().date())
        .unwrap();
    l.store(0).add_sessions(&[session("S00001", &[])]).unwrap();
    l.swap_all();
    l.store(0)
        .update_session("S00001", &session("S00001", &["P0001"]))
        .unwrap();
    l.store(1)
        .update_session("S00001", &session("S00001", &["P0001"]))
        .unwrap();
    l.swap_all();
    assert_eq!(l.records(0), l.records(1));
    assert_eq!(l.store(1).session("S00001").unwrap().attendees, ["P0001"]);
}

#[test]
fn edits_to_different_fields_keep_both_and_to_the_same_field_keep_the_newer() {
    let mut l = Laptops::new(1);
    l.store(0)
        .add_participants(&[child("P0001")], now().date())
        .unwrap();
    l.swap_all();
    let mut on_a = child("P0001");
    on_a.area = "Hillside".into();
    l.store(0)
        .update_participant("P0001", &on_a, now().date())
        .unwrap();
    let mut on_b = child("P0001");
    on_b.gender = "Female".into();
    l.store(1)
        .update_participant("P0001", &on_b, now().date())
        .unwrap();
    l.swap_all();
    for i in 0..2 {
        let p = l.store(i).participant("P0001").unwrap();
        assert_eq!(
            (p.area.as_str(), p.gender.as_str()),
            ("Hillside", "Female"),
            "laptop {i}"
        );
    }
    assert_eq!(l.records(0), l.records(1));

    // The same field: the later edit (laptop 2's) wins on both.
    on_a.area = "Riverside".into();
    l.store(0)
        .update_participant("P0001", &on_a, now().date())
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let mut on_b = l.store(1).participant("P0001").unwrap();
    on_b.area = "Town centre".into();
    l.store(1)
        .update_participant("P0001", &on_b, now().date())
        .unwrap();
    l.send(0);
    l.send(1);
    let got = l.get(0);
    assert!(noted(&got, &["P0001", "area", "newer kept"]), "{got:?}");
    l.get(1);
    for i in 0..2 {
        assert_eq!(
            l.store(i).participant("P0001").unwrap().area,
            "Town centre",
            "laptop {i}"
        );
    }
    assert_eq!(l.records(0), l.records(1));
}

#[test]
fn a_deletion_on_one_laptop_and_an_edit_on_another_ends_deleted_and_says_so() {
    let mut l = Laptops::new(1);
    l.store(0)
        .add_participants(&[child("P0001")], now().date())
        .unwrap();
    l.store(0)
        .add_sessions(&[session("S00001", &["P0001"])])
        .unwrap();
    l.swap_all();
    l.store(0).delete_session("S00001").unwrap();
    let mut edited = session("S00001", &["P0001"]);
    edited.notes = "Rain: moved indoors".into();
    l.store(1).update_session("S00001", &edited).unwrap();
    l.send(0);
    l.send(1);
    let got = l.get(1);
    assert!(noted(&got, &["S00001", "deleted"]), "{got:?}");
    l.get(0);
    for i in 0..2 {
        assert!(
            l.store(i).session("S00001").is_err(),
            "deleted on laptop {i}"
        );
    }
    assert_eq!(l.records(0), l.records(1));
}

/// The first laptop's latest file in the shared folder.
fn latest_file(shared: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = walk(shared)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "evchg"))
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap());
    files.pop().unwrap()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn a_file_cut_short_altered_or_from_a_newer_evident_is_refused_and_nothing_applied() {
    let mut l = Laptops::new(1);
    l.store(0)
        .add_participants(&[child("P0001")], now().date())
        .unwrap();
    let file = l.send(0).unwrap();
    let whole = std::fs::read(&file).unwrap();
    let before = l.records(1);
    for (what, bytes) in [
        ("cut short", whole[..whole.len() / 2].to_vec()),
        ("altered", {
            let mut b = whole.clone();
            let middle = b.len() / 2;
            b[middle] ^= 1;
            b
        }),
    ] {
        std::fs::write(&file, &bytes).unwrap();
        let got = l.get(1);
        assert!(got.applied.is_empty(), "{what}");
        assert_eq!(got.refused.len(), 1, "{what}: {got:?}");
        assert!(
            got.refused[0].why.contains("Send again"),
            "{what}: {}",
            got.refused[0].why
        );
        assert_eq!(l.records(1), before, "{what}: nothing applied");
    }
    // A file from a newer schema, sealed and signed as its laptop would.
    let (laptop, keys) = secret_keys(&l.laptops[0].1);
    let opened = evident::sync::seal::open(&whole, &keys.public().verifying_key, &keys).unwrap();
    let mut newer = ChangeFile::from_bytes(&file, &opened, 1000).unwrap();
    newer.header.schema = evident::store::latest_schema_version() + 1;
    let resealed = seal(
        &newer.to_bytes().unwrap(),
        laptop,
        &keys,
        &recipients(&l.laptops[0].1),
    );
    std::fs::write(&file, resealed).unwrap();
    let got = l.get(1);
    assert!(got.refused[0].why.contains("newer Evident"), "{got:?}");
    assert_eq!(l.records(1), before);
    // The file as it was is applied, once however often it is got.
    std::fs::write(&file, &whole).unwrap();
    assert_eq!(l.get(1).applied.len(), 1);
    assert!(l.get(1).applied.is_empty());
    assert_eq!(l.records(0), l.records(1));
    let _ = latest_file(l.shared.path());
}

/// A laptop's key and private keys, read from its records as only the
/// laptop itself would.
fn secret_keys(db: &Path) -> (uuid::Uuid, SecretKeys) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let (laptop, identity, signing): (String, String, String) = conn
        .query_row(
            "SELECT laptop, identity, signing_key FROM sync_this",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let laptop: evident::Key = laptop.parse().unwrap();
    (
        laptop.uuid(),
        SecretKeys::from_text(&identity, &signing).unwrap(),
    )
}

/// The current laptops' age recipients, as a laptop's records hold them.
fn recipients(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT recipient FROM laptop WHERE removed_on IS NULL")
        .unwrap();
    let found = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    found
}

fn seal(contents: &[u8], laptop: uuid::Uuid, keys: &SecretKeys, to: &[String]) -> Vec<u8> {
    evident::sync::seal::seal(contents, laptop, keys, to).unwrap()
}

fn privacy_log(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT id || ' ' || action FROM privacy_log ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    rows
}

/// A file written by hand: a valid changeset (rows added to this laptop's
/// own privacy log), under a correct header. Unsealed, sealed by a stranger
/// under a real laptop's name, or even signed with that laptop's own key,
/// it is refused and changes nothing; so is what a removed laptop sends.
#[test]
fn a_file_written_by_hand_or_by_a_removed_laptop_is_refused_and_changes_nothing() {
    let mut l = Laptops::new(1);
    l.store(0)
        .add_participants(&[child("P0001")], now().date())
        .unwrap();
    l.send(0).unwrap();
    assert_eq!(l.get(1).applied.len(), 1);
    // The forger's changes: the privacy log rewritten.
    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("copy.db");
    std::fs::copy(&l.laptops[1].1, &copy).unwrap();
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let mut session = rusqlite::session::Session::new(&conn).unwrap();
    session.attach(Some("privacy_log")).unwrap();
    conn.execute(
        "INSERT INTO privacy_log (id, action, people) VALUES (99, 'nothing was erased', 0)",
        [],
    )
    .unwrap();
    let mut changes = Vec::new();
    session.changeset_strm(&mut changes).unwrap();
    drop(session);
    let (laptop, keys) = secret_keys(&l.laptops[1].1);
    let organisation: String = conn
        .query_row("SELECT sync_key FROM organisation", [], |r| r.get(0))
        .unwrap();
    let forged = ChangeFile {
        header: evident::sync::file::Header {
            organisation: organisation.parse::<evident::Key>().unwrap().uuid(),
            laptop,
            laptop_name: "Laptop 2".into(),
            sequence: 1,
            schema: evident::store::latest_schema_version(),
            needs: Default::default(),
            clock: String::new(),
            written_at: "2026-11-26 09:00:00".into(),
            keys: None,
        },
        changes: evident::sync::file::join_parts(&[changes]),
    }
    .to_bytes()
    .unwrap();
    let stranger = SecretKeys::generate().unwrap();
    let to = recipients(&l.laptops[0].1);
    let folder = walk(l.shared.path())
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "evchg"))
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join(laptop.hyphenated().to_string());
    std::fs::create_dir_all(&folder).unwrap();
    let before = (l.records(0), privacy_log(&l.laptops[0].1));
    for (what, bytes, why) in [
        (
            "unsealed",
            forged.clone(),
            "not written by one of your laptops",
        ),
        (
            "sealed by a stranger",
            seal(&forged, laptop, &stranger, &to),
            "not written by one of your laptops",
        ),
        (
            "signed with the laptop's own key",
            seal(&forged, laptop, &keys, &to),
            "each laptop keeps to itself",
        ),
    ] {
        std::fs::write(folder.join("000001.evchg"), &bytes).unwrap();
        let got = l.get(0);
        assert!(got.applied.is_empty(), "{what}: {got:?}");
        assert!(
            got.refused.iter().any(|r| r.why.contains(why)),
            "{what}: {got:?}"
        );
        assert!(!got.complete(), "{what}");
        assert_eq!(
            (l.records(0), privacy_log(&l.laptops[0].1)),
            before,
            "{what}: nothing changed"
        );
    }
    std::fs::remove_file(folder.join("000001.evchg")).unwrap();

    // Laptop 2 is removed; what it sends afterwards is refused.
    l.store(0).remove_laptop("Laptop 2", "2026-11-27").unwrap();
    l.send(0).unwrap();
    l.store(1)
        .add_participants(&[child("PB0001")], now().date())
        .unwrap();
    l.send(1).unwrap();
    let got = l.get(0);
    assert!(got.applied.is_empty(), "{got:?}");
    assert!(
        got.refused.iter().any(|r| r.why.contains("removed")),
        "{got:?}"
    );
    // And what laptop 1 sends from now on is not sealed for it.
    l.store(0)
        .add_participants(&[child("P0002")], now().date())
        .unwrap();
    l.send(0).unwrap();
    let got = l.get(1);
    assert!(
        got.applied.iter().all(|f| f.sequence < 3) && !got.complete(),
        "{got:?}"
    );
}

/// Laptop 1 anonymises a child while laptop 2, not knowing yet, gives them
/// another name and date of birth: after the exchange both hold the child
/// anonymised, and laptop 2's Get changes says the edit was dropped.
#[test]
fn anonymising_is_final_against_an_edit_made_elsewhere_before_it_arrived() {
    let mut l = Laptops::new(2);
    let mut rowan = child("P0001");
    rowan.known_as = "Rowan".into();
    l.store(0)
        .add_participants(&[rowan.clone()], now().date())
        .unwrap();
    l.swap_all();
    l.store(0)
        .anonymise_participants(&["P0001".to_string()], now().date(), "coordinator")
        .unwrap();
    rowan.known_as = "Rowanberry".into();
    rowan.date_of_birth = Some(d(2012, 7, 19));
    l.store(1)
        .update_participant("P0001", &rowan, now().date())
        .unwrap();
    l.send(0).unwrap();
    l.send(1).unwrap();
    let got = l.get(1);
    assert!(noted(&got, &["P0001", "anonymised", "dropped"]), "{got:?}");
    l.swap_all();
    for i in 0..3 {
        let p = l.store(i).participant("P0001").unwrap();
        assert_eq!(p.known_as, "Anonymised", "laptop {i}");
        assert_eq!(
            p.date_of_birth.map(|d| d.to_string()).as_deref(),
            Some("2012-05-01"),
            "laptop {i}"
        );
        assert_eq!(
            mentions(l.store(i), "Rowanberry"),
            0,
            "laptop {i}: its history"
        );
    }
    assert_eq!(l.records(0), l.records(1), "{}", l.differences(0, 1));
    assert_eq!(l.records(0), l.records(2), "{}", l.differences(0, 2));
}

/// A session moved on one laptop while a child is ticked on its register on
/// another: the mark ends on the session's new day on both.
#[test]
fn a_mark_follows_its_session_moved_on_another_laptop() {
    let mut l = Laptops::new(1);
    l.store(0)
        .add_participants(&[child("P0001"), child("P0002")], now().date())
        .unwrap();
    l.store(0)
        .add_session(&session("S00001", &["P0001"]))
        .unwrap();
    l.swap_all();
    let mut moved = session("S00001", &["P0001"]);
    moved.date = d(2026, 11, 4);
    l.store(0).update_session("S00001", &moved).unwrap();
    l.store(1)
        .update_session("S00001", &session("S00001", &["P0001", "P0002"]))
        .unwrap();
    l.swap_all();
    for i in 0..2 {
        let conn = rusqlite::Connection::open(&l.laptops[i].1).unwrap();
        let dates: Vec<String> = conn
            .prepare("SELECT DISTINCT a.date FROM attendance a")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let s = l.store(i).session("S00001").unwrap();
        assert_eq!(s.date, d(2026, 11, 4), "laptop {i}");
        assert_eq!(
            dates,
            ["2026-11-04"],
            "laptop {i}: every mark on the session's day"
        );
    }
    assert_eq!(l.records(0), l.records(1), "{}", l.differences(0, 1));
}

/// A file deleted from the folder, then one damaged there: the other laptop
/// waits or refuses, says which, and its get fails; the writer's next send
/// (or Send again) writes each again, and nothing is lost.
#[test]
fn a_deleted_or_damaged_file_is_sent_again_and_nothing_is_lost() {
    let mut l = Laptops::new(1);
    l.store(0)
        .add_participants(&[child("P0001")], now().date())
        .unwrap();
    let first = l.send(0).unwrap();
    l.store(0)
        .add_participants(&[child("P0002")], now().date())
        .unwrap();
    let second = l.send(0).unwrap();
    std::fs::remove_file(&first).unwrap();
    let got = l.get(1);
    assert!(got.applied.is_empty() && !got.complete(), "{got:?}");
    assert!(
        got.waiting.iter().any(|w| w.why.contains("Send again")),
        "{got:?}"
    );
    // An ordinary send writes the missing file again.
    let sent = l.sent(0);
    assert!(sent.file.is_none() && sent.sent_again == 1, "{sent:?}");
    assert_eq!(l.get(1).applied.len(), 2);
    assert_eq!(l.records(0), l.records(1), "{}", l.differences(0, 1));
    // A damaged file: refused, then Send again mends it.
    l.store(0)
        .add_participants(&[child("P0003")], now().date())
        .unwrap();
    let third = l.send(0).unwrap();
    let mut bytes = std::fs::read(&third).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x10;
    std::fs::write(&third, &bytes).unwrap();
    let got = l.get(1);
    assert!(got.applied.is_empty() && got.refused.len() == 1, "{got:?}");
    // The command line's own step: `evident sync send --again`.
    let run = crate::support::evident(&l.laptops[0].1, &["sync", "send", "--again"]);
    assert!(
        run.ok && run.stdout.contains("wrote again"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(l.get(1).applied.len(), 1);
    assert_eq!(l.records(0), l.records(1), "{}", l.differences(0, 1));
    assert!(second.exists());
}

/// Until schema 12 a laptop kept each file it sent whole, as the file's
/// bytes. Upgrading takes each apart into its header and changes, as
/// schema 12 keeps them: the files kept are the same, an erasure reaches
/// them, and a file lost from the folder is still written again whole.
#[test]
fn a_file_kept_whole_before_schema_12_is_taken_apart_erased_from_and_sent_again() {
    let mut l = Laptops::new(1);
    let mut zebedee = child("P0001");
    zebedee.known_as = "Zebedee".into();
    l.store(0)
        .add_participants(&[zebedee, child("P0002")], now().date())
        .unwrap();
    let first = l.send(0).unwrap();
    let path = l.laptops[0].1.clone();
    let kept = |conn: &rusqlite::Connection| -> Vec<(i64, String, Vec<u8>)> {
        conn.prepare("SELECT sequence, header, changes FROM sync_sent ORDER BY sequence")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    // The laptop as schema 11 left it: the file kept whole (and no table
    // of a later schema).
    let conn = rusqlite::Connection::open(&path).unwrap();
    let before = kept(&conn);
    assert!(!before.is_empty());
    conn.execute_batch("ALTER TABLE sync_sent ADD COLUMN contents BLOB")
        .unwrap();
    for (sequence, header, changes) in &before {
        let whole = ChangeFile::from_kept(&evident::store::SentFile {
            sequence: *sequence as u64,
            header: header.clone(),
            changes: changes.clone(),
            sha256: String::new(),
        })
        .unwrap()
        .to_bytes()
        .unwrap();
        conn.execute(
            "UPDATE sync_sent SET contents = ?1 WHERE sequence = ?2",
            rusqlite::params![whole, sequence],
        )
        .unwrap();
    }
    conn.execute_batch(
        "ALTER TABLE sync_sent DROP COLUMN header;
         ALTER TABLE sync_sent DROP COLUMN changes;
         DROP TABLE import_key_met;
         DROP TABLE funder_form;
         DROP TABLE form_file;
         DROP TABLE form_cell;
         DROP TABLE instalment;
         DROP TABLE acceptance;
         DROP TABLE cash_balance;
         PRAGMA user_version = 11;",
    )
    .unwrap();
    drop(conn);
    l.laptops[0].2 = Store::open(&path, now()).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        kept(&conn),
        before,
        "the file kept is the same, taken apart"
    );
    drop(conn);

    evident::privacy::erase(
        l.store(0),
        &["P0001".to_string()],
        evident::privacy::Erasure::Anonymise,
        now().date(),
        "coordinator",
    )
    .unwrap();
    std::fs::remove_file(&first).unwrap();
    l.sent(0);
    assert!(first.exists(), "the lost file is written again");
    let got = l.get(1);
    assert!(got.complete() && !got.applied.is_empty(), "{got:?}");
    folder_hides(l.shared.path(), &["Zebedee"]).unwrap();
    let held = laptop_files_hold(&path, &["Zebedee"]);
    assert!(held.is_none(), "{held:?}");
    assert_eq!(l.records(0), l.records(1), "{}", l.differences(0, 1));
}

/// A laptop whose clock was 3 days ahead: its changes are applied, in the
/// order they were made, and the get says its date is wrong.
#[test]
fn a_sender_whose_clock_was_3_days_ahead_is_applied_and_told() {
    let mut l = Laptops::new(1);
    {
        let conn = rusqlite::Connection::open(&l.laptops[1].1).unwrap();
        let wall = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64;
        let ahead = evident::sync::clock::Stamp {
            millis: wall + 3 * 24 * 3_600_000,
            counter: 0,
            laptop: secret_keys(&l.laptops[1].1).0,
        };
        conn.execute("UPDATE sync_this SET clock = ?1", [ahead.to_string()])
            .unwrap();
    }
    l.store(1)
        .add_participants(&[child("PB0001")], now().date())
        .unwrap();
    l.send(1).unwrap();
    let got = l.get(0);
    assert_eq!(got.applied.len(), 1, "{got:?}");
    assert!(noted(&got, &["3 days ahead"]), "{got:?}");
    // The office's own later edit still comes after it.
    l.store(0)
        .update_participant("PB0001", &child("PB0001"), now().date())
        .unwrap();
    l.swap_all();
    assert_eq!(l.records(0), l.records(1), "{}", l.differences(0, 1));
}

/// Whether any of a laptop's own files (its records, their log) holds any
/// of `words`.
fn laptop_files_hold(db: &Path, words: &[&str]) -> Option<String> {
    let folder = db.parent().unwrap();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("evident.db") || path.is_dir() {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        for word in words {
            if bytes.windows(word.len()).any(|w| w == word.as_bytes()) {
                return Some(format!("{name} holds {word:?}"));
            }
        }
    }
    None
}

/// A child recorded on one laptop and renamed on another is erased on the
/// first, once anonymised and once deleted completely: once every laptop
/// has got changes, their name, date of birth and referrer are in no
/// laptop's records file or log, no outbox, no file kept to be sent, and
/// no file in the shared folder.
#[test]
fn an_erased_person_is_in_no_laptops_files_and_no_file_in_the_folder() {
    for how in [
        evident::privacy::Erasure::Anonymise,
        evident::privacy::Erasure::Delete,
    ] {
        let mut l = Laptops::new(2);
        let mut zebedee = child("P0001");
        zebedee.known_as = "Zebedee".into();
        zebedee.referral_source = "Quillfeather Clinic".into();
        zebedee.date_of_birth = Some(d(2013, 6, 17));
        l.store(0)
            .add_participants(&[zebedee.clone(), child("P0002")], now().date())
            .unwrap();
        l.store(0)
            .add_session(&session("S00001", &["P0001", "P0002"]))
            .unwrap();
        // A story about him, with a photo.
        let story = l
            .store(0)
            .add_story(&evident::records::Story {
                id: 0,
                date: d(2026, 11, 2),
                title: "Zebedee at the park".into(),
                programme: None,
                participant: Some("P0001".into()),
                consent: true,
                consent_date: Some(d(2026, 11, 1)),
                situation: "Zebedee was shy".into(),
                action: String::new(),
                difference: String::new(),
                quote: String::new(),
                measures: Vec::new(),
            })
            .unwrap();
        let photo = l.laptops[0].0.path().join("park.jpg");
        std::fs::write(&photo, b"PHOTO-OF-ZEBEDEE-ON-THE-SLIDE").unwrap();
        evident::evidence::attach(
            l.store(0),
            &photo,
            evident::records::Attachment::Story { story: story.id },
            now(),
        )
        .unwrap();
        std::fs::remove_file(&photo).unwrap();
        l.swap_all();
        zebedee.known_as = "Zebedee Junior".into();
        l.store(1)
            .update_participant("P0001", &zebedee, now().date())
            .unwrap();
        l.send(1).unwrap();
        l.get(0);
        l.get(2);
        evident::privacy::erase(
            l.store(0),
            &["P0001".to_string()],
            how,
            now().date(),
            "coordinator",
        )
        .unwrap();
        l.send(0).unwrap();
        for i in 1..3 {
            let got = l.get(i);
            assert!(got.complete(), "{how:?}, laptop {i}: {got:?}");
        }
        let words = ["Zebedee", "2013-06-17", "Quillfeather"];
        folder_hides(l.shared.path(), &words).unwrap_or_else(|e| panic!("{how:?}: {e}"));
        for i in 0..3 {
            let held = laptop_files_hold(&l.laptops[i].1, &words);
            assert!(held.is_none(), "{how:?}, laptop {i}: {held:?}");
        }
        // Deleted completely, his story's photo goes too: from every
        // laptop's evidence folder and from the shared folder.
        if how == evident::privacy::Erasure::Delete {
            let photos = |dir: &Path| {
                walk(dir)
                    .into_iter()
                    .filter(|p| p.components().any(|c| c.as_os_str() == "evidence"))
                    .count()
            };
            assert_eq!(photos(l.shared.path()), 0, "the shared folder's copy");
            for i in 0..3 {
                let here = l.laptops[i].1.parent().unwrap().join("evidence");
                let left = if here.exists() { photos(&here) } else { 0 };
                assert_eq!(left, 0, "laptop {i}'s copy");
            }
        }
        l.swap_all();
        assert_eq!(l.records(0), l.records(1), "{}", l.differences(0, 1));
        assert_eq!(l.records(0), l.records(2), "{}", l.differences(0, 2));
    }
}

/// Runs `evident` with `args` and the join code set, and gives up on it
/// after 20 seconds (a pipe must not make it wait for ever).
fn evident_within(db: &Path, args: &[&str]) -> (bool, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_evident"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("EVIDENT_JOIN_CODE", "ABCD-EFGH-JKLM")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            return (status.success(), stderr);
        }
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("{args:?} did not finish within 20 seconds");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The command line's smaller promises: a get that refuses a file fails;
/// joining from or restoring a device or a pipe is refused at once; files
/// being written are private from their first byte.
#[test]
fn a_refused_file_fails_the_get_and_devices_and_pipes_are_refused_at_once() {
    let mut l = Laptops::new(1);
    l.store(0)
        .add_participants(&[child("P0001")], now().date())
        .unwrap();
    let file = l.send(0).unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&file, bytes).unwrap();
    let shared = l.shared.path().to_str().unwrap().to_string();
    let db = l.laptops[1].1.clone();
    let (ok, stderr) = evident_within(&db, &["sync", "get", "--from", &shared]);
    assert!(!ok && stderr.contains("1 refused"), "{stderr}");

    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("new.db");
    let pipe = dir.path().join("pipe.evident");
    assert!(std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap()
        .success());
    for source in [Path::new("/dev/zero"), pipe.as_path()] {
        let source = source.to_str().unwrap();
        for args in [vec!["sync", "join", source], vec!["restore", source]] {
            let (ok, stderr) = evident_within(&fresh, &args);
            assert!(!ok && stderr.contains("not a file"), "{args:?}: {stderr}");
            assert!(!fresh.exists(), "{args:?}: nothing set up");
        }
    }
}

/// Two gets at once on one laptop (the app and a script): the file is
/// applied once, and both say so truly.
#[test]
fn two_gets_at_once_apply_a_file_once() {
    let mut l = Laptops::new(1);
    for n in 1..=20 {
        l.store(0)
            .add_participants(&[child(&format!("P{n:04}"))], now().date())
            .unwrap();
        l.send(0).unwrap();
    }
    let shared = l.shared.path().to_path_buf();
    let path = l.laptops[1].1.clone();
    let runs: Vec<std::thread::JoinHandle<usize>> = (0..2)
        .map(|_| {
            let (shared, path) = (shared.clone(), path.clone());
            std::thread::spawn(move || {
                let mut store = Store::open(&path, now()).unwrap();
                let got = sync::get(&mut store, Some(&shared), now()).unwrap();
                got.applied.len()
            })
        })
        .collect();
    let applied: usize = runs.into_iter().map(|r| r.join().unwrap()).sum();
    assert_eq!(applied, 20, "each of the 20 files applied once");
    assert_eq!(l.records(0), l.records(1), "{}", l.differences(0, 1));
}

/// Every byte of every file in the shared folder holds none of `words`.
fn folder_hides(shared: &Path, words: &[&str]) -> Result<(), String> {
    for path in walk(shared) {
        let bytes = std::fs::read(&path).unwrap();
        for word in words {
            if bytes.windows(word.len()).any(|w| w == word.as_bytes()) {
                return Err(format!("{} holds {word:?}", path.display()));
            }
        }
    }
    Ok(())
}

/// Three laptops, one locked with a passphrase, record people with names
/// no one else has, a referrer, a date of birth, a session's note, a log
/// entry's note and a photo, and swap
/// changes; a fourth is invited and has not joined yet. No byte of any file
/// in the shared folder holds any of it, and the photo reached the others.
#[test]
fn nothing_readable_is_in_the_shared_folder() {
    let mut l = Laptops::new(2);
    let (dir, path, store) = l.laptops.remove(1);
    let store = store
        .set_passphrase(Some("correct horse battery staple"), now(), "Jo")
        .unwrap();
    l.laptops.insert(1, (dir, path, store));
    let mut zebedee = child("P0001");
    zebedee.known_as = "Zebedee".into();
    zebedee.referral_source = "Quillfeather Clinic".into();
    zebedee.date_of_birth = Some(d(2013, 6, 17));
    l.store(0)
        .add_participants(&[zebedee], now().date())
        .unwrap();
    let mut club = session("S00001", &["P0001"]);
    club.notes = "Marmaduke fell off the climbing frame".into();
    l.store(0).add_session(&club).unwrap();
    l.store(0)
        .add_outcome(&evident::records::Outcome {
            name: "Feels safer".into(),
            ..Default::default()
        })
        .unwrap();
    l.store(0)
        .add_log_entry(&evident::records::OutcomeLogEntry {
            id: 0,
            participant: "P0001".into(),
            date: d(2026, 11, 2),
            outcome: "Feels safer".into(),
            programme: None,
            note: "Said the bus home is Wobblestone Lane".into(),
            source: "Observation".into(),
            logged_by: String::new(),
        })
        .unwrap();
    let photo = l.laptops[0].0.path().join("zebedee.jpg");
    std::fs::write(&photo, b"PHOTO-OF-ZEBEDEE-AT-THE-PARK").unwrap();
    let attached = evident::evidence::attach(
        l.store(0),
        &photo,
        evident::records::Attachment::Session {
            session: "S00001".into(),
        },
        now(),
    )
    .unwrap();
    let mut xanthippe = child("PB0001");
    xanthippe.known_as = "Xanthippe".into();
    l.store(1)
        .add_participants(&[xanthippe], now().date())
        .unwrap();
    l.swap_all();
    assert_eq!(l.records(0), l.records(2), "{}", l.differences(0, 2));
    let shared = l.shared.path().to_path_buf();
    sync::invite(l.store(0), Some(&shared), "Laptop 4", "", now()).unwrap();
    assert!(
        walk(l.shared.path())
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "evident")),
        "a joining file waits in the folder"
    );
    folder_hides(
        l.shared.path(),
        &[
            "Zebedee",
            "Xanthippe",
            "Quillfeather",
            "2013-06-17",
            "Marmaduke",
            "Wobblestone",
            "PHOTO-OF-ZEBEDEE",
            &attached.sha256,
        ],
    )
    .unwrap();
    let here = evident::evidence::folder(l.store(2)).unwrap();
    assert_eq!(
        std::fs::read(here.join(&attached.sha256)).unwrap(),
        b"PHOTO-OF-ZEBEDEE-AT-THE-PARK",
        "the photo reached the third laptop"
    );
}

/// Laptops that shared before Evident sealed (no keys on any laptop, files
/// unsealed): each gets keys when it first sends, files stay unsealed until
/// every laptop has keys, then every file in the folder is sealed, those
/// written before included.
#[test]
fn laptops_that_shared_before_sealing_seal_once_every_one_has_upgraded() {
    let mut l = Laptops::new(1);
    for (_, db, _) in &l.laptops {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.execute_batch(
            "UPDATE sync_this SET identity = '', signing_key = '';
             UPDATE laptop SET recipient = '', verifying_key = '';
             DELETE FROM sync_sent;",
        )
        .unwrap();
    }
    let mut marigold = child("P0001");
    marigold.known_as = "Marigold".into();
    l.store(0)
        .add_participants(&[marigold], now().date())
        .unwrap();
    // The office has upgraded and sends first: unsealed, with its keys.
    let sent = l.sent(0);
    assert!(!sent.sealed, "the other laptop has no keys yet");
    assert!(folder_hides(l.shared.path(), &["Marigold"]).is_err());
    let got = l.get(1);
    assert_eq!(got.applied.len(), 1, "{got:?}");
    // Laptop 2 sends: both have keys now, so its file is sealed.
    let mut tansy = child("PB0001");
    tansy.known_as = "Tansy".into();
    l.store(1).add_participants(&[tansy], now().date()).unwrap();
    let sent = l.sent(1);
    assert!(sent.sealed);
    let got = l.get(0);
    assert_eq!(
        got.applied.len(),
        1,
        "its first sealed file is read: {got:?}"
    );
    // The office's next send seals what it wrote before.
    let sent = l.sent(0);
    assert!(sent.sealed && sent.sent_again >= 1, "{sent:?}");
    folder_hides(l.shared.path(), &["Marigold", "Tansy"]).unwrap();
    l.swap_all();
    assert_eq!(l.records(0), l.records(1), "{}", l.differences(0, 1));
    // From now on, an unsealed file from laptop 2 is refused, even one of
    // its own files' contents.
    let mut nasturtium = child("PB0002");
    nasturtium.known_as = "Nasturtium".into();
    l.store(1)
        .add_participants(&[nasturtium], now().date())
        .unwrap();
    let sealed_path = l.send(1).unwrap();
    let (_, office) = secret_keys(&l.laptops[0].1);
    let (_, second) = secret_keys(&l.laptops[1].1);
    let contents = evident::sync::seal::open(
        &std::fs::read(&sealed_path).unwrap(),
        &second.public().verifying_key,
        &office,
    )
    .unwrap();
    std::fs::write(&sealed_path, &contents).unwrap();
    let before = l.records(0);
    let got = l.get(0);
    assert!(
        got.applied.is_empty() && got.refused.iter().any(|r| r.why.contains("unsealed")),
        "{got:?}"
    );
    assert_eq!(l.records(0), before);
}

/// Random writes on three laptops (new children, registers, edits of the
/// same fields, deletions, log entries), files swapped in random orders,
/// some late and some twice: at the end all three hold the same rows and
/// every measure of every period is equal on all three. `EVIDENT_SYNC_SEEDS`
/// and `EVIDENT_SYNC_STEPS` run it longer; `EVIDENT_SYNC_FIRST_SEED` starts
/// at another seed, to run one again.
#[test]
fn three_laptops_making_random_writes_and_swapping_files_in_any_order_end_equal() {
    let number = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let first = number("EVIDENT_SYNC_FIRST_SEED", 0);
    for seed in first..first + number("EVIDENT_SYNC_SEEDS", 3) {
        converge(seed, number("EVIDENT_SYNC_STEPS", 120) as usize);
    }
}

fn converge(seed: u64, steps: usize) {
    use rand::seq::IndexedRandom;
    use rand::{RngExt, SeedableRng};
    use std::collections::BTreeSet;

    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut l = Laptops::new(0);
    setup_agreement(l.store(0));
    l.join("Laptop 2");
    l.join("Laptop 3");
    // Each laptop sees the shared folder through its own copy of it, into
    // which the others' files arrive late, in any order, some twice.
    // The first laptop's view is the folder it invited the others through.
    let kept: Vec<TempDir> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let views: Vec<PathBuf> = std::iter::once(l.shared.path().to_path_buf())
        .chain(kept.iter().map(|t| t.path().to_path_buf()))
        .collect();
    // (writer, path relative to its view)
    let mut posted: Vec<(usize, PathBuf)> = walk(&views[0])
        .into_iter()
        .map(|p| (0, p.strip_prefix(&views[0]).unwrap().to_path_buf()))
        .collect();
    let mut delivered: Vec<BTreeSet<PathBuf>> = vec![BTreeSet::new(); 3];
    let areas = ["Hillside", "Riverside", "Town centre", ""];
    // Every name each person was given (a person is known by their first
    // name, since a code deleted completely may be given to someone new),
    // and who was erased (anonymised or deleted): at the end none of their
    // names is in any laptop's files or any file in the folder.
    let mut names: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    let mut person_named: std::collections::BTreeMap<String, usize> = Default::default();
    let mut erased: BTreeSet<usize> = BTreeSet::new();
    // A file its writer has since deleted (every laptop had it) is not
    // delivered again.
    // A file its writer deleted is deleted from the others' views too, as a
    // shared cloud folder would.
    let deliver = |to: usize, file: &(usize, PathBuf), views: &[PathBuf]| {
        let from = views[file.0].join(&file.1);
        let there = views[to].join(&file.1);
        if !from.exists() {
            let _ = std::fs::remove_file(&there);
            return;
        }
        std::fs::create_dir_all(there.parent().unwrap()).unwrap();
        std::fs::copy(from, there).unwrap();
    };
    for step in 0..steps {
        let i = rng.random_range(0..3usize);
        let today = now().date();
        let store = l.store(i);
        let codes: Vec<String> = store
            .participants(true)
            .unwrap()
            .into_iter()
            .map(|p| p.code)
            .collect();
        let sessions: Vec<Session> = store.sessions(&Default::default()).unwrap();
        let pick = |rng: &mut rand_chacha::ChaCha8Rng| -> Vec<String> {
            codes
                .iter()
                .filter(|_| rng.random_bool(0.4))
                .cloned()
                .collect()
        };
        let what = rng.random_range(0..16);
        let name = format!("Qn{seed}x{step}Q");
        let written = match what {
            0 | 1 => {
                let mut p = child("");
                p.area = areas.choose(&mut rng).unwrap().to_string();
                p.known_as = name.clone();
                p.referral_source = format!("Rf{seed}x{step}F");
                // A birthday no one else has, never the 1st (which is what
                // anonymising leaves).
                let birthday = d(
                    2008 + (step / 324) as i32,
                    1 + (step / 27 % 12) as u32,
                    2 + (step % 27) as u32,
                );
                p.date_of_birth = Some(birthday);
                store.add_participants(&[p], today).map(|_| {
                    names.insert(
                        step,
                        vec![
                            name.clone(),
                            format!("Rf{seed}x{step}F"),
                            birthday.format("%Y-%m-%d").to_string(),
                        ],
                    );
                    person_named.insert(name.clone(), step);
                })
            }
            2 | 3 => {
                let mut s = session("", &[]);
                s.date = d(2026, 4, 1) + chrono::Days::new(rng.random_range(0..360));
                s.attendees = pick(&mut rng);
                store.add_sessions(&[s]).map(|_| ())
            }
            4 if !sessions.is_empty() => {
                let mut s = sessions.choose(&mut rng).unwrap().clone();
                s.attendees = pick(&mut rng);
                store.update_session(&s.reference.clone(), &s).map(|_| ())
            }
            5 if !sessions.is_empty() => {
                let mut s = sessions.choose(&mut rng).unwrap().clone();
                s.notes = format!("note {step}");
                s.headcount = rng.random_range(0..5);
                store.update_session(&s.reference.clone(), &s).map(|_| ())
            }
            6 | 7 if !codes.is_empty() => {
                let code = codes.choose(&mut rng).unwrap();
                let mut p = store.participant(code).unwrap();
                let roll = rng.random_range(0..3);
                if roll == 0 {
                    p.area = areas.choose(&mut rng).unwrap().to_string();
                } else if roll == 1 {
                    if let Some(&person) = person_named.get(&p.known_as) {
                        names.entry(person).or_default().push(name.clone());
                        person_named.insert(name.clone(), person);
                    }
                    p.known_as = name.clone();
                } else {
                    p.gender = ["Girl or woman", "Boy or man", ""]
                        .choose(&mut rng)
                        .unwrap()
                        .to_string();
                }
                store
                    .update_participant(&code.clone(), &p, today)
                    .map(|_| ())
            }
            8 if !sessions.is_empty() && rng.random_bool(0.3) => {
                let s = sessions.choose(&mut rng).unwrap();
                store.delete_session(&s.reference).map(|_| ())
            }
            9 if !codes.is_empty() => store
                .add_log_entry(&evident::records::OutcomeLogEntry {
                    participant: codes.choose(&mut rng).unwrap().clone(),
                    date: d(2026, 4, 1) + chrono::Days::new(rng.random_range(0..360)),
                    outcome: "Feels safer".into(),
                    source: "Observation".into(),
                    id: 0,
                    programme: None,
                    note: String::new(),
                    logged_by: String::new(),
                })
                .map(|_| ()),
            11 if !codes.is_empty() && rng.random_bool(0.3) => {
                let code = codes.choose(&mut rng).unwrap().clone();
                let how = if rng.random_bool(0.5) {
                    evident::privacy::Erasure::Anonymise
                } else {
                    evident::privacy::Erasure::Delete
                };
                let person = store
                    .participant(&code)
                    .ok()
                    .and_then(|p| person_named.get(&p.known_as).copied());
                evident::privacy::erase(store, std::slice::from_ref(&code), how, today, "test")
                    .map(|_| erased.extend(person))
            }
            12 if !sessions.is_empty() => {
                let mut s = sessions.choose(&mut rng).unwrap().clone();
                s.date = d(2026, 4, 1) + chrono::Days::new(rng.random_range(0..360));
                store.update_session(&s.reference.clone(), &s).map(|_| ())
            }
            10 => {
                let before: BTreeSet<PathBuf> = walk(&views[i]).into_iter().collect();
                sync::send(l.store(i), Some(&views[i]), false, now()).unwrap();
                for path in walk(&views[i]) {
                    if !before.contains(&path) {
                        let relative = path.strip_prefix(&views[i]).unwrap().to_path_buf();
                        posted.push((i, relative));
                    }
                }
                Ok(())
            }
            _ => {
                // Some of the others' files arrive (perhaps again), then a get.
                for file in posted.iter().filter(|f| f.0 != i) {
                    let again = delivered[i].contains(&file.1);
                    if (!again && rng.random_bool(0.5)) || (again && rng.random_bool(0.1)) {
                        deliver(i, file, &views);
                        delivered[i].insert(file.1.clone());
                    }
                }
                sync::get(l.store(i), Some(&views[i]), now()).map(|_| ())
            }
        };
        // A write the laptop's own records refuse (a session deleted on
        // another laptop meanwhile, say) is fine; nothing else is.
        if let Err(e) = written {
            assert!(
                matches!(
                    e,
                    evident::Error::NotFound { .. } | evident::Error::Invalid { .. }
                ),
                "seed {seed} step {step}: {e}"
            );
        }
    }
    // Everything arrives everywhere.
    let mut waiting = Vec::new();
    for _ in 0..3 {
        for (i, view) in views.iter().enumerate() {
            let before: BTreeSet<PathBuf> = walk(view).into_iter().collect();
            sync::send(l.store(i), Some(view), false, now()).unwrap();
            for path in walk(view) {
                if !before.contains(&path) {
                    posted.push((i, path.strip_prefix(view).unwrap().to_path_buf()));
                }
            }
        }
        for i in 0..3 {
            for file in posted.iter().filter(|f| f.0 != i) {
                deliver(i, file, &views);
            }
            let got = sync::get(l.store(i), Some(&views[i]), now()).unwrap();
            assert!(got.refused.is_empty(), "seed {seed}: {:?}", got.refused);
            waiting = got.waiting;
        }
    }
    assert!(waiting.is_empty(), "seed {seed}: {waiting:?}");
    // The promises: an anonymised person is anonymised everywhere, and an
    // erased person's names are in no laptop's files and no file of any
    // laptop's view of the folder.
    for i in 0..3 {
        for p in l.store(i).participants(true).unwrap() {
            if l.store(i).anonymised_on(&p.code).unwrap().is_some() {
                assert_eq!(
                    p.known_as, "Anonymised",
                    "seed {seed}: laptop {i}, {}",
                    p.code
                );
            }
        }
    }
    let gone: Vec<&str> = erased
        .iter()
        .filter_map(|person| names.get(person))
        .flatten()
        .map(String::as_str)
        .collect();
    for view in &views {
        folder_hides(view, &gone).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
    for i in 0..3 {
        let held = laptop_files_hold(&l.laptops[i].1, &gone);
        assert!(held.is_none(), "seed {seed}: laptop {i}: {held:?}");
    }
    for i in 1..3 {
        assert!(
            l.records(0) == l.records(i),
            "seed {seed}: laptop {} differs from the first:\n{}",
            i + 1,
            l.differences(0, i)
        );
    }
    let periods: Vec<String> =
        evident::periods::for_agreement(&l.store(0).agreement("CONV-1").unwrap(), 4)
            .into_iter()
            .map(|p| p.id)
            .collect();
    for period in &periods {
        let figures: Vec<String> = (0..3)
            .map(|i| {
                format!(
                    "{:?}",
                    evident::measures::report(l.store(i), "CONV-1", period)
                        .unwrap()
                        .rows
                )
            })
            .collect();
        assert_eq!(figures[0], figures[1], "seed {seed}: {period}");
        assert_eq!(figures[0], figures[2], "seed {seed}: {period}");
    }
}

/// An agreement with measures of what the random writes change.
fn setup_agreement(store: &mut Store) {
    use evident::records::{Agreement, Calculation, Measure, Outcome};
    store
        .add_outcome(&Outcome {
            name: "Feels safer".into(),
            ..Outcome::default()
        })
        .unwrap();
    store
        .add_agreement(&Agreement {
            reference: "CONV-1".into(),
            funder: "Council".into(),
            title: "Youth club grant".into(),
            start_date: d(2026, 4, 1),
            end_date: d(2027, 3, 31),
            programmes: vec!["Youth club".into()],
            ..Agreement::default()
        })
        .unwrap();
    for (code, calculation) in [
        ("C1", Calculation::Participants),
        ("C2", Calculation::NewParticipants),
        ("C3", Calculation::Sessions),
        ("C4", Calculation::Attendances),
        ("C5", Calculation::ContactHours),
        ("C6", Calculation::OutcomeLogged),
    ] {
        store
            .add_measure(&Measure {
                agreement: "CONV-1".into(),
                code: code.into(),
                title: code.into(),
                calculation,
                indicator: (calculation == Calculation::OutcomeLogged)
                    .then(|| "Feels safer".into()),
                ..Measure::default()
            })
            .unwrap();
    }
}

/// A third laptop gets an edit made on a second after it had the record
/// from the first, and the first's own later edit of another field.
#[test]
fn a_third_laptop_gets_two_laptops_edits_of_one_record_whole() {
    let mut l = Laptops::new(2);
    l.swap_all();
    let made = l
        .store(2)
        .add_participants(&[child("")], now().date())
        .unwrap();
    let code = made[0].code.clone();
    l.send(2);
    l.get(1);
    let mut p = l.store(1).participant(&code).unwrap();
    p.area = "Hillside".into();
    l.store(1)
        .update_participant(&code, &p, now().date())
        .unwrap();
    let mut p = l.store(2).participant(&code).unwrap();
    p.gender = "Girl or woman".into();
    l.store(2)
        .update_participant(&code, &p, now().date())
        .unwrap();
    l.send(2);
    l.send(1);
    l.get(0);
    let p = l.store(0).participant(&code).unwrap();
    assert_eq!(
        (p.area.as_str(), p.gender.as_str()),
        ("Hillside", "Girl or woman")
    );
}

/// The Summary sheet of the pack at `xlsx`, cell by cell.
fn summary_sheet(xlsx: &Path) -> Vec<Vec<String>> {
    use calamine::{open_workbook_auto_from_rs, Reader};
    let mut book =
        open_workbook_auto_from_rs(std::io::Cursor::new(std::fs::read(xlsx).unwrap())).unwrap();
    let summary = book.worksheet_range("Summary").unwrap();
    summary
        .rows()
        .map(|row| row.iter().map(|cell| cell.to_string()).collect())
        .collect()
}

/// Through the command line: a second laptop joins from the first, each
/// records a week, they swap files through a folder, and their packs'
/// Summary sheets are equal, with both laptops' week in them.
#[test]
fn two_laptops_joined_from_one_record_a_week_each_and_export_the_same_summary() {
    use crate::support::{evident, evident_with, TestDb};
    let first = TestDb::demo();
    let a = first.path.clone();
    let shared = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let b = second.path().join("evident.db");
    let ok = |db: &Path, args: &[&str]| {
        let run = evident(db, args);
        assert!(run.ok, "{args:?}: {}", run.stderr);
        run.stdout
    };
    let shared_path = shared.path().to_str().unwrap();
    let invited = ok(
        &a,
        &[
            "sync",
            "invite",
            "--name",
            "Sam's laptop",
            "--to",
            shared_path,
            "--this-laptop",
            "Office laptop",
        ],
    );
    let code = invited
        .lines()
        .find_map(|l| l.strip_prefix("Join code: "))
        .expect("the join code on a line of its own");
    let joining = walk(shared.path())
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "evident"))
        .expect("a joining file in the shared folder");
    let join = ["sync", "join", joining.to_str().unwrap()];
    // Without the code, or with a wrong one, nothing is set up.
    let asked = evident(&b, &join);
    assert!(
        !asked.ok && asked.stderr.contains("EVIDENT_JOIN_CODE"),
        "{}",
        asked.stderr
    );
    let wrong = evident_with(&b, &join, &[("EVIDENT_JOIN_CODE", "ABCD-EFGH-JKLM")]);
    assert!(
        !wrong.ok && wrong.stderr.contains("does not open"),
        "{}",
        wrong.stderr
    );
    assert!(
        !b.exists() && joining.exists(),
        "a wrong code changes nothing"
    );
    let joined = evident_with(&b, &join, &[("EVIDENT_JOIN_CODE", code)]);
    assert!(joined.ok, "{}", joined.stderr);
    assert!(joined.stdout.contains("Sam's laptop"), "{}", joined.stdout);
    assert!(!joining.exists(), "a joining file is used once");

    // The office records Monday and Wednesday; Sam, Tuesday and Thursday,
    // with a new child.
    let new_child = ok(
        &b,
        &[
            "participant",
            "add",
            "--known-as",
            "Nia",
            "--date-of-birth",
            "2017-03-04",
            "--gender",
            "Girl or woman",
        ],
    );
    assert!(new_child.contains("PB0001"), "{new_child}");
    for (db, date, attendees) in [
        (&a, "2026-04-13", "P0001;P0002;P0003"),
        (&b, "2026-04-14", "P0002;P0004;PB0001"),
        (&a, "2026-04-15", "P0001;P0005"),
        (&b, "2026-04-16", "P0003;PB0001"),
    ] {
        ok(
            db,
            &[
                "session",
                "add",
                "--programme",
                "After-school club",
                "--date",
                date,
                "--duration-minutes",
                "120",
                "--attendees",
                attendees,
            ],
        );
    }
    // Sam attaches the sign-in sheet of Tuesday's session.
    let sheet = second.path().join("sign-in.jpg");
    std::fs::write(&sheet, b"a photo of the sign-in sheet").unwrap();
    ok(
        &b,
        &["attach", "--session", "SB00001", sheet.to_str().unwrap()],
    );
    for _ in 0..2 {
        ok(&a, &["sync", "send", "--to", shared_path]);
        ok(&b, &["sync", "send", "--to", shared_path]);
        ok(&a, &["sync", "get", "--from", shared_path]);
        ok(&b, &["sync", "get", "--from", shared_path]);
    }
    // Each laptop has deleted its files that the other has applied, and
    // the joining file is gone once Sam's laptop has sent.
    let left: Vec<PathBuf> = walk(shared.path())
        .into_iter()
        .filter(|p| !p.components().any(|c| c.as_os_str() == "evidence"))
        .collect();
    assert!(left.len() <= 2, "{left:?}");
    let status = ok(&a, &["sync", "status"]);
    assert!(
        status.contains("Sam's laptop") && status.contains("0 changes not sent"),
        "{status}"
    );

    let packs = tempfile::tempdir().unwrap();
    let mut summaries = Vec::new();
    for (db, name) in [(&a, "office-DRAFT.xlsx"), (&b, "sam-DRAFT.xlsx")] {
        let out = packs.path().join(name);
        ok(
            db,
            &[
                "export",
                "--agreement",
                "NBC-CYP-01",
                "--period",
                "2026-27 Q1",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        summaries.push(summary_sheet(&out));
    }
    assert_eq!(
        summaries[0], summaries[1],
        "both laptops' packs say the same"
    );
    let cover: String = {
        use calamine::{open_workbook_auto_from_rs, Reader};
        let bytes = std::fs::read(packs.path().join("office-DRAFT.xlsx")).unwrap();
        let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("Cover").unwrap();
        range
            .rows()
            .flat_map(|r| r.iter().map(|c| c.to_string()))
            .collect::<Vec<_>>()
            .join("|")
    };
    assert!(
        cover.contains(
            "Laptops|Office laptop (this laptop): everything; Sam's laptop: changes up to"
        ),
        "{cover}"
    );
    // The office's pack carries Sam's sign-in sheet.
    let zip_path = packs.path().join("office-DRAFT.zip");
    ok(
        &a,
        &[
            "export",
            "--agreement",
            "NBC-CYP-01",
            "--period",
            "2026-27 Q1",
            "--out",
            zip_path.to_str().unwrap(),
        ],
    );
    let zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("evidence/") && n.ends_with("sign-in.jpg")),
        "{names:?}"
    );
    let sessions = ok(
        &a,
        &[
            "session",
            "list",
            "--from",
            "2026-04-13",
            "--to",
            "2026-04-17",
        ],
    );
    assert_eq!(sessions.lines().count(), 4, "{sessions}");
}

/// A laptop that has sent nothing for 14 days is named by the readiness
/// checks, and the pack's cover says whose changes it includes.
#[test]
fn a_laptop_silent_for_14_days_is_named_and_the_cover_says_whose_changes_it_has() {
    let mut l = Laptops::new(0);
    setup_agreement(l.store(0));
    l.join("Sam's laptop");
    let silent = |store: &Store, days: u64| {
        let today = now().date() + chrono::Days::new(days);
        evident::checks::for_period(store, "CONV-1", "2026-27 Q3", today)
            .unwrap()
            .into_iter()
            .find(|c| c.id == "silent_laptops")
            .unwrap()
            .records
    };
    assert!(silent(l.store(0), 13).is_empty());
    assert_eq!(
        silent(l.store(0), 14),
        [format!(
            "Sam's laptop (nothing received since it joined on {})",
            now().date()
        )]
    );
    l.store(1)
        .add_participants(&[child("")], now().date())
        .unwrap();
    l.swap_all();
    assert!(silent(l.store(0), 13).is_empty());
    let cover = evident::sync::included(l.store(0)).unwrap().unwrap();
    assert!(
        cover.starts_with("Office laptop (this laptop): everything; Sam's laptop: changes up to "),
        "{cover}"
    );
}

/// Undoing a change is a change like any other: it reaches the other laptop.
#[test]
fn an_undo_on_one_laptop_reaches_the_other() {
    let mut l = Laptops::new(1);
    let mut p = child("P0001");
    l.store(0)
        .add_participants(std::slice::from_ref(&p), now().date())
        .unwrap();
    p.area = "Hillside".into();
    l.store(0)
        .update_participant("P0001", &p, now().date())
        .unwrap();
    l.swap_all();
    assert_eq!(l.store(1).participant("P0001").unwrap().area, "Hillside");
    let edit = l
        .store(0)
        .changes(Some("participant"), 1)
        .unwrap()
        .remove(0);
    l.store(0).undo(edit.id).unwrap();
    l.swap_all();
    assert_eq!(l.store(1).participant("P0001").unwrap().area, "");
    assert_eq!(l.records(0), l.records(1));
}

/// A laptop put back from an older backup never reuses a file's number:
/// what it sends next still reaches the others.
#[test]
fn a_laptop_restored_from_an_older_backup_sends_under_a_new_number() {
    let mut l = Laptops::new(1);
    l.store(0)
        .add_participants(&[child("")], now().date())
        .unwrap();
    l.swap_all();
    let backup = l.laptops[0].0.path().join("older.db");
    l.store(0).backup_to(&backup, false).unwrap();
    l.store(0)
        .add_participants(&[child("")], now().date())
        .unwrap();
    l.swap_all();
    // The first laptop's records are put back as the backup had them.
    let path = l.laptops[0].1.clone();
    let placeholder = Store::open_in_memory().unwrap();
    drop(std::mem::replace(&mut l.laptops[0].2, placeholder));
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    std::fs::copy(&backup, &path).unwrap();
    l.laptops[0].2 = Store::open(&path, now()).unwrap();
    // Its own later file, still in the folder, brings its child back.
    let got = l.get(0);
    assert_eq!(got.applied.len(), 1, "{got:?}");
    l.store(0)
        .add_participants(&[child("")], now().date())
        .unwrap();
    let before = l.store(0).this_laptop().unwrap().sent;
    assert!(l.send(0).is_some());
    assert!(
        l.store(0).this_laptop().unwrap().sent > before,
        "a new number"
    );
    let got = l.get(1);
    assert_eq!(got.applied.len(), 1, "{got:?}");
    let codes: Vec<String> = l
        .store(1)
        .participants(true)
        .unwrap()
        .into_iter()
        .map(|p| p.code)
        .collect();
    assert_eq!(codes, ["P0001", "P0002", "P0003"], "no code given twice");
    assert_eq!(l.records(0), l.records(1));
}

/// A person erased on one laptop is erased on the others, their traces in
/// each laptop's history of changes too.
#[test]
fn a_person_erased_on_one_laptop_leaves_no_trace_in_the_others_history() {
    let mut l = Laptops::new(1);
    let mut robin = child("");
    robin.known_as = "Robin Quill".into();
    let code = l.store(0).add_participants(&[robin], now().date()).unwrap()[0]
        .code
        .clone();
    l.swap_all();
    assert!(
        mentions(l.store(1), "Robin Quill") > 0,
        "the second laptop's history holds Robin"
    );
    evident::privacy::erase(
        l.store(0),
        std::slice::from_ref(&code),
        evident::privacy::Erasure::Delete,
        now().date(),
        "Jo",
    )
    .unwrap();
    l.send(0);
    let got = l.get(1);
    assert!(
        noted(&got, &["erased or anonymised on another laptop"]),
        "{got:?}"
    );
    assert!(l.store(1).participant(&code).is_err());
    assert_eq!(mentions(l.store(1), "Robin Quill"), 0);

    // Anonymised, the same.
    let mut ada = child("");
    ada.known_as = "Ada Quill".into();
    let code = l.store(0).add_participants(&[ada], now().date()).unwrap()[0]
        .code
        .clone();
    l.swap_all();
    assert!(mentions(l.store(1), "Ada Quill") > 0);
    evident::privacy::erase(
        l.store(0),
        std::slice::from_ref(&code),
        evident::privacy::Erasure::Anonymise,
        now().date(),
        "Jo",
    )
    .unwrap();
    l.swap_all();
    assert_eq!(
        l.store(1).participant(&code).unwrap().known_as,
        "Anonymised"
    );
    assert_eq!(mentions(l.store(1), "Ada Quill"), 0);
}

/// The funder's own form and its mapping, kept on one laptop, reach the
/// other whole (the form's bytes with its record), and the shared folder
/// holds no readable trace of either.
#[test]
fn a_funders_form_and_its_mapping_reach_the_other_laptop() {
    let mut l = Laptops::new(1);
    setup_agreement(l.store(0));
    let form = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/forms/youth-data-return.xlsx");
    evident::funder_form::add(l.store(0), "CONV-1", &form, now()).unwrap();
    let cell = evident::records::FormCell {
        sheet: "Data return".into(),
        cell: "B6".into(),
        source: "measure C1 this period".into(),
    };
    evident::funder_form::set_cell(l.store(0), "CONV-1", &cell).unwrap();
    l.swap_all();
    let (kept, bytes) = l
        .store(1)
        .funder_form("CONV-1")
        .unwrap()
        .expect("the form arrived");
    assert_eq!(kept.file_name, "youth-data-return.xlsx");
    assert_eq!(bytes, std::fs::read(&form).unwrap());
    assert_eq!(l.store(1).form_cells("CONV-1").unwrap(), [cell]);
    assert_eq!(l.records(0), l.records(1), "{}", l.differences(0, 1));
    folder_hides(
        l.shared.path(),
        &["youth-data-return", "Data return", "measure C1"],
    )
    .unwrap();
}
