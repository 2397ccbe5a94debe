//! The funder's own form (DESIGN "The funder's own form"): kept with its
//! agreement, mapped cell by cell to sources in words, proposed from its
//! own labels, and filled on export (by the pack, which knows each
//! source's value) with nothing else in it changed.

mod choices;
mod fill;
mod package;
mod proposal;
pub mod source;
mod workbook;

use std::path::Path;

use chrono::NaiveDateTime;
use serde::Serialize;

pub use choices::{Choice, Group};
pub use fill::{fill, Placed, Put};
pub use proposal::Proposed;
pub use source::Source;
pub use workbook::{
    date_of_serial, serial_of_date, Allows, Area, Cell, Form, Sheet, Shown, Width, Written,
};

use crate::error::{Error, Problem, Result};
use crate::records::{cell_position, FormCell, FunderForm, FORM_MAX_BYTES};
use crate::store::Store;
use choices::Sources;

/// Keeps the funder's form at `path` with `agreement` (in place of any kept
/// before; the mapping stays). A file that is not a workbook Evident can
/// fill is refused, and nothing is kept.
pub fn add(
    store: &mut Store,
    agreement: &str,
    path: &Path,
    now: NaiveDateTime,
) -> Result<FunderForm> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io("could not read", path, e))?
        .len();
    if size > FORM_MAX_BYTES as u64 {
        return Err(Error::invalid(
            "form",
            format!(
                "the form is {} MB; a funder's form is kept up to {} MB",
                size / 1_048_576,
                FORM_MAX_BYTES / 1_048_576
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io("could not read", path, e))?;
    Form::read(&bytes)?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("form.xlsx");
    store.keep_form(agreement, name, &bytes, now)
}

/// `agreement`'s form read, if one is kept.
pub fn kept(store: &Store, agreement: &str) -> Result<Option<(FunderForm, Form)>> {
    match store.funder_form(agreement)? {
        Some((record, bytes)) => Ok(Some((record, Form::read(&bytes)?))),
        None => Ok(None),
    }
}

/// Every source a cell of `agreement`'s form may take, grouped for the picker.
pub fn choices(store: &Store, agreement: &str) -> Result<Vec<Group>> {
    Ok(Sources::of(store, agreement)?.groups())
}

/// The proposed mapping of the cells of `agreement`'s form not mapped yet.
pub fn proposal(store: &Store, agreement: &str) -> Result<Vec<Proposed>> {
    let (_, form) = kept(store, agreement)?.ok_or_else(|| no_form(agreement))?;
    let mapped = store.form_cells(agreement)?;
    Ok(proposal::propose(
        &form,
        &Sources::of(store, agreement)?,
        &mapped,
    ))
}

fn no_form(agreement: &str) -> Error {
    Error::invalid(
        "form",
        format!(
            "the agreement {agreement} keeps no funder's form yet; add the funder's form first"
        ),
    )
}

/// Checks one mapped cell: its place (the form's sheet and a cell that is
/// not the funder's formula), and that its source is written as sources
/// are and names something the agreement has.
fn checked(sources: &Sources, form: Option<&Form>, cell: &FormCell) -> Result<FormCell> {
    let mut cell = cell.clone();
    cell.validate()?;
    let source = Source::parse(&cell.source)?;
    if let Some(why) = sources.missing(&source) {
        return Err(Error::invalid("source", why));
    }
    cell.source = source.to_string();
    if let Some(form) = form {
        let sheet = form.sheet(&cell.sheet).ok_or_else(|| {
            let names: Vec<&str> = form.sheets.iter().map(|s| s.name.as_str()).collect();
            Error::invalid(
                "sheet",
                format!(
                    "the form has no sheet {:?}; its sheets are {}",
                    cell.sheet,
                    names.join(", ")
                ),
            )
        })?;
        cell.sheet = sheet.name.clone();
        let (column, row) = cell_position(&cell.cell).expect("validated");
        if sheet.cells.get(&(row, column)).is_some_and(|c| c.formula) {
            return Err(Error::invalid(
                "cell",
                format!(
                    "{}!{} holds the funder's formula; map the cells it adds up instead",
                    cell.sheet, cell.cell
                ),
            ));
        }
    }
    Ok(cell)
}

/// Maps one cell of `agreement`'s form to `source`.
pub fn set_cell(store: &mut Store, agreement: &str, cell: &FormCell) -> Result<FormCell> {
    let sources = Sources::of(store, agreement)?;
    let form = kept(store, agreement)?.map(|(_, f)| f);
    let cell = checked(&sources, form.as_ref(), cell)?;
    store.set_form_cell(agreement, &cell)?;
    Ok(cell)
}

/// Maps one cell to nothing.
pub fn clear_cell(store: &mut Store, agreement: &str, sheet: &str, cell: &str) -> Result<()> {
    store.clear_form_cell(agreement, sheet, cell)
}

/// What reading a mapping file did.
#[derive(Debug, Clone, Serialize)]
pub struct Mapped {
    /// Cells mapped.
    pub cells: usize,
}

/// Sets `agreement`'s whole mapping from a table with the columns
/// `sheet,cell,source` (CSV, or a workbook's first sheet). Every row is
/// checked first: one bad row refuses the file, and nothing changes.
pub fn map_file(store: &mut Store, agreement: &str, path: &Path) -> Result<Mapped> {
    let table = crate::import::table::Table::read(path)?;
    let rows = rows_of(&table)?;
    set_mapping(store, agreement, &table.file, &rows)
}

/// The mapping's rows of `table`, by line: (line, cell).
pub(crate) fn rows_of(table: &crate::import::table::Table) -> Result<Vec<(usize, FormCell)>> {
    let columns = ["sheet", "cell", "source"].map(|c| table.column(c));
    if let Some(missing) = ["sheet", "cell", "source"]
        .iter()
        .zip(&columns)
        .find(|(_, c)| c.is_none())
    {
        return Err(Error::ImportProblems {
            file: table.file.clone(),
            problems: vec![Problem {
                file: table.file.clone(),
                line: Some(table.header_line),
                column: Some(missing.0.to_string()),
                value: String::new(),
                why: "a mapping has the columns sheet, cell and source".into(),
            }],
        });
    }
    Ok(table
        .rows
        .iter()
        .map(|row| {
            let [sheet, cell, source] = columns.map(|c| table.cell(row, c).to_string());
            (
                row.line,
                FormCell {
                    sheet,
                    cell,
                    source,
                },
            )
        })
        .collect())
}

/// Sets the whole mapping from `rows`, each checked, all or nothing.
pub(crate) fn set_mapping(
    store: &mut Store,
    agreement: &str,
    file: &str,
    rows: &[(usize, FormCell)],
) -> Result<Mapped> {
    let sources = Sources::of(store, agreement)?;
    let form = kept(store, agreement)?.map(|(_, f)| f);
    let mut problems = Vec::new();
    let mut cells: Vec<FormCell> = Vec::new();
    for (line, row) in rows {
        match checked(&sources, form.as_ref(), row) {
            Ok(cell)
                if cells
                    .iter()
                    .any(|c| c.sheet.eq_ignore_ascii_case(&cell.sheet) && c.cell == cell.cell) =>
            {
                problems.push(problem(
                    file,
                    *line,
                    "cell",
                    &cell.cell,
                    "this cell is mapped twice in the file; keep one row for it".into(),
                ));
            }
            Ok(cell) => cells.push(cell),
            Err(Error::Invalid { field, message }) => {
                let value = match field.as_str() {
                    "sheet" => &row.sheet,
                    "cell" => &row.cell,
                    _ => &row.source,
                };
                problems.push(problem(file, *line, &field, value, message));
            }
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(Error::ImportProblems {
            file: file.to_string(),
            problems,
        });
    }
    store.replace_form_cells(agreement, &cells)?;
    Ok(Mapped { cells: cells.len() })
}

fn problem(file: &str, line: usize, column: &str, value: &str, why: String) -> Problem {
    Problem {
        file: file.to_string(),
        line: Some(line),
        column: Some(column.to_string()),
        value: value.to_string(),
        why,
    }
}

/// One sheet as the mapping screen draws it.
#[derive(Debug, Clone, Serialize)]
pub struct SheetView {
    /// Its name.
    pub name: String,
    /// Hidden by the funder.
    pub hidden: bool,
    /// The last row and column drawn.
    pub rows: u32,
    /// Columns drawn.
    pub columns: u32,
    /// Each cell holding something or the first of merged cells: (row,
    /// column, name, text as shown, whether the funder's formula computes it).
    pub cells: Vec<CellView>,
    /// Merged cells.
    pub merged: Vec<Area>,
    /// Column widths.
    pub widths: Vec<Width>,
}

/// One cell as the mapping screen shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    /// Row, from 1.
    pub row: u32,
    /// Column, from 1.
    pub column: u32,
    /// `B12`.
    pub cell: String,
    /// Its value as the funder wrote it.
    pub text: String,
    /// Computed by the funder's formula.
    pub formula: bool,
}

/// The most rows and columns of a sheet the mapping screen draws: a form
/// is a page or two; a sheet of data far below is not for mapping.
pub const VIEW_ROWS: u32 = 400;
/// Columns drawn at most.
pub const VIEW_COLUMNS: u32 = 40;

/// Everything the mapping screen shows of `agreement`'s form.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// The form kept, if any.
    pub form: Option<FunderForm>,
    /// Its sheets.
    pub sheets: Vec<SheetView>,
    /// The mapping.
    pub mapping: Vec<FormCell>,
    /// Proposals for the cells not mapped.
    pub proposals: Vec<Proposed>,
    /// The picker's groups.
    pub choices: Vec<Group>,
}

/// The mapping screen's view of `agreement`'s form.
pub fn view(store: &Store, agreement: &str) -> Result<View> {
    let sources = Sources::of(store, agreement)?;
    let mapping = store.form_cells(agreement)?;
    let Some((record, form)) = kept(store, agreement)? else {
        return Ok(View {
            form: None,
            sheets: Vec::new(),
            mapping,
            proposals: Vec::new(),
            choices: sources.groups(),
        });
    };
    let sheets = form
        .sheets
        .iter()
        .map(|sheet| {
            let (rows, columns) = sheet.extent();
            let (rows, columns) = ((rows + 1).min(VIEW_ROWS), (columns + 1).min(VIEW_COLUMNS));
            let cells = sheet
                .cells
                .iter()
                .filter(|((r, c), _)| *r <= rows && *c <= columns)
                .map(|((row, column), cell)| CellView {
                    row: *row,
                    column: *column,
                    cell: crate::records::cell_name(*column, *row),
                    text: form.display(cell),
                    formula: cell.formula,
                })
                .collect();
            SheetView {
                name: sheet.name.clone(),
                hidden: sheet.hidden,
                rows,
                columns,
                cells,
                merged: sheet.merged.clone(),
                widths: sheet.widths.clone(),
            }
        })
        .collect();
    let proposals = proposal::propose(&form, &sources, &mapping);
    Ok(View {
        form: Some(record),
        sheets,
        mapping,
        proposals,
        choices: sources.groups(),
    })
}
