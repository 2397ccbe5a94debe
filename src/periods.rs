//! Reporting periods (DESIGN "Reporting periods"): an agreement's periods
//! follow the organisation's financial year and are clipped to its dates.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::records::{Agreement, Frequency};

/// One reporting period of an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// `2026-27 Q1`, `2026-04`, `2026-27 H1` or `2026-27`.
    pub id: String,
    /// First day, clipped to the agreement's start.
    pub start: NaiveDate,
    /// Last day, clipped to the agreement's end.
    pub end: NaiveDate,
    /// The day the return is due: `due_days` after the end.
    pub due: NaiveDate,
    /// First day of the year to date: the later of the financial year's
    /// start and the agreement's start.
    pub year_start: NaiveDate,
}

/// The periods of `agreement` for an organisation whose financial year
/// starts in `fy_start_month`, in order.
pub fn for_agreement(agreement: &Agreement, fy_start_month: u32) -> Vec<Period> {
    periods(
        agreement.start_date,
        agreement.end_date,
        agreement.frequency,
        fy_start_month,
        agreement.due_days,
    )
}

/// Records that know their agreements and the financial year (the store):
/// a trait, so that this module needs nothing of the store.
pub trait Calendar {
    /// The periods of the agreement with `reference`.
    fn agreement_periods(&self, reference: &str) -> Result<Vec<Period>>;
}

/// The periods of the agreement with `reference`, for this organisation's
/// financial year.
pub fn of_agreement(records: &impl Calendar, reference: &str) -> Result<Vec<Period>> {
    records.agreement_periods(reference)
}

/// The period of `agreement` with the given id; the error lists the ids there are.
pub fn find(agreement: &Agreement, fy_start_month: u32, id: &str) -> Result<Period> {
    let all = for_agreement(agreement, fy_start_month);
    let wanted = id.trim();
    all.iter()
        .find(|p| p.id.eq_ignore_ascii_case(wanted))
        .cloned()
        .ok_or_else(|| {
            let ids: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
            Error::invalid(
                "period",
                format!(
                    "{wanted:?} is not a period of agreement {}; its periods are: {}",
                    agreement.reference,
                    ids.join(", ")
                ),
            )
        })
}

/// The periods from `start` to `end` at `frequency`, aligned to a financial
/// year starting in `fy_start_month` (1–12), clipped to `start..=end`.
pub fn periods(
    start: NaiveDate,
    end: NaiveDate,
    frequency: Frequency,
    fy_start_month: u32,
    due_days: u32,
) -> Vec<Period> {
    let step = frequency.months();
    let mut result = Vec::new();
    if end < start || !(1..=12).contains(&fy_start_month) {
        return result;
    }
    let fy_start = financial_year_start(start, fy_start_month);
    // Monthly periods are calendar months, whatever the financial year.
    let mut period_start = match frequency {
        Frequency::Monthly => first_of_month(start),
        _ => fy_start,
    };
    while period_start <= end {
        let next = period_start + Months::new(step);
        let period_end = next - Days::new(1);
        if period_end >= start {
            let clipped_start = period_start.max(start);
            let clipped_end = period_end.min(end);
            let year_start = financial_year_start(period_start, fy_start_month).max(start);
            result.push(Period {
                id: period_id(period_start, frequency, fy_start_month),
                start: clipped_start,
                end: clipped_end,
                due: clipped_end + Days::new(u64::from(due_days)),
                year_start,
            });
        }
        period_start = next;
    }
    result
}

/// The first day of the financial year that `date` falls in.
pub fn financial_year_start(date: NaiveDate, fy_start_month: u32) -> NaiveDate {
    let year = if date.month() >= fy_start_month {
        date.year()
    } else {
        date.year() - 1
    };
    NaiveDate::from_ymd_opt(year, fy_start_month, 1).expect("the first of a month exists")
}

/// The financial year's label: `2026-27`, or `2026` when it is the calendar year.
pub fn financial_year_label(fy_first_day: NaiveDate) -> String {
    let year = fy_first_day.year();
    if fy_first_day.month() == 1 {
        year.to_string()
    } else {
        format!("{year}-{:02}", (year + 1).rem_euclid(100))
    }
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).expect("the first of a month exists")
}

