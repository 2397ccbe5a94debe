//! The measures engine: every measure of an agreement for a period and its
//! year to date, with target, variance and status, and the records behind
//! each number. Year to date is computed over the whole range, never summed.

mod breakdown;
mod engine;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

pub use breakdown::{
    or_not_known, Breakdowns, Category, Dimension, IndicatorSummary, Month, OutcomeSummary,
    NOT_KNOWN, WITHHELD,
};
pub use engine::{Engine, Inputs, Item, Memo, Range, Tally};

use crate::error::{Error, Result};
use crate::filter::Filter;
use crate::key::Key;
use crate::periods::{self, Period};
use crate::records::{Agreement, Calculation, ManualValue, Measure, Organisation, Question, Unit};
use crate::store::{Facts, Store};

/// How far short of a target still counts as amber: 10 %.
pub const TOLERANCE: f64 = 0.10;

/// How a value stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The target is met.
    Green,
    /// Within the tolerance of the target.
    Amber,
    /// Beyond the tolerance.
    Red,
}

impl Status {
    /// The word shown beside the colour.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
        }
    }
}

/// The status of `value` against `target`; `None` without either.
pub fn status(value: Option<f64>, target: Option<f64>, higher_is_better: bool) -> Option<Status> {
    let (value, target) = (value?, target?);
    let slack = target.abs() * TOLERANCE;
    let (met, near) = if higher_is_better {
        (value >= target, value >= target - slack)
    } else {
        (value <= target, value <= target + slack)
    };
    Some(if met {
        Status::Green
    } else if near {
        Status::Amber
    } else {
        Status::Red
    })
}

/// One measure's line in a return. Serialises with the keys DESIGN gives
/// for the command line's JSON listing of measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureRow {
    /// The measure's code.
    pub code: String,
    /// Its title.
    pub measure: String,
    /// Which of the three questions it answers.
    pub question: Question,
    /// Its unit.
    pub unit: Unit,
    /// Where it started.
    pub baseline: Option<f64>,
    /// This period's target.
    pub target: Option<f64>,
    /// This period's value (`None` is n/a).
    pub this_period: Option<f64>,
    /// The value over the year to date.
    pub year_to_date: Option<f64>,
    /// This period's value minus the target.
    pub variance: Option<f64>,
    /// Green, amber, red, or none without a target.
    pub status: Option<Status>,
    /// Whether a higher value is better (not one of DESIGN's JSON keys).
    #[serde(skip)]
    pub higher_is_better: bool,
    /// How it is worked out (not one of DESIGN's JSON keys).
    #[serde(skip)]
    pub calculation: Calculation,
}

/// Every measure of an agreement for one period.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The agreement.
    pub agreement: Agreement,
    /// The period.
    pub period: Period,
    /// One row per measure, in the agreement's order.
    pub rows: Vec<MeasureRow>,
}

/// Which range of a period a number is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// The period itself.
    ThisPeriod,
    /// From the start of the year to date to the period's end.
    YearToDate,
}

impl Span {
    /// The days this span of `period` covers.
    pub fn range(self, period: &Period) -> Range {
        match self {
            Span::ThisPeriod => Range {
                start: period.start,
                end: period.end,
            },
            Span::YearToDate => Range {
                start: period.year_start,
                end: period.end,
            },
        }
    }
}

/// Everything loaded to compute an agreement's measures for one period.
pub struct Workbench {
    /// The organisation.
    pub organisation: Organisation,
    /// The agreement.
    pub agreement: Agreement,
    /// The period.
    pub period: Period,
    /// All the agreement's periods.
    pub periods: Vec<Period>,
    /// The agreement's measures.
    pub measures: Vec<Measure>,
    /// Each measure's filter, read once; a stored filter that no longer
    /// reads refuses the load rather than silently counting everyone.
    filters: Vec<Filter>,
    /// The facts from `loaded_from` to the period's end.
    pub(crate) facts: Facts,
    /// The first day the facts cover.
    loaded_from: NaiveDate,
    /// Indicators and outcomes, without typed values.
    inputs: Inputs,
    /// Every typed value of the agreement's manual measures.
    manual: Vec<ManualValue>,
    /// Indicator and outcome names as written, by lower-cased name.
    names: HashMap<String, String>,
    /// What the engines have worked out about attendance in these facts.
    memo: Memo,
    /// This period's report, once worked out.
    report: std::cell::OnceCell<Report>,
}

