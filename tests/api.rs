//! The core API every caller shares: each action a command or a window
//! takes runs in-process on an in-memory store, with no terminal around it;
//! the core's words name no command and no flag; and every kind of error
//! reaches a window as `{ kind, message, field?, problems? }`.

use std::fs;
use std::path::Path;

use evident::forms::*;
use evident::measures::{self, Span};
use evident::records::Attachment;
use evident::{checks, demo, evidence, framework, import, pack, periods, submission, Error, Store};

use crate::support::{now, today, TestDb};

const CONTRACT: &str = demo::NINE_MONTH_CONTRACT;
const PERIOD: &str = "2025-26 Q4";

fn form<F: serde::de::DeserializeOwned>(json: serde_json::Value) -> F {
    serde_json::from_value(json).expect("a window's form deserialises as it is sent")
}

/// Every record's add and edit, as a window sends them: one form of text
/// fields each, on a store held in memory.
#[test]
fn every_record_is_added_and_edited_from_a_form_without_a_terminal() {
    let mut store = Store::open_in_memory().unwrap();
    let org: OrganisationForm =
        form(serde_json::json!({ "name": "Hillside Play", "fy_start_month": "4" }));
    org.set_up(&mut store).unwrap();
    form::<OrganisationForm>(serde_json::json!({ "charity_number": "1234567" }))
        .save(&mut store)
        .unwrap();
    form::<FunderForm>(serde_json::json!({ "name": "City Trust" }))
        .add_to(&mut store)
        .unwrap();
    form::<ProgrammeForm>(serde_json::json!({ "name": "Play club" }))
        .add_to(&mut store)
        .unwrap();
    let agreement = form::<AgreementForm>(serde_json::json!({
        "reference": "HP-1", "funder": "City Trust", "title": "Play grant",
        "start_date": "01/04/2026", "end_date": "2027-03-31", "programmes": "Play club",
        "value": "£5,000"
    }))
    .add_to(&mut store)
    .unwrap();
    assert_eq!(
        agreement.value_pence,
        Some(500_000),
        "money is read from pounds"
    );
    form::<AgreementForm>(serde_json::json!({ "headings": "Successes; What went wrong" }))
        .edit(&mut store, "HP-1")
        .unwrap();
    let robin = form::<ParticipantForm>(serde_json::json!({
        "known_as": "Robin", "date_of_birth": "2016-09-01", "gender": "girl or woman"
    }))
    .add_to(&mut store, today())
    .unwrap();
    assert_eq!(robin.code, "P0001", "a code is made when none is given");
    assert_eq!(
        robin.gender, "Girl or woman",
        "a listed value is stored as listed"
    );
    form::<ParticipantForm>(serde_json::json!({ "area": "Hillside", "date_of_birth": "" }))
        .edit(&mut store, "P0001", today())
        .unwrap();
    assert_eq!(
        store.participant("P0001").unwrap().date_of_birth,
        None,
        "empty text clears an optional field"
    );
    let session = form::<SessionForm>(serde_json::json!({
        "programme": "Play club", "date": "2026-05-02", "duration_minutes": "90",
        "attendees": "P0001", "start_time": "16:30"
    }))
    .add_to(&mut store, today())
    .unwrap();
    form::<SessionForm>(serde_json::json!({ "headcount": "4" }))
        .edit(&mut store, &session.reference, today())
        .unwrap();
    form::<IndicatorForm>(serde_json::json!({ "name": "Confidence" }))
        .add_to(&mut store)
        .unwrap();
    let score = form::<AssessmentForm>(serde_json::json!({
        "participant": "P0001", "indicator": "Confidence", "date": "2026-05-02", "score": "4"
    }))
    .add_to(&mut store)
    .unwrap();
    form::<AssessmentForm>(serde_json::json!({ "stage": "baseline" }))
        .edit(&mut store, score.id)
        .unwrap();
    form::<OutcomeForm>(serde_json::json!({ "name": "More confident" }))
        .add_to(&mut store)
        .unwrap();
    form::<OutcomeForm>(serde_json::json!({ "description": "speaks up in the group" }))
        .edit(&mut store, "more confident")
        .unwrap();
    let entry = form::<LogEntryForm>(serde_json::json!({
        "participant": "P0001", "date": "2026-05-09", "outcome": "More confident"
    }))
    .add_to(&mut store)
    .unwrap();
    assert_eq!(
        entry.source, "observation",
        "one default source, DESIGN's first"
    );
    let story = form::<StoryForm>(serde_json::json!({
        "date": "2026-05-20", "title": "Robin's first show", "measures": "HP-1:P1"
    }))
    .add_to(&mut store);
    assert!(
        matches!(
            &story,
            Err(Error::NotFound {
                what: "measure",
                ..
            })
        ),
        "a story's measure must exist: {story:?}"
    );
    let measure = form::<MeasureForm>(serde_json::json!({
        "code": "P1", "title": "Children playing", "question": "how much",
        "calculation": "percent_attending_min_sessions", "min_sessions": "2"
    }))
    .add_to(&mut store, "HP-1")
    .unwrap();
    assert_eq!(
        measure.unit,
        evident::records::Unit::Percent,
        "a measure's unit follows its calculation unless given"
    );
    form::<StoryForm>(serde_json::json!({
        "date": "2026-05-20", "title": "Robin's first show", "measures": "HP-1:P1"
    }))
    .add_to(&mut store)
    .unwrap();
    form::<MeasureForm>(serde_json::json!({ "calculation": "contact_hours" }))
        .edit(&mut store, "HP-1", "P1")
        .unwrap();
    assert_eq!(
        store.measure("HP-1", "P1").unwrap().unit,
        evident::records::Unit::Hours,
        "a unit that followed the old calculation follows the new one"
    );
    TargetForm {
        value: Some("20".into()),
    }
    .save(&mut store, "HP-1", "P1", "2026-27 Q1")
    .unwrap();
    TargetForm {
        value: Some(String::new()),
    }
    .save(&mut store, "HP-1", "P1", "2026-27 Q1")
    .unwrap();
    assert!(
        store.measure("HP-1", "P1").unwrap().targets.is_empty(),
        "an empty target clears it"
    );
    let heading = NarrativeForm {
        heading: Some("SUCCESSES".into()),
        text: Some("New families came".into()),
    }
    .save(&mut store, "HP-1", "2026-27 Q1")
    .unwrap();
    assert_eq!(
        heading, "Successes",
        "the heading as the agreement spells it"
    );
    CurveForm {
        text: Some("Half term".into()),
        ..Default::default()
    }
    .save(&mut store, "HP-1", "2026-27 Q1", "P1")
    .unwrap();
    let notes = CurveForm {
        partners: Some("The school's family worker".into()),
        ..Default::default()
    }
    .save(&mut store, "HP-1", "2026-27 Q1", "p1")
    .unwrap();
    assert_eq!(
        (notes.story.as_str(), notes.partners.as_str()),
        ("Half term", "The school's family worker"),
        "a note left out keeps what was written"
    );
    FinanceForm {
        heading: Some("staffing".into()),
        budget: Some("1250".into()),
        actual: Some("1,100.50".into()),
        note: None,
    }
    .save(&mut store, "HP-1", "2026-27 Q1")
    .unwrap();
}

