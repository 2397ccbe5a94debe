//! What goes out is what was consented to (issue 25): a story goes out only
//! with the person's own consent to stories, its photos only with their
//! consent to photos, and a check names (by number) what was held back.
//! (That no hidden count can be worked out is held where breakdowns are
//! made: `measures::breakdown`'s tests, against a reader's brute force.)

use std::io::Read;

use evident::forms::{
    AssessmentForm, FeedbackTieForm, IndicatorForm, ParticipantForm, ProgrammeForm,
    SafeguardingForm, SessionForm, StoryForm, TeamMemberForm,
};
use evident::records::{Agreement, Attachment, Calculation, Measure};
use evident::{evidence, measures, pack, period_return};

use crate::support::{d, now, today, unzip, TestDb};

const AGREEMENT: &str = "YC-1";
const Q2: &str = "2026-27 Q2";

/// A youth club on one agreement counting its stories; Amara has consent
/// recorded but has not said yes to stories or photos; a story about her,
/// told with the story's own consent, with a photo; a story about no one.
fn club_with_stories() -> TestDb {
    let mut db = TestDb::youth_club(AGREEMENT, false);
    db.store
        .add_measure(&Measure {
            agreement: AGREEMENT.into(),
            code: "YC9".into(),
            title: "Stories told".into(),
            calculation: Calculation::Stories,
            unit: Calculation::Stories.unit(),
            ..Measure::default()
        })
        .unwrap();
    ParticipantForm {
        known_as: Some("Amara".into()),
        consent_date: Some("2026-04-10".into()),
        ..Default::default()
    }
    .add_to(&mut db.store, today())
    .unwrap();
    SessionForm {
        programme: Some("Youth club".into()),
        date: Some("2026-07-06".into()),
        duration_minutes: Some("90".into()),
        attendees: Some("P0001".into()),
        ..Default::default()
    }
    .add_to(&mut db.store, today())
    .unwrap();
    for (title, about) in [
        ("Amara's first show", Some("P0001")),
        ("The summer fair", None),
    ] {
        StoryForm {
            date: Some("2026-07-20".into()),
            title: Some(title.into()),
            programme: Some("Youth club".into()),
            participant: about.map(String::from),
            consent: Some("yes".into()),
            difference: Some("A first time on stage.".into()),
            ..Default::default()
        }
        .add_to(&mut db.store)
        .unwrap();
    }
    let photo = db.dir().join("show.jpg");
    std::fs::write(&photo, b"a photo of the show").unwrap();
    evidence::attach(&mut db.store, &photo, Attachment::Story { story: 1 }, now()).unwrap();
    db
}

