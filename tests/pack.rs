//! The returns pack read back as a funder's spreadsheet would read it:
//! sheets in order, the engine's figures, text never a formula, no names or
//! dates of birth, a manifest whose hashes match, and atomic writing.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto_from_rs, Data, DataType, Reader};
use evident::demo::{COUNCIL_CONTRACT, NINE_MONTH_CONTRACT, TRUST_GRANT};
use evident::measures::report;
use evident::pack::{self, Options, SHEETS, SUMMARY_HEADER};
use evident::periods;
use evident::records::Unit;
use evident::records::{Attachment, Finance, DEFAULT_COST_HEADINGS};

use crate::support::{now, unzip, TestDb};

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
    // The person it names says yes to stories, so that it goes out.
    if let Some(code) = &story.participant {
        evident::forms::ParticipantForm {
            consent_stories: Some("yes".into()),
            ..Default::default()
        }
        .edit(s, code, crate::support::today())
        .unwrap();
    }
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
        heading: "Staffing".into(),
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
    pack::export(&db.store, NINE_MONTH_CONTRACT, PERIOD, &out, &options())
        .unwrap()
        .path
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
    let mut seen = 0;
    for row in summary.rows().skip(1) {
        let code = row[0].to_string();
        let Some(expected) = engine.rows.iter().find(|r| r.code == code) else {
            continue; // a question's heading row
        };
        seen += 1;
        // A percentage is written as a fraction (85.19 % is 0.8519), and
        // nothing is rounded before the cell's format rounds it: 18 of 33
        // is stored as 0.54545…, so it shows 54.5 %, never 54.6 %.
        let scale = if expected.unit == Unit::Percent {
            100.0
        } else {
            1.0
        };
        let round = |v: Option<f64>| v.map(|v| v / scale);
        let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-12,
            (a, b) => a.is_none() && b.is_none(),
        };
        assert!(
            close(shown(&row[5]), round(expected.this_period)),
            "{code} this period: {:?} against {:?}",
            shown(&row[5]),
            expected.this_period
        );
        assert!(
            close(shown(&row[6]), round(expected.year_to_date)),
            "{code} year to date"
        );
        if let Some(variance) = expected.variance {
            assert!(
                close(shown(&row[7]), Some(variance)),
                "{code}: a variance is in the measure's unit, a percentage's in points, never a fraction"
            );
        }
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
    let mut agreement = db.store.agreement(COUNCIL_CONTRACT).unwrap();
    agreement.participant_rows = true;
    db.store
        .update_agreement(COUNCIL_CONTRACT, &agreement)
        .unwrap();
    let first_club = |db: &TestDb| {
        db.store
            .sessions(&evident::store::SessionQuery {
                programme: Some("After-school club".into()),
                ..Default::default()
            })
            .unwrap()
            .into_iter()
            .find(|s| !s.attendees.is_empty())
            .expect("a club session with a register")
    };
    let code = first_club(&db).attendees[0].clone();
    let mut p = db.store.participant(&code).unwrap();
    p.ethnicity = String::new();
    db.store
        .update_participant(&code, &p, crate::support::today())
        .unwrap();
    let session = first_club(&db);
    let out = db.dir().join("blank.xlsx");
    let period = periods::of_agreement(&db.store, COUNCIL_CONTRACT)
        .unwrap()
        .into_iter()
        .find(|p| p.start <= session.date && session.date <= p.end)
        .unwrap();
    let out = pack::export(&db.store, COUNCIL_CONTRACT, &period.id, &out, &options())
        .unwrap()
        .path;
    let mut book =
        open_workbook_auto_from_rs(std::io::Cursor::new(fs::read(&out).unwrap())).unwrap();
    let rows = book.worksheet_range("Participants").unwrap();
    let row = rows
        .rows()
        .find(|r| r.first().map(|c| c.to_string()) == Some(code.clone()))
        .expect("the participant has a row");
    // "Not known", as on Demographics; unless Demographics hides how many
    // are not known, when the rows leave it out (DESIGN "Participant rows").
    let hidden = evident::measures::breakdowns(
        &db.store,
        COUNCIL_CONTRACT,
        &period.id,
        evident::measures::Span::ThisPeriod,
    )
    .unwrap()
    .demographics
    .iter()
    .filter(|d| d.name == "Ethnicity")
    .flat_map(|d| &d.categories)
    .any(|c| c.label == "Not known" && c.shown != c.count.to_string());
    let ethnicity = row[3].to_string();
    assert_eq!(
        ethnicity,
        if hidden { "" } else { "Not known" },
        "a blank ethnicity reads Not known, as on Demographics, or is left out where Demographics hides it: {row:?}"
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
        quality
            .iter()
            .any(|t| t.starts_with("YW2 Average sessions")),
        "the next pack says what changed: {quality:?}"
    );
}

