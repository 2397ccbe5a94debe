//! The home screen's overview: for each agreement, the next return due, how
//! long is left, how many readiness checks need attention, and whether it
//! has been submitted; the returns sent whose figures have changed since;
//! and which return the Returns screen opens on.

use chrono::NaiveDate;
use serde::Serialize;

use crate::checks::{self, Severity};
use crate::error::Result;
use crate::periods::Period;
use crate::store::{SessionQuery, Store};
use crate::submission;

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
        let periods = store.periods(&agreement.reference)?;
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

/// A submitted return whose figures differ now from those sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangedReturn {
    /// The agreement's reference.
    pub agreement: String,
    /// Its title.
    pub title: String,
    /// The period sent.
    pub period: Period,
    /// How many figures (this period, year to date) differ from those sent.
    pub figures: usize,
}

/// Every submitted return whose records have changed since it was sent, so
/// that the funder can be told.
pub fn changed_since_sent(store: &Store) -> Result<Vec<ChangedReturn>> {
    let mut changed = Vec::new();
    for agreement in store.agreements(false)? {
        let sent = store.submissions(&agreement.reference)?;
        for period in store.periods(&agreement.reference)? {
            if !sent.iter().any(|s| s.period == period.id) {
                continue;
            }
            let figures = submission::changes(store, &agreement.reference, &period.id)?.len();
            if figures > 0 {
                changed.push(ChangedReturn {
                    agreement: agreement.reference.clone(),
                    title: agreement.title.clone(),
                    period,
                    figures,
                });
            }
        }
    }
    Ok(changed)
}

/// The return the Returns screen opens on, of `agreement` or of any: the
/// latest period that has ended, has sessions and is not yet sent (the one
/// being worked on); else the next due. None when nothing is left to send.
pub fn return_to_open(
    store: &Store,
    agreement: Option<&str>,
    today: NaiveDate,
) -> Result<Option<(String, String)>> {
    let agreements = match agreement {
        Some(reference) => vec![store.agreement(reference)?],
        None => store.agreements(false)?,
    };
    let mut worked_on: Option<(NaiveDate, String, String)> = None;
    for a in &agreements {
        let sent: Vec<String> = store
            .submissions(&a.reference)?
            .into_iter()
            .map(|s| s.period)
            .collect();
        for period in store.periods(&a.reference)?.into_iter().rev() {
            if period.end >= today || sent.contains(&period.id) {
                continue;
            }
            let mut ran = false;
            for programme in &a.programmes {
                ran |= !store
                    .sessions(&SessionQuery {
                        programme: Some(programme.clone()),
                        from: Some(period.start),
                        to: Some(period.end),
                    })?
                    .is_empty();
            }
            if ran {
                if worked_on.as_ref().is_none_or(|(due, ..)| period.due < *due) {
                    worked_on = Some((period.due, a.reference.clone(), period.id.clone()));
                }
                break;
            }
        }
    }
    if let Some((_, agreement, period)) = worked_on {
        return Ok(Some((agreement, period)));
    }
    Ok(next_returns(store, today)?
        .into_iter()
        .find(|n| agreements.iter().any(|a| a.reference == n.agreement))
        .map(|n| (n.agreement, n.period.id)))
}

/// A DBS check to renew: a member of the team still on it whose check
/// runs out within [`DBS_NOTICE_DAYS`] days (or has run out), or who has
/// none recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DbsDue {
    /// The member's name (the app shows it; no pack does).
    pub name: String,
    /// Their role.
    pub role: String,
    /// When the check is due for renewal; `None` when no check is recorded.
    pub renewal: Option<NaiveDate>,
    /// Days from today to the renewal (below 0: past it).
    pub days: Option<i64>,
}

/// How long before a DBS check runs out Home says so: renewing one takes
/// weeks.
pub const DBS_NOTICE_DAYS: i64 = 60;

/// The DBS checks to renew on `today`, soonest first; those with none last.
pub fn dbs_due(store: &Store, today: NaiveDate) -> Result<Vec<DbsDue>> {
    let mut due: Vec<DbsDue> = store
        .team(false)?
        .into_iter()
        .filter(|m| m.on_team(today))
        .filter_map(|m| {
            let days = m.dbs_renewal.map(|r| (r - today).num_days());
            let to_renew = m.dbs_checked.is_none() || days.is_some_and(|d| d <= DBS_NOTICE_DAYS);
            to_renew.then(|| DbsDue {
                name: m.name,
                role: m.role,
                renewal: m.dbs_renewal,
                days: if m.dbs_checked.is_none() { None } else { days },
            })
        })
        .collect();
    due.sort_by_key(|d| (d.days.is_none(), d.days));
    Ok(due)
}
