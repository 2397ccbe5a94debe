//! Demo data: a realistic small organisation, the same every time (seeded),
//! for trying Evident out, for tests and, at larger sizes, for benchmarks.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::error::{Error, Result};
use crate::framework::Framework;
use crate::periods;
use crate::records::*;
use crate::store::{SessionQuery, Store};
use calendar::Holiday;

pub mod calendar;
mod returns;

/// How much demo data to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// About 60 participants over one year: for trying the app and for tests.
    Small,
    /// About 2,000 participants over five years: for benchmarks.
    Large,
    /// About 20,000 participants over ten years: for benchmarks.
    Huge,
}

impl Size {
    fn participants(self) -> usize {
        match self {
            Size::Small => 60,
            Size::Large => 2_000,
            Size::Huge => 20_000,
        }
    }

    fn years(self) -> u32 {
        match self {
            Size::Small => 1,
            Size::Large => 5,
            Size::Huge => 10,
        }
    }

    fn sessions_per_week(self) -> u64 {
        match self {
            Size::Small => 1,
            Size::Large => 2,
            Size::Huge => 3,
        }
    }
}

/// The last day of the records of a demo made on [`DEMO_DAY`]: the end of
/// financial year 2025-26. The demo is written for that day; made on
/// another, it is the same organisation moved in time (see [`When`]).
pub const DEMO_END: NaiveDate = NaiveDate::from_ymd_opt(2026, 3, 31).expect("a real date");

/// A day on which the demo is made as written (tests make it on this day).
pub const DEMO_DAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 4, 8).expect("a real date");

/// When a demo made on a given day runs: its records end with the month
/// before, so that its latest period has just ended and the next return is
/// due within weeks. Everything written for [`DEMO_END`] moves by whole
/// months, and the financial year starts in the month (January to June)
/// that keeps every quarter and half-year on the months it had.
#[derive(Debug, Clone, Copy)]
pub struct When {
    /// The last day of the records.
    pub end: NaiveDate,
    /// Months from [`DEMO_END`] to `end`.
    months: i32,
    /// The organisation's first month of the financial year.
    fy_start_month: u32,
}

impl When {
    /// The demo made on `today`.
    pub fn made_on(today: NaiveDate) -> When {
        let end = today.with_day(1).unwrap_or(today) - Days::new(1);
        let months = (end.year() * 12 + end.month() as i32)
            - (DEMO_END.year() * 12 + DEMO_END.month() as i32);
        When {
            end,
            months,
            fy_start_month: (4 + months - 1).rem_euclid(6) as u32 + 1,
        }
    }

    /// A day written for the demo made on [`DEMO_DAY`], moved to this one: a
    /// month's last day stays its month's last day.
    pub fn moved(&self, day: NaiveDate) -> NaiveDate {
        let month_end = (day + Days::new(1)).day() == 1;
        let base = if month_end { day + Days::new(1) } else { day };
        let moved = if self.months >= 0 {
            base + Months::new(self.months as u32)
        } else {
            base - Months::new(self.months.unsigned_abs())
        };
        if month_end {
            moved - Days::new(1)
        } else {
            moved
        }
    }
}

/// The references of the demo's agreements.
pub const COUNCIL_CONTRACT: &str = "NBC-CYP-01";
/// The nine-month contract that starts on 1 July.
pub const NINE_MONTH_CONTRACT: &str = "NBC-YW-02";
/// The trust's grant.
pub const TRUST_GRANT: &str = "HCT-FT-25";

/// What the demo made.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    /// Participants added.
    pub participants: usize,
    /// Sessions added.
    pub sessions: usize,
    /// Named attendances added.
    pub attendances: usize,
    /// Assessments added.
    pub assessments: usize,
}

/// When a programme meets through the year.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Runs {
    /// In school terms only.
    TermTime,
    /// In the school holidays, except Christmas.
    SchoolHolidays,
    /// All year except the Christmas fortnight.
    AllYear,
}

struct ProgrammePlan {
    name: &'static str,
    /// The first day of the week it meets.
    weekday: Weekday,
    /// How many days in a row it meets from `weekday` (more at larger sizes).
    days: u32,
    runs: Runs,
    start: (u32, u32),
    minutes: u32,
    location: &'static str,
    ages: (u32, u32),
}

impl ProgrammePlan {
    /// Whether it meets on `date`: its days of the week, its season, and
    /// never on a bank holiday.
    fn meets(&self, date: NaiveDate, size: Size) -> bool {
        let from = self.weekday.num_days_from_monday();
        let days = (self.days + size.sessions_per_week() as u32 - 1).min(5 - from);
        let weekday = date.weekday().num_days_from_monday();
        let holiday = calendar::school_holiday(date);
        let in_season = match self.runs {
            Runs::TermTime => holiday.is_none(),
            Runs::SchoolHolidays => {
                matches!(holiday, Some(Holiday::Short | Holiday::Summer))
            }
            Runs::AllYear => holiday != Some(Holiday::Christmas),
        };
        (from..from + days).contains(&weekday) && in_season && !calendar::is_bank_holiday(date)
    }
}

