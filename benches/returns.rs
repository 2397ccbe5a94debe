//! Benchmarks on `demo --size large`, against a baseline measured in the
//! same run (reading the year's registers with `Store::sessions`):
//! every measure of one agreement for one period (this period and year to
//! date), that period's whole returns pack written to disk, and importing
//! 100,000 attendance rows from a CSV file.
//! Run with `cargo xtask bench`; figures are medians.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use evident::demo::{self, Size, COUNCIL_CONTRACT};
use evident::measures::Workbench;
use evident::store::SessionQuery;
use evident::Store;

const RUNS: usize = 30;
const PERIOD: &str = "2025-26 Q4";

fn median(mut f: impl FnMut()) -> Duration {
    f(); // warm the page cache and SQLite's statement cache
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let now = NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let mut store = Store::create(&dir.path().join("bench.db"), now).expect("a database");
    let started = Instant::now();
    let summary = demo::fill(&mut store, Size::Large).expect("the large demo");
    println!(
        "demo --size large: {} participants, {} sessions, {} attendances, written in {:.0} ms",
        summary.participants,
        summary.sessions,
        summary.attendances,
        ms(started.elapsed())
    );

    let bench = Workbench::load(&store, COUNCIL_CONTRACT, PERIOD).expect("the period");
    let year = SessionQuery {
        programme: None,
        from: Some(bench.period.year_start),
        to: Some(bench.period.end),
    };
    let measures = bench.measures.len();
    let baseline = median(|| {
        let sessions = store.sessions(&year).expect("sessions");
        std::hint::black_box(sessions);
    });
    let all_measures = median(|| {
        let report = Workbench::load(&store, COUNCIL_CONTRACT, PERIOD)
            .expect("load")
            .report();
        std::hint::black_box(report);
    });
    let checks = median(|| {
        let bench = Workbench::load(&store, COUNCIL_CONTRACT, PERIOD).expect("load");
        std::hint::black_box(
            evident::checks::readiness(&store, &bench, now.date()).expect("checks"),
        );
    });

    // What the Returns screen asks for when it opens: the whole return in
    // one call, against the core's report of the same period.
    let screen = median(|| {
        std::hint::black_box(
            evident::period_return::of(&store, COUNCIL_CONTRACT, PERIOD, now.date())
                .expect("the return"),
        );
    });

    let out = dir.path().join("pack.zip");
    let options = evident::pack::Options {
        prepared_by: "Benchmark".into(),
        now,
    };
    let pack = median(|| {
        evident::pack::export(&store, COUNCIL_CONTRACT, PERIOD, &out, &options).expect("pack");
    });

    // 100,000 attendance rows, each a distinct (session, participant) pair.
    let sessions: Vec<String> = store
        .sessions(&SessionQuery::default())
        .expect("sessions")
        .into_iter()
        .map(|s| s.reference)
        .collect();
    let people: Vec<String> = store
        .participants(true)
        .expect("participants")
        .into_iter()
        .map(|p| p.code)
        .collect();
    let mut csv = String::from("session_ref,participant_code\n");
    for k in 0..100_000usize {
        csv.push_str(&format!(
            "{},{}\n",
            sessions[k % sessions.len()],
            people[(k * 7919) % people.len()]
        ));
    }
    let attendance = dir.path().join("attendance.csv");
    std::fs::write(&attendance, csv).expect("the CSV");
    let started = Instant::now();
    let imported = evident::import::run(
        &mut store,
        evident::import::Kind::Attendance,
        &attendance,
        false,
        now.date(),
    )
    .expect("the import");
    let import_time = started.elapsed();
    assert!(imported.written, "the import wrote its rows");

    println!("median of {RUNS} runs, {COUNCIL_CONTRACT} {PERIOD}, {measures} measures:");
    println!(
        "  baseline: the year's registers via Store::sessions  {:8.2} ms  1.00×",
        ms(baseline)
    );
    println!(
        "  all measures, this period and year to date          {:8.2} ms  {:.2}×  (target < 20 ms: {})",
        ms(all_measures),
        ms(all_measures) / ms(baseline),
        if ms(all_measures) < 20.0 { "met" } else { "NOT met" }
    );
    println!(
        "  readiness checks (load + all measures + checks)      {:8.2} ms  {:.2}×",
        ms(checks),
        ms(checks) / ms(baseline)
    );
    println!(
        "  the Returns screen's data (one call, with trend)     {:8.2} ms  {:.2}×  ({:.2}× all measures; target < 300 ms: {})",
        ms(screen),
        ms(screen) / ms(baseline),
        ms(screen) / ms(all_measures),
        if ms(screen) < 300.0 { "met" } else { "NOT met" }
    );
    println!(
        "  returns pack (.zip, every sheet, trend of {} periods)  {:8.2} ms  {:.2}×  (target < 500 ms: {})",
        bench.periods.iter().filter(|p| p.end <= bench.period.end).count(),
        ms(pack),
        ms(pack) / ms(baseline),
        if ms(pack) < 500.0 { "met" } else { "NOT met" }
    );
    println!(
        "  import 100,000 attendance rows (one run; {} new)     {:8.2} ms  {:.2}×  (target < 2,000 ms: {})",
        imported.added,
        ms(import_time),
        ms(import_time) / ms(baseline),
        if ms(import_time) < 2000.0 { "met" } else { "NOT met" }
    );
}
