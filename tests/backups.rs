//! Backups: consistent copies, rotation, the daily backup, and restore that
//! checks the file before it touches anything.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDateTime};
use evident::records::Participant;
use evident::store::{BackupReason, KEEP_NEWEST};
use evident::Store;

use crate::support::{expanded, fingerprint, now, today, TestDb};

#[test]
fn backup_then_restore_round_trips_every_record() {
    let db = TestDb::demo();
    let before = db.fingerprint();
    let copy = db.dir().join("copy.db");
    db.store.backup_to(&copy, false).unwrap();
    assert_eq!(fingerprint(&copy), before, "a backup holds every row");

    let TestDb {
        folder: _folder,
        path,
        mut store,
    } = db;
    store
        .add_participant(&Participant::default(), today())
        .unwrap();
    store.delete_session("S00001").unwrap();
    assert_ne!(fingerprint(&path), before);

    let store = store.restore(&copy, now(), false).unwrap();
    assert_eq!(
        fingerprint(&path),
        before,
        "restore brings back exactly what was backed up"
    );
    assert!(store.integrity().unwrap().ok);
    let kept = store.backups().unwrap();
    assert!(
        kept.iter()
            .any(|p| p.to_string_lossy().contains("before-restore")),
        "the database as it was is kept as a backup: {kept:?}"
    );
}

#[test]
fn restoring_a_truncated_file_is_refused_and_changes_nothing() {
    let db = TestDb::demo();
    let copy = db.dir().join("copy.db");
    db.store.backup_to(&copy, false).unwrap();
    let bytes = fs::read(&copy).unwrap();
    let truncated = db.dir().join("truncated.db");
    fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let garbage = db.dir().join("notes.db");
    fs::write(
        &garbage,
        "this is not a database at all, just some notes about the trip",
    )
    .unwrap();
    let empty = db.dir().join("empty.db");
    fs::write(&empty, "").unwrap();

    let TestDb {
        folder: _folder,
        path,
        store,
    } = db;
    drop(store);
    // Reopen first, so that the day's own backup is already taken.
    let mut store = Store::open(&path, now()).unwrap();
    let before = fingerprint(&path);
    let backups_before = store.backups().unwrap();
    for bad in [&truncated, &garbage, &empty] {
        let err = match store.restore(bad, now(), false) {
            Ok(_) => panic!("{} must be refused", bad.display()),
            Err(e) => e,
        };
        assert_eq!(err.kind(), "bad_backup", "{err}");
        assert!(
            err.to_string().contains("left as it was"),
            "the message says nothing changed: {err}"
        );
        assert_eq!(
            fingerprint(&path),
            before,
            "the current database is untouched"
        );
        store = Store::open(&path, now()).unwrap();
        assert_eq!(
            store.backups().unwrap(),
            backups_before,
            "a refused restore takes no backup either"
        );
    }
    assert!(
        !path.with_file_name(".evident-restore.partial").exists(),
        "no staged file is left behind"
    );
}

#[test]
fn rotation_keeps_the_newest_ten_and_one_a_month() {
    let db = TestDb::new();
    let start: NaiveDateTime = now();
    // Twenty backups, a week apart: about five months.
    for week in 0..20u64 {
        let when = start + Days::new(week * 7);
        db.store
            .backup_into_rotation(when, BackupReason::Manual)
            .unwrap();
    }
    let kept = db.store.backups().unwrap();
    let names: Vec<String> = kept
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let newest: Vec<String> = (10..20u64)
        .rev()
        .map(|w| {
            format!(
                "evident-{}-01-manual.db",
                (start + Days::new(w * 7)).format("%Y-%m-%d-%H%M%S")
            )
        })
        .collect();
    assert_eq!(
        &names[..KEEP_NEWEST],
        &newest[..],
        "the newest ten are kept"
    );
    let older_months: Vec<&str> = names[KEEP_NEWEST..].iter().map(|n| &n[8..15]).collect();
    assert_eq!(
        older_months,
        ["2027-01", "2026-12", "2026-11"],
        "and the newest of each older month"
    );
}

#[test]
fn the_first_open_of_each_day_takes_a_backup() {
    let db = TestDb::new();
    let TestDb {
        folder: _folder,
        path,
        store,
    } = db;
    drop(store);
    let count = |when| Store::open(&path, when).unwrap().backups().unwrap().len();
    assert_eq!(count(now()), 1, "the first open of the day backs up");
    assert_eq!(count(now()), 1, "the second open that day does not");
    assert_eq!(
        count(now() + Days::new(1)),
        2,
        "the next day backs up again"
    );
}

