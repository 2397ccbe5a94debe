//! The pack's third edition from the app (issue 25): the team with its DBS
//! checks (and Home's reminder), a period's safeguarding figures, and old
//! feedback cards tied to the session they were handed in at.

use chrono::{Days, Local};
use evident::forms::{AssessmentForm, IndicatorForm, SessionForm};
use evident::records::{Agreement, Calculation, Measure};

use super::{child, open_core, seed, youth_club};
use crate::driver::Window;

const AGREEMENT: &str = "YC-1";
const Q2_RETURN: &str = "#/returns/YC-1/2026-27%20Q2";

#[tokio::test]
#[ignore = "drives the real window; cargo xtask test runs it"]
async fn the_team_safeguarding_and_old_feedback_are_kept_from_the_app() {
    let window = Window::open("third-edition", |db| {
        seed(db, |store| {
            youth_club(store);
            store
                .add_agreement(&Agreement {
                    reference: AGREEMENT.into(),
                    funder: "Council".into(),
                    title: "Youth work".into(),
                    start_date: chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
                    end_date: chrono::NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
                    programmes: vec!["Youth club".into()],
                    ..Agreement::default()
                })
                .unwrap();
            IndicatorForm {
                name: Some("Session rating".into()),
                min: Some("1".into()),
                max: Some("5".into()),
                ..Default::default()
            }
            .add_to(store)
            .unwrap();
            store
                .add_measure(&Measure {
                    agreement: AGREEMENT.into(),
                    code: "R1".into(),
                    title: "Sessions rated 4 or 5".into(),
                    calculation: Calculation::PercentRatingAtLeast,
                    indicator: Some("Session rating".into()),
                    rating: Some(4.0),
                    unit: Calculation::PercentRatingAtLeast.unit(),
                    ..Measure::default()
                })
                .unwrap();
            let amara = child(store, "Amara");
            SessionForm {
                programme: Some("Youth club".into()),
                date: Some("2026-07-06".into()),
                duration_minutes: Some("90".into()),
                attendees: Some(amara),
                ..Default::default()
            }
            .add_to(store, Local::now().date_naive())
            .unwrap();
            // A card recorded before a score could say where it was given.
            AssessmentForm {
                indicator: Some("Session rating".into()),
                date: Some("2026-07-06".into()),
                score: Some("5".into()),
                ..Default::default()
            }
            .add_to(store)
            .unwrap();
        })
    })
    .await;
    window.wait_text("This week").await;

    // The team, from Settings: a DBS check due in three weeks.
    window.go("#/settings").await;
    window
        .wait_text("Staff and volunteers, their DBS checks")
        .await;
    window.click_text("the team").await;
    window.wait_text("Add someone to the team").await;
    let renewal = Local::now().date_naive() + Days::new(21);
    window.type_into("#f-name", "Jo Baker").await;
    window.type_into("#f-role", "Youth work manager").await;
    window.type_into("#f-dbs_checked", "01/01/2024").await;
    window
        .type_into("#f-dbs_renewal", &renewal.format("%d/%m/%Y").to_string())
        .await;
    window.click("#f-safeguarding_lead").await;
    window.click("#team-form button[type=submit]").await;
    window.wait_text("Added Jo Baker to the team").await;
    window.screenshot().await;
    let jo = open_core(&window).team_member("Jo Baker").unwrap();
    assert!(jo.safeguarding_lead && jo.dbs_renewal == Some(renewal));
    window.go("#/home").await;
    window.wait_text("DBS checks to renew").await;
    window
        .wait_text("Jo Baker's DBS check is due for renewal")
        .await;

    // The register names who ran the session.
    window.go("#/register/Youth%20club/2026-07-06").await;
    window.wait_text("Who ran it").await;
    window.click("#ran-0").await;
    window.click("#register-form button[type=submit]").await;
    window.wait_text("Saved").await;
    let sessions = open_core(&window).sessions(&Default::default()).unwrap();
    assert_eq!(sessions[0].team, ["Jo Baker"]);
    assert_eq!((sessions[0].staff, sessions[0].volunteers), (1, 0));

    // The period's safeguarding figures, on the return.
    window.go(Q2_RETURN).await;
    window.wait_text("Save the safeguarding figures").await;
    window.type_into("#f-safeguarding-concerns", "2").await;
    window.type_into("#f-safeguarding-referrals", "1").await;
    window.click("#safeguarding button[type=submit]").await;
    window.wait_text("Saved the safeguarding figures").await;
    let figures = open_core(&window)
        .safeguarding(AGREEMENT, "2026-27 Q2")
        .unwrap()
        .unwrap();
    assert_eq!((figures.concerns, figures.referrals), (2, 1));

    // The untied card: the check links to where it is tied.
    window
        .wait_text("Is every anonymous feedback card tied")
        .await;
    window
        .click_text("feedback card 1 (06/07/2026, Session rating)")
        .await;
    window.wait_text("Feedback to tie").await;
    let session = open_core(&window).sessions(&Default::default()).unwrap()[0]
        .reference
        .clone();
    window.choose("#tie-0", &format!("session:{session}")).await;
    window.screenshot().await;
    window.click_text("Tie this card").await;
    window.wait_text("tied to session").await;
    window
        .wait_text("Every anonymous feedback card is tied")
        .await;
    assert!(open_core(&window).untied_feedback().unwrap().is_empty());
    window.close().await;
}
