//! Payments (DESIGN "Payments"): an agreement's instalments and where each
//! stands (arrived, waiting for a return to be accepted, late, due soon),
//! equal instalments each quarter in one step, whether the schedule adds up
//! to the agreement's value, what Home says, and the next three months of
//! cash: money expected against spend forecast, from the money in hand.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::error::{Error, Result};
/// `£2,500` for a whole number of pounds, `£2,500.50` otherwise.
fn pounds(pence: i64) -> String {
    let text = crate::parse::pounds(pence);
    text.strip_suffix(".00").map(String::from).unwrap_or(text)
}
use crate::records::{Acceptance, Agreement, Instalment, Submission};
use crate::store::Store;

/// How many days ahead Home says an instalment is due.
pub const DUE_NOTICE_DAYS: i64 = 14;

/// How long after it is due an instalment is a readiness check's finding.
pub const OVERDUE_CHECK_DAYS: i64 = 30;

/// When equal instalments are paid: at the start of each quarter, or after
/// it (waiting for that quarter's return where one is due then).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// On each quarter's first day.
    Advance,
    /// On the day after each quarter ends.
    Arrears,
}

impl Timing {
    /// `in advance` or `in arrears` (the word alone will do).
    pub fn parse(text: &str) -> Result<Timing> {
        match text.trim().to_lowercase().trim_start_matches("in ").trim() {
            "advance" => Ok(Timing::Advance),
            "arrears" => Ok(Timing::Arrears),
            other => Err(Error::invalid(
                "timing",
                format!("{other:?} is not a timing: write in advance or in arrears"),
            )),
        }
    }
}

/// Equal instalments each quarter of `agreement` adding up to its value
/// (the pennies left over go on the last), each in arrears waiting for the
/// return of a period ending with its quarter.
pub fn equal_instalments(
    store: &Store,
    agreement: &str,
    timing: Timing,
) -> Result<Vec<Instalment>> {
    let a = store.agreement(agreement)?;
    let Some(value) = a.value_pence.filter(|v| *v > 0) else {
        return Err(Error::invalid(
            "value",
            format!(
                "the agreement {} has no value to divide; set its value first",
                a.reference
            ),
        ));
    };
    let periods = store.periods(&a.reference)?;
    let mut quarters = Vec::new();
    let mut start = a.start_date;
    while start <= a.end_date {
        let next = start
            .checked_add_months(Months::new(3))
            .unwrap_or(a.end_date);
        let end = next.pred_opt().unwrap_or(next).min(a.end_date);
        quarters.push((start, end));
        if next <= start {
            break;
        }
        start = next;
    }
    let count = quarters.len() as i64;
    Ok(quarters
        .iter()
        .enumerate()
        .map(|(n, (start, end))| {
            let share = value / count
                + if n as i64 == count - 1 {
                    value % count
                } else {
                    0
                };
            let (expected_on, waits_for) = match timing {
                Timing::Advance => (*start, None),
                Timing::Arrears => (
                    end.succ_opt().unwrap_or(*end),
                    periods.iter().find(|p| p.end == *end).map(|p| p.id.clone()),
                ),
            };
            Instalment {
                agreement: a.reference.clone(),
                amount_pence: share,
                expected_on,
                waits_for,
                received_on: None,
                received_pence: None,
                note: String::new(),
            }
        })
        .collect())
}

/// Sets `agreement`'s schedule to equal instalments each quarter, in place
/// of one with nothing received yet.
pub fn plan(store: &mut Store, agreement: &str, timing: Timing) -> Result<Vec<Instalment>> {
    let planned = equal_instalments(store, agreement, timing)?;
    store.add_instalments(agreement, &planned, true)?;
    store.instalments(Some(agreement))
}

/// Where an instalment stands on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum State {
    /// It arrived.
    Received,
    /// It waits for a return the funder has not marked accepted.
    Waiting {
        /// The period whose return it waits for.
        period: String,
        /// The day that return was sent, if it was.
        sent_on: Option<NaiveDate>,
    },
    /// Due and not arrived: days since it was due.
    Late {
        /// Days late.
        days: i64,
    },
    /// Due within [`DUE_NOTICE_DAYS`] days (0 is today).
    DueSoon {
        /// Days to go.
        days: i64,
    },
    /// Due later.
    Expected,
}

