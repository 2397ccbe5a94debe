//! The forms of indicators and assessments, outcomes and the outcome log,
//! and stories.

use serde::{Deserialize, Serialize};

use super::{
    date, list, number, optional_date, optional_text, optional_word, required, text, yes_no, Field,
};
use crate::error::{Error, Result};
use crate::parse;
use crate::records::{
    Assessment, Indicator, MeasureRef, Outcome, OutcomeLogEntry, Stage, Story, DEFAULT_LOG_SOURCE,
};
use crate::store::Store;

/// An indicator (an outcome scale) as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndicatorForm {
    /// Its name (required).
    pub name: Field,
    /// The lowest score (default 1).
    pub min: Field,
    /// The highest score (default 10).
    pub max: Field,
    /// Whether a higher score is better: yes or no (default yes).
    pub higher_is_better: Field,
    /// The smallest change that counts as improvement (default 1).
    pub meaningful_change: Field,
    /// What it measures and how.
    pub description: Field,
}

impl IndicatorForm {
    /// Adds the indicator.
    pub fn add_to(self, store: &mut Store) -> Result<Indicator> {
        required("name", &self.name)?;
        let mut i = Indicator::default();
        self.apply(&mut i)?;
        store.add_indicator(&i)?;
        Ok(i)
    }

    /// Changes the indicator now called `name`.
    pub fn edit(self, store: &mut Store, name: &str) -> Result<Indicator> {
        let mut i = store.indicator(name)?;
        self.apply(&mut i)?;
        store.update_indicator(name, &i)?;
        Ok(i)
    }

    fn apply(self, i: &mut Indicator) -> Result<()> {
        text(&mut i.name, self.name);
        number("min", &mut i.min, self.min)?;
        number("max", &mut i.max, self.max)?;
        yes_no(
            "higher_is_better",
            &mut i.higher_is_better,
            self.higher_is_better,
        )?;
        number(
            "meaningful_change",
            &mut i.meaningful_change,
            self.meaningful_change,
        )?;
        text(&mut i.description, self.description);
        Ok(())
    }
}

/// A score on an indicator as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssessmentForm {
    /// The participant's code; empty for anonymous feedback.
    pub participant: Field,
    /// The indicator's name (required).
    pub indicator: Field,
    /// When it was taken (required).
    pub date: Field,
    /// The score (required).
    pub score: Field,
    /// baseline, review or exit; empty when not said.
    pub stage: Field,
    /// The programme it was given at; anonymous feedback with none counts
    /// for no agreement.
    pub programme: Field,
    /// The reference of the session it was given at (its programme follows).
    pub session: Field,
}

impl AssessmentForm {
    /// Records the score; returns it with its number.
    pub fn add_to(self, store: &mut Store) -> Result<Assessment> {
        let mut a = Assessment {
            id: 0,
            participant: None,
            indicator: required("indicator", &self.indicator)?.to_string(),
            date: parse::date("date", required("date", &self.date)?)?,
            score: parse::number("score", required("score", &self.score)?)?,
            stage: None,
            programme: None,
            session: None,
        };
        self.apply(&mut a)?;
        store.add_assessment(&a)
    }

    /// Changes assessment number `id`.
    pub fn edit(self, store: &mut Store, id: i64) -> Result<Assessment> {
        let mut a = store.assessment(id)?;
        self.apply(&mut a)?;
        store.update_assessment(id, &a)?;
        Ok(a)
    }

    fn apply(self, a: &mut Assessment) -> Result<()> {
        optional_text(&mut a.participant, self.participant);
        text(&mut a.indicator, self.indicator);
        date("date", &mut a.date, self.date)?;
        number("score", &mut a.score, self.score)?;
        optional_text(&mut a.programme, self.programme);
        optional_text(&mut a.session, self.session);
        optional_word("stage", &mut a.stage, self.stage, Stage::parse)
    }
}

/// Anonymous feedback cards tied, together, to the session or programme
/// they were handed in at (cards recorded before scores could say).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeedbackTieForm {
    /// The cards' numbers (at least one).
    pub cards: Vec<i64>,
    /// The session's reference; its day must be each card's day.
    pub session: Field,
    /// The programme, when the session is not known.
    pub programme: Field,
}

impl FeedbackTieForm {
    /// Ties every card, or none; returns how many.
    pub fn apply_to(self, store: &mut Store) -> Result<usize> {
        if self.cards.is_empty() {
            return Err(Error::invalid(
                "cards",
                "no feedback cards chosen; choose the cards to tie",
            ));
        }
        let session = self.session.filter(|v| !v.trim().is_empty());
        let programme = self.programme.filter(|v| !v.trim().is_empty());
        if session.is_none() && programme.is_none() {
            return Err(Error::invalid(
                "session",
                "choose the session the cards were handed in at, or at least its programme",
            ));
        }
        let mut changes = Vec::with_capacity(self.cards.len());
        for &number in &self.cards {
            let mut card = store.assessment(number)?;
            if card.participant.is_some() {
                return Err(Error::invalid(
                    "cards",
                    format!("score {number} names a person, so it is not anonymous feedback; leave it out"),
                ));
            }
            card.session = session.clone();
            card.programme = if session.is_some() {
                None
            } else {
                programme.clone()
            };
            changes.push((number, card));
        }
        store.update_assessments(&changes)?;
        Ok(changes.len())
    }
}

/// An outcome the organisation works towards, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutcomeForm {
    /// Its name (required).
    pub name: Field,
    /// What it means.
    pub description: Field,
}

