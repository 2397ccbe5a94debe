//! The funder's form as the mapping screen and the checks see it: its
//! sheets, each cell's value as the funder wrote it, whether it holds a
//! formula, its number format, merged cells, column widths and what each
//! cell's validation allows.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::Reader;
use serde::Serialize;

use super::package::{attr, local, not_a_form, text_of, Package};
use crate::error::Result;
use crate::records::cell_position;

/// How a cell's number format shows a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shown {
    /// As it is (General, or a number format).
    Number,
    /// As a date (or a time).
    Date,
    /// As a percentage: 0.545 shows 54.5 %.
    Percent,
    /// As text (`@`).
    Text,
}

/// A cell's value as the funder wrote it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Written {
    /// A number (a date is a number shown as a date).
    Number(f64),
    /// Text.
    Text(String),
    /// True or false.
    Bool(bool),
    /// An error such as `#DIV/0!`.
    Error(String),
}

/// One cell of the form that holds something or has a style.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Its value, if it has one.
    pub value: Option<Written>,
    /// Whether the funder's formula computes it.
    pub formula: bool,
    /// Its style's index in the workbook's cell formats.
    pub style: u32,
}

/// What a cell's data validation allows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "choices", rename_all = "snake_case")]
pub enum Allows {
    /// A whole number.
    WholeNumber,
    /// A number.
    Decimal,
    /// One of a list's choices (none when the list could not be read).
    List(Option<Vec<String>>),
    /// A date.
    Date,
    /// A time.
    Time,
    /// Text of some length, or a rule of the funder's own.
    Other,
}

/// A rectangle of cells, from its first to its last, columns and rows from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Area {
    /// First column.
    pub first_column: u32,
    /// First row.
    pub first_row: u32,
    /// Last column.
    pub last_column: u32,
    /// Last row.
    pub last_row: u32,
}

impl Area {
    /// `A1:D3` or `B5`.
    fn parse(text: &str) -> Option<Area> {
        let (first, last) = text.split_once(':').unwrap_or((text, text));
        let (c1, r1) = cell_position(first)?;
        let (c2, r2) = cell_position(last)?;
        Some(Area {
            first_column: c1.min(c2),
            first_row: r1.min(r2),
            last_column: c1.max(c2),
            last_row: r1.max(r2),
        })
    }

    /// Whether the cell at `column`, `row` is inside.
    pub fn contains(&self, column: u32, row: u32) -> bool {
        (self.first_column..=self.last_column).contains(&column)
            && (self.first_row..=self.last_row).contains(&row)
    }
}

/// A column's width as the funder set it, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Width {
    /// First column it applies to.
    pub first: u32,
    /// Last column.
    pub last: u32,
    /// Width in characters (`None`: the default).
    pub width: Option<f64>,
    /// Hidden.
    pub hidden: bool,
}

/// One sheet of the form.
#[derive(Debug, Clone, Serialize)]
pub struct Sheet {
    /// Its name on the tab.
    pub name: String,
    /// Whether the funder hid it.
    pub hidden: bool,
    /// Its part in the package.
    #[serde(skip)]
    pub part: String,
    /// Its cells, by (row, column).
    #[serde(skip)]
    pub cells: BTreeMap<(u32, u32), Cell>,
    /// Merged cells.
    pub merged: Vec<Area>,
    /// Column widths.
    pub widths: Vec<Width>,
    /// Each validation and where it applies.
    #[serde(skip)]
    pub validations: Vec<(Vec<Area>, Allows)>,
    /// Rows whose style applies to their empty cells.
    #[serde(skip)]
    row_styles: BTreeMap<u32, u32>,
    /// Columns' styles for their empty cells: (first, last, style).
    #[serde(skip)]
    column_styles: Vec<(u32, u32, u32)>,
    /// The formula each list validation (by index) keeps its choices in,
    /// when they are in cells.
    #[serde(skip)]
    list_formulas: BTreeMap<usize, String>,
}

impl Sheet {
    /// The style a value written into the cell takes: its own, else its
    /// row's, else its column's.
    pub fn style_at(&self, column: u32, row: u32) -> u32 {
        if let Some(cell) = self.cells.get(&(row, column)) {
            return cell.style;
        }
        if let Some(style) = self.row_styles.get(&row) {
            return *style;
        }
        self.column_styles
            .iter()
            .find(|(first, last, _)| (*first..=*last).contains(&column))
            .map_or(0, |(_, _, s)| *s)
    }

    /// What the cell's validation allows, if it has one.
    pub fn allows(&self, column: u32, row: u32) -> Option<&Allows> {
        self.validations
            .iter()
            .find(|(areas, _)| areas.iter().any(|a| a.contains(column, row)))
            .map(|(_, allows)| allows)
    }