fn export(db: &TestDb) -> Vec<(String, Vec<u8>)> {
    let out = db.dir().join(format!("pack-{}.zip", rand_suffix()));
    let out = pack::export(
        &db.store,
        AGREEMENT,
        Q2,
        &out,
        &pack::Options {
            prepared_by: "Sam Okafor".into(),
            now: now(),
        },
    )
    .unwrap()
    .path;
    unzip(&out)
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// The text of every cell of the workbook's sheet `name`.
fn sheet_text(files: &[(String, Vec<u8>)], name: &str) -> String {
    use calamine::{open_workbook_auto_from_rs, Reader};
    let (_, xlsx) = files.iter().find(|(n, _)| n.ends_with(".xlsx")).unwrap();
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(xlsx.clone())).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .used_cells()
        .map(|(_, _, c)| c.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn stories_told(db: &TestDb) -> Option<f64> {
    measures::report(&db.store, AGREEMENT, Q2).unwrap().rows[0].this_period
}

#[test]
fn a_story_goes_out_only_while_the_persons_own_record_says_yes_to_stories() {
    let mut db = club_with_stories();
    let files = export(&db);
    let stories = sheet_text(&files, "Stories");
    assert!(stories.contains("The summer fair"), "{stories}");
    assert!(
        !stories.contains("first show"),
        "told without Amara's consent: {stories}"
    );
    assert!(
        !files.iter().any(|(name, _)| name.starts_with("evidence/")),
        "nor its photo"
    );
    assert_eq!(
        stories_told(&db),
        Some(1.0),
        "the measure counts what goes out"
    );
    let quality = sheet_text(&files, "Data quality");
    assert!(
        quality.contains("story 1 (20/07/2026)"),
        "the check names it: {quality}"
    );
    assert!(
        !quality.contains("Amara"),
        "by number, never by name: {quality}"
    );
    let view = period_return::of(&db.store, AGREEMENT, Q2, today()).unwrap();
    let held = view
        .checks
        .iter()
        .find(|c| c.check.id == "stories_held_back")
        .unwrap();
    assert_eq!(held.labels, ["“Amara's first show”, about Amara (P0001)"]);

    // She says yes to stories: it goes out; her photo waits for her yes to photos.
    ParticipantForm {
        consent_stories: Some("yes".into()),
        ..Default::default()
    }
    .edit(&mut db.store, "P0001", today())
    .unwrap();
    let files = export(&db);
    assert!(sheet_text(&files, "Stories").contains("Amara's first show"));
    assert_eq!(stories_told(&db), Some(2.0));
    assert!(!files.iter().any(|(name, _)| name.starts_with("evidence/")));
    ParticipantForm {
        consent_photos: Some("yes".into()),
        ..Default::default()
    }
    .edit(&mut db.store, "P0001", today())
    .unwrap();
    let files = export(&db);
    assert!(files.iter().any(|(name, _)| name.starts_with("evidence/")));

    // Withdrawn: the next pack leaves it out again.
    ParticipantForm {
        consent_stories: Some("no".into()),
        ..Default::default()
    }
    .edit(&mut db.store, "P0001", today())
    .unwrap();
    assert!(!sheet_text(&export(&db), "Stories").contains("first show"));
}

#[test]
fn a_return_not_yet_approved_says_draft_everywhere_and_its_preparer_cannot_approve_it() {
    let mut db = club_with_stories();
    let folder = db.dir().join("packs");
    std::fs::create_dir(&folder).unwrap();
    let options = |name: &str| pack::Options {
        prepared_by: name.into(),
        now: now(),
    };
    let written = pack::export(&db.store, AGREEMENT, Q2, &folder, &options("Sam Okafor")).unwrap();
    let name = written
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    assert!(name.ends_with("-2026-27-Q2-DRAFT.zip"), "{name}");
    let files = export(&db);
    assert!(sheet_text(&files, "Cover").contains("DRAFT – not yet approved"));
    let (_, xlsx) = files.iter().find(|(n, _)| n.ends_with(".xlsx")).unwrap();
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(xlsx.clone())).unwrap();
    let sheets: Vec<String> = book
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .collect();
    assert_eq!(sheets.len(), 12);
    for sheet in &sheets {
        let mut xml = String::new();
        book.by_name(sheet)
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(
            xml.contains("DRAFT – not yet approved"),
            "{sheet}'s page header says draft"
        );
    }

    // The contact prepares returns: approving one is someone else's job.
    evident::forms::OrganisationForm {
        contact_name: Some("Sam Okafor".into()),
        ..Default::default()
    }
    .save(&mut db.store)
    .unwrap();
    db.refused("Sam Okafor is the contact for returns", |s| {
        evident::forms::ApprovalForm {
            name: Some("sam okafor".into()),
            role: Some("Coordinator".into()),
            ..Default::default()
        }
        .save(s, AGREEMENT, Q2, now())
    });
    db.refused("a second signatory needs both a name and a role", |s| {
        evident::forms::ApprovalForm {
            name: Some("Priya Shah".into()),
            role: Some("Chair of trustees".into()),
            second_name: Some("Daniel Owusu".into()),
            ..Default::default()
        }
        .save(s, AGREEMENT, Q2, now())
    });
    db.refused("Sam Okafor is the contact for returns", |s| {
        evident::forms::ApprovalForm {
            name: Some("Priya Shah".into()),
            role: Some("Chair of trustees".into()),
            second_name: Some("Sam Okafor".into()),
            second_role: Some("Coordinator".into()),
        }
        .save(s, AGREEMENT, Q2, now())
    });
    evident::forms::ApprovalForm {
        name: Some("Priya Shah".into()),
        role: Some("Chair of trustees".into()),
        second_name: Some("Daniel Owusu".into()),
        second_role: Some("Treasurer".into()),
    }
    .save(&mut db.store, AGREEMENT, Q2, now())
    .unwrap();
    let err = pack::export(&db.store, AGREEMENT, Q2, &folder, &options("Priya Shah")).unwrap_err();
    assert!(
        err.to_string().contains("Priya Shah approved this return"),
        "{err}"
    );
    let written = pack::export(&db.store, AGREEMENT, Q2, &folder, &options("")).unwrap();
    assert!(
        written.path.to_string_lossy().ends_with("-2026-27-Q2.zip"),
        "approved: no DRAFT"
    );
    let files = export(&db);
    let cover = sheet_text(&files, "Cover");
    assert!(!cover.contains("DRAFT"), "{cover}");
    assert!(cover.contains("Priya Shah"));
    assert!(
        cover.contains("Second signatory\nDaniel Owusu\nRole\nTreasurer"),
        "both signatories sign: {cover}"
    );
}

#[test]
fn the_cover_tells_safeguarding_in_counts_and_finance_splits_staffing_by_post() {
    let mut db = club_with_stories();
    let add = |db: &mut TestDb, form: TeamMemberForm| form.add_to(&mut db.store).unwrap();
    add(
        &mut db,
        TeamMemberForm {
            name: Some("Jo Baker".into()),
            role: Some("Youth work manager".into()),
            hours_a_week: Some("22.5".into()),
            post: Some("Youth worker (0.6)".into()),
            post_agreement: Some(AGREEMENT.into()),
            post_cost: Some("£18,000".into()),
            dbs_checked: Some("01/05/2024".into()),
            dbs_renewal: Some("01/05/2027".into()),
            safeguarding_lead: Some("yes".into()),
            ..Default::default()
        },
    );
    add(
        &mut db,
        TeamMemberForm {
            name: Some("Sam Lee".into()),
            role: Some("Session volunteer".into()),
            paid: Some("no".into()),
            dbs_checked: Some("10/01/2022".into()),
            dbs_renewal: Some("10/01/2025".into()),
            ..Default::default()
        },
    );
    db.refused("the renewal (01/01/2024) is before the check", |s| {
        TeamMemberForm {
            name: Some("Ali".into()),
            dbs_checked: Some("2025-01-01".into()),
            dbs_renewal: Some("2024-01-01".into()),
            ..Default::default()
        }
        .add_to(s)
    });
    db.refused("\"-1\" is not a whole number", |s| {
        SafeguardingForm {
            concerns: Some("-1".into()),
            ..Default::default()
        }
        .save(s, AGREEMENT, Q2)
    });
    // Who ran a session: its staff, volunteers and volunteer hours follow.
    let run = SessionForm {
        programme: Some("Youth club".into()),
        date: Some("2026-07-13".into()),
        duration_minutes: Some("90".into()),
        staff: Some("5".into()),
        team: Some("jo baker; Sam Lee".into()),
        ..Default::default()
    }
    .add_to(&mut db.store, today())
    .unwrap();
    assert_eq!(
        (
            run.team.clone(),
            run.staff,
            run.volunteers,
            run.volunteer_hours
        ),
        (
            vec!["Jo Baker".to_string(), "Sam Lee".to_string()],
            1,
            1,
            1.5
        )
    );
    assert_eq!(db.store.session(&run.reference).unwrap().team, run.team);
    db.refused("\"Kim\" is not on the team", |s| {
        SessionForm {
            team: Some("Kim".into()),
            ..Default::default()
        }
        .edit(s, &run.reference, today())
    });
    let files = export(&db);
    let cover = sheet_text(&files, "Cover");
    assert!(
        cover.contains("Figures\nNot recorded for this period"),
        "{cover}"
    );
    SafeguardingForm {
        concerns: Some("2".into()),
        referrals: Some("1".into()),
        incidents: Some("0".into()),
        allegations: Some("0".into()),
        policy_reviewed: Some("01/09/2026".into()),
    }
    .save(&mut db.store, AGREEMENT, Q2)
    .unwrap();
    let files = export(&db);
    let cover = sheet_text(&files, "Cover");
    for told in [
        "Concerns raised\n2",
        "Referrals to children's social care\n1",
        "DBS checks in date\n1 of 2 on the team at the end of the period",
        "Designated safeguarding lead\nYouth work manager",
    ] {
        assert!(cover.contains(told), "{told:?} in {cover}");
    }
    // The team's names stay on the laptop.
    let everything: String = ["Cover", "Finance", "Activity", "Summary"]
        .iter()
        .map(|sheet| sheet_text(&files, sheet))
        .collect();
    assert!(!everything.contains("Jo Baker") && !everything.contains("Sam Lee"));
    let finance = sheet_text(&files, "Finance");
    assert!(
        finance.contains("Youth worker (0.6)\n22.5\n4500\n9000"),
        "a quarter of £18,000 in Q2, two quarters to date: {finance}"
    );
}

/// The rows of the Participants sheet: age band, gender, ethnicity, area.
fn participant_rows(files: &[(String, Vec<u8>)]) -> Vec<[String; 4]> {
    use calamine::{open_workbook_auto_from_rs, Reader};
    let (_, xlsx) = files.iter().find(|(n, _)| n.ends_with(".xlsx")).unwrap();
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(xlsx.clone())).unwrap();
    let range = book.worksheet_range("Participants").unwrap();
    range
        .rows()
        .skip(1)
        .map(|r| [1, 2, 3, 4].map(|c| r.get(c).map(|v| v.to_string()).unwrap_or_default()))
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]
    /// With participant rows on, every combination of the rows' describing
    /// columns that says anything is shared by at least the threshold
    /// number of rows, and no value Demographics hides is in a row.
    #[test]
    fn participant_rows_pick_no_one_out_and_count_nothing_hidden(
        people in proptest::collection::vec((5u32..25, 0usize..3, 0usize..5, 0usize..4), 5..40),
    ) {
        let people: Vec<_> = people.into_iter().map(|(age, g, e, a)| (age, g, e, a, 2, 2)).collect();
        let db = TestDb::small_organisation(&people, &[]);
        let files = export(&db);
        let rows = participant_rows(&files);
        proptest::prop_assert_eq!(rows.len(), people.len());
        let mut sizes = std::collections::HashMap::new();
        for row in &rows {
            *sizes.entry(row.clone()).or_insert(0usize) += 1;
        }
        for (combination, n) in &sizes {
            if combination.iter().any(|v| !v.is_empty()) {
                proptest::prop_assert!(*n >= 5, "{:?} picks out {} rows", combination, n);
            }
        }
        let breakdown = measures::breakdowns(&db.store, AGREEMENT, Q2, measures::Span::ThisPeriod).unwrap();
        for (column, dimension) in [(0, "Age band"), (1, "Gender"), (2, "Ethnicity"), (3, "Area")] {
            let hidden: Vec<&str> = breakdown
                .demographics
                .iter()
                .filter(|d| d.name == dimension)
                .flat_map(|d| &d.categories)
                .filter(|c| c.shown != c.count.to_string())
                .map(|c| c.label.as_str())
                .collect();
            for row in &rows {
                proptest::prop_assert!(!hidden.contains(&row[column].as_str()), "{} {:?} is hidden on Demographics", dimension, row[column]);
            }
        }
    }
}

