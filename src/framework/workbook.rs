//! Writing a [`Framework`] as a workbook and reading one back, with every
//! problem of its layout listed by sheet, row and column.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use super::*;
use crate::import::{Problem, Table};

impl Framework {
    /// Writes the framework as a workbook.
    pub fn to_xlsx(&self) -> Result<Vec<u8>> {
        let mut workbook = Workbook::new();
        let header = Format::new()
            .set_bold()
            .set_background_color(rust_xlsxwriter::Color::RGB(0xD9E1F2));
        let label = Format::new().set_bold();
        let text = Format::new().set_text_wrap();
        let quoted = Format::new().set_quote_prefix().set_text_wrap();
        let write =
            |ws: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, value: &str| -> Result<()> {
                // Every cell is text as typed; numbers typed as numbers stay numbers.
                match value.parse::<f64>() {
                    Ok(n) if !value.trim().is_empty() && !value.starts_with(['+', '-']) => {
                        ws.write_number(row, col, n)?;
                    }
                    _ if value.starts_with(['=', '+', '-', '@']) => {
                        ws.write_string_with_format(row, col, value, &quoted)?;
                    }
                    _ => {
                        ws.write_string_with_format(row, col, value, &text)?;
                    }
                }
                Ok(())
            };
        let ws = workbook.add_worksheet();
        ws.set_name("Agreement")?;
        for (i, (column, value)) in cells(&self.agreement).iter().enumerate() {
            ws.write_string_with_format(i as u32, 0, column, &label)?;
            write(ws, i as u32, 1, value)?;
        }
        ws.set_column_width(0, 22)?;
        ws.set_column_width(1, 60)?;
        let sheets: [(&str, Vec<Cells>, Vec<String>); 9] = [
            (
                "Measures",
                self.measures.iter().map(cells).collect(),
                columns::<MeasureRow>(),
            ),
            (
                "Targets",
                self.targets.iter().map(cells).collect(),
                columns::<TargetRow>(),
            ),
            (
                "Indicators",
                self.indicators.iter().map(cells).collect(),
                columns::<IndicatorRow>(),
            ),
            (
                "Outcomes",
                self.outcomes.iter().map(cells).collect(),
                columns::<OutcomeRow>(),
            ),
            (
                "Narrative",
                self.narrative.iter().map(cells).collect(),
                columns::<HeadingRow>(),
            ),
            (
                "Milestones",
                self.milestones.iter().map(cells).collect(),
                columns::<MilestoneRow>(),
            ),
            (
                "Cost headings",
                self.cost_headings.iter().map(cells).collect(),
                columns::<CostHeadingRow>(),
            ),
            (
                "Form cells",
                self.form_cells.iter().map(cells).collect(),
                columns::<FormCellRow>(),
            ),
            (
                "Payments",
                self.payments.iter().map(cells).collect(),
                columns::<PaymentRow>(),
            ),
        ];
        for (name, rows, columns) in sheets {
            let ws = workbook.add_worksheet();
            ws.set_name(name)?;
            for (c, column) in columns.iter().enumerate() {
                ws.write_string_with_format(0, c as u16, column, &header)?;
                let width = if [
                    "Definition",
                    "Description",
                    "Guidance",
                    "Measure",
                    "Filter",
                    "Source",
                ]
                .contains(&column.as_str())
                {
                    40
                } else {
                    14
                };
                ws.set_column_width(c as u16, width)?;
            }
            ws.set_freeze_panes(1, 0)?;
            for (r, row) in rows.iter().enumerate() {
                for (c, (_, value)) in row.iter().enumerate() {
                    write(ws, r as u32 + 1, c as u16, value)?;
                }
            }
        }
        Ok(workbook.save_to_buffer()?)
    }

