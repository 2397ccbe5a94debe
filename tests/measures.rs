//! The measures engine against hand-computed figures, on a fixture small
//! enough to work out on paper. Each case says why its figure is what it is.

use evident::measures::{report, Span, Status, Workbench};
use evident::records::*;
use evident::Store;
use proptest::prelude::*;

use crate::support::{d, today, TestDb};

/// Two agreements sharing the Club programme:
/// - 2026-04-01 to 2027-03-31, quarterly, Club + Drop-in.
/// - B-9M: nine months from 2026-07-01, quarterly, Club + Parents.
///
/// People: P0001 girl b.2016-05-10 (free school meals); P0002 boy b.2015-08-15
/// (turns 11 in Q2); P0003 girl b.2012-01-01 (council tenant, no consent);
/// P0004 boy b.2010-03-03 (SEN); P0005 girl b.2017-01-01.
///
/// Sessions (minutes, named, headcount, volunteer hours):
/// - S0 Club 2026-03-02 (60, P3, 0, 0) — before A-1 began
/// - S1 Club 2026-04-06 (60, P1 P2, 3, 2)
/// - S2 Club 2026-05-04 (120, P1 P5, 0, 1)
/// - S3 Drop-in 2026-06-01 (90, —, 5, 0) — headcount only
/// - S4 Club 2026-07-06 (60, P1 P3, 1, 2)
/// - S5 Club 2026-09-07 (60, P1 P2 P3, 0, 2)
/// - S6 Parents 2026-08-03 (60, P4, 2, 1)
/// - S7 Drop-in 2026-09-14 (30, —, 0, 0) — nobody came
/// - S8 Club 2026-10-05 (60, P4, 0, 1)
fn fixture() -> TestDb {
    let mut db = TestDb::new();
    let s = &mut db.store;
    for (reference, start, end, programmes) in [
        (
            "A-1",
            d(2026, 4, 1),
            d(2027, 3, 31),
            vec!["Club", "Drop-in"],
        ),
        (
            "B-9M",
            d(2026, 7, 1),
            d(2027, 3, 31),
            vec!["Club", "Parents"],
        ),
    ] {
        s.add_agreement(&Agreement {
            reference: reference.into(),
            funder: "Council".into(),
            title: reference.into(),
            start_date: start,
            end_date: end,
            programmes: programmes.into_iter().map(String::from).collect(),
            ..Agreement::default()
        })
        .unwrap();
    }
    let people = [
        (
            "Girl or woman",
            d(2016, 5, 10),
            vec!["free school meals"],
            true,
            None,
        ),
        ("Boy or man", d(2015, 8, 15), vec![], true, None),
        (
            "Girl or woman",
            d(2012, 1, 1),
            vec!["council tenant"],
            false,
            None,
        ),
        ("Boy or man", d(2010, 3, 3), vec![], true, Some(true)),
        ("Girl or woman", d(2017, 1, 1), vec![], true, None),
    ];
    for (gender, born, groups, consent, sen) in people {
        s.add_participant(
            &Participant {
                gender: gender.into(),
                date_of_birth: Some(born),
                groups: groups.into_iter().map(String::from).collect(),
                consent: Consent {
                    date: consent.then_some(d(2026, 3, 1)),
                    ..Consent::default()
                },
                sen,
                ..Participant::default()
            },
            today(),
        )
        .unwrap();
    }
    let sessions = [
        ("S0", "Club", d(2026, 3, 2), 60, vec!["P0003"], 0, 0.0),
        (
            "S1",
            "Club",
            d(2026, 4, 6),
            60,
            vec!["P0001", "P0002"],
            3,
            2.0,
        ),
        (
            "S2",
            "Club",
            d(2026, 5, 4),
            120,
            vec!["P0001", "P0005"],
            0,
            1.0,
        ),
        ("S3", "Drop-in", d(2026, 6, 1), 90, vec![], 5, 0.0),
        (
            "S4",
            "Club",
            d(2026, 7, 6),
            60,
            vec!["P0001", "P0003"],
            1,
            2.0,
        ),
        (
            "S5",
            "Club",
            d(2026, 9, 7),
            60,
            vec!["P0001", "P0002", "P0003"],
            0,
            2.0,
        ),
        ("S6", "Parents", d(2026, 8, 3), 60, vec!["P0004"], 2, 1.0),
        ("S7", "Drop-in", d(2026, 9, 14), 30, vec![], 0, 0.0),
        ("S8", "Club", d(2026, 10, 5), 60, vec!["P0004"], 0, 1.0),
    ];
    for (reference, programme, date, minutes, attendees, headcount, volunteer_hours) in sessions {
        s.add_session(&Session {
            reference: reference.into(),
            programme: programme.into(),
            date,
            duration_minutes: minutes,
            attendees: attendees.into_iter().map(String::from).collect(),
            headcount,
            volunteer_hours,
            ..Session::default()
        })
        .unwrap();
    }
    for (name, min, max, higher, change) in [
        ("Confidence", 1.0, 10.0, true, 1.0),
        ("Days missed", 0.0, 30.0, false, 2.0),
        ("Rating", 1.0, 5.0, true, 1.0),
    ] {
        s.add_indicator(&Indicator {
            name: name.into(),
            min,
            max,
            higher_is_better: higher,
            meaningful_change: change,
            ..Indicator::default()
        })
        .unwrap();
    }
    let scores = [
        (Some("P0001"), "Confidence", d(2026, 4, 6), 4.0),
        (Some("P0001"), "Confidence", d(2026, 8, 1), 6.0),
        // Two on one day: the one entered first is the baseline.
        (Some("P0002"), "Confidence", d(2026, 5, 1), 5.0),
        (Some("P0002"), "Confidence", d(2026, 5, 1), 3.0),
        (Some("P0002"), "Confidence", d(2026, 9, 1), 5.5),
        // A follow-up with no earlier baseline: not assessed.
        (Some("P0003"), "Confidence", d(2026, 8, 10), 7.0),
        (Some("P0004"), "Confidence", d(2026, 8, 3), 3.0),
        (Some("P0004"), "Confidence", d(2026, 9, 20), 5.0),
        (Some("P0001"), "Days missed", d(2026, 4, 10), 10.0),
        (Some("P0001"), "Days missed", d(2026, 9, 10), 7.0),
        (Some("P0002"), "Days missed", d(2026, 4, 12), 6.0),
        (Some("P0002"), "Days missed", d(2026, 9, 12), 5.0),
        (None, "Rating", d(2026, 7, 20), 5.0),
        (None, "Rating", d(2026, 8, 20), 4.0),
        (None, "Rating", d(2026, 9, 20), 3.0),
        (Some("P0001"), "Rating", d(2026, 9, 21), 2.0),
    ];
    let anonymous_at =
        |participant: Option<&str>| participant.is_none().then(|| "Club".to_string());
    for (participant, indicator, date, score) in scores {
        s.add_assessment(&Assessment {
            id: 0,
            participant: participant.map(String::from),
            indicator: indicator.into(),
            date,
            score,
            stage: None,
            programme: anonymous_at(participant),
            session: None,
        })
        .unwrap();
    }
    s.add_outcome(&Outcome {
        name: "More confident".into(),
        ..Outcome::default()
    })
    .unwrap();
    for (participant, date, source) in [
        ("P0001", d(2026, 7, 10), "observation"),
        ("P0001", d(2026, 8, 10), "school"),
        ("P0003", d(2026, 9, 1), "self-report"),
        ("P0004", d(2026, 8, 15), "parent or carer"),
    ] {
        s.add_log_entry(&OutcomeLogEntry {
            id: 0,
            participant: participant.into(),
            date,
            outcome: "More confident".into(),
            programme: None,
            note: "seen".into(),
            source: source.into(),
            logged_by: String::new(),
        })
        .unwrap();
    }
    for (date, programme, consent) in [
        (d(2026, 8, 1), "Club", true),
        (d(2026, 8, 2), "Club", false),
        (d(2026, 9, 1), "Parents", true),
        (d(2026, 5, 1), "Drop-in", true),
    ] {
        s.add_story(&Story {
            id: 0,
            date,
            title: "A story".into(),
            programme: Some(programme.into()),
            participant: None,
            consent,
            consent_date: consent.then_some(date),
            situation: String::new(),
            action: String::new(),
            difference: String::new(),
            quote: String::new(),
            measures: Vec::new(),
        })
        .unwrap();
    }
    db
}

