//! Every record's rules: what is accepted, and that bad input is refused with
//! a clear error that names the field, leaving the database as it was.

use evident::records::*;
use evident::store::{Archivable, List};

use crate::support::{d, today, TestDb};

fn agreement(reference: &str) -> Agreement {
    Agreement {
        reference: reference.into(),
        funder: "Town Council".into(),
        title: "Youth contract".into(),
        start_date: d(2026, 4, 1),
        end_date: d(2027, 3, 31),
        programmes: vec!["Youth club".into()],
        ..Agreement::default()
    }
}

fn participant(code: &str) -> Participant {
    Participant {
        code: code.into(),
        known_as: "Sam".into(),
        date_of_birth: Some(d(2014, 5, 6)),
        ..Participant::default()
    }
}

fn session(programme: &str, attendees: &[&str]) -> Session {
    Session {
        programme: programme.into(),
        date: d(2026, 5, 4),
        duration_minutes: 90,
        attendees: attendees.iter().map(|c| c.to_string()).collect(),
        ..Session::default()
    }
}

fn indicator() -> Indicator {
    Indicator {
        name: "Confidence".into(),
        ..Indicator::default()
    }
}

/// A database with one agreement, programme, participant, indicator and outcome.
fn set_up() -> TestDb {
    let mut db = TestDb::new();
    db.store.add_agreement(&agreement("YC-1")).unwrap();
    db.store.add_participant(&participant(""), today()).unwrap();
    db.store.add_indicator(&indicator()).unwrap();
    db.store
        .add_outcome(&Outcome {
            name: "More confident".into(),
            ..Outcome::default()
        })
        .unwrap();
    db
}

#[test]
fn organisation_rules() {
    let mut db = TestDb::new();
    let org = db.store.organisation().unwrap();
    db.refused("name: is required", |s| {
        s.update_organisation(&Organisation {
            name: " ".into(),
            ..org.clone()
        })
    });
    db.refused("not a month", |s| {
        s.update_organisation(&Organisation {
            fy_start_month: 13,
            ..org.clone()
        })
    });
    db.refused("overlaps", |s| {
        s.update_organisation(&Organisation {
            age_bands: vec!["0-10".into(), "8-12".into()],
            ..org.clone()
        })
    });
    db.refused("already has an organisation", |s| s.init_organisation(&org));
    db.refused("shorten it to 200", |s| {
        s.update_organisation(&Organisation {
            name: "x".repeat(201),
            ..org.clone()
        })
    });
}

#[test]
fn funder_and_programme_rules() {
    let mut db = set_up();
    db.refused("name: is required", |s| s.add_funder(&Funder::default()));
    db.refused("already exists", |s| {
        s.add_funder(&Funder {
            name: "town council".into(),
            ..Funder::default()
        })
    });
    db.refused("shorten it to 200", |s| {
        s.add_funder(&Funder {
            name: "F".repeat(201),
            ..Funder::default()
        })
    });
    db.refused("no programme", |s| {
        s.update_programme(
            "Chess club",
            &Programme {
                name: "Chess".into(),
                ..Programme::default()
            },
        )
    });
    db.refused("already exists", |s| {
        s.add_programme(&Programme {
            name: "YOUTH CLUB".into(),
            ..Programme::default()
        })
    });
    db.store
        .add_programme(&Programme {
            name: "Chess club".into(),
            ..Programme::default()
        })
        .unwrap();
    db.refused("already exists", |s| {
        s.update_programme(
            "Chess club",
            &Programme {
                name: "Youth club".into(),
                ..Programme::default()
            },
        )
    });
}

