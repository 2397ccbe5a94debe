//! The subject-access workbook: one sheet per kind of record held about
//! the person, headed, every cell text or a number (nothing computes).

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::SubjectAccess;
use crate::error::Result;

/// The workbook's bytes.
pub fn write(held: &SubjectAccess) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    sheet(&mut book, "Record", &["What", "Held"], record(held))?;
    sheet(
        &mut book,
        "Attendance",
        &["Date", "Programme", "Session"],
        held.attendance
            .iter()
            .map(|m| vec![m.date.to_string(), m.programme.clone(), m.session.clone()])
            .collect(),
    )?;
    sheet(
        &mut book,
        "Scores",
        &["Date", "Indicator", "Score", "Stage"],
        held.assessments
            .iter()
            .map(|a| {
                vec![
                    a.date.to_string(),
                    a.indicator.clone(),
                    a.score.to_string(),
                    a.stage.map(|s| s.as_str().to_string()).unwrap_or_default(),
                ]
            })
            .collect(),
    )?;
    sheet(
        &mut book,
        "Outcomes",
        &[
            "Date",
            "Outcome",
            "Programme",
            "Note",
            "Noticed by",
            "Logged by",
        ],
        held.outcome_log
            .iter()
            .map(|e| {
                vec![
                    e.date.to_string(),
                    e.outcome.clone(),
                    e.programme.clone().unwrap_or_default(),
                    e.note.clone(),
                    e.source.clone(),
                    e.logged_by.clone(),
                ]
            })
            .collect(),
    )?;
    sheet(
        &mut book,
        "Stories",
        &[
            "Number",
            "Date",
            "Title",
            "Consent",
            "Situation",
            "Action",
            "Difference",
            "Quote",
        ],
        held.stories
            .iter()
            .map(|s| {
                vec![
                    s.id.to_string(),
                    s.date.to_string(),
                    s.title.clone(),
                    yes_no(s.consent),
                    s.situation.clone(),
                    s.action.clone(),
                    s.difference.clone(),
                    s.quote.clone(),
                ]
            })
            .collect(),
    )?;
    sheet(
        &mut book,
        "Files",
        &["File", "Attached to"],
        held.files
            .iter()
            .map(|f| vec![f.file_name.clone(), f.attached_to.clone()])
            .collect(),
    )?;
    sheet(
        &mut book,
        "History",
        &["Number", "When", "What changed"],
        held.history
            .iter()
            .map(|c| vec![c.id.to_string(), c.at.clone(), c.summary()])
            .collect(),
    )?;
    Ok(book.save_to_buffer()?)
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// The person's own record, field by field.
fn record(held: &SubjectAccess) -> Vec<Vec<String>> {
    let p = &held.participant;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let known = |b: Option<bool>| b.map(yes_no).unwrap_or_else(|| "not known".into());
    vec![
        vec!["Prepared on".into(), held.prepared_on.to_string()],
        vec!["Code".into(), p.code.clone()],
        vec!["Known as".into(), p.known_as.clone()],
        vec!["Date of birth".into(), date(p.date_of_birth)],
        vec!["Gender".into(), p.gender.clone()],
        vec!["Ethnicity".into(), p.ethnicity.clone()],
        vec!["Area".into(), p.area.clone()],
        vec!["Disability".into(), known(p.disability)],
        vec!["Special educational needs".into(), known(p.sen)],
        vec!["Priority groups".into(), p.groups.join("; ")],
        vec!["Referred by".into(), p.referral_source.clone()],
        vec!["Consent recorded on".into(), date(p.consent.date)],
        vec!["Consent for photos".into(), yes_no(p.consent.photos)],
        vec!["Consent for stories".into(), yes_no(p.consent.stories)],
        vec![
            "Lawful basis".into(),
            p.consent
                .lawful_basis
                .map(|b| b.as_str().to_string())
                .unwrap_or_default(),
        ],
        vec![
            "Consent given by".into(),
            p.consent
                .given_by
                .map(|b| b.as_str().to_string())
                .unwrap_or_default(),
        ],
        vec!["Consent review due".into(), date(p.consent.review_date)],
        vec!["Left on".into(), date(p.left_date)],
        vec!["Anonymised on".into(), date(held.anonymised_on)],
    ]
}

/// A sheet of text under a bold header row, columns wide enough to read.
fn sheet(book: &mut Workbook, name: &str, header: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
    let ws: &mut Worksheet = book.add_worksheet();
    ws.set_name(name)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for (c, title) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *title, &bold)?;
        ws.set_column_width(c as u16, 24)?;
    }
    if rows.is_empty() {
        ws.write_string(1, 0, "Nothing held")?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string_with_format(r as u32 + 1, c as u16, text, &wrap)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}
