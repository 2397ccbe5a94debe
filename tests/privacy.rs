//! Privacy (issue 13): anonymising keeps every figure and leaves no trace
//! of the name or date of birth in the file; deleting completely drops the
//! person from returns not yet sent and never from those sent; a
//! subject-access export holds every record of the person and nobody
//! else's; the privacy log holds no personal data; who is due for review.

use evident::forms::{ParticipantForm, ProgrammeForm, SessionForm};
use evident::privacy::{self, Erasure};
use evident::Store;

use crate::support::{d, today, TestDb};

/// Every measure of every period of every agreement, as text.
fn every_figure(store: &Store) -> String {
    let mut all = String::new();
    for agreement in store.agreements(true).unwrap() {
        for period in evident::periods::of_agreement(store, &agreement.reference).unwrap() {
            let report =
                evident::measures::report(store, &agreement.reference, &period.id).unwrap();
            all.push_str(&serde_json::to_string(&report.rows).unwrap());
        }
    }
    all
}

/// The database file's bytes and its write-ahead log's, if any.
fn raw_bytes(db: &TestDb) -> Vec<u8> {
    let mut bytes = std::fs::read(&db.path).unwrap();
    let mut wal = db.path.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(more) = std::fs::read(std::path::PathBuf::from(wal)) {
        bytes.extend(more);
    }
    bytes
}

fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

