//! The returns workbook: every sheet DESIGN names, in its order. User text
//! is always written as a string, with a quote prefix when it begins like a
//! formula, so no cell can ever compute.

use rust_xlsxwriter::{
    Chart, ChartEmptyCells, ChartFormat, ChartLine, ChartLineDashType, ChartMarker,
    ChartMarkerType, ChartType, DocProperties, Workbook,
};

use super::formats::Formats;
use super::sheet::{is_whole, Sheet};
use super::Contents;
use crate::error::Result;
use crate::measures::{MeasureRow, Status};
use crate::records::{Question, Unit};

/// The sheets, in order.
pub const SHEETS: [&str; 12] = [
    "Cover",
    "Summary",
    "Trend",
    "Demographics",
    "Activity",
    "Participants",
    "Outcomes",
    "Stories",
    "Narrative",
    "Finance",
    "Data quality",
    "Evidence",
];

/// The Summary sheet's header row, exactly as DESIGN gives it.
pub const SUMMARY_HEADER: [&str; 9] = [
    "Code",
    "Measure",
    "Question",
    "Baseline",
    "Target",
    "This period",
    "Year to date",
    "Variance",
    "Status",
];

/// Writes the whole workbook into memory.
pub fn build(c: &Contents) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} return, {}", c.agreement.title, c.period.id))
            .set_subject(format!(
                "{} {} ({} to {})",
                c.agreement.reference, c.period.id, c.period.start, c.period.end
            ))
            .set_company(&c.organisation.name)
            .set_author(&c.prepared_by)
            .set_comment(format!("Written by Evident {}", crate::VERSION)),
    );
    let f = Formats::new();
    // Until the return is approved, every page says it is a draft.
    let draft = if c.approval.is_none() {
        format!(" – {DRAFT}")
    } else {
        String::new()
    };
    let header_text = format!(
        "&L{}&C&A{draft}&R{} {}",
        escape_header(&c.organisation.name),
        escape_header(&c.agreement.reference),
        escape_header(&c.period.id)
    );
    for name in SHEETS {
        let ws = workbook.add_worksheet();
        ws.set_name(name)?;
        // Trend's blocks, two to a page, stand taller than they are wide.
        if name == "Trend" {
            ws.set_portrait();
        } else {
            ws.set_landscape();
        }
        ws.set_paper_size(9); // A4
        ws.set_print_fit_to_pages(1, 0);
        ws.set_header(&header_text);
        ws.set_footer("&CPage &P of &N");
        let mut sheet = Sheet::new(ws, &f);
        match name {
            "Cover" => cover(&mut sheet, c)?,
            "Summary" => summary(&mut sheet, c)?,
            "Trend" => trend(&mut sheet, c)?,
            "Demographics" => demographics(&mut sheet, c)?,
            "Activity" => activity(&mut sheet, c)?,
            "Participants" => participants(&mut sheet, c)?,
            "Outcomes" => outcomes(&mut sheet, c)?,
            "Stories" => stories(&mut sheet, c)?,
            "Narrative" => narrative(&mut sheet, c)?,
            "Finance" => finance(&mut sheet, c)?,
            "Data quality" => data_quality(&mut sheet, c)?,
            _ => evidence(&mut sheet, c)?,
        }
        sheet.fit_rows()?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// What a return not yet approved says of itself.
pub const DRAFT: &str = "DRAFT – not yet approved";

/// `&` starts a code in a page header; a literal one is doubled.
fn escape_header(text: &str) -> String {
    text.replace('&', "&&")
}

/// A month as a reader says it ("January 2026") from its id ("2026-01").
fn month_name(id: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{id}-01"), "%Y-%m-%d")
        .map(|d| d.format("%B %Y").to_string())
        .unwrap_or_else(|_| id.to_string())
}

/// How many of a check's records a cell lists before saying how many more.
const RECORDS_SHOWN: usize = 50;

/// A check's records for a cell: the first few, then how many more, so a
/// large organisation's list never outgrows a cell (32,767 characters).
fn some_records(records: &[String]) -> String {
    if records.len() <= RECORDS_SHOWN {
        return records.join(", ");
    }
    format!(
        "{}, … and {} more",
        records[..RECORDS_SHOWN].join(", "),
        records.len() - RECORDS_SHOWN
    )
}

fn question_heading(q: Question) -> &'static str {
    match q {
        Question::HowMuch => "How much did we do?",
        Question::HowWell => "How well did we do it?",
        Question::BetterOff => "Is anyone better off?",
    }
}

fn status_word(status: Option<Status>) -> &'static str {
    match status {
        Some(Status::Green) => "Green: met",
        Some(Status::Amber) => "Amber: close",
        Some(Status::Red) => "Red: short",
        None => "",
    }
}

fn cover(s: &mut Sheet, c: &Contents) -> Result<()> {
    s.widths(&[36.0, 80.0])?;
    s.title(0, &format!("{}: monitoring return", c.organisation.name))?;
    if c.approval.is_none() {
        let f = s.f.label.clone();
        s.text_with(1, 0, DRAFT, &f)?;
    }
    let rows = cover_details(c);
    for (i, (label, value)) in rows.iter().enumerate() {
        let row = i as u32 + 2;
        let f = s.f.label.clone();
        s.text_with(row, 0, label, &f)?;
        match *label {
            "From" => s.date_with(row, 1, c.period.start, &s.f.date_left.clone())?,
            "To" => s.date_with(row, 1, c.period.end, &s.f.date_left.clone())?,
            "Return due" => s.date_with(row, 1, c.period.due, &s.f.date_left.clone())?,
            _ => s.wrapped(row, 1, value)?,
        }
    }
    let row = cover_safeguarding(s, c, rows.len() as u32 + 3)?;
    let row = cover_sign_off(s, c, row)?;
    let first_row = row + 2;
    for (row, check) in (first_row..).zip(c.checks.iter().filter(|k| !k.passed())) {
        s.wrapped(
            row,
            1,
            &format!(
                "{} No ({})",
                check.title,
                crate::error::count(check.records.len(), "record")
            ),
        )?;
    }
    Ok(())
}

