//! The commissioner's desk (DESIGN "The commissioner's desk"): twelve
//! providers' packs, some late, one missing, one resubmitted with a changed
//! figure and one altered after export, brought into a desk; every figure
//! on the desk checked against the packs' own workbooks; no child's record
//! in the desk's file.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use calamine::{Data, DataType, Reader};
use chrono::{Days, NaiveDate};
use evident::demo::{self, Provider, Size, DEMO_DAY};
use evident::desk::{self, DeskStore};
use evident::forms::SessionForm;
use evident::framework::Framework;
use evident::pack::{self, Options};
use tempfile::TempDir;

use crate::support::{d, now, unzip, TestDb};

const PERIODS: [&str; 4] = ["2025-26 Q1", "2025-26 Q2", "2025-26 Q3", "2025-26 Q4"];
const AGREEMENTS: [&str; 3] = ["NBC-CYP-01", "NBC-CYP-02", "NBC-CYP-03"];
/// The desk is read on this day: after the last quarter's return was due.
const DESK_DAY: NaiveDate = d_const(2026, 5, 20);

const fn d_const(y: i32, m: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, day) {
        Some(day) => day,
        None => panic!("a real date"),
    }
}

/// Twelve providers' packs in one folder, and what the test needs to know
/// of them.
struct Made {
    _folder: TempDir,
    packs: PathBuf,
    /// Each provider's name and agreement.
    providers: Vec<(String, String)>,
    /// Every child's code, name and date of birth, from every provider.
    children: Vec<String>,
    /// The pack altered after export.
    altered: PathBuf,
    /// The resubmitted pack (provider, period, the first and the second file).
    resubmitted: (String, String, PathBuf, PathBuf),
}

fn provider_name(i: usize) -> String {
    const KINDS: [&str; 4] = [
        "Youth Project",
        "Family Centre",
        "Play Association",
        "Young People's Trust",
    ];
    const PLACES: [&str; 12] = [
        "Ashby", "Brook", "Carrow", "Dunmore", "Elmfield", "Farley", "Garth", "Holm", "Ingle",
        "Jessop", "Kirkby", "Lark",
    ];
    format!("{} {}", PLACES[i], KINDS[i % 4])
}

/// When provider `i` wrote its pack for period `p` (due on `due`): most on
/// time, two late.
fn written_on(i: usize, p: usize, due: NaiveDate) -> Option<NaiveDate> {
    match (i, p) {
        (6, 3) => None,                      // never sent: missing
        (1, 2) => Some(due + Days::new(12)), // late by 12 days
        (4, 1) => Some(due + Days::new(3)),  // late by 3 days
        _ => Some(due - Days::new(5 + i as u64)),
    }
}

fn made() -> &'static Made {
    static MADE: OnceLock<Made> = OnceLock::new();
    MADE.get_or_init(|| {
        let folder = tempfile::tempdir().unwrap();
        let packs = folder.path().join("packs");
        std::fs::create_dir(&packs).unwrap();
        let mut providers = Vec::new();
        let mut children = Vec::new();
        let mut altered = PathBuf::new();
        let mut resubmitted = None;
        for i in 0..12 {
            let name = provider_name(i);
            let mut db = TestDb::empty();
            demo::fill_as(
                &mut db.store,
                Size::Small,
                DEMO_DAY,
                &Provider {
                    name: name.clone(),
                    seed: 500 + i as u64,
                    participants: Some(30 + 12 * (i % 4)),
                },
            )
            .unwrap();
            // Three agreements of the same framework.
            let reference = AGREEMENTS[i % 3];
            if reference != AGREEMENTS[0] {
                let mut framework = Framework::of_agreement(&db.store, AGREEMENTS[0]).unwrap();
                framework.agreement.reference = reference.into();
                evident::framework::import_framework(&mut db.store, &framework, "test", false)
                    .unwrap();
            }
            children.extend(child_identities(&db.path));
            let periods = evident::periods::of_agreement(&db.store, reference).unwrap();
            for (p, id) in PERIODS.iter().enumerate() {
                let period = periods.iter().find(|x| x.id == *id).unwrap();
                let Some(day) = written_on(i, p, period.due) else {
                    continue;
                };
                let options = Options {
                    prepared_by: "Desk Test Preparer".into(),
                    now: day.and_hms_opt(11, 0, 0).unwrap(),
                };
                let file = packs.join(format!("{i:02}-{}.zip", id.replace(' ', "-")));
                let file = pack::export(&db.store, reference, id, &file, &options)
                    .unwrap()
                    .path;
                if (i, p) == (3, 2) {
                    // A session forgotten, added, and the return sent again.
                    let programme = db.store.agreement(reference).unwrap().programmes[0].clone();
                    SessionForm {
                        programme: Some(programme),
                        date: Some("2025-11-12".into()),
                        duration_minutes: Some("90".into()),
                        headcount: Some("7".into()),
                        ..Default::default()
                    }
                    .add_to(&mut db.store, d(2026, 4, 8))
                    .unwrap();
                    let again =
                        packs.join(format!("{i:02}-{}-resubmitted.zip", id.replace(' ', "-")));
                    let later = Options {
                        now: options.now + Days::new(9),
                        ..options
                    };
                    let again = pack::export(&db.store, reference, id, &again, &later)
                        .unwrap()
                        .path;
                    resubmitted = Some((name.clone(), id.to_string(), file.clone(), again));
                }
                if (i, p) == (8, 1) {
                    alter(&file);
                    altered = file;
                }
            }
            providers.push((name, reference.to_string()));
        }
        Made {
            _folder: folder,
            packs,
            providers,
            children,
            altered,
            resubmitted: resubmitted.unwrap(),
        }
    })
}

