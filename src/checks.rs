//! Readiness checks before a return is exported (DESIGN "Checks before
//! export"). Each names the records it concerns; warnings never block.

use std::cell::OnceCell;
use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::error::Result;
use crate::measures::{Range, Report, Span, Status, Workbench};
use crate::parse::{format_money, shown};
use crate::records::{Calculation, Finance, Narrative};
use crate::store::{ParticipantFact, Store};

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

/// What every check reads: the records, the workbench of the agreement's
/// period, the period's dates and today; the report, narrative and
/// finances, worked out once for the checks that read them.
struct Ground<'a> {
    store: &'a Store,
    bench: &'a Workbench,
    today: NaiveDate,
    range: Range,
    report: OnceCell<Report>,
    narrative: OnceCell<Narrative>,
    finances: OnceCell<Vec<Finance>>,
}

impl Ground<'_> {
    fn report(&self) -> &Report {
        self.report.get_or_init(|| self.bench.report())
    }

    fn narrative(&self) -> Result<&Narrative> {
        if self.narrative.get().is_none() {
            let narrative = self
                .store
                .narrative(&self.bench.agreement.reference, &self.bench.period.id)?;
            let _ = self.narrative.set(narrative);
        }
        Ok(self.narrative.get().expect("set just above"))
    }

    fn finances(&self) -> Result<&[Finance]> {
        if self.finances.get().is_none() {
            let finances = self.store.finances(&self.bench.agreement.reference)?;
            let _ = self.finances.set(finances);
        }
        Ok(self.finances.get().expect("set just above"))
    }

    /// Everyone who came to the agreement's programmes in the period.
    fn attending(&self) -> Vec<&ParticipantFact> {
        self.bench
            .with_engine(Span::ThisPeriod, |engine| engine.everyone(self.range))
            .keys()
            .filter_map(|id| self.bench.facts.participants.get(id))
            .collect()
    }
}

/// Every check, in the order a return lists them.
const CHECKS: [fn(&Ground) -> Result<Check>; 20] = [
    no_contact,
    no_summary,
    no_sessions,
    sessions_without_attendance,
    attending_without_consent,
    stories_held_back,
    feedback_untied,
    consent_due_for_review,
    measures_without_target,
    manual_without_value,
    baselines_without_follow_up,
    empty_narrative,
    red_or_amber_without_story,
    no_finance,
    budgets_do_not_add_up,
    milestones_past_due,
    instalments_overdue,
    instalments_do_not_add_up,
    period_not_ended,
    silent_laptops,
];

/// Runs every check for the workbench's agreement and period, on `today`.
pub fn readiness(store: &Store, bench: &Workbench, today: NaiveDate) -> Result<Vec<Check>> {
    let ground = Ground {
        store,
        bench,
        today,
        range: Span::ThisPeriod.range(&bench.period),
        report: OnceCell::new(),
        narrative: OnceCell::new(),
        finances: OnceCell::new(),
    };
    CHECKS.iter().map(|check| check(&ground)).collect()
}

/// A warning's check: its id, its question, what it found and the advice.
fn warning(
    id: &'static str,
    title: &'static str,
    records: Vec<String>,
    advice: &'static str,
) -> Result<Check> {
    Ok(Check {
        id,
        title,
        severity: Severity::Warning,
        records,
        advice,
    })
}

fn no_contact(g: &Ground) -> Result<Check> {
    let o = &g.bench.organisation;
    let mut missing = Vec::new();
    if o.contact_name.trim().is_empty() {
        missing
            .push("the contact's name (who prepared it, unless another name is given)".to_string());
    }
    if o.contact_email.trim().is_empty() && o.contact_phone.trim().is_empty() {
        missing.push("an email address or phone number for the contact".to_string());
    }
    warning(
        "no_contact",
        "Does the return say who to contact about it?",
        missing,
        "add the organisation's contact for returns: a name, and an email address or phone number",
    )
}

fn no_summary(g: &Ground) -> Result<Check> {
    let agreement = &g.bench.agreement;
    warning(
        "no_summary",
        "Does the agreement have a short summary of the project?",
        if agreement.summary.trim().is_empty() {
            vec![format!("{} has no project summary", agreement.reference)]
        } else {
            Vec::new()
        },
        "write a few sentences on the agreement's page about what the project does and for whom",
    )
}

