//! What the desk's screens show, worked out from the packs' `data.json`:
//! completeness and timeliness, a measure across providers and periods,
//! who came by area, a provider's own return and what resubmissions
//! changed. Distinct counts of several providers are never added as if no
//! one went to two of them: their total is an upper bound, and says so.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{in_use, loaded, parsed, return_in_use, SheetCells};
use crate::error::{Error, Result};
use crate::pack::data::{PackData, PeriodData};
use crate::store::{DeskPack, DeskStore};

/// A period as a column of the desk's tables.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Column {
    /// Its last day (columns sort by it).
    pub end: NaiveDate,
    /// Its first day.
    pub start: NaiveDate,
    /// `2026-27 Q1`.
    pub id: String,
}

impl From<&PeriodData> for Column {
    fn from(p: &PeriodData) -> Column {
        Column {
            end: p.end,
            start: p.start,
            id: p.id.clone(),
        }
    }
}

/// Which providers' returns for which periods have arrived, and how late.
#[derive(Debug, Clone, Serialize)]
pub struct Completeness {
    /// The periods, oldest first: from the earliest return on the desk to
    /// the one running today.
    pub columns: Vec<Column>,
    /// One row per provider and agreement.
    pub rows: Vec<ReturnRow>,
}

/// One provider's returns for one agreement.
#[derive(Debug, Clone, Serialize)]
pub struct ReturnRow {
    /// The provider.
    pub provider: String,
    /// The agreement's reference.
    pub agreement: String,
    /// One per column.
    pub cells: Vec<Arrived>,
}

/// Where one return stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Arrived {
    /// `on_time`, `late`, `missing`, `not_yet_due` or `not_expected` (the
    /// agreement has no such period).
    pub state: &'static str,
    /// Days late (arrived late, or missing past its due day).
    pub days_late: i64,
    /// The day the provider wrote the pack that first arrived.
    pub made_on: Option<NaiveDate>,
    /// When it was due.
    pub due: Option<NaiveDate>,
    /// Whether a newer pack replaced the first.
    pub resubmitted: bool,
    /// In words: `Late by 12 days, resubmitted`.
    pub word: String,
}

/// Which returns arrived, on time or how late, and which are missing, on `today`.
pub fn completeness(desk: &DeskStore, today: NaiveDate) -> Result<Completeness> {
    let packs = loaded(desk)?;
    let returns = returns_of(&packs);
    let first = packs.iter().map(|(_, d)| d.period.start).min();
    let mut columns = BTreeSet::new();
    for r in returns.values() {
        for p in &r.expected {
            if first.is_some_and(|f| p.start >= f) && p.start <= today {
                columns.insert(Column::from(p));
            }
        }
    }
    let columns: Vec<Column> = columns.into_iter().collect();
    let rows = returns
        .iter()
        .map(|((provider, agreement), r)| ReturnRow {
            provider: provider.clone(),
            agreement: agreement.clone(),
            cells: columns.iter().map(|c| arrived(r, c, today)).collect(),
        })
        .collect();
    Ok(Completeness { columns, rows })
}

/// One provider's packs for one agreement.
struct Returns<'p> {
    /// The agreement's periods, as its newest pack lists them.
    expected: Vec<PeriodData>,
    /// Its packs by period id, oldest first.
    packs: BTreeMap<String, Vec<&'p (DeskPack, PackData)>>,
}

/// The packs grouped by provider and agreement.
fn returns_of(packs: &[(DeskPack, PackData)]) -> BTreeMap<(String, String), Returns<'_>> {
    let mut returns: BTreeMap<(String, String), Returns> = BTreeMap::new();
    for p in packs {
        let r = returns
            .entry((p.0.provider.clone(), p.0.agreement.clone()))
            .or_insert_with(|| Returns {
                expected: Vec::new(),
                packs: BTreeMap::new(),
            });
        // Packs come oldest first: the last one's periods stand.
        r.expected = p.1.periods.clone();
        r.packs.entry(p.0.period.clone()).or_default().push(p);
    }
    returns
}

