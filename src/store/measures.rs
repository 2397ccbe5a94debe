//! An agreement's measures, their targets and typed (manual) values.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, Row};

use super::shared::{
    agreement_id, duplicate, find_measure, indicator_id, measure_id, outcome_id, programme_id,
    read_agreement_by_id, stored_word, Columns,
};
use super::Store;
use crate::error::{Error, Result};
use crate::filter::{Filter, FilterField};
use crate::key::Key;
use crate::periods;
use crate::records::{Calculation, ManualValue, Measure, Question, Unit};

/// A measure's columns, as the measure table holds them (its place in
/// the agreement's list aside, given when it is added).
fn columns(measure: &Measure, agreement: Key, links: (Option<Key>, Option<Key>)) -> Columns<'_> {
    Columns::new()
        .and("agreement_id", agreement)
        .and("code", measure.code.trim())
        .and("title", measure.title.trim())
        .and("question", measure.question.as_str())
        .and("calculation", measure.calculation.as_str())
        .and("indicator_id", links.0)
        .and("outcome_id", links.1)
        .and("min_sessions", measure.min_sessions)
        .and("threshold", measure.threshold)
        .and("rating", measure.rating)
        .and("filter", measure.filter.trim())
        .and("unit", measure.unit.as_str())
        .and("higher_is_better", measure.higher_is_better)
        .and("baseline", measure.baseline)
        .and("definition", &measure.definition)
        .and("no_target", measure.no_target)
}

impl Store {
    /// Adds a measure to its agreement, with its targets.
    pub fn add_measure(&mut self, measure: &Measure) -> Result<()> {
        measure.validate()?;
        let fy = self.organisation()?.fy_start_month;
        let bands = self.organisation()?.age_bands;
        self.write(|tx| {
            let agreement = agreement_id(tx, &measure.agreement)?;
            if find_measure(tx, agreement, &measure.code)?.is_some() {
                return Err(duplicate("measure", "code", &measure.code));
            }
            let (indicator, outcome) = measure_links(tx, measure, &bands)?;
            check_periods(tx, &measure.agreement, fy, measure.targets.keys())?;
            let id = Key::new();
            let position: i64 = tx.query_row(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM measure WHERE agreement_id = ?1",
                [agreement],
                |r| r.get(0),
            )?;
            columns(measure, agreement, (indicator, outcome))
                .and("position", position)
                .insert(tx, "measure", id)?;
            write_targets(tx, id, &measure.targets)
        })
    }

    /// Replaces the measure `code` of agreement `agreement`, targets included.
    pub fn update_measure(&mut self, agreement: &str, code: &str, measure: &Measure) -> Result<()> {
        measure.validate()?;
        let org = self.organisation()?;
        self.write(|tx| {
            let id = measure_id(tx, agreement, code)?;
            let new_agreement = agreement_id(tx, &measure.agreement)?;
            if find_measure(tx, new_agreement, &measure.code)?.is_some_and(|other| other != id) {
                return Err(duplicate("measure", "code", &measure.code));
            }
            let (indicator, outcome) = measure_links(tx, measure, &org.age_bands)?;
            check_periods(
                tx,
                &measure.agreement,
                org.fy_start_month,
                measure.targets.keys(),
            )?;
            columns(measure, new_agreement, (indicator, outcome)).update(tx, "measure", id)?;
            write_targets(tx, id, &measure.targets)
        })
    }

