//! A reader attacks each pack (DESIGN "Small numbers"): from what the
//! workbook shows — each breakdown's total and other cells, the measures'
//! figures on Summary, the participant rows — it solves for the smallest and
//! largest value of every hidden count. Each must still have two possible
//! values. Run over every return of the demo and over random small
//! organisations.

use std::collections::HashMap;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use evident::filter::{Filter, FilterField};
use evident::records::{Calculation, Measure};
use evident::{pack, Store};

use crate::support::{now, today, TestDb};

/// A cell of Demographics as shown.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Exact(i64),
    /// `<T`: from 1 to T − 1.
    Small,
    /// `*`: at least T.
    Star,
}

/// What the reader takes from one workbook.
#[derive(Debug, Default)]
struct Reading {
    total: i64,
    threshold: i64,
    /// Each dimension: its name and (label, shown) cells.
    dimensions: Vec<(String, Vec<(String, Shown)>)>,
    /// Summary's figure for the period, by measure code (a share as a %).
    figures: HashMap<String, f64>,
    /// Participant rows: age band, gender, ethnicity, area.
    rows: Vec<[String; 4]>,
}

fn text(cell: Option<&Data>) -> String {
    cell.map(|c| c.to_string()).unwrap_or_default()
}

fn read(xlsx: &[u8]) -> Reading {
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let mut reading = Reading::default();
    let demographics = book.worksheet_range("Demographics").unwrap();
    let rows: Vec<&[Data]> = demographics.rows().collect();
    let title = text(rows[0].first());
    reading.total = title
        .rsplit_once(": ")
        .and_then(|(_, n)| n.trim_end_matches(" people").parse().ok())
        .unwrap_or_else(|| panic!("a total in {title:?}"));
    let note = text(rows[1].first());
    reading.threshold = note
        .split(" are shown as <")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a threshold in {note:?}"));
    let mut i = 3;
    while i < rows.len() {
        if text(rows[i].get(1)) != "Count" {
            i += 1;
            continue;
        }
        let name = text(rows[i].first());
        let mut cells = Vec::new();
        i += 1;
        while i < rows.len() && !text(rows[i].first()).is_empty() {
            if text(rows[i].get(1)).is_empty() {
                // A breakdown withheld as a whole: a sentence, no cells.
                assert!(text(rows[i].first()).starts_with("Not shown"), "{name}");
                i += 1;
                continue;
            }
            let shown = match rows[i].get(1) {
                Some(Data::Float(v)) => Shown::Exact(*v as i64),
                Some(Data::Int(v)) => Shown::Exact(*v),
                Some(Data::String(s)) if s == "*" => Shown::Star,
                Some(Data::String(s)) if s.starts_with('<') => Shown::Small,
                other => panic!("{name}: a count reads {other:?}"),
            };
            // A share shown beside a count gives it too.
            if let (Shown::Small | Shown::Star, Some(Data::Float(_))) = (&shown, rows[i].get(2)) {
                panic!("{name}: a hidden count has its share beside it");
            }
            cells.push((text(rows[i].first()), shown));
            i += 1;
        }
        reading.dimensions.push((name, cells));
    }
    let summary = book.worksheet_range("Summary").unwrap();
    for row in summary.rows() {
        // A share is stored as a fraction (0.25 for 25 %).
        if let Some(Data::Float(v)) = row.get(5) {
            reading.figures.insert(text(row.first()), *v);
        }
    }
    let participants = book.worksheet_range("Participants").unwrap();
    if text(participants.rows().next().and_then(|r| r.first())) == "Code" {
        reading.rows = participants
            .rows()
            .skip(1)
            .map(|r| [1, 2, 3, 4].map(|c| text(r.get(c))))
            .collect();
    }
    reading
}

