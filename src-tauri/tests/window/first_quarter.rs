//! A new volunteer's first quarter (issue 30): each thing a first-timer hit,
//! driven through the real window as they would.

use chrono::{Days, Local, NaiveDate};
use evident::forms::SessionForm;
use evident::records::{Agreement, Calculation, Measure, Question};

use super::{child, open_core, seed, youth_club, CTRL_ENTER, ENTER};
use crate::driver::Window;

const AGREEMENT: &str = "YC-1";
const Q2_RETURN: &str = "#/returns/YC-1/2026-27%20Q2";

/// The council's youth work agreement paying for the youth club, with a
/// count of people (no target set) and a share of young carers.
fn youth_contract(store: &mut evident::Store) {
    youth_club(store);
    store
        .add_agreement(&Agreement {
            reference: AGREEMENT.into(),
            funder: "Council".into(),
            title: "Youth work".into(),
            start_date: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            end_date: NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
            programmes: vec!["Youth club".into()],
            ..Agreement::default()
        })
        .unwrap();
    for (code, title, calculation, filter) in [
        (
            "YC1",
            "Young people attending",
            Calculation::Participants,
            "",
        ),
        (
            "YC2",
            "Young carers reached",
            Calculation::PercentWith,
            "group=young carer",
        ),
    ] {
        store
            .add_measure(&Measure {
                agreement: AGREEMENT.into(),
                code: code.into(),
                title: title.into(),
                question: Question::HowMuch,
                calculation,
                unit: calculation.unit(),
                filter: filter.into(),
                ..Measure::default()
            })
            .unwrap();
    }
}

