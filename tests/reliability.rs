//! Never lose a record: each defect a fault probe found, proved fixed by a
//! test named after it (issue 12), and the tests that keep them fixed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use chrono::Days;
use evident::forms::ParticipantForm;
use evident::records::Organisation;
use evident::Store;

use crate::disks::Mounted;
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
        .filter(|p| !before.contains(p) && p.to_string_lossy().contains("-daily.db"))
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

/// Defect 1 (restore): a file that passes the first look (an `organisation`
/// table with a name, at version 1) but cannot be upgraded is refused
/// before anything is replaced.
#[test]
fn defect_1_a_backup_that_cannot_be_upgraded_is_refused_before_anything_is_replaced() {
    let (dir, path) = yesterdays_database();
    let foreign = dir.path().join("foreign.db");
    {
        let conn = rusqlite::Connection::open(&foreign).unwrap();
        conn.execute_batch(
            "CREATE TABLE organisation (id INTEGER PRIMARY KEY, name TEXT);
             INSERT INTO organisation (name) VALUES ('Hillside Play');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open(&path, now()).unwrap();
    let before = fingerprint(&path);
    let err = store
        .restore(&foreign, now(), false)
        .err()
        .expect("refused");
    assert!(
        err.to_string().contains("could not be brought up to date"),
        "{err}"
    );
    assert_eq!(before, fingerprint(&path), "the records are as they were");
    Store::open(&path, now()).expect("and still open");
}

/// Defect 8: a backup never overwrites what is not an older backup: a
/// document, a folder, or (unless asked) another backup.
#[test]
fn defect_8_a_backup_never_overwrites_a_document_or_a_folder() {
    let (dir, path) = yesterdays_database();
    let store = Store::open(&path, now()).unwrap();
    let letter = dir.path().join("letter.odt");
    std::fs::write(&letter, b"Dear funder").unwrap();
    for replace in [false, true] {
        let err = store.backup_to(&letter, replace).unwrap_err().to_string();
        assert!(err.contains("choose a new file name"), "{err}");
        assert_eq!(std::fs::read(&letter).unwrap(), b"Dear funder");
    }
    let err = store.backup_to(dir.path(), true).unwrap_err().to_string();
    assert!(err.contains("not a plain file"), "{err}");
    let copy = dir.path().join("copy.db");
    store.backup_to(&copy, false).unwrap();
    assert!(
        store.backup_to(&copy, false).is_err(),
        "not replaced unasked"
    );
    store
        .backup_to(&copy, true)
        .expect("an older backup is replaced when asked");
}

/// Defect 9: only a plain file can be attached; a pipe is refused at once
/// rather than read for ever.
#[cfg(unix)]
#[test]
fn defect_9_a_pipe_or_a_device_is_not_attached() {
    use evident::records::Attachment;
    let mut db = crate::support::TestDb::demo();
    let pipe = db.dir().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    let before = db.fingerprint();
    for file in [pipe.as_path(), Path::new("/dev/zero")] {
        let err =
            evident::evidence::attach(&mut db.store, file, Attachment::Story { story: 1 }, now())
                .unwrap_err();
        assert!(err.to_string().contains("not a plain file"), "{err}");
    }
    assert_eq!(before, db.fingerprint());
}

/// Defect 10: the demo is written all or nothing: killed part-way, it
/// leaves nothing, and the next run fills the database whole.
#[cfg(unix)]
#[test]
fn defect_10_a_demo_killed_part_way_leaves_nothing_and_runs_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    for wait in [30u64, 80, 150, 250] {
        let _ = std::fs::remove_file(&path);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_evident"))
            .arg("--db")
            .arg(&path)
            .args(["demo", "--today", "2026-04-08"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(wait));
        let _ = child.kill();
        let _ = child.wait();
        let rerun = crate::support::evident(&path, &["demo", "--today", "2026-04-08"]);
        let complete = |path: &Path| {
            let store = Store::open(path, now()).unwrap();
            (
                store.participants(true).unwrap().len(),
                store.sessions(&Default::default()).unwrap().len(),
            )
        };
        if rerun.ok || rerun.stderr.contains("already") {
            assert_eq!(
                complete(&path),
                (60, 161),
                "after a kill at {wait} ms: {}",
                rerun.stderr
            );
        } else {
            panic!(
                "the demo could not run again after a kill at {wait} ms: {}",
                rerun.stderr
            );
        }
    }
}

/// Defect 11: what an interrupted restore or backup left behind is cleaned
/// up on open (once it is an hour old), and nothing else is.
#[test]
fn defect_11_leftover_temporary_files_are_cleaned_on_open() {
    let (dir, path) = yesterdays_database();
    let backups = Store::backup_folder_for(&path);
    std::fs::create_dir_all(&backups).unwrap();
    let old = [
        dir.path().join(".evident-restore.partial"),
        dir.path().join(".evident-restore.partial-journal"),
        backups.join(".evident-2026-01-01-100000-01-manual.db.partial"),
    ];
    let fresh = backups.join(".evident-2026-11-25-100000-01-manual.db.partial");
    let kept = dir.path().join("notes.txt");
    for f in old.iter().chain([&fresh, &kept]) {
        std::fs::write(f, b"x").unwrap();
    }
    let hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 3600);
    for f in &old {
        std::fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(hours_ago)
            .unwrap();
    }
    Store::open(&path, now()).unwrap();
    for f in &old {
        assert!(!f.exists(), "{f:?} was left behind");
    }
    assert!(
        fresh.exists(),
        "a write that may be in progress is left alone"
    );
    assert!(kept.exists(), "the user's own files are left alone");
}

/// Defect 13: a backup's committed changes kept only in its write-ahead log
/// are restored with it.
#[test]
fn defect_13_a_backups_write_ahead_log_is_restored_with_it() {
    let (dir, path) = yesterdays_database();
    let source = dir.path().join("source.db");
    {
        let mut store = Store::create(&source, now()).unwrap();
        store
            .init_organisation(&Organisation {
                name: "Hillside Play".into(),
                ..Organisation::default()
            })
            .unwrap();
    }
    let copy = dir.path().join("copy.db");
    {
        let mut store = Store::open(&source, now()).unwrap();
        let conn = rusqlite::Connection::open(&source).unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        ParticipantForm {
            known_as: Some("Only in the log".into()),
            ..Default::default()
        }
        .add_to(&mut store, today())
        .unwrap();
        // Copied while open: the new child is in the -wal file alone.
        std::fs::copy(&source, &copy).unwrap();
        std::fs::copy(
            dir.path().join("source.db-wal"),
            dir.path().join("copy.db-wal"),
        )
        .unwrap();
        drop(conn);
    }
    let restored = Store::open(&path, now())
        .unwrap()
        .restore(&copy, now(), false)
        .unwrap();
    let names: Vec<String> = restored
        .participants(true)
        .unwrap()
        .into_iter()
        .map(|p| p.known_as)
        .collect();
    assert_eq!(names, ["Only in the log"]);
}

/// Defect 14: records, backups and the folders Evident makes are readable
/// by the user alone; a very long organisation name still gives a pack a
/// file name the disk accepts.
#[cfg(unix)]
#[test]
fn defect_14_records_are_private_and_a_long_name_gives_a_short_file_name() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join("evident.db");
    let store = Store::create(&path, now()).unwrap();
    let backup = store
        .backup_into_rotation(now(), evident::store::BackupReason::Manual)
        .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600, "the database");
    assert_eq!(mode(&backup), 0o600, "a backup");
    assert_eq!(
        mode(path.parent().unwrap()),
        0o700,
        "the folder Evident made"
    );
    assert_eq!(
        mode(&Store::backup_folder_for(&path)),
        0o700,
        "the backups folder"
    );
    let name = evident::pack::default_file_name(&"Ω".repeat(200), "NBC-CYP-01", "2025-26 Q4", true);
    assert!(name.len() <= 200, "{} bytes", name.len());
    assert!(name.ends_with("-NBC-CYP-01-2025-26-Q4-DRAFT.zip"), "{name}");
}

