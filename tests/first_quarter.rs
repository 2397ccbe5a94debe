//! A new volunteer's first quarter (issue 30), in the core: money saved
//! together and carried, a register in the future refused, the return that
//! needs work opened, a sent return that changed named, a contact and a
//! preparer asked for, people named in checks, history and measures in words.

use evident::forms::{FinanceForm, FinanceLinesForm, MeasureForm, ParticipantForm, SessionForm};
use evident::records::{Calculation, Measure, Question};
use evident::{overview, pack, period_return, register, submission};

use crate::support::{now, today, TestDb};

const AGREEMENT: &str = "YC-1";
const Q1: &str = "2026-27 Q1";
const Q2: &str = "2026-27 Q2";

/// A youth club paid for by one council agreement counting people and
/// sessions, with two children (no consent recorded) and two registers in
/// Q2; nothing in Q1; today is in Q3.
fn youth_club() -> TestDb {
    let mut db = TestDb::youth_club(AGREEMENT, false);
    for (code, title, calculation) in [
        ("YC1", "Young people attending", Calculation::Participants),
        ("YC2", "Sessions run", Calculation::Sessions),
    ] {
        db.store
            .add_measure(&Measure {
                agreement: AGREEMENT.into(),
                code: code.into(),
                title: title.into(),
                calculation,
                unit: calculation.unit(),
                ..Measure::default()
            })
            .unwrap();
    }
    for name in ["Amara", "Ben"] {
        ParticipantForm {
            known_as: Some(name.into()),
            ..Default::default()
        }
        .add_to(&mut db.store, today())
        .unwrap();
    }
    for day in ["2026-07-06", "2026-07-13"] {
        register(&mut db, day, "P0001;P0002");
    }
    db
}

fn register(db: &mut TestDb, day: &str, attendees: &str) -> evident::records::Session {
    SessionForm {
        programme: Some("Youth club".into()),
        date: Some(day.into()),
        duration_minutes: Some("90".into()),
        attendees: Some(attendees.into()),
        ..Default::default()
    }
    .add_to(&mut db.store, today())
    .unwrap()
}

fn line(heading: &str, budget: &str, actual: &str) -> FinanceForm {
    FinanceForm {
        heading: Some(heading.into()),
        budget: Some(budget.into()),
        actual: Some(actual.into()),
        note: None,
    }
}

#[test]
fn every_money_line_is_saved_together_or_none_is() {
    let mut db = youth_club();
    db.refused("Premises: ", |s| {
        FinanceLinesForm {
            lines: vec![
                line("Staffing", "1200", "1100"),
                line("Premises", "12x", "0"),
            ],
        }
        .save(s, AGREEMENT, Q2)
    });
    let err = FinanceLinesForm {
        lines: vec![
            line("Staffing", "1200", "1100"),
            line("Premises", "12x", "0"),
        ],
    }
    .save(&mut db.store, AGREEMENT, Q2)
    .unwrap_err();
    assert_eq!(
        err.field(),
        Some("budget Premises"),
        "the line's own field is named"
    );

    let saved = FinanceLinesForm {
        lines: vec![
            line("Staffing", "1200", "1100"),
            line("Premises", "300", "300"),
            line("Activities and materials", "150", "95.50"),
        ],
    }
    .save(&mut db.store, AGREEMENT, Q2)
    .unwrap();
    assert_eq!(saved.len(), 3);
    let kept = db.store.finances(AGREEMENT).unwrap();
    assert_eq!(
        kept.iter()
            .map(|f| (f.heading.as_str(), f.budget_pence, f.actual_pence))
            .collect::<Vec<_>>(),
        [
            ("Staffing", 120_000, 110_000),
            ("Premises", 30_000, 30_000),
            ("Activities and materials", 15_000, 9_550)
        ],
        "the last Save keeps the first two lines"
    );

    // The next quarter offers the same budgets: only the spend is new.
    let q3 = period_return::of(&db.store, AGREEMENT, "2026-27 Q3", today()).unwrap();
    assert_eq!(q3.carried_budgets.get("Staffing"), Some(&120_000));
    assert_eq!(q3.carried_budgets.get("Premises"), Some(&30_000));
    assert_eq!(
        q3.carried_budgets.get("Other"),
        None,
        "nothing was budgeted there"
    );
    let q2 = period_return::of(&db.store, AGREEMENT, Q2, today()).unwrap();
    assert!(
        q2.carried_budgets.is_empty(),
        "a period's own lines are not carried over"
    );
}

#[test]
fn a_register_after_today_is_refused_in_words_a_reader_uses() {
    let mut db = youth_club();
    db.refused("08/12/2026 is after today (25/11/2026)", |s| {
        SessionForm {
            programme: Some("Youth club".into()),
            date: Some("08/12/2026".into()),
            duration_minutes: Some("90".into()),
            ..Default::default()
        }
        .add_to(s, today())
    });
    let taken = db.store.session("S00001").unwrap();
    db.refused("01/06/2030 is after today", |s| {
        SessionForm {
            date: Some("2030-06-01".into()),
            ..Default::default()
        }
        .edit(s, &taken.reference, today())
    });
    let err = register::sheet(&db.store, "Youth club", "2026-12-08", today()).unwrap_err();
    assert_eq!(err.field(), Some("date"));
    assert!(err.to_string().contains("08/12/2026"), "{err}");
    assert!(
        register::sheet(&db.store, "Youth club", "25/11/2026", today()).is_ok(),
        "today is fine"
    );
}

