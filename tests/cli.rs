//! The `evident` command as a script uses it: output on stdout, errors on
//! stderr with a non-zero exit, and nothing written when a command fails.

use crate::support::{evident, fingerprint};

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    (dir, path)
}

#[test]
fn demo_then_agreements_then_periods() {
    let (_dir, db) = temp_db();
    let run = evident(&db, &["demo", "--today", "2026-04-08"]);
    assert!(run.ok, "{}", run.stderr);
    let agreements = evident(&db, &["agreements"]);
    assert!(agreements.ok, "{}", agreements.stderr);
    let lines: Vec<&str> = agreements.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", agreements.stdout);
    assert!(
        lines.iter().all(|l| l.split('\t').count() == 5),
        "reference, title, start, end, frequency"
    );
    assert!(agreements
        .stdout
        .contains("NBC-YW-02\tYouth wellbeing contract\t2025-07-01\t2026-03-31\tquarterly"));

    let periods = evident(&db, &["periods", "--agreement", "NBC-YW-02"]);
    assert!(periods.ok, "{}", periods.stderr);
    assert_eq!(
        periods.stdout,
        "2025-26 Q2\t2025-07-01\t2025-09-30\t2025-10-20\t2025-07-01\n\
         2025-26 Q3\t2025-10-01\t2025-12-31\t2026-01-20\t2025-07-01\n\
         2025-26 Q4\t2026-01-01\t2026-03-31\t2026-04-20\t2025-07-01\n",
        "the nine-month contract has exactly Q2, Q3 and Q4, each due 20 days after it ends, its year to date counted from its start"
    );
}

#[test]
fn the_demo_is_the_same_every_time() {
    let (_a, first) = temp_db();
    let (_b, second) = temp_db();
    assert!(evident(&first, &["demo", "--today", "2026-04-08"]).ok);
    assert!(evident(&second, &["demo", "--today", "2026-04-08"]).ok);
    let listing = |db| evident(db, &["participant", "list", "--json"]).stdout;
    assert_eq!(
        listing(&first),
        listing(&second),
        "tests rely on the demo being seeded"
    );
    let demo_again = evident(&first, &["demo", "--today", "2026-04-08"]);
    assert!(!demo_again.ok, "the demo never mixes with existing records");
}

#[test]
fn the_demo_has_what_the_design_asks_for() {
    let (_dir, db) = temp_db();
    assert!(evident(&db, &["demo", "--today", "2026-04-08"]).ok);
    let count = |args: &[&str]| evident(&db, args).stdout.lines().count();
    let participants = count(&["participant", "list"]);
    assert!(
        (50..=70).contains(&participants),
        "about 60 participants, got {participants}"
    );
    assert_eq!(count(&["funder", "list"]), 2);
    assert_eq!(count(&["programme", "list"]), 4);
    assert!(
        count(&["session", "list"]) >= 150,
        "a year of weekly sessions"
    );
    assert_eq!(count(&["indicator", "list"]), 3);
    let indicators = evident(&db, &["indicator", "list"]).stdout;
    assert!(
        indicators
            .lines()
            .any(|l| l.split('\t').nth(3) == Some("no")),
        "one indicator is lower-is-better"
    );
    assert!(count(&["story", "list"]) >= 3);
    for agreement in ["NBC-CYP-01", "NBC-YW-02", "HCT-FT-25"] {
        assert!(
            count(&["measure", "list", "--agreement", agreement]) >= 4,
            "{agreement} has measures"
        );
    }
    let shared = evident(&db, &["--json", "agreement", "show", "HCT-FT-25"]).stdout;
    assert!(
        shared.contains("Youth club"),
        "the youth club is paid for by two agreements"
    );
    let groups: std::collections::HashSet<String> = evident(&db, &["participant", "list"])
        .stdout
        .lines()
        .filter_map(|l| l.split('\t').nth(5).map(str::to_string))
        .filter(|g| !g.is_empty())
        .collect();
    assert!(groups.len() > 3, "varied priority groups");
}