/// Adds a measure to `agreement` and returns (this period, year to date) for `period`.
fn value(
    store: &mut Store,
    agreement: &str,
    period: &str,
    measure: Measure,
) -> (Option<f64>, Option<f64>) {
    let code = format!("T{}", store.measures(agreement).unwrap().len() + 1);
    store
        .add_measure(&Measure {
            agreement: agreement.into(),
            code: code.clone(),
            title: "test".into(),
            ..measure
        })
        .unwrap();
    let report = report(store, agreement, period).unwrap();
    let row = report.rows.iter().find(|r| r.code == code).unwrap();
    (row.this_period, row.year_to_date)
}

fn calc(calculation: Calculation) -> Measure {
    Measure {
        calculation,
        ..Measure::default()
    }
}

fn with(calculation: Calculation, filter: &str) -> Measure {
    Measure {
        calculation,
        filter: filter.into(),
        ..Measure::default()
    }
}

fn on(calculation: Calculation, indicator: &str) -> Measure {
    Measure {
        calculation,
        indicator: Some(indicator.into()),
        ..Measure::default()
    }
}

fn close(actual: (Option<f64>, Option<f64>), expected: (Option<f64>, Option<f64>), why: &str) {
    let near = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-6,
        (None, None) => true,
        _ => false,
    };
    assert!(
        near(actual.0, expected.0) && near(actual.1, expected.1),
        "{why}: got {actual:?}, expected {expected:?}"
    );
}

