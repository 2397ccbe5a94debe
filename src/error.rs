//! The core's one error type: what went wrong, in words a volunteer can act on.

use std::path::PathBuf;

/// Everything the core can refuse or fail at. Messages say what was wrong and
/// what to do; the UI and CLI show them as they are and match on [`Error::kind`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value given for a field breaks a rule; nothing was written.
    #[error("{field}: {message}")]
    Invalid {
        /// The field as the user knows it (`date_of_birth`, `end_date`).
        field: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A record looked up by its key does not exist.
    #[error("no {what} {key:?} was found; {hint}")]
    NotFound {
        /// The kind of record (`participant`, `agreement`).
        what: &'static str,
        /// The key that was looked for.
        key: String,
        /// Where to find the right key.
        hint: &'static str,
    },
    /// A code, reference or name that must be unique is already taken.
    #[error("{what} {key:?} already exists; choose another {field} or edit the existing one")]
    Duplicate {
        /// The kind of record.
        what: &'static str,
        /// The field that must be unique.
        field: &'static str,
        /// The value that is taken.
        key: String,
    },
    /// No organisation has been set up yet in this database.
    #[error("this database has no organisation yet; run `evident init --org NAME` or `evident demo` first")]
    NotInitialised,
    /// A file offered for restore is damaged or is not an Evident database.
    #[error("{path} cannot be restored: {why}. The current database was left as it was")]
    BadBackup {
        /// The file offered.
        path: PathBuf,
        /// What the check found.
        why: String,
    },
    /// Reading or writing a file failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done (`could not write`).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The database schema could not be brought up to date.
    #[error("the database could not be upgraded: {0}. A backup was taken before the attempt")]
    Migration(#[from] rusqlite_migration::Error),
    /// The workbook could not be put together.
    #[error("the workbook could not be written: {0}")]
    Workbook(#[from] rust_xlsxwriter::XlsxError),
    /// The pack's zip file could not be put together.
    #[error("the pack could not be zipped: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// SQLite reported a failure that is not the user's doing.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl Error {
    /// A stable, machine-readable name for the kind of error (`invalid`,
    /// `not_found`, …), for the UI to choose how to show it.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Duplicate { .. } => "duplicate",
            Error::NotInitialised => "not_initialised",
            Error::BadBackup { .. } => "bad_backup",
            Error::Io { .. } => "io",
            Error::Migration(_) => "migration",
            Error::Workbook(_) => "workbook",
            Error::Zip(_) => "zip",
            Error::Database(_) => "database",
        }
    }

    /// An [`Error::Invalid`] for `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// An [`Error::Io`] for `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