/// A form that leaves out a required field is refused with the field named,
/// never filled with a placeholder.
#[test]
fn a_missing_required_field_is_named_and_nothing_is_written() {
    let mut db = TestDb::new();
    for (field, result) in [
        (
            "known_as",
            ParticipantForm::default()
                .add_to(&mut db.store, today())
                .map(|_| ()),
        ),
        (
            "date",
            AssessmentForm {
                indicator: Some("x".into()),
                ..Default::default()
            }
            .add_to(&mut db.store)
            .map(|_| ()),
        ),
        (
            "outcome",
            LogEntryForm {
                participant: Some("P1".into()),
                date: Some("2026-01-01".into()),
                ..Default::default()
            }
            .add_to(&mut db.store)
            .map(|_| ()),
        ),
        (
            "title",
            StoryForm {
                date: Some("2026-01-01".into()),
                ..Default::default()
            }
            .add_to(&mut db.store)
            .map(|_| ()),
        ),
        (
            "duration_minutes",
            SessionForm {
                programme: Some("x".into()),
                date: Some("2026-01-01".into()),
                ..Default::default()
            }
            .add_to(&mut db.store, today())
            .map(|_| ()),
        ),
    ] {
        let err = result.expect_err("a required field left out is refused");
        assert_eq!(err.field(), Some(field), "the error names the field: {err}");
        assert_eq!(err.kind(), "invalid");
    }
    db.refused("known_as", |s| {
        ParticipantForm {
            known_as: Some("   ".into()),
            ..Default::default()
        }
        .add_to(s, today())
    });
}