fn no_sessions(g: &Ground) -> Result<Check> {
    let range = g.range;
    let ran = g
        .bench
        .facts
        .sessions
        .iter()
        .any(|s| range.contains(s.date));
    warning(
        "no_sessions",
        "Did any session run in the period?",
        if ran {
            Vec::new()
        } else {
            vec![format!(
                "no session of {} from {} to {}",
                g.bench.agreement.programmes.join(", "),
                range.start,
                range.end
            )]
        },
        "add the period's sessions and registers, or explain in the narrative why none ran",
    )
}

fn sessions_without_attendance(g: &Ground) -> Result<Check> {
    let facts = &g.bench.facts;
    let mut named: HashMap<usize, usize> = HashMap::new();
    for &(i, _) in &facts.attendance {
        *named.entry(i).or_default() += 1;
    }
    warning(
        "sessions_without_attendance",
        "Does every session have a register?",
        facts
            .sessions
            .iter()
            .enumerate()
            .filter(|(i, s)| g.range.contains(s.date) && s.headcount == 0 && !named.contains_key(i))
            .map(|(_, s)| format!("{} ({})", s.reference, shown(s.date)))
            .collect(),
        "take the register for these sessions, or delete them if they did not run",
    )
}

fn attending_without_consent(g: &Ground) -> Result<Check> {
    let mut without_consent: Vec<String> = g
        .attending()
        .into_iter()
        .filter(|p| p.consent_date.is_none())
        .map(|p| p.code.clone())
        .collect();
    without_consent.sort();
    warning(
        "attending_without_consent",
        "Has consent been recorded for everyone attending?",
        without_consent,
        "record the date consent was given on each participant's record",
    )
}

fn stories_held_back(g: &Ground) -> Result<Check> {
    let facts = &g.bench.facts;
    // The facts hold the agreement's programmes only.
    let paid_for: Vec<crate::Key> = facts.programmes.iter().map(|(id, _)| *id).collect();
    warning(
        "stories_held_back",
        "Has everyone a story is about said yes to stories on their own record?",
        facts
            .stories
            .iter()
            .filter(|s| s.held_back() && g.range.contains(s.date))
            .filter(|s| s.programme.is_some_and(|p| paid_for.contains(&p)))
            .map(|s| format!("story {} ({})", s.id, shown(s.date)))
            .collect(),
        "these stories are left out of the pack: record the person's consent to stories on their record (or leave the story out)",
    )
}

/// Feedback on a scale this agreement's measures read, in the period,
/// that no agreement counts until it is tied to where it was given.
fn feedback_untied(g: &Ground) -> Result<Check> {
    let untied = g
        .store
        .untied_feedback()?
        .into_iter()
        .filter(|a| g.range.contains(a.date))
        .filter(|a| g.bench.reads_indicator(&a.indicator))
        .map(|a| {
            format!(
                "feedback card {} ({}, {})",
                a.id,
                shown(a.date),
                a.indicator
            )
        })
        .collect();
    warning(
        "feedback_untied",
        "Is every anonymous feedback card tied to the session or programme it was given at?",
        untied,
        "these cards count for no funder: tie each to the session it was handed in at (or to its programme)",
    )
}

fn consent_due_for_review(g: &Ground) -> Result<Check> {
    let mut review_due: Vec<String> = g
        .attending()
        .into_iter()
        .filter(|p| p.consent_date.is_some())
        .filter(|p| {
            p.consent_review_date
                .is_some_and(|review| review <= g.range.end)
        })
        .map(|p| p.code.clone())
        .collect();
    review_due.sort();
    warning(
        "consent_due_for_review",
        "Is everyone's consent up to date?",
        review_due,
        "review consent with each person (or their parent or carer), then record the new date and the next review date",
    )
}

fn measures_without_target(g: &Ground) -> Result<Check> {
    let period = &g.bench.period;
    warning(
        "measures_without_target",
        "Does every measure have a target for this period?",
        g.bench
            .measures
            .iter()
            .filter(|m| !m.no_target && !m.targets.contains_key(&period.id))
            .map(|m| m.code.clone())
            .collect(),
        "set a target for these measures; where the funder sets none, say so on the measure's page",
    )
}

fn manual_without_value(g: &Ground) -> Result<Check> {
    warning(
        "manual_without_value",
        "Does every manual measure have a value?",
        g.bench
            .measures
            .iter()
            .zip(&g.report().rows)
            .filter(|(m, row)| m.calculation == Calculation::Manual && row.this_period.is_none())
            .map(|(m, _)| m.code.clone())
            .collect(),
        "type this period's value of these measures",
    )
}