/// The workbook's parts, by name, read from the xlsx zip.
fn parts(xlsx: &Path) -> Vec<(String, String)> {
    unzip(xlsx)
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// Percentages were 85.19 with a literal "%": reformatted they read 8519 %.
/// They are fractions with a percentage format now; a percentage's variance
/// is in points and always signed; so is every variance.
#[test]
fn percentages_are_fractions_and_variances_are_signed_points() {
    let db = demo_with_tricky_text();
    let xlsx = export(&db, "formats.xlsx");
    let styles = parts(&xlsx)
        .into_iter()
        .find(|(name, _)| name == "xl/styles.xml")
        .map(|(_, text)| text)
        .expect("the workbook has styles");
    assert!(
        styles.contains(r#"formatCode="0.0%""#),
        "a real percentage format"
    );
    assert!(
        !styles.contains(r#"0.0&quot;%&quot;"#),
        "no literal percent sign after a number out of 100"
    );
    assert!(
        styles
            .contains(r#"formatCode="+0.0&quot; pp&quot;;-0.0&quot; pp&quot;;0.0&quot; pp&quot;""#),
        "a percentage's variance in signed points"
    );
    assert!(
        styles.contains(r#"formatCode="+#,##0;-#,##0;0""#),
        "a count's variance is signed"
    );
    let engine = report(&db.store, NINE_MONTH_CONTRACT, PERIOD).unwrap();
    let percent = engine
        .rows
        .iter()
        .find(|r| r.unit == Unit::Percent && r.this_period.is_some_and(|v| v > 1.0))
        .expect("a percentage above 1 %");
    let mut book =
        open_workbook_auto_from_rs(std::io::Cursor::new(fs::read(&xlsx).unwrap())).unwrap();
    let summary = book.worksheet_range("Summary").unwrap();
    let row = summary
        .rows()
        .find(|r| r[0].to_string() == percent.code)
        .unwrap();
    let stored = row[5].get_float().unwrap();
    assert!(
        stored <= 1.0 && (stored * 100.0 - percent.this_period.unwrap()).abs() < 0.01,
        "{} is stored as a fraction: {stored}",
        percent.code
    );
}

/// Column headings over numbers are right-aligned, like the numbers.
#[test]
fn headings_over_numbers_are_right_aligned() {
    let db = demo_with_tricky_text();
    let xlsx = export(&db, "aligned.xlsx");
    let files = parts(&xlsx);
    let styles = &files.iter().find(|(n, _)| n == "xl/styles.xml").unwrap().1;
    // The cell formats (cellXfs), in order: a header that is right-aligned
    // has a bold font, the header fill and alignment horizontal="right".
    let xfs_start = styles.find("<cellXfs").unwrap();
    let xfs = &styles[xfs_start..styles[xfs_start..].find("</cellXfs>").unwrap() + xfs_start];
    let right_headers: Vec<usize> = xfs
        .split("<xf ")
        .skip(1)
        .enumerate()
        .filter(|(_, xf)| xf.contains(r#"horizontal="right""#) && xf.contains("applyFill"))
        .map(|(i, _)| i)
        .collect();
    assert!(
        !right_headers.is_empty(),
        "there is a right-aligned heading format"
    );
    let summary = &files
        .iter()
        .find(|(n, _)| n == "xl/worksheets/sheet2.xml")
        .unwrap()
        .1;
    for column in ["D1", "E1", "F1", "G1", "H1"] {
        let cell = summary
            .split("<c ")
            .find(|c| c.starts_with(&format!(r#"r="{column}""#)))
            .unwrap_or_else(|| panic!("Summary has a heading in {column}"));
        let style: usize = cell
            .split(r#"s=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|n| n.parse().ok())
            .expect("the heading has a style");
        assert!(
            right_headers.contains(&style),
            "Summary's {column} heading sits right-aligned over its numbers"
        );
    }
}

/// The Trend charts put counts and hours on one axis and drew a period with
/// no value as zero. Now: one chart per measure (one unit each), gaps for
/// empty periods, and an empty cell where there is no value.
#[test]
fn each_measure_has_its_own_chart_with_gaps_not_zeros() {
    let db = TestDb::demo();
    let xlsx = db.dir().join("trend.xlsx");
    let xlsx = pack::export(
        &db.store,
        NINE_MONTH_CONTRACT,
        "2025-26 Q4",
        &xlsx,
        &options(),
    )
    .unwrap()
    .path;
    let files = parts(&xlsx);
    let charts: Vec<&String> = files
        .iter()
        .filter(|(n, _)| n.starts_with("xl/charts/chart"))
        .map(|(_, text)| text)
        .collect();
    let measures = db.store.measures(NINE_MONTH_CONTRACT).unwrap();
    assert_eq!(charts.len(), measures.len(), "one chart per measure");
    for chart in &charts {
        assert!(
            chart.contains(r#"<c:dispBlanksAs val="gap"/>"#),
            "an empty period is a gap, never a zero"
        );
        assert_eq!(
            chart.matches("<c:ser>").count(),
            2,
            "actual and target of one measure"
        );
    }
    // YW6 (a typed value) has none for Q4: its cell is empty, not 0 or text.
    let mut book =
        open_workbook_auto_from_rs(std::io::Cursor::new(fs::read(&xlsx).unwrap())).unwrap();
    let trend = book.worksheet_range("Trend").unwrap();
    let rows: Vec<Vec<Data>> = trend.rows().map(|r| r.to_vec()).collect();
    let block = rows
        .iter()
        .position(|r| r[0].to_string().starts_with("YW6 "))
        .expect("YW6 has a block");
    let header = &rows[block + 2];
    let q4 = header
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == "2025-26 Q4"))
        .expect("Q4 is a column");
    let actual = &rows[block + 3];
    assert_eq!(actual[0].to_string(), "Actual");
    assert_eq!(actual[q4], Data::Empty, "no value is an empty cell");
    assert!(
        matches!(actual[1], Data::Float(_)),
        "Q2 has its typed value"
    );
}

/// A period in which no session was held (the council contract's first
/// quarter after the demo's records end) is a gap in every chart, not a
/// line crashing to zero; the periods before it keep their values.
#[test]
fn a_period_with_no_sessions_is_a_gap_not_a_zero() {
    let db = TestDb::demo();
    let xlsx = db.dir().join("empty.xlsx");
    let xlsx = pack::export(&db.store, COUNCIL_CONTRACT, "2026-27 Q1", &xlsx, &options())
        .unwrap()
        .path;
    let mut book =
        open_workbook_auto_from_rs(std::io::Cursor::new(fs::read(&xlsx).unwrap())).unwrap();
    let rows: Vec<Vec<Data>> = book
        .worksheet_range("Trend")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    let mut blocks = 0;
    for (i, row) in rows.iter().enumerate() {
        if row[0] != Data::String("Actual".into()) {
            continue;
        }
        blocks += 1;
        let header = &rows[i - 1];
        let empty = header
            .iter()
            .position(|c| matches!(c, Data::String(s) if s == "2026-27 Q1"))
            .expect("the empty quarter is a column");
        assert_eq!(
            row[empty],
            Data::Empty,
            "no zero drawn for {:?}",
            rows[i - 3][0]
        );
    }
    assert_eq!(blocks, db.store.measures(COUNCIL_CONTRACT).unwrap().len());
    let first = rows
        .iter()
        .find(|r| r[0] == Data::String("Actual".into()))
        .unwrap();
    assert!(
        matches!(first[1], Data::Float(_)),
        "earlier quarters keep their values"
    );
}

/// The Outcomes sheet said "Session rating: 0 assessed" while Summary gave
/// the share of sessions rated 4 or 5: anonymous feedback now has its own
/// table, with the responses and the share at each score.
#[test]
fn anonymous_feedback_is_counted_as_responses_not_as_no_one_assessed() {
    let db = TestDb::demo();
    let xlsx = export(&db, "outcomes.xlsx");
    let mut book =
        open_workbook_auto_from_rs(std::io::Cursor::new(fs::read(&xlsx).unwrap())).unwrap();
    let rows: Vec<Vec<Data>> = book
        .worksheet_range("Outcomes")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    let header = rows
        .iter()
        .position(|r| matches!(&r[0], Data::String(t) if t == "Anonymous responses"))
        .expect("a table of anonymous responses");
    let named_rating = rows[..header]
        .iter()
        .any(|r| matches!(&r[0], Data::String(t) if t == "Session rating"));
    assert!(
        !named_rating,
        "the rating is not listed as scores of no one"
    );
    let rating = &rows[header + 1];
    assert_eq!(rating[0].to_string(), "Session rating");
    let responses = rating[1].get_float().expect("a count of responses");
    assert!(responses > 0.0);
    let shares: f64 = rating[2..].iter().filter_map(|c| c.get_float()).sum();
    assert!(
        (shares - 1.0).abs() < 1e-9,
        "the shares at each score make the whole: {shares}"
    );
}

/// The Participants sheet listed a child whose count was suppressed, with
/// their area and ethnicity: it holds rows only when the agreement asks.
/// The Cover carries the project summary and the contact for the return.
#[test]
fn participant_rows_only_when_asked_and_the_cover_names_the_contact() {
    let mut db = TestDb::demo();
    let mut agreement = db.store.agreement(NINE_MONTH_CONTRACT).unwrap();
    agreement.participant_rows = false;
    db.store
        .update_agreement(NINE_MONTH_CONTRACT, &agreement)
        .unwrap();
    let rows_of = |db: &TestDb, name: &str| {
        let out = db.dir().join(name);
        let out = pack::export(&db.store, NINE_MONTH_CONTRACT, PERIOD, &out, &options())
            .unwrap()
            .path;
        let mut book =
            open_workbook_auto_from_rs(std::io::Cursor::new(fs::read(&out).unwrap())).unwrap();
        let participants: Vec<String> = book
            .worksheet_range("Participants")
            .unwrap()
            .rows()
            .map(|r| r[0].to_string())
            .collect();
        let cover: Vec<String> = book
            .worksheet_range("Cover")
            .unwrap()
            .rows()
            .flat_map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
            .collect();
        (participants, cover)
    };
    let (participants, _) = rows_of(&db, "default.xlsx");
    assert_eq!(
        participants,
        ["This agreement does not ask for participant-level rows; the counts are on Demographics and Activity."],
        "no participant's row unless the agreement asks"
    );
    let mut agreement = db.store.agreement(NINE_MONTH_CONTRACT).unwrap();
    agreement.participant_rows = true;
    agreement.summary = "Weekly youth club sessions for young people aged 11 to 18.".into();
    db.store
        .update_agreement(NINE_MONTH_CONTRACT, &agreement)
        .unwrap();
    let mut org = db.store.organisation().unwrap();
    org.contact_name = "Sam Patel".into();
    org.contact_role = "Coordinator".into();
    db.store.update_organisation(&org).unwrap();
    let (participants, cover) = rows_of(&db, "asked.xlsx");
    assert!(
        participants.len() > 1 && participants[1].starts_with('P'),
        "rows when asked"
    );
    assert!(
        cover.contains(&"Weekly youth club sessions for young people aged 11 to 18.".to_string())
    );
    assert!(
        cover
            .iter()
            .any(|c| c.starts_with("Sam Patel, Coordinator, ")),
        "{cover:?}"
    );
}

/// On the six-monthly agreement's Narrative page a two-line heading printed
/// over the next one: a heading's row is now as tall as its wrapped lines.
#[test]
fn a_long_narrative_heading_gets_a_row_tall_enough() {
    let db = TestDb::demo();
    let xlsx = db.dir().join("narrative.xlsx");
    let xlsx = pack::export(&db.store, TRUST_GRANT, "2025-26 H2", &xlsx, &options())
        .unwrap()
        .path;
    let narrative = parts(&xlsx)
        .into_iter()
        .find(|(n, _)| n == "xl/worksheets/sheet9.xml")
        .map(|(_, text)| text)
        .expect("the Narrative sheet");
    let heading = "How many people did you reach, and who were they?";
    let row = narrative
        .split("<row ")
        .find(|r| r.starts_with(r#"r="2""#))
        .expect("the first heading's row");
    let height: f64 = row
        .split(r#"ht=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|h| h.parse().ok())
        .expect("the row has a height of its own");
    // 24 units of width hold about 20 bold characters: three lines.
    let lines = (heading.chars().count() as f64 / 20.0).ceil();
    assert!(
        height >= lines * 13.0,
        "{height} points is too short for {lines} lines of the heading"
    );
}

/// Milestones (with a note per period) reach the Narrative sheet; one past
/// due and not done trips a readiness check until it is done; approving the
/// return fills the Cover's sign-off, which otherwise has lines to sign on.
#[test]
fn milestones_and_the_sign_off_reach_the_pack() {
    use evident::forms::{ApprovalForm, MilestoneForm};
    // The latest period: the demo approved the earlier ones.
    const LATEST: &str = "2025-26 Q4";
    let mut db = TestDb::demo();
    let cover_and_narrative = |db: &TestDb, name: &str| {
        let out = db.dir().join(name);
        let out = pack::export(&db.store, NINE_MONTH_CONTRACT, LATEST, &out, &options())
            .unwrap()
            .path;
        let bytes = fs::read(&out).unwrap();
        let text = |sheet: &str| -> Vec<String> {
            cells(&bytes)
                .into_iter()
                .filter(|(s, _)| s == sheet)
                .map(|(_, c)| c.to_string())
                .collect()
        };
        (text("Cover"), text("Narrative"))
    };
    let (cover, narrative) = cover_and_narrative(&db, "before.xlsx");
    assert!(
        cover.contains(&"_".repeat(40)),
        "lines to sign on before approval"
    );
    assert!(
        narrative.contains(&"Young people's steering group formed".to_string()),
        "the demo's milestone"
    );

    MilestoneForm {
        title: Some("Summer residential run".into()),
        due_date: Some("2025-10-31".into()),
        status: Some("on track".into()),
    }
    .add_to(&mut db.store, NINE_MONTH_CONTRACT)
    .unwrap();
    db.store
        .set_milestone_note(
            NINE_MONTH_CONTRACT,
            "summer residential run",
            LATEST,
            "Booked for February half term.",
        )
        .unwrap();
    let overdue = |db: &TestDb| {
        evident::checks::for_period(
            &db.store,
            NINE_MONTH_CONTRACT,
            LATEST,
            crate::support::today(),
        )
        .unwrap()
        .into_iter()
        .find(|c| c.id == "milestones_past_due")
        .unwrap()
        .records
    };
    assert_eq!(
        overdue(&db),
        ["Summer residential run (due 31/10/2025, on track)"],
        "past due and not done"
    );
    ApprovalForm {
        name: Some("Sam Patel".into()),
        role: Some("Coordinator".into()),
        ..Default::default()
    }
    .save(
        &mut db.store,
        NINE_MONTH_CONTRACT,
        LATEST,
        crate::support::now(),
    )
    .unwrap();
    let (cover, narrative) = cover_and_narrative(&db, "after.xlsx");
    assert!(cover.contains(&"Sam Patel".to_string()) && cover.contains(&"Coordinator".to_string()));
    // The day it was approved is a date cell (dd/mm/yyyy), not text.
    let after = fs::read(db.dir().join("after.xlsx")).unwrap();
    assert!(
        cells(&after).iter().any(|(sheet, c)| sheet == "Cover"
            && c.as_datetime().map(|d| d.date()) == Some(crate::support::now().date())),
        "the approval's date on the Cover"
    );
    assert!(narrative.contains(&"Summer residential run".to_string()));
    assert!(narrative.contains(&"Booked for February half term.".to_string()));
    MilestoneForm {
        status: Some("done".into()),
        ..Default::default()
    }
    .edit(&mut db.store, NINE_MONTH_CONTRACT, "Summer residential run")
    .unwrap();
    assert!(overdue(&db).is_empty(), "done is not overdue");
    let refused = MilestoneForm {
        title: Some("Summer residential run".into()),
        due_date: Some("2026-01-31".into()),
        status: None,
    }
    .add_to(&mut db.store, NINE_MONTH_CONTRACT)
    .unwrap_err();
    assert_eq!(refused.kind(), "duplicate", "{refused}");
}

/// Each measure's turn-the-curve notes (the story, partners, what works,
/// what next) reach the Narrative sheet, red and amber measures first.
#[test]
fn turn_the_curve_notes_reach_the_narrative_red_and_amber_first() {
    use evident::forms::CurveForm;
    let mut db = TestDb::demo();
    let report = report(&db.store, NINE_MONTH_CONTRACT, PERIOD).unwrap();
    let red = report
        .rows
        .iter()
        .find(|r| r.status == Some(evident::measures::Status::Red))
        .expect("a red measure in the demo");
    let green = report
        .rows
        .iter()
        .find(|r| r.status == Some(evident::measures::Status::Green))
        .expect("a green measure in the demo");
    for (code, text) in [
        (&green.code, "Steady all quarter."),
        (&red.code, "Fewer tenants came in winter."),
    ] {
        CurveForm {
            text: Some(text.into()),
            what_works: Some("Lifts home after dark".into()),
            ..Default::default()
        }
        .save(&mut db.store, NINE_MONTH_CONTRACT, PERIOD, code)
        .unwrap();
    }
    let out = export(&db, "curves.xlsx");
    let narrative: Vec<String> = cells(&fs::read(out).unwrap())
        .into_iter()
        .filter(|(s, _)| s == "Narrative")
        .map(|(_, c)| c.to_string())
        .collect();
    let at = |wanted: &str| narrative.iter().position(|c| c.contains(wanted));
    let red_at = at("Fewer tenants came in winter.").expect("the red measure's story");
    let green_at = at("Steady all quarter.").expect("the green measure's story");
    assert!(red_at < green_at, "red first");
    assert!(narrative[red_at].contains("What works: Lifts home after dark"));
}

/// The Finance sheet carries the other income that supported the work and
/// the forecast of spend to the end against the agreement's value.
#[test]
fn other_income_and_the_forecast_reach_the_finance_sheet() {
    use evident::forms::{ForecastForm, IncomeForm};
    let mut db = TestDb::demo();
    IncomeForm {
        source: Some("Local lottery".into()),
        amount: Some("£1,200".into()),
    }
    .save(&mut db.store, NINE_MONTH_CONTRACT, PERIOD)
    .unwrap();
    ForecastForm {
        forecast: Some("17500".into()),
    }
    .save(&mut db.store, NINE_MONTH_CONTRACT, PERIOD)
    .unwrap();
    let refused = ForecastForm {
        forecast: Some("-5".into()),
    }
    .save(&mut db.store, NINE_MONTH_CONTRACT, PERIOD)
    .unwrap_err();
    assert_eq!(refused.field(), Some("forecast"), "{refused}");
    let out = export(&db, "finance.xlsx");
    let mut book =
        open_workbook_auto_from_rs(std::io::Cursor::new(fs::read(&out).unwrap())).unwrap();
    let rows: Vec<Vec<Data>> = book
        .worksheet_range("Finance")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    let find = |label: &str| {
        rows.iter()
            .find(|r| matches!(&r[0], Data::String(t) if t == label))
            .unwrap_or_else(|| panic!("a row {label:?}: {rows:?}"))
    };
    assert_eq!(find("Expected spend by the end")[1], Data::Float(17_500.0));
    assert_eq!(
        find("Forecast against value")[1],
        Data::Float(-500.0),
        "£17,500 forecast against the £18,000 contract"
    );
    let income = rows
        .iter()
        .find(|r| {
            r.iter()
                .any(|c| matches!(c, Data::String(t) if t == "Local lottery"))
        })
        .expect("the income line");
    assert_eq!(income[2], Data::Float(1_200.0));
}

/// The Finance sheet has a row per cost heading: this period's budget,
/// actual and variance, and the same to date, with a total.
#[test]
fn the_finance_sheet_shows_each_cost_line_this_period_and_to_date() {
    use evident::forms::FinanceForm;
    let mut db = TestDb::demo();
    FinanceForm {
        heading: Some("Staffing".into()),
        budget: Some("3000".into()),
        actual: Some("3200".into()),
        note: Some("Extra cover at half term".into()),
    }
    .save(&mut db.store, NINE_MONTH_CONTRACT, PERIOD)
    .unwrap();
    // Period ids of one financial year sort in time order.
    let so_far: Vec<_> = db
        .store
        .finances(NINE_MONTH_CONTRACT)
        .unwrap()
        .into_iter()
        .filter(|f| f.period.as_str() <= PERIOD)
        .collect();
    let pounds = |pence: i64| Data::Float(pence as f64 / 100.0);
    let sum = |heading: Option<&str>, actual: bool| {
        pounds(
            so_far
                .iter()
                .filter(|f| heading.is_none_or(|h| f.heading == h))
                .map(|f| {
                    if actual {
                        f.actual_pence
                    } else {
                        f.budget_pence
                    }
                })
                .sum(),
        )
    };
    let out = export(&db, "cost-lines.xlsx");
    let mut book =
        open_workbook_auto_from_rs(std::io::Cursor::new(fs::read(&out).unwrap())).unwrap();
    let rows: Vec<Vec<Data>> = book
        .worksheet_range("Finance")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    let find = |label: &str| {
        rows.iter()
            .find(|r| matches!(&r[0], Data::String(t) if t == label))
            .unwrap_or_else(|| panic!("a row {label:?}: {rows:?}"))
    };
    let staffing = find("Staffing");
    assert_eq!(
        staffing[1..4],
        [pounds(300_000), pounds(320_000), pounds(20_000)]
    );
    assert_eq!(staffing[4], sum(Some("Staffing"), false));
    assert_eq!(staffing[5], sum(Some("Staffing"), true));
    assert_eq!(staffing[7], Data::String("Extra cover at half term".into()));
    let total = find("Total");
    assert_eq!(total[4], sum(None, false), "budget to date over every line");
    assert_eq!(total[5], sum(None, true));
    let headings: Vec<String> = rows
        .iter()
        .skip(1)
        .take(DEFAULT_COST_HEADINGS.len())
        .map(|r| r[0].to_string())
        .collect();
    assert_eq!(headings, DEFAULT_COST_HEADINGS, "in the agreement's order");
}

/// Text meant for the organisation never reaches the funder: no cell of any
/// demo pack names a command ("evident …") or a flag ("--…").
#[test]
fn no_cell_of_a_pack_names_a_command_or_a_flag() {
    let db = TestDb::demo();
    for (agreement, period) in [
        (COUNCIL_CONTRACT, "2025-26 Q4"),
        (COUNCIL_CONTRACT, "2026-27 Q1"),
        (NINE_MONTH_CONTRACT, "2025-26 Q4"),
        (TRUST_GRANT, "2025-26 H2"),
    ] {
        let out = db.dir().join("words.xlsx");
        let out = pack::export(&db.store, agreement, period, &out, &options())
            .unwrap()
            .path;
        for (sheet, cell) in cells(&fs::read(&out).unwrap()) {
            let text = cell.to_string();
            assert!(
                !text.contains("evident ") && !text.contains("--"),
                "{agreement} {period}, sheet {sheet}: {text:?}"
            );
        }
    }
}

/// Every baseline reads "n/a" no more: a measure with none set takes its
/// value in the agreement's first period with one, and Trend says which.
#[test]
fn every_baseline_is_shown() {
    let db = TestDb::demo();
    let xlsx = export(&db, "baselines.xlsx");
    let mut book =
        open_workbook_auto_from_rs(std::io::Cursor::new(fs::read(&xlsx).unwrap())).unwrap();
    let summary = book.worksheet_range("Summary").unwrap();
    let engine = report(&db.store, NINE_MONTH_CONTRACT, PERIOD).unwrap();
    let trend =
        evident::measures::Workbench::load_with_history(&db.store, NINE_MONTH_CONTRACT, PERIOD)
            .unwrap()
            .trend();
    let mut derived = 0;
    for row in summary.rows().skip(1) {
        let code = row[0].to_string();
        let Some(m) = engine.rows.iter().find(|r| r.code == code) else {
            continue;
        };
        let first = trend.iter().find_map(|(_, r)| {
            r.rows
                .iter()
                .find(|x| x.code == code)
                .and_then(|x| x.this_period)
        });
        let expected = m.baseline.or(first);
        let scale = if m.unit == Unit::Percent { 100.0 } else { 1.0 };
        match expected {
            Some(b) => assert_eq!(row[3].get_float(), Some(b / scale), "{code}'s baseline"),
            None => assert_eq!(row[3].to_string(), "n/a"),
        }
        derived += usize::from(m.baseline.is_none() && first.is_some());
    }
    assert!(derived > 0, "the demo has measures with no baseline set");
    let trend_text: Vec<String> = cells(&fs::read(&xlsx).unwrap())
        .into_iter()
        .filter(|(s, _)| s == "Trend")
        .map(|(_, c)| c.to_string())
        .collect();
    assert!(
        trend_text
            .iter()
            .any(|t| t.contains("(its value in 2025-26 Q2)")),
        "{trend_text:?}"
    );
}

/// Each Trend block shows the next period: its target, and where the line
/// of the last four values is heading, labelled as a forecast.
#[test]
fn each_trend_block_forecasts_the_next_period() {
    let db = TestDb::demo();
    let out = db.dir().join("forecast.xlsx");
    let out = pack::export(&db.store, COUNCIL_CONTRACT, "2025-26 Q3", &out, &options())
        .unwrap()
        .path;
    let mut book =
        open_workbook_auto_from_rs(std::io::Cursor::new(fs::read(&out).unwrap())).unwrap();
    let trend = book.worksheet_range("Trend").unwrap();
    let rows: Vec<Vec<Data>> = trend.rows().map(|r| r.to_vec()).collect();
    let mut checked = 0;
    for (i, row) in rows.iter().enumerate() {
        if row[0] != "Actual" {
            continue;
        }
        let actual: Vec<(f64, f64)> = row[1..]
            .iter()
            .enumerate()
            .filter_map(|(x, c)| c.get_float().map(|v| (x as f64, v)))
            .collect();
        let forecast = &rows[i + 2];
        assert!(
            forecast[0]
                .to_string()
                .starts_with("Forecast for 2025-26 Q4"),
            "{:?}",
            forecast[0]
        );
        let last: Vec<(f64, f64)> = actual[actual.len().saturating_sub(4)..].to_vec();
        if last.len() < 2 {
            continue;
        }
        let n = last.len() as f64;
        let mx = last.iter().map(|p| p.0).sum::<f64>() / n;
        let my = last.iter().map(|p| p.1).sum::<f64>() / n;
        let slope = last.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum::<f64>()
            / last.iter().map(|p| (p.0 - mx).powi(2)).sum::<f64>();
        let periods = (row.len() - 1) as f64;
        // A count stops at 0, a share (a fraction here) at 100 %.
        let expected = (my + slope * (periods - mx)).max(0.0);
        let shown = forecast[1].get_float().expect("a number");
        assert!(
            (shown - expected).abs() < 1e-9 || (shown == 1.0 && expected > 1.0),
            "{shown} against {expected}"
        );
        assert_eq!(rows[i + 3][0].to_string(), "Target for 2025-26 Q4");
        checked += 1;
    }
    assert!(checked > 0, "some measures have two values or more");
}

/// The pack's `data.json` says what its workbook shows: each measure's
/// figures as Summary has them (a share as its cell's fraction, a withheld
/// one withheld), each breakdown's counts as Demographics shows them (a
/// hidden count still hidden), every check, and it is in the manifest.
#[test]
fn data_json_holds_what_the_workbook_shows() {
    use calamine::{Data, Reader};
    let db = TestDb::demo();
    let written =
        evident::pack::export(&db.store, "NBC-CYP-01", "2025-26 Q3", db.dir(), &options()).unwrap();
    let files = crate::support::unzip(&written.path);
    let file = |name: &str| {
        files
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, b)| b.clone())
            .unwrap()
    };
    let data: serde_json::Value = serde_json::from_slice(&file("data.json")).unwrap();
    assert_eq!(data["version"], 1);
    assert_eq!(data["agreement"]["reference"], "NBC-CYP-01");
    assert_eq!(data["period"]["id"], "2025-26 Q3");
    assert!(String::from_utf8_lossy(&file("manifest.json")).contains("\"data.json\""));
    let mut book: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(file("returns.xlsx"))).unwrap();

    let summary = book.worksheet_range("Summary").unwrap();
    let rows: Vec<Vec<Data>> = summary.rows().map(|r| r.to_vec()).collect();
    let measures = data["measures"].as_array().unwrap();
    assert!(!measures.is_empty());
    for m in measures {
        let code = m["code"].as_str().unwrap();
        let row = rows
            .iter()
            .find(|r| r[0] == Data::String(code.into()))
            .expect("the measure's row");
        assert_eq!(row[1], Data::String(m["measure"].as_str().unwrap().into()));
        let share = m["unit"] == "percent";
        for (field, col) in [
            ("baseline", 3),
            ("target", 4),
            ("this_period", 5),
            ("year_to_date", 6),
        ] {
            let cell = &row[col];
            match m[field].as_f64() {
                Some(v) => {
                    let shown = cell
                        .as_f64()
                        .unwrap_or_else(|| panic!("{code} {field}: {cell:?}"));
                    let want = if share { v / 100.0 } else { v };
                    assert!(
                        (shown - want).abs() < 1e-9,
                        "{code} {field}: {shown} against {want}"
                    );
                }
                None if m["withheld"] == true && field == "this_period" => {
                    assert_eq!(cell, &Data::String("withheld".into()))
                }
                None => assert!(
                    cell.as_f64().is_none(),
                    "{code} {field}: {cell:?} with none in data.json"
                ),
            }
        }
        let status = row[8].to_string().to_lowercase();
        match m["status"].as_str() {
            Some(word) => assert!(status.starts_with(word), "{code}: {status} against {word}"),
            None => assert_eq!(status, ""),
        }
    }

    let demographics = book.worksheet_range("Demographics").unwrap();
    let rows: Vec<Vec<Data>> = demographics.rows().map(|r| r.to_vec()).collect();
    for b in data["breakdowns"].as_array().unwrap() {
        let name = b["dimension"].as_str().unwrap();
        let at = rows
            .iter()
            .position(|r| r[0] == Data::String(name.into()))
            .expect("the breakdown's header");
        for (i, k) in b["categories"].as_array().unwrap().iter().enumerate() {
            let row = &rows[at + 1 + i];
            assert_eq!(row[0], Data::String(k["label"].as_str().unwrap().into()));
            let shown = match &row[1] {
                Data::Float(f) => format!("{f}"),
                Data::Int(n) => n.to_string(),
                other => other.to_string(),
            };
            assert_eq!(shown, k["count"].as_str().unwrap(), "{name} {}", k["label"]);
            // A hidden count is the pack's `<5` or `*`, never the number.
            if shown.starts_with('<') || shown == "*" {
                assert!(k["percent"].is_null());
            }
        }
    }
    let checks = data["checks"].as_array().unwrap();
    let contents =
        evident::pack::gather(&db.store, "NBC-CYP-01", "2025-26 Q3", &options()).unwrap();
    assert_eq!(checks.len(), contents.checks.len());
}
