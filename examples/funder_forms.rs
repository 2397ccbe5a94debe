//! Writes three funder's forms in `tests/fixtures/forms/`, as funders send
//! them (DESIGN "The funder's own form"), each with the mapping a
//! coordinator would make for the demo beside it (`NAME.mapping.csv`):
//!
//! - `council-quarterly-monitoring.xlsx`: a council's quarterly monitoring
//!   form for the demo's early help contract: a logo, merged header cells,
//!   a performance table with drop-down RAG status cells (coloured by
//!   conditional formats), a finance table
//!   whose total row is the council's formulas, narrative boxes and a
//!   sign-off block.
//! - `trust-half-year.xlsx`: a trust's half-year report for the demo's
//!   families grant over two sheets, with a breakdown by age and a
//!   milestone's status from a drop-down kept on a hidden sheet of lists.
//! - `youth-data-return.xlsx`: a council's data return for the demo's youth
//!   wellbeing contract with percentage-formatted cells, date cells and
//!   whole-number validation.
//!
//! The tests map, fill and read back each. `cargo run --example
//! funder_forms` writes them again.

use std::path::Path;

use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DataValidationRule,
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Image, Workbook,
    Worksheet, XlsxError,
};

/// The mapping being written beside a form: (sheet, cell, source).
#[derive(Default)]
struct Mapping(Vec<(String, String, String)>);

impl Mapping {
    /// Maps the cell at `row`, `column` (from 0) of `sheet` to `source`.
    fn map(&mut self, sheet: &str, row: u32, column: u16, source: &str) {
        self.0
            .push((sheet.to_string(), cell(row, column), source.to_string()));
    }

    fn write(&self, out: &Path) -> std::io::Result<()> {
        let mut text = String::from("sheet,cell,source\n");
        for (sheet, cell, source) in &self.0 {
            let quoted = |s: &str| {
                if s.contains([',', '"']) {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s.to_string()
                }
            };
            text.push_str(&format!("{},{cell},{}\n", quoted(sheet), quoted(source)));
        }
        std::fs::write(out, text)
    }
}

fn cell(row: u32, column: u16) -> String {
    let mut letters = String::new();
    let mut n = u32::from(column) + 1;
    while n > 0 {
        letters.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// A new workbook dated as the funder made it, so that writing the forms
/// again gives the same bytes.
fn workbook() -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let made = ExcelDateTime::from_ymd(2026, 1, 5)?;
    book.set_properties(
        &DocProperties::new()
            .set_author("Funder")
            .set_creation_datetime(&made),
    );
    Ok(book)
}

fn label() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
}

fn entry() -> Format {
    Format::new().set_border(FormatBorder::Thin)
}

