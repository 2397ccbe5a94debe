//! Readiness checks before a return is exported (DESIGN "Checks before
//! export"). Each names the records it concerns; warnings never block.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::error::Result;
use crate::measures::{Span, Status, Workbench};
use crate::parse::{format_money, shown};
use crate::records::Calculation;
use crate::store::Store;

/// How long a baseline may wait for a follow-up before it is flagged.
pub const FOLLOW_UP_DAYS: u64 = 90;

/// How much a check's finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing before sending.
    Warning,
    /// Worth knowing.
    Info,
}

/// One readiness check and what it found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// A stable name for the check (`sessions_without_attendance`).
    pub id: &'static str,
    /// What the check asks, as a question that a pass answers yes.
    pub title: &'static str,
    /// How much a finding matters.
    pub severity: Severity,
    /// The records it found (codes, references, headings); empty means passed.
    pub records: Vec<String>,
    /// What to do about it.
    pub advice: &'static str,
}

impl Check {
    /// Whether the check found nothing.
    pub fn passed(&self) -> bool {
        self.records.is_empty()
    }
}

/// Runs every check for `agreement`'s `period`, on `today`.
pub fn for_period(
    store: &Store,
    agreement: &str,
    period: &str,
    today: NaiveDate,
) -> Result<Vec<Check>> {
    readiness(store, &Workbench::load(store, agreement, period)?, today)
}

