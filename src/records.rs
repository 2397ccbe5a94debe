//! The records Evident keeps (DESIGN "The records") and the rules each must
//! meet on its own. Rules that need other records (a unique code, an attendee
//! who must exist) are checked by the store inside the write's transaction.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::filter::Filter;

/// The longest name, title, code or short field accepted, in characters.
pub const SHORT_TEXT_MAX: usize = 200;
/// The longest free text (notes, story sections, narrative) accepted, in characters.
pub const LONG_TEXT_MAX: usize = 20_000;

/// Defines an enum written as fixed words, parsed without regard to case or
/// surrounding spaces, with an error that lists the accepted words.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in the order they are offered.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word this value is written as.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Reads the word for this value; `field` names the field in the error.
            pub fn parse(field: &str, text: &str) -> Result<Self> {
                let wanted = text.trim().to_lowercase();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().to_lowercase() == wanted)
                    .ok_or_else(|| {
                        let accepted: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                        Error::invalid(
                            field,
                            format!("{:?} is not a {}; use one of: {}", text.trim(), $what, accepted.join(", ")),
                        )
                    })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(text: String) -> Result<Self> {
                Self::parse($what, &text)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_string()
            }
        }
    };
}

text_enum!(
    /// What sort of funding an agreement is.
    AgreementKind, "kind of agreement" {
        Contract => "contract",
        Grant => "grant",
        ServiceLevelAgreement => "service-level agreement",
    }
);

text_enum!(
    /// How often an agreement's returns are due.
    Frequency, "reporting frequency" {
        Monthly => "monthly",
        Quarterly => "quarterly",
        SixMonthly => "six-monthly",
        Annual => "annual",
    }
);

impl Frequency {
    /// The length of one period in months.
    pub fn months(self) -> u32 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
            Frequency::SixMonthly => 6,
            Frequency::Annual => 12,
        }
    }
}

text_enum!(
    /// The three questions of Outcomes Based Accountability.
    Question, "question" {
        HowMuch => "How much",
        HowWell => "How well",
        BetterOff => "Better off",
    }
);

text_enum!(
    /// The unit a measure's value is in.
    Unit, "unit" {
        Number => "number",
        Percent => "percent",
        Hours => "hours",
        Currency => "currency",
    }
);

text_enum!(
    /// Where an assessment sits in a participant's time with the organisation.
    Stage, "stage" {
        Baseline => "baseline",
        Review => "review",
        Exit => "exit",
    }
);

text_enum!(
    /// The lawful basis for holding a participant's data.
    LawfulBasis, "lawful basis" {
        Consent => "consent",
        LegitimateInterest => "legitimate interest",
    }
);

text_enum!(
    /// Who gave a participant's consent.
    ConsentGivenBy, "person giving consent" {
        YoungPerson => "young person",
        ParentOrCarer => "parent or carer",
    }
);

text_enum!(
    /// How a measure's value is computed from the records (DESIGN "Calculations").
    Calculation, "calculation" {
        Participants => "participants",
        NewParticipants => "new_participants",
        Sessions => "sessions",
        Attendances => "attendances",
        AverageAttendances => "average_attendances",
        ContactHours => "contact_hours",
        VolunteerHours => "volunteer_hours",
        PercentAttendingMinSessions => "percent_attending_min_sessions",
        PercentWith => "percent_with",
        PercentAttendancesWith => "percent_attendances_with",
        Assessed => "assessed",
        Improved => "improved",
        PercentImproved => "percent_improved",
        PercentRatingAtLeast => "percent_rating_at_least",
        OutcomeLogged => "outcome_logged",
        Stories => "stories",
        Manual => "manual",
    }
);

impl Calculation {
    /// The unit this calculation's value is in, unless a measure says otherwise.
    pub fn unit(self) -> Unit {
        match self {
            Calculation::PercentAttendingMinSessions
            | Calculation::PercentWith
            | Calculation::PercentAttendancesWith
            | Calculation::PercentImproved
            | Calculation::PercentRatingAtLeast => Unit::Percent,
            Calculation::ContactHours | Calculation::VolunteerHours => Unit::Hours,
            _ => Unit::Number,
        }
    }

    /// What it counts, in plain words for whoever chooses it.
    pub fn describe(self) -> &'static str {
        match self {
            Calculation::Participants => "How many people came (to at least the fewest sessions you set; one unless you say).",
            Calculation::NewParticipants => "How many people came for the very first time.",
            Calculation::Sessions => "How many sessions ran.",
            Calculation::Attendances => "How many times people came: named on registers, and counted at the door.",
            Calculation::AverageAttendances => "How many sessions each person came to, on average.",
            Calculation::ContactHours => "Hours of contact: each session's length times the people at it, added up.",
            Calculation::VolunteerHours => "How many hours volunteers gave.",
            Calculation::PercentAttendingMinSessions => "The share of people who came to at least the fewest sessions you set.",
            Calculation::PercentWith => "The share of people who match the filter you set (a priority group, an area, an age band).",
            Calculation::PercentAttendancesWith => "The share of visits made by people who match the filter.",
            Calculation::Assessed => "How many people have had a follow-up score on the indicator.",
            Calculation::Improved => "How many people's score has improved since their first, by at least the change you set.",
            Calculation::PercentImproved => "Of the people with a follow-up score, the share whose score has improved.",
            Calculation::PercentRatingAtLeast => "The share of scores at or above the rating you set (sessions rated 4 or 5, say).",
            Calculation::OutcomeLogged => "How many people had a change logged for the outcome.",
            Calculation::Stories => "How many stories told with consent.",
            Calculation::Manual => "A figure you type in for each period, not counted from the records.",
        }
    }

    /// The options this calculation reads, by form field: `indicator` (for
    /// `outcome_logged`, the outcome), `min_sessions`, `threshold`,
    /// `rating` and `filter`.
    pub fn options(self) -> &'static [&'static str] {
        match self {
            Calculation::Participants | Calculation::PercentAttendingMinSessions => {
                &["min_sessions", "filter"]
            }
            Calculation::Sessions | Calculation::VolunteerHours => &["filter"],
            Calculation::NewParticipants
            | Calculation::Attendances
            | Calculation::AverageAttendances
            | Calculation::ContactHours
            | Calculation::PercentWith
            | Calculation::PercentAttendancesWith => &["filter"],
            Calculation::Assessed | Calculation::OutcomeLogged => &["indicator", "filter"],
            Calculation::Improved | Calculation::PercentImproved => {
                &["indicator", "threshold", "filter"]
            }
            Calculation::PercentRatingAtLeast => &["indicator", "rating", "filter"],
            Calculation::Stories | Calculation::Manual => &[],
        }
    }

    /// Whether the measure must name an indicator.
    pub fn needs_indicator(self) -> bool {
        matches!(
            self,
            Calculation::Assessed
                | Calculation::Improved
                | Calculation::PercentImproved
                | Calculation::PercentRatingAtLeast
        )
    }
}

