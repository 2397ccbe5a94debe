//! One period's return as a whole, for a caller that shows it on one page:
//! the measures and their trend, the readiness checks with the records each
//! points to, the narrative, the typed values, finance, milestones, approval
//! and what has changed since it was submitted. Computed from one load.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::checks::{self, Check};
use crate::error::Result;
use crate::measures::{charted, MeasureRow, Report, Workbench};
use crate::pack;
use crate::periods::Period;
use crate::records::{
    Agreement, Approval, Calculation, Finance, Forecast, Milestone, Narrative, OtherIncome,
    Submission,
};
use crate::store::Store;
use crate::submission::{self, Change};

/// Everything about one period's return.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodReturn {
    /// The agreement.
    pub agreement: Agreement,
    /// The period.
    pub period: Period,
    /// Every period of the agreement, to choose another.
    pub periods: Vec<Period>,
    /// The measures, in the agreement's order.
    pub measures: Vec<MeasureRow>,
    /// Each measure's value and target over the periods so far.
    pub trends: Vec<Trend>,
    /// The readiness checks, each with the records it points to.
    pub checks: Vec<CheckWithLinks>,
    /// The answers under the agreement's headings and the curve notes.
    pub narrative: Narrative,
    /// The manual measures and their typed values for the period.
    pub manual: Vec<ManualEntry>,
    /// The period's budget and spend, by cost heading.
    pub finance: Vec<Finance>,
    /// The headings its finance is shown under: the agreement's, then any a
    /// line of the period was kept under that it no longer lists.
    pub cost_headings: Vec<String>,
    /// For each heading with no line this period, the budget of the latest
    /// earlier period that has one: offered again, so that a quarter's
    /// return needs only what was spent.
    pub carried_budgets: BTreeMap<String, i64>,
    /// Other income that supported the work in the period.
    pub other_income: Vec<OtherIncome>,
    /// The forecast of spend to the end stated with this return.
    pub forecast: Option<Forecast>,
    /// The agreement's milestones, with their notes.
    pub milestones: Vec<Milestone>,
    /// Who approved the return, if anyone has.
    pub approval: Option<Approval>,
    /// The period's safeguarding figures, if recorded.
    pub safeguarding: Option<crate::records::Safeguarding>,
    /// The latest submission of the period, if it has been submitted.
    pub submitted: Option<Submission>,
    /// When the funder accepted it, if it has.
    pub accepted: Option<crate::records::Acceptance>,
    /// Submitted figures that differ now.
    pub changes: Vec<Change>,
    /// The pack's usual file name.
    pub file_name: String,
    /// The organisation's contact for returns: who prepared it, unless
    /// another name is given when exporting.
    pub contact_name: String,
}

/// A measure over the periods so far.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// The measure's code.
    pub code: String,
    /// Its value and target in each period, oldest first.
    pub points: Vec<TrendPoint>,
}

/// A measure in one period.
#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    /// The period id.
    pub period: String,
    /// Its value; none when there is nothing to show (no value, or a zero
    /// in a period in which no session was held).
    pub value: Option<f64>,
    /// Its target, if set.
    pub target: Option<f64>,
}

/// A typed value of a manual measure.
#[derive(Debug, Clone, Serialize)]
pub struct ManualEntry {
    /// The measure's code.
    pub code: String,
    /// Its title.
    pub measure: String,
    /// The value typed for the period, if any.
    pub value: Option<f64>,
    /// The note typed with it.
    pub note: String,
}

/// A readiness check with where each of its records can be put right.
#[derive(Debug, Clone, Serialize)]
pub struct CheckWithLinks {
    /// The check.
    #[serde(flatten)]
    pub check: Check,
    /// One link per record, in the same order.
    pub links: Vec<Link>,
    /// Each record as the app shows it: a person by name and code
    /// ("Amara Khan (P0007)"). The pack keeps the codes alone.
    pub labels: Vec<String>,
}

/// Where a check's record is put right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "to", content = "key", rename_all = "snake_case")]
pub enum Link {
    /// The register screen (no session yet).
    Register,
    /// A session's register: its programme and day.
    Session {
        /// The session's reference.
        reference: String,
        /// Its programme.
        programme: String,
        /// Its day.
        date: NaiveDate,
    },
    /// A participant's page, by code.
    Participant(String),
    /// A measure's target, by code.
    Target(String),
    /// A manual measure's value, by code.
    Manual(String),
    /// A narrative heading.
    Heading(String),
    /// A measure's story behind the curve, by code.
    Curve(String),
    /// The period's finance.
    Finance,
    /// A milestone, by title.
    Milestone(String),
    /// A story, by number.
    Story(i64),
    /// The organisation's details (its contact for returns).
    Organisation,
    /// Anonymous feedback waiting to be tied to a session or programme.
    Feedback,
    /// The agreement's page.
    Agreement,
    /// The agreement's funder's form, for mapping.
    FunderForm,
    /// Nothing to put right by hand (the period has not ended).
    None,
}