    /// The last row and column holding something, merged areas included.
    pub fn extent(&self) -> (u32, u32) {
        let mut extent = self
            .cells
            .iter()
            .filter(|(_, c)| c.value.is_some() || c.formula)
            .fold((0, 0), |(r, c), ((row, column), _)| {
                (r.max(*row), c.max(*column))
            });
        for area in &self.merged {
            extent = (extent.0.max(area.last_row), extent.1.max(area.last_column));
        }
        extent
    }
}

/// The funder's form, read.
#[derive(Debug, Clone, Serialize)]
pub struct Form {
    /// Its worksheets in the workbook's order.
    pub sheets: Vec<Sheet>,
    /// How each cell format shows a number, by style index.
    #[serde(skip)]
    pub formats: Vec<Shown>,
}

impl Form {
    /// Reads the form's sheets from its bytes.
    pub fn read(bytes: &[u8]) -> Result<Form> {
        Form::from_package(&Package::open(bytes)?)
    }

    pub(super) fn from_package(package: &Package) -> Result<Form> {
        let relationships = package.workbook_relationships()?;
        let target = |kind: &str| {
            relationships
                .iter()
                .find(|(k, _, _)| k.ends_with(kind))
                .and_then(|(_, _, t)| package.part(t))
                .unwrap_or_default()
        };
        let strings = shared_strings(target("/sharedStrings"))?;
        let formats = number_formats(target("/styles"))?;
        let workbook = package.part(&package.workbook).unwrap_or_default();
        let mut sheets = Vec::new();
        for (name, id, hidden) in sheet_list(workbook)? {
            let Some((_, _, part)) = relationships
                .iter()
                .find(|(k, i, _)| *i == id && k.ends_with("/worksheet"))
            else {
                continue;
            };
            let xml = package
                .part(part)
                .ok_or_else(|| not_a_form(format!("its sheet {name} is missing")))?;
            sheets.push(read_sheet(name, part.clone(), hidden, xml, &strings)?);
        }
        if sheets.is_empty() {
            return Err(not_a_form("it has no worksheet"));
        }
        let mut form = Form { sheets, formats };
        let names = defined_names(workbook)?;
        form.read_lists(&names);
        Ok(form)
    }

    /// The sheet named `name`, in any case.
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
    }

    /// How a cell with `style` shows a number.
    pub fn shown(&self, style: u32) -> Shown {
        self.formats
            .get(style as usize)
            .copied()
            .unwrap_or(Shown::Number)
    }

    /// A cell's value as text, as the mapping screen shows it.
    pub fn display(&self, cell: &Cell) -> String {
        match &cell.value {
            None => String::new(),
            Some(Written::Text(t)) => t.clone(),
            Some(Written::Bool(b)) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Some(Written::Error(e)) => e.clone(),
            Some(Written::Number(n)) => match self.shown(cell.style) {
                Shown::Date => date_of_serial(*n)
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_else(|| n.to_string()),
                Shown::Percent => format!("{}%", round(n * 100.0)),
                _ => round(*n).to_string(),
            },
        }
    }

    /// Drop-downs whose choices are a range of cells (`Lists!$A$1:$A$4`,
    /// or a name for one) get those cells' text as their choices.
    fn read_lists(&mut self, names: &[(String, String)]) {
        let mut resolved = Vec::new();
        for (s, sheet) in self.sheets.iter().enumerate() {
            for (v, (_, allows)) in sheet.validations.iter().enumerate() {
                if let Allows::List(None) = allows {
                    if let Some(choices) =
                        self.range_texts(&sheet.name, sheet_formula(sheet, v), names)
                    {
                        resolved.push((s, v, choices));
                    }
                }
            }
        }
        for (s, v, choices) in resolved {
            self.sheets[s].validations[v].1 = Allows::List(Some(choices));
        }
    }

    /// The text of each cell of the range `formula` names, seen from `sheet`.
    fn range_texts(
        &self,
        sheet: &str,
        formula: &str,
        names: &[(String, String)],
    ) -> Option<Vec<String>> {
        let formula = formula.trim().trim_start_matches('=');
        let formula = names
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(formula))
            .map_or(formula, |(_, r)| r.as_str());
        let (on, range) = match formula.rsplit_once('!') {
            Some((s, r)) => (s.trim_matches('\'').replace("''", "'"), r),
            None => (sheet.to_string(), formula),
        };
        let area = Area::parse(range)?;
        let source = self.sheet(&on)?;
        let mut texts = Vec::new();
        for row in area.first_row..=area.last_row {
            for column in area.first_column..=area.last_column {
                if let Some(cell) = source.cells.get(&(row, column)) {
                    let text = self.display(cell);
                    if !text.is_empty() {
                        texts.push(text);
                    }
                }
            }
        }
        Some(texts)
    }
}

