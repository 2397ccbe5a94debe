//! The framework workbook (DESIGN "The framework workbook"): the file a
//! commissioner hands out so every provider records and reports the same
//! measures the same way. [`Framework`] is its model, every cell as text
//! exactly as a person types it, so the readable TOML sources in
//! `assets/frameworks/` and a workbook are the same thing. `workbook` reads
//! and writes it as `.xlsx`; `import` sets up an agreement from it.

mod examples;
mod import;
mod workbook;

pub use examples::{examples, import_example, Example};
pub use import::{import, import_framework, FrameworkReport};

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::files;
use crate::import::table::header_key;
use crate::parse;
use crate::records::*;
use crate::store::Store;

/// The Agreement sheet: a label in column A, its value in column B.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgreementSheet {
    #[serde(rename = "Funder")]
    pub funder: String,
    #[serde(rename = "Title")]
    pub title: String,
    #[serde(rename = "Reference")]
    pub reference: String,
    #[serde(rename = "Kind")]
    pub kind: String,
    #[serde(rename = "Start date")]
    pub start_date: String,
    #[serde(rename = "End date")]
    pub end_date: String,
    #[serde(rename = "Value")]
    pub value: String,
    #[serde(rename = "Reporting frequency")]
    pub frequency: String,
    #[serde(rename = "Return due (days)")]
    pub due_days: String,
    #[serde(rename = "Programmes")]
    pub programmes: String,
    /// Optional: the project summary.
    #[serde(rename = "Summary")]
    pub summary: String,
    /// Optional: whether the funder asks for participant-level rows (yes or no).
    #[serde(rename = "Participant rows")]
    pub participant_rows: String,
}

/// One row of the Measures sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeasureRow {
    #[serde(rename = "Code")]
    pub code: String,
    #[serde(rename = "Measure")]
    pub measure: String,
    #[serde(rename = "Question")]
    pub question: String,
    #[serde(rename = "Calculation")]
    pub calculation: String,
    #[serde(rename = "Indicator")]
    pub indicator: String,
    #[serde(rename = "Min sessions")]
    pub min_sessions: String,
    #[serde(rename = "Threshold")]
    pub threshold: String,
    #[serde(rename = "Rating")]
    pub rating: String,
    #[serde(rename = "Filter")]
    pub filter: String,
    #[serde(rename = "Unit")]
    pub unit: String,
    #[serde(rename = "Higher is better")]
    pub higher_is_better: String,
    #[serde(rename = "Baseline")]
    pub baseline: String,
    #[serde(rename = "Definition")]
    pub definition: String,
}

/// One row of the Targets sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetRow {
    #[serde(rename = "Code")]
    pub code: String,
    #[serde(rename = "Period")]
    pub period: String,
    #[serde(rename = "Target")]
    pub target: String,
}

/// One row of the Indicators sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndicatorRow {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Min")]
    pub min: String,
    #[serde(rename = "Max")]
    pub max: String,
    #[serde(rename = "Higher is better")]
    pub higher_is_better: String,
    #[serde(rename = "Meaningful change")]
    pub meaningful_change: String,
    #[serde(rename = "Description")]
    pub description: String,
}

/// One row of the Outcomes sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutcomeRow {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Description")]
    pub description: String,
}

/// One row of the Narrative sheet: the funder's own question.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HeadingRow {
    #[serde(rename = "Heading")]
    pub heading: String,
    #[serde(rename = "Guidance")]
    pub guidance: String,
}

/// One row of the Milestones sheet: something to deliver that is not a number.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MilestoneRow {
    #[serde(rename = "Milestone")]
    pub milestone: String,
    #[serde(rename = "Due date")]
    pub due_date: String,
}

/// One row of the Cost headings sheet: one of the funder's budget lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CostHeadingRow {
    #[serde(rename = "Heading")]
    pub heading: String,
}

/// One row of the Form cells sheet: a cell of the funder's own form and
/// where its value comes from, in words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FormCellRow {
    #[serde(rename = "Sheet")]
    pub sheet: String,
    #[serde(rename = "Cell")]
    pub cell: String,
    #[serde(rename = "Source")]
    pub source: String,
}

