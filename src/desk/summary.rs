//! The commissioner's summary workbook: completeness and timeliness, each
//! measure across providers and periods with one chart each, and who came
//! by area, in the pack's house style (shares as fractions under a % format,
//! dates as dates, status as a word and a colour).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_xlsxwriter::{Chart, ChartType, DocProperties, Workbook};

use super::views::{self, Areas, Completeness, MeasureAcross, TotalRule};
use crate::error::{Error, Result};
use crate::pack::formats::Formats;
use crate::pack::sheet::Sheet;
use crate::records::Unit;
use crate::store::DeskStore;

/// Rows a measure's chart takes below its table.
const CHART_ROWS: u32 = 16;

/// The summary's sheets, in order.
pub const SUMMARY_SHEETS: [&str; 3] = ["Completeness", "Measures", "Areas"];

/// Writes the summary workbook to `out` (a file, or a folder to put it in)
/// as of `today`; returns where it was written.
pub fn export_summary(desk: &DeskStore, today: NaiveDate, out: &Path) -> Result<PathBuf> {
    let out = if out.is_dir() {
        out.join(format!("commissioners-summary-{today}.xlsx"))
    } else {
        out.to_path_buf()
    };
    crate::files::folder_must_exist(&out, "summary")?;
    let completeness = views::completeness(desk, today)?;
    if completeness.rows.is_empty() {
        return Err(Error::invalid(
            "summary",
            "the desk has no returns yet; bring in the providers' packs first",
        ));
    }
    let measures: Vec<MeasureAcross> = views::measures(desk)?
        .iter()
        .map(|m| views::measure_across(desk, &m.code))
        .collect::<Result<_>>()?;
    let areas = views::areas(desk, None)?;
    let bytes = build(today, &completeness, &measures, &areas)?;
    crate::files::write_whole(&out, "summary", &bytes)?;
    Ok(out)
}