const PROGRAMMES: [ProgrammePlan; 4] = [
    ProgrammePlan {
        name: "After-school club",
        weekday: Weekday::Mon,
        days: 1,
        runs: Runs::TermTime,
        start: (15, 30),
        minutes: 120,
        location: "Riverside Centre",
        ages: (5, 11),
    },
    ProgrammePlan {
        name: "Holiday play scheme",
        weekday: Weekday::Tue,
        days: 3,
        runs: Runs::SchoolHolidays,
        start: (10, 0),
        minutes: 180,
        location: "Eastfield Park pavilion",
        ages: (5, 12),
    },
    ProgrammePlan {
        name: "Youth club",
        weekday: Weekday::Thu,
        days: 1,
        runs: Runs::AllYear,
        start: (18, 30),
        minutes: 120,
        location: "Riverside Centre",
        ages: (11, 18),
    },
    ProgrammePlan {
        name: "Parents' group",
        weekday: Weekday::Fri,
        days: 1,
        runs: Runs::TermTime,
        start: (10, 0),
        minutes: 90,
        location: "Old Town library",
        ages: (20, 45),
    },
];

/// First names by the gender recorded, and surnames: a fixed list, so
/// that a demo made on one day is the same every time, varied as a
/// Northbridge register would be.
const GIRLS: [&str; 30] = [
    "Amara", "Chloe", "Ellie", "Grace", "Isla", "Leah", "Maya", "Rosa", "Tia", "Zara", "Aisha",
    "Freya", "Poppy", "Ruby", "Hannah", "Sophie", "Maryam", "Niamh", "Jessica", "Olivia", "Fatima",
    "Keira", "Lily", "Ayesha", "Evie", "Mia", "Sienna", "Holly", "Imani", "Bethany",
];
const BOYS: [&str; 30] = [
    "Ben", "Dev", "Finn", "Hamza", "Jay", "Kai", "Noah", "Olu", "Sami", "Umar", "Yusuf", "Callum",
    "Ethan", "Harry", "Jacob", "Kian", "Liam", "Mason", "Oscar", "Reece", "Tyler", "Zain",
    "Ibrahim", "Kwame", "Luca", "Owen", "Declan", "Ravi", "Tomasz", "Jamal",
];
const EITHER: [&str; 10] = [
    "Alex", "Jordan", "Sam", "Robin", "Charlie", "Jamie", "Riley", "Morgan", "Frankie", "Quinn",
];
const SURNAMES: [&str; 40] = [
    "Ahmed", "Begum", "Brown", "Campbell", "Clarke", "Davies", "Evans", "Francis", "Green",
    "Hughes", "Hussain", "Iqbal", "Jones", "Kaur", "Khan", "Kowalski", "Lewis", "Mensah",
    "Mohammed", "Morris", "Murphy", "Nowak", "Okafor", "O'Brien", "Patel", "Price", "Rahman",
    "Roberts", "Robinson", "Shah", "Singh", "Smith", "Taylor", "Thomas", "Turner", "Walker",
    "Ward", "Williams", "Wilson", "Wright",
];

/// A name for someone of `gender`, not yet given to anyone in `used`.
fn name_for(
    rng: &mut ChaCha8Rng,
    gender: &str,
    used: &mut std::collections::HashSet<String>,
) -> String {
    let firsts: &[&str] = match gender {
        "Girl or woman" => &GIRLS,
        "Boy or man" => &BOYS,
        _ => &EITHER,
    };
    loop {
        let name = format!(
            "{} {}",
            firsts[rng.random_range(0..firsts.len())],
            SURNAMES[rng.random_range(0..SURNAMES.len())]
        );
        if used.insert(name.clone()) || used.len() > firsts.len() * SURNAMES.len() / 2 {
            return name;
        }
    }
}

const AREAS: [&str; 5] = [
    "Northside",
    "Riverside",
    "Eastfield",
    "Old Town",
    "Westgate",
];
const REFERRERS: [&str; 5] = [
    "School",
    "Self or family",
    "Social care",
    "Health visitor",
    "Youth worker",
];
const ETHNICITIES: [(&str, u32); 8] = [
    (
        "White: English, Welsh, Scottish, Northern Irish or British",
        50,
    ),
    ("Asian or Asian British: Pakistani", 10),
    ("Asian or Asian British: Bangladeshi", 6),
    ("Black, Black British, Caribbean or African: African", 10),
    ("Black, Black British, Caribbean or African: Caribbean", 5),
    ("Mixed or multiple: White and Black Caribbean", 7),
    ("White: any other White background", 8),
    ("Prefer not to say", 4),
];
const GENDERS: [(&str, u32); 4] = [
    ("Girl or woman", 47),
    ("Boy or man", 47),
    ("Non-binary", 3),
    ("Prefer not to say", 3),
];
const GROUPS: [(&str, f64); 5] = [
    ("free school meals", 0.35),
    ("council tenant", 0.3),
    ("young carer", 0.08),
    ("looked-after child or care leaver", 0.05),
    ("refugee or asylum seeker", 0.06),
];
const NOTES: [&str; 5] = [
    "Spoke up in the group discussion for the first time",
    "Helped a younger child with their work without being asked",
    "Parent said things are calmer at home",
    "Came on their own and joined in straight away",
    "Teacher said they are settling better in class",
];