fn council(folder: &Path) -> Result<(), XlsxError> {
    let mut book = workbook()?;
    let mut mapping = Mapping::default();
    let name = "Quarterly monitoring";
    let sheet = book.add_worksheet().set_name(name)?;
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(0x1F4E78))
        .set_font_color(Color::White);
    sheet.set_row_height(0, 40)?;
    sheet.merge_range(
        0,
        1,
        0,
        5,
        "Northbridge Borough Council – Quarterly Monitoring Return",
        &title,
    )?;
    sheet.insert_image(0, 0, &Image::new("src-tauri/icons/32x32.png")?)?;
    sheet.merge_range(
        1,
        1,
        1,
        5,
        "Children and young people's early help contract",
        &Format::new().set_italic().set_align(FormatAlign::Center),
    )?;
    for (c, width) in [
        (0, 6.0),
        (1, 42.0),
        (2, 16.0),
        (3, 16.0),
        (4, 16.0),
        (5, 14.0),
    ] {
        sheet.set_column_width(c, width)?;
    }
    let details = [
        ("Organisation name", "organisation name"),
        ("Contract reference", "agreement reference"),
        ("Reporting quarter", "period name"),
        ("Contact name", "contact name"),
        ("Email address", "contact email"),
        ("Telephone", "contact phone"),
    ];
    for (i, (text, source)) in details.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_with_format(row, 1, *text, &label())?;
        sheet.merge_range(row, 2, row, 5, "", &entry())?;
        mapping.map(name, row, 2, source);
    }
    sheet.write_with_format(10, 1, "Performance indicator", &label())?;
    for (c, text) in [
        (2, "Target"),
        (3, "Actual this quarter"),
        (4, "Year to date"),
        (5, "RAG status"),
    ] {
        sheet.write_with_format(10, c, text, &label())?;
    }
    let measures = [
        ("Number of children attending", "CYP1"),
        ("Number of new children", "CYP2"),
        ("Number of sessions delivered", "CYP3"),
        ("Total contact hours", "CYP4"),
        ("% of children attending 6 or more sessions", "CYP5"),
        ("Number of children whose confidence improved", "CYP7"),
    ];
    let percent = Format::new()
        .set_num_format("0.0%")
        .set_border(FormatBorder::Thin);
    for (i, (text, code)) in measures.iter().enumerate() {
        let row = 11 + i as u32;
        sheet.write(row, 1, *text)?;
        for (c, figure) in [
            (2, "target"),
            (3, "this period"),
            (4, "year to date"),
            (5, "status"),
        ] {
            let format = if code == &"CYP5" && c < 5 {
                &percent
            } else {
                &entry()
            };
            sheet.write_blank(row, c, format)?;
            mapping.map(name, row, c, &format!("measure {code} {figure}"));
        }
    }
    let rag = DataValidation::new().allow_list_strings(&["Green", "Amber", "Red"])?;
    sheet.add_data_validation(11, 5, 16, 5, &rag)?;
    // The council colours each status as it is chosen.
    for (word, colour) in [("Green", 0xC6EFCE), ("Amber", 0xFFEB9C), ("Red", 0xFFC7CE)] {
        let coloured = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(format!("\"{word}\"")))
            .set_format(Format::new().set_background_color(Color::RGB(colour)));
        sheet.add_conditional_format(11, 5, 16, 5, &coloured)?;
    }
    finance_table(sheet, name, &mut mapping)?;
    let narrative = [
        (27, "Key successes this quarter", "narrative Successes"),
        (
            30,
            "Challenges and how you addressed them",
            "narrative Challenges",
        ),
        (33, "Next steps", "narrative Next steps"),
    ];
    let wrapped = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    for (row, text, source) in narrative {
        sheet.merge_range(row, 1, row, 5, text, &label())?;
        sheet.merge_range(row + 1, 1, row + 2, 5, "", &wrapped)?;
        mapping.map(name, row + 1, 1, source);
    }
    sheet.merge_range(
        37,
        1,
        37,
        5,
        "Declaration: I confirm the information in this return is accurate.",
        &Format::new().set_bold(),
    )?;
    let dated = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_border(FormatBorder::Thin);
    for (row, text, source, format) in [
        (38, "Signed off by", "approved by", entry()),
        (39, "Position", "approver role", entry()),
        (40, "Date signed", "approved on", dated),
    ] {
        sheet.write_with_format(row, 1, text, &label())?;
        sheet.write_blank(row, 2, &format)?;
        mapping.map(name, row, 2, source);
    }
    book.define_name("TotalSpend", &format!("='{name}'!$D$25"))?;
    book.save(folder.join("council-quarterly-monitoring.xlsx"))?;
    mapping
        .write(&folder.join("council-quarterly-monitoring.mapping.csv"))
        .map_err(XlsxError::IoError)
}

