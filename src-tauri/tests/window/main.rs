//! End-to-end tests of the real app window (tauri-driver, WebKitWebDriver,
//! Xvfb; `cargo xtask test` installs and starts them and runs these one at a
//! time). Each test has its own data folder, checks what it did through the
//! core on the same file, and saves a screenshot of its final screen under
//! `target/window-tests/`.

mod desk;
mod driver;
mod first_quarter;
mod funder_form;
mod installed;
mod payments;
mod third_edition;

use std::path::Path;

use chrono::Local;
use evident::forms::{
    IndicatorForm, OrganisationForm, OutcomeForm, ParticipantForm, ProgrammeForm,
};
use evident::Store;

use driver::{database_in, Window};

const ENTER: &str = "\u{E007}";
const CTRL_ENTER: &str = "\u{E009}\u{E007}\u{E000}";
const ESCAPE: &str = "\u{E00C}";
const ATTACK: &str = "<img src=x onerror=alert(1)>";

/// Sets up an organisation (and whatever `more` adds) in the database at `path`.
fn seed(path: &Path, more: impl FnOnce(&mut Store)) {
    let mut store = Store::create(path, Local::now().naive_local()).expect("a database");
    OrganisationForm {
        name: Some("Hillside Play".into()),
        ..Default::default()
    }
    .set_up(&mut store)
    .expect("an organisation");
    more(&mut store);
}

/// Adds the programme most tests take registers for.
fn youth_club(store: &mut Store) {
    ProgrammeForm {
        name: Some("Youth club".into()),
        ..Default::default()
    }
    .add_to(store)
    .unwrap();
}

fn child(store: &mut Store, name: &str) -> String {
    ParticipantForm {
        known_as: Some(name.into()),
        ..Default::default()
    }
    .add_to(store, Local::now().date_naive())
    .expect("a participant")
    .code
}

fn open_core(window: &Window) -> Store {
    Store::open(&window.database(), Local::now().naive_local()).expect("the app's database opens")
}

/// The Summary sheet of the pack at `pack` holds the core's figures for
/// this period (the pack keeps two decimals, of a percentage's points).
fn assert_summary_is_the_cores(pack: &Path, report: &evident::measures::Report) {
    use calamine::{Data, Reader};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(pack).expect("the pack")).unwrap();
    let mut workbook = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name("returns.xlsx").unwrap(), &mut workbook)
        .unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(workbook)).unwrap();
    let summary = book.worksheet_range("Summary").unwrap();
    for m in &report.rows {
        let row = summary
            .rows()
            .find(|r| r[0] == Data::String(m.code.clone()))
            .expect("the measure's row");
        let in_pack = match &row[5] {
            Data::Float(v) => Some(*v),
            Data::Int(v) => Some(*v as f64),
            _ => None,
        };
        let percent = m.unit == evident::records::Unit::Percent;
        let expected = m.this_period.map(|v| if percent { v / 100.0 } else { v });
        match (in_pack, expected) {
            (Some(a), Some(b)) => assert!(
                (a - b).abs() <= if percent { 0.00005 } else { 0.005 },
                "{}: {a} in the pack, {b} in the core",
                m.code
            ),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{}", m.code),
        }
    }
}

/// Whether the error summary is shown and has the focus.
/// Answers "Leave without saving?", asked on leaving a screen with typed
/// changes not saved, by leaving.
async fn leave_without_saving(window: &Window) {
    window.wait_text("Leave without saving?").await;
    window.click("#unsaved-dialog .button-secondary").await;
}

async fn error_summary_has_focus(window: &Window) -> bool {
    window.wait_text("There is a problem").await;
    window
        .run("return document.activeElement && document.activeElement.classList.contains('error-summary');")
        .await
        .as_bool()
        .unwrap_or(false)
}

#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn first_run_sets_up_the_organisation_and_a_bad_form_writes_nothing() {
    let window = Window::open("first-run", |_| {}).await;
    window.wait_text("Welcome to Evident").await;
    window.click("form button[type=submit]").await;
    assert!(
        error_summary_has_focus(&window).await,
        "the error summary takes the focus"
    );
    assert!(window.body_text().await.contains("is required"));
    assert!(
        !window.database().exists(),
        "a refused set-up creates no database file"
    );

    window.type_into("#f-name", "Hillside Play").await;
    window.choose("#f-fy_start_month", "4").await;
    window.click("form button[type=submit]").await;
    window.wait_text("This week").await;
    assert_eq!(
        open_core(&window).organisation().unwrap().name,
        "Hillside Play"
    );
    window.screenshot().await;
    window.close().await;
}

#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn locked_records_are_brought_from_another_computer_on_the_first_run() {
    // The old laptop: records locked with a passphrase, and a backup of them.
    let old_laptop = tempfile::tempdir().unwrap();
    let backup = old_laptop.path().join("evident-backup.db");
    {
        let records = old_laptop.path().join("evident.db");
        seed(&records, |store| {
            child(store, "Robin");
        });
        let store = Store::open(&records, Local::now().naive_local()).unwrap();
        let store = store
            .set_passphrase(Some("correct horse"), Local::now().naive_local(), "Jo")
            .unwrap();
        store.backup_to(&backup, false).unwrap();
    }

    let window = Window::open("bring-records", |_| {}).await;
    window
        .wait_text("Already use Evident on another computer?")
        .await;
    window.answer_dialog("open", &backup).await;
    window.click("#bring-records").await;
    window
        .wait_text("The records in that file are locked")
        .await;
    window.type_into("#f-bring-passphrase", "not it").await;
    window.click("#bring-with-passphrase").await;
    window.wait_text("That passphrase is not the one").await;
    assert!(!window.database().exists(), "nothing is put in place");
    assert_accessible(&window, "first-run-bringing-records").await;

    window
        .type_into("#f-bring-passphrase", "correct horse")
        .await;
    window.click("#bring-with-passphrase").await;
    window.wait_text("This week").await;
    window.wait_text("Hillside Play").await;
    let store = Store::open_with(
        &window.database(),
        Local::now().naive_local(),
        Some("correct horse"),
    )
    .expect("the records opened with their passphrase");
    assert_eq!(store.participants(true).unwrap()[0].known_as, "Robin");
    window.screenshot().await;
    window.close().await;
}

#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn three_children_are_added_and_a_bad_date_is_refused() {
    let window = Window::open("add-children", |db| seed(db, |_| {})).await;
    window.wait_text("This week").await;
    for name in ["Ada", "Ben", "Cal"] {
        window.go("#/participant-new").await;
        window.wait_text("Add a child or adult").await;
        window.type_into("#f-known_as", name).await;
        window.click("form button[type=submit]").await;
        window.wait_text("Change their record").await;
    }
    window.go("#/participant-new").await;
    window.wait_text("Add a child or adult").await;
    window.type_into("#f-known_as", "Dee").await;
    window
        .run("document.querySelector('#f-date_of_birth').value = '2099-01-01';")
        .await;
    window.click("form button[type=submit]").await;
    assert!(error_summary_has_focus(&window).await);
    assert!(window.body_text().await.contains("in the future"));
    let people = open_core(&window).participants(false).unwrap();
    let names: Vec<&str> = people.iter().map(|p| p.known_as.as_str()).collect();
    assert_eq!(
        names,
        ["Ada", "Ben", "Cal"],
        "three added, the refused one not"
    );
    // Dee's form is still typed in: leaving asks first.
    window.go("#/participants").await;
    leave_without_saving(&window).await;
    window.wait_text("3 of 3 shown").await;
    window.screenshot().await;
    window.close().await;
}