/// Rewrites the pack with one figure of its data.json changed, its
/// manifest left as it was.
fn alter(file: &Path) {
    let files = unzip(file);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, mut bytes) in files {
        if name == "data.json" {
            let text = String::from_utf8(bytes).unwrap();
            bytes = text
                .replacen("\"this_period\": ", "\"this_period\": 9", 1)
                .into_bytes();
        }
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&bytes).unwrap();
    }
    std::fs::write(file, zip.finish().unwrap().into_inner()).unwrap();
}

/// Writes `from` again as `to` with CYP1's figure in data.json raised by
/// ten, and its manifest's line for data.json made to match.
fn forge(from: &Path, to: &Path) {
    let mut files = unzip(from);
    let mut data: serde_json::Value =
        serde_json::from_slice(&files.iter().find(|(p, _)| p == "data.json").unwrap().1).unwrap();
    let figure = &mut data["measures"][0]["this_period"];
    *figure = serde_json::json!(figure.as_f64().unwrap() + 10.0);
    let data = serde_json::to_vec_pretty(&data).unwrap();
    let sha = evident::files::sha256(&data);
    for (name, bytes) in files.iter_mut() {
        if name == "manifest.json" {
            let mut manifest: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            for f in manifest["files"].as_array_mut().unwrap() {
                if f["path"] == "data.json" {
                    f["sha256"] = serde_json::json!(sha);
                    f["bytes"] = serde_json::json!(data.len());
                }
            }
            *bytes = serde_json::to_vec_pretty(&manifest).unwrap();
        }
    }
    for (name, bytes) in files.iter_mut() {
        if name == "data.json" {
            *bytes = data.clone();
        }
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&bytes).unwrap();
    }
    std::fs::write(to, zip.finish().unwrap().into_inner()).unwrap();
}

/// Every child's code, name and date of birth in a provider's records.
fn child_identities(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT code, known_as, coalesce(date_of_birth, '') FROM participant")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok([
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ])
        })
        .unwrap();
    rows.flat_map(|r| r.unwrap())
        .filter(|s| s.len() >= 4)
        .collect()
}

/// A desk with every pack of the folder brought in.
fn desk_of_all(dir: &Path) -> (DeskStore, desk::BroughtIn) {
    let mut desk = DeskStore::open(&dir.join("desk.db")).unwrap();
    let done = desk::bring_in(&mut desk, &made().packs, now()).unwrap();
    (desk, done)
}