/// Each command's one core call, run in-process on the demo: nothing needs
/// a terminal, and the results are what the command prints.
#[test]
fn every_action_a_command_takes_runs_without_a_terminal() {
    let mut db = TestDb::demo();
    let store = &mut db.store;
    let periods = periods::of_agreement(store, CONTRACT).unwrap();
    assert_eq!(periods.len(), 3);
    let report = measures::report(store, CONTRACT, PERIOD).unwrap();
    assert!(!report.rows.is_empty());
    let code = report.rows[0].code.clone();
    measures::explain(store, CONTRACT, PERIOD, &code, Span::YearToDate).unwrap();
    measures::breakdowns(store, CONTRACT, PERIOD, Span::ThisPeriod).unwrap();
    let checks = checks::for_period(store, CONTRACT, PERIOD, today()).unwrap();
    assert!(
        checks.iter().any(|c| c.title.ends_with('?')),
        "checks ask questions"
    );

    let dir = db.folder.path().to_path_buf();
    let photo = dir.join("trip.jpg");
    fs::write(&photo, b"a photo").unwrap();
    let to = Attachment::choose(None, None, Some(CONTRACT.into()), Some(PERIOD.into())).unwrap();
    assert_eq!(to.to_string(), format!("{CONTRACT} {PERIOD}"));
    evidence::attach(store, &photo, to, now()).unwrap();
    let options = pack::Options {
        prepared_by: String::new(),
        now: now(),
    };
    let written = pack::export(store, CONTRACT, PERIOD, &dir, &options).unwrap();
    assert_eq!(written.evidence_files, 1);
    let err = submission::changes(store, CONTRACT, PERIOD).unwrap_err();
    assert_eq!(err.kind(), "not_submitted", "{err}");
    submission::submit(store, CONTRACT, PERIOD, &written.path, now()).unwrap();
    assert!(submission::changes(store, CONTRACT, PERIOD)
        .unwrap()
        .is_empty());

    let workbook = dir.join("framework.xlsx");
    framework::export(store, CONTRACT, &workbook).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/frameworks/trust-grant.toml");
    framework::build(&source, &dir.join("trust.xlsx")).unwrap();
    let mut fresh = TestDb::new();
    let imported = framework::import(&mut fresh.store, &workbook, true).unwrap();
    assert!(!imported.written && !imported.summary().is_empty());

    let people = dir.join("people.csv");
    fs::write(&people, "code,known_as,gender\nP0500,Alex,Gender fluid\n").unwrap();
    let report = import::run(
        &mut fresh.store,
        import::Kind::Participants,
        &people,
        false,
        today(),
    )
    .unwrap();
    assert_eq!(
        report.notes(),
        ["new to the gender list: \"Gender fluid\""],
        "an import names every value it added to a list"
    );
    assert_eq!(
        report.summary(),
        "1 row: 1 to add, 0 to change, 0 already there"
    );
    store.check_integrity().unwrap();
}