/// An instalment with where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    /// The instalment.
    pub instalment: Instalment,
    /// The day it is due: the day expected, or the day its return was
    /// accepted when that was later.
    pub due_on: NaiveDate,
    /// Where it stands.
    pub state: State,
    /// What Home says of it, in a sentence.
    pub sentence: String,
}

/// `1 October 2026`.
fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Where `i` stands on `today`, from its agreement's funder, the returns
/// accepted and those sent.
fn standing(
    i: &Instalment,
    funder: &str,
    accepted: &[Acceptance],
    sent: &[Submission],
    today: NaiveDate,
) -> Standing {
    let money = format!("{} from {funder}", pounds(i.amount_pence));
    let accepted_on = i
        .waits_for
        .as_ref()
        .and_then(|p| accepted.iter().find(|a| a.period == *p))
        .map(|a| a.accepted_on);
    let due_on = accepted_on.map_or(i.expected_on, |a| a.max(i.expected_on));
    let (state, sentence) = if let Some(on) = i.received_on {
        (State::Received, format!("{money} arrived on {}", day(on)))
    } else if let (Some(period), None) = (&i.waits_for, accepted_on) {
        let sent_on = sent
            .iter()
            .filter(|s| s.period == *period)
            .map(|s| s.submitted_at.date())
            .max();
        let return_now = match sent_on {
            Some(on) => format!(
                "the {period} return, sent {}, not yet marked accepted",
                day(on)
            ),
            None => format!("the {period} return, not yet sent"),
        };
        let state = State::Waiting {
            period: period.clone(),
            sent_on,
        };
        (
            state,
            format!(
                "{money} expected {} waits for {return_now}",
                day(i.expected_on)
            ),
        )
    } else if due_on < today {
        let days = (today - due_on).num_days();
        let why = match (&i.waits_for, accepted_on) {
            (Some(p), Some(on)) => {
                format!("; the {p} return it waited for was accepted on {}", day(on))
            }
            _ => String::new(),
        };
        let late = if days == 1 {
            "1 day late".to_string()
        } else {
            format!("{days} days late")
        };
        (
            State::Late { days },
            format!("{money} expected {}, {late}{why}", day(due_on)),
        )
    } else if (due_on - today).num_days() <= DUE_NOTICE_DAYS {
        let days = (due_on - today).num_days();
        let when = match days {
            0 => "today".to_string(),
            1 => "tomorrow".to_string(),
            n => format!("in {n} days"),
        };
        (
            State::DueSoon { days },
            format!("{money} is expected {when}, {}", day(due_on)),
        )
    } else {
        (
            State::Expected,
            format!("{money} is expected on {}", day(due_on)),
        )
    };
    Standing {
        instalment: i.clone(),
        due_on,
        state,
        sentence,
    }
}

/// An agreement's schedule: each instalment where it stands, and whether
/// they add up to the agreement's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// The agreement's reference.
    pub agreement: String,
    /// Each instalment, by the day expected.
    pub instalments: Vec<Standing>,
    /// What they add up to, in pence.
    pub total_pence: i64,
    /// What has arrived, in pence.
    pub received_pence: i64,
    /// The agreement's value, if set.
    pub value_pence: Option<i64>,
    /// What the schedule says against the value, when they differ (a
    /// check, not a block).
    pub mismatch: Option<String>,
}

/// `agreement`'s schedule on `today`.
pub fn schedule(store: &Store, agreement: &str, today: NaiveDate) -> Result<Schedule> {
    let a = store.agreement(agreement)?;
    schedule_of(store, &a, today)
}