const Q1: &str = "2026-27 Q1";
const Q2: &str = "2026-27 Q2";
const Q3: &str = "2026-27 Q3";

#[test]
fn counts_of_people_sessions_and_hours() {
    let mut db = fixture();
    let s = &mut db.store;
    use Calculation::*;
    // Q1 has S1 S2 S3: P1 twice, P2 and P5 once. Q2 has S4 S5 S7: P1 and P3 twice, P2 once.
    close(
        value(s, "A-1", Q1, calc(Participants)),
        (Some(3.0), Some(3.0)),
        "Q1: P1, P2 and P5",
    );
    close(
        value(s, "A-1", Q2, calc(Participants)),
        (Some(3.0), Some(4.0)),
        "a child who came in Q1 and Q2 counts once in the year to date: P1 P2 P3 P5, not 3 + 3",
    );
    close(
        value(
            s,
            "A-1",
            Q2,
            Measure {
                min_sessions: Some(2),
                ..calc(Participants)
            },
        ),
        (Some(2.0), Some(3.0)),
        "two or more visits: P1 and P3 in Q2; P1, P2 and P3 over the year",
    );
    close(
        value(s, "A-1", Q2, calc(NewParticipants)),
        (Some(0.0), Some(3.0)),
        "P3 first came in March, before the agreement began, so is never new; P1, P2, P5 were new in Q1",
    );
    close(
        value(s, "A-1", Q2, calc(Sessions)),
        (Some(3.0), Some(6.0)),
        "S4 S5 S7; S6 is another programme's",
    );
    close(
        value(s, "A-1", Q2, calc(Attendances)),
        (Some(6.0), Some(18.0)),
        "Q2: 5 named + 1 headcount; Q1 adds 4 named + 3 + 5 headcount",
    );
    close(
        value(s, "A-1", Q2, calc(AverageAttendances)),
        (Some(5.0 / 3.0), Some(9.0 / 4.0)),
        "named ÷ P",
    );
    close(
        value(s, "A-1", Q2, calc(ContactHours)),
        (Some(6.0), Some(22.5)),
        "S4 1h × 3 + S5 1h × 3; Q1: S1 1h × 5 + S2 2h × 2 + S3 1.5h × 5",
    );
    close(
        value(s, "A-1", Q2, calc(VolunteerHours)),
        (Some(4.0), Some(7.0)),
        "2 + 2 + 0, and Q1's 2 + 1 + 0",
    );
    close(
        value(
            s,
            "A-1",
            Q2,
            Measure {
                min_sessions: Some(2),
                ..calc(PercentAttendingMinSessions)
            },
        ),
        (Some(200.0 / 3.0), Some(75.0)),
        "2 of 3, and 3 of 4",
    );
}

#[test]
fn a_session_with_headcount_only() {
    let mut db = fixture();
    let s = &mut db.store;
    use Calculation::*;
    close(
        value(s, "A-1", Q1, with(Attendances, "programme=Drop-in")),
        (Some(5.0), Some(5.0)),
        "S3 had five people, none named: a programme filter alone keeps the headcount",
    );
    close(
        value(s, "A-1", Q1, with(Participants, "programme=Drop-in")),
        (Some(0.0), Some(0.0)),
        "nobody named",
    );
    close(
        value(s, "A-1", Q1, with(ContactHours, "programme=Drop-in")),
        (Some(7.5), Some(7.5)),
        "1.5h × 5",
    );
}

#[test]
fn filters_on_people() {
    let mut db = fixture();
    let s = &mut db.store;
    use Calculation::*;
    close(
        value(s, "A-1", Q2, with(Participants, "gender=girl or woman")),
        (Some(2.0), Some(3.0)),
        "P1 P3; and P5",
    );
    close(
        value(s, "A-1", Q2, with(PercentWith, "gender=Girl or woman")),
        (Some(200.0 / 3.0), Some(75.0)),
        "2 of 3, 3 of 4",
    );
    close(
        value(
            s,
            "A-1",
            Q2,
            with(PercentAttendancesWith, "gender=Girl or woman"),
        ),
        (Some(80.0), Some(700.0 / 9.0)),
        "girls' visits: 4 of 5 in Q2, 7 of 9 over the year",
    );
    close(
        value(s, "A-1", Q2, with(Attendances, "gender=Girl or woman")),
        (Some(4.0), Some(7.0)),
        "a filter on people drops the unnamed headcount",
    );
    close(
        value(s, "A-1", Q2, with(PercentWith, "group=free school meals")),
        (Some(100.0 / 3.0), Some(25.0)),
        "P1 only",
    );
    close(
        value(s, "A-1", Q2, with(Participants, "age_band=11-15")),
        (Some(2.0), Some(2.0)),
        "P2 turned 11 in August: age at the range's end puts P2 in 11-15, with P3",
    );
    close(
        value(s, "A-1", Q1, with(Participants, "age_band=11-15")),
        (Some(0.0), Some(0.0)),
        "at 30 June P2 was 10",
    );
    close(
        value(s, "A-1", Q2, with(Participants, "sen=yes")),
        (Some(0.0), Some(0.0)),
        "P4 never came to A-1",
    );
    close(
        value(s, "B-9M", Q2, with(Participants, "sen=yes")),
        (Some(1.0), Some(1.0)),
        "P4 came to B-9M's Parents",
    );
}