/// Fifteen names, each found by the start of the name.
const FIFTEEN: [&str; 15] = [
    "Amara", "Ben", "Chloe", "Dev", "Ellie", "Finn", "Grace", "Hamza", "Isla", "Jay", "Kai",
    "Leah", "Maya", "Noah", "Olu",
];

#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_register_of_fifteen_is_taken_by_keyboard_and_corrected() {
    let window = Window::open("register", |db| {
        seed(db, |store| {
            youth_club(store);
            for name in FIFTEEN {
                child(store, name);
            }
        })
    })
    .await;
    window.go("#/register").await;
    window.wait_text("Find someone to tick").await;
    window.type_into("#f-duration_minutes", "90").await;
    window.click("#register-filter").await;
    for name in FIFTEEN {
        window.keys(&name[..3]).await;
        window.keys(ENTER).await;
    }
    window.wait_text("15 ticked").await;
    window.keys(CTRL_ENTER).await;
    window.wait_text("Register saved: 15 named").await;
    let sessions = open_core(&window).sessions(&Default::default()).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        sessions[0].attendees.len(),
        15,
        "all fifteen ticked by keyboard"
    );

    // Correct it: Olu did not come after all, and two others did.
    window.wait_text("Saved. To correct it").await;
    window.click("#register-filter").await;
    window.keys("Olu").await;
    window.keys(ENTER).await;
    window.wait_text("14 ticked").await;
    window.type_into("#f-headcount", "2").await;
    window.click("#register-filter").await;
    window.keys(CTRL_ENTER).await;
    window.wait_text("Register saved: 14 named, 2 others").await;
    let sessions = open_core(&window).sessions(&Default::default()).unwrap();
    assert_eq!(sessions.len(), 1, "a correction changes the same session");
    assert_eq!(
        (sessions[0].attendees.len(), sessions[0].headcount),
        (14, 2)
    );

    // A bad length is refused and nothing changes.
    window.type_into("#f-duration_minutes", "0").await;
    window.click("#register-form button[type=submit]").await;
    assert!(error_summary_has_focus(&window).await);
    let after = open_core(&window).sessions(&Default::default()).unwrap();
    assert_eq!(
        after[0].duration_minutes, 90,
        "the refused correction wrote nothing"
    );
    window.screenshot().await;
    window.close().await;
}

#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn outcomes_scores_and_a_story_are_recorded() {
    let window = Window::open("log-scores-story", |db| {
        seed(db, |store| {
            child(store, "Ada");
            OutcomeForm {
                name: Some("More confident".into()),
                ..Default::default()
            }
            .add_to(store)
            .unwrap();
            IndicatorForm {
                name: Some("Confidence".into()),
                ..Default::default()
            }
            .add_to(store)
            .unwrap();
        })
    })
    .await;
    window.wait_text("This week").await;

    // The quick log, from the header: first refused, then saved.
    window.click("#quick-log").await;
    window.wait_text("What changed for them").await;
    window.click("#quick-log-dialog button[type=submit]").await;
    assert!(error_summary_has_focus(&window).await);
    assert!(open_core(&window).log_entries().unwrap().is_empty());
    window.choose("#quick-log-participant", "P0001").await;
    window.choose("#quick-log-outcome", "More confident").await;
    window
        .type_into("#quick-log-note", "Spoke up in the group")
        .await;
    // Escape with something typed asks first, and keeps it.
    window.keys(ESCAPE).await;
    window.wait_text("What you typed is not saved").await;
    window.click("#quick-log-dialog button[type=submit]").await;
    window.wait_text("Logged: More confident").await;
    assert_eq!(open_core(&window).log_entries().unwrap().len(), 1);

    // A score: out of range refused, then saved.
    window.go("#/assessments/P0001").await;
    window.wait_text("From 1 to 10; higher is better").await;
    window.type_into("#f-score", "11").await;
    window.click("form button[type=submit]").await;
    assert!(error_summary_has_focus(&window).await);
    assert!(open_core(&window).assessments(None).unwrap().is_empty());
    window.type_into("#f-score", "7").await;
    window.click("form button[type=submit]").await;
    window.wait_text("Score 7 on Confidence saved").await;
    assert_eq!(
        window
            .run("return document.querySelectorAll('.error-summary, .field-has-error, [aria-invalid]').length;")
            .await,
        0,
        "the refusal's error goes once the score is saved"
    );
    assert_eq!(open_core(&window).assessments(None).unwrap().len(), 1);

    // A story: refused without a title, then written with consent.
    window.go("#/stories/new").await;
    window.wait_text("Write up a story").await;
    window.click("form button[type=submit]").await;
    assert!(error_summary_has_focus(&window).await);
    assert!(open_core(&window).stories().unwrap().is_empty());
    window.type_into("#f-title", "Ada's first show").await;
    window.choose("#f-participant", "P0001").await;
    window
        .find("#f-consent")
        .await
        .send_keys(" ")
        .await
        .expect("space ticks the box");
    window
        .type_into("#f-difference", "She sang on her own.")
        .await;
    window.click("form button[type=submit]").await;
    window.wait_text("Story saved").await;
    let stories = open_core(&window).stories().unwrap();
    assert_eq!((stories.len(), stories[0].consent), (1, true));

    // Attaching a file: the open dialog is the desktop's own and cannot be
    // driven, so the test hands the window the path the dialog would give.
    let letter = window.data.path().join("letter.txt");
    std::fs::write(&letter, "Thank you for the show").unwrap();
    window.answer_dialog("open", &letter).await;
    window.click("section button.button-secondary").await;
    window.wait_text("letter.txt attached").await;
    window.wait_text("letter.txt (1 KB)").await;
    assert_eq!(open_core(&window).evidence_files().unwrap().len(), 1);
    window.screenshot().await;
    window.close().await;
}

#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn markup_typed_into_a_field_shows_as_typed_and_runs_nothing() {
    let window = Window::open("typed-markup", |db| seed(db, |_| {})).await;
    window.wait_text("This week").await;
    window
        .run("window.alert = () => { window.__alerted = true; };")
        .await;
    window.go("#/participant-new").await;
    window.wait_text("Add a child or adult").await;
    for field in ["#f-known_as", "#f-area", "#f-referral_source"] {
        window.type_into(field, ATTACK).await;
    }
    window.click("form button[type=submit]").await;
    window.wait_text("Change their record").await;
    let shown = window
        .run("return document.querySelector('main h1').textContent;")
        .await;
    assert_eq!(shown, ATTACK, "the name shows exactly as typed");
    let images = window
        .run("return document.querySelectorAll('img:not(header .brand img)').length;")
        .await;
    assert_eq!(images, 0, "no element was made from the typed text");
    let alerted = window.run("return Boolean(window.__alerted);").await;
    assert_eq!(alerted, false, "nothing ran");
    window.go("#/participants").await;
    window.wait_text(ATTACK).await;

    // The same in a story's text and the outcome log's note.
    window.go("#/stories/new").await;
    window.wait_text("Write up a story").await;
    for field in [
        "#f-title",
        "#f-situation",
        "#f-action",
        "#f-difference",
        "#f-quote",
    ] {
        window.type_into(field, ATTACK).await;
    }
    window.click("form button[type=submit]").await;
    window.wait_text("Story saved").await;
    window.wait_text(ATTACK).await;
    let images = window
        .run("return document.querySelectorAll('img:not(header .brand img)').length;")
        .await;
    assert_eq!(images, 0, "the story's text made no element");
    let story = &open_core(&window).stories().unwrap()[0];
    assert_eq!(
        (story.title.as_str(), story.quote.as_str()),
        (ATTACK, ATTACK),
        "kept exactly as typed"
    );
    let alerted = window.run("return Boolean(window.__alerted);").await;
    assert_eq!(alerted, false, "nothing ran");
    window.screenshot().await;
    window.close().await;
}

