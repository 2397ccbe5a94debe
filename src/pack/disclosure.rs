//! Measures a reader could use to work out a count that Demographics hides
//! (DESIGN "Small numbers": the rule is a property of everything the pack
//! shows). A measure about the people of a characteristic (children on free
//! school meals, as a share of everyone) counts one cell of a breakdown: if
//! that cell is hidden, the measure's figure for the period would give it
//! away. Such a figure is withheld, in every sheet that shows it, and so is
//! a count of fewer people than the threshold picked out by a filter.

use std::collections::BTreeSet;

use crate::filter::{Filter, FilterField};
use crate::measures::{Breakdowns, Report};
use crate::records::{Calculation, Measure};

/// The Demographics dimension a filter's field picks cells of.
fn dimension_of(field: FilterField) -> Option<&'static str> {
    Some(match field {
        FilterField::AgeBand => "Age band",
        FilterField::Gender => "Gender",
        FilterField::Ethnicity => "Ethnicity",
        FilterField::Area => "Area",
        FilterField::Disability => "Disability",
        FilterField::Sen => "Special educational needs",
        FilterField::Group => "Priority group",
        FilterField::Programme => return None,
    })
}

/// The label Demographics gives a filter's value (`yes` is `Yes`).
fn label_of(field: FilterField, value: &str) -> String {
    match field {
        FilterField::Disability | FilterField::Sen => match crate::parse::yes_no("filter", value) {
            Ok(true) => "Yes".to_string(),
            Ok(false) => "No".to_string(),
            Err(_) => value.trim().to_string(),
        },
        _ => value.trim().to_string(),
    }
}

/// Whether the filter picks out a cell of this period's Demographics that
/// is hidden there.
fn touches_hidden_cell(filter: &Filter, breakdowns: &Breakdowns) -> bool {
    filter.clauses.iter().any(|clause| {
        let Some(name) = dimension_of(clause.field) else {
            return false;
        };
        let Some(dimension) = breakdowns.demographics.iter().find(|d| d.name == name) else {
            return false;
        };
        clause.values.iter().any(|value| {
            let label = label_of(clause.field, value);
            dimension.categories.iter().any(|c| {
                c.label.eq_ignore_ascii_case(&label)
                    && c.count > 0
                    && c.shown != c.count.to_string()
            })
        })
    })
}

/// How many people a measure's figure for the period counts, where it is a
/// count of people (or a share of everyone, which gives that count).
fn people_counted(measure: &Measure, value: f64, total: usize) -> Option<f64> {
    match measure.calculation {
        Calculation::Participants
        | Calculation::NewParticipants
        | Calculation::Assessed
        | Calculation::Improved
        | Calculation::OutcomeLogged => Some(value),
        Calculation::PercentWith => Some((value * total as f64 / 100.0).round()),
        _ => None,
    }
}

/// The codes of the measures whose figures for the period must be withheld:
/// those whose filter picks out a hidden cell, and those counting from 1 to
/// the threshold less one of the people a filter on their characteristics
/// picks out.
pub fn revealing(
    measures: &[Measure],
    report: &Report,
    breakdowns: &Breakdowns,
) -> BTreeSet<String> {
    let threshold = breakdowns.threshold as f64;
    measures
        .iter()
        .filter_map(|m| {
            let filter = Filter::parse(&m.filter).ok()?;
            if !filter.names_participant_field() {
                return None;
            }
            let row = report.rows.iter().find(|r| r.code == m.code)?;
            let small = row
                .this_period
                .and_then(|v| people_counted(m, v, breakdowns.total))
                .is_some_and(|n| n >= 1.0 && n < threshold);
            (small || touches_hidden_cell(&filter, breakdowns)).then(|| m.code.clone())
        })
        .collect()
}

/// Withholds the figures of `codes` for the period in the report and the
/// trend's point for it (and the year to date, when the year began with
/// this period, since it is then the same figure).
pub fn withhold(
    codes: &BTreeSet<String>,
    report: &mut Report,
    trend: &mut [(crate::periods::Period, Report)],
) {
    let first_of_year = report.period.start == report.period.year_start;
    let period = report.period.id.clone();
    let blank = |row: &mut crate::measures::MeasureRow| {
        row.this_period = None;
        row.variance = None;
        row.status = None;
        if first_of_year {
            row.year_to_date = None;
        }
    };
    for row in report.rows.iter_mut().filter(|r| codes.contains(&r.code)) {
        blank(row);
    }
    for (_, r) in trend.iter_mut().filter(|(p, _)| p.id == period) {
        for row in r.rows.iter_mut().filter(|r| codes.contains(&r.code)) {
            blank(row);
        }
    }
}