/// A demo child whose name and date of birth no one else shares, who came
/// to sessions, scored and has an outcome logged.
fn someone_unique(db: &TestDb) -> (String, String, String) {
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.query_row(
        "SELECT code, known_as, date_of_birth FROM participant p
         WHERE date_of_birth IS NOT NULL
           AND (SELECT COUNT(*) FROM participant q WHERE q.known_as = p.known_as) = 1
           AND (SELECT COUNT(*) FROM participant q WHERE q.date_of_birth = p.date_of_birth) = 1
           AND EXISTS (SELECT 1 FROM attendance WHERE participant_id = p.id)
           AND EXISTS (SELECT 1 FROM outcome_log WHERE participant_id = p.id)
         ORDER BY EXISTS (SELECT 1 FROM story WHERE participant_id = p.id) DESC, code LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .expect("the demo has such a child")
}

#[test]
fn anonymising_keeps_every_figure_and_leaves_no_trace_of_the_name_or_birthday() {
    let mut db = TestDb::demo();
    let (code, name, born) = someone_unique(&db);
    let before = every_figure(&db.store);
    db.store.compact().unwrap();
    let bytes = raw_bytes(&db);
    assert!(
        holds(&bytes, &name) && holds(&bytes, &born),
        "the file held them"
    );
    let submitted = db.store.submissions("NBC-CYP-01").unwrap();

    let erased = privacy::erase(
        &mut db.store,
        std::slice::from_ref(&code),
        Erasure::Anonymise,
        today(),
        "Jo",
    )
    .unwrap();
    assert_eq!(erased.people, 1);
    assert_eq!(
        before,
        every_figure(&db.store),
        "every measure of every period of every agreement is as it was"
    );
    assert_eq!(submitted, db.store.submissions("NBC-CYP-01").unwrap());
    let bytes = raw_bytes(&db);
    assert!(!holds(&bytes, &name), "{name} is nowhere in the file");
    assert!(!holds(&bytes, &born), "{born} is nowhere in the file");
    let after = db
        .store
        .backup_into_rotation(crate::support::now(), evident::store::BackupReason::Manual)
        .unwrap();
    let backup = std::fs::read(&after).unwrap();
    assert!(
        !holds(&backup, &name) && !holds(&backup, &born),
        "a backup taken afterwards holds nothing of them"
    );
    let kept = db.store.participant(&code).unwrap();
    assert_eq!(kept.known_as, "Anonymised");
    assert_eq!(
        kept.date_of_birth.map(|d| d.to_string()),
        Some(format!("{}01", &born[..8]))
    );
    assert_eq!(db.store.anonymised_on(&code).unwrap(), Some(today()));
    assert!(db
        .store
        .log_entries()
        .unwrap()
        .iter()
        .filter(|e| e.participant == code)
        .all(|e| e.note.is_empty()));
    assert!(
        db.store.changes_about(&code).unwrap().is_empty(),
        "the history keeps nothing of them"
    );
    assert!(
        privacy::due_for_review(&db.store, d(2100, 1, 1))
            .unwrap()
            .iter()
            .all(|p| p.code != code),
        "an anonymised person is never due for review again"
    );
}

#[test]
fn deleting_completely_drops_them_from_returns_not_sent_and_never_from_those_sent() {
    let mut db = TestDb::demo();
    let submitted = db.store.submissions("NBC-CYP-01").unwrap();
    assert!(!submitted.is_empty(), "the demo has sent earlier returns");
    let sent: Vec<&str> = submitted.iter().map(|s| s.period.as_str()).collect();
    // A child who came in a period not yet sent.
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let (open, code) = evident::periods::of_agreement(&db.store, "NBC-CYP-01")
        .unwrap()
        .into_iter()
        .filter(|p| !sent.contains(&p.id.as_str()))
        .find_map(|p| {
            let code: Option<String> = conn
                .query_row(
                    "SELECT p.code FROM participant p JOIN attendance a ON a.participant_id = p.id
                     WHERE a.date BETWEEN ?1 AND ?2 AND p.date_of_birth > '2010-01-01'
                     ORDER BY p.code LIMIT 1",
                    [p.start.to_string(), p.end.to_string()],
                    |r| r.get(0),
                )
                .ok();
            code.map(|c| (p, c))
        })
        .expect("a period not yet sent that someone came in");
    drop(conn);
    let attending = |store: &Store| {
        evident::measures::report(store, "NBC-CYP-01", &open.id)
            .unwrap()
            .rows
            .into_iter()
            .find(|r| r.code == "CYP1")
            .unwrap()
            .this_period
            .unwrap()
    };
    let before = attending(&db.store);

    privacy::erase(
        &mut db.store,
        std::slice::from_ref(&code),
        Erasure::Delete,
        today(),
        "Jo",
    )
    .unwrap();
    assert_eq!(
        attending(&db.store),
        before - 1.0,
        "{code} no longer counts"
    );
    assert_eq!(
        submitted,
        db.store.submissions("NBC-CYP-01").unwrap(),
        "what was sent stays as sent"
    );
    assert_eq!(db.store.participant(&code).unwrap_err().kind(), "not_found");
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let history: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM change_history WHERE before LIKE ?1 OR after LIKE ?1",
            [format!("%\"{code}\"%")],
            |r| r.get(0),
        )
        .unwrap();
    let left: Vec<String> = conn
        .prepare("SELECT table_name || ' ' || action || ' ' || COALESCE(before, '') || ' ' || COALESCE(after, '') FROM change_history WHERE before LIKE ?1 OR after LIKE ?1")
        .unwrap()
        .query_map([format!("%\"{code}\"%")], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(history, 0, "the history keeps nothing of them: {left:?}");
}

#[test]
fn a_subject_access_export_holds_every_record_of_the_person_and_nobody_elses() {
    let mut db = TestDb::demo();
    let (code, name, _) = someone_unique(&db);
    let out = db.dir().join(format!("subject-access-{code}.xlsx"));
    let (xlsx, json) =
        privacy::export_subject_access(&mut db.store, &code, &out, today(), "Jo").unwrap();
    let held: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(held["participant"]["known_as"], name.as_str());
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let count = |sql: &str| -> usize {
        conn.query_row(sql, [&code], |r| r.get::<_, i64>(0))
            .unwrap() as usize
    };
    let of = "(SELECT id FROM participant WHERE code = ?1)";
    assert_eq!(
        held["attendance"].as_array().unwrap().len(),
        count(&format!(
            "SELECT COUNT(*) FROM attendance WHERE participant_id = {of}"
        ))
    );
    assert_eq!(
        held["assessments"].as_array().unwrap().len(),
        count(&format!(
            "SELECT COUNT(*) FROM assessment WHERE participant_id = {of}"
        ))
    );
    assert_eq!(
        held["outcome_log"].as_array().unwrap().len(),
        count(&format!(
            "SELECT COUNT(*) FROM outcome_log WHERE participant_id = {of}"
        ))
    );
    assert_eq!(
        held["stories"].as_array().unwrap().len(),
        count(&format!(
            "SELECT COUNT(*) FROM story WHERE participant_id = {of}"
        ))
    );
    assert!(!held["history"].as_array().unwrap().is_empty());
    // No one else's code or name.
    let text = std::fs::read_to_string(&json).unwrap();
    let others: Vec<(String, String)> = db
        .store
        .participants(true)
        .unwrap()
        .into_iter()
        .filter(|p| p.code != code)
        .map(|p| (p.code, p.known_as))
        .collect();
    for (other, other_name) in &others {
        assert!(
            !text.contains(&format!("\"{other}\"")),
            "{other} is in the export"
        );
        assert!(
            !text.contains(other_name.as_str()),
            "{other_name} is in the export"
        );
    }
    // The workbook reads back, a sheet for each kind of record.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Record",
            "Attendance",
            "Scores",
            "Outcomes",
            "Stories",
            "Files",
            "History"
        ]
    );
    let attendance = book.worksheet_range("Attendance").unwrap();
    assert_eq!(
        attendance.height(),
        held["attendance"].as_array().unwrap().len() + 1
    );
    let log = db.store.privacy_log().unwrap();
    assert_eq!(log[0].action, "subject-access export");
}

