//! The funder's own form (issue 26): each fixture form in
//! `tests/fixtures/forms/` mapped, filled from the demo and read back; only
//! the mapped cells changed; the proposal against the mapping a coordinator
//! made; every refusal.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use evident::funder_form::{self, Source};
use evident::pack::{self, Options};
use evident::records::FormCell;

use crate::support::{now, TestDb};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/forms")
        .join(name)
}

fn options() -> Options {
    Options {
        prepared_by: "Sam Jones".into(),
        now: now(),
    }
}

/// The three fixtures: (form, agreement, period).
const FORMS: [(&str, &str, &str); 3] = [
    ("council-quarterly-monitoring", "NBC-CYP-01", "2025-26 Q3"),
    ("trust-half-year", "HCT-FT-25", "2025-26 H2"),
    ("youth-data-return", "NBC-YW-02", "2025-26 Q3"),
];

/// The mapping a coordinator made for a fixture, as its CSV says.
fn mapping(name: &str) -> Vec<FormCell> {
    let mut reader = csv::Reader::from_path(fixture(&format!("{name}.mapping.csv"))).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            FormCell {
                sheet: r[0].into(),
                cell: r[1].into(),
                source: r[2].into(),
            }
        })
        .collect()
}

/// Every entry of a zip, unpacked.
fn entries(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().unwrap().to_string(), data)
        })
        .collect()
}

/// A sheet's XML without the cells named, and without the saved results of
/// its formulas (filling clears them, so that they are worked out again).
fn without_cells(xml: &str, cells: &[String]) -> String {
    let mut out = xml.to_string();
    while let Some(at) = out.find("</f><v>") {
        let end = at + out[at..].find("</v>").unwrap() + 4;
        out.replace_range(at..end, "</f>");
    }
    for cell in cells {
        let Some(start) = out.find(&format!("<c r=\"{cell}\"")) else {
            continue;
        };
        let rest = &out[start..];
        let open_end = rest.find('>').unwrap();
        let end = if rest[..open_end].ends_with('/') {
            open_end + 1
        } else {
            rest.find("</c>").unwrap() + 4
        };
        out.replace_range(start..start + end, "");
    }
    out
}