#[test]
fn an_organisation_can_be_set_up_and_run_from_a_script() {
    let (_dir, db) = temp_db();
    let ok = |args: &[&str]| {
        let run = evident(&db, args);
        assert!(run.ok, "evident {args:?} failed: {}", run.stderr);
        run.stdout
    };
    ok(&["init", "--org", "Hillside Play", "--fy-start", "1"]);
    ok(&[
        "agreement",
        "add",
        "--reference",
        "HP-1",
        "--funder",
        "City Trust",
        "--title",
        "Play grant",
        "--start",
        "01/01/2026",
        "--end",
        "31/12/2026",
        "--frequency",
        "quarterly",
        "--programmes",
        "Play club",
        "--value",
        "£5,000",
    ]);
    assert_eq!(
        ok(&["periods", "--agreement", "HP-1"])
            .lines()
            .next()
            .unwrap(),
        "2026 Q1\t2026-01-01\t2026-03-31\t2026-04-30\t2026-01-01"
    );
    let code = ok(&[
        "participant",
        "add",
        "--known-as",
        "Robin",
        "--date-of-birth",
        "2016-09-01",
        "--groups",
        "young carer",
    ]);
    assert_eq!(code.trim(), "P0001");
    let session = ok(&[
        "session",
        "add",
        "--programme",
        "Play club",
        "--date",
        "2026-02-02",
        "--duration-minutes",
        "90",
        "--attendees",
        "P0001",
    ]);
    assert_eq!(session.trim(), "S00001");
    ok(&[
        "indicator",
        "add",
        "--name",
        "Wellbeing",
        "--min",
        "1",
        "--max",
        "5",
    ]);
    ok(&[
        "assessment",
        "add",
        "--participant",
        "P0001",
        "--indicator",
        "Wellbeing",
        "--date",
        "2026-02-02",
        "--score",
        "3",
        "--stage",
        "baseline",
    ]);
    ok(&[
        "measure",
        "add",
        "--agreement",
        "HP-1",
        "--code",
        "P1",
        "--title",
        "Children playing",
        "--question",
        "how much",
        "--calculation",
        "participants",
    ]);
    ok(&[
        "measure",
        "target",
        "--agreement",
        "HP-1",
        "P1",
        "--period",
        "2026 Q1",
        "--value",
        "20",
    ]);
    ok(&[
        "narrative",
        "set",
        "--agreement",
        "HP-1",
        "--period",
        "2026 Q1",
        "--heading",
        "Successes",
        "--text",
        "New families came",
    ]);
    ok(&[
        "finance",
        "set",
        "--agreement",
        "HP-1",
        "--period",
        "2026 Q1",
        "--heading",
        "staffing",
        "--budget",
        "1250",
        "--actual",
        "1100.50",
    ]);
    assert_eq!(
        ok(&["finance", "list", "--agreement", "HP-1"]),
        "2026 Q1\tStaffing\t1250.00\t1100.50\t\n",
        "the heading is kept as the agreement spells it"
    );
    ok(&["participant", "edit", "P0001", "--area", "Hillside"]);
    assert!(ok(&["participant", "show", "P0001"]).contains("area: Hillside"));
    ok(&["participant", "archive", "P0001"]);
    assert_eq!(ok(&["participant", "list"]), "");
    assert!(ok(&["participant", "list", "--all"]).starts_with("P0001\tRobin"));
}

