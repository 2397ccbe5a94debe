//! The returns pack read back as a funder's spreadsheet would read it:
//! sheets in order, the engine's figures, text never a formula, no names or
//! dates of birth, a manifest whose hashes match, and atomic writing.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto_from_rs, Data, DataType, Reader};
use evident::demo::{COUNCIL_CONTRACT, NINE_MONTH_CONTRACT};
use evident::measures::report;
use evident::pack::{self, Options, SHEETS, SUMMARY_HEADER};
use evident::periods;
use evident::records::{Attachment, Finance};

use crate::support::{now, TestDb};

const PERIOD: &str = "2025-26 Q3";
const TRICKY: [&str; 4] = ["=1+2", "@SUM(A1)", "-2+3", "+44 7700 900123"];

fn options() -> Options {
    Options {
        prepared_by: "Sam Jones".into(),
        now: now(),
    }
}

/// The demo, with formula-like text in a story, the narrative and a finance
/// note, and an evidence file on one of the period's sessions.
fn demo_with_tricky_text() -> TestDb {
    let mut db = TestDb::demo();
    let s = &mut db.store;
    let mut story = s
        .stories()
        .unwrap()
        .into_iter()
        .find(|st| st.consent && st.programme.as_deref() == Some("Youth club"))
        .unwrap();
    story.quote = TRICKY[0].into();
    story.situation = TRICKY[1].into();
    story.difference = TRICKY[2].into();
    story.action = TRICKY[3].into();
    s.update_story(story.id, &story).unwrap();
    s.set_narrative_answer(NINE_MONTH_CONTRACT, PERIOD, "Successes", TRICKY[0])
        .unwrap();
    s.set_narrative_answer(NINE_MONTH_CONTRACT, PERIOD, "Challenges", TRICKY[2])
        .unwrap();
    s.set_curve_story(NINE_MONTH_CONTRACT, PERIOD, "YW1", TRICKY[1])
        .unwrap();
    s.set_finance(&Finance {
        agreement: NINE_MONTH_CONTRACT.into(),
        period: PERIOD.into(),
        budget_pence: 600_000,
        actual_pence: 550_000,
        note: TRICKY[2].into(),
    })
    .unwrap();
    let session = s
        .sessions(&evident::store::SessionQuery {
            programme: Some("Youth club".into()),
            from: Some(crate::support::d(2025, 10, 1)),
            to: Some(crate::support::d(2025, 12, 31)),
        })
        .unwrap()
        .remove(0);
    let photo = db.dir().join("sign-in sheet.jpg");
    fs::write(&photo, b"pretend this is a photo of the sign-in sheet").unwrap();
    evident::evidence::attach(
        &mut db.store,
        &photo,
        Attachment::Session {
            session: session.reference,
        },
        now(),
    )
    .unwrap();
    db
}

fn export(db: &TestDb, name: &str) -> PathBuf {
    let out = db.dir().join(name);
    pack::export(&db.store, NINE_MONTH_CONTRACT, PERIOD, &out, &options()).unwrap();
    out
}

/// Every file in a zip, by name.
fn unzip(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// Every cell of every sheet: (sheet, cell) for each non-empty cell.
fn cells(workbook: &[u8]) -> Vec<(String, Data)> {
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(workbook.to_vec())).unwrap();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        out.extend(
            range
                .used_cells()
                .map(|(_, _, c)| (name.clone(), c.clone())),
        );
    }
    out
}