/// The Cover's details, label and value; the dates are written as dates
/// where their labels are.
fn cover_details(c: &Contents) -> Vec<(&'static str, String)> {
    let warnings = c.checks.iter().filter(|k| !k.passed()).count();
    vec![
        ("Organisation", c.organisation.name.clone()),
        ("Charity number", c.organisation.charity_number.clone()),
        ("Funder", c.agreement.funder.clone()),
        ("Agreement", c.agreement.title.clone()),
        ("Reference", c.agreement.reference.clone()),
        ("Kind", c.agreement.kind.to_string()),
        ("Period", c.period.id.clone()),
        ("From", String::new()),
        ("To", String::new()),
        ("Return due", String::new()),
        (
            "Project summary",
            if c.agreement.summary.trim().is_empty() {
                "Not given".to_string()
            } else {
                c.agreement.summary.clone()
            },
        ),
        (
            "Also funded by",
            if c.also_funded.is_empty() {
                "No other agreement pays for this work in this period".to_string()
            } else {
                c.also_funded
                    .iter()
                    .map(|a| a.sentence())
                    .collect::<Vec<_>>()
                    .join(". ")
            },
        ),
        ("Contact for this return", {
            let o = &c.organisation;
            let contact: Vec<&str> = [
                &o.contact_name,
                &o.contact_role,
                &o.contact_email,
                &o.contact_phone,
            ]
            .into_iter()
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
            .collect();
            if contact.is_empty() {
                "Not given".to_string()
            } else {
                contact.join(", ")
            }
        }),
        (
            "Prepared by",
            if c.prepared_by.trim().is_empty() {
                "Not given".into()
            } else {
                c.prepared_by.clone()
            },
        ),
        (
            "Generated at",
            c.generated_at.format("%d/%m/%Y %H:%M").to_string(),
        ),
        ("Evident version", crate::VERSION.to_string()),
        (
            "Laptops",
            c.laptops
                .clone()
                .unwrap_or_else(|| "All records are kept on this laptop".to_string()),
        ),
        (
            "Checks",
            if warnings == 0 {
                "All readiness checks passed".into()
            } else {
                format!(
                    "{warnings} of {} readiness checks need attention (see Data quality)",
                    c.checks.len()
                )
            },
        ),
    ]
}

/// Safeguarding on the Cover, from `row`: counts and dates only, never a
/// name or a case. The row after it.
fn cover_safeguarding(s: &mut Sheet, c: &Contents, mut row: u32) -> Result<u32> {
    let label = s.f.label.clone();
    s.text_with(row, 0, "Safeguarding", &label)?;
    row += 1;
    let team = &c.team;
    let lead = team
        .safeguarding_lead
        .clone()
        .unwrap_or_else(|| "Not named".to_string());
    let dbs = format!(
        "{} of {} on the team at the end of the period",
        team.dbs_in_date, team.on_team
    );
    let counts: Vec<(&str, Option<u32>)> = match &c.safeguarding {
        Some(f) => vec![
            ("Concerns raised", Some(f.concerns)),
            ("Referrals to children's social care", Some(f.referrals)),
            ("Incidents", Some(f.incidents)),
            (
                "Allegations against staff or volunteers",
                Some(f.allegations),
            ),
        ],
        None => vec![("Figures", None)],
    };
    for (what, n) in counts {
        s.text_with(row, 0, what, &label)?;
        match n {
            Some(n) => s.count_left(row, 1, n)?,
            None => s.text(row, 1, "Not recorded for this period")?,
        }
        row += 1;
    }
    s.text_with(row, 0, "DBS checks in date", &label)?;
    s.text(row, 1, &dbs)?;
    row += 1;
    s.text_with(row, 0, "Safeguarding policy last reviewed", &label)?;
    match c.safeguarding.as_ref().and_then(|f| f.policy_reviewed) {
        Some(day) => s.date_with(row, 1, day, &s.f.date_left.clone())?,
        None => s.text(row, 1, "Not recorded")?,
    }
    row += 1;
    s.text_with(row, 0, "Designated safeguarding lead", &label)?;
    s.text(row, 1, &lead)?;
    row += 2;

    Ok(row)
}