#[test]
fn a_programme_paid_for_by_two_agreements_is_named_on_both_covers() {
    let mut db = club_with_stories();
    db.store
        .add_agreement(&Agreement {
            reference: "CT-9".into(),
            funder: "City Trust".into(),
            title: "Families grant".into(),
            start_date: d(2026, 4, 1),
            end_date: d(2027, 3, 31),
            programmes: vec!["Youth club".into()],
            ..Agreement::default()
        })
        .unwrap();
    evident::forms::FinanceForm {
        heading: Some("Staffing".into()),
        budget: Some("2500".into()),
        actual: Some("2000".into()),
        note: None,
    }
    .save(&mut db.store, "CT-9", Q2)
    .unwrap();
    let council = export(&db);
    let cover = sheet_text(&council, "Cover");
    assert!(
        cover.contains("Youth club is also funded by City Trust (Families grant, CT-9), £2,000.00 spent in this period"),
        "{cover}"
    );
    let finance = sheet_text(&council, "Finance");
    assert!(
        finance.contains("City Trust (Families grant, CT-9), also paying for Youth club"),
        "{finance}"
    );
    assert!(!finance.contains("No other income recorded"), "{finance}");

    let out = db.dir().join("trust.xlsx");
    let out = pack::export(
        &db.store,
        "CT-9",
        Q2,
        &out,
        &pack::Options {
            prepared_by: "Sam Okafor".into(),
            now: now(),
        },
    )
    .unwrap()
    .path;
    let trust = vec![("returns.xlsx".to_string(), std::fs::read(&out).unwrap())];
    let cover = sheet_text(&trust, "Cover");
    assert!(
        cover.contains("Youth club is also funded by Council (Youth work, YC-1), its spend not recorded for this period"),
        "{cover}"
    );
}