/// Every screen, looked at and checked by axe-core, at 1280 × 800 and at
/// 200 % zoom, on the sample.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn every_screen_passes_an_accessibility_check_at_both_sizes() {
    let axe = std::env::var("AXE_CORE")
        .expect("AXE_CORE names axe.min.js (cargo xtask test installs it)");
    let axe = std::fs::read_to_string(&axe).expect("axe-core is installed");
    let window = Window::open("screens", |_| {}).await;
    window
        .client
        .set_window_size(1280, 800)
        .await
        .expect("the window can be sized");
    window.wait_text("Welcome to Evident").await;
    // The check can fail: an image with no text alternative is found, and
    // a label whose id is used twice.
    window
        .run("const i = document.createElement('img'); i.id = 'no-alt'; i.src = 'data:,'; document.body.append(i);
              for (const n of [1, 2]) { const b = document.createElement('button'); b.id = 'twice'; b.className = 'planted';
                b.setAttribute('aria-labelledby', 'twice'); b.textContent = 'Planted'; document.body.append(b); }")
        .await;
    let mut planted = Vec::new();
    check_screen(&window, &axe, "planted-problem", &mut planted).await;
    assert!(
        planted.iter().any(|p| p.contains("image-alt")),
        "axe finds a planted problem: {planted:?}"
    );
    assert!(
        planted
            .iter()
            .any(|p| p.starts_with("planted-problem at 100%: duplicate-id")),
        "axe finds an id used twice: {planted:?}"
    );
    window
        .run("document.getElementById('no-alt').remove(); document.querySelectorAll('.planted').forEach(b => b.remove());")
        .await;
    let mut failures = Vec::new();
    check_screen(&window, &axe, "first-run", &mut failures).await;
    window.click("section.aside button").await;
    window.wait_text("Sample data.").await;
    window.wait_text("This week").await;
    let code = "P0001";
    for (name, hash, shows) in [
        ("home", "#/home", "This week"),
        ("register", "#/register", "Find someone to tick"),
        ("participants", "#/participants", "shown"),
        (
            "participant",
            &format!("#/participant/{code}") as &str,
            "Sessions attended",
        ),
        (
            "participant-edit",
            &format!("#/participant-edit/{code}"),
            "Consent",
        ),
        ("log", "#/log", "Outcome log"),
        ("assessments", "#/assessments", "Record a score"),
        ("stories", "#/stories", "Write up a story"),
        ("story", "#/stories/new", "What difference it made"),
        ("returns", "#/returns", "Before you send it"),
        ("agreements", "#/agreements", "Or from an example"),
        (
            "agreement",
            "#/agreement/NBC-CYP-01",
            "Its framework workbook",
        ),
        ("measure", "#/measure/NBC-YW-02/YW1", "year to date"),
        ("form", "#/form/NBC-CYP-01", "Choose a cell"),
        ("cashflow", "#/cashflow", "The money"),
        ("targets", "#/targets/NBC-YW-02", "Save the targets"),
        ("import", "#/import", "Choose the spreadsheet"),
        ("settings", "#/settings", "Where your records are"),
        ("help", "#/help", "Five steps to a first returns pack"),
        ("history", "#/history", "The latest 50 changes"),
        ("team", "#/team", "Add someone to the team"),
        ("feedback", "#/feedback", "Feedback to tie"),
    ] {
        window.go(hash).await;
        window.wait_text(shows).await;
        check_screen(&window, &axe, name, &mut failures).await;
    }
    // The dialogs, over the page of fields with the same names: the quick
    // log over the outcome log, a date's calendar over the score form.
    window.go("#/log").await;
    window.wait_text("Outcome log").await;
    window.click("#quick-log").await;
    window.wait_text("What changed for them").await;
    check_screen(&window, &axe, "quick-log", &mut failures).await;
    window
        .run("document.getElementById('quick-log-dialog').close();")
        .await;
    window.go("#/assessments").await;
    window.wait_text("Record a score").await;
    window.click("[data-field=date] .calendar-button").await;
    window.wait_text("Previous month").await;
    check_screen(&window, &axe, "calendar", &mut failures).await;
    assert!(
        failures.is_empty(),
        "axe-core found serious or critical problems:\n{}",
        failures.join("\n")
    );
    window.close().await;
}

/// Checks the screen the window shows with axe-core at 100 % and 200 %, and
/// fails on any serious or critical problem, and on any id used twice
/// (axe's duplicate-id rules, off or "to review" by default, are on here: a
/// label pointing at a field of the page behind a dialog is a real fault).
async fn assert_accessible(window: &Window, name: &str) {
    let axe = std::env::var("AXE_CORE")
        .expect("AXE_CORE names axe.min.js (cargo xtask test installs it)");
    let axe = std::fs::read_to_string(&axe).expect("axe-core is installed");
    let mut failures = Vec::new();
    check_screen(window, &axe, name, &mut failures).await;
    assert!(
        failures.is_empty(),
        "axe-core found serious or critical problems:\n{}",
        failures.join("\n")
    );
}

/// Ctrl and = pressed five times: the window's own zoom, 20 % a step, to 200 %.
const ZOOM_IN_TO_200: &str =
    "\u{E009}=\u{E000}\u{E009}=\u{E000}\u{E009}=\u{E000}\u{E009}=\u{E000}\u{E009}=\u{E000}";
/// Ctrl and 0: back to 100 %.
const ZOOM_RESET: &str = "\u{E009}0\u{E000}";

async fn check_screen(window: &Window, axe: &str, name: &str, failures: &mut Vec<String>) {
    for zoom in ["100%", "200%"] {
        if zoom == "200%" {
            window
                .find("body")
                .await
                .send_keys(ZOOM_IN_TO_200)
                .await
                .expect("zoom keys");
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
        let result = window
            .client
            .execute_async(
                &format!(
                    "const done = arguments[arguments.length - 1];
                     if (!window.axe) {{ {axe}\n }}
                     const twice = {{ enabled: true }};
                     axe.run(document, {{ resultTypes: ['violations', 'incomplete'],
                        rules: {{ 'duplicate-id': twice, 'duplicate-id-active': twice, 'duplicate-id-aria': twice }} }})
                        .then(r => done([...r.violations, ...r.incomplete]
                            .filter(v => v.id.startsWith('duplicate-id')
                                || (r.violations.includes(v) && (v.impact === 'serious' || v.impact === 'critical')))
                            .map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).join('; ') + ')')))
                        .catch(e => done(['axe failed: ' + e]));"
                ),
                vec![],
            )
            .await
            .expect("axe runs in the window");
        for v in result
            .as_array()
            .cloned()
            .expect("axe returns a list of problems")
        {
            failures.push(format!(
                "{name} at {zoom}: {}",
                v.as_str().unwrap_or_default()
            ));
        }
        let shot = window.screenshot().await;
        let suffix = if zoom == "100%" { "" } else { "-200" };
        let named = shot.with_file_name(format!("screen-{name}{suffix}.png"));
        std::fs::rename(&shot, &named).expect("the screenshot is kept");
    }
    window
        .find("body")
        .await
        .send_keys(ZOOM_RESET)
        .await
        .expect("zoom keys");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
}