/// Defect 5: a small workbook with one cell far out (`XFD1048576`, or
/// `XFD8000`) is refused with a plain message, in both imports, without
/// reserving memory for the empty cells; a workbook built to unpack to
/// gigabytes is refused from its directory before anything is unpacked.
#[test]
fn defect_5_a_far_cell_or_a_zip_bomb_is_refused_without_exhausting_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = crate::support::TestDb::new();
    for (row, name) in [(1_048_575u32, "far.xlsx"), (7_999, "farish.xlsx")] {
        let path = dir.path().join(name);
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "code").unwrap();
        sheet.write_string(row, 16_383, "x").unwrap();
        book.save(&path).unwrap();
        let before = db.fingerprint();
        let err = evident::import::run(
            &mut db.store,
            evident::import::Kind::Participants,
            &path,
            false,
            today(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("column 16384") && err.contains("1000 columns"),
            "{err}"
        );
        let err = evident::framework::import(&mut db.store, &path, false)
            .unwrap_err()
            .to_string();
        assert!(!err.is_empty());
        assert_eq!(before, db.fingerprint());
    }

    // A bomb's directory says how big it unpacks: here 300 MB (written
    // into a small zip's directory, as a bomb's would say).
    let bomb = dir.path().join("bomb.xlsx");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file(
            "xl/worksheets/sheet1.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(b"<worksheet/>").unwrap();
        let mut bytes = zip.finish().unwrap().into_inner();
        let directory = bytes
            .windows(4)
            .position(|w| w == b"PK\x01\x02")
            .expect("a central directory");
        bytes[directory + 24..directory + 28].copy_from_slice(&314_572_800u32.to_le_bytes());
        std::fs::write(&bomb, bytes).unwrap();
    }
    let err = evident::import::run(
        &mut db.store,
        evident::import::Kind::Participants,
        &bomb,
        false,
        today(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("would unpack to 314 MB"), "{err}");
}

