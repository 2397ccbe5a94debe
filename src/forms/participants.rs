//! The participant's form.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{list, optional_date, optional_word, optional_yes_no, required, text, yes_no, Field};
use crate::error::Result;
use crate::records::{ConsentGivenBy, LawfulBasis, Participant};
use crate::store::Store;

/// A participant as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ParticipantForm {
    /// Their code (generated as P0001… when left out).
    pub code: Field,
    /// The name they are known by (required; kept on this computer, never exported).
    pub known_as: Field,
    /// Date of birth.
    pub date_of_birth: Field,
    /// Gender, from the gender list.
    pub gender: Field,
    /// Ethnicity, from the ethnicity list.
    pub ethnicity: Field,
    /// Area or ward.
    pub area: Field,
    /// Disabled: yes, no, or empty for not known.
    pub disability: Field,
    /// Special educational needs: yes, no, or empty for not known.
    pub sen: Field,
    /// Priority groups, `;`-separated.
    pub groups: Field,
    /// Who referred them.
    pub referral_source: Field,
    /// When consent was recorded.
    pub consent_date: Field,
    /// Consent to photos: yes or no.
    pub consent_photos: Field,
    /// Consent to their story being told: yes or no.
    pub consent_stories: Field,
    /// consent or legitimate interest.
    pub lawful_basis: Field,
    /// young person, or parent or carer.
    pub consent_given_by: Field,
    /// When consent is due for review.
    pub consent_review_date: Field,
    /// When they left.
    pub left_date: Field,
}

impl ParticipantForm {
    /// Adds the participant; `today` bounds the date of birth.
    pub fn add_to(self, store: &mut Store, today: NaiveDate) -> Result<Participant> {
        required("known_as", &self.known_as)?;
        let mut p = Participant::default();
        self.apply(&mut p)?;
        store.add_participant(&p, today)
    }

    /// Changes the participant with `code`.
    pub fn edit(self, store: &mut Store, code: &str, today: NaiveDate) -> Result<Participant> {
        let mut p = store.participant(code)?;
        if self.known_as.is_some() {
            required("known_as", &self.known_as)?;
        }
        self.apply(&mut p)?;
        store.update_participant(code, &p, today)
    }

    fn apply(self, p: &mut Participant) -> Result<()> {
        text(&mut p.code, self.code);
        text(&mut p.known_as, self.known_as);
        optional_date("date_of_birth", &mut p.date_of_birth, self.date_of_birth)?;
        text(&mut p.gender, self.gender);
        text(&mut p.ethnicity, self.ethnicity);
        text(&mut p.area, self.area);
        optional_yes_no("disability", &mut p.disability, self.disability)?;
        optional_yes_no("sen", &mut p.sen, self.sen)?;
        list(&mut p.groups, self.groups);
        text(&mut p.referral_source, self.referral_source);
        optional_date("consent_date", &mut p.consent.date, self.consent_date)?;
        yes_no("consent_photos", &mut p.consent.photos, self.consent_photos)?;
        yes_no(
            "consent_stories",
            &mut p.consent.stories,
            self.consent_stories,
        )?;
        optional_word(
            "lawful_basis",
            &mut p.consent.lawful_basis,
            self.lawful_basis,
            LawfulBasis::parse,
        )?;
        optional_word(
            "consent_given_by",
            &mut p.consent.given_by,
            self.consent_given_by,
            ConsentGivenBy::parse,
        )?;
        optional_date(
            "consent_review_date",
            &mut p.consent.review_date,
            self.consent_review_date,
        )?;
        optional_date("left_date", &mut p.left_date, self.left_date)
    }
}
