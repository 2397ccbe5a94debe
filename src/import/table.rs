//! Reading a spreadsheet the user made: CSV (UTF-8, with or without a
//! byte-order mark) or a workbook's first sheet (.xlsx, .ods), into
//! rows of text with their line numbers.

use std::path::Path;

use calamine::{Data, DataType, Reader};

use crate::error::{Error, Result};

/// One row of a table, with the line it came from.
#[derive(Debug, Clone)]
pub struct Row {
    /// The line (CSV) or row number (workbook), as the user sees it.
    pub line: usize,
    /// Its cells as text; dates as `YYYY-MM-DD`.
    pub cells: Vec<String>,
}

/// A sheet of rows under a header row.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file's name, for messages.
    pub file: String,
    /// The header row as written.
    pub headers: Vec<String>,
    /// The header row's line (or row number).
    pub header_line: usize,
    /// The rows below it, blank rows left out.
    pub rows: Vec<Row>,
}

/// A header as compared: lower case, trimmed, spaces and dashes as `_`.
pub fn header_key(text: &str) -> String {
    text.trim().to_lowercase().replace([' ', '-'], "_")
}

impl Table {
    /// The index of the column whose header is `name`, compared by [`header_key`].
    pub fn column(&self, name: &str) -> Option<usize> {
        let wanted = header_key(name);
        self.headers.iter().position(|h| header_key(h) == wanted)
    }

    /// A row's cell in a column, trimmed; empty when the row is short.
    pub fn cell<'a>(&self, row: &'a Row, column: Option<usize>) -> &'a str {
        column
            .and_then(|c| row.cells.get(c))
            .map(|s| s.trim())
            .unwrap_or_default()
    }

    /// Reads a table from a CSV or workbook file.
    pub fn read(path: &Path) -> Result<Table> {
        let mut stream = Stream::open(path)?;
        let rows = stream.next_rows(usize::MAX)?;
        Ok(stream.table(rows))
    }

    /// The names of a workbook's sheets, in order.
    pub fn sheet_names(path: &Path) -> Result<Vec<String>> {
        let file = workbook_name(path)?;
        contained(&file, || {
            super::bounds::check(path, &file)?;
            let book = calamine::open_workbook_auto(path).map_err(|e| {
                Error::invalid(
                    "file",
                    format!("{file} could not be opened as a workbook: {e}"),
                )
            })?;
            Ok(book.sheet_names())
        })
    }

    /// Reads one named sheet of a workbook, if it is there.
    pub fn read_sheet(path: &Path, sheet: &str) -> Result<Option<Table>> {
        match Table::read_tab(path, sheet)? {
            Tab::Missing => Ok(None),
            Tab::Blank(why) => Err(why),
            Tab::Read(table) => Ok(Some(table)),
        }
    }

    /// The sheet called `sheet` of the workbook at `path`, telling a sheet
    /// that is not there or has nothing in it (a spare tab) apart from one
    /// that cannot be read, which is an error.
    pub fn read_tab(path: &Path, sheet: &str) -> Result<Tab> {
        let file = workbook_name(path)?;
        match read_workbook(path, &file, Some(sheet)) {
            Ok(rows) => {
                let label = format!("{file}, sheet {sheet}");
                if rows.iter().all(is_blank) {
                    return Ok(Tab::Blank(empty(&label)));
                }
                let mut stream = Stream::of(label, Box::new(rows.into_iter().map(Ok)))?;
                let rows = stream.next_rows(usize::MAX)?;
                Ok(Tab::Read(stream.table(rows)))
            }
            Err(Error::NotFound { .. }) => Ok(Tab::Missing),
            Err(e) => Err(e),
        }
    }
}

/// A table read a few rows at a time, so that a file of a million rows
/// need not be held whole: its header row when opened, then the rows below
/// it as they are asked for, blank rows left out. A CSV file is read as it
/// goes; a workbook's sheet is read whole (its reader lays it out whole).
pub struct Stream {
    /// The file's name, for messages.
    pub file: String,
    /// The header row as written, and its line.
    pub headers: Vec<String>,
    pub header_line: usize,
    rows: Box<dyn Iterator<Item = Result<Row>>>,
}

