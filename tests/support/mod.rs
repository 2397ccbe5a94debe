//! Test entry points: a database in a temp folder, a fingerprint of all its
//! rows, a check that bad input is refused without a trace, and the CLI.

use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{NaiveDate, NaiveDateTime};
use evident::forms::{ParticipantForm, ProgrammeForm, SessionForm};
use evident::records::{Agreement, Calculation, Measure, Organisation};
use evident::{Result, Store};
use tempfile::TempDir;

/// The clock every test runs at.
pub fn now() -> NaiveDateTime {
    today().and_hms_opt(10, 0, 0).unwrap()
}

/// The day every test runs on.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// A short way to write a date.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A database file in its own temp folder.
pub struct TestDb {
    /// The temp folder, removed when the test ends.
    pub folder: TempDir,
    /// The database file.
    pub path: PathBuf,
    /// The store open on it.
    pub store: Store,
}

impl TestDb {
    /// A new database with an organisation and nothing else.
    pub fn new() -> TestDb {
        let db = TestDb::empty();
        let mut db = db;
        db.store
            .init_organisation(&Organisation {
                name: "Test Youth Club".into(),
                ..Organisation::default()
            })
            .unwrap();
        db
    }

    /// A new database with a youth club paid for by the council's
    /// agreement `reference` ("Youth work", April 2026 to March 2027),
    /// asking for participant rows or not.
    pub fn youth_club(reference: &str, participant_rows: bool) -> TestDb {
        let mut db = TestDb::new();
        ProgrammeForm {
            name: Some("Youth club".into()),
            ..Default::default()
        }
        .add_to(&mut db.store)
        .unwrap();
        db.store
            .add_agreement(&Agreement {
                reference: reference.into(),
                funder: "Council".into(),
                title: "Youth work".into(),
                start_date: d(2026, 4, 1),
                end_date: d(2027, 3, 31),
                programmes: vec!["Youth club".into()],
                participant_rows,
                ..Agreement::default()
            })
            .unwrap();
        db
    }

    /// A small organisation: each person's age, gender, ethnicity, area,
    /// disability and priority group, all at the youth club in Q2, on an
    /// agreement that asks for rows and counts people by their characteristics.
    pub fn small_organisation(
        people: &[(u32, usize, usize, usize, usize, usize)],
        filters: &[usize],
    ) -> TestDb {
        const GENDERS: [&str; 3] = ["Girl or woman", "Boy or man", "Non-binary"];
        const ETHNICITIES: [&str; 5] = [
            "White: English, Welsh, Scottish, Northern Irish or British",
            "White: Irish",
            "Asian or Asian British: Pakistani",
            "Black, Black British, Caribbean or African: African",
            "Mixed or multiple: White and Asian",
        ];
        const AREAS: [&str; 4] = ["Eastfield", "Northside", "Riverside", "Old Town"];
        const DISABLED: [&str; 3] = ["yes", "no", ""];
        const GROUPS: [&str; 3] = ["young carer", "free school meals", ""];
        let mut db = TestDb::youth_club("YC-1", true);
        let mut codes = Vec::new();
        for (i, &(age, gender, ethnicity, area, disabled, group)) in people.iter().enumerate() {
            codes.push(
                ParticipantForm {
                    known_as: Some(format!("Person {i}")),
                    date_of_birth: Some(d(2026 - age as i32, 1 + (i % 12) as u32, 1).to_string()),
                    gender: Some(GENDERS[gender].into()),
                    ethnicity: Some(ETHNICITIES[ethnicity].into()),
                    area: Some(AREAS[area].into()),
                    disability: Some(DISABLED[disabled].into()),
                    groups: Some(GROUPS[group].into()),
                    consent_date: Some("2026-04-01".into()),
                    ..Default::default()
                }
                .add_to(&mut db.store, today())
                .unwrap()
                .code,
            );
        }
        SessionForm {
            programme: Some("Youth club".into()),
            date: Some("2026-07-06".into()),
            duration_minutes: Some("90".into()),
            attendees: Some(codes.join(";")),
            ..Default::default()
        }
        .add_to(&mut db.store, today())
        .unwrap();
        let candidates = [
            (
                Calculation::Participants,
                "gender=Girl or woman".to_string(),
            ),
            (
                Calculation::PercentWith,
                "group=free school meals".to_string(),
            ),
            (
                Calculation::Participants,
                format!("ethnicity={}", ETHNICITIES[2]),
            ),
            (Calculation::PercentWith, "disability=yes".to_string()),
            (
                Calculation::Participants,
                format!("area={},{}", AREAS[1], AREAS[3]),
            ),
        ];
        for (n, &pick) in filters.iter().enumerate() {
            let (calculation, filter) = &candidates[pick % candidates.len()];
            db.store
                .add_measure(&Measure {
                    agreement: "YC-1".into(),
                    code: format!("M{n}"),
                    title: format!("Measure {n}"),
                    calculation: *calculation,
                    unit: calculation.unit(),
                    filter: filter.clone(),
                    ..Measure::default()
                })
                .unwrap();
        }
        db
    }