/// People with one score on a scale the agreement's measures read, given
/// more than 90 days before the period's end (or today): a baseline
/// waiting for its follow-up.
fn baselines_without_follow_up(g: &Ground) -> Result<Check> {
    let (bench, facts) = (g.bench, &g.bench.facts);
    let cutoff = bench.period.end.min(g.today);
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
    warning(
        "baselines_without_follow_up",
        "Has every baseline had a follow-up within 90 days?",
        waiting,
        "record a review score, or an exit score for those who have left",
    )
}

fn empty_narrative(g: &Ground) -> Result<Check> {
    warning(
        "empty_narrative",
        "Is every narrative heading answered?",
        g.narrative()?
            .answers
            .iter()
            .filter(|(_, text)| text.trim().is_empty())
            .map(|(heading, _)| heading.clone())
            .collect(),
        "write an answer under these headings",
    )
}

fn red_or_amber_without_story(g: &Ground) -> Result<Check> {
    let told: Vec<&str> = g
        .narrative()?
        .curves
        .iter()
        .filter(|c| !c.story.trim().is_empty())
        .map(|c| c.code.as_str())
        .collect();
    warning(
        "red_or_amber_without_story",
        "Does every red or amber measure have its story behind the curve?",
        g.report()
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
        "write why each of these moved, and what is being done about it",
    )
}

fn no_finance(g: &Ground) -> Result<Check> {
    let period = &g.bench.period;
    warning(
        "no_finance",
        "Is the period's budget and spend recorded?",
        if g.finances()?.iter().any(|f| f.period == period.id) {
            Vec::new()
        } else {
            vec![period.id.clone()]
        },
        "record the period's budget and actual spend",
    )
}

fn budgets_do_not_add_up(g: &Ground) -> Result<Check> {
    let finances = g.finances()?;
    let budgeted: i64 = finances.iter().map(|f| f.budget_pence).sum();
    let every_period_budgeted = g
        .bench
        .periods
        .iter()
        .all(|p| finances.iter().any(|f| f.period == p.id));
    warning(
        "budgets_do_not_add_up",
        "Do the budgets over the agreement's periods add up to its value?",
        match g.bench.agreement.value_pence {
            Some(value) if budgeted > value || (every_period_budgeted && budgeted != value) => {
                vec![format!(
                    "budgets total £{} against the agreement's £{}",
                    format_money(budgeted),
                    format_money(value)
                )]
            }
            _ => Vec::new(),
        },
        "correct the budgets so that, over all the periods, they add up to the agreement's value",
    )
}

fn milestones_past_due(g: &Ground) -> Result<Check> {
    let cutoff = g.today.min(g.bench.period.end);
    warning(
        "milestones_past_due",
        "Is every milestone that is past due done?",
        g.store
            .milestones(&g.bench.agreement.reference)?
            .into_iter()
            .filter(|m| m.overdue_on(cutoff))
            .map(|m| format!("{} (due {}, {})", m.title, shown(m.due_date), m.status))
            .collect(),
        "mark these done, dropped or at risk, with a note on where they stand",
    )
}

fn instalments_overdue(g: &Ground) -> Result<Check> {
    warning(
        "instalments_overdue",
        "Has every instalment more than 30 days late been chased?",
        crate::payments::overdue(g.store, &g.bench.agreement.reference, g.today)?,
        "ask the funder when it will be paid, and record it when it arrives; a return the instalment waits for can be marked accepted",
    )
}

fn instalments_do_not_add_up(g: &Ground) -> Result<Check> {
    let schedule = crate::payments::schedule(g.store, &g.bench.agreement.reference, g.today)?;
    warning(
        "instalments_do_not_add_up",
        "Do the instalments add up to the agreement's value?",
        schedule.mismatch.into_iter().collect(),
        "change the instalments or the agreement's value so that they agree",
    )
}

fn period_not_ended(g: &Ground) -> Result<Check> {
    let period = &g.bench.period;
    Ok(Check {
        id: "period_not_ended",
        title: "Has the period ended?",
        severity: Severity::Info,
        records: if g.today <= period.end {
            vec![format!("{} ends on {}", period.id, shown(period.end))]
        } else {
            Vec::new()
        },
        advice: "figures may still change until the period ends",
    })
}

fn silent_laptops(g: &Ground) -> Result<Check> {
    warning(
        "silent_laptops",
        "Has every other laptop sent its changes in the last 14 days?",
        crate::sync::status(g.store, g.today)?
            .laptops
            .into_iter()
            .filter(|l| l.silent)
            .map(|l| match l.written_at {
                Some(at) => format!("{} (changes up to {at})", l.name),
                None => format!("{} (nothing received since it joined on {})", l.name, l.joined_on),
            })
            .collect(),
        "ask them to send their changes, then get changes here, so the return includes their records",
    )
}
