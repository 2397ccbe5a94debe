//! The forms of an agreement's measures, their targets and typed values.

use serde::{Deserialize, Serialize};

use super::{
    optional, optional_count, optional_number, optional_text, required, text, word, yes_no, Field,
};
use crate::error::Result;
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
        Ok(())
    }
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
