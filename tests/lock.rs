//! The lock (issue 13): locked records and their backups hold no name in
//! their bytes; a wrong or missing passphrase is refused and the file's
//! SHA-256 is unchanged; locking survives a kill at any moment (the old
//! file or the new one is whole); unlocking for good gives plain files.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use evident::Store;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::support::{now, TestDb};

const PASSPHRASE: &str = "correct horse battery";

fn holds(path: &Path, text: &str) -> bool {
    std::fs::read(path)
        .unwrap()
        .windows(text.len())
        .any(|w| w == text.as_bytes())
}

fn sha(path: &Path) -> String {
    evident::evidence::sha256(&std::fs::read(path).unwrap())
}

/// The database file, its write-ahead log if any, and every backup.
fn every_file(path: &Path) -> Vec<PathBuf> {
    let mut files = vec![path.to_path_buf()];
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    files.push(PathBuf::from(wal));
    files.extend(Store::backups_of(path).unwrap());
    files.into_iter().filter(|f| f.is_file()).collect()
}

#[test]
fn locked_records_and_their_backups_hold_no_name() {
    let db = TestDb::demo();
    let names: Vec<String> = db
        .store
        .participants(true)
        .unwrap()
        .into_iter()
        .map(|p| p.known_as)
        .take(10)
        .collect();
    let path = db.path.clone();
    db.store
        .backup_into_rotation(now(), evident::store::BackupReason::Manual)
        .unwrap();
    assert!(holds(&path, &names[0]), "a plain file holds the names");
    let store = db
        .store
        .set_passphrase(Some(PASSPHRASE), now(), "Jo")
        .unwrap();
    assert!(store.is_locked());
    store
        .backup_into_rotation(now(), evident::store::BackupReason::Manual)
        .unwrap();
    drop(store);
    let files = every_file(&path);
    assert!(
        files.len() >= 3,
        "the records and at least two backups: {files:?}"
    );
    for file in &files {
        for name in &names {
            assert!(
                !holds(file, name),
                "{name} is readable in {}",
                file.display()
            );
        }
    }
    // With the passphrase, everything opens, and a backup restores.
    let store = Store::open_with(&path, now(), Some(PASSPHRASE)).unwrap();
    assert_eq!(store.participants(true).unwrap()[0].known_as, names[0]);
    drop(store);
    let (store, _) = Store::restore_newest_at(&path, now(), Some(PASSPHRASE)).unwrap();
    assert!(store.is_locked());
    // Unlocked for good: plain again, backups too.
    let store = store.set_passphrase(None, now(), "Jo").unwrap();
    assert!(!store.is_locked());
    assert_eq!(
        store
            .privacy_log()
            .unwrap()
            .iter()
            .map(|a| a.action.as_str())
            .collect::<Vec<_>>(),
        ["unlocked for good", "locked with a passphrase"],
        "the privacy log notes the lock"
    );
    drop(store);
    for file in every_file(&path) {
        if !file.to_string_lossy().ends_with("-wal") {
            assert!(
                std::fs::read(&file)
                    .unwrap()
                    .starts_with(b"SQLite format 3\0"),
                "{} is plain again",
                file.display()
            );
        }
    }
    assert!(Store::open(&path, now()).is_ok());
}

#[test]
fn a_wrong_or_missing_passphrase_is_refused_and_the_file_is_untouched() {
    let db = TestDb::new();
    let path = db.path.clone();
    db.store
        .set_passphrase(Some(PASSPHRASE), now(), "Jo")
        .unwrap();
    let before = sha(&path);
    for given in [None, Some("Correct horse battery"), Some("")] {
        let err = Store::open_with(&path, now(), given)
            .err()
            .expect("refused");
        assert_eq!(err.kind(), "locked", "{err}");
        let wrong = given.is_some_and(|g| !g.is_empty());
        assert_eq!(
            err.to_string().contains("not the one"),
            wrong,
            "{given:?}: {err}"
        );
        assert_eq!(before, sha(&path), "the file is untouched");
    }
    let store = Store::open_with(&path, now(), Some(PASSPHRASE)).unwrap();
    assert_eq!(store.organisation().unwrap().name, "Test Youth Club");
    let short = store
        .set_passphrase(Some("short"), now(), "Jo")
        .err()
        .unwrap();
    assert_eq!(short.field(), Some("passphrase"));
    // Records that are not locked open whatever passphrase is given.
    let plain = TestDb::new();
    let path = plain.path.clone();
    drop(plain.store);
    assert!(Store::open_with(&path, now(), Some("anything at all")).is_ok());
}