/// The core's words are read by volunteers in a window as much as in a
/// terminal: no message, hint or pack cell names a command or a flag.
#[test]
fn no_core_source_names_a_command_or_a_flag() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    let mut folders = vec![src.clone()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path == src.join("cli") || path == src.join("main.rs") {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let text = fs::read_to_string(&path).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                let names_command = code.contains("`evident ") || code.contains("\"evident ");
                let names_flag = code
                    .match_indices("--")
                    .any(|(i, _)| code[i + 2..].starts_with(|c: char| c.is_ascii_lowercase()));
                if names_command || names_flag {
                    offenders.push(format!("{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "the core words its messages for any caller; these name a command or a flag:\n{}",
        offenders.join("\n")
    );
}

/// The modules of the crate another names, from `crate::…` in its code
/// (comments left out).
fn crate_imports(file: &Path) -> std::collections::BTreeSet<String> {
    let text = fs::read_to_string(file).unwrap();
    let mut found = std::collections::BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let module: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !module.is_empty() {
                found.insert(module);
            }
        }
    }
    found
}

/// Dependencies run one way (ARCHITECTURE.md, "Which way dependencies
/// run"): the ground floor, `error` and `key`, imports nothing of the
/// crate; `parse` and `files` import only `error`.
#[test]
fn the_ground_floor_imports_nothing_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (file, allowed) in [
        ("error.rs", &[][..]),
        ("key.rs", &[][..]),
        ("parse.rs", &["error"][..]),
        ("files.rs", &["error"][..]),
    ] {
        let above: Vec<String> = crate_imports(&src.join(file))
            .into_iter()
            .filter(|m| !allowed.contains(&m.as_str()))
            .collect();
        assert!(
            above.is_empty(),
            "src/{file} imports {above:?}; it stands below them, so they must come to it"
        );
    }
    // The check can fail: the store imports the crate.
    assert!(crate_imports(&src.join("store/mod.rs")).contains("error"));
}

/// The store stands on the ground and the records' own rules, and on
/// nothing that stands on it: not the sync, the imports, the evidence
/// folder, the measures or the pack (ARCHITECTURE.md, "Which way
/// dependencies run").
#[test]
fn the_store_imports_nothing_that_stands_on_it() {
    const BELOW: [&str; 8] = [
        "error", "key", "files", "parse", "records", "filter", "periods", "history",
    ];
    let store = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store");
    let mut files: Vec<_> = fs::read_dir(&store)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    assert!(files.len() > 20, "the store's files are found");
    for file in files {
        let above: Vec<String> = crate_imports(&file)
            .into_iter()
            .filter(|m| !BELOW.contains(&m.as_str()))
            .collect();
        assert!(
            above.is_empty(),
            "{} imports {above:?}, which stand on the store; pass what it needs down instead",
            file.display()
        );
    }
}

/// The UI's modules run one way too: the frame (`app.js`) loads the
/// screens and hands them what they need in their context; no screen
/// imports the frame back.
#[test]
fn no_screen_imports_the_frame() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/js/screens");
    let mut folders = vec![ui];
    let mut checked = 0;
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "js") {
                checked += 1;
                let text = fs::read_to_string(&path).unwrap();
                assert!(
                    !text.contains("app.js\""),
                    "{} imports app.js; take what it needs from the render context",
                    path.display()
                );
            }
        }
    }
    assert!(checked > 20, "the screens are found");
}