/// The most volunteer hours one session may record.
pub const MAX_VOLUNTEER_HOURS: f64 = 1_000.0;

/// Checks a piece of text: required or not, and no longer than `max` characters.
pub fn check_text(field: &str, value: &str, required: bool, max: usize) -> Result<()> {
    if required && value.trim().is_empty() {
        return Err(Error::invalid(field, "is required; fill it in"));
    }
    // Control characters (a NUL from a damaged file, say) are never text a
    // person typed; new lines and tabs are.
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Error::invalid(
            field,
            "holds a hidden control character (from a damaged or converted file); type the text again",
        ));
    }
    let length = value.chars().count();
    if length > max {
        return Err(Error::invalid(
            field,
            format!("is {length} characters long; shorten it to {max} or fewer"),
        ));
    }
    Ok(())
}

fn check_short(field: &str, value: &str, required: bool) -> Result<()> {
    check_text(field, value, required, SHORT_TEXT_MAX)
}

fn check_long(field: &str, value: &str) -> Result<()> {
    check_text(field, value, false, LONG_TEXT_MAX)
}

fn check_finite(field: &str, value: f64) -> Result<()> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(field, "must be a number"))
    }
}

/// The organisation using this copy of Evident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    /// The organisation's name, shown on every pack.
    pub name: String,
    /// Registered charity number, if any.
    pub charity_number: String,
    /// The month (1–12) the financial year starts; April by default.
    pub fy_start_month: u32,
    /// Age bands for reporting, youngest first (`0-4`, …, `20+`).
    pub age_bands: Vec<String>,
    /// Counts below this are shown as `<threshold` in packs.
    pub small_number_threshold: u32,
    /// Years records are kept after a participant's last contact.
    pub retention_years: u32,
    /// The contact for returns: their name.
    pub contact_name: String,
    /// The contact's role.
    pub contact_role: String,
    /// The contact's email.
    pub contact_email: String,
    /// The contact's phone.
    pub contact_phone: String,
}

impl Default for Organisation {
    fn default() -> Self {
        Organisation {
            name: String::new(),
            charity_number: String::new(),
            fy_start_month: 4,
            age_bands: ["0-4", "5-10", "11-15", "16-19", "20+"]
                .map(String::from)
                .to_vec(),
            small_number_threshold: 5,
            retention_years: 6,
            contact_name: String::new(),
            contact_role: String::new(),
            contact_email: String::new(),
            contact_phone: String::new(),
        }
    }
}

impl Organisation {
    /// Checks the organisation's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("name", &self.name, true)?;
        check_short("charity_number", &self.charity_number, false)?;
        for (field, value) in [
            ("contact_name", &self.contact_name),
            ("contact_role", &self.contact_role),
            ("contact_email", &self.contact_email),
            ("contact_phone", &self.contact_phone),
        ] {
            check_short(field, value, false)?;
        }
        if !(1..=12).contains(&self.fy_start_month) {
            return Err(Error::invalid(
                "fy_start_month",
                format!(
                    "{} is not a month; use 1 (January) to 12 (December)",
                    self.fy_start_month
                ),
            ));
        }
        age_band_bounds(&self.age_bands)?;
        if self.small_number_threshold == 0 {
            return Err(Error::invalid(
                "small_number_threshold",
                "must be 1 or more (5 is usual)",
            ));
        }
        if !(1..=100).contains(&self.retention_years) {
            return Err(Error::invalid(
                "retention_years",
                "must be between 1 and 100 years (6 is usual)",
            ));
        }
        Ok(())
    }

    /// The band that an age in whole years falls in, if any.
    pub fn age_band(&self, age: u32) -> Option<&str> {
        let bounds = age_band_bounds(&self.age_bands).ok()?;
        bounds
            .iter()
            .zip(&self.age_bands)
            .find(|((low, high), _)| age >= *low && high.is_none_or(|h| age <= h))
            .map(|(_, label)| label.as_str())
    }

    /// The band twice as wide that holds `band`: the bands paired in order
    /// (`0-4` and `5-10` make `0-10`; a last one alone stays as it is).
    pub fn wider_age_band(&self, band: &str) -> Option<String> {
        let bounds = age_band_bounds(&self.age_bands).ok()?;
        let i = self.age_bands.iter().position(|b| b == band)?;
        let (first, second) = (i - i % 2, (i - i % 2 + 1).min(bounds.len() - 1));
        let low = bounds[first].0;
        Some(match bounds[second].1 {
            Some(high) => format!("{low}-{high}"),
            None => format!("{low}+"),
        })
    }
}

/// Reads age bands written `low-high` or `low+`, which must run upwards
/// without overlapping.
fn age_band_bounds(bands: &[String]) -> Result<Vec<(u32, Option<u32>)>> {
    if bands.is_empty() {
        return Err(Error::invalid(
            "age_bands",
            "needs at least one band, such as 0-4",
        ));
    }
    let mut bounds = Vec::new();
    let mut next_low = 0;
    for (i, band) in bands.iter().enumerate() {
        let band = band.trim();
        let bad = |why: &str| {
            Error::invalid(
                "age_bands",
                format!("{band:?} {why}; write bands as 0-4, 5-10, …, 20+"),
            )
        };
        let (low, high) = if let Some(low) = band.strip_suffix('+') {
            if i + 1 != bands.len() {
                return Err(bad("must be the last band"));
            }
            (low.parse::<u32>().map_err(|_| bad("is not a band"))?, None)
        } else {
            let (low, high) = band.split_once('-').ok_or_else(|| bad("is not a band"))?;
            let low: u32 = low.trim().parse().map_err(|_| bad("is not a band"))?;
            let high: u32 = high.trim().parse().map_err(|_| bad("is not a band"))?;
            if high < low {
                return Err(bad("ends before it starts"));
            }
            (low, Some(high))
        };
        if i > 0 && low < next_low {
            return Err(bad("overlaps the band before it"));
        }
        next_low = high.map_or(u32::MAX, |h| h + 1);
        bounds.push((low, high));
    }
    Ok(bounds)
}

/// A body that funds the organisation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Funder {
    /// The funder's name; unique.
    pub name: String,
    /// Who to contact there.
    pub contact: String,
    /// Hidden from everyday lists.
    pub archived: bool,
}