fn arrived(r: &Returns, column: &Column, today: NaiveDate) -> Arrived {
    let Some(period) = r
        .expected
        .iter()
        .find(|p| p.start == column.start && p.end == column.end)
    else {
        return Arrived {
            state: "not_expected",
            days_late: 0,
            made_on: None,
            due: None,
            resubmitted: false,
            word: "–".into(),
        };
    };
    let due = period.due;
    let packs = r.packs.get(&period.id);
    let Some(first) = packs.and_then(|p| p.first()) else {
        let days = (today - due).num_days();
        let (state, word) = if days > 0 {
            ("missing", format!("Missing, {} overdue", days_words(days)))
        } else {
            ("not_yet_due", format!("Due {}", due.format("%-d %B %Y")))
        };
        return Arrived {
            state,
            days_late: days.max(0),
            made_on: None,
            due: Some(due),
            resubmitted: false,
            word,
        };
    };
    let made_on = first.0.generated_at.date();
    let days = (made_on - due).num_days();
    let resubmitted = packs.is_some_and(|p| p.len() > 1);
    let (state, mut word) = if days > 0 {
        ("late", format!("Late by {}", days_words(days)))
    } else {
        ("on_time", "On time".to_string())
    };
    if resubmitted {
        word.push_str(", resubmitted");
    }
    Arrived {
        state,
        days_late: days.max(0),
        made_on: Some(made_on),
        due: Some(due),
        resubmitted,
        word,
    }
}

fn days_words(days: i64) -> String {
    if days == 1 {
        "1 day".into()
    } else {
        format!("{days} days")
    }
}

/// A measure the desk's packs report.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureChoice {
    /// Its code.
    pub code: String,
    /// Its title.
    pub title: String,
}

/// Every measure in the packs in use, by code, in the order first met.
pub fn measures(desk: &DeskStore) -> Result<Vec<MeasureChoice>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (_, d) in in_use(desk)? {
        for m in d.measures {
            if seen.insert(m.code.clone()) {
                out.push(MeasureChoice {
                    code: m.code,
                    title: m.measure,
                });
            }
        }
    }
    Ok(out)
}

/// How a measure's figures of several providers make a total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TotalRule {
    /// They add up: sessions, attendances, hours, stories.
    Adds,
    /// A count of distinct people: the sum is at most the people reached,
    /// since someone may have gone to two providers.
    UpTo,
    /// Shares and averages: not added.
    NotAdded,
}

impl TotalRule {
    /// The rule for a measure worked out by `calculation`.
    pub fn of(calculation: &str) -> TotalRule {
        match calculation {
            "sessions" | "attendances" | "contact_hours" | "volunteer_hours" | "stories" => {
                TotalRule::Adds
            }
            "average_attendances"
            | "percent_attending_min_sessions"
            | "percent_with"
            | "percent_attendances_with"
            | "percent_improved"
            | "percent_rating_at_least" => TotalRule::NotAdded,
            // People, and figures typed in whose meaning the desk cannot know.
            _ => TotalRule::UpTo,
        }
    }

    /// The rule explained, for under the table.
    pub fn explained(self) -> &'static str {
        match self {
            TotalRule::Adds => "Counts of sessions, attendances and hours add up across providers.",
            TotalRule::UpTo => "A count of people is totalled as \"up to\": someone who went to two providers is counted by both, so the people reached may be fewer.",
            TotalRule::NotAdded => "Shares and averages are not added across providers.",
        }
    }
}

/// A total across providers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Total {
    /// The sum of the figures shown.
    pub value: Option<f64>,
    /// Whether it is an upper bound (a count of distinct people).
    pub up_to: bool,
    /// How many figures were hidden or withheld, and so not in it.
    pub hidden: usize,
    /// In words: `up to 240`, `up to 23 + 2 hidden`.
    pub word: String,
}

impl Total {
    fn of(values: &[Option<f64>], hidden: usize, rule: TotalRule, unit: &str) -> Total {
        if rule == TotalRule::NotAdded {
            return Total {
                value: None,
                up_to: false,
                hidden,
                word: "not added".into(),
            };
        }
        let shown: Vec<f64> = values.iter().flatten().copied().collect();
        let value = (!shown.is_empty()).then(|| shown.iter().sum::<f64>());
        let up_to = rule == TotalRule::UpTo;
        let mut word = match value {
            Some(v) if up_to => format!("up to {}", figure(v, unit)),
            Some(v) => figure(v, unit),
            None => "–".into(),
        };
        if hidden > 0 {
            word = match value {
                Some(_) => format!("{word} + {hidden} hidden"),
                None => format!("{hidden} hidden"),
            };
        }
        Total {
            value,
            up_to,
            hidden,
            word,
        }
    }
}