const CONFIDENCE: &str = "Self-rated confidence";
const DAYS_MISSED: &str = "School days missed this half-term";
const RATING: &str = "Session rating";
const MORE_CONFIDENT: &str = "More confident";
const HOME: &str = "Gets on better at home";

/// Fills a new database with the demo organisation. Refuses a database that
/// already has an organisation, so that real records are never mixed with it.
///
/// It is written all or nothing (one transaction), so an interrupted demo
/// leaves an empty database that the next try fills.
/// Its records run to the end of the month before `today` (see [`When`]);
/// the same day gives the same demo.
pub fn fill(store: &mut Store, size: Size, today: NaiveDate) -> Result<Summary> {
    fill_as(store, size, today, &Provider::default())
}

/// Which of many demo organisations to make: the commissioner's desk is
/// tried, tested and benchmarked on providers of different names, sizes and
/// seeds. The default is the demo organisation itself.
#[derive(Debug, Clone)]
pub struct Provider {
    /// The organisation's name.
    pub name: String,
    /// The seed its people, registers and scores are drawn from.
    pub seed: u64,
    /// How many people it has, when not its size's.
    pub participants: Option<usize>,
}

impl Default for Provider {
    fn default() -> Provider {
        Provider {
            name: "Riverside Youth and Family Project".into(),
            seed: 2026,
            participants: None,
        }
    }
}

/// Fills a new database with a demo organisation as [`fill`] does, as the
/// `provider` given.
pub fn fill_as(
    store: &mut Store,
    size: Size,
    today: NaiveDate,
    provider: &Provider,
) -> Result<Summary> {
    if store.is_initialised()? {
        return Err(Error::AlreadySetUp(store.organisation()?.name));
    }
    store.writes_all_or_nothing(|s| fill_in(s, size, When::made_on(today), provider))
}

fn fill_in(store: &mut Store, size: Size, when: When, provider: &Provider) -> Result<Summary> {
    let mut rng = ChaCha8Rng::seed_from_u64(provider.seed);
    let end = when.end;
    let first_day = end + Days::new(1) - Months::new(12 * size.years());
    let participants = provider.participants.unwrap_or(size.participants());
    // Targets are per period: they grow with the people a year, not with
    // every person of a demo that spans years.
    let scale = participants as f64 / size.years() as f64 / 60.0;

    store.init_organisation(&Organisation {
        name: provider.name.clone(),
        charity_number: "1180000".into(),
        contact_name: returns::COORDINATOR.0.into(),
        contact_role: returns::COORDINATOR.1.into(),
        contact_email: "sam@riverside-yfp.org.uk".into(),
        contact_phone: "01632 960123".into(),
        fy_start_month: when.fy_start_month,
        ..Organisation::default()
    })?;
    store.add_funder(&Funder {
        name: "Northbridge Borough Council".into(),
        contact: "Early help commissioning team".into(),
        archived: false,
    })?;
    store.add_funder(&Funder {
        name: "Hartley Community Trust".into(),
        contact: "Grants officer".into(),
        archived: false,
    })?;
    for plan in &PROGRAMMES {
        store.add_programme(&Programme {
            name: plan.name.into(),
            description: format!("{} at {}", plan.name, plan.location),
            archived: false,
        })?;
    }
    add_frameworks(store, first_day, scale, &when)?;
    add_council_form(store, end)?;

    add_team(store, end)?;
    let mut summary = Summary::default();
    let people = add_participants(store, &mut rng, participants, first_day, end, &mut summary)?;
    add_sessions(store, &mut rng, size, first_day, end, &people, &mut summary)?;
    add_assessments(store, &mut rng, first_day, end, &people, &mut summary)?;
    add_log_and_stories(store, &mut rng, &people, &when)?;
    add_manual_values(store)?;
    returns::add(store, end)?;
    add_payments(store, end)?;
    Ok(summary)
}

