//! The core's one error type: what went wrong, in words a volunteer can act on,
//! and a stable kind that a window or a script can choose what to do by.

use std::path::PathBuf;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// Everything the core can refuse or fail at. Messages say what was wrong and
/// what to do, in words that fit any caller (a window or a terminal); callers
/// show them as they are and match on [`Error::kind`], never on the text.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value given for a field breaks a rule; nothing was written.
    #[error("{field}: {message}")]
    Invalid {
        /// The form field, as a record's form names it (`date_of_birth`, `end_date`).
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
        /// Where to find the right key, worded for any caller.
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
    #[error("this database has no organisation yet; set up the organisation (or fill in the demo) first")]
    NotSetUp,
    /// The database already has an organisation, and only an empty one can be set up.
    #[error("this database already has an organisation ({0}); change its details instead, or use another database file")]
    AlreadySetUp(String),
    /// No database file exists where one was expected; only setting one up creates it.
    #[error(
        "there is no Evident database at {0}; check the path, or set up a new organisation there"
    )]
    NoDatabase(PathBuf),
    /// The file is not an Evident database (another program's file, or damaged beyond opening).
    #[error("{path} is not an Evident database, or is damaged ({why}); it was left untouched. Open another file, or restore a backup from {}", .backups.display())]
    NotEvidentDatabase {
        /// The file.
        path: PathBuf,
        /// What SQLite or the check found.
        why: String,
        /// Where the backups of a database at `path` are kept.
        backups: PathBuf,
    },
    /// The records are locked with a passphrase, and none was given, or not
    /// the right one; the file was not touched.
    #[error("{}", locked_words(.path, *.wrong))]
    Locked {
        /// The database file.
        path: PathBuf,
        /// Whether a passphrase was given and was wrong.
        wrong: bool,
    },
    /// The database was written by a newer Evident than this one.
    #[error("{path} was written by a newer Evident (schema {version}; this one knows {known}); install the newer Evident to open it")]
    NewerDatabase {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        version: usize,
        /// The newest schema this Evident knows.
        known: usize,
    },
    /// A file offered for restore is damaged, is not an Evident database, or
    /// holds another organisation.
    #[error("{path} cannot be restored: {why}. The current database was left as it was")]
    BadBackup {
        /// The file offered.
        path: PathBuf,
        /// What the check found.
        why: String,
    },
    /// A file of changes from another laptop that cannot be applied: cut
    /// short, altered, from a newer Evident or another organisation.
    #[error("{path} cannot be applied: {why}. Nothing in it was applied")]
    BadChangeFile {
        /// The file.
        path: PathBuf,
        /// What is wrong, and what to do.
        why: String,
    },
    /// A returns pack brought to a commissioner's desk was refused whole:
    /// not an Evident pack, or altered since it was written.
    #[error("{path} was not brought in: {why}. Nothing of it was kept")]
    RefusedPack {
        /// The pack's file.
        path: PathBuf,
        /// What is wrong, and what to do.
        why: String,
    },
    /// A file or folder cannot be written where it was asked for.
    #[error("{path} cannot be written: {why}")]
    CannotWrite {
        /// The file or folder.
        path: PathBuf,
        /// Why, and what to do instead.
        why: String,
    },
    /// Reading or writing a file failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done (`could not read`).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// An imported file has problems, so nothing was written.
    #[error("{} found in {file}, so nothing was written; fix {} and import the file again", count(.problems.len(), "problem"), if .problems.len() == 1 { "it" } else { "them" })]
    ImportProblems {
        /// The file.
        file: String,
        /// Every problem found, by file, line and column.
        problems: Vec<Problem>,
    },
    /// A period that has not been submitted was asked for what changed since it was.
    #[error(
        "{period} of {agreement} has not been submitted; mark it submitted once the pack is sent"
    )]
    NotSubmitted {
        /// The agreement's reference.
        agreement: String,
        /// The period id.
        period: String,
    },
    /// The database file is damaged.
    #[error("the database is damaged ({} found: {}); it was left as it is. Restore the newest backup (backups are kept in the backups folder beside the database)", count(.problems.len(), "problem"), .problems.first().map(String::as_str).unwrap_or_default())]
    Damaged {
        /// What SQLite's checks found.
        problems: Vec<String>,
    },
    /// A stored value no longer reads as it must (a measure's filter, a
    /// submission's values): the record needs correcting, never guessing.
    #[error("a stored {what} cannot be read ({why}); correct it before going on")]
    BadStoredValue {
        /// What was being read.
        what: String,
        /// What is wrong with it.
        why: String,
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
    /// SQLite reported a failure: a full disk or a read-only folder is said
    /// in words that say what to do (see [`database_failure`]).
    #[error("{}", database_failure(.0))]
    Database(#[from] rusqlite::Error),
}

/// SQLite's failure in words a volunteer can act on: a full disk, a
/// read-only file and damage say so and what to do; the rest keep SQLite's
/// own words. Every write is one transaction, so a failed one saved nothing.
fn database_failure(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => "the disk holding the records is full, so nothing was saved; free some space (empty the bin, move photos off), then try again".into(),
        Some(ErrorCode::ReadOnly) => "the records' file or folder is read-only, so nothing was saved; move the records to a folder you can write to, or ask for write access".into(),
        Some(ErrorCode::SystemIoFailure) => format!("the disk could not be read or written ({e}), so nothing was saved; check that the disk has free space and is still connected, then try again"),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => format!("the database is damaged ({e}); nothing was saved. Restore the newest backup (backups are kept in the backups folder beside the database)"),
        _ => format!("database error: {e}"),
    }
}