/// Found by the fuzz target (`fuzz/`): a damaged `.xls` whose sector chain
/// points past its own end made the workbook reader index out of bounds and
/// take the command down; another whose cells reach column 65,535 on row
/// 65,535 made it ask for 137 GB and abort; and a third, damaged where a
/// strict check of its cells could not follow the reader, still took 4 GB.
/// The `.xls` reader lays every sheet out whole before anything can be
/// checked, so old Excel files are not read at all: both imports refuse
/// them, saying how to save them as `.xlsx`, and nothing is written.
#[test]
fn fuzz_finding_1_an_old_excel_file_never_reaches_its_reader() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = crate::support::TestDb::new();
    let before = db.fingerprint();
    for name in ["fuzz-damaged.xls", "fuzz-far-cells.xls", "fuzz-oom.xls"] {
        let path = dir.path().join(name);
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            &path,
        )
        .unwrap();
        let err = evident::import::run(
            &mut db.store,
            evident::import::Kind::Participants,
            &path,
            false,
            today(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains(&format!("{name} is an old Excel file"))
                && err.contains("save it as .xlsx"),
            "{err}"
        );
        let err = evident::framework::import(&mut db.store, &path, false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("old Excel file"), "{err}");
    }
    assert_eq!(before, db.fingerprint());
}

/// An `.ods` whose repeated rows and cells spell out billions of cells in a
/// few KB (the `.xls` finding's bomb, in the other format whose reader lays
/// a sheet out whole) is refused from what it says of itself, before it is
/// read; nothing is written.
#[test]
fn fuzz_finding_2_an_ods_spanning_billions_of_cells_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let ods = dir.path().join("bomb.ods");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&ods).unwrap());
        let stored = zip::write::SimpleFileOptions::default();
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("content.xml", stored).unwrap();
        zip.write_all(b"<office:document-content><office:body><office:spreadsheet><table:table table:name=\"Register\"><table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>").unwrap();
        zip.finish().unwrap();
    }
    let mut db = crate::support::TestDb::new();
    let before = db.fingerprint();
    let err = evident::import::run(
        &mut db.store,
        evident::import::Kind::Participants,
        &ods,
        false,
        today(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("span") && err.contains("delete the rows and columns beyond your table"),
        "{err}"
    );
    let err = evident::framework::import(&mut db.store, &ods, false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("span"), "{err}");
    assert_eq!(before, db.fingerprint());
}

