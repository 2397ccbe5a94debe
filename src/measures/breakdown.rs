//! Breakdowns of P for a range: demographics with small-number suppression,
//! an outcomes summary, and activity by month.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::Datelike;
use serde::Serialize;

use super::{Span, Workbench};

/// One category's count within a dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    /// The category (`Girl or woman`, `11-15`, `Not known`).
    pub label: String,
    /// How many of P are in it.
    pub count: usize,
    /// The count as it may be shown: `<5` for counts from 1 to the threshold less one.
    pub shown: String,
    /// Its share of P, in %; `None` when suppressed or P is empty.
    pub percent: Option<f64>,
}

/// One dimension of the demographics (age band, gender, …).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dimension {
    /// Its name.
    pub name: String,
    /// Its categories.
    pub categories: Vec<Category>,
}

/// One indicator's outcomes for the range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorSummary {
    /// The indicator.
    pub indicator: String,
    /// Participants with a follow-up in the range.
    pub assessed: usize,
    /// Of those, how many improved by at least the meaningful change.
    pub improved: usize,
    /// Improved as a % of assessed.
    pub percent_improved: Option<f64>,
    /// The mean of (latest score in range − first score ever).
    pub mean_change: Option<f64>,
}

/// One outcome's log for the range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeSummary {
    /// The outcome.
    pub outcome: String,
    /// Participants with a logged change.
    pub participants: usize,
    /// Entries logged.
    pub entries: usize,
    /// Entries by source.
    pub by_source: Vec<(String, usize)>,
}

/// One month's activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Month {
    /// `2026-04`.
    pub month: String,
    /// Sessions run.
    pub sessions: usize,
    /// Attendances, named and headcount.
    pub attendances: u64,
    /// Distinct named participants.
    pub participants: usize,
}

/// All the breakdowns for a range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdowns {
    /// How many are in P.
    pub total: usize,
    /// The small-number threshold applied.
    pub threshold: u32,
    /// Demographics of P.
    pub demographics: Vec<Dimension>,
    /// Outcomes by indicator.
    pub indicators: Vec<IndicatorSummary>,
    /// Outcomes by outcome.
    pub outcomes: Vec<OutcomeSummary>,
    /// Activity by month.
    pub months: Vec<Month>,
}

/// What every sheet shows for a fact that is not recorded.
pub const NOT_KNOWN: &str = "Not known";

/// `value`, or [`NOT_KNOWN`] when it is blank: one wording on every sheet.
pub fn or_not_known(value: &str) -> String {
    if value.trim().is_empty() {
        NOT_KNOWN.to_string()
    } else {
        value.to_string()
    }
}

pub(super) fn breakdowns(bench: &Workbench, span: Span) -> Breakdowns {
    bench.with_engine(span, |engine| compute(bench, span, engine))
}

