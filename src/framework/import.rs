//! Importing a framework workbook: the agreement, its funder and
//! programmes, indicators, outcomes, measures, targets and headings, all or
//! nothing.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::*;
use crate::import::Problem;

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
    /// Everything wrong, gathered while reading; a report with problems is
    /// never returned: it becomes [`Error::ImportProblems`].
    #[serde(skip)]
    pub(crate) problems: Vec<Problem>,
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
    set_up(store, &framework, &file, problems, dry_run)
}

/// Sets up an agreement from a framework already read (such as one of the
/// readable sources), exactly as importing its workbook would; `file` names
/// it in problems.
pub fn import_framework(
    store: &mut Store,
    framework: &Framework,
    file: &str,
    dry_run: bool,
) -> Result<FrameworkReport> {
    set_up(store, framework, file, Vec::new(), dry_run)
}

fn set_up(
    store: &mut Store,
    framework: &Framework,
    file: &str,
    problems: Vec<Problem>,
    dry_run: bool,
) -> Result<FrameworkReport> {
    let file = file.to_string();
    let mut report = FrameworkReport {
        file: file.clone(),
        agreement: framework.agreement.reference.clone(),
        problems,
        ..FrameworkReport::default()
    };
    if report.problems.is_empty() {
        report = store.writes_kept_if(|s| {
            apply(s, framework, &file, &mut report)?;
            report.written = !dry_run && report.problems.is_empty();
            let keep = report.written;
            Ok((report, keep))
        })?;
    }
    let problems = std::mem::take(&mut report.problems);
    crate::import::refuse_problems(&file, problems, report)
}