/// The value a source has in the return, worked out here from the pack's
/// gathered contents, for the fixtures' kinds of source.
fn expected(c: &pack::Contents, source: &str) -> Option<Data> {
    let number = |v: Option<f64>| v.map(Data::Float);
    match Source::parse(source).unwrap() {
        Source::Measure { code, figure } => {
            let row = c.report.rows.iter().find(|r| r.code == code).unwrap();
            use evident::funder_form::source::Figure::*;
            match figure {
                ThisPeriod => number(row.this_period),
                YearToDate => number(row.year_to_date),
                Target => number(row.target),
                Baseline => number(row.baseline),
                Variance => number(row.variance),
                Status => row.status.map(|s| {
                    let word = s.as_str();
                    Data::String(word[..1].to_uppercase() + &word[1..])
                }),
            }
        }
        Source::Finance { heading, money } => {
            let line = c
                .finances
                .iter()
                .find(|f| f.period == c.period.id && f.heading == heading)?;
            use evident::funder_form::source::Money::*;
            let pence = match money {
                Budget => line.budget_pence,
                Actual => line.actual_pence,
                Variance => line.budget_pence - line.actual_pence,
            };
            Some(Data::Float(pence as f64 / 100.0))
        }
        Source::Narrative { heading } => c
            .narrative
            .answers
            .iter()
            .find(|(h, a)| *h == heading && !a.trim().is_empty())
            .map(|(_, a)| Data::String(a.clone())),
        Source::Breakdown { value, .. } => {
            let dimension = c
                .breakdowns
                .demographics
                .iter()
                .find(|d| d.name == "Age band")
                .unwrap();
            let shown = dimension
                .categories
                .iter()
                .find(|k| k.label == value)
                .map_or("0".to_string(), |k| k.shown.clone());
            Some(
                shown
                    .parse::<f64>()
                    .map_or(Data::String(shown), Data::Float),
            )
        }
        Source::Milestone { title, .. } => {
            let m = c.milestones.iter().find(|m| m.title == title).unwrap();
            let word = m.status.as_str();
            Some(Data::String(word[..1].to_uppercase() + &word[1..]))
        }
        Source::Detail(d) => {
            use evident::funder_form::source::Detail::*;
            let o = &c.organisation;
            let text = |t: &str| (!t.is_empty()).then(|| Data::String(t.to_string()));
            let day = |d: chrono::NaiveDate| {
                Some(Data::Float(
                    (d - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64,
                ))
            };
            match d {
                OrganisationName => text(&o.name),
                CharityNumber => text(&o.charity_number),
                ContactName => text(&o.contact_name),
                ContactRole => text(&o.contact_role),
                ContactEmail => text(&o.contact_email),
                ContactPhone => text(&o.contact_phone),
                AgreementReference => text(&c.agreement.reference),
                AgreementTitle => text(&c.agreement.title),
                AgreementValue => c
                    .agreement
                    .value_pence
                    .map(|p| Data::Float(p as f64 / 100.0)),
                PeriodName => text(&c.period.id),
                PeriodStart => day(c.period.start),
                PeriodEnd => day(c.period.end),
                PeriodDue => day(c.period.due),
                ApprovedBy => c.approval.as_ref().and_then(|a| text(&a.name)),
                ApproverRole => c.approval.as_ref().and_then(|a| text(&a.role)),
                ApprovedOn => c.approval.as_ref().and_then(|a| day(a.approved_at.date())),
            }
        }
        other => panic!("the fixtures map no {other}"),
    }
}

/// A cell as calamine reads it, dates as their serial numbers and
/// percentages as the share the measure keeps (54.5, not 0.545).
fn read(range: &calamine::Range<Data>, cell: &str, percent: bool) -> Option<Data> {
    let (column, row) = evident::records::cell_position(cell).unwrap();
    match range.get_value((row - 1, column - 1))? {
        Data::Empty => None,
        Data::Int(i) => Some(Data::Float(*i as f64)),
        Data::DateTime(d) => Some(Data::Float(d.as_f64())),
        Data::Float(f) if percent => Some(Data::Float(f * 100.0)),
        other => Some(other.clone()),
    }
}

#[test]
fn each_fixture_form_is_filled_from_the_demo_and_reads_back_equal_to_its_sources() {
    for (name, agreement, period) in FORMS {
        let mut db = TestDb::demo();
        let form_path = fixture(&format!("{name}.xlsx"));
        funder_form::add(&mut db.store, agreement, &form_path, now()).unwrap();
        let mapped = funder_form::map_file(
            &mut db.store,
            agreement,
            &fixture(&format!("{name}.mapping.csv")),
        )
        .unwrap();
        assert_eq!(mapped.cells, mapping(name).len());
        let written = pack::export(&db.store, agreement, period, db.dir(), &options()).unwrap();
        let filled_path = written
            .form_path
            .clone()
            .expect("the filled form is written beside the pack");
        let filled = std::fs::read(&filled_path).unwrap();
        let contents = pack::gather(&db.store, agreement, period, &options()).unwrap();
        let problems = contents.funder_form.as_ref().unwrap().problems();
        assert!(problems.is_empty(), "{name}: {problems:?}");

        // Every mapped cell equals its source.
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(filled.clone())).unwrap();
        let percent_cells = percent_cells(name);
        let mut filled_count = 0;
        for m in mapping(name) {
            let range = book.worksheet_range(&m.sheet).unwrap();
            let percent = percent_cells.contains(&m.cell.as_str());
            let want = expected(&contents, &m.source);
            let got = read(&range, &m.cell, percent);
            match (&want, &got) {
                (Some(Data::Float(a)), Some(Data::Float(b))) => assert!(
                    (a - b).abs() < 1e-9,
                    "{name} {} {}: {a} != {b}",
                    m.cell,
                    m.source
                ),
                _ => assert_eq!(want, got, "{name} {} {}", m.cell, m.source),
            }
            filled_count += usize::from(got.is_some());
        }
        assert!(
            filled_count * 10 >= mapping(name).len() * 7,
            "{name}: only {filled_count} cells filled"
        );

        // Every other part of the package is the funder's, byte for byte;
        // inside the mapped sheets, only the mapped cells changed.
        let before = entries(&std::fs::read(&form_path).unwrap());
        let after = entries(&filled);
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{name}"
        );
        let form = funder_form::Form::read(&std::fs::read(&form_path).unwrap()).unwrap();
        let mapped_parts: Vec<&str> = form
            .sheets
            .iter()
            .filter(|s| mapping(name).iter().any(|m| m.sheet == s.name))
            .map(|s| s.part.as_str())
            .collect();
        for (part, bytes) in &before {
            if mapped_parts.contains(&part.as_str()) {
                let cells: Vec<String> = mapping(name)
                    .iter()
                    .filter(|m| form.sheet(&m.sheet).unwrap().part == *part)
                    .map(|m| m.cell.clone())
                    .collect();
                let was = without_cells(std::str::from_utf8(bytes).unwrap(), &cells);
                let now = without_cells(std::str::from_utf8(&after[part]).unwrap(), &cells);
                assert_eq!(was, now, "{name}: {part} changed outside its mapped cells");
            } else {
                assert_eq!(bytes, &after[part], "{name}: {part} changed");
            }
        }

        // The filled form is in the zip too, and the manifest lists it.
        let zip_path = written.path.clone();
        let inside = crate::support::unzip(&zip_path);
        let (_, in_zip) = inside
            .iter()
            .find(|(p, _)| p.starts_with("funder-form/"))
            .expect("the form in the zip");
        assert_eq!(in_zip, &filled);
        let manifest = &inside.iter().find(|(p, _)| p == "manifest.json").unwrap().1;
        assert!(String::from_utf8_lossy(manifest).contains(&format!("funder-form/{name}.xlsx")));
    }
}

