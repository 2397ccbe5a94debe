//! The core's benchmarks (criterion), on the deterministic demos that
//! `cargo xtask bench` builds (`EVIDENT_BENCH_DATA` names the folder holding
//! `large.db` and `huge.db`), each beside its floor measured in the same run:
//!
//! - `read-floor`: the rows one period's measures need, read with plain SQL
//!   (the period's year of attendances, the agreement's sessions, the
//!   assessments to its end);
//! - `measures-one-period`, `measures-all-periods`: every measure of the
//!   council contract for one period (this period and year to date), and
//!   for every period of the agreement;
//! - `pack-one-period`: that period's whole returns pack, written to disk;
//!   `pack-floor`: the same rows read with plain SQL from the year start of
//!   the first period the pack's Trend shows (the pack computes each of
//!   them, with its year to date), plus writing the same cells as the pack's
//!   workbook with rust_xlsxwriter in a bare loop;
//! - `pack-with-form`, `pack-without-form` (large): the same pack from a
//!   copy keeping the council's own form mapped, and from one keeping none;
//! - `open`, `open-floor`: opening the records with their checks, against
//!   opening the SQLite file and reading one row; `open-first-of-day` (huge):
//!   what the window waits for at the day's first open, and `daily-backup`,
//!   the check for damage and the backup it leaves to run beside it;
//! - `register-save` (large): saving a register of 30 children (synced to
//!   disk), against `register-floor`, the same rows inserted with plain SQL;
//! - `import-attendance` (large): 100,000 attendance rows from CSV, against
//!   `import-floor`, the same rows inserted with plain SQL;
//! - `get-1000-marks` (large): a laptop joined from the large demo gets a
//!   file of 1,000 register marks from the laptop it joined, against
//!   `import-1000-marks`, the same marks imported from a CSV;
//! - `grid/register-grid-300x200`: a register grid of 300 children by 200
//!   dates into new records, against `grid/long-format-same-marks`, the
//!   same children, sessions and marks as the three long-format imports.
//!
//! xtask reads criterion's estimates and prints each as a ratio to its floor.
//! `EVIDENT_BENCH_SIZES=large` leaves out the huge demo, for a quick run.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, NaiveDateTime};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use evident::demo::COUNCIL_CONTRACT;
use evident::forms::SessionForm;
use evident::measures::Workbench;
use evident::Store;
use rusqlite::Connection;

const PERIOD: &str = "2025-26 Q4";

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

/// The demos to time: `large` and `huge`, or those `EVIDENT_BENCH_SIZES`
/// names (`large` alone for a quick run while working).
fn sizes() -> Vec<String> {
    std::env::var("EVIDENT_BENCH_SIZES")
        .unwrap_or_else(|_| "large,huge".to_string())
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The demo database of `size`, copied into `into` so that a benchmark
/// that writes never changes the shared one.
fn demo(size: &str) -> PathBuf {
    let folder = std::env::var_os("EVIDENT_BENCH_DATA")
        .map(PathBuf::from)
        .expect("EVIDENT_BENCH_DATA names the demo databases (cargo xtask bench builds them)");
    folder.join(format!("{size}.db"))
}

fn copy_of(size: &str, into: &Path) -> PathBuf {
    let copy = into.join(format!("{size}.db"));
    std::fs::copy(demo(size), &copy).expect("a copy of the demo");
    copy
}

/// The rows the council contract's measures read for one period, with
/// plain SQL: what any program computing them must at least fetch.
fn read_floor(conn: &Connection, year_start: &str, end: &str) -> usize {
    let programmes = "SELECT ap.programme_id FROM agreement_programme ap JOIN agreement a
        ON a.id = ap.agreement_id WHERE a.reference = ?1";
    let mut rows = 0;
    for (sql, params) in [
        (
            format!(
                "SELECT a.participant_id, a.session_id, a.date, p.date_of_birth, p.gender
                FROM attendance a JOIN participant p ON p.id = a.participant_id
                WHERE a.programme_id IN ({programmes}) AND a.date BETWEEN ?2 AND ?3"
            ),
            [COUNCIL_CONTRACT, year_start, end],
        ),
        (
            format!(
                "SELECT id, date, duration_minutes, headcount FROM session
                WHERE programme_id IN ({programmes}) AND date BETWEEN ?2 AND ?3"
            ),
            [COUNCIL_CONTRACT, year_start, end],
        ),
        (
            "SELECT participant_id, indicator_id, date, score FROM assessment
                WHERE date <= ?3 AND ?1 <> '' AND ?2 <> ''"
                .to_string(),
            [COUNCIL_CONTRACT, year_start, end],
        ),
    ] {
        let mut statement = conn.prepare_cached(&sql).expect("the floor's query");
        let mut found = statement.query(params).expect("the floor's rows");
        while let Some(row) = found.next().expect("a row") {
            std::hint::black_box(row.get_ref(0).ok());
            rows += 1;
        }
    }
    rows
}

/// Every cell of every sheet of the workbook at `xlsx`, as read back.
fn cells_of(xlsx: &Path) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(xlsx).expect("the pack's workbook");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("a sheet");
            (name, range.rows().map(|r| r.to_vec()).collect())
        })
        .collect()
}

