//! The register grid (DESIGN "The register grid"): the register as groups
//! keep it in a spreadsheet, one row per child and one column per session
//! date, with a mark where the child came. Read as it is, every sheet of a
//! workbook (or the one named), and imported all or nothing, adding only
//! what is not there yet: the children it names that are new, a session of
//! the programme on each date with a mark, and the marks.

use std::path::Path;

use std::collections::HashMap;

use chrono::{Days, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::table::{header_key, Row, Tab, Table};
use super::{refuse_problems, Problem};
use crate::error::{Error, Result};
use crate::records::{Agreement, Participant, Session};
use crate::store::{SessionQuery, Store};

/// What the person importing chose besides the file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GridOptions {
    /// The programme the sessions belong to (required).
    pub programme: String,
    /// The one sheet to read; every sheet when `None`.
    pub sheet: Option<String>,
    /// The new sessions' start time, `HH:MM`.
    pub start_time: Option<String>,
    /// The new sessions' length in minutes.
    pub duration_minutes: Option<String>,
}

/// What a grid import did, or would do.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GridReport {
    /// The file.
    pub file: String,
    /// The sheets read.
    pub sheets: Vec<String>,
    /// Children named in the grid who are not in the records yet, as
    /// written: each becomes a new participant (a typo shows here first).
    pub new_children: Vec<String>,
    /// Sessions added (or that would be).
    pub sessions_added: usize,
    /// Existing sessions of the programme on a grid's date, used as they are.
    pub sessions_reused: usize,
    /// Attendances added (or that would be).
    pub attendances_added: usize,
    /// Marks already on the register.
    pub attendances_already: usize,
    /// Dates outside every agreement's dates: imported, but counted by no
    /// return.
    pub warnings: Vec<String>,
    /// Whether the records were written.
    pub written: bool,
}

impl GridReport {
    /// One line saying what the import did or would do.
    pub fn summary(&self) -> String {
        let children = self.new_children.len();
        let verb = if self.written { "added" } else { "to add" };
        format!(
            "{children} new {} {verb}, {} {verb} ({} already there), {} {verb} ({} already there)",
            if children == 1 { "child" } else { "children" },
            crate::error::count(self.sessions_added, "session"),
            self.sessions_reused,
            crate::error::count(self.attendances_added, "attendance"),
            self.attendances_already
        )
    }
}

/// A mark in a cell: whether the child came.
fn mark(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "✓" | "✔" | "x" | "/" | "1" | "y" | "yes" | "p" | "present" | "l" | "late" => {
            Some(true)
        }
        "" | "a" | "absent" | "n" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// A header or row label that totals rather than names: left out.
fn is_total(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "total" | "totals" | "count" | "%" | "percent" | "percentage" | "attendance %"
    )
}

/// A row label that gives the headcount of those not named.
fn is_headcount(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "others" | "headcount" | "unnamed" | "others (not named)"
    )
}

/// A header read as a date: `YYYY-MM-DD`, `DD/MM/YYYY`, a date cell (read
/// as `YYYY-MM-DD`), or an Excel serial day number.
fn header_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(date) = crate::parse::date("date", text) {
        return Some(date);
    }
    let serial: u64 = text.parse().ok()?;
    // Excel counts days from 1899-12-30; 36526 is 2000-01-01, 73050 2099-12-31.
    (36526..=73050)
        .contains(&serial)
        .then(|| NaiveDate::from_ymd_opt(1899, 12, 30).expect("a date") + Days::new(serial))
}

