-- The shared folder holds nothing anyone else can read or forge (DESIGN
-- "Several laptops"): each laptop's public keys travel with the laptops'
-- records, its private keys stay in its own records (so a lock locks them
-- too), and what it sent is kept until every other laptop has it.

-- A laptop's public keys: `recipient` (age X25519) that files are sealed
-- to, `verifying_key` (Ed25519, hex) that its files' signatures are checked
-- with. Empty for a laptop that has not upgraded yet. A removed laptop
-- (lost, stolen, a volunteer who left) has `removed_on`, and its files after
-- `removed_after` are refused.
ALTER TABLE laptop ADD COLUMN recipient TEXT NOT NULL DEFAULT '';
ALTER TABLE laptop ADD COLUMN verifying_key TEXT NOT NULL DEFAULT '';
ALTER TABLE laptop ADD COLUMN removed_on TEXT;
ALTER TABLE laptop ADD COLUMN removed_after INTEGER;

-- This laptop's private keys: its age identity and its Ed25519 signing key
-- (hex). Made when it first shares, or by the laptop that invited it.
ALTER TABLE sync_this ADD COLUMN identity TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_this ADD COLUMN signing_key TEXT NOT NULL DEFAULT '';

-- Every file this laptop sent and another laptop may not have applied yet:
-- its contents (the header and changes, unsealed), and the SHA-256 of what
-- was written into the shared folder, so that a lost or damaged file is
-- written again, and sealed again for a laptop that joined or was removed
-- since.
CREATE TABLE sync_sent (
    sequence INTEGER PRIMARY KEY,
    contents BLOB NOT NULL,
    sha256   TEXT NOT NULL
);

-- Anonymising is final on every laptop: the date of birth it left (the
-- year and month) is kept with it, so that an edit made on another laptop
-- before the anonymising arrived is put back to it there.
ALTER TABLE anonymised ADD COLUMN date_of_birth TEXT;