/// The cells of each fixture formatted as percentages.
fn percent_cells(name: &str) -> Vec<&'static str> {
    match name {
        "council-quarterly-monitoring" => vec!["C16", "D16", "E16"],
        "trust-half-year" => vec!["B3", "C3", "D3"],
        _ => vec!["B7", "B8"],
    }
}

#[test]
fn the_proposal_maps_most_labelled_cells_as_a_coordinator_did() {
    let (mut right, mut total, mut wrong) = (0, 0, Vec::new());
    for (name, agreement, _) in FORMS {
        let mut db = TestDb::demo();
        funder_form::add(
            &mut db.store,
            agreement,
            &fixture(&format!("{name}.xlsx")),
            now(),
        )
        .unwrap();
        // The demo keeps the council's form mapped: start it afresh.
        db.store.replace_form_cells(agreement, &[]).unwrap();
        let proposals = funder_form::proposal(&db.store, agreement).unwrap();
        for m in mapping(name) {
            total += 1;
            match proposals
                .iter()
                .find(|p| p.sheet == m.sheet && p.cell == m.cell)
            {
                Some(p) if p.source == m.source => right += 1,
                Some(p) => wrong.push(format!(
                    "{name} {}: {} proposed for {}",
                    m.cell, p.source, m.source
                )),
                None => wrong.push(format!(
                    "{name} {}: nothing proposed for {}",
                    m.cell, m.source
                )),
            }
        }
        // Proposing changes nothing: a proposal is only shown.
        assert!(db.store.form_cells(agreement).unwrap().is_empty());
    }
    println!("proposal: {right} of {total} right; {wrong:#?}");
    assert!(
        right * 100 >= total * 80,
        "only {right} of {total} proposed right: {wrong:#?}"
    );
}

#[test]
fn the_mapping_travels_in_the_framework_workbook_and_a_bad_row_refuses_it_whole() {
    let mut db = TestDb::demo();
    let name = "council-quarterly-monitoring";
    funder_form::map_file(
        &mut db.store,
        "NBC-CYP-01",
        &fixture(&format!("{name}.mapping.csv")),
    )
    .unwrap();
    let exported = evident::framework::Framework::of_agreement(&db.store, "NBC-CYP-01").unwrap();
    assert_eq!(exported.form_cells.len(), mapping(name).len());
    let path = db.dir().join("framework.xlsx");
    std::fs::write(&path, exported.to_xlsx().unwrap()).unwrap();
    // A commissioner hands out the framework; the provider sets up from it.
    let mut fresh = TestDb::new();
    let report = evident::framework::import(&mut fresh.store, &path, false).unwrap();
    assert!(report.written);
    assert_eq!(
        fresh.store.form_cells("NBC-CYP-01").unwrap(),
        db.store.form_cells("NBC-CYP-01").unwrap()
    );

    // A Form cells row naming a measure the framework does not have: the
    // whole workbook is refused, nothing set up.
    let mut broken = exported.clone();
    broken.form_cells[3].source = "measure NOPE this period".into();
    let bad = db.dir().join("broken.xlsx");
    std::fs::write(&bad, broken.to_xlsx().unwrap()).unwrap();
    let mut other = TestDb::new();
    let before = other.fingerprint();
    let err = evident::framework::import(&mut other.store, &bad, false).unwrap_err();
    let problems = err.problems().expect("a bad framework lists its problems");
    let problem = problems
        .iter()
        .find(|p| p.file.contains("Form cells"))
        .expect("the Form cells sheet named");
    assert_eq!(
        (problem.line, problem.value.as_str()),
        (Some(5), "measure NOPE this period")
    );
    assert!(problem.why.contains("no measure NOPE"), "{}", problem.why);
    assert_eq!(before, other.fingerprint());
}

