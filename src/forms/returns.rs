//! The forms of a return's written parts: narrative answers, the story
//! behind a measure's curve, and finance.

use serde::{Deserialize, Serialize};

use super::{required, Field};
use crate::error::{Error, Result};
use crate::parse;
use crate::records::{
    Approval, CurveNote, Finance, Forecast, Milestone, MilestoneStatus, OtherIncome,
};
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

/// A measure's turn-the-curve notes for a period; a field left out keeps
/// what was written, empty text clears it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CurveForm {
    /// The story behind the curve: why it moved.
    pub text: Field,
    /// Partners with a role in turning it.
    pub partners: Field,
    /// What works.
    pub what_works: Field,
    /// What we will do next.
    pub next_steps: Field,
}

impl CurveForm {
    /// Saves the notes of `agreement`'s measure `code` for `period`.
    pub fn save(
        self,
        store: &mut Store,
        agreement: &str,
        period: &str,
        code: &str,
    ) -> Result<CurveNote> {
        let mut note = store
            .narrative(agreement, period)?
            .curves
            .into_iter()
            .find(|c| c.code.eq_ignore_ascii_case(code.trim()))
            .unwrap_or_else(|| CurveNote {
                code: code.trim().to_string(),
                ..CurveNote::default()
            });
        super::text(&mut note.story, self.text);
        super::text(&mut note.partners, self.partners);
        super::text(&mut note.what_works, self.what_works);
        super::text(&mut note.next_steps, self.next_steps);
        store.set_curve_note(agreement, period, &note)?;
        Ok(note)
    }
}

/// Budget and spend under one cost heading for a period, as typed, in pounds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FinanceForm {
    /// One of the agreement's cost headings (required).
    pub heading: Field,
    /// Budget in pounds (required).
    pub budget: Field,
    /// Actual spend in pounds (required).
    pub actual: Field,
    /// Why they differ, or anything else.
    pub note: Field,
}

impl FinanceForm {
    /// Saves the line in `agreement`'s finance for `period`; a line of
    /// nothing (0, 0, no note) is removed.
    pub fn save(self, store: &mut Store, agreement: &str, period: &str) -> Result<Finance> {
        store.set_finance(&self.read(agreement, period)?)
    }

    /// The line as typed, its figures read.
    fn read(self, agreement: &str, period: &str) -> Result<Finance> {
        Ok(Finance {
            agreement: agreement.trim().to_string(),
            period: period.trim().to_string(),
            heading: required("heading", &self.heading)?.to_string(),
            budget_pence: parse::money("budget", required("budget", &self.budget)?)?,
            actual_pence: parse::money("actual", required("actual", &self.actual)?)?,
            note: self.note.unwrap_or_default(),
        })
    }
}

/// A period's money as typed: every cost line at once, so that a line
/// typed is never lost by saving another.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FinanceLinesForm {
    /// One line per cost heading.
    pub lines: Vec<FinanceForm>,
}

impl FinanceLinesForm {
    /// Saves every line for `agreement`'s `period`, all or nothing. A
    /// refusal names the line's field as `budget Staffing` (the field, a
    /// space and the heading), so a form of many lines can mark the one.
    pub fn save(self, store: &mut Store, agreement: &str, period: &str) -> Result<Vec<Finance>> {
        let lines = self
            .lines
            .into_iter()
            .map(|line| {
                let heading = line.heading.clone().unwrap_or_default();
                line.read(agreement, period)
                    .and_then(|finance| finance.validate().map(|()| finance))
                    .map_err(|error| in_line(error, heading.trim()))
            })
            .collect::<Result<Vec<_>>>()?;
        store.set_finances(&lines)
    }
}

/// A refusal about one cost line, its field named with the line's heading.
fn in_line(error: Error, heading: &str) -> Error {
    match error {
        Error::Invalid { field, message } => Error::Invalid {
            field: format!("{field} {heading}"),
            message: format!("{heading}: {message}"),
        },
        other => other,
    }
}

/// A milestone as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MilestoneForm {
    /// What is to be delivered (required).
    pub title: Field,
    /// When it is due (required).
    pub due_date: Field,
    /// not started, on track, at risk, done or dropped (default not started).
    pub status: Field,
}