#[test]
fn the_pack_has_every_sheet_in_order_and_a_manifest_that_matches() {
    let db = demo_with_tricky_text();
    let zip = export(&db, "pack.zip");
    let files = unzip(&zip);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"returns.xlsx") && names.contains(&"manifest.json"),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("evidence/") && n.ends_with("sign-in sheet.jpg")),
        "{names:?}"
    );

    let workbook = &files.iter().find(|(n, _)| n == "returns.xlsx").unwrap().1;
    let book = open_workbook_auto_from_rs(std::io::Cursor::new(workbook.clone())).unwrap();
    assert_eq!(
        book.sheet_names(),
        SHEETS.map(String::from).to_vec(),
        "every sheet DESIGN names, in its order"
    );

    let manifest: serde_json::Value =
        serde_json::from_slice(&files.iter().find(|(n, _)| n == "manifest.json").unwrap().1)
            .unwrap();
    let listed = manifest["files"].as_array().unwrap();
    assert_eq!(
        listed.len(),
        files.len() - 1,
        "the manifest lists every other file"
    );
    for entry in listed {
        let path = entry["path"].as_str().unwrap();
        let bytes = &files.iter().find(|(n, _)| n == path).unwrap().1;
        assert_eq!(
            entry["sha256"].as_str().unwrap(),
            evident::evidence::sha256(bytes),
            "{path}'s hash"
        );
        assert_eq!(entry["bytes"].as_u64().unwrap() as usize, bytes.len());
    }
    assert_eq!(manifest["period"]["id"], PERIOD);
    assert!(manifest["generator"]
        .as_str()
        .unwrap()
        .starts_with("Evident "));
    assert!(manifest["record_counts"]["participants"].as_u64().unwrap() > 0);
}

#[test]
fn summary_shows_the_engines_figures() {
    let db = demo_with_tricky_text();
    let xlsx = export(&db, "returns.xlsx");
    let mut book =
        open_workbook_auto_from_rs(std::io::Cursor::new(fs::read(&xlsx).unwrap())).unwrap();
    let summary = book.worksheet_range("Summary").unwrap();
    let header: Vec<String> = summary
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        SUMMARY_HEADER.map(String::from).to_vec(),
        "exactly DESIGN's header row"
    );
    let engine = report(&db.store, NINE_MONTH_CONTRACT, PERIOD).unwrap();
    let shown = |cell: &Data| match cell {
        Data::Float(v) => Some(*v),
        Data::Int(v) => Some(*v as f64),
        _ => None,
    };
    let round = |v: Option<f64>| v.map(|v| (v * 100.0).round() / 100.0);
    let mut seen = 0;
    for row in summary.rows().skip(1) {
        let code = row[0].to_string();
        let Some(expected) = engine.rows.iter().find(|r| r.code == code) else {
            continue; // a question's heading row
        };
        seen += 1;
        assert_eq!(
            shown(&row[5]),
            round(expected.this_period),
            "{code} this period"
        );
        assert_eq!(
            shown(&row[6]),
            round(expected.year_to_date),
            "{code} year to date"
        );
        if expected.this_period.is_none() {
            assert_eq!(row[5].to_string(), "n/a", "n/a is written as n/a, not 0");
        }
    }
    assert_eq!(seen, engine.rows.len(), "every measure has its row");
    let questions: Vec<String> = summary
        .rows()
        .map(|r| r[0].to_string())
        .filter(|c| c.ends_with('?'))
        .collect();
    assert_eq!(
        questions,
        [
            "How much did we do?",
            "How well did we do it?",
            "Is anyone better off?"
        ]
    );
}

#[test]
fn user_text_is_always_text_never_a_formula() {
    let db = demo_with_tricky_text();
    let xlsx = export(&db, "returns.xlsx");
    let bytes = fs::read(&xlsx).unwrap();
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().next().is_none(),
            "{name} has a formula: nothing in a pack may compute"
        );
    }
    let strings: HashSet<String> = cells(&bytes)
        .into_iter()
        .filter_map(|(_, c)| match c {
            Data::String(s) => Some(s),
            _ => None,
        })
        .collect();
    for tricky in TRICKY {
        assert!(
            strings.contains(tricky),
            "{tricky:?} reads back as the same string"
        );
    }
    // And the quote prefix is set, so that editing the cell in a spreadsheet keeps it text.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut styles = String::new();
    archive
        .by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(
        styles.contains("quotePrefix=\"1\""),
        "formula-like text has a quote-prefixed style"
    );
}

