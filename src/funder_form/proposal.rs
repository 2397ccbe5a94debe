//! The proposed mapping: each empty cell of the form labelled by the
//! funder's own words (the text to its left, the heading above it) matched
//! against the agreement's measure titles, narrative headings, cost
//! headings, milestones and the details every return has. A proposal is
//! only ever shown: the coordinator accepts or changes each.

use std::collections::BTreeSet;

use serde::Serialize;

use super::choices::Sources;
use super::source::{Detail, Dimension, Figure, MilestonePart, Money, Source};
use super::workbook::{Form, Sheet, Written};
use crate::records::{cell_name, FormCell};

/// A proposed source for one cell, with the words it was proposed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposed {
    /// The sheet.
    pub sheet: String,
    /// The cell (`C12`).
    pub cell: String,
    /// The source proposed, in words.
    pub source: String,
    /// The form's own label it matched.
    pub because: String,
}

/// The lowest likeness (Dice's coefficient of the words) a label must have
/// to a title for it to be proposed.
const LIKENESS: f64 = 0.6;

/// Words that say nothing of what is counted: left out when a label is
/// matched with a title.
const FILLER: [&str; 49] = [
    "a",
    "an",
    "the",
    "of",
    "or",
    "and",
    "to",
    "in",
    "on",
    "for",
    "by",
    "with",
    "at",
    "this",
    "that",
    "your",
    "you",
    "our",
    "we",
    "number",
    "no",
    "nos",
    "total",
    "how",
    "many",
    "what",
    "who",
    "whose",
    "which",
    "were",
    "was",
    "are",
    "is",
    "did",
    "do",
    "has",
    "have",
    "been",
    "please",
    "percentage",
    "percent",
    "proportion",
    "key",
    "there",
    "it",
    "its",
    "them",
    "they",
    "their",
];

/// Words that say which figure of a measure (or which money) a column is:
/// left out of the match with a title.
const FIGURE_WORDS: [&str; 16] = [
    "target",
    "actual",
    "achieved",
    "ytd",
    "variance",
    "status",
    "rag",
    "baseline",
    "cumulative",
    "quarter",
    "period",
    "year",
    "date",
    "budget",
    "spend",
    "progress",
];

/// Each detail and the labels forms give it.
const DETAIL_LABELS: [(Detail, &[&str]); 16] = [
    (
        Detail::OrganisationName,
        &[
            "organisation name",
            "name of organisation",
            "organisation",
            "provider",
            "provider name",
            "name of provider",
            "grantee",
            "group name",
            "name of group",
        ],
    ),
    (
        Detail::CharityNumber,
        &[
            "charity number",
            "registered charity number",
            "charity no",
            "charity registration number",
        ],
    ),
    (
        Detail::ContactName,
        &[
            "contact name",
            "name of contact",
            "lead contact",
            "contact",
            "person completing",
            "completed by",
            "prepared by",
        ],
    ),
    (
        Detail::ContactRole,
        &[
            "contact role",
            "their role",
            "job title",
            "contact position",
        ],
    ),
    (
        Detail::ContactEmail,
        &["email", "email address", "e mail", "contact email"],
    ),
    (
        Detail::ContactPhone,
        &[
            "telephone",
            "phone",
            "phone number",
            "tel",
            "telephone number",
            "contact number",
        ],
    ),
    (
        Detail::AgreementReference,
        &[
            "contract reference",
            "grant reference",
            "agreement reference",
            "reference",
            "reference number",
            "contract number",
            "grant number",
        ],
    ),
    (
        Detail::AgreementTitle,
        &[
            "project title",
            "project name",
            "grant title",
            "contract title",
            "name of project",
            "project",
        ],
    ),
    (
        Detail::AgreementValue,
        &[
            "amount awarded",
            "grant amount",
            "contract value",
            "value of grant",
            "grant awarded",
            "total grant",
            "amount of grant",
        ],
    ),
    (
        Detail::PeriodName,
        &[
            "reporting period",
            "reporting quarter",
            "quarter",
            "period",
            "reporting half year",
        ],
    ),
    (
        Detail::PeriodStart,
        &["period from", "period start", "start date", "from"],
    ),
    (
        Detail::PeriodEnd,
        &["period end", "end date", "period to", "to"],
    ),
    (Detail::PeriodDue, &["due date", "date due", "deadline"]),
    (
        Detail::ApprovedBy,
        &[
            "signed off by",
            "approved by",
            "signed",
            "signature",
            "authorised by",
            "name of signatory",
        ],
    ),
    (
        Detail::ApproverRole,
        &[
            "position",
            "role of signatory",
            "signatory position",
            "approver role",
        ],
    ),
    (
        Detail::ApprovedOn,
        &["date signed", "date approved", "approved on", "signed on"],
    ),
];