/// Writes `cells` with rust_xlsxwriter, no formatting, to disk as the pack
/// is written: the pack's own work reduced to its floor.
fn write_cells(cells: &[(String, Vec<Vec<calamine::Data>>)], out: &Path) {
    use calamine::Data;
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in cells {
        let sheet = book.add_worksheet();
        sheet.set_name(name).expect("a sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                let written = match cell {
                    Data::Empty => continue,
                    Data::Float(v) => sheet.write_number(r, c, *v).map(|_| ()),
                    Data::Int(v) => sheet.write_number(r, c, *v as f64).map(|_| ()),
                    Data::Bool(v) => sheet.write_boolean(r, c, *v).map(|_| ()),
                    Data::DateTime(v) => sheet.write_number(r, c, v.as_f64()).map(|_| ()),
                    other => sheet.write_string(r, c, other.to_string()).map(|_| ()),
                };
                written.expect("a cell");
            }
        }
    }
    // Written as durably as the pack (synced, then renamed into place), so
    // that the ratio compares the work, not the disk's sync.
    let bytes = book.save_to_buffer().expect("the floor's workbook");
    evident::files::write_whole(out, "floor", &bytes).expect("the floor's workbook written");
}

/// `pack-with-form` and `pack-without-form` (large): the period's pack
/// written from two copies of the demo, one keeping the council's own form
/// mapped (filled, read back and zipped with the pack), one keeping none:
/// what filling the funder's form adds to an export.
fn funder_form_packs(
    group: &mut criterion::BenchmarkGroup<criterion::measurement::WallTime>,
    scratch: &Path,
    options: &evident::pack::Options,
) {
    let forms = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms");
    let with = tempfile::tempdir_in(scratch).expect("a folder");
    let without = tempfile::tempdir_in(scratch).expect("a folder");
    let mut kept = Store::open(&copy_of("large", with.path()), now()).expect("a copy");
    // A demo made before the demo kept the form is given it here.
    if kept
        .funder_form(COUNCIL_CONTRACT)
        .expect("the form")
        .is_none()
    {
        let form = forms.join("council-quarterly-monitoring.xlsx");
        evident::funder_form::add(&mut kept, COUNCIL_CONTRACT, &form, now()).expect("kept");
        let mapping = forms.join("council-quarterly-monitoring.mapping.csv");
        evident::funder_form::map_file(&mut kept, COUNCIL_CONTRACT, &mapping).expect("mapped");
    }
    let mut none = Store::open(&copy_of("large", without.path()), now()).expect("a copy");
    none.remove_form(COUNCIL_CONTRACT).expect("no form");
    let (pack_with, pack_without) = (
        with.path().join("pack.zip"),
        without.path().join("pack.zip"),
    );
    let written = evident::pack::export(&kept, COUNCIL_CONTRACT, PERIOD, &pack_with, options)
        .expect("the pack with its form");
    assert!(written.form_path.is_some(), "the form is filled");
    group.bench_function("pack-with-form", |b| {
        b.iter(|| {
            evident::pack::export(&kept, COUNCIL_CONTRACT, PERIOD, &pack_with, options)
                .expect("the pack")
        })
    });
    group.bench_function("pack-without-form", |b| {
        b.iter(|| {
            evident::pack::export(&none, COUNCIL_CONTRACT, PERIOD, &pack_without, options)
                .expect("the pack")
        })
    });
}