/// A figure as the desk shows it: a share with `%`, money with `£`, whole
/// numbers without decimals.
pub fn figure(v: f64, unit: &str) -> String {
    let number = if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    };
    match unit {
        "percent" => format!("{number}%"),
        "currency" => format!("£{number}"),
        _ => number,
    }
}

/// One measure across providers and periods.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureAcross {
    /// Its code.
    pub code: String,
    /// Its title.
    pub title: String,
    /// Its unit.
    pub unit: String,
    /// How its figures total.
    pub rule: TotalRule,
    /// The rule in words.
    pub rule_explained: &'static str,
    /// The periods.
    pub columns: Vec<Column>,
    /// One line per provider and agreement.
    pub rows: Vec<MeasureLine>,
    /// The total of each period.
    pub totals: Vec<Total>,
}

/// One provider's figures for the measure.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureLine {
    /// The provider.
    pub provider: String,
    /// The agreement's reference.
    pub agreement: String,
    /// One per column: none where no return for it is on the desk.
    pub cells: Vec<Option<MeasureCell>>,
}

/// A provider's figure for a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureCell {
    /// This period's value.
    pub value: Option<f64>,
    /// The target.
    pub target: Option<f64>,
    /// `green`, `amber` or `red`.
    pub status: Option<String>,
    /// Withheld by the provider's pack, since it would give away a hidden count.
    pub withheld: bool,
    /// As shown: `45%`, `withheld`, `n/a`.
    pub shown: String,
    /// The target as shown: `60%`.
    pub target_shown: Option<String>,
}

/// The measure with `code` across every provider and period on the desk.
pub fn measure_across(desk: &DeskStore, code: &str) -> Result<MeasureAcross> {
    let packs = in_use(desk)?;
    let first = packs
        .iter()
        .find_map(|(_, d)| {
            d.measures
                .iter()
                .find(|m| m.code.eq_ignore_ascii_case(code.trim()))
        })
        .ok_or_else(|| {
            let codes: BTreeSet<String> = packs
                .iter()
                .flat_map(|(_, d)| d.measures.iter().map(|m| m.code.clone()))
                .collect();
            Error::invalid(
                "measure",
                format!(
                    "no pack on the desk reports a measure {code:?}; the measures are {}",
                    codes.into_iter().collect::<Vec<_>>().join(", ")
                ),
            )
        })?
        .clone();
    let has = |d: &PackData| d.measures.iter().any(|m| m.code == first.code);
    let columns: Vec<Column> = packs
        .iter()
        .filter(|(_, d)| has(d))
        .map(|(_, d)| Column::from(&d.period))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut lines: BTreeMap<(String, String), Vec<Option<MeasureCell>>> = BTreeMap::new();
    for (p, d) in &packs {
        let Some(m) = d.measures.iter().find(|m| m.code == first.code) else {
            continue;
        };
        let at = columns
            .iter()
            .position(|c| *c == Column::from(&d.period))
            .unwrap_or_default();
        let cells = lines
            .entry((p.provider.clone(), p.agreement.clone()))
            .or_insert_with(|| vec![None; columns.len()]);
        cells[at] = Some(MeasureCell {
            value: m.this_period,
            target: m.target,
            status: m.status.clone(),
            withheld: m.withheld,
            target_shown: m.target.map(|t| figure(t, &m.unit)),
            shown: if m.withheld {
                "withheld".into()
            } else {
                m.this_period.map_or("n/a".into(), |v| figure(v, &m.unit))
            },
        });
    }
    let rule = TotalRule::of(&first.calculation);
    let totals = (0..columns.len())
        .map(|i| {
            let cells: Vec<&MeasureCell> = lines.values().filter_map(|c| c[i].as_ref()).collect();
            let values: Vec<Option<f64>> = cells.iter().map(|c| c.value).collect();
            let hidden = cells.iter().filter(|c| c.withheld).count();
            Total::of(&values, hidden, rule, &first.unit)
        })
        .collect();
    Ok(MeasureAcross {
        code: first.code.clone(),
        title: first.measure.clone(),
        unit: first.unit.clone(),
        rule,
        rule_explained: rule.explained(),
        columns,
        rows: lines
            .into_iter()
            .map(|((provider, agreement), cells)| MeasureLine {
                provider,
                agreement,
                cells,
            })
            .collect(),
        totals,
    })
}

