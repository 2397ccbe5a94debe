//! The backups of the large demo: the folder a full rotation fills, its
//! day's backups compressed, beside the same backups as plain database
//! files (measured by expanding each); and the time a day's backup takes
//! compressed, beside a plain one taken by hand, in the same run.
//!
//! The rotation: the records opened on the first of 12 months, then on 10
//! days in a row, each first open of a day writing that day's backup;
//! rotation keeps the newest 10 and the newest of each month. `cargo xtask
//! bench` runs it on `$EVIDENT_BENCH_DATA/large.db` and reads what it
//! writes to `$EVIDENT_BENCH_DATA/backups.json`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Days, Months, NaiveDate, NaiveDateTime};
use evident::store::BackupReason;
use evident::Store;

fn start() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 1, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a real time")
}

fn main() {
    let data = std::env::var("EVIDENT_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("target/bench"));
    let large = data.join("large.db");
    assert!(
        large.is_file(),
        "{} is made by `cargo xtask bench`",
        large.display()
    );
    let scratch = tempfile::tempdir().expect("a temp folder");
    let path = scratch.path().join("large.db");
    std::fs::copy(&large, &path).expect("a copy of the large demo");

    let mut daily_seconds = Vec::new();
    let days = (0..12u32)
        .map(|m| start() + Months::new(m))
        .chain((1..=10u64).map(|d| start() + Months::new(12) + Days::new(d)));
    for day in days {
        let started = Instant::now();
        drop(Store::open(&path, day).expect("the large demo opens"));
        daily_seconds.push(started.elapsed().as_secs_f64());
    }
    let store = Store::open(&path, start() + Months::new(13)).expect("opens");
    let kept = store.backups().expect("the backups");
    let folder_mb = kept.iter().map(|p| size(p)).sum::<u64>() as f64 / 1e6;
    let plain_mb = kept.iter().map(|p| expanded_size(p)).sum::<u64>() as f64 / 1e6;
    let mut manual_seconds = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let manual = store
            .backup_into_rotation(start() + Months::new(13), BackupReason::Manual)
            .expect("a backup by hand");
        manual_seconds.push(started.elapsed().as_secs_f64());
        std::fs::remove_file(manual).expect("removed again");
    }
    let figures = serde_json::json!({
        "files": kept.len(),
        "folder_mb": folder_mb,
        "plain_mb": plain_mb,
        "records_mb": size(&path) as f64 / 1e6,
        "daily_seconds": median(daily_seconds),
        "manual_seconds": median(manual_seconds),
    });
    println!("backups: {figures}");
    let out = data.join("backups.json");
    std::fs::write(&out, figures.to_string()).expect("backups.json");
    println!("saved as {}", out.display());
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// The size of the database file a backup holds: itself, or expanded.
fn expanded_size(path: &Path) -> u64 {
    if !path.to_string_lossy().ends_with(".gz") {
        return size(path);
    }
    let file = std::fs::File::open(path).expect("the backup opens");
    let mut expanding = flate2::read::GzDecoder::new(std::io::BufReader::new(file));
    std::io::copy(&mut expanding, &mut std::io::sink()).expect("the backup expands")
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