    /// Reads a framework workbook; problems with its layout are listed.
    pub fn read_xlsx(path: &Path) -> Result<(Framework, Vec<Problem>)> {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("the workbook")
            .to_string();
        let mut problems = Vec::new();
        let mut framework = Framework::default();
        let missing = |sheet: &str, why: String| Problem {
            file: file.clone(),
            line: None,
            column: None,
            value: sheet.to_string(),
            why,
        };
        match Table::read_sheet(path, "Agreement")? {
            None => problems.push(missing("Agreement", "the Agreement sheet is missing; add a sheet named Agreement with labels in column A and values in column B".into())),
            Some(t) => {
                let mut pairs = Vec::new();
                for row in std::iter::once(&crate::import::table::Row { line: 1, cells: t.headers.clone() }).chain(&t.rows) {
                    let label = row.cells.first().map(|s| s.trim().to_string()).unwrap_or_default();
                    let value = row.cells.get(1).cloned().unwrap_or_default();
                    if label.is_empty() {
                        continue;
                    }
                    if !AGREEMENT_LABELS.iter().any(|l| header_key(l) == header_key(&label)) {
                        problems.push(Problem {
                            file: format!("{file}, sheet Agreement"),
                            line: Some(row.line),
                            column: Some("A".into()),
                            value: label.clone(),
                            why: format!("{label:?} is not a label Evident knows; use: {}", AGREEMENT_LABELS.join(", ")),
                        });
                    }
                    pairs.push((label, value));
                }
                framework.agreement = from_cells(&pairs);
            }
        }
        let mut read_rows =
            |sheet: &str, required: bool, needed: &[&str]| -> Result<Vec<(usize, Cells)>> {
                match Table::read_sheet(path, sheet)? {
                    None if required => {
                        problems.push(missing(
                            sheet,
                            format!(
                                "the {sheet} sheet is missing; add it with the header row {}",
                                needed.join(" | ")
                            ),
                        ));
                        Ok(Vec::new())
                    }
                    None => Ok(Vec::new()),
                    Some(t) => {
                        for column in needed {
                            if t.column(column).is_none() {
                                problems.push(Problem {
                                    file: format!("{file}, sheet {sheet}"),
                                    line: Some(1),
                                    column: Some(column.to_string()),
                                    value: String::new(),
                                    why: format!(
                                        "the column {column} is missing; the header row is {}",
                                        needed.join(" | ")
                                    ),
                                });
                            }
                        }
                        Ok(t.rows
                            .iter()
                            .map(|r| {
                                (
                                    r.line,
                                    t.headers
                                        .iter()
                                        .cloned()
                                        .zip(r.cells.iter().cloned())
                                        .collect(),
                                )
                            })
                            .collect())
                    }
                }
            };
        let measures = read_rows(
            "Measures",
            true,
            &["Code", "Measure", "Question", "Calculation"],
        )?;
        let targets = read_rows("Targets", true, &["Code", "Period", "Target"])?;
        let indicators = read_rows("Indicators", false, &["Name", "Min", "Max"])?;
        let outcomes = read_rows("Outcomes", false, &["Name"])?;
        let narrative = read_rows("Narrative", false, &["Heading"])?;
        let milestones = read_rows("Milestones", false, &["Milestone", "Due date"])?;
        framework.measures = measures.iter().map(|(_, c)| from_cells(c)).collect();
        framework.targets = targets.iter().map(|(_, c)| from_cells(c)).collect();
        framework.indicators = indicators.iter().map(|(_, c)| from_cells(c)).collect();
        framework.outcomes = outcomes.iter().map(|(_, c)| from_cells(c)).collect();
        framework.narrative = narrative.iter().map(|(_, c)| from_cells(c)).collect();
        framework.milestones = milestones.iter().map(|(_, c)| from_cells(c)).collect();
        let cost_headings = read_rows("Cost headings", false, &["Heading"])?;
        framework.cost_headings = cost_headings.iter().map(|(_, c)| from_cells(c)).collect();
        let form_cells = read_rows("Form cells", false, &["Sheet", "Cell", "Source"])?;
        framework.form_cells = form_cells.iter().map(|(_, c)| from_cells(c)).collect();
        let payments = read_rows("Payments", false, &["Amount", "Expected"])?;
        framework.payments = payments.iter().map(|(_, c)| from_cells(c)).collect();
        Ok((framework, problems))
    }
}
