//! The framework workbook (DESIGN "The framework workbook"): the file a
//! commissioner hands out so every provider records and reports the same
//! measures the same way. Read into and written from [`Framework`], whose
//! cells are text exactly as a person types them, so the readable TOML
//! sources in `assets/frameworks/` and a workbook are the same thing.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::import::{table::header_key, Problem, Table};
use crate::parse;
use crate::periods;
use crate::records::*;
use crate::store::Store;

/// The Agreement sheet: a label in column A, its value in column B.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgreementSheet {
    #[serde(rename = "Funder")]
    pub funder: String,
    #[serde(rename = "Title")]
    pub title: String,
    #[serde(rename = "Reference")]
    pub reference: String,
    #[serde(rename = "Kind")]
    pub kind: String,
    #[serde(rename = "Start date")]
    pub start_date: String,
    #[serde(rename = "End date")]
    pub end_date: String,
    #[serde(rename = "Value")]
    pub value: String,
    #[serde(rename = "Reporting frequency")]
    pub frequency: String,
    #[serde(rename = "Return due (days)")]
    pub due_days: String,
    #[serde(rename = "Programmes")]
    pub programmes: String,
}

/// One row of the Measures sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeasureRow {
    #[serde(rename = "Code")]
    pub code: String,
    #[serde(rename = "Measure")]
    pub measure: String,
    #[serde(rename = "Question")]
    pub question: String,
    #[serde(rename = "Calculation")]
    pub calculation: String,
    #[serde(rename = "Indicator")]
    pub indicator: String,
    #[serde(rename = "Min sessions")]
    pub min_sessions: String,
    #[serde(rename = "Threshold")]
    pub threshold: String,
    #[serde(rename = "Rating")]
    pub rating: String,
    #[serde(rename = "Filter")]
    pub filter: String,
    #[serde(rename = "Unit")]
    pub unit: String,
    #[serde(rename = "Higher is better")]
    pub higher_is_better: String,
    #[serde(rename = "Baseline")]
    pub baseline: String,
    #[serde(rename = "Definition")]
    pub definition: String,
}

/// One row of the Targets sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetRow {
    #[serde(rename = "Code")]
    pub code: String,
    #[serde(rename = "Period")]
    pub period: String,
    #[serde(rename = "Target")]
    pub target: String,
}

/// One row of the Indicators sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndicatorRow {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Min")]
    pub min: String,
    #[serde(rename = "Max")]
    pub max: String,
    #[serde(rename = "Higher is better")]
    pub higher_is_better: String,
    #[serde(rename = "Meaningful change")]
    pub meaningful_change: String,
    #[serde(rename = "Description")]
    pub description: String,
}

/// One row of the Outcomes sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutcomeRow {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Description")]
    pub description: String,
}

/// One row of the Narrative sheet: the funder's own question.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HeadingRow {
    #[serde(rename = "Heading")]
    pub heading: String,
    #[serde(rename = "Guidance")]
    pub guidance: String,
}

/// A framework workbook's contents, as text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Framework {
    #[serde(rename = "Agreement")]
    pub agreement: AgreementSheet,
    #[serde(rename = "Measures")]
    pub measures: Vec<MeasureRow>,
    #[serde(rename = "Targets")]
    pub targets: Vec<TargetRow>,
    #[serde(rename = "Indicators")]
    pub indicators: Vec<IndicatorRow>,
    #[serde(rename = "Outcomes")]
    pub outcomes: Vec<OutcomeRow>,
    #[serde(rename = "Narrative")]
    pub narrative: Vec<HeadingRow>,
}

const AGREEMENT_LABELS: [&str; 10] = [
    "Funder",
    "Title",
    "Reference",
    "Kind",
    "Start date",
    "End date",
    "Value",
    "Reporting frequency",
    "Return due (days)",
    "Programmes",
];

/// A row as (column, text) pairs.
type Cells = Vec<(String, String)>;

/// Turns a serialisable row into (column, text) pairs in its field order.
fn cells<T: Serialize>(row: &T) -> Cells {
    match serde_json::to_value(row) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
            .collect(),
        _ => Vec::new(),
    }
}

