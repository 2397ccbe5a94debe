//! The funder's own form from the app (issue 26): the form added to an
//! agreement through the open dialog, cells mapped by clicking (a proposal
//! accepted, a source chosen in the picker) and by keyboard alone, the
//! return exported, and the filled form read back beside the pack.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataType, Reader, Xlsx};
use chrono::Local;
use evident::Store;

use super::{open_core, ENTER};
use crate::driver::Window;

const AGREEMENT: &str = evident::demo::NINE_MONTH_CONTRACT;
const PERIOD: &str = "2025-26 Q4";
const TAB: &str = "\u{E004}";

#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_funder_form_is_mapped_by_click_and_by_keyboard_and_filled_on_export() {
    let window = Window::open("funder-form", |db| {
        let mut store = Store::create(db, Local::now().naive_local()).expect("a database");
        evident::demo::fill(
            &mut store,
            evident::demo::Size::Small,
            evident::demo::DEMO_DAY,
        )
        .expect("the demo");
    })
    .await;
    window
        .client
        .set_window_size(1280, 800)
        .await
        .expect("the window can be sized");
    let form = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/forms/youth-data-return.xlsx");

    // The form is added from the agreement's page, through the open dialog.
    window.go(&format!("#/agreement/{AGREEMENT}")).await;
    window.wait_text("The funder's own form").await;
    window.answer_dialog("open", &form).await;
    window.click_text("Add the funder's form").await;
    window.wait_text("Kept youth-data-return.xlsx").await;
    window.click_text("Map its cells").await;
    window.wait_text("Choose a cell").await;
    window.wait_text("Young people attending").await;
    assert_eq!(
        open_core(&window).form_cells(AGREEMENT).unwrap().len(),
        0,
        "a proposal is only shown"
    );

    // By clicking: a proposal accepted.
    window.click("[data-cell='B3']").await;
    window.wait_text("Evident proposes").await;
    window.click_text("Accept the proposal").await;
    window.wait_text("B3 takes Organisation name.").await;

    // By clicking: a source chosen in the picker.
    window.click("[data-cell='B6']").await;
    window.wait_text("What goes in B6").await;
    window.choose("#f-source", "measure YW1 this period").await;
    window.click(".form-panel button[type=submit]").await;
    window
        .wait_text("B6 takes YW1 Young people attending – this period.")
        .await;

    // By keyboard alone: the focus is back on B6; Tab to B7, Enter opens
    // it with the proposal chosen in the picker; Tab to "Map the cell", Enter.
    window.keys(TAB).await;
    window.keys(ENTER).await;
    window.wait_text("What goes in B7").await;
    window.keys(TAB).await;
    window.keys(ENTER).await;
    window.wait_text("B7 takes YW3").await;
    let mapped = open_core(&window).form_cells(AGREEMENT).unwrap();
    let sources: Vec<(&str, &str)> = mapped
        .iter()
        .map(|c| (c.cell.as_str(), c.source.as_str()))
        .collect();
    assert_eq!(
        sources,
        [
            ("B3", "organisation name"),
            ("B6", "measure YW1 this period"),
            ("B7", "measure YW3 this period")
        ]
    );
    window.run("window.scrollTo(0, 0);").await;
    window.screenshot().await;
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/window-tests");
    std::fs::copy(
        shots.join("funder-form.png"),
        shots.join("funder-form-mapping.png"),
    )
    .expect("a copy");

    // The return exported: the filled form beside the pack says what the
    // records say, read back by a second reader.
    window
        .go(&format!("#/returns/{AGREEMENT}/2025-26%20Q4"))
        .await;
    window.wait_text("Return for 2025-26 Q4").await;
    let pack = window.data.path().join("sent-DRAFT.zip");
    window.answer_dialog("save", &pack).await;
    window.click("#export button[type=submit]").await;
    window.wait_text("The funder's own form, filled in").await;
    let filled = window.data.path().join("sent-DRAFT-youth-data-return.xlsx");
    let bytes = std::fs::read(&filled).expect("the filled form beside the pack");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
    let sheet = book.worksheet_range("Data return").expect("its sheet");
    let core = open_core(&window);
    let report = evident::measures::report(&core, AGREEMENT, PERIOD).unwrap();
    let value = |code: &str| {
        report
            .rows
            .iter()
            .find(|r| r.code == code)
            .and_then(|r| r.this_period)
    };
    assert_eq!(
        sheet.get_value((2, 1)),
        Some(&Data::String(core.organisation().unwrap().name))
    );
    assert_eq!(
        sheet.get_value((5, 1)).and_then(|d| d.as_f64()),
        value("YW1")
    );
    // A share in a cell formatted as a percentage: the fraction.
    let share = sheet
        .get_value((6, 1))
        .and_then(|d| d.as_f64())
        .map(|f| f * 100.0);
    assert!(
        matches!((share, value("YW3")), (Some(a), Some(b)) if (a - b).abs() < 1e-9),
        "{share:?} {:?}",
        value("YW3")
    );
    window.screenshot().await;
    window.close().await;
}