/// `evident lock on` is killed at random moments, 24 times: after each,
/// the records open either as they were (plain) or locked, whole, with
/// every person there; so does every backup.
#[cfg(unix)]
#[test]
fn locking_survives_a_kill_at_any_moment() {
    let demo = TestDb::demo();
    let people = demo.store.participants(true).unwrap().len();
    let original = demo.path.clone();
    drop(demo.store);
    let dir = tempfile::tempdir().unwrap();
    let lock_on = |db: &Path| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_evident"));
        c.arg("--db")
            .arg(db)
            .args(["lock", "on"])
            .env("EVIDENT_NEW_PASSPHRASE", PASSPHRASE)
            .env_remove("EVIDENT_PASSPHRASE")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    // How long a whole conversion takes, to kill within it.
    let path = dir.path().join("timed.db");
    std::fs::copy(&original, &path).unwrap();
    let started = Instant::now();
    assert!(lock_on(&path).status().unwrap().success());
    let whole = started.elapsed();
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    let (mut plain, mut locked) = (0, 0);
    for round in 0..24 {
        let path = dir.path().join(format!("round-{round}.db"));
        std::fs::copy(&original, &path).unwrap();
        let mut child = lock_on(&path).spawn().unwrap();
        let wait = whole.mul_f64(rng.random_range(0.0..1.2));
        std::thread::sleep(wait.min(Duration::from_secs(5)));
        let _ = child.kill();
        let _ = child.wait();
        for file in every_file(&path) {
            if file.to_string_lossy().ends_with("-wal") {
                continue;
            }
            // A day's compressed backup is whole once expanded.
            let file = crate::support::expanded(&file);
            let (store, was_locked) = match Store::open_with(&file, now(), None) {
                Ok(store) => (store, false),
                Err(e) => {
                    assert_eq!(e.kind(), "locked", "{}: {e}", file.display());
                    (
                        Store::open_with(&file, now(), Some(PASSPHRASE)).unwrap(),
                        true,
                    )
                }
            };
            assert!(store.integrity().unwrap().ok, "{} is whole", file.display());
            assert_eq!(store.participants(true).unwrap().len(), people);
            if file == path {
                if was_locked {
                    locked += 1;
                } else {
                    plain += 1;
                }
            }
        }
    }
    eprintln!(
        "lock kill test: 24 kills during a {:.0} ms conversion; {plain} left plain, {locked} locked, every file whole",
        whole.as_secs_f64() * 1000.0
    );
    assert!(
        plain > 0 && locked > 0,
        "kills landed before and after the swap"
    );
}

/// A file that only looks locked (unlocked records whose first page was
/// overwritten) is mended from a plain backup; truly locked records are
/// never replaced by a restore that lacks their passphrase.
#[test]
fn a_file_that_only_looks_locked_is_mended_and_locked_records_are_never_replaced_without_the_passphrase(
) {
    let db = TestDb::new();
    let path = db.path.clone();
    db.store
        .backup_into_rotation(now(), evident::store::BackupReason::Manual)
        .unwrap();
    drop(db.store);
    let mut bytes = std::fs::read(&path).unwrap();
    for (i, b) in bytes.iter_mut().take(4096).enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path, now()).err().unwrap();
    assert_eq!(err.kind(), "locked", "{err}");
    let (store, _) = Store::restore_newest_at(&path, now(), None).unwrap();
    assert_eq!(store.organisation().unwrap().name, "Test Youth Club");
    drop(store);

    let locked = TestDb::new();
    let path = locked.path.clone();
    locked
        .store
        .set_passphrase(Some(PASSPHRASE), now(), "Jo")
        .unwrap();
    let before = sha(&path);
    let err = Store::restore_newest_at(&path, now(), None).err().unwrap();
    assert_eq!(err.kind(), "bad_backup", "{err}");
    assert!(
        err.to_string().contains("locked with a passphrase"),
        "{err}"
    );
    assert_eq!(before, sha(&path), "the locked records are where they were");
}

