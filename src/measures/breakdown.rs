//! Breakdowns of P for a range: demographics with small-number suppression,
//! an outcomes summary, and activity by month.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::Datelike;
use serde::Serialize;

use super::{Range, Span, Workbench};
use crate::key::Key;
use crate::store::Facts;

/// One category's count within a dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    /// The category (`Girl or woman`, `11-15`, `Not known`).
    pub label: String,
    /// How many of P are in it.
    pub count: usize,
    /// The count as it may be shown: `<5` for counts from 1 to the threshold
    /// less one, `*` for a larger count hidden so that a small one cannot be
    /// worked out from the total.
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
    /// Anonymous responses in the range (feedback with no name).
    pub responses: usize,
    /// Anonymous responses by score, lowest score first.
    pub by_score: Vec<(f64, usize)>,
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

/// How a count hidden to protect a small one is shown.
pub const HIDDEN: &str = "*";

/// How each count of a breakdown is marked when even hiding every one of
/// them would let a reader work them out from the total: the pack then
/// lists none of its categories.
pub const WITHHELD: &str = "withheld";

/// Which of a breakdown's counts are hidden (DESIGN "Small numbers", a
/// property, not a recipe): every count from 1 to the threshold less one
/// (shown `<5`); then, while a reader could still work out any hidden
/// count, the smallest count still shown (at least the threshold, shown
/// `*`). The reader knows the total, the counts shown, that a `<5` is 1 to
/// 4 and that a `*` is at least 5: a hidden count is worked out when the
/// smallest and the largest value those allow are the same. (Zeros are
/// shown: hiding one tells nothing it could protect.)
pub fn suppressed(counts: &[usize], threshold: usize) -> Vec<bool> {
    let mut hidden: Vec<bool> = counts.iter().map(|&c| c > 0 && c < threshold).collect();
    while worked_out(counts, &hidden, threshold) {
        let next = (0..counts.len())
            .filter(|&i| !hidden[i] && counts[i] > 0)
            .min_by_key(|&i| (counts[i], i));
        match next {
            Some(next) => hidden[next] = true,
            // Every count is hidden and the total still says it: the
            // breakdown is withheld as a whole (see `compute`).
            None => break,
        }
    }
    hidden
}

/// Whether a reader could work out any hidden count (see [`suppressed`]).
fn worked_out(counts: &[usize], hidden: &[bool], threshold: usize) -> bool {
    let left: usize = counts
        .iter()
        .zip(hidden)
        .filter(|(_, h)| **h)
        .map(|(c, _)| c)
        .sum();
    // What a reader knows of each hidden count: 1 to threshold − 1, or at
    // least the threshold (at most what is left).
    let range = |c: usize| {
        if c < threshold {
            (1, threshold - 1)
        } else {
            (threshold, left)
        }
    };
    let cells: Vec<(usize, usize)> = counts
        .iter()
        .zip(hidden)
        .filter(|(_, h)| **h)
        .map(|(&c, _)| range(c))
        .collect();
    let (all_lo, all_hi) = cells
        .iter()
        .fold((0, 0), |(lo, hi), (a, b)| (lo + a, hi + b));
    cells.iter().any(|&(lo, hi)| {
        let (others_lo, others_hi) = (all_lo - lo, all_hi - hi);
        let least = lo.max(left.saturating_sub(others_hi));
        let most = hi.min(left.saturating_sub(others_lo));
        least >= most
    })
}

pub(super) fn breakdowns(bench: &Workbench, span: Span) -> Breakdowns {
    bench.with_engine(span, |engine| compute(bench, span, engine))
}

fn compute(bench: &Workbench, span: Span, engine: &super::Engine) -> Breakdowns {
    let range = span.range(&bench.period);
    let people: Vec<Key> = {
        let mut v: Vec<Key> = engine.everyone(range).into_keys().collect();
        v.sort();
        v
    };
    Breakdowns {
        total: people.len(),
        threshold: bench.organisation.small_number_threshold,
        demographics: demographics(bench, engine, range, &people),
        indicators: indicator_summaries(bench, engine, range),
        outcomes: outcome_summaries(bench, range),
        months: months(&bench.facts, range),
    }
}