impl Funder {
    /// Checks the funder's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("name", &self.name, true)?;
        check_short("contact", &self.contact, false)
    }
}

/// An ongoing activity, paid for by one or more agreements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    /// The programme's name; unique.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Hidden from everyday lists.
    pub archived: bool,
}

impl Programme {
    /// Checks the programme's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("name", &self.name, true)?;
        check_long("description", &self.description)
    }
}

/// One question the narrative of a return answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heading {
    /// The heading or question.
    pub heading: String,
    /// The funder's guidance on answering it.
    pub guidance: String,
}

/// The narrative headings an agreement gets unless its framework sets its own.
pub const DEFAULT_HEADINGS: [&str; 4] = ["Successes", "Challenges", "Learning", "Next steps"];

/// The cost headings an agreement's finance is kept under unless its
/// framework sets its own.
pub const DEFAULT_COST_HEADINGS: [&str; 6] = [
    "Staffing",
    "Premises",
    "Activities and materials",
    "Volunteer expenses",
    "Management and overheads",
    "Other",
];

/// A contract, grant or service-level agreement with a funder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// The funder's reference for it; unique.
    pub reference: String,
    /// The funder's name.
    pub funder: String,
    /// Its title.
    pub title: String,
    /// Contract, grant or service-level agreement.
    pub kind: AgreementKind,
    /// First day covered.
    pub start_date: NaiveDate,
    /// Last day covered.
    pub end_date: NaiveDate,
    /// Its value in pence, if known.
    pub value_pence: Option<i64>,
    /// How often a return is due.
    pub frequency: Frequency,
    /// Days after a period ends that its return is due.
    pub due_days: u32,
    /// The programmes it pays for, by name.
    pub programmes: Vec<String>,
    /// The narrative headings of its returns.
    pub headings: Vec<Heading>,
    /// The cost headings its finance is kept under, in the funder's order.
    pub cost_headings: Vec<String>,
    /// A short summary of the project, for the Cover (up to 100 words).
    pub summary: String,
    /// Whether the funder asks for participant-level rows in the pack.
    pub participant_rows: bool,
    /// Hidden from everyday lists.
    pub archived: bool,
}

impl Default for Agreement {
    fn default() -> Self {
        let today = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a real date");
        Agreement {
            reference: String::new(),
            funder: String::new(),
            title: String::new(),
            kind: AgreementKind::Grant,
            start_date: today,
            end_date: today,
            value_pence: None,
            frequency: Frequency::Quarterly,
            due_days: 30,
            programmes: Vec::new(),
            headings: DEFAULT_HEADINGS
                .iter()
                .map(|h| Heading {
                    heading: h.to_string(),
                    guidance: String::new(),
                })
                .collect(),
            cost_headings: DEFAULT_COST_HEADINGS.map(String::from).to_vec(),
            summary: String::new(),
            participant_rows: false,
            archived: false,
        }
    }
}

/// The most words an agreement's project summary may have.
pub const SUMMARY_WORDS_MAX: usize = 100;

impl Agreement {
    /// Checks the agreement's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("reference", &self.reference, true)?;
        check_short("funder", &self.funder, true)?;
        check_short("title", &self.title, true)?;
        if self.end_date < self.start_date {
            return Err(Error::invalid(
                "end_date",
                format!(
                    "{} is before the start date {}; the end date must be on or after the start",
                    crate::parse::shown(self.end_date),
                    crate::parse::shown(self.start_date)
                ),
            ));
        }
        if self.value_pence.is_some_and(|v| v < 0) {
            return Err(Error::invalid("value", "cannot be negative"));
        }
        if self.due_days > 366 {
            return Err(Error::invalid("due_days", "must be 366 days or fewer"));
        }
        let words = self.summary.split_whitespace().count();
        if words > SUMMARY_WORDS_MAX {
            return Err(Error::invalid(
                "summary",
                format!("has {words} words; shorten it to {SUMMARY_WORDS_MAX} or fewer"),
            ));
        }
        for name in &self.programmes {
            check_short("programmes", name, true)?;
        }
        for h in &self.headings {
            check_short("headings", &h.heading, true)?;
            check_long("headings", &h.guidance)?;
        }
        once_each("headings", self.headings.iter().map(|h| h.heading.as_str()))?;
        if self.cost_headings.is_empty() {
            return Err(Error::invalid(
                "cost_headings",
                "is empty; give at least one heading to keep budget and spend under",
            ));
        }
        for h in &self.cost_headings {
            check_short("cost_headings", h, true)?;
        }
        once_each(
            "cost_headings",
            self.cost_headings.iter().map(String::as_str),
        )
    }
}

impl Agreement {
    /// The cost headings its finance is shown under: its own, in its order,
    /// then any heading one of `lines` was kept under that it no longer
    /// lists.
    pub fn finance_headings(&self, lines: &[Finance]) -> Vec<String> {
        let mut headings = self.cost_headings.clone();
        for f in lines {
            if !headings.iter().any(|h| h.eq_ignore_ascii_case(&f.heading)) {
                headings.push(f.heading.clone());
            }
        }
        headings
    }
}

/// Refuses a list of headings that names one twice, ignoring case.
fn once_each<'a>(field: &str, headings: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for h in headings {
        if !seen.insert(h.trim().to_lowercase()) {
            return Err(Error::invalid(
                field,
                format!("{h:?} is listed twice; give each heading once"),
            ));
        }
    }
    Ok(())
}

/// What a participant (or their parent or carer) agreed to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    /// When consent was recorded; `None` means not recorded.
    pub date: Option<NaiveDate>,
    /// Photos may be taken and used.
    pub photos: bool,
    /// Their story may be told.
    pub stories: bool,
    /// The lawful basis for holding their data.
    pub lawful_basis: Option<LawfulBasis>,
    /// Who gave consent.
    pub given_by: Option<ConsentGivenBy>,
    /// When consent is due for review.
    pub review_date: Option<NaiveDate>,
}

/// What a participant's consent needs, if anything: the register marks it
/// and the readiness checks count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentNeeds {
    /// No date of consent is recorded.
    Recording,
    /// Its review date has come.
    Review,
}

impl ConsentNeeds {
    /// Said on the register beside the name.
    pub fn words(self) -> &'static str {
        match self {
            ConsentNeeds::Recording => "no consent recorded",
            ConsentNeeds::Review => "consent due for review",
        }
    }
}

impl Consent {
    /// What this consent needs on `day`: recording (no date), review (its
    /// review date has come), or nothing.
    pub fn needs(&self, day: NaiveDate) -> Option<ConsentNeeds> {
        if self.date.is_none() {
            Some(ConsentNeeds::Recording)
        } else if self.review_date.is_some_and(|review| review <= day) {
            Some(ConsentNeeds::Review)
        } else {
            None
        }
    }
}

