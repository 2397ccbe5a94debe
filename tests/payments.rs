//! Payments (issue 28): equal instalments in one step, the sum check, a
//! late instalment on Home, release on acceptance, the cash-flow months
//! worked out by hand (a shortfall among them), the readiness check, and
//! every refusal.

use chrono::NaiveDate;
use evident::payments::{self, State, Timing};
use evident::records::{Acceptance, Finance, Instalment, Submission};

use crate::support::{d, TestDb};

/// The council's £10,000.03 youth work agreement, April 2026 to March 2027,
/// a return each quarter.
fn council() -> TestDb {
    let mut db = TestDb::youth_club("YC-1", false);
    let mut a = db.store.agreement("YC-1").unwrap();
    a.value_pence = Some(1_000_003);
    db.store.update_agreement("YC-1", &a).unwrap();
    db
}

fn instalment(pence: i64, expected_on: NaiveDate, waits_for: Option<&str>) -> Instalment {
    Instalment {
        agreement: "YC-1".into(),
        amount_pence: pence,
        expected_on,
        waits_for: waits_for.map(String::from),
        received_on: None,
        received_pence: None,
        note: String::new(),
    }
}

#[test]
fn equal_instalments_each_quarter_come_from_one_step() {
    let mut db = council();
    let arrears = payments::plan(&mut db.store, "YC-1", Timing::Arrears).unwrap();
    let seen: Vec<(i64, NaiveDate, Option<&str>)> = arrears
        .iter()
        .map(|i| (i.amount_pence, i.expected_on, i.waits_for.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (250_000, d(2026, 7, 1), Some("2026-27 Q1")),
            (250_000, d(2026, 10, 1), Some("2026-27 Q2")),
            (250_000, d(2027, 1, 1), Some("2026-27 Q3")),
            (250_003, d(2027, 4, 1), Some("2026-27 Q4")),
        ]
    );
    // In advance, in place of that schedule (nothing has arrived yet).
    let advance = payments::plan(&mut db.store, "YC-1", Timing::Advance).unwrap();
    let days: Vec<NaiveDate> = advance.iter().map(|i| i.expected_on).collect();
    assert_eq!(
        days,
        [d(2026, 4, 1), d(2026, 7, 1), d(2026, 10, 1), d(2027, 1, 1)]
    );
    assert!(advance.iter().all(|i| i.waits_for.is_none()));
    let schedule = payments::schedule(&db.store, "YC-1", d(2026, 5, 1)).unwrap();
    assert_eq!((schedule.total_pence, schedule.mismatch), (1_000_003, None));

    // Once one has arrived, a new plan would lose it: refused, nothing changed.
    payments::receive(&mut db.store, "YC-1", d(2026, 4, 1), d(2026, 4, 3), None).unwrap();
    db.refused("arrived already", |s| {
        payments::plan(s, "YC-1", Timing::Arrears)
    });
    // An agreement with no value has nothing to divide.
    let mut a = db.store.agreement("YC-1").unwrap();
    a.value_pence = None;
    db.store.update_agreement("YC-1", &a).unwrap();
    assert!(
        payments::equal_instalments(&db.store, "YC-1", Timing::Arrears)
            .unwrap_err()
            .to_string()
            .contains("no value to divide")
    );
}

#[test]
fn instalments_that_do_not_add_up_to_the_value_are_a_check_not_a_block() {
    let mut db = council();
    payments::plan(&mut db.store, "YC-1", Timing::Advance).unwrap();
    db.store
        .add_instalment(&instalment(50_000, d(2027, 3, 1), None))
        .unwrap();
    let schedule = payments::schedule(&db.store, "YC-1", d(2026, 5, 1)).unwrap();
    assert_eq!(schedule.total_pence, 1_050_003);
    assert_eq!(
        schedule.mismatch.as_deref(),
        Some("The instalments add up to £10,500.03; the agreement's value is £10,000.03 (£500 more than its value)")
    );
    db.store.delete_instalment("YC-1", d(2027, 3, 1)).unwrap();
    db.store.delete_instalment("YC-1", d(2027, 1, 1)).unwrap();
    let schedule = payments::schedule(&db.store, "YC-1", d(2026, 5, 1)).unwrap();
    assert!(schedule
        .mismatch
        .unwrap()
        .ends_with("(£2,500.03 not scheduled)"));
}