/// The sign-off on the Cover, from `row`: filled once the return is marked
/// approved, lines to sign on otherwise; a second signatory's too where
/// there is one. The row of its date.
fn cover_sign_off(s: &mut Sheet, c: &Contents, mut row: u32) -> Result<u32> {
    let label = s.f.label.clone();
    s.text_with(row, 0, "Sign-off", &label)?;
    row += 1;
    let line = "_".repeat(40);
    let mut signatories = match &c.approval {
        Some(a) => vec![(a.name.clone(), a.role.clone())],
        None => vec![(line.clone(), line.clone())],
    };
    if let Some(a) = c.approval.as_ref().filter(|a| !a.second_name.is_empty()) {
        signatories.push((a.second_name.clone(), a.second_role.clone()));
    }
    for (i, (name, role)) in signatories.into_iter().enumerate() {
        let approved_by = if i == 0 {
            "Approved by"
        } else {
            "Second signatory"
        };
        for (what, value) in [(approved_by, name), ("Role", role)] {
            s.text_with(row, 0, what, &label)?;
            s.text(row, 1, &value)?;
            row += 1;
        }
    }
    s.text_with(row, 0, "Date", &label)?;
    match &c.approval {
        // A date is a date, dd/mm/yyyy.
        Some(a) => s.date_with(row, 1, a.approved_at.date(), &s.f.date_left.clone())?,
        None => s.text(row, 1, &line)?,
    }
    Ok(row)
}

fn summary(s: &mut Sheet, c: &Contents) -> Result<()> {
    s.widths(&[9.0, 44.0, 12.0, 11.0, 11.0, 12.0, 13.0, 11.0, 14.0])?;
    s.header_numbers(0, &SUMMARY_HEADER, 3..8)?;
    let mut row = 1;
    for question in Question::ALL {
        let rows: Vec<&MeasureRow> = c
            .report
            .rows
            .iter()
            .filter(|r| r.question == *question)
            .collect();
        if rows.is_empty() {
            continue;
        }
        s.band(row, question_heading(*question), 8)?;
        row += 1;
        for r in rows {
            s.text(row, 0, &r.code)?;
            s.wrapped(row, 1, &r.measure)?;
            s.text(row, 2, r.question.as_str())?;
            let figures = [
                r.baseline,
                r.target,
                r.this_period,
                r.year_to_date,
                r.variance,
            ];
            let decimals = figures.iter().flatten().any(|v| !is_whole(*v));
            s.value_as(row, 3, r.baseline, r.unit, decimals)?;
            s.value_as(row, 4, r.target, r.unit, decimals)?;
            if c.withheld.contains(&r.code) {
                // Its figure would give away a count Demographics hides.
                s.right(row, 5, WITHHELD)?;
                match r.year_to_date {
                    Some(_) => s.value_as(row, 6, r.year_to_date, r.unit, decimals)?,
                    None => s.right(row, 6, WITHHELD)?,
                }
                s.right(row, 7, WITHHELD)?;
            } else {
                s.value_as(row, 5, r.this_period, r.unit, decimals)?;
                s.value_as(row, 6, r.year_to_date, r.unit, decimals)?;
                s.variance(row, 7, r.variance, r.unit, decimals)?;
            }
            let fill = match r.status {
                Some(Status::Green) => s.f.green.clone(),
                Some(Status::Amber) => s.f.amber.clone(),
                Some(Status::Red) => s.f.red.clone(),
                None => s.f.status.clone(),
            };
            s.text_with(row, 8, status_word(r.status), &fill)?;
            row += 1;
        }
    }
    if !c.withheld.is_empty() {
        s.wrapped(
            row + 1,
            1,
            &format!(
                "{WITHHELD}: a figure that would let a reader work out a number of people hidden as a small number (fewer than {}) on the Demographics sheet.",
                c.breakdowns.threshold
            ),
        )?;
    }
    s.freeze_above(1)?;
    Ok(())
}

/// What a figure withheld for small numbers shows instead.
const WITHHELD: &str = "withheld";

/// Rows a measure's chart takes under its table.
const CHART_ROWS: u32 = 12;

/// Measures on each printed page of the Trend sheet.
const MEASURES_PER_PAGE: usize = 2;