fn schedule_of(store: &Store, a: &Agreement, today: NaiveDate) -> Result<Schedule> {
    let accepted = store.acceptances(&a.reference)?;
    let sent = store.submissions(&a.reference)?;
    let instalments: Vec<Standing> = store
        .instalments(Some(&a.reference))?
        .iter()
        .map(|i| standing(i, &a.funder, &accepted, &sent, today))
        .collect();
    let total_pence = instalments.iter().map(|s| s.instalment.amount_pence).sum();
    let received_pence = instalments
        .iter()
        .filter_map(|s| s.instalment.received_pence)
        .sum();
    let mismatch = match a.value_pence {
        Some(value) if !instalments.is_empty() && value != total_pence => Some(format!(
            "The instalments add up to {}; the agreement's value is {} ({} {})",
            pounds(total_pence),
            pounds(value),
            pounds((value - total_pence).abs()),
            if value > total_pence {
                "not scheduled"
            } else {
                "more than its value"
            }
        )),
        _ => None,
    };
    Ok(Schedule {
        agreement: a.reference.clone(),
        instalments,
        total_pence,
        received_pence,
        value_pence: a.value_pence,
        mismatch,
    })
}

/// What Home says of one instalment: late, waiting for a return (once it
/// is expected within [`DUE_NOTICE_DAYS`]), or due soon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    /// The agreement's reference.
    pub agreement: String,
    /// Its title.
    pub title: String,
    /// The instalment and where it stands.
    pub standing: Standing,
}

/// Home's notices of instalments on `today`, the latest first.
pub fn notices(store: &Store, today: NaiveDate) -> Result<Vec<Notice>> {
    let mut found = Vec::new();
    for a in store.agreements(false)? {
        for standing in schedule_of(store, &a, today)?.instalments {
            let near = (standing.instalment.expected_on - today).num_days() <= DUE_NOTICE_DAYS;
            let shown = match standing.state {
                State::Late { .. } | State::DueSoon { .. } => true,
                State::Waiting { .. } => near,
                State::Received | State::Expected => false,
            };
            if shown {
                found.push(Notice {
                    agreement: a.reference.clone(),
                    title: a.title.clone(),
                    standing,
                });
            }
        }
    }
    found.sort_by_key(|n| n.standing.due_on);
    Ok(found)
}

/// `agreement`'s instalments more than [`OVERDUE_CHECK_DAYS`] days late
/// on `today`, as the readiness check lists them.
pub fn overdue(store: &Store, agreement: &str, today: NaiveDate) -> Result<Vec<String>> {
    Ok(schedule(store, agreement, today)?
        .instalments
        .into_iter()
        .filter(|s| matches!(s.state, State::Late { days } if days > OVERDUE_CHECK_DAYS))
        .map(|s| s.sentence)
        .collect())
}

/// One month of the cash flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CashMonth {
    /// `2026-12`.
    pub month: String,
    /// Its first day.
    pub starts: NaiveDate,
    /// Instalments expected in it (those already late, in the first), by
    /// agreement: (reference, pence).
    pub money_in: Vec<(String, i64)>,
    /// All of them, in pence.
    pub money_in_pence: i64,
    /// Spend forecast, by agreement: (reference, pence).
    pub spend: Vec<(String, i64)>,
    /// All of it, in pence.
    pub spend_pence: i64,
    /// The money in hand at the month's end.
    pub balance_pence: i64,
}

/// The next three months of cash.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CashFlow {
    /// The money in hand it starts from, as typed (0 when none is).
    pub opening_pence: i64,
    /// The day that money was in hand.
    pub as_of: Option<NaiveDate>,
    /// This month and the next two.
    pub months: Vec<CashMonth>,
    /// The first month whose end finds the money below nothing, if any.
    pub short_in: Option<String>,
}

/// How many months the cash flow looks ahead.
pub const CASH_MONTHS: u32 = 3;

/// The first day of the month `n` months after `today`'s.
fn month_start(today: NaiveDate, n: u32) -> NaiveDate {
    today
        .with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(n)))
        .unwrap_or(today)
}