#[test]
fn returns_open_on_the_return_being_worked_on_and_home_names_a_sent_return_that_changed() {
    let mut db = youth_club();
    // Q1 ran nothing; Q2 ran and has ended: it is the one being worked on,
    // though Q1 is the next due.
    assert_eq!(
        overview::return_to_open(&db.store, None, today()).unwrap(),
        Some((AGREEMENT.to_string(), Q2.to_string()))
    );
    assert_eq!(
        overview::next_returns(&db.store, today()).unwrap()[0]
            .period
            .id,
        Q1
    );

    submission::submit_bytes(&mut db.store, AGREEMENT, Q2, b"the pack sent", now()).unwrap();
    assert_eq!(
        overview::return_to_open(&db.store, Some(AGREEMENT), today()).unwrap(),
        Some((AGREEMENT.to_string(), Q1.to_string())),
        "once Q2 is sent, the next due"
    );
    assert!(overview::changed_since_sent(&db.store).unwrap().is_empty());

    // A register of Q2 found later changes the figures sent.
    register(&mut db, "2026-07-20", "P0001");
    let changed = overview::changed_since_sent(&db.store).unwrap();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].period.id, Q2);
    let sessions = submission::changes(&db.store, AGREEMENT, Q2).unwrap();
    assert_eq!(changed[0].figures, sessions.len());
    assert!(changed[0].figures > 0);
}

#[test]
fn a_return_with_no_contact_is_flagged_and_a_pack_names_who_prepared_it() {
    let db = youth_club();
    let view = period_return::of(&db.store, AGREEMENT, Q2, today()).unwrap();
    let contact = view
        .checks
        .iter()
        .find(|c| c.check.id == "no_contact")
        .unwrap();
    assert_eq!(contact.check.records.len(), 2, "no name, no email or phone");
    let summary = view
        .checks
        .iter()
        .find(|c| c.check.id == "no_summary")
        .unwrap();
    assert!(!summary.check.passed());

    // People are named by name and code in the app; the pack keeps codes.
    let consent = view
        .checks
        .iter()
        .find(|c| c.check.id == "attending_without_consent")
        .unwrap();
    assert_eq!(consent.check.records, ["P0001", "P0002"]);
    assert_eq!(consent.labels, ["Amara (P0001)", "Ben (P0002)"]);

    let out = db.dir().join("pack.zip");
    let nobody = pack::Options {
        prepared_by: " ".into(),
        now: now(),
    };
    let err = pack::export(&db.store, AGREEMENT, Q2, &out, &nobody).unwrap_err();
    assert_eq!(err.field(), Some("prepared_by"));
    assert!(
        err.to_string().contains("say who prepared this return"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");
    let named = pack::Options {
        prepared_by: "Sam Okafor".into(),
        now: now(),
    };
    let out = pack::export(&db.store, AGREEMENT, Q2, &out, &named)
        .unwrap()
        .path;
    assert!(out.exists());
}

#[test]
fn the_history_names_registers_and_people_in_words() {
    let db = youth_club();
    let session = &db.store.changes(Some("session"), 1).unwrap()[0];
    assert_eq!(
        session.summary(),
        "Youth club register for 13 July 2026 added"
    );
    let tick = &db.store.changes(Some("attendance"), 1).unwrap()[0];
    assert_eq!(
        tick.summary(),
        "Ben (P0002) ticked on the Youth club register for 13 July 2026"
    );
}

#[test]
fn a_measure_is_described_from_its_own_definition_and_filter() {
    let carers = Measure {
        code: "YC3".into(),
        title: "Young carers reached".into(),
        question: Question::HowWell,
        calculation: Calculation::PercentWith,
        filter: "group=young carer".into(),
        ..Measure::default()
    };
    let words = carers.in_words();
    assert!(words.contains("group young carer"), "{words}");
    assert!(
        !words.contains("girls"),
        "no other measure's example: {words}"
    );
    let defined = Measure {
        definition: "Young carers as a share of everyone attending.".into(),
        ..carers
    };
    assert_eq!(
        defined.in_words(),
        "Young carers as a share of everyone attending."
    );
}

#[test]
fn a_measure_the_funder_sets_no_target_for_is_not_asked_for_one() {
    let mut db = youth_club();
    let asked = |db: &TestDb| {
        period_return::of(&db.store, AGREEMENT, Q2, today())
            .unwrap()
            .checks
            .into_iter()
            .find(|c| c.check.id == "measures_without_target")
            .unwrap()
            .check
            .records
    };
    assert_eq!(asked(&db), ["YC1", "YC2"]);
    MeasureForm {
        no_target: Some("yes".into()),
        ..Default::default()
    }
    .edit(&mut db.store, AGREEMENT, "YC2")
    .unwrap();
    assert!(db.store.measure(AGREEMENT, "YC2").unwrap().no_target);
    assert_eq!(asked(&db), ["YC1"]);

    // The history keeps it, and an undo puts it back.
    let change = db.store.changes(Some("measure"), 1).unwrap()[0].clone();
    assert!(
        change.summary().contains("no target 0 → 1"),
        "{}",
        change.summary()
    );
    db.store.undo(change.id).unwrap();
    assert!(!db.store.measure(AGREEMENT, "YC2").unwrap().no_target);
    db.refused("no_target", |s| {
        MeasureForm {
            no_target: Some("perhaps".into()),
            ..Default::default()
        }
        .edit(s, AGREEMENT, "YC2")
    });
}
