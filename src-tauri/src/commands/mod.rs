//! The commands the UI calls: each a plain function run off the main thread
//! that makes one core call and returns its result, or the core's error as
//! `{ kind, message, field?, problems? }`. No SQL and no rule here. One
//! module per part of the app: `week`, `returns`, `agreements`, `data`.

use chrono::{Local, NaiveDateTime};
use serde::Serialize;

pub mod agreements;
pub mod data;
pub mod returns;
pub mod week;

/// The clock, read once at the edge and passed in.
fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

/// The reference lists a form offers.
#[derive(Debug, Serialize)]
pub struct ReferenceLists {
    pub(super) gender: Vec<String>,
    pub(super) ethnicity: Vec<String>,
    pub(super) priority_group: Vec<String>,
    pub(super) source: Vec<String>,
}