/// A workbook's sheet as rows of cells.
fn sheet_of(pack: &Path, name: &str) -> Vec<Vec<Data>> {
    let files = unzip(pack);
    let bytes = files
        .iter()
        .find(|(p, _)| p == "returns.xlsx")
        .map(|(_, b)| b.clone())
        .unwrap();
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// The packs in use: each return's newest, the altered one left out.
fn packs_in_use() -> Vec<PathBuf> {
    let m = made();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&m.packs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zip"))
        .filter(|p| *p != m.altered && *p != m.resubmitted.2)
        .collect();
    files.sort();
    files
}

fn data_of(pack: &Path) -> evident::pack::data::PackData {
    let files = unzip(pack);
    let bytes = &files.iter().find(|(p, _)| p == "data.json").unwrap().1;
    serde_json::from_slice(bytes).unwrap()
}

#[test]
fn twelve_providers_packs_are_read_on_the_desk_as_their_workbooks_show_them() {
    let m = made();
    let dir = tempfile::tempdir().unwrap();
    let (desk, done) = desk_of_all(dir.path());

    // 47 returns written, one sent twice, one altered: 46 new, one resubmission.
    assert_eq!(done.refused.len(), 1, "{:?}", done.refused);
    assert_eq!(
        done.refused[0].file,
        m.altered.file_name().unwrap().to_string_lossy()
    );
    assert!(
        done.refused[0].why.contains("altered"),
        "{}",
        done.refused[0].why
    );
    assert_eq!(done.added.len(), 46);
    assert_eq!(done.replaced.len(), 1);
    let resubmission = &done.replaced[0];
    assert_eq!(resubmission.provider, m.resubmitted.0);
    assert!(
        resubmission
            .changes
            .iter()
            .any(|c| c.what == "CYP3 this period"
                && c.now.parse::<f64>().unwrap() == c.was.parse::<f64>().unwrap() + 1.0),
        "one more session: {:?}",
        resubmission.changes
    );
    assert_eq!(desk::changes(&desk).unwrap().len(), 1);

    // Completeness: on time, late by N days, missing, resubmitted.
    let c = desk::completeness(&desk, DESK_DAY).unwrap();
    assert_eq!(c.rows.len(), 12);
    let ids: Vec<&str> = c.columns.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, [PERIODS.as_slice(), &["2026-27 Q1"]].concat());
    let cell = |i: usize, p: usize| {
        let (name, reference) = &m.providers[i];
        let row = c
            .rows
            .iter()
            .find(|r| &r.provider == name && &r.agreement == reference)
            .unwrap();
        row.cells[p].clone()
    };
    for i in 0..12 {
        for p in 0..4 {
            let a = cell(i, p);
            match (i, p) {
                (6, 3) | (8, 1) => {
                    assert_eq!(a.state, "missing", "{i} {p}");
                    assert!(a.word.starts_with("Missing"), "{}", a.word);
                }
                (1, 2) => assert_eq!(a.word, "Late by 12 days"),
                (4, 1) => assert_eq!(a.word, "Late by 3 days"),
                (3, 2) => assert_eq!(a.word, "On time, resubmitted"),
                _ => assert_eq!(a.word, "On time", "{i} {p}"),
            }
        }
        assert_eq!(cell(i, 4).state, "not_yet_due");
    }

    // Every measure, against each pack's Summary sheet.
    let in_use = packs_in_use();
    assert_eq!(in_use.len(), 46);
    let first = data_of(&in_use[0]);
    for measure in &first.measures {
        let across = desk::measure_across(&desk, &measure.code).unwrap();
        let mut sums: BTreeMap<String, f64> = BTreeMap::new();
        for file in &in_use {
            let data = data_of(file);
            let summary = sheet_of(file, "Summary");
            let row = summary
                .iter()
                .find(|r| r[0] == Data::String(measure.code.clone()))
                .unwrap();
            let line = across
                .rows
                .iter()
                .find(|l| {
                    l.provider == data.provider.name && l.agreement == data.agreement.reference
                })
                .unwrap();
            let at = across
                .columns
                .iter()
                .position(|c| c.id == data.period.id)
                .unwrap();
            let cell = line.cells[at].as_ref().unwrap();
            let share = measure.unit == "percent";
            match (&row[5], cell.value) {
                (Data::String(s), None) => assert!(s == "withheld" || s == "n/a", "{s}"),
                (shown, Some(v)) => {
                    let want = if share { v / 100.0 } else { v };
                    let got = shown.as_f64().unwrap();
                    assert!(
                        (got - want).abs() < 1e-9,
                        "{} {}: {got} against {want}",
                        measure.code,
                        data.provider.name
                    );
                    *sums.entry(data.period.id.clone()).or_default() += v;
                }
                (shown, None) => panic!("{shown:?} with no figure on the desk"),
            }
            let status = row[8].to_string().to_lowercase();
            match &cell.status {
                Some(word) => assert!(status.starts_with(word.as_str())),
                None => assert_eq!(status, ""),
            }
        }
        for (i, column) in across.columns.iter().enumerate() {
            let total = &across.totals[i];
            match measure.calculation.as_str() {
                "participants" | "new_participants" | "assessed" | "improved" => {
                    assert!(
                        total.up_to && total.word.starts_with("up to "),
                        "{}",
                        total.word
                    )
                }
                "sessions" | "attendances" | "contact_hours" | "volunteer_hours" => {
                    assert!(!total.up_to && !total.word.contains("up to"));
                }
                c if c.starts_with("percent") => assert_eq!(total.word, "not added"),
                _ => {}
            }
            if let (Some(v), Some(sum)) = (total.value, sums.get(&column.id)) {
                assert!(
                    (v - sum).abs() < 1e-6,
                    "{} {}: {v} against {sum}",
                    measure.code,
                    column.id
                );
            }
        }
    }

    // Who came by area, against each pack's Demographics sheet.
    let areas = desk::areas(&desk, Some("2025-26 Q3")).unwrap();
    for file in in_use
        .iter()
        .filter(|f| data_of(f).period.id == "2025-26 Q3")
    {
        let data = data_of(file);
        let column = areas
            .providers
            .iter()
            .position(|(p, a)| *p == data.provider.name && *a == data.agreement.reference)
            .unwrap();
        let demographics = sheet_of(file, "Demographics");
        let header = demographics
            .iter()
            .position(|r| r[0] == Data::String("Area".into()))
            .unwrap();
        for row in demographics[header + 1..]
            .iter()
            .take_while(|r| r[0] != Data::Empty)
        {
            let label = row[0].to_string();
            let shown = match &row[1] {
                Data::Float(f) => format!("{f}"),
                other => other.to_string(),
            };
            let desk_row = areas.rows.iter().find(|r| r.area == label).unwrap();
            assert_eq!(
                desk_row.cells[column], shown,
                "{} {label}",
                data.provider.name
            );
        }
        assert_eq!(areas.people[column], data.people);
    }
    for row in &areas.rows {
        let hidden = row.cells.iter().filter(|c| *c == "<5" || *c == "*").count();
        assert_eq!(row.total.hidden, hidden);
        assert!(row.total.word.contains("up to") || row.total.value.is_none());
        if hidden > 0 {
            assert!(
                row.total.word.ends_with(&format!("{hidden} hidden")),
                "{}",
                row.total.word
            );
        }
    }

    // A provider's own return: the pack's sheets, cell for cell where text.
    let (name, reference) = &m.providers[5];
    let r = desk::provider_return(&desk, name, reference, "2025-26 Q2").unwrap();
    let names: Vec<&str> = r.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, desk::KEPT_SHEETS);
    let file = in_use
        .iter()
        .find(|f| {
            let d = data_of(f);
            d.provider.name == *name && d.period.id == "2025-26 Q2"
        })
        .unwrap();
    let summary = sheet_of(file, "Summary");
    let kept = &r.sheets[1];
    for (row, cells) in summary.iter().enumerate() {
        if let Data::String(s) = &cells[0] {
            assert_eq!(&kept.rows[row][0], s);
        }
    }
}