/// A return at return time, on the demo's records: the measures shown are
/// the core's, a bad figure is refused and writes nothing, the narrative
/// and a story behind the curve are written, the pack is exported (its
/// Summary equals the core's measures) and marked submitted, a register is
/// corrected, and the change shows on the return.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_return_is_written_exported_submitted_and_a_later_change_shown() {
    const AGREEMENT: &str = evident::demo::NINE_MONTH_CONTRACT;
    const PERIOD: &str = "2025-26 Q4";
    let window = Window::open("return-time", |db| {
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
        .go(&format!("#/returns/{AGREEMENT}/2025-26%20Q4"))
        .await;
    window.wait_text("Return for 2025-26 Q4").await;

    // The figures shown are the core's.
    let report = evident::measures::report(&open_core(&window), AGREEMENT, PERIOD).unwrap();
    let shown = window
        .run("return [...document.querySelectorAll('table.measures tbody tr:not(.band)')].map(r => [r.querySelector('.code').textContent, r.cells[3].textContent]);")
        .await;
    let shown = shown.as_array().cloned().expect("the measures' rows");
    assert_eq!(shown.len(), report.rows.len());
    for row in &shown {
        let m = report
            .rows
            .iter()
            .find(|m| row[0] == m.code.as_str())
            .expect("a measure of the agreement");
        let text = row[1].as_str().unwrap_or_default().replace(['%', ','], "");
        match m.this_period {
            Some(v) => assert!(
                (text.parse::<f64>().expect("a number") - v).abs() < 0.051,
                "{}: shows {text}, the core has {v}",
                m.code
            ),
            None => assert_eq!(text, "n/a"),
        }
    }

    // A bad figure is refused and writes nothing.
    let finance_before = open_core(&window).finances(AGREEMENT).unwrap();
    window
        .type_into("#f-finance-staffing-budget", "ten pounds")
        .await;
    window.click("#finance-lines button[type=submit]").await;
    assert!(error_summary_has_focus(&window).await);
    assert_eq!(
        open_core(&window).finances(AGREEMENT).unwrap(),
        finance_before
    );

    // The narrative and the story behind an amber measure's curve.
    window
        .type_into("#f-narrative-0", "Twelve young people ran the spring fair.")
        .await;
    window
        .click("#narrative-successes button[type=submit]")
        .await;
    window.wait_text("Saved the answer to").await;
    window
        .type_into(
            "#f-curve-yw3-story",
            "Two tenant families moved away in February.",
        )
        .await;
    window.click("#curve-yw3 button[type=submit]").await;
    window.wait_text("Saved the notes for YW3").await;
    let narrative = open_core(&window).narrative(AGREEMENT, PERIOD).unwrap();
    assert_eq!(
        narrative.answers[0].1,
        "Twelve young people ran the spring fair."
    );
    assert!(narrative
        .curves
        .iter()
        .any(|c| c.code == "YW3" && c.story.starts_with("Two tenant")));

    // Export: the save dialog is the desktop's own, so the test hands the
    // window the path the dialog would give.
    let pack = window.data.path().join("sent-DRAFT.zip");
    window.answer_dialog("save", &pack).await;
    window.click("#export button[type=submit]").await;
    window.wait_text("The pack is saved").await;
    assert_summary_is_the_cores(&pack, &report);

    window
        .click("#export .button-row .button:not(.button-secondary)")
        .await;
    window.wait_text("Nothing has changed since").await;
    assert_eq!(
        open_core(&window)
            .submissions(AGREEMENT)
            .unwrap()
            .iter()
            .filter(|s| s.period == PERIOD)
            .count(),
        1
    );

    // A register is corrected: one young person did not come after all.
    let session = open_core(&window)
        .sessions(&evident::store::SessionQuery {
            programme: Some("Youth club".into()),
            from: Some(chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
            to: Some(chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()),
        })
        .unwrap()
        .pop()
        .expect("a youth club session in March");
    window
        .go(&format!("#/register/Youth%20club/{}", session.date))
        .await;
    // The refused budget is still typed in: leaving asks first.
    leave_without_saving(&window).await;
    window.wait_text("This register was taken before").await;
    window.click(".register-list input:checked").await;
    window.click("#register-filter").await;
    window.keys(CTRL_ENTER).await;
    window.wait_text("Register saved").await;
    window
        .go(&format!("#/returns/{AGREEMENT}/2025-26%20Q4"))
        .await;
    window
        .wait_text("Figures that have changed since it was submitted")
        .await;
    window.screenshot().await;
    window.close().await;
}

/// An agreement is set up from the funder's workbook: a workbook with a bad
/// date is listed by sheet, row and column and writes nothing; the corrected
/// one is checked, then set up.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn an_agreement_is_set_up_from_a_workbook_once_its_problems_are_put_right() {
    let window = Window::open("framework", |db| seed(db, |_| {})).await;
    let mut framework = evident::framework::Framework::from_toml(include_str!(
        "../../../assets/frameworks/trust-grant.toml"
    ))
    .unwrap();
    let good = window.data.path().join("trust.xlsx");
    std::fs::write(&good, framework.to_xlsx().unwrap()).unwrap();
    framework.agreement.start_date = "31/02/2026".into();
    let bad = window.data.path().join("trust-bad.xlsx");
    std::fs::write(&bad, framework.to_xlsx().unwrap()).unwrap();

    window.go("#/agreements").await;
    window
        .wait_text("Set one up from the funder's workbook")
        .await;
    window.answer_dialog("open", &bad).await;
    window.click("main form button[type=submit]").await;
    let text = window.wait_text("to put right in the file").await;
    assert!(text.contains("trust-bad.xlsx, sheet Agreement"), "{text}");
    assert!(text.contains("Start date"), "the column is named: {text}");
    assert!(
        open_core(&window).agreements(true).unwrap().is_empty(),
        "nothing written"
    );

    window.answer_dialog("open", &good).await;
    window.click("main form button[type=submit]").await;
    window
        .wait_text("This would set up agreement HCT-2026-114 (new)")
        .await;
    assert!(
        open_core(&window).agreements(true).unwrap().is_empty(),
        "a dry run writes nothing"
    );
    window.click(".inset button").await;
    window.wait_text("Its framework workbook").await;
    let core = open_core(&window);
    assert_eq!(core.agreements(false).unwrap().len(), 1);
    assert_eq!(core.measures("HCT-2026-114").unwrap().len(), 9);

    // A milestone: a bad date is refused; then it is added.
    window
        .type_into("#f-milestone-title", "Summer trip run")
        .await;
    window
        .click("#f-milestone-title ~ button, main form.form-inline button[type=submit]")
        .await;
    assert!(error_summary_has_focus(&window).await, "no due date given");
    window
        .run("const f = document.querySelector('#f-milestone-due'); f.value = '2026-08-31';")
        .await;
    window
        .click("main form.form-inline button[type=submit]")
        .await;
    window.wait_text("Added Summer trip run").await;
    assert_eq!(
        open_core(&window).milestones("HCT-2026-114").unwrap()[0]
            .due_date
            .to_string(),
        "2026-08-31"
    );

    // A measure added with the picker: its figure shows as it is chosen.
    window.go("#/measure/HCT-2026-114/new").await;
    window.wait_text("What it counts").await;
    window.click("#f-calc-sessions").await;
    window.wait_text("this period,").await;
    window.type_into("#f-code", "HC10").await;
    window.type_into("#f-title", "Sessions run").await;
    window.click("main form button[type=submit]").await;
    window.wait_text("Saved HC10").await;
    let added = open_core(&window).measure("HCT-2026-114", "HC10").unwrap();
    assert_eq!(added.calculation, evident::records::Calculation::Sessions);

    // Targets as a grid: a bad cell is named and nothing is kept.
    window.go("#/targets/HCT-2026-114").await;
    window.wait_text("Save the targets").await;
    window
        .type_into("input[aria-label='HC10 target for 2026-27']", "about ten")
        .await;
    window
        .type_into("input[aria-label='T1 target for 2026-27']", "40")
        .await;
    window.click("main form button[type=submit]").await;
    assert!(error_summary_has_focus(&window).await);
    assert!(window.body_text().await.contains("HC10 2026-27"));
    assert!(open_core(&window)
        .measure("HCT-2026-114", "T1")
        .unwrap()
        .targets
        .get("2026-27")
        .is_none_or(|t| *t != 40.0));
    window
        .type_into("input[aria-label='HC10 target for 2026-27']", "10")
        .await;
    window.click("main form button[type=submit]").await;
    window.wait_text("Saved 2 targets").await;
    let core = open_core(&window);
    assert_eq!(
        core.measure("HCT-2026-114", "HC10")
            .unwrap()
            .targets
            .get("2026-27"),
        Some(&10.0)
    );
    assert_eq!(
        core.measure("HCT-2026-114", "T1")
            .unwrap()
            .targets
            .get("2026-27"),
        Some(&40.0)
    );
    window.screenshot().await;
    window.close().await;
}

/// A register kept as a grid is imported after a dry run: a mark Evident
/// does not read is named by its cell and nothing is written; the example
/// grid's plan lists its sessions and new children, and importing it adds
/// them.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_register_kept_as_a_grid_is_imported_after_a_dry_run() {
    let window = Window::open("import-register", |db| seed(db, youth_club)).await;
    let grid = Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/examples/register-names.csv");
    let bad = window.data.path().join("grid-bad.csv");
    std::fs::write(&bad, "Name,2025-09-02,2025-09-09\nAmara Okafor,x,?\n").unwrap();
    window.go("#/import").await;
    window.wait_text("A register kept as a grid").await;
    window.choose("#grid-form #f-programme", "Youth club").await;
    window.type_into("#f-start_time", "16:00").await;
    window.type_into("#f-duration_minutes", "90").await;
    window.answer_dialog("open", &bad).await;
    window.click("#grid-form button[type=submit]").await;
    window.wait_text("C2").await;
    assert!(
        open_core(&window).participants(true).unwrap().is_empty(),
        "a refused grid writes nothing"
    );

    window.answer_dialog("open", &grid).await;
    window.click("#grid-form button[type=submit]").await;
    window.wait_text("3 sessions to add").await;
    window.wait_text("Grace Hughes").await;
    window.screenshot().await;
    window.click("#grid-form .inset button").await;
    window.wait_text("Imported register-names.csv").await;
    let store = open_core(&window);
    assert_eq!(store.participants(true).unwrap().len(), 3);
    let sessions = store.sessions(&Default::default()).unwrap();
    assert_eq!(sessions.len(), 3);
    assert_eq!(sessions.iter().map(|s| s.attendees.len()).sum::<usize>(), 6);
    window.close().await;
}