#[test]
fn the_privacy_log_holds_no_personal_data() {
    let mut db = TestDb::demo();
    let people = db.store.participants(true).unwrap();
    let codes: Vec<String> = people.iter().take(3).map(|p| p.code.clone()).collect();
    privacy::erase(
        &mut db.store,
        &codes[..2],
        Erasure::Anonymise,
        today(),
        "Jo",
    )
    .unwrap();
    privacy::erase(&mut db.store, &codes[2..], Erasure::Delete, today(), "Jo").unwrap();
    let log = db.store.privacy_log().unwrap();
    assert_eq!(
        log.iter()
            .map(|a| (a.action.as_str(), a.people))
            .collect::<Vec<_>>(),
        [("deleted completely", 1), ("anonymised", 2)]
    );
    let text = serde_json::to_string(&log).unwrap();
    for p in &people {
        assert!(
            !text.contains(&p.code) && !text.contains(&p.known_as),
            "{text}"
        );
    }
}

#[test]
fn those_kept_past_the_retention_setting_are_due_for_review() {
    let mut db = TestDb::new();
    ProgrammeForm {
        name: Some("Youth club".into()),
        ..Default::default()
    }
    .add_to(&mut db.store)
    .unwrap();
    let add = |db: &mut TestDb, name: &str, left: Option<&str>| {
        ParticipantForm {
            known_as: Some(name.into()),
            left_date: left.map(String::from),
            ..Default::default()
        }
        .add_to(&mut db.store, today())
        .unwrap()
        .code
    };
    let long_ago = add(&mut db, "Came two years ago", None);
    let lately = add(&mut db, "Came last month", None);
    let left = add(&mut db, "Left seven years ago", Some("2019-06-30"));
    let never = add(&mut db, "Never came", None);
    for (date, who) in [("2024-09-10", &long_ago), ("2026-10-20", &lately)] {
        SessionForm {
            programme: Some("Youth club".into()),
            date: Some(date.into()),
            duration_minutes: Some("90".into()),
            attendees: Some(who.clone()),
            ..Default::default()
        }
        .add_to(&mut db.store, d(2026, 11, 25))
        .unwrap();
    }
    let due = |db: &TestDb| -> Vec<String> {
        privacy::due_for_review(&db.store, d(2026, 11, 26))
            .unwrap()
            .into_iter()
            .map(|p| p.code)
            .collect()
    };
    assert_eq!(
        due(&db),
        std::slice::from_ref(&left),
        "six years by default"
    );
    let mut org = db.store.organisation().unwrap();
    org.retention_years = 1;
    db.store.update_organisation(&org).unwrap();
    assert_eq!(due(&db), [left, long_ago], "longest overdue first");
    assert!(
        !due(&db).contains(&never),
        "no contact recorded, nothing to count from"
    );
    assert!(!due(&db).contains(&lately));
}
