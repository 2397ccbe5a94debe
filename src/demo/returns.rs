//! The demo's returns as a coordinator would have kept them: finance by cost
//! line for every period so far, narrative and turn-the-curve notes written
//! for the earlier periods and not yet for the latest, milestones with their
//! notes, other income, forecasts, and approvals of the returns already sent.

use chrono::{Datelike, Days, NaiveTime};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{COUNCIL_CONTRACT, NINE_MONTH_CONTRACT, TRUST_GRANT};
use crate::error::Result;
use crate::measures::{self, Status};
use crate::pack;
use crate::periods::{self, Period};
use crate::records::*;
use crate::store::Store;
use crate::submission;

/// Who keeps the returns.
pub(super) const COORDINATOR: (&str, &str) = ("Sam Okafor", "Project coordinator");
/// Who approves the returns the coordinator prepares: a second pair of eyes.
pub(super) const APPROVER: (&str, &str) = ("Priya Shah", "Chair of trustees");

/// The second signatory the trust asks for.
const SECOND_SIGNATORY: (&str, &str) = ("Daniel Owusu", "Treasurer");

/// Each default cost heading's share of a period's budget, in percent.
const SHARES: [(&str, i64); 6] = [
    ("Staffing", 60),
    ("Premises", 12),
    ("Activities and materials", 14),
    ("Volunteer expenses", 4),
    ("Management and overheads", 6),
    ("Other", 4),
];

/// Why a line's spend differs from its budget, by heading: under, over.
const FINANCE_NOTES: [(&str, &str, &str); 4] = [
    (
        "Staffing",
        "A youth worker post was vacant for six weeks.",
        "Extra sessional cover while a worker was off sick.",
    ),
    (
        "Premises",
        "The centre waived hall hire for two weeks of building work.",
        "Heating costs rose over the winter.",
    ),
    (
        "Activities and materials",
        "Trips postponed to next quarter.",
        "Coach hire for the summer trip to the coast.",
    ),
    (
        "Volunteer expenses",
        "Fewer volunteers claimed travel.",
        "Two new volunteers completed first-aid training.",
    ),
];

/// Answers under the default headings (Successes, Challenges, Learning,
/// Next steps), one set per quarter of the financial year.
const DEFAULT_ANSWERS: [[&str; 4]; 4] = [
    [
        "Spring term ended with a packed end-of-term show; two new volunteers joined from the college's youth work course.",
        "The Riverside Centre's hall was closed for two weeks of repairs, so sessions moved to the park pavilion.",
        "Texting parents the day before a session cut no-shows noticeably.",
        "Plan the summer play scheme with the children's ideas, and book the coach early.",
    ],
    [
        "The summer play scheme ran for five weeks with a trip to the coast; many children came every day it ran.",
        "The heat in July meant shorter outdoor sessions, and staff holidays left the rota thin in August.",
        "Children who came to the play scheme were more likely to join after-school club in September.",
        "Start a homework corner on Mondays and invite the school's family worker once a month.",
    ],
    [
        "The homework corner is full every Monday; the school says three children's reading has come on.",
        "Dark evenings kept some younger children away from youth club until we arranged lifts home.",
        "A quieter room off the main hall helps children who find the noise hard.",
        "Recruit two more volunteers for the spring, and begin the parents' forum.",
    ],
    [
        "Attendance held up through the winter and the young people's steering group met for the first time.",
        "Flu in February closed two sessions, and one volunteer moved away.",
        "Young people come more often when they have a job to do, such as running the tuck shop.",
        "Review the year's outcomes with the steering group and set targets for next year.",
    ],
];

/// Answers to the trust's own questions, one set per half-year.
const TRUST_ANSWERS: [[&str; 3]; 2] = [
    [
        "Parents and carers from across Northside and Riverside, most with children under eleven; a third are on free school meals and several care for a disabled child.",
        "Calmer mornings at home for families who worked out routines together; parents making friends who support each other outside the group; young people taking on jobs at youth club.",
        "Families come back when the group is at the same time each week and there is a crèche; a one-off workshop brings people once but not again.",
    ],
    [
        "More fathers came this half-year after we moved one session to a Saturday morning; most families still live in Northside.",
        "Parents telling us home feels calmer; two mothers starting a course at the college; young people asking to help run the club.",
        "Following up by text after a missed week brings most families back; we will build that into every volunteer's role.",
    ],
];

/// A demo milestone: agreement, title, where it stands, and its note per
/// period (the agreement's period by number from 0, note).
type MilestonePlan = (
    &'static str,
    &'static str,
    MilestoneStatus,
    &'static [(usize, &'static str)],
);