/// Spreadsheets are imported after a dry run: a CSV with a bad date lists
/// its problem by row and column and writes nothing; corrected, it adds its
/// people; a workbook of sessions is imported; the same file twice adds
/// nothing.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn spreadsheets_are_imported_after_a_dry_run() {
    let window = Window::open("import", |db| seed(db, youth_club)).await;
    let dir = window.data.path();
    let bad = dir.join("people-bad.csv");
    std::fs::write(
        &bad,
        "code,known_as,date_of_birth\nP0001,Amara,31/02/2014\nP0002,Ben,2013-05-01\n",
    )
    .unwrap();
    let good = dir.join("people.csv");
    std::fs::write(
        &good,
        "code,known_as,date_of_birth\nP0001,Amara,01/02/2014\nP0002,Ben,2013-05-01\n",
    )
    .unwrap();
    let sessions = dir.join("sessions.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, head) in ["session_ref", "programme", "date", "duration_minutes"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *head).unwrap();
    }
    for (row, (reference, date)) in [("YC-1", "2026-03-05"), ("YC-2", "2026-03-12")]
        .iter()
        .enumerate()
    {
        let row = row as u32 + 1;
        sheet.write_string(row, 0, *reference).unwrap();
        sheet.write_string(row, 1, "Youth club").unwrap();
        sheet.write_string(row, 2, *date).unwrap();
        sheet.write_number(row, 3, 120).unwrap();
    }
    book.save(&sessions).unwrap();

    window.go("#/import").await;
    window.wait_text("What the spreadsheet holds").await;
    window.answer_dialog("open", &bad).await;
    window.click("main form button[type=submit]").await;
    let text = window.wait_text("to put right in the file").await;
    assert!(
        text.contains("date_of_birth") && text.contains("31/02/2014"),
        "{text}"
    );
    assert!(
        open_core(&window).participants(true).unwrap().is_empty(),
        "nothing written"
    );

    window.answer_dialog("open", &good).await;
    window.click("main form button[type=submit]").await;
    window.wait_text("2 to add").await;
    window.click(".inset button").await;
    window.wait_text("Imported people.csv: 2 added").await;
    assert_eq!(open_core(&window).participants(true).unwrap().len(), 2);
    window.click("main form button[type=submit]").await;
    window.wait_text("there is nothing to import").await;

    window.choose("#f-kind", "sessions").await;
    window.answer_dialog("open", &sessions).await;
    window.click("main form button[type=submit]").await;
    window.wait_text("2 to add").await;
    window.click(".inset button").await;
    window.wait_text("Imported sessions.xlsx: 2 added").await;
    assert_eq!(
        open_core(&window)
            .sessions(&Default::default())
            .unwrap()
            .len(),
        2
    );
    window.screenshot().await;
    window.close().await;
}

