//! The history of every change: what changed, when, before and after; and
//! undoing a mistaken edit, addition or deletion, which is kept too.

use evident::forms::ParticipantForm;
use evident::history;

use crate::support::{today, TestDb};

#[test]
fn an_edit_is_listed_and_undone_and_the_undo_is_kept_too() {
    let mut db = TestDb::demo();
    let before = db.store.participant("P0001").unwrap().area;
    ParticipantForm {
        area: Some("Hillside".into()),
        ..Default::default()
    }
    .edit(&mut db.store, "P0001", today())
    .unwrap();
    let latest = db.store.changes(Some("participant"), 1).unwrap();
    let edit = &latest[0];
    assert_eq!(edit.action, "update");
    assert!(
        edit.summary()
            .contains(&format!("area {before} → Hillside")),
        "{}",
        edit.summary()
    );
    db.store.undo(edit.id).unwrap();
    assert_eq!(db.store.participant("P0001").unwrap().area, before);
    let undo = &db.store.changes(Some("participant"), 1).unwrap()[0];
    assert!(undo
        .summary()
        .contains(&format!("area Hillside → {before}")));
    let fingerprint = db.fingerprint();
    let err = db.store.undo(edit.id).unwrap_err().to_string();
    assert!(err.contains("undo the later changes first"), "{err}");
    assert_eq!(
        fingerprint,
        db.fingerprint(),
        "a refused undo changes nothing"
    );
}

#[test]
fn an_addition_is_removed_and_a_deleted_register_put_back() {
    let mut db = TestDb::demo();
    let added = ParticipantForm {
        known_as: Some("Added by mistake".into()),
        ..Default::default()
    }
    .add_to(&mut db.store, today())
    .unwrap();
    let change = db.store.changes(Some("participant"), 1).unwrap()[0].clone();
    assert_eq!(change.action, "insert");
    db.store.undo(change.id).unwrap();
    assert!(db.store.participant(&added.code).is_err(), "removed again");

    let session = db.store.session("S00010").unwrap();
    assert!(!session.attendees.is_empty());
    db.store.delete_session("S00010").unwrap();
    let deletions: Vec<history::Change> = db
        .store
        .changes(None, 200)
        .unwrap()
        .into_iter()
        .filter(|c| {
            c.action == "delete"
                && ["session", "attendance", "session_team"].contains(&c.record.as_str())
        })
        .collect();
    assert_eq!(
        deletions.len(),
        1 + session.attendees.len() + session.team.len(),
        "the session, its register and who ran it"
    );
    // Put back the session, then its register and who ran it (oldest
    // deletion last).
    let (sessions, marks): (Vec<_>, Vec<_>) = deletions.iter().partition(|c| c.record == "session");
    db.store.undo(sessions[0].id).unwrap();
    for mark in marks {
        db.store.undo(mark.id).unwrap();
    }
    assert_eq!(db.store.session("S00010").unwrap(), session, "as it was");
}

/// A register import is one entry in the history ("… added by an import"),
/// and undoing it takes the marks it added away again.
#[test]
fn a_register_import_is_one_entry_and_undone_whole() {
    let mut db = TestDb::demo();
    let before = db.fingerprint();
    let file = db.dir().join("marks.csv");
    let session = db.store.session("S00003").unwrap();
    let newcomers: Vec<String> = db
        .store
        .participants(true)
        .unwrap()
        .into_iter()
        .map(|p| p.code)
        .filter(|c| !session.attendees.contains(c))
        .take(3)
        .collect();
    let mut csv = String::from("session_ref,participant_code\n");
    for code in &newcomers {
        csv.push_str(&format!("S00003,{code}\n"));
    }
    std::fs::write(&file, csv).unwrap();
    evident::import::run(
        &mut db.store,
        evident::import::Kind::Attendance,
        &file,
        false,
        today(),
    )
    .unwrap();
    let entry = db.store.changes(Some("attendance"), 1).unwrap()[0].clone();
    assert_eq!(entry.summary(), "3 ticks on registers added by an import");
    db.store.undo(entry.id).unwrap();
    assert_eq!(
        db.store.session("S00003").unwrap().attendees,
        session.attendees
    );
    assert_eq!(before, db.fingerprint(), "the records as they were");
}