/// A child, young person or adult who takes part.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// `P0001`…; generated when empty on creation; unique.
    pub code: String,
    /// The name they are known by: kept on the laptop, never exported.
    pub known_as: String,
    /// Date of birth, if known.
    pub date_of_birth: Option<NaiveDate>,
    /// Gender, from the gender list.
    pub gender: String,
    /// Ethnicity, from the ethnicity list.
    pub ethnicity: String,
    /// Area or ward.
    pub area: String,
    /// Disabled: yes, no or not known.
    pub disability: Option<bool>,
    /// Special educational needs: yes, no or not known.
    pub sen: Option<bool>,
    /// Priority groups they belong to.
    pub groups: Vec<String>,
    /// Who referred them.
    pub referral_source: String,
    /// What they agreed to.
    pub consent: Consent,
    /// When they left, if they have.
    pub left_date: Option<NaiveDate>,
    /// Hidden from everyday lists.
    pub archived: bool,
}

impl Participant {
    /// Checks the participant's own fields; `today` bounds dates of birth.
    pub fn validate(&self, today: NaiveDate) -> Result<()> {
        check_short("code", &self.code, false)?;
        check_short("known_as", &self.known_as, false)?;
        if let Some(dob) = self.date_of_birth {
            if dob > today {
                return Err(Error::invalid(
                    "date_of_birth",
                    format!(
                        "{} is in the future; check the year",
                        crate::parse::shown(dob)
                    ),
                ));
            }
            if today.years_since(dob).is_some_and(|age| age > 120) {
                return Err(Error::invalid(
                    "date_of_birth",
                    format!(
                        "{} is more than 120 years ago; check the year",
                        crate::parse::shown(dob)
                    ),
                ));
            }
        }
        for (field, value) in [
            ("gender", &self.gender),
            ("ethnicity", &self.ethnicity),
            ("area", &self.area),
            ("referral_source", &self.referral_source),
        ] {
            check_short(field, value, false)?;
        }
        for group in &self.groups {
            check_short("groups", group, true)?;
        }
        if let (Some(dob), Some(left)) = (self.date_of_birth, self.left_date) {
            if left < dob {
                return Err(Error::invalid(
                    "left_date",
                    "is before their date of birth; check both dates",
                ));
            }
        }
        Ok(())
    }
}

/// One session of a programme, with who came.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// `S00001`… or an imported `session_ref`; generated when empty; unique.
    pub reference: String,
    /// The programme's name.
    pub programme: String,
    /// The day it ran.
    pub date: NaiveDate,
    /// When it started.
    pub start_time: Option<NaiveTime>,
    /// How long it ran, in minutes.
    pub duration_minutes: u32,
    /// Where it ran.
    pub location: String,
    /// Codes of the participants who came (the named register).
    pub attendees: Vec<String>,
    /// People who came but were not named.
    pub headcount: u32,
    /// Paid staff present.
    pub staff: u32,
    /// Volunteers present.
    pub volunteers: u32,
    /// Hours the volunteers gave.
    pub volunteer_hours: f64,
    /// Anything else worth noting.
    pub notes: String,
    /// Who of the team ran it, by name. When named, the staff and volunteer
    /// counts and the volunteer hours are worked out from them.
    #[serde(default)]
    pub team: Vec<String>,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            reference: String::new(),
            programme: String::new(),
            date: NaiveDate::from_ymd_opt(2000, 1, 1).expect("a real date"),
            start_time: None,
            duration_minutes: 0,
            location: String::new(),
            attendees: Vec::new(),
            headcount: 0,
            staff: 0,
            volunteers: 0,
            volunteer_hours: 0.0,
            notes: String::new(),
            team: Vec::new(),
        }
    }
}

impl Session {
    /// Checks the session's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("reference", &self.reference, false)?;
        check_short("programme", &self.programme, true)?;
        if self.duration_minutes == 0 || self.duration_minutes > 24 * 60 {
            return Err(Error::invalid(
                "duration_minutes",
                format!(
                    "{} is not a length of session; give the minutes it ran, from 1 to 1440",
                    self.duration_minutes
                ),
            ));
        }
        check_short("location", &self.location, false)?;
        check_long("notes", &self.notes)?;
        check_finite("volunteer_hours", self.volunteer_hours)?;
        if self.volunteer_hours > MAX_VOLUNTEER_HOURS {
            return Err(Error::invalid(
                "volunteer_hours",
                format!(
                    "is more than {MAX_VOLUNTEER_HOURS} hours for one session; check the figure"
                ),
            ));
        }
        if self.volunteer_hours < 0.0 {
            return Err(Error::invalid("volunteer_hours", "cannot be negative"));
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(code) = self
            .attendees
            .iter()
            .find(|c| !seen.insert(c.trim().to_uppercase()))
        {
            return Err(Error::invalid(
                "attendees",
                format!("{code} is listed twice; tick each participant once"),
            ));
        }
        Ok(())
    }
}

/// An outcome scale the organisation uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Its name; unique.
    pub name: String,
    /// The lowest score.
    pub min: f64,
    /// The highest score.
    pub max: f64,
    /// Whether a higher score is better.
    pub higher_is_better: bool,
    /// The smallest change that counts as improvement.
    pub meaningful_change: f64,
    /// What it measures and how.
    pub description: String,
    /// Hidden from everyday lists.
    pub archived: bool,
}

impl Default for Indicator {
    fn default() -> Self {
        Indicator {
            name: String::new(),
            min: 1.0,
            max: 10.0,
            higher_is_better: true,
            meaningful_change: 1.0,
            description: String::new(),
            archived: false,
        }
    }
}

impl Indicator {
    /// Checks the indicator's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("name", &self.name, true)?;
        check_finite("min", self.min)?;
        check_finite("max", self.max)?;
        check_finite("meaningful_change", self.meaningful_change)?;
        if self.max <= self.min {
            return Err(Error::invalid(
                "max",
                format!("{} must be above the minimum {}", self.max, self.min),
            ));
        }
        if self.meaningful_change <= 0.0 || self.meaningful_change > self.max - self.min {
            return Err(Error::invalid(
                "meaningful_change",
                format!(
                    "must be above 0 and at most the scale's range ({})",
                    self.max - self.min
                ),
            ));
        }
        check_long("description", &self.description)
    }
}