/// A row type's column names, in order.
fn columns<T: Serialize + Default>() -> Vec<String> {
    cells(&T::default()).into_iter().map(|(k, _)| k).collect()
}

/// Builds a row from (column, text) pairs, matching column names loosely.
fn from_cells<T: for<'de> Deserialize<'de> + Serialize + Default>(pairs: &[(String, String)]) -> T {
    let known: Vec<String> = columns::<T>();
    let mut map = serde_json::Map::new();
    for (column, value) in pairs {
        if let Some(k) = known.iter().find(|k| header_key(k) == header_key(column)) {
            map.insert(
                k.clone(),
                serde_json::Value::String(value.trim().to_string()),
            );
        }
    }
    serde_json::from_value(serde_json::Value::Object(map)).unwrap_or_default()
}

impl Framework {
    /// Reads a framework from its readable TOML source.
    pub fn from_toml(text: &str) -> Result<Framework> {
        toml::from_str(text).map_err(|e| Error::invalid("framework source", e.to_string()))
    }

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
        let sheets: [(&str, Vec<Cells>, Vec<String>); 5] = [
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
        ];
        for (name, rows, columns) in sheets {
            let ws = workbook.add_worksheet();
            ws.set_name(name)?;
            for (c, column) in columns.iter().enumerate() {
                ws.write_string_with_format(0, c as u16, column, &header)?;
                let width = if ["Definition", "Description", "Guidance", "Measure", "Filter"]
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
        framework.measures = measures.iter().map(|(_, c)| from_cells(c)).collect();
        framework.targets = targets.iter().map(|(_, c)| from_cells(c)).collect();
        framework.indicators = indicators.iter().map(|(_, c)| from_cells(c)).collect();
        framework.outcomes = outcomes.iter().map(|(_, c)| from_cells(c)).collect();
        framework.narrative = narrative.iter().map(|(_, c)| from_cells(c)).collect();
        Ok((framework, problems))
    }

    /// The framework of an agreement as it stands: its measures, targets,
    /// the indicators and outcomes they read, and its headings.
    pub fn of_agreement(store: &Store, reference: &str) -> Result<Framework> {
        let a = store.agreement(reference)?;
        let measures = store.measures(&a.reference)?;
        let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
        let mut indicators = Vec::new();
        let mut outcomes = Vec::new();
        for m in &measures {
            let Some(name) = &m.indicator else { continue };
            if m.calculation == Calculation::OutcomeLogged {
                if let Some(o) = store
                    .outcomes(true)?
                    .into_iter()
                    .find(|o| o.name.eq_ignore_ascii_case(name))
                {
                    if !outcomes.iter().any(|r: &OutcomeRow| r.name == o.name) {
                        outcomes.push(OutcomeRow {
                            name: o.name,
                            description: o.description,
                        });
                    }
                }
            } else if let Ok(i) = store.indicator(name) {
                if !indicators.iter().any(|r: &IndicatorRow| r.name == i.name) {
                    indicators.push(IndicatorRow {
                        name: i.name,
                        min: i.min.to_string(),
                        max: i.max.to_string(),
                        higher_is_better: yes_no(i.higher_is_better),
                        meaningful_change: i.meaningful_change.to_string(),
                        description: i.description,
                    });
                }
            }
        }
        Ok(Framework {
            agreement: AgreementSheet {
                funder: a.funder.clone(),
                title: a.title.clone(),
                reference: a.reference.clone(),
                kind: a.kind.to_string(),
                start_date: a.start_date.to_string(),
                end_date: a.end_date.to_string(),
                value: a.value_pence.map(parse::format_money).unwrap_or_default(),
                frequency: a.frequency.to_string(),
                due_days: a.due_days.to_string(),
                programmes: a.programmes.join("; "),
            },
            targets: measures
                .iter()
                .flat_map(|m| {
                    m.targets.iter().map(|(period, target)| TargetRow {
                        code: m.code.clone(),
                        period: period.clone(),
                        target: target.to_string(),
                    })
                })
                .collect(),
            measures: measures
                .iter()
                .map(|m| MeasureRow {
                    code: m.code.clone(),
                    measure: m.title.clone(),
                    question: m.question.to_string(),
                    calculation: m.calculation.to_string(),
                    indicator: m.indicator.clone().unwrap_or_default(),
                    min_sessions: m.min_sessions.map(|n| n.to_string()).unwrap_or_default(),
                    threshold: number(m.threshold),
                    rating: number(m.rating),
                    filter: m.filter.clone(),
                    unit: m.unit.to_string(),
                    higher_is_better: yes_no(m.higher_is_better),
                    baseline: number(m.baseline),
                    definition: m.definition.clone(),
                })
                .collect(),
            indicators,
            outcomes,
            narrative: a
                .headings
                .iter()
                .map(|h| HeadingRow {
                    heading: h.heading.clone(),
                    guidance: h.guidance.clone(),
                })
                .collect(),
        })
    }
}

/// What importing a framework did, or would do.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FrameworkReport {
    /// The workbook.
    pub file: String,
    /// The agreement's reference.
    pub agreement: String,
    /// Whether the agreement is new.
    pub agreement_added: bool,
    /// Measures added.
    pub measures_added: usize,
    /// Measures updated.
    pub measures_updated: usize,
    /// Targets set.
    pub targets: usize,
    /// Indicators added or updated.
    pub indicators: usize,
    /// Outcomes added or updated.
    pub outcomes: usize,
    /// Narrative headings.
    pub headings: usize,
    /// Everything wrong; when there is anything, nothing was written.
    pub problems: Vec<Problem>,
    /// Whether it was written.
    pub written: bool,
}