#[test]
fn agreement_rules() {
    let mut db = set_up();
    db.refused("end_date", |s| {
        s.add_agreement(&Agreement {
            end_date: d(2026, 3, 31),
            ..agreement("YC-2")
        })
    });
    db.refused("already exists", |s| s.add_agreement(&agreement("yc-1")));
    db.refused("title: is required", |s| {
        s.add_agreement(&Agreement {
            title: String::new(),
            ..agreement("YC-2")
        })
    });
    db.refused("listed twice", |s| {
        s.add_agreement(&Agreement {
            headings: vec![
                Heading {
                    heading: "Successes".into(),
                    guidance: String::new(),
                },
                Heading {
                    heading: "successes".into(),
                    guidance: String::new(),
                },
            ],
            ..agreement("YC-2")
        })
    });
    db.refused("end_date", |s| {
        s.update_agreement(
            "YC-1",
            &Agreement {
                end_date: d(2020, 1, 1),
                ..agreement("YC-1")
            },
        )
    });
    let stored = db.store.agreement("yc-1").unwrap();
    assert_eq!(
        stored.programmes,
        ["Youth club"],
        "programmes are linked by name"
    );
    assert_eq!(
        stored.headings.len(),
        4,
        "an agreement gets the four default headings"
    );
}

#[test]
fn agreement_update_keeps_answers_under_headings_that_stay() {
    let mut db = set_up();
    db.store
        .set_narrative_answer("YC-1", "2026-27 Q1", "Successes", "A good quarter")
        .unwrap();
    let mut a = db.store.agreement("YC-1").unwrap();
    a.headings.retain(|h| h.heading != "Challenges");
    db.store.update_agreement("YC-1", &a).unwrap();
    let narrative = db.store.narrative("YC-1", "2026-27 Q1").unwrap();
    assert_eq!(narrative.answers.len(), 3);
    assert_eq!(
        narrative.answers[0],
        ("Successes".to_string(), "A good quarter".to_string())
    );
}

#[test]
fn participant_rules() {
    let mut db = set_up();
    let p = db.store.add_participant(&participant(""), today()).unwrap();
    assert_eq!(p.code, "P0002", "codes are generated in sequence");
    db.refused("already exists", |s| {
        s.add_participant(&participant("p0001"), today())
    });
    db.refused("in the future", |s| {
        s.add_participant(
            &Participant {
                date_of_birth: Some(d(2030, 1, 1)),
                ..participant("")
            },
            today(),
        )
    });
    db.refused("shorten it to 200", |s| {
        s.add_participant(
            &Participant {
                known_as: "N".repeat(201),
                ..participant("")
            },
            today(),
        )
    });
    db.refused("no participant", |s| {
        s.update_participant("P0099", &participant(""), today())
    });
    db.refused("already exists", |s| {
        s.update_participant("P0002", &participant("P0001"), today())
    });
    db.refused("before their date of birth", |s| {
        s.update_participant(
            "P0002",
            &Participant {
                left_date: Some(d(2000, 1, 1)),
                ..participant("")
            },
            today(),
        )
    });
}

#[test]
fn listed_values_are_stored_as_listed_and_new_ones_are_added() {
    let mut db = set_up();
    let p = db
        .store
        .add_participant(
            &Participant {
                gender: "  girl OR woman ".into(),
                groups: vec![
                    "Young Carer".into(),
                    "young carer".into(),
                    "Traveller family".into(),
                ],
                ..participant("")
            },
            today(),
        )
        .unwrap();
    assert_eq!(p.gender, "Girl or woman");
    assert_eq!(
        p.groups,
        ["young carer", "Traveller family"],
        "a repeated group is kept once"
    );
    let groups = db.store.list_values(List::PriorityGroup).unwrap();
    assert_eq!(
        groups.last().unwrap(),
        "Traveller family",
        "a new value joins the list"
    );
    let stored = db.store.participant(&p.code).unwrap();
    assert_eq!(
        stored.groups,
        ["young carer", "Traveller family"],
        "groups read back in list order"
    );
}