/// The formula a list validation keeps its choices in (stored beside it).
fn sheet_formula(sheet: &Sheet, index: usize) -> &str {
    sheet.list_formulas.get(&index).map_or("", String::as_str)
}

/// A number as a person reads it: at most ten decimals, no float noise.
fn round(n: f64) -> f64 {
    (n * 1e10).round() / 1e10
}

/// The day a spreadsheet's serial number stands for (1900 date system).
pub fn date_of_serial(serial: f64) -> Option<chrono::NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

/// The serial number of `day` (1900 date system).
pub fn serial_of_date(day: chrono::NaiveDate) -> f64 {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("a real day");
    (day - base).num_days() as f64
}

/// The workbook's sheets: (name, relationship id, hidden).
fn sheet_list(workbook: &str) -> Result<Vec<(String, String, bool)>> {
    let mut reader = Reader::from_str(workbook);
    let mut sheets = Vec::new();
    loop {
        match reader.read_event().map_err(not_a_form)? {
            Event::Start(e) | Event::Empty(e) if local(&e) == "sheet" => {
                if let (Some(name), Some(id)) = (attr(&e, "name"), attr(&e, "id")) {
                    let hidden = attr(&e, "state").is_some_and(|s| s != "visible");
                    sheets.push((name, id, hidden));
                }
            }
            Event::Eof => return Ok(sheets),
            _ => {}
        }
    }
}

/// The workbook's defined names: (name, what it refers to).
fn defined_names(workbook: &str) -> Result<Vec<(String, String)>> {
    let mut reader = Reader::from_str(workbook);
    let mut names = Vec::new();
    let mut current: Option<(String, String)> = None;
    loop {
        let event = reader.read_event().map_err(not_a_form)?;
        match &event {
            Event::Start(e) if local(e) == "definedName" => {
                current = attr(e, "name").map(|n| (n, String::new()));
            }
            Event::End(e) if e.local_name().as_ref() == "definedName" => {
                names.extend(current.take());
            }
            Event::Eof => return Ok(names),
            other => {
                if let Some((_, text)) = current.as_mut() {
                    text_of(other, text);
                }
            }
        }
    }
}

/// The shared strings, in order (rich text joined; phonetic runs left out).
fn shared_strings(xml: &str) -> Result<Vec<String>> {
    let mut reader = Reader::from_str(xml);
    let mut strings = Vec::new();
    let (mut current, mut in_text, mut in_phonetic) = (String::new(), false, false);
    loop {
        let event = reader.read_event().map_err(not_a_form)?;
        match &event {
            Event::Start(e) => match local(e) {
                "si" => current.clear(),
                "t" => in_text = true,
                "rPh" => in_phonetic = true,
                _ => {}
            },
            Event::Empty(e) if local(e) == "si" => strings.push(String::new()),
            Event::End(e) => match e.local_name().as_ref() {
                "si" => strings.push(std::mem::take(&mut current)),
                "t" => in_text = false,
                "rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Eof => return Ok(strings),
            other if in_text && !in_phonetic => text_of(other, &mut current),
            _ => {}
        }
    }
}

/// How each cell format (`cellXfs`, by index) shows a number.
fn number_formats(xml: &str) -> Result<Vec<Shown>> {
    let mut reader = Reader::from_str(xml);
    let mut custom: BTreeMap<u32, String> = BTreeMap::new();
    let mut formats = Vec::new();
    let mut in_cell_formats = false;
    loop {
        match reader.read_event().map_err(not_a_form)? {
            Event::Start(e) | Event::Empty(e) if local(&e) == "numFmt" => {
                if let (Some(id), Some(code)) = (attr(&e, "numFmtId"), attr(&e, "formatCode")) {
                    custom.insert(id.parse().unwrap_or(0), code);
                }
            }
            Event::Start(e) if local(&e) == "cellXfs" => in_cell_formats = true,
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_formats = false,
            Event::Start(e) | Event::Empty(e) if in_cell_formats && local(&e) == "xf" => {
                let id: u32 = attr(&e, "numFmtId")
                    .and_then(|i| i.parse().ok())
                    .unwrap_or(0);
                formats.push(match custom.get(&id) {
                    Some(code) => shown_by_code(code),
                    None => shown_by_builtin(id),
                });
            }
            Event::Eof => return Ok(formats),
            _ => {}
        }
    }
}

/// What a built-in number format shows.
fn shown_by_builtin(id: u32) -> Shown {
    match id {
        9 | 10 => Shown::Percent,
        14..=22 | 27..=36 | 45..=47 | 50..=58 => Shown::Date,
        49 => Shown::Text,
        _ => Shown::Number,
    }
}

/// What a format code shows: a date when it spells a day, month or year
/// outside quotes and brackets, a percentage with `%`.
fn shown_by_code(code: &str) -> Shown {
    let section = code.split(';').next().unwrap_or_default();
    let (mut plain, mut quoted, mut bracket, mut escaped) = (String::new(), false, false, false);
    for c in section.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if quoted || bracket => {}
            c => plain.push(c.to_ascii_lowercase()),
        }
    }
    if plain.contains('%') {
        Shown::Percent
    } else if plain.contains(['d', 'y', 'h', 's'])
        || (plain.contains('m') && !plain.contains('0') && !plain.contains('#'))
    {
        Shown::Date
    } else if plain.trim() == "@" {
        Shown::Text
    } else {
        Shown::Number
    }
}