#[test]
fn a_mapping_file_with_any_bad_row_changes_nothing_and_says_each_line() {
    let mut db = TestDb::demo();
    funder_form::add(
        &mut db.store,
        "NBC-CYP-01",
        &fixture("council-quarterly-monitoring.xlsx"),
        now(),
    )
    .unwrap();
    let file = db.dir().join("mapping.csv");
    std::fs::write(
        &file,
        "sheet,cell,source\nQuarterly monitoring,C4,organisation name\nQuarterly monitoring,C4,contact name\nNo such sheet,C5,agreement reference\nQuarterly monitoring,ZZZZ9,period name\nQuarterly monitoring,D25,finance total actual\nQuarterly monitoring,C12,measure CYP1 next week\nQuarterly monitoring,B29,narrative Weather\n",
    )
    .unwrap();
    let before = db.fingerprint();
    let err = funder_form::map_file(&mut db.store, "NBC-CYP-01", &file).unwrap_err();
    let problems = err.problems().unwrap();
    let lines: Vec<Option<usize>> = problems.iter().map(|p| p.line).collect();
    assert_eq!(
        lines,
        [Some(3), Some(4), Some(5), Some(6), Some(7), Some(8)],
        "{problems:#?}"
    );
    let says = |line: usize, words: &str| {
        let p = problems.iter().find(|p| p.line == Some(line)).unwrap();
        assert!(p.why.contains(words), "line {line}: {}", p.why);
    };
    says(3, "mapped twice");
    says(4, "no sheet");
    says(5, "not a cell");
    says(6, "formula");
    says(7, "write it as");
    says(8, "no narrative heading");
    assert_eq!(before, db.fingerprint(), "nothing mapped");
}

#[test]
fn what_the_cell_cannot_hold_is_a_check_and_the_cell_stays_as_the_funder_made_it() {
    let mut db = TestDb::demo();
    let agreement = "NBC-YW-02";
    funder_form::add(
        &mut db.store,
        agreement,
        &fixture("youth-data-return.xlsx"),
        now(),
    )
    .unwrap();
    let set = |db: &mut TestDb, cell: &str, source: &str| {
        let cell = FormCell {
            sheet: "Data return".into(),
            cell: cell.into(),
            source: source.into(),
        };
        funder_form::set_cell(&mut db.store, agreement, &cell).unwrap();
    };
    // A share in % into a cell that takes a whole number; a number into a
    // date cell; a status into a number cell that a list would refuse is
    // shown by the trust's form below.
    set(&mut db, "B6", "measure YW2 this period");
    set(&mut db, "B4", "measure YW1 this period");
    set(&mut db, "B3", "measure YW1 status");
    let contents = pack::gather(&db.store, agreement, "2025-26 Q3", &options()).unwrap();
    let form = contents.funder_form.as_ref().unwrap();
    let problems = form.problems();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("Data return!B6") && p.contains("whole number")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("Data return!B4") && p.contains("formatted as a date")),
        "{problems:#?}"
    );
    let check = contents
        .checks
        .iter()
        .find(|c| c.id == "funder_form")
        .unwrap();
    assert_eq!(check.records, problems);
    // The cells not filled are as the funder left them: empty.
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(form.bytes.clone())).unwrap();
    let range = book.worksheet_range("Data return").unwrap();
    assert_eq!(read(&range, "B6", false), None);
    assert_eq!(read(&range, "B4", false), None);
    assert!(matches!(read(&range, "B3", false), Some(Data::String(_))));

    // A measure removed after mapping: named before export.
    let mut db = TestDb::demo();
    funder_form::add(
        &mut db.store,
        "NBC-CYP-01",
        &fixture("council-quarterly-monitoring.xlsx"),
        now(),
    )
    .unwrap();
    funder_form::map_file(
        &mut db.store,
        "NBC-CYP-01",
        &fixture("council-quarterly-monitoring.mapping.csv"),
    )
    .unwrap();
    db.store.delete_measure("NBC-CYP-01", "CYP7").unwrap();
    let contents = pack::gather(&db.store, "NBC-CYP-01", "2025-26 Q3", &options()).unwrap();
    let problems = contents.funder_form.unwrap().problems();
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(
        problems.iter().all(|p| p.contains("no measure CYP7")),
        "{problems:#?}"
    );
}