/// How many periods a trend shows, up to and including the period itself:
/// the Trend sheet, the Returns screen's charts and the figures checked
/// against what was submitted.
pub const TREND_PERIODS: usize = 12;

/// The latest [`TREND_PERIODS`] of `periods` that end by `period`'s end.
fn trend_periods<'a>(periods: &'a [Period], period: &Period) -> &'a [Period] {
    let upto = periods.partition_point(|p| p.end <= period.end);
    &periods[upto.saturating_sub(TREND_PERIODS)..upto]
}

impl Workbench {
    /// Whether one of the agreement's measures reads the indicator `name`.
    pub fn reads_indicator(&self, name: &str) -> bool {
        self.inputs
            .indicators
            .contains_key(&name.trim().to_lowercase())
    }

    /// Loads what the agreement's measures need for `period_id`: facts from
    /// the start of its year to date.
    pub fn load(store: &Store, agreement: &str, period_id: &str) -> Result<Workbench> {
        Workbench::load_with(store, agreement, period_id, false)
    }

    /// Like [`Workbench::load`], with facts from the year start of the first
    /// of the latest [`TREND_PERIODS`] periods, so that [`Workbench::trend`]
    /// can compute each of them: the time follows the periods shown, not
    /// the agreement's whole history.
    pub fn load_with_history(store: &Store, agreement: &str, period_id: &str) -> Result<Workbench> {
        Workbench::load_with(store, agreement, period_id, true)
    }

