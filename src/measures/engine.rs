//! The calculations of DESIGN "Calculations", over the facts of one agreement.
//! Each returns the value and the records behind it (drill-through).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;
use std::rc::Rc;

use chrono::NaiveDate;

use crate::filter::{Filter, FilterField};
use crate::key::Key;
use crate::records::{Calculation, Measure, Organisation};
use crate::store::{Facts, ParticipantFact};

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Range {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

impl Range {
    /// Whether `day` falls in the range.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
}

/// A record behind a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    /// A participant, by row id.
    Participant(Key),
    /// A session, by index into the facts' sessions.
    Session(usize),
    /// An assessment, by row id.
    Assessment(i64),
    /// An outcome log entry, by row id.
    LogEntry(i64),
    /// A story, by row id.
    Story(i64),
}

/// A computed value and the records behind it.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// The value; `None` is n/a (an empty denominator, or no typed value).
    pub value: Option<f64>,
    /// The records counted (for a percentage, the numerator's).
    pub counted: Vec<Item>,
    /// For a percentage or an average, the records it is out of.
    pub out_of: Vec<Item>,
}

impl Tally {
    /// A count of the records `counted`.
    fn count(counted: Vec<Item>) -> Tally {
        Tally {
            value: Some(counted.len() as f64),
            counted,
            out_of: Vec::new(),
        }
    }
}

/// Participants as counted records, in order.
fn people(ids: impl Iterator<Item = Key>) -> Vec<Item> {
    let mut v: Vec<Item> = ids.map(Item::Participant).collect();
    v.sort();
    v
}

/// What the calculations need besides the facts: the indicator and outcome
/// each measure reads, and typed values.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Indicator row id, higher-is-better and meaningful change, by lower-cased name.
    pub indicators: HashMap<String, (Key, bool, f64)>,
    /// Outcome row id by lower-cased name.
    pub outcomes: HashMap<String, Key>,
    /// Manual measures' typed value for the range asked about, by measure code (lower-cased).
    pub manual: HashMap<String, Option<f64>>,
}

/// P for one range and filter: attendances per participant and per session.
type Attendance = Rc<(HashMap<Key, u32>, Vec<u32>)>;

/// The calculations over one agreement's facts.
pub struct Engine<'a> {
    org: &'a Organisation,
    facts: &'a Facts,
    inputs: &'a Inputs,
    programme_names: HashMap<Key, String>,
    memo: &'a Memo,
}

/// P by range and filter: most measures share one, and a trend's periods
/// share theirs (a first quarter's year to date is the quarter itself).
/// It depends on the facts alone, so engines over the same facts share it.
#[derive(Default)]
pub struct Memo(RefCell<HashMap<(Range, String), Attendance>>);

/// The participants of P with at least `min_sessions` attendances, in order.
fn regulars(p: &HashMap<Key, u32>, min_sessions: u32) -> Vec<Item> {
    let mut v: Vec<Item> = p
        .iter()
        .filter(|(_, n)| **n >= min_sessions)
        .map(|(id, _)| Item::Participant(*id))
        .collect();
    v.sort();
    v
}