impl FrameworkReport {
    /// One line saying what it did.
    pub fn summary(&self) -> String {
        format!(
            "agreement {} ({}), {} measures added, {} updated, {} targets, {} indicators, {} outcomes, {} headings",
            self.agreement,
            if self.agreement_added { "new" } else { "updated" },
            self.measures_added,
            self.measures_updated,
            self.targets,
            self.indicators,
            self.outcomes,
            self.headings
        )
    }
}

/// Imports a framework workbook: creates or updates the agreement, its
/// funder and programmes, indicators, outcomes, measures, targets and
/// headings, all or nothing.
pub fn import(store: &mut Store, path: &Path, dry_run: bool) -> Result<FrameworkReport> {
    let (framework, problems) = Framework::read_xlsx(path)?;
    let file = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("the workbook")
        .to_string();
    let mut report = FrameworkReport {
        file: file.clone(),
        agreement: framework.agreement.reference.clone(),
        problems,
        ..FrameworkReport::default()
    };
    if !report.problems.is_empty() {
        return Ok(report);
    }
    store.writes_kept_if(|s| {
        apply(s, &framework, &file, &mut report)?;
        report.written = !dry_run && report.problems.is_empty();
        let keep = report.written;
        Ok((report, keep))
    })
}

/// Collects problems for one sheet: the row's line is its place + 2
/// (a header row, and rows counted from 1).
struct Sheet<'a> {
    file: &'a str,
    name: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Sheet<'_> {
    fn problem(&mut self, line: usize, column: &str, value: &str, why: String) {
        self.problems.push(Problem {
            file: format!("{}, sheet {}", self.file, self.name),
            line: Some(line),
            column: Some(column.to_string()),
            value: value.to_string(),
            why,
        });
    }

    fn read<T>(
        &mut self,
        line: usize,
        column: &str,
        value: &str,
        read: impl FnOnce(&str, &str) -> Result<T>,
    ) -> Option<T> {
        match read(column, value) {
            Ok(v) => Some(v),
            Err(Error::Invalid { message, .. }) => {
                self.problem(line, column, value, message);
                None
            }
            Err(e) => {
                self.problem(line, column, value, e.to_string());
                None
            }
        }
    }

    /// A refusal from the core, against the column it names.
    fn refused(
        &mut self,
        line: usize,
        error: Error,
        column_of: impl Fn(&str) -> &'static str,
        value_of: impl Fn(&str) -> String,
    ) {
        let field = match &error {
            Error::Invalid { field, .. } => field.clone(),
            Error::NotFound { what, .. } => what.to_string(),
            Error::Duplicate { field, .. } => field.to_string(),
            _ => String::new(),
        };
        let why = match error {
            Error::Invalid { message, .. } => message,
            other => other.to_string(),
        };
        let column = column_of(&field);
        self.problem(line, column, &value_of(column), why);
    }
}