/// Where the check's `record` is put right; `session` finds a session's
/// programme and day by its reference.
fn link(
    check: &Check,
    record: &str,
    session: impl Fn(&str) -> Option<(String, NaiveDate)>,
) -> Link {
    let first_word = || record.split(' ').next().unwrap_or(record).to_string();
    match check.id {
        "no_sessions" => Link::Register,
        "no_contact" => Link::Organisation,
        "stories_held_back" => record
            .strip_prefix("story ")
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .map_or(Link::None, Link::Story),
        "no_summary" => Link::Agreement,
        "funder_form" => Link::FunderForm,
        "feedback_untied" => Link::Feedback,
        "sessions_without_attendance" => match session(&first_word()) {
            Some((programme, date)) => Link::Session {
                reference: first_word(),
                programme,
                date,
            },
            None => Link::Register,
        },
        "attending_without_consent" | "consent_due_for_review" | "baselines_without_follow_up" => {
            Link::Participant(first_word())
        }
        "measures_without_target" => Link::Target(first_word()),
        "manual_without_value" => Link::Manual(first_word()),
        "empty_narrative" => Link::Heading(record.to_string()),
        "red_or_amber_without_story" => Link::Curve(first_word()),
        "no_finance" | "budgets_do_not_add_up" => Link::Finance,
        "milestones_past_due" => Link::Milestone(
            record
                .rsplit_once(" (due ")
                .map_or(record, |(title, _)| title)
                .to_string(),
        ),
        _ => Link::None,
    }
}

/// The return of `agreement`'s `period`, on `today`.
pub fn of(store: &Store, agreement: &str, period: &str, today: NaiveDate) -> Result<PeriodReturn> {
    let bench = Workbench::load_with_history(store, agreement, period)?;
    let reference = bench.agreement.reference.clone();
    let id = bench.period.id.clone();
    let (report, shown) = bench.report_and_trend();
    let trends = trends(&bench, &report, &shown);
    let mut checks = checks_with_links(store, &bench, today)?;
    if store.funder_form(agreement)?.is_some() {
        let noon = today.and_hms_opt(12, 0, 0).unwrap_or_default();
        let preview = crate::pack::filled_form::preview(store, agreement, Some(period), noon)?;
        let check =
            crate::pack::filled_form::check(crate::pack::filled_form::problems_of(&preview.cells));
        checks.push(CheckWithLinks {
            links: vec![Link::FunderForm; check.records.len()],
            labels: check.records.clone(),
            check,
        });
    }
    let manual = manual_entries(store, &bench)?;
    let submissions = store.submissions(&reference)?;
    let submitted = submissions
        .iter()
        .filter(|s| s.period == id)
        .max_by_key(|s| (s.submitted_at, s.id))
        .cloned();
    let changes = match submitted {
        Some(_) => submission::changes_in(&submissions, &[(bench.period.clone(), report.clone())])?,
        None => Vec::new(),
    };
    let organisation = &bench.organisation.name;
    let PeriodMoney {
        finance,
        cost_headings,
        carried_budgets,
    } = period_money(store, &bench)?;
    let approval = store.approval(&reference, &id)?;
    Ok(PeriodReturn {
        file_name: pack::default_file_name(organisation, &reference, &id, approval.is_none()),
        contact_name: bench.organisation.contact_name.clone(),
        narrative: store.narrative(&reference, &id)?,
        cost_headings,
        carried_budgets,
        finance,
        other_income: store
            .other_income(&reference)?
            .into_iter()
            .filter(|i| i.period == id)
            .collect(),
        forecast: store.forecast(&reference, &id)?,
        milestones: store.milestones(&reference)?,
        safeguarding: store.safeguarding(&reference, &id)?,
        approval,
        measures: report.rows,
        trends,
        checks,
        manual,
        submitted,
        accepted: store
            .acceptances(&reference)?
            .into_iter()
            .find(|a| a.period == id),
        changes,
        periods: bench.periods.clone(),
        agreement: bench.agreement.clone(),
        period: bench.period.clone(),
    })
}