/// Runs every check for the workbench's agreement and period, on `today`.
pub fn readiness(store: &Store, bench: &Workbench, today: NaiveDate) -> Result<Vec<Check>> {
    let period = &bench.period;
    let range = Span::ThisPeriod.range(period);
    let facts = &bench.facts;
    let mut checks = Vec::new();

    let o = &bench.organisation;
    let mut missing = Vec::new();
    if o.contact_name.trim().is_empty() {
        missing
            .push("the contact's name (who prepared it, unless another name is given)".to_string());
    }
    if o.contact_email.trim().is_empty() && o.contact_phone.trim().is_empty() {
        missing.push("an email address or phone number for the contact".to_string());
    }
    checks.push(Check {
        id: "no_contact",
        title: "Does the return say who to contact about it?",
        severity: Severity::Warning,
        records: missing,
        advice: "add the organisation's contact for returns: a name, and an email address or phone number",
    });

    checks.push(Check {
        id: "no_summary",
        title: "Does the agreement have a short summary of the project?",
        severity: Severity::Warning,
        records: if bench.agreement.summary.trim().is_empty() {
            vec![format!("{} has no project summary", bench.agreement.reference)]
        } else {
            Vec::new()
        },
        advice: "write a few sentences on the agreement's page about what the project does and for whom",
    });

    let ran = facts.sessions.iter().any(|s| range.contains(s.date));
    checks.push(Check {
        id: "no_sessions",
        title: "Did any session run in the period?",
        severity: Severity::Warning,
        records: if ran {
            Vec::new()
        } else {
            vec![format!(
                "no session of {} from {} to {}",
                bench.agreement.programmes.join(", "),
                range.start,
                range.end
            )]
        },
        advice: "add the period's sessions and registers, or explain in the narrative why none ran",
    });

    let mut named: HashMap<usize, usize> = HashMap::new();
    for &(i, _) in &facts.attendance {
        *named.entry(i).or_default() += 1;
    }
    checks.push(Check {
        id: "sessions_without_attendance",
        title: "Does every session have a register?",
        severity: Severity::Warning,
        records: facts
            .sessions
            .iter()
            .enumerate()
            .filter(|(i, s)| range.contains(s.date) && s.headcount == 0 && !named.contains_key(i))
            .map(|(_, s)| format!("{} ({})", s.reference, shown(s.date)))
            .collect(),
        advice: "take the register for these sessions, or delete them if they did not run",
    });

    let mut without_consent: Vec<String> = bench
        .with_engine(Span::ThisPeriod, |engine| engine.everyone(range))
        .keys()
        .filter_map(|id| facts.participants.get(id))
        .filter(|p| p.consent_date.is_none())
        .map(|p| p.code.clone())
        .collect();
    without_consent.sort();
    checks.push(Check {
        id: "attending_without_consent",
        title: "Has consent been recorded for everyone attending?",
        severity: Severity::Warning,
        records: without_consent,
        advice: "record the date consent was given on each participant's record",
    });

    // The facts hold the agreement's programmes only.
    let paid_for: Vec<crate::Key> = facts.programmes.iter().map(|(id, _)| *id).collect();
    checks.push(Check {
        id: "stories_held_back",
        title: "Has everyone a story is about said yes to stories on their own record?",
        severity: Severity::Warning,
        records: facts
            .stories
            .iter()
            .filter(|s| s.held_back() && range.contains(s.date))
            .filter(|s| s.programme.is_some_and(|p| paid_for.contains(&p)))
            .map(|s| format!("story {} ({})", s.id, shown(s.date)))
            .collect(),
        advice: "these stories are left out of the pack: record the person's consent to stories on their record (or leave the story out)",
    });

    // Feedback on a scale this agreement's measures read, in the period,
    // that no agreement counts until it is tied to where it was given.
    let untied = store
        .untied_feedback()?
        .into_iter()
        .filter(|a| range.contains(a.date))
        .filter(|a| bench.reads_indicator(&a.indicator))
        .map(|a| {
            format!(
                "feedback card {} ({}, {})",
                a.id,
                crate::parse::shown(a.date),
                a.indicator
            )
        })
        .collect();
    checks.push(Check {
        id: "feedback_untied",
        title: "Is every anonymous feedback card tied to the session or programme it was given at?",
        severity: Severity::Warning,
        records: untied,
        advice: "these cards count for no funder: tie each to the session it was handed in at (or to its programme)",
    });

    let mut review_due: Vec<String> = bench
        .with_engine(Span::ThisPeriod, |engine| engine.everyone(range))
        .keys()
        .filter_map(|id| facts.participants.get(id))
        .filter(|p| p.consent_date.is_some())
        .filter(|p| {
            p.consent_review_date
                .is_some_and(|review| review <= range.end)
        })
        .map(|p| p.code.clone())
        .collect();
    review_due.sort();
    checks.push(Check {
        id: "consent_due_for_review",
        title: "Is everyone's consent up to date?",
        severity: Severity::Warning,
        records: review_due,
        advice: "review consent with each person (or their parent or carer), then record the new date and the next review date",
    });

    checks.push(Check {
        id: "measures_without_target",
        title: "Does every measure have a target for this period?",
        severity: Severity::Warning,
        records: bench
            .measures
            .iter()
            .filter(|m| !m.no_target && !m.targets.contains_key(&period.id))
            .map(|m| m.code.clone())
            .collect(),
        advice: "set a target for these measures; where the funder sets none, say so on the measure's page",
    });

    let report = bench.report();
    checks.push(Check {
        id: "manual_without_value",
        title: "Does every manual measure have a value?",
        severity: Severity::Warning,
        records: bench
            .measures
            .iter()
            .zip(&report.rows)
            .filter(|(m, row)| m.calculation == Calculation::Manual && row.this_period.is_none())
            .map(|(m, _)| m.code.clone())
            .collect(),
        advice: "type this period's value of these measures",
    });

    let cutoff = period.end.min(today);
    let mut waiting = Vec::new();
    let mut indicators: Vec<&String> = bench
        .measures
        .iter()
        .filter(|m| m.calculation.needs_indicator())
        .filter_map(|m| m.indicator.as_ref())
        .collect();
    indicators.sort();
    indicators.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    for name in indicators {
        let Some(scores) = bench
            .indicator_id(name)
            .and_then(|id| facts.assessments.get(&id))
        else {
            continue;
        };
        let mut per_person: HashMap<crate::Key, (NaiveDate, usize)> = HashMap::new();
        for a in scores {
            if let Some(p) = a.participant {
                per_person.entry(p).or_insert((a.date, 0)).1 += 1;
            }
        }
        let mut found: Vec<String> = per_person
            .into_iter()
            .filter(|(p, (first, count))| {
                *count == 1
                    && *first + Days::new(FOLLOW_UP_DAYS) < cutoff
                    && facts.participants.contains_key(p)
            })
            .map(|(p, (first, _))| {
                format!("{} ({name}, {})", facts.participants[&p].code, shown(first))
            })
            .collect();
        found.sort();
        waiting.extend(found);
    }
    checks.push(Check {
        id: "baselines_without_follow_up",
        title: "Has every baseline had a follow-up within 90 days?",
        severity: Severity::Warning,
        records: waiting,
        advice: "record a review score, or an exit score for those who have left",
    });

    let narrative = store.narrative(&bench.agreement.reference, &period.id)?;
    checks.push(Check {
        id: "empty_narrative",
        title: "Is every narrative heading answered?",
        severity: Severity::Warning,
        records: narrative
            .answers
            .iter()
            .filter(|(_, text)| text.trim().is_empty())
            .map(|(heading, _)| heading.clone())
            .collect(),
        advice: "write an answer under these headings",
    });

    let told: Vec<&str> = narrative
        .curves
        .iter()
        .filter(|c| !c.story.trim().is_empty())
        .map(|c| c.code.as_str())
        .collect();
    checks.push(Check {
        id: "red_or_amber_without_story",
        title: "Does every red or amber measure have its story behind the curve?",
        severity: Severity::Warning,
        records: report
            .rows
            .iter()
            .filter(|r| matches!(r.status, Some(Status::Red | Status::Amber)))
            .filter(|r| !told.iter().any(|c| c.eq_ignore_ascii_case(&r.code)))
            .map(|r| {
                format!(
                    "{} ({})",
                    r.code,
                    r.status.map(|s| s.as_str()).unwrap_or_default()
                )
            })
            .collect(),
        advice: "write why each of these moved, and what is being done about it",
    });

    let finances = store.finances(&bench.agreement.reference)?;
    checks.push(Check {
        id: "no_finance",
        title: "Is the period's budget and spend recorded?",
        severity: Severity::Warning,
        records: if finances.iter().any(|f| f.period == period.id) {
            Vec::new()
        } else {
            vec![period.id.clone()]
        },
        advice: "record the period's budget and actual spend",
    });

    let budgeted: i64 = finances.iter().map(|f| f.budget_pence).sum();
    let every_period_budgeted = bench
        .periods
        .iter()
        .all(|p| finances.iter().any(|f| f.period == p.id));
    checks.push(Check {
        id: "budgets_do_not_add_up",
        title: "Do the budgets over the agreement's periods add up to its value?",
        severity: Severity::Warning,
        records: match bench.agreement.value_pence {
            Some(value) if budgeted > value || (every_period_budgeted && budgeted != value) => {
                vec![format!(
                    "budgets total £{} against the agreement's £{}",
                    format_money(budgeted),
                    format_money(value)
                )]
            }
            _ => Vec::new(),
        },
        advice: "correct the budgets so that, over all the periods, they add up to the agreement's value",
    });

    let cutoff = today.min(period.end);
    checks.push(Check {
        id: "milestones_past_due",
        title: "Is every milestone that is past due done?",
        severity: Severity::Warning,
        records: store
            .milestones(&bench.agreement.reference)?
            .into_iter()
            .filter(|m| m.overdue_on(cutoff))
            .map(|m| format!("{} (due {}, {})", m.title, shown(m.due_date), m.status))
            .collect(),
        advice: "mark these done, dropped or at risk, with a note on where they stand",
    });

    checks.push(Check {
        id: "period_not_ended",
        title: "Has the period ended?",
        severity: Severity::Info,
        records: if today <= period.end {
            vec![format!("{} ends on {}", period.id, shown(period.end))]
        } else {
            Vec::new()
        },
        advice: "figures may still change until the period ends",
    });

    checks.push(Check {
        id: "silent_laptops",
        title: "Has every other laptop sent its changes in the last 14 days?",
        severity: Severity::Warning,
        records: crate::sync::status(store, today)?
            .laptops
            .into_iter()
            .filter(|l| l.silent)
            .map(|l| match l.written_at {
                Some(at) => format!("{} (changes up to {at})", l.name),
                None => format!("{} (nothing received since it joined on {})", l.name, l.joined_on),
            })
            .collect(),
        advice: "ask them to send their changes, then get changes here, so the return includes their records",
    });
    Ok(checks)
}