/// The months from `start` to `end`, counted whole (April to June is 3).
fn months_between(start: NaiveDate, end: NaiveDate) -> i64 {
    i64::from((end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32 + 1)
        .max(1)
}

/// What `a` is forecast to spend in the month starting `starts`: the
/// budget of its cost lines for the period holding the month, spread over
/// that period's months; else the monthly average of what it has spent.
fn spend_in(store: &Store, a: &Agreement, starts: NaiveDate) -> Result<i64> {
    let ends = month_start(starts, 1).pred_opt().unwrap_or(starts);
    if a.end_date < starts || a.start_date > ends {
        return Ok(0);
    }
    let periods = store.periods(&a.reference)?;
    let lines = store.finances(&a.reference)?;
    if let Some(p) = periods
        .iter()
        .find(|p| p.start <= starts && p.end >= starts)
    {
        let budget: i64 = lines
            .iter()
            .filter(|f| f.period == p.id)
            .map(|f| f.budget_pence)
            .sum();
        if budget > 0 {
            return Ok(budget / months_between(p.start, p.end));
        }
    }
    let spent: Vec<_> = periods
        .iter()
        .filter(|p| lines.iter().any(|f| f.period == p.id && f.actual_pence > 0))
        .collect();
    let months: i64 = spent.iter().map(|p| months_between(p.start, p.end)).sum();
    let actual: i64 = lines
        .iter()
        .filter(|f| spent.iter().any(|p| p.id == f.period))
        .map(|f| f.actual_pence)
        .sum();
    Ok(if months > 0 { actual / months } else { 0 })
}

/// The next [`CASH_MONTHS`] months from `today`'s: instalments expected
/// (not yet arrived) against spend forecast, from the money in hand last
/// typed, and the first month it runs short.
pub fn cash_flow(store: &Store, today: NaiveDate) -> Result<CashFlow> {
    let (opening_pence, as_of) = match store.cash_balance()? {
        Some((pence, on)) => (pence, Some(on)),
        None => (0, None),
    };
    let agreements = store.agreements(false)?;
    let mut standings = Vec::new();
    for a in &agreements {
        standings.extend(
            schedule_of(store, a, today)?
                .instalments
                .into_iter()
                .map(|s| (a.reference.clone(), s)),
        );
    }
    let mut balance = opening_pence;
    let mut months = Vec::new();
    let mut short_in = None;
    for n in 0..CASH_MONTHS {
        let starts = month_start(today, n);
        let next = month_start(today, n + 1);
        let mut money_in: Vec<(String, i64)> = Vec::new();
        for (reference, s) in &standings {
            if s.instalment.received_on.is_some() {
                continue;
            }
            // Already due and not arrived: expected now, in the first month.
            let falls = if n == 0 {
                s.due_on < next
            } else {
                s.due_on >= starts && s.due_on < next
            };
            if falls {
                add_to(&mut money_in, reference, s.instalment.amount_pence);
            }
        }
        let mut spend = Vec::new();
        for a in &agreements {
            let pence = spend_in(store, a, starts)?;
            if pence > 0 {
                spend.push((a.reference.clone(), pence));
            }
        }
        let money_in_pence: i64 = money_in.iter().map(|(_, p)| p).sum();
        let spend_pence: i64 = spend.iter().map(|(_, p)| p).sum();
        balance += money_in_pence - spend_pence;
        let month = starts.format("%Y-%m").to_string();
        if balance < 0 && short_in.is_none() {
            short_in = Some(month.clone());
        }
        months.push(CashMonth {
            month,
            starts,
            money_in,
            money_in_pence,
            spend,
            spend_pence,
            balance_pence: balance,
        });
    }
    Ok(CashFlow {
        opening_pence,
        as_of,
        months,
        short_in,
    })
}

fn add_to(list: &mut Vec<(String, i64)>, reference: &str, pence: i64) {
    match list.iter_mut().find(|(r, _)| r == reference) {
        Some((_, total)) => *total += pence,
        None => list.push((reference.to_string(), pence)),
    }
}

/// Records `agreement`'s instalment expected on `expected_on` as arrived on
/// `on` (its whole amount unless another is given).
pub fn receive(
    store: &mut Store,
    agreement: &str,
    expected_on: NaiveDate,
    on: NaiveDate,
    pence: Option<i64>,
) -> Result<Instalment> {
    let mut i = store.instalment(agreement, expected_on)?;
    i.received_on = Some(on);
    i.received_pence = Some(pence.unwrap_or(i.amount_pence));
    store.update_instalment(expected_on, &i)?;
    store.instalment(agreement, expected_on)
}