/// A score on an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Its number; 0 until saved.
    pub id: i64,
    /// The participant's code; `None` for anonymous feedback.
    pub participant: Option<String>,
    /// The indicator's name.
    pub indicator: String,
    /// When it was taken.
    pub date: NaiveDate,
    /// The score.
    pub score: f64,
    /// Baseline, review or exit, if said.
    pub stage: Option<Stage>,
    /// The programme it was given at (its session's, when it has one).
    /// Anonymous feedback counts only for the agreements paying for it.
    #[serde(default)]
    pub programme: Option<String>,
    /// The reference of the session it was given at, if known.
    #[serde(default)]
    pub session: Option<String>,
}

impl Assessment {
    /// Whether it is anonymous feedback that belongs nowhere yet: no name,
    /// no session, no programme, so no agreement counts it.
    pub fn is_untied_feedback(&self) -> bool {
        self.participant.is_none() && self.programme.is_none() && self.session.is_none()
    }

    /// Checks the score against its indicator's scale.
    pub fn validate(&self, indicator: &Indicator) -> Result<()> {
        check_finite("score", self.score)?;
        if self.score < indicator.min || self.score > indicator.max {
            return Err(Error::invalid(
                "score",
                format!(
                    "{} is outside {:?}'s scale; give a score from {} to {}",
                    self.score, indicator.name, indicator.min, indicator.max
                ),
            ));
        }
        Ok(())
    }
}

/// An outcome the organisation works towards.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Its name ("more confident"); unique.
    pub name: String,
    /// What it means.
    pub description: String,
    /// Hidden from everyday lists.
    pub archived: bool,
}

impl Outcome {
    /// Checks the outcome's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("name", &self.name, true)?;
        check_long("description", &self.description)
    }
}

text_enum!(
    /// Where a milestone stands.
    MilestoneStatus, "milestone status" {
        NotStarted => "not started",
        OnTrack => "on track",
        AtRisk => "at risk",
        Done => "done",
        Dropped => "dropped",
    }
);

/// Something an agreement is to deliver that is not a number (a holiday
/// programme run, a parents' forum set up).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    /// The agreement's reference.
    pub agreement: String,
    /// What is to be delivered; unique within the agreement.
    pub title: String,
    /// When it is due.
    pub due_date: NaiveDate,
    /// Where it stands.
    pub status: MilestoneStatus,
    /// A note per period, by period id.
    pub notes: BTreeMap<String, String>,
}

impl Milestone {
    /// Checks the milestone's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("title", &self.title, true)?;
        for note in self.notes.values() {
            check_long("note", note)?;
        }
        Ok(())
    }

    /// Whether it is past due and neither done nor dropped on `day`.
    pub fn overdue_on(&self, day: NaiveDate) -> bool {
        self.due_date < day
            && !matches!(
                self.status,
                MilestoneStatus::Done | MilestoneStatus::Dropped
            )
    }
}

/// A return marked approved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Approval {
    /// The agreement's reference.
    pub agreement: String,
    /// The period id.
    pub period: String,
    /// Who approved it.
    pub name: String,
    /// Their role.
    pub role: String,
    /// When.
    pub approved_at: NaiveDateTime,
    /// A second signatory, where the funder asks for two (empty if none).
    #[serde(default)]
    pub second_name: String,
    /// The second signatory's role.
    #[serde(default)]
    pub second_role: String,
}

impl Approval {
    /// Checks the approval's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("name", &self.name, true)?;
        check_short("role", &self.role, true)?;
        check_short("second_name", &self.second_name, false)?;
        check_short("second_role", &self.second_role, false)?;
        if self.second_name.trim().is_empty() != self.second_role.trim().is_empty() {
            let missing = if self.second_name.trim().is_empty() {
                "second_name"
            } else {
                "second_role"
            };
            return Err(Error::invalid(
                missing,
                "a second signatory needs both a name and a role; give both, or neither",
            ));
        }
        if !self.second_name.trim().is_empty()
            && self
                .second_name
                .trim()
                .eq_ignore_ascii_case(self.name.trim())
        {
            return Err(Error::invalid(
                "second_name",
                "the second signatory is someone other than the first",
            ));
        }
        Ok(())
    }
}

/// A member of staff or a volunteer. The name stays on the laptop: no pack
/// names anyone of the team.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TeamMember {
    /// Their name; unique.
    pub name: String,
    /// What they do (youth worker, session volunteer).
    pub role: String,
    /// Paid staff (true) or a volunteer.
    pub paid: bool,
    /// Hours a week, if set.
    pub hours_a_week: Option<f64>,
    /// The funded post they fill, if any (Youth worker, 0.6 FTE).
    pub post: String,
    /// The reference of the agreement paying for the post.
    pub post_agreement: Option<String>,
    /// The post's cost a year, in pence.
    pub post_cost_pence: Option<i64>,
    /// When their DBS check was done.
    pub dbs_checked: Option<NaiveDate>,
    /// When it is due for renewal.
    pub dbs_renewal: Option<NaiveDate>,
    /// The designated safeguarding lead.
    pub safeguarding_lead: bool,
    /// When they left, if they have.
    pub left_date: Option<NaiveDate>,
}

