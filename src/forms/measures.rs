//! The forms of an agreement's measures, their targets and typed values.

use serde::{Deserialize, Serialize};

use super::{
    optional, optional_count, optional_number, optional_text, required, text, word, yes_no, Field,
};
use crate::error::{Error, Result};
use crate::measures::MeasureRow;
use crate::parse;
use crate::records::{Calculation, ManualValue, Measure, Question, Unit};
use crate::store::Store;

/// A measure as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeasureForm {
    /// Its code, unique within the agreement (required).
    pub code: Field,
    /// What it is called (required).
    pub title: Field,
    /// How much, How well or Better off (required).
    pub question: Field,
    /// How it is computed: participants, sessions, percent_improved, manual, … (required).
    pub calculation: Field,
    /// The indicator it reads (for outcome_logged, the outcome).
    pub indicator: Field,
    /// Attendances needed to count.
    pub min_sessions: Field,
    /// Change that counts as improvement (default: the indicator's meaningful change).
    pub threshold: Field,
    /// The score that counts, for percent_rating_at_least.
    pub rating: Field,
    /// Who counts: `field=value[,value]` joined by `;`.
    pub filter: Field,
    /// number, percent, hours or currency (default: what the calculation gives).
    pub unit: Field,
    /// Whether a higher value is better: yes or no (default yes).
    pub higher_is_better: Field,
    /// Where it started.
    pub baseline: Field,
    /// How the funder defines it.
    pub definition: Field,
    /// Whether the funder sets no target for it: yes or no.
    pub no_target: Field,
}

impl MeasureForm {
    /// Adds the measure to `agreement`.
    pub fn add_to(self, store: &mut Store, agreement: &str) -> Result<Measure> {
        for (field, value) in [
            ("code", &self.code),
            ("title", &self.title),
            ("question", &self.question),
            ("calculation", &self.calculation),
        ] {
            required(field, value)?;
        }
        let mut m = Measure {
            agreement: agreement.trim().to_string(),
            ..Measure::default()
        };
        self.apply(&mut m)?;
        store.add_measure(&m)?;
        store.measure(agreement, &m.code)
    }

    /// Changes `agreement`'s measure now coded `code`.
    pub fn edit(self, store: &mut Store, agreement: &str, code: &str) -> Result<Measure> {
        let mut m = store.measure(agreement, code)?;
        self.apply(&mut m)?;
        store.update_measure(agreement, code, &m)?;
        store.measure(agreement, &m.code)
    }

    /// Fills in the measure. When the calculation changes and no unit is
    /// given, a unit that was the old calculation's own follows the new one.
    fn apply(self, m: &mut Measure) -> Result<()> {
        let unit_followed_calculation = m.unit == m.calculation.unit();
        text(&mut m.code, self.code);
        text(&mut m.title, self.title);
        word("question", &mut m.question, self.question, Question::parse)?;
        word(
            "calculation",
            &mut m.calculation,
            self.calculation,
            Calculation::parse,
        )?;
        optional_text(&mut m.indicator, self.indicator);
        optional_count("min_sessions", &mut m.min_sessions, self.min_sessions)?;
        optional_number("threshold", &mut m.threshold, self.threshold)?;
        optional_number("rating", &mut m.rating, self.rating)?;
        text(&mut m.filter, self.filter);
        match self.unit {
            Some(unit) => m.unit = Unit::parse("unit", &unit)?,
            None if unit_followed_calculation => m.unit = m.calculation.unit(),
            None => {}
        }
        yes_no(
            "higher_is_better",
            &mut m.higher_is_better,
            self.higher_is_better,
        )?;
        optional_number("baseline", &mut m.baseline, self.baseline)?;
        text(&mut m.definition, self.definition);
        yes_no("no_target", &mut m.no_target, self.no_target)?;
        Ok(())
    }
}

impl MeasureForm {
    /// The value the measure as typed would have for `period`, this period
    /// and year to date, without keeping anything: for a picker that shows
    /// the figure while the options are chosen. `editing` is the code of the
    /// measure being changed (none for a new one); a new one needs no code,
    /// title or question yet.
    pub fn preview(
        mut self,
        store: &mut Store,
        agreement: &str,
        editing: Option<&str>,
        period: &str,
    ) -> Result<MeasureRow> {
        if editing.is_none() {
            for field in [&mut self.code, &mut self.title] {
                if field.as_deref().is_none_or(|t| t.trim().is_empty()) {
                    *field = Some(PREVIEW.into());
                }
            }
            if self.question.as_deref().is_none_or(|t| t.trim().is_empty()) {
                self.question = Some(Question::HowMuch.as_str().into());
            }
        }
        store.writes_kept_if(|s| {
            let measure = match editing {
                Some(code) => self.edit(s, agreement, code)?,
                None => self.add_to(s, agreement)?,
            };
            let report = crate::measures::report(s, agreement, period)?;
            let row = report
                .rows
                .into_iter()
                .find(|r| r.code == measure.code)
                .ok_or_else(|| Error::invalid("calculation", "could not be worked out"))?;
            Ok((row, false))
        })
    }
}

/// The code and title a new measure is previewed under.
const PREVIEW: &str = "(preview)";

/// One cell of an agreement's grid of targets: a measure, a period and the
/// target typed (empty clears it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TargetCell {
    /// The measure's code.
    pub code: String,
    /// The period id.
    pub period: String,
    /// The target; empty to clear it.
    pub value: Field,
}

/// Saves a grid of targets (measures × periods) all or nothing: a cell that
/// cannot be read is named by its measure and period, and nothing is kept.
pub fn save_targets(store: &mut Store, agreement: &str, cells: Vec<TargetCell>) -> Result<usize> {
    store.writes_kept_if(|s| {
        let count = cells.len();
        for cell in cells {
            let at = format!("{} {}", cell.code, cell.period);
            TargetForm { value: cell.value }
                .save(s, agreement, &cell.code, &cell.period)
                .map_err(|e| match e {
                    Error::Invalid { message, .. } => Error::invalid(&at, message),
                    other => other,
                })?;
        }
        Ok((count, true))
    })
}

/// A measure's target for one period as typed; an empty value clears it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TargetForm {
    /// The target; empty to clear it.
    pub value: Field,
}

impl TargetForm {
    /// Sets (or clears) the target of `agreement`'s measure `code` for `period`.
    pub fn save(self, store: &mut Store, agreement: &str, code: &str, period: &str) -> Result<()> {
        let text = required_present("value", &self.value)?;
        let target = optional(text, |t| parse::number("value", t))?;
        store.set_target(agreement, code, period, target)
    }
}

/// The typed value of a manual measure for one period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ManualValueForm {
    /// The value (required).
    pub value: Field,
    /// Where it came from.
    pub note: Field,
}

impl ManualValueForm {
    /// Saves the value of `agreement`'s manual measure `code` for `period`.
    pub fn save(
        self,
        store: &mut Store,
        agreement: &str,
        code: &str,
        period: &str,
    ) -> Result<ManualValue> {
        let value = ManualValue {
            agreement: agreement.trim().to_string(),
            code: code.trim().to_string(),
            period: period.trim().to_string(),
            value: parse::number("value", required("value", &self.value)?)?,
            note: self.note.unwrap_or_default(),
        };
        store.set_manual_value(&value)?;
        Ok(value)
    }
}

/// The text of a field that must be present, though it may be empty.
fn required_present<'a>(field: &str, value: &'a Field) -> Result<&'a str> {
    value.as_deref().ok_or_else(|| {
        crate::Error::invalid(
            field,
            "is required; give a value, or leave it empty to clear it",
        )
    })
}
