//! The shell's commands run without a window: each is called on a mock app
//! holding an in-memory store (or a temp folder), proving the handlers do
//! their one core call and hand errors back as the core's.

use evident::forms::{LogEntryForm, OrganisationForm, ParticipantForm, SessionForm, StoryForm};
use evident::Store;
use evident_app::{commands, AppState};
use tauri::Manager;

fn app_with(state: AppState) -> tauri::App<tauri::test::MockRuntime> {
    let app = tauri::test::mock_app();
    app.manage(state);
    app
}

#[test]
fn a_volunteers_week_runs_through_the_commands_without_a_window() {
    let app = app_with(AppState::in_memory(Store::open_in_memory().unwrap()));
    let status = commands::week::status(app.state()).unwrap();
    assert!(!status.set_up, "a new database starts at the first run");
    let err = commands::week::participants(app.state(), false, None).unwrap_err();
    assert_eq!(err.kind(), "not_set_up");

    let org = commands::week::set_up(
        app.state(),
        OrganisationForm {
            name: Some("Hillside Play".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(org.name, "Hillside Play");
    assert!(commands::week::status(app.state()).unwrap().set_up);

    let robin = commands::week::add_participant(
        app.state(),
        ParticipantForm {
            known_as: Some("Robin".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let refused =
        commands::week::add_participant(app.state(), ParticipantForm::default()).unwrap_err();
    assert_eq!(
        serde_json::to_value(&refused).unwrap()["field"],
        "known_as",
        "the UI gets the field to mark"
    );
    app.state::<AppState>()
        .with(|s| {
            evident::forms::ProgrammeForm {
                name: Some("Play club".into()),
                ..Default::default()
            }
            .add_to(s)
        })
        .unwrap();
    let saved = commands::week::save_register(
        app.state(),
        None,
        SessionForm {
            programme: Some("Play club".into()),
            date: Some("2026-11-20".into()),
            duration_minutes: Some("90".into()),
            attendees: Some(robin.code.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    let sheet =
        commands::week::register_sheet(app.state(), "play club".into(), "2026-11-20".into())
            .unwrap();
    assert_eq!(
        sheet.session.as_ref().map(|s| &s.reference),
        Some(&saved.reference)
    );
    assert!(sheet.lines.iter().any(|l| l.code == robin.code && l.ticked));
    let corrected = commands::week::save_register(
        app.state(),
        Some(saved.reference.clone()),
        SessionForm {
            headcount: Some("3".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        corrected.reference, saved.reference,
        "a correction changes the same session"
    );
    assert_eq!(corrected.headcount, 3);

    app.state::<AppState>()
        .with(|s| {
            evident::forms::OutcomeForm {
                name: Some("More confident".into()),
                ..Default::default()
            }
            .add_to(s)
        })
        .unwrap();
    commands::week::add_log_entry(
        app.state(),
        LogEntryForm {
            participant: Some(robin.code.clone()),
            date: Some("2026-11-20".into()),
            outcome: Some("More confident".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let story = commands::week::add_story(
        app.state(),
        StoryForm {
            date: Some("2026-11-21".into()),
            title: Some("Robin's first show".into()),
            participant: Some(robin.code.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    let profile = commands::week::participant_profile(app.state(), robin.code.clone()).unwrap();
    assert_eq!(profile.attendance.len(), 1);
    assert_eq!(profile.log.len(), 1);
    assert_eq!(profile.stories[0].id, story.id);
    commands::week::archive_participant(app.state(), robin.code.clone(), true).unwrap();
    assert!(commands::week::participants(app.state(), false, None)
        .unwrap()
        .is_empty());
}

#[test]
fn the_sample_is_a_file_of_its_own_and_leaving_it_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("evident.db");
    let now = chrono::Local::now().naive_local();
    let app = app_with(AppState::open_at(&own, now).unwrap());
    commands::week::open_sample(app.state()).unwrap();
    let status = commands::week::status(app.state()).unwrap();
    assert!(
        status.sample && status.set_up,
        "the sample has its organisation"
    );
    assert!(
        !own.exists(),
        "exploring the sample creates no records of the organisation's"
    );
    assert!(!commands::week::next_returns(app.state())
        .unwrap()
        .is_empty());
    commands::week::leave_sample(app.state()).unwrap();
    let status = commands::week::status(app.state()).unwrap();
    assert!(!status.sample && !status.set_up, "back to the first run");
}

#[test]
fn every_command_is_handled_and_granted_and_nothing_else_is() {
    let handled: Vec<String> = include_str!("../src/lib.rs")
        .lines()
        .filter_map(|l| l.trim().strip_prefix("commands::"))
        .filter_map(|l| {
            l.trim_end_matches(',')
                .rsplit("::")
                .next()
                .map(str::to_string)
        })
        .collect();
    let named: Vec<String> = evident_app::COMMANDS
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(handled, named, "the handler and the list of commands agree");
    let capability: serde_json::Value =
        serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
    let granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    let mut wanted: Vec<String> = named
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    wanted.extend(
        [
            "dialog:allow-open",
            "dialog:allow-save",
            "core:webview:allow-set-webview-zoom",
        ]
        .map(String::from),
    );
    assert_eq!(
        granted, wanted,
        "the window is granted its commands, the open/save dialogs and page zoom, nothing more"
    );
}

#[test]
fn a_file_that_is_not_evidents_is_explained_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evident.db");
    std::fs::write(&path, "a shopping list, not a database").unwrap();
    let now = chrono::Local::now().naive_local();
    let status = AppState::open_or_explain(&path, now).status(now).unwrap();
    assert!(!status.set_up);
    let problem = status
        .problem
        .expect("a file that is not a database must not open");
    assert_eq!(problem.kind, "not_evident_database");
    assert_eq!(problem.newest_backup, None, "there are no backups to offer");
    let why = problem.why;
    assert!(why.contains("is not an Evident database"), "{why}");
    assert!(
        why.contains("Backups are in") && why.contains("Nothing was changed"),
        "the dialog says where the backups are and that nothing changed: {why}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "a shopping list, not a database",
        "the file is left as it was"
    );
}

#[test]
fn damaged_records_at_start_are_shown_and_the_newest_backup_restores_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evident.db");
    let now = chrono::Local::now().naive_local();
    {
        let mut store = Store::create(&path, now).unwrap();
        store
            .init_organisation(&evident::records::Organisation {
                name: "Hillside Play".into(),
                ..Default::default()
            })
            .unwrap();
        store
            .backup_into_rotation(now, evident::store::BackupReason::Manual)
            .unwrap();
    }
    // Half the file is lost (a failing disk, a copy cut short).
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();

    let app = app_with(AppState::open_or_explain(&path, now));
    let status = commands::week::status(app.state()).unwrap();
    let problem = status.problem.expect("damaged records do not open");
    assert_eq!(problem.kind, "damaged", "{}", problem.why);
    assert!(problem.why.contains("Backups are in"), "{}", problem.why);
    let newest = problem.newest_backup.expect("the backup is offered");
    assert!(newest.starts_with("evident-"), "{newest}");
    let refused = commands::week::set_up(
        app.state(),
        OrganisationForm {
            name: Some("A new organisation".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        refused.kind(),
        "cannot_write",
        "never set up over damaged records"
    );

    let restored = commands::week::restore_newest(app.state()).unwrap();
    assert_eq!(restored, newest);
    let status = commands::week::status(app.state()).unwrap();
    assert!(status.problem.is_none());
    assert_eq!(status.organisation.unwrap().name, "Hillside Play");
    let aside = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().ends_with("-damaged.db"));
    assert!(
        aside,
        "the damaged file is kept aside in the backups folder"
    );
}

#[test]
fn damage_the_days_check_finds_beside_the_window_closes_the_records_and_says_why() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("evident.db");
    let yesterday = chrono::Local::now().naive_local() - chrono::Days::new(1);
    {
        let mut store = Store::create(&path, yesterday).unwrap();
        OrganisationForm {
            name: Some("Hillside Play".into()),
            ..Default::default()
        }
        .set_up(&mut store)
        .unwrap();
        for i in 0..300 {
            ParticipantForm {
                known_as: Some(format!("Child {i} with a name long enough to fill pages")),
                ..Default::default()
            }
            .add_to(&mut store, yesterday.date())
            .unwrap();
        }
    }
    let mut bytes = std::fs::read(&path).unwrap();
    for x in &mut bytes[4096 * 3..4096 * 4] {
        *x = 0x5a;
    }
    std::fs::write(&path, bytes).unwrap();

    let app = app_with(AppState::open_or_explain(
        &path,
        chrono::Local::now().naive_local(),
    ));
    let opened = commands::week::status(app.state()).unwrap();
    if opened.problem.is_none() {
        // Opened at once; the day's check beside the window finds it.
        assert!(commands::week::take_daily_backup(app.state()));
    }
    let status = commands::week::status(app.state()).unwrap();
    let problem = status.problem.expect("the damage is said");
    assert_eq!(problem.kind, "damaged");
    assert!(
        !commands::week::take_daily_backup(app.state()),
        "checked once"
    );
}