    /// Deletes a measure with its targets and values.
    pub fn delete_measure(&mut self, agreement: &str, code: &str) -> Result<()> {
        self.write(|tx| {
            let id = measure_id(tx, agreement, code)?;
            tx.execute("DELETE FROM measure WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// The measure `code` of agreement `agreement`.
    pub fn measure(&self, agreement: &str, code: &str) -> Result<Measure> {
        let id = measure_id(self.read(), agreement, code)?;
        read_measure(self.read(), id)
    }

    /// An agreement's measures in the order they were added.
    pub fn measures(&self, agreement: &str) -> Result<Vec<Measure>> {
        let agreement = agreement_id(self.read(), agreement)?;
        let ids: Vec<Key> = {
            let mut stmt = self
                .read()
                .prepare("SELECT id FROM measure WHERE agreement_id = ?1 ORDER BY position")?;
            let rows = stmt.query_map([agreement], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        ids.into_iter()
            .map(|id| read_measure(self.read(), id))
            .collect()
    }

    /// Sets (or with `None`, clears) one period's target for a measure.
    pub fn set_target(
        &mut self,
        agreement: &str,
        code: &str,
        period: &str,
        target: Option<f64>,
    ) -> Result<()> {
        let fy = self.organisation()?.fy_start_month;
        self.write(|tx| {
            let id = measure_id(tx, agreement, code)?;
            let period = check_periods(tx, agreement, fy, [period])?.remove(0);
            match target {
                Some(value) if !value.is_finite() => {
                    Err(Error::invalid("target", "must be a number"))
                }
                Some(value) => {
                    tx.execute(
                        "INSERT INTO target (measure_id, period, value) VALUES (?1, ?2, ?3)
                         ON CONFLICT (measure_id, period) DO UPDATE SET value = excluded.value",
                        params![id, period, value],
                    )?;
                    Ok(())
                }
                None => {
                    tx.execute(
                        "DELETE FROM target WHERE measure_id = ?1 AND period = ?2",
                        params![id, period],
                    )?;
                    Ok(())
                }
            }
        })
    }

    /// Sets the typed value of a manual measure for a period.
    pub fn set_manual_value(&mut self, value: &ManualValue) -> Result<()> {
        crate::records::check_text("note", &value.note, false, crate::records::LONG_TEXT_MAX)?;
        if !value.value.is_finite() {
            return Err(Error::invalid("value", "must be a number"));
        }
        let fy = self.organisation()?.fy_start_month;
        self.write(|tx| {
            let id = measure_id(tx, &value.agreement, &value.code)?;
            let calculation: String = tx.query_row("SELECT calculation FROM measure WHERE id = ?1", [id], |r| r.get(0))?;
            if calculation != Calculation::Manual.as_str() {
                return Err(Error::invalid(
                    "code",
                    format!("measure {} is computed ({calculation}), not typed; only manual measures take a value", value.code),
                ));
            }
            let period = check_periods(tx, &value.agreement, fy, [value.period.as_str()])?.remove(0);
            tx.execute(
                "INSERT INTO manual_value (measure_id, period, value, note) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (measure_id, period) DO UPDATE SET value = excluded.value, note = excluded.note",
                params![id, period, value.value, value.note],
            )?;
            Ok(())
        })
    }

    /// The typed values of an agreement's manual measures, by code then period.
    pub fn manual_values(&self, agreement: &str) -> Result<Vec<ManualValue>> {
        let id = agreement_id(self.read(), agreement)?;
        let mut stmt = self.read().prepare(
            "SELECT a.reference, m.code, v.period, v.value, v.note FROM manual_value v
             JOIN measure m ON m.id = v.measure_id JOIN agreement a ON a.id = m.agreement_id
             WHERE a.id = ?1 ORDER BY m.position, v.period",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(ManualValue {
                agreement: r.get(0)?,
                code: r.get(1)?,
                period: r.get(2)?,
                value: r.get(3)?,
                note: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The indicator or outcome a measure reads, checked to exist, and its
/// filter's values checked against the organisation's bands and programmes.
fn measure_links(
    conn: &Connection,
    m: &Measure,
    age_bands: &[String],
) -> Result<(Option<Key>, Option<Key>)> {
    let name = m
        .indicator
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let links = match (m.calculation, name) {
        (Calculation::OutcomeLogged, Some(name)) => (None, Some(outcome_id(conn, name)?)),
        (calc, Some(name)) if calc.needs_indicator() => (Some(indicator_id(conn, name)?), None),
        _ => (None, None),
    };
    let filter = Filter::parse(&m.filter)?;
    if let Some(bands) = filter.values(FilterField::AgeBand) {
        if let Some(bad) = bands.iter().find(|b| !age_bands.iter().any(|a| a == *b)) {
            return Err(Error::invalid(
                "filter",
                format!(
                    "{bad:?} is not one of the organisation's age bands: {}",
                    age_bands.join(", ")
                ),
            ));
        }
    }
    for programme in filter.values(FilterField::Programme).unwrap_or_default() {
        programme_id(conn, programme)?;
    }
    Ok(links)
}

/// Checks that each id is a period of the agreement; returns them as spelled there.
fn check_periods<'a>(
    conn: &Connection,
    agreement: &str,
    fy_start_month: u32,
    ids: impl IntoIterator<Item = &'a (impl AsRef<str> + 'a + ?Sized)>,
) -> Result<Vec<String>> {
    let id = agreement_id(conn, agreement)?;
    let agreement = read_agreement_by_id(conn, id)?;
    ids.into_iter()
        .map(|p| periods::find(&agreement, fy_start_month, p.as_ref()).map(|p| p.id))
        .collect()
}

fn write_targets(conn: &Connection, measure: Key, targets: &BTreeMap<String, f64>) -> Result<()> {
    conn.execute("DELETE FROM target WHERE measure_id = ?1", [measure])?;
    for (period, value) in targets {
        conn.execute(
            "INSERT INTO target (measure_id, period, value) VALUES (?1, ?2, ?3)",
            params![measure, period.trim(), value],
        )?;
    }
    Ok(())
}

fn read_measure(conn: &Connection, id: Key) -> Result<Measure> {
    let mut measure = conn.query_row(
        "SELECT a.reference, m.code, m.title, m.question, m.calculation, COALESCE(i.name, o.name), m.min_sessions,
         m.threshold, m.rating, m.filter, m.unit, m.higher_is_better, m.baseline, m.definition, m.no_target
         FROM measure m JOIN agreement a ON a.id = m.agreement_id
         LEFT JOIN indicator i ON i.id = m.indicator_id LEFT JOIN outcome o ON o.id = m.outcome_id
         WHERE m.id = ?1",
        [id],
        measure_row,
    )?;
    let mut stmt = conn.prepare_cached("SELECT period, value FROM target WHERE measure_id = ?1")?;
    measure.targets = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(measure)
}

fn measure_row(r: &Row) -> rusqlite::Result<Measure> {
    Ok(Measure {
        agreement: r.get(0)?,
        code: r.get(1)?,
        title: r.get(2)?,
        question: stored_word(r, 3, Question::parse)?,
        calculation: stored_word(r, 4, Calculation::parse)?,
        indicator: r.get(5)?,
        min_sessions: r.get(6)?,
        threshold: r.get(7)?,
        rating: r.get(8)?,
        filter: r.get(9)?,
        unit: stored_word(r, 10, Unit::parse)?,
        higher_is_better: r.get(11)?,
        baseline: r.get(12)?,
        definition: r.get(13)?,
        no_target: r.get(14)?,
        targets: BTreeMap::new(),
    })
}