/// Errors reach a window as `{ kind, message, field?, problems? }`.
#[test]
fn every_kind_of_error_serialises_for_a_window() {
    let problem = import::Problem {
        file: "people.csv".into(),
        line: Some(3),
        column: Some("date_of_birth".into()),
        value: "31/02/2026".into(),
        why: "the date 31/02/2026 does not exist".into(),
    };
    let errors = [
        Error::invalid("date_of_birth", "is in the future; check the year"),
        Error::NotFound {
            what: "participant",
            key: "P9".into(),
            hint: "check the code",
        },
        Error::Duplicate {
            what: "agreement",
            field: "reference",
            key: "HP-1".into(),
        },
        Error::NotSetUp,
        Error::AlreadySetUp("Hillside Play".into()),
        Error::NoDatabase("/nowhere/evident.db".into()),
        Error::NotEvidentDatabase {
            path: "notes.db".into(),
            why: "file is not a database".into(),
            backups: "backups".into(),
        },
        Error::NewerDatabase {
            path: "e.db".into(),
            version: 9,
            known: 2,
        },
        Error::BadBackup {
            path: "b.db".into(),
            why: "it is damaged".into(),
        },
        Error::cannot_write("/read-only/pack.zip", "Evident may not write there"),
        Error::io(
            "could not read",
            "people.csv",
            std::io::Error::other("gone"),
        ),
        Error::ImportProblems {
            file: "people.csv".into(),
            problems: vec![problem],
        },
        Error::NotSubmitted {
            agreement: "HP-1".into(),
            period: "2026-27 Q1".into(),
        },
        Error::Damaged {
            problems: vec!["page 4 is never used".into()],
        },
        Error::BadStoredValue {
            what: "filter of measure P1".into(),
            why: "colour is not a field".into(),
        },
    ];
    let mut kinds = std::collections::HashSet::new();
    for e in &errors {
        let json = serde_json::to_value(e).unwrap();
        assert_eq!(json["kind"], e.kind(), "{json}");
        match e {
            Error::Invalid { message, .. } => {
                assert_eq!(
                    json["message"], *message,
                    "a field's reason, for beside its label"
                )
            }
            other => assert_eq!(json["message"], other.to_string(), "{json}"),
        }
        assert!(
            kinds.insert(e.kind()),
            "each kind is distinct: {}",
            e.kind()
        );
        assert_eq!(json.get("field").is_some(), e.field().is_some(), "{json}");
        assert!(!e.to_string().contains("evident "), "no command named: {e}");
    }
    let invalid = serde_json::to_value(&errors[0]).unwrap();
    assert_eq!(
        invalid["field"], "date_of_birth",
        "a wrong field is named for the form"
    );
    let problems = serde_json::to_value(&errors[11]).unwrap();
    assert_eq!(
        problems["problems"][0]["line"], 3,
        "an import's problems come as a list"
    );
    assert!(problems["message"]
        .as_str()
        .unwrap()
        .starts_with("1 problem found"));
}

