//! Bad input everywhere: property tests over every parser and the
//! spreadsheet reader. Whatever is typed or found in a file, the answer is
//! a value or a typed error that names the field: never a panic. And what
//! a parser accepts reads back as written.

use chrono::Datelike;
use evident::{filter::Filter, parse, Error};
use proptest::prelude::*;

/// Any text a person or a file might give: printable, control characters,
/// accents, digits and the separators the parsers look for.
fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            any::<char>(),
            prop::sample::select(vec![
                '0', '1', '9', '-', '/', '.', ',', '£', ':', '=', ';', ' ', 'e', 'E'
            ]),
        ],
        0..40,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn refused_by_field(result: &Error, field: &str) -> bool {
    matches!(result, Error::Invalid { field: f, .. } if f == field)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn every_parser_answers_a_value_or_an_error_naming_the_field(text in any_text()) {
        if let Err(e) = parse::date("date", &text) { prop_assert!(refused_by_field(&e, "date")); }
        if let Err(e) = parse::time("time", &text) { prop_assert!(refused_by_field(&e, "time")); }
        if let Err(e) = parse::yes_no("flag", &text) { prop_assert!(refused_by_field(&e, "flag")); }
        if let Err(e) = parse::number("value", &text) { prop_assert!(refused_by_field(&e, "value")); }
        if let Err(e) = parse::count("count", &text) { prop_assert!(refused_by_field(&e, "count")); }
        if let Err(e) = parse::money("budget", &text) { prop_assert!(refused_by_field(&e, "budget")); }
        let _ = Filter::parse(&text);
        let _ = parse::list(&text);
    }

    #[test]
    fn an_accepted_date_is_a_real_date_in_range(y in 0i32..10_000, m in 0u32..14, d in 0u32..33) {
        for text in [format!("{y:04}-{m:02}-{d:02}"), format!("{d:02}/{m:02}/{y:04}")] {
            if let Ok(date) = parse::date("date", &text) {
                prop_assert_eq!((date.year(), date.month(), date.day()), (y, m, d));
                prop_assert!((parse::FIRST_YEAR..=parse::LAST_YEAR).contains(&y));
            }
        }
    }

    #[test]
    fn money_reads_back_as_written(pence in -1_000_000_000_000i64..1_000_000_000_000) {
        let written = parse::format_money(pence);
        prop_assert_eq!(parse::money("budget", &written).unwrap(), pence);
    }

    #[test]
    fn an_accepted_number_is_finite_and_bounded(text in any_text()) {
        if let Ok(n) = parse::number("value", &text) {
            prop_assert!(n.is_finite() && n.abs() <= 1e12);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any bytes as a CSV of any kind: read, or refused with problems or a
    /// plain error; never a panic, and nothing written when refused.
    #[test]
    fn any_bytes_as_a_spreadsheet_are_read_or_refused_and_nothing_partial_is_written(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        header in prop::sample::select(vec![
            "code,known_as,date_of_birth\n",
            "session_ref,programme,date,duration_minutes\n",
            "session_ref,participant_code\n",
            "",
        ]),
        kind in prop::sample::select(evident::import::Kind::ALL.to_vec()),
    ) {
        let mut db = crate::support::TestDb::new();
        let path = db.dir().join("any.csv");
        let mut contents = header.as_bytes().to_vec();
        contents.extend(&bytes);
        std::fs::write(&path, &contents).unwrap();
        let before = db.fingerprint();
        match evident::import::run(&mut db.store, kind, &path, false, crate::support::today()) {
            Ok(report) => prop_assert!(report.written || report.rows == 0),
            Err(_) => prop_assert_eq!(before, db.fingerprint()),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A workbook damaged at random (bytes changed anywhere in a good
    /// `.xlsx`, or cut short) is read or refused, never a panic; and a
    /// refused one writes nothing. The workbook reader's fuzzing, bounded
    /// for the test command.
    #[test]
    fn a_workbook_damaged_at_random_is_read_or_refused_never_a_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (col, head) in ["code", "known_as", "date_of_birth"].iter().enumerate() {
            sheet.write_string(0, col as u16, *head).unwrap();
        }
        for row in 1..6u32 {
            sheet.write_string(row, 0, format!("P{row:04}")).unwrap();
            sheet.write_string(row, 1, format!("Child {row}")).unwrap();
            sheet.write_string(row, 2, "2015-03-02").unwrap();
        }
        let mut bytes = book.save_to_buffer().unwrap();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if let Some(cut) = cut {
            let keep = cut.index(bytes.len());
            bytes.truncate(keep.max(1));
        }
        let mut db = crate::support::TestDb::new();
        let path = db.dir().join("damaged.xlsx");
        std::fs::write(&path, &bytes).unwrap();
        let before = db.fingerprint();
        let outcome = evident::import::run(
            &mut db.store,
            evident::import::Kind::Participants,
            &path,
            false,
            crate::support::today(),
        );
        if outcome.is_err() {
            prop_assert_eq!(before, db.fingerprint());
        }
        let _ = evident::framework::import(&mut db.store, &path, true);
    }
}