/// The council's finance table: a row per budget heading and a total row
/// of the council's own formulas.
fn finance_table(
    sheet: &mut Worksheet,
    name: &str,
    mapping: &mut Mapping,
) -> Result<(), XlsxError> {
    let money = Format::new()
        .set_num_format("£#,##0.00")
        .set_border(FormatBorder::Thin);
    sheet.write_with_format(18, 1, "Budget heading", &label())?;
    for (c, text) in [
        (2, "Budget this quarter"),
        (3, "Actual spend this quarter"),
        (4, "Variance"),
    ] {
        sheet.write_with_format(18, c, text, &label())?;
    }
    let headings = [
        "Staffing",
        "Premises",
        "Activities and materials",
        "Volunteer expenses",
        "Management and overheads",
    ];
    for (i, heading) in headings.iter().enumerate() {
        let row = 19 + i as u32;
        sheet.write(row, 1, *heading)?;
        for (c, money_word) in [(2, "budget"), (3, "actual"), (4, "variance")] {
            sheet.write_blank(row, c, &money)?;
            mapping.map(name, row, c, &format!("finance {heading} {money_word}"));
        }
    }
    sheet.write_with_format(24, 1, "Total", &label())?;
    for (c, column) in [(2, "C"), (3, "D"), (4, "E")] {
        sheet.write_formula_with_format(
            24,
            c,
            Formula::new(format!("=SUM({column}20:{column}24)")),
            &money,
        )?;
    }
    Ok(())
}

fn trust(folder: &Path) -> Result<(), XlsxError> {
    let mut book = workbook()?;
    let mut mapping = Mapping::default();
    let about = "About your project";
    let sheet = book.add_worksheet().set_name(about)?;
    sheet.set_column_width(0, 38)?;
    sheet.set_column_width(1, 40)?;
    sheet.merge_range(
        0,
        0,
        0,
        1,
        "Hartley Community Trust – Half-year report",
        &Format::new().set_bold().set_font_size(14),
    )?;
    let dated = Format::new()
        .set_num_format("d mmmm yyyy")
        .set_border(FormatBorder::Thin);
    let rows = [
        ("Name of organisation", "organisation name", entry()),
        (
            "Registered charity number",
            "organisation charity number",
            entry(),
        ),
        ("Grant reference", "agreement reference", entry()),
        (
            "Amount awarded",
            "agreement value",
            Format::new()
                .set_num_format("£#,##0")
                .set_border(FormatBorder::Thin),
        ),
        (
            "Report covers the period from",
            "period start",
            dated.clone(),
        ),
        ("to", "period end", dated),
        (
            "Name of person completing this report",
            "contact name",
            entry(),
        ),
        ("Their role", "contact role", entry()),
    ];
    for (i, (text, source, format)) in rows.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_with_format(row, 0, *text, &label())?;
        sheet.write_blank(row, 1, format)?;
        mapping.map(about, row, 1, source);
    }
    let outcomes = "Outcomes and learning";
    let sheet = book.add_worksheet().set_name(outcomes)?;
    sheet.set_column_width(0, 44)?;
    for c in 1..=3 {
        sheet.set_column_width(c, 14)?;
    }
    sheet.write_with_format(0, 0, "Your outcomes", &label())?;
    for (c, text) in [(1, "Target"), (2, "Achieved"), (3, "Baseline")] {
        sheet.write_with_format(0, c, text, &label())?;
    }
    let percent = Format::new()
        .set_num_format("0%")
        .set_border(FormatBorder::Thin);
    for (i, (text, code)) in [
        ("People reached", "FT1"),
        ("Girls and women reached (%)", "FT2"),
        ("Families getting on better at home", "FT3"),
    ]
    .iter()
    .enumerate()
    {
        let row = 1 + i as u32;
        sheet.write(row, 0, *text)?;
        for (c, figure) in [(1, "target"), (2, "this period"), (3, "baseline")] {
            let format = if *code == "FT2" { &percent } else { &entry() };
            sheet.write_blank(row, c, format)?;
            mapping.map(outcomes, row, c, &format!("measure {code} {figure}"));
        }
    }
    sheet.write_with_format(5, 0, "Age of people reached", &label())?;
    sheet.write_with_format(5, 1, "Number", &label())?;
    for (i, band) in ["0-4", "5-10", "11-15", "16-19", "20+"].iter().enumerate() {
        let row = 6 + i as u32;
        sheet.write(row, 0, *band)?;
        sheet.write_blank(row, 1, &entry())?;
        mapping.map(outcomes, row, 1, &format!("breakdown FT1 age band {band}"));
    }
    sheet.write_with_format(11, 0, "Total", &label())?;
    sheet.write_formula(11, 1, Formula::new("=SUM(B7:B11)"))?;
    let wrapped = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    for (i, heading) in [
        "How many people did you reach, and who were they?",
        "What are the three most important differences you made?",
        "What have you learned?",
    ]
    .iter()
    .enumerate()
    {
        let row = 13 + 3 * i as u32;
        sheet.merge_range(row, 0, row, 3, heading, &label())?;
        sheet.merge_range(row + 1, 0, row + 2, 3, "", &wrapped)?;
        mapping.map(outcomes, row + 1, 0, &format!("narrative {heading}"));
    }
    sheet.write_with_format(23, 0, "Milestone", &label())?;
    sheet.write_with_format(23, 1, "Progress", &label())?;
    sheet.write(24, 0, "Family fun day held")?;
    sheet.write_blank(24, 1, &entry())?;
    mapping.map(outcomes, 24, 1, "milestone Family fun day held status");
    let lists = book.add_worksheet().set_name("Lists")?;
    for (i, status) in ["Not started", "On track", "At risk", "Done", "Dropped"]
        .iter()
        .enumerate()
    {
        lists.write(i as u32, 0, *status)?;
    }
    lists.set_hidden(true);
    let progress = DataValidation::new().allow_list_formula(Formula::new("=Lists!$A$1:$A$5"));
    book.worksheet_from_name(outcomes)?
        .add_data_validation(24, 1, 24, 1, &progress)?;
    book.save(folder.join("trust-half-year.xlsx"))?;
    mapping
        .write(&folder.join("trust-half-year.mapping.csv"))
        .map_err(XlsxError::IoError)
}