/// Restoring from Settings: a damaged file is refused and the records are
/// untouched; a good backup replaces them, after what was there is backed up.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_damaged_backup_is_refused_and_a_good_one_restored_from_settings() {
    let window = Window::open("restore", |db| {
        seed(db, |store| {
            child(store, "Amara");
        })
    })
    .await;
    let damaged = window.data.path().join("damaged.db");
    std::fs::write(&damaged, b"SQLite format 3\0 this is not a database at all").unwrap();
    window.go("#/settings").await;
    window.wait_text("Where your records are").await;
    window
        .run("[...document.querySelectorAll('main button')].find(b => b.textContent === 'Back up now').click();")
        .await;
    window.wait_text("Backed up to").await;
    child(&mut open_core(&window), "Ben");
    let before = driver::fingerprint(&window.database());

    window.answer_dialog("open", &damaged).await;
    window
        .run("[...document.querySelectorAll('main button')].find(b => b.textContent.startsWith('Restore from another file')).click();")
        .await;
    window.wait_text("Replace your records?").await;
    window.click("dialog button[type=submit]").await;
    assert!(error_summary_has_focus(&window).await);
    let text = window.body_text().await;
    assert!(text.contains("damaged.db"), "the file is named: {text}");
    assert_eq!(
        before,
        driver::fingerprint(&window.database()),
        "the records are untouched"
    );
    window
        .run("document.querySelector('dialog').close();")
        .await;

    window.go("#/help").await;
    window.wait_text("Five steps").await;
    window.go("#/settings").await;
    window.wait_text("Backups, newest first").await;
    window
        .run("[...document.querySelectorAll('main button')].find(b => b.textContent === 'Restore this one' && b.getAttribute('aria-label').includes('manual')).click();")
        .await;
    window.wait_text("Replace your records?").await;
    window.click("dialog button[type=submit]").await;
    window
        .wait_text("Restored: these are now the records of Hillside Play")
        .await;
    let core = open_core(&window);
    let names: Vec<String> = core
        .participants(true)
        .unwrap()
        .into_iter()
        .map(|p| p.known_as)
        .collect();
    assert_eq!(
        names,
        ["Amara"],
        "the backup's records, from before Ben was added"
    );
    assert!(
        core.backups()
            .unwrap()
            .iter()
            .any(|b| b.to_string_lossy().contains("before-restore")),
        "what was there was backed up first"
    );
    window.screenshot().await;
    window.close().await;
}

/// Records damaged between two days (half the file lost) do not open: the
/// window says so, offers the newest backup, and restoring it brings the
/// records back, the damaged file kept aside.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn damaged_records_at_start_are_mended_from_the_newest_backup() {
    let window = Window::open("damaged-at-start", |db| {
        seed(db, |store| {
            child(store, "Amara");
            store
                .backup_into_rotation(
                    Local::now().naive_local(),
                    evident::store::BackupReason::Manual,
                )
                .expect("a backup");
        });
        let bytes = std::fs::read(db).unwrap();
        std::fs::write(db, &bytes[..bytes.len() / 2]).unwrap();
    })
    .await;
    window.wait_text("Evident cannot open its records").await;
    assert_accessible(&window, "cannot-open").await;
    let text = window.body_text().await;
    assert!(
        text.contains("damaged") && text.contains("Backups are in"),
        "{text}"
    );
    assert!(text.contains("The newest backup is evident-"), "{text}");
    window.screenshot().await;
    window
        .run("[...document.querySelectorAll('main button')].find(b => b.textContent === 'Restore the newest backup').click();")
        .await;
    window.wait_text("Restored from evident-").await;
    window.wait_text("Hillside Play").await;
    let core = open_core(&window);
    let names: Vec<String> = core
        .participants(false)
        .unwrap()
        .into_iter()
        .map(|p| p.known_as)
        .collect();
    assert_eq!(names, ["Amara"]);
    let aside = std::fs::read_dir(Store::backup_folder_for(&window.database()))
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().ends_with("-damaged.db"));
    assert!(aside, "the damaged file is kept aside");
    window.close().await;
}

/// A parent asks what is held about their child, then for it to be erased:
/// the child's page exports everything held about them (a workbook and
/// JSON), and anonymises them; every figure stays, the name goes.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_subject_access_export_and_an_anonymising_from_the_childs_page() {
    let window = Window::open("privacy", |db| {
        seed(db, |store| {
            child(store, "Amara Okafor");
            child(store, "Ben Ince");
        })
    })
    .await;
    window.go("#/participant/P0001").await;
    window.wait_text("Their data").await;
    let out = window.data.path().join("subject-access-P0001.xlsx");
    window.answer_dialog("save", &out).await;
    window
        .run("[...document.querySelectorAll('main button')].find(b => b.textContent === 'Everything held about them').click();")
        .await;
    window.wait_text("subject-access-P0001.json").await;
    let held: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.with_extension("json")).unwrap()).unwrap();
    assert_eq!(held["participant"]["known_as"], "Amara Okafor");
    assert!(out.is_file(), "the workbook is written too");

    window
        .run("[...document.querySelectorAll('main button')].find(b => b.textContent === 'Erase their records…').click();")
        .await;
    window.wait_text("Erase Amara Okafor?").await;
    let text = window.body_text().await;
    assert!(
        text.contains("Anonymise:") && text.contains("Delete completely:"),
        "both ways are explained: {text}"
    );
    window.screenshot().await;
    window.click("dialog button[type=submit]").await;
    window.wait_text("Anonymised on").await;
    let core = open_core(&window);
    assert_eq!(core.participant("P0001").unwrap().known_as, "Anonymised");
    assert_eq!(core.participant("P0002").unwrap().known_as, "Ben Ince");
    let log = core.privacy_log().unwrap();
    assert_eq!(
        log.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(),
        ["anonymised", "subject-access export"]
    );
    window.go("#/settings").await;
    window.wait_text("Privacy log").await;
    window.close().await;
}

/// A coordinator locks the records with a passphrase from Settings; the
/// next morning the app asks for it, refuses a wrong one (the file
/// untouched) and opens with the right one; left alone, it closes them.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_passphrase_locks_the_records_and_opens_them_the_next_day() {
    const PASSPHRASE: &str = "blue kettle morning";
    let window = Window::open("lock", |db| {
        seed(db, |store| {
            child(store, "Amara Okafor");
        })
    })
    .await;
    window.go("#/settings").await;
    window.wait_text("Lock the records").await;
    window.type_into("#f-passphrase", PASSPHRASE).await;
    window.type_into("#f-again", PASSPHRASE).await;
    window.click("#lock-form button[type=submit]").await;
    assert!(
        error_summary_has_focus(&window).await,
        "locking is refused until the warning is ticked"
    );
    window.click("#f-understood").await;
    window.type_into("#f-passphrase", PASSPHRASE).await;
    window.type_into("#f-again", PASSPHRASE).await;
    window.click("#lock-form button[type=submit]").await;
    window
        .wait_text("Locked: the records and their backups")
        .await;
    let database = window.database();
    assert!(
        !std::fs::read(&database)
            .unwrap()
            .windows(5)
            .any(|w| w == b"Amara"),
        "the file holds no name"
    );

    let window = window.restart().await;
    window.wait_text("Your records are locked").await;
    assert_accessible(&window, "locked").await;
    let before = evident::evidence::sha256(&std::fs::read(&database).unwrap());
    window
        .type_into("#f-passphrase", "blue kettle evening")
        .await;
    window.click("#unlock-form button[type=submit]").await;
    window
        .wait_text("not the one these records are locked with")
        .await;
    assert_eq!(
        before,
        evident::evidence::sha256(&std::fs::read(&database).unwrap()),
        "a wrong passphrase leaves the file untouched"
    );
    window.screenshot().await;
    window.type_into("#f-passphrase", PASSPHRASE).await;
    window.click("#unlock-form button[type=submit]").await;
    window.wait_text("Hillside Play").await;
    window.go("#/participants").await;
    window.wait_text("Amara Okafor").await;
    // Left alone past the idle time (shortened here to about a second), the
    // records close and the passphrase is asked for again.
    window
        .run("localStorage.setItem('evident.lockAfterMinutes', '0.02'); window.dispatchEvent(new KeyboardEvent('keydown'));")
        .await;
    window.wait_text("Your records are locked").await;
    assert!(
        !window.body_text().await.contains("Amara Okafor"),
        "nothing of the records shows once they close"
    );
    window.close().await;
}