#[test]
fn locked_records_brought_from_another_computer_need_their_passphrase() {
    let db = TestDb::demo();
    let names = db.store.participants(true).unwrap()[0].known_as.clone();
    let store = db
        .store
        .set_passphrase(Some(PASSPHRASE), now(), "Jo")
        .unwrap();
    let copy = db.folder.path().join("locked-copy.db");
    store.backup_to(&copy, false).unwrap();
    let new_laptop = tempfile::tempdir().unwrap();
    let path = new_laptop.path().join("evident.db");

    let Err(asked) = Store::bring_in(&path, &copy, now(), None) else {
        panic!("locked records opened without their passphrase")
    };
    assert!(
        matches!(asked, evident::Error::Locked { wrong: false, .. }),
        "{asked}"
    );
    let Err(wrong) = Store::bring_in(&path, &copy, now(), Some("not it")) else {
        panic!("a wrong passphrase opened them")
    };
    assert!(
        matches!(wrong, evident::Error::Locked { wrong: true, .. }),
        "{wrong}"
    );
    assert!(!path.exists(), "nothing was put in place");

    let store = Store::bring_in(&path, &copy, now(), Some(PASSPHRASE)).unwrap();
    assert!(store.is_locked(), "the records stay locked");
    assert_eq!(store.participants(true).unwrap()[0].known_as, names);
    drop(store);
    assert!(!holds(&path, &names), "the brought records are encrypted");
}

/// A lock cut short (the laptop switched off part way) can leave backups
/// that are not locked beside locked records, a day's compressed one
/// among them: the next open with the passphrase locks them, and every
/// file then holds no name and opens with it.
#[test]
fn backups_a_lock_cut_short_left_plain_are_locked_at_the_next_open() {
    let db = TestDb::demo();
    let path = db.path.clone();
    let name = db.store.participants(true).unwrap()[0].known_as.clone();
    let plain_copy = db.dir().join("plain-copy.db");
    db.store.backup_to(&plain_copy, false).unwrap();
    let store = db
        .store
        .set_passphrase(Some(PASSPHRASE), now(), "Jo")
        .unwrap();
    drop(store);
    // What the cut-short lock left: one backup as a database file, and one
    // compressed, neither locked.
    let folder = Store::backup_folder_for(&path);
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    let left = folder.join(format!("{stem}-2026-01-05-090000-01-manual.db"));
    std::fs::copy(&plain_copy, &left).unwrap();
    let compressed = folder.join(format!("{stem}-2026-01-06-090000-01-daily.db.gz"));
    {
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&compressed).unwrap(),
            flate2::Compression::fast(),
        );
        std::io::copy(&mut std::fs::File::open(&plain_copy).unwrap(), &mut gz).unwrap();
        gz.finish().unwrap();
    }
    assert!(holds(&left, &name), "a backup left plain holds the names");

    let store = Store::open_with(&path, now(), Some(PASSPHRASE)).unwrap();
    drop(store);
    assert!(
        !compressed.exists(),
        "the compressed one is expanded and locked"
    );
    assert!(left.exists() && compressed.with_extension("").exists());
    for file in every_file(&path) {
        assert!(
            !holds(&file, &name),
            "{name} is readable in {}",
            file.display()
        );
        if !file.to_string_lossy().ends_with("-wal") {
            let opened = Store::open_with(&file, now(), Some(PASSPHRASE)).unwrap();
            assert!(opened.is_locked(), "{} is locked", file.display());
        }
    }
}