/// One block per measure, in Summary's order: its value in each period so
/// far (the latest twelve) against its target, its baseline and direction,
/// and a chart of that measure alone, so that no chart mixes units. A period
/// with no value is an empty cell, drawn as a gap, never as zero.
fn trend(s: &mut Sheet, c: &Contents) -> Result<()> {
    let periods = &c.trend;
    let mut widths = vec![34.0];
    widths.extend(std::iter::repeat_n(11.0, periods.len()));
    s.widths(&widths)?;
    let last_col = periods.len() as u16;
    let mut row = 0;
    let mut breaks = Vec::new();
    let measures = Question::ALL
        .iter()
        .flat_map(|q| c.report.rows.iter().filter(move |r| r.question == *q));
    for (n, m) in measures.enumerate() {
        if n > 0 && n % MEASURES_PER_PAGE == 0 {
            breaks.push(row);
        }
        s.band(row, &format!("{} {}", m.code, m.measure), last_col)?;
        // Decimals for the whole block when any of its figures has them.
        let decimals = periods
            .iter()
            .filter_map(|(_, report)| report.rows.iter().find(|r| r.code == m.code))
            .flat_map(|r| [r.this_period, r.target])
            .chain([m.baseline])
            .flatten()
            .any(|v| !is_whole(v));
        let direction = if m.higher_is_better {
            "higher is better"
        } else {
            "lower is better"
        };
        let baseline = match (m.baseline, c.baselines_from.get(&m.code)) {
            (Some(b), Some(from)) => {
                format!("baseline {} (its value in {from})", shown_value(b, m.unit))
            }
            (Some(b), None) => format!("baseline {}", shown_value(b, m.unit)),
            (None, _) => "no baseline yet: no period has a value".to_string(),
        };
        s.text(
            row + 1,
            0,
            &format!("{}; {direction}; {baseline}", unit_words(m.unit, decimals)),
        )?;
        let mut labels = vec!["Period"];
        labels.extend(periods.iter().map(|(p, _)| p.id.as_str()));
        s.header_numbers(row + 2, &labels, 1..last_col + 1)?;
        for (offset, (series, target)) in [("Actual", false), ("Target", true)]
            .into_iter()
            .enumerate()
        {
            let at = row + 3 + offset as u32;
            s.text(at, 0, series)?;
            for (i, (period, report)) in periods.iter().enumerate() {
                let found = report.rows.iter().find(|r| r.code == m.code);
                let value = if target {
                    found.and_then(|r| r.target)
                } else {
                    let quiet = c.periods_without_sessions.contains(&period.id);
                    crate::measures::charted(found.and_then(|r| r.this_period), quiet)
                };
                if let Some(v) = value {
                    s.value_as(at, 1 + i as u16, Some(v), m.unit, decimals)?;
                }
            }
        }
        // The next period: a forecast, labelled so, never a result.
        let note_row = match c.forecasts.get(&m.code) {
            Some(f) => {
                s.wrapped(
                    row + 5,
                    0,
                    &format!(
                        "Forecast for {}: where the last four values are heading",
                        f.period
                    ),
                )?;
                s.value_as(row + 5, 1, f.heading, m.unit, decimals)?;
                s.text(row + 6, 0, &format!("Target for {}", f.period))?;
                match f.target {
                    Some(t) => s.value_as(row + 6, 1, Some(t), m.unit, decimals)?,
                    None => s.text(row + 6, 1, "not set")?,
                }
                row + 7
            }
            None => row + 5,
        };
        s.text(
            note_row,
            0,
            if c.withheld.contains(&m.code) {
                "A blank is a period with no value (nothing to count, no sessions held, or no target set); this period's value is withheld for small numbers."
            } else {
                "A blank is a period with no value (nothing to count, no sessions held, or no target set)."
            },
        )?;
        s.chart(note_row + 1, &measure_chart(m, row, last_col))?;
        row = note_row + 1 + CHART_ROWS + 1;
    }
    if c.report.rows.is_empty() {
        s.text(0, 0, "This agreement has no measures yet.")?;
    }
    s.page_breaks(&breaks)?;
    Ok(())
}

/// The chart of one measure's block (its table starts at `row`): actual and
/// target over the periods, gaps where there is no value, and an axis in the
/// measure's own unit (whole numbers for a count).
fn measure_chart(m: &MeasureRow, row: u32, last_col: u16) -> Chart {
    let mut chart = Chart::new(ChartType::Line);
    chart.title().set_name(&format!("{} {}", m.code, m.measure));
    chart.show_empty_cells_as(ChartEmptyCells::Gaps);
    chart.x_axis().set_name("Period");
    let axis = chart.y_axis();
    axis.set_min(0);
    match m.unit {
        Unit::Percent => {
            axis.set_num_format("0%");
        }
        Unit::Currency => {
            axis.set_num_format("\"£\"#,##0");
        }
        Unit::Hours => {
            axis.set_num_format("#,##0");
        }
        Unit::Number => {
            axis.set_num_format("#,##0");
        }
    }
    for (offset, target) in [(3, false), (4, true)] {
        let mut line = ChartLine::new();
        line.set_width(if target { 1.5 } else { 2.25 });
        if target {
            line.set_dash_type(ChartLineDashType::Dash);
        }
        // The name is a cell reference, never text that could be read as a formula.
        chart
            .add_series()
            .set_name(("Trend", row + offset, 0))
            .set_categories(("Trend", row + 2, 1, row + 2, last_col))
            .set_values(("Trend", row + offset, 1, row + offset, last_col))
            .set_marker(ChartMarker::new().set_type(if target {
                ChartMarkerType::Square
            } else {
                ChartMarkerType::Circle
            }))
            .set_format(ChartFormat::new().set_line(&line));
    }
    chart.set_width(860).set_height(CHART_ROWS * 20);
    chart
}

/// A unit in words, for the line under a measure's name: a number with
/// decimals (an average) is not a count.
fn unit_words(unit: Unit, decimals: bool) -> &'static str {
    match unit {
        Unit::Number if decimals => "A number",
        Unit::Number => "A count",
        Unit::Percent => "A percentage",
        Unit::Hours => "Hours",
        Unit::Currency => "Pounds",
    }
}

/// A value as a reader writes it: `12`, `85.2%`, `£1,250.00`.
fn shown_value(v: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{v:.1}%"),
        Unit::Currency => format!("£{v:.2}"),
        _ if v.fract() == 0.0 => format!("{v:.0}"),
        _ => format!("{v:.2}"),
    }
}

fn demographics(s: &mut Sheet, c: &Contents) -> Result<()> {
    s.widths(&[58.0, 10.0, 10.0])?;
    let b = &c.breakdowns;
    s.title(
        0,
        &format!("Who took part in {}: {} people", c.period.id, b.total),
    )?;
    s.wrapped(
        1,
        0,
        &format!(
            "Counts from 1 to {} are shown as <{} to protect individuals; * marks a count hidden so that a small one cannot be worked out from the total.",
            b.threshold - 1,
            b.threshold
        ),
    )?;
    let mut row = 3;
    for d in &b.demographics {
        s.header_numbers(row, &[&d.name, "Count", "%"], 1..3)?;
        row += 1;
        if d.categories
            .iter()
            .all(|c| c.shown == crate::measures::WITHHELD)
        {
            s.wrapped(
                row,
                0,
                "Not shown: so few people that any count here, even hidden, could be worked out from the total.",
            )?;
            row += 2;
            continue;
        }
        for cat in &d.categories {
            s.wrapped(row, 0, &cat.label)?;
            if cat.shown == cat.count.to_string() {
                s.count(row, 1, cat.count as f64)?;
            } else {
                let f = s.f.right.clone();
                s.text_with(row, 1, &cat.shown, &f)?;
            }
            match cat.percent {
                Some(p) => s.value(row, 2, Some(p), Unit::Percent)?,
                None => s.text(row, 2, "")?,
            }
            row += 1;
        }
        row += 1;
    }
    Ok(())
}