/// Collects problems for one sheet: the row's line is its place + 2
/// (a header row, and rows counted from 1).
struct Sheet<'a> {
    file: &'a str,
    name: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl<'a> Sheet<'a> {
    fn new(file: &'a str, name: &'a str, problems: &'a mut Vec<Problem>) -> Sheet<'a> {
        Sheet {
            file,
            name,
            problems,
        }
    }

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

    /// A cell read with `read`, or `default` when it is empty.
    fn read_or<T>(
        &mut self,
        line: usize,
        column: &str,
        value: &str,
        default: T,
        read: impl FnOnce(&str, &str) -> Result<T>,
    ) -> Option<T> {
        if value.trim().is_empty() {
            Some(default)
        } else {
            self.read(line, column, value, read)
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

/// Sets up the agreement, then its milestones, indicators, outcomes and
/// measures with their targets, each sheet's problems gathered in
/// `report`; nothing after the agreement is tried when it is refused.
fn apply(store: &mut Store, f: &Framework, file: &str, report: &mut FrameworkReport) -> Result<()> {
    let mut problems = Vec::new();
    check_cost_headings(f, &mut Sheet::new(file, "Cost headings", &mut problems));
    agreement(
        store,
        f,
        report,
        &mut Sheet::new(file, "Agreement", &mut problems),
    )?;
    if !problems.is_empty() {
        report.problems = problems;
        return Ok(());
    }
    milestones(store, f, &mut Sheet::new(file, "Milestones", &mut problems))?;
    indicators(
        store,
        f,
        report,
        &mut Sheet::new(file, "Indicators", &mut problems),
    )?;
    outcomes(
        store,
        f,
        report,
        &mut Sheet::new(file, "Outcomes", &mut problems),
    )?;
    let targets = targets(store, f, &mut Sheet::new(file, "Targets", &mut problems))?;
    let mut sheet = Sheet::new(file, "Measures", &mut problems);
    measures(store, f, &targets, report, &mut sheet)?;
    form_cells(
        store,
        f,
        file,
        &mut Sheet::new(file, "Form cells", &mut problems),
    )?;
    payments(store, f, &mut Sheet::new(file, "Payments", &mut problems))?;
    report.problems = problems;
    Ok(())
}

/// The instalments, when the framework lists any: they replace the
/// agreement's schedule (which must have nothing received yet).
fn payments(store: &mut Store, f: &Framework, sheet: &mut Sheet) -> Result<()> {
    let reference = &f.agreement.reference;
    let mut instalments = Vec::new();
    for (i, row) in f.payments.iter().enumerate() {
        let line = i + 2;
        if row.amount.trim().is_empty() && row.expected.trim().is_empty() {
            continue;
        }
        let amount = sheet.read(line, "Amount", &row.amount, parse::money);
        let expected = sheet.read(line, "Expected", &row.expected, parse::date);
        if let (Some(amount_pence), Some(expected_on)) = (amount, expected) {
            instalments.push(crate::records::Instalment {
                agreement: reference.clone(),
                amount_pence,
                expected_on,
                waits_for: Some(row.waits_for.trim().to_string()).filter(|w| !w.is_empty()),
                received_on: None,
                received_pence: None,
                note: String::new(),
            });
        }
    }
    if instalments.is_empty() {
        return Ok(());
    }
    if let Err(e) = store.add_instalments(reference, &instalments, true) {
        let line = instalments.len() + 1;
        sheet.refused(line, e, |_| "Amount", |_| String::new());
    }
    Ok(())
}

/// The mapping of the funder's own form, when the framework carries one:
/// it replaces the agreement's, once every measure, heading and milestone
/// it names is set up.
fn form_cells(store: &mut Store, f: &Framework, file: &str, sheet: &mut Sheet) -> Result<()> {
    let rows: Vec<(usize, crate::records::FormCell)> = f
        .form_cells
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            !(r.sheet.trim().is_empty() && r.cell.trim().is_empty() && r.source.trim().is_empty())
        })
        .map(|(i, r)| {
            let cell = crate::records::FormCell {
                sheet: r.sheet.clone(),
                cell: r.cell.clone(),
                source: r.source.clone(),
            };
            (i + 2, cell)
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    match crate::funder_form::set_mapping(store, &f.agreement.reference, file, &rows) {
        Ok(_) => Ok(()),
        Err(Error::ImportProblems { problems, .. }) => {
            for p in problems {
                let column = match p.column.as_deref() {
                    Some("sheet") => "Sheet",
                    Some("cell") => "Cell",
                    _ => "Source",
                };
                sheet.problem(p.line.unwrap_or(0), column, &p.value, p.why);
            }
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// The funder's cost headings, each once.
fn check_cost_headings(f: &Framework, sheet: &mut Sheet) {
    let mut seen = std::collections::HashSet::new();
    for (i, row) in f.cost_headings.iter().enumerate() {
        let heading = row.heading.trim();
        if !heading.is_empty() && !seen.insert(heading.to_lowercase()) {
            sheet.problem(
                i + 2,
                "Heading",
                heading,
                "is listed twice; give each heading once".into(),
            );
        }
    }
}

/// The line of the Agreement sheet a label is on.
fn agreement_line(label: &str) -> usize {
    AGREEMENT_LABELS
        .iter()
        .position(|l| *l == label)
        .map_or(1, |i| i + 1)
}

/// The Agreement sheet's label for a field of the agreement the core
/// names in a refusal.
fn agreement_label(field: &str) -> &'static str {
    match field {
        "reference" => "Reference",
        "funder" => "Funder",
        "title" => "Title",
        "end_date" => "End date",
        "value" => "Value",
        "due_days" => "Return due (days)",
        "programmes" => "Programmes",
        "summary" => "Summary",
        "headings" => "Heading",
        "cost_headings" => "Cost headings",
        _ => "Reference",
    }
}

/// The agreement, added or updated, with its narrative and cost headings.
fn agreement(
    store: &mut Store,
    f: &Framework,
    report: &mut FrameworkReport,
    sheet: &mut Sheet,
) -> Result<()> {
    let a = &f.agreement;
    let existing = match store.agreement(&a.reference) {
        Ok(found) => Some(found),
        Err(Error::NotFound { .. }) => None,
        Err(e) => return Err(e),
    };
    let mut agreement = existing.clone().unwrap_or_default();
    agreement.reference = a.reference.clone();
    agreement.funder = a.funder.clone();
    agreement.title = a.title.clone();
    // A value under its label, read on the label's line.
    fn labelled<T>(
        sheet: &mut Sheet,
        label: &str,
        value: &str,
        read: impl FnOnce(&str, &str) -> Result<T>,
    ) -> Option<T> {
        sheet.read(agreement_line(label), label, value, read)
    }
    if let Some(k) = labelled(sheet, "Kind", &a.kind, AgreementKind::parse) {
        agreement.kind = k;
    }
    if let Some(d) = labelled(sheet, "Start date", &a.start_date, parse::date) {
        agreement.start_date = d;
    }
    if let Some(d) = labelled(sheet, "End date", &a.end_date, parse::date) {
        agreement.end_date = d;
    }
    if let Some(v) = labelled(sheet, "Value", &a.value, |field, t| {
        optional(t, |t| parse::money(field, t))
    }) {
        agreement.value_pence = v;
    }
    if let Some(fq) = labelled(sheet, "Reporting frequency", &a.frequency, Frequency::parse) {
        agreement.frequency = fq;
    }
    if !a.due_days.trim().is_empty() {
        if let Some(d) = labelled(sheet, "Return due (days)", &a.due_days, parse::count) {
            agreement.due_days = d;
        }
    }
    agreement.programmes = parse::list(&a.programmes);
    agreement.summary = a.summary.trim().to_string();
    if !a.participant_rows.trim().is_empty() {
        if let Some(rows) = labelled(
            sheet,
            "Participant rows",
            &a.participant_rows,
            parse::yes_no,
        ) {
            agreement.participant_rows = rows;
        }
    }
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
    if f.cost_headings.iter().any(|h| !h.heading.trim().is_empty()) {
        agreement.cost_headings = f
            .cost_headings
            .iter()
            .map(|h| h.heading.trim().to_string())
            .filter(|h| !h.is_empty())
            .collect();
    }
    if !sheet.problems.is_empty() {
        return Ok(());
    }
    let saved = match &existing {
        Some(_) => store.update_agreement(&a.reference, &agreement),
        None => store.add_agreement(&agreement),
    };
    if let Err(e) = saved {
        let field = match &e {
            Error::Invalid { field, .. } => field.clone(),
            Error::Duplicate { field, .. } => field.to_string(),
            _ => String::new(),
        };
        let label = agreement_label(&field);
        sheet.refused(agreement_line(label), e, |_| label, |_| String::new());
    }
    report.agreement_added = existing.is_none();
    Ok(())
}

/// Milestones, by title: new ones added, known ones given the new due date.
fn milestones(store: &mut Store, f: &Framework, sheet: &mut Sheet) -> Result<()> {
    let reference = &f.agreement.reference;
    for (i, row) in f.milestones.iter().enumerate() {
        let line = i + 2;
        if row.milestone.trim().is_empty() {
            continue;
        }
        let Some(due) = sheet.read(line, "Due date", &row.due_date, parse::date) else {
            continue;
        };
        let saved = match store.milestone(reference, &row.milestone) {
            Ok(mut known) => {
                known.due_date = due;
                store.update_milestone(&row.milestone, &known)
            }
            Err(Error::NotFound { .. }) => store.add_milestone(&Milestone {
                agreement: reference.clone(),
                title: row.milestone.trim().to_string(),
                due_date: due,
                status: MilestoneStatus::NotStarted,
                notes: Default::default(),
            }),
            Err(e) => Err(e),
        };
        if let Err(e) = saved {
            sheet.refused(line, e, |_| "Milestone", |_| row.milestone.clone());
        }
    }
    Ok(())
}

/// Indicators, by name: added, or updated when known.
fn indicators(
    store: &mut Store,
    f: &Framework,
    report: &mut FrameworkReport,
    sheet: &mut Sheet,
) -> Result<()> {
    for (i, row) in f.indicators.iter().enumerate() {
        let line = i + 2;
        let mut indicator = Indicator {
            name: row.name.clone(),
            description: row.description.clone(),
            ..Indicator::default()
        };
        let min = sheet.read(line, "Min", &row.min, parse::number);
        let max = sheet.read(line, "Max", &row.max, parse::number);
        let higher = sheet.read_or(
            line,
            "Higher is better",
            &row.higher_is_better,
            true,
            parse::yes_no,
        );
        let change = sheet.read_or(
            line,
            "Meaningful change",
            &row.meaningful_change,
            1.0,
            parse::number,
        );
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
    Ok(())
}

/// Outcomes, by name: added, or updated when known.
fn outcomes(
    store: &mut Store,
    f: &Framework,
    report: &mut FrameworkReport,
    sheet: &mut Sheet,
) -> Result<()> {
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
    Ok(())
}

/// Each measure's targets by period, keyed by its code in lower case:
/// each for a measure on the Measures sheet and a period of the
/// agreement, and each once.
fn targets(
    store: &Store,
    f: &Framework,
    sheet: &mut Sheet,
) -> Result<BTreeMap<String, BTreeMap<String, f64>>> {
    let reference = &f.agreement.reference;
    let periods = store.periods(reference)?;
    let mut targets: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
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
                    "this is not a period of agreement {reference}; its periods are: {}",
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
    Ok(targets)
}

/// A row of the Measures sheet read into a measure of the agreement, with
/// its targets; `None` when a cell could not be read (its problem noted).
fn measure_of(
    f: &Framework,
    row: &MeasureRow,
    line: usize,
    targets: &BTreeMap<String, BTreeMap<String, f64>>,
    sheet: &mut Sheet,
) -> Option<Measure> {
    let question = sheet.read(line, "Question", &row.question, Question::parse);
    let calculation = sheet.read(line, "Calculation", &row.calculation, Calculation::parse);
    let unit = sheet.read_or(line, "Unit", &row.unit, Unit::Number, Unit::parse);
    let higher = sheet.read_or(
        line,
        "Higher is better",
        &row.higher_is_better,
        true,
        parse::yes_no,
    );
    let min_sessions = sheet.read(line, "Min sessions", &row.min_sessions, |field, t| {
        optional(t, |t| parse::count(field, t))
    });
    let mut number = |column: &str, text: &str| {
        sheet.read(line, column, text, |field, t| {
            optional(t, |t| parse::number(field, t))
        })
    };
    let threshold = number("Threshold", &row.threshold);
    let rating = number("Rating", &row.rating);
    let baseline = number("Baseline", &row.baseline);
    Some(Measure {
        agreement: f.agreement.reference.clone(),
        code: row.code.trim().to_string(),
        title: row.measure.trim().to_string(),
        question: question?,
        calculation: calculation?,
        indicator: Some(row.indicator.trim().to_string()).filter(|s| !s.is_empty()),
        min_sessions: min_sessions?,
        threshold: threshold?,
        rating: rating?,
        filter: row.filter.trim().to_string(),
        unit: unit?,
        higher_is_better: higher?,
        baseline: baseline?,
        definition: row.definition.clone(),
        no_target: false,
        targets: targets
            .get(&row.code.trim().to_lowercase())
            .cloned()
            .unwrap_or_default(),
    })
}

/// The Measures sheet's column for a field of a measure the core names in
/// a refusal.
fn measure_column(field: &str) -> &'static str {
    match field {
        "code" => "Code",
        "title" => "Measure",
        "indicator" | "outcome" => "Indicator",
        "filter" | "programme" => "Filter",
        "rating" => "Rating",
        "min_sessions" => "Min sessions",
        "period" => "Code",
        _ => "Calculation",
    }
}

/// Measures, by code, with their targets: added, or updated when known.
fn measures(
    store: &mut Store,
    f: &Framework,
    targets: &BTreeMap<String, BTreeMap<String, f64>>,
    report: &mut FrameworkReport,
    sheet: &mut Sheet,
) -> Result<()> {
    let reference = &f.agreement.reference;
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
        let Some(measure) = measure_of(f, row, line, targets, sheet) else {
            continue;
        };
        let exists = match store.measure(reference, &row.code) {
            Ok(_) => true,
            Err(Error::NotFound { .. }) => false,
            Err(e) => return Err(e),
        };
        let saved = if exists {
            store.update_measure(reference, &row.code, &measure)
        } else {
            store.add_measure(&measure)
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
            Err(e) => sheet.refused(line, e, measure_column, value_of),
        }
    }
    Ok(())
}