fn register(store: &mut evident::Store, day: &str, attendees: &str) {
    SessionForm {
        programme: Some("Youth club".into()),
        date: Some(day.into()),
        duration_minutes: Some("90".into()),
        attendees: Some(attendees.into()),
        ..Default::default()
    }
    .add_to(store, Local::now().date_naive())
    .unwrap();
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// A day as the app's date fields show it: 08/12/2026.
fn shown(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// Whether the notice on screen (there must be one) overlaps no field,
/// button or link of the page.
async fn notice_covers_nothing(window: &Window) -> bool {
    window
        .run(
            "const n = document.querySelector('.notice').getBoundingClientRect();
             return [...document.querySelectorAll('main input, main select, main textarea, main button, main a, main .hint')]
               .map(e => e.getBoundingClientRect())
               .filter(r => r.width > 0 && r.height > 0)
               .every(r => r.right <= n.left || r.left >= n.right || r.bottom <= n.top || r.top >= n.bottom);",
        )
        .await
        .as_bool()
        .unwrap_or(false)
}

/// The money: every cost line typed and saved with one Save, nothing lost;
/// the notice sits beside the form and goes when the screen changes; a
/// screen left with typed changes asks first, and a saving elsewhere on the
/// page keeps what was typed.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn money_is_entered_once_and_a_screen_left_unsaved_asks_first() {
    let window = Window::open("first-quarter-money", |db| {
        seed(db, |store| {
            youth_contract(store);
            let amara = child(store, "Amara");
            register(store, "2026-07-06", &amara);
        })
    })
    .await;
    window.wait_text("This week").await;
    window.go(Q2_RETURN).await;
    window.wait_text("Save the money").await;
    for (heading, budget, spent) in [
        ("staffing", "1200", "1100"),
        ("premises", "300", "300"),
        ("activities-and-materials", "150", "95.50"),
    ] {
        window
            .type_into(&format!("#f-finance-{heading}-budget"), budget)
            .await;
        window
            .type_into(&format!("#f-finance-{heading}-actual"), spent)
            .await;
    }
    window.click("#finance-lines button[type=submit]").await;
    window.wait_text("Saved the money for this period").await;
    let lines = open_core(&window).finances(AGREEMENT).unwrap();
    assert_eq!(
        lines
            .iter()
            .map(|f| (f.heading.as_str(), f.budget_pence, f.actual_pence))
            .collect::<Vec<_>>(),
        [
            ("Staffing", 120_000, 110_000),
            ("Premises", 30_000, 30_000),
            ("Activities and materials", 15_000, 9_550)
        ],
        "one Save keeps every line typed"
    );
    assert!(
        notice_covers_nothing(&window).await,
        "the notice covers a field"
    );
    window.screenshot().await;

    // Typed but not saved: leaving asks; staying keeps it; saving another
    // part of the page keeps it too.
    window
        .type_into("#f-narrative-0", "The club opened in July.")
        .await;
    window.type_into("#f-finance-staffing-actual", "1150").await;
    window.click("#menu a[data-route=home]").await;
    window.wait_text("Leave without saving?").await;
    window
        .click("#unsaved-dialog .button:not(.button-secondary)")
        .await;
    window.wait_text("Return for 2026-27 Q2").await;
    assert_eq!(
        window
            .run("return document.getElementById('f-narrative-0').value;")
            .await,
        "The club opened in July."
    );
    window
        .run("document.getElementById('f-narrative-0').form.querySelector('button[type=submit]').click();")
        .await;
    window.wait_text("Saved the answer").await;
    assert_eq!(
        window
            .run("return document.getElementById('f-finance-staffing-actual').value;")
            .await,
        "1150",
        "saving the answer keeps the money typed and not yet saved"
    );
    window.click("#menu a[data-route=home]").await;
    window.wait_text("Leave without saving?").await;
    window.click("#unsaved-dialog .button-secondary").await;
    window.wait_text("This week").await;
    assert_eq!(
        window
            .run("return document.querySelectorAll('.notice').length;")
            .await,
        0,
        "a notice goes with the screen it was about"
    );
    assert_eq!(
        open_core(&window).finances(AGREEMENT).unwrap()[0].actual_pence,
        110_000
    );
    window.close().await;
}

/// Registers: a day after today refused in words that quote it as typed;
/// a register saved says so; the menu opens today's; one deleted from its
/// screen; the history tells it in words with names.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_register_in_the_future_is_refused_and_one_is_deleted_from_its_screen() {
    let window = Window::open("first-quarter-registers", |db| {
        seed(db, |store| {
            youth_club(store);
            child(store, "Amara");
        })
    })
    .await;
    window.wait_text("This week").await;
    window.click("#menu a[data-route=register]").await;
    window.wait_text("Find someone to tick").await;
    let next_week = shown(today() + Days::new(7));
    window.type_into("#f-date", &next_week).await;
    window.click("form button[type=submit]").await;
    window
        .wait_text(&format!("{next_week} is after today"))
        .await;
    assert_eq!(
        window
            .run("return document.getElementById('register-form') === null;")
            .await,
        true,
        "no register to take for a day to come"
    );

    // Last week's register opened, then the menu: today's.
    let last_week = today() - Days::new(7);
    window.type_into("#f-date", &shown(last_week)).await;
    window.click("form button[type=submit]").await;
    window.wait_text(&long(last_week)).await;
    window.click("#menu a[data-route=register]").await;
    window
        .wait_text(&format!("Youth club, {}", long(today())))
        .await;
    assert_eq!(
        window
            .run("return document.getElementById('f-date').value;")
            .await,
        shown(today())
    );

    window.type_into("#register-filter", "Ama").await;
    window.keys(ENTER).await;
    window.wait_text("1 ticked").await;
    window.type_into("#f-duration_minutes", "90").await;
    window.click("#register-filter").await;
    window.keys(CTRL_ENTER).await;
    let text = window.wait_text("Register saved: 1 named").await;
    assert!(text.contains("Saved. To correct it"), "{text}");
    assert!(!text.contains("taken before"), "{text}");

    window.click_text("Delete this register").await;
    window
        .wait_text("The session and who came are removed")
        .await;
    window
        .click("#delete-register-dialog .button-warning")
        .await;
    window.wait_text("Deleted the Youth club register").await;
    assert!(open_core(&window)
        .sessions(&Default::default())
        .unwrap()
        .is_empty());

    window.go("#/history").await;
    let history = window
        .wait_text(&format!(
            "Youth club register for {} deleted",
            long(today())
        ))
        .await;
    assert!(
        history.contains(&format!(
            "Amara (P0001) ticked on the Youth club register for {}",
            long(today())
        )),
        "{history}"
    );
    window.screenshot().await;
    window.close().await;
}

/// A day in words, as the app writes it: 8 December 2026.
fn long(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

/// Returns: opens on the return being worked on; the period chosen shows at
/// once; a check names people and leads to the field to put right and back
/// again; a missing contact is a check and the export asks who prepared it;
/// a sent return that changed is named on Home.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn returns_open_on_the_return_being_worked_on_and_lead_there_and_back() {
    let window = Window::open("first-quarter-returns", |db| {
        seed(db, |store| {
            youth_contract(store);
            let amara = child(store, "Amara");
            child(store, "Ben");
            register(store, "2026-07-06", &amara);
        })
    })
    .await;
    window.wait_text("This week").await;
    window.click("#menu a[data-route=returns]").await;
    window.wait_text("Return for 2026-27 Q2").await;
    let text = window
        .wait_text("Does the return say who to contact about it?")
        .await;
    assert!(
        text.contains("Amara (P0001)"),
        "people by name and code: {text}"
    );
    assert!(text.contains("YC1, Young people attending"), "{text}");
    window.find("a[href='#/targets/YC-1']").await;
    window.find("a[href='#/settings']").await;

    // The consent check leads to the consent field, and back.
    window.click_text("Amara (P0001)").await;
    window.wait_text("Back to the return for 2026-27 Q2").await;
    assert_eq!(
        window.run("return document.activeElement.id;").await,
        "f-consent_date"
    );
    window.type_into("#f-consent_date", "01/07/2026").await;
    window.click("main form button[type=submit]").await;
    window.wait_text("Amara saved as P0001").await;
    window.click_text("Back to the return for 2026-27 Q2").await;
    window.wait_text("Return for 2026-27 Q2").await;
    assert!(!window.body_text().await.contains("Amara (P0001)"));

    // Choosing a period shows it at once.
    window.choose("#f-period", "2026-27 Q1").await;
    window.wait_text("Return for 2026-27 Q1").await;
    window.go(Q2_RETURN).await;
    window.wait_text("Return for 2026-27 Q2").await;

    // Nobody to name on the cover: the export asks.
    let pack = window.data.path().join("q2-DRAFT.zip");
    window.answer_dialog("save", &pack).await;
    window.click("#export button[type=submit]").await;
    window.wait_text("say who prepared this return").await;
    assert!(!pack.exists());
    window.type_into("#f-prepared-by", "Sam Okafor").await;
    window.click("#export button[type=submit]").await;
    window.wait_text("The pack is saved").await;
    window.click_text("Mark it submitted with this pack").await;
    window.wait_text("Nothing has changed since").await;

    // A register of Q2 found later, with Ben: Home names the return sent.
    register(&mut open_core(&window), "2026-07-13", "P0002");
    window.go("#/home").await;
    window
        .wait_text("2026-27 Q2 changed since you sent it:")
        .await;
    window.screenshot().await;
    window.close().await;
}

