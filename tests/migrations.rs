//! Every database reaches the latest schema: a new one, and every older
//! shipped schema (frozen as fixtures in tests/fixtures) with its records.

use evident::store::latest_schema_version;
use evident::Store;

use crate::support::{evident, fingerprint, now};

#[test]
fn an_empty_database_migrates_to_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let store = Store::create(&path, now()).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    assert!(store.integrity().unwrap().ok);
    assert!(
        !store.is_initialised().unwrap(),
        "a new database has no organisation until init"
    );
    assert!(
        store.backups().unwrap().is_empty(),
        "a brand-new database has nothing to back up"
    );
}

#[test]
fn the_first_schema_with_records_migrates_to_the_latest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("fixtures/schema-1.sql"))
        .unwrap();
    drop(conn);
    let store = Store::open(&path, now()).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    assert!(store.integrity().unwrap().ok);
    assert_eq!(store.organisation().unwrap().name, "Fixture Family Centre");
    let session = store.session("S00001").unwrap();
    assert_eq!(
        session.attendees,
        ["P0001"],
        "attendance survives the migration"
    );
    assert_eq!(
        store.participant("P0001").unwrap().groups,
        ["free school meals"]
    );
    assert_eq!(
        store
            .measure("CC-1", "EY1")
            .unwrap()
            .targets
            .get("2025-26 Q1"),
        Some(&10.0)
    );
    let backups = store.backups().unwrap();
    let before_upgrade = backups
        .iter()
        .find(|p| p.to_string_lossy().contains("before-upgrade"))
        .expect("a backup is taken before the schema is upgraded");
    let conn = rusqlite::Connection::open(before_upgrade).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(
        version, 1,
        "the backup holds the database as it was, at schema 1"
    );
}

#[test]
fn a_database_from_a_newer_evident_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("fixtures/schema-1.sql"))
        .unwrap();
    conn.pragma_update(None, "user_version", latest_schema_version() as i64 + 1)
        .unwrap();
    drop(conn);
    let before = fingerprint(&path);
    let err = Store::open(&path, now())
        .err()
        .expect("a newer schema is refused")
        .to_string();
    assert!(err.contains("newer Evident"), "{err}");
    assert_eq!(before, fingerprint(&path));
}

#[test]
fn the_second_schema_with_records_migrates_to_the_latest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("second.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("fixtures/schema-2.sql"))
        .unwrap();
    drop(conn);
    let store = Store::open(&path, now()).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    assert!(store.integrity().unwrap().ok);
    let org = store.organisation().unwrap();
    assert_eq!(org.name, "Fixture Family Centre");
    assert_eq!(org.contact_name, "", "a new column starts empty");
    let agreement = store.agreement("CC-1").unwrap();
    assert!(
        !agreement.participant_rows,
        "an agreement asks for no participant rows until told to"
    );
    assert_eq!(store.session("S00001").unwrap().attendees, ["P0001"]);
}

#[test]
fn the_third_schema_keeps_its_finance_as_one_line_of_all_costs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("third.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("fixtures/schema-3.sql"))
        .unwrap();
    drop(conn);
    let store = Store::open(&path, now()).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    assert!(store.integrity().unwrap().ok);
    let agreement = store.agreement("CC-1").unwrap();
    assert_eq!(
        agreement.cost_headings,
        evident::records::DEFAULT_COST_HEADINGS,
        "an agreement from before cost lines gets the default headings"
    );
    let lines = store.finances("CC-1").unwrap();
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert_eq!(
        (
            line.period.as_str(),
            line.heading.as_str(),
            line.budget_pence,
            line.actual_pence,
            line.note.as_str()
        ),
        (
            "2025-26 Q1",
            "All costs",
            125_000,
            118_000,
            "Fewer sessions in August"
        ),
        "a period's budget and spend are kept whole, under a heading that says so"
    );
    assert_eq!(store.milestones("CC-1").unwrap().len(), 1);
    assert_eq!(store.organisation().unwrap().contact_name, "Jo Fixture");
}