#[test]
fn session_rules() {
    let mut db = set_up();
    let s = db
        .store
        .add_session(&session("Youth club", &["p0001"]))
        .unwrap();
    assert_eq!(
        (s.reference.as_str(), s.attendees.as_slice()),
        ("S00001", &["P0001".to_string()][..])
    );
    db.refused("P0099", |s| {
        s.add_session(&session("Youth club", &["P0001", "P0099"]))
    });
    db.refused("no programme", |s| {
        s.add_session(&session("Chess club", &[]))
    });
    db.refused("duration_minutes", |s| {
        s.add_session(&Session {
            duration_minutes: 0,
            ..session("Youth club", &[])
        })
    });
    db.refused("listed twice", |s| {
        s.add_session(&session("Youth club", &["P0001", "p0001"]))
    });
    db.refused("already exists", |s| {
        s.add_session(&Session {
            reference: "s00001".into(),
            ..session("Youth club", &[])
        })
    });
    db.refused("P0099", |s| {
        s.update_session("S00001", &session("Youth club", &["P0099"]))
    });
    db.refused("cannot be negative", |s| {
        s.add_session(&Session {
            volunteer_hours: -1.0,
            ..session("Youth club", &[])
        })
    });
    db.refused("shorten it to 20000", |s| {
        s.add_session(&Session {
            notes: "n".repeat(20_001),
            ..session("Youth club", &[])
        })
    });
    // A batch is all or nothing: the good first session is not kept either.
    db.refused("P0099", |s| {
        s.add_sessions(&[
            session("Youth club", &["P0001"]),
            session("Youth club", &["P0099"]),
        ])
    });
}

#[test]
fn indicator_and_assessment_rules() {
    let mut db = set_up();
    let score = |value: f64| Assessment {
        id: 0,
        participant: Some("P0001".into()),
        indicator: "Confidence".into(),
        date: d(2026, 5, 1),
        score: value,
        stage: Some(Stage::Baseline),
        programme: None,
        session: None,
    };
    db.refused("outside", |s| s.add_assessment(&score(11.0)));
    db.refused("outside", |s| s.add_assessment(&score(0.0)));
    db.refused("no indicator", |s| {
        s.add_assessment(&Assessment {
            indicator: "Wellbeing".into(),
            ..score(5.0)
        })
    });
    db.refused("no participant", |s| {
        s.add_assessment(&Assessment {
            participant: Some("P0042".into()),
            ..score(5.0)
        })
    });
    let anonymous = db
        .store
        .add_assessment(&Assessment {
            participant: None,
            ..score(7.0)
        })
        .unwrap();
    assert!(anonymous.id > 0, "anonymous feedback needs no participant");
    db.refused("max", |s| {
        s.add_indicator(&Indicator {
            name: "Odd".into(),
            min: 5.0,
            max: 5.0,
            ..indicator()
        })
    });
    db.refused("meaningful_change", |s| {
        s.add_indicator(&Indicator {
            name: "Odd".into(),
            meaningful_change: 0.0,
            ..indicator()
        })
    });
    db.refused("already exists", |s| s.add_indicator(&indicator()));
    db.refused("would fall outside", |s| {
        s.update_indicator(
            "Confidence",
            &Indicator {
                max: 5.0,
                ..indicator()
            },
        )
    });
    db.refused("outside", |s| {
        s.update_assessment(anonymous.id, &score(10.5))
    });
}

#[test]
fn outcome_log_and_story_rules() {
    let mut db = set_up();
    let entry = OutcomeLogEntry {
        id: 0,
        participant: "P0001".into(),
        date: d(2026, 6, 1),
        outcome: "More confident".into(),
        programme: Some("Youth club".into()),
        note: "Led the warm-up".into(),
        source: "Self-Report".into(),
        logged_by: "Jo".into(),
    };
    let saved = db.store.add_log_entry(&entry).unwrap();
    assert_eq!(saved.source, "self-report", "the listed spelling is stored");
    db.refused("no outcome", |s| {
        s.add_log_entry(&OutcomeLogEntry {
            outcome: "Taller".into(),
            ..entry.clone()
        })
    });
    db.refused("no participant", |s| {
        s.add_log_entry(&OutcomeLogEntry {
            participant: "P0077".into(),
            ..entry.clone()
        })
    });
    db.refused("outcome: is required", |s| {
        s.add_log_entry(&OutcomeLogEntry {
            outcome: " ".into(),
            ..entry.clone()
        })
    });
    db.refused("already exists", |s| {
        s.add_outcome(&Outcome {
            name: "more confident".into(),
            ..Outcome::default()
        })
    });

    let story = Story {
        id: 0,
        date: d(2026, 6, 2),
        title: "Finding a voice".into(),
        programme: Some("Youth club".into()),
        participant: Some("P0001".into()),
        consent: true,
        consent_date: Some(d(2026, 6, 2)),
        situation: "Quiet".into(),
        action: "Paired with a mentor".into(),
        difference: "Speaks up".into(),
        quote: "=1+2".into(),
        measures: vec![],
    };
    let saved = db.store.add_story(&story).unwrap();
    assert_eq!(
        db.store.story(saved.id).unwrap().quote,
        "=1+2",
        "text is kept exactly as typed"
    );
    db.refused("title: is required", |s| {
        s.add_story(&Story {
            title: String::new(),
            ..story.clone()
        })
    });
    db.refused("shorten it to 20000", |s| {
        s.add_story(&Story {
            situation: "s".repeat(20_001),
            ..story.clone()
        })
    });
    db.refused("consent is no", |s| {
        s.add_story(&Story {
            consent: false,
            ..story.clone()
        })
    });
    db.refused("no measure", |s| {
        s.add_story(&Story {
            measures: vec![MeasureRef {
                agreement: "YC-1".into(),
                code: "M9".into(),
            }],
            ..story.clone()
        })
    });
    db.refused("no story", |s| s.delete_story(999));
}

