//! Sealing what a laptop writes into the shared folder: encrypted to the
//! organisation's current laptops (age, X25519) and signed by the laptop
//! that wrote it (Ed25519), so that the folder holds nothing anyone else
//! can read or forge (DESIGN "The shared folder holds nothing anyone else
//! can read or forge").
//!
//! Layout: the line `EVIDENT-SEALED 2`, the writer's laptop key (16
//! bytes), the SHA-256 of the recipients it was sealed for (so a laptop can
//! see without opening it that a file must be sealed again for a laptop
//! that joined or was removed), the ciphertext's length (8 bytes,
//! little-endian) and the ciphertext (age), then the writer's Ed25519
//! signature of everything before it.

use std::io::{Read, Write};

use age::secrecy::ExposeSecret;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::{Error, Result};

/// The first line of every sealed file, with the layout's version.
pub const MAGIC: &[u8] = b"EVIDENT-SEALED 2\n";

const SIGNATURE_LEN: usize = 64;
const FIXED_LEN: usize = MAGIC.len() + 16 + 32 + 8;

/// How much of a sealed file says who wrote it and for whom (`outside`).
pub const OUTSIDE_LEN: u64 = (MAGIC.len() + 16 + 32) as u64;

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::invalid(
            "keys",
            format!("this computer gave no random numbers to make keys with ({e})"),
        )
    })?;
    Ok(bytes)
}

/// A laptop's private keys: the age identity files are sealed to it with,
/// and the key it signs its files with. They never leave the laptop.
pub struct SecretKeys {
    identity: age::x25519::Identity,
    signing: SigningKey,
}

pub use crate::store::{KeyTexts, PublicKeys};

impl SecretKeys {
    /// New keys for a laptop.
    pub fn generate() -> Result<SecretKeys> {
        Ok(SecretKeys {
            identity: age::x25519::Identity::generate(),
            signing: SigningKey::from_bytes(&random_bytes::<32>()?),
        })
    }

    /// The keys as `to_text` wrote them; `None` if they do not read.
    pub fn from_text(identity: &str, signing: &str) -> Option<SecretKeys> {
        let identity = identity.parse::<age::x25519::Identity>().ok()?;
        let signing: [u8; 32] = hex_bytes(signing)?.try_into().ok()?;
        Some(SecretKeys {
            identity,
            signing: SigningKey::from_bytes(&signing),
        })
    }

    /// The identity and the signing key as text, to keep in the records.
    pub fn to_text(&self) -> (String, String) {
        (
            self.identity.to_string().expose_secret().to_string(),
            hex(self.signing.as_bytes()),
        )
    }

    /// The keys as the records keep them.
    pub fn texts(&self) -> KeyTexts {
        let (identity, signing) = self.to_text();
        KeyTexts {
            identity,
            signing,
            public: self.public(),
        }
    }

    /// The keys as text (`secret_key_texts`), read back; `None` when this
    /// laptop has none yet or they do not read.
    pub fn from_texts(texts: Option<(String, String)>) -> Option<SecretKeys> {
        texts.and_then(|(identity, signing)| SecretKeys::from_text(&identity, &signing))
    }

