//! The forms of a return's written parts: narrative answers, the story
//! behind a measure's curve, and finance.

use serde::{Deserialize, Serialize};

use super::{required, Field};
use crate::error::Result;
use crate::parse;
use crate::records::Finance;
use crate::store::Store;

/// An answer under one of the agreement's narrative headings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NarrativeForm {
    /// The heading, in any case (required).
    pub heading: Field,
    /// The answer; empty clears it.
    pub text: Field,
}

impl NarrativeForm {
    /// Saves the answer for `agreement`'s `period`; returns the heading as
    /// the agreement spells it.
    pub fn save(self, store: &mut Store, agreement: &str, period: &str) -> Result<String> {
        let heading = required("heading", &self.heading)?;
        store.set_narrative_answer(
            agreement,
            period,
            heading,
            self.text.as_deref().unwrap_or(""),
        )
    }
}

/// The story behind a measure's curve for a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CurveForm {
    /// The story behind the curve; empty clears it.
    pub text: Field,
}

impl CurveForm {
    /// Saves the story behind `agreement`'s measure `code` for `period`.
    pub fn save(self, store: &mut Store, agreement: &str, period: &str, code: &str) -> Result<()> {
        store.set_curve_story(agreement, period, code, self.text.as_deref().unwrap_or(""))
    }
}

/// Budget and spend for a period as typed, in pounds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FinanceForm {
    /// Budget in pounds (required).
    pub budget: Field,
    /// Actual spend in pounds (required).
    pub actual: Field,
    /// Why they differ, or anything else.
    pub note: Field,
}

impl FinanceForm {
    /// Saves `agreement`'s finance for `period`.
    pub fn save(self, store: &mut Store, agreement: &str, period: &str) -> Result<Finance> {
        let finance = Finance {
            agreement: agreement.trim().to_string(),
            period: period.trim().to_string(),
            budget_pence: parse::money("budget", required("budget", &self.budget)?)?,
            actual_pence: parse::money("actual", required("actual", &self.actual)?)?,
            note: self.note.unwrap_or_default(),
        };
        store.set_finance(&finance)?;
        Ok(finance)
    }
}