/// The user's actions in a test: each click, each field typed into or
/// chosen, each key pressed to act, and each file chosen in a dialog.
struct Actions<'a> {
    window: &'a Window,
    count: std::cell::Cell<u32>,
}

impl<'a> Actions<'a> {
    fn new(window: &'a Window) -> Actions<'a> {
        Actions {
            window,
            count: std::cell::Cell::new(0),
        }
    }
    fn one(&self) {
        self.count.set(self.count.get() + 1);
    }
    async fn click(&self, css: &str) {
        self.one();
        self.window.click(css).await;
    }
    async fn click_text(&self, text: &str) {
        self.one();
        self.window.click_text(text).await;
    }
    async fn type_into(&self, css: &str, text: &str) {
        self.one();
        self.window.type_into(css, text).await;
    }
    async fn choose(&self, css: &str, value: &str) {
        self.one();
        self.window.choose(css, value).await;
    }
    async fn keys(&self, keys: &str) {
        self.one();
        self.window.keys(keys).await;
    }
    /// Picks a file in the desktop's own open (or save) dialog: the test
    /// hands the window the path the dialog would give.
    async fn pick_file(&self, dialog: &str, path: &Path) {
        self.one();
        self.window.answer_dialog(dialog, path).await;
    }
}

/// A whole quarter as a new organisation would do it, counting the user's
/// actions: first run; an agreement from the funder's workbook; children
/// from a CSV and sessions from a workbook; a register taken from the
/// return's own check; an outcome logged; the narrative and the story behind
/// a red measure's curve; the money entered once; the pack exported once it
/// is said who prepared it (its Summary equal to the core's measures) and
/// marked submitted; a register for next week refused; a register
/// corrected; Home naming the return sent that has changed, and the change
/// shown on the return.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_whole_quarter_as_a_new_organisation_would_do_it() {
    const AGREEMENT: &str = "NBC-EH-2026";
    const PERIOD: &str = "2026-27 Q2";
    let window = Window::open("whole-quarter", |_| {}).await;
    let dir = window.data.path().to_path_buf();
    let workbook = dir.join("council.xlsx");
    let framework = evident::framework::Framework::from_toml(include_str!(
        "../../../assets/frameworks/council-childrens-services.toml"
    ))
    .unwrap();
    std::fs::write(&workbook, framework.to_xlsx().unwrap()).unwrap();
    let people = dir.join("children.csv");
    std::fs::write(
        &people,
        "code,known_as,date_of_birth,gender,consent_date\n\
         P0001,Amara Jones,2016-03-02,Girl or woman,2026-04-10\n\
         P0002,Ben Smith,2015-09-14,Boy or man,2026-04-10\n\
         P0003,Chloe Ahmed,2017-01-20,Girl or woman,2026-04-12\n",
    )
    .unwrap();
    let sessions = dir.join("sessions.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, head) in ["session_ref", "programme", "date", "duration_minutes"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *head).unwrap();
    }
    for (row, date) in ["2026-07-06", "2026-07-13"].iter().enumerate() {
        let row = row as u32 + 1;
        sheet.write_string(row, 0, format!("ASC-{row}")).unwrap();
        sheet.write_string(row, 1, "After-school club").unwrap();
        sheet.write_string(row, 2, *date).unwrap();
        sheet.write_number(row, 3, 120).unwrap();
    }
    book.save(&sessions).unwrap();
    let pack = dir.join("sent-DRAFT.zip");
    let user = Actions::new(&window);

    // First run.
    window.wait_text("Welcome to Evident").await;
    user.type_into("#f-name", "Hillside Play").await;
    user.click("form button[type=submit]").await;
    window.wait_text("This week").await;

    // The agreement, from the funder's workbook.
    user.click_text("Agreements").await;
    window
        .wait_text("Set one up from the funder's workbook")
        .await;
    user.pick_file("open", &workbook).await;
    user.click_text("Choose the funder's workbook").await;
    window
        .wait_text("This would set up agreement NBC-EH-2026 (new)")
        .await;
    user.click_text("Set it up").await;
    window.wait_text("Its framework workbook").await;

    // Children from a CSV, sessions from a workbook.
    user.click_text("Import").await;
    window.wait_text("What the spreadsheet holds").await;
    user.pick_file("open", &people).await;
    user.click_text("Choose the spreadsheet").await;
    window.wait_text("3 to add").await;
    user.click_text("Import it").await;
    window.wait_text("Imported children.csv: 3 added").await;
    user.choose("#f-kind", "sessions").await;
    user.pick_file("open", &sessions).await;
    user.click_text("Choose the spreadsheet").await;
    window.wait_text("2 to add").await;
    user.click_text("Import it").await;
    window.wait_text("Imported sessions.xlsx: 2 added").await;

    // The return: it opens on the quarter that ran (the one before ran
    // nothing); its check lists the sessions with no register, each a link
    // to that register.
    user.click_text("Returns").await;
    window.wait_text("Return for 2026-27 Q2").await;
    user.click("a[href='#/register/After-school%20club/2026-07-06']")
        .await;
    window.wait_text("Find someone to tick").await;
    for name in ["Ama", "Ben", "Chl"] {
        user.type_into("#register-filter", name).await;
        user.keys(ENTER).await;
    }
    window.wait_text("3 ticked").await;
    user.keys(CTRL_ENTER).await;
    window.wait_text("Register saved: 3 named").await;

    // An outcome logged.
    user.click("#quick-log").await;
    window.wait_text("What changed for them").await;
    user.choose("#quick-log-participant", "P0001").await;
    user.choose("#quick-log-outcome", "More confident").await;
    user.click("#quick-log-dialog button[type=submit]").await;
    window.wait_text("Logged: More confident for P0001").await;

    // The narrative and the story behind a red measure's curve: Returns
    // opens the return being worked on.
    user.click_text("Returns").await;
    window.wait_text("Return for 2026-27 Q2").await;
    let report = evident::measures::report(&open_core(&window), AGREEMENT, PERIOD).unwrap();
    let red = report
        .rows
        .iter()
        .find(|r| r.status == Some(evident::measures::Status::Red))
        .expect("a red measure with three children against a target of 45");
    let heading = open_core(&window).agreement(AGREEMENT).unwrap().headings[0]
        .heading
        .clone();
    user.type_into(
        "#f-narrative-0",
        "Three children came to the first two clubs.",
    )
    .await;
    user.click_text(&format!("Save “{heading}”")).await;
    window.wait_text("Saved the answer").await;
    let curve = format!("curve-{}", red.code.to_lowercase());
    user.type_into(
        &format!("#f-{curve}-story"),
        "The club opened in July; referrals take a term to build.",
    )
    .await;
    user.click(&format!("#{curve} button[type=submit]")).await;
    window
        .wait_text(&format!("Saved the notes for {}", red.code))
        .await;