fn measure(code: &str) -> Measure {
    Measure {
        agreement: "YC-1".into(),
        code: code.into(),
        title: "Young people attending".into(),
        ..Measure::default()
    }
}

#[test]
fn measure_rules() {
    let mut db = set_up();
    db.store.add_measure(&measure("M1")).unwrap();
    db.refused("already exists", |s| s.add_measure(&measure("m1")));
    db.refused("needs an indicator", |s| {
        s.add_measure(&Measure {
            calculation: Calculation::PercentImproved,
            ..measure("M2")
        })
    });
    db.refused("no indicator", |s| {
        s.add_measure(&Measure {
            calculation: Calculation::Improved,
            indicator: Some("Happiness".into()),
            ..measure("M2")
        })
    });
    db.refused("no outcome", |s| {
        s.add_measure(&Measure {
            calculation: Calculation::OutcomeLogged,
            indicator: Some("Taller".into()),
            ..measure("M2")
        })
    });
    db.refused("not a field", |s| {
        s.add_measure(&Measure {
            filter: "colour=red".into(),
            ..measure("M2")
        })
    });
    db.refused("age bands", |s| {
        s.add_measure(&Measure {
            filter: "age_band=12-14".into(),
            ..measure("M2")
        })
    });
    db.refused("no programme", |s| {
        s.add_measure(&Measure {
            filter: "programme=Chess".into(),
            ..measure("M2")
        })
    });
    db.refused("needs a filter", |s| {
        s.add_measure(&Measure {
            calculation: Calculation::PercentWith,
            ..measure("M2")
        })
    });
    db.refused("needs the rating", |s| {
        s.add_measure(&Measure {
            calculation: Calculation::PercentRatingAtLeast,
            indicator: Some("Confidence".into()),
            ..measure("M2")
        })
    });
    db.refused("not a period", |s| {
        s.add_measure(&Measure {
            targets: [("2031-32 Q1".to_string(), 5.0)].into(),
            ..measure("M2")
        })
    });
    db.refused("not a period", |s| {
        s.set_target("YC-1", "M1", "2026-27 Q5", Some(4.0))
    });
    db.refused("only manual measures", |s| {
        s.set_manual_value(&ManualValue {
            agreement: "YC-1".into(),
            code: "M1".into(),
            period: "2026-27 Q1".into(),
            value: 3.0,
            note: String::new(),
        })
    });
    db.store
        .set_target("YC-1", "m1", "2026-27 q2", Some(12.0))
        .unwrap();
    let stored = db.store.measure("YC-1", "M1").unwrap();
    assert_eq!(
        stored.targets.get("2026-27 Q2"),
        Some(&12.0),
        "period ids are stored as the agreement spells them"
    );
}

