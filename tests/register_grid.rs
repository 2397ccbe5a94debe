//! The register grid (DESIGN "The register grid"): each example in
//! `assets/examples/` imported and compared with figures worked out by
//! hand, a second import adding nothing, one more date adding that session
//! only, and every problem named by sheet and cell with nothing written.

use std::path::{Path, PathBuf};

use evident::import::{import_register, GridOptions, GridReport};
use evident::records::{Agreement, Participant};
use evident::store::SessionQuery;

use crate::support::{d, today, TestDb};

const CLUB: &str = "After-school club";

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(name)
}

/// An organisation whose agreement runs for the 2025-26 year, with the club.
fn club() -> TestDb {
    let mut db = TestDb::new();
    db.store
        .add_agreement(&Agreement {
            reference: "CT-1".into(),
            funder: "City Trust".into(),
            title: "Club grant".into(),
            start_date: d(2025, 4, 1),
            end_date: d(2026, 3, 31),
            programmes: vec![CLUB.into()],
            ..Agreement::default()
        })
        .unwrap();
    db
}

fn options() -> GridOptions {
    GridOptions {
        programme: CLUB.into(),
        start_time: Some("15:30".into()),
        duration_minutes: Some("90".into()),
        ..GridOptions::default()
    }
}

fn import(db: &mut TestDb, file: &Path, dry_run: bool) -> GridReport {
    import_register(&mut db.store, file, &options(), dry_run, today())
        .unwrap_or_else(|e| panic!("{} did not import: {e}", file.display()))
}

/// What an import added: (new children, sessions, attendances).
fn added(report: &GridReport) -> (usize, usize, usize) {
    (
        report.new_children.len(),
        report.sessions_added,
        report.attendances_added,
    )
}

