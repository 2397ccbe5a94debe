//! Spreadsheet import (DESIGN "Spreadsheet import"): participants, sessions,
//! attendance, assessments and the outcome log from CSV or a workbook. A
//! file is all or nothing: every bad row is listed (file, line, column,
//! value, why and how to fix) and nothing is written until the file is
//! clean. Importing the same file twice adds nothing the second time.

pub mod bounds;
pub mod grid;
mod rows;
pub mod table;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

pub use grid::{import_register, GridOptions, GridReport};
pub use rows::ATTENDANCE_AT_ONCE;
pub use table::Table;

pub use crate::error::Problem;
use crate::error::{Error, Result};
use crate::store::{List, Store};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One row per participant, keyed by `code`.
    Participants,
    /// One row per session, keyed by `session_ref`.
    Sessions,
    /// One row per person at a session.
    Attendance,
    /// One row per score.
    Assessments,
    /// One row per change seen.
    OutcomeLog,
}

impl Kind {
    /// Every kind, in the order they are offered.
    pub const ALL: [Kind; 5] = [
        Kind::Participants,
        Kind::Sessions,
        Kind::Attendance,
        Kind::Assessments,
        Kind::OutcomeLog,
    ];

    /// The kind with `name` (`participants`, `outcome-log`, …).
    pub fn named(name: &str) -> Result<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == name.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                Error::invalid(
                    "kind",
                    format!(
                        "{name:?} is not a kind of file; use one of: {}",
                        names.join(", ")
                    ),
                )
            })
    }

    /// The kind's name (`outcome-log`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Participants => "participants",
            Kind::Sessions => "sessions",
            Kind::Attendance => "attendance",
            Kind::Assessments => "assessments",
            Kind::OutcomeLog => "outcome-log",
        }
    }

    /// The columns DESIGN lists for the kind, in order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Kind::Participants => &[
                "code",
                "known_as",
                "date_of_birth",
                "gender",
                "ethnicity",
                "area",
                "disability",
                "sen",
                "groups",
                "referral_source",
                "consent_date",
            ],
            Kind::Sessions => &[
                "session_ref",
                "programme",
                "date",
                "start_time",
                "duration_minutes",
                "location",
                "headcount",
                "staff",
                "volunteers",
                "volunteer_hours",
                "notes",
            ],
            Kind::Attendance => &["session_ref", "participant_code"],
            Kind::Assessments => &[
                "participant_code",
                "indicator",
                "date",
                "score",
                "stage",
                "programme",
                "session_ref",
            ],
            Kind::OutcomeLog => &[
                "participant_code",
                "date",
                "outcome",
                "programme",
                "note",
                "source",
            ],
        }
    }

    /// The columns a file of this kind must have.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            Kind::Participants => &["code"],
            Kind::Sessions => &["session_ref", "programme", "date", "duration_minutes"],
            Kind::Attendance => &["session_ref", "participant_code"],
            Kind::Assessments => &["participant_code", "indicator", "date", "score"],
            Kind::OutcomeLog => &["participant_code", "date", "outcome"],
        }
    }
}

/// What an import did, or would do.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The kind of file.
    pub kind: String,
    /// The file.
    pub file: String,
    /// Rows read.
    pub rows: usize,
    /// Records added (or that would be).
    pub added: usize,
    /// Records changed (or that would be).
    pub updated: usize,
    /// Rows already there as they are.
    pub unchanged: usize,
    /// Everything wrong, gathered while reading; a report with problems is
    /// never returned: it becomes [`Error::ImportProblems`].
    #[serde(skip)]
    pub(crate) problems: Vec<Problem>,
    /// Values new to a reference list, added (or that would be) as written.
    pub list_additions: Vec<(String, String)>,
    /// Columns Evident does not know, left out.
    pub ignored_columns: Vec<String>,
    /// Whether the records were written.
    pub written: bool,
}

impl Report {
    /// One line saying what the import did or would do.
    pub fn summary(&self) -> String {
        format!(
            "{}: {} to add, {} to change, {} already there",
            crate::error::count(self.rows, "row"),
            self.added,
            self.updated,
            self.unchanged
        )
    }