#[test]
fn integrity_reports_a_sound_database() {
    let db = TestDb::demo();
    let report = db.store.integrity().unwrap();
    assert!(report.ok, "{:?}", report.problems);
}

/// A new user kept two databases in one folder: one's daily backup counted
/// for both, and two backups made within a second replaced each other.
#[test]
fn two_databases_in_one_folder_keep_their_own_backups_and_none_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let first = Store::create(&dir.path().join("club.db"), now()).unwrap();
    let second = Store::create(&dir.path().join("club-archive.db"), now()).unwrap();
    for store in [&first, &second] {
        for _ in 0..2 {
            store
                .backup_into_rotation(now(), BackupReason::Manual)
                .unwrap();
        }
    }
    // Hidden files in the folder are the databases' open locks.
    let files = fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .filter(|e| {
            !e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.')
        })
        .count();
    assert_eq!(
        files, 4,
        "two backups each of two databases, made together, are four files"
    );
    for (store, stem) in [(&first, "club-2"), (&second, "club-archive-2")] {
        let backups = store.backups().unwrap();
        assert_eq!(backups.len(), 2, "each database lists only its own backups");
        assert!(
            backups
                .iter()
                .all(|p| p.file_name().unwrap().to_string_lossy().starts_with(stem)),
            "a backup's name says which database it holds: {backups:?}"
        );
    }
}

/// Restoring another organisation's backup over this one is refused unless
/// asked for, so that a mixed-up file never replaces the wrong records.
#[test]
fn a_backup_of_another_organisation_is_refused_unless_asked_for() {
    let ours = TestDb::demo();
    let theirs = TestDb::new();
    let copy = theirs.dir().join("theirs.db");
    theirs.store.backup_to(&copy, false).unwrap();
    let before = ours.fingerprint();
    let TestDb {
        folder: _folder,
        path,
        store,
    } = ours;
    let err = match store.restore(&copy, now(), false) {
        Ok(_) => panic!("another organisation's backup must be refused"),
        Err(e) => e,
    };
    assert_eq!(err.kind(), "bad_backup");
    assert!(err.to_string().contains("Test Youth Club"), "{err}");
    assert_eq!(fingerprint(&path), before, "nothing changed");
    let store = Store::open(&path, now()).unwrap();
    let restored = store.restore(&copy, now(), true).unwrap();
    assert_eq!(restored.organisation().unwrap().name, "Test Youth Club");
}

#[test]
fn records_are_brought_from_another_computer_where_none_are_kept_yet() {
    let db = TestDb::demo();
    let before = db.fingerprint();
    let copy = db.dir().join("from-the-old-laptop.db");
    db.store.backup_to(&copy, false).unwrap();
    let new_laptop = tempfile::tempdir().unwrap();
    let path = new_laptop.path().join("evident").join("evident.db");

    let store = Store::bring_in(&path, &copy, now(), None).unwrap();
    assert!(store.integrity().unwrap().ok);
    drop(store);
    assert_eq!(fingerprint(&path), before, "every record came across");

    // Records kept there already are never replaced this way.
    let Err(refused) = Store::bring_in(&path, &copy, now(), None) else {
        panic!("records were replaced")
    };
    assert_eq!(refused.kind(), "cannot_write", "{refused}");
    assert_eq!(fingerprint(&path), before);
}

#[test]
fn a_file_that_is_not_sound_brings_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let notes = folder.path().join("notes.db");
    fs::write(&notes, "not records at all").unwrap();
    let path = folder.path().join("new").join("evident.db");
    let Err(refused) = Store::bring_in(&path, &notes, now(), None) else {
        panic!("notes were taken for records")
    };
    assert_eq!(refused.kind(), "bad_backup", "{refused}");
    assert!(!path.exists(), "nothing was put in place");
    assert!(
        fs::read_dir(path.parent().unwrap())
            .map(|d| d.count())
            .unwrap_or(0)
            == 0,
        "no partial file is left behind"
    );
}

#[test]
fn the_command_brings_records_with_restore_when_none_are_kept_yet() {
    let db = TestDb::demo();
    let before = db.fingerprint();
    let copy = db.dir().join("copy.db");
    db.store.backup_to(&copy, false).unwrap();
    let path = db.dir().join("elsewhere").join("new.db");
    let run = crate::support::evident(&path, &["restore", copy.to_str().unwrap()]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("brought"), "{}", run.stdout);
    assert_eq!(fingerprint(&path), before);
}

