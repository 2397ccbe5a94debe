//! Where a mapped cell takes its value from, written in words
//! (`measure CYP1 this period`, `finance Staff costs budget`): DESIGN's
//! grammar, read and written back.

use std::fmt;

use crate::error::{Error, Result};

/// A measure's figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// This period's value.
    ThisPeriod,
    /// The value over the year to date.
    YearToDate,
    /// This period's target.
    Target,
    /// This period's value minus its target.
    Variance,
    /// Green, amber or red.
    Status,
    /// Where it started.
    Baseline,
}

/// One of the breakdowns of the period's participants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// Age band at the period's end.
    AgeBand,
    /// Gender.
    Gender,
    /// Ethnicity.
    Ethnicity,
    /// Area.
    Area,
}

/// One of a measure's turn-the-curve notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurvePart {
    /// The story behind the curve.
    Story,
    /// Partners with a role in turning it.
    Partners,
    /// What works.
    WhatWorks,
    /// What we will do next.
    Next,
}

/// A finance line's figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Money {
    /// The budget.
    Budget,
    /// The actual spend.
    Actual,
    /// Budget less actual.
    Variance,
}

/// What the cell takes of a milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestonePart {
    /// Where it stands.
    Status,
    /// Its note for the period.
    Note,
}

/// A detail of the organisation, its contact, the agreement, the period or
/// the sign-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The organisation's name.
    OrganisationName,
    /// Its charity number.
    CharityNumber,
    /// The contact for returns: their name.
    ContactName,
    /// Their role.
    ContactRole,
    /// Their email.
    ContactEmail,
    /// Their phone.
    ContactPhone,
    /// The agreement's reference.
    AgreementReference,
    /// Its title.
    AgreementTitle,
    /// Its value.
    AgreementValue,
    /// The period's name (`2026-27 Q1`).
    PeriodName,
    /// Its first day.
    PeriodStart,
    /// Its last day.
    PeriodEnd,
    /// The day its return is due.
    PeriodDue,
    /// Who approved the return.
    ApprovedBy,
    /// Their role.
    ApproverRole,
    /// The day it was approved.
    ApprovedOn,
}

/// A cell's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `measure CODE this period|year to date|target|variance|status|baseline`.
    Measure { code: String, figure: Figure },
    /// `breakdown CODE age band|gender|ethnicity|area VALUE`.
    Breakdown {
        code: String,
        dimension: Dimension,
        value: String,
    },
    /// `narrative HEADING`.
    Narrative { heading: String },
    /// `curve CODE story|partners|what works|next`.
    Curve { code: String, part: CurvePart },
    /// `finance HEADING budget|actual|variance`.
    Finance { heading: String, money: Money },
    /// `finance total budget|actual`.
    FinanceTotal { money: Money },
    /// `milestone TITLE status|note`.
    Milestone { title: String, part: MilestonePart },
    /// The organisation, contact, agreement, period and sign-off.
    Detail(Detail),
}

const FIGURES: [(&str, Figure); 6] = [
    ("this period", Figure::ThisPeriod),
    ("year to date", Figure::YearToDate),
    ("target", Figure::Target),
    ("variance", Figure::Variance),
    ("status", Figure::Status),
    ("baseline", Figure::Baseline),
];

const DIMENSIONS: [(&str, Dimension); 4] = [
    ("age band", Dimension::AgeBand),
    ("gender", Dimension::Gender),
    ("ethnicity", Dimension::Ethnicity),
    ("area", Dimension::Area),
];

const CURVE_PARTS: [(&str, CurvePart); 4] = [
    ("story", CurvePart::Story),
    ("partners", CurvePart::Partners),
    ("what works", CurvePart::WhatWorks),
    ("next", CurvePart::Next),
];

const MONEY: [(&str, Money); 3] = [
    ("budget", Money::Budget),
    ("actual", Money::Actual),
    ("variance", Money::Variance),
];