impl OutcomeForm {
    /// Adds the outcome.
    pub fn add_to(self, store: &mut Store) -> Result<Outcome> {
        required("name", &self.name)?;
        let mut o = Outcome::default();
        self.apply(&mut o);
        store.add_outcome(&o)?;
        Ok(o)
    }

    /// Changes the outcome now called `name`.
    pub fn edit(self, store: &mut Store, name: &str) -> Result<Outcome> {
        let mut o = store.outcome(name)?;
        self.apply(&mut o);
        store.update_outcome(name, &o)?;
        Ok(o)
    }

    fn apply(self, o: &mut Outcome) {
        text(&mut o.name, self.name);
        text(&mut o.description, self.description);
    }
}

/// An outcome log entry as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogEntryForm {
    /// The participant's code (required).
    pub participant: Field,
    /// When the change was seen (required).
    pub date: Field,
    /// The outcome's name (required).
    pub outcome: Field,
    /// The programme's name.
    pub programme: Field,
    /// What was seen or said (never exported).
    pub note: Field,
    /// observation, self-report, parent or carer, school or other (default observation).
    pub source: Field,
    /// Who logged it.
    pub logged_by: Field,
}

impl LogEntryForm {
    /// Notes the change; returns the entry with its number.
    pub fn add_to(self, store: &mut Store) -> Result<OutcomeLogEntry> {
        let mut e = OutcomeLogEntry {
            id: 0,
            participant: required("participant", &self.participant)?.to_string(),
            date: parse::date("date", required("date", &self.date)?)?,
            outcome: required("outcome", &self.outcome)?.to_string(),
            programme: None,
            note: String::new(),
            source: DEFAULT_LOG_SOURCE.to_string(),
            logged_by: String::new(),
        };
        self.apply(&mut e)?;
        store.add_log_entry(&e)
    }

    /// Changes entry number `id`.
    pub fn edit(self, store: &mut Store, id: i64) -> Result<OutcomeLogEntry> {
        let mut e = store.log_entry(id)?;
        self.apply(&mut e)?;
        store.update_log_entry(id, &e)?;
        Ok(e)
    }

    fn apply(self, e: &mut OutcomeLogEntry) -> Result<()> {
        text(&mut e.participant, self.participant);
        date("date", &mut e.date, self.date)?;
        text(&mut e.outcome, self.outcome);
        optional_text(&mut e.programme, self.programme);
        text(&mut e.note, self.note);
        if let Some(source) = self.source {
            e.source = if source.trim().is_empty() {
                DEFAULT_LOG_SOURCE.to_string()
            } else {
                source
            };
        }
        text(&mut e.logged_by, self.logged_by);
        Ok(())
    }
}

/// A story (case study) as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoryForm {
    /// When it happened or was written (required).
    pub date: Field,
    /// Its title (required).
    pub title: Field,
    /// The programme's name.
    pub programme: Field,
    /// The participant's code, if about one person.
    pub participant: Field,
    /// Whether consent to tell it was given: yes or no (default no).
    pub consent: Field,
    /// When consent was given.
    pub consent_date: Field,
    /// What the situation was.
    pub situation: Field,
    /// What was done.
    pub action: Field,
    /// What difference it made.
    pub difference: Field,
    /// A quote.
    pub quote: Field,
    /// The measures it illustrates, as `REF:CODE`, `;`-separated.
    pub measures: Field,
}

impl StoryForm {
    /// Adds the story; returns it with its number.
    pub fn add_to(self, store: &mut Store) -> Result<Story> {
        let mut s = Story {
            id: 0,
            date: parse::date("date", required("date", &self.date)?)?,
            title: required("title", &self.title)?.to_string(),
            programme: None,
            participant: None,
            consent: false,
            consent_date: None,
            situation: String::new(),
            action: String::new(),
            difference: String::new(),
            quote: String::new(),
            measures: Vec::new(),
        };
        self.apply(&mut s)?;
        store.add_story(&s)
    }

    /// Changes story number `id`.
    pub fn edit(self, store: &mut Store, id: i64) -> Result<Story> {
        let mut s = store.story(id)?;
        self.apply(&mut s)?;
        store.update_story(id, &s)?;
        Ok(s)
    }

    fn apply(self, s: &mut Story) -> Result<()> {
        date("date", &mut s.date, self.date)?;
        text(&mut s.title, self.title);
        optional_text(&mut s.programme, self.programme);
        optional_text(&mut s.participant, self.participant);
        yes_no("consent", &mut s.consent, self.consent)?;
        optional_date("consent_date", &mut s.consent_date, self.consent_date)?;
        text(&mut s.situation, self.situation);
        text(&mut s.action, self.action);
        text(&mut s.difference, self.difference);
        text(&mut s.quote, self.quote);
        if let Some(m) = self.measures {
            let mut items = Vec::new();
            list(&mut items, Some(m));
            s.measures = items
                .iter()
                .map(|item| measure_ref(item))
                .collect::<Result<_>>()?;
        }
        Ok(())
    }
}

/// A measure written `REF:CODE`: the agreement's reference, a colon, the code.
fn measure_ref(item: &str) -> Result<MeasureRef> {
    item.rsplit_once(':')
        .map(|(agreement, code)| MeasureRef {
            agreement: agreement.trim().to_string(),
            code: code.trim().to_string(),
        })
        .filter(|m| !m.agreement.is_empty() && !m.code.is_empty())
        .ok_or_else(|| {
            Error::invalid(
                "measures",
                format!("{item:?} is not REF:CODE; write the agreement's reference, a colon and the measure's code"),
            )
        })
}
