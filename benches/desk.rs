//! Bringing 100 returns packs into a commissioner's desk (each checked
//! against its manifest, its data.json and figure sheets read and kept),
//! beside the floor of reading the same zips' manifests alone, in the same
//! run. The packs are 25 demo providers' (of different sizes and seeds)
//! four quarters, made once into `$EVIDENT_BENCH_DATA/desk-packs/`; the
//! figures go to `$EVIDENT_BENCH_DATA/desk.json`, which `cargo xtask bench`
//! reports.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Days, NaiveDate, NaiveDateTime};
use evident::demo::{self, Provider, Size, DEMO_DAY};
use evident::desk::{self, DeskStore};
use evident::pack::{self, Options};
use evident::Store;

const PROVIDERS: usize = 25;
const PERIODS: [&str; 4] = ["2025-26 Q1", "2025-26 Q2", "2025-26 Q3", "2025-26 Q4"];

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 6, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a real time")
}

fn main() {
    let data = std::env::var("EVIDENT_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("target/bench"));
    let packs = data.join("desk-packs");
    let files = make_packs(&packs);
    assert_eq!(files.len(), PROVIDERS * PERIODS.len());

    let mut bring_in = Vec::new();
    let mut manifests = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        for file in &files {
            read_manifest(file);
        }
        manifests.push(started.elapsed().as_secs_f64());

        let scratch = tempfile::tempdir().expect("a temp folder");
        let started = Instant::now();
        let mut desk = DeskStore::open(&scratch.path().join("desk.db")).expect("a desk");
        let done = desk::bring_in(&mut desk, &packs, now()).expect("brought in");
        bring_in.push(started.elapsed().as_secs_f64());
        assert_eq!(done.added.len(), files.len(), "{:?}", done.refused);
    }
    let figures = serde_json::json!({
        "packs": files.len(),
        "bring_in_seconds": median(bring_in),
        "manifests_seconds": median(manifests),
    });
    println!("desk: {figures}");
    let out = data.join("desk.json");
    std::fs::write(&out, figures.to_string()).expect("desk.json");
    println!("saved as {}", out.display());
}

/// The 100 packs, made once.
fn make_packs(folder: &Path) -> Vec<PathBuf> {
    let listed = |folder: &Path| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "zip"));
        files.sort();
        files
    };
    let files = listed(folder);
    if files.len() == PROVIDERS * PERIODS.len() {
        return files;
    }
    let _ = std::fs::remove_dir_all(folder);
    std::fs::create_dir_all(folder).expect("the packs' folder");
    for i in 0..PROVIDERS {
        let scratch = tempfile::tempdir().expect("a temp folder");
        let mut store = Store::create(&scratch.path().join("evident.db"), now()).expect("a store");
        demo::fill_as(
            &mut store,
            Size::Small,
            DEMO_DAY,
            &Provider {
                name: format!("Bench Provider {i:02}"),
                seed: 7_000 + i as u64,
                participants: Some(40 + 20 * (i % 5)),
            },
        )
        .expect("a demo provider");
        let periods = evident::periods::of_agreement(&store, "NBC-CYP-01").expect("periods");
        for id in PERIODS {
            let due = periods.iter().find(|p| p.id == id).expect("the period").due;
            let options = Options {
                prepared_by: "Bench".into(),
                now: (due - Days::new(3)).and_hms_opt(10, 0, 0).expect("a time"),
            };
            pack::export(&store, "NBC-CYP-01", id, folder, &options).expect("a pack");
        }
    }
    listed(folder)
}

/// The floor: one zip opened and its manifest read and parsed.
fn read_manifest(file: &Path) {
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(file).expect("the pack")).expect("a zip");
    let mut text = String::new();
    zip.by_name("manifest.json")
        .expect("a manifest")
        .read_to_string(&mut text)
        .expect("its text");
    let manifest: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert!(manifest["files"].is_array());
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