fn period_id(period_start: NaiveDate, frequency: Frequency, fy_start_month: u32) -> String {
    let fy = financial_year_start(period_start, fy_start_month);
    let label = financial_year_label(fy);
    let months_in =
        (period_start.year() - fy.year()) * 12 + period_start.month() as i32 - fy.month() as i32;
    match frequency {
        Frequency::Monthly => period_start.format("%Y-%m").to_string(),
        Frequency::Quarterly => format!("{label} Q{}", months_in / 3 + 1),
        Frequency::SixMonthly => format!("{label} H{}", months_in / 6 + 1),
        Frequency::Annual => label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ids(p: &[Period]) -> Vec<&str> {
        p.iter().map(|p| p.id.as_str()).collect()
    }

    #[test]
    fn a_nine_month_contract_from_july_has_q2_to_q4() {
        let p = periods(d(2026, 7, 1), d(2027, 3, 31), Frequency::Quarterly, 4, 30);
        assert_eq!(ids(&p), ["2026-27 Q2", "2026-27 Q3", "2026-27 Q4"]);
        assert_eq!(
            (p[0].start, p[0].end, p[0].due),
            (d(2026, 7, 1), d(2026, 9, 30), d(2026, 10, 30))
        );
        assert_eq!(p[2].end, d(2027, 3, 31));
        assert_eq!(
            p[2].year_start,
            d(2026, 7, 1),
            "year to date starts at the contract start"
        );
    }

    #[test]
    fn periods_cross_the_financial_year_and_are_clipped() {
        let p = periods(d(2026, 2, 15), d(2026, 8, 10), Frequency::Quarterly, 4, 14);
        assert_eq!(ids(&p), ["2025-26 Q4", "2026-27 Q1", "2026-27 Q2"]);
        assert_eq!(p[0].start, d(2026, 2, 15));
        assert_eq!(p[0].year_start, d(2026, 2, 15));
        assert_eq!(
            p[1].year_start,
            d(2026, 4, 1),
            "a new financial year starts the year to date again"
        );
        assert_eq!((p[2].end, p[2].due), (d(2026, 8, 10), d(2026, 8, 24)));
    }

    #[test]
    fn leap_years_end_february_on_the_29th() {
        let p = periods(d(2027, 12, 1), d(2028, 3, 31), Frequency::Monthly, 4, 0);
        assert_eq!(ids(&p), ["2027-12", "2028-01", "2028-02", "2028-03"]);
        assert_eq!(p[2].end, d(2028, 2, 29));
        let q = periods(d(2027, 4, 1), d(2028, 3, 31), Frequency::Quarterly, 4, 1);
        assert_eq!(q[3].end, d(2028, 3, 31));
        let h = periods(d(2028, 3, 1), d(2028, 3, 31), Frequency::SixMonthly, 9, 1);
        assert_eq!(
            ids(&h),
            ["2027-28 H2"],
            "with a September year, March falls in the second half"
        );
        assert_eq!(h[0].due, d(2028, 4, 1));
    }

    #[test]
    fn six_monthly_and_annual_ids() {
        let h = periods(d(2026, 4, 1), d(2028, 3, 31), Frequency::SixMonthly, 4, 30);
        assert_eq!(
            ids(&h),
            ["2026-27 H1", "2026-27 H2", "2027-28 H1", "2027-28 H2"]
        );
        assert_eq!(h[1].start, d(2026, 10, 1));
        let a = periods(d(2026, 1, 1), d(2027, 6, 30), Frequency::Annual, 4, 60);
        assert_eq!(ids(&a), ["2025-26", "2026-27", "2027-28"]);
        assert_eq!((a[0].start, a[0].end), (d(2026, 1, 1), d(2026, 3, 31)));
        assert_eq!(
            (a[2].start, a[2].end, a[2].due),
            (d(2027, 4, 1), d(2027, 6, 30), d(2027, 8, 29))
        );
    }

    #[test]
    fn a_year_starting_in_january_is_the_calendar_year() {
        let q = periods(d(2026, 1, 1), d(2026, 12, 31), Frequency::Quarterly, 1, 30);
        assert_eq!(ids(&q), ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]);
        assert_eq!(q[0].end, d(2026, 3, 31));
        assert_eq!(q[3].year_start, d(2026, 1, 1));
        let a = periods(d(2025, 6, 1), d(2026, 5, 31), Frequency::Annual, 1, 30);
        assert_eq!(ids(&a), ["2025", "2026"]);
    }

    #[test]
    fn the_year_label_turns_the_century() {
        assert_eq!(financial_year_label(d(2099, 4, 1)), "2099-00");
    }
}