/// Who came, by area, across providers, for one period.
#[derive(Debug, Clone, Serialize)]
pub struct Areas {
    /// The periods there are returns for, oldest first.
    pub periods: Vec<String>,
    /// The period shown.
    pub period: Option<String>,
    /// The providers (and agreements) with a return for it: the columns.
    pub providers: Vec<(String, String)>,
    /// One row per area.
    pub rows: Vec<AreaRow>,
    /// Each provider's people in the period.
    pub people: Vec<usize>,
    /// Everyone, across providers: an upper bound.
    pub people_total: Total,
    /// How the totals are to be read.
    pub explained: String,
}

/// One area's counts across providers.
#[derive(Debug, Clone, Serialize)]
pub struct AreaRow {
    /// The area (ward or locality), as the providers wrote it.
    pub area: String,
    /// Each provider's count as its pack shows it: a number, `<5`, `*`,
    /// or empty where none came from the area.
    pub cells: Vec<String>,
    /// Across providers: up to the sum of the counts shown, marked when
    /// counts were hidden.
    pub total: Total,
}

/// The breakdown by area for `period` (the latest when none), across providers.
pub fn areas(desk: &DeskStore, period: Option<&str>) -> Result<Areas> {
    let packs = in_use(desk)?;
    let periods: Vec<String> = packs
        .iter()
        .map(|(_, d)| Column::from(&d.period))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let periods = first_of_each(periods);
    let chosen = match period {
        Some(p) => Some(
            periods
                .iter()
                .find(|id| id.eq_ignore_ascii_case(p.trim()))
                .cloned()
                .ok_or_else(|| {
                    Error::invalid(
                        "period",
                        format!(
                            "no return on the desk is for {p:?}; the periods are {}",
                            periods.join(", ")
                        ),
                    )
                })?,
        ),
        None => periods.last().cloned(),
    };
    let of_period: Vec<&(DeskPack, PackData)> = packs
        .iter()
        .filter(|(p, _)| Some(&p.period) == chosen.as_ref())
        .collect();
    let providers: Vec<(String, String)> = of_period
        .iter()
        .map(|(p, _)| (p.provider.clone(), p.agreement.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut people = vec![0; providers.len()];
    for (p, d) in &of_period {
        let at = providers
            .iter()
            .position(|w| w.0 == p.provider && w.1 == p.agreement)
            .unwrap_or_default();
        people[at] = d.people;
        let area = d.breakdowns.iter().find(|b| b.dimension == "Area");
        for k in area.map(|a| a.categories.as_slice()).unwrap_or_default() {
            rows.entry(k.label.clone())
                .or_insert_with(|| vec![String::new(); providers.len()])[at] = k.count.clone();
        }
    }
    let rows = rows
        .into_iter()
        .map(|(area, cells)| {
            let values: Vec<Option<f64>> = cells.iter().map(|c| c.parse().ok()).collect();
            let hidden = cells
                .iter()
                .filter(|c| !c.is_empty() && c.parse::<f64>().is_err())
                .count();
            let total = Total::of(&values, hidden, TotalRule::UpTo, "number");
            AreaRow { area, cells, total }
        })
        .collect();
    let people_values: Vec<Option<f64>> = people.iter().map(|n| Some(*n as f64)).collect();
    Ok(Areas {
        periods,
        period: chosen,
        providers,
        rows,
        people_total: Total::of(&people_values, 0, TotalRule::UpTo, "number"),
        people,
        explained: format!(
            "{} A count shown as <5 or * was hidden by its provider to protect individuals; a total marked \"+ N hidden\" leaves those counts out.",
            TotalRule::UpTo.explained()
        ),
    })
}

/// A provider's own return, as its pack's sheets show it.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderReturn {
    /// The provider.
    pub provider: String,
    /// The agreement's reference.
    pub agreement: String,
    /// The period.
    pub period: String,
    /// When the provider wrote the pack in use.
    pub generated_at: NaiveDateTime,
    /// When it was brought in.
    pub brought_in_at: NaiveDateTime,
    /// Whether it was approved before it was sent.
    pub approved: bool,
    /// The pack's file name.
    pub file: String,
    /// The sheets the desk keeps.
    pub sheets: Vec<SheetCells>,
    /// When each pack it replaced was written, oldest first.
    pub replaced: Vec<NaiveDateTime>,
}

/// The return in use for `provider`, `agreement` and `period`.
pub fn provider_return(
    desk: &DeskStore,
    provider: &str,
    agreement: &str,
    period: &str,
) -> Result<ProviderReturn> {
    let pack = return_in_use(desk, provider, agreement, period)?;
    let data = parsed(&pack)?;
    let sheets: Vec<SheetCells> =
        serde_json::from_str(&pack.sheets).map_err(|e| Error::BadStoredValue {
            what: format!("the desk's pack {}", pack.file_name),
            why: format!("its sheets cannot be read ({e}); bring the pack in again"),
        })?;
    let replaced = desk
        .packs()?
        .into_iter()
        .filter(|p| {
            p.replaced_by.is_some()
                && p.provider == pack.provider
                && p.agreement == pack.agreement
                && p.period == pack.period
        })
        .map(|p| p.generated_at)
        .collect();
    Ok(ProviderReturn {
        provider: pack.provider,
        agreement: pack.agreement,
        period: pack.period,
        generated_at: pack.generated_at,
        brought_in_at: pack.brought_in_at,
        approved: data.approved,
        file: pack.file_name,
        sheets,
        replaced,
    })
}

/// A pack that replaced another, and what it changed.
#[derive(Debug, Clone, Serialize)]
pub struct Resubmission {
    /// The provider.
    pub provider: String,
    /// The agreement's reference.
    pub agreement: String,
    /// The period.
    pub period: String,
    /// When the replaced pack was written.
    pub was_written: NaiveDateTime,
    /// When the newer one was.
    pub now_written: NaiveDateTime,
    /// Each figure that differs.
    pub changes: Vec<Changed>,
}

/// One figure a resubmission changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changed {
    /// `CYP1 this period`, `Area: Eastfield`, `People`.
    pub what: String,
    /// As the replaced pack showed it.
    pub was: String,
    /// As the newer one shows it.
    pub now: String,
}

