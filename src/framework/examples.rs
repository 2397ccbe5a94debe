//! The example frameworks shipped in `assets/frameworks/`: a council's
//! children's services contract and a trust's grant, ready to set up an
//! agreement from in one step, as a funder's workbook would.

use serde::Serialize;

use super::import::{import_framework, FrameworkReport};
use super::Framework;
use crate::error::{Error, Result};
use crate::store::Store;

/// Each example's name and readable source.
const SOURCES: [(&str, &str); 2] = [
    (
        "council-childrens-services",
        include_str!("../../assets/frameworks/council-childrens-services.toml"),
    ),
    (
        "trust-grant",
        include_str!("../../assets/frameworks/trust-grant.toml"),
    ),
];

/// An example framework, as a list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// Its name, to choose it by.
    pub name: String,
    /// The funder.
    pub funder: String,
    /// The agreement's title.
    pub title: String,
    /// How often returns are due.
    pub frequency: String,
    /// How many measures it sets up.
    pub measures: usize,
}

/// The example frameworks.
pub fn examples() -> Result<Vec<Example>> {
    SOURCES
        .iter()
        .map(|(name, source)| {
            let f = Framework::from_toml(source)?;
            Ok(Example {
                name: name.to_string(),
                funder: f.agreement.funder,
                title: f.agreement.title,
                frequency: f.agreement.frequency,
                measures: f.measures.len(),
            })
        })
        .collect()
}

/// Sets up an agreement from the example called `name` (or, with
/// `dry_run`, says what it would do), all or nothing.
pub fn import_example(store: &mut Store, name: &str, dry_run: bool) -> Result<FrameworkReport> {
    let (file, source) = SOURCES
        .iter()
        .find(|(n, _)| *n == name.trim())
        .ok_or_else(|| Error::NotFound {
            what: "example framework",
            key: name.trim().to_string(),
            hint: "choose one of the examples listed",
        })?;
    import_framework(store, &Framework::from_toml(source)?, file, dry_run)
}