#[test]
fn the_fourth_schema_migrates_and_starts_its_history_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fourth.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("fixtures/schema-4.sql"))
        .unwrap();
    drop(conn);
    let mut store = Store::open(&path, now()).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    assert!(store.integrity().unwrap().ok);
    assert_eq!(store.finances("CC-1").unwrap().len(), 2);
    assert!(store.changes(None, 10).unwrap().is_empty());
    evident::forms::ParticipantForm {
        area: Some("Hillside".into()),
        ..Default::default()
    }
    .edit(&mut store, "P0001", crate::support::today())
    .unwrap();
    assert_eq!(
        store.changes(None, 10).unwrap().len(),
        1,
        "changes are kept from the upgrade on"
    );
}

#[test]
fn the_fifth_schema_migrates_keeping_its_history_and_starts_an_empty_privacy_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fifth.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("fixtures/schema-5.sql"))
        .unwrap();
    drop(conn);
    let mut store = Store::open(&path, now()).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    assert!(store.integrity().unwrap().ok);
    let kept = store.changes(None, 10).unwrap();
    assert_eq!(
        kept.len(),
        2,
        "the history kept before the upgrade is there"
    );
    assert!(store.privacy_log().unwrap().is_empty());
    assert_eq!(store.anonymised_on("P0009").unwrap(), None);
    let erased = evident::privacy::erase(
        &mut store,
        &["P0009".to_string()],
        evident::privacy::Erasure::Anonymise,
        crate::support::today(),
        "test",
    )
    .unwrap();
    assert_eq!(erased.people, 1);
    assert_eq!(store.participant("P0009").unwrap().known_as, "Anonymised");
    assert_eq!(
        store.changes(None, 10).unwrap().len(),
        1,
        "only the change that was not about them is left"
    );
}