fn activity(s: &mut Sheet, c: &Contents) -> Result<()> {
    s.widths(&[12.0, 26.0, 9.0, 9.0, 11.0, 9.0, 11.0, 15.0])?;
    s.header_numbers(
        0,
        &[
            "Date",
            "Programme",
            "Hours",
            "Named",
            "Headcount",
            "Total",
            "Volunteers",
            "Volunteer hours",
        ],
        2..8,
    )?;
    let mut row = 1;
    for a in &c.activity {
        s.date(row, 0, a.date)?;
        s.wrapped(row, 1, &a.programme)?;
        s.value(row, 2, Some(f64::from(a.minutes) / 60.0), Unit::Hours)?;
        s.count(row, 3, a.named)?;
        s.count(row, 4, a.headcount)?;
        s.count(row, 5, a.named + a.headcount)?;
        s.count(row, 6, a.volunteers)?;
        s.value(row, 7, Some(a.volunteer_hours), Unit::Hours)?;
        row += 1;
    }
    row += 1;
    s.header_numbers(
        row,
        &["Month", "Sessions", "Attendances", "Participants"],
        1..4,
    )?;
    row += 1;
    for m in &c.breakdowns.months {
        s.text(row, 0, &month_name(&m.month))?;
        s.count(row, 1, m.sessions as f64)?;
        s.count(row, 2, m.attendances as f64)?;
        s.count(row, 3, m.participants as f64)?;
        row += 1;
    }
    s.freeze_above(1)?;
    Ok(())
}

fn participants(s: &mut Sheet, c: &Contents) -> Result<()> {
    if !c.agreement.participant_rows {
        s.widths(&[90.0])?;
        return s.wrapped(
            0,
            0,
            "This agreement does not ask for participant-level rows; the counts are on Demographics and Activity.",
        );
    }
    s.widths(&[9.0, 10.0, 18.0, 56.0, 16.0, 12.0, 13.0])?;
    s.header_numbers(
        0,
        &[
            "Code",
            "Age band",
            "Gender",
            "Ethnicity",
            "Area",
            "Sessions",
            "First came (month)",
        ],
        5..6,
    )?;
    for (i, p) in c.participants.iter().enumerate() {
        let row = i as u32 + 1;
        s.text(row, 0, &p.code)?;
        s.text(row, 1, &p.age_band)?;
        s.wrapped(row, 2, &p.gender)?;
        s.wrapped(row, 3, &p.ethnicity)?;
        s.wrapped(row, 4, &p.area)?;
        s.count(row, 5, p.sessions)?;
        // A month, not a day: a day could pick someone out.
        let month = p
            .first_attended
            .map(|d| d.format("%B %Y").to_string())
            .unwrap_or_default();
        s.text(row, 6, &month)?;
    }
    s.freeze_above(1)?;
    Ok(())
}

fn outcomes(s: &mut Sheet, c: &Contents) -> Result<()> {
    s.widths(&[36.0, 16.0, 11.0, 12.0, 12.0])?;
    let b = &c.breakdowns;
    s.header_numbers(
        0,
        &[
            "Indicator",
            "Assessed",
            "Improved",
            "% improved",
            "Mean change",
        ],
        1..5,
    )?;
    let mut row = 1;
    // Scores of named people: who was assessed again, and who improved.
    let named: Vec<_> = b
        .indicators
        .iter()
        .filter(|i| i.assessed > 0 || i.responses == 0)
        .collect();
    for i in &named {
        s.wrapped(row, 0, &i.indicator)?;
        s.count(row, 1, i.assessed as f64)?;
        s.count(row, 2, i.improved as f64)?;
        s.value(row, 3, i.percent_improved, Unit::Percent)?;
        s.value(row, 4, i.mean_change, Unit::Number)?;
        row += 1;
    }
    if named.is_empty() {
        s.text(row, 0, "No one was scored again in this period.")?;
        row += 1;
    }
    row += 1;
    // Anonymous feedback: how many responses, and the share at each score.
    let anonymous: Vec<_> = b.indicators.iter().filter(|i| i.responses > 0).collect();
    if !anonymous.is_empty() {
        let mut scores: Vec<f64> = anonymous
            .iter()
            .flat_map(|i| i.by_score.iter().map(|(score, _)| *score))
            .collect();
        scores.sort_by(f64::total_cmp);
        scores.dedup();
        let labels: Vec<String> = scores.iter().map(|v| format!("Scored {v}")).collect();
        let mut header = vec!["Anonymous responses", "Responses"];
        header.extend(labels.iter().map(String::as_str));
        s.header_numbers(row, &header, 1..header.len() as u16)?;
        row += 1;
        for i in anonymous {
            s.wrapped(row, 0, &i.indicator)?;
            s.count(row, 1, i.responses as f64)?;
            for (col, score) in scores.iter().enumerate() {
                let n = i
                    .by_score
                    .iter()
                    .find(|(v, _)| v == score)
                    .map_or(0, |(_, n)| *n);
                let share = 100.0 * n as f64 / i.responses as f64;
                s.value(row, 2 + col as u16, Some(share), Unit::Percent)?;
            }
            row += 1;
        }
        row += 1;
    }
    let mut sources: Vec<&str> = b
        .outcomes
        .iter()
        .flat_map(|o| o.by_source.iter().map(|(s, _)| s.as_str()))
        .collect();
    sources.sort();
    sources.dedup();
    // A source heads its column as a heading does: "Parent or carer".
    let source_labels: Vec<String> = sources
        .iter()
        .map(|source| {
            let mut letters = source.chars();
            letters
                .next()
                .map(|first| first.to_uppercase().chain(letters).collect())
                .unwrap_or_default()
        })
        .collect();
    let mut header = vec!["Outcome", "People with a change logged", "Entries"];
    header.extend(source_labels.iter().map(String::as_str));
    s.header_numbers(row, &header, 1..header.len() as u16)?;
    row += 1;
    for o in &b.outcomes {
        s.wrapped(row, 0, &o.outcome)?;
        s.count(row, 1, o.participants as f64)?;
        s.count(row, 2, o.entries as f64)?;
        for (i, source) in sources.iter().enumerate() {
            let n = o
                .by_source
                .iter()
                .find(|(s, _)| s == source)
                .map_or(0, |(_, n)| *n);
            s.count(row, 3 + i as u16, n as f64)?;
        }
        row += 1;
    }
    let mut widths = vec![36.0, 16.0, 11.0, 12.0, 12.0];
    widths.extend(std::iter::repeat_n(12.0, sources.len().saturating_sub(2)));
    s.widths(&widths)
}