    pub fn public(&self) -> PublicKeys {
        PublicKeys {
            recipient: self.identity.to_public().to_string(),
            verifying_key: hex(self.signing.verifying_key().as_bytes()),
        }
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// The SHA-256 a file sealed for `recipients` carries: the same set in any
/// order gives the same.
pub fn recipients_digest(recipients: &[String]) -> [u8; 32] {
    let mut sorted: Vec<&str> = recipients.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.dedup();
    Sha256::digest(sorted.join("\n").as_bytes()).into()
}

/// `contents` sealed: encrypted to `recipients` (age recipients, `age1…`)
/// and signed by `keys` as laptop `writer`.
pub fn seal(
    contents: &[u8],
    writer: Uuid,
    keys: &SecretKeys,
    recipients: &[String],
) -> Result<Vec<u8>> {
    let parsed = recipients
        .iter()
        .map(|r| r.parse::<age::x25519::Recipient>())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::invalid("keys", format!("a laptop's key does not read ({e})")))?;
    let encryptor =
        age::Encryptor::with_recipients(parsed.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| Error::invalid("keys", format!("the file could not be sealed ({e})")))?;
    let mut ciphertext = Vec::with_capacity(contents.len() + 512);
    let sealed = encryptor
        .wrap_output(&mut ciphertext)
        .and_then(|mut w| {
            w.write_all(contents)?;
            w.finish()
        })
        .map_err(|e| Error::invalid("keys", format!("the file could not be sealed ({e})")));
    sealed?;
    let mut bytes = Vec::with_capacity(FIXED_LEN + ciphertext.len() + SIGNATURE_LEN);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(writer.as_bytes());
    bytes.extend_from_slice(&recipients_digest(recipients));
    bytes.extend_from_slice(&(ciphertext.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&ciphertext);
    let signature = keys.signing.sign(&bytes);
    bytes.extend_from_slice(&signature.to_bytes());
    Ok(bytes)
}

/// What a sealed file says of itself before it is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outside {
    /// The laptop that signed it, by its own word (checked by `open`).
    pub writer: Uuid,
    /// The SHA-256 of the recipients it was sealed for.
    pub sealed_for: [u8; 32],
}

/// Why a sealed file did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unopened {
    /// Not a sealed file at all.
    NotSealed,
    /// Shorter than its own lengths say: cut short on the way.
    CutShort,
    /// Its signature is not its writer's: altered, or forged.
    NotSigned,
    /// Sealed for other laptops than this one.
    NotForThisLaptop,
}

impl Unopened {
    /// What happened, and what to do, for a refusal's message.
    pub fn why(&self) -> &'static str {
        match self {
            Unopened::NotSealed => "it is not a file of changes from Evident",
            Unopened::CutShort => "it is incomplete (cut short while it was copied?); on the laptop that wrote it, choose Send again",
            Unopened::NotSigned => "it was not written by one of your laptops, or it has been changed since (its signature does not match); on the laptop that wrote it, choose Send again",
            Unopened::NotForThisLaptop => "it was sealed before this laptop joined, or for other laptops; it is sealed again for this one the next time the laptop that wrote it sends",
        }
    }
}

/// The part of `bytes` outside the seal, if it is a sealed file.
pub fn outside(bytes: &[u8]) -> std::result::Result<Outside, Unopened> {
    let rest = bytes.strip_prefix(MAGIC).ok_or(Unopened::NotSealed)?;
    if rest.len() < 16 + 32 {
        return Err(Unopened::CutShort);
    }
    let writer = Uuid::from_slice(&rest[..16]).map_err(|_| Unopened::CutShort)?;
    let sealed_for: [u8; 32] = rest[16..48].try_into().map_err(|_| Unopened::CutShort)?;
    Ok(Outside { writer, sealed_for })
}

/// Opens a sealed file: checks its signature with the writer's
/// `verifying_key` (hex) and decrypts it with this laptop's keys.
pub fn open(
    bytes: &[u8],
    verifying_key: &str,
    keys: &SecretKeys,
) -> std::result::Result<Vec<u8>, Unopened> {
    let signed = verified(bytes, verifying_key)?;
    decrypt(&signed[FIXED_LEN..], keys)
}

/// Decrypts a sealed file without checking who signed it: only to read the
/// keys its header says its writer has, which `open` then checks it with.
pub fn open_unchecked(bytes: &[u8], keys: &SecretKeys) -> std::result::Result<Vec<u8>, Unopened> {
    let signed = signed_part(bytes)?;
    decrypt(&signed[FIXED_LEN..], keys)
}

/// The part of a sealed file its signature covers, if the file is whole.
fn signed_part(bytes: &[u8]) -> std::result::Result<&[u8], Unopened> {
    outside(bytes)?;
    let Some(length) = bytes
        .get(FIXED_LEN - 8..FIXED_LEN)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .and_then(|b| usize::try_from(u64::from_le_bytes(b)).ok())
    else {
        return Err(Unopened::CutShort);
    };
    let signed_len = FIXED_LEN.checked_add(length).ok_or(Unopened::NotSigned)?;
    if bytes.len() < signed_len + SIGNATURE_LEN {
        return Err(Unopened::CutShort);
    }
    if bytes.len() > signed_len + SIGNATURE_LEN {
        return Err(Unopened::NotSigned);
    }
    Ok(&bytes[..signed_len])
}