/// Lower case, every run of other characters one space.
fn plain(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '+')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of `text` that say what is counted, each without a plural `s`.
fn words(text: &str, leave_out_figures: bool) -> BTreeSet<String> {
    plain(text)
        .split(' ')
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .filter(|w| !leave_out_figures || !FIGURE_WORDS.contains(w))
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if w.len() > 3 && !w.ends_with("ss") => stem.to_string(),
            _ => w.to_string(),
        })
        .collect()
}

/// Dice's coefficient of two sets of words.
fn likeness(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

/// Which of a measure's figures a column's heading (or the label) names.
fn figure_in(text: &str) -> Figure {
    let p = format!(" {} ", plain(text));
    let has = |w: &str| p.contains(&format!(" {w} "));
    if has("year to date") || has("ytd") || has("cumulative") || has("to date") {
        Figure::YearToDate
    } else if has("target") {
        Figure::Target
    } else if has("variance") || has("difference") {
        Figure::Variance
    } else if has("rag") || has("status") {
        Figure::Status
    } else if has("baseline") {
        Figure::Baseline
    } else {
        Figure::ThisPeriod
    }
}

/// Which money a column's heading names, if any.
fn money_in(text: &str) -> Option<Money> {
    let p = format!(" {} ", plain(text));
    let has = |w: &str| p.contains(&format!(" {w} "));
    if has("variance") || has("difference") {
        Some(Money::Variance)
    } else if has("budget") || has("budgeted") || has("forecast") {
        Some(Money::Budget)
    } else if has("actual") || has("spend") || has("spent") || has("expenditure") {
        Some(Money::Actual)
    } else {
        None
    }
}

/// The text of the cell at (row, column), or of the merged cells it is in.
fn text_at(sheet: &Sheet, row: u32, column: u32) -> Option<String> {
    let (row, column) = sheet
        .merged
        .iter()
        .find(|a| a.contains(column, row))
        .map_or((row, column), |a| (a.first_row, a.first_column));
    match &sheet.cells.get(&(row, column))?.value {
        Some(Written::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
        _ => None,
    }
}

/// The nearest text to the left of a cell in its row, and above it in its column.
fn labels(sheet: &Sheet, row: u32, column: u32) -> (Option<String>, Option<String>) {
    let left = (1..column).rev().find_map(|c| text_at(sheet, row, c));
    let above = (1..row).rev().find_map(|r| text_at(sheet, r, column));
    (left, above)
}

/// The cells a proposal is made for: empty, computed by no formula, the
/// first of any merged cells, on a sheet the funder has not hidden.
fn empty_cells(sheet: &Sheet) -> Vec<(u32, u32)> {
    let mut cells: BTreeSet<(u32, u32)> = sheet
        .cells
        .iter()
        .filter(|(_, c)| c.value.is_none() && !c.formula)
        .map(|(at, _)| *at)
        .collect();
    cells.extend(sheet.merged.iter().map(|a| (a.first_row, a.first_column)));
    cells
        .into_iter()
        .filter(|(row, column)| {
            let own = sheet.cells.get(&(*row, *column));
            own.is_none_or(|c| c.value.is_none() && !c.formula)
                && !sheet.merged.iter().any(|a| {
                    a.contains(*column, *row) && (a.first_row, a.first_column) != (*row, *column)
                })
        })
        .collect()
}

/// The best source for a cell labelled `main`, with `heading` above it.
fn best(sources: &Sources, main: &str, heading: Option<&str>) -> Option<Source> {
    let label = words(main, true);
    let column = heading.unwrap_or_default();
    let exact = plain(main);
    let mut scored: Vec<(f64, Source)> = Vec::new();
    for (detail, names) in DETAIL_LABELS {
        let score = names
            .iter()
            .map(|n| {
                if plain(n) == exact {
                    1.0
                } else {
                    likeness(&words(main, false), &words(n, false))
                }
            })
            .fold(0.0, f64::max);
        scored.push((score, Source::Detail(detail)));
    }
    let figure = heading.map_or_else(|| figure_in(main), figure_in);
    for m in &sources.measures {
        scored.push((
            likeness(&label, &words(&m.title, true)),
            Source::Measure {
                code: m.code.clone(),
                figure,
            },
        ));
    }
    for h in &sources.agreement.headings {
        scored.push((
            likeness(&label, &words(&h.heading, true)),
            Source::Narrative {
                heading: h.heading.clone(),
            },
        ));
    }
    if let Some(money) = money_in(column) {
        for h in &sources.agreement.cost_headings {
            scored.push((
                likeness(&label, &words(h, true)),
                Source::Finance {
                    heading: h.clone(),
                    money,
                },
            ));
        }
    }
    for m in &sources.milestones {
        let part = if plain(column).contains("note") || plain(column).contains("comment") {
            MilestonePart::Note
        } else {
            MilestonePart::Status
        };
        scored.push((
            likeness(&label, &words(&m.title, true)),
            Source::Milestone {
                title: m.title.clone(),
                part,
            },
        ));
    }
    if let Some(code) = sources.counting_everyone().next().map(|m| m.code.clone()) {
        for (dimension, values) in [
            (Dimension::AgeBand, &sources.age_bands),
            (Dimension::Gender, &sources.genders),
            (Dimension::Ethnicity, &sources.ethnicities),
        ] {
            if let Some(v) = values.iter().find(|v| plain(v) == exact) {
                scored.push((
                    1.0,
                    Source::Breakdown {
                        code: code.clone(),
                        dimension,
                        value: v.clone(),
                    },
                ));
            }
        }
    }
    let top = scored.iter().map(|(s, _)| *s).fold(0.0, f64::max);
    let mut winners = scored
        .into_iter()
        .filter(|(s, _)| *s == top && top >= LIKENESS);
    let winner = winners.next()?;
    // Two sources as like the label as each other: no proposal.
    winners.next().is_none().then_some(winner.1)
}

/// The proposed mapping of `form`'s cells not mapped in `mapped`.
pub(super) fn propose(form: &Form, sources: &Sources, mapped: &[FormCell]) -> Vec<Proposed> {
    let mut proposed = Vec::new();
    for sheet in form.sheets.iter().filter(|s| !s.hidden) {
        for (row, column) in empty_cells(sheet) {
            let cell = cell_name(column, row);
            if mapped
                .iter()
                .any(|m| m.sheet.eq_ignore_ascii_case(&sheet.name) && m.cell == cell)
            {
                continue;
            }
            let (left, above) = labels(sheet, row, column);
            let (main, heading) = match (&left, &above) {
                (Some(l), a) => (l.as_str(), a.as_deref()),
                (None, Some(a)) => (a.as_str(), None),
                (None, None) => continue,
            };
            if let Some(source) = best(sources, main, heading) {
                let because = match heading {
                    Some(h) if left.is_some() => format!("{main} – {h}"),
                    _ => main.to_string(),
                };
                proposed.push(Proposed {
                    sheet: sheet.name.clone(),
                    cell,
                    source: source.to_string(),
                    because,
                });
            }
        }
    }
    proposed
}