#[test]
fn finance_is_kept_by_the_agreements_cost_headings() {
    let mut db = set_up();
    let line = |heading: &str, budget: i64, actual: i64, note: &str| Finance {
        agreement: "YC-1".into(),
        period: "2026-27 Q1".into(),
        heading: heading.into(),
        budget_pence: budget,
        actual_pence: actual,
        note: note.into(),
    };
    db.refused(
        "\"Catering\" is not one of this agreement's cost headings; use one of: Staffing; Premises",
        |s| s.set_finance(&line("Catering", 100, 100, "")),
    );
    let saved = db
        .store
        .set_finance(&line("  premises ", 50_000, 45_000, "Hall hire"))
        .unwrap();
    assert_eq!(saved.heading, "Premises", "kept as the agreement spells it");
    db.store
        .set_finance(&line("Staffing", 200_000, 210_000, ""))
        .unwrap();
    let headings: Vec<String> = db
        .store
        .finances("YC-1")
        .unwrap()
        .into_iter()
        .map(|f| f.heading)
        .collect();
    assert_eq!(
        headings,
        ["Staffing", "Premises"],
        "in the agreement's order"
    );

    // The funder's own headings replace the defaults; a line under a heading
    // taken away is kept, shown last, and can still be corrected.
    let mut agreement = db.store.agreement("YC-1").unwrap();
    agreement.cost_headings = vec!["Salaries".into(), "Venue".into()];
    db.store.update_agreement("YC-1", &agreement).unwrap();
    db.store
        .set_finance(&line("Venue", 10_000, 9_000, ""))
        .unwrap();
    let lines = db.store.finances("YC-1").unwrap();
    let headings: Vec<&str> = lines.iter().map(|f| f.heading.as_str()).collect();
    assert_eq!(headings, ["Venue", "Premises", "Staffing"]);
    db.store.set_finance(&line("premises", 0, 0, "")).unwrap();
    assert!(
        !db.store
            .finances("YC-1")
            .unwrap()
            .iter()
            .any(|f| f.heading == "Premises"),
        "a line of nothing is removed"
    );
    db.refused("is listed twice", |s| {
        let mut a = s.agreement("YC-1")?;
        a.cost_headings = vec!["Venue".into(), "venue".into()];
        s.update_agreement("YC-1", &a)
    });
    db.refused("cost_headings: is empty", |s| {
        let mut a = s.agreement("YC-1")?;
        a.cost_headings.clear();
        s.update_agreement("YC-1", &a)
    });
}

#[test]
fn finance_narrative_and_evidence_rules() {
    let mut db = set_up();
    db.refused("cannot be negative", |s| {
        s.set_finance(&Finance {
            agreement: "YC-1".into(),
            period: "2026-27 Q1".into(),
            heading: "Staffing".into(),
            budget_pence: -1,
            actual_pence: 0,
            note: String::new(),
        })
    });
    db.refused("not a period", |s| {
        s.set_narrative_answer("YC-1", "2025-26 Q4", "Successes", "x")
    });
    db.refused("no narrative heading", |s| {
        s.set_narrative_answer("YC-1", "2026-27 Q1", "Weather", "x")
    });
    db.refused("sha256", |s| {
        s.add_evidence_file(&EvidenceFile {
            id: 0,
            file_name: "register.jpg".into(),
            sha256: "abc".into(),
            size: 3,
            added_at: crate::support::now(),
            attached_to: Attachment::Session {
                session: "S00001".into(),
            },
        })
    });
    db.refused("no session", |s| {
        s.add_evidence_file(&EvidenceFile {
            id: 0,
            file_name: "register.jpg".into(),
            sha256: "a".repeat(64),
            size: 3,
            added_at: crate::support::now(),
            attached_to: Attachment::Session {
                session: "S00042".into(),
            },
        })
    });
}

#[test]
fn archived_records_leave_everyday_lists_and_come_back() {
    let mut db = set_up();
    db.store
        .set_archived(Archivable::Participant, "p0001", true)
        .unwrap();
    assert!(db.store.participants(false).unwrap().is_empty());
    assert_eq!(
        db.store.participants(true).unwrap().len(),
        1,
        "archived is not deleted"
    );
    db.store
        .set_archived(Archivable::Participant, "P0001", false)
        .unwrap();
    assert_eq!(db.store.participants(false).unwrap().len(), 1);
    db.refused("no funder", |s| {
        s.set_archived(Archivable::Funder, "Nobody", true)
    });
}