/// The signed part of a sealed file, once its signature is checked with
/// `verifying_key`.
fn verified<'a>(bytes: &'a [u8], verifying_key: &str) -> std::result::Result<&'a [u8], Unopened> {
    let signed = signed_part(bytes)?;
    let signature = &bytes[signed.len()..];
    let verifying: [u8; 32] = hex_bytes(verifying_key)
        .and_then(|b| b.try_into().ok())
        .ok_or(Unopened::NotSigned)?;
    let verifying = VerifyingKey::from_bytes(&verifying).map_err(|_| Unopened::NotSigned)?;
    let signature = Signature::from_slice(signature).map_err(|_| Unopened::NotSigned)?;
    verifying
        .verify_strict(signed, &signature)
        .map_err(|_| Unopened::NotSigned)?;
    Ok(signed)
}

/// The contents of `ciphertext`, decrypted with this laptop's keys.
fn decrypt(ciphertext: &[u8], keys: &SecretKeys) -> std::result::Result<Vec<u8>, Unopened> {
    let decryptor = age::Decryptor::new(ciphertext).map_err(|_| Unopened::NotSigned)?;
    let mut contents = Vec::with_capacity(ciphertext.len());
    decryptor
        .decrypt(std::iter::once(&keys.identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => Unopened::NotForThisLaptop,
            _ => Unopened::NotSigned,
        })?
        .read_to_end(&mut contents)
        .map_err(|_| Unopened::NotSigned)?;
    Ok(contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laptop() -> (Uuid, SecretKeys) {
        (
            Uuid::from_bytes(random_bytes().unwrap()),
            SecretKeys::generate().unwrap(),
        )
    }

    #[test]
    fn a_sealed_file_opens_for_each_recipient_and_only_them() {
        let (writer, keys) = laptop();
        let (_, other) = laptop();
        let (_, stranger) = laptop();
        let recipients = vec![keys.public().recipient, other.public().recipient];
        let bytes = seal(b"Robin Hood, 01/09/2016", writer, &keys, &recipients).unwrap();
        assert!(!bytes.windows(5).any(|w| w == b"Robin"));
        let verifying = keys.public().verifying_key;
        assert_eq!(
            open(&bytes, &verifying, &keys).unwrap(),
            b"Robin Hood, 01/09/2016"
        );
        assert_eq!(
            open(&bytes, &verifying, &other).unwrap(),
            b"Robin Hood, 01/09/2016"
        );
        assert_eq!(
            open(&bytes, &verifying, &stranger),
            Err(Unopened::NotForThisLaptop)
        );
        assert_eq!(outside(&bytes).unwrap().writer, writer);
        assert_eq!(
            outside(&bytes).unwrap().sealed_for,
            recipients_digest(&[recipients[1].clone(), recipients[0].clone()])
        );
    }

    #[test]
    fn a_file_altered_anywhere_cut_short_or_signed_by_another_is_refused() {
        let (writer, keys) = laptop();
        let (_, forger) = laptop();
        let recipients = vec![keys.public().recipient];
        let bytes = seal(&[7u8; 300], writer, &keys, &recipients).unwrap();
        let verifying = keys.public().verifying_key;
        for at in 0..bytes.len() {
            let mut altered = bytes.clone();
            altered[at] ^= 0x01;
            assert!(open(&altered, &verifying, &keys).is_err(), "byte {at}");
        }
        for length in 0..bytes.len() {
            assert!(open(&bytes[..length], &verifying, &keys).is_err());
        }
        let forged = seal(&[7u8; 300], writer, &forger, &recipients).unwrap();
        assert_eq!(open(&forged, &verifying, &keys), Err(Unopened::NotSigned));
    }

    #[test]
    fn keys_read_back_as_written() {
        let keys = SecretKeys::generate().unwrap();
        let (identity, signing) = keys.to_text();
        let again = SecretKeys::from_text(&identity, &signing).unwrap();
        assert_eq!(again.public(), keys.public());
        assert!(SecretKeys::from_text(&identity, "zz").is_none());
    }
}