fn optional<T>(text: &str, read: impl FnOnce(&str) -> Result<T>) -> Result<Option<T>> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        read(text).map(Some)
    }
}

fn apply(store: &mut Store, f: &Framework, file: &str, report: &mut FrameworkReport) -> Result<()> {
    let fy = store.organisation()?.fy_start_month;
    let mut problems = Vec::new();

    // The agreement.
    let mut sheet = Sheet {
        file,
        name: "Agreement",
        problems: &mut problems,
    };
    let a = &f.agreement;
    let line_of = |label: &str| {
        AGREEMENT_LABELS
            .iter()
            .position(|l| *l == label)
            .map_or(1, |i| i + 1)
    };
    let existing = match store.agreement(&a.reference) {
        Ok(found) => Some(found),
        Err(Error::NotFound { .. }) => None,
        Err(e) => return Err(e),
    };
    let mut agreement = existing.clone().unwrap_or_default();
    agreement.reference = a.reference.clone();
    agreement.funder = a.funder.clone();
    agreement.title = a.title.clone();
    if let Some(k) = sheet.read(line_of("Kind"), "Kind", &a.kind, AgreementKind::parse) {
        agreement.kind = k;
    }
    if let Some(d) = sheet.read(
        line_of("Start date"),
        "Start date",
        &a.start_date,
        parse::date,
    ) {
        agreement.start_date = d;
    }
    if let Some(d) = sheet.read(line_of("End date"), "End date", &a.end_date, parse::date) {
        agreement.end_date = d;
    }
    if let Some(v) = sheet.read(line_of("Value"), "Value", &a.value, |field, t| {
        optional(t, |t| parse::money(field, t))
    }) {
        agreement.value_pence = v;
    }
    if let Some(fq) = sheet.read(
        line_of("Reporting frequency"),
        "Reporting frequency",
        &a.frequency,
        Frequency::parse,
    ) {
        agreement.frequency = fq;
    }
    if !a.due_days.trim().is_empty() {
        if let Some(d) = sheet.read(
            line_of("Return due (days)"),
            "Return due (days)",
            &a.due_days,
            parse::count,
        ) {
            agreement.due_days = d;
        }
    }
    agreement.programmes = parse::list(&a.programmes);
    if !f.narrative.is_empty() {
        agreement.headings = f
            .narrative
            .iter()
            .filter(|h| !h.heading.trim().is_empty())
            .map(|h| Heading {
                heading: h.heading.clone(),
                guidance: h.guidance.clone(),
            })
            .collect();
    }
    report.headings = agreement.headings.len();
    if sheet.problems.is_empty() {
        let saved = match &existing {
            Some(_) => store.update_agreement(&a.reference, &agreement),
            None => store.add_agreement(&agreement),
        };
        let label_of = |field: &str| match field {
            "reference" => "Reference",
            "funder" => "Funder",
            "title" => "Title",
            "end_date" => "End date",
            "value" => "Value",
            "due_days" => "Return due (days)",
            "programmes" => "Programmes",
            "headings" => "Heading",
            _ => "Reference",
        };
        if let Err(e) = saved {
            let field = match &e {
                Error::Invalid { field, .. } => field.clone(),
                Error::Duplicate { field, .. } => field.to_string(),
                _ => String::new(),
            };
            let label = label_of(&field);
            let line = line_of(label);
            sheet.refused(line, e, |_| label, |_| String::new());
        }
        report.agreement_added = existing.is_none();
    }
    if !problems.is_empty() {
        report.problems = problems;
        return Ok(());
    }

    // Indicators and outcomes.
    let mut sheet = Sheet {
        file,
        name: "Indicators",
        problems: &mut problems,
    };
    for (i, row) in f.indicators.iter().enumerate() {
        let line = i + 2;
        let mut indicator = Indicator {
            name: row.name.clone(),
            description: row.description.clone(),
            ..Indicator::default()
        };
        let min = sheet.read(line, "Min", &row.min, parse::number);
        let max = sheet.read(line, "Max", &row.max, parse::number);
        let higher = if row.higher_is_better.trim().is_empty() {
            Some(true)
        } else {
            sheet.read(
                line,
                "Higher is better",
                &row.higher_is_better,
                parse::yes_no,
            )
        };
        let change = if row.meaningful_change.trim().is_empty() {
            Some(1.0)
        } else {
            sheet.read(
                line,
                "Meaningful change",
                &row.meaningful_change,
                parse::number,
            )
        };
        let (Some(min), Some(max), Some(higher), Some(change)) = (min, max, higher, change) else {
            continue;
        };
        indicator.min = min;
        indicator.max = max;
        indicator.higher_is_better = higher;
        indicator.meaningful_change = change;
        let saved = match store.indicator(&row.name) {
            Ok(_) => store.update_indicator(&row.name, &indicator),
            Err(Error::NotFound { .. }) => store.add_indicator(&indicator),
            Err(e) => Err(e),
        };
        match saved {
            Ok(()) => report.indicators += 1,
            Err(e) => sheet.refused(
                line,
                e,
                |field| match field {
                    "max" => "Max",
                    "meaningful_change" => "Meaningful change",
                    "min" => "Min",
                    _ => "Name",
                },
                |_| row.name.clone(),
            ),
        }
    }
    let mut sheet = Sheet {
        file,
        name: "Outcomes",
        problems: &mut problems,
    };
    for (i, row) in f.outcomes.iter().enumerate() {
        let outcome = Outcome {
            name: row.name.clone(),
            description: row.description.clone(),
            archived: false,
        };
        let saved = if store
            .outcomes(true)?
            .iter()
            .any(|o| o.name.eq_ignore_ascii_case(row.name.trim()))
        {
            store.update_outcome(&row.name, &outcome)
        } else {
            store.add_outcome(&outcome)
        };
        match saved {
            Ok(()) => report.outcomes += 1,
            Err(e) => sheet.refused(i + 2, e, |_| "Name", |_| row.name.clone()),
        }
    }

    // Targets, by measure code.
    let periods = periods::for_agreement(&store.agreement(&a.reference)?, fy);
    let mut targets: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let mut sheet = Sheet {
        file,
        name: "Targets",
        problems: &mut problems,
    };
    for (i, row) in f.targets.iter().enumerate() {
        let line = i + 2;
        if !f
            .measures
            .iter()
            .any(|m| m.code.trim().eq_ignore_ascii_case(row.code.trim()))
        {
            let codes: Vec<&str> = f.measures.iter().map(|m| m.code.as_str()).collect();
            sheet.problem(
                line,
                "Code",
                &row.code,
                format!(
                    "no measure on the Measures sheet has this code; the codes are: {}",
                    codes.join(", ")
                ),
            );
            continue;
        }
        let Some(period) = periods
            .iter()
            .find(|p| p.id.eq_ignore_ascii_case(row.period.trim()))
        else {
            let ids: Vec<&str> = periods.iter().map(|p| p.id.as_str()).collect();
            sheet.problem(
                line,
                "Period",
                &row.period,
                format!(
                    "this is not a period of agreement {}; its periods are: {}",
                    a.reference,
                    ids.join(", ")
                ),
            );
            continue;
        };
        let Some(value) = sheet.read(line, "Target", &row.target, parse::number) else {
            continue;
        };
        let by_code = targets.entry(row.code.trim().to_lowercase()).or_default();
        if by_code.insert(period.id.clone(), value).is_some() {
            sheet.problem(
                line,
                "Period",
                &row.period,
                format!(
                    "{} already has a target for {}; give each target once",
                    row.code, period.id
                ),
            );
        }
    }

    // Measures.
    let mut sheet = Sheet {
        file,
        name: "Measures",
        problems: &mut problems,
    };
    let mut seen = std::collections::HashSet::new();
    for (i, row) in f.measures.iter().enumerate() {
        let line = i + 2;
        if !seen.insert(row.code.trim().to_lowercase()) {
            sheet.problem(
                line,
                "Code",
                &row.code,
                "this code is on the sheet twice; give each measure once".into(),
            );
            continue;
        }
        let question = sheet.read(line, "Question", &row.question, Question::parse);
        let calculation = sheet.read(line, "Calculation", &row.calculation, Calculation::parse);
        let unit = if row.unit.trim().is_empty() {
            Some(Unit::Number)
        } else {
            sheet.read(line, "Unit", &row.unit, Unit::parse)
        };
        let higher = if row.higher_is_better.trim().is_empty() {
            Some(true)
        } else {
            sheet.read(
                line,
                "Higher is better",
                &row.higher_is_better,
                parse::yes_no,
            )
        };
        let min_sessions = sheet.read(line, "Min sessions", &row.min_sessions, |field, t| {
            optional(t, |t| parse::count(field, t))
        });
        let threshold = sheet.read(line, "Threshold", &row.threshold, |field, t| {
            optional(t, |t| parse::number(field, t))
        });
        let rating = sheet.read(line, "Rating", &row.rating, |field, t| {
            optional(t, |t| parse::number(field, t))
        });
        let baseline = sheet.read(line, "Baseline", &row.baseline, |field, t| {
            optional(t, |t| parse::number(field, t))
        });
        let (
            Some(question),
            Some(calculation),
            Some(unit),
            Some(higher),
            Some(min_sessions),
            Some(threshold),
            Some(rating),
            Some(baseline),
        ) = (
            question,
            calculation,
            unit,
            higher,
            min_sessions,
            threshold,
            rating,
            baseline,
        )
        else {
            continue;
        };
        let measure = Measure {
            agreement: a.reference.clone(),
            code: row.code.trim().to_string(),
            title: row.measure.trim().to_string(),
            question,
            calculation,
            indicator: Some(row.indicator.trim().to_string()).filter(|s| !s.is_empty()),
            min_sessions,
            threshold,
            rating,
            filter: row.filter.trim().to_string(),
            unit,
            higher_is_better: higher,
            baseline,
            definition: row.definition.clone(),
            targets: targets
                .get(&row.code.trim().to_lowercase())
                .cloned()
                .unwrap_or_default(),
        };
        let exists = match store.measure(&a.reference, &row.code) {
            Ok(_) => true,
            Err(Error::NotFound { .. }) => false,
            Err(e) => return Err(e),
        };
        let saved = if exists {
            store.update_measure(&a.reference, &row.code, &measure)
        } else {
            store.add_measure(&measure)
        };
        let column_of = |field: &str| match field {
            "code" => "Code",
            "title" => "Measure",
            "indicator" | "outcome" => "Indicator",
            "filter" | "programme" => "Filter",
            "rating" => "Rating",
            "min_sessions" => "Min sessions",
            "period" => "Code",
            _ => "Calculation",
        };
        let value_of = |column: &str| match column {
            "Code" => row.code.clone(),
            "Measure" => row.measure.clone(),
            "Indicator" => row.indicator.clone(),
            "Filter" => row.filter.clone(),
            "Rating" => row.rating.clone(),
            "Min sessions" => row.min_sessions.clone(),
            _ => row.calculation.clone(),
        };
        match saved {
            Ok(()) => {
                report.targets += measure.targets.len();
                if exists {
                    report.measures_updated += 1;
                } else {
                    report.measures_added += 1;
                }
            }
            Err(e) => sheet.refused(line, e, column_of, value_of),
        }
    }
    report.problems = problems;
    Ok(())
}
