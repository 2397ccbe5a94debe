//! The forms of payments: an instalment, one arrived, a return accepted by
//! the funder, and the money in hand.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{optional_text, required, text, Field};
use crate::error::Result;
use crate::parse;
use crate::records::{Acceptance, Instalment};
use crate::store::Store;

/// An instalment as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InstalmentForm {
    /// How much, in pounds (required).
    pub amount: Field,
    /// The day it is expected (required).
    pub expected_on: Field,
    /// The period whose return the funder must accept first (empty: none).
    pub waits_for: Field,
    /// Anything to remember about it.
    pub note: Field,
}

impl InstalmentForm {
    /// Adds the instalment to `agreement`.
    pub fn add_to(self, store: &mut Store, agreement: &str) -> Result<Instalment> {
        let mut i = Instalment {
            agreement: agreement.trim().to_string(),
            amount_pence: parse::money("amount", required("amount", &self.amount)?)?,
            expected_on: parse::date("expected_on", required("expected_on", &self.expected_on)?)?,
            waits_for: None,
            received_on: None,
            received_pence: None,
            note: String::new(),
        };
        optional_text(&mut i.waits_for, self.waits_for);
        text(&mut i.note, self.note);
        store.add_instalment(&i)?;
        store.instalment(agreement, i.expected_on)
    }
}

/// An instalment arrived, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReceivedForm {
    /// The day it arrived (required).
    pub received_on: Field,
    /// How much arrived, in pounds (its whole amount when empty).
    pub amount: Field,
}

impl ReceivedForm {
    /// Records `agreement`'s instalment expected on `expected_on` as arrived.
    pub fn apply(
        self,
        store: &mut Store,
        agreement: &str,
        expected_on: NaiveDate,
    ) -> Result<Instalment> {
        let on = parse::date("received_on", required("received_on", &self.received_on)?)?;
        let pence = match self
            .amount
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            Some(amount) => Some(parse::money("amount", amount)?),
            None => None,
        };
        crate::payments::receive(store, agreement, expected_on, on, pence)
    }
}

/// A return marked accepted by the funder, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AcceptanceForm {
    /// The day the funder accepted it (required).
    pub accepted_on: Field,
    /// What the funder said, or anything else.
    pub note: Field,
}

impl AcceptanceForm {
    /// Marks `agreement`'s `period` accepted.
    pub fn apply(self, store: &mut Store, agreement: &str, period: &str) -> Result<Acceptance> {
        let mut a = Acceptance {
            agreement: agreement.trim().to_string(),
            period: period.to_string(),
            accepted_on: parse::date("accepted_on", required("accepted_on", &self.accepted_on)?)?,
            note: String::new(),
        };
        text(&mut a.note, self.note);
        store.accept_return(&a)
    }
}

/// The money in hand, as typed, kept as of `today`.
pub fn set_cash_in_hand(store: &mut Store, amount: &str, today: NaiveDate) -> Result<()> {
    let pence = parse::money("amount", amount)?;
    store.set_cash_balance(pence, today)
}
