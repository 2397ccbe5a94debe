//! Imports: spreadsheets made for the test, read as CSV (with a byte-order
//! mark, loose headers, both date forms) and as .xlsx (with date cells);
//! every error class refused with the database unchanged; importing twice
//! adds nothing; and the framework workbook round trip and examples.

use std::fs;
use std::path::PathBuf;

use evident::framework::{self, Framework, MeasureRow, TargetRow};
use evident::import::{self, Kind, Report};
use evident::measures::report;
use evident::records::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::support::{today, TestDb};

/// A database with an agreement paying for the Club, an indicator and an outcome.
fn set_up() -> TestDb {
    let mut db = TestDb::new();
    db.store
        .add_agreement(&Agreement {
            reference: "IMP-1".into(),
            funder: "Council".into(),
            title: "Imported".into(),
            start_date: crate::support::d(2026, 4, 1),
            end_date: crate::support::d(2027, 3, 31),
            programmes: vec!["Club".into()],
            ..Agreement::default()
        })
        .unwrap();
    db.store
        .add_indicator(&Indicator {
            name: "Confidence".into(),
            ..Indicator::default()
        })
        .unwrap();
    db.store
        .add_outcome(&Outcome {
            name: "More confident".into(),
            ..Outcome::default()
        })
        .unwrap();
    db
}

fn file(db: &TestDb, name: &str, text: &str) -> PathBuf {
    let path = db.dir().join(name);
    fs::write(&path, text).unwrap();
    path
}

fn run(db: &mut TestDb, kind: Kind, path: &std::path::Path) -> Report {
    import::run(&mut db.store, kind, path, false, today()).unwrap()
}

const PARTICIPANTS: &str = "\u{feff}Code,Known_As, Date of Birth ,GENDER,groups,consent_date\n\
P0101,Ada,01/05/2016,girl or woman,free school meals,2026-04-01\n\
P0102,Ben,2015-08-20,Boy or man,,\n\
P0103,Cal,2012-02-02,Non-binary,young carer;council tenant,02/04/2026\n";

/// Sessions as a workbook with real date cells.
fn sessions_xlsx(db: &TestDb) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in [
        "session_ref",
        "Programme",
        "Date",
        "duration_minutes",
        "headcount",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (reference, (y, m, d), minutes, headcount)) in [
        ("W1", (2026, 4, 6), 60, 2),
        ("W2", (2026, 5, 4), 90, 0),
        ("W3", (2026, 7, 6), 60, 1),
    ]
    .iter()
    .enumerate()
    {
        let row = r as u32 + 1;
        ws.write_string(row, 0, *reference).unwrap();
        ws.write_string(row, 1, "Club").unwrap();
        ws.write_datetime_with_format(row, 2, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date)
            .unwrap();
        ws.write_number(row, 3, *minutes).unwrap();
        ws.write_number(row, 4, *headcount).unwrap();
    }
    let path = db.dir().join("sessions.xlsx");
    book.save(&path).unwrap();
    path
}

const ATTENDANCE: &str =
    "session_ref,participant_code\nW1,P0101\nW1,p0102\nW2,P0101\nW3,P0101\nW3,P0103\n";
const ASSESSMENTS: &str = "participant_code,indicator,date,score,stage\n\
P0101,Confidence,2026-04-06,4,baseline\n\
P0101,confidence,01/08/2026,6,review\n\
,Confidence,2026-07-10,5,\n";
const LOG: &str = "participant_code,date,outcome,programme,note,source\nP0103,2026-07-20,More confident,Club,Led the warm-up,Observation\n";

fn import_everything(db: &mut TestDb) -> Vec<Report> {
    let files = [
        (
            Kind::Participants,
            file(db, "participants.csv", PARTICIPANTS),
        ),
        (Kind::Sessions, sessions_xlsx(db)),
        (Kind::Attendance, file(db, "attendance.csv", ATTENDANCE)),
        (Kind::Assessments, file(db, "assessments.csv", ASSESSMENTS)),
        (Kind::OutcomeLog, file(db, "log.csv", LOG)),
    ];
    files
        .iter()
        .map(|(kind, path)| run(db, *kind, path))
        .collect()
}

