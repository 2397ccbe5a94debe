//! `data.json`: the pack's figures for a machine to read (DESIGN "The
//! commissioner's desk"): every measure, every breakdown and every check,
//! exactly as the workbook shows them — a hidden count stays hidden (its
//! `<5` or `*`, never the number), a withheld figure is withheld — with the
//! provider, the agreement and the period. Versioned: a reader refuses a
//! version it does not know.

use serde_json::{json, Value};

use super::Contents;
use crate::measures::WITHHELD;

/// The version of `data.json` this Evident writes.
pub const DATA_VERSION: u32 = 1;

/// The pack's `data.json`.
pub fn of(c: &Contents) -> Value {
    let measures: Vec<Value> = c
        .report
        .rows
        .iter()
        .map(|r| {
            json!({
                "code": r.code,
                "measure": r.measure,
                "question": r.question.as_str(),
                "unit": r.unit.to_string(),
                "higher_is_better": r.higher_is_better,
                "baseline": r.baseline,
                "target": r.target,
                "this_period": r.this_period,
                "year_to_date": r.year_to_date,
                "variance": r.variance,
                "status": r.status.map(|s| s.as_str()),
                "withheld": c.withheld.contains(&r.code),
            })
        })
        .collect();
    let breakdowns: Vec<Value> = c
        .breakdowns
        .demographics
        .iter()
        .map(|d| {
            let withheld = d.categories.iter().all(|k| k.shown == WITHHELD);
            let categories: Vec<Value> = if withheld {
                Vec::new()
            } else {
                d.categories
                    .iter()
                    .map(|k| json!({ "label": k.label, "count": k.shown, "percent": k.percent }))
                    .collect()
            };
            json!({ "dimension": d.name, "withheld": withheld, "categories": categories })
        })
        .collect();
    let checks: Vec<Value> = c
        .checks
        .iter()
        .map(|k| json!({ "id": k.id, "question": k.title, "passed": k.passed(), "records": k.records }))
        .collect();
    json!({
        "format": "evident-pack-data",
        "version": DATA_VERSION,
        "generator": format!("Evident {}", crate::VERSION),
        "provider": { "name": c.organisation.name, "charity_number": c.organisation.charity_number },
        "agreement": { "reference": c.agreement.reference, "title": c.agreement.title, "funder": c.agreement.funder },
        "period": { "id": c.period.id, "start": c.period.start, "end": c.period.end, "due": c.period.due },
        "generated_at": c.generated_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "approved": c.approval.is_some(),
        "people": c.breakdowns.total,
        "small_number_threshold": c.breakdowns.threshold,
        "measures": measures,
        "breakdowns": breakdowns,
        "checks": checks,
    })
}
