//! The funder's own form filled from a return (DESIGN "The funder's own
//! form"): each mapped cell's source read from what the pack shows, so the
//! form says nothing the pack does not (a hidden count stays hidden, a
//! withheld figure stays out); what the cell can hold checked against its
//! validation, its number format and the funder's formulas; the form filled;
//! and every filled cell read back with a second reader.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use serde::Serialize;

use super::Contents;
use crate::error::{Error, Result};
use crate::funder_form::source::{CurvePart, Detail, Dimension, Figure, MilestonePart, Money};
use crate::funder_form::{self, Allows, Form, Placed, Put, Shown, Source};
use crate::measures::Status;
use crate::records::{cell_position, FormCell, FunderForm};
use crate::store::Store;

/// A source's value for one return.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Number(f64),
    /// A share in % (54.5), as the measures keep it.
    Percent(f64),
    /// Pence.
    Money(i64),
    Text(String),
    Date(NaiveDate),
    /// Nothing to write: no figure (n/a, no target, not approved yet).
    Nothing,
}

/// What filling one mapped cell comes to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellFill {
    /// The sheet.
    pub sheet: String,
    /// The cell (`B12`).
    pub cell: String,
    /// Its source in words.
    pub source: String,
    /// The value as it will read in the form (empty when nothing is written).
    pub value: String,
    /// Why the cell cannot be filled, if it cannot.
    pub problem: Option<String>,
}

/// The funder's form filled for a return.
#[derive(Debug, Clone)]
pub struct FilledForm {
    /// The funder's file name.
    pub file_name: String,
    /// The filled workbook.
    pub bytes: Vec<u8>,
    /// Each mapped cell, filled or why not.
    pub cells: Vec<CellFill>,
}

impl FilledForm {
    /// The check's findings: each cell that could not be filled, and why.
    pub fn problems(&self) -> Vec<String> {
        problems_of(&self.cells)
    }
}

/// Each cell of `cells` that could not be filled, and why, as the check
/// lists it.
pub fn problems_of(cells: &[CellFill]) -> Vec<String> {
    cells
        .iter()
        .filter_map(|c| {
            c.problem
                .as_ref()
                .map(|p| format!("{}!{} ({}): {p}", c.sheet, c.cell, c.source))
        })
        .collect()
}

/// The readiness check of the funder's form: each mapped cell that cannot
/// be filled.
pub fn check(problems: Vec<String>) -> crate::checks::Check {
    crate::checks::Check {
        id: "funder_form",
        title: "Can every mapped cell of the funder's own form be filled?",
        severity: crate::checks::Severity::Warning,
        records: problems,
        advice: "Open the agreement's funder's form and map those cells again, or put right what they name; a cell that cannot be filled is left as the funder made it",
    }
}

/// The agreement's form filled from `contents`, or `None` when no form is
/// kept. A cell that cannot be filled is left as the funder made it and
/// named; the filled cells are read back before the form is given.
pub fn fill(store: &Store, contents: &Contents) -> Result<Option<FilledForm>> {
    let Some((form_record, bytes)) = store.funder_form(&contents.agreement.reference)? else {
        return Ok(None);
    };
    let mapping = store.form_cells(&contents.agreement.reference)?;
    let known = Known::of(store)?;
    filled(&form_record, &bytes, &mapping, contents, &known).map(Some)
}

/// What each mapped cell would hold in a return.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    /// The period whose return it is.
    pub period: String,
    /// Each mapped cell.
    pub cells: Vec<CellFill>,
}