#[test]
fn a_pack_is_refused_whole_when_altered_or_not_a_pack_and_the_same_pack_twice_adds_nothing() {
    let m = made();
    let dir = tempfile::tempdir().unwrap();
    let mut desk = DeskStore::open(&dir.path().join("desk.db")).unwrap();
    let err = desk::bring_in(&mut desk, &m.altered, now()).unwrap_err();
    assert_eq!(err.kind(), "refused_pack");
    assert!(
        err.to_string()
            .contains("data.json is not the file its manifest lists"),
        "{err}"
    );
    let text = dir.path().join("notes.zip");
    std::fs::write(&text, "not a zip").unwrap();
    let err = desk::bring_in(&mut desk, &text, now()).unwrap_err();
    assert!(
        err.to_string().contains("not an Evident returns pack"),
        "{err}"
    );
    // A file added to the zip, not in its manifest.
    let extra = dir.path().join("extra.zip");
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in unzip(&packs_in_use()[0]) {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.start_file("names.csv", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"code,name").unwrap();
    std::fs::write(&extra, zip.finish().unwrap().into_inner()).unwrap();
    let err = desk::bring_in(&mut desk, &extra, now()).unwrap_err();
    assert!(
        err.to_string()
            .contains("names.csv is in the zip but not in its manifest"),
        "{err}"
    );
    // A figure changed in data.json with a manifest made to match: the
    // workbook gives it away.
    let forged = dir.path().join("forged.zip");
    forge(&packs_in_use()[0], &forged);
    let err = desk::bring_in(&mut desk, &forged, now()).unwrap_err();
    assert!(
        err.to_string()
            .contains("its data.json and its workbook's Summary disagree on CYP1"),
        "{err}"
    );
    assert!(
        desk.packs().unwrap().is_empty(),
        "nothing of a refused pack is kept"
    );

    let one = &packs_in_use()[0];
    let first = desk::bring_in(&mut desk, one, now()).unwrap();
    assert_eq!(first.added.len(), 1);
    let again = desk::bring_in(&mut desk, one, now()).unwrap();
    assert!(again.added.is_empty() && again.replaced.is_empty());
    assert_eq!(again.already.len(), 1);
    assert_eq!(desk.packs().unwrap().len(), 1);

    // The older of a resubmission brought in after the newer stays replaced.
    let (_, _, older, newer) = &m.resubmitted;
    desk::bring_in(&mut desk, newer, now()).unwrap();
    let late = desk::bring_in(&mut desk, older, now()).unwrap();
    assert_eq!(late.older.len(), 1);
    let r =
        desk::provider_return(&desk, &m.resubmitted.0, AGREEMENTS[0], &m.resubmitted.1).unwrap();
    assert_eq!(r.file, newer.file_name().unwrap().to_string_lossy());

    // Taken off the desk: the newer pack goes, the older is in use again;
    // the older goes too, and the return has no pack.
    assert_eq!(
        desk::remove(&mut desk, &m.resubmitted.0, AGREEMENTS[0], &m.resubmitted.1).unwrap(),
        newer.file_name().unwrap().to_string_lossy()
    );
    let r =
        desk::provider_return(&desk, &m.resubmitted.0, AGREEMENTS[0], &m.resubmitted.1).unwrap();
    assert_eq!(r.file, older.file_name().unwrap().to_string_lossy());
    assert!(desk::changes(&desk).unwrap().is_empty());
    desk::remove(&mut desk, &m.resubmitted.0, AGREEMENTS[0], &m.resubmitted.1).unwrap();
    let err =
        desk::remove(&mut desk, &m.resubmitted.0, AGREEMENTS[0], &m.resubmitted.1).unwrap_err();
    assert_eq!(err.kind(), "not_found");
    assert_eq!(desk.packs().unwrap().len(), 1);

    // An organisation's records are not a desk, nor a desk them.
    let db = TestDb::new();
    let err = DeskStore::open(&db.path).err().unwrap();
    assert!(
        err.to_string().contains("not a commissioner's desk"),
        "{err}"
    );
    let err = evident::Store::open(&dir.path().join("desk.db"), now())
        .err()
        .unwrap();
    assert!(err.to_string().contains("commissioner's desk"), "{err}");
}

#[test]
fn no_child_level_record_is_kept_on_a_desk() {
    let m = made();
    let dir = tempfile::tempdir().unwrap();
    let (desk, _) = desk_of_all(dir.path());
    drop(desk);
    let conn = rusqlite::Connection::open(dir.path().join("desk.db")).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(tables.contains(&"desk_pack".to_string()));
    let mut text = String::new();
    for table in &tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                if let Ok(s) = row.get::<_, String>(i) {
                    text.push_str(&s);
                    text.push('\n');
                }
            }
        }
    }
    assert!(text.len() > 100_000, "the desk holds the packs' figures");
    for sheet in ["Participants", "Stories", "Data quality", "Evidence"] {
        assert!(
            !text.contains(&format!("\"name\":\"{sheet}\"")),
            "{sheet} is not kept"
        );
    }
    assert!(m.children.len() > 300);
    for child in &m.children {
        assert!(!text.contains(child.as_str()), "{child} is on the desk");
    }
}

