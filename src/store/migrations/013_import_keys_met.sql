-- The keys an import has met in its file so far (a participant's code, a
-- session's reference, a register mark's both), each with the line it was
-- first on, so that a row given twice is found in a file of a million rows
-- without holding every key in memory (and without a temporary file, which
-- SQLCipher would not encrypt). Kept on this laptop alone, and empty
-- between imports: an import empties it before its transaction ends.
CREATE TABLE import_key_met (
    key  BLOB PRIMARY KEY,
    line INTEGER NOT NULL
) WITHOUT ROWID;
