//! This laptop's keys and every laptop's public ones: what sealing a file
//! for the shared folder, and opening one found there, needs. A file is
//! opened only if a current laptop of the organisation signed it; one
//! written before every laptop had keys (an Evident that sent its files
//! unsealed) is read only from a laptop whose keys are not known yet.

use std::path::Path;

use super::file::{self, ChangeFile};
use super::seal::{self, SecretKeys, Unopened};
use crate::error::{Error, Result};
use crate::key::Key;
use crate::store::{latest_schema_version, LaptopRow, Store};

/// What sealing and opening files needs.
pub struct Keyring {
    pub this: Key,
    keys: SecretKeys,
    pub laptops: Vec<LaptopRow>,
}

impl Keyring {
    /// This laptop's keyring; its keys are made when it first shares.
    pub fn of(store: &Store) -> Result<Keyring> {
        let keys = SecretKeys::from_texts(store.secret_key_texts()?).ok_or_else(|| {
            Error::invalid(
                "keys",
                "this laptop has no keys to seal its files with yet; send changes once to make them",
            )
        })?;
        Ok(Keyring {
            this: store.this_laptop()?.laptop,
            keys,
            laptops: store.laptops()?,
        })
    }

    /// The age recipients of the organisation's current laptops (this one
    /// included); `None` while one of them has no keys yet (it has not
    /// upgraded), when files are still written unsealed.
    pub fn recipients(&self) -> Option<Vec<String>> {
        self.laptops
            .iter()
            .filter(|l| l.current())
            .map(|l| l.keys.as_ref().map(|k| k.recipient.clone()))
            .collect()
    }

    /// Whether `bytes` (a sealed file) were sealed for the current laptops.
    pub fn sealed_for_now(&self, bytes: &[u8]) -> bool {
        match (self.recipients(), seal::outside(bytes)) {
            (Some(recipients), Ok(outside)) => {
                outside.sealed_for == seal::recipients_digest(&recipients)
            }
            (None, Err(Unopened::NotSealed)) => true,
            _ => false,
        }
    }

    /// `contents` as written into the shared folder: sealed for the current
    /// laptops, or as they are while one of them has not upgraded.
    pub fn seal(&self, contents: &[u8]) -> Result<Vec<u8>> {
        match self.recipients() {
            Some(recipients) => seal::seal(contents, self.this.uuid(), &self.keys, &recipients),
            None => Ok(contents.to_vec()),
        }
    }

    /// This laptop's public keys.
    pub fn public(&self) -> seal::PublicKeys {
        self.keys.public()
    }

    /// Whether every current laptop has keys, so that files are sealed.
    pub fn sealing(&self) -> bool {
        self.recipients().is_some()
    }

    fn laptop(&self, key: Key) -> Option<&LaptopRow> {
        self.laptops.iter().find(|l| l.laptop == key)
    }

    /// Opens a sealed file signed by a laptop of the organisation: its
    /// writer and contents, or why not.
    pub fn open(&self, bytes: &[u8]) -> std::result::Result<(Key, Vec<u8>), Unread> {
        let outside = seal::outside(bytes).map_err(Unread::refused)?;
        let writer = Key::from(outside.writer);
        let laptop = self.laptop(writer).ok_or(Unread::NotHeardOf)?;
        let verifying_key = match &laptop.keys {
            Some(keys) => keys.verifying_key.clone(),
            // A laptop known from before either had keys (both upgraded
            // from an Evident that did not seal): its first sealed file
            // carries its keys, trusted as its unsealed files were.
            None => first_keys(bytes, &self.keys).ok_or(Unread::refused(Unopened::NotSigned))?,
        };
        let contents = seal::open(bytes, &verifying_key, &self.keys).map_err(Unread::refused)?;
        Ok((writer, contents))
    }

    /// Reads a file of changes found in `laptop`'s folder: opened and
    /// checked, or why it is refused.
    pub fn read_change_file(
        &self,
        path: &Path,
        laptop: Key,
        bytes: &[u8],
    ) -> std::result::Result<ChangeFile, Unread> {
        let read = |contents: &[u8]| {
            ChangeFile::from_bytes(path, contents, latest_schema_version()).map_err(|e| {
                Unread::Refused(match e {
                    Error::BadChangeFile { why, .. } => why,
                    other => other.to_string(),
                })
            })
        };
        let Some(known) = self.laptop(laptop) else {
            return Err(Unread::NotHeardOf);
        };
        let elsewhere =
            || Unread::Refused("it is in another laptop's folder; put it back in its own".into());
        let file = if bytes.starts_with(seal::MAGIC) {
            let (writer, contents) = self.open(bytes)?;
            if writer != laptop {
                return Err(elsewhere());
            }
            read(&contents)?
        } else if bytes.starts_with(file::MAGIC) {
            // Unsealed: only from a laptop that has not upgraded yet.
            if known.keys.is_some() {
                return Err(Unread::Refused(format!(
                    "{} (it is unsealed, and that laptop seals its files)",
                    Unopened::NotSigned.why()
                )));
            }
            read(bytes)?
        } else {
            return Err(Unread::refused(Unopened::NotSealed));
        };
        if file.header.laptop != laptop.uuid() {
            return Err(elsewhere());
        }
        if let Some((on, after)) = &known.removed {
            if file.header.sequence > *after {
                return Err(Unread::Refused(format!(
                    "it was written by a laptop removed from your laptops on {on}; nothing it sent since is used"
                )));
            }
        }
        Ok(file)
    }
}

/// The verifying key a sealed file of changes' header gives for its writer.
fn first_keys(bytes: &[u8], keys: &SecretKeys) -> Option<String> {
    let contents = seal::open_unchecked(bytes, keys).ok()?;
    let file = ChangeFile::from_bytes(Path::new(""), &contents, usize::MAX).ok()?;
    file.header.keys.map(|k| k.verifying_key)
}

/// Why a file in the shared folder was not read.
#[derive(Debug, Clone, PartialEq)]
pub enum Unread {
    /// From a laptop this one has not heard of yet: it waits until the
    /// file that added that laptop arrives from another.
    NotHeardOf,
    /// Refused, with why and what to do.
    Refused(String),
}

impl Unread {
    fn refused(why: Unopened) -> Unread {
        Unread::Refused(why.why().to_string())
    }

    /// In words, for a refusal or a wait.
    pub fn why(&self) -> String {
        match self {
            Unread::NotHeardOf => "it is from a laptop this one has not heard of yet; it waits until the laptop that invited it has sent, and this one has got its changes".to_string(),
            Unread::Refused(why) => why.clone(),
        }
    }
}
