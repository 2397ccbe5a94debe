//! Evidence files (photos, sign-in sheets, letters) in the shared folder:
//! each sealed like a file of changes, under a name that says nothing of
//! the file (not even its SHA-256, which would let anyone holding the photo
//! recognise it), so that the laptop making a return has what another
//! laptop attached.

use std::path::{Path, PathBuf};

use super::keyring::Keyring;
use crate::error::{Error, Result};
use crate::files;
use crate::key::Key;
use crate::store::Store;

/// The shared folder's evidence copies.
fn folder(organisation: &Path) -> PathBuf {
    organisation.join("evidence")
}

/// The sealed copy of the evidence file with SHA-256 `sha256`: named by a
/// digest of it and the organisation's key.
fn sealed_copy(organisation: &Path, key: &Key, sha256: &str) -> PathBuf {
    let name = crate::evidence::sha256(format!("Evidence copy\n{key}\n{sha256}").as_bytes());
    folder(organisation).join(format!("{name}.evseal"))
}

/// The copy an Evident that did not seal wrote: the file as it is, named
/// by its SHA-256.
fn unsealed_copy(organisation: &Path, sha256: &str) -> PathBuf {
    folder(organisation).join(sha256)
}

/// Copies every evidence file kept here into the shared folder, sealed for
/// the current laptops, where its copy there is missing or was sealed for
/// other laptops; deletes unsealed copies once every laptop seals. While
/// a laptop has yet to upgrade, copies are written as before, unsealed.
/// Returns how many it wrote.
pub fn share(store: &Store, keyring: &Keyring, organisation: &Path, key: &Key) -> Result<usize> {
    let Ok(here) = crate::evidence::folder(store) else {
        return Ok(0);
    };
    let there = folder(organisation);
    let mut written = 0;
    for file in store.evidence_files()? {
        let from = here.join(&file.sha256);
        let unsealed = unsealed_copy(organisation, &file.sha256);
        let to = if keyring.sealing() {
            sealed_copy(organisation, key, &file.sha256)
        } else {
            unsealed.clone()
        };
        let current = files::read_plain_file(&to, super::MAX_FILE_BYTES)
            .ok()
            .is_some_and(|bytes| !keyring.sealing() || keyring.sealed_for_now(&bytes));
        if !current && from.exists() {
            let bytes = std::fs::read(&from).map_err(|e| Error::io("could not read", &from, e))?;
            files::create_private_dir(&there)
                .map_err(|e| Error::io("could not create the folder", &there, e))?;
            files::write_whole(&to, "evidence file", &keyring.seal(&bytes)?)?;
            written += 1;
        }
        if keyring.sealing() && to.exists() {
            let _ = std::fs::remove_file(&unsealed);
        }
    }
    Ok(written)
}

/// Copies into this laptop's evidence folder every evidence file its
/// records name and it lacks, from the shared folder: opened if sealed by
/// one of the laptops, and checked against its SHA-256 either way. Returns
/// how many it copied.
pub fn fetch(store: &Store, keyring: &Keyring, organisation: &Path, key: &Key) -> Result<usize> {
    let Ok(here) = crate::evidence::folder(store) else {
        return Ok(0);
    };
    let mut copied = 0;
    for file in store.evidence_files()? {
        let to = here.join(&file.sha256);
        if to.exists() {
            continue;
        }
        let sealed = files::read_plain_file(
            &sealed_copy(organisation, key, &file.sha256),
            super::MAX_FILE_BYTES,
        )
        .ok()
        .and_then(|bytes| keyring.open(&bytes).ok())
        .map(|(_, contents)| contents);
        let Some(bytes) = sealed.or_else(|| {
            files::read_plain_file(
                &unsealed_copy(organisation, &file.sha256),
                super::MAX_FILE_BYTES,
            )
            .ok()
        }) else {
            continue;
        };
        if crate::evidence::sha256(&bytes) != file.sha256 {
            continue; // still being copied there, or damaged: next time
        }
        files::create_private_dir(&here)
            .map_err(|e| Error::io("could not create the folder", &here, e))?;
        files::write_whole(&to, "evidence file", &bytes)?;
        copied += 1;
    }
    Ok(copied)
}