impl Stream {
    /// Opens the CSV or workbook file at `path` and reads its header row.
    pub fn open(path: &Path) -> Result<Stream> {
        let file = file_name(path);
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase);
        let rows: Box<dyn Iterator<Item = Result<Row>>> = match extension.as_deref() {
            Some("csv") | Some("txt") => Box::new(CsvRows::open(path, &file)?),
            Some("xlsx") | Some("xlsm") | Some("ods") => {
                Box::new(read_workbook(path, &file, None)?.into_iter().map(Ok))
            }
            Some("xls") => return Err(old_excel(&file)),
            _ => {
                return Err(Error::invalid(
                    "file",
                    format!(
                    "{file} is not a spreadsheet Evident reads; save it as CSV (UTF-8) or .xlsx"
                ),
                ))
            }
        };
        Stream::of(file, rows)
    }

    /// The table of `rows` read from `file` (for messages): its header is
    /// its first row that holds something.
    fn of(file: String, mut rows: Box<dyn Iterator<Item = Result<Row>>>) -> Result<Stream> {
        let header = rows
            .by_ref()
            .find(|row| row.as_ref().map_or(true, |r| !is_blank(r)))
            .transpose()?
            .ok_or_else(|| empty(&file))?;
        Ok(Stream {
            file,
            headers: header.cells,
            header_line: header.line,
            rows,
        })
    }

    /// The next `n` rows that hold something; fewer at the end of the file,
    /// none after it.
    pub fn next_rows(&mut self, n: usize) -> Result<Vec<Row>> {
        let mut rows = Vec::new();
        while rows.len() < n {
            match self.rows.next().transpose()? {
                Some(row) if is_blank(&row) => {}
                Some(row) => rows.push(row),
                None => break,
            }
        }
        Ok(rows)
    }

    /// The table of this file's header and `rows`.
    pub fn table(&self, rows: Vec<Row>) -> Table {
        Table {
            file: self.file.clone(),
            headers: self.headers.clone(),
            header_line: self.header_line,
            rows,
        }
    }
}

/// Whether a row has nothing in any cell.
fn is_blank(row: &Row) -> bool {
    row.cells.iter().all(|c| c.trim().is_empty())
}

/// A file's name, for messages.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("the file")
        .to_string()
}

/// A workbook's file name, for messages; an old Excel file is refused.
fn workbook_name(path: &Path) -> Result<String> {
    let file = file_name(path);
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xls"))
    {
        return Err(old_excel(&file));
    }
    Ok(file)
}

/// An Excel 97–2003 `.xls` file is not read: its reader lays every sheet
/// out whole before anything can be checked, so a damaged file could take
/// all the laptop's memory. Every spreadsheet program saves `.xlsx`.
fn old_excel(file: &str) -> Error {
    Error::invalid(
        "file",
        format!("{file} is an old Excel file (.xls), which Evident does not read; open it in your spreadsheet program, save it as .xlsx (Excel Workbook) or CSV, and import that"),
    )
}

/// A sheet of a workbook, as read.
pub enum Tab {
    /// No sheet of that name.
    Missing,
    /// A sheet with nothing in it, and what to say if one was needed.
    Blank(Error),
    Read(Table),
}

/// The refusal of an empty file or sheet.
fn empty(file: &str) -> Error {
    Error::invalid(
        "file",
        format!("{file} is empty; it needs a header row and then one row per record"),
    )
}

/// The rows of a CSV file, read one at a time.
struct CsvRows {
    reader: csv::Reader<std::fs::File>,
    record: csv::ByteRecord,
    file: String,
    /// Rows read so far.
    read: usize,
}

impl CsvRows {
    fn open(path: &Path, file: &str) -> Result<CsvRows> {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(path)
            .map_err(|e| Error::invalid("file", format!("{file} could not be opened: {e}")))?;
        Ok(CsvRows {
            reader,
            record: csv::ByteRecord::new(),
            file: file.to_string(),
            read: 0,
        })
    }

    /// The next record as a row, `None` at the end of the file.
    fn next_row(&mut self) -> Result<Option<Row>> {
        let file = &self.file;
        let more = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|e| {
                Error::invalid(
                    "file",
                    format!("{file} is not a CSV file Evident can read: {e}"),
                )
            })?;
        if !more {
            return Ok(None);
        }
        let record = &self.record;
        let line = record
            .position()
            .map_or(self.read + 1, |p| p.line() as usize);
        if record.len() > COLUMN_LIMIT {
            return Err(too_many_columns(file, record.len()));
        }
        let mut cells = Vec::with_capacity(record.len());
        for field in record.iter() {
            let text = std::str::from_utf8(field).map_err(|_| {
                Error::invalid(
                    "file",
                    format!("{file}, line {line}: the text is not UTF-8; in your spreadsheet choose Save As, \"CSV UTF-8\""),
                )
            })?;
            cells.push(text.to_string());
        }
        if self.read == 0 {
            if let Some(first) = cells.first_mut() {
                *first = first.trim_start_matches('\u{feff}').to_string();
            }
        }
        self.read += 1;
        Ok(Some(Row { line, cells }))
    }
}

