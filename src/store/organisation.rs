//! The organisation record: one per database.

use rusqlite::OptionalExtension;

use super::shared::{agreement_id, check_periods_kept};
use super::Store;
use crate::error::{Error, Result};
use crate::records::Organisation;

impl Store {
    /// The organisation, or [`Error::NotSetUp`] before `init`.
    pub fn organisation(&self) -> Result<Organisation> {
        self.read()
            .query_row(
                "SELECT name, charity_number, fy_start_month, age_bands, small_number_threshold, retention_years,
                 contact_name, contact_role, contact_email, contact_phone
                 FROM organisation WHERE id = 1",
                [],
                |r| {
                    Ok(Organisation {
                        name: r.get(0)?,
                        charity_number: r.get(1)?,
                        fy_start_month: r.get(2)?,
                        age_bands: r.get::<_, String>(3)?.split(',').map(str::to_string).collect(),
                        small_number_threshold: r.get(4)?,
                        retention_years: r.get(5)?,
                        contact_name: r.get(6)?,
                        contact_role: r.get(7)?,
                        contact_email: r.get(8)?,
                        contact_phone: r.get(9)?,
                    })
                },
            )
            .optional()?
            .ok_or(Error::NotSetUp)
    }

    /// Whether `init` has been run on this database.
    pub fn is_initialised(&self) -> Result<bool> {
        match self.organisation() {
            Ok(_) => Ok(true),
            Err(Error::NotSetUp) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Sets up the organisation in a new database; refuses if one exists.
    pub fn init_organisation(&mut self, org: &Organisation) -> Result<()> {
        org.validate()?;
        if self.is_initialised()? {
            return Err(Error::AlreadySetUp(self.organisation()?.name));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO organisation (id, name) VALUES (1, ?1)",
                [org.name.trim()],
            )?;
            write_organisation(tx, org)
        })
    }

    /// Changes the organisation's details. A new financial-year month is
    /// refused if it would strand records kept under an agreement's period.
    pub fn update_organisation(&mut self, org: &Organisation) -> Result<()> {
        org.validate()?;
        let before = self.organisation()?;
        let agreements = if org.fy_start_month != before.fy_start_month {
            self.agreements(true)?
        } else {
            Vec::new()
        };
        self.write(|tx| {
            for a in &agreements {
                let id = agreement_id(tx, &a.reference)?;
                check_periods_kept(tx, id, a, org.fy_start_month, "fy_start_month")?;
            }
            write_organisation(tx, org)
        })
    }
}

/// Writes every field of the organisation's one row.
fn write_organisation(tx: &rusqlite::Connection, org: &Organisation) -> Result<()> {
    tx.execute(
        "UPDATE organisation SET name = ?1, charity_number = ?2, fy_start_month = ?3, age_bands = ?4,
         small_number_threshold = ?5, retention_years = ?6, contact_name = ?7, contact_role = ?8,
         contact_email = ?9, contact_phone = ?10 WHERE id = 1",
        rusqlite::params![
            org.name.trim(),
            org.charity_number.trim(),
            org.fy_start_month,
            org.age_bands.iter().map(|b| b.trim()).collect::<Vec<_>>().join(","),
            org.small_number_threshold,
            org.retention_years,
            org.contact_name.trim(),
            org.contact_role.trim(),
            org.contact_email.trim(),
            org.contact_phone.trim(),
        ],
    )?;
    Ok(())
}