#[test]
fn imported_spreadsheets_give_the_hand_computed_figures() {
    let mut db = set_up();
    for r in import_everything(&mut db) {
        assert!(r.written, "{} imports cleanly", r.kind);
        assert_eq!(r.added, r.rows, "{}: every row is new", r.kind);
    }
    let ada = db.store.participant("P0101").unwrap();
    assert_eq!(
        (ada.date_of_birth, ada.gender.as_str()),
        (Some(crate::support::d(2016, 5, 1)), "Girl or woman")
    );
    assert_eq!(
        db.store.session("W1").unwrap().attendees,
        ["P0101", "P0102"]
    );
    use Calculation::*;
    for (code, calculation, indicator) in [
        ("N", Participants, None),
        ("A", Attendances, None),
        ("H", ContactHours, None),
        ("I", PercentImproved, Some("Confidence")),
        ("L", OutcomeLogged, Some("More confident")),
    ] {
        db.store
            .add_measure(&Measure {
                agreement: "IMP-1".into(),
                code: code.into(),
                title: code.into(),
                calculation,
                indicator: indicator.map(String::from),
                ..Measure::default()
            })
            .unwrap();
    }
    let value = |period: &str, code: &str| {
        let r = report(&db.store, "IMP-1", period).unwrap();
        let row = r.rows.into_iter().find(|r| r.code == code).unwrap();
        (row.this_period, row.year_to_date)
    };
    assert_eq!(
        value("2026-27 Q1", "N"),
        (Some(2.0), Some(2.0)),
        "P0101 and P0102 came in Q1"
    );
    assert_eq!(
        value("2026-27 Q2", "N"),
        (Some(2.0), Some(3.0)),
        "P0101 and P0103 in Q2; three over the year"
    );
    assert_eq!(
        value("2026-27 Q1", "A"),
        (Some(5.0), Some(5.0)),
        "3 named + a headcount of 2"
    );
    assert_eq!(
        value("2026-27 Q1", "H"),
        (Some(5.5), Some(5.5)),
        "W1 1h × 4 + W2 1.5h × 1"
    );
    assert_eq!(
        value("2026-27 Q2", "I"),
        (Some(100.0), Some(100.0)),
        "P0101 went from 4 to 6"
    );
    assert_eq!(
        value("2026-27 Q2", "L"),
        (Some(1.0), Some(1.0)),
        "P0103's logged change"
    );
}

#[test]
fn importing_the_same_files_twice_adds_nothing_and_a_changed_row_updates() {
    let mut db = set_up();
    import_everything(&mut db);
    let before = db.fingerprint();
    for r in import_everything(&mut db) {
        assert_eq!(
            (r.added, r.updated, r.unchanged),
            (0, 0, r.rows),
            "{} the second time",
            r.kind
        );
    }
    assert_eq!(before, db.fingerprint(), "the second import wrote nothing");
    let changed = file(
        &db,
        "changed.csv",
        &PARTICIPANTS.replace(
            "P0102,Ben,2015-08-20,Boy or man,,",
            "P0102,Ben,2015-08-20,Boy or man,young carer,",
        ),
    );
    let r = run(&mut db, Kind::Participants, &changed);
    assert_eq!((r.added, r.updated, r.unchanged), (0, 1, 2));
    assert_eq!(
        db.store.participant("P0102").unwrap().groups,
        ["young carer"]
    );
    let sessions = sessions_xlsx(&db);
    let r = run(&mut db, Kind::Sessions, &sessions);
    assert_eq!(r.unchanged, 3);
    assert_eq!(
        db.store.session("W1").unwrap().attendees.len(),
        2,
        "re-importing sessions keeps their registers"
    );
}