/// Defect 12: the import gaps. A column given twice, a NUL in a name,
/// volunteer hours of 1e308, dates in the year 1 or 9999 or years ahead
/// are problems, and nothing is written; a huge cell is quoted short.
#[test]
fn defect_12_import_gaps_are_problems_and_nothing_is_written() {
    let mut db = crate::support::TestDb::new();
    evident::forms::ProgrammeForm {
        name: Some("Youth club".into()),
        ..Default::default()
    }
    .add_to(&mut db.store)
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let before = db.fingerprint();
    let run = |db: &mut crate::support::TestDb, kind, name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        evident::import::run(&mut db.store, kind, &path, false, today())
            .unwrap_err()
            .problems()
            .expect("problems listed")
            .to_vec()
    };
    use evident::import::Kind;
    let twice = run(
        &mut db,
        Kind::Participants,
        "twice.csv",
        "code,known_as,known_as\nP0001,Amara,Ben\n".into(),
    );
    assert!(
        twice
            .iter()
            .any(|p| p.why.contains("known_as is there 2 times")),
        "{twice:?}"
    );
    let nul = run(
        &mut db,
        Kind::Participants,
        "nul.csv",
        "code,known_as\nP0001,Am\0ara\n".into(),
    );
    assert!(
        nul.iter().any(|p| p.why.contains("control character")),
        "{nul:?}"
    );
    let sessions = run(
        &mut db,
        Kind::Sessions,
        "sessions.csv",
        "session_ref,programme,date,duration_minutes,volunteer_hours\n\
         A,Youth club,2026-03-05,120,1e308\n\
         B,Youth club,0001-01-01,120,2\n\
         C,Youth club,9999-12-31,120,2\n\
         D,Youth club,2031-01-01,120,2\n"
            .into(),
    );
    let why = |line: usize| -> String {
        sessions
            .iter()
            .filter(|p| p.line == Some(line))
            .map(|p| p.why.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    assert!(
        why(2).contains("volunteer_hours") || why(2).contains("not a number"),
        "{}",
        why(2)
    );
    assert!(why(3).contains("out of range"), "{}", why(3));
    assert!(why(4).contains("out of range"), "{}", why(4));
    assert!(why(5).contains("more than a year ahead"), "{}", why(5));
    let huge = "x".repeat(100_000);
    let long = run(
        &mut db,
        Kind::Participants,
        "long.csv",
        format!("code,known_as,date_of_birth\nP0001,Amara,{huge}\n"),
    );
    assert!(
        long.iter().all(|p| p.value.len() < 200),
        "a huge cell is quoted short"
    );
    assert_eq!(before, db.fingerprint(), "nothing written");
}

/// Defect 7: a full disk and a read-only folder are said as such, never as
/// "not an Evident database … restore a backup", and nothing is changed;
/// with space again, the records open.
#[cfg(unix)]
#[test]
fn defect_7_a_full_or_read_only_disk_is_named_and_nothing_changes() {
    let Some(disk) = Mounted::tmpfs("2m") else {
        return;
    };
    let path = disk.0.join("evident.db");
    {
        let mut store = Store::create(&path, now() - Days::new(1)).unwrap();
        store
            .init_organisation(&Organisation {
                name: "Hillside Play".into(),
                ..Organisation::default()
            })
            .unwrap();
    }
    // Fill the disk to the last few KB.
    let filler = disk.0.join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut file, &block).is_ok() {}
    let _ = file.sync_all();
    drop(file);
    let before = std::fs::read(&path).unwrap();
    if let Err(err) = Store::open(&path, now()) {
        let text = err.to_string();
        assert!(
            text.contains("disk is full") && !text.contains("restore a backup"),
            "{text}"
        );
    }
    assert_eq!(before, std::fs::read(&path).unwrap(), "nothing was changed");
    std::fs::remove_file(&filler).unwrap();
    let store = Store::open(&path, now()).expect("with space again, the records open");
    assert_eq!(store.organisation().unwrap().name, "Hillside Play");
    drop(store);

    assert!(disk.read_only(), "the tmpfs remounts read-only");
    let err = Store::open(&path, now() + Days::new(1)).err();
    if let Some(err) = err {
        let text = err.to_string();
        assert!(
            text.contains("read-only") && !text.contains("restore a backup"),
            "{text}"
        );
    }
}