#[test]
fn a_filter_that_matches_nobody() {
    let mut db = fixture();
    let s = &mut db.store;
    use Calculation::*;
    let nobody = "gender=Non-binary";
    close(
        value(s, "A-1", Q2, with(Participants, nobody)),
        (Some(0.0), Some(0.0)),
        "a count is 0",
    );
    close(
        value(s, "A-1", Q2, with(PercentWith, nobody)),
        (Some(0.0), Some(0.0)),
        "0 of 3 people is 0 %",
    );
    close(
        value(s, "A-1", Q2, with(AverageAttendances, nobody)),
        (None, None),
        "an average over nobody is n/a",
    );
    close(
        value(s, "A-1", Q2, with(PercentAttendingMinSessions, nobody)),
        (None, None),
        "a % of nobody is n/a, not 0",
    );
    close(
        value(
            s,
            "A-1",
            Q2,
            Measure {
                filter: nobody.into(),
                ..on(PercentImproved, "Confidence")
            },
        ),
        (None, None),
        "n/a",
    );
}

#[test]
fn a_programme_shared_by_two_agreements_counts_for_both() {
    let mut db = fixture();
    let s = &mut db.store;
    use Calculation::*;
    close(
        value(s, "B-9M", Q2, calc(Participants)),
        (Some(4.0), Some(4.0)),
        "S4 and S5 count for B-9M too, with P4",
    );
    close(
        value(s, "B-9M", Q2, calc(Attendances)),
        (Some(9.0), Some(9.0)),
        "6 named + S4's 1 + S6's 2",
    );
    close(
        value(s, "A-1", Q2, calc(Sessions)),
        (Some(3.0), Some(6.0)),
        "A-1 still counts S4 and S5 as its own",
    );
}

#[test]
fn a_nine_month_contract_counts_its_year_from_its_start() {
    let mut db = fixture();
    let s = &mut db.store;
    close(
        value(s, "B-9M", Q3, calc(Calculation::Participants)),
        (Some(1.0), Some(4.0)),
        "Q3 is P4 alone; the year to date runs from 1 July, so P5 (who came in May) is not in it",
    );
    let bench = Workbench::load(s, "B-9M", Q3).unwrap();
    assert_eq!(bench.period.year_start, d(2026, 7, 1));
}

#[test]
fn improvement_on_an_indicator() {
    let mut db = fixture();
    let s = &mut db.store;
    use Calculation::*;
    close(
        value(s, "A-1", Q1, on(Assessed, "Confidence")),
        (Some(1.0), Some(1.0)),
        "in Q1 only P2 has a follow-up: the second score of 1 May, entered after the baseline",
    );
    close(
        value(s, "A-1", Q1, on(Improved, "Confidence")),
        (Some(0.0), Some(0.0)),
        "P2 went from 5 to 3",
    );
    close(
        value(s, "A-1", Q2, on(Assessed, "Confidence")),
        (Some(2.0), Some(2.0)),
        "P1 and P2; P3's only score is a first, not a follow-up; P4 never came to A-1",
    );
    close(
        value(s, "A-1", Q2, on(Improved, "Confidence")),
        (Some(1.0), Some(1.0)),
        "P1 4 → 6 improved; P2's baseline is the 5 entered first, so 5.5 is not an improvement",
    );
    close(
        value(s, "A-1", Q2, on(PercentImproved, "Confidence")),
        (Some(50.0), Some(50.0)),
        "1 of 2",
    );
    close(
        value(s, "B-9M", Q2, on(PercentImproved, "Confidence")),
        (Some(200.0 / 3.0), Some(200.0 / 3.0)),
        "P1, P4 of P1 P2 P4",
    );
    close(
        value(s, "A-1", Q1, on(PercentImproved, "Rating")),
        (None, None),
        "nobody assessed: n/a",
    );
}

#[test]
fn a_lower_is_better_indicator() {
    let mut db = fixture();
    let s = &mut db.store;
    close(
        value(s, "A-1", Q2, on(Calculation::Improved, "Days missed")),
        (Some(1.0), Some(1.0)),
        "P1 missed 10 then 7 days (down 3 ≥ 2); P2 6 then 5 (down 1 < 2)",
    );
    close(
        value(
            s,
            "A-1",
            Q2,
            Measure {
                threshold: Some(1.0),
                ..on(Calculation::Improved, "Days missed")
            },
        ),
        (Some(2.0), Some(2.0)),
        "with the measure's own threshold of 1, both improved",
    );
}

