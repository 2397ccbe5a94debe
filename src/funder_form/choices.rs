//! What a cell of an agreement's form may take: every source the agreement
//! has, grouped as the mapping screen's picker shows them, each with a
//! label in words; and whether a source names something the agreement has.

use serde::Serialize;

use super::source::{Detail, Source, DETAILS};
use crate::error::Result;
use crate::records::{Agreement, Calculation, Measure, Milestone};
use crate::store::{List, Store};

/// One source the picker offers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    /// The source in words, as a mapping keeps it.
    pub source: String,
    /// What a person reads in the picker.
    pub label: String,
}

/// A group of the picker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The group's name (`Measures`, `Finance`, …).
    pub name: String,
    /// Its choices.
    pub choices: Vec<Choice>,
}

/// What an agreement has that a source can name.
pub(super) struct Sources {
    pub agreement: Agreement,
    pub measures: Vec<Measure>,
    pub milestones: Vec<Milestone>,
    pub age_bands: Vec<String>,
    pub genders: Vec<String>,
    pub ethnicities: Vec<String>,
}

impl Sources {
    pub fn of(store: &Store, agreement: &str) -> Result<Sources> {
        Ok(Sources {
            agreement: store.agreement(agreement)?,
            measures: store.measures(agreement)?,
            milestones: store.milestones(agreement)?,
            age_bands: store.organisation()?.age_bands,
            genders: store.list_values(List::Gender)?,
            ethnicities: store.list_values(List::Ethnicity)?,
        })
    }

    /// The measures whose people the breakdowns describe: everyone who
    /// came in the period.
    pub fn counting_everyone(&self) -> impl Iterator<Item = &Measure> {
        self.measures
            .iter()
            .filter(|m| m.calculation == Calculation::Participants && m.filter.trim().is_empty())
    }