/// What each mapped cell of `agreement`'s form would hold in the return of
/// `period`, or of the return being worked on (the mapping screen's
/// preview, and `form show`). Nothing is written.
pub fn preview(
    store: &Store,
    agreement: &str,
    period: Option<&str>,
    now: chrono::NaiveDateTime,
) -> Result<Preview> {
    let period = match period {
        Some(p) => p.to_string(),
        None => crate::overview::return_to_open(store, Some(agreement), now.date())?
            .map(|(_, p)| p)
            .or_else(|| store.periods(agreement).ok()?.last().map(|p| p.id.clone()))
            .ok_or_else(|| Error::invalid("period", "the agreement has no reporting periods"))?,
    };
    // A preview is nobody's return: it needs no preparer's name.
    let options = super::Options {
        prepared_by: "(preview)".into(),
        now,
    };
    let contents = super::gather(store, agreement, &period, &options)?;
    let cells = contents.funder_form.map(|f| f.cells).unwrap_or_default();
    Ok(Preview { period, cells })
}

/// The organisation's spellings a breakdown's value may name with no one
/// in it (a count of 0).
struct Known {
    genders: Vec<String>,
    ethnicities: Vec<String>,
}

impl Known {
    fn of(store: &Store) -> Result<Known> {
        Ok(Known {
            genders: store.list_values(crate::store::List::Gender)?,
            ethnicities: store.list_values(crate::store::List::Ethnicity)?,
        })
    }
}

fn filled(
    record: &FunderForm,
    bytes: &[u8],
    mapping: &[FormCell],
    contents: &Contents,
    known: &Known,
) -> Result<FilledForm> {
    let form = Form::read(bytes)?;
    let mut cells = Vec::with_capacity(mapping.len());
    let mut placed = Vec::new();
    for m in mapping {
        let (put, problem) = match Source::parse(&m.source) {
            Err(e) => (None, Some(e.to_string())),
            Ok(source) => match value_of(&source, contents, known) {
                Err(why) => (None, Some(why)),
                Ok(value) => fitted(&form, m, value),
            },
        };
        let shown = put
            .as_ref()
            .map(|p| as_read(&form, m, p))
            .unwrap_or_default();
        if let (Some(put), Some((column, row))) = (put, cell_position(&m.cell)) {
            placed.push(Placed {
                sheet: m.sheet.clone(),
                column,
                row,
                put,
            });
        }
        cells.push(CellFill {
            sheet: m.sheet.clone(),
            cell: m.cell.clone(),
            source: m.source.clone(),
            value: shown,
            problem,
        });
    }
    let bytes = funder_form::fill(bytes, &placed)?;
    read_back(&bytes, &placed)?;
    Ok(FilledForm {
        file_name: record.file_name.clone(),
        bytes,
        cells,
    })
}

/// A value as the form will show it, for the preview.
fn as_read(form: &Form, m: &FormCell, put: &Put) -> String {
    let shown = form
        .sheet(&m.sheet)
        .zip(cell_position(&m.cell))
        .map_or(Shown::Number, |(s, (c, r))| form.shown(s.style_at(c, r)));
    match (put, shown) {
        (Put::Text(t), _) => t.clone(),
        (Put::Number(n), Shown::Date) => funder_form::date_of_serial(*n)
            .map_or_else(|| n.to_string(), |d| d.format("%d/%m/%Y").to_string()),
        (Put::Number(n), Shown::Percent) => format!("{}%", (n * 1000.0).round() / 10.0),
        (Put::Number(n), _) => format!("{}", (n * 100.0).round() / 100.0),
    }
}

