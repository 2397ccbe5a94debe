-- The organisation's contact for returns, each agreement's project summary,
-- and whether its funder asks for participant-level rows (default no).
ALTER TABLE organisation ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN contact_role TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE agreement ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE agreement ADD COLUMN participant_rows INTEGER NOT NULL DEFAULT 0;
