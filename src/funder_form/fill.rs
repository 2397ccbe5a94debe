//! Filling the funder's form: the mapped cells' values written into the
//! sheets' XML by splicing, so that every byte outside those cells stays as
//! the funder made it (styles, merged cells, validation, formulas, names,
//! images, other sheets), and the funder's totals include what was filled
//! in: the workbook asks to be recalculated when it is opened, and the
//! filled sheets' formulas lose their saved results, now out of date.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use quick_xml::events::Event;
use quick_xml::Reader;

use super::package::{attr, local, not_a_form, Package};
use super::workbook::Form;
use crate::error::{Error, Result};
use crate::records::cell_name;

/// What is written into a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Put {
    /// A number (a date as its serial number).
    Number(f64),
    /// Text.
    Text(String),
}

/// A value placed in a cell of a sheet (columns and rows from 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The sheet's name.
    pub sheet: String,
    /// Column.
    pub column: u32,
    /// Row.
    pub row: u32,
    /// The value.
    pub put: Put,
}

/// The form `bytes` with `placed` written into it.
pub fn fill(bytes: &[u8], placed: &[Placed]) -> Result<Vec<u8>> {
    let package = Package::open(bytes)?;
    let form = Form::from_package(&package)?;
    let mut changed: BTreeMap<String, String> = BTreeMap::new();
    let mut by_sheet: BTreeMap<String, Vec<&Placed>> = BTreeMap::new();
    for p in placed {
        let sheet = form.sheet(&p.sheet).ok_or_else(|| {
            Error::invalid("sheet", format!("the form has no sheet {:?}", p.sheet))
        })?;
        by_sheet.entry(sheet.part.clone()).or_default().push(p);
    }
    for (part, mut cells) in by_sheet {
        cells.sort_by_key(|p| (p.row, p.column));
        cells.dedup_by_key(|p| (p.row, p.column));
        let xml = package.part(&part).unwrap_or_default();
        let sheet = form
            .sheets
            .iter()
            .find(|s| s.part == part)
            .expect("found above");
        let styles = |p: &Placed| sheet.style_at(p.column, p.row);
        changed.insert(part, spliced_sheet(xml, &cells, styles)?);
    }
    if let Some(workbook) = recalculated(package.part(&package.workbook).unwrap_or_default())? {
        changed.insert(package.workbook.clone(), workbook);
    }
    rezip(bytes, &changed)
}

/// The zip `bytes` with the parts in `changed` replaced: every other entry
/// is copied as it was, compressed bytes and all.
fn rezip(bytes: &[u8], changed: &BTreeMap<String, String>) -> Result<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i)?;
        let name = entry.name()?.to_string();
        match changed.get(&name) {
            Some(text) => {
                drop(entry);
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated);
                out.start_file(name.as_str(), options)?;
                out.write_all(text.as_bytes())
                    .map_err(|e| Error::io("could not write", name, e))?;
            }
            None => out.raw_copy_file(entry)?,
        }
    }
    Ok(out.finish()?.into_inner())
}

/// One change to a part's text: the bytes from `start` to `end` become `text`.
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

impl Edit {
    /// `text` put in at `at`, nothing taken out.
    fn insert(at: usize, text: String) -> Edit {
        Edit {
            start: at,
            end: at,
            text,
        }
    }
}

/// `xml` with `edits` made (sorted by where they start; insertions at one
/// place kept in the order given).
fn apply(xml: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out =
        String::with_capacity(xml.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut at = 0;
    for edit in edits {
        out.push_str(&xml[at..edit.start]);
        out.push_str(&edit.text);
        at = edit.end;
    }
    out.push_str(&xml[at..]);
    out
}

/// Where a row's parts are in the sheet's text.
struct RowAt {
    number: u32,
    /// Its start tag.
    open: (usize, usize),
    /// Whether it is written `<row …/>`.
    empty: bool,
    /// Where `</row>` starts.
    close: usize,
    /// Its cells: (column, start, end).
    cells: Vec<(u32, usize, usize)>,
}

/// The positions in a sheet's text that filling needs.
struct SheetAt {
    prefix: String,
    data_open: (usize, usize),
    data_empty: bool,
    data_close: usize,
    rows: Vec<RowAt>,
    dimension: Option<(usize, usize, String)>,
    /// The saved results of the funder's formulas: (row, column, where the
    /// `<v>` is).
    cached: Vec<(u32, u32, (usize, usize))>,
}

/// Reads a cell's children to its end: where it ends, and where its saved
/// result is when a formula computes it.
fn cell_children(reader: &mut Reader<&[u8]>) -> Result<(usize, Option<(usize, usize)>)> {
    let (mut formula, mut value, mut depth) = (false, None, 0usize);
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(not_a_form)?;
        match &event {
            Event::Start(e) => {
                depth += 1;
                if depth == 1 && local(e) == "v" {
                    let name = e.name().0.to_string();
                    reader
                        .read_to_end(quick_xml::name::QName(&name))
                        .map_err(not_a_form)?;
                    value = Some((start, reader.buffer_position() as usize));
                    depth -= 1;
                } else if depth == 1 && local(e) == "f" {
                    formula = true;
                }
            }
            Event::Empty(e) if depth == 0 && local(e) == "f" => formula = true,
            Event::End(_) if depth == 0 => {
                return Ok((reader.buffer_position() as usize, value.filter(|_| formula)));
            }
            Event::End(_) => depth -= 1,
            Event::Eof => return Err(not_a_form("a cell of a sheet ends early")),
            _ => {}
        }
    }
}