/// What is written for `value` in the mapped cell, or why nothing can be.
fn fitted(form: &Form, m: &FormCell, value: Value) -> (Option<Put>, Option<String>) {
    let Some(sheet) = form.sheet(&m.sheet) else {
        return (None, Some(format!("the form has no sheet {:?}", m.sheet)));
    };
    let Some((column, row)) = cell_position(&m.cell) else {
        return (None, Some(format!("{:?} is not a cell", m.cell)));
    };
    if sheet.cells.get(&(row, column)).is_some_and(|c| c.formula) {
        return (
            None,
            Some("the funder's formula computes this cell; map another cell".into()),
        );
    }
    if let Some(area) = sheet
        .merged
        .iter()
        .find(|a| a.contains(column, row) && (a.first_column, a.first_row) != (column, row))
    {
        let first = crate::records::cell_name(area.first_column, area.first_row);
        return (
            None,
            Some(format!(
                "this cell is part of merged cells that {first} shows; map {first}"
            )),
        );
    }
    let shown = form.shown(sheet.style_at(column, row));
    let date_value = matches!(value, Value::Date(_));
    let put = match value {
        Value::Nothing => return (None, None),
        Value::Number(n) => Put::Number(n),
        Value::Percent(p) if shown == Shown::Percent => Put::Number(p / 100.0),
        Value::Percent(p) => Put::Number(p),
        Value::Money(pence) => Put::Number(pence as f64 / 100.0),
        Value::Date(d) if shown == Shown::Date => Put::Number(funder_form::serial_of_date(d)),
        Value::Date(d) => Put::Text(d.format("%d/%m/%Y").to_string()),
        Value::Text(t) => Put::Text(t),
    };
    if matches!(put, Put::Number(_)) && shown == Shown::Date && !date_value {
        return (
            None,
            Some("a number cannot go into a cell formatted as a date".into()),
        );
    }
    match (sheet.allows(column, row), &put) {
        (Some(Allows::WholeNumber), Put::Number(n)) if n.fract() != 0.0 => (
            None,
            Some(format!(
                "the cell takes a whole number, and the value is {}",
                (n * 100.0).round() / 100.0
            )),
        ),
        (Some(Allows::WholeNumber | Allows::Decimal), Put::Text(t)) => (
            None,
            Some(format!(
                "the cell takes a number, and the value is the text {t:?}"
            )),
        ),
        (Some(Allows::Date), _) if !date_value => (None, Some("the cell takes a date".into())),
        (Some(Allows::List(Some(choices))), put) => {
            let text = match put {
                Put::Text(t) => t.clone(),
                Put::Number(n) => n.to_string(),
            };
            match choices
                .iter()
                .find(|c| c.trim().eq_ignore_ascii_case(text.trim()))
            {
                Some(choice) => (Some(Put::Text(choice.clone())), None),
                None => (
                    None,
                    Some(format!(
                        "{text:?} is not one of the cell's choices ({})",
                        choices.join(", ")
                    )),
                ),
            }
        }
        (Some(Allows::List(None)), _) => (
            None,
            Some("the cell's drop-down keeps its choices where Evident cannot read them".into()),
        ),
        _ => (Some(put), None),
    }
}

