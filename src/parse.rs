//! Reading typed values from text typed by a person: dates, times, yes/no,
//! numbers and money. Used by the command line and the spreadsheet imports.

use chrono::{NaiveDate, NaiveTime};

use crate::error::{Error, Result};

/// A date written `YYYY-MM-DD` or `DD/MM/YYYY`. A date that does not exist
/// (31/02/2026) is refused with a message that says so.
pub fn date(field: &str, text: &str) -> Result<NaiveDate> {
    let text = text.trim();
    let parts: Option<(i32, u32, u32)> = if let Some((y, rest)) = text.split_once('-') {
        rest.split_once('-')
            .and_then(|(m, d)| Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)))
            .filter(|_| y.len() == 4)
    } else if let Some((d, rest)) = text.split_once('/') {
        rest.split_once('/')
            .and_then(|(m, y)| Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)))
            .filter(|_| rest.rsplit('/').next().is_some_and(|y| y.len() == 4))
    } else {
        None
    };
    let Some((y, m, d)) = parts else {
        return Err(Error::invalid(
            field,
            format!("{text:?} is not a date; write it as DD/MM/YYYY (or YYYY-MM-DD)"),
        ));
    };
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        Error::invalid(
            field,
            format!("the date {text} does not exist; check the day and month (DD/MM/YYYY)"),
        )
    })?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&y) {
        return Err(Error::invalid(
            field,
            format!("the date {text} is out of range; dates run from {FIRST_YEAR} to {LAST_YEAR}, so check the year"),
        ));
    }
    Ok(date)
}

/// The first and last years a date may have.
pub const FIRST_YEAR: i32 = 1900;
/// See [`FIRST_YEAR`].
pub const LAST_YEAR: i32 = 2200;

/// A date of something that has happened (a session, a score, a consent):
/// no more than a year after `today`.
pub fn happened(field: &str, text: &str, today: NaiveDate) -> Result<NaiveDate> {
    let d = date(field, text)?;
    if d > today + chrono::Days::new(366) {
        return Err(Error::invalid(
            field,
            format!("the date {text} is more than a year ahead; it records something that happened, so check the year"),
        ));
    }
    Ok(d)
}

/// A date as the app's date fields show it and as a UK reader writes it:
/// `08/12/2026`. Messages quote dates this way.
pub fn shown(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// An optional date: empty text is `None`.
pub fn optional_date(field: &str, text: &str) -> Result<Option<NaiveDate>> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        date(field, text).map(Some)
    }
}

/// A time of day written `HH:MM` (24-hour).
pub fn time(field: &str, text: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
        Error::invalid(
            field,
            format!(
                "{:?} is not a time; write it as HH:MM, for example 16:30",
                text.trim()
            ),
        )
    })
}

/// Yes or no, written yes/no, y/n, true/false or 1/0 in any case.
pub fn yes_no(field: &str, text: &str) -> Result<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(Error::invalid(
            field,
            format!("{:?} is not yes or no; write yes or no", text.trim()),
        )),
    }
}

/// Yes, no, or not known (empty text).
pub fn optional_yes_no(field: &str, text: &str) -> Result<Option<bool>> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        yes_no(field, text).map(Some)
    }
}

/// A number such as `12`, `-3.5` or `1,250`.
pub fn number(field: &str, text: &str) -> Result<f64> {
    let cleaned: String = text.trim().chars().filter(|c| *c != ',').collect();
    cleaned
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && n.abs() <= 1e12)
        .ok_or_else(|| {
            Error::invalid(
                field,
                format!(
                    "{:?} is not a number; write digits, for example 12 or 7.5",
                    text.trim()
                ),
            )
        })
}

/// A whole number that is zero or more.
pub fn count(field: &str, text: &str) -> Result<u32> {
    text.trim().parse::<u32>().map_err(|_| {
        Error::invalid(
            field,
            format!(
                "{:?} is not a whole number of 0 or more; write digits, for example 12",
                text.trim()
            ),
        )
    })
}

/// An amount of money in pounds (`£12,500.50`, `12500`), returned in pence.
pub fn money(field: &str, text: &str) -> Result<i64> {
    let cleaned: String = text
        .trim()
        .trim_start_matches('£')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let bad = || {
        Error::invalid(
            field,
            format!("{:?} is not an amount of money; write pounds and pence, for example 12500 or 12,500.50", text.trim()),
        )
    };
    let (pounds, pence) = match cleaned.split_once('.') {
        Some((p, f)) if f.len() <= 2 && !f.is_empty() => (p, format!("{f:0<2}")),
        Some(_) => return Err(bad()),
        None => (cleaned.as_str(), "00".to_string()),
    };
    let negative = pounds.starts_with('-');
    let pounds: i64 = pounds.trim_start_matches('-').parse().map_err(|_| bad())?;
    let pence: i64 = pence.parse().map_err(|_| bad())?;
    let total = pounds
        .checked_mul(100)
        .and_then(|p| p.checked_add(pence))
        .ok_or_else(bad)?;
    Ok(if negative { -total } else { total })
}

/// Pence written as pounds with two decimals, for listings: `12500.50`.
pub fn format_money(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", pence.abs() / 100, pence.abs() % 100)
}

/// Pence as a reader writes pounds in a sentence: `£11,903.00`.
pub fn pounds(pence: i64) -> String {
    let whole = (pence.abs() / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if pence < 0 { "-" } else { "" };
    format!("{sign}£{grouped}.{:02}", pence.abs() % 100)
}

/// A `;`-separated list, each item trimmed, empty items dropped.
pub fn list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_are_grouped_in_thousands() {
        assert_eq!(pounds(1_190_300), "£11,903.00");
        assert_eq!(pounds(5), "£0.05");
        assert_eq!(pounds(100_000), "£1,000.00");
        assert_eq!(pounds(-123_456_789), "-£1,234,567.89");
    }

    #[test]
    fn dates_in_both_forms_and_impossible_dates_refused() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        assert_eq!(date("d", "2026-03-31").unwrap(), d);
        assert_eq!(date("d", " 31/03/2026 ").unwrap(), d);
        let err = date("date_of_birth", "31/02/2026").unwrap_err().to_string();
        assert!(
            err.contains("does not exist"),
            "an impossible date must say so: {err}"
        );
        assert!(date("d", "2026/03/31").is_err());
        assert!(date("d", "31-03-26").is_err());
        assert!(
            date("d", "1/2/26").is_err(),
            "two-digit years are ambiguous"
        );
        assert_eq!(
            date("d", "29/02/2024").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert!(date("d", "29/02/2025").is_err(), "2025 is not a leap year");
    }

    #[test]
    fn money_is_read_in_pence() {
        assert_eq!(money("v", "£12,500.5").unwrap(), 1_250_050);
        assert_eq!(money("v", "300").unwrap(), 30_000);
        assert_eq!(money("v", "-1.25").unwrap(), -125);
        assert!(money("v", "12.345").is_err());
        assert!(money("v", "ten").is_err());
        assert_eq!(format_money(1_250_050), "12500.50");
        assert_eq!(format_money(-5), "-0.05");
    }

    #[test]
    fn yes_no_accepts_the_usual_spellings() {
        for t in ["yes", "Y", "TRUE", "1"] {
            assert!(yes_no("f", t).unwrap());
        }
        for t in ["no", "n", "False", "0"] {
            assert!(!yes_no("f", t).unwrap());
        }
        assert!(yes_no("f", "maybe").is_err());
        assert_eq!(optional_yes_no("f", " ").unwrap(), None);
    }
}