#[test]
fn every_record_reads_back_as_written() {
    let mut db = set_up();
    let p = Participant {
        code: "P0100".into(),
        known_as: "Ada".into(),
        date_of_birth: Some(d(2012, 2, 29)),
        gender: "Girl or woman".into(),
        ethnicity: "White: Irish".into(),
        area: "Northside".into(),
        disability: Some(false),
        sen: None,
        groups: vec!["young carer".into()],
        referral_source: "School".into(),
        consent: Consent {
            date: Some(d(2026, 4, 2)),
            photos: true,
            stories: false,
            lawful_basis: Some(LawfulBasis::Consent),
            given_by: Some(ConsentGivenBy::ParentOrCarer),
            review_date: Some(d(2027, 4, 2)),
        },
        left_date: None,
        archived: false,
    };
    db.store.add_participant(&p, today()).unwrap();
    assert_eq!(db.store.participant("P0100").unwrap(), p);
    let s = Session {
        reference: "WK1-MON".into(),
        start_time: chrono::NaiveTime::from_hms_opt(16, 30, 0),
        location: "Hall".into(),
        headcount: 3,
        staff: 2,
        volunteers: 1,
        volunteer_hours: 2.5,
        notes: "Rain".into(),
        ..session("Youth club", &["P0001", "P0100"])
    };
    db.store.add_session(&s).unwrap();
    assert_eq!(db.store.session("wk1-mon").unwrap(), s);
    let a = agreement("YC-9");
    db.store.add_agreement(&a).unwrap();
    assert_eq!(db.store.agreement("YC-9").unwrap(), a);
}

#[test]
fn submissions_need_a_real_agreement_and_period() {
    let mut db = set_up();
    let submission = |agreement: &str, period: &str| Submission {
        id: 0,
        agreement: agreement.into(),
        period: period.into(),
        submitted_at: crate::support::now(),
        pack_sha256: "b".repeat(64),
        values: serde_json::json!([]),
    };
    db.refused("not a period", |s| {
        s.add_submission(&submission("YC-1", "2030-31 Q1"))
    });
    db.refused("no agreement", |s| {
        s.add_submission(&submission("NOPE", "2026-27 Q1"))
    });
    let saved = db
        .store
        .add_submission(&submission("YC-1", "2026-27 q1"))
        .unwrap();
    assert_eq!(saved.period, "2026-27 Q1");
    assert_eq!(db.store.submissions("YC-1").unwrap(), [saved]);
}

#[test]
fn changing_dates_or_the_financial_year_never_strands_a_periods_records() {
    let mut db = set_up();
    db.store
        .add_measure(&Measure {
            agreement: "YC-1".into(),
            code: "M1".into(),
            title: "People".into(),
            ..Measure::default()
        })
        .unwrap();
    db.store
        .set_target("YC-1", "M1", "2026-27 Q4", Some(10.0))
        .unwrap();
    db.store
        .set_narrative_answer("YC-1", "2026-27 Q1", "Successes", "A good start")
        .unwrap();
    let shorter = Agreement {
        end_date: d(2026, 12, 31),
        ..agreement("YC-1")
    };
    db.refused("2026-27 Q4", |s| s.update_agreement("YC-1", &shorter));
    let monthly = Agreement {
        frequency: Frequency::Monthly,
        ..agreement("YC-1")
    };
    db.refused("2026-27 Q1, 2026-27 Q4", |s| {
        s.update_agreement("YC-1", &monthly)
    });
    let org = db.store.organisation().unwrap();
    db.refused("fy_start_month", |s| {
        s.update_organisation(&Organisation {
            fy_start_month: 1,
            ..org.clone()
        })
    });
    let longer = Agreement {
        end_date: d(2027, 6, 30),
        ..agreement("YC-1")
    };
    db.store
        .update_agreement("YC-1", &longer)
        .expect("a change that keeps every period in use is fine");
}