#[test]
fn no_name_or_date_of_birth_appears_anywhere_in_the_pack() {
    let db = demo_with_tricky_text();
    let zip = export(&db, "pack.zip");
    let people = db.store.participants(true).unwrap();
    let names: Vec<String> = people
        .iter()
        .map(|p| p.known_as.clone())
        .filter(|n| !n.is_empty())
        .collect();
    let births: HashSet<chrono::NaiveDate> =
        people.iter().filter_map(|p| p.date_of_birth).collect();
    let birth_texts: Vec<String> = births
        .iter()
        .flat_map(|d| {
            [
                d.format("%Y-%m-%d").to_string(),
                d.format("%d/%m/%Y").to_string(),
            ]
        })
        .collect();
    for (file, bytes) in unzip(&zip) {
        if file == "returns.xlsx" {
            for (sheet, cell) in cells(&bytes) {
                let text = cell.to_string();
                for name in &names {
                    assert!(
                        !text.contains(name.as_str()),
                        "{sheet} shows {name:?}: {text:?}"
                    );
                }
                for birth in &birth_texts {
                    assert!(
                        !text.contains(birth.as_str()),
                        "{sheet} shows a date of birth: {text:?}"
                    );
                }
                if let Some(date) = cell.as_date() {
                    assert!(
                        !births.contains(&date),
                        "{sheet} has a date of birth as a date cell"
                    );
                }
            }
        } else {
            let text = String::from_utf8_lossy(&bytes);
            for name in &names {
                assert!(!text.contains(name.as_str()), "{file} contains {name:?}");
            }
            for birth in &birth_texts {
                assert!(
                    !text.contains(birth.as_str()),
                    "{file} contains a date of birth"
                );
            }
        }
    }
}

/// A folder that cannot be written to, with a file already in it. As root,
/// permissions do not stop a write, so a read-only mount is used instead.
struct ReadOnlyFolder {
    path: PathBuf,
    mounted: bool,
}

impl ReadOnlyFolder {
    fn with_file(parent: &Path, name: &str, contents: &[u8]) -> ReadOnlyFolder {
        use std::os::unix::fs::PermissionsExt;
        let path = parent.join("read-only");
        fs::create_dir(&path).unwrap();
        fs::write(path.join(name), contents).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o555)).unwrap();
        if fs::write(path.join("probe"), b"").is_err() {
            return ReadOnlyFolder {
                path,
                mounted: false,
            };
        }
        // Permissions did not stop us: we are root. Mount a read-only tmpfs over it.
        fs::remove_file(path.join("probe")).unwrap();
        let mount = |args: &[&str]| {
            std::process::Command::new("mount")
                .args(args)
                .status()
                .unwrap()
                .success()
        };
        let p = path.to_str().unwrap();
        assert!(
            mount(&["-t", "tmpfs", "-o", "size=1m", "tmpfs", p]),
            "mount a tmpfs for the test"
        );
        fs::write(path.join(name), contents).unwrap();
        assert!(mount(&["-o", "remount,ro", p]), "make it read-only");
        ReadOnlyFolder {
            path,
            mounted: true,
        }
    }
}

impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        if self.mounted {
            let _ = std::process::Command::new("umount")
                .arg(&self.path)
                .status();
        }
    }
}

#[test]
fn exporting_into_a_read_only_folder_fails_clearly_and_keeps_the_earlier_file() {
    let db = TestDb::demo();
    let folder = ReadOnlyFolder::with_file(db.dir(), "pack.zip", b"last quarter's pack");
    let out = folder.path.join("pack.zip");
    let err = pack::export(&db.store, COUNCIL_CONTRACT, PERIOD, &out, &options())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("may not write") && err.contains("choose a folder"),
        "a plain reason and what to do: {err}"
    );
    assert_eq!(
        fs::read(&out).unwrap(),
        b"last quarter's pack",
        "the earlier file is untouched"
    );
    assert_eq!(
        fs::read_dir(&folder.path).unwrap().count(),
        1,
        "nothing partial is left behind"
    );
}