    // The money, entered once: three lines, one Save.
    for (heading, budget, spent) in [
        ("staffing", "1200", "1100"),
        ("premises", "300", "300"),
        ("activities-and-materials", "150", "95.50"),
    ] {
        user.type_into(&format!("#f-finance-{heading}-budget"), budget)
            .await;
        user.type_into(&format!("#f-finance-{heading}-actual"), spent)
            .await;
    }
    user.click_text("Save the money").await;
    window.wait_text("Saved the money for this period").await;
    assert_eq!(open_core(&window).finances(AGREEMENT).unwrap().len(), 3);

    // Exported, checked against the core, and marked submitted: nobody is
    // named as the contact, so the export asks who prepared it.
    user.pick_file("save", &pack).await;
    user.click_text("Export the pack").await;
    window.wait_text("say who prepared this return").await;
    user.type_into("#f-prepared-by", "Sam Okafor").await;
    user.click_text("Export the pack").await;
    window.wait_text("The pack is saved").await;
    let report = evident::measures::report(&open_core(&window), AGREEMENT, PERIOD).unwrap();
    assert_summary_is_the_cores(&pack, &report);
    user.click_text("Mark it submitted with this pack").await;
    window.wait_text("Nothing has changed since").await;

    // A register for a day to come is refused.
    user.click_text("Take a register").await;
    window.wait_text("Find someone to tick").await;
    let next_week = (Local::now().date_naive() + chrono::Days::new(7))
        .format("%d/%m/%Y")
        .to_string();
    user.type_into("#f-date", &next_week).await;
    user.click_text("Open the register").await;
    window
        .wait_text(&format!("{next_week} is after today"))
        .await;

    // A register corrected: Ben did not come after all.
    user.type_into("#f-date", "06/07/2026").await;
    user.click_text("Open the register").await;
    window.wait_text("This register was taken before").await;
    user.type_into("#register-filter", "Ben").await;
    user.keys(ENTER).await;
    window.wait_text("2 ticked").await;
    user.keys(CTRL_ENTER).await;
    window.wait_text("Register saved: 2 named").await;

    // The change shows on the return, which opens again as it has changed
    // since it was sent.
    user.click_text("Home").await;
    window
        .wait_text("2026-27 Q2 changed since you sent it:")
        .await;
    user.click("a[href='#/returns/NBC-EH-2026/2026-27%20Q2']")
        .await;
    window
        .wait_text("Figures that have changed since it was submitted")
        .await;
    println!("a whole quarter took {} user actions", user.count.get());
    window.screenshot().await;
    window.close().await;
}

/// A mistaken edit is seen in the history and undone from it.
#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_mistaken_edit_is_undone_from_the_history() {
    let window = Window::open("history", |db| {
        seed(db, |store| {
            let code = child(store, "Amara");
            ParticipantForm {
                area: Some("Wrong Ward".into()),
                ..Default::default()
            }
            .edit(store, &code, Local::now().date_naive())
            .unwrap();
        })
    })
    .await;
    window.go("#/history").await;
    let text = window.wait_text("area (empty) → Wrong Ward").await;
    assert!(text.contains("Amara (P0001) changed"), "{text}");
    window.click("main tbody tr:first-child button").await;
    window.wait_text("Undone: Amara (P0001) changed").await;
    assert_eq!(open_core(&window).participant("P0001").unwrap().area, "");
    window.screenshot().await;
    window.close().await;
}

#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn a_laptop_joins_from_another_and_they_swap_changes_from_settings() {
    // The office laptop, with a child, invites Sam's laptop from Settings
    // through a folder both can reach, and shows the join code.
    let shared = tempfile::tempdir().unwrap();
    let office = Window::open("join-office", |path| {
        seed(path, |store| {
            youth_club(store);
            child(store, "Robin");
        })
    })
    .await;
    office.go("#/settings").await;
    office.wait_text("Invite a laptop").await;
    office.answer_dialog("open", shared.path()).await;
    office
        .type_into("#invite-form input[name=name]", "Sam's laptop")
        .await;
    office.click("#invite-form button[type=submit]").await;
    office.wait_text("Join code for Sam's laptop").await;
    let code = office
        .run("return document.getElementById('join-code-value').textContent;")
        .await
        .as_str()
        .expect("the join code on the screen")
        .to_string();
    assert_eq!(code.len(), 14, "{code}");
    office.screenshot().await;
    let office_data = office.quit().await;
    let records = database_in(office_data.path());
    let joining = std::fs::read_dir(shared.path().join("Evident-sync").join("Hillside-Play"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "evident"))
        .expect("the joining file in the shared folder");
    let bytes = std::fs::read(&joining).unwrap();
    assert!(
        !bytes.windows(5).any(|w| w == b"Robin"),
        "the joining file is sealed"
    );

    // Sam's new laptop: a wrong code changes nothing; the right one joins.
    let window = Window::open("join", |_| {}).await;
    window
        .wait_text("Joining colleagues who already use Evident?")
        .await;
    window.answer_dialog("open", &joining).await;
    window.type_into("#f-join-code", "ABCD-EFGH-JKLM").await;
    window.click("#join-records").await;
    window.wait_text("join code does not open this file").await;
    window.type_into("#f-join-code", &code).await;
    window.click("#join-with-passphrase").await;
    window.wait_text("This week").await;
    window.wait_text("Hillside Play").await;
    assert!(!joining.exists(), "a joining file is used once");
    let mut first = Store::open(&records, Local::now().naive_local()).unwrap();

    // The office adds a child and sends; Sam gets it from Settings.
    child(&mut first, "Ada");
    evident::sync::send(&mut first, None, false, Local::now().naive_local()).unwrap();
    window.go("#/settings").await;
    window.wait_text("Several laptops").await;
    window.click("#get-changes").await;
    window.wait_text("From Office laptop: 1 participant.").await;
    assert_accessible(&window, "settings-several-laptops").await;

    // Sam adds a child: Home reminds them to send it.
    window.go("#/participant-new").await;
    window.wait_text("Add a child or adult").await;
    window.type_into("#f-known_as", "Nia").await;
    window.click("form button[type=submit]").await;
    window.wait_text("Change their record").await;
    window.go("#/").await;
    window
        .wait_text("This laptop has 1 change the other laptops have not had yet.")
        .await;
    window.screenshot().await;
    window.go("#/settings").await;
    window.click("#send-changes").await;
    window
        .wait_text("Sent: file 1 is in the shared folder.")
        .await;

    let got = evident::sync::get(&mut first, None, Local::now().naive_local()).unwrap();
    assert_eq!(got.applied.len(), 1, "{got:?}");
    let names: Vec<String> = first
        .participants(true)
        .unwrap()
        .into_iter()
        .map(|p| p.known_as)
        .collect();
    assert_eq!(names, ["Robin", "Ada", "Nia"]);
    window.close().await;
}