impl TeamMember {
    /// Checks the member's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("name", &self.name, true)?;
        check_short("role", &self.role, false)?;
        check_short("post", &self.post, false)?;
        if let Some(h) = self.hours_a_week {
            check_finite("hours_a_week", h)?;
            if !(0.0..=168.0).contains(&h) {
                return Err(Error::invalid(
                    "hours_a_week",
                    format!("{h} is not a number of hours in a week; give 0 to 168"),
                ));
            }
        }
        if self.post.trim().is_empty()
            && (self.post_agreement.is_some() || self.post_cost_pence.is_some())
        {
            return Err(Error::invalid(
                "post",
                "a post's agreement and cost need the post's title; give the title (Youth worker), or leave the cost empty",
            ));
        }
        if let (Some(checked), Some(renewal)) = (self.dbs_checked, self.dbs_renewal) {
            if renewal <= checked {
                return Err(Error::invalid(
                    "dbs_renewal",
                    format!(
                        "the renewal ({}) is before the check ({}); give the day the check is due to be renewed",
                        crate::parse::shown(renewal),
                        crate::parse::shown(checked)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Whether their DBS check is in date on `day` (checked, and not past renewal).
    pub fn dbs_in_date(&self, day: NaiveDate) -> bool {
        self.dbs_checked.is_some_and(|c| c <= day) && self.dbs_renewal.is_none_or(|r| r > day)
    }

    /// Whether they are on the team on `day` (not yet left).
    pub fn on_team(&self, day: NaiveDate) -> bool {
        self.left_date.is_none_or(|left| left >= day)
    }
}

/// A period's safeguarding figures: counts and a date only, never a name
/// or a case detail.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Safeguarding {
    /// Concerns raised.
    pub concerns: u32,
    /// Referrals made to children's social care.
    pub referrals: u32,
    /// Incidents.
    pub incidents: u32,
    /// Allegations against staff or volunteers.
    pub allegations: u32,
    /// When the safeguarding policy was last reviewed.
    pub policy_reviewed: Option<NaiveDate>,
}

/// Where a change in the outcome log was seen when no source is given:
/// the log is the everyday record of what a worker saw.
pub const DEFAULT_LOG_SOURCE: &str = "observation";

/// A change someone saw, noted in the outcome log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeLogEntry {
    /// Its number; 0 until saved.
    pub id: i64,
    /// The participant's code.
    pub participant: String,
    /// When the change was seen.
    pub date: NaiveDate,
    /// The outcome's name.
    pub outcome: String,
    /// The programme's name, if any.
    pub programme: Option<String>,
    /// What was seen or said. Never exported.
    pub note: String,
    /// Observation, self-report, parent or carer, school, other.
    pub source: String,
    /// Who logged it.
    pub logged_by: String,
}

impl OutcomeLogEntry {
    /// Checks the entry's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("participant", &self.participant, true)?;
        check_short("outcome", &self.outcome, true)?;
        check_long("note", &self.note)?;
        check_short("source", &self.source, true)?;
        check_short("logged_by", &self.logged_by, false)
    }
}

/// A measure a story illustrates: the agreement's reference and the measure's code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MeasureRef {
    /// The agreement's reference.
    pub agreement: String,
    /// The measure's code.
    pub code: String,
}

/// A case study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Its number; 0 until saved.
    pub id: i64,
    /// When it happened or was written.
    pub date: NaiveDate,
    /// Its title.
    pub title: String,
    /// The programme's name, if any.
    pub programme: Option<String>,
    /// The participant's code, if about one person.
    pub participant: Option<String>,
    /// Whether consent to tell it was given.
    pub consent: bool,
    /// When consent was given.
    pub consent_date: Option<NaiveDate>,
    /// What the situation was.
    pub situation: String,
    /// What was done.
    pub action: String,
    /// What difference it made.
    pub difference: String,
    /// A quote.
    pub quote: String,
    /// The measures it illustrates.
    pub measures: Vec<MeasureRef>,
}

impl Story {
    /// Checks the story's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("title", &self.title, true)?;
        for (field, text) in [
            ("situation", &self.situation),
            ("action", &self.action),
            ("difference", &self.difference),
            ("quote", &self.quote),
        ] {
            check_long(field, text)?;
        }
        if self.consent_date.is_some() && !self.consent {
            return Err(Error::invalid(
                "consent_date",
                "is set but consent is no; say yes to consent or clear the date",
            ));
        }
        Ok(())
    }
}

/// What an evidence file is attached to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Attachment {
    /// A session, by reference.
    Session {
        /// The session's reference.
        session: String,
    },
    /// A story, by number.
    Story {
        /// The story's number.
        story: i64,
    },
    /// An agreement's period.
    Period {
        /// The agreement's reference.
        agreement: String,
        /// The period id.
        period: String,
    },
}

impl Attachment {
    /// What a file belongs to, from the one choice a form or command makes:
    /// a session, a story, or an agreement's period.
    pub fn choose(
        session: Option<String>,
        story: Option<i64>,
        agreement: Option<String>,
        period: Option<String>,
    ) -> Result<Attachment> {
        let given = |v: &Option<String>| v.as_deref().is_some_and(|t| !t.trim().is_empty());
        match (given(&session), story, given(&agreement), given(&period)) {
            (true, None, false, false) => Ok(Attachment::Session {
                session: session.unwrap_or_default(),
            }),
            (false, Some(story), false, false) => Ok(Attachment::Story { story }),
            (false, None, true, true) => Ok(Attachment::Period {
                agreement: agreement.unwrap_or_default(),
                period: period.unwrap_or_default(),
            }),
            _ => Err(Error::invalid(
                "attached_to",
                "say what the file belongs to: one session, one story, or an agreement and one of its periods",
            )),
        }
    }
}

impl fmt::Display for Attachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Attachment::Session { session } => write!(f, "session {session}"),
            Attachment::Story { story } => write!(f, "story {story}"),
            Attachment::Period { agreement, period } => write!(f, "{agreement} {period}"),
        }
    }
}

/// A photo, sign-in sheet or letter kept as evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceFile {
    /// Its number; 0 until saved.
    pub id: i64,
    /// The file's name as it was given.
    pub file_name: String,
    /// The SHA-256 of its contents, in hex; also its name in the data folder.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// When it was added.
    pub added_at: NaiveDateTime,
    /// What it belongs to.
    pub attached_to: Attachment,
}

impl EvidenceFile {
    /// Checks the file's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("file_name", &self.file_name, true)?;
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::invalid(
                "sha256",
                "must be 64 hexadecimal characters",
            ));
        }
        Ok(())
    }
}

/// One of an agreement's performance measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// The agreement's reference.
    pub agreement: String,
    /// Its code, unique within the agreement.
    pub code: String,
    /// What it is called.
    pub title: String,
    /// Which of the three questions it answers.
    pub question: Question,
    /// How it is computed.
    pub calculation: Calculation,
    /// The indicator (or, for `outcome_logged`, the outcome) it reads.
    pub indicator: Option<String>,
    /// Attendances needed to count, for `participants` and `percent_attending_min_sessions`.
    pub min_sessions: Option<u32>,
    /// Change that counts as improvement; the indicator's meaningful change when empty.
    pub threshold: Option<f64>,
    /// The score at or above which a rating counts, for `percent_rating_at_least`.
    pub rating: Option<f64>,
    /// Which participants count (`gender=Girl or woman;group=young carer`).
    pub filter: String,
    /// The unit of its value.
    pub unit: Unit,
    /// Whether a higher value is better.
    pub higher_is_better: bool,
    /// Where it started.
    pub baseline: Option<f64>,
    /// How the funder defines it.
    pub definition: String,
    /// Whether the funder sets no target for it (the readiness check does
    /// not ask for one).
    #[serde(default)]
    pub no_target: bool,
    /// The target for each period, by period id.
    pub targets: BTreeMap<String, f64>,
}

/// A measure with what it counts in words, as a screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DescribedMeasure {
    /// The measure.
    #[serde(flatten)]
    pub measure: Measure,
    /// [`Measure::in_words`].
    pub in_words: String,
}

impl From<Measure> for DescribedMeasure {
    fn from(measure: Measure) -> Self {
        DescribedMeasure {
            in_words: measure.in_words(),
            measure,
        }
    }
}

