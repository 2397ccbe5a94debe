//! Evident's core: the records, the SQLite store, reporting periods and the
//! demo data. It knows nothing of Tauri or of any window; the `evident`
//! command and the desktop app are thin layers over it.

pub mod checks;
pub mod demo;
pub mod desk;
pub mod error;
pub mod evidence;
pub mod files;
pub mod filter;
pub mod forms;
pub mod framework;
pub mod funder_form;
pub mod history;
pub mod import;
pub mod key;
pub mod measures;
pub mod overview;
pub mod pack;
pub mod parse;
pub mod payments;
pub mod period_return;
pub mod periods;
pub mod privacy;
pub mod profile;
pub mod records;
pub mod register;
pub mod store;
pub mod submission;
pub mod sync;

pub use error::{Error, Result};
pub use key::Key;
pub use store::Store;

/// The version of Evident, written into every pack and backup listing.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