/// A database with a few hundred people, made yesterday, and a good
/// backup of it: for the damage tests.
fn damaged_setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, path) = yesterdays_database();
    {
        let mut store = Store::open(&path, now() - Days::new(1)).unwrap();
        for i in 0..300 {
            ParticipantForm {
                known_as: Some(format!("Child {i} with a name long enough to fill pages")),
                ..Default::default()
            }
            .add_to(&mut store, today())
            .unwrap();
        }
    }
    let good = dir.path().join("good-backup.db");
    Store::open(&path, now() - Days::new(1))
        .unwrap()
        .backup_to(&good, false)
        .unwrap();
    (dir, path, good)
}

/// Defect 6: a database truncated to half, or with a page overwritten, is
/// found damaged when opened (the message says where the backups are),
/// left as it is, never backed up over good backups; and a restore of a
/// good backup works on it, setting the damaged file aside.
#[test]
fn defect_6_a_damaged_database_is_found_set_aside_and_restored() {
    for damage in ["truncated", "page overwritten", "random bytes"] {
        let (dir, path, good) = damaged_setup();
        let bytes = std::fs::read(&path).unwrap();
        match damage {
            "truncated" => std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap(),
            "page overwritten" => {
                let mut b = bytes.clone();
                let page = 4096 * 3;
                for x in &mut b[page..page + 4096] {
                    *x = 0x5a;
                }
                std::fs::write(&path, b).unwrap();
            }
            _ => {
                let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(6);
                let mut b = bytes.clone();
                for _ in 0..64 {
                    let at = rand::RngExt::random_range(&mut rng, 100..b.len());
                    b[at] = rand::RngExt::random(&mut rng);
                }
                std::fs::write(&path, b).unwrap();
            }
        }
        let damaged = std::fs::read(&path).unwrap();
        let backups_before = backups_in_folder(&path);
        let err = Store::open(&path, now()).err().map(|e| e.to_string());
        if let Some(err) = &err {
            assert!(
                err.contains("damaged") && err.contains("backup"),
                "{damage}: {err}"
            );
        }
        assert_eq!(
            damaged,
            std::fs::read(&path).unwrap(),
            "{damage}: left as it is"
        );
        let new_daily: Vec<_> = backups_in_folder(&path)
            .into_iter()
            .filter(|p| !backups_before.contains(p))
            .collect();
        if err.is_some() {
            assert!(
                new_daily.is_empty(),
                "{damage}: a damaged file was backed up: {new_daily:?}"
            );
        }

        let restored = Store::restore_at(&path, &good, now(), false, None)
            .unwrap_or_else(|e| panic!("{damage}: the good backup restores: {e}"));
        assert_eq!(restored.participants(true).unwrap().len(), 300, "{damage}");
        assert!(restored.integrity().unwrap().ok);
        let kept = backups_in_folder(&path);
        assert!(
            err.is_none()
                || kept.iter().any(|p| {
                    p.to_string_lossy().ends_with("-damaged.db")
                        && std::fs::read(p).map(|b| b == damaged).unwrap_or(false)
                }),
            "{damage}: the damaged file is kept aside, as it was: {kept:?}"
        );
        assert!(!dir.path().join(".evident-restore.partial").exists());
    }
}