/// Finds the sheet data, its rows and cells, and the dimension in `xml`.
fn positions(xml: &str) -> Result<SheetAt> {
    let mut reader = Reader::from_str(xml);
    let mut at = SheetAt {
        prefix: String::new(),
        data_open: (0, 0),
        data_empty: false,
        data_close: 0,
        rows: Vec::new(),
        dimension: None,
        cached: Vec::new(),
    };
    let mut found_data = false;
    let (mut row, mut next_column) = (0u32, 1u32);
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(not_a_form)?;
        let end = reader.buffer_position() as usize;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match local(e) {
                    "sheetData" => {
                        at.prefix = prefix(e);
                        at.data_open = (start, end);
                        at.data_empty = empty;
                        at.data_close = end;
                        found_data = true;
                    }
                    "dimension" => {
                        at.dimension = attr(e, "ref").map(|r| (start, end, r));
                    }
                    "row" => {
                        row = attr(e, "r").and_then(|r| r.parse().ok()).unwrap_or(row + 1);
                        next_column = 1;
                        at.rows.push(RowAt {
                            number: row,
                            open: (start, end),
                            empty,
                            close: end,
                            cells: Vec::new(),
                        });
                    }
                    "c" => {
                        let column = match attr(e, "r") {
                            Some(r) => {
                                crate::records::cell_position(&r).map_or(next_column, |(c, _)| c)
                            }
                            None => next_column,
                        };
                        next_column = column + 1;
                        let cell_end = if empty {
                            end
                        } else {
                            let (cell_end, cached) = cell_children(&mut reader)?;
                            at.cached.extend(cached.map(|span| (row, column, span)));
                            cell_end
                        };
                        if let Some(r) = at.rows.last_mut() {
                            r.cells.push((column, start, cell_end));
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "row" => {
                    if let Some(r) = at.rows.last_mut() {
                        r.close = start;
                    }
                }
                "sheetData" => at.data_close = start,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !found_data {
        return Err(not_a_form("a sheet has no cells part"));
    }
    Ok(at)
}

/// The namespace prefix an element is written with (`x:` for `x:sheetData`),
/// which the elements put beside it take too.
fn prefix(e: &quick_xml::events::BytesStart<'_>) -> String {
    e.name()
        .0
        .rsplit_once(':')
        .map(|(p, _)| format!("{p}:"))
        .unwrap_or_default()
}

/// A cell's XML holding `put`, with its style.
fn cell_xml(prefix: &str, column: u32, row: u32, style: u32, put: &Put) -> String {
    let style = if style == 0 {
        String::new()
    } else {
        format!(" s=\"{style}\"")
    };
    let name = cell_name(column, row);
    match put {
        Put::Number(n) => {
            format!("<{prefix}c r=\"{name}\"{style}><{prefix}v>{n}</{prefix}v></{prefix}c>")
        }
        Put::Text(t) => {
            let clean: String = t
                .chars()
                .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
                .take(32_767)
                .collect();
            format!(
                "<{prefix}c r=\"{name}\"{style} t=\"inlineStr\"><{prefix}is><{prefix}t xml:space=\"preserve\">{}</{prefix}t></{prefix}is></{prefix}c>",
                quick_xml::escape::escape(clean.as_str())
            )
        }
    }
}

/// The sheet's text with `cells` written, sorted by row and column.
fn spliced_sheet(xml: &str, cells: &[&Placed], style: impl Fn(&Placed) -> u32) -> Result<String> {
    let at = positions(xml)?;
    let p = at.prefix.as_str();
    let mut edits = Vec::new();
    let mut i = 0;
    if at.data_empty {
        let open = &xml[at.data_open.0..at.data_open.1];
        let open = open.trim_end_matches("/>").trim_end();
        edits.push(Edit {
            start: at.data_open.0,
            end: at.data_open.1,
            text: format!("{open}>"),
        });
    }
    while i < cells.len() {
        let number = cells[i].row;
        let in_row: Vec<&Placed> = cells[i..]
            .iter()
            .take_while(|c| c.row == number)
            .copied()
            .collect();
        i += in_row.len();
        match at.rows.iter().find(|r| r.number == number) {
            Some(row) => {
                if row.empty {
                    let open = xml[row.open.0..row.open.1]
                        .trim_end_matches("/>")
                        .trim_end();
                    edits.push(Edit {
                        start: row.open.0,
                        end: row.open.1,
                        text: format!("{open}>"),
                    });
                }
                for placed in &in_row {
                    let text = cell_xml(p, placed.column, number, style(placed), &placed.put);
                    match row.cells.iter().find(|(c, _, _)| *c >= placed.column) {
                        Some(&(c, start, end)) if c == placed.column => {
                            edits.push(Edit { start, end, text })
                        }
                        Some(&(_, start, _)) => edits.push(Edit::insert(start, text)),
                        None => {
                            let end = if row.empty { row.open.1 } else { row.close };
                            edits.push(Edit::insert(end, text));
                        }
                    }
                }
                if row.empty {
                    edits.push(Edit::insert(row.open.1, format!("</{p}row>")));
                }
            }
            None => {
                let cells_xml: String = in_row
                    .iter()
                    .map(|placed| cell_xml(p, placed.column, number, style(placed), &placed.put))
                    .collect();
                let text = format!("<{p}row r=\"{number}\">{cells_xml}</{p}row>");
                let before = at.rows.iter().find(|r| r.number > number).map(|r| r.open.0);
                let start = before.unwrap_or(if at.data_empty {
                    at.data_open.1
                } else {
                    at.data_close
                });
                edits.push(Edit::insert(start, text));
            }
        }
    }
    if at.data_empty {
        edits.push(Edit::insert(at.data_open.1, format!("</{p}sheetData>")));
    }
    // The funder's formulas stay; their saved results, out of date once
    // cells are filled, go, so that every spreadsheet works them out again
    // (LibreOffice does not heed `fullCalcOnLoad`).
    for (row, column, (start, end)) in &at.cached {
        if !cells.iter().any(|p| p.row == *row && p.column == *column) {
            edits.push(Edit {
                start: *start,
                end: *end,
                text: String::new(),
            });
        }
    }
    if let Some((start, end, reference)) = &at.dimension {
        if let Some(wider) = widened(reference, cells) {
            let tag = &xml[*start..*end];
            edits.push(Edit {
                start: *start,
                end: *end,
                text: tag.replacen(reference.as_str(), &wider, 1),
            });
        }
    }
    Ok(apply(xml, edits))
}

/// The sheet's dimension grown to hold `cells`, if any lies outside it.
fn widened(reference: &str, cells: &[&Placed]) -> Option<String> {
    let (first, last) = reference.split_once(':').unwrap_or((reference, reference));
    let (c1, r1) = crate::records::cell_position(first)?;
    let (c2, r2) = crate::records::cell_position(last)?;
    let (mut lo, mut hi) = ((c1, r1), (c2, r2));
    for p in cells {
        lo = (lo.0.min(p.column), lo.1.min(p.row));
        hi = (hi.0.max(p.column), hi.1.max(p.row));
    }
    ((lo, hi) != ((c1, r1), (c2, r2)))
        .then(|| format!("{}:{}", cell_name(lo.0, lo.1), cell_name(hi.0, hi.1)))
}

/// The elements that follow `calcPr` in a workbook, in the schema's order.
const AFTER_CALC: [&str; 9] = [
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
];

/// The workbook's text set to recalculate fully when opened, or `None`
/// when it already is.
fn recalculated(xml: &str) -> Result<Option<String>> {
    let mut reader = Reader::from_str(xml);
    let mut prefix = String::new();
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(not_a_form)?;
        let end = reader.buffer_position() as usize;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = local(e);
                if name == "workbook" {
                    prefix = self::prefix(e);
                } else if name == "calcPr" {
                    if attr(e, "fullCalcOnLoad").is_some_and(|v| v == "1" || v == "true") {
                        return Ok(None);
                    }
                    let tag = &xml[start..end];
                    let (body, close) = match tag.strip_suffix("/>") {
                        Some(body) => (body, "/>"),
                        None => (tag.strip_suffix('>').unwrap_or(tag), ">"),
                    };
                    let body = without_attribute(body, "fullCalcOnLoad");
                    let text = format!("{} fullCalcOnLoad=\"1\"{close}", body.trim_end());
                    return Ok(Some(apply(xml, vec![Edit { start, end, text }])));
                } else if AFTER_CALC.contains(&name) {
                    let text = format!("<{prefix}calcPr fullCalcOnLoad=\"1\"/>");
                    return Ok(Some(apply(xml, vec![Edit::insert(start, text)])));
                }
            }
            Event::End(e) if e.local_name().as_ref() == "workbook" => {
                let text = format!("<{prefix}calcPr fullCalcOnLoad=\"1\"/>");
                return Ok(Some(apply(xml, vec![Edit::insert(start, text)])));
            }
            Event::Eof => return Err(not_a_form("its workbook part ends early")),
            _ => {}
        }
    }
}