#[test]
fn anonymous_ratings() {
    let mut db = fixture();
    let s = &mut db.store;
    let rated = |filter: &str| Measure {
        rating: Some(4.0),
        filter: filter.into(),
        ..on(Calculation::PercentRatingAtLeast, "Rating")
    };
    close(
        value(s, "A-1", Q2, rated("")),
        (Some(50.0), Some(50.0)),
        "5 and 4 of 5, 4, 3 (anonymous) and P1's 2",
    );
    close(
        value(s, "A-1", Q2, rated("gender=Girl or woman")),
        (Some(0.0), Some(0.0)),
        "a filter on people keeps named ones: P1's 2",
    );
    close(
        value(s, "A-1", Q1, rated("")),
        (None, None),
        "no ratings in Q1: n/a",
    );
    // Feedback handed in at the parents' group, or tied to nothing, is no
    // part of A-1 (which pays for the club and the drop-in only).
    for programme in [Some("Parents"), None] {
        s.add_assessment(&Assessment {
            id: 0,
            participant: None,
            indicator: "Rating".into(),
            date: d(2026, 8, 21),
            score: 1.0,
            stage: None,
            programme: programme.map(String::from),
            session: None,
        })
        .unwrap();
    }
    close(
        value(s, "A-1", Q2, rated("")),
        (Some(50.0), Some(50.0)),
        "still 5 and 4 of 5, 4, 3 and P1's 2",
    );
    close(
        value(s, "B-9M", Q2, rated("")),
        (Some(40.0), Some(40.0)),
        "B-9M pays for the club and the parents' group: 5 and 4 of the club's 5, 4, 3, the parents' 1 and P1's 2",
    );
}

#[test]
fn outcome_log_and_stories() {
    let mut db = fixture();
    let s = &mut db.store;
    use Calculation::*;
    let logged = Measure {
        indicator: Some("More confident".into()),
        ..calc(OutcomeLogged)
    };
    close(
        value(s, "A-1", Q2, logged.clone()),
        (Some(2.0), Some(2.0)),
        "P1 (twice) and P3; P4 is not A-1's",
    );
    close(
        value(s, "B-9M", Q2, logged),
        (Some(3.0), Some(3.0)),
        "P1, P3 and P4",
    );
    close(
        value(s, "A-1", Q2, calc(Stories)),
        (Some(1.0), Some(2.0)),
        "the consented Club story; Q1's Drop-in one too",
    );
    close(
        value(s, "B-9M", Q2, calc(Stories)),
        (Some(2.0), Some(2.0)),
        "Club and Parents, with consent",
    );
}

#[test]
fn manual_measures_sum_their_year_to_date() {
    let mut db = fixture();
    let s = &mut db.store;
    for (code, unit) in [("M1", Unit::Number), ("M2", Unit::Percent)] {
        s.add_measure(&Measure {
            agreement: "A-1".into(),
            code: code.into(),
            title: "typed".into(),
            calculation: Calculation::Manual,
            unit,
            ..Measure::default()
        })
        .unwrap();
        for (period, v) in [(Q1, 3.0), (Q2, 4.0)] {
            s.set_manual_value(&ManualValue {
                agreement: "A-1".into(),
                code: code.into(),
                period: period.into(),
                value: v,
                note: String::new(),
            })
            .unwrap();
        }
    }
    let q2 = report(s, "A-1", Q2).unwrap();
    assert_eq!(
        (q2.rows[0].this_period, q2.rows[0].year_to_date),
        (Some(4.0), Some(7.0)),
        "the sum"
    );
    assert_eq!(
        (q2.rows[1].this_period, q2.rows[1].year_to_date),
        (Some(4.0), None),
        "percentages do not add up"
    );
    let q3 = report(s, "A-1", Q3).unwrap();
    assert_eq!(
        (q3.rows[0].this_period, q3.rows[0].year_to_date),
        (None, Some(7.0)),
        "no value typed yet: n/a"
    );
}

#[test]
fn target_variance_and_status() {
    let mut db = fixture();
    let s = &mut db.store;
    s.add_measure(&Measure {
        agreement: "A-1".into(),
        code: "P".into(),
        title: "People".into(),
        targets: [(Q2.to_string(), 3.2)].into(),
        ..Measure::default()
    })
    .unwrap();
    s.add_measure(&Measure {
        agreement: "A-1".into(),
        code: "L".into(),
        title: "Sessions, fewer is better".into(),
        calculation: Calculation::Sessions,
        higher_is_better: false,
        targets: [(Q2.to_string(), 2.0)].into(),
        ..Measure::default()
    })
    .unwrap();
    let rows = report(s, "A-1", Q2).unwrap().rows;
    assert_eq!(
        rows[0].status,
        Some(Status::Amber),
        "3 is within 10 % of 3.2"
    );
    assert!((rows[0].variance.unwrap() + 0.2).abs() < 1e-9);
    assert_eq!(
        rows[1].status,
        Some(Status::Red),
        "3 sessions against at most 2 is beyond the tolerance"
    );
    let q1 = report(s, "A-1", Q1).unwrap().rows;
    assert_eq!(
        (q1[0].target, q1[0].variance, q1[0].status),
        (None, None, None),
        "no target, no status"
    );
}