/// One breakdown of `people`: each `labels` gives a person counted under
/// its categories, in `order` first, then the rest in order, Not known
/// last; small counts hidden (and the whole withheld when what is hidden
/// could still be worked out).
fn dimension(
    name: &str,
    order: Vec<String>,
    people: &[Key],
    threshold: u32,
    labels: &dyn Fn(Key) -> Vec<String>,
) -> Dimension {
    let total = people.len();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for &id in people {
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
    let in_order: Vec<usize> = ordered.iter().map(|l| counts[l]).collect();
    let hidden = suppressed(&in_order, threshold as usize);
    // Every count hidden and still worked out (four `*` and a `<5` of
    // 21 people): the breakdown says nothing but that it is withheld.
    let whole = hidden.iter().zip(&in_order).all(|(h, c)| *h || *c == 0)
        && worked_out(&in_order, &hidden, threshold as usize);
    Dimension {
        name: name.to_string(),
        categories: ordered
            .into_iter()
            .zip(hidden)
            .map(|(label, suppressed)| {
                let count = counts[&label];
                Category {
                    shown: if whole {
                        WITHHELD.to_string()
                    } else if !suppressed {
                        count.to_string()
                    } else if count < threshold as usize {
                        format!("<{threshold}")
                    } else {
                        HIDDEN.to_string()
                    },
                    percent: (!suppressed && total > 0)
                        .then(|| 100.0 * count as f64 / total as f64),
                    label,
                    count,
                }
            })
            .collect(),
    }
}

/// Who came, by age band, gender, ethnicity, area, disability, special
/// educational needs and priority group.
fn demographics(
    bench: &Workbench,
    engine: &super::Engine,
    range: Range,
    people: &[Key],
) -> Vec<Dimension> {
    let facts = &bench.facts;
    let threshold = bench.organisation.small_number_threshold;
    let dimension = |name: &str, order: Vec<String>, labels: &dyn Fn(Key) -> Vec<String>| {
        dimension(name, order, people, threshold, labels)
    };
    let p = |id: Key| &facts.participants[&id];
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "Yes".to_string(),
        Some(false) => "No".to_string(),
        None => NOT_KNOWN.to_string(),
    };
    vec![
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
    ]
}

/// Each scale scored in the period: who was assessed and improved, and
/// the anonymous responses by score.
fn indicator_summaries(
    bench: &Workbench,
    engine: &super::Engine,
    range: Range,
) -> Vec<IndicatorSummary> {
    let facts = &bench.facts;
    let mut indicator_names: Vec<&String> = facts
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
    indicator_names
        .into_iter()
        .map(|name| {
            let (assessed, improved, mean_change) = engine.indicator_summary(name, range);
            let anonymous: Vec<f64> = bench
                .inputs
                .indicators
                .get(name.as_str())
                .and_then(|(id, ..)| facts.assessments.get(id))
                .into_iter()
                .flatten()
                .filter(|a| a.participant.is_none() && range.contains(a.date))
                .map(|a| a.score)
                .collect();
            let mut by_score: Vec<(f64, usize)> = Vec::new();
            for score in &anonymous {
                match by_score.iter_mut().find(|(s, _)| s == score) {
                    Some((_, n)) => *n += 1,
                    None => by_score.push((*score, 1)),
                }
            }
            by_score.sort_by(|a, b| a.0.total_cmp(&b.0));
            IndicatorSummary {
                indicator: display_name(bench, name),
                assessed,
                improved,
                percent_improved: (assessed > 0).then(|| 100.0 * improved as f64 / assessed as f64),
                mean_change,
                responses: anonymous.len(),
                by_score,
            }
        })
        .collect()
}

/// Each outcome logged in the period: for how many people, in how many
/// entries, and who noticed it.
fn outcome_summaries(bench: &Workbench, range: Range) -> Vec<OutcomeSummary> {
    let facts = &bench.facts;
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
    outcomes
}