impl Measure {
    /// What this measure counts, in words of its own: the funder's
    /// definition where there is one, else its calculation with its own
    /// filter, indicator and numbers ("The share of people who are: group
    /// young carer."), never another measure's example.
    pub fn in_words(&self) -> String {
        if !self.definition.trim().is_empty() {
            return self.definition.trim().to_string();
        }
        let filter = self
            .filter
            .split(';')
            .map(|part| part.trim().replace(['=', '_'], " ").replace(',', " or "))
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(", and ");
        let reads = self.indicator.as_deref().unwrap_or("its indicator");
        let fewest = self.min_sessions.unwrap_or(1);
        let mut words = match self.calculation {
            Calculation::PercentWith => format!("The share of people who came who are: {filter}."),
            Calculation::PercentAttendancesWith => {
                format!("The share of visits made by people who are: {filter}.")
            }
            Calculation::Participants if fewest > 1 => {
                format!("How many people came to at least {fewest} sessions.")
            }
            Calculation::PercentAttendingMinSessions => {
                format!("The share of people who came to at least {fewest} sessions.")
            }
            Calculation::Assessed => {
                format!("How many people have had a follow-up score on {reads}.")
            }
            Calculation::Improved => {
                format!("How many people's {reads} score has improved since their first.")
            }
            Calculation::PercentImproved => {
                format!("Of the people with a follow-up score on {reads}, the share whose score has improved.")
            }
            Calculation::PercentRatingAtLeast => format!(
                "The share of {reads} scores of {} or more.",
                self.rating
                    .map_or("the rating set".to_string(), |r| r.to_string())
            ),
            Calculation::OutcomeLogged => {
                format!("How many people had a change logged for \"{reads}\".")
            }
            other => other.describe().to_string(),
        };
        if !filter.is_empty()
            && !matches!(
                self.calculation,
                Calculation::PercentWith | Calculation::PercentAttendancesWith
            )
        {
            words.push_str(&format!(" Counting only: {filter}."));
        }
        words
    }
}

impl Default for Measure {
    fn default() -> Self {
        Measure {
            agreement: String::new(),
            code: String::new(),
            title: String::new(),
            question: Question::HowMuch,
            calculation: Calculation::Participants,
            indicator: None,
            min_sessions: None,
            threshold: None,
            rating: None,
            filter: String::new(),
            unit: Unit::Number,
            higher_is_better: true,
            baseline: None,
            definition: String::new(),
            no_target: false,
            targets: BTreeMap::new(),
        }
    }
}

impl Measure {
    /// Checks the measure's own fields, including its filter's form.
    pub fn validate(&self) -> Result<()> {
        check_short("code", &self.code, true)?;
        check_short("title", &self.title, true)?;
        check_long("definition", &self.definition)?;
        let filter = Filter::parse(&self.filter)?;
        let calc = self.calculation;
        if calc.needs_indicator() && self.indicator.is_none() {
            return Err(Error::invalid(
                "indicator",
                format!("{calc} needs an indicator; name the indicator it reads"),
            ));
        }
        if calc == Calculation::OutcomeLogged && self.indicator.is_none() {
            return Err(Error::invalid(
                "indicator",
                "outcome_logged needs an outcome; name it in the indicator column",
            ));
        }
        if calc == Calculation::PercentRatingAtLeast && self.rating.is_none() {
            return Err(Error::invalid(
                "rating",
                "percent_rating_at_least needs the rating that counts, for example 4",
            ));
        }
        if matches!(
            calc,
            Calculation::PercentWith | Calculation::PercentAttendancesWith
        ) && filter.is_empty()
        {
            return Err(Error::invalid(
                "filter",
                format!("{calc} needs a filter saying who counts, for example group=young carer"),
            ));
        }
        if self.min_sessions == Some(0) {
            return Err(Error::invalid("min_sessions", "must be 1 or more"));
        }
        for (field, value) in [
            ("threshold", self.threshold),
            ("rating", self.rating),
            ("baseline", self.baseline),
        ] {
            if let Some(v) = value {
                check_finite(field, v)?;
            }
        }
        for (period, target) in &self.targets {
            check_finite(&format!("target for {period}"), *target)?;
        }
        Ok(())
    }
}

/// A typed value for a manual measure in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManualValue {
    /// The agreement's reference.
    pub agreement: String,
    /// The measure's code.
    pub code: String,
    /// The period id.
    pub period: String,
    /// The value.
    pub value: f64,
    /// Where it came from.
    pub note: String,
}

/// The written part of one return: an answer per heading and the story
/// behind each measure's curve.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Narrative {
    /// The agreement's reference.
    pub agreement: String,
    /// The period id.
    pub period: String,
    /// Heading → answer, in the agreement's heading order.
    pub answers: Vec<(String, String)>,
    /// The turn-the-curve notes of each measure that has any.
    pub curves: Vec<CurveNote>,
}

/// A measure's turn-the-curve notes for a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CurveNote {
    /// The measure's code.
    pub code: String,
    /// The story behind the curve: why it moved.
    pub story: String,
    /// Partners with a role in turning it.
    pub partners: String,
    /// What works.
    pub what_works: String,
    /// What we will do next.
    pub next_steps: String,
}

impl CurveNote {
    /// Checks the notes' lengths.
    pub fn validate(&self) -> Result<()> {
        for (field, text) in [
            ("story", &self.story),
            ("partners", &self.partners),
            ("what_works", &self.what_works),
            ("next_steps", &self.next_steps),
        ] {
            check_long(field, text)?;
        }
        Ok(())
    }
}

/// Budget and spend under one cost heading for one period of an agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finance {
    /// The agreement's reference.
    pub agreement: String,
    /// The period id.
    pub period: String,
    /// The cost heading, one of the agreement's.
    pub heading: String,
    /// Budget in pence.
    pub budget_pence: i64,
    /// Actual spend in pence.
    pub actual_pence: i64,
    /// Why they differ, or anything else.
    pub note: String,
}

impl Finance {
    /// Checks the figures.
    pub fn validate(&self) -> Result<()> {
        check_short("heading", &self.heading, true)?;
        if self.budget_pence < 0 {
            return Err(Error::invalid("budget", "cannot be negative"));
        }
        if self.actual_pence < 0 {
            return Err(Error::invalid("actual", "cannot be negative"));
        }
        check_long("note", &self.note)
    }
}

/// Other income that supported the work in a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OtherIncome {
    /// The agreement's reference.
    pub agreement: String,
    /// The period id.
    pub period: String,
    /// Where it came from; one line per source and period.
    pub source: String,
    /// How much, in pence.
    pub amount_pence: i64,
}

