//! The forms of funders, programmes and agreements.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{count, date, list, optional, required, text, word, yes_no, Field};
use crate::error::Result;
use crate::parse;
use crate::records::{Agreement, AgreementKind, Frequency, Funder, Heading, Programme};
use crate::store::Store;

/// A funder as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FunderForm {
    /// Its name (required).
    pub name: Field,
    /// Who to contact there.
    pub contact: Field,
}

impl FunderForm {
    /// Adds the funder.
    pub fn add_to(self, store: &mut Store) -> Result<Funder> {
        required("name", &self.name)?;
        let mut funder = Funder::default();
        self.apply(&mut funder);
        store.add_funder(&funder)?;
        Ok(funder)
    }

    /// Changes the funder now called `name`.
    pub fn edit(self, store: &mut Store, name: &str) -> Result<Funder> {
        let mut funder = store.funder(name)?;
        self.apply(&mut funder);
        store.update_funder(name, &funder)?;
        Ok(funder)
    }

    fn apply(self, funder: &mut Funder) {
        text(&mut funder.name, self.name);
        text(&mut funder.contact, self.contact);
    }
}

/// A programme as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProgrammeForm {
    /// Its name (required).
    pub name: Field,
    /// What it is.
    pub description: Field,
}

impl ProgrammeForm {
    /// Adds the programme.
    pub fn add_to(self, store: &mut Store) -> Result<Programme> {
        required("name", &self.name)?;
        let mut programme = Programme::default();
        self.apply(&mut programme);
        store.add_programme(&programme)?;
        Ok(programme)
    }

    /// Changes the programme now called `name`.
    pub fn edit(self, store: &mut Store, name: &str) -> Result<Programme> {
        let mut programme = store.programme(name)?;
        self.apply(&mut programme);
        store.update_programme(name, &programme)?;
        Ok(programme)
    }

    fn apply(self, programme: &mut Programme) {
        text(&mut programme.name, self.name);
        text(&mut programme.description, self.description);
    }
}

/// An agreement as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AgreementForm {
    /// The funder's reference for it (required).
    pub reference: Field,
    /// The funder's name (required; a new funder is added).
    pub funder: Field,
    /// Its title (required).
    pub title: Field,
    /// contract, grant or service-level agreement (default grant).
    pub kind: Field,
    /// First day covered (required).
    pub start_date: Field,
    /// Last day covered (required).
    pub end_date: Field,
    /// Its value in pounds; empty when not known.
    pub value: Field,
    /// monthly, quarterly, six-monthly or annual (default quarterly).
    pub frequency: Field,
    /// Days after a period ends that the return is due (default 30).
    pub due_days: Field,
    /// The programmes it pays for, `;`-separated (new ones are added).
    pub programmes: Field,
    /// The narrative headings, `;`-separated; a heading kept keeps its guidance
    /// (default: Successes; Challenges; Learning; Next steps).
    pub headings: Field,
    /// The cost headings its finance is kept under, `;`-separated (default:
    /// Staffing; Premises; Activities and materials; Volunteer expenses;
    /// Management and overheads; Other).
    pub cost_headings: Field,
    /// A short summary of the project, for the Cover (up to 100 words).
    pub summary: Field,
    /// Whether the funder asks for participant-level rows: yes or no (default no).
    pub participant_rows: Field,
}

impl AgreementForm {
    /// Adds the agreement.
    pub fn add_to(self, store: &mut Store) -> Result<Agreement> {
        for (field, value) in [
            ("reference", &self.reference),
            ("funder", &self.funder),
            ("title", &self.title),
            ("start_date", &self.start_date),
            ("end_date", &self.end_date),
        ] {
            required(field, value)?;
        }
        let mut agreement = Agreement::default();
        self.apply(&mut agreement)?;
        store.add_agreement(&agreement)?;
        store.agreement(&agreement.reference)
    }

    /// Changes the agreement now referenced `reference`.
    pub fn edit(self, store: &mut Store, reference: &str) -> Result<Agreement> {
        let mut agreement = store.agreement(reference)?;
        self.apply(&mut agreement)?;
        store.update_agreement(reference, &agreement)?;
        store.agreement(&agreement.reference)
    }

    fn apply(self, a: &mut Agreement) -> Result<()> {
        text(&mut a.reference, self.reference);
        text(&mut a.funder, self.funder);
        text(&mut a.title, self.title);
        word("kind", &mut a.kind, self.kind, AgreementKind::parse)?;
        date("start_date", &mut a.start_date, self.start_date)?;
        date("end_date", &mut a.end_date, self.end_date)?;
        if let Some(v) = self.value {
            a.value_pence = optional(&v, |t| parse::money("value", t))?;
        }
        word(
            "frequency",
            &mut a.frequency,
            self.frequency,
            Frequency::parse,
        )?;
        count("due_days", &mut a.due_days, self.due_days)?;
        list(&mut a.programmes, self.programmes);
        list(&mut a.cost_headings, self.cost_headings);
        text(&mut a.summary, self.summary);
        yes_no(
            "participant_rows",
            &mut a.participant_rows,
            self.participant_rows,
        )?;
        if let Some(h) = self.headings {
            let guidance: BTreeMap<String, String> = a
                .headings
                .iter()
                .map(|h| (h.heading.to_lowercase(), h.guidance.clone()))
                .collect();
            a.headings = parse::list(&h)
                .into_iter()
                .map(|heading| Heading {
                    guidance: guidance
                        .get(&heading.to_lowercase())
                        .cloned()
                        .unwrap_or_default(),
                    heading,
                })
                .collect();
        }
        Ok(())
    }
}