#[test]
fn the_commissioners_summary_workbook_holds_the_desk_with_a_chart_per_measure() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, _) = desk_of_all(dir.path());
    let out = desk::export_summary(&desk, DESK_DAY, dir.path()).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), desk::SUMMARY_SHEETS);
    let completeness = desk::completeness(&desk, DESK_DAY).unwrap();
    let sheet = book.worksheet_range("Completeness").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    for (i, row) in completeness.rows.iter().enumerate() {
        let cells = &rows[4 + i];
        assert_eq!(cells[0].to_string(), row.provider);
        for (j, a) in row.cells.iter().enumerate() {
            assert_eq!(cells[2 + j].to_string(), a.word);
        }
    }
    // The due days are dates.
    assert!(matches!(rows[3][2], Data::DateTime(_)), "{:?}", rows[3][2]);
    let measures = desk::measures(&desk).unwrap();
    let sheet = book.worksheet_range("Measures").unwrap();
    let text: Vec<String> = sheet.rows().map(|r| r[0].to_string()).collect();
    for m in &measures {
        assert!(text.contains(&format!("{} {}", m.code, m.title)));
    }
    let charts = unzip(&out)
        .iter()
        .filter(|(p, _)| p.starts_with("xl/charts/chart"))
        .count();
    assert_eq!(charts, measures.len());
    // A share is a fraction under a % format, as in the pack.
    let share = measures.iter().find(|m| m.code == "CYP5").unwrap();
    let across = desk::measure_across(&desk, &share.code).unwrap();
    let v = across.rows[0]
        .cells
        .iter()
        .flatten()
        .find_map(|c| c.value)
        .unwrap();
    assert!(sheet
        .rows()
        .flatten()
        .any(|c| c.as_f64().is_some_and(|f| (f - v / 100.0).abs() < 1e-9)));
    let _ = d(2026, 1, 1);
}

