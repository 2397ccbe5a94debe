//! Imports at scale, each beside its plain-SQL floor measured in the same
//! run, with the peak memory each import adds:
//!
//! - `participants`: 100,000 participants from CSV into records holding one
//!   programme and its 10,000 sessions; the floor inserts the same rows
//!   (and their priority groups) with plain SQL, one statement a row, in
//!   one transaction;
//! - `attendance`: a million attendance rows (100 children at each of the
//!   10,000 sessions) from CSV into those records with the participants
//!   in; the floor inserts the same marks with plain SQL.
//!
//! Too long for criterion's ten samples, so each is run `RUNS` times on a
//! fresh copy and the median kept. `cargo xtask bench` runs it and reads
//! what it writes to `$EVIDENT_BENCH_DATA/imports.json`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Days, NaiveDate, NaiveDateTime};
use evident::import::Kind;
use evident::records::{Programme, Session};
use evident::{Key, Store};
use rusqlite::{params, Connection};

const PEOPLE: usize = 100_000;
const SESSIONS: usize = 10_000;
const AT_EACH: usize = 100;
const RUNS: usize = 3;
const PROGRAMME: &str = "Youth club";

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a real time")
}

fn main() {
    let data = std::env::var("EVIDENT_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("target/bench"));
    std::fs::create_dir_all(&data).expect("the bench folder");
    let scratch = tempfile::tempdir().expect("a temp folder");
    let dir = scratch.path();

    let sessions_only = dir.join("sessions-only.db");
    make_sessions(&sessions_only);
    let people_csv = dir.join("participants.csv");
    std::fs::write(&people_csv, participants_csv()).expect("the participants CSV");
    let marks_csv = dir.join("attendance.csv");
    std::fs::write(&marks_csv, attendance_csv()).expect("the attendance CSV");

    // One import alone, for `perf record` or `heaptrack`:
    // `EVIDENT_PROFILE=participants` or `EVIDENT_PROFILE=attendance`.
    match std::env::var("EVIDENT_PROFILE").as_deref() {
        Ok("participants") => {
            let path = copy(&sessions_only, dir, "participants.db");
            let run = imported(&path, Kind::Participants, &people_csv);
            println!("participants: {:.2} s, {:.0} MB", run.seconds, run.peak_mb);
            return;
        }
        Ok("attendance") => {
            let path = copy(&sessions_only, dir, "attendance.db");
            imported(&path, Kind::Participants, &people_csv);
            let run = imported(&path, Kind::Attendance, &marks_csv);
            println!("attendance: {:.2} s, {:.0} MB", run.seconds, run.peak_mb);
            return;
        }
        _ => {}
    }
    let participants = median_of(|| {
        let path = copy(&sessions_only, dir, "participants.db");
        imported(&path, Kind::Participants, &people_csv)
    });
    let participants_floor = median_of(|| {
        let path = copy(&sessions_only, dir, "participants-floor.db");
        timed(|| participants_floor(&path))
    });

    let with_people = dir.join("with-people.db");
    copy(&sessions_only, dir, "with-people.db");
    imported(&with_people, Kind::Participants, &people_csv);
    let attendance = median_of(|| {
        let path = copy(&with_people, dir, "attendance.db");
        imported(&path, Kind::Attendance, &marks_csv)
    });
    let attendance_floor = median_of(|| {
        let path = copy(&with_people, dir, "attendance-floor.db");
        let marks = marks_by_key(&path);
        timed(|| attendance_floor(&path, &marks))
    });

    let figures = serde_json::json!({
        "participants": participants,
        "participants_floor": participants_floor,
        "attendance": attendance,
        "attendance_floor": attendance_floor,
    });
    for (name, figure) in figures.as_object().expect("an object") {
        println!(
            "imports/{name}: {:.2} s, peak memory added {:.0} MB",
            figure["seconds"].as_f64().unwrap_or(0.0),
            figure["peak_mb"].as_f64().unwrap_or(0.0)
        );
    }
    let out = data.join("imports.json");
    std::fs::write(&out, figures.to_string()).expect("imports.json");
    println!("saved as {}", out.display());
}

/// One timed run: seconds, and the peak memory it added in megabytes.
struct Run {
    seconds: f64,
    peak_mb: f64,
}

/// The median run of `RUNS` (by time), as JSON.
fn median_of(mut run: impl FnMut() -> Run) -> serde_json::Value {
    let mut runs: Vec<Run> = (0..RUNS).map(|_| run()).collect();
    runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let peak = runs.iter().map(|r| r.peak_mb).fold(0.0, f64::max);
    serde_json::json!({ "seconds": runs[RUNS / 2].seconds, "peak_mb": peak })
}

/// Times `f`, with the peak resident memory it adds (Linux's high-water
/// mark, reset first).
fn timed(f: impl FnOnce()) -> Run {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = resident_mb();
    let started = Instant::now();
    f();
    let seconds = started.elapsed().as_secs_f64();
    Run {
        seconds,
        peak_mb: (high_water_mb() - before).max(0.0),
    }
}

fn imported(path: &Path, kind: Kind, file: &Path) -> Run {
    let mut store = Store::open(path, now()).expect("the copy opens");
    timed(|| {
        let report =
            evident::import::run(&mut store, kind, file, false, now().date()).expect("the import");
        assert!(report.written && report.added > 0, "{}", report.summary());
    })
}

fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn resident_mb() -> f64 {
    status_mb("VmRSS:")
}

fn high_water_mb() -> f64 {
    status_mb("VmHWM:")
}

fn copy(from: &Path, dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", to.display()));
    }
    std::fs::copy(from, &to).expect("a copy of the records");
    to
}