    /// A new database with no organisation.
    pub fn empty() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("evident.db");
        let store = Store::create(&path, now()).unwrap();
        TestDb {
            folder: dir,
            path,
            store,
        }
    }

    /// A new database filled with the small demo: a copy of one made once
    /// per test run (the demo writes its earlier returns' packs, which is
    /// slow to repeat in every test).
    pub fn demo() -> TestDb {
        static MADE: std::sync::OnceLock<(TempDir, PathBuf)> = std::sync::OnceLock::new();
        let (_, made) = MADE.get_or_init(|| {
            let db = TestDb::empty();
            let mut db = db;
            evident::demo::fill(
                &mut db.store,
                evident::demo::Size::Small,
                evident::demo::DEMO_DAY,
            )
            .unwrap();
            let TestDb {
                folder,
                path,
                store,
                ..
            } = db;
            drop(store);
            (folder, path)
        });
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("evident.db");
        std::fs::copy(made, &path).unwrap();
        let store = Store::open(&path, now()).unwrap();
        TestDb {
            folder: dir,
            path,
            store,
        }
    }

    /// The folder the database is in.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap()
    }

    /// Every row of every table, as text: equal fingerprints mean equal data.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.path)
    }

    /// Asserts that `action` fails with a message containing `expected` and
    /// leaves every row of the database as it was.
    pub fn refused<T: Debug>(
        &mut self,
        expected: &str,
        action: impl FnOnce(&mut Store) -> Result<T>,
    ) {
        let before = self.fingerprint();
        match action(&mut self.store) {
            Ok(v) => {
                panic!("expected a refusal mentioning {expected:?}, but it was accepted: {v:?}")
            }
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.to_lowercase().contains(&expected.to_lowercase()),
                    "the error should say {expected:?} so the user knows what to fix; it said {message:?}"
                );
            }
        }
        assert_eq!(
            before,
            self.fingerprint(),
            "a refused write must leave the database unchanged"
        );
    }
}

/// Every row of every table of records of the database at `path`, as
/// text. The history of changes is left out: a write that keeps the records
/// as they were (an import of the same file) may still note that it looked;
/// the history has tests of its own. So is what the sync keeps for itself
/// (its clock, outbox, files applied, and when records were deleted): an
/// addition undone leaves the records as they were, and a deletion noted.
pub fn fingerprint(path: &Path) -> String {
    fingerprint_without(
        path,
        &[
            "change_history",
            "deletion",
            "sync_this",
            "sync_outbox",
            "sync_applied",
        ],
    )
}

/// Every row of every table but those named, as text.
pub fn fingerprint_without(path: &Path, left_out: &[&str]) -> String {
    rows_without(path, left_out).join("\n")
}

/// Every row of every table but those named, one line each, sorted:
/// `table: column=value …`, text as it reads.
pub fn rows_without(path: &Path, left_out: &[&str]) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|r| r.unwrap())
        .filter(|t| !left_out.contains(&t.as_str()))
        .collect();
    let mut lines = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let rows = stmt
            .query_map([], |r| {
                Ok(names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| {
                        let value = match r.get_ref(i).unwrap() {
                            rusqlite::types::ValueRef::Text(t) => {
                                String::from_utf8_lossy(t).into_owned()
                            }
                            other => format!("{other:?}"),
                        };
                        format!("{n}={value}")
                    })
                    .collect::<Vec<_>>()
                    .join(" "))
            })
            .unwrap();
        lines.push(format!("## {table}"));
        for row in rows {
            lines.push(format!("{table}: {}", row.unwrap()));
        }
    }
    lines.sort();
    lines
}

/// What a run of the `evident` command gave.
pub struct Run {
    /// Whether it exited with success.
    pub ok: bool,
    /// What it printed to stdout.
    pub stdout: String,
    /// What it printed to stderr.
    pub stderr: String,
}

/// Runs `evident --db DB ARGS…`.
pub fn evident(db: &Path, args: &[&str]) -> Run {
    evident_with(db, args, &[])
}

/// Runs `evident --db DB ARGS…` with the variables `env` set.
pub fn evident_with(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_evident"))
        .arg("--db")
        .arg(db)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("the evident binary runs");
    Run {
        ok: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The database file a backup holds: the backup itself, or, for a day's
/// compressed backup (`.db.gz`), the database expanded beside it.
pub fn expanded(backup: &Path) -> std::path::PathBuf {
    if !backup.to_string_lossy().ends_with(".gz") {
        return backup.to_path_buf();
    }
    let plain = backup.with_extension("expanded");
    let mut input = flate2::read::GzDecoder::new(std::fs::File::open(backup).unwrap());
    std::io::copy(&mut input, &mut std::fs::File::create(&plain).unwrap()).unwrap();
    plain
}

/// Every file in the zip at `path`, by name.
pub fn unzip(path: &Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}
