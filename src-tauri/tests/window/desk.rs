//! The commissioner's desk from the app (issue 27): opened from the first
//! screen, a folder of providers' packs brought in through the dialog, the
//! completeness table and one measure across providers read and checked
//! against the core, and a provider's own return opened.

use chrono::{Days, Local};
use evident::demo::{self, Provider, Size, DEMO_DAY};
use evident::desk::{self, DeskStore};
use evident::pack::{self, Options};
use evident::Store;

use super::assert_accessible;
use crate::driver::Window;

const AGREEMENT: &str = "NBC-CYP-01";

/// Three providers' packs for three quarters: one late, one missing.
fn packs_in(folder: &std::path::Path) {
    std::fs::create_dir_all(folder).unwrap();
    for (i, name) in [
        "Ashby Youth Project",
        "Brook Family Centre",
        "Carrow Play Association",
    ]
    .iter()
    .enumerate()
    {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::create(&dir.path().join("evident.db"), Local::now().naive_local()).unwrap();
        demo::fill_as(
            &mut store,
            Size::Small,
            DEMO_DAY,
            &Provider {
                name: name.to_string(),
                seed: 900 + i as u64,
                participants: Some(30 + 15 * i),
            },
        )
        .unwrap();
        let periods = evident::periods::of_agreement(&store, AGREEMENT).unwrap();
        for (q, id) in ["2025-26 Q1", "2025-26 Q2", "2025-26 Q3"]
            .iter()
            .enumerate()
        {
            if (i, q) == (2, 1) {
                continue; // never sent
            }
            let due = periods.iter().find(|p| p.id == *id).unwrap().due;
            let day = if (i, q) == (1, 2) {
                due + Days::new(6)
            } else {
                due - Days::new(4)
            };
            let options = Options {
                prepared_by: "Desk Window Test".into(),
                now: day.and_hms_opt(10, 0, 0).unwrap(),
            };
            pack::export(&store, AGREEMENT, id, folder, &options).unwrap();
        }
    }
}

#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_desk_brings_in_a_folder_of_packs_and_reads_completeness_and_a_measure() {
    let window = Window::open("desk", |_| {}).await;
    let packs = window.data.path().join("packs from providers");
    packs_in(&packs);
    window.wait_text("Welcome to Evident").await;
    window.click("#open-desk").await;
    window.wait_text("No packs yet").await;

    window.answer_dialog("open", &packs).await;
    window.click_text("Bring in a folder of packs…").await;
    window.wait_text("Packs: 8 brought in").await;

    let desk_file = crate::driver::database_in(window.data.path()).with_file_name("desk.db");
    let core = DeskStore::open(&desk_file).expect("the app's desk opens");
    let today = Local::now().date_naive();

    // The completeness table, row by row, as the core has it.
    let completeness = desk::completeness(&core, today).unwrap();
    let shown = window
        .run("return [...document.querySelectorAll('#completeness tbody tr')].map(r => [...r.children].map(c => c.textContent.trim()));")
        .await;
    let shown: Vec<Vec<String>> = serde_json::from_value(shown).unwrap();
    assert_eq!(shown.len(), 3);
    for (row, want) in shown.iter().zip(&completeness.rows) {
        assert_eq!(row[0], want.provider);
        let words: Vec<&str> = want.cells.iter().map(|a| a.word.as_str()).collect();
        assert_eq!(&row[2..], words.as_slice());
    }
    let body = window.body_text().await;
    assert!(body.contains("Late by 6 days"), "{body}");
    assert!(body.contains("Missing"), "{body}");

    // One measure across providers: the sessions delivered.
    window.choose("#desk-measure", "CYP3").await;
    window
        .wait_text("CYP3 Sessions delivered, this period")
        .await;
    let across = desk::measure_across(&core, "CYP3").unwrap();
    let table = window
        .run("return document.querySelector('#desk-measure-table').innerText;")
        .await;
    let table = table.as_str().unwrap().to_string();
    for line in &across.rows {
        for cell in line.cells.iter().flatten() {
            assert!(table.contains(&cell.shown), "{} in {table}", cell.shown);
        }
    }
    for total in &across.totals {
        assert!(table.contains(&total.word), "{} in {table}", total.word);
    }
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/window-tests");
    for (heading, shot) in [
        ("completeness-heading", "desk-completeness.png"),
        ("measure-heading", "desk-measure.png"),
        ("areas-heading", "desk-areas.png"),
    ] {
        window
            .run(&format!(
                "document.getElementById('{heading}').scrollIntoView();"
            ))
            .await;
        std::fs::copy(window.screenshot().await, shots.join(shot)).expect("a copy");
    }
    window.run("window.scrollTo(0, 0);").await;
    assert_accessible(&window, "desk").await;

    // A provider's own return, as its sheets.
    window.click("#completeness tbody a").await;
    window.wait_text("Back to the desk").await;
    window.wait_text("Demographics").await;
    assert_accessible(&window, "desk-return").await;

    // Brought in by mistake: taken off the desk, after asking.
    let first = completeness.rows[0].provider.clone();
    window.click("#remove-pack").await;
    window.wait_text("Take this pack off the desk?").await;
    window.click_text("Take it off the desk").await;
    window.wait_text("was taken off the desk.").await;
    window.wait_text("Which returns have arrived").await;
    let after = desk::completeness(&core, today).unwrap();
    assert_eq!(after.rows[0].provider, first);
    assert_eq!(after.rows[0].cells[0].state, "missing");
    let cell = window
        .run("return document.querySelector('#completeness tbody tr td:nth-child(3)').textContent.trim();")
        .await;
    assert_eq!(cell.as_str().unwrap(), after.rows[0].cells[0].word);
    window.close().await;
}