fn period_and_measures(c: &mut Criterion) {
    let scratch = tempfile::tempdir().expect("a temp folder");
    for size in sizes() {
        let size = size.as_str();
        let store = Store::open(&demo(size), now()).expect("the demo opens");
        let conn = Connection::open(demo(size)).expect("the demo opens in SQLite");
        let bench = Workbench::load(&store, COUNCIL_CONTRACT, PERIOD).expect("the period");
        let (year_start, end) = (
            bench.period.year_start.to_string(),
            bench.period.end.to_string(),
        );
        // The pack reads more than one period: its Trend needs each of the
        // latest periods with its year to date, so its floor reads the same
        // rows from the year start of the first of them.
        let trend_start = bench
            .trend_periods()
            .first()
            .map_or(bench.period.year_start, |p| p.year_start)
            .to_string();
        let options = evident::pack::Options {
            prepared_by: "Benchmark".into(),
            now: now(),
        };
        let pack = scratch.path().join(format!("{size}-pack.zip"));
        let workbook = scratch.path().join(format!("{size}-returns.xlsx"));
        // A return not approved yet is written as a draft (its name says so).
        let written = evident::pack::export(&store, COUNCIL_CONTRACT, PERIOD, &workbook, &options)
            .expect("the pack's workbook");
        let cells = cells_of(&written.path);
        let floor_out = scratch.path().join(format!("{size}-floor.xlsx"));

        let mut group = c.benchmark_group(size);
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(5));
        group.bench_function("read-floor", |b| {
            b.iter(|| read_floor(&conn, &year_start, &end))
        });
        group.bench_function("measures-one-period", |b| {
            b.iter(|| {
                Workbench::load(&store, COUNCIL_CONTRACT, PERIOD)
                    .expect("load")
                    .report()
            })
        });
        let periods: Vec<String> = bench.periods.iter().map(|p| p.id.clone()).collect();
        group.bench_function("measures-all-periods", |b| {
            b.iter(|| {
                for period in &periods {
                    std::hint::black_box(
                        evident::measures::report(&store, COUNCIL_CONTRACT, period)
                            .expect("a period's report"),
                    );
                }
            })
        });
        group.bench_function("pack-one-period", |b| {
            b.iter(|| {
                evident::pack::export(&store, COUNCIL_CONTRACT, PERIOD, &pack, &options)
                    .expect("the pack")
            })
        });
        if size == "large" {
            funder_form_packs(&mut group, scratch.path(), &options);
        }
        group.bench_function("pack-floor", |b| {
            b.iter(|| {
                read_floor(&conn, &trend_start, &end);
                write_cells(&cells, &floor_out);
            })
        });
        group.bench_function("open", |b| {
            b.iter(|| Store::open(&demo(size), now()).expect("the demo opens"))
        });
        group.bench_function("open-floor", |b| {
            b.iter(|| {
                let conn = Connection::open(demo(size)).expect("SQLite opens it");
                conn.query_row("SELECT name FROM organisation", [], |r| {
                    r.get::<_, String>(0)
                })
                .expect("a row")
            })
        });
        if size == "huge" {
            // Each run is a new day's first open, on a copy: what the window
            // waits for, then the check and backup it leaves to run beside it.
            let copy = copy_of(size, scratch.path());
            let mut day = 0;
            let mut backups = Vec::new();
            group.bench_function("open-first-of-day", |b| {
                b.iter_custom(|runs| {
                    let mut total = Duration::ZERO;
                    for _ in 0..runs {
                        day += 1;
                        let morning = now() + Days::new(day);
                        let started = Instant::now();
                        let (store, backup) =
                            Store::open_leaving_the_daily_backup(&copy, morning, None)
                                .expect("the copy opens");
                        total += started.elapsed();
                        drop(store);
                        backups.extend(backup);
                    }
                    total
                })
            });
            group.bench_function("daily-backup", |b| {
                b.iter_custom(|runs| {
                    let mut total = Duration::ZERO;
                    for _ in 0..runs {
                        day += 1;
                        let morning = now() + Days::new(day);
                        let (store, backup) =
                            Store::open_leaving_the_daily_backup(&copy, morning, None)
                                .expect("the copy opens");
                        let backup = backup.expect("the day's backup is due");
                        let started = Instant::now();
                        backup.take().expect("the backup");
                        total += started.elapsed();
                        drop(store);
                    }
                    total
                })
            });
            drop(backups);
        }
        group.finish();
    }
}