impl Iterator for CsvRows {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Result<Row>> {
        self.next_row().transpose()
    }
}

/// The most columns a table may have.
pub const COLUMN_LIMIT: usize = 1_000;

/// Reads an `.xlsx` sheet cell by cell, keeping only the cells that hold
/// something: a sheet whose one cell sits at `XFD1048576` costs nothing.
fn read_xlsx_cells<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    file: &str,
    name: &str,
) -> Result<Vec<Row>> {
    let unreadable = |e: calamine::XlsxError| {
        Error::invalid(
            "file",
            format!("{file}, sheet {name}, could not be read: {e}"),
        )
    };
    let mut reader = book.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut rows: std::collections::BTreeMap<u32, Vec<(u32, String)>> = Default::default();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (row, col) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if col as usize >= COLUMN_LIMIT {
            return Err(too_many_columns(file, col as usize + 1));
        }
        rows.entry(row).or_default().push((col, text));
    }
    Ok(rows
        .into_iter()
        .map(|(row, cells)| {
            let width = cells
                .iter()
                .map(|(c, _)| *c as usize + 1)
                .max()
                .unwrap_or(0);
            let mut texts = vec![String::new(); width];
            for (col, text) in cells {
                texts[col as usize] = text;
            }
            Row {
                line: row as usize + 1,
                cells: texts,
            }
        })
        .collect())
}

fn too_many_columns(file: &str, columns: usize) -> Error {
    Error::invalid(
        "file",
        format!(
            "{file} has something in column {columns}; Evident reads up to {COLUMN_LIMIT} columns, so delete the columns beyond your table"
        ),
    )
}

fn read_workbook(path: &Path, file: &str, sheet: Option<&str>) -> Result<Vec<Row>> {
    contained(file, || {
        super::bounds::check(path, file)?;
        read_workbook_sheet(path, file, sheet)
    })
}

thread_local! {
    /// Set while a third-party reader works on a user's file on this thread.
    static READING_USER_FILE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a workbook reader over a user's file, turning a panic inside it (a
/// damaged file can make one index past its own buffer) into a refusal
/// that says what to do. The panic's own message is kept off the screen; any
/// other panic is reported as before.
fn contained<T>(file: &str, read: impl FnOnce() -> Result<T>) -> Result<T> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING_USER_FILE.with(|reading| reading.get()) {
                previous(info);
            }
        }));
    });
    READING_USER_FILE.with(|reading| reading.set(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    READING_USER_FILE.with(|reading| reading.set(false));
    outcome.unwrap_or_else(|_| {
        Err(Error::invalid(
            "file",
            format!("{file} is damaged and could not be read; open it in your spreadsheet program, save it again as .xlsx or CSV, and import that"),
        ))
    })
}

fn read_workbook_sheet(path: &Path, file: &str, sheet: Option<&str>) -> Result<Vec<Row>> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| {
        Error::invalid(
            "file",
            format!("{file} could not be opened as a workbook: {e}"),
        )
    })?;
    let name = match sheet {
        Some(wanted) => book
            .sheet_names()
            .into_iter()
            .find(|n| n.trim().eq_ignore_ascii_case(wanted))
            .ok_or(Error::NotFound {
                what: "sheet",
                key: wanted.to_string(),
                hint: "check the workbook's sheet names",
            })?,
        None => book
            .sheet_names()
            .into_iter()
            .next()
            .ok_or_else(|| Error::invalid("file", format!("{file} has no sheets")))?,
    };
    if let calamine::Sheets::Xlsx(xlsx) = &mut book {
        return read_xlsx_cells(xlsx, file, &name);
    }
    let range = book.worksheet_range(&name).map_err(|e| {
        Error::invalid(
            "file",
            format!("{file}, sheet {name}, could not be read: {e}"),
        )
    })?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut texts = vec![String::new(); first_col];
            texts.extend(cells.iter().map(cell_text));
            Row {
                line: first_row + i + 1,
                cells: texts,
            }
        })
        .collect())
}

/// A workbook cell as text: dates as `YYYY-MM-DD`, whole numbers without `.0`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Data::DateTime(_) | Data::DateTimeIso(_) => match cell.as_date() {
            Some(d) => d.format("%Y-%m-%d").to_string(),
            None => cell.to_string(),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_a_reader_is_a_refusal_and_later_panics_still_show() {
        let refused: Result<()> = contained("register.ods", || panic!("index out of bounds"));
        let text = refused.unwrap_err().to_string();
        assert!(text.contains("register.ods is damaged"), "{text}");
        assert!(!READING_USER_FILE.with(|reading| reading.get()));
        assert_eq!(contained("ok.ods", || Ok(7)).unwrap(), 7);
    }
}