/// The value of `source` in the return `contents` shows, or why it has none.
fn value_of(source: &Source, c: &Contents, known: &Known) -> std::result::Result<Value, String> {
    let gone = |what: &str| format!("the agreement has no {what}; map the cell again");
    let number = |v: Option<f64>| v.map_or(Value::Nothing, Value::Number);
    match source {
        Source::Measure { code, figure } => {
            let row = c
                .report
                .rows
                .iter()
                .find(|r| r.code.eq_ignore_ascii_case(code))
                .ok_or_else(|| gone(&format!("measure {code}")))?;
            let percent = row.unit == crate::records::Unit::Percent;
            let figure_of = |v: Option<f64>| match (v, percent) {
                (None, _) => Value::Nothing,
                (Some(v), true) => Value::Percent(v),
                (Some(v), false) => Value::Number(v),
            };
            Ok(match figure {
                Figure::ThisPeriod => figure_of(row.this_period),
                Figure::YearToDate => figure_of(row.year_to_date),
                Figure::Target => figure_of(row.target),
                Figure::Baseline => figure_of(row.baseline),
                // A percentage's variance is in points, not a share.
                Figure::Variance => number(row.variance),
                Figure::Status => row.status.map_or(Value::Nothing, |s: Status| {
                    Value::Text(s.as_str().to_string())
                }),
            })
        }
        Source::Breakdown {
            code,
            dimension,
            value,
        } => breakdown(c, known, code, *dimension, value),
        Source::Narrative { heading } => c
            .agreement
            .headings
            .iter()
            .find(|h| h.heading.eq_ignore_ascii_case(heading))
            .map(|h| {
                let answer = c
                    .narrative
                    .answers
                    .iter()
                    .find(|(q, _)| q.eq_ignore_ascii_case(&h.heading));
                answer.map_or(Value::Nothing, |(_, a)| text(a))
            })
            .ok_or_else(|| gone(&format!("narrative heading {heading:?}"))),
        Source::Curve { code, part } => {
            if !c
                .report
                .rows
                .iter()
                .any(|r| r.code.eq_ignore_ascii_case(code))
            {
                return Err(gone(&format!("measure {code}")));
            }
            let note = c
                .narrative
                .curves
                .iter()
                .find(|n| n.code.eq_ignore_ascii_case(code));
            Ok(note.map_or(Value::Nothing, |n| {
                text(match part {
                    CurvePart::Story => &n.story,
                    CurvePart::Partners => &n.partners,
                    CurvePart::WhatWorks => &n.what_works,
                    CurvePart::Next => &n.next_steps,
                })
            }))
        }
        Source::Finance { heading, money } => {
            let listed = c
                .agreement
                .cost_headings
                .iter()
                .any(|h| h.eq_ignore_ascii_case(heading));
            if !listed {
                return Err(gone(&format!("cost heading {heading:?}")));
            }
            let line = c
                .finances
                .iter()
                .find(|f| f.period == c.period.id && f.heading.eq_ignore_ascii_case(heading));
            Ok(line.map_or(Value::Nothing, |f| {
                money_of(*money, f.budget_pence, f.actual_pence)
            }))
        }
        Source::FinanceTotal { money } => {
            let lines: Vec<_> = c
                .finances
                .iter()
                .filter(|f| f.period == c.period.id)
                .collect();
            if lines.is_empty() {
                return Ok(Value::Nothing);
            }
            let budget = lines.iter().map(|f| f.budget_pence).sum();
            let actual = lines.iter().map(|f| f.actual_pence).sum();
            Ok(money_of(*money, budget, actual))
        }
        Source::Milestone { title, part } => {
            let milestone = c
                .milestones
                .iter()
                .find(|m| m.title.eq_ignore_ascii_case(title))
                .ok_or_else(|| gone(&format!("milestone {title:?}")))?;
            Ok(match part {
                MilestonePart::Status => Value::Text(milestone.status.as_str().to_string()),
                MilestonePart::Note => milestone
                    .notes
                    .get(&c.period.id)
                    .map_or(Value::Nothing, |n| text(n)),
            })
        }
        Source::Detail(detail) => Ok(detail_of(*detail, c)),
    }
}

/// Text, or nothing when it is blank.
fn text(t: &str) -> Value {
    if t.trim().is_empty() {
        Value::Nothing
    } else {
        Value::Text(t.to_string())
    }
}

fn money_of(money: Money, budget: i64, actual: i64) -> Value {
    Value::Money(match money {
        Money::Budget => budget,
        Money::Actual => actual,
        Money::Variance => budget - actual,
    })
}