/// The council contract paid in equal instalments each quarter in arrears,
/// each waiting for its quarter's return: every return sent is accepted a
/// fortnight later and paid ten days after that, but for the latest one
/// released, which is late (DESIGN "Payments").
fn add_payments(store: &mut Store, end: NaiveDate) -> Result<()> {
    crate::payments::plan(store, COUNCIL_CONTRACT, crate::payments::Timing::Arrears)?;
    for sent in store.submissions(COUNCIL_CONTRACT)? {
        store.accept_return(&crate::records::Acceptance {
            agreement: COUNCIL_CONTRACT.into(),
            period: sent.period.clone(),
            accepted_on: sent.submitted_at.date() + Days::new(14),
            note: "Accepted by the early help commissioning team".into(),
        })?;
    }
    let schedule = crate::payments::schedule(store, COUNCIL_CONTRACT, end)?;
    let released: Vec<_> = schedule
        .instalments
        .iter()
        .filter(|s| !matches!(s.state, crate::payments::State::Waiting { .. }))
        .filter(|s| s.due_on + Days::new(10) <= end)
        .collect();
    for s in released.iter().take(released.len().saturating_sub(1)) {
        let on = s.due_on + Days::new(10);
        crate::payments::receive(store, COUNCIL_CONTRACT, s.instalment.expected_on, on, None)?;
    }
    Ok(())
}

/// The council's own quarterly monitoring form, kept with its contract and
/// mapped as a coordinator would (DESIGN "The funder's own form"), so that
/// every return of the sample fills it in. It is the first of the fixture
/// forms `examples/funder_forms.rs` writes.
fn add_council_form(store: &mut Store, end: NaiveDate) -> Result<()> {
    const FORM: &[u8] =
        include_bytes!("../../tests/fixtures/forms/council-quarterly-monitoring.xlsx");
    const MAPPING: &str =
        include_str!("../../tests/fixtures/forms/council-quarterly-monitoring.mapping.csv");
    let kept_on = end.and_hms_opt(9, 0, 0).unwrap_or_default();
    store.keep_form(
        COUNCIL_CONTRACT,
        "council-quarterly-monitoring.xlsx",
        FORM,
        kept_on,
    )?;
    let mut rows = Vec::new();
    for (i, record) in csv::Reader::from_reader(MAPPING.as_bytes())
        .records()
        .enumerate()
    {
        let record = record.map_err(|e| Error::invalid("mapping", e.to_string()))?;
        let cell = crate::records::FormCell {
            sheet: record[0].to_string(),
            cell: record[1].to_string(),
            source: record[2].to_string(),
        };
        rows.push((i + 2, cell));
    }
    crate::funder_form::set_mapping(store, COUNCIL_CONTRACT, "the council's form", &rows)?;
    Ok(())
}

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// The team: name, role, paid, hours a week, funded post (title, agreement,
/// cost a year in pounds), DBS checked and renewal (months from the demo's
/// end), safeguarding lead. Names stay on the laptop.
type TeamPlan = (
    &'static str,
    &'static str,
    bool,
    Option<f64>,
    Option<(&'static str, &'static str, i64)>,
    (i32, i32),
    bool,
);

const TEAM: [TeamPlan; 9] = [
    (
        "Sam Okafor",
        "Project coordinator",
        true,
        Some(37.0),
        Some((
            "Project coordinator (0.5 of the post)",
            COUNCIL_CONTRACT,
            16_000,
        )),
        (-20, 16),
        false,
    ),
    (
        "Grace Mensah",
        "Youth work manager",
        true,
        Some(30.0),
        Some(("Youth work manager (0.8)", NINE_MONTH_CONTRACT, 26_000)),
        (-8, 28),
        true,
    ),
    (
        "Tom Hughes",
        "Play worker",
        true,
        Some(20.0),
        Some(("Play worker (0.5)", COUNCIL_CONTRACT, 12_500)),
        (-30, 6),
        false,
    ),
    (
        "Aisha Rahman",
        "Family support worker",
        true,
        Some(18.0),
        Some(("Family support worker (0.5)", TRUST_GRANT, 14_000)),
        (-14, 22),
        false,
    ),
    (
        "Ellen Price",
        "Session volunteer",
        false,
        None,
        None,
        (-35, 1),
        false,
    ),
    (
        "Kofi Asante",
        "Session volunteer",
        false,
        None,
        None,
        (-10, 26),
        false,
    ),
    (
        "Jess Walker",
        "Session volunteer",
        false,
        None,
        None,
        (-4, 32),
        false,
    ),
    (
        "Ravi Patel",
        "Homework corner volunteer",
        false,
        None,
        None,
        (-22, 14),
        false,
    ),
    (
        "Nina Kowalski",
        "Crèche volunteer",
        false,
        None,
        None,
        (-16, 20),
        false,
    ),
];

/// Who runs each programme: its paid staff (two a session, as the
/// demo's ratios need) by position in [`TEAM`].
const RUN_BY: [[usize; 2]; 4] = [[2, 0], [2, 1], [1, 0], [3, 0]];

/// The team, with DBS checks a few years old and renewals spread out (one
/// due within weeks of the demo's end, so that Home says so).
fn add_team(store: &mut Store, end: NaiveDate) -> Result<()> {
    let month = |n: i32| {
        if n >= 0 {
            end + Months::new(n as u32)
        } else {
            end - Months::new(n.unsigned_abs())
        }
    };
    for (name, role, paid, hours, post, (checked, renewal), lead) in TEAM {
        store.add_team_member(&TeamMember {
            name: name.into(),
            role: role.into(),
            paid,
            hours_a_week: hours,
            post: post.map(|p| p.0.to_string()).unwrap_or_default(),
            post_agreement: post.map(|p| p.1.to_string()),
            post_cost_pence: post.map(|p| p.2 * 100),
            dbs_checked: Some(month(checked)),
            // Renewal three years after the check, as many funders ask.
            dbs_renewal: Some(month(renewal).min(month(checked) + Months::new(36))),
            safeguarding_lead: lead,
            left_date: None,
        })?;
    }
    Ok(())
}