#[test]
fn the_days_first_backup_can_be_taken_beside_the_records_in_use() {
    let db = TestDb::demo();
    let path = db.path.clone();
    drop(db.store);
    let before = Store::backups_of(&path).unwrap().len();
    let tomorrow = now() + Days::new(1);

    let (mut store, backup) = Store::open_leaving_the_daily_backup(&path, tomorrow, None).unwrap();
    let backup = backup.expect("the day's backup is due");
    assert_eq!(
        Store::backups_of(&path).unwrap().len(),
        before,
        "opening left the backup to its caller"
    );
    // The records are used while the backup is written beside them.
    let writing = std::thread::spawn(move || backup.take());
    store
        .add_participant(&Participant::default(), today())
        .unwrap();
    let written = writing.join().unwrap().unwrap().expect("a backup written");
    assert!(written.to_string_lossy().contains("daily"), "{written:?}");
    let written = expanded(&written);
    let people = |file: &std::path::Path| -> i64 {
        rusqlite::Connection::open(file)
            .unwrap()
            .query_row("SELECT count(*) FROM participant", [], |r| r.get(0))
            .unwrap()
    };
    let copied = people(&written);
    assert!(
        copied == people(&path) || copied == people(&path) - 1,
        "a whole copy, of the records before or after the write beside it"
    );

    // Once taken, it is not due again that day.
    drop(store);
    let (_, again) = Store::open_leaving_the_daily_backup(&path, tomorrow, None).unwrap();
    assert!(again.is_none(), "the day's backup is taken once");
}

/// The day's backup of records not locked is compressed, to a fraction of
/// the records' size, and restores as any backup does; a backup taken by
/// hand stays a database file. Locking converts the compressed ones too.
#[test]
fn the_days_backup_is_compressed_and_restores() {
    let db = TestDb::demo();
    let path = db.path.clone();
    let before = fingerprint(&path);
    drop(db.store);
    let tomorrow = now() + Days::new(1);
    let store = Store::open(&path, tomorrow).unwrap();
    let daily = store.backups().unwrap()[0].clone();
    let name = daily.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.ends_with("-daily.db.gz"), "{name}");
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(
        size(&daily) * 4 < size(&path),
        "{} bytes against the records' {}",
        size(&daily),
        size(&path)
    );
    let plain = expanded(&daily);
    assert!(std::fs::read(&plain)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));
    let manual = store
        .backup_into_rotation(tomorrow, BackupReason::Manual)
        .unwrap();
    assert!(
        manual.to_string_lossy().ends_with("-manual.db"),
        "{manual:?}"
    );

    let mut store = store;
    store
        .add_participant(&Participant::default(), today())
        .unwrap();
    assert_ne!(fingerprint(&path), before);
    let store = store.restore(&daily, tomorrow, false).unwrap();
    assert_eq!(fingerprint(&path), before, "the compressed backup restores");

    let store = store
        .set_passphrase(Some("correct horse battery staple"), tomorrow, "Jo")
        .unwrap();
    let left: Vec<PathBuf> = store
        .backups()
        .unwrap()
        .into_iter()
        .filter(|b| b.to_string_lossy().ends_with(".gz"))
        .collect();
    assert!(left.is_empty(), "locking converts every backup: {left:?}");
    assert!(
        daily.with_extension("").exists(),
        "the daily backup, converted"
    );
}

/// A made-up compressed "backup" that would expand to far more than records
/// could (a gzip bomb) is refused as it expands, and nothing changes.
#[test]
fn a_compressed_file_that_expands_without_end_is_refused() {
    let db = TestDb::demo();
    let before = fingerprint(&db.path);
    // 120 MB of zeros, compressed to 120 KB (made with Python's gzip).
    let bomb = db.dir().join("evident-2026-12-01-090000-01-daily.db.gz");
    std::fs::write(&bomb, include_bytes!("fixtures/expands-without-end.db.gz")).unwrap();
    let err = match db.store.restore(&bomb, now(), false) {
        Ok(_) => panic!("a file that expands without end is refused"),
        Err(e) => e,
    };
    assert_eq!(err.kind(), "bad_backup", "{err}");
    assert!(err.to_string().contains("expands to far more"), "{err}");
    assert_eq!(fingerprint(&db.path), before, "nothing changed");
    let staged = db.path.with_file_name(".evident-restore.partial");
    assert!(!staged.exists(), "nothing expanded is left behind");
}