/// Defect 2: a restore while another window or command has the records
/// open (an import running, say) is refused, so that nothing that process
/// reports saved is lost; once it has finished, the restore goes ahead.
#[test]
fn defect_2_a_restore_waits_for_no_one_and_refuses_while_the_records_are_open_elsewhere() {
    let (dir, path) = yesterdays_database();
    let backup = dir.path().join("backup.db");
    Store::open(&path, now())
        .unwrap()
        .backup_to(&backup, false)
        .unwrap();
    let mut importing = Store::open(&path, now()).unwrap();
    ParticipantForm {
        known_as: Some("Saved by the import".into()),
        ..Default::default()
    }
    .add_to(&mut importing, today())
    .unwrap();
    let err = Store::restore_at(&path, &backup, now(), false, None)
        .err()
        .expect("refused while the import has the records open")
        .to_string();
    assert!(err.contains("open in another window or command"), "{err}");
    let names: Vec<String> = importing
        .participants(true)
        .unwrap()
        .into_iter()
        .map(|p| p.known_as)
        .collect();
    assert_eq!(
        names,
        ["Saved by the import"],
        "the import's record is there"
    );
    drop(importing);
    let restored = Store::restore_at(&path, &backup, now(), false, None).expect("then it restores");
    assert!(restored.participants(true).unwrap().is_empty());
    let before_restore = restored
        .backups()
        .unwrap()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("before-restore"))
        .expect("what was there is backed up first");
    let kept = Store::open(&before_restore, now()).unwrap();
    assert_eq!(
        kept.participants(true).unwrap().len(),
        1,
        "with the import's record"
    );
}

/// Damage to the write-ahead log (its frames overwritten, as a crash or a
/// bad disk might leave it): the database opens sound, with at least every
/// record saved before the log, or says it is damaged; it never opens
/// half-read.
#[test]
fn a_damaged_write_ahead_log_never_leaves_the_records_half_read() {
    for seed in 0..6u64 {
        let (dir, path) = yesterdays_database();
        let wal = dir.path().join("evident.db-wal");
        let copy = dir.path().join("copy.db");
        {
            let mut store = Store::open(&path, now()).unwrap();
            ParticipantForm {
                known_as: Some("Before the log".into()),
                ..Default::default()
            }
            .add_to(&mut store, today())
            .unwrap();
            store.check_integrity().unwrap();
        }
        // Written again and copied while open, so the new child is in the
        // log alone; then the log is damaged.
        {
            let mut store = Store::open(&path, now()).unwrap();
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
            ParticipantForm {
                known_as: Some("Only in the log".into()),
                ..Default::default()
            }
            .add_to(&mut store, today())
            .unwrap();
            std::fs::copy(&path, &copy).unwrap();
            let mut log = std::fs::read(&wal).unwrap();
            let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(seed);
            for _ in 0..32 {
                let at = rand::RngExt::random_range(&mut rng, 32..log.len());
                log[at] = rand::RngExt::random(&mut rng);
            }
            std::fs::write(dir.path().join("copy.db-wal"), log).unwrap();
            drop(conn);
        }
        match Store::open(&copy, now()) {
            Ok(store) => {
                assert!(store.integrity().unwrap().ok, "seed {seed}: opened unsound");
                let names: Vec<String> = store
                    .participants(true)
                    .unwrap()
                    .into_iter()
                    .map(|p| p.known_as)
                    .collect();
                assert!(
                    names.contains(&"Before the log".to_string()),
                    "seed {seed}: {names:?}"
                );
            }
            Err(e) => assert!(e.to_string().contains("damaged"), "seed {seed}: {e}"),
        }
    }
}

/// The app's day's check runs beside the window (`DailyBackup::take`): a
/// page overwritten is found there as damage, and nothing is backed up
/// over the good backups.
#[test]
fn the_days_check_beside_the_window_finds_damage_and_backs_nothing_up() {
    let (_dir, path, _good) = damaged_setup();
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096 * 3;
    for x in &mut bytes[page..page + 4096] {
        *x = 0x5a;
    }
    std::fs::write(&path, bytes).unwrap();
    let backups_before = backups_in_folder(&path);
    match Store::open_leaving_the_daily_backup(&path, now(), None) {
        // Damage seen while opening is as good: said before anything is used.
        Err(e) => assert_eq!(e.kind(), "damaged", "{e}"),
        Ok((_store, backup)) => {
            let found = backup
                .expect("the day's check is due")
                .take()
                .expect_err("the check finds the damage");
            assert_eq!(found.kind(), "damaged", "{found}");
        }
    }
    assert_eq!(backups_in_folder(&path), backups_before, "no backup taken");
}