#[test]
fn a_late_instalment_is_on_home_and_accepting_its_return_releases_it() {
    let mut db = council();
    db.store
        .add_instalment(&instalment(250_000, d(2026, 10, 1), Some("2026-27 q2")))
        .unwrap();
    // Waiting for a return not yet sent: Home says so once it is near.
    let far = payments::notices(&db.store, d(2026, 9, 1)).unwrap();
    assert!(far.is_empty(), "{far:?}");
    let near = payments::notices(&db.store, d(2026, 9, 20)).unwrap();
    assert_eq!(
        near[0].standing.sentence,
        "£2,500 from Council expected 1 October 2026 waits for the 2026-27 Q2 return, not yet sent"
    );
    db.store
        .add_submission(&Submission {
            id: 0,
            agreement: "YC-1".into(),
            period: "2026-27 Q2".into(),
            submitted_at: d(2026, 9, 28).and_hms_opt(16, 0, 0).unwrap(),
            pack_sha256: "0".repeat(64),
            values: serde_json::json!({}),
        })
        .unwrap();
    let waiting = payments::notices(&db.store, d(2026, 10, 13)).unwrap();
    assert_eq!(
        waiting[0].standing.sentence,
        "£2,500 from Council expected 1 October 2026 waits for the 2026-27 Q2 return, sent 28 September 2026, not yet marked accepted"
    );
    assert!(matches!(waiting[0].standing.state, State::Waiting { .. }));

    // Accepted on 3 October: released, and late from then.
    db.store
        .accept_return(&Acceptance {
            agreement: "YC-1".into(),
            period: "2026-27 Q2".into(),
            accepted_on: d(2026, 10, 3),
            note: "Thank you".into(),
        })
        .unwrap();
    let late = payments::notices(&db.store, d(2026, 10, 13)).unwrap();
    assert_eq!(late[0].standing.state, State::Late { days: 10 });
    assert_eq!(
        late[0].standing.sentence,
        "£2,500 from Council expected 3 October 2026, 10 days late; the 2026-27 Q2 return it waited for was accepted on 3 October 2026"
    );
    // Not yet a readiness check: that is for more than 30 days late.
    assert!(payments::overdue(&db.store, "YC-1", d(2026, 10, 13))
        .unwrap()
        .is_empty());
    let overdue = payments::overdue(&db.store, "YC-1", d(2026, 11, 10)).unwrap();
    assert_eq!(overdue.len(), 1);
    let check =
        evident::checks::for_period(&db.store, "YC-1", "2026-27 Q2", d(2026, 11, 10)).unwrap();
    let check = check
        .iter()
        .find(|c| c.id == "instalments_overdue")
        .unwrap();
    assert_eq!(check.records, overdue);

    // Received: off Home.
    payments::receive(
        &mut db.store,
        "YC-1",
        d(2026, 10, 1),
        d(2026, 11, 12),
        Some(240_000),
    )
    .unwrap();
    assert!(payments::notices(&db.store, d(2026, 11, 12))
        .unwrap()
        .is_empty());
    let schedule = payments::schedule(&db.store, "YC-1", d(2026, 11, 12)).unwrap();
    assert_eq!(schedule.received_pence, 240_000);
}

/// A cost line of `pence` budget (and actual) for a period.
fn line(period: &str, heading: &str, budget: i64, actual: i64) -> Finance {
    Finance {
        agreement: "YC-1".into(),
        period: period.into(),
        heading: heading.into(),
        budget_pence: budget,
        actual_pence: actual,
        note: String::new(),
    }
}

#[test]
fn the_cash_flow_months_are_as_worked_out_by_hand_and_say_when_money_runs_short() {
    let mut db = council();
    // Q3 (October to December) budgets £3,000: £1,000 a month. Q4 has no
    // budget yet: its months take the average spent, £2,700 over Q1 and
    // Q2's six months, £450 a month.
    db.store
        .set_finance(&line("2026-27 Q1", "Staffing", 150_000, 120_000))
        .unwrap();
    db.store
        .set_finance(&line("2026-27 Q2", "Staffing", 150_000, 150_000))
        .unwrap();
    db.store
        .set_finance(&line("2026-27 Q3", "Staffing", 300_000, 0))
        .unwrap();
    // £2,500 late since 1 October (counted in the first month), £2,500 on
    // 1 January.
    db.store
        .add_instalment(&instalment(250_000, d(2026, 10, 1), None))
        .unwrap();
    db.store
        .add_instalment(&instalment(250_000, d(2027, 1, 1), None))
        .unwrap();
    db.store
        .set_cash_balance(-200_000, d(2026, 11, 15))
        .unwrap();
    let flow = payments::cash_flow(&db.store, d(2026, 11, 15)).unwrap();
    let months: Vec<(&str, i64, i64, i64)> = flow
        .months
        .iter()
        .map(|m| {
            (
                m.month.as_str(),
                m.money_in_pence,
                m.spend_pence,
                m.balance_pence,
            )
        })
        .collect();
    // November: -2,000 + 2,500 - 1,000 = -500; December: -500 - 1,000 =
    // -1,500; January: -1,500 + 2,500 - 450 = 550.
    assert_eq!(
        months,
        [
            ("2026-11", 250_000, 100_000, -50_000),
            ("2026-12", 0, 100_000, -150_000),
            ("2027-01", 250_000, 45_000, 55_000),
        ]
    );
    assert_eq!(flow.short_in.as_deref(), Some("2026-11"));
    // With £1,000 in hand it never runs short.
    db.store.set_cash_balance(100_000, d(2026, 11, 15)).unwrap();
    let flow = payments::cash_flow(&db.store, d(2026, 11, 15)).unwrap();
    assert_eq!(
        flow.months
            .iter()
            .map(|m| m.balance_pence)
            .collect::<Vec<_>>(),
        [250_000, 150_000, 355_000]
    );
    assert_eq!(flow.short_in, None);
}

