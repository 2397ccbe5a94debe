//! The join code: what the inviting laptop shows on its screen and the new
//! laptop asks for. The joining file is encrypted under a key derived from
//! it (Argon2id, then XChaCha20-Poly1305), so the file alone, in the shared
//! folder, opens for nobody. The code is never written to a file.
//!
//! Layout of a joining file: the line `EVIDENT-JOIN 2`, the salt (16
//! bytes), the nonce (24 bytes), then the ciphertext of the contents, which
//! authenticates everything before it too.

use argon2::Argon2;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};

use super::seal::random_bytes;
use crate::error::{Error, Result};

/// The first line of every joining file, with the layout's version.
pub const MAGIC: &[u8] = b"EVIDENT-JOIN 2\n";

/// The letters a code is made of: 32 (5 bits each), with none that reads
/// as another (no I, O, 0 or 1).
const LETTERS: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A code is 12 of them: 60 bits.
const LENGTH: usize = 12;

/// A join code, as the new laptop's volunteer types it.
#[derive(Clone, PartialEq, Eq)]
pub struct JoinCode(String);

impl std::fmt::Debug for JoinCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JoinCode(…)")
    }
}

impl JoinCode {
    /// A new code, at random.
    pub fn new() -> Result<JoinCode> {
        let bytes = random_bytes::<LENGTH>()?;
        Ok(JoinCode(
            bytes
                .iter()
                .map(|b| LETTERS[usize::from(b % 32)] as char)
                .collect(),
        ))
    }

    /// A code as typed: any case, with or without its hyphens and spaces.
    pub fn parse(typed: &str) -> Result<JoinCode> {
        let code: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if code.len() != LENGTH || !code.bytes().all(|b| LETTERS.contains(&b)) {
            return Err(Error::invalid(
                "code",
                "type the join code shown on the inviting laptop's screen: 12 letters and digits, like ABCD-EFGH-JK23",
            ));
        }
        Ok(JoinCode(code))
    }

    /// The code as shown: three groups of four.
    pub fn shown(&self) -> String {
        let groups: Vec<&str> = (0..LENGTH).step_by(4).map(|i| &self.0[i..i + 4]).collect();
        groups.join("-")
    }

    fn key(&self, salt: &[u8]) -> Result<Key> {
        let mut key = [0u8; 32];
        Argon2::default()
            .hash_password_into(self.0.as_bytes(), salt, &mut key)
            .map_err(|e| Error::invalid("code", format!("the code could not be used ({e})")))?;
        Ok(Key::from(key))
    }

    /// `contents` encrypted under this code.
    pub fn seal(&self, contents: &[u8]) -> Result<Vec<u8>> {
        let salt = random_bytes::<16>()?;
        let nonce = random_bytes::<24>()?;
        let mut bytes = Vec::with_capacity(MAGIC.len() + 40 + contents.len() + 16);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&salt);
        bytes.extend_from_slice(&nonce);
        let cipher = XChaCha20Poly1305::new(&self.key(&salt)?);
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: contents,
                    aad: &bytes,
                },
            )
            .map_err(|_| Error::invalid("code", "the joining file could not be sealed"))?;
        bytes.extend_from_slice(&sealed);
        Ok(bytes)
    }

    /// The contents of a joining file sealed under this code; a wrong code
    /// (or a file altered since) says so.
    pub fn open(&self, bytes: &[u8]) -> Result<Vec<u8>> {
        let head = MAGIC.len() + 40;
        if !bytes.starts_with(MAGIC) || bytes.len() < head + 16 {
            return Err(Error::invalid(
                "file",
                "it is not a joining file from Evident (or it is incomplete); ask for a new one: Settings, Several laptops, Invite a laptop",
            ));
        }
        let (aad, sealed) = bytes.split_at(head);
        let cipher = XChaCha20Poly1305::new(&self.key(&aad[MAGIC.len()..MAGIC.len() + 16])?);
        cipher
            .decrypt(
                XNonce::from_slice(&aad[MAGIC.len() + 16..]),
                Payload { msg: sealed, aad },
            )
            .map_err(|_| {
                Error::invalid(
                    "code",
                    "that join code does not open this file; check it against the inviting laptop's screen (each laptop's file has its own code)",
                )
            })
    }
}

/// Whether `bytes` begin as a joining file sealed under a code.
pub fn is_sealed_joining_file(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_60_bits_shown_in_groups_and_read_back_however_typed() {
        let code = JoinCode::new().unwrap();
        let shown = code.shown();
        assert_eq!(shown.len(), 14);
        assert_eq!(JoinCode::parse(&shown).unwrap(), code);
        assert_eq!(
            JoinCode::parse(&format!(" {} ", shown.to_lowercase().replace('-', " "))).unwrap(),
            code
        );
        assert!(JoinCode::parse("ABCD-EFGH-IJK1").is_err());
        assert!(JoinCode::parse("ABCD").is_err());
        assert_ne!(JoinCode::new().unwrap(), code);
    }

    #[test]
    fn a_file_opens_with_its_code_only() {
        let code = JoinCode::new().unwrap();
        let bytes = code.seal(b"the records").unwrap();
        assert_eq!(code.open(&bytes).unwrap(), b"the records");
        let wrong = JoinCode::new().unwrap();
        assert_eq!(wrong.open(&bytes).unwrap_err().kind(), "invalid");
        let mut altered = bytes.clone();
        altered[MAGIC.len() + 3] ^= 1;
        assert!(code.open(&altered).is_err());
        assert!(code.open(&bytes[..bytes.len() - 1]).is_err());
    }
}