const MILESTONE_PARTS: [(&str, MilestonePart); 2] = [
    ("status", MilestonePart::Status),
    ("note", MilestonePart::Note),
];

/// Every detail in words, as a source names it.
pub const DETAILS: [(&str, Detail); 16] = [
    ("organisation name", Detail::OrganisationName),
    ("organisation charity number", Detail::CharityNumber),
    ("contact name", Detail::ContactName),
    ("contact role", Detail::ContactRole),
    ("contact email", Detail::ContactEmail),
    ("contact phone", Detail::ContactPhone),
    ("agreement reference", Detail::AgreementReference),
    ("agreement title", Detail::AgreementTitle),
    ("agreement value", Detail::AgreementValue),
    ("period name", Detail::PeriodName),
    ("period start", Detail::PeriodStart),
    ("period end", Detail::PeriodEnd),
    ("period due", Detail::PeriodDue),
    ("approved by", Detail::ApprovedBy),
    ("approver role", Detail::ApproverRole),
    ("approved on", Detail::ApprovedOn),
];

/// The word of `value` in `table`.
fn word_of<T: PartialEq + Copy>(table: &[(&'static str, T)], value: T) -> &'static str {
    table
        .iter()
        .find(|(_, v)| *v == value)
        .map(|(w, _)| *w)
        .unwrap_or_default()
}

/// `text` without the first of `table`'s words it ends with, and that word's value.
fn ending<'t, T: Copy>(text: &'t str, table: &[(&'static str, T)]) -> Option<(&'t str, T)> {
    let lower = text.to_lowercase();
    table.iter().find_map(|(word, value)| {
        let rest = lower.strip_suffix(word)?;
        (rest.is_empty() || rest.ends_with(' ')).then(|| (text[..rest.len()].trim_end(), *value))
    })
}

/// `text` without the first of `table`'s words it starts with, and that word's value.
fn starting<'t, T: Copy>(text: &'t str, table: &[(&'static str, T)]) -> Option<(&'t str, T)> {
    let lower = text.to_lowercase();
    table.iter().find_map(|(word, value)| {
        let rest = lower.strip_prefix(word)?;
        (rest.is_empty() || rest.starts_with(' '))
            .then(|| (text[word.len()..].trim_start(), *value))
    })
}

/// The refusal of a source that is not in the grammar, with what it should look like.
fn unreadable(text: &str, shape: &str) -> Error {
    Error::invalid(
        "source",
        format!("{text:?} is not a source Evident knows: write it as {shape}"),
    )
}

/// The first word of `text` and the rest.
fn first_word(text: &str) -> (&str, &str) {
    match text.split_once(' ') {
        Some((first, rest)) => (first, rest.trim_start()),
        None => (text, ""),
    }
}

impl Source {
    /// Reads a source in words (any case, spaces between words as written).
    pub fn parse(text: &str) -> Result<Source> {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let (kind, rest) = first_word(&text);
        let shaped = |shape: &str| unreadable(&text, shape);
        match kind.to_lowercase().as_str() {
            "measure" => {
                let (code, figure) = ending(rest, &FIGURES).filter(|(c, _)| !c.is_empty() && !c.contains(' ')).ok_or_else(|| {
                    shaped("measure CODE this period, year to date, target, variance, status or baseline (measure CYP1 this period)")
                })?;
                Ok(Source::Measure { code: code.to_string(), figure })
            }
            "breakdown" => {
                let (code, rest) = first_word(rest);
                let (value, dimension) = starting(rest, &DIMENSIONS)
                    .filter(|(v, _)| !code.is_empty() && !v.is_empty())
                    .ok_or_else(|| shaped("breakdown CODE age band, gender, ethnicity or area, then the value (breakdown CYP1 age band 5-10)"))?;
                Ok(Source::Breakdown { code: code.to_string(), dimension, value: value.to_string() })
            }
            "narrative" if !rest.is_empty() => Ok(Source::Narrative { heading: rest.to_string() }),
            "narrative" => Err(shaped("narrative and the heading (narrative What went well?)")),
            "curve" => {
                let (code, part) = ending(rest, &CURVE_PARTS).filter(|(c, _)| !c.is_empty() && !c.contains(' ')).ok_or_else(|| {
                    shaped("curve CODE story, partners, what works or next (curve CYP1 what works)")
                })?;
                Ok(Source::Curve { code: code.to_string(), part })
            }
            "finance" => {
                let (heading, money) = ending(rest, &MONEY).filter(|(h, _)| !h.is_empty()).ok_or_else(|| {
                    shaped("finance and the cost heading, then budget, actual or variance (finance Staff costs actual), or finance total budget or actual")
                })?;
                if heading.eq_ignore_ascii_case("total") {
                    Ok(Source::FinanceTotal { money })
                } else {
                    Ok(Source::Finance { heading: heading.to_string(), money })
                }
            }
            "milestone" => {
                let (title, part) = ending(rest, &MILESTONE_PARTS).filter(|(t, _)| !t.is_empty()).ok_or_else(|| {
                    shaped("milestone and its title, then status or note (milestone Parents' forum set up status)")
                })?;
                Ok(Source::Milestone { title: title.to_string(), part })
            }
            _ => DETAILS
                .iter()
                .find(|(words, _)| words.eq_ignore_ascii_case(&text))
                .map(|(_, d)| Source::Detail(*d))
                .ok_or_else(|| {
                    shaped("one of: measure, breakdown, narrative, curve, finance, milestone, organisation name, contact name, agreement reference, period start, approved by (and the others docs/funder-form.md lists)")
                }),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Measure { code, figure } => {
                write!(f, "measure {code} {}", word_of(&FIGURES, *figure))
            }
            Source::Breakdown {
                code,
                dimension,
                value,
            } => {
                write!(
                    f,
                    "breakdown {code} {} {value}",
                    word_of(&DIMENSIONS, *dimension)
                )
            }
            Source::Narrative { heading } => write!(f, "narrative {heading}"),
            Source::Curve { code, part } => {
                write!(f, "curve {code} {}", word_of(&CURVE_PARTS, *part))
            }
            Source::Finance { heading, money } => {
                write!(f, "finance {heading} {}", word_of(&MONEY, *money))
            }
            Source::FinanceTotal { money } => {
                write!(f, "finance total {}", word_of(&MONEY, *money))
            }
            Source::Milestone { title, part } => {
                write!(f, "milestone {title} {}", word_of(&MILESTONE_PARTS, *part))
            }
            Source::Detail(d) => f.write_str(word_of(&DETAILS, *d)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_reads_and_writes_back() {
        for text in [
            "measure CYP1 this period",
            "measure CYP5 year to date",
            "measure CYP1 status",
            "breakdown CYP1 age band 5-10",
            "breakdown CYP1 gender Girl or woman",
            "narrative What went well this quarter?",
            "curve CYP7 what works",
            "finance Staff costs variance",
            "finance total budget",
            "milestone Parents' forum set up status",
            "organisation charity number",
            "contact phone",
            "agreement value",
            "period due",
            "approver role",
        ] {
            assert_eq!(Source::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(
            Source::parse("  Measure   cyp1 THIS PERIOD ").unwrap(),
            Source::Measure {
                code: "cyp1".into(),
                figure: Figure::ThisPeriod
            }
        );
    }

    #[test]
    fn what_is_not_a_source_says_how_to_write_one() {
        for text in [
            "",
            "measure CYP1",
            "measure this period",
            "breakdown CYP1 shoe size 5",
            "narrative",
            "finance budget",
            "weather",
        ] {
            let err = Source::parse(text).unwrap_err();
            assert!(err.to_string().contains("write it as"), "{text}: {err}");
        }
    }
}