/// A demo participant's plan: who, which programmes, and when they came.
struct Person {
    code: String,
    programmes: Vec<usize>,
    joined: NaiveDate,
    left: NaiveDate,
    child: bool,
    gender: &'static str,
    born: NaiveDate,
    /// Said yes to stories on their own record.
    tells_stories: bool,
}

/// A feedback card's score: mostly 4 or 5, as sessions are rated.
fn weighted_score(rng: &mut ChaCha8Rng) -> u8 {
    match rng.random_range(0..100) {
        0..=39 => 5,
        40..=74 => 4,
        75..=91 => 3,
        _ => 2,
    }
}

fn weighted<'a>(rng: &mut ChaCha8Rng, items: &[(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut pick = rng.random_range(0..total);
    for (item, weight) in items {
        if pick < *weight {
            return item;
        }
        pick -= weight;
    }
    items[0].0
}

fn add_participants(
    store: &mut Store,
    rng: &mut ChaCha8Rng,
    participants: usize,
    first_day: NaiveDate,
    end: NaiveDate,
    summary: &mut Summary,
) -> Result<Vec<Person>> {
    let span_days = (end - first_day).num_days();
    let mut people = Vec::new();
    let mut records = Vec::new();
    // Names come from their own stream, so that the rest of the demo is
    // the same whatever the lists hold.
    let mut names = ChaCha8Rng::seed_from_u64(61);
    let mut used = std::collections::HashSet::new();
    for _ in 0..participants {
        let main = match rng.random_range(0..10) {
            0..=3 => 0,
            4..=5 => 1,
            6..=8 => 2,
            _ => 3,
        };
        let mut programmes = vec![main];
        if main < 2 && rng.random_bool(0.3) {
            programmes.push(1 - main);
        } else if main == 2 && rng.random_bool(0.1) {
            programmes.push(3);
        }
        // Some were already coming when the records start; the rest join through the span.
        let joined = if rng.random_bool(0.4) {
            first_day + Days::new(rng.random_range(0..3))
        } else {
            first_day + Days::new(rng.random_range(0..(span_days - 20).max(1)) as u64)
        };
        let stay = Months::new(rng.random_range(3..=18));
        let left = (joined + stay).min(end);
        let plan = &PROGRAMMES[main];
        let age_at_join = rng.random_range(plan.ages.0..=plan.ages.1);
        let born = joined - Days::new(u64::from(age_at_join) * 365 + rng.random_range(0..365));
        let child = main != 3;
        let consented = rng.random_bool(0.92);
        let groups = GROUPS
            .iter()
            .filter(|(_, p)| rng.random_bool(*p))
            .map(|(g, _)| g.to_string())
            .collect();
        let gender = weighted(rng, &GENDERS);
        records.push(Participant {
            code: String::new(),
            known_as: name_for(&mut names, gender, &mut used),
            date_of_birth: Some(born),
            gender: gender.into(),
            ethnicity: weighted(rng, &ETHNICITIES).into(),
            area: AREAS.choose(rng).copied().unwrap_or("Riverside").into(),
            disability: if rng.random_bool(0.1) {
                None
            } else {
                Some(rng.random_bool(0.1))
            },
            sen: if rng.random_bool(0.1) {
                None
            } else {
                Some(rng.random_bool(0.15))
            },
            groups,
            referral_source: REFERRERS.choose(rng).copied().unwrap_or("School").into(),
            consent: Consent {
                date: consented.then_some(joined),
                photos: consented && rng.random_bool(0.7),
                stories: consented && rng.random_bool(0.5),
                lawful_basis: Some(LawfulBasis::Consent),
                given_by: Some(if age_at_join < 13 {
                    ConsentGivenBy::ParentOrCarer
                } else {
                    ConsentGivenBy::YoungPerson
                }),
                review_date: consented.then(|| joined + Months::new(12)),
            },
            left_date: (left < end).then_some(left),
            archived: false,
        });
        let tells_stories = records
            .last()
            .is_some_and(|r: &Participant| r.consent.stories);
        people.push(Person {
            code: String::new(),
            programmes,
            joined,
            left,
            child,
            gender,
            born,
            tells_stories,
        });
    }
    let stored = store.add_participants(&records, end)?;
    for (person, record) in people.iter_mut().zip(&stored) {
        person.code = record.code.clone();
    }
    summary.participants = stored.len();
    Ok(people)
}

