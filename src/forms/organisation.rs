//! The organisation's form: setting it up and changing its details.

use serde::{Deserialize, Serialize};

use super::{count, required, text, Field};
use crate::error::{Error, Result};
use crate::records::Organisation;
use crate::store::Store;

/// The organisation's details as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrganisationForm {
    /// The organisation's name (required when setting up).
    pub name: Field,
    /// Registered charity number.
    pub charity_number: Field,
    /// The month the financial year starts, 1–12 (default 4, April).
    pub fy_start_month: Field,
    /// Age bands, comma-separated, youngest first: `0-4,5-10,11-15,16-19,20+`.
    pub age_bands: Field,
    /// Counts below this are shown as `<N` in packs (default 5).
    pub small_number_threshold: Field,
    /// Years to keep records after a participant's last contact (default 6).
    pub retention_years: Field,
    /// The contact for returns: their name.
    pub contact_name: Field,
    /// The contact's role.
    pub contact_role: Field,
    /// The contact's email.
    pub contact_email: Field,
    /// The contact's phone.
    pub contact_phone: Field,
}

impl OrganisationForm {
    /// Sets up the organisation in a database that has none yet.
    pub fn set_up(self, store: &mut Store) -> Result<Organisation> {
        let org = self.organisation()?;
        store.init_organisation(&org)?;
        Ok(org)
    }

    /// The organisation this form describes, checked, before any database
    /// is touched: a first run refuses a bad form without creating a file.
    pub fn organisation(self) -> Result<Organisation> {
        required("name", &self.name)?;
        let mut org = Organisation::default();
        self.apply(&mut org)?;
        org.validate()?;
        Ok(org)
    }

    /// Changes the organisation's details; fields left out stay as they are.
    pub fn save(self, store: &mut Store) -> Result<Organisation> {
        let mut org = store.organisation()?;
        self.apply(&mut org)?;
        store.update_organisation(&org)?;
        Ok(org)
    }

    fn apply(self, org: &mut Organisation) -> Result<()> {
        text(&mut org.name, self.name);
        text(&mut org.charity_number, self.charity_number);
        count(
            "fy_start_month",
            &mut org.fy_start_month,
            self.fy_start_month,
        )?;
        if let Some(bands) = self.age_bands {
            org.age_bands = bands
                .split([',', ';'])
                .map(|b| b.trim().to_string())
                .filter(|b| !b.is_empty())
                .collect();
            if org.age_bands.is_empty() {
                return Err(Error::invalid(
                    "age_bands",
                    "give at least one band, for example 0-4,5-10,11-15,16-19,20+",
                ));
            }
        }
        count(
            "small_number_threshold",
            &mut org.small_number_threshold,
            self.small_number_threshold,
        )?;
        count(
            "retention_years",
            &mut org.retention_years,
            self.retention_years,
        )?;
        text(&mut org.contact_name, self.contact_name);
        text(&mut org.contact_role, self.contact_role);
        text(&mut org.contact_email, self.contact_email);
        text(&mut org.contact_phone, self.contact_phone);
        Ok(())
    }
}