fn stories(s: &mut Sheet, c: &Contents) -> Result<()> {
    s.widths(&[18.0, 100.0])?;
    s.title(
        0,
        &format!("Stories from {} (told with consent)", c.period.id),
    )?;
    if c.stories.is_empty() {
        s.text(2, 0, "No consented stories in this period.")?;
    }
    let mut row = 2;
    for story in &c.stories {
        s.band(row, &story.title, 1)?;
        row += 1;
        // Only this agreement's measures: another funder's codes mean
        // nothing to this reader.
        let codes: Vec<&str> = story
            .measures
            .iter()
            .filter(|m| m.agreement.eq_ignore_ascii_case(&c.agreement.reference))
            .map(|m| m.code.as_str())
            .collect();
        let label = s.f.label.clone();
        for (name, text) in [
            ("Programme", story.programme.clone().unwrap_or_default()),
            ("The situation", story.situation.clone()),
            ("What was done", story.action.clone()),
            ("The difference", story.difference.clone()),
            ("In their words", story.quote.clone()),
            ("Measures", codes.join(", ")),
        ] {
            s.text_with(row, 0, name, &label)?;
            s.wrapped(row, 1, &text)?;
            row += 1;
        }
        s.text_with(row, 0, "Date", &label)?;
        s.date(row, 1, story.date)?;
        row += 2;
    }
    Ok(())
}

fn narrative(s: &mut Sheet, c: &Contents) -> Result<()> {
    s.widths(&[24.0, 30.0, 76.0])?;
    s.header(0, &["Heading", "Guidance", "Answer"])?;
    let mut row = 1;
    for (heading, answer) in &c.narrative.answers {
        let guidance = c
            .agreement
            .headings
            .iter()
            .find(|h| &h.heading == heading)
            .map(|h| h.guidance.as_str())
            .unwrap_or_default();
        s.wrapped_label(row, 0, heading)?;
        s.wrapped(row, 1, guidance)?;
        s.wrapped(
            row,
            2,
            if answer.trim().is_empty() {
                "Not written yet."
            } else {
                answer
            },
        )?;
        row += 1;
    }
    row += 1;
    s.header(row, &["Measure", "Status", "Turning the curve"])?;
    row += 1;
    // Red and amber measures first: they are the ones a reader asks about.
    let mut rows: Vec<&MeasureRow> = c.report.rows.iter().collect();
    rows.sort_by_key(|r| match r.status {
        Some(Status::Red) => 0,
        Some(Status::Amber) => 1,
        _ => 2,
    });
    let mut any = false;
    for r in rows {
        let note = c.narrative.curves.iter().find(|n| n.code == r.code);
        let parts: Vec<String> = note
            .map(|note| {
                [
                    ("The story behind the curve", &note.story),
                    ("Partners with a role", &note.partners),
                    ("What works", &note.what_works),
                    ("What we will do next", &note.next_steps),
                ]
                .into_iter()
                .filter(|(_, text)| !text.trim().is_empty())
                .map(|(label, text)| format!("{label}: {text}"))
                .collect()
            })
            .unwrap_or_default();
        // A red or amber measure is listed even before its story is written,
        // so that the reader sees which ones have none.
        let off_track = matches!(r.status, Some(Status::Red | Status::Amber));
        let parts = match (parts.is_empty(), off_track) {
            (true, false) => continue,
            (true, true) => vec!["Not written yet.".to_string()],
            (false, _) => parts,
        };
        any = true;
        s.wrapped_label(row, 0, &format!("{} {}", r.code, r.measure))?;
        s.text(row, 1, status_word(r.status))?;
        s.wrapped(row, 2, &parts.join("\n"))?;
        row += 1;
    }
    if !any {
        s.text(row, 0, "No turn-the-curve notes for this period.")?;
        row += 1;
    }
    row += 1;
    s.header(row, &["Milestone", "Due and status", "This period"])?;
    row += 1;
    if c.milestones.is_empty() {
        s.text(row, 0, "This agreement has no milestones.")?;
    }
    for m in &c.milestones {
        s.wrapped_label(row, 0, &m.title)?;
        s.wrapped(
            row,
            1,
            &format!("Due {}: {}", m.due_date.format("%d/%m/%Y"), m.status),
        )?;
        let note = m.notes.get(&c.period.id).map(String::as_str).unwrap_or("");
        s.wrapped(
            row,
            2,
            if note.is_empty() {
                "No note for this period."
            } else {
                note
            },
        )?;
        row += 1;
    }
    s.freeze_above(1)?;
    Ok(())
}