#[test]
fn a_hidden_count_stays_hidden_in_the_form_and_a_choice_outside_the_drop_down_is_named() {
    let mut db = TestDb::demo();
    let agreement = "HCT-FT-25";
    funder_form::add(
        &mut db.store,
        agreement,
        &fixture("trust-half-year.xlsx"),
        now(),
    )
    .unwrap();
    funder_form::map_file(
        &mut db.store,
        agreement,
        &fixture("trust-half-year.mapping.csv"),
    )
    .unwrap();
    let contents = pack::gather(&db.store, agreement, "2025-26 H1", &options()).unwrap();
    let ages = contents
        .breakdowns
        .demographics
        .iter()
        .find(|d| d.name == "Age band")
        .unwrap();
    let form = contents.funder_form.as_ref().unwrap();
    for (i, band) in ["0-4", "5-10", "11-15", "16-19", "20+"].iter().enumerate() {
        let shown = ages
            .categories
            .iter()
            .find(|k| k.label == *band)
            .map_or("0".into(), |k| k.shown.clone());
        let cell = format!("B{}", 7 + i);
        let fill = form
            .cells
            .iter()
            .find(|c| c.sheet == "Outcomes and learning" && c.cell == cell)
            .unwrap();
        if shown.parse::<f64>().is_ok() {
            assert_eq!(fill.value, shown, "{band}");
        } else {
            // `<5` or `*` is text: the form shows it as the pack does, never the count.
            assert_eq!(fill.value, shown, "{band}");
            assert_eq!(fill.problem, None);
        }
    }
    // A milestone's status in a cell whose drop-down offers Green, Amber and Red.
    let agreement = "NBC-CYP-01";
    funder_form::add(
        &mut db.store,
        agreement,
        &fixture("council-quarterly-monitoring.xlsx"),
        now(),
    )
    .unwrap();
    let cell = FormCell {
        sheet: "Quarterly monitoring".into(),
        cell: "F12".into(),
        source: "milestone Parents' forum set up status".into(),
    };
    funder_form::set_cell(&mut db.store, agreement, &cell).unwrap();
    let preview =
        evident::pack::filled_form::preview(&db.store, agreement, Some("2025-26 Q3"), now())
            .unwrap();
    let fill = preview.cells.iter().find(|c| c.cell == "F12").unwrap();
    assert_eq!(fill.value, "");
    let problem = fill.problem.as_deref().unwrap();
    assert!(
        problem.contains("is not one of the cell's choices (Green, Amber, Red)"),
        "{problem}"
    );
}

#[test]
fn a_file_that_is_not_a_workbook_is_refused_and_nothing_is_kept() {
    let mut db = TestDb::demo();
    let text = db.dir().join("form.xlsx");
    std::fs::write(&text, "Organisation name,\n").unwrap();
    db.refused("not a workbook Evident can fill", |s| {
        funder_form::add(s, "NBC-YW-02", &text, now())
    });
    // A zip that is not a spreadsheet.
    let zip_path = db.dir().join("photos.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    zip.start_file("photo.jpg", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"not a photo").unwrap();
    zip.finish().unwrap();
    db.refused("not a workbook Evident can fill", |s| {
        funder_form::add(s, "NBC-YW-02", &zip_path, now())
    });
    // A sheet part built to unpack without end.
    let bomb = db.dir().join("bomb.xlsx");
    let form = std::fs::read(fixture("youth-data-return.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(form)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).unwrap();
        if entry.name().unwrap() == "xl/worksheets/sheet1.xml" {
            let name = entry.name().unwrap().to_string();
            drop(entry);
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            let zeros = vec![b' '; 1 << 20];
            for _ in 0..70 {
                std::io::Write::write_all(&mut out, &zeros).unwrap();
            }
        } else {
            out.raw_copy_file(entry).unwrap();
        }
    }
    out.finish().unwrap();
    db.refused("more than 64 MB", |s| {
        funder_form::add(s, "NBC-YW-02", &bomb, now())
    });
    assert!(db.store.funder_form("NBC-YW-02").unwrap().is_none());
}

#[test]
fn a_form_whose_file_has_not_arrived_leaves_the_pack_whole_and_says_why() {
    let db = TestDb::demo();
    // The form's record arrived from another laptop; its bytes did not.
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute("DELETE FROM form_file", []).unwrap();
    drop(conn);
    let written =
        pack::export(&db.store, "NBC-CYP-01", "2025-26 Q3", db.dir(), &options()).unwrap();
    assert_eq!(written.form_path, None);
    let contents = pack::gather(&db.store, "NBC-CYP-01", "2025-26 Q3", &options()).unwrap();
    let check = contents
        .checks
        .iter()
        .find(|c| c.id == "funder_form")
        .unwrap();
    assert!(
        check.records[0].contains("not on this laptop yet"),
        "{:?}",
        check.records
    );
}
