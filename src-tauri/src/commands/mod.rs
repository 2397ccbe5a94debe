//! The commands the UI calls: each a plain function run off the main thread
//! that makes one core call and returns its result, or the core's error as
//! `{ kind, message, field?, problems? }`. No SQL and no rule here. One
//! module per part of the app: `week`, `returns`, `agreements`, `team`, `data`,
//! `privacy`, `laptops`, `desk`.

use chrono::{Local, NaiveDateTime};
use serde::Serialize;

pub mod agreements;
pub mod data;
pub mod desk;
pub mod laptops;
pub mod privacy;
pub mod returns;
pub mod team;
pub mod week;

/// The clock, read once at the edge and passed in.
fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

/// The reference lists a form offers.
#[derive(Debug, Serialize)]
pub struct ReferenceLists {
    gender: Vec<String>,
    ethnicity: Vec<String>,
    priority_group: Vec<String>,
    source: Vec<String>,
}

impl ReferenceLists {
    /// The organisation's lists as they stand.
    fn of(store: &evident::Store) -> evident::Result<ReferenceLists> {
        use evident::store::List;
        Ok(ReferenceLists {
            gender: store.list_values(List::Gender)?,
            ethnicity: store.list_values(List::Ethnicity)?,
            priority_group: store.list_values(List::PriorityGroup)?,
            source: store.list_values(List::Source)?,
        })
    }
}