#[test]
fn drill_through_names_the_records_behind_a_number() {
    let mut db = fixture();
    let s = &mut db.store;
    for (code, m) in [
        ("N", calc(Calculation::Participants)),
        ("S", calc(Calculation::Sessions)),
        ("G", with(Calculation::PercentWith, "gender=Girl or woman")),
        ("I", on(Calculation::Improved, "Confidence")),
        (
            "R",
            Measure {
                rating: Some(4.0),
                ..on(Calculation::PercentRatingAtLeast, "Rating")
            },
        ),
    ] {
        s.add_measure(&Measure {
            agreement: "A-1".into(),
            code: code.into(),
            title: code.into(),
            ..m
        })
        .unwrap();
    }
    let bench = Workbench::load(s, "A-1", Q2).unwrap();
    let people = bench.explain("N", Span::ThisPeriod).unwrap();
    assert_eq!(people.counted.participants, ["P0001", "P0002", "P0003"]);
    assert_eq!(
        bench
            .explain("N", Span::YearToDate)
            .unwrap()
            .counted
            .participants,
        ["P0001", "P0002", "P0003", "P0005"]
    );
    assert_eq!(
        bench
            .explain("S", Span::ThisPeriod)
            .unwrap()
            .counted
            .sessions,
        ["S4", "S5", "S7"]
    );
    let girls = bench.explain("G", Span::ThisPeriod).unwrap();
    assert_eq!(girls.counted.participants, ["P0001", "P0003"]);
    assert_eq!(
        girls.out_of.unwrap().participants,
        ["P0001", "P0002", "P0003"]
    );
    let improved = bench.explain("I", Span::ThisPeriod).unwrap();
    assert_eq!(
        (
            improved.counted.participants,
            improved.out_of.unwrap().participants
        ),
        (
            vec!["P0001".to_string()],
            vec!["P0001".to_string(), "P0002".to_string()]
        )
    );
    let ratings = bench.explain("R", Span::ThisPeriod).unwrap();
    assert_eq!(
        (
            ratings.counted.assessments.len(),
            ratings.out_of.unwrap().assessments.len()
        ),
        (2, 4)
    );
}

#[test]
fn breakdowns_suppress_small_numbers() {
    let mut db = fixture();
    let mut org = db.store.organisation().unwrap();
    org.small_number_threshold = 2;
    db.store.update_organisation(&org).unwrap();
    let bench = Workbench::load(&db.store, "A-1", Q2).unwrap();
    let b = bench.breakdowns(Span::ThisPeriod);
    assert_eq!(b.total, 3);
    let gender = b.demographics.iter().find(|d| d.name == "Gender").unwrap();
    let shown: Vec<(&str, &str)> = gender
        .categories
        .iter()
        .map(|c| (c.label.as_str(), c.shown.as_str()))
        .collect();
    assert_eq!(
        shown,
        [("Boy or man", "withheld"), ("Girl or woman", "withheld")],
        "with a threshold of 2, a <2 can only be 1: hiding every count (<2 and *) still gives them away, so the breakdown is withheld whole"
    );
    assert_eq!(
        gender.categories[0].percent, None,
        "a suppressed count's % is hidden too"
    );
    let ages = b
        .demographics
        .iter()
        .find(|d| d.name == "Age band")
        .unwrap();
    let ages: Vec<(&str, usize)> = ages
        .categories
        .iter()
        .map(|c| (c.label.as_str(), c.count))
        .collect();
    assert_eq!(
        ages,
        [("5-10", 1), ("11-15", 2)],
        "bands in the organisation's order, age at the period's end"
    );
    let months: Vec<(&str, usize, u64, usize)> = b
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.sessions, m.attendances, m.participants))
        .collect();
    assert_eq!(
        months,
        [
            ("2026-07", 1, 3, 2),
            ("2026-08", 0, 0, 0),
            ("2026-09", 2, 3, 3)
        ]
    );
    let confidence = b
        .indicators
        .iter()
        .find(|i| i.indicator == "Confidence")
        .unwrap();
    assert_eq!(
        (
            confidence.assessed,
            confidence.improved,
            confidence.mean_change
        ),
        (2, 1, Some(1.25))
    );
    let logged = &b.outcomes[0];
    assert_eq!((logged.participants, logged.entries), (2, 3));
    assert_eq!(logged.by_source.len(), 3);
}