/// The cell a `<c>` names, or the next one in its row when it names none.
fn cell_at(reference: Option<String>, row: u32, next_column: u32) -> Option<(u32, u32)> {
    match reference {
        Some(r) => cell_position(&r).map(|(c, r)| (r, c)),
        None => Some((row, next_column)),
    }
}

/// What is being read of a sheet part, between one element and the next.
struct SheetReading<'s> {
    sheet: Sheet,
    strings: &'s [String],
    row: u32,
    next_column: u32,
    /// The cell open: where, what is read of it, its type (`t`).
    cell: Option<((u32, u32), Cell, Option<String>)>,
    /// The validation open: where, its type, its formula.
    validation: Option<(Vec<Area>, Option<String>, String)>,
    /// Whose text is being gathered: a cell's, a validation's formula or its areas.
    collecting: Option<&'static str>,
    text: String,
}

impl SheetReading<'_> {
    fn start(&mut self, e: &quick_xml::events::BytesStart<'_>, empty: bool) {
        let number = |name: &str| attr(e, name).and_then(|v| v.parse::<u32>().ok());
        let yes = |name: &str| attr(e, name).is_some_and(|v| v == "1" || v == "true");
        match local(e) {
            "row" => {
                self.row = number("r").unwrap_or(self.row + 1);
                self.next_column = 1;
                if let Some(style) = number("s").filter(|_| yes("customFormat")) {
                    self.sheet.row_styles.insert(self.row, style);
                }
            }
            "c" => {
                let Some(at) = cell_at(attr(e, "r"), self.row, self.next_column) else {
                    return;
                };
                self.next_column = at.1 + 1;
                let cell = Cell {
                    value: None,
                    formula: false,
                    style: number("s").unwrap_or(0),
                };
                self.text.clear();
                if empty {
                    self.sheet.cells.insert(at, cell);
                } else {
                    self.cell = Some((at, cell, attr(e, "t")));
                }
            }
            "f" if self.cell.is_some() => {
                if let Some((_, c, _)) = self.cell.as_mut() {
                    c.formula = true;
                }
            }
            // An inline string's runs are joined.
            "v" | "t" if self.cell.is_some() => self.collecting = Some("cell"),
            "col" => {
                let first = number("min").unwrap_or(1);
                let last = number("max").unwrap_or(first);
                self.sheet.widths.push(Width {
                    first,
                    last,
                    width: attr(e, "width").and_then(|w| w.parse().ok()),
                    hidden: yes("hidden"),
                });
                if let Some(style) = number("style") {
                    self.sheet.column_styles.push((first, last, style));
                }
            }
            "mergeCell" => {
                if let Some(area) = attr(e, "ref").and_then(|r| Area::parse(&r)) {
                    self.sheet.merged.push(area);
                }
            }
            "dataValidation" => {
                let areas = attr(e, "sqref").map(|s| areas_of(&s)).unwrap_or_default();
                self.validation = Some((areas, attr(e, "type"), String::new()));
                if empty {
                    push_validation(&mut self.sheet, self.validation.take());
                }
            }
            "formula1" | "f" | "sqref" if self.validation.is_some() => {
                self.text.clear();
                self.collecting = Some(if local(e) == "sqref" {
                    "sqref"
                } else {
                    "formula1"
                });
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "v" | "t" if self.collecting == Some("cell") => self.collecting = None,
            "c" => {
                if let Some((at, mut c, kind)) = self.cell.take() {
                    if !self.text.is_empty() || kind.is_some() {
                        c.value = Some(written(kind.as_deref(), &self.text, self.strings));
                    }
                    self.sheet.cells.insert(at, c);
                }
            }
            "formula1" | "f" if self.collecting == Some("formula1") => {
                if let Some((_, _, formula)) = self.validation.as_mut() {
                    *formula = std::mem::take(&mut self.text);
                }
                self.collecting = None;
            }
            "sqref" if self.collecting == Some("sqref") => {
                if let Some((areas, _, _)) = self.validation.as_mut() {
                    areas.extend(areas_of(&self.text));
                }
                self.collecting = None;
            }
            "dataValidation" => push_validation(&mut self.sheet, self.validation.take()),
            _ => {}
        }
    }
}