fn writes(c: &mut Criterion) {
    let scratch = tempfile::tempdir().expect("a temp folder");
    let path = copy_of("large", scratch.path());
    let mut store = Store::open(&path, now()).expect("the copy opens");
    let children: Vec<String> = store
        .participants(false)
        .expect("participants")
        .into_iter()
        .take(30)
        .map(|p| p.code)
        .collect();
    let mut group = c.benchmark_group("large");
    group.sample_size(20);
    let mut day = 0u64;
    group.bench_function("register-save", |b| {
        b.iter(|| {
            day += 1;
            let date = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap() + Days::new(day % 300);
            SessionForm {
                programme: Some("After-school club".into()),
                date: Some(date.to_string()),
                duration_minutes: Some("90".into()),
                attendees: Some(children.join(";")),
                ..Default::default()
            }
            .save_to(
                &mut store,
                None,
                NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
            )
            .expect("the register")
        })
    });
    drop(store);
    let conn = Connection::open(&path).expect("SQLite opens the copy");
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    let ids: Vec<String> = children
        .iter()
        .map(|code| {
            conn.query_row("SELECT id FROM participant WHERE code = ?1", [code], |r| {
                r.get(0)
            })
            .unwrap()
        })
        .collect();
    let programme: String = conn
        .query_row(
            "SELECT id FROM programme WHERE name = 'After-school club'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut conn = conn;
    group.bench_function("register-floor", |b| {
        b.iter(|| {
            day += 1;
            let date =
                (NaiveDate::from_ymd_opt(2026, 4, 1).unwrap() + Days::new(day % 300)).to_string();
            let tx = conn.transaction().unwrap();
            let session = evident::Key::new();
            tx.execute(
                "INSERT INTO session (id, reference, programme_id, date, duration_minutes)
                 VALUES (?1, 'F' || ?2, ?3, ?4, 90)",
                rusqlite::params![session, day as i64, programme, date],
            )
            .unwrap();
            for id in &ids {
                tx.execute(
                    "INSERT INTO attendance (session_id, participant_id, programme_id, date)
                     VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![session, id, programme, date],
                )
                .unwrap();
            }
            tx.commit().unwrap();
        })
    });
    group.finish();
    import_attendance(c);
    sync_marks(c);
    register_grid(c);
}

/// A laptop that joined from the large demo gets 1,000 register marks the
/// first laptop took (one file of changes), against importing the same
/// marks from a spreadsheet; each into a fresh copy of the joined laptop.
fn sync_marks(c: &mut Criterion) {
    let scratch = tempfile::tempdir().expect("a temp folder");
    let first = copy_of("large", scratch.path());
    let shared = scratch.path().join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    let mut office = Store::open(&first, now()).expect("the copy opens");
    let invited =
        evident::sync::invite(&mut office, Some(&shared), "Sam's laptop", "Office", now())
            .expect("an invitation");
    let joined = scratch.path().join("sam").join("evident.db");
    std::fs::create_dir_all(joined.parent().unwrap()).unwrap();
    drop(
        evident::sync::join(&joined, &invited.file, &invited.code, now(), None)
            .expect("the second laptop joins"),
    );
    assert!(!invited.file.exists(), "a joining file is used once");
    Connection::open(&joined)
        .unwrap()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    // 1,000 marks not taken yet: sessions by reference, children by code.
    let pairs: Vec<(String, String)> = {
        let conn = Connection::open(&first).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT s.reference, p.code FROM session s JOIN participant p
                 WHERE NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.participant_id = p.id)
                 ORDER BY s.date DESC, p.code LIMIT 1000",
            )
            .unwrap();
        let pairs = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        pairs
    };
    assert_eq!(pairs.len(), 1000);
    office.register_attendance(&pairs).expect("the marks");
    evident::sync::send(&mut office, None, false, now()).expect("the file of changes");
    drop(office);
    let mut csv = String::from("session_ref,participant_code\n");
    for (session, code) in &pairs {
        csv.push_str(&format!("{session},{code}\n"));
    }
    let file = scratch.path().join("marks.csv");
    std::fs::write(&file, csv).expect("the CSV");
    let fresh_laptop = || {
        let fresh = tempfile::tempdir().expect("a temp folder");
        let path = fresh.path().join("evident.db");
        std::fs::copy(&joined, &path).expect("a copy of the joined laptop");
        let store = Store::open(&path, now()).expect("the copy opens");
        (fresh, store)
    };
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.bench_function("get-1000-marks", |b| {
        b.iter_batched(
            fresh_laptop,
            |(fresh, mut store)| {
                let got = evident::sync::get(&mut store, Some(&shared), now()).expect("the get");
                assert_eq!(got.applied.len(), 1, "{got:?}");
                (fresh, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("import-1000-marks", |b| {
        b.iter_batched(
            fresh_laptop,
            |(fresh, mut store)| {
                let imported = evident::import::run(
                    &mut store,
                    evident::import::Kind::Attendance,
                    &file,
                    false,
                    now().date(),
                )
                .expect("the import");
                assert!(imported.written);
                (fresh, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// A register grid of 300 children by 200 dates (a quarter of the cells
/// marked) into new records, against the long-format imports of the same
/// children, sessions and marks (participants, sessions, attendance).
fn register_grid(c: &mut Criterion) {
    let scratch = tempfile::tempdir().expect("a temp folder");
    let (children, dates) = (300usize, 200usize);
    let day = |j: usize| NaiveDate::from_ymd_opt(2025, 4, 1).unwrap() + Days::new(j as u64);
    let marked = |i: usize, j: usize| (i * 7 + j * 3).is_multiple_of(4);
    let mut grid = String::from("Name");
    for j in 0..dates {
        grid.push_str(&format!(",{}", day(j)));
    }
    grid.push('\n');
    for i in 0..children {
        grid.push_str(&format!("Child {i:03}"));
        for j in 0..dates {
            grid.push_str(if marked(i, j) { ",x" } else { "," });
        }
        grid.push('\n');
    }
    let mut people = String::from("code,known_as\n");
    let mut sessions = String::from("session_ref,programme,date,start_time,duration_minutes\n");
    let mut attendance = String::from("session_ref,participant_code\n");
    for i in 0..children {
        people.push_str(&format!("C{i:04},Child {i:03}\n"));
    }
    for j in 0..dates {
        sessions.push_str(&format!("G{j:04},Club,{},16:00,90\n", day(j)));
        for i in (0..children).filter(|i| marked(*i, j)) {
            attendance.push_str(&format!("G{j:04},C{i:04}\n"));
        }
    }
    let files: Vec<PathBuf> = [
        ("grid.csv", grid),
        ("people.csv", people),
        ("sessions.csv", sessions),
        ("attendance.csv", attendance),
    ]
    .into_iter()
    .map(|(name, text)| {
        let path = scratch.path().join(name);
        std::fs::write(&path, text).expect("a CSV");
        path
    })
    .collect();
    let fresh = || {
        let folder = tempfile::tempdir().expect("a temp folder");
        let mut store = Store::create(&folder.path().join("grid.db"), now()).expect("a database");
        evident::forms::OrganisationForm {
            name: Some("Grid Club".into()),
            ..Default::default()
        }
        .set_up(&mut store)
        .expect("an organisation");
        store
            .add_programme(&evident::records::Programme {
                name: "Club".into(),
                ..Default::default()
            })
            .expect("the programme");
        (folder, store)
    };
    let mut group = c.benchmark_group("grid");
    group.sample_size(10);
    group.bench_function("register-grid-300x200", |b| {
        b.iter_batched(
            fresh,
            |(folder, mut store)| {
                let report = evident::import::import_register(
                    &mut store,
                    &files[0],
                    &evident::import::GridOptions {
                        programme: "Club".into(),
                        start_time: Some("16:00".into()),
                        duration_minutes: Some("90".into()),
                        ..Default::default()
                    },
                    false,
                    now().date(),
                )
                .expect("the grid");
                assert!(report.written);
                (folder, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("long-format-same-marks", |b| {
        b.iter_batched(
            fresh,
            |(folder, mut store)| {
                for (kind, file) in [
                    (evident::import::Kind::Participants, &files[1]),
                    (evident::import::Kind::Sessions, &files[2]),
                    (evident::import::Kind::Attendance, &files[3]),
                ] {
                    let report = evident::import::run(&mut store, kind, file, false, now().date())
                        .expect("the long format");
                    assert!(report.written);
                }
                (folder, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// 100,000 attendance rows, each a distinct (session, participant) pair not
/// yet on the register, imported into a fresh copy of the large demo each
/// run; the floor inserts the same pairs with plain SQL.
fn import_attendance(c: &mut Criterion) {
    let scratch = tempfile::tempdir().expect("a temp folder");
    let conn = Connection::open(demo("large")).expect("the demo opens in SQLite");
    let mut pairs: Vec<(String, String, String, String, String, String)> = Vec::new();
    {
        let mut sessions = conn
            .prepare("SELECT id, reference, programme_id, date FROM session ORDER BY id")
            .unwrap();
        let sessions: Vec<(String, String, String, String)> = sessions
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let mut people = conn
            .prepare("SELECT id, code FROM participant ORDER BY id")
            .unwrap();
        let people: Vec<(String, String)> = people
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let mut taken = conn
            .prepare("SELECT 1 FROM attendance WHERE session_id = ?1 AND participant_id = ?2")
            .unwrap();
        let mut k = 0usize;
        while pairs.len() < 100_000 {
            let (sid, sref, prog, date) = &sessions[k % sessions.len()];
            let (pid, code) = &people[(k * 7919) % people.len()];
            k += 1;
            if taken.exists(rusqlite::params![sid, pid]).unwrap() {
                continue;
            }
            pairs.push((
                sref.clone(),
                code.clone(),
                sid.clone(),
                pid.clone(),
                prog.clone(),
                date.clone(),
            ));
        }
    }
    pairs.sort();
    pairs.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    let mut csv = String::from("session_ref,participant_code\n");
    for (sref, code, ..) in &pairs {
        csv.push_str(&format!("{sref},{code}\n"));
    }
    let file = scratch.path().join("attendance.csv");
    std::fs::write(&file, csv).expect("the CSV");
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.bench_function("import-attendance", |b| {
        b.iter_batched(
            || {
                let fresh = tempfile::tempdir().expect("a temp folder");
                let path = copy_of("large", fresh.path());
                let store = Store::open(&path, now()).expect("the copy opens");
                (fresh, store)
            },
            |(fresh, mut store)| {
                let imported = evident::import::run(
                    &mut store,
                    evident::import::Kind::Attendance,
                    &file,
                    false,
                    now().date(),
                )
                .expect("the import");
                assert!(imported.written);
                (fresh, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("import-floor", |b| {
        b.iter_batched(
            || {
                let fresh = tempfile::tempdir().expect("a temp folder");
                let path = copy_of("large", fresh.path());
                let conn = Connection::open(&path).expect("SQLite opens the copy");
                conn.pragma_update(None, "journal_mode", "WAL").unwrap();
                conn.pragma_update(None, "synchronous", "FULL").unwrap();
                (fresh, conn)
            },
            |(fresh, mut conn)| {
                let tx = conn.transaction().unwrap();
                {
                    let mut insert = tx
                        .prepare(
                            "INSERT INTO attendance (session_id, participant_id, programme_id, date)
                             VALUES (?1, ?2, ?3, ?4)",
                        )
                        .unwrap();
                    for (_, _, sid, pid, prog, date) in &pairs {
                        insert
                            .execute(rusqlite::params![sid, pid, prog, date])
                            .unwrap();
                    }
                }
                tx.commit().unwrap();
                (fresh, conn)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, period_and_measures, writes);
criterion_main!(benches);