fn youth(folder: &Path) -> Result<(), XlsxError> {
    let mut book = workbook()?;
    let mut mapping = Mapping::default();
    let name = "Data return";
    let sheet = book.add_worksheet().set_name(name)?;
    sheet.set_column_width(0, 46)?;
    sheet.set_column_width(1, 18)?;
    sheet.write_with_format(
        0,
        0,
        "Youth wellbeing contract – quarterly data return",
        &Format::new().set_bold().set_font_size(13),
    )?;
    let dated = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_border(FormatBorder::Thin);
    let percent = Format::new()
        .set_num_format("0.0%")
        .set_border(FormatBorder::Thin);
    let whole =
        DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0));
    let rows: [(&str, &str, &Format, bool); 8] = [
        ("Provider", "organisation name", &entry(), false),
        ("Quarter end date", "period end", &dated, false),
        ("Return due date", "period due", &dated, false),
        (
            "Young people attending",
            "measure YW1 this period",
            &entry(),
            true,
        ),
        (
            "Visits by council tenants (%)",
            "measure YW3 this period",
            &percent,
            false,
        ),
        (
            "Sessions rated 4 or 5 (%)",
            "measure YW5 this period",
            &percent,
            false,
        ),
        (
            "Young people signposted to other services",
            "measure YW6 this period",
            &entry(),
            true,
        ),
        (
            "Young people more confident",
            "measure YW4 this period",
            &entry(),
            true,
        ),
    ];
    for (i, (text, source, format, counted)) in rows.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_with_format(row, 0, *text, &label())?;
        sheet.write_blank(row, 1, format)?;
        if *counted {
            sheet.add_data_validation(row, 1, row, 1, &whole)?;
        }
        mapping.map(name, row, 1, source);
    }
    sheet.write_with_format(11, 0, "Date submitted", &label())?;
    sheet.write_date_with_format(11, 1, &ExcelDateTime::from_ymd(2026, 1, 1)?, &dated)?;
    book.save(folder.join("youth-data-return.xlsx"))?;
    mapping
        .write(&folder.join("youth-data-return.mapping.csv"))
        .map_err(XlsxError::IoError)
}

fn main() -> Result<(), XlsxError> {
    let folder = Path::new("tests/fixtures/forms");
    std::fs::create_dir_all(folder)?;
    council(folder)?;
    trust(folder)?;
    youth(folder)?;
    println!(
        "wrote three funder's forms and their mappings in {}",
        folder.display()
    );
    Ok(())
}