impl OtherIncome {
    /// Checks the line's own fields.
    pub fn validate(&self) -> Result<()> {
        check_short("source", &self.source, true)?;
        if self.amount_pence < 0 {
            return Err(Error::invalid("amount", "cannot be negative"));
        }
        Ok(())
    }
}

/// The forecast of spend to the agreement's end, as stated in a period's return.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// The agreement's reference.
    pub agreement: String,
    /// The period id.
    pub period: String,
    /// The spend expected by the agreement's end, in pence.
    pub forecast_pence: i64,
}

/// A return as it was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    /// Its number; 0 until saved.
    pub id: i64,
    /// The agreement's reference.
    pub agreement: String,
    /// The period id.
    pub period: String,
    /// When it was marked submitted.
    pub submitted_at: NaiveDateTime,
    /// The SHA-256 of the pack sent.
    pub pack_sha256: String,
    /// The measure values as sent.
    pub values: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_band_is_found_by_whole_years() {
        let org = Organisation::default();
        assert_eq!(org.age_band(0), Some("0-4"));
        assert_eq!(org.age_band(4), Some("0-4"));
        assert_eq!(org.age_band(5), Some("5-10"));
        assert_eq!(org.age_band(19), Some("16-19"));
        assert_eq!(org.age_band(64), Some("20+"));
    }

    #[test]
    fn overlapping_or_malformed_age_bands_are_refused() {
        let with = |bands: &[&str]| Organisation {
            name: "x".into(),
            age_bands: bands.iter().map(|b| b.to_string()).collect(),
            ..Organisation::default()
        };
        assert!(with(&["0-4", "4-10"]).validate().is_err());
        assert!(with(&["0-4", "five"]).validate().is_err());
        assert!(with(&["10+", "0-4"]).validate().is_err());
        assert!(with(&["0-12", "13-17", "18+"]).validate().is_ok());
    }

    #[test]
    fn words_parse_without_regard_to_case_and_errors_list_the_choices() {
        assert_eq!(
            Question::parse("question", " better OFF ").unwrap(),
            Question::BetterOff
        );
        let err = Frequency::parse("frequency", "weekly")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("monthly, quarterly, six-monthly, annual"),
            "{err}"
        );
    }
}

/// The funder's own form kept with an agreement (its bytes are kept apart,
/// by SHA-256).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunderForm {
    /// The agreement's reference.
    pub agreement: String,
    /// The file's name as it was given (`Council monitoring form.xlsx`).
    pub file_name: String,
    /// The SHA-256 of its bytes.
    pub sha256: String,
    /// When it was kept.
    pub added_at: NaiveDateTime,
}

/// The largest funder's form kept, in bytes: a form with a logo is a few
/// hundred kilobytes.
pub const FORM_MAX_BYTES: usize = 20 * 1024 * 1024;

/// One cell of a funder's form and where its value comes from, in words
/// (`measure CYP1 this period`; DESIGN "The funder's own form").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FormCell {
    /// The sheet's name, as the form spells it.
    pub sheet: String,
    /// The cell, as `B12`.
    pub cell: String,
    /// Its source in words.
    pub source: String,
}

/// The largest column (`XFD`) and row of a worksheet.
pub const LAST_COLUMN: u32 = 16_384;
/// The largest row of a worksheet.
pub const LAST_ROW: u32 = 1_048_576;

/// `B12` as its column and row, both counted from 1; none for anything
/// that is not a cell of a worksheet (`$` signs are allowed, as a
/// spreadsheet writes a fixed reference).
pub fn cell_position(cell: &str) -> Option<(u32, u32)> {
    let cell = cell.trim().replace('$', "");
    let split = cell.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = cell.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let column = letters.chars().fold(0u32, |n, c| {
        n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)
    });
    let row: u32 = digits.parse().ok()?;
    ((1..=LAST_COLUMN).contains(&column) && (1..=LAST_ROW).contains(&row)).then_some((column, row))
}

/// The cell at `column` and `row` (from 1) as `B12`.
pub fn cell_name(column: u32, row: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &row.to_string()
}

impl FormCell {
    /// Checks the sheet's name and the cell, and writes the cell as a
    /// spreadsheet does (`b12` becomes `B12`).
    pub fn validate(&mut self) -> Result<()> {
        self.sheet = self.sheet.trim().to_string();
        if self.sheet.is_empty() || self.sheet.chars().count() > 31 {
            return Err(Error::invalid(
                "sheet",
                "name the sheet as the form's tab shows it (at most 31 characters)",
            ));
        }
        let Some((column, row)) = cell_position(&self.cell) else {
            return Err(Error::invalid(
                "cell",
                format!(
                    "{:?} is not a cell: write its column and row, as B12",
                    self.cell.trim()
                ),
            ));
        };
        self.cell = cell_name(column, row);
        self.source = self.source.trim().to_string();
        check_text("source", &self.source, true, SHORT_TEXT_MAX)
    }
}

/// One payment an agreement's funder makes: how much, when it is expected,
/// the return it waits for, and what arrived (DESIGN "Payments").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instalment {
    /// The agreement's reference.
    pub agreement: String,
    /// How much, in pence.
    pub amount_pence: i64,
    /// The day it is expected; one instalment a day per agreement.
    pub expected_on: NaiveDate,
    /// The period whose return the funder must accept first, if any.
    pub waits_for: Option<String>,
    /// The day it arrived.
    pub received_on: Option<NaiveDate>,
    /// How much arrived, in pence.
    pub received_pence: Option<i64>,
    /// Anything to remember about it.
    pub note: String,
}

impl Instalment {
    /// Checks the amounts and the note; what arrived has both a day and an
    /// amount, or neither.
    pub fn validate(&self) -> Result<()> {
        if self.amount_pence <= 0 {
            return Err(Error::invalid("amount", "must be more than nothing"));
        }
        match (self.received_on, self.received_pence) {
            (Some(_), Some(p)) if p < 0 => {
                return Err(Error::invalid("received_amount", "cannot be negative"))
            }
            (Some(_), None) => {
                return Err(Error::invalid("received_amount", "say how much arrived"))
            }
            (None, Some(_)) => return Err(Error::invalid("received_on", "say the day it arrived")),
            _ => {}
        }
        check_long("note", &self.note)
    }
}

/// A period's return marked accepted by the funder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Acceptance {
    /// The agreement's reference.
    pub agreement: String,
    /// The period id.
    pub period: String,
    /// The day the funder accepted it.
    pub accepted_on: NaiveDate,
    /// What the funder said, or anything else.
    pub note: String,
}
