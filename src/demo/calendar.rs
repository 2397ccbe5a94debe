//! The demo's calendar: England's bank holidays and a typical English
//! council's school holidays, so that term-time clubs pause and the holiday
//! play scheme runs when children are off school.

use chrono::{Datelike, Days, NaiveDate, Weekday};

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a real date")
}

/// Easter Sunday of `year` (the Gregorian computus).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let date = (h + l - 7 * m + 114) % 31 + 1;
    day(year, month as u32, date as u32)
}

/// The first `weekday` of a month.
fn first(weekday: Weekday, year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, 1).expect("every month has one")
}

/// The last `weekday` of a month.
fn last(weekday: Weekday, year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, 5)
        .or_else(|| NaiveDate::from_weekday_of_month_opt(year, month, weekday, 4))
        .expect("every month has four")
}

/// The day itself, or the Monday after when it falls at a weekend.
fn weekday_or_next_monday(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date + Days::new(2),
        Weekday::Sun => date + Days::new(1),
        _ => date,
    }
}

/// England's bank holidays in `year`, with the substitute days.
pub fn bank_holidays(year: i32) -> Vec<NaiveDate> {
    let easter = easter_sunday(year);
    let christmas = day(year, 12, 25);
    let (christmas_off, boxing_off) = match christmas.weekday() {
        Weekday::Fri => (christmas, day(year, 12, 28)),
        Weekday::Sat => (day(year, 12, 27), day(year, 12, 28)),
        Weekday::Sun => (day(year, 12, 27), day(year, 12, 26)),
        _ => (christmas, day(year, 12, 26)),
    };
    vec![
        weekday_or_next_monday(day(year, 1, 1)),
        easter - Days::new(2),
        easter + Days::new(1),
        first(Weekday::Mon, year, 5),
        last(Weekday::Mon, year, 5),
        last(Weekday::Mon, year, 8),
        christmas_off,
        boxing_off,
    ]
}

/// Whether `date` is a bank holiday in England.
pub fn is_bank_holiday(date: NaiveDate) -> bool {
    bank_holidays(date.year()).contains(&date)
}

/// Which school holiday `date` falls in, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holiday {
    /// Christmas and New Year: 20 December to 4 January.
    Christmas,
    /// A half-term week (February, May, October) or the Easter fortnight.
    Short,
    /// The summer: 23 July to 2 September.
    Summer,
}

/// The school holiday `date` falls in, in a typical English council's year.
pub fn school_holiday(date: NaiveDate) -> Option<Holiday> {
    let year = date.year();
    let (month, d) = (date.month(), date.day());
    if (month == 12 && d >= 20) || (month == 1 && d <= 4) {
        return Some(Holiday::Christmas);
    }
    if (month == 7 && d >= 23) || month == 8 || (month == 9 && d <= 2) {
        return Some(Holiday::Summer);
    }
    let easter = easter_sunday(year);
    let week_of = |monday: NaiveDate| monday <= date && date < monday + Days::new(7);
    let half_terms = [
        NaiveDate::from_weekday_of_month_opt(year, 2, Weekday::Mon, 3).expect("February has three"),
        last(Weekday::Mon, year, 5),
        last(Weekday::Mon, year, 10),
    ];
    let easter_holiday = easter - Days::new(6) <= date && date <= easter + Days::new(12);
    (easter_holiday || half_terms.into_iter().any(week_of)).then_some(Holiday::Short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_falls_where_the_almanac_says() {
        assert_eq!(easter_sunday(2024), day(2024, 3, 31));
        assert_eq!(easter_sunday(2025), day(2025, 4, 20));
        assert_eq!(easter_sunday(2026), day(2026, 4, 5));
    }

    #[test]
    fn bank_holidays_of_2025_and_2026() {
        assert_eq!(
            bank_holidays(2025),
            [
                day(2025, 1, 1),
                day(2025, 4, 18),
                day(2025, 4, 21),
                day(2025, 5, 5),
                day(2025, 5, 26),
                day(2025, 8, 25),
                day(2025, 12, 25),
                day(2025, 12, 26),
            ]
        );
        assert!(is_bank_holiday(day(2026, 1, 1)));
        assert!(
            is_bank_holiday(day(2026, 12, 28)),
            "Boxing Day's substitute"
        );
        assert!(!is_bank_holiday(day(2026, 1, 2)));
    }

    #[test]
    fn school_holidays_of_the_2025_26_year() {
        assert_eq!(school_holiday(day(2025, 10, 29)), Some(Holiday::Short));
        assert_eq!(school_holiday(day(2025, 11, 5)), None);
        assert_eq!(school_holiday(day(2025, 12, 24)), Some(Holiday::Christmas));
        assert_eq!(school_holiday(day(2026, 2, 18)), Some(Holiday::Short));
        assert_eq!(school_holiday(day(2026, 4, 1)), Some(Holiday::Short));
        assert_eq!(school_holiday(day(2025, 8, 6)), Some(Holiday::Summer));
        assert_eq!(school_holiday(day(2025, 9, 8)), None);
    }
}
