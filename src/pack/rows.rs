//! The Participants sheet's rows, made safe to hand over (DESIGN
//! "Participant rows"): no row can be picked out by what describes it, and
//! no count that Demographics hides can be counted from the rows.

use std::collections::HashMap;

use super::ParticipantRow;
use crate::measures::Breakdowns;
use crate::records::Organisation;

/// What a generalised area reads.
pub const OTHER_AREAS: &str = "Other areas";

/// The columns that describe a person, in the order they give way:
/// area first, then ethnicity, age band and gender.
#[derive(Clone, Copy, PartialEq)]
enum Column {
    Area,
    Ethnicity,
    AgeBand,
    Gender,
}

const GIVING_WAY: [Column; 4] = [
    Column::Area,
    Column::Ethnicity,
    Column::AgeBand,
    Column::Gender,
];

impl Column {
    fn get(self, row: &ParticipantRow) -> &str {
        match self {
            Column::Area => &row.area,
            Column::Ethnicity => &row.ethnicity,
            Column::AgeBand => &row.age_band,
            Column::Gender => &row.gender,
        }
    }

    fn value(self, row: &mut ParticipantRow) -> &mut String {
        match self {
            Column::Area => &mut row.area,
            Column::Ethnicity => &mut row.ethnicity,
            Column::AgeBand => &mut row.age_band,
            Column::Gender => &mut row.gender,
        }
    }

    /// Demographics' name for this column.
    fn dimension(self) -> &'static str {
        match self {
            Column::Area => "Area",
            Column::Ethnicity => "Ethnicity",
            Column::AgeBand => "Age band",
            Column::Gender => "Gender",
        }
    }

    /// The value one step more general: a wider group, else blank.
    fn general(self, value: &str, organisation: &Organisation) -> String {
        let wider = match self {
            Column::Area => Some(OTHER_AREAS.to_string()),
            // "White: Irish" is of the broad group "White".
            Column::Ethnicity => value
                .split_once(':')
                .map(|(group, _)| group.trim().to_string()),
            Column::AgeBand => organisation.wider_age_band(value),
            Column::Gender => None,
        };
        match wider {
            Some(w) if w != value => w,
            _ => String::new(),
        }
    }
}

/// Makes `rows` safe: first, a value Demographics hides (`<5` or `*`) is
/// left blank, so the rows cannot count it; then, while some rows share
/// their age band, gender, ethnicity and area with fewer than `threshold`
/// rows, those rows give way one column at a time (area to "Other areas",
/// ethnicity to its broad group, age to a wider band, then blank), until
/// every combination is shared by at least `threshold` rows, or the rows
/// left apart say nothing that describes them.
pub fn made_safe(
    mut rows: Vec<ParticipantRow>,
    breakdowns: &Breakdowns,
    organisation: &Organisation,
    threshold: usize,
) -> Vec<ParticipantRow> {
    for column in GIVING_WAY {
        let hidden: Vec<&str> = breakdowns
            .demographics
            .iter()
            .filter(|d| d.name == column.dimension())
            .flat_map(|d| &d.categories)
            .filter(|c| c.shown != c.count.to_string())
            .map(|c| c.label.as_str())
            .collect();
        for row in &mut rows {
            let value = column.value(row);
            if hidden.contains(&value.as_str()) {
                value.clear();
            }
        }
    }
    loop {
        let key = |r: &ParticipantRow| {
            (
                r.age_band.clone(),
                r.gender.clone(),
                r.ethnicity.clone(),
                r.area.clone(),
            )
        };
        let mut sizes: HashMap<_, usize> = HashMap::new();
        for row in &rows {
            *sizes.entry(key(row)).or_default() += 1;
        }
        let apart: Vec<usize> = (0..rows.len())
            .filter(|&i| {
                let r = &rows[i];
                let says_something = GIVING_WAY.iter().any(|c| !c.get(r).is_empty());
                says_something && sizes[&key(r)] < threshold
            })
            .collect();
        if apart.is_empty() {
            return rows;
        }
        // The first column that still says something for any row apart
        // gives way for all of them.
        let Some(column) = GIVING_WAY
            .into_iter()
            .find(|c| apart.iter().any(|&i| !c.get(&rows[i]).is_empty()))
        else {
            return rows;
        };
        for &i in &apart {
            let value = column.value(&mut rows[i]);
            if !value.is_empty() {
                *value = column.general(value, organisation);
            }
        }
    }
}
