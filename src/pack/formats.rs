//! How the returns workbook's cells look: one set of formats (fonts,
//! number formats, colours) every sheet writes with.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// The formats a pack uses.
pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) header: Format,
    pub(crate) band: Format,
    pub(crate) text: Format,
    pub(crate) wrap: Format,
    pub(crate) label: Format,
    pub(crate) date: Format,
    pub(crate) date_left: Format,
    pub(crate) whole: Format,
    pub(crate) whole_left: Format,
    pub(crate) decimal: Format,
    pub(crate) percent: Format,
    pub(crate) points: Format,
    pub(crate) signed_whole: Format,
    pub(crate) signed_decimal: Format,
    pub(crate) signed_hours: Format,
    pub(crate) signed_money: Format,
    pub(crate) header_right: Format,
    pub(crate) hours: Format,
    pub(crate) money: Format,
    pub(crate) right: Format,
    pub(crate) status: Format,
    pub(crate) green: Format,
    pub(crate) amber: Format,
    pub(crate) red: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        let base = Format::new()
            .set_font_name("Arial")
            .set_font_size(10)
            .set_align(FormatAlign::Top);
        // Left-aligned cells are indented a little, so that text never
        // touches a right-aligned number in the column before it.
        Formats {
            title: base.clone().set_bold().set_font_size(14),
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Left)
                .set_indent(1)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            header_right: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Right),
            band: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Left)
                .set_indent(1)
                .set_background_color(Color::RGB(0xEDEDED)),
            text: base.clone().set_align(FormatAlign::Left).set_indent(1),
            wrap: base
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::Left)
                .set_indent(1),
            label: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Left)
                .set_indent(1),
            date: base
                .clone()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Left)
                .set_indent(1),
            date_left: base
                .clone()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Left)
                .set_indent(1),
            whole: base.clone().set_num_format("#,##0"),
            // A count beside words on the Cover, in line with them.
            whole_left: base
                .clone()
                .set_num_format("#,##0")
                .set_align(FormatAlign::Left)
                .set_indent(1),
            decimal: base.clone().set_num_format("#,##0.00"),
            // A percentage is kept as a fraction and shown as one, so that
            // it reads right whatever a reader does with the cell.
            percent: base.clone().set_num_format("0.0%"),
            // The variance of a percentage is in points, always signed.
            points: base
                .clone()
                .set_num_format("+0.0\" pp\";-0.0\" pp\";0.0\" pp\""),
            signed_whole: base.clone().set_num_format("+#,##0;-#,##0;0"),
            signed_decimal: base.clone().set_num_format("+#,##0.00;-#,##0.00;0.00"),
            signed_hours: base.clone().set_num_format("+#,##0.0;-#,##0.0;0.0"),
            signed_money: base
                .clone()
                .set_num_format("+\"£\"#,##0.00;-\"£\"#,##0.00;\"£\"0.00"),
            hours: base.clone().set_num_format("#,##0.0"),
            money: base.clone().set_num_format("\"£\"#,##0.00"),
            right: base.clone().set_align(FormatAlign::Right),
            // Status words are indented, clear of the variance beside them.
            status: base.clone().set_align(FormatAlign::Left).set_indent(1),
            green: base
                .clone()
                .set_align(FormatAlign::Left)
                .set_indent(1)
                .set_background_color(Color::RGB(0xC6EFCE)),
            amber: base
                .clone()
                .set_align(FormatAlign::Left)
                .set_indent(1)
                .set_background_color(Color::RGB(0xFFEB9C)),
            red: base
                .set_align(FormatAlign::Left)
                .set_indent(1)
                .set_background_color(Color::RGB(0xFFC7CE)),
        }
    }
}