/// A start tag's text without one attribute (`name="…"`).
fn without_attribute(tag: &str, name: &str) -> String {
    let Some(at) = tag.find(&format!(" {name}=")) else {
        return tag.to_string();
    };
    let rest = &tag[at + name.len() + 2..];
    let quote = rest.chars().next().unwrap_or('"');
    let end = rest[1..].find(quote).map_or(rest.len(), |e| e + 2);
    format!("{}{}", &tag[..at], &rest[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(column: u32, row: u32, put: Put) -> Placed {
        Placed {
            sheet: "S".into(),
            column,
            row,
            put,
        }
    }

    #[test]
    fn cells_are_replaced_inserted_and_added_in_place() {
        let xml = r#"<worksheet><dimension ref="A1:C3"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" s="2"/></row><row r="3" spans="1:3"/><row r="4"><c r="A4"><f>SUM(A1:A3)</f><v>0</v></c></row></sheetData></worksheet>"#;
        let cells = [
            placed(2, 1, Put::Number(12.5)),
            placed(3, 1, Put::Text("a < b".into())),
            placed(1, 2, Put::Number(1.0)),
            placed(2, 3, Put::Text("x".into())),
            placed(1, 5, Put::Number(7.0)),
        ];
        let refs: Vec<&Placed> = cells.iter().collect();
        let out = spliced_sheet(
            xml,
            &refs,
            |p| if p.column == 3 && p.row == 1 { 2 } else { 0 },
        )
        .unwrap();
        assert_eq!(
            out,
            r#"<worksheet><dimension ref="A1:C5"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12.5</v></c><c r="C1" s="2" t="inlineStr"><is><t xml:space="preserve">a &lt; b</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row><row r="3" spans="1:3"><c r="B3" t="inlineStr"><is><t xml:space="preserve">x</t></is></c></row><row r="4"><c r="A4"><f>SUM(A1:A3)</f></c></row><row r="5"><c r="A5"><v>7</v></c></row></sheetData></worksheet>"#
        );
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        let xml = cell_xml(
            "",
            2,
            3,
            0,
            &Put::Text("<f>=SUM(A1)</f>\u{1}&\u{7}\tok".into()),
        );
        assert_eq!(
            xml,
            "<c r=\"B3\" t=\"inlineStr\"><is><t xml:space=\"preserve\">&lt;f&gt;=SUM(A1)&lt;/f&gt;&amp;\tok</t></is></c>"
        );
    }

    #[test]
    fn an_empty_sheet_takes_rows() {
        let xml = r#"<x:worksheet xmlns:x="s"><x:sheetData/></x:worksheet>"#;
        let cells = [placed(1, 1, Put::Number(3.0))];
        let refs: Vec<&Placed> = cells.iter().collect();
        assert_eq!(
            spliced_sheet(xml, &refs, |_| 0).unwrap(),
            r#"<x:worksheet xmlns:x="s"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>"#
        );
    }

    #[test]
    fn the_workbook_asks_to_be_recalculated_once() {
        assert_eq!(
            recalculated(
                r#"<workbook><sheets/><calcPr calcId="191029" fullCalcOnLoad="0"/></workbook>"#
            )
            .unwrap()
            .unwrap(),
            r#"<workbook><sheets/><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>"#
        );
        assert_eq!(
            recalculated(r#"<workbook><sheets/><extLst/></workbook>"#)
                .unwrap()
                .unwrap(),
            r#"<workbook><sheets/><calcPr fullCalcOnLoad="1"/><extLst/></workbook>"#
        );
        assert_eq!(
            recalculated(r#"<workbook><calcPr fullCalcOnLoad="1"/></workbook>"#).unwrap(),
            None
        );
    }
}
