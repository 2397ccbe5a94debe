//! What a workbook would cost to read, judged before a reader unpacks it: a
//! small file built (or damaged) to expand into gigabytes is refused with a
//! plain message instead of exhausting the laptop's memory. The zip's
//! directory gives a `.xlsx` or `.ods` file's unpacked size; an `.ods`
//! sheet's repeated rows and cells give the area its reader would lay out.

use std::io::{BufRead, Read};
use std::path::Path;

use crate::error::{Error, Result};

/// The most a workbook may hold once unpacked: far beyond any register, and
/// small enough that a file built to explode is refused before it is read.
pub const WORKBOOK_LIMIT_BYTES: u64 = 256 * 1024 * 1024;

/// The most cells a sheet's used area (from its first to its last cell) may
/// span in an `.ods` file, whose reader lays the area out whole: 20,000
/// rows of 100 columns.
pub const SHEET_CELL_LIMIT: u64 = 2_000_000;

/// Refuses a workbook that would unpack past [`WORKBOOK_LIMIT_BYTES`], or
/// whose `.ods` sheets span more than [`SHEET_CELL_LIMIT`] cells. A file
/// that is not what its name says is left to the reader to refuse.
pub fn check(path: &Path, file: &str) -> Result<()> {
    let opened = std::fs::File::open(path)
        .map_err(|e| Error::invalid("file", format!("{file} could not be opened: {e}")))?;
    check_zip(opened, file)
}

fn check_zip(opened: std::fs::File, file: &str) -> Result<()> {
    let Ok(mut archive) = zip::ZipArchive::new(opened) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    if total > WORKBOOK_LIMIT_BYTES {
        return Err(Error::invalid(
            "file",
            format!(
                "{file} would unpack to {} MB, more than the {} MB Evident reads; split it into smaller workbooks, or save it as CSV",
                total / 1_000_000,
                WORKBOOK_LIMIT_BYTES / 1_000_000
            ),
        ));
    }
    // An OpenDocument spreadsheet keeps its sheets in content.xml.
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let widest = ods_widest_sheet(std::io::BufReader::new(content.take(WORKBOOK_LIMIT_BYTES)));
    refuse_beyond(widest, file)
}

fn refuse_beyond(cells: u64, file: &str) -> Result<()> {
    if cells <= SHEET_CELL_LIMIT {
        return Ok(());
    }
    Err(Error::invalid(
        "file",
        format!(
            "{file} has a sheet whose cells, from its first to its last, span {cells} cells, more than the {SHEET_CELL_LIMIT} Evident reads; delete the rows and columns beyond your table (or anything typed far below or to the right of it), save, and import again"
        ),
    ))
}

/// The most cells an `.ods` reader would lay out for one sheet: the span of
/// rows holding something (repeats counted) times the widest such row, or
/// the cells its rows spell out, whichever is more. Cells with no value and
/// no content are not counted, as the reader skips them.
fn ods_widest_sheet(content: impl BufRead) -> u64 {
    use quick_xml::events::Event;
    const MAX_ROWS: u64 = 1_048_576;
    const MAX_COLUMNS: u64 = 16_384;
    let repeats = |e: &quick_xml::events::BytesStart, name: &str, cap: u64| -> u64 {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|a| a.value.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .clamp(1, cap)
    };
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut widest: u64 = 0;
    // The sheet being read: rows so far, the first and last rows holding
    // something, the widest such row, and the cells spelled out.
    let (mut rows, mut first, mut end, mut width, mut spelled) = (0u64, None, 0u64, 0u64, 0u64);
    // The row being read: its repeats, the column reached, and where its
    // last cell holding something ends.
    let (mut row_repeats, mut column, mut filled_to) = (1u64, 0u64, 0u64);
    let mut finish_sheet = |first: &mut Option<u64>, end: u64, width: u64, spelled: u64| {
        let span = first.map_or(0, |f| end.saturating_sub(f).saturating_mul(width));
        widest = widest.max(span).max(spelled);
        *first = None;
    };
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                (rows, end, width, spelled) = (0, 0, 0, 0);
                first = None;
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                finish_sheet(&mut first, end, width, spelled);
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                row_repeats = repeats(&e, "table:number-rows-repeated", MAX_ROWS);
                (column, filled_to) = (0, 0);
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                rows = rows.saturating_add(repeats(&e, "table:number-rows-repeated", MAX_ROWS));
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if filled_to > 0 {
                    first.get_or_insert(rows);
                    end = rows.saturating_add(row_repeats);
                    width = width.max(filled_to);
                    spelled = spelled.saturating_add(filled_to);
                }
                rows = rows.saturating_add(row_repeats);
            }
            Event::Start(ref e) | Event::Empty(ref e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let holds_something = matches!(event, Event::Start(_))
                    || e.try_get_attribute("office:value-type")
                        .ok()
                        .flatten()
                        .is_some();
                column = column
                    .saturating_add(repeats(e, "table:number-columns-repeated", MAX_COLUMNS))
                    .min(MAX_COLUMNS);
                if holds_something {
                    filled_to = column;
                }
            }
            _ => {}
        }
        buf.clear();
    }
    finish_sheet(&mut first, end, width, spelled);
    widest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ods(rows: &str) -> u64 {
        let xml = format!(
            "<office:document-content><office:body><office:spreadsheet><table:table table:name=\"S\">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
        );
        ods_widest_sheet(xml.as_bytes())
    }

    #[test]
    fn an_ods_sheet_counts_the_rows_and_cells_that_hold_something() {
        let row = "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>a</text:p></table:table-cell><table:table-cell table:number-columns-repeated=\"2\"/><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>";
        // Two rows, four columns wide (the empty cells between count).
        assert_eq!(ods(&format!("{row}{row}")), 8);
        // LibreOffice's trailing empty rows and cells cost nothing.
        let trailing = "<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>";
        assert_eq!(ods(&format!("{row}{trailing}")), 4);
    }

    #[test]
    fn an_ods_sheet_built_to_expand_is_measured_whole() {
        let wide = "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>";
        assert_eq!(ods(wide), 1_000_000 * 16_384);
        let far = "<table:table-row><table:table-cell office:value-type=\"string\"/></table:table-row><table:table-row table:number-rows-repeated=\"500000\"/><table:table-row><table:table-cell table:number-columns-repeated=\"9\"/><table:table-cell office:value-type=\"string\"/></table:table-row>";
        assert_eq!(ods(far), 500_002 * 10);
    }
}