/// Each month of the range: its sessions, attendances and people.
fn months(facts: &Facts, range: Range) -> Vec<Month> {
    let mut months: BTreeMap<String, (usize, u64, HashSet<Key>)> = BTreeMap::new();
    let mut day = range.start.with_day(1).unwrap_or(range.start);
    while day <= range.end {
        months.insert(day.format("%Y-%m").to_string(), (0, 0, HashSet::default()));
        day = day + chrono::Months::new(1);
    }
    let mut named_per_session: HashMap<usize, u64> = HashMap::default();
    for &(i, participant) in facts.attendance_between(range.start, range.end) {
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
    months
        .into_iter()
        .map(|(month, (sessions, attendances, people))| Month {
            month,
            sessions,
            attendances,
            participants: people.len(),
        })
        .collect()
}

/// The name as the organisation wrote it, from its lower-cased key.
fn display_name(bench: &Workbench, key: &str) -> String {
    bench
        .names
        .get(key)
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::suppressed;

    #[test]
    fn a_lone_small_count_takes_the_next_smallest_with_it() {
        // 12 + 14 + 1 of 27: "<5" alone would be 27 - 26 = 1.
        assert_eq!(suppressed(&[12, 14, 1], 5), [true, false, true]);
        assert_eq!(suppressed(&[12, 14, 30], 5), [false, false, false]);
        assert_eq!(
            suppressed(&[2, 3, 30], 5),
            [true, true, false],
            "two small ones hide each other"
        );
        assert_eq!(
            suppressed(&[1, 1, 30, 40], 5),
            [true, true, true, false],
            "two hidden 1s could only be 1 each: the next smallest is hidden too"
        );
    }

    /// The reader's sum: for each hidden count, the smallest and largest
    /// value the pack allows, found by trying every way the total left
    /// could be shared among the hidden cells.
    fn reader_bounds(counts: &[usize], hidden: &[bool], threshold: usize) -> Vec<(usize, usize)> {
        let left: usize = counts
            .iter()
            .zip(hidden)
            .filter(|(_, h)| **h)
            .map(|(c, _)| c)
            .sum();
        let ranges: Vec<(usize, usize)> = counts
            .iter()
            .zip(hidden)
            .filter(|(_, h)| **h)
            .map(|(&c, _)| {
                if c < threshold {
                    (1, threshold - 1)
                } else {
                    (threshold, left)
                }
            })
            .collect();
        let mut bounds = vec![(usize::MAX, 0); ranges.len()];
        fn share(
            ranges: &[(usize, usize)],
            left: usize,
            chosen: &mut Vec<usize>,
            bounds: &mut [(usize, usize)],
        ) {
            if chosen.len() == ranges.len() {
                if left == 0 {
                    for (b, &v) in bounds.iter_mut().zip(chosen.iter()) {
                        *b = (b.0.min(v), b.1.max(v));
                    }
                }
                return;
            }
            let (lo, hi) = ranges[chosen.len()];
            for v in lo..=hi.min(left) {
                chosen.push(v);
                share(ranges, left - v, chosen, bounds);
                chosen.pop();
            }
        }
        share(&ranges, left, &mut Vec::new(), &mut bounds);
        bounds
    }

    #[test]
    fn the_cases_a_reader_found_keep_two_values_each() {
        // Disability: Yes 4, Not known 4, No 11 of 19 (both small ones can
        // only be 4); ethnicity's five small counts adding up to 6.
        for counts in [
            vec![4, 4, 11],
            vec![1, 1, 1, 1, 2, 30],
            vec![3, 3, 3, 20],
            vec![4, 11],
        ] {
            let hidden = suppressed(&counts, 5);
            for (lo, hi) in reader_bounds(&counts, &hidden, 5) {
                assert!(
                    lo < hi,
                    "{counts:?} hidden as {hidden:?}: a count is {lo} for sure"
                );
            }
        }
    }

    proptest! {
        /// No hidden count can be worked out from the total, the counts
        /// shown and what `<5` and `*` say, unless the whole breakdown is
        /// hidden already (a group that small is small as a whole).
        #[test]
        fn no_hidden_count_can_be_worked_out(
            counts in proptest::collection::vec(0usize..14, 1..6),
            threshold in 2usize..7,
        ) {
            let hidden = suppressed(&counts, threshold);
            for (c, h) in counts.iter().zip(&hidden) {
                if *c > 0 && *c < threshold {
                    prop_assert!(*h, "a small count is always hidden: {counts:?}");
                }
                if *c == 0 {
                    prop_assert!(!*h, "a zero is shown: {counts:?}");
                }
            }
            let all_hidden = counts.iter().zip(&hidden).all(|(c, h)| *c == 0 || *h);
            if !all_hidden {
                for (lo, hi) in reader_bounds(&counts, &hidden, threshold) {
                    prop_assert!(lo < hi, "{counts:?} hidden as {hidden:?}: a count is {lo} for sure");
                }
            }
        }
    }
}
