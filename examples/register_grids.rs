//! Writes the example register grids in `assets/examples/`, in the shapes
//! groups keep them (DESIGN "The register grid"): a workbook with a sheet
//! per month, ticks and a total column and row; a term sheet with P, A and
//! L and a percentage column; and a CSV with first and last names. The
//! tests import each and compare with figures worked out by hand.
//!
//! `cargo run --example register_grids` writes them again.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// A month's sheet: its name, its dates, each child's marks, the Others row.
type Month = (
    &'static str,
    Vec<NaiveDate>,
    Vec<(&'static str, Vec<bool>)>,
    Vec<u32>,
);

fn day(d: u32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, d).expect("a date")
}

/// A sheet per month: the children's names, the dates as date cells in
/// September and as bare Excel day numbers in October (as a sheet looks
/// once its date format is lost), ticks, a Total column, an Others row
/// and a Total row.
fn monthly(out: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let dated = Format::new().set_bold().set_num_format("dd/mm/yyyy");
    let months: [Month; 2] = [
        (
            "September 2025",
            vec![day(2, 9), day(9, 9), day(16, 9), day(23, 9)],
            vec![
                ("Amara Okafor", vec![true, true, false, true]),
                ("Ben Walsh", vec![true, false, true, true]),
                ("Chloe Davies", vec![false, false, false, false]),
                ("Dev Patel", vec![true, true, true, true]),
            ],
            vec![2, 0, 1, 3],
        ),
        (
            "October 2025",
            vec![day(7, 10), day(14, 10), day(21, 10)],
            vec![
                ("Amara Okafor", vec![true, true, true]),
                ("Ben Walsh", vec![false, true, false]),
                ("Dev Patel", vec![true, false, true]),
                ("Ella Brown", vec![true, true, false]),
            ],
            vec![0, 2, 0],
        ),
    ];
    for (m, (name, dates, children, others)) in months.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(*name)?;
        sheet.write_with_format(0, 0, "Child", &bold)?;
        for (c, date) in dates.iter().enumerate() {
            let column = c as u16 + 1;
            if m == 0 {
                let cell = ExcelDateTime::from_ymd(
                    date.year() as u16,
                    date.month() as u8,
                    date.day() as u8,
                )?;
                sheet.write_with_format(0, column, &cell, &dated)?;
            } else {
                let serial = (*date - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days();
                sheet.write_number_with_format(0, column, serial as f64, &bold)?;
            }
        }
        let total_column = dates.len() as u16 + 1;
        sheet.write_with_format(0, total_column, "Total", &bold)?;
        for (r, (child, marks)) in children.iter().enumerate() {
            let row = r as u32 + 1;
            sheet.write(row, 0, *child)?;
            for (c, came) in marks.iter().enumerate() {
                if *came {
                    sheet.write(row, c as u16 + 1, if (r + c) % 3 == 0 { "✔" } else { "✓" })?;
                }
            }
            sheet.write(
                row,
                total_column,
                marks.iter().filter(|m| **m).count() as f64,
            )?;
        }
        let others_row = children.len() as u32 + 1;
        sheet.write(others_row, 0, "Others")?;
        for (c, n) in others.iter().enumerate() {
            sheet.write(others_row, c as u16 + 1, *n as f64)?;
        }
        let total_row = others_row + 1;
        sheet.write_with_format(total_row, 0, "Total", &bold)?;
        for c in 0..dates.len() {
            let named = children.iter().filter(|(_, marks)| marks[c]).count() as u32;
            sheet.write(total_row, c as u16 + 1, (named + others[c]) as f64)?;
        }
        sheet.set_column_width(0, 16)?;
        sheet.set_column_range_width(1, total_column, 11)?;
    }
    book.save(out)
}

/// One sheet for a term: first and last names, dates of birth, the dates
/// as text (DD/MM/YYYY), P, A and L (late), and a % column.
fn term(out: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Autumn term")?;
    let headers = [
        "First name",
        "Last name",
        "Date of birth",
        "01/09/2025",
        "08/09/2025",
        "15/09/2025",
        "%",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write(0, c as u16, *h)?;
    }
    let rows = [
        ["Amara", "Okafor", "2015-03-14", "P", "P", "A", "67%"],
        ["Ben", "Walsh", "02/11/2014", "L", "A", "P", "67%"],
        ["Finn", "O'Neill", "2016-07-21", "A", "A", "a", "0%"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write(r as u32 + 1, c as u16, *cell)?;
        }
    }
    book.save(out)
}

/// A CSV with first and last names, ISO dates, x, 1 and 0, and a Total row.
fn names_csv(out: &Path) -> std::io::Result<()> {
    std::fs::write(
        out,
        "First name,Last name,2025-09-04,2025-09-11,2025-09-18,Total\n\
         Amara,Okafor,x,x,,2\n\
         Grace,Hughes,1,0,1,2\n\
         Harry,Khan,,X,x,2\n\
         Total,,2,2,2,6\n",
    )
}

fn main() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    std::fs::create_dir_all(&folder).expect("the examples folder");
    monthly(&folder.join("register-monthly.xlsx")).expect("the monthly workbook");
    term(&folder.join("register-term.xlsx")).expect("the term workbook");
    names_csv(&folder.join("register-names.csv")).expect("the CSV");
    println!("wrote the register grids in {}", folder.display());
}