/// The demo's milestones, as the coordinator has kept them.
const MILESTONE_NOTES: [MilestonePlan; 4] = [
    (
        COUNCIL_CONTRACT,
        "Summer holiday programme run",
        MilestoneStatus::Done,
        &[
            (0, "Venues booked and the staff rota agreed."),
            (
                1,
                "Ran for five weeks in Eastfield Park, with a trip to the coast.",
            ),
        ],
    ),
    (
        COUNCIL_CONTRACT,
        "Parents' forum set up",
        MilestoneStatus::AtRisk,
        &[(
            2,
            "Two parents have offered to chair; the first meeting is planned for January.",
        )],
    ),
    (
        NINE_MONTH_CONTRACT,
        "Young people's steering group formed",
        MilestoneStatus::Done,
        &[
            (0, "Eight young people have signed up."),
            (1, "First meeting held; they chose the spring trips."),
        ],
    ),
    (
        TRUST_GRANT,
        "Family fun day held",
        MilestoneStatus::Done,
        &[(
            0,
            "Held in the summer in Eastfield Park; about 120 people came.",
        )],
    ),
];

/// Writes the demo's returns.
pub(super) fn add(store: &mut Store, end: chrono::NaiveDate) -> Result<()> {
    let fy = store.organisation()?.fy_start_month;
    let mut rng = ChaCha8Rng::seed_from_u64(2027);
    let mut sent = Vec::new();
    for reference in [COUNCIL_CONTRACT, NINE_MONTH_CONTRACT, TRUST_GRANT] {
        let agreement = store.agreement(reference)?;
        let all = periods::for_agreement(&agreement, fy);
        let past: Vec<&Period> = all.iter().filter(|p| p.end <= end).collect();
        let Some((latest, earlier)) = past.split_last() else {
            continue;
        };
        add_finance(store, &mut rng, &agreement, all.len(), &past)?;
        add_safeguarding(store, reference, &past, end)?;
        for period in earlier {
            add_narrative(store, &agreement, period)?;
            add_curve_notes(store, reference, period, false)?;
            let approved_on = period.due - Days::new(3);
            let approved_at =
                approved_on.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default());
            store.approve(&Approval {
                agreement: reference.into(),
                period: period.id.clone(),
                name: APPROVER.0.into(),
                role: APPROVER.1.into(),
                approved_at,
                // The trust asks for two signatories.
                second_name: if reference == TRUST_GRANT {
                    SECOND_SIGNATORY.0
                } else {
                    ""
                }
                .into(),
                second_role: if reference == TRUST_GRANT {
                    SECOND_SIGNATORY.1
                } else {
                    ""
                }
                .into(),
            })?;
            sent.push((reference, period.id.clone(), approved_at));
        }
        add_curve_notes(store, reference, latest, true)?;
    }
    for (agreement, title, status, notes) in MILESTONE_NOTES {
        let mut milestone = store.milestone(agreement, title)?;
        milestone.status = status;
        store.update_milestone(title, &milestone)?;
        for (n, text) in notes {
            let period = nth_period(store, agreement, *n)?;
            store.set_milestone_note(agreement, title, &period, text)?;
        }
    }
    add_other_income(store)?;
    // The earlier returns were sent on the day they were approved, once
    // everything above was written.
    for (agreement, period, at) in sent {
        let options = pack::Options {
            prepared_by: COORDINATOR.0.into(),
            now: at,
        };
        let bytes = pack::build(store, agreement, &period, &options)?;
        submission::submit_bytes(store, agreement, &period, &bytes, at)?;
    }
    Ok(())
}

/// Each period's safeguarding figures: a few concerns, fewer referrals,
/// the odd incident, no allegation; the policy reviewed each year.
fn add_safeguarding(
    store: &mut Store,
    reference: &str,
    past: &[&Period],
    end: chrono::NaiveDate,
) -> Result<()> {
    // Their own stream, so that the rest of the returns stay as they were.
    let mut rng = ChaCha8Rng::seed_from_u64(2028);
    for period in past {
        let concerns = rng.random_range(0..=3);
        store.set_safeguarding(
            reference,
            &period.id,
            &Safeguarding {
                concerns,
                referrals: rng.random_range(0..=concerns.min(1)),
                incidents: rng.random_range(0..=1),
                allegations: 0,
                policy_reviewed: Some((end - chrono::Months::new(5)).min(period.end)),
            },
        )?;
    }
    Ok(())
}

/// The id of `agreement`'s period number `n` (from 0).
pub(super) fn nth_period(store: &Store, agreement: &str, n: usize) -> Result<String> {
    store
        .periods(agreement)?
        .get(n)
        .map(|p| p.id.clone())
        .ok_or_else(|| {
            crate::error::Error::invalid("period", format!("{agreement} has no period {n}"))
        })
}

/// Other income that supported the work.
fn add_other_income(store: &mut Store) -> Result<()> {
    for (agreement, n, source, pounds) in [
        (COUNCIL_CONTRACT, 1, "Fun day ticket sales", 340),
        (TRUST_GRANT, 0, "Northbridge Rotary Club", 1_500),
        (TRUST_GRANT, 1, "Northbridge Rotary Club", 750),
    ] {
        store.set_other_income(&OtherIncome {
            agreement: agreement.into(),
            period: nth_period(store, agreement, n)?,
            source: source.into(),
            amount_pence: pounds * 100,
        })?;
    }
    Ok(())
}