/// Reads one worksheet part.
fn read_sheet(
    name: String,
    part: String,
    hidden: bool,
    xml: &str,
    strings: &[String],
) -> Result<Sheet> {
    let mut reading = SheetReading {
        sheet: Sheet {
            name,
            hidden,
            part,
            cells: BTreeMap::new(),
            merged: Vec::new(),
            widths: Vec::new(),
            validations: Vec::new(),
            row_styles: BTreeMap::new(),
            column_styles: Vec::new(),
            list_formulas: BTreeMap::new(),
        },
        strings,
        row: 0,
        next_column: 1,
        cell: None,
        validation: None,
        collecting: None,
        text: String::new(),
    };
    let mut reader = Reader::from_str(xml);
    loop {
        let event = reader.read_event().map_err(not_a_form)?;
        match &event {
            Event::Start(e) => reading.start(e, false),
            Event::Empty(e) => reading.start(e, true),
            Event::End(e) => reading.end(e.local_name().as_ref()),
            Event::Eof => return Ok(reading.sheet),
            other if reading.collecting.is_some() => text_of(other, &mut reading.text),
            _ => {}
        }
    }
}

/// `C5:C12 E5` as its areas.
fn areas_of(sqref: &str) -> Vec<Area> {
    sqref.split_whitespace().filter_map(Area::parse).collect()
}

/// Keeps a validation read: what it allows and where. A list written out
/// (`"Green,Amber,Red"`) is read at once; one kept in cells is read once
/// every sheet is.
fn push_validation(sheet: &mut Sheet, read: Option<(Vec<Area>, Option<String>, String)>) {
    let Some((areas, kind, formula)) = read else {
        return;
    };
    let allows = match kind.as_deref() {
        Some("whole") => Allows::WholeNumber,
        Some("decimal") => Allows::Decimal,
        Some("date") => Allows::Date,
        Some("time") => Allows::Time,
        Some("list") => {
            let formula = formula.trim();
            if let Some(list) = formula.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
                Allows::List(Some(
                    list.replace("\"\"", "\"")
                        .split(',')
                        .map(|c| c.trim().to_string())
                        .collect(),
                ))
            } else {
                sheet
                    .list_formulas
                    .insert(sheet.validations.len(), formula.to_string());
                Allows::List(None)
            }
        }
        None | Some("none") => return,
        Some(_) => Allows::Other,
    };
    sheet.validations.push((areas, allows));
}

/// A cell's value from its type (`t`) and the text of its `<v>` or `<t>`.
fn written(kind: Option<&str>, text: &str, strings: &[String]) -> Written {
    match kind {
        Some("s") => text
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| strings.get(i))
            .map_or(Written::Text(String::new()), |s| Written::Text(s.clone())),
        Some("str") | Some("inlineStr") => Written::Text(text.to_string()),
        Some("b") => Written::Bool(text.trim() == "1"),
        Some("e") => Written::Error(text.to_string()),
        Some("d") => Written::Text(text.to_string()),
        _ => text
            .trim()
            .parse::<f64>()
            .map_or_else(|_| Written::Text(text.to_string()), Written::Number),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats_say_dates_and_percentages() {
        assert_eq!(shown_by_code("dd/mm/yyyy"), Shown::Date);
        assert_eq!(
            shown_by_code("[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"),
            Shown::Date
        );
        assert_eq!(shown_by_code("0.0%"), Shown::Percent);
        assert_eq!(shown_by_code("\"£\"#,##0.00"), Shown::Number);
        assert_eq!(shown_by_code("#,##0;[Red]-#,##0"), Shown::Number);
        assert_eq!(shown_by_code("@"), Shown::Text);
        assert_eq!(shown_by_builtin(14), Shown::Date);
        assert_eq!(shown_by_builtin(9), Shown::Percent);
    }

    #[test]
    fn serials_are_days() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        assert_eq!(date_of_serial(serial_of_date(day)), Some(day));
        assert_eq!(serial_of_date(day), 46203.0);
    }
}