/// A file of attendance longer than is read at once: a row repeating one
/// of the first part is found in the last, and refuses the whole file with
/// nothing written; without it, every mark is added, kept in the history
/// a part at a time, and undone part by part.
#[test]
fn a_long_file_of_attendance_is_read_in_parts_and_still_all_or_nothing() {
    let mut db = set_up();
    let people: Vec<Participant> = (1..=100)
        .map(|n| Participant {
            code: format!("P{n:04}"),
            known_as: format!("Child {n}"),
            ..Participant::default()
        })
        .collect();
    db.store.add_participants(&people, today()).unwrap();
    let sessions = import::ATTENDANCE_AT_ONCE / people.len() + 1;
    let mut csv = String::from("session_ref,programme,date,duration_minutes\n");
    for n in 1..=sessions {
        csv.push_str(&format!("S{n:05},Club,2026-05-01,60\n"));
    }
    let sessions_csv = file(&db, "sessions.csv", &csv);
    run(&mut db, Kind::Sessions, &sessions_csv);
    let before = db.fingerprint();
    let mut marks = String::from("session_ref,participant_code\n");
    for n in 1..=sessions {
        for person in &people {
            marks.push_str(&format!("S{n:05},{}\n", person.code));
        }
    }
    let rows = sessions * people.len();
    let again = file(&db, "again.csv", &format!("{marks}S00001,P0001\n"));
    let refused = import::run(&mut db.store, Kind::Attendance, &again, false, today());
    let Err(evident::Error::ImportProblems { problems, .. }) = refused else {
        panic!("refused: {refused:?}");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, Some(rows + 2));
    assert!(
        problems[0].why.contains("this is already on line 2"),
        "{problems:?}"
    );
    assert_eq!(db.fingerprint(), before, "nothing written");

    let marks_csv = file(&db, "marks.csv", &marks);
    let report = run(&mut db, Kind::Attendance, &marks_csv);
    assert_eq!((report.rows, report.added), (rows, rows));
    let entries = db.store.changes(Some("attendance"), 10).unwrap();
    let summaries: Vec<String> = entries.iter().map(|e| e.summary()).collect();
    assert_eq!(
        summaries,
        [
            format!(
                "{} ticks on registers added by an import",
                rows - import::ATTENDANCE_AT_ONCE
            ),
            format!(
                "{} ticks on registers added by an import",
                import::ATTENDANCE_AT_ONCE
            ),
        ]
    );
    for entry in entries {
        db.store.undo(entry.id).unwrap();
    }
    assert_eq!(db.fingerprint(), before, "undone part by part");
}

#[test]
fn a_dry_run_lists_what_would_happen_and_writes_nothing() {
    let mut db = set_up();
    let before = db.fingerprint();
    let path = file(&db, "participants.csv", PARTICIPANTS);
    let r = import::run(&mut db.store, Kind::Participants, &path, true, today()).unwrap();
    assert_eq!((r.added, r.written), (3, false));
    assert!(
        r.list_additions.is_empty(),
        "every value was already listed: {:?}",
        r.list_additions
    );
    assert_eq!(before, db.fingerprint(), "a dry run writes nothing");
}

/// Asserts that importing `text` as `kind` is refused with a problem on
/// `line` in `column` saying `why`, and that nothing at all was written.
fn refused(db: &mut TestDb, kind: Kind, text: &str, line: usize, column: &str, why: &str) {
    let path = file(db, "bad.csv", text);
    let before = db.fingerprint();
    let dry = import::run(&mut db.store, kind, &path, true, today()).unwrap_err();
    let err = import::run(&mut db.store, kind, &path, false, today()).unwrap_err();
    assert_eq!(
        err.kind(),
        "import_problems",
        "a file with a bad row is refused: {err}"
    );
    let problems = err.problems().unwrap();
    assert_eq!(
        dry.problems().unwrap(),
        problems,
        "the dry run lists the same problems"
    );
    let found = problems.iter().any(|p| {
        p.line == Some(line)
            && p.column.as_deref() == Some(column)
            && p.why.to_lowercase().contains(&why.to_lowercase())
    });
    assert!(
        found,
        "expected line {line}, column {column}: {why:?}; got {:#?}",
        problems
    );
    assert!(
        problems.iter().all(|p| p.file == "bad.csv"),
        "every problem names the file"
    );
    assert_eq!(
        before,
        db.fingerprint(),
        "nothing partial is written: not even the good rows"
    );
}

