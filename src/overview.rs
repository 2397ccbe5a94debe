//! The home screen's overview: for each agreement, the next return due, how
//! long is left, how many readiness checks need attention, and whether it
//! has been submitted.

use chrono::NaiveDate;
use serde::Serialize;

use crate::checks::{self, Severity};
use crate::error::Result;
use crate::periods::{self, Period};
use crate::store::Store;

/// An agreement's next return.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextReturn {
    /// The agreement's reference.
    pub agreement: String,
    /// Its title.
    pub title: String,
    /// The funder.
    pub funder: String,
    /// The period the return covers.
    pub period: Period,
    /// Days from today to the due date; negative when overdue.
    pub days_left: i64,
    /// Readiness checks with a warning.
    pub checks_needing_attention: usize,
    /// Whether this period has been submitted.
    pub submitted: bool,
}

/// The next return of every current agreement: the earliest period not yet
/// submitted whose return is due (or overdue) — that is, one that has
/// ended or ends soonest. Agreements with every return submitted are left out.
pub fn next_returns(store: &Store, today: NaiveDate) -> Result<Vec<NextReturn>> {
    let mut next = Vec::new();
    for agreement in store.agreements(false)? {
        let submitted: Vec<String> = store
            .submissions(&agreement.reference)?
            .into_iter()
            .map(|s| s.period)
            .collect();
        let periods = periods::of_agreement(store, &agreement.reference)?;
        let Some(period) = periods
            .into_iter()
            .filter(|p| p.start <= today)
            .find(|p| !submitted.contains(&p.id))
        else {
            continue;
        };
        let checks = checks::for_period(store, &agreement.reference, &period.id, today)?;
        next.push(NextReturn {
            agreement: agreement.reference.clone(),
            title: agreement.title.clone(),
            funder: agreement.funder.clone(),
            days_left: (period.due - today).num_days(),
            checks_needing_attention: checks
                .iter()
                .filter(|c| !c.passed() && c.severity == Severity::Warning)
                .count(),
            submitted: false,
            period,
        });
    }
    next.sort_by_key(|n| n.period.due);
    Ok(next)
}