#[test]
fn bad_input_is_an_error_on_stderr_and_writes_nothing() {
    let (_dir, db) = temp_db();
    assert!(evident(&db, &["demo", "--today", "2026-04-08"]).ok);
    let before = fingerprint(&db);
    for (args, expected) in [
        (
            vec![
                "participant",
                "add",
                "--known-as",
                "Sam",
                "--date-of-birth",
                "31/02/2026",
            ],
            "does not exist",
        ),
        (
            vec![
                "participant",
                "add",
                "--known-as",
                "Sam",
                "--disability",
                "perhaps",
            ],
            "not yes or no",
        ),
        (vec!["participant", "add"], "known_as: is required"),
        (
            vec!["participant", "add", "--known-as", "  "],
            "known_as: is required",
        ),
        (
            vec![
                "session",
                "add",
                "--programme",
                "Youth club",
                "--date",
                "2026-01-08",
                "--duration-minutes",
                "60",
                "--headcount",
                "-3",
            ],
            "headcount: \"-3\" is not a whole number",
        ),
        (
            vec![
                "session",
                "add",
                "--programme",
                "Youth club",
                "--date",
                "2026-01-08",
                "--duration-minutes",
                "60",
                "--attendees",
                "P0001,P9999",
            ],
            "P9999",
        ),
        (
            vec![
                "session",
                "add",
                "--programme",
                "Youth club",
                "--date",
                "2026-01-08",
            ],
            "duration_minutes: is required",
        ),
        (
            vec![
                "agreement",
                "add",
                "--reference",
                "X",
                "--funder",
                "F",
                "--title",
                "T",
                "--start",
                "2026-04-01",
                "--end",
                "2026-03-01",
            ],
            "before the start",
        ),
        (
            vec![
                "agreement",
                "add",
                "--reference",
                "NBC-YW-02",
                "--funder",
                "F",
                "--title",
                "T",
                "--start",
                "2026-04-01",
                "--end",
                "2027-03-01",
            ],
            "already exists",
        ),
        (
            vec!["agreement", "edit", "NBC-YW-02", "--frequency", "weekly"],
            "monthly, quarterly, six-monthly, annual",
        ),
        (
            vec![
                "assessment",
                "add",
                "--participant",
                "P0001",
                "--indicator",
                "Self-rated confidence",
                "--date",
                "2026-01-08",
                "--score",
                "11",
            ],
            "outside",
        ),
        (
            vec!["periods", "--agreement", "NOPE"],
            "check the reference against the list of agreements",
        ),
        (
            vec![
                "measure",
                "target",
                "--agreement",
                "NBC-YW-02",
                "YW1",
                "--period",
                "2025-26 Q1",
                "--value",
                "3",
            ],
            "its periods are",
        ),
        (vec!["restore", "/no/such/file.db"], "could not be read"),
    ] {
        let run = evident(&db, &args);
        assert!(!run.ok, "evident {args:?} should fail");
        assert!(
            run.stdout.is_empty(),
            "errors go to stderr, not stdout: {}",
            run.stdout
        );
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert!(
            run.stderr.contains(expected),
            "evident {args:?}: expected {expected:?} in {:?}",
            run.stderr
        );
    }
    assert_eq!(fingerprint(&db), before, "failed commands wrote nothing");
}