fn add_sessions(
    store: &mut Store,
    rng: &mut ChaCha8Rng,
    size: Size,
    first_day: NaiveDate,
    end: NaiveDate,
    people: &[Person],
    summary: &mut Summary,
) -> Result<()> {
    let mut sessions = Vec::new();
    for (index, plan) in PROGRAMMES.iter().enumerate() {
        let members: Vec<&Person> = people
            .iter()
            .filter(|p| p.programmes.contains(&index))
            .collect();
        let mut held = 0;
        for date in first_day.iter_days().take_while(|d| *d <= end) {
            if !plan.meets(date, size) {
                continue;
            }
            held += 1;
            let attendees: Vec<String> = members
                .iter()
                .filter(|p| p.joined <= date && date <= p.left && rng.random_bool(0.75))
                .map(|p| p.code.clone())
                .collect();
            // The play scheme counts heads at the gate in the summer.
            let summer_drop_in = plan.runs == Runs::SchoolHolidays
                && calendar::school_holiday(date) == Some(Holiday::Summer);
            let headcount = if summer_drop_in {
                rng.random_range(5..15)
            } else {
                rng.random_range(0..3)
            };
            let volunteers = rng.random_range(1..=3);
            summary.attendances += attendees.len();
            // The programme's two staff and that many of the volunteers,
            // turn about: their hours are worked out from who ran it.
            let volunteer_names = TEAM.iter().filter(|m| !m.2).map(|m| m.0);
            let team: Vec<String> = RUN_BY[index]
                .iter()
                .map(|&m| TEAM[m].0.to_string())
                .chain(
                    volunteer_names
                        .cycle()
                        .skip(held as usize % 5)
                        .take(volunteers as usize)
                        .map(String::from),
                )
                .collect();
            sessions.push(Session {
                reference: String::new(),
                programme: plan.name.into(),
                date,
                start_time: NaiveTime::from_hms_opt(plan.start.0, plan.start.1, 0),
                duration_minutes: plan.minutes,
                location: plan.location.into(),
                attendees,
                headcount,
                staff: 2,
                volunteers,
                volunteer_hours: f64::from(volunteers) * (f64::from(plan.minutes) / 60.0 + 0.5),
                notes: if held % 13 == 0 {
                    "Trip out instead of the usual session".into()
                } else {
                    String::new()
                },
                team,
            });
        }
    }
    sessions.sort_by_key(|s| (s.date, s.start_time));
    summary.sessions = sessions.len();
    store.add_sessions(&sessions)?;
    Ok(())
}

fn add_assessments(
    store: &mut Store,
    rng: &mut ChaCha8Rng,
    first_day: NaiveDate,
    end: NaiveDate,
    people: &[Person],
    summary: &mut Summary,
) -> Result<()> {
    let mut assessments = Vec::new();
    for person in people {
        if !(person.child && rng.random_bool(0.75)) {
            continue;
        }
        let baseline_day = person.joined + Days::new(7);
        if baseline_day > end {
            continue;
        }
        let start_confidence: f64 = rng.random_range(2..=6).into();
        let start_missed: f64 = rng.random_range(2..=12).into();
        let mut add = |indicator: &str, day: NaiveDate, score: f64, stage: Stage| {
            assessments.push(Assessment {
                id: 0,
                participant: Some(person.code.clone()),
                indicator: indicator.into(),
                date: day,
                score,
                stage: Some(stage),
                programme: None,
                session: None,
            })
        };
        add(CONFIDENCE, baseline_day, start_confidence, Stage::Baseline);
        add(DAYS_MISSED, baseline_day, start_missed, Stage::Baseline);
        let mut confidence = start_confidence;
        let mut missed = start_missed;
        let mut day = baseline_day + Months::new(3);
        while day <= person.left {
            confidence = (confidence + f64::from(rng.random_range(-1..=3))).clamp(1.0, 10.0);
            missed = (missed - f64::from(rng.random_range(-2..=5))).clamp(0.0, 30.0);
            let stage = if day + Months::new(3) > person.left {
                Stage::Exit
            } else {
                Stage::Review
            };
            add(CONFIDENCE, day, confidence, stage);
            if rng.random_bool(0.7) {
                add(DAYS_MISSED, day, missed, stage);
            }
            day = day + Months::new(3);
        }
    }
    // Anonymous feedback cards: a handful every month, each handed in at
    // a session, so that it counts for the agreements paying for it.
    let sessions = store.sessions(&SessionQuery::default())?;
    let mut month = first_day;
    while month <= end {
        let next = month + Months::new(1);
        let that_month: Vec<&Session> = sessions
            .iter()
            .filter(|s| (month..next).contains(&s.date))
            .collect();
        for _ in 0..6 {
            let Some(session) = that_month.choose(rng) else {
                break;
            };
            assessments.push(Assessment {
                id: 0,
                participant: None,
                indicator: RATING.into(),
                date: session.date,
                // Most rate a session 4 or 5; a few 3, fewer 2.
                score: f64::from(weighted_score(rng)),
                stage: None,
                programme: None,
                session: Some(session.reference.clone()),
            });
        }
        month = next;
    }
    assessments.sort_by_key(|a| a.date);
    summary.assessments = assessments.len();
    store.add_assessments(&assessments)?;
    Ok(())
}

