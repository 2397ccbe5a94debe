//! A file of changes (`.evchg`): one laptop's changes since its last file,
//! with what they need, sealed so that a file cut short or altered on the
//! way is refused whole.
//!
//! Layout: the line `EVIDENT-CHANGES 1`, the header's length (8 bytes,
//! little-endian) and the header as JSON, the changes' length and the
//! changes (each write's SQLite changeset, with its length before it, in
//! the order they were written), then the SHA-256 of everything before it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::store::SentFile;

/// The first line of every file of changes, with the layout's version.
pub const MAGIC: &[u8] = b"EVIDENT-CHANGES 1\n";

/// What a file of changes says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The organisation the changes belong to.
    pub organisation: Uuid,
    /// The laptop that wrote them, and its name as its volunteer gave it.
    pub laptop: Uuid,
    pub laptop_name: String,
    /// This laptop's files are numbered 1, 2, 3…; each follows the last.
    pub sequence: u64,
    /// The schema the changes were recorded in.
    pub schema: usize,
    /// Every laptop's latest file that the writer had applied: a file is
    /// applied after those, so that a mark never arrives before its child.
    pub needs: BTreeMap<Uuid, u64>,
    /// The writer's clock when it wrote the file (see `sync::clock`).
    pub clock: String,
    /// When it was written, by the writer's clock, for people to read.
    pub written_at: String,
    /// The writer's public keys: how a laptop that knew it before it had
    /// keys (both from an Evident that did not seal) checks its first
    /// sealed file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<super::seal::PublicKeys>,
}

/// A file of changes, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeFile {
    pub header: Header,
    /// The changesets, one after another, as SQLite wrote them.
    pub changes: Vec<u8>,
}

impl ChangeFile {
    /// The file as its laptop keeps it once sent: `sha256` is that of what
    /// was written into the shared folder.
    pub fn kept(&self, sha256: &str) -> Result<SentFile> {
        Ok(SentFile {
            sequence: self.header.sequence,
            header: serde_json::to_string(&self.header)
                .map_err(|e| Error::invalid("changes", e.to_string()))?,
            changes: self.changes.clone(),
            sha256: sha256.to_string(),
        })
    }

    /// A file kept once sent, to be written again.
    pub fn from_kept(kept: &SentFile) -> Result<ChangeFile> {
        Ok(ChangeFile {
            header: serde_json::from_str(&kept.header).map_err(|e| {
                Error::invalid(
                    "changes",
                    format!("a file kept to be sent again does not read ({e})"),
                )
            })?,
            changes: kept.changes.clone(),
        })
    }

    /// The file's bytes, sealed.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let header = serde_json::to_vec(&self.header)
            .map_err(|e| Error::invalid("changes", e.to_string()))?;
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&join_parts(&[header.as_slice(), &self.changes]));
        let seal = Sha256::digest(&bytes);
        bytes.extend_from_slice(&seal);
        Ok(bytes)
    }

    /// Reads the file at `path` (for messages) from `bytes`, refusing one
    /// that is cut short, altered, not a file of changes, or recorded in a
    /// schema newer than `known`.
    pub fn from_bytes(path: &Path, bytes: &[u8], known: usize) -> Result<ChangeFile> {
        let refuse = |why: &str| Error::BadChangeFile {
            path: path.to_path_buf(),
            why: why.to_string(),
        };
        let cut_short = "it is incomplete (cut short while it was copied?); send it again from the laptop that wrote it";
        let Some(body) = bytes.strip_prefix(MAGIC) else {
            return Err(refuse("it is not a file of changes from Evident"));
        };
        if bytes.len() < MAGIC.len() + 32 {
            return Err(refuse(cut_short));
        }
        let (sealed, seal) = bytes.split_at(bytes.len() - 32);
        let mut rest = &body[..body.len() - 32];
        let header = take(&mut rest).ok_or_else(|| refuse(cut_short))?;
        let changes = take(&mut rest).ok_or_else(|| refuse(cut_short))?;
        if !rest.is_empty() || Sha256::digest(sealed).as_slice() != seal {
            return Err(refuse(
                "it has been changed since it was written (its seal does not match); send it again from the laptop that wrote it",
            ));
        }
        let header: Header = serde_json::from_slice(header)
            .map_err(|e| refuse(&format!("its header does not read ({e})")))?;
        if header.schema > known {
            return Err(refuse(&format!(
                "it was written by a newer Evident (schema {}; this one knows {known}); install the newer Evident on this laptop first",
                header.schema
            )));
        }
        Ok(ChangeFile {
            header,
            changes: changes.to_vec(),
        })
    }
}

use crate::store::changeset::take;
/// Several writes' changesets as the one `changes` of a file, and back:
/// each with its length before it (the store's run of changesets).
pub use crate::store::changeset::{join as join_parts, split as split_parts};

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> ChangeFile {
        ChangeFile {
            header: Header {
                organisation: Uuid::from_bytes([1; 16]),
                laptop: Uuid::from_bytes([2; 16]),
                laptop_name: "Sam's laptop".into(),
                sequence: 3,
                schema: 7,
                needs: BTreeMap::from([(Uuid::from_bytes([3; 16]), 5)]),
                clock: "000001764146400000-000000-03030303030303030303030303030303".into(),
                written_at: "2026-11-26 09:00".into(),
                keys: None,
            },
            changes: (0..=255u8).collect(),
        }
    }

    fn kind(result: Result<ChangeFile>) -> String {
        let e = result.unwrap_err();
        assert_eq!(e.kind(), "bad_change_file");
        e.to_string()
    }

    #[test]
    fn a_file_reads_back_as_written() {
        let bytes = file().to_bytes().unwrap();
        assert_eq!(
            ChangeFile::from_bytes(Path::new("f"), &bytes, 7).unwrap(),
            file()
        );
    }

    #[test]
    fn a_file_cut_short_anywhere_is_refused() {
        let bytes = file().to_bytes().unwrap();
        for length in 0..bytes.len() {
            let read = ChangeFile::from_bytes(Path::new("f"), &bytes[..length], 7);
            assert!(read.is_err(), "cut to {length} bytes");
        }
    }

    #[test]
    fn a_file_altered_anywhere_is_refused() {
        let bytes = file().to_bytes().unwrap();
        for at in 0..bytes.len() {
            let mut altered = bytes.clone();
            altered[at] ^= 0x20;
            let read = ChangeFile::from_bytes(Path::new("f"), &altered, 7);
            assert!(read.is_err(), "byte {at} altered");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(kind(ChangeFile::from_bytes(Path::new("f"), &longer, 7)).contains("changed"));
    }

    #[test]
    fn a_file_from_a_newer_evident_is_refused_with_what_to_do() {
        let bytes = file().to_bytes().unwrap();
        let why = kind(ChangeFile::from_bytes(Path::new("f"), &bytes, 6));
        assert!(
            why.contains("newer Evident") && why.contains("Nothing in it was applied"),
            "{why}"
        );
    }
}
