//! What a workbook would cost to read, judged before a reader unpacks it: a
//! small file built (or damaged) to expand into gigabytes is refused with a
//! plain message instead of exhausting the laptop's memory. The zip's
//! directory gives a `.xlsx` or `.ods` file's unpacked size; an `.ods`
//! sheet's repeated rows and cells, and an `.xls` sheet's first and last
//! cells, give the area its reader would lay out.

use std::io::{BufRead, Read};
use std::path::Path;

use crate::error::{Error, Result};

/// The most a workbook may hold once unpacked: far beyond any register, and
/// small enough that a file built to explode is refused before it is read.
pub const WORKBOOK_LIMIT_BYTES: u64 = 256 * 1024 * 1024;

/// The most cells a sheet's used area (from its first to its last cell) may
/// span in an `.ods` or `.xls` file, whose readers lay the area out whole:
/// 20,000 rows of 100 columns.
pub const SHEET_CELL_LIMIT: u64 = 2_000_000;

/// Refuses a workbook that would unpack past [`WORKBOOK_LIMIT_BYTES`], or
/// whose `.ods` or `.xls` sheets span more than [`SHEET_CELL_LIMIT`] cells.
/// A file that is not what its name says is left to the reader to refuse.
pub fn check(path: &Path, file: &str) -> Result<()> {
    let mut start = [0u8; 8];
    let opened = std::fs::File::open(path)
        .map_err(|e| Error::invalid("file", format!("{file} could not be opened: {e}")))?;
    let read = (&opened).take(8).read(&mut start).unwrap_or(0);
    if read >= 4 && start[..4] == *b"PK\x03\x04" {
        check_zip(opened, file)
    } else if read == 8 && start == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
        check_xls(path, file)
    } else {
        Ok(())
    }
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

/// Refuses an `.xls` file a sheet of which spans more than
/// [`SHEET_CELL_LIMIT`] cells from its first cell to its last, or whose
/// container cannot be read strictly (its reader would read on past what
/// is damaged, and lay out whatever it found).
fn check_xls(path: &Path, file: &str) -> Result<()> {
    let damaged = |why: String| {
        Error::invalid(
            "file",
            format!("{file} is damaged and could not be read ({why}); open it in your spreadsheet program, save it again as .xlsx or CSV, and import that"),
        )
    };
    let mut compound = cfb::open(path).map_err(|e| damaged(e.to_string()))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| compound.is_stream(name))
        .ok_or_else(|| damaged("it holds no workbook".into()))?;
    let mut stream = Vec::new();
    compound
        .open_stream(name)
        .and_then(|s| s.take(WORKBOOK_LIMIT_BYTES).read_to_end(&mut stream))
        .map_err(|e| damaged(e.to_string()))?;
    refuse_beyond(xls_widest_sheet(&stream), file)
}

/// The widest area, in cells, from the first cell to the last, of the
/// sheets in an `.xls` workbook stream (BIFF8 records: type, length, data;
/// a cell record starts with its row and column).
fn xls_widest_sheet(stream: &[u8]) -> u64 {
    let word = |bytes: &[u8], at: usize| -> Option<u64> {
        Some(u16::from_le_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]) as u64)
    };
    let mut widest = 0u64;
    // First and last row and column of the sheet being read.
    let mut extent: Option<(u64, u64, u64, u64)> = None;
    let span = |extent: Option<(u64, u64, u64, u64)>| {
        extent.map_or(0, |(r0, r1, c0, c1)| (r1 - r0 + 1) * (c1 - c0 + 1))
    };
    let mut at = 0usize;
    while let (Some(kind), Some(length)) = (word(stream, at), word(stream, at + 2)) {
        let data =
            &stream[(at + 4).min(stream.len())..(at + 4 + length as usize).min(stream.len())];
        at += 4 + length as usize;
        let cells = match kind {
            // A new sheet (or the workbook's own part) begins.
            0x0809 => {
                widest = widest.max(span(extent.take()));
                continue;
            }
            // Number, label, rich label, boolean or error, RK number,
            // shared-string label, formula, blank.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x0201 => {
                word(data, 0).zip(word(data, 2)).map(|(r, c)| (r, c, c))
            }
            // Several RK numbers or blanks in a row: the last column ends the record.
            0x00BD | 0x00BE if data.len() >= 6 => word(data, 0)
                .zip(word(data, 2))
                .zip(word(data, data.len() - 2))
                .map(|((r, c0), c1)| (r, c0.min(c1), c0.max(c1))),
            _ => None,
        };
        if let Some((row, from, to)) = cells {
            extent = Some(match extent {
                None => (row, row, from, to),
                Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(from), c1.max(to)),
            });
        }
    }
    widest.max(span(extent))
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

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        [
            &kind.to_le_bytes()[..],
            &(data.len() as u16).to_le_bytes(),
            data,
        ]
        .concat()
    }

    #[test]
    fn an_xls_sheet_spans_its_first_cell_to_its_last() {
        let number = |row: u16, col: u16| {
            record(
                0x0203,
                &[&row.to_le_bytes()[..], &col.to_le_bytes(), &[0; 10]].concat(),
            )
        };
        let sheet = [
            record(0x0809, &[0; 16]),
            number(2, 1),
            number(5, 3),
            // A multiple-RK record from column 3 to column 7 on row 4.
            record(0x00BD, &[4, 0, 3, 0, 0, 0, 7, 0]),
        ]
        .concat();
        assert_eq!(xls_widest_sheet(&sheet), 4 * 7);
        let far = [
            record(0x0809, &[0; 16]),
            number(0, 0),
            number(65_535, 65_535),
        ]
        .concat();
        assert_eq!(xls_widest_sheet(&[sheet, far].concat()), 65_536 * 65_536);
        // A record cut short ends the reading without a fault.
        assert_eq!(xls_widest_sheet(&[0x03, 0x02, 0xFF, 0xFF, 1]), 0);
    }
}