fn add_log_and_stories(
    store: &mut Store,
    rng: &mut ChaCha8Rng,
    people: &[Person],
    when: &When,
) -> Result<()> {
    let mut entries = Vec::new();
    for person in people {
        if !rng.random_bool(0.35) {
            continue;
        }
        let days = (person.left - person.joined).num_days().max(1) as u64;
        let outcome = if person.child { MORE_CONFIDENT } else { HOME };
        entries.push(OutcomeLogEntry {
            id: 0,
            participant: person.code.clone(),
            date: person.joined + Days::new(rng.random_range(0..days)),
            outcome: outcome.into(),
            programme: Some(PROGRAMMES[person.programmes[0]].name.into()),
            note: NOTES.choose(rng).copied().unwrap_or_default().into(),
            source: ["observation", "self-report", "parent or carer", "school"]
                .choose(rng)
                .copied()
                .unwrap_or("observation")
                .into(),
            logged_by: "Sam (youth worker)".into(),
        });
    }
    entries.sort_by_key(|e| e.date);
    store.add_log_entries(&entries)?;

    for story in STORIES {
        let index = PROGRAMMES
            .iter()
            .position(|g| g.name == story.programme)
            .unwrap_or(0);
        let date = when.moved(story.date);
        // Someone who came then, whose record says what the story needs:
        // yes to stories for a story told with consent, and a gender the
        // story's words can follow.
        let person = people.iter().find(|p| {
            p.programmes.contains(&index)
                && p.joined <= date
                && date <= p.left
                && p.tells_stories == story.consent
                && story.gender.is_none_or(|g| g == p.gender)
                && matches!(p.gender, "Girl or woman" | "Boy or man")
        });
        let told =
            |text: &str| person.map_or_else(|| text.to_string(), |p| in_their_words(text, p, date));
        store.add_story(&Story {
            id: 0,
            date,
            title: story.title.into(),
            programme: Some(story.programme.into()),
            participant: person.map(|p| p.code.clone()),
            consent: story.consent,
            consent_date: story.consent.then_some(date),
            situation: told(story.situation),
            action: told(story.action),
            difference: told(story.difference),
            quote: story.quote.into(),
            measures: story
                .measures
                .iter()
                .map(|(agreement, code)| MeasureRef {
                    agreement: agreement.to_string(),
                    code: code.to_string(),
                })
                .collect(),
        })?;
    }
    Ok(())
}

/// A story's words for the person it is about: `{she}`, `{her}` (whose)
/// and `{her-them}` (to whom) follow their recorded gender, `{age}` their
/// age that day.
fn in_their_words(text: &str, person: &Person, day: NaiveDate) -> String {
    let (she, her, them) = match person.gender {
        "Boy or man" => ("he", "his", "him"),
        _ => ("she", "her", "her"),
    };
    let capital = |w: &str| {
        let mut c = w.chars();
        c.next()
            .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
    };
    let age = day.years_since(person.born).unwrap_or(0);
    text.replace("{She}", &capital(she))
        .replace("{Her}", &capital(her))
        .replace("{she}", she)
        .replace("{her}", her)
        .replace("{her-them}", them)
        .replace("{age}", &age.to_string())
}

/// One of the demo's case studies, each told in its own words.
struct StoryPlan {
    date: NaiveDate,
    title: &'static str,
    programme: &'static str,
    consent: bool,
    /// The gender its words need, if any.
    gender: Option<&'static str>,
    situation: &'static str,
    action: &'static str,
    difference: &'static str,
    quote: &'static str,
    measures: &'static [(&'static str, &'static str)],
}