#[test]
fn every_error_class_is_refused_and_writes_nothing() {
    let mut db = set_up();
    let participants = file(&db, "participants.csv", PARTICIPANTS);
    run(&mut db, Kind::Participants, &participants);
    let sessions = sessions_xlsx(&db);
    run(&mut db, Kind::Sessions, &sessions);
    let good = "P0201,Dee,2016-01-01,Girl or woman,,\n";
    refused(
        &mut db,
        Kind::Sessions,
        "session_ref,programme,date\nW9,Club,2026-06-01\n",
        1,
        "duration_minutes",
        "column duration_minutes is missing",
    );
    refused(&mut db, Kind::Sessions, "session_ref,programme,date,duration_minutes\nW8,Club,2026-06-01,60\nW9,Chess,2026-06-01,60\n", 3, "programme", "no programme");
    refused(
        &mut db,
        Kind::Assessments,
        "participant_code,indicator,date,score\nP0101,Happiness,2026-06-01,5\n",
        2,
        "indicator",
        "no indicator",
    );
    refused(
        &mut db,
        Kind::Attendance,
        "session_ref,participant_code\nW1,P0103\nW9,P0101\n",
        3,
        "session_ref",
        "no session",
    );
    refused(
        &mut db,
        Kind::Attendance,
        "session_ref,participant_code\nW1,P9999\n",
        2,
        "participant_code",
        "no participant",
    );
    refused(&mut db, Kind::Participants, &format!("code,known_as,date_of_birth,gender,groups,consent_date\n{good}P0202,Eve,31/02/2016,,,\n"), 3, "date_of_birth", "does not exist");
    refused(
        &mut db,
        Kind::Sessions,
        "session_ref,programme,date,duration_minutes\nW7,Club,2026-06-01,0\n",
        2,
        "duration_minutes",
        "not a length of session",
    );
    refused(
        &mut db,
        Kind::Sessions,
        "session_ref,programme,date,duration_minutes\nW7,Club,2026-06-01,-30\n",
        2,
        "duration_minutes",
        "not a length of session",
    );
    refused(
        &mut db,
        Kind::Assessments,
        "participant_code,indicator,date,score\nP0101,Confidence,2026-06-01,11\n",
        2,
        "score",
        "outside",
    );
    refused(
        &mut db,
        Kind::Participants,
        "code,known_as\nP0201,Dee\nP0202,Eve\np0201,Dee again\n",
        4,
        "code",
        "already on line 2",
    );
    refused(&mut db, Kind::Sessions, "session_ref,programme,date,duration_minutes\nW7,Club,2026-06-01,60\nw7,Club,2026-06-02,60\n", 3, "session_ref", "already on line 2");
    refused(
        &mut db,
        Kind::Attendance,
        "session_ref,participant_code\nW1,P0103\nW1,P0103\n",
        3,
        "participant_code",
        "already on line 2",
    );
    refused(
        &mut db,
        Kind::OutcomeLog,
        "participant_code,date,outcome\nP0101,2026-06-01,Taller\n",
        2,
        "outcome",
        "no outcome",
    );
    refused(
        &mut db,
        Kind::Participants,
        "code,disability\nP0203,perhaps\n",
        2,
        "disability",
        "not yes or no",
    );
}

#[test]
fn yes_no_values_and_a_non_utf8_file() {
    let mut db = set_up();
    let path = file(
        &db,
        "p.csv",
        "code,disability,sen\nP1,Y,false\nP2,1,N\nP3,,TRUE\n",
    );
    run(&mut db, Kind::Participants, &path);
    let got: Vec<(Option<bool>, Option<bool>)> = ["P1", "P2", "P3"]
        .iter()
        .map(|c| db.store.participant(c).unwrap())
        .map(|p| (p.disability, p.sen))
        .collect();
    assert_eq!(
        got,
        [
            (Some(true), Some(false)),
            (Some(true), Some(false)),
            (None, Some(true))
        ]
    );
    let latin1 = db.dir().join("latin1.csv");
    fs::write(&latin1, b"code,known_as\nP9,Zo\xeb\n").unwrap();
    let err = import::run(&mut db.store, Kind::Participants, &latin1, false, today())
        .unwrap_err()
        .to_string();
    assert!(err.contains("UTF-8") && err.contains("line 2"), "{err}");
}