impl MilestoneForm {
    /// Adds the milestone to `agreement`.
    pub fn add_to(self, store: &mut Store, agreement: &str) -> Result<Milestone> {
        let mut m = Milestone {
            agreement: agreement.trim().to_string(),
            title: required("title", &self.title)?.to_string(),
            due_date: parse::date("due_date", required("due_date", &self.due_date)?)?,
            status: MilestoneStatus::NotStarted,
            notes: Default::default(),
        };
        self.apply(&mut m)?;
        store.add_milestone(&m)?;
        store.milestone(agreement, &m.title)
    }

    /// Changes `agreement`'s milestone now titled `title`.
    pub fn edit(self, store: &mut Store, agreement: &str, title: &str) -> Result<Milestone> {
        let mut m = store.milestone(agreement, title)?;
        self.apply(&mut m)?;
        store.update_milestone(title, &m)?;
        store.milestone(agreement, &m.title)
    }

    fn apply(self, m: &mut Milestone) -> Result<()> {
        super::text(&mut m.title, self.title);
        super::date("due_date", &mut m.due_date, self.due_date)?;
        super::word("status", &mut m.status, self.status, MilestoneStatus::parse)
    }
}

/// Marking a return approved, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApprovalForm {
    /// Who approved it (required).
    pub name: Field,
    /// Their role (required).
    pub role: Field,
    /// A second signatory, where the funder asks for two.
    pub second_name: Field,
    /// The second signatory's role.
    pub second_role: Field,
}

impl ApprovalForm {
    /// Marks `agreement`'s `period` approved at `now`.
    pub fn save(
        self,
        store: &mut Store,
        agreement: &str,
        period: &str,
        now: chrono::NaiveDateTime,
    ) -> Result<Approval> {
        let name = required("name", &self.name)?;
        let second_name = self.second_name.as_deref().unwrap_or("").trim();
        // The contact for returns prepares them (unless another name is
        // given when exporting): approval is someone else's second look.
        let contact = store.organisation()?.contact_name;
        for (field, signatory) in [("name", name), ("second_name", second_name)] {
            if signatory.is_empty() || !signatory.eq_ignore_ascii_case(contact.trim()) {
                continue;
            }
            return Err(Error::invalid(
                field,
                format!(
                    "{} is the contact for returns, who prepares them; a return is approved by someone else, such as a trustee or the manager",
                    contact.trim()
                ),
            ));
        }
        store.approve(&Approval {
            agreement: agreement.trim().to_string(),
            period: period.trim().to_string(),
            name: name.to_string(),
            role: required("role", &self.role)?.to_string(),
            approved_at: now,
            second_name: second_name.to_string(),
            second_role: self.second_role.unwrap_or_default().trim().to_string(),
        })
    }
}

/// A line of other income that supported the work, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IncomeForm {
    /// Where it came from (required).
    pub source: Field,
    /// How much, in pounds (required; 0 removes the line).
    pub amount: Field,
}

impl IncomeForm {
    /// Saves the line for `agreement`'s `period`.
    pub fn save(self, store: &mut Store, agreement: &str, period: &str) -> Result<OtherIncome> {
        let income = OtherIncome {
            agreement: agreement.trim().to_string(),
            period: period.trim().to_string(),
            source: required("source", &self.source)?.trim().to_string(),
            amount_pence: parse::money("amount", required("amount", &self.amount)?)?,
        };
        store.set_other_income(&income)?;
        Ok(income)
    }
}

/// The forecast of spend to the agreement's end, as typed in pounds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ForecastForm {
    /// The spend expected by the agreement's end, in pounds (required).
    pub forecast: Field,
}

impl ForecastForm {
    /// Saves the forecast stated with `agreement`'s `period`.
    pub fn save(self, store: &mut Store, agreement: &str, period: &str) -> Result<Forecast> {
        let forecast = Forecast {
            agreement: agreement.trim().to_string(),
            period: period.trim().to_string(),
            forecast_pence: parse::money("forecast", required("forecast", &self.forecast)?)?,
        };
        store.set_forecast(&forecast)?;
        Ok(forecast)
    }
}
