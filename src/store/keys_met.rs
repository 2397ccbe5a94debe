//! The keys an import has met in its file so far (`import_key_met`): a
//! row given twice is found in a file of any length with the store's own
//! pages, not memory, holding what was met.

use rusqlite::params;

use super::Store;
use crate::error::Result;

impl Store {
    /// Notes that `key` was met on `line`: the line it was first met on, if
    /// that was an earlier one. Part of the import's transaction.
    pub(crate) fn met_before(&mut self, key: &str, line: usize) -> Result<Option<usize>> {
        let line = i64::try_from(line).unwrap_or(i64::MAX);
        let first: i64 = self
            .read()
            .prepare_cached(
                "INSERT INTO import_key_met (key, line) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET line = line RETURNING line",
            )?
            .query_row(params![key.as_bytes(), line], |r| r.get(0))?;
        Ok((first != line).then(|| usize::try_from(first).unwrap_or(usize::MAX)))
    }

    /// Forgets every key met: an import's end.
    pub(crate) fn forget_keys_met(&mut self) -> Result<()> {
        self.read().execute("DELETE FROM import_key_met", [])?;
        Ok(())
    }
}