    /// Why `source` names nothing the agreement has, if it does not.
    pub fn missing(&self, source: &Source) -> Option<String> {
        fn has<'a>(mut list: impl Iterator<Item = &'a String>, name: &str) -> bool {
            list.any(|x| x.eq_ignore_ascii_case(name))
        }
        let measure = |code: &str| {
            self.measures
                .iter()
                .any(|m| m.code.eq_ignore_ascii_case(code))
        };
        let found = match source {
            Source::Measure { code, .. } | Source::Curve { code, .. } => measure(code),
            Source::Breakdown { code, .. } if !measure(code) => false,
            Source::Breakdown { code, .. } if !self.counting_everyone().any(|m| m.code.eq_ignore_ascii_case(code)) => {
                return Some(format!(
                    "a breakdown describes everyone who came in the period; measure {code} counts something else (name a measure that counts participants with no filter)"
                ))
            }
            Source::Breakdown { dimension, value, .. } => {
                use super::source::Dimension::*;
                match dimension {
                    AgeBand => has(self.age_bands.iter(), value),
                    Gender => has(self.genders.iter(), value) || value.eq_ignore_ascii_case(crate::measures::NOT_KNOWN),
                    Ethnicity => has(self.ethnicities.iter(), value) || value.eq_ignore_ascii_case(crate::measures::NOT_KNOWN),
                    Area => true,
                }
            }
            Source::Narrative { heading } => has(self.agreement.headings.iter().map(|h| &h.heading), heading),
            Source::Finance { heading, .. } => has(self.agreement.cost_headings.iter(), heading),
            Source::Milestone { title, .. } => has(self.milestones.iter().map(|m| &m.title), title),
            Source::FinanceTotal { .. } | Source::Detail(_) => true,
        };
        (!found).then(|| {
            format!(
                "the agreement {} has no {}",
                self.agreement.reference,
                named(source)
            )
        })
    }

    /// Every source, grouped as the picker shows them.
    pub fn groups(&self) -> Vec<Group> {
        let mut groups = vec![
            group("Measures", self.measure_choices()),
            group("Breakdowns", self.breakdown_choices()),
            group(
                "Narrative answers",
                self.agreement
                    .headings
                    .iter()
                    .map(|h| {
                        choice(
                            Source::Narrative {
                                heading: h.heading.clone(),
                            },
                            h.heading.clone(),
                        )
                    })
                    .collect(),
            ),
            group("Turn-the-curve notes", self.curve_choices()),
            group("Finance", self.finance_choices()),
            group("Milestones", self.milestone_choices()),
        ];
        for (name, prefix) in [
            ("Organisation", "organisation"),
            ("Contact for returns", "contact"),
            ("Agreement", "agreement"),
            ("Period", "period"),
            ("Sign-off", "approv"),
        ] {
            let details = DETAILS
                .iter()
                .filter(|(words, _)| words.starts_with(prefix))
                .map(|(words, d)| choice(Source::Detail(*d), detail_label(*d, words)))
                .collect();
            groups.push(group(name, details));
        }
        groups
    }

    fn measure_choices(&self) -> Vec<Choice> {
        use super::source::Figure;
        let figures = [
            (Figure::ThisPeriod, "this period"),
            (Figure::YearToDate, "year to date"),
            (Figure::Target, "target"),
            (Figure::Variance, "variance"),
            (Figure::Status, "status"),
            (Figure::Baseline, "baseline"),
        ];
        let mut choices = Vec::new();
        for m in &self.measures {
            for (figure, words) in figures {
                let source = Source::Measure {
                    code: m.code.clone(),
                    figure,
                };
                choices.push(choice(source, format!("{} {} – {words}", m.code, m.title)));
            }
        }
        choices
    }

    fn breakdown_choices(&self) -> Vec<Choice> {
        use super::source::Dimension;
        let mut choices = Vec::new();
        for m in self.counting_everyone() {
            for (dimension, words, values) in [
                (Dimension::AgeBand, "aged", &self.age_bands),
                (Dimension::Gender, "gender", &self.genders),
                (Dimension::Ethnicity, "ethnicity", &self.ethnicities),
            ] {
                for value in values {
                    let source = Source::Breakdown {
                        code: m.code.clone(),
                        dimension,
                        value: value.clone(),
                    };
                    choices.push(choice(
                        source,
                        format!("{} {} – {words} {value}", m.code, m.title),
                    ));
                }
            }
        }
        choices
    }

    fn curve_choices(&self) -> Vec<Choice> {
        use super::source::CurvePart;
        let parts = [
            (CurvePart::Story, "the story behind the curve"),
            (CurvePart::Partners, "partners"),
            (CurvePart::WhatWorks, "what works"),
            (CurvePart::Next, "what we will do next"),
        ];
        let mut choices = Vec::new();
        for m in &self.measures {
            for (part, words) in parts {
                let source = Source::Curve {
                    code: m.code.clone(),
                    part,
                };
                choices.push(choice(source, format!("{} {} – {words}", m.code, m.title)));
            }
        }
        choices
    }

    fn finance_choices(&self) -> Vec<Choice> {
        use super::source::Money;
        let mut choices = Vec::new();
        for heading in &self.agreement.cost_headings {
            for (money, words) in [
                (Money::Budget, "budget"),
                (Money::Actual, "actual"),
                (Money::Variance, "variance"),
            ] {
                let source = Source::Finance {
                    heading: heading.clone(),
                    money,
                };
                choices.push(choice(source, format!("{heading} – {words} this period")));
            }
        }
        choices.push(choice(
            Source::FinanceTotal {
                money: Money::Budget,
            },
            "Total – budget this period".into(),
        ));
        choices.push(choice(
            Source::FinanceTotal {
                money: Money::Actual,
            },
            "Total – actual this period".into(),
        ));
        choices
    }

    fn milestone_choices(&self) -> Vec<Choice> {
        use super::source::MilestonePart;
        let mut choices = Vec::new();
        for m in &self.milestones {
            for (part, words) in [
                (MilestonePart::Status, "status"),
                (MilestonePart::Note, "note this period"),
            ] {
                let source = Source::Milestone {
                    title: m.title.clone(),
                    part,
                };
                choices.push(choice(source, format!("{} – {words}", m.title)));
            }
        }
        choices
    }
}

/// One choice of the picker.
fn choice(source: Source, label: String) -> Choice {
    Choice {
        source: source.to_string(),
        label,
    }
}

/// One group of the picker.
fn group(name: &str, choices: Vec<Choice>) -> Group {
    Group {
        name: name.to_string(),
        choices,
    }
}

/// A detail as the picker says it.
fn detail_label(detail: Detail, words: &str) -> String {
    match detail {
        Detail::PeriodName => "The period's name (2026-27 Q1)".into(),
        Detail::PeriodDue => "The day the return is due".into(),
        Detail::ApprovedOn => "The day it was approved".into(),
        _ => {
            let mut label = words.to_string();
            label[..1].make_ascii_uppercase();
            label
        }
    }
}

/// What a source names, for the refusal when it is gone.
fn named(source: &Source) -> String {
    match source {
        Source::Measure { code, .. } | Source::Curve { code, .. } => format!("measure {code}"),
        Source::Breakdown { value, .. } => format!("value {value:?} in its lists and age bands"),
        Source::Narrative { heading } => format!("narrative heading {heading:?}"),
        Source::Finance { heading, .. } => format!("cost heading {heading:?}"),
        Source::Milestone { title, .. } => format!("milestone {title:?}"),
        other => other.to_string(),
    }
}
