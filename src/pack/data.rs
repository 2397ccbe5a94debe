//! `data.json`: the pack's figures for a machine to read (DESIGN "The
//! commissioner's desk"): every measure, every breakdown and every check,
//! exactly as the workbook shows them — a hidden count stays hidden (its
//! `<5` or `*`, never the number), a withheld figure is withheld — with the
//! provider, the agreement, its periods and the period. Versioned: a reader
//! refuses a version it does not know. A check says how many records it
//! found, never which: the codes stay on the provider's laptop.
//!
//! The types here are the format: the pack writes them and the desk reads
//! them back, so the two cannot drift apart.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::Contents;
use crate::measures::WITHHELD;
use crate::periods::{self, Period};

/// What `data.json` says it is.
pub const DATA_FORMAT: &str = "evident-pack-data";

/// The version of `data.json` this Evident writes and reads.
pub const DATA_VERSION: u32 = 1;

/// The whole of `data.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackData {
    /// Always [`DATA_FORMAT`].
    pub format: String,
    /// [`DATA_VERSION`] when written by this Evident.
    pub version: u32,
    /// `Evident 0.x.y`.
    pub generator: String,
    /// Who sent it.
    pub provider: Provider,
    /// The agreement it reports on.
    pub agreement: AgreementData,
    /// The period it reports.
    pub period: PeriodData,
    /// Every period of the agreement, so that a reader knows which returns
    /// to expect.
    pub periods: Vec<PeriodData>,
    /// When the pack was written.
    pub generated_at: NaiveDateTime,
    /// Whether the return was approved.
    pub approved: bool,
    /// How many people came in the period.
    pub people: usize,
    /// The small-number threshold the counts were hidden by.
    pub small_number_threshold: u32,
    /// Every measure, in the agreement's order.
    pub measures: Vec<MeasureData>,
    /// Demographics, one per dimension (age band, gender, area, …).
    pub breakdowns: Vec<BreakdownData>,
    /// The readiness checks.
    pub checks: Vec<CheckData>,
}

/// The organisation that sent the pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    /// Its name.
    pub name: String,
    /// Its charity number, if it has one.
    pub charity_number: String,
}

/// The agreement a pack reports on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementData {
    /// The funder's reference.
    pub reference: String,
    /// Its title.
    pub title: String,
    /// The funder.
    pub funder: String,
}

/// A reporting period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodData {
    /// `2026-27 Q1`.
    pub id: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// When its return is due.
    pub due: NaiveDate,
}

/// One measure as the Summary sheet shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureData {
    /// `CYP1`.
    pub code: String,
    /// Its title.
    pub measure: String,
    /// `how much`, `how well` or `better off`.
    pub question: String,
    /// `number`, `percent`, `hours`, …
    pub unit: String,
    /// How it is worked out (DESIGN "Calculations"): `participants`,
    /// `attendances`, …; a reader knows from it whether figures of several
    /// providers add up.
    pub calculation: String,
    /// Whether higher is better.
    pub higher_is_better: bool,
    /// Where it started.
    pub baseline: Option<f64>,
    /// The period's target.
    pub target: Option<f64>,
    /// The period's value (none when withheld or not applicable).
    pub this_period: Option<f64>,
    /// The year to date.
    pub year_to_date: Option<f64>,
    /// This period less the target.
    pub variance: Option<f64>,
    /// `green`, `amber` or `red`.
    pub status: Option<String>,
    /// Whether the figure is withheld, since it would give away a hidden count.
    pub withheld: bool,
}

/// One dimension of Demographics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakdownData {
    /// `Age band`, `Gender`, `Area`, …
    pub dimension: String,
    /// Whether the whole dimension is withheld.
    pub withheld: bool,
    /// Its categories (none when withheld).
    pub categories: Vec<CategoryData>,
}

/// One category of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryData {
    /// `Eastfield`, `11-15`, …
    pub label: String,
    /// The count as shown: a number, or `<5` or `*` when hidden.
    pub count: String,
    /// Its share of the people, in %, when shown.
    pub percent: Option<f64>,
}

/// One readiness check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckData {
    /// Its stable name.
    pub id: String,
    /// The question it asks.
    pub question: String,
    /// Whether it found nothing.
    pub passed: bool,
    /// How many records it found (never which).
    pub found: usize,
}

impl From<&Period> for PeriodData {
    fn from(p: &Period) -> PeriodData {
        PeriodData {
            id: p.id.clone(),
            start: p.start,
            end: p.end,
            due: p.due,
        }
    }
}

/// The pack's `data.json`.
pub fn of(c: &Contents) -> PackData {
    let measures = c
        .report
        .rows
        .iter()
        .map(|r| MeasureData {
            code: r.code.clone(),
            measure: r.measure.clone(),
            question: r.question.as_str().to_string(),
            unit: r.unit.to_string(),
            calculation: r.calculation.as_str().to_string(),
            higher_is_better: r.higher_is_better,
            baseline: r.baseline,
            target: r.target,
            this_period: r.this_period,
            year_to_date: r.year_to_date,
            variance: r.variance,
            status: r.status.map(|s| s.as_str().to_string()),
            withheld: c.withheld.contains(&r.code),
        })
        .collect();
    let breakdowns = c
        .breakdowns
        .demographics
        .iter()
        .map(|d| {
            let withheld = d.categories.iter().all(|k| k.shown == WITHHELD);
            let categories = if withheld {
                Vec::new()
            } else {
                d.categories
                    .iter()
                    .map(|k| CategoryData {
                        label: k.label.clone(),
                        count: k.shown.clone(),
                        percent: k.percent,
                    })
                    .collect()
            };
            BreakdownData {
                dimension: d.name.clone(),
                withheld,
                categories,
            }
        })
        .collect();
    let checks = c
        .checks
        .iter()
        .map(|k| CheckData {
            id: k.id.to_string(),
            question: k.title.to_string(),
            passed: k.passed(),
            found: k.records.len(),
        })
        .collect();
    PackData {
        format: DATA_FORMAT.to_string(),
        version: DATA_VERSION,
        generator: format!("Evident {}", crate::VERSION),
        provider: Provider {
            name: c.organisation.name.clone(),
            charity_number: c.organisation.charity_number.clone(),
        },
        agreement: AgreementData {
            reference: c.agreement.reference.clone(),
            title: c.agreement.title.clone(),
            funder: c.agreement.funder.clone(),
        },
        period: PeriodData::from(&c.period),
        periods: periods::for_agreement(&c.agreement, c.organisation.fy_start_month)
            .iter()
            .map(PeriodData::from)
            .collect(),
        generated_at: c.generated_at,
        approved: c.approval.is_some(),
        people: c.breakdowns.total,
        small_number_threshold: c.breakdowns.threshold,
        measures,
        breakdowns,
        checks,
    }
}