    fn load_with(
        store: &Store,
        agreement: &str,
        period_id: &str,
        history: bool,
    ) -> Result<Workbench> {
        let organisation = store.organisation()?;
        let agreement = store.agreement(agreement)?;
        let period = periods::find(&agreement, organisation.fy_start_month, period_id)?;
        let periods = periods::for_agreement(&agreement, organisation.fy_start_month);
        let measures = store.measures(&agreement.reference)?;
        let filters = measures
            .iter()
            .map(|m| {
                Filter::parse(&m.filter).map_err(|e| Error::BadStoredValue {
                    what: format!(
                        "filter of measure {} of agreement {}",
                        m.code, agreement.reference
                    ),
                    why: e.to_string(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let indicators: Vec<_> = store.indicators(true)?;
        let outcomes: Vec<_> = store.outcomes(true)?;
        let names: Vec<(bool, String)> = indicators
            .iter()
            .map(|i| (false, i.name.clone()))
            .chain(outcomes.iter().map(|o| (true, o.name.clone())))
            .collect();
        let ids = store.indicator_and_outcome_ids(&names)?;
        let mut inputs = Inputs::default();
        for ((is_outcome, name), id) in names.iter().zip(&ids) {
            let Some(id) = *id else { continue };
            if *is_outcome {
                inputs.outcomes.insert(name.to_lowercase(), id);
            } else if let Some(i) = indicators.iter().find(|i| &i.name == name) {
                inputs.indicators.insert(
                    name.to_lowercase(),
                    (id, i.higher_is_better, i.meaningful_change),
                );
            }
        }
        let indicator_ids: Vec<Key> = inputs.indicators.values().map(|(id, ..)| *id).collect();
        let outcome_ids: Vec<Key> = inputs.outcomes.values().copied().collect();
        let from = if history {
            trend_periods(&periods, &period)
                .first()
                .map_or(period.year_start, |first| {
                    first.year_start.min(period.year_start)
                })
        } else {
            period.year_start
        };
        let facts = store.facts(
            &agreement.reference,
            from,
            period.end,
            &indicator_ids,
            &outcome_ids,
        )?;
        let manual = store.manual_values(&agreement.reference)?;
        Ok(Workbench {
            organisation,
            agreement,
            period,
            periods,
            measures,
            filters,
            facts,
            loaded_from: from,
            inputs,
            manual,
            names: names
                .into_iter()
                .map(|(_, n)| (n.to_lowercase(), n))
                .collect(),
            memo: Memo::default(),
            report: std::cell::OnceCell::new(),
        })
    }

    /// The inputs for a span of `period`: the typed values of its manual
    /// measures (the period's, or the sum over the year so far).
    fn inputs_for(&self, period: &Period, span: Span) -> Inputs {
        let mut inputs = self.inputs.clone();
        let in_year: Vec<&str> = self
            .periods
            .iter()
            .filter(|p| p.start >= period.year_start && p.end <= period.end)
            .map(|p| p.id.as_str())
            .collect();
        for m in self
            .measures
            .iter()
            .filter(|m| m.calculation == Calculation::Manual)
        {
            let values = self
                .manual
                .iter()
                .filter(|v| v.code.eq_ignore_ascii_case(&m.code));
            let value = match span {
                Span::ThisPeriod => values
                    .clone()
                    .find(|v| v.period == period.id)
                    .map(|v| v.value),
                Span::YearToDate => {
                    let year: Vec<f64> = values
                        .filter(|v| in_year.contains(&v.period.as_str()))
                        .map(|v| v.value)
                        .collect();
                    (m.unit != Unit::Percent && !year.is_empty()).then(|| year.iter().sum())
                }
            };
            inputs.manual.insert(m.code.to_lowercase(), value);
        }
        inputs
    }

    /// Runs `f` with the engine for a span of this period.
    pub(crate) fn with_engine<T>(&self, span: Span, f: impl FnOnce(&Engine) -> T) -> T {
        let inputs = self.inputs_for(&self.period, span);
        f(&Engine::new(
            &self.organisation,
            &self.facts,
            &inputs,
            &self.memo,
        ))
    }

    /// Every measure's row for this period (worked out once).
    pub fn report(&self) -> Report {
        self.report
            .get_or_init(|| self.report_for(&self.period))
            .clone()
    }

    /// Every measure's row for `period`, which must lie within the facts loaded.
    fn report_for(&self, period: &Period) -> Report {
        let this_inputs = self.inputs_for(period, Span::ThisPeriod);
        let year_inputs = self.inputs_for(period, Span::YearToDate);
        let this = Engine::new(&self.organisation, &self.facts, &this_inputs, &self.memo);
        let year = Engine::new(&self.organisation, &self.facts, &year_inputs, &self.memo);
        let this_range = Span::ThisPeriod.range(period);
        let year_range = Span::YearToDate.range(period);
        let rows = self
            .measures
            .iter()
            .zip(&self.filters)
            .map(|(m, filter)| {
                let this_period = this.evaluate(m, filter, this_range).value;
                let year_to_date = year.evaluate(m, filter, year_range).value;
                let target = m.targets.get(&period.id).copied();
                MeasureRow {
                    code: m.code.clone(),
                    measure: m.title.clone(),
                    question: m.question,
                    unit: m.unit,
                    baseline: m.baseline,
                    target,
                    this_period,
                    year_to_date,
                    variance: this_period.zip(target).map(|(v, t)| v - t),
                    status: status(this_period, target, m.higher_is_better),
                    higher_is_better: m.higher_is_better,
                    calculation: m.calculation,
                }
            })
            .collect();
        Report {
            agreement: self.agreement.clone(),
            period: period.clone(),
            rows,
        }
    }

    /// The periods a trend shows: the latest [`TREND_PERIODS`] of the
    /// agreement's up to this one.
    pub fn trend_periods(&self) -> &[Period] {
        trend_periods(&self.periods, &self.period)
    }

    /// The report of each of the latest [`TREND_PERIODS`] periods of the
    /// agreement up to this one. Needs [`Workbench::load_with_history`];
    /// periods before the facts are left out.
    pub fn trend(&self) -> Vec<(Period, Report)> {
        self.trend_periods()
            .iter()
            .filter(|p| p.year_start >= self.loaded_from)
            .map(|p| (p.clone(), self.report_for(p)))
            .collect()
    }

    /// This period's report and the trend, which ends with it (computed once).
    pub fn report_and_trend(&self) -> (Report, Vec<(Period, Report)>) {
        let trend = self.trend();
        if let Some((_, latest)) = trend.last().filter(|(p, _)| p.id == self.period.id) {
            let _ = self.report.set(latest.clone());
        }
        (self.report(), trend)
    }

    /// Whether no session of the agreement's programmes was held in
    /// `period` (within the loaded facts): a zero there is nothing held,
    /// not a fall.
    pub fn held_no_session(&self, period: &Period) -> bool {
        let range = Span::ThisPeriod.range(period);
        !self.facts.sessions.iter().any(|s| range.contains(s.date))
    }

    /// The records behind one measure's number.
    pub fn explain(&self, code: &str, span: Span) -> Result<Drill> {
        let (measure, filter) = self
            .measures
            .iter()
            .zip(&self.filters)
            .find(|(m, _)| m.code.eq_ignore_ascii_case(code.trim()))
            .ok_or_else(|| Error::NotFound {
                what: "measure",
                key: code.trim().to_string(),
                hint: "check the code against the agreement's measures",
            })?;
        let tally = self.with_engine(span, |e| {
            e.evaluate(measure, filter, span.range(&self.period))
        });
        Ok(Drill {
            code: measure.code.clone(),
            range: span.range(&self.period),
            value: tally.value,
            counted: self.records(&tally.counted),
            out_of: (!tally.out_of.is_empty()).then(|| self.records(&tally.out_of)),
        })
    }

    /// Names the records behind a tally as users know them.
    fn records(&self, items: &[Item]) -> Records {
        let codes: HashMap<Key, &str> = self
            .facts
            .participants
            .iter()
            .map(|(id, p)| (*id, p.code.as_str()))
            .collect();
        let mut r = Records::default();
        for item in items {
            match *item {
                Item::Participant(id) => r
                    .participants
                    .push(codes.get(&id).copied().unwrap_or("?").to_string()),
                Item::Session(i) => r.sessions.push(self.facts.sessions[i].reference.clone()),
                Item::Assessment(id) => r.assessments.push(id),
                Item::LogEntry(id) => r.log_entries.push(id),
                Item::Story(id) => r.stories.push(id),
            }
        }
        r.participants.sort();
        r
    }

    /// The key of an indicator, by name.
    pub(crate) fn indicator_id(&self, name: &str) -> Option<Key> {
        self.inputs
            .indicators
            .get(&name.trim().to_lowercase())
            .map(|(id, ..)| *id)
    }

    /// The breakdowns of P for a span: demographics, outcomes, months.
    pub fn breakdowns(&self, span: Span) -> Breakdowns {
        breakdown::breakdowns(self, span)
    }
}

/// The records behind a number, named as users know them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Records {
    /// Participant codes.
    pub participants: Vec<String>,
    /// Session references.
    pub sessions: Vec<String>,
    /// Assessment numbers.
    pub assessments: Vec<i64>,
    /// Outcome log entry numbers.
    pub log_entries: Vec<i64>,
    /// Story numbers.
    pub stories: Vec<i64>,
}

/// A number and the records behind it.
#[derive(Debug, Clone, Serialize)]
pub struct Drill {
    /// The measure's code.
    pub code: String,
    /// The days it covers.
    pub range: Range,
    /// The value.
    pub value: Option<f64>,
    /// What was counted (a percentage's numerator).
    pub counted: Records,
    /// What it is out of, for percentages and averages.
    pub out_of: Option<Records>,
}

/// A measure's value as a chart of its periods draws it: a zero in a period
/// in which no session was held is a gap (nothing ran, so nothing fell).
pub fn charted(value: Option<f64>, held_no_session: bool) -> Option<f64> {
    value.filter(|v| !(held_no_session && *v == 0.0))
}

/// Every measure of `agreement` for `period_id`.
pub fn report(store: &Store, agreement: &str, period_id: &str) -> Result<Report> {
    Ok(Workbench::load(store, agreement, period_id)?.report())
}

/// The records behind measure `code`'s number for `period_id` (drill-through).
pub fn explain(
    store: &Store,
    agreement: &str,
    period_id: &str,
    code: &str,
    span: Span,
) -> Result<Drill> {
    Workbench::load(store, agreement, period_id)?.explain(code, span)
}

/// Who was reached and what changed in `period_id` (or its year to date).
pub fn breakdowns(
    store: &Store,
    agreement: &str,
    period_id: &str,
    span: Span,
) -> Result<Breakdowns> {
    Ok(Workbench::load(store, agreement, period_id)?.breakdowns(span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_target_tolerance_and_polarity() {
        assert_eq!(status(Some(50.0), Some(50.0), true), Some(Status::Green));
        assert_eq!(
            status(Some(45.0), Some(50.0), true),
            Some(Status::Amber),
            "within 10 %"
        );
        assert_eq!(status(Some(44.9), Some(50.0), true), Some(Status::Red));
        assert_eq!(
            status(Some(8.0), Some(10.0), false),
            Some(Status::Green),
            "lower is better"
        );
        assert_eq!(status(Some(11.0), Some(10.0), false), Some(Status::Amber));
        assert_eq!(status(Some(11.5), Some(10.0), false), Some(Status::Red));
        assert_eq!(status(Some(3.0), None, true), None, "no target, no status");
        assert_eq!(status(None, Some(3.0), true), None, "n/a has no status");
    }
}