/// A count of the period's participants as Demographics shows it: a hidden
/// count stays as the pack shows it (`<5`, `*`), never the number.
fn breakdown(
    c: &Contents,
    known: &Known,
    code: &str,
    dimension: Dimension,
    value: &str,
) -> std::result::Result<Value, String> {
    let row = c
        .report
        .rows
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code))
        .ok_or_else(|| format!("the agreement has no measure {code}; map the cell again"))?;
    let counts_everyone = c
        .counting_everyone
        .iter()
        .any(|m| m.eq_ignore_ascii_case(&row.code));
    if !counts_everyone {
        return Err(format!(
            "a breakdown is of the people the return counts ({}); measure {code} counts something else",
            c.counting_everyone.join(", ")
        ));
    }
    let (name, spellings): (&str, Vec<String>) = match dimension {
        Dimension::AgeBand => ("Age band", c.organisation.age_bands.clone()),
        Dimension::Gender => ("Gender", known.genders.clone()),
        Dimension::Ethnicity => ("Ethnicity", known.ethnicities.clone()),
        Dimension::Area => ("Area", vec![value.to_string()]),
    };
    let categories = c
        .breakdowns
        .demographics
        .iter()
        .find(|d| d.name == name)
        .map(|d| d.categories.as_slice())
        .unwrap_or_default();
    match categories
        .iter()
        .find(|k| k.label.eq_ignore_ascii_case(value.trim()))
    {
        Some(k) => Ok(k
            .shown
            .parse::<f64>()
            .map_or_else(|_| Value::Text(k.shown.clone()), Value::Number)),
        None if spellings
            .iter()
            .any(|s| s.eq_ignore_ascii_case(value.trim())) =>
        {
            Ok(Value::Number(0.0))
        }
        None => Err(format!(
            "{value:?} is not one of the organisation's values for {}",
            name.to_lowercase()
        )),
    }
}

fn detail_of(detail: Detail, c: &Contents) -> Value {
    let o = &c.organisation;
    let approval = c.approval.as_ref();
    match detail {
        Detail::OrganisationName => text(&o.name),
        Detail::CharityNumber => text(&o.charity_number),
        Detail::ContactName => text(&o.contact_name),
        Detail::ContactRole => text(&o.contact_role),
        Detail::ContactEmail => text(&o.contact_email),
        Detail::ContactPhone => text(&o.contact_phone),
        Detail::AgreementReference => text(&c.agreement.reference),
        Detail::AgreementTitle => text(&c.agreement.title),
        Detail::AgreementValue => c.agreement.value_pence.map_or(Value::Nothing, Value::Money),
        Detail::PeriodName => Value::Text(c.period.id.clone()),
        Detail::PeriodStart => Value::Date(c.period.start),
        Detail::PeriodEnd => Value::Date(c.period.end),
        Detail::PeriodDue => Value::Date(c.period.due),
        Detail::ApprovedBy => approval.map_or(Value::Nothing, |a| text(&a.name)),
        Detail::ApproverRole => approval.map_or(Value::Nothing, |a| text(&a.role)),
        Detail::ApprovedOn => {
            approval.map_or(Value::Nothing, |a| Value::Date(a.approved_at.date()))
        }
    }
}

/// Reads the filled form with a second reader (calamine) and compares each
/// filled cell with what was written: a form that does not say what the
/// records say is never given.
fn read_back(bytes: &[u8], placed: &[Placed]) -> Result<()> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| wrong(format!("it cannot be read back ({e})")))?;
    for p in placed {
        let range = book
            .worksheet_range(&p.sheet)
            .map_err(|e| wrong(format!("its sheet {} cannot be read back ({e})", p.sheet)))?;
        let found = range.get_value((p.row - 1, p.column - 1));
        let same = match (&p.put, found) {
            (Put::Number(n), Some(Data::Float(f))) => f == n,
            (Put::Number(n), Some(Data::Int(i))) => *i as f64 == *n,
            (Put::Number(n), Some(Data::DateTime(d))) => d.as_f64() == *n,
            (Put::Text(t), Some(Data::String(s))) => s == t || (t.is_empty() && s.is_empty()),
            _ => false,
        };
        if !same {
            let cell = crate::records::cell_name(p.column, p.row);
            return Err(wrong(format!(
                "{}!{cell} reads back as {found:?}, not as written ({:?})",
                p.sheet, p.put
            )));
        }
    }
    Ok(())
}

fn wrong(why: String) -> Error {
    Error::BadStoredValue {
        what: "the funder's form, filled in".into(),
        why: format!("{why}; the form was not written. Please report this with the form"),
    }
}