/// The small demo frozen at schema 6 (story 3 deleted), and what schema 6
/// computed for it: every measure and breakdown of every period.
fn demo_at_schema_6() -> (String, serde_json::Value) {
    let bytes: &[u8] = include_bytes!("fixtures/demo-schema-6.zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let sql = read("demo.sql");
    let expected = serde_json::from_str(&read("expected.json")).unwrap();
    (sql, expected)
}

#[test]
fn the_demo_at_schema_6_gets_laptop_keys_and_keeps_every_record_and_figure() {
    let (sql, expected) = demo_at_schema_6();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&sql).unwrap();
    let counts = |conn: &rusqlite::Connection| -> Vec<i64> {
        [
            "participant",
            "session",
            "attendance",
            "assessment",
            "outcome_log",
            "story",
            "story_measure",
            "change_history",
        ]
        .iter()
        .map(|t| {
            conn.query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
                .unwrap()
        })
        .collect()
    };
    let before = counts(&conn);
    drop(conn);

    let mut store = Store::open(&path, now()).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    assert!(store.integrity().unwrap().ok);
    assert!(
        store
            .backups()
            .unwrap()
            .iter()
            .any(|p| p.to_string_lossy().contains("before-upgrade")),
        "a backup is taken before the keys are given"
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        counts(&conn),
        before,
        "every record and every change is kept"
    );
    let keys: Vec<evident::Key> = conn
        .prepare("SELECT id FROM participant UNION ALL SELECT id FROM session UNION ALL SELECT id FROM story")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .expect("every key is a UUID");
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "no two records share a key");
    drop(conn);

    // Story 3 was deleted at schema 6: that change can still be undone, and
    // brings it back with its number.
    let deletion = store
        .changes(Some("story"), 1)
        .unwrap()
        .pop()
        .expect("the story's deletion is in the history");
    assert_eq!(deletion.action, "delete");
    store.undo(deletion.id).unwrap();
    assert_eq!(
        store.story(3).unwrap().title,
        "A calmer start to the school day"
    );
    drop(store);
    let undo_back = evident(&path, &["story", "delete", "3"]);
    assert!(undo_back.ok, "{}", undo_back.stderr);
    // Records from before carry no stamps ('{}', older than any), and on a
    // laptop of its own nothing is stamped: a record added now is marked
    // the same, with nothing kept to send.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let clocks = |code: &str| -> String {
        conn.query_row(
            "SELECT clocks FROM participant WHERE code = ?1",
            [code],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(clocks("P0001"), "{}");
    let added = evident(&path, &["participant", "add", "--known-as", "New"]);
    assert!(added.ok, "{}", added.stderr);
    let code = added
        .stdout
        .split_whitespace()
        .find(|w| w.starts_with('P'))
        .unwrap()
        .trim_end_matches(['.', ':'])
        .to_string();
    assert_eq!(clocks(&code), "{}");
    let outbox: i64 = conn
        .query_row("SELECT COUNT(*) FROM sync_outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(outbox, 0);
    drop(conn);

    for case in expected.as_array().unwrap() {
        let (agreement, period) = (
            case["agreement"].as_str().unwrap(),
            case["period"].as_str().unwrap(),
        );
        for (command, key) in [("measures", "measures"), ("breakdown", "breakdown")] {
            let run = evident(
                &path,
                &[
                    command,
                    "--agreement",
                    agreement,
                    "--period",
                    period,
                    "--json",
                ],
            );
            assert!(run.ok, "{}", run.stderr);
            let mut now: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
            let mut then = case[key].clone();
            if command == "measures" {
                // One change since schema 6, on purpose: a story goes out,
                // and counts, only while the person it names says yes to
                // stories on their own record (issue 25). Those counts may
                // only fall; every other figure is as it was.
                let measures = Store::open(&path, crate::support::now())
                    .unwrap()
                    .measures(agreement)
                    .unwrap();
                let codes = |calculation| -> Vec<String> {
                    measures
                        .iter()
                        .filter(|m| m.calculation == calculation)
                        .map(|m| m.code.clone())
                        .collect()
                };
                let stories = codes(evident::records::Calculation::Stories);
                // And a second (migration 10): anonymous feedback recorded
                // before a card could say where it was given is tied to
                // nothing, so counts for no agreement until the coordinator
                // ties it; a rating measure of feedback alone has no value.
                for (row_now, row_then) in now
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .zip(then.as_array_mut().unwrap())
                {
                    if codes(evident::records::Calculation::PercentRatingAtLeast)
                        .iter()
                        .any(|c| row_now["code"] == c.as_str())
                    {
                        assert_eq!(row_now["this_period"], serde_json::Value::Null);
                        for field in ["this_period", "year_to_date", "variance", "status"] {
                            row_now[field] = serde_json::Value::Null;
                            row_then[field] = serde_json::Value::Null;
                        }
                    }
                }
                for (row_now, row_then) in now
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .zip(then.as_array_mut().unwrap())
                {
                    if stories.iter().any(|c| row_now["code"] == c.as_str()) {
                        for field in ["this_period", "year_to_date"] {
                            let (a, b) = (row_now[field].as_f64(), row_then[field].as_f64());
                            assert!(
                                a <= b,
                                "{agreement} {period} {field}: {a:?} told, {b:?} before"
                            );
                        }
                        for field in ["this_period", "year_to_date", "variance", "status"] {
                            row_now[field] = serde_json::Value::Null;
                            row_then[field] = serde_json::Value::Null;
                        }
                    }
                }
            }
            if command == "breakdown" {
                // Untied feedback counts nowhere (migration 10, above).
                for (i_now, i_then) in now["indicators"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .zip(then["indicators"].as_array_mut().unwrap())
                {
                    assert_eq!(i_now["responses"], 0);
                    i_then["responses"] = 0.into();
                    i_then["by_score"] = serde_json::json!([]);
                }
                // The other change on purpose: a count a reader could work
                // out from the rest (4 and 4 hidden beside 15 of 23) hides
                // the next one too. A count may only go from shown to `*`.
                for (dim_now, dim_then) in now["demographics"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .zip(then["demographics"].as_array_mut().unwrap())
                {
                    for (c_now, c_then) in dim_now["categories"]
                        .as_array_mut()
                        .unwrap()
                        .iter_mut()
                        .zip(dim_then["categories"].as_array_mut().unwrap())
                    {
                        if c_now["shown"] == "*" && c_then["shown"] != "*" {
                            assert_eq!(c_now["count"], c_then["count"]);
                            for field in ["shown", "percent"] {
                                c_now[field] = serde_json::Value::Null;
                                c_then[field] = serde_json::Value::Null;
                            }
                        }
                    }
                }
            }
            assert_eq!(
                now, then,
                "{command} of {agreement} {period} as schema 6 gave them"
            );
        }
    }
}