#[test]
fn bad_instalments_are_refused_and_change_nothing() {
    let mut db = council();
    db.store
        .add_instalment(&instalment(100_000, d(2026, 7, 1), None))
        .unwrap();
    db.refused("more than nothing", |s| {
        s.add_instalment(&instalment(0, d(2026, 8, 1), None))
    });
    db.refused("already", |s| {
        s.add_instalment(&instalment(5, d(2026, 7, 1), None))
    });
    db.refused("2031-32 Q1", |s| {
        s.add_instalment(&instalment(5, d(2026, 8, 1), Some("2031-32 Q1")))
    });
    let mut arrived = instalment(5, d(2026, 8, 1), None);
    arrived.received_on = Some(d(2026, 8, 2));
    db.refused("how much arrived", |s| s.add_instalment(&arrived));
    db.refused("instalment expected on", |s| {
        payments::receive(s, "YC-1", d(2026, 9, 9), d(2026, 9, 10), None)
    });
}

#[test]
fn the_packs_finance_shows_instalments_expected_and_received_to_date() {
    use calamine::{Data, Reader};
    let mut db = council();
    payments::plan(&mut db.store, "YC-1", Timing::Arrears).unwrap();
    payments::receive(
        &mut db.store,
        "YC-1",
        d(2026, 7, 1),
        d(2026, 7, 20),
        Some(245_000),
    )
    .unwrap();
    let options = evident::pack::Options {
        prepared_by: "Sam Jones".into(),
        now: crate::support::now(),
    };
    let out = db.dir().join("pack.xlsx");
    let written = evident::pack::export(&db.store, "YC-1", "2026-27 Q3", &out, &options).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&written.path).unwrap();
    let finance = book.worksheet_range("Finance").unwrap();
    let rows: Vec<Vec<Data>> = finance.rows().map(|r| r.to_vec()).collect();
    let at = rows
        .iter()
        .position(|r| r[0] == Data::String("Instalments to date: expected on".into()))
        .expect("the instalments' table");
    let text = |r: &[Data]| r.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    // Expected by 31 December: 1 July (received, £2,450 on 20 July) and
    // 1 October (not yet); 1 January is after the period.
    assert_eq!(rows[at + 1][1], Data::Float(2500.0));
    assert_eq!(rows[at + 1][3], Data::Float(2450.0));
    assert!(matches!(rows[at + 1][2], Data::DateTime(_)));
    assert_eq!(text(&rows[at + 2])[2], "not yet");
    assert_eq!(text(&rows[at + 2])[4], "2026-27 Q2");
    assert_eq!(
        rows[at + 3][0],
        Data::String("Expected to date, and received".into())
    );
    assert_eq!(
        (rows[at + 3][1].clone(), rows[at + 3][3].clone()),
        (Data::Float(5000.0), Data::Float(2450.0))
    );
}

#[test]
fn the_schedule_travels_in_the_framework_workbook() {
    let mut db = council();
    payments::plan(&mut db.store, "YC-1", Timing::Arrears).unwrap();
    let framework = evident::framework::Framework::of_agreement(&db.store, "YC-1").unwrap();
    assert_eq!(framework.payments.len(), 4);
    assert_eq!(framework.payments[3].amount, "2500.03");
    let path = db.dir().join("framework.xlsx");
    std::fs::write(&path, framework.to_xlsx().unwrap()).unwrap();
    let mut fresh = TestDb::youth_club("OTHER", false);
    let report = evident::framework::import(&mut fresh.store, &path, false).unwrap();
    assert!(report.written);
    assert_eq!(
        fresh.store.instalments(Some("YC-1")).unwrap(),
        db.store.instalments(Some("YC-1")).unwrap()
    );

    // A row whose day is not a day: named, nothing set up.
    let mut broken = framework.clone();
    broken.payments[1].expected = "the first of October".into();
    std::fs::write(&path, broken.to_xlsx().unwrap()).unwrap();
    let mut other = TestDb::youth_club("OTHER", false);
    let before = other.fingerprint();
    let err = evident::framework::import(&mut other.store, &path, false).unwrap_err();
    let problems = err.problems().unwrap();
    assert!(
        problems.iter().any(|p| p.file.ends_with("sheet Payments")
            && p.line == Some(3)
            && p.column.as_deref() == Some("Expected")),
        "{problems:#?}"
    );
    assert_eq!(before, other.fingerprint());
}