/// Each measure's values and targets over the periods the trend shows.
fn trends(bench: &Workbench, report: &Report, shown: &[(Period, Report)]) -> Vec<Trend> {
    report
        .rows
        .iter()
        .map(|m| Trend {
            code: m.code.clone(),
            points: shown
                .iter()
                .map(|(p, r)| {
                    let row = r.rows.iter().find(|r| r.code == m.code);
                    TrendPoint {
                        period: p.id.clone(),
                        value: charted(row.and_then(|r| r.this_period), bench.held_no_session(p)),
                        target: row.and_then(|r| r.target),
                    }
                })
                .collect(),
        })
        .collect()
}

/// The readiness checks, each record with where it is put right and a
/// label a person reads (a name beside a code, a story's title, a
/// measure's title).
fn checks_with_links(
    store: &Store,
    bench: &Workbench,
    today: NaiveDate,
) -> Result<Vec<CheckWithLinks>> {
    let session = |reference: &str| {
        let s = bench
            .facts
            .sessions
            .iter()
            .find(|s| s.reference == reference)?;
        let (_, programme) = bench
            .facts
            .programmes
            .iter()
            .find(|(id, _)| *id == s.programme)?;
        Some((programme.clone(), s.date))
    };
    let names: std::collections::HashMap<String, String> = store
        .participants(true)?
        .into_iter()
        .map(|p| (p.code, p.known_as))
        .collect();
    let stories = store.stories()?;
    Ok(checks::readiness(store, bench, today)?
        .into_iter()
        .map(|check| {
            let links: Vec<Link> = check
                .records
                .iter()
                .map(|r| link(&check, r, session))
                .collect();
            let labels = check
                .records
                .iter()
                .zip(&links)
                .map(|(record, link)| match link {
                    Link::Participant(code) => match names.get(code) {
                        Some(name) if record == code => format!("{name} ({code})"),
                        Some(name) => format!("{name}, {record}"),
                        None => record.clone(),
                    },
                    Link::Story(number) => match stories.iter().find(|s| s.id == *number) {
                        Some(story) => {
                            let about = story
                                .participant
                                .as_ref()
                                .and_then(|code| {
                                    names
                                        .get(code)
                                        .map(|name| format!(", about {name} ({code})"))
                                })
                                .unwrap_or_default();
                            format!("“{}”{about}", story.title)
                        }
                        None => record.clone(),
                    },
                    Link::Target(code) | Link::Manual(code) | Link::Curve(code) => {
                        match bench.measures.iter().find(|m| m.code == *code) {
                            Some(m) => format!("{record}, {}", m.title),
                            None => record.clone(),
                        }
                    }
                    _ => record.clone(),
                })
                .collect();
            CheckWithLinks {
                links,
                labels,
                check,
            }
        })
        .collect())
}

/// The period's value of each measure typed by hand, with its note.
fn manual_entries(store: &Store, bench: &Workbench) -> Result<Vec<ManualEntry>> {
    let id = &bench.period.id;
    let typed = store.manual_values(&bench.agreement.reference)?;
    Ok(bench
        .measures
        .iter()
        .filter(|m| m.calculation == Calculation::Manual)
        .map(|m| {
            let value = typed.iter().find(|v| v.code == m.code && v.period == *id);
            ManualEntry {
                code: m.code.clone(),
                measure: m.title.clone(),
                value: value.map(|v| v.value),
                note: value.map(|v| v.note.clone()).unwrap_or_default(),
            }
        })
        .collect())
}

/// The period's finance lines, the cost headings they are under, and the
/// budget each heading without a line carries from the latest period
/// before with one.
fn period_money(store: &Store, bench: &Workbench) -> Result<PeriodMoney> {
    let id = &bench.period.id;
    let every_line = store.finances(&bench.agreement.reference)?;
    let finance: Vec<Finance> = every_line
        .iter()
        .filter(|f| f.period == *id)
        .cloned()
        .collect();
    let cost_headings = bench.agreement.finance_headings(&finance);
    let before: Vec<&str> = bench
        .periods
        .iter()
        .take_while(|p| p.id != *id)
        .map(|p| p.id.as_str())
        .collect();
    let carried_budgets = cost_headings
        .iter()
        .filter(|h| !finance.iter().any(|f| f.heading == **h))
        .filter_map(|h| {
            let latest = before.iter().rev().find_map(|p| {
                every_line
                    .iter()
                    .find(|f| f.period == *p && f.heading == *h && f.budget_pence > 0)
            })?;
            Some((h.clone(), latest.budget_pence))
        })
        .collect();
    Ok(PeriodMoney {
        finance,
        cost_headings,
        carried_budgets,
    })
}

/// The period's money as the Returns screen shows it.
struct PeriodMoney {
    finance: Vec<Finance>,
    cost_headings: Vec<String>,
    carried_budgets: BTreeMap<String, i64>,
}
