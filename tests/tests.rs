//! Evident's integration tests: one binary, so that it links once.
//!
//! - `api`: the core API every caller shares: forms, actions without a
//!   terminal, words that name no command, errors as a window gets them.
//! - `support`: the few entry points every test uses (a database in a temp
//!   folder, a fingerprint of every row, `refused` for bad input, the CLI).
//! - `records`: every record's rules; bad input is refused with a clear error
//!   and leaves the database exactly as it was.
//! - `backups`: backup, rotation, daily backups, restore and its refusals.
//! - `migrations`: an empty database and every older schema reach the latest.
//! - `measures`: every calculation against hand-computed figures, drill-through,
//!   breakdowns, readiness checks, and a property of year-to-date counts.
//! - `pack`: the returns pack read back with calamine: sheets, figures, text
//!   never a formula, no names, manifest hashes, atomic writes, submissions.
//! - `import`: spreadsheet imports and framework workbooks: figures from
//!   imported files, every error class, idempotency, round trip, examples.
//! - `register_grid`: the register grid as groups keep it, each example
//!   against figures worked out by hand, and every problem class.
//! - `cli`: the `evident` command as a script would use it.
//! - `consented`: a story, and its photos, go out only with the person's
//!   own consent.
//! - `crash`: the `evident` command killed mid-write 200 times: nothing
//!   reported saved is lost, the database stays sound.
//! - `properties`: every parser and the spreadsheet reader over random
//!   input: a value or a typed error, never a panic, nothing partial.
//! - `reliability`: never lose a record: each defect a fault probe found,
//!   by number, and the crash, concurrency and damage tests (issue 12).
//! - `history`: every change listed, and an edit, addition or deletion
//!   undone.
//! - `sync`: several laptops: each merge rule, refused files, and random
//!   writes on three laptops swapped in random orders ending equal.
//! - `first_quarter`: what a new volunteer's first quarter needs of the
//!   core: money saved together, no register in the future, the return
//!   being worked on, people and registers named in words.
//! - `demo`: the demo keeps to the school calendar and writes its returns as
//!   a coordinator would.

mod support;

mod api;
mod attacker;
mod backups;
mod cli;
mod consented;
mod crash;
mod demo;
mod desk;
mod disks;
mod first_quarter;
mod funder_form;
mod history;
mod import;
mod lock;
mod measures;
mod migrations;
mod pack;
mod payments;
mod privacy;
mod properties;
mod records;
mod register_grid;
mod reliability;
mod sync;