#[test]
fn a_framework_round_trips_through_its_workbook() {
    let mut db = TestDb::demo();
    evident::forms::MilestoneForm {
        title: Some("Holiday programme run".into()),
        due_date: Some("2026-08-31".into()),
        status: None,
    }
    .add_to(&mut db.store, "NBC-CYP-01")
    .unwrap();
    let exported = Framework::of_agreement(&db.store, "NBC-CYP-01").unwrap();
    assert!(
        exported
            .milestones
            .iter()
            .any(|m| m.milestone == "Holiday programme run" && m.due_date == "2026-08-31"),
        "the milestone is in the workbook"
    );
    let path = db.dir().join("framework.xlsx");
    fs::write(&path, exported.to_xlsx().unwrap()).unwrap();
    let mut fresh = TestDb::new();
    let r = framework::import(&mut fresh.store, &path, false).unwrap();
    assert!(r.written);
    assert_eq!(
        fresh.store.measures("NBC-CYP-01").unwrap(),
        db.store.measures("NBC-CYP-01").unwrap(),
        "measures and targets"
    );
    let a = db.store.agreement("NBC-CYP-01").unwrap();
    let b = fresh.store.agreement("NBC-CYP-01").unwrap();
    assert_eq!(
        (
            &b.headings,
            &b.programmes,
            b.start_date,
            b.end_date,
            b.frequency
        ),
        (
            &a.headings,
            &a.programmes,
            a.start_date,
            a.end_date,
            a.frequency
        )
    );
    for name in ["Self-rated confidence", "School days missed this half-term"] {
        assert_eq!(
            fresh.store.indicator(name).unwrap(),
            db.store.indicator(name).unwrap()
        );
    }
    assert_eq!(
        Framework::of_agreement(&fresh.store, "NBC-CYP-01").unwrap(),
        exported,
        "and back out again, identical"
    );
}

#[test]
fn a_bad_framework_names_sheet_row_column_and_the_accepted_values() {
    let db = TestDb::demo();
    let mut f = Framework::of_agreement(&db.store, "NBC-CYP-01").unwrap();
    f.agreement.reference = "NEW-1".into();
    f.measures[0].question = "How big".into();
    f.measures[1].calculation = "count".into();
    f.measures[2].filter = "colour=red".into();
    f.measures.push(MeasureRow {
        code: "X1".into(),
        measure: "Extra".into(),
        question: "How much".into(),
        calculation: "participants".into(),
        ..MeasureRow::default()
    });
    f.targets.push(TargetRow {
        code: "X1".into(),
        period: "2031-32 Q1".into(),
        target: "5".into(),
    });
    let path = db.dir().join("bad.xlsx");
    fs::write(&path, f.to_xlsx().unwrap()).unwrap();
    let mut fresh = TestDb::new();
    let before = fresh.fingerprint();
    let err = framework::import(&mut fresh.store, &path, false).unwrap_err();
    let problems = err.problems().expect("a bad framework lists its problems");
    let has = |sheet: &str, line: usize, column: &str, why: &str| {
        problems.iter().any(|p| {
            p.file.ends_with(&format!("sheet {sheet}"))
                && p.line == Some(line)
                && p.column.as_deref() == Some(column)
                && p.why.contains(why)
        })
    };
    assert!(
        has("Measures", 2, "Question", "How much, How well, Better off"),
        "{:#?}",
        problems
    );
    assert!(
        has(
            "Measures",
            3,
            "Calculation",
            "participants, new_participants"
        ),
        "{:#?}",
        problems
    );
    assert!(
        has("Measures", 4, "Filter", "age_band, gender"),
        "{:#?}",
        problems
    );
    assert!(
        has(
            "Targets",
            f.targets.len() + 1,
            "Period",
            "its periods are: 2025-26 Q1"
        ),
        "{:#?}",
        problems
    );
    assert_eq!(before, fresh.fingerprint(), "nothing written");
}