fn build(
    today: NaiveDate,
    completeness: &Completeness,
    measures: &[MeasureAcross],
    areas: &Areas,
) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Commissioner's summary, {today}"))
            .set_comment(format!("Written by Evident {}", crate::VERSION)),
    );
    let f = Formats::new();
    for name in SUMMARY_SHEETS {
        let ws = workbook.add_worksheet();
        ws.set_name(name)?;
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_footer("&CPage &P of &N");
        let mut s = Sheet::new(ws, &f);
        match name {
            "Completeness" => completeness_sheet(&mut s, today, completeness)?,
            "Measures" => measures_sheet(&mut s, measures)?,
            _ => areas_sheet(&mut s, areas)?,
        }
        s.fit_rows()?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn completeness_sheet(s: &mut Sheet, today: NaiveDate, c: &Completeness) -> Result<()> {
    let mut widths = vec![34.0, 14.0];
    widths.extend(c.columns.iter().map(|_| 22.0));
    s.widths(&widths)?;
    s.title(
        0,
        &format!("Returns on the desk on {}", today.format("%-d %B %Y")),
    )?;
    let mut labels = vec!["Provider", "Agreement"];
    labels.extend(c.columns.iter().map(|p| p.id.as_str()));
    s.header(2, &labels)?;
    s.text(3, 1, "Due")?;
    for (i, row) in c.rows.iter().enumerate() {
        let r = 4 + i as u32;
        s.wrapped(r, 0, &row.provider)?;
        s.text(r, 1, &row.agreement)?;
        for (j, cell) in row.cells.iter().enumerate() {
            let col = 2 + j as u16;
            let fill = match cell.state {
                "on_time" => s.f.green.clone(),
                "late" => s.f.amber.clone(),
                "missing" => s.f.red.clone(),
                _ => s.f.text.clone(),
            };
            s.text_with(r, col, &cell.word, &fill)?;
            if let Some(due) = cell.due {
                s.date(3, col, due)?;
            }
        }
    }
    s.freeze_above(3)?;
    Ok(())
}

fn unit_of(word: &str) -> Unit {
    Unit::parse("unit", word).unwrap_or(Unit::Number)
}

fn measures_sheet(s: &mut Sheet, measures: &[MeasureAcross]) -> Result<()> {
    let columns = measures.iter().map(|m| m.columns.len()).max().unwrap_or(0);
    let mut widths = vec![34.0, 14.0];
    widths.extend((0..columns).map(|_| 13.0));
    s.widths(&widths)?;
    let mut row = 0;
    for m in measures {
        let last = 1 + m.columns.len() as u16;
        s.band(row, &format!("{} {}", m.code, m.title), last)?;
        let mut labels = vec!["Provider", "Agreement"];
        labels.extend(m.columns.iter().map(|p| p.id.as_str()));
        s.header_numbers(row + 1, &labels, 2..last + 1)?;
        let first = row + 2;
        let unit = unit_of(&m.unit);
        for (i, line) in m.rows.iter().enumerate() {
            let r = first + i as u32;
            s.wrapped(r, 0, &line.provider)?;
            s.text(r, 1, &line.agreement)?;
            for (j, cell) in line.cells.iter().enumerate() {
                let col = 2 + j as u16;
                match cell {
                    Some(c) if c.withheld => s.right(r, col, "withheld")?,
                    Some(c) => s.value(r, col, c.value, unit)?,
                    None => s.right(r, col, "–")?,
                }
            }
        }
        let total_row = first + m.rows.len() as u32;
        let label = match m.rule {
            TotalRule::Adds => "Total",
            TotalRule::UpTo => "Total, up to",
            TotalRule::NotAdded => "Total: not added",
        };
        s.text(total_row, 0, label)?;
        for (j, t) in m.totals.iter().enumerate() {
            let col = 2 + j as u16;
            match t.value {
                Some(v) if m.rule != TotalRule::NotAdded => {
                    s.value(total_row, col, Some(v), unit)?
                }
                _ => s.right(total_row, col, "–")?,
            }
        }
        let mut note = m.rule_explained.to_string();
        if m.totals.iter().any(|t| t.hidden > 0) {
            note.push_str(" Figures withheld by a provider are left out of the totals.");
        }
        s.wrapped(total_row + 1, 0, &note)?;
        let chart_at = total_row + 3;
        if !m.rows.is_empty() && !m.columns.is_empty() {
            s.chart(chart_at, &chart(m, first, last))?;
        }
        row = chart_at + CHART_ROWS + 1;
    }
    if measures.is_empty() {
        s.text(0, 0, "No pack on the desk reports a measure.")?;
    }
    Ok(())
}

/// One measure's chart: a column per provider and period, from its table.
fn chart(m: &MeasureAcross, first: u32, last_col: u16) -> Chart {
    let mut chart = Chart::new(ChartType::Column);
    chart.title().set_name(&format!("{} {}", m.code, m.title));
    let last = first + m.rows.len() as u32 - 1;
    for col in 2..=last_col {
        chart
            .add_series()
            .set_name(("Measures", first - 1, col))
            .set_categories(("Measures", first, 0, last, 0))
            .set_values(("Measures", first, col, last, col));
    }
    if m.unit == "percent" {
        chart.y_axis().set_num_format("0%");
    }
    chart.y_axis().set_min(0);
    chart.set_width(860).set_height(CHART_ROWS * 20);
    chart
}

fn areas_sheet(s: &mut Sheet, a: &Areas) -> Result<()> {
    let mut widths = vec![30.0];
    widths.extend(a.providers.iter().map(|_| 16.0));
    widths.extend([14.0, 12.0]);
    s.widths(&widths)?;
    let Some(period) = &a.period else {
        return s.text(0, 0, "The desk has no returns yet.");
    };
    s.title(0, &format!("Who came, by area, in {period}"))?;
    s.wrapped(1, 0, &a.explained)?;
    let mut labels = vec!["Area"];
    labels.extend(a.providers.iter().map(|(p, _)| p.as_str()));
    labels.extend(["Total, up to", "Hidden counts left out"]);
    let last = labels.len() as u16;
    s.header_numbers(3, &labels, 1..last)?;
    for (i, row) in a.rows.iter().enumerate() {
        let r = 4 + i as u32;
        s.wrapped(r, 0, &row.area)?;
        for (j, cell) in row.cells.iter().enumerate() {
            let col = 1 + j as u16;
            match cell.parse::<f64>() {
                Ok(n) => s.count(r, col, n)?,
                Err(_) => s.right(r, col, cell)?,
            }
        }
        let col = 1 + a.providers.len() as u16;
        match row.total.value {
            Some(v) => s.count(r, col, v)?,
            None => s.right(r, col, "–")?,
        }
        s.count(r, col + 1, row.total.hidden as f64)?;
    }
    let r = 4 + a.rows.len() as u32;
    s.text(r, 0, "People in the period")?;
    for (j, n) in a.people.iter().enumerate() {
        s.count(r, 1 + j as u16, *n as f64)?;
    }
    if let Some(v) = a.people_total.value {
        s.count(r, 1 + a.providers.len() as u16, v)?;
    }
    s.freeze_above(4)?;
    Ok(())
}