fn locked_words(path: &std::path::Path, wrong: bool) -> String {
    if wrong {
        "that passphrase is not the one these records are locked with; nothing was changed. Type it again (capital letters count)".to_string()
    } else {
        format!(
            "the records at {} are locked with a passphrase; give it to open them",
            path.display()
        )
    }
}

/// `n` and a noun, plural when it should be: "1 problem", "3 problems".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

impl Error {
    /// A stable, machine-readable name for the kind of error, for a caller
    /// to choose how to show it: a wrong field is shown beside the field, a
    /// list of import problems as a table, a newer database as a dialog.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Duplicate { .. } => "duplicate",
            Error::NotSetUp => "not_set_up",
            Error::AlreadySetUp(_) => "already_set_up",
            Error::NoDatabase(_) => "no_database",
            Error::NotEvidentDatabase { .. } => "not_evident_database",
            Error::NewerDatabase { .. } => "newer_database",
            Error::Locked { .. } => "locked",
            Error::BadBackup { .. } => "bad_backup",
            Error::BadChangeFile { .. } => "bad_change_file",
            Error::RefusedPack { .. } => "refused_pack",
            Error::CannotWrite { .. } => "cannot_write",
            Error::Io { .. } => "file",
            Error::ImportProblems { .. } => "import_problems",
            Error::NotSubmitted { .. } => "not_submitted",
            Error::Damaged { .. } => "damaged",
            Error::BadStoredValue { .. } => "bad_stored_value",
            Error::Migration(_) => "migration",
            Error::Workbook(_) => "workbook",
            Error::Zip(_) => "zip",
            Error::Database(e) => match e.sqlite_error_code() {
                Some(
                    rusqlite::ErrorCode::DiskFull
                    | rusqlite::ErrorCode::ReadOnly
                    | rusqlite::ErrorCode::SystemIoFailure,
                ) => "cannot_write",
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                    "damaged"
                }
                _ => "database",
            },
        }
    }

    /// The form field a caller should mark, for [`Error::Invalid`] and
    /// [`Error::Duplicate`].
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            Error::Duplicate { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The problems of an import, for [`Error::ImportProblems`].
    pub fn problems(&self) -> Option<&[Problem]> {
        match self {
            Error::ImportProblems { problems, .. } => Some(problems),
            _ => None,
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

    /// An [`Error::CannotWrite`] for `path`.
    pub fn cannot_write(path: impl Into<PathBuf>, why: impl Into<String>) -> Self {
        Error::CannotWrite {
            path: path.into(),
            why: why.into(),
        }
    }
}

/// Errors reach a window as `{ kind, message, field?, problems? }`. When
/// the error is about a field, the message is the reason alone ("is in the
/// future; check the year"), for the window to show beside that field's
/// label; otherwise it is the whole sentence.
impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", self.kind())?;
        match self {
            Error::Invalid { message, .. } => map.serialize_entry("message", message)?,
            other => map.serialize_entry("message", &other.to_string())?,
        }
        if let Some(field) = self.field() {
            map.serialize_entry("field", field)?;
        }
        if let Some(problems) = self.problems() {
            map.serialize_entry("problems", problems)?;
        }
        map.end()
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One thing wrong with a file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Problem {
    /// The file (and sheet).
    pub file: String,
    /// The line or row number, when it is about a row.
    pub line: Option<usize>,
    /// The column, when it is about a cell or a missing column.
    pub column: Option<String>,
    /// The value found.
    pub value: String,
    /// What is wrong and how to fix it.
    pub why: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        if !self.value.is_empty() {
            write!(f, ", value {:?}", self.value)?;
        }
        write!(f, ": {}", self.why)
    }
}