/// A filter damaged in the file used to be read as no filter at all, so a
/// measure of young carers silently counted everyone. It is an error now.
#[test]
fn a_stored_filter_that_no_longer_reads_is_an_error_not_everyone() {
    let db = TestDb::demo();
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let changed = conn
        .execute(
            "UPDATE measure SET filter = 'colour=red' WHERE id = (SELECT MIN(id) FROM measure)",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(conn);
    let err = measures::report(&db.store, demo::COUNCIL_CONTRACT, "2025-26 Q2").unwrap_err();
    assert_eq!(err.kind(), "bad_stored_value", "{err}");
    assert!(err.to_string().contains("filter of measure"), "{err}");
}

/// What the app's home, register and person screens show, from the core,
/// as the command line shows it too.
#[test]
fn the_week_screens_read_from_the_core() {
    let db = TestDb::demo();
    let next = evident::overview::next_returns(&db.store, today()).unwrap();
    assert_eq!(next.len(), 3, "each demo agreement has a next return");
    assert!(
        next.windows(2).all(|w| w[0].period.due <= w[1].period.due),
        "soonest due first"
    );
    assert_eq!(next[0].days_left, (next[0].period.due - today()).num_days());

    let sheet = evident::register::sheet(&db.store, "youth club", "2026-03-26", today()).unwrap();
    let session = sheet
        .session
        .as_ref()
        .expect("the demo ran the youth club that day");
    let ticked: Vec<&str> = sheet
        .lines
        .iter()
        .filter(|l| l.ticked)
        .map(|l| l.code.as_str())
        .collect();
    assert_eq!(
        ticked.len(),
        session.attendees.len(),
        "the saved register's ticks"
    );
    assert!(
        sheet
            .lines
            .windows(2)
            .all(|w| w[0].recent_sessions >= w[1].recent_sessions),
        "those who usually come are listed first"
    );
    let today_sheet = evident::register::sheet(&db.store, "Youth club", "", today()).unwrap();
    assert_eq!(today_sheet.date, today(), "an empty day is today");
    assert!(today_sheet.session.is_none());

    let youth = db.store.participants_at(Some("youth club"), false).unwrap();
    let everyone = db.store.participants(false).unwrap();
    assert!(
        !youth.is_empty() && youth.len() < everyone.len(),
        "a programme's people are some of everyone"
    );
    assert!(youth.iter().any(|p| p.code == session.attendees[0]));

    let code = &session.attendees[0];
    let page = evident::profile::of(&db.store, code, today()).unwrap();
    assert!(page
        .attendance
        .iter()
        .any(|a| a.session == session.reference));
    assert!(
        page.attendance.windows(2).all(|w| w[0].date >= w[1].date),
        "newest first"
    );
    for journey in &page.journeys {
        assert!(
            journey.scores.windows(2).all(|w| w[0].date <= w[1].date),
            "oldest score first"
        );
    }
}

/// One call gives a window the whole return of a period: the engine's
/// measures, each check's records with where to put them right, the trend
/// with gaps, and what has changed since it was submitted.
#[test]
fn a_period_return_is_the_whole_page_in_one_call() {
    use evident::period_return::{self, Link};
    let mut db = TestDb::demo();
    let q4 = "2025-26 Q4";
    let view = period_return::of(&db.store, demo::COUNCIL_CONTRACT, q4, today()).unwrap();
    let report = measures::report(&db.store, demo::COUNCIL_CONTRACT, q4).unwrap();
    assert_eq!(view.measures, report.rows, "the engine's figures");
    assert_eq!(
        view.file_name,
        "Riverside-Youth-and-Family-Project-NBC-CYP-01-2025-26-Q4-DRAFT.zip"
    );
    let links = |id: &str| {
        view.checks
            .iter()
            .find(|c| c.check.id == id)
            .unwrap()
            .links
            .clone()
    };
    assert_eq!(
        links("milestones_past_due"),
        [Link::Milestone("Parents' forum set up".into())]
    );
    assert!(links("red_or_amber_without_story")
        .iter()
        .all(|l| matches!(l, Link::Curve(code) if code.starts_with("CYP"))));
    assert!(links("baselines_without_follow_up").iter().all(
        |l| matches!(l, Link::Participant(code) if code.starts_with('P') && !code.contains(' '))
    ));
    let json = serde_json::to_value(&view.checks[0]).unwrap();
    assert!(
        json.get("title").is_some() && json.get("links").is_some(),
        "{json}"
    );
    let cyp1 = view.trends.iter().find(|t| t.code == "CYP1").unwrap();
    assert_eq!(cyp1.points.len(), 4, "the periods so far");
    assert_eq!(cyp1.points[3].value, report.rows[0].this_period);
    assert!(view.submitted.is_none() && view.changes.is_empty());
    SessionForm {
        programme: Some("After-school club".into()),
        date: Some("2026-03-24".into()),
        duration_minutes: Some("120".into()),
        ..Default::default()
    }
    .save_to(&mut db.store, None, today())
    .unwrap();
    let unregistered = period_return::of(&db.store, demo::COUNCIL_CONTRACT, q4, today()).unwrap();
    let session_links = unregistered
        .checks
        .iter()
        .find(|c| c.check.id == "sessions_without_attendance")
        .unwrap()
        .links
        .clone();
    assert!(
        matches!(&session_links[..], [Link::Session { programme, date, .. }]
            if programme == "After-school club" && *date == crate::support::d(2026, 3, 24)),
        "the session's register opens from the check: {session_links:?}"
    );

    let empty =
        period_return::of(&db.store, demo::COUNCIL_CONTRACT, "2026-27 Q1", today()).unwrap();
    let cyp1 = empty.trends.iter().find(|t| t.code == "CYP1").unwrap();
    assert_eq!(
        cyp1.points.last().unwrap().value,
        None,
        "nothing held is a gap"
    );
    assert_eq!(
        empty
            .checks
            .iter()
            .find(|c| c.check.id == "no_sessions")
            .unwrap()
            .links,
        [Link::Register]
    );

    // Submitted, then a register corrected: the change is listed.
    let out = db.dir().join("sent.zip");
    let out = pack::export(
        &db.store,
        demo::COUNCIL_CONTRACT,
        q4,
        &out,
        &pack::Options {
            prepared_by: String::new(),
            now: now(),
        },
    )
    .unwrap()
    .path;
    submission::submit(&mut db.store, demo::COUNCIL_CONTRACT, q4, &out, now()).unwrap();
    let sent = period_return::of(&db.store, demo::COUNCIL_CONTRACT, q4, today()).unwrap();
    assert!(sent.submitted.is_some() && sent.changes.is_empty());
    let session = db
        .store
        .sessions(&evident::store::SessionQuery {
            programme: Some("After-school club".into()),
            from: Some(crate::support::d(2026, 1, 1)),
            to: None,
        })
        .unwrap()
        .remove(0);
    let mut corrected = session.clone();
    corrected.attendees.clear();
    corrected.headcount = 0;
    db.store
        .update_session(&session.reference, &corrected)
        .unwrap();
    let changed = period_return::of(&db.store, demo::COUNCIL_CONTRACT, q4, today()).unwrap();
    assert!(!changed.changes.is_empty(), "the corrected register shows");
}

/// The calculation picker's figure: a measure as typed is worked out for a
/// period without keeping anything; a grid of targets is saved all or
/// nothing, a bad cell named by its measure and period.
#[test]
fn a_measure_is_previewed_and_targets_saved_as_a_grid() {
    let mut db = TestDb::demo();
    let before = db.fingerprint();
    let row = MeasureForm {
        calculation: Some("sessions".into()),
        ..Default::default()
    }
    .preview(&mut db.store, demo::COUNCIL_CONTRACT, None, "2025-26 Q4")
    .unwrap();
    let report = measures::report(&db.store, demo::COUNCIL_CONTRACT, "2025-26 Q4").unwrap();
    let sessions = report.rows.iter().find(|r| r.code == "CYP3").unwrap();
    assert_eq!(
        row.this_period, sessions.this_period,
        "the same as the agreement's own sessions measure"
    );
    let changed = MeasureForm {
        min_sessions: Some("10".into()),
        ..Default::default()
    }
    .preview(
        &mut db.store,
        demo::COUNCIL_CONTRACT,
        Some("CYP1"),
        "2025-26 Q4",
    )
    .unwrap();
    let cyp1 = report.rows.iter().find(|r| r.code == "CYP1").unwrap();
    assert!(
        changed.this_period < cyp1.this_period,
        "fewer came ten times than once"
    );
    assert_eq!(before, db.fingerprint(), "a preview keeps nothing");

    let cell = |code: &str, period: &str, value: &str| TargetCell {
        code: code.into(),
        period: period.into(),
        value: Some(value.into()),
    };
    let err = save_targets(
        &mut db.store,
        demo::COUNCIL_CONTRACT,
        vec![
            cell("CYP1", "2026-27 Q1", "25"),
            cell("CYP2", "2026-27 Q1", "lots"),
        ],
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("CYP2 2026-27 Q1"), "{err}");
    assert_eq!(before, db.fingerprint(), "a bad cell keeps nothing");
    save_targets(
        &mut db.store,
        demo::COUNCIL_CONTRACT,
        vec![
            cell("CYP1", "2026-27 Q1", "25"),
            cell("CYP2", "2026-27 Q1", "5"),
        ],
    )
    .unwrap();
    assert_eq!(
        db.store
            .measure(demo::COUNCIL_CONTRACT, "CYP2")
            .unwrap()
            .targets
            .get("2026-27 Q1"),
        Some(&5.0)
    );
}