/// Budget and spend by cost line for every period so far: the agreement's
/// value shared evenly over all its periods (so the budgets add up to it),
/// spend near budget with a note where it strays, and with each return a
/// forecast of spend by the end.
fn add_finance(
    store: &mut Store,
    rng: &mut ChaCha8Rng,
    agreement: &Agreement,
    periods: usize,
    past: &[&Period],
) -> Result<()> {
    let value = agreement.value_pence.unwrap_or(0);
    let per_period = value / periods as i64;
    let (mut budget_so_far, mut actual_so_far) = (0, 0);
    for (index, period) in past.iter().enumerate() {
        let last = index + 1 == periods;
        let period_budget = if last {
            value - per_period * (periods as i64 - 1)
        } else {
            per_period
        };
        let mut lines: Vec<(&str, i64)> = SHARES
            .iter()
            .map(|(heading, share)| (*heading, period_budget * share / 100 / 100 * 100))
            .collect();
        let shared: i64 = lines.iter().map(|(_, b)| b).sum();
        lines[0].1 += period_budget - shared;
        for (heading, budget) in lines {
            let factor = rng.random_range(0.88..1.07);
            let actual = ((budget as f64 * factor) / 100.0).round() as i64 * 100;
            let strays = (actual - budget).abs() * 100 > budget * 6;
            let note = FINANCE_NOTES
                .iter()
                .find(|(h, _, _)| *h == heading)
                .filter(|_| strays)
                .map(|(_, under, over)| if actual < budget { *under } else { *over })
                .unwrap_or_default();
            store.set_finance(&Finance {
                agreement: agreement.reference.clone(),
                period: period.id.clone(),
                heading: heading.into(),
                budget_pence: budget,
                actual_pence: actual,
                note: note.into(),
            })?;
            budget_so_far += budget;
            actual_so_far += actual;
        }
        store.set_forecast(&Forecast {
            agreement: agreement.reference.clone(),
            period: period.id.clone(),
            forecast_pence: value + actual_so_far - budget_so_far,
        })?;
    }
    Ok(())
}

/// The narrative of an earlier period, under the agreement's own headings.
fn add_narrative(store: &mut Store, agreement: &Agreement, period: &Period) -> Result<()> {
    // Quarters and halves of the financial year from April: 0 is spring.
    let quarter = ((period.start.month() + 8) % 12 / 3) as usize;
    let answers: Vec<&str> = if agreement.reference == TRUST_GRANT {
        TRUST_ANSWERS[quarter / 2].to_vec()
    } else {
        DEFAULT_ANSWERS[quarter].to_vec()
    };
    for (heading, text) in agreement.headings.iter().zip(answers) {
        store.set_narrative_answer(&agreement.reference, &period.id, &heading.heading, text)?;
    }
    Ok(())
}

/// The turn-the-curve notes of a period's red and amber measures; for the
/// latest period the red ones have their story, the amber ones not yet.
fn add_curve_notes(
    store: &mut Store,
    reference: &str,
    period: &Period,
    latest: bool,
) -> Result<()> {
    let report = measures::report(store, reference, &period.id)?;
    let wanted: &[Status] = if latest {
        &[Status::Red]
    } else {
        &[Status::Red, Status::Amber]
    };
    let off_track = report
        .rows
        .iter()
        .filter(|r| r.status.is_some_and(|s| wanted.contains(&s)));
    let half_year = period.end > period.start + Days::new(100);
    // Named by the period's middle month, whatever month its year starts.
    let middle =
        (period.start + Days::new(((period.end - period.start).num_days() / 2) as u64)).month();
    let season = match (middle, half_year) {
        (4..=9, true) => "the spring and summer",
        (_, true) => "the autumn and winter",
        (4..=6, false) => "the spring and early summer",
        (7..=8, false) => "the summer holidays",
        (9..=12, false) => "the autumn term",
        _ => "the winter",
    };
    for row in off_track {
        let (story, partners, what_works, next_steps) = match row.question {
            Question::HowMuch => (
                format!("{} fell short over {season}: the hall closures and staff holidays cost us sessions.", row.measure),
                "The Riverside Centre, for a second room; Eastfield school, for referrals.",
                "Booking rooms a term ahead, and texting families the day before.",
                "Add a second weekly session in the busiest month and ask the school to refer again.",
            ),
            Question::HowWell => (
                format!("{} dipped over {season}; newer children have not yet settled into coming every week.", row.measure),
                "Parents and carers, who bring the younger children; the school's family worker.",
                "A named worker who follows up after a missed week.",
                "Follow up every missed week by text, and pair each new child with a regular.",
            ),
            Question::BetterOff => (
                format!("{} is behind target over {season}: many joined recently, and a change takes a term or two to show.", row.measure),
                "The school's attendance officer; CAMHS for the young people we refer.",
                "Reviewing with each child after six weeks rather than waiting for the end of term.",
                "Bring the six-week reviews forward and record changes in the outcome log as they happen.",
            ),
        };
        store.set_curve_note(
            reference,
            &period.id,
            &CurveNote {
                code: row.code.clone(),
                story,
                partners: partners.into(),
                what_works: what_works.into(),
                next_steps: next_steps.into(),
            },
        )?;
    }
    Ok(())
}
