-- A file sent is kept as its header (text the sync wrote) and its changes
-- (a run of changesets), not as the file's bytes: erasing a person rewrites
-- the changes without reading how a file of changes is laid out. The files
-- kept whole before are taken apart by the migration's hook, which then
-- drops the `contents` they were kept in.
ALTER TABLE sync_sent ADD COLUMN header TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_sent ADD COLUMN changes BLOB NOT NULL DEFAULT x'';
