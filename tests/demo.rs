//! The demo reads like a real organisation's year: clubs keep to the school
//! calendar, stories are each their own, and the returns are written as a
//! coordinator would have written them.

use std::collections::HashSet;

use evident::demo::calendar::{is_bank_holiday, school_holiday, Holiday};
use evident::demo::{COUNCIL_CONTRACT, DEMO_END, NINE_MONTH_CONTRACT, TRUST_GRANT};
use evident::measures::{self, Status};
use evident::store::SessionQuery;

use crate::support::TestDb;

#[test]
fn sessions_keep_to_the_school_calendar() {
    let db = TestDb::demo();
    let sessions = db.store.sessions(&SessionQuery::default()).unwrap();
    assert!(!sessions.is_empty());
    for s in &sessions {
        let holiday = school_holiday(s.date);
        assert!(
            !is_bank_holiday(s.date),
            "{} met on a bank holiday, {}",
            s.programme,
            s.date
        );
        match s.programme.as_str() {
            "After-school club" | "Parents' group" => assert!(
                holiday.is_none(),
                "{} is term-time only, but met on {}",
                s.programme,
                s.date
            ),
            "Holiday play scheme" => assert!(
                matches!(holiday, Some(Holiday::Short | Holiday::Summer)),
                "the play scheme met in term time, on {}",
                s.date
            ),
            _ => assert_ne!(holiday, Some(Holiday::Christmas), "open at Christmas"),
        }
    }
    let scheme = sessions
        .iter()
        .filter(|s| s.programme == "Holiday play scheme")
        .count();
    assert!(
        scheme >= 20,
        "the play scheme ran through the holidays: {scheme}"
    );
    assert!(
        sessions
            .iter()
            .all(|s| s.volunteer_hours >= 0.0 && s.volunteer_hours.is_sign_positive()),
        "no volunteer hours of -0"
    );
}

#[test]
fn each_story_is_told_in_its_own_words() {
    let db = TestDb::demo();
    let stories = db.store.stories().unwrap();
    assert!(stories.len() >= 4);
    for text in [
        |s: &evident::records::Story| s.situation.clone(),
        |s: &evident::records::Story| s.difference.clone(),
        |s: &evident::records::Story| s.quote.clone(),
    ] {
        let distinct: HashSet<String> = stories.iter().map(text).collect();
        assert_eq!(
            distinct.len(),
            stories.len(),
            "two stories share their text"
        );
    }
}

/// Finance for every period so far; narrative and curve notes for the
/// earlier periods and not yet for the latest; in the latest, one red
/// measure has its story behind the curve and another has none.
#[test]
fn the_returns_are_written_for_past_periods_and_not_yet_the_latest() {
    let db = TestDb::demo();
    let mut red_with_story = 0;
    let mut amber_without = 0;
    for reference in [COUNCIL_CONTRACT, NINE_MONTH_CONTRACT, TRUST_GRANT] {
        let periods: Vec<_> = evident::periods::of_agreement(&db.store, reference)
            .unwrap()
            .into_iter()
            .filter(|p| p.end <= DEMO_END)
            .collect();
        let finances = db.store.finances(reference).unwrap();
        for p in &periods {
            assert!(
                finances.iter().any(|f| f.period == p.id),
                "{reference} {} has no finance",
                p.id
            );
        }
        let (latest, earlier) = periods.split_last().unwrap();
        for p in earlier {
            let narrative = db.store.narrative(reference, &p.id).unwrap();
            assert!(
                narrative.answers.iter().all(|(_, text)| !text.is_empty()),
                "{reference} {} is answered",
                p.id
            );
        }
        let latest_narrative = db.store.narrative(reference, &latest.id).unwrap();
        assert!(
            latest_narrative
                .answers
                .iter()
                .all(|(_, text)| text.is_empty()),
            "the latest return is not yet written"
        );
        let report = measures::report(&db.store, reference, &latest.id).unwrap();
        for row in report
            .rows
            .iter()
            .filter(|r| matches!(r.status, Some(Status::Red | Status::Amber)))
        {
            let has_story = latest_narrative
                .curves
                .iter()
                .any(|c| c.code == row.code && !c.story.is_empty());
            match row.status {
                Some(Status::Red) => {
                    assert!(has_story, "{reference}: red {} has its story", row.code);
                    red_with_story += 1;
                }
                _ if !has_story => amber_without += 1,
                _ => {}
            }
        }
        assert!(
            !db.store.milestones(reference).unwrap().is_empty(),
            "{reference} has a milestone"
        );
    }
    assert!(red_with_story >= 1, "a red measure with its story");
    assert!(
        amber_without >= 1,
        "an amber measure without its story yet, for the readiness check to show"
    );
}

/// The demo made on another day: the same organisation moved in time, its
/// latest returns just due, the same day giving the same demo; names as a
/// register would have them, and stories told in words that follow the
/// person's recorded gender, only of those who said yes.
#[test]
fn a_demo_made_today_has_its_latest_returns_due_within_weeks() {
    let made_on = |day: chrono::NaiveDate| {
        let db = TestDb::empty();
        let mut db = db;
        evident::demo::fill(&mut db.store, evident::demo::Size::Small, day).unwrap();
        db
    };
    let today = crate::support::d(2026, 12, 2);
    let db = made_on(today);
    let content = |db: &TestDb| {
        let mut all = format!(
            "{:?}{:?}{:?}",
            db.store.participants(true).unwrap(),
            db.store.sessions(&SessionQuery::default()).unwrap(),
            db.store.stories().unwrap()
        );
        for a in [COUNCIL_CONTRACT, NINE_MONTH_CONTRACT, TRUST_GRANT] {
            for p in evident::periods::of_agreement(&db.store, a).unwrap() {
                all += &format!("{:?}", measures::report(&db.store, a, &p.id).unwrap().rows);
            }
        }
        all
    };
    assert_eq!(
        content(&db),
        content(&made_on(today)),
        "the same day gives the same demo"
    );
    let next = evident::overview::next_returns(&db.store, today).unwrap();
    assert_eq!(next.len(), 3);
    for n in &next {
        assert!(
            (0..=45).contains(&n.days_left),
            "{} {} is due in {} days",
            n.agreement,
            n.period.id,
            n.days_left
        );
        assert!(n.period.end < today && n.period.end >= crate::support::d(2026, 11, 30));
    }
    let people = db.store.participants(true).unwrap();
    let names: HashSet<&str> = people.iter().map(|p| p.known_as.as_str()).collect();
    assert_eq!(names.len(), people.len(), "no two people share a name");
    for p in &people {
        let mut words = p.known_as.split(' ');
        let (first, last) = (words.next().unwrap(), words.next().unwrap());
        assert!(
            last.len() > 2 && !first.is_empty(),
            "{:?} is a name",
            p.known_as
        );
    }
    for story in db.store.stories().unwrap() {
        let Some(code) = &story.participant else {
            continue;
        };
        let person = people.iter().find(|p| &p.code == code).unwrap();
        let text = format!("{} {} {}", story.situation, story.action, story.difference);
        let wrong = match person.gender.as_str() {
            "Boy or man" => " she ",
            _ => " he ",
        };
        let text = format!(" {} ", text.to_lowercase().replace([',', ';', '.'], " "));
        assert!(!text.contains(wrong), "{}: {text}", story.title);
        if story.consent {
            assert!(
                person.consent.stories,
                "{} is told of someone who said yes",
                story.title
            );
        }
    }
    assert_eq!(db.store.team(false).unwrap().len(), 9);
    assert!(!evident::overview::dbs_due(&db.store, today)
        .unwrap()
        .is_empty());
}