    /// What the person importing should know besides the counts: values
    /// new to a reference list (a typo shows here before it splits a
    /// category) and columns left out.
    pub fn notes(&self) -> Vec<String> {
        let mut notes: Vec<String> = self
            .list_additions
            .iter()
            .map(|(list, v)| format!("new to the {list} list: {v:?}"))
            .collect();
        if !self.ignored_columns.is_empty() {
            const NAMED: usize = 12;
            let mut named =
                self.ignored_columns[..self.ignored_columns.len().min(NAMED)].join(", ");
            if self.ignored_columns.len() > NAMED {
                named.push_str(&format!(" and {} more", self.ignored_columns.len() - NAMED));
            }
            notes.push(format!("columns left out (not known): {named}"));
        }
        notes
    }
}

/// Turns a report with problems into [`Error::ImportProblems`].
pub(crate) fn refuse_problems<T>(file: &str, problems: Vec<Problem>, report: T) -> Result<T> {
    if problems.is_empty() {
        Ok(report)
    } else {
        Err(Error::ImportProblems {
            file: file.to_string(),
            problems,
        })
    }
}

/// Imports `path` as `kind`. With `dry_run` nothing is written and the
/// report says what would happen. When any row is bad nothing is written
/// and the error is [`Error::ImportProblems`], listing every problem.
pub fn run(
    store: &mut Store,
    kind: Kind,
    path: &Path,
    dry_run: bool,
    today: NaiveDate,
) -> Result<Report> {
    // A file of attendance may run to a million rows: it is read a few at
    // a time. Any other is read whole.
    let mut stream = table::Stream::open(path)?;
    let at_once = match kind {
        Kind::Attendance => rows::ATTENDANCE_AT_ONCE,
        _ => usize::MAX,
    };
    let first = stream.next_rows(at_once)?;
    let table = stream.table(first);
    let mut report = Report {
        kind: kind.as_str().to_string(),
        file: table.file.clone(),
        rows: table.rows.len(),
        ..Report::default()
    };
    report.ignored_columns = table
        .headers
        .iter()
        .filter(|h| {
            !h.trim().is_empty() && !kind.columns().iter().any(|c| table::header_key(h) == *c)
        })
        .cloned()
        .collect();
    // A column given twice is a problem: which one was meant cannot be told.
    for column in kind.columns() {
        let found: Vec<usize> = table
            .headers
            .iter()
            .enumerate()
            .filter(|(_, h)| table::header_key(h) == *column)
            .map(|(i, _)| i + 1)
            .collect();
        if found.len() > 1 {
            report.problems.push(Problem {
                file: table.file.clone(),
                line: Some(1),
                column: Some(column.to_string()),
                value: String::new(),
                why: format!(
                    "the column {column} is there {} times (columns {}); keep one",
                    found.len(),
                    found
                        .iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            });
        }
    }
    for required in kind.required() {
        if table.column(required).is_none() {
            report.problems.push(Problem {
                file: table.file.clone(),
                line: Some(1),
                column: Some(required.to_string()),
                value: String::new(),
                why: format!(
                    "the column {required} is missing; add a column headed {required} (the columns are: {})",
                    kind.columns().join(", ")
                ),
            });
        }
    }
    if !report.problems.is_empty() {
        let problems = std::mem::take(&mut report.problems);
        return refuse_problems(&report.file.clone(), problems, report);
    }
    let lists_before = list_snapshot(store)?;
    store
        .writes_kept_if(|s| {
            rows::apply(kind, s, (&table, &mut stream), &mut report, today)?;
            s.forget_keys_met()?;
            for (list, values) in list_snapshot(s)? {
                for v in values {
                    if !lists_before
                        .get(&list)
                        .is_some_and(|before| before.contains(&v))
                    {
                        report.list_additions.push((list.clone(), v));
                    }
                }
            }
            report.written = !dry_run && report.problems.is_empty();
            let keep = report.written;
            Ok((report, keep))
        })
        .and_then(|mut report| {
            let problems = std::mem::take(&mut report.problems);
            refuse_problems(&report.file.clone(), problems, report)
        })
}

fn list_snapshot(store: &Store) -> Result<HashMap<String, Vec<String>>> {
    List::ALL
        .iter()
        .map(|l| Ok((l.as_str().to_string(), store.list_values(*l)?)))
        .collect()
}
