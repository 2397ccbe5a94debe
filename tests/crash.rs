//! The crash test: the `evident` command saves records (people, registers,
//! scores, a 1,500-row import) and is killed with SIGKILL at random moments,
//! at least 200 times. After each kill the database passes SQLite's
//! integrity check, every save the command reported is there, and an
//! import is there whole or not at all.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use evident::Store;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::support::{evident, now};

/// Kills to survive.
const KILLS: usize = 200;

/// What a round asked the command to save.
enum Save {
    Person(String),
    Register(String),
    Score(String),
    Import,
}

fn command(db: &Path, save: &Save, import: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_evident"));
    c.arg("--db").arg(db);
    match save {
        Save::Person(name) => c.args(["participant", "add", "--known-as", name]),
        Save::Register(date) => c.args([
            "session",
            "add",
            "--programme",
            "Youth club",
            "--date",
            date,
            "--duration-minutes",
            "90",
            "--attendees",
            "P0001;P0002",
        ]),
        Save::Score(date) => c.args([
            "assessment",
            "add",
            "--participant",
            "P0001",
            "--indicator",
            "Confidence",
            "--date",
            date,
            "--score",
            "6",
        ]),
        Save::Import => c.arg("import").arg("participants").arg(import),
    };
    c.stdout(Stdio::piped()).stderr(Stdio::null());
    c
}

#[cfg(unix)]
#[test]
fn two_hundred_kills_lose_nothing_that_was_reported_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    for setup in [
        vec!["init", "--org", "Crash Test Club"],
        vec!["programme", "add", "--name", "Youth club"],
        vec![
            "indicator",
            "add",
            "--name",
            "Confidence",
            "--min",
            "1",
            "--max",
            "10",
        ],
        vec!["participant", "add", "--known-as", "First"],
        vec!["participant", "add", "--known-as", "Second"],
    ] {
        let run = evident(&db, &setup);
        assert!(run.ok, "{setup:?}: {}", run.stderr);
    }
    let import = dir.path().join("many.csv");
    let mut csv = String::from("code,known_as\n");
    for i in 0..1_500 {
        csv.push_str(&format!("Q{i:05},Imported {i}\n"));
    }
    std::fs::write(&import, csv).unwrap();

    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let mut people: BTreeSet<String> = BTreeSet::new();
    let mut registers = 0usize;
    let mut scores = 0usize;
    let (mut kills, mut rounds, mut checked) = (0usize, 0usize, 0usize);
    let started = Instant::now();
    while kills < KILLS && rounds < 4 * KILLS {
        rounds += 1;
        let day = format!("2026-{:02}-{:02}", 1 + rounds % 12, 1 + rounds % 28);
        let save = match rounds % 7 {
            0..=2 => Save::Person(format!("Person {rounds}")),
            3 | 4 => Save::Register(day),
            5 => Save::Score(day),
            _ => Save::Import,
        };
        let mut child = command(&db, &save, &import).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(rng.random_range(0..60)));
        let finished = child.try_wait().unwrap().is_some();
        if !finished {
            child.kill().unwrap();
            kills += 1;
        }
        let output = child.wait_with_output().unwrap();
        let reported = finished && output.status.success();
        if reported {
            match &save {
                Save::Person(name) => {
                    people.insert(name.clone());
                }
                Save::Register(_) => registers += 1,
                Save::Score(_) => scores += 1,
                Save::Import => {}
            }
        }

        // After every round: sound, and nothing reported saved is lost.
        let store = Store::open(&db, now()).expect("the database opens after a kill");
        let integrity = store.integrity().unwrap();
        assert!(
            integrity.ok,
            "after round {rounds}: {:?}",
            integrity.problems
        );
        let names: BTreeSet<String> = store
            .participants(true)
            .unwrap()
            .into_iter()
            .map(|p| p.known_as)
            .collect();
        for name in &people {
            assert!(
                names.contains(name),
                "{name} was reported saved and is gone"
            );
        }
        let imported = names.iter().filter(|n| n.starts_with("Imported ")).count();
        assert!(
            imported == 0 || imported == 1_500,
            "a partial import: {imported} rows"
        );
        assert!(store.sessions(&Default::default()).unwrap().len() >= registers);
        assert!(store.assessments(None).unwrap().len() >= scores);
        checked += people.len() + registers + scores + imported;
    }
    eprintln!(
        "crash test: {kills} kills in {rounds} rounds ({:.1} s); {} people, {registers} registers and {scores} scores reported saved, {checked} record checks, nothing lost",
        started.elapsed().as_secs_f64(),
        people.len()
    );
    assert!(
        kills >= KILLS,
        "only {kills} kills landed in {rounds} rounds"
    );
}

/// The concurrency test: eight `evident` processes each add ten people
/// while four others list them, all at once, on one database: no "database
/// is locked" reaches anyone, and all eighty are there.
#[test]
fn eight_writers_and_four_readers_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("busy.db");
    assert!(evident(&db, &["init", "--org", "Busy Club"]).ok);
    let started = Instant::now();
    let mut processes = Vec::new();
    for writer in 0..8 {
        let db = db.clone();
        processes.push(std::thread::spawn(move || {
            (0..10)
                .map(|i| {
                    let name = format!("Writer {writer} child {i}");
                    let run = evident(&db, &["participant", "add", "--known-as", &name]);
                    (run.ok, run.stderr)
                })
                .collect::<Vec<_>>()
        }));
    }
    for _ in 0..4 {
        let db = db.clone();
        processes.push(std::thread::spawn(move || {
            (0..10)
                .map(|_| {
                    let run = evident(&db, &["participant", "list"]);
                    (run.ok, run.stderr)
                })
                .collect::<Vec<_>>()
        }));
    }
    let failures: Vec<String> = processes
        .into_iter()
        .flat_map(|p| p.join().unwrap())
        .filter(|(ok, _)| !ok)
        .map(|(_, stderr)| stderr)
        .collect();
    assert!(failures.is_empty(), "refused: {failures:?}");
    let store = Store::open(&db, now()).unwrap();
    assert_eq!(store.participants(true).unwrap().len(), 80);
    eprintln!(
        "concurrency test: 12 processes, 80 writes and 40 listings in {:.1} s, none refused",
        started.elapsed().as_secs_f64()
    );
}
