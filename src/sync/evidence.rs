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
        let current = files::read_start(&to, super::seal::OUTSIDE_LEN)
            .ok()
            .is_some_and(|start| !keyring.sealing() || keyring.sealed_for_now(&start));
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

/// Deletes, of the evidence files with these SHA-256 that no record here
/// names any more (a deleted person's stories' photos), this laptop's copy
/// and the shared folder's (`organisation`, when it can be reached).
pub fn forget(
    store: &Store,
    organisation: Option<(&Path, &Key)>,
    sha256s: &[String],
) -> Result<usize> {
    if sha256s.is_empty() {
        return Ok(0);
    }
    let named: std::collections::HashSet<String> = store
        .evidence_files()?
        .into_iter()
        .map(|f| f.sha256)
        .collect();
    let here = crate::evidence::folder(store).ok();
    let mut forgotten = 0;
    for sha in sha256s.iter().filter(|s| !named.contains(*s)) {
        if let Some(here) = &here {
            let _ = std::fs::remove_file(here.join(sha));
        }
        if let Some((organisation, key)) = organisation {
            let _ = std::fs::remove_file(sealed_copy(organisation, key, sha));
            let _ = std::fs::remove_file(unsealed_copy(organisation, sha));
        }
        forgotten += 1;
    }
    Ok(forgotten)
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
