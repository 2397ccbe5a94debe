//! Payments from the app (issue 28): a schedule of equal instalments set
//! in one step on the agreement's page, one recorded as arrived, the late
//! one read on Home, and the month the money runs short read on the
//! cash-flow screen.

use chrono::{Datelike, Local, Months, NaiveDate};
use evident::records::Agreement;

use super::{open_core, seed, youth_club};
use crate::driver::Window;

#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_schedule_is_set_a_payment_recorded_and_the_late_one_and_the_short_month_read() {
    let today = Local::now().date_naive();
    // A year from the first of the month five months ago: in advance, two
    // instalments are due already.
    let start = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap() - Months::new(5);
    let end = start + Months::new(12) - chrono::Days::new(1);
    let window = Window::open("payments", move |db| {
        seed(db, |store| {
            youth_club(store);
            store
                .add_agreement(&Agreement {
                    reference: "YC-1".into(),
                    funder: "Council".into(),
                    title: "Youth work".into(),
                    start_date: start,
                    end_date: end,
                    value_pence: Some(1_000_000),
                    programmes: vec!["Youth club".into()],
                    ..Agreement::default()
                })
                .unwrap();
        })
    })
    .await;
    window.wait_text("This week").await;

    // The schedule in one step.
    window.go("#/agreement/YC-1").await;
    window.wait_text("Or set them all in one step").await;
    window.choose("#f-plan-timing", "advance").await;
    window
        .click("#payments form[aria-label='Equal instalments each quarter'] button[type=submit]")
        .await;
    window.wait_text("Set 4 equal instalments.").await;
    let schedule = open_core(&window).instalments(Some("YC-1")).unwrap();
    assert_eq!(
        schedule.iter().map(|i| i.amount_pence).sum::<i64>(),
        1_000_000
    );

    // The first one arrived, a week after it was due.
    let first = schedule[0].expected_on;
    let arrived = first + chrono::Days::new(7);
    window
        .type_into(
            &format!("#f-received-{first}"),
            &arrived.format("%d/%m/%Y").to_string(),
        )
        .await;
    window.click(&format!("#f-received-{first}")).await;
    window.keys(super::ENTER).await;
    window.wait_text("as arrived.").await;
    let kept = open_core(&window).instalment("YC-1", first).unwrap();
    assert_eq!(
        (kept.received_on, kept.received_pence),
        (Some(arrived), Some(250_000))
    );
    window
        .run("document.getElementById('payments').scrollIntoView();")
        .await;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/window-tests");
    std::fs::copy(
        window.screenshot().await,
        shots.join("payments-schedule.png"),
    )
    .expect("a copy");

    // The last one deleted, after the app asks.
    let last = schedule[3].expected_on;
    window
        .run(&format!(
            "[...document.querySelectorAll('#payments tr')].find(r => r.textContent.includes('{}')).querySelector('button.button-secondary:last-of-type').click();",
            last.format("%-d %B %Y")
        ))
        .await;
    window
        .wait_text(&format!(
            "Delete the instalment expected {}?",
            last.format("%-d %B %Y")
        ))
        .await;
    window.click("dialog button.button-warning").await;
    window
        .wait_text(&format!(
            "Deleted the instalment expected {}.",
            last.format("%-d %B %Y")
        ))
        .await;
    assert_eq!(
        open_core(&window).instalments(Some("YC-1")).unwrap().len(),
        3
    );
    window
        .wait_text("The instalments add up to £7,500; the agreement's value is £10,000")
        .await;

    // Home: the second is late.
    let second = schedule[1].expected_on;
    window.go("#/home").await;
    let days = (today - second).num_days();
    let late = format!(
        "£2,500 from Council expected {}, {days} days late",
        second.format("%-d %B %Y")
    );
    window.wait_text(&late).await;

    // The cash flow, from an overdraft of £3,000: short this month.
    window.click_text("The next three months of cash").await;
    window.wait_text("Money in hand now").await;
    window.type_into("#f-amount", "-3000").await;
    window.click("main form button[type=submit]").await;
    window
        .wait_text("Worked out again from the money in hand.")
        .await;
    let month = today.format("%B %Y").to_string();
    window
        .wait_text(&format!("The money runs short in {month}."))
        .await;
    let flow = evident::payments::cash_flow(&open_core(&window), today).unwrap();
    assert_eq!(flow.short_in, Some(today.format("%Y-%m").to_string()));
    assert_eq!(flow.months[0].balance_pence, -300_000 + 250_000);
    window.screenshot().await;
    window.close().await;
}