#[test]
fn readiness_checks_name_what_needs_attention() {
    let mut db = fixture();
    db.store
        .add_measure(&Measure {
            agreement: "A-1".into(),
            code: "I".into(),
            title: "Improved".into(),
            ..on(Calculation::Improved, "Confidence")
        })
        .unwrap();
    let found = |period: &str| {
        let bench = Workbench::load(&db.store, "A-1", period).unwrap();
        evident::checks::readiness(&db.store, &bench, today()).unwrap()
    };
    let q2 = found(Q2);
    let records = |checks: &[evident::checks::Check], id: &str| {
        checks.iter().find(|c| c.id == id).unwrap().records.clone()
    };
    assert_eq!(
        records(&q2, "sessions_without_attendance"),
        ["S7 (14/09/2026)"]
    );
    assert_eq!(records(&q2, "attending_without_consent"), ["P0003"]);
    assert_eq!(records(&q2, "measures_without_target"), ["I"]);
    assert_eq!(records(&q2, "empty_narrative").len(), 4);
    assert!(
        records(&q2, "period_not_ended").is_empty(),
        "Q2 ended before today"
    );
    assert!(
        records(&q2, "baselines_without_follow_up").is_empty(),
        "P3's August baseline is not 90 days old at 30 September"
    );
    let q3 = found(Q3);
    assert_eq!(
        records(&q3, "baselines_without_follow_up"),
        ["P0003 (Confidence, 10/08/2026)"]
    );
    assert_eq!(
        records(&q3, "period_not_ended"),
        ["2026-27 Q3 ends on 31/12/2026"]
    );
    assert!(records(&q2, "consent_due_for_review").is_empty());
    // P0001's consent comes up for review in Q2: the check names them, and
    // the register marks them from that day.
    let mut p1 = db.store.participant("P0001").unwrap();
    p1.consent.review_date = Some(d(2026, 8, 1));
    db.store.update_participant("P0001", &p1, today()).unwrap();
    let bench = Workbench::load(&db.store, "A-1", Q2).unwrap();
    let q2 = evident::checks::readiness(&db.store, &bench, today()).unwrap();
    assert_eq!(records(&q2, "consent_due_for_review"), ["P0001"]);
    let mark = |day: &str, code: &str| {
        evident::register::sheet(&db.store, "Club", day, today())
            .unwrap()
            .lines
            .into_iter()
            .find(|l| l.code == code)
            .unwrap()
            .consent
    };
    assert_eq!(mark("2026-07-31", "P0001"), None);
    assert_eq!(mark("2026-08-01", "P0001"), Some("consent due for review"));
    assert_eq!(mark("2026-08-01", "P0003"), Some("no consent recorded"));
}

