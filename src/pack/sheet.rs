//! `Sheet`: the only way the pack writes a cell. Its worksheet is private to
//! this module, so every cell of every sheet goes through its methods, which
//! quote-prefix formula-like text and size rows for wrapped text.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Chart, ExcelDateTime, Format, Worksheet};

use super::formats::Formats;
use crate::error::Result;
use crate::records::Unit;

/// Bold Arial 10 fits fewer characters than regular in the same width.
const BOLD_CHARACTERS_PER_UNIT: f64 = 0.85;

/// A worksheet with the pack's way of writing cells. Spreadsheets do not
/// grow rows for wrapped text when they open a file, so the sheet keeps how
/// many lines each row needs and sets the heights when it is done.
pub(crate) struct Sheet<'a> {
    ws: &'a mut Worksheet,
    pub(crate) f: &'a Formats,
    widths: Vec<f64>,
    lines: std::collections::BTreeMap<u32, usize>,
}

/// Whether a spreadsheet would take text beginning like this for a formula.
pub(crate) fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

impl<'a> Sheet<'a> {
    /// The pack's sheet over `ws`, with its formats.
    pub(crate) fn new(ws: &'a mut Worksheet, f: &'a Formats) -> Sheet<'a> {
        Sheet {
            ws,
            f,
            widths: Vec::new(),
            lines: Default::default(),
        }
    }

    /// Places a chart at `row`.
    pub(crate) fn chart(&mut self, row: u32, chart: &Chart) -> Result<()> {
        self.ws.insert_chart(row, 0, chart)?;
        Ok(())
    }

    /// Starts a printed page at each of `rows`.
    pub(crate) fn page_breaks(&mut self, rows: &[u32]) -> Result<()> {
        self.ws.set_page_breaks(rows)?;
        Ok(())
    }

    /// Writes text as a string cell, quote-prefixed if it begins like a formula.
    pub(crate) fn text_with(
        &mut self,
        row: u32,
        col: u16,
        text: &str,
        format: &Format,
    ) -> Result<()> {
        if looks_like_formula(text) {
            self.ws
                .write_string_with_format(row, col, text, &format.clone().set_quote_prefix())?;
        } else {
            self.ws.write_string_with_format(row, col, text, format)?;
        }
        Ok(())
    }

    /// Words in a column of numbers, right-aligned under its heading.
    pub(crate) fn right(&mut self, row: u32, col: u16, text: &str) -> Result<()> {
        let f = self.f.right.clone();
        self.text_with(row, col, text, &f)
    }

    pub(crate) fn text(&mut self, row: u32, col: u16, text: &str) -> Result<()> {
        let f = self.f.text.clone();
        self.text_with(row, col, text, &f)
    }

    pub(crate) fn wrapped(&mut self, row: u32, col: u16, text: &str) -> Result<()> {
        let f = self.f.wrap.clone();
        self.note_lines(row, col, text);
        self.text_with(row, col, text, &f)
    }

    /// Wrapped bold text (a heading in a cell), with its row sized for it:
    /// bold letters are wider, so a line holds fewer of them.
    pub(crate) fn wrapped_label(&mut self, row: u32, col: u16, text: &str) -> Result<()> {
        let f = self.f.label.clone().set_text_wrap();
        self.note_lines_at(row, col, text, BOLD_CHARACTERS_PER_UNIT);
        self.text_with(row, col, text, &f)
    }

    /// Notes how many lines `text` takes in column `col` (Arial 10 fits
    /// a little more than one character per unit of column width, less the
    /// cell's indent).
    pub(crate) fn note_lines(&mut self, row: u32, col: u16, text: &str) {
        self.note_lines_at(row, col, text, 1.1);
    }

    /// Notes how many lines `text` takes in column `col`, at
    /// `characters_per_unit` of column width, wrapping at spaces as a
    /// spreadsheet does.
    fn note_lines_at(&mut self, row: u32, col: u16, text: &str, characters_per_unit: f64) {
        let width = self.widths.get(col as usize).copied().unwrap_or(8.43);
        let per_line = ((width - 1.0) * characters_per_unit).max(4.0) as usize;
        let lines: usize = text.split('\n').map(|l| wrapped_lines(l, per_line)).sum();
        let entry = self.lines.entry(row).or_insert(1);
        *entry = (*entry).max(lines);
    }

    /// Sets the height of every row that needs more than one line.
    pub(crate) fn fit_rows(&mut self) -> Result<()> {
        for (&row, &lines) in &self.lines {
            if lines > 1 {
                self.ws.set_row_height(row, 13.0 * lines.min(30) as f64)?;
            }
        }
        Ok(())
    }

    pub(crate) fn title(&mut self, row: u32, text: &str) -> Result<()> {
        let f = self.f.title.clone();
        self.text_with(row, 0, text, &f)
    }

    /// A header row, two lines high so that wrapped labels show whole.
    pub(crate) fn header(&mut self, row: u32, labels: &[&str]) -> Result<()> {
        self.header_numbers(row, labels, 0..0)
    }

    /// A header row whose columns in `numbers` hold numbers: their labels
    /// are right-aligned, over the right-aligned numbers.
    pub(crate) fn header_numbers(
        &mut self,
        row: u32,
        labels: &[&str],
        numbers: std::ops::Range<u16>,
    ) -> Result<()> {
        let (left, right) = (self.f.header.clone(), self.f.header_right.clone());
        for (col, label) in labels.iter().enumerate() {
            let col = col as u16;
            let f = if numbers.contains(&col) {
                &right
            } else {
                &left
            };
            self.text_with(row, col, label, f)?;
        }
        self.ws.set_row_height(row, 27)?;
        Ok(())
    }

    pub(crate) fn band(&mut self, row: u32, text: &str, last_col: u16) -> Result<()> {
        let f = self.f.band.clone();
        self.text_with(row, 0, text, &f)?;
        for col in 1..=last_col {
            self.ws.write_blank(row, col, &f)?;
        }
        Ok(())
    }

    pub(crate) fn date(&mut self, row: u32, col: u16, date: NaiveDate) -> Result<()> {
        let format = self.f.date.clone();
        self.date_with(row, col, date, &format)
    }

    pub(crate) fn date_with(
        &mut self,
        row: u32,
        col: u16,
        date: NaiveDate,
        format: &Format,
    ) -> Result<()> {
        let when =
            ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)?;
        self.ws
            .write_datetime_with_format(row, col, &when, format)?;
        Ok(())
    }

    pub(crate) fn count(&mut self, row: u32, col: u16, n: impl Into<f64>) -> Result<()> {
        self.ws
            .write_number_with_format(row, col, n, &self.f.whole)?;
        Ok(())
    }

    /// A count in a column of words, in line with them.
    pub(crate) fn count_left(&mut self, row: u32, col: u16, n: impl Into<f64>) -> Result<()> {
        self.ws
            .write_number_with_format(row, col, n, &self.f.whole_left)?;
        Ok(())
    }

    pub(crate) fn money(&mut self, row: u32, col: u16, pence: i64) -> Result<()> {
        self.ws
            .write_number_with_format(row, col, pence as f64 / 100.0, &self.f.money)?;
        Ok(())
    }

    /// An amount of money, always signed (a variance).
    pub(crate) fn signed_money(&mut self, row: u32, col: u16, pence: i64) -> Result<()> {
        self.ws
            .write_number_with_format(row, col, pence as f64 / 100.0, &self.f.signed_money)?;
        Ok(())
    }

    /// A measure's value in its unit (a percentage as a fraction), or `n/a`;
    /// a number with decimals when it has them.
    pub(crate) fn value(
        &mut self,
        row: u32,
        col: u16,
        value: Option<f64>,
        unit: Unit,
    ) -> Result<()> {
        let decimals = value.is_some_and(|v| !is_whole(v));
        self.value_as(row, col, value, unit, decimals)
    }

    /// A measure's value as [`Sheet::value`] writes it, with decimals or
    /// without as its row has them (so that `-3` never stands beside `2.50`).
    pub(crate) fn value_as(
        &mut self,
        row: u32,
        col: u16,
        value: Option<f64>,
        unit: Unit,
        decimals: bool,
    ) -> Result<()> {
        self.measure_number(row, col, value, unit, false, decimals)
    }

    /// A variance, always signed: for a percentage, in points (`+4.2 pp`);
    /// otherwise in the measure's unit, with decimals as its row has them.
    /// `n/a` when there is none.
    pub(crate) fn variance(
        &mut self,
        row: u32,
        col: u16,
        value: Option<f64>,
        unit: Unit,
        decimals: bool,
    ) -> Result<()> {
        self.measure_number(row, col, value, unit, true, decimals)
    }

    /// A number of a measure, stored as it is (never rounded: the format
    /// rounds, so 18 of 33 shows 54.5 %), in its unit's format (signed for a
    /// variance), or `n/a` when there is none.
    fn measure_number(
        &mut self,
        row: u32,
        col: u16,
        value: Option<f64>,
        unit: Unit,
        signed: bool,
        decimals: bool,
    ) -> Result<()> {
        let Some(v) = value else {
            let f = self.f.right.clone();
            return self.text_with(row, col, "n/a", &f);
        };
        let whole = !decimals;
        let f = self.f;
        let (v, format) = match (unit, signed) {
            (Unit::Percent, false) => (v / 100.0, &f.percent),
            (Unit::Percent, true) => (v, &f.points),
            (Unit::Hours, false) => (v, &f.hours),
            (Unit::Hours, true) => (v, &f.signed_hours),
            (Unit::Currency, false) => (v, &f.money),
            (Unit::Currency, true) => (v, &f.signed_money),
            (Unit::Number, false) if whole => (v, &f.whole),
            (Unit::Number, true) if whole => (v, &f.signed_whole),
            (Unit::Number, false) => (v, &f.decimal),
            (Unit::Number, true) => (v, &f.signed_decimal),
        };
        self.ws.write_number_with_format(row, col, v, format)?;
        Ok(())
    }

    /// Sets the column widths; call it before writing, so wrapped rows can be sized.
    pub(crate) fn widths(&mut self, widths: &[f64]) -> Result<()> {
        for (col, w) in widths.iter().enumerate() {
            self.ws.set_column_width(col as u16, *w)?;
        }
        self.widths = widths.to_vec();
        Ok(())
    }

    /// Freezes the rows above `row` and repeats them on every printed page.
    pub(crate) fn freeze_above(&mut self, row: u32) -> Result<()> {
        self.ws.set_freeze_panes(row, 0)?;
        if row > 0 {
            self.ws.set_repeat_rows(0, row - 1)?;
        }
        Ok(())
    }
}