const STORIES: [StoryPlan; 4] = [
    StoryPlan {
        date: date(2025, 6, 20),
        title: "Finding a voice at after-school club",
        programme: "After-school club",
        consent: true,
        gender: None,
        situation: "Aged {age}, {she} had stopped speaking in class after a bereavement in the family and sat apart from the others at club.",
        action: "{Her} key worker gave {her-them} the job of handing out snacks and paired {her-them} with an older child at the art table.",
        difference: "By the end of term {she} read {her} own poem at the club's show; {her} teacher says {she} now answers questions in class.",
        quote: "I like it here because nobody rushes me.",
        measures: &[(COUNCIL_CONTRACT, "CYP7")],
    },
    StoryPlan {
        date: date(2025, 10, 9),
        title: "From the edge of the room to running the tuck shop",
        programme: "Youth club",
        consent: true,
        gender: None,
        situation: "{She} was referred by {her} school's pastoral lead after months of missed school and evenings alone online.",
        action: "Youth workers asked {her-them} to help run the tuck shop, which meant counting money and talking to other young people every week.",
        difference: "{She} now comes every Thursday, has joined the young people's steering group and missed two days of school this half-term.",
        quote: "Running the shop means people actually know who I am.",
        measures: &[(NINE_MONTH_CONTRACT, "YW4")],
    },
    StoryPlan {
        date: date(2026, 1, 16),
        title: "A calmer start to the school day",
        programme: "Parents' group",
        consent: true,
        gender: Some("Girl or woman"),
        situation: "A mother of three told the group that mornings ended in shouting and her children arrived at school late and upset.",
        action: "The group worked out a morning routine with her, and a volunteer helped her make a picture chart for the two youngest.",
        difference: "Six weeks on, the children are on time most days and she has started welcoming new parents to the group.",
        quote: "We still have bad days, but now I know what to try.",
        measures: &[(TRUST_GRANT, "FT3"), (TRUST_GRANT, "FT4")],
    },
    StoryPlan {
        date: date(2026, 2, 26),
        title: "Back to school after a long absence",
        programme: "Youth club",
        consent: false,
        gender: None,
        situation: "After a year out of school with anxiety, {she} came to youth club only when an older brother did.",
        action: "A youth worker met {her-them} and {her} mother with the school's attendance officer and planned a part-time return around club nights.",
        difference: "{She} is now in school four days a week and comes to club on {her} own.",
        quote: "Club was the first place I went without feeling sick.",
        measures: &[],
    },
];

/// The demo's three agreements, as a funder would hand them out: framework
/// sources in `assets/demo/`, loaded through the framework import (the path
/// a user takes), with their measures, indicators and outcomes.
const FRAMEWORKS: [(&str, &str); 3] = [
    (
        "council-early-help.toml",
        include_str!("../../assets/demo/council-early-help.toml"),
    ),
    (
        "youth-wellbeing.toml",
        include_str!("../../assets/demo/youth-wellbeing.toml"),
    ),
    (
        "families-together.toml",
        include_str!("../../assets/demo/families-together.toml"),
    ),
];

/// Sets up the demo's agreements from their framework sources. The sources
/// are the small demo's: an agreement that starts with its year starts with
/// the larger demos' first day instead, every period up to the demo's end
/// gets the source's target, and a target that counts people is scaled with
/// the number of people.
fn add_frameworks(store: &mut Store, first_day: NaiveDate, scale: f64, when: &When) -> Result<()> {
    let fy = store.organisation()?.fy_start_month;
    let small_first_day = when.end + Days::new(1) - Months::new(12);
    for (file, source) in FRAMEWORKS {
        let mut framework = Framework::from_toml(source)?;
        let a = &mut framework.agreement;
        // Written for the demo made on DEMO_DAY: moved to this one.
        let mut start = when.moved(crate::parse::date("start_date", &a.start_date)?);
        a.start_date = start.to_string();
        a.end_date = when
            .moved(crate::parse::date("end_date", &a.end_date)?)
            .to_string();
        for milestone in &mut framework.milestones {
            if let Ok(due) = crate::parse::date("due_date", &milestone.due_date) {
                milestone.due_date = when.moved(due).to_string();
            }
        }
        let a = &mut framework.agreement;
        if start == small_first_day {
            start = first_day;
            a.start_date = start.to_string();
        }
        let end = crate::parse::date("end_date", &a.end_date)?;
        let frequency = Frequency::parse("frequency", &a.frequency)?;
        let due = crate::parse::count("due_days", &a.due_days)?;
        let periods = periods::periods(start, end, frequency, fy, due);
        let calculations: BTreeMap<String, Calculation> = framework
            .measures
            .iter()
            .map(|m| {
                Ok((
                    m.code.clone(),
                    Calculation::parse("calculation", &m.calculation)?,
                ))
            })
            .collect::<Result<_>>()?;
        let mut targets = Vec::new();
        for target in &framework.targets {
            let value = crate::parse::number("target", &target.target)?;
            let counts_people = matches!(
                calculations.get(&target.code),
                Some(
                    Calculation::Participants
                        | Calculation::NewParticipants
                        | Calculation::ContactHours
                        | Calculation::Improved
                        | Calculation::OutcomeLogged
                )
            );
            let value = if counts_people {
                (value * scale).round()
            } else {
                value
            };
            targets.extend(periods.iter().filter(|p| p.start <= when.end).map(|p| {
                crate::framework::TargetRow {
                    code: target.code.clone(),
                    period: p.id.clone(),
                    target: value.to_string(),
                }
            }));
        }
        framework.targets = targets;
        crate::framework::import_framework(store, &framework, file, false)?;
    }
    Ok(())
}

/// The values typed for the youth contract's manual measure.
fn add_manual_values(store: &mut Store) -> Result<()> {
    for (n, value) in [(0, 4.0), (1, 7.0)] {
        store.set_manual_value(&ManualValue {
            agreement: NINE_MONTH_CONTRACT.into(),
            code: "YW6".into(),
            period: returns::nth_period(store, NINE_MONTH_CONTRACT, n)?,
            value,
            note: "From the youth workers' signposting sheet".into(),
        })?;
    }
    Ok(())
}