#[test]
fn a_desk_is_run_from_the_command_line() {
    use crate::support::evident;
    let m = made();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let packs = m.packs.to_str().unwrap();
    let run = evident(&db, &["desk", "bring-in", packs]);
    assert!(run.ok, "{}", run.stderr);
    assert_eq!(
        run.stdout
            .lines()
            .filter(|l| l.starts_with("brought in\t"))
            .count(),
        46
    );
    assert!(run.stdout.contains("refused\t"), "{}", run.stdout);
    let run = evident(&db, &["desk", "completeness", "--today", "2026-05-20"]);
    assert!(run.stdout.contains("Late by 12 days"), "{}", run.stdout);
    assert!(
        run.stdout.contains("On time, resubmitted"),
        "{}",
        run.stdout
    );
    let run = evident(&db, &["--json", "desk", "measure", "CYP1"]);
    let across: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(across["rule"], "up_to");
    let run = evident(&db, &["desk", "changes"]);
    assert!(run.stdout.contains("CYP3 this period"), "{}", run.stdout);
    let out = dir.path().join("summary.xlsx");
    let run = evident(
        &db,
        &[
            "desk",
            "export",
            out.to_str().unwrap(),
            "--today",
            "2026-05-20",
        ],
    );
    assert!(run.ok && out.is_file(), "{}", run.stderr);
    let (name, _) = &m.providers[0];
    let run = evident(
        &db,
        &[
            "desk",
            "remove",
            "--provider",
            name,
            "--agreement",
            "NBC-CYP-01",
            "--period",
            "2025-26 Q1",
        ],
    );
    assert!(
        run.ok && run.stdout.starts_with("removed\t"),
        "{}",
        run.stderr
    );
    let run = evident(&db, &["desk", "completeness", "--today", "2026-05-20"]);
    let row = run
        .stdout
        .lines()
        .find(|l| l.starts_with(name.as_str()))
        .unwrap();
    assert!(
        row.split('\t').nth(2).unwrap().starts_with("Missing"),
        "{row}"
    );
    // A pack that is not one: refused, with why, and exit code 1.
    let run = evident(&db, &["desk", "bring-in", m.altered.to_str().unwrap()]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains("altered after it was written"),
        "{}",
        run.stderr
    );
}