/// How many lines `line` wraps to at `per_line` characters: words move to
/// the next line whole, and a word longer than a line is broken.
fn wrapped_lines(line: &str, per_line: usize) -> usize {
    let (mut lines, mut used) = (1, 0);
    for word in line.split(' ') {
        let len = word.chars().count();
        let needed = if used == 0 { len } else { used + 1 + len };
        if needed <= per_line {
            used = needed;
        } else {
            lines += usize::from(used > 0);
            lines += len.saturating_sub(1) / per_line;
            used = len % per_line;
            if used == 0 && len > 0 {
                used = per_line;
            }
        }
    }
    lines
}

/// Whether a figure is a whole number (to within a rounding error of the
/// arithmetic that made it).
pub(crate) fn is_whole(v: f64) -> bool {
    (v - v.round()).abs() < 1e-9
}

#[cfg(test)]
mod tests {
    use super::wrapped_lines;

    #[test]
    fn lines_wrap_at_spaces() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("one two", 10), 1);
        assert_eq!(
            wrapped_lines("one two three", 10),
            2,
            "three moves down whole"
        );
        assert_eq!(
            wrapped_lines("abcdefghijklmnopqrstuvwxy", 10),
            3,
            "a long word breaks"
        );
        assert_eq!(wrapped_lines("ab abcdefghijklmnopqrst", 10), 3);
    }
}