/// One row of the Payments sheet: an instalment the funder will pay.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentRow {
    #[serde(rename = "Amount")]
    pub amount: String,
    #[serde(rename = "Expected")]
    pub expected: String,
    #[serde(rename = "Waits for return")]
    pub waits_for: String,
}

/// A framework workbook's contents, as text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Framework {
    #[serde(rename = "Agreement")]
    pub agreement: AgreementSheet,
    #[serde(rename = "Measures")]
    pub measures: Vec<MeasureRow>,
    #[serde(rename = "Targets")]
    pub targets: Vec<TargetRow>,
    #[serde(rename = "Indicators")]
    pub indicators: Vec<IndicatorRow>,
    #[serde(rename = "Outcomes")]
    pub outcomes: Vec<OutcomeRow>,
    #[serde(rename = "Narrative")]
    pub narrative: Vec<HeadingRow>,
    #[serde(rename = "Milestones")]
    pub milestones: Vec<MilestoneRow>,
    #[serde(rename = "Cost headings")]
    pub cost_headings: Vec<CostHeadingRow>,
    #[serde(rename = "Form cells")]
    pub form_cells: Vec<FormCellRow>,
    #[serde(rename = "Payments")]
    pub payments: Vec<PaymentRow>,
}

const AGREEMENT_LABELS: [&str; 12] = [
    "Funder",
    "Title",
    "Reference",
    "Kind",
    "Start date",
    "End date",
    "Value",
    "Reporting frequency",
    "Return due (days)",
    "Programmes",
    "Summary",
    "Participant rows",
];

/// A row as (column, text) pairs.
type Cells = Vec<(String, String)>;

/// Turns a serialisable row into (column, text) pairs in its field order.
fn cells<T: Serialize>(row: &T) -> Cells {
    match serde_json::to_value(row) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
            .collect(),
        _ => Vec::new(),
    }
}

/// A row type's column names, in order.
fn columns<T: Serialize + Default>() -> Vec<String> {
    cells(&T::default()).into_iter().map(|(k, _)| k).collect()
}

/// Builds a row from (column, text) pairs, matching column names loosely.
fn from_cells<T: for<'de> Deserialize<'de> + Serialize + Default>(pairs: &[(String, String)]) -> T {
    let known: Vec<String> = columns::<T>();
    let mut map = serde_json::Map::new();
    for (column, value) in pairs {
        if let Some(k) = known.iter().find(|k| header_key(k) == header_key(column)) {
            map.insert(
                k.clone(),
                serde_json::Value::String(value.trim().to_string()),
            );
        }
    }
    serde_json::from_value(serde_json::Value::Object(map)).unwrap_or_default()
}

impl Framework {
    /// Reads a framework from its readable TOML source.
    pub fn from_toml(text: &str) -> Result<Framework> {
        toml::from_str(text).map_err(|e| Error::invalid("source", e.to_string()))
    }