/// Words: a measure described from its own filter; one the funder sets no
/// target for, said so; a story's measures picked from the agreements'
/// lists.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_story_picks_its_measures_and_each_measure_says_what_it_counts() {
    let window = Window::open("first-quarter-words", |db| {
        seed(db, |store| {
            youth_contract(store);
            child(store, "Amara");
        })
    })
    .await;
    window.wait_text("This week").await;
    window.go("#/agreement/YC-1").await;
    let text = window
        .wait_text("The share of people who came who are: group young carer.")
        .await;
    assert!(!text.contains("girls, say"), "{text}");

    window.go("#/measure/YC-1/YC1").await;
    window
        .wait_text("The funder sets no target for this measure")
        .await;
    window.click("#f-no_target").await;
    window.click("main form button[type=submit]").await;
    window.wait_text("Saved YC1").await;
    assert!(
        open_core(&window)
            .measure(AGREEMENT, "YC1")
            .unwrap()
            .no_target
    );

    window.go("#/stories/new").await;
    window.wait_text("Measures it illustrates").await;
    window.type_into("#f-title", "A first term").await;
    window.click("#story-measure-YC-1-YC2").await;
    window
        .run("document.querySelector('.measure-group').scrollIntoView({ block: 'center' });")
        .await;
    window.screenshot().await;
    window.click("main form button[type=submit]").await;
    window.wait_text("Story saved").await;
    let stories = open_core(&window).stories().unwrap();
    assert_eq!(
        stories[0]
            .measures
            .iter()
            .map(|m| (m.agreement.as_str(), m.code.as_str()))
            .collect::<Vec<_>>(),
        [(AGREEMENT, "YC2")]
    );
    window.close().await;
}

/// Under a US system language the date fields still read day first, the
/// calendar fills one in that way, and a refusal quotes the date as typed.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn dates_read_day_first_under_a_us_system_language() {
    let window = Window::open_in_language("first-quarter-us-dates", "en_US.UTF-8", |db| {
        seed(db, |store| {
            evident::forms::ParticipantForm {
                known_as: Some("Amara".into()),
                date_of_birth: Some("2016-03-02".into()),
                ..Default::default()
            }
            .add_to(store, today())
            .unwrap();
        })
    })
    .await;
    window.wait_text("This week").await;
    window.go("#/participant-edit/P0001").await;
    window.wait_text("Change Amara's record").await;
    assert_eq!(
        window
            .run("return document.getElementById('f-date_of_birth').value;")
            .await,
        "02/03/2016"
    );
    window
        .click("[data-field=date_of_birth] .calendar-button")
        .await;
    window.wait_text("Date of birth: March 2016").await;
    window.click("button[aria-label='27 March 2016']").await;
    assert_eq!(
        window
            .run("return document.getElementById('f-date_of_birth').value;")
            .await,
        "27/03/2016"
    );
    window.type_into("#f-consent_date", "31/02/2026").await;
    window.click("main form button[type=submit]").await;
    window.wait_text("the date 31/02/2026 does not exist").await;
    window.screenshot().await;
    window.type_into("#f-consent_date", "28/02/2026").await;
    window.click("main form button[type=submit]").await;
    window.wait_text("Amara saved as P0001").await;
    let amara = open_core(&window).participant("P0001").unwrap();
    assert_eq!(
        amara.date_of_birth,
        NaiveDate::from_ymd_opt(2016, 3, 27),
        "the calendar's day"
    );
    assert_eq!(amara.consent.date, NaiveDate::from_ymd_opt(2026, 2, 28));
    window.close().await;
}