/// A cell's spreadsheet name: column letters and row number (`F12`).
fn cell_name(column: usize, line: usize) -> String {
    let mut letters = String::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, (b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{letters}{line}")
}

/// How a child is named in the grid's identity columns.
#[derive(Debug, Clone)]
struct Named {
    code: Option<String>,
    name: String,
    date_of_birth: Option<NaiveDate>,
}

/// A child as the grid names them, however the name is spaced or cased.
type NamedKey = (Option<String>, String, Option<NaiveDate>);

impl Named {
    /// The same child however the name is spaced or cased.
    fn key(&self) -> NamedKey {
        (
            self.code.as_ref().map(|c| c.to_uppercase()),
            name_key(&self.name),
            self.date_of_birth,
        )
    }
}

/// A name as compared: lower case, spaces collapsed.
fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One sheet read as a grid.
struct Sheet {
    /// The children's rows: who, and the dates marked.
    children: Vec<(Named, String, Vec<NaiveDate>)>,
    /// Each date's headcount of those not named.
    headcounts: Vec<(NaiveDate, u32)>,
    /// Every date with a mark or a headcount.
    dates: Vec<NaiveDate>,
}

/// A problem at a cell of the sheet `label`.
fn cell_problem(label: &str, line: usize, column: usize, value: &str, why: String) -> Problem {
    Problem {
        file: label.to_string(),
        line: Some(line),
        column: Some(cell_name(column, line)),
        value: value.to_string(),
        why,
    }
}

/// A problem with the sheet `label`'s header row.
fn header_problem(table: &Table, label: &str, why: &str) -> Problem {
    Problem {
        file: label.to_string(),
        line: Some(table.header_line),
        column: None,
        value: String::new(),
        why: why.to_string(),
    }
}

/// The columns of a grid: those naming the children (before the first
/// date), and each date's.
struct GridColumns {
    code: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
    name: Option<usize>,
    born: Option<usize>,
    first_date: usize,
    dates: Vec<(usize, NaiveDate)>,
}

impl GridColumns {
    /// The grid's columns, or `None` (its problem noted) when no column is
    /// headed with a date or none names the children.
    fn of(table: &Table, label: &str, problems: &mut Vec<Problem>) -> Option<GridColumns> {
        let Some(first_date) = table.headers.iter().position(|h| header_date(h).is_some()) else {
            problems.push(header_problem(table, label, "no column is headed with a date; the header row needs the session dates (YYYY-MM-DD, DD/MM/YYYY or date cells) after the columns naming the children"));
            return None;
        };
        let mut dates = Vec::new();
        for (i, header) in table.headers.iter().enumerate().skip(first_date) {
            if header.trim().is_empty() || is_total(header) {
                continue;
            }
            match header_date(header) {
                Some(date) => dates.push((i, date)),
                None => problems.push(cell_problem(
                    label,
                    table.header_line,
                    i,
                    header,
                    "this column's header is not a date; write the session's date (YYYY-MM-DD or DD/MM/YYYY), or head it Total if it counts".to_string(),
                )),
            }
        }
        let identity = &table.headers[..first_date];
        let find = |names: &[&str]| {
            identity
                .iter()
                .position(|h| names.contains(&header_key(h).as_str()))
        };
        let columns = GridColumns {
            code: find(&["code", "participant_code", "id", "ref"]),
            first: find(&["first_name", "forename", "first"]),
            last: find(&["last_name", "surname", "family_name", "last"]),
            name: find(&[
                "name",
                "known_as",
                "child",
                "child's_name",
                "full_name",
                "participant",
            ]),
            born: find(&["date_of_birth", "dob", "d.o.b.", "birthday", "born"]),
            first_date,
            dates,
        };
        if columns.code.is_none() && columns.name.is_none() && columns.first.is_none() {
            problems.push(header_problem(table, label, "no column names the children; head one Code, Name, or First name (and Last name), before the dates"));
            return None;
        }
        Some(columns)
    }

    /// The name a row gives, as written.
    fn name_in(&self, table: &Table, row: &Row) -> String {
        let parts: Vec<&str> = match (self.name, self.first) {
            (Some(n), _) => vec![table.cell(row, Some(n))],
            (None, Some(f)) => vec![table.cell(row, Some(f)), table.cell(row, self.last)],
            (None, None) => vec![table.cell(row, self.code)],
        };
        parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Reads the grid in `table` (`label` names its sheet in messages).
fn read_sheet(table: &Table, label: &str, problems: &mut Vec<Problem>) -> Sheet {
    let mut sheet = Sheet {
        children: Vec::new(),
        headcounts: Vec::new(),
        dates: Vec::new(),
    };
    let Some(columns) = GridColumns::of(table, label, problems) else {
        return sheet;
    };
    let mut dates = std::collections::BTreeSet::new();
    for row in &table.rows {
        let written = columns.name_in(table, row);
        let first_cell = row
            .cells
            .iter()
            .take(columns.first_date)
            .map(|c| c.trim())
            .find(|c| !c.is_empty())
            .unwrap_or_default()
            .to_string();
        if is_total(&first_cell) || is_total(&written) {
            continue;
        }
        if is_headcount(&first_cell) || is_headcount(&written) {
            for (date, count) in headcounts(table, label, &columns, row, problems) {
                sheet.headcounts.push((date, count));
                if count > 0 {
                    dates.insert(date);
                }
            }
            continue;
        }
        let code_text = table.cell(row, columns.code);
        if written.is_empty() && code_text.is_empty() {
            continue;
        }
        let date_of_birth = match table.cell(row, columns.born) {
            "" => None,
            text => match crate::parse::date("date_of_birth", text) {
                Ok(d) => Some(d),
                Err(e) => {
                    problems.push(cell_problem(
                        label,
                        row.line,
                        columns.born.unwrap_or(0),
                        text,
                        e.to_string(),
                    ));
                    None
                }
            },
        };
        let mut came = Vec::new();
        for (column, date) in &columns.dates {
            let text = table.cell(row, Some(*column));
            match mark(text) {
                Some(true) => {
                    came.push(*date);
                    dates.insert(*date);
                }
                Some(false) => {}
                None => problems.push(cell_problem(
                    label,
                    row.line,
                    *column,
                    text,
                    "this mark is not one Evident reads; mark who came with ✓, x, 1, Y, P or L (late), and who did not with A, N, 0 or nothing".to_string(),
                )),
            }
        }
        sheet.children.push((
            Named {
                code: (!code_text.is_empty()).then(|| code_text.to_string()),
                name: written.clone(),
                date_of_birth,
            },
            format!("{label}, row {}", row.line),
            came,
        ));
    }
    sheet.dates = dates.into_iter().collect();
    sheet
}

/// A headcount row: each date's number of people who came but are not
/// named (a cell that is not a number is a problem, and left out).
fn headcounts(
    table: &Table,
    label: &str,
    columns: &GridColumns,
    row: &Row,
    problems: &mut Vec<Problem>,
) -> Vec<(NaiveDate, u32)> {
    let mut counts = Vec::new();
    for (column, date) in &columns.dates {
        let text = table.cell(row, Some(*column));
        if text.is_empty() {
            continue;
        }
        match text.parse::<u32>() {
            Ok(n) => counts.push((*date, n)),
            Err(_) => problems.push(cell_problem(
                label,
                row.line,
                *column,
                text,
                "a headcount is a whole number of people who came but are not named".to_string(),
            )),
        }
    }
    counts
}

/// Reads every sheet the options ask for.
fn read_grid(path: &Path, options: &GridOptions) -> Result<(String, Vec<(String, Table)>)> {
    let file = super::table::file_name(path);
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"));
    if is_csv {
        return Ok((file.clone(), vec![(file, Table::read(path)?)]));
    }
    let names = match &options.sheet {
        Some(sheet) => vec![sheet.clone()],
        None => Table::sheet_names(path)?,
    };
    let mut sheets = Vec::new();
    for name in names {
        // A sheet that cannot be read refuses the whole workbook: the
        // others are not imported without it.
        match Table::read_tab(path, &name)? {
            Tab::Read(table) => sheets.push((format!("{file}, sheet {name}"), table)),
            Tab::Missing => {
                return Err(Error::NotFound {
                    what: "sheet",
                    key: name,
                    hint: "check the workbook's sheet names",
                })
            }
            // An empty sheet (a spare tab) holds no register.
            Tab::Blank(_) if options.sheet.is_none() => {}
            Tab::Blank(why) => return Err(why),
        }
    }
    Ok((file, sheets))
}

/// Imports the register grid at `path` for the programme the options name.
/// With `dry_run` nothing is written and the report says what would be.
/// When anything in it is wrong nothing is written and the error is
/// [`Error::ImportProblems`], naming each sheet and cell.
pub fn import_register(
    store: &mut Store,
    path: &Path,
    options: &GridOptions,
    dry_run: bool,
    today: NaiveDate,
) -> Result<GridReport> {
    let programme = store.programme(options.programme.trim())?;
    let (file, tables) = read_grid(path, options)?;
    let mut problems = Vec::new();
    let sheets: Vec<Sheet> = tables
        .iter()
        .map(|(label, table)| read_sheet(table, label, &mut problems))
        .collect();
    let mut report = GridReport {
        file: file.clone(),
        sheets: tables.iter().map(|(label, _)| label.clone()).collect(),
        ..GridReport::default()
    };
    let chosen = who_each_row_is(&store.participants(true)?, &sheets, &mut problems);
    refuse_twins(&chosen, &file, &mut problems);
    let mut dates: Vec<NaiveDate> = sheets.iter().flat_map(|s| s.dates.clone()).collect();
    dates.sort();
    dates.dedup();
    let new_sessions = NewSessions::of(store, &programme.name, options)?;
    warn_outside_agreements(&store.agreements(true)?, &dates, &mut report);
    if !problems.is_empty() {
        return refuse_problems(&file, problems, report);
    }
    store.writes_kept_if(|s| {
        let codes = codes_of(s, &chosen, &mut report, today)?;
        let session_of = sessions_on(s, &dates, &sheets, &new_sessions, &mut report)?;
        let mut pairs = Vec::new();
        for sheet in &sheets {
            for (named, _, came) in &sheet.children {
                let Some(code) = codes.get(&named.key()) else {
                    continue;
                };
                for date in came {
                    if let Some(reference) = session_of.get(date) {
                        pairs.push((reference.clone(), code.clone()));
                    }
                }
            }
        }
        pairs.sort();
        pairs.dedup();
        let before = pairs.len();
        let registered = s.register_attendance(&pairs)?;
        report.attendances_added = registered
            .iter()
            .filter(|r| matches!(r, crate::store::Registered::Added))
            .count();
        report.attendances_already = before - report.attendances_added;
        report.written = !dry_run;
        Ok((report, !dry_run))
    })
}

/// Who each row is: the code of someone on the records (by code, or else
/// by name and date of birth), or `None` for a child to add. A code no one
/// has, or a name several people share, is a problem.
fn who_each_row_is(
    people: &[Participant],
    sheets: &[Sheet],
    problems: &mut Vec<Problem>,
) -> Vec<(Named, Option<String>)> {
    let mut chosen: Vec<(Named, Option<String>)> = Vec::new();
    for sheet in sheets {
        for (named, place, _) in &sheet.children {
            if chosen.iter().any(|(n, _)| n.key() == named.key()) {
                continue;
            }
            let found = match &named.code {
                Some(code) => match people.iter().find(|p| p.code.eq_ignore_ascii_case(code)) {
                    Some(p) => Some(p.code.clone()),
                    None => {
                        problems.push(Problem {
                            file: place.clone(),
                            line: None,
                            column: None,
                            value: code.clone(),
                            why: "no one has this code; check it, or leave the code out to add the child by name".to_string(),
                        });
                        continue;
                    }
                },
                None => {
                    let key = name_key(&named.name);
                    let matches: Vec<&Participant> = people
                        .iter()
                        .filter(|p| name_key(&p.known_as) == key)
                        .filter(|p| match (named.date_of_birth, p.date_of_birth) {
                            (Some(a), Some(b)) => a == b,
                            _ => true,
                        })
                        .collect();
                    match matches.as_slice() {
                        [] => None,
                        [one] => Some(one.code.clone()),
                        many => {
                            problems.push(Problem {
                                file: place.clone(),
                                line: None,
                                column: None,
                                value: named.name.clone(),
                                why: format!(
                                    "{} people are called this ({}); add a Code column to say which one",
                                    many.len(),
                                    many.iter().map(|p| p.code.as_str()).collect::<Vec<_>>().join(", ")
                                ),
                            });
                            continue;
                        }
                    }
                }
            };
            chosen.push((named.clone(), found));
        }
    }
    chosen
}

/// The same new name twice (two rows, no code), one of them without a
/// date of birth, cannot be told apart.
fn refuse_twins(chosen: &[(Named, Option<String>)], file: &str, problems: &mut Vec<Problem>) {
    let new: Vec<&Named> = chosen
        .iter()
        .filter(|(_, code)| code.is_none())
        .map(|(n, _)| n)
        .collect();
    let mut told: Vec<String> = Vec::new();
    for (i, a) in new.iter().enumerate() {
        let twin = new[i + 1..].iter().any(|b| {
            name_key(&a.name) == name_key(&b.name)
                && (a.date_of_birth.is_none() || b.date_of_birth.is_none())
        });
        if twin && !told.contains(&name_key(&a.name)) {
            told.push(name_key(&a.name));
            problems.push(Problem {
                file: file.to_string(),
                line: None,
                column: None,
                value: a.name.clone(),
                why: "two rows name a new child this way and cannot be told apart; add a date of birth or a Code column".to_string(),
            });
        }
    }
}

/// What the sessions the grid adds are: of its programme, starting and
/// lasting as the options say, or else as the programme's latest session.
struct NewSessions {
    programme: String,
    start_time: Option<NaiveTime>,
    duration_minutes: Option<u32>,
}

impl NewSessions {
    fn of(store: &Store, programme: &str, options: &GridOptions) -> Result<NewSessions> {
        let latest = store
            .sessions(&SessionQuery {
                programme: Some(programme.to_string()),
                from: None,
                to: None,
            })?
            .into_iter()
            .max_by_key(|s| (s.date, s.start_time));
        let start_time = match &options.start_time {
            Some(t) if !t.trim().is_empty() => Some(crate::parse::time("start_time", t)?),
            _ => latest.as_ref().and_then(|s| s.start_time),
        };
        let duration_minutes = match &options.duration_minutes {
            Some(d) if !d.trim().is_empty() => Some(crate::parse::count("duration_minutes", d)?),
            _ => latest.as_ref().map(|s| s.duration_minutes),
        };
        Ok(NewSessions {
            programme: programme.to_string(),
            start_time,
            duration_minutes,
        })
    }
}

/// A date outside every agreement is imported, and said.
fn warn_outside_agreements(agreements: &[Agreement], dates: &[NaiveDate], report: &mut GridReport) {
    let outside: Vec<&NaiveDate> = dates
        .iter()
        .filter(|date| {
            !agreements
                .iter()
                .any(|a| a.start_date <= **date && **date <= a.end_date)
        })
        .collect();
    match outside.as_slice() {
        [] => {}
        [one] => report.warnings.push(format!(
            "{one} is outside every agreement's dates: imported, but no return counts it"
        )),
        [first, .., last] => report.warnings.push(format!(
            "{} dates, from {first} to {last}, are outside every agreement's dates: imported, but no return counts them",
            outside.len()
        )),
    }
}

/// Each row's code, adding the children new to the records.
fn codes_of(
    s: &mut Store,
    chosen: &[(Named, Option<String>)],
    report: &mut GridReport,
    today: NaiveDate,
) -> Result<HashMap<NamedKey, String>> {
    let mut codes = HashMap::new();
    for (named, found) in chosen {
        let code = match found {
            Some(code) => code.clone(),
            None => {
                report.new_children.push(named.name.clone());
                s.add_participant(
                    &Participant {
                        known_as: named.name.clone(),
                        date_of_birth: named.date_of_birth,
                        ..Participant::default()
                    },
                    today,
                )?
                .code
            }
        };
        codes.insert(named.key(), code);
    }
    Ok(codes)
}

/// The session of the programme on each date marked: the earliest already
/// there (given the grid's headcount when it has none), or a new one.
fn sessions_on(
    s: &mut Store,
    dates: &[NaiveDate],
    sheets: &[Sheet],
    new: &NewSessions,
    report: &mut GridReport,
) -> Result<HashMap<NaiveDate, String>> {
    let mut session_of = HashMap::new();
    for date in dates {
        let existing = s.sessions(&SessionQuery {
            programme: Some(new.programme.clone()),
            from: Some(*date),
            to: Some(*date),
        })?;
        let headcount = sheets
            .iter()
            .flat_map(|sh| sh.headcounts.iter())
            .filter(|(d, _)| d == date)
            .map(|(_, n)| *n)
            .max();
        let reference = match existing.into_iter().min_by_key(|x| x.start_time) {
            Some(session) => {
                report.sessions_reused += 1;
                if let Some(n) =
                    headcount.filter(|n| *n != session.headcount && session.headcount == 0)
                {
                    s.update_session(
                        &session.reference,
                        &Session {
                            headcount: n,
                            ..session.clone()
                        },
                    )?;
                }
                session.reference
            }
            None => {
                let Some(duration_minutes) = new.duration_minutes else {
                    return Err(Error::invalid(
                        "duration_minutes",
                        format!("{} has no sessions yet to take a length from; give the sessions' start time and length in minutes", new.programme),
                    ));
                };
                report.sessions_added += 1;
                s.add_session(&Session {
                    programme: new.programme.clone(),
                    date: *date,
                    start_time: new.start_time,
                    duration_minutes,
                    headcount: headcount.unwrap_or(0),
                    ..Session::default()
                })?
                .reference
            }
        };
        session_of.insert(*date, reference);
    }
    Ok(session_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_read_as_design_lists_them() {
        for yes in [
            "✓", "✔", "x", "X", "/", "1", "y", "Yes", "P", "present", "L", "LATE",
        ] {
            assert_eq!(mark(yes), Some(true), "{yes}");
        }
        for no in ["", " ", "A", "absent", "n", "No", "0"] {
            assert_eq!(mark(no), Some(false), "{no:?}");
        }
        for unknown in ["?", "2", "sick", "✗"] {
            assert_eq!(mark(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn headers_are_dates_in_every_accepted_form() {
        let day = NaiveDate::from_ymd_opt(2025, 9, 3).unwrap();
        assert_eq!(header_date("2025-09-03"), Some(day));
        assert_eq!(header_date("03/09/2025"), Some(day));
        assert_eq!(header_date("45903"), Some(day), "an Excel serial day");
        assert_eq!(header_date("Total"), None);
        assert_eq!(header_date("12"), None);
    }

    #[test]
    fn cells_are_named_as_a_spreadsheet_names_them() {
        assert_eq!(cell_name(0, 1), "A1");
        assert_eq!(cell_name(5, 12), "F12");
        assert_eq!(cell_name(26, 3), "AA3");
    }
}