#[test]
fn the_example_frameworks_import_cleanly() {
    // The examples, and the demo's own agreements (which the demo loads
    // through the same import).
    for source in [
        "frameworks/council-childrens-services.toml",
        "frameworks/trust-grant.toml",
        "demo/council-early-help.toml",
        "demo/youth-wellbeing.toml",
        "demo/families-together.toml",
    ] {
        let text =
            fs::read_to_string(format!("{}/assets/{source}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let f = Framework::from_toml(&text).unwrap();
        let mut db = TestDb::new();
        let path = db.dir().join("framework.xlsx");
        fs::write(&path, f.to_xlsx().unwrap()).unwrap();
        let r = framework::import(&mut db.store, &path, false).unwrap();
        assert!(r.written, "{source}");
        assert_eq!(r.measures_added, f.measures.len(), "{source}");
        assert_eq!(
            db.store
                .agreement(&f.agreement.reference)
                .unwrap()
                .headings
                .len(),
            if f.narrative.is_empty() {
                DEFAULT_HEADINGS.len()
            } else {
                f.narrative.len()
            },
            "{source}: the funder's own questions, or the default headings"
        );
        let questions: std::collections::HashSet<Question> = db
            .store
            .measures(&f.agreement.reference)
            .unwrap()
            .iter()
            .map(|m| m.question)
            .collect();
        assert_eq!(questions.len(), 3, "{source} asks all three questions");
    }
}

/// Twelve children rate a session 5 on the same day: twelve identical
/// anonymous rows are twelve records (DESIGN "Spreadsheet import"), not a
/// file refused as a whole.
#[test]
fn identical_anonymous_ratings_are_separate_records() {
    let mut db = set_up();
    let mut text = String::from("participant_code,indicator,date,score\n");
    for _ in 0..12 {
        text.push_str(",Confidence,2026-05-02,5\n");
    }
    let path = file(&db, "ratings.csv", &text);
    let r = run(&mut db, Kind::Assessments, &path);
    assert_eq!((r.added, r.unchanged), (12, 0), "every rating is a record");
    assert_eq!(db.store.assessments(Some("Confidence")).unwrap().len(), 12);

    let again = run(&mut db, Kind::Assessments, &path);
    assert_eq!(
        (again.added, again.unchanged),
        (0, 12),
        "the same file a second time adds nothing"
    );
    text.push_str(",Confidence,2026-05-02,5\n");
    let one_more = file(&db, "ratings.csv", &text);
    let r = run(&mut db, Kind::Assessments, &one_more);
    assert_eq!(
        (r.added, r.unchanged),
        (1, 12),
        "a file with one identical row more adds that one"
    );
    assert_eq!(db.store.assessments(Some("Confidence")).unwrap().len(), 13);
}

/// A child scored twice on one day, and a change logged twice: named
/// identical rows are separate records too, and re-importing adds nothing.
#[test]
fn identical_named_rows_are_separate_records_and_reimport_adds_nothing() {
    let mut db = set_up();
    db.store
        .add_participant(
            &Participant {
                code: "P0001".into(),
                known_as: "Ada".into(),
                ..Participant::default()
            },
            today(),
        )
        .unwrap();
    let scores = file(
        &db,
        "scores.csv",
        "participant_code,indicator,date,score,stage\n\
         P0001,Confidence,2026-05-02,4,review\n\
         P0001,Confidence,2026-05-02,4,review\n",
    );
    let log = file(
        &db,
        "log.csv",
        "participant_code,date,outcome,note\n\
         P0001,2026-05-02,More confident,spoke up\n\
         P0001,2026-05-02,More confident,spoke up\n",
    );
    for (kind, path) in [(Kind::Assessments, &scores), (Kind::OutcomeLog, &log)] {
        let r = run(&mut db, kind, path);
        assert_eq!(
            (r.added, r.unchanged),
            (2, 0),
            "{kind:?}: two identical rows, two records"
        );
        let before = db.fingerprint();
        let again = run(&mut db, kind, path);
        assert_eq!((again.added, again.unchanged), (0, 2), "{kind:?}");
        assert_eq!(
            before,
            db.fingerprint(),
            "{kind:?}: the second import wrote nothing"
        );
    }
    assert_eq!(
        db.store.log_entries().unwrap()[0].source,
        DEFAULT_LOG_SOURCE,
        "a log row with no source takes the same default as a form"
    );
}

/// The framework's optional Milestones sheet sets up the agreement's
/// milestones; a bad due date is a problem naming the sheet, row and column.
#[test]
fn a_framework_sets_up_milestones_and_names_a_bad_due_date() {
    let db = TestDb::demo();
    let mut f = Framework::of_agreement(&db.store, "NBC-CYP-01").unwrap();
    f.agreement.reference = "NEW-MS".into();
    f.milestones = vec![
        framework::MilestoneRow {
            milestone: "Parents' forum set up".into(),
            due_date: "31/01/2026".into(),
        },
        framework::MilestoneRow {
            milestone: "Summer trip".into(),
            due_date: "31/02/2026".into(),
        },
    ];
    let path = db.dir().join("milestones.xlsx");
    fs::write(&path, f.to_xlsx().unwrap()).unwrap();
    let mut fresh = TestDb::new();
    let before = fresh.fingerprint();
    let err = framework::import(&mut fresh.store, &path, false).unwrap_err();
    let problems = err.problems().expect("the problems are listed");
    assert!(
        problems.iter().any(|p| p.file.ends_with("sheet Milestones")
            && p.line == Some(3)
            && p.column.as_deref() == Some("Due date")),
        "{problems:#?}"
    );
    assert_eq!(before, fresh.fingerprint(), "nothing written");
    f.milestones.pop();
    fs::write(&path, f.to_xlsx().unwrap()).unwrap();
    framework::import(&mut fresh.store, &path, false).unwrap();
    let milestones = fresh.store.milestones("NEW-MS").unwrap();
    assert_eq!(milestones.len(), 1);
    assert_eq!(milestones[0].title, "Parents' forum set up");
}

/// The framework's optional Cost headings sheet replaces the default budget
/// lines; a heading given twice is a problem naming the sheet and row.
#[test]
fn a_framework_sets_the_funders_cost_headings() {
    let db = TestDb::demo();
    let mut f = Framework::of_agreement(&db.store, "NBC-CYP-01").unwrap();
    assert_eq!(
        f.cost_headings.len(),
        evident::records::DEFAULT_COST_HEADINGS.len(),
        "the workbook lists the agreement's headings"
    );
    f.agreement.reference = "NEW-CH".into();
    // The council's form is mapped to the usual headings; this one has none.
    f.form_cells.clear();
    f.cost_headings = ["Salaries", "Venue hire", "salaries"]
        .map(|h| framework::CostHeadingRow { heading: h.into() })
        .to_vec();
    let path = db.dir().join("cost-headings.xlsx");
    fs::write(&path, f.to_xlsx().unwrap()).unwrap();
    let mut fresh = TestDb::new();
    let before = fresh.fingerprint();
    let err = framework::import(&mut fresh.store, &path, false).unwrap_err();
    let problems = err.problems().expect("the problems are listed");
    assert!(
        problems
            .iter()
            .any(|p| p.file.ends_with("sheet Cost headings")
                && p.line == Some(4)
                && p.why.contains("listed twice")),
        "{problems:#?}"
    );
    assert_eq!(before, fresh.fingerprint(), "nothing written");
    f.cost_headings.pop();
    fs::write(&path, f.to_xlsx().unwrap()).unwrap();
    framework::import(&mut fresh.store, &path, false).unwrap();
    assert_eq!(
        fresh.store.agreement("NEW-CH").unwrap().cost_headings,
        ["Salaries", "Venue hire"]
    );
}