/// (date, headcount, names of those marked) for every session of the club.
fn registers(db: &TestDb) -> Vec<(String, u32, Vec<String>)> {
    let names: Vec<(String, String)> = db
        .store
        .participants(true)
        .unwrap()
        .into_iter()
        .map(|p| (p.code, p.known_as))
        .collect();
    db.store
        .sessions(&SessionQuery {
            programme: Some(CLUB.into()),
            ..SessionQuery::default()
        })
        .unwrap()
        .into_iter()
        .map(|s| {
            let mut who: Vec<String> = s
                .attendees
                .iter()
                .map(|code| names.iter().find(|(c, _)| c == code).unwrap().1.clone())
                .collect();
            who.sort();
            (s.date.to_string(), s.headcount, who)
        })
        .collect()
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn a_workbook_with_a_sheet_per_month_imports_as_counted_by_hand() {
    let mut db = club();
    let file = example("register-monthly.xlsx");
    let dry = import(&mut db, &file, true);
    assert!(!dry.written);
    assert_eq!(
        dry.new_children,
        strings(&[
            "Amara Okafor",
            "Ben Walsh",
            "Chloe Davies",
            "Dev Patel",
            "Ella Brown"
        ])
    );
    assert_eq!((dry.sessions_added, dry.attendances_added), (7, 18));
    assert!(
        db.store.participants(true).unwrap().is_empty(),
        "a dry run writes nothing"
    );

    let done = import(&mut db, &file, false);
    assert!(done.written && done.warnings.is_empty(), "{done:?}");
    assert_eq!(done.sheets.len(), 2);
    assert_eq!(
        registers(&db),
        vec![
            (
                "2025-09-02".into(),
                2,
                strings(&["Amara Okafor", "Ben Walsh", "Dev Patel"])
            ),
            (
                "2025-09-09".into(),
                0,
                strings(&["Amara Okafor", "Dev Patel"])
            ),
            ("2025-09-16".into(), 1, strings(&["Ben Walsh", "Dev Patel"])),
            (
                "2025-09-23".into(),
                3,
                strings(&["Amara Okafor", "Ben Walsh", "Dev Patel"])
            ),
            (
                "2025-10-07".into(),
                0,
                strings(&["Amara Okafor", "Dev Patel", "Ella Brown"])
            ),
            (
                "2025-10-14".into(),
                2,
                strings(&["Amara Okafor", "Ben Walsh", "Ella Brown"])
            ),
            (
                "2025-10-21".into(),
                0,
                strings(&["Amara Okafor", "Dev Patel"])
            ),
        ]
    );
    let session = &db.store.sessions(&SessionQuery::default()).unwrap()[0];
    assert_eq!(
        (
            session.start_time.map(|t| t.to_string()),
            session.duration_minutes
        ),
        (Some("15:30:00".into()), 90)
    );

    // The same workbook again adds nothing.
    let before = db.fingerprint();
    let again = import(&mut db, &file, false);
    assert_eq!(added(&again), (0, 0, 0));
    assert_eq!((again.sessions_reused, again.attendances_already), (7, 18));
    assert_eq!(db.fingerprint(), before);
}

#[test]
fn a_term_sheet_of_p_a_and_l_matches_children_by_name_and_birthday() {
    let mut db = club();
    // Amara is already known (by another spelling of spaces and case).
    db.store
        .add_participant(
            &Participant {
                known_as: "amara  OKAFOR".into(),
                date_of_birth: Some(d(2015, 3, 14)),
                ..Participant::default()
            },
            today(),
        )
        .unwrap();
    let done = import(&mut db, &example("register-term.xlsx"), false);
    assert_eq!(done.new_children, strings(&["Ben Walsh", "Finn O'Neill"]));
    assert_eq!((done.sessions_added, done.attendances_added), (3, 4));
    let people = db.store.participants(true).unwrap();
    assert_eq!(people.len(), 3);
    let ben = people.iter().find(|p| p.known_as == "Ben Walsh").unwrap();
    assert_eq!(ben.date_of_birth, Some(d(2014, 11, 2)));
    assert_eq!(
        registers(&db),
        vec![
            (
                "2025-09-01".into(),
                0,
                strings(&["Ben Walsh", "amara  OKAFOR"])
            ),
            ("2025-09-08".into(), 0, strings(&["amara  OKAFOR"])),
            ("2025-09-15".into(), 0, strings(&["Ben Walsh"])),
        ]
    );
}

#[test]
fn a_csv_of_first_and_last_names_and_one_more_date_adds_that_session_only() {
    let mut db = club();
    let file = example("register-names.csv");
    let done = import(&mut db, &file, false);
    assert_eq!(
        done.new_children,
        strings(&["Amara Okafor", "Grace Hughes", "Harry Khan"])
    );
    assert_eq!((done.sessions_added, done.attendances_added), (3, 6));

    // Next week the sheet has one more column.
    let text = std::fs::read_to_string(&file).unwrap();
    let longer: String = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let extra = match i {
                0 => "2025-09-25",
                1 => "x",
                2 => "",
                3 => "1",
                _ => "",
            };
            let (before, total) = line.rsplit_once(',').unwrap();
            format!("{before},{extra},{total}\n")
        })
        .collect();
    let next = db.dir().join("register-names-week-4.csv");
    std::fs::write(&next, longer).unwrap();
    let more = import(&mut db, &next, false);
    assert_eq!(added(&more), (0, 1, 2));
    assert_eq!((more.sessions_reused, more.attendances_already), (3, 6));
}

/// Imports `csv` and expects a refusal naming each of `expected` (parts
/// of its problems), with nothing written.
fn refused(csv: &str, expected: &[&str]) {
    let mut db = club();
    db.store
        .add_participant(
            &Participant {
                known_as: "Sam Lee".into(),
                ..Participant::default()
            },
            today(),
        )
        .unwrap();
    db.store
        .add_participant(
            &Participant {
                known_as: "Sam Lee".into(),
                ..Participant::default()
            },
            today(),
        )
        .unwrap();
    let before = db.fingerprint();
    let file = db.dir().join("grid.csv");
    std::fs::write(&file, csv).unwrap();
    let error = import_register(&mut db.store, &file, &options(), false, today())
        .expect_err("the grid is refused");
    assert_eq!(error.kind(), "import_problems", "{error}");
    let said = match &error {
        evident::Error::ImportProblems { problems, .. } => problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    };
    for part in expected {
        assert!(said.contains(part), "{part:?} is not in:\n{said}");
    }
    assert_eq!(db.fingerprint(), before, "nothing was written");
}