fn finance(s: &mut Sheet, c: &Contents) -> Result<()> {
    s.widths(&[30.0, 12.0, 12.0, 12.0, 13.0, 13.0, 13.0, 48.0])?;
    s.header_numbers(
        0,
        &[
            "Cost heading",
            "Budget",
            "Actual",
            "Variance",
            "Budget to date",
            "Actual to date",
            "Variance to date",
            "Note",
        ],
        1..7,
    )?;
    let row = finance_lines(s, c)?;
    let row = staffing_by_post(s, c, row + 2)?;
    let row = forecast_to_the_end(s, c, row + 1)?;
    let row = instalments(s, c, row + 2)?;
    other_income(s, c, row + 2)?;
    s.freeze_above(1)?;
    Ok(())
}

/// The budget and spend by cost heading, this period and to date, with
/// their totals: the row of the totals.
fn finance_lines(s: &mut Sheet, c: &Contents) -> Result<u32> {
    let mut row = 1;
    if c.finances.is_empty() {
        s.text(row, 0, "No budget or spend recorded yet.")?;
    } else {
        let headings = c.agreement.finance_headings(&c.finances);
        let of = |f: &&crate::records::Finance, h: &str| f.heading.eq_ignore_ascii_case(h);
        let mut totals = [0i64; 4];
        let mut this_period_has_lines = false;
        for heading in &headings {
            let now = c
                .finances
                .iter()
                .find(|f| of(f, heading) && f.period == c.period.id);
            let (budget, actual): (i64, i64) = c
                .finances
                .iter()
                .filter(|f| of(f, heading))
                .fold((0, 0), |(b, a), f| (b + f.budget_pence, a + f.actual_pence));
            s.text(row, 0, heading)?;
            if let Some(f) = now {
                this_period_has_lines = true;
                s.money(row, 1, f.budget_pence)?;
                s.money(row, 2, f.actual_pence)?;
                s.signed_money(row, 3, f.actual_pence - f.budget_pence)?;
                s.wrapped(row, 7, &f.note)?;
                totals[0] += f.budget_pence;
                totals[1] += f.actual_pence;
            }
            s.money(row, 4, budget)?;
            s.money(row, 5, actual)?;
            s.signed_money(row, 6, actual - budget)?;
            totals[2] += budget;
            totals[3] += actual;
            row += 1;
        }
        let label = s.f.label.clone();
        s.text_with(row, 0, "Total", &label)?;
        if this_period_has_lines {
            s.money(row, 1, totals[0])?;
            s.money(row, 2, totals[1])?;
            s.signed_money(row, 3, totals[1] - totals[0])?;
        } else {
            s.wrapped(row, 7, "No budget or spend recorded for this period.")?;
        }
        s.money(row, 4, totals[2])?;
        s.money(row, 5, totals[3])?;
        s.signed_money(row, 6, totals[3] - totals[2])?;
    }
    Ok(row)
}

/// The staffing line by funded post, from the team (titles, never names),
/// from `row`: the row after it.
fn staffing_by_post(s: &mut Sheet, c: &Contents, mut row: u32) -> Result<u32> {
    s.header_numbers(
        row,
        &[
            "Staffing by post",
            "Hours a week",
            "Cost this period",
            "Cost to date",
        ],
        1..4,
    )?;
    row += 1;
    if c.team.posts.is_empty() {
        s.text(
            row,
            0,
            "No funded posts recorded on the team for this agreement.",
        )?;
        row += 1;
    }
    for post in &c.team.posts {
        s.wrapped(row, 0, &post.title)?;
        match post.hours_a_week {
            Some(h) => s.value(row, 1, Some(h), Unit::Hours)?,
            None => s.right(row, 1, "not set")?,
        }
        s.money(row, 2, post.this_period_pence)?;
        s.money(row, 3, post.to_date_pence)?;
        row += 1;
    }
    Ok(row)
}

/// The forecast spend to the agreement's end against its value, from
/// `row`: its last row.
fn forecast_to_the_end(s: &mut Sheet, c: &Contents, mut row: u32) -> Result<u32> {
    let label = s.f.label.clone();
    s.text_with(row, 0, "Forecast to the end", &label)?;
    row += 1;
    match (&c.forecast, c.agreement.value_pence) {
        (Some(f), value) => {
            s.text(row, 0, "Expected spend by the end")?;
            s.money(row, 1, f.forecast_pence)?;
            if let Some(value) = value {
                s.text(row + 1, 0, "Agreement value")?;
                s.money(row + 1, 1, value)?;
                s.text(row + 2, 0, "Forecast against value")?;
                s.signed_money(row + 2, 1, f.forecast_pence - value)?;
                row += 2;
            }
        }
        (None, Some(value)) => {
            s.text(row, 0, "Agreement value")?;
            s.money(row, 1, value)?;
            s.text(row + 1, 0, "No forecast was given with this return.")?;
            row += 1;
        }
        (None, None) => s.text(row, 0, "No forecast was given with this return.")?,
    }
    Ok(row)
}