fn code(i: usize) -> String {
    format!("P{:06}", i + 1)
}

fn reference(i: usize) -> String {
    format!("S{:05}", i + 1)
}

/// Records with one programme and its sessions, one a day, folded into one
/// file so that a copy of it is whole.
fn make_sessions(path: &Path) {
    let mut store = Store::create(path, now()).expect("new records");
    store
        .add_programme(&Programme {
            name: PROGRAMME.to_string(),
            ..Programme::default()
        })
        .expect("the programme");
    let first = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a real date");
    let sessions: Vec<Session> = (0..SESSIONS)
        .map(|i| Session {
            reference: reference(i),
            programme: PROGRAMME.to_string(),
            date: first + Days::new(i as u64),
            duration_minutes: 90,
            ..Session::default()
        })
        .collect();
    store.add_sessions(&sessions).expect("the sessions");
    drop(store);
    let conn = Connection::open(path).expect("SQLite opens the records");
    conn.pragma_update(None, "journal_mode", "DELETE")
        .expect("the journal folded in");
}

const GENDERS: [&str; 3] = ["Female", "Male", "Non-binary"];
const AREAS: [&str; 4] = ["North", "South", "East", "West"];
const GROUPS: [&str; 3] = ["Young carer", "Looked after", ""];

fn participant_fields(i: usize) -> [String; 6] {
    [
        code(i),
        format!("Child {}", i + 1),
        format!("{}-0{}-1{}", 2008 + i % 10, 1 + i % 9, i % 10),
        GENDERS[i % 3].to_string(),
        AREAS[i % 4].to_string(),
        GROUPS[i % 3].to_string(),
    ]
}

fn participants_csv() -> String {
    let mut csv = String::from("code,known_as,date_of_birth,gender,area,groups\n");
    for i in 0..PEOPLE {
        csv.push_str(&participant_fields(i).join(","));
        csv.push('\n');
    }
    csv
}

fn attendance_csv() -> String {
    let mut csv = String::from("session_ref,participant_code\n");
    for s in 0..SESSIONS {
        for j in 0..AT_EACH {
            csv.push_str(&format!(
                "{},{}\n",
                reference(s),
                code((s * AT_EACH + j) % PEOPLE)
            ));
        }
    }
    csv
}

fn floor_connection(path: &Path) -> Connection {
    let conn = Connection::open(path).expect("SQLite opens the copy");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("WAL");
    conn.pragma_update(None, "synchronous", "FULL")
        .expect("synchronous");
    conn
}

fn participants_floor(path: &Path) {
    let mut conn = floor_connection(path);
    let tx = conn.transaction().expect("a transaction");
    {
        let mut person = tx
            .prepare(
                "INSERT INTO participant (id, code, known_as, date_of_birth, gender, area)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .expect("the insert");
        let mut group = tx
            .prepare("INSERT INTO participant_group (participant_id, group_name) VALUES (?1, ?2)")
            .expect("the insert");
        for i in 0..PEOPLE {
            let [code, known_as, born, gender, area, groups] = participant_fields(i);
            let id = Key::new();
            person
                .execute(params![id, code, known_as, born, gender, area])
                .expect("a participant");
            if !groups.is_empty() {
                group.execute(params![id, groups]).expect("a group");
            }
        }
    }
    tx.commit().expect("the commit");
}

/// Every mark's session, person, programme and day as the floor writes
/// them, read before it is timed.
fn marks_by_key(path: &Path) -> Vec<(String, String, String, String)> {
    let conn = Connection::open(path).expect("SQLite opens the copy");
    let sessions: HashMap<String, (String, String, String)> = conn
        .prepare("SELECT reference, id, programme_id, date FROM session")
        .expect("the sessions")
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
        .expect("the sessions")
        .map(|r| r.expect("a session"))
        .collect();
    let people: HashMap<String, String> = conn
        .prepare("SELECT code, id FROM participant")
        .expect("the people")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("the people")
        .map(|r| r.expect("a person"))
        .collect();
    let mut marks = Vec::with_capacity(SESSIONS * AT_EACH);
    for s in 0..SESSIONS {
        let (sid, programme, date) = &sessions[&reference(s)];
        for j in 0..AT_EACH {
            let pid = &people[&code((s * AT_EACH + j) % PEOPLE)];
            marks.push((sid.clone(), pid.clone(), programme.clone(), date.clone()));
        }
    }
    marks
}

fn attendance_floor(path: &Path, marks: &[(String, String, String, String)]) {
    let mut conn = floor_connection(path);
    let tx = conn.transaction().expect("a transaction");
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO attendance (session_id, participant_id, programme_id, date)
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .expect("the insert");
        for (session, person, programme, date) in marks {
            insert
                .execute(params![session, person, programme, date])
                .expect("a mark");
        }
    }
    tx.commit().expect("the commit");
}
