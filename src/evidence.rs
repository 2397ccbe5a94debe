//! Evidence files: a photo, sign-in sheet or letter is copied into the data
//! folder under its SHA-256, and recorded against a session, story or period.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::error::{Error, Result};
use crate::files;
use crate::records::{Attachment, EvidenceFile};
use crate::store::Store;

/// The largest file accepted as evidence: 50 MB.
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

pub use crate::files::sha256;

/// The folder evidence copies live in: `evidence/` beside the database.
pub fn folder(store: &Store) -> Result<PathBuf> {
    let db = store.path().ok_or_else(|| {
        Error::invalid("database", "an in-memory database keeps no evidence files")
    })?;
    Ok(db.parent().unwrap_or(Path::new(".")).join("evidence"))
}

/// Where the copy of a file with this SHA-256 is kept.
pub fn stored_path(store: &Store, sha256: &str) -> Result<PathBuf> {
    Ok(folder(store)?.join(sha256))
}

/// Copies `file` into the evidence folder (once, whatever its name) and
/// records it against `attached_to`. Nothing is recorded if the copy fails,
/// and a refused record leaves at most an unreferenced copy behind.
pub fn attach(
    store: &mut Store,
    file: &Path,
    attached_to: Attachment,
    now: NaiveDateTime,
) -> Result<EvidenceFile> {
    let meta = fs::metadata(file).map_err(|e| Error::io("could not read", file, e))?;
    if !meta.is_file() {
        return Err(Error::invalid(
            "file",
            format!(
                "{} is not a plain file (a folder, device or pipe); attach a photo, letter or other document",
                file.display()
            ),
        ));
    }
    let size = meta.len();
    if size > MAX_BYTES {
        return Err(Error::invalid(
            "file",
            format!(
                "{} is {} MB; attach files of 50 MB or less (a photo can be resized)",
                file.display(),
                size / 1_000_000
            ),
        ));
    }
    let bytes = fs::read(file).map_err(|e| Error::io("could not read", file, e))?;
    let sha = sha256(&bytes);
    let file_name = file
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| {
            Error::invalid(
                "file",
                format!("{} has no file name Evident can read", file.display()),
            )
        })?
        .to_string();
    let record = EvidenceFile {
        id: 0,
        file_name,
        sha256: sha.clone(),
        size,
        added_at: now,
        attached_to,
    };
    record.validate()?;
    let dir = folder(store)?;
    let target = dir.join(&sha);
    if !target.exists() {
        crate::files::create_private_dir(&dir)
            .map_err(|e| Error::io("could not create the folder", &dir, e))?;
        files::write_whole(&target, "copy of the evidence file", &bytes)?;
    }
    store.add_evidence_file(&record)
}