/// The funder's instalments expected by the period's end against those
/// received, from `row`: its last row.
fn instalments(s: &mut Sheet, c: &Contents, mut row: u32) -> Result<u32> {
    s.header_numbers(
        row,
        &[
            "Instalments to date: expected on",
            "Amount",
            "Received on",
            "Received",
            "Waits for the return of",
        ],
        1..4,
    )?;
    row += 1;
    let due: Vec<_> = c
        .instalments
        .iter()
        .filter(|i| i.expected_on <= c.period.end)
        .collect();
    if due.is_empty() {
        s.text(row, 0, "No instalments were expected by the period's end.")?;
        return Ok(row);
    }
    for i in &due {
        s.date(row, 0, i.expected_on)?;
        s.money(row, 1, i.amount_pence)?;
        match (i.received_on, i.received_pence) {
            (Some(on), Some(pence)) => {
                s.date(row, 2, on)?;
                s.money(row, 3, pence)?;
            }
            _ => s.right(row, 2, "not yet")?,
        }
        s.text(row, 4, i.waits_for.as_deref().unwrap_or(""))?;
        row += 1;
    }
    let label = s.f.label.clone();
    s.text_with(row, 0, "Expected to date, and received", &label)?;
    s.money(row, 1, due.iter().map(|i| i.amount_pence).sum())?;
    s.money(row, 3, due.iter().filter_map(|i| i.received_pence).sum())?;
    Ok(row)
}

/// Other income of the period, from `row`.
fn other_income(s: &mut Sheet, c: &Contents, mut row: u32) -> Result<()> {
    s.header_numbers(row, &["Other income: source", "Period", "Amount"], 2..3)?;
    row += 1;
    if c.other_income.is_empty() {
        s.text(row, 0, "No other income recorded.")?;
    }
    for i in &c.other_income {
        s.wrapped(row, 0, &i.source)?;
        s.text(row, 1, &i.period)?;
        s.money(row, 2, i.amount_pence)?;
        row += 1;
    }
    Ok(())
}

fn data_quality(s: &mut Sheet, c: &Contents) -> Result<()> {
    // Worded for the reader of the return: each check's question, its
    // answer, and the records behind a "No"; what the organisation should
    // do about it stays in the app.
    s.widths(&[52.0, 10.0, 52.0, 12.0, 12.0])?;
    s.header(
        0,
        &[
            "Before sending, we checked",
            "Answer",
            "Where the answer is no",
        ],
    )?;
    let mut row = 1;
    for k in &c.checks {
        s.wrapped(row, 0, k.title)?;
        s.text(row, 1, if k.passed() { "Yes" } else { "No" })?;
        s.wrapped(
            row,
            2,
            &if k.passed() {
                String::new()
            } else {
                format!(
                    "{}: {}",
                    crate::error::count(k.records.len(), "record"),
                    some_records(&k.records)
                )
            },
        )?;
        row += 1;
    }
    row += 1;
    s.header_numbers(
        row,
        &[
            "Changed since submitted",
            "Period",
            "Figure",
            "As sent",
            "Now",
        ],
        3..5,
    )?;
    row += 1;
    if c.changes.is_empty() {
        s.text(row, 0, "No submitted figures have changed.")?;
    }
    for ch in &c.changes {
        s.wrapped(row, 0, &format!("{} {}", ch.code, ch.measure))?;
        s.text(row, 1, &ch.period)?;
        s.text(row, 2, ch.field)?;
        s.value(row, 3, ch.sent, ch.unit)?;
        s.value(row, 4, ch.now, ch.unit)?;
        row += 1;
    }
    s.freeze_above(1)?;
    Ok(())
}

fn evidence(s: &mut Sheet, c: &Contents) -> Result<()> {
    s.widths(&[34.0, 22.0, 10.0, 66.0])?;
    s.header_numbers(
        0,
        &["File in the pack", "Attached to", "Size (bytes)", "SHA-256"],
        2..3,
    )?;
    for (i, e) in c.evidence.iter().enumerate() {
        let row = i as u32 + 1;
        s.wrapped(row, 0, &e.pack_path)?;
        s.wrapped(row, 1, &e.attached_to)?;
        s.count(row, 2, e.file.size as f64)?;
        s.text(row, 3, &e.file.sha256)?;
    }
    if c.evidence.is_empty() {
        s.text(1, 0, "No evidence files are attached to this period.")?;
    }
    s.freeze_above(1)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_of_records_fits_in_a_cell() {
        let many: Vec<String> = (0..5_000)
            .map(|i| format!("P{i:05} (School days missed this half-term, 2025-04-09)"))
            .collect();
        let cell = some_records(&many);
        assert!(
            cell.chars().count() < 32_767,
            "a cell holds at most 32,767 characters"
        );
        assert!(cell.ends_with("… and 4950 more"), "{cell}");
        assert_eq!(some_records(&many[..3]), many[..3].join(", "));
    }

    #[test]
    fn formula_like_text_is_recognised() {
        for t in ["=1+2", "+44", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(super::super::sheet::looks_like_formula(t), "{t:?}");
        }
        assert!(!super::super::sheet::looks_like_formula("Ada's story"));
    }
}
