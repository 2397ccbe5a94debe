//! What a return carries besides measures: narrative, finance, evidence
//! files' records and submissions.

use rusqlite::{params, OptionalExtension};

use super::shared::{
    agreement_id, agreement_period, measure_id, next_row_number, numbered_key,
    read_agreement_by_id, session_id,
};
use super::Store;
use crate::error::{Error, Result};
use crate::key::Key;
use crate::periods;
use crate::records::{
    check_text, Agreement, Attachment, CurveNote, EvidenceFile, Finance, Forecast, Narrative,
    OtherIncome, Submission, LONG_TEXT_MAX,
};

impl Store {
    /// The narrative of an agreement's period: every heading, answered or not.
    pub fn narrative(&self, agreement: &str, period: &str) -> Result<Narrative> {
        let (id, period) = agreement_period(self, agreement, period)?;
        let conn = self.read();
        let mut stmt = conn.prepare(
            "SELECT h.heading, COALESCE(n.text, '') FROM narrative_heading h
             LEFT JOIN narrative_answer n ON n.heading_id = h.id AND n.period = ?2
             WHERE h.agreement_id = ?1 ORDER BY h.position, h.id",
        )?;
        let answers = stmt
            .query_map(params![id, period], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare(
            "SELECT m.code, c.text, c.partners, c.what_works, c.next_steps FROM measure_curve c
             JOIN measure m ON m.id = c.measure_id
             WHERE m.agreement_id = ?1 AND c.period = ?2 ORDER BY m.position",
        )?;
        let curves = stmt
            .query_map(params![id, period], |r| {
                Ok(CurveNote {
                    code: r.get(0)?,
                    story: r.get(1)?,
                    partners: r.get(2)?,
                    what_works: r.get(3)?,
                    next_steps: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Narrative {
            agreement: agreement.trim().to_string(),
            period,
            answers,
            curves,
        })
    }

    /// Sets the answer under one of the agreement's headings (matched
    /// without regard to case) for a period; returns the heading as stored.
    pub fn set_narrative_answer(
        &mut self,
        agreement: &str,
        period: &str,
        heading: &str,
        text: &str,
    ) -> Result<String> {
        check_text("text", text, false, LONG_TEXT_MAX)?;
        let (id, period) = agreement_period(self, agreement, period)?;
        self.write(|tx| {
            let (heading_id, stored): (Key, String) = tx
                .query_row(
                    "SELECT id, heading FROM narrative_heading WHERE agreement_id = ?1 AND heading = ?2 COLLATE NOCASE",
                    params![id, heading.trim()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or_else(|| Error::NotFound {
                    what: "narrative heading",
                    key: heading.trim().to_string(),
                    hint: "check it against the agreement's narrative headings",
                })?;
            tx.execute(
                "INSERT INTO narrative_answer (heading_id, period, text) VALUES (?1, ?2, ?3)
                 ON CONFLICT (heading_id, period) DO UPDATE SET text = excluded.text",
                params![heading_id, period, text],
            )?;
            Ok(stored)
        })
    }

    /// Sets the story behind a measure's curve for a period.
    pub fn set_curve_story(
        &mut self,
        agreement: &str,
        period: &str,
        code: &str,
        text: &str,
    ) -> Result<()> {
        check_text("text", text, false, LONG_TEXT_MAX)?;
        let (_, period) = agreement_period(self, agreement, period)?;
        self.write(|tx| {
            let measure = measure_id(tx, agreement, code)?;
            tx.execute(
                "INSERT INTO measure_curve (measure_id, period, text) VALUES (?1, ?2, ?3)
                 ON CONFLICT (measure_id, period) DO UPDATE SET text = excluded.text",
                params![measure, period, text],
            )?;
            Ok(())
        })
    }

    /// Sets every turn-the-curve note of a measure for a period.
    pub fn set_curve_note(
        &mut self,
        agreement: &str,
        period: &str,
        note: &CurveNote,
    ) -> Result<()> {
        note.validate()?;
        let (_, period) = agreement_period(self, agreement, period)?;
        self.write(|tx| {
            let measure = measure_id(tx, agreement, &note.code)?;
            tx.execute(
                "INSERT INTO measure_curve (measure_id, period, text, partners, what_works, next_steps)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (measure_id, period) DO UPDATE SET text = excluded.text,
                 partners = excluded.partners, what_works = excluded.what_works,
                 next_steps = excluded.next_steps",
                params![measure, period, note.story, note.partners, note.what_works, note.next_steps],
            )?;
            Ok(())
        })
    }

    /// Sets (or with an amount of 0, removes) a line of other income.
    pub fn set_other_income(&mut self, income: &OtherIncome) -> Result<()> {
        income.validate()?;
        let (id, period) = agreement_period(self, &income.agreement, &income.period)?;
        self.write(|tx| {
            if income.amount_pence == 0 {
                tx.execute(
                    "DELETE FROM other_income WHERE agreement_id = ?1 AND period = ?2 AND source = ?3",
                    params![id, period, income.source.trim()],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO other_income (agreement_id, period, source, amount_pence) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (agreement_id, period, source) DO UPDATE SET amount_pence = excluded.amount_pence",
                    params![id, period, income.source.trim(), income.amount_pence],
                )?;
            }
            Ok(())
        })
    }

    /// An agreement's other income, by period then source.
    pub fn other_income(&self, agreement: &str) -> Result<Vec<OtherIncome>> {
        let id = agreement_id(self.read(), agreement)?;
        let mut stmt = self.read().prepare(
            "SELECT a.reference, i.period, i.source, i.amount_pence FROM other_income i
             JOIN agreement a ON a.id = i.agreement_id WHERE i.agreement_id = ?1 ORDER BY i.period, i.source",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(OtherIncome {
                agreement: r.get(0)?,
                period: r.get(1)?,
                source: r.get(2)?,
                amount_pence: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets the forecast of spend to the agreement's end for a period's return.
    pub fn set_forecast(&mut self, forecast: &Forecast) -> Result<()> {
        if forecast.forecast_pence < 0 {
            return Err(Error::invalid("forecast", "cannot be negative"));
        }
        let (id, period) = agreement_period(self, &forecast.agreement, &forecast.period)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO finance_forecast (agreement_id, period, forecast_pence) VALUES (?1, ?2, ?3)
                 ON CONFLICT (agreement_id, period) DO UPDATE SET forecast_pence = excluded.forecast_pence",
                params![id, period, forecast.forecast_pence],
            )?;
            Ok(())
        })
    }

    /// The forecast stated with a period's return, if any.
    pub fn forecast(&self, agreement: &str, period: &str) -> Result<Option<Forecast>> {
        let (id, period) = agreement_period(self, agreement, period)?;
        let reference = agreement.trim().to_string();
        Ok(self
            .read()
            .query_row(
                "SELECT forecast_pence FROM finance_forecast WHERE agreement_id = ?1 AND period = ?2",
                params![id, period],
                |r| {
                    Ok(Forecast {
                        agreement: reference.clone(),
                        period: period.clone(),
                        forecast_pence: r.get(0)?,
                    })
                },
            )
            .optional()?)
    }

    /// Sets budget and spend under one cost heading for an agreement's
    /// period; a line of nothing (no budget, no spend, no note) is removed.
    /// The heading must be one of the agreement's, or one already holding a
    /// line (so that a line kept from before can still be corrected).
    pub fn set_finance(&mut self, finance: &Finance) -> Result<Finance> {
        let mut saved = self.set_finances(std::slice::from_ref(finance))?;
        Ok(saved.remove(0))
    }

    /// Sets several cost lines at once, all or nothing: the whole of a
    /// period's money is saved together, so that no line typed is lost.
    pub fn set_finances(&mut self, lines: &[Finance]) -> Result<Vec<Finance>> {
        let mut saved = Vec::with_capacity(lines.len());
        let mut rows = Vec::with_capacity(lines.len());
        for finance in lines {
            finance.validate()?;
            let (id, period) = agreement_period(self, &finance.agreement, &finance.period)?;
            let agreement = self.agreement(&finance.agreement)?;
            let heading = self.cost_heading_named(id, &agreement, &finance.heading)?;
            rows.push(id);
            saved.push(Finance {
                agreement: agreement.reference,
                period,
                heading,
                note: finance.note.trim().to_string(),
                ..finance.clone()
            });
        }
        self.write(|tx| {
            for (id, line) in rows.iter().zip(&saved) {
                if line.budget_pence == 0 && line.actual_pence == 0 && line.note.is_empty() {
                    tx.execute(
                        "DELETE FROM finance_line WHERE agreement_id = ?1 AND period = ?2 AND heading = ?3",
                        params![id, line.period, line.heading],
                    )?;
                } else {
                    tx.execute(
                        "INSERT INTO finance_line (agreement_id, period, heading, budget_pence, actual_pence, note)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                         ON CONFLICT (agreement_id, period, heading) DO UPDATE SET budget_pence = excluded.budget_pence,
                         actual_pence = excluded.actual_pence, note = excluded.note",
                        params![
                            id,
                            line.period,
                            line.heading,
                            line.budget_pence,
                            line.actual_pence,
                            line.note
                        ],
                    )?;
                }
            }
            Ok(())
        })?;
        Ok(saved)
    }

    /// The agreement's own spelling of a cost heading typed in any case.
    fn cost_heading_named(&self, id: Key, agreement: &Agreement, typed: &str) -> Result<String> {
        let typed = typed.trim();
        if let Some(h) = agreement
            .cost_headings
            .iter()
            .find(|h| h.eq_ignore_ascii_case(typed))
        {
            return Ok(h.clone());
        }
        let kept: Option<String> = self
            .read()
            .query_row(
                "SELECT heading FROM finance_line WHERE agreement_id = ?1 AND heading = ?2 LIMIT 1",
                params![id, typed],
                |r| r.get(0),
            )
            .optional()?;
        kept.ok_or_else(|| {
            Error::invalid(
                "heading",
                format!(
                    "{typed:?} is not one of this agreement's cost headings; use one of: {}",
                    agreement.cost_headings.join("; ")
                ),
            )
        })
    }

    /// An agreement's finance lines: by period, then in the order of its
    /// cost headings (a line under a heading no longer listed comes last).
    pub fn finances(&self, agreement: &str) -> Result<Vec<Finance>> {
        let id = agreement_id(self.read(), agreement)?;
        let mut stmt = self.read().prepare(
            "SELECT a.reference, f.period, f.heading, f.budget_pence, f.actual_pence, f.note FROM finance_line f
             JOIN agreement a ON a.id = f.agreement_id
             LEFT JOIN cost_heading h ON h.agreement_id = f.agreement_id AND h.heading = f.heading
             WHERE f.agreement_id = ?1 ORDER BY f.period, h.position IS NULL, h.position, f.heading",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(Finance {
                agreement: r.get(0)?,
                period: r.get(1)?,
                heading: r.get(2)?,
                budget_pence: r.get(3)?,
                actual_pence: r.get(4)?,
                note: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records an evidence file that has been copied into the data folder.
    pub fn add_evidence_file(&mut self, file: &EvidenceFile) -> Result<EvidenceFile> {
        file.validate()?;
        let fy = self.organisation()?.fy_start_month;
        self.write(|tx| {
            let (session, story, agreement, period) = match &file.attached_to {
                Attachment::Session { session } => (Some(session_id(tx, session)?), None, None, None),
                Attachment::Story { story } => {
                    (None, Some(numbered_key(tx, "story", *story)?), None, None)
                }
                Attachment::Period { agreement, period } => {
                    let id = agreement_id(tx, agreement)?;
                    let period = periods::find(&read_agreement_by_id(tx, id)?, fy, period)?.id;
                    (None, None, Some(id), Some(period))
                }
            };
            let number = next_row_number(tx, "evidence_file")?;
            tx.execute(
                "INSERT INTO evidence_file (file_name, sha256, size, added_at, session_id, story_id, agreement_id, period, id, number)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    file.file_name.trim(),
                    file.sha256.to_lowercase(),
                    file.size as i64,
                    file.added_at,
                    session,
                    story,
                    agreement,
                    period,
                    Key::new(),
                    number
                ],
            )?;
            Ok(EvidenceFile {
                id: number,
                ..file.clone()
            })
        })
    }

    /// Every evidence file's record, by when it was added.
    pub fn evidence_files(&self) -> Result<Vec<EvidenceFile>> {
        let mut stmt = self.read().prepare(
            "SELECT e.number, e.file_name, e.sha256, e.size, e.added_at, s.reference, t.number, a.reference, e.period
             FROM evidence_file e LEFT JOIN session s ON s.id = e.session_id LEFT JOIN story t ON t.id = e.story_id
             LEFT JOIN agreement a ON a.id = e.agreement_id ORDER BY e.added_at, e.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let session: Option<String> = r.get(5)?;
            let story: Option<i64> = r.get(6)?;
            let attached_to = match (session, story) {
                (Some(session), _) => Attachment::Session { session },
                (None, Some(story)) => Attachment::Story { story },
                (None, None) => Attachment::Period {
                    agreement: r.get(7)?,
                    period: r.get(8)?,
                },
            };
            Ok(EvidenceFile {
                id: r.get(0)?,
                file_name: r.get(1)?,
                sha256: r.get(2)?,
                size: r.get::<_, i64>(3)? as u64,
                added_at: r.get(4)?,
                attached_to,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes an evidence file's record (the copy is kept until no record names it).
    pub fn delete_evidence_file(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            let key = numbered_key(tx, "evidence_file", id)?;
            tx.execute("DELETE FROM evidence_file WHERE id = ?1", [key])?;
            Ok(())
        })
    }

    /// Stores a return as it was sent.
    pub fn add_submission(&mut self, submission: &Submission) -> Result<Submission> {
        let (id, period) = agreement_period(self, &submission.agreement, &submission.period)?;
        self.write(|tx| {
            let number = next_row_number(tx, "submission")?;
            tx.execute(
                "INSERT INTO submission (agreement_id, period, submitted_at, pack_sha256, values_json, id, number)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, period, submission.submitted_at, submission.pack_sha256, submission.values.to_string(), Key::new(), number],
            )?;
            Ok(Submission {
                id: number,
                period,
                ..submission.clone()
            })
        })
    }

    /// An agreement's submissions, oldest first.
    pub fn submissions(&self, agreement: &str) -> Result<Vec<Submission>> {
        let id = agreement_id(self.read(), agreement)?;
        let mut stmt = self.read().prepare(
            "SELECT s.number, a.reference, s.period, s.submitted_at, s.pack_sha256, s.values_json FROM submission s
             JOIN agreement a ON a.id = s.agreement_id WHERE s.agreement_id = ?1 ORDER BY s.submitted_at, s.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            let values: String = r.get(5)?;
            Ok(Submission {
                id: r.get(0)?,
                agreement: r.get(1)?,
                period: r.get(2)?,
                submitted_at: r.get(3)?,
                pack_sha256: r.get(4)?,
                values: serde_json::from_str(&values).unwrap_or(serde_json::Value::Null),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