/// The rating measure's value for `agreement` in Q2.
fn rated(db: &TestDb, agreement: &str) -> Option<f64> {
    measures::report(&db.store, agreement, Q2)
        .unwrap()
        .rows
        .iter()
        .find(|r| r.code == "R1")
        .and_then(|r| r.this_period)
}

#[test]
fn anonymous_feedback_counts_only_for_the_agreements_paying_for_its_programme() {
    let mut db = club_with_stories();
    ProgrammeForm {
        name: Some("Parents group".into()),
        ..Default::default()
    }
    .add_to(&mut db.store)
    .unwrap();
    db.store
        .add_agreement(&Agreement {
            reference: "PG-2".into(),
            funder: "City Trust".into(),
            title: "Families".into(),
            start_date: d(2026, 4, 1),
            end_date: d(2027, 3, 31),
            programmes: vec!["Parents group".into()],
            ..Agreement::default()
        })
        .unwrap();
    IndicatorForm {
        name: Some("Session rating".into()),
        min: Some("1".into()),
        max: Some("5".into()),
        ..Default::default()
    }
    .add_to(&mut db.store)
    .unwrap();
    for agreement in [AGREEMENT, "PG-2"] {
        db.store
            .add_measure(&Measure {
                agreement: agreement.into(),
                code: "R1".into(),
                title: "Sessions rated 4 or 5".into(),
                calculation: Calculation::PercentRatingAtLeast,
                indicator: Some("Session rating".into()),
                rating: Some(4.0),
                unit: Calculation::PercentRatingAtLeast.unit(),
                ..Measure::default()
            })
            .unwrap();
    }
    let club = db.store.sessions(&Default::default()).unwrap()[0]
        .reference
        .clone();
    let club = club.as_str();
    let card = |score: &str, date: &str, session: &str, programme: &str| AssessmentForm {
        indicator: Some("Session rating".into()),
        date: Some(date.into()),
        score: Some(score.into()),
        session: Some(session.into()),
        programme: Some(programme.into()),
        ..Default::default()
    };
    // Two cards handed in at the club's session, one at the parents' group,
    // one tied to nothing.
    for c in [
        card("5", "2026-07-06", club, ""),
        card("2", "2026-07-06", club, ""),
        card("1", "2026-07-08", "", "Parents group"),
        card("5", "2026-07-09", "", ""),
    ] {
        c.add_to(&mut db.store).unwrap();
    }
    assert_eq!(rated(&db, AGREEMENT), Some(50.0), "the club's 5 and 2");
    assert_eq!(rated(&db, "PG-2"), Some(0.0), "the parents' group's 1");

    // A card said to come from a session on a day it did not run is refused.
    db.refused("ran on 06/07/2026, not on 07/07/2026", |s| {
        card("4", "2026-07-07", club, "").add_to(s)
    });
    db.refused("is a Youth club session, not Parents group", |s| {
        card("4", "2026-07-06", club, "Parents group").add_to(s)
    });

    // The untied card counts nowhere, and the check names it for both.
    let checks = period_return::of(&db.store, AGREEMENT, Q2, today()).unwrap();
    let untied = checks
        .checks
        .iter()
        .find(|c| c.check.id == "feedback_untied")
        .unwrap();
    assert_eq!(
        untied.check.records,
        ["feedback card 4 (09/07/2026, Session rating)"]
    );
    assert_eq!(untied.links, [period_return::Link::Feedback]);

    // Tied (from the command line, as the app's Feedback to tie does), it
    // counts for the club's funder alone.
    let run = crate::support::evident(&db.path, &["assessment", "list", "--untied"]);
    assert!(
        run.ok && run.stdout.contains("Session rating"),
        "{}",
        run.stderr
    );
    db.refused("choose the session", |s| {
        FeedbackTieForm {
            cards: vec![4],
            ..Default::default()
        }
        .apply_to(s)
    });
    let run = crate::support::evident(
        &db.path,
        &["assessment", "tie", "4", "--programme", "Youth club"],
    );
    assert!(run.ok, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "tied 1 feedback card");
    assert_eq!(rated(&db, AGREEMENT), Some(200.0 / 3.0), "5, 2 and 5");
    assert_eq!(rated(&db, "PG-2"), Some(0.0));
    assert!(db.store.untied_feedback().unwrap().is_empty());
}
