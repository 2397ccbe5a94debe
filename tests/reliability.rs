//! Never lose a record: each defect a fault probe found, proved fixed by a
//! test named after it (issue 12), and the tests that keep them fixed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use chrono::Days;
use evident::forms::ParticipantForm;
use evident::records::Organisation;
use evident::Store;

use crate::support::{fingerprint, now, today};

/// A database with an organisation, made yesterday (so that today's first
/// open is due its daily backup), in a folder of its own.
fn yesterdays_database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evident.db");
    let yesterday = now() - Days::new(1);
    let mut store = Store::create(&path, yesterday).unwrap();
    store
        .init_organisation(&Organisation {
            name: "Hillside Play".into(),
            ..Organisation::default()
        })
        .unwrap();
    drop(store);
    (dir, path)
}

/// Runs `each` in `n` threads released together, and gives their results.
fn at_once<T: Send + 'static>(
    n: usize,
    each: impl Fn(usize) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let start = Arc::new(Barrier::new(n));
    let each = Arc::new(each);
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let start = start.clone();
            let each = each.clone();
            std::thread::spawn(move || {
                start.wait();
                each(i)
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

fn backups_in(path: &Path) -> Vec<PathBuf> {
    Store::open(path, now()).unwrap().backups().unwrap()
}

/// Defect 3: 20 writers at once, each its own connection as separate
/// processes would be: every write waits its turn; none is told "database
/// is locked".
#[test]
fn defect_3_twenty_writers_at_once_wait_their_turn_and_all_save() {
    let (_dir, path) = yesterdays_database();
    Store::open(&path, now()).unwrap();
    let shared = path.clone();
    let results = at_once(20, move |i| {
        let mut store = Store::open(&shared, now())?;
        ParticipantForm {
            known_as: Some(format!("Child {i}")),
            ..Default::default()
        }
        .add_to(&mut store, today())
    });
    let failed: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().err().map(|e| e.to_string()))
        .collect();
    assert!(failed.is_empty(), "writes failed: {failed:?}");
    let store = Store::open(&path, now()).unwrap();
    assert_eq!(store.participants(true).unwrap().len(), 20);
}

/// Defect 4: the day's first open by 20 listings at once: each reads, and
/// the day's backup is taken once.
#[test]
fn defect_4_twenty_first_opens_of_a_day_at_once_all_read_and_back_up_once() {
    let (_dir, path) = yesterdays_database();
    let before = backups_in_folder(&path);
    let shared = path.clone();
    let results = at_once(20, move |_| {
        let store = Store::open(&shared, now())?;
        store.participants(true)
    });
    let failed: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().err().map(|e| e.to_string()))
        .collect();
    assert!(failed.is_empty(), "reads failed: {failed:?}");
    let after = backups_in_folder(&path);
    let daily = after
        .iter()
        .filter(|p| !before.contains(p) && p.to_string_lossy().ends_with("-daily.db"))
        .count();
    assert_eq!(daily, 1, "one daily backup: {after:?}");
}

fn backups_in_folder(path: &Path) -> Vec<PathBuf> {
    let folder = Store::backup_folder_for(path);
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    found.sort();
    found
}

/// Defect 7 (in part): when the day's backup cannot be written (here the
/// backups folder is a file), the records can still be read and written.
#[test]
fn defect_7_a_backup_that_cannot_be_written_never_stops_the_records_being_used() {
    let (_dir, path) = yesterdays_database();
    let folder = Store::backup_folder_for(&path);
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::write(&folder, b"not a folder").unwrap();
    let mut store = Store::open(&path, now()).expect("the records open without a backup");
    assert_eq!(store.organisation().unwrap().name, "Hillside Play");
    ParticipantForm {
        known_as: Some("Amara".into()),
        ..Default::default()
    }
    .add_to(&mut store, today())
    .expect("and can be written");
}

/// Defect 1: a file that opens but cannot be upgraded (another program's
/// SQLite file with an `organisation` table at version 1) is refused every
/// time, and the failed attempts never rotate the good backups away.
#[test]
fn defect_1_a_failing_upgrade_never_rotates_the_good_backups_away() {
    let (dir, path) = yesterdays_database();
    let good: Vec<PathBuf> = backups_in(&path);
    assert!(!good.is_empty(), "a good backup to keep");
    let foreign = dir.path().join("foreign.db");
    {
        let conn = rusqlite::Connection::open(&foreign).unwrap();
        conn.execute_batch(
            "CREATE TABLE organisation (id INTEGER PRIMARY KEY, title TEXT); PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    std::fs::copy(&foreign, &path).unwrap();
    let _ = std::fs::remove_file(dir.path().join("evident.db-wal"));
    let _ = std::fs::remove_file(dir.path().join("evident.db-shm"));
    let before = fingerprint(&path);
    for minute in 0..12 {
        let at = now() + chrono::Duration::minutes(minute);
        assert!(Store::open(&path, at).is_err(), "it cannot be upgraded");
    }
    assert_eq!(before, fingerprint(&path), "the file is left as it was");
    let left = backups_in_folder(&path);
    for backup in &good {
        assert!(
            left.contains(backup),
            "{backup:?} was rotated away: {left:?}"
        );
    }
    assert!(
        !left
            .iter()
            .any(|p| p.to_string_lossy().contains("before-upgrade")),
        "no backup of a failed attempt is kept: {left:?}"
    );
}