fn compute(bench: &Workbench, span: Span, engine: &super::Engine) -> Breakdowns {
    let range = span.range(&bench.period);
    let facts = &bench.facts;
    let threshold = bench.organisation.small_number_threshold;
    let people: Vec<i64> = {
        let mut v: Vec<i64> = engine.everyone(range).into_keys().collect();
        v.sort();
        v
    };
    let total = people.len();
    let dimension = |name: &str, order: Vec<String>, labels: &dyn Fn(i64) -> Vec<String>| {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for &id in &people {
            for label in labels(id) {
                *counts.entry(label).or_default() += 1;
            }
        }
        let mut ordered: Vec<String> = order
            .into_iter()
            .filter(|l| counts.contains_key(l))
            .collect();
        let mut rest: Vec<String> = counts
            .keys()
            .filter(|k| !ordered.contains(k) && *k != NOT_KNOWN)
            .cloned()
            .collect();
        rest.sort();
        ordered.extend(rest);
        if counts.contains_key(NOT_KNOWN) {
            ordered.push(NOT_KNOWN.to_string());
        }
        Dimension {
            name: name.to_string(),
            categories: ordered
                .into_iter()
                .map(|label| {
                    let count = counts[&label];
                    let suppressed = count > 0 && count < threshold as usize;
                    Category {
                        shown: if suppressed {
                            format!("<{threshold}")
                        } else {
                            count.to_string()
                        },
                        percent: (!suppressed && total > 0)
                            .then(|| 100.0 * count as f64 / total as f64),
                        label,
                        count,
                    }
                })
                .collect(),
        }
    };
    let p = |id: i64| &facts.participants[&id];
    let or_not_known = |s: &str| {
        if s.trim().is_empty() {
            NOT_KNOWN.to_string()
        } else {
            s.to_string()
        }
    };
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "Yes".to_string(),
        Some(false) => "No".to_string(),
        None => NOT_KNOWN.to_string(),
    };
    let demographics = vec![
        dimension("Age band", bench.organisation.age_bands.clone(), &|id| {
            vec![engine
                .age_band(p(id), range.end)
                .map(str::to_string)
                .unwrap_or_else(|| NOT_KNOWN.to_string())]
        }),
        dimension("Gender", Vec::new(), &|id| {
            vec![or_not_known(&p(id).gender)]
        }),
        dimension("Ethnicity", Vec::new(), &|id| {
            vec![or_not_known(&p(id).ethnicity)]
        }),
        dimension("Area", Vec::new(), &|id| vec![or_not_known(&p(id).area)]),
        dimension("Disability", vec!["Yes".into(), "No".into()], &|id| {
            vec![yes_no(p(id).disability)]
        }),
        dimension(
            "Special educational needs",
            vec!["Yes".into(), "No".into()],
            &|id| vec![yes_no(p(id).sen)],
        ),
        dimension("Priority group", Vec::new(), &|id| {
            if p(id).groups.is_empty() {
                vec!["None of these".to_string()]
            } else {
                p(id).groups.clone()
            }
        }),
    ];

    let mut indicator_names: Vec<&String> = bench
        .facts
        .assessments
        .keys()
        .filter_map(|id| {
            bench
                .inputs
                .indicators
                .iter()
                .find(|(_, (i, ..))| i == id)
                .map(|(name, _)| name)
        })
        .collect();
    indicator_names.sort();
    let indicators = indicator_names
        .into_iter()
        .map(|name| {
            let (assessed, improved, mean_change) = engine.indicator_summary(name, range);
            IndicatorSummary {
                indicator: display_name(bench, name),
                assessed,
                improved,
                percent_improved: (assessed > 0).then(|| 100.0 * improved as f64 / assessed as f64),
                mean_change,
            }
        })
        .collect();

    let mut outcomes: Vec<OutcomeSummary> = bench
        .inputs
        .outcomes
        .iter()
        .map(|(name, id)| {
            let entries: Vec<_> = facts
                .log_entries
                .get(id)
                .into_iter()
                .flatten()
                .filter(|e| {
                    range.contains(e.date) && facts.participants.contains_key(&e.participant)
                })
                .collect();
            let mut by_source: BTreeMap<String, usize> = BTreeMap::new();
            for e in &entries {
                *by_source.entry(e.source.clone()).or_default() += 1;
            }
            OutcomeSummary {
                outcome: display_name(bench, name),
                participants: entries
                    .iter()
                    .map(|e| e.participant)
                    .collect::<HashSet<_>>()
                    .len(),
                entries: entries.len(),
                by_source: by_source.into_iter().collect(),
            }
        })
        .collect();
    outcomes.sort_by(|a, b| a.outcome.cmp(&b.outcome));

    let mut months: BTreeMap<String, (usize, u64, HashSet<i64>)> = BTreeMap::new();
    let mut day = range.start.with_day(1).unwrap_or(range.start);
    while day <= range.end {
        months.insert(day.format("%Y-%m").to_string(), (0, 0, HashSet::new()));
        day = day + chrono::Months::new(1);
    }
    let mut named_per_session: HashMap<usize, u64> = HashMap::new();
    for &(i, participant) in &facts.attendance {
        let s = &facts.sessions[i];
        if range.contains(s.date) {
            *named_per_session.entry(i).or_default() += 1;
            if let Some(m) = months.get_mut(&s.date.format("%Y-%m").to_string()) {
                m.2.insert(participant);
            }
        }
    }
    for (i, s) in facts
        .sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| range.contains(s.date))
    {
        if let Some(m) = months.get_mut(&s.date.format("%Y-%m").to_string()) {
            m.0 += 1;
            m.1 += named_per_session.get(&i).copied().unwrap_or(0) + u64::from(s.headcount);
        }
    }
    Breakdowns {
        total,
        threshold,
        demographics,
        indicators,
        outcomes,
        months: months
            .into_iter()
            .map(|(month, (sessions, attendances, people))| Month {
                month,
                sessions,
                attendances,
                participants: people.len(),
            })
            .collect(),
    }
}

/// The name as the organisation wrote it, from its lower-cased key.
fn display_name(bench: &Workbench, key: &str) -> String {
    bench
        .names
        .get(key)
        .cloned()
        .unwrap_or_else(|| key.to_string())
}