fn percent(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

fn equals_any(value: &str, wanted: &[String]) -> bool {
    let value = value.trim();
    wanted.iter().any(|w| w.trim().eq_ignore_ascii_case(value))
}

impl<'a> Engine<'a> {
    /// An engine over `facts`, keeping what it works out about attendance
    /// in `memo`, which must have been used with these facts only.
    pub fn new(
        org: &'a Organisation,
        facts: &'a Facts,
        inputs: &'a Inputs,
        memo: &'a Memo,
    ) -> Self {
        Engine {
            org,
            facts,
            inputs,
            programme_names: facts.programmes.iter().cloned().collect(),
            memo,
        }
    }

    /// The age band of a participant on `day`.
    pub fn age_band(&self, p: &ParticipantFact, day: NaiveDate) -> Option<&'a str> {
        let age = day.years_since(p.date_of_birth?)?;
        self.org.age_band(age)
    }

    /// Whether a participant passes the filter's participant clauses, with
    /// age taken on `day`.
    pub fn matches(&self, p: &ParticipantFact, filter: &Filter, day: NaiveDate) -> bool {
        filter.clauses.iter().all(|c| match c.field {
            FilterField::AgeBand => self
                .age_band(p, day)
                .is_some_and(|b| equals_any(b, &c.values)),
            FilterField::Gender => equals_any(&p.gender, &c.values),
            FilterField::Ethnicity => equals_any(&p.ethnicity, &c.values),
            FilterField::Area => equals_any(&p.area, &c.values),
            FilterField::Disability => yes_no_matches(p.disability, &c.values),
            FilterField::Sen => yes_no_matches(p.sen, &c.values),
            FilterField::Group => p.groups.iter().any(|g| equals_any(g, &c.values)),
            FilterField::Programme => true,
        })
    }

    /// Whether a session's programme passes the filter's programme clause.
    fn session_passes(&self, index: usize, filter: &Filter) -> bool {
        match filter.values(FilterField::Programme) {
            None => true,
            Some(names) => self
                .programme_names
                .get(&self.facts.sessions[index].programme)
                .is_some_and(|n| equals_any(n, names)),
        }
    }

    /// Sessions in the range that pass the programme clause.
    fn sessions(&self, range: Range, filter: &Filter) -> Vec<usize> {
        (0..self.facts.sessions.len())
            .filter(|&i| {
                range.contains(self.facts.sessions[i].date) && self.session_passes(i, filter)
            })
            .collect()
    }

    /// P: each participant who passes the filter and attended a passing
    /// session in the range, with their number of attendances; and the
    /// number of P's attendances at each session (by index).
    fn attendance(&self, range: Range, filter: &Filter) -> Attendance {
        let key = (range, format!("{filter:?}"));
        if let Some(found) = self.memo.0.borrow().get(&key) {
            return Rc::clone(found);
        }
        let mut per_participant: HashMap<Key, u32> = HashMap::default();
        let mut per_session = vec![0u32; self.facts.sessions.len()];
        let mut passes: HashMap<Key, bool> = HashMap::default();
        let mut sessions_pass = vec![false; self.facts.sessions.len()];
        for i in self.facts.sessions_between(range.start, range.end) {
            sessions_pass[i] = self.session_passes(i, filter);
        }
        for &(session, participant) in self.facts.attendance_between(range.start, range.end) {
            if !sessions_pass[session] {
                continue;
            }
            let ok = *passes.entry(participant).or_insert_with(|| {
                self.facts
                    .participants
                    .get(&participant)
                    .is_some_and(|p| self.matches(p, filter, range.end))
            });
            if ok {
                *per_participant.entry(participant).or_default() += 1;
                per_session[session] += 1;
            }
        }
        let found = Rc::new((per_participant, per_session));
        self.memo.0.borrow_mut().insert(key, Rc::clone(&found));
        found
    }

    /// Participants in the agreement's scope: they pass the filter and came
    /// to its programmes on or before the range's end.
    fn in_scope(&self, participant: Key, filter: &Filter, range: Range) -> bool {
        (self.facts.came_before.contains(&participant)
            || self
                .facts
                .first_in_range
                .get(&participant)
                .is_some_and(|first| *first <= range.end))
            && self
                .facts
                .participants
                .get(&participant)
                .is_some_and(|p| self.matches(p, filter, range.end))
    }

    /// Computes `measure`, whose filter is `filter`, over `range`.
    pub fn evaluate(&self, measure: &Measure, filter: &Filter, range: Range) -> Tally {
        use Calculation::*;
        match measure.calculation {
            Participants
            | NewParticipants
            | Attendances
            | AverageAttendances
            | PercentAttendingMinSessions
            | PercentWith
            | PercentAttendancesWith => self.counting_attendance(measure, filter, range),
            Sessions | ContactHours | VolunteerHours => {
                self.counting_sessions(measure.calculation, filter, range)
            }
            Assessed | Improved | PercentImproved => {
                self.counting_improvement(measure, filter, range)
            }
            PercentRatingAtLeast => self.counting_ratings(measure, filter, range),
            OutcomeLogged => self.counting_outcome_log(measure, filter, range),
            Stories => self.counting_stories(filter, range),
            Manual => Tally {
                value: self
                    .inputs
                    .manual
                    .get(&measure.code.to_lowercase())
                    .copied()
                    .flatten(),
                counted: Vec::new(),
                out_of: Vec::new(),
            },
        }
    }

    /// The calculations over who came and how often.
    fn counting_attendance(&self, measure: &Measure, filter: &Filter, range: Range) -> Tally {
        let min_sessions = measure.min_sessions.unwrap_or(1);
        let found = self.attendance(range, filter);
        let came = &found.0;
        let named: u32 = came.values().sum();
        match measure.calculation {
            Calculation::Participants => Tally::count(regulars(came, min_sessions)),
            Calculation::NewParticipants => {
                Tally::count(people(came.keys().copied().filter(|id| {
                    !self.facts.came_before.contains(id)
                        && self
                            .facts
                            .first_in_range
                            .get(id)
                            .is_some_and(|d| range.contains(*d))
                })))
            }
            Calculation::Attendances => {
                let mut counted = people(came.keys().copied());
                let mut total = f64::from(named);
                if !filter.names_participant_field() {
                    for i in self.sessions(range, filter) {
                        let headcount = self.facts.sessions[i].headcount;
                        if headcount > 0 {
                            total += f64::from(headcount);
                            counted.push(Item::Session(i));
                        }
                    }
                }
                Tally {
                    value: Some(total),
                    counted,
                    out_of: Vec::new(),
                }
            }
            Calculation::AverageAttendances => {
                let out_of = people(came.keys().copied());
                Tally {
                    value: (!came.is_empty()).then(|| f64::from(named) / came.len() as f64),
                    counted: out_of.clone(),
                    out_of,
                }
            }
            Calculation::PercentAttendingMinSessions => {
                let counted = regulars(came, min_sessions);
                Tally {
                    value: percent(counted.len(), came.len()),
                    counted,
                    out_of: people(came.keys().copied()),
                }
            }
            _ => {
                // A share of everyone who came: of people, or of attendances.
                let everyone = self.attendance(range, &Filter::default());
                let all = &everyone.0;
                let (part, whole) = match measure.calculation {
                    Calculation::PercentAttendancesWith => {
                        let total = |m: &HashMap<Key, u32>| m.values().sum::<u32>() as usize;
                        (total(came), total(all))
                    }
                    _ => (came.len(), all.len()),
                };
                Tally {
                    value: percent(part, whole),
                    counted: people(came.keys().copied()),
                    out_of: people(all.keys().copied()),
                }
            }
        }
    }

    /// The calculations over the sessions that ran.
    fn counting_sessions(&self, calculation: Calculation, filter: &Filter, range: Range) -> Tally {
        let sessions = self.sessions(range, filter);
        match calculation {
            Calculation::ContactHours => {
                let found = self.attendance(range, filter);
                let per_session = &found.1;
                let with_headcount = !filter.names_participant_field();
                let mut hours = 0.0;
                let mut counted = Vec::new();
                for i in sessions {
                    let s = &self.facts.sessions[i];
                    let came = per_session[i] + if with_headcount { s.headcount } else { 0 };
                    if came > 0 {
                        hours += f64::from(s.minutes) / 60.0 * f64::from(came);
                        counted.push(Item::Session(i));
                    }
                }
                Tally {
                    value: Some(hours),
                    counted,
                    out_of: Vec::new(),
                }
            }
            Calculation::VolunteerHours => Tally {
                value: Some(
                    sessions
                        .iter()
                        .map(|&i| self.facts.sessions[i].volunteer_hours)
                        .sum(),
                ),
                counted: sessions.into_iter().map(Item::Session).collect(),
                out_of: Vec::new(),
            },
            _ => Tally::count(sessions.into_iter().map(Item::Session).collect()),
        }
    }

    /// Who was assessed, and who of them improved.
    fn counting_improvement(&self, measure: &Measure, filter: &Filter, range: Range) -> Tally {
        let (assessed, improved) = self.improvement(measure, filter, range);
        let assessed_items = people(assessed.iter().map(|(id, ..)| *id));
        let improved_items = people(improved.iter().copied());
        match measure.calculation {
            Calculation::Assessed => Tally::count(assessed_items),
            Calculation::Improved => Tally {
                value: Some(improved.len() as f64),
                counted: improved_items,
                out_of: assessed_items,
            },
            _ => Tally {
                value: percent(improved.len(), assessed.len()),
                counted: improved_items,
                out_of: assessed_items,
            },
        }
    }

    /// The share of ratings in the range at or above the measure's rating.
    fn counting_ratings(&self, measure: &Measure, filter: &Filter, range: Range) -> Tally {
        let rating = measure.rating.unwrap_or(f64::INFINITY);
        let named_only = filter.names_participant_field();
        let in_range: Vec<_> = self
            .scores_in(measure, range)
            .iter()
            .filter(|a| self.counts_here(a, range))
            .filter(|a| {
                !named_only
                    || a.participant
                        .and_then(|id| self.facts.participants.get(&id))
                        .is_some_and(|p| self.matches(p, filter, range.end))
            })
            .collect();
        let counted: Vec<Item> = in_range
            .iter()
            .filter(|a| a.score >= rating)
            .map(|a| Item::Assessment(a.id))
            .collect();
        Tally {
            value: percent(counted.len(), in_range.len()),
            counted,
            out_of: in_range.iter().map(|a| Item::Assessment(a.id)).collect(),
        }
    }

    /// The people with the measure's outcome logged in the range, and the
    /// entries that say so.
    fn counting_outcome_log(&self, measure: &Measure, filter: &Filter, range: Range) -> Tally {
        let outcome = measure
            .indicator
            .as_deref()
            .and_then(|name| self.inputs.outcomes.get(&name.trim().to_lowercase()));
        let entries = outcome.and_then(|id| self.facts.log_entries.get(id));
        let mut seen = HashSet::default();
        let mut counted = Vec::new();
        for e in entries.into_iter().flatten() {
            if range.contains(e.date) && self.in_scope(e.participant, filter, range) {
                counted.push(Item::LogEntry(e.id));
                seen.insert(e.participant);
            }
        }
        let mut items = people(seen.into_iter());
        let value = items.len() as f64;
        items.extend(counted);
        Tally {
            value: Some(value),
            counted: items,
            out_of: Vec::new(),
        }
    }

    /// The stories of the range that may be told, of the filter's programmes.
    fn counting_stories(&self, filter: &Filter, range: Range) -> Tally {
        let wanted = filter.values(FilterField::Programme);
        Tally::count(
            self.facts
                .stories
                .iter()
                .filter(|s| s.may_be_told() && range.contains(s.date))
                .filter(|s| {
                    s.programme
                        .and_then(|id| self.programme_names.get(&id))
                        .is_some_and(|name| wanted.is_none_or(|w| equals_any(name, w)))
                })
                .map(|s| Item::Story(s.id))
                .collect(),
        )
    }

    /// The row id of the measure's indicator.
    fn indicator_of(&self, measure: &Measure) -> Option<Key> {
        measure
            .indicator
            .as_deref()
            .and_then(|name| self.inputs.indicators.get(&name.trim().to_lowercase()))
            .map(|(id, ..)| *id)
    }

    /// Whether a score belongs to this agreement: tied to one of its
    /// programmes, or (untied and named) given by someone who came to them.
    /// Anonymous feedback tied elsewhere or nowhere is never loaded.
    fn counts_here(&self, a: &crate::store::AssessmentFact, range: Range) -> bool {
        match (a.programme, a.participant) {
            (Some(programme), _) => self.programme_names.contains_key(&programme),
            (None, Some(person)) => self.in_scope(person, &Filter::default(), range),
            (None, None) => false,
        }
    }

    /// The scores on the measure's indicator in `range`.
    fn scores_in(&self, measure: &Measure, range: Range) -> &'a [crate::store::AssessmentFact] {
        self.indicator_of(measure).map_or(&[][..], |id| {
            self.facts.scores_between(id, range.start, range.end)
        })
    }

    /// Who was assessed in the range (with their first-ever and latest
    /// in-range scores) and who of them improved.
    fn improvement(
        &self,
        measure: &Measure,
        filter: &Filter,
        range: Range,
    ) -> (Vec<(Key, f64, f64)>, Vec<Key>) {
        let Some(&(_, higher_is_better, meaningful)) = measure
            .indicator
            .as_deref()
            .and_then(|name| self.inputs.indicators.get(&name.trim().to_lowercase()))
        else {
            return (Vec::new(), Vec::new());
        };
        let threshold = measure.threshold.unwrap_or(meaningful);
        let Some(first) = self
            .indicator_of(measure)
            .and_then(|id| self.facts.first_scores.get(&id))
        else {
            return (Vec::new(), Vec::new());
        };
        // A follow-up is any score after the participant's first-ever one;
        // the scores are by date, so the last one seen is the latest.
        let mut latest: HashMap<Key, f64> = HashMap::default();
        for a in self.scores_in(measure, range) {
            let Some(p) = a.participant else { continue };
            if first.get(&p).is_some_and(|(id, _)| *id != a.id) {
                latest.insert(p, a.score);
            }
        }
        let mut assessed: Vec<(Key, f64, f64)> = latest
            .into_iter()
            .filter(|(p, _)| self.in_scope(*p, filter, range))
            .filter_map(|(p, last)| Some((p, first.get(&p)?.1, last)))
            .collect();
        assessed.sort_by_key(|(p, ..)| *p);
        let improved = assessed
            .iter()
            .filter(|(_, first, last)| {
                let change = if higher_is_better {
                    last - first
                } else {
                    first - last
                };
                change >= threshold - 1e-9
            })
            .map(|(p, ..)| *p)
            .collect();
        (assessed, improved)
    }

    /// The assessed participants' mean change (latest in range minus first),
    /// and counts, for one indicator by row id.
    pub fn indicator_summary(&self, indicator: &str, range: Range) -> (usize, usize, Option<f64>) {
        let measure = Measure {
            indicator: Some(indicator.to_string()),
            calculation: Calculation::Assessed,
            ..Measure::default()
        };
        let (assessed, improved) = self.improvement(&measure, &Filter::default(), range);
        let mean = (!assessed.is_empty()).then(|| {
            assessed
                .iter()
                .map(|(_, first, last)| last - first)
                .sum::<f64>()
                / assessed.len() as f64
        });
        (assessed.len(), improved.len(), mean)
    }

    /// P with no filter for the range: participant id → attendances.
    pub fn everyone(&self, range: Range) -> HashMap<Key, u32> {
        self.attendance(range, &Filter::default()).0.clone()
    }
}

fn yes_no_matches(value: Option<bool>, wanted: &[String]) -> bool {
    value.is_some_and(|v| {
        wanted
            .iter()
            .any(|w| crate::parse::yes_no("filter", w).ok() == Some(v))
    })
}