/// The checks a commissioner asked for: each fires on a fixture made to trip
/// it, and not once what it asks for is there.
#[test]
fn the_new_checks_fire_when_tripped_and_not_otherwise() {
    let mut db = fixture();
    let records = |db: &TestDb, period: &str, id: &str| {
        let bench = Workbench::load(&db.store, "A-1", period).unwrap();
        evident::checks::readiness(&db.store, &bench, today())
            .unwrap()
            .into_iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("there is a check {id}"))
            .records
    };
    // No sessions: A-1's Q4 has none; Q2 has some.
    assert_eq!(
        records(&db, "2026-27 Q4", "no_sessions"),
        ["no session of Club, Drop-in from 2027-01-01 to 2027-03-31"]
    );
    assert!(records(&db, Q2, "no_sessions").is_empty());

    // A red measure with no story behind its curve.
    let mut red = Measure {
        agreement: "A-1".into(),
        code: "RED".into(),
        title: "Far short".into(),
        ..Measure::default()
    };
    red.targets.insert(Q2.into(), 100.0);
    db.store.add_measure(&red).unwrap();
    assert_eq!(
        records(&db, Q2, "red_or_amber_without_story"),
        ["RED (red)"]
    );
    db.store
        .set_curve_story("A-1", Q2, "RED", "Half term fell in the quarter.")
        .unwrap();
    assert!(records(&db, Q2, "red_or_amber_without_story").is_empty());

    // No finance for the period, then some.
    assert_eq!(records(&db, Q2, "no_finance"), [Q2]);
    let finance = |period: &str, budget: i64| Finance {
        agreement: "A-1".into(),
        period: period.into(),
        heading: "Staffing".into(),
        budget_pence: budget,
        actual_pence: budget,
        note: String::new(),
    };
    db.store.set_finance(&finance(Q2, 150_000)).unwrap();
    assert!(records(&db, Q2, "no_finance").is_empty());

    // Budgets over the periods against the agreement's value.
    let mut agreement = db.store.agreement("A-1").unwrap();
    agreement.value_pence = Some(100_000);
    db.store.update_agreement("A-1", &agreement).unwrap();
    assert_eq!(
        records(&db, Q2, "budgets_do_not_add_up"),
        ["budgets total £1500.00 against the agreement's £1000.00"],
        "one period's budget is already over the whole value"
    );
    for (period, budget) in [(Q2, 25_000), ("2026-27 Q1", 25_000), ("2026-27 Q3", 25_000)] {
        db.store.set_finance(&finance(period, budget)).unwrap();
    }
    assert!(
        records(&db, Q2, "budgets_do_not_add_up").is_empty(),
        "not every period is budgeted yet, and the total is within the value"
    );
    db.store
        .set_finance(&finance("2026-27 Q4", 20_000))
        .unwrap();
    assert_eq!(
        records(&db, Q2, "budgets_do_not_add_up"),
        ["budgets total £950.00 against the agreement's £1000.00"],
        "every period budgeted, and the total falls short of the value"
    );
    db.store
        .set_finance(&finance("2026-27 Q4", 25_000))
        .unwrap();
    assert!(records(&db, Q2, "budgets_do_not_add_up").is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A distinct count's year to date is at least the largest period's value
    /// and at most the sum of the periods' values.
    #[test]
    fn year_to_date_of_a_distinct_count_lies_between_max_and_sum(
        came in proptest::collection::vec(proptest::collection::vec(any::<bool>(), 8), 1..7)
    ) {
        let mut store = Store::open_in_memory().unwrap();
        store.init_organisation(&Organisation { name: "Prop".into(), ..Organisation::default() }).unwrap();
        store.add_agreement(&Agreement {
            reference: "P".into(), funder: "F".into(), title: "T".into(),
            start_date: d(2026, 4, 1), end_date: d(2027, 3, 31), programmes: vec!["Club".into()],
            ..Agreement::default()
        }).unwrap();
        for _ in &came {
            store.add_participant(&Participant::default(), today()).unwrap();
        }
        // Eight sessions, two a quarter; `came[p][s]` says whether participant p came to session s.
        let days = [d(2026,4,6), d(2026,6,1), d(2026,7,6), d(2026,9,7), d(2026,10,5), d(2026,12,7), d(2027,1,4), d(2027,3,1)];
        for (s, day) in days.iter().enumerate() {
            let attendees = came.iter().enumerate().filter(|(_, row)| row[s]).map(|(p, _)| format!("P{:04}", p + 1)).collect();
            store.add_session(&Session { programme: "Club".into(), date: *day, duration_minutes: 60, attendees, ..Session::default() }).unwrap();
        }
        for (code, calculation) in [("N", Calculation::Participants), ("NEW", Calculation::NewParticipants)] {
            store.add_measure(&Measure { agreement: "P".into(), code: code.into(), title: code.into(), calculation, ..Measure::default() }).unwrap();
        }
        for row in 0..2 {
            let mut values = Vec::new();
            let mut ytd = 0.0;
            for q in ["2026-27 Q1", "2026-27 Q2", "2026-27 Q3", "2026-27 Q4"] {
                let r = report(&store, "P", q).unwrap();
                values.push(r.rows[row].this_period.unwrap());
                ytd = r.rows[row].year_to_date.unwrap();
            }
            let max = values.iter().cloned().fold(0.0, f64::max);
            let sum: f64 = values.iter().sum();
            prop_assert!(ytd >= max && ytd <= sum, "year to date {} should lie between {} and {} ({:?})", ytd, max, sum, values);
        }
    }
}

/// A trend shows the latest twelve periods and is computed from the facts
/// of those periods only (so its cost follows them, not the agreement's
/// whole history); each of its figures equals the period's own report.
#[test]
fn a_trend_is_the_latest_twelve_periods_each_as_its_own_report() {
    let mut db = TestDb::demo();
    let s = &mut db.store;
    let council = s.agreement(evident::demo::COUNCIL_CONTRACT).unwrap();
    s.add_agreement(&Agreement {
        reference: "MONTHLY".into(),
        funder: "Council".into(),
        title: "Monthly".into(),
        start_date: d(2025, 1, 1),
        end_date: d(2026, 3, 31),
        frequency: Frequency::Monthly,
        programmes: council.programmes.clone(),
        ..Agreement::default()
    })
    .unwrap();
    for m in s.measures(evident::demo::COUNCIL_CONTRACT).unwrap() {
        s.add_measure(&Measure {
            agreement: "MONTHLY".into(),
            targets: Default::default(),
            ..m
        })
        .unwrap();
    }
    let bench = Workbench::load_with_history(s, "MONTHLY", "2026-03").unwrap();
    let (latest, trend) = bench.report_and_trend();
    let ids: Vec<&str> = trend.iter().map(|(p, _)| p.id.as_str()).collect();
    assert_eq!(
        ids.len(),
        12,
        "fifteen periods so far, the latest twelve shown"
    );
    assert_eq!((ids[0], ids[11]), ("2025-04", "2026-03"));
    assert_eq!(
        latest.rows, trend[11].1.rows,
        "the period's report ends its trend"
    );
    for (period, from_trend) in &trend {
        let own = report(s, "MONTHLY", &period.id).unwrap();
        assert_eq!(from_trend.rows, own.rows, "{} as its own report", period.id);
    }
    assert!(
        trend
            .iter()
            .any(|(_, r)| r.rows.iter().any(|m| m.this_period.unwrap_or(0.0) > 0.0)),
        "the demo's records are counted"
    );
}