/// The Demographics dimension a filter's field picks cells of, and the
/// participant rows' column for it.
fn dimension_of(field: FilterField) -> Option<(&'static str, Option<usize>)> {
    Some(match field {
        FilterField::AgeBand => ("Age band", Some(0)),
        FilterField::Gender => ("Gender", Some(1)),
        FilterField::Ethnicity => ("Ethnicity", Some(2)),
        FilterField::Area => ("Area", Some(3)),
        FilterField::Disability => ("Disability", None),
        FilterField::Sen => ("Special educational needs", None),
        FilterField::Group => ("Priority group", None),
        FilterField::Programme => return None,
    })
}

fn yes_no_label(field: FilterField, value: &str) -> String {
    match (field, value.trim().to_lowercase().as_str()) {
        (FilterField::Disability | FilterField::Sen, "yes" | "y" | "true") => "Yes".into(),
        (FilterField::Disability | FilterField::Sen, "no" | "n" | "false") => "No".into(),
        _ => value.trim().to_string(),
    }
}

/// Every value of the hidden cells consistent with what is shown: each
/// hidden cell's range (narrowed by the rows), the total where each person
/// is in one cell, and each measure that counts some of the cells.
fn bounds(
    reading: &Reading,
    name: &str,
    cells: &[(String, Shown)],
    sums: &[(Vec<usize>, i64)],
) -> Vec<(usize, i64, i64)> {
    let t = reading.threshold;
    let total = reading.total;
    let column = match name {
        "Age band" => Some(0),
        "Gender" => Some(1),
        "Ethnicity" => Some(2),
        "Area" => Some(3),
        _ => None,
    };
    let labels: Vec<&str> = cells.iter().map(|(l, _)| l.as_str()).collect();
    let mut ranges: Vec<(i64, i64)> = cells
        .iter()
        .map(|(_, s)| match s {
            Shown::Exact(n) => (*n, *n),
            Shown::Small => (1, t - 1),
            Shown::Star => (t, total),
        })
        .collect();
    if let Some(col) = column.filter(|_| !reading.rows.is_empty()) {
        // A row naming a cell is someone in it; a row naming another of
        // this dimension's cells is someone not in it.
        for (i, label) in labels.iter().enumerate() {
            let with = reading.rows.iter().filter(|r| r[col] == *label).count() as i64;
            let elsewhere = reading
                .rows
                .iter()
                .filter(|r| r[col] != *label && labels.contains(&r[col].as_str()))
                .count() as i64;
            ranges[i].0 = ranges[i].0.max(with);
            ranges[i].1 = ranges[i].1.min(total - elsewhere);
        }
    }
    let one_each = name != "Priority group";
    let hidden: Vec<usize> = (0..cells.len())
        .filter(|&i| !matches!(cells[i].1, Shown::Exact(_)))
        .collect();
    let mut found: Vec<(i64, i64)> = vec![(i64::MAX, i64::MIN); cells.len()];
    let mut values: Vec<i64> = ranges.iter().map(|r| r.0).collect();
    fn search(
        k: usize,
        hidden: &[usize],
        ranges: &[(i64, i64)],
        values: &mut Vec<i64>,
        check: &dyn Fn(&[i64]) -> bool,
        found: &mut Vec<(i64, i64)>,
    ) {
        if k == hidden.len() {
            if check(values) {
                for &i in hidden {
                    found[i].0 = found[i].0.min(values[i]);
                    found[i].1 = found[i].1.max(values[i]);
                }
            }
            return;
        }
        let i = hidden[k];
        for v in ranges[i].0..=ranges[i].1 {
            values[i] = v;
            search(k + 1, hidden, ranges, values, check, found);
        }
    }
    let check = |values: &[i64]| {
        (!one_each || values.iter().sum::<i64>() == total)
            && sums
                .iter()
                .all(|(cells, n)| cells.iter().map(|&c| values[c]).sum::<i64>() == *n)
    };
    search(0, &hidden, &ranges, &mut values, &check, &mut found);
    hidden
        .into_iter()
        .map(|i| (i, found[i].0, found[i].1))
        .collect()
}