/// Every resubmission on the desk, oldest first.
pub fn changes(desk: &DeskStore) -> Result<Vec<Resubmission>> {
    let packs = loaded(desk)?;
    let by_id: BTreeMap<i64, &(DeskPack, PackData)> = packs.iter().map(|p| (p.0.id, p)).collect();
    Ok(packs
        .iter()
        .filter_map(|(old, was)| {
            let (new, now) = by_id.get(&old.replaced_by?)?;
            (new.generated_at >= old.generated_at).then(|| resubmission(old, was, new, now))
        })
        .collect())
}

/// What `new` changed from `old`.
pub(super) fn resubmission(
    old: &DeskPack,
    was: &PackData,
    new: &DeskPack,
    now: &PackData,
) -> Resubmission {
    let mut changes = Vec::new();
    let mut differs = |what: String, a: String, b: String| {
        if a != b {
            changes.push(Changed {
                what,
                was: a,
                now: b,
            });
        }
    };
    differs(
        "People".into(),
        was.people.to_string(),
        now.people.to_string(),
    );
    differs(
        "Approved".into(),
        yes_no(was.approved),
        yes_no(now.approved),
    );
    let shown = |d: &PackData, code: &str, field: &str| -> String {
        let Some(m) = d.measures.iter().find(|m| m.code == code) else {
            return "–".into();
        };
        let v = match field {
            "this period" if m.withheld => return "withheld".into(),
            "this period" => m.this_period,
            "year to date" => m.year_to_date,
            _ => m.target,
        };
        v.map_or("n/a".into(), |v| figure(v, &m.unit))
    };
    let codes: Vec<&String> = was
        .measures
        .iter()
        .chain(&now.measures)
        .map(|m| &m.code)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for code in codes {
        for field in ["this period", "year to date", "target"] {
            differs(
                format!("{code} {field}"),
                shown(was, code, field),
                shown(now, code, field),
            );
        }
    }
    let counts = |d: &PackData| -> BTreeMap<String, String> {
        d.breakdowns
            .iter()
            .flat_map(|b| {
                b.categories
                    .iter()
                    .map(move |k| (format!("{}: {}", b.dimension, k.label), k.count.clone()))
            })
            .collect()
    };
    let (a, b) = (counts(was), counts(now));
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for k in keys {
        let get = |m: &BTreeMap<String, String>| m.get(k).cloned().unwrap_or_else(|| "–".into());
        differs(k.clone(), get(&a), get(&b));
    }
    Resubmission {
        provider: new.provider.clone(),
        agreement: new.agreement.clone(),
        period: new.period.clone(),
        was_written: old.generated_at,
        now_written: new.generated_at,
        changes,
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// `ids` with each kept once, where it first stands (two agreements may
/// give the same id to periods of different days).
fn first_of_each(ids: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(id.clone()))
        .collect()
}