#[test]
fn a_mark_evident_does_not_read_is_named_by_its_cell() {
    refused(
        "Name,2025-09-02,2025-09-09\nAmara Okafor,✓,?\nBen Walsh,sick,x\n",
        &[
            "column C2",
            "value \"?\"",
            "column B3",
            "value \"sick\"",
            "mark who came with",
        ],
    );
}

#[test]
fn a_name_two_people_share_asks_for_a_code_column() {
    refused(
        "Name,2025-09-02\nSam Lee,x\n",
        &["Sam Lee", "2 people are called this", "add a Code column"],
    );
}

#[test]
fn a_date_header_that_is_not_a_date_is_named_by_its_cell() {
    refused(
        "Name,2025-09-02,Sept 9th\nAmara Okafor,x,x\n",
        &["column C1", "Sept 9th", "is not a date"],
    );
}

#[test]
fn a_date_outside_every_agreement_is_imported_with_a_warning() {
    let mut db = club();
    let file = db.dir().join("old.csv");
    std::fs::write(&file, "Name,2019-06-04,2025-09-02\nAmara Okafor,x,x\n").unwrap();
    let done = import(&mut db, &file, false);
    assert_eq!((done.sessions_added, done.attendances_added), (2, 2));
    assert_eq!(done.warnings.len(), 1, "{:?}", done.warnings);
    assert!(
        done.warnings[0].contains("2019-06-04"),
        "{:?}",
        done.warnings
    );
}

#[test]
fn with_no_time_given_new_sessions_take_the_programmes_latest() {
    let mut db = club();
    let file = db.dir().join("grid.csv");
    std::fs::write(&file, "Name,2025-09-02\nAmara Okafor,x\n").unwrap();
    let asked = import_register(
        &mut db.store,
        &file,
        &GridOptions {
            programme: CLUB.into(),
            ..GridOptions::default()
        },
        false,
        today(),
    )
    .expect_err("no length to take");
    assert!(asked.to_string().contains("length in minutes"), "{asked}");
    assert!(
        db.store.participants(true).unwrap().is_empty(),
        "nothing written"
    );

    import(&mut db, &file, false);
    std::fs::write(&file, "Name,2025-09-09\nAmara Okafor,x\n").unwrap();
    import_register(
        &mut db.store,
        &file,
        &GridOptions {
            programme: CLUB.into(),
            ..GridOptions::default()
        },
        false,
        today(),
    )
    .unwrap();
    let sessions = db.store.sessions(&SessionQuery::default()).unwrap();
    assert_eq!(
        sessions[1].duration_minutes, 90,
        "the latest session's length"
    );
}

/// A workbook whose second sheet is damaged is refused whole, saying so:
/// the other sheets are not imported without it.
#[test]
fn a_workbook_with_one_damaged_sheet_is_refused_whole() {
    use std::io::{Read, Write};
    let mut db = club();
    let dir = tempfile::tempdir().unwrap();
    let damaged = dir.path().join("register-damaged.xlsx");
    let mut reader =
        zip::ZipArchive::new(std::fs::File::open(example("register-monthly.xlsx")).unwrap())
            .unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&damaged).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..reader.len() {
        let mut entry = reader.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            bytes.truncate(bytes.len() / 2);
        }
        writer.start_file(name, stored).unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
    let before = registers(&db);
    let refused = import_register(&mut db.store, &damaged, &options(), false, today());
    let e = refused.expect_err("a damaged sheet refuses the workbook");
    assert!(e.to_string().contains("sheet"), "{e}");
    assert_eq!(registers(&db), before, "nothing imported");
}