#[test]
fn exporting_into_a_missing_folder_or_with_a_wrong_extension_says_so() {
    let db = TestDb::demo();
    let missing = db.dir().join("no such folder").join("pack.zip");
    let err = pack::export(&db.store, COUNCIL_CONTRACT, PERIOD, &missing, &options())
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not exist"), "{err}");
    let err = pack::export(
        &db.store,
        COUNCIL_CONTRACT,
        PERIOD,
        &db.dir().join("pack.pdf"),
        &options(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains(".zip") && err.contains(".xlsx"), "{err}");
    // A new user typed `--out ~/Documents/` before the folder existed and was
    // told the name "should end in .zip".
    let folder = format!("{}/", db.dir().join("Documents").display());
    let err = pack::export(
        &db.store,
        COUNCIL_CONTRACT,
        PERIOD,
        Path::new(&folder),
        &options(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), "cannot_write");
    assert!(
        err.to_string().contains("the folder") && err.to_string().contains("does not exist"),
        "a missing folder is named as a missing folder: {err}"
    );
}

/// A blank ethnicity was an empty cell on the Participants sheet and "Not
/// known" on Demographics: every sheet now says "Not known".
#[test]
fn a_blank_fact_reads_not_known_on_every_sheet() {
    let mut db = TestDb::demo();
    let code = db.store.session("S00001").unwrap().attendees[0].clone();
    let mut p = db.store.participant(&code).unwrap();
    p.ethnicity = String::new();
    db.store
        .update_participant(&code, &p, crate::support::today())
        .unwrap();
    let session = db.store.session("S00001").unwrap();
    let out = db.dir().join("blank.xlsx");
    let period = periods::of_agreement(&db.store, COUNCIL_CONTRACT)
        .unwrap()
        .into_iter()
        .find(|p| p.start <= session.date && session.date <= p.end)
        .unwrap();
    pack::export(&db.store, COUNCIL_CONTRACT, &period.id, &out, &options()).unwrap();
    let mut book =
        open_workbook_auto_from_rs(std::io::Cursor::new(fs::read(&out).unwrap())).unwrap();
    let rows = book.worksheet_range("Participants").unwrap();
    let row = rows
        .rows()
        .find(|r| r.first().map(|c| c.to_string()) == Some(code.clone()))
        .expect("the participant has a row");
    assert!(
        row.iter()
            .any(|c| matches!(c, Data::String(s) if s == "Not known")),
        "a blank ethnicity reads Not known, as on Demographics: {row:?}"
    );
}

#[test]
fn a_failed_write_leaves_the_earlier_pack_whole() {
    let db = TestDb::demo();
    let out = db.dir().join("pack.zip");
    fs::write(&out, b"earlier").unwrap();
    // The temporary file's name is taken by a folder, so the write fails part-way.
    fs::create_dir(db.dir().join(".pack.zip.partial")).unwrap();
    assert!(pack::export(&db.store, COUNCIL_CONTRACT, PERIOD, &out, &options()).is_err());
    assert_eq!(fs::read(&out).unwrap(), b"earlier");
}

#[test]
fn a_submitted_period_shows_what_changed_since() {
    let mut db = TestDb::demo();
    let out = export(&db, "sent.zip");
    let sent = evident::submission::submit(&mut db.store, NINE_MONTH_CONTRACT, PERIOD, &out, now())
        .unwrap();
    assert_eq!(
        sent.pack_sha256,
        evident::evidence::sha256(&fs::read(&out).unwrap())
    );
    let none = evident::submission::changes(&db.store, NINE_MONTH_CONTRACT, PERIOD).unwrap();
    assert!(none.is_empty(), "nothing changed yet: {none:?}");

    // A late register: one more session of the youth club in the quarter.
    let who = db.store.participants(false).unwrap()[0].code.clone();
    db.store
        .add_session(&evident::records::Session {
            programme: "Youth club".into(),
            date: crate::support::d(2025, 12, 18),
            duration_minutes: 120,
            attendees: vec![who],
            ..Default::default()
        })
        .unwrap();
    let changes = evident::submission::changes(&db.store, NINE_MONTH_CONTRACT, PERIOD).unwrap();
    assert!(
        changes.iter().any(|c| c.code == "YW2"),
        "the average attendance changed: {changes:?}"
    );

    let next = export(&db, "resent.xlsx");
    let bytes = fs::read(next).unwrap();
    let quality: Vec<String> = cells(&bytes)
        .into_iter()
        .filter(|(sheet, _)| sheet == "Data quality")
        .map(|(_, c)| c.to_string())
        .collect();
    assert!(
        quality.iter().any(|t| t.starts_with("YW2 (")),
        "the next pack says what changed: {quality:?}"
    );
}
