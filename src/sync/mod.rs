//! Several laptops, one organisation (DESIGN's "Several laptops"): what
//! each laptop sends and gets, by file, on SQLite's session extension.
//!
//! Built so far: the clock every synced write is stamped with (`clock`) and
//! the sealed file that carries one laptop's changes (`file`). Still to come
//! (issue 17): the schema for merging, the outbox, applying, joining.

pub mod clock;
pub mod file;