#[test]
fn commands_before_init_say_how_to_start() {
    let (_dir, db) = temp_db();
    let run = evident(&db, &["agreements"]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains("there is no Evident database at"),
        "{}",
        run.stderr
    );
    assert!(
        !db.exists() && !db.with_file_name("backups").exists(),
        "a mistyped path leaves no empty database (or backup) behind"
    );
    let notes = db.with_file_name("notes.txt");
    std::fs::write(&notes, "not a database, just some notes").unwrap();
    let run = evident(&notes, &["agreements"]);
    assert!(
        !run.ok && run.stderr.contains("is not an Evident database"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "not a database, just some notes",
        "left as it was"
    );
}

#[test]
fn backup_restore_and_integrity_from_the_command_line() {
    let (dir, db) = temp_db();
    assert!(evident(&db, &["demo", "--today", "2026-04-08"]).ok);
    let copy = dir.path().join("copy.db");
    let run = evident(&db, &["backup", "--out", copy.to_str().unwrap()]);
    assert!(run.ok, "{}", run.stderr);
    let rotated = evident(&db, &["backup"]);
    assert!(
        rotated.ok && rotated.stdout.contains("backups"),
        "{}",
        rotated.stdout
    );
    let before = fingerprint(&db);
    assert!(evident(&db, &["participant", "add", "--known-as", "Late arrival"]).ok);
    let restored = evident(&db, &["restore", copy.to_str().unwrap()]);
    assert!(restored.ok, "{}", restored.stderr);
    assert_eq!(fingerprint(&db), before);
    let integrity = evident(&db, &["integrity"]);
    assert!(
        integrity.ok && integrity.stdout.starts_with("ok"),
        "{}",
        integrity.stdout
    );
}

#[test]
fn measures_json_has_the_design_keys_with_numbers_or_null() {
    let (_dir, db) = temp_db();
    assert!(evident(&db, &["demo", "--today", "2026-04-08"]).ok);
    for (agreement, period) in [
        ("NBC-CYP-01", "2025-26 Q2"),
        ("NBC-YW-02", "2025-26 Q4"),
        ("HCT-FT-25", "2025-26 H2"),
    ] {
        let run = evident(
            &db,
            &[
                "measures",
                "--agreement",
                agreement,
                "--period",
                period,
                "--json",
            ],
        );
        assert!(run.ok, "{}", run.stderr);
        let rows: serde_json::Value =
            serde_json::from_str(&run.stdout).expect("measures --json prints JSON");
        let rows = rows.as_array().expect("an array of objects");
        assert!(!rows.is_empty());
        for row in rows {
            let object = row.as_object().unwrap();
            let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
            keys.sort();
            assert_eq!(
                keys,
                [
                    "baseline",
                    "code",
                    "measure",
                    "question",
                    "status",
                    "target",
                    "this_period",
                    "unit",
                    "variance",
                    "year_to_date"
                ]
            );
            for key in [
                "baseline",
                "target",
                "this_period",
                "year_to_date",
                "variance",
            ] {
                assert!(
                    object[key].is_number() || object[key].is_null(),
                    "{key} is a number or null: {row}"
                );
            }
            assert!(
                matches!(object["status"].as_str(), Some("green" | "amber" | "red"))
                    || object["status"].is_null(),
                "{row}"
            );
            assert!(matches!(
                object["question"].as_str(),
                Some("How much" | "How well" | "Better off")
            ));
        }
        let counted: Vec<&serde_json::Value> = rows
            .iter()
            .filter(|r| r["this_period"].is_number())
            .collect();
        assert!(
            counted.len() * 2 > rows.len(),
            "the demo gives most measures a value in {period}"
        );
    }
}

#[test]
fn check_breakdown_and_explain_from_the_command_line() {
    let (_dir, db) = temp_db();
    assert!(evident(&db, &["demo", "--today", "2026-04-08"]).ok);
    let check = evident(
        &db,
        &[
            "check",
            "--agreement",
            "NBC-CYP-01",
            "--period",
            "2025-26 Q4",
        ],
    );
    assert!(check.ok, "warnings never block: {}", check.stderr);
    assert_eq!(
        check.stdout.lines().count(),
        20,
        "twenty checks: {}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("Is every narrative heading answered?"),
        "{}",
        check.stdout
    );
    let breakdown = evident(
        &db,
        &[
            "breakdown",
            "--agreement",
            "NBC-CYP-01",
            "--period",
            "2025-26 Q2",
        ],
    );
    assert!(breakdown.ok, "{}", breakdown.stderr);
    assert!(
        breakdown.stdout.contains("Age band") && breakdown.stdout.contains("<5"),
        "{}",
        breakdown.stdout
    );
    let explain = evident(
        &db,
        &[
            "measures",
            "--agreement",
            "NBC-CYP-01",
            "--period",
            "2025-26 Q2",
            "--explain",
            "CYP1",
        ],
    );
    assert!(explain.ok, "{}", explain.stderr);
    assert!(
        explain.stdout.contains("counted participants") && explain.stdout.contains("P0"),
        "{}",
        explain.stdout
    );
    assert!(
        !explain.stdout.contains("Amara"),
        "drill-through lists codes, not names"
    );
    let bad = evident(
        &db,
        &[
            "measures",
            "--agreement",
            "NBC-CYP-01",
            "--period",
            "2025-26 Q2",
            "--explain",
            "NOPE",
        ],
    );
    assert!(
        !bad.ok
            && bad
                .stderr
                .contains("check the code against the agreement's measures"),
        "{}",
        bad.stderr
    );
}

#[test]
fn export_attach_submit_and_changes_from_the_command_line() {
    let (dir, db) = temp_db();
    assert!(evident(&db, &["demo", "--today", "2026-04-08"]).ok);
    let photo = dir.path().join("trip.jpg");
    std::fs::write(&photo, b"a photo of the trip").unwrap();
    let attached = evident(
        &db,
        &[
            "attach",
            photo.to_str().unwrap(),
            "--agreement",
            "NBC-YW-02",
            "--period",
            "2025-26 Q4",
        ],
    );
    assert!(attached.ok, "{}", attached.stderr);
    assert!(evident(&db, &["evidence", "list"])
        .stdout
        .contains("trip.jpg\tNBC-YW-02 2025-26 Q4"));
    let nowhere = evident(&db, &["attach", photo.to_str().unwrap()]);
    assert!(
        !nowhere.ok && nowhere.stderr.contains("say what the file belongs to"),
        "{}",
        nowhere.stderr
    );

    let export = evident(
        &db,
        &[
            "export",
            "--agreement",
            "NBC-YW-02",
            "--period",
            "2025-26 Q4",
            "--out",
            dir.path().to_str().unwrap(),
        ],
    );
    assert!(export.ok, "{}", export.stderr);
    let pack = dir
        .path()
        .join("Riverside-Youth-and-Family-Project-NBC-YW-02-2025-26-Q4-DRAFT.zip");
    assert!(
        pack.exists(),
        "a folder gets the usual name: {}",
        export.stdout
    );
    assert!(
        export.stdout.contains("(1 evidence file)"),
        "{}",
        export.stdout
    );

    let not_sent = evident(
        &db,
        &[
            "changes",
            "--agreement",
            "NBC-YW-02",
            "--period",
            "2025-26 Q4",
        ],
    );
    assert!(
        !not_sent.ok && not_sent.stderr.contains("has not been submitted"),
        "{}",
        not_sent.stderr
    );
    let submit = evident(
        &db,
        &[
            "submit",
            "--agreement",
            "NBC-YW-02",
            "--period",
            "2025-26 Q4",
            "--pack",
            pack.to_str().unwrap(),
        ],
    );
    assert!(submit.ok, "{}", submit.stderr);
    let changes = evident(
        &db,
        &[
            "changes",
            "--agreement",
            "NBC-YW-02",
            "--period",
            "2025-26 Q4",
        ],
    );
    assert!(
        changes.ok && changes.stdout.contains("no submitted figure"),
        "{}",
        changes.stdout
    );
    let late = evident(
        &db,
        &[
            "session",
            "add",
            "--programme",
            "Youth club",
            "--date",
            "2025-12-11",
            "--duration-minutes",
            "90",
            "--attendees",
            "P0003",
        ],
    );
    assert!(late.ok, "{}", late.stderr);
    let changed = evident(
        &db,
        &[
            "changes",
            "--agreement",
            "NBC-YW-02",
            "--period",
            "2025-26 Q4",
        ],
    );
    assert!(
        changed.ok && changed.stdout.contains("YW"),
        "a late register changes the sent figures: {}",
        changed.stdout
    );
}

#[test]
fn imports_and_frameworks_from_the_command_line() {
    let (dir, db) = temp_db();
    assert!(evident(&db, &["init", "--org", "Hillside Play"]).ok);
    let council = dir.path().join("council.xlsx");
    let source = format!(
        "{}/assets/frameworks/council-childrens-services.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let built = evident(
        &db,
        &[
            "framework",
            "build",
            &source,
            "--out",
            council.to_str().unwrap(),
        ],
    );
    assert!(built.ok, "{}", built.stderr);
    let dry = evident(
        &db,
        &[
            "import",
            "framework",
            council.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert!(
        dry.ok && dry.stdout.contains("dry run, nothing written"),
        "{}{}",
        dry.stdout,
        dry.stderr
    );
    assert_eq!(
        evident(&db, &["agreements"]).stdout,
        "",
        "a dry run adds no agreement"
    );
    let framework = evident(&db, &["import", "framework", council.to_str().unwrap()]);
    assert!(
        framework.ok && framework.stdout.contains("10 measures added"),
        "{}",
        framework.stdout
    );

    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        "code,known_as,gender\nP0001,Ada,Girl or woman\nP0002,Ben,Boy\n",
    )
    .unwrap();
    let dry = evident(
        &db,
        &[
            "import",
            "participants",
            people.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert!(dry.ok, "{}", dry.stderr);
    assert!(
        dry.stdout.contains("new to the gender list: \"Boy\""),
        "a typo is seen before it splits a category: {}",
        dry.stdout
    );
    assert!(dry.stdout.contains("2 rows: 2 to add"), "{}", dry.stdout);
    let real = evident(&db, &["import", "participants", people.to_str().unwrap()]);
    assert!(
        real.ok && real.stdout.contains("imported"),
        "{}",
        real.stdout
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "session_ref,programme,date,duration_minutes\nW1,Youth club,2026-05-05,90\nW2,Chess,2026-05-06,90\nW3,Youth club,2026-05-07,0\n").unwrap();
    let before = fingerprint(&db);
    let run = evident(&db, &["import", "sessions", bad.to_str().unwrap()]);
    assert!(!run.ok, "a file with problems exits non-zero");
    assert!(
        run.stderr
            .contains("bad.csv, line 3, column programme, value \"Chess\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("bad.csv, line 4, column duration_minutes"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("2 problems found in bad.csv, so nothing was written"),
        "{}",
        run.stderr
    );
    assert_eq!(before, fingerprint(&db));

    let exported = dir.path().join("exported.xlsx");
    let export = evident(
        &db,
        &[
            "export",
            "framework",
            "--agreement",
            "NBC-EH-2026",
            "--out",
            exported.to_str().unwrap(),
        ],
    );
    assert!(export.ok && exported.exists(), "{}", export.stderr);
}

#[test]
fn the_apps_week_screens_are_reachable_from_the_command_line() {
    let (_dir, db) = temp_db();
    assert!(evident(&db, &["demo", "--today", "2026-04-08"]).ok);
    let due = evident(&db, &["due"]);
    assert!(due.ok, "{}", due.stderr);
    assert_eq!(
        due.stdout.lines().filter(|l| l.contains('\t')).count(),
        3,
        "three returns: {}",
        due.stdout
    );
    assert!(due
        .stdout
        .contains("Ellen Price's DBS check ran out on 30/04/2026"));
    let register = evident(
        &db,
        &[
            "register",
            "--programme",
            "Youth club",
            "--date",
            "2026-03-26",
        ],
    );
    assert!(
        register.ok
            && register
                .stdout
                .starts_with("# Youth club 2026-03-26: session S"),
        "{}{}",
        register.stdout,
        register.stderr
    );
    assert!(register.stdout.contains("\tticked"));
    let page = evident(&db, &["participant", "page", "P0001"]);
    assert!(
        page.ok && page.stdout.contains("sessions attended:"),
        "{}",
        page.stderr
    );
    let filtered = evident(
        &db,
        &[
            "log",
            "list",
            "--outcome",
            "More confident",
            "--from",
            "2026-01-01",
        ],
    );
    assert!(filtered.ok, "{}", filtered.stderr);
    assert!(
        filtered.stdout.lines().all(|l| l.contains("More confident")
            && l.split('\t').nth(2).is_some_and(|d| d >= "2026-01-01")),
        "only that outcome, from that day: {}",
        filtered.stdout
    );
}

#[test]
fn milestones_and_approval_from_the_command_line() {
    let (_dir, db) = temp_db();
    assert!(evident(&db, &["demo", "--today", "2026-04-08"]).ok);
    let add = evident(
        &db,
        &[
            "milestone",
            "add",
            "--agreement",
            "NBC-YW-02",
            "--title",
            "Forum set up",
            "--due",
            "2026-02-28",
        ],
    );
    assert!(add.ok, "{}", add.stderr);
    let note = evident(
        &db,
        &[
            "milestone",
            "note",
            "--agreement",
            "NBC-YW-02",
            "--period",
            "2025-26 Q3",
            "forum set up",
            "--text",
            "First meeting held",
        ],
    );
    assert!(note.ok, "{}", note.stderr);
    let edit = evident(
        &db,
        &[
            "milestone",
            "edit",
            "--agreement",
            "NBC-YW-02",
            "Forum set up",
            "--status",
            "at risk",
        ],
    );
    assert!(edit.ok, "{}", edit.stderr);
    let list = evident(&db, &["milestone", "list", "--agreement", "NBC-YW-02"]);
    assert!(
        list.stdout
            .lines()
            .any(|l| l == "Forum set up\t2026-02-28\tat risk"),
        "{}",
        list.stdout
    );
    let bad = evident(
        &db,
        &[
            "milestone",
            "edit",
            "--agreement",
            "NBC-YW-02",
            "Forum set up",
            "--status",
            "late",
        ],
    );
    assert!(
        !bad.ok
            && bad
                .stderr
                .contains("not started, on track, at risk, done, dropped"),
        "{}",
        bad.stderr
    );
    let income = evident(
        &db,
        &[
            "finance",
            "income",
            "--agreement",
            "NBC-YW-02",
            "--period",
            "2025-26 Q3",
            "--source",
            "Local lottery",
            "--amount",
            "1200",
        ],
    );
    assert!(
        income.ok && income.stdout.contains("£1200.00"),
        "{}",
        income.stderr
    );
    let forecast = evident(
        &db,
        &[
            "finance",
            "forecast",
            "--agreement",
            "NBC-YW-02",
            "--period",
            "2025-26 Q3",
            "--amount",
            "ten",
        ],
    );
    assert!(
        !forecast.ok && forecast.stderr.contains("not an amount of money"),
        "{}",
        forecast.stderr
    );
    let approve = evident(
        &db,
        &[
            "approve",
            "--agreement",
            "NBC-YW-02",
            "--period",
            "2025-26 Q3",
            "--name",
            "Sam Patel",
            "--role",
            "Coordinator",
        ],
    );
    assert!(
        approve.ok
            && approve
                .stdout
                .contains("approved by Sam Patel (Coordinator)"),
        "{}",
        approve.stderr
    );
}

/// The example frameworks that ship with Evident are listed, and one sets up
/// an agreement in one step; an unknown name is refused and writes nothing.
#[test]
fn an_example_framework_sets_up_an_agreement() {
    let (_dir, db) = temp_db();
    assert!(evident(&db, &["init", "--org", "Hillside Play"]).ok);
    let listed = evident(&db, &["framework", "examples"]);
    assert!(
        listed
            .stdout
            .lines()
            .any(|l| l.starts_with("trust-grant\tHartley Community Trust")),
        "{}",
        listed.stdout
    );
    let unknown = evident(&db, &["import", "example", "nope"]);
    assert!(!unknown.ok && unknown.stderr.contains("no example framework \"nope\""));
    assert_eq!(evident(&db, &["agreement", "list"]).stdout, "");
    let set_up = evident(&db, &["import", "example", "trust-grant"]);
    assert!(set_up.ok, "{}", set_up.stderr);
    assert!(evident(&db, &["agreement", "list"])
        .stdout
        .starts_with("HCT-2026-114\t"));
}

/// A measure is worked out before it is saved, and nothing is kept.
#[test]
fn a_measure_is_previewed_from_the_command_line() {
    let (_dir, db) = temp_db();
    assert!(evident(&db, &["demo", "--today", "2026-04-08"]).ok);
    let before = evident(&db, &["measure", "list", "--agreement", "NBC-CYP-01"]).stdout;
    let preview = evident(
        &db,
        &[
            "measure",
            "preview",
            "--agreement",
            "NBC-CYP-01",
            "--period",
            "2025-26 Q4",
            "--calculation",
            "sessions",
        ],
    );
    assert!(preview.ok, "{}", preview.stderr);
    assert!(
        preview.stdout.starts_with("this period\t15\n"),
        "{}",
        preview.stdout
    );
    assert_eq!(
        evident(&db, &["measure", "list", "--agreement", "NBC-CYP-01"]).stdout,
        before,
        "nothing kept"
    );
}
