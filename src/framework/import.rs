//! Importing a framework workbook: the agreement, its funder and
//! programmes, indicators, outcomes, measures, targets and headings, all or
//! nothing.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::*;
use crate::import::Problem;
use crate::periods;

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

    // The funder's cost headings, each once.
    let mut sheet = Sheet {
        file,
        name: "Cost headings",
        problems: &mut problems,
    };
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
    agreement.summary = a.summary.trim().to_string();
    if !a.participant_rows.trim().is_empty() {
        if let Some(rows) = sheet.read(
            line_of("Participant rows"),
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
            "summary" => "Summary",
            "headings" => "Heading",
            "cost_headings" => "Cost headings",
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

    // Milestones, by title: new ones added, known ones given the new due date.
    let mut sheet = Sheet {
        file,
        name: "Milestones",
        problems: &mut problems,
    };
    for (i, row) in f.milestones.iter().enumerate() {
        let line = i + 2;
        if row.milestone.trim().is_empty() {
            continue;
        }
        let Some(due) = sheet.read(line, "Due date", &row.due_date, parse::date) else {
            continue;
        };
        let saved = match store.milestone(&a.reference, &row.milestone) {
            Ok(mut known) => {
                known.due_date = due;
                store.update_milestone(&row.milestone, &known)
            }
            Err(Error::NotFound { .. }) => store.add_milestone(&Milestone {
                agreement: a.reference.clone(),
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
            no_target: false,
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
