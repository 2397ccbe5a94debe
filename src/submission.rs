//! Submitting a return: the values as sent are kept with the pack's SHA-256,
//! so that later changes to the records behind them can be shown.

use std::path::Path;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::measures::{MeasureRow, Report, Workbench};
use crate::periods::Period;
use crate::records::{Submission, Unit};
use crate::store::Store;

/// A submitted figure that is different now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The period it was submitted for.
    pub period: String,
    /// The measure's code.
    pub code: String,
    /// The measure's title.
    pub measure: String,
    /// `this period` or `year to date`.
    pub field: &'static str,
    /// The value as sent.
    pub sent: Option<f64>,
    /// The value now.
    pub now: Option<f64>,
    /// The measure's unit.
    pub unit: Unit,
}

/// The part of a sent row that is compared.
#[derive(Debug, Deserialize)]
struct SentRow {
    code: String,
    this_period: Option<f64>,
    year_to_date: Option<f64>,
}

/// Marks the period submitted with the pack at `pack`: stores its SHA-256
/// and the measure values as they are now.
pub fn submit(
    store: &mut Store,
    agreement: &str,
    period: &str,
    pack: &Path,
    now: NaiveDateTime,
) -> Result<Submission> {
    let bytes = std::fs::read(pack).map_err(|e| Error::io("could not read the pack", pack, e))?;
    submit_bytes(store, agreement, period, &bytes, now)
}

/// Marks the period submitted with the pack `bytes` (as [`submit`] does
/// with a file).
pub fn submit_bytes(
    store: &mut Store,
    agreement: &str,
    period: &str,
    bytes: &[u8],
    now: NaiveDateTime,
) -> Result<Submission> {
    let report = Workbench::load(store, agreement, period)?.report();
    let values = serde_json::to_value(&report.rows).map_err(|e| Error::BadStoredValue {
        what: "measure values".into(),
        why: e.to_string(),
    })?;
    store.add_submission(&Submission {
        id: 0,
        agreement: report.agreement.reference.clone(),
        period: report.period.id.clone(),
        submitted_at: now,
        pack_sha256: crate::evidence::sha256(bytes),
        values,
    })
}

/// The submitted figures of `period` that differ now (from its latest
/// submission); [`Error::NotSubmitted`] if it has not been submitted.
pub fn changes(store: &Store, agreement: &str, period: &str) -> Result<Vec<Change>> {
    let bench = Workbench::load(store, agreement, period)?;
    let submissions = store.submissions(&bench.agreement.reference)?;
    let sent = latest(&submissions, &bench.period.id).ok_or_else(|| Error::NotSubmitted {
        agreement: bench.agreement.reference.clone(),
        period: bench.period.id.clone(),
    })?;
    compare(sent, &bench.report())
}

/// The changes in every submitted period among `reports` (each period's latest submission).
pub fn changes_in(submissions: &[Submission], reports: &[(Period, Report)]) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    for (period, report) in reports {
        if let Some(sent) = latest(submissions, &period.id) {
            changes.extend(compare(sent, report)?);
        }
    }
    Ok(changes)
}

fn latest<'a>(submissions: &'a [Submission], period: &str) -> Option<&'a Submission> {
    submissions
        .iter()
        .filter(|s| s.period == period)
        .max_by_key(|s| (s.submitted_at, s.id))
}

/// The figures of `now` that differ from those `sent`; values as sent that
/// no longer read are an error, never an empty list.
fn compare(sent: &Submission, now: &Report) -> Result<Vec<Change>> {
    let rows: Vec<SentRow> =
        serde_json::from_value(sent.values.clone()).map_err(|e| Error::BadStoredValue {
            what: format!("values sent for {} {}", sent.agreement, sent.period),
            why: e.to_string(),
        })?;
    let differs = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() > 1e-9,
        (a, b) => a.is_some() != b.is_some(),
    };
    let mut changes = Vec::new();
    for row in &rows {
        let Some(current) = now.rows.iter().find(|r: &&MeasureRow| r.code == row.code) else {
            continue;
        };
        for (field, was, is) in [
            ("this period", row.this_period, current.this_period),
            ("year to date", row.year_to_date, current.year_to_date),
        ] {
            if differs(was, is) {
                changes.push(Change {
                    period: sent.period.clone(),
                    code: current.code.clone(),
                    measure: current.measure.clone(),
                    field,
                    sent: was,
                    now: is,
                    unit: current.unit,
                });
            }
        }
    }
    Ok(changes)
}
