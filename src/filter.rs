//! A measure's filter: which participants count (DESIGN "Calculations").
//! Written `field=value[,value]` pairs joined by `;`.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A participant field a filter can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FilterField {
    /// The age band at the end of the range.
    AgeBand,
    /// Gender.
    Gender,
    /// Ethnicity.
    Ethnicity,
    /// Area or ward.
    Area,
    /// Disabled: yes or no.
    Disability,
    /// Special educational needs: yes or no.
    Sen,
    /// A priority group they belong to.
    Group,
    /// A programme whose sessions count (the only field that is not about the participant).
    Programme,
}

impl FilterField {
    /// Every field, in the order they are written.
    pub const ALL: [FilterField; 8] = [
        FilterField::AgeBand,
        FilterField::Gender,
        FilterField::Ethnicity,
        FilterField::Area,
        FilterField::Disability,
        FilterField::Sen,
        FilterField::Group,
        FilterField::Programme,
    ];

    /// The word the field is written as.
    pub fn as_str(self) -> &'static str {
        match self {
            FilterField::AgeBand => "age_band",
            FilterField::Gender => "gender",
            FilterField::Ethnicity => "ethnicity",
            FilterField::Area => "area",
            FilterField::Disability => "disability",
            FilterField::Sen => "sen",
            FilterField::Group => "group",
            FilterField::Programme => "programme",
        }
    }
}

/// One `field=value,value` test: the participant matches any of the values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clause {
    /// The field tested.
    pub field: FilterField,
    /// The values accepted.
    pub values: Vec<String>,
}

/// All clauses must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filter {
    /// The tests, in the order written.
    pub clauses: Vec<Clause>,
}

impl Filter {
    /// Reads a filter; empty text is the filter that keeps everyone.
    pub fn parse(text: &str) -> Result<Filter> {
        let mut clauses = Vec::new();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((name, values)) = part.split_once('=') else {
                return Err(Error::invalid(
                    "filter",
                    format!("{part:?} is not a test; write field=value, for example gender=Girl or woman"),
                ));
            };
            let name = name.trim().to_lowercase();
            let field = FilterField::ALL
                .into_iter()
                .find(|f| f.as_str() == name)
                .ok_or_else(|| {
                    let accepted: Vec<&str> = FilterField::ALL.iter().map(|f| f.as_str()).collect();
                    Error::invalid(
                        "filter",
                        format!(
                            "{name:?} is not a field a filter can test; use one of: {}",
                            accepted.join(", ")
                        ),
                    )
                })?;
            let values: Vec<String> = values
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
                .collect();
            if values.is_empty() {
                return Err(Error::invalid(
                    "filter",
                    format!("{name}= has no value; write {name}=value"),
                ));
            }
            if matches!(field, FilterField::Disability | FilterField::Sen) {
                for v in &values {
                    crate::parse::yes_no("filter", v)?;
                }
            }
            if clauses.iter().any(|c: &Clause| c.field == field) {
                return Err(Error::invalid(
                    "filter",
                    format!("{name} is tested twice; list all its values in one test, separated by commas"),
                ));
            }
            clauses.push(Clause { field, values });
        }
        Ok(Filter { clauses })
    }

    /// Whether the filter keeps everyone.
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// Whether any clause tests a participant field (anything but `programme`).
    pub fn names_participant_field(&self) -> bool {
        self.clauses
            .iter()
            .any(|c| c.field != FilterField::Programme)
    }

    /// The values accepted for `field`, if the filter tests it.
    pub fn values(&self, field: FilterField) -> Option<&[String]> {
        self.clauses
            .iter()
            .find(|c| c.field == field)
            .map(|c| c.values.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_read_fields_and_values() {
        let f = Filter::parse("gender=Girl or woman; group=young carer,free school meals").unwrap();
        assert_eq!(f.clauses.len(), 2);
        assert_eq!(
            f.values(FilterField::Group).unwrap(),
            ["young carer", "free school meals"]
        );
        assert!(f.names_participant_field());
        assert!(!Filter::parse("programme=Youth club")
            .unwrap()
            .names_participant_field());
        assert!(Filter::parse("").unwrap().is_empty());
    }

    #[test]
    fn bad_filters_are_refused_with_the_accepted_fields() {
        let err = Filter::parse("colour=red").unwrap_err().to_string();
        assert!(err.contains("age_band, gender"), "{err}");
        assert!(Filter::parse("gender").is_err());
        assert!(Filter::parse("gender=").is_err());
        assert!(Filter::parse("disability=perhaps").is_err());
        assert!(Filter::parse("area=North;area=South").is_err());
    }
}