/// Attacks one workbook: every hidden count must keep two possible values.
fn attack(xlsx: &[u8], measures: &[Measure], what: &str) {
    let reading = read(xlsx);
    for (name, cells) in &reading.dimensions {
        // The measures that count people of some of this dimension's cells.
        let sums: Vec<(Vec<usize>, i64)> = measures
            .iter()
            .filter_map(|m| {
                let filter = Filter::parse(&m.filter).ok()?;
                let [clause] = filter.clauses.as_slice() else {
                    return None;
                };
                let (dimension, _) = dimension_of(clause.field)?;
                if dimension != name {
                    return None;
                }
                let figure = *reading.figures.get(&m.code)?;
                let n = match m.calculation {
                    Calculation::Participants => figure,
                    Calculation::PercentWith => figure * reading.total as f64,
                    _ => return None,
                };
                let picked: Vec<usize> = clause
                    .values
                    .iter()
                    .filter_map(|v| {
                        let label = yes_no_label(clause.field, v);
                        cells
                            .iter()
                            .position(|(l, _)| l.eq_ignore_ascii_case(&label))
                    })
                    .collect();
                Some((picked, n.round() as i64))
            })
            .collect();
        for (i, low, high) in bounds(&reading, name, cells, &sums) {
            assert!(
                low < high,
                "{what}: {name} {:?} can be worked out: only {low}..={high} fits what the pack shows \
                 (total {}, cells {cells:?}, measures {sums:?}, rows {:?})",
                cells[i].0,
                reading.total,
                reading.rows
            );
        }
    }
}

fn xlsx_of(store: &Store, agreement: &str, period: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack.xlsx");
    let out = pack::export(
        store,
        agreement,
        period,
        &out,
        &pack::Options {
            prepared_by: "Sam Okafor".into(),
            now: now(),
        },
    )
    .unwrap()
    .path;
    std::fs::read(out).unwrap()
}

#[test]
fn no_hidden_count_of_any_demo_return_can_be_worked_out() {
    let db = TestDb::demo();
    let mut attacked = 0;
    for agreement in db.store.agreements(true).unwrap() {
        let measures = db.store.measures(&agreement.reference).unwrap();
        for period in evident::periods::of_agreement(&db.store, &agreement.reference).unwrap() {
            if period.end >= today() {
                continue;
            }
            let xlsx = xlsx_of(&db.store, &agreement.reference, &period.id);
            attack(
                &xlsx,
                &measures,
                &format!("{} {}", agreement.reference, period.id),
            );
            attacked += 1;
        }
    }
    assert!(attacked >= 8, "{attacked} returns attacked");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(50))]
    /// Fifty small organisations (5 to 40 people), each attacked as a reader would.
    #[test]
    fn no_hidden_count_of_a_small_organisation_can_be_worked_out(
        people in proptest::collection::vec((5u32..25, 0usize..3, 0usize..5, 0usize..4, 0usize..3, 0usize..3), 5..40),
        filters in proptest::collection::vec(0usize..5, 0..4),
    ) {
        let db = TestDb::small_organisation(&people, &filters);
        let measures = db.store.measures("YC-1").unwrap();
        let xlsx = xlsx_of(&db.store, "YC-1", "2026-27 Q2");
        attack(&xlsx, &measures, &format!("{} people", people.len()));
    }
}

#[test]
fn the_attack_finds_a_count_given_away_by_a_measure() {
    // The attack is real: against the figures alone (nothing withheld), a
    // share of everyone on free school meals gives their hidden count.
    let reading = Reading {
        total: 12,
        threshold: 5,
        dimensions: vec![(
            "Priority group".into(),
            vec![
                ("None of these".into(), Shown::Exact(9)),
                ("free school meals".into(), Shown::Small),
            ],
        )],
        ..Reading::default()
    };
    let (name, cells) = &reading.dimensions[0];
    let found = bounds(&reading, name, cells, &[(vec![1], 3)]);
    assert_eq!(found, [(1, 3, 3)]);
    let found = bounds(&reading, name, cells, &[]);
    assert_eq!(found, [(1, 1, 4)]);
}