    /// The framework of an agreement as it stands: its measures, targets,
    /// the indicators and outcomes they read, its narrative and cost
    /// headings and its milestones.
    pub fn of_agreement(store: &Store, reference: &str) -> Result<Framework> {
        let a = store.agreement(reference)?;
        let measures = store.measures(&a.reference)?;
        let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
        let mut indicators = Vec::new();
        let mut outcomes = Vec::new();
        for m in &measures {
            let Some(name) = &m.indicator else { continue };
            if m.calculation == Calculation::OutcomeLogged {
                if let Some(o) = store
                    .outcomes(true)?
                    .into_iter()
                    .find(|o| o.name.eq_ignore_ascii_case(name))
                {
                    if !outcomes.iter().any(|r: &OutcomeRow| r.name == o.name) {
                        outcomes.push(OutcomeRow {
                            name: o.name,
                            description: o.description,
                        });
                    }
                }
            } else if let Ok(i) = store.indicator(name) {
                if !indicators.iter().any(|r: &IndicatorRow| r.name == i.name) {
                    indicators.push(IndicatorRow {
                        name: i.name,
                        min: i.min.to_string(),
                        max: i.max.to_string(),
                        higher_is_better: yes_no(i.higher_is_better),
                        meaningful_change: i.meaningful_change.to_string(),
                        description: i.description,
                    });
                }
            }
        }
        Ok(Framework {
            agreement: AgreementSheet {
                funder: a.funder.clone(),
                title: a.title.clone(),
                reference: a.reference.clone(),
                kind: a.kind.to_string(),
                start_date: a.start_date.to_string(),
                end_date: a.end_date.to_string(),
                value: a.value_pence.map(parse::format_money).unwrap_or_default(),
                frequency: a.frequency.to_string(),
                due_days: a.due_days.to_string(),
                programmes: a.programmes.join("; "),
                summary: a.summary.clone(),
                participant_rows: if a.participant_rows { "yes" } else { "no" }.to_string(),
            },
            targets: measures
                .iter()
                .flat_map(|m| {
                    m.targets.iter().map(|(period, target)| TargetRow {
                        code: m.code.clone(),
                        period: period.clone(),
                        target: target.to_string(),
                    })
                })
                .collect(),
            measures: measures
                .iter()
                .map(|m| MeasureRow {
                    code: m.code.clone(),
                    measure: m.title.clone(),
                    question: m.question.to_string(),
                    calculation: m.calculation.to_string(),
                    indicator: m.indicator.clone().unwrap_or_default(),
                    min_sessions: m.min_sessions.map(|n| n.to_string()).unwrap_or_default(),
                    threshold: number(m.threshold),
                    rating: number(m.rating),
                    filter: m.filter.clone(),
                    unit: m.unit.to_string(),
                    higher_is_better: yes_no(m.higher_is_better),
                    baseline: number(m.baseline),
                    definition: m.definition.clone(),
                })
                .collect(),
            indicators,
            outcomes,
            narrative: a
                .headings
                .iter()
                .map(|h| HeadingRow {
                    heading: h.heading.clone(),
                    guidance: h.guidance.clone(),
                })
                .collect(),
            milestones: store
                .milestones(&a.reference)?
                .into_iter()
                .map(|m| MilestoneRow {
                    milestone: m.title,
                    due_date: m.due_date.to_string(),
                })
                .collect(),
            cost_headings: a
                .cost_headings
                .iter()
                .map(|h| CostHeadingRow { heading: h.clone() })
                .collect(),
            form_cells: form_cell_rows(store, &a.reference)?,
            payments: payment_rows(store, &a.reference)?,
        })
    }
}

/// The Form cells sheet of `agreement`: its mapping.
fn form_cell_rows(store: &Store, agreement: &str) -> Result<Vec<FormCellRow>> {
    Ok(store
        .form_cells(agreement)?
        .into_iter()
        .map(|c| FormCellRow {
            sheet: c.sheet,
            cell: c.cell,
            source: c.source,
        })
        .collect())
}

/// The Payments sheet of `agreement`: its instalments.
fn payment_rows(store: &Store, agreement: &str) -> Result<Vec<PaymentRow>> {
    Ok(store
        .instalments(Some(agreement))?
        .into_iter()
        .map(|i| PaymentRow {
            amount: crate::parse::format_money(i.amount_pence),
            expected: i.expected_on.to_string(),
            waits_for: i.waits_for.unwrap_or_default(),
        })
        .collect())
}

/// Writes the framework workbook described by the readable source at
/// `source` (TOML) to `out`.
pub fn build(source: &Path, out: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(source).map_err(|e| Error::io("could not read", source, e))?;
    let workbook = Framework::from_toml(&text)?.to_xlsx()?;
    files::write_whole(out, "framework workbook", &workbook)
}

/// Writes the framework workbook of the agreement with `reference` to `out`.
pub fn export(store: &Store, reference: &str, out: &Path) -> Result<()> {
    let workbook = Framework::of_agreement(store, reference)?.to_xlsx()?;
    files::write_whole(out, "framework workbook", &workbook)
}
