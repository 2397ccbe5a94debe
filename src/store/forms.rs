//! The funder's own form kept with an agreement (its record, its bytes by
//! SHA-256) and its mapping: which cell takes which source.

use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};

use super::shared::agreement_id;
use super::Store;
use crate::error::{Error, Result};
use crate::records::{FormCell, FunderForm, FORM_MAX_BYTES};

/// What a form whose bytes are missing is called in the refusal.
pub const FORM_FILE: &str = "funder's form file";

impl Store {
    /// Keeps `bytes` as `agreement`'s form, in place of any kept before
    /// (its mapping stays: a form sent again each year keeps its cells).
    pub fn keep_form(
        &mut self,
        agreement: &str,
        file_name: &str,
        bytes: &[u8],
        now: NaiveDateTime,
    ) -> Result<FunderForm> {
        if bytes.len() > FORM_MAX_BYTES {
            return Err(Error::invalid(
                "form",
                format!(
                    "the form is {} MB; a funder's form is kept up to {} MB: ask the funder for the form without large pictures",
                    bytes.len() / (1024 * 1024),
                    FORM_MAX_BYTES / (1024 * 1024)
                ),
            ));
        }
        let sha256 = crate::files::sha256(bytes);
        self.write(|tx| {
            let agreement_row = agreement_id(tx, agreement)?;
            tx.execute(
                "INSERT INTO form_file (sha256, contents) VALUES (?1, ?2) ON CONFLICT (sha256) DO NOTHING",
                params![sha256, bytes],
            )?;
            tx.execute(
                "INSERT INTO funder_form (agreement_id, file_name, sha256, added_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (agreement_id) DO UPDATE SET file_name = excluded.file_name,
                 sha256 = excluded.sha256, added_at = excluded.added_at",
                params![agreement_row, file_name, sha256, now],
            )?;
            Ok(())
        })?;
        Ok(self
            .funder_form(agreement)?
            .map(|(form, _)| form)
            .expect("the form was just kept"))
    }

    /// `agreement`'s form and its bytes, if one is kept.
    pub fn funder_form(&self, agreement: &str) -> Result<Option<(FunderForm, Vec<u8>)>> {
        let conn = self.read();
        let agreement_row = agreement_id(conn, agreement)?;
        conn.query_row(
            "SELECT a.reference, f.file_name, f.sha256, f.added_at, b.contents
             FROM funder_form f JOIN agreement a ON a.id = f.agreement_id
             LEFT JOIN form_file b ON b.sha256 = f.sha256
             WHERE f.agreement_id = ?1",
            [agreement_row],
            |r| {
                Ok((
                    FunderForm {
                        agreement: r.get(0)?,
                        file_name: r.get(1)?,
                        sha256: r.get(2)?,
                        added_at: r.get(3)?,
                    },
                    r.get::<_, Option<Vec<u8>>>(4)?,
                ))
            },
        )
        .optional()?
        .map(|(form, bytes)| match bytes {
            Some(bytes) => Ok((form, bytes)),
            // Another laptop's form whose bytes have not arrived with it.
            None => Err(Error::NotFound {
                what: FORM_FILE,
                key: form.file_name,
                hint: "it is not on this laptop yet; get the other laptops' changes, or add the form again",
            }),
        })
        .transpose()
    }

    /// Stops keeping `agreement`'s form (its mapping stays, for the form
    /// added again).
    pub fn remove_form(&mut self, agreement: &str) -> Result<()> {
        self.write(|tx| {
            let agreement_row = agreement_id(tx, agreement)?;
            tx.execute(
                "DELETE FROM funder_form WHERE agreement_id = ?1",
                [agreement_row],
            )?;
            Ok(())
        })
    }

    /// `agreement`'s mapping, by sheet and cell.
    pub fn form_cells(&self, agreement: &str) -> Result<Vec<FormCell>> {
        let conn = self.read();
        let agreement_row = agreement_id(conn, agreement)?;
        let mut stmt =
            conn.prepare("SELECT sheet, cell, source FROM form_cell WHERE agreement_id = ?1")?;
        let mut cells = stmt
            .query_map([agreement_row], |r| {
                Ok(FormCell {
                    sheet: r.get(0)?,
                    cell: r.get(1)?,
                    source: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        cells.sort_by_key(|c| {
            let (column, row) = crate::records::cell_position(&c.cell).unwrap_or((0, 0));
            (c.sheet.to_lowercase(), row, column)
        });
        Ok(cells)
    }

    /// Sets one cell's source.
    pub fn set_form_cell(&mut self, agreement: &str, cell: &FormCell) -> Result<()> {
        self.set_form_cells(agreement, &[(cell.clone(), true)], false)
    }

    /// Maps `sheet`'s `cell` to nothing.
    pub fn clear_form_cell(&mut self, agreement: &str, sheet: &str, cell: &str) -> Result<()> {
        let cell = FormCell {
            sheet: sheet.to_string(),
            cell: cell.to_string(),
            source: "nothing".to_string(),
        };
        self.set_form_cells(agreement, &[(cell, false)], false)
    }

    /// Sets `agreement`'s mapping to `cells`, in one write.
    pub fn replace_form_cells(&mut self, agreement: &str, cells: &[FormCell]) -> Result<()> {
        let given: Vec<(FormCell, bool)> = cells.iter().map(|c| (c.clone(), true)).collect();
        self.set_form_cells(agreement, &given, true)
    }

    /// Sets each cell (`true`) or clears it (`false`), after emptying the
    /// mapping when `whole`.
    fn set_form_cells(
        &mut self,
        agreement: &str,
        cells: &[(FormCell, bool)],
        whole: bool,
    ) -> Result<()> {
        let mut checked = Vec::with_capacity(cells.len());
        for (cell, set) in cells {
            let mut cell = cell.clone();
            cell.validate()?;
            checked.push((cell, *set));
        }
        self.write(|tx| {
            let agreement_row = agreement_id(tx, agreement)?;
            if whole {
                tx.execute("DELETE FROM form_cell WHERE agreement_id = ?1", [agreement_row])?;
            }
            for (cell, set) in &checked {
                if *set {
                    tx.execute(
                        "INSERT INTO form_cell (agreement_id, sheet, cell, source) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (agreement_id, sheet, cell) DO UPDATE SET source = excluded.source",
                        params![agreement_row, cell.sheet, cell.cell, cell.source],
                    )?;
                } else {
                    tx.execute(
                        "DELETE FROM form_cell WHERE agreement_id = ?1 AND sheet = ?2 AND cell = ?3",
                        params![agreement_row, cell.sheet, cell.cell],
                    )?;
                }
            }
            Ok(())
        })
    }
}
